//! What labour's use cases share: the outcome of an import, and the
//! records as the store keeps them (lists `;`-joined, codes as text),
//! checked again on the way back.

use corredor_ingest::Position;
use corredor_labour::isco;
use corredor_labour::language::Language;
use corredor_labour::records::{Occupations, Origins, Pathway, Vacancy, Worker};
use corredor_labour::{Problem, ProblemKind};
use corredor_store::labour::{PathwayRow, VacancyRow, WorkerRow};
use serde::Serialize;

use crate::{Error, Result};

/// An import's outcome: rows added, and rows given again unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Imported {
    pub new: usize,
    pub unchanged: usize,
}

/// Why an import wrote nothing: the file's problems, each at its line and
/// column, or a refusal of the whole request.
#[derive(Debug)]
pub enum ImportError {
    Problems(Vec<Problem>),
    Refused(Error),
}

impl<E: Into<Error>> From<E> for ImportError {
    fn from(e: E) -> ImportError {
        ImportError::Refused(e.into())
    }
}

/// `outcome`, a file's refusal audited as `action` on its own (who tried
/// to write what, by its count of problems: the rows are not kept, they
/// may be about people).
pub(super) fn refusal_audited(
    store: &mut dyn corredor_store::Store,
    actor: &crate::auth::Actor,
    action: &str,
    file: &str,
    outcome: std::result::Result<Imported, ImportError>,
) -> std::result::Result<Imported, ImportError> {
    if let Err(ImportError::Problems(problems)) = &outcome {
        crate::audit::record(
            store,
            actor,
            action,
            file,
            &corredor_model::problem::count_of_problems(problems.len()),
        )?;
    }
    outcome
}

/// A problem found after reading, at a cell the reader located.
pub(super) fn problem(at: &Position, message: String) -> Problem {
    Problem {
        at: at.clone(),
        kind: ProblemKind::Unreadable(message),
    }
}

pub(super) fn joined<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(";")
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

fn stored(what: &str, text: &str) -> Error {
    Error::Internal(format!("a stored {what} does not read back: {text:?}"))
}

fn units(text: &str) -> Result<Vec<isco::Code>> {
    items(text)
        .map(|c| isco::unit(c).map_err(|_| stored("ISCO-08 unit group", c)))
        .collect()
}

fn groups(text: &str) -> Result<Occupations> {
    if text == "*" {
        return Ok(Occupations::Any);
    }
    Ok(Occupations::Within(
        items(text)
            .map(|c| isco::group(c).map_err(|_| stored("ISCO-08 group", c)))
            .collect::<Result<_>>()?,
    ))
}

fn languages(text: &str) -> Result<Vec<Language>> {
    items(text)
        .map(|l| Language::parse(l).ok_or_else(|| stored("language", l)))
        .collect()
}

fn list(text: &str) -> Vec<String> {
    items(text).map(str::to_string).collect()
}

pub(super) fn pathway_row(p: &Pathway) -> PathwayRow {
    PathwayRow {
        id: p.id.clone(),
        name: p.name.clone(),
        origins: match &p.origins {
            Origins::Any => "*".into(),
            Origins::Only(codes) => codes.join(";"),
        },
        residences: p.residences.as_ref().map(|r| r.join(";")),
        destination: p.destination.clone(),
        occupations: match &p.occupations {
            Occupations::Any => "*".into(),
            Occupations::Within(g) => joined(g),
        },
        quota: p.quota.map(|q| i64::try_from(q).unwrap_or(i64::MAX)),
        start: p.start,
        end: p.end,
        languages: joined(&p.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>()),
        min_experience: p.min_experience,
        source: p.source.clone(),
    }
}

pub(super) fn to_pathway(r: PathwayRow) -> Result<Pathway> {
    Ok(Pathway {
        origins: if r.origins == "*" {
            Origins::Any
        } else {
            Origins::Only(list(&r.origins))
        },
        residences: r.residences.as_deref().map(list),
        occupations: groups(&r.occupations)?,
        quota: r.quota.map(|q| q.max(0) as u64),
        languages: languages(&r.languages)?,
        id: r.id,
        name: r.name,
        destination: r.destination,
        start: r.start,
        end: r.end,
        min_experience: r.min_experience,
        source: r.source,
    })
}

pub(super) fn worker_row(w: &Worker, by: &str, at: &str) -> WorkerRow {
    WorkerRow {
        id: w.id.clone(),
        nationality: w.nationality.clone(),
        residence: w.residence.clone(),
        isco: joined(&w.isco),
        experience_years: w.experience_years,
        languages: joined(&w.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>()),
        skills: w.skills.join(";"),
        consent: w.consent,
        registered_by: by.into(),
        registered_at: at.into(),
    }
}

pub(super) fn to_worker(r: &WorkerRow) -> Result<Worker> {
    Ok(Worker {
        id: r.id.clone(),
        nationality: r.nationality.clone(),
        residence: r.residence.clone(),
        isco: units(&r.isco)?,
        experience_years: r.experience_years,
        languages: languages(&r.languages)?,
        skills: list(&r.skills),
        consent: r.consent,
    })
}

/// A worker of the register as a match run names it: each country of
/// residence gives its own ids, so the run names a worker by both
/// (`PAN/W-0001`; a residence is a code, which holds no `/`).
pub(super) fn run_name(residence: &str, id: &str) -> String {
    format!("{residence}/{id}")
}

/// The residence and id of a worker a run names ([`run_name`]).
pub(super) fn from_run_name(name: &str) -> Result<(&str, &str)> {
    name.split_once('/').ok_or_else(|| {
        Error::Internal(format!("a run named worker '{name}' without its residence"))
    })
}

/// The name an employer knows a worker by, drawn from the run's random
/// salt: it tells neither the worker's id nor the country that registered
/// them, and changes from run to run. (A run kept before runs had salts
/// draws it from the key alone.)
pub(super) fn handle(salt: Option<&str>, residence: &str, id: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [salt.unwrap_or(""), residence, id] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let digest = crate::pipeline::hex(&h.finalize());
    format!("cand-{}", &digest[..16])
}

pub(super) fn vacancy_row(v: &Vacancy, pathways: &[Pathway]) -> VacancyRow {
    VacancyRow {
        id: v.id.clone(),
        employer: v.employer.clone(),
        country: v.country.clone(),
        isco: v.isco.to_string(),
        places: i64::from(v.places),
        languages: joined(&v.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>()),
        min_experience: v.min_experience,
        skills: v.skills.join(";"),
        pathway: pathways[v.pathway].id.clone(),
        start: v.start,
        end: v.end,
    }
}

/// A stored vacancy, its pathway found among `pathways`.
pub(super) fn to_vacancy(r: &VacancyRow, pathways: &[Pathway]) -> Result<Vacancy> {
    Ok(Vacancy {
        id: r.id.clone(),
        employer: r.employer.clone(),
        country: r.country.clone(),
        isco: isco::unit(&r.isco).map_err(|_| stored("ISCO-08 unit group", &r.isco))?,
        places: u32::try_from(r.places).map_err(|_| stored("number of places", "…"))?,
        languages: languages(&r.languages)?,
        min_experience: r.min_experience,
        skills: list(&r.skills),
        pathway: pathways
            .iter()
            .position(|p| p.id == r.pathway)
            .ok_or_else(|| stored("vacancy's pathway", &r.pathway))?,
        start: r.start,
        end: r.end,
    })
}

//! The register: workers (personal data) and vacancies, imported all or
//! nothing, read by whom `corredor_labour::privacy::view` allows, each
//! read of a worker's record audited, and a worker deleted on request
//! with every outcome that names them.

use std::collections::HashSet;

use corredor_labour::privacy::{self, View};
use corredor_labour::records;
use corredor_model::{Actor, Role};
use corredor_store::labour as rows;
use corredor_store::Store;
use serde::Serialize;

use super::common::{handle, problem, run_name, vacancy_row, worker_row, ImportError, Imported};
use super::pathways::pathways;
use crate::auth::ActingFor;
use crate::{audit, clock, Error, Result};

/// A worker's record, as the secretariat and the country of residence
/// see it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WorkerRecord {
    /// Pseudonymous, the country of residence's own.
    pub id: String,
    pub nationality: String,
    pub residence: String,
    /// ISCO-08 unit groups.
    pub isco: Vec<String>,
    pub experience_years: f64,
    /// ISO 639-1
    pub languages: Vec<String>,
    pub skills: Vec<String>,
    pub consent: bool,
    /// The organisation that registered the worker.
    pub registered_by: String,
    pub registered_at: String,
}

/// What an employer sees of a worker the latest run placed in one of its
/// vacancies: no nationality, no residence.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Candidate {
    /// The handle the employer knows the worker by in this run: neither
    /// the worker's id nor a sign of the country that registered them.
    pub worker: String,
    pub isco: Vec<String>,
    pub experience_years: f64,
    pub languages: Vec<String>,
    pub skills: Vec<String>,
    pub vacancy: String,
    pub score: f64,
    pub why: String,
}

/// A vacancy: an employer's places in one occupation under one pathway.
/// Not personal data: public.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct VacancyItem {
    pub id: String,
    /// The employer organisation's code.
    pub employer: String,
    pub country: String,
    /// An ISCO-08 unit group.
    pub isco: String,
    pub places: u32,
    pub languages: Vec<String>,
    pub min_experience: f64,
    pub skills: Vec<String>,
    pub pathway: String,
    /// YYYY-MM-DD
    pub start: Option<String>,
    /// YYYY-MM-DD
    pub end: Option<String>,
}

fn split(text: &str) -> Vec<String> {
    text.split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn record(r: rows::WorkerRow) -> WorkerRecord {
    WorkerRecord {
        isco: split(&r.isco),
        languages: split(&r.languages),
        skills: split(&r.skills),
        id: r.id,
        nationality: r.nationality,
        residence: r.residence,
        experience_years: r.experience_years,
        consent: r.consent,
        registered_by: r.registered_by,
        registered_at: r.registered_at,
    }
}

/// Audits, in its own transaction, that `actor` read these workers'
/// records.
fn audit_read(store: &mut dyn Store, actor: &Actor, what: &str, ids: &[&str]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    corredor_store::transaction(store, |s| -> Result<()> {
        audit::record(s, actor, "labour.worker.read", what, &ids.join(";"))
    })
}

/// Registers the workers of a file (`id,nationality,residence,isco,
/// experience_years,languages,skills,consent`), all or nothing: the
/// secretariat, or the analysts of the country they reside in. Ids are
/// the country of residence's own: an id that country has registered
/// already is refused (delete the record first to register it again),
/// and another country's ids are neither in the way nor told of.
pub fn import_workers(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<Imported, ImportError> {
    let outcome = import_workers_once(store, actor, file, bytes);
    super::common::refusal_audited(store, actor, "labour.worker.refused", file, outcome)
}

fn import_workers_once(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<Imported, ImportError> {
    actor.require(&[Role::Secretariat, Role::Analyst], "registering workers")?;
    let mut problems = Vec::new();
    let read = records::read_workers_located(file, bytes, &mut problems);
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    corredor_store::transaction(store, |s| -> std::result::Result<Imported, ImportError> {
        let known: HashSet<(String, String)> = rows::worker_keys(s)?.into_iter().collect();
        let acting = ActingFor::of(s, actor)?;
        for l in &read {
            if let Some(refused) = acting
                .as_ref()
                .and_then(|a| not_in_that_name(a, &l.item.residence))
            {
                problems.push(problem(&l.country_at, refused));
                continue;
            }
            let may = privacy::may_register(actor, &l.item.residence);
            if !may {
                problems.push(problem(
                    &l.country_at,
                    format!(
                        "workers residing in {} are registered by that country or the secretariat, not by {}",
                        l.item.residence, actor.org
                    ),
                ));
            }
            let key = (l.item.residence.clone(), l.item.id.clone());
            if may && known.contains(&key) {
                problems.push(problem(
                    &l.id_at,
                    format!(
                        "worker id '{}' is registered in {} already: delete that record first to register it again",
                        l.item.id, l.item.residence
                    ),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(ImportError::Problems(problems));
        }
        let at = clock::now();
        for l in &read {
            rows::insert_worker(s, &worker_row(&l.item, &actor.org, &at))?;
        }
        audit::record(
            s,
            actor,
            "labour.worker.import",
            file,
            &format!("{} workers", read.len()),
        )?;
        Ok(Imported {
            new: read.len(),
            unchanged: 0,
        })
    })
}

/// Records the vacancies of a file (`id,employer,country,isco,places,
/// languages,min_experience,skills,pathway,start,end`), all or nothing:
/// the secretariat, or the analysts of the vacancies' country. The
/// employer is an organisation of the store; the pathway one shipped or
/// added. An id already in the store is refused.
pub fn import_vacancies(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<Imported, ImportError> {
    let outcome = import_vacancies_once(store, actor, file, bytes);
    super::common::refusal_audited(store, actor, "labour.vacancy.refused", file, outcome)
}

fn import_vacancies_once(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<Imported, ImportError> {
    actor.require(&[Role::Secretariat, Role::Analyst], "recording vacancies")?;
    corredor_store::transaction(store, |s| -> std::result::Result<Imported, ImportError> {
        let all = pathways(s)?;
        let mut problems = Vec::new();
        let read = records::read_vacancies_located(file, bytes, &all, &mut problems);
        let orgs: HashSet<String> = corredor_store::orgs::orgs(s)?
            .into_iter()
            .map(|o| o.code)
            .collect();
        let stored = rows::vacancies(s)?;
        let known: HashSet<&str> = stored.iter().map(|v| v.id.as_str()).collect();
        for l in &read {
            let v = &l.item;
            // An analyst speaks for the employers of its own country: one
            // whose vacancies are elsewhere is another country's (or, when
            // it hires in several, the secretariat's) to record for.
            if actor.role == Role::Analyst {
                if let Some(other) = stored
                    .iter()
                    .find(|o| o.employer == v.employer && o.country != v.country)
                {
                    let at = l.employer_at.as_ref().unwrap_or(&l.country_at);
                    problems.push(problem(
                        at,
                        format!(
                            "{}'s vacancies are in {}: a vacancy of an employer of another country is recorded by that country or the secretariat",
                            v.employer, other.country
                        ),
                    ));
                }
            }
            if !privacy::may_offer(actor, &v.country) {
                problems.push(problem(
                    &l.country_at,
                    format!(
                        "vacancies in {} are recorded by that country or the secretariat, not by {}",
                        v.country, actor.org
                    ),
                ));
            }
            if !orgs.contains(&v.employer) {
                if let Some(at) = &l.employer_at {
                    problems.push(problem(
                        at,
                        format!(
                            "no organisation '{}': the employer is an organisation's code (corredor org add)",
                            v.employer
                        ),
                    ));
                }
            }
            if known.contains(v.id.as_str()) {
                problems.push(problem(
                    &l.id_at,
                    format!("vacancy id '{}' is in the store already", v.id),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(ImportError::Problems(problems));
        }
        let at = clock::now();
        for l in &read {
            rows::insert_vacancy(s, &vacancy_row(&l.item, &all), &actor.org, &at)?;
        }
        audit::record(
            s,
            actor,
            "labour.vacancy.import",
            file,
            &format!("{} vacancies", read.len()),
        )?;
        Ok(Imported {
            new: read.len(),
            unchanged: 0,
        })
    })
}

/// Every vacancy, by id (public).
pub fn vacancies(store: &mut dyn Store) -> Result<Vec<VacancyItem>> {
    Ok(rows::vacancies(store)?
        .into_iter()
        .map(|v| VacancyItem {
            isco: v.isco,
            places: u32::try_from(v.places).unwrap_or(u32::MAX),
            languages: split(&v.languages),
            skills: split(&v.skills),
            start: v.start.map(|d| d.to_string()),
            end: v.end.map(|d| d.to_string()),
            id: v.id,
            employer: v.employer,
            country: v.country,
            min_experience: v.min_experience,
            pathway: v.pathway,
        })
        .collect())
}

/// The workers' records `actor` may see in full: all of them for the
/// secretariat, those residing in its country for an analyst. The read is
/// audited with every id it returned.
pub fn workers(store: &mut dyn Store, actor: &Actor) -> Result<Vec<WorkerRecord>> {
    actor.require(
        &[Role::Secretariat, Role::Analyst],
        "reading workers' records",
    )?;
    let found = match (&actor.role, &actor.country) {
        (Role::Operator | Role::Secretariat, _) => rows::workers(store)?,
        (Role::Analyst, Some(c)) => rows::workers_residing(store, c)?,
        _ => Vec::new(),
    };
    let names: Vec<String> = found
        .iter()
        .map(|w| run_name(&w.residence, &w.id))
        .collect();
    let ids: Vec<&str> = names.iter().map(String::as_str).collect();
    audit_read(store, actor, "workers", &ids)?;
    Ok(found.into_iter().map(record).collect())
}

/// The worker `id` a reader means: of `residence` when given, else of an
/// analyst's own country, else (the secretariat) of the one country that
/// has registered such an id.
fn find(
    store: &mut dyn Store,
    actor: &Actor,
    id: &str,
    residence: Option<&str>,
) -> Result<Option<rows::WorkerRow>> {
    let own = match actor.role {
        Role::Analyst => actor.country.as_deref(),
        _ => None,
    };
    if let Some(r) = residence.or(own) {
        return Ok(rows::worker(store, r, id)?);
    }
    let mut found = rows::workers_with_id(store, id)?;
    found.retain(|w| privacy::may_register(actor, &w.residence));
    if found.len() > 1 {
        let at: Vec<&str> = found.iter().map(|w| w.residence.as_str()).collect();
        return Err(Error::Invalid(format!(
            "workers residing in {} have the id '{id}': give the country of residence",
            at.join(", ")
        )));
    }
    Ok(found.pop())
}

/// One worker's record, for whoever may see it in full (`residence`
/// says which country's `id`; an analyst's own by default); or, for an
/// employer, the minimal profile of a worker the latest run placed with
/// it, by the handle it knows them by. Anyone else is told what they
/// would be told of a worker that does not exist. The read is audited.
pub fn worker(
    store: &mut dyn Store,
    actor: &Actor,
    id: &str,
    residence: Option<&str>,
) -> Result<WorkerView> {
    actor.require(
        &[Role::Secretariat, Role::Analyst, Role::Employer],
        "reading a worker's record",
    )?;
    let missing = || Error::NotFound(format!("no worker '{id}' you may see"));
    if actor.role == Role::Employer {
        let Some(run) = rows::latest_run(store)? else {
            return Err(missing());
        };
        let salt = run.salt.as_deref();
        let Some(c) = rows::candidates(store, run.id, &actor.org)?
            .into_iter()
            .find(|c| handle(salt, &c.residence, &c.worker) == id)
        else {
            return Err(missing());
        };
        let read = run_name(&c.residence, &c.worker);
        audit_read(store, actor, &format!("worker/{id}"), &[&read])?;
        return Ok(WorkerView::Minimal(MinimalProfile {
            id: id.to_string(),
            isco: split(&c.isco),
            experience_years: c.experience_years,
            languages: split(&c.languages),
            skills: split(&c.skills),
        }));
    }
    let Some(row) = find(store, actor, id, residence)? else {
        return Err(missing());
    };
    if privacy::view(actor, &row.residence, &[]) != View::Full {
        return Err(missing());
    }
    let read = run_name(&row.residence, &row.id);
    audit_read(store, actor, &format!("worker/{read}"), &[&read])?;
    Ok(WorkerView::Full(record(row)))
}

/// A worker's minimal profile, as an employer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct MinimalProfile {
    /// The employer's handle for the worker (as in its candidates).
    pub id: String,
    pub isco: Vec<String>,
    pub experience_years: f64,
    pub languages: Vec<String>,
    pub skills: Vec<String>,
}

/// A worker as one reader sees them.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[serde(untagged)]
pub enum WorkerView {
    Full(WorkerRecord),
    Minimal(MinimalProfile),
}

/// The candidates the latest run placed in the vacancies of `actor`, an
/// employer: their minimal profiles. The read is audited.
pub fn candidates(store: &mut dyn Store, actor: &Actor) -> Result<Vec<Candidate>> {
    actor.require(&[Role::Employer], "reading an employer's candidates")?;
    let Some(run) = rows::latest_run(store)? else {
        return Ok(Vec::new());
    };
    let found = rows::candidates(store, run.id, &actor.org)?;
    let names: Vec<String> = found
        .iter()
        .map(|c| run_name(&c.residence, &c.worker))
        .collect();
    let ids: Vec<&str> = names.iter().map(String::as_str).collect();
    audit_read(store, actor, "candidates", &ids)?;
    let salt = run.salt.as_deref();
    Ok(found
        .into_iter()
        .map(|c| Candidate {
            isco: split(&c.isco),
            languages: split(&c.languages),
            skills: split(&c.skills),
            worker: handle(salt, &c.residence, &c.worker),
            experience_years: c.experience_years,
            vacancy: c.vacancy,
            score: c.score,
            why: corredor_labour::matching::why_for_employer(&c.why),
        })
        .collect())
}

/// Deletes a worker's record on request, and every outcome of every run
/// that names them: the secretariat, or the country they reside in
/// (`residence` as for [`worker`]). The deletion is audited under the
/// pseudonymous id only.
pub fn delete_worker(
    store: &mut dyn Store,
    actor: &Actor,
    id: &str,
    residence: Option<&str>,
) -> Result<()> {
    actor.require(
        &[Role::Secretariat, Role::Analyst],
        "deleting a worker's record",
    )?;
    corredor_store::transaction(store, |s| -> Result<()> {
        let missing = || Error::NotFound(format!("no worker '{id}' you may see"));
        let row = find(s, actor, id, residence)?.ok_or_else(missing)?;
        if !privacy::may_register(actor, &row.residence) {
            return Err(missing());
        }
        if let Some(refused) =
            ActingFor::of(s, actor)?.and_then(|a| not_in_that_name(&a, &row.residence))
        {
            return Err(Error::Forbidden(refused));
        }
        let withdrawn = corredor_labour::matching::Unfilled::Withdrawn;
        rows::delete_worker(
            s,
            &row.residence,
            &row.id,
            (withdrawn.kind(), &withdrawn.to_string()),
        )?;
        audit::record(
            s,
            actor,
            "labour.worker.delete",
            &format!("worker/{}", run_name(&row.residence, &row.id)),
            "on request",
        )
    })
}

/// Why the operator may not register or delete the record of a worker
/// residing in `residence` in the name it acts in (see [`ActingFor`]).
fn not_in_that_name(acting: &ActingFor, residence: &str) -> Option<String> {
    acting.refusal(
        residence,
        "not a member state's agency",
        &format!("the records of workers residing in {residence} are registered and deleted"),
    )
}

//! Labour mobility's rows: pathways added to the shipped ones, workers
//! (personal data under pseudonymous ids), vacancies, and match runs with
//! each worker's outcome and each vacancy's empty places (V18). A worker
//! is keyed by its country of residence and that country's id (V21).
//!
//! Lists are stored `;`-separated and codes as their text; their types
//! belong to `corredor-labour`, which the store does not depend on. Who
//! may read or delete a worker is the use cases' rule: the statements
//! here only narrow what they select (an employer's candidates are read
//! without nationality), and deleting a worker deletes its
//! row and every outcome that names it, never a flag.

use chrono::NaiveDate;

use crate::followup::rows::{opt_date, returned_id};
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq)]
pub struct PathwayRow {
    pub id: String,
    pub name: String,
    /// `*` or ISO 3166-1 alpha-3 codes.
    pub origins: String,
    pub residences: Option<String>,
    pub destination: String,
    /// `*` or ISCO-08 groups.
    pub occupations: String,
    pub quota: Option<i64>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub languages: String,
    pub min_experience: f64,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkerRow {
    pub id: String,
    pub nationality: String,
    pub residence: String,
    pub isco: String,
    pub experience_years: f64,
    pub languages: String,
    pub skills: String,
    pub consent: bool,
    /// The organisation that registered the worker.
    pub registered_by: String,
    pub registered_at: String,
}

/// What an employer sees of a candidate matched to one of its vacancies:
/// no nationality, nothing of who registered them. The residence and id
/// are the worker's key, from which the use case draws the employer's
/// handle; neither is shown to the employer.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub residence: String,
    pub worker: String,
    pub isco: String,
    pub experience_years: f64,
    pub languages: String,
    pub skills: String,
    pub vacancy: String,
    pub score: f64,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VacancyRow {
    pub id: String,
    /// An organisation's code.
    pub employer: String,
    pub country: String,
    pub isco: String,
    pub places: i64,
    pub languages: String,
    pub min_experience: f64,
    pub skills: String,
    pub pathway: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RunRow {
    pub id: i64,
    pub ran_at: String,
    pub ran_by: String,
    pub objective: f64,
    pub bound: f64,
    pub gap: f64,
    pub optimal: bool,
    pub finished: bool,
    /// Random, drawn for the run: employers' handles for the workers it
    /// placed with them are drawn from it. `None` for runs kept before.
    pub salt: Option<String>,
}

/// One worker's outcome in a run: a vacancy with its score, or none. The
/// worker is `worker` of the country `residence`.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeRow {
    pub residence: String,
    pub worker: String,
    pub vacancy: Option<String>,
    pub score: Option<f64>,
    /// `matched`, or the reason's kind.
    pub reason_kind: String,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnfilledRow {
    pub vacancy: String,
    pub places: i64,
    pub reason_kind: String,
    pub why: String,
}

const PATHWAYS: &str = "SELECT id, name, origins, residences, destination, occupations, quota, \
     start_date, end_date, languages, min_experience, source FROM labour_pathway ORDER BY id";
const INSERT_PATHWAY: &str = "INSERT INTO labour_pathway (id, name, origins, residences, \
     destination, occupations, quota, start_date, end_date, languages, min_experience, source, \
     recorded_by, recorded_at) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";

const WORKERS: &str = "SELECT id, nationality, residence, isco, experience_years, \
     languages, skills, consent, registered_by, registered_at FROM labour_worker \
     ORDER BY residence, id";
const WORKERS_RESIDING: &str = "SELECT id, nationality, residence, isco, experience_years, \
     languages, skills, consent, registered_by, registered_at FROM labour_worker \
     WHERE residence = {p} ORDER BY id";
const WORKER: &str = "SELECT id, nationality, residence, isco, experience_years, \
     languages, skills, consent, registered_by, registered_at FROM labour_worker \
     WHERE residence = {p} AND id = {p}";
const WORKERS_WITH_ID: &str = "SELECT id, nationality, residence, isco, experience_years, \
     languages, skills, consent, registered_by, registered_at FROM labour_worker \
     WHERE id = {p} ORDER BY residence";
const WORKER_KEYS: &str = "SELECT residence, id FROM labour_worker";
const NATIONALITIES: &str = "SELECT nationality, COUNT(*) AS n FROM labour_worker \
     GROUP BY nationality ORDER BY nationality";
const INSERT_WORKER: &str = "INSERT INTO labour_worker (id, nationality, residence, isco, \
     experience_years, languages, skills, consent, registered_by, registered_at) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";
const DELETE_OUTCOMES: &str = "DELETE FROM labour_outcome WHERE residence = {p} AND worker = {p}";
/// The runs that matched a worker, where and at what score.
const MATCHED_IN_RUNS: &str = "SELECT run, vacancy, score FROM labour_outcome \
     WHERE residence = {p} AND worker = {p} AND vacancy IS NOT NULL ORDER BY run";
/// A run's objective without one matched worker's score, its gap with it,
/// and no longer proven optimal for the workers it still holds.
const WITHOUT_SCORE: &str = "UPDATE labour_run SET objective = objective - {p}, \
     gap = CASE WHEN bound > 0 THEN (bound - objective + {p}) / bound ELSE gap END, optimal = 0 \
     WHERE id = {p}";
/// The place a deleted worker held at a vacancy, empty in the run: its
/// reason is the deletion (the one before counted the worker).
const PLACE_WITHDRAWN: &str =
    "INSERT INTO labour_unfilled (run, vacancy, places, reason_kind, why) \
     VALUES ({p}, {p}, 1, {p}, {p}) ON CONFLICT (run, vacancy) DO UPDATE SET \
     places = labour_unfilled.places + 1, reason_kind = excluded.reason_kind, why = excluded.why";
const DELETE_WORKER: &str = "DELETE FROM labour_worker WHERE residence = {p} AND id = {p}";

const VACANCIES: &str = "SELECT id, employer, country, isco, places, languages, \
     min_experience, skills, pathway, start_date, end_date FROM labour_vacancy ORDER BY id";
const INSERT_VACANCY: &str = "INSERT INTO labour_vacancy (id, employer, country, isco, places, \
     languages, min_experience, skills, pathway, start_date, end_date, recorded_by, recorded_at) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";

const INSERT_RUN: &str = "INSERT INTO labour_run (ran_at, ran_by, objective, bound, gap, \
     optimal, finished, salt) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";
const LATEST_RUN: &str = "SELECT id, ran_at, ran_by, objective, bound, gap, optimal, finished, \
     salt FROM labour_run ORDER BY id DESC LIMIT 1";
const INSERT_OUTCOME: &str = "INSERT INTO labour_outcome (run, residence, worker, vacancy, \
     score, reason_kind, why) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})";
const OUTCOMES: &str = "SELECT residence, worker, vacancy, score, reason_kind, why \
     FROM labour_outcome WHERE run = {p} ORDER BY residence, worker";
const INSERT_UNFILLED: &str = "INSERT INTO labour_unfilled (run, vacancy, places, reason_kind, \
     why) VALUES ({p}, {p}, {p}, {p}, {p})";
const UNFILLED: &str = "SELECT vacancy, places, reason_kind, why FROM labour_unfilled \
     WHERE run = {p} ORDER BY vacancy";
const CANDIDATES: &str = "SELECT w.residence, w.id AS worker, w.isco, w.experience_years, \
     w.languages, w.skills, o.vacancy, o.score, o.why FROM labour_outcome o \
     JOIN labour_vacancy v ON v.id = o.vacancy \
     JOIN labour_worker w ON w.residence = o.residence AND w.id = o.worker \
     WHERE o.run = {p} AND v.employer = {p} ORDER BY o.vacancy, w.residence, w.id";

/// One ISCO-08 major group's share of a country's classified employed.
#[derive(Debug, Clone, PartialEq)]
pub struct MixRow {
    pub country: String,
    pub year: i64,
    pub isco_major: String,
    pub foreign_born: f64,
    pub native_born: f64,
    pub source: String,
}

const DELETE_MIX: &str = "DELETE FROM labour_mix";
const INSERT_MIX: &str = "INSERT INTO labour_mix (country, year, isco_major, foreign_born, \
     native_born, source) VALUES ({p}, {p}, {p}, {p}, {p}, {p})";
const MIX: &str = "SELECT country, year, isco_major, foreign_born, native_born, source \
     FROM labour_mix ORDER BY country, isco_major";

/// What the public summary is drawn from, as one text that changes
/// whenever it does: a worker registered or deleted, a vacancy or pathway
/// recorded, a run kept (each is added or deleted, never changed in place).
const VERSION: &str = "SELECT (SELECT COUNT(*) FROM labour_worker) AS workers, \
     (SELECT MAX(registered_at) FROM labour_worker) AS registered, \
     (SELECT COUNT(*) FROM labour_vacancy) AS vacancies, \
     (SELECT MAX(recorded_at) FROM labour_vacancy) AS recorded, \
     (SELECT COUNT(*) FROM labour_pathway) AS pathways, \
     (SELECT MAX(id) FROM labour_run) AS run";

pub(crate) const STATEMENTS: &[&str] = &[
    VERSION,
    DELETE_MIX,
    INSERT_MIX,
    MIX,
    PATHWAYS,
    INSERT_PATHWAY,
    WORKERS,
    WORKERS_RESIDING,
    WORKER,
    WORKERS_WITH_ID,
    WORKER_KEYS,
    NATIONALITIES,
    INSERT_WORKER,
    DELETE_OUTCOMES,
    MATCHED_IN_RUNS,
    WITHOUT_SCORE,
    PLACE_WITHDRAWN,
    DELETE_WORKER,
    VACANCIES,
    INSERT_VACANCY,
    INSERT_RUN,
    LATEST_RUN,
    INSERT_OUTCOME,
    OUTCOMES,
    INSERT_UNFILLED,
    UNFILLED,
    CANDIDATES,
];

/// The register's and runs' version (`VERSION`): equal texts, equal
/// summaries.
pub fn version(store: &mut dyn Store) -> Result<String> {
    let rows = store.query(VERSION, &[])?;
    let r = rows
        .first()
        .ok_or_else(|| crate::StoreError::Invalid("no labour version".into()))?;
    Ok(format!(
        "{}/{}/{}/{}/{}/{}",
        r.int("workers")?,
        r.opt_text("registered")?.unwrap_or_default(),
        r.int("vacancies")?,
        r.opt_text("recorded")?.unwrap_or_default(),
        r.int("pathways")?,
        r.opt_int("run")?.unwrap_or(0)
    ))
}

/// Every pathway added to the shipped ones, by id.
pub fn pathways(store: &mut dyn Store) -> Result<Vec<PathwayRow>> {
    store
        .query(PATHWAYS, &[])?
        .iter()
        .map(|r| {
            Ok(PathwayRow {
                id: r.text("id")?,
                name: r.text("name")?,
                origins: r.text("origins")?,
                residences: r.opt_text("residences")?,
                destination: r.text("destination")?,
                occupations: r.text("occupations")?,
                quota: r.opt_int("quota")?,
                start: opt_date(r, "start_date")?,
                end: opt_date(r, "end_date")?,
                languages: r.text("languages")?,
                min_experience: r.real("min_experience")?,
                source: r.text("source")?,
            })
        })
        .collect()
}

pub fn insert_pathway(store: &mut dyn Store, p: &PathwayRow, by: &str, at: &str) -> Result<()> {
    store.execute(
        INSERT_PATHWAY,
        &[
            p.id.as_str().into(),
            p.name.as_str().into(),
            p.origins.as_str().into(),
            p.residences.clone().into(),
            p.destination.as_str().into(),
            p.occupations.as_str().into(),
            p.quota.into(),
            p.start.map(|d| d.to_string()).into(),
            p.end.map(|d| d.to_string()).into(),
            p.languages.as_str().into(),
            p.min_experience.into(),
            p.source.as_str().into(),
            by.into(),
            at.into(),
        ],
    )?;
    Ok(())
}

fn worker_row(r: &crate::sql::Row) -> Result<WorkerRow> {
    Ok(WorkerRow {
        id: r.text("id")?,
        nationality: r.text("nationality")?,
        residence: r.text("residence")?,
        isco: r.text("isco")?,
        experience_years: r.real("experience_years")?,
        languages: r.text("languages")?,
        skills: r.text("skills")?,
        consent: r.int("consent")? != 0,
        registered_by: r.text("registered_by")?,
        registered_at: r.text("registered_at")?,
    })
}

/// Every worker, by residence and id.
pub fn workers(store: &mut dyn Store) -> Result<Vec<WorkerRow>> {
    store.query(WORKERS, &[])?.iter().map(worker_row).collect()
}

/// The workers residing in `country`, by id.
pub fn workers_residing(store: &mut dyn Store, country: &str) -> Result<Vec<WorkerRow>> {
    store
        .query(WORKERS_RESIDING, &[country.into()])?
        .iter()
        .map(worker_row)
        .collect()
}

/// The worker `id` of the country `residence`.
pub fn worker(store: &mut dyn Store, residence: &str, id: &str) -> Result<Option<WorkerRow>> {
    store
        .query(WORKER, &[residence.into(), id.into()])?
        .first()
        .map(worker_row)
        .transpose()
}

/// The workers of any country with id `id` (each country gives its own
/// ids), by residence.
pub fn workers_with_id(store: &mut dyn Store, id: &str) -> Result<Vec<WorkerRow>> {
    store
        .query(WORKERS_WITH_ID, &[id.into()])?
        .iter()
        .map(worker_row)
        .collect()
}

/// Every worker stored, as (residence, id).
pub fn worker_keys(store: &mut dyn Store) -> Result<Vec<(String, String)>> {
    store
        .query(WORKER_KEYS, &[])?
        .iter()
        .map(|r| Ok((r.text("residence")?, r.text("id")?)))
        .collect()
}

/// How many workers of each nationality are stored.
pub fn nationalities(store: &mut dyn Store) -> Result<Vec<(String, u64)>> {
    store
        .query(NATIONALITIES, &[])?
        .iter()
        .map(|r| Ok((r.text("nationality")?, r.int("n")?.max(0) as u64)))
        .collect()
}

pub fn insert_worker(store: &mut dyn Store, w: &WorkerRow) -> Result<()> {
    store.execute(
        INSERT_WORKER,
        &[
            w.id.as_str().into(),
            w.nationality.as_str().into(),
            w.residence.as_str().into(),
            w.isco.as_str().into(),
            w.experience_years.into(),
            w.languages.as_str().into(),
            w.skills.as_str().into(),
            i64::from(w.consent).into(),
            w.registered_by.as_str().into(),
            w.registered_at.as_str().into(),
        ],
    )?;
    Ok(())
}

/// Deletes a worker's row and every run's outcome that names it; `false`
/// when there was no such worker. A run that had matched the worker no
/// longer counts them: its objective loses their score, and the place
/// they held is empty, its reason `withdrawn` (saying `why`).
pub fn delete_worker(
    store: &mut dyn Store,
    residence: &str,
    id: &str,
    withdrawn: (&str, &str),
) -> Result<bool> {
    let matched = store.query(MATCHED_IN_RUNS, &[residence.into(), id.into()])?;
    for r in &matched {
        let (run, vacancy, score) = (r.int("run")?, r.text("vacancy")?, r.real("score")?);
        store.execute(WITHOUT_SCORE, &[score.into(), score.into(), run.into()])?;
        store.execute(
            PLACE_WITHDRAWN,
            &[
                run.into(),
                vacancy.into(),
                withdrawn.0.into(),
                withdrawn.1.into(),
            ],
        )?;
    }
    store.execute(DELETE_OUTCOMES, &[residence.into(), id.into()])?;
    Ok(store.execute(DELETE_WORKER, &[residence.into(), id.into()])? > 0)
}

/// Every vacancy, by id.
pub fn vacancies(store: &mut dyn Store) -> Result<Vec<VacancyRow>> {
    store
        .query(VACANCIES, &[])?
        .iter()
        .map(|r| {
            Ok(VacancyRow {
                id: r.text("id")?,
                employer: r.text("employer")?,
                country: r.text("country")?,
                isco: r.text("isco")?,
                places: r.int("places")?,
                languages: r.text("languages")?,
                min_experience: r.real("min_experience")?,
                skills: r.text("skills")?,
                pathway: r.text("pathway")?,
                start: opt_date(r, "start_date")?,
                end: opt_date(r, "end_date")?,
            })
        })
        .collect()
}

pub fn insert_vacancy(store: &mut dyn Store, v: &VacancyRow, by: &str, at: &str) -> Result<()> {
    store.execute(
        INSERT_VACANCY,
        &[
            v.id.as_str().into(),
            v.employer.as_str().into(),
            v.country.as_str().into(),
            v.isco.as_str().into(),
            v.places.into(),
            v.languages.as_str().into(),
            v.min_experience.into(),
            v.skills.as_str().into(),
            v.pathway.as_str().into(),
            v.start.map(|d| d.to_string()).into(),
            v.end.map(|d| d.to_string()).into(),
            by.into(),
            at.into(),
        ],
    )?;
    Ok(())
}

/// Records a run (its `id` is ignored) and returns its id.
pub fn insert_run(store: &mut dyn Store, r: &RunRow) -> Result<i64> {
    let rows = store.query(
        INSERT_RUN,
        &[
            r.ran_at.as_str().into(),
            r.ran_by.as_str().into(),
            r.objective.into(),
            r.bound.into(),
            r.gap.into(),
            i64::from(r.optimal).into(),
            i64::from(r.finished).into(),
            r.salt.clone().into(),
        ],
    )?;
    returned_id(&rows, "match run")
}

/// The newest run, if any.
pub fn latest_run(store: &mut dyn Store) -> Result<Option<RunRow>> {
    store
        .query(LATEST_RUN, &[])?
        .first()
        .map(|r| {
            Ok(RunRow {
                id: r.int("id")?,
                ran_at: r.text("ran_at")?,
                ran_by: r.text("ran_by")?,
                objective: r.real("objective")?,
                bound: r.real("bound")?,
                gap: r.real("gap")?,
                optimal: r.int("optimal")? != 0,
                finished: r.int("finished")? != 0,
                salt: r.opt_text("salt")?,
            })
        })
        .transpose()
}

pub fn insert_outcome(store: &mut dyn Store, run: i64, o: &OutcomeRow) -> Result<()> {
    store.execute(
        INSERT_OUTCOME,
        &[
            run.into(),
            o.residence.as_str().into(),
            o.worker.as_str().into(),
            o.vacancy.clone().into(),
            o.score.into(),
            o.reason_kind.as_str().into(),
            o.why.as_str().into(),
        ],
    )?;
    Ok(())
}

/// A run's outcomes, by worker (a deleted worker's are gone).
pub fn outcomes(store: &mut dyn Store, run: i64) -> Result<Vec<OutcomeRow>> {
    store
        .query(OUTCOMES, &[run.into()])?
        .iter()
        .map(|r| {
            Ok(OutcomeRow {
                residence: r.text("residence")?,
                worker: r.text("worker")?,
                vacancy: r.opt_text("vacancy")?,
                score: r.opt_real("score")?,
                reason_kind: r.text("reason_kind")?,
                why: r.text("why")?,
            })
        })
        .collect()
}

pub fn insert_unfilled(store: &mut dyn Store, run: i64, u: &UnfilledRow) -> Result<()> {
    store.execute(
        INSERT_UNFILLED,
        &[
            run.into(),
            u.vacancy.as_str().into(),
            u.places.into(),
            u.reason_kind.as_str().into(),
            u.why.as_str().into(),
        ],
    )?;
    Ok(())
}

/// A run's vacancies with places left empty, by vacancy.
pub fn unfilled(store: &mut dyn Store, run: i64) -> Result<Vec<UnfilledRow>> {
    store
        .query(UNFILLED, &[run.into()])?
        .iter()
        .map(|r| {
            Ok(UnfilledRow {
                vacancy: r.text("vacancy")?,
                places: r.int("places")?,
                reason_kind: r.text("reason_kind")?,
                why: r.text("why")?,
            })
        })
        .collect()
}

/// The candidates a run matched to `employer`'s vacancies, as little of
/// each as the employer needs.
pub fn candidates(store: &mut dyn Store, run: i64, employer: &str) -> Result<Vec<CandidateRow>> {
    store
        .query(CANDIDATES, &[run.into(), employer.into()])?
        .iter()
        .map(|r| {
            Ok(CandidateRow {
                residence: r.text("residence")?,
                worker: r.text("worker")?,
                isco: r.text("isco")?,
                experience_years: r.real("experience_years")?,
                languages: r.text("languages")?,
                skills: r.text("skills")?,
                vacancy: r.text("vacancy")?,
                score: r.real("score")?,
                why: r.text("why")?,
            })
        })
        .collect()
}

/// Replaces every country's occupational mix with `rows`.
pub fn replace_mix(store: &mut dyn Store, rows: &[MixRow]) -> Result<()> {
    store.execute(DELETE_MIX, &[])?;
    for r in rows {
        store.execute(
            INSERT_MIX,
            &[
                r.country.as_str().into(),
                r.year.into(),
                r.isco_major.as_str().into(),
                r.foreign_born.into(),
                r.native_born.into(),
                r.source.as_str().into(),
            ],
        )?;
    }
    Ok(())
}

/// Every country's occupational mix, by country then major group.
pub fn mix(store: &mut dyn Store) -> Result<Vec<MixRow>> {
    store
        .query(MIX, &[])?
        .iter()
        .map(|r| {
            Ok(MixRow {
                country: r.text("country")?,
                year: r.int("year")?,
                isco_major: r.text("isco_major")?,
                foreign_born: r.real("foreign_born")?,
                native_born: r.real("native_born")?,
                source: r.text("source")?,
            })
        })
        .collect()
}

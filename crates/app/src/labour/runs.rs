//! Match runs over the register: solved within a time limit, kept with
//! every worker's outcome and every vacancy's empty places, read back by
//! each reader as far as `corredor_labour::privacy` allows, and published
//! only in aggregate (`corredor_labour::public`).

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use corredor_labour::market::Market;
use corredor_labour::matching::{self, LeftKind, MatchError, Outcome};
use corredor_labour::privacy::{self, View};
use corredor_labour::public::{self, Placed, Summary};
use corredor_model::{Actor, Role};
use corredor_store::labour::{self as rows, OutcomeRow, RunRow, UnfilledRow};
use corredor_store::Store;
use serde::Serialize;

use super::common::{from_run_name, handle, run_name, to_vacancy, to_worker};
use super::pathways::pathways;
use crate::{audit, clock, Error, Result};

/// The shares of the time limit by which the exact flow, then (when the
/// flow did not finish) the fallback bound's subgradient steps must stop,
/// leaving the rest to the improvement to optimality
/// (`corredor_labour::matching::solve`). Every instance in BENCHMARKS.md
/// finishes the flow well before its share.
const FLOW_SHARE: f64 = 0.75;
const BOUND_SHARE: f64 = 0.875;

/// The best matching of `market` found by `started` + `limit` seconds.
pub fn solve_within(
    market: &Market,
    started: Instant,
    limit: f64,
) -> std::result::Result<Outcome, MatchError> {
    // A day at most: a deadline past what an `Instant` can hold would
    // overflow, and no caller waits longer.
    let limit = if limit.is_nan() {
        0.0
    } else {
        limit.clamp(0.0, 86_400.0)
    };
    let at = |share: f64| {
        started
            .checked_add(Duration::from_secs_f64(limit * share))
            .unwrap_or(started)
    };
    let (flow, bound, deadline) = (at(FLOW_SHARE), at(BOUND_SHARE), at(1.0));
    matching::solve(
        market,
        &matching::Stops {
            flow: &|| Instant::now() >= flow,
            bound: &|| Instant::now() >= bound,
            search: &|| Instant::now() >= deadline,
        },
    )
}

/// The register as a market: every pathway, worker and vacancy stored,
/// each worker named by its residence and id ([`run_name`]).
fn market(store: &mut dyn Store) -> Result<Market> {
    let pathways = pathways(store)?;
    let workers = rows::workers(store)?
        .iter()
        .map(|r| {
            let mut w = to_worker(r)?;
            w.id = run_name(&r.residence, &r.id);
            Ok(w)
        })
        .collect::<Result<Vec<_>>>()?;
    let vacancies = rows::vacancies(store)?
        .iter()
        .map(|v| to_vacancy(v, &pathways))
        .collect::<Result<Vec<_>>>()?;
    Ok(Market {
        pathways,
        workers,
        vacancies,
        given: None,
    })
}

/// A run just made: its id, and the outcome as `corredor labour match
/// --json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Ran {
    pub run: i64,
    pub workers: usize,
    pub vacancies: usize,
    pub places: u64,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// Matches the register's workers to its vacancies within `limit`
/// seconds (the secretariat), and keeps the run: each worker's outcome,
/// each vacancy's empty places, audited in the same transaction.
pub fn match_stored(store: &mut dyn Store, actor: &Actor, limit: f64) -> Result<Ran> {
    actor.require(&[Role::Secretariat], "running a match")?;
    let started = Instant::now();
    let market = market(store)?;
    let outcome = solve_within(&market, started, limit).map_err(|e| match e {
        MatchError::TooLarge => Error::Invalid(e.to_string()),
        MatchError::Infeasible => Error::Internal(e.to_string()),
    })?;
    let run = corredor_store::transaction(store, |s| -> Result<i64> {
        // A worker deleted while the run was solved must not come back in
        // its outcomes: checked here, in the transaction that writes them
        // (and held by the outcomes' key to the register).
        let registered: HashSet<String> = rows::worker_keys(s)?
            .iter()
            .map(|(residence, id)| run_name(residence, id))
            .collect();
        if market.workers.iter().any(|w| !registered.contains(&w.id)) {
            return Err(Error::Conflict(
                "workers were deleted from the register while the match was made: run it again"
                    .into(),
            ));
        }
        let o = &outcome;
        let run = rows::insert_run(
            s,
            &RunRow {
                id: 0,
                ran_at: clock::now(),
                ran_by: actor.org.clone(),
                objective: o.objective,
                bound: o.bound,
                gap: o.gap,
                optimal: o.optimal,
                finished: o.finished,
                salt: Some(salt()?),
            },
        )?;
        for m in &o.matches {
            let (residence, worker) = from_run_name(&m.worker)?;
            rows::insert_outcome(
                s,
                run,
                &OutcomeRow {
                    residence: residence.into(),
                    worker: worker.into(),
                    vacancy: Some(m.vacancy.clone()),
                    score: Some(m.score),
                    reason_kind: MATCHED.into(),
                    why: m.why.clone(),
                },
            )?;
        }
        for u in &o.unmatched_workers {
            let (residence, worker) = from_run_name(&u.worker)?;
            rows::insert_outcome(
                s,
                run,
                &OutcomeRow {
                    residence: residence.into(),
                    worker: worker.into(),
                    vacancy: None,
                    score: None,
                    reason_kind: u.kind.into(),
                    why: u.reason.clone(),
                },
            )?;
        }
        for u in &o.unfilled {
            rows::insert_unfilled(
                s,
                run,
                &UnfilledRow {
                    vacancy: u.vacancy.clone(),
                    places: i64::from(u.places),
                    reason_kind: u.kind.into(),
                    why: u.reason.clone(),
                },
            )?;
        }
        audit::record(
            s,
            actor,
            "labour.match",
            &format!("labour/run/{run}"),
            &format!(
                "{} matched, {} unmatched; objective {:.2}, bound {:.2}",
                o.matches.len(),
                o.unmatched_workers.len(),
                o.objective,
                o.bound
            ),
        )?;
        // The outcome goes back to the secretariat whole: a read of every
        // record in it.
        let ids: Vec<&str> = o
            .matches
            .iter()
            .map(|m| m.worker.as_str())
            .chain(o.unmatched_workers.iter().map(|u| u.worker.as_str()))
            .collect();
        if !ids.is_empty() {
            audit::record(
                s,
                actor,
                "labour.worker.read",
                &format!("labour/run/{run}"),
                &ids.join(";"),
            )?;
        }
        Ok(run)
    })?;
    Ok(Ran {
        run,
        workers: market.workers.len(),
        vacancies: market.vacancies.len(),
        places: market.vacancies.iter().map(|v| u64::from(v.places)).sum(),
        outcome,
    })
}

/// A run's random salt, from which employers' handles are drawn.
fn salt() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    Ok(crate::pipeline::hex(&bytes))
}

/// How a matched worker's outcome is stored.
const MATCHED: &str = "matched";

/// One worker's outcome in a run, for a reader who may see the worker.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct WorkerOutcome {
    /// The worker's id; for an employer, its handle for the worker.
    pub worker: String,
    /// The country that registered the worker (left out for an employer).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub residence: Option<String>,
    /// `null` when unmatched.
    pub vacancy: Option<String>,
    pub score: Option<f64>,
    /// `matched`, or why not: `no_consent`, `no_pathway`, `requirements`,
    /// `not_scored`, `quota_full`, `outbid`, `not_reached`.
    pub reason: String,
    pub why: String,
}

/// A vacancy's places a run left empty, and why.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct EmptyPlaces {
    pub vacancy: String,
    pub places: u32,
    pub reason: String,
    pub why: String,
}

/// The latest run as one reader sees it: its figures for anyone; the
/// outcomes of the workers whose records the reader may see in full (an
/// employer: its own matches, told without nationality); each vacancy's
/// empty places for the member states and the secretariat (an employer:
/// its own), since with the vacancy's public places they give the number
/// matched, which the public sees only in aggregate.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RunView {
    pub id: i64,
    pub ran_at: String,
    /// The matched workers' total score, and its proven bound: for the
    /// member states and the secretariat, `null` for others (each match
    /// scores 20 to 100, so the total bounds how many were matched, which
    /// the public sees only as protected).
    pub objective: Option<f64>,
    pub bound: Option<f64>,
    pub gap: f64,
    pub optimal: bool,
    pub finished: bool,
    pub workers: Vec<WorkerOutcome>,
    pub unfilled: Vec<EmptyPlaces>,
}

/// The latest run, or `None` before any. Outcomes shown are audited as
/// reads of those workers' records.
pub fn latest_run(store: &mut dyn Store, actor: &Actor) -> Result<Option<RunView>> {
    let Some(run) = rows::latest_run(store)? else {
        return Ok(None);
    };
    let employer_of: HashMap<String, String> = rows::vacancies(store)?
        .into_iter()
        .map(|v| (v.id, v.employer))
        .collect();
    let mut shown = Vec::new();
    let mut reads = Vec::new();
    for o in rows::outcomes(store, run.id)? {
        let employers: Vec<String> = o
            .vacancy
            .as_ref()
            .and_then(|v| employer_of.get(v).cloned())
            .into_iter()
            .collect();
        let read = run_name(&o.residence, &o.worker);
        let (worker, residence, why) = match privacy::view(actor, &o.residence, &employers) {
            View::Full => {
                let why = match actor.role {
                    Role::Operator | Role::Secretariat => o.why,
                    _ => matching::why_without_counts(&o.why),
                };
                (o.worker, Some(o.residence), why)
            }
            View::Minimal => (
                handle(run.salt.as_deref(), &o.residence, &o.worker),
                None,
                matching::why_for_employer(&o.why),
            ),
            View::Nothing => continue,
        };
        reads.push(read);
        shown.push(WorkerOutcome {
            worker,
            residence,
            vacancy: o.vacancy,
            score: o.score,
            reason: o.reason_kind,
            why,
        });
    }
    let ids: Vec<&str> = reads.iter().map(String::as_str).collect();
    if !ids.is_empty() {
        corredor_store::transaction(store, |s| -> Result<()> {
            audit::record(
                s,
                actor,
                "labour.worker.read",
                &format!("labour/run/{}", run.id),
                &ids.join(";"),
            )
        })?;
    }
    // A vacancy's empty places give its filled ones back (its places are
    // public): they are told to the member states and the secretariat,
    // to an employer for its own vacancies, and to nobody else.
    let sees_places = |vacancy: &str| match actor.role {
        Role::Operator | Role::Secretariat | Role::Analyst => true,
        Role::Employer => employer_of.get(vacancy) == Some(&actor.org),
        Role::Participant | Role::Observer | Role::Public => false,
    };
    let unfilled = rows::unfilled(store, run.id)?
        .into_iter()
        .filter(|u| sees_places(&u.vacancy))
        .map(|u| EmptyPlaces {
            // How many workers were eligible counts workers of every
            // country, a count the public summary withholds when small:
            // only the secretariat reads it.
            why: match actor.role {
                Role::Operator | Role::Secretariat => u.why,
                _ => matching::unfilled_without_counts(&u.reason_kind, &u.why),
            },
            vacancy: u.vacancy,
            places: u32::try_from(u.places).unwrap_or(u32::MAX),
            reason: u.reason_kind,
        })
        .collect();
    let sees_scores = matches!(
        actor.role,
        Role::Operator | Role::Secretariat | Role::Analyst
    );
    Ok(Some(RunView {
        id: run.id,
        ran_at: run.ran_at,
        objective: sees_scores.then_some(run.objective),
        bound: sees_scores.then_some(run.bound),
        gap: run.gap,
        optimal: run.optimal,
        finished: run.finished,
        workers: shown,
        unfilled,
    }))
}

/// A text that changes whenever [`summary`] would: a cache of summaries
/// keyed on it is never stale.
pub fn summary_version(store: &mut dyn Store) -> Result<String> {
    Ok(rows::version(store)?)
}

/// What anyone may know of the register and the latest run: aggregates,
/// counts of people under 5 withheld.
pub fn summary(store: &mut dyn Store) -> Result<Summary> {
    let pathways = pathways(store)?;
    let vacancy_rows = rows::vacancies(store)?;
    let vacancies = vacancy_rows
        .iter()
        .map(|v| to_vacancy(v, &pathways))
        .collect::<Result<Vec<_>>>()?;
    let at: HashMap<&str, usize> = vacancy_rows
        .iter()
        .enumerate()
        .map(|(k, v)| (v.id.as_str(), k))
        .collect();
    let run = match rows::latest_run(store)? {
        None => None,
        Some(r) => Some(
            rows::outcomes(store, r.id)?
                .iter()
                .filter_map(|o| match &o.vacancy {
                    Some(v) => at.get(v.as_str()).map(|&j| Placed::In(j)),
                    None => LeftKind::parse(&o.reason_kind).map(Placed::Left),
                })
                .collect::<Vec<_>>(),
        ),
    };
    Ok(public::summary(
        &rows::nationalities(store)?,
        &pathways,
        &vacancies,
        run.as_deref(),
    ))
}

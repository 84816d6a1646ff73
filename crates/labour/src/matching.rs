//! Matching: workers to vacancy places, each worker at most once, no
//! vacancy over its places, no pathway over its annual quota, only eligible
//! pairs, maximising the total score; then why each match was made and why
//! each worker and place was left.
//!
//! The constraint matrix (workers, vacancies, pathways: each pair in one
//! vacancy and one pathway) is that of a network flow, so the linear
//! relaxation has whole optima: [`crate::exact`] solves the matching as a
//! minimum-cost flow and proves its bound from the flow's prices alone
//! (weak duality), so the gap reported is a fact about the instance, not
//! an estimate. [`crate::improve`] closes what is left (scores rounded in
//! the flow, or a flow stopped by the time limit) by cancelling negative
//! cycles, which proves the matching optimal when none is left.

use std::collections::HashMap;
use std::fmt;

use crate::exact;
use crate::flow::FlowError;
use crate::market::{objective, Candidates, Market};
use crate::{greedy, improve};

/// A worker matched to a vacancy, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Match {
    pub worker: String,
    pub vacancy: String,
    pub score: f64,
    pub why: String,
}

/// Why a worker was left unmatched.
#[derive(Debug, Clone, PartialEq)]
pub enum Left {
    NoConsent,
    /// No pathway from their country leads to any vacancy in or near their
    /// occupation.
    NoPathway,
    /// Vacancies are open to them by pathway, but ask for experience or
    /// languages they lack (the first one's reason).
    Requirements {
        vacancy: String,
        why: String,
    },
    /// Eligible somewhere, but no such pair is in the scores file.
    NotScored,
    /// Every vacancy open to them with a place left is under a pathway
    /// whose quota is used up.
    QuotaFull {
        pathways: Vec<String>,
    },
    /// Every vacancy open to them is filled by better matches.
    Outbid {
        vacancies: usize,
    },
    /// A place open to them was left: the search stopped before reaching
    /// it (the gap says how much that may cost).
    NotReached,
}

impl fmt::Display for Left {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Left::NoConsent => write!(f, "has not consented to be matched"),
            Left::NoPathway => write!(
                f,
                "no pathway from their country to any vacancy in or near their occupation"
            ),
            Left::Requirements { vacancy, why } => write!(
                f,
                "the vacancies open to them by pathway ask for more (first: {vacancy}, {why})"
            ),
            Left::NotScored => write!(f, "none of their eligible pairs is in the scores file"),
            Left::QuotaFull { pathways } => write!(
                f,
                "quota full: the places open to them are under {} whose quota is used up",
                pathways.join(", ")
            ),
            Left::Outbid { vacancies } => write!(
                f,
                "outbid: the {vacancies} vacanc{} open to them {} filled by better matches",
                if *vacancies == 1 { "y" } else { "ies" },
                if *vacancies == 1 { "is" } else { "are" }
            ),
            Left::NotReached => write!(
                f,
                "a place open to them was left when the search stopped (see the gap)"
            ),
        }
    }
}

/// The kinds of [`Left`], as stored and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeftKind {
    NoConsent,
    NoPathway,
    Requirements,
    NotScored,
    QuotaFull,
    Outbid,
    NotReached,
}

impl LeftKind {
    pub const ALL: [LeftKind; 7] = [
        LeftKind::NoConsent,
        LeftKind::NoPathway,
        LeftKind::Requirements,
        LeftKind::NotScored,
        LeftKind::QuotaFull,
        LeftKind::Outbid,
        LeftKind::NotReached,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeftKind::NoConsent => "no_consent",
            LeftKind::NoPathway => "no_pathway",
            LeftKind::Requirements => "requirements",
            LeftKind::NotScored => "not_scored",
            LeftKind::QuotaFull => "quota_full",
            LeftKind::Outbid => "outbid",
            LeftKind::NotReached => "not_reached",
        }
    }

    pub fn parse(text: &str) -> Option<LeftKind> {
        LeftKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl Left {
    pub fn kind(&self) -> &'static str {
        self.left_kind().as_str()
    }

    pub fn left_kind(&self) -> LeftKind {
        match self {
            Left::NoConsent => LeftKind::NoConsent,
            Left::NoPathway => LeftKind::NoPathway,
            Left::Requirements { .. } => LeftKind::Requirements,
            Left::NotScored => LeftKind::NotScored,
            Left::QuotaFull { .. } => LeftKind::QuotaFull,
            Left::Outbid { .. } => LeftKind::Outbid,
            Left::NotReached => LeftKind::NotReached,
        }
    }
}

/// Why a vacancy kept places empty.
#[derive(Debug, Clone, PartialEq)]
pub enum Unfilled {
    /// Its pathway leads to another country.
    WrongDestination {
        pathway: String,
        destination: String,
    },
    /// Its occupation is outside its pathway's.
    OutsidePathway {
        pathway: String,
    },
    QuotaFull {
        pathway: String,
    },
    /// No worker is eligible for it.
    NoWorker,
    /// Every eligible worker is matched (some here, the rest where they
    /// score higher).
    TooFew {
        eligible: usize,
        here: u32,
    },
    /// An eligible worker was left unmatched: the search stopped first.
    NotReached,
    /// The worker a run matched to it has since been deleted on request.
    Withdrawn,
}

impl fmt::Display for Unfilled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unfilled::WrongDestination { pathway, destination } => {
                write!(f, "its pathway {pathway} leads to {destination}, not to the vacancy's country")
            }
            Unfilled::OutsidePathway { pathway } => {
                write!(f, "its occupation is outside those of its pathway {pathway}")
            }
            Unfilled::QuotaFull { pathway } => write!(f, "the quota of its pathway {pathway} is used up"),
            Unfilled::NoWorker => write!(
                f,
                "no consenting worker whose nationality its pathway admits, in or near its occupation, meets its requirements"
            ),
            Unfilled::TooFew { eligible, here } => write!(
                f,
                "too few workers: all {eligible} eligible are matched ({here} here, the rest where they score higher)"
            ),
            Unfilled::NotReached => write!(
                f,
                "an eligible worker was left when the search stopped (see the gap)"
            ),
            Unfilled::Withdrawn => write!(
                f,
                "the worker matched to it has since been deleted on request: run the match again"
            ),
        }
    }
}

impl Unfilled {
    pub fn kind(&self) -> &'static str {
        match self {
            Unfilled::WrongDestination { .. } => "wrong_destination",
            Unfilled::OutsidePathway { .. } => "outside_pathway",
            Unfilled::QuotaFull { .. } => "quota_full",
            Unfilled::NoWorker => "no_worker",
            Unfilled::TooFew { .. } => "too_few",
            Unfilled::NotReached => "not_reached",
            Unfilled::Withdrawn => "withdrawn",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnmatchedWorker {
    pub worker: String,
    pub kind: &'static str,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnfilledVacancy {
    pub vacancy: String,
    /// Places left empty.
    pub places: u32,
    pub kind: &'static str,
    pub reason: String,
}

/// A match run's result, as `corredor labour match --json` prints it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outcome {
    pub matches: Vec<Match>,
    pub unmatched_workers: Vec<UnmatchedWorker>,
    pub unfilled: Vec<UnfilledVacancy>,
    /// The sum of the matches' scores.
    pub objective: f64,
    /// No matching of these files scores more.
    pub bound: f64,
    /// `(bound − objective) / bound`.
    pub gap: f64,
    /// False when the time limit stopped the search.
    pub finished: bool,
    /// No chain of moves improves the matching: it is optimal
    /// ([`crate::improve`]), whatever the bound says.
    pub optimal: bool,
    /// Pairs the matching could use.
    pub pairs: usize,
}

/// Why the matching cannot run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MatchError {
    /// The flow found no way to leave every worker unmatched, which a
    /// well-formed network always has (a defect, never the files).
    #[error("the matching's flow network is infeasible")]
    Infeasible,
    /// More workers and vacancies than the flow's 64-bit prices allow.
    #[error("too many workers and vacancies for one match run")]
    TooLarge,
}

/// When to stop: the exact flow at `flow`, the fallback's bound at `bound`
/// (when the flow did not finish, so that the improvement has time too),
/// everything at `search`. Each is asked now and then; the caller holds
/// the clock.
pub struct Stops<'a> {
    pub flow: &'a dyn Fn() -> bool,
    pub bound: &'a dyn Fn() -> bool,
    pub search: &'a dyn Fn() -> bool,
}

/// The best matching found, with its bound and every explanation.
///
/// The exact flow ([`crate::exact`]) comes first. When it has not finished
/// its first round by `stops.flow`, the best-first matching is the start,
/// bounded by filling places from the top and by subgradient steps
/// ([`crate::greedy`]). Either way, what time is left goes to cancelling
/// negative cycles on the scores themselves ([`crate::improve`]), which
/// proves the matching optimal when none is left.
pub fn solve(market: &Market, stops: &Stops) -> Result<Outcome, MatchError> {
    let stop = stops.search;
    let c = market.candidates();
    let flow_stop = || (stops.flow)() || stop();
    let (start, bound) = match exact::solve(market, &c, &flow_stop) {
        Ok(e) => (e.vacancy_of, e.bound),
        Err(FlowError::Infeasible) => return Err(MatchError::Infeasible),
        Err(FlowError::CostsTooLarge) => return Err(MatchError::TooLarge),
        Err(FlowError::Stopped) => {
            let quick = greedy::best_first(market, &c);
            let known = objective(&c, &quick);
            let bound = greedy::bound_by_places(market, &c).min(greedy::subgradient(
                market,
                &c,
                known,
                &|| (stops.bound)() || stop(),
            ));
            (quick, bound)
        }
    };
    // The flow's optimum is exact on scores rounded to exact::SCORE_UNIT;
    // a gap left by the rounding (or the fallback) is closed here.
    let proven = bound - objective(&c, &start) <= 1e-9 * bound.abs().max(1.0);
    let (vacancy_of, optimal) = if proven {
        (start, true)
    } else {
        improve::improve(market, &c, &start, stop)
    };
    let mut o = explain(market, &c, &vacancy_of, bound, optimal || !stop());
    o.optimal = optimal;
    Ok(o)
}

/// The outcome of a matching: every match's why, every worker's and
/// vacancy's reason. `vacancy_of` must use candidate pairs only.
pub fn explain(
    market: &Market,
    c: &Candidates,
    vacancy_of: &[Option<usize>],
    bound: f64,
    finished: bool,
) -> Outcome {
    let mut used = vec![0u32; market.vacancies.len()];
    let mut by_pathway = vec![0u64; market.pathways.len()];
    for &j in vacancy_of.iter().flatten() {
        used[j] += 1;
        by_pathway[market.vacancies[j].pathway] += 1;
    }
    let quota_full = |pw: usize| {
        market.pathways[pw]
            .quota
            .is_some_and(|q| by_pathway[pw] >= q)
    };
    let mut matches = Vec::new();
    let mut unmatched = Vec::new();
    let mut objective = 0.0;
    let mut index = None;
    for (i, w) in market.workers.iter().enumerate() {
        if let Some(j) = vacancy_of[i] {
            let score = c.get(i, j).expect("matches use candidate pairs");
            objective += score;
            matches.push(Match {
                worker: w.id.clone(),
                vacancy: market.vacancies[j].id.clone(),
                score,
                why: why(market, i, j, score, by_pathway[market.vacancies[j].pathway]),
            });
            continue;
        }
        let (row, _) = c.row(i);
        let reason = if !w.consent {
            Left::NoConsent
        } else if row.is_empty() {
            let index = index.get_or_insert_with(|| market.by_minor_group());
            never_open(market, index, i)
        } else {
            let open: Vec<usize> = row
                .iter()
                .map(|&j| j as usize)
                .filter(|&j| used[j] < market.vacancies[j].places)
                .collect();
            if open.is_empty() {
                Left::Outbid {
                    vacancies: row.len(),
                }
            } else if open
                .iter()
                .all(|&j| quota_full(market.vacancies[j].pathway))
            {
                let mut pathways: Vec<String> = open
                    .iter()
                    .map(|&j| market.pathways[market.vacancies[j].pathway].id.clone())
                    .collect();
                pathways.sort();
                pathways.dedup();
                Left::QuotaFull { pathways }
            } else {
                Left::NotReached
            }
        };
        unmatched.push(UnmatchedWorker {
            worker: w.id.clone(),
            kind: reason.kind(),
            reason: reason.to_string(),
        });
    }
    let mut eligible = vec![0usize; market.vacancies.len()];
    let mut eligible_left = vec![0usize; market.vacancies.len()];
    for (i, v) in vacancy_of.iter().enumerate() {
        for &j in c.row(i).0 {
            eligible[j as usize] += 1;
            if v.is_none() {
                eligible_left[j as usize] += 1;
            }
        }
    }
    let mut unfilled = Vec::new();
    for (j, v) in market.vacancies.iter().enumerate() {
        if used[j] >= v.places {
            continue;
        }
        let p = &market.pathways[v.pathway];
        let reason = if p.destination != v.country {
            Unfilled::WrongDestination {
                pathway: p.id.clone(),
                destination: p.destination.clone(),
            }
        } else if !p.occupations.allows(&v.isco) {
            Unfilled::OutsidePathway {
                pathway: p.id.clone(),
            }
        } else if eligible[j] == 0 {
            Unfilled::NoWorker
        } else if quota_full(v.pathway) {
            Unfilled::QuotaFull {
                pathway: p.id.clone(),
            }
        } else if eligible_left[j] == 0 {
            Unfilled::TooFew {
                eligible: eligible[j],
                here: used[j],
            }
        } else {
            Unfilled::NotReached
        };
        unfilled.push(UnfilledVacancy {
            vacancy: v.id.clone(),
            places: v.places - used[j],
            kind: reason.kind(),
            reason: reason.to_string(),
        });
    }
    let bound = bound.max(objective);
    Outcome {
        matches,
        unmatched_workers: unmatched,
        unfilled,
        objective,
        bound,
        gap: if bound > 0.0 {
            (bound - objective) / bound
        } else {
            0.0
        },
        finished,
        optimal: false,
        pairs: c.pairs(),
    }
}

/// Why a consenting worker with no candidate pair has none.
fn never_open(market: &Market, index: &HashMap<crate::isco::Code, Vec<u32>>, i: usize) -> Left {
    let mut short = None;
    for j in market.near(index, i) {
        let v = &market.vacancies[j as usize];
        match market.fit(i, j as usize) {
            Ok(_) => return Left::NotScored,
            Err(e) if !e.is_pathway() && short.is_none() => {
                short = Some(Left::Requirements {
                    vacancy: v.id.clone(),
                    why: e.to_string(),
                })
            }
            Err(_) => {}
        }
    }
    short.unwrap_or(Left::NoPathway)
}

/// A match's why without its first clause, the worker's nationality and
/// residence, nor how many the pathway's quota took (other employers'
/// placements among them, a count the public sees withheld when small):
/// what an employer is told ([`crate::privacy`]).
pub fn why_for_employer(why: &str) -> String {
    let rest = why.split_once(", ").map_or("", |(_, rest)| rest);
    match quota_clause(rest) {
        Some((start, end)) => format!("{}{}", &rest[..start], &rest[end..]),
        None => rest.to_string(),
    }
}

/// Why `why` matched a worker, as a member state's analyst reads it of a
/// worker of its own: without the pathway's places used so far, a count
/// of workers of every nationality the public sees withheld when small.
pub fn why_without_counts(why: &str) -> String {
    match quota_clause(why) {
        Some((start, end)) => format!("{}{}", &why[..start], &why[end..]),
        None => why.to_string(),
    }
}

/// Why a vacancy's places were left empty, as those below the secretariat
/// are told (its employer, a member state's analyst): for `too_few`,
/// without how many workers were eligible (workers of every country,
/// matched elsewhere, a count of people the public sees withheld when
/// small); any other reason as it is.
pub fn unfilled_without_counts(kind: &str, why: &str) -> String {
    if kind == "too_few" {
        "too few workers: every eligible worker is matched, here or where they score higher".into()
    } else {
        why.to_string()
    }
}

/// Where `, N of its Q places a year` is in a why, if it is.
fn quota_clause(why: &str) -> Option<(usize, usize)> {
    // The last: a pathway's name, written before it, is free text.
    let end_mark = " places a year";
    let end = why.rfind(end_mark)? + end_mark.len();
    let start = why[..end].rfind(", ")?;
    let clause = &why[start + 2..end - end_mark.len()];
    let (used, quota) = clause.split_once(" of its ")?;
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    (digits(used) && digits(quota)).then_some((start, end))
}

/// Why `i` is matched to `j`. The first clause is the worker's
/// nationality and residence, and only it names them
/// ([`why_for_employer`] drops it).
fn why(market: &Market, i: usize, j: usize, score: f64, pathway_used: u64) -> String {
    let (w, v) = (&market.workers[i], &market.vacancies[j]);
    let p = &market.pathways[v.pathway];
    let fit = market.fit(i, j).expect("matches are eligible");
    let occupation = if fit.distance == 0 {
        format!("their occupation {}", v.isco)
    } else {
        format!(
            "{} near their {} (same minor group)",
            v.isco, fit.occupation
        )
    };
    let quota = match p.quota {
        Some(q) => format!(", {pathway_used} of its {q} places a year"),
        None => String::new(),
    };
    let asked = p.min_experience.max(v.min_experience);
    let given = if market.given.is_some() {
        " (from the scores file)"
    } else {
        ""
    };
    format!(
        "{} national in {}, {} in {}; pathway {} ({}{quota}); {} years of experience ({asked} asked); {} of {} skills; score {score:.2}{given}",
        w.nationality,
        w.residence,
        occupation,
        v.country,
        p.id,
        p.name,
        w.experience_years,
        fit.skills_held,
        v.skills.len(),
    )
}

#[cfg(test)]
#[path = "matching_tests.rs"]
mod tests;

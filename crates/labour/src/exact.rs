//! The matching solved exactly as a minimum-cost flow, on few pairs, with
//! prices that prove it optimal on all of them.
//!
//! The network: each worker with a candidate pair has one unit to send,
//! either to a vacancy (cost: minus the pair's score) or straight to the
//! sink (unmatched, cost 0); each vacancy passes at most its places on to
//! its pathway, each pathway at most its quota on to the sink. Its optimal
//! flow is an optimal matching (the constraint matrix is a network's, so
//! the linear programme has whole optima).
//!
//! Most pairs never matter: a worker is matched, if at all, to one of the
//! few vacancies that score highest for them once places and quotas are
//! priced. So the flow is first solved on each worker's [`FIRST_PAIRS`]
//! best pairs; the node prices of its optimum give a price `p(v)` to every
//! vacancy and `q(k)` to every pathway with a quota, and
//!
//! ```text
//! bound = Σ_workers max(0, max over ALL their pairs (score − p(v) − q(k)))
//!       + Σ_vacancies places·p(v) + Σ_pathways quota·q(k)
//! ```
//!
//! is an upper bound on every matching of every pair (the dual of the
//! linear programme, weak duality: it holds for any prices ≥ 0). Pairs
//! that price above what their worker earns in the flow are added and the
//! flow solved again (column generation), until none is left: then the
//! bound equals the flow's score and the matching is optimal on all pairs.
//! Scores enter the flow as whole multiples of [`SCORE_UNIT`] (of a
//! coarser unit when a scores file gives scores above 100, so that no
//! integer cost exceeds [`MAX_COST`]); the bound and every reported figure
//! use the scores themselves.

use crate::flow::{self, Builder, FlowError};
use crate::market::{Candidates, Market};

/// Pairs per worker in the first flow.
pub const FIRST_PAIRS: usize = 3;

/// Pairs per worker added in a round, at most.
const ADD_PAIRS: usize = 6;

/// Scores are rounded to this in the flow's integer costs.
pub const SCORE_UNIT: f64 = 1e-4;

/// The largest integer cost a pair takes in the flow (less on networks so
/// large that [`flow::cost_limit`] asks for less).
pub const MAX_COST: f64 = 1e6;

/// The unit scores are rounded to in a flow of `nodes` nodes.
fn unit(c: &Candidates, nodes: usize) -> f64 {
    let top = c.scores.iter().copied().fold(0.0f64, f64::max);
    let most = MAX_COST.min(flow::cost_limit(nodes) as f64 / 2.0);
    (top / most).max(SCORE_UNIT)
}

/// A pair counts as pricing out when it beats its worker's earnings by
/// more than this (score units).
const PRICE_OUT: f64 = 1e-6;

/// The exact matching, and what proves it.
#[derive(Debug, Clone)]
pub struct Exact {
    /// The vacancy of each worker.
    pub vacancy_of: Vec<Option<usize>>,
    /// The dual bound over every candidate pair.
    pub bound: f64,
    /// Flows solved (one, plus one per round of added pairs).
    pub rounds: usize,
    /// Pairs in the last flow.
    pub pairs: usize,
    /// No pair priced out in the last round: optimal on every pair.
    pub closed: bool,
    /// The prices of the last round's flow, of vacancies and pathways.
    prices: (Vec<f64>, Vec<f64>),
}

impl Exact {
    /// The bound lowered by [`tighten`] from the last flow's prices, when
    /// pairs were left priced out.
    fn tightened(mut self, market: &Market, c: &Candidates) -> Exact {
        if !self.closed {
            let (p, q) = &self.prices;
            self.bound = self.bound.min(tighten(market, c, p.clone(), q.clone()));
        }
        self
    }
}

/// The optimal matching on `c`. When `stop` says so during a later round,
/// the last round's matching and bound; during the first,
/// [`FlowError::Stopped`].
pub fn solve(market: &Market, c: &Candidates, stop: &dyn Fn() -> bool) -> Result<Exact, FlowError> {
    let n = market.workers.len();
    let mut chosen: Vec<Vec<u32>> = (0..n).map(|i| best(c, i, FIRST_PAIRS)).collect();
    add(&mut chosen, best_workers(market, c));
    let unit = unit(c, n + market.vacancies.len() + market.pathways.len() + 1);
    let mut last: Option<Exact> = None;
    loop {
        let (vacancy_of, p, q) = match flow(market, c, &chosen, unit, stop) {
            Ok(f) => f,
            Err(FlowError::Stopped) if last.is_some() => {
                return Ok(last.expect("checked").tightened(market, c))
            }
            Err(e) => return Err(e),
        };
        let priced = price(market, c, &vacancy_of, &p, &q);
        let pairs = chosen.iter().map(Vec::len).sum();
        let added = add(&mut chosen, priced.out);
        let rounds = last.as_ref().map_or(1, |e| e.rounds + 1);
        // Each round's bound is a proof; the least is kept.
        let bound = last
            .as_ref()
            .map_or(priced.bound, |e| e.bound.min(priced.bound));
        let e = Exact {
            vacancy_of,
            bound,
            rounds,
            pairs,
            closed: added == 0,
            prices: (p, q),
        };
        if added == 0 || stop() {
            return Ok(e.tightened(market, c));
        }
        last = Some(e);
    }
}

/// Adds to each worker's chosen pairs those of `extra` not there yet;
/// how many were added.
fn add(chosen: &mut [Vec<u32>], extra: Vec<Vec<u32>>) -> usize {
    let mut added = 0;
    for (mine, theirs) in chosen.iter_mut().zip(extra) {
        for k in theirs {
            if !mine.contains(&k) {
                mine.push(k);
                added += 1;
            }
        }
    }
    added
}

/// For each worker, positions in their row of the pairs by which some
/// vacancy counts them among its [`VACANCY_PAIRS`] best workers per place:
/// so that the first flow prices every vacancy by its own competition,
/// not only the ones at the top of workers' lists.
fn best_workers(market: &Market, c: &Candidates) -> Vec<Vec<u32>> {
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let per = VACANCY_PAIRS;
    let room: Vec<usize> = market
        .vacancies
        .iter()
        .map(|v| (v.places.saturating_mul(per) + 1) as usize)
        .collect();
    // Per vacancy, its best (score, worker, position), least on top.
    let mut heaps: Vec<BinaryHeap<Reverse<(Score, u32, u32)>>> = (0..market.vacancies.len())
        .map(|_| BinaryHeap::new())
        .collect();
    for i in 0..market.workers.len() {
        let (sites, scores) = c.row(i);
        for (k, (&j, &s)) in sites.iter().zip(scores).enumerate() {
            let h = &mut heaps[j as usize];
            let entry = Reverse((Score(s), i as u32, k as u32));
            if h.len() < room[j as usize] {
                h.push(entry);
            } else if h.peek().is_some_and(|top| top.0 .0 < Score(s)) {
                h.pop();
                h.push(entry);
            }
        }
    }
    let mut out = vec![Vec::new(); market.workers.len()];
    for h in heaps {
        for Reverse((_, i, k)) in h {
            out[i as usize].push(k);
        }
    }
    out
}

/// Workers per place each vacancy brings into the first flow.
const VACANCY_PAIRS: u32 = 2;

/// A score with a total order.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Score(f64);

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Score) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Score) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Positions in worker `i`'s row of its `k` best-scoring pairs.
fn best(c: &Candidates, i: usize, k: usize) -> Vec<u32> {
    let (_, scores) = c.row(i);
    let mut at: Vec<u32> = (0..scores.len() as u32).collect();
    if at.len() > k {
        at.select_nth_unstable_by(k, |&a, &b| {
            scores[b as usize].total_cmp(&scores[a as usize])
        });
        at.truncate(k);
    }
    at
}

/// A flow's matching (each worker's vacancy) and the prices of vacancies
/// and pathways (score units, ≥ 0).
type FlowOptimum = (Vec<Option<usize>>, Vec<f64>, Vec<f64>);

/// The optimal flow on the chosen pairs, scores rounded to `unit`.
fn flow(
    market: &Market,
    c: &Candidates,
    chosen: &[Vec<u32>],
    unit: f64,
    stop: &dyn Fn() -> bool,
) -> Result<FlowOptimum, FlowError> {
    let (n, m, kk) = (
        market.workers.len(),
        market.vacancies.len(),
        market.pathways.len(),
    );
    let sink = n + m + kk;
    let pairs: usize = chosen.iter().map(Vec::len).sum();
    let mut b = Builder::new(sink + 1);
    b.reserve(pairs + n + m + kk);
    let mut supply = vec![0i64; sink + 1];
    let mut first_arc = vec![0usize; n + 1];
    for i in 0..n {
        first_arc[i] = b.arcs();
        if chosen[i].is_empty() {
            continue;
        }
        let (sites, scores) = c.row(i);
        for &at in &chosen[i] {
            let cost = -(scores[at as usize] / unit).round() as i64;
            b.arc(i, n + sites[at as usize] as usize, 1, cost);
        }
        b.arc(i, sink, 1, 0);
        supply[i] = 1;
        supply[sink] -= 1;
    }
    first_arc[n] = b.arcs();
    let mut through = vec![0i64; kk];
    for (j, v) in market.vacancies.iter().enumerate() {
        b.arc(n + j, n + m + v.pathway, clamp(u64::from(v.places)), 0);
        through[v.pathway] += i64::from(v.places);
    }
    for (k, p) in market.pathways.iter().enumerate() {
        let cap = p.quota.unwrap_or(through[k] as u64).min(through[k] as u64);
        b.arc(n + m + k, sink, clamp(cap), 0);
    }
    let solved = b.build().solve(&supply, stop)?;
    let mut vacancy_of = vec![None; n];
    for i in 0..n {
        let (sites, _) = c.row(i);
        for (k, &at) in chosen[i].iter().enumerate() {
            if solved.flow[first_arc[i] + k] > 0 {
                vacancy_of[i] = Some(sites[at as usize] as usize);
            }
        }
    }
    let pi = &solved.price;
    let p = (0..m)
        .map(|j| ((pi[n + m + market.vacancies[j].pathway] - pi[n + j]) * unit).max(0.0))
        .collect();
    let q = market
        .pathways
        .iter()
        .enumerate()
        .map(|(k, pw)| match pw.quota {
            Some(_) => ((pi[sink] - pi[n + m + k]) * unit).max(0.0),
            None => 0.0,
        })
        .collect();
    Ok((vacancy_of, p, q))
}

fn clamp(x: u64) -> i32 {
    x.min(i32::MAX as u64) as i32
}

struct Priced {
    bound: f64,
    /// For each worker, positions in their row of the pairs that price out.
    out: Vec<Vec<u32>>,
}

/// The dual bound of prices `p`, `q` over every pair, and the pairs that
/// beat what their worker earns in the matching.
fn price(
    market: &Market,
    c: &Candidates,
    vacancy_of: &[Option<usize>],
    p: &[f64],
    q: &[f64],
) -> Priced {
    let reduced = |s: f64, j: u32| s - p[j as usize] - q[market.vacancies[j as usize].pathway];
    let mut bound = places_cost(market, p, q);
    let mut out = Vec::with_capacity(vacancy_of.len());
    for (i, at) in vacancy_of.iter().enumerate() {
        let (sites, scores) = c.row(i);
        let earns = match at {
            Some(j) => {
                let k = sites.binary_search(&(*j as u32)).expect("a candidate pair");
                reduced(scores[k], *j as u32).max(0.0)
            }
            None => 0.0,
        };
        let mut best = 0.0f64;
        let mut beats: Vec<(f64, u32)> = Vec::new();
        for (k, (&j, &s)) in sites.iter().zip(scores).enumerate() {
            let r = reduced(s, j);
            best = best.max(r);
            if r > earns + PRICE_OUT && *at != Some(j as usize) {
                beats.push((r, k as u32));
            }
        }
        bound += best;
        if beats.len() > ADD_PAIRS {
            beats.select_nth_unstable_by(ADD_PAIRS, |a, b| b.0.total_cmp(&a.0));
            beats.truncate(ADD_PAIRS);
        }
        out.push(beats.into_iter().map(|(_, k)| k).collect());
    }
    Priced { bound, out }
}

/// Block coordinate descent on the dual, for a better bound than one set
/// of prices gives: with vacancy prices `p` and pathway prices `q` fixed,
/// each worker's best `u` is their best `score − p − q` (or 0); with `u`
/// fixed, each vacancy needs `p + q` at least its best `score − u`, and the
/// least-cost `q` of a pathway with a quota is the need at which the places
/// needing more reach its quota (then `p` is the rest). Each step is a
/// bound (weak duality) no higher than the one before; the least is kept.
pub fn tighten(market: &Market, c: &Candidates, mut p: Vec<f64>, mut q: Vec<f64>) -> f64 {
    let m = market.vacancies.len();
    let n = market.workers.len();
    let mut u = vec![0.0f64; n];
    let mut best = f64::INFINITY;
    for _ in 0..TIGHTEN_STEPS {
        // u given p, q.
        let mut total = 0.0;
        for (i, ui) in u.iter_mut().enumerate() {
            let (sites, scores) = c.row(i);
            let mut top = 0.0f64;
            for (&j, &s) in sites.iter().zip(scores) {
                let j = j as usize;
                top = top.max(s - p[j] - q[market.vacancies[j].pathway]);
            }
            *ui = top;
            total += top;
        }
        best = best.min(total + places_cost(market, &p, &q));
        // p, q given u.
        let mut need = vec![0.0f64; m];
        for (i, &ui) in u.iter().enumerate() {
            let (sites, scores) = c.row(i);
            for (&j, &s) in sites.iter().zip(scores) {
                let j = j as usize;
                need[j] = need[j].max(s - ui);
            }
        }
        let mut by_pathway: Vec<Vec<(f64, u32)>> = vec![Vec::new(); market.pathways.len()];
        for (j, v) in market.vacancies.iter().enumerate() {
            by_pathway[v.pathway].push((need[j], v.places));
        }
        for (k, pw) in market.pathways.iter().enumerate() {
            q[k] = match pw.quota {
                Some(quota) => {
                    let list = &mut by_pathway[k];
                    list.sort_by(|a, b| b.0.total_cmp(&a.0));
                    let mut seats = 0u64;
                    let mut at = 0.0;
                    for &(nd, places) in list.iter() {
                        seats += u64::from(places);
                        if seats >= quota {
                            at = nd;
                            break;
                        }
                    }
                    at.max(0.0)
                }
                None => 0.0,
            };
        }
        for (j, v) in market.vacancies.iter().enumerate() {
            p[j] = (need[j] - q[v.pathway]).max(0.0);
        }
        let total: f64 = u.iter().sum();
        best = best.min(total + places_cost(market, &p, &q));
    }
    best
}

/// Rounds of [`tighten`]: each is two passes over the pairs.
const TIGHTEN_STEPS: usize = 8;

/// `Σ places·p + Σ quota·q`.
fn places_cost(market: &Market, p: &[f64], q: &[f64]) -> f64 {
    let places: f64 = market
        .vacancies
        .iter()
        .zip(p)
        .map(|(v, &pv)| f64::from(v.places) * pv)
        .sum();
    let quotas: f64 = market
        .pathways
        .iter()
        .zip(q)
        .map(|(pw, &qk)| pw.quota.map_or(0.0, |quota| quota as f64 * qk))
        .sum();
    places + quotas
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::{objective, read, Files};
    use proptest::prelude::*;

    fn generated(seed: u64, workers: usize, vacancies: usize) -> Market {
        let g = crate::generate::generate(seed, workers, vacancies);
        read(&Files {
            pathways: ("pathways.csv", g.pathways.as_bytes()),
            workers: ("workers.csv", g.workers.as_bytes()),
            vacancies: ("vacancies.csv", g.vacancies.as_bytes()),
            scores: None,
        })
        .unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// On generated markets, where most pairs are left out of the
        /// first flow, the rounds end with no pair priced out, the
        /// matching keeps every rule, equals the optimum that cancelling
        /// negative cycles proves from an empty matching, and the bound
        /// closes on it; the bound from any prices is above it.
        #[test]
        fn pricing_out_reaches_the_optimum_on_every_pair(seed in 0u64..1_000, n in 60usize..300) {
            let m = generated(seed, n, n / 5);
            let c = m.candidates();
            let e = solve(&m, &c, &|| false).unwrap();
            prop_assert!(e.closed);
            let mut used = vec![0u32; m.vacancies.len()];
            let mut by = vec![0u64; m.pathways.len()];
            for (i, v) in e.vacancy_of.iter().enumerate() {
                if let Some(j) = *v {
                    prop_assert!(c.get(i, j).is_some());
                    used[j] += 1;
                    by[m.vacancies[j].pathway] += 1;
                }
            }
            for (j, v) in m.vacancies.iter().enumerate() {
                prop_assert!(used[j] <= v.places);
            }
            for (k, pw) in m.pathways.iter().enumerate() {
                prop_assert!(pw.quota.is_none_or(|q| by[k] <= q));
            }
            let (best, optimal) = crate::improve::improve(&m, &c, &vec![None; n], &|| false);
            prop_assert!(optimal);
            let (got, want) = (objective(&c, &e.vacancy_of), objective(&c, &best));
            // Scores enter the flow in units of SCORE_UNIT.
            let rounding = SCORE_UNIT * n as f64;
            prop_assert!((got - want).abs() <= rounding, "flow {got}, optimum {want}");
            prop_assert!(e.bound >= want - 1e-6, "bound {} below the optimum {want}", e.bound);
            prop_assert!(e.bound - want <= rounding + 1e-6 * want, "bound {} far above {want}", e.bound);
            let zero = tighten(&m, &c, vec![0.0; m.vacancies.len()], vec![0.0; m.pathways.len()]);
            prop_assert!(zero >= want - 1e-6);
            let high = tighten(&m, &c, vec![50.0; m.vacancies.len()], vec![7.0; m.pathways.len()]);
            prop_assert!(high >= want - 1e-6);
        }
    }

    #[test]
    fn the_first_flow_leaves_pairs_out() {
        let m = generated(3, 400, 80);
        let c = m.candidates();
        let e = solve(&m, &c, &|| false).unwrap();
        assert!(e.pairs < c.pairs(), "{} of {} pairs", e.pairs, c.pairs());
        assert!(e.closed);
    }
}

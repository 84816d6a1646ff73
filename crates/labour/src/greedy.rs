//! A quick matching and a quick bound that need no prices, for instances
//! where the auction has not settled within the time given (tens of
//! millions of pairs): pairs taken best first while places and quotas
//! allow, and an upper bound that drops the one-match-per-worker rule.

use crate::market::{Candidates, Market};

/// Every pair, best score first, taken when the worker is free and the
/// vacancy and its pathway have room.
pub fn best_first(market: &Market, c: &Candidates) -> Vec<Option<usize>> {
    let mut pairs: Vec<(f64, u32, u32)> = Vec::with_capacity(c.pairs());
    for i in 0..market.workers.len() {
        let (vs, ss) = c.row(i);
        pairs.extend(vs.iter().zip(ss).map(|(&j, &s)| (s, i as u32, j)));
    }
    pairs.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
    let mut at = vec![None; market.workers.len()];
    let mut used = vec![0u32; market.vacancies.len()];
    let mut by_pathway = vec![0u64; market.pathways.len()];
    for (_, i, j) in pairs {
        let (i, j) = (i as usize, j as usize);
        let p = market.vacancies[j].pathway;
        if at[i].is_none()
            && used[j] < market.vacancies[j].places
            && market.pathways[p].quota.is_none_or(|q| by_pathway[p] < q)
        {
            at[i] = Some(j);
            used[j] += 1;
            by_pathway[p] += 1;
        }
    }
    at
}

/// No matching scores more than this: each vacancy's places filled with
/// the best scores open to it, and each pathway's quota with the best of
/// those, as if a worker could take several places at once.
pub fn bound_by_places(market: &Market, c: &Candidates) -> f64 {
    let mut column: Vec<Vec<f64>> = vec![Vec::new(); market.vacancies.len()];
    for i in 0..market.workers.len() {
        let (vs, ss) = c.row(i);
        for (&j, &s) in vs.iter().zip(ss) {
            column[j as usize].push(s);
        }
    }
    let mut by_pathway: Vec<Vec<f64>> = vec![Vec::new(); market.pathways.len()];
    for (j, mut scores) in column.into_iter().enumerate() {
        scores.sort_unstable_by(|a, b| b.total_cmp(a));
        scores.truncate(market.vacancies[j].places as usize);
        by_pathway[market.vacancies[j].pathway].extend(scores);
    }
    by_pathway
        .into_iter()
        .zip(&market.pathways)
        .map(|(mut scores, p)| {
            scores.sort_unstable_by(|a, b| b.total_cmp(a));
            if let Some(q) = p.quota {
                scores.truncate(usize::try_from(q).unwrap_or(usize::MAX));
            }
            scores.iter().sum::<f64>()
        })
        .sum()
}

/// Rounds of [`subgradient`] at most: each reads every pair once.
pub const SUBGRADIENT_ROUNDS: usize = 200;
/// Rounds without a better bound before the step is halved.
const PATIENCE: usize = 5;

/// The best `k` of `values` (all when fewer), in no order.
fn top(values: &mut Vec<(f64, u32)>, k: usize) {
    if values.len() > k {
        if k == 0 {
            values.clear();
            return;
        }
        values.select_nth_unstable_by(k - 1, |a, b| b.0.total_cmp(&a.0));
        values.truncate(k);
    }
}

/// [`bound_by_places`] tightened by a price `u_i ≥ 0` on each worker's
/// one-match rule (a Lagrangian relaxation of it), lowered by subgradient
/// steps with Polyak's step towards `target`, the best objective known
/// (B. T. Polyak, "Minimization of unsmooth functionals", 1969). For any
/// prices, `Σ u_i` plus each pathway's best places of `score − u_i` bounds
/// every matching (weak duality), so each value taken is a bound whatever
/// the steps; the least is returned.
pub fn subgradient(market: &Market, c: &Candidates, target: f64, stop: &dyn Fn() -> bool) -> f64 {
    let n = market.workers.len();
    let mut column: Vec<Vec<(u32, f64)>> = vec![Vec::new(); market.vacancies.len()];
    for i in 0..n {
        let (vs, ss) = c.row(i);
        for (&j, &s) in vs.iter().zip(ss) {
            column[j as usize].push((i as u32, s));
        }
    }
    let mut u = vec![0.0f64; n];
    let mut uses = vec![0.0f64; n];
    let mut best = f64::INFINITY;
    let (mut theta, mut since) = (1.0, 0);
    let mut scratch: Vec<(f64, u32)> = Vec::new();
    let mut pool: Vec<Vec<(f64, u32)>> = vec![Vec::new(); market.pathways.len()];
    for _ in 0..SUBGRADIENT_ROUNDS {
        if stop() {
            break;
        }
        for p in &mut pool {
            p.clear();
        }
        for (j, col) in column.iter().enumerate() {
            scratch.clear();
            scratch.extend(
                col.iter()
                    .map(|&(i, s)| (s - u[i as usize], i))
                    .filter(|x| x.0 > 0.0),
            );
            top(&mut scratch, market.vacancies[j].places as usize);
            pool[market.vacancies[j].pathway].extend_from_slice(&scratch);
        }
        uses.fill(0.0);
        let mut total: f64 = u.iter().sum();
        for (p, values) in pool.iter_mut().enumerate() {
            if let Some(q) = market.pathways[p].quota {
                top(values, usize::try_from(q).unwrap_or(usize::MAX));
            }
            for &(v, i) in values.iter() {
                total += v;
                uses[i as usize] += 1.0;
            }
        }
        if total < best - 1e-9 {
            best = total;
            since = 0;
        } else {
            since += 1;
            if since >= PATIENCE {
                theta /= 2.0;
                since = 0;
            }
        }
        // The subgradient 1 − uses, projected on prices at or above 0.
        let g = |i: usize| {
            let g = 1.0 - uses[i];
            if u[i] <= 0.0 && g > 0.0 {
                0.0
            } else {
                g
            }
        };
        let norm: f64 = (0..n).map(|i| g(i) * g(i)).sum();
        let step = theta * (total - target).max(0.0) / norm;
        if norm == 0.0 || step == 0.0 {
            break;
        }
        let next: Vec<f64> = (0..n).map(|i| (u[i] - step * g(i)).max(0.0)).collect();
        u = next;
    }
    best
}

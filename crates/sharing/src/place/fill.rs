//! Quotas that the prices and the chains of [`super::round`] leave missed,
//! met with the exact stages instead.
//!
//! A quota's lower limit asks for persons; the exact stages of [`super::solve`]
//! (repacking, branch and bound, the knapsack bound and its rounding, the
//! large-neighbourhood search) pack each site exactly with whole families,
//! but know nothing of quotas. So each country with a quota is given a
//! multiplier λ per person placed there, added to the score of every one of
//! its pairs, and the instance so weighted, without quotas, is solved by
//! those stages. λ starts large for every country whose quota cannot be
//! exceeded by filling its sites (placing persons there comes before any
//! score), and at 0 for the others; a country left short gains λ, one
//! placed above its limit loses it, for a few rounds. When the whole
//! families do add up to the quotas, as when every site must be filled
//! exactly, this finds it where moves and chains between countries stop a
//! few persons short.
//!
//! What it returns keeps every quota (it is checked), and its bound is
//! proven: for any placement within the quotas, the weighted objective is
//! its own objective plus Σ λ·persons, at least Σ λ·min over the countries
//! with λ > 0 and Σ λ·max over those with λ < 0, so the weighted
//! instance's proven bound less those sums bounds the quotas' instance
//! (Lagrangian duality again).

use super::branch;
use super::instance::{kept_quotas, persons_by_country, Instance, Options, PlaceError, Placement};

/// Rounds of multipliers before giving up.
const ROUNDS: usize = 4;

/// A placement that keeps every quota, with its proven bound, or `None`
/// when the rounds end without one. `solve` places an instance without
/// quotas (the caller's [`super::solve`]).
pub(crate) fn quotas(
    inst: &Instance,
    opts: &Options,
    solve: impl Fn(&Instance, &Options) -> Result<Placement, PlaceError>,
) -> Option<(Vec<Option<u32>>, f64)> {
    if inst.quotas.is_empty() || inst.cases.len() > branch::EXACT_FAMILIES {
        return None;
    }
    let (of_site, names) = inst.countries();
    let mut capacity = vec![0u64; names.len()];
    for (j, s) in inst.sites.iter().enumerate() {
        capacity[of_site[j] as usize] += s.capacity;
    }
    let country = |name: &str| names.iter().position(|n| n == name);
    let top = inst
        .scores
        .scores
        .iter()
        .fold(0.0f64, |m, s| m.max(s.abs()))
        .max(1e-3);
    // A person placed outweighs a hundred families' best scores: the
    // search fills first, then scores.
    let large = 100.0 * top;
    let mut lambda = vec![0.0f64; names.len()];
    for q in &inst.quotas {
        if let Some(c) = country(&q.country) {
            if q.min > 0 && q.max >= capacity[c] {
                lambda[c] = large;
            }
        }
    }
    let mut bound = f64::INFINITY;
    for _ in 0..ROUNDS {
        let heavy = weighted(inst, &of_site, &lambda);
        let placed = solve(&heavy, opts).ok()?;
        let relief: f64 = inst
            .quotas
            .iter()
            .filter_map(|q| {
                let l = lambda[country(&q.country)?];
                Some(if l >= 0.0 {
                    l * q.min as f64
                } else {
                    l * q.max as f64
                })
            })
            .sum();
        bound = bound.min(placed.bound - relief);
        if kept_quotas(inst, &placed.site_of).is_ok() {
            return Some((placed.site_of, bound));
        }
        if (opts.stop)() {
            return None;
        }
        let by_country = persons_by_country(inst, &placed.site_of, &of_site, names.len());
        for q in &inst.quotas {
            if let Some(c) = country(&q.country) {
                if by_country[c] < q.min {
                    lambda[c] += large;
                } else if by_country[c] > q.max {
                    lambda[c] -= large;
                }
            }
        }
    }
    None
}

/// The instance without quotas, each pair's score raised by the
/// multiplier of its site's country times the family's size.
pub(crate) fn weighted(inst: &Instance, of_site: &[u32], lambda: &[f64]) -> Instance {
    let mut scores = inst.scores.clone();
    for (i, case) in inst.cases.iter().enumerate() {
        let (a, b) = (scores.offsets[i], scores.offsets[i + 1]);
        for k in a..b {
            let site = scores.sites[k] as usize;
            scores.scores[k] += lambda[of_site[site] as usize] * f64::from(case.size);
        }
    }
    Instance {
        cases: inst.cases.clone(),
        sites: inst.sites.clone(),
        scores,
        quotas: Vec::new(),
    }
}

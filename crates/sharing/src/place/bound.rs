//! The proof: an upper bound on the objective of every placement.
//!
//! Lagrangian duality (weak form): give every site a price `p_j ≥ 0` per
//! person and every quota'd country a multiplier `m_c` (positive against
//! its upper limit, negative against its lower one). For any placement `x`
//! that respects capacities and quotas,
//!
//! ```text
//! Σ score·x ≤ Σ score·x + Σ_j p_j (cap_j − load_j) + Σ_c m_c⁺ (max_c − load_c) + m_c⁻ (load_c − min_c)
//!          ≤ Σ_j p_j cap_j + Σ_c (m_c⁺ max_c − m_c⁻ min_c)
//!            + Σ_i max(0, max_j (score_ij − size_i (p_j + m_c(j))))
//! ```
//!
//! since every added term is non-negative, and each family then gets the
//! best it could in isolation. This holds for *any* prices, so the bound
//! does not depend on the auction having converged or being correct: it is
//! recomputed here from the prices alone, over every eligible pair.

use super::instance::{Class, Instance};

/// The bound for these prices and multipliers (the multipliers of
/// countries without a quota are ignored).
pub fn dual(inst: &Instance, classes: &[Class], site: &[f64], country: &[f64]) -> f64 {
    let (country_of, names) = inst.countries();
    let mut mult = vec![0.0; names.len()];
    let mut total = 0.0;
    for q in &inst.quotas {
        if let Some(c) = names.iter().position(|n| *n == q.country) {
            let m = country[c];
            mult[c] = m;
            total += if m > 0.0 {
                m * q.max as f64
            } else {
                m * q.min as f64
            };
        }
    }
    for (j, s) in inst.sites.iter().enumerate() {
        total += site[j].max(0.0) * s.capacity as f64;
    }
    for c in classes {
        let best = gain(inst, c.row as usize, |j| {
            site[j].max(0.0) + mult[country_of[j] as usize]
        });
        total += best * c.cases.len() as f64;
    }
    total
}

/// The most family `i` gains anywhere, its score less what its persons
/// cost at `price(site)` per person, or 0 when it gains nothing: its term
/// in the bound.
pub(super) fn gain(inst: &Instance, i: usize, price: impl Fn(usize) -> f64) -> f64 {
    let (sites, scores) = inst.scores.row(i);
    let size = f64::from(inst.cases[i].size);
    sites
        .iter()
        .zip(scores)
        .map(|(&j, &w)| w - size * price(j as usize))
        .fold(0.0f64, f64::max)
}

/// The plainest bound: every family at its best site, capacities ignored.
pub fn each_its_best(inst: &Instance) -> f64 {
    (0..inst.cases.len())
        .map(|i| inst.scores.row(i).1.iter().copied().fold(0.0f64, f64::max))
        .sum()
}

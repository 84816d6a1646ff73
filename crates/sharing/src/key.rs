//! Distribution keys from weighted criteria.
//!
//! The construction is the European Commission's for its 2015 relocation
//! keys (COM(2015) 240 annex; formalised by Grech 2017, eqs. 1–7):
//!
//! 1. each criterion gives every country a share: its value over the sum
//!    (`direct`: population, GDP), or the inverse of its value over the sum of
//!    inverses (`inverse`: unemployment, asylum applications per inhabitant,
//!    people already hosted per inhabitant: more of it means a smaller share);
//! 2. an inverse criterion's share can be capped at `cap` times the country's
//!    direct shares added up (the Commission's "30% cap of the population and
//!    GDP effect"), so that a small state is not handed a share out of
//!    proportion to its size;
//! 3. a country's key is the weighted sum of its (capped) shares, and what
//!    the caps removed is handed back in proportion to the direct criteria.
//!
//! Every step is kept per country and criterion, so any figure can be
//! explained.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    Direct,
    Inverse,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criterion {
    /// The input column it reads.
    pub name: String,
    pub weight: f64,
    pub effect: Effect,
    /// For an inverse criterion: its share is at most `cap` times the
    /// country's direct shares added up.
    pub cap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spec {
    pub criteria: Vec<Criterion>,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum KeyError {
    #[error("criteria '{spec}': {message}")]
    Spec { spec: String, message: String },
    #[error("{country}, {criterion}: {message}")]
    Input {
        country: String,
        criterion: String,
        message: String,
    },
    #[error("{0}")]
    Other(String),
}

impl Spec {
    /// Parses `population:0.4,gdp:0.4,unemployment:0.1:inverse:cap=0.3,…`:
    /// for each criterion its column, its weight, and optionally `inverse`
    /// and `cap=C`. The weights must add up to 1.
    pub fn parse(text: &str) -> Result<Spec, KeyError> {
        let bad = |message: String| KeyError::Spec {
            spec: text.to_string(),
            message,
        };
        let mut criteria: Vec<Criterion> = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let mut fields = part.split(':').map(str::trim);
            let name = fields.next().unwrap_or("").to_string();
            if name.is_empty() {
                return Err(bad(format!("'{part}' has no column name")));
            }
            let weight: f64 = fields
                .next()
                .and_then(|w| w.parse().ok())
                .filter(|w: &f64| w.is_finite() && *w > 0.0)
                .ok_or_else(|| bad(format!("'{part}': give a weight above 0, as in {name}:0.4")))?;
            let (mut effect, mut cap) = (Effect::Direct, None);
            for f in fields {
                match f {
                    "direct" => effect = Effect::Direct,
                    "inverse" => effect = Effect::Inverse,
                    _ => match f.strip_prefix("cap=").map(str::parse::<f64>) {
                        Some(Ok(c)) if c.is_finite() && c > 0.0 => cap = Some(c),
                        _ => {
                            return Err(bad(format!(
                                "'{part}': '{f}' is not direct, inverse or cap=NUMBER"
                            )))
                        }
                    },
                }
            }
            if criteria.iter().any(|c| c.name == name) {
                return Err(bad(format!("{name} is given twice")));
            }
            criteria.push(Criterion {
                name,
                weight,
                effect,
                cap,
            });
        }
        if criteria.is_empty() {
            return Err(bad("no criteria".into()));
        }
        let sum: f64 = criteria.iter().map(|c| c.weight).sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(bad(format!("the weights add up to {sum}, not 1")));
        }
        if criteria.iter().any(|c| c.cap.is_some())
            && !criteria.iter().any(|c| c.effect == Effect::Direct)
        {
            return Err(bad(
                "a cap is relative to the direct criteria, and there are none".into(),
            ));
        }
        Ok(Spec { criteria })
    }
}

/// One criterion's part in one country's key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub criterion: String,
    pub value: f64,
    /// The country's share under this criterion alone, before any cap.
    pub share: f64,
    /// After the cap (equal to `share` when it did not bind).
    pub capped_share: f64,
    /// Weight × capped share: what the criterion adds to the key.
    pub contribution: f64,
}

/// A key: per country its share (fractions of 1 that add up to 1), how it
/// was made, and the part of what the caps removed that it received.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Key {
    pub countries: Vec<String>,
    pub shares: Vec<f64>,
    pub parts: Vec<Vec<Part>>,
    pub redistributed: Vec<f64>,
}

/// The key of `countries` whose inputs are `values[country][criterion]`,
/// criteria in the order of `spec`.
pub fn key(countries: &[String], values: &[Vec<f64>], spec: &Spec) -> Result<Key, KeyError> {
    let n = countries.len();
    if n == 0 {
        return Err(KeyError::Other("no countries to share among".into()));
    }
    if values.len() != n || values.iter().any(|v| v.len() != spec.criteria.len()) {
        return Err(KeyError::Other(
            "one value per country and criterion is needed".into(),
        ));
    }
    let mut shares = vec![vec![0.0; spec.criteria.len()]; n];
    for (k, c) in spec.criteria.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            let x = v[k];
            let problem = if !x.is_finite() || x < 0.0 {
                Some("is not a number of zero or more")
            } else if c.effect == Effect::Inverse && x == 0.0 {
                Some("is 0, and an inverse criterion divides by it")
            } else {
                None
            };
            if let Some(m) = problem {
                return Err(KeyError::Input {
                    country: countries[i].clone(),
                    criterion: c.name.clone(),
                    message: format!("{x} {m}"),
                });
            }
        }
        let raw: Vec<f64> = values
            .iter()
            .map(|v| match c.effect {
                Effect::Direct => v[k],
                Effect::Inverse => 1.0 / v[k],
            })
            .collect();
        let sum: f64 = raw.iter().sum();
        if sum <= 0.0 {
            return Err(KeyError::Input {
                country: "every country".into(),
                criterion: c.name.clone(),
                message: "is 0: the criterion cannot share anything".into(),
            });
        }
        for i in 0..n {
            shares[i][k] = raw[i] / sum;
        }
    }
    let direct: Vec<usize> = (0..spec.criteria.len())
        .filter(|&k| spec.criteria[k].effect == Effect::Direct)
        .collect();
    let direct_weight: f64 = direct.iter().map(|&k| spec.criteria[k].weight).sum();
    let mut parts = Vec::with_capacity(n);
    let mut alloc = vec![0.0; n];
    for i in 0..n {
        let base: f64 = direct.iter().map(|&k| shares[i][k]).sum();
        let mut row = Vec::with_capacity(spec.criteria.len());
        for (k, c) in spec.criteria.iter().enumerate() {
            let s = shares[i][k];
            let capped = match c.cap {
                Some(cap) if c.effect == Effect::Inverse => s.min(cap * base),
                _ => s,
            };
            alloc[i] += c.weight * capped;
            row.push(Part {
                criterion: c.name.clone(),
                value: values[i][k],
                share: s,
                capped_share: capped,
                contribution: c.weight * capped,
            });
        }
        parts.push(row);
    }
    // What the caps removed goes back in proportion to the direct
    // criteria (with no direct criterion there is no cap, hence nothing).
    let removed = (1.0 - alloc.iter().sum::<f64>()).max(0.0);
    let redistributed: Vec<f64> = (0..n)
        .map(|i| {
            if direct_weight > 0.0 {
                removed
                    * direct
                        .iter()
                        .map(|&k| spec.criteria[k].weight * shares[i][k])
                        .sum::<f64>()
                    / direct_weight
            } else {
                0.0
            }
        })
        .collect();
    let shares: Vec<f64> = (0..n).map(|i| alloc[i] + redistributed[i]).collect();
    Ok(Key {
        countries: countries.to_vec(),
        shares,
        parts,
        redistributed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn eu() -> Spec {
        Spec::parse("pop:0.4,gdp:0.4,unemp:0.1:inverse:cap=0.3,asylum:0.1:inverse:cap=0.3").unwrap()
    }

    #[test]
    fn specs_are_checked() {
        assert!(Spec::parse("pop:0.5,gdp:0.4")
            .unwrap_err()
            .to_string()
            .contains("add up to 0.9"));
        assert!(Spec::parse("pop:0.5,pop:0.5").is_err());
        assert!(Spec::parse("pop:x").is_err());
        assert!(Spec::parse("u:1:inverse:cap=0.3").is_err());
        assert!(Spec::parse("pop:0.5,u:0.5:sideways").is_err());
        assert_eq!(eu().criteria[2].effect, Effect::Inverse);
    }

    #[test]
    fn a_cap_binds_on_a_small_state_and_the_rest_is_handed_back() {
        let countries: Vec<String> = ["BIG", "MID", "SMALL"].map(String::from).to_vec();
        // The small state has almost no asylum applications: uncapped, the
        // inverse criterion would give it most of its 10%.
        let values = vec![
            vec![80.0, 800.0, 5.0, 2000.0],
            vec![18.0, 180.0, 10.0, 1500.0],
            vec![2.0, 20.0, 8.0, 10.0],
        ];
        let k = key(&countries, &values, &eu()).unwrap();
        assert!((k.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let small = &k.parts[2][3];
        assert!(small.capped_share < small.share, "the cap binds: {small:?}");
        assert!((small.capped_share - 0.3 * (0.02 + 0.02)).abs() < 1e-12);
        assert!(k.redistributed[0] > k.redistributed[2]);
        assert!(key(&countries, &vec![vec![1.0, 1.0, 0.0, 1.0]; 3], &eu()).is_err());
    }

    fn inputs() -> impl Strategy<Value = Vec<Vec<f64>>> {
        proptest::collection::vec(proptest::collection::vec(0.5f64..1000.0, 4), 2..12)
    }

    proptest! {
        /// Whatever is typed after --criteria, an answer, never a panic.
        #[test]
        fn any_criteria_text_parses_or_is_refused(text in "\\PC{0,60}") {
            let _ = Spec::parse(&text);
        }

        #[test]
        fn shares_add_up_to_one(values in inputs()) {
            let countries: Vec<String> = (0..values.len()).map(|i| format!("C{i}")).collect();
            let k = key(&countries, &values, &eu()).unwrap();
            prop_assert!((k.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            prop_assert!(k.shares.iter().all(|s| *s >= 0.0));
        }

        /// More population or GDP never lowers a country's share; more
        /// unemployment or asylum applications never raises it.
        #[test]
        fn each_criterion_moves_the_share_the_right_way(
            values in inputs(), who in 0usize..12, k in 0usize..4, factor in 1.01f64..5.0,
        ) {
            let who = who % values.len();
            let countries: Vec<String> = (0..values.len()).map(|i| format!("C{i}")).collect();
            let before = key(&countries, &values, &eu()).unwrap().shares[who];
            let mut more = values.clone();
            more[who][k] *= factor;
            let after = key(&countries, &more, &eu()).unwrap().shares[who];
            if k < 2 {
                prop_assert!(after >= before - 1e-12, "direct {k}: {before} → {after}");
            } else {
                prop_assert!(after <= before + 1e-12, "inverse {k}: {before} → {after}");
            }
        }
    }
}

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

use serde::{Deserialize, Serialize};

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
            if cap.is_some() && effect == Effect::Direct {
                // A cap bounds an inverse criterion's share by the direct
                // ones'; on a direct criterion it would be ignored.
                return Err(bad(format!(
                    "'{part}': only an inverse criterion takes a cap"
                )));
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

/// What to do when a country has no figure for a criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GapRule {
    /// Refuse to compute the key, naming every gap (the default: a key is
    /// not made on figures nobody has).
    #[default]
    Refuse,
    /// Leave the country out of that criterion alone: the criterion is
    /// shared among the countries that have a figure, and the country's
    /// own key is made from its other criteria, their weights scaled up to
    /// add to 1 again (`population:0.35, gdp:0.35, hosted:0.15` without
    /// unemployment become 0.41, 0.41, 0.18 for that country). The shares
    /// are then scaled together so that they add up to 1.
    Renormalise,
}

impl GapRule {
    pub const ALL: [GapRule; 2] = [GapRule::Refuse, GapRule::Renormalise];

    pub fn as_str(self) -> &'static str {
        match self {
            GapRule::Refuse => "refuse",
            GapRule::Renormalise => "renormalise",
        }
    }
}

impl std::fmt::Display for GapRule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for GapRule {
    type Err = String;

    fn from_str(s: &str) -> Result<GapRule, String> {
        GapRule::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("no gap rule '{s}': use refuse or renormalise"))
    }
}

/// One criterion's part in one country's key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub criterion: String,
    /// The country's figure; `None` for a gap, left out by
    /// [`GapRule::Renormalise`].
    pub value: Option<f64>,
    /// The weight this criterion has in this country's key: the
    /// criterion's, scaled up when the country has a gap elsewhere; 0 for
    /// the gap itself.
    pub weight: f64,
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
    /// What every country's contributions and hand-back were multiplied by
    /// so that the shares add up to 1: 1 without gaps, a little under it
    /// when renormalised gaps raised some countries' weights.
    pub scale: f64,
}

/// The key of `countries` whose inputs are `values[country][criterion]`,
/// criteria in the order of `spec`, every figure present.
pub fn key(countries: &[String], values: &[Vec<f64>], spec: &Spec) -> Result<Key, KeyError> {
    let values: Vec<Vec<Option<f64>>> = values
        .iter()
        .map(|row| row.iter().copied().map(Some).collect())
        .collect();
    key_with_gaps(countries, &values, spec, GapRule::Refuse)
}

/// The key when some figures may be missing (`None`), each gap handled by
/// `rule`. Without gaps it is exactly [`key`].
pub fn key_with_gaps(
    countries: &[String],
    values: &[Vec<Option<f64>>],
    spec: &Spec,
    rule: GapRule,
) -> Result<Key, KeyError> {
    let n = countries.len();
    let m = spec.criteria.len();
    if n == 0 {
        return Err(KeyError::Other("no countries to share among".into()));
    }
    if values.len() != n || values.iter().any(|v| v.len() != m) {
        return Err(KeyError::Other(
            "one value per country and criterion is needed".into(),
        ));
    }
    let gap = |i: usize, k: usize, message: &str| KeyError::Input {
        country: countries[i].clone(),
        criterion: spec.criteria[k].name.clone(),
        message: message.to_string(),
    };
    let mut shares = vec![vec![0.0; m]; n];
    for (k, c) in spec.criteria.iter().enumerate() {
        for (i, v) in values.iter().enumerate() {
            let problem = match v[k] {
                None if rule == GapRule::Refuse => {
                    Some("has no figure (the gap rule is refuse)".to_string())
                }
                None => None,
                Some(x) if !x.is_finite() || x < 0.0 => {
                    Some(format!("{x} is not a number of zero or more"))
                }
                Some(x) if c.effect == Effect::Inverse && x == 0.0 => {
                    Some(format!("{x} is 0, and an inverse criterion divides by it"))
                }
                Some(_) => None,
            };
            if let Some(message) = problem {
                return Err(gap(i, k, &message));
            }
        }
        let raw: Vec<f64> = values
            .iter()
            .map(|v| match (v[k], c.effect) {
                (None, _) => 0.0,
                (Some(x), Effect::Direct) => x,
                (Some(x), Effect::Inverse) => 1.0 / x,
            })
            .collect();
        let sum: f64 = raw.iter().sum();
        if sum <= 0.0 {
            return Err(KeyError::Input {
                country: "every country".into(),
                criterion: c.name.clone(),
                message: "is 0 or missing: the criterion cannot share anything".into(),
            });
        }
        // Values so large (or, inverted, so small) that their sum or a
        // share is not a number would make every share a guess.
        if !sum.is_finite() || raw.iter().any(|r| !(r / sum).is_finite()) {
            return Err(KeyError::Input {
                country: "every country".into(),
                criterion: c.name.clone(),
                message: "has values too large or too close to 0 to be shared out: give them in other units".into(),
            });
        }
        for i in 0..n {
            shares[i][k] = raw[i] / sum;
        }
    }
    let is_direct = |k: usize| spec.criteria[k].effect == Effect::Direct;
    let direct_weight: f64 = (0..m)
        .filter(|&k| is_direct(k))
        .map(|k| spec.criteria[k].weight)
        .sum();
    let mut parts = Vec::with_capacity(n);
    let mut alloc = vec![0.0; n];
    // Per country, the direct criteria's weighted shares: what the caps
    // removed is handed back in proportion to them.
    let mut direct_effect = vec![0.0; n];
    let mut removed = 0.0;
    for i in 0..n {
        let present = |k: usize| values[i][k].is_some();
        let held: f64 = (0..m)
            .filter(|&k| present(k))
            .map(|k| spec.criteria[k].weight)
            .sum();
        if held <= 0.0 {
            return Err(KeyError::Input {
                country: countries[i].clone(),
                criterion: "every criterion".into(),
                message: "has no figure: the country cannot be given a share".into(),
            });
        }
        // A cap is relative to the country's direct shares added up; with a
        // direct criterion missing, the ones it has stand for all of them.
        let direct_held: f64 = (0..m)
            .filter(|&k| is_direct(k) && present(k))
            .map(|k| spec.criteria[k].weight)
            .sum();
        let direct_sum: f64 = (0..m)
            .filter(|&k| is_direct(k) && present(k))
            .map(|k| shares[i][k])
            .sum();
        let direct_count = (0..m).filter(|&k| is_direct(k)).count() as f64;
        let direct_present = (0..m).filter(|&k| is_direct(k) && present(k)).count() as f64;
        let base = if direct_present > 0.0 {
            direct_sum * direct_count / direct_present
        } else {
            0.0
        };
        let mut row = Vec::with_capacity(m);
        for (k, c) in spec.criteria.iter().enumerate() {
            let weight = if present(k) { c.weight / held } else { 0.0 };
            let s = shares[i][k];
            let capped = match c.cap {
                Some(_) if !present(k) => s,
                Some(_) if direct_held <= 0.0 => return Err(gap(
                    i,
                    k,
                    "is capped relative to the direct criteria, and the country has none of them",
                )),
                Some(cap) if c.effect == Effect::Inverse => s.min(cap * base),
                _ => s,
            };
            alloc[i] += weight * capped;
            removed += weight * (s - capped);
            if is_direct(k) {
                direct_effect[i] += weight * s;
            }
            row.push(Part {
                criterion: c.name.clone(),
                value: values[i][k],
                weight,
                share: s,
                capped_share: capped,
                contribution: weight * capped,
            });
        }
        parts.push(row);
    }
    // What the caps removed goes back in proportion to the direct
    // criteria (with no direct criterion there is no cap, hence nothing).
    let direct_total: f64 = direct_effect.iter().sum();
    let redistributed: Vec<f64> = direct_effect
        .iter()
        .map(|d| {
            if direct_weight > 0.0 && direct_total > 0.0 {
                removed * d / direct_total
            } else {
                0.0
            }
        })
        .collect();
    let unscaled: Vec<f64> = (0..n).map(|i| alloc[i] + redistributed[i]).collect();
    let scale = 1.0 / unscaled.iter().sum::<f64>();
    Ok(Key {
        countries: countries.to_vec(),
        shares: unscaled.iter().map(|s| s * scale).collect(),
        parts,
        redistributed,
        scale,
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
    fn values_beyond_what_the_arithmetic_holds_are_refused_not_guessed() {
        let countries = vec!["HND".to_string(), "GTM".to_string()];
        let spec = Spec::parse("population:0.5,gdp:0.5").unwrap();
        let huge = vec![vec![1e308, 1.0], vec![1e308, 1.0]];
        let e = key(&countries, &huge, &spec).unwrap_err().to_string();
        assert!(e.contains("too large or too close to 0"), "{e}");
        let spec = Spec::parse("unemployment:1:inverse").unwrap();
        let tiny = vec![vec![1e-310], vec![3.0]];
        let e = key(&countries, &tiny, &spec).unwrap_err().to_string();
        assert!(e.contains("too large or too close to 0"), "{e}");
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
        assert!(
            Spec::parse("a:1:cap=0.1").is_err(),
            "a cap on a direct criterion"
        );
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

    fn some(values: &[Vec<f64>]) -> Vec<Vec<Option<f64>>> {
        values
            .iter()
            .map(|r| r.iter().copied().map(Some).collect())
            .collect()
    }

    #[test]
    fn a_gap_is_refused_unless_the_rule_is_renormalise() {
        let countries: Vec<String> = ["AAA", "BBB", "CCC"].map(String::from).to_vec();
        let mut values = some(&[
            vec![80.0, 800.0, 5.0, 2000.0],
            vec![18.0, 180.0, 10.0, 1500.0],
            vec![2.0, 20.0, 8.0, 10.0],
        ]);
        values[1][2] = None;
        let err = key_with_gaps(&countries, &values, &eu(), GapRule::Refuse).unwrap_err();
        assert_eq!(
            err.to_string(),
            "BBB, unemp: has no figure (the gap rule is refuse)"
        );
        let k = key_with_gaps(&countries, &values, &eu(), GapRule::Renormalise).unwrap();
        assert!((k.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // BBB is out of unemployment alone: the criterion is shared between
        // the other two, and BBB's other weights are scaled up to add to 1.
        let bbb = &k.parts[1];
        assert_eq!(bbb[2].value, None);
        assert_eq!((bbb[2].weight, bbb[2].contribution), (0.0, 0.0));
        assert!((bbb.iter().map(|p| p.weight).sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((bbb[0].weight - 0.4 / 0.9).abs() < 1e-12);
        assert!((k.parts[0][2].share + k.parts[2][2].share - 1.0).abs() < 1e-12);
        // Its share is what its contributions and hand-back make, scaled
        // with everyone's.
        let made: f64 = bbb.iter().map(|p| p.contribution).sum::<f64>() + k.redistributed[1];
        assert!((made * k.scale - k.shares[1]).abs() < 1e-12);
        assert!(k.scale < 1.0);
        // Without gaps, the same key as before.
        let full = key_with_gaps(
            &countries,
            &some(&vec![vec![1.0; 4]; 3]),
            &eu(),
            GapRule::Renormalise,
        )
        .unwrap();
        assert!(full.shares.iter().all(|s| (s - 1.0 / 3.0).abs() < 1e-12));
        assert!((full.scale - 1.0).abs() < 1e-12);
    }

    #[test]
    fn with_a_direct_criterion_missing_the_cap_rests_on_the_ones_present() {
        let countries: Vec<String> = ["AAA", "BBB"].map(String::from).to_vec();
        let spec = Spec::parse("pop:0.4,gdp:0.4,u:0.2:inverse:cap=0.3").unwrap();
        let values = vec![
            vec![Some(3.0), Some(3.0), Some(100.0)],
            vec![Some(1.0), None, Some(1.0)],
        ];
        let k = key_with_gaps(&countries, &values, &spec, GapRule::Renormalise).unwrap();
        // BBB has a quarter of the population and no GDP figure: its
        // population share stands for both direct criteria, so the cap is
        // 0.3 × (0.25 + 0.25), not 0.3 × 0.25.
        let u = &k.parts[1][2];
        assert!((u.share - 1.0 / 1.01).abs() < 1e-12, "{u:?}");
        assert!((u.capped_share - 0.15).abs() < 1e-12, "{u:?}");
        assert!((k.shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_country_with_no_figure_at_all_is_refused_even_when_renormalising() {
        let countries: Vec<String> = ["AAA", "BBB"].map(String::from).to_vec();
        let values = vec![vec![Some(1.0); 4], vec![None; 4]];
        let err = key_with_gaps(&countries, &values, &eu(), GapRule::Renormalise).unwrap_err();
        assert!(err.to_string().starts_with("BBB, every criterion"), "{err}");
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

        /// Whatever the gaps, renormalised shares add up to 1 and every
        /// country keeps a share, as long as it has a direct figure.
        #[test]
        fn renormalised_shares_add_up_to_one(
            values in inputs(), holes in proptest::collection::vec((0usize..12, 0usize..4), 0..6),
        ) {
            let countries: Vec<String> = (0..values.len()).map(|i| format!("C{i}")).collect();
            let mut values = some(&values);
            let n = values.len();
            for (i, k) in holes {
                // Keep population for everyone, and each criterion for C0,
                // so that every country and criterion can be shared.
                if i % n != 0 && k != 0 {
                    values[i % n][k] = None;
                }
            }
            let k = key_with_gaps(&countries, &values, &eu(), GapRule::Renormalise).unwrap();
            prop_assert!((k.shares.iter().sum::<f64>() - 1.0).abs() < 1e-9);
            prop_assert!(k.shares.iter().all(|s| *s > 0.0));
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

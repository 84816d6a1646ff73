//! What responsibility sharing answers, as the command line prints it and
//! the API serves it: one type per answer, so that both roads give the same
//! fields and the OpenAPI document describes them. The pure crate computes;
//! these types are its wire format.

use corredor_sharing::inputs::Outcome;
use corredor_sharing::key::Part;
use corredor_sharing::place::{Instance, Placement};
use corredor_sharing::train::Trained;
use corredor_sharing::{Criterion, GapRule};
use serde::Serialize;
use utoipa::ToSchema;

/// How a key's shares are rounded to persons.
const METHOD: &str = "largest remainder (Hamilton)";

/// A distribution key.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KeyAnswer {
    /// Persons shared.
    pub total: u64,
    pub method: String,
    /// Each criterion: the input column it reads, its weight, whether it
    /// counts for or against a share, and its cap.
    #[schema(value_type = Vec<Object>)]
    pub criteria: Vec<Criterion>,
    /// Countries by share, largest first.
    pub shares: Vec<ShareRow>,
    /// What a missing figure meant: `refuse` (there were none) or
    /// `renormalise` (the country left out of that criterion alone).
    #[schema(value_type = String)]
    pub gap_rule: GapRule,
    /// The preset the key follows, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Where the key is furthest from a published one it was compared with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub largest_difference_pp: Option<Difference>,
    /// How one country's share is made, when asked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explain: Option<Explanation>,
}

/// One country's share.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShareRow {
    pub country: String,
    /// A fraction of 1; the shares add up to 1.
    pub share: f64,
    pub persons: u64,
    /// The published key's share, in percent, when compared with one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_pct: Option<f64>,
    /// Computed minus published, in percentage points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference_pp: Option<f64>,
    /// Each criterion's figure with its year, age and source, when the
    /// inputs give years or have gaps.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inputs: Vec<InputUsed>,
}

/// One country's figure for one criterion, as the inputs gave it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InputUsed {
    pub criterion: String,
    /// `null` for a gap.
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// Years before the inputs' reference year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Difference {
    pub country: String,
    pub pp: f64,
}

/// How one country's share is made, criterion by criterion.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = ShareExplanation)]
pub struct Explanation {
    pub country: String,
    /// Each criterion's value, share, capped share and contribution.
    #[schema(value_type = Vec<Object>)]
    pub parts: Vec<Part>,
    /// What the caps removed from others that this country received.
    pub handed_back: f64,
    /// What the contributions and the hand-back were multiplied by so that
    /// the shares add up to 1 (1 unless gaps were renormalised).
    pub scale: f64,
    pub share: f64,
    pub persons: u64,
}

impl KeyAnswer {
    pub fn new(o: &Outcome) -> KeyAnswer {
        KeyAnswer {
            total: o.total,
            method: METHOD.to_string(),
            criteria: o.spec.criteria.clone(),
            shares: o
                .order()
                .into_iter()
                .map(|i| {
                    let difference = o.difference(i);
                    ShareRow {
                        country: o.countries[i].clone(),
                        share: o.key.shares[i],
                        persons: o.persons[i],
                        published_pct: difference.map(|d| o.key.shares[i] * 100.0 - d),
                        difference_pp: difference,
                        inputs: if o.has_years() || !o.gaps().is_empty() {
                            inputs_used(o, i)
                        } else {
                            Vec::new()
                        },
                    }
                })
                .collect(),
            gap_rule: o.gaps,
            preset: o.preset.map(|p| p.name.to_string()),
            largest_difference_pp: o
                .largest_difference()
                .map(|(country, pp)| Difference { country, pp }),
            explain: None,
        }
    }
}

fn inputs_used(o: &Outcome, i: usize) -> Vec<InputUsed> {
    o.key.parts[i]
        .iter()
        .zip(&o.provenance[i])
        .map(|(part, p)| InputUsed {
            criterion: part.criterion.clone(),
            value: part.value,
            year: p.year,
            age: p.year.zip(o.reference_years[i]).map(|(y, r)| r - y),
            source: p.source.clone(),
        })
        .collect()
}

/// How `country`'s share in `o` is made; `None` when it has none.
pub fn explain(o: &Outcome, country: &str) -> Option<Explanation> {
    let i = o.countries.iter().position(|c| c == country)?;
    Some(Explanation {
        country: country.to_string(),
        parts: o.key.parts[i].clone(),
        handed_back: o.key.redistributed[i],
        scale: o.key.scale,
        share: o.key.shares[i],
        persons: o.persons[i],
    })
}

/// A placement of families at sites.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlacementAnswer {
    pub assignments: Vec<Assignment>,
    /// The families left unplaced, each with why.
    pub unassigned: Vec<Unassigned>,
    /// The placement's value (6 decimals).
    pub objective: f64,
    /// No placement is worth more (6 decimals).
    pub bound: f64,
    /// (bound − objective) / bound (6 decimals).
    pub gap: f64,
    pub persons_placed: u64,
    /// False when the time limit cut the search short.
    pub finished: bool,
    /// How the placement was found: `branch and bound (optimal)` or
    /// `knapsack bound (optimal)` (no placement is worth more than 0.02%
    /// above it: the search closed, or the knapsack bound is that close),
    /// `branch and bound (stopped before closing)`, or `Lagrangian bound
    /// and local search` (instances with quotas or more than 2,000
    /// families).
    pub method: String,
    /// Nodes the branch and bound visited (0 when it did not run).
    pub nodes: usize,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Assignment {
    pub case: String,
    pub site: String,
}

/// A family not placed, and why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Unassigned {
    pub case: String,
    /// `no_site` (no site offers every service it needs), `too_large`
    /// (every site offering them takes fewer persons than it has), `full`
    /// (the sites large enough were filled), `quota` (room is left only in
    /// countries at the most their quota lets them take), `no_score` (it
    /// scores 0 wherever room is left) or `not_reached` (room was left
    /// where it scores, but the search stopped or did not prove its
    /// placement the best).
    #[schema(value_type = String)]
    pub reason: &'static str,
}

/// Figures are given to 6 decimals, which is all a reader can use and what
/// the golden files compare.
fn round6(x: f64) -> f64 {
    // Adding 0 turns −0 (an empty sum, or a tiny negative rounded) into 0.
    (x * 1e6).round() / 1e6 + 0.0
}

impl PlacementAnswer {
    pub fn new(p: &Placement, inst: &Instance) -> PlacementAnswer {
        let mut assignments = Vec::new();
        let mut persons_placed = 0u64;
        for (i, s) in p.site_of.iter().enumerate() {
            if let Some(j) = s {
                persons_placed += u64::from(inst.cases[i].size);
                assignments.push(Assignment {
                    case: inst.cases[i].id.clone(),
                    site: inst.sites[*j as usize].id.clone(),
                });
            }
        }
        let unassigned = corredor_sharing::place::unplaced::unplaced(inst, p)
            .into_iter()
            .map(|(i, why)| Unassigned {
                case: inst.cases[i].id.clone(),
                reason: why.as_str(),
            })
            .collect();
        PlacementAnswer {
            assignments,
            unassigned,
            objective: round6(p.objective),
            bound: round6(p.bound),
            gap: round6(p.gap()),
            persons_placed,
            finished: p.finished,
            method: p.method.to_string(),
            nodes: p.nodes,
        }
    }
}

/// Why a request's files or inputs gave no answer: each problem with its
/// file, line and column.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problems {
    pub error: String,
    pub errors: Vec<String>,
}

/// What training the employment model found, as `share train --json`
/// prints it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingAnswer {
    /// Past placements read.
    pub outcomes: usize,
    /// Of them, held out to validate the models.
    pub held_out: usize,
    /// Area under the ROC curve on the held-out members, per-site models
    /// (four decimals).
    pub auc: f64,
    /// The same with the pooled model alone.
    pub pooled_auc: f64,
    /// Sites with past placements.
    pub sites: usize,
    /// Family–site pairs scored.
    pub scores: usize,
}

pub fn training(t: &Trained) -> TrainingAnswer {
    let four = |x: f64| (x * 1e4).round() / 1e4;
    TrainingAnswer {
        outcomes: t.outcomes,
        held_out: t.held_out,
        auc: four(t.auc),
        pooled_auc: four(t.pooled_auc),
        sites: t.sites.len(),
        scores: t.scores.len(),
    }
}

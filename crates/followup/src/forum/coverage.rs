//! Coverage of each requirement as OCHA's Financial Tracking Service shows
//! it: pledged, committed and disbursed against what is required, with the
//! part the secretariat has verified. Money in any currency is converted
//! to the requirement's at the rate of each step's own date; a pledge in
//! kind counts only against a requirement in the same unit, and is listed,
//! never summed, against one in money (and money against one in kind).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::requirement::Requirement;
use crate::pledge::{
    exact, rate_on, Currency, KindTotal, KindUnit, Money, Pledge, Rate, Stage, Stages, Unit,
};

/// No exchange rate for a conversion the coverage needs: listed in the
/// coverage, and the amount left out of its sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[error("no rate from {from} to {to} on or before {date} (needed for {needed}): load one with `corredor rates import`")]
pub struct NoRate {
    pub needed: Needed,
    pub from: Currency,
    pub to: Currency,
    pub date: NaiveDate,
}

/// What a conversion was for: a step of a pledge, or a requirement's
/// amount in an appeal's total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Needed {
    Pledge {
        pledge: String,
        stage: Stage,
        /// The step's amount, in the rate's `from` currency.
        #[serde(serialize_with = "exact")]
        amount: Decimal,
    },
    Requirement {
        requirement: String,
    },
}

impl std::fmt::Display for Needed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Needed::Pledge { pledge, stage, .. } => {
                write!(f, "pledge {pledge}, {}", stage.as_str())
            }
            Needed::Requirement { requirement } => write!(f, "requirement {requirement}"),
        }
    }
}

/// Why a coverage cannot be worked out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoverageError {
    /// Amounts at their bound, converted through two rates at theirs,
    /// add up past what a decimal holds.
    #[error(
        "the coverage of {0} is beyond what can be added up: check the largest amounts and rates"
    )]
    TooLarge(String),
}

/// A pledge answering a requirement in another unit than the
/// requirement's: listed in its own unit, never summed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Apart {
    pub pledge: String,
    pub donor: String,
    pub unit: Unit,
    pub amounts: Stages,
    pub estimate: Option<Money>,
}

/// One requirement and what answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct RequirementCoverage {
    pub requirement: Requirement,
    /// In the requirement's unit.
    pub covered: Stages,
    /// The part of `covered` the secretariat has verified.
    pub verified: Stages,
    /// Each stage as a percentage of the requirement, to one decimal.
    pub percent: Stages,
    /// The pledges counted in `covered`.
    pub pledges: Vec<String>,
    /// The pledges that answer it in money no rate converts to its
    /// currency, or to the appeal's when the appeal counts it: in no sum
    /// (`Coverage::unconverted` says which rate).
    pub unconverted: Vec<String>,
    pub apart: Vec<Apart>,
}

/// An appeal's requirements in money, in the report's currency, and its
/// requirements in kind, one line a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct AppealCoverage {
    pub appeal: String,
    /// Required in money: each requirement converted at the rate of its
    /// start date.
    #[serde(serialize_with = "exact")]
    pub required: Decimal,
    /// Answering those requirements: each step converted at its date.
    pub covered: Stages,
    pub in_kind: Vec<KindNeed>,
}

/// Required and answered in one unit in kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct KindNeed {
    pub unit: KindUnit,
    #[serde(serialize_with = "exact")]
    pub required: Decimal,
    pub covered: Stages,
}

/// Every requirement's coverage, each appeal's totals, and the pledges
/// that answer no requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = ForumCoverage))]
pub struct Coverage {
    /// The currency of the appeals' totals and of `outside`.
    pub currency: Currency,
    pub requirements: Vec<RequirementCoverage>,
    pub appeals: Vec<AppealCoverage>,
    /// Pledges in money that answer no requirement, in `currency`.
    pub outside: Stages,
    /// Pledges in kind that answer no requirement, one line a unit.
    pub outside_in_kind: Vec<KindTotal>,
    /// The pledges that answer no requirement, counted in `outside` or
    /// `outside_in_kind`.
    pub outside_pledges: Vec<String>,
    /// The amounts no rate converts, left out of the sums above: a
    /// pledge in a currency nobody has rates for, which any party to it
    /// may report, does not take the coverage away from everyone.
    pub unconverted: Vec<NoRate>,
}

/// `amount` in `to` at the rate of `date`; none, and the missing rate
/// added to `unconverted`, without one.
fn convert(
    rates: &[Rate],
    unconverted: &mut Vec<NoRate>,
    amount: Decimal,
    from: &Currency,
    to: &Currency,
    date: NaiveDate,
    needed: impl Fn() -> Needed,
) -> Result<Option<Decimal>, CoverageError> {
    let Some(rate) = rate_on(rates, from, to, date) else {
        let missing = NoRate {
            needed: needed(),
            from: from.clone(),
            to: to.clone(),
            date,
        };
        // A step converted for its requirement and for its appeal is
        // listed once for each rate it lacks.
        if !unconverted.contains(&missing) {
            unconverted.push(missing);
        }
        return Ok(None);
    };
    let converted = amount
        .checked_mul(rate)
        .ok_or_else(|| CoverageError::TooLarge(needed().to_string()))?;
    Ok(Some(to.round(converted)))
}

/// A step counted in a requirement's unit: its stage, amount, and whether
/// the secretariat verified it.
type Counted = (Stage, Decimal, bool);

/// A pledge's steps in a unit.
enum InUnit {
    /// Every step, money converted at its date.
    Counted(Vec<Counted>),
    /// The pledge is in another unit.
    Other,
    /// A step in money no rate converts (said in `unconverted`): the
    /// pledge is in no sum, so that its stages are never counted apart
    /// (a disbursement counted beside a pledge that is not).
    Unconverted,
}

/// `p`'s steps in `unit`.
fn in_unit(
    p: &Pledge,
    unit: &Unit,
    rates: &[Rate],
    unconverted: &mut Vec<NoRate>,
) -> Result<InUnit, CoverageError> {
    let mut out = Vec::new();
    let mut missing = false;
    for s in &p.steps {
        let amount = match (&s.unit, unit) {
            (Unit::Money(from), Unit::Money(to)) => {
                let what = || Needed::Pledge {
                    pledge: p.id.clone(),
                    stage: s.stage,
                    amount: s.amount,
                };
                match convert(rates, unconverted, s.amount, from, to, s.date, what)? {
                    Some(a) => a,
                    None => {
                        missing = true;
                        continue;
                    }
                }
            }
            (a, b) if a == b => s.amount,
            _ => return Ok(InUnit::Other),
        };
        out.push((s.stage, amount, s.verified.is_some()));
    }
    Ok(if missing {
        InUnit::Unconverted
    } else {
        InUnit::Counted(out)
    })
}

/// `part` as a percentage of `whole`, to one decimal; `None` past what a
/// decimal holds.
fn percent(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() {
        return Some(Decimal::ZERO);
    }
    let mut p = part
        .checked_div(whole)?
        .checked_mul(Decimal::ONE_HUNDRED)?
        .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    p.rescale(1);
    Some(p)
}

/// Whether pledge `p` answers requirement `r`: it names it, and is to its
/// recipient (a pledge stored before imports checked that counts towards
/// no other recipient's requirement).
fn answers(p: &Pledge, r: &Requirement) -> bool {
    p.requirement.as_deref() == Some(r.id.as_str()) && p.recipient == r.recipient
}

/// The coverage of `requirements` by `pledges`, appeals' totals in
/// `currency`.
pub fn coverage(
    requirements: &[Requirement],
    pledges: &[Pledge],
    rates: &[Rate],
    currency: &Currency,
) -> Result<Coverage, CoverageError> {
    let money = Unit::Money(currency.clone());
    let too_large = |what: &str| CoverageError::TooLarge(what.to_string());
    let mut out = Coverage {
        currency: currency.clone(),
        requirements: Vec::new(),
        appeals: Vec::new(),
        outside: Stages::zero(&money),
        outside_in_kind: Vec::new(),
        outside_pledges: Vec::new(),
        unconverted: Vec::new(),
    };
    for r in requirements {
        let mut line = RequirementCoverage {
            requirement: r.clone(),
            covered: Stages::zero(&r.unit),
            verified: Stages::zero(&r.unit),
            // Filled once every pledge is counted.
            percent: Stages::zero(&Unit::InKind(KindUnit::Places)),
            pledges: Vec::new(),
            unconverted: Vec::new(),
            apart: Vec::new(),
        };
        let appeal = match out.appeals.iter().position(|a| a.appeal == r.appeal) {
            Some(i) => i,
            None => {
                out.appeals.push(AppealCoverage {
                    appeal: r.appeal.clone(),
                    required: currency.zero(),
                    covered: Stages::zero(&money),
                    in_kind: Vec::new(),
                });
                out.appeals.len() - 1
            }
        };
        // The requirement in the appeal's currency, at the rate of its
        // start; none in kind, and none for one no rate converts, which is
        // left out of the appeal's totals in money with the pledges that
        // answer it.
        let required = match &r.unit {
            Unit::Money(c) => {
                let what = || Needed::Requirement {
                    requirement: r.id.clone(),
                };
                convert(
                    rates,
                    &mut out.unconverted,
                    r.amount,
                    c,
                    currency,
                    r.start,
                    what,
                )?
            }
            Unit::InKind(_) => None,
        };
        let answering = pledges.iter().filter(|p| answers(p, r));
        for p in answering {
            match in_unit(p, &r.unit, rates, &mut out.unconverted)? {
                InUnit::Counted(steps) => {
                    // In the appeal's currency too, when the appeal counts
                    // the requirement: a pledge counted in one and not the
                    // other would cover the appeal less than its lines.
                    let in_appeal = match required {
                        Some(_) => match in_unit(p, &money, rates, &mut out.unconverted)? {
                            InUnit::Counted(steps) => Some(steps),
                            InUnit::Unconverted => {
                                line.unconverted.push(p.id.clone());
                                continue;
                            }
                            InUnit::Other => None,
                        },
                        _ => None,
                    };
                    for (stage, amount, verified) in steps {
                        line.covered
                            .add(stage, amount)
                            .ok_or_else(|| too_large(&format!("requirement {}", r.id)))?;
                        if verified {
                            line.verified
                                .add(stage, amount)
                                .ok_or_else(|| too_large(&format!("requirement {}", r.id)))?;
                        }
                    }
                    line.pledges.push(p.id.clone());
                    // The appeal's total in money: from each step's own
                    // currency, at its date, not through the requirement's.
                    for (stage, amount, _) in in_appeal.into_iter().flatten() {
                        out.appeals[appeal]
                            .covered
                            .add(stage, amount)
                            .ok_or_else(|| too_large(&format!("appeal {}", r.appeal)))?;
                    }
                }
                InUnit::Unconverted => line.unconverted.push(p.id.clone()),
                InUnit::Other => {
                    let unit = p
                        .steps
                        .first()
                        .map(|s| s.unit.clone())
                        .unwrap_or(money.clone());
                    let mut amounts = Stages::zero(&unit);
                    for s in &p.steps {
                        amounts
                            .add(s.stage, s.amount)
                            .ok_or_else(|| too_large(&format!("pledge {}", p.id)))?;
                    }
                    line.apart.push(Apart {
                        pledge: p.id.clone(),
                        donor: p.donor.clone(),
                        unit,
                        amounts,
                        estimate: p.steps.iter().rev().find_map(|s| s.estimate.clone()),
                    });
                }
            }
        }
        let share = |part: Decimal| {
            percent(part, r.amount).ok_or_else(|| too_large(&format!("requirement {}", r.id)))
        };
        line.percent = Stages {
            pledged: share(line.covered.pledged)?,
            committed: share(line.covered.committed)?,
            disbursed: share(line.covered.disbursed)?,
        };
        let a = &mut out.appeals[appeal];
        match &r.unit {
            Unit::Money(_) => {
                if let Some(required) = required {
                    a.required = a
                        .required
                        .checked_add(required)
                        .ok_or_else(|| too_large(&format!("appeal {}", r.appeal)))?;
                }
            }
            Unit::InKind(k) => {
                let at = match a.in_kind.iter().position(|n| n.unit == *k) {
                    Some(i) => i,
                    None => {
                        a.in_kind.push(KindNeed {
                            unit: *k,
                            required: Decimal::ZERO,
                            covered: Stages::zero(&r.unit),
                        });
                        a.in_kind.len() - 1
                    }
                };
                let n = &mut a.in_kind[at];
                let what = || too_large(&format!("appeal {}", r.appeal));
                n.required = n.required.checked_add(r.amount).ok_or_else(what)?;
                for stage in Stage::ALL {
                    n.covered
                        .add(stage, line.covered.get(stage))
                        .ok_or_else(what)?;
                }
            }
        }
        out.requirements.push(line);
    }
    // Outside: a pledge that answers no requirement.
    for p in pledges {
        if requirements.iter().any(|r| answers(p, r)) {
            continue;
        }
        match in_unit(p, &money, rates, &mut out.unconverted)? {
            InUnit::Counted(steps) => {
                for (stage, amount, _) in steps {
                    out.outside
                        .add(stage, amount)
                        .ok_or_else(|| too_large("the pledges outside the requirements"))?;
                }
            }
            InUnit::Unconverted => continue,
            InUnit::Other => {
                for s in &p.steps {
                    if let Unit::InKind(k) = s.unit {
                        KindTotal::of(&mut out.outside_in_kind, k).add(s.stage, s.amount);
                    }
                }
            }
        }
        out.outside_pledges.push(p.id.clone());
    }
    Ok(out)
}

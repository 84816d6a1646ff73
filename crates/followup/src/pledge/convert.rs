//! Exchange rates and the report in one currency: each step converted at
//! the rate of its own date, never a later one.

use chrono::NaiveDate;
use std::str::FromStr;

use corredor_ingest::Problems;
use rust_decimal::Decimal;
use serde::Serialize;

use super::currency::*;
use super::file::*;
use super::steps::*;
use super::unit::{KindUnit, Money, Unit};

/// One unit of `base` is worth `rate` units of `quote` on `date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Rate {
    pub date: NaiveDate,
    pub base: Currency,
    pub quote: Currency,
    #[serde(serialize_with = "exact")]
    pub rate: Decimal,
}

pub const RATE_COLUMNS: [&str; 4] = ["date", "base", "quote", "rate"];

/// Parses a rates file (`date,base,quote,rate`): each rate with its line.
pub fn parse_rates(file: &str, bytes: &[u8]) -> Result<Vec<(u64, Rate)>, Vec<Problem>> {
    let mut read = Problems::default();
    let mut csv = open(file, bytes, &RATE_COLUMNS, &mut read)?;
    let mut rates = Vec::new();
    let mut problems = Vec::new();
    while let Some(row) = csv.next_row(&mut read) {
        let Ok(row) = row else { continue };
        let line = row.line;
        // Columns counted from 1, as the messages name them.
        let problem = |column: usize, message: String| Problem {
            at: row.at(column - 1),
            message,
        };
        let field = |i: usize| row.cell(i);
        let date = crate::calendar::file_day(field(0)).or_else(|| {
            problems.push(problem(
                1,
                format!(
                    "date '{}': use YYYY-MM-DD, a year from 1900 to 2200",
                    field(0)
                ),
            ));
            None
        });
        let base = Currency::from_str(field(1))
            .map_err(|e| problems.push(problem(2, e)))
            .ok();
        let quote = Currency::from_str(field(2))
            .map_err(|e| problems.push(problem(3, e)))
            .ok();
        let rate = match Decimal::from_str_exact(field(3)) {
            Ok(r) if (MIN_RATE..=MAX_RATE).contains(&r) => Some(r),
            _ => {
                problems.push(problem(
                    4,
                    format!(
                        "rate '{}': a number from {MIN_RATE} to {MAX_RATE}",
                        field(3)
                    ),
                ));
                None
            }
        };
        if let (Some(b), Some(q)) = (&base, &quote) {
            if b == q {
                problems.push(problem(
                    3,
                    format!("{b} to {q}: a rate is between two currencies"),
                ));
                continue;
            }
        }
        if let (Some(date), Some(base), Some(quote), Some(rate)) = (date, base, quote, rate) {
            rates.push((
                line,
                Rate {
                    date,
                    base,
                    quote,
                    rate,
                },
            ));
        }
    }
    problems.extend(read.kept().iter().cloned());
    if problems.is_empty() {
        Ok(rates)
    } else {
        in_file_order(&mut problems);
        Err(problems)
    }
}

/// A step a report could not convert: no rate links its currency to the
/// report's on or before its date. Listed in the report, left out of its
/// totals: one pledge in a currency nobody has rates for (which any party
/// to a pledge may report) must not take the report away from everyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[error("no rate from {from} to {to} on or before {date} (needed for pledge {pledge}, {}): load one with `corredor rates import`", .stage.as_str())]
pub struct MissingRate {
    pub pledge: String,
    pub stage: Stage,
    /// The step's amount, in `from`.
    #[serde(serialize_with = "exact")]
    pub amount: Decimal,
    pub from: Currency,
    pub to: Currency,
    pub date: NaiveDate,
}

/// Why a report cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    MissingRate(#[from] MissingRate),
    /// Amounts at their bound, converted through two rates at theirs,
    /// add up past what a decimal holds.
    #[error("the totals in {0} are beyond what a report can add up: check the largest amounts and rates")]
    TooLarge(Currency),
}

/// The currency cross rates go through when no rate links two currencies
/// directly: the one central banks and the IMF quote every currency in.
pub const PIVOT: &str = "USD";

/// The latest rate from `from` to `to` dated on or before `date`: direct,
/// inverted, or through [`PIVOT`]. Never a rate of a later date: a
/// conversion must not depend on what the market did afterwards.
pub fn rate_on(rates: &[Rate], from: &Currency, to: &Currency, date: NaiveDate) -> Option<Decimal> {
    if from == to {
        return Some(Decimal::ONE);
    }
    let direct = |a: &Currency, b: &Currency| -> Option<Decimal> {
        let latest = |x: &Currency, y: &Currency| {
            rates
                .iter()
                .filter(|r| &r.base == x && &r.quote == y && r.date <= date)
                .max_by_key(|r| r.date)
        };
        match (latest(a, b), latest(b, a)) {
            (Some(r), Some(i)) if i.date > r.date => Some(Decimal::ONE / i.rate),
            (Some(r), _) => Some(r.rate),
            (None, Some(i)) => Some(Decimal::ONE / i.rate),
            (None, None) => None,
        }
    };
    direct(from, to).or_else(|| {
        let pivot = Currency(PIVOT.into());
        if from == &pivot || to == &pivot {
            return None;
        }
        Some(direct(from, &pivot)? * direct(&pivot, to)?)
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ReportLine {
    pub id: String,
    pub donor: String,
    pub recipient: Recipient,
    pub purpose: String,
    #[serde(serialize_with = "exact_opt")]
    pub pledged: Option<Decimal>,
    #[serde(serialize_with = "exact_opt")]
    pub committed: Option<Decimal>,
    #[serde(serialize_with = "exact_opt")]
    pub disbursed: Option<Decimal>,
    /// The stages of the line the secretariat verified; the others are as
    /// their sender reported them.
    pub verified: Vec<Stage>,
}

/// Pledged, committed and disbursed: each stage's sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Stages {
    #[serde(serialize_with = "exact")]
    pub pledged: Decimal,
    #[serde(serialize_with = "exact")]
    pub committed: Decimal,
    #[serde(serialize_with = "exact")]
    pub disbursed: Decimal,
}

impl Stages {
    pub(crate) fn zero(unit: &Unit) -> Stages {
        Stages {
            pledged: unit.zero(),
            committed: unit.zero(),
            disbursed: unit.zero(),
        }
    }

    /// Adds `amount` to `stage`; `None`, and nothing added, past what a
    /// decimal holds.
    pub(crate) fn add(&mut self, stage: Stage, amount: Decimal) -> Option<()> {
        let sum = match stage {
            Stage::Pledged => &mut self.pledged,
            Stage::Committed => &mut self.committed,
            Stage::Disbursed => &mut self.disbursed,
        };
        *sum = sum.checked_add(amount)?;
        Some(())
    }

    pub fn get(&self, stage: Stage) -> Decimal {
        match stage {
            Stage::Pledged => self.pledged,
            Stage::Committed => self.committed,
            Stage::Disbursed => self.disbursed,
        }
    }
}

/// A pledge in kind: counted in its unit, apart from money.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct InKindLine {
    pub id: String,
    pub donor: String,
    pub recipient: Recipient,
    pub purpose: String,
    pub unit: KindUnit,
    #[serde(serialize_with = "exact_opt")]
    pub pledged: Option<Decimal>,
    #[serde(serialize_with = "exact_opt")]
    pub committed: Option<Decimal>,
    #[serde(serialize_with = "exact_opt")]
    pub disbursed: Option<Decimal>,
    /// The donor's estimate in money of the latest step that has one, in
    /// its own currency: shown, never added to the money totals.
    pub estimate: Option<Money>,
}

/// Pledged, committed and disbursed in one unit in kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct KindTotal {
    pub unit: KindUnit,
    #[serde(serialize_with = "exact")]
    pub pledged: Decimal,
    #[serde(serialize_with = "exact")]
    pub committed: Decimal,
    #[serde(serialize_with = "exact")]
    pub disbursed: Decimal,
}

impl KindTotal {
    /// The total of `unit` in `totals`, added at zero when it is not there.
    pub fn of(totals: &mut Vec<KindTotal>, unit: KindUnit) -> &mut KindTotal {
        let at = match totals.iter().position(|t| t.unit == unit) {
            Some(i) => i,
            None => {
                totals.push(KindTotal {
                    unit,
                    pledged: Decimal::ZERO,
                    committed: Decimal::ZERO,
                    disbursed: Decimal::ZERO,
                });
                totals.len() - 1
            }
        };
        &mut totals[at]
    }

    pub fn add(&mut self, stage: Stage, amount: Decimal) {
        match stage {
            Stage::Pledged => self.pledged += amount,
            Stage::Committed => self.committed += amount,
            Stage::Disbursed => self.disbursed += amount,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PledgeReport {
    pub currency: Currency,
    /// The pledges counted: in money, converted, and in kind.
    pub pledges: usize,
    #[serde(serialize_with = "exact")]
    pub pledged: Decimal,
    #[serde(serialize_with = "exact")]
    pub committed: Decimal,
    #[serde(serialize_with = "exact")]
    pub disbursed: Decimal,
    /// What of the totals the secretariat verified: a recipient or a donor
    /// may report a step, and until the secretariat verifies it, it counts
    /// in the totals as reported and not here.
    pub verified: Stages,
    /// The pledges in money, converted.
    pub lines: Vec<ReportLine>,
    /// The pledges in kind, in their units.
    pub in_kind: Vec<InKindLine>,
    /// Their totals, one a unit.
    pub in_kind_totals: Vec<KindTotal>,
    /// The steps in money no rate converts. Their pledges are left out of
    /// `lines` and of every total, at every stage.
    pub unconverted: Vec<MissingRate>,
}

/// The step of `p` at `stage` in `currency`, at the rate of the step's
/// own date, rounded to the currency's minor unit; none without the step
/// or for a step in kind.
pub fn converted(
    p: &Pledge,
    stage: Stage,
    rates: &[Rate],
    currency: &Currency,
) -> Result<Option<Decimal>, ReportError> {
    let Some(s) = p.step(stage) else {
        return Ok(None);
    };
    let Some(from) = s.unit.currency() else {
        return Ok(None);
    };
    let rate = rate_on(rates, from, currency, s.date).ok_or_else(|| MissingRate {
        pledge: p.id.clone(),
        stage,
        amount: s.amount,
        from: from.clone(),
        to: currency.clone(),
        date: s.date,
    })?;
    let amount = s
        .amount
        .checked_mul(rate)
        .ok_or_else(|| ReportError::TooLarge(currency.clone()))?;
    Ok(Some(currency.round(amount)))
}

/// The kind `p` is pledged in, when it is in kind.
pub fn kind_of(p: &Pledge) -> Option<KindUnit> {
    p.steps.first().and_then(|s| s.unit.in_kind())
}

/// Every pledge and the totals in `currency`. Each step in money is
/// converted at the rate of its own date and rounded to the currency's
/// minor unit; totals are the sums of the rounded lines, so they add up
/// on paper. Pledges in kind are counted in their units, apart. A step
/// no rate converts is listed in `unconverted`, and its pledge left out
/// of the lines and the totals; only totals past what a decimal holds
/// fail the report.
pub fn report(
    pledges: &[Pledge],
    rates: &[Rate],
    currency: &Currency,
) -> Result<PledgeReport, ReportError> {
    let mut out = PledgeReport {
        currency: currency.clone(),
        pledges: pledges.len(),
        pledged: currency.zero(),
        committed: currency.zero(),
        disbursed: currency.zero(),
        verified: Stages::zero(&Unit::Money(currency.clone())),
        lines: Vec::new(),
        in_kind: Vec::new(),
        in_kind_totals: Vec::new(),
        unconverted: Vec::new(),
    };
    for p in pledges {
        if let Some(unit) = kind_of(p) {
            let amount = |stage: Stage| p.step(stage).map(|s| s.amount);
            let line = InKindLine {
                id: p.id.clone(),
                donor: p.donor.clone(),
                recipient: p.recipient.clone(),
                purpose: p.purpose.clone(),
                unit,
                pledged: amount(Stage::Pledged),
                committed: amount(Stage::Committed),
                disbursed: amount(Stage::Disbursed),
                estimate: p.steps.iter().rev().find_map(|s| s.estimate.clone()),
            };
            let t = KindTotal::of(&mut out.in_kind_totals, unit);
            for stage in Stage::ALL {
                if let Some(s) = p.step(stage) {
                    t.add(stage, s.amount);
                }
            }
            out.in_kind.push(line);
            continue;
        }
        // A pledge with a step no rate converts is in no total, at any
        // stage: a disbursement counted beside a pledge that is not
        // would read as money disbursed that was never pledged.
        let mut missing = Vec::new();
        let mut convert = |stage| match converted(p, stage, rates, currency) {
            Err(ReportError::MissingRate(m)) => {
                missing.push(m);
                Ok(None)
            }
            other => other,
        };
        let (pledged, committed, disbursed) = (
            convert(Stage::Pledged)?,
            convert(Stage::Committed)?,
            convert(Stage::Disbursed)?,
        );
        if !missing.is_empty() {
            out.unconverted.append(&mut missing);
            continue;
        }
        let line = ReportLine {
            id: p.id.clone(),
            donor: p.donor.clone(),
            recipient: p.recipient.clone(),
            purpose: p.purpose.clone(),
            pledged,
            committed,
            disbursed,
            verified: p
                .steps
                .iter()
                .filter(|s| s.verified.is_some())
                .map(|s| s.stage)
                .collect(),
        };
        let add = |total: Decimal, line: Option<Decimal>| {
            total
                .checked_add(line.unwrap_or(currency.zero()))
                .ok_or_else(|| ReportError::TooLarge(currency.clone()))
        };
        out.pledged = add(out.pledged, line.pledged)?;
        out.committed = add(out.committed, line.committed)?;
        out.disbursed = add(out.disbursed, line.disbursed)?;
        for (stage, amount) in [
            (Stage::Pledged, line.pledged),
            (Stage::Committed, line.committed),
            (Stage::Disbursed, line.disbursed),
        ] {
            if let Some(amount) = amount.filter(|_| line.verified.contains(&stage)) {
                out.verified
                    .add(stage, amount)
                    .ok_or_else(|| ReportError::TooLarge(currency.clone()))?;
            }
        }
        out.lines.push(line);
    }
    out.in_kind_totals.sort_by_key(|t| t.unit);
    out.pledges = out.lines.len() + out.in_kind.len();
    Ok(out)
}

/// The part of `pledged` that is `disbursed`, as a percentage to one
/// decimal and at most 100 (a step can be disbursed past its pledge);
/// `None` for nothing pledged. Never panics: a share past what a decimal
/// holds is over a hundred anyway.
pub fn disbursed_share(pledged: Decimal, disbursed: Decimal) -> Option<Decimal> {
    let hundred = Decimal::ONE_HUNDRED;
    (pledged > Decimal::ZERO).then(|| {
        disbursed
            .checked_div(pledged)
            .and_then(|q| q.checked_mul(hundred))
            .unwrap_or(hundred)
            .round_dp(1)
            .min(hundred)
    })
}

//! Pledges: a donor's promise to a recipient (a country, a mechanism or a
//! working group) for a purpose, followed through its steps — pledged,
//! committed, disbursed — each with its date, amount, currency and the
//! reports that attest it.
//!
//! Money is exact: amounts are `rust_decimal::Decimal`, never floating
//! point. A pledge has one identity: when the donor and the recipient both
//! report the same step, the step is counted once and both reports are
//! kept as its sources. Conversion to a reporting currency uses the rate
//! of each step's own date.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// ISO 4217 codes and their minor units.
const ISO_4217: &str = include_str!("../data/iso4217.tsv");
/// No pledge or step is larger than this (a thousand million million in any
/// currency): a bound that keeps every total and conversion far inside
/// `Decimal`'s range, so that a mistyped figure is refused at its line
/// instead of overflowing a report.
const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
/// Likewise for an exchange rate: between a millionth and a million units
/// of one currency to one of another.
const MIN_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 6);
const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

fn currencies() -> &'static BTreeMap<&'static str, u32> {
    static TABLE: OnceLock<BTreeMap<&'static str, u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ISO_4217
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let (code, minor) = l.split_once('\t')?;
                Some((code, minor.parse().ok()?))
            })
            .collect()
    })
}

/// An ISO 4217 currency code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct Currency(String);

impl Currency {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Digits after the decimal point (2 for USD, 0 for JPY and CLP).
    pub fn minor_units(&self) -> u32 {
        currencies()[self.0.as_str()]
    }

    /// `amount` rounded to this currency's minor unit, half away from zero
    /// as accounts are kept.
    /// Written with exactly the minor unit's digits (200000.00, not 200000.0).
    pub fn round(&self, amount: Decimal) -> Decimal {
        let mut r = amount
            .round_dp_with_strategy(self.minor_units(), RoundingStrategy::MidpointAwayFromZero);
        r.rescale(self.minor_units());
        r
    }

    /// Zero in this currency's minor unit (0.00).
    pub fn zero(&self) -> Decimal {
        Decimal::new(0, self.minor_units())
    }
}

impl FromStr for Currency {
    type Err = String;
    fn from_str(s: &str) -> Result<Currency, String> {
        let code = s.trim().to_ascii_uppercase();
        if currencies().contains_key(code.as_str()) {
            Ok(Currency(code))
        } else {
            Err(format!(
                "currency '{s}': use an ISO 4217 code such as USD or EUR"
            ))
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Pledged,
    Committed,
    Disbursed,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::Pledged, Stage::Committed, Stage::Disbursed];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Pledged => "pledged",
            Stage::Committed => "committed",
            Stage::Disbursed => "disbursed",
        }
    }
}

impl FromStr for Stage {
    type Err = String;
    fn from_str(s: &str) -> Result<Stage, String> {
        match s.trim() {
            "pledged" => Ok(Stage::Pledged),
            "committed" => Ok(Stage::Committed),
            "disbursed" => Ok(Stage::Disbursed),
            _ => Err(format!("status '{s}': use pledged, committed or disbursed")),
        }
    }
}

/// Who receives: a country, a mechanism or a working group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum Recipient {
    Country(String),
    Mechanism(String),
    WorkingGroup(String),
}

impl Recipient {
    pub fn code(&self) -> &str {
        match self {
            Recipient::Country(c) | Recipient::Mechanism(c) | Recipient::WorkingGroup(c) => c,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Recipient::Country(_) => "country",
            Recipient::Mechanism(_) => "mechanism",
            Recipient::WorkingGroup(_) => "working_group",
        }
    }

    pub fn from_parts(kind: &str, code: &str) -> Option<Recipient> {
        match kind {
            "country" => Some(Recipient::Country(code.into())),
            "mechanism" => Some(Recipient::Mechanism(code.into())),
            "working_group" => Some(Recipient::WorkingGroup(code.into())),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Step {
    pub stage: Stage,
    pub date: NaiveDate,
    #[serde(serialize_with = "exact")]
    pub amount: Decimal,
    pub currency: Currency,
    /// Every report of this step: the donor's, the recipient's, …
    pub sources: Vec<String>,
}

/// Decimals go out as strings, so that no reader parses them into a
/// binary float on the way.
fn exact<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

fn exact_opt<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Pledge {
    pub id: String,
    pub donor: String,
    pub recipient: Recipient,
    pub purpose: String,
    /// At most one per stage, in stage order.
    pub steps: Vec<Step>,
}

impl Pledge {
    pub fn step(&self, stage: Stage) -> Option<&Step> {
        self.steps.iter().find(|s| s.stage == stage)
    }
}

/// A problem in a pledge file, where it is: `file:line:column` (the column
/// counted in fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "{}:{}:{}: {}", self.file, self.line, c, self.message),
            None => write!(f, "{}:{}: {}", self.file, self.line, self.message),
        }
    }
}

/// One row of a pledge file: one report of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub line: u64,
    pub id: String,
    pub donor: String,
    pub recipient: Recipient,
    pub purpose: String,
    pub stage: Stage,
    pub date: NaiveDate,
    pub amount: Decimal,
    pub currency: Currency,
    pub source: String,
}

pub const COLUMNS: [&str; 9] = [
    "id",
    "donor",
    "recipient",
    "purpose",
    "amount",
    "currency",
    "status",
    "date",
    "source",
];

/// Parses a pledge file (`id,donor,recipient,purpose,amount,currency,status,date,source`,
/// one row per step). `recipient` resolves a recipient's code: a country,
/// a mechanism or a working group the registry knows. Every problem of
/// every row is reported, or none and every row.
pub fn parse_csv(
    file: &str,
    bytes: &[u8],
    recipient: &dyn Fn(&str) -> Option<Recipient>,
) -> Result<Vec<Report>, Vec<Problem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let mut problems = Vec::new();
    let problem = |line: u64, column: Option<usize>, message: String| Problem {
        file: file.into(),
        line,
        column,
        message,
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(vec![problem(1, None, format!("unreadable header: {e}"))]),
    };
    if header != COLUMNS {
        return Err(vec![problem(
            1,
            None,
            format!(
                "the header must be {} (found {})",
                COLUMNS.join(","),
                header.join(",")
            ),
        )]);
    }
    let mut reports = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(line, None, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        if row.len() != COLUMNS.len() {
            problems.push(problem(
                line,
                None,
                format!(
                    "{} fields where the header has {}",
                    row.len(),
                    COLUMNS.len()
                ),
            ));
            continue;
        }
        let field = |i: usize| row.get(i).unwrap_or("").trim();
        let before = problems.len();
        let required = |i: usize, problems: &mut Vec<Problem>| {
            let v = field(i);
            if v.is_empty() {
                problems.push(problem(
                    line,
                    Some(i + 1),
                    format!("{} is empty", COLUMNS[i]),
                ));
            }
            v.to_string()
        };
        let id = required(0, &mut problems);
        let donor = required(1, &mut problems);
        let recipient_code = required(2, &mut problems);
        let purpose = required(3, &mut problems);
        let source = required(8, &mut problems);
        let to = recipient(&recipient_code);
        if to.is_none() && !recipient_code.is_empty() {
            problems.push(problem(
                line,
                Some(3),
                format!(
                    "recipient '{recipient_code}': use a country's ISO 3166-1 alpha-3 code, a mechanism (DLA, CRM, …) or a working group id from `corredor registry groups`"
                ),
            ));
        }
        let amount = match Decimal::from_str_exact(field(4)) {
            Ok(a) if a > MAX_AMOUNT => {
                problems.push(problem(
                    line,
                    Some(5),
                    format!(
                        "amount {}: more than any pledge ({MAX_AMOUNT}); check the figure",
                        field(4)
                    ),
                ));
                None
            }
            Ok(a) if a > Decimal::ZERO => Some(a),
            Ok(_) => {
                problems.push(problem(
                    line,
                    Some(5),
                    format!("amount {}: must be more than 0", field(4)),
                ));
                None
            }
            Err(_) => {
                problems.push(problem(
                    line,
                    Some(5),
                    format!("amount '{}': write a number with a point for decimals and no thousands separators (1250000.50)", field(4)),
                ));
                None
            }
        };
        let currency = Currency::from_str(field(5))
            .map_err(|e| problems.push(problem(line, Some(6), e)))
            .ok();
        let stage = Stage::from_str(field(6))
            .map_err(|e| problems.push(problem(line, Some(7), e)))
            .ok();
        let date = NaiveDate::parse_from_str(field(7), "%Y-%m-%d")
            .map_err(|_| {
                problems.push(problem(
                    line,
                    Some(8),
                    format!("date '{}': use YYYY-MM-DD", field(7)),
                ))
            })
            .ok();
        if let Some(c) = &currency {
            if let Some(a) = amount {
                if a.scale() > c.minor_units() {
                    problems.push(problem(
                        line,
                        Some(5),
                        format!("amount {a}: {c} has {} decimal places", c.minor_units()),
                    ));
                }
            }
        }
        if problems.len() > before {
            continue;
        }
        reports.push(Report {
            line,
            id,
            donor,
            recipient: to.expect("checked"),
            purpose,
            stage: stage.expect("checked"),
            date: date.expect("checked"),
            amount: amount.expect("checked"),
            currency: currency.expect("checked"),
            source,
        });
    }
    if problems.is_empty() {
        Ok(reports)
    } else {
        problems.sort_by_key(|p| (p.line, p.column));
        Err(problems)
    }
}

/// What merging reports into the pledges changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Merged {
    pub new_pledges: usize,
    pub new_steps: usize,
    /// Reports of a step already known (the other party's report of it).
    pub confirmations: usize,
}

/// Adds `reports` of `file` to `pledges`. A report of a step already
/// known must agree with it (date, amount, currency) and only adds its
/// source; a report of a known pledge must name the same donor, recipient
/// and purpose; a later stage may not be dated before an earlier one.
/// With any problem, `pledges` is left as it was.
pub fn merge(
    pledges: &mut Vec<Pledge>,
    file: &str,
    reports: &[Report],
) -> Result<Merged, Vec<Problem>> {
    // Work on a copy: a file with any problem changes nothing.
    let mut work = pledges.clone();
    let mut merged = Merged::default();
    let mut problems = Vec::new();
    let problem = |line: u64, column: usize, message: String| Problem {
        file: file.into(),
        line,
        column: Some(column),
        message,
    };
    for r in reports {
        let at = match work.iter().position(|p| p.id == r.id) {
            Some(i) => i,
            None => {
                work.push(Pledge {
                    id: r.id.clone(),
                    donor: r.donor.clone(),
                    recipient: r.recipient.clone(),
                    purpose: r.purpose.clone(),
                    steps: Vec::new(),
                });
                merged.new_pledges += 1;
                work.len() - 1
            }
        };
        let p = &mut work[at];
        let mismatch = [
            (p.donor != r.donor, 2, "donor", p.donor.clone()),
            (
                p.recipient != r.recipient,
                3,
                "recipient",
                p.recipient.code().to_string(),
            ),
            (p.purpose != r.purpose, 4, "purpose", p.purpose.clone()),
        ];
        let mut agree = true;
        for (differs, column, what, known) in mismatch {
            if differs {
                problems.push(problem(
                    r.line,
                    column,
                    format!("pledge {} has {what} '{known}': a pledge has one {what}, whoever reports it", r.id),
                ));
                agree = false;
            }
        }
        if !agree {
            continue;
        }
        match p.steps.iter_mut().find(|s| s.stage == r.stage) {
            Some(s) => {
                let same = s.amount == r.amount && s.currency == r.currency && s.date == r.date;
                if !same {
                    problems.push(problem(
                        r.line,
                        5,
                        format!(
                            "pledge {} is already {} as {} {} on {} ({}); this report says {} {} on {}: one of the two reports needs correcting",
                            r.id,
                            r.stage.as_str(),
                            s.amount,
                            s.currency,
                            s.date,
                            s.sources.join("; "),
                            r.amount,
                            r.currency,
                            r.date
                        ),
                    ));
                    continue;
                }
                if !s.sources.contains(&r.source) {
                    s.sources.push(r.source.clone());
                }
                merged.confirmations += 1;
            }
            None => {
                p.steps.push(Step {
                    stage: r.stage,
                    date: r.date,
                    amount: r.amount,
                    currency: r.currency.clone(),
                    sources: vec![r.source.clone()],
                });
                p.steps.sort_by_key(|s| s.stage);
                merged.new_steps += 1;
                let out_of_order = p
                    .steps
                    .windows(2)
                    .find(|w| w[1].date < w[0].date)
                    .map(|w| (w[0].clone(), w[1].clone()));
                if let Some((earlier, later)) = out_of_order {
                    problems.push(problem(
                        r.line,
                        8,
                        format!(
                            "pledge {} is {} on {}, before it was {} on {}",
                            r.id,
                            later.stage.as_str(),
                            later.date,
                            earlier.stage.as_str(),
                            earlier.date
                        ),
                    ));
                }
            }
        }
    }
    if problems.is_empty() {
        *pledges = work;
        Ok(merged)
    } else {
        Err(problems)
    }
}

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
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let problem = |line: u64, column: Option<usize>, message: String| Problem {
        file: file.into(),
        line,
        column,
        message,
    };
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => return Err(vec![problem(1, None, format!("unreadable header: {e}"))]),
    };
    if header != RATE_COLUMNS {
        return Err(vec![problem(
            1,
            None,
            format!("the header must be {}", RATE_COLUMNS.join(",")),
        )]);
    }
    let mut rates = Vec::new();
    let mut problems = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(problem(line, None, format!("unreadable row: {e}")));
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        let field = |i: usize| row.get(i).unwrap_or("").trim();
        let date = NaiveDate::parse_from_str(field(0), "%Y-%m-%d")
            .map_err(|_| {
                problems.push(problem(
                    line,
                    Some(1),
                    format!("date '{}': use YYYY-MM-DD", field(0)),
                ))
            })
            .ok();
        let base = Currency::from_str(field(1))
            .map_err(|e| problems.push(problem(line, Some(2), e)))
            .ok();
        let quote = Currency::from_str(field(2))
            .map_err(|e| problems.push(problem(line, Some(3), e)))
            .ok();
        let rate = match Decimal::from_str_exact(field(3)) {
            Ok(r) if (MIN_RATE..=MAX_RATE).contains(&r) => Some(r),
            _ => {
                problems.push(problem(
                    line,
                    Some(4),
                    format!(
                        "rate '{}': a number from {MIN_RATE} to {MAX_RATE}",
                        field(3)
                    ),
                ));
                None
            }
        };
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
    if problems.is_empty() {
        Ok(rates)
    } else {
        Err(problems)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no rate from {from} to {to} on or before {date} (needed for pledge {pledge}, {stage}): load one with `corredor rates import`")]
pub struct MissingRate {
    pub pledge: String,
    pub stage: &'static str,
    pub from: Currency,
    pub to: Currency,
    pub date: NaiveDate,
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
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PledgeReport {
    pub currency: Currency,
    pub pledges: usize,
    #[serde(serialize_with = "exact")]
    pub pledged: Decimal,
    #[serde(serialize_with = "exact")]
    pub committed: Decimal,
    #[serde(serialize_with = "exact")]
    pub disbursed: Decimal,
    pub lines: Vec<ReportLine>,
}

/// Every pledge and the totals in `currency`. Each step is converted at
/// the rate of its own date and rounded to the currency's minor unit;
/// totals are the sums of the rounded lines, so they add up on paper.
pub fn report(
    pledges: &[Pledge],
    rates: &[Rate],
    currency: &Currency,
) -> Result<PledgeReport, MissingRate> {
    let mut out = PledgeReport {
        currency: currency.clone(),
        pledges: pledges.len(),
        pledged: currency.zero(),
        committed: currency.zero(),
        disbursed: currency.zero(),
        lines: Vec::new(),
    };
    for p in pledges {
        let convert = |stage: Stage| -> Result<Option<Decimal>, MissingRate> {
            let Some(s) = p.step(stage) else {
                return Ok(None);
            };
            let rate =
                rate_on(rates, &s.currency, currency, s.date).ok_or_else(|| MissingRate {
                    pledge: p.id.clone(),
                    stage: stage.as_str(),
                    from: s.currency.clone(),
                    to: currency.clone(),
                    date: s.date,
                })?;
            Ok(Some(currency.round(s.amount * rate)))
        };
        let line = ReportLine {
            id: p.id.clone(),
            donor: p.donor.clone(),
            recipient: p.recipient.clone(),
            purpose: p.purpose.clone(),
            pledged: convert(Stage::Pledged)?,
            committed: convert(Stage::Committed)?,
            disbursed: convert(Stage::Disbursed)?,
        };
        out.pledged += line.pledged.unwrap_or(currency.zero());
        out.committed += line.committed.unwrap_or(currency.zero());
        out.disbursed += line.disbursed.unwrap_or(currency.zero());
        out.lines.push(line);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recipient(code: &str) -> Option<Recipient> {
        match code {
            "MIRPS" | "CRM" => Some(Recipient::Mechanism(code.into())),
            "dla-integration" => Some(Recipient::WorkingGroup(code.into())),
            c if crate::registry::is_state(c) => Some(Recipient::Country(c.into())),
            _ => None,
        }
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    const FILE: &str = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,MIRPS,Solidarity event,1000000.00,EUR,pledged,2021-06-10,donor report
P1,Italy,MIRPS,Solidarity event,1000000.00,EUR,pledged,2021-06-10,MIRPS report
P1,Italy,MIRPS,Solidarity event,400000.00,EUR,disbursed,2022-01-15,donor report
P2,USA,CRI,Asylum capacity,250000,USD,pledged,2021-06-10,donor report
P2,USA,CRI,Asylum capacity,250000,USD,committed,2021-09-01,donor report
P3,Canada,dla-integration,Host communities,100000,CAD,pledged,2022-03-01,donor report
";

    fn rates() -> Vec<Rate> {
        parse_rates(
            "rates.csv",
            b"date,base,quote,rate\n\
              2021-06-01,EUR,USD,1.2\n\
              2022-01-01,EUR,USD,1.1\n\
              2022-02-01,USD,CAD,1.25\n\
              2021-06-01,USD,MXN,20\n",
        )
        .unwrap()
        .into_iter()
        .map(|(_, r)| r)
        .collect()
    }

    fn pledges() -> Vec<Pledge> {
        let reports = parse_csv("p.csv", FILE.as_bytes(), &recipient).unwrap();
        let mut pledges = Vec::new();
        let m = merge(&mut pledges, "p.csv", &reports).unwrap();
        assert_eq!(
            m,
            Merged {
                new_pledges: 3,
                new_steps: 5,
                confirmations: 1
            }
        );
        pledges
    }

    #[test]
    fn a_step_reported_by_donor_and_recipient_counts_once() {
        let p = pledges();
        let pledged = p[0].step(Stage::Pledged).unwrap();
        assert_eq!(pledged.amount, dec("1000000.00"));
        assert_eq!(pledged.sources, vec!["donor report", "MIRPS report"]);
    }

    #[test]
    fn totals_in_two_currencies_use_each_steps_own_date() {
        let p = pledges();
        let usd = report(&p, &rates(), &"USD".parse().unwrap()).unwrap();
        // Hand-checked:
        // P1 pledged 1,000,000 EUR × 1.2 (rate of 1 June 2021) = 1,200,000
        // P1 disbursed 400,000 EUR × 1.1 (rate of 1 Jan 2022)  =   440,000
        // P2 pledged and committed 250,000 USD                 =   250,000
        // P3 pledged 100,000 CAD ÷ 1.25 (USD→CAD of 1 Feb 2022) =    80,000
        assert_eq!(usd.pledged, dec("1530000.00"));
        assert_eq!(usd.committed, dec("250000"));
        assert_eq!(usd.disbursed, dec("440000.00"));
        // In Mexican pesos, through no direct EUR→MXN rate: via the dollar.
        // The MXN rate of 1 June 2021 applies to every later date too.
        // P1 pledged 1,000,000 × 1.2 × 20 = 24,000,000; disbursed 400,000 ×
        // 1.1 × 20 = 8,800,000; P2 250,000 × 20 = 5,000,000; P3 100,000 CAD
        // ÷ 1.25 × 20 = 1,600,000.
        let mxn = report(&p, &rates(), &"MXN".parse().unwrap()).unwrap();
        assert_eq!(mxn.pledged, dec("30600000"));
        assert_eq!(mxn.committed, dec("5000000"));
        assert_eq!(mxn.disbursed, dec("8800000"));
    }

    #[test]
    fn a_rate_dated_after_the_step_is_never_used() {
        let p = pledges();
        // P1 was pledged on 10 June 2021; the first USD→CAD rate is of 2022.
        let err = report(&p, &rates(), &"CAD".parse().unwrap()).unwrap_err();
        assert_eq!(err.pledge, "P1");
        assert_eq!(err.date, "2021-06-10".parse::<NaiveDate>().unwrap());
    }

    #[test]
    fn conversion_rounds_to_the_minor_unit_half_away_from_zero() {
        let jpy: Currency = "JPY".parse().unwrap();
        assert_eq!(jpy.round(dec("100.5")), dec("101"));
        let usd: Currency = "USD".parse().unwrap();
        assert_eq!(usd.round(dec("0.125")), dec("0.13"));
        assert_eq!(usd.round(dec("200000.0")).to_string(), "200000.00");
        assert_eq!("BHD".parse::<Currency>().unwrap().minor_units(), 3);
        // Exact decimals: 0.1 + 0.2 is 0.3.
        assert_eq!(dec("0.1") + dec("0.2"), dec("0.3"));
    }

    #[test]
    fn every_problem_of_a_file_is_reported_with_line_and_column() {
        let bad = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,Atlantis,x,12.5,EUR,pledged,2021-06-10,r
P2,Italy,MIRPS,x,1e6,XYZ,promised,10/06/2021,
P3,Italy,MIRPS,x,10.555,USD,pledged,2021-06-10,r
";
        let problems = parse_csv("bad.csv", bad.as_bytes(), &recipient).unwrap_err();
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 7, "{shown:#?}");
        assert!(shown[0].starts_with("bad.csv:2:3: recipient 'Atlantis'"));
        assert!(shown[1].starts_with("bad.csv:3:5: amount '1e6'"));
        assert!(shown[2].starts_with("bad.csv:3:6: currency 'XYZ'"));
        assert!(shown[3].starts_with("bad.csv:3:7: status 'promised'"));
        assert!(shown[4].starts_with("bad.csv:3:8: date '10/06/2021'"));
        assert_eq!(shown[5], "bad.csv:3:9: source is empty");
        assert_eq!(
            shown[6],
            "bad.csv:4:5: amount 10.555: USD has 2 decimal places"
        );
    }

    #[test]
    fn figures_beyond_any_pledge_or_rate_are_refused_at_their_line() {
        let huge = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,MIRPS,x,79228162514264337593543950335,USD,pledged,2021-06-10,r
";
        let problems = parse_csv("huge.csv", huge.as_bytes(), &recipient).unwrap_err();
        assert!(problems[0].to_string().starts_with(
            "huge.csv:2:5: amount 79228162514264337593543950335: more than any pledge"
        ));
        let rates =
            "date,base,quote,rate\n2021-01-01,USD,EUR,0.0000000001\n2021-01-02,USD,EUR,0.9\n";
        let problems = parse_rates("rates.csv", rates.as_bytes()).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0]
            .to_string()
            .starts_with("rates.csv:2:4: rate '0.0000000001'"));
    }

    #[test]
    fn reports_that_disagree_on_a_step_are_refused() {
        let mut p = pledges();
        let other = "\
id,donor,recipient,purpose,amount,currency,status,date,source
P1,Italy,MIRPS,Solidarity event,900000.00,EUR,pledged,2021-06-10,MIRPS report
P2,Spain,CRI,Asylum capacity,250000,USD,disbursed,2022-01-01,r
P3,Canada,dla-integration,Host communities,100000,CAD,disbursed,2021-01-01,r
";
        let reports = parse_csv("o.csv", other.as_bytes(), &recipient).unwrap();
        let problems = merge(&mut p, "o.csv", &reports).unwrap_err();
        assert_eq!(p, pledges(), "a file with problems changes nothing");
        let shown: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown.len(), 3, "{shown:#?}");
        assert!(shown[0].starts_with(
            "o.csv:2:5: pledge P1 is already pledged as 1000000.00 EUR on 2021-06-10"
        ));
        assert!(shown[1].starts_with("o.csv:3:2: pledge P2 has donor 'USA'"));
        assert_eq!(
            shown[2],
            "o.csv:4:8: pledge P3 is disbursed on 2021-01-01, before it was pledged on 2022-03-01"
        );
    }

    proptest::proptest! {
        /// A step reported again, by anyone, is counted once: merging the
        /// same reports twice changes no pledge and confirms every report.
        #[test]
        fn merging_the_same_reports_twice_counts_them_once(
            rows in proptest::collection::vec((0u8..4, 0usize..3, 1u64..10_000_000, 0u32..3), 1..12),
        ) {
            let mut text = String::from("id,donor,recipient,purpose,amount,currency,status,date,source\n");
            let mut seen = std::collections::BTreeSet::new();
            for (id, stage, cents, year) in rows {
                // One amount per pledge and stage, dated in stage order.
                if !seen.insert((id, stage)) {
                    continue;
                }
                let stage = Stage::ALL[stage];
                let date = format!("{}-0{}-01", 2020 + year, 1 + stage as u32);
                let amount = Decimal::new(cents as i64 * (id as i64 + 1), 2);
                text.push_str(&format!("P{id},Donor {id},CRI,purpose,{amount},USD,{},{date},report\n", stage.as_str()));
            }
            let reports = parse_csv("p.csv", text.as_bytes(), &recipient).unwrap();
            let mut once = Vec::new();
            let first = merge(&mut once, "p.csv", &reports);
            proptest::prop_assume!(first.is_ok());
            let mut twice = once.clone();
            let second = merge(&mut twice, "p.csv", &reports).unwrap();
            proptest::prop_assert_eq!(&once, &twice);
            proptest::prop_assert_eq!(second.confirmations, reports.len());
            proptest::prop_assert_eq!(second.new_steps + second.new_pledges, 0);
        }
    }
}

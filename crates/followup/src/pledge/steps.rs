//! A pledge's identity and steps, currencies and amounts, and the pledge
//! file read all or nothing.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

/// ISO 4217 codes and their minor units.
const ISO_4217: &str = include_str!("../../data/iso4217.tsv");
/// No pledge or step is larger than this (a thousand million million in any
/// currency): a bound that keeps every total and conversion far inside
/// `Decimal`'s range, so that a mistyped figure is refused at its line
/// instead of overflowing a report.
const MAX_AMOUNT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);
/// Likewise for an exchange rate: between a millionth and a million units
/// of one currency to one of another.
pub(super) const MIN_RATE: Decimal = Decimal::from_parts(1, 0, 0, false, 6);
pub(super) const MAX_RATE: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

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
pub struct Currency(pub(super) String);

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
pub(super) fn exact<S: serde::Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&d.to_string())
}

pub(super) fn exact_opt<S: serde::Serializer>(
    d: &Option<Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
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

/// A problem in a pledge or rates file, where it is: the model's, as for
/// every file (`file:line:column`, the column counted in fields).
pub use corredor_ingest::Problem;
use corredor_ingest::{csvio, Position, Problems};

/// Problems in file order: by line, then by column.
pub(super) fn in_file_order(problems: &mut [Problem]) {
    problems.sort_by_key(|p| (p.at.line(), p.at.column()));
}

/// Opens a pledge or rates file whose header must be `columns`.
pub(super) fn open<'a>(
    file: &str,
    bytes: &'a [u8],
    columns: &[&str],
    read: &mut Problems,
) -> Result<csvio::Reader<&'a [u8]>, Vec<Problem>> {
    let Some(csv) = csvio::open(file, bytes, read) else {
        return Err(read.kept().to_vec());
    };
    if csv.header() != columns {
        return Err(vec![Problem {
            at: csv.at(1, None),
            message: format!(
                "the header must be {} (found {})",
                columns.join(","),
                csv.header().join(",")
            ),
        }]);
    }
    Ok(csv)
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
    let mut read = Problems::default();
    let mut csv = open(file, bytes, &COLUMNS, &mut read)?;
    let mut problems = Vec::new();
    let mut reports = Vec::new();
    while let Some(row) = csv.next_row(&mut read) {
        let Ok(row) = row else { continue };
        let line = row.line;
        // Columns counted from 1, as the messages name them.
        let problem = |column: usize, message: String| Problem {
            at: row.at(column - 1),
            message,
        };
        let field = |i: usize| row.cell(i);
        let before = problems.len();
        let required = |i: usize, problems: &mut Vec<Problem>| {
            let v = field(i);
            if v.is_empty() {
                problems.push(problem(i + 1, format!("{} is empty", COLUMNS[i])));
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
            problems.push(problem(3,
                format!(
                    "recipient '{recipient_code}': use a country's ISO 3166-1 alpha-3 code, a mechanism (DLA, CRM, …) or a working group id from `corredor registry groups`"
                ),
            ));
        }
        let amount = match Decimal::from_str_exact(field(4)) {
            Ok(a) if a > MAX_AMOUNT => {
                problems.push(problem(
                    5,
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
                    5,
                    format!("amount {}: must be more than 0", field(4)),
                ));
                None
            }
            Err(_) => {
                problems.push(problem(5,
                    format!("amount '{}': write a number with a point for decimals and no thousands separators (1250000.50)", field(4)),
                ));
                None
            }
        };
        let currency = Currency::from_str(field(5))
            .map_err(|e| problems.push(problem(6, e)))
            .ok();
        let stage = Stage::from_str(field(6))
            .map_err(|e| problems.push(problem(7, e)))
            .ok();
        let date = NaiveDate::parse_from_str(field(7), "%Y-%m-%d")
            .map_err(|_| problems.push(problem(8, format!("date '{}': use YYYY-MM-DD", field(7)))))
            .ok();
        if let Some(c) = &currency {
            if let Some(a) = amount {
                if a.scale() > c.minor_units() {
                    problems.push(problem(
                        5,
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
    problems.extend(read.kept().iter().cloned());
    if problems.is_empty() {
        Ok(reports)
    } else {
        in_file_order(&mut problems);
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
        at: Position::Text {
            file: file.into(),
            line,
            column: Some(column),
        },
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

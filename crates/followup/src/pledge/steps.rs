//! A pledge's identity and steps, currencies and amounts, and the pledge
//! file read all or nothing.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::currency::*;
use super::unit::{Money, Unit};
use crate::codes::Sector;

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
#[cfg_attr(feature = "schema", schema(as = PledgeStep))]
pub struct Step {
    pub stage: Stage,
    pub date: NaiveDate,
    #[serde(serialize_with = "exact")]
    pub amount: Decimal,
    /// A currency, or a unit in kind: never summed with money.
    pub unit: Unit,
    /// A pledge in kind's value in money, as its donor estimates it:
    /// shown beside it, never added to money pledged.
    pub estimate: Option<Money>,
    /// Every report of this step: the donor's, the recipient's, …
    pub sources: Vec<String>,
    /// The secretariat's check of the step; none while only a party to
    /// the pledge has reported it.
    pub verified: Option<Verified>,
}

/// Who verified a step, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Verified {
    /// The organisation (the secretariat's) that verified it.
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Pledge {
    pub id: String,
    pub donor: String,
    pub recipient: Recipient,
    pub purpose: String,
    /// The requirement of an appeal it answers, if any.
    pub requirement: Option<String>,
    /// The DAC sector, when stated (else its requirement's).
    pub sector: Option<Sector>,
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
pub(crate) fn in_file_order(problems: &mut [Problem]) {
    problems.sort_by_key(|p| (p.at.line(), p.at.column()));
}

/// What is wrong with free text from a file (an id, a donor, a purpose):
/// a spreadsheet formula that an export would hand to the next
/// spreadsheet, or control characters that break the XML of an IATI
/// export and the terminal of a report.
pub(crate) fn text_problem(name: &str, text: &str) -> Option<String> {
    if corredor_model::record::looks_like_formula(text) {
        return Some(format!(
            "{name} '{text}' starts like a spreadsheet formula ({}): remove the leading character",
            text.chars().next().unwrap_or(' ').escape_debug()
        ));
    }
    text.chars()
        .any(char::is_control)
        .then(|| format!("{name} contains control characters"))
}

/// Opens a pledge or rates file whose header must be `columns`.
pub(crate) fn open<'a>(
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
    pub unit: Unit,
    pub source: String,
    pub requirement: Option<String>,
    pub sector: Option<Sector>,
    pub estimate: Option<Money>,
}

/// The columns of a pledge file with requirements, sectors and pledges in
/// kind: [`COLUMNS`] with `unit` for `currency` (a currency or a unit in
/// kind) and four more, which may be empty.
pub const EXTENDED_COLUMNS: [&str; 13] = [
    "id",
    "donor",
    "recipient",
    "purpose",
    "amount",
    "unit",
    "status",
    "date",
    "source",
    "requirement",
    "sector",
    "estimate",
    "estimate_currency",
];

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
/// one row per step; or the [`EXTENDED_COLUMNS`], which add the requirement
/// answered, the sector, and pledges in kind with their estimate).
/// `recipient` resolves a recipient's code: a country, a mechanism or a
/// working group the registry knows. Every problem of every row is
/// reported, or none and every row.
pub fn parse_csv(
    file: &str,
    bytes: &[u8],
    recipient: &dyn Fn(&str) -> Option<Recipient>,
) -> Result<Vec<Report>, Vec<Problem>> {
    let mut read = Problems::default();
    let Some(mut csv) = csvio::open(file, bytes, &mut read) else {
        return Err(read.kept().to_vec());
    };
    let extended = csv.header() == EXTENDED_COLUMNS;
    if !extended && csv.header() != COLUMNS {
        return Err(vec![Problem {
            at: csv.at(1, None),
            message: format!(
                "the header must be {} or {} (found {})",
                COLUMNS.join(","),
                EXTENDED_COLUMNS.join(","),
                csv.header().join(",")
            ),
        }]);
    }
    let names: &[&str] = if extended {
        &EXTENDED_COLUMNS
    } else {
        &COLUMNS
    };
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
        // Free text is checked as text; the recipient (column 3) is a code
        // checked against the registry below.
        let required = |i: usize, problems: &mut Vec<Problem>| {
            let v = field(i);
            if v.is_empty() {
                problems.push(problem(i + 1, format!("{} is empty", names[i])));
            } else if let Some(e) = (i != 2).then(|| text_problem(names[i], v)).flatten() {
                problems.push(problem(i + 1, e));
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
        let amount = read_amount(field(4), "pledge")
            .map_err(|e| problems.push(problem(5, e)))
            .ok();
        let unit = if extended {
            Unit::from_str(field(5))
        } else {
            Currency::from_str(field(5)).map(Unit::Money)
        }
        .map_err(|e| problems.push(problem(6, e)))
        .ok();
        let stage = Stage::from_str(field(6))
            .map_err(|e| problems.push(problem(7, e)))
            .ok();
        let date = crate::calendar::file_day(field(7)).or_else(|| {
            problems.push(problem(
                8,
                format!(
                    "date '{}': use YYYY-MM-DD, a year from 1900 to 2200",
                    field(7)
                ),
            ));
            None
        });
        if let (Some(u), Some(a)) = (&unit, amount) {
            if let Some(e) = places_problem(a, u) {
                problems.push(problem(5, e));
            }
        }
        let optional = |i: usize| Some(field(i)).filter(|v| extended && !v.is_empty());
        let requirement = optional(9).map(str::to_string);
        let sector = optional(10).and_then(|v| {
            Sector::from_str(v)
                .map_err(|e| problems.push(problem(11, e)))
                .ok()
        });
        let estimate = match (optional(11), optional(12)) {
            (None, None) => None,
            (Some(a), Some(c)) => {
                let amount = read_amount(a, "estimate")
                    .map_err(|e| problems.push(problem(12, e)))
                    .ok();
                let currency = Currency::from_str(c)
                    .map_err(|e| problems.push(problem(13, e)))
                    .ok();
                if let (Some(a), Some(c)) = (amount, &currency) {
                    if let Some(e) = places_problem(a, &Unit::Money(c.clone())) {
                        problems.push(problem(12, e));
                    }
                }
                amount
                    .zip(currency)
                    .map(|(amount, currency)| Money { amount, currency })
            }
            (Some(_), None) => {
                problems.push(problem(
                    13,
                    "estimate_currency is empty: an estimate needs its currency".into(),
                ));
                None
            }
            (None, Some(_)) => {
                problems.push(problem(
                    12,
                    "estimate is empty, but estimate_currency is not".into(),
                ));
                None
            }
        };
        if estimate.is_some() && matches!(unit, Some(Unit::Money(_))) {
            problems.push(problem(
                12,
                "an estimate is for a pledge in kind; this step is in money already".into(),
            ));
        }
        if problems.len() > before {
            continue;
        }
        let (Some(recipient), Some(stage), Some(date), Some(amount), Some(unit)) =
            (to, stage, date, amount, unit)
        else {
            continue;
        };
        reports.push(Report {
            line,
            id,
            donor,
            recipient,
            purpose,
            stage,
            date,
            amount,
            unit,
            source,
            requirement,
            sector,
            estimate,
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

/// An amount as files write it: more than 0, at most [`MAX_AMOUNT`], with
/// a point for decimals.
fn read_amount(text: &str, what: &str) -> Result<Decimal, String> {
    match Decimal::from_str_exact(text) {
        Ok(a) if a > MAX_AMOUNT => Err(format!(
            "amount {text}: more than any {what} ({MAX_AMOUNT}); check the figure"
        )),
        Ok(a) if a > Decimal::ZERO => Ok(a),
        Ok(_) => Err(format!("amount {text}: must be more than 0")),
        Err(_) => Err(format!("amount '{text}': write a number with a point for decimals and no thousands separators (1250000.50)")),
    }
}

/// Why `amount` has too many decimals for `unit`, if it has.
fn places_problem(amount: Decimal, unit: &Unit) -> Option<String> {
    (amount.scale() > unit.places()).then(|| match unit {
        Unit::Money(c) => format!(
            "amount {amount}: {c} has {} decimal places",
            c.minor_units()
        ),
        Unit::InKind(k) => format!("amount {amount}: {} are counted in whole numbers", k.code()),
    })
}

/// The reports of `reports` naming a requirement `known` does not know,
/// as problems at their line and column.
pub fn unknown_requirements(
    file: &str,
    reports: &[Report],
    known: &dyn Fn(&str) -> bool,
) -> Vec<Problem> {
    reports
        .iter()
        .filter_map(|r| {
            let id = r.requirement.as_deref()?;
            (!known(id)).then(|| Problem {
                at: Position::Text {
                    file: file.into(),
                    line: r.line,
                    column: Some(10),
                },
                message: format!(
                    "requirement '{id}': no appeal requirement has this id (`corredor pledge requirements` lists them)"
                ),
            })
        })
        .collect()
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
/// known must agree with it (date, amount, unit, estimate) and only adds
/// its source; a report of a known pledge must name the same donor,
/// recipient and purpose, and the same requirement and sector where both
/// state one; a later stage may not be dated before an earlier one.
/// `verify` is the secretariat's check when the secretariat itself sends
/// the file: the steps it reports are verified by it, new or known.
/// With any problem, `pledges` is left as it was.
pub fn merge(
    pledges: &mut Vec<Pledge>,
    file: &str,
    reports: &[Report],
    verify: Option<&Verified>,
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
                    requirement: r.requirement.clone(),
                    sector: r.sector.clone(),
                    steps: Vec::new(),
                });
                merged.new_pledges += 1;
                work.len() - 1
            }
        };
        let p = &mut work[at];
        let differs = |known: &Option<String>, said: &Option<String>| matches!((known, said), (Some(k), Some(s)) if k != s);
        let sector = |s: &Option<Sector>| s.as_ref().map(|s| s.code().to_string());
        let mismatch = [
            (p.donor != r.donor, 2, "donor", p.donor.clone()),
            (
                p.recipient != r.recipient,
                3,
                "recipient",
                p.recipient.code().to_string(),
            ),
            (p.purpose != r.purpose, 4, "purpose", p.purpose.clone()),
            (
                differs(&p.requirement, &r.requirement),
                10,
                "requirement",
                p.requirement.clone().unwrap_or_default(),
            ),
            (
                differs(&sector(&p.sector), &sector(&r.sector)),
                11,
                "sector",
                sector(&p.sector).unwrap_or_default(),
            ),
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
        // What the secretariat verified stays as it verified it: another
        // reporter cannot add a requirement or a sector to a pledge with
        // verified steps (it would move verified money to another count).
        let verified = p.steps.iter().any(|s| s.verified.is_some());
        if verify.is_none() && verified {
            let added = [
                (
                    p.requirement.is_none() && r.requirement.is_some(),
                    10,
                    "requirement",
                ),
                (p.sector.is_none() && r.sector.is_some(), 11, "sector"),
            ];
            let mut refused = false;
            for (adds, column, what) in added {
                if adds {
                    problems.push(problem(
                        r.line,
                        column,
                        format!(
                            "pledge {} has steps the secretariat verified with no {what}: adding one is the secretariat's",
                            r.id
                        ),
                    ));
                    refused = true;
                }
            }
            if refused {
                continue;
            }
        }
        if p.requirement.is_none() {
            p.requirement = r.requirement.clone();
        }
        if p.sector.is_none() {
            p.sector = r.sector.clone();
        }
        match p.steps.iter_mut().find(|s| s.stage == r.stage) {
            Some(s) => {
                let same = s.amount == r.amount && s.unit == r.unit && s.date == r.date;
                if !same {
                    problems.push(problem(
                        r.line,
                        5,
                        format!(
                            "pledge {} is already {} as {} {} on {} ({}); this report says {} {} on {}: one of the two reports needs correcting",
                            r.id,
                            r.stage.as_str(),
                            s.amount,
                            s.unit,
                            s.date,
                            s.sources.join("; "),
                            r.amount,
                            r.unit,
                            r.date
                        ),
                    ));
                    continue;
                }
                match (&s.estimate, &r.estimate) {
                    (Some(k), Some(e)) if k != e => {
                        problems.push(problem(
                            r.line,
                            12,
                            format!(
                                "pledge {} is {} with an estimate of {} {}; this report says {} {}",
                                r.id,
                                r.stage.as_str(),
                                k.amount,
                                k.currency,
                                e.amount,
                                e.currency
                            ),
                        ));
                        continue;
                    }
                    (None, Some(_)) if s.verified.is_some() && verify.is_none() => {
                        problems.push(problem(
                            r.line,
                            12,
                            format!(
                                "pledge {} was verified {} by the secretariat with no estimate: adding one is the secretariat's",
                                r.id,
                                r.stage.as_str()
                            ),
                        ));
                        continue;
                    }
                    (None, Some(e)) => s.estimate = Some(e.clone()),
                    _ => {}
                }
                if !s.sources.contains(&r.source) {
                    s.sources.push(r.source.clone());
                }
                if s.verified.is_none() {
                    s.verified = verify.cloned();
                }
                merged.confirmations += 1;
            }
            None => {
                let kind = |u: &Unit| u.in_kind();
                if let Some(other) = p.steps.iter().find(|s| kind(&s.unit) != kind(&r.unit)) {
                    problems.push(problem(
                        r.line,
                        6,
                        format!(
                            "pledge {} is {} in {}; this report is in {}: a pledge is in money or in one unit in kind throughout",
                            r.id,
                            other.stage.as_str(),
                            other.unit,
                            r.unit
                        ),
                    ));
                    continue;
                }
                p.steps.push(Step {
                    stage: r.stage,
                    date: r.date,
                    amount: r.amount,
                    unit: r.unit.clone(),
                    estimate: r.estimate.clone(),
                    sources: vec![r.source.clone()],
                    verified: verify.cloned(),
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

//! The pledge file: read all or nothing, and written back.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::currency::*;
use super::steps::*;
use super::unit::{Money, Unit};
use crate::codes::Sector;

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
    use corredor_model::record::{unsafe_text, UnsafeText};
    Some(match unsafe_text(text)? {
        UnsafeText::Formula => format!(
            "{name} '{text}' starts like a spreadsheet formula ({}): remove the leading character",
            text.chars().next().unwrap_or(' ').escape_debug()
        ),
        UnsafeText::Control => format!("{name} contains control characters"),
    })
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
    /// What the row says of the secretariat's check of its step.
    pub check: Check,
}

/// What a row of a pledge file says of the secretariat's check of its
/// step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The file has no verification columns: a file the secretariat
    /// sends verifies what it reports, a party's verifies nothing.
    ByImporter,
    /// The file states it, as an export read back does: verified by
    /// this organisation on this day, or not verified.
    Stated(Option<Verified>),
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

/// The columns of a pledge file as `corredor pledge export --format csv`
/// writes it: the [`EXTENDED_COLUMNS`], then who verified the step and on
/// which day (both empty while no one has).
pub const EXPORT_COLUMNS: [&str; 15] = {
    let mut out = [""; 15];
    let mut i = 0;
    while i < EXTENDED_COLUMNS.len() {
        out[i] = EXTENDED_COLUMNS[i];
        i += 1;
    }
    out[13] = "verified_by";
    out[14] = "verified_on";
    out
};

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
/// answered, the sector, and pledges in kind with their estimate; or the
/// [`EXPORT_COLUMNS`], which add each step's verification).
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
    let stated = csv.header() == EXPORT_COLUMNS;
    let extended = stated || csv.header() == EXTENDED_COLUMNS;
    if !extended && csv.header() != COLUMNS {
        return Err(vec![Problem {
            at: csv.at(1, None),
            message: format!(
                "the header must be {}, {} or {} (found {})",
                COLUMNS.join(","),
                EXTENDED_COLUMNS.join(","),
                EXPORT_COLUMNS.join(","),
                csv.header().join(",")
            ),
        }]);
    }
    let names: &[&str] = if stated {
        &EXPORT_COLUMNS
    } else if extended {
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
        let check = if stated {
            read_check(field(13), field(14))
                .map_err(|(column, e)| problems.push(problem(column, e)))
                .ok()
        } else {
            Some(Check::ByImporter)
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
        let (Some(recipient), Some(stage), Some(date), Some(amount), Some(unit), Some(check)) =
            (to, stage, date, amount, unit, check)
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
            check,
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

/// The verification columns (`verified_by`, `verified_on`) of a row: both
/// empty, or both given. A problem comes with its column, counted from 1.
fn read_check(by: &str, on: &str) -> Result<Check, (usize, String)> {
    match (by.is_empty(), on.is_empty()) {
        (true, true) => Ok(Check::Stated(None)),
        (false, true) => Err((
            15,
            "verified_on is empty: a verification needs its day".into(),
        )),
        (true, false) => Err((14, "verified_by is empty, but verified_on is not".into())),
        (false, false) => {
            if let Some(e) = text_problem("verified_by", by) {
                return Err((14, e));
            }
            let on = crate::calendar::file_day(on).ok_or_else(|| {
                (
                    15,
                    format!("verified_on '{on}': use YYYY-MM-DD, a year from 1900 to 2200"),
                )
            })?;
            Ok(Check::Stated(Some(Verified { by: by.into(), on })))
        }
    }
}

/// `pledges` as a pledge file in the [`EXPORT_COLUMNS`], a row per report
/// of each step. [`parse_csv`] and [`merge`](super::merge()) read it back as the same
/// pledges, their sources and verifications included.
pub fn write_csv(pledges: &[Pledge]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut row = |cells: &[&str]| {
        // Writing to memory fails only for want of memory.
        w.write_record(cells).expect("a CSV row written to memory");
    };
    row(&EXPORT_COLUMNS);
    for p in pledges {
        for s in &p.steps {
            let amount = s.amount.to_string();
            let date = s.date.to_string();
            let (estimate, estimate_currency) = s
                .estimate
                .as_ref()
                .map(|e| (e.amount.to_string(), e.currency.as_str()))
                .unwrap_or_default();
            let (verified_by, verified_on) = s
                .verified
                .as_ref()
                .map(|v| (v.by.as_str(), v.on.to_string()))
                .unwrap_or_default();
            for source in &s.sources {
                row(&[
                    p.id.as_str(),
                    &p.donor,
                    p.recipient.code(),
                    &p.purpose,
                    &amount,
                    s.unit.code(),
                    s.stage.as_str(),
                    &date,
                    source,
                    p.requirement.as_deref().unwrap_or_default(),
                    p.sector.as_ref().map(|s| s.code()).unwrap_or_default(),
                    &estimate,
                    estimate_currency,
                    verified_by,
                    &verified_on,
                ]);
            }
        }
    }
    let bytes = w.into_inner().expect("a CSV flushed to memory");
    String::from_utf8(bytes).expect("the CSV of UTF-8 text is UTF-8")
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
        // Digits beyond what a decimal holds are a figure too large, not
        // one written wrongly.
        Err(_)
            if text.bytes().filter(u8::is_ascii_digit).count() > 0
                && text.bytes().all(|b| b.is_ascii_digit() || b == b'.')
                && text.bytes().filter(|b| *b == b'.').count() <= 1 =>
        {
            Err(format!(
                "amount {text}: more than any {what} ({MAX_AMOUNT}); check the figure"
            ))
        }
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

/// The reports of `reports` naming a requirement that `recipient_of`
/// (a requirement's recipient by its id) does not know, or one whose
/// recipient is not the pledge's: a pledge to one country would otherwise
/// count towards another's appeal. Problems at their line and column.
pub fn requirement_problems(
    file: &str,
    reports: &[Report],
    recipient_of: &dyn Fn(&str) -> Option<Recipient>,
) -> Vec<Problem> {
    reports
        .iter()
        .filter_map(|r| {
            let id = r.requirement.as_deref()?;
            let message = match recipient_of(id) {
                None => format!(
                    "requirement '{id}': no appeal requirement has this id (`corredor pledge requirements` lists them)"
                ),
                Some(to) if to != r.recipient => format!(
                    "requirement '{id}' is for {}, and this pledge is to {}: a pledge counts only towards its own recipient's requirements",
                    to.code(),
                    r.recipient.code()
                ),
                Some(_) => return None,
            };
            Some(Problem {
                at: Position::Text {
                    file: file.into(),
                    line: r.line,
                    column: Some(10),
                },
                message,
            })
        })
        .collect()
}

/// Steps of `reports` dated after `today`: a step of a pledge is reported
/// once it has happened, and one dated later would count in today's
/// totals money not yet pledged, committed or paid.
pub fn future_steps(file: &str, reports: &[Report], today: NaiveDate) -> Vec<Problem> {
    reports
        .iter()
        .filter(|r| r.date > today)
        .map(|r| Problem {
            at: Position::Text {
                file: file.into(),
                line: r.line,
                column: Some(8),
            },
            message: format!(
                "date {}: the step has not happened yet (today is {today}); report a pledge's step once it has happened",
                r.date
            ),
        })
        .collect()
}

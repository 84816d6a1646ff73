//! The DHS Office of Homeland Security Statistics "KHSM" encounters
//! workbook (`.xlsx`, read with `calamine`): US Border Patrol encounters by
//! citizenship, monthly since October 1999.
//!
//! - sheet `Monthly Citizenship` (Fiscal Year, Month, Citizenship, Quantity)
//!   becomes (`USA`, `ALL`, nationality, `encounters`);
//! - sheet `Monthly Rgn and Citp` (Fiscal Year, Month, Region, Citizenship,
//!   Quantity) becomes locations `USBP_SWB` (Southwest Land Border),
//!   `USBP_NLB` (Northern Land Border) and `USBP_CST` (Coastal Border).
//!   The `USBP_` prefix keeps Border Patrol's own figures apart from CBP's
//!   `SWB` and `NLB`, which also count the Office of Field Operations at
//!   the ports of entry: the same border, a different measure.
//!
//! Months are written `01 October` … `12 September`, numbered within the
//! fiscal year that starts in October. OHSS rounds every figure to the
//! nearest 10 and leaves out cells under 10: a (month, citizenship) that is
//! not in the sheet is not stored (no observation), and the early warning
//! reads it as 0 once the citizenship has appeared. The sheets do not add up
//! to each other exactly, because each cell is rounded on its own; Corredor
//! keeps each as published.
//!
//! A workbook is a zip archive whose sheets are read whole, so this format
//! is bounded by the workbook's size (Excel's limit is a million rows a
//! sheet), unlike the CSV formats, which stream.

use std::io::{Read, Seek};

use std::collections::BTreeMap;

use calamine::{Data, DataRef, Reader, Xlsx, XlsxError};
use corredor_model::record::{resolve_country, Field};
use corredor_model::{Location, Period, Record, SeriesKey};

use crate::{Context, Item, Origin, Position};

pub(crate) const CITIZENSHIP_SHEET: &str = "Monthly Citizenship";
pub(crate) const REGION_SHEET: &str = "Monthly Rgn and Citp";

const MONTH_NAMES: [&str; 12] = [
    "october",
    "november",
    "december",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
];

/// `01 October` of fiscal year 2000 is October 1999.
fn fiscal_month(fiscal_year: i64, label: &str) -> Option<Period> {
    let label = label.trim();
    let (num, name) = label.split_once(' ')?;
    let index: usize = num.parse().ok().filter(|i| (1..=12).contains(i))?;
    if !MONTH_NAMES[index - 1].eq_ignore_ascii_case(name.trim()) {
        return None;
    }
    let calendar_month = (index as u32 + 8) % 12 + 1;
    let year = if index <= 3 {
        fiscal_year.checked_sub(1)?
    } else {
        fiscal_year
    };
    Period::month(i32::try_from(year).ok()?, calendar_month)
}

fn region_code(region: &str) -> Option<&'static str> {
    match region.trim() {
        "Southwest Land Border" => Some("USBP_SWB"),
        "Northern Land Border" => Some("USBP_NLB"),
        "Coastal Border" => Some("USBP_CST"),
        _ => None,
    }
}

/// Header cells with runs of whitespace folded ("Fiscal\nYear").
fn header_text(d: &Data) -> String {
    d.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

fn whole_number(d: &Data) -> Option<i64> {
    match d {
        Data::Int(i) => Some(*i),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
        // Digits only, as the text readers take a count: "+10" and "-0"
        // are not how a count is written.
        Data::String(s) => {
            let t = s.trim();
            (!t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        }
        _ => None,
    }
}

/// What a workbook may unpack to at most, all its parts together: some
/// twenty times the OHSS workbook of 2025 (12 MB). A file that says it
/// unpacks to more is refused before any part of it is read.
const MAX_UNPACKED: u64 = 256 << 20;

/// Columns read at most: the sheets have five or six. A cell beyond them
/// is not read, so a stray cell at XFD1048576 costs nothing.
const MAX_COLUMNS: u32 = 64;

/// Refuses a workbook whose parts, as its own directory declares them,
/// unpack to more than [`MAX_UNPACKED`]; `None` when it may be read.
fn too_large<R: Read + Seek>(input: &mut R) -> Option<String> {
    let mut archive = zip::ZipArchive::new(&mut *input).ok()?;
    // The sizes its central directory declares. The sheets are then read
    // cell by cell, so a sheet that unpacks to more than it declares costs
    // time, not memory; the shared strings, read whole, are what this
    // guards.
    let mut unpacked = 0u64;
    for i in 0..archive.len() {
        let size = archive.by_index_raw(i).map_or(0, |f| f.size());
        unpacked = unpacked.saturating_add(size);
    }
    (unpacked > MAX_UNPACKED).then(|| {
        format!(
            "the workbook unpacks to {} MB, more than the {} MB a workbook of counts may: refused unread",
            unpacked >> 20,
            MAX_UNPACKED >> 20
        )
    })
}

pub(crate) fn read<R: Read + Seek>(mut input: R, ctx: &mut Context) {
    if let Some(message) = too_large(&mut input) {
        let at = ctx.at(1, None);
        ctx.problem(at, message);
        return;
    }
    if input.seek(std::io::SeekFrom::Start(0)).is_err() {
        let at = ctx.at(1, None);
        ctx.problem(
            at,
            "cannot read the workbook from its start again".to_string(),
        );
        return;
    }
    let mut book = match Xlsx::new(input) {
        Ok(b) => b,
        Err(e) => {
            let at = ctx.at(1, None);
            ctx.problem(
                at,
                format!("cannot open the workbook: {e}. Is it an .xlsx file?"),
            );
            return;
        }
    };
    let names = book.sheet_names();
    if !names.iter().any(|n| n == CITIZENSHIP_SHEET) {
        let at = ctx.at(1, None);
        ctx.problem(
            at,
            format!(
                "the workbook has no sheet '{CITIZENSHIP_SHEET}' (it has: {}): is this the OHSS KHSM encounters workbook?",
                names.join(", ")
            ),
        );
        return;
    }
    sheet(&mut book, CITIZENSHIP_SHEET, false, ctx);
    if names.iter().any(|n| n == REGION_SHEET) {
        sheet(&mut book, REGION_SHEET, true, ctx);
    }
}

/// The sheet's rows that hold a cell, in order, each from the first
/// column any row uses; with that row and column. Read cell by cell, so
/// that memory follows the cells the sheet holds, not the rectangle they
/// span.
type Rows = (u32, u32, BTreeMap<u32, Vec<Data>>);

fn sparse_rows<R: Read + Seek>(book: &mut Xlsx<R>, name: &str) -> Result<Rows, XlsxError> {
    let mut cells: BTreeMap<u32, Vec<(u32, Data)>> = BTreeMap::new();
    let mut reader = book.worksheet_cells_reader(name)?;
    while let Some(c) = reader.next_cell()? {
        let (row, column) = c.get_position();
        // A blank cell that carries only its formatting (a border, a
        // fill) is no cell of the table.
        if column < MAX_COLUMNS && !matches!(c.get_value(), DataRef::Empty) {
            cells
                .entry(row)
                .or_default()
                .push((column, c.get_value().clone().into()));
        }
    }
    let row0 = cells.keys().next().copied().unwrap_or(0);
    let col0 = cells
        .values()
        .flat_map(|r| r.iter().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let rows = cells
        .into_iter()
        .map(|(row, r)| {
            let width = r.iter().map(|(c, _)| c - col0 + 1).max().unwrap_or(0);
            let mut dense = vec![Data::Empty; width as usize];
            for (c, d) in r {
                dense[(c - col0) as usize] = d;
            }
            (row, dense)
        })
        .collect();
    Ok((row0, col0, rows))
}

fn sheet<R: Read + Seek>(book: &mut Xlsx<R>, name: &str, by_region: bool, ctx: &mut Context) {
    let file = ctx.file.clone();
    let sheet: std::sync::Arc<str> = name.into();
    let cell = |row: u32, column: u32| Position::Cell {
        file: file.clone(),
        sheet: sheet.clone(),
        row: row + 1,
        column,
    };
    let (row0, col0, rows) = match sparse_rows(book, name) {
        Ok(r) => r,
        Err(e) => {
            let at = cell(0, 0);
            ctx.problem(at, format!("cannot read the sheet: {e}"));
            return;
        }
    };
    let mut expected = vec!["fiscal year", "month"];
    if by_region {
        expected.push("region");
    }
    expected.extend(["citizenship", "quantity"]);
    let mut rows = rows.into_iter();
    let header: Vec<String> = rows
        .next()
        .map(|(_, r)| r.iter().map(header_text).collect())
        .unwrap_or_default();
    if header.len() < expected.len() || header[..expected.len()] != expected[..] {
        let at = cell(row0, col0);
        ctx.problem(
            at,
            format!(
                "the sheet's header is '{}', expected '{}': has OHSS changed the layout?",
                header.join(", "),
                expected.join(", ")
            ),
        );
        return;
    }
    let (c_fy, c_month) = (0usize, 1usize);
    let c_region = by_region.then_some(2usize);
    let c_nat = if by_region { 3 } else { 2 };
    let c_qty = c_nat + 1;
    for (row, r) in rows {
        let at = |c: usize| cell(row, col0 + c as u32);
        if r.iter().all(|d| matches!(d, Data::Empty)) {
            continue;
        }
        let get = |c: usize| r.get(c).cloned().unwrap_or(Data::Empty);
        let mut problems: Vec<(Position, String)> = Vec::new();
        // A fiscal year whose first or last month is no period is what is
        // wrong, not the month.
        let year = whole_number(&get(c_fy)).filter(|fy| {
            fiscal_month(*fy, "01 October").is_some() && fiscal_month(*fy, "12 September").is_some()
        });
        let period = match year {
            Some(fy) => fiscal_month(fy, &get(c_month).to_string()).or_else(|| {
                problems.push((
                    at(c_month),
                    format!(
                        "'{}' is not a month: OHSS writes 01 October … 12 September",
                        get(c_month)
                    ),
                ));
                None
            }),
            None => {
                problems.push((at(c_fy), format!("'{}' is not a fiscal year", get(c_fy))));
                None
            }
        };
        let location = match c_region {
            None => Some("ALL"),
            Some(c) => region_code(&get(c).to_string()).or_else(|| {
                problems.push((at(c), format!("unknown region '{}': OHSS writes Southwest Land Border, Northern Land Border or Coastal Border", get(c))));
                None
            }),
        };
        let nationality = resolve_country(Field::Nationality, &get(c_nat).to_string())
            .map_err(|e| {
                problems.push((
                    at(c_nat),
                    format!(
                        "{} (add OHSS's spelling to the country aliases if it is a real country)",
                        e.message
                    ),
                ))
            })
            .ok();
        let value = match whole_number(&get(c_qty)) {
            Some(v) if v >= 0 => Some(v as u64),
            _ => {
                problems.push((
                    at(c_qty),
                    format!(
                        "'{}' is not a count: expected a whole, non-negative number",
                        get(c_qty)
                    ),
                ));
                None
            }
        };
        for (p, m) in problems {
            ctx.problem(p, m);
        }
        let (Some(period), Some(location), Some(nationality), Some(value)) =
            (period, location, nationality, value)
        else {
            continue;
        };
        let record = Record {
            key: SeriesKey {
                reporter: "USA".to_string(),
                location: location.parse::<Location>().expect("valid location code"),
                nationality,
                indicator: "encounters".to_string(),
            },
            period,
            value,
            source: None,
            sharing: None,
        };
        let mut origin = Origin::row(at(0))
            .with(Field::Period, (col0 as usize) + c_fy)
            .with(Field::Nationality, (col0 as usize) + c_nat)
            .with(Field::Value, (col0 as usize) + c_qty);
        if let Some(c) = c_region {
            origin = origin.with(Field::Location, (col0 as usize) + c);
        }
        ctx.emit(Item::Observation(record), origin);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_months_map_to_calendar_months() {
        assert_eq!(fiscal_month(2000, "01 October"), "1999-10".parse().ok());
        assert_eq!(fiscal_month(2023, "12 September"), "2023-09".parse().ok());
        assert_eq!(fiscal_month(2024, "03 December"), "2023-12".parse().ok());
        assert_eq!(fiscal_month(2024, "04 January"), "2024-01".parse().ok());
        assert_eq!(fiscal_month(2024, "04 February"), None);
        assert_eq!(fiscal_month(2024, "13 October"), None);
    }
}

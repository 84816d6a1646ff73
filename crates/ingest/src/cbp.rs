//! US Customs and Border Protection's encounter CSVs, as published on CBP's
//! data portal: "Southwest Land Border Encounters" (citizenship grouped into
//! Mexico, Guatemala, Honduras, El Salvador, Other) and "Nationwide
//! Encounters" (the same layout plus land border region and area of
//! responsibility, with full citizenship names).
//!
//! CBP publishes the finest breakdown only; the series is the total per
//! location, nationality and month, summed here. Each row also becomes a
//! breakdown (component, demographic, title of authority, encounter type,
//! and for the nationwide file the area of responsibility), stored beside
//! the total and never added to it again.
//!
//! CBP's fiscal year starts in October: FY2022 `OCT` is October 2021, and
//! `2025 (FYTD)` is the running year.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use corredor_model::record::{check_text, parse_count, preview, resolve_country, Field};
use corredor_model::{Location, Period, Record, SeriesKey};

use crate::csvio;
use crate::{Breakdown, Context, Item, Origin};

const FISCAL_YEAR: &str = "Fiscal Year";
const MONTH: &str = "Month (abbv)";
const COUNT: &str = "Encounter Count";
const GROUPING: &str = "Citizenship Grouping";
const CITIZENSHIP: &str = "Citizenship";
const REGION: &str = "Land Border Region";

/// Breakdown dimensions, as (CBP column, name in Corredor).
const DIMENSIONS: [(&str, &str); 5] = [
    ("Component", "component"),
    ("Area of Responsibility", "aor"),
    ("Demographic", "demographic"),
    ("Title of Authority", "title"),
    ("Encounter Type", "encounter_type"),
];

/// Whether a header is one of CBP's encounter files.
pub(crate) fn recognises(header: &[String]) -> bool {
    let has = |n: &str| header.iter().any(|h| h.trim().eq_ignore_ascii_case(n));
    has(FISCAL_YEAR) && has(MONTH) && has(COUNT) && (has(GROUPING) || has(CITIZENSHIP))
}

/// CBP's land border regions as Corredor locations inside `USA`.
fn region_code(region: &str) -> Option<&'static str> {
    match region.trim().to_ascii_lowercase().as_str() {
        "southwest land border" => Some("SWB"),
        "northern land border" => Some("NLB"),
        // Ports of entry away from the land borders: airports and seaports.
        "other" => Some("OTH"),
        _ => None,
    }
}

/// `OCT` of fiscal year 2022 is October 2021.
pub(crate) fn fiscal_month(fiscal_year: i32, month_abbv: &str) -> Option<Period> {
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let m = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month_abbv.trim()))? as u32
        + 1;
    let year = if m >= 10 {
        fiscal_year - 1
    } else {
        fiscal_year
    };
    Period::month(year, m)
}

/// The fiscal years whose twelve months are all periods: the first starts
/// in October of the first year a figure may be dated in.
const FISCAL_YEARS: std::ops::RangeInclusive<i32> =
    *corredor_model::period::YEARS.start() + 1..=*corredor_model::period::YEARS.end();

/// `2023`, or `2025 (FYTD)` for the running year.
fn fiscal_year(text: &str) -> Option<i32> {
    let t = text.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = t[digits.len()..].trim();
    if digits.len() != 4 || !(rest.is_empty() || rest.eq_ignore_ascii_case("(FYTD)")) {
        return None;
    }
    digits.parse().ok()
}

type TotalKey = (String, String, Period);

pub(crate) fn read<R: Read>(input: R, ctx: &mut Context) {
    let Some(mut csv) = csvio::open(ctx.file.clone(), input, &mut ctx.report.problems) else {
        return;
    };
    let read_too: Vec<&str> = [CITIZENSHIP, GROUPING, REGION]
        .into_iter()
        .chain(DIMENSIONS.iter().map(|(col, _)| *col))
        .collect();
    if !csvio::refuse_repeated(&csv, &read_too, &mut ctx.report.problems) {
        return;
    }
    let find = |n: &str| csv.column(n);
    let Some((req, _)) = csvio::locate(
        &csv,
        &[FISCAL_YEAR, MONTH, COUNT],
        &[],
        &mut ctx.report.problems,
    ) else {
        return;
    };
    let (fy_col, month_col, count_col) = (req[0], req[1], req[2]);
    // The nationwide file names citizenships; the southwest file groups them.
    let Some(nat_col) = find(CITIZENSHIP).or_else(|| find(GROUPING)) else {
        let at = ctx.at(csv.header_line(), None);
        ctx.problem(at, format!("the header has neither '{CITIZENSHIP}' nor '{GROUPING}': is this a CBP encounters file?"));
        return;
    };
    let region_col = find(REGION);
    let dims: Vec<(usize, &str)> = DIMENSIONS
        .iter()
        .filter_map(|(col, name)| find(col).map(|c| (c, *name)))
        .collect();

    let mut totals: BTreeMap<TotalKey, (u64, Origin)> = BTreeMap::new();
    let mut breakdowns: BTreeMap<(TotalKey, String), (u64, Origin)> = BTreeMap::new();
    // Rows are summed into totals, so a row given twice would be counted
    // twice: each row's fields but the count, and the line that gave them.
    let mut given: HashMap<Vec<String>, u64> = HashMap::new();
    while let Some(row) = csv.next_row(&mut ctx.report.problems) {
        let Ok(row) = row else { continue };
        let line = row.line;
        let fields: Vec<String> = row
            .fields()
            .enumerate()
            .filter(|(i, _)| *i != count_col)
            .map(|(_, f)| f.trim().to_string())
            .collect();
        if let Some(first) = given.get(&fields) {
            let at = ctx.at(line, None);
            ctx.problem(
                at,
                format!(
                    "the same row as line {first} but for its count: CBP gives each month, region, citizenship and breakdown once, and a row given twice would be counted twice"
                ),
            );
            continue;
        }
        given.insert(fields, line);
        let mut ok = true;
        let period = match fiscal_year(row.get(fy_col)) {
            // A fiscal year some of whose months fall outside the years a
            // figure may be dated in is what is wrong, not its month.
            Some(fy) if !FISCAL_YEARS.contains(&fy) => {
                let at = row.at(fy_col);
                ctx.problem(
                    at,
                    format!(
                        "fiscal year {fy} is outside the fiscal years a figure may be dated in: {} to {} (October {} to September {})",
                        FISCAL_YEARS.start(),
                        FISCAL_YEARS.end(),
                        FISCAL_YEARS.start() - 1,
                        FISCAL_YEARS.end()
                    ),
                );
                ok = false;
                None
            }
            Some(fy) => fiscal_month(fy, row.get(month_col)),
            None => {
                let at = row.at(fy_col);
                ctx.problem(
                    at,
                    format!(
                        "'{}' is not a fiscal year: CBP writes 2023 or 2025 (FYTD)",
                        row.get(fy_col)
                    ),
                );
                ok = false;
                None
            }
        };
        if ok && period.is_none() {
            let at = row.at(month_col);
            ctx.problem(
                at,
                format!(
                    "'{}' is not a month: CBP writes OCT, NOV, … SEP",
                    row.get(month_col)
                ),
            );
            ok = false;
        }
        let nationality = resolve_country(Field::Nationality, row.get(nat_col))
            .map_err(|e| {
                let at = row.at(nat_col);
                ctx.problem(
                    at,
                    format!(
                        "{} (add CBP's spelling to the country aliases if it is a real country)",
                        e.message
                    ),
                );
            })
            .ok();
        let location = match region_col {
            None => Some("SWB"),
            Some(c) => {
                let r = region_code(row.get(c));
                if r.is_none() {
                    let at = row.at(c);
                    ctx.problem(at, format!("unknown land border region '{}': CBP writes Southwest Land Border, Northern Land Border or Other", row.get(c)));
                }
                r
            }
        };
        let count = parse_count(row.get(count_col))
            .map_err(|e| {
                let at = row.at(count_col);
                ctx.problem(at, e.message);
            })
            .ok();
        // A breakdown's labels are kept and exported as `name=value`
        // pairs joined by `;`: each must read back as itself.
        for (c, _) in &dims {
            let v = row.get(*c).trim();
            let bad = check_text(Field::Breakdown, v)
                .err()
                .map(|e| e.message)
                .or_else(|| {
                    v.contains([';', '=']).then(|| {
                        format!(
                            "'{}' holds ';' or '=', which separate a breakdown's parts",
                            preview(v)
                        )
                    })
                });
            if let Some(message) = bad {
                let at = row.at(*c);
                ctx.problem(at, message);
                ok = false;
            }
        }
        let (Some(period), Some(nationality), Some(location), Some(count), true) =
            (period, nationality, location, count, ok)
        else {
            continue;
        };
        let dim_text = dims
            .iter()
            .map(|(c, name)| format!("{name}={}", row.get(*c).trim()))
            .collect::<Vec<_>>()
            .join(";");
        let key = (location.to_string(), nationality, period);
        // A total sums rows: it is found at the first of them.
        let mut at = Origin::row(ctx.at(line, None))
            .with(Field::Period, fy_col)
            .with(Field::Nationality, nat_col)
            .with(Field::Value, count_col);
        if let Some(c) = region_col {
            at = at.with(Field::Location, c);
        }
        let t = totals.entry(key.clone()).or_insert((0, at.clone()));
        t.0 += count;
        breakdowns.entry((key, dim_text)).or_insert((0, at)).0 += count;
    }
    if !ctx.report.problems.is_empty() {
        return;
    }
    let series = |location: &str, nationality: &str| SeriesKey {
        reporter: "USA".to_string(),
        location: location
            .parse::<Location>()
            .expect("CBP locations are valid codes"),
        nationality: nationality.to_string(),
        indicator: "encounters".to_string(),
    };
    for ((location, nationality, period), (value, at)) in totals {
        let record = Record {
            key: series(&location, &nationality),
            period,
            value,
            source: None,
            sharing: None,
        };
        ctx.emit(Item::Observation(record), at);
    }
    for (((location, nationality, period), dims), (value, at)) in breakdowns {
        let b = Breakdown {
            key: series(&location, &nationality),
            period,
            dims,
            value,
            source: None,
            sharing: None,
        };
        ctx.emit(Item::Breakdown(b), at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_start_in_october() {
        assert_eq!(fiscal_month(2022, "OCT"), "2021-10".parse().ok());
        assert_eq!(fiscal_month(2022, "sep"), "2022-09".parse().ok());
        assert_eq!(fiscal_year("2025 (FYTD)"), Some(2025));
        assert_eq!(fiscal_year("2023"), Some(2023));
        assert_eq!(fiscal_year("FY23"), None);
        assert_eq!(fiscal_month(2022, "Octubre"), None);
        for fy in FISCAL_YEARS {
            assert!(fiscal_month(fy, "OCT").is_some() && fiscal_month(fy, "SEP").is_some());
        }
        assert_eq!(fiscal_month(*FISCAL_YEARS.start() - 1, "OCT"), None);
        assert_eq!(fiscal_month(*FISCAL_YEARS.end() + 1, "SEP"), None);
    }
}

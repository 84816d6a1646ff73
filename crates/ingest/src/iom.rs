//! IOM's compiled monthly entries by reporting country and nationality
//! (IOM Regional Office for the Americas, "Lighthouse" compilation), with
//! the columns `month,geo,nat,n`: the Darién crossings reported by Panama,
//! and the irregular entries reported by Honduras, Mexico and Colombia.
//!
//! Each row becomes (geo, `ALL`, nat, indicator). IOM's compilations of
//! irregular entries, regular entries and regular exits have the same
//! columns, and IOM tells them apart by the file's name (`irreg_…`,
//! `regin_…`, `regout_…`): the indicator is the one given with
//! `--indicator`, or else the one the name says; a file whose name says
//! none (or says exits, which Corredor has no indicator for) is refused
//! rather than read as irregular entries. `OOO` is IOM's code for a missing or other
//! nationality (Corredor's `XXX`). A count written `NA` (or left empty, as
//! R's `NA` becomes when a data frame is written as CSV) was not reported:
//! no observation, counted in the summary, not an error.

use std::io::Read;

use corredor_model::record::{Field, RawRecord};

use crate::csvio;
use crate::long::{checked, FieldColumns};
use crate::{Context, Options};

pub(crate) const HEADER: [&str; 4] = ["month", "geo", "nat", "n"];

/// The indicator of an IOM compilation, from its file's name as IOM
/// publishes it.
fn indicator_of(file: &str) -> Option<&'static str> {
    let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
    if name.starts_with("irreg_") {
        Some("irregular_entries")
    } else if name.starts_with("regin_") {
        Some("regular_entries")
    } else {
        None
    }
}

pub(crate) fn read<R: Read>(input: R, options: &Options, ctx: &mut Context) {
    let Some(mut csv) = csvio::open(ctx.file.clone(), input, &mut ctx.report.problems) else {
        return;
    };
    let Some((cols, _)) = csvio::locate(&csv, &HEADER, &[], &mut ctx.report.problems) else {
        return;
    };
    let mut columns = FieldColumns::default();
    columns.set(Field::Period, cols[0]);
    columns.set(Field::Reporter, cols[1]);
    columns.set(Field::Nationality, cols[2]);
    columns.set(Field::Value, cols[3]);
    let Some(indicator) = options
        .indicator
        .as_deref()
        .or_else(|| indicator_of(&ctx.file))
    else {
        let at = ctx.at(csv.header_line(), None);
        ctx.problem(
            at,
            "IOM's compilations of irregular entries, regular entries and regular exits have the same columns, told apart by the file's name (irreg_… for irregular_entries, regin_… for regular_entries): say which indicator this file holds with --indicator",
        );
        return;
    };
    // The indicator is the same on every row: a wrong one is said once,
    // where it was given, not on each of the file's rows.
    if !corredor_model::indicator::is_valid_code(indicator.trim()) {
        let at = ctx.at(csv.header_line(), None);
        ctx.problem(
            at,
            format!(
                "--indicator '{}' is not an indicator code: use lower-case letters, digits and '_', e.g. irregular_entries",
                corredor_model::record::preview(indicator.trim())
            ),
        );
        return;
    }
    // Each series and month, with the line that gave it first and whether
    // as not reported.
    let mut seen: std::collections::HashMap<
        (corredor_model::SeriesKey, corredor_model::Period),
        (u64, bool),
    > = std::collections::HashMap::new();
    while let Some(row) = csv.next_row(&mut ctx.report.problems) {
        let Ok(row) = row else { continue };
        let value = row.get(cols[3]);
        // A count not reported is still a month, a country and a
        // nationality, checked as any other row's.
        let not_reported = matches!(value.trim(), "NA" | "");
        let raw = RawRecord {
            reporter: row.get(cols[1]),
            location: "ALL",
            nationality: row.get(cols[2]),
            indicator,
            period: row.get(cols[0]),
            value: if not_reported { "0" } else { value },
            ..Default::default()
        };
        let line = row.line;
        let Some(record) = checked(ctx, line, &raw, &columns) else {
            continue;
        };
        // A month given twice is refused by the store when both are
        // counts; one given as not reported and as a count never reaches
        // it, and is refused here.
        let id = (record.key.clone(), record.period);
        match seen.get(&id) {
            Some(&(first, was_not_reported)) if was_not_reported || not_reported => {
                columns.problem(
                    ctx,
                    line,
                    Field::Value,
                    format!(
                        "{} {} was already given on line {first}, {}: a file gives each series and period once",
                        record.key,
                        record.period,
                        if was_not_reported { "as not reported" } else { "as a count" }
                    ),
                );
                continue;
            }
            Some(_) => {}
            None => {
                seen.insert(id, (line, not_reported));
            }
        }
        if not_reported {
            ctx.report.not_reported += 1;
        } else {
            let at = columns.origin(ctx.at(line, None));
            ctx.emit(crate::Item::Observation(record), at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::indicator_of;

    #[test]
    fn the_indicator_is_the_one_iom_names_the_file_for() {
        let of = |f| indicator_of(f);
        assert_eq!(
            of("../data/irreg_monthly_by_nationality.csv"),
            Some("irregular_entries")
        );
        assert_eq!(
            of("C:\\data\\regin_monthly_by_nationality.csv"),
            Some("regular_entries")
        );
        assert_eq!(of("regout_monthly_by_nationality.csv"), None);
        assert_eq!(of("upload.csv"), None);
        assert_eq!(of("data/irreg/upload.csv"), None);
    }
}

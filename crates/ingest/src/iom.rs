//! IOM's compiled monthly entries by reporting country and nationality
//! (IOM Regional Office for the Americas, "Lighthouse" compilation), with
//! the columns `month,geo,nat,n`: the Darién crossings reported by Panama,
//! and the irregular entries reported by Honduras, Mexico and Colombia.
//!
//! Each row becomes (geo, `ALL`, nat, `irregular_entries`), or the
//! indicator given with `--indicator` for IOM's regular-entries file, which
//! has the same columns. `OOO` is IOM's code for a missing or other
//! nationality (Corredor's `XXX`). A count written `NA` (or left empty, as
//! R's `NA` becomes when a data frame is written as CSV) was not reported:
//! no observation, counted in the summary, not an error.

use std::io::Read;

use corredor_model::record::{Field, RawRecord};

use crate::csvio;
use crate::long::{emit_raw, FieldColumns};
use crate::{Context, Options};

pub(crate) const HEADER: [&str; 4] = ["month", "geo", "nat", "n"];
const DEFAULT_INDICATOR: &str = "irregular_entries";

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
    let indicator = options.indicator.as_deref().unwrap_or(DEFAULT_INDICATOR);
    while let Some(row) = csv.next_row(&mut ctx.report.problems) {
        let Ok(row) = row else { continue };
        let value = row.get(cols[3]);
        if matches!(value.trim(), "NA" | "") {
            ctx.report.not_reported += 1;
            continue;
        }
        let raw = RawRecord {
            reporter: row.get(cols[1]),
            location: "ALL",
            nationality: row.get(cols[2]),
            indicator,
            period: row.get(cols[0]),
            value,
            ..Default::default()
        };
        let line = row.line;
        emit_raw(ctx, line, &raw, &columns);
    }
}

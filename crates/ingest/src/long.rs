//! The long CSV: one observation per row, with the header
//! `reporter,location,nationality,indicator,period,value` and optionally
//! `source`, `share`, `share_with`, `breakdown`, in any order. A row with
//! a breakdown is a breakdown of its total, kept beside it.

use std::io::Read;

use corredor_model::record::{Field, RawRecord};

use crate::csvio;
use crate::{Breakdown, Context, Item, Origin, Position};

/// The required columns, named as the model names its fields.
pub const REQUIRED: [&str; 6] = Field::names(Field::REQUIRED);
/// The optional columns.
pub const OPTIONAL: [&str; 4] = Field::names(Field::OPTIONAL);

/// Where each field of a record sits in a row (0-based), for messages;
/// for a record written as text of its own (JSON), each field's line and
/// the character its name starts at, and its problems name it.
#[derive(Debug, Clone, Default)]
pub(crate) struct FieldColumns {
    columns: Vec<(Field, usize)>,
    lines: Vec<(Field, u64, usize)>,
}

impl FieldColumns {
    /// `field` is written at `line`, from character `column` (1-based).
    pub fn set_line(&mut self, field: Field, line: u64, column: usize) {
        self.lines.retain(|(f, _, _)| *f != field);
        self.lines.push((field, line, column));
    }

    /// A problem of `field` in the record at `line`: its column's, or its
    /// own line's, position, and the message naming the field where the
    /// position does not tell it.
    pub(crate) fn problem(&self, ctx: &mut Context, line: u64, field: Field, message: String) {
        let own = self.lines.iter().find(|(f, _, _)| *f == field);
        let at = match own {
            Some(&(_, l, column)) => ctx.at(l, Some(column)),
            None => ctx.at(line, self.get(field).map(|c| c + 1)),
        };
        let message = if own.is_some() {
            format!("field \"{}\": {message}", field.name())
        } else {
            message
        };
        ctx.problem(at, message);
    }

    pub fn set(&mut self, field: Field, column: usize) {
        self.columns.retain(|(f, _)| *f != field);
        self.columns.push((field, column));
    }

    pub fn get(&self, field: Field) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|&(_, c)| c)
    }

    /// The row at `line` with these columns.
    pub fn origin(&self, at: Position) -> Origin {
        self.columns
            .iter()
            .fold(Origin::row(at), |o, &(f, c)| o.with(f, c))
    }
}

/// Validates a raw record and emits it (a total, or a breakdown of one
/// when the row names its dimensions), or reports each problem at its
/// column.
pub(crate) fn emit_raw(ctx: &mut Context, line: u64, raw: &RawRecord, columns: &FieldColumns) {
    let dims = corredor_model::record::parse_breakdown(raw.breakdown.unwrap_or_default());
    let record = checked(ctx, line, raw, columns);
    let dims = match dims {
        Ok(dims) => dims,
        Err(e) => {
            columns.problem(ctx, line, e.field, e.message);
            return;
        }
    };
    let Some(record) = record else { return };
    let at = columns.origin(ctx.at(line, None));
    let item = match dims {
        None => Item::Observation(record),
        Some(dims) => Item::Breakdown(Breakdown {
            key: record.key,
            period: record.period,
            dims,
            value: record.value,
            source: record.source,
            sharing: record.sharing,
        }),
    };
    ctx.emit(item, at);
}

/// `raw` as a record, or its problems reported at their columns.
pub(crate) fn checked(
    ctx: &mut Context,
    line: u64,
    raw: &RawRecord,
    columns: &FieldColumns,
) -> Option<corredor_model::Record> {
    match raw.validate() {
        Ok(record) => Some(record),
        Err(errors) => {
            for e in errors {
                columns.problem(ctx, line, e.field, e.message);
            }
            None
        }
    }
}

pub(crate) fn read<R: Read>(input: R, ctx: &mut Context) {
    let Some(mut csv) = csvio::open(ctx.file.clone(), input, &mut ctx.report.problems) else {
        return;
    };
    for (i, name) in csv.header().iter().enumerate() {
        let known = REQUIRED
            .iter()
            .chain(OPTIONAL.iter())
            .any(|k| k.eq_ignore_ascii_case(name));
        if !known {
            let at = csv.at(csv.header_line(), Some(i + 1));
            ctx.problem(
                at,
                format!(
                    "unknown column '{name}': the long format has {} and optionally {}",
                    REQUIRED.join(","),
                    OPTIONAL.join(",")
                ),
            );
        }
    }
    let Some((req, opt)) = csvio::locate(&csv, &REQUIRED, &OPTIONAL, &mut ctx.report.problems)
    else {
        return;
    };
    if !ctx.report.problems.is_empty() {
        return;
    }
    let mut columns = FieldColumns::default();
    for (field, c) in Field::REQUIRED.into_iter().zip(&req) {
        columns.set(field, *c);
    }
    for (field, c) in Field::OPTIONAL.into_iter().zip(&opt) {
        if let Some(c) = c {
            columns.set(field, *c);
        }
    }
    while let Some(row) = csv.next_row(&mut ctx.report.problems) {
        let Ok(row) = row else { continue };
        let line = row.line;
        let raw = RawRecord {
            reporter: row.get(req[0]),
            location: row.get(req[1]),
            nationality: row.get(req[2]),
            indicator: row.get(req[3]),
            period: row.get(req[4]),
            value: row.get(req[5]),
            source: opt[0].map(|c| row.get(c)),
            share: opt[1].map(|c| row.get(c)),
            share_with: opt[2].map(|c| row.get(c)),
            breakdown: opt[3].map(|c| row.get(c)),
        };
        emit_raw(ctx, line, &raw, &columns);
    }
}

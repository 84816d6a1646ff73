//! Parsers for the files publishers send: the long CSV, HXL-tagged CSV,
//! JSON, and adapters for the real publishers' own files (US CBP's encounter
//! CSVs, the DHS OHSS "KHSM" workbook, IOM's compiled irregular entries).
//!
//! Every parser streams: it reads its input once, hands each validated item
//! to a sink as soon as it is complete, and keeps in memory only what its
//! format forces it to (CBP's totals per nationality and month). No parser
//! writes anything itself; the store decides, after the whole command, to
//! commit or to discard. No parser panics on any input (see `fuzz/`).
//!
//! Problems are collected, not thrown: a file with ten bad rows gets ten
//! messages, each `FILE:LINE:COLUMN: what is wrong and how to fix it`.

mod cbp;
pub mod csvio;
mod detect;
mod hxl;
mod iom;
mod json;
mod long;
mod ohss;

use std::io::{Read, Seek};

use corredor_model::{Period, Record, SeriesKey};

/// Problems and their places are the model's, shared by every reader of a
/// file in the project.
pub use corredor_model::problem::{column_letters, Origin, Position, Problem, Problems};
pub use detect::{detect, Format};
/// The long format's columns: required, then optional.
pub use long::{OPTIONAL as LONG_OPTIONAL, REQUIRED as LONG_REQUIRED};

/// A breakdown of a published total by the publisher's own dimensions
/// (e.g. CBP's component, demographic, title of authority and encounter
/// type). Breakdowns are kept beside the total, never added to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breakdown {
    pub key: SeriesKey,
    pub period: Period,
    /// `name=value` pairs joined by `;`, in the publisher's column order.
    pub dims: String,
    pub value: u64,
    /// Overrides the import's `--source` for this row, as a record's does.
    pub source: Option<String>,
    /// Overrides the import's `--share` for this row.
    pub sharing: Option<corredor_model::Sharing>,
}

/// What a parser produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Observation(Record),
    Breakdown(Breakdown),
}

/// Options that change how a file is read.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Indicator for the publisher adapters whose files do not say it
    /// (IOM's regular-entries file has the same columns as its irregular
    /// one). A file of any other format names its own, and is refused
    /// when one is given: it would not apply to it.
    pub indicator: Option<String>,
    /// The sharing the caller stated for the import (`--share`, or the
    /// API's `share`). A row that states its own is narrowed to what both
    /// allow: a row may keep its figures closer than the caller said,
    /// never share them more widely. `None` when the caller stated none,
    /// and a row's own sharing stands, as in a file exported and sent back.
    pub sharing_ceiling: Option<corredor_model::Sharing>,
}

/// What reading one file found.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Observations handed to the sink (totals, not breakdowns).
    pub rows: u64,
    /// Breakdown rows handed to the sink.
    pub breakdowns: u64,
    /// Cells the publisher marked as not reported (e.g. IOM's `NA`).
    pub not_reported: u64,
    pub problems: Problems,
}

/// Where parsed items go. The sink may refuse an item (a duplicate of an
/// earlier row, an unknown indicator); its message is reported at the
/// item's position like any other problem.
pub trait Sink {
    fn accept(&mut self, item: Item, at: &Origin) -> Result<(), String>;
}

impl<F: FnMut(Item, &Origin) -> Result<(), String>> Sink for F {
    fn accept(&mut self, item: Item, at: &Origin) -> Result<(), String> {
        self(item, at)
    }
}

/// Reads one file in `format`. `name` is how messages refer to the file.
pub fn read<R: Read + Seek>(
    format: Format,
    input: R,
    name: &str,
    options: &Options,
    sink: &mut dyn Sink,
) -> FileReport {
    let mut report = FileReport::default();
    let mut ctx = Context {
        file: name.into(),
        report: &mut report,
        sink,
    };
    if let (Some(given), false) = (&options.indicator, format == Format::Iom) {
        let names = match format {
            Format::Cbp | Format::Ohss => "counts encounters",
            _ => "names its indicator on every row",
        };
        let at = ctx.at(1, None);
        ctx.problem(
            at,
            format!(
                "an indicator was given ({given}), but a {format} file {names}: the indicator given is only for IOM's compilations, which do not name one; import this file without it"
            ),
        );
        return report;
    }
    match format {
        Format::Long => long::read(input, &mut ctx),
        Format::Hxl => hxl::read(input, &mut ctx),
        Format::Json => json::read(input, &mut ctx),
        Format::Cbp => cbp::read(input, &mut ctx),
        Format::Ohss => ohss::read(input, &mut ctx),
        Format::Iom => iom::read(input, options, &mut ctx),
    }
    report
}

/// What every parser carries: the file's name, the report being filled and
/// the sink.
pub(crate) struct Context<'a> {
    /// The file's name, shared by every position.
    pub file: std::sync::Arc<str>,
    pub report: &'a mut FileReport,
    pub sink: &'a mut dyn Sink,
}

impl Context<'_> {
    pub fn problem(&mut self, at: Position, message: impl Into<String>) {
        self.report.problems.push(Problem {
            at,
            message: message.into(),
        });
    }

    /// Hands an item to the sink, counting it or recording the refusal.
    pub fn emit(&mut self, item: Item, at: Origin) {
        // Every format's counts, and the totals an adapter sums, stay
        // within what a count of people can be.
        let value = match &item {
            Item::Observation(r) => r.value,
            Item::Breakdown(b) => b.value,
        };
        if value > corredor_model::record::MAX_COUNT {
            let e = corredor_model::record::implausible(value);
            self.problem(at.field(e.field), e.message);
            return;
        }
        let is_total = matches!(item, Item::Observation(_));
        match self.sink.accept(item, &at) {
            Ok(()) if is_total => self.report.rows += 1,
            Ok(()) => self.report.breakdowns += 1,
            Err(message) => self.problem(at.position().clone(), message),
        }
    }

    pub fn at(&self, line: u64, column: Option<usize>) -> Position {
        Position::Text {
            file: self.file.clone(),
            line,
            column,
        }
    }
}

//! Reading one CSV file of this crate: named columns, each row with its
//! line, each problem with its file, line and column. `corredor_ingest`'s
//! `csvio` reads the file (byte-order mark, `;` delimiter, encoding, blank
//! lines and rows of the wrong width, as for every file of the project);
//! this adds trimmed fields, columns found by name (other columns are
//! allowed and ignored) and typed problems. Callers collect every problem
//! of every file before deciding anything, so that a file is taken whole
//! or not at all.

use std::fmt;

use corredor_ingest::{csvio, Position};

use crate::isco::CodeError;

/// Where a problem is (the model's [`Position`], as for every file), and
/// what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{at}: {kind}")]
pub struct Problem {
    pub at: Position,
    pub kind: ProblemKind,
}

/// What is wrong, with what to do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    #[error("no column '{0}' (the columns are {1})")]
    MissingColumn(&'static str, String),
    #[error("{0}")]
    Unreadable(String),
    #[error("the {0} is empty")]
    Empty(&'static str),
    #[error("{what} '{id}' is given twice (first on line {first})")]
    Duplicate {
        what: &'static str,
        id: String,
        first: u64,
    },
    #[error("{0}")]
    Occupation(#[from] CodeError),
    #[error("unknown country '{0}': use an ISO 3166-1 alpha-3 code such as MEX")]
    Country(String),
    #[error("unknown language '{0}': use an ISO 639-1 code such as es")]
    Language(String),
    #[error("'{0}' is not a date: write YYYY-MM-DD")]
    Date(String),
    #[error("{0} is outside the years a date may be in: {first} to {last}", first = corredor_model::period::YEARS.start(), last = corredor_model::period::YEARS.end())]
    DateOutside(String),
    #[error("the end {end} is before the start {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("the quota is below zero ({0}): give places per year, or leave it empty for none")]
    NegativeQuota(String),
    #[error("'{value}' is not a whole number of {what} (0 to 10,000,000)")]
    Count { what: &'static str, value: String },
    #[error("'{0}' is not a number of years (0 to 80)")]
    Years(String),
    #[error("'{0}' is not an id: use 1 to 64 letters, digits and - _ . : beginning with a letter or a digit")]
    Id(String),
    #[error("the text is longer than {0} characters")]
    TooLong(usize),
    #[error("consent is 'yes' or 'no', not '{0}'")]
    Consent(String),
    #[error("no pathway '{0}' in the pathways file")]
    UnknownPathway(String),
    #[error("no {what} '{id}' in the {what}s file")]
    Unknown { what: &'static str, id: String },
    #[error("'{0}' is not a score: give a number, 0 or more")]
    Score(String),
    #[error("'{0}' starts like a spreadsheet formula: remove the leading character")]
    Formula(String),
    #[error("the text contains control characters")]
    Control,
}

/// Every problem found, in file order; nothing is computed while any remain.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Problems(pub Vec<Problem>);

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (k, p) in self.0.iter().enumerate() {
            if k > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

/// One file being read.
pub(crate) struct Table<'a> {
    reader: csvio::Reader<&'a [u8]>,
}

/// One row: its line and its fields (`cell` trims them).
pub(crate) type Row<'r> = csvio::Row<'r>;

/// The reader's own problems (encoding, width, blank lines) as this
/// crate's.
fn unreadable(read: corredor_ingest::Problems, problems: &mut Vec<Problem>) {
    for p in read.kept() {
        problems.push(Problem {
            at: p.at.clone(),
            kind: ProblemKind::Unreadable(p.message.clone()),
        });
    }
}

impl<'a> Table<'a> {
    pub fn open(name: &'a str, bytes: &'a [u8], problems: &mut Vec<Problem>) -> Option<Table<'a>> {
        let mut read = corredor_ingest::Problems::default();
        let reader = csvio::open(name, bytes, &mut read);
        unreadable(read, problems);
        Some(Table { reader: reader? })
    }

    /// The index of each wanted column, or a problem for each one missing.
    pub fn columns<const N: usize>(
        &self,
        wanted: [&'static str; N],
        problems: &mut Vec<Problem>,
    ) -> Option<[usize; N]> {
        let mut out = [0; N];
        let mut complete = true;
        for (k, w) in wanted.iter().enumerate() {
            match self.optional(w) {
                Some(i) => out[k] = i,
                None => {
                    complete = false;
                    problems.push(Problem {
                        at: self.reader.at(1, Some(1)),
                        kind: ProblemKind::MissingColumn(w, self.reader.header().join(", ")),
                    });
                }
            }
        }
        complete.then_some(out)
    }

    pub fn optional(&self, wanted: &str) -> Option<usize> {
        self.reader.column(wanted)
    }

    /// Calls `each` with the file's name and every usable row; the others'
    /// problems are recorded where they are, in file order.
    pub fn rows(
        &mut self,
        problems: &mut Vec<Problem>,
        mut each: impl FnMut(&FileName, &Row, &mut Vec<Problem>),
    ) {
        let file = FileName;
        let mut read = corredor_ingest::Problems::default();
        while let Some(row) = self.reader.next_row(&mut read) {
            unreadable(std::mem::take(&mut read), problems);
            if let Ok(row) = row {
                each(&file, &row, problems);
            }
        }
    }
}

/// What the rows of a file build their problems with.
pub(crate) struct FileName;

impl FileName {
    /// A problem at `row`, in column index `column` (0-based).
    pub fn at(&self, row: &Row, column: usize, kind: ProblemKind) -> Problem {
        Problem {
            at: row.at(column),
            kind,
        }
    }
}

/// The items of a `;`-separated list, trimmed, empty ones dropped.
pub(crate) fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// The longest free text a cell may hold: a name, a source's address, an
/// employer, a skill.
pub(crate) const MAX_TEXT: usize = 1000;

/// Whether `id` may name a worker, a vacancy or a pathway: it is part of
/// addresses (`/api/v1/labour/workers/{id}`) and of a run's names
/// (`HND/W-0001`), so it holds no `/`, no space and nothing a reader
/// could mistake for another id (a right-to-left mark, a look-alike
/// letter from another script).
pub(crate) fn is_id(id: &str) -> bool {
    // It begins with a letter or a digit: a spreadsheet reads a leading
    // `-` as a formula.
    id.len() <= 64
        && id.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

//! Reading one CSV file of this crate: named columns, each row with its
//! line, each problem with its file, line and column. The `csv` crate
//! parses; this adds the byte-order mark Excel writes, trimmed fields,
//! columns found by name (other columns are allowed and ignored) and typed
//! problems. Callers collect every problem of every file before deciding
//! anything, so that a file is taken whole or not at all.

use std::fmt;

use crate::isco::CodeError;

/// Where a problem is, and what.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}:{column}: {kind}")]
pub struct Problem {
    pub file: String,
    pub line: u64,
    /// 1-based; 1 when the problem is the row's as a whole.
    pub column: usize,
    pub kind: ProblemKind,
}

/// What is wrong, with what to do about it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProblemKind {
    #[error("cannot read the header row: {0}")]
    Header(String),
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
    #[error("the end {end} is before the start {start}")]
    EndBeforeStart { start: String, end: String },
    #[error("the quota is below zero ({0}): give places per year, or leave it empty for none")]
    NegativeQuota(String),
    #[error("'{value}' is not a whole number of {what} (0 or more)")]
    Count { what: &'static str, value: String },
    #[error("'{0}' is not a number of years (0 or more)")]
    Years(String),
    #[error("consent is 'yes' or 'no', not '{0}'")]
    Consent(String),
    #[error("no pathway '{0}' in the pathways file")]
    UnknownPathway(String),
    #[error("no {what} '{id}' in the {what}s file")]
    Unknown { what: &'static str, id: String },
    #[error("'{0}' is not a score: give a number, 0 or more")]
    Score(String),
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
    pub name: &'a str,
    reader: csv::Reader<&'a [u8]>,
    columns: Vec<String>,
}

/// One row: its line and trimmed fields.
pub(crate) struct Row<'r> {
    pub line: u64,
    record: &'r csv::StringRecord,
}

impl Row<'_> {
    pub fn get(&self, column: usize) -> &str {
        self.record.get(column).unwrap_or("").trim()
    }
}

impl<'a> Table<'a> {
    pub fn open(name: &'a str, bytes: &'a [u8], problems: &mut Vec<Problem>) -> Option<Table<'a>> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
        match reader.headers() {
            Ok(h) => {
                let columns = h.iter().map(|c| c.trim().to_ascii_lowercase()).collect();
                Some(Table {
                    name,
                    reader,
                    columns,
                })
            }
            Err(e) => {
                problems.push(Problem {
                    file: name.to_string(),
                    line: 1,
                    column: 1,
                    kind: ProblemKind::Header(e.to_string()),
                });
                None
            }
        }
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
                        file: self.name.to_string(),
                        line: 1,
                        column: 1,
                        kind: ProblemKind::MissingColumn(w, self.columns.join(", ")),
                    });
                }
            }
        }
        complete.then_some(out)
    }

    pub fn optional(&self, wanted: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == wanted)
    }

    /// Calls `each` with the file's name and every row, or records why a
    /// row cannot be read and stops there (what follows a broken row cannot
    /// be trusted).
    pub fn rows(
        &mut self,
        problems: &mut Vec<Problem>,
        mut each: impl FnMut(&FileName, &Row, &mut Vec<Problem>),
    ) {
        let file = FileName(self.name);
        let mut record = csv::StringRecord::new();
        loop {
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    each(
                        &file,
                        &Row {
                            line,
                            record: &record,
                        },
                        problems,
                    );
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => format!(
                            "{len} fields where the header has {expected_len}: quote any field that holds a comma"
                        ),
                        csv::ErrorKind::Utf8 { .. } => {
                            "not UTF-8 text: save the file as CSV UTF-8".to_string()
                        }
                        _ => e.to_string(),
                    };
                    problems.push(Problem {
                        file: self.name.to_string(),
                        line,
                        column: 1,
                        kind: ProblemKind::Unreadable(message),
                    });
                    break;
                }
            }
        }
    }
}

/// The name problems in a file cite.
pub(crate) struct FileName<'a>(pub &'a str);

impl FileName<'_> {
    /// A problem at `row`, in column index `column` (0-based).
    pub fn at(&self, row: &Row, column: usize, kind: ProblemKind) -> Problem {
        Problem {
            file: self.0.to_string(),
            line: row.line,
            column: column + 1,
            kind,
        }
    }
}

/// The items of a `;`-separated list, trimmed, empty ones dropped.
pub(crate) fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(';').map(str::trim).filter(|s| !s.is_empty())
}

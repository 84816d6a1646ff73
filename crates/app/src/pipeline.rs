//! Reading and writing an import: every file of a request in one
//! transaction, every problem reported with its place, nothing written
//! unless all is well. `import` leaves the transaction open for
//! [`crate::observations::submit`], the one use case every road (the
//! command line, the API, the demo) takes, which adds the audit entry and
//! the scan marks before it commits.

use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::PathBuf;
use std::sync::{mpsc, Arc};

use corredor_ingest::{FileReport, Format, Item, Options, Origin, Position, Problem, Problems};
use corredor_model::record::Field;
use corredor_model::{SeriesKey, ShareLevel, Sharing};
use corredor_store::{Counts, FileMeta, Import, NewObservation, Store};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// A file to import: on disk (the command line) or received (the API).
pub enum Input {
    Path(PathBuf),
    Bytes { name: String, data: Vec<u8> },
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }
}

/// What an import did.
#[derive(Debug, Default, Clone, Serialize, utoipa::ToSchema)]
pub struct Summary {
    pub files: u64,
    pub rows: u64,
    pub new: u64,
    pub revised: u64,
    pub unchanged: u64,
    pub breakdowns: u64,
    pub not_reported: u64,
    /// The series whose totals the import added to or revised.
    #[serde(skip)]
    pub touched: BTreeSet<SeriesKey>,
    /// Some row was sent `restricted`: the import's audit entry is about
    /// data the secretariat may not see.
    #[serde(skip)]
    pub restricted: bool,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub struct Refusal {
    pub problems: Vec<Problem>,
    /// Problems found beyond those listed.
    pub more: u64,
    /// Some row read was sent `restricted` (as [`Summary::restricted`]).
    pub restricted: bool,
}

impl Refusal {
    pub fn total(&self) -> u64 {
        self.problems.len() as u64 + self.more
    }

    /// The refusal as the API and `import --json` print it.
    pub fn report(&self) -> RefusalReport {
        RefusalReport {
            imported: false,
            problems: self.total(),
            errors: self
                .problems
                .iter()
                .map(|p| ProblemAt {
                    file: p.at.file().to_string(),
                    position: p.at.to_string(),
                    message: p.message.clone(),
                })
                .collect(),
        }
    }
}

/// Why an import wrote nothing: `imported` is false, and every problem
/// kept has its file, its place (`file:line:column`) and what to fix.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RefusalReport {
    pub imported: bool,
    /// Problems found, including those beyond the ones listed.
    pub problems: u64,
    pub errors: Vec<ProblemAt>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProblemAt {
    pub file: String,
    pub position: String,
    pub message: String,
}

/// Progress of the files being read, for a progress bar.
pub trait Progress: Sync {
    fn file(&self, name: &str, len: u64) -> Box<dyn FileProgress>;
}

pub trait FileProgress: Send {
    fn advance(&mut self, bytes: u64);
    fn finish(&mut self);
}

pub struct Request<'a> {
    pub org: &'a str,
    pub format: Option<Format>,
    pub source: Option<&'a str>,
    pub sharing: Sharing,
    pub options: Options,
    /// Only this reporter's figures are accepted (an analyst submits its
    /// own country's data); `None` accepts any reporter.
    pub reporter: Option<&'a str>,
    pub progress: Option<&'a dyn Progress>,
}

/// An import read and written, its transaction still open: commit it, or
/// drop it to write nothing.
pub(crate) type Staged<'s> = (Box<dyn Import + 's>, Summary);

/// Items travel from the parser thread to the store in batches of this
/// many, so that the channel costs little per row.
const BATCH: usize = 1024;

trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

/// Imports `inputs` into `store` in one transaction, which it returns
/// open with what it wrote: the caller commits it, or drops it to write
/// nothing.
///
/// Each file is parsed on a second thread while this one writes to the
/// store: parsing and validation cost about as much as the writes, and on
/// a two-core machine the pipeline nearly halves the time. The channel is
/// bounded, so memory stays flat whatever the file's size
/// (a pipe, which cannot be rewound, is read whole first).
pub(crate) fn import<'s>(
    store: &'s mut dyn Store,
    inputs: Vec<Input>,
    req: &Request,
) -> Result<std::result::Result<Staged<'s>, Refusal>> {
    let mut import = store.begin_import()?;
    let today = crate::clock::today();
    let mut summary = Summary::default();
    let mut refusal = Refusal {
        problems: Vec::new(),
        more: 0,
        restricted: false,
    };
    for input in inputs {
        let name = input.name();
        let file_name: Arc<str> = name.as_str().into();
        let (reader, len): (Box<dyn ReadSeek>, u64) = match input {
            Input::Path(path) => {
                let file = File::open(&path)
                    .map_err(|e| Error::Invalid(format!("cannot open {name}: {e}")))?;
                let meta = file
                    .metadata()
                    .map_err(|e| Error::Invalid(format!("cannot read {name}: {e}")))?;
                if meta.is_file() {
                    (
                        Box::new(BufReader::with_capacity(1 << 16, file)),
                        meta.len(),
                    )
                } else {
                    // A pipe (`/dev/stdin`, `<(…)`) cannot be rewound after
                    // its start is inspected: it is read whole first.
                    let mut data = Vec::new();
                    std::io::Read::read_to_end(&mut { file }, &mut data)
                        .map_err(|e| Error::Invalid(format!("cannot read {name}: {e}")))?;
                    let len = data.len() as u64;
                    (Box::new(Cursor::new(data)), len)
                }
            }
            Input::Bytes { data, .. } => {
                let len = data.len() as u64;
                (Box::new(Cursor::new(data)), len)
            }
        };
        let mut reader = reader;
        let format = match inspect(&mut reader, req.format) {
            Ok(v) => v,
            Err(message) => {
                refusal.problems.push(Problem {
                    at: Position::Text {
                        file: file_name,
                        line: 1,
                        column: None,
                    },
                    message,
                });
                continue;
            }
        };
        let meta = FileMeta {
            file: name.clone(),
            format: format.to_string(),
            source: req.source.map(str::to_string),
            org: req.org.to_string(),
            received_at: crate::clock::now(),
            sharing: req.sharing.clone(),
        };
        import.start_file(&meta)?;
        let progress = req.progress.map(|p| p.file(&name, len));
        let input = Hashing::new(reader, progress);
        let mut problems = Problems::default();
        let mut last_key: Option<SeriesKey> = None;
        let (report, hashed) = std::thread::scope(|scope| -> Result<(FileReport, Hashing)> {
            let (sender, receiver) = mpsc::sync_channel::<Vec<(Item, Origin)>>(8);
            let (name, options) = (&name, &req.options);
            // The sender moves into the parser: when it finishes, the
            // channel closes and the loop below ends.
            let parser = scope.spawn(move || {
                let mut batch = Vec::with_capacity(BATCH);
                let mut sink = |item: Item, at: &Origin| -> std::result::Result<(), String> {
                    batch.push((item, at.clone()));
                    if batch.len() == BATCH {
                        let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        sender
                            .send(full)
                            .map_err(|_| "the import was stopped".to_string())?;
                    }
                    Ok(())
                };
                let mut input = input;
                let report = corredor_ingest::read(format, &mut input, name, options, &mut sink);
                let _ = sender.send(batch);
                (report, input)
            });
            // A row's own sharing, within what the caller stated.
            let ceiling = |s: &Option<Sharing>| match (s, &req.options.sharing_ceiling) {
                (Some(s), Some(c)) => Some(s.meet(c)),
                (s, _) => s.clone(),
            };
            for batch in receiver {
                for (item, at) in batch {
                    let (key, period, own) = match &item {
                        Item::Observation(r) => (&r.key, r.period, &r.sharing),
                        Item::Breakdown(b) => (&b.key, b.period, &b.sharing),
                    };
                    let sharing = ceiling(own).unwrap_or_else(|| req.sharing.clone());
                    summary.restricted |= sharing.level == ShareLevel::Restricted;
                    // A figure counts what happened: a period that has not
                    // begun (a typo such as 2199-01) would stand as the
                    // latest and feed every forecast.
                    if period.first_day() > today {
                        problems.push(Problem {
                            at: at.field(Field::Period),
                            message: format!(
                                "period {period} has not begun (today is {today}): figures are sent for periods that have begun"
                            ),
                        });
                        continue;
                    }
                    if let Some(only) = req.reporter {
                        if key.reporter != only {
                            problems.push(Problem {
                                at: at.field(Field::Reporter),
                                message: format!(
                                    "this row reports {}'s figures; this organisation submits {only}'s only",
                                    key.reporter
                                ),
                            });
                            continue;
                        }
                    }
                    let added = match &item {
                        Item::Observation(r) => {
                            // Rows of one series come together: compare with
                            // the last before touching the set.
                            if last_key.as_ref() != Some(&r.key) {
                                summary.touched.insert(r.key.clone());
                                last_key = Some(r.key.clone());
                            }
                            import.add(&NewObservation {
                                key: &r.key,
                                period: r.period,
                                dims: "",
                                value: r.value,
                                source: r.source.as_deref(),
                                sharing: ceiling(&r.sharing).as_ref(),
                                at: &at,
                            })
                        }
                        Item::Breakdown(b) => import.add(&NewObservation {
                            key: &b.key,
                            period: b.period,
                            dims: &b.dims,
                            value: b.value,
                            source: b.source.as_deref(),
                            sharing: ceiling(&b.sharing).as_ref(),
                            at: &at,
                        }),
                    };
                    // A failure of the store ends the import; dropping the
                    // receiver stops the parser at its next batch.
                    if let Err(p) = added? {
                        problems.push(Problem {
                            at: p.at,
                            message: p.message,
                        });
                    }
                }
            }
            parser
                .join()
                .map_err(|_| Error::Internal(format!("the parser of {name} failed")))
        })?;
        let sha256 = hashed.finish()?;
        let (counts, found): (Counts, _) = import.finish_file(&sha256)?;
        for p in report.problems.kept() {
            problems.push(p.clone());
        }
        for p in found {
            problems.push(Problem {
                at: p.at,
                message: p.message,
            });
        }
        summary.files += 1;
        summary.rows += counts.rows;
        summary.new += counts.new;
        summary.revised += counts.revised;
        summary.unchanged += counts.unchanged;
        summary.breakdowns += counts.breakdowns;
        summary.restricted |= counts.parts_of_restricted;
        summary.not_reported += report.not_reported;
        let mut kept = problems.kept().to_vec();
        // By line, or for a workbook by sheet (by name) and row.
        kept.sort_by(|a, b| {
            sheet(&a.at)
                .cmp(sheet(&b.at))
                .then(a.at.line().cmp(&b.at.line()))
        });
        refusal.problems.extend(kept);
        refusal.more += problems.more() + report.problems.more();
    }
    refusal.restricted = summary.restricted || req.sharing.level == ShareLevel::Restricted;
    if refusal.problems.is_empty() && refusal.more == 0 {
        Ok(Ok((import, summary)))
    } else {
        // Dropping the import rolls the transaction back: nothing is written.
        Ok(Err(refusal))
    }
}

/// The sheet a position is in, if it is in a workbook.
fn sheet(at: &Position) -> &str {
    match at {
        Position::Cell { sheet, .. } => sheet,
        Position::Text { .. } => "",
    }
}

/// The file's format: the one given, or recognised from its first bytes.
fn inspect(input: &mut dyn ReadSeek, given: Option<Format>) -> std::result::Result<Format, String> {
    if let Some(f) = given {
        return Ok(f);
    }
    let mut head = Vec::with_capacity(8192);
    input
        .take(8192)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    input
        .seek(SeekFrom::Start(0))
        .map_err(|e| format!("cannot read the file: {e}"))?;
    corredor_ingest::detect(&head)
}

/// A reader that computes the SHA-256 of what passes through it, so that
/// a file is read once for both its content and its fingerprint.
struct Hashing {
    inner: Box<dyn ReadSeek>,
    hasher: Sha256,
    /// Set when the reader seeks: the running hash no longer covers the file.
    sought: bool,
    progress: Option<Box<dyn FileProgress>>,
}

impl Hashing {
    fn new(inner: Box<dyn ReadSeek>, progress: Option<Box<dyn FileProgress>>) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            sought: false,
            progress,
        }
    }

    /// The file's hash in hex. Workbooks are read with seeks, which the
    /// running hash cannot follow: those are read again from the start.
    fn finish(mut self) -> Result<String> {
        if let Some(p) = &mut self.progress {
            p.finish();
        }
        if !self.sought {
            return Ok(hex(&self.hasher.finalize()));
        }
        self.inner.seek(SeekFrom::Start(0))?;
        let mut hasher = Sha256::new();
        std::io::copy(&mut self.inner, &mut hasher)?;
        Ok(hex(&hasher.finalize()))
    }
}

impl Read for Hashing {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        if let Some(p) = &mut self.progress {
            p.advance(n as u64);
        }
        Ok(n)
    }
}

impl Seek for Hashing {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.sought = true;
        self.inner.seek(pos)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

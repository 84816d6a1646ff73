//! `corredor import`: every file of the command in one transaction, every
//! problem reported with its place, nothing written unless all is well.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{mpsc, Arc};

use anyhow::{Context as _, Result};
use clap::{Args, ValueEnum};
use corredor_ingest::{FileReport, Format, Item, Options, Position, Problem, Problems};
use corredor_model::record::parse_sharing;
use corredor_model::{ShareLevel, Sharing};
use corredor_store::{Counts, FileMeta, NewObservation, Store};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::output;

#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// The files' format; auto recognises each file by its header or sheets
    #[arg(long, value_enum, default_value = "auto")]
    format: FormatChoice,
    /// Where the figures come from (a publication, a URL), recorded with each value
    #[arg(long)]
    source: Option<String>,
    /// Who may see the data: public, members (of the declaration) or restricted
    #[arg(long, default_value = "members")]
    share: ShareLevel,
    /// For restricted data: the countries it is shared with besides its owner
    #[arg(long, value_delimiter = ',')]
    share_with: Vec<String>,
    /// Indicator for files that do not name one (IOM's regular entries)
    #[arg(long)]
    indicator: Option<String>,
    /// Print the summary (or the problems) as JSON
    #[arg(long)]
    json: bool,
    /// Files to import, all in one transaction
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatChoice {
    Auto,
    Long,
    Hxl,
    Json,
    Cbp,
    Ohss,
    Iom,
}

impl FormatChoice {
    fn format(self) -> Option<Format> {
        match self {
            FormatChoice::Auto => None,
            FormatChoice::Long => Some(Format::Long),
            FormatChoice::Hxl => Some(Format::Hxl),
            FormatChoice::Json => Some(Format::Json),
            FormatChoice::Cbp => Some(Format::Cbp),
            FormatChoice::Ohss => Some(Format::Ohss),
            FormatChoice::Iom => Some(Format::Iom),
        }
    }
}

/// What an import command did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files: u64,
    pub rows: u64,
    pub new: u64,
    pub revised: u64,
    pub unchanged: u64,
    pub breakdowns: u64,
    pub not_reported: u64,
}

/// Why an import wrote nothing.
pub struct Refusal {
    pub problems: Vec<Problem>,
    /// Problems found beyond those listed.
    pub more: u64,
}

pub struct Request<'a> {
    pub org: &'a str,
    pub format: Option<Format>,
    pub source: Option<&'a str>,
    pub sharing: Sharing,
    pub options: Options,
    pub progress: bool,
}

/// Items travel from the parser thread to the store in batches of this
/// many, so that the channel costs little per row.
const BATCH: usize = 1024;

/// Imports `files` into `store` in one transaction.
///
/// Each file is parsed on a second thread while this one writes to the
/// store: parsing and validation cost about as much as the writes, and on
/// a two-core machine the pipeline nearly halves the time. The channel is
/// bounded, so memory stays flat whatever the file's size.
pub fn import_files(
    store: &mut dyn Store,
    files: &[PathBuf],
    req: &Request,
) -> Result<std::result::Result<Summary, Refusal>> {
    let mut import = store.begin_import()?;
    let mut summary = Summary::default();
    let mut refusal = Refusal {
        problems: Vec::new(),
        more: 0,
    };
    for path in files {
        let name = path.display().to_string();
        let file_name: Arc<str> = name.as_str().into();
        let format = match inspect(path, req.format) {
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
            received_at: output::now(),
            sharing: req.sharing.clone(),
        };
        import.start_file(&meta)?;
        let file = File::open(path).with_context(|| format!("cannot open {name}"))?;
        let bar = progress_bar(&file, &name, req.progress);
        let input = Hashing::new(bar.wrap_read(BufReader::with_capacity(1 << 16, file)));
        let mut problems = Problems::default();
        let (report, sha256) =
            std::thread::scope(|scope| -> Result<(FileReport, Option<String>)> {
                let (sender, receiver) = mpsc::sync_channel::<Vec<(Item, Position)>>(8);
                let (name, options) = (&name, &req.options);
                // The sender moves into the parser: when it finishes, the
                // channel closes and the loop below ends.
                let parser = scope.spawn(move || {
                    let mut batch = Vec::with_capacity(BATCH);
                    let mut sink = |item: Item, at: &Position| -> std::result::Result<(), String> {
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
                    let report =
                        corredor_ingest::read(format, &mut input, name, options, &mut sink);
                    let _ = sender.send(batch);
                    (report, input.finish())
                });
                for batch in receiver {
                    for (item, at) in batch {
                        let added = match &item {
                            Item::Observation(r) => import.add(&NewObservation {
                                key: &r.key,
                                period: r.period,
                                dims: "",
                                value: r.value,
                                source: r.source.as_deref(),
                                sharing: r.sharing.as_ref(),
                                line: at.line(),
                            }),
                            Item::Breakdown(b) => import.add(&NewObservation {
                                key: &b.key,
                                period: b.period,
                                dims: &b.dims,
                                value: b.value,
                                source: None,
                                sharing: None,
                                line: at.line(),
                            }),
                        };
                        // A failure of the store ends the import; dropping the
                        // receiver stops the parser at its next batch.
                        if let Err(message) = added? {
                            problems.push(Problem { at, message });
                        }
                    }
                }
                parser
                    .join()
                    .map_err(|_| anyhow::anyhow!("the parser of {name} failed"))
            })?;
        bar.finish_and_clear();
        // Workbooks are read with seeks, which the running hash cannot follow.
        let sha256 = match sha256 {
            Some(h) => h,
            None => hash_file(path)?,
        };
        let (counts, found): (Counts, _) = import.finish_file(&sha256)?;
        for p in report.problems.kept() {
            problems.push(p.clone());
        }
        for p in found {
            problems.push(Problem {
                at: Position::Text {
                    file: file_name.clone(),
                    line: p.line,
                    column: None,
                },
                message: p.message,
            });
        }
        summary.files += 1;
        summary.rows += counts.rows;
        summary.new += counts.new;
        summary.revised += counts.revised;
        summary.unchanged += counts.unchanged;
        summary.breakdowns += counts.breakdowns;
        summary.not_reported += report.not_reported;
        let mut kept = problems.kept().to_vec();
        kept.sort_by_key(|p| p.at.line());
        refusal.problems.extend(kept);
        refusal.more += problems.more() + report.problems.more();
    }
    if refusal.problems.is_empty() && refusal.more == 0 {
        import.commit()?;
        Ok(Ok(summary))
    } else {
        // Dropping the import rolls the transaction back: nothing is written.
        Ok(Err(refusal))
    }
}

/// The file's format: the one given, or recognised from its first bytes.
fn inspect(path: &Path, given: Option<Format>) -> std::result::Result<Format, String> {
    if let Some(f) = given {
        return Ok(f);
    }
    let file = File::open(path).map_err(|e| format!("cannot open the file: {e}"))?;
    let mut head = Vec::with_capacity(8192);
    file.take(8192)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    corredor_ingest::detect(&head)
}

/// A reader that computes the SHA-256 of what passes through it, so that
/// a file is read once for both its content and its fingerprint.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    /// Set when the reader seeks: the running hash no longer covers the file.
    sought: bool,
}

impl<R> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            sought: false,
        }
    }

    /// The hash in hex, unless the reader sought.
    fn finish(self) -> Option<String> {
        (!self.sought).then(|| hex(&self.hasher.finalize()))
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

impl<R: Seek> Seek for Hashing<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.sought = true;
        self.inner.seek(pos)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash_file(path: &Path) -> Result<String> {
    let mut file = File::open(path)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

fn progress_bar(file: &File, name: &str, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template(
            "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_message(name.to_string());
    bar
}

pub fn run(db: &str, org: &str, args: &ImportArgs) -> Result<ExitCode> {
    let sharing = parse_sharing(args.share, &args.share_with.join(";"))
        .map_err(|e| anyhow::anyhow!("--share-with: {e}"))?;
    if let Some(s) = &args.source {
        corredor_model::record::check_text(corredor_model::record::Field::Source, s)
            .map_err(|e| anyhow::anyhow!("--source: {e}"))?;
    }
    let mut store = crate::open_store(db)?;
    let req = Request {
        org,
        format: args.format.format(),
        source: args.source.as_deref(),
        sharing,
        options: Options {
            indicator: args.indicator.clone(),
        },
        progress: !args.json && output::interactive(),
    };
    match import_files(store.as_mut(), &args.files, &req)? {
        Ok(summary) => {
            if args.json {
                println!("{}", serde_json::to_string(&summary)?);
            } else {
                println!("{}", describe(&summary));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(refusal) => {
            report_refusal(&refusal, args.json)?;
            Ok(ExitCode::FAILURE)
        }
    }
}

pub fn describe(s: &Summary) -> String {
    let n = output::thousands;
    let mut line = format!(
        "{} file{}: {} rows ({} new, {} revised, {} unchanged)",
        s.files,
        if s.files == 1 { "" } else { "s" },
        n(s.rows),
        n(s.new),
        n(s.revised),
        n(s.unchanged)
    );
    if s.breakdowns > 0 {
        line.push_str(&format!(", {} breakdown rows", n(s.breakdowns)));
    }
    if s.not_reported > 0 {
        let values = if s.not_reported == 1 {
            "value"
        } else {
            "values"
        };
        line.push_str(&format!(
            ", {} {values} marked not reported",
            n(s.not_reported)
        ));
    }
    if s.new + s.revised == 0 && s.rows > 0 {
        line.push_str("; nothing changed: every value was already in the store");
    }
    line
}

fn report_refusal(r: &Refusal, json: bool) -> Result<()> {
    let total = r.problems.len() as u64 + r.more;
    if json {
        #[derive(Serialize)]
        struct Error<'a> {
            file: &'a str,
            position: String,
            message: &'a str,
        }
        let errors: Vec<Error> = r
            .problems
            .iter()
            .map(|p| Error {
                file: p.at.file(),
                position: p.at.to_string(),
                message: &p.message,
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"imported": false, "problems": total, "errors": errors})
        );
    } else {
        for p in &r.problems {
            eprintln!("{p}");
        }
        if r.more > 0 {
            eprintln!("… and {} more problems", output::thousands(r.more));
        }
        eprintln!(
            "nothing imported: {} problem{} found; fix {} and import again",
            output::thousands(total),
            if total == 1 { "" } else { "s" },
            if total == 1 { "it" } else { "them" }
        );
    }
    Ok(())
}

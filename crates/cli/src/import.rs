//! `corredor import`: every file of the command in one transaction, every
//! problem reported with its place, nothing written unless all is well.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use corredor_app::alerts::Changes;
use corredor_app::observations::{self, Scan};
use corredor_app::pipeline::{FileProgress, Input, Progress, Refusal, Request, Summary};
use corredor_ingest::{Format, Options};
use corredor_model::record::parse_sharing;
use corredor_model::ShareLevel;
use corredor_warning::corridor::{self, RouteFile};
use indicatif::{ProgressBar, ProgressStyle};

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
    /// (default: members); a row's own `share` may narrow it, never widen it
    #[arg(long)]
    share: Option<ShareLevel>,
    /// For restricted data: the countries it is shared with besides its owner
    #[arg(long, value_delimiter = ',')]
    share_with: Vec<String>,
    /// Indicator for files that do not name one (IOM's regular entries)
    #[arg(long)]
    indicator: Option<String>,
    /// Print the summary (or the problems) as JSON
    #[arg(long)]
    json: bool,
    /// Do not run the early warning on the series the import changed
    #[arg(long)]
    no_scan: bool,
    /// Files to import, all in one transaction; `-` reads the standard input
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

/// A progress bar per file, on a terminal.
pub struct Bars;

struct Bar(ProgressBar);

impl Progress for Bars {
    fn file(&self, name: &str, len: u64) -> Box<dyn FileProgress> {
        let bar = ProgressBar::new(len);
        bar.set_style(
            ProgressStyle::with_template(
                "{msg} [{bar:30}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        bar.set_message(name.to_string());
        Box::new(Bar(bar))
    }
}

impl FileProgress for Bar {
    fn advance(&mut self, bytes: u64) {
        self.0.inc(bytes);
    }
    fn finish(&mut self) {
        self.0.finish_and_clear();
    }
}

pub fn run(db: &str, org: &str, args: &ImportArgs) -> Result<ExitCode> {
    let stated = args.share.is_some() || !args.share_with.is_empty();
    let sharing = parse_sharing(
        args.share.unwrap_or(ShareLevel::Members),
        &args.share_with.join(";"),
    )
    .map_err(|e| anyhow::anyhow!("--share-with: {e}"))?;
    if let Some(s) = &args.source {
        corredor_model::record::check_text(corredor_model::record::Field::Source, s)
            .map_err(|e| anyhow::anyhow!("--source: {e}"))?;
    }
    let inputs = args
        .files
        .iter()
        .map(|f| input(f))
        .collect::<Result<Vec<_>>>()?;
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES)?;
    let created = crate::store_check::claim_new(db);
    let mut store = crate::open_store(db).inspect_err(|_| {
        if let Some(file) = &created {
            crate::store_check::remove_new(file);
        }
    })?;
    let show = !args.json && output::interactive();
    let req = Request {
        org,
        format: args.format.format(),
        source: args.source.as_deref(),
        options: Options {
            indicator: args.indicator.clone(),
            sharing_ceiling: stated.then(|| sharing.clone()),
        },
        sharing,
        reporter: None,
        progress: show.then_some(&Bars as &dyn Progress),
    };
    let scan = if args.no_scan {
        Scan::Skip
    } else {
        Scan::Changed
    };
    let actor = corredor_app::auth::operator(org);
    let outcome = observations::submit(store.as_mut(), &actor, &routes, inputs, &req, scan);
    // A first import that wrote nothing takes away the store it created:
    // otherwise the empty file would answer later reads with "0 series".
    // Whatever the outcome, a store that holds a batch (another process's,
    // had it opened the new file too) is kept.
    if let Some(file) = created {
        let wrote = matches!(outcome, Ok(Ok(_))) || store.batches().map_or(true, |b| !b.is_empty());
        if !wrote {
            drop(store);
            crate::store_check::remove_new(&file);
        }
    }
    match outcome? {
        Ok(done) => {
            if args.json {
                let mut v = serde_json::to_value(&done.summary)?;
                if let Some(c) = &done.alerts {
                    v["alerts"] = serde_json::to_value(c)?;
                }
                if let Some(c) = &done.recovered {
                    v["recovered"] = serde_json::to_value(c)?;
                }
                println!("{v}");
            } else {
                if let Some(c) = &done.recovered {
                    println!(
                        "early warning: scanned the series an interrupted import left unscanned: {}",
                        alert_counts(c)
                    );
                }
                println!("{}", describe(&done.summary));
                if let Some(c) = done
                    .alerts
                    .filter(|c| !c.opened.is_empty() || !c.updated.is_empty())
                {
                    println!(
                        "early warning: {} (see `corredor serve`, /api/v1/alerts)",
                        alert_counts(&c)
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(refusal) => {
            report_refusal(&refusal, args.json)?;
            Ok(ExitCode::FAILURE)
        }
    }
}

/// A file to import; `-` is the standard input, read whole since the
/// readers look at a file's start before they read it.
fn input(file: &std::path::Path) -> Result<Input> {
    if file.as_os_str() != "-" {
        return Ok(Input::Path(file.to_path_buf()));
    }
    let mut data = Vec::new();
    std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut data)
        .map_err(|e| anyhow::anyhow!("cannot read the standard input: {e}"))?;
    Ok(Input::Bytes {
        name: "stdin".to_string(),
        data,
    })
}

fn alert_counts(c: &Changes) -> String {
    format!(
        "{} alert{} opened, {} updated",
        c.opened.len(),
        if c.opened.len() == 1 { "" } else { "s" },
        c.updated.len()
    )
}

pub fn describe(s: &Summary) -> String {
    let n = output::thousands;
    let mut line = format!(
        "{}: {} ({} new, {} revised, {} unchanged)",
        output::plural(s.files, "file", "files"),
        output::plural(s.rows, "row", "rows"),
        n(s.new),
        n(s.revised),
        n(s.unchanged)
    );
    if s.breakdowns > 0 {
        line.push_str(&format!(
            ", {}",
            output::plural(s.breakdowns, "breakdown row", "breakdown rows")
        ));
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
    let total = r.total();
    if json {
        println!("{}", serde_json::to_value(r.report())?);
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

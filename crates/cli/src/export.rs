//! `corredor export`: any selection as CSV (the long format, which imports
//! back), JSON (an array of the same records) or HXL (the same columns with
//! a hashtag row). Written as a stream, row by row.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use corredor_store::{Access, ReadOptions, StoredObservation};

use crate::output::{self, spreadsheet_safe};
use crate::FilterArgs;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Json,
    Hxl,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "csv")]
    format: ExportFormat,
    #[command(flatten)]
    filter: FilterArgs,
    /// Include the publishers' breakdowns (a `breakdown` column) beside the totals
    #[arg(long)]
    breakdown: bool,
    /// The values as they stood on this date (or RFC 3339 instant)
    #[arg(long)]
    as_received: Option<String>,
    /// Write to this file instead of standard output
    #[arg(long, short)]
    output: Option<PathBuf>,
}

/// The long format's columns, so that an export imports back as it is.
fn columns() -> impl Iterator<Item = &'static str> {
    corredor_ingest::LONG_REQUIRED
        .into_iter()
        .chain(corredor_ingest::LONG_OPTIONAL)
}

/// HXL hashtags for [`columns`], as `corredor import --format hxl` reads them.
const HASHTAGS: [&str; 9] = [
    "#country+reporter+code",
    "#loc+code",
    "#country+origin+code",
    "#indicator+code",
    "#date",
    "#affected+num",
    "#meta+source",
    "#meta+share",
    "#meta+share_with",
];

fn cells(o: &StoredObservation) -> [String; 9] {
    [
        o.key.reporter.clone(),
        o.key.location.to_string(),
        o.key.nationality.clone(),
        o.key.indicator.clone(),
        o.period.to_string(),
        o.value.to_string(),
        o.source.clone().unwrap_or_default(),
        o.sharing.level.to_string(),
        o.sharing.with_text(),
    ]
}

pub fn run(db: &str, args: &ExportArgs) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let options = ReadOptions {
        breakdowns: args.breakdown,
        history: false,
        as_received: args
            .as_received
            .as_deref()
            .map(output::as_received)
            .transpose()?,
    };
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(File::create(p)?),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let filter = args.filter.to_filter()?;
    match args.format {
        ExportFormat::Csv | ExportFormat::Hxl => {
            let mut w = csv::Writer::from_writer(&mut out);
            let mut header: Vec<&str> = columns().collect();
            let mut tags: Vec<&str> = HASHTAGS.to_vec();
            if args.breakdown {
                header.push("breakdown");
                tags.push("#meta+breakdown");
            }
            w.write_record(&header)?;
            if matches!(args.format, ExportFormat::Hxl) {
                w.write_record(&tags)?;
            }
            store.observations(&filter, &options, &Access::Operator, &mut |o| {
                let c = cells(&o);
                let mut row: Vec<std::borrow::Cow<str>> =
                    c.iter().map(|t| spreadsheet_safe(t)).collect();
                if args.breakdown {
                    row.push(spreadsheet_safe(&o.dims).into_owned().into());
                }
                w.write_record(row.iter().map(|c| c.as_bytes()))
                    .map_err(|e| corredor_store::StoreError::Invalid(e.to_string()))
            })?;
            w.flush()?;
        }
        ExportFormat::Json => {
            out.write_all(b"[")?;
            let mut first = true;
            store.observations(&filter, &options, &Access::Operator, &mut |o| {
                let c = cells(&o);
                let mut map = serde_json::Map::new();
                for (name, cell) in columns().zip(c) {
                    let v = match name {
                        "value" => serde_json::Value::from(o.value),
                        "source" if o.source.is_none() => continue,
                        "share_with" if o.sharing.with.is_empty() => continue,
                        _ => serde_json::Value::from(cell),
                    };
                    map.insert(name.to_string(), v);
                }
                if args.breakdown && !o.dims.is_empty() {
                    map.insert("breakdown".into(), o.dims.clone().into());
                }
                let sep: &[u8] = if first { b"\n" } else { b",\n" };
                first = false;
                out.write_all(sep)
                    .and_then(|()| serde_json::to_writer(&mut out, &map).map_err(io::Error::from))
                    .map_err(|e| corredor_store::StoreError::Invalid(e.to_string()))
            })?;
            out.write_all(b"\n]\n")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

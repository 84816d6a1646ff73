//! `corredor export`: any selection as CSV (the long format, which imports
//! back), JSON or HXL, streamed row by row (the writers live in
//! `corredor_app::export`, shared with the API).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use corredor_app::export::{self, ExportFormat};
use corredor_store::{Access, ReadOptions};

use crate::FilterArgs;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
    Hxl,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// csv, json or hxl (HXL-tagged CSV, which `import` reads back)
    #[arg(long, value_enum, default_value = "csv")]
    format: FormatArg,
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

pub fn run(db: &str, args: &ExportArgs) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let options = ReadOptions {
        breakdowns: args.breakdown,
        history: false,
        as_received: args
            .as_received
            .as_deref()
            .map(corredor_app::clock::as_received)
            .transpose()
            .map_err(anyhow::Error::msg)?,
    };
    let sink: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(File::create(p)?),
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 16, sink);
    let format = match args.format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Json => ExportFormat::Json,
        FormatArg::Hxl => ExportFormat::Hxl,
    };
    export::write(
        store.as_mut(),
        &args.filter.to_filter()?,
        &options,
        &Access::Operator,
        format,
        &mut out,
    )?;
    Ok(ExitCode::SUCCESS)
}

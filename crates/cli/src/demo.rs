//! `corredor demo`: a newcomer's first command. It builds a store from the
//! real public datasets in `../shared/data/` and shows what arrived.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Args;
use corredor_ingest::{Format, Options};
use corredor_model::Sharing;
use corredor_store::{Access, Filter};

use corredor_server::pipeline::{self, Input, Progress, Request};

use crate::import::{describe, Bars};
use crate::output::{self, thousands};

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Folder of the real datasets (default: ../shared/data, or CORREDOR_DATA)
    #[arg(long, env = "CORREDOR_DATA")]
    data: Option<PathBuf>,
    /// The demo store, rebuilt from scratch
    #[arg(long, default_value = "corredor-demo.db")]
    store: PathBuf,
}

/// The real datasets and how to read them: (path under the data folder,
/// format, source recorded with every value).
pub const DATASETS: [(&str, Format, &str); 3] = [
    (
        "ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx",
        Format::Ohss,
        "DHS Office of Homeland Security Statistics, KHSM CBP Encounters (USBP), FY2025 M11 release",
    ),
    (
        "cbp-southwest-border/sbo-encounters-fy22-fy25-aug.csv",
        Format::Cbp,
        "US CBP, Southwest Land Border Encounters FY22-FY25 (FYTD), August 2025",
    ),
    (
        "iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv",
        Format::Iom,
        "IOM Regional Office for the Americas, amerdigest irregular entries (Lighthouse compilation), May 2025",
    ),
];

/// Where the real data is: the option, then `../shared/data` from here,
/// then beside the source tree this binary was built from.
pub fn data_dir(given: Option<&Path>) -> Option<PathBuf> {
    let built_from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    let candidates: Vec<PathBuf> = match given {
        Some(p) => vec![p.to_path_buf()],
        None => vec![PathBuf::from("../shared/data"), built_from],
    };
    candidates.into_iter().find(|p| p.is_dir())
}

pub fn run(args: &DemoArgs) -> Result<ExitCode> {
    let Some(data) = data_dir(args.data.as_deref()) else {
        bail!("the real datasets were not found: run from the project folder with ../shared/data beside it, or give --data DIR");
    };
    for suffix in ["", "-wal", "-shm"] {
        let mut p = args.store.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    let url = args.store.display().to_string();
    let mut store = crate::open_store(&url)?;
    println!("Building {url} from {}", data.display());
    for (path, format, source) in DATASETS {
        let file = data.join(path);
        if !file.exists() {
            println!("  {path}: not present, skipped");
            continue;
        }
        let req = Request {
            org: "demo",
            format: Some(format),
            source: Some(source),
            sharing: Sharing::public(),
            options: Options::default(),
            reporter: None,
            progress: output::interactive().then_some(&Bars as &dyn Progress),
        };
        match pipeline::import(store.as_mut(), vec![Input::Path(file)], &req)? {
            Ok(summary) => println!("  {path}: {}", describe(&summary)),
            Err(refusal) => {
                for p in &refusal.problems {
                    eprintln!("{p}");
                }
                bail!("{path} could not be imported");
            }
        }
    }
    let series = store.series(&Filter::default(), &Access::Operator)?;
    println!(
        "\nWhat arrived ({} series):",
        thousands(series.len() as u64)
    );
    println!(
        "{:<8} {:<9} {:<18} {:>7} {:>9} {:>9} {:>14}",
        "reporter", "loc", "indicator", "series", "first", "last", "observations"
    );
    // (reporter, location, indicator) → (series, first, last, observations)
    type Group = ((String, String, String), (u64, String, String, u64));
    let mut groups: Vec<Group> = Vec::new();
    for s in &series {
        let key = (
            s.key.reporter.clone(),
            s.key.location.to_string(),
            s.key.indicator.clone(),
        );
        match groups.last_mut() {
            Some((k, g)) if *k == key => {
                g.0 += 1;
                g.1 = g.1.clone().min(s.first.to_string());
                g.2 = g.2.clone().max(s.last.to_string());
                g.3 += s.count;
            }
            _ => groups.push((key, (1, s.first.to_string(), s.last.to_string(), s.count))),
        }
    }
    for ((r, l, i), (n, first, last, count)) in &groups {
        println!(
            "{r:<8} {l:<9} {i:<18} {n:>7} {first:>9} {last:>9} {:>14}",
            thousands(*count)
        );
    }
    println!("\nNext: corredor --db {url} series list | corredor --db {url} export --reporter PAN --nationality VEN");
    Ok(ExitCode::SUCCESS)
}

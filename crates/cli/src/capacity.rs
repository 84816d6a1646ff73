//! `corredor capacity`: what countries report they can offer — the latest
//! report of each site and each country, and the sites file a placement
//! reads. The rules (which report is the latest, what a country's capacity
//! is) are `corredor_app::capacity`'s; this opens the store and prints.
//! Capacity is imported like any other figure (`corredor import`, the
//! `capacity_…` indicators, nationality XXX).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use corredor_app::capacity::{self, SiteReport};
use corredor_model::CapacityKind;
use corredor_store::Access;

use crate::output::thousands;

#[derive(Subcommand, Debug)]
pub enum CapacityCommand {
    /// The latest capacity report of each site, or each country, on a date
    Latest(LatestArgs),
    /// The sites file of `share place` from the latest reports of places (id,country,capacity,services,reported)
    Sites(SitesArgs),
}

/// What to read a capacity as.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Per {
    /// Each site's (and whole country's) own report
    Site,
    /// Each country: its whole-country report, else the sum of its sites'
    Country,
}

#[derive(Args, Debug)]
pub struct LatestArgs {
    /// What capacity: reception_places, shelter_beds, staff or budget_usd
    #[arg(long)]
    kind: CapacityKind,
    /// The date the reports should hold on: the latest begun by then (default: today)
    #[arg(long)]
    on: Option<NaiveDate>,
    /// Per site or per country
    #[arg(long, value_enum, default_value = "site")]
    per: Per,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Args, Debug)]
pub struct SitesArgs {
    /// What capacity bounds a site: reception_places or shelter_beds
    #[arg(long, default_value = "reception_places")]
    kind: CapacityKind,
    /// The date the reports should hold on: the latest begun by then (default: today)
    #[arg(long)]
    on: Option<NaiveDate>,
    /// Write the sites file here (default: standard output)
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The latest reports of `kind` on `on` in the store `db`, as its
/// operator reads them.
pub fn reports(db: &str, kind: CapacityKind, on: NaiveDate) -> Result<Vec<SiteReport>> {
    reports_as(db, &Access::Operator, kind, on)
}

/// The same, as `access` may see them.
pub fn reports_as(
    db: &str,
    access: &Access,
    kind: CapacityKind,
    on: NaiveDate,
) -> Result<Vec<SiteReport>> {
    crate::store_check::existing(db)?;
    let mut store = crate::open_store(db)?;
    Ok(capacity::latest(store.as_mut(), access, kind, on)?)
}

pub fn run(db: &str, cmd: &CapacityCommand) -> Result<ExitCode> {
    match cmd {
        CapacityCommand::Latest(args) => latest(db, args),
        CapacityCommand::Sites(args) => sites(db, args),
    }
}

fn latest(db: &str, args: &LatestArgs) -> Result<ExitCode> {
    let on = args.on.unwrap_or_else(corredor_app::clock::today);
    let reports = reports(db, args.kind, on)?;
    match args.per {
        Per::Site if args.json => println!("{}", serde_json::to_string_pretty(&reports)?),
        Per::Site => {
            println!(
                "{:<8} {:<20} {:>16} {:<11} {:>3} {:<10} source",
                "country",
                "site",
                args.kind.as_str(),
                "period",
                "rev",
                "share"
            );
            for r in &reports {
                println!(
                    "{:<8} {:<20} {:>16} {:<11} {:>3} {:<10} {}",
                    r.reporter,
                    r.location,
                    thousands(r.value),
                    r.period,
                    r.revision,
                    r.share,
                    r.source.as_deref().unwrap_or("")
                );
            }
        }
        Per::Country => {
            let countries = capacity::by_country(&reports);
            if args.json {
                println!("{}", serde_json::to_string_pretty(&countries)?);
            } else {
                println!(
                    "{:<8} {:>16} {:<11} from",
                    "country",
                    args.kind.as_str(),
                    "period"
                );
                for c in &countries {
                    println!(
                        "{:<8} {:>16} {:<11} {}",
                        c.country,
                        thousands(c.value),
                        c.period,
                        if c.sites == 0 {
                            "the country's total".to_string()
                        } else {
                            format!("{} sites (dated by the oldest)", c.sites)
                        }
                    );
                }
            }
        }
    }
    if reports.is_empty() && !args.json {
        eprintln!(
            "no {} report begun by {on} in {}",
            args.kind.indicator(),
            corredor_store::redacted(db)
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn sites(db: &str, args: &SitesArgs) -> Result<ExitCode> {
    let on = args.on.unwrap_or_else(corredor_app::clock::today);
    let reports = reports(db, args.kind, on)?;
    let csv = capacity::sites_csv(args.kind, &reports)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, &csv)
                .with_context(|| format!("cannot write {}", path.display()))?;
            println!(
                "{} sites from the latest {} reports on {on} → {}",
                csv.iter().filter(|b| **b == b'\n').count() - 1,
                args.kind.indicator(),
                path.display()
            );
        }
        None => {
            use std::io::Write as _;
            std::io::stdout().write_all(&csv)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

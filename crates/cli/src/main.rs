//! `corredor`: the command line. This binary only wires the library crates
//! together and turns their errors into messages and exit codes: 0 when
//! the work was done, 1 when the input or the store refused it, 2 for a
//! mistake in the command itself.

mod admin;
mod demo;
mod export;
mod followup;
mod import;
mod labour;
mod output;
mod placement;
mod series;
mod share;
mod warning;

use std::process::ExitCode;

/// Imports allocate a few small strings per row on one thread and free them
/// on the other; mimalloc handles that pattern far better than glibc's
/// allocator (measured in BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use anyhow::{Context as _, Result};
use clap::{Args, Parser, Subcommand};
use corredor_model::Period;
use corredor_store::{Filter, Store};

#[derive(Parser)]
#[command(
    name = "corredor",
    version,
    about = "Corredor: shared migration statistics, early warning and coordination for the Americas"
)]
struct Cli {
    /// The store: a SQLite file path, or postgres://user@host/db
    #[arg(
        long,
        global = true,
        env = "CORREDOR_DB",
        default_value = "corredor.db"
    )]
    db: String,
    /// The organisation on whose behalf writes are made and recorded
    #[arg(
        long = "as-org",
        global = true,
        env = "CORREDOR_ORG",
        default_value = "local"
    )]
    org: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import statistics files, all-or-nothing
    Import(import::ImportArgs),
    /// List or show series
    #[command(subcommand)]
    Series(series::SeriesCommand),
    /// Export observations as CSV, JSON or HXL
    Export(export::ExportArgs),
    /// The vocabulary of indicators
    #[command(subcommand)]
    Indicator(series::IndicatorCommand),
    /// The files received: who sent what, when, from which source
    Imports {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Forecast series with 80% and 95% prediction intervals
    Forecast(warning::ForecastArgs),
    /// Alerts raised by the data up to a period: surges and emerging nationalities
    Scan(warning::ScanArgs),
    /// Replay history: forecast accuracy and the warning record against past events
    Backtest(warning::BacktestArgs),
    /// Routes of the corridor and transit lags between places
    #[command(subcommand)]
    Corridor(warning::CorridorCommand),
    /// Build a store from the real data in ../shared/data and show what arrived
    Demo(demo::DemoArgs),
    /// Serve the API (and later the dashboard)
    Serve(admin::ServeArgs),
    /// Organisations: member states' agencies, the secretariat, civil society
    #[command(subcommand)]
    Org(admin::OrgCommand),
    /// Access tokens for the API
    #[command(subcommand)]
    Token(admin::TokenCommand),
    /// Response protocols that alerts activate
    #[command(subcommand)]
    Protocol(admin::ProtocolCommand),
    /// Responsibility sharing: distribution keys
    #[command(subcommand)]
    Share(share::ShareCommand),
    /// Labour mobility: workers to vacancies through legal pathways
    #[command(subcommand)]
    Labour(labour::LabourCommand),
    /// The registry of mechanisms, participants and working groups over time
    #[command(subcommand)]
    Registry(followup::RegistryCommand),
    /// Members shared between mechanisms on a date
    Overlap(followup::OverlapArgs),
    /// Themes of the working groups: several mechanisms on one, or none
    Themes {
        #[arg(long)]
        json: bool,
    },
    /// Pro tempore presidencies: who presides a mechanism in a year
    Presidency(followup::PresidencyArgs),
    /// The meetings of the mechanisms
    #[command(subcommand)]
    Meeting(followup::MeetingCommand),
    /// Clashes between meetings, and the calendar as iCalendar
    #[command(subcommand)]
    Calendar(followup::CalendarCommand),
    /// Commitments, their indicators, figures and computed status
    #[command(subcommand)]
    Commitment(followup::CommitmentCommand),
    /// Civil society's monitoring reports on commitments
    #[command(subcommand)]
    Monitoring(followup::MonitoringCommand),
    /// Countries' national measures that expand or restrict protection and pathways
    #[command(subcommand)]
    Measure(followup::MeasureCommand),
    /// National measures that run against a country's regional commitments
    Consistency {
        #[arg(long)]
        json: bool,
    },
    /// Pledges: import, report in one currency, export as IATI or CSV
    #[command(subcommand)]
    Pledge(followup::PledgeCommand),
    /// Exchange rates for pledge reports
    #[command(subcommand)]
    Rates(followup::RatesCommand),
    /// The audit log of every write, newest first
    Audit {
        #[arg(long, default_value_t = 100)]
        limit: i64,
        #[arg(long)]
        json: bool,
    },
}

/// Which series and periods, as `series list`, `export` and later commands take them.
#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Reporting countries (ISO 3166-1 alpha-3, comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub reporter: Vec<String>,
    /// Locations inside the reporter (e.g. ALL, SWB)
    #[arg(long, value_delimiter = ',')]
    pub location: Vec<String>,
    /// Nationalities (ISO 3166-1 alpha-3 or names, comma-separated)
    #[arg(long, value_delimiter = ',')]
    pub nationality: Vec<String>,
    /// Indicators (e.g. encounters, irregular_entries)
    #[arg(long, value_delimiter = ',')]
    pub indicator: Vec<String>,
    /// First period (e.g. 2022-01)
    #[arg(long)]
    from: Option<Period>,
    /// Last period (e.g. 2023-12)
    #[arg(long)]
    to: Option<Period>,
}

impl FilterArgs {
    pub fn to_filter(&self) -> Result<Filter> {
        let countries = |names: &[String], what: &str| -> Result<Vec<String>> {
            corredor_model::country::codes(names, what).map_err(anyhow::Error::msg)
        };
        Ok(Filter {
            reporters: countries(&self.reporter, "reporter")?,
            locations: self.location.clone(),
            nationalities: countries(&self.nationality, "nationality")?,
            indicators: self.indicator.clone(),
            from: self.from,
            to: self.to,
        })
    }
}

pub fn open_store(url: &str) -> Result<Box<dyn Store>> {
    corredor_store::open(url).with_context(|| format!("cannot open the store {url}"))
}

#[cfg(test)]
#[test]
fn the_command_line_is_well_formed() {
    use clap::CommandFactory;
    Cli::command().debug_assert();
}

fn main() -> ExitCode {
    // Like every Unix filter, end quietly when the reader of our output
    // goes away (`corredor export | head`) instead of failing to print.
    // SAFETY: called before any other thread exists; restores the default
    // disposition the Rust runtime changed to "ignore".
    #[allow(unsafe_code)]
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Import(args) => import::run(&cli.db, &cli.org, &args),
        Command::Series(cmd) => series::run(&cli.db, cmd),
        Command::Export(args) => export::run(&cli.db, &args),
        Command::Indicator(cmd) => series::run_indicator(&cli.db, cmd),
        Command::Imports { json } => series::run_imports(&cli.db, json),
        Command::Forecast(args) => warning::run_forecast(&cli.db, &args),
        Command::Scan(args) => warning::run_scan(&cli.db, &args),
        Command::Backtest(args) => warning::run_backtest(&cli.db, &args),
        Command::Corridor(cmd) => warning::run_corridor(&cli.db, &cmd),
        Command::Demo(args) => demo::run(&args),
        Command::Serve(args) => admin::run_serve(&cli.db, &args),
        Command::Org(cmd) => admin::run_org(&cli.db, &cli.org, &cmd),
        Command::Token(cmd) => admin::run_token(&cli.db, &cli.org, &cmd),
        Command::Protocol(cmd) => admin::run_protocol(&cli.db, &cli.org, &cmd),
        Command::Share(cmd) => share::run(&cmd, &cli.db, &cli.org),
        Command::Labour(cmd) => labour::run(&cmd),
        Command::Registry(cmd) => followup::run_registry(&cli.db, &cli.org, &cmd),
        Command::Overlap(args) => followup::run_overlap(&cli.db, &args),
        Command::Themes { json } => followup::run_themes(&cli.db, json),
        Command::Presidency(args) => followup::run_presidency(&cli.db, &cli.org, &args),
        Command::Meeting(cmd) => followup::run_meeting(&cli.db, &cli.org, &cmd),
        Command::Calendar(cmd) => followup::run_calendar(&cli.db, &cmd),
        Command::Commitment(cmd) => followup::run_commitment(&cli.db, &cli.org, &cmd),
        Command::Monitoring(cmd) => followup::run_monitoring(&cli.db, &cli.org, &cmd),
        Command::Measure(cmd) => followup::run_measure(&cli.db, &cli.org, &cmd),
        Command::Consistency { json } => followup::run_consistency(&cli.db, &cli.org, json),
        Command::Pledge(cmd) => followup::run_pledge(&cli.db, &cli.org, &cmd),
        Command::Rates(cmd) => followup::run_rates(&cli.db, &cli.org, &cmd),
        Command::Audit { limit, json } => admin::run_audit(&cli.db, &cli.org, limit, json),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

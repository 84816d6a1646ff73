//! `corredor`: the command line. This binary only wires the library crates
//! together and turns their errors into messages and exit codes: 0 when
//! the work was done, 1 when the input or the store refused it, 2 for a
//! mistake in the command itself.

mod admin;
mod capacity;
mod data;
mod datasets;
mod demo;
mod demo_followup;
mod demo_labour;
mod export;
mod followup;
mod import;
mod key_inputs;
mod labour;
mod output;
mod placement;
mod series;
mod share;
mod store_check;
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

/// The store when neither --db nor CORREDOR_DB names one.
const DEFAULT_DB: &str = "corredor.db";
/// Who writes when neither --as-org nor CORREDOR_ORG names anyone: the
/// operator who holds the store.
const DEFAULT_ORG: &str = corredor_app::auth::LOCAL_OPERATOR;

#[derive(Parser)]
#[command(
    name = "corredor",
    version,
    about = "Corredor: shared migration statistics, early warning and coordination for the Americas"
)]
struct Cli {
    /// The store: a SQLite file path, or postgres://user@host/db [default: corredor.db; for demo, corredor-demo.db]
    #[arg(long, global = true, env = "CORREDOR_DB")]
    db: Option<String>,
    /// The organisation on whose behalf writes are made and recorded; once the store has organisations, one of them [default: local, the operator who holds the store]
    #[arg(long = "as-org", id = "as_org", global = true, env = "CORREDOR_ORG")]
    org: Option<String>,
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
    /// Data-quality notices, and confirming or revising the months they flag
    #[command(subcommand)]
    Data(data::DataCommand),
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
    /// Capacity countries report (reception places, shelter beds, staff, budget): the latest of each site and country
    #[command(subcommand)]
    Capacity(capacity::CapacityCommand),
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
        /// Print JSON
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
    /// Working groups in the standard format: charter, who takes part (dated), report
    #[command(subcommand)]
    Group(followup::GroupCommand),
    /// National measures that run against a country's regional commitments
    Consistency {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Integration figures (ILOSTAT, UN DESA): migrants against the native-born, per country
    #[command(subcommand)]
    Integration(followup::IntegrationCommand),
    /// Pledges: import, report in one currency, export as IATI or CSV
    #[command(subcommand)]
    Pledge(followup::PledgeCommand),
    /// Exchange rates for pledge reports
    #[command(subcommand)]
    Rates(followup::RatesCommand),
    /// The audit log of every write, newest first
    Audit {
        /// How many entries to show, newest first
        #[arg(long, default_value_t = 100)]
        limit: i64,
        /// Print JSON
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
    /// First period (e.g. 2022-01, 2022-W05 or 2022-01-31; each series
    /// reads its own periods that lie wholly inside the range)
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
        if let (Some(from), Some(to)) = (self.from, self.to) {
            // By their days: a month and a day compare as the calendar does.
            if from.first_day() > to.last_day() {
                anyhow::bail!("--from {from} is after --to {to}");
            }
        }
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
    corredor_store::open(url)
        .with_context(|| format!("cannot open the store {}", corredor_store::redacted(url)))
}

fn main() -> ExitCode {
    let matches = <Cli as clap::CommandFactory>::command().get_matches();
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // Like every Unix filter, end quietly when the reader of our output
    // goes away (`corredor export | head`) instead of failing to print.
    // Not when serving: there a client that hangs up mid-answer must cost
    // its own connection, not the process (the runtime's "ignore" stays,
    // and the write fails with an error the server handles).
    if !matches!(cli.command, Command::Serve(_) | Command::Demo(_)) {
        // SAFETY: called before any other thread exists; restores the
        // default disposition the Rust runtime changed to "ignore".
        #[allow(unsafe_code)]
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let path = store_check::command_path(&matches);
    let given_db = cli.db.clone();
    let db = given_db.clone().unwrap_or_else(|| DEFAULT_DB.to_string());
    let org = cli.org.clone().unwrap_or_else(|| DEFAULT_ORG.to_string());
    if let Err(e) = store_check::check(&path, &db, cli.org.as_deref()) {
        eprintln!("error: {e:#}");
        return ExitCode::FAILURE;
    }
    let (db, org) = (db.as_str(), org.as_str());
    let outcome = match cli.command {
        Command::Import(args) => import::run(db, org, &args),
        Command::Series(cmd) => series::run(db, cmd),
        Command::Export(args) => export::run(db, &args),
        Command::Indicator(cmd) => series::run_indicator(db, org, cmd),
        Command::Imports { json } => series::run_imports(db, json),
        Command::Forecast(args) => warning::run_forecast(db, &args),
        Command::Scan(args) => warning::run_scan(db, &args),
        Command::Backtest(args) => warning::run_backtest(db, &args),
        Command::Corridor(cmd) => warning::run_corridor(db, &cmd),
        Command::Data(cmd) => data::run(db, org, cmd),
        Command::Demo(args) => demo::run(given_db.as_deref(), &args),
        Command::Serve(args) => admin::run_serve(db, &args),
        Command::Org(cmd) => admin::run_org(db, org, &cmd),
        Command::Token(cmd) => admin::run_token(db, org, &cmd),
        Command::Protocol(cmd) => admin::run_protocol(db, org, &cmd),
        Command::Share(cmd) => share::run(&cmd, db, org),
        Command::Capacity(cmd) => capacity::run(db, &cmd),
        Command::Labour(cmd) => labour::run(db, org, &cmd),
        Command::Registry(cmd) => followup::run_registry(db, org, &cmd),
        Command::Overlap(args) => followup::run_overlap(db, &args),
        Command::Themes { json } => followup::run_themes(db, json),
        Command::Presidency(args) => followup::run_presidency(db, org, &args),
        Command::Meeting(cmd) => followup::run_meeting(db, org, &cmd),
        Command::Calendar(cmd) => followup::run_calendar(db, &cmd),
        Command::Commitment(cmd) => followup::run_commitment(db, org, &cmd),
        Command::Monitoring(cmd) => followup::run_monitoring(db, org, &cmd),
        Command::Measure(cmd) => followup::run_measure(db, org, &cmd),
        Command::Group(cmd) => followup::run_group(db, org, &cmd),
        Command::Consistency { json } => followup::run_consistency(db, org, json),
        Command::Integration(cmd) => followup::run_integration(db, org, &cmd),
        Command::Pledge(cmd) => followup::run_pledge(db, org, &cmd),
        Command::Rates(cmd) => followup::run_rates(db, org, &cmd),
        Command::Audit { limit, json } => admin::run_audit(db, org, limit, json),
    };
    match outcome {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_and_flag_has_help() {
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if id != "help" && id != "version" && arg.get_help().is_none() {
                    missing.push(format!("{path} --{id}"));
                }
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let path = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() {
                    missing.push(path.clone());
                }
                walk(sub, &path, missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "corredor", &mut missing);
        assert!(
            missing.is_empty(),
            "without help text:\n{}",
            missing.join("\n")
        );
    }

    #[test]
    fn every_command_is_a_read_or_a_write() {
        let mut unclassified = Vec::new();
        let mut stale: Vec<&str> = store_check::READS.to_vec();
        fn walk(cmd: &clap::Command, path: String, out: &mut Vec<String>) {
            let subs: Vec<_> = cmd
                .get_subcommands()
                .filter(|s| s.get_name() != "help")
                .collect();
            // A command is run on its own unless a subcommand is required.
            let runs_alone = subs.is_empty() || !cmd.is_subcommand_required_set();
            if runs_alone && !path.is_empty() {
                out.push(path.clone());
            }
            for s in subs {
                let p = if path.is_empty() {
                    s.get_name().to_string()
                } else {
                    format!("{path} {}", s.get_name())
                };
                walk(s, p, out);
            }
        }
        let mut leaves = Vec::new();
        walk(&Cli::command(), String::new(), &mut leaves);
        for leaf in &leaves {
            let read = store_check::READS.contains(&leaf.as_str());
            let write = store_check::WRITES.contains(&leaf.as_str());
            if read == write {
                unclassified.push(leaf.clone());
            }
            stale.retain(|r| r != leaf);
        }
        assert!(
            unclassified.is_empty(),
            "classify as a read or a write (store_check): {unclassified:?}"
        );
        assert!(stale.is_empty(), "no such commands: {stale:?}");
    }
}

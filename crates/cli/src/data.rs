//! `corredor data`: the data-quality screen's notices, and the reporter's
//! answer to them: confirm the months (their figures stand as sent) or
//! revise them (send corrected figures; the screen judges them again).

use std::process::ExitCode;

use anyhow::{bail, Result};
use clap::Subcommand;
use corredor_app::alerts::{self, Query};
use corredor_model::{AlertKind, Period};
use corredor_store::Access;
use corredor_warning::corridor::{self, RouteFile};

#[derive(Subcommand, Debug)]
pub enum DataCommand {
    /// The data-quality notices still open: reporting breaks held out of the early warning
    Notices {
        /// Print JSON
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        lang: crate::output::LangArg,
    },
    /// Confirm a reporter's figures for months the screen flagged: they stand as sent
    Confirm {
        /// The notice whose months to confirm (its id)
        #[arg(long, conflicts_with_all = ["reporter", "month"])]
        notice: Option<String>,
        /// The reporting country (ISO 3166-1 alpha-3), with --month
        #[arg(long, requires = "month")]
        reporter: Option<String>,
        /// The months to confirm (e.g. 2025-02; repeat or comma-separate)
        #[arg(long, value_delimiter = ',')]
        month: Vec<Period>,
        /// Why the figures stand (kept with the confirmation and in the audit log)
        #[arg(long, default_value = "")]
        note: String,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Send corrected figures for flagged months: an ordinary all-or-nothing import, after which the screen judges them again
    Revise(crate::import::ImportArgs),
    /// The months reporters have confirmed
    Confirmations {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run(db: &str, org: &str, cmd: DataCommand) -> Result<ExitCode> {
    if let DataCommand::Revise(args) = &cmd {
        // An ordinary import, which opens the store itself.
        return crate::import::run(db, org, args);
    }
    let mut store = crate::open_store(db)?;
    match cmd {
        DataCommand::Notices { json, lang } => {
            let notices = alerts::list(
                store.as_mut(),
                &Access::Operator,
                &Query {
                    kind: Some(AlertKind::DataQuality.to_string()),
                    ..Query::active()
                },
            )?;
            if json {
                println!("{}", serde_json::to_string_pretty(&notices)?);
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{}",
                crate::output::plural(notices.len() as u64, "open notice", "open notices")
            );
            for n in &notices {
                let months = n
                    .covers
                    .as_ref()
                    .map(|c| c.months.join(" "))
                    .unwrap_or_default();
                println!(
                    "{}  {}  {months}\n  {}",
                    n.id,
                    n.reporter,
                    n.explanation.get(lang.lang)
                );
            }
        }
        DataCommand::Confirm {
            notice,
            reporter,
            month,
            note,
            json,
        } => {
            let actor = corredor_app::auth::operator(org);
            let routes = RouteFile::parse(corridor::DEFAULT_ROUTES)
                .map_err(|e| anyhow::anyhow!("route file: {e}"))?;
            let done = match (notice, reporter) {
                (Some(id), _) => corredor_app::quality::confirm_notice(
                    store.as_mut(),
                    &actor,
                    &routes,
                    &id,
                    &note,
                )?,
                (None, Some(r)) => {
                    let Some(c) = corredor_model::country::resolve(&r) else {
                        bail!("unknown reporter '{r}': use an ISO 3166-1 alpha-3 code");
                    };
                    corredor_app::quality::confirm(
                        store.as_mut(),
                        &actor,
                        &routes,
                        c.alpha3,
                        &month,
                        &note,
                    )?
                }
                (None, None) => {
                    bail!("name the notice (--notice ID) or the months (--reporter R --month P)")
                }
            };
            let reporter = done.reporter.clone();
            if json {
                println!("{}", serde_json::to_string_pretty(&done)?);
            } else {
                // Months, weeks or days, as the periods confirmed are.
                let unit = done
                    .confirmed
                    .first()
                    .and_then(|p| p.parse::<corredor_model::Period>().ok())
                    .map_or(corredor_model::Frequency::Month, |p| p.frequency())
                    .as_str();
                println!(
                    "{reporter}: {} confirmed{}; {} closed, {} opened, {} updated",
                    crate::output::plural(done.confirmed.len() as u64, unit, &format!("{unit}s")),
                    if done.already.is_empty() {
                        String::new()
                    } else {
                        format!(" ({} before)", done.already.join(", "))
                    },
                    crate::output::plural(done.alerts.closed.len() as u64, "notice", "notices"),
                    crate::output::plural(done.alerts.opened.len() as u64, "alert", "alerts"),
                    done.alerts.updated.len(),
                );
            }
        }
        DataCommand::Confirmations { json } => {
            let list = corredor_app::quality::confirmations(store.as_mut())?;
            if json {
                let items: Vec<_> = list
                    .iter()
                    .map(|(c, stands)| {
                        serde_json::json!({"reporter": c.reporter, "period": c.period.to_string(),
                            "org": c.org, "at": c.at, "note": c.note, "stands": stands})
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&items)?);
            } else {
                for (c, stands) in &list {
                    let since = if *stands {
                        ""
                    } else {
                        "  (figures received since: screened again)"
                    };
                    println!(
                        "{} {}  {} {}  {}{since}",
                        c.reporter, c.period, c.org, c.at, c.note
                    );
                }
            }
        }
        DataCommand::Revise(_) => unreachable!("imported above"),
    }
    Ok(ExitCode::SUCCESS)
}

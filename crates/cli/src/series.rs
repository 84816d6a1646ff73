//! `corredor series`, `corredor indicator` and `corredor imports`: what the
//! store holds and where it came from.

use std::process::ExitCode;

use anyhow::{Context as _, Result};
use clap::Subcommand;
use corredor_model::{Indicator, SeriesKey};
use corredor_store::{Access, Filter, ReadOptions, StoredObservation};
use serde_json::json;

use crate::output::thousands;
use crate::FilterArgs;

#[derive(Subcommand)]
pub enum SeriesCommand {
    /// One line per series: key, first and last period, count, sharing
    List {
        #[command(flatten)]
        filter: FilterArgs,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// The observations of series, with their provenance
    Show {
        /// REPORTER/LOCATION/NATIONALITY/INDICATOR, e.g. PAN/ALL/VEN/irregular_entries
        #[arg(required = true)]
        keys: Vec<SeriesKey>,
        /// Every revision, not only the current values
        #[arg(long)]
        history: bool,
        /// The values as they stood on this date (or RFC 3339 instant)
        #[arg(long)]
        as_received: Option<String>,
        /// Include the publisher's breakdowns
        #[arg(long)]
        breakdown: bool,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
pub enum IndicatorCommand {
    /// The indicators the store knows
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Add an indicator (or change its descriptions)
    Add {
        /// Lower-case code, e.g. asylum_decisions
        code: String,
        /// Description in English
        #[arg(long)]
        en: String,
        /// Description in Spanish
        #[arg(long)]
        es: String,
    },
}

pub fn run(db: &str, cmd: SeriesCommand) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    match cmd {
        SeriesCommand::List { filter, json } => {
            let filter = filter.to_filter()?;
            corredor_app::series::check_indicators(store.as_mut(), &filter)?;
            let list = store.series(&filter, &Access::Operator)?;
            if json {
                let items: Vec<_> = list
                    .iter()
                    .map(|s| {
                        json!({
                            "reporter": s.key.reporter,
                            "location": s.key.location.as_str(),
                            "nationality": s.key.nationality,
                            "indicator": s.key.indicator,
                            "first": s.first.to_string(),
                            "last": s.last.to_string(),
                            "count": s.count,
                            "share": shares_text(&s.shares),
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&items)?);
            } else {
                println!(
                    "{:<40} {:>9} {:>9} {:>6}  share",
                    "series", "first", "last", "count"
                );
                for s in &list {
                    println!(
                        "{:<40} {:>9} {:>9} {:>6}  {}",
                        s.key.to_string(),
                        s.first.to_string(),
                        s.last.to_string(),
                        s.count,
                        shares_text(&s.shares)
                    );
                }
                println!("{} series", thousands(list.len() as u64));
            }
        }
        SeriesCommand::Show {
            keys,
            history,
            as_received,
            breakdown,
            json,
        } => {
            let options = ReadOptions {
                breakdowns: breakdown,
                history,
                as_received: as_received
                    .as_deref()
                    .map(|t| corredor_app::clock::as_received(t).map_err(anyhow::Error::msg))
                    .transpose()?,
            };
            let mut shown = Vec::new();
            for key in &keys {
                let filter = Filter {
                    reporters: vec![key.reporter.clone()],
                    locations: vec![key.location.to_string()],
                    nationalities: vec![key.nationality.clone()],
                    indicators: vec![key.indicator.clone()],
                    ..Filter::default()
                };
                let mut rows = Vec::new();
                store.observations(&filter, &options, &Access::Operator, &mut |o| {
                    rows.push(o);
                    Ok(())
                })?;
                if rows.is_empty() {
                    anyhow::bail!("no observations for {key}: see `corredor series list`");
                }
                shown.push((key, rows));
            }
            if json {
                let items: Vec<_> = shown
                    .iter()
                    .map(|(k, rows)| json!({"series": k.to_string(), "observations": rows.iter().map(observation_json).collect::<Vec<_>>()}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&items)?);
            } else {
                for (k, rows) in &shown {
                    println!("{k}");
                    for o in rows {
                        let dims = if o.dims.is_empty() {
                            String::new()
                        } else {
                            format!("  [{}]", o.dims)
                        };
                        let replaced = o
                            .superseded_at
                            .as_deref()
                            .map(|t| format!("  replaced {t}"))
                            .unwrap_or_default();
                        println!(
                            "  {:<10} {:>10}  rev {}  {}  received {} from {} ({}:{}){}{}",
                            o.period.to_string(),
                            thousands(o.value),
                            o.revision,
                            o.sharing.level,
                            o.received_at,
                            o.org,
                            crate::output::shown(&o.file),
                            o.line,
                            replaced,
                            dims
                        );
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn shares_text(levels: &[corredor_model::ShareLevel]) -> String {
    levels
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join("+")
}

fn observation_json(o: &StoredObservation) -> serde_json::Value {
    json!({
        "period": o.period.to_string(),
        "value": o.value,
        "breakdown": (!o.dims.is_empty()).then_some(&o.dims),
        "revision": o.revision,
        "source": o.source,
        "share": o.sharing.level.as_str(),
        "share_with": o.sharing.with,
        "received_at": o.received_at,
        "org": o.org,
        "file": o.file,
        "line": o.line,
        "superseded_at": o.superseded_at,
    })
}

pub fn run_indicator(db: &str, org: &str, cmd: IndicatorCommand) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    match cmd {
        IndicatorCommand::List { json } => {
            let list = store.indicators()?;
            if json {
                println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                for i in list {
                    println!("{:<20} {}", i.code, i.description_en);
                }
            }
        }
        IndicatorCommand::Add { code, en, es } => {
            let indicator = Indicator {
                code: code.clone(),
                description_en: en,
                description_es: es,
            };
            corredor_app::observations::add_indicator(
                store.as_mut(),
                &corredor_app::auth::operator(org),
                &indicator,
            )
            .with_context(|| format!("adding indicator {code}"))?;
            println!("indicator {code} added");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_imports(db: &str, json: bool) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let batches = store.batches()?;
    if json {
        let items: Vec<_> = batches
            .iter()
            .map(|b| {
                json!({"id": b.id, "file": b.file, "sha256": b.sha256, "format": b.format, "source": b.source,
                       "org": b.org, "received_at": b.received_at, "rows": b.rows, "new": b.new, "revised": b.revised})
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&items)?);
    } else {
        for b in &batches {
            println!(
                "#{} {} {} by {} ({}): {}, {} new, {} revised; source: {}",
                b.id,
                b.received_at,
                crate::output::shown(&b.file),
                b.org,
                b.format,
                crate::output::plural(b.rows, "row", "rows"),
                thousands(b.new),
                thousands(b.revised),
                crate::output::shown(b.source.as_deref().unwrap_or("-"))
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

//! `corredor forecast`, `corredor scan` and `corredor backtest`: the early
//! warning over the store. This module loads series and prints results;
//! every computation is in `corredor-warning`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use clap::Args;
use corredor_app::engine;
use corredor_ingest::{csvio, Problem, Problems};
use corredor_model::{Frequency, Period, SeriesKey};
use corredor_store::Store;
use corredor_warning::backtest::{self, Event};
use corredor_warning::corridor::{self, RouteFile};
use corredor_warning::Series;
use serde_json::json;

use crate::output::thousands;
use crate::FilterArgs;

#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// Forecast from the data up to and including this period
    #[arg(long)]
    as_of: Option<Period>,
    /// Periods ahead (1–12)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=12))]
    horizon: u8,
    #[command(flatten)]
    filter: FilterArgs,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(clap::Subcommand, Debug)]
pub enum CorridorCommand {
    /// The routes, with the transit lag of each edge (learned or prior)
    Show {
        /// Route file (default: the Darién → United States route shipped with Corredor)
        #[arg(long)]
        routes: Option<PathBuf>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// The transit lag between two places along a route, in periods
    Lag {
        /// The upstream place (ISO 3166-1 alpha-3, e.g. PAN)
        #[arg(long)]
        from: String,
        /// The downstream place (ISO 3166-1 alpha-3, e.g. USA)
        #[arg(long)]
        to: String,
        /// Learn from this nationality only
        #[arg(long)]
        nationality: Option<String>,
        /// Route file (default: the Darién → United States route shipped with Corredor)
        #[arg(long)]
        routes: Option<PathBuf>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

fn routes(path: Option<&PathBuf>) -> Result<RouteFile> {
    let text = match path {
        Some(p) => {
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?
        }
        None => corridor::DEFAULT_ROUTES.to_string(),
    };
    RouteFile::parse(&text).map_err(|e| anyhow::anyhow!("route file: {e}"))
}

pub fn run_corridor(db: &str, cmd: &CorridorCommand) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let series = load_series(store.as_mut(), &corredor_store::Filter::default(), None)?;
    match cmd {
        CorridorCommand::Show { routes: path, json } => {
            let r = routes(path.as_ref())?;
            let edges = corridor::edges(&r, &series);
            if *json {
                let items: Vec<_> = edges
                    .iter()
                    .map(|(name, lags)| json!({"route": name, "edges": lags}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&items)?);
            } else {
                for (name, lags) in &edges {
                    println!("{name}");
                    for l in lags {
                        let share = l
                            .share
                            .map(|s| {
                                format!(", {:.0}% of the upstream count seen there", 100.0 * s)
                            })
                            .unwrap_or_default();
                        println!(
                            "  {:>8} → {:<8} lag {} ({}–{}) months, {}{share}",
                            l.from, l.to, l.lag, l.lo, l.hi, l.basis
                        );
                    }
                }
            }
        }
        CorridorCommand::Lag {
            from,
            to,
            nationality,
            routes: path,
            json,
        } => {
            let r = routes(path.as_ref())?;
            let nat = nationality
                .as_deref()
                .map(|n| {
                    corredor_model::country::resolve(n)
                        .map(|c| c.alpha3)
                        .with_context(|| format!("unknown nationality '{n}'"))
                })
                .transpose()?;
            let Some((l, path)) = corridor::lag(&r, &series, from, to, nat) else {
                bail!("no route goes from {from} to {to}: see `corredor corridor show`");
            };
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({
                        "from": from, "to": to, "nationality": nat, "lag": l.lag, "lo": l.lo, "hi": l.hi,
                        "basis": l.basis, "share": l.share, "path": path,
                    }))?
                );
            } else {
                let unit = if l.lag == 1 { "month" } else { "months" };
                println!(
                    "{from} → {to}: {} {unit} ({}–{}), {}; path {}",
                    l.lag,
                    l.lo,
                    l.hi,
                    l.basis,
                    path.join(" → ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Alerts raised by the data up to and including this period, each frequency as of its last period that ends by then (default: each place as of its own latest period, as an import judges it)
    #[arg(long)]
    as_of: Option<Period>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Only the N alerts that matter most (by priority: level, size, surprise, persistence, reach)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    top: Option<u64>,
    /// Print the alerts as JSON (`{"as_of", "as_ofs": […], "alerts": […]}`: the latest period judged, and every one)
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    lang: crate::output::LangArg,
}

#[derive(Args, Debug)]
pub struct BacktestArgs {
    /// First origin
    #[arg(long)]
    from: Period,
    /// Last origin
    #[arg(long)]
    to: Period,
    /// Months ahead to forecast from each origin (1 to 12)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=12))]
    horizon: u8,
    /// Forecast accuracy from every STEP-th origin only (the warning record always replays every month)
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..))]
    step: u16,
    /// Past events (CSV: reporter,location,nationality,indicator,start,peak,label; `*` for any location or indicator)
    #[arg(long)]
    events: Option<PathBuf>,
    /// Count the warning record on events that start at or after this period, and on the alerts and series-months of origins from it (rules settled before it are judged on months they never saw)
    #[arg(long)]
    events_from: Option<Period>,
    /// Also print each detector's detection–false-alarm curve as its threshold moves
    #[arg(long)]
    curve: bool,
    /// Also compare each series' forecast with one informed by this reporter's series of the same nationality (e.g. PAN, the Darién, for US encounters)
    #[arg(long, value_name = "REPORTER")]
    upstream: Option<String>,
    /// Only series whose data starts by this period
    #[arg(long)]
    started_by: Option<Period>,
    /// Only the N series whose month-on-month changes (log scale) varied most before --from
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    most_volatile: Option<u32>,
    /// Score only the forecasts whose point forecast is at least N (known at the origin; every model on the same forecasts)
    #[arg(long, value_name = "N", default_value_t = 0.0)]
    min_expected: f64,
    /// Reporting countries (ISO 3166-1 alpha-3; repeat for several)
    #[arg(long)]
    reporter: Vec<String>,
    /// Locations inside the reporter (e.g. ALL, SWB)
    #[arg(long, value_delimiter = ',')]
    location: Vec<String>,
    /// Indicators (e.g. encounters, irregular_entries)
    #[arg(long, value_delimiter = ',')]
    indicator: Vec<String>,
    /// Nationalities (ISO 3166-1 alpha-3 or names, comma-separated)
    #[arg(long, value_delimiter = ',')]
    nationality: Vec<String>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

/// The current totals of the selected series up to `as_of`, as dense series.
fn load_series(
    store: &mut dyn Store,
    filter: &corredor_store::Filter,
    as_of: Option<Period>,
) -> Result<Vec<Series>> {
    Ok(engine::load(store, filter, as_of)?.series)
}

pub fn run_forecast(db: &str, args: &ForecastArgs) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let wanted = args.filter.to_filter()?;
    // Every nationality of the places wanted: a series is forecast from its
    // place's latest period, which the other nationalities may reach.
    let places = corredor_store::Filter {
        nationalities: Vec::new(),
        ..wanted.clone()
    };
    let loaded = engine::load(store.as_mut(), &places, args.as_of)?;
    let h = args.horizon as usize;
    let mut out = Vec::new();
    for (s, origin) in loaded
        .series
        .iter()
        .zip(engine::origins(&loaded, args.as_of))
    {
        let (true, Some(as_of)) = (matches(&wanted, &s.key), origin) else {
            continue;
        };
        let Some(cut) = s.until(&as_of) else { continue };
        let f = corredor_warning::forecast(&cut.values, h, &engine::config_for(as_of.frequency()));
        out.push((cut, as_of, f));
    }
    // The latest forecast from, in the calendar's order.
    let Some(as_of) = args.as_of.or_else(|| {
        out.iter()
            .map(|(_, p, _)| *p)
            .max_by_key(Period::calendar_key)
    }) else {
        bail!("no series match: see `corredor series list`");
    };
    if args.json {
        let items: Vec<_> = out
            .iter()
            .map(|(s, from, f)| {
                json!({
                    "reporter": s.key.reporter, "location": s.key.location.as_str(),
                    "nationality": s.key.nationality, "indicator": s.key.indicator,
                    "as_of": from.to_string(),
                    "model": f.model.name(), "reason": f.reason,
                    "forecast": f.predictions.iter().enumerate().map_while(|(i, p)| Some(json!({
                        "period": from.checked_offset(i as i64 + 1)?.to_string(),
                        "mean": p.mean.round(), "lo80": p.lo80.round(), "hi80": p.hi80.round(),
                        "lo95": p.lo95.round(), "hi95": p.hi95.round(),
                    }))).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({"as_of": as_of.to_string(), "series": items}))?
        );
    } else {
        for (s, from, f) in &out {
            println!("{}  [{}] {}", s.key, f.model.name(), f.reason);
            // Up to the last period the calendar supports (2200).
            for (i, p) in f.predictions.iter().enumerate() {
                let Some(period) = from.checked_offset(i as i64 + 1) else {
                    break;
                };
                println!(
                    "  {:<9} {:>9}   80% {:>9} – {:<9}  95% {:>9} – {}",
                    period.to_string(),
                    thousands(p.mean.round() as u64),
                    thousands(p.lo80.round() as u64),
                    thousands(p.hi80.round() as u64),
                    thousands(p.lo95.round() as u64),
                    thousands(p.hi95.round() as u64)
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_scan(db: &str, args: &ScanArgs) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let wanted = args.filter.to_filter()?;
    if wanted.from.is_some() || wanted.to.is_some() {
        bail!("scan judges the data as of one period: give --as-of, not --from or --to");
    }
    // Emergence compares a nationality with its place's total, and lags
    // are learned from every place: everything up to as_of is loaded (and
    // nothing later), the filter applies to the alerts.
    let loaded = engine::load(
        store.as_mut(),
        &corredor_store::Filter::default(),
        args.as_of,
    )?;
    let routes = routes(None)?;
    // Without --as-of, each place as of its own latest period, as an
    // import judges it: a country whose figures end earlier than the
    // store's is judged, and a store with a few days of one country's
    // figures still has its months judged.
    let (as_ofs, computed) = match args.as_of {
        Some(p) => {
            // The wanted series of every frequency, each as of its last
            // period that ends by the day `p` ends: weeks and days are
            // judged beside months, as the figures loaded reach.
            // The period given is judged whatever the store holds.
            let frequencies: BTreeSet<Frequency> = loaded
                .series
                .iter()
                .filter(|s| matches(&wanted, &s.key))
                .map(|s| s.start.frequency())
                .chain([p.frequency()])
                .collect();
            // (Of the frequency given, that is the period given itself.)
            let mut as_ofs: Vec<Period> = frequencies
                .into_iter()
                .filter_map(|f| Period::last_ending_by(f, p.last_day()))
                .collect();
            as_ofs.sort_by_key(Period::calendar_key);
            let computed = as_ofs
                .iter()
                .flat_map(|q| engine::detect(&loaded, *q, &routes))
                .collect();
            (as_ofs, computed)
        }
        None => {
            let wanted_keys: BTreeSet<SeriesKey> = loaded
                .series
                .iter()
                .filter(|s| matches(&wanted, &s.key))
                .map(|s| s.key.clone())
                .collect();
            // Every place is judged, so that an alert spanning several
            // (a country and one of its border regions) is formed as an
            // import forms it; the filter then applies to the alerts.
            (
                engine::latest_judged(&loaded, Some(&wanted_keys)),
                engine::detect_latest(&loaded, None, &routes),
            )
        }
    };
    if as_ofs.is_empty() {
        bail!("no series match: see `corredor series list`");
    }
    let every: Vec<String> = as_ofs.iter().map(Period::to_string).collect();
    // The latest judged: the periods are in the calendar's order.
    let as_of = every.last().cloned().unwrap_or_default();
    let mut alerts: Vec<_> = computed
        .into_iter()
        .filter(|c| matches(&wanted, &c.alert.key))
        .collect();
    // The most important first; ties keep the detector's order.
    alerts.sort_by(|a, b| b.priority.total_cmp(&a.priority));
    if let Some(n) = args.top {
        alerts.truncate(usize::try_from(n).unwrap_or(usize::MAX));
    }
    if args.json {
        let items: Vec<_> = alerts.iter().map(engine::alert_json).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"as_of": as_of, "as_ofs": every, "alerts": items})
            )?
        );
    } else {
        println!(
            "{} as of {}",
            crate::output::plural(alerts.len() as u64, "alert", "alerts"),
            every.join(", ")
        );
        for c in &alerts {
            let a = &c.alert;
            let places = if a.places.is_empty() {
                String::new()
            } else {
                format!(" (also {})", a.places.join(", "))
            };
            // A notice is of a reporter and an indicator, and names its
            // series in its text: its key's nationality is a placeholder.
            let what = match a.kind {
                corredor_model::AlertKind::DataQuality => {
                    format!("{}/{}", a.key.reporter, a.key.indicator)
                }
                _ => a.key.to_string(),
            };
            println!(
                "{:>5.1}  {:<9} {:<12} {what}{places}  {}",
                c.priority,
                a.level.as_str(),
                a.kind.as_str(),
                a.explanation.get(args.lang.lang)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a series is among those `filter` selects (its periods aside).
fn matches(filter: &corredor_store::Filter, key: &SeriesKey) -> bool {
    let any = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
    any(&filter.reporters, &key.reporter)
        && any(&filter.locations, key.location.as_str())
        && any(&filter.nationalities, &key.nationality)
        && any(&filter.indicators, &key.indicator)
}

/// Reads the events file (it may open with `#` lines that say what it
/// holds), its periods of the `frequency` replayed: every problem by line
/// and column, or the events.
pub fn read_events(path: &PathBuf, frequency: Frequency) -> Result<Vec<Event>> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {name}"))?;
    let mut problems = Problems::default();
    let events = csvio::open_after_comments(name.as_str(), bytes.as_slice(), &mut problems)
        .map(|mut csv| events(&mut csv, frequency, &mut problems))
        .unwrap_or_default();
    if !problems.is_empty() {
        for p in problems.messages() {
            eprintln!("{p}");
        }
        bail!("{}: {} problems, no backtest", name, problems.total());
    }
    Ok(events)
}

fn events(
    csv: &mut csvio::Reader<&[u8]>,
    frequency: Frequency,
    problems: &mut Problems,
) -> Vec<Event> {
    let mut events = Vec::new();
    let columns = [
        "reporter",
        "location",
        "nationality",
        "indicator",
        "start",
        "peak",
        "label",
    ];
    let missing: Vec<&str> = columns
        .into_iter()
        .filter(|n| csv.column(n).is_none())
        .collect();
    if !missing.is_empty() {
        problems.push(Problem {
            at: csv.at(csv.header_line(), None),
            message: format!("the header lacks {}", missing.join(", ")),
        });
        return events;
    }
    let c = columns.map(|n| csv.column(n).expect("checked"));
    csv.for_each_row(problems, |row, problems| {
        let mut problem = |k: usize, message: String| {
            problems.push(Problem {
                at: row.at(c[k]),
                message,
            })
        };
        let get = |k: usize| row.cell(c[k]);
        let mut country = |k: usize| {
            let text = get(k);
            let code = corredor_model::country::resolve(text).map(|c| c.alpha3.to_string());
            if code.is_none() {
                problem(k, format!("unknown country '{text}'"));
            }
            code
        };
        let (reporter, nationality) = (country(0), country(2));
        let mut period = |k: usize| {
            let text = get(k);
            match text.parse::<Period>() {
                // Periods of two frequencies do not compare: a month's
                // event read against weeks was never matched, silently.
                Ok(p) if p.frequency() != frequency => {
                    problem(
                        k,
                        format!(
                            "'{text}' is a {}, and the backtest replays {}s (the frequency of --from): date the events in {}s",
                            p.frequency().as_str(),
                            frequency.as_str(),
                            frequency.as_str()
                        ),
                    );
                    None
                }
                Ok(p) => Some(p),
                Err(_) => {
                    problem(k, format!("'{text}' is not a period"));
                    None
                }
            }
        };
        let (start, peak) = (period(4), period(5));
        let any = |text: &str| (text != "*").then(|| text.to_string());
        if let (Some(reporter), Some(nationality), Some(start), Some(peak)) =
            (reporter, nationality, start, peak)
        {
            events.push(Event {
                reporter,
                location: any(get(1)),
                nationality,
                indicator: any(get(3)),
                start,
                peak,
                label: get(6).to_string(),
            });
        }
    });
    events
}

pub fn run_backtest(db: &str, args: &BacktestArgs) -> Result<ExitCode> {
    // The origins step one period at a time from --from: the periods the
    // replay is given are of one frequency, that of the series it replays.
    let frequency = args.from.frequency();
    for (flag, p) in [
        ("--to", Some(args.to)),
        ("--events-from", args.events_from),
        ("--started-by", args.started_by),
    ] {
        if let Some(p) = p.filter(|p| p.frequency() != frequency) {
            bail!(
                "{flag} {p} is not of the frequency of --from {}: give periods of one frequency (2024-01 and 2024-06, or 2024-W01 and 2024-W26)",
                args.from
            );
        }
    }
    if args.from > args.to {
        bail!("--from {} is after --to {}", args.from, args.to);
    }
    if !(args.min_expected.is_finite() && args.min_expected >= 0.0) {
        bail!(
            "--min-expected {}: give a count of zero or more",
            args.min_expected
        );
    }
    let mut store = crate::open_store(db)?;
    let filter = FilterArgs {
        reporter: args.reporter.clone(),
        location: args.location.clone(),
        indicator: args.indicator.clone(),
        nationality: args.nationality.clone(),
        ..FilterArgs::default()
    }
    .to_filter()?;
    let mut series = load_series(store.as_mut(), &filter, None)?;
    // The origins are of one frequency, and so are the series replayed:
    // a store's weekly series are not months.
    series.retain(|s| s.start.frequency() == frequency);
    if series.is_empty() {
        bail!(
            "no series by {} match: --from {} gives the frequency replayed (see `corredor series list`)",
            frequency.as_str(),
            args.from
        );
    }
    if let Some(by) = args.started_by {
        series.retain(|s| s.start <= by);
    }
    // A nationality that stopped appearing at a place that still reports
    // had none: extend each series with zeros to its place's last period.
    let mut place_end: BTreeMap<(String, String, String), Period> = BTreeMap::new();
    for s in &series {
        let end = s.period(s.values.len() - 1);
        let e = place_end
            .entry((
                s.key.reporter.clone(),
                s.key.location.to_string(),
                s.key.indicator.clone(),
            ))
            .or_insert(end);
        *e = (*e).max(end);
    }
    let series: Vec<Series> = series
        .iter()
        .filter_map(|s| {
            s.until(
                &place_end[&(
                    s.key.reporter.clone(),
                    s.key.location.to_string(),
                    s.key.indicator.clone(),
                )],
            )
        })
        .collect();
    let series = match args.most_volatile {
        Some(n) => backtest::most_volatile(&series, args.from, n as usize),
        None => series,
    };
    let config = engine::config_for(args.from.frequency());
    let accuracy = backtest::accuracy(
        &series,
        args.from,
        args.to,
        args.step as usize,
        args.horizon as usize,
        &config,
        args.min_expected,
    );
    let corridor = match &args.upstream {
        Some(reporter) => {
            let up_filter = FilterArgs {
                reporter: vec![reporter.clone()],
                location: vec!["ALL".into()],
                ..FilterArgs::default()
            }
            .to_filter()?;
            let up = load_series(store.as_mut(), &up_filter, None)?;
            if up.is_empty() {
                bail!("--upstream {reporter}: no series of that reporter in the store");
            }
            Some(backtest::corridor_accuracy(
                &series,
                &up,
                args.from,
                args.to,
                args.step as usize,
                args.horizon as usize,
                &config,
            ))
        }
        None => None,
    };
    let events = args
        .events
        .as_ref()
        .map(|path| read_events(path, frequency))
        .transpose()?
        .unwrap_or_default();
    let (records, curves) = if events.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let detect = engine::detect_config(args.from.frequency());
        backtest::warning_record_held(
            &series,
            &events,
            args.from,
            args.to,
            &detect,
            backtest::Held {
                from: args.events_from,
            },
        )
    };
    let ours = records.first();
    if args.json {
        let value = json!({
            "series": series.len(),
            "keys": series.iter().map(|s| s.key.to_string()).collect::<Vec<_>>(),
            "min_expected": args.min_expected,
            "accuracy": accuracy,
            "events": ours.map(|r| r.events.clone()).unwrap_or_default(),
            "false_alarms_per_series_year": ours.map(|r| r.false_alarms_per_series_year),
            "detectors": records,
            "events_from": args.events_from.map(|p| p.to_string()),
            "corridor": corridor.as_ref().map(|(rows, used)| json!({"accuracy": rows, "informed_forecasts": used})),
            "curves": if args.curve { json!(curves) } else { json!(null) },
        });
        println!("{}", serde_json::to_string_pretty(&value)?);
    } else {
        println!(
            "{} series, origins {} to {}{}",
            series.len(),
            args.from,
            args.to,
            if args.min_expected > 0.0 {
                format!("; forecasts of at least {} scored", args.min_expected)
            } else {
                String::new()
            }
        );
        println!(
            "{:<16} {:>2} {:>7} {:>7} {:>6} {:>6} {:>8} {:>7}",
            "model", "h", "MASE", "sMAPE", "cov80", "cov95", "MSIS", "n"
        );
        for r in &accuracy {
            println!(
                "{:<16} {:>2} {:>7.3} {:>7.2} {:>6.3} {:>6.3} {:>8.3} {:>7}",
                r.model, r.horizon, r.mase, r.smape, r.coverage80, r.coverage95, r.msis, r.n
            );
        }
        for r in &records {
            println!(
                "{:<20} warned before peak {:>5.1}%  median lead {:>5}  unmatched warnings/series-year {:.3}",
                r.detector,
                100.0 * r.warned_before_peak,
                r.median_lead_before_peak.map_or("-".into(), |l| format!("{l:.1}")),
                r.false_alarms_per_series_year
            );
        }
        if let Some((rows, used)) = &corridor {
            println!(
                "corridor-informed against univariate, on the series with an upstream series ({used} forecasts informed):"
            );
            for r in rows {
                println!(
                    "{:<18} {:>2} {:>7.3} {:>7.2} {:>6.3} {:>6.3} {:>8.3} {:>7}",
                    r.model, r.horizon, r.mase, r.smape, r.coverage80, r.coverage95, r.msis, r.n
                );
            }
        }
        if let Some(from) = args.events_from {
            println!("warning record counted on events and origins from {from}");
        }
        if args.curve {
            for c in &curves {
                println!("{} (threshold on {}):", c.detector, c.statistic);
                for p in &c.points {
                    println!(
                        "  {:>6.1}  warned before peak {:>5.1}%  median lead {:>5}  unmatched warnings/series-year {:.3}",
                        p.threshold,
                        100.0 * p.warned_before_peak,
                        p.median_lead_before_peak.map_or("-".into(), |l| format!("{l:.1}")),
                        p.false_alarms_per_series_year
                    );
                }
            }
        }
        if let Some(r) = ours {
            for e in &r.events {
                println!(
                    "  {:<40} first alert {:<8} lead before peak {}",
                    e.label,
                    e.first_alert.map_or("missed".into(), |p| p.to_string()),
                    e.lead_before_peak.map_or("-".into(), |l| l.to_string())
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

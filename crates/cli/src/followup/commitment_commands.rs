//! `corredor commitment`, `monitoring`, `measure` and `consistency`:
//! commitments and indicators, civil society's reports, national measures.

use super::common::*;
use corredor_followup::review::{Outcome, Step, StepKind};

#[derive(Subcommand, Debug)]
pub enum CommitmentCommand {
    /// Add a commitment of one or more countries in a working group
    Add {
        /// Its id (e.g. DLA-INT-1)
        #[arg(long)]
        id: String,
        /// What is committed, in a line
        #[arg(long)]
        title: String,
        /// The working group's id (see `registry groups`)
        #[arg(long)]
        group: String,
        /// The countries that made it (alpha-3, comma-separated)
        #[arg(long, value_delimiter = ',')]
        countries: Vec<String>,
        /// Keep it a draft (not public) until adopted
        #[arg(long)]
        draft: bool,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// A draft commitment is adopted and becomes public
    Adopt {
        /// The commitment's id
        id: String,
    },
    /// Add an indicator to a commitment; --template gives an integration indicator's name and unit
    Indicator {
        /// The commitment it measures (its id)
        #[arg(long)]
        commitment: String,
        /// labour, school, health or finance
        #[arg(long)]
        template: Option<String>,
        /// Its name (default: the template's)
        #[arg(long)]
        name: Option<String>,
        /// Its unit, e.g. % or persons (default: the template's)
        #[arg(long)]
        unit: Option<String>,
        /// The value at the baseline
        #[arg(long)]
        baseline: f64,
        /// The date of the baseline (YYYY-MM-DD)
        #[arg(long)]
        baseline_date: NaiveDate,
        /// The value to reach
        #[arg(long)]
        target: f64,
        /// The date by which to reach it (YYYY-MM-DD)
        #[arg(long)]
        deadline: NaiveDate,
        /// How often figures are due: monthly, quarterly or annual (a status without a figure for a period and its grace reads no recent data)
        #[arg(long, default_value = "annual")]
        reporting: String,
    },
    /// A government's figure for an indicator
    Measure {
        /// The indicator's number (as `commitment list` shows it)
        #[arg(long)]
        indicator: i64,
        /// The date of the figure (YYYY-MM-DD)
        #[arg(long)]
        date: NaiveDate,
        /// The figure
        #[arg(long)]
        value: f64,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
        /// The country measured (alpha-3), one of the commitment's; needed when it has several
        #[arg(long)]
        country: Option<String>,
    },
    /// Commitments with each indicator's computed status, per country and for the region
    List {
        /// The day to compute statuses on (YYYY-MM-DD; default today): later figures do not count
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run_commitment(db: &str, org: &str, cmd: &CommitmentCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    let store = store.as_mut();
    match cmd {
        CommitmentCommand::Add {
            id,
            title,
            group,
            countries,
            draft,
            source,
        } => {
            let c = service::add_commitment(
                store,
                &actor,
                &Commitment {
                    id: id.clone(),
                    title: title.clone(),
                    group: group.clone(),
                    countries: countries.clone(),
                    state: if *draft { State::Draft } else { State::Adopted },
                    source: source.clone(),
                },
            )?;
            println!(
                "commitment {} ({}) of {} in {}",
                c.id,
                c.state.as_str(),
                c.countries.join(", "),
                c.group
            );
        }
        CommitmentCommand::Adopt { id } => {
            service::adopt(store, &actor, id)?;
            println!("commitment {id} adopted");
        }
        CommitmentCommand::Indicator {
            commitment,
            template,
            name,
            unit,
            baseline,
            baseline_date,
            target,
            deadline,
            reporting,
        } => {
            let reporting: indicator::Reporting = reporting.parse().map_err(anyhow::Error::msg)?;
            let t = template
                .as_deref()
                .map(|t| {
                    indicator::template(t).with_context(|| {
                        format!(
                            "no template {t}: use {}",
                            indicator::TEMPLATES
                                .iter()
                                .map(|t| t.code)
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    })
                })
                .transpose()?;
            let name = name
                .clone()
                .or(t.map(|t| t.en.to_string()))
                .context("give --name or --template")?;
            let unit = unit
                .clone()
                .or(t.map(|t| t.unit.to_string()))
                .context("give --unit or --template")?;
            let i = service::add_indicator(
                store,
                &actor,
                &Indicator {
                    id: 0,
                    commitment: commitment.clone(),
                    name,
                    unit,
                    baseline: *baseline,
                    baseline_date: *baseline_date,
                    target: *target,
                    deadline: *deadline,
                    reporting,
                },
                template.as_deref(),
            )?;
            println!(
                "indicator {}: {} ({}), {} on {} → {} by {} ({} term, {} figures)",
                i.id,
                i.name,
                i.unit,
                i.baseline,
                i.baseline_date,
                i.target,
                i.deadline,
                indicator::Horizon::of(i.baseline_date, i.deadline).as_str(),
                i.reporting.as_str()
            );
        }
        CommitmentCommand::Measure {
            indicator,
            date,
            value,
            source,
            country,
        } => {
            let m = service::measure(
                store,
                &actor,
                *indicator,
                &Measurement {
                    date: *date,
                    value: *value,
                    source: source.clone(),
                    country: country.clone(),
                    reporter: String::new(),
                },
            )?;
            println!(
                "indicator {indicator}: {} {value} on {date} ({source})",
                m.country.unwrap_or_default()
            );
        }
        CommitmentCommand::List { on, json } => {
            let list = service::commitment_views(store, &actor, on.unwrap_or_else(today))?;
            if *json {
                print_json(&list)?;
            } else {
                for v in &list {
                    let c = &v.commitment;
                    println!(
                        "{} [{}] {} — {} ({})",
                        c.id,
                        c.state.as_str(),
                        c.title,
                        c.group,
                        c.countries.join(", ")
                    );
                    for i in &v.indicators {
                        let r = &i.regional;
                        let composed: Vec<String> = r
                            .composition
                            .iter()
                            .map(|g| {
                                format!(
                                    "{} of {} {}",
                                    g.countries.len(),
                                    r.countries,
                                    g.status.as_str()
                                )
                            })
                            .collect();
                        println!(
                            "  {:>3} {:<10} {} ({}), target {} by {}: {}",
                            i.indicator.id,
                            r.status.as_str(),
                            i.indicator.name,
                            i.indicator.unit,
                            i.indicator.target,
                            i.indicator.deadline,
                            composed.join(", ")
                        );
                        for c in &i.countries {
                            let a = &c.assessment;
                            let latest = a
                                .latest
                                .as_ref()
                                .map(|m| format!("{} on {}", m.value, m.date))
                                .unwrap_or_else(|| "no figure".into());
                            let path = a
                                .expected
                                .map(|e| format!("; path {e:.1}"))
                                .unwrap_or_default();
                            println!(
                                "      {} {:<14} {latest}{path}",
                                c.country,
                                a.status.as_str()
                            );
                        }
                    }
                    for m in &v.monitoring {
                        println!(
                            "      {} {} by {}: {}",
                            m.date,
                            m.assessment.as_str(),
                            m.org,
                            m.text
                        );
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand, Debug)]
pub enum MonitoringCommand {
    /// File a monitoring report on a commitment (permanent participants)
    Add {
        /// The commitment reported on (its id)
        #[arg(long)]
        commitment: String,
        /// on_track, at_risk, off_track or not_assessable
        #[arg(long)]
        assessment: String,
        /// The report, as civil society files it
        #[arg(long)]
        text: String,
        /// Links to the evidence (repeat or comma-separate)
        #[arg(long, value_delimiter = ',')]
        evidence: Vec<String>,
        /// The report's date (default: today)
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// The reports, as filed
    List {
        /// Only the reports on this commitment
        #[arg(long)]
        commitment: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run_monitoring(db: &str, org: &str, cmd: &MonitoringCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    match cmd {
        MonitoringCommand::Add {
            commitment,
            assessment,
            text,
            evidence,
            date,
        } => {
            let r = service::file_report(
                store.as_mut(),
                &actor,
                &MonitoringReport {
                    id: 0,
                    commitment: commitment.clone(),
                    org: String::new(),
                    date: date.unwrap_or_else(today),
                    assessment: assessment.parse().map_err(anyhow::Error::msg)?,
                    text: text.clone(),
                    evidence: evidence.clone(),
                },
            )?;
            println!(
                "report {} on {} by {}: {}",
                r.id,
                r.commitment,
                r.org,
                r.assessment.as_str()
            );
        }
        MonitoringCommand::List { commitment, json } => {
            let list = service::monitoring_reports(store.as_mut(), commitment.as_deref())?;
            if *json {
                print_json(&list)?;
            } else {
                for r in list {
                    println!(
                        "{:>4} {} {:<8} {:<14} {} {}",
                        r.id,
                        r.date,
                        r.commitment,
                        r.assessment.as_str(),
                        r.org,
                        r.text
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand, Debug)]
pub enum MeasureCommand {
    /// Record a country's national measure
    Add {
        /// The country that took it (alpha-3 or name)
        #[arg(long)]
        country: String,
        /// The day it was taken (YYYY-MM-DD)
        #[arg(long)]
        date: NaiveDate,
        /// What it is, in a line
        #[arg(long)]
        title: String,
        /// A theme of `corredor themes`
        #[arg(long)]
        theme: String,
        /// expands or restricts (protection or pathways)
        #[arg(long)]
        effect: String,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// The national measures recorded
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Flag a measure as contradicting a commitment (civil society)
    Flag {
        /// The measure's number (as `measure list` shows it)
        #[arg(long)]
        measure: i64,
        /// The commitment it contradicts (one of the measure's country's)
        #[arg(long)]
        commitment: String,
        /// Why, in the flagging organisation's words
        #[arg(long)]
        text: String,
    },
    /// Reply to a flagged measure (the country that took it)
    Reply {
        /// The measure's number
        #[arg(long)]
        measure: i64,
        /// The country's reply
        #[arg(long)]
        text: String,
    },
    /// Rule on a flagged measure (the secretariat): the review closes and is public
    Rule {
        /// The measure's number
        #[arg(long)]
        measure: i64,
        /// contradicts or consistent
        #[arg(long)]
        outcome: String,
        /// The reasons of the ruling
        #[arg(long)]
        text: String,
    },
    /// The steps of the reviews you may read (ruled ones, and open ones you take part in)
    Steps {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run_measure(db: &str, org: &str, cmd: &MeasureCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    match cmd {
        MeasureCommand::Add {
            country,
            date,
            title,
            theme,
            effect,
            source,
        } => {
            let m = service::add_measure(
                store.as_mut(),
                &actor,
                &NationalMeasure {
                    id: 0,
                    country: country.clone(),
                    date: *date,
                    title: title.clone(),
                    theme: theme.clone(),
                    effect: effect.parse().map_err(anyhow::Error::msg)?,
                    source: source.clone(),
                },
            )?;
            println!(
                "measure {}: {} {} {} ({})",
                m.id,
                m.country,
                m.effect.as_str(),
                m.theme,
                m.title
            );
        }
        MeasureCommand::Flag {
            measure,
            commitment,
            text,
        } => print_step(service::take_step(
            store.as_mut(),
            &actor,
            *measure,
            &service::NewStep {
                kind: StepKind::Flag,
                text: text.clone(),
                commitment: Some(commitment.clone()),
                outcome: None,
            },
        )?),
        MeasureCommand::Reply { measure, text } => print_step(service::take_step(
            store.as_mut(),
            &actor,
            *measure,
            &service::NewStep {
                kind: StepKind::Reply,
                text: text.clone(),
                commitment: None,
                outcome: None,
            },
        )?),
        MeasureCommand::Rule {
            measure,
            outcome,
            text,
        } => print_step(service::take_step(
            store.as_mut(),
            &actor,
            *measure,
            &service::NewStep {
                kind: StepKind::Ruling,
                text: text.clone(),
                commitment: None,
                outcome: Some(outcome.parse::<Outcome>().map_err(anyhow::Error::msg)?),
            },
        )?),
        MeasureCommand::Steps { json } => {
            let steps = service::review_steps(store.as_mut(), &actor)?;
            if *json {
                print_json(&steps)?;
            } else {
                for s in steps {
                    print_step(s);
                }
            }
        }
        MeasureCommand::List { json } => {
            let list = service::measures(store.as_mut())?;
            if *json {
                print_json(&list)?;
            } else {
                for m in list {
                    println!(
                        "{:>4} {} {} {:<9} {:<22} {} ({})",
                        m.id,
                        m.date,
                        m.country,
                        m.effect.as_str(),
                        m.theme,
                        m.title,
                        m.source
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_consistency(db: &str, org: &str, json: bool) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    let store = store.as_mut();
    let found = service::consistency(store, &actor)?;
    if json {
        print_json(&found)?;
    } else {
        println!(
            "{} against regional commitments",
            plural(
                found.len(),
                "national measure runs",
                "national measures run"
            )
        );
        for i in &found {
            let m = &i.measure;
            println!(
                "  {} {} restricts {}: {} ({})",
                m.date, m.country, m.theme, m.title, m.source
            );
            if !i.commitments.is_empty() {
                println!("    against its commitments {}", i.commitments.join(", "));
            }
            if !i.led_groups.is_empty() {
                println!(
                    "    on the theme of groups it leads: {}",
                    i.led_groups.join(", ")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A review step as a line: measure, date, kind, organisation, then what
/// it says.
fn print_step(s: Step) {
    let what = match (&s.commitment, s.outcome) {
        (Some(c), _) => format!(" against {c}"),
        (None, Some(o)) => format!(": {}", o.as_str()),
        (None, None) => String::new(),
    };
    println!(
        "measure {} {} {} by {}{what} — {}",
        s.measure,
        &s.at[..10.min(s.at.len())],
        s.kind.as_str(),
        s.org,
        s.text
    );
}

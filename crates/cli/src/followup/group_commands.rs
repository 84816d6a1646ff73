//! `corredor group`: a working group's charter, the dated events of who
//! takes part, and its report.

use super::common::*;
use corredor_followup::groups::{Charter, EventKind, GroupEvent};

#[derive(Subcommand, Debug)]
pub enum GroupCommand {
    /// Set a working group's purpose and expected outcomes (the secretariat), replacing the ones before
    Charter {
        /// The group's id (as `registry list` shows it)
        #[arg(long)]
        id: String,
        /// What the group is for, in a sentence or two
        #[arg(long)]
        purpose: String,
        /// An expected outcome (repeat for each)
        #[arg(long = "outcome", required = true)]
        outcomes: Vec<String>,
        /// Where they were agreed (minutes, a declaration), kept with them
        #[arg(long)]
        source: String,
    },
    /// Record that a country or organisation joins, leaves, leads or co-leads a group on a date
    Event {
        /// The group's id
        #[arg(long)]
        id: String,
        /// A country's alpha-3 or an organisation's code
        #[arg(long)]
        participant: String,
        /// join, leave, lead or co_lead
        #[arg(long)]
        kind: String,
        /// The day it took effect (YYYY-MM-DD)
        #[arg(long)]
        on: NaiveDate,
        /// Where it is recorded (minutes, a letter), kept with it
        #[arg(long)]
        source: String,
    },
    /// A group's report: charter, who takes part (and since when), commitments with statuses, meetings, civil society's reports
    Report {
        /// The group's id
        #[arg(long)]
        id: String,
        /// The day to compute it on (default today)
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run_group(db: &str, org: &str, cmd: &GroupCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    match cmd {
        GroupCommand::Charter {
            id,
            purpose,
            outcomes,
            source,
        } => {
            let c = service::set_charter(
                store.as_mut(),
                &actor,
                &Charter {
                    group: id.clone(),
                    purpose: purpose.clone(),
                    outcomes: outcomes.clone(),
                    source: source.clone(),
                },
            )?;
            println!(
                "{}: purpose and {} set ({})",
                c.group,
                crate::output::plural(
                    c.outcomes.len() as u64,
                    "expected outcome",
                    "expected outcomes"
                ),
                c.source
            );
        }
        GroupCommand::Event {
            id,
            participant,
            kind,
            on,
            source,
        } => {
            let e = service::add_group_event(
                store.as_mut(),
                &actor,
                &GroupEvent {
                    group: id.clone(),
                    participant: participant.clone(),
                    kind: kind.parse::<EventKind>().map_err(anyhow::Error::msg)?,
                    date: *on,
                    source: source.clone(),
                },
            )?;
            println!(
                "{}: {} {} on {} ({})",
                e.group,
                e.participant,
                e.kind.as_str(),
                e.date,
                e.source
            );
        }
        GroupCommand::Report { id, on, json } => {
            let r = service::group_report(store.as_mut(), &actor, id, on.unwrap_or_else(today))?;
            if *json {
                print_json(&r)?;
                return Ok(ExitCode::SUCCESS);
            }
            println!(
                "{} — {} ({}), on {}",
                r.group.id, r.group.name, r.group.mechanism, r.on
            );
            match &r.charter {
                Some(c) => {
                    println!("purpose: {}", c.purpose);
                    for o in &c.outcomes {
                        println!("  outcome: {o}");
                    }
                }
                None => println!("no purpose or expected outcomes recorded"),
            }
            println!(
                "lead: {}; co-leads: {}; participants: {}",
                or_none(&r.roster.leads),
                or_none(&r.roster.co_leads),
                or_none(&r.roster.participants)
            );
            for e in &r.events {
                println!(
                    "  {} {} {} ({})",
                    e.date,
                    e.participant,
                    e.kind.as_str(),
                    e.source
                );
            }
            for c in &r.commitments {
                println!(
                    "commitment {} [{}] {}",
                    c.commitment.id,
                    c.commitment.state.as_str(),
                    c.commitment.title
                );
                for i in &c.indicators {
                    for s in &i.countries {
                        println!(
                            "    {} {} {}",
                            i.indicator.name,
                            s.country,
                            s.assessment.status.as_str()
                        );
                    }
                }
                for m in &c.monitoring {
                    println!("    {} by {}: {}", m.assessment.as_str(), m.org, m.text);
                }
            }
            for m in &r.meetings {
                println!("meeting {} to {}, {}", m.start, m.end, m.place);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn or_none(codes: &[String]) -> String {
    if codes.is_empty() {
        "none".into()
    } else {
        codes.join(", ")
    }
}

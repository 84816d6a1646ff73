//! `corredor presidency`, `meeting` and `calendar`: who presides, the
//! meetings, their clashes and the iCalendar export.

use super::common::*;

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PresidencyArgs {
    #[command(subcommand)]
    command: Option<PresidencyCommand>,
    /// The mechanism whose presidency to show
    #[arg(long)]
    mechanism: Option<String>,
    /// The year
    #[arg(long)]
    year: Option<i32>,
    /// Print JSON
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
pub enum PresidencyCommand {
    /// Record a presidency (the anchor rotations are reckoned from)
    Set {
        /// The mechanism
        #[arg(long)]
        mechanism: String,
        /// The year of the presidency
        #[arg(long)]
        year: i32,
        /// The country presiding (alpha-3 or name)
        #[arg(long)]
        country: String,
        /// The country holding the vice presidency, if recorded
        #[arg(long)]
        vice: Option<String>,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// The presidencies on record
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
}

pub fn run_presidency(db: &str, org: &str, args: &PresidencyArgs) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    let store = store.as_mut();
    match &args.command {
        Some(PresidencyCommand::Set {
            mechanism,
            year,
            country,
            vice,
            source,
        }) => {
            let p = service::set_presidency(
                store,
                &actor,
                &Recorded {
                    mechanism: mechanism.clone(),
                    year: *year,
                    president: country.clone(),
                    vice: vice.clone(),
                    source: source.clone(),
                },
            )?;
            println!(
                "{} {}: {} presides ({})",
                p.mechanism, p.year, p.president, p.source
            );
        }
        Some(PresidencyCommand::List { json }) => {
            let list = service::presidencies(store)?;
            if *json {
                print_json(&list)?;
            } else {
                for p in list {
                    println!(
                        "{:<6} {} {}{} ({})",
                        p.mechanism,
                        p.year,
                        p.president,
                        p.vice.map(|v| format!(", vice {v}")).unwrap_or_default(),
                        p.source
                    );
                }
            }
        }
        None => {
            let (Some(mechanism), Some(year)) = (&args.mechanism, args.year) else {
                bail!("give --mechanism and --year, or a subcommand (set, list)");
            };
            let r = service::registry(store)?;
            let m = r
                .mechanism(mechanism)
                .with_context(|| format!("no mechanism {mechanism}"))?;
            let jan1 = NaiveDate::from_ymd_opt(year, 1, 1).context("year out of range")?;
            let members = r.members_on(&m.code, jan1);
            let p = presidency::presidency(m, &service::presidencies(store)?, &members, year)?;
            if args.json {
                print_json(&p)?;
            } else {
                let how = match &p.basis {
                    presidency::Basis::Recorded { source } => format!("on record: {source}"),
                    presidency::Basis::Rotation { from_year, source } => format!(
                        "alphabetical rotation ({}) from {from_year} ({source})",
                        m.language.as_str()
                    ),
                };
                println!(
                    "{} {}: {} ({}){}; {how}",
                    p.mechanism,
                    p.year,
                    country_name(&p.president),
                    p.president,
                    p.vice
                        .as_deref()
                        .map(|v| format!(", vice presidency {} ({v})", country_name(v)))
                        .unwrap_or_default()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand, Debug)]
pub enum MeetingCommand {
    /// Put a meeting on the calendar
    Add {
        /// The mechanism meeting
        #[arg(long)]
        mechanism: String,
        /// First day (YYYY-MM-DD)
        #[arg(long)]
        start: NaiveDate,
        /// The last day (default: the first)
        #[arg(long)]
        end: Option<NaiveDate>,
        /// Where (a city)
        #[arg(long)]
        place: String,
        /// What the meeting is
        #[arg(long, default_value = "")]
        title: String,
    },
    /// The calendar
    List {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Change a meeting: what is given replaces what was; dated, kept and audited
    Change {
        /// The meeting's number (as `meeting list` shows it)
        #[arg(long)]
        id: i64,
        /// New first day (YYYY-MM-DD)
        #[arg(long)]
        start: Option<NaiveDate>,
        /// New last day
        #[arg(long)]
        end: Option<NaiveDate>,
        /// New place
        #[arg(long)]
        place: Option<String>,
        /// New title
        #[arg(long)]
        title: Option<String>,
        /// Why it changes, kept with the change
        #[arg(long)]
        reason: String,
    },
    /// Cancel a meeting: it stays on the calendar, marked cancelled
    Cancel {
        /// The meeting's number
        #[arg(long)]
        id: i64,
        /// Why it is cancelled, kept with the change
        #[arg(long)]
        reason: String,
    },
}

pub fn run_meeting(db: &str, org: &str, cmd: &MeetingCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    match cmd {
        MeetingCommand::Add {
            mechanism,
            start,
            end,
            place,
            title,
        } => {
            let m = service::add_meeting(
                store.as_mut(),
                &actor,
                &service::NewMeeting {
                    mechanism,
                    title,
                    start: *start,
                    end: end.unwrap_or(*start),
                    place,
                },
            )?;
            println!(
                "meeting {}: {} {} to {}, {}",
                m.id, m.mechanism, m.start, m.end, m.place
            );
        }
        MeetingCommand::Change {
            id,
            start,
            end,
            place,
            title,
            reason,
        } => {
            let change = calendar::MeetingChange {
                title: title.clone(),
                start: *start,
                end: *end,
                place: place.clone(),
                cancel: false,
            };
            let m = service::change_meeting(store.as_mut(), &actor, *id, &change, reason)?;
            println!(
                "meeting {}: {} {}–{}, {} (change {})",
                m.id, m.mechanism, m.start, m.end, m.place, m.sequence
            );
        }
        MeetingCommand::Cancel { id, reason } => {
            let change = calendar::MeetingChange {
                cancel: true,
                ..Default::default()
            };
            let m = service::change_meeting(store.as_mut(), &actor, *id, &change, reason)?;
            println!(
                "meeting {}: {} {}–{} cancelled",
                m.id, m.mechanism, m.start, m.end
            );
        }
        MeetingCommand::List { json } => {
            let list = service::meetings(store.as_mut())?;
            if *json {
                print_json(&list)?;
            } else {
                for m in list {
                    println!(
                        "{:>4} {:<6} {} – {} {} ({}){}",
                        m.id,
                        m.mechanism,
                        m.start,
                        m.end,
                        m.title,
                        m.place,
                        if m.cancelled { " CANCELLED" } else { "" }
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand, Debug)]
pub enum CalendarCommand {
    /// Meetings of different mechanisms close in time that share members
    Check {
        /// Free days between two meetings at or below which they clash
        #[arg(long, default_value_t = calendar::DEFAULT_WINDOW_DAYS)]
        window: i64,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// The calendar as iCalendar (RFC 5545)
    Export {
        /// Only this mechanism's meetings
        #[arg(long)]
        mechanism: Option<String>,
        /// The meetings a country takes part in (alpha-3 or name)
        #[arg(long)]
        country: Option<String>,
        /// Write to this file instead of standard output
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The domain that makes event UIDs unique
        #[arg(long, default_value = "corredor.invalid")]
        domain: String,
    },
}

pub fn run_calendar(db: &str, cmd: &CalendarCommand) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let r = service::registry(store.as_mut())?;
    let meetings = service::meetings(store.as_mut())?;
    match cmd {
        CalendarCommand::Check { window, json } => {
            let found = calendar::clashes(&r, &meetings, *window);
            if *json {
                print_json(&serde_json::json!({"window_days": window, "clashes": found}))?;
            } else {
                println!(
                    "{} (meetings of mechanisms that share members, {window} free days apart or less)",
                    plural(found.len(), "clash", "clashes")
                );
                for c in &found {
                    println!(
                        "  {} {}–{} ({}) and {} {}–{} ({}): {} free days between, {} shared: {}",
                        c.a.mechanism,
                        c.a.start,
                        c.a.end,
                        c.a.place,
                        c.b.mechanism,
                        c.b.start,
                        c.b.end,
                        c.b.place,
                        c.gap_days,
                        c.shared.len(),
                        c.shared.join(" ")
                    );
                }
            }
        }
        CalendarCommand::Export {
            mechanism,
            country,
            output,
            domain,
        } => {
            let mut chosen: Vec<&Meeting> = meetings.iter().collect();
            let mut name = "Corredor".to_string();
            if let Some(m) = mechanism {
                let code = &r
                    .mechanism(m)
                    .with_context(|| format!("no mechanism {m}"))?
                    .code;
                chosen.retain(|x| &x.mechanism == code);
                name = format!("{name} {code}");
            }
            if let Some(c) = country {
                let code = corredor_model::country::codes(std::slice::from_ref(c), "country")
                    .map_err(anyhow::Error::msg)?
                    .remove(0);
                let theirs: Vec<i64> = calendar::for_country(&r, &meetings, &code)
                    .iter()
                    .map(|m| m.id)
                    .collect();
                chosen.retain(|x| theirs.contains(&x.id));
                name = format!("{name} {code}");
            }
            let text = calendar::ics(&name, domain, &chosen);
            match output {
                Some(p) => {
                    std::fs::write(p, &text)
                        .with_context(|| format!("cannot write {}", p.display()))?;
                    eprintln!("{} meetings written to {}", chosen.len(), p.display());
                }
                None => print!("{text}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

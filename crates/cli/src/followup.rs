//! The secretariat's follow-up on the command line: `registry`, `overlap`,
//! `themes`, `presidency`, `meeting`, `calendar`, `commitment`,
//! `monitoring`, `measure`, `consistency`, `pledge` and `rates`. The
//! services are `corredor_app::followup`'s and the computations
//! `corredor-followup`'s; this parses, prints, and passes today's date
//! where a command needs one and none was given.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use corredor_app::auth::Actor;
use corredor_app::followup::{self as service, ImportError};
use corredor_followup::calendar::{self, Meeting};
use corredor_followup::commitment::{Commitment, MonitoringReport, State};
use corredor_followup::consistency::NationalMeasure;
use corredor_followup::indicator::{self, Indicator, Measurement};
use corredor_followup::pledge::{self, Currency};
use corredor_followup::presidency::{self, Recorded};
use corredor_followup::registry::{self, Claim, Mechanism, Role as Standing};
use corredor_followup::{consistency, iati, overlap, themes};
use corredor_store::Store;

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

fn open(db: &str, org: &str) -> Result<(Box<dyn Store>, Actor)> {
    Ok((crate::open_store(db)?, Actor::operator(org)))
}

fn print_json(value: &impl serde::Serialize) -> Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// "1 clash", "2 clashes".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Mexico (MEX)" for a state, "IOM (organisation)" for anyone else.
fn who(code: &str) -> String {
    if registry::is_state(code) {
        format!("{} ({code})", country_name(code))
    } else {
        format!("{code} (organisation)")
    }
}

fn country_name(code: &str) -> String {
    corredor_model::country::by_code(code)
        .map_or_else(|| code.to_string(), |c| c.name_en.to_string())
}

// ---------------------------------------------------------------- registry

#[derive(Subcommand, Debug)]
pub enum RegistryCommand {
    /// Load the 2023 registry shipped with Corredor (mechanisms, members, working groups, sources' claims)
    Seed,
    /// Participants of each mechanism on a date, with their roles
    List {
        #[arg(long)]
        mechanism: Option<String>,
        /// The date (default: today)
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Every standing a participant has had, with its dates and sources
    History {
        /// A country (alpha-3 or name) or an organisation's code
        #[arg(long)]
        participant: String,
        #[arg(long)]
        mechanism: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The mechanisms: presidency rule and technical secretariat
    Mechanisms {
        #[arg(long)]
        json: bool,
    },
    /// Working groups with pillar, theme, leads, co-leads and participants
    Groups {
        #[arg(long)]
        mechanism: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a mechanism
    AddMechanism {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        name_es: String,
        /// rotation, designated or none
        #[arg(long, default_value = "rotation")]
        presidency: String,
        /// The working language whose alphabet orders the rotation: es or en
        #[arg(long, default_value = "es")]
        language: String,
        #[arg(long, default_value = "none")]
        secretariat: String,
        #[arg(long)]
        source: String,
    },
    /// Add a working group under a mechanism, with its lead, co-leads and participants
    AddGroup {
        #[arg(long)]
        id: String,
        #[arg(long)]
        mechanism: String,
        #[arg(long)]
        name: String,
        /// The declaration's pillar, 1 to 4
        #[arg(long)]
        pillar: Option<u8>,
        /// A theme of `corredor themes`
        #[arg(long)]
        theme: Option<String>,
        #[arg(long, value_delimiter = ',')]
        leads: Vec<String>,
        #[arg(long, value_delimiter = ',')]
        co_leads: Vec<String>,
        #[arg(long, value_delimiter = ',')]
        participants: Vec<String>,
        #[arg(long)]
        source: String,
    },
    /// Adherence: a participant joins a mechanism in a role
    Add {
        #[arg(long)]
        mechanism: String,
        /// A country (alpha-3 or name) or an organisation's code
        #[arg(long)]
        participant: String,
        /// member, permanent_participant or observer
        #[arg(long, default_value = "member")]
        role: String,
        #[arg(long)]
        since: NaiveDate,
        #[arg(long)]
        source: String,
    },
    /// A participant's role changes on a date
    Change {
        #[arg(long)]
        mechanism: String,
        #[arg(long)]
        participant: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        on: NaiveDate,
        #[arg(long)]
        source: String,
    },
    /// A participant withdraws on a date (the first day it is out)
    Withdraw {
        #[arg(long)]
        mechanism: String,
        #[arg(long)]
        participant: String,
        #[arg(long)]
        on: NaiveDate,
        #[arg(long)]
        source: String,
    },
    /// Record what a source says on a subject
    Claim {
        #[arg(long)]
        subject: String,
        #[arg(long)]
        statement: String,
        #[arg(long)]
        source: String,
        /// Where in the source
        #[arg(long)]
        locator: Option<String>,
    },
    /// Subjects on which sources disagree, with every claim and its source
    Conflicts {
        #[arg(long)]
        json: bool,
    },
}

pub fn run_registry(db: &str, org: &str, cmd: &RegistryCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    let store = store.as_mut();
    match cmd {
        RegistryCommand::Seed => {
            let n = service::seed(store, &actor)?;
            println!(
                "registry of 2023: {} sources, {} mechanisms, {} memberships, {} working groups, {} claims added",
                n.sources, n.mechanisms, n.memberships, n.groups, n.claims
            );
        }
        RegistryCommand::List {
            mechanism,
            on,
            json,
        } => {
            let r = service::registry(store)?;
            let on = on.unwrap_or_else(today);
            let codes: Vec<String> = match mechanism {
                Some(m) => vec![r
                    .mechanism(m)
                    .with_context(|| format!("no mechanism {m}"))?
                    .code
                    .clone()],
                None => r.mechanisms.iter().map(|m| m.code.clone()).collect(),
            };
            if *json {
                let list: Vec<serde_json::Value> = codes
                    .iter()
                    .map(|c| {
                        let ps: Vec<serde_json::Value> = r
                            .participants_on(c, on)
                            .into_iter()
                            .map(|(p, role)| {
                                let m = r.standing(c, p, on).expect("listed");
                                serde_json::json!({"participant": p, "role": role, "since": m.since, "source": m.source})
                            })
                            .collect();
                        serde_json::json!({"mechanism": c, "participants": ps})
                    })
                    .collect();
                print_json(&serde_json::json!({"on": on, "mechanisms": list}))?;
            } else {
                for c in codes {
                    let ps = r.participants_on(&c, on);
                    let members: Vec<&str> = ps
                        .iter()
                        .filter(|(_, r)| *r == Standing::Member)
                        .map(|(p, _)| *p)
                        .collect();
                    println!("{c} on {on}: {} members", members.len());
                    for (role, label) in [
                        (Standing::Member, "members"),
                        (Standing::PermanentParticipant, "permanent participants"),
                        (Standing::Observer, "observers"),
                    ] {
                        let these: Vec<&str> = ps
                            .iter()
                            .filter(|(_, x)| *x == role)
                            .map(|(p, _)| *p)
                            .collect();
                        if !these.is_empty() {
                            println!("  {label}: {}", these.join(" "));
                        }
                    }
                }
            }
        }
        RegistryCommand::History {
            participant,
            mechanism,
            json,
        } => {
            let code = service::participant_code(participant)?;
            let r = service::registry(store)?;
            let list: Vec<&registry::Membership> = r
                .memberships
                .iter()
                .filter(|m| m.participant == code)
                .filter(|m| {
                    mechanism
                        .as_ref()
                        .is_none_or(|x| m.mechanism.eq_ignore_ascii_case(x))
                })
                .collect();
            if *json {
                print_json(&list)?;
            } else {
                println!(
                    "{}: {}",
                    who(&code),
                    plural(list.len(), "standing", "standings")
                );
                for m in list {
                    let until = match (&m.until, &m.until_source) {
                        (Some(u), Some(s)) => format!(" until {u} ({s})"),
                        _ => String::new(),
                    };
                    println!(
                        "  {:<6} {:<22} from {} ({}){until}",
                        m.mechanism,
                        m.role.as_str(),
                        m.since,
                        m.source
                    );
                }
            }
        }
        RegistryCommand::Mechanisms { json } => {
            let r = service::registry(store)?;
            if *json {
                print_json(&r.mechanisms)?;
            } else {
                for m in &r.mechanisms {
                    println!(
                        "{:<6} {}\n       presidency: {} ({}); secretariat: {}",
                        m.code,
                        m.name,
                        m.presidency.as_str(),
                        if m.presidency_text.is_empty() {
                            "-"
                        } else {
                            &m.presidency_text
                        },
                        m.secretariat
                    );
                }
            }
        }
        RegistryCommand::Groups { mechanism, json } => {
            let r = service::registry(store)?;
            let groups: Vec<_> = r
                .groups
                .iter()
                .filter(|g| {
                    mechanism
                        .as_ref()
                        .is_none_or(|m| g.mechanism.eq_ignore_ascii_case(m))
                })
                .collect();
            if *json {
                print_json(&groups)?;
            } else {
                for g in groups {
                    let pillar = g.pillar.map(|p| format!(" pillar {p}")).unwrap_or_default();
                    let mut who = Vec::new();
                    if !g.leads.is_empty() {
                        who.push(format!("L {}", g.leads.join(", ")));
                    }
                    if !g.co_leads.is_empty() {
                        who.push(format!("CL {}", g.co_leads.join(", ")));
                    }
                    if !g.participants.is_empty() {
                        who.push(format!("P {}", g.participants.join(", ")));
                    }
                    println!(
                        "{:<20} {}{pillar} [{}] {}{}",
                        g.id,
                        g.mechanism,
                        g.theme.as_deref().unwrap_or("-"),
                        g.name,
                        if who.is_empty() {
                            String::new()
                        } else {
                            format!(" — {}", who.join("; "))
                        }
                    );
                }
            }
        }
        RegistryCommand::AddMechanism {
            code,
            name,
            name_es,
            presidency,
            language,
            secretariat,
            source,
        } => {
            let m = Mechanism {
                code: code.trim().to_ascii_uppercase(),
                name: name.clone(),
                name_es: name_es.clone(),
                presidency: presidency.parse().map_err(anyhow::Error::msg)?,
                presidency_text: String::new(),
                language: language.parse().map_err(anyhow::Error::msg)?,
                secretariat: secretariat.clone(),
                source: source.clone(),
            };
            service::add_mechanism(store, &actor, &m)?;
            println!("added mechanism {} ({})", m.code, m.name);
        }
        RegistryCommand::AddGroup {
            id,
            mechanism,
            name,
            pillar,
            theme,
            leads,
            co_leads,
            participants,
            source,
        } => {
            let g = service::add_group(
                store,
                &actor,
                &registry::WorkingGroup {
                    id: id.clone(),
                    mechanism: mechanism.clone(),
                    pillar: *pillar,
                    name: name.clone(),
                    theme: theme.clone(),
                    leads: leads.clone(),
                    co_leads: co_leads.clone(),
                    participants: participants.clone(),
                    source: source.clone(),
                },
            )?;
            println!(
                "added working group {} under {}: {}",
                g.id, g.mechanism, g.name
            );
        }
        RegistryCommand::Add {
            mechanism,
            participant,
            role,
            since,
            source,
        } => {
            let role: Standing = role.parse().map_err(anyhow::Error::msg)?;
            let m = service::adhere(store, &actor, mechanism, participant, role, *since, source)?;
            println!(
                "{} is {} of {} from {} ({})",
                who(&m.participant),
                m.role,
                m.mechanism,
                m.since,
                m.source
            );
        }
        RegistryCommand::Change {
            mechanism,
            participant,
            role,
            on,
            source,
        } => {
            let role: Standing = role.parse().map_err(anyhow::Error::msg)?;
            let m = service::withdraw_or_change(
                store,
                &actor,
                mechanism,
                participant,
                *on,
                Some(role),
                source,
            )?;
            println!(
                "{} is {} of {} from {} ({})",
                m.participant, m.role, m.mechanism, m.since, m.source
            );
        }
        RegistryCommand::Withdraw {
            mechanism,
            participant,
            on,
            source,
        } => {
            let m = service::withdraw_or_change(
                store,
                &actor,
                mechanism,
                participant,
                *on,
                None,
                source,
            )?;
            println!(
                "{} was {} of {} from {} until {} ({})",
                m.participant,
                m.role,
                m.mechanism,
                m.since,
                on,
                m.until_source.as_deref().unwrap_or("")
            );
        }
        RegistryCommand::Claim {
            subject,
            statement,
            source,
            locator,
        } => {
            service::add_claim(
                store,
                &actor,
                &Claim {
                    subject: subject.clone(),
                    statement: statement.clone(),
                    source: source.clone(),
                    locator: locator.clone(),
                },
            )?;
            println!("recorded: {subject}: {statement} ({source})");
        }
        RegistryCommand::Conflicts { json } => {
            let r = service::registry(store)?;
            let found = registry::conflicts(&r.claims);
            if *json {
                print_json(&found)?;
            } else {
                println!(
                    "{} on which sources disagree",
                    plural(found.len(), "subject", "subjects")
                );
                for c in &found {
                    println!("\n{}", c.subject);
                    for claim in &c.claims {
                        let citation = r
                            .sources
                            .iter()
                            .find(|s| s.id == claim.source)
                            .map_or(claim.source.as_str(), |s| s.citation.as_str());
                        let at = claim
                            .locator
                            .as_deref()
                            .map(|l| format!(", {l}"))
                            .unwrap_or_default();
                        println!("  {}\n    — {citation}{at}", claim.statement);
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args, Debug)]
pub struct OverlapArgs {
    /// Only the pairs with this mechanism
    #[arg(long)]
    with: Option<String>,
    /// The date (default: today)
    #[arg(long)]
    on: Option<NaiveDate>,
    #[arg(long)]
    json: bool,
}

pub fn run_overlap(db: &str, args: &OverlapArgs) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let r = service::registry(store.as_mut())?;
    if let Some(w) = &args.with {
        if r.mechanism(w).is_none() {
            bail!("no mechanism {w}: see `corredor registry mechanisms`");
        }
    }
    let o = overlap::overlap(&r, args.on.unwrap_or_else(today), args.with.as_deref());
    if args.json {
        print_json(&o)?;
    } else {
        println!("members shared on {} (observers not counted)", o.on);
        for p in &o.pairs {
            println!(
                "{:<6} {:<6} {:>3}  {}",
                p.a,
                p.b,
                p.shared,
                p.countries.join(" ")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_themes(db: &str, json: bool) -> Result<ExitCode> {
    let mut store = crate::open_store(db)?;
    let r = service::registry(store.as_mut())?;
    let t = themes::report(&r);
    if json {
        print_json(&t)?;
    } else {
        println!("themes worked on by several mechanisms:");
        for c in &t.duplicated {
            println!("  {} ({})", c.theme, c.mechanisms.join(", "));
            for g in &c.groups {
                let leads = if g.leads.is_empty() {
                    "-".to_string()
                } else {
                    g.leads.join(", ")
                };
                println!(
                    "    {:<6} {:<20} lead {leads}: {}",
                    g.mechanism, g.group, g.name
                );
            }
        }
        println!(
            "themes of one mechanism: {}",
            t.single
                .iter()
                .map(|c| format!("{} ({})", c.theme, c.mechanisms[0]))
                .collect::<Vec<_>>()
                .join(", ")
        );
        println!("themes no mechanism works on: {}", t.uncovered.join(", "));
    }
    Ok(ExitCode::SUCCESS)
}

// ------------------------------------------------------ presidencies, meetings

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct PresidencyArgs {
    #[command(subcommand)]
    command: Option<PresidencyCommand>,
    #[arg(long)]
    mechanism: Option<String>,
    #[arg(long)]
    year: Option<i32>,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand, Debug)]
pub enum PresidencyCommand {
    /// Record a presidency (the anchor rotations are reckoned from)
    Set {
        #[arg(long)]
        mechanism: String,
        #[arg(long)]
        year: i32,
        #[arg(long)]
        country: String,
        #[arg(long)]
        vice: Option<String>,
        #[arg(long)]
        source: String,
    },
    /// The presidencies on record
    List {
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
        #[arg(long)]
        mechanism: String,
        #[arg(long)]
        start: NaiveDate,
        /// The last day (default: the first)
        #[arg(long)]
        end: Option<NaiveDate>,
        #[arg(long)]
        place: String,
        #[arg(long, default_value = "")]
        title: String,
    },
    /// The calendar
    List {
        #[arg(long)]
        json: bool,
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
        MeetingCommand::List { json } => {
            let list = service::meetings(store.as_mut())?;
            if *json {
                print_json(&list)?;
            } else {
                for m in list {
                    println!(
                        "{:>4} {:<6} {} – {} {} ({})",
                        m.id, m.mechanism, m.start, m.end, m.title, m.place
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
        #[arg(long)]
        json: bool,
    },
    /// The calendar as iCalendar (RFC 5545)
    Export {
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

// ------------------------------------------------------------- commitments

#[derive(Subcommand, Debug)]
pub enum CommitmentCommand {
    /// Add a commitment of one or more countries in a working group
    Add {
        #[arg(long)]
        id: String,
        #[arg(long)]
        title: String,
        /// The working group's id (see `registry groups`)
        #[arg(long)]
        group: String,
        #[arg(long, value_delimiter = ',')]
        countries: Vec<String>,
        /// Keep it a draft (not public) until adopted
        #[arg(long)]
        draft: bool,
        #[arg(long)]
        source: String,
    },
    /// A draft commitment is adopted and becomes public
    Adopt { id: String },
    /// Add an indicator to a commitment; --template gives an integration indicator's name and unit
    Indicator {
        #[arg(long)]
        commitment: String,
        /// labour, school, health or finance
        #[arg(long)]
        template: Option<String>,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        baseline: f64,
        #[arg(long)]
        baseline_date: NaiveDate,
        #[arg(long)]
        target: f64,
        #[arg(long)]
        deadline: NaiveDate,
    },
    /// A government's figure for an indicator
    Measure {
        #[arg(long)]
        indicator: i64,
        #[arg(long)]
        date: NaiveDate,
        #[arg(long)]
        value: f64,
        #[arg(long)]
        source: String,
    },
    /// Commitments with each indicator's computed status
    List {
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
        } => {
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
                },
                template.as_deref(),
            )?;
            println!(
                "indicator {}: {} ({}), {} on {} → {} by {} ({} term)",
                i.id,
                i.name,
                i.unit,
                i.baseline,
                i.baseline_date,
                i.target,
                i.deadline,
                indicator::Horizon::of(i.baseline_date, i.deadline).as_str()
            );
        }
        CommitmentCommand::Measure {
            indicator,
            date,
            value,
            source,
        } => {
            service::measure(
                store,
                &actor,
                *indicator,
                &Measurement {
                    date: *date,
                    value: *value,
                    source: source.clone(),
                },
            )?;
            println!("indicator {indicator}: {value} on {date} ({source})");
        }
        CommitmentCommand::List { json } => {
            let list = service::commitment_views(store, &actor)?;
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
                        let latest = i
                            .assessment
                            .latest
                            .as_ref()
                            .map(|m| format!("{} on {}", m.value, m.date))
                            .unwrap_or_else(|| "no figure".into());
                        println!(
                            "  {:>3} {:<10} {} ({}): {latest}; path {}, target {} by {}",
                            i.indicator.id,
                            i.assessment.status.as_str(),
                            i.indicator.name,
                            i.indicator.unit,
                            i.assessment
                                .expected
                                .map(|e| format!("{e:.1}"))
                                .unwrap_or_else(|| "-".into()),
                            i.indicator.target,
                            i.indicator.deadline
                        );
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
        #[arg(long)]
        commitment: String,
        /// on_track, at_risk, off_track or not_assessable
        #[arg(long)]
        assessment: String,
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
        #[arg(long)]
        commitment: Option<String>,
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
        #[arg(long)]
        country: String,
        #[arg(long)]
        date: NaiveDate,
        #[arg(long)]
        title: String,
        /// A theme of `corredor themes`
        #[arg(long)]
        theme: String,
        /// expands or restricts (protection or pathways)
        #[arg(long)]
        effect: String,
        #[arg(long)]
        source: String,
    },
    List {
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
    let r = service::registry(store)?;
    let found = consistency::report(
        &r,
        &service::commitments(store, &actor)?,
        &service::measures(store)?,
    );
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

// ----------------------------------------------------------------- pledges

#[derive(Subcommand, Debug)]
pub enum PledgeCommand {
    /// Import pledge reports (id,donor,recipient,purpose,amount,currency,status,date,source), all or nothing
    Import { files: Vec<PathBuf> },
    /// Pledged, committed and disbursed, in one currency at each step's date's rate
    Report {
        #[arg(long, default_value = "USD")]
        currency: String,
        #[arg(long)]
        json: bool,
    },
    /// Every pledge as IATI 2.03 activity XML, or as the CSV `pledge import` reads
    Export {
        #[arg(long, default_value = "iati")]
        format: String,
        /// IATI organisation identifier of the publisher
        #[arg(long, default_value = "XM-CORREDOR")]
        reporting_org: String,
        #[arg(
            long,
            default_value = "Technical secretariat of the Los Angeles Declaration"
        )]
        reporting_name: String,
    },
}

fn report_problems(problems: &[pledge::Problem], what: &str) -> anyhow::Error {
    for p in problems {
        eprintln!("{p}");
    }
    anyhow::anyhow!(
        "{} problem{}: nothing {what}",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    )
}

pub fn run_pledge(db: &str, org: &str, cmd: &PledgeCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    let store = store.as_mut();
    match cmd {
        PledgeCommand::Import { files } => {
            if files.is_empty() {
                bail!("name the files to import");
            }
            let mut read = Vec::new();
            for f in files {
                read.push((
                    f.display().to_string(),
                    std::fs::read(f).with_context(|| format!("cannot read {}", f.display()))?,
                ));
            }
            match service::import_pledges(store, &actor, &read) {
                Ok(list) => {
                    for ((name, _), m) in read.iter().zip(list) {
                        println!(
                            "{name}: {} new pledges, {} new steps, {} reports of steps already known (counted once)",
                            m.new_pledges, m.new_steps, m.confirmations
                        );
                    }
                }
                Err(ImportError::Problems(p)) => return Err(report_problems(&p, "imported")),
                Err(ImportError::Refused(e)) => return Err(e.into()),
            }
        }
        PledgeCommand::Report { currency, json } => {
            let currency: Currency = currency.parse().map_err(anyhow::Error::msg)?;
            let all = service::pledges(store)?;
            let rates = service::rates(store)?;
            let rep = pledge::report(&all, &rates, &currency)?;
            if *json {
                print_json(&rep)?;
            } else {
                println!(
                    "{} pledges in {}: pledged {}, committed {}, disbursed {}",
                    rep.pledges, rep.currency, rep.pledged, rep.committed, rep.disbursed
                );
                let cell = |d: Option<rust_decimal::Decimal>| {
                    d.map_or_else(|| "-".to_string(), |d| d.to_string())
                };
                for l in &rep.lines {
                    println!(
                        "  {:<16} {:<16} → {:<18} {:>16} {:>16} {:>16}  {}",
                        l.id,
                        l.donor,
                        l.recipient.code(),
                        cell(l.pledged),
                        cell(l.committed),
                        cell(l.disbursed),
                        l.purpose
                    );
                }
            }
        }
        PledgeCommand::Export {
            format,
            reporting_org,
            reporting_name,
        } => {
            let all = service::pledges(store)?;
            match format.as_str() {
                "iati" => print!(
                    "{}",
                    iati::activities(
                        &iati::Publisher {
                            reference: reporting_org.clone(),
                            name: reporting_name.clone(),
                            kind: "40".into(),
                        },
                        &all,
                        chrono::Utc::now(),
                    )
                ),
                "csv" => {
                    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                    w.write_record(pledge::COLUMNS)?;
                    for p in &all {
                        for s in &p.steps {
                            for source in &s.sources {
                                w.write_record([
                                    p.id.as_str(),
                                    &p.donor,
                                    p.recipient.code(),
                                    &p.purpose,
                                    &s.amount.to_string(),
                                    s.currency.as_str(),
                                    s.stage.as_str(),
                                    &s.date.to_string(),
                                    source,
                                ])?;
                            }
                        }
                    }
                    w.flush()?;
                }
                other => bail!("format '{other}': use iati or csv"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand, Debug)]
pub enum RatesCommand {
    /// Load exchange rates (date,base,quote,rate: one base is worth rate quote)
    Import {
        file: PathBuf,
        /// Where the rates come from (a central bank, the IMF)
        #[arg(long)]
        source: String,
    },
    List {
        #[arg(long)]
        json: bool,
    },
}

pub fn run_rates(db: &str, org: &str, cmd: &RatesCommand) -> Result<ExitCode> {
    let (mut store, actor) = open(db, org)?;
    match cmd {
        RatesCommand::Import { file, source } => {
            let bytes =
                std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
            let name = file.display().to_string();
            match service::import_rates(store.as_mut(), &actor, &name, &bytes, source) {
                Ok(n) => println!("{name}: {n} rates loaded"),
                Err(ImportError::Problems(p)) => return Err(report_problems(&p, "loaded")),
                Err(ImportError::Refused(e)) => return Err(e.into()),
            }
        }
        RatesCommand::List { json } => {
            let list = service::rates(store.as_mut())?;
            if *json {
                print_json(&list)?;
            } else {
                for r in list {
                    println!("{} 1 {} = {} {}", r.date, r.base, r.rate, r.quote);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

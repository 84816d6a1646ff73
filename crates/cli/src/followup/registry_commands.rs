//! `corredor registry`, `overlap` and `themes`: the mechanisms, their
//! participants over time, the sources' conflicts, shared members and themes.

use super::common::*;

#[derive(Subcommand, Debug)]
pub enum RegistryCommand {
    /// Load the 2023 registry shipped with Corredor (mechanisms, members, working groups, sources' claims)
    Seed,
    /// Participants of each mechanism on a date, with their roles
    List {
        /// Only this mechanism
        #[arg(long)]
        mechanism: Option<String>,
        /// The date (default: today)
        #[arg(long)]
        on: Option<NaiveDate>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Every standing a participant has had, with its dates and sources
    History {
        /// A country (alpha-3 or name) or an organisation's code
        #[arg(long)]
        participant: String,
        /// Only this mechanism
        #[arg(long)]
        mechanism: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// The mechanisms: presidency rule and technical secretariat
    Mechanisms {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Working groups with pillar, theme, leads, co-leads and participants
    Groups {
        /// Only this mechanism's groups
        #[arg(long)]
        mechanism: Option<String>,
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Add a mechanism
    AddMechanism {
        /// Its code (upper-case letters, e.g. CARICOM)
        #[arg(long)]
        code: String,
        /// Its name in English
        #[arg(long)]
        name: String,
        /// Its name in Spanish
        #[arg(long)]
        name_es: String,
        /// rotation, designated or none
        #[arg(long, default_value = "rotation")]
        presidency: String,
        /// The working language whose alphabet orders the rotation: es or en
        #[arg(long, default_value = "es")]
        language: String,
        /// Who holds its technical secretariat (an organisation, or none)
        #[arg(long, default_value = "none")]
        secretariat: String,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// Add a working group under a mechanism, with its lead, co-leads and participants
    AddGroup {
        /// Its id (lower-case, e.g. crm-regularisation)
        #[arg(long)]
        id: String,
        /// The mechanism it belongs to
        #[arg(long)]
        mechanism: String,
        /// Its name
        #[arg(long)]
        name: String,
        /// The declaration's pillar, 1 to 4
        #[arg(long)]
        pillar: Option<u8>,
        /// A theme of `corredor themes`
        #[arg(long)]
        theme: Option<String>,
        /// The countries that lead it (alpha-3, comma-separated)
        #[arg(long, value_delimiter = ',')]
        leads: Vec<String>,
        /// The countries that co-lead it (alpha-3, comma-separated)
        #[arg(long, value_delimiter = ',')]
        co_leads: Vec<String>,
        /// Its other participants (alpha-3, comma-separated)
        #[arg(long, value_delimiter = ',')]
        participants: Vec<String>,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// Adherence: a participant joins a mechanism in a role
    Add {
        /// The mechanism (DLA, CAM, MIRPS, CRM, CSM, QP, R4V, or one added)
        #[arg(long)]
        mechanism: String,
        /// A country (alpha-3 or name) or an organisation's code
        #[arg(long)]
        participant: String,
        /// member, permanent_participant or observer
        #[arg(long, default_value = "member")]
        role: String,
        /// The first day of the membership (YYYY-MM-DD)
        #[arg(long)]
        since: NaiveDate,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// A participant's role changes on a date
    Change {
        /// The mechanism (DLA, CAM, MIRPS, CRM, CSM, QP, R4V, or one added)
        #[arg(long)]
        mechanism: String,
        /// A country (alpha-3 or name) or an organisation's code
        #[arg(long)]
        participant: String,
        /// The new role: member, permanent_participant or observer
        #[arg(long)]
        role: String,
        /// The day it takes effect (YYYY-MM-DD)
        #[arg(long)]
        on: NaiveDate,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// A participant withdraws on a date (the first day it is out)
    Withdraw {
        /// The mechanism (DLA, CAM, MIRPS, CRM, CSM, QP, R4V, or one added)
        #[arg(long)]
        mechanism: String,
        /// A country (alpha-3 or name) or an organisation's code
        #[arg(long)]
        participant: String,
        /// The day it takes effect (YYYY-MM-DD)
        #[arg(long)]
        on: NaiveDate,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
    },
    /// Record what a source says on a subject
    Claim {
        /// What the sources disagree on (the same words for every claim on it)
        #[arg(long)]
        subject: String,
        /// What this source says
        #[arg(long)]
        statement: String,
        /// Where it comes from (a document, a note verbale, a URL), kept with it
        #[arg(long)]
        source: String,
        /// Where in the source
        #[arg(long)]
        locator: Option<String>,
    },
    /// Subjects on which sources disagree, with every claim and its source
    Conflicts {
        /// Print JSON
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
    /// Print JSON
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

//! The secretariat's follow-up as services over the store: the registry
//! (seeded from the 2023 registry shipped in `corredor-followup`, then
//! changed by adherence, change of role and withdrawal, never rewritten),
//! presidencies and meetings, commitments with indicators and
//! measurements, civil society's monitoring reports, national measures,
//! pledges and exchange rates. The computations (overlap, clashes, status,
//! totals, IATI) are `corredor-followup`'s; this module reads and writes,
//! checks who may, and audits every write in its transaction.

use std::str::FromStr;

use chrono::NaiveDate;
use corredor_followup::calendar::Meeting;
use corredor_followup::commitment::{Assessment, Commitment, MonitoringReport, State};
use corredor_followup::consistency::{Effect, NationalMeasure};
use corredor_followup::indicator::{Indicator, Measurement};
use corredor_followup::pledge::{self, Merged, Pledge, Rate, Recipient, Stage, Step};
use corredor_followup::presidency::Recorded;
use corredor_followup::registry::{
    self, Claim, Language, Mechanism, Membership, PresidencyRule, Registry, Role as Standing,
    Source, WorkingGroup,
};
use corredor_followup::{seed, themes};
use corredor_store::{Store, Value};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::auth::{Actor, Role};
use crate::{audit, clock, Error, Result};

fn date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| Error::Internal(format!("stored date '{text}' is not YYYY-MM-DD")))
}

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(e.to_string())
}

const SECRETARIAT: &[Role] = &[Role::Secretariat];

// ---------------------------------------------------------------- registry

/// The registry as stored.
pub fn registry(store: &mut dyn Store) -> Result<Registry> {
    let sources = store
        .query(
            "SELECT id, citation, date FROM registry_source ORDER BY date, id",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Source {
                id: r.text(0)?,
                citation: r.text(1)?,
                date: date(&r.text(2)?)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mechanisms = store
        .query(
            "SELECT code, name, name_es, presidency, presidency_text, language, secretariat, source \
             FROM mechanism ORDER BY seq",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Mechanism {
                code: r.text(0)?,
                name: r.text(1)?,
                name_es: r.text(2)?,
                presidency: PresidencyRule::from_str(&r.text(3)?).map_err(Error::Internal)?,
                presidency_text: r.text(4)?,
                language: Language::from_str(&r.text(5)?).map_err(Error::Internal)?,
                secretariat: r.text(6)?,
                source: r.text(7)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let memberships = store
        .query(
            "SELECT mechanism, participant, role, since, source, until, until_source \
             FROM membership ORDER BY id",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Membership {
                mechanism: r.text(0)?,
                participant: r.text(1)?,
                role: Standing::from_str(&r.text(2)?).map_err(Error::Internal)?,
                since: date(&r.text(3)?)?,
                source: r.text(4)?,
                until: r.opt_text(5)?.map(|d| date(&d)).transpose()?,
                until_source: r.opt_text(6)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let roles = store.query(
        "SELECT grp, participant, role FROM working_group_role ORDER BY grp, role, position",
        &[],
    )?;
    let mut groups = store
        .query(
            "SELECT code, mechanism, pillar, name, theme, source FROM working_group ORDER BY seq",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(WorkingGroup {
                id: r.text(0)?,
                mechanism: r.text(1)?,
                pillar: r.opt_int(2)?.map(|p| p as u8),
                name: r.text(3)?,
                theme: r.opt_text(4)?,
                leads: Vec::new(),
                co_leads: Vec::new(),
                participants: Vec::new(),
                source: r.text(5)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for r in &roles {
        let (grp, who, role) = (r.text(0)?, r.text(1)?, r.text(2)?);
        if let Some(g) = groups.iter_mut().find(|g| g.id == grp) {
            match role.as_str() {
                "lead" => g.leads.push(who),
                "co_lead" => g.co_leads.push(who),
                _ => g.participants.push(who),
            }
        }
    }
    let claims = store
        .query(
            "SELECT subject, statement, source, locator FROM registry_claim ORDER BY id",
            &[],
        )?
        .iter()
        .map(|r| {
            let locator = r.text(3)?;
            Ok(Claim {
                subject: r.text(0)?,
                statement: r.text(1)?,
                source: r.text(2)?,
                locator: (!locator.is_empty()).then_some(locator),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Registry {
        sources,
        mechanisms,
        memberships,
        groups,
        claims,
    })
}

/// What a seed added; all zero when the registry held it already.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Seeded {
    pub sources: u64,
    pub mechanisms: u64,
    pub memberships: u64,
    pub groups: u64,
    pub claims: u64,
}

fn insert_mechanism(s: &mut dyn Store, m: &Mechanism) -> Result<u64> {
    Ok(s.execute(
        "INSERT INTO mechanism (code, name, name_es, presidency, presidency_text, language, secretariat, source) \
         VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (code) DO NOTHING",
        &[
            m.code.as_str().into(),
            m.name.as_str().into(),
            m.name_es.as_str().into(),
            m.presidency.as_str().into(),
            m.presidency_text.as_str().into(),
            m.language.as_str().into(),
            m.secretariat.as_str().into(),
            m.source.as_str().into(),
        ],
    )?)
}

fn insert_membership(s: &mut dyn Store, m: &Membership) -> Result<u64> {
    Ok(s.execute(
        "INSERT INTO membership (mechanism, participant, role, since, source) \
         VALUES ({p}, {p}, {p}, {p}, {p}) ON CONFLICT (mechanism, participant, role, since) DO NOTHING",
        &[
            m.mechanism.as_str().into(),
            m.participant.as_str().into(),
            m.role.as_str().into(),
            m.since.to_string().into(),
            m.source.as_str().into(),
        ],
    )?)
}

fn insert_group(s: &mut dyn Store, g: &WorkingGroup) -> Result<u64> {
    let n = s.execute(
        "INSERT INTO working_group (code, mechanism, pillar, name, theme, source) \
         VALUES ({p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (code) DO NOTHING",
        &[
            g.id.as_str().into(),
            g.mechanism.as_str().into(),
            g.pillar.map(i64::from).into(),
            g.name.as_str().into(),
            g.theme.clone().into(),
            g.source.as_str().into(),
        ],
    )?;
    if n == 0 {
        return Ok(0);
    }
    for (role, who) in [
        ("lead", &g.leads),
        ("co_lead", &g.co_leads),
        ("participant", &g.participants),
    ] {
        for (i, p) in who.iter().enumerate() {
            s.execute(
                "INSERT INTO working_group_role (grp, participant, role, position) VALUES ({p}, {p}, {p}, {p})",
                &[g.id.as_str().into(), p.as_str().into(), role.into(), (i as i64).into()],
            )?;
        }
    }
    Ok(n)
}

fn insert_claim(s: &mut dyn Store, c: &Claim) -> Result<u64> {
    Ok(s.execute(
        "INSERT INTO registry_claim (subject, statement, source, locator) VALUES ({p}, {p}, {p}, {p}) \
         ON CONFLICT (subject, statement, source, locator) DO NOTHING",
        &[
            c.subject.as_str().into(),
            c.statement.as_str().into(),
            c.source.as_str().into(),
            c.locator.clone().unwrap_or_default().into(),
        ],
    )?)
}

/// Loads the 2023 registry shipped with Corredor. What the store holds
/// already is left as it is, so seeding twice changes nothing.
pub fn seed(store: &mut dyn Store, actor: &Actor) -> Result<Seeded> {
    actor.require(SECRETARIAT, "seeding the registry")?;
    let r = seed::registry_2023();
    corredor_store::transaction(store, |s| -> Result<Seeded> {
        let mut n = Seeded::default();
        for src in &r.sources {
            n.sources += s.execute(
                "INSERT INTO registry_source (id, citation, date) VALUES ({p}, {p}, {p}) ON CONFLICT (id) DO NOTHING",
                &[src.id.as_str().into(), src.citation.as_str().into(), src.date.to_string().into()],
            )?;
        }
        for m in &r.mechanisms {
            n.mechanisms += insert_mechanism(s, m)?;
        }
        for m in &r.memberships {
            n.memberships += insert_membership(s, m)?;
        }
        for g in &r.groups {
            n.groups += insert_group(s, g)?;
        }
        for c in &r.claims {
            n.claims += insert_claim(s, c)?;
        }
        if n == Seeded::default() {
            return Ok(n);
        }
        audit::record(
            s,
            actor,
            "registry.seed",
            "registry-2023",
            &format!(
                "{} mechanisms, {} memberships, {} groups, {} claims added",
                n.mechanisms, n.memberships, n.groups, n.claims
            ),
        )?;
        Ok(n)
    })
}

fn require_mechanism(r: &Registry, code: &str) -> Result<String> {
    r.mechanism(code).map(|m| m.code.clone()).ok_or_else(|| {
        Error::NotFound(format!("no mechanism {code}: see `corredor registry list`"))
    })
}

/// A participant's code as stored: a country's alpha-3 (names resolved),
/// or an organisation's code in capitals.
pub fn participant_code(text: &str) -> Result<String> {
    if let Some(c) = corredor_model::country::resolve(text) {
        return Ok(c.alpha3.to_string());
    }
    // Anything else is an organisation (IOM, OAS, UNICEF, a civil-society
    // network); the command line says which it took a code for.
    let code = text.trim().to_ascii_uppercase();
    if code.is_empty()
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Error::Invalid(format!(
            "participant '{text}': a country (ISO 3166-1 alpha-3 or name) or an organisation's code (letters, digits, - and _)"
        )));
    }
    Ok(code)
}

/// A new mechanism, as the secretariat adds one.
pub fn add_mechanism(store: &mut dyn Store, actor: &Actor, m: &Mechanism) -> Result<()> {
    actor.require(SECRETARIAT, "adding a mechanism")?;
    if m.code.is_empty() || !m.code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(Error::Invalid(format!(
            "mechanism code '{}': letters and digits",
            m.code
        )));
    }
    corredor_store::transaction(store, |s| -> Result<()> {
        if insert_mechanism(s, m)? == 0 {
            return Err(Error::Conflict(format!(
                "the mechanism {} exists already",
                m.code
            )));
        }
        audit::record(s, actor, "registry.mechanism", &m.code, &m.name)
    })
}

/// Adherence: `participant` joins `mechanism` in `role` on `since`.
pub fn adhere(
    store: &mut dyn Store,
    actor: &Actor,
    mechanism: &str,
    participant: &str,
    role: Standing,
    since: NaiveDate,
    source: &str,
) -> Result<Membership> {
    actor.require(SECRETARIAT, "recording an adherence")?;
    let participant = participant_code(participant)?;
    need_source(source)?;
    corredor_store::transaction(store, |s| -> Result<Membership> {
        let r = registry(s)?;
        let mechanism = require_mechanism(&r, mechanism)?;
        if let Some(m) = r.memberships.iter().find(|m| {
            m.mechanism == mechanism
                && m.participant == participant
                && m.until.is_none_or(|u| u > since)
        }) {
            return Err(Error::Conflict(format!(
                "{participant} is {} of {mechanism} since {} ({}): use `registry change` or `registry withdraw`",
                m.role, m.since, m.source
            )));
        }
        let m = Membership {
            mechanism: mechanism.clone(),
            participant: participant.clone(),
            role,
            since,
            source: source.into(),
            until: None,
            until_source: None,
        };
        insert_membership(s, &m)?;
        audit::record(
            s,
            actor,
            "registry.adhere",
            &format!("{mechanism}/{participant}"),
            &format!("{role} from {since} ({source})"),
        )?;
        Ok(m)
    })
}

fn need_source(source: &str) -> Result<()> {
    if source.trim().is_empty() {
        return Err(Error::Invalid(
            "give the source (--source): a document, a date, a page".into(),
        ));
    }
    Ok(())
}

/// Closes the standing `participant` has in `mechanism` on `on`, and, with
/// `new_role`, opens the new one the same day.
pub fn withdraw_or_change(
    store: &mut dyn Store,
    actor: &Actor,
    mechanism: &str,
    participant: &str,
    on: NaiveDate,
    new_role: Option<Standing>,
    source: &str,
) -> Result<Membership> {
    let what = if new_role.is_some() {
        "changing a role"
    } else {
        "recording a withdrawal"
    };
    actor.require(SECRETARIAT, what)?;
    let participant = participant_code(participant)?;
    need_source(source)?;
    corredor_store::transaction(store, |s| -> Result<Membership> {
        let r = registry(s)?;
        let mechanism = require_mechanism(&r, mechanism)?;
        let open = r
            .memberships
            .iter()
            .find(|m| m.mechanism == mechanism && m.participant == participant && m.until.is_none())
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "{participant} has no standing in {mechanism} to close"
                ))
            })?;
        if on <= open.since {
            return Err(Error::Invalid(format!(
                "{participant} is {} of {mechanism} since {}: the date must be later",
                open.role, open.since
            )));
        }
        if new_role == Some(open.role) {
            return Err(Error::Invalid(format!(
                "{participant} is {} of {mechanism} already",
                open.role
            )));
        }
        s.execute(
            "UPDATE membership SET until = {p}, until_source = {p} \
             WHERE mechanism = {p} AND participant = {p} AND until IS NULL",
            &[
                on.to_string().into(),
                source.into(),
                mechanism.as_str().into(),
                participant.as_str().into(),
            ],
        )?;
        let mut closed = open.clone();
        closed.until = Some(on);
        closed.until_source = Some(source.into());
        let target = format!("{mechanism}/{participant}");
        match new_role {
            Some(role) => {
                let m = Membership {
                    mechanism: mechanism.clone(),
                    participant: participant.clone(),
                    role,
                    since: on,
                    source: source.into(),
                    until: None,
                    until_source: None,
                };
                insert_membership(s, &m)?;
                audit::record(
                    s,
                    actor,
                    "registry.change",
                    &target,
                    &format!("{} → {role} on {on} ({source})", open.role),
                )?;
                Ok(m)
            }
            None => {
                audit::record(
                    s,
                    actor,
                    "registry.withdraw",
                    &target,
                    &format!("{} until {on} ({source})", open.role),
                )?;
                Ok(closed)
            }
        }
    })
}

/// A new working group under a mechanism (and a pillar), with its lead,
/// co-leads and participants.
pub fn add_group(store: &mut dyn Store, actor: &Actor, g: &WorkingGroup) -> Result<WorkingGroup> {
    actor.require(SECRETARIAT, "adding a working group")?;
    need_source(&g.source)?;
    if g.id.is_empty() || !g.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(Error::Invalid(format!(
            "working group id '{}': letters, digits and -",
            g.id
        )));
    }
    if let Some(t) = &g.theme {
        if themes::find(t).is_none() {
            return Err(Error::Invalid(format!(
                "theme '{t}': see `corredor themes`"
            )));
        }
    }
    if g.pillar.is_some_and(|p| !(1..=4).contains(&p)) {
        return Err(Error::Invalid("the pillars are 1 to 4".into()));
    }
    let codes = |list: &[String]| {
        list.iter()
            .map(|p| participant_code(p))
            .collect::<Result<Vec<_>>>()
    };
    corredor_store::transaction(store, |s| -> Result<WorkingGroup> {
        let r = registry(s)?;
        let group = WorkingGroup {
            mechanism: require_mechanism(&r, &g.mechanism)?,
            leads: codes(&g.leads)?,
            co_leads: codes(&g.co_leads)?,
            participants: codes(&g.participants)?,
            ..g.clone()
        };
        if insert_group(s, &group)? == 0 {
            return Err(Error::Conflict(format!(
                "the working group {} exists already",
                g.id
            )));
        }
        audit::record(s, actor, "registry.group", &group.id, &group.name)?;
        Ok(group)
    })
}

/// A source's statement on a subject, so that disagreements show.
pub fn add_claim(store: &mut dyn Store, actor: &Actor, claim: &Claim) -> Result<()> {
    actor.require(SECRETARIAT, "recording a claim")?;
    need_source(&claim.source)?;
    corredor_store::transaction(store, |s| -> Result<()> {
        if insert_claim(s, claim)? == 0 {
            return Err(Error::Conflict("this claim is recorded already".into()));
        }
        audit::record(
            s,
            actor,
            "registry.claim",
            &claim.subject,
            &format!("{} ({})", claim.statement, claim.source),
        )
    })
}

// ------------------------------------------------------ presidencies, meetings

pub fn presidencies(store: &mut dyn Store) -> Result<Vec<Recorded>> {
    store
        .query("SELECT mechanism, year, president, vice, source FROM presidency ORDER BY mechanism, year", &[])?
        .iter()
        .map(|r| {
            Ok(Recorded {
                mechanism: r.text(0)?,
                year: r.int(1)? as i32,
                president: r.text(2)?,
                vice: r.opt_text(3)?,
                source: r.text(4)?,
            })
        })
        .collect()
}

pub fn set_presidency(store: &mut dyn Store, actor: &Actor, p: &Recorded) -> Result<Recorded> {
    actor.require(SECRETARIAT, "recording a presidency")?;
    need_source(&p.source)?;
    let president = participant_code(&p.president)?;
    let vice = p.vice.as_deref().map(participant_code).transpose()?;
    corredor_store::transaction(store, |s| -> Result<Recorded> {
        let r = registry(s)?;
        let mechanism = require_mechanism(&r, &p.mechanism)?;
        if r.mechanism(&mechanism)
            .is_some_and(|m| m.presidency == PresidencyRule::None)
        {
            return Err(Error::Invalid(format!("{mechanism} has no presidency")));
        }
        let n = s.execute(
            "INSERT INTO presidency (mechanism, year, president, vice, source) VALUES ({p}, {p}, {p}, {p}, {p}) \
             ON CONFLICT (mechanism, year) DO NOTHING",
            &[
                mechanism.as_str().into(),
                i64::from(p.year).into(),
                president.as_str().into(),
                vice.clone().into(),
                p.source.as_str().into(),
            ],
        )?;
        if n == 0 {
            return Err(Error::Conflict(format!(
                "{mechanism}'s presidency of {} is recorded already",
                p.year
            )));
        }
        audit::record(
            s,
            actor,
            "presidency.set",
            &format!("{mechanism}/{}", p.year),
            &format!("{president} ({})", p.source),
        )?;
        Ok(Recorded {
            mechanism,
            year: p.year,
            president,
            vice,
            source: p.source.clone(),
        })
    })
}

pub fn meetings(store: &mut dyn Store) -> Result<Vec<Meeting>> {
    store
        .query(
            "SELECT id, mechanism, title, start_date, end_date, place, recorded_at FROM meeting ORDER BY start_date, id",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Meeting {
                id: r.int(0)?,
                mechanism: r.text(1)?,
                title: r.text(2)?,
                start: date(&r.text(3)?)?,
                end: date(&r.text(4)?)?,
                place: r.text(5)?,
                recorded_at: chrono::DateTime::parse_from_rfc3339(&r.text(6)?)
                    .map_err(|e| Error::Internal(format!("stored time: {e}")))?
                    .with_timezone(&chrono::Utc),
            })
        })
        .collect()
}

pub struct NewMeeting<'a> {
    pub mechanism: &'a str,
    pub title: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub place: &'a str,
}

pub fn add_meeting(store: &mut dyn Store, actor: &Actor, m: &NewMeeting) -> Result<Meeting> {
    actor.require(SECRETARIAT, "adding a meeting")?;
    if m.end < m.start {
        return Err(Error::Invalid(format!(
            "the meeting ends ({}) before it starts ({})",
            m.end, m.start
        )));
    }
    if m.place.trim().is_empty() {
        return Err(Error::Invalid("give the place (--place)".into()));
    }
    corredor_store::transaction(store, |s| -> Result<Meeting> {
        let r = registry(s)?;
        let mechanism = require_mechanism(&r, m.mechanism)?;
        let title = if m.title.trim().is_empty() {
            format!("{mechanism} meeting")
        } else {
            m.title.trim().to_string()
        };
        let at = clock::now();
        let id = s
            .query(
                "INSERT INTO meeting (mechanism, title, start_date, end_date, place, recorded_at) \
                 VALUES ({p}, {p}, {p}, {p}, {p}, {p}) RETURNING id",
                &[
                    mechanism.as_str().into(),
                    title.as_str().into(),
                    m.start.to_string().into(),
                    m.end.to_string().into(),
                    m.place.into(),
                    at.as_str().into(),
                ],
            )?
            .first()
            .map(|r| r.int(0))
            .transpose()?
            .ok_or_else(|| Error::Internal("no id for the meeting".into()))?;
        audit::record(
            s,
            actor,
            "meeting.add",
            &id.to_string(),
            &format!("{mechanism} {}–{} {}", m.start, m.end, m.place),
        )?;
        Ok(meetings(s)?
            .into_iter()
            .find(|x| x.id == id)
            .expect("just written"))
    })
}

// ------------------------------------------------------------- commitments

/// Whether an actor sees draft commitments: those who may write them.
fn sees_drafts(actor: &Actor) -> bool {
    actor.is_secretariat()
}

pub fn commitments(store: &mut dyn Store, actor: &Actor) -> Result<Vec<Commitment>> {
    let countries = store.query(
        "SELECT commitment, country FROM commitment_country ORDER BY commitment, country",
        &[],
    )?;
    let mut out = store
        .query(
            "SELECT code, title, grp, state, source FROM commitment ORDER BY code",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Commitment {
                id: r.text(0)?,
                title: r.text(1)?,
                group: r.text(2)?,
                countries: Vec::new(),
                state: State::from_str(&r.text(3)?).map_err(Error::Internal)?,
                source: r.text(4)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for r in &countries {
        let (c, country) = (r.text(0)?, r.text(1)?);
        if let Some(x) = out.iter_mut().find(|x| x.id == c) {
            x.countries.push(country);
        }
    }
    if !sees_drafts(actor) {
        out.retain(|c| c.state == State::Adopted);
    }
    Ok(out)
}

pub fn add_commitment(store: &mut dyn Store, actor: &Actor, c: &Commitment) -> Result<Commitment> {
    actor.require(SECRETARIAT, "adding a commitment")?;
    need_source(&c.source)?;
    let countries =
        corredor_model::country::codes(&c.countries, "country").map_err(Error::Invalid)?;
    if countries.is_empty() {
        return Err(Error::Invalid(
            "name the countries that made the commitment (--countries)".into(),
        ));
    }
    corredor_store::transaction(store, |s| -> Result<Commitment> {
        let r = registry(s)?;
        if r.group(&c.group).is_none() {
            return Err(Error::NotFound(format!(
                "no working group {}: see `corredor registry groups`",
                c.group
            )));
        }
        let n = s.execute(
            "INSERT INTO commitment (code, title, grp, state, source, created_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}) \
             ON CONFLICT (code) DO NOTHING",
            &[
                c.id.as_str().into(),
                c.title.as_str().into(),
                c.group.as_str().into(),
                c.state.as_str().into(),
                c.source.as_str().into(),
                clock::now().into(),
            ],
        )?;
        if n == 0 {
            return Err(Error::Conflict(format!(
                "the commitment {} exists already",
                c.id
            )));
        }
        for country in &countries {
            s.execute(
                "INSERT INTO commitment_country (commitment, country) VALUES ({p}, {p}) ON CONFLICT DO NOTHING",
                &[c.id.as_str().into(), country.as_str().into()],
            )?;
        }
        audit::record(
            s,
            actor,
            "commitment.add",
            &c.id,
            &format!("{} ({})", c.title, c.state.as_str()),
        )?;
        Ok(Commitment {
            countries: countries.clone(),
            ..c.clone()
        })
    })
}

pub fn adopt(store: &mut dyn Store, actor: &Actor, id: &str) -> Result<()> {
    actor.require(SECRETARIAT, "adopting a commitment")?;
    corredor_store::transaction(store, |s| -> Result<()> {
        let n = s.execute(
            "UPDATE commitment SET state = 'adopted' WHERE code = {p} AND state = 'draft'",
            &[id.into()],
        )?;
        if n == 0 {
            return Err(Error::NotFound(format!("no draft commitment {id}")));
        }
        audit::record(s, actor, "commitment.adopt", id, "")
    })
}

fn find_commitment(store: &mut dyn Store, actor: &Actor, id: &str) -> Result<Commitment> {
    commitments(store, actor)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| Error::NotFound(format!("no commitment {id}")))
}

pub fn indicators(store: &mut dyn Store) -> Result<Vec<Indicator>> {
    store
        .query(
            "SELECT id, commitment, name, unit, baseline, baseline_date, target, deadline \
             FROM commitment_indicator ORDER BY id",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Indicator {
                id: r.int(0)?,
                commitment: r.text(1)?,
                name: r.text(2)?,
                unit: r.text(3)?,
                baseline: r.real(4)?,
                baseline_date: date(&r.text(5)?)?,
                target: r.real(6)?,
                deadline: date(&r.text(7)?)?,
            })
        })
        .collect()
}

pub fn add_indicator(
    store: &mut dyn Store,
    actor: &Actor,
    i: &Indicator,
    template: Option<&str>,
) -> Result<Indicator> {
    actor.require(SECRETARIAT, "adding an indicator")?;
    i.check().map_err(invalid)?;
    corredor_store::transaction(store, |s| -> Result<Indicator> {
        find_commitment(s, actor, &i.commitment)?;
        let id = s
            .query(
                "INSERT INTO commitment_indicator (commitment, name, unit, baseline, baseline_date, target, deadline, template) \
                 VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id",
                &[
                    i.commitment.as_str().into(),
                    i.name.as_str().into(),
                    i.unit.as_str().into(),
                    i.baseline.into(),
                    i.baseline_date.to_string().into(),
                    i.target.into(),
                    i.deadline.to_string().into(),
                    template.map(str::to_string).into(),
                ],
            )?
            .first()
            .map(|r| r.int(0))
            .transpose()?
            .ok_or_else(|| Error::Internal("no id for the indicator".into()))?;
        audit::record(
            s,
            actor,
            "indicator.add",
            &id.to_string(),
            &format!("{}: {}", i.commitment, i.name),
        )?;
        Ok(Indicator { id, ..i.clone() })
    })
}

/// A commitment with its indicators, their measurements and computed
/// status, and civil society's reports beside them: what the command
/// line, the API and the scorecard show.
#[derive(Debug, Clone, Serialize)]
pub struct CommitmentView {
    #[serde(flatten)]
    pub commitment: Commitment,
    pub pillar: Option<u8>,
    pub indicators: Vec<IndicatorView>,
    pub monitoring: Vec<MonitoringReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    #[serde(flatten)]
    pub indicator: Indicator,
    pub assessment: corredor_followup::indicator::Assessment,
    pub measurements: Vec<Measurement>,
}

/// Every commitment the actor may see, with indicators and reports.
pub fn commitment_views(store: &mut dyn Store, actor: &Actor) -> Result<Vec<CommitmentView>> {
    let r = registry(store)?;
    let all = indicators(store)?;
    let mut out = Vec::new();
    for c in commitments(store, actor)? {
        let mut list = Vec::new();
        for i in all.iter().filter(|i| i.commitment == c.id) {
            let ms = measurements(store, i.id)?;
            list.push(IndicatorView {
                assessment: i.assess(&ms),
                indicator: i.clone(),
                measurements: ms,
            });
        }
        out.push(CommitmentView {
            pillar: r.group(&c.group).and_then(|g| g.pillar),
            monitoring: monitoring_reports(store, Some(&c.id))?,
            commitment: c,
            indicators: list,
        });
    }
    Ok(out)
}

pub fn measurements(store: &mut dyn Store, indicator: i64) -> Result<Vec<Measurement>> {
    store
        .query(
            "SELECT date, value, source FROM measurement WHERE indicator = {p} ORDER BY date, id",
            &[indicator.into()],
        )?
        .iter()
        .map(|r| {
            Ok(Measurement {
                date: date(&r.text(0)?)?,
                value: r.real(1)?,
                source: r.text(2)?,
            })
        })
        .collect()
}

/// A government's figure for an indicator: the secretariat, or an analyst
/// of one of the countries that made the commitment.
pub fn measure(
    store: &mut dyn Store,
    actor: &Actor,
    indicator: i64,
    m: &Measurement,
) -> Result<()> {
    actor.require(
        &[Role::Secretariat, Role::Analyst],
        "recording a measurement",
    )?;
    need_source(&m.source)?;
    if !m.value.is_finite() {
        return Err(Error::Invalid(format!("value {}: a number", m.value)));
    }
    // A figure cannot be corrected once recorded, so one dated in the
    // future (a typo) would stand as the latest for good.
    if m.date > chrono::Utc::now().date_naive() {
        return Err(Error::Invalid(format!(
            "the figure is dated {}, after today: give the date it was measured",
            m.date
        )));
    }
    corredor_store::transaction(store, |s| -> Result<()> {
        let missing = || Error::NotFound(format!("no indicator {indicator}"));
        let i = indicators(s)?
            .into_iter()
            .find(|i| i.id == indicator)
            .ok_or_else(missing)?;
        // A draft's indicator is as unknown as a missing one to those who
        // may not see the draft: its commitment's code is not given away.
        let c = find_commitment(s, actor, &i.commitment).map_err(|_| missing())?;
        if actor.role == Role::Analyst
            && !actor
                .country
                .as_ref()
                .is_some_and(|k| c.countries.contains(k))
        {
            return Err(Error::Forbidden(format!(
                "only the countries of commitment {} ({}) report its figures",
                c.id,
                c.countries.join(", ")
            )));
        }
        s.execute(
            "INSERT INTO measurement (indicator, date, value, source, org, recorded_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p})",
            &[
                indicator.into(),
                m.date.to_string().into(),
                m.value.into(),
                m.source.as_str().into(),
                actor.org.as_str().into(),
                clock::now().into(),
            ],
        )?;
        audit::record(
            s,
            actor,
            "indicator.measure",
            &indicator.to_string(),
            &format!("{} on {} ({})", m.value, m.date, m.source),
        )
    })
}

pub fn monitoring_reports(
    store: &mut dyn Store,
    commitment: Option<&str>,
) -> Result<Vec<MonitoringReport>> {
    let columns =
        "SELECT id, commitment, org, date, assessment, text, evidence FROM monitoring_report";
    let rows = match commitment {
        Some(c) => store.query(
            &format!("{columns} WHERE commitment = {{p}} ORDER BY date, id"),
            &[c.into()],
        )?,
        None => store.query(&format!("{columns} ORDER BY date, id"), &[])?,
    };
    rows.iter()
        .map(|r| {
            Ok(MonitoringReport {
                id: r.int(0)?,
                commitment: r.text(1)?,
                org: r.text(2)?,
                date: date(&r.text(3)?)?,
                assessment: Assessment::from_str(&r.text(4)?).map_err(Error::Internal)?,
                text: r.text(5)?,
                evidence: r.text(6)?.lines().map(str::to_string).collect(),
            })
        })
        .collect()
}

/// A permanent participant's report on an adopted commitment; published
/// as filed.
pub fn file_report(
    store: &mut dyn Store,
    actor: &Actor,
    r: &MonitoringReport,
) -> Result<MonitoringReport> {
    actor.require(&[Role::Participant], "filing a monitoring report")?;
    for link in &r.evidence {
        corredor_followup::commitment::check_evidence(link).map_err(Error::Invalid)?;
    }
    if r.text.trim().is_empty() {
        return Err(Error::Invalid("the report needs a text (--text)".into()));
    }
    corredor_store::transaction(store, |s| -> Result<MonitoringReport> {
        // Reports are on adopted commitments only: drafts are not public.
        let c = commitments(s, actor)?
            .into_iter()
            .find(|c| c.id == r.commitment && c.state == State::Adopted)
            .ok_or_else(|| Error::NotFound(format!("no adopted commitment {}", r.commitment)))?;
        let id = s
            .query(
                "INSERT INTO monitoring_report (commitment, org, date, assessment, text, evidence, filed_at) \
                 VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id",
                &[
                    c.id.as_str().into(),
                    actor.org.as_str().into(),
                    r.date.to_string().into(),
                    r.assessment.as_str().into(),
                    r.text.as_str().into(),
                    r.evidence.join("\n").into(),
                    clock::now().into(),
                ],
            )?
            .first()
            .map(|x| x.int(0))
            .transpose()?
            .ok_or_else(|| Error::Internal("no id for the report".into()))?;
        audit::record(s, actor, "monitoring.file", &c.id, r.assessment.as_str())?;
        Ok(MonitoringReport {
            id,
            org: actor.org.clone(),
            commitment: c.id,
            ..r.clone()
        })
    })
}

pub fn measures(store: &mut dyn Store) -> Result<Vec<NationalMeasure>> {
    store
        .query("SELECT id, country, date, title, theme, effect, source FROM national_measure ORDER BY date, id", &[])?
        .iter()
        .map(|r| {
            Ok(NationalMeasure {
                id: r.int(0)?,
                country: r.text(1)?,
                date: date(&r.text(2)?)?,
                title: r.text(3)?,
                theme: r.text(4)?,
                effect: Effect::from_str(&r.text(5)?).map_err(Error::Internal)?,
                source: r.text(6)?,
            })
        })
        .collect()
}

pub fn add_measure(
    store: &mut dyn Store,
    actor: &Actor,
    m: &NationalMeasure,
) -> Result<NationalMeasure> {
    actor.require(SECRETARIAT, "recording a national measure")?;
    need_source(&m.source)?;
    let country = corredor_model::country::codes(std::slice::from_ref(&m.country), "country")
        .map_err(Error::Invalid)?
        .remove(0);
    if themes::find(&m.theme).is_none() {
        return Err(Error::Invalid(format!(
            "theme '{}': use one of {}",
            m.theme,
            themes::THEMES
                .iter()
                .map(|t| t.code)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    corredor_store::transaction(store, |s| -> Result<NationalMeasure> {
        let id = s
            .query(
                "INSERT INTO national_measure (country, date, title, theme, effect, source, recorded_at) \
                 VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id",
                &[
                    country.as_str().into(),
                    m.date.to_string().into(),
                    m.title.as_str().into(),
                    m.theme.as_str().into(),
                    m.effect.as_str().into(),
                    m.source.as_str().into(),
                    clock::now().into(),
                ],
            )?
            .first()
            .map(|x| x.int(0))
            .transpose()?
            .ok_or_else(|| Error::Internal("no id for the measure".into()))?;
        audit::record(
            s,
            actor,
            "measure.add",
            &country,
            &format!("{} {} ({})", m.effect.as_str(), m.theme, m.title),
        )?;
        Ok(NationalMeasure {
            id,
            country: country.clone(),
            ..m.clone()
        })
    })
}

// ----------------------------------------------------------------- pledges

/// How a pledge file names a recipient: a country, a mechanism or a
/// working group of the registry.
pub fn recipient_resolver(r: &Registry) -> impl Fn(&str) -> Option<Recipient> + '_ {
    move |code: &str| {
        if let Some(m) = r.mechanism(code) {
            return Some(Recipient::Mechanism(m.code.clone()));
        }
        if let Some(g) = r.group(code) {
            return Some(Recipient::WorkingGroup(g.id.clone()));
        }
        corredor_model::country::resolve(code)
            .filter(|c| registry::is_state(c.alpha3))
            .map(|c| Recipient::Country(c.alpha3.to_string()))
    }
}

pub fn pledges(store: &mut dyn Store) -> Result<Vec<Pledge>> {
    let sources = store.query(
        "SELECT pledge, stage, source FROM pledge_report ORDER BY id",
        &[],
    )?;
    let steps = store.query(
        "SELECT pledge, stage, date, amount, currency FROM pledge_step",
        &[],
    )?;
    let mut out = store
        .query(
            "SELECT code, donor, recipient_kind, recipient, purpose FROM pledge ORDER BY code",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Pledge {
                id: r.text(0)?,
                donor: r.text(1)?,
                recipient: Recipient::from_parts(&r.text(2)?, &r.text(3)?)
                    .ok_or_else(|| Error::Internal("stored recipient kind".into()))?,
                purpose: r.text(4)?,
                steps: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for r in &steps {
        let id = r.text(0)?;
        let stage = Stage::from_str(&r.text(1)?).map_err(Error::Internal)?;
        let step = Step {
            stage,
            date: date(&r.text(2)?)?,
            amount: Decimal::from_str_exact(&r.text(3)?)
                .map_err(|e| Error::Internal(format!("stored amount: {e}")))?,
            currency: r.text(4)?.parse().map_err(Error::Internal)?,
            sources: Vec::new(),
        };
        if let Some(p) = out.iter_mut().find(|p| p.id == id) {
            p.steps.push(step);
        }
    }
    for r in &sources {
        let (id, stage, source) = (r.text(0)?, r.text(1)?, r.text(2)?);
        if let Some(s) = out
            .iter_mut()
            .find(|p| p.id == id)
            .and_then(|p| p.steps.iter_mut().find(|s| s.stage.as_str() == stage))
        {
            if !s.sources.contains(&source) {
                s.sources.push(source);
            }
        }
    }
    for p in &mut out {
        p.steps.sort_by_key(|s| s.stage);
    }
    Ok(out)
}

/// Why an import was refused: every problem, by file, line and column.
#[derive(Debug)]
pub enum ImportError {
    Problems(Vec<pledge::Problem>),
    Refused(Error),
}

impl From<Error> for ImportError {
    fn from(e: Error) -> ImportError {
        ImportError::Refused(e)
    }
}

impl From<corredor_store::StoreError> for ImportError {
    fn from(e: corredor_store::StoreError) -> ImportError {
        ImportError::Refused(e.into())
    }
}

/// Imports pledge files in one transaction, all or nothing: any problem
/// in any file leaves the store as it was. Each file's reports are merged
/// after the previous file's, so a recipient's file may confirm what the
/// donor's file before it reported.
pub fn import_pledges(
    store: &mut dyn Store,
    actor: &Actor,
    files: &[(String, Vec<u8>)],
) -> std::result::Result<Vec<Merged>, ImportError> {
    actor.require(SECRETARIAT, "importing pledges")?;
    corredor_store::transaction(
        store,
        |s| -> std::result::Result<Vec<Merged>, ImportError> {
            let r = registry(s)?;
            let before = pledges(s)?;
            let mut all = before.clone();
            let mut problems = Vec::new();
            let mut merged = Vec::new();
            let mut reports = Vec::new();
            for (file, bytes) in files {
                match pledge::parse_csv(file, bytes, &recipient_resolver(&r)) {
                    Ok(rs) => match pledge::merge(&mut all, file, &rs) {
                        Ok(m) => {
                            merged.push(m);
                            reports.push((file, rs));
                        }
                        Err(p) => problems.extend(p),
                    },
                    Err(p) => problems.extend(p),
                }
            }
            if !problems.is_empty() {
                return Err(ImportError::Problems(problems));
            }
            for p in &all {
                let old = before.iter().find(|b| b.id == p.id);
                if old.is_none() {
                    s.execute(
                    "INSERT INTO pledge (code, donor, recipient_kind, recipient, purpose) VALUES ({p}, {p}, {p}, {p}, {p})",
                    &[
                        p.id.as_str().into(),
                        p.donor.as_str().into(),
                        p.recipient.kind().into(),
                        p.recipient.code().into(),
                        p.purpose.as_str().into(),
                    ],
                )?;
                }
                for step in &p.steps {
                    if old.and_then(|o| o.step(step.stage)).is_none() {
                        s.execute(
                        "INSERT INTO pledge_step (pledge, stage, date, amount, currency) VALUES ({p}, {p}, {p}, {p}, {p})",
                        &[
                            p.id.as_str().into(),
                            step.stage.as_str().into(),
                            step.date.to_string().into(),
                            step.amount.to_string().into(),
                            step.currency.as_str().into(),
                        ],
                    )?;
                    }
                }
            }
            let at = clock::now();
            for ((file, rs), m) in reports.iter().zip(&merged) {
                for rep in rs {
                    s.execute(
                    "INSERT INTO pledge_report (pledge, stage, source, file, line, org, received_at) \
                     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})",
                    &[
                        rep.id.as_str().into(),
                        rep.stage.as_str().into(),
                        rep.source.as_str().into(),
                        file.as_str().into(),
                        (rep.line as i64).into(),
                        actor.org.as_str().into(),
                        at.as_str().into(),
                    ],
                )?;
                }
                audit::record(
                    s,
                    actor,
                    "pledge.import",
                    file,
                    &format!(
                        "{} reports: {} new pledges, {} new steps, {} confirmations",
                        rs.len(),
                        m.new_pledges,
                        m.new_steps,
                        m.confirmations
                    ),
                )?;
            }
            Ok(merged)
        },
    )
}

pub fn rates(store: &mut dyn Store) -> Result<Vec<Rate>> {
    store
        .query(
            "SELECT date, base, quote, rate FROM fx_rate ORDER BY date, base, quote",
            &[],
        )?
        .iter()
        .map(|r| {
            Ok(Rate {
                date: date(&r.text(0)?)?,
                base: r.text(1)?.parse().map_err(Error::Internal)?,
                quote: r.text(2)?.parse().map_err(Error::Internal)?,
                rate: Decimal::from_str_exact(&r.text(3)?)
                    .map_err(|e| Error::Internal(format!("stored rate: {e}")))?,
            })
        })
        .collect()
}

/// Imports a rates file; a rate already loaded for a date and pair must
/// be the same (rates are facts of their day, not revised here).
pub fn import_rates(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
    source: &str,
) -> std::result::Result<usize, ImportError> {
    actor.require(SECRETARIAT, "loading exchange rates")?;
    need_source(source)?;
    let parsed = pledge::parse_rates(file, bytes).map_err(ImportError::Problems)?;
    corredor_store::transaction(store, |s| -> std::result::Result<usize, ImportError> {
        let mut known = rates(s)?;
        let mut problems = Vec::new();
        let mut new = Vec::new();
        for (line, r) in parsed {
            match known
                .iter()
                .find(|k| k.date == r.date && k.base == r.base && k.quote == r.quote)
            {
                Some(k) if k.rate == r.rate => {}
                Some(k) => problems.push(pledge::Problem {
                    file: file.into(),
                    line,
                    column: Some(4),
                    message: format!(
                        "the {}→{} rate of {} is {} already; this row says {}: a day's rate is not revised",
                        r.base, r.quote, r.date, k.rate, r.rate
                    ),
                }),
                None => {
                    known.push(r.clone());
                    new.push(r);
                }
            }
        }
        if !problems.is_empty() {
            return Err(ImportError::Problems(problems));
        }
        for r in &new {
            s.execute(
                "INSERT INTO fx_rate (date, base, quote, rate, source) VALUES ({p}, {p}, {p}, {p}, {p})",
                &[
                    r.date.to_string().into(),
                    r.base.as_str().into(),
                    r.quote.as_str().into(),
                    r.rate.to_string().into(),
                    Value::from(source),
                ],
            )?;
        }
        let added = new.len();
        audit::record(
            s,
            actor,
            "rates.import",
            file,
            &format!("{added} rates ({source})"),
        )?;
        Ok(added)
    })
}

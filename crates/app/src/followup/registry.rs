//! The registry's use cases: reading it whole, seeding it, adding
//! mechanisms, working groups and claims, and changes of standing
//! (adherence, change of role, withdrawal). Whether a change of standing
//! is allowed is `corredor_followup::registry`'s rule; this module must
//! never write a membership the rule has not produced.

use std::str::FromStr;

use chrono::NaiveDate;
use corredor_followup::registry::{
    self, ChangeError, Claim, Language, Mechanism, Membership, PresidencyRule, Registry,
    Role as Standing, Source, WorkingGroup,
};
use corredor_followup::{seed, themes};
use corredor_store::followup::registry::{
    self as rows, ClaimRow, GroupRow, MechanismRow, MembershipRow, SourceRow,
};
use corredor_store::Store;
use serde::Serialize;

use super::common::{need_source, require_mechanism, stored, SECRETARIAT};
use crate::auth::Actor;
use crate::{audit, Error, Result};

/// The registry as stored.
pub fn registry(store: &mut dyn Store) -> Result<Registry> {
    let sources = rows::sources(store)?
        .into_iter()
        .map(|s| Source {
            id: s.id,
            citation: s.citation,
            date: s.date,
        })
        .collect();
    let mechanisms = rows::mechanisms(store)?
        .into_iter()
        .map(|m| {
            Ok(Mechanism {
                presidency: PresidencyRule::from_str(&m.presidency).map_err(stored)?,
                language: Language::from_str(&m.language).map_err(stored)?,
                code: m.code,
                name: m.name,
                name_es: m.name_es,
                presidency_text: m.presidency_text,
                secretariat: m.secretariat,
                source: m.source,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let memberships = rows::memberships(store)?
        .into_iter()
        .map(|m| {
            Ok(Membership {
                role: Standing::from_str(&m.role).map_err(stored)?,
                mechanism: m.mechanism,
                participant: m.participant,
                since: m.since,
                source: m.source,
                until: m.until,
                until_source: m.until_source,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let groups = rows::groups(store)?
        .into_iter()
        .map(|g| WorkingGroup {
            id: g.code,
            mechanism: g.mechanism,
            pillar: g.pillar.map(|p| p as u8),
            name: g.name,
            theme: g.theme,
            leads: g.leads,
            co_leads: g.co_leads,
            participants: g.participants,
            source: g.source,
        })
        .collect();
    let claims = rows::claims(store)?
        .into_iter()
        .map(|c| Claim {
            subject: c.subject,
            statement: c.statement,
            source: c.source,
            locator: (!c.locator.is_empty()).then_some(c.locator),
        })
        .collect();
    Ok(Registry {
        sources,
        mechanisms,
        memberships,
        groups,
        claims,
    })
}

fn mechanism_row(m: &Mechanism) -> MechanismRow {
    MechanismRow {
        code: m.code.clone(),
        name: m.name.clone(),
        name_es: m.name_es.clone(),
        presidency: m.presidency.as_str().into(),
        presidency_text: m.presidency_text.clone(),
        language: m.language.as_str().into(),
        secretariat: m.secretariat.clone(),
        source: m.source.clone(),
    }
}

fn membership_row(m: &Membership) -> MembershipRow {
    MembershipRow {
        mechanism: m.mechanism.clone(),
        participant: m.participant.clone(),
        role: m.role.as_str().into(),
        since: m.since,
        source: m.source.clone(),
        until: m.until,
        until_source: m.until_source.clone(),
    }
}

fn group_row(g: &WorkingGroup) -> GroupRow {
    GroupRow {
        code: g.id.clone(),
        mechanism: g.mechanism.clone(),
        pillar: g.pillar.map(i64::from),
        name: g.name.clone(),
        theme: g.theme.clone(),
        leads: g.leads.clone(),
        co_leads: g.co_leads.clone(),
        participants: g.participants.clone(),
        source: g.source.clone(),
    }
}

fn claim_row(c: &Claim) -> ClaimRow {
    ClaimRow {
        subject: c.subject.clone(),
        statement: c.statement.clone(),
        source: c.source.clone(),
        locator: c.locator.clone().unwrap_or_default(),
    }
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

/// Loads the 2023 registry shipped with Corredor. What the store holds
/// already is left as it is, so seeding twice changes nothing.
pub fn seed(store: &mut dyn Store, actor: &Actor) -> Result<Seeded> {
    actor.require(SECRETARIAT, "seeding the registry")?;
    let r = seed::registry_2023();
    corredor_store::transaction(store, |s| -> Result<Seeded> {
        let mut n = Seeded::default();
        for src in &r.sources {
            let row = SourceRow {
                id: src.id.clone(),
                citation: src.citation.clone(),
                date: src.date,
            };
            n.sources += u64::from(rows::insert_source(s, &row)?);
        }
        for m in &r.mechanisms {
            n.mechanisms += u64::from(rows::insert_mechanism(s, &mechanism_row(m))?);
        }
        for m in &r.memberships {
            n.memberships += u64::from(rows::insert_membership(s, &membership_row(m))?);
        }
        for g in &r.groups {
            n.groups += u64::from(rows::insert_group(s, &group_row(g))?);
        }
        for c in &r.claims {
            n.claims += u64::from(rows::insert_claim(s, &claim_row(c))?);
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

/// Refuses `code` (as [`participant_code`] gives it) unless it names a
/// country, an organisation of the store, one of the shipped registry of
/// organisations (IOM, UNHCR, OAS…) or a participant `r` records already:
/// a typo (HDN for HND) would otherwise become a member of a mechanism.
pub(super) fn known_participant(store: &mut dyn Store, r: &Registry, code: &str) -> Result<()> {
    if registry::is_state(code) || corredor_followup::codes::organisation(code).is_some() {
        return Ok(());
    }
    let recorded = r.memberships.iter().any(|m| m.participant == code)
        || r.groups.iter().any(|g| {
            g.leads
                .iter()
                .chain(&g.co_leads)
                .chain(&g.participants)
                .any(|p| p == code)
        });
    if recorded
        || corredor_store::orgs::orgs(store)?
            .iter()
            .any(|o| o.code == code)
    {
        return Ok(());
    }
    Err(Error::Invalid(format!(
        "participant '{code}' is neither a country nor an organisation the store knows: check the code, or add the organisation first (corredor org add)"
    )))
}

/// A new mechanism, as the secretariat adds one.
pub fn add_mechanism(store: &mut dyn Store, actor: &Actor, m: &Mechanism) -> Result<()> {
    actor.require(SECRETARIAT, "adding a mechanism")?;
    if m.code.is_empty() || m.code.len() > 16 || !m.code.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return Err(Error::Invalid(format!(
            "mechanism code '{}': up to 16 letters and digits",
            m.code
        )));
    }
    need_source(&m.source)?;
    for (field, text) in [
        ("name", &m.name),
        ("name_es", &m.name_es),
        ("presidency_text", &m.presidency_text),
        ("secretariat", &m.secretariat),
        ("source", &m.source),
    ] {
        if text.chars().any(corredor_model::record::is_hidden_control) || text.chars().count() > 300
        {
            return Err(Error::Invalid(format!(
                "{field}: one line of at most 300 characters, without control characters"
            )));
        }
    }
    if m.name.trim().is_empty() {
        return Err(Error::Invalid("name: give the mechanism's name".into()));
    }
    corredor_store::transaction(store, |s| -> Result<()> {
        if !rows::insert_mechanism(s, &mechanism_row(m))? {
            return Err(Error::Conflict(format!(
                "the mechanism {} exists already",
                m.code
            )));
        }
        audit::record(s, actor, "registry.mechanism", &m.code, &m.name)
    })
}

fn refused(e: ChangeError) -> Error {
    match e {
        ChangeError::HasStanding { .. } => Error::Conflict(e.to_string()),
        ChangeError::NoStanding { .. } => Error::NotFound(e.to_string()),
        ChangeError::NotLater { .. }
        | ChangeError::SameRole { .. }
        | ChangeError::OutOfRange(_) => Error::Invalid(e.to_string()),
    }
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
        known_participant(s, &r, &participant)?;
        let m = registry::adhere(
            &r.memberships,
            &mechanism,
            &participant,
            role,
            since,
            source,
        )
        .map_err(refused)?;
        rows::insert_membership(s, &membership_row(&m))?;
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
        let change = registry::close(
            &r.memberships,
            &mechanism,
            &participant,
            on,
            new_role,
            source,
        )
        .map_err(refused)?;
        rows::close_membership(s, &mechanism, &participant, on, source)?;
        let old = change.closed.role;
        let target = format!("{mechanism}/{participant}");
        match change.opened {
            Some(m) => {
                rows::insert_membership(s, &membership_row(&m))?;
                audit::record(
                    s,
                    actor,
                    "registry.change",
                    &target,
                    &format!("{old} → {} on {on} ({source})", m.role),
                )?;
                Ok(m)
            }
            None => {
                audit::record(
                    s,
                    actor,
                    "registry.withdraw",
                    &target,
                    &format!("{old} until {on} ({source})"),
                )?;
                Ok(change.closed)
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
        let mechanism = require_mechanism(&r, &g.mechanism)?;
        for p in g.leads.iter().chain(&g.co_leads).chain(&g.participants) {
            known_participant(s, &r, &participant_code(p)?)?;
        }
        let group = WorkingGroup {
            mechanism,
            leads: codes(&g.leads)?,
            co_leads: codes(&g.co_leads)?,
            participants: codes(&g.participants)?,
            ..g.clone()
        };
        if !rows::insert_group(s, &group_row(&group))? {
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
        if !rows::insert_claim(s, &claim_row(claim))? {
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

//! The registry's rows: sources, mechanisms, memberships over time,
//! working groups with their members, and sources' claims. Rows are added
//! and a membership is closed, never rewritten; whether a change is
//! allowed is decided by the caller before it comes here.

use chrono::NaiveDate;

use super::rows::{date, opt_date};
use crate::sql::Value;
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub id: String,
    pub citation: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MechanismRow {
    pub code: String,
    pub name: String,
    pub name_es: String,
    pub presidency: String,
    pub presidency_text: String,
    pub language: String,
    pub secretariat: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipRow {
    pub mechanism: String,
    pub participant: String,
    pub role: String,
    pub since: NaiveDate,
    pub source: String,
    pub until: Option<NaiveDate>,
    pub until_source: Option<String>,
}

/// A working group with its members by role, each list in its stored
/// order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRow {
    pub code: String,
    pub mechanism: String,
    pub pillar: Option<i64>,
    pub name: String,
    pub theme: Option<String>,
    pub leads: Vec<String>,
    pub co_leads: Vec<String>,
    pub participants: Vec<String>,
    pub source: String,
}

/// A claim; `locator` is empty when the source gives none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRow {
    pub subject: String,
    pub statement: String,
    pub source: String,
    pub locator: String,
}

const SOURCES: &str = "SELECT id, citation, date FROM registry_source ORDER BY date, id";
const MECHANISMS: &str = "SELECT code, name, name_es, presidency, presidency_text, language, \
     secretariat, source FROM mechanism ORDER BY seq";
const MEMBERSHIPS: &str = "SELECT mechanism, participant, role, since, source, until, \
     until_source FROM membership ORDER BY id";
const GROUP_ROLES: &str =
    "SELECT grp, participant, role FROM working_group_role ORDER BY grp, role, position";
const GROUPS: &str =
    "SELECT code, mechanism, pillar, name, theme, source FROM working_group ORDER BY seq";
const CLAIMS: &str = "SELECT subject, statement, source, locator FROM registry_claim ORDER BY id";

const INSERT_SOURCE: &str = "INSERT INTO registry_source (id, citation, date) \
     VALUES ({p}, {p}, {p}) ON CONFLICT (id) DO NOTHING";
const INSERT_MECHANISM: &str = "INSERT INTO mechanism (code, name, name_es, presidency, \
     presidency_text, language, secretariat, source) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (code) DO NOTHING";
const INSERT_MEMBERSHIP: &str =
    "INSERT INTO membership (mechanism, participant, role, since, source) \
     VALUES ({p}, {p}, {p}, {p}, {p}) \
     ON CONFLICT (mechanism, participant, role, since) DO NOTHING";
const CLOSE_MEMBERSHIP: &str = "UPDATE membership SET until = {p}, until_source = {p} \
     WHERE mechanism = {p} AND participant = {p} AND until IS NULL";
const INSERT_GROUP: &str =
    "INSERT INTO working_group (code, mechanism, pillar, name, theme, source) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (code) DO NOTHING";
const INSERT_GROUP_ROLE: &str = "INSERT INTO working_group_role (grp, participant, role, \
     position) VALUES ({p}, {p}, {p}, {p})";
const INSERT_CLAIM: &str = "INSERT INTO registry_claim (subject, statement, source, locator) \
     VALUES ({p}, {p}, {p}, {p}) \
     ON CONFLICT (subject, statement, source, locator) DO NOTHING";

pub(crate) const STATEMENTS: &[&str] = &[
    SOURCES,
    MECHANISMS,
    MEMBERSHIPS,
    GROUP_ROLES,
    GROUPS,
    CLAIMS,
    INSERT_SOURCE,
    INSERT_MECHANISM,
    INSERT_MEMBERSHIP,
    CLOSE_MEMBERSHIP,
    INSERT_GROUP,
    INSERT_GROUP_ROLE,
    INSERT_CLAIM,
];

pub fn sources(store: &mut dyn Store) -> Result<Vec<SourceRow>> {
    store
        .query(SOURCES, &[])?
        .iter()
        .map(|r| {
            Ok(SourceRow {
                id: r.text("id")?,
                citation: r.text("citation")?,
                date: date(r, "date")?,
            })
        })
        .collect()
}

pub fn mechanisms(store: &mut dyn Store) -> Result<Vec<MechanismRow>> {
    store
        .query(MECHANISMS, &[])?
        .iter()
        .map(|r| {
            Ok(MechanismRow {
                code: r.text("code")?,
                name: r.text("name")?,
                name_es: r.text("name_es")?,
                presidency: r.text("presidency")?,
                presidency_text: r.text("presidency_text")?,
                language: r.text("language")?,
                secretariat: r.text("secretariat")?,
                source: r.text("source")?,
            })
        })
        .collect()
}

/// Every membership, open and closed, in the order recorded.
pub fn memberships(store: &mut dyn Store) -> Result<Vec<MembershipRow>> {
    store
        .query(MEMBERSHIPS, &[])?
        .iter()
        .map(|r| {
            Ok(MembershipRow {
                mechanism: r.text("mechanism")?,
                participant: r.text("participant")?,
                role: r.text("role")?,
                since: date(r, "since")?,
                source: r.text("source")?,
                until: opt_date(r, "until")?,
                until_source: r.opt_text("until_source")?,
            })
        })
        .collect()
}

pub fn groups(store: &mut dyn Store) -> Result<Vec<GroupRow>> {
    let roles = store.query(GROUP_ROLES, &[])?;
    let mut groups = store
        .query(GROUPS, &[])?
        .iter()
        .map(|r| {
            Ok(GroupRow {
                code: r.text("code")?,
                mechanism: r.text("mechanism")?,
                pillar: r.opt_int("pillar")?,
                name: r.text("name")?,
                theme: r.opt_text("theme")?,
                leads: Vec::new(),
                co_leads: Vec::new(),
                participants: Vec::new(),
                source: r.text("source")?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for r in &roles {
        let (grp, who, role) = (r.text("grp")?, r.text("participant")?, r.text("role")?);
        if let Some(g) = groups.iter_mut().find(|g| g.code == grp) {
            match role.as_str() {
                "lead" => g.leads.push(who),
                "co_lead" => g.co_leads.push(who),
                _ => g.participants.push(who),
            }
        }
    }
    Ok(groups)
}

pub fn claims(store: &mut dyn Store) -> Result<Vec<ClaimRow>> {
    store
        .query(CLAIMS, &[])?
        .iter()
        .map(|r| {
            Ok(ClaimRow {
                subject: r.text("subject")?,
                statement: r.text("statement")?,
                source: r.text("source")?,
                locator: r.text("locator")?,
            })
        })
        .collect()
}

/// Adds a source unless its id is known; says whether it did.
pub fn insert_source(store: &mut dyn Store, s: &SourceRow) -> Result<bool> {
    Ok(store.execute(
        INSERT_SOURCE,
        &[
            s.id.as_str().into(),
            s.citation.as_str().into(),
            s.date.to_string().into(),
        ],
    )? > 0)
}

/// Adds a mechanism unless its code is known; says whether it did.
pub fn insert_mechanism(store: &mut dyn Store, m: &MechanismRow) -> Result<bool> {
    Ok(store.execute(
        INSERT_MECHANISM,
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
    )? > 0)
}

/// Adds an open membership unless the same one is recorded; says whether
/// it did. `until` is set by [`close_membership`] only.
pub fn insert_membership(store: &mut dyn Store, m: &MembershipRow) -> Result<bool> {
    Ok(store.execute(
        INSERT_MEMBERSHIP,
        &[
            m.mechanism.as_str().into(),
            m.participant.as_str().into(),
            m.role.as_str().into(),
            m.since.to_string().into(),
            m.source.as_str().into(),
        ],
    )? > 0)
}

/// Closes the open membership of `participant` in `mechanism` on `on`.
pub fn close_membership(
    store: &mut dyn Store,
    mechanism: &str,
    participant: &str,
    on: NaiveDate,
    source: &str,
) -> Result<()> {
    store.execute(
        CLOSE_MEMBERSHIP,
        &[
            on.to_string().into(),
            source.into(),
            mechanism.into(),
            participant.into(),
        ],
    )?;
    Ok(())
}

/// Adds a working group with its members unless its code is known; says
/// whether it did.
pub fn insert_group(store: &mut dyn Store, g: &GroupRow) -> Result<bool> {
    let n = store.execute(
        INSERT_GROUP,
        &[
            g.code.as_str().into(),
            g.mechanism.as_str().into(),
            g.pillar.into(),
            g.name.as_str().into(),
            g.theme.clone().into(),
            g.source.as_str().into(),
        ],
    )?;
    if n == 0 {
        return Ok(false);
    }
    for (role, who) in [
        ("lead", &g.leads),
        ("co_lead", &g.co_leads),
        ("participant", &g.participants),
    ] {
        for (i, p) in who.iter().enumerate() {
            store.execute(
                INSERT_GROUP_ROLE,
                &[
                    g.code.as_str().into(),
                    p.as_str().into(),
                    role.into(),
                    Value::from(i as i64),
                ],
            )?;
        }
    }
    Ok(true)
}

/// Adds a claim unless the same one is recorded; says whether it did.
pub fn insert_claim(store: &mut dyn Store, c: &ClaimRow) -> Result<bool> {
    Ok(store.execute(
        INSERT_CLAIM,
        &[
            c.subject.as_str().into(),
            c.statement.as_str().into(),
            c.source.as_str().into(),
            c.locator.as_str().into(),
        ],
    )? > 0)
}

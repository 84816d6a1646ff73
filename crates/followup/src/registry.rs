//! The registry: mechanisms, who takes part in each and in what role, from
//! when to when and on whose word, their working groups, and what sources
//! claim about them. History is kept, never rewritten: a withdrawal closes
//! a membership with its date and source, so "who were the members on date
//! D" always has an answer.
//!
//! Pure data and functions; the store and the commands are elsewhere.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

/// A participant's standing in a mechanism, after the Arctic Council's
/// model the declaration's reports point to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = Standing))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Takes decisions: votes.
    Member,
    /// Every prerogative of a member but a vote (civil society,
    /// migrant-led and Indigenous organisations).
    PermanentParticipant,
    /// Accredited to attend.
    Observer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::PermanentParticipant => "permanent_participant",
            Role::Observer => "observer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        match s {
            "member" => Ok(Role::Member),
            "permanent_participant" | "permanent-participant" => Ok(Role::PermanentParticipant),
            "observer" => Ok(Role::Observer),
            _ => Err(format!(
                "role '{s}': use member, permanent_participant or observer"
            )),
        }
    }
}

/// How a mechanism's pro tempore presidency passes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PresidencyRule {
    /// No presidency (the declaration, R4V).
    None,
    /// Yearly, to the next member in alphabetical order of the names in
    /// the mechanism's working language, the one after it as vice.
    Rotation,
    /// Chosen by the members (CRM: by consensus, on a declared interest);
    /// known only from the record.
    Designated,
}

impl PresidencyRule {
    pub fn as_str(self) -> &'static str {
        match self {
            PresidencyRule::None => "none",
            PresidencyRule::Rotation => "rotation",
            PresidencyRule::Designated => "designated",
        }
    }
}

impl FromStr for PresidencyRule {
    type Err = String;
    fn from_str(s: &str) -> Result<PresidencyRule, String> {
        match s {
            "none" => Ok(PresidencyRule::None),
            "rotation" => Ok(PresidencyRule::Rotation),
            "designated" => Ok(PresidencyRule::Designated),
            _ => Err(format!(
                "presidency '{s}': use rotation, designated or none"
            )),
        }
    }
}

/// The language whose alphabet orders a rotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    En,
    Es,
}

impl FromStr for Language {
    type Err = String;
    fn from_str(s: &str) -> Result<Language, String> {
        match s {
            "en" => Ok(Language::En),
            "es" => Ok(Language::Es),
            _ => Err(format!("language '{s}': use en or es")),
        }
    }
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Es => "es",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Mechanism {
    /// Short code: DLA, CAM, MIRPS, CRM, CSM, QP, R4V, …
    pub code: String,
    pub name: String,
    pub name_es: String,
    pub presidency: PresidencyRule,
    /// The rule in the mechanism's own words.
    pub presidency_text: String,
    pub language: Language,
    pub secretariat: String,
    pub source: String,
}

/// One participant's standing in one mechanism over a span of time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Membership {
    pub mechanism: String,
    /// A country's ISO 3166-1 alpha-3, or an organisation's code.
    pub participant: String,
    pub role: Role,
    /// Adherence: the first day in this role.
    pub since: NaiveDate,
    pub source: String,
    /// Withdrawal (or change of role): the first day no longer in it.
    pub until: Option<NaiveDate>,
    pub until_source: Option<String>,
}

impl Membership {
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.since <= date && self.until.is_none_or(|u| date < u)
    }
}

/// Whether a participant code names a state (an ISO 3166-1 alpha-3 code)
/// or an organisation.
pub fn is_state(participant: &str) -> bool {
    participant.len() == 3
        && corredor_model::country::by_code(participant)
            .is_some_and(|c| c.kind == corredor_model::country::CodeKind::Iso)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct WorkingGroup {
    pub id: String,
    pub mechanism: String,
    /// The declaration's pillar (1–4), where the mechanism has pillars.
    pub pillar: Option<u8>,
    pub name: String,
    /// A word of [`crate::themes::THEMES`].
    pub theme: Option<String>,
    pub leads: Vec<String>,
    pub co_leads: Vec<String>,
    pub participants: Vec<String>,
    pub source: String,
}

impl WorkingGroup {
    /// Leads and co-leads.
    pub fn leaders(&self) -> impl Iterator<Item = &String> {
        self.leads.iter().chain(&self.co_leads)
    }
}

/// What one source says on a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Claim {
    pub subject: String,
    pub statement: String,
    pub source: String,
    /// Where in the source, when a source says two things.
    pub locator: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Source {
    pub id: String,
    pub citation: String,
    pub date: NaiveDate,
}

/// Everything the registry holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Registry {
    pub sources: Vec<Source>,
    pub mechanisms: Vec<Mechanism>,
    pub memberships: Vec<Membership>,
    pub groups: Vec<WorkingGroup>,
    pub claims: Vec<Claim>,
}

impl Registry {
    pub fn mechanism(&self, code: &str) -> Option<&Mechanism> {
        self.mechanisms
            .iter()
            .find(|m| m.code.eq_ignore_ascii_case(code))
    }

    pub fn group(&self, id: &str) -> Option<&WorkingGroup> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// Participants of `mechanism` on `date` with their roles, by code.
    pub fn participants_on(&self, mechanism: &str, date: NaiveDate) -> Vec<(&str, Role)> {
        let mut out: Vec<(&str, Role)> = self
            .memberships
            .iter()
            .filter(|m| m.mechanism == mechanism && m.holds_on(date))
            .map(|m| (m.participant.as_str(), m.role))
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The members (who vote) of `mechanism` on `date`, sorted.
    pub fn members_on(&self, mechanism: &str, date: NaiveDate) -> Vec<&str> {
        self.participants_on(mechanism, date)
            .into_iter()
            .filter(|(_, r)| *r == Role::Member)
            .map(|(p, _)| p)
            .collect()
    }

    /// The open membership of a participant in a mechanism on `date`.
    pub fn standing(
        &self,
        mechanism: &str,
        participant: &str,
        date: NaiveDate,
    ) -> Option<&Membership> {
        self.memberships
            .iter()
            .find(|m| m.mechanism == mechanism && m.participant == participant && m.holds_on(date))
    }
}

/// Why an organisation may not file a monitoring report on the
/// commitments of a mechanism.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MonitoringRefusal {
    #[error("{org} is an observer of {mechanism} on {date}: observers read the commitments and their reports; only the mechanism's permanent participants file monitoring reports")]
    Observer {
        org: String,
        mechanism: String,
        date: NaiveDate,
    },
    #[error("{org} is not a permanent participant of {mechanism} on {date}: only the mechanism's permanent participants file monitoring reports, once the secretariat has registered them")]
    NotParticipant {
        org: String,
        mechanism: String,
        date: NaiveDate,
    },
}

impl Registry {
    /// Whether `org` may report on the commitments of `mechanism` on
    /// `date`: it holds a permanent participant's standing there then.
    pub fn may_monitor(
        &self,
        mechanism: &str,
        org: &str,
        date: NaiveDate,
    ) -> Result<(), MonitoringRefusal> {
        let (org, mechanism) = (org.to_string(), mechanism.to_string());
        match self.standing(&mechanism, &org, date).map(|m| m.role) {
            Some(Role::PermanentParticipant) => Ok(()),
            Some(Role::Observer) => Err(MonitoringRefusal::Observer {
                org,
                mechanism,
                date,
            }),
            Some(Role::Member) | None => Err(MonitoringRefusal::NotParticipant {
                org,
                mechanism,
                date,
            }),
        }
    }
}

/// Subjects on which the claims disagree, each with every claim on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Conflict {
    pub subject: String,
    pub claims: Vec<Claim>,
}

/// The subjects whose claims do not all say the same, in the order the
/// subjects first appear. Subjects on which every source agrees are not
/// conflicts, however many sources there are.
pub fn conflicts(claims: &[Claim]) -> Vec<Conflict> {
    let mut order: Vec<&str> = Vec::new();
    let mut by_subject: BTreeMap<&str, Vec<&Claim>> = BTreeMap::new();
    for c in claims {
        let entry = by_subject.entry(&c.subject).or_default();
        if entry.is_empty() {
            order.push(&c.subject);
        }
        entry.push(c);
    }
    order
        .into_iter()
        .filter_map(|s| {
            let cs = &by_subject[s];
            let first = &cs[0].statement;
            cs.iter().any(|c| &c.statement != first).then(|| Conflict {
                subject: s.to_string(),
                claims: cs.iter().map(|c| (*c).clone()).collect(),
            })
        })
        .collect()
}

/// Why the registry refuses a change of standing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    /// An adherence that would overlap a standing the participant holds.
    #[error("{participant} is {role} of {mechanism} since {since} ({cited}): use `registry change` or `registry withdraw`")]
    HasStanding {
        participant: String,
        mechanism: String,
        role: Role,
        since: NaiveDate,
        /// The source of the standing held.
        cited: String,
    },
    #[error("{participant} has no standing in {mechanism} to close")]
    NoStanding {
        participant: String,
        mechanism: String,
    },
    /// A standing closes after the day it opened, or it never held.
    #[error("{participant} is {role} of {mechanism} since {since}: the date must be later")]
    NotLater {
        participant: String,
        mechanism: String,
        role: Role,
        since: NaiveDate,
    },
    /// A day in a year a figure may not be dated in: a typing mistake
    /// ("+262142-12-31") that would break every list and export after.
    #[error("{0} is not a day from 1900 to 2200")]
    OutOfRange(NaiveDate),
    #[error("{participant} is {role} of {mechanism} already")]
    SameRole {
        participant: String,
        mechanism: String,
        role: Role,
    },
}

/// Adherence: the membership `participant` opens in `mechanism` in `role`
/// on `since`, unless a standing it has there is still open on that day
/// (two standings at once would make "who were the members" ambiguous).
pub fn adhere(
    memberships: &[Membership],
    mechanism: &str,
    participant: &str,
    role: Role,
    since: NaiveDate,
    source: &str,
) -> Result<Membership, ChangeError> {
    in_range(since)?;
    if let Some(m) = memberships.iter().find(|m| {
        m.mechanism == mechanism
            && m.participant == participant
            && m.until.is_none_or(|u| u > since)
    }) {
        return Err(ChangeError::HasStanding {
            participant: participant.into(),
            mechanism: mechanism.into(),
            role: m.role,
            since: m.since,
            cited: m.source.clone(),
        });
    }
    Ok(Membership {
        mechanism: mechanism.into(),
        participant: participant.into(),
        role,
        since,
        source: source.into(),
        until: None,
        until_source: None,
    })
}

fn in_range(day: NaiveDate) -> Result<(), ChangeError> {
    use chrono::Datelike;
    if corredor_model::period::YEARS.contains(&day.year()) {
        Ok(())
    } else {
        Err(ChangeError::OutOfRange(day))
    }
}

/// A withdrawal or a change of role: the open standing as closed on `on`,
/// and the standing in `new_role` opened that day, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closing {
    pub closed: Membership,
    pub opened: Option<Membership>,
}

/// Closes the open standing of `participant` in `mechanism` on `on` and,
/// with `new_role`, opens the new one the same day.
pub fn close(
    memberships: &[Membership],
    mechanism: &str,
    participant: &str,
    on: NaiveDate,
    new_role: Option<Role>,
    source: &str,
) -> Result<Closing, ChangeError> {
    in_range(on)?;
    let open = memberships
        .iter()
        .find(|m| m.mechanism == mechanism && m.participant == participant && m.until.is_none())
        .ok_or_else(|| ChangeError::NoStanding {
            participant: participant.into(),
            mechanism: mechanism.into(),
        })?;
    if on <= open.since {
        return Err(ChangeError::NotLater {
            participant: participant.into(),
            mechanism: mechanism.into(),
            role: open.role,
            since: open.since,
        });
    }
    if new_role == Some(open.role) {
        return Err(ChangeError::SameRole {
            participant: participant.into(),
            mechanism: mechanism.into(),
            role: open.role,
        });
    }
    Ok(Closing {
        closed: Membership {
            until: Some(on),
            until_source: Some(source.into()),
            ..open.clone()
        },
        opened: new_role.map(|role| Membership {
            mechanism: mechanism.into(),
            participant: participant.into(),
            role,
            since: on,
            source: source.into(),
            until: None,
            until_source: None,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn membership(p: &str, role: Role, since: &str, until: Option<&str>) -> Membership {
        Membership {
            mechanism: "X".into(),
            participant: p.into(),
            role,
            since: d(since),
            source: "s".into(),
            until: until.map(d),
            until_source: until.map(|_| "w".into()),
        }
    }

    #[test]
    fn members_on_a_date_follow_adherence_and_withdrawal() {
        let r = Registry {
            memberships: vec![
                membership("ARG", Role::Member, "2020-01-01", None),
                membership("BRA", Role::Member, "2020-01-01", Some("2022-03-01")),
                membership("BRA", Role::Observer, "2022-03-01", None),
                membership("CHL", Role::Member, "2023-01-01", None),
            ],
            ..Registry::default()
        };
        assert_eq!(r.members_on("X", d("2019-12-31")), Vec::<&str>::new());
        assert_eq!(r.members_on("X", d("2022-02-28")), vec!["ARG", "BRA"]);
        // The day of withdrawal is the first day outside.
        assert_eq!(r.members_on("X", d("2022-03-01")), vec!["ARG"]);
        assert_eq!(r.members_on("X", d("2023-01-01")), vec!["ARG", "CHL"]);
        assert_eq!(
            r.participants_on("X", d("2022-03-01")),
            vec![("ARG", Role::Member), ("BRA", Role::Observer)]
        );
    }

    #[test]
    fn only_disagreeing_subjects_are_conflicts() {
        let claim = |subject: &str, statement: &str, source: &str| Claim {
            subject: subject.into(),
            statement: statement.into(),
            source: source.into(),
            locator: None,
        };
        let claims = vec![
            claim("b", "7", "text"),
            claim("a", "7", "text"),
            claim("a", "7", "table"),
            claim("b", "9", "table"),
            claim("c", "x", "text"),
        ];
        let found = conflicts(&claims);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].subject, "b");
        assert_eq!(found[0].claims.len(), 2);
    }

    #[test]
    fn states_are_iso_countries_and_the_rest_organisations() {
        assert!(is_state("ABW"));
        assert!(!is_state("UNICEF"));
        assert!(!is_state("XXA"));
    }

    #[test]
    fn an_adherence_overlapping_an_open_or_later_standing_is_refused() {
        let ms = [
            membership("MEX", Role::Member, "2020-01-01", None),
            membership("OAS", Role::Observer, "2020-01-01", Some("2022-01-01")),
        ];
        let e = adhere(&ms, "X", "MEX", Role::Observer, d("2024-01-01"), "s").unwrap_err();
        assert!(matches!(
            e,
            ChangeError::HasStanding {
                role: Role::Member,
                ..
            }
        ));
        assert!(e
            .to_string()
            .contains("MEX is member of X since 2020-01-01"));
        assert!(adhere(&ms, "X", "OAS", Role::Member, d("2021-06-01"), "s").is_err());
        let m = adhere(&ms, "X", "OAS", Role::Member, d("2022-01-01"), "s").unwrap();
        assert_eq!(
            (m.role, m.since, m.until),
            (Role::Member, d("2022-01-01"), None)
        );
        assert!(adhere(&ms, "Y", "MEX", Role::Member, d("2024-01-01"), "s").is_ok());
        let e = adhere(&ms, "Y", "MEX", Role::Member, d("2201-01-01"), "s").unwrap_err();
        assert_eq!(e.to_string(), "2201-01-01 is not a day from 1900 to 2200");
        let e = close(&ms, "X", "MEX", d("9999-12-31"), None, "s").unwrap_err();
        assert_eq!(e, ChangeError::OutOfRange(d("9999-12-31")));
    }

    #[test]
    fn a_standing_closes_later_than_it_opened_and_changes_to_another_role() {
        let ms = [membership("MEX", Role::Member, "2020-01-01", None)];
        let e = close(&ms, "X", "MEX", d("2020-01-01"), None, "s").unwrap_err();
        assert!(e.to_string().ends_with("the date must be later"));
        let e = close(&ms, "X", "MEX", d("2021-01-01"), Some(Role::Member), "s").unwrap_err();
        assert!(matches!(e, ChangeError::SameRole { .. }));
        let e = close(&ms, "X", "GTM", d("2021-01-01"), None, "s").unwrap_err();
        assert!(matches!(e, ChangeError::NoStanding { .. }));
        let c = close(&ms, "X", "MEX", d("2021-01-01"), Some(Role::Observer), "w").unwrap();
        assert_eq!(c.closed.until, Some(d("2021-01-01")));
        assert_eq!(c.closed.until_source.as_deref(), Some("w"));
        let opened = c.opened.unwrap();
        assert_eq!(
            (opened.role, opened.since),
            (Role::Observer, d("2021-01-01"))
        );
        let c = close(&ms, "X", "MEX", d("2021-01-01"), None, "w").unwrap();
        assert!(c.opened.is_none());
    }
}

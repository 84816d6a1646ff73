//! A working group in the standard format the declaration's follow-up
//! asks for: a charter (purpose, expected outcomes, with its source), and
//! who takes part as dated events (a country or organisation joins,
//! leaves, takes the lead or a co-lead), replayed over the roles the
//! registry recorded for the group, so that "who led it on a date" is
//! computed, never typed twice.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::registry::WorkingGroup;

/// A group's purpose and expected outcomes, as agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Charter {
    pub group: String,
    pub purpose: String,
    pub outcomes: Vec<String>,
    pub source: String,
}

/// What happens to a participant of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Join,
    Leave,
    /// Takes the lead; the lead before stays as a participant.
    Lead,
    CoLead,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Join => "join",
            EventKind::Leave => "leave",
            EventKind::Lead => "lead",
            EventKind::CoLead => "co_lead",
        }
    }
}

impl FromStr for EventKind {
    type Err = String;
    fn from_str(s: &str) -> Result<EventKind, String> {
        match s {
            "join" => Ok(EventKind::Join),
            "leave" => Ok(EventKind::Leave),
            "lead" => Ok(EventKind::Lead),
            "co_lead" => Ok(EventKind::CoLead),
            other => Err(format!("event '{other}': use join, leave, lead or co_lead")),
        }
    }
}

/// A dated change of who takes part, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct GroupEvent {
    pub group: String,
    /// A country's alpha-3 or an organisation's code.
    pub participant: String,
    pub kind: EventKind,
    pub date: NaiveDate,
    pub source: String,
}

/// Who takes part in a group on a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Roster {
    pub leads: Vec<String>,
    pub co_leads: Vec<String>,
    pub participants: Vec<String>,
}

impl Roster {
    fn has(&self, p: &str) -> bool {
        self.leads
            .iter()
            .chain(&self.co_leads)
            .chain(&self.participants)
            .any(|x| x == p)
    }

    fn remove(&mut self, p: &str) {
        for list in [&mut self.leads, &mut self.co_leads, &mut self.participants] {
            list.retain(|x| x != p);
        }
    }

    /// Applies `e`, or says why it cannot be.
    fn apply(&mut self, e: &GroupEvent) -> Result<(), GroupRuleError> {
        let p = e.participant.clone();
        match e.kind {
            EventKind::Join if self.has(&p) => Err(GroupRuleError::AlreadyIn(p)),
            EventKind::Join => {
                self.participants.push(p);
                Ok(())
            }
            EventKind::Leave if !self.has(&p) => Err(GroupRuleError::NotIn(p)),
            EventKind::Leave => {
                self.remove(&p);
                Ok(())
            }
            EventKind::Lead if self.leads == [p.clone()] => Err(GroupRuleError::AlreadyLeads(p)),
            EventKind::Lead => {
                self.remove(&p);
                let before = std::mem::take(&mut self.leads);
                self.participants.extend(before);
                self.leads.push(p);
                Ok(())
            }
            EventKind::CoLead if self.leads.contains(&p) || self.co_leads.contains(&p) => {
                Err(GroupRuleError::AlreadyLeads(p))
            }
            EventKind::CoLead => {
                self.remove(&p);
                self.co_leads.push(p);
                Ok(())
            }
        }
    }
}

/// Why an event cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupRuleError {
    #[error("{0} already takes part in the group")]
    AlreadyIn(String),
    #[error("{0} does not take part in the group")]
    NotIn(String),
    #[error("{0} already leads the group")]
    AlreadyLeads(String),
    #[error("the group's events are recorded in order: the last is on {0}")]
    OutOfOrder(NaiveDate),
    #[error("{0} is not a participant code: use a country's alpha-3 or an organisation's code")]
    BadParticipant(String),
}

/// Who takes part in `group` on `on`: its registered roles, then its
/// events dated on or before `on`, in order.
pub fn roster_on(group: &WorkingGroup, events: &[GroupEvent], on: NaiveDate) -> Roster {
    let mut r = Roster {
        leads: group.leads.clone(),
        co_leads: group.co_leads.clone(),
        participants: group.participants.clone(),
    };
    for e in events
        .iter()
        .filter(|e| e.group == group.id && e.date <= on)
    {
        // Recorded events were checked; one that no longer applies (the
        // registry changed under it) is skipped rather than guessed at.
        let _ = r.apply(e);
    }
    r
}

/// Whether `new` may follow `events` (the group's, in order).
pub fn check(
    group: &WorkingGroup,
    events: &[GroupEvent],
    new: &GroupEvent,
) -> Result<(), GroupRuleError> {
    let p = &new.participant;
    if p.is_empty()
        || p.len() > 32
        || !p
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(GroupRuleError::BadParticipant(p.clone()));
    }
    let mine: Vec<&GroupEvent> = events.iter().filter(|e| e.group == group.id).collect();
    if let Some(last) = mine.iter().map(|e| e.date).max() {
        if new.date < last {
            return Err(GroupRuleError::OutOfOrder(last));
        }
    }
    let mut r = roster_on(group, events, new.date);
    r.apply(new)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group() -> WorkingGroup {
        WorkingGroup {
            id: "g".into(),
            mechanism: "DLA".into(),
            pillar: Some(2),
            name: "Labor mobility".into(),
            theme: None,
            leads: vec!["MEX".into()],
            co_leads: vec![],
            participants: vec!["SLV".into(), "GTM".into()],
            source: "s".into(),
        }
    }

    fn ev(p: &str, kind: EventKind, date: &str) -> GroupEvent {
        GroupEvent {
            group: "g".into(),
            participant: p.into(),
            kind,
            date: date.parse().unwrap(),
            source: "minutes".into(),
        }
    }

    #[test]
    fn joining_leaving_and_a_change_of_lead_are_replayed_by_date() {
        let g = group();
        let events = vec![
            ev("CAN", EventKind::Join, "2024-01-10"),
            ev("GTM", EventKind::Leave, "2024-03-01"),
            ev("SLV", EventKind::Lead, "2025-01-01"),
        ];
        let before = roster_on(&g, &events, "2023-12-31".parse().unwrap());
        assert_eq!(before.leads, ["MEX"]);
        assert_eq!(before.participants, ["SLV", "GTM"]);
        let after = roster_on(&g, &events, "2025-06-01".parse().unwrap());
        assert_eq!(after.leads, ["SLV"]);
        assert_eq!(after.participants, ["CAN", "MEX"]);
        assert!(!after.has("GTM"));
    }

    #[test]
    fn an_event_that_does_not_follow_is_refused() {
        let g = group();
        let events = vec![ev("CAN", EventKind::Join, "2024-01-10")];
        assert_eq!(
            check(&g, &events, &ev("CAN", EventKind::Join, "2024-02-01")),
            Err(GroupRuleError::AlreadyIn("CAN".into()))
        );
        assert_eq!(
            check(&g, &events, &ev("BRA", EventKind::Leave, "2024-02-01")),
            Err(GroupRuleError::NotIn("BRA".into()))
        );
        assert_eq!(
            check(&g, &events, &ev("MEX", EventKind::Lead, "2024-02-01")),
            Err(GroupRuleError::AlreadyLeads("MEX".into()))
        );
        assert_eq!(
            check(&g, &events, &ev("BRA", EventKind::Join, "2023-01-01")),
            Err(GroupRuleError::OutOfOrder("2024-01-10".parse().unwrap()))
        );
        assert!(check(&g, &events, &ev("BRA", EventKind::CoLead, "2024-02-01")).is_ok());
        assert!(check(&g, &events, &ev("x y", EventKind::Join, "2024-02-01")).is_err());
        assert_eq!("co_lead".parse::<EventKind>(), Ok(EventKind::CoLead));
    }

    #[test]
    fn a_participant_code_is_1_to_32_letters_digits_dashes_or_underscores() {
        let g = group();
        let join = |p: &str| check(&g, &[], &ev(p, EventKind::Join, "2024-02-01"));
        assert_eq!(join(&"A".repeat(32)), Ok(()));
        assert_eq!(join("OAS-IOM_2"), Ok(()));
        for bad in ["", &"A".repeat(33), "x y", "MÉX"] {
            assert_eq!(
                join(bad),
                Err(GroupRuleError::BadParticipant(bad.to_string())),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn an_event_on_the_day_of_the_last_follows_it_and_a_lead_is_not_made_co_lead() {
        let g = group();
        let events = vec![ev("CAN", EventKind::CoLead, "2024-01-10")];
        assert_eq!(
            check(&g, &events, &ev("BRA", EventKind::Join, "2024-01-10")),
            Ok(())
        );
        for (p, why) in [("MEX", "the lead"), ("CAN", "a co-lead already")] {
            assert_eq!(
                check(&g, &events, &ev(p, EventKind::CoLead, "2024-02-01")),
                Err(GroupRuleError::AlreadyLeads(p.into())),
                "{why}"
            );
        }
    }
}

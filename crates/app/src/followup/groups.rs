//! Working groups in the standard format: the secretariat records a
//! group's charter and the dated events of who takes part; anyone reads a
//! group's report (charter, who takes part on a date and since when,
//! commitments with each country's status, the mechanism's meetings and
//! civil society's reports). Above `views`, `registry` and `meetings`.

use chrono::NaiveDate;
use corredor_followup::calendar::Meeting;
use corredor_followup::groups::{self, Charter, EventKind, GroupEvent, Roster};
use corredor_followup::registry::{Registry, WorkingGroup};
use corredor_store::followup::groups::{self as rows, CharterRow, EventRow};
use corredor_store::Store;
use serde::Serialize;
use std::str::FromStr;

use super::common::{invalid, need_source, stored, SECRETARIAT};
use super::views::{commitment_views, CommitmentView};
use crate::auth::Actor;
use crate::{audit, clock, Error, Result};

/// Everything a working group's report shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupReport {
    pub group: WorkingGroup,
    /// The day the report is computed on.
    pub on: NaiveDate,
    pub charter: Option<Charter>,
    /// Who takes part on `on`.
    pub roster: Roster,
    /// Every dated change of who takes part, in order.
    pub events: Vec<GroupEvent>,
    /// The group's commitments, with each indicator's status per country
    /// and civil society's reports.
    pub commitments: Vec<CommitmentView>,
    /// The meetings of the group's mechanism.
    pub meetings: Vec<Meeting>,
}

fn group(store: &mut dyn Store, id: &str) -> Result<WorkingGroup> {
    super::registry::registry(store)?
        .groups
        .into_iter()
        .find(|g| g.id == id)
        .ok_or_else(|| Error::NotFound(format!("no working group {id}")))
}

fn charters(store: &mut dyn Store) -> Result<Vec<Charter>> {
    Ok(rows::charters(store)?
        .into_iter()
        .map(|c| Charter {
            group: c.group,
            purpose: c.purpose,
            outcomes: c.outcomes.lines().map(str::to_string).collect(),
            source: c.source,
        })
        .collect())
}

/// The events of every working group of `registry`, each group's in
/// order.
pub fn all_events(store: &mut dyn Store, registry: &Registry) -> Result<Vec<GroupEvent>> {
    // One query for every group, then in the registry's order of groups.
    let mut by_group: std::collections::HashMap<String, Vec<GroupEvent>> =
        std::collections::HashMap::new();
    for e in read_events(rows::all_events(store)?)? {
        by_group.entry(e.group.clone()).or_default().push(e);
    }
    Ok(registry
        .groups
        .iter()
        .flat_map(|g| by_group.remove(&g.id).unwrap_or_default())
        .collect())
}

fn events(store: &mut dyn Store, id: &str) -> Result<Vec<GroupEvent>> {
    read_events(rows::events(store, id)?)
}

fn read_events(rows: Vec<EventRow>) -> Result<Vec<GroupEvent>> {
    rows.into_iter()
        .map(|e| {
            Ok(GroupEvent {
                kind: EventKind::from_str(&e.kind).map_err(stored)?,
                group: e.group,
                participant: e.participant,
                date: e.date,
                source: e.source,
            })
        })
        .collect()
}

/// Sets group `c.group`'s charter (the secretariat), replacing the one
/// before; audited.
pub fn set_charter(store: &mut dyn Store, actor: &Actor, c: &Charter) -> Result<Charter> {
    actor.require(SECRETARIAT, "setting a working group's charter")?;
    need_source(&c.source)?;
    let purpose = crate::workflow::check_text(&c.purpose, "the purpose")?;
    let outcomes = c
        .outcomes
        .iter()
        .map(|o| {
            crate::workflow::check_text(&o.replace("\r\n", " ").replace('\n', " "), "an outcome")
        })
        .collect::<Result<Vec<_>>>()?;
    if outcomes.is_empty() {
        return Err(Error::Invalid(
            "a charter names at least one expected outcome".into(),
        ));
    }
    corredor_store::transaction(store, |s| -> Result<Charter> {
        let g = group(s, &c.group)?;
        rows::set_charter(
            s,
            &CharterRow {
                group: g.id.clone(),
                purpose: purpose.clone(),
                outcomes: outcomes.join("\n"),
                source: c.source.clone(),
                set_at: clock::now(),
            },
        )?;
        audit::record(
            s,
            actor,
            "group.charter",
            &format!("group/{}", g.id),
            &c.source,
        )?;
        Ok(Charter {
            group: g.id,
            purpose,
            outcomes,
            source: c.source.clone(),
        })
    })
}

/// Records that a participant joins, leaves, leads or co-leads a group
/// on a date (the secretariat), in order after the group's other events;
/// audited.
pub fn add_event(store: &mut dyn Store, actor: &Actor, e: &GroupEvent) -> Result<GroupEvent> {
    actor.require(SECRETARIAT, "recording who takes part in a working group")?;
    need_source(&e.source)?;
    let mut e = e.clone();
    // A name (Costa Rica) or a code, as the registry takes them.
    e.participant = super::registry::participant_code(&e.participant)?;
    corredor_store::transaction(store, |s| -> Result<GroupEvent> {
        let g = group(s, &e.group)?;
        if matches!(
            e.kind,
            EventKind::Join | EventKind::Lead | EventKind::CoLead
        ) {
            let r = super::registry::registry(s)?;
            super::registry::known_participant(s, &r, &e.participant)?;
        }
        let before = events(s, &g.id)?;
        groups::check(&g, &before, &e).map_err(invalid)?;
        rows::insert_event(
            s,
            &EventRow {
                id: 0,
                group: g.id.clone(),
                participant: e.participant.clone(),
                kind: e.kind.as_str().into(),
                date: e.date,
                source: e.source.clone(),
                recorded_at: clock::now(),
            },
        )?;
        audit::record(
            s,
            actor,
            &format!("group.{}", e.kind.as_str()),
            &format!("group/{}", g.id),
            &format!("{} on {}", e.participant, e.date),
        )?;
        Ok(e.clone())
    })
}

/// Group `id`'s report as it stood on `on`.
pub fn report(
    store: &mut dyn Store,
    actor: &Actor,
    id: &str,
    on: NaiveDate,
) -> Result<GroupReport> {
    let g = group(store, id)?;
    let events = events(store, &g.id)?;
    let charter = charters(store)?.into_iter().find(|c| c.group == g.id);
    let commitments = commitment_views(store, actor, on)?
        .into_iter()
        .filter(|c| c.commitment.group == g.id)
        .collect();
    let meetings = super::meetings::meetings(store)?
        .into_iter()
        .filter(|m| m.mechanism == g.mechanism)
        .collect();
    Ok(GroupReport {
        roster: groups::roster_on(&g, &events, on),
        events: events.into_iter().filter(|e| e.date <= on).collect(),
        group: g,
        on,
        charter,
        commitments,
        meetings,
    })
}

//! Working groups' charters (purpose, expected outcomes) and the dated
//! events of who takes part. A charter is replaced whole when agreed
//! again; events are only added.

use chrono::NaiveDate;

use super::rows::{date, returned_id};
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharterRow {
    pub group: String,
    pub purpose: String,
    /// One per line.
    pub outcomes: String,
    pub source: String,
    /// RFC 3339.
    pub set_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub group: String,
    pub participant: String,
    pub kind: String,
    pub date: NaiveDate,
    pub source: String,
    /// RFC 3339.
    pub recorded_at: String,
}

const CHARTERS: &str =
    "SELECT grp, purpose, outcomes, source, set_at FROM working_group_charter ORDER BY grp";
const SET_CHARTER: &str = "INSERT INTO working_group_charter (grp, purpose, outcomes, source, \
     set_at) VALUES ({p}, {p}, {p}, {p}, {p}) ON CONFLICT (grp) DO UPDATE SET \
     purpose = excluded.purpose, outcomes = excluded.outcomes, source = excluded.source, \
     set_at = excluded.set_at";
const EVENTS: &str = "SELECT id, grp, participant, kind, on_date, source, recorded_at \
     FROM working_group_event WHERE grp = {p} ORDER BY on_date, id";
const INSERT_EVENT: &str = "INSERT INTO working_group_event (grp, participant, kind, on_date, \
     source, recorded_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";

const ALL_EVENTS: &str = "SELECT id, grp, participant, kind, on_date, source, recorded_at \
     FROM working_group_event ORDER BY grp, on_date, id";

pub(crate) const STATEMENTS: &[&str] = &[CHARTERS, SET_CHARTER, EVENTS, ALL_EVENTS, INSERT_EVENT];

pub fn charters(store: &mut dyn Store) -> Result<Vec<CharterRow>> {
    store
        .query(CHARTERS, &[])?
        .iter()
        .map(|r| {
            Ok(CharterRow {
                group: r.text("grp")?,
                purpose: r.text("purpose")?,
                outcomes: r.text("outcomes")?,
                source: r.text("source")?,
                set_at: r.text("set_at")?,
            })
        })
        .collect()
}

/// Sets a group's charter, replacing the one before.
pub fn set_charter(store: &mut dyn Store, c: &CharterRow) -> Result<()> {
    store.execute(
        SET_CHARTER,
        &[
            c.group.as_str().into(),
            c.purpose.as_str().into(),
            c.outcomes.as_str().into(),
            c.source.as_str().into(),
            c.set_at.as_str().into(),
        ],
    )?;
    Ok(())
}

/// Group `group`'s events, by date and order recorded (by the index on
/// `working_group_event (grp, id)`).
pub fn events(store: &mut dyn Store, group: &str) -> Result<Vec<EventRow>> {
    event_rows(store.query(EVENTS, &[group.into()])?)
}

/// Every group's events in one query: by group, then as [`events`].
pub fn all_events(store: &mut dyn Store) -> Result<Vec<EventRow>> {
    event_rows(store.query(ALL_EVENTS, &[])?)
}

fn event_rows(rows: Vec<crate::Row>) -> Result<Vec<EventRow>> {
    rows.iter()
        .map(|r| {
            Ok(EventRow {
                id: r.int("id")?,
                group: r.text("grp")?,
                participant: r.text("participant")?,
                kind: r.text("kind")?,
                date: date(r, "on_date")?,
                source: r.text("source")?,
                recorded_at: r.text("recorded_at")?,
            })
        })
        .collect()
}

/// Adds an event (its `id` is ignored); returns its id.
pub fn insert_event(store: &mut dyn Store, e: &EventRow) -> Result<i64> {
    let rows = store.query(
        INSERT_EVENT,
        &[
            e.group.as_str().into(),
            e.participant.as_str().into(),
            e.kind.as_str().into(),
            e.date.to_string().into(),
            e.source.as_str().into(),
            e.recorded_at.as_str().into(),
        ],
    )?;
    returned_id(&rows, "working group event")
}

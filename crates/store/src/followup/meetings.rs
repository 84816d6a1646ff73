//! Pro tempore presidencies by mechanism and year, and the meetings of
//! the calendar. One presidency per mechanism and year; a recorded one is
//! not replaced here.

use chrono::{DateTime, NaiveDate, Utc};

use super::rows::{date, returned_id};
use crate::{Result, Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresidencyRow {
    pub mechanism: String,
    pub year: i64,
    pub president: String,
    pub vice: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingRow {
    pub id: i64,
    pub mechanism: String,
    pub title: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub place: String,
    pub recorded_at: DateTime<Utc>,
    pub sequence: i64,
    pub cancelled: bool,
}

/// A change of a meeting: what it is now, and why.
#[derive(Debug, Clone)]
pub struct MeetingChangeRow<'a> {
    pub meeting: &'a MeetingRow,
    pub org: &'a str,
    /// What changed, in a line.
    pub what: &'a str,
    pub reason: &'a str,
}

/// A change as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRow {
    pub meeting: i64,
    pub sequence: i64,
    pub org: String,
    pub at: String,
    pub what: String,
    pub reason: String,
}

/// A meeting to record: its id and time of recording are the store's.
#[derive(Debug, Clone, Copy)]
pub struct NewMeetingRow<'a> {
    pub mechanism: &'a str,
    pub title: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub place: &'a str,
    /// RFC 3339.
    pub recorded_at: &'a str,
}

const PRESIDENCIES: &str = "SELECT mechanism, year, president, vice, source FROM presidency \
     ORDER BY mechanism, year";
const INSERT_PRESIDENCY: &str = "INSERT INTO presidency (mechanism, year, president, vice, \
     source) VALUES ({p}, {p}, {p}, {p}, {p}) ON CONFLICT (mechanism, year) DO NOTHING";
const MEETINGS: &str = "SELECT id, mechanism, title, start_date, end_date, place, recorded_at, \
     sequence, cancelled FROM meeting ORDER BY start_date, id";
// Only over the sequence the change was made from: two changes made from
// the same version cannot both stand.
const UPDATE_MEETING: &str = "UPDATE meeting SET title = {p}, start_date = {p}, end_date = {p}, \
     place = {p}, recorded_at = {p}, sequence = {p}, cancelled = {p} WHERE id = {p} AND sequence = {p}";
const INSERT_CHANGE: &str =
    "INSERT INTO meeting_change (meeting, sequence, org, at, what, reason) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p})";
const CHANGES: &str = "SELECT meeting, sequence, org, at, what, reason FROM meeting_change \
     WHERE meeting = {p} ORDER BY id";
const INSERT_MEETING: &str = "INSERT INTO meeting (mechanism, title, start_date, end_date, \
     place, recorded_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";

pub(crate) const STATEMENTS: &[&str] = &[
    PRESIDENCIES,
    INSERT_PRESIDENCY,
    MEETINGS,
    INSERT_MEETING,
    UPDATE_MEETING,
    INSERT_CHANGE,
    CHANGES,
];

pub fn presidencies(store: &mut dyn Store) -> Result<Vec<PresidencyRow>> {
    store
        .query(PRESIDENCIES, &[])?
        .iter()
        .map(|r| {
            Ok(PresidencyRow {
                mechanism: r.text("mechanism")?,
                year: r.int("year")?,
                president: r.text("president")?,
                vice: r.opt_text("vice")?,
                source: r.text("source")?,
            })
        })
        .collect()
}

/// Records a presidency unless the mechanism's year has one; says whether
/// it did.
pub fn insert_presidency(store: &mut dyn Store, p: &PresidencyRow) -> Result<bool> {
    Ok(store.execute(
        INSERT_PRESIDENCY,
        &[
            p.mechanism.as_str().into(),
            p.year.into(),
            p.president.as_str().into(),
            p.vice.clone().into(),
            p.source.as_str().into(),
        ],
    )? > 0)
}

pub fn meetings(store: &mut dyn Store) -> Result<Vec<MeetingRow>> {
    store
        .query(MEETINGS, &[])?
        .iter()
        .map(|r| {
            Ok(MeetingRow {
                id: r.int("id")?,
                mechanism: r.text("mechanism")?,
                title: r.text("title")?,
                start: date(r, "start_date")?,
                end: date(r, "end_date")?,
                place: r.text("place")?,
                recorded_at: DateTime::parse_from_rfc3339(&r.text("recorded_at")?)
                    .map_err(|e| StoreError::Invalid(format!("stored time: {e}")))?
                    .with_timezone(&Utc),
                sequence: r.int("sequence")?,
                cancelled: r.int("cancelled")? != 0,
            })
        })
        .collect()
}

/// Writes a change of a meeting (`c.meeting` as it is now, one more in
/// its sequence) and keeps it; says whether it stood (false when another
/// change was made from the same version meanwhile).
pub fn change_meeting(store: &mut dyn Store, c: &MeetingChangeRow) -> Result<bool> {
    let m = c.meeting;
    // As every instant is stored: RFC 3339 in UTC with microseconds.
    let at = m.recorded_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string();
    let n = store.execute(
        UPDATE_MEETING,
        &[
            m.title.as_str().into(),
            m.start.to_string().into(),
            m.end.to_string().into(),
            m.place.as_str().into(),
            at.as_str().into(),
            m.sequence.into(),
            i64::from(m.cancelled).into(),
            m.id.into(),
            (m.sequence - 1).into(),
        ],
    )?;
    if n == 0 {
        return Ok(false);
    }
    store.execute(
        INSERT_CHANGE,
        &[
            m.id.into(),
            m.sequence.into(),
            c.org.into(),
            at.as_str().into(),
            c.what.into(),
            c.reason.into(),
        ],
    )?;
    Ok(true)
}

/// Meeting `meeting`'s changes, in the order made (by the index on
/// `meeting_change (meeting, id)`).
pub fn changes(store: &mut dyn Store, meeting: i64) -> Result<Vec<ChangeRow>> {
    store
        .query(CHANGES, &[meeting.into()])?
        .iter()
        .map(|r| {
            Ok(ChangeRow {
                meeting: r.int("meeting")?,
                sequence: r.int("sequence")?,
                org: r.text("org")?,
                at: r.text("at")?,
                what: r.text("what")?,
                reason: r.text("reason")?,
            })
        })
        .collect()
}

/// Records a meeting; returns its id.
pub fn insert_meeting(store: &mut dyn Store, m: &NewMeetingRow) -> Result<i64> {
    let rows = store.query(
        INSERT_MEETING,
        &[
            m.mechanism.into(),
            m.title.into(),
            m.start.to_string().into(),
            m.end.to_string().into(),
            m.place.into(),
            m.recorded_at.into(),
        ],
    )?;
    returned_id(&rows, "meeting")
}

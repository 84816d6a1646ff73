//! Presidencies and the meeting calendar: reading them, and recording a
//! mechanism's presidency of a year or a meeting. Clashes and rotation are
//! computed by `corredor_followup`; this module only checks, writes and
//! audits, and must never replace a presidency already recorded.

use chrono::NaiveDate;
use corredor_followup::calendar::{ChangeError, Meeting, MeetingChange};
use corredor_followup::presidency::Recorded;
use corredor_followup::registry::PresidencyRule;
use corredor_store::followup::meetings::{self as rows, NewMeetingRow, PresidencyRow};
use corredor_store::Store;
use serde::Serialize;

use super::common::{need_source, require_mechanism, SECRETARIAT};
use super::registry::{participant_code, registry};
use crate::auth::Actor;
use crate::{audit, clock, Error, Result};

pub fn presidencies(store: &mut dyn Store) -> Result<Vec<Recorded>> {
    Ok(rows::presidencies(store)?
        .into_iter()
        .map(|p| Recorded {
            mechanism: p.mechanism,
            year: p.year as i32,
            president: p.president,
            vice: p.vice,
            source: p.source,
        })
        .collect())
}

pub fn set_presidency(store: &mut dyn Store, actor: &Actor, p: &Recorded) -> Result<Recorded> {
    actor.require(SECRETARIAT, "recording a presidency")?;
    need_source(&p.source)?;
    if !corredor_model::period::YEARS.contains(&p.year) {
        return Err(Error::Invalid(format!(
            "year {}: give a year from {} to {}",
            p.year,
            corredor_model::period::YEARS.start(),
            corredor_model::period::YEARS.end()
        )));
    }
    let president = participant_code(&p.president)?;
    let vice = p.vice.as_deref().map(participant_code).transpose()?;
    corredor_store::transaction(store, |s| -> Result<Recorded> {
        let r = registry(s)?;
        let mechanism = require_mechanism(&r, &p.mechanism)?;
        // A presidency is held by a state.
        for code in std::iter::once(&president).chain(vice.as_ref()) {
            if !corredor_followup::registry::is_state(code) {
                return Err(Error::Invalid(format!(
                    "{code} is not a country: a mechanism's presidency is held by a state"
                )));
            }
        }
        if vice.as_ref() == Some(&president) {
            return Err(Error::Invalid(format!(
                "{president} cannot be both president and vice-president"
            )));
        }
        if r.mechanism(&mechanism)
            .is_some_and(|m| m.presidency == PresidencyRule::None)
        {
            return Err(Error::Invalid(format!("{mechanism} has no presidency")));
        }
        let row = PresidencyRow {
            mechanism: mechanism.clone(),
            year: i64::from(p.year),
            president: president.clone(),
            vice: vice.clone(),
            source: p.source.clone(),
        };
        if !rows::insert_presidency(s, &row)? {
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
    Ok(rows::meetings(store)?
        .into_iter()
        .map(|m| Meeting {
            id: m.id,
            mechanism: m.mechanism,
            title: m.title,
            start: m.start,
            end: m.end,
            place: m.place,
            recorded_at: m.recorded_at,
            sequence: u32::try_from(m.sequence).unwrap_or(u32::MAX),
            cancelled: m.cancelled,
        })
        .collect())
}

/// A dated change of a meeting, as kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeetingChanged {
    pub meeting: i64,
    /// The meeting's iCalendar SEQUENCE after the change.
    pub sequence: i64,
    pub org: String,
    /// When (RFC 3339).
    pub at: String,
    pub what: String,
    pub reason: String,
}

/// Every change of meeting `id`, in order.
pub fn meeting_changes(store: &mut dyn Store, id: i64) -> Result<Vec<MeetingChanged>> {
    // No meeting is no list: "no changes" would say there is one.
    if !meetings(store)?.iter().any(|m| m.id == id) {
        return Err(Error::NotFound(format!("no meeting {id}")));
    }
    Ok(rows::changes(store, id)?
        .into_iter()
        .map(|c| MeetingChanged {
            meeting: c.meeting,
            sequence: c.sequence,
            org: c.org,
            at: c.at,
            what: c.what,
            reason: c.reason,
        })
        .collect())
}

/// Changes or cancels meeting `id` (the secretariat), with a reason: the
/// change is dated, kept, audited, and the calendar's copy replaced (its
/// SEQUENCE goes up).
pub fn change_meeting(
    store: &mut dyn Store,
    actor: &Actor,
    id: i64,
    change: &MeetingChange,
    reason: &str,
) -> Result<Meeting> {
    actor.require(SECRETARIAT, "changing a meeting")?;
    let reason = crate::workflow::check_text(reason, "the reason")?;
    if let Some(title) = &change.title {
        super::common::line(title, "title")?;
    }
    if let Some(place) = &change.place {
        super::common::line(place, "place")?;
    }
    corredor_store::transaction(store, |s| -> Result<Meeting> {
        let before = meetings(s)?
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| Error::NotFound(format!("no meeting {id}")))?;
        let after = before
            .changed(change, chrono::Utc::now())
            .map_err(|e| match e {
                ChangeError::Cancelled(_) => Error::Conflict(e.to_string()),
                ChangeError::EndsBeforeStart { .. }
                | ChangeError::Nothing
                | ChangeError::OutOfRange(_) => Error::Invalid(e.to_string()),
            })?;
        let what = describe(&before, &after);
        let row = rows::MeetingRow {
            id: after.id,
            mechanism: after.mechanism.clone(),
            title: after.title.clone(),
            start: after.start,
            end: after.end,
            place: after.place.clone(),
            recorded_at: after.recorded_at,
            sequence: i64::from(after.sequence),
            cancelled: after.cancelled,
        };
        let stood = rows::change_meeting(
            s,
            &rows::MeetingChangeRow {
                meeting: &row,
                org: &actor.org,
                what: &what,
                reason: &reason,
            },
        )?;
        if !stood {
            return Err(Error::Conflict(format!(
                "meeting {id} was changed meanwhile: read it again"
            )));
        }
        let verb = if after.cancelled {
            "meeting.cancel"
        } else {
            "meeting.change"
        };
        audit::record(s, actor, verb, &id.to_string(), &what)?;
        Ok(after)
    })
}

/// What a change changed, in a line.
fn describe(before: &Meeting, after: &Meeting) -> String {
    let mut parts = Vec::new();
    if after.cancelled {
        parts.push("cancelled".to_string());
    }
    if before.title != after.title {
        parts.push(format!("title: {} → {}", before.title, after.title));
    }
    if (before.start, before.end) != (after.start, after.end) {
        parts.push(format!(
            "dates: {}–{} → {}–{}",
            before.start, before.end, after.start, after.end
        ));
    }
    if before.place != after.place {
        parts.push(format!("place: {} → {}", before.place, after.place));
    }
    parts.join("; ")
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
    corredor_followup::calendar::check_dates(m.start, m.end).map_err(Error::Invalid)?;
    if m.end < m.start {
        return Err(Error::Invalid(format!(
            "the meeting ends ({}) before it starts ({})",
            m.end, m.start
        )));
    }
    if m.place.trim().is_empty() {
        return Err(Error::Invalid("place: give the place".into()));
    }
    let place = super::common::line(m.place, "place")?;
    if !m.title.trim().is_empty() {
        super::common::line(m.title, "title")?;
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
        let id = rows::insert_meeting(
            s,
            &NewMeetingRow {
                mechanism: &mechanism,
                title: &title,
                start: m.start,
                end: m.end,
                place: &place,
                recorded_at: &at,
            },
        )?;
        audit::record(
            s,
            actor,
            "meeting.add",
            &id.to_string(),
            &format!("{mechanism} {}–{} {place}", m.start, m.end),
        )?;
        Ok(meetings(s)?
            .into_iter()
            .find(|x| x.id == id)
            .expect("just written"))
    })
}

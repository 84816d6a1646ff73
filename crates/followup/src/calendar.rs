//! The meeting calendar: clashes between meetings of different mechanisms
//! that share members, and the calendar as iCalendar (RFC 5545), written
//! with the `icalendar` crate rather than by hand, so line folding, escaping
//! and CRLF endings are the library's well-tested business.

use chrono::{DateTime, NaiveDate, Utc};
use icalendar::{Calendar, Component, EventLike};
use serde::Serialize;

use crate::registry::Registry;

/// Days between two meetings below which they clash when they share
/// members: a delegation needs about a day to travel between two capitals
/// of the region and a day to prepare, so meetings two days apart or less
/// compete for the same people.
pub const DEFAULT_WINDOW_DAYS: i64 = 2;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub id: i64,
    pub mechanism: String,
    pub title: String,
    pub start: NaiveDate,
    /// The last day (inclusive).
    pub end: NaiveDate,
    pub place: String,
    /// When the meeting was put on the calendar, or last changed (the
    /// iCalendar DTSTAMP).
    pub recorded_at: DateTime<Utc>,
    /// How many times it was changed or cancelled (the iCalendar
    /// SEQUENCE, so that calendars replace the copy they hold).
    pub sequence: u32,
    pub cancelled: bool,
}

/// What a change of a meeting sets; what is `None` stays.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeetingChange {
    pub title: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub place: Option<String>,
    /// Cancels the meeting.
    pub cancel: bool,
}

/// Why a meeting cannot be changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("meeting {0} is cancelled: add a new one instead")]
    Cancelled(i64),
    #[error("the meeting would end ({end}) before it starts ({start})")]
    EndsBeforeStart { start: NaiveDate, end: NaiveDate },
    #[error("the change changes nothing")]
    Nothing,
    #[error("{0}")]
    OutOfRange(String),
}

/// A day as files write it (`YYYY-MM-DD`), in a year from 1900 to 2200:
/// a pledge, a rate or a requirement dated in year 20250 is a typing
/// mistake, and a later sum or export of it would fail.
pub fn file_day(text: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    corredor_model::period::iso_day(text)
        .filter(|d| corredor_model::period::YEARS.contains(&d.year()))
}

/// Whether a meeting's dates are plausible: within the years a figure may
/// be dated in (1900–2200), so that a typing mistake ("+262142-12-31") is
/// refused where it is given rather than breaking every calendar after.
pub fn check_dates(start: NaiveDate, end: NaiveDate) -> Result<(), String> {
    use chrono::Datelike;
    for (what, d) in [("start", start), ("end", end)] {
        if !corredor_model::period::YEARS.contains(&d.year()) {
            return Err(format!(
                "the meeting's {what} ({d}) is not a date from 1900 to 2200"
            ));
        }
    }
    Ok(())
}

impl Meeting {
    /// The meeting after `c`, made at `now`: one more in its sequence.
    pub fn changed(&self, c: &MeetingChange, now: DateTime<Utc>) -> Result<Meeting, ChangeError> {
        if self.cancelled {
            return Err(ChangeError::Cancelled(self.id));
        }
        let mut m = self.clone();
        if let Some(t) = &c.title {
            m.title = t.trim().to_string();
        }
        if let Some(p) = &c.place {
            m.place = p.trim().to_string();
        }
        m.start = c.start.unwrap_or(m.start);
        m.end = c.end.unwrap_or(m.end);
        m.cancelled = c.cancel;
        check_dates(m.start, m.end).map_err(ChangeError::OutOfRange)?;
        if m.end < m.start {
            return Err(ChangeError::EndsBeforeStart {
                start: m.start,
                end: m.end,
            });
        }
        if m == *self {
            return Err(ChangeError::Nothing);
        }
        m.sequence += 1;
        m.recorded_at = now;
        Ok(m)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Clash {
    pub a: Meeting,
    pub b: Meeting,
    /// Whole days between the end of the earlier and the start of the
    /// later; 0 when they overlap or follow each other.
    pub gap_days: i64,
    /// Members of both mechanisms on the first day of the earlier meeting.
    pub shared: Vec<String>,
}

/// Days from the end of one meeting to the start of the other: 0 when
/// their days overlap or touch, otherwise the free days between.
pub fn gap_days(a: &Meeting, b: &Meeting) -> i64 {
    let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
    ((second.start - first.end).num_days() - 1).max(0)
}

/// Pairs of meetings of different mechanisms no more than `window_days`
/// apart whose mechanisms share members, earliest first.
pub fn clashes(registry: &Registry, meetings: &[Meeting], window_days: i64) -> Vec<Clash> {
    // A cancelled meeting takes no one away.
    let mut sorted: Vec<&Meeting> = meetings.iter().filter(|m| !m.cancelled).collect();
    sorted.sort_by_key(|m| (m.start, m.id));
    let mut out = Vec::new();
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if a.mechanism == b.mechanism {
                continue;
            }
            let gap = gap_days(a, b);
            if gap > window_days {
                continue;
            }
            let on = a.start;
            let theirs = registry.members_on(&b.mechanism, b.start);
            let shared: Vec<String> = registry
                .members_on(&a.mechanism, on)
                .into_iter()
                .filter(|m| theirs.contains(m))
                .map(str::to_string)
                .collect();
            if !shared.is_empty() {
                out.push(Clash {
                    a: (*a).clone(),
                    b: (*b).clone(),
                    gap_days: gap,
                    shared,
                });
            }
        }
    }
    out
}

/// The meetings a country's delegation may attend: those of mechanisms in
/// which it has any standing on the meeting's first day.
pub fn for_country<'a>(
    registry: &Registry,
    meetings: &'a [Meeting],
    country: &str,
) -> Vec<&'a Meeting> {
    meetings
        .iter()
        .filter(|m| registry.standing(&m.mechanism, country, m.start).is_some())
        .collect()
}

/// An iCalendar of `meetings`, one all-day event each. `name` is the
/// calendar's name (X-WR-CALNAME); `domain` makes the UIDs globally unique
/// (RFC 5545 §3.8.4.7 suggests the host's domain).
pub fn ics(name: &str, domain: &str, meetings: &[&Meeting]) -> String {
    // The product that made it (RFC 5545 §3.7.3), not the library's own
    // default name.
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property(("PRODID", "-//Corredor//Meetings of the mechanisms//EN"))
        .append_property(("CALSCALE", "GREGORIAN"));
    cal.name(name);
    for m in meetings {
        let mut e = icalendar::Event::new();
        e.uid(&format!("meeting-{}@{domain}", m.id))
            .timestamp(m.recorded_at)
            .summary(&format!("{}: {}", m.mechanism, m.title))
            .location(&m.place)
            .starts(m.start)
            // DTEND of an all-day event is the day after the last
            // (RFC 5545 §3.6.1: the end is not inclusive).
            .ends(m.end.succ_opt().unwrap_or(m.end))
            .add_property("CATEGORIES", &m.mechanism)
            .add_property("SEQUENCE", m.sequence.to_string())
            .add_property(
                "STATUS",
                if m.cancelled {
                    "CANCELLED"
                } else {
                    "CONFIRMED"
                },
            );
        cal.push(e.done());
    }
    cal.done().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn meeting(id: i64, mechanism: &str, start: &str, end: &str) -> Meeting {
        Meeting {
            id,
            mechanism: mechanism.into(),
            title: format!("{mechanism} meeting"),
            start: d(start),
            end: d(end),
            place: "Panamá".into(),
            recorded_at: "2026-01-05T10:00:00Z".parse().unwrap(),
            sequence: 0,
            cancelled: false,
        }
    }

    #[test]
    fn a_meeting_dated_outside_1900_to_2200_is_refused_and_never_breaks_a_calendar() {
        let far = NaiveDate::from_ymd_opt(262_142, 12, 31).unwrap();
        assert!(check_dates(d("2027-03-10"), far)
            .unwrap_err()
            .contains("+262142-12-31"));
        assert!(check_dates(d("1899-12-31"), d("2027-03-10")).is_err());
        assert!(check_dates(d("1900-01-01"), d("2200-12-31")).is_ok());
        let m = meeting(1, "CRM", "2027-03-10", "2027-03-12");
        let now: DateTime<Utc> = "2026-02-01T09:00:00Z".parse().unwrap();
        let change = MeetingChange {
            end: Some(far),
            ..Default::default()
        };
        assert!(matches!(
            m.changed(&change, now),
            Err(ChangeError::OutOfRange(_))
        ));
        // A meeting stored before the check, on the last day chrono knows,
        // is still written.
        let mut last = meeting(2, "CRM", "2027-03-10", "2027-03-12");
        last.end = NaiveDate::MAX;
        assert!(ics("CRM", "corredor.example", &[&last]).contains("BEGIN:VEVENT"));
    }

    #[test]
    fn a_change_counts_in_the_sequence_and_a_cancellation_is_written_to_the_calendar() {
        let m = meeting(1, "CRM", "2027-03-10", "2027-03-12");
        let now: DateTime<Utc> = "2026-02-01T09:00:00Z".parse().unwrap();
        let moved = m
            .changed(
                &MeetingChange {
                    start: Some(d("2027-03-11")),
                    ..Default::default()
                },
                now,
            )
            .unwrap();
        assert_eq!(
            (moved.start, moved.sequence, moved.recorded_at),
            (d("2027-03-11"), 1, now)
        );
        assert_eq!(
            m.changed(&MeetingChange::default(), now),
            Err(ChangeError::Nothing)
        );
        assert!(matches!(
            m.changed(
                &MeetingChange {
                    end: Some(d("2027-03-01")),
                    ..Default::default()
                },
                now
            ),
            Err(ChangeError::EndsBeforeStart { .. })
        ));
        let off = moved
            .changed(
                &MeetingChange {
                    cancel: true,
                    ..Default::default()
                },
                now,
            )
            .unwrap();
        assert_eq!(off.sequence, 2);
        assert_eq!(
            off.changed(&MeetingChange::default(), now),
            Err(ChangeError::Cancelled(1))
        );
        let ics = ics("c", "example.org", &[&off]);
        assert!(
            ics.contains("STATUS:CANCELLED") && ics.contains("SEQUENCE:2"),
            "{ics}"
        );
    }

    #[test]
    fn gaps_count_the_free_days_between() {
        let a = meeting(1, "CRM", "2027-03-10", "2027-03-12");
        assert_eq!(
            gap_days(&a, &meeting(2, "MIRPS", "2027-03-12", "2027-03-13")),
            0
        );
        assert_eq!(
            gap_days(&a, &meeting(2, "MIRPS", "2027-03-13", "2027-03-13")),
            0
        );
        assert_eq!(
            gap_days(&a, &meeting(2, "MIRPS", "2027-03-15", "2027-03-16")),
            2
        );
        assert_eq!(
            gap_days(&meeting(2, "MIRPS", "2027-03-01", "2027-03-02"), &a),
            7
        );
    }

    #[test]
    fn meetings_of_mechanisms_sharing_members_clash_within_the_window() {
        let r = crate::seed::registry_2023();
        let meetings = vec![
            meeting(1, "CRM", "2027-03-10", "2027-03-12"),
            // Two free days after CRM: within the default window.
            meeting(2, "MIRPS", "2027-03-15", "2027-03-16"),
            // CSM shares no member with CRM (Mexico is only its observer).
            meeting(3, "CSM", "2027-03-11", "2027-03-11"),
            // A week later: outside the window.
            meeting(4, "QP", "2027-03-24", "2027-03-25"),
            // Same mechanism twice never clashes with itself.
            meeting(5, "CRM", "2027-03-16", "2027-03-16"),
        ];
        let found = clashes(&r, &meetings, DEFAULT_WINDOW_DAYS);
        let pairs: Vec<(i64, i64, i64, usize)> = found
            .iter()
            .map(|c| (c.a.id, c.b.id, c.gap_days, c.shared.len()))
            .collect();
        // CRM–MIRPS: all seven MIRPS members are in CRM. CSM–MIRPS share
        // none. MIRPS (15–16) and CRM (16): overlapping, seven again.
        assert_eq!(pairs, vec![(1, 2, 2, 7), (2, 5, 0, 7)]);
        assert_eq!(
            found[0].shared,
            vec!["BLZ", "CRI", "GTM", "HND", "MEX", "PAN", "SLV"]
        );
        // A wider window brings in the Quito Process, which shares Costa
        // Rica, Mexico and Panama with MIRPS.
        let wide = clashes(&r, &meetings, 7);
        let qp = wide.iter().find(|c| c.a.id == 2 && c.b.id == 4).unwrap();
        assert_eq!(qp.shared, vec!["CRI", "MEX", "PAN"]);
    }

    #[test]
    fn a_cancelled_meeting_clashes_with_none() {
        let r = crate::seed::registry_2023();
        let crm = meeting(1, "CRM", "2027-03-10", "2027-03-12");
        let mirps = meeting(2, "MIRPS", "2027-03-12", "2027-03-13");
        assert_eq!(
            clashes(&r, &[crm.clone(), mirps.clone()], DEFAULT_WINDOW_DAYS).len(),
            1
        );
        for off in [0, 1] {
            let mut meetings = vec![crm.clone(), mirps.clone()];
            meetings[off].cancelled = true;
            assert!(clashes(&r, &meetings, DEFAULT_WINDOW_DAYS).is_empty());
        }
    }

    #[test]
    fn the_calendar_is_icalendar_with_all_day_events() {
        let m = meeting(7, "CRM", "2027-03-10", "2027-03-12");
        let text = ics("CRM", "corredor.example", &[&m]);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
        assert!(text.contains("VERSION:2.0\r\n"));
        assert!(text.contains("PRODID:-//Corredor//Meetings of the mechanisms//EN\r\n"));
        assert!(!text.contains("ICALENDAR-RS"));
        assert!(text.contains("UID:meeting-7@corredor.example\r\n"));
        assert!(text.contains("DTSTAMP:20260105T100000Z\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20270310\r\n"));
        assert!(text.contains("DTEND;VALUE=DATE:20270313\r\n"));
        assert!(text.contains("SUMMARY:CRM: CRM meeting\r\n"));
        assert!(text.trim_end().ends_with("END:VCALENDAR"));
    }

    #[test]
    fn a_country_sees_the_meetings_of_mechanisms_it_takes_part_in() {
        let r = crate::seed::registry_2023();
        let meetings = vec![
            meeting(1, "CRM", "2027-03-10", "2027-03-12"),
            meeting(2, "CSM", "2027-04-10", "2027-04-12"),
            meeting(3, "R4V", "2027-05-10", "2027-05-12"),
        ];
        let mex: Vec<i64> = for_country(&r, &meetings, "MEX")
            .iter()
            .map(|m| m.id)
            .collect();
        // Mexico observes CSM, and its delegation attends.
        assert_eq!(mex, vec![1, 2, 3]);
        let can: Vec<i64> = for_country(&r, &meetings, "CAN")
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(can, vec![1]);
    }
}

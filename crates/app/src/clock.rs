//! Instants as the store records them: RFC 3339 text in UTC with
//! microseconds, so that text order is time order on both backends.

use chrono::{DateTime, Utc};

pub fn format(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

pub fn now() -> String {
    format(Utc::now())
}

/// Today's date in UTC.
pub fn today() -> chrono::NaiveDate {
    Utc::now().date_naive()
}

/// A day given as `name=` (`YYYY-MM-DD`, in a year from 1900 to 2200: one
/// outside is a typing mistake, refused rather than answered), today when
/// absent or empty.
pub fn day_param(name: &str, v: Option<&str>) -> crate::Result<chrono::NaiveDate> {
    match v.filter(|s| !s.is_empty()) {
        Some(s) => corredor_followup::calendar::file_day(s).ok_or_else(|| {
            crate::Error::Invalid(format!(
                "{name}={s}: use YYYY-MM-DD, a day from 1900 to 2200"
            ))
        }),
        None => Ok(today()),
    }
}

/// `now` plus `seconds` (negative for the past).
pub fn in_seconds(seconds: i64) -> String {
    format(Utc::now() + chrono::Duration::seconds(seconds))
}

/// An `--as-received` or `as_received=` value: a day (the end of it) or an
/// instant, as the store's text.
pub fn as_received(text: &str) -> Result<String, String> {
    day_or_instant(text, "as-received", "T23:59:59.999999Z")
}

/// A `since=` value: a day (its start) or an instant, as the store's text.
pub fn since(text: &str) -> Result<String, String> {
    day_or_instant(text, "since", "T00:00:00.000000Z")
}

/// A day (at `time_of_day`, as the store writes it) or an RFC 3339 instant,
/// as the store's text; `what` names the value in the error.
fn day_or_instant(text: &str, what: &str, time_of_day: &str) -> Result<String, String> {
    use chrono::Datelike;
    let wrong = || {
        format!("{what} '{text}': give a date (2024-05-01) or an RFC 3339 instant (2024-05-01T12:00:00Z), in a year from 1900 to 2200")
    };
    // A day outside the years is no instant either: refused below.
    if let Some(day) = corredor_followup::calendar::file_day(text) {
        return Ok(format!("{}{time_of_day}", day.format("%Y-%m-%d")));
    }
    let t = DateTime::parse_from_rfc3339(text)
        .map_err(|_| wrong())?
        .with_timezone(&Utc);
    // The store's text orders as time only for four-digit years.
    if !corredor_model::period::YEARS.contains(&t.year()) {
        return Err(wrong());
    }
    Ok(format(t))
}

/// A stored instant as CAP 1.2 writes it: seconds, and an explicit offset
/// (CAP's pattern refuses `Z`).
pub fn cap(text: &str) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%S-00:00")
            .to_string()
            .replace("-00:00", "+00:00"),
        Err(_) => text.to_string(),
    }
}

/// A stored instant as Atom writes it (RFC 3339, seconds).
pub fn atom(text: &str) -> String {
    match DateTime::parse_from_rfc3339(text) {
        Ok(t) => t
            .with_timezone(&Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        Err(_) => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_received_takes_days_and_instants() {
        assert_eq!(
            as_received("2024-05-01").unwrap(),
            "2024-05-01T23:59:59.999999Z"
        );
        assert_eq!(
            as_received("2024-05-01T12:00:00-05:00").unwrap(),
            "2024-05-01T17:00:00.000000Z"
        );
        assert!(as_received("May 2024").is_err());
        // A year no figure may be dated in is a typing mistake.
        for wrong in ["1899-12-31", "2201-01-01", "2201-01-01T00:00:00Z"] {
            let e = as_received(wrong).unwrap_err();
            assert!(e.contains("from 1900 to 2200"), "{e}");
            assert!(since(wrong).is_err());
        }
        assert!(since("2200-12-31").is_ok());
    }

    #[test]
    fn cap_and_atom_instants() {
        assert_eq!(
            cap("2024-05-01T17:00:00.123456Z"),
            "2024-05-01T17:00:00+00:00"
        );
        assert_eq!(atom("2024-05-01T17:00:00.123456Z"), "2024-05-01T17:00:00Z");
    }
}

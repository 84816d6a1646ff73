//! Small helpers for what the commands print.

use std::io::{self, IsTerminal};

/// The current instant as the store records it: RFC 3339, UTC, microseconds,
/// so that text order is time order.
pub fn now() -> String {
    chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string()
}

/// `--as-received`: a day (the end of it) or an instant, as the store's text.
pub fn as_received(text: &str) -> anyhow::Result<String> {
    if let Ok(day) = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(format!("{}T23:59:59.999999Z", day.format("%Y-%m-%d")));
    }
    let t = chrono::DateTime::parse_from_rfc3339(text).map_err(|_| {
        anyhow::anyhow!("--as-received '{text}': give a date (2024-05-01) or an RFC 3339 instant (2024-05-01T12:00:00Z)")
    })?;
    Ok(t.with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string())
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A text cell made safe for spreadsheets: one that would be run as a
/// formula gets a leading apostrophe (OWASP's advice for CSV injection).
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    if corredor_model::record::looks_like_formula(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// Whether to draw progress bars.
pub fn interactive() -> bool {
    io::stderr().is_terminal()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(
            spreadsheet_safe("=cmd|' /C calc'!A0"),
            "'=cmd|' /C calc'!A0"
        );
        assert_eq!(spreadsheet_safe("CBP"), "CBP");
    }

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
    }
}

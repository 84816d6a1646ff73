//! What the follow-up's use cases share: the secretariat's role, how a
//! refusal names a bad value or a stored code, and the checks every
//! write makes (a source, a known mechanism).

use corredor_followup::registry::Registry;

use crate::auth::Role;
use crate::{Error, Result};

pub(super) const SECRETARIAT: &[Role] = &[Role::Secretariat];

pub(super) fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(e.to_string())
}

/// A code read back from the store that its type does not know.
pub(super) fn stored(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

pub(super) fn need_source(source: &str) -> Result<()> {
    if source.trim().is_empty() {
        return Err(Error::Invalid(
            "source: give the source, a document, a date, a page".into(),
        ));
    }
    no_control(source, "source")
}

/// Refuses control characters in text others will read: an escape
/// sequence runs on a reader's terminal, a carriage return splits a
/// calendar's line, a NUL stops a parser.
pub(super) fn no_control(text: &str, field: &str) -> Result<()> {
    no_control_but(text, field, &[])
}

/// [`no_control`], letting `spacing` through (a report's line breaks and
/// tabs).
pub(super) fn no_control_but(text: &str, field: &str, spacing: &[char]) -> Result<()> {
    if text
        .chars()
        .any(|c| corredor_model::record::is_hidden_control(c) && !spacing.contains(&c))
    {
        return Err(Error::Invalid(format!(
            "{field}: contains control characters; remove them"
        )));
    }
    Ok(())
}

/// A line of text a write stores and others read (a title, a place, a
/// name): trimmed, not empty, at most 300 characters, no control
/// characters.
pub(super) fn line(text: &str, field: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::Invalid(format!("{field}: is empty")));
    }
    if t.chars().count() > 300 {
        return Err(Error::Invalid(format!(
            "{field}: is longer than 300 characters"
        )));
    }
    no_control(t, field)?;
    Ok(t.to_string())
}

/// A code that names a record in addresses and files: letters, digits,
/// `-`, `_` and `.`, at most 64 of them, one a letter or a digit (so that
/// `.` and `..` are no codes).
pub(super) fn code(text: &str, field: &str) -> Result<()> {
    let ok = text.chars().any(|c| c.is_ascii_alphanumeric())
        && text.len() <= 64
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !ok {
        return Err(Error::Invalid(format!(
            "{field} '{}': use letters, digits, '-', '_' or '.', at most 64 of them",
            text.escape_debug()
        )));
    }
    Ok(())
}

pub(super) fn require_mechanism(r: &Registry, code: &str) -> Result<String> {
    r.mechanism(code).map(|m| m.code.clone()).ok_or_else(|| {
        Error::NotFound(format!("no mechanism {code}: see `corredor registry list`"))
    })
}

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
    Ok(())
}

pub(super) fn require_mechanism(r: &Registry, code: &str) -> Result<String> {
    r.mechanism(code).map(|m| m.code.clone()).ok_or_else(|| {
        Error::NotFound(format!("no mechanism {code}: see `corredor registry list`"))
    })
}

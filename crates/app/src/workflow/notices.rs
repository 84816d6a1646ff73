//! Which stored notice a data-quality notice the screen raises is: the
//! one it continues, or a new one after a settled one, which it names.

use corredor_model::{AlertKind, AlertStatus};
use corredor_store::alerts as repo;
use corredor_store::{Access, Store};

use crate::alerts::Query;
use crate::{Error, Result};

/// The id notice `first` is stored under now: `first` itself unless it
/// was settled, else the first of the notices raised again after it
/// ([`corredor_warning::detect::raised_again`]) that was not; with the
/// last settled one before it, if any.
pub(super) fn unsettled_id(s: &mut dyn Store, first: &str) -> Result<(String, Option<String>)> {
    let mut id = first.to_string();
    let mut settled = None;
    // A break settled and flagged again more than a thousand times is a
    // fault, not a history.
    for _ in 0..1000 {
        match repo::get(s, &Access::Operator, &id)? {
            Some(r) if r.status == AlertStatus::Closed => {
                let next = corredor_warning::detect::raised_again(&id);
                settled = Some(std::mem::replace(&mut id, next));
            }
            _ => return Ok((id, settled)),
        }
    }
    Err(Error::Internal(format!(
        "notice {first} was settled and raised again a thousand times"
    )))
}

/// For notice `a`, just stored: the latest settled notice of the same
/// reporter and indicator whose periods overlap its own (`None` for an
/// alert that is no notice). A break flagged again from another first
/// period than the one it was settled under (a revision of its last months
/// only) has another id than [`unsettled_id`] follows, but is the same
/// break raised again.
pub(super) fn settled_overlapping(
    s: &mut dyn Store,
    a: &corredor_warning::Alert,
) -> Result<Option<String>> {
    let Some(covers) = &a.covers else {
        return Ok(None);
    };
    let query = Query {
        kind: Some(AlertKind::DataQuality.to_string()),
        status: vec![AlertStatus::Closed.to_string()],
        country: Some(a.key.reporter.clone()),
        order: repo::Order::Recent,
        limit: Some(5000),
        ..Query::default()
    };
    Ok(crate::alerts::list(s, &Access::Operator, &query)?
        .into_iter()
        .find(|n| {
            n.reporter == a.key.reporter
                && n.indicator == a.key.indicator
                && n.covers
                    .as_ref()
                    .is_some_and(|c| c.months.iter().any(|m| covers.months.contains(m)))
        })
        .map(|n| n.id))
}

//! The audit log: who did what, when, from where. Written in the same
//! transaction as the change it records; the schema refuses any update or
//! delete of it, on both backends.

use corredor_store::{AuditEntry, Store};
use serde::Serialize;

use crate::{clock, Result};
use corredor_model::{Actor, Role};

pub fn record(
    store: &mut dyn Store,
    actor: &Actor,
    action: &str,
    target: &str,
    detail: &str,
) -> Result<()> {
    corredor_store::audit::insert(store, &entry(actor, action, target, detail))?;
    Ok(())
}

/// The first change someone made (not a sign-in, a read or the server's
/// scheduled work) after the newest entry of `action`; `None` when there
/// is none, or no entry of `action` at all.
pub fn change_after_last(store: &mut dyn Store, action: &str) -> Result<Option<AuditEntry>> {
    let Some(last) = corredor_store::audit::last_of(store, action)? else {
        return Ok(None);
    };
    Ok(corredor_store::audit::first_change_after(store, last)?.map(|(_, e)| e))
}

/// The entry `actor` doing `action` on `target` makes, dated now.
pub fn entry(actor: &Actor, action: &str, target: &str, detail: &str) -> AuditEntry {
    AuditEntry {
        at: clock::now(),
        org: actor.org.clone(),
        role: actor.role.as_str().to_string(),
        token_id: actor.token_id,
        action: action.to_string(),
        target: target.to_string(),
        detail: detail.to_string(),
        remote: actor.remote.clone(),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub org: String,
    pub role: String,
    pub token_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub remote: String,
}

/// The log, newest first, for the secretariat: filtered by the sharing
/// rule like what it describes. A step on an alert the reader may not see
/// (a comment, an acknowledgement, a task done) is left out whole, since
/// even its existence is not theirs to know.
pub fn entries(store: &mut dyn Store, actor: &Actor, limit: i64) -> Result<Vec<Entry>> {
    actor.require(&[Role::Secretariat], "reading the audit log")?;
    let visible = crate::alerts::visible_ids(store, &actor.access())?;
    Ok(corredor_store::audit::list(store, limit)?
        .into_iter()
        .filter(|(_, e)| match (&visible, alert_of(e)) {
            (Some(visible), Some(alert)) => visible.contains(alert),
            _ => true,
        })
        .map(|(id, e)| Entry {
            id,
            at: e.at,
            org: e.org,
            role: e.role,
            token_id: e.token_id,
            action: e.action,
            target: e.target,
            detail: e.detail,
            remote: e.remote,
        })
        .collect())
}

/// The alert an entry is about: its target for a step on an alert, its
/// detail for a task's step (which records the task's alert).
fn alert_of(e: &AuditEntry) -> Option<&str> {
    e.target
        .strip_prefix("alert/")
        .or_else(|| e.action.starts_with("task.").then_some(e.detail.as_str()))
}

//! The audit log: who did what, when, from where. Written in the same
//! transaction as the change it records; the schema refuses any update or
//! delete of it, on both backends.

use corredor_store::{AuditEntry, Store};
use serde::Serialize;

use crate::auth::{Actor, Role};
use crate::{clock, Result};

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

/// The log, newest first, for the secretariat.
pub fn entries(store: &mut dyn Store, actor: &Actor, limit: i64) -> Result<Vec<Entry>> {
    actor.require(&[Role::Secretariat], "reading the audit log")?;
    Ok(corredor_store::audit::list(store, limit)?
        .into_iter()
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

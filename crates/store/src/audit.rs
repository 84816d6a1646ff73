//! The audit log's rows. An entry is written in the transaction of the
//! change it records (through [`insert`], or [`crate::Import::audit`] for an
//! import); the schema refuses any update or delete of it, on both
//! backends.

use crate::sql::Value;
use crate::{Result, Store};

/// One audit entry: who did what, when, from where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub org: String,
    pub role: String,
    pub token_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub remote: String,
}

pub(crate) const INSERT: &str =
    "INSERT INTO audit (at, org, role, token_id, action, target, detail, remote) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";

const LIST: &str = "SELECT id, at, org, role, token_id, action, target, detail, remote \
     FROM audit ORDER BY id DESC LIMIT {p}";

pub(crate) const STATEMENTS: &[&str] = &[INSERT, LIST];

impl AuditEntry {
    pub(crate) fn params(&self) -> [Value; 8] {
        [
            self.at.as_str().into(),
            self.org.as_str().into(),
            self.role.as_str().into(),
            self.token_id.into(),
            self.action.as_str().into(),
            self.target.as_str().into(),
            self.detail.as_str().into(),
            self.remote.as_str().into(),
        ]
    }
}

/// Writes `entry` on `store`, inside whatever transaction it has open.
pub fn insert(store: &mut dyn Store, entry: &AuditEntry) -> Result<()> {
    store.execute(INSERT, &entry.params())?;
    Ok(())
}

/// The newest `limit` entries, newest first, each with its id.
pub fn list(store: &mut dyn Store, limit: i64) -> Result<Vec<(i64, AuditEntry)>> {
    store
        .query(LIST, &[limit.into()])?
        .iter()
        .map(|r| {
            Ok((
                r.int("id")?,
                AuditEntry {
                    at: r.text("at")?,
                    org: r.text("org")?,
                    role: r.text("role")?,
                    token_id: r.opt_int("token_id")?,
                    action: r.text("action")?,
                    target: r.text("target")?,
                    detail: r.text("detail")?,
                    remote: r.text("remote")?,
                },
            ))
        })
        .collect()
}

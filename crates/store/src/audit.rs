//! The audit log's rows. An entry is written in the transaction of the
//! change it records (through [`insert`], or [`crate::Import::audit`] for an
//! import); the schema refuses any update or delete of it, on both
//! backends.

use crate::sql::{Row, Value};
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
     FROM audit WHERE id < {p} ORDER BY id DESC LIMIT {p}";

const LAST_OF: &str = "SELECT MAX(id) AS id FROM audit WHERE action = {p}";
/// The first entry after an id that changed something: sign-ins, reads
/// (whose actions end in `.read`), refusals (`.refused`, nothing written)
/// and the server's own work (its scheduled rounds, remote `scheduler:…`,
/// and its recovery at start, remote `recovery`) are not changes someone
/// made.
const FIRST_CHANGE_AFTER: &str = "SELECT id, at, org, role, token_id, action, target, detail, \
     remote FROM audit WHERE id > {p} AND action NOT LIKE 'session.%' \
     AND action NOT LIKE '%.read' AND action NOT LIKE '%.refused' \
     AND remote NOT LIKE 'scheduler:%' AND remote <> 'recovery' ORDER BY id LIMIT 1";

pub(crate) const STATEMENTS: &[&str] = &[INSERT, LIST, LAST_OF, FIRST_CHANGE_AFTER];

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

/// The newest `limit` entries before entry `before` (from the newest
/// without it), newest first, each with its id.
pub fn list(
    store: &mut dyn Store,
    before: Option<i64>,
    limit: i64,
) -> Result<Vec<(i64, AuditEntry)>> {
    store
        .query(LIST, &[before.unwrap_or(i64::MAX).into(), limit.into()])?
        .iter()
        .map(read)
        .collect()
}

/// The id of the newest entry of `action`, if there is one.
pub fn last_of(store: &mut dyn Store, action: &str) -> Result<Option<i64>> {
    match store.query(LAST_OF, &[action.into()])?.first() {
        Some(r) => r.opt_int("id"),
        None => Ok(None),
    }
}

/// The first entry after entry `id` that records a change someone made:
/// not a sign-in, a read or the server's scheduled work.
pub fn first_change_after(store: &mut dyn Store, id: i64) -> Result<Option<(i64, AuditEntry)>> {
    store
        .query(FIRST_CHANGE_AFTER, &[id.into()])?
        .first()
        .map(read)
        .transpose()
}

fn read(r: &Row) -> Result<(i64, AuditEntry)> {
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
}

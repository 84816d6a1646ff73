//! Leases: scheduled work (the periodic scan, webhook delivery) runs on one
//! server instance at a time, however many share the database. A lease is a
//! row whose holder and expiry change only by one atomic upsert, the same
//! statement on SQLite and PostgreSQL.

use crate::{Result, Store};

/// Takes the lease, or renews it for its holder, when it has run out.
const ACQUIRE: &str = "INSERT INTO lease (name, holder, until) VALUES ({p}, {p}, {p}) \
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until \
     WHERE lease.until < {p} OR lease.holder = excluded.holder";

/// Takes the lease only when it has run out, whoever held it.
const ONCE_PER: &str = "INSERT INTO lease (name, holder, until) VALUES ({p}, {p}, {p}) \
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until \
     WHERE lease.until < {p}";

pub(crate) const STATEMENTS: &[&str] = &[ACQUIRE, ONCE_PER];

/// Takes or renews the lease `name` for `holder` until `until` (it is
/// `now`); whether `holder` has it now.
pub fn acquire(
    store: &mut dyn Store,
    name: &str,
    holder: &str,
    until: &str,
    now: &str,
) -> Result<bool> {
    let n = store.execute(
        ACQUIRE,
        &[name.into(), holder.into(), until.into(), now.into()],
    )?;
    Ok(n > 0)
}

/// Takes the lease `name` until `until` only if nobody (not even `holder`)
/// holds it at `now`.
pub fn once_per(
    store: &mut dyn Store,
    name: &str,
    holder: &str,
    until: &str,
    now: &str,
) -> Result<bool> {
    let n = store.execute(
        ONCE_PER,
        &[name.into(), holder.into(), until.into(), now.into()],
    )?;
    Ok(n > 0)
}

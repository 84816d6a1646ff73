//! Leases: scheduled work (the periodic scan, webhook delivery) runs on one
//! server instance at a time, however many share the database. A lease is a
//! row whose holder and expiry change only by one atomic upsert, the same
//! statement on SQLite and PostgreSQL.

use corredor_store::Store;

use crate::{clock, Result};

/// Takes or renews the lease `name` for `holder` for `seconds`; whether
/// `holder` has it now.
pub fn acquire(store: &mut dyn Store, name: &str, holder: &str, seconds: i64) -> Result<bool> {
    let now = clock::now();
    let n = store.execute(
        "INSERT INTO lease (name, holder, until) VALUES ({p}, {p}, {p}) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until \
         WHERE lease.until < {p} OR lease.holder = excluded.holder",
        &[
            name.into(),
            holder.into(),
            clock::in_seconds(seconds).into(),
            now.into(),
        ],
    )?;
    Ok(n > 0)
}

/// Takes the lease `name` only if nobody (not even `holder`) holds it: for
/// work that must not run more often than every `seconds`.
pub fn once_per(store: &mut dyn Store, name: &str, holder: &str, seconds: i64) -> Result<bool> {
    let n = store.execute(
        "INSERT INTO lease (name, holder, until) VALUES ({p}, {p}, {p}) \
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until \
         WHERE lease.until < {p}",
        &[
            name.into(),
            holder.into(),
            clock::in_seconds(seconds).into(),
            clock::now().into(),
        ],
    )?;
    Ok(n > 0)
}

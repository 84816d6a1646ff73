//! Leases: scheduled work (the periodic scan, webhook delivery) runs on one
//! server instance at a time, however many share the database. A lease is a
//! row whose holder and expiry change only by one atomic upsert
//! (`corredor_store::leases`); this module says when.

use corredor_store::{leases, Store};

use crate::{clock, Result};

/// Takes or renews the lease `name` for `holder` for `seconds`; whether
/// `holder` has it now.
pub fn acquire(store: &mut dyn Store, name: &str, holder: &str, seconds: i64) -> Result<bool> {
    Ok(leases::acquire(
        store,
        name,
        holder,
        &clock::in_seconds(seconds),
        &clock::now(),
    )?)
}

/// Takes the lease `name` only if nobody (not even `holder`) holds it: for
/// work that must not run more often than every `seconds`.
pub fn once_per(store: &mut dyn Store, name: &str, holder: &str, seconds: i64) -> Result<bool> {
    Ok(leases::once_per(
        store,
        name,
        holder,
        &clock::in_seconds(seconds),
        &clock::now(),
    )?)
}

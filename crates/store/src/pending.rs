//! Series waiting for the early warning (`scan_pending`). An import marks
//! the series it changed in its own transaction ([`crate::Import::mark_scan`]);
//! the scan that follows clears the marks it covered ([`clear`]). Marks
//! left by a process that stopped in between are found by [`list`].

use std::collections::BTreeSet;

use corredor_model::SeriesKey;

use crate::sql::Value;
use crate::{Result, Store, StoreError};

/// A later mark of the same series only moves its time forward, so that a
/// scan that started before it does not clear it.
pub(crate) const MARK: &str =
    "INSERT INTO scan_pending (reporter, location, nationality, indicator, marked_at) \
     VALUES ({p}, {p}, {p}, {p}, {p}) \
     ON CONFLICT (reporter, location, nationality, indicator) \
     DO UPDATE SET marked_at = excluded.marked_at";

const LIST: &str = "SELECT reporter, location, nationality, indicator FROM scan_pending \
     ORDER BY reporter, location, nationality, indicator";

const CLEAR_ONE: &str = "DELETE FROM scan_pending WHERE reporter = {p} AND location = {p} \
     AND nationality = {p} AND indicator = {p} AND marked_at <= {p}";

const CLEAR_ALL: &str = "DELETE FROM scan_pending WHERE marked_at <= {p}";

pub(crate) const STATEMENTS: &[&str] = &[MARK, LIST, CLEAR_ONE, CLEAR_ALL];

pub(crate) fn mark_params(key: &SeriesKey, at: &str) -> [Value; 5] {
    [
        key.reporter.as_str().into(),
        key.location.as_str().into(),
        key.nationality.as_str().into(),
        key.indicator.as_str().into(),
        at.into(),
    ]
}

/// The series marked and not yet scanned.
pub fn list(store: &mut dyn Store) -> Result<BTreeSet<SeriesKey>> {
    store
        .query(LIST, &[])?
        .iter()
        .map(|r| {
            Ok(SeriesKey {
                reporter: r.text(0)?,
                location: r
                    .text(1)?
                    .parse()
                    .map_err(|e| StoreError::Invalid(format!("scan_pending.location: {e}")))?,
                nationality: r.text(2)?,
                indicator: r.text(3)?,
            })
        })
        .collect()
}

/// Clears the marks of `keys` (every mark when `None`) made no later than
/// `started`, the time the scan that covered them began reading.
pub fn clear(
    store: &mut dyn Store,
    keys: Option<&BTreeSet<SeriesKey>>,
    started: &str,
) -> Result<()> {
    match keys {
        None => {
            store.execute(CLEAR_ALL, &[started.into()])?;
        }
        Some(keys) => {
            for key in keys {
                store.execute(CLEAR_ONE, &mark_params(key, started))?;
            }
        }
    }
    Ok(())
}

//! The rescan use case: the early warning run over the store's places
//! ([`crate::engine`] computes), its judgements stored through the alert
//! workflow ([`crate::workflow`]), and the scan marks it covered cleared.

use std::collections::BTreeSet;

use corredor_model::SeriesKey;
use corredor_store::{Filter, Store};
use corredor_warning::corridor::RouteFile;

use crate::alerts::Changes;
use crate::auth::Actor;
use crate::{clock, engine, workflow, Result};

/// How many times a scan computes its judgements before storing them
/// although imports keep arriving meanwhile.
const ATTEMPTS: usize = 4;

/// Re-runs the early warning on the places of `touched` series (every
/// place when `None`), each as of its latest period, stores what it
/// raises, and clears the scan marks it covered. Callers audit it: see
/// [`crate::observations`].
pub fn rescan(
    store: &mut dyn Store,
    actor: &Actor,
    routes: &RouteFile,
    touched: Option<&BTreeSet<SeriesKey>>,
) -> Result<Changes> {
    // Lags are learned from every series, so everything is loaded; the
    // detectors then look only at the touched places.
    let started = clock::now();
    let mut attempt = 0;
    let (mut loaded, changes, version) = loop {
        attempt += 1;
        let version = corredor_store::data_version(store)?;
        let loaded = engine::load(store, &Filter::default(), None)?;
        let computed = engine::detect_latest(&loaded, touched, routes);
        // Judgements of figures an import has replaced since are computed
        // again on the new ones; after a few rounds of imports arriving
        // meanwhile they are stored as they are, and the narrowing below
        // reads the figures again.
        let snapshot = (attempt < ATTEMPTS).then_some(version);
        if let Some(changes) = workflow::persist(store, actor, &computed, snapshot)? {
            break (loaded, changes, version);
        }
    };
    if corredor_store::data_version(store)? != version {
        loaded = engine::load(store, &Filter::default(), None)?;
    }
    corredor_store::transaction(store, |s| {
        workflow::narrow_sharing(s, actor, &loaded).map(|_| ())
    })?;
    let mut changes = changes;
    changes.closed =
        workflow::settle_notices(store, actor, &engine::flagged(&loaded), &loaded.confirmed)?;
    // The marks this scan covered; a crash before this line leaves them,
    // and the scan is run again, which stores nothing twice (`persist`
    // skips a judgement it already holds).
    corredor_store::pending::clear(store, touched, &started)?;
    Ok(changes)
}

//! A scan's judgements computed on figures that an import has since
//! re-shared more narrowly are not stored: they carry the sharing of the
//! figures before, and storing them would show again what the import has
//! just narrowed. Scans in two processes (an import's, and the server's)
//! may overlap so.

mod common;

use corredor_app::alerts::{self, Query};
use corredor_app::engine;
use corredor_model::{ShareLevel, Sharing, Viewer};
use corredor_store::{Access, Filter, Store};
use corredor_testkit::TestStore;
use corredor_warning::corridor::{self, RouteFile};

#[test]
fn judgements_of_figures_narrowed_since_are_not_stored() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store: &mut dyn Store = store.as_mut();
    let operator = corredor_app::auth::operator("local");
    common::world(store, &operator, Sharing::public());
    let public = |store: &mut dyn Store| {
        alerts::list(store, &Access::Viewer(Viewer::Public), &Query::active())
            .unwrap()
            .len()
    };
    assert!(public(store) > 0);

    // A scan computes its judgements on the public figures…
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    let version = corredor_store::data_version(store).unwrap();
    let loaded = engine::load(store, &Filter::default(), None).unwrap();
    let stale = engine::detect_latest(&loaded, None, &routes);
    // …while every country re-sends its figures restricted to itself, and
    // that import's own scan narrows the alerts.
    common::submit_corridor(
        store,
        &operator,
        Sharing::new(ShareLevel::Restricted, Vec::new()),
    );
    assert_eq!(public(store), 0);

    // The scan's judgements are not stored.
    let stored = corredor_app::workflow::persist(store, &operator, &stale, Some(version)).unwrap();
    assert!(stored.is_none());
    assert_eq!(public(store), 0);
    // Stored unchecked, they would show the alerts to the public again.
    corredor_app::workflow::persist(store, &operator, &stale, None).unwrap();
    assert!(public(store) > 0);
}

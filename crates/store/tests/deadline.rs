//! A write past the store's deadline is not kept, on both backends: a
//! transaction and an import roll back instead of committing, and a
//! statement outside a transaction is not run, each `TimedOut`. Before the
//! deadline, or with none, writes are kept; the connection stays good.

use std::time::{Duration, Instant};

use corredor_model::{SeriesKey, Sharing};
use corredor_store::audit::{self, AuditEntry};
use corredor_store::{FileMeta, NewObservation, Store, StoreError};
use corredor_testkit::TestStore;

fn entry(action: &str) -> AuditEntry {
    AuditEntry {
        at: "2026-01-01T00:00:00Z".into(),
        org: "SEC".into(),
        role: "secretariat".into(),
        token_id: None,
        action: action.into(),
        target: "t".into(),
        detail: String::new(),
        remote: "test".into(),
    }
}

/// The actions of the audit log, oldest first.
fn actions(store: &mut dyn Store) -> Vec<String> {
    let mut out: Vec<String> = audit::list(store, None, 100)
        .unwrap()
        .into_iter()
        .map(|(_, e)| e.action)
        .collect();
    out.reverse();
    out
}

fn past() -> Option<Instant> {
    Some(Instant::now() - Duration::from_millis(1))
}

#[test]
fn a_transaction_past_its_deadline_rolls_back() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    store.set_deadline(past());
    assert!(store.deadline().is_some());
    let out = corredor_store::transaction(store.as_mut(), |s| audit::insert(s, &entry("late")));
    assert!(matches!(out, Err(StoreError::TimedOut)), "{out:?}");
    // Outside a transaction, a statement commits as it runs: not run.
    let out = audit::insert(store.as_mut(), &entry("late, alone"));
    assert!(matches!(out, Err(StoreError::TimedOut)), "{out:?}");
    // Reads go on.
    assert!(actions(store.as_mut()).is_empty());

    // A deadline ahead, or none, keeps writes; the connection is good.
    store.set_deadline(Some(Instant::now() + Duration::from_secs(600)));
    corredor_store::transaction(store.as_mut(), |s| audit::insert(s, &entry("in time"))).unwrap();
    store.set_deadline(None);
    audit::insert(store.as_mut(), &entry("no deadline")).unwrap();
    assert_eq!(actions(store.as_mut()), ["in time", "no deadline"]);
}

#[test]
fn an_import_past_its_deadline_rolls_back() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let key = SeriesKey {
        reporter: "PAN".into(),
        location: "ALL".parse().unwrap(),
        nationality: "VEN".into(),
        indicator: "irregular_entries".into(),
    };
    let import_one = |store: &mut dyn Store| -> corredor_store::Result<()> {
        let mut import = store.begin_import()?;
        import.start_file(&FileMeta {
            file: "f.csv".into(),
            format: "long".into(),
            source: None,
            org: "PAN".into(),
            received_at: "2026-01-01T00:00:00.000000Z".into(),
            sharing: Sharing::public(),
        })?;
        import
            .add(&NewObservation {
                key: &key,
                period: "2023-08".parse().unwrap(),
                dims: "",
                value: 5,
                source: None,
                sharing: None,
                at: &corredor_model::Origin::row(corredor_model::Position::Text {
                    file: "f.csv".into(),
                    line: 2,
                    column: None,
                }),
            })?
            .unwrap();
        import.finish_file("0")?;
        import.audit(&entry("import"))?;
        import.commit()
    };
    store.set_deadline(past());
    let out = import_one(store.as_mut());
    assert!(matches!(out, Err(StoreError::TimedOut)), "{out:?}");
    store.set_deadline(None);
    assert!(store.batches().unwrap().is_empty());
    assert!(actions(store.as_mut()).is_empty());
    // Again in time: kept.
    import_one(store.as_mut()).unwrap();
    assert_eq!(store.batches().unwrap().len(), 1);
    assert_eq!(actions(store.as_mut()), ["import"]);
}

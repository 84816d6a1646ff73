//! A write that meets another one made meanwhile (the same key written
//! twice, a row its key names deleted) is a `Conflict` on both backends,
//! told apart from the store's own failures, and its transaction leaves
//! nothing behind.

use corredor_store::labour::{self as rows, OutcomeRow, RunRow, WorkerRow};
use corredor_store::StoreError;
use corredor_testkit::TestStore;

fn worker(id: &str) -> WorkerRow {
    WorkerRow {
        id: id.into(),
        nationality: "VEN".into(),
        residence: "PAN".into(),
        isco: "7212".into(),
        experience_years: 3.0,
        languages: "es".into(),
        skills: String::new(),
        consent: true,
        registered_by: "PAN".into(),
        registered_at: "2026-01-01T00:00:00Z".into(),
    }
}

#[test]
fn a_key_written_twice_is_a_conflict_and_leaves_nothing() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    rows::insert_worker(store.as_mut(), &worker("W-1")).unwrap();
    let out = corredor_store::transaction(store.as_mut(), |s| {
        rows::insert_worker(s, &worker("W-2"))?;
        rows::insert_worker(s, &worker("W-1"))
    });
    assert!(matches!(out, Err(StoreError::Conflict(_))), "{out:?}");
    assert_eq!(
        rows::worker_keys(store.as_mut()).unwrap(),
        vec![("PAN".to_string(), "W-1".to_string())]
    );
    // The connection is still good for the next write.
    rows::insert_worker(store.as_mut(), &worker("W-3")).unwrap();
}

#[test]
fn an_outcome_of_a_worker_deleted_meanwhile_is_a_conflict_on_postgres() {
    let test = TestStore::new();
    if !test.url.starts_with("postgres") {
        // SQLite is not asked to check foreign keys: writers take turns
        // there, and the run checks its workers in its own transaction.
        return;
    }
    let mut store = corredor_store::open(&test.url).unwrap();
    let out = corredor_store::transaction(store.as_mut(), |s| {
        let run = rows::insert_run(
            s,
            &RunRow {
                id: 0,
                ran_at: "2026-01-01T00:00:00Z".into(),
                ran_by: "SEC".into(),
                objective: 0.0,
                bound: 0.0,
                gap: 0.0,
                optimal: true,
                finished: true,
                salt: None,
            },
        )?;
        rows::insert_outcome(
            s,
            run,
            &OutcomeRow {
                residence: "PAN".into(),
                worker: "W-gone".into(),
                vacancy: None,
                score: None,
                reason_kind: "no_pathway".into(),
                why: String::new(),
            },
        )
    });
    assert!(matches!(out, Err(StoreError::Conflict(_))), "{out:?}");
    assert!(rows::latest_run(store.as_mut()).unwrap().is_none());
}

#[test]
fn writers_take_turns_on_postgres_as_on_sqlite() {
    // A use case reads, checks and writes in one transaction; another
    // instance's transaction must not write in between (PostgreSQL runs at
    // READ COMMITTED). The second writer waits for the first to finish.
    let test = TestStore::new();
    let mut first = corredor_store::open(&test.url).unwrap();
    let url = test.url.clone();
    first.begin().unwrap();
    rows::insert_worker(first.as_mut(), &worker("W-1")).unwrap();
    let (began, told) = std::sync::mpsc::channel();
    let second = std::thread::spawn(move || {
        let mut store = corredor_store::open(&url).unwrap();
        store.begin().unwrap();
        let seen: Vec<String> = rows::worker_keys(store.as_mut())
            .unwrap()
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        began.send(()).unwrap();
        store.commit().unwrap();
        seen
    });
    // Had it not waited, it would have begun by now.
    assert!(told
        .recv_timeout(std::time::Duration::from_millis(500))
        .is_err());
    first.commit().unwrap();
    // It began once the first had committed, and read its write.
    assert_eq!(second.join().unwrap(), vec!["W-1"]);
}

/// Two instances stopping one webhook at once: the one whose write runs
/// second finds it stopped already, and says so, so that its caller is
/// told 404 and audits nothing.
#[test]
fn a_webhook_is_stopped_once() {
    use corredor_store::webhooks::{self, NewWebhook};
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let id = webhooks::register(
        store.as_mut(),
        &NewWebhook {
            org: "CSO",
            role: "participant",
            url: "https://example.org/hook",
            secret: "whsec_test",
            created_at: "2026-01-01T00:00:00Z",
            token_id: None,
        },
    )
    .unwrap();
    assert!(webhooks::deactivate(store.as_mut(), id).unwrap());
    assert!(!webhooks::deactivate(store.as_mut(), id).unwrap());
    assert!(!webhooks::deactivate(store.as_mut(), id + 1).unwrap());
}

/// A message held by a round under way (on an instance that may since
/// have died) holds its receiver's later messages back with it, so that
/// no instance sends them ahead of it; other receivers are not held.
#[test]
fn a_receivers_later_messages_wait_behind_one_held_by_a_round() {
    use corredor_store::webhooks::{self, NewWebhook};
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let hook = |store: &mut dyn corredor_store::Store, org: &str| {
        webhooks::register(
            store,
            &NewWebhook {
                org,
                role: "analyst",
                url: "https://example.org/hook",
                secret: "whsec_test",
                created_at: "2026-01-01T00:00:00Z",
                token_id: None,
            },
        )
        .unwrap()
    };
    let (a, b) = (hook(store.as_mut(), "MEX"), hook(store.as_mut(), "USA"));
    let t0 = "2026-01-01T00:00:00Z";
    for (h, event) in [(a, "c1"), (a, "c2"), (b, "c1"), (a, "c3")] {
        webhooks::enqueue(store.as_mut(), h, "alert-1", event, "{}", t0).unwrap();
    }
    let now = "2026-01-01T00:01:00Z";
    let due = |store: &mut dyn corredor_store::Store| {
        webhooks::due(store, now, 100)
            .unwrap()
            .iter()
            .map(|d| (d.webhook_id, d.event.clone()))
            .collect::<Vec<_>>()
    };
    let all = due(store.as_mut());
    assert_eq!(all.len(), 4, "{all:?}");
    // A round on another instance takes a's first message and dies.
    let first = webhooks::due(store.as_mut(), now, 1).unwrap()[0].id;
    webhooks::due_again_at(store.as_mut(), first, "2026-01-01T00:30:00Z").unwrap();
    assert_eq!(due(store.as_mut()), [(b, "c1".to_string())]);
    // Once its hold ends, a's messages go again, in their order.
    webhooks::due_again_at(store.as_mut(), first, t0).unwrap();
    assert_eq!(due(store.as_mut()).len(), 4);
}

/// While a long import holds the writers' turn on PostgreSQL, another
/// instance still opens connections (and so reads), and a write that
/// waits longer than its lock timeout is `Busy`, its connection fit for
/// the next request.
#[test]
fn a_write_kept_waiting_is_busy_and_opening_does_not_wait_on_postgres() {
    use corredor_store::audit::{self, AuditEntry};
    let test = TestStore::new();
    if !test.url.starts_with("postgres") {
        return;
    }
    // The writers' turn ("CORREDOR"), held by another session.
    const WRITE_LOCK: i64 = 0x434F_5252_4544_4F52;
    drop(corredor_store::open(&test.url).unwrap()); // migrated
    let mut holder = postgres::Client::connect(&test.url, postgres::NoTls).unwrap();
    let mut turn = holder.transaction().unwrap();
    turn.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        .unwrap();

    let (tx, rx) = std::sync::mpsc::channel();
    let url = test.url.clone();
    std::thread::spawn(move || {
        let _ = tx.send(corredor_store::open(&url).map(|_| ()));
    });
    // Generous: before, opening waited for the holder without limit.
    let opened = rx.recv_timeout(std::time::Duration::from_secs(20));
    assert!(
        matches!(opened, Ok(Ok(()))),
        "opening waited on the writers' turn: {opened:?}"
    );

    let mut store = corredor_store::open(&test.url).unwrap();
    store.execute("SET lock_timeout = '200ms'", &[]).unwrap();
    let entry = AuditEntry {
        at: "2026-01-01T00:00:00Z".into(),
        org: "SEC".into(),
        role: "secretariat".into(),
        token_id: None,
        action: "test.write".into(),
        target: "t".into(),
        detail: String::new(),
        remote: "test".into(),
    };
    let out = corredor_store::transaction(store.as_mut(), |s| audit::insert(s, &entry));
    assert!(matches!(out, Err(StoreError::Busy(_))), "{out:?}");
    // Nothing half-done on the connection: once the turn is free, it writes.
    turn.rollback().unwrap();
    corredor_store::transaction(store.as_mut(), |s| audit::insert(s, &entry)).unwrap();
}

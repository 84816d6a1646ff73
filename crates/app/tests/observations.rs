//! The observations use case in process, on the test store's backend
//! (SQLite, or PostgreSQL when `CORREDOR_TEST_POSTGRES` is set).

mod common;

use common::submit_corridor;
use corredor_app::alerts::{self, Query};
use corredor_app::auth::Actor;
use corredor_app::observations;
use corredor_model::{ShareLevel, Sharing, Viewer};
use corredor_store::{Access, Store};
use corredor_testkit::TestStore;

fn submit(store: &mut dyn Store, sharing: Sharing) -> observations::Submitted {
    submit_corridor(store, &Actor::operator("test"), sharing)
}

fn public_alerts(store: &mut dyn Store) -> Vec<alerts::StoredAlert> {
    alerts::list(store, &Access::Viewer(Viewer::Public), &Query::default()).unwrap()
}

#[test]
fn an_alert_follows_its_series_when_the_series_is_re_sent_restricted() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let first = submit(store.as_mut(), Sharing::public());
    assert!(!first.alerts.unwrap().opened.is_empty());
    let before = public_alerts(store.as_mut());
    assert!(!before.is_empty(), "public data raises public alerts");

    // The same figures, now restricted to their owners: nothing new is
    // judged, but no alert may show them to the public any more.
    let again = submit(
        store.as_mut(),
        Sharing::new(ShareLevel::Restricted, Vec::new()),
    );
    assert_eq!(again.summary.new, 0);
    assert!(again.summary.revised > 0);
    let after = public_alerts(store.as_mut());
    assert!(
        after.is_empty(),
        "still public: {:?}",
        after.iter().map(|a| &a.id).collect::<Vec<_>>()
    );
    for a in &before {
        let seen = alerts::get(store.as_mut(), &Access::Viewer(Viewer::Public), &a.id);
        assert!(
            seen.is_err(),
            "alert {} is still served to the public",
            a.id
        );
        // Its own country still sees it.
        let owner = Access::Viewer(Viewer::Member {
            country: a.reporter.clone(),
        });
        assert!(alerts::get(store.as_mut(), &owner, &a.id).is_ok());
    }
}

#[test]
fn a_submission_is_audited_in_its_own_transaction_and_leaves_no_scan_pending() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let done = submit(store.as_mut(), Sharing::public());
    assert!(done.recovered.is_none());
    assert!(corredor_store::pending::list(store.as_mut())
        .unwrap()
        .is_empty());
    let actions: Vec<String> = corredor_app::audit::entries(
        store.as_mut(),
        &Actor {
            role: corredor_app::auth::Role::Secretariat,
            ..Actor::operator("test")
        },
        1000,
    )
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "observations.import")
            .count(),
        1
    );
}

/// A receiver that answers as told and remembers what it was sent.
struct Receiver {
    answer: corredor_app::webhook::Outcome,
    seen: std::sync::Mutex<Vec<String>>,
}

impl corredor_app::webhook::Transport for Receiver {
    fn post(
        &self,
        _url: &str,
        headers: &[(&str, &str)],
        _body: &[u8],
    ) -> corredor_app::webhook::Outcome {
        let event = headers
            .iter()
            .find(|(name, _)| *name == corredor_app::webhook::EVENT_HEADER)
            .map_or(String::new(), |(_, v)| v.to_string());
        self.seen.lock().unwrap().push(event);
        self.answer.clone()
    }
}

#[test]
fn webhook_deliveries_wait_after_a_failure_and_leave_the_queue_once_delivered() {
    use corredor_app::webhook::{self, Outcome};
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let secretariat = Actor {
        role: corredor_app::auth::Role::Secretariat,
        ..Actor::operator("SEC")
    };
    corredor_app::auth::add_org(store.as_mut(), &secretariat, "SEC", "Secretariat").unwrap();
    webhook::register(
        store.as_mut(),
        &secretariat,
        "http://receiver.example/hook",
        &webhook::Destinations::default(),
    )
    .unwrap();
    submit(store.as_mut(), Sharing::public());
    let due = webhook::due(store.as_mut(), 1000).unwrap();
    assert!(
        !due.is_empty(),
        "the alerts were queued for the secretariat"
    );

    let down = Receiver {
        answer: Outcome::Failed("HTTP 503".into()),
        seen: Default::default(),
    };
    let sent = webhook::send(&down, &due);
    assert!(down
        .seen
        .lock()
        .unwrap()
        .iter()
        .all(|e| e.starts_with("alert.")));
    let round = webhook::record(store.as_mut(), &sent).unwrap();
    assert_eq!(round.failed as usize, due.len());
    // Backed off: nothing is due again at once.
    assert!(webhook::due(store.as_mut(), 1000).unwrap().is_empty());

    let up = Receiver {
        answer: Outcome::Delivered,
        seen: Default::default(),
    };
    let round = webhook::record(store.as_mut(), &webhook::send(&up, &due)).unwrap();
    assert_eq!(round.delivered as usize, due.len());
    assert!(webhook::due(store.as_mut(), 1000).unwrap().is_empty());
}

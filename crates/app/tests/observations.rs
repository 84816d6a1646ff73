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
    submit_corridor(store, &corredor_app::auth::operator("test"), sharing)
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
    // Each narrowing is audited, and what a scan changed is told to a
    // reader only as far as the reader may see it.
    let operator = corredor_app::auth::operator("test");
    let log = corredor_app::audit::entries(store.as_mut(), &operator, 100_000).unwrap();
    for a in &before {
        let target = format!("alert/{}", a.id);
        assert!(
            log.iter().any(|e| e.target == target
                && (e.action == "alert.narrow" || e.action == "alert.refresh")),
            "no narrowing of {target} in the log"
        );
    }
    let ids: Vec<String> = before.iter().map(|a| a.id.clone()).collect();
    let changes = || alerts::Changes {
        opened: ids.clone(),
        updated: ids.clone(),
        closed: Vec::new(),
    };
    let public = changes()
        .seen_by(store.as_mut(), &Access::Viewer(Viewer::Public))
        .unwrap();
    assert!(public.opened.is_empty() && public.updated.is_empty());
    // Their reporter still hears of each of its own.
    for a in &before {
        let owner = Access::Viewer(Viewer::Member {
            country: a.reporter.clone(),
        });
        let own = changes().seen_by(store.as_mut(), &owner).unwrap();
        assert!(
            own.opened.contains(&a.id),
            "{} not told to {}",
            a.id,
            a.reporter
        );
        assert!(own.opened.iter().all(|id| before
            .iter()
            .any(|b| &b.id == id && b.reporter == a.reporter)));
    }
    let all = changes()
        .seen_by(store.as_mut(), &Access::Operator)
        .unwrap();
    assert_eq!(all.opened, ids);
    // The import of restricted figures is the secretariat's to know no
    // more than the figures are: its log shows the public import only,
    // the operator's both.
    let entries = |actor: &Actor, store: &mut dyn Store, action: &str| {
        corredor_app::audit::entries(store, actor, 100_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == action)
            .count()
    };
    let imports =
        |actor: &Actor, store: &mut dyn Store| entries(actor, store, "observations.import");
    let secretariat = Actor {
        role: corredor_app::auth::Role::Secretariat,
        ..corredor_app::auth::operator("SEC")
    };
    assert_eq!(imports(&secretariat, store.as_mut()), 1);
    assert_eq!(imports(&operator, store.as_mut()), 2);
    // So is a refused one whose rows say `restricted` themselves.
    let refused = common::submit_csv(
        store.as_mut(),
        &operator,
        Sharing::public(),
        "reporter,location,nationality,indicator,period,value,share\n\
         PAN,ALL,VEN,irregular_entries,2199-01,5,restricted\n",
    );
    assert!(refused.is_err());
    let refusals =
        |actor: &Actor, store: &mut dyn Store| entries(actor, store, "observations.refused");
    assert_eq!(refusals(&secretariat, store.as_mut()), 0);
    assert_eq!(refusals(&operator, store.as_mut()), 1);
}

#[test]
fn an_indicator_is_added_by_the_secretariat_with_its_audit_entry() {
    use corredor_model::Indicator;
    let (_test, mut store, secretariat) = with_secretariat();
    let indicator = |code: &str| Indicator {
        code: code.to_string(),
        description_en: "Asylum decisions".into(),
        description_es: "Decisiones de asilo".into(),
    };
    observations::add_indicator(store.as_mut(), &secretariat, &indicator("asylum_decisions"))
        .unwrap();
    assert!(store
        .indicators()
        .unwrap()
        .iter()
        .any(|i| i.code == "asylum_decisions"));
    let log = corredor_app::audit::entries(store.as_mut(), &secretariat, 100).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "indicator.add" && e.target == "indicator/asylum_decisions"));
    let analyst = Actor {
        role: corredor_app::auth::Role::Analyst,
        country: Some("PAN".into()),
        ..corredor_app::auth::operator("PAN")
    };
    let known = store.indicators().unwrap().len();
    assert!(matches!(
        observations::add_indicator(store.as_mut(), &analyst, &indicator("meals_served")),
        Err(corredor_app::Error::Forbidden(_))
    ));
    assert!(matches!(
        observations::add_indicator(store.as_mut(), &secretariat, &indicator("Meals served")),
        Err(corredor_app::Error::Invalid(_))
    ));
    assert_eq!(store.indicators().unwrap().len(), known);
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
            ..corredor_app::auth::operator("test")
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

/// A test store with the secretariat's organisation, and its actor.
fn with_secretariat() -> (TestStore, Box<dyn Store>, Actor) {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let secretariat = Actor {
        role: corredor_app::auth::Role::Secretariat,
        ..corredor_app::auth::operator("SEC")
    };
    corredor_app::auth::add_org(store.as_mut(), &secretariat, "SEC", "Secretariat").unwrap();
    (test, store, secretariat)
}

#[test]
fn webhook_deliveries_wait_after_a_failure_and_leave_the_queue_once_delivered() {
    use corredor_app::webhook::{self, Outcome};
    let (_test, mut store, secretariat) = with_secretariat();
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
    let round = webhook::record(store.as_mut(), &sent, &due).unwrap();
    // The receiver failed its first message; the others waited with it.
    assert_eq!(round.failed, 1);
    assert!(sent[1..].iter().all(|(_, _, o)| *o == Outcome::Skipped));
    // Backed off: nothing is due again at once.
    assert!(webhook::due(store.as_mut(), 1000).unwrap().is_empty());

    let up = Receiver {
        answer: Outcome::Delivered,
        seen: Default::default(),
    };
    let round = webhook::record(store.as_mut(), &webhook::send(&up, &due), &due).unwrap();
    assert_eq!(round.delivered as usize, due.len());
    assert!(webhook::due(store.as_mut(), 1000).unwrap().is_empty());
}

#[test]
fn messages_waiting_for_a_receiver_that_may_no_longer_see_their_alert_are_withdrawn() {
    use corredor_app::webhook;
    let (_test, mut store, secretariat) = with_secretariat();
    webhook::register(
        store.as_mut(),
        &secretariat,
        "http://receiver.example/hook",
        &webhook::Destinations::default(),
    )
    .unwrap();
    submit(store.as_mut(), Sharing::public());
    let pending = |store: &mut dyn corredor_store::Store| -> i64 {
        webhook::list(store, &secretariat)
            .unwrap()
            .iter()
            .map(|w| w.pending)
            .sum()
    };
    assert!(pending(store.as_mut()) > 0);
    // The figures re-sent restricted to their owners: the secretariat may
    // no longer see the alerts, and what waited for it is not sent.
    submit(
        store.as_mut(),
        Sharing::new(ShareLevel::Restricted, Vec::new()),
    );
    assert_eq!(pending(store.as_mut()), 0, "messages still wait");
    let due = webhook::due(store.as_mut(), 1000).unwrap();
    assert!(due.is_empty(), "{} messages still due", due.len());
}

#[test]
fn a_round_holds_what_it_reads_so_no_other_round_sends_it_twice() {
    use corredor_app::webhook::{self, Outcome};
    let (_test, mut store, secretariat) = with_secretariat();
    webhook::register(
        store.as_mut(),
        &secretariat,
        "http://receiver.example/hook",
        &webhook::Destinations::default(),
    )
    .unwrap();
    submit(store.as_mut(), Sharing::public());
    // Another instance's round, read while this one still sends, finds
    // nothing: what this one read is held for it.
    let due = webhook::due(store.as_mut(), 1000).unwrap();
    assert!(due.len() > 1);
    assert!(webhook::due(store.as_mut(), 1000).unwrap().is_empty());
    // What the round did not try is due again as soon as it is recorded.
    let (first, rest) = due.split_at(1);
    let sent: Vec<(i64, i64, Outcome)> = std::iter::once((first[0].id, 0, Outcome::Delivered))
        .chain(rest.iter().map(|d| (d.id, 0, Outcome::Skipped)))
        .collect();
    webhook::record(store.as_mut(), &sent, &due).unwrap();
    let again: Vec<i64> = webhook::due(store.as_mut(), 1000)
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(again, rest.iter().map(|d| d.id).collect::<Vec<_>>());
}

/// A receiver that never answers holds up no other: its message is still
/// being waited for when another receiver's arrives.
struct Stuck {
    other_delivered: std::sync::Mutex<bool>,
    changed: std::sync::Condvar,
    saw_other_while_stuck: std::sync::Mutex<Option<bool>>,
}

impl corredor_app::webhook::Transport for Stuck {
    fn post(&self, url: &str, _: &[(&str, &str)], _: &[u8]) -> corredor_app::webhook::Outcome {
        use corredor_app::webhook::Outcome;
        if url.contains("stuck") {
            // Waits (up to a bound) for the other receiver's delivery, as a
            // receiver that never answers holds its caller.
            let guard = self.other_delivered.lock().unwrap();
            let (guard, _) = self
                .changed
                .wait_timeout_while(guard, std::time::Duration::from_secs(20), |done| !*done)
                .unwrap();
            *self.saw_other_while_stuck.lock().unwrap() = Some(*guard);
            Outcome::Failed("timed out".into())
        } else {
            *self.other_delivered.lock().unwrap() = true;
            self.changed.notify_all();
            Outcome::Delivered
        }
    }
}

#[test]
fn a_receiver_that_never_answers_delays_no_other_and_is_given_up_into_the_dead_letters() {
    use corredor_app::webhook::{self, Outcome};
    let (_test, mut store, secretariat) = with_secretariat();
    let allow = webhook::Destinations::default();
    // The stuck receiver registers first: its messages come first.
    webhook::register(
        store.as_mut(),
        &secretariat,
        "https://stuck.example/hook",
        &allow,
    )
    .unwrap();
    webhook::register(
        store.as_mut(),
        &secretariat,
        "https://fine.example/hook",
        &allow,
    )
    .unwrap();
    submit(store.as_mut(), Sharing::public());
    let due = webhook::due(store.as_mut(), 1000).unwrap();
    let transport = Stuck {
        other_delivered: Default::default(),
        changed: Default::default(),
        saw_other_while_stuck: Default::default(),
    };
    let sent = webhook::send(&transport, &due);
    assert_eq!(
        *transport.saw_other_while_stuck.lock().unwrap(),
        Some(true),
        "the other receiver was served while the stuck one was waited for"
    );
    let round = webhook::record(store.as_mut(), &sent, &due).unwrap();
    assert_eq!(round.failed, 1);
    assert!(round.delivered > 0);

    // Failing every attempt, a message is given up after the last one.
    let stuck: Vec<_> = due
        .iter()
        .filter(|d| d.url.contains("stuck"))
        .cloned()
        .collect();
    let first = stuck[0].clone();
    for attempt in 1..webhook::MAX_ATTEMPTS {
        let mut d = first.clone();
        d.attempts = attempt;
        let failed = vec![(d.id, d.attempts, Outcome::Failed("HTTP 503".into()))];
        webhook::record(store.as_mut(), &failed, &[d]).unwrap();
    }
    let dead = webhook::dead_letters(store.as_mut(), &secretariat).unwrap();
    assert_eq!(dead.len(), 1, "{dead:?}");
    assert_eq!(dead[0].id, first.id);
    assert_eq!(dead[0].attempts, webhook::MAX_ATTEMPTS);
    // Only the secretariat reads and replays them; a replay is audited and
    // puts the message back in the queue.
    let analyst = Actor {
        role: corredor_app::auth::Role::Analyst,
        country: Some("PAN".into()),
        ..corredor_app::auth::operator("PAN")
    };
    assert!(webhook::dead_letters(store.as_mut(), &analyst).is_err());
    webhook::replay(store.as_mut(), &secretariat, first.id).unwrap();
    assert!(webhook::dead_letters(store.as_mut(), &secretariat)
        .unwrap()
        .is_empty());
    assert!(webhook::replay(store.as_mut(), &secretariat, first.id).is_err());
    let entries = corredor_app::audit::entries(store.as_mut(), &secretariat, 50).unwrap();
    assert!(entries.iter().any(|e| e.action == "webhook.replay"));
}

#[test]
fn the_secretariat_cannot_replay_a_message_about_an_alert_it_may_not_see() {
    use corredor_app::webhook::{self, Outcome};
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let secretariat = Actor {
        role: corredor_app::auth::Role::Secretariat,
        ..corredor_app::auth::operator("SEC")
    };
    common::agencies(store.as_mut(), &secretariat);
    // Each country's receiver hears of its own restricted alerts.
    for country in ["COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA"] {
        let analyst = Actor {
            role: corredor_app::auth::Role::Analyst,
            country: Some(country.into()),
            ..corredor_app::auth::operator(country)
        };
        webhook::register(
            store.as_mut(),
            &analyst,
            &format!("https://{}.example/hook", country.to_lowercase()),
            &webhook::Destinations::default(),
        )
        .unwrap();
    }
    submit(
        store.as_mut(),
        Sharing::new(ShareLevel::Restricted, Vec::new()),
    );
    let due = webhook::due(store.as_mut(), 1000).unwrap();
    let mine = due.first().expect("a message about an alert").clone();
    // Its receiver fails every attempt until the message is given up.
    for attempt in 1..=webhook::MAX_ATTEMPTS {
        let mut d = mine.clone();
        d.attempts = attempt - 1;
        let failed = vec![(d.id, attempt, Outcome::Failed("HTTP 503".into()))];
        webhook::record(store.as_mut(), &failed, &[d]).unwrap();
    }
    let operator = corredor_app::auth::operator("test");
    let dead = |store: &mut dyn Store, actor: &Actor| {
        webhook::dead_letters(store, actor)
            .unwrap()
            .iter()
            .any(|d| d.id == mine.id)
    };
    assert!(dead(store.as_mut(), &operator));
    // Absent from the secretariat's list, and "not found" to its replay,
    // like a message that does not exist.
    assert!(!dead(store.as_mut(), &secretariat));
    let refused = webhook::replay(store.as_mut(), &secretariat, mine.id).unwrap_err();
    let missing = webhook::replay(store.as_mut(), &secretariat, mine.id + 10_000).unwrap_err();
    assert!(matches!(refused, corredor_app::Error::NotFound(_)));
    assert_eq!(
        refused.to_string().replace(&mine.id.to_string(), "N"),
        missing
            .to_string()
            .replace(&(mine.id + 10_000).to_string(), "N")
    );
    assert!(dead(store.as_mut(), &operator));
    webhook::replay(store.as_mut(), &operator, mine.id).unwrap();
    assert!(!dead(store.as_mut(), &operator));
}

/// A place that sends months for one nationality and days for another has
/// both judged, each as of its own latest period: the days' later
/// "latest" once hid the months from the scan.
#[test]
fn a_place_sending_months_and_days_has_its_monthly_surge_raised() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store: &mut dyn Store = store.as_mut();
    let operator = corredor_app::auth::operator("local");
    let mut csv = String::from("reporter,location,nationality,indicator,period,value\n");
    let mut p: corredor_model::Period = "2022-01".parse().unwrap();
    for t in 0..36usize {
        let usual = 1000.0 + 30.0 * ((t % 3) as f64);
        // A movement that grows over three months, never far above
        // anything sent before (which the screen would hold as an outlier).
        let value = usual * [1.0, 1.8, 2.6, 3.4][t.saturating_sub(32).min(3)];
        csv.push_str(&format!("PAN,ALL,VEN,irregular_entries,{p},{value:.0}\n"));
        // Others steady, so that one nationality's surge is no break of
        // the place's reporting.
        for (i, other) in ["HTI", "ECU", "COL", "CUB", "CHN", "IND"]
            .iter()
            .enumerate()
        {
            let v = 400.0 + 50.0 * i as f64 + 20.0 * ((t % 4) as f64);
            csv.push_str(&format!("PAN,ALL,{other},irregular_entries,{p},{v:.0}\n"));
        }
        p = p.offset(1);
    }
    let first = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    for t in 0..22u64 {
        let day = first + chrono::Days::new(t);
        csv.push_str(&format!(
            "PAN,ALL,AFG,irregular_entries,{day},{}\n",
            10 + t % 7
        ));
    }
    common::submit_csv(store, &operator, Sharing::public(), &csv)
        .unwrap_or_else(|r| panic!("refused: {:?}", r.problems));
    let raised = alerts::list(store, &Access::Operator, &Query::active()).unwrap();
    assert!(
        raised
            .iter()
            .any(|a| a.nationality == "VEN" && a.period == "2024-12"),
        "{:?}",
        raised
            .iter()
            .map(|a| (
                &a.nationality,
                &a.period,
                a.kind,
                &a.explanation.en,
                &a.covers
            ))
            .collect::<Vec<_>>()
    );
}

/// Parts stated public of a total kept restricted are read through their
/// total: their import is about restricted figures, and the secretariat's
/// log leaves it out like the total's own.
#[test]
fn an_import_of_parts_of_a_restricted_total_is_kept_from_the_secretariats_log() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store: &mut dyn Store = store.as_mut();
    let operator = corredor_app::auth::operator("local");
    let sec = Actor {
        role: corredor_app::auth::Role::Secretariat,
        ..corredor_app::auth::operator("SEC")
    };
    common::submit_csv(
        store,
        &operator,
        Sharing::public(),
        "reporter,location,nationality,indicator,period,value,share,share_with\n\
         PAN,ALL,VEN,irregular_entries,2024-01,100,restricted,CRI\n\
         PAN,ALL,HTI,irregular_entries,2024-01,40,public,\n",
    )
    .unwrap_or_else(|r| panic!("refused: {:?}", r.problems));
    let imports = |store: &mut dyn Store, actor: &Actor| {
        corredor_app::audit::entries(store, actor, 1_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "observations.import")
            .count()
    };
    assert_eq!(imports(store, &sec), 0);
    // Parts of the restricted total, stated public; and, apart, parts of
    // the public one.
    for parts in [
        "PAN,ALL,VEN,irregular_entries,2024-01,60,public,,sex=f\n",
        "PAN,ALL,HTI,irregular_entries,2024-01,25,public,,sex=f\n",
    ] {
        common::submit_csv(
            store,
            &operator,
            Sharing::public(),
            &format!(
                "reporter,location,nationality,indicator,period,value,share,share_with,breakdown\n{parts}"
            ),
        )
        .unwrap_or_else(|r| panic!("refused: {:?}", r.problems));
    }
    assert_eq!(imports(store, &sec), 1, "only the public total's parts");
    assert_eq!(imports(store, &operator), 3);
}

//! The alert workflow in process, on the test store's backend: organisations
//! and tokens, protocols making tasks, acknowledgement by every affected
//! country, escalation and closing, each step audited, and what the store
//! refuses.

mod common;

use common::{submit_corridor, submit_corridor_rows};
use corredor_app::alerts::{self, Query};
use corredor_app::auth::{self, Actor, Role};
use corredor_app::protocol::{self, TaskQuery};
use corredor_app::Error;
use corredor_model::{AlertEventKind, AlertStatus, Sharing, TaskStatus};
use corredor_store::{Access, Store};
use corredor_testkit::TestStore;

fn secretariat() -> Actor {
    Actor {
        role: Role::Secretariat,
        ..corredor_app::auth::operator("SEC")
    }
}

fn world(store: &mut dyn Store, sharing: Sharing) {
    common::world(store, &secretariat(), sharing);
}

fn analyst(country: &str) -> Actor {
    Actor {
        org: country.into(),
        country: Some(country.into()),
        role: Role::Analyst,
        token_id: None,
        remote: "test".into(),
    }
}

#[test]
fn an_alert_is_acknowledged_by_every_affected_country_then_escalated_and_closed() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    world(store, Sharing::public());
    let all = alerts::list(store, &Access::Operator, &Query::active()).unwrap();
    // Each keeps the figure its level rests on; a movement's is below
    // what was observed, whichever raised it (the forecast, a year before).
    for a in &all {
        let reference = a.reference.expect("a reference");
        assert!(a.covers.is_some() || reference <= a.observed, "{a:?}");
    }
    let alert = all
        .into_iter()
        .find(|a| a.affected.len() > 1)
        .expect("an alert with countries downstream");
    assert_eq!(alert.status, AlertStatus::Open);
    // The protocol made tasks for it.
    let alert_tasks = |store: &mut dyn Store| {
        protocol::tasks(
            store,
            &secretariat(),
            &TaskQuery {
                alert: Some(alert.id.clone()),
                ..TaskQuery::default()
            },
        )
        .unwrap()
    };
    let tasks = alert_tasks(store);
    assert!(!tasks.is_empty());

    // A country not asked may not acknowledge; one asked may, once.
    let outsider = ["COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA"]
        .into_iter()
        .find(|c| !alert.affected.iter().any(|a| a == c))
        .unwrap();
    assert!(matches!(
        corredor_app::workflow::acknowledge(store, &analyst(outsider), &alert.id),
        Err(Error::Forbidden(_))
    ));
    let (first, rest) = alert.affected.split_first().unwrap();
    let after_one = corredor_app::workflow::acknowledge(store, &analyst(first), &alert.id).unwrap();
    assert_eq!(after_one.status, AlertStatus::Open);
    assert!(matches!(
        corredor_app::workflow::acknowledge(store, &analyst(first), &alert.id),
        Err(Error::Conflict(_))
    ));
    let mut last = after_one;
    for c in rest {
        last = corredor_app::workflow::acknowledge(store, &analyst(c), &alert.id).unwrap();
    }
    assert_eq!(last.status, AlertStatus::Acknowledged);
    assert_eq!(last.acknowledged_by.len(), alert.affected.len());

    // Only the reporter's analysts or the secretariat escalate and close.
    let reporter = alert.reporter.clone();
    if let Some(other) = rest.iter().find(|c| **c != reporter) {
        assert!(matches!(
            corredor_app::workflow::transition(
                store,
                &analyst(other),
                &alert.id,
                AlertStatus::Escalated,
                ""
            ),
            Err(Error::Forbidden(_))
        ));
    }
    let escalated = corredor_app::workflow::transition(
        store,
        &secretariat(),
        &alert.id,
        AlertStatus::Escalated,
        "arrivals beyond capacity",
    )
    .unwrap();
    assert_eq!(escalated.status, AlertStatus::Escalated);
    assert!(matches!(
        corredor_app::workflow::transition(store, &secretariat(), &alert.id, AlertStatus::Open, ""),
        Err(Error::Invalid(_))
    ));
    let closed = corredor_app::workflow::transition(
        store,
        &analyst(&reporter),
        &alert.id,
        AlertStatus::Closed,
        "absorbed",
    )
    .unwrap();
    assert_eq!(closed.status, AlertStatus::Closed);
    assert!(matches!(
        corredor_app::workflow::acknowledge(store, &analyst(first), &alert.id),
        Err(Error::Conflict(_))
    ));
    // A closed alert asks nothing more: its tasks, those the escalation
    // added included, are withdrawn, and no inbox lists them.
    let after = alert_tasks(store);
    assert!(after.len() > tasks.len(), "the escalation adds tasks");
    assert!(
        after.iter().all(|t| t.status == TaskStatus::Withdrawn),
        "{after:?}"
    );
    // A withdrawn task is no one's to complete.
    let held = &after[0];
    let holder = if held.responsible == "secretariat" {
        secretariat()
    } else {
        analyst(&held.responsible)
    };
    assert!(matches!(
        protocol::update_task(store, &holder, held.id, TaskStatus::Done),
        Err(Error::Conflict(_))
    ));

    // Every step is an event, oldest first, and an audit entry.
    let kinds: Vec<AlertEventKind> = alerts::events(store, &Access::Operator, &alert.id)
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds.first(), Some(&AlertEventKind::Opened));
    assert_eq!(kinds.last(), Some(&AlertEventKind::Closed));
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == AlertEventKind::Acknowledged)
            .count(),
        alert.affected.len()
    );
    let actions: Vec<String> = corredor_app::audit::entries(store, &secretariat(), 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.target == format!("alert/{}", alert.id))
        .map(|e| e.action)
        .collect();
    for a in [
        "alert.raise",
        "alert.acknowledge",
        "alert.escalate",
        "alert.close",
    ] {
        assert!(actions.iter().any(|x| x == a), "no {a} in {actions:?}");
    }
}

#[test]
fn a_token_stands_for_its_organisation_and_its_webhooks_until_it_is_revoked() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    auth::add_org(store, &sec, "PAN", "Panama (test)").unwrap();
    assert!(matches!(
        auth::add_org(store, &sec, "PAN", "again"),
        Err(Error::Conflict(_))
    ));
    let (token, id) = auth::create_token(store, &sec, "PAN", Role::Analyst, "desk").unwrap();
    let actor = auth::verify(store, &token, "test").unwrap().unwrap();
    assert_eq!(
        (actor.org.as_str(), actor.role, actor.country.as_deref()),
        ("PAN", Role::Analyst, Some("PAN"))
    );
    // A webhook registered with the token stops with it.
    let (hook, _) = corredor_app::webhook::register(
        store,
        &actor,
        "https://hooks.example.org/pan",
        &corredor_app::webhook::Destinations::default(),
    )
    .unwrap();
    auth::revoke_token(store, &sec, id).unwrap();
    assert!(auth::verify(store, &token, "test").unwrap().is_none());
    let hooks = corredor_app::webhook::list(store, &sec).unwrap();
    assert!(!hooks.iter().find(|h| h.id == hook.id).unwrap().active);
    assert!(matches!(
        auth::revoke_token(store, &sec, id),
        Err(Error::NotFound(_))
    ));
    // An analyst may not make tokens.
    assert!(matches!(
        auth::create_token(store, &analyst("PAN"), "PAN", Role::Analyst, "x"),
        Err(Error::Forbidden(_))
    ));
}

#[test]
fn the_secretariat_sees_nothing_of_an_alert_it_may_not_see_in_the_audit_log_or_its_tasks() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    // The corridor's figures restricted to their owners.
    world(
        store,
        Sharing::new(corredor_model::ShareLevel::Restricted, Vec::new()),
    );
    let alert = alerts::list(store, &Access::Operator, &Query::active())
        .unwrap()
        .into_iter()
        .find(|a| a.reporter == "PAN")
        .expect("a restricted alert of Panama's");
    // Nor does the secretariat hold a task on it: a task would tell it of
    // the alert. The reporter does.
    let tasks = protocol::tasks(
        store,
        &corredor_app::auth::operator("local"),
        &TaskQuery {
            alert: Some(alert.id.clone()),
            ..TaskQuery::default()
        },
    )
    .unwrap();
    assert!(tasks.iter().any(|t| t.responsible == "PAN"));
    assert!(
        !tasks.iter().any(|t| t.responsible == "secretariat"),
        "{:?}",
        tasks.iter().map(|t| &t.responsible).collect::<Vec<_>>()
    );
    let owner = analyst("PAN");
    corredor_app::workflow::comment(
        store,
        &owner,
        &alert.id,
        "our reception plan for the Darién",
    )
    .unwrap();

    let seen = corredor_app::audit::entries(store, &sec, 10_000).unwrap();
    assert!(
        !seen
            .iter()
            .any(|e| e.target.contains(&alert.id) || e.detail.contains("reception plan")),
        "the secretariat reads a restricted alert's steps in the audit log"
    );
    // Entries left out do not shorten the answer: the newest entry is the
    // comment on the restricted alert, and the secretariat still gets the
    // newest one it may see.
    let newest = corredor_app::audit::entries(store, &sec, 1).unwrap();
    assert_eq!(
        newest.iter().map(|e| e.id).collect::<Vec<_>>(),
        [seen[0].id]
    );
    // The local operator, who holds the database, sees everything.
    let all = corredor_app::audit::entries(store, &corredor_app::auth::operator("local"), 10_000)
        .unwrap();
    assert!(all.iter().any(|e| e.detail.contains("reception plan")));

    // A scan's entry counts only the alerts its reader sees: a scan run
    // now opens nothing, and one that opened the restricted alert (as
    // the scan that first met its figures did) counts it for the
    // operator only.
    let routes =
        corredor_warning::corridor::RouteFile::parse(corredor_warning::corridor::DEFAULT_ROUTES)
            .unwrap();
    corredor_app::observations::rescan_all(store, &sec, &routes).unwrap();
    let opened = alerts::Changes {
        opened: vec![alert.id.clone()],
        ..alerts::Changes::default()
    };
    corredor_app::audit::record(
        store,
        &corredor_app::auth::operator("local"),
        "scan.run",
        "store",
        &serde_json::to_string(&opened).unwrap(),
    )
    .unwrap();
    let scans = |actor: &Actor, store: &mut dyn Store| {
        corredor_app::audit::entries(store, actor, 10_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.action == "scan.run")
            .map(|e| e.detail)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        scans(&sec, store),
        ["0 opened, 0 updated", "0 opened, 0 updated"]
    );
    assert_eq!(
        scans(&corredor_app::auth::operator("local"), store),
        ["1 opened, 0 updated", "0 opened, 0 updated"]
    );
}

/// The United States' Indian encounters country-wide (public) and at the
/// south-west border (restricted to Mexico), both tripling in the last
/// three months: one episode, headed country-wide, listing the border.
fn episode_csv() -> String {
    let mut csv =
        String::from("reporter,location,nationality,indicator,period,value,share,share_with\n");
    let mut p: corredor_model::Period = "2021-01".parse().unwrap();
    for t in 0..48 {
        let usual = 1000.0 + 20.0 * ((t % 5) as f64 - 2.0);
        let border = if t >= 45 {
            3.0 * usual + 100.0 * (t - 45) as f64
        } else {
            usual
        };
        for (location, value, share, with) in [
            ("ALL", border + 300.0, "public", ""),
            ("USBP_SWB", border, "restricted", "MEX"),
        ] {
            csv.push_str(&format!(
                "USA,{location},IND,encounters,{p},{value},{share},{with}\n"
            ));
        }
        p = p.offset(1);
    }
    csv
}

#[test]
fn an_episode_naming_a_restricted_place_is_shared_as_that_place() {
    use corredor_app::observations::{self, Scan};
    use corredor_app::pipeline::{Input, Request};
    use corredor_model::{Access, Viewer};
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let routes =
        corredor_warning::corridor::RouteFile::parse(corredor_warning::corridor::DEFAULT_ROUTES)
            .unwrap();
    let req = Request {
        org: "test",
        format: Some(corredor_ingest::Format::Long),
        source: None,
        sharing: Sharing::public(),
        options: corredor_ingest::Options::default(),
        reporter: None,
        progress: None,
    };
    let input = Input::Bytes {
        name: "usa.csv".into(),
        data: episode_csv().into_bytes(),
    };
    observations::submit(
        store,
        &secretariat(),
        &routes,
        vec![input],
        &req,
        Scan::Changed,
    )
    .unwrap()
    .unwrap();
    let all = alerts::list(store, &Access::Operator, &Query::active()).unwrap();
    let episode = all
        .iter()
        .find(|a| a.places.iter().any(|p| p == "USBP_SWB"))
        .unwrap_or_else(|| panic!("one episode listing the border: {all:?}"));
    assert_eq!(episode.location, "ALL");
    assert_eq!(
        (episode.share.as_str(), &episode.share_with[..]),
        ("restricted", &["MEX".to_string()][..])
    );
    // Nothing of the border reaches the public, nor a member it is not
    // shared with; Mexico sees the episode.
    for (viewer, sees) in [
        (Viewer::Public, false),
        (
            Viewer::Member {
                country: "PAN".into(),
            },
            false,
        ),
        (
            Viewer::Member {
                country: "MEX".into(),
            },
            true,
        ),
    ] {
        let seen = alerts::list(store, &Access::Viewer(viewer.clone()), &Query::active()).unwrap();
        let border = seen.iter().any(|a| {
            a.places.iter().any(|p| p == "USBP_SWB") || a.explanation.en.contains("USBP_SWB")
        });
        assert_eq!(border, sees, "{viewer:?}: {seen:?}");
    }
}

#[test]
fn a_place_downstream_is_withdrawn_when_a_series_it_was_learned_from_is_narrowed() {
    use corredor_app::webhook;
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    // The world, with the secretariat's webhook registered before the
    // alerts are raised.
    let sec = secretariat();
    common::agencies(store, &sec);
    webhook::register(
        store,
        &sec,
        "http://receiver.example/hook",
        &webhook::Destinations::default(),
    )
    .unwrap();
    protocol::load(store, &sec, protocol::DEFAULT).unwrap();
    submit_corridor(store, &sec, Sharing::public());
    let all = alerts::list(store, &Access::Operator, &Query::default()).unwrap();
    // An alert whose figures downstream name another country.
    let (alert, place) = all
        .iter()
        .find_map(|a| {
            let list = a.downstream.as_array()?;
            list.iter().find_map(|d| {
                let place = d["place"].as_str()?;
                (!place.starts_with(&a.reporter)).then(|| (a.clone(), place.to_string()))
            })
        })
        .expect("an alert with a place downstream in another country");
    assert!(alert.downstream.to_string().contains(&place));
    assert!(
        !alert.downstream.to_string().contains("basis"),
        "what the places were learned from is not shown"
    );
    let country = place.split('/').next().unwrap().to_string();
    let places_before = alert.downstream.as_array().unwrap().len();

    // Every other country asked acknowledges it.
    for c in alert.affected.iter().filter(|c| **c != country) {
        corredor_app::workflow::acknowledge(store, &analyst(c), &alert.id).unwrap();
    }
    assert_eq!(
        alerts::get(store, &Access::Operator, &alert.id)
            .unwrap()
            .status,
        AlertStatus::Open
    );

    let tasks_of = |store: &mut dyn Store, holder: &str| {
        protocol::tasks(
            store,
            &corredor_app::auth::operator("SEC"),
            &TaskQuery {
                alert: Some(alert.id.clone()),
                ..TaskQuery::default()
            },
        )
        .unwrap()
        .into_iter()
        .filter(|t| t.responsible == holder)
        .collect::<Vec<_>>()
    };
    let asked_of = tasks_of(store, &country);
    assert!(
        !asked_of.is_empty(),
        "{country} was given tasks on the alert"
    );
    assert!(asked_of.iter().all(|t| t.status.is_pending()));

    // The downstream country re-sends its series of that nationality,
    // restricted to itself: the public may no longer see what the
    // figures at its place were learned from.
    let nationality = alert.nationality.clone();
    submit_corridor_rows(
        store,
        &secretariat(),
        Sharing::new(corredor_model::ShareLevel::Restricted, Vec::new()),
        |line| {
            let f: Vec<&str> = line.split(',').collect();
            f[0] == country && f[2] == nationality
        },
    );
    let after = alerts::get(store, &Access::Operator, &alert.id).unwrap();
    let shown = after.downstream.to_string();
    assert!(
        !shown.contains(&format!("\"place\":\"{place}\"")),
        "{place} is still downstream: {shown}"
    );
    assert!(after.downstream.as_array().unwrap().len() < places_before);
    // Places learned directly from the surge's place, without the
    // series, stay.
    assert!(!after.downstream.as_array().unwrap().is_empty(), "{shown}");
    assert!(
        !after.affected.contains(&country) || after.reporter == country,
        "{country} is still asked: {:?}",
        after.affected
    );
    // The only country that had not acknowledged is no longer asked, nor
    // are its tasks on the alert: withdrawn, never overdue, closed to it.
    assert_eq!(after.status, AlertStatus::Acknowledged);
    let withdrawn_tasks = tasks_of(store, &country);
    assert_eq!(withdrawn_tasks.len(), asked_of.len());
    for t in &withdrawn_tasks {
        assert_eq!(t.status, TaskStatus::Withdrawn);
        assert!(!t.overdue);
        let e =
            protocol::update_task(store, &analyst(&country), t.id, TaskStatus::Done).unwrap_err();
        assert!(matches!(e, Error::Conflict(_)), "{e:?}");
    }
    assert!(tasks_of(store, &alert.reporter)
        .iter()
        .all(|t| t.status.is_pending()));
    // The secretariat may not see the re-sent series: nothing waiting for
    // its webhook still shows the place, and it is told of the change.
    let due = webhook::due(store, 10_000).unwrap();
    let theirs: Vec<_> = due
        .iter()
        .filter(|d| d.body.contains(&format!("\"id\":\"{}\"", alert.id)))
        .collect();
    assert!(!theirs.is_empty(), "the alert's messages");
    for d in &theirs {
        assert!(
            !d.body.contains(&format!("\"place\":\"{place}\"")) && !d.body.contains("basis"),
            "{}: {}",
            d.event,
            d.body
        );
    }
    assert!(theirs.iter().any(|d| d.event == "alert.updated"));
    // Its history says which places went.
    let history = alerts::events(store, &Access::Operator, &alert.id).unwrap();
    let went = history
        .iter()
        .find(|e| e.kind == AlertEventKind::Withdrawn)
        .expect("a withdrawal in the alert's history");
    assert!(went.text.split(", ").any(|p| p == place), "{}", went.text);
    let log = corredor_app::audit::entries(store, &secretariat(), 50).unwrap();
    assert!(
        log.iter().any(|e| e.action == "alert.withdraw"
            && e.target == format!("alert/{}", alert.id)
            && e.detail.contains(&place)
            && e.detail.contains("task(s) withdrawn")
            && !e.detail.contains("; 0 task(s)")),
        "{log:?}"
    );

    // Judging again with nothing changed withdraws nothing more.
    let withdrawn = |log: &[corredor_app::audit::Entry]| {
        log.iter().filter(|e| e.action == "alert.withdraw").count()
    };
    let before = withdrawn(&log);
    let routes =
        corredor_warning::corridor::RouteFile::parse(corredor_warning::corridor::DEFAULT_ROUTES)
            .unwrap();
    corredor_app::scan::rescan(store, &secretariat(), &routes, None).unwrap();
    let log = corredor_app::audit::entries(store, &secretariat(), 500).unwrap();
    assert_eq!(withdrawn(&log), before);
}

#[test]
fn a_change_only_in_what_the_places_downstream_were_learned_from_issues_nothing_again() {
    use corredor_app::engine;
    use corredor_warning::corridor::{RouteFile, DEFAULT_ROUTES};
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    world(store, Sharing::public());
    let routes = RouteFile::parse(DEFAULT_ROUTES).unwrap();
    let loaded = engine::load(store, &corredor_store::Filter::default(), None).unwrap();
    let mut computed = engine::detect_latest(&loaded, None, &routes);
    let c = computed
        .iter_mut()
        .find(|c| c.downstream.iter().any(|d| !d.basis.is_empty()))
        .expect("an alert with places downstream learned from series");
    let id = c.alert.id.clone();
    let read = |store: &mut dyn Store| alerts::get(store, &Access::Operator, &id).unwrap();
    let refreshes = |store: &mut dyn Store| {
        corredor_app::audit::entries(store, &secretariat(), 1000)
            .unwrap()
            .iter()
            .filter(|e| e.action == "alert.refresh" && e.target == format!("alert/{id}"))
            .count()
    };
    let before = read(store);
    let refreshed = refreshes(store);

    // The same judgement again: nothing written.
    corredor_app::workflow::persist(store, &secretariat(), std::slice::from_ref(c), None).unwrap();
    assert_eq!(read(store).updated_at, before.updated_at);
    assert_eq!(refreshes(store), refreshed);

    // The same places, learned from one series fewer: kept (and audited),
    // but the alert reads as before, so it is not issued again.
    let d = c
        .downstream
        .iter_mut()
        .find(|d| !d.basis.is_empty())
        .unwrap();
    d.basis.pop();
    corredor_app::workflow::persist(store, &secretariat(), std::slice::from_ref(c), None).unwrap();
    let after = read(store);
    assert_eq!(after.downstream, before.downstream);
    assert_eq!(after.issued_at, before.issued_at);
    assert!(after.updated_at > before.updated_at);
    assert_eq!(refreshes(store), refreshed + 1);

    // A place dropped: the alert reads differently, and is issued again;
    // the country no longer asked no longer holds tasks on it.
    let gone = c.downstream.pop().unwrap().place;
    let gone = gone.split('/').next().unwrap().to_string();
    let tasks_of = |store: &mut dyn Store| {
        protocol::tasks(
            store,
            &corredor_app::auth::operator("SEC"),
            &TaskQuery {
                alert: Some(id.clone()),
                ..TaskQuery::default()
            },
        )
        .unwrap()
        .into_iter()
        .filter(|t| t.responsible == gone)
        .collect::<Vec<_>>()
    };
    let held = tasks_of(store);
    corredor_app::workflow::persist(store, &secretariat(), std::slice::from_ref(c), None).unwrap();
    let dropped = read(store);
    assert_ne!(dropped.downstream, before.downstream);
    assert!(dropped.issued_at > before.issued_at);
    assert!(!dropped.affected.contains(&gone), "{gone} still asked");
    assert!(!held.is_empty(), "{gone} held tasks on the alert");
    assert!(tasks_of(store)
        .iter()
        .all(|t| t.status == TaskStatus::Withdrawn));
}

#[test]
fn a_protocol_step_for_an_organisation_no_one_signs_in_as_is_refused() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    common::agencies(store, &sec);
    let for_whom = |responsible: &str| {
        protocol::DEFAULT.replacen(
            "responsible = \"reporter\"",
            &format!("responsible = \"{responsible}\""),
            1,
        )
    };
    let e = protocol::load(store, &sec, &for_whom("NOPE")).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(m) if m.contains("no organisation 'NOPE'")),
        "{e:?}"
    );
    assert!(protocol::playbooks(store).unwrap().is_empty());
    // An organisation whose only token is a participant's takes no task:
    // tasks are taken by analysts and the secretariat.
    corredor_app::auth::add_org(store, &sec, "CSO-X", "A network").unwrap();
    corredor_app::auth::create_token(store, &sec, "CSO-X", Role::Participant, "cso").unwrap();
    let e = protocol::load(store, &sec, &for_whom("CSO-X")).unwrap_err();
    assert!(
        matches!(&e, Error::Invalid(m) if m.contains("CSO-X holds no analyst's or secretariat's token")),
        "{e:?}"
    );
    // An organisation registered that works alerts (not a country: the
    // secretariat's), or a country's code, is someone.
    corredor_app::auth::create_token(store, &sec, "SEC", Role::Secretariat, "sec").unwrap();
    protocol::load(store, &sec, &for_whom("SEC")).unwrap();
    protocol::load(store, &sec, &for_whom("ECU")).unwrap();
}

#[test]
fn the_secretariats_tasks_are_withdrawn_when_its_alert_is_narrowed_past_it() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    common::agencies(store, &sec);
    protocol::load(store, &sec, protocol::DEFAULT).unwrap();
    submit_corridor(store, &sec, Sharing::public());
    let tasks_of = |store: &mut dyn Store, alert: &str| {
        protocol::tasks(
            store,
            &corredor_app::auth::operator("local"),
            &TaskQuery {
                alert: Some(alert.to_string()),
                ..TaskQuery::default()
            },
        )
        .unwrap()
    };
    // A surge with a task held by the secretariat.
    let all = alerts::list(store, &Access::Operator, &Query::default()).unwrap();
    let alert = all
        .iter()
        .find(|a| {
            a.kind == corredor_model::AlertKind::Surge
                && tasks_of(store, &a.id)
                    .iter()
                    .any(|t| t.responsible == "secretariat" && t.status.is_pending())
        })
        .expect("a surge with a task of the secretariat's")
        .clone();
    // Its reporter re-sends the series restricted to itself: the
    // secretariat may no longer read the alert, so its task goes.
    submit_corridor_rows(
        store,
        &sec,
        Sharing::new(corredor_model::ShareLevel::Restricted, Vec::new()),
        |line| {
            let f: Vec<&str> = line.split(',').collect();
            f[0] == alert.reporter && f[1] == alert.location && f[2] == alert.nationality
        },
    );
    let after = alerts::get(store, &Access::Operator, &alert.id).unwrap();
    assert_eq!(after.share, corredor_model::ShareLevel::Restricted);
    let tasks = tasks_of(store, &alert.id);
    let secretariat: Vec<_> = tasks
        .iter()
        .filter(|t| t.responsible == "secretariat")
        .collect();
    assert!(!secretariat.is_empty());
    assert!(
        secretariat
            .iter()
            .all(|t| t.status == TaskStatus::Withdrawn),
        "{secretariat:?}"
    );
    assert!(tasks
        .iter()
        .filter(|t| t.responsible == alert.reporter)
        .all(|t| t.status.is_pending() || t.status == TaskStatus::Done));
}

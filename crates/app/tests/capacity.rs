//! Capacity as data, in process on the test store's backend: reports
//! imported and revised like any other series, kept out of the early
//! warning, seen only by who may see them, completing the protocol's
//! "report capacity" task, and giving placement its sites.

mod common;

use corredor_app::alerts::{self, Query};
use corredor_app::auth::{Actor, Role};
use corredor_app::capacity;
use corredor_app::observations::{self, Scan, Submitted};
use corredor_app::pipeline::{Input, Request};
use corredor_app::protocol::{self, TaskQuery};
use corredor_ingest::{Format, Options};
use corredor_model::{AlertStatus, CapacityKind, Sharing, TaskStatus, Viewer};
use corredor_sharing::place::{self, files, Options as PlaceOptions};
use corredor_store::{Access, Filter, ReadOptions, Store};
use corredor_testkit::TestStore;
use corredor_warning::corridor::{self, RouteFile};

const HEADER: &str =
    "reporter,location,nationality,indicator,period,value,source,share,share_with\n";

fn secretariat() -> Actor {
    Actor {
        role: Role::Secretariat,
        ..corredor_app::auth::operator("SEC")
    }
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

/// Submits a long CSV of capacity rows as `actor`.
fn report(store: &mut dyn Store, actor: &Actor, rows: &str) -> Submitted {
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    let req = Request {
        org: &actor.org,
        format: Some(Format::Long),
        source: None,
        sharing: Sharing::public(),
        options: Options::default(),
        reporter: actor.country.as_deref(),
        progress: None,
    };
    let inputs = vec![Input::Bytes {
        name: "capacity.csv".into(),
        data: format!("{HEADER}{rows}").into_bytes(),
    }];
    observations::submit(store, actor, &routes, inputs, &req, Scan::Changed)
        .unwrap()
        .unwrap_or_else(|r| panic!("refused: {:?}", r.problems))
}

fn day(text: &str) -> chrono::NaiveDate {
    text.parse().unwrap()
}

#[test]
fn capacity_is_imported_revised_and_read_as_the_latest_report_of_each_site() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let pan = analyst("PAN");
    report(
        store,
        &pan,
        "PAN,LAJAS_BLANCAS,XXX,capacity_reception_places,2024-10-01,500,SENAFRONT,public,\n\
         PAN,LAJAS_BLANCAS,XXX,capacity_reception_places,2024-11-01,650,SENAFRONT,public,\n\
         PAN,SAN_VICENTE,XXX,capacity_reception_places,2024-11-01,800,SENAFRONT,members,\n\
         PAN,METETI,XXX,capacity_reception_places,2024-11-01,90,SENAFRONT,restricted,CRI\n",
    );
    let all = capacity::latest(
        store,
        &Access::Operator,
        CapacityKind::ReceptionPlaces,
        day("2024-12-31"),
    )
    .unwrap();
    let values: Vec<(&str, u64)> = all.iter().map(|r| (r.location.as_str(), r.value)).collect();
    assert_eq!(
        values,
        [("LAJAS_BLANCAS", 650), ("METETI", 90), ("SAN_VICENTE", 800)]
    );
    // On an earlier date, the report that held then.
    let october = capacity::latest(
        store,
        &Access::Operator,
        CapacityKind::ReceptionPlaces,
        day("2024-10-15"),
    )
    .unwrap();
    assert_eq!(october.len(), 1);
    assert_eq!(october[0].value, 500);

    // A revision: the same site and date sent again with another figure.
    let revised = report(
        store,
        &pan,
        "PAN,LAJAS_BLANCAS,XXX,capacity_reception_places,2024-11-01,400,SENAFRONT (corrected),public,\n",
    );
    assert_eq!(revised.summary.revised, 1);
    let now = capacity::latest(
        store,
        &Access::Operator,
        CapacityKind::ReceptionPlaces,
        day("2024-12-31"),
    )
    .unwrap();
    let lajas = now.iter().find(|r| r.location == "LAJAS_BLANCAS").unwrap();
    assert_eq!((lajas.value, lajas.revision), (400, 2));
    // The first figure is kept, marked as replaced.
    let mut history = Vec::new();
    store
        .observations(
            &Filter {
                locations: vec!["LAJAS_BLANCAS".into()],
                ..Filter::default()
            },
            &ReadOptions {
                history: true,
                ..ReadOptions::default()
            },
            &Access::Operator,
            &mut |o| {
                history.push((o.period.to_string(), o.value, o.superseded_at.is_some()));
                Ok(())
            },
        )
        .unwrap();
    assert!(
        history.contains(&("2024-11-01".into(), 650, true)),
        "{history:?}"
    );

    // Each reader sees what the sharing allows: the public the public
    // site, Costa Rica also the one shared with it, another member the
    // members' site but not Costa Rica's.
    let seen = |store: &mut dyn Store, viewer: Viewer| -> Vec<String> {
        capacity::latest(
            store,
            &Access::Viewer(viewer),
            CapacityKind::ReceptionPlaces,
            day("2024-12-31"),
        )
        .unwrap()
        .into_iter()
        .map(|r| r.location)
        .collect()
    };
    assert_eq!(seen(store, Viewer::Public), ["LAJAS_BLANCAS"]);
    assert_eq!(
        seen(
            store,
            Viewer::Member {
                country: "CRI".into()
            }
        ),
        ["LAJAS_BLANCAS", "METETI", "SAN_VICENTE"]
    );
    assert_eq!(
        seen(
            store,
            Viewer::Member {
                country: "MEX".into()
            }
        ),
        ["LAJAS_BLANCAS", "SAN_VICENTE"]
    );
}

#[test]
fn capacity_raises_no_alert_however_much_it_jumps() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let mut rows = String::new();
    for m in 1..=24 {
        let beds = if m == 24 { 50_000 } else { 100 + m };
        rows.push_str(&format!(
            "CRI,ALL,XXX,capacity_shelter_beds,{}-{:02},{beds},,public,\n",
            2022 + (m - 1) / 12,
            (m - 1) % 12 + 1
        ));
    }
    let done = report(store, &corredor_app::auth::operator("test"), &rows);
    assert_eq!(done.summary.new, 24);
    assert!(done.alerts.unwrap_or_default().opened.is_empty());
    assert!(alerts::list(store, &Access::Operator, &Query::default())
        .unwrap()
        .is_empty());
}

#[test]
fn capacity_is_refused_with_a_nationality() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    let req = Request {
        org: "test",
        format: Some(Format::Long),
        source: None,
        sharing: Sharing::public(),
        options: Options::default(),
        reporter: None,
        progress: None,
    };
    let inputs = vec![Input::Bytes {
        name: "capacity.csv".into(),
        data: format!("{HEADER}CRI,ALL,VEN,capacity_staff,2024-11-01,40,,public,\n").into_bytes(),
    }];
    let refused = observations::submit(
        store.as_mut(),
        &corredor_app::auth::operator("test"),
        &routes,
        inputs,
        &req,
        Scan::Changed,
    )
    .unwrap()
    .unwrap_err();
    let text = format!("{:?}", refused.problems);
    assert!(text.contains("not counted by nationality"), "{text}");
}

#[test]
fn placement_takes_its_sites_and_capacities_from_the_latest_reports() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    report(
        store,
        &corredor_app::auth::operator("test"),
        "PAN,LAJAS_BLANCAS,XXX,capacity_reception_places,2024-10-01,9,,public,\n\
         PAN,LAJAS_BLANCAS,XXX,capacity_reception_places,2024-11-01,6,,public,\n\
         CRI,ALL,XXX,capacity_reception_places,2024-11-01,5,,public,\n\
         MEX,ALL,XXX,capacity_reception_places,2024-11-01,100,,restricted,\n",
    );
    // A public reader's sites: Mexico's restricted report is not there.
    let reports = capacity::latest(
        store,
        &Access::Viewer(Viewer::Public),
        CapacityKind::ReceptionPlaces,
        day("2024-12-31"),
    )
    .unwrap();
    let sites = capacity::sites_csv(CapacityKind::ReceptionPlaces, &reports).unwrap();
    let cases = "id,size,needs\nf1,3,\nf2,2,\nf3,2,\nf4,2,\nf5,2,\n";
    let inst = files::read(&files::Files {
        cases: ("cases.csv", cases.as_bytes()),
        sites: ("capacity reports", &sites),
        scores: None,
        quotas: None,
        tolerance: 0.05,
    })
    .unwrap();
    let ids: Vec<(&str, u64)> = inst
        .sites
        .iter()
        .map(|s| (s.id.as_str(), s.capacity))
        .collect();
    assert_eq!(ids, [("CRI", 5), ("PAN/LAJAS_BLANCAS", 6)]);
    let never = || false;
    let p = place::solve(&inst, &PlaceOptions { stop: &never }).unwrap();
    // 11 places (Panama's 6 of November, not its 9 of October) for 11
    // persons: 3+2 and 2+2+2, every place used and none twice.
    let mut used = vec![0u64; inst.sites.len()];
    for (i, s) in p.site_of.iter().enumerate() {
        if let Some(j) = s {
            used[*j as usize] += u64::from(inst.cases[i].size);
        }
    }
    assert_eq!(used.iter().sum::<u64>(), 11, "{used:?}");
    for (u, s) in used.iter().zip(&inst.sites) {
        assert!(*u <= s.capacity, "{} over its {} places", s.id, s.capacity);
    }
}

#[test]
fn the_report_capacity_task_is_done_when_the_countrys_report_arrives() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    common::agencies(store, &sec);
    protocol::load(store, &sec, protocol::DEFAULT).unwrap();
    common::submit_corridor(store, &sec, Sharing::public());
    let alert = alerts::list(store, &Access::Operator, &Query::active())
        .unwrap()
        .into_iter()
        .find(|a| a.affected.iter().filter(|c| **c != a.reporter).count() > 1)
        .expect("an alert with countries downstream");
    // A report sent before the task exists does not complete it.
    let downstream: Vec<String> = alert
        .affected
        .iter()
        .filter(|c| **c != alert.reporter)
        .cloned()
        .collect();
    let (first, second) = (downstream[0].clone(), downstream[1].clone());
    report(
        store,
        &analyst(&first),
        &format!("{first},ALL,XXX,capacity_staff,2024-10-01,30,,public,\n"),
    );
    corredor_app::workflow::transition(
        store,
        &sec,
        &alert.id,
        AlertStatus::Escalated,
        "beyond capacity",
    )
    .unwrap();
    let capacity_tasks = |store: &mut dyn Store| -> Vec<protocol::Task> {
        protocol::tasks(
            store,
            &sec,
            &TaskQuery {
                alert: Some(alert.id.clone()),
                ..TaskQuery::default()
            },
        )
        .unwrap()
        .into_iter()
        .filter(|t| t.action.en.starts_with("Report the capacity"))
        .collect()
    };
    let before = capacity_tasks(store);
    assert_eq!(before.len(), downstream.len());
    assert!(before
        .iter()
        .all(|t| t.status == TaskStatus::Open && !t.overdue));

    // The first country reports: its task is done, by it, and audited; the
    // second's stays open.
    report(
        store,
        &analyst(&first),
        &format!("{first},ALL,XXX,capacity_reception_places,2024-11-01,1200,,members,\n"),
    );
    let after = capacity_tasks(store);
    let of = |c: &str| after.iter().find(|t| t.responsible == c).unwrap();
    assert_eq!(of(&first).status, TaskStatus::Done);
    assert_eq!(of(&first).updated_by.as_deref(), Some(first.as_str()));
    assert_eq!(of(&second).status, TaskStatus::Open);
    let audit =
        corredor_app::audit::entries(store, &corredor_app::auth::operator("test"), 20).unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "task.done" && e.target == format!("capacity/{first}")),
        "{:?}",
        audit.iter().map(|e| &e.action).collect::<Vec<_>>()
    );
    // Figures of people do not count as a capacity report.
    common::submit_corridor(store, &sec, Sharing::public());
    assert_eq!(
        capacity_tasks(store)
            .iter()
            .find(|t| t.responsible == second)
            .unwrap()
            .status,
        TaskStatus::Open
    );
}

//! A confirmation stands for the figures it was given on. Figures of a
//! confirmed month received afterwards are screened again: a break sent
//! again raises a new data-quality notice (the settled one stays closed)
//! and no surge, and figures sent again unchanged leave the confirmation
//! as it was.

mod common;

use corredor_app::alerts::{self, Query};

use corredor_model::{AlertEventKind, AlertKind, AlertStatus, Sharing};
use corredor_store::{Access, Store};
use corredor_testkit::TestStore;
use corredor_warning::corridor::{self, RouteFile};

/// Mexico's figures for eight nationalities, 2021-01 to 2023-12, with
/// December 2023 multiplied by `december`.
fn figures(december: f64) -> String {
    figures_ending(1.0, december)
}

/// The same with November 2023 multiplied by `november` too.
fn figures_ending(november: f64, december: f64) -> String {
    let mut csv = String::from("reporter,location,nationality,indicator,period,value\n");
    let mut p: corredor_model::Period = "2021-01".parse().unwrap();
    for t in 0..36 {
        for (i, nationality) in ["GTM", "HND", "SLV", "VEN", "CUB", "HTI", "ECU", "COL"]
            .iter()
            .enumerate()
        {
            let usual = 200.0 * (i as f64 + 1.0) + 15.0 * ((t % 4) as f64 - 1.5);
            let value = match t {
                34 => usual * november,
                35 => usual * december,
                _ => usual,
            };
            csv.push_str(&format!(
                "MEX,ALL,{nationality},irregular_entries,{p},{value:.0}\n"
            ));
        }
        p = p.offset(1);
    }
    csv
}

fn alerts_of(store: &mut dyn Store, kind: AlertKind) -> Vec<corredor_app::alerts::StoredAlert> {
    alerts::list(
        store,
        &Access::Operator,
        &Query {
            kind: Some(kind.to_string()),
            ..Query::default()
        },
    )
    .unwrap()
}

#[test]
fn a_confirmed_month_sent_again_is_screened_again() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store: &mut dyn Store = store.as_mut();
    let operator = corredor_app::auth::operator("local");
    common::agencies(store, &operator);
    let submit = |store: &mut dyn Store, december: f64| {
        common::submit_csv(store, &operator, Sharing::public(), &figures(december))
            .unwrap_or_else(|r| panic!("refused: {:?}", r.problems))
    };
    submit(store, 10.0);
    let first = alerts_of(store, AlertKind::DataQuality);
    assert_eq!(first.len(), 1, "{first:?}");
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    let confirmed = corredor_app::quality::confirm(
        store,
        &common::mexico(),
        &routes,
        "MEX",
        &["2023-12".parse().unwrap()],
        "counted again",
    )
    .unwrap();
    assert_eq!(confirmed.confirmed, ["2023-12"]);
    assert_eq!(
        alerts_of(store, AlertKind::DataQuality)[0].status,
        AlertStatus::Closed
    );
    // Confirmed, the tenfold December is judged as sent.
    let judged = |store: &mut dyn Store| {
        let mut out: Vec<(String, f64, String)> = alerts_of(store, AlertKind::Surge)
            .into_iter()
            .chain(alerts_of(store, AlertKind::Emergence))
            .map(|a| (a.id, a.observed, a.issued_at))
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    };
    let surges_confirmed = judged(store);

    // The same figures again change nothing: the confirmation stands.
    submit(store, 10.0);
    let notices = alerts_of(store, AlertKind::DataQuality);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert_eq!(notices[0].status, AlertStatus::Closed);

    // December revised to fifty times its usual figures: no longer what
    // was confirmed. It is held again, under a new notice, and raises no
    // surge beyond those of the figures confirmed.
    submit(store, 50.0);
    let notices = alerts_of(store, AlertKind::DataQuality);
    assert_eq!(notices.len(), 2, "{notices:?}");
    let open: Vec<_> = notices
        .iter()
        .filter(|n| n.status != AlertStatus::Closed)
        .collect();
    assert_eq!(open.len(), 1, "{notices:?}");
    assert_ne!(open[0].id, first[0].id);
    // Each names the other in its history.
    let named = |store: &mut dyn Store, id: &str, kind: AlertEventKind| {
        alerts::events(store, &Access::Operator, id)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.text)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        named(store, &first[0].id, AlertEventKind::RaisedAgain),
        [open[0].id.clone()]
    );
    assert_eq!(
        named(store, &open[0].id, AlertEventKind::Follows),
        [first[0].id.clone()]
    );
    // The surges judged on December's confirmed figures say that the
    // new notice holds them out now.
    let december: Vec<_> = alerts_of(store, AlertKind::Surge)
        .into_iter()
        .chain(alerts_of(store, AlertKind::Emergence))
        .filter(|a| a.period == "2023-12" && a.status != AlertStatus::Closed)
        .collect();
    assert!(!december.is_empty());
    for a in &december {
        assert_eq!(
            named(store, &a.id, AlertEventKind::HeldBy),
            [open[0].id.clone()],
            "{a:?}"
        );
    }
    assert_eq!(
        open[0].covers.as_ref().unwrap().months,
        ["2023-12".to_string()]
    );
    assert_eq!(
        judged(store),
        surges_confirmed,
        "the revised month reached detection"
    );
    let standing = corredor_app::quality::confirmations(store).unwrap();
    assert_eq!(standing.len(), 1);
    assert!(
        !standing[0].1,
        "a confirmation of figures since revised stands"
    );

    // Confirmed again, the new notice settles; the first stays as it was.
    let again = corredor_app::quality::confirm(
        store,
        &common::mexico(),
        &routes,
        "MEX",
        &["2023-12".parse().unwrap()],
        "fifty times, and right",
    )
    .unwrap();
    assert_eq!(again.confirmed, ["2023-12"], "{again:?}");
    assert!(alerts_of(store, AlertKind::DataQuality)
        .iter()
        .all(|n| n.status == AlertStatus::Closed));
    assert!(corredor_app::quality::confirmations(store).unwrap()[0].1);

    // Confirmed once more with nothing new: nothing is raised, settled or
    // recorded.
    let audit_before = corredor_app::audit::entries(store, &operator, 10_000)
        .unwrap()
        .len();
    let once_more = corredor_app::quality::confirm(
        store,
        &common::mexico(),
        &routes,
        "MEX",
        &["2023-12".parse().unwrap()],
        "again",
    )
    .unwrap();
    assert!(once_more.confirmed.is_empty(), "{once_more:?}");
    assert!(
        once_more.alerts.opened.is_empty() && once_more.alerts.closed.is_empty(),
        "{once_more:?}"
    );
    assert_eq!(alerts_of(store, AlertKind::DataQuality).len(), 2);
    assert_eq!(
        corredor_app::audit::entries(store, &operator, 10_000)
            .unwrap()
            .len(),
        audit_before
    );
}

/// A notice raised again may be shared otherwise than the one it follows:
/// each names the other only to those who may see it.
#[test]
fn a_notice_raised_again_names_the_one_it_follows_only_to_those_who_see_it() {
    use corredor_model::{ShareLevel, Viewer};
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store: &mut dyn Store = store.as_mut();
    let operator = corredor_app::auth::operator("local");
    common::agencies(store, &operator);
    let shared_with = |country: &str| Sharing::new(ShareLevel::Restricted, vec![country.into()]);
    common::submit_csv(store, &operator, shared_with("GTM"), &figures(10.0)).unwrap();
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    let december = ["2023-12".parse().unwrap()];
    corredor_app::quality::confirm(
        store,
        &common::mexico(),
        &routes,
        "MEX",
        &december,
        "counted",
    )
    .unwrap();
    // December revised, and shared with Panama instead of Guatemala.
    common::submit_csv(store, &operator, shared_with("PAN"), &figures(50.0)).unwrap();
    let notices = alerts_of(store, AlertKind::DataQuality);
    assert_eq!(notices.len(), 2, "{notices:?}");
    let (settled, open): (Vec<_>, Vec<_>) = notices
        .into_iter()
        .partition(|n| n.status == AlertStatus::Closed);
    let kinds = |store: &mut dyn Store, viewer: &str, id: &str| {
        let access = Access::Viewer(Viewer::Member {
            country: viewer.into(),
        });
        corredor_app::alerts::events(store, &access, id).map(|events| {
            events
                .into_iter()
                .map(|e| e.kind)
                .filter(|k| matches!(k, AlertEventKind::RaisedAgain | AlertEventKind::Follows))
                .collect::<Vec<_>>()
        })
    };
    // Mexico, the reporter, sees both notices and both links.
    assert_eq!(
        kinds(store, "MEX", &open[0].id).unwrap(),
        [AlertEventKind::Follows]
    );
    assert_eq!(
        kinds(store, "MEX", &settled[0].id).unwrap(),
        [AlertEventKind::RaisedAgain]
    );
    // Panama sees the new notice, but neither the settled one nor its id.
    assert_eq!(kinds(store, "PAN", &open[0].id).unwrap(), []);
    assert!(kinds(store, "PAN", &settled[0].id).is_err());
    // Guatemala no longer sees either: the settled notice narrowed with
    // the figures it was about.
    assert!(kinds(store, "GTM", &settled[0].id).is_err());
    assert!(kinds(store, "GTM", &open[0].id).is_err());
}

/// A break settled over two months and flagged again on its last month
/// only is raised under another id, and still names the one it follows.
#[test]
fn a_break_flagged_again_from_a_later_month_names_the_notice_it_follows() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store: &mut dyn Store = store.as_mut();
    let operator = corredor_app::auth::operator("local");
    common::agencies(store, &operator);
    let submit = |store: &mut dyn Store, csv: &str| {
        common::submit_csv(store, &operator, Sharing::public(), csv).unwrap()
    };
    submit(store, &figures_ending(10.0, 10.0));
    let first = alerts_of(store, AlertKind::DataQuality);
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(
        first[0].covers.as_ref().unwrap().months,
        ["2023-11", "2023-12"]
    );
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    let months = ["2023-11".parse().unwrap(), "2023-12".parse().unwrap()];
    corredor_app::quality::confirm(store, &common::mexico(), &routes, "MEX", &months, "").unwrap();
    // December alone revised to fifty times its usual figures.
    submit(store, &figures_ending(10.0, 50.0));
    let open: Vec<_> = alerts_of(store, AlertKind::DataQuality)
        .into_iter()
        .filter(|n| n.status != AlertStatus::Closed)
        .collect();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(open[0].covers.as_ref().unwrap().months, ["2023-12"]);
    let follows: Vec<String> = alerts::events(store, &Access::Operator, &open[0].id)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == AlertEventKind::Follows)
        .map(|e| e.text)
        .collect();
    assert_eq!(follows, [first[0].id.clone()]);
}

//! An alert's row on the test store's backend: its reference kept and
//! read back, and filled in by a refresh for an alert stored without one;
//! when it is issued again, and when only touched.

use corredor_model::{AlertKind, Level, SeriesKey, Sharing};
use corredor_store::alerts::{self, Judgement};
use corredor_store::Access;
use corredor_testkit::TestStore;

fn judgement(reference: Option<f64>) -> Judgement {
    Judgement {
        level: Level::Warning,
        period: "2025-02".into(),
        observed: 288.0,
        expected: 1096.0,
        lo95: 476.0,
        hi95: 1970.0,
        reference,
        score: 0.0,
        months: 3,
        explanation_en: "en".into(),
        explanation_es: "es".into(),
        explanation_pt: "pt".into(),
        explanation_fr: "fr".into(),
        downstream: "[]".into(),
        affected: vec!["MEX".into()],
        sharing: Sharing::public(),
        priority: 52.5,
        places: Vec::new(),
        covers: "null".into(),
    }
}

#[test]
fn an_alert_stored_without_a_reference_gets_it_at_its_next_detection() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let s = store.as_mut();
    let key: SeriesKey = "MEX/ALL/TCD/irregular_entries".parse().unwrap();
    let at = "2025-03-01T00:00:00Z";
    assert!(alerts::insert(s, "a1", AlertKind::Surge, &key, &judgement(None), at).unwrap());
    let read = |s: &mut dyn corredor_store::Store| {
        alerts::get(s, &Access::Operator, "a1")
            .unwrap()
            .unwrap()
            .judgement
            .reference
    };
    assert_eq!(read(s), None);
    // The same judgement again, with its reference: kept, once.
    assert!(alerts::refresh(s, "a1", &judgement(Some(64.0)), at, true).unwrap());
    assert_eq!(read(s), Some(64.0));
    assert!(!alerts::refresh(s, "a1", &judgement(Some(64.0)), at, true).unwrap());
}

#[test]
fn a_refresh_issues_the_alert_again_only_when_its_message_changes() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let s = store.as_mut();
    let key: SeriesKey = "MEX/ALL/TCD/irregular_entries".parse().unwrap();
    let j = judgement(Some(64.0));
    assert!(alerts::insert(s, "a1", AlertKind::Surge, &key, &j, "2025-03-01T00:00:00Z").unwrap());
    let times = |s: &mut dyn corredor_store::Store| {
        let r = alerts::get(s, &Access::Operator, "a1").unwrap().unwrap();
        (r.updated_at, r.issued_at)
    };
    // Only the countries asked to acknowledge change: not in the message.
    let mut asked = j.clone();
    asked.affected.push("USA".into());
    assert!(alerts::refresh(s, "a1", &asked, "2025-03-02T00:00:00Z", true).unwrap());
    assert_eq!(
        times(s),
        ("2025-03-02T00:00:00Z".into(), "2025-03-01T00:00:00Z".into())
    );
    // Only what the places downstream were learned from changes: kept,
    // and not in the message.
    let mut basis = asked.clone();
    basis.downstream = r#"[{"place":"NIC","basis":["NIC/ALL/TCD/irregular_entries"]}]"#.into();
    assert!(alerts::refresh(s, "a1", &basis, "2025-03-02T12:00:00Z", true).unwrap());
    assert_eq!(
        alerts::get(s, &Access::Operator, "a1")
            .unwrap()
            .unwrap()
            .judgement
            .downstream,
        basis.downstream
    );
    assert_eq!(
        times(s),
        ("2025-03-02T12:00:00Z".into(), "2025-03-01T00:00:00Z".into())
    );
    // Places downstream change: a new message.
    let mut downstream = asked.clone();
    downstream.downstream = r#"[{"place":"USA","period":"2025-03"}]"#.into();
    assert!(alerts::refresh(s, "a1", &downstream, "2025-03-03T00:00:00Z", false).unwrap());
    assert_eq!(
        times(s),
        ("2025-03-03T00:00:00Z".into(), "2025-03-03T00:00:00Z".into())
    );
    // A comment touches it, and issues nothing.
    alerts::touch(s, "a1", "2025-03-04T00:00:00Z").unwrap();
    assert_eq!(
        times(s),
        ("2025-03-04T00:00:00Z".into(), "2025-03-03T00:00:00Z".into())
    );
}

//! A confirmation's note, quoted when the notices it settles close: only
//! where every notice of its month has the same readers, so that no note
//! reaches a reader of a wider notice that a narrower one was confirmed
//! for.

mod common;

use corredor_app::alerts::{self, Query};

use corredor_model::{AlertEventKind, AlertKind, AlertStatus, Sharing};
use corredor_store::{Access, Store};
use corredor_testkit::TestStore;
use corredor_warning::corridor::{self, RouteFile};

const NOTE: &str = "counted again with the border posts";

/// Mexico's figures for two indicators, eight nationalities, 2021-01 to
/// 2023-12, every one of December 2023 sent ten times over (a reporting
/// break of each indicator); `encounters` sent with `share` and
/// `share_with`.
fn two_indicators(share: &str, share_with: &str) -> String {
    let mut csv =
        String::from("reporter,location,nationality,indicator,period,value,share,share_with\n");
    let mut p: corredor_model::Period = "2021-01".parse().unwrap();
    for t in 0..36 {
        for (i, nationality) in ["GTM", "HND", "SLV", "VEN", "CUB", "HTI", "ECU", "COL"]
            .iter()
            .enumerate()
        {
            let usual = 200.0 * (i as f64 + 1.0) + 15.0 * ((t % 4) as f64 - 1.5);
            let value = if t == 35 { usual * 10.0 } else { usual };
            for (indicator, sh, with) in [
                ("irregular_entries", "public", ""),
                ("encounters", share, share_with),
            ] {
                csv.push_str(&format!(
                    "MEX,ALL,{nationality},{indicator},{p},{value:.0},{sh},{with}\n"
                ));
            }
        }
        p = p.offset(1);
    }
    csv
}

/// The closing text of each of Mexico's notices, by indicator, after
/// Mexico confirms December 2023 with a note.
fn closings(share: &str, share_with: &str) -> Vec<(String, String)> {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store: &mut dyn Store = store.as_mut();
    let operator = corredor_app::auth::operator("local");
    common::agencies(store, &operator);
    common::submit_csv(
        store,
        &operator,
        Sharing::public(),
        &two_indicators(share, share_with),
    )
    .unwrap_or_else(|r| panic!("refused: {:?}", r.problems));
    let notices = |store: &mut dyn Store| {
        alerts::list(
            store,
            &Access::Operator,
            &Query {
                kind: Some(AlertKind::DataQuality.to_string()),
                ..Query::default()
            },
        )
        .unwrap()
    };
    let open = notices(store);
    assert_eq!(
        open.len(),
        2,
        "one notice per indicator: {:?}",
        open.iter()
            .map(|n| (&n.indicator, &n.covers))
            .collect::<Vec<_>>()
    );
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    corredor_app::quality::confirm(
        store,
        &common::mexico(),
        &routes,
        "MEX",
        &["2023-12".parse().unwrap()],
        NOTE,
    )
    .unwrap();
    let mut out = Vec::new();
    for n in notices(store) {
        assert_eq!(n.status, AlertStatus::Closed, "{} still open", n.indicator);
        let closed = alerts::events(store, &Access::Operator, &n.id)
            .unwrap()
            .into_iter()
            .rfind(|e| e.kind == AlertEventKind::Closed)
            .expect("a closing event");
        out.push((n.indicator.clone(), closed.text));
    }
    out.sort();
    out
}

#[test]
fn a_note_is_quoted_where_every_notice_of_its_month_has_the_same_readers() {
    let both = closings("public", "");
    assert_eq!(both.len(), 2);
    for (indicator, text) in &both {
        assert!(text.contains(NOTE), "{indicator}: {text}");
    }
}

#[test]
fn a_note_is_not_quoted_where_a_notice_of_its_month_is_seen_by_fewer() {
    // Encounters shared with the United States alone: Mexico's one note
    // is of the month both notices hold, and may speak of the restricted
    // figures, which the public notice's readers may not learn of; so
    // neither notice quotes it.
    let apart = closings("restricted", "USA");
    assert_eq!(apart.len(), 2);
    for (indicator, text) in &apart {
        assert!(!text.contains(NOTE), "{indicator}: {text}");
        assert!(text.contains("revised or confirmed"), "{indicator}: {text}");
    }
}

//! The SQL visibility filter (`visible_sql`, applied by every read) and the
//! model's sharing rule (`Sharing::visible_to`) agree for any viewer and any
//! sharing: the rule is written twice, once as data and once as SQL, and
//! this is what keeps the two the same.

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;

use corredor_model::{Location, SeriesKey, ShareLevel, Sharing, Viewer};
use corredor_store::{Access, FileMeta, Filter, NewObservation, ReadOptions};
use corredor_testkit::TestStore;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const COUNTRIES: &[&str] = &["PAN", "CRI", "USA", "MEX", "COL"];

fn country() -> impl Strategy<Value = String> {
    proptest::sample::select(COUNTRIES).prop_map(str::to_string)
}

/// A series' owner and sharing.
fn shared() -> impl Strategy<Value = (String, Sharing)> {
    let level = prop_oneof![
        Just(ShareLevel::Public),
        Just(ShareLevel::Members),
        Just(ShareLevel::Restricted)
    ];
    (
        country(),
        level,
        proptest::collection::btree_set(country(), 0..4),
    )
        .prop_map(|(owner, level, with)| (owner, Sharing::new(level, with.into_iter().collect())))
}

fn viewer() -> impl Strategy<Value = Viewer> {
    prop_oneof![
        Just(Viewer::Public),
        Just(Viewer::Secretariat),
        country().prop_map(|country| Viewer::Member { country }),
    ]
}

#[test]
fn the_sql_filter_and_the_sharing_rule_agree_for_every_viewer() {
    let test = TestStore::new();
    let store = RefCell::new(corredor_store::open(&test.url).unwrap());
    let case = Cell::new(0u32);
    let mut runner = TestRunner::new(Config::with_cases(64));
    let strategy = (proptest::collection::vec(shared(), 1..8), viewer());
    runner
        .run(&strategy, |(series, viewer)| {
            case.set(case.get() + 1);
            let mut store = store.borrow_mut();
            // Each case's series have places of their own, so cases never
            // see each other's rows.
            let keys: Vec<(SeriesKey, String, Sharing)> = series
                .into_iter()
                .enumerate()
                .map(|(i, (owner, sharing))| {
                    let location: Location = format!("C{}S{i}", case.get()).parse().unwrap();
                    let key = SeriesKey {
                        reporter: owner.clone(),
                        location,
                        nationality: "VEN".into(),
                        indicator: "encounters".into(),
                    };
                    (key, owner, sharing)
                })
                .collect();
            {
                let mut import = store.begin_import().unwrap();
                import
                    .start_file(&FileMeta {
                        file: "cases.csv".into(),
                        format: "long".into(),
                        source: None,
                        org: "test".into(),
                        received_at: "2026-01-01T00:00:00.000000Z".into(),
                        sharing: Sharing::public(),
                    })
                    .unwrap();
                for (line, (key, _, sharing)) in keys.iter().enumerate() {
                    import
                        .add(&NewObservation {
                            key,
                            period: "2023-01".parse().unwrap(),
                            dims: "",
                            value: 1,
                            source: None,
                            sharing: Some(sharing),
                            line: line as u64 + 2,
                        })
                        .unwrap()
                        .unwrap();
                }
                import.finish_file("0").unwrap();
                import.commit().unwrap();
            }
            let filter = Filter {
                locations: keys
                    .iter()
                    .map(|(k, _, _)| k.location.to_string())
                    .collect(),
                ..Filter::default()
            };
            let mut seen = BTreeSet::new();
            store
                .observations(
                    &filter,
                    &ReadOptions::default(),
                    &Access::Viewer(viewer.clone()),
                    &mut |o| {
                        seen.insert(o.key.location.to_string());
                        Ok(())
                    },
                )
                .unwrap();
            let expected: BTreeSet<String> = keys
                .iter()
                .filter(|(_, owner, sharing)| sharing.visible_to(owner, &viewer))
                .map(|(k, _, _)| k.location.to_string())
                .collect();
            prop_assert_eq!(seen, expected, "viewer {:?}", viewer);
            Ok(())
        })
        .unwrap();
}

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
                            at: &corredor_model::Origin::row(corredor_model::Position::Text {
                                file: "cases.csv".into(),
                                line: line as u64 + 2,
                                column: None,
                            }),
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

/// One file of one value for PAN's series at `location`, received at `at`.
fn send(
    store: &mut dyn corredor_store::Store,
    location: &Location,
    value: u64,
    sharing: &Sharing,
    at: &str,
) {
    send_with_part(store, location, (value, None), sharing, at);
}

/// The values `viewer` reads at `location` with `options`.
fn read(
    store: &mut dyn corredor_store::Store,
    location: &Location,
    options: &ReadOptions,
    viewer: Viewer,
) -> Vec<u64> {
    let filter = Filter {
        locations: vec![location.to_string()],
        ..Filter::default()
    };
    let mut values = Vec::new();
    store
        .observations(&filter, options, &Access::Viewer(viewer), &mut |o| {
            values.push(o.value);
            Ok(())
        })
        .unwrap();
    values
}

#[test]
fn a_value_resent_under_a_narrower_sharing_takes_its_history_with_it() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let narrowed: Location = "NARROWED".parse().unwrap();
    let widened: Location = "WIDENED".parse().unwrap();
    let restricted = Sharing::new(ShareLevel::Restricted, vec!["CRI".into()]);
    send(
        store,
        &narrowed,
        10,
        &Sharing::public(),
        "2026-01-01T00:00:00.000000Z",
    );
    send(
        store,
        &narrowed,
        11,
        &restricted,
        "2026-02-01T00:00:00.000000Z",
    );
    send(
        store,
        &widened,
        20,
        &restricted,
        "2026-01-01T00:00:00.000000Z",
    );
    send(
        store,
        &widened,
        21,
        &Sharing::public(),
        "2026-02-01T00:00:00.000000Z",
    );
    let history = ReadOptions {
        history: true,
        ..ReadOptions::default()
    };
    let january = ReadOptions {
        as_received: Some("2026-01-15T00:00:00.000000Z".into()),
        ..ReadOptions::default()
    };
    let member = |c: &str| Viewer::Member { country: c.into() };
    // The public revision of January is no longer anyone's but PAN's and
    // CRI's, in the history as in the values as they stood then.
    for viewer in [Viewer::Public, Viewer::Secretariat, member("MEX")] {
        assert_eq!(
            read(store, &narrowed, &history, viewer.clone()),
            Vec::<u64>::new(),
            "{viewer:?}"
        );
        assert_eq!(
            read(store, &narrowed, &january, viewer.clone()),
            Vec::<u64>::new(),
            "{viewer:?}"
        );
    }
    for viewer in [member("PAN"), member("CRI")] {
        assert_eq!(
            read(store, &narrowed, &history, viewer.clone()),
            vec![10, 11],
            "{viewer:?}"
        );
        assert_eq!(
            read(store, &narrowed, &january, viewer.clone()),
            vec![10],
            "{viewer:?}"
        );
    }
    // Widening shows the new revision, never the restricted one before it.
    assert_eq!(read(store, &widened, &history, Viewer::Public), vec![21]);
    assert_eq!(
        read(store, &widened, &january, Viewer::Public),
        Vec::<u64>::new()
    );
    assert_eq!(read(store, &widened, &history, member("CRI")), vec![20, 21]);
    let mut all = Vec::new();
    store
        .observations(
            &Filter {
                locations: vec!["NARROWED".into()],
                ..Filter::default()
            },
            &history,
            &Access::Operator,
            &mut |o| {
                all.push(o.value);
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(all, vec![10, 11], "the operator reads every revision");
    // The widened series' first revision is labelled as it was sent,
    // restricted to Costa Rica, not with the sharing of the value now: a
    // file of it imports back no wider than either.
    let mut labels = Vec::new();
    store
        .observations(
            &Filter {
                locations: vec!["WIDENED".into()],
                ..Filter::default()
            },
            &history,
            &Access::Viewer(member("CRI")),
            &mut |o| {
                labels.push((o.value, o.sharing.clone()));
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(
        labels,
        vec![(20, restricted.clone()), (21, Sharing::public())]
    );
}

/// One file of PAN's series at `location` for 2023-01: the total, and
/// with `part` a breakdown row (public, as a publisher's file gives it).
fn send_with_part(
    store: &mut dyn corredor_store::Store,
    location: &Location,
    (total, part): (u64, Option<u64>),
    sharing: &Sharing,
    at: &str,
) {
    let key = SeriesKey {
        reporter: "PAN".into(),
        location: location.clone(),
        nationality: "VEN".into(),
        indicator: "encounters".into(),
    };
    let mut import = store.begin_import().unwrap();
    import
        .start_file(&FileMeta {
            file: format!("{total}.csv"),
            format: "long".into(),
            source: None,
            org: "test".into(),
            received_at: at.into(),
            sharing: Sharing::public(),
        })
        .unwrap();
    let mut add = |dims: &str, value: u64, sharing: &Sharing| {
        import
            .add(&NewObservation {
                key: &key,
                period: "2023-01".parse().unwrap(),
                dims,
                value,
                source: None,
                sharing: Some(sharing),
                at: &corredor_model::Origin::row(corredor_model::Position::Text {
                    file: "cases.csv".into(),
                    line: 2,
                    column: None,
                }),
            })
            .unwrap()
            .unwrap();
    };
    add("", total, sharing);
    if let Some(p) = part {
        add("component=A", p, &Sharing::public());
    }
    import.finish_file("0").unwrap();
    import.commit().unwrap();
}

#[test]
fn a_total_resent_narrower_takes_its_breakdown_and_its_past_sharing_with_it() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let here: Location = "PARTS".parse().unwrap();
    send_with_part(
        store,
        &here,
        (10, Some(10)),
        &Sharing::public(),
        "2026-01-01T00:00:00.000000Z",
    );
    // The total re-sent restricted to CRI; the breakdown, unchanged, stays
    // public in the store.
    let restricted = Sharing::new(ShareLevel::Restricted, vec!["CRI".into()]);
    send_with_part(
        store,
        &here,
        (10, None),
        &restricted,
        "2026-02-01T00:00:00.000000Z",
    );
    let filter = Filter {
        locations: vec![here.to_string()],
        ..Filter::default()
    };
    let rows = |store: &mut dyn corredor_store::Store, options: &ReadOptions, viewer: Viewer| {
        let mut out = Vec::new();
        store
            .observations(&filter, options, &Access::Viewer(viewer), &mut |o| {
                out.push((o.dims, o.value, o.sharing.level));
                Ok(())
            })
            .unwrap();
        out
    };
    let breakdowns = ReadOptions {
        breakdowns: true,
        ..ReadOptions::default()
    };
    // The public no longer reads the part that gives the total back.
    assert_eq!(rows(store, &breakdowns, Viewer::Public), vec![]);
    let cri = Viewer::Member {
        country: "CRI".into(),
    };
    assert_eq!(rows(store, &breakdowns, cri.clone()).len(), 2);
    // The figures as they stood in January are written with the sharing
    // they have now: restricted.
    let january = ReadOptions {
        as_received: Some("2026-01-15T00:00:00.000000Z".into()),
        ..ReadOptions::default()
    };
    assert_eq!(
        rows(store, &january, cri),
        vec![(String::new(), 10, ShareLevel::Restricted)]
    );
}

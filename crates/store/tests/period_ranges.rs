//! A range of periods selects, in every series, the periods that lie
//! wholly inside it, whatever the frequency the range is written in: a
//! range from a day to a month reads a monthly series' first month, and a
//! week that runs into the next year is not part of a range that ends in
//! December. Both ends are compared in each series' own frequency.

use std::cell::RefCell;
use std::collections::BTreeSet;

use corredor_model::{Frequency, Location, Period, SeriesKey, Sharing};
use corredor_store::{Access, FileMeta, Filter, NewObservation, ReadOptions, Store};
use corredor_testkit::TestStore;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Every period of each frequency from late 2023 to early 2025, one
/// series per frequency.
fn periods() -> Vec<Period> {
    let start = chrono::NaiveDate::from_ymd_opt(2023, 11, 1).unwrap();
    let end = chrono::NaiveDate::from_ymd_opt(2025, 2, 28).unwrap();
    let mut out = Vec::new();
    for freq in [Frequency::Month, Frequency::Week, Frequency::Day] {
        let mut p = Period::containing(freq, start).unwrap();
        while p.last_day() <= end {
            out.push(p);
            p = p.offset(1);
        }
    }
    out
}

fn key(freq: Frequency) -> SeriesKey {
    SeriesKey {
        reporter: "PAN".into(),
        location: format!("RANGE_{}", freq.as_str().to_uppercase())
            .parse::<Location>()
            .unwrap(),
        nationality: "VEN".into(),
        indicator: "encounters".into(),
    }
}

fn load(store: &mut dyn Store, periods: &[Period]) {
    let mut import = store.begin_import().unwrap();
    import
        .start_file(&FileMeta {
            file: "ranges.csv".into(),
            format: "long".into(),
            source: None,
            org: "test".into(),
            received_at: "2026-01-01T00:00:00.000000Z".into(),
            sharing: Sharing::public(),
        })
        .unwrap();
    for (line, p) in periods.iter().enumerate() {
        import
            .add(&NewObservation {
                key: &key(p.frequency()),
                period: *p,
                dims: "",
                value: 1,
                source: None,
                sharing: None,
                at: &corredor_model::Origin::row(corredor_model::Position::Text {
                    file: "ranges.csv".into(),
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

fn read(store: &mut dyn Store, from: Option<Period>, to: Option<Period>) -> BTreeSet<Period> {
    let filter = Filter {
        reporters: vec!["PAN".into()],
        from,
        to,
        ..Filter::default()
    };
    let mut seen = BTreeSet::new();
    store
        .observations(
            &filter,
            &ReadOptions::default(),
            &Access::Operator,
            &mut |o| {
                seen.insert(o.period);
                Ok(())
            },
        )
        .unwrap();
    seen
}

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

#[test]
fn a_range_selects_the_periods_wholly_inside_it_in_every_frequency() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let all = periods();
    load(store.as_mut(), &all);

    // The cases that used to go wrong, by hand.
    let got = read(store.as_mut(), Some(p("2024-01-01")), Some(p("2024-12")));
    assert!(got.contains(&p("2024-01")), "{got:?}");
    assert!(got.contains(&p("2024-12")));
    assert!(!got.contains(&p("2025-W01")), "ends 5 January 2025");
    assert!(got.contains(&p("2024-12-31")));
    let got = read(store.as_mut(), Some(p("2024-W01")), Some(p("2024-01-31")));
    assert!(got.contains(&p("2024-01")), "2024-W01 starts on 1 January");
    assert!(!got.contains(&p("2024-W05")), "ends 4 February");

    // The ends of the supported years hold everything.
    let everything: BTreeSet<Period> = all.iter().copied().collect();
    assert_eq!(
        read(store.as_mut(), Some(p("1900-01")), Some(p("2200-12"))),
        everything
    );
    assert_eq!(
        read(store.as_mut(), None, Some(p("2200-12-31"))),
        everything
    );
    assert_eq!(read(store.as_mut(), Some(p("1900-W01")), None), everything);

    // And any range against the calendar's rule.
    let store = RefCell::new(store);
    let mut runner = TestRunner::new(Config::with_cases(96));
    let bound = proptest::option::of(proptest::sample::select(all.clone()));
    runner
        .run(&(bound.clone(), bound), |(from, to)| {
            let got = read(store.borrow_mut().as_mut(), from, to);
            let expected: BTreeSet<Period> = all
                .iter()
                .filter(|q| from.is_none_or(|f| q.first_day() >= f.first_day()))
                .filter(|q| to.is_none_or(|t| q.last_day() <= t.last_day()))
                .copied()
                .collect();
            prop_assert_eq!(got, expected, "from {:?} to {:?}", from, to);
            Ok(())
        })
        .unwrap();
}

//! The data-quality screen's boundaries, on small places whose expected
//! notices are worked out by hand from the rules in `quality`'s
//! documentation.

use corredor_model::Period;
use corredor_warning::quality::{screen, Break, Confirmed, QualityConfig, Screening};
use corredor_warning::Series;

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

/// A series of Honduras from January 2020.
fn series(nationality: &str, values: Vec<f64>) -> Series {
    Series {
        key: format!("HND/ALL/{nationality}/irregular_entries")
            .parse()
            .unwrap(),
        start: p("2020-01"),
        values,
    }
}

/// A year at `usual`, then `then`.
fn year_then(usual: f64, then: &[f64]) -> Vec<f64> {
    let mut v = vec![usual; 12];
    v.extend_from_slice(then);
    v
}

fn run(series: &[Series]) -> Screening {
    screen(series, &Confirmed::new(), &QualityConfig::default())
}

#[test]
fn one_figure_three_times_the_largest_ever_sent_is_an_outlier_held_alone() {
    let a = series("VEN", year_then(100.0, &[300.0]));
    let b = series("HTI", vec![50.0; 13]);
    let r = run(&[a.clone(), b.clone()]);
    assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
    let n = &r.notices[0];
    assert_eq!(n.kind, Break::Outlier);
    assert_eq!(n.months, vec![p("2021-01")]);
    assert_eq!(n.series, vec![a.key.clone()]);
    // The place's total against the median of the three months before.
    assert_eq!((n.total, n.reference, n.new_series), (350.0, 150.0, 0));
    assert_eq!(r.clean(&a).values[12], 100.0);
    assert!(!r.is_held(&b.key, &p("2021-01")));
    // Just under three times: nothing.
    let a = series("VEN", year_then(100.0, &[299.0]));
    assert!(run(&[a, b]).notices.is_empty());
}

#[test]
fn a_jump_needs_five_series_moving_together() {
    let nationalities = ["VEN", "HTI", "ECU", "COL", "CUB"];
    let place = |n: usize| -> Vec<Series> {
        nationalities[..n]
            .iter()
            .map(|c| series(c, year_then(100.0, &[1_000.0])))
            .collect()
    };
    let r = run(&place(5));
    assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
    let n = &r.notices[0];
    assert_eq!(n.kind, Break::Jump);
    assert_eq!((n.total, n.reference), (5_000.0, 500.0));
    assert_eq!(n.series.len(), 5);
    let five = place(5);
    assert!(five.iter().all(|s| r.clean(s).values[12] == 100.0));
    // Four are too few to call it the reporter's break: each is an
    // outlier instead, held all the same.
    let r = run(&place(4));
    assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
    let n = &r.notices[0];
    assert_eq!(n.kind, Break::Outlier);
    assert_eq!((n.total, n.reference), (4_000.0, 400.0));
    assert_eq!(n.series.len(), 4);
}

#[test]
fn flagged_months_with_a_month_between_are_two_notices() {
    let a = series("VEN", year_then(100.0, &[300.0, 100.0, 300.0]));
    let b = series("HTI", vec![50.0; 15]);
    let r = run(&[a.clone(), b]);
    let months: Vec<Vec<Period>> = r.notices.iter().map(|n| n.months.clone()).collect();
    assert_eq!(months, vec![vec![p("2021-01")], vec![p("2021-03")]]);
    assert!(!r.is_held(&a.key, &p("2021-02")));
}

#[test]
fn a_reporters_first_year_is_not_judged() {
    // Eleven months of history are not yet a reference.
    let mut v = vec![100.0; 11];
    v.push(1_000.0);
    let a = series("VEN", v);
    let b = series("HTI", vec![50.0; 12]);
    assert!(run(&[a, b]).notices.is_empty());
}

#[test]
fn a_month_a_young_place_sent_nothing_for_is_a_fall_held_at_the_month_before() {
    // Five nationalities for four months, none in the fifth (a month left
    // out of the file reads as zeros), then as before: far from the year
    // of history the other rules wait for.
    let nationalities = ["VEN", "HTI", "ECU", "COL", "CUB"];
    let with_gap = |gap: f64| -> Vec<Series> {
        nationalities
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let usual = 150.0 + 100.0 * k as f64;
                series(c, vec![usual, usual, usual, usual, gap, usual, usual])
            })
            .collect()
    };
    let s = with_gap(0.0);
    let r = run(&s);
    assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
    let n = &r.notices[0];
    assert_eq!(n.kind, Break::Fall);
    assert_eq!(n.months, vec![p("2020-05")]);
    assert_eq!(n.series.len(), 5);
    // The month stands in at the month before: the next is no surge from zero.
    assert_eq!(r.clean(&s[0]).values[4], 150.0);
    // The same young place with a real dip (a third) is not judged yet.
    assert!(run(&with_gap(60.0)).notices.is_empty());
    // And a place that never sent anything has nothing to fall from.
    assert!(run(&[series("VEN", vec![0.0; 6])]).notices.is_empty());
}

#[test]
fn a_fall_needs_each_series_at_a_third_or_less_of_its_reference_on_1_plus_count() {
    let nationalities = ["VEN", "HTI", "ECU", "COL", "CUB"];
    let place = |then: f64| -> Vec<Series> {
        nationalities
            .iter()
            .map(|c| series(c, year_then(300.0, &[then])))
            .collect()
    };
    // 100 / 301 is under a third: a fall of the five together.
    let r = run(&place(99.0));
    assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
    let n = &r.notices[0];
    assert_eq!(n.kind, Break::Fall);
    assert_eq!(n.months, vec![p("2021-01")]);
    assert_eq!((n.total, n.reference, n.series.len()), (495.0, 1_500.0, 5));
    assert!(place(99.0).iter().all(|s| r.clean(s).values[12] == 300.0));
    // 101 / 301 is not, though 100 is a third of 300.
    assert!(run(&place(100.0)).notices.is_empty());
}

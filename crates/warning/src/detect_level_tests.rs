//! The surge's rules, one at a time: above the band, the level each
//! combination of signals reaches, growth over last year, stable ids.

use super::*;

fn check(observed: f64, expected: f64, hi80: f64) -> Check {
    Check {
        observed,
        expected,
        lo95: 0.0,
        hi95: hi80 * 2.0,
        hi80,
        p: 0.5,
    }
}

#[test]
fn above_the_band_takes_enough_people_a_large_enough_ratio_and_the_band() {
    let c = DetectConfig::default();
    // 100 people and 1.25 times the forecast at least, above the 80% band.
    assert!(check(500.0, 400.0, 450.0).above(&c));
    assert!(check(400.0, 300.0, 350.0).above(&c));
    assert!(
        !check(399.0, 300.0, 350.0).above(&c),
        "99 people, 1.33 times"
    );
    // 600 against 500 is 100 people but 1.2 times.
    assert!(!check(600.0, 500.0, 550.0).above(&c), "1.2 times");
    assert!(check(625.0, 500.0, 550.0).above(&c));
    assert!(!check(500.0, 400.0, 500.0).above(&c), "on the band");
    assert!(!check(500.0, 400.0, 600.0).above(&c), "inside it");
}

fn signals(above: bool, p: f64) -> Signals {
    Signals {
        above,
        p,
        doubled: false,
        sustained: false,
        sustained_growth: false,
        strong_growth: false,
    }
}

#[test]
fn each_level_needs_what_the_table_says() {
    let c = DetectConfig::default();
    let level = |s: &Signals| s.level(&c);
    // Nothing: no level.
    assert_eq!(level(&signals(false, 0.5)), None);
    assert_eq!(level(&signals(false, 1e-9)), None, "improbable, not above");
    // Above the band: watch under 10%, nothing at or over it.
    assert_eq!(level(&signals(true, 0.09)), Some((Level::Watch, true)));
    assert_eq!(level(&signals(true, 0.10)), None);
    // Under 2.5% alone stays watch; with months above the band or growth
    // beyond last year it is a warning; under 0.1% it is one alone.
    assert_eq!(level(&signals(true, 0.02)), Some((Level::Watch, true)));
    let mut s = signals(true, 0.02);
    s.sustained = true;
    assert_eq!(level(&s), Some((Level::Warning, true)));
    let mut s = signals(true, 0.02);
    s.sustained_growth = true;
    assert_eq!(level(&s), Some((Level::Warning, true)));
    let mut s = signals(true, 0.025);
    s.sustained = true;
    assert_eq!(level(&s), Some((Level::Watch, true)), "not under 2.5%");
    assert_eq!(level(&signals(true, 0.0009)), Some((Level::Warning, true)));
    assert_eq!(level(&signals(true, 0.001)), Some((Level::Watch, true)));
    // Emergency: under 0.1%, twice the forecast and months above the band.
    let mut s = signals(true, 0.0009);
    s.doubled = true;
    s.sustained = true;
    assert_eq!(level(&s), Some((Level::Emergency, true)));
    for off in 0..4 {
        let mut t = s;
        match off {
            0 => t.above = false,
            1 => t.p = 0.001,
            2 => t.doubled = false,
            _ => t.sustained = false,
        }
        assert_ne!(level(&t).map(|l| l.0), Some(Level::Emergency), "{off}");
    }
    // Growth beyond last year without the band: watch, or warning when
    // strong; the band did not raise it.
    let mut s = signals(false, 0.5);
    s.sustained_growth = true;
    assert_eq!(level(&s), Some((Level::Watch, false)));
    s.strong_growth = true;
    assert_eq!(level(&s), Some((Level::Warning, false)));
    // Months above the band are a watch of the band's even at a usual
    // probability.
    let mut s = signals(false, 0.5);
    s.sustained = true;
    assert_eq!(level(&s), Some((Level::Watch, true)));
    // A warning of strong growth while the band says watch rests on growth.
    let mut s = signals(true, 0.05);
    s.sustained_growth = true;
    s.strong_growth = true;
    assert_eq!(level(&s), Some((Level::Warning, false)));
}

#[test]
fn growth_months_count_back_while_each_beats_last_year() {
    // Last year 100 a month; this year 160, 90, 160, 160, 160.
    let mut v = vec![100.0; 12];
    v.extend([160.0, 90.0, 160.0, 160.0, 160.0]);
    let g = |v: &[f64], max| growth_months(v, 12, 1.5, 50.0, max);
    assert_eq!(g(&v, 5), 3);
    assert_eq!(g(&v, 2), 2, "at most max");
    // 150 is 1.5 times and 50 more: counts; 149 does not.
    let mut edge = vec![100.0; 12];
    edge.push(150.0);
    assert_eq!(g(&edge, 3), 1);
    edge[12] = 149.0;
    assert_eq!(g(&edge, 3), 0);
    // Last year at zero counts as one: 60 is sixty times, 60 more.
    let mut from_zero = vec![0.0; 12];
    from_zero.push(60.0);
    assert_eq!(g(&from_zero, 3), 1);
    // No year before: nothing to compare with.
    assert_eq!(g(&[160.0; 12], 3), 0);
}

#[test]
fn ids_are_fnv_1a_of_the_kind_series_and_period() {
    let key: SeriesKey = "PAN/ALL/VEN/irregular_entries".parse().unwrap();
    let id = alert_id(AlertKind::Surge, &key, &"2023-08".parse().unwrap());
    // Worked out apart from this code, on "Surge|PAN/ALL/VEN/irregular_entries|2023-08".
    assert_eq!(id, "580a47749cb6204d");
    assert_eq!(raised_again(&id), "b0783171ba27afff");
}

#[test]
fn emergence_needs_a_window_and_a_month_after_it() {
    let c = DetectConfig::default();
    let s = |n: usize| Series {
        key: "PAN/ALL/GIN/irregular_entries".parse().unwrap(),
        start: "2023-01".parse().unwrap(),
        values: (0..n)
            .map(|t| if t + 1 == n { 200.0 } else { 0.0 })
            .collect(),
    };
    let total = |n: usize| vec![10_000.0; n];
    assert!(emergence(&s(12), &total(12), &c).is_none());
    let a = emergence(&s(13), &total(13), &c).expect("a window and a month");
    assert_eq!(
        (a.kind, a.level, a.months),
        (AlertKind::Emergence, Level::Warning, 1)
    );
    // The place's total must cover the same months.
    assert!(emergence(&s(13), &total(12), &c).is_none());
}

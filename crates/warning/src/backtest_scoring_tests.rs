//! The backtest's scores, checked against figures worked out by hand: the
//! accuracy sums and which forecasts they count, which alerts belong to an
//! event, a detector's record and curve; and the place totals the scan
//! judges a new nationality against.

use super::tests::series;
use super::*;
use crate::forecast::Prediction;

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn key(s: &str) -> SeriesKey {
    s.parse().unwrap()
}

fn prediction(mean: f64, lo80: f64, hi80: f64, lo95: f64, hi95: f64) -> Prediction {
    Prediction {
        mean,
        lo80,
        hi80,
        lo95,
        hi95,
    }
}

#[test]
fn the_accuracy_sums_are_the_measures_averaged() {
    let mut s = Sums::default();
    // 120 against 100, scale 10: error 2 scaled; sMAPE 200·20/220; inside
    // both bands; MSIS the 95% band's width, 60, over 10.
    s.add(120.0, &prediction(100.0, 90.0, 130.0, 80.0, 140.0), 10.0);
    // 50 against 100, scale 10: error 5; sMAPE 200·50/150; below both
    // bands; MSIS width 60 plus 40 times the miss of 30, over 10.
    s.add(50.0, &prediction(100.0, 90.0, 130.0, 80.0, 140.0), 10.0);
    // Both zero: no sMAPE term; 0 sits on the 80% band's edge, so inside.
    s.add(0.0, &prediction(0.0, 0.0, 0.0, 0.0, 3.0), 1.0);
    let rows = rows(BTreeMap::from([((0, 2), s)]), &["corredor"]);
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!((r.model.as_str(), r.horizon, r.n), ("corredor", 2, 3));
    let close = |a: f64, b: f64| (a - b).abs() < 1e-9;
    assert!(close(r.mase, (2.0 + 5.0 + 0.0) / 3.0), "{r:?}");
    let smape = (200.0 * 20.0 / 220.0 + 200.0 * 50.0 / 150.0) / 3.0;
    assert!(close(r.smape, smape), "{r:?}");
    assert!(close(r.coverage80, 2.0 / 3.0), "{r:?}");
    assert!(close(r.coverage95, 2.0 / 3.0), "{r:?}");
    assert!(
        close(r.msis, (6.0 + (60.0 + 40.0 * 30.0) / 10.0 + 3.0) / 3.0),
        "{r:?}"
    );
    // A miss above counts as one below does.
    let mut above = Sums::default();
    above.add(150.0, &prediction(100.0, 90.0, 130.0, 80.0, 140.0), 10.0);
    assert_eq!((above.in80, above.in95), (0, 0));
    assert!(close(above.msis, (60.0 + 40.0 * 10.0) / 10.0));
}

fn event(location: Option<&str>, indicator: Option<&str>) -> Event {
    Event {
        reporter: "USA".into(),
        location: location.map(str::to_string),
        nationality: "VEN".into(),
        indicator: indicator.map(str::to_string),
        start: p("2021-06"),
        peak: p("2021-09"),
        label: "e".into(),
    }
}

#[test]
fn an_event_covers_its_series_and_the_months_from_six_before_its_start() {
    let any = event(None, None);
    assert!(any.covers(&key("USA/ALL/VEN/encounters")));
    assert!(any.covers(&key("USA/USBP_SWB/VEN/apprehensions")));
    assert!(!any.covers(&key("MEX/ALL/VEN/encounters")));
    assert!(!any.covers(&key("USA/ALL/HTI/encounters")));
    let one = event(Some("USBP_SWB"), Some("encounters"));
    assert!(one.covers(&key("USA/USBP_SWB/VEN/encounters")));
    assert!(!one.covers(&key("USA/ALL/VEN/encounters")));
    assert!(!one.covers(&key("USA/USBP_SWB/VEN/apprehensions")));

    let k = key("USA/ALL/VEN/encounters");
    // From 2020-12 (six before the start) to the peak, inclusive.
    assert!(!any.matches(&k, &p("2020-11")));
    assert!(any.matches(&k, &p("2020-12")));
    assert!(any.matches(&k, &p("2021-09")));
    assert!(!any.matches(&k, &p("2021-10")));
    assert!(!any.matches(&key("USA/ALL/HTI/encounters"), &p("2021-07")));
    // After the peak, for six months: neither lead nor false alarm.
    assert!(!any.after_peak(&k, &p("2021-09")));
    assert!(any.after_peak(&k, &p("2021-10")));
    assert!(any.after_peak(&k, &p("2022-03")));
    assert!(!any.after_peak(&k, &p("2022-04")));
    assert!(!any.after_peak(&key("USA/ALL/HTI/encounters"), &p("2021-10")));
}

#[test]
fn a_record_counts_leads_and_the_runs_that_matched_nothing() {
    let mut second = event(None, None);
    second.nationality = "HTI".into();
    second.start = p("2022-01");
    second.peak = p("2022-05");
    let mut missed = event(None, None);
    missed.nationality = "CUB".into();
    let events = vec![event(None, None), second, missed];
    let (ven, hti) = (key("USA/ALL/VEN/encounters"), key("USA/ALL/HTI/encounters"));
    let alerts = vec![
        // VEN: first warned 2021-04, five before its peak; a run of two.
        (ven.clone(), p("2021-04")),
        (ven.clone(), p("2021-05")),
        // At the peak: no lead; after it, inside six months: not false.
        (ven.clone(), p("2021-09")),
        (ven.clone(), p("2021-11")),
        // Long after: a run that matched nothing, another after a gap.
        (ven.clone(), p("2023-01")),
        (ven.clone(), p("2023-02")),
        (ven.clone(), p("2023-05")),
        // HTI: warned 2022-02, three before its peak.
        (hti.clone(), p("2022-02")),
    ];
    let r = record("corredor", &events, &alerts, 24, Held::default());
    assert_eq!(r.events.len(), 3);
    assert_eq!(r.events[0].first_alert, Some(p("2021-04")));
    assert_eq!(r.events[0].lead_before_peak, Some(5));
    assert_eq!(r.events[0].lead_from_start, Some(2));
    assert_eq!(r.events[1].lead_before_peak, Some(3));
    assert_eq!(r.events[2].first_alert, None);
    assert!((r.warned_before_peak - 2.0 / 3.0).abs() < 1e-12);
    // The median of two leads is their mean.
    assert_eq!(r.median_lead_before_peak, Some(4.0));
    assert_eq!(r.false_alarms, 2);
    assert_eq!(r.false_alarms_per_series_year, 1.0);

    // Counted from 2022: the events starting then, the runs opened then.
    let later = record(
        "corredor",
        &events,
        &alerts,
        12,
        Held {
            from: Some(p("2022-01")),
        },
    );
    assert_eq!(later.events.len(), 1);
    assert_eq!(later.median_lead_before_peak, Some(3.0));
    assert_eq!(later.warned_before_peak, 1.0);
    assert_eq!(
        (later.false_alarms, later.false_alarms_per_series_year),
        (2, 2.0)
    );

    // Three leads: the middle one; no events, no months: zeros, not NaN.
    let mut third = event(None, None);
    third.nationality = "ECU".into();
    let mut three = events.clone();
    three.push(third);
    let mut more = alerts.clone();
    more.push((key("USA/ALL/ECU/encounters"), p("2021-08")));
    let r = record("corredor", &three, &more, 24, Held::default());
    assert_eq!(r.median_lead_before_peak, Some(3.0));
    // An alert at the peak itself is no warning.
    let mut at_peak = alerts.clone();
    at_peak.push((key("USA/ALL/CUB/encounters"), p("2021-09")));
    let r = record("corredor", &events, &at_peak, 24, Held::default());
    assert_eq!(r.events[2].first_alert, None);
    assert_eq!(r.false_alarms, 2);
    let none = record("corredor", &[], &[], 0, Held::default());
    assert_eq!(none.warned_before_peak, 0.0);
    assert_eq!(none.median_lead_before_peak, None);
    assert_eq!(none.false_alarms_per_series_year, 0.0);
}

#[test]
fn accuracy_counts_each_origin_with_its_whole_horizon_from_the_second_period() {
    // A straight line: naive misses by one step at h = 1 and two at h = 2,
    // scaled alike, so its MASE doubles.
    let line = vec![series(
        "USA/ALL/MEX/encounters",
        (0..30).map(|t| 100.0 + 10.0 * t as f64).collect(),
    )];
    let config = Config::default();
    // From the second period (the first has nothing to scale by) to past
    // the end: origins 1 to 27 of 30 have both horizons after them.
    let rows = accuracy(&line, p("2015-02"), p("2017-12"), 1, 2, &config, 0.0);
    let horizons: Vec<(String, usize, usize)> = rows
        .iter()
        .map(|r| (r.model.clone(), r.horizon, r.n))
        .collect();
    assert_eq!(
        horizons,
        [
            ("corredor".to_string(), 1, 27),
            ("corredor".to_string(), 2, 27),
            ("naive".to_string(), 1, 27),
            ("naive".to_string(), 2, 27),
            ("seasonal_naive".to_string(), 1, 27),
            ("seasonal_naive".to_string(), 2, 27),
        ]
    );
    let naive = |h| {
        rows.iter()
            .find(|r| r.model == "naive" && r.horizon == h)
            .unwrap()
    };
    assert!(
        (naive(2).mase - 2.0 * naive(1).mase).abs() < 1e-9,
        "{rows:?}"
    );
    assert!(naive(1).mase > 0.0);
    // From the first period: the same 27. Every third origin: 1, 4, …, 25.
    let all = accuracy(&line, p("2015-01"), p("2017-12"), 1, 2, &config, 0.0);
    assert!(all.iter().all(|r| r.n == 27), "{all:?}");
    let third = accuracy(&line, p("2015-02"), p("2017-12"), 3, 2, &config, 0.0);
    assert!(third.iter().all(|r| r.n == 9), "{third:?}");
    // `from` after `to`: no origin.
    assert!(accuracy(&line, p("2016-01"), p("2015-06"), 1, 2, &config, 0.0).is_empty());

    // A floor at the forecast keeps it; one above drops it. Horizon 1
    // alone: origins 1 to 28.
    let flat = vec![series("USA/ALL/MEX/encounters", vec![100.0; 30])];
    let at = |min| accuracy(&flat, p("2015-02"), p("2017-12"), 1, 1, &config, min);
    assert_eq!(at(100.0)[0].n, 28, "{:?}", at(100.0));
    assert!(at(100.5).is_empty());
}

#[test]
fn corridor_accuracy_pairs_a_series_with_its_nationalitys_upstream() {
    // Downstream repeats upstream a month later.
    let (down, up) = crate::informed::tests::pair(60);
    let up: Vec<f64> = up.into_iter().flatten().collect();
    let downs = vec![
        series("USA/ALL/VEN/encounters", down),
        // No upstream series of its nationality: not counted.
        series("USA/ALL/HTI/encounters", vec![500.0; 60]),
    ];
    let ups = vec![series("PAN/ALL/VEN/irregular_entries", up)];
    let config = Config::default();
    let (rows, used) = corridor_accuracy(&downs, &ups, p("2015-02"), p("2019-12"), 1, 2, &config);
    let shape: Vec<(String, usize, usize)> = rows
        .iter()
        .map(|r| (r.model.clone(), r.horizon, r.n))
        .collect();
    // Origins 1 to 57 of 60.
    assert_eq!(
        shape,
        [
            ("univariate".to_string(), 1, 57),
            ("univariate".to_string(), 2, 57),
            ("corridor_informed".to_string(), 1, 57),
            ("corridor_informed".to_string(), 2, 57),
        ]
    );
    assert!(used > 0 && used < 57, "{used}");
    let mase = |m: &str, h| {
        rows.iter()
            .find(|r| r.model == m && r.horizon == h)
            .unwrap()
            .mase
    };
    assert!(
        mase("corridor_informed", 1) < mase("univariate", 1),
        "{rows:?}"
    );
    // A series without an upstream series of its nationality is never
    // informed.
    let (_, none) = corridor_accuracy(&downs[1..], &ups, p("2015-02"), p("2019-12"), 1, 2, &config);
    assert_eq!(none, 0);
}

#[test]
fn the_record_counts_series_months_and_each_curve_has_its_grid() {
    let wave = |level: f64, phase: usize| -> Vec<f64> {
        (0..60)
            .map(|t| (level * (1.0 + 0.5 * (((t + phase) * 7) % 5) as f64 / 4.0)).round())
            .collect()
    };
    let s = vec![
        series("PAN/ALL/VEN/irregular_entries", wave(3000.0, 0)),
        series("PAN/ALL/HTI/irregular_entries", wave(2000.0, 2)),
    ];
    let (records, curves) = warning_record_held(
        &s,
        &[],
        p("2017-01"),
        p("2019-12"),
        &DetectConfig::default(),
        Held::default(),
    );
    // Two series over 36 origins: six series-years.
    assert!(records.iter().any(|r| r.false_alarms > 0), "{records:?}");
    for r in &records {
        let per_year = r.false_alarms as f64 / 6.0;
        assert!(
            (r.false_alarms_per_series_year - per_year).abs() < 1e-12,
            "{r:?}"
        );
    }
    let grid = |c: &Curve| {
        let t: Vec<f64> = c.points.iter().map(|p| p.threshold).collect();
        (
            c.detector.clone(),
            c.statistic.clone(),
            t.len(),
            t[0],
            t[t.len() - 1],
            t[1] - t[0],
        )
    };
    let grids: Vec<_> = curves.iter().map(grid).collect();
    let g = |d: &str, s: &str, n, lo, hi, step| (d.to_string(), s.to_string(), n, lo, hi, step);
    assert_eq!(
        grids,
        [
            g("corredor", "priority", 15, 20.0, 90.0, 5.0),
            g("ears_c1", "z", 15, 1.0, 8.0, 0.5),
            g("ears_c2", "z", 15, 1.0, 8.0, 0.5),
            g("ears_c3", "C3 sum", 16, 0.5, 8.0, 0.5),
            g("seasonal_naive_band", "z", 12, 0.5, 6.0, 0.5),
        ]
    );
}

#[test]
fn the_scan_judges_a_new_nationality_against_its_places_whole_history() {
    let steady = |level: f64| -> Vec<f64> {
        (0..108)
            .map(|t| (level * (1.0 + 0.1 * ((t % 12) as f64 / 11.0))).round())
            .collect()
    };
    let mut small = vec![20.0; 108];
    small[107] = 200.0;
    let mut rare = vec![5.0; 108];
    rare[107] = 200.0;
    let new = Series {
        key: "PAN/ALL/NPL/irregular_entries".parse().unwrap(),
        start: p("2023-11"),
        values: vec![2.0, 200.0],
    };
    // The newcomer first: the place's history starts with the oldest
    // series, whatever the order.
    let set = vec![
        new,
        series("PAN/ALL/VEN/irregular_entries", steady(1000.0)),
        series("PAN/ALL/CUB/irregular_entries", small),
        series("PAN/ALL/ECU/irregular_entries", rare),
    ];
    let alerts = scan(&set, p("2023-12"), &DetectConfig::default());
    let of = |n: &str| alerts.iter().find(|a| a.key.nationality == n);
    // Two people before, 200 now: emergence, not a surge of its own two.
    let npl = of("NPL").expect("NPL emerges");
    assert_eq!(npl.kind, AlertKind::Emergence, "{alerts:?}");
    assert_eq!(npl.level, Level::Warning);
    // Five a month, half a percent of the place: emergence too.
    assert_eq!(
        of("ECU").map(|a| a.kind),
        Some(AlertKind::Emergence),
        "{alerts:?}"
    );
    // Twenty a month is two percent of the place: not negligible, so
    // whatever it raises is no emergence.
    assert!(
        of("CUB").is_none_or(|a| a.kind != AlertKind::Emergence),
        "{alerts:?}"
    );
}

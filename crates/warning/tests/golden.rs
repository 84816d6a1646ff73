//! The early warning's numbers on a fixed set of series, pinned: every
//! forecast with its bands, scale, spread and tail probabilities, the
//! alerts and data-quality notices of three scans, the accuracy rows, the
//! warning record and curves of a backtest, and a corridor-informed
//! comparison. The series are synthetic but shaped like the real ones
//! (seasonal, trending, intermittent, emerged, published in tens, cut by a
//! policy, volatile, surging, tripling, emerging in the months scanned,
//! flat, creeping, short), so a change anywhere in the forecasting or
//! detection code shows here as a changed figure, to be explained in its
//! commit. `UPDATE_GOLDEN=1` rewrites the file after a deliberate change.

use std::fmt::Write as _;

use corredor_model::Period;
use corredor_warning::backtest::{
    accuracy, corridor_accuracy, scan, warning_record_held, Event, Held,
};
use corredor_warning::informed::forecast_informed;
use corredor_warning::{forecast, triage, Config, DetectConfig, Series};

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

/// Deterministic noise in [-1, 1): a linear congruential generator.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    }
}

/// Thirteen shapes of monthly series from 2016-01 to 2023-12 (the last one
/// shorter), by name.
fn shapes() -> Vec<(&'static str, Series)> {
    let mut noise = Noise(20_160_101);
    let n = 96;
    let season = |t: usize| 1.0 + 0.25 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin();
    let mut out: Vec<(&str, Vec<f64>)> = Vec::new();
    out.push((
        "VEN",
        (0..n)
            .map(|t| (5000.0 * season(t) * (1.0 + 0.1 * noise.next())).round())
            .collect(),
    ));
    out.push((
        "HTI",
        (0..n)
            .map(|t| ((200.0 + 30.0 * t as f64) * (1.0 + 0.15 * noise.next())).round())
            .collect(),
    ));
    out.push((
        "BEL",
        (0..n)
            .map(|_| {
                let u = noise.next();
                if u > 0.6 {
                    ((u - 0.6) * 12.0).round()
                } else {
                    0.0
                }
            })
            .collect(),
    ));
    out.push((
        "NPL",
        (0..n)
            .map(|t| {
                if t < 77 {
                    0.0
                } else {
                    (20.0 * 1.3f64.powi(t as i32 - 77) * (1.0 + 0.2 * noise.next())).round()
                }
            })
            .collect(),
    ));
    out.push((
        "ECU",
        (0..n)
            .map(|t| (80.0 * season(t) * (1.0 + 0.2 * noise.next())).round() * 10.0)
            .collect(),
    ));
    out.push((
        "CUB",
        (0..n)
            .map(|t| {
                let level = if t < 60 { 4000.0 } else { 800.0 };
                (level * (1.0 + 0.1 * noise.next())).round()
            })
            .collect(),
    ));
    let mut walk = 1500f64.ln();
    out.push((
        "COL",
        (0..n)
            .map(|_| {
                walk += 0.35 * noise.next();
                walk.exp().round()
            })
            .collect(),
    ));
    out.push((
        "IND",
        (0..n)
            .map(|t| match t {
                93 => 2500.0,
                94 => 4000.0,
                95 => 6000.0,
                _ => (1000.0 * (1.0 + 0.08 * noise.next())).round(),
            })
            .collect(),
    ));
    out.push(("CHN", vec![100.0; n]));
    // A small series that creeps above its band before it jumps: the month
    // before the jump is above the band by fewer people than a surge
    // needs, so the run above the band is the jump's month alone.
    out.push((
        "SEN",
        (0..n)
            .map(|t| match t {
                93 => 290.0,
                94 => 420.0,
                95 => 600.0,
                _ => (200.0 * (1.0 + 0.03 * noise.next())).round(),
            })
            .collect(),
    ));
    // A surge that more than doubles a month for three months, the third
    // far above its band: an emergency.
    out.push((
        "AGO",
        (0..n)
            .map(|t| match t {
                93 => 2200.0,
                94 => 4800.0,
                95 => 14350.0,
                _ => (1000.0 * (1.0 + 0.05 * noise.next())).round(),
            })
            .collect(),
    ));
    // A nationality that emerges in the months scanned, rising each month.
    out.push((
        "GIN",
        (0..n)
            .map(|t| match t {
                91 => 5.0,
                92 => 12.0,
                93 => 35.0,
                94 => 80.0,
                95 => 160.0,
                _ => 0.0,
            })
            .collect(),
    ));
    let mut series: Vec<(&str, Series)> = out
        .into_iter()
        .map(|(nat, values)| {
            let s = Series {
                key: format!("PAN/ALL/{nat}/irregular_entries").parse().unwrap(),
                start: p("2016-01"),
                values,
            };
            (nat, s)
        })
        .collect();
    series.push((
        "AFG",
        Series {
            key: "PAN/ALL/AFG/irregular_entries".parse().unwrap(),
            start: p("2023-03"),
            values: vec![40.0, 55.0, 38.0, 61.0, 70.0, 52.0, 66.0, 90.0, 75.0, 88.0],
        },
    ));
    series
}

fn forecasts(out: &mut String, shapes: &[(&str, Series)]) {
    writeln!(out, "## forecasts at 2023-12, h = 1..3").unwrap();
    for (nat, s) in shapes {
        let f = forecast(&s.values, 3, &Config::default());
        writeln!(
            out,
            "{nat}: {} seasonal={} — {}",
            f.model.name(),
            f.seasonal,
            f.reason
        )
        .unwrap();
        for (i, q) in f.predictions.iter().enumerate() {
            writeln!(
                out,
                "  h{}: {:.3} [{:.3}, {:.3}] [{:.3}, {:.3}] {:?} sd={:.5} P(≥hi80)={:.5e} P(≥2×)={:.5e}",
                i + 1,
                q.mean,
                q.lo80,
                q.hi80,
                q.lo95,
                q.hi95,
                f.band_scale[i],
                f.band_sd[i],
                f.prob_at_least(i + 1, q.hi80),
                f.prob_at_least(i + 1, 2.0 * q.mean + 1.0),
            )
            .unwrap();
        }
    }
}

fn scans(out: &mut String, shapes: &[(&str, Series)]) {
    let mut set: Vec<Series> = shapes.iter().map(|(_, s)| s.clone()).collect();
    // A second reporter whose November 2023 is ten times its usual for
    // every nationality: a break, not six surges.
    for (k, nat) in ["VEN", "HTI", "CUB", "COL", "ECU", "IND"]
        .iter()
        .enumerate()
    {
        let mut noise = Noise(k as u64 + 7);
        let values: Vec<f64> = (0..96)
            .map(|t| {
                let v = (300.0 + 50.0 * k as f64) * (1.0 + 0.1 * noise.next());
                (if t == 94 { v * 10.0 } else { v }).round()
            })
            .collect();
        set.push(Series {
            key: format!("HND/ALL/{nat}/irregular_entries").parse().unwrap(),
            start: p("2016-01"),
            values,
        });
    }
    for as_of in ["2023-10", "2023-11", "2023-12"] {
        writeln!(out, "## scan as of {as_of}").unwrap();
        for a in scan(&set, p(as_of), &DetectConfig::default()) {
            writeln!(
                out,
                "{} {:?} {:?} {} {}: observed {:.3} expected {:.3} [{:.3}, {:.3}] reference {:.3} excess {:.3} score {:.4} months {} places {:?} priority {:.1}",
                a.id,
                a.kind,
                a.level,
                a.key,
                a.period,
                a.observed,
                a.expected,
                a.lo95,
                a.hi95,
                a.reference,
                a.excess,
                a.score,
                a.months,
                a.places,
                triage::priority(&a, 0),
            )
            .unwrap();
            writeln!(out, "  en: {}", a.explanation.en).unwrap();
            writeln!(out, "  es: {}", a.explanation.es).unwrap();
            if let Some(c) = &a.covers {
                writeln!(out, "  covers: {c:?}").unwrap();
            }
        }
    }
}

fn backtests(out: &mut String, shapes: &[(&str, Series)]) {
    let set: Vec<Series> = shapes.iter().map(|(_, s)| s.clone()).collect();
    writeln!(out, "## accuracy, origins 2021-01 to 2023-09").unwrap();
    for r in accuracy(
        &set,
        p("2021-01"),
        p("2023-09"),
        1,
        3,
        &Config::default(),
        0.0,
    ) {
        writeln!(
            out,
            "{} h{} n={} MASE {:.4} sMAPE {:.3} cov80 {:.4} cov95 {:.4} MSIS {:.4}",
            r.model, r.horizon, r.n, r.mase, r.smape, r.coverage80, r.coverage95, r.msis
        )
        .unwrap();
    }
    let event = |nat: &str, start: &str, peak: &str| Event {
        reporter: "PAN".into(),
        location: None,
        nationality: nat.into(),
        indicator: None,
        start: p(start),
        peak: p(peak),
        label: format!("{nat} {start}"),
    };
    let events = [
        event("IND", "2023-10", "2023-12"),
        event("NPL", "2022-06", "2023-12"),
        event("HTI", "2019-01", "2019-06"),
    ];
    for held in [None, Some(p("2022-01"))] {
        writeln!(
            out,
            "## warning record 2018-01 to 2023-12, counted from {held:?}"
        )
        .unwrap();
        let (records, curves) = warning_record_held(
            &set,
            &events,
            p("2018-01"),
            p("2023-12"),
            &DetectConfig::default(),
            Held { from: held },
        );
        for r in records {
            writeln!(
                out,
                "{}: warned {:.4} median lead {:?} false {} ({:.4} per series-year)",
                r.detector,
                r.warned_before_peak,
                r.median_lead_before_peak,
                r.false_alarms,
                r.false_alarms_per_series_year
            )
            .unwrap();
            for e in r.events {
                writeln!(
                    out,
                    "  {}: first {:?} lead {:?} from start {:?}",
                    e.label,
                    e.first_alert.map(|p| p.to_string()),
                    e.lead_before_peak,
                    e.lead_from_start
                )
                .unwrap();
            }
        }
        for c in curves {
            let points: Vec<String> = c
                .points
                .iter()
                .map(|q| {
                    format!(
                        "{}:{:.3}/{:.3}",
                        q.threshold, q.warned_before_peak, q.false_alarms_per_series_year
                    )
                })
                .collect();
            writeln!(
                out,
                "{} ({}): {}",
                c.detector,
                c.statistic,
                points.join(" ")
            )
            .unwrap();
        }
    }
    writeln!(out, "## corridor-informed, origins 2020-01 to 2023-09").unwrap();
    let up = &shapes.iter().find(|(n, _)| *n == "COL").unwrap().1;
    let down = Series {
        key: "USA/ALL/COL/encounters".parse().unwrap(),
        start: up.start,
        values: std::iter::once(1500.0)
            .chain(up.values[..95].iter().map(|v| (v * 0.7).round()))
            .collect(),
    };
    let (rows, used) = corridor_accuracy(
        std::slice::from_ref(&down),
        std::slice::from_ref(up),
        p("2020-01"),
        p("2023-09"),
        1,
        2,
        &Config::default(),
    );
    writeln!(out, "informed at {used} origins").unwrap();
    for r in rows {
        writeln!(
            out,
            "{} h{} n={} MASE {:.4} MSIS {:.4}",
            r.model, r.horizon, r.n, r.mase, r.msis
        )
        .unwrap();
    }
    // One forecast each with an upstream it follows, half of one, one it
    // does not follow, and none.
    let ecu = &shapes.iter().find(|(n, _)| *n == "ECU").unwrap().1;
    let along = |s: &Series| -> Vec<Option<f64>> { s.values.iter().copied().map(Some).collect() };
    let half: Vec<Option<f64>> = up
        .values
        .iter()
        .enumerate()
        .map(|(t, v)| (t % 2 == 0).then_some(*v))
        .collect();
    for (name, upstream) in [
        ("following", along(up)),
        ("every other month", half),
        ("unrelated", along(ecu)),
        ("none", vec![None; 96]),
    ] {
        let i = forecast_informed(&down.values, &upstream, 2, &Config::default());
        let betas: Vec<String> = i.betas.iter().map(|b| format!("{b:.4}")).collect();
        write!(out, "{name}: used={} betas [{}]", i.used, betas.join(", ")).unwrap();
        for (h, q) in i.forecast.predictions.iter().enumerate() {
            write!(
                out,
                " h{}: {:.3} [{:.3}, {:.3}] P(≥hi80)={:.5e}",
                h + 1,
                q.mean,
                q.lo95,
                q.hi95,
                i.forecast.prob_at_least(h + 1, q.hi80)
            )
            .unwrap();
        }
        writeln!(out).unwrap();
    }
}

#[test]
fn the_early_warnings_figures_on_fixed_series_are_as_pinned() {
    let shapes = shapes();
    let mut out = String::new();
    forecasts(&mut out, &shapes);
    scans(&mut out, &shapes);
    backtests(&mut out, &shapes);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    corredor_testkit::golden(&dir, "early_warning.txt", &out);
}

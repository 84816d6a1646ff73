//! Backtests: replay history origin by origin, seeing at each origin only
//! the values dated up to it, through the same functions a live scan uses.
//!
//! - Forecast accuracy per horizon: MASE, scaled by the in-sample seasonal
//!   naive error of each origin's own training window (as in the M4
//!   competition), sMAPE, and the coverage of the 80% and 95% intervals;
//!   for Corredor's forecasts and for naive and seasonal naive.
//! - Warning record against a file of past events: for each event the first
//!   alert that matched it and the lead time, and the alerts that matched no
//!   event, per series-year; for Corredor and for the classic detectors.

use std::collections::BTreeMap;

use corredor_model::{Period, SeriesKey};
use serde::Serialize;

use crate::baseline::{self, Detector};
use crate::detect::{self, Alert, AlertKind, DetectConfig, Level};
use crate::forecast::{forecast_with, mase_scale, Config, ModelKind};
use crate::quality::{self, Confirmed};
use crate::series::Series;

pub use crate::volatile::most_volatile;

/// A past movement, from the events file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub reporter: String,
    /// `None` for `*`: any location.
    pub location: Option<String>,
    pub nationality: String,
    /// `None` for `*`: any indicator.
    pub indicator: Option<String>,
    pub start: Period,
    pub peak: Period,
    pub label: String,
}

/// An alert this many periods before an event's start still counts as
/// warning of it.
pub const EARLY_WINDOW: i64 = 6;

impl Event {
    pub fn covers(&self, key: &SeriesKey) -> bool {
        key.reporter == self.reporter
            && key.nationality == self.nationality
            && self
                .location
                .as_deref()
                .is_none_or(|l| l == key.location.as_str())
            && self.indicator.as_deref().is_none_or(|i| i == key.indicator)
    }

    /// Whether an alert at `period` belongs to this event: from
    /// [`EARLY_WINDOW`] periods before its start to the end of its peak.
    fn matches(&self, key: &SeriesKey, period: &Period) -> bool {
        // Near the first supported year the window starts with the years.
        let from = self.start.checked_offset(-EARLY_WINDOW);
        self.covers(key) && from.is_none_or(|f| *period >= f) && *period <= self.peak
    }

    /// After the peak the movement is known; alerts then are neither lead
    /// nor false alarms.
    fn after_peak(&self, key: &SeriesKey, period: &Period) -> bool {
        self.covers(key) && *period > self.peak && *period <= self.peak.offset(EARLY_WINDOW)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccuracyRow {
    pub model: String,
    pub horizon: usize,
    pub mase: f64,
    pub smape: f64,
    pub coverage80: f64,
    pub coverage95: f64,
    /// Mean Scaled Interval Score of the 95% interval (the M4
    /// competition's interval measure): its width plus 2/α times every
    /// miss, scaled as MASE is. A band cannot buy coverage with width.
    pub msis: f64,
    pub n: usize,
}

#[derive(Default, Clone)]
struct Sums {
    mase: f64,
    smape: f64,
    in80: usize,
    in95: usize,
    msis: f64,
    n: usize,
}

impl Sums {
    /// Adds one forecast `p` of `actual`, errors scaled by `scale`.
    fn add(&mut self, actual: f64, p: &crate::forecast::Prediction, scale: f64) {
        self.mase += (actual - p.mean).abs() / scale;
        let denom = actual.abs() + p.mean.abs();
        self.smape += if denom > 0.0 {
            200.0 * (actual - p.mean).abs() / denom
        } else {
            0.0
        };
        self.in80 += usize::from(p.lo80 <= actual && actual <= p.hi80);
        self.in95 += usize::from(p.lo95 <= actual && actual <= p.hi95);
        self.msis += interval_score(p.lo95, p.hi95, actual, 0.05) / scale;
        self.n += 1;
    }
}

/// The rows of `sums`, keyed by (model index in `names`, horizon).
fn rows(sums: BTreeMap<(usize, usize), Sums>, names: &[&str]) -> Vec<AccuracyRow> {
    sums.into_iter()
        .map(|((m, h), s)| {
            let n = s.n.max(1) as f64;
            AccuracyRow {
                model: names[m].to_string(),
                horizon: h,
                mase: s.mase / n,
                smape: s.smape / n,
                coverage80: s.in80 as f64 / n,
                coverage95: s.in95 as f64 / n,
                msis: s.msis / n,
                n: s.n,
            }
        })
        .collect()
}

/// The origins to replay: every period from `from` to `to` inclusive.
fn origins(from: Period, to: Period, step: usize) -> impl Iterator<Item = Period> {
    (0..=from.steps_to(&to).max(-1))
        .step_by(step.max(1))
        .map(move |k| from.offset(k))
}

/// Forecast accuracy of Corredor's chosen model, naive and seasonal naive,
/// from every `step`-th origin in `from..=to`, scoring only the forecasts
/// whose Corredor point forecast is at least `min_expected` (0 for all;
/// every model on the same forecasts). The choice uses what was known at
/// the origin, never the outcome; it shows how the bands do on the series
/// that matter, apart from the many months a small series stands at zero,
/// which every band covers.
pub fn accuracy(
    series: &[Series],
    from: Period,
    to: Period,
    step: usize,
    horizon: usize,
    config: &Config,
    min_expected: f64,
) -> Vec<AccuracyRow> {
    let models: [(Option<ModelKind>, &str); 3] = [
        (None, "corredor"),
        (Some(ModelKind::Naive), "naive"),
        (Some(ModelKind::SeasonalNaive), "seasonal_naive"),
    ];
    let mut sums: BTreeMap<(usize, usize), Sums> = BTreeMap::new();
    for s in series {
        for origin in origins(from, to, step) {
            let Some(i) = s.index_of(&origin) else {
                continue;
            };
            if i + horizon >= s.values.len() || i < 1 {
                continue;
            }
            let train = &s.values[..=i];
            let scale = mase_scale(train, config.season);
            let forecasts: Vec<_> = models
                .iter()
                .map(|(only, _)| forecast_with(train, horizon, config, *only))
                .collect();
            for (m, f) in forecasts.iter().enumerate() {
                for (h, p) in f.predictions.iter().enumerate() {
                    if forecasts[0].predictions[h].mean < min_expected {
                        continue;
                    }
                    sums.entry((m, h + 1))
                        .or_default()
                        .add(s.values[i + 1 + h], p, scale);
                }
            }
        }
    }
    let names: Vec<&str> = models.iter().map(|(_, name)| *name).collect();
    rows(sums, &names)
}

/// Point accuracy of the univariate and the corridor-informed forecasts of
/// each series of `down` that has a series of the same nationality in `up`
/// (see [`crate::informed`]), from every `step`-th origin in `from..=to`;
/// with how many forecasts the upstream series changed.
pub fn corridor_accuracy(
    down: &[Series],
    up: &[Series],
    from: Period,
    to: Period,
    step: usize,
    horizon: usize,
    config: &Config,
) -> (Vec<AccuracyRow>, usize) {
    let names = ["univariate", "corridor_informed"];
    let mut sums: BTreeMap<(usize, usize), Sums> = BTreeMap::new();
    let mut used = 0;
    for s in down {
        let Some(u) = up.iter().find(|u| u.key.nationality == s.key.nationality) else {
            continue;
        };
        let aligned: Vec<Option<f64>> = (0..s.values.len())
            .map(|t| u.index_of(&s.period(t)).map(|k| u.values[k]))
            .collect();
        for origin in origins(from, to, step) {
            let Some(i) = s.index_of(&origin) else {
                continue;
            };
            if i + horizon >= s.values.len() || i < 1 {
                continue;
            }
            let train = &s.values[..=i];
            let scale = mase_scale(train, config.season);
            let plain = crate::forecast::forecast(train, horizon, config);
            let informed = crate::informed::inform(train, &aligned[..=i], plain.clone(), config);
            used += usize::from(informed.used);
            for (m, f) in [&plain, &informed.forecast].into_iter().enumerate() {
                for (h, p) in f.predictions.iter().enumerate() {
                    sums.entry((m, h + 1))
                        .or_default()
                        .add(s.values[i + 1 + h], p, scale);
                }
            }
        }
    }
    (rows(sums, &names), used)
}

pub use crate::bands::interval_score;

/// Alerts as of `as_of` over `series`: every series' surge check, and the
/// emergence check of each nationality against the total of its place
/// (reporter, location, indicator) as the series given make it up. This is
/// what `corredor scan` runs; values dated after `as_of` are never read.
///
/// A place is scanned only if it reported for `as_of`; within it, a
/// nationality with no value that month had none (see [`Series::until`]).
pub fn scan(series: &[Series], as_of: Period, config: &DetectConfig) -> Vec<Alert> {
    scan_confirmed(series, as_of, config, &Confirmed::new())
}

/// [`scan`], with the data-quality screen first: each reporting break up
/// to `as_of` is one notice, the series it holds are not judged in its
/// months, and values held in earlier months read as their stand-ins
/// (see [`crate::quality`]). Months in `confirmed` stand as sent. Alerts on
/// several places of one reporter for the same nationality and month are
/// one episode, raised at the highest place (`ALL` above its sectors)
/// with the others in `places`.
pub fn scan_confirmed(
    series: &[Series],
    as_of: Period,
    config: &DetectConfig,
    confirmed: &Confirmed,
) -> Vec<Alert> {
    type Place = (String, String, String);
    let place = |k: &SeriesKey| {
        (
            k.reporter.clone(),
            k.location.to_string(),
            k.indicator.clone(),
        )
    };
    let reported: std::collections::BTreeSet<Place> = series
        .iter()
        .filter(|s| s.index_of(&as_of).is_some())
        .map(|s| place(&s.key))
        .collect();
    let cut: Vec<Series> = series
        .iter()
        .filter(|s| reported.contains(&place(&s.key)))
        .filter_map(|s| s.until(&as_of))
        .collect();
    let screening = quality::screen(&cut, confirmed, &config.quality);
    let cut: Vec<Series> = if screening.held.is_empty() {
        cut
    } else {
        cut.iter().map(|s| screening.clean(s)).collect()
    };
    // Each place's first period and total by period up to as_of.
    let mut totals: BTreeMap<Place, (Period, Vec<f64>)> = BTreeMap::new();
    for s in &cut {
        let e = totals.entry(place(&s.key)).or_insert((s.start, Vec::new()));
        if s.start < e.0 {
            e.0 = s.start;
        }
    }
    for (start, total) in totals.values_mut() {
        *total = vec![0.0; start.steps_to(&as_of) as usize + 1];
    }
    for s in &cut {
        let (start, total) = totals.get_mut(&place(&s.key)).expect("place");
        let offset = start.steps_to(&s.start) as usize;
        for (i, v) in s.values.iter().enumerate() {
            total[offset + i] += v;
        }
    }
    // Series are independent: checked on every core, in order.
    let check = |s: &Series| {
        if screening.is_held(&s.key, &as_of) {
            return None;
        }
        // A nationality newly appearing is reported as such, not as a surge
        // of its own tiny baseline. Before its first month it was not seen
        // at the place.
        let (start, total) = &totals[&place(&s.key)];
        let mut padded = s.clone();
        let lead = start.steps_to(&s.start) as usize;
        if lead > 0 {
            padded.start = *start;
            padded.values = std::iter::repeat_n(0.0, lead)
                .chain(s.values.iter().copied())
                .collect();
        }
        detect::emergence(&padded, total, config).or_else(|| detect::surge(s, config))
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = cut.len().div_ceil(threads).max(1);
    let alerts: Vec<Alert> = std::thread::scope(|scope| {
        let handles: Vec<_> = cut
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().filter_map(check).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("scan thread"))
            .collect()
    });
    let mut alerts = crate::episodes::episodes(alerts);
    // Every break in the history screened, not only one running now: a
    // break in a file sent all at once is held out of later months as well,
    // and its reporter is asked about it.
    alerts.extend(screening.notices.iter().map(detect::notice));
    alerts.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(b.score.total_cmp(&a.score))
            .then(a.id.cmp(&b.id))
    });
    alerts
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventOutcome {
    pub label: String,
    pub first_alert: Option<Period>,
    pub lead_before_peak: Option<i64>,
    pub lead_from_start: Option<i64>,
}

/// How a detector did on the events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    pub detector: String,
    pub events: Vec<EventOutcome>,
    /// Share of events with an alert (warning or above) before their peak.
    pub warned_before_peak: f64,
    pub median_lead_before_peak: Option<f64>,
    /// Alerts opened (a series entering the warning state) that matched no event.
    pub false_alarms: usize,
    pub false_alarms_per_series_year: f64,
}

/// The alerts that open a run: a series warned this month and not the
/// month before. A movement that stays above its band for months is one
/// alert that stays open, as in the alert workflow, not a new alarm every
/// month; every detector is counted the same way.
fn openings(alerts: &[(SeriesKey, Period)]) -> Vec<(SeriesKey, Period)> {
    let set: std::collections::BTreeSet<(SeriesKey, Period)> = alerts.iter().cloned().collect();
    set.iter()
        .filter(|(k, p)| {
            p.checked_offset(-1)
                .is_none_or(|before| !set.contains(&(k.clone(), before)))
        })
        .cloned()
        .collect()
}

/// The events and months a record is counted on: events that start at or
/// after `from`, and the alerts and series-months of origins from `from`
/// (every event and origin when `None`). Rules settled on the months
/// before `from` are then judged on months they never saw.
#[derive(Debug, Clone, Copy, Default)]
pub struct Held {
    pub from: Option<Period>,
}

impl Held {
    fn counts(&self, p: &Period) -> bool {
        self.from.is_none_or(|f| *p >= f)
    }
}

fn record(
    name: &str,
    events: &[Event],
    alerts: &[(SeriesKey, Period)],
    series_months: usize,
    held: Held,
) -> Record {
    let opened = openings(alerts);
    let events: Vec<&Event> = events.iter().filter(|e| held.counts(&e.start)).collect();
    let mut outcomes = Vec::new();
    for e in &events {
        let first = alerts
            .iter()
            .filter(|(k, p)| e.matches(k, p) && *p < e.peak)
            .map(|(_, p)| *p)
            .min();
        outcomes.push(EventOutcome {
            label: e.label.clone(),
            first_alert: first,
            lead_before_peak: first.map(|p| p.steps_to(&e.peak)),
            lead_from_start: first.map(|p| p.steps_to(&e.start)),
        });
    }
    let false_alarms = opened
        .iter()
        .filter(|(_, p)| held.counts(p))
        .filter(|(k, p)| !events.iter().any(|e| e.matches(k, p) || e.after_peak(k, p)))
        .count();
    let mut leads: Vec<f64> = outcomes
        .iter()
        .filter_map(|o| o.lead_before_peak.map(|l| l as f64))
        .collect();
    leads.sort_by(f64::total_cmp);
    let median = if leads.is_empty() {
        None
    } else if leads.len() % 2 == 1 {
        Some(leads[leads.len() / 2])
    } else {
        Some((leads[leads.len() / 2 - 1] + leads[leads.len() / 2]) / 2.0)
    };
    let warned = outcomes.iter().filter(|o| o.first_alert.is_some()).count();
    Record {
        detector: name.to_string(),
        events: outcomes,
        warned_before_peak: if events.is_empty() {
            0.0
        } else {
            warned as f64 / events.len() as f64
        },
        median_lead_before_peak: median,
        false_alarms,
        false_alarms_per_series_year: if series_months == 0 {
            0.0
        } else {
            false_alarms as f64 / (series_months as f64 / 12.0)
        },
    }
}

/// One point of a detection–false-alarm curve: the record when alarms
/// need at least `threshold`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CurvePoint {
    pub threshold: f64,
    pub warned_before_peak: f64,
    pub median_lead_before_peak: Option<f64>,
    pub false_alarms_per_series_year: f64,
}

/// A detector's record as its threshold moves: a detector is better when
/// its curve lies above another's (more events warned at the same rate of
/// unmatched warnings), not at one chosen point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Curve {
    pub detector: String,
    /// What the threshold applies to.
    pub statistic: String,
    pub points: Vec<CurvePoint>,
}

/// Every alarm of one detector with the statistic that raised it.
type Scored = Vec<(SeriesKey, Period, f64)>;

/// Corredor's warning record (alerts at level warning or above) and the
/// classic detectors', over origins `from..=to`.
pub fn warning_record(
    series: &[Series],
    events: &[Event],
    from: Period,
    to: Period,
    config: &DetectConfig,
) -> Vec<Record> {
    warning_record_held(series, events, from, to, config, Held::default()).0
}

/// [`warning_record`] counted on `held` only, with each detector's
/// detection–false-alarm curve: Corredor's over its alerts' priority (see
/// [`crate::triage`], without the reach downstream, which the backtest does
/// not compute), the classic detectors' over their own statistics.
pub fn warning_record_held(
    series: &[Series],
    events: &[Event],
    from: Period,
    to: Period,
    config: &DetectConfig,
    held: Held,
) -> (Vec<Record>, Vec<Curve>) {
    // Only the events whose series are among `series` are scored: an event
    // about data the backtest was not given is neither warned nor missed.
    let events: Vec<Event> = events
        .iter()
        .filter(|e| series.iter().any(|s| e.covers(&s.key)))
        .cloned()
        .collect();
    let events = events.as_slice();
    // Corredor's alerts at level warning or above (its operating point),
    // and every alert with its priority (its curve).
    let mut corredor: Vec<(SeriesKey, Period)> = Vec::new();
    let mut prioritised: Scored = Vec::new();
    let mut classic: Vec<Scored> = vec![Vec::new(); Detector::ALL.len()];
    let mut series_months = 0;
    for origin in origins(from, to, 1) {
        for a in scan(series, origin, config) {
            if a.kind == AlertKind::DataQuality {
                continue;
            }
            let priority = crate::triage::priority(&a, 0);
            // An episode warns of every place it lists.
            let mut keys = vec![a.key.clone()];
            for place in &a.places {
                if let Ok(location) = place.parse() {
                    let mut key = a.key.clone();
                    key.location = location;
                    keys.push(key);
                }
            }
            for key in keys {
                if a.level >= Level::Warning {
                    corredor.push((key.clone(), a.period));
                }
                prioritised.push((key, a.period, priority));
            }
        }
        for s in series {
            let Some(cut) = s.until(&origin) else {
                continue;
            };
            if s.index_of(&origin).is_none() {
                continue;
            }
            if held.counts(&origin) {
                series_months += 1;
            }
            for (d, detector) in Detector::ALL.iter().enumerate() {
                if let Some(stat) = baseline::statistic(*detector, &cut.values, config.min_excess) {
                    classic[d].push((s.key.clone(), origin, stat));
                }
            }
        }
    }
    let above = |scored: &Scored, threshold: f64| -> Vec<(SeriesKey, Period)> {
        scored
            .iter()
            .filter(|(_, _, s)| *s > threshold)
            .map(|(k, p, _)| (k.clone(), *p))
            .collect()
    };
    let mut records = vec![record("corredor", events, &corredor, series_months, held)];
    for (d, detector) in Detector::ALL.iter().enumerate() {
        records.push(record(
            detector.name(),
            events,
            &above(&classic[d], detector.threshold()),
            series_months,
            held,
        ));
    }
    let curve = |name: &str, statistic: &str, scored: &Scored, thresholds: Vec<f64>| Curve {
        detector: name.to_string(),
        statistic: statistic.to_string(),
        points: thresholds
            .into_iter()
            .map(|t| {
                let r = record(name, events, &above(scored, t), series_months, held);
                CurvePoint {
                    threshold: t,
                    warned_before_peak: r.warned_before_peak,
                    median_lead_before_peak: r.median_lead_before_peak,
                    false_alarms_per_series_year: r.false_alarms_per_series_year,
                }
            })
            .collect(),
    };
    let steps = |lo: f64, hi: f64, step: f64| -> Vec<f64> {
        let n = ((hi - lo) / step).round() as usize;
        (0..=n).map(|k| lo + k as f64 * step).collect()
    };
    let mut curves = vec![curve(
        "corredor",
        "priority",
        &prioritised,
        steps(20.0, 90.0, 5.0),
    )];
    for (d, detector) in Detector::ALL.iter().enumerate() {
        let (statistic, grid) = match detector {
            Detector::EarsC3 => ("C3 sum", steps(0.5, 8.0, 0.5)),
            Detector::SeasonalNaiveBand => ("z", steps(0.5, 6.0, 0.5)),
            _ => ("z", steps(1.0, 8.0, 0.5)),
        };
        curves.push(curve(detector.name(), statistic, &classic[d], grid));
    }
    (records, curves)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn seasonal(n: usize, level: f64) -> Vec<f64> {
        (0..n)
            .map(|t| {
                (level * (1.0 + 0.3 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin())).round()
            })
            .collect()
    }

    /// A series of `values` from January 2015.
    pub(super) fn series(key: &str, values: Vec<f64>) -> Series {
        Series {
            key: key.parse().unwrap(),
            start: p("2015-01"),
            values,
        }
    }

    #[test]
    fn accuracy_reports_every_model_and_horizon() {
        let s = vec![series("USA/ALL/MEX/encounters", seasonal(84, 20_000.0))];
        let rows = accuracy(
            &s,
            p("2019-01"),
            p("2021-06"),
            1,
            3,
            &Config::default(),
            0.0,
        );
        assert_eq!(rows.len(), 9);
        let corredor = rows
            .iter()
            .find(|r| r.model == "corredor" && r.horizon == 1)
            .unwrap();
        let naive = rows
            .iter()
            .find(|r| r.model == "naive" && r.horizon == 1)
            .unwrap();
        assert!(corredor.mase < naive.mase, "{corredor:?} vs {naive:?}");
        assert_eq!(corredor.n, 30);

        // A floor on the point forecast scores the same forecasts for
        // every model, and none when no forecast reaches it.
        let at_least = |min| {
            accuracy(
                &s,
                p("2019-01"),
                p("2021-06"),
                1,
                3,
                &Config::default(),
                min,
            )
        };
        let some = at_least(20_000.0);
        let n: Vec<usize> = some
            .iter()
            .filter(|r| r.horizon == 1)
            .map(|r| r.n)
            .collect();
        assert!(n.iter().all(|&k| k == n[0] && k > 0 && k < 30), "{some:?}");
        assert!(at_least(1e12).is_empty());
    }

    #[test]
    fn a_planted_surge_is_warned_before_its_peak() {
        let mut v = seasonal(84, 5000.0);
        for (k, x) in v.iter_mut().enumerate().skip(72) {
            *x *= 1.0 + 0.6 * (k - 71) as f64;
        }
        let s = vec![
            series("PAN/ALL/VEN/irregular_entries", v),
            series("PAN/ALL/HTI/irregular_entries", seasonal(84, 3000.0)),
        ];
        let events = vec![Event {
            reporter: "PAN".into(),
            location: None,
            nationality: "VEN".into(),
            indicator: None,
            start: p("2021-01"),
            peak: p("2021-12"),
            label: "planted".into(),
        }];
        let records = warning_record(
            &s,
            &events,
            p("2019-01"),
            p("2021-12"),
            &DetectConfig::default(),
        );
        let c = &records[0];
        assert_eq!(c.detector, "corredor");
        assert_eq!(c.warned_before_peak, 1.0, "{c:?}");
        assert!(c.events[0].lead_before_peak.unwrap() >= 6);
        assert_eq!(c.false_alarms, 0, "{c:?}");
        assert_eq!(records.len(), 5);
        // Counted from after the event, there is nothing to warn of; and
        // on the whole period, a higher threshold never warns of more.
        let (later, curves) = warning_record_held(
            &s,
            &events,
            p("2019-01"),
            p("2021-12"),
            &DetectConfig::default(),
            Held {
                from: Some(p("2021-06")),
            },
        );
        assert!(later[0].events.is_empty(), "{later:?}");
        assert_eq!(curves.len(), 5);
        let (_, curves) = warning_record_held(
            &s,
            &events,
            p("2019-01"),
            p("2021-12"),
            &DetectConfig::default(),
            Held::default(),
        );
        for c in &curves {
            for w in c.points.windows(2) {
                assert!(w[1].warned_before_peak <= w[0].warned_before_peak, "{c:?}");
            }
        }
        assert_eq!(
            curves[0].points[0].warned_before_peak, 1.0,
            "{:?}",
            curves[0]
        );
    }
}

#[cfg(test)]
#[path = "backtest_scoring_tests.rs"]
mod scoring_tests;

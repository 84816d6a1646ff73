//! Detection: which series show a nascent movement as of a period.
//!
//! Two kinds of alert:
//!
//! - **surge**: the observation is above what the forecast made the month
//!   before expected (its probability under that forecast is small), by at
//!   least a minimum number of people; or it has been above the 80% band for
//!   several months running (sustained growth beyond what the season
//!   explains).
//! - **emergence**: a nationality that was negligible at a place, in
//!   absolute numbers and as a share of the place's total, is growing fast,
//!   flagged while it is still small.
//!
//! Levels follow documented rules with the thresholds in [`DetectConfig`]:
//!
//! | level | surge | emergence |
//! |---|---|---|
//! | watch | P(Y ≥ observed) < `watch_probability`; or `persistence_months` above the 80% band; or each of the last `persistence_months` at least `growth_ratio` × the same month a year before | growth to `emergence_ratio` × its usual level |
//! | warning | P < `warning_probability` (above the 95% band) with `persistence_months` running above the 80% band or of growth beyond last year; or P < `emergency_probability`; or sustained growth of `growth_warning_ratio` × last year | `emergence_ratio` × and `emergence_warning_count` people |
//! | emergency | P < `emergency_probability` and observed ≥ `emergency_ratio` × expected, for `persistence_months` running | — |
//!
//! A surge above the forecast also needs `min_excess` people and
//! `min_ratio` × the expected value, so that noise never alarms anyone.

use corredor_model::{country, Period, SeriesKey};
use serde::Serialize;

pub use crate::explain::Explanation;
use crate::explain::{self, Basis, Quoted};
use crate::forecast::{forecast, Config};
use crate::series::Series;

#[derive(Debug, Clone)]
pub struct DetectConfig {
    pub forecast: Config,
    pub watch_probability: f64,
    pub warning_probability: f64,
    pub emergency_probability: f64,
    pub emergency_ratio: f64,
    /// Consecutive months above the 80% band that make a movement sustained.
    pub persistence_months: usize,
    /// People above the expected value a surge needs…
    pub min_excess: f64,
    /// …and this multiple of it: a tenth more than expected is not a movement.
    pub min_ratio: f64,
    /// Sustained growth: each of the last `persistence_months` at least this
    /// multiple of the same month a year before (watch)…
    pub growth_ratio: f64,
    /// …or this multiple (warning).
    pub growth_warning_ratio: f64,
    /// Emergence: "negligible" means a mean below this many people a month…
    pub negligible_count: f64,
    /// …and below this share of the place's total, over `emergence_window`.
    pub negligible_share: f64,
    pub emergence_window: usize,
    /// Emergence: growth to this multiple of the usual level…
    pub emergence_ratio: f64,
    /// …reaching at least this many people (watch)…
    pub emergence_min_count: f64,
    /// …or this many (warning).
    pub emergence_warning_count: f64,
    /// The data-quality screen run before detection.
    pub quality: crate::quality::QualityConfig,
}

impl Default for DetectConfig {
    fn default() -> Self {
        DetectConfig {
            forecast: Config::default(),
            watch_probability: 0.10,
            warning_probability: 0.025,
            emergency_probability: 0.001,
            emergency_ratio: 2.0,
            persistence_months: 3,
            min_excess: 100.0,
            min_ratio: 1.25,
            growth_ratio: 1.5,
            growth_warning_ratio: 2.5,
            negligible_count: 100.0,
            negligible_share: 0.01,
            emergence_window: 12,
            emergence_ratio: 3.0,
            emergence_min_count: 30.0,
            emergence_warning_count: 150.0,
            quality: crate::quality::QualityConfig::default(),
        }
    }
}

pub use corredor_model::alert::{AlertKind, Level};

/// An alert raised by the data of one series at one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub id: String,
    pub kind: AlertKind,
    pub level: Level,
    #[serde(flatten)]
    pub key: SeriesKey,
    pub period: Period,
    pub observed: f64,
    pub expected: f64,
    pub lo95: f64,
    pub hi95: f64,
    /// The figure the level rests on: the forecast when the band raised
    /// it, the same month a year before when growth did, the usual level
    /// for an emergence, the basis before the break for a data-quality
    /// notice. A list shows it beside the observed value: a surge that
    /// growth over last year keeps running may be below its forecast.
    pub reference: f64,
    /// People beyond `reference`: the forecast when the
    /// band raised it, the same month a year before when growth did, the
    /// usual level for an emergence (never below zero for a movement: a
    /// month that fell short of its forecast while growth over last year
    /// ran on is no fall to rank or to send downstream); for a
    /// data-quality notice, the total as sent less the reference (below
    /// zero for a fall).
    pub excess: f64,
    /// −log10 of the probability of so high a value under the forecast
    /// (surge), or the growth ratio over the usual level (emergence).
    pub score: f64,
    /// Months running above the 80% band (surge) or of growth (emergence),
    /// or the months a data-quality notice covers.
    pub months: usize,
    pub explanation: Explanation,
    /// The other places of the same reporter where the same movement was
    /// seen in the same month (`USBP_SWB` below `ALL`): one episode, one
    /// alert, raised at the highest place.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    /// What a data-quality notice covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Covers>,
}

/// The months and series of a data-quality notice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Covers {
    pub months: Vec<String>,
    pub series: Vec<String>,
    /// `jump`, `fall` or `outlier`.
    pub change: crate::quality::Break,
    /// Nationalities that first appeared in the break.
    pub new_series: usize,
}

/// A stable identifier: the same alert (kind, series, period) has the same
/// id in every run. FNV-1a, written out because a hash that must never
/// change between versions should not depend on a library's choice.
pub fn alert_id(kind: AlertKind, key: &SeriesKey, period: &Period) -> String {
    let text = format!("{kind:?}|{key}|{period}");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The id of a data-quality notice raised again after notice `id` was
/// settled: the same break flagged anew (figures revised since, or a
/// confirmation that no longer stands) is a new notice, not the settled
/// one reopened. Stable like [`alert_id`].
pub fn raised_again(id: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in format!("again|{id}").bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// What one month looked like against the forecast made the month before.
struct Check {
    observed: f64,
    expected: f64,
    lo95: f64,
    hi95: f64,
    hi80: f64,
    p: f64,
}

fn check(values: &[f64], config: &Config) -> Option<Check> {
    let n = values.len();
    if n < 2 {
        return None;
    }
    let f = forecast(&values[..n - 1], 1, config);
    let p = f.predictions[0];
    let observed = values[n - 1];
    Some(Check {
        observed,
        expected: p.mean,
        lo95: p.lo95,
        hi95: p.hi95,
        hi80: p.hi80,
        p: f.prob_at_least(1, observed),
    })
}

impl Check {
    /// Above the 80% band, by `min_excess` people and `min_ratio` times
    /// the forecast at least.
    fn above(&self, config: &DetectConfig) -> bool {
        self.observed - self.expected >= config.min_excess
            && self.observed >= config.min_ratio * self.expected
            && self.observed > self.hi80
    }
}

/// What a surge's level rests on.
#[derive(Debug, Clone, Copy)]
struct Signals {
    /// This month is above its band ([`Check::above`]).
    above: bool,
    /// The probability of at least this month's figure under the forecast.
    p: f64,
    /// This month is `emergency_ratio` times its forecast or more.
    doubled: bool,
    /// `persistence_months` running above the band.
    sustained: bool,
    /// `persistence_months` of growth beyond last year's (watch)…
    sustained_growth: bool,
    /// …or of `growth_warning_ratio` times it.
    strong_growth: bool,
}

impl Signals {
    /// The level, and whether the band raised it (else growth over last
    /// year did): the explanation gives the reason the level rests on, the
    /// forecast's band when the band raised it, else growth over a year
    /// before (the forecast has caught up with the movement and says
    /// little about it).
    fn level(&self, config: &DetectConfig) -> Option<(Level, bool)> {
        let band_warning = self.above
            && ((self.p < config.warning_probability && (self.sustained || self.sustained_growth))
                || self.p < config.emergency_probability);
        let band_watch = (self.above && self.p < config.watch_probability) || self.sustained;
        if self.above && self.p < config.emergency_probability && self.doubled && self.sustained {
            Some((Level::Emergency, true))
        } else if self.strong_growth || band_warning {
            Some((Level::Warning, band_warning))
        } else if band_watch || self.sustained_growth {
            Some((Level::Watch, band_watch))
        } else {
            None
        }
    }
}

/// Months, counting back from the last, in which the value was at least
/// `ratio` times the same month a year before and `min_excess` above it.
fn growth_months(v: &[f64], season: usize, ratio: f64, min_excess: f64, max: usize) -> usize {
    let mut months = 0;
    while months < max && v.len() > season + months {
        let t = v.len() - 1 - months;
        let last_year = v[t - season];
        if v[t] >= ratio * last_year.max(1.0) && v[t] - last_year >= min_excess {
            months += 1;
        } else {
            break;
        }
    }
    months
}

/// Surge detection on one series as of its last value: either the value is
/// far above the forecast made the month before, or growth beyond the
/// season has been sustained for several months (which a forecaster that
/// adapts would otherwise stop seeing).
pub fn surge(series: &Series, config: &DetectConfig) -> Option<Alert> {
    let v = &series.values;
    let now = check(v, &config.forecast)?;
    let above = now.above(config);
    let persistence = config.persistence_months.max(1);
    let season = config.forecast.season;
    let growth = growth_months(
        v,
        season,
        config.growth_ratio,
        config.min_excess,
        persistence,
    );
    let sustained_growth = growth >= persistence;
    if !above && !sustained_growth {
        return None;
    }
    // Months running above the 80% band, this one included.
    let mut months = usize::from(above);
    while above && months < persistence && v.len() > months + 1 {
        match check(&v[..v.len() - months], &config.forecast) {
            Some(c) if c.observed > c.hi80 && c.observed - c.expected >= config.min_excess => {
                months += 1
            }
            _ => break,
        }
    }
    let sustained = months >= persistence;
    let strong_growth = sustained_growth
        && growth_months(
            v,
            season,
            config.growth_warning_ratio,
            config.min_excess,
            persistence,
        ) >= persistence;
    let signals = Signals {
        above,
        p: now.p,
        doubled: now.observed >= config.emergency_ratio * now.expected,
        sustained,
        sustained_growth,
        strong_growth,
    };
    let (level, by_band) = signals.level(config)?;
    let period = series.period(v.len() - 1);
    let (basis, running, from) = if by_band {
        // Growth over last year that runs longer than the months above
        // the band (and that a warning may rest on) is said too, so that
        // the text names the months the alert counts.
        let growth = if growth > months { growth } else { 0 };
        (Basis::Forecast { growth }, months, now.expected)
    } else {
        let last_year = v[v.len() - 1 - season];
        (Basis::LastYear(last_year), growth, last_year)
    };
    let quoted = Quoted {
        observed: now.observed,
        expected: now.expected,
        lo95: now.lo95,
        hi95: now.hi95,
    };
    let explanation = explain::surge(&series.key, &period, &quoted, running, basis);
    // The alert's expected value is the forecast's, inside its own band,
    // whatever raised it; growth over last year is said in the text.
    let expected = now.expected;
    Some(Alert {
        id: alert_id(AlertKind::Surge, &series.key, &period),
        kind: AlertKind::Surge,
        level,
        key: series.key.clone(),
        period,
        observed: now.observed,
        expected,
        lo95: now.lo95,
        hi95: now.hi95,
        reference: from,
        excess: (now.observed - from).max(0.0),
        score: -now.p.max(1e-300).log10(),
        months: months.max(growth),
        explanation,
        places: Vec::new(),
        covers: None,
    })
}

/// Emergence detection on one nationality's series at a place, given the
/// place's total over the same periods (same start and length).
pub fn emergence(series: &Series, place_total: &[f64], config: &DetectConfig) -> Option<Alert> {
    let v = &series.values;
    let n = v.len();
    let w = config.emergence_window;
    if n < w + 1 || place_total.len() != n {
        return None;
    }
    let window = &v[n - 1 - w..n - 1];
    let usual = window.iter().sum::<f64>() / w as f64;
    let total: f64 = place_total[n - 1 - w..n - 1].iter().sum();
    let share = if total > 0.0 {
        window.iter().sum::<f64>() / total
    } else {
        0.0
    };
    if usual >= config.negligible_count || share >= config.negligible_share {
        return None;
    }
    let observed = v[n - 1];
    let ratio = observed / usual.max(1.0);
    if observed < config.emergence_min_count
        || ratio < config.emergence_ratio
        || observed <= v[n - 2]
    {
        return None;
    }
    let mut months = 1;
    while months < n - 1 && v[n - 1 - months] > v[n - 2 - months] && months < w {
        months += 1;
    }
    let level = if observed >= config.emergence_warning_count {
        Level::Warning
    } else {
        Level::Watch
    };
    let period = series.period(n - 1);
    let explanation = explain::emergence(&series.key, &period, w, observed, usual, share);
    Some(Alert {
        id: alert_id(AlertKind::Emergence, &series.key, &period),
        kind: AlertKind::Emergence,
        level,
        key: series.key.clone(),
        period,
        observed,
        expected: usual,
        lo95: 0.0,
        hi95: usual,
        reference: usual,
        excess: (observed - usual).max(0.0),
        score: ratio,
        months,
        explanation,
        places: Vec::new(),
        covers: None,
    })
}

/// A data-quality notice as an alert of its reporter: at its last month,
/// the total as sent against the reference before the break.
pub fn notice(n: &crate::quality::Notice) -> Alert {
    let key = SeriesKey {
        reporter: n.reporter.clone(),
        location: corredor_model::Location::all(),
        nationality: country::UNSPECIFIED.to_string(),
        indicator: n.indicator.clone(),
    };
    let period = n.last();
    Alert {
        // The id of the break's first month: the notice grows month by
        // month as one alert.
        id: alert_id(AlertKind::DataQuality, &key, &n.months[0]),
        kind: AlertKind::DataQuality,
        level: Level::Watch,
        key,
        period,
        observed: n.total,
        expected: n.reference,
        lo95: n.reference,
        hi95: n.reference,
        reference: n.reference,
        excess: n.total - n.reference,
        score: (n.total + 1.0) / (n.reference + 1.0),
        months: n.months.len(),
        explanation: explain::notice(n),
        places: Vec::new(),
        covers: Some(Covers {
            months: n.months.iter().map(Period::to_string).collect(),
            series: n.series.iter().map(SeriesKey::to_string).collect(),
            change: n.kind,
            new_series: n.new_series,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: Vec<f64>) -> Series {
        Series {
            key: "USA/ALL/VEN/encounters".parse().unwrap(),
            start: "2015-01".parse().unwrap(),
            values,
        }
    }

    fn seasonal(n: usize, level: f64) -> Vec<f64> {
        (0..n)
            .map(|t| {
                (level * (1.0 + 0.3 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin())).round()
            })
            .collect()
    }

    #[test]
    fn a_clean_seasonal_series_raises_nothing() {
        let v = seasonal(96, 5000.0);
        for end in 40..=96 {
            assert!(
                surge(&series(v[..end].to_vec()), &DetectConfig::default()).is_none(),
                "at {end}"
            );
        }
    }

    #[test]
    fn a_step_is_caught() {
        let mut v = seasonal(72, 5000.0);
        for x in v.iter_mut().skip(69) {
            *x *= 3.0;
        }
        let a = surge(&series(v), &DetectConfig::default()).expect("step detected");
        assert_eq!(a.kind, AlertKind::Surge);
        assert!(a.level >= Level::Warning, "{a:?}");
        assert!(a.explanation.en.contains("Venezuela"));
        assert!(a.explanation.es.contains("veces"));
        assert!(a.explanation.pt.contains("vezes"));
        assert!(a.explanation.fr.contains("fois"));
    }

    #[test]
    fn a_ramp_is_caught_before_it_is_large() {
        let mut v = seasonal(72, 5000.0);
        let mut first = None;
        for k in 0..12 {
            v.push(
                (5000.0
                    * (1.0 + 0.3 * (2.0 * std::f64::consts::PI * (72 + k) as f64 / 12.0).sin())
                    * 1.25f64.powi(k + 1))
                .round(),
            );
            if first.is_none() && surge(&series(v.clone()), &DetectConfig::default()).is_some() {
                first = Some(k);
            }
        }
        let k = first.expect("ramp detected");
        assert!(k <= 4, "detected only after {k} months");
    }

    #[test]
    fn a_warning_is_explained_by_what_raised_it() {
        // A year flat, then a level that tripled and stays there: by the
        // third month the forecast has caught up, so the band no longer
        // calls it exceptional, and the warning rests on growth over a
        // year before, which the explanation gives.
        let flat: Vec<f64> = (0..36)
            .map(|t| 1000.0 + 20.0 * ((t % 5) as f64 - 2.0))
            .collect();
        let mut v = flat.clone();
        v.extend([3000.0, 3060.0, 2980.0]);
        let a = surge(&series(v), &DetectConfig::default()).expect("a surge");
        assert_eq!(a.level, Level::Warning, "{a:?}");
        assert!(a.observed <= a.hi95, "{a:?}");
        assert!(
            a.explanation.en.contains("of the same month a year before"),
            "{}",
            a.explanation.en
        );
        assert!(
            a.explanation.en.contains("3 months running of growth"),
            "{}",
            a.explanation.en
        );
        // The same jump in its first month is above the band and said so.
        let mut w = flat;
        w.push(3000.0);
        let b = surge(&series(w), &DetectConfig::default()).expect("a surge");
        assert!(b.observed > b.hi95, "{b:?}");
        assert!(
            b.explanation.en.contains("expected (95% range up to"),
            "{}",
            b.explanation.en
        );
    }

    #[test]
    fn a_fall_that_growth_still_calls_a_surge_counts_its_people_from_last_year() {
        // A movement that grew month after month, then fell by two-thirds:
        // still 2.5× the same month a year before, so growth keeps it a
        // warning, but far below its forecast. The people it adds are
        // those beyond last year's figure, not the shortfall.
        let flat: Vec<f64> = (0..36)
            .map(|t| 1000.0 + 20.0 * ((t % 5) as f64 - 2.0))
            .collect();
        let mut v = flat;
        v.extend([2600.0, 3400.0, 4500.0, 6000.0, 8000.0, 2700.0]);
        let last_year = v[v.len() - 13];
        let a = surge(&series(v), &DetectConfig::default()).expect("a surge");
        assert_eq!(a.level, Level::Warning, "{a:?}");
        assert!(a.observed < a.lo95, "{a:?}");
        assert_eq!(a.excess, a.observed - last_year, "{a:?}");
        // The figure a list shows beside the observed one is last year's.
        assert_eq!(a.reference, last_year, "{a:?}");
        assert!(
            a.explanation
                .en
                .contains("but this month is below its forecast of "),
            "{}",
            a.explanation.en
        );
        // Raised by the band, the excess is over the forecast.
        let b = surge(
            &series(seasonal(48, 1000.0).into_iter().chain([4000.0]).collect()),
            &DetectConfig::default(),
        )
        .expect("a surge");
        assert_eq!(b.excess, b.observed - b.expected, "{b:?}");
        assert_eq!(b.reference, b.expected, "{b:?}");
    }

    #[test]
    fn a_new_nationality_is_caught_while_small() {
        let mut v = vec![
            0.0, 1.0, 0.0, 2.0, 0.0, 0.0, 3.0, 1.0, 0.0, 2.0, 1.0, 0.0, 2.0, 4.0,
        ];
        let total = vec![20_000.0; 16];
        v.extend([15.0, 60.0]);
        let a = emergence(&series(v.clone()), &total, &DetectConfig::default()).expect("emergence");
        assert_eq!(a.kind, AlertKind::Emergence);
        assert_eq!(a.level, Level::Watch);
        assert!(a.observed < 0.01 * 20_000.0);
        // A nationality that was already large is not "emerging".
        let big = vec![5000.0; 16];
        assert!(emergence(&series(big), &total, &DetectConfig::default()).is_none());
    }

    /// Twelve months at `usual`, then `last`, at a place of 13 months of
    /// `total` (from 2015-01).
    fn emerging(usual: f64, last: f64, total: f64) -> Option<Alert> {
        let mut v = vec![usual; 12];
        v.push(last);
        emergence(&series(v), &[total; 13], &DetectConfig::default())
    }

    #[test]
    fn a_nationality_of_a_hundred_people_or_one_percent_is_not_emerging() {
        // Under a hundred a month but 5% of the place.
        assert!(emerging(50.0, 200.0, 1_000.0).is_none());
        // Exactly 1% of the place; a little less is emerging.
        assert!(emerging(10.0, 40.0, 1_000.0).is_none());
        assert!(emerging(10.0, 40.0, 1_001.0).is_some());
        // Exactly a hundred a month, however small a share; 99 is not.
        assert!(emerging(100.0, 400.0, 1e6).is_none());
        assert_eq!(emerging(99.0, 400.0, 1e6).unwrap().level, Level::Warning);
    }

    #[test]
    fn emergence_needs_three_times_the_usual_thirty_people_and_a_rise() {
        let a = emerging(10.0, 30.0, 10_000.0).expect("at both thresholds");
        assert_eq!(a.kind, AlertKind::Emergence);
        assert_eq!(a.level, Level::Watch);
        assert_eq!(a.period, "2016-01".parse().unwrap());
        assert_eq!((a.expected, a.lo95, a.hi95), (10.0, 0.0, 10.0));
        assert_eq!((a.excess, a.score, a.months), (20.0, 3.0, 1));
        assert_eq!(a.reference, 10.0);
        assert!(emerging(10.0, 29.0, 10_000.0).is_none(), "29 people");
        assert!(emerging(11.0, 32.0, 10_000.0).is_none(), "2.9 times");
        assert_eq!(emerging(10.0, 149.0, 10_000.0).unwrap().level, Level::Watch);
        assert_eq!(
            emerging(10.0, 150.0, 10_000.0).unwrap().level,
            Level::Warning
        );
        // No rise on the month before: the movement was already there.
        let mut v = vec![5.0; 11];
        v.extend([40.0, 40.0]);
        assert!(emergence(&series(v), &[10_000.0; 13], &DetectConfig::default()).is_none());
    }

    #[test]
    fn growth_over_a_year_before_raises_a_surge_the_band_does_not() {
        // Growth alone: no month is ever far enough above its forecast.
        let config = DetectConfig {
            min_ratio: f64::INFINITY,
            ..DetectConfig::default()
        };
        let grown = |last: f64| {
            let mut v = vec![100.0; 3];
            v.extend([200.0; 9]);
            v.extend([last; 3]);
            v
        };
        // Three months at 2.5 times the same months a year before: a warning,
        // its people counted from last year's figure.
        let v = grown(250.0);
        assert_eq!(
            growth_months(&v, 12, 2.5, 100.0, 5),
            3,
            "no month before the first year"
        );
        let a = surge(&series(v), &config).expect("growth");
        assert_eq!((a.level, a.months, a.excess), (Level::Warning, 3, 150.0));
        assert_eq!(a.reference, 100.0);
        assert!(a.lo95 <= a.expected && a.expected <= a.hi95, "{a:?}");
        // Just short of 2.5 times: a watch.
        let a = surge(&series(grown(249.0)), &config).expect("growth");
        assert_eq!((a.level, a.months, a.excess), (Level::Watch, 3, 149.0));
        // Fewer than a hundred people above last year is no growth.
        let mut v = vec![60.0; 3];
        v.extend([100.0; 12]);
        assert_eq!(growth_months(&v, 12, 1.5, 100.0, 3), 0);
        assert!(surge(&series(v), &config).is_none());
    }

    #[test]
    fn alert_ids_are_stable() {
        let key: SeriesKey = "PAN/ALL/CHN/irregular_entries".parse().unwrap();
        let p: Period = "2023-08".parse().unwrap();
        assert_eq!(
            alert_id(AlertKind::Surge, &key, &p),
            alert_id(AlertKind::Surge, &key, &p)
        );
        assert_ne!(
            alert_id(AlertKind::Surge, &key, &p),
            alert_id(AlertKind::Emergence, &key, &p)
        );
        assert_eq!(alert_id(AlertKind::Surge, &key, &p).len(), 16);
    }
}

#[cfg(test)]
#[path = "detect_level_tests.rs"]
mod level_tests;

//! Invariants of forecasts and alerts on arbitrary series.

use corredor_model::{Period, SeriesKey};
use corredor_warning::backtest::scan;
use corredor_warning::detect::surge;
use corredor_warning::{forecast, AlertKind, Config, DetectConfig, Level, Series};
use proptest::prelude::*;

/// Counts as publishers send them: long quiet stretches, sudden steps,
/// zeros, a few huge months.
fn counts() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            4 => 0.0..50.0f64,
            4 => 0.0..5_000.0f64,
            1 => 0.0..2_000_000.0f64,
            1 => Just(0.0),
        ],
        1..90,
    )
    .prop_map(|v| v.into_iter().map(f64::round).collect())
}

/// The detector's settings for a season of `m` periods, as a place's
/// series of that frequency are judged.
fn seasonal(m: usize) -> DetectConfig {
    DetectConfig {
        forecast: Config {
            season: m,
            ..Config::default()
        },
        ..DetectConfig::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn bands_are_nested_and_bounded(y in counts(), horizon in 1usize..4) {
        let f = forecast(&y, horizon, &Config::default());
        let largest = y.iter().copied().fold(0.0, f64::max);
        for p in &f.predictions {
            prop_assert!(0.0 <= p.lo95, "{p:?}");
            prop_assert!(p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95, "{p:?}");
            prop_assert!(p.hi95 <= (10.0 * largest).max(p.mean), "{p:?} over ten times {largest}");
        }
    }

    /// A series of days with a weekly pattern: its season, seven, is odd,
    /// and its seasonal indices are taken all the same.
    #[test]
    fn a_series_of_days_with_a_weekly_pattern_is_forecast_and_scanned(
        week in prop::collection::vec(0.0..100.0f64, 7),
        days in 21usize..80,
    ) {
        let values: Vec<f64> = (0..days).map(|t| week[t % 7].round()).collect();
        let f = forecast(&values, 3, &Config { season: 7, ..Config::default() });
        prop_assert_eq!(f.predictions.len(), 3);
        let series = Series {
            key: "PAN/DAYLOC/AFG/irregular_entries".parse::<SeriesKey>().unwrap(),
            start: "2026-09-01".parse().unwrap(),
            values,
        };
        let last = series.period(series.values.len() - 1);
        for a in scan(&[series], last, &seasonal(7)) {
            prop_assert!(a.lo95 <= a.expected && a.expected <= a.hi95, "{a:?}");
        }
    }

    /// On series of months, weeks or days (whose season, seven, is odd).
    #[test]
    fn every_alert_lies_within_its_own_band(
        values in prop::collection::vec(counts(), 1..6),
        start in prop_oneof![Just("2018-01"), Just("2018-W01"), Just("2018-01-01")],
    ) {
        let nats = ["VEN", "HTI", "ECU", "COL", "CUB", "CHN"];
        let start: Period = start.parse().unwrap();
        let series: Vec<Series> = values
            .into_iter()
            .zip(nats)
            .map(|(v, n)| Series {
                key: format!("PAN/ALL/{n}/irregular_entries").parse::<SeriesKey>().unwrap(),
                start,
                values: v,
            })
            .collect();
        let last = series.iter().map(|s| s.period(s.values.len() - 1)).max().unwrap();
        for a in scan(&series, last, &seasonal(start.frequency().seasonal_period())) {
            prop_assert!(a.lo95 <= a.expected && a.expected <= a.hi95, "{a:?}");
            // A movement's size is people it added, never a shortfall,
            // and never more than it counted.
            if a.kind != AlertKind::DataQuality {
                prop_assert!(a.excess >= 0.0 && a.excess <= a.observed, "{a:?}");
            }
        }
    }

    /// A surge's level says what its band says: a warning that rests on
    /// the forecast is above the 95% band it shows, and one inside that
    /// band rests on growth over a year before, which its explanation
    /// then gives (so no warning reads "expected … 95% range up to" a
    /// figure above what was counted).
    #[test]
    fn a_warning_inside_its_own_band_rests_on_growth_over_last_year(y in counts()) {
        let series = Series {
            key: "USA/ALL/VEN/encounters".parse::<SeriesKey>().unwrap(),
            start: "2015-01".parse().unwrap(),
            values: y.clone(),
        };
        let config = DetectConfig::default();
        if let Some(a) = surge(&series, &config) {
            if a.level >= Level::Warning && a.observed <= a.hi95 {
                let n = y.len();
                let year = config.forecast.season;
                let growth = (0..config.persistence_months).all(|k| {
                    n > year + k && {
                        let (now, before) = (y[n - 1 - k], y[n - 1 - k - year]);
                        now >= config.growth_warning_ratio * before.max(1.0)
                            && now - before >= config.min_excess
                    }
                });
                prop_assert!(growth, "{a:?}");
                prop_assert!(a.explanation.en.contains("a year before"), "{a:?}");
            }
        }
    }

    /// A surge's text names the months running it counts, whether they
    /// are months above the band or of growth over a year before.
    #[test]
    fn a_surge_names_the_months_it_counts(y in counts()) {
        let series = Series {
            key: "USA/ALL/VEN/encounters".parse::<SeriesKey>().unwrap(),
            start: "2015-01".parse().unwrap(),
            values: y,
        };
        if let Some(a) = surge(&series, &DetectConfig::default()) {
            if a.months > 1 {
                prop_assert!(
                    a.explanation.en.contains(&format!("; {} months running", a.months)),
                    "{a:?}"
                );
            }
        }
    }

    /// The probability detection reads agrees with the band shown, on
    /// either side of its 95% upper bound.
    #[test]
    fn above_the_95_band_is_what_under_2_5_percent_means(y in counts(), k in 0.0..3.0f64) {
        let f = forecast(&y, 1, &Config::default());
        let hi95 = f.predictions[0].hi95;
        let x = (hi95 * k).round();
        let p = f.prob_at_least(1, x);
        prop_assert_eq!(x > hi95, p < 0.025, "{} against {:?}: {}", x, f.predictions[0], p);
    }
}

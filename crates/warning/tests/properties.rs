//! Invariants of forecasts and alerts on arbitrary series.

use corredor_model::{Period, SeriesKey};
use corredor_warning::backtest::scan;
use corredor_warning::{forecast, Config, DetectConfig, Series};
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

    #[test]
    fn every_alert_lies_within_its_own_band(
        values in prop::collection::vec(counts(), 1..6),
    ) {
        let nats = ["VEN", "HTI", "ECU", "COL", "CUB", "CHN"];
        let start: Period = "2018-01".parse().unwrap();
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
        for a in scan(&series, last, &DetectConfig::default()) {
            prop_assert!(a.lo95 <= a.expected && a.expected <= a.hi95, "{a:?}");
        }
    }
}

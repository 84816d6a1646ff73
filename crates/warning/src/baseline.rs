//! The classic surveillance detectors Corredor's record is compared with,
//! run by the backtest on the same series and months.
//!
//! - CDC's Early Aberration Reporting System (Hutwagner, Thompson, Seeman &
//!   Treadwell 2003, "The bioterrorism preparedness and response Early
//!   Aberration Reporting System (EARS)", J. Urban Health 80(2) suppl. 1):
//!   C1 compares a value with the mean and standard deviation of the seven
//!   periods before it; C2 does the same with a two-period gap; C3 sums the
//!   positive parts of the last three C2 statistics above one. Thresholds:
//!   3 for C1 and C2, 2 for C3. Built for daily counts, applied here to
//!   months as surveillance systems apply them to weeks.
//! - A seasonal-naive band: the value is above last year's value for the
//!   same month plus 1.96 standard deviations of the series' year-on-year
//!   changes.
//!
//! Each needs the same minimum excess over its own expectation as
//! Corredor's surge rule, so that none wins by alarming on tiny series.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Detector {
    EarsC1,
    EarsC2,
    EarsC3,
    SeasonalNaiveBand,
}

impl Detector {
    pub const ALL: [Detector; 4] = [
        Detector::EarsC1,
        Detector::EarsC2,
        Detector::EarsC3,
        Detector::SeasonalNaiveBand,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Detector::EarsC1 => "ears_c1",
            Detector::EarsC2 => "ears_c2",
            Detector::EarsC3 => "ears_c3",
            Detector::SeasonalNaiveBand => "seasonal_naive_band",
        }
    }
}

const EARS_BASELINE: usize = 7;
const EARS_THRESHOLD: f64 = 3.0;
const C3_THRESHOLD: f64 = 2.0;
const BAND_Z: f64 = 1.96;
/// A baseline with no variation would make any change infinite.
const MIN_SD: f64 = 1.0;

fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt().max(MIN_SD))
}

/// C1 or C2 statistic at `t` (gap 0 or 2), with its expectation.
fn ears(y: &[f64], t: usize, gap: usize) -> Option<(f64, f64)> {
    let end = t.checked_sub(gap)?;
    let start = end.checked_sub(EARS_BASELINE)?;
    let (mean, sd) = mean_sd(&y[start..end]);
    Some(((y[t] - mean) / sd, mean))
}

impl Detector {
    /// The threshold its authors set: 3 for C1 and C2, 2 for C3, 1.96 for
    /// the band.
    pub fn threshold(self) -> f64 {
        match self {
            Detector::EarsC1 | Detector::EarsC2 => EARS_THRESHOLD,
            Detector::EarsC3 => C3_THRESHOLD,
            Detector::SeasonalNaiveBand => BAND_Z,
        }
    }
}

/// Whether `detector` alarms at the last value of `y`, needing `min_excess`
/// people above its expectation.
pub fn alarms(detector: Detector, y: &[f64], min_excess: f64) -> bool {
    statistic(detector, y, min_excess).is_some_and(|s| s > detector.threshold())
}

/// The detector's statistic at the last value of `y`, when the value is at
/// least `min_excess` above its expectation (`None` otherwise, or when the
/// series is too short): what its threshold is compared with.
pub fn statistic(detector: Detector, y: &[f64], min_excess: f64) -> Option<f64> {
    let t = y.len().checked_sub(1)?;
    let (stat, expected) = match detector {
        Detector::EarsC1 => ears(y, t, 0)?,
        Detector::EarsC2 => ears(y, t, 2)?,
        Detector::EarsC3 => {
            let mut sum = 0.0;
            let mut expected = 0.0;
            for k in 0..3 {
                let (s, e) = t.checked_sub(k).and_then(|u| ears(y, u, 2))?;
                sum += (s - 1.0).max(0.0);
                if k == 0 {
                    expected = e;
                }
            }
            (sum, expected)
        }
        Detector::SeasonalNaiveBand => {
            const M: usize = 12;
            if t < 2 * M {
                return None;
            }
            let diffs: Vec<f64> = (M..t).map(|u| y[u] - y[u - M]).collect();
            let (_, sd) = mean_sd(&diffs);
            let expected = y[t - M];
            ((y[t] - expected) / sd, expected)
        }
    };
    (y[t] - expected >= min_excess).then_some(stat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_detector_alarms_on_a_jump_and_not_on_a_flat_series() {
        let mut flat: Vec<f64> = (0..40).map(|t| 1000.0 + (t % 3) as f64 * 10.0).collect();
        for d in Detector::ALL {
            assert!(!alarms(d, &flat, 100.0), "{d:?} on flat");
        }
        let base = flat.len();
        flat.extend([3000.0, 3500.0, 4000.0]);
        for d in Detector::ALL {
            let fired = (base + 1..=flat.len()).any(|end| alarms(d, &flat[..end], 100.0));
            assert!(fired, "{d:?} on a jump");
        }
    }

    #[test]
    fn ears_statistics_are_those_of_the_method_and_alarm_above_the_threshold() {
        // C1: seven months of mean 10 and standard deviation 2 before.
        let mut y = vec![8.0, 12.0, 8.0, 12.0, 8.0, 12.0, 10.0, 16.0];
        assert_eq!(statistic(Detector::EarsC1, &y, 0.0), Some(3.0));
        assert!(!alarms(Detector::EarsC1, &y, 0.0), "at the threshold");
        assert_eq!(statistic(Detector::EarsC1, &y, 7.0), None, "6 people above");
        assert_eq!(
            statistic(Detector::EarsC1, &y[..7], 0.0),
            None,
            "no baseline"
        );
        y[7] = 17.0;
        assert_eq!(statistic(Detector::EarsC1, &y, 0.0), Some(3.5));
        assert!(alarms(Detector::EarsC1, &y, 0.0));
        // C2 leaves two months out between the baseline and the month.
        let y = [8.0, 12.0, 8.0, 12.0, 8.0, 12.0, 10.0, 500.0, 500.0, 16.0];
        assert_eq!(statistic(Detector::EarsC2, &y, 0.0), Some(3.0));
        // C3 adds the last three C2 statistics' parts above one: 1 + 0 + 1
        // on a flat baseline (its deviation held at one person).
        let mut y = vec![10.0; 9];
        y.extend([12.0, 11.0, 12.0]);
        assert_eq!(statistic(Detector::EarsC3, &y, 0.0), Some(2.0));
        assert!(!alarms(Detector::EarsC3, &y, 0.0));
        // Its expectation is the current month's baseline (10), not the
        // earlier ones' (50/7 and 60/7): 2 people above it; the earlier
        // months' parts fall below one.
        let y = [
            0.0, 0.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 12.0, 11.0, 12.0,
        ];
        assert_eq!(statistic(Detector::EarsC3, &y, 2.0), Some(1.0));
        assert_eq!(statistic(Detector::EarsC3, &y, 2.5), None);
    }

    #[test]
    fn the_seasonal_naive_band_scales_the_change_over_a_year_by_its_spread() {
        // A year at 100, a year whose changes over the year alternate ±10,
        // then 50 above the same month a year before.
        let mut y = vec![100.0; 12];
        y.extend((0..12).map(|k| if k % 2 == 0 { 110.0 } else { 90.0 }));
        let mut short = y.clone();
        short[23] = 500.0;
        y.push(y[12] + 50.0);
        let sd = (12.0 * 100.0 / 11.0f64).sqrt();
        let z = statistic(Detector::SeasonalNaiveBand, &y, 0.0).expect("two years");
        assert!((z - 50.0 / sd).abs() < 1e-12, "{z}");
        assert!(alarms(Detector::SeasonalNaiveBand, &y, 0.0));
        assert_eq!(statistic(Detector::SeasonalNaiveBand, &y, 50.0), Some(z));
        assert_eq!(statistic(Detector::SeasonalNaiveBand, &y, 50.5), None);
        // Two years are needed before the month judged: the second year's
        // last month, however far above, has only one before it.
        assert_eq!(statistic(Detector::SeasonalNaiveBand, &short, 0.0), None);
        assert_eq!(
            Detector::ALL.map(Detector::name),
            ["ears_c1", "ears_c2", "ears_c3", "seasonal_naive_band"]
        );
    }
}

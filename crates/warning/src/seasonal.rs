//! Seasonality: whether a series has it, and its additive indices on the
//! log scale (classical decomposition with a centred moving average).
//!
//! The test is the one the Theta method and `forecast::thetaf` use
//! (Assimakopoulos & Nikolopoulos 2000; Hyndman & Athanasopoulos, FPP): the
//! autocorrelation at the seasonal lag against its standard error under
//! Bartlett's formula, one-sided at 90%.

/// z of a one-sided 90% test.
const SEASONALITY_Z: f64 = 1.645;

fn acf(x: &[f64], lag: usize) -> f64 {
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let var: f64 = x.iter().map(|v| (v - mean) * (v - mean)).sum();
    if var == 0.0 || lag >= n {
        return 0.0;
    }
    let cov: f64 = (lag..n).map(|t| (x[t] - mean) * (x[t - lag] - mean)).sum();
    cov / var
}

/// Whether `x` is seasonal with period `m` (needs three full cycles).
pub fn is_seasonal(x: &[f64], m: usize) -> bool {
    if m < 2 || x.len() < 3 * m {
        return false;
    }
    let r: Vec<f64> = (1..=m).map(|k| acf(x, k)).collect();
    let se = ((1.0 + 2.0 * r[..m - 1].iter().map(|v| v * v).sum::<f64>()) / x.len() as f64).sqrt();
    r[m - 1] / se > SEASONALITY_Z
}

/// Additive seasonal indices of `x` for positions `t % m` (summing to 0),
/// from the deviations of `x` from its centred moving average: of order
/// 2×m for an even `m` (a year of months or weeks), of order `m` for an
/// odd one (a week of days).
pub fn indices(x: &[f64], m: usize) -> Vec<f64> {
    let n = x.len();
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    let half = m / 2;
    for t in half..n.saturating_sub(half) {
        let trend = if m.is_multiple_of(2) {
            // Even order: m + 1 terms, half weights at the ends.
            let mut trend = 0.0;
            for k in 0..=m {
                let w = if k == 0 || k == m { 0.5 } else { 1.0 };
                trend += w * x[t + k - half];
            }
            trend / m as f64
        } else {
            x[t - half..=t + half].iter().sum::<f64>() / m as f64
        };
        sums[t % m] += x[t] - trend;
        counts[t % m] += 1;
    }
    let mut idx: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 })
        .collect();
    let mean = idx.iter().sum::<f64>() / m as f64;
    idx.iter_mut().for_each(|v| *v -= mean);
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seasonal_series(n: usize) -> Vec<f64> {
        (0..n)
            .map(|t| {
                5.0 + 0.8 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin() + 0.01 * t as f64
            })
            .collect()
    }

    #[test]
    fn a_sine_year_is_seasonal_and_its_indices_recover_it() {
        let x = seasonal_series(72);
        assert!(is_seasonal(&x, 12));
        let idx = indices(&x, 12);
        assert!((idx[3] - 0.8).abs() < 0.05, "{idx:?}");
        assert!(idx.iter().sum::<f64>().abs() < 1e-9);
    }

    #[test]
    fn a_week_of_days_has_its_indices_from_a_moving_average_of_seven() {
        let week = [10.0, 12.0, 11.0, 13.0, 10.0, 40.0, 41.0];
        let x: Vec<f64> = (0..22).map(|t| week[t % 7]).collect();
        let idx = indices(&x, 7);
        let mean = week.iter().sum::<f64>() / 7.0;
        for (i, w) in week.iter().enumerate() {
            assert!((idx[i] - (w - mean)).abs() < 1e-9, "{idx:?}");
        }
    }

    #[test]
    fn a_trend_alone_is_not_seasonal() {
        let x: Vec<f64> = (0..72).map(|t| t as f64).collect();
        assert!(!is_seasonal(&x, 12));
        assert!(!is_seasonal(&seasonal_series(30), 12), "too short to tell");
    }
}

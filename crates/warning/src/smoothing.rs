//! Exponential smoothing on a transformed, deseasonalised series: simple
//! (SES), damped additive trend, and the Theta method.
//!
//! Written here rather than taken from `augurs-ets` because the early
//! warning fits these models tens of thousands of times per backtest: a
//! closed-form recursion with a coarse-then-fine grid over the smoothing
//! parameters is fast, deterministic and free of optimiser failures, and
//! seasonality is handled outside (see `seasonal`). The models follow
//! Hyndman, Koehler, Ord & Snyder, *Forecasting with Exponential Smoothing*
//! (2008): SES and the damped trend of Gardner & McKenzie (1985) are ETS(A,N,N)
//! and ETS(A,Ad,N) with their one-step sum of squared errors minimised; Theta
//! is SES with drift equal to half the slope of the linear trend
//! (Hyndman & Billah, 2003, "Unmasking the Theta method").

/// A fitted smoother that can be run over a series, producing forecasts
/// at chosen origins from the states it filtered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Smoother {
    Ses { alpha: f64 },
    Damped { alpha: f64, beta: f64, phi: f64 },
    Theta { alpha: f64, drift: f64 },
}

/// Grid for the smoothing parameters, coarse then refined around the best.
const ALPHA_GRID: [f64; 10] = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.85, 1.0];
const BETA_GRID: [f64; 4] = [0.01, 0.05, 0.15, 0.3];
const PHI_GRID: [f64; 4] = [0.8, 0.9, 0.95, 0.98];
const REFINE_STEP: f64 = 0.025;

/// Level and trend after filtering `z`, and the one-step SSE.
fn filter_damped(z: &[f64], alpha: f64, beta: f64, phi: f64) -> (f64, f64, f64) {
    let mut level = z[0];
    let mut trend = if z.len() > 1 { z[1] - z[0] } else { 0.0 };
    let mut sse = 0.0;
    for &v in &z[1..] {
        let forecast = level + phi * trend;
        let e = v - forecast;
        sse += e * e;
        let new_level = forecast + alpha * e;
        trend = phi * trend + alpha * beta * e;
        level = new_level;
    }
    (level, trend, sse)
}

fn filter_ses(z: &[f64], alpha: f64) -> (f64, f64) {
    let mut level = z[0];
    let mut sse = 0.0;
    for &v in &z[1..] {
        let e = v - level;
        sse += e * e;
        level += alpha * e;
    }
    (level, sse)
}

fn best_alpha(z: &[f64]) -> f64 {
    let sse = |a: f64| filter_ses(z, a).1;
    let coarse = ALPHA_GRID
        .iter()
        .copied()
        .min_by(|a, b| sse(*a).total_cmp(&sse(*b)))
        .expect("non-empty grid");
    (-2..=2)
        .map(|k| (coarse + k as f64 * REFINE_STEP).clamp(0.01, 1.0))
        .min_by(|a, b| sse(*a).total_cmp(&sse(*b)))
        .expect("non-empty")
}

/// Ordinary least squares slope of `z` against time.
fn slope(z: &[f64]) -> f64 {
    let n = z.len() as f64;
    if z.len() < 2 {
        return 0.0;
    }
    let mean_t = (n - 1.0) / 2.0;
    let mean_z = z.iter().sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (t, &v) in z.iter().enumerate() {
        let dt = t as f64 - mean_t;
        num += dt * (v - mean_z);
        den += dt * dt;
    }
    if den == 0.0 {
        0.0
    } else {
        num / den
    }
}

impl Smoother {
    pub fn fit_ses(z: &[f64]) -> Smoother {
        Smoother::Ses {
            alpha: best_alpha(z),
        }
    }

    pub fn fit_theta(z: &[f64]) -> Smoother {
        Smoother::Theta {
            alpha: best_alpha(z),
            drift: slope(z) / 2.0,
        }
    }

    pub fn fit_damped(z: &[f64]) -> Smoother {
        let mut best = (f64::INFINITY, 0.5, 0.05, 0.9);
        for &a in &ALPHA_GRID {
            for &b in &BETA_GRID {
                for &p in &PHI_GRID {
                    let sse = filter_damped(z, a, b, p).2;
                    if sse < best.0 {
                        best = (sse, a, b, p);
                    }
                }
            }
        }
        let (_, a0, b, p) = best;
        let alpha = (-2..=2)
            .map(|k| (a0 + k as f64 * REFINE_STEP).clamp(0.01, 1.0))
            .min_by(|x, y| {
                filter_damped(z, *x, b, p)
                    .2
                    .total_cmp(&filter_damped(z, *y, b, p).2)
            })
            .expect("non-empty");
        Smoother::Damped {
            alpha,
            beta: b,
            phi: p,
        }
    }

    /// Runs the smoother over `z`; after consuming `z[..t]` for each `t` in
    /// `origins` (1 ≤ t ≤ len), calls `out(t, forecasts)` with forecasts for
    /// the next `h` values. Parameters stay fixed; states follow the data.
    pub fn run(
        &self,
        z: &[f64],
        origins: std::ops::Range<usize>,
        h: usize,
        out: &mut dyn FnMut(usize, &[f64]),
    ) {
        let mut buf = vec![0.0; h];
        match *self {
            Smoother::Ses { alpha } | Smoother::Theta { alpha, .. } => {
                let drift = match *self {
                    Smoother::Theta { drift, .. } => drift,
                    _ => 0.0,
                };
                let mut level = z[0];
                for t in 1..=z.len() {
                    if origins.contains(&t) {
                        for (i, f) in buf.iter_mut().enumerate() {
                            // Theta's forecast: the SES level plus half the
                            // trend slope, phased in as in Hyndman & Billah.
                            let k = (i + 1) as f64;
                            let phase = if drift == 0.0 {
                                0.0
                            } else {
                                k - 1.0 + 1.0 / alpha - (1.0 - alpha).powi(t as i32) / alpha
                            };
                            *f = level + drift * phase;
                        }
                        out(t, &buf);
                    }
                    if t < z.len() {
                        level += alpha * (z[t] - level);
                    }
                }
            }
            Smoother::Damped { alpha, beta, phi } => {
                let mut level = z[0];
                let mut trend = if z.len() > 1 { z[1] - z[0] } else { 0.0 };
                for t in 1..=z.len() {
                    if origins.contains(&t) {
                        let mut damp = 0.0;
                        let mut p = 1.0;
                        for f in buf.iter_mut() {
                            p *= phi;
                            damp += p;
                            *f = level + damp * trend;
                        }
                        out(t, &buf);
                    }
                    if t < z.len() {
                        let forecast = level + phi * trend;
                        let e = z[t] - forecast;
                        level = forecast + alpha * e;
                        trend = phi * trend + alpha * beta * e;
                    }
                }
            }
        }
    }

    /// Forecasts the `h` values after all of `z`.
    pub fn forecast(&self, z: &[f64], h: usize) -> Vec<f64> {
        let mut result = Vec::new();
        self.run(z, z.len()..z.len() + 1, h, &mut |_, f| result = f.to_vec());
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ses_on_a_constant_series_forecasts_the_constant() {
        let z = vec![3.0; 30];
        let s = Smoother::fit_ses(&z);
        assert!(s.forecast(&z, 3).iter().all(|f| (f - 3.0).abs() < 1e-9));
    }

    #[test]
    fn damped_trend_follows_a_line_and_flattens() {
        let z: Vec<f64> = (0..40).map(|t| 1.0 + 0.1 * t as f64).collect();
        let s = Smoother::fit_damped(&z);
        let f = s.forecast(&z, 6);
        assert!(f[0] > 4.9 && f[0] < 5.1, "{f:?}");
        assert!(f[5] > f[0]);
        assert!(f[5] - f[4] <= f[1] - f[0] + 1e-9);
    }

    #[test]
    fn theta_drifts_with_the_trend() {
        let z: Vec<f64> = (0..40).map(|t| 2.0 + 0.05 * t as f64).collect();
        let s = Smoother::fit_theta(&z);
        let f = s.forecast(&z, 3);
        assert!(f[2] > f[0]);
    }

    #[test]
    fn run_reports_each_origin_once() {
        let z: Vec<f64> = (0..20).map(|t| (t % 5) as f64).collect();
        let mut seen = Vec::new();
        Smoother::fit_ses(&z).run(&z, 15..21, 2, &mut |t, f| {
            assert_eq!(f.len(), 2);
            seen.push(t);
        });
        assert_eq!(seen, (15..=20).collect::<Vec<_>>());
    }
}

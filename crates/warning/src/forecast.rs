//! Forecasts with 80% and 95% prediction intervals for counts of people.
//!
//! Every series gets the same treatment, in the manner of `statsforecast`:
//!
//! 1. Counts are modelled on the log scale, `x = ln(1 + y)`: movements grow
//!    and shrink multiplicatively, and intervals back-transformed from it are
//!    never negative. Zeros are fine.
//! 2. If the series is seasonal (see [`crate::seasonal`]), additive indices
//!    on that scale are removed before smoothing and put back after.
//! 3. Candidates: naive, seasonal naive, SES, damped trend, Theta, and the
//!    combination of naive and Theta (a weighted mean on the log scale;
//!    combinations won the M4 competition, and on migration series, where
//!    levels shift abruptly, the naive part reacts while Theta's part
//!    carries season and trend). The combination's weight starts at equal
//!    and moves towards the weight that did best on the series' own last
//!    two years of out-of-sample forecasts. Each is fitted on the series
//!    minus its last `error_origins` months, then run through them; its
//!    forecasts from those origins are out of sample.
//! 4. The combination is the default; another candidate replaces it only
//!    if its scaled error over the last `selection_origins` origins is below
//!    `override_ratio` of the combination's. The model is refitted on
//!    everything, and its out-of-sample errors per horizon (those from
//!    origins after the series' last zero) give the interval widths, on
//!    the log or the square-root scale (see [`crate::bands`]).
//! 5. A Poisson floor keeps intervals for small counts honest: they are never
//!    narrower than counting noise alone would make them.
//!
//! The point forecast (`mean` in the outputs) is the median of the
//! predictive distribution, the best point for absolute-error measures. For
//! a series published rounded to tens (OHSS), it is the median of the
//! figure as published: rounded to the nearest 10.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, DiscreteCDF, Normal, Poisson};

pub use crate::bands::Prediction;
use crate::bands::{snap, BandScale, Bands, CEILING, MIN_LOG_SD};
use crate::seasonal;
use crate::smoothing::Smoother;

/// Settings of the forecaster, with the values used unless told otherwise.
#[derive(Debug, Clone)]
pub struct Config {
    /// Periods per seasonal cycle (12 for months, 52 for weeks).
    pub season: usize,
    /// Months at the end of the training data whose out-of-sample errors
    /// set the interval widths.
    pub error_origins: usize,
    /// The most recent of those on which the model is chosen.
    pub selection_origins: usize,
    /// Horizons scored when choosing (1..=this).
    pub selection_horizon: usize,
    /// Another model replaces the default combination only if its error is
    /// below this fraction of the combination's.
    pub override_ratio: f64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            season: 12,
            error_origins: 24,
            selection_origins: 24,
            selection_horizon: 3,
            override_ratio: 0.5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    Naive,
    SeasonalNaive,
    Ses,
    Damped,
    Theta,
    Combination,
}

impl ModelKind {
    pub const ALL: [ModelKind; 6] = [
        ModelKind::Naive,
        ModelKind::SeasonalNaive,
        ModelKind::Ses,
        ModelKind::Damped,
        ModelKind::Theta,
        ModelKind::Combination,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ModelKind::Naive => "naive",
            ModelKind::SeasonalNaive => "seasonal_naive",
            ModelKind::Ses => "ses",
            ModelKind::Damped => "damped_trend",
            ModelKind::Theta => "theta",
            ModelKind::Combination => "combination",
        }
    }
}

/// A series' forecast: the model chosen, why, and the next periods.
#[derive(Debug, Clone, PartialEq)]
pub struct SeriesForecast {
    pub model: ModelKind,
    pub seasonal: bool,
    pub reason: String,
    pub predictions: Vec<Prediction>,
    /// Centre of the predictive distribution on the log scale, per horizon.
    pub log_centre: Vec<f64>,
    /// The scale each horizon's band is symmetric on (see
    /// [`crate::bands`]).
    pub band_scale: Vec<BandScale>,
    /// The spread of each horizon's band on its own scale, as a standard
    /// deviation (the 95% half-width over 1.96): with the centre, what
    /// detection needs to turn an observation into a probability that
    /// agrees with the band shown.
    pub band_sd: Vec<f64>,
    /// The chosen model's out-of-sample errors on the log scale, per
    /// horizon, from origin `oos_from` on (error `j` of horizon `i` is the
    /// forecast made after `y[..oos_from + j]` for `y[oos_from + j + i]`).
    pub oos_errors: Vec<Vec<f64>>,
    pub oos_from: usize,
}

/// The probability above a 95% band's upper bound.
const TAIL95: f64 = 0.025;

impl SeriesForecast {
    /// Probability that the value at horizon `h` (1-based) is at least `y`,
    /// under the forecast distribution: normal on the scale the band is
    /// drawn on around the unrounded median, never narrower than 2% on the
    /// log scale nor than the Poisson noise of that median, as the band is
    /// built. The band shown has the last word where it was then bounded
    /// or rounded (the ceiling, the unit of publication, a corridor-informed
    /// shift): a value above its 95% upper bound is in the band's 2.5%
    /// tail, and one inside it is not. So "above the 95% band" and "a
    /// probability under 2.5%" are one statement whichever scale the band
    /// is on.
    pub fn prob_at_least(&self, h: usize, y: f64) -> f64 {
        let i = h - 1;
        let centre = self.log_centre[i];
        let median = centre.exp_m1().max(0.0);
        let scale = self.band_scale[i];
        let tail = |z: f64| 1.0 - Normal::standard().cdf(z);
        let p_band = tail((scale.to(y) - scale.to(median)) / self.band_sd[i].max(1e-9));
        // The band's floor is around the median, which is never below zero.
        let p_floor = tail(((1.0 + y.max(0.0)).ln() - centre.max(0.0)) / MIN_LOG_SD);
        let p_count = if y <= 0.0 {
            1.0
        } else {
            // P(Y ≥ y) for a count is P(Y ≥ ⌈y⌉).
            Poisson::new(median.max(1e-9))
                .map_or(0.0, |p| 1.0 - p.cdf((y.ceil() as u64).saturating_sub(1)))
        };
        let p = p_band.max(p_floor).max(p_count);
        if y > self.predictions[i].hi95 {
            p.min(TAIL95 * (1.0 - 1e-9))
        } else {
            p.max(TAIL95)
        }
    }
}

/// Weight of the naive forecast in the combination (the rest is Theta's),
/// on the log scale, before a series' own past moves it (see
/// [`OWN_WEIGHT_SHARE`]). Chosen on US Border Patrol origins 2004–2011 (0.5
/// of 0.5–0.8 gave the lowest MASE there), before the period the benchmarks
/// report, 2012 onwards.
const NAIVE_WEIGHT: f64 = 0.5;

/// How far a series' own best naive weight moves it from [`NAIVE_WEIGHT`]
/// (see `own_naive_weight`). Chosen on US Border Patrol origins 2004–2011
/// together with the window (the 24 selection origins, pooled horizons
/// 1–3, rather than 12 origins or a weight per horizon): of 0.25, 0.5, 0.75
/// and 1, 0.75 gave the lowest MASE at horizon 1 there.
const OWN_WEIGHT_SHARE: f64 = 0.75;

/// The shortest history a smoothing model is fitted on.
const MIN_FIT: usize = 8;

/// Point forecasts on the log scale of one candidate from the state after
/// `x[..t]`, for horizons 1..=h.
struct Candidate {
    kind: ModelKind,
    /// The smoother of the smoothing models and the combination.
    smoother: Option<Smoother>,
    /// The combination's naive weight.
    naive_weight: f64,
}

/// The unit a series is published in, from its own past: 10 when every
/// value so far is a multiple of 10 and at least [`MIN_ROUNDED_NONZERO`]
/// are not zero (OHSS rounds every figure to the nearest 10, and cells
/// under 5 become 0), else 0 (counts as they are).
pub(crate) fn reporting_unit(y: &[f64]) -> f64 {
    let nonzero = y.iter().filter(|v| **v != 0.0).count();
    if nonzero >= MIN_ROUNDED_NONZERO && y.iter().all(|v| (v / 10.0).fract() == 0.0) {
        10.0
    } else {
        0.0
    }
}

/// Non-zero values needed before a series counts as published in tens.
const MIN_ROUNDED_NONZERO: usize = 6;

/// Context shared by the candidates of one series.
struct Prepared<'a> {
    x: &'a [f64],
    z: Vec<f64>,
    index: Vec<f64>,
    m: usize,
}

impl Prepared<'_> {
    fn season_at(&self, t: usize) -> f64 {
        if self.index.is_empty() {
            0.0
        } else {
            self.index[t % self.m]
        }
    }

    /// Log-scale forecasts of `kind` from origins `origins` (after `x[..t]`),
    /// horizons 1..=h, via `out(t, forecasts)`.
    fn run(
        &self,
        c: &Candidate,
        origins: std::ops::Range<usize>,
        h: usize,
        out: &mut dyn FnMut(usize, &[f64]),
    ) {
        let x = self.x;
        let m = self.m;
        match c.kind {
            ModelKind::Naive => {
                for t in origins.filter(|&t| t >= 1 && t <= x.len()) {
                    out(t, &vec![x[t - 1]; h]);
                }
            }
            ModelKind::SeasonalNaive => {
                for t in origins.filter(|&t| t >= 1 && t <= x.len()) {
                    let f: Vec<f64> = (0..h)
                        .map(|i| {
                            let target = t + i;
                            if t >= m {
                                // The same month of the last observed year.
                                let back = m * (i / m + 1);
                                x[target - back]
                            } else {
                                x[t - 1]
                            }
                        })
                        .collect();
                    out(t, &f);
                }
            }
            _ => {
                let smoother = c.smoother.expect("smoothing models have a smoother");
                smoother.run(&self.z, origins, h, &mut |t, f| {
                    let f: Vec<f64> = f
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let v = v + self.season_at(t + i);
                            if c.kind == ModelKind::Combination {
                                (1.0 - c.naive_weight) * v + c.naive_weight * x[t - 1]
                            } else {
                                v
                            }
                        })
                        .collect();
                    out(t, &f);
                });
            }
        }
    }
}

fn fit(kind: ModelKind, z: &[f64], naive_weight: f64) -> Candidate {
    let smoother = match kind {
        ModelKind::Naive | ModelKind::SeasonalNaive => None,
        ModelKind::Ses => Some(Smoother::fit_ses(z)),
        ModelKind::Damped => Some(Smoother::fit_damped(z)),
        ModelKind::Theta | ModelKind::Combination => Some(Smoother::fit_theta(z)),
    };
    Candidate {
        kind,
        smoother,
        naive_weight,
    }
}

/// The combination's naive weight for one series, from its own past: the
/// weight on the grid 0, 0.1, …, 1 whose forecasts had the lowest absolute
/// error over the last `selection_origins` of the out-of-sample origins,
/// horizons 1..=`selection_horizon` (Theta fitted before them, as for the
/// candidates), moved [`OWN_WEIGHT_SHARE`] of the way from [`NAIVE_WEIGHT`]
/// towards it. Ties go to the weight nearest [`NAIVE_WEIGHT`].
fn own_naive_weight(prep: &Prepared, y: &[f64], fit_end: usize, config: &Config, unit: f64) -> f64 {
    let x = prep.x;
    let n = x.len();
    let theta = fit(ModelKind::Theta, &prep.z[..fit_end], NAIVE_WEIGHT);
    let grid: Vec<f64> = (0..=10).map(|k| k as f64 / 10.0).collect();
    let mut err = vec![0.0; grid.len()];
    let from = n.saturating_sub(config.selection_origins);
    prep.run(
        &theta,
        fit_end.max(from)..n,
        config.selection_horizon,
        &mut |t, f| {
            for (i, fx) in f.iter().enumerate() {
                let target = t + i;
                if target >= n {
                    break;
                }
                for (e, w) in err.iter_mut().zip(&grid) {
                    let c = w * x[t - 1] + (1.0 - w) * fx;
                    *e += (y[target] - snap(c.exp_m1().max(0.0), unit)).abs();
                }
            }
        },
    );
    let mut best = (f64::INFINITY, NAIVE_WEIGHT);
    for (e, &w) in err.iter().zip(&grid) {
        let nearer = (w - NAIVE_WEIGHT).abs() < (best.1 - NAIVE_WEIGHT).abs();
        if *e < best.0 - 1e-9 || ((*e - best.0).abs() <= 1e-9 && nearer) {
            best = (*e, w);
        }
    }
    NAIVE_WEIGHT + OWN_WEIGHT_SHARE * (best.1 - NAIVE_WEIGHT)
}

/// The mean absolute error of the seasonal naive method in sample: the
/// scale of MASE (Hyndman & Koehler 2006, as in the M4 competition). Falls
/// back to the naive error when the series is shorter than a season, and
/// to 1 when the series never changes.
pub fn mase_scale(y: &[f64], m: usize) -> f64 {
    let lag = if y.len() > m { m } else { 1 };
    if y.len() <= lag {
        return 1.0;
    }
    let s: f64 = (lag..y.len())
        .map(|t| (y[t] - y[t - lag]).abs())
        .sum::<f64>()
        / (y.len() - lag) as f64;
    if s > 0.0 {
        s
    } else {
        1.0
    }
}

/// Forecasts the `horizon` periods after `y` (counts, oldest first).
pub fn forecast(y: &[f64], horizon: usize, config: &Config) -> SeriesForecast {
    forecast_with(y, horizon, config, None)
}

/// The same, with the model imposed (for baselines in backtests).
pub fn forecast_with(
    y: &[f64],
    horizon: usize,
    config: &Config,
    only: Option<ModelKind>,
) -> SeriesForecast {
    assert!(!y.is_empty(), "a forecast needs at least one observation");
    let m = config.season.max(1);
    let n = y.len();
    let x: Vec<f64> = y.iter().map(|v| v.max(0.0).ln_1p()).collect();
    let seasonal = seasonal::is_seasonal(&x, m);
    let index = if seasonal {
        seasonal::indices(&x, m)
    } else {
        Vec::new()
    };
    let z: Vec<f64> = x
        .iter()
        .enumerate()
        .map(|(t, v)| v - if seasonal { index[t % m] } else { 0.0 })
        .collect();
    let prep = Prepared { x: &x, z, index, m };
    let scale = mase_scale(y, m);

    // Out-of-sample errors from the last `k` origins.
    let k = config.error_origins.min(n.saturating_sub(MIN_FIT));
    let fit_end = n - k;
    let h_err = horizon.max(config.selection_horizon);
    let candidates: Vec<ModelKind> = match only {
        Some(kind) => vec![kind],
        None if fit_end >= MIN_FIT => ModelKind::ALL.to_vec(),
        None => vec![ModelKind::Naive, ModelKind::SeasonalNaive],
    };
    struct Scored {
        kind: ModelKind,
        selection_error: f64,
        log_errors: Vec<Vec<f64>>,
    }
    // Point forecasts are medians of the count as published; imposed
    // baselines stay as they are.
    let unit = if only.is_none() {
        reporting_unit(y)
    } else {
        0.0
    };
    let weight = if fit_end >= MIN_FIT && candidates.contains(&ModelKind::Combination) {
        own_naive_weight(&prep, y, fit_end, config, unit)
    } else {
        NAIVE_WEIGHT
    };
    let mut scored = Vec::new();
    for kind in candidates {
        let c = fit(kind, &prep.z[..fit_end.max(1)], weight);
        let mut log_errors = vec![Vec::new(); h_err];
        let (mut sel_sum, mut sel_n) = (0.0, 0usize);
        let selection_from = n.saturating_sub(config.selection_origins);
        prep.run(&c, fit_end.max(1)..n, h_err, &mut |t, f| {
            for (i, fx) in f.iter().enumerate() {
                let target = t + i;
                if target >= n {
                    break;
                }
                log_errors[i].push(x[target] - fx);
                if t >= selection_from && i < config.selection_horizon {
                    sel_sum += (y[target] - snap(fx.exp_m1().max(0.0), unit)).abs() / scale;
                    sel_n += 1;
                }
            }
        });
        let selection_error = if sel_n > 0 {
            sel_sum / sel_n as f64
        } else {
            f64::INFINITY
        };
        scored.push(Scored {
            kind,
            selection_error,
            log_errors,
        });
    }
    // Lowest error wins; ties go to the simpler model (earlier in ALL).
    // The combination is the default; another model replaces it only when
    // its out-of-sample error is a fraction of the combination's: choosing
    // on a couple of years of a series' own past is noisy, and on the
    // tuning period a lighter preference chose worse than no choice at all.
    let default = scored.iter().find(|s| s.kind == ModelKind::Combination);
    let weigh = |s: &Scored| match default {
        Some(d) if s.kind != d.kind => s.selection_error / config.override_ratio,
        _ => s.selection_error,
    };
    let best = scored
        .iter()
        .min_by(|a, b| weigh(a).total_cmp(&weigh(b)).then(a.kind.cmp(&b.kind)))
        .expect("at least one candidate");
    let reason = if scored.len() == 1 {
        format!("{} imposed", best.kind.name())
    } else if best.selection_error.is_finite() {
        let others: Vec<String> = scored
            .iter()
            .filter(|s| s.kind != best.kind && s.selection_error.is_finite())
            .map(|s| format!("{} {:.2}", s.kind.name(), s.selection_error))
            .collect();
        let window = format!(
            "over the last {} origins, horizons 1–{}",
            config.selection_origins.min(k),
            config.selection_horizon
        );
        let head = match default {
            Some(d) if d.kind == best.kind => format!(
                "{} (the default: no other model's scaled error {window} was under {:.0}% of its {:.2})",
                best.kind.name(),
                config.override_ratio * 100.0,
                best.selection_error
            ),
            Some(d) => format!(
                "{}: its scaled error {window}, {:.2}, is under {:.0}% of the default combination's {:.2}",
                best.kind.name(),
                best.selection_error,
                config.override_ratio * 100.0,
                d.selection_error
            ),
            None => format!(
                "{} has the lowest scaled error {window}: {:.2}",
                best.kind.name(),
                best.selection_error
            ),
        };
        format!(
            "{head}; others: {}{}",
            others.join(", "),
            if seasonal { "; seasonal" } else { "" }
        )
    } else {
        format!(
            "{}: too short a history to compare models",
            best.kind.name()
        )
    };

    // Interval half-widths per horizon from the chosen model's
    // out-of-sample errors (see [`crate::bands`]).
    let bands = Bands::new(y, &x, &best.log_errors, fit_end.max(1), horizon);

    let final_model = fit(best.kind, &prep.z, weight);
    let mut centre = Vec::new();
    prep.run(&final_model, n..n + 1, horizon, &mut |_, f| {
        centre = f.to_vec()
    });
    let ceiling = CEILING * y.iter().copied().fold(0.0, f64::max);
    let predictions = centre
        .iter()
        .enumerate()
        .map(|(i, &c)| bands.prediction(i, c, unit, ceiling))
        .collect();
    SeriesForecast {
        model: best.kind,
        seasonal,
        reason,
        predictions,
        log_centre: centre,
        band_scale: bands.scales(),
        band_sd: bands.drawn_sd(),
        oos_errors: best.log_errors.clone(),
        oos_from: fit_end.max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seasonal_counts(n: usize, level: f64) -> Vec<f64> {
        (0..n)
            .map(|t| {
                (level * (1.0 + 0.4 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin())).round()
            })
            .collect()
    }

    #[test]
    fn intervals_are_ordered_and_never_negative() {
        for y in [
            vec![0.0; 40],
            vec![1.0, 0.0, 3.0, 0.0, 2.0, 5.0, 0.0, 1.0, 0.0, 0.0, 4.0, 2.0],
            seasonal_counts(60, 5000.0),
        ] {
            let f = forecast(&y, 6, &Config::default());
            for p in &f.predictions {
                assert!(p.lo95 >= 0.0);
                assert!(
                    p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95,
                    "{p:?}"
                );
            }
        }
    }

    #[test]
    fn small_counts_get_at_least_poisson_width() {
        let y = vec![3.0; 48];
        let f = forecast(&y, 1, &Config::default());
        let p = f.predictions[0];
        assert!(p.hi95 >= 6.0, "{p:?}");
    }

    #[test]
    fn a_clean_seasonal_series_is_forecast_with_its_season() {
        let y = seasonal_counts(96, 10_000.0);
        let f = forecast(&y, 12, &Config::default());
        assert!(f.seasonal);
        let next: Vec<f64> = (96..108)
            .map(|t| seasonal_counts(t + 1, 10_000.0)[t])
            .collect();
        for (p, actual) in f.predictions.iter().zip(next) {
            assert!((p.mean - actual).abs() / actual < 0.05, "{p:?} vs {actual}");
            assert!(p.lo95 <= actual && actual <= p.hi95);
        }
    }

    #[test]
    fn every_model_can_be_imposed() {
        let y = seasonal_counts(60, 800.0);
        for kind in ModelKind::ALL {
            let f = forecast_with(&y, 3, &Config::default(), Some(kind));
            assert_eq!(f.model, kind);
            assert_eq!(f.predictions.len(), 3);
        }
    }

    #[test]
    fn a_series_published_in_tens_is_forecast_in_tens() {
        let y: Vec<f64> = seasonal_counts(60, 40.0)
            .iter()
            .map(|v| (v / 10.0).round() * 10.0)
            .collect();
        assert_eq!(reporting_unit(&y), 10.0);
        let f = forecast(&y, 3, &Config::default());
        for p in &f.predictions {
            assert_eq!(p.mean % 10.0, 0.0, "{p:?}");
            assert!(p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95);
        }
        assert_eq!(reporting_unit(&seasonal_counts(60, 43.0)), 0.0);
        assert_eq!(reporting_unit(&[0.0, 10.0, 0.0]), 0.0, "too few to tell");
    }

    #[test]
    fn the_own_weight_leans_naive_on_a_series_that_steps() {
        // Level shifts every eight months: the last value is the best guess.
        let y: Vec<f64> = (0..72)
            .map(|t| [500.0, 4000.0, 1500.0, 9000.0][(t / 8) % 4])
            .collect();
        let x: Vec<f64> = y.iter().map(|v: &f64| v.ln_1p()).collect();
        let prep = Prepared {
            x: &x,
            z: x.clone(),
            index: Vec::new(),
            m: 12,
        };
        let w = own_naive_weight(&prep, &y, 48, &Config::default(), 0.0);
        assert!(w > NAIVE_WEIGHT && w <= 1.0, "{w}");
    }

    #[test]
    fn a_band_after_emergence_is_not_widened_by_the_emergence() {
        // Absent for two years, then a steady flow of about seventy a month.
        let mut y = vec![0.0; 24];
        y.extend([
            70.0, 61.0, 78.0, 82.0, 66.0, 74.0, 59.0, 71.0, 80.0, 64.0, 69.0, 75.0,
        ]);
        // The jump from 0 to 70 (a factor of 71) is in the errors of
        // horizons 1 to 3 from the months around it, but not in the bands.
        for p in &forecast(&y, 3, &Config::default()).predictions {
            assert!(p.mean > 50.0 && p.mean < 90.0, "{p:?}");
            assert!(p.hi95 < 2.5 * p.mean && p.lo95 > 0.4 * p.mean, "{p:?}");
        }
        // Still intermittent: every error counts.
        let flicker: Vec<f64> = (0..36)
            .map(|t| if t % 3 == 0 { 0.0 } else { 70.0 })
            .collect();
        let q = &forecast(&flicker, 1, &Config::default()).predictions[0];
        assert!(q.lo95 == 0.0, "{q:?}");
    }

    #[test]
    fn one_observation_is_enough_for_a_forecast() {
        let f = forecast(&[12.0], 3, &Config::default());
        assert_eq!(f.predictions.len(), 3);
        assert_eq!(f.model, ModelKind::Naive);
    }

    /// A deterministic stand-in for noise in [-1, 1].
    fn noise(t: usize) -> f64 {
        ((t * 7919 + 13) % 101) as f64 / 50.0 - 1.0
    }

    #[test]
    fn counting_noise_on_a_shifting_level_gets_a_band_on_the_square_root() {
        // Levels that move between a few hundred and a few thousand, with
        // errors of a few dozen whatever the level: on the log scale the
        // low months' errors would widen the high months' band.
        let y: Vec<f64> = (0..72)
            .map(|t| [300.0, 3000.0, 900.0][(t / 9) % 3] + 40.0 * noise(t))
            .collect();
        let f = forecast(&y, 1, &Config::default());
        assert_eq!(f.band_scale, vec![BandScale::Root]);
        let p = f.predictions[0];
        assert!(p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95);
        assert!(p.hi95 - p.mean < 2.0 * (p.mean - p.lo95), "{p:?}");
    }

    #[test]
    fn errors_that_grow_with_the_level_keep_the_log_scale() {
        // A flow that swings by a third either way, from tens to tens of
        // thousands: the errors are proportional to the level.
        let y: Vec<f64> = (0..72)
            .map(|t| (20.0 * 1.12f64.powi(t as i32) * (1.0 + noise(t) / 3.0)).round())
            .collect();
        let f = forecast(&y, 3, &Config::default());
        assert!(
            f.band_scale.iter().all(|s| *s == BandScale::Log),
            "{:?}",
            f.band_scale
        );
    }

    #[test]
    fn a_short_history_keeps_the_log_scale_and_its_fallback() {
        let f = forecast(&[5.0, 9.0, 7.0, 12.0], 3, &Config::default());
        assert_eq!(f.band_scale, vec![BandScale::Log; 3]);
    }

    #[test]
    fn the_probability_of_a_value_agrees_with_the_band_on_either_scale() {
        let root: Vec<f64> = (0..72)
            .map(|t| [300.0, 3000.0, 900.0][(t / 9) % 3] + 40.0 * noise(t))
            .collect();
        let log: Vec<f64> = (0..72)
            .map(|t| (20.0 * 1.12f64.powi(t as i32) * (1.0 + noise(t) / 3.0)).round())
            .collect();
        for (y, scale) in [(root, BandScale::Root), (log, BandScale::Log)] {
            let f = forecast(&y, 1, &Config::default());
            assert_eq!(f.band_scale[0], scale);
            let p = f.predictions[0];
            // Just above the 95% band: under 2.5%; just inside it: not.
            let above = f.prob_at_least(1, (p.hi95 * 1.01).ceil());
            let inside = f.prob_at_least(1, (p.hi95 * 0.99).floor());
            assert!(above < 0.025, "{scale:?}: {above} above {p:?}");
            assert!(inside >= 0.025, "{scale:?}: {inside} inside {p:?}");
        }
    }
}

//! Prediction intervals from a forecast's own out-of-sample errors.
//!
//! A band's half-widths at each horizon are empirical percentiles of the
//! absolute errors the chosen model made from the series' recent origins
//! (the 65th for the 80% band, see `CENTRAL_QUANTILE`, and the 95th);
//! errors of migration series are heavy-tailed, so a normal fitted to them
//! is too wide at 80% when right at 95%.
//!
//! **On which scale.** The errors, and the band, are measured either on the
//! log scale, `ln(1 + y)`, or on the square-root scale, `2(√(1 + y) − 1)`,
//! chosen per series and horizon. A band symmetric on the log scale suits a
//! series whose errors grow with its level (a movement that doubles or
//! halves); on the count scale its upper half is several times its lower
//! half, and on a series whose errors are closer to counting noise that
//! width above buys nothing and the falls go below it. The square root is
//! the scale on which counting noise has the same spread at every level
//! (Anscombe), and between the two the scale is chosen where the series'
//! own bands would have scored better: the interval score of the 80% and
//! 95% bands (Gneiting and Raftery's, whose mean scaled by the in-sample
//! naive error is MSIS), summed over the same out-of-sample errors that
//! set the widths, on the count scale. Both bands have one width each, so
//! neither is favoured by its freedom. The square root was chosen among
//! the powers ¼, ½ and ¾ on the US Border Patrol origins 2004–2011, where
//! choosing between it and the log lowered the 95% band's MSIS at every
//! horizon (6.42 / 6.87 / 6.91 to 5.42 / 5.82 / 5.91); the benchmarks
//! report 2012 onwards.
//!
//! Detection reads the band's own scale and spread, and its bounds, to
//! turn an observation into a probability, so that "above the 95% band"
//! and "a probability under 2.5%" say the same thing.

use serde::Serialize;
use statrs::distribution::{DiscreteCDF, Poisson};

/// The forecast of one period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prediction {
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// `v` rounded to the nearest multiple of `unit` (unchanged if 0). Rounding
/// is monotone, so the rounded median of a count is the median of the
/// count as published.
pub(crate) fn snap(v: f64, unit: f64) -> f64 {
    if unit > 0.0 {
        (v / unit).round() * unit
    } else {
        v
    }
}

/// z-scores of the central 80% and 95% intervals.
const Z80: f64 = 1.281_551_565_545;
const Z95: f64 = 1.959_963_984_540;

/// The smallest spread allowed on the log scale: no forecast of people is
/// ever certain to within 2%.
pub(crate) const MIN_LOG_SD: f64 = 0.02;

/// Fewer errors than this at a horizon and its spread is extrapolated from
/// horizon 1 (random-walk growth, sd × √h), on the log scale.
const MIN_ERRORS_PER_HORIZON: usize = 6;

/// The percentile of absolute out-of-sample errors that makes the 80%
/// interval's half-width. Calibrated on US Border Patrol origins 2004–2011,
/// where 0.65 gave 80% coverage (the 80th percentile gave 86%: recent errors
/// overstate the next month's, counts have a Poisson floor, and zeros fall
/// inside every interval); the benchmarks report 2012 onwards. The 95%
/// interval takes the 95th percentile, which covered 95% as it is.
const CENTRAL_QUANTILE: f64 = 0.65;

/// Spread on the log scale when there is nothing to learn it from.
const FALLBACK_LOG_SD: f64 = 0.5;

/// No upper bound goes above this multiple of the largest value the series
/// has had: on the log scale a short or volatile series' errors can be
/// wide enough to reach millions, a figure no reporter could count, and a
/// band that wide buys coverage with a width that helps no one.
pub(crate) const CEILING: f64 = 10.0;

/// The scale a band is symmetric on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BandScale {
    /// `ln(1 + y)`: errors that grow with the level.
    Log,
    /// `2(√(1 + y) − 1)`: errors closer to counting noise.
    Root,
}

impl BandScale {
    pub(crate) fn to(self, v: f64) -> f64 {
        let v = v.max(0.0);
        match self {
            BandScale::Log => v.ln_1p(),
            BandScale::Root => 2.0 * ((1.0 + v).sqrt() - 1.0),
        }
    }

    pub(crate) fn back(self, u: f64) -> f64 {
        match self {
            BandScale::Log => u.exp_m1(),
            BandScale::Root => (1.0 + u / 2.0).max(0.0).powi(2) - 1.0,
        }
        .max(0.0)
    }
}

/// Half-widths of the 80% and 95% intervals on a band's scale.
#[derive(Debug, Clone, Copy)]
struct Spread {
    q80: f64,
    q95: f64,
}

impl Spread {
    fn from_errors(e: &[f64]) -> Spread {
        let mut abs: Vec<f64> = e.iter().map(|v| v.abs()).collect();
        abs.sort_by(f64::total_cmp);
        // Linear interpolation between order statistics (type 7, as R's default).
        let q = |p: f64| {
            let h = (abs.len() - 1) as f64 * p;
            let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
            abs[lo] + (h - lo as f64) * (abs[hi] - abs[lo])
        };
        Spread {
            q80: q(CENTRAL_QUANTILE),
            q95: q(0.95),
        }
    }

    fn normal(sd: f64) -> Spread {
        Spread {
            q80: Z80 * sd,
            q95: Z95 * sd,
        }
    }

    fn scaled(self, k: f64) -> Spread {
        Spread {
            q80: self.q80 * k,
            q95: self.q95 * k,
        }
    }
}

/// The interval score of a central (1 − α) interval `[lo, hi]` for the
/// actual value `y` (Gneiting & Raftery 2007; the numerator of MSIS).
pub fn interval_score(lo: f64, hi: f64, y: f64, alpha: f64) -> f64 {
    (hi - lo) + 2.0 / alpha * ((lo - y).max(0.0) + (y - hi).max(0.0))
}

/// A forecast's bands, horizon by horizon: the scale and spread each is
/// drawn with (which detection also reads).
pub(crate) struct Bands {
    drawn: Vec<(BandScale, Spread)>,
}

impl Bands {
    /// The bands of a forecast of `y` (`x` its log scale) whose model made
    /// `log_errors` (per horizon; error `j` of horizon `i` is for
    /// `y[first + j + i]`), for `horizon` periods.
    pub(crate) fn new(
        y: &[f64],
        x: &[f64],
        log_errors: &[Vec<f64>],
        first: usize,
        horizon: usize,
    ) -> Bands {
        let last_zero = y.iter().rposition(|v| *v == 0.0);
        let mut bands = Bands { drawn: Vec::new() };
        for i in 0..horizon {
            let all = log_errors.get(i).map(Vec::as_slice).unwrap_or(&[]);
            let e = since_emergence(all, last_zero, first);
            if e.len() < MIN_ERRORS_PER_HORIZON {
                let h1 = log_errors
                    .first()
                    .map_or(&[][..], |h1| since_emergence(h1, last_zero, first));
                let base = if h1.len() >= 2 {
                    Spread::from_errors(h1)
                } else {
                    Spread::normal(FALLBACK_LOG_SD)
                };
                let s = base.scaled(((i + 1) as f64).sqrt());
                bands.drawn.push((BandScale::Log, s));
                continue;
            }
            // Each kept error's actual count and the model's forecast of
            // it: error `j` of `e` is for y[t], t = first + skipped + j + i,
            // where the forecast was x[t] − e on the log scale.
            let skipped = all.len() - e.len();
            let outcomes: Vec<(f64, f64)> = e
                .iter()
                .enumerate()
                .map(|(j, err)| {
                    let t = first + skipped + j + i;
                    (y[t], (x[t] - err).exp_m1())
                })
                .collect();
            let log = Spread::from_errors(e);
            let root_errors: Vec<f64> = outcomes
                .iter()
                .map(|&(actual, forecast)| {
                    BandScale::Root.to(actual) - BandScale::Root.to(forecast)
                })
                .collect();
            let root = Spread::from_errors(&root_errors);
            let score = |scale: BandScale, s: &Spread| -> f64 {
                outcomes
                    .iter()
                    .map(|&(actual, forecast)| {
                        let centre = scale.to(forecast);
                        [(s.q80, 0.2), (s.q95, 0.05)]
                            .iter()
                            .map(|(q, alpha)| {
                                let lo = scale.back(centre - q);
                                let hi = scale.back(centre + q);
                                interval_score(lo, hi, actual, *alpha)
                            })
                            .sum::<f64>()
                    })
                    .sum()
            };
            let drawn = if score(BandScale::Root, &root) < score(BandScale::Log, &log) {
                (BandScale::Root, root)
            } else {
                (BandScale::Log, log)
            };
            bands.drawn.push(drawn);
        }
        bands
    }

    /// Spread of each horizon's band on its own scale, as a standard
    /// deviation.
    pub(crate) fn drawn_sd(&self) -> Vec<f64> {
        self.drawn.iter().map(|(_, s)| s.q95 / Z95).collect()
    }

    pub(crate) fn scales(&self) -> Vec<BandScale> {
        self.drawn.iter().map(|(scale, _)| *scale).collect()
    }

    /// The prediction at horizon index `i` around the log-scale centre
    /// `centre`, for a series published in `unit` and bounded by `ceiling`.
    pub(crate) fn prediction(&self, i: usize, centre: f64, unit: f64, ceiling: f64) -> Prediction {
        let (scale, s) = self.drawn[i];
        interval(centre, scale, &s, unit, ceiling)
    }
}

/// The out-of-sample errors that describe the series as it now is: those
/// from origins after its last zero. A nationality that appeared from
/// nothing made a huge error on the log scale at its first month (0 to 70
/// is a factor of 71); that error measures its emergence, which the
/// emergence detector watches, not how the flow it has since become
/// varies, and kept in the band it widened every later band of the series
/// (Togolese in the Darién: 9–439 around 66). All errors are kept when
/// fewer than [`MIN_ERRORS_PER_HORIZON`] come after the last zero, as for
/// a series that is still intermittent. Nothing here was tuned: on the US
/// Border Patrol origins 2004–2011 it lowered MSIS at every horizon
/// (6.70 / 7.09 / 7.12 to 6.42 / 6.87 / 6.91) before it was measured on
/// the periods the benchmarks report.
///
/// `last_zero` is the index of the series' last zero, and `first` that of
/// the first target of the errors at horizon 1: error `j` at any horizon
/// is from the origin whose last observation is `first + j - 1`, so the
/// errors after the last zero are a suffix, those with `j ≥ last_zero + 2
/// - first`.
fn since_emergence(errors: &[f64], last_zero: Option<usize>, first: usize) -> &[f64] {
    let Some(z) = last_zero else {
        return errors;
    };
    let kept = &errors[(z + 2).saturating_sub(first).min(errors.len())..];
    if kept.len() >= MIN_ERRORS_PER_HORIZON {
        kept
    } else {
        errors
    }
}

/// Back-transforms a log-scale centre and a spread on `scale` around it,
/// widened to [`MIN_LOG_SD`] on the log scale whatever the band's scale
/// and to the Poisson interval of the median where counting noise alone
/// is wider, and bounded above by `ceiling`.
fn interval(centre: f64, scale: BandScale, s: &Spread, unit: f64, ceiling: f64) -> Prediction {
    let mean = centre.exp_m1().max(0.0);
    let c = scale.to(mean);
    let mut p = Prediction {
        mean,
        lo80: scale.back(c - s.q80),
        hi80: scale.back(c + s.q80),
        lo95: scale.back(c - s.q95),
        hi95: scale.back(c + s.q95.max(s.q80)),
    };
    let level = mean.ln_1p();
    let least = |z: f64| {
        let q = MIN_LOG_SD * z;
        (
            BandScale::Log.back(level - q),
            BandScale::Log.back(level + q),
        )
    };
    let (lo, hi) = least(Z80);
    p.lo80 = p.lo80.min(lo);
    p.hi80 = p.hi80.max(hi);
    let (lo, hi) = least(Z95);
    p.lo95 = p.lo95.min(lo);
    p.hi95 = p.hi95.max(hi);
    if let Ok(poisson) = Poisson::new(mean.max(1e-9)) {
        let q = |prob: f64| poisson.inverse_cdf(prob) as f64;
        p.lo80 = p.lo80.min(q(0.10));
        p.hi80 = p.hi80.max(q(0.90));
        p.lo95 = p.lo95.min(q(0.025));
        p.hi95 = p.hi95.max(q(0.975));
    }
    if unit > 0.0 {
        p.mean = snap(p.mean, unit);
        p.lo80 = p.lo80.min(p.mean);
        p.lo95 = p.lo95.min(p.lo80);
        p.hi80 = p.hi80.max(p.mean);
        p.hi95 = p.hi95.max(p.hi80);
    }
    let ceiling = ceiling.max(p.mean);
    p.hi80 = p.hi80.min(ceiling);
    p.hi95 = p.hi95.min(ceiling).max(p.hi80);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_band_is_narrower_than_two_percent_on_either_scale() {
        let none = Spread { q80: 0.0, q95: 0.0 };
        for scale in [BandScale::Log, BandScale::Root] {
            let p = interval(50_000f64.ln_1p(), scale, &none, 0.0, f64::INFINITY);
            assert!(
                p.hi95 > 50_000.0 * 1.038 && p.lo95 < 50_000.0 / 1.038,
                "{p:?}"
            );
            assert!(
                p.hi80 > 50_000.0 * 1.025 && p.lo80 < 50_000.0 / 1.025,
                "{p:?}"
            );
        }
    }

    #[test]
    fn a_spread_is_the_type_7_percentiles_of_the_absolute_errors() {
        // |e| sorted 1..5: the 65th at rank 2.6 from 0, 3 + 0.6 = 3.6; the
        // 95th at rank 3.8, 4 + 0.8 = 4.8.
        let s = Spread::from_errors(&[-5.0, 1.0, -3.0, 2.0, 4.0]);
        assert!((s.q80 - 3.6).abs() < 1e-12, "{s:?}");
        assert!((s.q95 - 4.8).abs() < 1e-12, "{s:?}");
        let n = Spread::normal(2.0);
        assert_eq!((n.q80, n.q95), (2.0 * Z80, 2.0 * Z95));
        let w = s.scaled(2.0);
        assert_eq!((w.q80, w.q95), (2.0 * s.q80, 2.0 * s.q95));
    }

    #[test]
    fn the_interval_score_is_the_width_and_two_over_alpha_per_miss() {
        assert_eq!(interval_score(80.0, 140.0, 120.0, 0.05), 60.0);
        assert_eq!(interval_score(80.0, 140.0, 50.0, 0.05), 60.0 + 40.0 * 30.0);
        assert_eq!(interval_score(80.0, 140.0, 150.0, 0.05), 60.0 + 40.0 * 10.0);
        assert_eq!(interval_score(10.0, 20.0, 25.0, 0.2), 10.0 + 10.0 * 5.0);
    }

    #[test]
    fn a_band_is_its_spread_either_side_of_the_centre_on_its_scale() {
        let s = Spread { q80: 0.2, q95: 0.5 };
        let centre = 1000f64.ln_1p();
        let log = interval(centre, BandScale::Log, &s, 0.0, f64::INFINITY);
        let close = |a: f64, b: f64| (a - b).abs() < 1e-9 * b.max(1.0);
        assert!(close(log.mean, 1000.0), "{log:?}");
        assert!(close(log.lo80, (centre - 0.2).exp_m1()), "{log:?}");
        assert!(close(log.hi80, (centre + 0.2).exp_m1()), "{log:?}");
        assert!(close(log.lo95, (centre - 0.5).exp_m1()), "{log:?}");
        assert!(close(log.hi95, (centre + 0.5).exp_m1()), "{log:?}");
        let s = Spread { q80: 2.0, q95: 5.0 };
        let root = interval(centre, BandScale::Root, &s, 0.0, f64::INFINITY);
        let c = BandScale::Root.to(1000.0);
        assert!(close(root.lo80, BandScale::Root.back(c - 2.0)), "{root:?}");
        assert!(close(root.hi80, BandScale::Root.back(c + 2.0)), "{root:?}");
        assert!(close(root.lo95, BandScale::Root.back(c - 5.0)), "{root:?}");
        assert!(close(root.hi95, BandScale::Root.back(c + 5.0)), "{root:?}");
        // Bounded above, never below the forecast.
        let capped = interval(centre, BandScale::Root, &s, 0.0, 1050.0);
        assert_eq!((capped.hi80, capped.hi95), (1050.0, 1050.0));
    }

    #[test]
    fn too_few_errors_give_a_normal_band_that_widens_with_the_horizon() {
        // No errors: the fallback spread, √h times it at horizon h. Fewer
        // than six (two at horizon 1, none after): the first horizon's
        // percentiles, √h times them.
        let y = [100.0, 120.0, 110.0, 130.0];
        let x: Vec<f64> = y.iter().map(|v: &f64| v.ln_1p()).collect();
        let none = Bands::new(&y, &x, &[], 1, 2);
        let sd = none.drawn_sd();
        assert!((sd[0] - FALLBACK_LOG_SD).abs() < 1e-12, "{sd:?}");
        assert!(
            (sd[1] - FALLBACK_LOG_SD * 2f64.sqrt()).abs() < 1e-12,
            "{sd:?}"
        );
        let two = Bands::new(&y, &x, &[vec![0.1, -0.3]], 1, 2);
        let from = Spread::from_errors(&[0.1, -0.3]);
        let sd = two.drawn_sd();
        assert!((sd[0] - from.q95 / Z95).abs() < 1e-12, "{sd:?}");
        assert!(
            (sd[1] - from.q95 * 2f64.sqrt() / Z95).abs() < 1e-12,
            "{sd:?}"
        );
        assert_eq!(two.scales(), vec![BandScale::Log, BandScale::Log]);
    }

    #[test]
    fn each_scale_takes_back_what_it_gives() {
        for scale in [BandScale::Log, BandScale::Root] {
            for v in [0.0, 0.4, 7.0, 1234.5, 2.5e6] {
                assert!((scale.back(scale.to(v)) - v).abs() < 1e-6 * (1.0 + v));
            }
            assert_eq!(scale.back(-1e9), 0.0, "never below zero");
        }
    }
}

//! Corridor-informed forecasts: a downstream series (US encounters of a
//! nationality) forecast with what its upstream series (Panama's Darién
//! crossings of the same nationality) did in the last months, where that
//! helped out of sample.
//!
//! The univariate forecast stays the base. Its out-of-sample log errors at
//! horizon `h` are regressed, through the origin, on the upstream's log
//! change over the `h` months before the origin (known at the origin): a
//! rise upstream that the downstream series has not shown yet is what the
//! univariate model misses. The slope `β_h` is estimated at each past
//! origin from the origins before it only, and the informed forecast is
//! used for a series only if those sequential, out-of-sample corrections
//! lowered its absolute log errors over the last
//! [`Config::selection_origins`] origins; the reason says so. `β` is kept
//! between 0 and [`MAX_BETA`]: people arriving upstream do not make fewer
//! arrive downstream, nor many more than arrived upstream.

use crate::bands::{BandScale, CEILING};
use crate::forecast::{forecast, Config, SeriesForecast};

/// Pairs an estimate of `β` needs.
const MIN_PAIRS: usize = 8;

/// The largest slope allowed.
pub const MAX_BETA: f64 = 1.5;

/// A forecast, informed by an upstream series or not.
#[derive(Debug, Clone, PartialEq)]
pub struct Informed {
    pub forecast: SeriesForecast,
    /// Whether the upstream series changed the forecast.
    pub used: bool,
    /// The slope per horizon, estimated on every past origin.
    pub betas: Vec<f64>,
}

/// Forecasts the `horizon` periods after `y`, with `upstream[t]` the
/// upstream series' value in the period of `y[t]` (`None` where it has
/// none).
pub fn forecast_informed(
    y: &[f64],
    upstream: &[Option<f64>],
    horizon: usize,
    config: &Config,
) -> Informed {
    inform(y, upstream, forecast(y, horizon, config), config)
}

/// [`forecast_informed`] for a caller that already holds `y`'s own
/// forecast (`base`, with its out-of-sample errors), so that it is not
/// computed twice.
pub fn inform(
    y: &[f64],
    upstream: &[Option<f64>],
    base: SeriesForecast,
    config: &Config,
) -> Informed {
    let horizon = base.predictions.len();
    let n = y.len();
    let xu: Vec<Option<f64>> = upstream
        .iter()
        .map(|v| v.map(|v| v.max(0.0).ln_1p()))
        .collect();
    // The upstream's log change over the `h` months before origin `t`
    // (after `y[..t]`).
    let signal = |t: usize, h: usize| -> Option<f64> {
        let a = t.checked_sub(1)?;
        let b = a.checked_sub(h)?;
        Some(xu.get(a).copied().flatten()? - xu.get(b).copied().flatten()?)
    };
    let selection_from = n.saturating_sub(config.selection_origins);
    let mut betas = vec![0.0; horizon];
    let mut gain = 0.0;
    let mut scored = 0usize;
    for (i, beta) in betas.iter_mut().enumerate() {
        let Some(errors) = base.oos_errors.get(i) else {
            break;
        };
        let (mut sgg, mut sge, mut pairs) = (0.0, 0.0, 0usize);
        for (j, e) in errors.iter().enumerate() {
            let t = base.oos_from + j;
            let Some(g) = signal(t, i + 1) else {
                continue;
            };
            if pairs >= MIN_PAIRS && t >= selection_from {
                let b = slope(sge, sgg);
                gain += e.abs() - (e - b * g).abs();
                scored += 1;
            }
            sgg += g * g;
            sge += g * e;
            pairs += 1;
        }
        if pairs >= MIN_PAIRS {
            *beta = slope(sge, sgg);
        }
    }
    let now: Vec<Option<f64>> = (0..horizon).map(|i| signal(n, i + 1)).collect();
    let used = scored > 0 && gain > 0.0 && betas.iter().any(|b| *b > 0.0) && now[0].is_some();
    if !used {
        return Informed {
            forecast: base,
            used: false,
            betas,
        };
    }
    let mut f = base;
    let ceiling = CEILING * y.iter().copied().fold(0.0, f64::max);
    for (i, p) in f.predictions.iter_mut().enumerate() {
        // The centre moves by β·g on the log scale; the band keeps its
        // width on the scale it is drawn on (its spread, `band_sd`, is
        // unchanged), so a band on the square-root scale is moved along
        // that scale rather than stretched by the factor.
        let shift = betas[i] * now[i].unwrap_or(0.0);
        let scale = f.band_scale.get(i).copied().unwrap_or(BandScale::Log);
        let mean = ((1.0 + p.mean) * shift.exp() - 1.0).max(0.0);
        let along = match scale {
            BandScale::Log => shift,
            BandScale::Root => scale.to(mean) - scale.to(p.mean),
        };
        let move_by = |v: f64| scale.back(scale.to(v) + along);
        p.mean = mean;
        p.lo80 = move_by(p.lo80).min(p.mean);
        p.lo95 = move_by(p.lo95).min(p.lo80);
        let top = ceiling.max(p.mean);
        p.hi80 = move_by(p.hi80).max(p.mean).min(top);
        p.hi95 = move_by(p.hi95).max(p.hi80).min(top);
        f.log_centre[i] += shift;
    }
    f.reason = format!(
        "{}; corridor-informed: the upstream series' change over the last months moves it (β {}), which lowered the out-of-sample error on the last {} origins",
        f.reason,
        betas
            .iter()
            .map(|b| format!("{b:.2}"))
            .collect::<Vec<_>>()
            .join(", "),
        config.selection_origins
    );
    Informed {
        forecast: f,
        used: true,
        betas,
    }
}

fn slope(sge: f64, sgg: f64) -> f64 {
    if sgg <= 1e-9 {
        0.0
    } else {
        (sge / sgg).clamp(0.0, MAX_BETA)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A downstream series that repeats its upstream one month later.
    pub(crate) fn pair(n: usize) -> (Vec<f64>, Vec<Option<f64>>) {
        let up: Vec<f64> = (0..n)
            .map(|t| (1000.0 * (1.0 + ((t * 37) % 11) as f64 / 3.0)).round())
            .collect();
        let down: Vec<f64> = (0..n)
            .map(|t| if t == 0 { 1000.0 } else { up[t - 1] })
            .collect();
        (down, up.into_iter().map(Some).collect())
    }

    #[test]
    fn a_series_that_follows_its_upstream_is_forecast_with_it() {
        let (down, up) = pair(60);
        let i = forecast_informed(&down, &up, 1, &Config::default());
        assert!(i.used, "{:?}", i.betas);
        assert!(i.betas[0] > 0.3, "{:?}", i.betas);
        assert!(i.forecast.reason.contains("corridor-informed"));
        let p = i.forecast.predictions[0];
        // The base forecast moved by the upstream's last log change, β times.
        let g = up[59].unwrap().ln_1p() - up[58].unwrap().ln_1p();
        let base = forecast(&down, 1, &Config::default()).predictions[0].mean;
        let moved = ((1.0 + base) * (i.betas[0] * g).exp() - 1.0).max(0.0);
        assert!(
            (p.mean - moved).abs() < 1e-9 * moved.max(1.0),
            "{} against {moved}",
            p.mean
        );
        assert!(p.lo95 <= p.lo80 && p.lo80 <= p.mean && p.mean <= p.hi80 && p.hi80 <= p.hi95);
        // Its band is drawn on the square-root scale, and keeps its width
        // there: moved along the scale, not stretched by the factor.
        let b = forecast(&down, 1, &Config::default()).predictions[0];
        let scale = i.forecast.band_scale[0];
        assert_eq!(scale, BandScale::Root);
        let width = |hi: f64, lo: f64| scale.to(hi) - scale.to(lo);
        for (informed, plain) in [
            (width(p.hi95, p.mean), width(b.hi95, b.mean)),
            (width(p.hi80, p.mean), width(b.hi80, b.mean)),
            (width(p.mean, p.lo80), width(b.mean, b.lo80)),
            (width(p.mean, p.lo95), width(b.mean, b.lo95)),
        ] {
            assert!((informed - plain).abs() < 1e-9, "{p:?} against {b:?}");
        }
        // Over the last twelve origins, closer to what came than the
        // univariate forecast.
        let (mut informed, mut plain) = (0.0, 0.0);
        for t in 48..60 {
            let i = forecast_informed(&down[..t], &up[..t], 1, &Config::default());
            informed += (i.forecast.predictions[0].mean - down[t]).abs();
            plain +=
                (forecast(&down[..t], 1, &Config::default()).predictions[0].mean - down[t]).abs();
        }
        assert!(informed < plain, "{informed} against {plain}");
    }

    #[test]
    fn an_unrelated_upstream_is_left_out() {
        let (down, _) = pair(60);
        let noise: Vec<Option<f64>> = (0..60)
            .map(|t| Some(((t * 53) % 7) as f64 * 100.0))
            .collect();
        let i = forecast_informed(&down, &noise, 1, &Config::default());
        assert!(!i.used, "{:?}", i.betas);
        assert_eq!(i.forecast, forecast(&down, 1, &Config::default()));
        // A flat upstream says nothing: no slope, no use.
        let flat = forecast_informed(&down, &vec![Some(500.0); 60], 1, &Config::default());
        assert!(!flat.used);
        assert_eq!(flat.betas, vec![0.0]);
        let none = forecast_informed(&down, &vec![None; 60], 1, &Config::default());
        assert!(!none.used);
    }
}

//! Simulated corridor scenarios with known surges, for tests, benchmarks
//! and demonstrations where the real data is absent. Everything they
//! produce is plainly simulated (the scenario says so) and deterministic
//! for a seed.
//!
//! A scenario has places along the route (by default Panama's Darién, Costa
//! Rica, Honduras, Mexico and the United States' southwest border), a set of
//! nationalities with seasonal baselines and noise, one surge that starts
//! upstream and reaches each place downstream a month later, and one
//! nationality that appears from nothing.

use corredor_model::{Period, SeriesKey};

use crate::series::Series;

/// A small, fast, well-known generator (SplitMix64, Steele, Lea & Flood
/// 2014), so that scenarios are reproducible without a dependency whose
/// streams might change between versions.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let u = self.uniform().max(1e-12);
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// What the scenario planted, to check detectors against.
#[derive(Debug, Clone, PartialEq)]
pub struct Planted {
    pub surge_nationality: String,
    /// Month index (from the scenario's start) the surge begins upstream.
    pub surge_start: usize,
    pub emerging_nationality: String,
    pub emergence_start: usize,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub label: &'static str,
    pub series: Vec<Series>,
    pub planted: Planted,
}

impl Scenario {
    /// The scenario as a long CSV (`reporter,location,nationality,indicator,
    /// period,value`), as `corredor import` reads it: what tests and the
    /// demo feed the store.
    pub fn long_csv(&self) -> String {
        let mut out = String::from("reporter,location,nationality,indicator,period,value\n");
        for series in &self.series {
            let k = &series.key;
            for (i, v) in series.values.iter().enumerate() {
                out.push_str(&format!(
                    "{},{},{},{},{},{}\n",
                    k.reporter,
                    k.location,
                    k.nationality,
                    k.indicator,
                    series.period(i),
                    *v as u64
                ));
            }
        }
        out
    }
}

/// Places on the simulated route, upstream first, with the share of the
/// upstream flow each sees (the rest stays, turns back or is not counted).
pub const ROUTE: [(&str, &str, &str, f64); 5] = [
    ("PAN", "ALL", "irregular_entries", 1.0),
    ("CRI", "ALL", "transit", 0.95),
    ("HND", "ALL", "irregular_entries", 0.85),
    ("MEX", "ALL", "irregular_entries", 0.8),
    ("USA", "SWB", "encounters", 0.7),
];

const NATIONALITIES: [(&str, f64); 6] = [
    ("VEN", 9000.0),
    ("HTI", 2500.0),
    ("ECU", 1800.0),
    ("COL", 900.0),
    ("CUB", 600.0),
    ("AFG", 40.0),
];

/// The corridor scenario: `months` months from `start`, seeded.
pub fn corridor(start: Period, months: usize, seed: u64) -> Scenario {
    let mut rng = Rng::new(seed);
    let surge_start = months.saturating_sub(8);
    let emergence_start = months.saturating_sub(6);
    let mut series = Vec::new();
    for (lag, (reporter, location, indicator, share)) in ROUTE.iter().enumerate() {
        let mut add = |nat: &str, values: Vec<f64>| {
            series.push(Series {
                key: SeriesKey {
                    reporter: reporter.to_string(),
                    location: location.parse().expect("valid location"),
                    nationality: nat.to_string(),
                    indicator: indicator.to_string(),
                },
                start,
                values,
            });
        };
        for (nat, level) in NATIONALITIES {
            let values = (0..months)
                .map(|t| {
                    let season =
                        1.0 + 0.25 * (2.0 * std::f64::consts::PI * (t as f64 - 2.0) / 12.0).cos();
                    let mut v = level * share * season * (0.08 * rng.normal()).exp();
                    // The planted surge: Venezuelans, doubling over months,
                    // one month later at each place downstream.
                    if nat == "VEN" && t >= surge_start + lag {
                        v *= 1.0 + 0.6 * (t - surge_start - lag + 1) as f64;
                    }
                    v.round().max(0.0)
                })
                .collect();
            add(nat, values);
        }
        // The emerging nationality: none, then a growing few.
        let values = (0..months)
            .map(|t| {
                if t + lag < emergence_start + 2 * lag {
                    (rng.uniform() * 2.0).floor()
                } else {
                    let k = (t + lag - emergence_start - 2 * lag) as i32;
                    (25.0 * share * 1.9f64.powi(k)).round()
                }
            })
            .collect();
        add("CHN", values);
    }
    Scenario {
        label: "SIMULATED corridor scenario (not real data)",
        series,
        planted: Planted {
            surge_nationality: "VEN".into(),
            surge_start,
            emerging_nationality: "CHN".into(),
            emergence_start,
        },
    }
}

/// `n` independent seasonal series with noise and, for a tenth of them, a
/// surge in the last months: the load for scan benchmarks.
pub fn many(n: usize, months: usize, seed: u64) -> Vec<Series> {
    let mut rng = Rng::new(seed);
    let start: Period = "2019-01".parse().expect("valid period");
    (0..n)
        .map(|i| {
            let level = 50.0 * (rng.uniform() * 6.0).exp();
            let surge = i % 10 == 0;
            let values = (0..months)
                .map(|t| {
                    let season = 1.0 + 0.2 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin();
                    let boost = if surge && t + 4 >= months { 2.5 } else { 1.0 };
                    (level * season * boost * (0.1 * rng.normal()).exp()).round()
                })
                .collect();
            Series {
                key: SeriesKey {
                    reporter: "USA".into(),
                    location: format!("L{}", i / 200).parse().expect("valid location"),
                    nationality: corredor_model::country::all()[i % 200].alpha3.to_string(),
                    indicator: "encounters".into(),
                },
                start,
                values,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backtest::scan;
    use crate::detect::{AlertKind, DetectConfig};

    #[test]
    fn scenarios_are_reproducible() {
        let a = corridor("2020-01".parse().unwrap(), 48, 7);
        let b = corridor("2020-01".parse().unwrap(), 48, 7);
        assert_eq!(a.series, b.series);
        assert_ne!(a.series, corridor("2020-01".parse().unwrap(), 48, 8).series);
        assert!(a.label.contains("SIMULATED"));
    }

    #[test]
    fn the_planted_surge_and_newcomer_are_found_upstream_first() {
        let s = corridor("2020-01".parse().unwrap(), 48, 1);
        let at = |k: usize| s.series[0].period(k);
        let config = DetectConfig::default();
        let surge_found = (s.planted.surge_start..s.planted.surge_start + 3).any(|k| {
            scan(&s.series, at(k), &config).iter().any(|a| {
                a.kind == AlertKind::Surge && a.key.nationality == "VEN" && a.key.reporter == "PAN"
            })
        });
        assert!(surge_found);
        let emergence_found = (s.planted.emergence_start..48).any(|k| {
            scan(&s.series, at(k), &config).iter().any(|a| {
                a.kind == AlertKind::Emergence
                    && a.key.nationality == "CHN"
                    && a.key.reporter == "PAN"
            })
        });
        assert!(emergence_found);
    }
}

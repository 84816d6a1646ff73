//! Corridors: routes as directed graphs of places, transit lags learned from
//! the data where both ends report the same nationality, and propagation of
//! an upstream surge into expected additional arrivals downstream.
//!
//! Lags are learned by cross-correlation (Box & Jenkins): for every
//! nationality with series at both ends, the month-on-month changes of
//! `ln(1 + count)` upstream are correlated with those downstream `k` months
//! later, for `k` in `0..=MAX_LAG`; the lag is the `k` with the highest
//! correlation averaged over nationalities (weighted by their size), and its
//! range is the spread of the nationalities' own best lags (quartiles).
//! The share of the upstream count that arrives downstream is the median,
//! over months, of `downstream(t + lag) / upstream(t)`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::series::Series;

/// The longest transit considered, in periods.
pub const MAX_LAG: usize = 3;
/// Fewest overlapping months for a nationality to teach a lag.
const MIN_OVERLAP: usize = 12;

/// The route file shipped with Corredor (`data/corridor.toml`).
pub const DEFAULT_ROUTES: &str = include_str!("../data/corridor.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteFile {
    #[serde(rename = "route", default)]
    pub routes: Vec<Route>,
    #[serde(rename = "prior", default)]
    pub priors: Vec<Prior>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Route {
    /// The route's name in English.
    pub name: String,
    /// Its name in the other languages, where the file gives it.
    #[serde(default)]
    pub names: RouteNames,
    pub places: Vec<String>,
}

/// A route's name in Spanish, Portuguese and French.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RouteNames {
    pub es: Option<String>,
    pub pt: Option<String>,
    pub fr: Option<String>,
}

impl Route {
    /// The route's name in `lang`, in English where the file gives none.
    pub fn name_in(&self, lang: corredor_model::Lang) -> &str {
        use corredor_model::Lang;
        let other = match lang {
            Lang::En => None,
            Lang::Es => self.names.es.as_deref(),
            Lang::Pt => self.names.pt.as_deref(),
            Lang::Fr => self.names.fr.as_deref(),
        };
        other.unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prior {
    pub from: String,
    pub to: String,
    pub lag: u32,
    pub lo: u32,
    pub hi: u32,
}

/// A lag between two places, in periods, with its range and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lag {
    pub from: String,
    pub to: String,
    pub lag: u32,
    pub lo: u32,
    pub hi: u32,
    /// `learned` (from how many nationalities) or `prior`.
    pub basis: String,
    /// Median share of the upstream count seen downstream, when learned.
    pub share: Option<f64>,
}

/// Why a route file cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RouteError {
    /// Not TOML of the expected shape.
    #[error("{0}")]
    Syntax(String),
    #[error("the file names no route: give at least one [[route]] with its places")]
    NoRoutes,
    #[error("route '{0}' needs at least two places")]
    TooShort(String),
    #[error("prior {from} → {to}: need lo ≤ lag ≤ hi")]
    Prior { from: String, to: String },
}

impl RouteFile {
    pub fn parse(text: &str) -> Result<RouteFile, RouteError> {
        let file: RouteFile =
            toml::from_str(text).map_err(|e| RouteError::Syntax(e.to_string()))?;
        if file.routes.is_empty() {
            return Err(RouteError::NoRoutes);
        }
        for r in &file.routes {
            if r.places.len() < 2 {
                return Err(RouteError::TooShort(r.name.clone()));
            }
        }
        for p in &file.priors {
            if !(p.lo <= p.lag && p.lag <= p.hi) {
                return Err(RouteError::Prior {
                    from: p.from.clone(),
                    to: p.to.clone(),
                });
            }
        }
        Ok(file)
    }

    /// The places from `from` to `to` along the first route that has both in
    /// that order.
    pub fn path(&self, from: &str, to: &str) -> Option<Vec<String>> {
        self.routes.iter().find_map(|r| {
            let a = r.places.iter().position(|p| p == from)?;
            let b = r.places.iter().position(|p| p == to)?;
            (a < b).then(|| r.places[a..=b].to_vec())
        })
    }

    fn prior(&self, from: &str, to: &str) -> Lag {
        let p = self.priors.iter().find(|p| p.from == from && p.to == to);
        Lag {
            from: from.to_string(),
            to: to.to_string(),
            lag: p.map_or(0, |p| p.lag),
            lo: p.map_or(0, |p| p.lo),
            hi: p.map_or(1, |p| p.hi),
            basis: if p.is_some() {
                "prior".into()
            } else {
                "prior (none given: 0–1)".into()
            },
            share: None,
        }
    }
}

/// The place a series belongs to: `REPORTER` for location `ALL`, else
/// `REPORTER/LOCATION`.
pub fn place_of(s: &Series) -> String {
    if s.key.location.as_str() == "ALL" {
        s.key.reporter.clone()
    } else {
        format!("{}/{}", s.key.reporter, s.key.location)
    }
}

/// Series of one indicator-agnostic place by nationality.
fn by_nationality<'a>(series: &'a [Series], place: &str) -> BTreeMap<&'a str, &'a Series> {
    series
        .iter()
        .filter(|s| place_of(s) == place)
        .map(|s| (s.key.nationality.as_str(), s))
        .collect()
}

fn log_changes(s: &Series, from: corredor_model::Period, len: usize) -> Vec<f64> {
    (1..len)
        .map(|i| {
            let at = |k: usize| {
                s.index_of(&from.offset(k as i64))
                    .map_or(0.0, |j| s.values[j])
                    .ln_1p()
            };
            at(i) - at(i - 1)
        })
        .collect()
}

fn correlation(a: &[f64], b: &[f64]) -> Option<f64> {
    let n = a.len().min(b.len());
    if n < 3 {
        return None;
    }
    let (a, b) = (&a[..n], &b[..n]);
    let ma = a.iter().sum::<f64>() / n as f64;
    let mb = b.iter().sum::<f64>() / n as f64;
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for i in 0..n {
        sab += (a[i] - ma) * (b[i] - mb);
        saa += (a[i] - ma).powi(2);
        sbb += (b[i] - mb).powi(2);
    }
    (saa > 0.0 && sbb > 0.0).then(|| sab / (saa * sbb).sqrt())
}

/// Learns the lag from `from` to `to` out of the series given, or `None`
/// if no nationality has enough months at both ends.
pub fn learn(series: &[Series], from: &str, to: &str) -> Option<Lag> {
    let up = by_nationality(series, from);
    let down = by_nationality(series, to);
    let mut weighted = [0.0; MAX_LAG + 1];
    let mut weight_total = 0.0;
    let mut best_lags = Vec::new();
    let mut shares: Vec<(usize, f64)> = Vec::new();
    for (nat, a) in &up {
        let Some(b) = down.get(nat) else { continue };
        let start = a.start.max(b.start);
        let end_a = a.period(a.values.len() - 1);
        let end_b = b.period(b.values.len() - 1);
        let end = end_a.min(end_b);
        let len = start.steps_to(&end) + 1;
        if len < (MIN_OVERLAP + MAX_LAG) as i64 {
            continue;
        }
        let len = len as usize;
        let ca = log_changes(a, start, len);
        let cb = log_changes(b, start, len);
        let volume: f64 = a.values.iter().sum::<f64>().ln_1p();
        let mut best = (f64::NEG_INFINITY, 0);
        for k in 0..=MAX_LAG {
            let Some(r) = correlation(&ca[..ca.len() - k], &cb[k..]) else {
                continue;
            };
            weighted[k] += volume * r;
            if r > best.0 {
                best = (r, k);
            }
        }
        weight_total += volume;
        best_lags.push(best.1);
        for t in 0..len - MAX_LAG {
            let p = start.offset(t as i64);
            let av = a.index_of(&p).map_or(0.0, |i| a.values[i]);
            for k in 0..=MAX_LAG {
                let bv = b.index_of(&p.offset(k as i64)).map_or(0.0, |i| b.values[i]);
                if av >= 1.0 {
                    shares.push((k, bv / av));
                }
            }
        }
    }
    if best_lags.is_empty() || weight_total == 0.0 {
        return None;
    }
    let lag = (0..=MAX_LAG)
        .max_by(|x, y| weighted[*x].total_cmp(&weighted[*y]))
        .expect("non-empty");
    best_lags.sort_unstable();
    let q = |f: f64| best_lags[((best_lags.len() - 1) as f64 * f).round() as usize] as u32;
    let mut lag_shares: Vec<f64> = shares
        .iter()
        .filter(|(k, _)| *k == lag)
        .map(|(_, s)| *s)
        .collect();
    lag_shares.sort_by(f64::total_cmp);
    let share = lag_shares.get(lag_shares.len() / 2).copied();
    Some(Lag {
        from: from.to_string(),
        to: to.to_string(),
        lag: lag as u32,
        lo: q(0.25).min(lag as u32),
        hi: q(0.75).max(lag as u32),
        basis: format!(
            "learned from {} {}",
            best_lags.len(),
            if best_lags.len() == 1 {
                "nationality"
            } else {
                "nationalities"
            }
        ),
        share,
    })
}

/// The edges of every route: learned where the data allows, else prior.
pub fn edges(routes: &RouteFile, series: &[Series]) -> Vec<(String, Vec<Lag>)> {
    routes
        .routes
        .iter()
        .map(|r| {
            let lags = r
                .places
                .windows(2)
                .map(|w| learn(series, &w[0], &w[1]).unwrap_or_else(|| routes.prior(&w[0], &w[1])))
                .collect();
            (r.name.clone(), lags)
        })
        .collect()
}

/// The basis of a lag that is the sum of its path's edges.
const PATH_SUM: &str = "sum of the edges on the path";

/// The lag from `from` to `to` along a route: learned directly between the
/// two if both report the same nationalities (optionally only `nationality`),
/// else the sum of the edges on the path.
pub fn lag(
    routes: &RouteFile,
    series: &[Series],
    from: &str,
    to: &str,
    nationality: Option<&str>,
) -> Option<(Lag, Vec<String>)> {
    let path = routes.path(from, to)?;
    let selected: Vec<Series> = match nationality {
        Some(n) => series
            .iter()
            .filter(|s| s.key.nationality == n)
            .cloned()
            .collect(),
        None => series.to_vec(),
    };
    if let Some(direct) = learn(&selected, from, to) {
        return Some((direct, path));
    }
    let mut total = Lag {
        from: from.to_string(),
        to: to.to_string(),
        lag: 0,
        lo: 0,
        hi: 0,
        basis: PATH_SUM.into(),
        share: None,
    };
    for w in path.windows(2) {
        let e = learn(&selected, &w[0], &w[1]).unwrap_or_else(|| routes.prior(&w[0], &w[1]));
        total.lag += e.lag;
        total.lo += e.lo;
        total.hi += e.hi;
    }
    Some((total, path))
}

/// Expected additional arrivals at a downstream place from an upstream surge.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Downstream {
    pub place: String,
    /// The most likely period of arrival, and the range.
    pub period: corredor_model::Period,
    pub earliest: corredor_model::Period,
    pub latest: corredor_model::Period,
    /// Additional people expected there (the upstream excess times the
    /// share that arrives, at most all of it), when a share was learned.
    pub additional: Option<f64>,
    /// The series the figures could have been learned from: the
    /// nationality's at the surge's place and here (or, where the lag is
    /// the sum of the path's edges, at every place of the path), among
    /// those the caller passed (the ones the alert's readers may
    /// see). Not shown; kept with a stored alert so that the place can be
    /// withdrawn when one of them is later shared more narrowly.
    #[serde(skip)]
    pub basis: Vec<corredor_model::SeriesKey>,
}

/// Propagates an excess of `excess` people at `place` in `period` to the
/// places downstream on every route through it.
pub fn propagate(
    routes: &RouteFile,
    series: &[Series],
    place: &str,
    nationality: &str,
    period: corredor_model::Period,
    excess: f64,
) -> Vec<Downstream> {
    let mut out: Vec<Downstream> = Vec::new();
    for r in &routes.routes {
        let Some(i) = r.places.iter().position(|p| p == place) else {
            continue;
        };
        for to in &r.places[i + 1..] {
            if out.iter().any(|d| &d.place == to) {
                continue;
            }
            // People arriving in their own country are not migrants there:
            // a nationality is never downstream of itself.
            if to.split('/').next() == Some(nationality) {
                continue;
            }
            let Some((l, path)) = lag(routes, series, place, to, Some(nationality)) else {
                continue;
            };
            // Learned between the two places, or else edge by edge along
            // the path (each edge learned or the route's prior).
            let from_places = if l.basis == PATH_SUM {
                path
            } else {
                vec![place.to_string(), to.clone()]
            };
            let basis = series
                .iter()
                .filter(|s| s.key.nationality == nationality && from_places.contains(&place_of(s)))
                .map(|s| s.key.clone())
                .collect();
            // Arrivals after the calendar's end (2200) are not projected.
            let (Some(at), Some(earliest), Some(latest)) = (
                period.checked_offset(l.lag as i64),
                period.checked_offset(l.lo as i64),
                period.checked_offset(l.hi as i64),
            ) else {
                continue;
            };
            out.push(Downstream {
                place: to.clone(),
                period: at,
                earliest,
                latest,
                // A flow cannot bring more people downstream than it had:
                // a share above one means others join on the way, who are
                // not this surge's.
                additional: l.share.map(|s| (excess * s.min(1.0)).max(0.0).round()),
                basis,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(key: &str, start: &str, values: Vec<f64>) -> Series {
        Series {
            key: key.parse().unwrap(),
            start: start.parse().unwrap(),
            values,
        }
    }

    /// An upstream count at month `t` for nationality number `k`: jagged,
    /// so that each lag correlates differently.
    fn wave(t: usize, k: usize) -> f64 {
        1000.0 * (1.0 + ((t * 37 + k * 11) % 17) as f64 / 4.0)
    }

    #[test]
    fn a_route_file_without_routes_or_with_unknown_keys_is_refused() {
        assert_eq!(RouteFile::parse("").unwrap_err(), RouteError::NoRoutes);
        let misspelt = DEFAULT_ROUTES.replace("[[route]]", "[[routes]]");
        assert!(RouteFile::parse(&misspelt).is_err());
        let extra = format!("{DEFAULT_ROUTES}\nbogus = 1\n");
        let e = RouteFile::parse(&extra).unwrap_err().to_string();
        assert!(e.contains("bogus"), "{e}");
        let protocol = "[[step]]\nwhen = \"opened\"\n";
        assert!(RouteFile::parse(protocol).is_err());
    }

    #[test]
    fn a_route_needs_two_places_and_a_prior_its_lag_within_its_range() {
        let file = |places: &str, prior: &str| {
            RouteFile::parse(&format!(
                "[[route]]\nname = \"r\"\nplaces = [{places}]\n{prior}"
            ))
        };
        let prior = |lag, lo, hi| {
            format!("[[prior]]\nfrom = \"A\"\nto = \"B\"\nlag = {lag}\nlo = {lo}\nhi = {hi}\n")
        };
        assert!(file("\"A\", \"B\"", "").is_ok());
        assert_eq!(
            file("\"A\"", "").unwrap_err(),
            RouteError::TooShort("r".into())
        );
        assert!(file("\"A\", \"B\"", &prior(2, 2, 2)).is_ok());
        for (lag, lo, hi) in [(1, 2, 3), (4, 2, 3)] {
            assert_eq!(
                file("\"A\", \"B\"", &prior(lag, lo, hi)).unwrap_err(),
                RouteError::Prior {
                    from: "A".into(),
                    to: "B".into()
                }
            );
        }
        let r = file("\"A\", \"B\", \"C\"", &prior(2, 1, 3)).unwrap();
        assert_eq!(r.path("A", "A"), None);
        assert_eq!(
            r.path("B", "C"),
            Some(vec!["B".to_string(), "C".to_string()])
        );
        let given = r.prior("A", "B");
        assert_eq!((given.lag, given.lo, given.hi), (2, 1, 3));
        assert_eq!(given.basis, "prior");
        for (from, to) in [("B", "C"), ("A", "C"), ("B", "A")] {
            let none = r.prior(from, to);
            assert_eq!((none.lag, none.lo, none.hi), (0, 0, 1), "{from} → {to}");
        }
        // Without data, each edge is its prior, and a path their sum.
        let r = file(
            "\"A\", \"B\", \"C\"",
            &format!(
                "{}[[prior]]\nfrom = \"B\"\nto = \"C\"\nlag = 1\nlo = 0\nhi = 2\n",
                prior(2, 1, 3)
            ),
        )
        .unwrap();
        let e = edges(&r, &[]);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].0, "r");
        let spans: Vec<_> = e[0].1.iter().map(|l| (l.lag, l.lo, l.hi)).collect();
        assert_eq!(spans, [(2, 1, 3), (1, 0, 2)]);
        let (sum, path) = lag(&r, &[], "A", "C", None).unwrap();
        assert_eq!((sum.lag, sum.lo, sum.hi), (3, 1, 5));
        assert_eq!(sum.basis, PATH_SUM);
        assert_eq!(path, ["A", "B", "C"]);
        assert!(lag(&r, &[], "C", "A", None).is_none());
        // Downstream of B: C only, at its prior; a nationality is not
        // downstream of its own country; an unknown place has none.
        let period: corredor_model::Period = "2024-03".parse().unwrap();
        let d = propagate(&r, &[], "B", "VEN", period, 100.0);
        let places: Vec<(&str, String)> = d
            .iter()
            .map(|d| (d.place.as_str(), d.period.to_string()))
            .collect();
        assert_eq!(places, [("C", "2024-04".to_string())]);
        assert_eq!(d[0].additional, None);
        let d = propagate(&r, &[], "A", "VEN", period, 100.0);
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[1].earliest.to_string(), d[1].latest.to_string()),
            ("2024-04".into(), "2024-08".into())
        );
        assert!(propagate(&r, &[], "A", "C", period, 100.0)
            .iter()
            .all(|d| d.place != "C"));
        assert!(propagate(&r, &[], "Z", "VEN", period, 100.0).is_empty());
    }

    #[test]
    fn a_lag_is_learned_with_its_range_share_and_how_many_nationalities() {
        let pair = |nat: &str, k: usize, months: usize| {
            let up: Vec<f64> = (0..months).map(|t| wave(t, k)).collect();
            let down: Vec<f64> = (0..months)
                .map(|t| if t < 2 { 500.0 } else { 0.5 * wave(t - 2, k) })
                .collect();
            [
                series(&format!("PAN/ALL/{nat}/irregular_entries"), "2021-01", up),
                series(&format!("CRI/ALL/{nat}/irregular_entries"), "2021-01", down),
            ]
        };
        let mut all: Vec<Series> = Vec::new();
        for (k, nat) in ["VEN", "HTI", "ECU"].iter().enumerate() {
            all.extend(pair(nat, k, 40));
        }
        // Upstream only: not counted.
        all.push(series(
            "PAN/ALL/CHN/irregular_entries",
            "2021-01",
            vec![50.0; 40],
        ));
        let l = learn(&all, "PAN", "CRI").unwrap();
        assert_eq!((l.lag, l.lo, l.hi), (2, 2, 2), "{l:?}");
        assert_eq!(l.basis, "learned from 3 nationalities");
        assert!((l.share.unwrap() - 0.5).abs() < 1e-12, "{l:?}");
        // Fifteen months together (twelve and the largest lag) are enough.
        let l = learn(&pair("VEN", 0, 15), "PAN", "CRI").unwrap();
        assert_eq!(l.basis, "learned from 1 nationality");
        assert!(learn(&pair("VEN", 0, 14), "PAN", "CRI").is_none());
        // The overlap is the months both have, whichever ends first.
        let mut late = pair("VEN", 0, 40);
        late[1] = series(
            "CRI/ALL/VEN/irregular_entries",
            "2023-10",
            late[1].values[33..].to_vec(),
        );
        assert!(learn(&late, "PAN", "CRI").is_none());
        for end in [0, 1] {
            let mut short = pair("VEN", 0, 40);
            short[end].values.truncate(14);
            assert!(learn(&short, "PAN", "CRI").is_none(), "{end}");
        }
        // Nobody crossed: nothing to learn from.
        let none = [
            series("PAN/ALL/VEN/irregular_entries", "2021-01", vec![0.0; 40]),
            series("CRI/ALL/VEN/irregular_entries", "2021-01", vec![0.0; 40]),
        ];
        assert!(learn(&none, "PAN", "CRI").is_none());
        // One nationality's lag is learned from its series alone.
        let routes = RouteFile::parse(DEFAULT_ROUTES).unwrap();
        let (one, _) = lag(&routes, &all, "PAN", "CRI", Some("HTI")).unwrap();
        assert_eq!(one.basis, "learned from 1 nationality");
        assert_eq!(one.lag, 2);
    }

    #[test]
    fn correlation_and_log_changes_are_the_textbook_ones() {
        let r = |a: &[f64], b: &[f64]| correlation(a, b);
        assert_eq!(r(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Some(1.0));
        assert_eq!(r(&[1.0, 2.0, 3.0], &[6.0, 4.0, 2.0]), Some(-1.0));
        // Means 2.5: Σab = 4, Σa² = Σb² = 5.
        let c = r(&[1.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 4.0, 99.0]).unwrap();
        assert!((c - 0.8).abs() < 1e-12, "{c}");
        assert_eq!(r(&[1.0, 2.0], &[2.0, 1.0]), None, "two points");
        assert_eq!(r(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None, "flat");
        assert_eq!(r(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]), None, "flat");

        // 9, 99, 999: each month ten times the one before, on 1 + count;
        // a month not reported counts zero.
        let s = series(
            "PAN/ALL/VEN/irregular_entries",
            "2023-02",
            vec![9.0, 99.0, 999.0],
        );
        let c = log_changes(&s, "2023-01".parse().unwrap(), 5);
        let ten = 10f64.ln();
        let want = [ten, ten, ten, -1000f64.ln()];
        for (got, want) in c.iter().zip(want) {
            assert!((got - want).abs() < 1e-12, "{c:?}");
        }
        assert_eq!(c.len(), 4);
    }

    #[test]
    fn the_default_routes_parse() {
        let r = RouteFile::parse(DEFAULT_ROUTES).unwrap();
        assert_eq!(r.path("PAN", "USA").unwrap().len(), 7);
        assert!(r.path("USA", "PAN").is_none());
        // Every route is named in the four languages.
        for route in &r.routes {
            for lang in corredor_model::Lang::ALL {
                let name = route.name_in(lang);
                assert!(
                    lang == corredor_model::Lang::En || name != route.name,
                    "{name}"
                );
            }
        }
        assert_eq!(
            r.routes[0].name_in(corredor_model::Lang::Es),
            "Darién, hacia el norte"
        );
    }

    #[test]
    fn a_one_month_lag_is_learned_from_shifted_series() {
        let mut all = Vec::new();
        for (k, nat) in ["VEN", "HTI", "ECU"].iter().enumerate() {
            let up: Vec<f64> = (0..40).map(|t| wave(t, k)).collect();
            let down: Vec<f64> = (0..40)
                .map(|t| if t == 0 { 500.0 } else { 0.6 * wave(t - 1, k) })
                .collect();
            all.push(series(
                &format!("PAN/ALL/{nat}/irregular_entries"),
                "2021-01",
                up,
            ));
            all.push(series(
                &format!("USA/ALL/{nat}/encounters"),
                "2021-01",
                down,
            ));
        }
        let l = learn(&all, "PAN", "USA").unwrap();
        assert_eq!(l.lag, 1);
        assert!((l.share.unwrap() - 0.6).abs() < 0.05, "{l:?}");
        let routes = RouteFile::parse(DEFAULT_ROUTES).unwrap();
        let d = propagate(
            &routes,
            &all,
            "PAN",
            "VEN",
            "2023-05".parse().unwrap(),
            10_000.0,
        );
        let usa = d.iter().find(|d| d.place == "USA").unwrap();
        assert_eq!(usa.period.to_string(), "2023-06");
        assert_eq!(usa.additional, Some(6000.0));
        // What it could have been learned from: the nationality's series
        // at the two ends, not the other nationalities'.
        let basis: Vec<String> = usa.basis.iter().map(ToString::to_string).collect();
        assert_eq!(
            basis,
            ["PAN/ALL/VEN/irregular_entries", "USA/ALL/VEN/encounters"]
        );
        let cri = d.iter().find(|d| d.place == "CRI").unwrap();
        assert_eq!(cri.additional, None);
    }
}

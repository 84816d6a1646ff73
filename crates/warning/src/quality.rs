//! Data-quality screening, before detection: a month in which a reporter's
//! figures change in a way no movement of people does is a question for
//! the reporter, not an alert for the corridor.
//!
//! Three signs of a reporting break, each judged at a place (reporter,
//! location, indicator) month by month against its **reference**: each
//! series' median over the last [`QualityConfig::reference_months`] months not themselves
//! flagged, so that a break lasting several months is measured against the
//! figures before it, not against itself.
//!
//! - **jump**: the place's total is at least `total_ratio` × its reference
//!   and a large share of its series (`share`, at least `min_series`) jump
//!   together by `ratio` × and `min_change` people, counting nationalities
//!   that appear at the place for the first time (a publisher that suddenly
//!   lists fifty new nationalities is sending a different measure);
//! - **fall**: the same, downwards;
//! - **outlier**: one series reaches `outlier_ratio` × the largest figure
//!   the place has ever sent for any series, after a year of history.
//!
//! A month right after a flagged one is flagged again, in the same
//! direction, while the place's total stays `total_ratio` × away from its
//! reference: the nationalities that came with a break are not new in its
//! second month, but the figures are still not comparable.
//!
//! Consecutive flagged months of one reporter and indicator make **one**
//! notice, naming the months and the series. The series that moved with the
//! break are *held*: no surge or emergence is raised on them in those
//! months, and later months are judged with the held values replaced by the
//! series' reference, until the reporter confirms the month (then its
//! figures stand as sent) or revises it (then the new figures are screened
//! like any other).
//!
//! Every threshold was set on IOM's and OHSS's series before 2019 and the
//! breaks their publishers document (Colombia's change of measure in
//! January 2023, Honduras from February 2025), not on the demo's alerts.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use corredor_model::{Period, SeriesKey};
use serde::Serialize;

use crate::series::Series;

/// Thresholds of the screen.
#[derive(Debug, Clone)]
pub struct QualityConfig {
    /// Months a place must have reported before a month can be judged: a
    /// reporter's first months, while its coverage grows, are not yet a
    /// reference (Honduras's first three months of 2022 rose fivefold as
    /// nationalities were added).
    pub min_history: usize,
    /// Months of the reference (each series' median over them).
    pub reference_months: usize,
    /// A series "moves" by this factor (on `1 + count`)…
    pub ratio: f64,
    /// …and by at least this many people.
    pub min_change: f64,
    /// The place's total moves by at least this factor.
    pub total_ratio: f64,
    /// Share of the place's series that move together…
    pub share: f64,
    /// …and at least this many.
    pub min_series: usize,
    /// One figure this many times the largest the place ever sent.
    pub outlier_ratio: f64,
    /// Months of history before the outlier rule applies.
    pub outlier_history: usize,
}

impl Default for QualityConfig {
    fn default() -> Self {
        QualityConfig {
            min_history: 12,
            reference_months: 3,
            ratio: 3.0,
            min_change: 20.0,
            total_ratio: 3.0,
            share: 0.3,
            min_series: 5,
            outlier_ratio: 3.0,
            outlier_history: 12,
        }
    }
}

/// Which way a break went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Break {
    Jump,
    Fall,
    Outlier,
}

/// One reporting break: consecutive flagged months of one reporter and
/// indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notice {
    pub reporter: String,
    pub indicator: String,
    pub kind: Break,
    /// The flagged months, in order (consecutive).
    pub months: Vec<Period>,
    /// The series held out of detection, in key order.
    pub series: Vec<SeriesKey>,
    /// The reporter's total (over the places flagged) in the last month,
    /// and its reference before the break.
    pub total: f64,
    pub reference: f64,
    /// Nationalities that first appeared in the break.
    pub new_series: usize,
}

impl Notice {
    pub fn last(&self) -> Period {
        *self.months.last().expect("a notice has a month")
    }
}

/// What the screen found over a set of series.
#[derive(Debug, Clone, Default)]
pub struct Screening {
    pub notices: Vec<Notice>,
    /// Held values: per series, the flagged periods and the reference that
    /// stands in for them.
    pub held: HashMap<SeriesKey, BTreeMap<Period, f64>>,
}

impl Screening {
    /// Whether the value of `key` at `p` is held out.
    pub fn is_held(&self, key: &SeriesKey, p: &Period) -> bool {
        self.held.get(key).is_some_and(|h| h.contains_key(p))
    }

    /// The series with its held values replaced by their references.
    pub fn clean(&self, s: &Series) -> Series {
        let mut out = s.clone();
        if let Some(h) = self.held.get(&s.key) {
            for (p, v) in h {
                if let Some(i) = s.index_of(p) {
                    out.values[i] = *v;
                }
            }
        }
        out
    }
}

/// Months a reporter has confirmed: their figures stand as sent.
pub type Confirmed = BTreeSet<(String, Period)>;

type Place = (String, String, String);

fn place_of(k: &SeriesKey) -> Place {
    (
        k.reporter.clone(),
        k.location.to_string(),
        k.indicator.clone(),
    )
}

/// A flagged month at one place.
struct Flag {
    kind: Break,
    held: Vec<(SeriesKey, f64)>,
    total: f64,
    reference: f64,
    new_series: usize,
}

/// Screens every place of `series` over its whole span.
pub fn screen(series: &[Series], confirmed: &Confirmed, config: &QualityConfig) -> Screening {
    let mut places: BTreeMap<Place, Vec<&Series>> = BTreeMap::new();
    for s in series {
        if !s.values.is_empty() {
            places.entry(place_of(&s.key)).or_default().push(s);
        }
    }
    // (reporter, indicator) → month → flags of its places.
    let mut flagged: BTreeMap<(String, String), BTreeMap<Period, Vec<Flag>>> = BTreeMap::new();
    for ((reporter, _, indicator), members) in &places {
        for (p, flag) in screen_place(reporter, members, confirmed, config) {
            flagged
                .entry((reporter.clone(), indicator.clone()))
                .or_default()
                .entry(p)
                .or_default()
                .push(flag);
        }
    }
    let mut out = Screening::default();
    for ((reporter, indicator), months) in flagged {
        let mut run: Vec<(Period, Vec<Flag>)> = Vec::new();
        let flush = |run: &mut Vec<(Period, Vec<Flag>)>, out: &mut Screening| {
            if run.is_empty() {
                return;
            }
            let mut keys = BTreeSet::new();
            let mut kinds = BTreeMap::new();
            let mut new_series = 0;
            for (p, flags) in run.iter() {
                for f in flags {
                    *kinds.entry(f.kind).or_insert(0usize) += 1;
                    new_series += f.new_series;
                    for (k, v) in &f.held {
                        keys.insert(k.clone());
                        out.held.entry(k.clone()).or_default().insert(*p, *v);
                    }
                }
            }
            let (_, last) = run.last().expect("not empty");
            let kind = kinds
                .iter()
                .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
                .map_or(Break::Jump, |(k, _)| *k);
            out.notices.push(Notice {
                reporter: reporter.clone(),
                indicator: indicator.clone(),
                kind,
                months: run.iter().map(|(p, _)| *p).collect(),
                series: keys.into_iter().collect(),
                total: last.iter().map(|f| f.total).sum(),
                reference: last.iter().map(|f| f.reference).sum(),
                new_series,
            });
            run.clear();
        };
        for (p, flags) in months {
            if run.last().is_some_and(|(q, _)| q.offset(1) != p) {
                flush(&mut run, &mut out);
            }
            run.push((p, flags));
        }
        flush(&mut run, &mut out);
    }
    out
}

/// The flagged months of one place, in order.
fn screen_place(
    reporter: &str,
    members: &[&Series],
    confirmed: &Confirmed,
    config: &QualityConfig,
) -> Vec<(Period, Flag)> {
    let first = members.iter().map(|s| s.start).min().expect("a member");
    let last = members
        .iter()
        .map(|s| s.period(s.values.len() - 1))
        .max()
        .expect("a member");
    let span = first.steps_to(&last) as usize + 1;
    let view = View { members, first };
    let mut good: Vec<usize> = Vec::new();
    let mut previous: Option<Break> = None;
    let mut largest = 0.0f64;
    let mut out = Vec::new();
    for t in 0..span {
        let period = first.offset(t as i64);
        let refs = &good[good.len().saturating_sub(config.reference_months)..];
        let judged = t >= config.min_history && !refs.is_empty();
        let mut flag = None;
        if judged {
            flag = judge(&view, previous, t, refs, largest, config);
        }
        if confirmed.contains(&(reporter.to_string(), period)) {
            // Confirmed: the figures stand as sent, and the month joins
            // the reference like any other.
            flag = None;
        }
        // Before a flag is decided, the largest figure so far excludes this month.
        for s in members {
            if let Some(v) = view.value(s, t) {
                if flag.is_none() {
                    largest = largest.max(v);
                }
            }
        }
        previous = flag.as_ref().map(|f| f.kind);
        match flag {
            Some(f) => out.push((period, f)),
            None => good.push(t),
        }
    }
    out
}

/// The median: one odd month in the reference does not move it.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => v[n / 2],
        _ => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// The series of one place, by month from the place's first.
struct View<'a> {
    members: &'a [&'a Series],
    first: Period,
}

impl View<'_> {
    /// The value of `s` in month `t`: `None` before its first month or
    /// after its last.
    fn value(&self, s: &Series, t: usize) -> Option<f64> {
        let i = s.start.steps_to(&self.first.offset(t as i64));
        if i < 0 {
            return None;
        }
        s.values.get(i as usize).copied()
    }

    /// The month of the place in which `s` starts.
    fn first_offset(&self, s: &Series) -> usize {
        self.first.steps_to(&s.start) as usize
    }
}

fn judge(
    view: &View,
    continuing: Option<Break>,
    t: usize,
    refs: &[usize],
    largest: f64,
    config: &QualityConfig,
) -> Option<Flag> {
    let mut total = 0.0;
    let mut reference = 0.0;
    let (mut active, mut up, mut down, mut new) = (0usize, 0usize, 0usize, 0usize);
    let mut rising = Vec::new();
    let mut falling = Vec::new();
    let mut outliers = Vec::new();
    for s in view.members {
        let Some(v) = view.value(s, t) else {
            continue;
        };
        // Series are dense from their first month: seen before `t` is
        // starting before it.
        let seen_before = view.first_offset(s) < t;
        let r = median(
            refs.iter()
                .map(|&u| view.value(s, u).unwrap_or(0.0))
                .collect(),
        );
        total += v;
        reference += r;
        if !seen_before {
            if v > 0.0 {
                new += 1;
                rising.push((s.key.clone(), 0.0));
            }
            continue;
        }
        active += 1;
        let factor = (v + 1.0) / (r + 1.0);
        if factor >= config.ratio && v - r >= config.min_change {
            up += 1;
        }
        if factor <= 1.0 / config.ratio && r - v >= config.min_change {
            down += 1;
        }
        if v > r {
            rising.push((s.key.clone(), r));
        } else if v < r {
            falling.push((s.key.clone(), r));
        }
        if t >= config.outlier_history
            && largest > 0.0
            && v >= config.outlier_ratio * largest
            && v - largest >= config.min_change
        {
            outliers.push((s.key.clone(), r));
        }
    }
    let factor = (total + 1.0) / (reference + 1.0);
    let enough = |moved: usize, of: usize| {
        moved >= config.min_series && moved as f64 >= config.share * of as f64
    };
    let flag = |kind, held| Flag {
        kind,
        held,
        total,
        reference,
        new_series: if kind == Break::Jump { new } else { 0 },
    };
    // A break that goes on is judged on the total alone: the nationalities
    // that appeared with it are no longer new, but the place is still far
    // from anything it sent before.
    let jump = factor >= config.total_ratio
        && (continuing == Some(Break::Jump) || enough(up + new, active + new));
    let fall = factor <= 1.0 / config.total_ratio
        && (continuing == Some(Break::Fall) || enough(down, active));
    if jump {
        Some(flag(Break::Jump, rising))
    } else if fall {
        Some(flag(Break::Fall, falling))
    } else if !outliers.is_empty() {
        Some(flag(Break::Outlier, outliers))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    /// Twenty nationalities at one place, steady with a little variation.
    fn place(reporter: &str, months: usize) -> Vec<Series> {
        let nats = [
            "VEN", "HTI", "ECU", "COL", "CUB", "CHN", "IND", "AFG", "PER", "BRA", "CHL", "NIC",
            "GTM", "SLV", "DOM", "SEN", "CMR", "NPL", "BGD", "UZB",
        ];
        nats.iter()
            .enumerate()
            .map(|(k, n)| Series {
                key: format!("{reporter}/ALL/{n}/irregular_entries")
                    .parse()
                    .unwrap(),
                start: p("2020-01"),
                values: (0..months)
                    .map(|t| {
                        (100.0 * (k + 1) as f64 * (1.0 + 0.1 * ((t * 7 + k) % 5) as f64)).round()
                    })
                    .collect(),
            })
            .collect()
    }

    #[test]
    fn a_month_multiplied_by_ten_is_one_notice_holding_its_series() {
        let mut s = place("HND", 40);
        for x in &mut s {
            x.values[30] *= 10.0;
            x.values[31] *= 10.0;
        }
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
        let n = &r.notices[0];
        assert_eq!(n.kind, Break::Jump);
        assert_eq!(n.months, vec![p("2022-07"), p("2022-08")]);
        assert_eq!(n.series.len(), 20);
        assert!(r.is_held(&s[0].key, &p("2022-08")));
        assert!(!r.is_held(&s[0].key, &p("2022-09")));
        // The held values read as the reference, not as sent.
        let clean = r.clean(&s[3]);
        assert!(clean.values[30] < 2.0 * s[3].values[29]);
    }

    #[test]
    fn a_confirmed_month_stands_as_sent() {
        let mut s = place("HND", 40);
        for x in &mut s {
            x.values[30] *= 10.0;
        }
        let confirmed: Confirmed = [("HND".to_string(), p("2022-07"))].into();
        let r = screen(&s, &confirmed, &QualityConfig::default());
        assert!(r.notices.is_empty(), "{:?}", r.notices);
    }

    #[test]
    fn a_surge_of_a_few_nationalities_is_not_a_break() {
        let mut s = place("PAN", 40);
        for x in s.iter_mut().take(3) {
            for v in &mut x.values[30..] {
                *v *= 6.0;
            }
        }
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert!(r.notices.is_empty(), "{:?}", r.notices);
    }

    #[test]
    fn many_nationalities_appearing_at_once_is_a_break() {
        let mut s = place("COL", 40);
        s.truncate(5);
        let mut newcomers = place("COL", 40);
        for x in &mut newcomers[5..] {
            x.start = p("2022-07");
            x.values = vec![800.0; 10];
        }
        s.extend(newcomers.into_iter().skip(5));
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
        assert_eq!(r.notices[0].new_series, 15);
        assert_eq!(r.notices[0].months[0], p("2022-07"));
    }
}

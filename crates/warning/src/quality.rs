//! Data-quality screening, before detection: a month in which a reporter's
//! figures change together, as they do when the way they are counted
//! changes (or a policy changes overnight), is a question for the
//! reporter, not an alert for the corridor.
//!
//! Three signs of a reporting break, each judged at a place (reporter,
//! location, indicator) month by month against two **bases**: each
//! series' median over the last [`QualityConfig::reference_months`] months
//! not themselves flagged (one odd month does not move it, and a break
//! lasting several months is measured against the figures before it, not
//! against itself), and the last month not flagged, while it is in line
//! with that median (a median lags a real fall or rise of the months
//! before it). A break against either basis is a break; one that goes on
//! is measured against the median.
//!
//! - **jump**: the place's total is at least `total_ratio` × the basis
//!   and a large share (`share`, at least `min_series`) of its series jump
//!   together by `ratio` × and `min_change` people, counting nationalities
//!   that appear at the place for the first time (a publisher that suddenly
//!   lists fifty new nationalities is sending a different measure). The
//!   share is of the series that counted at least `min_change` people in
//!   the month or in the basis: a series of three people cannot move by
//!   twenty, and a reporter that lists a hundred such nationalities would
//!   otherwise never show a break;
//! - **fall**: the same, downwards;
//! - **outlier**: one series reaches `outlier_ratio` × the largest figure
//!   the place has ever sent for any series, after a year of history.
//!
//! A place's first [`QualityConfig::min_history`] months are not judged,
//! but for a month in which it sent nothing at all (a month left out of
//! a file reads as zeros): that is judged from the place's second month.
//!
//! A month right after a flagged one is flagged again, in the same
//! direction, while the place's total stays `total_ratio` × away from its
//! basis: the nationalities that came with a break are not new in its
//! second month, but the figures are still not comparable.
//!
//! Consecutive flagged months of one reporter and indicator make **one**
//! notice, naming the months and the series. In a month flagged for a jump
//! or a fall every series with a figure at the place is *held*, whichever
//! way it moved (a series that fell in a month sent ten times over still
//! reads as growth over last year); an outlier holds its one series. No
//! surge or emergence is raised on a held series in those months, and
//! later months are judged with the held value replaced by the basis (for
//! a jump, never above what was sent; for a fall, never below it), until
//! the reporter confirms the month (then its figures stand as sent) or
//! revises it (then the new figures are screened like any other).
//!
//! Every threshold was set on IOM's and OHSS's series before 2019 and the
//! breaks their publishers document (Colombia's change of measure in
//! January 2023, Honduras from February 2025), not on the demo's alerts.
//! The second basis, the share among series that could move and the
//! holding of every figure came from planting breaks (each month of a
//! reporter sent ten times over, or a tenth) in the real series of every
//! reporter, which found months the screen missed or half-held.

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
    /// and the total of the basis its places' last month was judged
    /// against (the median of the months before the break, or the month
    /// before it).
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
    /// Held values: per series, the flagged periods and the value that
    /// stands in for each (see the module's documentation).
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
    // A place's series of each frequency apart: months are not judged
    // against days.
    let mut places: BTreeMap<(Place, corredor_model::Frequency), Vec<&Series>> = BTreeMap::new();
    for s in series {
        if !s.values.is_empty() {
            places
                .entry((place_of(&s.key), s.start.frequency()))
                .or_default()
                .push(s);
        }
    }
    // (reporter, indicator) → month → flags of its places.
    let mut flagged: BTreeMap<(String, String), BTreeMap<Period, Vec<Flag>>> = BTreeMap::new();
    for (((reporter, _, indicator), _), members) in &places {
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
            let mut new_series = 0;
            for (p, flags) in run.iter() {
                for f in flags {
                    new_series += f.new_series;
                    for (k, v) in &f.held {
                        keys.insert(k.clone());
                        out.held.entry(k.clone()).or_default().insert(*p, *v);
                    }
                }
            }
            let (_, last) = run.last().expect("not empty");
            // The way the last month went, whose figures the notice
            // quotes: a break that fell and then jumped is told as the
            // jump its quoted figures show.
            let mut kinds = BTreeMap::new();
            for f in last {
                *kinds.entry(f.kind).or_insert(0usize) += 1;
            }
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
            if run
                .last()
                .is_some_and(|(q, _)| q.checked_offset(1) != Some(p))
            {
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
        // A month in which the place sent nothing at all, after months it
        // sent figures, is judged whatever its history: a reporter's first
        // months may grow as it adds nationalities, but none of them falls
        // to nothing together (a month left out of a file reads as zeros).
        let nothing = members
            .iter()
            .all(|s| view.value(s, t).unwrap_or(0.0) == 0.0);
        let judged = (t >= config.min_history || nothing) && !refs.is_empty();
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
    // Two bases, each series against both: the median of the reference
    // months, which one odd month does not move, and the last month not
    // flagged, which a real rise or fall of the months before has already
    // reached.
    let last = *refs.last().expect("judged months have a reference");
    let mut bases = [Basis::default(), Basis::default()];
    let mut total = 0.0;
    // Nationalities new at the place, and those of them with at least
    // `min_change` people: a newcomer of one person is no sign of a break,
    // and would weigh heavily in a share of the series that could move.
    let (mut new, mut new_movers) = (0usize, 0usize);
    let mut present = Vec::new();
    let mut outliers = Vec::new();
    for s in view.members {
        let Some(v) = view.value(s, t) else {
            continue;
        };
        // Series are dense from their first month: seen before `t` is
        // starting before it.
        let seen_before = view.first_offset(s) < t;
        let median_ref = median(
            refs.iter()
                .map(|&u| view.value(s, u).unwrap_or(0.0))
                .collect(),
        );
        let last_ref = view.value(s, last).unwrap_or(0.0);
        total += v;
        for (basis, r) in bases.iter_mut().zip([median_ref, last_ref]) {
            basis.reference += r;
            if !seen_before {
                continue;
            }
            // Only a series that counted `min_change` people in one of the
            // two months can have moved by that many: the share is of those.
            if v.max(r) >= config.min_change {
                basis.eligible += 1;
            }
            let factor = (v + 1.0) / (r + 1.0);
            if factor >= config.ratio && v - r >= config.min_change {
                basis.up += 1;
            }
            if factor <= 1.0 / config.ratio && r - v >= config.min_change {
                basis.down += 1;
            }
        }
        if !seen_before {
            if v > 0.0 {
                new += 1;
                new_movers += usize::from(v >= config.min_change);
                present.push((s.key.clone(), v, [0.0, 0.0]));
            }
            continue;
        }
        present.push((s.key.clone(), v, [median_ref, last_ref]));
        if t >= config.outlier_history
            && largest > 0.0
            && v >= config.outlier_ratio * largest
            && v - largest >= config.min_change
        {
            outliers.push((s.key.clone(), median_ref));
        }
    }
    let enough = |moved: usize, of: usize| {
        moved >= config.min_series && moved as f64 >= config.share * of as f64
    };
    // A break that goes on is judged on the total alone: the nationalities
    // that appeared with it are no longer new, but the place is still far
    // from anything it sent before.
    let jumped = |b: &Basis| {
        b.factor(total) >= config.total_ratio
            && (continuing == Some(Break::Jump)
                || enough(b.up + new_movers, b.eligible + new_movers))
    };
    let fell = |b: &Basis| {
        b.factor(total) <= 1.0 / config.total_ratio
            && (continuing == Some(Break::Fall) || enough(b.down, b.eligible))
    };
    // A break against either basis: the median lags a real fall or rise of
    // the months before (a month sent ten times over just after flows fell
    // by half and half again is only twice the median, but nearly five
    // times the month before: Panama, January 2025), and the month before
    // misses a break in a month when the largest series really fell
    // (Venezuelans in the Darién, November 2022). The month before counts
    // only while it is in line with the median (after a month confirmed
    // ten times over, a return to the usual figures is no break), and only
    // to start a break: one that goes on is measured against the median of
    // the months before it, so that a break found against a low month
    // before does not go on while the figures are merely back to usual.
    let in_line = bases[1].factor(bases[0].reference) < config.total_ratio
        && bases[0].factor(bases[1].reference) < config.total_ratio;
    let usable = if in_line && continuing.is_none() {
        &bases[..]
    } else {
        &bases[..1]
    };
    let found = [Break::Jump, Break::Fall].into_iter().find_map(|kind| {
        let hit = |b: &Basis| match kind {
            Break::Jump => jumped(b),
            _ => fell(b),
        };
        usable.iter().position(hit).map(|i| (kind, i))
    });
    if let Some((kind, i)) = found {
        // Every figure of the place that month is in doubt, whichever way it
        // moved: a series that fell in a month sent ten times over may still
        // be read as growth over last year. Each stands in as the larger of
        // the usable bases for a jump (the smaller for a fall), never above
        // what was sent for a jump nor below it for a fall: one that moved
        // against the break stands as sent, and one month a series skipped
        // does not put a zero in its history.
        let held = present
            .into_iter()
            .filter(|(_, v, basis)| *v > 0.0 || basis.iter().any(|r| *r > 0.0))
            .map(|(key, v, basis)| {
                let usable = &basis[..usable.len()];
                let stand_in = match kind {
                    Break::Jump => v.min(usable.iter().copied().fold(0.0, f64::max)),
                    _ => v.max(usable.iter().copied().fold(f64::INFINITY, f64::min)),
                };
                (key, stand_in)
            })
            .collect();
        return Some(Flag {
            kind,
            held,
            total,
            reference: bases[i].reference,
            new_series: if kind == Break::Jump { new } else { 0 },
        });
    }
    (!outliers.is_empty()).then(|| Flag {
        kind: Break::Outlier,
        held: outliers,
        total,
        reference: bases[0].reference,
        new_series: 0,
    })
}

/// A place's month against one basis: the place's reference total, and the
/// series that rose or fell with it.
#[derive(Default)]
struct Basis {
    reference: f64,
    /// Series that counted at least `min_change` people in the month or
    /// in the basis.
    eligible: usize,
    up: usize,
    down: usize,
}

impl Basis {
    fn factor(&self, total: f64) -> f64 {
        (total + 1.0) / (self.reference + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), 0.0);
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
    }

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

    /// Twenty nationalities at one place, each at a constant level, every
    /// figure multiplied by `level(t)` in month `t`.
    fn steady(months: usize, level: impl Fn(usize) -> f64) -> Vec<Series> {
        place("PAN", months)
            .into_iter()
            .enumerate()
            .map(|(k, mut s)| {
                for (t, v) in s.values.iter_mut().enumerate() {
                    *v = (100.0 * (k + 1) as f64 * level(t)).round();
                }
                s
            })
            .collect()
    }

    #[test]
    fn a_month_sent_ten_times_over_just_after_a_fall_is_a_break() {
        // Flows fell to 45% in month 28 (a real fall, not a break), and
        // month 29, at 18% of before, was sent ten times over: 1.8 times
        // the median of the three months before, but four times the month
        // before.
        let level = |t: usize| match t {
            28 => 0.45,
            29 => 1.8,
            _ if t > 29 => 0.45,
            _ => 1.0,
        };
        let s = steady(36, level);
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
        assert_eq!(r.notices[0].kind, Break::Jump);
        assert_eq!(r.notices[0].months, vec![p("2022-06")]);
        assert!(r.is_held(&s[19].key, &p("2022-06")));
        // Without the break the month is no jump (against the median it
        // is a fall, for the reporter to confirm).
        let s = steady(36, |t| if t == 29 { 0.18 } else { level(t) });
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
        assert_eq!(r.notices[0].kind, Break::Fall);
    }

    #[test]
    fn every_figure_of_a_flagged_month_is_held_even_one_against_the_break() {
        let mut s = place("HND", 40);
        for x in &mut s {
            x.values[30] *= 10.0;
        }
        // Sent ten times over, this one still fell: its own figure fell to
        // a fortieth.
        s[0].values[30] = (s[0].values[29] / 4.0).round();
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
        assert!(r.is_held(&s[0].key, &p("2022-07")));
        // It stands as sent: no nearer the reference than its own figure.
        assert_eq!(r.clean(&s[0]).values[30], s[0].values[30]);
        // One that rose stands in as its reference.
        assert!(r.clean(&s[5]).values[30] < s[5].values[30] / 5.0);
    }

    #[test]
    fn a_break_that_fell_then_jumped_is_told_by_its_last_month() {
        // A tenth for two months, ten times over the next: the notice
        // quotes the last month's figures, so it says they jumped.
        let mut s = place("PAN", 40);
        for x in &mut s {
            x.values[29] = (x.values[29] / 10.0).round();
            x.values[30] = (x.values[30] / 10.0).round();
            x.values[31] *= 10.0;
        }
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        let last = r
            .notices
            .iter()
            .find(|n| n.last() == p("2022-08"))
            .unwrap_or_else(|| panic!("{:?}", r.notices));
        assert_eq!(last.kind, Break::Jump, "{last:?}");
        assert!(last.total > last.reference, "{last:?}");
    }

    #[test]
    fn a_month_sent_a_tenth_is_a_break_among_many_small_series() {
        // Twenty nationalities of some size and sixty of a few people each:
        // the small ones cannot fall by twenty people, so the share that
        // fell is of the twenty.
        let mut s = place("MEX", 40);
        for copy in 0..3u8 {
            for (k, mut x) in place("MEX", 40).into_iter().enumerate() {
                x.key.nationality =
                    format!("Q{}{}", (b'R' + copy) as char, (b'A' + k as u8) as char);
                for (t, v) in x.values.iter_mut().enumerate() {
                    *v = ((t + k + copy as usize) % 6) as f64;
                }
                s.push(x);
            }
        }
        for x in &mut s {
            x.values[30] = (x.values[30] / 10.0).round();
        }
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
        assert_eq!(r.notices[0].kind, Break::Fall);
        assert_eq!(r.notices[0].months, vec![p("2022-07")]);
    }

    #[test]
    fn a_recovery_from_a_low_month_is_at_most_one_month_flagged() {
        // A month at 35% (not low enough to be a fall), then the usual
        // figures again: three times the month before. Whether or not that
        // month is named, the months after it, back to usual, are not.
        let s = steady(40, |t| if t == 30 { 0.35 } else { 1.0 });
        let r = screen(&s, &Confirmed::new(), &QualityConfig::default());
        assert!(r.notices.len() <= 1, "{:?}", r.notices);
        assert!(
            r.notices.iter().all(|n| n.months == vec![p("2022-08")]),
            "{:?}",
            r.notices
        );
    }

    #[test]
    fn newcomers_of_a_few_people_do_not_make_a_surge_a_break() {
        // Two large nationalities really surge twelvefold, nearly
        // quadrupling the place's total, while six nationalities of one
        // person each appear: no break, the surge is the corridor's to see.
        let mut s = steady(40, |_| 1.0);
        for x in s.iter_mut().take(10) {
            for v in &mut x.values {
                *v = (*v / 100.0).round();
            }
        }
        for x in s.iter_mut().skip(18) {
            x.values[30] *= 12.0;
        }
        let mut newcomers = place("PAN", 40);
        for (k, x) in newcomers.iter_mut().take(6).enumerate() {
            x.key.nationality = format!("Q{}A", (b'R' + k as u8) as char);
            x.start = p("2022-07");
            x.values = vec![1.0; 10];
        }
        s.extend(newcomers.into_iter().take(6));
        // Twelve times the place's largest figure is an outlier, a
        // question of its own; this test is of the share alone.
        let config = QualityConfig {
            outlier_ratio: f64::INFINITY,
            ..QualityConfig::default()
        };
        let r = screen(&s, &Confirmed::new(), &config);
        assert!(r.notices.is_empty(), "{:?}", r.notices);
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

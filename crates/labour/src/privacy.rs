//! Who sees a worker's record, and how counts of people are published.
//!
//! A worker's record is personal data. The rule, in one place:
//!
//! - the secretariat (and the operator, who holds the database) sees every
//!   record;
//! - a member state's analyst sees the records of the workers who reside
//!   in its country: the country that registers them. Not the country of
//!   their nationality: a refugee's record must never reach the state they
//!   left;
//! - an employer sees the minimal profile (occupations, experience,
//!   languages, skills; no nationality, no residence) of the workers a
//!   match run placed in its own vacancies, and nothing of anyone else;
//! - nobody else sees anything of any worker.
//!
//! Counts of workers reach the public only through [`protect`]: a count
//! from 1 to 4 is withheld, and when a table's total is public, enough
//! other cells are withheld that none can be worked out, or bounded below
//! 5, by subtraction, even knowing the places each cell offers.

use corredor_model::{Actor, Role};

/// Counts below this (and above zero) are never published.
pub const THRESHOLD: u64 = 5;

/// How much of one worker's record a reader sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Full,
    /// Occupations, experience, languages and skills.
    Minimal,
    Nothing,
}

/// What `actor` sees of a worker residing in `residence`, whom the latest
/// match run placed with the employers `matched_with`.
pub fn view(actor: &Actor, residence: &str, matched_with: &[String]) -> View {
    match actor.role {
        Role::Operator | Role::Secretariat => View::Full,
        Role::Analyst if actor.country.as_deref() == Some(residence) => View::Full,
        Role::Employer if matched_with.contains(&actor.org) => View::Minimal,
        Role::Analyst | Role::Employer | Role::Participant | Role::Observer | Role::Public => {
            View::Nothing
        }
    }
}

/// Whether `actor` may register, or delete, workers residing in
/// `residence`: the secretariat, and the analysts of that country.
pub fn may_register(actor: &Actor, residence: &str) -> bool {
    view(actor, residence, &[]) == View::Full
}

/// Whether `actor` may record vacancies in `country`: the secretariat,
/// and the analysts of that country (its labour authority).
pub fn may_offer(actor: &Actor, country: &str) -> bool {
    match actor.role {
        Role::Operator | Role::Secretariat => true,
        Role::Analyst => actor.country.as_deref() == Some(country),
        _ => false,
    }
}

/// One count of people in a published table, and the most it can be by
/// what is public anyway (the places a cell of vacancies offers, a
/// pathway's quota), when something bounds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub count: u64,
    pub cap: Option<u64>,
}

impl Cell {
    pub fn new(count: u64) -> Cell {
        Cell { count, cap: None }
    }

    fn small(&self) -> bool {
        self.count > 0 && self.count < THRESHOLD
    }

    /// A cell that public figures bound below the threshold (a cell of 3
    /// places): whatever it counts is small, so it is always withheld,
    /// zero included, lest a zero shown tell its withheld neighbours
    /// apart. A cell that can hold nobody is shown: its zero is public.
    fn always_withheld(&self) -> bool {
        self.cap.is_some_and(|m| m > 0 && m < THRESHOLD)
    }

    /// The least a reader can tell a withheld cell holds: one, where a
    /// zero would have been shown; nothing otherwise.
    fn least(&self) -> u64 {
        u64::from(!self.always_withheld())
    }

    fn most(&self) -> u64 {
        self.cap.unwrap_or(u64::MAX)
    }
}

/// A table of counts of people whose total is public (published, or
/// following from another published table): each cell, `None` where
/// withheld, and whether that protects them.
///
/// Every count from 1 to [`THRESHOLD`]` - 1` is withheld, and a cell that
/// public figures bound below it; then the smallest other counts, one at a
/// time, until a reader who knows the total, the cells shown and every
/// cell's public bound can neither work a withheld small count out nor
/// tell that it is below the threshold (unless its own public bound
/// already says so). `false`: even with every count above zero withheld,
/// the total gives one away, and the caller must keep the total from
/// being known. One table alone: tables that add up across each other are
/// audited together ([`crate::public`]).
pub fn protect(cells: &[Cell]) -> (Vec<Option<u64>>, bool) {
    let mut withheld: Vec<bool> = cells
        .iter()
        .map(|c| c.small() || c.always_withheld())
        .collect();
    let protected = loop {
        if safe(cells, &withheld) {
            break true;
        }
        let next = cells
            .iter()
            .enumerate()
            .filter(|(k, c)| !withheld[*k] && c.count > 0)
            .min_by_key(|(k, c)| (c.count, *k))
            .map(|(k, _)| k);
        match next {
            Some(k) => withheld[k] = true,
            None => break false,
        }
    };
    let shown = cells
        .iter()
        .zip(&withheld)
        .map(|(c, &w)| (!w).then_some(c.count))
        .collect();
    (shown, protected)
}

/// Whether a reader knowing the total, the cells not `withheld` and every
/// cell's public bounds can neither work out a withheld small count nor
/// bound it below the threshold. The withheld cells add up to what the
/// total leaves; each lies between its least and its most, so a cell's
/// range is the least and most the others leave it.
fn safe(cells: &[Cell], withheld: &[bool]) -> bool {
    let hidden: Vec<&Cell> = cells
        .iter()
        .zip(withheld)
        .filter(|(_, &w)| w)
        .map(|(c, _)| c)
        .collect();
    let sum: u64 = hidden.iter().map(|c| c.count).sum();
    let least: u64 = hidden.iter().map(|c| c.least()).sum();
    let unbounded = hidden.iter().filter(|c| c.cap.is_none()).count();
    let bounded: u64 = hidden.iter().filter_map(|c| c.cap).sum();
    hidden.iter().filter(|c| c.small()).all(|c| {
        let others_least = least - c.least();
        let others_most = match c.cap {
            None if unbounded > 1 => u64::MAX,
            None => bounded,
            Some(_) if unbounded > 0 => u64::MAX,
            Some(m) => bounded - m,
        };
        let high = c.most().min(sum.saturating_sub(others_least));
        let low = c.least().max(sum.saturating_sub(others_most));
        low < high && (c.most() < THRESHOLD || high >= THRESHOLD)
    })
}

/// The cells of one published table of counts of people, whose total is
/// published too, with nothing bounding them: [`protect`]'s cells.
#[cfg(test)]
fn suppress(counts: &[u64]) -> Vec<Option<u64>> {
    let cells: Vec<Cell> = counts.iter().map(|&n| Cell::new(n)).collect();
    protect(&cells).0
}

/// A published total of people: withheld from 1 to 4.
pub fn total(n: u64) -> Option<u64> {
    (n == 0 || n >= THRESHOLD).then_some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn actor(role: Role, org: &str, country: Option<&str>) -> Actor {
        Actor {
            org: org.into(),
            country: country.map(str::to_string),
            role,
            token_id: Some(1),
            remote: "test".into(),
        }
    }

    #[test]
    fn the_country_of_residence_sees_a_record_the_country_of_nationality_does_not() {
        let col = actor(Role::Analyst, "COL", Some("COL"));
        let ven = actor(Role::Analyst, "VEN", Some("VEN"));
        assert_eq!(view(&col, "COL", &[]), View::Full);
        assert_eq!(view(&ven, "COL", &[]), View::Nothing);
        assert!(may_register(&col, "COL") && !may_register(&ven, "COL"));
        assert_eq!(
            view(&actor(Role::Secretariat, "SEC", None), "COL", &[]),
            View::Full
        );
    }

    #[test]
    fn an_employer_sees_a_minimal_profile_of_its_own_matches_only() {
        let farm = actor(Role::Employer, "FARM", None);
        assert_eq!(view(&farm, "GTM", &["FARM".into()]), View::Minimal);
        assert_eq!(view(&farm, "GTM", &["OTHER".into()]), View::Nothing);
        assert_eq!(view(&farm, "GTM", &[]), View::Nothing);
        for role in [Role::Public, Role::Observer, Role::Participant] {
            assert_eq!(
                view(&actor(role, "FARM", None), "GTM", &["FARM".into()]),
                View::Nothing
            );
        }
        assert!(!may_offer(&farm, "USA"));
        assert!(may_offer(&actor(Role::Analyst, "USA", Some("USA")), "USA"));
    }

    #[test]
    fn a_lone_small_count_takes_the_next_smallest_with_it() {
        assert_eq!(
            suppress(&[3, 0, 12, 7]),
            vec![None, Some(0), Some(12), None]
        );
        // 3 and 2 withheld alone add up to 5: each would be 1 to 4.
        assert_eq!(suppress(&[3, 2, 12]), vec![None, None, None]);
        // 1 and 1 beside a 10 shown: each is 1, since zeros are shown.
        assert_eq!(suppress(&[1, 1, 10]), vec![None, None, None]);
        assert_eq!(suppress(&[5, 9]), vec![Some(5), Some(9)]);
        assert_eq!(suppress(&[4]), vec![None]);
        assert_eq!((total(4), total(0), total(5)), (None, Some(0), Some(5)));
    }

    /// Every value each withheld cell can take, for a reader who knows
    /// the total, the cells shown and each cell's public bounds.
    fn ranges(cells: &[Cell], shown: &[Option<u64>]) -> Vec<std::collections::BTreeSet<u64>> {
        let total: u64 = cells.iter().map(|c| c.count).sum();
        let left = total - shown.iter().flatten().sum::<u64>();
        let hidden: Vec<usize> = (0..cells.len()).filter(|&k| shown[k].is_none()).collect();
        let mut out = vec![std::collections::BTreeSet::new(); cells.len()];
        let mut x = vec![0u64; hidden.len()];
        fn walk(
            at: usize,
            left: u64,
            hidden: &[usize],
            cells: &[Cell],
            x: &mut Vec<u64>,
            out: &mut Vec<std::collections::BTreeSet<u64>>,
        ) {
            if at == hidden.len() {
                if left == 0 {
                    for (i, &k) in hidden.iter().enumerate() {
                        out[k].insert(x[i]);
                    }
                }
                return;
            }
            let c = cells[hidden[at]];
            for v in c.least()..=c.most().min(left) {
                x[at] = v;
                walk(at + 1, left - v, hidden, cells, x, out);
            }
        }
        walk(0, left, &hidden, cells, &mut x, &mut out);
        out
    }

    proptest! {
        /// No cell from 1 to 4 is shown; and when the table is protected,
        /// a reader who knows the total, the cells shown and each cell's
        /// public bound finds more than one value for every withheld small
        /// count, one of them 5 or more unless its bound is below 5.
        #[test]
        fn no_withheld_count_follows_from_the_total_and_the_bounds(
            raw in proptest::collection::vec((0u64..9, proptest::option::of(0u64..12)), 0..5)
        ) {
            let cells: Vec<Cell> = raw
                .iter()
                .map(|&(n, cap)| Cell { count: n, cap: cap.map(|m| m.max(n)) })
                .collect();
            let (shown, protected) = protect(&cells);
            prop_assert_eq!(shown.len(), cells.len());
            for (s, c) in shown.iter().zip(&cells) {
                prop_assert!(s.is_none() || *s == Some(c.count));
                prop_assert!(!(s.is_some() && c.small()));
            }
            if protected {
                let seen = ranges(&cells, &shown);
                for (k, c) in cells.iter().enumerate() {
                    if shown[k].is_none() && c.small() {
                        prop_assert!(seen[k].contains(&c.count));
                        prop_assert!(seen[k].len() > 1, "cell {} of {:?}: {:?}", k, cells, seen[k]);
                        prop_assert!(
                            c.most() < THRESHOLD || seen[k].iter().any(|&v| v >= THRESHOLD),
                            "cell {} of {:?}: {:?}", k, cells, seen[k]
                        );
                    }
                }
            } else {
                // Unprotected: every count above zero is withheld, so the
                // total is the caller's to keep unknown.
                prop_assert!(cells.iter().zip(&shown).all(|(c, s)| c.count == 0 || s.is_none()));
            }
        }
    }
}

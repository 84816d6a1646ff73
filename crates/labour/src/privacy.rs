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

fn small(n: u64) -> bool {
    n > 0 && n < THRESHOLD
}

/// A table of counts of people whose total is public (published, or
/// following from another published table): each cell, `None` where
/// withheld, and whether that protects them.
///
/// Every count from 1 to [`THRESHOLD`]` - 1` is withheld; then the
/// smallest other counts, one at a time, until a reader who knows the
/// total and the cells shown can neither work a withheld small count out
/// nor tell that it is below the threshold. Zeros are shown, so a withheld
/// cell is 1 or more. `false`: even with every count above zero withheld,
/// the total gives one away, and the caller must keep the total from
/// being known. One table alone, nothing bounding its cells: tables that
/// add up across each other, with places and quotas bounding them, are
/// audited together (`disclosure`, through [`crate::public`]).
pub fn protect(counts: &[u64]) -> (Vec<Option<u64>>, bool) {
    let mut withheld: Vec<bool> = counts.iter().map(|&n| small(n)).collect();
    let protected = loop {
        if safe(counts, &withheld) {
            break true;
        }
        let next = counts
            .iter()
            .enumerate()
            .filter(|(k, &n)| !withheld[*k] && n > 0)
            .min_by_key(|(k, &n)| (n, *k))
            .map(|(k, _)| k);
        match next {
            Some(k) => withheld[k] = true,
            None => break false,
        }
    };
    let shown = counts
        .iter()
        .zip(&withheld)
        .map(|(&n, &w)| (!w).then_some(n))
        .collect();
    (shown, protected)
}

/// Whether a reader knowing the total and the cells not `withheld` can
/// neither work out a withheld small count nor bound it below the
/// threshold. The withheld cells, each 1 or more, add up to what the total
/// leaves: one alone is that sum, and of several each is at most the sum
/// less one for each of the others.
fn safe(counts: &[u64], withheld: &[bool]) -> bool {
    let hidden: Vec<u64> = counts
        .iter()
        .zip(withheld)
        .filter(|(_, &w)| w)
        .map(|(&n, _)| n)
        .collect();
    let (sum, k) = (hidden.iter().sum::<u64>(), hidden.len() as u64);
    !hidden.iter().any(|&n| small(n)) || (k > 1 && sum - (k - 1) >= THRESHOLD)
}

/// The cells of one published table of counts of people, whose total is
/// published too: [`protect`]'s cells.
#[cfg(test)]
fn suppress(counts: &[u64]) -> Vec<Option<u64>> {
    protect(counts).0
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
        assert!(!may_offer(&actor(Role::Analyst, "MEX", Some("MEX")), "USA"));
        for role in [Role::Secretariat, Role::Operator] {
            assert!(may_offer(&actor(role, "SEC", None), "USA"));
        }
    }

    #[test]
    fn a_lone_small_count_takes_the_next_smallest_with_it() {
        assert_eq!(
            suppress(&[3, 0, 12, 7]),
            vec![None, Some(0), Some(12), None]
        );
        // 3 and 2 withheld alone add up to 5: each would be 1 to 4.
        assert_eq!(suppress(&[3, 2, 12]), vec![None, None, None]);
        // 3 and 3 add up to 6: either may be 5.
        assert_eq!(suppress(&[3, 3, 12]), vec![None, None, Some(12)]);
        // 1 and 1 beside a 10 shown: each is 1, since zeros are shown.
        assert_eq!(suppress(&[1, 1, 10]), vec![None, None, None]);
        assert_eq!(suppress(&[5, 9]), vec![Some(5), Some(9)]);
        assert_eq!(suppress(&[4]), vec![None]);
        assert_eq!((total(4), total(0), total(5)), (None, Some(0), Some(5)));
    }

    /// Every value each withheld cell can take, for a reader who knows
    /// the total and the cells shown (each withheld cell 1 or more).
    fn ranges(counts: &[u64], shown: &[Option<u64>]) -> Vec<std::collections::BTreeSet<u64>> {
        let total: u64 = counts.iter().sum();
        let left = total - shown.iter().flatten().sum::<u64>();
        let hidden: Vec<usize> = (0..counts.len()).filter(|&k| shown[k].is_none()).collect();
        let mut out = vec![std::collections::BTreeSet::new(); counts.len()];
        let mut x = vec![0u64; hidden.len()];
        fn walk(
            at: usize,
            left: u64,
            hidden: &[usize],
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
            for v in 1..=left {
                x[at] = v;
                walk(at + 1, left - v, hidden, x, out);
            }
        }
        walk(0, left, &hidden, &mut x, &mut out);
        out
    }

    proptest! {
        /// No cell from 1 to 4 is shown; and when the table is protected,
        /// a reader who knows the total, the cells shown and each cell's
        /// public bound finds more than one value for every withheld small
        /// count, one of them 5 or more unless its bound is below 5.
        #[test]
        fn no_withheld_count_follows_from_the_total(
            counts in proptest::collection::vec(0u64..9, 0..5)
        ) {
            let (shown, protected) = protect(&counts);
            prop_assert_eq!(shown.len(), counts.len());
            for (s, &n) in shown.iter().zip(&counts) {
                prop_assert!(s.is_none() || *s == Some(n));
                prop_assert!(!(s.is_some() && small(n)));
            }
            if protected {
                let seen = ranges(&counts, &shown);
                for (k, &n) in counts.iter().enumerate() {
                    if shown[k].is_none() && small(n) {
                        prop_assert!(seen[k].contains(&n));
                        prop_assert!(seen[k].len() > 1, "cell {} of {:?}: {:?}", k, counts, seen[k]);
                        prop_assert!(
                            seen[k].iter().any(|&v| v >= THRESHOLD),
                            "cell {} of {:?}: {:?}", k, counts, seen[k]
                        );
                    }
                }
            } else {
                // Unprotected: every count above zero is withheld, so the
                // total is the caller's to keep unknown.
                prop_assert!(counts.iter().zip(&shown).all(|(&n, s)| n == 0 || s.is_none()));
            }
        }
    }
}

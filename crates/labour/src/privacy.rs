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
//! Counts of workers reach the public only through [`suppress`]: a count
//! from 1 to 4 is withheld, and when a table's total is published, enough
//! other cells are withheld that none can be worked out by subtraction.

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

/// The cells of one published table of counts of people, whose total is
/// published too: `None` where withheld. Every count from 1 to
/// [`THRESHOLD`]` - 1` is withheld; when exactly one is, the smallest other
/// count above zero is withheld with it, so that the total minus the
/// cells shown never gives a withheld one. Zeros are shown.
pub fn suppress(counts: &[u64]) -> Vec<Option<u64>> {
    let small = |n: u64| n > 0 && n < THRESHOLD;
    let mut out: Vec<Option<u64>> = counts.iter().map(|&n| (!small(n)).then_some(n)).collect();
    if out.iter().filter(|c| c.is_none()).count() == 1 {
        let second = counts
            .iter()
            .enumerate()
            .filter(|(k, &n)| out[*k].is_some() && n > 0)
            .min_by_key(|(k, &n)| (n, *k))
            .map(|(k, _)| k);
        if let Some(k) = second {
            out[k] = None;
        }
    }
    out
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
        assert_eq!(suppress(&[3, 2, 12]), vec![None, None, Some(12)]);
        assert_eq!(suppress(&[5, 9]), vec![Some(5), Some(9)]);
        assert_eq!(suppress(&[4]), vec![None]);
        assert_eq!((total(4), total(0), total(5)), (None, Some(0), Some(5)));
    }

    proptest! {
        /// No withheld cell is small and alone: either none is withheld,
        /// or at least two are, or the total itself is withheld; and no
        /// cell from 1 to 4 is ever shown.
        #[test]
        fn no_withheld_count_follows_from_the_total(
            counts in proptest::collection::vec(0u64..30, 0..12)
        ) {
            let cells = suppress(&counts);
            prop_assert_eq!(cells.len(), counts.len());
            for (c, &n) in cells.iter().zip(&counts) {
                prop_assert!(c.is_none() || *c == Some(n));
                prop_assert!(!(c.is_some() && n > 0 && n < THRESHOLD));
            }
            let withheld = cells.iter().filter(|c| c.is_none()).count();
            let sum: u64 = counts.iter().sum();
            prop_assert!(withheld != 1 || total(sum).is_none());
        }
    }
}

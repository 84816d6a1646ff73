//! Why a family was not placed, told from the instance and the placement
//! alone, in the order a reader checks: is there a site for its needs, is
//! any of them large enough, was there room left, could its country take
//! it, would it have added anything.

use super::{Instance, Placement};

/// Why a family is not placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unplaced {
    /// No site offers every service it needs.
    NoSite,
    /// Every site that offers its services takes fewer persons than it has.
    TooLarge,
    /// The sites large enough for it were filled with other families.
    Full,
    /// The sites with room for it are in countries that reached the most
    /// their quota lets them take.
    Quota,
    /// Where there is room for it, it scores nothing (no score given
    /// counts as 0): placing it would add nothing.
    NoScore,
    /// There was room where it scores, in a country that could take it,
    /// but the search did not place it: it stopped, or did not prove its
    /// placement the best.
    NotReached,
}

impl Unplaced {
    pub const ALL: [Unplaced; 6] = [
        Unplaced::NoSite,
        Unplaced::TooLarge,
        Unplaced::Full,
        Unplaced::Quota,
        Unplaced::NoScore,
        Unplaced::NotReached,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Unplaced::NoSite => "no_site",
            Unplaced::TooLarge => "too_large",
            Unplaced::Full => "full",
            Unplaced::Quota => "quota",
            Unplaced::NoScore => "no_score",
            Unplaced::NotReached => "not_reached",
        }
    }

    /// What it means, for a line of a report.
    pub fn describe(self) -> &'static str {
        match self {
            Unplaced::NoSite => "no site offers all the services they need",
            Unplaced::TooLarge => "larger than every site offering their services",
            Unplaced::Full => "the sites large enough were filled",
            Unplaced::Quota => "room left only in countries at their quota",
            Unplaced::NoScore => "scoring 0 wherever room is left",
            Unplaced::NotReached => "room left where they score, not reached by the search",
        }
    }
}

/// Each family `p` leaves unplaced, by index, with why.
pub fn unplaced(inst: &Instance, p: &Placement) -> Vec<(usize, Unplaced)> {
    let mut used = vec![0u64; inst.sites.len()];
    let mut in_country: std::collections::HashMap<&str, u64> = Default::default();
    for (i, s) in p.site_of.iter().enumerate() {
        if let Some(j) = s {
            let size = u64::from(inst.cases[i].size);
            used[*j as usize] += size;
            *in_country
                .entry(inst.sites[*j as usize].country.as_str())
                .or_default() += size;
        }
    }
    let country_takes = |country: &str, size: u64| {
        inst.quotas
            .iter()
            .filter(|q| q.country == country)
            .all(|q| in_country.get(country).copied().unwrap_or(0) + size <= q.max)
    };
    let mut out = Vec::new();
    for (i, s) in p.site_of.iter().enumerate() {
        if s.is_some() {
            continue;
        }
        let size = u64::from(inst.cases[i].size);
        let (sites, scores) = inst.scores.row(i);
        let large = |&(&j, _): &(&u32, &f64)| inst.sites[j as usize].capacity >= size;
        let room = |&(&j, _): &(&u32, &f64)| {
            inst.sites[j as usize]
                .capacity
                .saturating_sub(used[j as usize])
                >= size
        };
        let open = |&(&j, _): &(&u32, &f64)| country_takes(&inst.sites[j as usize].country, size);
        let pairs = || sites.iter().zip(scores);
        let why = if sites.is_empty() {
            Unplaced::NoSite
        } else if !pairs().any(|x| large(&x)) {
            Unplaced::TooLarge
        } else if !pairs().any(|x| large(&x) && room(&x)) {
            Unplaced::Full
        } else if !pairs().any(|x| large(&x) && room(&x) && open(&x)) {
            Unplaced::Quota
        } else if !pairs().any(|x| large(&x) && room(&x) && open(&x) && *x.1 > 0.0) {
            Unplaced::NoScore
        } else {
            Unplaced::NotReached
        };
        out.push((i, why));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::place::{Case, Method, Quota, Site};

    fn case(id: &str, size: u32, needs: &[&str]) -> Case {
        Case {
            id: id.into(),
            size,
            needs: needs.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn site(id: &str, country: &str, capacity: u64, services: &[&str]) -> Site {
        Site {
            id: id.into(),
            country: country.into(),
            capacity,
            services: services.iter().map(|n| n.to_string()).collect(),
        }
    }

    fn placement(site_of: Vec<Option<u32>>) -> Placement {
        Placement {
            site_of,
            objective: 0.0,
            bound: 0.0,
            relaxation: 0.0,
            classes: 0,
            finished: true,
            method: Method::BranchAndBound,
            nodes: 0,
        }
    }

    #[test]
    fn each_family_left_out_is_told_why_in_the_order_a_reader_checks() {
        // Site A (ESP, 6 places, medical) holds P (5 persons); site B
        // (CHL, 4 places) holds Q (4); site C (MEX, 3 places) is in a
        // country whose quota takes nobody; site D (ARG, 2 places) is free.
        let cases = vec![
            case("P", 5, &["medical"]),
            case("Q", 4, &[]),
            case("dialysis", 1, &["dialysis"]),
            case("seven", 7, &[]),
            case("medical 2", 2, &["medical"]),
            case("three", 3, &[]),
            case("unscored", 2, &[]),
            case("left", 2, &[]),
        ];
        let sites = vec![
            site("A", "ESP", 6, &["medical"]),
            site("B", "CHL", 4, &[]),
            site("C", "MEX", 3, &[]),
            site("D", "ARG", 2, &[]),
        ];
        let quotas = vec![Quota {
            country: "MEX".into(),
            min: 0,
            max: 0,
        }];
        // "three" scores at A and B only, "unscored" at A only, "left" at
        // D only; the others everywhere.
        let inst = Instance::new(cases, sites, quotas, |i, j| match (i, j) {
            (5, 0 | 1) | (6, 0) | (7, 3) => Some(1.0),
            (6, _) | (7, _) | (5, _) => None,
            _ => Some(1.0),
        });
        let p = placement(vec![Some(0), Some(1), None, None, None, None, None, None]);
        let why: Vec<&str> = unplaced(&inst, &p)
            .into_iter()
            .map(|(i, w)| {
                assert!(p.site_of[i].is_none());
                w.as_str()
            })
            .collect();
        assert_eq!(
            why,
            [
                "no_site",
                "too_large",
                "full",
                "quota",
                "no_score",
                "not_reached"
            ]
        );
        assert!(why
            .iter()
            .all(|w| Unplaced::ALL.iter().any(|u| u.as_str() == *w)));
    }

    #[test]
    fn a_country_counts_the_persons_already_placed_in_it_against_its_quota() {
        // ESP takes at most 6 persons, and site X holds a family of 5:
        // Y's room (3) cannot take a family of 2, a family of 1 could.
        let cases = vec![
            case("five", 5, &[]),
            case("two", 2, &[]),
            case("one", 1, &[]),
        ];
        let sites = vec![site("X", "ESP", 5, &[]), site("Y", "ESP", 3, &[])];
        let quotas = vec![Quota {
            country: "ESP".into(),
            min: 0,
            max: 6,
        }];
        let inst = Instance::new(cases, sites, quotas, |_, _| Some(1.0));
        let why = unplaced(&inst, &placement(vec![Some(0), None, None]));
        assert_eq!(why, [(1, Unplaced::Quota), (2, Unplaced::NotReached)]);
        // Each reason has its own words.
        let words: std::collections::BTreeSet<&str> =
            Unplaced::ALL.iter().map(|u| u.describe()).collect();
        assert_eq!(words.len(), Unplaced::ALL.len());
    }
}

//! What the register and the latest match run tell the public: aggregates
//! only. The register's counts go through [`crate::privacy::protect`], the
//! run's through `disclosure`'s audit (counts from 1 to 4
//! withheld, and the fewest others needed for none to follow from the
//! rest); a figure that would give a withheld count back (places left
//! unfilled, quota left) is withheld with it. Vacancies' places are not
//! people, and are shown.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::disclosure::{Figure, Part, Run};
use crate::isco::{Code, Level};
use crate::matching::LeftKind;
use crate::privacy::{protect, total, THRESHOLD};
use crate::records::{Pathway, Vacancy};

/// The workers registered, by nationality.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NationalityCount {
    /// ISO 3166-1 alpha-3
    pub nationality: String,
    /// `null`: withheld (under 5, or so that one under 5 cannot be worked out).
    pub workers: Option<u64>,
}

/// One destination and ISCO-08 major group: the places its vacancies
/// offer, how many the latest run filled, and how many it left empty
/// (the shortage).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct PlacesRow {
    pub destination: String,
    /// An ISCO-08 major group (one digit).
    #[cfg_attr(feature = "schema", schema(value_type = String))]
    pub occupation: Code,
    pub places: u64,
    /// `null`: withheld, or no run yet.
    pub matched: Option<u64>,
    /// `null`: withheld with `matched`, or no run yet.
    pub unfilled: Option<u64>,
}

/// One pathway: its annual quota, the places the latest run used, and
/// what is left.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct QuotaRow {
    pub pathway: String,
    pub destination: String,
    /// Places a year; `null` for no quota.
    pub quota: Option<u64>,
    /// `null`: withheld, or no run yet.
    pub matched: Option<u64>,
    /// `null`: no quota, withheld with `matched`, or no run yet.
    pub left: Option<u64>,
}

/// Workers a run left unmatched, by reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ReasonCount {
    /// `no_consent`, `no_pathway`, `requirements`, `not_scored`,
    /// `quota_full`, `outbid` or `not_reached`.
    pub reason: String,
    pub workers: Option<u64>,
}

/// Everything public about labour mobility's people and places.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "schema", schema(as = LabourSummary))]
pub struct Summary {
    /// Whether a match run has been made: before one, only the register
    /// and the places show.
    pub ran: bool,
    /// Workers registered; `null` when under 5.
    pub workers: Option<u64>,
    pub by_nationality: Vec<NationalityCount>,
    pub places: Vec<PlacesRow>,
    /// The pathways with a quota or a vacancy.
    pub pathways: Vec<QuotaRow>,
    /// Workers the latest run matched; `null` when under 5 or no run.
    pub matched: Option<u64>,
    pub unmatched: Vec<ReasonCount>,
}

/// One worker's outcome in the latest run: the vacancy (an index into the
/// vacancies) or why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placed {
    In(usize),
    Left(LeftKind),
}

/// The summary of the register (`nationalities`: workers per
/// nationality), the vacancies under `pathways`, and the latest run's
/// outcomes, if any.
///
/// The run's figures (the places table, the pathways table, the reasons,
/// the total matched and the register's total, taken for the run's) add
/// up across each other, so they are protected together:
/// `disclosure` audits every withheld small count against all of
/// them. The register's table by nationality is protected on its own
/// against its total.
pub fn summary(
    nationalities: &[(String, u64)],
    pathways: &[Pathway],
    vacancies: &[Vacancy],
    run: Option<&[Placed]>,
) -> Summary {
    let counts: Vec<u64> = nationalities.iter().map(|(_, n)| *n).collect();
    let (mut by_nationality, register_protected) = protect(&counts);

    let mut matched_in = vec![0u64; vacancies.len()];
    let mut left: BTreeMap<LeftKind, u64> = BTreeMap::new();
    for p in run.unwrap_or(&[]) {
        match *p {
            Placed::In(j) => {
                if let Some(m) = matched_in.get_mut(j) {
                    *m += 1;
                }
            }
            Placed::Left(k) => *left.entry(k).or_default() += 1,
        }
    }

    // The places table's cells, in order, and the pathways listed: those
    // with a quota or a vacancy (the others have nothing to count).
    let cells: Vec<(String, Code)> = vacancies
        .iter()
        .map(|v| (v.country.clone(), v.isco.at(Level::Major)))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let listed: Vec<usize> = (0..pathways.len())
        .filter(|&k| pathways[k].quota.is_some() || vacancies.iter().any(|v| v.pathway == k))
        .collect();
    let audit = Run {
        parts: vacancies
            .iter()
            .zip(&matched_in)
            .filter_map(|(v, &m)| {
                // A vacancy its pathway cannot fill (another destination,
                // an occupation outside it) holds nobody, as anyone can
                // tell from the lists.
                let p = pathways.get(v.pathway)?;
                let fillable = p.destination == v.country && p.occupations.allows(&v.isco);
                Some(Part {
                    places: if fillable { u64::from(v.places) } else { 0 },
                    cell: cells
                        .binary_search(&(v.country.clone(), v.isco.at(Level::Major)))
                        .ok()?,
                    row: listed.iter().position(|&k| k == v.pathway)?,
                    matched: m,
                })
            })
            .collect(),
        quotas: listed.iter().map(|&k| pathways[k].quota).collect(),
        cells: cells.len(),
        reasons: left.values().copied().collect(),
    };
    // Where the run's workers are withheld, the register's total goes
    // with them: each nationality withheld must still be free to reach 5.
    let withheld_nationalities = by_nationality.iter().filter(|c| c.is_none()).count() as u64;
    let shown_nationalities: u64 = by_nationality.iter().flatten().sum();
    let workers = (register_protected && withheld_nationalities > 0)
        .then(|| THRESHOLD + shown_nationalities + withheld_nationalities - 1);
    let shown = audit.protect(workers);
    let figure = |f: Figure| run.and(shown.get(f).then(|| audit.value(f)));

    if !shown.workers {
        // The register's total would stand for the run's: keep it from
        // being added up from the nationalities too.
        if by_nationality
            .iter()
            .zip(&counts)
            .all(|(s, &n)| s.is_some() || n == 0)
        {
            if let Some(k) = (0..counts.len())
                .filter(|&k| counts[k] > 0)
                .min_by_key(|&k| (counts[k], k))
            {
                by_nationality[k] = None;
            }
        }
    }
    let register_total = (register_protected && (run.is_none() || shown.workers))
        .then(|| total(counts.iter().sum()))
        .flatten();
    // A register too small to protect against its own total is not
    // broken down: a nationality listed says one of it or more.
    let nationalities: &[(String, u64)] = if register_protected {
        nationalities
    } else {
        by_nationality.clear();
        &[]
    };

    let places = cells
        .iter()
        .enumerate()
        .map(|(k, (destination, occupation))| {
            let places: u64 = vacancies
                .iter()
                .filter(|v| v.country == *destination && v.isco.at(Level::Major) == *occupation)
                .map(|v| u64::from(v.places))
                .sum();
            let matched = figure(Figure::Cell(k));
            PlacesRow {
                destination: destination.clone(),
                occupation: *occupation,
                places,
                matched,
                unfilled: matched.map(|m| places.saturating_sub(m)),
            }
        })
        .collect();
    let quota_rows = listed
        .iter()
        .enumerate()
        .map(|(r, &k)| {
            let p = &pathways[k];
            let matched = figure(Figure::Row(r));
            QuotaRow {
                pathway: p.id.clone(),
                destination: p.destination.clone(),
                quota: p.quota,
                matched,
                left: p.quota.zip(matched).map(|(q, m)| q.saturating_sub(m)),
            }
        })
        .collect();
    let unmatched = left
        .keys()
        .enumerate()
        .map(|(r, k)| ReasonCount {
            reason: k.as_str().to_string(),
            workers: figure(Figure::Reason(r)),
        })
        .collect();

    Summary {
        ran: run.is_some(),
        workers: register_total,
        by_nationality: nationalities
            .iter()
            .zip(by_nationality)
            .map(|((n, _), workers)| NationalityCount {
                nationality: n.clone(),
                workers,
            })
            .collect(),
        places,
        pathways: quota_rows,
        matched: figure(Figure::Matched),
        unmatched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Occupations, Origins};

    fn pathway(id: &str, quota: Option<u64>) -> Pathway {
        Pathway {
            id: id.into(),
            name: id.into(),
            origins: Origins::Any,
            residences: None,
            destination: "ESP".into(),
            occupations: Occupations::Any,
            quota,
            start: None,
            end: None,
            languages: vec![],
            min_experience: 0.0,
            source: "s".into(),
        }
    }

    fn vacancy(isco: &str, places: u32, pathway: usize) -> Vacancy {
        Vacancy {
            id: format!("V{isco}{pathway}"),
            employer: "E".into(),
            country: "ESP".into(),
            isco: crate::isco::unit(isco).unwrap(),
            places,
            languages: vec![],
            min_experience: 0.0,
            skills: vec![],
            pathway,
            start: None,
            end: None,
        }
    }

    #[test]
    fn small_counts_and_what_gives_them_back_are_withheld() {
        let pathways = [pathway("A", Some(10)), pathway("B", Some(50))];
        let vacancies = [
            vacancy("6111", 8, 0),
            vacancy("9211", 40, 1),
            vacancy("2221", 5, 1),
        ];
        // 3 in agriculture (major 6) under A, 20 labourers (9) and
        // 2 nurses (2) under B.
        let mut run = vec![Placed::In(0); 3];
        run.extend(vec![Placed::In(1); 20]);
        run.extend(vec![Placed::In(2); 2]);
        run.extend(vec![Placed::Left(LeftKind::Outbid); 7]);
        run.push(Placed::Left(LeftKind::NoPathway));
        let s = summary(
            &[("HND".into(), 30), ("GTM".into(), 3)],
            &pathways,
            &vacancies,
            Some(&run),
        );
        assert_eq!(s.workers, Some(33));
        assert_eq!(s.by_nationality[0].workers, None, "GTM's 3 are withheld");
        assert_eq!(s.by_nationality[1].workers, None, "and HND's with them");
        let by = |d: &str| {
            s.places
                .iter()
                .find(|p| p.occupation.to_string() == d)
                .unwrap()
        };
        assert_eq!(
            (by("2").places, by("2").matched, by("2").unfilled),
            (5, None, None)
        );
        assert_eq!((by("6").matched, by("6").unfilled), (None, None));
        // The labourers' 20 beside B's 22 would give the nurses' 2 away:
        // the other cell of B goes, and B's total stays. The 25 matched,
        // less B's 22, would give A's 3: it goes, and so do the reasons,
        // which give the 25 from the 33.
        assert_eq!((by("9").matched, by("9").unfilled), (None, None));
        assert_eq!(s.pathways[0].matched, None);
        assert_eq!(s.pathways[0].left, None);
        assert_eq!(
            (s.pathways[1].matched, s.pathways[1].left),
            (Some(22), Some(28))
        );
        assert_eq!(s.matched, None);
        assert_eq!(s.unmatched.len(), 2);
        assert!(s.unmatched.iter().all(|r| r.workers.is_none()));
    }

    /// A reader who subtracts one table from the other: pathway A's
    /// matched workers all fall in its destination's cells.
    #[test]
    fn the_two_tables_do_not_give_a_cell_away_by_difference() {
        let mut a = pathway("A", Some(100));
        a.destination = "CAN".into();
        let pathways = [a, pathway("B", Some(100))];
        let mut can6 = vacancy("6111", 5, 0);
        can6.country = "CAN".into();
        let mut can9 = vacancy("9211", 30, 0);
        can9.country = "CAN".into();
        let vacancies = [can6, can9, vacancy("9211", 20, 1)];
        let mut run = vec![Placed::In(0); 3];
        run.extend(vec![Placed::In(1); 20]);
        run.extend(vec![Placed::In(2); 10]);
        let s = summary(&[("HND".into(), 33)], &pathways, &vacancies, Some(&run));
        let cell = |d: &str, o: &str| {
            s.places
                .iter()
                .find(|p| p.destination == d && p.occupation.to_string() == o)
                .unwrap()
                .matched
        };
        assert_eq!(cell("CAN", "6"), None);
        // Canada's 23 under A, less a Canadian cell shown, would give it.
        assert!(
            s.pathways[0].matched.is_none() || cell("CAN", "9").is_none(),
            "{s:#?}"
        );
        // And the total less Spain's 10 would give Canada's 23.
        assert!(
            s.matched.is_none() || s.pathways[1].matched.is_none() || cell("CAN", "9").is_none()
        );
    }

    #[test]
    fn withheld_counts_are_not_pinned_by_the_zeros_shown() {
        // 1 and 1 beside 10: each withheld one would be 1.
        let s = summary(
            &[("GTM".into(), 1), ("HND".into(), 1), ("MEX".into(), 10)],
            &[],
            &[],
            None,
        );
        let shown: u64 = s.by_nationality.iter().filter_map(|n| n.workers).sum();
        let hidden = s
            .by_nationality
            .iter()
            .filter(|n| n.workers.is_none())
            .count() as u64;
        let left = s.workers.map(|w| w - shown);
        assert!(
            left.is_none_or(|l| l + 1 >= crate::privacy::THRESHOLD + hidden),
            "{s:#?}"
        );
    }

    #[test]
    fn before_any_run_only_the_register_and_the_places_show() {
        let s = summary(
            &[("HND".into(), 12)],
            &[pathway("A", Some(10))],
            &[vacancy("6111", 8, 0)],
            None,
        );
        assert_eq!(s.workers, Some(12));
        assert_eq!(s.places[0].places, 8);
        assert_eq!((s.places[0].matched, s.pathways[0].left), (None, None));
        assert_eq!(s.matched, None);
    }

    /// A summary of four vacancies, each its own pathway and cell: A (2
    /// of 2 places filled), B (4 of 4), C (none of 10) and D (`d` of `d`),
    /// for a register that may have grown since the run.
    fn four_vacancies(register: &[(&str, u64)], d: u32) -> Summary {
        let pathways = ["A", "B", "C", "D"].map(|p| pathway(p, None));
        let vacancies = [
            vacancy("6111", 2, 0),
            vacancy("9211", 4, 1),
            vacancy("7212", 10, 2),
            vacancy("2221", d, 3),
        ];
        let mut run = vec![Placed::In(0); 2];
        run.extend(vec![Placed::In(1); 4]);
        run.extend(vec![Placed::In(3); d as usize]);
        let register: Vec<(String, u64)> =
            register.iter().map(|(c, n)| (c.to_string(), *n)).collect();
        summary(&register, &pathways, &vacancies, Some(&run))
    }

    /// C's cell: shown (its zero) or withheld.
    fn c_matched(s: &Summary) -> Option<u64> {
        let c = s
            .places
            .iter()
            .find(|p| p.occupation.to_string() == "7")
            .unwrap();
        c.matched
    }

    #[test]
    fn a_run_withheld_whole_leaves_room_for_the_registers_withheld_nationalities() {
        // The total matched, less D, would give A and B, each full to its
        // places: it is withheld, and the register's total with it.
        // GTM's 2 and HND's 4 are withheld from the register, MEX's 10
        // shown: one of the two withheld must still be free to be 5, so
        // the run's workers must be free to reach 5 + 10 + 1 = 16.
        let register = [("GTM", 2), ("HND", 4), ("MEX", 10)];
        let s = four_vacancies(&register, 10);
        assert_eq!((s.matched, s.workers), (None, None));
        let nationalities: Vec<Option<u64>> = s.by_nationality.iter().map(|n| n.workers).collect();
        assert_eq!(nationalities, [None, None, Some(10)]);
        // A run of 16 reaches it with C's zero shown.
        assert_eq!(c_matched(&s), Some(0));
        // A run of 15 (D one place smaller) does not: C's zero goes, and
        // its 10 places leave room.
        let s = four_vacancies(&register, 9);
        assert_eq!(c_matched(&s), None);
    }

    #[test]
    fn a_register_shown_whole_beside_a_run_withheld_whole_gives_up_its_smallest() {
        // Nothing in the register is small, and the run asks nothing of it;
        // but the nationalities would add up to the register's total, which
        // the run's figures withhold: the smallest goes.
        let s = four_vacancies(&[("GTM", 6), ("MEX", 10)], 10);
        assert_eq!((s.matched, s.workers), (None, None));
        assert_eq!(c_matched(&s), Some(0));
        let nationalities: Vec<Option<u64>> = s.by_nationality.iter().map(|n| n.workers).collect();
        assert_eq!(nationalities, [None, Some(10)]);
    }
}

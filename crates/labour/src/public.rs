//! What the register and the latest match run tell the public: aggregates
//! only. Every count of people goes through [`crate::privacy::suppress`] (counts
//! from 1 to 4 withheld, and a second cell with a lone one); a figure that
//! would give a withheld count back (places left unfilled, quota left) is
//! withheld with it. Vacancies' places are not people, and are shown.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::isco::{Code, Level};
use crate::matching::LeftKind;
use crate::privacy::{suppress, total};
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
pub fn summary(
    nationalities: &[(String, u64)],
    pathways: &[Pathway],
    vacancies: &[Vacancy],
    run: Option<&[Placed]>,
) -> Summary {
    let counts: Vec<u64> = nationalities.iter().map(|(_, n)| *n).collect();
    let by_nationality = nationalities
        .iter()
        .zip(suppress(&counts))
        .map(|((n, _), workers)| NationalityCount {
            nationality: n.clone(),
            workers,
        })
        .collect();

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
    let matched_total: u64 = matched_in.iter().sum();

    let mut cells: BTreeMap<(String, Code), (u64, u64)> = BTreeMap::new();
    for (v, m) in vacancies.iter().zip(&matched_in) {
        let c = cells
            .entry((v.country.clone(), v.isco.at(Level::Major)))
            .or_default();
        c.0 += u64::from(v.places);
        c.1 += m;
    }
    let shown = suppress(&cells.values().map(|c| c.1).collect::<Vec<_>>());
    let places = cells
        .into_iter()
        .zip(shown)
        .map(|(((destination, occupation), (places, m)), shown)| {
            let matched = run.and(shown);
            PlacesRow {
                destination,
                occupation,
                places,
                matched,
                unfilled: matched.map(|_| places.saturating_sub(m)),
            }
        })
        .collect();

    let mut per_pathway = vec![0u64; pathways.len()];
    for (v, m) in vacancies.iter().zip(&matched_in) {
        if let Some(c) = per_pathway.get_mut(v.pathway) {
            *c += m;
        }
    }
    // The pathways with a quota or a vacancy: the others have nothing to
    // count.
    let mut offered = vec![false; pathways.len()];
    for v in vacancies {
        if let Some(o) = offered.get_mut(v.pathway) {
            *o = true;
        }
    }
    let kept: Vec<(usize, &Pathway)> = pathways
        .iter()
        .enumerate()
        .filter(|(k, p)| offered[*k] || p.quota.is_some())
        .collect();
    let shown = suppress(
        &kept
            .iter()
            .map(|(k, _)| per_pathway[*k])
            .collect::<Vec<_>>(),
    );
    let quota_rows = kept
        .into_iter()
        .zip(shown)
        .map(|((k, p), shown)| {
            let m = per_pathway[k];
            let matched = run.and(shown);
            QuotaRow {
                pathway: p.id.clone(),
                destination: p.destination.clone(),
                quota: p.quota,
                matched,
                left: p.quota.zip(matched).map(|(q, _)| q.saturating_sub(m)),
            }
        })
        .collect();

    let kinds: Vec<LeftKind> = left.keys().copied().collect();
    let shown = suppress(&left.values().copied().collect::<Vec<_>>());
    let unmatched = kinds
        .into_iter()
        .zip(shown)
        .map(|(k, workers)| ReasonCount {
            reason: k.as_str().to_string(),
            workers,
        })
        .collect();

    Summary {
        ran: run.is_some(),
        workers: total(counts.iter().sum()),
        by_nationality,
        places,
        pathways: quota_rows,
        matched: run.and(total(matched_total)),
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
        assert_eq!((by("9").matched, by("9").unfilled), (Some(20), Some(20)));
        assert_eq!(s.pathways[0].matched, None);
        assert_eq!(s.pathways[0].left, None);
        assert_eq!((s.pathways[1].matched, s.pathways[1].left), (None, None));
        assert_eq!(s.matched, Some(25));
        assert_eq!(s.unmatched.len(), 2);
        assert!(s.unmatched.iter().all(|r| r.workers.is_none()));
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
}

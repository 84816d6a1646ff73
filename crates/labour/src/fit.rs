//! Who may take which vacancy, and how well they fit it.
//!
//! **Eligibility** ([`check`]). A worker is eligible for a vacancy when
//! 1. they have consented;
//! 2. the vacancy's pathway admits their nationality (and, if the pathway
//!    names countries of residence, they live in one of them);
//! 3. the pathway's destination is the vacancy's country;
//! 4. the vacancy's occupation is within the pathway's occupations;
//! 5. the vacancy's occupation is one of the worker's, or in the same ISCO-08
//!    minor group as one of them ([`MAX_OCCUPATION_DISTANCE`]);
//! 6. they have the experience the pathway and the vacancy ask for (the
//!    larger of the two);
//! 7. they speak every language the pathway requires and at least one of
//!    the languages the vacancy's work is done in.
//!
//! **Score** ([`Fit::score`]), from 0 to 100, for eligible pairs only:
//! `40·occupation + 20·experience + 20·languages + 20·skills`, where
//! - occupation is 1 for the worker's own unit group, ½ for one in the same
//!   minor group;
//! - experience is `years / (asked + 5)`, at most 1: five years beyond what
//!   is asked earns the full part;
//! - languages is the share of the vacancy's languages the worker speaks
//!   (1 when it lists none);
//! - skills is the share of the vacancy's skills the worker has (1 when it
//!   lists none).
//!
//! The occupation carries the largest weight because a match in one's own
//! trade is what the pathways are for; every eligible pair scores at least
//! 20, so the matching never leaves a place empty to gain score. Scores are
//! rounded to hundredths, which makes workers with the same profile
//! identical to the solver (it prices each class of them once).

use std::fmt;

use crate::isco::{self, Code};
use crate::language::Language;
use crate::records::{Pathway, Vacancy, Worker};

/// A vacancy in the same minor group as one of the worker's occupations is
/// open to them (distance 1 in the ISCO-08 tree); further is not, since
/// sub-major groups already span different trades (61 market-oriented
/// agriculture holds both crop growers and animal producers).
pub const MAX_OCCUPATION_DISTANCE: u8 = 1;

/// Weights of the four parts of the score, summing to 100.
const WEIGHT_OCCUPATION: f64 = 40.0;
const WEIGHT_EXPERIENCE: f64 = 20.0;
const WEIGHT_LANGUAGES: f64 = 20.0;
const WEIGHT_SKILLS: f64 = 20.0;
/// Credit for an occupation one step away in the tree.
const NEAR_OCCUPATION: f64 = 0.5;
/// Years beyond what is asked for full credit for experience.
const EXPERIENCE_SPAN: f64 = 5.0;

/// Why a worker may not take a vacancy.
#[derive(Debug, Clone, PartialEq)]
pub enum Ineligible {
    NoConsent,
    Nationality,
    Residence,
    /// The pathway leads to another country than the vacancy's.
    Destination,
    /// The vacancy's occupation is outside the pathway's.
    OutsidePathway,
    /// Not the worker's occupation nor near it.
    Occupation,
    Experience {
        has: f64,
        asked: f64,
    },
    PathwayLanguage(Language),
    VacancyLanguage,
}

impl Ineligible {
    /// Whether the pathway itself is closed to this worker for this vacancy
    /// (rather than the worker falling short of its requirements).
    pub fn is_pathway(&self) -> bool {
        !matches!(
            self,
            Ineligible::Experience { .. }
                | Ineligible::PathwayLanguage(_)
                | Ineligible::VacancyLanguage
        )
    }
}

impl fmt::Display for Ineligible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ineligible::NoConsent => write!(f, "has not consented"),
            Ineligible::Nationality => write!(f, "the pathway does not admit their nationality"),
            Ineligible::Residence => {
                write!(f, "the pathway does not admit residents of their country")
            }
            Ineligible::Destination => write!(f, "the pathway leads to another country"),
            Ineligible::OutsidePathway => write!(f, "the occupation is outside the pathway's"),
            Ineligible::Occupation => write!(f, "not their occupation nor one near it"),
            Ineligible::Experience { has, asked } => {
                write!(f, "{asked} years of experience asked, {has} held")
            }
            Ineligible::PathwayLanguage(l) => write!(f, "the pathway requires {l}"),
            Ineligible::VacancyLanguage => write!(f, "speaks none of the vacancy's languages"),
        }
    }
}

/// How an eligible worker fits a vacancy.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The worker's occupation nearest the vacancy's.
    pub occupation: Code,
    pub distance: u8,
    pub experience: f64,
    pub languages: f64,
    pub skills: f64,
    pub skills_held: usize,
}

impl Fit {
    pub fn occupation_part(&self) -> f64 {
        if self.distance == 0 {
            1.0
        } else {
            NEAR_OCCUPATION
        }
    }

    /// The documented score, 0 to 100, rounded to hundredths.
    pub fn score(&self) -> f64 {
        let s = WEIGHT_OCCUPATION * self.occupation_part()
            + WEIGHT_EXPERIENCE * self.experience
            + WEIGHT_LANGUAGES * self.languages
            + WEIGHT_SKILLS * self.skills;
        (s * 100.0).round() / 100.0
    }
}

/// The worker's occupation nearest `unit`, and how near.
pub fn nearest(worker: &Worker, unit: &Code) -> Option<(Code, u8)> {
    worker
        .isco
        .iter()
        .map(|c| (*c, isco::distance(c, unit)))
        .min_by_key(|&(c, d)| (d, c))
}

/// Whether the pathway opens this vacancy to this worker, without looking
/// at their experience and languages; the first reason why not.
pub fn pathway_open(p: &Pathway, w: &Worker, v: &Vacancy) -> Result<(), Ineligible> {
    if !w.consent {
        return Err(Ineligible::NoConsent);
    }
    if !p.origins.admits(&w.nationality) {
        return Err(Ineligible::Nationality);
    }
    if let Some(res) = &p.residences {
        if res.binary_search(&w.residence).is_err() {
            return Err(Ineligible::Residence);
        }
    }
    if p.destination != v.country {
        return Err(Ineligible::Destination);
    }
    if !p.occupations.allows(&v.isco) {
        return Err(Ineligible::OutsidePathway);
    }
    match nearest(w, &v.isco) {
        Some((_, d)) if d <= MAX_OCCUPATION_DISTANCE => Ok(()),
        _ => Err(Ineligible::Occupation),
    }
}

/// The eligibility rule of the module's documentation, and the fit.
pub fn check(p: &Pathway, w: &Worker, v: &Vacancy) -> Result<Fit, Ineligible> {
    pathway_open(p, w, v)?;
    let asked = p.min_experience.max(v.min_experience);
    if w.experience_years < asked {
        return Err(Ineligible::Experience {
            has: w.experience_years,
            asked,
        });
    }
    if let Some(l) = p.languages.iter().find(|l| !w.languages.contains(l)) {
        return Err(Ineligible::PathwayLanguage(*l));
    }
    let spoken = v
        .languages
        .iter()
        .filter(|l| w.languages.contains(l))
        .count();
    if !v.languages.is_empty() && spoken == 0 {
        return Err(Ineligible::VacancyLanguage);
    }
    let share = |k: usize, n: usize| if n == 0 { 1.0 } else { k as f64 / n as f64 };
    let skills_held = v
        .skills
        .iter()
        .filter(|s| w.skills.binary_search(s).is_ok())
        .count();
    let (occupation, distance) = nearest(w, &v.isco).expect("checked by pathway_open");
    Ok(Fit {
        occupation,
        distance,
        experience: (w.experience_years / (asked + EXPERIENCE_SPAN)).min(1.0),
        languages: share(spoken, v.languages.len()),
        skills: share(skills_held, v.skills.len()),
        skills_held,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{Occupations, Origins};

    fn pathway() -> Pathway {
        Pathway {
            id: "H2A".into(),
            name: "H-2A".into(),
            origins: Origins::Only(vec!["GTM".into(), "MEX".into()]),
            residences: None,
            destination: "USA".into(),
            occupations: Occupations::Within(vec![
                isco::group("6").unwrap(),
                isco::group("921").unwrap(),
            ]),
            quota: None,
            start: None,
            end: None,
            languages: vec![],
            min_experience: 1.0,
            source: String::new(),
        }
    }

    fn worker(isco: &str, years: f64) -> Worker {
        Worker {
            id: "w".into(),
            nationality: "MEX".into(),
            residence: "MEX".into(),
            isco: vec![isco::unit(isco).unwrap()],
            experience_years: years,
            languages: vec![Language::parse("es").unwrap()],
            skills: vec!["pruning".into()],
            consent: true,
        }
    }

    fn vacancy(isco: &str) -> Vacancy {
        Vacancy {
            id: "v".into(),
            employer: "farm".into(),
            country: "USA".into(),
            isco: isco::unit(isco).unwrap(),
            places: 3,
            languages: vec![
                Language::parse("en").unwrap(),
                Language::parse("es").unwrap(),
            ],
            min_experience: 2.0,
            skills: vec!["harvest".into(), "pruning".into()],
            pathway: 0,
            start: None,
            end: None,
        }
    }

    #[test]
    fn an_eligible_worker_scores_by_the_documented_formula() {
        let f = check(&pathway(), &worker("6111", 4.5), &vacancy("6111")).unwrap();
        // 40·1 + 20·(4.5/7) + 20·½ + 20·½
        assert_eq!(
            f.score(),
            ((40.0 + 20.0 * 4.5 / 7.0 + 10.0 + 10.0) * 100.0_f64).round() / 100.0
        );
        let near = check(&pathway(), &worker("6112", 4.5), &vacancy("6111")).unwrap();
        assert_eq!(near.distance, 1);
        assert!((f.score() - near.score() - 20.0).abs() < 1e-9);
    }

    #[test]
    fn each_rule_refuses_on_its_own() {
        // Each said in words of its own.
        assert_eq!(
            Ineligible::Experience {
                has: 1.5,
                asked: 2.0
            }
            .to_string(),
            "2 years of experience asked, 1.5 held"
        );
        assert_eq!(Ineligible::NoConsent.to_string(), "has not consented");
        let (p, v) = (pathway(), vacancy("6111"));
        let mut w = worker("6111", 3.0);
        w.consent = false;
        assert_eq!(check(&p, &w, &v), Err(Ineligible::NoConsent));
        let mut w = worker("6111", 3.0);
        w.nationality = "HND".into();
        assert_eq!(check(&p, &w, &v), Err(Ineligible::Nationality));
        let mut v2 = vacancy("6111");
        v2.country = "CAN".into();
        assert_eq!(
            check(&p, &worker("6111", 3.0), &v2),
            Err(Ineligible::Destination)
        );
        assert_eq!(
            check(&p, &worker("7112", 3.0), &vacancy("7112")),
            Err(Ineligible::OutsidePathway)
        );
        assert_eq!(
            check(&p, &worker("6121", 3.0), &v),
            Err(Ineligible::Occupation)
        );
        assert!(matches!(
            check(&p, &worker("6111", 1.5), &v),
            Err(Ineligible::Experience { .. })
        ));
        let mut w = worker("6111", 3.0);
        w.languages = vec![Language::parse("fr").unwrap()];
        assert_eq!(check(&p, &w, &v), Err(Ineligible::VacancyLanguage));
        let mut p2 = pathway();
        p2.languages = vec![Language::parse("en").unwrap()];
        assert!(matches!(
            check(&p2, &worker("6111", 3.0), &v),
            Err(Ineligible::PathwayLanguage(_))
        ));
        let mut p3 = pathway();
        p3.residences = Some(vec!["GTM".into()]);
        assert_eq!(
            check(&p3, &worker("6111", 3.0), &v),
            Err(Ineligible::Residence)
        );
    }
}

//! The public summary of a run, attacked by a reader who knows every
//! vacancy's places, every pathway's quota and how many workers the run
//! had (as the register's total tells them, when shown), and who solves every table and total published for what they
//! leave possible: no count withheld for being small is worked out, or
//! shown to be below 5 where the places offered allow more.

use std::collections::BTreeSet;

use corredor_labour::isco::{self, Level};
use corredor_labour::matching::LeftKind;
use corredor_labour::privacy::THRESHOLD;
use corredor_labour::public::{summary, Placed, Summary};
use corredor_labour::records::{Occupations, Origins, Pathway, Vacancy};
use proptest::prelude::*;

fn pathway(id: usize, destination: &str, quota: Option<u64>) -> Pathway {
    Pathway {
        id: format!("P{id}"),
        name: format!("P{id}"),
        origins: Origins::Any,
        residences: None,
        destination: destination.into(),
        occupations: Occupations::Any,
        quota,
        start: None,
        end: None,
        languages: vec![],
        min_experience: 0.0,
        source: "s".into(),
    }
}

const COUNTRIES: [&str; 2] = ["CAN", "ESP"];
const OCCUPATIONS: [&str; 3] = ["6111", "9211", "2221"];
const REASONS: [LeftKind; 2] = [LeftKind::NoPathway, LeftKind::Outbid];

/// One vacancy: country, occupation, pathway, places, matched.
type Spec = (usize, usize, usize, u32, u32);

fn vacancy(k: usize, (c, o, p, places, _): Spec) -> Vacancy {
    Vacancy {
        id: format!("V{k}"),
        employer: "E".into(),
        country: COUNTRIES[c].into(),
        isco: isco::unit(OCCUPATIONS[o]).unwrap(),
        places,
        languages: vec![],
        min_experience: 0.0,
        skills: vec![],
        pathway: p,
        start: None,
        end: None,
    }
}

/// Whether matching `x` (per vacancy) and leaving `r` (per reason) agrees
/// with everything `s` shows and the public bounds.
fn agrees(s: &Summary, pathways: &[Pathway], vacancies: &[Vacancy], x: &[u64], r: &[u64]) -> bool {
    for (k, p) in pathways.iter().enumerate() {
        let used: u64 = (0..x.len())
            .filter(|&j| vacancies[j].pathway == k)
            .map(|j| x[j])
            .sum();
        if p.quota.is_some_and(|q| used > q) {
            return false;
        }
        if let Some(row) = s.pathways.iter().find(|row| row.pathway == p.id) {
            if row.matched.is_some_and(|m| m != used) {
                return false;
            }
        }
    }
    for cell in &s.places {
        let sum: u64 = (0..x.len())
            .filter(|&j| {
                vacancies[j].country == cell.destination
                    && vacancies[j].isco.at(Level::Major) == cell.occupation
            })
            .map(|j| x[j])
            .sum();
        if cell.matched.is_some_and(|m| m != sum) {
            return false;
        }
    }
    for (k, reason) in s.unmatched.iter().enumerate() {
        if reason.workers.is_some_and(|w| w != r[k]) {
            return false;
        }
    }
    s.matched.is_none_or(|m| m == x.iter().sum::<u64>())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, max_global_rejects: 4096, ..ProptestConfig::default() })]

    #[test]
    fn no_small_count_follows_from_the_tables_together(
        quotas in proptest::collection::vec(proptest::option::of(0u64..12), 1..3),
        destinations in proptest::collection::vec(0usize..2, 2),
        specs in proptest::collection::vec((0usize..2, 0usize..3, 0usize..2, 0u32..8, 0u32..8), 1..4),
        reasons in proptest::collection::vec(0u64..7, 2),
        split in 0u64..8,
    ) {
        let pathways: Vec<Pathway> = quotas
            .iter()
            .enumerate()
            .map(|(k, &q)| pathway(k, COUNTRIES[destinations[k]], q))
            .collect();
        let specs: Vec<Spec> = specs
            .into_iter()
            .map(|(c, o, p, places, m)| {
                let p = p % pathways.len();
                // A vacancy outside its pathway's destination is never
                // filled, as anyone reading the lists can tell.
                let m = if COUNTRIES[c] == pathways[p].destination { m.min(places) } else { 0 };
                (c, o, p, places, m)
            })
            .collect();
        let vacancies: Vec<Vacancy> = specs.iter().enumerate().map(|(k, &s)| vacancy(k, s)).collect();
        // The places each vacancy can fill.
        let fillable: Vec<u64> = vacancies
            .iter()
            .map(|v| if v.country == pathways[v.pathway].destination { u64::from(v.places) } else { 0 })
            .collect();
        let matched: Vec<u64> = specs.iter().map(|s| u64::from(s.4)).collect();
        // Quotas hold in a run.
        for (k, p) in pathways.iter().enumerate() {
            let used: u64 = (0..matched.len()).filter(|&j| vacancies[j].pathway == k).map(|j| matched[j]).sum();
            prop_assume!(p.quota.is_none_or(|q| used <= q));
        }
        let mut run = Vec::new();
        for (j, &m) in matched.iter().enumerate() {
            run.extend(std::iter::repeat_n(Placed::In(j), m as usize));
        }
        let listed: Vec<u64> = reasons.iter().copied().filter(|&n| n > 0).collect();
        for (k, &n) in reasons.iter().enumerate() {
            run.extend(std::iter::repeat_n(Placed::Left(REASONS[k]), n as usize));
        }
        let workers = run.len() as u64;
        // The register: the run's workers, by two nationalities.
        let hnd = split.min(workers);
        let register: Vec<(String, u64)> = [("GTM", workers - hnd), ("HND", hnd)]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(c, n)| (c.to_string(), n))
            .collect();
        let s = summary(&register, &pathways, &vacancies, Some(&run));
        let mut totals_seen: BTreeSet<u64> = BTreeSet::new();
        let mut matched_values: BTreeSet<u64> = BTreeSet::new();

        // Every way of matching the run's workers the summary allows.
        let mut cell_values: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); s.places.len()];
        let mut row_values: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); s.pathways.len()];
        let mut reason_values: Vec<BTreeSet<u64>> = vec![BTreeSet::new(); listed.len()];
        let mut x = vec![0u64; vacancies.len()];
        loop {
            let placed: u64 = x.iter().sum();
            // The run's workers, as the register tells them: exactly, or
            // anything when it is withheld.
            let known = s.workers.or_else(|| {
                (!s.by_nationality.is_empty())
                    .then(|| s.by_nationality.iter().map(|n| n.workers).sum::<Option<u64>>())
                    .flatten()
            });
            let totals = match known {
                Some(n) => n..=n,
                None => 0..=workers + 8,
            };
            for total in totals {
            if placed <= total {
                let rest = total - placed;
                // Each reason listed left one worker or more.
                let mut r = vec![1u64; listed.len()];
                let mut each = |r: &[u64]| {
                    if r.iter().sum::<u64>() == rest && agrees(&s, &pathways, &vacancies, &x, r) {
                        totals_seen.insert(total);
                        matched_values.insert(x.iter().sum());
                        for (k, cell) in s.places.iter().enumerate() {
                            cell_values[k].insert((0..x.len()).filter(|&j| vacancies[j].country == cell.destination && vacancies[j].isco.at(Level::Major) == cell.occupation).map(|j| x[j]).sum());
                        }
                        for (k, row) in s.pathways.iter().enumerate() {
                            let p = pathways.iter().position(|p| p.id == row.pathway).unwrap();
                            row_values[k].insert((0..x.len()).filter(|&j| vacancies[j].pathway == p).map(|j| x[j]).sum());
                        }
                        for (k, v) in r.iter().enumerate() {
                            reason_values[k].insert(*v);
                        }
                    }
                };
                match listed.len() {
                    0 => each(&r),
                    1 => { r[0] = rest; if rest >= 1 { each(&r) } }
                    _ => {
                        for a in 1..rest {
                            r[0] = a;
                            r[1] = rest - a;
                            each(&r);
                        }
                    }
                }
            }
            }
            // Next x, each vacancy from 0 to its places.
            let mut k = 0;
            while k < x.len() && x[k] == fillable[k] {
                x[k] = 0;
                k += 1;
            }
            if k == x.len() {
                break;
            }
            x[k] += 1;
        }
        let check = |truth: u64, shown: Option<u64>, cap: u64, seen: &BTreeSet<u64>, what: String| {
            if truth == 0 || truth >= THRESHOLD {
                return Ok(());
            }
            prop_assert!(shown.is_none(), "{} shows {}", what, truth);
            prop_assert!(seen.len() > 1, "{} is worked out: {:?}\n{:#?}", what, seen, s);
            prop_assert!(cap < THRESHOLD || seen.iter().any(|&v| v >= THRESHOLD), "{} is below 5: {:?}\n{:#?}", what, seen, s);
            Ok(())
        };
        for (k, cell) in s.places.iter().enumerate() {
            let truth: u64 = (0..matched.len()).filter(|&j| vacancies[j].country == cell.destination && vacancies[j].isco.at(Level::Major) == cell.occupation).map(|j| matched[j]).sum();
            // The most the cell can hold: its places under each pathway,
            // within that pathway's quota.
            let cap: u64 = (0..pathways.len())
                .map(|p| {
                    let places: u64 = (0..vacancies.len())
                        .filter(|&j| {
                            let v = &vacancies[j];
                            v.pathway == p && v.country == cell.destination && v.isco.at(Level::Major) == cell.occupation
                        })
                        .map(|j| fillable[j])
                        .sum();
                    pathways[p].quota.map_or(places, |q| q.min(places))
                })
                .sum();
            check(truth, cell.matched, cap, &cell_values[k], format!("cell {} {}", cell.destination, cell.occupation))?;
        }
        for (k, row) in s.pathways.iter().enumerate() {
            let p = pathways.iter().position(|p| p.id == row.pathway).unwrap();
            let places: u64 = (0..vacancies.len()).filter(|&j| vacancies[j].pathway == p).map(|j| fillable[j]).sum();
            let truth: u64 = (0..matched.len()).filter(|&j| vacancies[j].pathway == p).map(|j| matched[j]).sum();
            let cap = row.quota.map_or(places, |q| q.min(places));
            check(truth, row.matched, cap, &row_values[k], format!("pathway {}", row.pathway))?;
        }
        // The register's withheld nationalities, for a reader who takes
        // the register for the run's workers: any total the run leaves
        // possible, the withheld adding up to what the shown leave.
        let shown_n: u64 = s.by_nationality.iter().filter_map(|n| n.workers).sum();
        let hidden_n = s.by_nationality.iter().filter(|n| n.workers.is_none()).count() as u64;
        let mut nationality_values: BTreeSet<u64> = BTreeSet::new();
        for &n in &totals_seen {
            if let Some(rest) = n.checked_sub(shown_n) {
                match hidden_n {
                    0 => {}
                    1 => { nationality_values.insert(rest); }
                    k if rest >= k => nationality_values.extend(1..=rest - (k - 1)),
                    _ => {}
                }
            }
        }
        let matched_cap: u64 = (0..pathways.len())
            .map(|p| {
                let places: u64 = (0..vacancies.len()).filter(|&j| vacancies[j].pathway == p).map(|j| fillable[j]).sum();
                pathways[p].quota.map_or(places, |q| q.min(places))
            })
            .sum();
        check(matched.iter().sum(), s.matched, matched_cap, &matched_values, "matched".to_string())?;
        // With no reason listed, everyone was matched: the places bound
        // the register too.
        let register_cap = if s.unmatched.is_empty() { matched_cap } else { u64::MAX };
        for (name, n) in &register {
            // A register too small to protect is not broken down.
            let Some(listed) = s.by_nationality.iter().find(|c| c.nationality == *name) else {
                continue;
            };
            let shown = listed.workers;
            check(*n, shown, register_cap, &nationality_values, format!("nationality {name}"))?;
        }
        for (k, reason) in s.unmatched.iter().enumerate() {
            check(listed[k], reason.workers, u64::MAX, &reason_values[k], format!("reason {}", reason.reason))?;
        }
    }
}

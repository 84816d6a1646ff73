//! A placement problem and its answer as data: families, sites, quotas and
//! scores in, a placement with its proven bound out, and the objective both
//! the solver and its checks compute the same way.

use std::collections::HashMap;

/// A family: placed whole, at one site or none.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    pub id: String,
    /// Persons in the family.
    pub size: u32,
    /// Services the family needs (medical, schooling, …), lower case.
    pub needs: Vec<String>,
}

/// A place that receives families.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub id: String,
    /// ISO 3166-1 alpha-3.
    pub country: String,
    /// Persons it can receive.
    pub capacity: u64,
    /// Services it offers, lower case.
    pub services: Vec<String>,
}

/// A country's share of the persons placed, from a distribution key.
#[derive(Debug, Clone, PartialEq)]
pub struct Quota {
    pub country: String,
    /// At least this many persons placed in the country…
    pub min: u64,
    /// …and at most this many.
    pub max: u64,
}

/// The score of every pair a case may go to, case by case (compressed
/// rows): `sites[offsets[i]..offsets[i+1]]` are the sites case `i` may go
/// to (its needs are all served there), ascending, with their `scores`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    pub offsets: Vec<usize>,
    pub sites: Vec<u32>,
    pub scores: Vec<f64>,
}

impl Scores {
    pub fn row(&self, case: usize) -> (&[u32], &[f64]) {
        let (a, b) = (self.offsets[case], self.offsets[case + 1]);
        (&self.sites[a..b], &self.scores[a..b])
    }

    /// Score of `case` at `site`, when the case may go there.
    pub fn get(&self, case: usize, site: usize) -> Option<f64> {
        let (sites, scores) = self.row(case);
        sites.binary_search(&(site as u32)).ok().map(|k| scores[k])
    }

    pub fn pairs(&self) -> usize {
        self.sites.len()
    }

    /// No rows yet.
    pub(crate) fn empty() -> Scores {
        Scores {
            offsets: vec![0],
            ..Scores::default()
        }
    }

    /// Appends the next case's row: the sites it may go to, ascending,
    /// with its score at each.
    pub(crate) fn push_row(&mut self, row: impl IntoIterator<Item = (u32, f64)>) {
        for (j, w) in row {
            self.sites.push(j);
            self.scores.push(w);
        }
        self.offsets.push(self.sites.len());
    }
}

/// A placement problem.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub cases: Vec<Case>,
    pub sites: Vec<Site>,
    pub scores: Scores,
    pub quotas: Vec<Quota>,
}

impl Instance {
    /// The instance with the eligible pairs worked out from needs and
    /// services, scored by `score(case, site)` (`None`: no score given,
    /// which counts as 0).
    pub fn new(
        cases: Vec<Case>,
        sites: Vec<Site>,
        quotas: Vec<Quota>,
        mut score: impl FnMut(usize, usize) -> Option<f64>,
    ) -> Instance {
        let mut scores = Scores::empty();
        // Sites grouped by the services they offer, so each case checks a
        // handful of service sets rather than every site.
        let mut groups: Vec<(Vec<String>, Vec<u32>)> = Vec::new();
        for (j, s) in sites.iter().enumerate() {
            let mut svc = s.services.clone();
            svc.sort();
            svc.dedup();
            match groups.iter_mut().find(|g| g.0 == svc) {
                Some(g) => g.1.push(j as u32),
                None => groups.push((svc, vec![j as u32])),
            }
        }
        let mut eligible: Vec<u32> = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            eligible.clear();
            for (svc, members) in &groups {
                if c.needs.iter().all(|n| svc.binary_search(n).is_ok()) {
                    eligible.extend_from_slice(members);
                }
            }
            eligible.sort_unstable();
            scores.push_row(
                eligible
                    .iter()
                    .map(|&j| (j, score(i, j as usize).unwrap_or(0.0))),
            );
        }
        Instance {
            cases,
            sites,
            scores,
            quotas,
        }
    }

    /// A problem of anonymous families and sites, only their sizes,
    /// capacities and scores: the smaller problems the search solves
    /// inside a larger one (a node of the branch and bound, a group of
    /// sites), without quotas.
    pub(crate) fn anonymous(
        sizes: impl IntoIterator<Item = u32>,
        capacities: impl IntoIterator<Item = u64>,
        scores: Scores,
    ) -> Instance {
        let cases = sizes
            .into_iter()
            .map(|size| Case {
                id: String::new(),
                size,
                needs: Vec::new(),
            })
            .collect();
        let sites = capacities
            .into_iter()
            .map(|capacity| Site {
                id: String::new(),
                country: String::new(),
                capacity,
                services: Vec::new(),
            })
            .collect();
        Instance {
            cases,
            sites,
            scores,
            quotas: Vec::new(),
        }
    }

    pub fn persons(&self) -> u64 {
        self.cases.iter().map(|c| u64::from(c.size)).sum()
    }

    pub fn capacity(&self) -> u64 {
        self.sites.iter().map(|s| s.capacity).sum()
    }

    /// Country index of each site, and the country codes.
    pub(crate) fn countries(&self) -> (Vec<u32>, Vec<String>) {
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<&str, u32> = HashMap::new();
        let of_site = self
            .sites
            .iter()
            .map(|s| {
                *index.entry(s.country.as_str()).or_insert_with(|| {
                    names.push(s.country.clone());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        (of_site, names)
    }
}

/// How long to search, and how to stop.
pub struct Options<'a> {
    /// Asked now and then; when it answers true the search stops and the
    /// best placement so far is returned with its bound. The caller reads
    /// the clock, so this crate never does.
    pub stop: &'a dyn Fn() -> bool,
}

/// A placement and what it is worth.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// The site of each case, by index; `None` when it is not placed.
    pub site_of: Vec<Option<u32>>,
    /// The sum of the scores of the assignments made.
    pub objective: f64,
    /// No placement of this instance scores more (weak duality: see
    /// [`super::bound`]).
    pub bound: f64,
    /// Value of the relaxation the prices were computed for (families
    /// divisible): how much was lost keeping families whole.
    pub relaxation: f64,
    /// Cases that were aggregated into identical classes.
    pub classes: usize,
    /// False when [`Options::stop`] cut the search short.
    pub finished: bool,
    /// How the placement was found, and so what its gap means.
    pub method: Method,
    /// Nodes the branch and bound visited (0 when it did not run).
    pub nodes: usize,
}

/// How a placement was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Branch and bound closed the search: no placement scores more than
    /// this one by more than [`super::branch::PROOF_TOLERANCE`].
    BranchAndBound,
    /// The branch and bound did not close, but the placement rounded from
    /// the knapsack bound's prices (and searched after) is within
    /// [`super::branch::PROOF_TOLERANCE`] of that bound: no placement scores
    /// more by more than that.
    KnapsackBound,
    /// Branch and bound ran out of its budget (or the time limit) before
    /// closing; the placement is its best, the gap what it proved.
    BranchAndBoundStopped,
    /// Prices, whole families and local search, with the Lagrangian bound:
    /// the method for instances with quotas or of more than
    /// [`super::branch::EXACT_FAMILIES`] families.
    LagrangianLocalSearch,
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Method::BranchAndBound => "branch and bound (optimal)",
            Method::KnapsackBound => "knapsack bound (optimal)",
            Method::BranchAndBoundStopped => "branch and bound (stopped before closing)",
            Method::LagrangianLocalSearch => "Lagrangian bound and local search",
        })
    }
}

impl Placement {
    /// `(bound - objective) / bound`, 0 when both are 0.
    pub fn gap(&self) -> f64 {
        if self.bound <= 0.0 {
            0.0
        } else {
            ((self.bound - self.objective) / self.bound).max(0.0)
        }
    }
}

/// Why an instance cannot be placed as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlaceError {
    #[error("the quota for {country} asks for at least {min} persons, but at most {reachable} can be placed there ({why})")]
    QuotaUnreachable {
        country: String,
        min: u64,
        reachable: u64,
        why: &'static str,
    },
    #[error("quota for {0}: no site is in that country")]
    QuotaWithoutSites(String),
    /// The search found no placement within a quota: whole families may
    /// not add up to it at all, or not in the ways the search tries. No
    /// placement is given rather than one that breaks the key.
    #[error("no placement was found that keeps the quota for {country} ({min} to {max} persons; the best found places {placed}): whole families may not add up to it; widen the quota (--tolerance) or give its sites more capacity")]
    QuotaMissed {
        country: String,
        min: u64,
        max: u64,
        placed: u64,
    },
    #[error(
        "the quotas ask for at least {min} persons in all, but only {persons} are to be placed"
    )]
    QuotasExceedCaseload { min: u64, persons: u64 },
}

/// Cases that are the same to the problem (size, eligible sites and
/// scores), gathered so that the prices are computed once per class. When
/// scores come from a model of a few features, or are the family's size,
/// tens of thousands of cases fall into a few hundred classes.
#[derive(Debug, Clone)]
pub struct Class {
    pub size: u32,
    /// Member cases, in the order they appear.
    pub cases: Vec<u32>,
    /// The representative case whose row of scores the class shares.
    pub row: u32,
}

pub fn classes(inst: &Instance) -> Vec<Class> {
    let mut out: Vec<Class> = Vec::new();
    let mut seen: HashMap<(u32, &[u32], Vec<u64>), usize> = HashMap::new();
    for (i, c) in inst.cases.iter().enumerate() {
        let (sites, scores) = inst.scores.row(i);
        let key = (c.size, sites, scores.iter().map(|s| s.to_bits()).collect());
        match seen.get(&key) {
            Some(&k) => out[k].cases.push(i as u32),
            None => {
                seen.insert(key, out.len());
                out.push(Class {
                    size: c.size,
                    cases: vec![i as u32],
                    row: i as u32,
                });
            }
        }
    }
    out
}

/// Checks the quotas can be met at all, before any search.
/// The first quota `site_of` breaks, as the error that says so.
pub fn kept_quotas(inst: &Instance, site_of: &[Option<u32>]) -> Result<(), PlaceError> {
    let (of_site, names) = inst.countries();
    let placed = persons_by_country(inst, site_of, &of_site, names.len());
    for q in &inst.quotas {
        let n = names
            .iter()
            .position(|c| *c == q.country)
            .map_or(0, |c| placed[c]);
        if !(q.min..=q.max).contains(&n) {
            return Err(PlaceError::QuotaMissed {
                country: q.country.clone(),
                min: q.min,
                max: q.max,
                placed: n,
            });
        }
    }
    Ok(())
}

/// The persons `site_of` places in each country, by the index
/// [`Instance::countries`] gives it (`of_site`, among `countries`).
pub(crate) fn persons_by_country(
    inst: &Instance,
    site_of: &[Option<u32>],
    of_site: &[u32],
    countries: usize,
) -> Vec<u64> {
    let mut placed = vec![0u64; countries];
    for (i, s) in site_of.iter().enumerate() {
        if let Some(j) = s {
            placed[of_site[*j as usize] as usize] += u64::from(inst.cases[i].size);
        }
    }
    placed
}

pub fn check_quotas(inst: &Instance) -> Result<(), PlaceError> {
    let (of_site, names) = inst.countries();
    let total_min: u64 = inst.quotas.iter().map(|q| q.min).sum();
    if total_min > inst.persons() {
        return Err(PlaceError::QuotasExceedCaseload {
            min: total_min,
            persons: inst.persons(),
        });
    }
    for q in &inst.quotas {
        let Some(c) = names.iter().position(|n| *n == q.country) else {
            return Err(PlaceError::QuotaWithoutSites(q.country.clone()));
        };
        let capacity: u64 = inst
            .sites
            .iter()
            .zip(&of_site)
            .filter(|(_, &k)| k as usize == c)
            .map(|(s, _)| s.capacity)
            .sum();
        let eligible: u64 = (0..inst.cases.len())
            .filter(|&i| {
                inst.scores
                    .row(i)
                    .0
                    .iter()
                    .any(|&j| of_site[j as usize] as usize == c)
            })
            .map(|i| u64::from(inst.cases[i].size))
            .sum();
        for (reachable, why) in [
            (capacity, "the capacity of its sites"),
            (eligible, "persons in families whose needs its sites serve"),
        ] {
            if reachable < q.min {
                return Err(PlaceError::QuotaUnreachable {
                    country: q.country.clone(),
                    min: q.min,
                    reachable,
                    why,
                });
            }
        }
    }
    Ok(())
}

/// The sum of the scores of the assignments made.
pub fn objective(inst: &Instance, site_of: &[Option<u32>]) -> f64 {
    site_of
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.and_then(|j| inst.scores.get(i, j as usize)))
        .sum::<f64>()
        // An empty sum of floats is −0, which prints as "-0.000".
        + 0.0
}

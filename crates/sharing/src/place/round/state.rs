//! The placement being rounded: each family's site, each site's room and
//! each country's load, kept together as families are assigned and
//! removed, for the rounding and its quota chains alike.

use crate::place::instance::Instance;

#[derive(Clone)]
pub(super) struct State<'a> {
    pub(super) inst: &'a Instance,
    pub(super) country_of: Vec<u32>,
    /// (min, max) persons per country.
    pub(super) limits: Vec<(u64, u64)>,
    pub(super) site_of: Vec<Option<u32>>,
    pub(super) residual: Vec<u64>,
    pub(super) load: Vec<u64>,
    pub(super) members: Vec<Vec<u32>>,
    pub(super) slot: Vec<usize>,
    /// What a person costs at each site, at the relaxation's prices.
    pub(super) price: Vec<f64>,
}

impl<'a> State<'a> {
    pub(super) fn size(&self, i: usize) -> u64 {
        u64::from(self.inst.cases[i].size)
    }

    pub(super) fn country(&self, j: usize) -> usize {
        self.country_of[j] as usize
    }

    pub(super) fn fits(&self, i: usize, j: usize) -> bool {
        let s = self.size(i);
        self.residual[j] >= s && self.load[self.country(j)] + s <= self.limits[self.country(j)].1
    }

    pub(super) fn assign(&mut self, i: usize, j: usize) {
        let (s, c) = (self.size(i), self.country(j));
        self.residual[j] -= s;
        self.load[c] += s;
        self.site_of[i] = Some(j as u32);
        self.slot[i] = self.members[j].len();
        self.members[j].push(i as u32);
    }

    pub(super) fn remove(&mut self, i: usize) {
        let Some(j) = self.site_of[i].take() else {
            return;
        };
        let j = j as usize;
        let (s, c) = (self.size(i), self.country(j));
        self.residual[j] += s;
        self.load[c] -= s;
        let k = self.slot[i];
        self.members[j].swap_remove(k);
        if let Some(&moved) = self.members[j].get(k) {
            self.slot[moved as usize] = k;
        }
    }

    pub(super) fn score(&self, i: usize, j: usize) -> f64 {
        self.inst.scores.get(i, j).unwrap_or(f64::NEG_INFINITY)
    }

    /// Score less what the persons cost at the site: what placing `i` at
    /// `j` is worth once the capacity it takes is paid for.
    pub(super) fn reduced(&self, i: usize, j: usize, w: f64) -> f64 {
        w - self.size(i) as f64 * self.price[j]
    }

    /// The site with room for `i` where it is worth most at the prices,
    /// with its score.
    pub(super) fn best_fit(&self, i: usize, only_country: Option<usize>) -> Option<(usize, f64)> {
        let (sites, scores) = self.inst.scores.row(i);
        let mut best: Option<(usize, f64, f64)> = None;
        for (&j, &w) in sites.iter().zip(scores) {
            let j = j as usize;
            if only_country.is_some_and(|c| c != self.country(j)) || !self.fits(i, j) {
                continue;
            }
            let r = self.reduced(i, j, w);
            if best.is_none_or(|(_, b, _)| r > b) {
                best = Some((j, r, w));
            }
        }
        best.map(|(j, _, w)| (j, w))
    }
}

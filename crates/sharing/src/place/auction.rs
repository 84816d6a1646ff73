//! Prices per person at each site, from an auction.
//!
//! With families divisible, placement is a transportation problem: each
//! person of case `i` brings `score(i, j) / size(i)` at site `j`, sites hold
//! `capacity` persons, anyone may stay out at 0. Its dual is a price per
//! person at each site (and, with quotas, one per country), and any prices
//! at all give an upper bound on every placement ([`super::bound`]); good
//! prices give a bound that closes on the placement.
//!
//! The prices come from Bertsekas's auction algorithm for the
//! transportation problem (D. P. Bertsekas and D. A. Castañon, "The auction
//! algorithm for the transportation problem", Annals of Operations Research
//! 20, 1989): persons of one class bid together for the site that gives
//! them most at current prices, raising its price by the margin over their
//! second choice plus ε, and outbid persons bid again. At the end every
//! person held is within ε of its best choice (ε-complementary slackness),
//! so the relaxation is solved to within ε per person. One ε throughout:
//! ε-scaling (a large ε first, then smaller) was measured slower on these
//! instances (7.4 s against 0.3 s at 10,000 × 200), because bringing
//! down the prices a large ε inflated costs more than the price wars it
//! avoids, and the bound came out the same. A general LP or MIP solver would have to carry every pair of the
//! instance as a variable (25 million at 50,000 cases × 500 sites); the
//! auction only ever looks at a class's own row of scores, so its memory is
//! the instance's and its work grows with the caseload, not its square.
//! Country quotas are priced by an outer loop on the countries' multipliers
//! (a Lagrangian relaxation of the quota constraints).

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, VecDeque};

use super::instance::{Class, Instance, Options};

/// Passes of [`Market::restore_slackness`] at most; each settles the lots
/// that the previous one made worse placed.
const RESTORE_PASSES: usize = 100;
/// ε as a fraction of the mean value per person: the relaxation is then
/// solved to within a ten-thousandth of its value.
const EPS: f64 = 1e-4;
/// Rounds of the outer loop on country multipliers.
const QUOTA_ROUNDS: usize = 60;
/// Bids between two questions to [`Options::stop`].
const BIDS_PER_CHECK: u64 = 4096;

/// The prices, and the divisible placement they clear.
pub struct Prices {
    /// Price per person at each site.
    pub site: Vec<f64>,
    /// Multiplier per person of each country's quota (positive: the upper
    /// limit binds; negative: the lower one), by the country index of
    /// `Instance::countries`; 0 for countries without a quota.
    pub country: Vec<f64>,
    /// Persons of each class held at each site.
    pub holdings: Vec<Vec<(u32, u64)>>,
    /// Value of the divisible placement held.
    pub relaxation: f64,
    pub finished: bool,
}

#[derive(Clone, Copy, PartialEq)]
struct Price(f64);
impl Eq for Price {}
impl PartialOrd for Price {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Price {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

struct Lot {
    price: f64,
    class: u32,
    units: u64,
}

struct Market<'a> {
    classes: &'a [Class],
    country_of: Vec<u32>,
    /// Per class: its row's sites and value per person.
    rows: Vec<(&'a [u32], Vec<f64>)>,
    multiplier: Vec<f64>,
    free: Vec<u64>,
    heaps: Vec<BinaryHeap<Reverse<(Price, u32)>>>,
    lots: Vec<Lot>,
    /// What a person pays to enter each site now: 0 while it has room,
    /// then the cheapest price held there.
    entry: Vec<f64>,
    unassigned: Vec<u64>,
    queued: Vec<bool>,
    queue: VecDeque<u32>,
    bids: u64,
}

impl<'a> Market<'a> {
    fn new(inst: &'a Instance, classes: &'a [Class]) -> Market<'a> {
        let (country_of, names) = inst.countries();
        let rows = classes
            .iter()
            .map(|c| {
                let (sites, scores) = inst.scores.row(c.row as usize);
                let s = f64::from(c.size.max(1));
                (sites, scores.iter().map(|w| w / s).collect())
            })
            .collect();
        let free: Vec<u64> = inst.sites.iter().map(|s| s.capacity).collect();
        let entry = free
            .iter()
            .map(|&f| if f > 0 { 0.0 } else { f64::INFINITY })
            .collect();
        Market {
            classes,
            country_of,
            rows,
            multiplier: vec![0.0; names.len()],
            heaps: (0..inst.sites.len()).map(|_| BinaryHeap::new()).collect(),
            free,
            lots: Vec::new(),
            entry,
            unassigned: classes
                .iter()
                .map(|c| c.cases.len() as u64 * u64::from(c.size))
                .collect(),
            queued: vec![false; classes.len()],
            queue: VecDeque::new(),
            bids: 0,
        }
    }

    fn enqueue(&mut self, t: u32) {
        if !self.queued[t as usize] && self.unassigned[t as usize] > 0 {
            self.queued[t as usize] = true;
            self.queue.push_back(t);
        }
    }

    /// Value per person of class `t` at its `k`-th site, at current prices.
    fn value(&self, t: usize, k: usize) -> f64 {
        let j = self.rows[t].0[k] as usize;
        self.rows[t].1[k] - self.multiplier[self.country_of[j] as usize] - self.entry[j]
    }

    /// The best and second-best values of class `t` (the second includes
    /// staying out, at 0), with the best's position in the row.
    fn best_two(&self, t: usize) -> (f64, usize, f64) {
        let (mut v1, mut k1, mut v2) = (f64::NEG_INFINITY, usize::MAX, 0.0f64);
        for k in 0..self.rows[t].0.len() {
            let v = self.value(t, k);
            if v > v1 {
                v2 = v2.max(v1);
                v1 = v;
                k1 = k;
            } else if v > v2 {
                v2 = v;
            }
        }
        (v1, k1, v2)
    }

    fn refresh_entry(&mut self, j: usize) {
        if self.free[j] > 0 {
            self.entry[j] = 0.0;
            return;
        }
        while let Some(Reverse((p, l))) = self.heaps[j].peek() {
            let lot = &self.lots[*l as usize];
            if lot.units == 0 || lot.price != p.0 {
                self.heaps[j].pop();
            } else {
                self.entry[j] = p.0;
                return;
            }
        }
        self.entry[j] = f64::INFINITY;
    }

    /// Runs bids until every class is held or prefers to stay out. False
    /// when told to stop first.
    fn run(&mut self, eps: f64, stop: &dyn Fn() -> bool) -> bool {
        while let Some(t) = self.queue.pop_front() {
            let ti = t as usize;
            self.queued[ti] = false;
            if self.unassigned[ti] == 0 {
                continue;
            }
            self.bids += 1;
            if self.bids.is_multiple_of(BIDS_PER_CHECK) && stop() {
                self.queue.push_front(t);
                self.queued[ti] = true;
                return false;
            }
            let (v1, k1, v2) = self.best_two(ti);
            if v1.is_nan() || v1 <= 0.0 || k1 == usize::MAX {
                // Staying out is as good as any site: these persons wait.
                continue;
            }
            let j = self.rows[ti].0[k1] as usize;
            let bid = self.entry[j] + (v1 - v2) + eps;
            let mut want = self.unassigned[ti];
            let mut got = 0;
            let room = want.min(self.free[j]);
            self.free[j] -= room;
            got += room;
            want -= room;
            while want > 0 {
                let Some(&Reverse((p, l))) = self.heaps[j].peek() else {
                    break;
                };
                let lot = &mut self.lots[l as usize];
                if lot.units == 0 || lot.price != p.0 {
                    self.heaps[j].pop();
                    continue;
                }
                if p.0 >= bid {
                    break;
                }
                let k = want.min(lot.units);
                lot.units -= k;
                got += k;
                want -= k;
                let owner = lot.class;
                if lot.units == 0 {
                    self.heaps[j].pop();
                }
                self.unassigned[owner as usize] += k;
                self.enqueue(owner);
            }
            if got > 0 {
                self.heaps[j].push(Reverse((Price(bid), self.lots.len() as u32)));
                self.lots.push(Lot {
                    price: bid,
                    class: t,
                    units: got,
                });
                self.unassigned[ti] -= got;
            }
            self.refresh_entry(j);
            self.enqueue(t);
        }
        true
    }

    /// Restores ε-complementary slackness after the quotas' multipliers
    /// move: a lot whose persons are no longer within `eps` of
    /// their best other choice has its price lowered until they are, and is
    /// given up (its capacity free again, at 0) when even 0 is too much.
    /// Lowering a price can make a site more attractive to persons held
    /// elsewhere, so this repeats until nothing changes. Persons who gave
    /// up a lot bid again; no capacity is left priced but unheld, which is
    /// what keeps the bound of [`super::bound`] close.
    fn restore_slackness(&mut self, eps: f64) {
        for _ in 0..RESTORE_PASSES {
            let best: Vec<(f64, u32, f64)> = (0..self.classes.len())
                .map(|t| {
                    let (v1, k1, v2) = self.best_two(t);
                    let j = if k1 == usize::MAX {
                        u32::MAX
                    } else {
                        self.rows[t].0[k1]
                    };
                    (v1, j, v2)
                })
                .collect();
            let mut changed = Vec::new();
            for (j, heap) in self.heaps.iter().enumerate() {
                for Reverse((p, l)) in heap.iter() {
                    let lot = &mut self.lots[*l as usize];
                    if lot.units == 0 || lot.price != p.0 {
                        continue;
                    }
                    let t = lot.class as usize;
                    let row = &self.rows[t];
                    let k = row
                        .0
                        .binary_search(&(j as u32))
                        .expect("held at a site of its row");
                    let value = row.1[k] - self.multiplier[self.country_of[j] as usize];
                    let (v1, j1, v2) = best[t];
                    let other = if j1 == j as u32 { v2 } else { v1.max(0.0) };
                    // Half of ε is kept in hand, so that rounding cannot
                    // bring the same lot back on the next pass.
                    if value - lot.price >= other - eps {
                        continue;
                    }
                    let price = value - other + eps / 2.0;
                    if price > 0.0 {
                        lot.price = price;
                        changed.push((j, *l, price));
                    } else {
                        self.unassigned[t] += lot.units;
                        self.free[j] += lot.units;
                        lot.units = 0;
                        changed.push((j, *l, f64::NAN));
                    }
                }
            }
            if changed.is_empty() {
                break;
            }
            for (j, l, price) in changed {
                if !price.is_nan() {
                    self.heaps[j].push(Reverse((Price(price), l)));
                }
                self.refresh_entry(j);
            }
        }
        for t in 0..self.classes.len() as u32 {
            self.enqueue(t);
        }
    }

    fn holdings(&self) -> Vec<Vec<(u32, u64)>> {
        let mut out: Vec<Vec<(u32, u64)>> = vec![Vec::new(); self.classes.len()];
        for (j, heap) in self.heaps.iter().enumerate() {
            for Reverse((p, l)) in heap.iter() {
                let lot = &self.lots[*l as usize];
                if lot.units > 0 && lot.price == p.0 {
                    let h = &mut out[lot.class as usize];
                    match h.iter_mut().find(|(s, _)| *s == j as u32) {
                        Some(e) => e.1 += lot.units,
                        None => h.push((j as u32, lot.units)),
                    }
                }
            }
        }
        for h in &mut out {
            h.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        out
    }

    /// Persons held in each country.
    fn loads(&self) -> Vec<u64> {
        let mut load = vec![0; self.multiplier.len()];
        for (j, heap) in self.heaps.iter().enumerate() {
            let held: u64 = heap
                .iter()
                .filter(|Reverse((p, l))| self.lots[*l as usize].price == p.0)
                .map(|Reverse((_, l))| self.lots[*l as usize].units)
                .sum();
            load[self.country_of[j] as usize] += held;
        }
        load
    }
}

/// Prices that clear the divisible problem to within ε per person.
pub fn prices(inst: &Instance, classes: &[Class], opts: &Options) -> Prices {
    prices_within(inst, classes, opts, EPS)
}

/// [`prices`] with ε as the fraction `precision` of the mean value per
/// person (the branch and bound of a small neighbourhood asks for a finer
/// one than the whole instance).
pub fn prices_within(inst: &Instance, classes: &[Class], opts: &Options, precision: f64) -> Prices {
    let mut m = Market::new(inst, classes);
    let values = m.rows.iter().zip(classes).flat_map(|((_, v), c)| {
        let n = c.cases.len() as f64 * f64::from(c.size);
        v.iter().map(move |&x| (x, n))
    });
    let (mut top, mut sum, mut weight) = (0.0f64, 0.0f64, 0.0f64);
    for (x, n) in values {
        if x > 0.0 {
            top = top.max(x);
            sum += x * n;
            weight += n;
        }
    }
    let mut finished = true;
    if top > 0.0 {
        let eps = precision * sum / weight;
        for t in 0..classes.len() as u32 {
            m.enqueue(t);
        }
        finished = m.run(eps, opts.stop);
        if finished && !inst.quotas.is_empty() {
            finished = price_quotas(&mut m, inst, eps, top, opts);
        }
    }
    let holdings = m.holdings();
    let relaxation = holdings
        .iter()
        .enumerate()
        .map(|(t, h)| {
            h.iter()
                .map(|&(j, units)| {
                    let row = &m.rows[t];
                    let k = row.0.binary_search(&j).expect("a site of its row");
                    row.1[k] * units as f64
                })
                .sum::<f64>()
        })
        .sum();
    let site = (0..inst.sites.len())
        .map(|j| {
            if m.entry[j].is_finite() {
                m.entry[j]
            } else {
                0.0
            }
        })
        .collect();
    Prices {
        site,
        country: m.multiplier.clone(),
        holdings,
        relaxation,
        finished,
    }
}

/// The outer loop: each country's multiplier moves against its quota's
/// violation (up when too many persons are held there, down when too few),
/// by a step that halves whenever the direction turns, and the auction
/// re-clears after each move.
fn price_quotas(m: &mut Market, inst: &Instance, eps: f64, top: f64, opts: &Options) -> bool {
    let (_, names) = inst.countries();
    let quota: Vec<Option<(u64, u64)>> = names
        .iter()
        .map(|n| {
            inst.quotas
                .iter()
                .find(|q| q.country == *n)
                .map(|q| (q.min, q.max))
        })
        .collect();
    let mut step = vec![top / 4.0; names.len()];
    let mut last_dir = vec![0i8; names.len()];
    for _ in 0..QUOTA_ROUNDS {
        let load = m.loads();
        let mut moved = false;
        for c in 0..names.len() {
            let Some((lo, hi)) = quota[c] else { continue };
            let (over, under) = (load[c] > hi, load[c] < lo);
            let dir: i8 = if over || (!under && m.multiplier[c] < 0.0) {
                1
            } else if under || m.multiplier[c] > 0.0 {
                -1
            } else {
                0
            };
            if dir == 0 {
                continue;
            }
            if last_dir[c] != 0 && dir != last_dir[c] {
                step[c] /= 2.0;
            }
            last_dir[c] = dir;
            let before = m.multiplier[c];
            let mut next = before + f64::from(dir) * step[c];
            // Within the band, a multiplier only moves back towards 0.
            if load[c] >= lo && load[c] <= hi && next.signum() != before.signum() {
                next = 0.0;
            }
            if (next - before).abs() > eps / 10.0 {
                m.multiplier[c] = next;
                moved = true;
            }
        }
        if !moved {
            break;
        }
        m.restore_slackness(eps);
        if !m.run(eps, opts.stop) {
            return false;
        }
    }
    true
}

//! Minimum-cost flow by cost scaling (push–relabel), with node prices.
//!
//! Written here rather than taken from a library: the Rust graph crates
//! with a min-cost flow are GPL-licensed or wrap a C++ library whose
//! interface returns paths, not prices, and the matching needs the
//! prices: they are what proves its bound on pairs the flow never saw
//! ([`crate::exact`]).
//!
//! The algorithm is A. V. Goldberg's ("An efficient implementation of a
//! scaling minimum-cost flow algorithm", *Journal of Algorithms* 22, 1997):
//! costs are multiplied by `n + 1`; each phase divides ε by [`ALPHA`],
//! saturates every residual arc of negative reduced cost, then pushes
//! excess along admissible arcs (residual, reduced cost below zero) and
//! relabels a node with none, lowering its price to the most of
//! `price(head) − cost − ε` over its residual arcs. A phase keeps every
//! residual arc's reduced cost at least −ε; once ε is 1 on the multiplied
//! costs the flow is optimal for the integer costs given (ε < 1/n).
//! Active nodes are taken first in, first out.

use std::collections::VecDeque;

/// The factor by which ε shrinks from one phase to the next.
pub const ALPHA: i64 = 12;

/// How often (in discharges) the caller's `stop` is asked.
const ASK_EVERY: u32 = 4096;

/// A network under construction: arcs with a capacity and an integer cost.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    nodes: usize,
    tail: Vec<u32>,
    head: Vec<u32>,
    cap: Vec<i32>,
    cost: Vec<i64>,
}

impl Builder {
    pub fn new(nodes: usize) -> Builder {
        Builder {
            nodes,
            ..Builder::default()
        }
    }

    /// An arc `from → to`; its index is the order of addition.
    pub fn arc(&mut self, from: usize, to: usize, cap: i32, cost: i64) -> usize {
        debug_assert!(from < self.nodes && to < self.nodes && cap >= 0);
        self.tail.push(from as u32);
        self.head.push(to as u32);
        self.cap.push(cap);
        self.cost.push(cost);
        self.tail.len() - 1
    }

    /// Room for `arcs` more arcs.
    pub fn reserve(&mut self, arcs: usize) {
        self.tail.reserve(arcs);
        self.head.reserve(arcs);
        self.cap.reserve(arcs);
        self.cost.reserve(arcs);
    }

    pub fn arcs(&self) -> usize {
        self.tail.len()
    }

    /// The residual network, each arc beside its reverse, node by node.
    pub fn build(self) -> Network {
        let n = self.nodes;
        let m = self.tail.len();
        let mut first = vec![0usize; n + 1];
        for k in 0..m {
            first[self.tail[k] as usize + 1] += 1;
            first[self.head[k] as usize + 1] += 1;
        }
        for v in 0..n {
            first[v + 1] += first[v];
        }
        let mut next = first.clone();
        let slots = 2 * m;
        let mut head = vec![0u32; slots];
        let mut rev = vec![0u32; slots];
        let mut cost = vec![0i64; slots];
        let mut resid = vec![0i32; slots];
        let mut slot_of = vec![0u32; m];
        for (k, slot) in slot_of.iter_mut().enumerate() {
            let (t, h) = (self.tail[k] as usize, self.head[k] as usize);
            let (a, b) = (next[t], next[h]);
            next[t] += 1;
            next[h] += 1;
            head[a] = h as u32;
            head[b] = t as u32;
            rev[a] = b as u32;
            rev[b] = a as u32;
            cost[a] = self.cost[k];
            cost[b] = -self.cost[k];
            resid[a] = self.cap[k];
            *slot = a as u32;
        }
        Network {
            first,
            head,
            rev,
            cost,
            resid,
            cap: self.cap,
            slot_of,
        }
    }
}

/// A residual network.
#[derive(Debug, Clone)]
pub struct Network {
    first: Vec<usize>,
    head: Vec<u32>,
    rev: Vec<u32>,
    cost: Vec<i64>,
    resid: Vec<i32>,
    cap: Vec<i32>,
    slot_of: Vec<u32>,
}

/// Why no flow came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowError {
    /// The caller's `stop` said so before the last phase ended.
    Stopped,
    /// Supplies cannot all reach the demands.
    Infeasible,
    /// Costs so large that prices could leave 64 bits.
    CostsTooLarge,
}

/// An optimal flow and prices that prove it: every residual arc's reduced
/// cost `cost + price(tail) − price(head)` is at least `−1/(n + 1)`.
#[derive(Debug, Clone)]
pub struct Solved {
    /// Flow on each arc, in the order the arcs were added.
    pub flow: Vec<i32>,
    /// Node prices, in units of the costs given.
    pub price: Vec<f64>,
}

impl Network {
    pub fn nodes(&self) -> usize {
        self.first.len() - 1
    }

    /// The minimum-cost flow meeting `supply` (positive: a source;
    /// negative: a demand; summing to zero).
    pub fn solve(mut self, supply: &[i64], stop: &dyn Fn() -> bool) -> Result<Solved, FlowError> {
        let n = self.nodes();
        assert_eq!(supply.len(), n, "a supply for every node");
        let scale = n as i64 + 1;
        // Over all phases a price falls by less than 4n times the largest
        // scaled cost (Goldberg and Tarjan's 3n·ε a phase, ε shrinking
        // geometrically): refuse costs that could take prices past 64 bits,
        // before anything is changed.
        if largest_cost(&self.cost) > cost_limit(n) {
            return Err(FlowError::CostsTooLarge);
        }
        let mut max_cost = 0i64;
        for c in &mut self.cost {
            *c *= scale;
            max_cost = max_cost.max(c.abs());
        }
        let mut s = State {
            price: vec![0i64; n],
            excess: supply.to_vec(),
            current: self.first[..n].to_vec(),
            queue: VecDeque::new(),
            net: self,
            asked: 0,
            floor: 0,
        };
        // The zero flow at zero prices is max_cost-optimal.
        let mut eps = max_cost.max(1);
        loop {
            let before = eps;
            eps = (eps / ALPHA).max(1);
            s.refine(eps, before, stop)?;
            if eps == 1 {
                break;
            }
        }
        let net = &s.net;
        let flow = (0..net.cap.len())
            .map(|k| net.cap[k] - net.resid[net.slot_of[k] as usize])
            .collect();
        let price = s.price.iter().map(|&p| p as f64 / scale as f64).collect();
        Ok(Solved { flow, price })
    }
}

/// The largest cost a network of `nodes` nodes may have.
pub fn cost_limit(nodes: usize) -> u64 {
    let scale = nodes as u64 + 1;
    (i64::MAX as u64 / 4) / scale.saturating_mul(4 * scale).max(1)
}

fn largest_cost(costs: &[i64]) -> u64 {
    costs.iter().map(|c| c.unsigned_abs()).max().unwrap_or(0)
}

struct State {
    price: Vec<i64>,
    excess: Vec<i64>,
    current: Vec<usize>,
    queue: VecDeque<u32>,
    net: Network,
    asked: u32,
    /// No price may fall below this in the current phase: in a feasible
    /// problem a price falls by at most 3n times the last phase's ε in a
    /// phase (A. V. Goldberg and R. E. Tarjan, "Finding minimum-cost
    /// circulations by successive approximation", *Mathematics of
    /// Operations Research* 15, 1990), so one that does proves the
    /// supplies cannot reach the demands.
    floor: i64,
}

impl State {
    fn reduced(&self, v: usize, a: usize) -> i64 {
        self.net.cost[a] + self.price[v] - self.price[self.net.head[a] as usize]
    }

    fn push(&mut self, v: usize, a: usize, delta: i32) {
        let w = self.net.head[a] as usize;
        self.net.resid[a] -= delta;
        self.net.resid[self.net.rev[a] as usize] += delta;
        self.excess[v] -= i64::from(delta);
        let was = self.excess[w];
        self.excess[w] += i64::from(delta);
        if was <= 0 && self.excess[w] > 0 {
            self.queue.push_back(w as u32);
        }
    }

    /// One phase: from a `before`-optimal flow to an `eps`-optimal one.
    fn refine(&mut self, eps: i64, before: i64, stop: &dyn Fn() -> bool) -> Result<(), FlowError> {
        let n = self.net.nodes();
        // Saturate every residual arc of negative reduced cost: the
        // pseudoflow is then 0-optimal, with excesses and deficits.
        for v in 0..n {
            for a in self.net.first[v]..self.net.first[v + 1] {
                let r = self.net.resid[a];
                if r > 0 && self.reduced(v, a) < 0 {
                    let w = self.net.head[a] as usize;
                    self.net.resid[a] = 0;
                    self.net.resid[self.net.rev[a] as usize] += r;
                    self.excess[v] -= i64::from(r);
                    self.excess[w] += i64::from(r);
                }
            }
        }
        let low = self.price.iter().copied().min().unwrap_or(0);
        // Twice the bound, so that only a problem with no feasible flow
        // ever reaches it.
        self.floor =
            low.saturating_sub((3 * n as i64 + 3).saturating_mul(before).saturating_mul(2));
        self.queue.clear();
        for v in 0..n {
            self.current[v] = self.net.first[v];
            if self.excess[v] > 0 {
                self.queue.push_back(v as u32);
            }
        }
        while let Some(v) = self.queue.pop_front() {
            self.asked += 1;
            if self.asked >= ASK_EVERY {
                self.asked = 0;
                if stop() {
                    return Err(FlowError::Stopped);
                }
            }
            self.discharge(v as usize, eps)?;
        }
        Ok(())
    }

    /// Push `v`'s excess away, relabelling it as often as needed.
    fn discharge(&mut self, v: usize, eps: i64) -> Result<(), FlowError> {
        let end = self.net.first[v + 1];
        while self.excess[v] > 0 {
            let mut a = self.current[v];
            while a < end {
                let r = self.net.resid[a];
                if r > 0 && self.reduced(v, a) < 0 {
                    let delta = i64::from(r).min(self.excess[v]) as i32;
                    self.push(v, a, delta);
                    if self.excess[v] == 0 {
                        break;
                    }
                }
                a += 1;
            }
            if a < end {
                self.current[v] = a;
                return Ok(());
            }
            // Relabel: the highest price keeping every residual arc's
            // reduced cost at least −ε, one arc at exactly −ε.
            let mut best = i64::MIN;
            for a in self.net.first[v]..end {
                if self.net.resid[a] > 0 {
                    let w = self.net.head[a] as usize;
                    best = best.max(self.price[w] - self.net.cost[a]);
                }
            }
            if best == i64::MIN || best - eps < self.floor {
                return Err(FlowError::Infeasible);
            }
            self.price[v] = best - eps;
            self.current[v] = self.net.first[v];
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const NEVER: &dyn Fn() -> bool = &|| false;

    #[test]
    fn a_transport_problem_takes_its_cheapest_routes() {
        // Two sources of 2 and 1, two sinks of 2 and 1.
        let mut b = Builder::new(4);
        let a = b.arc(0, 2, 5, 1);
        let c = b.arc(0, 3, 5, 4);
        let d = b.arc(1, 2, 5, 2);
        let e = b.arc(1, 3, 5, 1);
        let s = b.build().solve(&[2, 1, -2, -1], NEVER).unwrap();
        assert_eq!([s.flow[a], s.flow[c], s.flow[d], s.flow[e]], [2, 0, 0, 1]);
    }

    #[test]
    fn capacities_bind_and_a_supply_with_no_way_out_is_infeasible() {
        let mut b = Builder::new(3);
        let cheap = b.arc(0, 2, 1, -10);
        let dear = b.arc(0, 1, 5, 0);
        let on = b.arc(1, 2, 5, 3);
        let s = b.build().solve(&[3, 0, -3], NEVER).unwrap();
        assert_eq!([s.flow[cheap], s.flow[dear], s.flow[on]], [1, 2, 2]);
        let mut b = Builder::new(2);
        b.arc(1, 0, 1, 0);
        assert_eq!(
            b.build().solve(&[1, -1], NEVER).unwrap_err(),
            FlowError::Infeasible
        );
    }

    #[test]
    fn stop_is_asked_now_and_then_and_obeyed() {
        // Asked every few thousand discharges: a tiny network ends first…
        let mut b = Builder::new(2);
        b.arc(0, 1, 1, 1);
        assert!(b.build().solve(&[1, -1], &|| true).is_ok());
        // …a large one stops.
        let n = 3_000;
        let mut b = Builder::new(2 * n);
        for i in 0..n {
            for k in 0..5 {
                let j = (i * 7 + k * 131) % n;
                b.arc(i, n + j, 1, -(((i * 31 + j * 17) % 97) as i64));
            }
        }
        let supply: Vec<i64> = (0..2 * n).map(|v| if v < n { 1 } else { -1 }).collect();
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            true
        };
        assert_eq!(
            b.build().solve(&supply, &stop).unwrap_err(),
            FlowError::Stopped
        );
        assert_eq!(asked.get(), 1);
    }

    /// Every feasible flow of a small network, by enumeration: the least
    /// cost of sending the supplies over arcs of capacity 0–2.
    fn brute(nodes: usize, arcs: &[(usize, usize, i32, i64)], supply: &[i64]) -> Option<i64> {
        fn go(
            k: usize,
            arcs: &[(usize, usize, i32, i64)],
            balance: &mut Vec<i64>,
            cost: i64,
            best: &mut Option<i64>,
        ) {
            if k == arcs.len() {
                if balance.iter().all(|&b| b == 0) {
                    *best = Some(best.map_or(cost, |b| b.min(cost)));
                }
                return;
            }
            let (t, h, cap, c) = arcs[k];
            for f in 0..=cap {
                balance[t] -= i64::from(f);
                balance[h] += i64::from(f);
                go(k + 1, arcs, balance, cost + c * i64::from(f), best);
                balance[t] += i64::from(f);
                balance[h] -= i64::from(f);
            }
        }
        let _ = nodes;
        let mut best = None;
        go(0, arcs, &mut supply.to_vec(), 0, &mut best);
        best
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The flow's cost is the least any feasible flow has, it keeps
        /// every capacity and balance, and its prices leave no residual
        /// arc below −1/(n+1).
        #[test]
        fn the_flow_is_optimal_and_its_prices_prove_it(
            arcs in proptest::collection::vec((0usize..4, 0usize..4, 0i32..3, -5i64..6), 1..7),
            from in 0usize..4,
            to in 0usize..4,
            units in 0i64..3,
        ) {
            let arcs: Vec<_> = arcs.into_iter().filter(|a| a.0 != a.1).collect();
            let mut supply = vec![0i64; 4];
            supply[from] += units;
            supply[to] -= units;
            let best = brute(4, &arcs, &supply);
            let mut b = Builder::new(4);
            for &(t, h, cap, c) in &arcs {
                b.arc(t, h, cap, c);
            }
            // Negative cycles of unlimited capacity cannot occur: every
            // capacity is finite.
            match (b.build().solve(&supply, NEVER), best) {
                (Ok(s), Some(best)) => {
                    let cost: i64 = arcs.iter().zip(&s.flow).map(|(a, &f)| a.3 * i64::from(f)).sum();
                    prop_assert_eq!(cost, best);
                    let mut balance = supply.clone();
                    for (a, &f) in arcs.iter().zip(&s.flow) {
                        prop_assert!(0 <= f && f <= a.2);
                        balance[a.0] -= i64::from(f);
                        balance[a.1] += i64::from(f);
                        let reduced = a.3 as f64 + s.price[a.0] - s.price[a.1];
                        let slack = 1.0 / 5.0 + 1e-9;
                        if f < a.2 {
                            prop_assert!(reduced >= -slack, "forward {reduced}");
                        }
                        if f > 0 {
                            prop_assert!(reduced <= slack, "backward {reduced}");
                        }
                    }
                    prop_assert!(balance.iter().all(|&b| b == 0));
                }
                (Err(FlowError::Infeasible), None) => {}
                (got, want) => prop_assert!(false, "{:?} against {:?}", got.map(|s| s.flow), want),
            }
        }
    }
}

//! Improving a matching to optimality by cancelling negative cycles.
//!
//! The matching is a flow: one unit from a hub to each matched worker, on
//! to their vacancy, to its pathway, back to the hub; places and quotas are
//! the capacities. A matching is optimal exactly when the residual network
//! of that flow has no cycle of negative cost (M. Klein, "A primal method
//! for minimal cost flows", Management Science 14, 1967). The placement
//! solver's rounding keeps families whole with ejections and swaps, which
//! on these instances leaves a few tenths of a percent (who gets a place
//! under a full quota); each cycle cancelled here is a chain of moves
//! (a worker in, others moved along, one out) that gains score while
//! keeping every place and quota.
//!
//! Cycles are found by Bellman–Ford with a FIFO queue from every node at
//! once (SPFA), looking for a cycle among the predecessor links after every
//! `nodes` relaxations: any such cycle has negative cost (R. E. Tarjan,
//! *Data Structures and Network Algorithms*, 1983, ch. 7). When the queue
//! empties with no cycle, the matching is optimal. Arcs are never stored:
//! each node's residual arcs are read from the candidates and the current
//! matching, so memory stays that of the instance.

use std::collections::VecDeque;

use crate::market::{Candidates, Market};

/// A relaxation must gain more than this to count: scores are hundredths,
/// so rounding noise never makes a cycle.
const MIN_GAIN: f64 = 1e-7;

struct Flow<'a> {
    c: &'a Candidates,
    /// Vacancy of each worker.
    at: Vec<Option<u32>>,
    /// Workers at each vacancy.
    holders: Vec<Vec<u32>>,
    places: Vec<u32>,
    /// Pathway of each vacancy.
    pathway: Vec<u32>,
    /// Vacancies of each pathway.
    members: Vec<Vec<u32>>,
    by_pathway: Vec<u64>,
    quota: Vec<Option<u64>>,
    n: usize,
    m: usize,
}

/// Nodes: the hub, workers, vacancies, pathways.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Node {
    Hub,
    Worker(u32),
    Vacancy(u32),
    Pathway(u32),
}

impl Flow<'_> {
    fn index(&self, x: Node) -> usize {
        match x {
            Node::Hub => 0,
            Node::Worker(i) => 1 + i as usize,
            Node::Vacancy(j) => 1 + self.n + j as usize,
            Node::Pathway(p) => 1 + self.n + self.m + p as usize,
        }
    }

    fn node(&self, k: usize) -> Node {
        if k == 0 {
            Node::Hub
        } else if k <= self.n {
            Node::Worker((k - 1) as u32)
        } else if k <= self.n + self.m {
            Node::Vacancy((k - 1 - self.n) as u32)
        } else {
            Node::Pathway((k - 1 - self.n - self.m) as u32)
        }
    }

    fn room(&self, p: usize) -> bool {
        self.quota[p].is_none_or(|q| self.by_pathway[p] < q)
    }

    /// Calls `f(head, cost)` for every residual arc out of `x`.
    fn arcs(&self, x: Node, mut f: impl FnMut(Node, f64)) {
        match x {
            Node::Hub => {
                for i in 0..self.n {
                    if self.at[i].is_none() && !self.c.row(i).0.is_empty() {
                        f(Node::Worker(i as u32), 0.0);
                    }
                }
                for (p, &used) in self.by_pathway.iter().enumerate() {
                    if used > 0 {
                        f(Node::Pathway(p as u32), 0.0);
                    }
                }
            }
            Node::Worker(i) => {
                let here = self.at[i as usize];
                if here.is_some() {
                    f(Node::Hub, 0.0);
                }
                let (vs, ss) = self.c.row(i as usize);
                for (&j, &s) in vs.iter().zip(ss) {
                    if Some(j) != here {
                        f(Node::Vacancy(j), -s);
                    }
                }
            }
            Node::Vacancy(j) => {
                for &i in &self.holders[j as usize] {
                    f(
                        Node::Worker(i),
                        self.c.get(i as usize, j as usize).unwrap_or(0.0),
                    );
                }
                if (self.holders[j as usize].len() as u32) < self.places[j as usize] {
                    f(Node::Pathway(self.pathway[j as usize]), 0.0);
                }
            }
            Node::Pathway(p) => {
                for &j in &self.members[p as usize] {
                    if !self.holders[j as usize].is_empty() {
                        f(Node::Vacancy(j), 0.0);
                    }
                }
                if self.room(p as usize) {
                    f(Node::Hub, 0.0);
                }
            }
        }
    }

    /// Moves the flow one unit around `cycle` (nodes in order).
    fn cancel(&mut self, cycle: &[Node]) {
        let k = cycle.len();
        for (t, &x) in cycle.iter().enumerate() {
            let Node::Worker(i) = x else { continue };
            let next = cycle[(t + 1) % k];
            let i = i as usize;
            if let Some(j) = self.at[i] {
                self.holders[j as usize].retain(|&w| w as usize != i);
                self.by_pathway[self.pathway[j as usize] as usize] -= 1;
            }
            self.at[i] = match next {
                Node::Vacancy(j) => Some(j),
                _ => None,
            };
            if let Some(j) = self.at[i] {
                self.holders[j as usize].push(i as u32);
                self.by_pathway[self.pathway[j as usize] as usize] += 1;
            }
        }
    }
}

/// A cycle among the predecessor links, if there is one.
fn parent_cycle(parent: &[usize]) -> Option<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let mut mark = vec![0u32; parent.len()];
    for start in 0..parent.len() {
        if mark[start] != 0 {
            continue;
        }
        let stamp = start as u32 + 1;
        let mut x = start;
        while x != NONE && mark[x] == 0 {
            mark[x] = stamp;
            x = parent[x];
        }
        if x != NONE && mark[x] == stamp {
            let mut cycle = vec![x];
            let mut y = parent[x];
            while y != x {
                cycle.push(y);
                y = parent[y];
            }
            cycle.reverse();
            return Some(cycle);
        }
    }
    None
}

/// Finds a negative cycle, or `None` when there is none (the matching is
/// optimal) or `stop` answered true.
fn negative_cycle(g: &Flow, stop: &dyn Fn() -> bool) -> Option<Vec<Node>> {
    let total = 1 + g.n + g.m + g.members.len();
    let mut dist = vec![0.0f64; total];
    let mut parent = vec![usize::MAX; total];
    let mut queued = vec![true; total];
    let mut queue: VecDeque<usize> = (0..total).collect();
    let mut relaxed = 0usize;
    while let Some(u) = queue.pop_front() {
        queued[u] = false;
        let du = dist[u];
        g.arcs(g.node(u), |w, cost| {
            let w = g.index(w);
            if du + cost < dist[w] - MIN_GAIN {
                dist[w] = du + cost;
                parent[w] = u;
                relaxed += 1;
                if !queued[w] {
                    queued[w] = true;
                    queue.push_back(w);
                }
            }
        });
        if relaxed >= total {
            relaxed = 0;
            if let Some(cycle) = parent_cycle(&parent) {
                return Some(cycle.into_iter().map(|k| g.node(k)).collect());
            }
            if stop() {
                return None;
            }
        }
    }
    parent_cycle(&parent).map(|c| c.into_iter().map(|k| g.node(k)).collect())
}

/// The matching improved until no chain of moves gains (optimal), or until
/// `stop`; and whether it was proven optimal.
pub fn improve(
    market: &Market,
    c: &Candidates,
    vacancy_of: &[Option<usize>],
    stop: &dyn Fn() -> bool,
) -> (Vec<Option<usize>>, bool) {
    let (n, m) = (market.workers.len(), market.vacancies.len());
    let mut g = Flow {
        c,
        at: vacancy_of.iter().map(|v| v.map(|j| j as u32)).collect(),
        holders: vec![Vec::new(); m],
        places: market.vacancies.iter().map(|v| v.places).collect(),
        pathway: market.vacancies.iter().map(|v| v.pathway as u32).collect(),
        members: vec![Vec::new(); market.pathways.len()],
        by_pathway: vec![0; market.pathways.len()],
        quota: market.pathways.iter().map(|p| p.quota).collect(),
        n,
        m,
    };
    for (j, v) in market.vacancies.iter().enumerate() {
        g.members[v.pathway].push(j as u32);
    }
    for (i, a) in g.at.clone().iter().enumerate() {
        if let Some(j) = a {
            g.holders[*j as usize].push(i as u32);
            g.by_pathway[g.pathway[*j as usize] as usize] += 1;
        }
    }
    let mut optimal = false;
    while !stop() {
        match negative_cycle(&g, stop) {
            Some(cycle) => g.cancel(&cycle),
            None => {
                optimal = !stop();
                break;
            }
        }
    }
    (
        g.at.iter().map(|a| a.map(|j| j as usize)).collect(),
        optimal,
    )
}

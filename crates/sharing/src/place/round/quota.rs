//! Quotas' lower limits that single moves could not reach.
//!
//! [`super::meet_minimums`] fills a country short of its quota with
//! families that fit as they are. When its sites are full, or every
//! family that could come is larger than what is missing, whole families
//! have to be exchanged, and with quotas without tolerance (every country
//! at its figure exactly) persons can only come from a country that then
//! needs as many from another, and so on, until the chain reaches a family
//! not yet placed or a country above its lower limit.
//!
//! Each repair is such a chain, found as a shortest path in the graph of
//! countries: an edge from country A to country B is an operation that
//! moves δ persons from A to B and changes nothing else: a family of δ
//! persons moving from a site of A to a site of B with room, or a family
//! of A trading places with a family of B smaller by δ. A family not yet
//! placed stands in a node of its own, the source of every chain, entering
//! a site with room or taking the place of a family δ smaller, which
//! leaves. Along the path each country gives what it gets, so only the
//! short country at its end gains, and the chain's source loses δ that it
//! could spare. A breadth-first search from each short country, for the
//! largest δ that does not take it past its figure, finds a chain; the
//! chain is checked as a whole (capacities, upper limits, one family used
//! once) before it is applied. Repairs go on until every lower limit is
//! met or no chain is left. A family that fits nowhere may then take the
//! place of smaller families at a full site, and the chains are tried
//! again with those. The placement is left as it was if they fail.

use std::collections::VecDeque;

use super::state::State;

/// Families of one size tried at a site for an edge: the best scoring
/// first.
const PER_SIZE: usize = 24;
/// Families not yet placed that a site may be refilled with, the best
/// scoring first.
const REFILL: usize = 64;

/// A change of the placement: each family to its new site (`None`: out).
type Moves = Vec<(usize, Option<usize>)>;

fn shortfall_of(st: &State, c: usize, load: i64) -> i64 {
    (st.limits[c].0 as i64 - load).max(0)
}

/// Total persons missing below the lower limits.
fn shortfall(st: &State) -> i64 {
    (0..st.limits.len())
        .map(|c| shortfall_of(st, c, st.load[c] as i64))
        .sum()
}

/// The change in total shortfall if `moves` were made, when they keep
/// every site's capacity and every upper limit and move each family once.
fn judge(st: &State, moves: &[(usize, Option<usize>)]) -> Option<i64> {
    let mut load: Vec<(usize, i64)> = Vec::new();
    let mut room: Vec<(usize, i64)> = Vec::new();
    let add = |v: &mut Vec<(usize, i64)>, k: usize, d: i64| match v.iter_mut().find(|e| e.0 == k) {
        Some(e) => e.1 += d,
        None => v.push((k, d)),
    };
    for (n, &(i, to)) in moves.iter().enumerate() {
        if moves[..n].iter().any(|m| m.0 == i) {
            return None;
        }
        let s = st.size(i) as i64;
        if let Some(a) = st.site_of[i] {
            let a = a as usize;
            add(&mut load, st.country(a), -s);
            add(&mut room, a, s);
        }
        if let Some(j) = to {
            // A family goes only where it may.
            st.inst.scores.get(i, j)?;
            add(&mut load, st.country(j), s);
            add(&mut room, j, -s);
        }
    }
    if room.iter().any(|&(j, d)| st.residual[j] as i64 + d < 0) {
        return None;
    }
    let mut change = 0;
    for &(c, d) in &load {
        let after = st.load[c] as i64 + d;
        if d > 0 && after > st.limits[c].1.min(i64::MAX as u64) as i64 {
            return None;
        }
        change += shortfall_of(st, c, after) - shortfall_of(st, c, st.load[c] as i64);
    }
    Some(change)
}

/// For each site, the families that may go there, by size and then best
/// score first (a reverse index of the scores' rows).
struct Eligible {
    offsets: Vec<usize>,
    cases: Vec<u32>,
}

impl Eligible {
    fn new(st: &State) -> Eligible {
        let sites = st.members.len();
        let mut offsets = vec![0usize; sites + 1];
        for i in 0..st.inst.cases.len() {
            for &j in st.inst.scores.row(i).0 {
                offsets[j as usize + 1] += 1;
            }
        }
        for j in 0..sites {
            offsets[j + 1] += offsets[j];
        }
        let mut next = offsets.clone();
        let mut cases = vec![0u32; offsets[sites]];
        for i in 0..st.inst.cases.len() {
            for &j in st.inst.scores.row(i).0 {
                cases[next[j as usize]] = i as u32;
                next[j as usize] += 1;
            }
        }
        for j in 0..sites {
            cases[offsets[j]..offsets[j + 1]].sort_by(|&a, &b| {
                let (a, b) = (a as usize, b as usize);
                st.size(a)
                    .cmp(&st.size(b))
                    .then(st.score(b, j).total_cmp(&st.score(a, j)))
                    .then(a.cmp(&b))
            });
        }
        Eligible { offsets, cases }
    }

    /// The families of `size` that may go to site `j`, best first.
    fn at(&self, j: usize, size: u64, st: &State) -> &[u32] {
        let all = &self.cases[self.offsets[j]..self.offsets[j + 1]];
        let from = all.partition_point(|&i| st.size(i as usize) < size);
        let to = all.partition_point(|&i| st.size(i as usize) <= size);
        &all[from..to]
    }
}

/// The node of the families not yet placed, after the countries.
fn node_of(st: &State, i: usize) -> usize {
    st.site_of[i].map_or(st.limits.len(), |a| st.country(a as usize))
}

/// Knapsacks with an exact total, by dynamic programming over the
/// persons: for each total up to a cap, the most `value` a set of items
/// holding exactly that many persons reaches (−∞ where none does).
struct Sets {
    best: Vec<f64>,
    /// `take[k][s]`: item k is in the best set of s persons among items
    /// `..=k`.
    take: Vec<Vec<bool>>,
}

impl Sets {
    fn new(st: &State, items: &[usize], cap: usize, value: impl Fn(usize) -> f64) -> Sets {
        let mut best = vec![f64::NEG_INFINITY; cap + 1];
        best[0] = 0.0;
        let mut take = vec![vec![false; cap + 1]; items.len()];
        for (k, &i) in items.iter().enumerate() {
            let size = st.size(i) as usize;
            let w = value(i);
            for total in (size..=cap).rev() {
                let with = best[total - size] + w;
                if with > best[total] {
                    best[total] = with;
                    take[k][total] = true;
                }
            }
        }
        Sets { best, take }
    }

    /// The indices, last first, of the items in the best set of `total`.
    fn read<'a>(
        &'a self,
        st: &'a State,
        items: &'a [usize],
        mut total: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        (0..items.len()).rev().filter(move |&k| {
            let taken = self.take[k][total];
            if taken {
                total -= st.size(items[k]) as usize;
            }
            taken
        })
    }
}

/// Site `j` refilled to hold `delta` persons more: of its families and
/// of those not yet placed that may go there (the best [`REFILL`] of
/// them), the set with exactly that many persons that scores most (a
/// knapsack with an exact total, by dynamic programming over the
/// persons). Families of `j` left out of the set leave it, unplaced.
fn refill(
    st: &State,
    j: usize,
    delta: u64,
    room: u64,
    eligible: &Eligible,
) -> Option<(f64, Moves)> {
    let members: Vec<usize> = st.members[j].iter().map(|&g| g as usize).collect();
    let held: u64 = members.iter().map(|&g| st.size(g)).sum();
    let target = (held + delta) as usize;
    if delta > room {
        return None;
    }
    let all = &eligible.cases[eligible.offsets[j]..eligible.offsets[j + 1]];
    let mut outside: Vec<usize> = all
        .iter()
        .map(|&f| f as usize)
        .filter(|&f| st.site_of[f].is_none())
        .collect();
    outside.sort_by(|&a, &b| st.score(b, j).total_cmp(&st.score(a, j)).then(a.cmp(&b)));
    outside.truncate(REFILL);
    if outside.is_empty() {
        return None;
    }
    let items: Vec<usize> = members.iter().chain(&outside).copied().collect();
    let sets = Sets::new(st, &items, target, |i| st.score(i, j));
    if !sets.best[target].is_finite() {
        return None;
    }
    let mut chosen = vec![false; items.len()];
    for k in sets.read(st, &items, target) {
        chosen[k] = true;
    }
    let mut moves = Vec::new();
    let mut loss = 0.0;
    for (k, &i) in items.iter().enumerate() {
        match (k < members.len(), chosen[k]) {
            (true, false) => {
                moves.push((i, None));
                loss += st.score(i, j);
            }
            (false, true) => {
                moves.push((i, Some(j)));
                loss -= st.score(i, j);
            }
            _ => {}
        }
    }
    Some((loss, moves))
}

/// The best few of `families` that are not in country `b`.
fn others<'a>(families: &'a [u32], b: usize, st: &'a State) -> impl Iterator<Item = usize> + 'a {
    families
        .iter()
        .map(|&f| f as usize)
        .filter(move |&f| node_of(st, f) != b)
        .take(PER_SIZE)
}

/// Every edge into country `b` moving `delta` persons: for each node it
/// comes from, the cheapest operation found (its moves and score lost).
/// `freed` is the room the chain's next edge makes at sites of `b`.
fn edges_into(
    st: &State,
    b: usize,
    delta: u64,
    eligible: &Eligible,
    freed: &[(usize, u64)],
) -> Vec<Option<(f64, Moves)>> {
    let residual =
        |j: usize| st.residual[j] + freed.iter().filter(|e| e.0 == j).map(|e| e.1).sum::<u64>();
    let mut best: Vec<Option<(f64, Moves)>> = vec![None; st.limits.len() + 1];
    let mut offer = |from: usize, loss: f64, moves: Moves| {
        if loss.is_finite() && best[from].as_ref().is_none_or(|b| loss < b.0) {
            best[from] = Some((loss, moves));
        }
    };
    for j in 0..st.members.len() {
        if st.country(j) != b {
            continue;
        }
        // A family of `delta` persons into the room at j.
        if residual(j) >= delta {
            for f in others(eligible.at(j, delta, st), b, st) {
                let from = node_of(st, f);
                let before = st.site_of[f].map_or(0.0, |a| st.score(f, a as usize));
                offer(from, before - st.score(f, j), vec![(f, Some(j))]);
            }
        }
        // j refilled from the families not yet placed.
        if let Some((loss, moves)) = refill(st, j, delta, residual(j), eligible) {
            offer(st.limits.len(), loss, moves);
        }
        // A family of j traded for one `delta` larger.
        for &g in &st.members[j] {
            let g = g as usize;
            let sg = st.size(g);
            if residual(j) < delta {
                continue;
            }
            for f in others(eligible.at(j, sg + delta, st), b, st) {
                let from = node_of(st, f);
                let (moves, loss) = match st.site_of[f] {
                    // Not yet placed: g leaves.
                    None => (
                        vec![(g, None), (f, Some(j))],
                        st.score(g, j) - st.score(f, j),
                    ),
                    Some(a) => {
                        let a = a as usize;
                        if st.residual[a] + st.size(f) < sg {
                            continue;
                        }
                        (
                            vec![(g, Some(a)), (f, Some(j))],
                            st.score(g, j) + st.score(f, a) - st.score(g, a) - st.score(f, j),
                        )
                    }
                };
                offer(from, loss, moves);
            }
        }
    }
    best
}

/// A chain that brings `delta` persons to short country `t` from a node
/// that can spare them, found breadth-first: its moves, in order.
fn chain(st: &State, t: usize, delta: u64, eligible: &Eligible) -> Option<Moves> {
    let outside = st.limits.len();
    let spare = |c: usize| c == outside || st.load[c] >= st.limits[c].0 + delta;
    let mut parent: Vec<Option<(usize, Moves)>> = vec![None; outside + 1];
    let mut seen = vec![false; outside + 1];
    seen[t] = true;
    let mut queue = VecDeque::from([t]);
    while let Some(b) = queue.pop_front() {
        // The room the edge out of b makes at b's sites.
        let mut freed: Vec<(usize, u64)> = Vec::new();
        if let Some((_, moves)) = &parent[b] {
            for &(i, to) in moves {
                let size = st.size(i) as i64;
                let mut change = |j: usize, d: i64| match freed.iter_mut().find(|e| e.0 == j) {
                    Some(e) => e.1 = (e.1 as i64 + d).max(0) as u64,
                    None => freed.push((j, d.max(0) as u64)),
                };
                if let Some(a) = st.site_of[i].filter(|&a| st.country(a as usize) == b) {
                    change(a as usize, size);
                }
                if let Some(j) = to.filter(|&j| st.country(j) == b) {
                    change(j, -size);
                }
            }
        }
        for (a, edge) in edges_into(st, b, delta, eligible, &freed)
            .into_iter()
            .enumerate()
        {
            let Some((_, moves)) = edge else { continue };
            if seen[a] {
                continue;
            }
            seen[a] = true;
            parent[a] = Some((b, moves));
            if spare(a) {
                // From the source towards t: each edge's moves.
                let mut out = Vec::new();
                let mut at = a;
                while at != t {
                    let (next, moves) = parent[at].take()?;
                    out.extend(moves);
                    at = next;
                }
                return Some(out);
            }
            if a != outside {
                queue.push_back(a);
            }
        }
    }
    None
}

fn apply(st: &mut State, moves: &[(usize, Option<usize>)]) {
    for &(i, _) in moves {
        st.remove(i);
    }
    for &(i, to) in moves {
        if let Some(j) = to {
            st.assign(i, j);
        }
    }
}

/// Chains, each lowering the shortfall, until none is found; whether
/// every lower limit is then met.
fn repair(st: &mut State, eligible: &Eligible, stop: &dyn Fn() -> bool) -> bool {
    'repair: while shortfall(st) > 0 && !stop() {
        for t in 0..st.limits.len() {
            let missing = st.limits[t].0.saturating_sub(st.load[t]);
            let room = st.limits[t].1.saturating_sub(st.load[t]);
            for delta in (1..=missing.min(room)).rev() {
                let Some(moves) = chain(st, t, delta, eligible) else {
                    continue;
                };
                if judge(st, &moves).is_some_and(|change| change < 0) {
                    apply(st, &moves);
                    continue 'repair;
                }
            }
        }
        break;
    }
    shortfall(st) == 0
}

/// Family `f`, not yet placed, into site `j` in place of some of its
/// families, as many persons or a few fewer where `j` and its country have
/// room: those that score least there leave, unplaced.
fn split(st: &State, f: usize, j: usize) -> Option<Moves> {
    let c = st.country(j);
    let sf = st.size(f) as usize;
    let spare = st.residual[j].min(st.limits[c].1.saturating_sub(st.load[c])) as usize;
    let members: Vec<usize> = st.members[j].iter().map(|&g| g as usize).collect();
    // The families that leave: the set holding a total in range whose
    // score there is least (the first such total).
    let sets = Sets::new(st, &members, sf, |g| -st.score(g, j));
    let from = sf.saturating_sub(spare).max(1);
    let total = (from..=sf)
        .filter(|&t| sets.best[t].is_finite())
        .min_by(|&a, &b| sets.best[b].total_cmp(&sets.best[a]))?;
    let mut moves: Moves = sets
        .read(st, &members, total)
        .map(|k| (members[k], None))
        .collect();
    moves.push((f, Some(j)));
    Some(moves)
}

/// Tries of [`split`] at most, each followed by the chains.
const SPLITS: usize = 400;

/// Meets the lower limits by chains of moves and exchanges where single
/// moves could not. A family not yet placed that fits nowhere may first
/// take the place of smaller ones of as many persons ([`split`]), which
/// may then go where persons are missing. Leaves the placement as it was
/// if the limits cannot all be met.
pub(super) fn exchange_to_minimums(st: &mut State, stop: &dyn Fn() -> bool) {
    if shortfall(st) == 0 {
        return;
    }
    let before = st.clone();
    let eligible = Eligible::new(st);
    if repair(st, &eligible, stop) {
        return;
    }
    let mut tries = 0;
    'split: while tries < SPLITS && !stop() {
        let mut waiting: Vec<usize> = (0..st.inst.cases.len())
            .filter(|&i| st.site_of[i].is_none())
            .collect();
        waiting.sort_by(|&a, &b| st.size(b).cmp(&st.size(a)).then(a.cmp(&b)));
        for f in waiting {
            for &j in st.inst.scores.row(f).0 {
                if tries == SPLITS || stop() {
                    break 'split;
                }
                let Some(moves) = split(st, f, j as usize) else {
                    continue;
                };
                if judge(st, &moves).is_none() {
                    continue;
                }
                tries += 1;
                let mut trial = st.clone();
                apply(&mut trial, &moves);
                let met = repair(&mut trial, &eligible, stop);
                if met || shortfall(&trial) < shortfall(st) {
                    *st = trial;
                    if met {
                        return;
                    }
                    continue 'split;
                }
            }
        }
        break;
    }
    if shortfall(st) > 0 {
        *st = before;
    }
}

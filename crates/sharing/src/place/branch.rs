//! Branch and bound: the exact search, for instances small enough that it
//! closes in seconds.
//!
//! The bound of a node is the one of [`super::bound`] for the families
//! still free, with the auction's prices recomputed for what the node has
//! fixed (each node is a smaller placement problem: capacities less what
//! its fixed families take, pairs it forbids left out, pairs that no
//! longer fit left out too, which is what tightens the bound). Families
//! are divisible in that relaxation; the search branches on a family the
//! prices split: first placing it whole at the site that holds most of it,
//! then forbidding that site. Depth first, from the placement of the
//! heuristic as the incumbent, so that a stopped search still returns the
//! best placement known and a bound proven over every node left open.
//!
//! Why not a MIP solver: HiGHS through its Rust bindings would have to be
//! built from C++ (with cmake) wherever the crate is, and its model carries
//! every pair as a column; the relaxation here is the auction the large
//! instances already use, so one bound serves both (see BENCHMARKS.md for
//! the comparison with HiGHS run to optimality).
//!
//! Quotas are not searched here: their multipliers couple every site of a
//! country, and the instances with quotas keep the prices' method.

use super::instance::{classes, Class, Instance, Options, Scores};
use super::{auction, bound};

/// A node is pruned when its bound exceeds the incumbent by no more than
/// this fraction: the auction solves each relaxation to within 10⁻⁴ of its
/// value, so a finer proof would branch on the auction's own rounding.
pub const PROOF_TOLERANCE: f64 = 2e-4;
/// The search is tried on instances of at most this many families (the
/// largest that HiGHS closed within minutes in BENCHMARKS.md)…
pub const EXACT_FAMILIES: usize = 2_000;
/// …and visits at most as many nodes as this many pairs allow, so that
/// the budget is seconds whatever the instance's size.
const NODE_WORK: usize = 10_000_000;
/// A dive ([`dive`]) starts from one node in this many.
const DIVE_EVERY: usize = 50;

/// What the search found.
#[derive(Debug, Clone)]
pub struct Search {
    pub site_of: Vec<Option<u32>>,
    pub objective: f64,
    /// No placement scores more: the highest bound of every node pruned or
    /// left open.
    pub bound: f64,
    /// Every node was pruned or solved: the placement is optimal to within
    /// [`PROOF_TOLERANCE`].
    pub closed: bool,
    pub nodes: usize,
}

/// A decision on the way down: family `case` at `site`, or never there.
#[derive(Debug, Clone, Copy)]
struct Fix {
    case: u32,
    site: u32,
    placed: bool,
}

struct Node {
    fixes: Vec<Fix>,
    /// The parent's bound: no placement below this node scores more.
    bound: f64,
}

/// The relaxation of one node, over the families it leaves free.
struct Relaxed {
    bound: f64,
    /// Families and their site, when the prices hold every one whole.
    whole: Option<Vec<(u32, u32)>>,
    /// Otherwise a family the prices split, and the site holding most of it.
    split: Option<(u32, u32)>,
    /// Families the prices hold whole, when some other is split.
    held: Vec<(u32, u32)>,
    /// Every family the prices split.
    partial: Vec<u32>,
    /// A placement of the node from the prices: families held whole where
    /// they are held, the others greedily where they fit.
    rounded: Vec<(u32, u32)>,
}

/// Searches from the placement `start`, within a budget of nodes that
/// keeps the whole search to seconds.
pub fn search(inst: &Instance, start: &[Option<u32>], opts: &Options) -> Search {
    let budget = (NODE_WORK / inst.scores.pairs().max(1)).max(1);
    search_within(inst, start, opts, budget, PROOF_TOLERANCE)
}

/// Searches from the placement `start`, visiting at most `budget` nodes
/// and pruning a node whose bound is within `tolerance` (a fraction of
/// the incumbent) of the best placement known.
pub fn search_within(
    inst: &Instance,
    start: &[Option<u32>],
    opts: &Options,
    budget: usize,
    tolerance: f64,
) -> Search {
    let mut best = start.to_vec();
    let mut best_value = super::instance::objective(inst, &best);
    let mut proven = f64::NEG_INFINITY;
    let mut stack = vec![Node {
        fixes: Vec::new(),
        bound: f64::INFINITY,
    }];
    let mut nodes = 0;
    while let Some(node) = stack.pop() {
        if nodes >= budget || (opts.stop)() {
            stack.push(node);
            break;
        }
        nodes += 1;
        let Some((fixed, fixed_value, sub, ids)) = restrict(inst, &node.fixes) else {
            continue;
        };
        let r = relax(&sub, opts, tolerance / 2.0);
        let node_bound = (fixed_value + r.bound).min(node.bound);
        let value = fixed_value + rounded_value(&sub, &r.rounded);
        if value > best_value {
            best_value = value;
            best = fixed.clone();
            for &(k, j) in &r.rounded {
                best[ids[k as usize] as usize] = Some(j);
            }
        }
        if nodes % DIVE_EVERY == 1 {
            if let Some((site_of, value)) = dive(inst, &node.fixes, opts, tolerance / 2.0) {
                if value > best_value {
                    (best, best_value) = (site_of, value);
                }
            }
        }
        if node_bound <= best_value + tolerance * best_value.abs() || r.whole.is_some() {
            proven = proven.max(node_bound);
            continue;
        }
        let Some((k, j)) = r.split else {
            proven = proven.max(node_bound);
            continue;
        };
        let case = ids[k as usize];
        for placed in [false, true] {
            let mut fixes = node.fixes.clone();
            fixes.push(Fix {
                case,
                site: j,
                placed,
            });
            stack.push(Node {
                fixes,
                bound: node_bound,
            });
        }
    }
    let open = stack.iter().map(|n| n.bound).fold(proven, f64::max);
    let closed = stack.is_empty();
    Search {
        bound: open.max(best_value),
        objective: super::instance::objective(inst, &best),
        site_of: best,
        closed,
        nodes,
    }
}

/// Rounds the relaxation below a node the fast way: every family the
/// prices hold whole is fixed where it is held, and the family split most
/// is placed whole where most of it is, until the prices hold every family
/// whole (or the fixes overfill a site). Each step fixes many families, so
/// a dive costs about as many relaxations as there are sites, where the
/// search's own dive fixes one family per node. The best placement it
/// rounds on the way, with its value.
fn dive(
    inst: &Instance,
    from: &[Fix],
    opts: &Options,
    precision: f64,
) -> Option<(Vec<Option<u32>>, f64)> {
    let mut fixes = from.to_vec();
    let mut best: Option<(Vec<Option<u32>>, f64)> = None;
    loop {
        if (opts.stop)() {
            return best;
        }
        let Some((fixed, fixed_value, sub, ids)) = restrict(inst, &fixes) else {
            return best;
        };
        let r = relax(&sub, opts, precision);
        let value = fixed_value + rounded_value(&sub, &r.rounded);
        if best.as_ref().is_none_or(|b| value > b.1) {
            let mut site_of = fixed;
            for &(k, j) in &r.rounded {
                site_of[ids[k as usize] as usize] = Some(j);
            }
            best = Some((site_of, value));
        }
        let Some((k, j)) = r.split else {
            return best;
        };
        let held = r.whole.iter().flatten().chain(&r.held);
        fixes.extend(held.chain([&(k, j)]).map(|&(k, j)| Fix {
            case: ids[k as usize],
            site: j,
            placed: true,
        }));
    }
}

/// A node's placement so far, its value, and the instance of the families
/// still free with their indices in the whole instance.
type Restricted = (Vec<Option<u32>>, f64, Instance, Vec<u32>);

/// The node's own problem: the placement its fixes make, their value, and
/// the instance of the families left free (with their indices in `inst`);
/// `None` when the fixes overfill a site.
fn restrict(inst: &Instance, fixes: &[Fix]) -> Option<Restricted> {
    let mut fixed: Vec<Option<u32>> = vec![None; inst.cases.len()];
    let mut residual: Vec<u64> = inst.sites.iter().map(|s| s.capacity).collect();
    let mut forbidden: Vec<Vec<u32>> = vec![Vec::new(); inst.cases.len()];
    let mut value = 0.0;
    for f in fixes {
        let i = f.case as usize;
        if f.placed {
            let size = u64::from(inst.cases[i].size);
            let room = &mut residual[f.site as usize];
            *room = room.checked_sub(size)?;
            fixed[i] = Some(f.site);
            value += inst.scores.get(i, f.site as usize)?;
        } else {
            forbidden[i].push(f.site);
        }
    }
    let mut ids = Vec::new();
    let mut sizes = Vec::new();
    let mut scores = Scores::empty();
    for (i, c) in inst.cases.iter().enumerate() {
        if fixed[i].is_some() {
            continue;
        }
        let (sites, ws) = inst.scores.row(i);
        scores.push_row(
            sites
                .iter()
                .zip(ws)
                .filter(|(j, _)| {
                    residual[**j as usize] >= u64::from(c.size) && !forbidden[i].contains(j)
                })
                .map(|(&j, &w)| (j, w)),
        );
        ids.push(i as u32);
        sizes.push(c.size);
    }
    let sub = Instance::anonymous(sizes, residual, scores);
    Some((fixed, value, sub, ids))
}

/// The relaxation of a node, its prices to within `precision` (see
/// [`auction::prices_within`]).
fn relax(sub: &Instance, opts: &Options, precision: f64) -> Relaxed {
    let cls = classes(sub);
    let prices = auction::prices_within(sub, &cls, opts, precision);
    let bound =
        bound::dual(sub, &cls, &prices.site, &prices.country).min(bound::each_its_best(sub));
    let mut whole = Vec::new();
    let mut split: Option<(u64, u32, u32)> = None;
    let mut residual: Vec<u64> = sub.sites.iter().map(|s| s.capacity).collect();
    let mut placed = vec![false; sub.cases.len()];
    let mut partial = Vec::new();
    for (t, class) in cls.iter().enumerate() {
        let size = u64::from(class.size.max(1));
        let mut members = class.cases.iter();
        for &(j, units) in &prices.holdings[t] {
            for _ in 0..units / size {
                if let Some(&k) = members.next() {
                    whole.push((k, j));
                    placed[k as usize] = true;
                    residual[j as usize] -= size;
                }
            }
            let part = units % size;
            if part > 0 {
                if let Some(&k) = members.clone().next() {
                    partial.push(k);
                    // The family split with most persons at one site.
                    if split.is_none_or(|s| part > s.0) {
                        split = Some((part, k, j));
                    }
                }
            }
        }
    }
    let mut rounded = whole.clone();
    greedy(sub, &cls, &mut residual, &mut placed, &mut rounded);
    let (whole, held) = if split.is_none() {
        (Some(whole), Vec::new())
    } else {
        (None, whole)
    };
    Relaxed {
        bound,
        whole,
        held,
        split: split.map(|s| (s.1, s.2)),
        partial,
        rounded,
    }
}

/// Families not yet placed, most valuable first, each at its best site
/// with room.
fn greedy(
    sub: &Instance,
    cls: &[Class],
    residual: &mut [u64],
    placed: &mut [bool],
    out: &mut Vec<(u32, u32)>,
) {
    let mut order: Vec<(f64, u32)> = cls
        .iter()
        .flat_map(|c| c.cases.iter())
        .filter(|&&k| !placed[k as usize])
        .map(|&k| {
            let best = sub.scores.row(k as usize).1.iter().copied();
            (best.fold(0.0f64, f64::max), k)
        })
        .collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, k) in order {
        let size = u64::from(sub.cases[k as usize].size);
        let (sites, ws) = sub.scores.row(k as usize);
        let choice = sites
            .iter()
            .zip(ws)
            .filter(|(&j, &w)| residual[j as usize] >= size && w > 0.0)
            .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(a.0)));
        if let Some((&j, _)) = choice {
            residual[j as usize] -= size;
            placed[k as usize] = true;
            out.push((k, j));
        }
    }
}

fn rounded_value(sub: &Instance, rounded: &[(u32, u32)]) -> f64 {
    rounded
        .iter()
        .filter_map(|&(k, j)| sub.scores.get(k as usize, j as usize))
        .sum()
}

/// Relaxation-induced neighbourhood search (Danna, Rothberg and Le Pape,
/// 2005): every family the root relaxation holds whole where the
/// placement `incumbent` has it, and every family both leave out, is
/// fixed; the search runs on the families left free, within `budget`
/// nodes. The placement it returns is never worse than `incumbent`.
pub fn rins(
    inst: &Instance,
    incumbent: &[Option<u32>],
    opts: &Options,
    budget: usize,
    tolerance: f64,
) -> Vec<Option<u32>> {
    let r = relax(inst, opts, tolerance / 2.0);
    let mut held_at: Vec<Option<u32>> = vec![None; inst.cases.len()];
    let mut touched = vec![false; inst.cases.len()];
    for &(k, j) in r.whole.iter().flatten().chain(&r.held) {
        held_at[k as usize] = Some(j);
        touched[k as usize] = true;
    }
    for &k in &r.partial {
        touched[k as usize] = true;
    }
    let mut fixes = Vec::new();
    for (i, s) in incumbent.iter().enumerate() {
        match (s, held_at[i]) {
            (Some(j), Some(h)) if *j == h => fixes.push(Fix {
                case: i as u32,
                site: h,
                placed: true,
            }),
            (None, None) if !touched[i] => {
                fixes.extend(inst.scores.row(i).0.iter().map(|&j| Fix {
                    case: i as u32,
                    site: j,
                    placed: false,
                }))
            }
            _ => {}
        }
    }
    let Some((fixed, _, sub, ids)) = restrict(inst, &fixes) else {
        return incumbent.to_vec();
    };
    let start: Vec<Option<u32>> = ids.iter().map(|&i| incumbent[i as usize]).collect();
    let found = search_within(&sub, &start, opts, budget, tolerance);
    if found.objective <= super::instance::objective(&sub, &start) {
        return incumbent.to_vec();
    }
    let mut out = fixed;
    for (k, s) in found.site_of.iter().enumerate() {
        out[ids[k] as usize] = *s;
    }
    out
}

//! Whole families from the divisible placement the prices clear.
//!
//! The auction leaves almost every class's persons in whole families at
//! their sites; only a few families per site are split. Those are placed
//! greedily where they score most and fit, then improved by ejection
//! moves (a family that does not fit takes the place of one that moves to
//! another site with room, or that it outscores), quotas' lower limits are
//! met by the cheapest moves (and by exchanges of families where no single
//! move reaches them, in `round::quota`), and families left over go wherever
//! they fit.

mod quota;
mod state;

use super::auction::Prices;
use super::instance::{Class, Instance, Options};
use state::State;

/// Families moved to make room, each with its new site (`None`: out).
type Moves = Vec<(usize, Option<usize>)>;

/// Sites an unplaced family tries to enter by ejection, best first.
const EJECT_SITES: usize = 8;
/// Passes of the local search at most.
const IMPROVE_ROUNDS: usize = 20;
/// Sites a family tries to trade places at, best at the prices first.
const SWAP_SITES: usize = 6;
/// Iterated local search: its seed, the families taken out of each of
/// the two sites, and its rounds: as many as [`PERTURB_WORK`] pairs of
/// scores allow, within these limits…
const PERTURB_SEED: u64 = 2015;
const PERTURB_FAMILIES: usize = 4;
const PERTURB_WORK: usize = 2_000_000_000;
const PERTURB_ROUNDS: (usize, usize) = (20, 20_000);
/// …and no more than this many per family: a small instance is settled
/// long before.
const PERTURB_PER_FAMILY: usize = 50;
/// Improvement below this is rounding noise, not a gain.
const MIN_GAIN: f64 = 1e-9;

/// Whole families, every one within capacity, needs and quotas' upper
/// limits (and lower limits wherever moves can reach them).
pub fn place(
    inst: &Instance,
    classes: &[Class],
    prices: &Prices,
    opts: &Options,
) -> Vec<Option<u32>> {
    let (country_of, names) = inst.countries();
    let limits = names
        .iter()
        .map(|n| {
            inst.quotas
                .iter()
                .find(|q| q.country == *n)
                .map_or((0, u64::MAX), |q| (q.min, q.max))
        })
        .collect();
    let n = inst.cases.len();
    let mut st = State {
        inst,
        country_of,
        limits,
        site_of: vec![None; n],
        residual: inst.sites.iter().map(|s| s.capacity).collect(),
        load: vec![0; names.len()],
        members: vec![Vec::new(); inst.sites.len()],
        slot: vec![0; n],
        price: Vec::new(),
    };
    st.price = (0..inst.sites.len())
        .map(|j| prices.site[j] + prices.country[st.country(j)])
        .collect();

    // Whole families where the relaxation holds them.
    let mut left: Vec<u32> = Vec::new();
    for (t, class) in classes.iter().enumerate() {
        let mut next = 0;
        for &(j, units) in &prices.holdings[t] {
            let whole = units / u64::from(class.size.max(1));
            for _ in 0..whole {
                match class.cases.get(next) {
                    Some(&i) if st.fits(i as usize, j as usize) => {
                        st.assign(i as usize, j as usize);
                        next += 1;
                    }
                    _ => break,
                }
            }
        }
        left.extend_from_slice(&class.cases[next..]);
    }

    // What the prices say a family is worth placing: its best score less
    // what its persons cost at the site.
    let worth = |i: usize| -> f64 {
        let (sites, scores) = inst.scores.row(i);
        let s = f64::from(inst.cases[i].size);
        sites
            .iter()
            .zip(scores)
            .map(|(&j, &w)| {
                let j = j as usize;
                w - s * (prices.site[j] + prices.country[st.country_of[j] as usize])
            })
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let best_score = |i: usize| inst.scores.row(i).1.iter().copied().fold(0.0f64, f64::max);
    left.sort_by(|&a, &b| {
        best_score(b as usize)
            .total_cmp(&best_score(a as usize))
            .then(a.cmp(&b))
    });
    let wanted: Vec<bool> = (0..n).map(|i| worth(i) > 0.0).collect();

    // Greedy, then ejections, for the families the prices want placed.
    for &i in &left {
        let i = i as usize;
        if wanted[i] {
            if let Some((j, _)) = st.best_fit(i, None) {
                st.assign(i, j);
            }
        }
    }
    for &i in &left {
        if (opts.stop)() {
            break;
        }
        let i = i as usize;
        if st.site_of[i].is_none() && wanted[i] {
            eject(&mut st, i);
        }
    }

    improve(&mut st, IMPROVE_ROUNDS, opts.stop);
    for &i in &left {
        let i = i as usize;
        if st.site_of[i].is_none() {
            eject(&mut st, i);
        }
    }
    meet_minimums(&mut st, &left);
    quota::exchange_to_minimums(&mut st, opts.stop);
    perturb(&mut st, &left, &wanted, opts.stop);

    // Anyone left goes wherever there is room.
    for &i in &left {
        let i = i as usize;
        if st.site_of[i].is_none() {
            if let Some((j, w)) = st.best_fit(i, None) {
                if w >= 0.0 {
                    st.assign(i, j);
                }
            }
        }
    }
    st.site_of
}

/// Places `i` at one of its best sites by making room there: families
/// at that site move to their best other site with room (or out), the
/// cheapest per person freed first, until `i` fits. The site where this
/// gains most is chosen, if any gains.
fn eject(st: &mut State, i: usize) {
    let (sites, scores) = st.inst.scores.row(i);
    let mut order: Vec<(usize, f64)> = sites
        .iter()
        .map(|&j| j as usize)
        .zip(scores.iter().copied())
        .collect();
    order.sort_by(|a, b| {
        st.reduced(i, b.0, b.1)
            .total_cmp(&st.reduced(i, a.0, a.1))
            .then(a.0.cmp(&b.0))
    });
    let si = st.size(i);
    let mut best: Option<(f64, usize, Moves)> = None;
    for &(j, wij) in order.iter().take(EJECT_SITES) {
        if let Some((cost, moves)) = room(st, j, si) {
            let gain = wij - cost;
            if gain > MIN_GAIN && best.as_ref().is_none_or(|b| gain > b.0) {
                best = Some((gain, j, moves));
            }
        }
    }
    if let Some((_, j, moves)) = best {
        for &(k, _) in &moves {
            st.remove(k);
        }
        for &(k, to) in &moves {
            if let Some(j2) = to {
                st.assign(k, j2);
            }
        }
        st.assign(i, j);
    }
}

/// The cheapest way found to make room for a family of `si` persons at
/// `j`: its cost in score, and the moves (family, new site or out).
fn room(st: &State, j: usize, si: u64) -> Option<(f64, Moves)> {
    let cj = st.country(j);
    let lim = st.limits[cj];
    // Upper limit of j's country with i in it; families leaving the
    // country make room under it too.
    let mut country_excess = (st.load[cj] + si).saturating_sub(lim.1);
    let mut need = si.saturating_sub(st.residual[j]);
    if need == 0 && country_excess == 0 {
        return Some((0.0, Vec::new()));
    }
    // Each family at j with its cheapest way out.
    let mut options: Vec<(f64, usize, Option<usize>, f64)> = Vec::new();
    for &k in &st.members[j] {
        let k = k as usize;
        let sk = st.size(k);
        let wkj = st.score(k, j);
        // The way out that loses least at the prices (its loss in score
        // is what is counted).
        let mut way: (f64, f64, Option<usize>) = (st.reduced(k, j, wkj), wkj, None);
        let (ks, kw) = st.inst.scores.row(k);
        for (&j2, &w2) in ks.iter().zip(kw) {
            let j2 = j2 as usize;
            if j2 == j || st.residual[j2] < sk {
                continue;
            }
            let c2 = st.country(j2);
            if c2 != cj && st.load[c2] + sk > st.limits[c2].1 {
                continue;
            }
            let loss = st.reduced(k, j, wkj) - st.reduced(k, j2, w2);
            if loss < way.0 {
                way = (loss, wkj - w2, Some(j2));
            }
        }
        options.push((way.0, k, way.2, way.1));
    }
    options.sort_by(|a, b| {
        (a.0 / st.size(a.1) as f64)
            .total_cmp(&(b.0 / st.size(b.1) as f64))
            .then(a.1.cmp(&b.1))
    });
    let mut cost = 0.0;
    let mut moves = Vec::new();
    let mut used: Vec<(usize, u64)> = Vec::new();
    let mut left_country = 0u64;
    for (_, k, to, c) in options {
        if need == 0 && country_excess == 0 {
            break;
        }
        let sk = st.size(k);
        // Two movers may not overfill the same site, nor together take
        // another country past its quota.
        let to = to.filter(|&j2| {
            let c2 = st.country(j2);
            let taken: u64 = used.iter().filter(|u| u.0 == j2).map(|u| u.1).sum();
            let into: u64 = used
                .iter()
                .filter(|u| st.country(u.0) == c2)
                .map(|u| u.1)
                .sum();
            st.residual[j2] >= taken + sk
                && (c2 == cj || st.load[c2] + into + sk <= st.limits[c2].1)
        });
        let c = if to.is_none() { st.score(k, j) } else { c };
        if to.is_none_or(|j2| st.country(j2) != cj) {
            country_excess = country_excess.saturating_sub(sk);
            left_country += sk;
        }
        if let Some(j2) = to {
            used.push((j2, sk));
        }
        need = need.saturating_sub(sk);
        cost += c;
        moves.push((k, to));
    }
    let after = st.load[cj] + si - left_country;
    (need == 0 && country_excess == 0 && after >= lim.0).then_some((cost, moves))
}

/// Local search over placed families: a family moves to a site with room
/// where it scores more, or trades places with a family at one of its best
/// sites when both fit and the pair scores more; until no move gains (or
/// `rounds` passes).
fn improve(st: &mut State, rounds: usize, stop: &dyn Fn() -> bool) {
    for _ in 0..rounds {
        let mut moved = false;
        for i in 0..st.site_of.len() {
            if stop() {
                return;
            }
            if st.site_of[i].is_some() && (move_up(st, i) || swap(st, i)) {
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

fn move_up(st: &mut State, i: usize) -> bool {
    let Some(j) = st.site_of[i] else { return false };
    let j = j as usize;
    let (cj, si, wij) = (st.country(j), st.size(i), st.score(i, j));
    let (sites, scores) = st.inst.scores.row(i);
    let mut best: Option<(usize, f64)> = None;
    for (&j2, &w2) in sites.iter().zip(scores) {
        let j2 = j2 as usize;
        if w2 <= wij + MIN_GAIN || st.residual[j2] < si {
            continue;
        }
        let c2 = st.country(j2);
        if c2 != cj && (st.load[c2] + si > st.limits[c2].1 || st.load[cj] < st.limits[cj].0 + si) {
            continue;
        }
        if best.is_none_or(|b| w2 > b.1) {
            best = Some((j2, w2));
        }
    }
    if let Some((j2, _)) = best {
        st.remove(i);
        st.assign(i, j2);
        return true;
    }
    false
}

/// Whether country `c`'s load may change by `delta` persons.
fn within(st: &State, c: usize, delta: i64) -> bool {
    let after = st.load[c] as i64 + delta;
    after >= st.limits[c].0 as i64 && after <= st.limits[c].1.min(i64::MAX as u64) as i64
}

fn swap(st: &mut State, i: usize) -> bool {
    let Some(a) = st.site_of[i] else { return false };
    let a = a as usize;
    let (si, wia) = (st.size(i) as i64, st.score(i, a));
    let (sites, scores) = st.inst.scores.row(i);
    let mut targets: Vec<(f64, usize, f64)> = sites
        .iter()
        .zip(scores)
        .map(|(&b, &w)| (st.reduced(i, b as usize, w), b as usize, w))
        .filter(|t| t.1 != a && t.2 > wia)
        .collect();
    targets.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    let mut best: Option<(f64, usize, usize)> = None;
    for &(_, b, wib) in targets.iter().take(SWAP_SITES) {
        let (ca, cb) = (st.country(a), st.country(b));
        for &k in &st.members[b] {
            let k = k as usize;
            let sk = st.size(k) as i64;
            if st.residual[a] as i64 + si - sk < 0 || st.residual[b] as i64 + sk - si < 0 {
                continue;
            }
            let Some(wka) = st.inst.scores.get(k, a) else {
                continue;
            };
            if ca != cb && !(within(st, ca, sk - si) && within(st, cb, si - sk)) {
                continue;
            }
            let gain = wib + wka - wia - st.score(k, b);
            if gain > MIN_GAIN && best.is_none_or(|x| gain > x.0) {
                best = Some((gain, b, k));
            }
        }
    }
    if let Some((_, b, k)) = best {
        st.remove(i);
        st.remove(k);
        st.assign(i, b);
        st.assign(k, a);
        return true;
    }
    false
}

/// Iterated local search (Lourenço, Martin and Stützle, "Iterated Local
/// Search", 2003): a few families are taken out of a random pair of sites
/// and put back by the greedy, ejections and local search above; the
/// result is kept when it scores more, undone otherwise. A fixed number of
/// rounds from a fixed seed, so the same instance gets the same placement
/// unless the time limit cuts it short.
fn perturb(st: &mut State, left: &[u32], wanted: &[bool], stop: &dyn Fn() -> bool) {
    use rand::rngs::Xoshiro256PlusPlus;
    use rand::{RngExt, SeedableRng};
    let sites = st.members.len();
    if sites < 2 {
        return;
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(PERTURB_SEED);
    let mut score = super::instance::objective(st.inst, &st.site_of);
    let rounds = (PERTURB_WORK / st.inst.scores.pairs().max(1))
        .clamp(PERTURB_ROUNDS.0, PERTURB_ROUNDS.1)
        .min(PERTURB_PER_FAMILY * st.inst.cases.len());
    for _ in 0..rounds {
        if stop() {
            return;
        }
        let before = st.clone();
        let a = rng.random_range(0..sites);
        let b = rng.random_range(0..sites);
        let mut out: Vec<usize> = Vec::new();
        for j in [a, b] {
            for _ in 0..PERTURB_FAMILIES.min(st.members[j].len()) {
                let k = rng.random_range(0..st.members[j].len());
                let i = st.members[j][k] as usize;
                st.remove(i);
                out.push(i);
            }
        }
        out.extend(
            left.iter()
                .map(|&i| i as usize)
                .filter(|&i| st.site_of[i].is_none() && wanted[i]),
        );
        out.sort_unstable();
        out.dedup();
        for &i in &out {
            if st.site_of[i].is_none() {
                if let Some((j, _)) = st.best_fit(i, None) {
                    st.assign(i, j);
                } else {
                    eject(st, i);
                }
            }
        }
        for &i in &out {
            if st.site_of[i].is_some() {
                let _ = move_up(st, i) || swap(st, i);
            }
        }
        let after = super::instance::objective(st.inst, &st.site_of);
        let quotas_ok =
            (0..st.limits.len()).all(|c| st.load[c] >= st.limits[c].0.min(before.load[c]));
        if after > score + MIN_GAIN && quotas_ok {
            score = after;
        } else {
            *st = before;
        }
    }
}

/// Raises every country to its quota's lower limit: first with families
/// not yet placed, then by moving placed ones from countries above their
/// own limit, cheapest loss first.
fn meet_minimums(st: &mut State, left: &[u32]) {
    for c in 0..st.limits.len() {
        let (min, _) = st.limits[c];
        if st.load[c] >= min {
            continue;
        }
        let mut fresh: Vec<(f64, usize)> = left
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| st.site_of[i].is_none())
            .filter_map(|i| st.best_fit(i, Some(c)).map(|(_, w)| (w, i)))
            .collect();
        fresh.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, i) in fresh {
            if st.load[c] >= min {
                break;
            }
            if let Some((j, _)) = st.best_fit(i, Some(c)) {
                st.assign(i, j);
            }
        }
        while st.load[c] < min {
            // The cheapest move of a placed family into country c.
            let mut best: Option<(f64, usize, usize)> = None;
            for i in 0..st.site_of.len() {
                let Some(from) = st.site_of[i] else { continue };
                let from = from as usize;
                let cf = st.country(from);
                if cf == c || st.load[cf] < st.limits[cf].0 + st.size(i) {
                    continue;
                }
                if let Some((j, w)) = st.best_fit(i, Some(c)) {
                    let loss = st.score(i, from) - w;
                    if best.is_none_or(|b| loss < b.0) {
                        best = Some((loss, i, j));
                    }
                }
            }
            let Some((_, i, j)) = best else { break };
            st.remove(i);
            st.assign(i, j);
        }
    }
}

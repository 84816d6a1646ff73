//! Two sites packed anew, exactly: a large-neighbourhood move for
//! instances where capacity is short and sites are small.
//!
//! When every site is full, what a placement loses against the optimum is
//! in how each site's places are packed with whole families: a family of
//! five where a family of four and a single adult would score more. The
//! moves of [`super::round`] take families one or two at a time; here the
//! families at two sites, every family not placed that either serves, and
//! the families elsewhere that would gain most there, are re-placed among
//! the two sites (or left out, or where they were) by dynamic programming
//! over the two sites' places, which finds the best repacking of that
//! neighbourhood, not just a better one (the two-dimensional 0-1 knapsack,
//! Kellerer, Pferschy and Pisinger, "Knapsack Problems", 2004, ch. 9).
//! Every pair of sites is tried, in sweeps, until a sweep gains nothing.
//!
//! Without quotas only: a family leaving a country could take it below
//! its quota.

use super::instance::{Instance, Options};

/// A pair is repacked when its table (places of one site × places of the
/// other × families) has at most this many cells, so that one pair costs
/// milliseconds.
const MAX_CELLS: usize = 2_000_000;
/// Families placed at other sites that may move into the pair, those that
/// would gain most first.
const OUTSIDERS: usize = 24;
/// Sweeps over every pair at most.
const SWEEPS: usize = 10;
/// Improvement below this is rounding noise, not a gain.
const MIN_GAIN: f64 = 1e-9;

/// The placement, every pair of sites repacked until none gains.
pub fn repack(inst: &Instance, site_of: &[Option<u32>], opts: &Options) -> Vec<Option<u32>> {
    let mut site_of = site_of.to_vec();
    let m = inst.sites.len();
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); m];
    for (i, s) in site_of.iter().enumerate() {
        if let Some(j) = s {
            members[*j as usize].push(i as u32);
        }
    }
    for _ in 0..SWEEPS {
        let mut gained = false;
        for a in 0..m {
            for b in a + 1..m {
                if (opts.stop)() {
                    return site_of;
                }
                if let Some(moves) = best_of_pair(inst, &site_of, &members, a, b) {
                    for (i, to) in moves {
                        site_of[i as usize] = to;
                    }
                    members.iter_mut().for_each(Vec::clear);
                    for (i, s) in site_of.iter().enumerate() {
                        if let Some(j) = s {
                            members[*j as usize].push(i as u32);
                        }
                    }
                    gained = true;
                }
            }
        }
        if !gained {
            break;
        }
    }
    site_of
}

/// A family, its size, and its score at a and at b where it may go there.
type Item = (u32, usize, Option<f64>, Option<f64>);

/// The best repacking of sites `a` and `b` as the moves it makes, when it
/// gains over the present one.
fn best_of_pair(
    inst: &Instance,
    site_of: &[Option<u32>],
    members: &[Vec<u32>],
    a: usize,
    b: usize,
) -> Option<Vec<(u32, Option<u32>)>> {
    let (ca, cb) = (
        inst.sites[a].capacity as usize,
        inst.sites[b].capacity as usize,
    );
    // Each family with its score at a and at b (where it may go there).
    let mut items: Vec<Item> = Vec::new();
    let mut before = 0.0;
    let mut add = |i: usize| {
        let (wa, wb) = (inst.scores.get(i, a), inst.scores.get(i, b));
        let useful = |w: Option<f64>| w.filter(|&w| w > 0.0);
        if useful(wa).is_some() || useful(wb).is_some() || site_of[i].is_some() {
            items.push((i as u32, inst.cases[i].size as usize, wa, wb));
        }
    };
    for &i in members[a].iter().chain(&members[b]) {
        before += inst
            .scores
            .get(i as usize, site_of[i as usize]? as usize)
            .unwrap_or(0.0);
        add(i as usize);
    }
    for (i, s) in site_of.iter().enumerate() {
        if s.is_none() && (inst.cases[i].size as usize) <= ca.max(cb) {
            add(i);
        }
    }
    let insiders = items.len();
    // Families placed elsewhere that would score more at a or b, valued
    // by what they gain there: moving in only frees places at their site,
    // which a later pair can fill.
    let mut outsiders: Vec<(f64, Item)> = Vec::new();
    for (i, s) in site_of.iter().enumerate() {
        let Some(c) = s.filter(|&c| c as usize != a && c as usize != b) else {
            continue;
        };
        let here = inst.scores.get(i, c as usize).unwrap_or(0.0);
        let gain = |w: Option<f64>| w.map(|w| w - here).filter(|&g| g > 0.0);
        let (ga, gb) = (gain(inst.scores.get(i, a)), gain(inst.scores.get(i, b)));
        let best = ga.unwrap_or(0.0).max(gb.unwrap_or(0.0));
        if best > 0.0 {
            outsiders.push((best, (i as u32, inst.cases[i].size as usize, ga, gb)));
        }
    }
    outsiders.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1 .0.cmp(&y.1 .0)));
    items.extend(outsiders.iter().take(OUTSIDERS).map(|o| o.1));
    let width = cb.checked_add(1)?;
    let cells = ca.checked_add(1)?.checked_mul(width)?;
    if cells.saturating_mul(items.len()) > MAX_CELLS {
        return None;
    }
    // value[u·width + v]: best score with u places used at a, v at b.
    let mut value = vec![f64::NEG_INFINITY; cells];
    value[0] = 0.0;
    // 0: left where it was not (out), 1: at a, 2: at b.
    let mut choice = vec![0u8; cells * items.len()];
    for (k, &(_, s, wa, wb)) in items.iter().enumerate() {
        let row = &mut choice[k * cells..(k + 1) * cells];
        // Descending, so each cell reads cells this family has not yet
        // updated: each family is placed once.
        for u in (0..=ca).rev() {
            for v in (0..=cb).rev() {
                let here = u * width + v;
                if let Some(w) = wa.filter(|_| u >= s) {
                    let from = value[(u - s) * width + v] + w;
                    if from > value[here] {
                        value[here] = from;
                        row[here] = 1;
                    }
                }
                if let Some(w) = wb.filter(|_| v >= s) {
                    let from = value[u * width + v - s] + w;
                    if from > value[here] {
                        value[here] = from;
                        row[here] = 2;
                    }
                }
            }
        }
    }
    let (mut at, best) =
        value.iter().enumerate().fold(
            (0, f64::NEG_INFINITY),
            |acc, (c, &v)| {
                if v > acc.1 {
                    (c, v)
                } else {
                    acc
                }
            },
        );
    if best <= before + MIN_GAIN {
        return None;
    }
    let mut moves = Vec::with_capacity(items.len());
    for (k, &(i, s, _, _)) in items.iter().enumerate().rev() {
        let to = match choice[k * cells + at] {
            1 => {
                at -= s * width;
                Some(a as u32)
            }
            2 => {
                at -= s;
                Some(b as u32)
            }
            // An outsider not moved stays where it is.
            _ if k >= insiders => continue,
            _ => None,
        };
        moves.push((i, to));
    }
    Some(moves)
}

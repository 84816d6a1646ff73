//! Which figures of a run's public tables may be shown: the audit behind
//! [`crate::public`].
//!
//! The tables are sums of the same unknowns, each vacancy's matched
//! workers and the workers left for each reason: the places table sums
//! them by destination and occupation, the pathways table by pathway, the
//! total matched and the register's total over all of them, within every
//! vacancy's places and every pathway's quota. A reader who knows those
//! bounds and solves every figure shown for what they leave possible must
//! find, for each count from 1 to 4 withheld, more than one value, and one
//! of 5 or more unless the public bounds already keep it below 5.
//!
//! Withholding the small counts alone rarely does that (a cell shown beside
//! its pathway gives the other cell of the pathway by difference; a cell
//! full to its places pins the pathways in it), so each withheld small
//! count is audited: its least and most possible values are solved for as
//! integer programs (`microlp`: the tables are small, and an exact answer
//! is the point), and while one is not protected, the smallest figure
//! shown beside it is withheld too, then the next, the standard method of
//! statistical offices ("cell suppression with an audit").

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};

use crate::privacy::THRESHOLD;

/// One vacancy: the places it offers, its cell of the places table, its
/// row of the pathways table, and the workers the run matched to it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Part {
    pub places: u64,
    pub cell: usize,
    pub row: usize,
    pub matched: u64,
}

/// What the public tables sum up.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub parts: Vec<Part>,
    /// Each row's quota.
    pub quotas: Vec<Option<u64>>,
    pub cells: usize,
    /// The workers left for each reason listed (each at least one).
    pub reasons: Vec<u64>,
}

/// A figure of the tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Figure {
    Cell(usize),
    Row(usize),
    Reason(usize),
    /// The workers matched.
    Matched,
    /// The run's workers, as the register's total tells them.
    Workers,
}

/// Which figures are shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Shown {
    pub cells: Vec<bool>,
    pub rows: Vec<bool>,
    pub reasons: Vec<bool>,
    pub matched: bool,
    pub workers: bool,
}

impl Shown {
    pub fn get(&self, f: Figure) -> bool {
        match f {
            Figure::Cell(k) => self.cells[k],
            Figure::Row(k) => self.rows[k],
            Figure::Reason(k) => self.reasons[k],
            Figure::Matched => self.matched,
            Figure::Workers => self.workers,
        }
    }

    fn withhold(&mut self, f: Figure) {
        match f {
            Figure::Cell(k) => self.cells[k] = false,
            Figure::Row(k) => self.rows[k] = false,
            Figure::Reason(k) => self.reasons[k] = false,
            Figure::Matched => self.matched = false,
            Figure::Workers => self.workers = false,
        }
    }
}

/// The most any count of the audit is taken to be where nothing bounds
/// it: far above any run, and well within what the solver handles.
const UNBOUNDED: u64 = 1_000_000;

impl Run {
    fn figures(&self) -> Vec<Figure> {
        let mut out: Vec<Figure> = (0..self.cells).map(Figure::Cell).collect();
        out.extend((0..self.quotas.len()).map(Figure::Row));
        out.extend((0..self.reasons.len()).map(Figure::Reason));
        out.push(Figure::Matched);
        out.push(Figure::Workers);
        out
    }

    fn in_figure(&self, f: Figure, p: &Part) -> bool {
        match f {
            Figure::Cell(k) => p.cell == k,
            Figure::Row(k) => p.row == k,
            Figure::Matched | Figure::Workers => true,
            Figure::Reason(_) => false,
        }
    }

    /// The figure's true value.
    pub fn value(&self, f: Figure) -> u64 {
        let matched: u64 = self
            .parts
            .iter()
            .filter(|p| self.in_figure(f, p))
            .map(|p| p.matched)
            .sum();
        match f {
            Figure::Reason(k) => self.reasons[k],
            Figure::Workers => matched + self.reasons.iter().sum::<u64>(),
            _ => matched,
        }
    }

    /// The most the figure can be by the public bounds alone: its places,
    /// within each pathway's quota.
    pub fn most(&self, f: Figure) -> u64 {
        match f {
            Figure::Cell(_) | Figure::Row(_) => (0..self.quotas.len())
                .map(|r| {
                    let places: u64 = self
                        .parts
                        .iter()
                        .filter(|p| p.row == r && self.in_figure(f, p))
                        .map(|p| p.places)
                        .sum();
                    self.quotas[r].map_or(places, |q| q.min(places))
                })
                .sum(),
            Figure::Reason(_) | Figure::Matched | Figure::Workers => UNBOUNDED,
        }
    }

    /// Each figure's value and public bound, worked out once.
    fn known(&self) -> Known {
        let figures = self.figures();
        Known {
            value: figures.iter().map(|&f| (f, self.value(f))).collect(),
            most: figures.iter().map(|&f| (f, self.most(f))).collect(),
            figures,
        }
    }
    /// The least and most `target` can be for a reader of the figures
    /// `shown`; `None` when the solver fails, which is taken as unsafe.
    fn range(&self, known: &Known, shown: &Shown, target: Figure) -> Option<(u64, u64)> {
        let solve = |direction| -> Option<u64> {
            let mut problem = Problem::new(direction);
            let vars: Vec<Variable> = self
                .parts
                .iter()
                .map(|p| {
                    let c = if self.in_figure(target, p) { 1.0 } else { 0.0 };
                    problem.add_integer_var(c, (0, bound(p.places)))
                })
                .collect();
            let reasons: Vec<Variable> = (0..self.reasons.len())
                .map(|k| {
                    let on_target =
                        matches!(target, Figure::Reason(t) if t == k) || target == Figure::Workers;
                    problem.add_integer_var(f64::from(u8::from(on_target)), (1, bound(UNBOUNDED)))
                })
                .collect();
            let sum = |f: Figure| -> Vec<(Variable, f64)> {
                let mut terms: Vec<(Variable, f64)> = self
                    .parts
                    .iter()
                    .zip(&vars)
                    .filter(|(p, _)| self.in_figure(f, p))
                    .map(|(_, v)| (*v, 1.0))
                    .collect();
                match f {
                    Figure::Reason(k) => terms.push((reasons[k], 1.0)),
                    Figure::Workers => terms.extend(reasons.iter().map(|r| (*r, 1.0))),
                    _ => {}
                }
                terms
            };
            for (r, quota) in self.quotas.iter().enumerate() {
                if let Some(q) = quota {
                    let terms = sum(Figure::Row(r));
                    if !terms.is_empty() {
                        problem.add_constraint(
                            &terms[..],
                            ComparisonOp::Le,
                            (*q).min(UNBOUNDED) as f64,
                        );
                    }
                }
            }
            for &f in &known.figures {
                let terms = sum(f);
                if terms.is_empty() {
                    continue;
                }
                if shown.get(f) {
                    problem.add_constraint(&terms[..], ComparisonOp::Eq, known.value[&f] as f64);
                } else if known.least_withheld(f) > 0 && known.value[&f] > 0 {
                    // A zero withheld beside the others (see `protect`)
                    // is left out: the reader is granted more than it can
                    // tell, never less.
                    problem.add_constraint(&terms[..], ComparisonOp::Ge, 1.0);
                }
            }
            let solution = problem.solve().ok()?.into_solution().ok()?;
            Some(solution.objective().round() as u64)
        };
        Some((
            solve(OptimizationDirection::Minimize)?,
            solve(OptimizationDirection::Maximize)?,
        ))
    }

    /// Whether the withheld small `f` is protected among the figures
    /// `shown`.
    fn protected(&self, known: &Known, shown: &Shown, f: Figure) -> bool {
        match self.range(known, shown, f) {
            Some((low, high)) => low < high && (known.most[&f] < THRESHOLD || high >= THRESHOLD),
            None => false,
        }
    }

    /// The figures to show: all but the small counts, those the public
    /// bounds keep small, and the fewest others the audit needs withheld.
    ///
    /// `workers`: where the run's workers end up withheld (and with them
    /// the register's total, which would stand for them), the most they
    /// can be must still reach this, so that the register's withheld
    /// nationalities are not bound below 5 by the run.
    pub fn protect(&self, workers: Option<u64>) -> Shown {
        let known = self.known();
        let figures = &known.figures;
        let mut shown = Shown {
            cells: vec![true; self.cells],
            rows: vec![true; self.quotas.len()],
            reasons: vec![true; self.reasons.len()],
            matched: true,
            workers: true,
        };
        for &f in figures {
            if known.small(f) || known.always_withheld(f) {
                shown.withhold(f);
            }
        }
        loop {
            let small_exposed = figures
                .iter()
                .copied()
                .find(|&f| !shown.get(f) && known.small(f) && !self.protected(&known, &shown, f));
            let exposed = small_exposed.or_else(|| {
                let at_least = workers.filter(|_| !shown.workers)?;
                let high = self
                    .range(&known, &shown, Figure::Workers)
                    .map_or(0, |(_, high)| high);
                (high < at_least).then_some(Figure::Workers)
            });
            let Some(exposed) = exposed else {
                return shown;
            };
            // The smallest figure shown that shares a vacancy with the one
            // exposed; then the reasons, the total matched and the
            // register's total.
            let near = |f: Figure| match (f, exposed) {
                (Figure::Cell(_) | Figure::Row(_), Figure::Cell(_) | Figure::Row(_)) => self
                    .parts
                    .iter()
                    .any(|p| self.in_figure(f, p) && self.in_figure(exposed, p)),
                _ => false,
            };
            let rank = |f: Figure| match f {
                Figure::Cell(_) | Figure::Row(_) if near(f) => 0,
                Figure::Reason(_) => 1,
                Figure::Matched => 2,
                Figure::Workers => 3,
                Figure::Cell(_) | Figure::Row(_) => 4,
            };
            // Counts above zero first; a zero shown can bound a neighbour
            // too (a pathway's other cell showing 0 leaves it the places
            // of one), so zeros come next, but not those that can hold
            // nobody, which the public bounds show anyway.
            let next = figures
                .iter()
                .copied()
                .filter(|&f| shown.get(f) && known.most[&f] > 0)
                .min_by_key(|&f| (known.value[&f] == 0, rank(f), known.value[&f]));
            match next {
                Some(f) => shown.withhold(f),
                // Everything is withheld: a reader has the public bounds
                // alone.
                None => return shown,
            }
        }
    }
}

/// Each figure's value and public bound.
struct Known {
    figures: Vec<Figure>,
    value: std::collections::HashMap<Figure, u64>,
    most: std::collections::HashMap<Figure, u64>,
}

impl Known {
    fn small(&self, f: Figure) -> bool {
        let v = self.value[&f];
        v > 0 && v < THRESHOLD
    }

    /// Withheld whatever it holds: a figure the public bounds keep from 1
    /// to 4, lest a zero shown tell its withheld neighbours apart. One
    /// that can hold nobody is shown: its zero is public.
    fn always_withheld(&self, f: Figure) -> bool {
        let m = self.most[&f];
        m > 0 && m < THRESHOLD
    }

    /// What a reader can tell of a withheld figure from its being
    /// withheld: one or more, where a zero would have been shown (a zero
    /// is withheld only when nothing else is left to withhold).
    fn least_withheld(&self, f: Figure) -> u64 {
        u64::from(!self.always_withheld(f) && f != Figure::Workers)
    }
}

fn bound(n: u64) -> i32 {
    i32::try_from(n.min(UNBOUNDED)).expect("within i32")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(places: u64, cell: usize, row: usize, matched: u64) -> Part {
        Part {
            places,
            cell,
            row,
            matched,
        }
    }

    #[test]
    fn a_cell_full_to_its_places_does_not_pin_a_pathway() {
        // Pathway 1's 5 places, both filled, across two cells; pathway 0
        // has one place in cell 0, filled.
        let run = Run {
            parts: vec![part(1, 0, 0, 1), part(3, 1, 1, 3), part(2, 0, 1, 2)],
            quotas: vec![None, None],
            cells: 2,
            reasons: vec![5],
        };
        let shown = run.protect(None);
        let known = run.known();
        for f in run.figures() {
            if !shown.get(f) && known.small(f) {
                assert!(run.protected(&known, &shown, f), "{f:?} in {shown:?}");
            }
        }
        assert!(!shown.rows[0], "pathway 0 holds 1");
    }

    #[test]
    fn nothing_small_nothing_withheld() {
        let run = Run {
            parts: vec![part(10, 0, 0, 6), part(10, 1, 0, 7)],
            quotas: vec![Some(20)],
            cells: 2,
            reasons: vec![9],
        };
        assert_eq!(
            run.protect(None),
            Shown {
                cells: vec![true, true],
                rows: vec![true],
                reasons: vec![true],
                matched: true,
                workers: true,
            }
        );
    }
}

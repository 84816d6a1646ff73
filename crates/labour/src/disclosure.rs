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
//! shown beside it (the other cell of its pathway, say, rather than the
//! pathway, whose withholding would leave the totals above it to give the
//! cell away) is withheld too, then the next, the standard method of
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
        self.set(f, false);
    }

    fn set(&mut self, f: Figure, show: bool) {
        match f {
            Figure::Cell(k) => self.cells[k] = show,
            Figure::Row(k) => self.rows[k] = show,
            Figure::Reason(k) => self.reasons[k] = show,
            Figure::Matched => self.matched = show,
            Figure::Workers => self.workers = show,
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

    /// A figure a reader of the figures `shown` can pin: a withheld small
    /// count not protected, or else the run's workers withheld but
    /// bounded below what the register needs (see [`Run::protect`]).
    fn exposed(&self, known: &Known, shown: &Shown, workers: Option<u64>) -> Option<Figure> {
        let small = known
            .figures
            .iter()
            .copied()
            .find(|&f| !shown.get(f) && known.small(f) && !self.protected(known, shown, f));
        small.or_else(|| {
            let at_least = workers.filter(|_| !shown.workers)?;
            let high = self
                .range(known, shown, Figure::Workers)
                .map_or(0, |(_, high)| high);
            (high < at_least).then_some(Figure::Workers)
        })
    }

    /// The figures withheld for others' sake shown again, largest first,
    /// wherever every figure stays protected: withheld one at a time, an
    /// early one can be made needless by a later one. Until none can be:
    /// the register's total shown again lifts what its being withheld
    /// asked of the others.
    fn show_again(&self, known: &Known, mut shown: Shown, workers: Option<u64>) -> Shown {
        loop {
            let mut withheld: Vec<Figure> = known
                .figures
                .iter()
                .copied()
                .filter(|&f| !shown.get(f) && !known.small(f) && !known.always_withheld(f))
                .collect();
            withheld.sort_by_key(|&f| std::cmp::Reverse(known.value[&f]));
            let mut again = false;
            for f in withheld {
                shown.set(f, true);
                if self.exposed(known, &shown, workers).is_some() {
                    shown.set(f, false);
                } else {
                    again = true;
                }
            }
            if !again {
                return shown;
            }
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
            let Some(exposed) = self.exposed(&known, &shown, workers) else {
                return self.show_again(&known, shown, workers);
            };
            // Whether two cells or pathways share a vacancy.
            let meet = |f: Figure, g: Figure| {
                matches!(f, Figure::Cell(_) | Figure::Row(_))
                    && matches!(g, Figure::Cell(_) | Figure::Row(_))
                    && self
                        .parts
                        .iter()
                        .any(|p| self.in_figure(f, p) && self.in_figure(g, p))
            };
            // Beside the exposed figure: sharing no vacancy with it, but
            // one with a figure shown that does, as the other cell of its
            // pathway. Withheld, it leaves that figure's sum to the two,
            // where withholding the pathway itself would leave the totals
            // above it to give the cell away, and they would go too.
            let beside = |f: Figure| {
                !meet(f, exposed)
                    && figures
                        .iter()
                        .any(|&g| shown.get(g) && meet(g, f) && meet(g, exposed))
            };
            // The smallest figure shown beside the one exposed; then those
            // that share a vacancy with it; then the reasons, the total
            // matched and the register's total.
            let rank = |f: Figure| match f {
                Figure::Cell(_) | Figure::Row(_) if beside(f) => 0,
                Figure::Cell(_) | Figure::Row(_) if meet(f, exposed) => 1,
                Figure::Reason(_) => 2,
                Figure::Matched => 3,
                Figure::Workers => 4,
                Figure::Cell(_) | Figure::Row(_) => 5,
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

    #[test]
    fn counts_from_one_to_four_are_small_and_bounds_from_one_to_four_always_withheld() {
        // One vacancy per cell and pathway: (places, matched).
        let sizes = [(0, 0), (4, 1), (5, 4), (9, 5)];
        let run = Run {
            parts: sizes
                .iter()
                .enumerate()
                .map(|(k, &(places, matched))| part(places, k, k, matched))
                .collect(),
            quotas: vec![None; 4],
            cells: 4,
            reasons: vec![],
        };
        let known = run.known();
        let small: Vec<bool> = (0..4).map(|k| known.small(Figure::Cell(k))).collect();
        assert_eq!(small, [false, true, true, false]);
        let always: Vec<bool> = (0..4)
            .map(|k| known.always_withheld(Figure::Cell(k)))
            .collect();
        assert_eq!(always, [false, true, false, false]);
        // A reader knows a withheld figure holds one or more, unless the
        // bounds alone withhold it, or it is the register's total.
        assert_eq!(known.least_withheld(Figure::Cell(3)), 1);
        assert_eq!(known.least_withheld(Figure::Cell(1)), 0);
        assert_eq!(known.least_withheld(Figure::Workers), 0);
    }

    #[test]
    fn a_withheld_zero_is_not_taken_for_one_or_more() {
        // Vacancy A (3 places, 3 matched) and vacancy B (10 places, none
        // matched), each its own cell and pathway; only the total matched
        // is shown.
        let run = Run {
            parts: vec![part(3, 0, 0, 3), part(10, 1, 1, 0)],
            quotas: vec![None, None],
            cells: 2,
            reasons: vec![],
        };
        let known = run.known();
        let shown = Shown {
            cells: vec![false, false],
            rows: vec![false, false],
            reasons: vec![],
            matched: true,
            workers: true,
        };
        // A reader who took B's withheld zero for one or more would bound
        // A at 2; B may hold nobody, so A may hold all 3.
        assert_eq!(run.range(&known, &shown, Figure::Cell(0)), Some((0, 3)));
        assert_eq!(run.range(&known, &shown, Figure::Cell(1)), Some((0, 3)));
    }

    #[test]
    fn the_other_cell_of_a_pathway_goes_rather_than_the_pathway_and_the_totals() {
        // Pathway 0 holds cells 0 (2 matched) and 1 (7 matched) and is
        // shown: cell 0 is 9 less cell 1. Cell 2, in pathway 1, holds
        // nobody of its 10 places.
        let run = Run {
            parts: vec![part(10, 0, 0, 2), part(10, 1, 0, 7), part(10, 2, 1, 0)],
            quotas: vec![None, None],
            cells: 3,
            reasons: vec![],
        };
        // Cell 1 alone goes: withholding pathway 0 instead would leave the
        // total matched and the register's to give cell 0 away, and they
        // would go too. Cell 2's zeros stay.
        let shown = run.protect(None);
        assert_eq!(
            shown,
            Shown {
                cells: vec![false, false, true],
                rows: vec![true, true],
                reasons: vec![],
                matched: true,
                workers: true,
            }
        );
        let known = run.known();
        assert_eq!(run.range(&known, &shown, Figure::Cell(0)), Some((1, 8)));
    }

    #[test]
    fn a_withheld_register_total_can_still_reach_what_the_register_needs() {
        // Vacancy A: 3 places, all filled; B: 3 places and D: 10, nobody
        // matched; Z can hold nobody, so its zeros are public whatever.
        let run = Run {
            parts: vec![
                part(3, 0, 0, 3),
                part(0, 1, 1, 0),
                part(3, 2, 2, 0),
                part(10, 3, 3, 0),
            ],
            quotas: vec![None; 4],
            cells: 4,
            reasons: vec![],
        };
        // Alone, the run withholds A, and B, which the bounds keep below 5;
        // D's zeros are shown, and the withheld total is at most 6.
        let alone = run.protect(None);
        assert_eq!(alone.cells, [false, true, false, true]);
        assert_eq!(alone.rows, [false, true, false, true]);
        assert!(!alone.matched && !alone.workers);
        let known = run.known();
        assert_eq!(run.range(&known, &alone, Figure::Workers), Some((1, 6)));
        // Enough where the register needs 6; where it needs 8, D's zeros
        // are withheld too, and Z's stay.
        assert_eq!(run.protect(Some(6)), alone);
        let more = run.protect(Some(8));
        assert_eq!(more.cells, [false, true, false, false]);
        assert_eq!(more.rows, [false, true, false, false]);
        assert_eq!(run.range(&known, &more, Figure::Workers), Some((1, 16)));
    }

    /// A run of up to six vacancies in up to four cells and three
    /// pathways, with up to three reasons.
    fn runs() -> impl Strategy<Value = Run> {
        let part = (0u64..12, 0usize..4, 0usize..3, 0u64..=12)
            .prop_map(|(places, cell, row, m)| part(places, cell, row, m.min(places)));
        (
            proptest::collection::vec(part, 1..6),
            proptest::collection::vec(proptest::option::of(0u64..15), 3),
            proptest::collection::vec(1u64..8, 0..3),
        )
            .prop_map(|(parts, quotas, reasons)| {
                // A quota holds what its pathway matched.
                let quotas = quotas
                    .iter()
                    .enumerate()
                    .map(|(r, q)| {
                        let matched: u64 =
                            parts.iter().filter(|p| p.row == r).map(|p| p.matched).sum();
                        q.map(|q| q.max(matched))
                    })
                    .collect();
                Run {
                    parts,
                    quotas,
                    cells: 4,
                    reasons,
                }
            })
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// No count from 1 to 4 is shown, and every one withheld is
        /// protected, unless everything that can hold anyone is withheld.
        #[test]
        fn every_small_count_withheld_is_protected(run in runs(), needs in proptest::option::of(0u64..20)) {
            let shown = run.protect(needs);
            let known = run.known();
            let all_withheld = known
                .figures
                .iter()
                .all(|&f| !shown.get(f) || known.most[&f] == 0);
            for &f in &known.figures {
                prop_assert!(!(shown.get(f) && known.small(f)), "{:?} shown in {:?}", f, shown);
                if !shown.get(f) && known.small(f) && !all_withheld {
                    prop_assert!(run.protected(&known, &shown, f), "{:?} in {:?}", f, shown);
                }
            }
            // Nothing is withheld for others' sake that could be shown
            // again with every figure still protected.
            if !all_withheld {
                for &f in &known.figures {
                    if !shown.get(f) && !known.small(f) && !known.always_withheld(f) {
                        let mut more = shown.clone();
                        more.set(f, true);
                        prop_assert!(run.exposed(&known, &more, needs).is_some(), "{:?} in {:?}", f, shown);
                    }
                }
            }
            // A withheld register total can still reach what the register
            // needs.
            if let Some(needs) = needs.filter(|_| !shown.workers && !all_withheld) {
                let high = run.range(&known, &shown, Figure::Workers).map_or(0, |r| r.1);
                prop_assert!(high >= needs, "{} < {} in {:?}", high, needs, shown);
            }
        }
    }
}

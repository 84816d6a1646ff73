//! The files of a match run read together, all or nothing, and the pairs
//! the matching may use: every eligible worker–vacancy pair with its score
//! ([`crate::fit`]), or, with a scores file, the listed pairs that are
//! eligible with the listed scores.

use std::collections::HashMap;

use crate::fit;
use crate::isco::{Code, Level};
use crate::records::{self, Pathway, Vacancy, Worker};
use crate::table::{Problem, ProblemKind, Problems, Table};

/// The bytes of each file, with the name its problems cite.
pub struct Files<'a> {
    pub pathways: (&'a str, &'a [u8]),
    pub workers: (&'a str, &'a [u8]),
    pub vacancies: (&'a str, &'a [u8]),
    /// `worker,vacancy,score`: only these pairs, with these scores.
    pub scores: Option<(&'a str, &'a [u8])>,
}

/// Everything a match run reads.
#[derive(Debug, Clone)]
pub struct Market {
    pub pathways: Vec<Pathway>,
    pub workers: Vec<Worker>,
    pub vacancies: Vec<Vacancy>,
    /// Given scores, by worker then vacancy index.
    pub given: Option<Vec<(u32, u32, f64)>>,
}

/// At most this many problems are listed; the last line says how many more.
pub const MAX_PROBLEMS: usize = 50;

/// The market the files describe, or every problem found in any of them.
pub fn read(f: &Files) -> Result<Market, Problems> {
    let mut problems = Vec::new();
    let pathways = records::read_pathways(f.pathways.0, f.pathways.1, &mut problems);
    let workers = records::read_workers(f.workers.0, f.workers.1, &mut problems);
    let vacancies = records::read_vacancies(f.vacancies.0, f.vacancies.1, &pathways, &mut problems);
    // A row left out for a problem of its own is no unknown id: the
    // scores file is checked against a file only once that file is whole.
    let whole = |file: &str, problems: &[Problem]| problems.iter().all(|p| p.at.file() != file);
    let complete = Complete {
        workers: whole(f.workers.0, &problems),
        vacancies: whole(f.vacancies.0, &problems) && whole(f.pathways.0, &problems),
    };
    let given = f.scores.map(|(name, bytes)| {
        read_scores(name, bytes, &workers, &vacancies, complete, &mut problems)
    });
    if problems.is_empty() {
        return Ok(Market {
            pathways,
            workers,
            vacancies,
            given,
        });
    }
    let n = problems.len();
    if n > MAX_PROBLEMS {
        problems.truncate(MAX_PROBLEMS);
        let last = problems.last().cloned().expect("over the limit");
        problems.push(Problem {
            kind: ProblemKind::Unreadable(format!("… and {} more problems", n - MAX_PROBLEMS)),
            ..last
        });
    }
    Err(Problems(problems))
}

/// Whether every row of the workers and of the vacancies file was read.
#[derive(Debug, Clone, Copy)]
struct Complete {
    workers: bool,
    vacancies: bool,
}

fn read_scores(
    name: &str,
    bytes: &[u8],
    workers: &[Worker],
    vacancies: &[Vacancy],
    complete: Complete,
    problems: &mut Vec<Problem>,
) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let Some([w_c, v_c, s_c]) = t.columns(["worker", "vacancy", "score"], problems) else {
        return out;
    };
    let worker_at: HashMap<&str, u32> = workers
        .iter()
        .enumerate()
        .map(|(k, w)| (w.id.as_str(), k as u32))
        .collect();
    let vacancy_at: HashMap<&str, u32> = vacancies
        .iter()
        .enumerate()
        .map(|(k, v)| (v.id.as_str(), k as u32))
        .collect();
    let mut seen: HashMap<(u32, u32), u64> = HashMap::new();
    t.rows(problems, |t, row, problems| {
        let i = worker_at.get(row.cell(w_c)).copied();
        if i.is_none() && complete.workers {
            problems.push(t.at(
                row,
                w_c,
                ProblemKind::Unknown {
                    what: "worker",
                    id: row.cell(w_c).to_string(),
                },
            ));
        }
        let j = vacancy_at.get(row.cell(v_c)).copied();
        if j.is_none() && complete.vacancies {
            problems.push(t.at(
                row,
                v_c,
                ProblemKind::Unknown {
                    what: "vacancy",
                    id: row.cell(v_c).to_string(),
                },
            ));
        }
        let score = match row.cell(s_c).parse::<f64>() {
            Ok(s) if s.is_finite() && s >= 0.0 => Some(s),
            _ => {
                problems.push(t.at(row, s_c, ProblemKind::Score(row.cell(s_c).to_string())));
                None
            }
        };
        if let (Some(i), Some(j), Some(s)) = (i, j, score) {
            if let Some(first) = seen.insert((i, j), row.line) {
                problems.push(t.at(
                    row,
                    w_c,
                    ProblemKind::Duplicate {
                        what: "pair",
                        id: format!("{},{}", row.cell(w_c), row.cell(v_c)),
                        first,
                    },
                ));
            }
            out.push((i, j, s));
        }
    });
    out.sort_by_key(|&(i, j, _)| (i, j));
    out
}

/// The pairs the matching may use, worker by worker: the placement
/// solver's compressed rows, whose "sites" are vacancy indices.
pub use corredor_sharing::place::Scores as Candidates;

/// The total score of a matching (`vacancy_of`: each worker's vacancy,
/// by candidate pairs).
pub fn objective(c: &Candidates, vacancy_of: &[Option<usize>]) -> f64 {
    vacancy_of
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.and_then(|j| c.get(i, j)))
        .sum()
}

impl Market {
    /// Vacancies by the ISCO-08 minor group of their occupation: the only
    /// ones a worker may be eligible for are in their own minor groups
    /// ([`fit::MAX_OCCUPATION_DISTANCE`] is 1).
    pub fn by_minor_group(&self) -> HashMap<Code, Vec<u32>> {
        let mut out: HashMap<Code, Vec<u32>> = HashMap::new();
        for (j, v) in self.vacancies.iter().enumerate() {
            out.entry(v.isco.at(Level::Minor))
                .or_default()
                .push(j as u32);
        }
        out
    }

    /// Vacancies that might be open to worker `i` by occupation, ascending.
    pub fn near(&self, index: &HashMap<Code, Vec<u32>>, i: usize) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let mut minors: Vec<Code> = self.workers[i]
            .isco
            .iter()
            .map(|c| c.at(Level::Minor))
            .collect();
        minors.sort();
        minors.dedup();
        for m in minors {
            out.extend(index.get(&m).into_iter().flatten());
        }
        out.sort_unstable();
        out
    }

    pub fn fit(&self, i: usize, j: usize) -> Result<fit::Fit, fit::Ineligible> {
        let v = &self.vacancies[j];
        fit::check(&self.pathways[v.pathway], &self.workers[i], v)
    }

    /// Every pair the matching may use.
    pub fn candidates(&self) -> Candidates {
        let mut c = Candidates {
            offsets: Vec::with_capacity(self.workers.len() + 1),
            ..Candidates::default()
        };
        // `sites` are vacancy indices here.
        c.offsets.push(0);
        match &self.given {
            Some(given) => {
                let mut at = 0;
                for i in 0..self.workers.len() {
                    while at < given.len() && given[at].0 as usize == i {
                        let (_, j, s) = given[at];
                        if self.fit(i, j as usize).is_ok() {
                            c.sites.push(j);
                            c.scores.push(s);
                        }
                        at += 1;
                    }
                    c.offsets.push(c.sites.len());
                }
            }
            None => {
                let index = self.by_minor_group();
                for i in 0..self.workers.len() {
                    if self.workers[i].consent {
                        for j in self.near(&index, i) {
                            if let Ok(f) = self.fit(i, j as usize) {
                                c.sites.push(j);
                                c.scores.push(f.score());
                            }
                        }
                    }
                    c.offsets.push(c.sites.len());
                }
            }
        }
        c
    }
}

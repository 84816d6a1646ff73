//! Scores from past outcomes: the expected number of a family's
//! working-age members employed within 90 days at each site, from a
//! regularised logistic regression per site, the way resettlement matching
//! (GeoMatch, Annie MOORE) learns them.
//!
//! Each site's model is shrunk towards a pooled model of all sites (a ridge
//! penalty on the difference, λ = [`SITE_RIDGE`]), so that a site with few
//! past placements borrows from the others instead of overfitting, and a
//! site with none uses the pooled model. Outcomes are binomial: `employed`
//! of `working_age` members. One past placement in [`HOLD_OUT_ONE_IN`]
//! (chosen by a hash of its id, so the same every time) is held out, and
//! the AUC on those is what is reported; the scores then come from models
//! refitted on every placement.
//!
//! Fitted by Newton's method (iteratively reweighted least squares,
//! McCullagh and Nelder, *Generalized Linear Models*, 2nd ed., §4.4) on a
//! dozen coefficients: written here because the per-site shrinkage towards
//! a pooled fit and binomial counts are the model, and the logistic
//! regressions of the Rust crates we looked at (linfa-logistic) fit 0/1
//! labels with a penalty towards zero only.

use std::collections::HashMap;

use corredor_ingest::csvio;
use corredor_ingest::{Position, Problem, Problems};

use crate::place::files::{self, Files as PlaceFiles};

/// One past placement in this many is held out for validation.
pub const HOLD_OUT_ONE_IN: u64 = 5;
/// Ridge penalty pulling a site's coefficients towards the pooled ones.
pub const SITE_RIDGE: f64 = 4.0;
/// Ridge penalty of the pooled model (towards 0): only enough to keep
/// Newton's method well posed when a language is absent.
const POOLED_RIDGE: f64 = 1e-3;
const NEWTON_STEPS: usize = 50;
const NEWTON_TOLERANCE: f64 = 1e-9;

/// Languages with a coefficient of their own; others share the baseline.
const LANGUAGES: [&str; 6] = ["es", "en", "fr", "pt", "ht", "zh"];
/// Intercept, education, children, medical need, then the languages.
const P: usize = 4 + LANGUAGES.len();

pub struct Files<'a> {
    pub outcomes: (&'a str, &'a [u8]),
    pub cases: (&'a str, &'a [u8]),
    pub sites: (&'a str, &'a [u8]),
}

/// What a model of outcomes knows about a family.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Family {
    x: [f64; P],
    working_age: u32,
}

fn family(size: u32, needs: &[String], working_age: u32, education: f64, language: &str) -> Family {
    let mut x = [0.0; P];
    x[0] = 1.0;
    x[1] = education - 1.5;
    x[2] = f64::from(size.saturating_sub(working_age));
    x[3] = if needs.iter().any(|n| n == "medical") {
        1.0
    } else {
        0.0
    };
    if let Some(k) = LANGUAGES
        .iter()
        .position(|l| l.eq_ignore_ascii_case(language))
    {
        x[4 + k] = 1.0;
    }
    Family { x, working_age }
}

struct Past {
    id: String,
    site: usize,
    family: Family,
    employed: u32,
}

/// Scores for every eligible pair, and how well the models predict.
#[derive(Debug)]
pub struct Trained {
    pub outcomes: usize,
    pub held_out: usize,
    /// AUC over held-out working-age members (employed or not), per-site models.
    pub auc: f64,
    /// The same with the pooled model only.
    pub pooled_auc: f64,
    pub sites: Vec<String>,
    /// (case, site, score).
    pub scores: Vec<(String, String, f64)>,
}

impl Trained {
    pub fn write_scores(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        writeln!(out, "case,site,score")?;
        for (c, s, w) in &self.scores {
            writeln!(out, "{c},{s},{w:.6}")?;
        }
        Ok(())
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn dot(a: &[f64; P], b: &[f64; P]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Penalised maximum likelihood: `prior` is what the penalty pulls towards.
fn fit(data: &[(&Family, u32)], prior: &[f64; P], ridge: f64) -> [f64; P] {
    let mut beta = *prior;
    for _ in 0..NEWTON_STEPS {
        let mut g = [0.0; P];
        let mut h = [[0.0; P]; P];
        for (f, y) in data {
            let n = f64::from(f.working_age);
            let p = sigmoid(dot(&f.x, &beta));
            let r = f64::from(*y) - n * p;
            let w = n * p * (1.0 - p);
            for (a, row) in h.iter_mut().enumerate() {
                g[a] += r * f.x[a];
                for (b, cell) in row.iter_mut().enumerate() {
                    *cell += w * f.x[a] * f.x[b];
                }
            }
        }
        for a in 0..P {
            g[a] -= ridge * (beta[a] - prior[a]);
            h[a][a] += ridge;
        }
        let step = solve(h, g);
        let size: f64 = step.iter().map(|s| s * s).sum::<f64>().sqrt();
        for a in 0..P {
            beta[a] += step[a];
        }
        if size < NEWTON_TOLERANCE {
            break;
        }
    }
    beta
}

/// `h · x = g` for a symmetric positive definite `h` (Cholesky).
fn solve(mut h: [[f64; P]; P], mut g: [f64; P]) -> [f64; P] {
    for k in 0..P {
        let d = (h[k][k] - (0..k).map(|m| h[k][m] * h[k][m]).sum::<f64>())
            .max(1e-300)
            .sqrt();
        h[k][k] = d;
        for i in k + 1..P {
            h[i][k] = (h[i][k] - (0..k).map(|m| h[i][m] * h[k][m]).sum::<f64>()) / d;
        }
    }
    for i in 0..P {
        g[i] = (g[i] - (0..i).map(|m| h[i][m] * g[m]).sum::<f64>()) / h[i][i];
    }
    for i in (0..P).rev() {
        g[i] = (g[i] - (i + 1..P).map(|m| h[m][i] * g[m]).sum::<f64>()) / h[i][i];
    }
    g
}

/// Area under the ROC curve, each working-age member one observation.
fn auc(scored: &mut [(f64, u32, u32)]) -> f64 {
    // (score, employed, not employed), ascending by score; ties share.
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut below_neg, mut pairs_won) = (0.0f64, 0.0f64);
    let (pos, neg): (f64, f64) = scored.iter().fold((0.0, 0.0), |(p, n), s| {
        (p + f64::from(s.1), n + f64::from(s.2))
    });
    let mut k = 0;
    while k < scored.len() {
        let mut e = k;
        let (mut p, mut n) = (0.0, 0.0);
        while e < scored.len() && scored[e].0 == scored[k].0 {
            p += f64::from(scored[e].1);
            n += f64::from(scored[e].2);
            e += 1;
        }
        pairs_won += p * (below_neg + n / 2.0);
        below_neg += n;
        k = e;
    }
    if pos == 0.0 || neg == 0.0 {
        0.5
    } else {
        pairs_won / (pos * neg)
    }
}

fn held_out(id: &str) -> bool {
    // FNV-1a: stable across runs and platforms.
    let h = id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    h % HOLD_OUT_ONE_IN == 0
}

fn models(past: &[&Past], sites: usize) -> ([f64; P], Vec<[f64; P]>) {
    let all: Vec<(&Family, u32)> = past.iter().map(|p| (&p.family, p.employed)).collect();
    let pooled = fit(&all, &[0.0; P], POOLED_RIDGE);
    let mut by_site: Vec<Vec<(&Family, u32)>> = vec![Vec::new(); sites];
    for p in past {
        by_site[p.site].push((&p.family, p.employed));
    }
    let per = by_site
        .iter()
        .map(|d| {
            if d.is_empty() {
                pooled
            } else {
                fit(d, &pooled, SITE_RIDGE)
            }
        })
        .collect();
    (pooled, per)
}

/// Trains on the outcomes and scores every family of `cases` at every
/// site of `sites` it may go to.
pub fn train(f: &Files) -> Result<Trained, Problems> {
    let mut problems = Problems::default();
    let inst = files::read(&PlaceFiles {
        cases: f.cases,
        sites: f.sites,
        scores: None,
        quotas: None,
        tolerance: 0.0,
    });
    let families = read_families(f.cases, &mut problems);
    let site_ids: HashMap<String, usize> = match &inst {
        Ok(inst) => inst
            .sites
            .iter()
            .enumerate()
            .map(|(j, s)| (s.id.clone(), j))
            .collect(),
        Err(p) => {
            for each in p.kept() {
                problems.push(each.clone());
            }
            HashMap::new()
        }
    };
    let past = read_outcomes(f.outcomes, &site_ids, &mut problems);
    if past.is_empty() && problems.is_empty() {
        problems.push(Problem {
            at: Position::Text {
                file: f.outcomes.0.into(),
                line: 1,
                column: None,
            },
            message: "no past placements to learn from".into(),
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let inst = inst.expect("no problems");
    let (train, test): (Vec<&Past>, Vec<&Past>) = past.iter().partition(|p| !held_out(&p.id));
    let (pooled, per) = models(&train, inst.sites.len());
    let mut scored: Vec<(f64, u32, u32)> = test
        .iter()
        .map(|p| {
            (
                sigmoid(dot(&p.family.x, &per[p.site])),
                p.employed,
                p.family.working_age - p.employed,
            )
        })
        .collect();
    let mut pooled_scored: Vec<(f64, u32, u32)> = test
        .iter()
        .map(|p| {
            (
                sigmoid(dot(&p.family.x, &pooled)),
                p.employed,
                p.family.working_age - p.employed,
            )
        })
        .collect();
    let (auc_sites, auc_pooled) = (auc(&mut scored), auc(&mut pooled_scored));
    let everyone: Vec<&Past> = past.iter().collect();
    let (_, per) = models(&everyone, inst.sites.len());
    let mut scores = Vec::with_capacity(inst.scores.pairs());
    for (i, c) in inst.cases.iter().enumerate() {
        let fam = families[i];
        for &j in inst.scores.row(i).0 {
            let p = sigmoid(dot(&fam.x, &per[j as usize]));
            scores.push((
                c.id.clone(),
                inst.sites[j as usize].id.clone(),
                f64::from(fam.working_age) * p,
            ));
        }
    }
    Ok(Trained {
        outcomes: past.len(),
        held_out: test.len(),
        auc: auc_sites,
        pooled_auc: auc_pooled,
        sites: inst.sites.iter().map(|s| s.id.clone()).collect(),
        scores,
    })
}

/// Reads `size,needs,working_age,education,language` of each row.
fn row_family(r: &csvio::Row, at: &[usize; 5], problems: &mut Problems) -> Option<Family> {
    let cell = |k: usize| r.cell(at[k]);
    let problem = |k: usize, message: String, problems: &mut Problems| {
        problems.push(Problem {
            at: r.at(at[k]),
            message,
        })
    };
    let number = |k: usize, what: &str, problems: &mut Problems| -> Option<u32> {
        cell(k).parse::<u32>().ok().or_else(|| {
            problem(
                k,
                format!("{what} is '{}': give a whole number", cell(k)),
                problems,
            );
            None
        })
    };
    let size = number(0, "size", problems)?;
    let wa = number(2, "working_age", problems)?;
    let edu = number(3, "education", problems)?;
    if wa > size {
        problem(
            2,
            format!("working_age {wa} is more than the family's size {size}"),
            problems,
        );
        return None;
    }
    if edu > 3 {
        problem(
            3,
            format!(
                "education is {edu}: give 0 (none), 1 (primary), 2 (secondary) or 3 (tertiary)"
            ),
            problems,
        );
        return None;
    }
    let needs: Vec<String> = cell(1)
        .split([';', '|'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    Some(family(size, &needs, wa, f64::from(edu), cell(4)))
}

/// The index of each wanted column, or a problem for the first missing.
fn columns<R: std::io::Read>(
    t: &csvio::Reader<R>,
    wanted: &[&str],
    problems: &mut Problems,
) -> Option<Vec<usize>> {
    let mut out = Vec::new();
    for w in wanted {
        match t.column(w) {
            Some(k) => out.push(k),
            None => {
                problems.push(Problem {
                    at: t.at(1, None),
                    message: format!(
                        "no column '{w}' (the columns are {})",
                        t.header().join(", ")
                    ),
                });
                return None;
            }
        }
    }
    Some(out)
}

/// The families of the cases file, in its order; its other problems are
/// the placement reader's to report.
fn read_families((name, bytes): (&str, &[u8]), problems: &mut Problems) -> Vec<Family> {
    let mut out = Vec::new();
    let Some(mut t) = csvio::open(name, bytes, &mut Problems::default()) else {
        return out;
    };
    let Some(at) = columns(
        &t,
        &["size", "needs", "working_age", "education", "language"],
        problems,
    ) else {
        return out;
    };
    let at: [usize; 5] = at.try_into().expect("five columns");
    t.for_each_row(&mut Problems::default(), |r, _| {
        // The size is the placement reader's too: said once, by it.
        let mut found = Problems::default();
        let read = row_family(r, &at, &mut found);
        let size_at = r.at(at[0]);
        for p in found.kept().iter().filter(|p| p.at != size_at) {
            problems.push(p.clone());
        }
        out.push(read.unwrap_or(family(1, &[], 0, 0.0, "")));
    });
    out
}

fn read_outcomes(
    (name, bytes): (&str, &[u8]),
    sites: &HashMap<String, usize>,
    problems: &mut Problems,
) -> Vec<Past> {
    let mut out = Vec::new();
    let Some(mut t) = csvio::open(name, bytes, problems) else {
        return out;
    };
    let wanted = [
        "case",
        "site",
        "size",
        "needs",
        "working_age",
        "education",
        "language",
        "employed",
    ];
    let Some(at) = columns(&t, &wanted, problems) else {
        return out;
    };
    t.for_each_row(problems, |r, problems| {
        let site = r.cell(at[1]);
        let Some(&j) = sites.get(site) else {
            problems.push(Problem {
                at: r.at(at[1]),
                message: format!("no site '{site}' in the sites file"),
            });
            return;
        };
        let fam_at = [at[2], at[3], at[4], at[5], at[6]];
        let Some(fam) = row_family(r, &fam_at, problems) else {
            return;
        };
        let raw = r.cell(at[7]);
        match raw.parse::<u32>() {
            Ok(e) if e <= fam.working_age => out.push(Past {
                id: r.cell(at[0]).to_string(),
                site: j,
                family: fam,
                employed: e,
            }),
            _ => problems.push(Problem {
                at: r.at(at[7]),
                message: format!(
                    "employed is '{raw}': give how many of the {} working-age members were employed",
                    fam.working_age
                ),
            }),
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::place::generate::generate;

    #[test]
    fn auc_counts_each_member_and_splits_ties() {
        // One employed member scored above one who was not: AUC 1.
        assert_eq!(auc(&mut [(0.9, 1, 0), (0.1, 0, 1)]), 1.0);
        assert_eq!(auc(&mut [(0.1, 1, 0), (0.9, 0, 1)]), 0.0);
        assert_eq!(auc(&mut [(0.5, 1, 1)]), 0.5);
    }

    #[test]
    fn the_models_recover_what_the_outcomes_were_drawn_from() {
        let g = generate(400, 30, 3, None);
        let mut cases = Vec::new();
        g.write_cases(&mut cases).unwrap();
        let mut sites = Vec::new();
        g.write_sites(&mut sites).unwrap();
        let mut outcomes = Vec::new();
        g.write_outcomes(&mut outcomes).unwrap();
        let t = train(&Files {
            outcomes: ("outcomes.csv", &outcomes),
            cases: ("cases.csv", &cases),
            sites: ("sites.csv", &sites),
        })
        .unwrap();
        assert!(t.auc > 0.65, "held-out AUC {}", t.auc);
        assert!(
            t.auc > t.pooled_auc,
            "sites differ: {} vs pooled {}",
            t.auc,
            t.pooled_auc
        );
        assert_eq!(t.scores.len(), g.instance.scores.pairs());
        // Scores are expected employed members: within [0, working age].
        let wa: HashMap<&str, u32> = g
            .instance
            .cases
            .iter()
            .zip(&g.features)
            .map(|(c, f)| (c.id.as_str(), f.working_age))
            .collect();
        assert!(t
            .scores
            .iter()
            .all(|(c, _, s)| *s >= 0.0 && *s <= f64::from(wa[c.as_str()])));
    }

    #[test]
    fn bad_outcomes_are_named_by_line_and_column() {
        let e = train(&Files {
            outcomes: (
                "o.csv",
                b"case,site,size,needs,working_age,education,language,employed\np1,nowhere,2,,1,1,es,0\np2,s1,2,,3,1,es,0\np3,s1,2,,2,1,es,5\n",
            ),
            cases: ("c.csv", b"id,size,needs,working_age,education,language\na,1,,1,1,es\n"),
            sites: ("s.csv", b"id,country,capacity\ns1,MEX,5\n"),
        })
        .unwrap_err()
        .messages()
        .join("\n");
        assert!(e.contains("o.csv:2:2: no site 'nowhere'"), "{e}");
        assert!(
            e.contains("o.csv:3:5: working_age 3 is more than the family's size 2"),
            "{e}"
        );
        assert!(e.contains("o.csv:4:8: employed is '5'"), "{e}");
    }

    #[test]
    fn a_bad_size_in_the_cases_is_said_once() {
        let e = train(&Files {
            outcomes: (
                "o.csv",
                b"case,site,size,needs,working_age,education,language,employed
p1,s1,2,,1,1,es,0
",
            ),
            cases: (
                "c.csv",
                b"id,size,needs,working_age,education,language
a,two,,1,1,es
b,2,,1,9,es
",
            ),
            sites: (
                "s.csv",
                b"id,country,capacity
s1,MEX,5
",
            ),
        })
        .unwrap_err()
        .messages();
        let at_size: Vec<&String> = e.iter().filter(|m| m.starts_with("c.csv:2:2:")).collect();
        assert_eq!(at_size.len(), 1, "{e:#?}");
        assert!(
            e.iter().any(|m| m.starts_with("c.csv:3:5: education is 9")),
            "{e:#?}"
        );
    }
}

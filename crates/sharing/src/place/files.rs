//! The placement files as the command line and the API receive them:
//! cases `id,size,needs` (needs `;`-separated), sites
//! `id,country,capacity,services`, scores `case,site,score`, quotas
//! `country,persons` (with a tolerance) or `country,min,max`. Other columns
//! are allowed and ignored (the generator adds the features a model of
//! outcomes is trained on). Every problem is reported with its file, line
//! and column, and nothing is computed while any remains.

use std::collections::HashMap;

use corredor_ingest::csvio;
use corredor_ingest::{Position, Problem, Problems};

use super::{Case, Instance, Quota, Site};
use crate::inputs::country_code;

/// The bytes of each file, with the name problems cite.
pub struct Files<'a> {
    pub cases: (&'a str, &'a [u8]),
    pub sites: (&'a str, &'a [u8]),
    pub scores: Option<(&'a str, &'a [u8])>,
    pub quotas: Option<(&'a str, &'a [u8])>,
    /// Quotas given as `persons` allow this fraction either way.
    pub tolerance: f64,
}

/// One file being read: its reader, with the name its problems cite.
type Table<'a> = csvio::Reader<&'a [u8]>;

fn open<'a>((name, bytes): (&str, &'a [u8]), problems: &mut Problems) -> Option<Table<'a>> {
    csvio::open(name, bytes, problems)
}

/// The index of column `wanted`, or a problem naming the columns there are.
fn column<R: std::io::Read>(
    t: &csvio::Reader<R>,
    wanted: &str,
    problems: &mut Problems,
) -> Option<usize> {
    if let Some((first, again)) = t.repeated(wanted) {
        problem(
            problems,
            t.at(t.header_line(), Some(again)),
            csvio::repeated_message(wanted, first, again),
        );
        return None;
    }
    let at = t.column(wanted);
    if at.is_none() {
        problem(
            problems,
            t.at(1, None),
            format!(
                "no column '{wanted}' (the columns are {})",
                t.header().join(", ")
            ),
        );
    }
    at
}

fn problem(problems: &mut Problems, at: Position, message: String) {
    problems.push(Problem { at, message });
}

fn list(cell: &str) -> Vec<String> {
    let mut v: Vec<String> = cell
        .split([';', '|'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The instance the files describe, or every problem found in them (the
/// first [`Problems::KEPT`], then a count).
pub fn read(f: &Files) -> Result<Instance, Problems> {
    let mut problems = Problems::default();
    let cases = read_cases(f.cases, &mut problems);
    let sites = read_sites(f.sites, &mut problems);
    let quotas = match f.quotas {
        Some(q) => read_quotas(q, f.tolerance, &mut problems),
        None => Vec::new(),
    };
    let case_index: HashMap<&str, u32> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i as u32))
        .collect();
    let site_index: HashMap<&str, u32> = sites
        .iter()
        .enumerate()
        .map(|(j, s)| (s.id.as_str(), j as u32))
        .collect();
    let mut given: Vec<(u32, u32, f64)> = Vec::new();
    if let Some(s) = f.scores {
        given = read_scores(s, &case_index, &site_index, &mut problems);
    }
    for (at, q) in &quotas {
        if !sites.iter().any(|s| s.country == q.country) {
            problem(
                &mut problems,
                at.clone(),
                format!("quota for {}, but no site is in that country", q.country),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    drop(case_index);
    drop(site_index);
    let quotas: Vec<Quota> = quotas.into_iter().map(|(_, q)| q).collect();
    let sizes: Vec<u32> = cases.iter().map(|c| c.size).collect();
    if f.scores.is_none() {
        // Without scores, a placement is worth the persons it places.
        return Ok(Instance::new(cases, sites, quotas, |i, _| {
            Some(f64::from(sizes[i]))
        }));
    }
    let mut at = 0;
    Ok(Instance::new(cases, sites, quotas, move |i, j| {
        // Pairs come in order of case then site, so a cursor finds each.
        let key = (i as u32, j as u32);
        while at < given.len() && (given[at].0, given[at].1) < key {
            at += 1;
        }
        (at < given.len() && (given[at].0, given[at].1) == key).then(|| given[at].2)
    }))
}

/// Why `id` may not name a case or a site: the placement's CSV gives it
/// back to the next spreadsheet, and a terminal prints it. The message
/// quotes no control character.
fn unsafe_id(id: &str) -> Option<String> {
    use corredor_model::record::{preview, unsafe_text, UnsafeText};
    Some(match unsafe_text(id)? {
        UnsafeText::Control => "contains control characters".into(),
        UnsafeText::Formula => format!(
            "'{}' starts like a spreadsheet formula: remove the leading character",
            preview(id)
        ),
    })
}

/// The most persons one case (a family, or a group travelling together)
/// may hold.
const MAX_CASE: u64 = 10_000;

/// The most persons a site, or a country's quota, may be given: more than
/// any country receives in a year, and far from where the placement's
/// sums of places could overflow.
const MAX_PERSONS: u64 = 100_000_000;

fn read_cases(file: (&str, &[u8]), problems: &mut Problems) -> Vec<Case> {
    let mut out = Vec::new();
    let Some(mut t) = open(file, problems) else {
        return out;
    };
    let (Some(id), Some(size)) = (column(&t, "id", problems), column(&t, "size", problems)) else {
        return out;
    };
    let needs = t.column("needs");
    let mut seen: HashMap<String, u64> = HashMap::new();
    t.for_each_row(problems, |r, problems| {
        let cid = r.cell(id);
        if cid.is_empty() {
            problem(problems, r.at(id), "the case has no id".into());
            return;
        }
        if let Some(why) = unsafe_id(cid) {
            problem(problems, r.at(id), format!("the case id {why}"));
        }
        if let Some(first) = seen.insert(cid.to_string(), r.line) {
            problem(
                problems,
                r.at(id),
                format!("case {cid} is given twice (first on line {first})"),
            );
        }
        let raw = r.cell(size);
        let s = match raw.parse::<u32>() {
            Ok(s) if s > 0 && u64::from(s) <= MAX_CASE => s,
            _ => {
                problem(
                    problems,
                    r.at(size),
                    format!("size of case {cid} is '{raw}': give the number of persons, a whole number from 1 to {MAX_CASE}"),
                );
                0
            }
        };
        out.push(Case {
            id: cid.to_string(),
            size: s,
            needs: needs.map(|k| list(r.cell(k))).unwrap_or_default(),
        });
    });
    out
}

fn read_sites(file: (&str, &[u8]), problems: &mut Problems) -> Vec<Site> {
    let mut out = Vec::new();
    let Some(mut t) = open(file, problems) else {
        return out;
    };
    let cols = ["id", "country", "capacity"].map(|c| column(&t, c, problems));
    let [Some(id), Some(country), Some(capacity)] = cols else {
        return out;
    };
    let services = t.column("services");
    let mut seen: HashMap<String, u64> = HashMap::new();
    t.for_each_row(problems, |r, problems| {
        let sid = r.cell(id);
        if sid.is_empty() {
            problem(problems, r.at(id), "the site has no id".into());
            return;
        }
        if let Some(why) = unsafe_id(sid) {
            problem(problems, r.at(id), format!("the site id {why}"));
        }
        if let Some(first) = seen.insert(sid.to_string(), r.line) {
            problem(
                problems,
                r.at(id),
                format!("site {sid} is given twice (first on line {first})"),
            );
        }
        let raw_c = r.cell(country);
        let code = country_code(raw_c).unwrap_or_else(|| {
            problem(
                problems,
                r.at(country),
                format!("'{raw_c}' is not a country: give its ISO 3166-1 alpha-3 code (MEX, CRI, …)"),
            );
            String::new()
        });
        let raw = r.cell(capacity);
        let cap = raw
            .parse::<u64>()
            .ok()
            .filter(|c| *c <= MAX_PERSONS)
            .unwrap_or_else(|| {
                problem(
                    problems,
                    r.at(capacity),
                    format!("capacity of site {sid} is '{raw}': give the persons it can receive, a whole number from 0 to {MAX_PERSONS}"),
                );
                0
            });
        out.push(Site {
            id: sid.to_string(),
            country: code,
            capacity: cap,
            services: services.map(|k| list(r.cell(k))).unwrap_or_default(),
        });
    });
    out
}

/// The scores by case and site index. Memory is what limits the largest
/// instances (twenty million pairs), so a pair keeps no line: a pair given
/// twice is found after sorting, and the file is read again to name its
/// lines.
/// The largest score taken, either way: sums over every placement of the
/// largest instances stay exact enough to prove a gap, and finite.
const MAX_SCORE: f64 = 1e12;

fn read_scores(
    file: (&str, &[u8]),
    cases: &HashMap<&str, u32>,
    sites: &HashMap<&str, u32>,
    problems: &mut Problems,
) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let Some(mut t) = open(file, problems) else {
        return out;
    };
    let cols = ["case", "site", "score"].map(|c| column(&t, c, problems));
    let [Some(c), Some(s), Some(v)] = cols else {
        return out;
    };
    t.for_each_row(problems, |r, problems| {
        if problems.more() > 0 {
            // Enough to show; the rest of a wrong file is not worth parsing.
            return;
        }
        let (ct, st, vt) = (r.cell(c), r.cell(s), r.cell(v));
        let Some(&i) = cases.get(ct) else {
            problem(
                problems,
                r.at(c),
                format!("no case '{ct}' in the cases file"),
            );
            return;
        };
        let Some(&j) = sites.get(st) else {
            problem(
                problems,
                r.at(s),
                format!("no site '{st}' in the sites file"),
            );
            return;
        };
        match vt.parse::<f64>() {
            Ok(x) if x.abs() <= MAX_SCORE => out.push((i, j, x)),
            Ok(x) if x.is_finite() => problem(
                problems,
                r.at(v),
                format!("score '{vt}' is out of range: give a number from -1e12 to 1e12"),
            ),
            _ => problem(problems, r.at(v), format!("score '{vt}' is not a number")),
        }
    });
    out.sort_unstable_by_key(|&(i, j, _)| (i, j));
    if let Some(w) = out
        .windows(2)
        .find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1))
    {
        let name = |index: &HashMap<&str, u32>, k: u32| {
            index
                .iter()
                .find(|(_, &x)| x == k)
                .map_or(String::new(), |(id, _)| id.to_string())
        };
        let (case, site) = (name(cases, w[0].0), name(sites, w[0].1));
        let mut lines = Vec::new();
        if let Some(mut again) = open(file, &mut Problems::default()) {
            again.for_each_row(&mut Problems::default(), |r, _| {
                if r.cell(c) == case && r.cell(s) == site {
                    lines.push(r.at(c));
                }
            });
        }
        if let [first, second, ..] = lines.as_slice() {
            problem(
                problems,
                second.clone(),
                format!(
                    "the pair of case {case} and site {site} is scored twice (first on line {})",
                    first.line()
                ),
            );
        }
    }
    out
}

fn read_quotas(
    file: (&str, &[u8]),
    tolerance: f64,
    problems: &mut Problems,
) -> Vec<(Position, Quota)> {
    let mut out: Vec<(Position, Quota)> = Vec::new();
    let Some(mut t) = open(file, problems) else {
        return out;
    };
    let Some(country) = column(&t, "country", problems) else {
        return out;
    };
    let (persons, min, max) = (t.column("persons"), t.column("min"), t.column("max"));
    if persons.is_none() && (min.is_none() || max.is_none()) {
        problem(
            problems,
            t.at(1, None),
            "give a column 'persons' (a target, with the tolerance) or the columns 'min' and 'max'"
                .into(),
        );
        return out;
    }
    let number = |r: &csvio::Row, k: usize, problems: &mut Problems| {
        let raw = r.cell(k);
        raw.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0 && *x <= MAX_PERSONS as f64)
            .unwrap_or_else(|| {
                problem(
                    problems,
                    r.at(k),
                    format!("'{raw}' is not a number of persons from 0 to {MAX_PERSONS}"),
                );
                0.0
            })
    };
    t.for_each_row(problems, |r, problems| {
        let raw_c = r.cell(country);
        let Some(code) = country_code(raw_c) else {
            problem(
                problems,
                r.at(country),
                format!("'{raw_c}' is not a country"),
            );
            return;
        };
        if out.iter().any(|(_, q)| q.country == code) {
            problem(problems, r.at(country), format!("{code} is given twice"));
            return;
        }
        let (lo, hi) = match (min, max) {
            (Some(a), Some(b)) => (
                number(r, a, problems).ceil() as u64,
                number(r, b, problems).floor() as u64,
            ),
            _ => {
                let p = number(r, persons.expect("checked above"), problems);
                // 100 persons at 15% are 85 to 115, although 1.15 is
                // stored as 1.1499…: a limit within rounding error of a
                // whole number is that number.
                let whole = |x: f64, up: bool| {
                    let near = x.round();
                    if (x - near).abs() <= 1e-9 * x.abs().max(1.0) {
                        near
                    } else if up {
                        x.ceil()
                    } else {
                        x.floor()
                    }
                };
                (
                    whole(p * (1.0 - tolerance), true) as u64,
                    whole(p * (1.0 + tolerance), false) as u64,
                )
            }
        };
        if lo > hi {
            problem(
                problems,
                r.whole(),
                format!("the quota of {code} has a lower limit ({lo}) above its upper one ({hi})"),
            );
        }
        out.push((
            r.at(country),
            Quota {
                country: code,
                min: lo,
                max: hi,
            },
        ));
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files<'a>(cases: &'a str, sites: &'a str, scores: Option<&'a str>) -> Files<'a> {
        Files {
            cases: ("cases.csv", cases.as_bytes()),
            sites: ("sites.csv", sites.as_bytes()),
            scores: scores.map(|s| ("scores.csv", s.as_bytes())),
            quotas: None,
            tolerance: 0.05,
        }
    }

    #[test]
    fn needs_decide_where_a_case_may_go() {
        let inst = read(&files(
            "id,size,needs\na,3,medical;schooling\nb,1,\n",
            "id,country,capacity,services\nx,MEX,10,schooling\ny,CRI,10,medical;schooling\n",
            Some("case,site,score\na,y,1.5\nb,x,0.5\n"),
        ))
        .unwrap();
        assert_eq!(inst.scores.row(0), (&[1u32][..], &[1.5][..]));
        // b may go to both; the pair without a score counts 0.
        assert_eq!(inst.scores.row(1), (&[0u32, 1][..], &[0.5, 0.0][..]));
    }

    #[test]
    fn a_score_beyond_what_sums_finitely_is_refused_at_its_cell() {
        let errors = read(&files(
            "id,size\na,4\n",
            "id,country,capacity\nx,PAN,9\n",
            Some("case,site,score\na,x,1e308\n"),
        ))
        .unwrap_err();
        let shown: Vec<String> = errors.kept().iter().map(ToString::to_string).collect();
        assert!(
            shown
                .iter()
                .any(|e| e.contains("scores.csv:2:3") && e.contains("out of range")),
            "{shown:?}"
        );
    }

    #[test]
    fn without_scores_a_case_is_worth_its_persons() {
        let inst = read(&files(
            "id,size\na,4\n",
            "id,country,capacity\nx,PAN,9\n",
            None,
        ))
        .unwrap();
        assert_eq!(inst.scores.get(0, 0), Some(4.0));
    }

    #[test]
    fn every_problem_names_its_line_and_column() {
        let e = read(&files(
            "id,size,needs\na,0,\na,2,\n",
            "id,country,capacity\nx,Atlantis,-1\n",
            Some("case,site,score\nz,x,1\na,x,abc\n"),
        ))
        .unwrap_err();
        let all = e.messages().join("\n");
        assert!(
            all.contains("cases.csv:2:2: size of case a is '0'"),
            "{all}"
        );
        assert!(
            all.contains("cases.csv:3:1: case a is given twice (first on line 2)"),
            "{all}"
        );
        assert!(
            all.contains("sites.csv:2:2: 'Atlantis' is not a country"),
            "{all}"
        );
        assert!(
            all.contains("sites.csv:2:3: capacity of site x is '-1'"),
            "{all}"
        );
        assert!(all.contains("scores.csv:2:1: no case 'z'"), "{all}");
        assert!(
            all.contains("scores.csv:3:3: score 'abc' is not a number"),
            "{all}"
        );
    }

    #[test]
    fn an_id_a_spreadsheet_would_run_is_refused() {
        let e = read(&files(
            "id,size\n=1+1,3\n",
            "id,country,capacity\n@SUM(A1),CRI,10\n",
            None,
        ))
        .unwrap_err();
        let all = e.messages().join("\n");
        assert!(
            all.contains("cases.csv:2:1: the case id '=1+1' starts like"),
            "{all}"
        );
        assert!(
            all.contains("sites.csv:2:1: the site id '@SUM(A1)' starts like"),
            "{all}"
        );
    }

    #[test]
    fn a_capacity_or_a_family_beyond_any_real_one_is_refused_at_its_cell() {
        // u64::MAX places at two sites once overflowed the repacking's
        // table of places and panicked the placement.
        let e = read(&files(
            "id,size\na,3\nb,10001\n",
            "id,country,capacity\nx,CRI,18446744073709551615\ny,CRI,100000001\nz,CRI,100000000\n",
            None,
        ))
        .unwrap_err();
        let all = e.messages().join("\n");
        assert!(all.contains("cases.csv:3:2: size of case b"), "{all}");
        assert!(all.contains("sites.csv:2:3: capacity of site x"), "{all}");
        assert!(all.contains("sites.csv:3:3: capacity of site y"), "{all}");
        assert!(!all.contains("site z"), "{all}");
    }

    #[test]
    fn a_column_given_twice_is_refused_not_read_from_the_first() {
        let f = files(
            "id,size,size\na,1,5\n",
            "id,country,capacity\nx,MEX,9\n",
            None,
        );
        let all = read(&f).unwrap_err().messages().join("\n");
        assert!(
            all.contains(":1:3: the column 'size' is given twice (columns 2 and 3)"),
            "{all}"
        );
    }

    #[test]
    fn quotas_take_a_target_with_tolerance_or_limits() {
        let mut f = files(
            "id,size\na,1\n",
            "id,country,capacity\nx,MEX,9\ny,CRI,9\n",
            None,
        );
        f.quotas = Some(("q.csv", b"country,persons\nMEX,100\nCRI,0\n"));
        let inst = read(&f).unwrap();
        assert_eq!(
            inst.quotas[0],
            Quota {
                country: "MEX".into(),
                min: 95,
                max: 105
            }
        );
        // 1.15 is 1.1499… in binary: the limits are still 85 and 115.
        f.tolerance = 0.15;
        let inst = read(&f).unwrap();
        assert_eq!((inst.quotas[0].min, inst.quotas[0].max), (85, 115));
        f.quotas = Some(("q.csv", b"country,min,max\nMEX,3,2\n"));
        assert!(
            read(&f).unwrap_err().messages()[0].contains("lower limit (3) above its upper one (2)")
        );
    }
}

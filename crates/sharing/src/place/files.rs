//! The placement files as the command line and the API receive them:
//! cases `id,size,needs` (needs `;`-separated), sites
//! `id,country,capacity,services`, scores `case,site,score`, quotas
//! `country,persons` (with a tolerance) or `country,min,max`. Other columns
//! are allowed and ignored (the generator adds the features a model of
//! outcomes is trained on). Every problem is reported with its file, line
//! and column, and nothing is computed while any remains.

use std::collections::HashMap;

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

/// At most this many problems are listed; the count says how many more.
const MAX_PROBLEMS: usize = 50;

struct Table<'a> {
    name: &'a str,
    reader: csv::Reader<&'a [u8]>,
    columns: Vec<String>,
}

impl<'a> Table<'a> {
    fn open(name: &'a str, bytes: &'a [u8], problems: &mut Vec<String>) -> Option<Table<'a>> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(bytes);
        match reader.headers() {
            Ok(h) => {
                let columns = h.iter().map(|c| c.trim().to_ascii_lowercase()).collect();
                Some(Table {
                    name,
                    reader,
                    columns,
                })
            }
            Err(e) => {
                problems.push(format!("{name}:1: cannot read the header row: {e}"));
                None
            }
        }
    }

    fn column(&self, wanted: &str, problems: &mut Vec<String>) -> Option<usize> {
        let at = self.columns.iter().position(|c| c == wanted);
        if at.is_none() {
            problems.push(format!(
                "{}:1: no column '{wanted}' (the columns are {})",
                self.name,
                self.columns.join(", ")
            ));
        }
        at
    }

    /// Each row with its line, or the problem that stopped the reading.
    fn rows(
        &mut self,
        problems: &mut Vec<String>,
        mut each: impl FnMut(u64, &csv::ByteRecord, &mut Vec<String>),
    ) {
        let mut record = csv::ByteRecord::new();
        loop {
            match self.reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    each(line, &record, problems);
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    problems.push(format!(
                        "{}:{line}: {}",
                        self.name,
                        match e.kind() {
                            csv::ErrorKind::UnequalLengths { expected_len, len, .. } =>
                                format!("{len} fields where the header has {expected_len}: quote any field that holds a comma"),
                            csv::ErrorKind::Utf8 { .. } => "not UTF-8 text: save the file as UTF-8".into(),
                            _ => e.to_string(),
                        }
                    ));
                    break;
                }
            }
        }
    }
}

fn text(r: &csv::ByteRecord, k: usize) -> &str {
    std::str::from_utf8(r.get(k).unwrap_or_default())
        .unwrap_or("")
        .trim()
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

/// The instance the files describe, or every problem found in them.
pub fn read(f: &Files) -> Result<Instance, Vec<String>> {
    let mut problems = Vec::new();
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
    for q in &quotas {
        if !sites.iter().any(|s| s.country == q.country) {
            problems.push(format!(
                "{}: quota for {}, but no site is in that country",
                f.quotas.map_or("", |q| q.0),
                q.country
            ));
        }
    }
    if !problems.is_empty() {
        let n = problems.len();
        if n > MAX_PROBLEMS {
            problems.truncate(MAX_PROBLEMS);
            problems.push(format!("… and {} more problems", n - MAX_PROBLEMS));
        }
        return Err(problems);
    }
    drop(case_index);
    drop(site_index);
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

fn read_cases((name, bytes): (&str, &[u8]), problems: &mut Vec<String>) -> Vec<Case> {
    let mut out = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let (Some(id), Some(size)) = (t.column("id", problems), t.column("size", problems)) else {
        return out;
    };
    let needs = t.columns.iter().position(|c| c == "needs");
    let mut seen: HashMap<String, u64> = HashMap::new();
    t.rows(problems, |line, r, problems| {
        let cid = text(r, id);
        if cid.is_empty() {
            problems.push(format!("{name}:{line}:{}: the case has no id", id + 1));
            return;
        }
        if let Some(first) = seen.insert(cid.to_string(), line) {
            problems.push(format!(
                "{name}:{line}:{}: case {cid} is given twice (first on line {first})",
                id + 1
            ));
        }
        let raw = text(r, size);
        let s = match raw.parse::<u32>() {
            Ok(s) if s > 0 => s,
            _ => {
                problems.push(format!(
                    "{name}:{line}:{}: size of case {cid} is '{raw}': give the number of persons, a whole number from 1",
                    size + 1
                ));
                0
            }
        };
        out.push(Case {
            id: cid.to_string(),
            size: s,
            needs: needs.map(|k| list(text(r, k))).unwrap_or_default(),
        });
    });
    out
}

fn read_sites((name, bytes): (&str, &[u8]), problems: &mut Vec<String>) -> Vec<Site> {
    let mut out = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let cols = ["id", "country", "capacity"].map(|c| t.column(c, problems));
    let [Some(id), Some(country), Some(capacity)] = cols else {
        return out;
    };
    let services = t.columns.iter().position(|c| c == "services");
    let mut seen: HashMap<String, u64> = HashMap::new();
    t.rows(problems, |line, r, problems| {
        let sid = text(r, id);
        if sid.is_empty() {
            problems.push(format!("{name}:{line}:{}: the site has no id", id + 1));
            return;
        }
        if let Some(first) = seen.insert(sid.to_string(), line) {
            problems.push(format!(
                "{name}:{line}:{}: site {sid} is given twice (first on line {first})",
                id + 1
            ));
        }
        let raw_c = text(r, country);
        let code = country_code(raw_c).unwrap_or_else(|| {
            problems.push(format!(
                "{name}:{line}:{}: '{raw_c}' is not a country: give its ISO 3166-1 alpha-3 code (MEX, CRI, …)",
                country + 1
            ));
            String::new()
        });
        let raw = text(r, capacity);
        let cap = raw.parse::<u64>().unwrap_or_else(|_| {
            problems.push(format!(
                "{name}:{line}:{}: capacity of site {sid} is '{raw}': give the persons it can receive, a whole number from 0",
                capacity + 1
            ));
            0
        });
        out.push(Site {
            id: sid.to_string(),
            country: code,
            capacity: cap,
            services: services.map(|k| list(text(r, k))).unwrap_or_default(),
        });
    });
    out
}

fn read_scores(
    (name, bytes): (&str, &[u8]),
    cases: &HashMap<&str, u32>,
    sites: &HashMap<&str, u32>,
    problems: &mut Vec<String>,
) -> Vec<(u32, u32, f64)> {
    let mut out = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let cols = ["case", "site", "score"].map(|c| t.column(c, problems));
    let [Some(c), Some(s), Some(v)] = cols else {
        return out;
    };
    t.rows(problems, |line, r, problems| {
        if problems.len() > MAX_PROBLEMS {
            return;
        }
        let (ct, st, vt) = (text(r, c), text(r, s), text(r, v));
        let Some(&i) = cases.get(ct) else {
            problems.push(format!(
                "{name}:{line}:{}: no case '{ct}' in the cases file",
                c + 1
            ));
            return;
        };
        let Some(&j) = sites.get(st) else {
            problems.push(format!(
                "{name}:{line}:{}: no site '{st}' in the sites file",
                s + 1
            ));
            return;
        };
        match vt.parse::<f64>() {
            Ok(x) if x.is_finite() => out.push((i, j, x)),
            _ => problems.push(format!(
                "{name}:{line}:{}: score '{vt}' is not a number",
                v + 1
            )),
        }
    });
    out.sort_unstable_by_key(|&(i, j, _)| (i, j));
    if let Some(w) = out
        .windows(2)
        .find(|w| (w[0].0, w[0].1) == (w[1].0, w[1].1))
    {
        problems.push(format!(
            "{name}: the pair of case {} and site {} is scored twice",
            cases
                .iter()
                .find(|(_, &i)| i == w[0].0)
                .map_or("?", |(k, _)| k),
            sites
                .iter()
                .find(|(_, &j)| j == w[0].1)
                .map_or("?", |(k, _)| k),
        ));
    }
    out
}

fn read_quotas(
    (name, bytes): (&str, &[u8]),
    tolerance: f64,
    problems: &mut Vec<String>,
) -> Vec<Quota> {
    let mut out: Vec<Quota> = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let Some(country) = t.column("country", problems) else {
        return out;
    };
    let at = |c: &str| t.columns.iter().position(|x| x == c);
    let (persons, min, max) = (at("persons"), at("min"), at("max"));
    if persons.is_none() && (min.is_none() || max.is_none()) {
        problems.push(format!(
            "{name}:1: give a column 'persons' (a target, with the tolerance) or the columns 'min' and 'max'"
        ));
        return out;
    }
    let number = |r: &csv::ByteRecord, k: usize, line: u64, problems: &mut Vec<String>| {
        let raw = text(r, k);
        raw.parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .unwrap_or_else(|| {
                problems.push(format!(
                    "{name}:{line}:{}: '{raw}' is not a number of persons",
                    k + 1
                ));
                0.0
            })
    };
    t.rows(problems, |line, r, problems| {
        let raw_c = text(r, country);
        let Some(code) = country_code(raw_c) else {
            problems.push(format!(
                "{name}:{line}:{}: '{raw_c}' is not a country",
                country + 1
            ));
            return;
        };
        if out.iter().any(|q| q.country == code) {
            problems.push(format!(
                "{name}:{line}:{}: {code} is given twice",
                country + 1
            ));
            return;
        }
        let (lo, hi) = match (min, max) {
            (Some(a), Some(b)) => (
                number(r, a, line, problems).ceil() as u64,
                number(r, b, line, problems).floor() as u64,
            ),
            _ => {
                let p = number(r, persons.expect("checked above"), line, problems);
                (
                    (p * (1.0 - tolerance)).ceil() as u64,
                    (p * (1.0 + tolerance)).floor() as u64,
                )
            }
        };
        if lo > hi {
            problems.push(format!(
                "{name}:{line}: the quota of {code} has a lower limit ({lo}) above its upper one ({hi})"
            ));
        }
        out.push(Quota {
            country: code,
            min: lo,
            max: hi,
        });
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
        let all = e.join("\n");
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
        f.quotas = Some(("q.csv", b"country,min,max\nMEX,3,2\n"));
        assert!(read(&f).unwrap_err()[0].contains("lower limit (3) above its upper one (2)"));
    }
}

//! Pathways, workers and vacancies, and the CSV layouts they are read from
//! (lists `;`-separated; other columns are allowed and ignored):
//!
//! - pathways `id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source`
//!   and, when present, `residences`;
//! - workers `id,nationality,residence,isco,experience_years,languages,skills,consent`;
//! - vacancies `id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end`.
//!
//! Every code is checked where it is read: countries against the model's
//! ISO 3166-1 table, occupations against ISCO-08 ([`crate::isco`]),
//! languages against ISO 639-1, a vacancy's pathway against the pathways
//! read. Each problem names its file, line and column.
//!
//! Each may also be a JSON array of records with the same fields
//! (the `json` module: lists as arrays or `;`-separated text, `consent` as
//! `true`/`false` or text); a problem is then told at the line its record
//! starts on, with the field's name.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use corredor_ingest::Position;

use crate::isco::{self, Code};
use crate::json;
use crate::language::Language;
use crate::table::{is_id, list, FileName, Problem, ProblemKind, Row, Table, MAX_TEXT};

/// Nationalities a pathway admits.
#[derive(Debug, Clone, PartialEq)]
pub enum Origins {
    Any,
    /// ISO 3166-1 alpha-3 codes, sorted.
    Only(Vec<String>),
}

impl Origins {
    pub fn admits(&self, nationality: &str) -> bool {
        match self {
            Origins::Any => true,
            Origins::Only(codes) => codes
                .binary_search_by(|c| c.as_str().cmp(nationality))
                .is_ok(),
        }
    }
}

/// Occupations a pathway is open to.
#[derive(Debug, Clone, PartialEq)]
pub enum Occupations {
    Any,
    /// ISCO-08 groups of any level: a unit group within one of them is open.
    Within(Vec<Code>),
}

impl Occupations {
    pub fn allows(&self, unit: &Code) -> bool {
        match self {
            Occupations::Any => true,
            Occupations::Within(groups) => groups.iter().any(|g| unit.within(g)),
        }
    }
}

/// A legal pathway: a programme that lets nationals of some countries work
/// in one destination.
#[derive(Debug, Clone, PartialEq)]
pub struct Pathway {
    pub id: String,
    pub name: String,
    pub origins: Origins,
    /// Countries the worker must reside in, when the programme says so
    /// (the Safe Mobility offices); `None` for anywhere.
    pub residences: Option<Vec<String>>,
    pub destination: String,
    pub occupations: Occupations,
    /// Places per year; `None` for no quota.
    pub quota: Option<u64>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Every one of them is required.
    pub languages: Vec<Language>,
    pub min_experience: f64,
    pub source: String,
}

/// A person willing to work abroad, under a pseudonymous id.
#[derive(Debug, Clone, PartialEq)]
pub struct Worker {
    pub id: String,
    pub nationality: String,
    pub residence: String,
    /// ISCO-08 unit groups, at least one.
    pub isco: Vec<Code>,
    pub experience_years: f64,
    pub languages: Vec<Language>,
    /// Free tags or ESCO skill URIs, lower case, sorted.
    pub skills: Vec<String>,
    pub consent: bool,
}

/// Places an employer offers in one occupation, under one pathway.
#[derive(Debug, Clone, PartialEq)]
pub struct Vacancy {
    pub id: String,
    pub employer: String,
    pub country: String,
    pub isco: Code,
    pub places: u32,
    /// The languages the job is done in: a worker must speak at least one.
    pub languages: Vec<Language>,
    pub min_experience: f64,
    /// Lower case, sorted.
    pub skills: Vec<String>,
    /// Index into the pathways.
    pub pathway: usize,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
}

/// A record as read, with where the cells that later checks name are:
/// its id, its country (a worker's residence, a vacancy's country, a
/// pathway's destination) and, for a vacancy, its employer.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub item: T,
    pub id_at: Position,
    pub country_at: Position,
    pub employer_at: Option<Position>,
}

fn located<T>(
    item: T,
    row: &Row,
    [id, country]: [usize; 2],
    employer: Option<usize>,
) -> Located<T> {
    Located {
        item,
        id_at: row.at(id),
        country_at: row.at(country),
        employer_at: employer.map(|c| row.at(c)),
    }
}

fn items<T>(located: Vec<Located<T>>) -> Vec<T> {
    located.into_iter().map(|l| l.item).collect()
}

fn country(t: &FileName, row: &Row, col: usize, problems: &mut Vec<Problem>) -> String {
    let text = row.cell(col);
    match corredor_model::country::by_code(&text.to_ascii_uppercase()) {
        Some(c) if text.len() == 3 => c.alpha3.to_string(),
        _ => {
            problems.push(t.at(row, col, ProblemKind::Country(text.to_string())));
            String::new()
        }
    }
}

fn countries(t: &FileName, row: &Row, col: usize, problems: &mut Vec<Problem>) -> Vec<String> {
    let mut out = Vec::new();
    for item in list(row.cell(col)) {
        match corredor_model::country::by_code(&item.to_ascii_uppercase()) {
            Some(c) if item.len() == 3 => out.push(c.alpha3.to_string()),
            _ => problems.push(t.at(row, col, ProblemKind::Country(item.to_string()))),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn languages(t: &FileName, row: &Row, col: usize, problems: &mut Vec<Problem>) -> Vec<Language> {
    let mut out = Vec::new();
    for item in list(row.cell(col)) {
        match Language::parse(item) {
            Some(l) => out.push(l),
            None => problems.push(t.at(row, col, ProblemKind::Language(item.to_string()))),
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Free text from a cell (an id, a name, a source, an employer, a skill),
/// refused where a spreadsheet would read it as a formula (every list and
/// export hands it to the next spreadsheet) or where it holds control
/// characters.
fn text(t: &FileName, row: &Row, col: usize, text: &str, problems: &mut Vec<Problem>) {
    use corredor_model::record::{unsafe_text, UnsafeText};
    match unsafe_text(text) {
        Some(UnsafeText::Control) => problems.push(t.at(row, col, ProblemKind::Control)),
        Some(UnsafeText::Formula) => {
            problems.push(t.at(row, col, ProblemKind::Formula(text.to_string())))
        }
        None if text.chars().count() > MAX_TEXT => {
            problems.push(t.at(row, col, ProblemKind::TooLong(MAX_TEXT)))
        }
        None => {}
    }
}

/// A cell of free text, checked as [`text`] says.
fn free(t: &FileName, row: &Row, col: usize, problems: &mut Vec<Problem>) -> String {
    let cell = row.cell(col);
    text(t, row, col, cell, problems);
    cell.to_string()
}

fn skills(t: &FileName, row: &Row, col: usize, problems: &mut Vec<Problem>) -> Vec<String> {
    let mut out: Vec<String> = list(row.cell(col))
        .inspect(|s| text(t, row, col, s, problems))
        .map(str::to_lowercase)
        .collect();
    out.sort();
    out.dedup();
    out
}

fn date(t: &FileName, row: &Row, col: usize, problems: &mut Vec<Problem>) -> Option<NaiveDate> {
    let text = row.cell(col);
    if text.is_empty() {
        return None;
    }
    match corredor_model::period::iso_day(text) {
        // A year a figure may not be dated in is a typing mistake
        // ("20250-01-01" is no date; "2205-01-01" is one).
        Some(d) if !corredor_model::period::YEARS.contains(&d.year()) => {
            problems.push(t.at(row, col, ProblemKind::DateOutside(text.to_string())));
            None
        }
        Some(d) => Some(d),
        None => {
            problems.push(t.at(row, col, ProblemKind::Date(text.to_string())));
            None
        }
    }
}

fn dates(
    t: &FileName,
    row: &Row,
    [s, e]: [usize; 2],
    problems: &mut Vec<Problem>,
) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (start, end) = (date(t, row, s, problems), date(t, row, e, problems));
    if let (Some(a), Some(b)) = (start, end) {
        if b < a {
            problems.push(t.at(
                row,
                e,
                ProblemKind::EndBeforeStart {
                    start: a.to_string(),
                    end: b.to_string(),
                },
            ));
        }
    }
    (start, end)
}

fn years(t: &FileName, row: &Row, col: usize, problems: &mut Vec<Problem>) -> f64 {
    let text = row.cell(col);
    if text.is_empty() {
        return 0.0;
    }
    // A working life: a figure beyond it (1e308) is a mistake, and would
    // outweigh every other part of a worker's score.
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=80.0).contains(&v) => v,
        _ => {
            problems.push(t.at(row, col, ProblemKind::Years(text.to_string())));
            0.0
        }
    }
}

fn count(
    t: &FileName,
    row: &Row,
    col: usize,
    what: &'static str,
    problems: &mut Vec<Problem>,
) -> u64 {
    let text = row.cell(col);
    text.parse::<u64>()
        .ok()
        .filter(|n| *n <= 10_000_000)
        .unwrap_or_else(|| {
            problems.push(t.at(
                row,
                col,
                ProblemKind::Count {
                    what,
                    value: text.to_string(),
                },
            ));
            0
        })
}

/// The row's id, refused when empty or seen before within `scope` (a
/// worker's country of residence: each country keeps its own ids).
fn id(
    t: &FileName,
    row: &Row,
    col: usize,
    what: &'static str,
    scope: &str,
    seen: &mut HashMap<String, u64>,
    problems: &mut Vec<Problem>,
) -> String {
    let before = problems.len();
    let id = free(t, row, col, problems);
    if id.is_empty() {
        problems.push(t.at(row, col, ProblemKind::Empty(what)));
    } else if problems.len() > before {
        // Said already: a formula or a control character.
    } else if !is_id(&id) {
        problems.push(t.at(
            row,
            col,
            ProblemKind::Id(corredor_model::record::preview(&id)),
        ));
    } else if let Some(first) = seen.insert(format!("{scope}\u{1f}{id}"), row.line) {
        problems.push(t.at(
            row,
            col,
            ProblemKind::Duplicate {
                what,
                id: id.clone(),
                first,
            },
        ));
    }
    id
}

pub fn read_pathways(name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Vec<Pathway> {
    items(read_pathways_located(name, bytes, problems))
}

/// The columns of each layout, in order.
pub const PATHWAY_COLUMNS: [&str; 11] = [
    "id",
    "name",
    "origins",
    "destination",
    "occupations",
    "quota",
    "start",
    "end",
    "languages",
    "min_experience",
    "source",
];
pub const WORKER_COLUMNS: [&str; 8] = [
    "id",
    "nationality",
    "residence",
    "isco",
    "experience_years",
    "languages",
    "skills",
    "consent",
];
pub const VACANCY_COLUMNS: [&str; 11] = [
    "id",
    "employer",
    "country",
    "isco",
    "places",
    "languages",
    "min_experience",
    "skills",
    "pathway",
    "start",
    "end",
];

/// Reads JSON records through the CSV reader `read`, telling problems and
/// cells where they are in the JSON file.
fn via_json<T>(
    name: &str,
    bytes: &[u8],
    columns: &[&'static str],
    problems: &mut Vec<Problem>,
    read: impl FnOnce(&str, &[u8], &mut Vec<Problem>) -> Vec<Located<T>>,
) -> Vec<Located<T>> {
    let Some(csv) = json::as_csv(name, bytes, columns, problems) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let out = read(name, csv.text.as_bytes(), &mut found);
    problems.extend(found.into_iter().map(|p| csv.problem(p)));
    out.into_iter()
        .map(|l| Located {
            id_at: csv.position(&l.id_at),
            country_at: csv.position(&l.country_at),
            employer_at: l.employer_at.map(|p| csv.position(&p)),
            item: l.item,
        })
        .collect()
}

/// [`read_pathways`], with where each one's cells are. A file whose first
/// character is `[` is read as a JSON array of records (the `json` module).
pub fn read_pathways_located(
    name: &str,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> Vec<Located<Pathway>> {
    if json::is_json(bytes) {
        let mut columns = PATHWAY_COLUMNS.to_vec();
        columns.push("residences");
        return via_json(name, bytes, &columns, problems, pathways_csv);
    }
    pathways_csv(name, bytes, problems)
}

fn pathways_csv(name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Vec<Located<Pathway>> {
    let mut out = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let Some([id_c, name_c, orig_c, dest_c, occ_c, quota_c, start_c, end_c, lang_c, exp_c, src_c]) =
        t.columns(
            [
                "id",
                "name",
                "origins",
                "destination",
                "occupations",
                "quota",
                "start",
                "end",
                "languages",
                "min_experience",
                "source",
            ],
            problems,
        )
    else {
        return out;
    };
    let res_c = t.optional("residences");
    let mut seen = HashMap::new();
    t.rows(problems, |t, row, problems| {
        let id = id(t, row, id_c, "pathway id", "", &mut seen, problems);
        let origins = if row.cell(orig_c) == "*" {
            Origins::Any
        } else {
            Origins::Only(countries(t, row, orig_c, problems))
        };
        let residences = res_c
            .filter(|&c| !row.cell(c).is_empty())
            .map(|c| countries(t, row, c, problems));
        let destination = country(t, row, dest_c, problems);
        let occupations = if row.cell(occ_c) == "*" {
            Occupations::Any
        } else {
            let mut groups = Vec::new();
            for item in list(row.cell(occ_c)) {
                match isco::group(item) {
                    Ok(g) => groups.push(g),
                    Err(e) => problems.push(t.at(row, occ_c, e.into())),
                }
            }
            if groups.is_empty() && row.cell(occ_c).is_empty() {
                problems.push(t.at(
                    row,
                    occ_c,
                    ProblemKind::Empty("occupations list (use * for any)"),
                ));
            }
            Occupations::Within(groups)
        };
        let quota_text = row.cell(quota_c);
        let quota = if quota_text.is_empty() {
            None
        } else if quota_text.parse::<f64>().is_ok_and(|q| q < 0.0) {
            problems.push(t.at(
                row,
                quota_c,
                ProblemKind::NegativeQuota(quota_text.to_string()),
            ));
            None
        } else {
            Some(count(t, row, quota_c, "places per year", problems))
        };
        let (start, end) = dates(t, row, [start_c, end_c], problems);
        let p = Pathway {
            id,
            name: free(t, row, name_c, problems),
            origins,
            residences,
            destination,
            occupations,
            quota,
            start,
            end,
            languages: languages(t, row, lang_c, problems),
            min_experience: years(t, row, exp_c, problems),
            source: free(t, row, src_c, problems),
        };
        out.push(located(p, row, [id_c, dest_c], None));
    });
    out
}

pub fn read_workers(name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Vec<Worker> {
    items(read_workers_located(name, bytes, problems))
}

/// [`read_workers`], with where each one's cells are; CSV or JSON.
pub fn read_workers_located(
    name: &str,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> Vec<Located<Worker>> {
    if json::is_json(bytes) {
        return via_json(name, bytes, &WORKER_COLUMNS, problems, workers_csv);
    }
    workers_csv(name, bytes, problems)
}

fn workers_csv(name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Vec<Located<Worker>> {
    let mut out = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let Some([id_c, nat_c, res_c, isco_c, exp_c, lang_c, skill_c, consent_c]) = t.columns(
        [
            "id",
            "nationality",
            "residence",
            "isco",
            "experience_years",
            "languages",
            "skills",
            "consent",
        ],
        problems,
    ) else {
        return out;
    };
    let mut seen = HashMap::new();
    t.rows(problems, |t, row, problems| {
        // Each country keeps its own ids: two may both have a W-0001.
        let scope = row.cell(res_c).to_ascii_uppercase();
        let id = id(t, row, id_c, "worker id", &scope, &mut seen, problems);
        let mut codes = Vec::new();
        for item in list(row.cell(isco_c)) {
            match isco::unit(item) {
                Ok(c) => codes.push(c),
                Err(e) => problems.push(t.at(row, isco_c, e.into())),
            }
        }
        if row.cell(isco_c).is_empty() {
            problems.push(t.at(
                row,
                isco_c,
                ProblemKind::Empty("occupation (an ISCO-08 unit group)"),
            ));
        }
        codes.sort();
        codes.dedup();
        let consent = match row.cell(consent_c).to_ascii_lowercase().as_str() {
            "yes" => true,
            "no" => false,
            other => {
                problems.push(t.at(row, consent_c, ProblemKind::Consent(other.to_string())));
                false
            }
        };
        let w = Worker {
            id,
            nationality: country(t, row, nat_c, problems),
            residence: country(t, row, res_c, problems),
            isco: codes,
            experience_years: years(t, row, exp_c, problems),
            languages: languages(t, row, lang_c, problems),
            skills: skills(t, row, skill_c, problems),
            consent,
        };
        out.push(located(w, row, [id_c, res_c], None));
    });
    out
}

pub fn read_vacancies(
    name: &str,
    bytes: &[u8],
    pathways: &[Pathway],
    problems: &mut Vec<Problem>,
) -> Vec<Vacancy> {
    items(read_vacancies_located(name, bytes, pathways, problems))
}

/// [`read_vacancies`], with where each one's cells are; CSV or JSON.
pub fn read_vacancies_located(
    name: &str,
    bytes: &[u8],
    pathways: &[Pathway],
    problems: &mut Vec<Problem>,
) -> Vec<Located<Vacancy>> {
    if json::is_json(bytes) {
        return via_json(name, bytes, &VACANCY_COLUMNS, problems, |n, b, p| {
            vacancies_csv(n, b, pathways, p)
        });
    }
    vacancies_csv(name, bytes, pathways, problems)
}

fn vacancies_csv(
    name: &str,
    bytes: &[u8],
    pathways: &[Pathway],
    problems: &mut Vec<Problem>,
) -> Vec<Located<Vacancy>> {
    let mut out = Vec::new();
    let Some(mut t) = Table::open(name, bytes, problems) else {
        return out;
    };
    let Some(
        [id_c, emp_c, country_c, isco_c, places_c, lang_c, exp_c, skill_c, path_c, start_c, end_c],
    ) = t.columns(
        [
            "id",
            "employer",
            "country",
            "isco",
            "places",
            "languages",
            "min_experience",
            "skills",
            "pathway",
            "start",
            "end",
        ],
        problems,
    )
    else {
        return out;
    };
    let by_id: HashMap<&str, usize> = pathways
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), k))
        .collect();
    let mut seen = HashMap::new();
    t.rows(problems, |t, row, problems| {
        let id = id(t, row, id_c, "vacancy id", "", &mut seen, problems);
        let isco = match isco::unit(row.cell(isco_c)) {
            Ok(c) => Some(c),
            Err(e) => {
                problems.push(t.at(row, isco_c, e.into()));
                None
            }
        };
        let pathway = by_id.get(row.cell(path_c)).copied();
        if pathway.is_none() {
            problems.push(t.at(
                row,
                path_c,
                ProblemKind::UnknownPathway(row.cell(path_c).to_string()),
            ));
        }
        // At most 10,000,000 (`count`), so within a u32.
        let places = u32::try_from(count(t, row, places_c, "places", problems)).unwrap_or(0);
        let (start, end) = dates(t, row, [start_c, end_c], problems);
        // Every cell is checked before a row without its occupation or
        // pathway is left out, so that one pass names all its problems.
        let country = country(t, row, country_c, problems);
        let languages = languages(t, row, lang_c, problems);
        let min_experience = years(t, row, exp_c, problems);
        let employer = free(t, row, emp_c, problems);
        let skills = skills(t, row, skill_c, problems);
        let (Some(isco), Some(pathway)) = (isco, pathway) else {
            return;
        };
        let v = Vacancy {
            id,
            employer,
            country,
            isco,
            places,
            languages,
            min_experience,
            skills,
            pathway,
            start,
            end,
        };
        out.push(located(v, row, [id_c, country_c], Some(emp_c)));
    });
    out
}

#[cfg(test)]
#[path = "records_tests.rs"]
mod cell_tests;

#[cfg(test)]
mod json_tests {
    use super::*;

    #[test]
    fn json_records_read_as_their_csv_and_problems_name_line_and_field() {
        let json = br#"[
  {"id": "W1", "nationality": "HND", "residence": "HND", "isco": ["9211", "6111"],
   "experience_years": 3, "languages": ["es"], "skills": "harvest;pruning", "consent": true},
  {"id": "W2", "nationality": "HND", "residence": "HND", "isco": "9211",
   "experience_years": 0.5, "languages": "es", "skills": [], "consent": false}
]"#;
        let mut problems = Vec::new();
        let json_read = read_workers("w.json", json, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        let csv = b"id,nationality,residence,isco,experience_years,languages,skills,consent\n\
W1,HND,HND,9211;6111,3,es,harvest;pruning,yes\nW2,HND,HND,9211,0.5,es,,no\n";
        assert_eq!(json_read, read_workers("w.csv", csv, &mut problems));

        let bad = br#"[
  {"id": "W1", "nationality": "HND", "residence": "HND", "isco": "9211", "consent": true},

  {"id": "W1", "nationality": "XQZ", "residence": "HND", "isco": "9999",
   "consent": "perhaps"}
]"#;
        let mut problems = Vec::new();
        read_workers("w.json", bad, &mut problems);
        let text: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        // Each problem is where its field is named.
        for at in [
            "w.json:4:4: id:",
            "w.json:4:16: nationality:",
            "w.json:4:58: isco:",
            "w.json:5:4: consent:",
        ] {
            assert!(text.iter().any(|t| t.starts_with(at)), "{at} in {text:?}");
        }
        assert!(text
            .iter()
            .all(|t| t.starts_with("w.json:4:") || t.starts_with("w.json:5:")));
        let mut problems = Vec::new();
        read_workers("w.json", b"[{\"id\": 1,", &mut problems);
        assert!(
            problems[0].to_string().starts_with("w.json:1:"),
            "{problems:?}"
        );
    }

    use proptest::prelude::*;

    proptest! {
        /// Any workers written as CSV and as JSON read the same.
        #[test]
        fn json_and_csv_read_alike(
            rows in proptest::collection::vec(
                (
                    prop::sample::select(vec!["HND", "GTM", "xqz", "VEN"]),
                    prop::sample::select(vec!["9211", "6111;9212", "0000", ""]),
                    0u32..40,
                    prop::sample::select(vec!["es", "es;en", "", "zz"]),
                    prop::sample::select(vec!["harvest", "a \"quoted\" tag", "", "x;y"]),
                    any::<bool>(),
                ),
                0..6,
            )
        ) {
            let mut csv = String::from("id,nationality,residence,isco,experience_years,languages,skills,consent\n");
            let mut json = Vec::new();
            for (k, (nat, isco, years, langs, skills, consent)) in rows.iter().enumerate() {
                let quoted = format!("\"{}\"", skills.replace('"', "\"\""));
                csv.push_str(&format!(
                    "W{k},{nat},{nat},{isco},{years},{langs},{quoted},{}\n",
                    if *consent { "yes" } else { "no" }
                ));
                json.push(serde_json::json!({
                    "id": format!("W{k}"), "nationality": nat, "residence": nat,
                    "isco": isco, "experience_years": years, "languages": langs,
                    "skills": skills, "consent": consent,
                }));
            }
            let json = serde_json::to_string_pretty(&json).unwrap();
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let from_csv = read_workers("w", csv.as_bytes(), &mut a);
            let from_json = read_workers("w", json.as_bytes(), &mut b);
            prop_assert_eq!(from_csv, from_json);
            prop_assert_eq!(a.len(), b.len());
        }
    }
}

//! `corredor labour match`, `generate` and `pathway`: every match result
//! checked by a checker that reads the input files itself (eligibility by
//! pathway, quotas, places, one match per worker, the score and the
//! objective recomputed), and bad files refused with their file, line and
//! column, printing no result.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Output};

fn corredor(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corredor"))
        .args(args)
        .env_remove("CORREDOR_DB")
        .env_remove("CORREDOR_ORG")
        .output()
        .expect("run corredor")
}

fn ok(args: &[&str]) -> String {
    let out = corredor(args);
    assert!(
        out.status.success(),
        "corredor {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut rd = csv::Reader::from_path(path).expect("open");
    let headers = rd.headers().expect("header").clone();
    rd.records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.trim().to_string(), v.trim().to_string()))
                .collect()
        })
        .collect()
}

fn set(cell: &str) -> BTreeSet<String> {
    cell.split(';')
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn years(cell: &str) -> f64 {
    if cell.is_empty() {
        0.0
    } else {
        cell.parse().unwrap()
    }
}

/// The score of an eligible pair as the documentation of
/// `corredor_labour::fit` defines it, or `None` when the pair is not
/// eligible. Written from the rule, not from the crate's code.
fn score(
    p: &HashMap<String, String>,
    w: &HashMap<String, String>,
    v: &HashMap<String, String>,
) -> Option<f64> {
    let origins = set(&p["origins"]);
    let nationality = w["nationality"].to_lowercase();
    if w["consent"] != "yes" || !(p["origins"] == "*" || origins.contains(&nationality)) {
        return None;
    }
    if let Some(r) = p.get("residences").filter(|r| !r.is_empty()) {
        if !set(r).contains(&w["residence"].to_lowercase()) {
            return None;
        }
    }
    if p["destination"] != v["country"] {
        return None;
    }
    let unit = &v["isco"];
    if p["occupations"] != "*"
        && !set(&p["occupations"])
            .iter()
            .any(|g| unit.starts_with(g.as_str()))
    {
        return None;
    }
    let own = set(&w["isco"]);
    let distance = if own.contains(unit) {
        0
    } else if own.iter().any(|c| c[..3] == unit[..3]) {
        1
    } else {
        return None;
    };
    let asked = years(&p["min_experience"]).max(years(&v["min_experience"]));
    let has = years(&w["experience_years"]);
    let spoken = set(&w["languages"]);
    if has < asked || !set(&p["languages"]).is_subset(&spoken) {
        return None;
    }
    let vl = set(&v["languages"]);
    let common = vl.intersection(&spoken).count();
    if !vl.is_empty() && common == 0 {
        return None;
    }
    let vs = set(&v["skills"]);
    let held = vs.intersection(&set(&w["skills"])).count();
    let share = |k: usize, n: usize| if n == 0 { 1.0 } else { k as f64 / n as f64 };
    let s = 40.0 * if distance == 0 { 1.0 } else { 0.5 }
        + 20.0 * (has / (asked + 5.0)).min(1.0)
        + 20.0 * share(common, vl.len())
        + 20.0 * share(held, vs.len());
    Some((s * 100.0).round() / 100.0)
}

/// Checks a match result against the files; returns the objective it
/// recomputes.
fn check(dir: &Path, result: &serde_json::Value, scores: Option<&Path>) -> f64 {
    let by_id = |name: &str| -> HashMap<String, HashMap<String, String>> {
        rows(&dir.join(name))
            .into_iter()
            .map(|r| (r["id"].clone(), r))
            .collect()
    };
    let (pathways, workers, vacancies) = (
        by_id("pathways.csv"),
        by_id("workers.csv"),
        by_id("vacancies.csv"),
    );
    let given: Option<HashMap<(String, String), f64>> = scores.map(|s| {
        rows(s)
            .into_iter()
            .map(|r| {
                (
                    (r["worker"].clone(), r["vacancy"].clone()),
                    r["score"].parse().unwrap(),
                )
            })
            .collect()
    });
    let mut matched = BTreeSet::new();
    let mut places: HashMap<String, u64> = HashMap::new();
    let mut by_pathway: HashMap<String, u64> = HashMap::new();
    let mut objective = 0.0;
    for m in result["matches"].as_array().unwrap() {
        let (w, v) = (
            m["worker"].as_str().unwrap(),
            m["vacancy"].as_str().unwrap(),
        );
        assert!(matched.insert(w.to_string()), "{w} matched twice");
        let (wr, vr) = (&workers[w], &vacancies[v]);
        let p = &pathways[&vr["pathway"]];
        let own = score(p, wr, vr).unwrap_or_else(|| panic!("{w} is not eligible for {v}"));
        let expected = match &given {
            Some(g) => *g
                .get(&(w.to_string(), v.to_string()))
                .unwrap_or_else(|| panic!("{w},{v} is not in the scores file")),
            None => own,
        };
        let reported = m["score"].as_f64().unwrap();
        assert!(
            (reported - expected).abs() < 1e-9,
            "{w},{v}: score {reported}, expected {expected}"
        );
        assert!(!m["why"].as_str().unwrap().is_empty());
        objective += expected;
        *places.entry(v.to_string()).or_default() += 1;
        *by_pathway.entry(vr["pathway"].clone()).or_default() += 1;
    }
    for (v, n) in &places {
        let cap: u64 = vacancies[v]["places"].parse().unwrap();
        assert!(*n <= cap, "{v}: {n} workers for {cap} places");
    }
    for (p, n) in &by_pathway {
        if let Ok(q) = pathways[p]["quota"].parse::<u64>() {
            assert!(*n <= q, "pathway {p}: {n} workers over its quota of {q}");
        }
    }
    let unmatched = result["unmatched_workers"].as_array().unwrap();
    assert_eq!(
        matched.len() + unmatched.len(),
        workers.len(),
        "every worker is matched or told why not"
    );
    for u in unmatched {
        assert!(!matched.contains(u["worker"].as_str().unwrap()));
        assert!(!u["reason"].as_str().unwrap().is_empty());
    }
    for u in result["unfilled"].as_array().unwrap() {
        let v = u["vacancy"].as_str().unwrap();
        let cap: u64 = vacancies[v]["places"].parse().unwrap();
        let left = u["places"].as_u64().unwrap();
        assert_eq!(
            left,
            cap - places.get(v).copied().unwrap_or(0),
            "{v}: places left"
        );
        assert!(!u["reason"].as_str().unwrap().is_empty());
    }
    let reported = result["objective"].as_f64().unwrap();
    assert!(
        (reported - objective).abs() < 1e-6 * objective.max(1.0),
        "objective {reported}, recomputed {objective}"
    );
    let bound = result["bound"].as_f64().unwrap();
    assert!(
        bound >= objective - 1e-6,
        "bound {bound} below the objective {objective}"
    );
    objective
}

fn generate(dir: &Path, seed: &str, workers: &str, vacancies: &str) {
    let out = ok(&[
        "labour",
        "generate",
        "--seed",
        seed,
        "--workers",
        workers,
        "--vacancies",
        vacancies,
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert!(out.starts_with("SIMULATED"), "{out}");
}

fn run(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let f = |n: &str| dir.join(n).to_string_lossy().into_owned();
    let (p, w, v) = (f("pathways.csv"), f("workers.csv"), f("vacancies.csv"));
    let mut args = vec![
        "labour",
        "match",
        "--pathways",
        &p,
        "--workers",
        &w,
        "--vacancies",
        &v,
        "--json",
    ];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(&args)).expect("JSON")
}

#[test]
fn every_match_of_a_generated_instance_passes_the_independent_checker() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "3", "1500", "300");
    let r = run(dir.path(), &[]);
    let objective = check(dir.path(), &r, None);
    assert!(objective > 0.0);
    assert!(r["gap"].as_f64().unwrap() < 0.001, "gap {}", r["gap"]);
    assert_eq!(r["optimal"], true);
    for key in ["quota_full", "outbid"] {
        assert!(
            r["unmatched_workers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u["kind"] == key),
            "no worker left for {key}"
        );
    }
}

#[test]
fn with_a_scores_file_only_its_eligible_pairs_count_with_its_scores() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), "5", "200", "40");
    // Score every pair of each worker's first occupation with every vacancy
    // in it (eligible or not), by a rule of our own.
    let workers = rows(&dir.path().join("workers.csv"));
    let vacancies = rows(&dir.path().join("vacancies.csv"));
    let mut text = String::from("worker,vacancy,score\n");
    for (i, w) in workers.iter().enumerate() {
        for (j, v) in vacancies.iter().enumerate() {
            if w["isco"][..4] == v["isco"] {
                text.push_str(&format!(
                    "{},{},{}\n",
                    w["id"],
                    v["id"],
                    (i * 7 + j * 3) % 11 + 1
                ));
            }
        }
    }
    let scores = dir.path().join("scores.csv");
    std::fs::write(&scores, text).unwrap();
    let r = run(dir.path(), &["--scores", scores.to_str().unwrap()]);
    check(dir.path(), &r, Some(&scores));
    assert!(!r["matches"].as_array().unwrap().is_empty());
}

#[test]
fn the_shipped_pathways_are_listed_and_shown_with_their_sources() {
    let list = ok(&["labour", "pathway", "list"]);
    for id in [
        "SMO-USA",
        "ESP-HND-CIRC",
        "CAN-EMPP",
        "USA-H2A",
        "USA-H2B",
        "CSME-JAM",
        "MERCOSUR-BRA",
    ] {
        assert!(list.contains(id), "{id} missing:\n{list}");
    }
    let show = ok(&["labour", "pathway", "show", "USA-H2A"]);
    assert!(
        show.contains("Crop farm labourers")
            || show.contains("Agricultural, forestry and fishery labourers"),
        "{show}"
    );
    assert!(
        show.contains("source:      https://www.uscis.gov/"),
        "{show}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["labour", "pathway", "show", "USA-H2B", "--json"])).unwrap();
    assert_eq!(v["quota"], 66000);
    assert!(!corredor(&["labour", "pathway", "show", "NOPE"])
        .status
        .success());
}

const PATHWAYS: &str =
    "id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source
H2A,H-2A,MEX;GTM,USA,6;921,10,,,,0,test
";
const WORKERS: &str = "id,nationality,residence,isco,experience_years,languages,skills,consent
a,MEX,MEX,9211,5,es,harvest,yes
b,GTM,GTM,6111,1,es,,yes
";
const VACANCIES: &str =
    "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end
farm,E1,USA,9211,5,es,0,harvest,H2A,2026-03-01,2026-09-30
";

/// Runs a match on the files with one of them replaced; it must fail
/// naming `expected`, and print nothing on standard output.
fn refused(file: &str, text: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    for (name, default) in [
        ("pathways.csv", PATHWAYS),
        ("workers.csv", WORKERS),
        ("vacancies.csv", VACANCIES),
    ] {
        std::fs::write(
            dir.path().join(name),
            if name == file { text } else { default },
        )
        .unwrap();
    }
    let f = |n: &str| dir.path().join(n).to_string_lossy().into_owned();
    let out = corredor(&[
        "labour",
        "match",
        "--pathways",
        &f("pathways.csv"),
        "--workers",
        &f("workers.csv"),
        "--vacancies",
        &f("vacancies.csv"),
        "--json",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(out.stdout.is_empty(), "a refused run prints no result");
    let want = format!("{}{expected}", f(file));
    assert!(err.contains(&want), "expected '{want}' in:\n{err}");
}

#[test]
fn the_files_given_are_matched_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("pathways.csv", PATHWAYS),
        ("workers.csv", WORKERS),
        ("vacancies.csv", VACANCIES),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let r = run(dir.path(), &[]);
    // a takes a place; b grows field crops, not in the farm's minor group.
    assert_eq!(r["matches"].as_array().unwrap().len(), 1);
    assert_eq!(r["unmatched_workers"][0]["kind"], "no_pathway");
    assert!((check(dir.path(), &r, None) - r["bound"].as_f64().unwrap()).abs() < 1e-6);
}

#[test]
fn an_unknown_isco_code_is_refused_with_its_line_and_column() {
    let workers = WORKERS.replace("b,GTM,GTM,6111", "b,GTM,GTM,6119");
    refused("workers.csv", &workers, ":3:4: ISCO-08 has no group 6119");
}

#[test]
fn a_pathway_to_a_country_that_does_not_exist_is_refused() {
    let pathways = PATHWAYS.replace("MEX;GTM,USA", "MEX;GTM,XYZ");
    refused("pathways.csv", &pathways, ":2:4: unknown country 'XYZ'");
}

#[test]
fn a_quota_below_zero_is_refused() {
    let pathways = PATHWAYS.replace("6;921,10", "6;921,-5");
    refused(
        "pathways.csv",
        &pathways,
        ":2:6: the quota is below zero (-5)",
    );
}

#[test]
fn a_duplicate_worker_id_is_refused_naming_the_first() {
    // The same id of the same country of residence (another country's
    // `a` is another worker).
    let workers = format!("{WORKERS}a,HND,MEX,9211,2,es,,yes\n");
    refused(
        "workers.csv",
        &workers,
        ":4:1: worker id 'a' is given twice (first on line 2)",
    );
}

#[test]
fn a_vacancy_under_an_unknown_pathway_is_refused() {
    let vacancies = VACANCIES.replace(",H2A,", ",H2C,");
    refused(
        "vacancies.csv",
        &vacancies,
        ":2:9: no pathway 'H2C' in the pathways file",
    );
}

#[test]
fn a_refused_labour_file_leaves_no_store_behind_and_an_accepted_one_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("l.db");
    let run = |args: &[&str]| common::corredor_at(&db, args);
    let bad = dir.path().join("workers.csv");
    std::fs::write(
        &bad,
        "id,nationality,residence,isco,experience_years,languages,skills,consent\nW1,XQZ,HND,9211,3,es,,yes\n",
    )
    .unwrap();
    let refused = run(&["labour", "import", "workers", bad.to_str().unwrap()]);
    assert!(!refused.status.success());
    assert!(!db.exists(), "a refused first import left a store behind");
    let pathways = dir.path().join("pathways.csv");
    std::fs::write(&pathways, corredor_labour::seed::PATHWAYS_CSV).unwrap();
    let added = run(&["labour", "pathway", "add", pathways.to_str().unwrap()]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    assert!(db.exists());
}

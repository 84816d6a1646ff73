//! `corredor share place`, `share generate`, `share train`: every placement
//! checked by a checker that reads the files itself (capacity, needs,
//! families whole, quotas, the objective), golden output, clear errors.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use common::{corredor, ok, TestStore};

fn rows(path: &Path) -> Vec<HashMap<String, String>> {
    let mut rd = csv::Reader::from_path(path).expect("open");
    let headers = rd.headers().expect("header").clone();
    rd.records()
        .map(|r| {
            let r = r.expect("row");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn set(cell: &str) -> BTreeSet<String> {
    cell.split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checks a placement against the files, independently of the solver;
/// returns the objective it recomputes.
fn check(dir: &Path, result: &serde_json::Value, with_scores: bool) -> f64 {
    let cases: HashMap<String, (u64, BTreeSet<String>)> = rows(&dir.join("cases.csv"))
        .into_iter()
        .map(|r| {
            (
                r["id"].clone(),
                (r["size"].parse().unwrap(), set(&r["needs"])),
            )
        })
        .collect();
    let sites: HashMap<String, (String, u64, BTreeSet<String>)> = rows(&dir.join("sites.csv"))
        .into_iter()
        .map(|r| {
            (
                r["id"].clone(),
                (
                    r["country"].clone(),
                    r["capacity"].parse().unwrap(),
                    set(&r["services"]),
                ),
            )
        })
        .collect();
    let scores: HashMap<(String, String), f64> = if with_scores {
        rows(&dir.join("scores.csv"))
            .into_iter()
            .map(|r| {
                (
                    (r["case"].clone(), r["site"].clone()),
                    r["score"].parse().unwrap(),
                )
            })
            .collect()
    } else {
        HashMap::new()
    };
    let mut seen = BTreeSet::new();
    let mut load: HashMap<&str, u64> = HashMap::new();
    let mut by_country: HashMap<&str, u64> = HashMap::new();
    let mut objective = 0.0;
    for a in result["assignments"].as_array().unwrap() {
        let (c, s) = (a["case"].as_str().unwrap(), a["site"].as_str().unwrap());
        assert!(seen.insert(c.to_string()), "case {c} placed twice");
        let (size, needs) = &cases[c];
        let (country, _, services) = &sites[s];
        assert!(
            needs.is_subset(services),
            "case {c} needs {needs:?}; site {s} offers {services:?}"
        );
        *load.entry(s).or_default() += size;
        *by_country.entry(country.as_str()).or_default() += size;
        objective += if with_scores {
            scores
                .get(&(c.to_string(), s.to_string()))
                .copied()
                .unwrap_or(0.0)
        } else {
            *size as f64
        };
    }
    for u in result["unassigned"].as_array().unwrap() {
        assert!(
            seen.insert(u["case"].as_str().unwrap().to_string()),
            "{u} placed and unplaced"
        );
        let why = u["reason"].as_str().unwrap();
        assert!(
            corredor_sharing::place::unplaced::Unplaced::ALL
                .iter()
                .any(|w| w.as_str() == why),
            "{u}"
        );
    }
    assert_eq!(
        seen.len(),
        cases.len(),
        "every case is placed or listed as unplaced"
    );
    for (s, l) in &load {
        assert!(
            *l <= sites[*s].1,
            "site {s} holds {l} persons, capacity {}",
            sites[*s].1
        );
    }
    if dir.join("quotas.csv").exists() {
        for r in rows(&dir.join("quotas.csv")) {
            let n = by_country.get(r["country"].as_str()).copied().unwrap_or(0);
            let (lo, hi): (u64, u64) = (r["min"].parse().unwrap(), r["max"].parse().unwrap());
            assert!(
                (lo..=hi).contains(&n),
                "{}: {n} persons, quota {lo}–{hi}",
                r["country"]
            );
        }
    }
    let reported = result["objective"].as_f64().unwrap();
    assert!(
        (objective - reported).abs() < 1e-3,
        "objective {reported} reported, {objective} recomputed"
    );
    let bound = result["bound"].as_f64().unwrap();
    assert!(bound >= reported - 1e-6);
    let gap = result["gap"].as_f64().unwrap();
    assert!((gap - (bound - reported) / bound).abs() < 1e-5);
    objective
}

#[test]
fn generated_placements_are_feasible_whole_and_within_quotas_with_the_gap_they_report() {
    let store = TestStore::new();
    let dir = store.scratch("inst");
    let d = dir.display().to_string();
    let out = ok(
        &store,
        &[
            "share", "generate", "--cases", "600", "--sites", "20", "--seed", "5", "--quotas",
            "0.1", "--out", &d,
        ],
    );
    assert!(
        out.starts_with("SIMULATED instance (seed 5): 600 families"),
        "{out}"
    );
    let f = |n: &str| dir.join(n).display().to_string();
    let v = common::json(
        &store,
        &[
            "share",
            "place",
            "--cases",
            &f("cases.csv"),
            "--sites",
            &f("sites.csv"),
            "--scores",
            &f("scores.csv"),
            "--quotas",
            &f("quotas.csv"),
            "--json",
        ],
    );
    check(&dir, &v, true);
    assert!(v["gap"].as_f64().unwrap() < 0.005, "gap {}", v["gap"]);
    assert_eq!(v["finished"], true);

    // Without scores, a placement is worth the persons it places.
    let v = common::json(
        &store,
        &[
            "share",
            "place",
            "--cases",
            &f("cases.csv"),
            "--sites",
            &f("sites.csv"),
            "--quotas",
            &f("quotas.csv"),
            "--json",
        ],
    );
    let placed = check(&dir, &v, false);
    assert_eq!(placed as u64, v["persons_placed"].as_u64().unwrap());

    // The same files give the same placement.
    let again = common::json(
        &store,
        &[
            "share",
            "place",
            "--cases",
            &f("cases.csv"),
            "--sites",
            &f("sites.csv"),
            "--quotas",
            &f("quotas.csv"),
            "--json",
        ],
    );
    assert_eq!(v, again);
}

#[test]
fn a_small_placement_is_as_recorded() {
    let store = TestStore::new();
    let cases = common::write(
        &store.scratch("cases.csv"),
        "id,size,needs\nA1,4,medical\nB2,3,\nC3,2,schooling\nD4,1,\nE5,6,\nF6,1,dialysis\n",
    );
    let sites = common::write(
        &store.scratch("sites.csv"),
        "id,country,capacity,services\ntapachula,MEX,5,schooling\nsan-jose,Costa Rica,5,medical;schooling\n",
    );
    let scores = common::write(
        &store.scratch("scores.csv"),
        "case,site,score\nA1,san-jose,1.2\nB2,tapachula,0.9\nB2,san-jose,1.1\nC3,tapachula,0.5\nC3,san-jose,0.8\nD4,tapachula,0.3\nD4,san-jose,0.35\n",
    );
    let out = ok(
        &store,
        &[
            "share", "place", "--cases", &cases, "--sites", &sites, "--scores", &scores, "--json",
        ],
    );
    common::golden("place-small.json", &out);
    let text = ok(
        &store,
        &[
            "share", "place", "--cases", &cases, "--sites", &sites, "--scores", &scores,
        ],
    );
    assert!(
        text.contains("placed 4 families (10 persons), 2 not placed"),
        "{text}"
    );
    // Each not placed is told why.
    for why in [
        "1 no_site: no site offers all the services they need",
        "1 too_large: larger than every site offering their services",
    ] {
        assert!(text.contains(why), "{why} in {text}");
    }
}

#[test]
fn bad_placement_files_are_refused_with_their_line_and_column() {
    let store = TestStore::new();
    let cases = common::write(
        &store.scratch("cases.csv"),
        "id,size,needs\nA1,four,\nA1,2,\n",
    );
    let sites = common::write(
        &store.scratch("sites.csv"),
        "id,country,capacity\nx,Narnia,10\n",
    );
    let out = corredor(
        &store,
        &["share", "place", "--cases", &cases, "--sites", &sites],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cases.csv:2:2: size of case A1 is 'four'"),
        "{err}"
    );
    assert!(
        err.contains("cases.csv:3:1: case A1 is given twice (first on line 2)"),
        "{err}"
    );
    assert!(
        err.contains("sites.csv:2:2: 'Narnia' is not a country"),
        "{err}"
    );
    assert!(err.contains("3 problems: nothing computed"), "{err}");

    // A quota no site can reach is refused before any search.
    let cases = common::write(&store.scratch("c2.csv"), "id,size\nA1,2\n");
    let sites = common::write(&store.scratch("s2.csv"), "id,country,capacity\nx,MEX,1\n");
    let quotas = common::write(&store.scratch("q2.csv"), "country,min,max\nMEX,2,3\n");
    let out = corredor(
        &store,
        &[
            "share", "place", "--cases", &cases, "--sites", &sites, "--quotas", &quotas,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "the quota for MEX asks for at least 2 persons, but at most 1 can be placed there"
        ),
        "{err}"
    );
}

#[test]
fn scores_trained_on_past_outcomes_drive_a_placement() {
    let store = TestStore::new();
    let dir = store.scratch("trained");
    let d = dir.display().to_string();
    ok(
        &store,
        &[
            "share", "generate", "--cases", "400", "--sites", "25", "--seed", "9", "--out", &d,
        ],
    );
    let f = |n: &str| dir.join(n).display().to_string();
    let v = common::json(
        &store,
        &[
            "share",
            "train",
            "--outcomes",
            &f("outcomes.csv"),
            "--cases",
            &f("cases.csv"),
            "--sites",
            &f("sites.csv"),
            "--out",
            &f("predicted.csv"),
            "--json",
        ],
    );
    assert!(
        v["auc"].as_f64().unwrap() > 0.6,
        "held-out AUC {}",
        v["auc"]
    );
    assert!(v["held_out"].as_u64().unwrap() > 300);
    std::fs::rename(dir.join("predicted.csv"), dir.join("scores.csv")).unwrap();
    let placed = common::json(
        &store,
        &[
            "share",
            "place",
            "--cases",
            &f("cases.csv"),
            "--sites",
            &f("sites.csv"),
            "--scores",
            &f("scores.csv"),
            // The search would go on to its default minute; what is
            // checked here holds for any placement it returns.
            "--time-limit",
            "5",
            "--json",
        ],
    );
    check(&dir, &placed, true);
}

#[test]
fn the_api_places_for_analysts_only_with_the_command_lines_answer() {
    use common::server::{post, Server};
    let store = TestStore::new();
    ok(
        &store,
        &[
            "org",
            "add",
            "--code",
            "MEX",
            "--name",
            "Instituto Nacional de Migración",
        ],
    );
    let analyst = ok(
        &store,
        &["token", "create", "--org", "MEX", "--role", "analyst"],
    )
    .trim()
    .to_string();
    let dir = store.scratch("api");
    let d = dir.display().to_string();
    ok(
        &store,
        &[
            "share", "generate", "--cases", "200", "--sites", "8", "--seed", "4", "--out", &d,
        ],
    );
    let f = |n: &str| dir.join(n).display().to_string();
    let text = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let cli = common::json(
        &store,
        &[
            "share",
            "place",
            "--cases",
            &f("cases.csv"),
            "--sites",
            &f("sites.csv"),
            "--scores",
            &f("scores.csv"),
            "--json",
        ],
    );
    let server = Server::start(&store, &[]);
    let url = format!("{}/api/v1/share/place", server.url);
    let body = serde_json::json!({
        "cases": text("cases.csv"), "sites": text("sites.csv"), "scores": text("scores.csv"),
    })
    .to_string();
    // The families are restricted: no token, no placement.
    assert_eq!(post(&url, None, "application/json", &body).status, 401);
    let r = post(&url, Some(&analyst), "application/json", &body);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json(), cli);
    let bad =
        serde_json::json!({"cases": "id,size\nA,0\n", "sites": "id,country,capacity\nx,MEX,3\n"});
    let r = post(&url, Some(&analyst), "application/json", &bad.to_string());
    assert_eq!(r.status, 422);
    assert!(
        r.json()["errors"][0]
            .as_str()
            .unwrap()
            .starts_with("cases.csv:2:2:"),
        "{}",
        r.body
    );
    // A search time out of range is refused, as on the command line.
    for limit in [-1.0, 1e308] {
        let body = serde_json::json!({
            "cases": text("cases.csv"), "sites": text("sites.csv"), "time_limit": limit,
        });
        let r = post(&url, Some(&analyst), "application/json", &body.to_string());
        assert_eq!(r.status, 400, "{limit}: {}", r.body);
        assert!(
            r.body.contains("time_limit is from 0 to 45 seconds"),
            "{}",
            r.body
        );
    }
}

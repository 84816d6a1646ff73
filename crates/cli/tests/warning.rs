//! The early warning over the store: no look-ahead, and golden outputs.

mod common;

use common::*;
use proptest::prelude::*;

/// A corridor-like fixture: a seasonal baseline for several nationalities
/// at Panama and the United States, a Venezuelan surge from 2023-03 and
/// Chinese nationals appearing from 2023-05.
fn fixture() -> String {
    let mut csv = String::from(HEADER);
    for (reporter, indicator, scale) in [
        ("PAN", "irregular_entries", 1.0),
        ("USA", "encounters", 3.0),
    ] {
        for (nat, base) in [
            ("VEN", 8000.0),
            ("HTI", 3000.0),
            ("ECU", 2000.0),
            ("CHN", 0.0),
        ] {
            for m in 0..48 {
                let season = 1.0 + 0.25 * (2.0 * std::f64::consts::PI * m as f64 / 12.0).sin();
                let mut v = base * scale * season * (1.0 + 0.03 * ((m * 7 % 5) as f64 - 2.0));
                if nat == "VEN" && m >= 38 {
                    v *= 1.0 + 0.5 * (m - 37) as f64;
                }
                if nat == "CHN" {
                    v = if m >= 40 {
                        20.0 * 2f64.powi(m - 39)
                    } else {
                        (m % 3) as f64
                    };
                }
                csv.push_str(&format!(
                    "{reporter},ALL,{nat},{indicator},{:04}-{:02},{}\n",
                    2020 + m / 12,
                    m % 12 + 1,
                    v.round() as u64
                ));
            }
        }
    }
    csv
}

fn loaded() -> TestStore {
    let store = TestStore::new();
    let file = write(&store.scratch("corridor.csv"), fixture());
    ok(&store, &["import", "--share", "public", &file]);
    store
}

#[test]
fn scan_and_forecast_match_their_golden_files() {
    let store = loaded();
    golden(
        "scan-2023-07.json",
        &ok(&store, &["scan", "--as-of", "2023-07", "--json"]),
    );
    golden(
        "forecast-2023-06.json",
        &ok(
            &store,
            &[
                "forecast",
                "--as-of",
                "2023-06",
                "--reporter",
                "PAN",
                "--json",
            ],
        ),
    );
}

#[test]
fn the_planted_surge_and_emergence_are_found() {
    let store = loaded();
    let alerts = |as_of: &str| {
        json(&store, &["scan", "--as-of", as_of, "--json"])["alerts"]
            .as_array()
            .unwrap()
            .clone()
    };
    let find = |alerts: &[serde_json::Value], kind: &str, nat: &str| {
        alerts
            .iter()
            .find(|a| a["kind"] == kind && a["nationality"] == nat && a["reporter"] == "PAN")
            .cloned()
    };
    // The first month of the surge is far above the forecast band…
    let onset = alerts("2023-03");
    let surge = find(&onset, "surge", "VEN").expect("Venezuelan surge at its onset");
    assert!(
        surge["observed"].as_f64().unwrap() > surge["hi95"].as_f64().unwrap(),
        "{surge}"
    );
    assert!(surge["explanation"]["es"]
        .as_str()
        .unwrap()
        .contains("Venezuela"));
    // …and months later, once forecasts have adapted, growth beyond last
    // year's season keeps it at warning.
    let later = alerts("2023-08");
    let sustained = find(&later, "surge", "VEN").expect("sustained Venezuelan surge");
    assert_eq!(sustained["level"], "warning", "{sustained}");
    assert!(sustained["months"].as_u64().unwrap() >= 3);
    assert!(find(&later, "emergence", "CHN").is_some());
    assert!(find(&later, "surge", "HTI").is_none());
}

#[test]
fn a_scan_without_a_period_judges_each_frequency_as_of_its_own_latest() {
    let store = loaded();
    let monthly = json(&store, &["scan", "--json"]);
    assert_eq!(monthly["as_of"], "2023-12");
    let months = monthly["alerts"].as_array().unwrap().len();
    assert!(months > 0, "{monthly}");
    // Two days of another country's figures: the months are still judged,
    // as of their own latest month, beside the days.
    let days = write(
        &store.scratch("days.csv"),
        format!("{HEADER}GTM,ALL,HND,transit,2024-02-01,5\nGTM,ALL,HND,transit,2024-02-02,6\n"),
    );
    ok(&store, &["import", "--share", "public", &days]);
    let both = json(&store, &["scan", "--json"]);
    assert_eq!(both["as_of"], "2024-02-02");
    assert_eq!(both["as_ofs"], serde_json::json!(["2023-12", "2024-02-02"]));
    assert_eq!(both["alerts"].as_array().unwrap().len(), months, "{both}");
    let text = ok(&store, &["scan"]);
    assert!(text.contains("as of 2023-12, 2024-02-02"), "{text}");
    // A month given judges the days too, as of the last day it holds.
    let february = json(&store, &["scan", "--json", "--as-of", "2024-02"]);
    assert_eq!(
        february["as_ofs"],
        serde_json::json!(["2024-02-29", "2024-02"])
    );
    let days = json(&store, &["scan", "--json", "--as-of", "2024-02-02"]);
    assert_eq!(days["as_ofs"], serde_json::json!(["2024-01", "2024-02-02"]));

    // A country whose figures end six months before the store's is judged
    // as of its own latest month, as its import judged it: a Venezuelan
    // surge in Costa Rica in June 2023.
    let mut csv = String::from(HEADER);
    for m in 0..36 {
        for (i, nat) in ["VEN", "COL", "ECU", "HTI", "CUB", "NIC", "HND", "GTM"]
            .iter()
            .enumerate()
        {
            let usual = 300.0 + 10.0 * i as f64 + 8.0 * ((m % 4) as f64 - 1.5);
            let v = match (*nat, m) {
                ("VEN", 35) => 900.0,
                ("VEN", _) => 100.0 + 5.0 * (m % 3) as f64,
                _ => usual,
            };
            csv.push_str(&format!(
                "CRI,ALL,{nat},irregular_entries,{:04}-{:02},{v:.0}\n",
                2020 + (m + 6) / 12,
                (m + 6) % 12 + 1
            ));
        }
    }
    let earlier = write(&store.scratch("cri.csv"), csv);
    ok(&store, &["import", "--share", "public", &earlier]);
    let all = json(&store, &["scan", "--json"]);
    assert_eq!(
        all["as_ofs"],
        serde_json::json!(["2023-06", "2023-12", "2024-02-02"])
    );
    let cri = json(&store, &["scan", "--json", "--reporter", "CRI"]);
    assert_eq!(cri["as_ofs"], serde_json::json!(["2023-06"]));
    let alerts = cri["alerts"].as_array().unwrap();
    assert!(
        alerts
            .iter()
            .any(|a| a["kind"] == "surge" && a["nationality"] == "VEN" && a["period"] == "2023-06"),
        "{cri}"
    );

    // A forecast too is made from each place's own latest period, of each
    // frequency: Costa Rica's from June 2023, not from zeros to December.
    let forecast = json(&store, &["forecast", "--json", "--horizon", "2"]);
    assert_eq!(forecast["as_of"], "2024-02-02");
    let from = |reporter: &str, nationality: &str| -> serde_json::Value {
        forecast["series"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["reporter"] == reporter && s["nationality"] == nationality)
            .unwrap_or_else(|| panic!("{reporter}/{nationality} in {forecast}"))
            .clone()
    };
    let col = from("CRI", "COL");
    assert_eq!(col["as_of"], "2023-06");
    assert_eq!(col["forecast"][0]["period"], "2023-07");
    assert!(
        col["forecast"][0]["mean"].as_f64().unwrap() > 200.0,
        "{col}"
    );
    assert_eq!(from("PAN", "HTI")["as_of"], "2023-12");
    assert_eq!(from("GTM", "HND")["as_of"], "2024-02-02");
    assert_eq!(from("GTM", "HND")["forecast"][0]["period"], "2024-02-03");
    // As of a month: each series no later than its place's latest, and a
    // series that starts after it is not forecast.
    let january = json(&store, &["forecast", "--json", "--as-of", "2024-01"]);
    let reporters: Vec<&str> = january["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reporter"].as_str().unwrap())
        .collect();
    assert!(!reporters.contains(&"GTM"), "{reporters:?}");
    let cri_january = january["series"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["reporter"] == "CRI")
        .unwrap();
    assert_eq!(cri_january["as_of"], "2023-06");
}

#[test]
fn backtest_reports_accuracy_for_each_model_and_horizon() {
    let store = loaded();
    let out = json(
        &store,
        &["backtest", "--from", "2022-06", "--to", "2023-06", "--json"],
    );
    let rows = out["accuracy"].as_array().unwrap();
    assert_eq!(rows.len(), 9);
    for model in ["corredor", "naive", "seasonal_naive"] {
        assert!(rows
            .iter()
            .any(|r| r["model"] == model && r["horizon"] == 3));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// `scan --as-of P` gives byte-identical output whether or not values
    /// dated after P are in the store.
    #[test]
    fn scan_never_looks_ahead(month in 30u32..47, later in prop::collection::vec((0usize..4, 1u32..30, 0u64..1_000_000), 1..20)) {
        let as_of = format!("{:04}-{:02}", 2020 + month / 12, month % 12 + 1);
        let store = loaded();
        let before = ok(&store, &["scan", "--as-of", &as_of, "--json"]);
        let forecast_before = ok(&store, &["forecast", "--as-of", &as_of, "--json"]);
        let mut csv = String::from(HEADER);
        let mut seen = std::collections::HashSet::new();
        for (n, ahead, value) in later {
            let m = month + ahead;
            if seen.insert((n, m)) {
                let nat = ["VEN", "HTI", "ECU", "CUB"][n];
                csv.push_str(&format!("PAN,ALL,{nat},irregular_entries,{:04}-{:02},{value}\n", 2020 + m / 12, m % 12 + 1));
            }
        }
        ok(&store, &["import", "--share", "public", &write(&store.scratch("later.csv"), csv)]);
        prop_assert_eq!(ok(&store, &["scan", "--as-of", &as_of, "--json"]), before);
        prop_assert_eq!(ok(&store, &["forecast", "--as-of", &as_of, "--json"]), forecast_before);
    }
}

#[test]
fn corridor_lags_are_learned_where_both_ends_report_and_surges_reach_downstream() {
    let store = loaded();
    let lag = json(
        &store,
        &["corridor", "lag", "--from", "PAN", "--to", "USA", "--json"],
    );
    assert_eq!(lag["path"].as_array().unwrap().len(), 7);
    assert!(
        lag["basis"].as_str().unwrap().starts_with("learned"),
        "{lag}"
    );
    assert!(lag["lo"].as_u64() <= lag["lag"].as_u64() && lag["lag"].as_u64() <= lag["hi"].as_u64());
    let show = json(&store, &["corridor", "show", "--json"]);
    let edges = show[0]["edges"].as_array().unwrap();
    assert!(edges
        .iter()
        .any(|e| e["from"] == "PAN" && e["to"] == "CRI" && e["basis"] == "prior"));
    let scan = json(
        &store,
        &["scan", "--as-of", "2023-03", "--reporter", "PAN", "--json"],
    );
    let surge = scan["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "surge" && a["nationality"] == "VEN")
        .unwrap()
        .clone();
    let downstream = surge["downstream"].as_array().unwrap();
    assert!(
        downstream
            .iter()
            .any(|d| d["place"] == "USA" && d["additional"].as_f64().unwrap_or(0.0) > 0.0),
        "{surge}"
    );
}

#[test]
fn scan_writes_its_explanations_in_the_language_asked() {
    let store = loaded();
    let en = ok(&store, &["scan", "--as-of", "2023-03"]).to_lowercase();
    let pt = ok(&store, &["scan", "--as-of", "2023-03", "--lang", "pt"]).to_lowercase();
    let fr = corredor_env(
        &store,
        &["scan", "--as-of", "2023-03"],
        "CORREDOR_LANG",
        "fr",
    )
    .to_lowercase();
    assert!(en.contains("irregular entries"), "{en}");
    assert!(
        pt.contains("entradas irregulares") && !pt.contains("irregular entries"),
        "{pt}"
    );
    assert!(
        fr.contains("entrées irrégulières") && !fr.contains("irregular entries"),
        "{fr}"
    );
    let bad = common::corredor(&store, &["scan", "--lang", "de"]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("use en, es, pt or fr"), "{err}");
}

fn corredor_env(store: &TestStore, args: &[&str], key: &str, value: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_corredor"))
        .arg("--db")
        .arg(&store.url)
        .args(args)
        .env(key, value)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn arguments_that_would_be_ignored_or_out_of_range_are_refused() {
    let store = loaded();
    let refused = |args: &[&str], says: &str| {
        let out = corredor(&store, args);
        assert!(!out.status.success(), "{args:?} was accepted");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(says), "{args:?}: {said}");
    };
    refused(
        &["scan", "--from", "2024-01", "--to", "2024-06"],
        "give --as-of, not --from or --to",
    );
    refused(&["scan", "--top", "0"], "--top");
    refused(
        &["export", "--from", "2024-06", "--to", "2024-01"],
        "--from 2024-06 is after --to 2024-01",
    );
    // A day and a month compare as the calendar does.
    ok(
        &store,
        &["export", "--from", "2023-06-01", "--to", "2023-12"],
    );
    refused(
        &["export", "--from", "2024-01", "--to", "2023-03-01"],
        "is after --to",
    );
    // The replay steps one period at a time: a month and a week once
    // panicked it, and the other way round said "after".
    refused(
        &["backtest", "--from", "2024-01", "--to", "2024-W10"],
        "--to 2024-W10 is not of the frequency of --from 2024-01",
    );
    refused(
        &["backtest", "--from", "2024-W01", "--to", "2024-02"],
        "is not of the frequency",
    );
    refused(
        &[
            "backtest",
            "--from",
            "2024-01",
            "--to",
            "2024-02",
            "--most-volatile",
            "0",
        ],
        "--most-volatile",
    );
    // Events dated in weeks, against months replayed: never matched,
    // they read as a record of none warned. Refused at their cells.
    let events = store.scratch("events.csv");
    std::fs::write(
        &events,
        "reporter,location,nationality,indicator,start,peak,label\n\
         PAN,*,VEN,*,2022-09,2022-W40,weeks\n",
    )
    .unwrap();
    let events = events.display().to_string();
    refused(
        &[
            "backtest", "--from", "2022-06", "--to", "2023-06", "--events", &events,
        ],
        "events.csv:2:6: '2022-W40' is a week, and the backtest replays months",
    );
    refused(
        &["scan", "--as-of", "9999-12"],
        "outside the years a period may be dated in (1900–2200)",
    );
    refused(&["serve", "--tick", "100000000000000"], "--tick");
    refused(
        &["serve", "--scan-every", "100000000000000"],
        "--scan-every",
    );
}

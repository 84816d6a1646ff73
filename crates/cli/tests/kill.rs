//! Killing the process in the middle of an import leaves the store as it
//! was before.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

#[test]
fn killing_an_import_half_way_leaves_the_store_as_it_was() {
    let store = TestStore::new();
    let seed = write(
        &store.scratch("seed.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n"),
    );
    ok(&store, &["import", &seed]);
    let before = snapshot(&store);

    let mut big = String::from(HEADER);
    for s in 0..400 {
        for m in 0..1000 {
            big.push_str(&format!(
                "USA,L{s},MEX,encounters,{:04}-{:02},{}\n",
                1950 + m / 12,
                m % 12 + 1,
                m + s
            ));
        }
    }
    let file = write(&store.scratch("big.csv"), big);
    let mut child = Command::new(env!("CARGO_BIN_EXE_corredor"))
        .args(["--db", &store.url, "import", &file])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import is writing (SQLite's write-ahead log grows), or
    // a moment for PostgreSQL, then kill it without warning.
    let wal = std::path::PathBuf::from(format!("{}-wal", store.url));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        let writing = if store.is_postgres() {
            start.elapsed() > Duration::from_millis(1500)
        } else {
            std::fs::metadata(&wal)
                .map(|m| m.len() > 1 << 20)
                .unwrap_or(false)
        };
        if writing {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(snapshot(&store), before);
    // And the store still takes imports.
    ok(&store, &["import", &seed]);
}

/// The simulated corridor as a long CSV: enough history and surges for the
/// early warning to open alerts.
fn corridor_csv(store: &TestStore) -> String {
    let scenario = corredor_warning::synthetic::corridor("2021-01".parse().unwrap(), 48, 7);
    write(&store.scratch("corridor.csv"), scenario.long_csv())
}

/// Runs `corredor import --json FILE` told to abort at the fault point
/// `fault`; it must not succeed.
fn import_stopped_at(store: &TestStore, fault: &str, file: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_corredor"))
        .args(["--db", &store.url, "import", "--json", file])
        .env("CORREDOR_FAULT", fault)
        .env_remove("CORREDOR_DB")
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "the import was not stopped at {fault}"
    );
}

fn audit_actions(store: &TestStore) -> Vec<String> {
    json(store, &["audit", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect()
}

fn ids(v: &serde_json::Value) -> std::collections::BTreeSet<String> {
    v["opened"]
        .as_array()
        .unwrap_or_else(|| panic!("no opened alerts in {v}"))
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_crash_between_the_rows_and_the_audit_entry_leaves_neither() {
    let store = TestStore::new();
    let seed = write(
        &store.scratch("seed.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n"),
    );
    ok(&store, &["import", &seed]);
    let (before, audit_before) = (snapshot(&store), audit_actions(&store));
    import_stopped_at(&store, "import.before-audit", &corridor_csv(&store));
    assert_eq!(snapshot(&store), before);
    assert_eq!(audit_actions(&store), audit_before);
}

#[test]
fn a_crash_between_the_commit_and_the_scan_loses_no_alert_and_doubles_none() {
    let clean = TestStore::new();
    let opened = ids(&json(&clean, &["import", "--json", &corridor_csv(&clean)])["alerts"]);
    assert!(!opened.is_empty(), "the corridor raises alerts");

    let store = TestStore::new();
    let file = corridor_csv(&store);
    import_stopped_at(&store, "import.before-scan", &file);
    // The rows and their audit entry committed together; no alert yet.
    assert_eq!(
        audit_actions(&store)
            .iter()
            .filter(|a| *a == "observations.import")
            .count(),
        1
    );
    assert!(!audit_actions(&store).iter().any(|a| a == "alert.raise"));
    // The next import finds nothing new in the file, but first scans what
    // the interrupted one left: exactly the alerts of a clean run.
    let again = json(&store, &["import", "--json", &file]);
    assert_eq!(again["new"], 0);
    assert_eq!(ids(&again["recovered"]), opened);
    // Once scanned, the marks are gone: nothing is scanned or opened twice.
    let third = json(&store, &["import", "--json", &file]);
    assert!(third.get("recovered").is_none(), "{third}");
    assert_eq!(
        audit_actions(&store)
            .iter()
            .filter(|a| *a == "alert.raise")
            .count(),
        opened.len()
    );
}

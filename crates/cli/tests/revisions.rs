//! Revisions and provenance: re-importing changes nothing, a changed value
//! is a new revision that keeps the old one, and any earlier vintage can be
//! read back.

mod common;

use common::*;
use serde_json::Value;

fn import(store: &TestStore, name: &str, rows: &str, extra: &[&str]) -> Value {
    let file = write(&store.scratch(name), format!("{HEADER}{rows}"));
    let mut args = vec!["import", "--json"];
    args.extend_from_slice(extra);
    args.push(&file);
    json(store, &args)
}

#[test]
fn importing_the_same_file_again_changes_nothing_and_says_so() {
    let store = TestStore::new();
    let rows =
        "PAN,ALL,VEN,irregular_entries,2023-08,100\nPAN,ALL,HTI,irregular_entries,2023-08,50\n";
    let first = import(&store, "a.csv", rows, &[]);
    assert_eq!(
        (first["new"].as_u64(), first["unchanged"].as_u64()),
        (Some(2), Some(0))
    );
    let before = snapshot(&store);
    let again = import(&store, "a.csv", rows, &[]);
    assert_eq!(
        (
            again["new"].as_u64(),
            again["revised"].as_u64(),
            again["unchanged"].as_u64()
        ),
        (Some(0), Some(0), Some(2))
    );
    assert_eq!(snapshot(&store), before);
    let human = ok(
        &store,
        &["import", &store.scratch("a.csv").display().to_string()],
    );
    assert!(human.contains("nothing changed"), "{human}");
}

#[test]
fn a_changed_value_is_a_new_revision_and_the_old_one_is_kept_with_its_source() {
    let store = TestStore::new();
    import(
        &store,
        "v1.csv",
        "PAN,ALL,VEN,irregular_entries,2023-08,100\nPAN,ALL,HTI,irregular_entries,2023-08,50\n",
        &["--source", "SNM bulletin 1", "--as-org", "PAN-SNM"],
    );
    let batches = json(&store, &["imports", "--json"]);
    let first_received = batches[0]["received_at"].as_str().unwrap().to_string();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = import(
        &store,
        "v2.csv",
        "PAN,ALL,VEN,irregular_entries,2023-08,120\nPAN,ALL,HTI,irregular_entries,2023-08,50\n",
        &["--source", "SNM bulletin 2"],
    );
    assert_eq!(
        (
            second["new"].as_u64(),
            second["revised"].as_u64(),
            second["unchanged"].as_u64()
        ),
        (Some(0), Some(1), Some(1))
    );

    let current = json(
        &store,
        &["series", "show", "PAN/ALL/VEN/irregular_entries", "--json"],
    );
    let obs = &current[0]["observations"];
    assert_eq!(obs.as_array().unwrap().len(), 1);
    assert_eq!(obs[0]["value"], 120);
    assert_eq!(obs[0]["revision"], 2);
    assert_eq!(obs[0]["source"], "SNM bulletin 2");

    let history = json(
        &store,
        &[
            "series",
            "show",
            "PAN/ALL/VEN/irregular_entries",
            "--history",
            "--json",
        ],
    );
    let h = history[0]["observations"].as_array().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[0]["value"].as_u64(), h[0]["revision"].as_u64()),
        (Some(100), Some(1))
    );
    assert_eq!(h[0]["source"], "SNM bulletin 1");
    assert_eq!(h[0]["org"], "PAN-SNM");
    assert!(h[0]["superseded_at"].is_string());
    assert!(h[1]["superseded_at"].is_null());

    // The vintage as received by the end of the first import.
    let old = json(
        &store,
        &[
            "export",
            "--format",
            "json",
            "--as-received",
            &first_received,
        ],
    );
    let values: Vec<u64> = old
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_u64().unwrap())
        .collect();
    assert_eq!(values, vec![50, 100]);
    // Before anything was received, nothing.
    let none = json(
        &store,
        &["export", "--format", "json", "--as-received", "2000-01-01"],
    );
    assert_eq!(none, serde_json::json!([]));
    let log = json(&store, &["imports", "--json"]);
    assert_eq!(log.as_array().unwrap().len(), 2);
    assert_eq!(log[1]["revised"], 1);
    assert_eq!(log[1]["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn changing_who_may_see_a_value_is_recorded_as_a_revision() {
    let store = TestStore::new();
    import(
        &store,
        "a.csv",
        "PAN,ALL,VEN,irregular_entries,2023-08,100\n",
        &["--share", "public"],
    );
    let r = import(
        &store,
        "a.csv",
        "PAN,ALL,VEN,irregular_entries,2023-08,100\n",
        &["--share", "restricted", "--share-with", "CRI,MEX"],
    );
    assert_eq!(r["revised"], 1);
    let rows = json(&store, &["export", "--format", "json"]);
    assert_eq!(rows[0]["share"], "restricted");
    assert_eq!(rows[0]["share_with"], "CRI;MEX");
}

#[test]
fn the_store_stays_consistent_after_imports() {
    let store = TestStore::new();
    if store.is_postgres() {
        return; // PostgreSQL enforces its foreign keys itself.
    }
    import(
        &store,
        "a.csv",
        "PAN,ALL,VEN,irregular_entries,2023-08,100\nPAN,ALL,HTI,irregular_entries,2023-08,50\n",
        &[],
    );
    import(
        &store,
        "b.csv",
        "PAN,ALL,VEN,irregular_entries,2023-08,110\nPAN,ALL,VEN,irregular_entries,2023-09,50\n",
        &[],
    );
    let conn = rusqlite::Connection::open(&store.url).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    let current_twice: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT 1 FROM observation WHERE superseded_by IS NULL GROUP BY series_id, dims, period HAVING count(*) > 1)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(current_twice, 0);
}

/// A row's own sharing may keep its figures closer than the import says,
/// never share them more widely; without a stated sharing, a row's own
/// stands (an export sent back keeps its rows' sharing).
#[test]
fn a_rows_sharing_is_narrowed_to_what_the_import_states_never_widened() {
    let store = TestStore::new();
    let file = write(
        &store.scratch("shared.csv"),
        "reporter,location,nationality,indicator,period,value,share,share_with\n\
         PAN,ALL,VEN,irregular_entries,2023-08,5,public,\n\
         PAN,ALL,HTI,irregular_entries,2023-08,7,restricted,CRI;MEX\n\
         PAN,ALL,ECU,irregular_entries,2023-08,9,,\n",
    );
    let sharing = |store: &TestStore| -> Vec<(String, String, String)> {
        let rows = json(store, &["export", "--format", "json"]);
        let mut out: Vec<_> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["nationality"].as_str().unwrap().to_string(),
                    r["share"].as_str().unwrap().to_string(),
                    r["share_with"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        out.sort();
        out
    };
    json(
        &store,
        &[
            "import",
            "--json",
            "--share",
            "restricted",
            "--share-with",
            "CRI",
            &file,
        ],
    );
    let s = |n: &str, l: &str, w: &str| (n.to_string(), l.to_string(), w.to_string());
    assert_eq!(
        sharing(&store),
        vec![
            s("ECU", "restricted", "CRI"),
            s("HTI", "restricted", "CRI"),
            s("VEN", "restricted", "CRI"),
        ]
    );
    let other = TestStore::new();
    json(&other, &["import", "--json", &file]);
    assert_eq!(
        sharing(&other),
        vec![
            s("ECU", "members", ""),
            s("HTI", "restricted", "CRI;MEX"),
            s("VEN", "public", ""),
        ]
    );
}

/// A total revised below a part it keeps is refused: the parts are sent
/// again with it, and then it is taken.
#[test]
fn a_total_revised_below_its_parts_is_refused_until_they_come_with_it() {
    let store = TestStore::new();
    let header = "reporter,location,nationality,indicator,period,value,breakdown\n";
    let file = |name: &str, rows: &str| write(&store.scratch(name), format!("{header}{rows}"));
    let first = file(
        "first.csv",
        "USA,SWB,MEX,encounters,2025-08,10,\nUSA,SWB,MEX,encounters,2025-08,9,component=U.S. Border Patrol\n",
    );
    json(&store, &["import", "--json", &first]);
    let lower = file("lower.csv", "USA,SWB,MEX,encounters,2025-08,5,\n");
    let out = corredor(&store, &["import", &lower]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("lower.csv:2:6: USA/SWB/MEX/encounters 2025-08 is revised to 5, below a part of 9 it keeps"),
        "{err}"
    );
    let with_parts = file(
        "with-parts.csv",
        "USA,SWB,MEX,encounters,2025-08,5,\nUSA,SWB,MEX,encounters,2025-08,4,component=U.S. Border Patrol\n",
    );
    let r = json(&store, &["import", "--json", &with_parts]);
    assert_eq!(r["revised"], 1, "{r}");
}

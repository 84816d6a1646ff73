//! The corpus of bad files: each is refused with a message that names the
//! file, line and column and says what to do, and the store is left exactly
//! as it was, whether empty or already holding data.

mod common;

use std::path::PathBuf;

use common::*;

/// (file in tests/bad, where the first problem is, what the message says)
const CORPUS: &[(&str, &str, &str)] = &[
    ("wrong-delimiter.csv", ":1", "separated by tabs"),
    ("utf16-bom.csv", ":1", "UTF-16"),
    ("latin1.csv", ":2:7", "not UTF-8"),
    ("blank-line.csv", ":3", "blank line"),
    ("negative.csv", ":3:6", "negative"),
    ("fractional.csv", ":2:6", "not a whole number"),
    ("unknown-country.csv", ":2:3", "unknown country 'Wakanda'"),
    ("duplicate-key.csv", ":4:5", "already given on line 2"),
    ("formula.csv", ":2:7", "formula"),
    ("truncated.csv", ":3", "truncated"),
    ("truncated.json", ":2", "truncated"),
    ("bad-period.csv", ":2:5", "2023-08"),
    ("missing-column.csv", ":1", "indicator"),
    ("ragged-row.csv", ":2", "7 fields but the header has 6"),
    (
        "unknown-indicator.csv",
        ":2:4",
        "unknown indicator 'crossings'",
    ),
    (
        "mixed-frequency.csv",
        ":3:5",
        "is a month series but 2023-W35 is a week",
    ),
    ("bad-records.json", ":1", "negative"),
    (
        "months-as-days.csv",
        ":3:5",
        "each of its 3 days is the first of a month",
    ),
    (
        "ohss-repeated.xlsx",
        ":Monthly Rgn and Citp!A4",
        "USA/USBP_SWB/VEN/encounters 2022-10 was already given in row 2 of this sheet",
    ),
    (
        "irreg_unknown-nationality.csv",
        ":3:3",
        "unknown country 'ZZZ'",
    ),
];

fn corpus(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad")
        .join(name)
        .display()
        .to_string()
}

fn assert_refused(store: &TestStore, file: &str, at: &str, says: &str) {
    let before = snapshot(store);
    let out = corredor(store, &["import", file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{file} was not refused:\n{stderr}"
    );
    let first = stderr.lines().next().unwrap_or("");
    assert!(
        first.starts_with(&format!("{file}{at}:")),
        "{file}: first problem should be at {at}, got:\n{stderr}"
    );
    assert!(
        stderr.contains(says),
        "{file}: message should say '{says}':\n{stderr}"
    );
    assert!(stderr.contains("nothing imported"), "{stderr}");
    assert_eq!(snapshot(store), before, "{file} changed the store");
}

#[test]
fn each_bad_file_gets_a_clear_error_and_writes_nothing_to_an_empty_store() {
    let store = TestStore::new();
    // An empty store to read back: a refused import creates none.
    corredor_store::open(&store.url).expect("an empty store");
    for (name, at, says) in CORPUS {
        assert_refused(&store, &corpus(name), at, says);
    }
    assert_eq!(
        json(&store, &["series", "list", "--json"]),
        serde_json::json!([])
    );
    assert_eq!(json(&store, &["imports", "--json"]), serde_json::json!([]));
}

#[test]
fn bad_files_leave_a_store_with_data_exactly_as_it_was() {
    let store = TestStore::new();
    let good = write(
        &store.scratch("good.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,81901\nPAN,ALL,HTI,irregular_entries,2023-08,3000\n"),
    );
    ok(&store, &["import", &good]);
    for (name, at, says) in CORPUS {
        assert_refused(&store, &corpus(name), at, says);
    }
}

#[test]
fn one_bad_file_among_good_ones_refuses_the_whole_command() {
    let store = TestStore::new();
    // An empty store to read back: a refused import creates none.
    corredor_store::open(&store.url).expect("an empty store");
    let good = write(
        &store.scratch("good.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n"),
    );
    let out = corredor(&store, &["import", &good, &corpus("negative.csv")]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&store, &["series", "list", "--json"]),
        serde_json::json!([])
    );
}

#[test]
fn a_fifteen_megabyte_line_is_refused_without_fuss() {
    let store = TestStore::new();
    // An empty store to read back: a refused import creates none.
    corredor_store::open(&store.url).expect("an empty store");
    let mut content = HEADER.as_bytes().to_vec();
    content.extend(std::iter::repeat_n(b'x', 15 << 20));
    content.push(b'\n');
    let file = write(&store.scratch("long-line.csv"), content);
    assert_refused(&store, &file, ":2", "MB long");
}

#[test]
fn problems_beyond_fifty_are_counted_not_listed() {
    let store = TestStore::new();
    let mut content = HEADER.to_string();
    for m in 1..=12 {
        for n in ["VEN", "HTI", "CUB", "ECU", "COL", "CHN", "IND"] {
            content.push_str(&format!("PAN,ALL,{n},irregular_entries,2023-{m:02},-1\n"));
        }
    }
    let file = write(&store.scratch("many.csv"), content);
    let out = corredor(&store, &["import", &file]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.lines().filter(|l| l.contains("negative")).count(),
        50
    );
    assert!(stderr.contains("… and 34 more problems"), "{stderr}");
    assert!(stderr.contains("84 problems found"), "{stderr}");
}

#[test]
fn json_summary_lists_the_problems_for_scripts() {
    let store = TestStore::new();
    let out = corredor(&store, &["import", "--json", &corpus("negative.csv")]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["imported"], false);
    assert_eq!(v["problems"], 1);
    assert!(v["errors"][0]["position"]
        .as_str()
        .unwrap()
        .ends_with("negative.csv:3:6"));
}

#[test]
fn what_spreadsheets_write_is_accepted() {
    let store = TestStore::new();
    // Excel's "CSV UTF-8" starts with a byte-order mark; Spanish-locale
    // Excel separates with ';' and ends lines with CRLF.
    let bom = write(
        &store.scratch("bom.csv"),
        format!("\u{feff}{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n"),
    );
    let semi = write(
        &store.scratch("semicolon.csv"),
        "reporter;location;nationality;indicator;period;value\r\nPAN;ALL;Haití;irregular_entries;2023-08;7\r\n",
    );
    let summary = json(&store, &["import", "--json", &bom, &semi]);
    assert_eq!(summary["new"], 2);
    let list = json(&store, &["series", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
}

#[test]
fn a_workbook_refusal_names_the_sheet_and_the_cell() {
    let store = TestStore::new();
    let file = corpus("ohss-repeated.xlsx");
    let out = corredor(&store, &["import", &file]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Found by the store after parsing, and by the import's own checks:
    // each at its sheet and cell, in the sheet's row order.
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines[0].starts_with(&format!("{file}:Monthly Rgn and Citp!A4: ")),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "{file}:Monthly Rgn and Citp!A5: period 2198-11 has not begun"
        )),
        "{stderr}"
    );
}

#[test]
fn a_refused_first_import_leaves_no_store_behind() {
    let store = TestStore::new();
    if store.url.starts_with("postgres") {
        return; // a database is created by its administrator, not by a file
    }
    let out = corredor(&store, &["import", &corpus("negative.csv")]);
    assert_eq!(out.status.code(), Some(1));
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", store.url);
        assert!(!std::path::Path::new(&file).exists(), "{file} was left");
    }
    // So a read still says there is no store, rather than "0 series".
    let out = corredor(&store, &["series", "list"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no store at"), "{stderr}");
}

#[test]
fn a_postgresql_connection_string_of_keywords_is_refused_without_its_password() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let db = "host=localhost password=S3cret dbname=corredor";
    for args in [
        &["import", "--no-scan", &corpus("negative.csv")][..],
        &["series", "list"][..],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_corredor"))
            .current_dir(dir.path())
            .arg("--db")
            .arg(db)
            .args(args)
            .env_remove("CORREDOR_DB")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("postgres://user@host"), "{stderr}");
        assert!(!stderr.contains("S3cret"), "{stderr}");
    }
    // Read as a SQLite path, it made a file named by the password.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_indicator_given_for_a_file_that_names_its_own_is_refused() {
    let store = TestStore::new();
    let good = write(
        &store.scratch("good.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n"),
    );
    let out = corredor(&store, &["import", "--indicator", "regular_entries", &good]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with(&format!("{good}:1:")), "{stderr}");
    assert!(stderr.contains("only for IOM"), "{stderr}");
}

#[test]
fn the_standard_input_and_pipes_are_imported() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let store = TestStore::new();
    let csv = format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n");
    for file in ["-", "/dev/stdin"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_corredor"))
            .args(["--db", &store.url, "import", "--no-scan", file])
            .env_remove("CORREDOR_DB")
            .env_remove("CORREDOR_ORG")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run corredor");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(csv.as_bytes())
            .expect("write to corredor");
        let out = child.wait_with_output().expect("corredor ends");
        assert!(
            out.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let imports = json(&store, &["imports", "--json"]);
    let files: Vec<_> = imports
        .as_array()
        .expect("a list")
        .iter()
        .map(|b| b["file"].as_str().unwrap_or_default().to_string())
        .collect();
    // The second file changed nothing, so only the first is recorded.
    assert_eq!(files, ["stdin"], "{imports}");
}

#[test]
fn the_demo_rebuilds_its_own_store_but_never_one_changed_since() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db").display().to_string();
    let run = |args: &[&str]| common::corredor_at(&db, args);
    let demo = ["demo", "--simulated", "--no-serve"];
    assert!(run(&demo).status.success());
    // Built again over its own store: fine.
    assert!(run(&demo).status.success());
    // Someone adds an organisation: the store is theirs now.
    assert!(run(&["org", "add", "--code", "ECU", "--name", "Ecuador"])
        .status
        .success());
    let refused = run(&demo);
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("was changed after the demo built it (org.add on ECU"),
        "{said}"
    );
    // Nothing was lost.
    let orgs = String::from_utf8_lossy(&run(&["org", "list"]).stdout).to_string();
    assert!(orgs.contains("ECU"), "{orgs}");
}

//! The data-quality screen on real series: IOM's monthly irregular entries
//! for Panama and Mexico, with a reporting break and surges planted in
//! them.

mod common;

use common::*;

/// IOM's file for Panama and Mexico with `change` applied.
fn iom_with(data: &std::path::Path, change: impl Fn(&str, &str, &str, f64) -> f64) -> String {
    common::iom_with(data, &["PAN", "MEX"], change)
}

fn alerts_of(store: &TestStore, as_of: &str) -> Vec<serde_json::Value> {
    json(store, &["scan", "--as-of", as_of, "--json"])["alerts"]
        .as_array()
        .expect("alerts")
        .clone()
}

fn of<'a>(
    alerts: &'a [serde_json::Value],
    reporter: &str,
    kind: &str,
) -> Vec<&'a serde_json::Value> {
    alerts
        .iter()
        .filter(|a| a["reporter"] == reporter && a["kind"] == kind)
        .collect()
}

#[test]
fn a_month_multiplied_by_ten_is_one_notice_and_no_surge() {
    let Some(data) = shared_data("a_month_multiplied_by_ten_is_one_notice_and_no_surge") else {
        return;
    };
    let store = TestStore::new();
    let file = write(
        &store.scratch("iom.csv"),
        iom_with(&data, |m, r, _, v| {
            if r == "PAN" && m == "2023-05" {
                v * 10.0
            } else {
                v
            }
        }),
    );
    ok(&store, &["import", "--no-scan", &file]);
    let alerts = alerts_of(&store, "2023-05");
    let notices = of(&alerts, "PAN", "data_quality");
    assert_eq!(notices.len(), 1, "{alerts:#?}");
    let n = notices[0];
    assert_eq!(n["covers"]["months"], serde_json::json!(["2023-05"]));
    assert!(
        n["covers"]["series"].as_array().unwrap().len() >= 20,
        "{n:#}"
    );
    assert!(n["priority"].as_f64().is_some());
    assert!(n["explanation"]["es"].as_str().unwrap().contains("Panamá"));
    for kind in ["surge", "emergence"] {
        assert!(of(&alerts, "PAN", kind).is_empty(), "{kind}: {alerts:#?}");
    }
    // Without the break, the same month raises no notice.
    let clean = TestStore::new();
    let file = write(&clean.scratch("iom.csv"), iom_with(&data, |_, _, _, v| v));
    ok(&clean, &["import", "--no-scan", &file]);
    assert!(of(&alerts_of(&clean, "2023-05"), "PAN", "data_quality").is_empty());
}

#[test]
fn a_real_surge_beside_a_break_is_still_raised() {
    let Some(data) = shared_data("a_real_surge_beside_a_break_is_still_raised") else {
        return;
    };
    let store = TestStore::new();
    // The break at Panama in May 2023; a surge of Haitians at Mexico the
    // same month, and one of Chinese nationals at Panama four months after
    // the break.
    let file = write(
        &store.scratch("iom.csv"),
        iom_with(&data, |m, r, n, v| match (m, r, n) {
            ("2023-05", "PAN", _) => v * 10.0,
            ("2023-05", "MEX", "HTI") => v * 6.0,
            ("2023-09", "PAN", "CHN") => v * 5.0,
            _ => v,
        }),
    );
    ok(&store, &["import", "--no-scan", &file]);
    let may = alerts_of(&store, "2023-05");
    assert_eq!(of(&may, "PAN", "data_quality").len(), 1, "{may:#?}");
    assert!(
        may.iter()
            .any(|a| a["reporter"] == "MEX" && a["nationality"] == "HTI" && a["kind"] == "surge"),
        "{may:#?}"
    );
    let september = alerts_of(&store, "2023-09");
    assert!(
        september
            .iter()
            .any(|a| a["reporter"] == "PAN" && a["nationality"] == "CHN" && a["kind"] == "surge"),
        "{september:#?}"
    );
    // The May break is still named (its months are held), as of May.
    let notices = of(&september, "PAN", "data_quality");
    assert_eq!(notices.len(), 1, "{september:#?}");
    assert_eq!(
        notices[0]["covers"]["months"],
        serde_json::json!(["2023-05"])
    );
}

#[test]
fn confirming_the_months_ends_the_notice_and_judges_them_again() {
    let Some(data) = shared_data("confirming_the_months_ends_the_notice_and_judges_them_again")
    else {
        return;
    };
    let store = TestStore::new();
    // Mexico's last three months sent ten times over: a break that runs to
    // the latest month.
    let file = write(
        &store.scratch("iom.csv"),
        iom_with(&data, |m, r, _, v| {
            if r == "MEX" && m >= "2024-12" {
                v * 10.0
            } else {
                v
            }
        }),
    );
    ok(&store, &["import", &file]);
    let notices = json(&store, &["data", "notices", "--json"]);
    let mex: Vec<_> = notices
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["reporter"] == "MEX")
        .collect();
    assert_eq!(mex.len(), 1, "{notices:#}");
    // February's real figures fell so far that ten times them is no
    // longer out of line: the break is December and January.
    assert_eq!(
        mex[0]["covers"]["months"],
        serde_json::json!(["2024-12", "2025-01"])
    );
    let id = mex[0]["id"].as_str().unwrap().to_string();
    let done = json(
        &store,
        &[
            "--as-org",
            "MEX",
            "data",
            "confirm",
            "--notice",
            &id,
            "--note",
            "checked with the INM",
            "--json",
        ],
    );
    assert_eq!(
        done["alerts"]["closed"],
        serde_json::json!([id]),
        "{done:#}"
    );
    assert_eq!(done["confirmed"].as_array().unwrap().len(), 2, "{done:#}");
    let after = json(&store, &["data", "notices", "--json"]);
    assert!(
        after
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["reporter"] != "MEX"),
        "{after:#}"
    );
    let audit = ok(&store, &["audit", "--json"]);
    assert!(
        audit.contains("data.confirm") && audit.contains("alert.settle"),
        "{audit}"
    );
    assert!(ok(&store, &["data", "confirmations"]).contains("MEX 2025-01"));
}

#[test]
fn revising_the_months_through_an_import_ends_the_notice() {
    let Some(data) = shared_data("revising_the_months_through_an_import_ends_the_notice") else {
        return;
    };
    let store = TestStore::new();
    let broken = write(
        &store.scratch("broken.csv"),
        iom_with(&data, |m, r, _, v| {
            if r == "PAN" && m == "2024-02" {
                v * 10.0
            } else {
                v
            }
        }),
    );
    ok(&store, &["import", &broken]);
    let before = json(&store, &["data", "notices", "--json"]);
    assert_eq!(before.as_array().unwrap().len(), 1, "{before:#}");
    let revised = write(
        &store.scratch("revised.csv"),
        iom_with(&data, |_, _, _, v| v),
    );
    ok(&store, &["data", "revise", &revised]);
    let after = json(&store, &["data", "notices", "--json"]);
    assert_eq!(after, serde_json::json!([]), "{after:#}");
}

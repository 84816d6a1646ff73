//! The real publishers' files, imported as published: counts, CBP's own
//! fiscal-year totals, the OHSS workbook cell for cell, and IOM's Darién
//! figures against Panama's published ones.

mod common;

use std::collections::BTreeMap;

use calamine::{Data, Reader, Xlsx};
use common::*;
use serde_json::Value;

const OHSS: &str = "ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx";
const CBP: &str = "cbp-southwest-border/sbo-encounters-fy22-fy25-aug.csv";
const IOM: &str = "iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv";

fn import_all(store: &TestStore, data: &std::path::Path) -> Value {
    let files: Vec<String> = [OHSS, CBP, IOM]
        .iter()
        .map(|f| data.join(f).display().to_string())
        .collect();
    let mut args = vec!["import", "--json", "--share", "public"];
    args.extend(files.iter().map(String::as_str));
    json(store, &args)
}

/// Exported observations of a selection, as (period, nationality) → value.
fn values(store: &TestStore, filter: &[&str]) -> BTreeMap<(String, String), u64> {
    let mut args = vec!["export", "--format", "json"];
    args.extend_from_slice(filter);
    let rows = json(store, &args);
    rows.as_array()
        .expect("array")
        .iter()
        .map(|r| {
            (
                (
                    r["period"].as_str().unwrap().to_string(),
                    r["nationality"].as_str().unwrap().to_string(),
                ),
                r["value"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_real_dataset_imports_as_published_and_auto_detected() {
    let Some(data) = shared_data("every_real_dataset_imports_as_published_and_auto_detected")
    else {
        return;
    };
    let store = TestStore::new();
    let summary = import_all(&store, &data);
    // OHSS: 10,821 monthly citizenship rows + 14,889 region × citizenship
    // rows; CBP: 235 (month, citizenship group) totals of 1,936 rows; IOM:
    // 10,438 rows, one of them not reported.
    assert_eq!(summary["files"], 3);
    assert_eq!(summary["rows"], 10_821 + 14_889 + 235 + 10_437);
    assert_eq!(summary["new"], summary["rows"]);
    assert_eq!(summary["breakdowns"], 1_936);
    assert_eq!(summary["not_reported"], 1);
    let again = import_all(&store, &data);
    assert_eq!(again["new"], 0);
    assert_eq!(again["revised"], 0);
    assert_eq!(again["unchanged"], summary["rows"]);
}

#[test]
fn cbp_fiscal_year_totals_match_cbps_published_totals() {
    let Some(data) = shared_data("cbp_fiscal_year_totals_match_cbps_published_totals") else {
        return;
    };
    let store = TestStore::new();
    ok(
        &store,
        &[
            "import",
            "--format",
            "cbp",
            &data.join(CBP).display().to_string(),
        ],
    );
    let mut by_fy: BTreeMap<i32, u64> = BTreeMap::new();
    for ((period, _), v) in values(&store, &["--reporter", "USA", "--location", "SWB"]) {
        let (y, m) = period.split_once('-').unwrap();
        let (y, m): (i32, u32) = (y.parse().unwrap(), m.parse().unwrap());
        *by_fy.entry(if m >= 10 { y + 1 } else { y }).or_default() += v;
    }
    // CBP's published southwest land border totals (FY2022, FY2023), and
    // the file's own sums for FY2024 and FY2025 through August.
    assert_eq!(by_fy[&2022], 2_378_944);
    assert_eq!(by_fy[&2023], 2_475_669);
    assert_eq!(by_fy[&2024], 2_135_005);
    assert_eq!(by_fy[&2025], 432_059);
    // The breakdowns are kept and add up to the totals, never counted in them.
    let with = json(
        &store,
        &[
            "export",
            "--format",
            "json",
            "--breakdown",
            "--nationality",
            "MEX",
            "--from",
            "2021-10",
            "--to",
            "2021-10",
        ],
    );
    let rows = with.as_array().unwrap();
    let total: u64 = rows
        .iter()
        .filter(|r| r.get("breakdown").is_none())
        .map(|r| r["value"].as_u64().unwrap())
        .sum();
    let parts: u64 = rows
        .iter()
        .filter(|r| r.get("breakdown").is_some())
        .map(|r| r["value"].as_u64().unwrap())
        .sum();
    assert!(rows.len() > 2);
    assert_eq!(total, parts);
}

/// Reads a sheet of the workbook independently of the importer: fiscal
/// year, month label, [region,] citizenship, quantity.
fn workbook(path: &std::path::Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = calamine::open_workbook(path).expect("open workbook");
    let range = book.worksheet_range(sheet).expect("sheet");
    range.rows().skip(1).map(|r| r.to_vec()).collect()
}

fn calendar_month(fy: &Data, label: &Data) -> String {
    let fy = match fy {
        Data::Float(f) => *f as i32,
        Data::Int(i) => *i as i32,
        other => panic!("fiscal year {other:?}"),
    };
    let label = label.to_string();
    let index: i32 = label[..2].parse().unwrap();
    let month = (index + 8) % 12 + 1;
    let year = if index <= 3 { fy - 1 } else { fy };
    format!("{year:04}-{month:02}")
}

#[test]
fn ohss_monthly_figures_match_the_workbook_cell_for_cell() {
    let Some(data) = shared_data("ohss_monthly_figures_match_the_workbook_cell_for_cell") else {
        return;
    };
    let store = TestStore::new();
    let path = data.join(OHSS);
    ok(&store, &["import", &path.display().to_string()]);
    let stored = values(&store, &["--reporter", "USA", "--location", "ALL"]);
    let rows = workbook(&path, "Monthly Citizenship");
    assert_eq!(rows.len(), 10_821);
    assert_eq!(stored.len(), rows.len());
    for r in &rows {
        let period = calendar_month(&r[0], &r[1]);
        let nat = corredor_model::country::resolve(&r[2].to_string())
            .unwrap()
            .alpha3
            .to_string();
        let qty = match &r[3] {
            Data::Float(f) => *f as u64,
            Data::Int(i) => *i as u64,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            stored.get(&(period.clone(), nat.clone())),
            Some(&qty),
            "{period} {}",
            r[2]
        );
    }
    // Figures read off the workbook by hand.
    let at = |p: &str, n: &str| stored[&(p.to_string(), n.to_string())];
    assert_eq!(at("1999-10", "MEX"), 87_240);
    assert_eq!(at("2023-09", "VEN"), 54_890);
    assert_eq!(at("2023-12", "CHN"), 5_960);
    let month_total = |p: &str| {
        stored
            .iter()
            .filter(|((q, _), _)| q == p)
            .map(|(_, v)| v)
            .sum::<u64>()
    };
    assert_eq!(month_total("2023-08"), 182_360);
    assert_eq!(month_total("2019-05"), 133_470);

    let regions = workbook(&path, "Monthly Rgn and Citp");
    let mut total = 0;
    for (location, name) in [
        ("USBP_SWB", "Southwest Land Border"),
        ("USBP_NLB", "Northern Land Border"),
        ("USBP_CST", "Coastal Border"),
    ] {
        let stored = values(&store, &["--reporter", "USA", "--location", location]);
        let expected: Vec<_> = regions
            .iter()
            .filter(|r| r[2] == Data::String(name.to_string()))
            .collect();
        assert_eq!(stored.len(), expected.len(), "{location}");
        total += expected.len();
        for r in expected {
            let key = (
                calendar_month(&r[0], &r[1]),
                corredor_model::country::resolve(&r[3].to_string())
                    .unwrap()
                    .alpha3
                    .to_string(),
            );
            let qty = match &r[4] {
                Data::Float(f) => *f as u64,
                Data::Int(i) => *i as u64,
                other => panic!("{other:?}"),
            };
            assert_eq!(stored.get(&key), Some(&qty), "{location} {key:?}");
        }
    }
    assert_eq!(total, 14_889);
    let swb = values(
        &store,
        &[
            "--reporter",
            "USA",
            "--location",
            "USBP_SWB",
            "--nationality",
            "VEN",
            "--from",
            "2023-09",
            "--to",
            "2023-09",
        ],
    );
    assert_eq!(swb.values().copied().collect::<Vec<_>>(), vec![54_830]);
}

#[test]
fn darien_crossings_match_panamas_published_2023_figures() {
    let Some(data) = shared_data("darien_crossings_match_panamas_published_2023_figures") else {
        return;
    };
    let store = TestStore::new();
    let out = json(
        &store,
        &["import", "--json", &data.join(IOM).display().to_string()],
    );
    assert_eq!(out["rows"], 10_437);
    assert_eq!(out["not_reported"], 1);
    let pan = values(
        &store,
        &["--reporter", "PAN", "--from", "2023-01", "--to", "2023-12"],
    );
    let year = |n: &str| {
        pan.iter()
            .filter(|((_, m), _)| m == n)
            .map(|(_, v)| v)
            .sum::<u64>()
    };
    // Panama's migration service (SNM) figures for 2023 as reported by AFP.
    assert_eq!(year("VEN"), 328_650);
    assert_eq!(year("ECU"), 57_250);
    assert_eq!(year("HTI"), 46_422);
    assert_eq!(year("CHN"), 25_565);
    // August 2023, the busiest month on record in the Darién.
    let august: u64 = pan
        .iter()
        .filter(|((m, _), _)| m == "2023-08")
        .map(|(_, v)| v)
        .sum();
    assert_eq!(august, 81_901);
    // IOM's OOO (nationality unknown) is stored as ICAO's XXX.
    let list = json(
        &store,
        &["series", "list", "--json", "--nationality", "XXX"],
    );
    assert!(!list.as_array().unwrap().is_empty());
}

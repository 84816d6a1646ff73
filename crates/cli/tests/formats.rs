//! Export formats: golden files for CSV, JSON and HXL, and the round trip
//! import → export → import → export for random data in every format.

mod common;

use common::*;
use proptest::prelude::*;

const FIXTURE: &str = "reporter,location,nationality,indicator,period,value,source,share,share_with
PAN,ALL,VEN,irregular_entries,2023-08,64291,SNM,public,
PAN,ALL,HTI,irregular_entries,2023-08,3874,SNM,public,
PAN,ALL,Venezuela,irregular_entries,2023-09,59223,,members,
CRI,PASO_CANOAS,CHN,transit,2023-W35,412,\"DGME, boletín 34\",restricted,MEX;PAN
USA,SWB,XXX,encounters,2023-08-01,17,,,
";

fn fixture_store() -> TestStore {
    let store = TestStore::new();
    let file = write(&store.scratch("fixture.csv"), FIXTURE);
    ok(&store, &["import", "--source", "fixture", &file]);
    store
}

#[test]
fn exports_match_their_golden_files() {
    let store = fixture_store();
    golden("export.csv", &ok(&store, &["export", "--format", "csv"]));
    golden("export.json", &ok(&store, &["export", "--format", "json"]));
    golden(
        "export.hxl.csv",
        &ok(&store, &["export", "--format", "hxl"]),
    );
    golden(
        "series-list.json",
        &ok(&store, &["series", "list", "--json"]),
    );
    golden(
        "export-filtered.csv",
        &ok(
            &store,
            &[
                "export",
                "--reporter",
                "PAN",
                "--nationality",
                "VEN",
                "--from",
                "2023-09",
            ],
        ),
    );
}

#[test]
fn export_neutralises_formulas_for_spreadsheets() {
    let store = TestStore::new();
    // A formula cannot be imported as a source, but a breakdown label from
    // a publisher's file or a file name can reach an export.
    let file = write(
        &store.scratch("=HYPERLINK.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n"),
    );
    ok(&store, &["import", &file]);
    let csv = ok(&store, &["export"]);
    for line in csv.lines() {
        for cell in line.split(',') {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "unsafe cell {cell}"
            );
        }
    }
}

/// A publisher's breakdowns, exported beside their totals in each format,
/// import back as breakdowns: the second store exports the same, and
/// nothing is added to a total.
#[test]
fn breakdowns_export_and_import_back_in_every_format() {
    let store = TestStore::new();
    let file = write(
        &store.scratch("parts.csv"),
        "reporter,location,nationality,indicator,period,value,source,share,share_with,breakdown\n\
         USA,SWB,MEX,encounters,2025-08,300,CBP,public,,\n\
         USA,SWB,MEX,encounters,2025-08,200,CBP,public,,component=U.S. Border Patrol;demographic=UAC\n\
         USA,SWB,MEX,encounters,2025-08,100,CBP,public,,component=Office of Field Operations;demographic=\n\
         USA,SWB,HTI,encounters,2025-08,40,CBP note,restricted,MEX,\n\
         USA,SWB,HTI,encounters,2025-08,40,CBP note,restricted,MEX,component=U.S. Border Patrol\n",
    );
    let out = ok(&store, &["import", "--json", &file]);
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (summary["rows"].as_u64(), summary["breakdowns"].as_u64()),
        (Some(2), Some(3)),
        "{out}"
    );
    for format in ["csv", "hxl", "json"] {
        let exported = ok(&store, &["export", "--breakdown", "--format", format]);
        let again = TestStore::new();
        let file = write(&again.scratch(&format!("again.{format}")), &exported);
        ok(&again, &["import", &file]);
        assert_eq!(
            ok(&again, &["export", "--breakdown", "--format", format]),
            exported,
            "{format}"
        );
        // The totals alone are unchanged: the parts were not added to them.
        assert_eq!(ok(&again, &["export"]), ok(&store, &["export"]), "{format}");
    }
    // A breakdown that is not name=value pairs is refused at its cell, and
    // so is a part whose total neither the file nor the store gives.
    let bad = write(
        &store.scratch("bad.csv"),
        "reporter,location,nationality,indicator,period,value,breakdown\n\
         USA,SWB,MEX,encounters,2025-07,5,Border Patrol\n\
         USA,SWB,MEX,encounters,2025-07,5,=HYPERLINK()\n\
         USA,SWB,CUB,encounters,2025-07,3,component=U.S. Border Patrol\n\
         USA,SWB,MEX,encounters,2025-08,9,component=Office of Field Operations\n\
         USA,SWB,MEX,encounters,2025-08,99999999,component=U.S. Border Patrol\n\
         USA,SWB,MEX,encounters,2025-08,1,sex=f;sex=m\n",
    );
    let out = corredor(&store, &["import", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:2:7: breakdown 'Border Patrol': write name=value pairs"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:3:7: breakdown '=HYPERLINK()' starts like a spreadsheet formula"),
        "{err}"
    );
    assert!(err.contains("bad.csv:4:7: USA/SWB/CUB/encounters 2025-07 (component=U.S. Border Patrol) is a part of a total that neither this file nor the store gives"), "{err}");
    // A part of a total the store holds is taken, unless it exceeds it;
    // a dimension named twice is refused.
    assert!(!err.contains("bad.csv:5:"), "{err}");
    assert!(
        err.contains("bad.csv:6:6: USA/SWB/MEX/encounters 2025-08 (component=U.S. Border Patrol) is 99999999, more than its total of"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:7:7: breakdown 'sex=f;sex=m': 'sex' is named twice"),
        "{err}"
    );
}

/// Imports random rows, exports them as `export`, imports that export
/// into a fresh store as `import`, and checks both stores export the same.
fn round_trip(rows: &[(usize, usize, u32, u64)], export: &str, import: &str) {
    let a = TestStore::new();
    let mut csv = String::from(HEADER);
    let mut seen = std::collections::HashSet::new();
    for &(r, n, month, value) in rows {
        if seen.insert((r, n, month)) {
            csv.push_str(&format!(
                "{},ALL,{},irregular_entries,{:04}-{:02},{value}\n",
                ["PAN", "CRI", "MEX"][r],
                ["VEN", "HTI", "CHN", "XXX"][n],
                2020 + month / 12,
                month % 12 + 1
            ));
        }
    }
    ok(
        &a,
        &[
            "import",
            "--share",
            "public",
            &write(&a.scratch("in.csv"), csv),
        ],
    );
    let exported = ok(&a, &["export", "--format", export]);
    let b = TestStore::new();
    let file = write(&b.scratch("out.data"), &exported);
    ok(&b, &["import", "--format", import, &file]);
    assert_eq!(ok(&b, &["export", "--format", export]), exported);
    assert_eq!(
        ok(&b, &["export", "--format", "csv"]),
        ok(&a, &["export", "--format", "csv"])
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_round_trips_in_every_format(
        rows in prop::collection::vec((0usize..3, 0usize..4, 0u32..60, 0u64..1_000_000), 1..40)
    ) {
        for (export, import) in [("csv", "long"), ("json", "json"), ("hxl", "hxl")] {
            round_trip(&rows, export, import);
        }
    }
}

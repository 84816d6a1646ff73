//! The follow-up's figures end to end: indicator status from the figures,
//! national measures against commitments, pledges counted once in two
//! currencies, the IATI export against the 2.03 schema, and themes.

mod common;

use common::followup::*;
use common::{corredor, json, ok, write, TestStore};

#[test]
fn indicator_status_is_computed_from_the_figures() {
    let store = seeded();
    ok(
        &store,
        &[
            "commitment",
            "add",
            "--id",
            "DLA-INT-1",
            "--title",
            "Schooling for displaced children",
            "--group",
            "dla-integration",
            "--countries",
            "CHL,ECU",
            "--source",
            "Lima ministerial, October 2022",
        ],
    );
    let out = ok(
        &store,
        &[
            "commitment",
            "indicator",
            "--commitment",
            "DLA-INT-1",
            "--template",
            "school",
            "--baseline",
            "40",
            "--baseline-date",
            "2024-01-01",
            "--target",
            "80",
            "--deadline",
            "2026-01-01",
        ],
    );
    assert!(out.contains("(medium term, annual figures)"), "{out}");
    // Statuses as they stood in August 2025, so that the figures below do
    // not age with the calendar.
    let status = |store: &TestStore| -> String {
        let v = json(
            store,
            &["commitment", "list", "--on", "2025-08-01", "--json"],
        );
        v[0]["indicators"][0]["regional"]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status(&store), "no_data");
    // The commitment is Chile's and Ecuador's: a figure names which.
    let err = fails(&store, &measure_args("2025-01-01", "53", None));
    assert!(
        err.contains("name the country the figure measures, one of CHL, ECU"),
        "{err}"
    );
    let err = fails(&store, &measure_args("2025-01-01", "53", Some("PER")));
    assert!(
        err.contains("country PER: not a country of commitment DLA-INT-1"),
        "{err}"
    );
    // The path is at 40 + 40 × 366/731 = 60.03 on 1 January 2025; 53 is
    // 7.03 points (17.6% of the way) behind: at risk.
    ok(&store, &measure_args("2025-01-01", "53", Some("CHL")));
    assert_eq!(status(&store), "at_risk");
    // Half a year later the path is at 69.9; 69 is within a tenth.
    ok(&store, &measure_args("2025-07-01", "69", Some("CHL")));
    assert_eq!(status(&store), "on_track");
    // A figure dated after today would stand as the latest for good.
    let future = common::corredor(&store, &measure_args("2999-01-01", "80", Some("CHL")));
    assert!(!future.status.success());
    assert!(String::from_utf8_lossy(&future.stderr).contains("after today"));
    // A percentage beyond 100, and a second figure for a day already
    // recorded, are refused: a recorded figure is not revised.
    let measure =
        |date: &str, value: &str| common::corredor(&store, &measure_args(date, value, Some("CHL")));
    let said = |o: std::process::Output| String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(said(measure("2025-03-01", "151")).contains("a percentage from 0 to 100"));
    assert!(said(measure("2025-03-01", "1e308")).contains("within ±1e12"));
    assert!(said(measure("2025-07-01", "70")).contains("is recorded already (69"));
    let v = json(&store, &["commitment", "list", "--json"]);
    assert_eq!(v[0]["pillar"], 1);
    assert_eq!(
        v[0]["indicators"][0]["measurements"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(v[0]["indicators"][0]["unit"], "%");

    // A permanent participant's report is kept beside the figures.
    common::followup::accredit(&store, "CSO-RED", "permanent_participant");
    ok(
        &store,
        &[
            "--as-org",
            "CSO-RED",
            "monitoring",
            "add",
            "--commitment",
            "DLA-INT-1",
            "--assessment",
            "at_risk",
            "--text",
            "Enrolment lags in border provinces",
            "--evidence",
            "https://example.org/report.pdf",
            "--date",
            "2025-07-15",
        ],
    );
    let v = json(
        &store,
        &["commitment", "list", "--on", "2025-08-01", "--json"],
    );
    assert_eq!(v[0]["monitoring"][0]["org"], "CSO-RED");
    assert_eq!(v[0]["monitoring"][0]["assessment"], "at_risk");
    assert_eq!(v[0]["indicators"][0]["regional"]["status"], "on_track");
    let err = fails(
        &store,
        &[
            "monitoring",
            "add",
            "--commitment",
            "DLA-INT-1",
            "--assessment",
            "at_risk",
            "--text",
            "x",
            "--evidence",
            "not a link",
        ],
    );
    assert!(err.contains("evidence 'not a link'"), "{err}");
}

#[test]
fn restrictive_national_measures_against_commitments_are_reported() {
    let store = seeded();
    ok(
        &store,
        &[
            "commitment",
            "add",
            "--id",
            "DLA-REG-1",
            "--title",
            "Regularise Venezuelans",
            "--group",
            "dla-regularisation",
            "--countries",
            "ECU",
            "--source",
            "Lima ministerial",
        ],
    );
    for (country, theme, effect, title) in [
        (
            "ECU",
            "regularisation",
            "restricts",
            "Ends the regularisation process",
        ),
        (
            "ECU",
            "regularisation",
            "expands",
            "Extends the regularisation process",
        ),
        ("PER", "xenophobia", "restricts", "Expulsion campaign"),
        ("JAM", "visas", "restricts", "New visa requirement"),
    ] {
        ok(
            &store,
            &[
                "measure",
                "add",
                "--country",
                country,
                "--date",
                "2024-05-01",
                "--title",
                title,
                "--theme",
                theme,
                "--effect",
                effect,
                "--source",
                "official gazette",
            ],
        );
    }
    let v = json(&store, &["consistency", "--json"]);
    let found: Vec<(String, serde_json::Value, serde_json::Value)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["measure"]["country"].as_str().unwrap().to_string(),
                i["commitments"].clone(),
                i["led_groups"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "ECU".to_string(),
                serde_json::json!(["DLA-REG-1"]),
                serde_json::json!([])
            ),
            (
                "PER".to_string(),
                serde_json::json!([]),
                serde_json::json!(["dla-xenophobia"])
            ),
        ]
    );
}

#[test]
fn pledge_totals_count_each_step_once_in_two_currencies() {
    let store = seeded();
    pledges(&store);
    let usd = json(&store, &["pledge", "report", "--currency", "USD", "--json"]);
    // Hand-checked, each step at its own date's rate:
    //   Italy pledged   1,000,000.00 EUR × 1.2  (1 Jun 2021) = 1,200,000.00
    //   Italy committed 1,000,000.00 EUR × 1.18 (1 Sep 2021) = 1,180,000.00
    //   Italy disbursed   400,000.00 EUR × 1.1  (1 Jan 2022) =   440,000.00
    //   Canada pledged    250,000 CAD ÷ 1.25 (15 Feb 2022)   =   200,000.00
    //   US pledged        500,000.00 USD                     =   500,000.00
    // Italy's pledge and disbursement, reported by donor and recipient,
    // count once.
    common::golden(
        "pledge-report-usd.json",
        &serde_json::to_string_pretty(&usd).unwrap(),
    );
    assert_eq!(usd["pledges"], 3);
    assert_eq!(usd["pledged"], "1900000.00");
    assert_eq!(usd["committed"], "1180000.00");
    assert_eq!(usd["disbursed"], "440000.00");
    let eur = json(&store, &["pledge", "report", "--currency", "EUR", "--json"]);
    //   Italy: 1,000,000.00 EUR pledged and committed, 400,000.00 disbursed
    //   Canada: 250,000 CAD → 200,000 USD ÷ 1.1 (EUR→USD of 1 Jan 2022,
    //           the latest on 1 Mar 2022) = 181,818.1818… → 181,818.18
    //   US: 500,000.00 USD ÷ 1.05 (1 Jun 2022) = 476,190.476… → 476,190.48
    assert_eq!(eur["pledged"], "1658008.66");
    assert_eq!(eur["committed"], "1000000.00");
    assert_eq!(eur["disbursed"], "400000.00");
    let italy = eur["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "MIRPS-2021-IT")
        .unwrap();
    assert_eq!(
        italy["recipient"],
        serde_json::json!({"kind": "mechanism", "code": "MIRPS"})
    );
    // Importing the same files again adds no money, only confirmations.
    let donor = write(&store.scratch("donor.csv"), DONOR_FILE);
    let out = ok(&store, &["pledge", "import", &donor]);
    assert!(
        out.contains("0 new pledges, 0 new steps, 4 reports"),
        "{out}"
    );
    assert_eq!(
        json(&store, &["pledge", "report", "--json"])["pledged"],
        "1900000.00"
    );
    // A day's rate is not revised: a different one is refused where it is.
    let other = write(
        &store.scratch("other-rates.csv"),
        "date,base,quote,rate\n2021-06-01,EUR,USD,1.2\n2021-06-01,EUR,USD,1.25\n",
    );
    let err = fails(
        &store,
        &["rates", "import", &other, "--source", "another bank"],
    );
    assert!(
        err.contains("other-rates.csv:3:4: the EUR→USD rate of 2021-06-01 is 1.2 already"),
        "{err}"
    );
    // No rate for the step's date: the step is left out of the totals,
    // and the report says which rate is missing.
    let out = common::corredor(&store, &["pledge", "report", "--currency", "JPY"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("left out of the totals: no rate from CAD to JPY on or before 2022-03-01"),
        "{err}"
    );
}

#[test]
fn a_pledge_file_with_problems_imports_nothing_and_says_where() {
    let store = seeded();
    pledges(&store);
    let before = ok(&store, &["pledge", "export", "--format", "csv"]);
    let bad = write(
        &store.scratch("bad.csv"),
        "id,donor,recipient,purpose,amount,currency,status,date,source\n\
         NEW-1,Spain,GTM,Return,100000.00,EUR,pledged,2023-01-10,Spain\n\
         MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,900000.00,EUR,pledged,2021-06-10,a third report\n\
         NEW-2,Spain,Atlantis,Return,1.000,EUR,promised,2023-01-10,Spain\n",
    );
    let out = corredor(&store, &["pledge", "import", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv:4:3: recipient 'Atlantis'"), "{err}");
    assert!(
        err.contains("bad.csv:4:5: amount 1.000: EUR has 2 decimal places"),
        "{err}"
    );
    assert!(err.contains("bad.csv:4:7: status 'promised'"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    // Fix the third row: the second still disagrees with what is known.
    let bad = write(
        &store.scratch("bad.csv"),
        "id,donor,recipient,purpose,amount,currency,status,date,source\n\
         NEW-1,Spain,GTM,Return,100000.00,EUR,pledged,2023-01-10,Spain\n\
         MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,900000.00,EUR,pledged,2021-06-10,a third report\n",
    );
    let err = fails(&store, &["pledge", "import", &bad]);
    assert!(
        err.contains(
            "bad.csv:3:5: pledge MIRPS-2021-IT is already pledged as 1000000.00 EUR on 2021-06-10"
        ),
        "{err}"
    );
    assert_eq!(
        ok(&store, &["pledge", "export", "--format", "csv"]),
        before,
        "nothing changed"
    );
}

#[test]
fn the_csv_export_reimports_as_reports_of_known_steps() {
    let store = seeded();
    pledges(&store);
    let csv = ok(&store, &["pledge", "export", "--format", "csv"]);
    // One row per report: 4 from the donor, 3 from the recipient.
    assert_eq!(csv.lines().count(), 1 + 7, "{csv}");
    let fresh = seeded();
    let file = write(&fresh.scratch("export.csv"), &csv);
    ok(&fresh, &["pledge", "import", &file]);
    assert_eq!(ok(&fresh, &["pledge", "export", "--format", "csv"]), csv);
}

#[test]
fn the_iati_export_validates_against_the_2_03_schema() {
    let store = seeded();
    pledges(&store);
    let xml = ok(&store, &["pledge", "export", "--format", "iati"]);
    // The golden file with the generation time fixed: the rest is stable.
    let stamp = xml
        .split("generated-datetime=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    common::golden(
        "pledges-iati.xml",
        &xml.replace(stamp, "2026-01-01T00:00:00Z"),
    );
    assert_eq!(xml.matches("<iati-activity ").count(), 3);
    // Italy's pledge: the pledge (12), the commitment (2) and the
    // disbursement (3), each once, in euros.
    assert!(xml.contains("<iati-identifier>XM-CORREDOR-MIRPS-2021-IT</iati-identifier>"));
    assert_eq!(xml.matches(r#"<transaction-type code="12"/>"#).count(), 3);
    assert_eq!(xml.matches(r#"<transaction-type code="2"/>"#).count(), 1);
    assert_eq!(xml.matches(r#"<transaction-type code="3"/>"#).count(), 1);
    assert!(xml.contains(r#"<value currency="EUR" value-date="2022-01-15">400000.00</value>"#));
    assert!(xml.contains(r#"<recipient-country code="CR" percentage="100"/>"#));
    let Some(data) = common::shared_data("the_iati_export_validates_against_the_2_03_schema")
    else {
        return;
    };
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!(
            "xmllint is needed to validate IATI: apt-get install libxml2-utils (scripts/test does)"
        );
    }
    let file = store.scratch("iati.xml");
    std::fs::write(&file, &xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(data.join("schemas/iati/iati-activities-schema.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "IATI export does not validate:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The check can fail: an activity without its identifier does not validate.
    let broken = xml.replacen(
        "<iati-identifier>XM-CORREDOR-CRI-ASYLUM</iati-identifier>",
        "",
        1,
    );
    std::fs::write(&file, &broken).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(data.join("schemas/iati/iati-activities-schema.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn themes_covered_by_several_mechanisms_and_by_none() {
    let store = seeded();
    let v = json(&store, &["themes", "--json"]);
    assert!(v["single"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["theme"] == "regularisation"));
    let asylum = v["duplicated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["theme"] == "asylum")
        .unwrap();
    assert_eq!(
        asylum["mechanisms"],
        serde_json::json!(["DLA", "MIRPS", "QP"])
    );
    assert_eq!(
        v["uncovered"],
        serde_json::json!(["climate-displacement", "statelessness"])
    );
}

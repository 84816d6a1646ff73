//! The donors' forum end to end: appeals' requirements, pledges in money
//! and in kind answering them, a party reporting its own step with its
//! organisation's token, the secretariat verifying it, the coverage as
//! OCHA's FTS shows it, and the IATI export with organisation identifiers
//! and sectors, valid against the 2.03 schema.

mod common;

use common::followup::*;
use common::{ok, TestStore};

/// A store with the example appeal, the secretariat's pledges for it and
/// the rates its coverage converts at.
fn forum() -> TestStore {
    let store = forum_without_pledges();
    let out = ok(&store, &["pledge", "import", &example("forum-pledges.csv")]);
    assert!(out.contains("5 new pledges, 7 new steps"), "{out}");
    store
}

/// The forum's rates and requirements, with no pledge yet.
fn forum_without_pledges() -> TestStore {
    let store = seeded();
    ok(
        &store,
        &[
            "rates",
            "import",
            &example("rates-2025.csv"),
            "--source",
            "SIMULATED example rates",
        ],
    );
    let out = ok(
        &store,
        &[
            "pledge",
            "requirements",
            "import",
            &example("requirements.csv"),
        ],
    );
    assert!(out.contains("4 new requirements, 0 unchanged"), "{out}");
    // Again, unchanged: nothing new, nothing refused.
    let out = ok(
        &store,
        &[
            "pledge",
            "requirements",
            "import",
            &example("requirements.csv"),
        ],
    );
    assert!(out.contains("0 new requirements, 4 unchanged"), "{out}");
    store
}

#[test]
fn parties_report_their_own_steps_and_the_secretariat_verifies_them() {
    use common::server::{get, post, Server};
    let store = forum();
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let cri = token(&store, "CRI", "Dirección General de Migración", "analyst");
    let pan = token(&store, "PAN", "Servicio Nacional de Migración", "analyst");
    let obs = token(&store, "OBS", "An observer", "observer");
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    let recipient = std::fs::read_to_string(example("forum-recipient.csv")).unwrap();

    assert_eq!(
        get(&url("/api/v1/requirements"), None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // Panama is neither Spain nor Costa Rica: refused, nothing written.
    let answer = post(&url("/api/v1/pledges"), Some(&pan), "text/csv", &recipient);
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(
        answer
            .body
            .contains("PAN is neither its donor (Spain) nor its recipient (CRI)"),
        "{}",
        answer.body
    );
    let answer = post(&url("/api/v1/pledges"), Some(&obs), "text/csv", &recipient);
    assert_eq!(answer.status, 403, "{}", answer.body);
    // Costa Rica, the recipient, reports the disbursement itself.
    let answer = post(&url("/api/v1/pledges"), Some(&cri), "text/csv", &recipient);
    assert_eq!(answer.status, 201, "{}", answer.body);
    let coverage = |currency: &str| {
        let c = get(
            &url(&format!(
                "/api/v1/requirements/coverage?currency={currency}"
            )),
            None,
        );
        assert_eq!(c.status, 200, "{}", c.body);
        c.json()
    };
    let line = |c: &serde_json::Value, id: &str| {
        c["requirements"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["requirement"]["id"] == id)
            .cloned()
            .unwrap()
    };
    let c = coverage("USD");
    let cri_line = line(&c, "CRI-ASYLUM-2025");
    // 1,200,000.00 EUR at 1.03 (the rate of 2025-01-02); 400,000.00 EUR at
    // 1.14 (the rate of 2025-06-02, the latest before 2025-07-01).
    assert_eq!(cri_line["covered"]["pledged"], "1236000.00");
    assert_eq!(cri_line["covered"]["disbursed"], "456000.00");
    assert_eq!(cri_line["percent"]["pledged"], "41.2");
    // Reported by the recipient, not yet verified.
    assert_eq!(cri_line["verified"]["disbursed"], "0.00");
    assert_eq!(cri_line["verified"]["pledged"], "1236000.00");
    // Its export read back by another instance's secretariat keeps that
    // disbursement unverified, and the verified steps their verifier.
    let csv = ok(&store, &["pledge", "export", "--format", "csv"]);
    assert_eq!(get(&url("/api/v1/pledges.csv"), None).body, csv);
    assert!(
        csv.contains(",disbursed,2025-07-01,SIMULATED example: Costa Rica's migration agency,CRI-ASYLUM-2025,,,,,\n"),
        "{csv}"
    );
    let elsewhere = forum_without_pledges();
    let file = common::write(&elsewhere.scratch("export.csv"), &csv);
    ok(&elsewhere, &["pledge", "import", &file]);
    assert_eq!(
        ok(&elsewhere, &["pledge", "export", "--format", "csv"]),
        csv
    );
    let json = ok(
        &elsewhere,
        &["pledge", "coverage", "--currency", "USD", "--json"],
    );
    let read_back: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        line(&read_back, "CRI-ASYLUM-2025")["verified"],
        cri_line["verified"]
    );
    // Italy's seconded staff answer the requirement in kind: apart, with
    // the donor's estimate, in no total.
    assert_eq!(cri_line["apart"][0]["pledge"], "IT-CRI-STAFF-2025");
    assert_eq!(cri_line["apart"][0]["unit"], "staff_months");
    assert_eq!(cri_line["apart"][0]["estimate"]["amount"], "180000.00");
    // Beds against beds: 600 of 1,500.
    let beds = line(&c, "MEX-SHELTER-2025");
    assert_eq!(beds["covered"]["pledged"], "600");
    assert_eq!(beds["percent"]["pledged"], "40.0");
    // The appeal in dollars: Costa Rica's and Panama's requirements, and
    // each step converted from its own currency at its own date.
    let appeal = &c["appeals"][0];
    assert_eq!(appeal["required"], "5500000.00");
    // 1,236,000.00 + 1,500,000.00 CAD ÷ 1.44 (1,041,666.67).
    assert_eq!(appeal["covered"]["pledged"], "2277666.67");
    // 456,000.00 + 750,000.00 CAD ÷ 1.37 (547,445.26).
    assert_eq!(appeal["covered"]["disbursed"], "1003445.26");

    // Only the secretariat verifies, once.
    let verify = url("/api/v1/pledges/ES-CRI-2025/steps/disbursed/verify");
    assert_eq!(
        post(&verify, Some(&cri), "application/json", "").status,
        403
    );
    let answer = post(&verify, Some(&sec), "application/json", "");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.json()["by"], "SEC");
    let again = post(&verify, Some(&sec), "application/json", "");
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(
        again.body.contains("verified already by SEC"),
        "{}",
        again.body
    );
    assert_eq!(
        post(
            &url("/api/v1/pledges/NOPE/steps/pledged/verify"),
            Some(&sec),
            "application/json",
            ""
        )
        .status,
        404
    );
    let c = coverage("USD");
    assert_eq!(
        line(&c, "CRI-ASYLUM-2025")["verified"]["disbursed"],
        "456000.00"
    );
    // With no rate for a currency asked, the coverage says what it
    // could not convert, and leaves it out of the appeal's totals.
    let c = coverage("MXN");
    let missing = c["unconverted"].as_array().unwrap();
    assert!(
        missing.iter().any(|m| m["needed"]["kind"] == "requirement"
            && m["needed"]["requirement"] == "CRI-ASYLUM-2025"
            && m["from"] == "USD"
            && m["to"] == "MXN"),
        "{missing:?}"
    );
    assert_eq!(c["appeals"][0]["required"], "0.00");

    // Requirements: the secretariat's, all or nothing, every problem placed.
    let bad = "id,appeal,requester,for_whom,recipient,sector,amount,unit,start,end,source\n\
               X1,Plan,Gov,People,CRI,15190,10.00,USD,2025-01-01,2025-12-31,src\n\
               X2,Plan,Gov,People,CRI,1519,12.5,beds,2025-01-01,2025-12-31,src\n";
    let answer = post(&url("/api/v1/requirements"), Some(&sec), "text/csv", bad);
    assert_eq!(answer.status, 422, "{}", answer.body);
    let problems = answer.json()["problems"].clone();
    assert_eq!(problems[0]["line"], 3);
    assert_eq!(problems[0]["column"], 6);
    assert_eq!(
        get(&url("/api/v1/requirements"), None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        4,
        "nothing of the refused file was recorded"
    );
    assert_eq!(
        post(&url("/api/v1/requirements"), Some(&cri), "text/csv", bad).status,
        403
    );
    // A requirement given again with other figures is refused.
    let revised = std::fs::read_to_string(example("requirements.csv"))
        .unwrap()
        .replace("3000000.00,USD", "3500000.00,USD");
    let answer = post(
        &url("/api/v1/requirements"),
        Some(&sec),
        "text/csv",
        &revised,
    );
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(
        answer.body.contains("CRI-ASYLUM-2025 is recorded already"),
        "{}",
        answer.body
    );

    // Every step is audited with who did it.
    let audit = ok(&store, &["audit"]);
    for (action, org) in [("pledge.report", "CRI"), ("pledge.verify", "SEC")] {
        assert!(
            audit.lines().any(|l| l.contains(action) && l.contains(org)),
            "{action} by {org} is audited:\n{audit}"
        );
    }
}

#[test]
fn a_partys_pledge_in_a_currency_without_rates_leaves_everyone_elses_totals() {
    use common::server::{get, post, Server};
    let store = forum();
    let cri = token(&store, "CRI", "Dirección General de Migración", "analyst");
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    let before = get(&url("/api/v1/pledges/report"), None).json();
    let before_outside = get(&url("/api/v1/requirements/coverage"), None).json()["outside_pledges"]
        .as_array()
        .map_or(0, Vec::len);
    assert!(before["unconverted"].as_array().unwrap().is_empty());
    // Costa Rica, a party to its own pledge, reports one in yen of 1950:
    // no rate reaches it. It is stored, unverified, as any party's report.
    let odd = "id,donor,recipient,purpose,amount,currency,status,date,source\n\
               CRI-X-1,Costa Rica,CRI,Own reception,1000,JPY,pledged,1950-01-01,test\n";
    let answer = post(&url("/api/v1/pledges"), Some(&cri), "text/csv", odd);
    assert_eq!(answer.status, 201, "{}", answer.body);
    // The report, the coverage and the donors' page still answer, with
    // the same totals, and say what they left out.
    let after = get(&url("/api/v1/pledges/report"), None);
    assert_eq!(after.status, 200, "{}", after.body);
    let after = after.json();
    assert_eq!(after["pledged"], before["pledged"]);
    assert_eq!(after["pledges"], before["pledges"]);
    assert_eq!(after["lines"], before["lines"]);
    let missing = &after["unconverted"][0];
    assert_eq!(
        (
            &missing["pledge"],
            &missing["stage"],
            &missing["from"],
            &missing["date"]
        ),
        (
            &serde_json::json!("CRI-X-1"),
            &serde_json::json!("pledged"),
            &serde_json::json!("JPY"),
            &serde_json::json!("1950-01-01")
        )
    );
    assert_eq!(missing["amount"], "1000");
    let c = get(&url("/api/v1/requirements/coverage"), None);
    assert_eq!(c.status, 200, "{}", c.body);
    assert_eq!(
        c.json()["outside_pledges"].as_array().map(Vec::len),
        Some(before_outside)
    );
    assert_eq!(c.json()["unconverted"][0]["needed"]["pledge"], "CRI-X-1");
    for (lang, words) in [
        ("en", "Left out of the totals"),
        ("es", "Fuera de los totales"),
    ] {
        let page = get(&url(&format!("/scorecard/donors?lang={lang}")), None);
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(words), "{}", page.body);
        assert!(page.body.contains("CRI-X-1"), "{}", page.body);
        assert!(page.body.contains("id=\"unconverted-h\""), "{}", page.body);
        let amount = if lang == "en" {
            "1,000 JPY"
        } else {
            "1000 JPY"
        };
        assert!(
            page.body.contains(amount),
            "{lang}: the amount on the donors' page"
        );
        let page = get(&url(&format!("/scorecard?lang={lang}")), None);
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains(words), "{}", page.body);
        // The pledge left out is named with its amount and currency.
        assert!(
            page.body.contains("data-unconverted=\"CRI-X-1\""),
            "{}",
            page.body
        );
        assert!(page.body.contains(amount), "{lang}: the amount");
    }
    let out = ok(&store, &["pledge", "report"]);
    assert!(out.contains("pledges in USD"), "{out}");
}

#[test]
fn every_activity_names_its_organisations_and_sector_and_validates() {
    let store = forum();
    let xml = ok(&store, &["pledge", "export", "--format", "iati"]);
    let activities: Vec<&str> = xml.split("<iati-activity ").skip(1).collect();
    assert_eq!(activities.len(), 5);
    for a in &activities {
        assert!(
            a.contains("<participating-org role=\"1\" ref=\"")
                && a.contains("<sector vocabulary=\"1\" code=\""),
            "an activity without an organisation identifier or a sector:\n{a}"
        );
    }
    // Spain, a government, by its OECD DAC donor code; the sector of the
    // requirement each pledge answers.
    assert!(
        xml.contains(r#"<participating-org role="1" ref="XM-DAC-50" type="10">"#),
        "{xml}"
    );
    assert!(xml.contains(r#"<sector vocabulary="1" code="15190">"#));
    assert!(xml.contains(r#"<sector vocabulary="1" code="72010">"#));
    // A pledge in kind: its estimate is the transaction, said to be one.
    assert!(xml.contains(r#"<value currency="USD" value-date="2025-02-20">900000.00</value>"#));
    assert!(xml.contains("in kind: 600 shelter beds"), "{xml}");
    let Some(data) =
        common::shared_data("every_activity_names_its_organisations_and_sector_and_validates")
    else {
        return;
    };
    let file = store.scratch("forum-iati.xml");
    std::fs::write(&file, &xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(data.join("schemas/iati/iati-activities-schema.xsd"))
        .arg(&file)
        .output()
        .expect(
            "xmllint is needed to validate IATI: apt-get install libxml2-utils (scripts/test does)",
        );
    assert!(
        out.status.success(),
        "IATI export does not validate:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_command_line_prints_the_coverage_and_refuses_a_bad_pledge_in_kind() {
    let store = forum();
    let out = ok(&store, &["pledge", "coverage"]);
    assert!(
        out.contains("Regional appeal 2025 (SIMULATED): required 5500000.00 USD; pledged 2277666.67, committed 1236000.00, disbursed 547445.26"),
        "{out}"
    );
    assert!(
        out.contains("in kind, shelter beds: required 1500; pledged 600"),
        "{out}"
    );
    let bad = common::write(
        &store.scratch("kind.csv"),
        "id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency\n\
         K1,Spain,CRI,Shelter,12.5,beds,pledged,2025-02-01,x,CRI-ASYLUM-2025,,,\n\
         K2,Spain,CRI,Shelter,10,beds,pledged,2025-02-01,x,NOPE,,100.00,\n",
    );
    let err = fails(&store, &["pledge", "import", &bad]);
    assert!(
        err.contains("kind.csv:2:5: amount 12.5: beds are counted in whole numbers"),
        "{err}"
    );
    assert!(
        err.contains("kind.csv:3:13: estimate_currency is empty"),
        "{err}"
    );
    // An export in the extended columns imports back unchanged.
    let csv = ok(&store, &["pledge", "export", "--format", "csv"]);
    assert!(csv.starts_with("id,donor,recipient,purpose,amount,unit,status,date,source,requirement,sector,estimate,estimate_currency"));
    let fresh = forum();
    let file = common::write(&fresh.scratch("again.csv"), &csv);
    ok(&fresh, &["pledge", "import", &file]);
    assert_eq!(ok(&fresh, &["pledge", "export", "--format", "csv"]), csv);
}

#[test]
fn a_countrys_scorecard_lists_its_pledges_in_kind_apart_from_money() {
    use common::server::{get, Server};
    let store = forum();
    let server = Server::start(&store, &[]);
    // Mexico has one pledge, of shelter beds, and none in money.
    let page = get(&format!("{}/scorecard/country/MEX", server.url), None);
    assert_eq!(page.status, 200);
    let body = &page.body;
    let row = &body[body
        .find("data-pledge=\"US-MEX-BEDS-2025\"")
        .expect("the pledge of beds is listed")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains("600 shelter beds"), "{row}");
    // With the day it was pledged, so that an old precedent reads as one.
    assert!(row.contains("20 February 2025"), "{row}");
    assert!(body.contains("not in the totals in money"), "{body}");
    // Nothing pledged in money: a dash, not "0 USD".
    let pledged = &body[body.find("id=\"total-pledged\"").unwrap()..];
    assert!(pledged[..120].contains("—"), "{}", &pledged[..120]);
    // In Spanish, in Spanish.
    let es = get(
        &format!("{}/scorecard/country/MEX?lang=es", server.url),
        None,
    )
    .body;
    assert!(es.contains("600 camas de albergue"), "{es}");
    // The donor's page lists what it gave, apart from what it received.
    let usa = get(&format!("{}/scorecard/country/USA", server.url), None).body;
    let given = &usa[usa
        .find("id=\"given-pledges-h\"")
        .expect("a section of the pledges the United States made")..];
    assert!(
        given.contains("data-pledge=\"US-MEX-BEDS-2025\""),
        "{given}"
    );
    let received = &usa[..usa.find("id=\"given-pledges-h\"").unwrap()];
    assert!(!received.contains("data-pledge="), "{received}");
}

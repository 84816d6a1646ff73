//! Working groups in a standard format: a charter (purpose, expected
//! outcomes), who takes part as dated events, and the group's report as a
//! page and as JSON, the same from the command line and the API.

mod common;

use common::followup::*;
use common::server::{get, post, Server};
use common::{json, ok};

#[test]
fn a_groups_charter_and_dated_roles_make_its_report_on_any_day() {
    let store = seeded();
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let cso = token(&store, "CSO", "A migrant-led network", "participant");
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    let charter = r#"{"purpose": "Match willing workers with labour demand in the region",
        "outcomes": ["A regional list of labour pathways", "10,000 workers placed through them"],
        "source": "Labour mobility group, minutes of 2023-05-10"}"#;
    assert_eq!(
        post(
            &url("/api/v1/groups/dla-labour/charter"),
            Some(&cso),
            "application/json",
            charter
        )
        .status,
        403
    );
    let set = post(
        &url("/api/v1/groups/dla-labour/charter"),
        Some(&sec),
        "application/json",
        charter,
    );
    assert_eq!(set.status, 201, "{}", set.body);
    assert_eq!(
        post(
            &url("/api/v1/groups/dla-nothing/charter"),
            Some(&sec),
            "application/json",
            charter
        )
        .status,
        404
    );

    let event = |body: &str| {
        post(
            &url("/api/v1/groups/dla-labour/events"),
            Some(&sec),
            "application/json",
            body,
        )
    };
    for body in [
        r#"{"participant": "CAN", "kind": "join", "date": "2024-03-01", "source": "letter of 2024-02-20"}"#,
        r#"{"participant": "GTM", "kind": "leave", "date": "2024-09-01", "source": "minutes"}"#,
        r#"{"participant": "SLV", "kind": "lead", "date": "2025-01-01", "source": "minutes"}"#,
    ] {
        let r = event(body);
        assert_eq!(r.status, 201, "{body}: {}", r.body);
    }
    // Out of order, or not following: refused, saying why.
    let late =
        event(r#"{"participant": "BRA", "kind": "join", "date": "2024-01-01", "source": "s"}"#);
    assert_eq!(late.status, 400);
    assert!(late.body.contains("recorded in order"), "{}", late.body);
    let twice =
        event(r#"{"participant": "CAN", "kind": "join", "date": "2025-02-01", "source": "s"}"#);
    assert!(
        twice.body.contains("CAN already takes part"),
        "{}",
        twice.body
    );

    let on = |day: &str| {
        get(
            &url(&format!("/api/v1/groups/dla-labour/report?on={day}")),
            None,
        )
        .json()
    };
    let before = on("2024-01-01");
    assert_eq!(before["roster"]["leads"], serde_json::json!(["MEX"]));
    assert!(before["events"].as_array().unwrap().is_empty());
    let after = on("2025-06-01");
    assert_eq!(after["roster"]["leads"], serde_json::json!(["SLV"]));
    let participants = after["roster"]["participants"].as_array().unwrap();
    assert!(participants.contains(&"CAN".into()) && participants.contains(&"MEX".into()));
    assert!(!participants.contains(&"GTM".into()));
    assert_eq!(after["events"].as_array().unwrap().len(), 3);
    assert_eq!(
        after["charter"]["outcomes"][1],
        "10,000 workers placed through them"
    );
    // The command line gives the same report.
    assert_eq!(
        json(
            &store,
            &[
                "group",
                "report",
                "--id",
                "dla-labour",
                "--on",
                "2025-06-01",
                "--json"
            ]
        ),
        after
    );

    // The page, in English and Spanish.
    let page = |lang: &str| {
        let r = ureq_lang(&url("/scorecard/group/dla-labour"), lang);
        assert!(r.contains("Match willing workers"), "{lang}");
        assert!(r.contains("10,000 workers placed through them"), "{lang}");
        r
    };
    let en = page("en");
    assert!(
        en.contains("Expected outcomes") && en.contains("takes the lead"),
        "en"
    );
    let es = page("es");
    assert!(
        es.contains("Resultados esperados")
            && es.contains("asume el liderazgo")
            && es.contains("Movilidad laboral"),
        "es"
    );
    // Every change is audited.
    let audit = ok(&store, &["audit", "--json"]);
    for action in ["group.charter", "group.join", "group.leave", "group.lead"] {
        assert!(audit.contains(action), "{action}");
    }
}

fn ureq_lang(url: &str, lang: &str) -> String {
    let mut r = common::server::agent()
        .get(url)
        .header("Cookie", &format!("lang={lang}"))
        .call()
        .unwrap();
    r.body_mut().read_to_string().unwrap()
}

#[test]
fn groups_rates_and_pledges_with_their_steps_go_through_the_api_too() {
    let store = seeded();
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    let group = r#"{"id": "dla-data", "mechanism": "DLA", "pillar": 4, "name": "Migration data",
        "theme": "data", "leads": ["PAN"], "source": "Ministerial, 2026-06-01"}"#;
    assert_eq!(
        post(
            &url("/api/v1/registry/groups"),
            None,
            "application/json",
            group
        )
        .status,
        401
    );
    let added = post(
        &url("/api/v1/registry/groups"),
        Some(&sec),
        "application/json",
        group,
    );
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(
        get(&url("/api/v1/groups/dla-data/report"), None).json()["roster"]["leads"],
        serde_json::json!(["PAN"])
    );
    assert_eq!(
        post(
            &url("/api/v1/registry/groups"),
            Some(&sec),
            "application/json",
            group
        )
        .status,
        409
    );

    let rates = "date,base,quote,rate\n2021-06-01,EUR,USD,1.2\n";
    let loaded = post(
        &url("/api/v1/rates?source=ECB"),
        Some(&sec),
        "text/csv",
        rates,
    );
    assert_eq!(loaded.status, 201, "{}", loaded.body);
    assert_eq!(loaded.json()["added"], 1);
    let bad = post(
        &url("/api/v1/rates?source=ECB"),
        Some(&sec),
        "text/csv",
        "date,base,quote,rate\n2021-06-01,EUR,USD,x\n",
    );
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["problems"][0]["line"], 2, "{}", bad.body);

    let pledges = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/donor.csv"
    ))
    .unwrap();
    assert_eq!(
        post(&url("/api/v1/pledges"), Some(&sec), "text/csv", &pledges).status,
        201
    );
    let listed = get(&url("/api/v1/pledges"), None).json();
    let italy = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "MIRPS-2021-IT")
        .expect("listed");
    assert_eq!(italy["steps"].as_array().unwrap().len(), 2, "{italy}");
}

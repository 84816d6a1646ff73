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
        "outcomes": ["A regional list\r\nof labour pathways", "10,000 workers placed through them"],
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
    // A code that is neither a country nor a known organisation is a typo,
    // not a new member.
    let typo =
        event(r#"{"participant": "HDN", "kind": "join", "date": "2025-01-02", "source": "s"}"#);
    assert_eq!(typo.status, 400, "{}", typo.body);
    assert!(
        typo.body.contains("neither a country nor an organisation"),
        "{}",
        typo.body
    );
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
        en.contains("Expected outcomes") && en.contains("Takes the lead: "),
        "en"
    );
    let es = page("es");
    assert!(
        es.contains("Resultados esperados")
            && es.contains("Asume el liderazgo: ")
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

    // A mechanism, as the command line adds one; an analyst may not, a
    // code taken is a conflict, and a bad rule is named.
    let mechanism = r#"{"code": "bpa", "name": "Brazil Plan of Action",
        "name_es": "Plan de Acción de Brasil", "presidency": "none", "language": "es",
        "secretariat": "UNHCR", "source": "Brazil Declaration and Plan of Action, 2014-12-03"}"#;
    let analyst = token(&store, "PAN", "Panama", "analyst");
    assert_eq!(
        post(
            &url("/api/v1/registry/mechanisms"),
            Some(&analyst),
            "application/json",
            mechanism
        )
        .status,
        403
    );
    let bad = post(
        &url("/api/v1/registry/mechanisms"),
        Some(&sec),
        "application/json",
        &mechanism.replace("\"none\"", "\"lottery\""),
    );
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("lottery"), "{}", bad.body);
    let added = post(
        &url("/api/v1/registry/mechanisms"),
        Some(&sec),
        "application/json",
        mechanism,
    );
    assert_eq!(added.status, 201, "{}", added.body);
    assert_eq!(added.json()["code"], "BPA");
    assert!(ok(&store, &["registry", "mechanisms"]).contains("Brazil Plan of Action"));
    assert_eq!(
        post(
            &url("/api/v1/registry/mechanisms"),
            Some(&sec),
            "application/json",
            mechanism
        )
        .status,
        409
    );
    assert!(ok(&store, &["audit", "--json"]).contains("registry.mechanism"));

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
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["problems"][0]["line"], 2, "{}", bad.body);
    assert_eq!(
        post(&url("/api/v1/rates"), Some(&sec), "text/csv", rates).status,
        400,
        "a source is needed"
    );

    let pledges = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/donor.csv"
    ))
    .unwrap();
    // A body of blank lines has no header: a problem with its line, not a
    // dropped connection (it once made the handler panic).
    let blank = post(&url("/api/v1/pledges"), Some(&sec), "text/csv", "\n");
    assert_eq!(blank.status, 422, "{}", blank.body);
    assert_eq!(blank.json()["problems"][0]["line"], 1, "{}", blank.body);
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

#[test]
fn a_meeting_is_changed_then_cancelled_each_change_dated_and_the_calendar_follows() {
    let store = seeded();
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    for body in [
        r#"{"mechanism": "CRM", "start": "2027-03-10", "end": "2027-03-12", "place": "Panamá"}"#,
        r#"{"mechanism": "MIRPS", "start": "2027-03-13", "end": "2027-03-14", "place": "Tegucigalpa"}"#,
    ] {
        assert_eq!(
            post(
                &url("/api/v1/meetings"),
                Some(&sec),
                "application/json",
                body
            )
            .status,
            201
        );
    }
    let clashes = |_: ()| {
        get(&url("/api/v1/calendar/clashes"), None).json()["clashes"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(clashes(()), 1, "CRM and MIRPS share members, a day apart");
    let moved = post(
        &url("/api/v1/meetings/1/change"),
        Some(&sec),
        "application/json",
        r#"{"start": "2027-04-06", "end": "2027-04-07", "reason": "The host asked for April"}"#,
    );
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.json()["sequence"], 1);
    let nothing = post(
        &url("/api/v1/meetings/1/change"),
        Some(&sec),
        "application/json",
        r#"{"reason": "x"}"#,
    );
    assert_eq!(nothing.status, 400, "{}", nothing.body);
    let off = post(
        &url("/api/v1/meetings/2/cancel"),
        Some(&sec),
        "application/json",
        r#"{"reason": "No quorum"}"#,
    );
    assert_eq!(off.status, 200, "{}", off.body);
    assert_eq!(off.json()["cancelled"], true);
    let again = post(
        &url("/api/v1/meetings/2/cancel"),
        Some(&sec),
        "application/json",
        r#"{"reason": "again"}"#,
    );
    assert_eq!(again.status, 409);
    // A cancelled meeting clashes with none; it stays on the calendar,
    // which calendars replace by its SEQUENCE.
    assert_eq!(clashes(()), 0);
    let ics = get(&url("/api/v1/calendar.ics"), None).body;
    assert!(
        ics.contains("STATUS:CANCELLED") && ics.contains("SEQUENCE:1"),
        "{ics}"
    );
    assert!(ics.contains("DTSTART;VALUE=DATE:20270406"), "{ics}");
    assert_eq!(get(&url("/api/v1/meetings/999/changes"), None).status, 404);
    let changes = get(&url("/api/v1/meetings/1/changes"), None).json();
    assert_eq!(changes[0]["reason"], "The host asked for April");
    assert!(changes[0]["what"]
        .as_str()
        .unwrap()
        .contains("2027-03-10–2027-03-12 → 2027-04-06–2027-04-07"));
    let audit = ok(&store, &["audit", "--json"]);
    assert!(audit.contains("meeting.change") && audit.contains("meeting.cancel"));
}

//! Rights follow the registry: only a permanent participant of a
//! commitment's mechanism files monitoring reports on it (an observer
//! reads), and a national measure is reviewed in public steps: civil
//! society flags it, the country replies, the secretariat rules.

mod common;

use common::followup::*;
use common::server::{get, post, Server};
use common::{json, ok, TestStore};

fn commitment(store: &TestStore) {
    ok(
        store,
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
            "ECU,COL",
            "--source",
            "Lima",
        ],
    );
}

#[test]
fn an_observers_monitoring_report_is_refused_and_a_permanent_participants_filed() {
    let store = seeded();
    commitment(&store);
    let obs = token(&store, "CSO-OBS", "An observing network", "participant");
    let pp = token(&store, "CSO-PP", "A migrant-led network", "participant");
    let none = token(&store, "CSO-NEW", "Not yet accredited", "participant");
    accredit(&store, "CSO-OBS", "observer");
    accredit(&store, "CSO-PP", "permanent_participant");
    let server = Server::start(&store, &[]);
    let url = format!("{}/api/v1/commitments/DLA-REG-1/monitoring", server.url);
    let report = r#"{"assessment": "at_risk", "text": "Fees keep people out", "evidence": [], "date": "2024-08-01"}"#;
    let refused = post(&url, Some(&obs), "application/json", report);
    assert_eq!(refused.status, 403, "{}", refused.body);
    assert!(
        refused.body.contains("CSO-OBS is an observer of DLA")
            && refused
                .body
                .contains("only the mechanism's permanent participants"),
        "{}",
        refused.body
    );
    let unknown = post(&url, Some(&none), "application/json", report);
    assert_eq!(unknown.status, 403);
    assert!(
        unknown
            .body
            .contains("CSO-NEW is not a permanent participant of DLA"),
        "{}",
        unknown.body
    );
    // Before its accreditation, the participant could not have reported.
    let early = report.replace("2024-08-01", "2023-12-31");
    assert_eq!(
        post(&url, Some(&pp), "application/json", &early).status,
        403
    );
    // Dated tomorrow, or with an escape sequence for a reader's terminal:
    // refused, naming the field.
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Days::new(1)).to_string();
    let future = post(
        &url,
        Some(&pp),
        "application/json",
        &report.replace("2024-08-01", &tomorrow),
    );
    assert_eq!(future.status, 400, "{}", future.body);
    assert!(future.body.contains("date"), "{}", future.body);
    let escape = post(
        &url,
        Some(&pp),
        "application/json",
        &report.replace("Fees keep", "Fees \\u001b]52;c;eA==\\u0007keep"),
    );
    assert_eq!(escape.status, 400, "{}", escape.body);
    assert!(
        escape.body.contains("control characters"),
        "{}",
        escape.body
    );
    let filed = post(&url, Some(&pp), "application/json", report);
    assert_eq!(filed.status, 201, "{}", filed.body);
    let reports = json(&store, &["monitoring", "list", "--json"]);
    assert_eq!(reports.as_array().unwrap().len(), 1, "{reports}");
    assert_eq!(reports[0]["org"], "CSO-PP");
    // Once its standing is withdrawn, a report dated back to when it held
    // it is refused: rights are those of the day it files too.
    ok(
        &store,
        &[
            "registry",
            "withdraw",
            "--mechanism",
            "DLA",
            "--participant",
            "CSO-PP",
            "--on",
            "2025-01-01",
            "--source",
            "withdrawal letter",
        ],
    );
    let backdated = post(&url, Some(&pp), "application/json", report);
    assert_eq!(backdated.status, 403, "{}", backdated.body);
}

#[test]
fn a_flag_a_reply_and_a_ruling_appear_on_the_public_page_in_order_once_ruled() {
    let store = seeded();
    commitment(&store);
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let cso = token(&store, "CSO-PP", "A migrant-led network", "participant");
    let ecu = token(
        &store,
        "ECU",
        "Ministerio de Relaciones Exteriores",
        "analyst",
    );
    let col = token(&store, "COL", "Migración Colombia", "analyst");
    accredit(&store, "CSO-PP", "permanent_participant");
    // An expanding measure: the consistency check does not list it.
    ok(
        &store,
        &[
            "measure",
            "add",
            "--country",
            "ECU",
            "--date",
            "2024-09-01",
            "--title",
            "New visa fee for Venezuelans",
            "--theme",
            "regularisation",
            "--effect",
            "expands",
            "--source",
            "Registro Oficial",
        ],
    );
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    let step = |who: &str, body: &str| {
        post(
            &url("/api/v1/measures/1/steps"),
            Some(who),
            "application/json",
            body,
        )
    };

    // Nothing to reply to before someone flags it.
    let early = step(
        &ecu,
        r#"{"kind": "reply", "text": "It is not a restriction"}"#,
    );
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(early.body.contains("not flagged"), "{}", early.body);
    // Civil society flags it against a commitment of Ecuador's.
    let flag = step(
        &cso,
        r#"{"kind": "flag", "commitment": "DLA-REG-1", "text": "The fee prices families out of regularisation"}"#,
    );
    assert_eq!(flag.status, 201, "{}", flag.body);
    // Only Ecuador replies for Ecuador; a flag is civil society's.
    assert_eq!(step(&col, r#"{"kind": "reply", "text": "x"}"#).status, 403);
    assert_eq!(
        step(
            &ecu,
            r#"{"kind": "flag", "commitment": "DLA-REG-1", "text": "x"}"#
        )
        .status,
        403
    );
    let reply = step(
        &ecu,
        r#"{"kind": "reply", "text": "The fee is waived for families"}"#,
    );
    assert_eq!(reply.status, 201, "{}", reply.body);

    // Before the ruling the review is the participants' only.
    let page = |who: Option<&str>| get(&url("/scorecard/country/ECU"), who).body;
    assert!(
        !page(None).contains("The fee prices families out"),
        "public before the ruling"
    );
    assert!(get(&url("/api/v1/measures/steps"), None)
        .json()
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        get(&url("/api/v1/measures/steps"), Some(&ecu))
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert!(get(&url("/api/v1/measures/steps"), Some(&col))
        .json()
        .as_array()
        .unwrap()
        .is_empty());

    // A ruling needs an outcome; the secretariat rules; the review closes.
    assert_eq!(step(&sec, r#"{"kind": "ruling", "text": "x"}"#).status, 400);
    let ruling = step(
        &sec,
        r#"{"kind": "ruling", "outcome": "consistent", "text": "The waiver keeps the pathway open"}"#,
    );
    assert_eq!(ruling.status, 201, "{}", ruling.body);
    assert_eq!(
        step(&ecu, r#"{"kind": "reply", "text": "again"}"#).status,
        409
    );

    // Now public, in order, on the country page and the progress report.
    for path in ["/scorecard/country/ECU", "/scorecard/report"] {
        let body = get(&url(path), None).body;
        let at = |s: &str| body.find(s).unwrap_or_else(|| panic!("{path} shows {s:?}"));
        assert!(at("The fee prices families out") < at("The fee is waived for families"));
        assert!(at("The fee is waived for families") < at("The waiver keeps the pathway open"));
        assert!(body.contains("consistent with the commitment"), "{path}");
    }
    // The measure's theme by its name in the reader's language.
    let fr = get(&url("/scorecard/country/ECU?lang=fr"), None).body;
    assert!(fr.contains("(régularisation"), "{fr}");
    let steps = get(&url("/api/v1/measures/steps"), None).json();
    let kinds: Vec<&str> = steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["flag", "reply", "ruling"]);
    // Every step is audited.
    let audit = ok(&store, &["audit", "--json"]);
    for action in ["measure.flag", "measure.reply", "measure.ruling"] {
        assert!(audit.contains(action), "{action} audited");
    }
}

//! Data-quality notices over the API: who sees them, their CAP message and
//! Atom entry (validated against the official schemas), and the reporter's
//! confirmation.

mod common;

use common::server::{get, post, Server};
use common::*;

#[test]
fn a_notice_reaches_the_reporter_and_members_in_cap_and_atom_and_only_the_reporter_confirms() {
    let Some(data) = shared_data("a_notice_reaches_the_reporter_and_members") else {
        return;
    };
    let store = TestStore::new();
    let csv = common::iom_with(
        &data,
        &["MEX"],
        |m, _, _, v| {
            if m >= "2024-12" {
                v * 10.0
            } else {
                v
            }
        },
    );
    let file = write(&store.scratch("irreg_mex.csv"), csv);
    let mut tokens = std::collections::HashMap::new();
    for (code, role) in [
        ("MEX", "analyst"),
        ("USA", "analyst"),
        ("SEC", "secretariat"),
    ] {
        ok(&store, &["org", "add", "--code", code, "--name", code]);
        tokens.insert(
            code,
            ok(&store, &["token", "create", "--org", code, "--role", role])
                .trim()
                .to_string(),
        );
    }
    ok(&store, &["protocol", "load"]);
    // Mexico shares these figures with the United States alone: not with
    // the secretariat.
    ok(
        &store,
        &[
            "import",
            &file,
            "--share",
            "restricted",
            "--share-with",
            "USA",
        ],
    );
    let server = Server::start(&store, &[]);
    let url = |path: &str| format!("{}{path}", server.url);

    // The public sees no notice; the reporter and the other members do.
    let public = get(&url("/api/v1/alerts?kind=data_quality"), None).json();
    assert_eq!(public, serde_json::json!([]));
    let mex = get(
        &url("/api/v1/alerts?kind=data_quality"),
        Some(&tokens["MEX"]),
    )
    .json();
    let notices = mex.as_array().unwrap();
    assert_eq!(notices.len(), 1, "{mex:#}");
    let n = &notices[0];
    let id = n["id"].as_str().unwrap().to_string();
    assert_eq!(n["covers"]["months"][0], "2024-12");
    assert!(n["priority"].as_f64().unwrap() > 0.0);
    assert_eq!(n["affected"], serde_json::json!(["MEX"]));
    let usa = get(
        &url("/api/v1/alerts?kind=data_quality"),
        Some(&tokens["USA"]),
    )
    .json();
    assert_eq!(usa.as_array().unwrap().len(), 1);

    // Lists come the most important first.
    let all = get(&url("/api/v1/alerts"), Some(&tokens["MEX"])).json();
    let priorities: Vec<f64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["priority"].as_f64().unwrap())
        .collect();
    assert!(
        priorities.windows(2).all(|w| w[0] >= w[1]),
        "{priorities:?}"
    );

    // Its CAP message and the feed are valid, in both languages.
    let schemas = data.join("schemas");
    let cap = get(
        &url(&format!("/api/v1/alerts/{id}.cap")),
        Some(&tokens["MEX"]),
    )
    .body;
    assert!(cap.contains("Data quality notice") && cap.contains("Aviso de calidad de los datos"));
    assert!(
        cap.contains("<valueName>months</valueName>")
            && cap.contains("<valueName>reference</valueName>")
            && cap.contains("<valueName>priority</valueName>")
    );
    // It names no nationality: its key's "unspecified" is not one.
    assert!(!cap.contains("<valueName>nationality</valueName>"), "{cap}");
    xml_valid("--schema", &schemas.join("cap/CAP-v1.2.xsd"), &cap);
    // Its page for people, in the block's language.
    assert!(
        cap.contains(&format!("<web>{}/alerts/{id}?lang=es</web>", server.url)),
        "{cap}"
    );
    let feed = get(&url("/api/v1/alerts.atom"), Some(&tokens["MEX"])).body;
    assert!(feed.contains("data_quality") && feed.contains("priority"));
    assert!(feed.contains(&format!("/alerts/{id}?lang=en\"")), "{feed}");
    xml_valid("--relaxng", &schemas.join("atom/atom.rng"), &feed);

    // A series the notice holds says so on its page, to those who may see
    // the notice, and only to them.
    let held = n["covers"]["series"][0].as_str().unwrap().to_string();
    let page = format!("/series/{held}");
    let session = common::server::sign_in(&server.url, &tokens["MEX"]);
    let seen = common::server::send(
        "GET",
        &url(&page),
        &[("Cookie", &format!("corredor_session={session}"))],
        None,
    );
    assert_eq!(seen.status, 200, "{page}");
    assert!(
        seen.body.contains("id=\"held-by-notice\"") && seen.body.contains(&id),
        "{page}"
    );
    let public = get(&url(&page), None);
    assert!(
        !public.body.contains("held-by-notice") && !public.body.contains(&id),
        "{page}"
    );
    // The notice's page: its kind and place head it, its level after; the
    // note of a confirmation is told apart from a comment.
    let notice = common::server::send(
        "GET",
        &url(&format!("/alerts/{id}")),
        &[("Cookie", &format!("corredor_session={session}"))],
        None,
    )
    .body;
    assert!(notice.contains("<h1>Data quality notice"), "{notice}");
    assert!(
        notice.contains("<label for=\"note\">Note on these figures (optional)</label>"),
        "{notice}"
    );
    assert!(
        notice.contains("<label for=\"text\">Reason or comment</label>"),
        "{notice}"
    );

    // A notice is not closed by hand, not even by its reporter: its
    // months would stay held with nothing open to say so. The page offers
    // no close button either.
    assert!(!notice.contains("value=\"close\""), "{notice}");
    let refused = post(
        &url(&format!("/api/v1/alerts/{id}/close")),
        Some(&tokens["MEX"]),
        "application/json",
        "",
    );
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("data-quality notice"),
        "{}",
        refused.body
    );

    // Another country may not confirm Mexico's figures; Mexico may.
    let refused = post(
        &url(&format!("/api/v1/alerts/{id}/confirm")),
        Some(&tokens["USA"]),
        "application/json",
        "",
    );
    assert_eq!(refused.status, 403, "{}", refused.body);
    let done = post(
        &url(&format!("/api/v1/alerts/{id}/confirm")),
        Some(&tokens["MEX"]),
        "application/json",
        r#"{"text":"verified with the INM"}"#,
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(done.json()["alerts"]["closed"], serde_json::json!([id]));
    let after = get(&url(&format!("/api/v1/alerts/{id}")), Some(&tokens["MEX"])).json();
    assert_eq!(after["status"], "closed", "{after:#}");
    // Its history keeps the note the confirmation carried; Mexico's task,
    // to confirm the figures, is done by Mexico, any other withdrawn.
    let closing = after["events"].as_array().unwrap().last().unwrap();
    assert_eq!(closing["kind"], "closed");
    assert!(
        closing["text"]
            .as_str()
            .unwrap()
            .ends_with("Note with the confirmation: verified with the INM"),
        "{closing:#}"
    );
    assert!(
        after["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t["status"]
                == if t["responsible"] == "MEX" {
                    "done"
                } else {
                    "withdrawn"
                }),
        "{after:#}"
    );
    assert!(
        after["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["responsible"] == "MEX" && t["updated_by"] == "MEX"),
        "{after:#}"
    );
    // The secretariat's audit log shows neither the import nor the
    // confirmation (its months, its note) of figures it may not see; the
    // operator's shows both.
    let log = get(&url("/api/v1/audit?limit=1000"), Some(&tokens["SEC"]));
    assert_eq!(log.status, 200, "{}", log.body);
    let log = log.body;
    // It reads the log: the organisations added are in it.
    assert!(log.contains("org.add"), "{log}");
    assert!(
        !log.contains("verified with the INM")
            && !log.contains("data.confirm")
            && !log.contains("irreg_mex"),
        "{log}"
    );
    let operator_log = ok(&store, &["audit", "--json"]);
    assert!(
        operator_log.contains("verified with the INM") && operator_log.contains("irreg_mex"),
        "{operator_log}"
    );
    // Confirming a movement alert is refused as not a notice.
    if let Some(movement) = all
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] != "data_quality")
    {
        let id = movement["id"].as_str().unwrap();
        let bad = post(
            &url(&format!("/api/v1/alerts/{id}/confirm")),
            Some(&tokens["MEX"]),
            "application/json",
            "",
        );
        assert_eq!(bad.status, 400, "{}", bad.body);
    }
}

fn xml_valid(flag: &str, schema: &std::path::Path, xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", flag])
        .arg(schema)
        .arg(&file)
        .output()
        .expect("xmllint is needed: apt-get install libxml2-utils (scripts/test does)");
    assert!(
        out.status.success(),
        "{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

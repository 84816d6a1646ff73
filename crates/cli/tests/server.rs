//! The server end to end: `corredor serve` as a process over a test store
//! (SQLite, or PostgreSQL under `scripts/test`'s second run), driven over
//! HTTP like any client would.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::server::{delete, get, post, Server};
use common::world::*;
use common::{ok, TestStore};
use serde_json::Value;

#[test]
fn every_role_sees_exactly_what_sharing_allows_on_every_endpoint() {
    let w = world(|w| {
        // A webhook per organisation, to see what each would be sent.
        for who in CALLERS.iter().filter(|c| **c != "public") {
            let r = post(
                &w.url("/api/v1/webhooks"),
                w.token(who),
                "application/json",
                r#"{"url": "http://127.0.0.1:9/unreachable"}"#,
            );
            assert_eq!(r.status, 201, "{who}: {}", r.body);
        }
    });
    let all = w.all_alerts();
    let raised: BTreeSet<&str> = all.iter().map(|(_, r)| r.as_str()).collect();
    assert_eq!(
        raised,
        ["CRI", "HND", "MEX", "PAN", "USA"].into_iter().collect(),
        "the scenario should raise alerts at every place, at every sharing level"
    );
    for who in CALLERS {
        let t = w.token(who);
        let sees = visible(who);
        let sees_s: BTreeSet<String> = sees.iter().map(|s| s.to_string()).collect();

        // Series.
        let list = get(&w.url("/api/v1/series"), t).json();
        assert_eq!(
            reporters_in(list.as_array().unwrap()),
            sees_s,
            "{who}: series"
        );
        for key in &w.keys {
            let reporter = key.split('/').next().unwrap();
            let r = get(&w.url(&format!("/api/v1/series/{key}")), t);
            let expected = if sees.contains(reporter) { 200 } else { 404 };
            assert_eq!(r.status, expected, "{who}: series {key}: {}", r.body);
            if r.status == 200 {
                assert_eq!(r.json()["forecast"].as_array().unwrap().len(), 3);
            }
        }

        // Exports, in each format.
        for format in ["csv", "hxl", "json"] {
            let r = get(&w.url(&format!("/api/v1/export?format={format}")), t);
            assert_eq!(r.status, 200, "{who}: export {format}");
            let reporters: BTreeSet<String> = if format == "json" {
                reporters_in(r.json().as_array().unwrap())
            } else {
                r.body
                    .lines()
                    .skip(if format == "hxl" { 2 } else { 1 })
                    .map(|l| l.split(',').next().unwrap().to_string())
                    .collect()
            };
            assert_eq!(reporters, sees_s, "{who}: export {format}");
        }

        // Alerts: the list, each alert, its CAP, the feed.
        let expected: BTreeSet<String> = all
            .iter()
            .filter(|(_, r)| sees.contains(r.as_str()))
            .map(|(id, _)| id.clone())
            .collect();
        let list = get(&w.url("/api/v1/alerts"), t).json();
        let ids: BTreeSet<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(ids, expected, "{who}: alert list");
        for (id, reporter) in &all {
            let status = if sees.contains(reporter.as_str()) {
                200
            } else {
                404
            };
            let one = get(&w.url(&format!("/api/v1/alerts/{id}")), t);
            assert_eq!(one.status, status, "{who}: alert {id} of {reporter}");
            let cap = get(&w.url(&format!("/api/v1/alerts/{id}.cap")), t);
            assert_eq!(cap.status, status, "{who}: CAP of {id} of {reporter}");
            // Unseen or unknown look the same.
            if status == 404 {
                assert_eq!(one.body, format!("{{\"error\":\"no alert {id}\"}}"));
            }
        }
        let feed = get(&w.url("/api/v1/alerts.atom"), t).body;
        let in_feed: BTreeSet<String> = feed
            .match_indices("urn:corredor:alert:")
            .map(|(i, m)| feed[i + m.len()..i + m.len() + 16].to_string())
            .collect();
        assert_eq!(in_feed, expected, "{who}: Atom feed");

        // Tasks of protocols belong to alerts, and are seen with them.
        let tasks = get(&w.url("/api/v1/tasks"), t).json();
        for task in tasks.as_array().unwrap() {
            assert!(
                expected.contains(task["alert_id"].as_str().unwrap()),
                "{who}: task of an alert it may not see: {task}"
            );
        }
        if who == "secretariat" {
            assert!(
                !tasks.as_array().unwrap().is_empty(),
                "protocols made tasks"
            );
        }
    }

    // Webhooks: each organisation is sent exactly the alerts it may see.
    let mut s = corredor_store::open(&w.store.url).unwrap();
    let rows = s
        .query(
            "SELECT w.org, d.alert_id FROM delivery d JOIN webhook w ON w.id = d.webhook_id",
            &[],
        )
        .unwrap();
    let mut sent: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &rows {
        sent.entry(r.text(0).unwrap())
            .or_default()
            .insert(r.text(1).unwrap());
    }
    for (who, org) in [
        ("secretariat", "SEC"),
        ("observer", "OBS"),
        ("participant", "CSO"),
        ("PAN", "PAN"),
        ("CRI", "CRI"),
        ("HND", "HND"),
        ("MEX", "MEX"),
        ("USA", "USA"),
    ] {
        let sees = visible(who);
        let expected: BTreeSet<String> = all
            .iter()
            .filter(|(_, r)| sees.contains(r.as_str()))
            .map(|(id, _)| id.clone())
            .collect();
        assert_eq!(
            sent.get(org).cloned().unwrap_or_default(),
            expected,
            "{who}: webhook deliveries"
        );
    }
}

#[test]
fn writes_need_the_right_role_and_each_is_audited() {
    let w = world(|_| {});
    let alerts = get(&w.url("/api/v1/alerts"), w.token("secretariat")).json();
    // An alert at MEX (public) that asks MEX and USA to acknowledge.
    let alert = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["reporter"] == "HND")
        .expect("an alert at HND");
    let id = alert["id"].as_str().unwrap();
    let affected: Vec<&str> = alert["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(
        affected.contains(&"HND") && affected.contains(&"MEX"),
        "{affected:?}"
    );
    let json = "application/json";
    let hnd_csv = "reporter,location,nationality,indicator,period,value\nHND,ALL,VEN,irregular_entries,2025-01,1234\n";
    let mex_csv = "reporter,location,nationality,indicator,period,value\nMEX,ALL,VEN,irregular_entries,2025-01,1234\n";
    // (caller, method+path, body, expected status)
    let (ack, comments, escalate) = (
        format!("/api/v1/alerts/{id}/acknowledge"),
        format!("/api/v1/alerts/{id}/comments"),
        format!("/api/v1/alerts/{id}/escalate"),
    );
    let cases: Vec<(&str, &str, String, &str, u16)> = vec![
        (
            "public",
            "/api/v1/observations",
            hnd_csv.into(),
            "text/csv",
            401,
        ),
        (
            "observer",
            "/api/v1/observations",
            hnd_csv.into(),
            "text/csv",
            403,
        ),
        (
            "participant",
            "/api/v1/observations",
            hnd_csv.into(),
            "text/csv",
            403,
        ),
        (
            "HND",
            "/api/v1/observations",
            mex_csv.into(),
            "text/csv",
            422,
        ),
        (
            "HND",
            "/api/v1/observations",
            hnd_csv.into(),
            "text/csv",
            200,
        ),
        ("public", &ack, String::new(), json, 401),
        ("observer", &ack, String::new(), json, 403),
        ("secretariat", &ack, String::new(), json, 403),
        (
            "USA",
            &ack,
            String::new(),
            json,
            if affected.contains(&"USA") { 200 } else { 403 },
        ),
        ("MEX", &ack, String::new(), json, 200),
        ("MEX", &ack, String::new(), json, 409),
        ("public", &comments, r#"{"text":"hola"}"#.into(), json, 401),
        (
            "observer",
            &comments,
            r#"{"text":"hola"}"#.into(),
            json,
            403,
        ),
        (
            "participant",
            &comments,
            r#"{"text":"Shelters in Danlí are full"}"#.into(),
            json,
            200,
        ),
        ("participant", &escalate, String::new(), json, 403),
        ("MEX", &escalate, String::new(), json, 403),
        (
            "secretariat",
            &escalate,
            r#"{"text":"capacity exceeded"}"#.into(),
            json,
            200,
        ),
        ("secretariat", &escalate, String::new(), json, 409),
        ("MEX", "/api/v1/scan", String::new(), json, 403),
        ("secretariat", "/api/v1/scan", String::new(), json, 200),
        (
            "PAN",
            "/api/v1/protocols",
            "name = \"x\"".into(),
            "application/toml",
            403,
        ),
    ];
    for (who, path, body, ct, status) in &cases {
        let r = post(&w.url(path), w.token(who), ct, body);
        assert_eq!(r.status, *status, "{who} POST {path}: {}", r.body);
    }
    assert_eq!(get(&w.url("/api/v1/audit"), w.token("MEX")).status, 403);
    let audit = get(&w.url("/api/v1/audit?limit=1000"), w.token("secretariat")).json();
    let actions: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["org"].as_str().unwrap().to_string(),
                e["action"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for expected in [
        ("HND", "observations.import"),
        ("MEX", "alert.acknowledge"),
        ("CSO", "alert.comment"),
        ("SEC", "alert.escalate"),
        // The tokens were made by the operator, on the command line.
        ("local", "token.create"),
    ] {
        assert!(
            actions.contains(&(expected.0.to_string(), expected.1.to_string())),
            "audit lacks {expected:?}"
        );
    }
    // Refused writes leave no trace but their refusal.
    assert!(!actions.contains(&("OBS".into(), "alert.comment".into())));
    // The log cannot be edited, not even in SQL.
    let mut s = corredor_store::open(&w.store.url).unwrap();
    assert!(s.execute("UPDATE audit SET org = 'X'", &[]).is_err());
    assert!(s.execute("DELETE FROM audit", &[]).is_err());
    // The escalation started the protocol's escalation steps.
    let tasks = get(
        &w.url(&format!("/api/v1/tasks?alert={id}")),
        w.token("secretariat"),
    )
    .json();
    assert!(tasks.as_array().unwrap().iter().any(|t| t["action"]["en"]
        .as_str()
        .unwrap()
        .contains("distribution of responsibility")));
}

#[test]
fn an_alert_is_acknowledged_by_each_country_then_closed_and_it_persists() {
    let w = world(|_| {});
    let alerts = get(
        &w.url("/api/v1/alerts?country=MEX&status=open"),
        w.token("MEX"),
    )
    .json();
    let alert = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["reporter"] == "MEX")
        .expect("an open alert at MEX")
        .clone();
    let id = alert["id"].as_str().unwrap();
    let affected: Vec<String> = alert["affected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for (i, c) in affected.iter().enumerate() {
        let r = post(
            &w.url(&format!("/api/v1/alerts/{id}/acknowledge")),
            w.token(c),
            "application/json",
            "",
        );
        assert_eq!(r.status, 200, "{c}: {}", r.body);
        let status = r.json()["status"].as_str().unwrap().to_string();
        let last = i + 1 == affected.len();
        assert_eq!(status, if last { "acknowledged" } else { "open" });
    }
    // Tasks: MEX confirms its figures.
    let mine = get(&w.url("/api/v1/tasks?mine=true"), w.token("MEX")).json();
    let task = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["alert_id"] == id)
        .expect("MEX has a task for its alert");
    let tid = task["id"].as_i64().unwrap();
    assert_eq!(
        post(
            &w.url(&format!("/api/v1/tasks/{tid}/complete")),
            w.token("USA"),
            "application/json",
            ""
        )
        .status,
        403
    );
    assert_eq!(
        post(
            &w.url(&format!("/api/v1/tasks/{tid}/acknowledge")),
            w.token("MEX"),
            "application/json",
            ""
        )
        .status,
        200
    );
    let done = post(
        &w.url(&format!("/api/v1/tasks/{tid}/complete")),
        w.token("MEX"),
        "application/json",
        "",
    );
    assert_eq!(done.json()["status"], "done");
    let r = post(
        &w.url(&format!("/api/v1/alerts/{id}/close")),
        w.token("MEX"),
        "application/json",
        r#"{"text":"arrivals absorbed"}"#,
    );
    assert_eq!(r.json()["status"], "closed", "{}", r.body);
    // A restart changes nothing, and re-importing the same data does not
    // reopen what was closed.
    let store = &w.store;
    let World { server, .. } = &w;
    let url = server.url.clone();
    drop(url);
    let again = Server::start(store, &[]);
    let a = get(&format!("{}/api/v1/alerts/{id}", again.url), w.token("MEX")).json();
    assert_eq!(a["status"], "closed");
    let kinds: Vec<&str> = a["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"opened"));
    assert_eq!(kinds.last(), Some(&"closed"));
    assert_eq!(
        kinds.iter().filter(|k| **k == "acknowledged").count(),
        affected.len()
    );
    let rescan = post(
        &format!("{}/api/v1/scan", again.url),
        w.token("secretariat"),
        "application/json",
        "",
    )
    .json();
    assert!(!rescan["opened"].as_array().unwrap().iter().any(|x| x == id));
    assert_eq!(
        get(&format!("{}/api/v1/alerts/{id}", again.url), w.token("MEX")).json()["status"],
        "closed"
    );
}

fn xmllint() -> Option<()> {
    match std::process::Command::new("xmllint").arg("--version").output() {
        Ok(_) => Some(()),
        Err(_) => panic!("xmllint is needed to validate CAP and Atom: apt-get install libxml2-utils (scripts/test does)"),
    }
}

fn validate(schema_flag: &str, schema: &PathBuf, xml: &str, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", schema_flag])
        .arg(schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{what} does not validate:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_alert_is_valid_cap_1_2_and_the_feed_is_valid_atom() {
    let Some(data) = common::shared_data("every_alert_is_valid_cap_1_2") else {
        return;
    };
    xmllint();
    let schemas = data.join("schemas");
    let w = world(|_| {});
    for who in ["secretariat", "CRI", "public"] {
        let t = w.token(who);
        let alerts = get(&w.url("/api/v1/alerts"), t).json();
        for a in alerts.as_array().unwrap() {
            let id = a["id"].as_str().unwrap();
            let cap = get(&w.url(&format!("/api/v1/alerts/{id}.cap")), t);
            assert!(cap.content_type.starts_with("application/cap+xml"));
            validate(
                "--schema",
                &schemas.join("cap/CAP-v1.2.xsd"),
                &cap.body,
                &format!("CAP of {id}"),
            );
            // One <info> per official language of the OAS, each with the
            // explanation the API gives in that language.
            for (tag, lang) in [
                ("en-US", "en"),
                ("es-419", "es"),
                ("pt-BR", "pt"),
                ("fr", "fr"),
            ] {
                assert!(
                    cap.body.contains(&format!("<language>{tag}</language>")),
                    "CAP of {id} has no {tag} block"
                );
                let text = a["explanation"][lang].as_str().unwrap();
                assert!(!text.is_empty(), "alert {id} has no {lang} explanation");
                let escaped = text
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
                    .replace('\'', "&apos;")
                    .replace('"', "&quot;");
                assert!(
                    cap.body.contains(&escaped),
                    "CAP of {id} lacks its {lang} explanation"
                );
            }
            if a["share"] == "public" {
                assert!(cap.body.contains("<scope>Public</scope>"));
            } else {
                assert!(cap.body.contains("<scope>Restricted</scope>"));
            }
        }
        let feed = get(&w.url("/api/v1/alerts.atom"), t);
        assert!(feed.content_type.starts_with("application/atom+xml"));
        validate(
            "--relaxng",
            &schemas.join("atom/atom.rng"),
            &feed.body,
            "the Atom feed",
        );
        // The feed in Spanish: says its language, titles and summaries in
        // Spanish, each entry linking to its page; still valid Atom.
        let es = get(&w.url("/api/v1/alerts.atom?lang=es"), t).body;
        validate(
            "--relaxng",
            &schemas.join("atom/atom.rng"),
            &es,
            "the Spanish Atom feed",
        );
        assert!(es.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"es-419\">"));
        assert!(es.contains("<title>Alertas de Corredor</title>"), "{es}");
        assert!(
            feed.body.contains("hreflang=\"es-419\""),
            "the English feed links to the Spanish one"
        );
        // A filtered feed is a feed of its own: its id and self link say
        // its filter, and its other languages keep it.
        let usa = get(&w.url("/api/v1/alerts.atom?country=USA&lang=fr"), t).body;
        assert!(
            usa.contains("/api/v1/alerts.atom?country=USA&amp;lang=fr</id>"),
            "{usa}"
        );
        assert!(usa.contains("/api/v1/alerts.atom?country=USA\""), "{usa}");
        if es.contains("<entry>") {
            assert!(es.contains(" · prioridad "), "{es}");
            assert!(es.contains("type=\"text/html\" href=\""), "{es}");
            assert!(!es.contains("<summary type=\"text\">Encounters"), "{es}");
        }
    }
    // Closed alerts are CAP cancellations, and still valid.
    let alerts = get(&w.url("/api/v1/alerts?country=USA"), w.token("USA")).json();
    // Not a data-quality notice, which is never closed by hand.
    let id = alerts
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] != "data_quality")
        .expect("an alert of the United States")["id"]
        .as_str()
        .unwrap();
    // A comment moves the alert up the recent list, but is no new CAP
    // message: the message stays the one issued.
    let cap_url = w.url(&format!("/api/v1/alerts/{id}.cap"));
    let issued = get(&cap_url, w.token("USA")).body;
    let commented = post(
        &w.url(&format!("/api/v1/alerts/{id}/comments")),
        w.token("USA"),
        "application/json",
        r#"{"text":"seen at the ports of entry too"}"#,
    );
    assert_eq!(commented.status, 200, "{}", commented.body);
    // A field the body does not know is refused, not silently dropped.
    let misnamed = post(
        &w.url(&format!("/api/v1/alerts/{id}/comments")),
        w.token("USA"),
        "application/json",
        r#"{"note":"lost"}"#,
    );
    assert_eq!(misnamed.status, 400, "{}", misnamed.body);
    assert!(
        misnamed.body.contains("unknown field `note`"),
        "{}",
        misnamed.body
    );
    assert_eq!(get(&cap_url, w.token("USA")).body, issued);
    let after = get(&w.url(&format!("/api/v1/alerts/{id}")), w.token("USA")).json();
    assert_eq!(after["issued_at"], alerts[0]["issued_at"]);
    assert_ne!(after["updated_at"], alerts[0]["updated_at"]);
    post(
        &w.url(&format!("/api/v1/alerts/{id}/close")),
        w.token("secretariat"),
        "application/json",
        "",
    );
    let cap = get(&w.url(&format!("/api/v1/alerts/{id}.cap")), w.token("USA")).body;
    assert!(cap.contains("<msgType>Cancel</msgType>"));
    // A message of its own, cancelling the alert's first message by name.
    assert!(
        !cap.contains(&format!("<identifier>corredor-{id}</identifier>")),
        "{cap}"
    );
    assert!(
        cap.contains(&format!("<identifier>corredor-{id}-")),
        "{cap}"
    );
    assert!(
        cap.contains(&format!("<references>corredor,corredor-{id},")),
        "{cap}"
    );
    assert!(
        cap.contains(&format!("<incidents>corredor-{id}</incidents>")),
        "{cap}"
    );
    validate(
        "--schema",
        &schemas.join("cap/CAP-v1.2.xsd"),
        &cap,
        "a cancellation",
    );
}

#[test]
fn the_openapi_document_describes_every_endpoint() {
    let store = TestStore::new();
    let server = Server::start(&store, &[]);
    assert_eq!(get(&format!("{}/healthz", server.url), None).body, "ok\n");
    let doc = get(&format!("{}/openapi.json", server.url), None).json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/series",
        "/api/v1/series/{reporter}/{location}/{nationality}/{indicator}",
        "/api/v1/export",
        "/api/v1/observations",
        "/api/v1/alerts",
        "/api/v1/alerts/{id}",
        "/api/v1/alerts.atom",
        "/api/v1/alerts/{id}/acknowledge",
        "/api/v1/alerts/{id}/comments",
        "/api/v1/alerts/{id}/escalate",
        "/api/v1/alerts/{id}/close",
        "/api/v1/tasks",
        "/api/v1/webhooks",
        "/api/v1/audit",
        "/api/v1/alerts/{id}.cap",
        "/api/v1/presidency",
        "/api/v1/presidencies",
        "/api/v1/measures",
        "/api/v1/commitments",
        "/api/v1/commitments/{id}/adopt",
        "/api/v1/commitments/{id}/indicators",
        "/api/v1/commitments/{id}/monitoring",
        "/api/v1/registry/adherences",
        "/api/v1/pledges",
        "/api/v1/share/place",
        "/api/v1/share/keys/{name}",
        "/api/v1/capacity",
        "/api/v1/capacity/countries",
        "/api/v1/capacity/sites.csv",
    ] {
        assert!(paths.contains_key(p), "OpenAPI lacks {p}");
    }
    // Every schema it refers to is in it, and no JSON answer is described
    // as a bare "object": readers see every field.
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in text.split("#/components/schemas/").skip(1) {
        let name = name.split('"').next().unwrap();
        assert!(
            schemas.contains_key(name),
            "OpenAPI refers to a missing {name}"
        );
    }
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let Some(responses) = op["responses"].as_object() else {
                continue;
            };
            for (status, r) in responses {
                let Some(content) = r["content"].as_object() else {
                    continue;
                };
                for (kind, c) in content {
                    let schema = &c["schema"];
                    let bare = schema["type"] == "object"
                        && schema.get("properties").is_none()
                        && schema.get("$ref").is_none();
                    assert!(
                        !bare,
                        "{method} {path} {status} {kind}: described as a bare object"
                    );
                }
            }
        }
    }
    // Bad tokens are refused, not treated as public.
    let r = get(
        &format!("{}/api/v1/alerts", server.url),
        Some("cor_nonsense"),
    );
    assert_eq!(r.status, 401);
    let _ = delete(&format!("{}/api/v1/webhooks/1", server.url), None);
}

#[test]
fn the_api_refuses_a_bad_file_like_the_command_line_and_keeps_nothing() {
    let store = TestStore::new();
    ok(&store, &["org", "add", "--code", "PAN", "--name", "SNM"]);
    let t = token(&store, "PAN", "analyst");
    let server = Server::start(&store, &[]);
    let bad = "reporter,location,nationality,indicator,period,value\nPAN,ALL,VEN,irregular_entries,2024-01,12\nPAN,ALL,VEN,irregular_entries,2024-13,-4\n";
    let r = post(
        &format!("{}/api/v1/observations?name=bad.csv", server.url),
        Some(&t),
        "text/csv",
        bad,
    );
    assert_eq!(r.status, 422, "{}", r.body);
    let v = r.json();
    assert_eq!(v["imported"], false);
    let path = store.scratch("bad.csv");
    std::fs::write(&path, bad).unwrap();
    let cli = common::corredor(&store, &["import", "--json", &path.display().to_string()]);
    let cli: Value = serde_json::from_slice(&cli.stdout).unwrap();
    let messages = |v: &Value| -> Vec<(String, String)> {
        v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                let pos = e["position"].as_str().unwrap();
                // The same file, whatever path it was given by.
                let at = pos.rsplit_once("bad.csv").map(|(_, p)| p).unwrap_or(pos);
                (at.to_string(), e["message"].as_str().unwrap().to_string())
            })
            .collect()
    };
    assert_eq!(messages(&v), messages(&cli));
    assert!(v["errors"][0]["position"]
        .as_str()
        .unwrap()
        .starts_with("bad.csv:3:"));
    let series = get(&format!("{}/api/v1/series", server.url), Some(&t)).json();
    assert_eq!(series.as_array().unwrap().len(), 0, "nothing was kept");
    // A query string or a body the API cannot read is answered as every
    // error is: JSON, with what is wrong.
    let r = get(
        &format!("{}/api/v1/alerts?limit=many", server.url),
        Some(&t),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.json()["error"].as_str().unwrap().contains("limit"),
        "{}",
        r.body
    );
    let r = post(
        &format!("{}/api/v1/alerts/x/comments", server.url),
        Some(&t),
        "application/json",
        "{not json",
    );
    assert!(r.status >= 400 && r.status < 500, "{}", r.body);
    assert!(r.json()["error"].is_string(), "{}", r.body);
    // A file's name is shown in the log of imports and a series' history:
    // one that could draw a line of its own on a terminal is refused.
    for name in [
        "a%0d%231%20by%20SEC",
        "a%1b%5b2K.csv",
        "a%e2%80%aecsv.exe",
        "a%2fb.csv",
    ] {
        let r = post(
            &format!("{}/api/v1/observations?name={name}", server.url),
            Some(&t),
            "text/csv",
            "reporter,location,nationality,indicator,period,value\nPAN,ALL,VEN,irregular_entries,2024-01,12\n",
        );
        assert_eq!(r.status, 400, "{name}: {}", r.body);
        assert!(r.body.contains("plain file name"), "{}", r.body);
    }
}

//! The server end to end: `corredor serve` as a process over a test store
//! (SQLite, or PostgreSQL under `scripts/test`'s second run), driven over
//! HTTP like any client would.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use common::server::{delete, eventually, get, post, Server};
use common::{ok, TestStore};
use corredor_model::Period;
use serde_json::Value;

/// Who may see each reporter's data in the test corridor: PAN's data is
/// restricted and shared with CRI, CRI's restricted to itself, HND's for
/// members, MEX's and USA's public.
fn sharing_of(reporter: &str) -> (&'static str, &'static str) {
    match reporter {
        "PAN" => ("restricted", "CRI"),
        "CRI" => ("restricted", ""),
        "HND" => ("members", ""),
        _ => ("public", ""),
    }
}

/// The reporters whose data each caller may see, written out by hand from
/// the rule rather than computed by the code under test.
fn visible(who: &str) -> BTreeSet<&'static str> {
    let v: &[&str] = match who {
        "public" => &["MEX", "USA"],
        "secretariat" | "observer" | "participant" => &["HND", "MEX", "USA"],
        "PAN" => &["PAN", "HND", "MEX", "USA"],
        "CRI" => &["PAN", "CRI", "HND", "MEX", "USA"],
        "HND" | "MEX" | "USA" => &["HND", "MEX", "USA"],
        _ => panic!("unknown caller {who}"),
    };
    v.iter().copied().collect()
}

const CALLERS: [&str; 9] = [
    "public",
    "secretariat",
    "observer",
    "participant",
    "PAN",
    "CRI",
    "HND",
    "MEX",
    "USA",
];

/// The simulated corridor as a long CSV with per-row sharing.
fn corridor_csv(path: &PathBuf) -> Vec<String> {
    let s = corredor_warning::synthetic::corridor("2021-01".parse::<Period>().unwrap(), 48, 7);
    let mut out = String::from(
        "reporter,location,nationality,indicator,period,value,source,share,share_with\n",
    );
    let mut keys = Vec::new();
    for series in &s.series {
        let k = &series.key;
        keys.push(k.to_string());
        let (share, with) = sharing_of(&k.reporter);
        for (i, v) in series.values.iter().enumerate() {
            out.push_str(&format!(
                "{},{},{},{},{},{},SIMULATED,{share},{with}\n",
                k.reporter,
                k.location,
                k.nationality,
                k.indicator,
                series.period(i),
                *v as u64
            ));
        }
    }
    std::fs::write(path, out).unwrap();
    keys
}

struct World {
    store: TestStore,
    server: Server,
    tokens: BTreeMap<&'static str, String>,
    keys: Vec<String>,
    csv: PathBuf,
}

impl World {
    fn token(&self, who: &str) -> Option<&str> {
        self.tokens.get(who).map(String::as_str)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    /// Every alert in the store, as the operator sees them: (id, reporter).
    fn all_alerts(&self) -> Vec<(String, String)> {
        let mut s = corredor_store::open(&self.store.url).unwrap();
        s.query("SELECT id, reporter FROM alert ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| (r.text(0).unwrap(), r.text(1).unwrap()))
            .collect()
    }
}

fn token(store: &TestStore, org: &str, role: &str) -> String {
    ok(store, &["token", "create", "--org", org, "--role", role])
        .trim()
        .to_string()
}

/// Organisations, tokens, the default protocol and a running server;
/// `before_import` runs against the server before the data arrives (to
/// register webhooks, say).
fn world(before_import: impl FnOnce(&World)) -> World {
    world_with(&[], before_import)
}

fn world_with(server_args: &[&str], before_import: impl FnOnce(&World)) -> World {
    let store = TestStore::new();
    ok(&store, &["protocol", "load"]);
    for (code, name) in [
        ("SEC", "Technical secretariat"),
        ("OBS", "An observer state's mission"),
        ("CSO", "A civil-society network"),
        ("PAN", "Servicio Nacional de Migración"),
        ("CRI", "Dirección General de Migración y Extranjería"),
        ("HND", "Instituto Nacional de Migración"),
        ("MEX", "Instituto Nacional de Migración"),
        ("USA", "Customs and Border Protection"),
    ] {
        ok(&store, &["org", "add", "--code", code, "--name", name]);
    }
    let mut tokens = BTreeMap::new();
    tokens.insert("secretariat", token(&store, "SEC", "secretariat"));
    tokens.insert("observer", token(&store, "OBS", "observer"));
    tokens.insert("participant", token(&store, "CSO", "participant"));
    for c in ["PAN", "CRI", "HND", "MEX", "USA"] {
        tokens.insert(c, token(&store, c, "analyst"));
    }
    let csv = store.scratch("corridor.csv");
    let keys = corridor_csv(&csv);
    let server = Server::start(&store, server_args);
    let w = World {
        store,
        server,
        tokens,
        keys,
        csv,
    };
    before_import(&w);
    ok(&w.store, &["import", &w.csv.display().to_string()]);
    w
}

fn reporters_in(rows: &[Value]) -> BTreeSet<String> {
    rows.iter()
        .map(|r| r["reporter"].as_str().unwrap().to_string())
        .collect()
}

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
        ("SEC", "token.create"),
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
    }
    // Closed alerts are CAP cancellations, and still valid.
    let alerts = get(&w.url("/api/v1/alerts?country=USA"), w.token("USA")).json();
    let id = alerts[0]["id"].as_str().unwrap();
    post(
        &w.url(&format!("/api/v1/alerts/{id}/close")),
        w.token("secretariat"),
        "application/json",
        "",
    );
    let cap = get(&w.url(&format!("/api/v1/alerts/{id}.cap")), w.token("USA")).body;
    assert!(cap.contains("<msgType>Cancel</msgType>"));
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
    ok(
        &store,
        &["org", "add", "--code", "SEC", "--name", "Secretariat"],
    );
    let t = token(&store, "SEC", "secretariat");
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
}

/// A webhook receiver: records each request's delivery id, signature and
/// body, answering 200.
struct Receiver {
    got: std::sync::Arc<std::sync::Mutex<Vec<(String, String, String)>>>,
}

impl Receiver {
    /// A free port, with nothing listening on it yet.
    fn port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    }

    fn start(port: u16) -> Receiver {
        use std::io::{BufRead, BufReader, Read, Write};
        let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
        let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let g = got.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let (mut len, mut id, mut sig) = (0usize, String::new(), String::new());
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                        break;
                    }
                    let lower = line.to_ascii_lowercase();
                    let value = line
                        .split_once(':')
                        .map(|(_, v)| v.trim().to_string())
                        .unwrap_or_default();
                    if lower.starts_with("content-length:") {
                        len = value.parse().unwrap_or(0);
                    } else if lower.starts_with("x-corredor-delivery:") {
                        id = value;
                    } else if lower.starts_with("x-corredor-signature:") {
                        sig = value;
                    }
                }
                let mut body = vec![0; len];
                let _ = reader.read_exact(&mut body);
                g.lock()
                    .unwrap()
                    .push((id, sig, String::from_utf8_lossy(&body).into_owned()));
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
            }
        });
        Receiver { got }
    }

    fn received(&self) -> Vec<(String, String, String)> {
        self.got.lock().unwrap().clone()
    }
}

fn sign(secret: &str, body: &str) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(body.as_bytes());
    let bytes = mac.finalize().into_bytes();
    format!(
        "sha256={}",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// (delivery id, delivered?) of every queued delivery.
fn deliveries(store: &TestStore) -> Vec<(i64, bool, i64)> {
    let mut s = corredor_store::open(&store.url).unwrap();
    s.query(
        "SELECT id, delivered_at IS NOT NULL, attempts FROM delivery ORDER BY id",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.int(0).unwrap(), r.int(1).unwrap() != 0, r.int(2).unwrap()))
    .collect()
}

#[test]
fn webhooks_are_signed_retried_and_not_lost_across_a_crash() {
    let port = Receiver::port();
    let secret = std::cell::RefCell::new(String::new());
    let w = world(|w| {
        let r = post(
            &w.url("/api/v1/webhooks"),
            w.token("USA"),
            "application/json",
            &format!("{{\"url\": \"http://127.0.0.1:{port}/hook\"}}"),
        );
        assert_eq!(r.status, 201, "{}", r.body);
        *secret.borrow_mut() = r.json()["secret"].as_str().unwrap().to_string();
    });
    let queued = deliveries(&w.store);
    assert!(!queued.is_empty(), "the import raised alerts USA may see");
    // The receiver is down: the server tries, fails, and backs off.
    assert!(eventually(20, || deliveries(&w.store)
        .iter()
        .all(|d| d.2 >= 1)));
    assert!(deliveries(&w.store).iter().all(|d| !d.1));
    // The server dies; the receiver comes up; a new server delivers all.
    let World {
        server,
        store,
        tokens,
        ..
    } = w;
    server.kill();
    let receiver = Receiver::start(port);
    let _again = Server::start(&store, &[]);
    assert!(
        eventually(60, || deliveries(&store).iter().all(|d| d.1)),
        "not all delivered: {:?}",
        deliveries(&store)
    );
    let got = receiver.received();
    let ids: BTreeSet<i64> = got.iter().map(|g| g.0.parse().unwrap()).collect();
    let expected: BTreeSet<i64> = queued.iter().map(|d| d.0).collect();
    assert_eq!(ids, expected, "every delivery arrived");
    for (id, sig, body) in &got {
        assert_eq!(
            sig,
            &sign(&secret.borrow(), body),
            "delivery {id} is signed"
        );
        let v: Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["event"], "alert.opened");
        assert!(["MEX", "USA", "HND"].contains(&v["alert"]["reporter"].as_str().unwrap()));
    }
    drop(tokens);
}

#[test]
fn two_instances_on_one_database_behave_as_one() {
    let port = Receiver::port();
    let receiver = Receiver::start(port);
    // A scan every 10 minutes: both instances start inside that window, so
    // exactly one of them may run the first scan, however slow the machine.
    let w = world_with(&["--scan-every", "10"], |w| {
        let r = post(
            &w.url("/api/v1/webhooks"),
            w.token("MEX"),
            "application/json",
            &format!("{{\"url\": \"http://127.0.0.1:{port}/hook\"}}"),
        );
        assert_eq!(r.status, 201);
    });
    let b = Server::start(&w.store, &["--scan-every", "10"]);
    // Acknowledged through one, acknowledged through the other.
    let alerts = get(&w.url("/api/v1/alerts?country=MEX"), w.token("MEX")).json();
    let id = alerts[0]["id"].as_str().unwrap();
    let r = post(
        &w.url(&format!("/api/v1/alerts/{id}/acknowledge")),
        w.token("MEX"),
        "application/json",
        "",
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let seen = get(&format!("{}/api/v1/alerts/{id}", b.url), w.token("MEX")).json();
    assert!(seen["acknowledged_by"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "MEX"));
    let again = post(
        &format!("{}/api/v1/alerts/{id}/acknowledge", b.url),
        w.token("MEX"),
        "application/json",
        "",
    );
    assert_eq!(again.status, 409, "{}", again.body);
    // Deliveries go out once, not once per instance.
    assert!(eventually(30, || {
        let d = deliveries(&w.store);
        !d.is_empty() && d.iter().all(|d| d.1)
    }));
    std::thread::sleep(std::time::Duration::from_secs(3));
    let got = receiver.received();
    let mut ids: Vec<String> = got.iter().map(|g| g.0.clone()).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n, "a delivery was sent twice");
    assert_eq!(n, deliveries(&w.store).len());
    // The scheduled scan ran once for both instances.
    let audit = get(&w.url("/api/v1/audit?limit=10000"), w.token("secretariat")).json();
    let scans = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "scan.run")
        .count();
    assert_eq!(scans, 1, "the scheduled scan ran {scans} times");
}

#[test]
fn on_the_real_data_every_endpoint_answers() {
    let Some(data) = common::shared_data("on_the_real_data_every_endpoint_answers") else {
        return;
    };
    let store = TestStore::new();
    for (file, format) in [
        (
            "iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv",
            "iom",
        ),
        (
            "ohss-usbp-encounters/khsm-usbp-encounters-fy25m11.xlsx",
            "ohss",
        ),
    ] {
        let path = data.join(file).display().to_string();
        ok(
            &store,
            &["import", "--share", "public", "--format", format, &path],
        );
    }
    ok(&store, &["org", "add", "--code", "PAN", "--name", "SNM"]);
    let t = token(&store, "PAN", "analyst");
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    let series = get(&url("/api/v1/series?reporter=PAN"), None).json();
    assert!(series.as_array().unwrap().len() > 20);
    let ven = get(
        &url("/api/v1/series/PAN/ALL/VEN/irregular_entries?horizon=12"),
        None,
    )
    .json();
    assert_eq!(ven["forecast"].as_array().unwrap().len(), 12);
    assert!(ven["sources"].as_array().is_some() && ven["received_at"].is_string());
    // Panama's published 2023 total for Venezuelans, through the API.
    let export = get(
        &url("/api/v1/export?format=json&reporter=PAN&nationality=VEN&from=2023-01&to=2023-12"),
        None,
    )
    .json();
    let total: u64 = export
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 328_650);
    let alerts = get(&url("/api/v1/alerts"), Some(&t)).json();
    let alerts = alerts.as_array().unwrap();
    assert!(!alerts.is_empty(), "the real data raises alerts");
    let id = alerts[0]["id"].as_str().unwrap();
    assert_eq!(
        get(&url(&format!("/api/v1/alerts/{id}")), Some(&t)).status,
        200
    );
    assert_eq!(
        get(&url(&format!("/api/v1/alerts/{id}.cap")), None).status,
        200
    );
    assert_eq!(get(&url("/api/v1/alerts.atom"), None).status, 200);
    assert_eq!(get(&url("/api/v1/tasks"), Some(&t)).status, 200);
    assert_eq!(get(&url("/api/v1/webhooks"), Some(&t)).status, 200);
}

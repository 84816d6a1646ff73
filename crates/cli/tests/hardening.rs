//! What the server refuses before it costs anything or reveals anything:
//! bodies from callers who may not send them, writes riding on the
//! dashboard's cookie from other sites, redirects to other sites; and the
//! headers every answer carries.

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::server::{header, host, raw, Server};
use common::*;

fn secretariat_token(store: &TestStore) -> String {
    ok(
        store,
        &["org", "add", "--code", "SEC", "--name", "Secretariat"],
    );
    common::world::token(store, "SEC", "secretariat")
}

#[test]
fn a_caller_who_may_not_submit_is_refused_before_the_body_is_read() {
    let store = TestStore::new();
    let server = Server::start(&store, &[]);
    for path in ["/api/v1/observations", "/api/v1/share/place"] {
        // 250 MB announced, a few bytes sent: the answer must not wait for
        // the rest.
        let request = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: text/csv\r\nContent-Length: 250000000\r\n\r\nreporter,location",
            host(&server.url)
        );
        let started = Instant::now();
        let (status, _) = raw(&server.url, &request, Duration::from_secs(10));
        assert!(matches!(status, 401 | 403), "{path}: {status}");
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}

#[test]
fn a_write_riding_on_the_dashboards_cookie_must_come_from_its_own_pages() {
    let store = TestStore::new();
    let token = secretariat_token(&store);
    let server = Server::start(&store, &[]);
    let h = host(&server.url);
    let session = common::server::sign_in(&server.url, &token);
    let csrf = common::server::csrf(&server.url, &session);
    let write = |origin: Option<&str>| {
        let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
        raw(
            &server.url,
            &format!(
                "POST /api/v1/scan HTTP/1.1\r\nHost: {h}\r\nCookie: corredor_session={session}\r\nX-CSRF-Token: {csrf}\r\n{origin}Content-Length: 0\r\nConnection: close\r\n\r\n"
            ),
            Duration::from_secs(30),
        )
        .0
    };
    assert_eq!(write(None), 403, "no Origin");
    assert_eq!(write(Some("http://evil.example")), 403, "another site");
    assert_eq!(write(Some(&format!("https://{h}"))), 403, "another scheme");
    assert_eq!(write(Some(&format!("http://{h}"))), 200, "its own pages");
    // A script with the token itself is not a browser: no Origin needed.
    let (status, _) = raw(
        &server.url,
        &format!(
            "POST /api/v1/scan HTTP/1.1\r\nHost: {h}\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ),
        Duration::from_secs(30),
    );
    assert_eq!(status, 200);
}

#[test]
fn the_language_switch_never_sends_the_reader_to_another_site() {
    let store = TestStore::new();
    let server = Server::start(&store, &[]);
    let h = host(&server.url);
    for back in [
        "/%09/evil.example",
        "//evil.example",
        "/%5Cevil.example",
        "https://evil.example",
    ] {
        let (status, headers) = raw(
            &server.url,
            &format!("GET /lang/es?back={back} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
            Duration::from_secs(10),
        );
        assert_eq!(status / 100, 3, "{back}");
        assert_eq!(header(&headers, "location"), Some("/"), "{back}");
    }
    let (_, headers) = raw(
        &server.url,
        &format!("GET /lang/es?back=/inbox HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
        Duration::from_secs(10),
    );
    assert_eq!(header(&headers, "location"), Some("/inbox"));
    // A language we do not speak changes nothing: no cookie is set.
    let (status, headers) = raw(
        &server.url,
        &format!("GET /lang/zz?back=/inbox HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
        Duration::from_secs(10),
    );
    assert_eq!(status / 100, 3);
    assert_eq!(header(&headers, "location"), Some("/inbox"));
    assert_eq!(header(&headers, "set-cookie"), None);
}

#[test]
fn every_answer_carries_the_security_headers_and_a_signed_in_one_is_never_cached() {
    let store = TestStore::new();
    let token = secretariat_token(&store);
    let server = Server::start(&store, &[]);
    let h = host(&server.url);
    let get = |path: &str, auth: &str| {
        raw(
            &server.url,
            &format!("GET {path} HTTP/1.1\r\nHost: {h}\r\n{auth}Connection: close\r\n\r\n"),
            Duration::from_secs(30),
        )
    };
    for path in ["/", "/api/v1/alerts", "/api/v1/nothing-here"] {
        let (_, headers) = get(path, "");
        assert_eq!(
            header(&headers, "x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(header(&headers, "x-frame-options"), Some("DENY"), "{path}");
        let csp = header(&headers, "content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_ne!(
            header(&headers, "cache-control"),
            Some("private, no-store"),
            "{path}"
        );
    }
    let session = common::server::sign_in(&server.url, &token);
    for auth in [
        format!("Authorization: Bearer {token}\r\n"),
        format!("Cookie: corredor_session={session}\r\n"),
    ] {
        for path in ["/", "/api/v1/alerts", "/static/style.css"] {
            let (_, headers) = get(path, &auth);
            assert_eq!(
                header(&headers, "cache-control"),
                Some("private, no-store"),
                "{path} {auth}"
            );
        }
    }
}

#[test]
fn a_webhook_cannot_point_the_server_into_its_own_network() {
    let store = TestStore::new();
    let token = secretariat_token(&store);
    let server = Server::start(&store, &[]);
    let register = |url: &str| {
        common::server::post(
            &format!("{}/api/v1/webhooks", server.url),
            Some(&token),
            "application/json",
            &format!("{{\"url\": \"{url}\"}}"),
        )
    };
    for url in [
        "http://127.0.0.1:9/hook",
        "http://localhost/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.1/hook",
        "http://[::1]/hook",
    ] {
        let r = register(url);
        assert_eq!(r.status, 400, "{url}: {}", r.body);
    }
    assert_eq!(register("https://hooks.example.org/corredor").status, 201);
    // The operator may allow a receiver on this machine.
    let allowed = Server::start(&store, &["--webhook-allow", "127.0.0.1"]);
    let r = common::server::post(
        &format!("{}/api/v1/webhooks", allowed.url),
        Some(&token),
        "application/json",
        r#"{"url": "http://127.0.0.1:9/hook"}"#,
    );
    assert_eq!(r.status, 201, "{}", r.body);
}

#[test]
fn alert_queries_take_only_words_and_instants_they_know() {
    let store = TestStore::new();
    let server = Server::start(&store, &[]);
    let status = |query: &str| {
        common::server::get(&format!("{}/api/v1/alerts?{query}", server.url), None).status
    };
    for bad in [
        "since=yesterday",
        "level=severe",
        "status=opened",
        "kind=wave",
    ] {
        assert_eq!(status(bad), 400, "{bad}");
    }
    for good in [
        "since=2024-05-01",
        "since=2024-05-01T12:00:00Z",
        "level=warning,emergency",
        "status=open",
        "kind=surge",
    ] {
        assert_eq!(status(good), 200, "{good}");
    }
}

#[test]
fn the_secretariat_cannot_probe_or_overwrite_a_countrys_restricted_series() {
    use common::server::post;
    let store = TestStore::new();
    let secretariat = secretariat_token(&store);
    ok(&store, &["org", "add", "--code", "PAN", "--name", "SNM"]);
    let panama = common::world::token(&store, "PAN", "analyst");
    let file = write(
        &store.scratch("pan.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2024-01,1234\n"),
    );
    ok(&store, &["import", "--share", "restricted", &file]);
    let server = Server::start(&store, &[]);
    let url = format!("{}/api/v1/observations", server.url);
    // The right guess, a wrong guess and a series that does not exist get
    // the same answer, and nothing is written.
    let answers: Vec<(u16, String)> = [
        "PAN,ALL,VEN,irregular_entries,2024-01,1234",
        "PAN,ALL,VEN,irregular_entries,2024-01,99",
        "PAN,ALL,HTI,irregular_entries,2024-01,5",
    ]
    .iter()
    .map(|row| {
        let r = post(
            &url,
            Some(&secretariat),
            "text/csv",
            &format!("{HEADER}{row}\n"),
        );
        (r.status, r.body)
    })
    .collect();
    assert_eq!(answers[0].0, 403, "{}", answers[0].1);
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:#?}");
    assert!(!answers[0].1.contains("VEN") && !answers[0].1.contains("restricted"));
    let export = ok(&store, &["export", "--format", "csv"]);
    assert!(
        export.contains(",1234") && !export.contains(",99"),
        "{export}"
    );
    // Panama's analysts submit Panama's figures; another reporter's rows
    // are refused by their reporter alone, and the refusal is audited.
    let other = post(
        &url,
        Some(&panama),
        "text/csv",
        &format!("{HEADER}CRI,ALL,VEN,irregular_entries,2024-01,7\n"),
    );
    assert_eq!(other.status, 422, "{}", other.body);
    let audit = ok(&store, &["audit", "--json"]);
    assert!(audit.contains("observations.refused"), "{audit}");
    let own = post(
        &url,
        Some(&panama),
        "text/csv",
        &format!("{HEADER}PAN,ALL,VEN,irregular_entries,2024-02,1300\n"),
    );
    assert_eq!(own.status, 200, "{}", own.body);
}

#[test]
fn readers_that_never_read_an_export_hold_no_store_connection_and_hanging_up_costs_nothing() {
    let store = TestStore::new();
    // Some 120,000 rows: an export far larger than a socket's buffers.
    let mut csv = String::from(HEADER);
    for n in 0..2400 {
        for m in 0..50 {
            csv.push_str(&format!(
                "MEX,L{n},VEN,irregular_entries,{:04}-{:02},{}\n",
                2020 + m / 12,
                m % 12 + 1,
                1000 + n + m
            ));
        }
    }
    let file = write(&store.scratch("big.csv"), csv);
    ok(&store, &["import", "--share", "public", "--no-scan", &file]);
    let server = Server::start(&store, &[]);
    let h = host(&server.url).to_string();
    // Twenty readers ask for the whole export and never read a byte.
    let mut stuck = Vec::new();
    for _ in 0..20 {
        let mut s = TcpStream::connect(&h).unwrap();
        s.write_all(
            format!("GET /api/v1/export?format=csv HTTP/1.1\r\nHost: {h}\r\nAccept-Encoding: identity\r\n\r\n")
                .as_bytes(),
        )
        .unwrap();
        stuck.push(s);
        std::thread::sleep(Duration::from_millis(50));
    }
    // The health check and a series request still answer (a bounded wait,
    // not a timing: before, they waited for the readers to go away).
    let (health, _) = raw(
        &server.url,
        &format!("GET /healthz HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
        Duration::from_secs(10),
    );
    assert_eq!(health, 200);
    let (series, _) = raw(
        &server.url,
        &format!(
            "GET /api/v1/series/MEX/L7/VEN/irregular_entries HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"
        ),
        Duration::from_secs(10),
    );
    assert_eq!(series, 200);
    // Exports beyond what the store serves at once are told to come back.
    for _ in 0..8 {
        let (status, headers) = raw(
            &server.url,
            &format!(
                "GET /api/v1/export?format=csv HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"
            ),
            Duration::from_secs(30),
        );
        assert!(matches!(status, 200 | 429), "{status}");
        if status == 429 {
            assert!(header(&headers, "retry-after").is_some());
        }
    }
    // Readers that hang up in the middle of an answer cost their own
    // connection, not the server.
    drop(stuck);
    std::thread::sleep(Duration::from_millis(200));
    let (health, _) = raw(
        &server.url,
        &format!("GET /healthz HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
        Duration::from_secs(10),
    );
    assert_eq!(health, 200);
    // An export far larger than what is kept in memory comes whole from
    // its file; a small one (the tests of `server.rs`) from memory.
    let whole = common::server::get(&format!("{}/api/v1/export?format=csv", server.url), None);
    assert_eq!(whole.status, 200);
    assert_eq!(whole.body.lines().count(), 1 + 2400 * 50);
    let fields = whole.body.lines().next().unwrap().split(',').count();
    assert!(
        whole.body.lines().all(|l| l.split(',').count() == fields) && whole.body.ends_with('\n'),
        "every row whole"
    );
}

#[test]
fn a_period_that_has_not_begun_is_refused_with_its_place() {
    let store = TestStore::new();
    // An empty store to read back: a refused import creates none.
    corredor_store::open(&store.url).expect("an empty store");
    let file = write(
        &store.scratch("typo.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2024-01,12\nPAN,ALL,VEN,irregular_entries,2199-01,40\n"),
    );
    let out = corredor(&store, &["import", &file]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("typo.csv:3:5: ") && err.contains("2199-01 has not begun"),
        "{err}"
    );
    // All or nothing: the good row was not kept either.
    let export = ok(&store, &["export", "--format", "csv"]);
    assert!(!export.contains("2024-01"), "{export}");
}

#[test]
fn a_nul_character_in_the_address_is_refused_alike_on_both_backends() {
    // PostgreSQL cannot compare a text holding a NUL: a lookup by one failed
    // the request as a server error, where SQLite found nothing.
    let store = TestStore::new();
    let token = secretariat_token(&store);
    let server = Server::start(&store, &[]);
    for path in [
        "/api/v1/tasks?alert=a%00b",
        "/api/v1/alerts/a%00b",
        "/api/v1/series?reporter=%00",
        "/api/v1/me?x=%00",
    ] {
        let r = common::server::get(&format!("{}{path}", server.url), Some(&token));
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(r.body.contains("NUL"), "{path}: {}", r.body);
    }
}

#[test]
fn a_nul_character_in_a_body_is_refused_alike_on_both_backends() {
    // PostgreSQL can neither hold nor compare a text with a NUL: storing one
    // failed the request as a server error, where SQLite kept it.
    let store = TestStore::new();
    let token = secretariat_token(&store);
    let server = Server::start(&store, &[]);
    let r = common::server::post(
        &format!("{}/api/v1/webhooks", server.url),
        Some(&token),
        "application/json",
        r#"{"url": "https://hooks.example.org/a\u0000b"}"#,
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("NUL"), "{}", r.body);
}

#[test]
fn a_key_given_twice_in_a_json_body_is_refused_by_name() {
    use common::server::post;
    let store = TestStore::new();
    let token = secretariat_token(&store);
    let server = Server::start(&store, &[]);
    // A field the body's type knows was refused by serde already; a key it
    // does not know, given twice, went through unseen.
    for (path, body, key) in [
        (
            "/api/v1/webhooks",
            r#"{"url": "https://hooks.example.org/a", "url": "http://127.0.0.1:9/"}"#,
            "url",
        ),
        (
            "/api/v1/webhooks",
            r#"{"url": "https://hooks.example.org/a", "secret": "x", "secret": "y"}"#,
            "secret",
        ),
        (
            "/api/v1/alerts/any/comments",
            r#"{"text": "seen", "text": "not seen"}"#,
            "text",
        ),
        (
            "/api/v1/alerts/any/escalate",
            r#"{"text": "why", "reason": "x", "text": "why not"}"#,
            "text",
        ),
    ] {
        let r = post(
            &format!("{}{path}", server.url),
            Some(&token),
            "application/json",
            body,
        );
        assert_eq!(r.status, 400, "{path}: {}", r.body);
        assert!(
            r.body.contains(&format!("\\\"{key}\\\" is given twice")),
            "{path}: {}",
            r.body
        );
    }
    // An array where the document says object is not read as the object.
    let r = post(
        &format!("{}/api/v1/webhooks", server.url),
        Some(&token),
        "application/json",
        r#"["https://hooks.example.org/a"]"#,
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("must be a JSON object"), "{}", r.body);
    let hooks = common::server::get(&format!("{}/api/v1/webhooks", server.url), Some(&token));
    assert_eq!(
        hooks.json().as_array().map(Vec::len),
        Some(0),
        "{}",
        hooks.body
    );
}

#[test]
fn parameters_the_api_would_ignore_or_cannot_honour_are_refused_not_answered() {
    let store = TestStore::new();
    let token = secretariat_token(&store);
    let server = Server::start(&store, &[]);
    let post = |path: &str, body: &str| {
        common::server::post(
            &format!("{}{path}", server.url),
            Some(&token),
            "application/json",
            body,
        )
    };
    // The scan of the store takes no parameters: `?as_of=` was ignored.
    for query in ["as_of=2023-13", "top=0", "as_of=2023-08"] {
        let answer = post(&format!("/api/v1/scan?{query}"), "");
        assert_eq!(answer.status, 400, "{query}: {}", answer.body);
        assert!(
            answer.body.contains("takes no parameters"),
            "{}",
            answer.body
        );
    }
    assert_eq!(post("/api/v1/scan", "").status, 200);
    // A range that ends before it starts, a week against a month.
    let export = common::server::get(
        &format!("{}/api/v1/export?from=2024-W10&to=2024-01", server.url),
        Some(&token),
    );
    assert_eq!(export.status, 400, "{}", export.body);
    assert!(export.body.contains("is after to"), "{}", export.body);
    // Two sites of u64::MAX places once panicked the placement.
    let answer = post(
        "/api/v1/share/place",
        &serde_json::json!({
            "cases": "id,size,needs\nC1,3,\n",
            "sites": "id,country,capacity,services\nS1,CRI,18446744073709551615,\nS2,CRI,18446744073709551615,\n",
        })
        .to_string(),
    );
    assert_eq!(answer.status, 422, "{}", answer.body);
    assert!(
        answer.body.contains("sites.csv:2:3") || answer.body.contains(":2:3: capacity"),
        "{}",
        answer.body
    );
    assert!(!answer.body.contains("panicked"), "{}", answer.body);
    // A number far out of range is quoted back short.
    let answer = post(
        "/api/v1/share/place",
        &serde_json::json!({
            "cases": "id,size,needs\nC1,3,\n",
            "sites": "id,country,capacity,services\nS1,CRI,5,\n",
            "time_limit": 1e308,
        })
        .to_string(),
    );
    assert_eq!(answer.status, 400, "{}", answer.body);
    assert!(answer.body.contains("not 1e308"), "{}", answer.body);
    // A body said to be compressed is not read as if it were not.
    let gzip = common::server::send(
        "POST",
        &format!("{}/api/v1/observations", server.url),
        &[
            ("Authorization", &format!("Bearer {token}")),
            ("Content-Type", "text/csv"),
            ("Content-Encoding", "gzip"),
        ],
        Some("reporter,location,nationality,indicator,period,value\n"),
    );
    assert_eq!(gzip.status, 415, "{}", gzip.body);
    // A JSON body over its route's limit (a megabyte) is too large, as a
    // file over an import's is: 413, not a malformed request. Only a few
    // bytes over, so that the answer, sent once the limit is passed, does
    // not meet a client still writing (a broken pipe).
    let big =
        serde_json::json!({ "url": "https://hooks.example.org/x", "pad": "A".repeat(1 << 20) })
            .to_string();
    let answer = post("/api/v1/webhooks", &big);
    assert_eq!(answer.status, 413, "{}", answer.body);
}

#[test]
fn a_series_of_days_with_a_weekly_pattern_is_imported_scanned_and_read_at_any_as_of() {
    let store = TestStore::new();
    let sec = secretariat_token(&store);
    ok(&store, &["org", "add", "--code", "PAN", "--name", "Panama"]);
    let token = common::world::token(&store, "PAN", "analyst");
    let server = Server::start(&store, &[]);
    let url = |path: &str| format!("{}{path}", server.url);
    // Three weeks and a day: its season (seven days) is odd, and its
    // seasonal indices once read past its end, failing the scan of every
    // import after it.
    let mut csv = String::from("reporter,location,nationality,indicator,period,value\n");
    let first = chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap();
    for t in 0..22u64 {
        let value = [10, 12, 11, 13, 10, 40, 41][t as usize % 7];
        let day = first + chrono::Days::new(t);
        csv.push_str(&format!("PAN,DAYLOC,AFG,irregular_entries,{day},{value}\n"));
    }
    let submit = |csv: &str| {
        common::server::post(
            &url("/api/v1/observations?name=days.csv"),
            Some(&token),
            "text/csv",
            csv,
        )
    };
    let answer = submit(&csv);
    assert_eq!(answer.status, 200, "{}", answer.body);
    let answer = submit(
        "reporter,location,nationality,indicator,period,value\nPAN,ALL,AFG,irregular_entries,2024-11,420\n",
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let scan = common::server::post(&url("/api/v1/scan"), Some(&sec), "application/json", "");
    assert_eq!(scan.status, 200, "{}", scan.body);
    let read = |path: &str| common::server::get(&url(path), Some(&token));
    let days = read("/api/v1/series/PAN/DAYLOC/AFG/irregular_entries");
    assert_eq!(days.status, 200, "{}", days.body);
    assert!(
        days.json()["forecast"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "{}",
        days.body
    );
    // An as_of of another frequency is refused by name; one at the end
    // of the calendar forecasts no further than it.
    let months = "/api/v1/series/PAN/ALL/AFG/irregular_entries";
    let day = read(&format!("{months}?as_of=2025-02-28"));
    assert_eq!(day.status, 400, "{}", day.body);
    assert!(day.body.contains("a series of months"), "{}", day.body);
    // A month before a series of days begins: still the frequency that is
    // wrong, not a series that is missing.
    let month = read("/api/v1/series/PAN/DAYLOC/AFG/irregular_entries?as_of=2024-01");
    assert_eq!(month.status, 400, "{}", month.body);
    assert!(month.body.contains("a series of days"), "{}", month.body);
    let end = read(&format!("{months}?as_of=2200-10"));
    assert_eq!(end.status, 200, "{}", end.body);
    assert_eq!(
        end.json()["forecast"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["period"].as_str().unwrap().to_string())
            .collect::<Vec<_>>(),
        ["2200-11", "2200-12"]
    );
}

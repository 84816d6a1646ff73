//! What one caller, or many slow ones, cannot take from everyone else:
//! expensive requests are capped per caller and in all (`429` with
//! `Retry-After`), and the health check and a signed-in reader are still
//! answered while connections that never read and large unauthenticated
//! posts are in flight. (The timeouts themselves are tested beside
//! `corredor_server::listen`; the figures are measured by `bench/stall.sh`.)

mod common;

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use common::server::{header, host, raw, Server};
use common::*;

/// The tests of this file load the machine on purpose (slow readers, large
/// posts) and time what the server still answers: one at a time, so that
/// one's load is not another's delay.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn alone() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// An import that announces a large body and sends only its first line:
/// it holds its place among the expensive requests while it waits.
/// `scheme` is how the Authorization header spells "Bearer".
fn held_import(h: &str, scheme: &str, token: &str) -> TcpStream {
    let mut s = TcpStream::connect(h).unwrap();
    s.write_all(
        format!(
            "POST /api/v1/observations HTTP/1.1\r\nHost: {h}\r\nAuthorization: {scheme} {token}\r\nContent-Type: text/csv\r\nContent-Length: 1000000\r\n\r\n{HEADER}"
        )
        .as_bytes(),
    )
    .unwrap();
    s
}

/// Whether the server has answered (or closed) `held`, without waiting
/// more than a moment for it.
fn answered(held: &mut TcpStream) -> bool {
    use std::io::Read;
    held.set_read_timeout(Some(Duration::from_millis(50)))
        .unwrap();
    let mut buf = [0u8; 64];
    held.read(&mut buf).is_ok()
}

fn import(h: &str, url: &str, token: &str, row: &str) -> (u16, Vec<(String, String)>) {
    let body = format!("{HEADER}{row}\n");
    raw(
        url,
        &format!(
            "POST /api/v1/observations HTTP/1.1\r\nHost: {h}\r\nAuthorization: Bearer {token}\r\nContent-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
        Duration::from_secs(30),
    )
}

#[test]
fn one_caller_cannot_hold_more_than_its_share_of_expensive_requests() {
    let _alone = alone();
    let store = TestStore::new();
    for code in ["PAN", "CRI"] {
        ok(&store, &["org", "add", "--code", code, "--name", code]);
    }
    let panama = common::world::token(&store, "PAN", "analyst");
    let costa_rica = common::world::token(&store, "CRI", "analyst");
    let server = Server::start(&store, &[]);
    let h = host(&server.url).to_string();
    // Two imports that wait for their bodies hold Panama's two places.
    // Each connection is served on its own task, so one of them may reach
    // the cap after a probe below and be refused in its stead (the cap
    // working as it should): it is then sent again, until both hold.
    // The token is one caller however its header spells the scheme.
    let schemes = ["Bearer", "bearer"];
    let mut held: Vec<TcpStream> = schemes
        .iter()
        .map(|scheme| held_import(&h, scheme, &panama))
        .collect();
    // Panama's third is told to come back; Costa Rica is served meanwhile.
    assert!(common::server::eventually(30, || {
        for (s, scheme) in held.iter_mut().zip(schemes) {
            if answered(s) {
                *s = held_import(&h, scheme, &panama);
            }
        }
        let (status, headers) = import(
            &h,
            &server.url,
            &panama,
            "PAN,ALL,VEN,irregular_entries,2024-01,5",
        );
        status == 429 && header(&headers, "retry-after") == Some("5")
    }));
    for s in &mut held {
        assert!(!answered(s), "a held import was answered");
    }
    let (status, _) = import(
        &h,
        &server.url,
        &costa_rica,
        "CRI,ALL,VEN,irregular_entries,2024-01,7",
    );
    assert_eq!(status, 200);
    // Once Panama's held requests end, its places are given back.
    drop(held);
    assert!(common::server::eventually(10, || import(
        &h,
        &server.url,
        &panama,
        "PAN,ALL,VEN,irregular_entries,2024-01,5"
    )
    .0 == 200));
}

#[test]
fn slow_readers_and_large_anonymous_posts_leave_the_health_check_and_readers_served() {
    let _alone = alone();
    let store = TestStore::new();
    ok(&store, &["org", "add", "--code", "PAN", "--name", "SNM"]);
    let panama = common::world::token(&store, "PAN", "analyst");
    let mut csv = String::from(HEADER);
    for n in 0..300 {
        for m in 0..24 {
            csv.push_str(&format!(
                "PAN,L{n},VEN,irregular_entries,{}-{:02},{}\n",
                2022 + m / 12,
                m % 12 + 1,
                100 + n + m
            ));
        }
    }
    let file = write(&store.scratch("pan.csv"), csv);
    ok(&store, &["import", "--share", "public", "--no-scan", &file]);
    let server = Server::start(&store, &[]);
    let h = host(&server.url).to_string();
    // 64 connections ask for lists, pages and exports and never read.
    let paths = [
        "/api/v1/series?limit=1000",
        "/",
        "/api/v1/export",
        "/country/PAN",
    ];
    let mut stuck = Vec::new();
    for n in 0..64 {
        let mut s = TcpStream::connect(&h).unwrap();
        s.write_all(
            format!(
                "GET {} HTTP/1.1\r\nHost: {h}\r\nAccept-Encoding: identity\r\n\r\n",
                paths[n % paths.len()]
            )
            .as_bytes(),
        )
        .unwrap();
        stuck.push(s);
    }
    // Eight anonymous posts announce 250 MB each and send a first part.
    for _ in 0..8 {
        let mut s = TcpStream::connect(&h).unwrap();
        s.write_all(
            format!(
                "POST /api/v1/observations HTTP/1.1\r\nHost: {h}\r\nContent-Type: text/csv\r\nContent-Length: 250000000\r\n\r\n{HEADER}"
            )
            .as_bytes(),
        )
        .unwrap();
        let _ = s.write_all(&vec![b'1'; 1 << 20]);
        stuck.push(s);
    }
    // Still answered (a bounded wait, not a timing).
    let (health, _) = raw(
        &server.url,
        &format!("GET /healthz HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"),
        Duration::from_secs(10),
    );
    assert_eq!(health, 200);
    let (series, _) = raw(
        &server.url,
        &format!(
            "GET /api/v1/series/PAN/L7/VEN/irregular_entries HTTP/1.1\r\nHost: {h}\r\nAuthorization: Bearer {panama}\r\nConnection: close\r\n\r\n"
        ),
        Duration::from_secs(10),
    );
    assert_eq!(series, 200);
    drop(stuck);
}

/// A series' key, from its JSON.
fn key(s: &serde_json::Value) -> String {
    ["reporter", "location", "nationality", "indicator"]
        .map(|f| s[f].as_str().unwrap().to_string())
        .join("/")
}

#[test]
fn the_series_list_comes_in_pages_that_join_into_the_whole_list() {
    let _alone = alone();
    use common::server::send;
    let store = TestStore::new();
    let mut csv = String::from(HEADER);
    for n in 0..25 {
        csv.push_str(&format!("PAN,L{n:02},VEN,irregular_entries,2024-01,{n}\n"));
    }
    csv.push_str("CRI,ALL,NIC,irregular_entries,2024-01,3\n");
    let file = write(&store.scratch("many.csv"), csv);
    ok(&store, &["import", "--share", "public", "--no-scan", &file]);
    let server = Server::start(&store, &[]);
    let whole: Vec<String> = json(&store, &["series", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    assert_eq!(whole.len(), 26);
    // Ten at a time, following each answer's link to the next page.
    let mut next = Some("/api/v1/series?indicator=irregular_entries&limit=10".to_string());
    let (mut listed, mut pages) = (Vec::new(), 0);
    while let Some(path) = next {
        let r = send("GET", &format!("{}{path}", server.url), &[], None);
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        let page: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let page = page.as_array().unwrap();
        assert!(page.len() <= 10);
        listed.extend(page.iter().map(key));
        pages += 1;
        next = r.link.map(|l| {
            assert!(
                l.ends_with("; rel=\"next\"") && l.contains("indicator=irregular_entries"),
                "{l}"
            );
            l[1..l.find('>').unwrap()].to_string()
        });
    }
    assert_eq!(pages, 3);
    assert_eq!(listed, whole);
    // Without a limit, at most the default; never more than the maximum.
    for (query, status) in [
        ("", 200),
        ("limit=1000", 200),
        ("limit=1001", 400),
        ("limit=0", 400),
        ("after=nonsense", 400),
    ] {
        let r = send(
            "GET",
            &format!("{}/api/v1/series?{query}", server.url),
            &[],
            None,
        );
        assert_eq!(r.status, status, "{query}: {}", r.body);
    }
    let openapi = common::server::get(&format!("{}/openapi.json", server.url), None).json();
    let params = openapi["paths"]["/api/v1/series"]["get"]["parameters"].to_string();
    assert!(
        params.contains("\"limit\"") && params.contains("\"after\""),
        "{params}"
    );
}

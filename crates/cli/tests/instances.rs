//! Webhooks across a crash, two server instances on one database, and every
//! endpoint on the real data: `corredor serve` as processes over a test
//! store, driven over HTTP.

mod common;

use std::collections::BTreeSet;

use common::server::{eventually, get, post, Server};
use common::world::*;
use common::{ok, TestStore};
use serde_json::Value;

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
        Receiver::serve(std::net::TcpListener::bind(("127.0.0.1", port)).unwrap())
    }

    /// A receiver on a port of its own, and the port: bound at once, so
    /// that no other test's server takes the port in between.
    fn listening() -> (u16, Receiver) {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        (port, Receiver::serve(listener))
    }

    fn serve(listener: std::net::TcpListener) -> Receiver {
        use std::io::{BufRead, BufReader, Read, Write};
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
    // The receiver is down: the server tries, fails, and backs off, the
    // receiver's other messages waiting with the one that failed.
    assert!(eventually(20, || deliveries(&w.store)
        .iter()
        .any(|d| d.2 >= 1)));
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
    let _again = Server::start(&store, &["--webhook-allow", "127.0.0.1"]);
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
    let (port, receiver) = Receiver::listening();
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
    let b = Server::start(
        &w.store,
        &["--scan-every", "10", "--webhook-allow", "127.0.0.1"],
    );
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

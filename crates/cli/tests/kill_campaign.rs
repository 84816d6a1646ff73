//! The kill campaign: `corredor import` of a large file, and the server in
//! the middle of a large `POST /api/v1/observations`, killed without
//! warning at random moments. After every kill the file's rows are all in
//! the store or none are, an import that committed has its audit entry,
//! and once the process is back (the next import, or the server's start)
//! the store holds exactly the alerts of a run that was never interrupted,
//! none raised twice.
//!
//! `CORREDOR_KILLS` sets the kills of each kind (5 by default, as the
//! suite runs it); `CORREDOR_KILL_SEED` replays a campaign. The figures in
//! `SECURITY.md` come from
//! `CORREDOR_KILLS=30 cargo test -p corredor --test kill_campaign -- --nocapture`,
//! with and without `CORREDOR_TEST_POSTGRES`.

mod common;

use std::collections::BTreeSet;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::server::{agent, eventually, Server};
use common::*;

const KILLS: u32 = 5;

/// Where a kill found the import.
#[derive(Debug, Default)]
struct Tally {
    /// Nothing committed: the store as it was.
    before_commit: u32,
    /// Rows and audit entry committed, the early warning not yet run on
    /// them: recovered from the `scan_pending` marks.
    before_scan: u32,
    /// Everything done before the kill.
    after_scan: u32,
}

/// A small random source (xorshift), seeded so a campaign can be replayed.
struct Moments(u64);

impl Moments {
    fn new() -> Moments {
        let seed = std::env::var("CORREDOR_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("kill campaign: CORREDOR_KILL_SEED={seed}");
        Moments(seed)
    }

    /// A moment between nothing and a little more than `span`.
    fn within(&mut self, span: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        span.mul_f64(1.1 * (self.0 % 10_000) as f64 / 10_000.0)
    }
}

/// One reporter's file: its series of the simulated corridor (surges that
/// raise alerts) and forty years of fifty other series, so that a kill
/// lands as often while the rows are written as while they are scanned.
fn big_file(store: &TestStore) -> (String, i64) {
    let scenario = corredor_warning::synthetic::corridor("2021-01".parse().unwrap(), 48, 7);
    let mut csv = String::from(HEADER);
    let mut rows = 0;
    for line in scenario.long_csv().lines().skip(1) {
        if line.starts_with("MEX,") {
            csv.push_str(line);
            csv.push('\n');
            rows += 1;
        }
    }
    for s in 0..50 {
        for m in 0..480 {
            csv.push_str(&format!(
                "MEX,L{s},GTM,irregular_entries,{}-{:02},{}\n",
                1985 + m / 12,
                m % 12 + 1,
                100 + s + m % 12
            ));
            rows += 1;
        }
    }
    (write(&store.scratch("big.csv"), csv), rows)
}

fn count(store: &TestStore, sql: &str) -> i64 {
    let mut s = corredor_store::open(&store.url).unwrap();
    s.query(sql, &[]).unwrap()[0].int(0).unwrap()
}

fn alert_ids(store: &TestStore) -> BTreeSet<String> {
    let mut s = corredor_store::open(&store.url).unwrap();
    s.query("SELECT id FROM alert", &[])
        .unwrap()
        .iter()
        .map(|r| r.text(0).unwrap())
        .collect()
}

fn raised(store: &TestStore) -> i64 {
    count(
        store,
        "SELECT COUNT(*) FROM audit WHERE action = 'alert.raise'",
    )
}

/// Checks the store right after a kill; says where the kill found the
/// import.
fn all_or_nothing(store: &TestStore, rows: i64, tally: &mut Tally) -> bool {
    let stored = count(store, "SELECT COUNT(*) FROM observation");
    let batches = count(store, "SELECT COUNT(*) FROM batch");
    let audited = count(
        store,
        "SELECT COUNT(*) FROM audit WHERE action = 'observations.import'",
    );
    assert!(
        stored == 0 || stored == rows,
        "{stored} of the file's {rows} rows in the store"
    );
    let committed = stored == rows;
    assert_eq!(batches, committed as i64, "received files");
    assert_eq!(audited, batches, "every committed import is audited");
    if !committed {
        tally.before_commit += 1;
    } else if count(store, "SELECT COUNT(*) FROM scan_pending") > 0 {
        tally.before_scan += 1;
    } else {
        tally.after_scan += 1;
    }
    committed
}

fn kills() -> u32 {
    std::env::var("CORREDOR_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(KILLS)
}

fn import(store: &TestStore, file: &str) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_corredor"))
        .args(["--db", &store.url, "import", file])
        .env_remove("CORREDOR_DB")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

#[test]
fn imports_killed_at_random_moments_lose_nothing_and_double_nothing() {
    let clean = TestStore::new();
    let (file, rows) = big_file(&clean);
    let start = Instant::now();
    assert!(import(&clean, &file).wait().unwrap().success());
    let span = start.elapsed();
    let expected = alert_ids(&clean);
    assert!(!expected.is_empty(), "the file raises alerts");

    let mut moments = Moments::new();
    let mut tally = Tally::default();
    for _ in 0..kills() {
        let store = TestStore::new();
        let mut child = import(&store, &file);
        std::thread::sleep(moments.within(span));
        let _ = child.kill();
        child.wait().unwrap();
        all_or_nothing(&store, rows, &mut tally);
        // The next import scans what the killed one left, and imports what
        // it did not.
        ok(&store, &["import", &file]);
        assert_eq!(alert_ids(&store), expected);
        assert_eq!(
            raised(&store),
            expected.len() as i64,
            "an alert raised twice"
        );
    }
    eprintln!("kill campaign, `corredor import` of {rows} rows (a clean run {span:?}): {tally:?}");
}

/// Sends the file to the server; the answer's status, or none when the
/// server went away.
fn send(url: &str, token: &str, body: &str) -> Option<u16> {
    agent()
        .post(format!("{url}/api/v1/observations"))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "text/csv")
        .send(body)
        .ok()
        .map(|r| r.status().as_u16())
}

#[test]
fn the_server_killed_in_a_large_post_loses_nothing_and_doubles_nothing() {
    let clean = TestStore::new();
    let (file, rows) = big_file(&clean);
    let body = std::fs::read_to_string(&file).unwrap();
    let analyst = |store: &TestStore| {
        ok(store, &["org", "add", "--code", "MEX", "--name", "INM"]);
        ok(
            store,
            &["token", "create", "--org", "MEX", "--role", "analyst"],
        )
        .trim()
        .to_string()
    };
    let token = analyst(&clean);
    let server = Server::start(&clean, &[]);
    let start = Instant::now();
    assert_eq!(send(&server.url, &token, &body), Some(200));
    let span = start.elapsed();
    drop(server);
    let expected = alert_ids(&clean);
    assert!(!expected.is_empty(), "the file raises alerts");

    let mut moments = Moments::new();
    let mut tally = Tally::default();
    for _ in 0..kills() {
        let store = TestStore::new();
        let token = analyst(&store);
        let server = Server::start(&store, &[]);
        let url = server.url.clone();
        let (t, b) = (token.clone(), body.clone());
        let post = std::thread::spawn(move || send(&url, &t, &b));
        std::thread::sleep(moments.within(span));
        server.kill();
        let _ = post.join().unwrap();
        let committed = all_or_nothing(&store, rows, &mut tally);
        let server = Server::start(&store, &[]);
        if committed {
            // The server's start scans what the killed one left.
            assert!(
                eventually(120, || alert_ids(&store) == expected),
                "after the restart: {:?}, a clean run: {expected:?}",
                alert_ids(&store)
            );
        } else {
            assert_eq!(send(&server.url, &token, &body), Some(200));
            assert_eq!(alert_ids(&store), expected);
        }
        assert_eq!(
            raised(&store),
            expected.len() as i64,
            "an alert raised twice"
        );
    }
    eprintln!(
        "kill campaign, POST /api/v1/observations of {rows} rows (a clean run {span:?}): {tally:?}"
    );
}

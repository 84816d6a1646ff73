//! A load client for `corredor serve`: `connections` keep-alive
//! connections over loopback, each requesting the given paths in turn for
//! `seconds` (or until `max` requests), recording every latency; then the
//! throughput, percentiles and errors per path, and the server's resident
//! memory sampled during the run (`--pid`). `--token` may be given more
//! than once: connection i then sends token i modulo their number, as
//! several callers would (the server caps each caller's expensive
//! requests). Used by `bench/load.sh`.
//!
//!   cargo run --release -p corredor-server --example load -- \
//!     --url http://127.0.0.1:8080 --token T --seconds 60 --connections 8 \
//!     --pid 1234 /api/v1/alerts /api/v1/series/USA/ALL/VEN/encounters

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Args {
    url: String,
    tokens: Vec<String>,
    seconds: u64,
    connections: usize,
    max: u64,
    pid: Option<u32>,
    paths: Vec<String>,
}

fn args() -> Args {
    let mut a = Args {
        url: "http://127.0.0.1:8080".into(),
        tokens: Vec::new(),
        seconds: 30,
        connections: 8,
        max: u64::MAX,
        pid: None,
        paths: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = || it.next().expect("a value after the option");
        match arg.as_str() {
            "--url" => a.url = value(),
            "--token" => a.tokens.push(value()),
            "--seconds" => a.seconds = value().parse().expect("seconds"),
            "--connections" => a.connections = value().parse().expect("connections"),
            "--max" => a.max = value().parse().expect("max"),
            "--pid" => a.pid = Some(value().parse().expect("pid")),
            _ => a.paths.push(arg),
        }
    }
    assert!(!a.paths.is_empty(), "give at least one path");
    a
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn main() {
    let a = Arc::new(args());
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut workers = Vec::new();
    for c in 0..a.connections {
        let (a, stop, count) = (a.clone(), stop.clone(), count.clone());
        workers.push(std::thread::spawn(move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .max_idle_connections_per_host(1)
                .build()
                .into();
            // Per path: latencies in microseconds, errors, bytes.
            let mut lat: Vec<Vec<u32>> = vec![Vec::new(); a.paths.len()];
            let mut errors = vec![0u64; a.paths.len()];
            let mut bytes = vec![0u64; a.paths.len()];
            let mut i = c;
            while !stop.load(Ordering::Relaxed) {
                if count.fetch_add(1, Ordering::Relaxed) >= a.max {
                    break;
                }
                let k = i % a.paths.len();
                i += 1;
                let mut req = agent
                    .get(&format!("{}{}", a.url, a.paths[k]))
                    .header("Accept-Encoding", "gzip");
                if let Some(t) = a.tokens.get(c % a.tokens.len().max(1)) {
                    req = req.header("Authorization", &format!("Bearer {t}"));
                }
                let t0 = Instant::now();
                match req.call() {
                    Ok(mut r) if r.status().is_success() => {
                        match r.body_mut().with_config().limit(1 << 30).read_to_vec() {
                            Ok(b) => {
                                bytes[k] += b.len() as u64;
                                lat[k].push(t0.elapsed().as_micros().min(u32::MAX as u128) as u32);
                            }
                            Err(e) => {
                                if errors[k] == 0 {
                                    eprintln!("{}: {e}", a.paths[k]);
                                }
                                errors[k] += 1
                            }
                        }
                    }
                    other => {
                        if errors[k] == 0 {
                            match other {
                                Ok(r) => eprintln!("{}: HTTP {}", a.paths[k], r.status()),
                                Err(e) => eprintln!("{}: {e}", a.paths[k]),
                            }
                        }
                        errors[k] += 1
                    }
                }
            }
            (lat, errors, bytes)
        }));
    }
    let mut rss = Vec::new();
    let deadline = started + Duration::from_secs(a.seconds);
    while Instant::now() < deadline && count.load(Ordering::Relaxed) < a.max {
        if let Some(pid) = a.pid {
            if let Some(kb) = rss_kb(pid) {
                rss.push(kb);
            }
        }
        std::thread::sleep(
            Duration::from_millis(1000).min(deadline - Instant::now().min(deadline)),
        );
    }
    stop.store(true, Ordering::Relaxed);
    let mut lat: Vec<Vec<u32>> = vec![Vec::new(); a.paths.len()];
    let mut errors = vec![0u64; a.paths.len()];
    let mut bytes = vec![0u64; a.paths.len()];
    for w in workers {
        let (l, e, b) = w.join().expect("worker");
        for k in 0..a.paths.len() {
            lat[k].extend(&l[k]);
            errors[k] += e[k];
            bytes[k] += b[k];
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut all: Vec<u32> = lat.iter().flatten().copied().collect();
    all.sort_unstable();
    let per_path: Vec<_> = a
        .paths
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let mut l = lat[k].clone();
            l.sort_unstable();
            serde_json::json!({
                "path": p, "requests": l.len(), "errors": errors[k],
                "rps": (l.len() as f64 / elapsed).round(),
                "p50_ms": percentile(&l, 0.50), "p99_ms": percentile(&l, 0.99),
                "max_ms": percentile(&l, 1.0),
                "bytes_per_response": if l.is_empty() { 0 } else { bytes[k] / l.len() as u64 },
            })
        })
        .collect();
    let report = serde_json::json!({
        "seconds": (elapsed * 10.0).round() / 10.0,
        "connections": a.connections,
        "requests": all.len(),
        "errors": errors.iter().sum::<u64>(),
        "rps": (all.len() as f64 / elapsed).round(),
        "p50_ms": percentile(&all, 0.50),
        "p99_ms": percentile(&all, 0.99),
        "max_ms": percentile(&all, 1.0),
        "rss_mb_first": rss.first().map(|k| k / 1024),
        "rss_mb_max": rss.iter().max().map(|k| k / 1024),
        "rss_mb_last": rss.last().map(|k| k / 1024),
        "paths": per_path,
    });
    println!("{}", serde_json::to_string_pretty(&report).expect("JSON"));
}

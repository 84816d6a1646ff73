//! A `corredor serve` process for a test, and an HTTP client for it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use super::TestStore;

pub struct Server {
    pub url: String,
    child: Child,
}

impl Server {
    /// Starts `corredor serve` on a free port of 127.0.0.1 over `store`.
    pub fn start(store: &TestStore, extra: &[&str]) -> Server {
        Server::start_logging(store, extra, None)
    }

    /// The same, logging everything (`RUST_LOG=trace`) to `log` when given.
    pub fn start_logging(store: &TestStore, extra: &[&str], log: Option<&Path>) -> Server {
        let (level, stderr) = match log {
            Some(path) => (
                "trace",
                Stdio::from(std::fs::File::create(path).expect("the log file")),
            ),
            None => ("warn", Stdio::inherit()),
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_corredor"))
            .arg("--db")
            .arg(&store.url)
            .args(["serve", "--addr", "127.0.0.1:0", "--tick", "1"])
            .args(if extra.contains(&"--scan-every") {
                &[][..]
            } else {
                &["--scan-every", "0"][..]
            })
            .args(extra)
            .env_remove("CORREDOR_DB")
            .env_remove("CORREDOR_ORG")
            .env("RUST_LOG", level)
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .expect("start corredor serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the address");
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from serve: {line:?}"))
            .to_string();
        Server { url, child }
    }

    /// Kills the process at once, as a crash would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// An answer: status, content type and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub content_type: String,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut r = r.expect("HTTP request");
    let status = r.status().as_u16();
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = r
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .expect("body");
    Answer {
        status,
        content_type,
        body,
    }
}

pub fn get(url: &str, token: Option<&str>) -> Answer {
    let mut req = agent().get(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    answer(req.call())
}

pub fn post(url: &str, token: Option<&str>, content_type: &str, body: &str) -> Answer {
    let mut req = agent().post(url).header("Content-Type", content_type);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    answer(req.send(body))
}

pub fn delete(url: &str, token: Option<&str>) -> Answer {
    let mut req = agent().delete(url);
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    answer(req.call())
}

/// Waits until `check` holds, up to `seconds`.
pub fn eventually(seconds: u64, mut check: impl FnMut() -> bool) -> bool {
    let end = std::time::Instant::now() + Duration::from_secs(seconds);
    while std::time::Instant::now() < end {
        if check() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    check()
}

// ---------------------------------------------------------------- any request, and the dashboard's session

/// An answer: status, `Set-Cookie` headers, the `Link` header and body.
pub struct Reply {
    pub status: u16,
    pub cookies: Vec<String>,
    pub link: Option<String>,
    pub body: String,
}

/// One request, redirects not followed, with the given extra headers.
pub fn send(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let mut req = ureq::http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut r = match body {
        Some(b) => agent.run(req.body(b.to_string()).unwrap()),
        None => agent.run(req.body(()).unwrap()),
    }
    .expect("HTTP request");
    Reply {
        status: r.status().as_u16(),
        cookies: r
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect(),
        link: r
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        body: r.body_mut().read_to_string().unwrap_or_default(),
    }
}

/// Signs in with `token` from the site's own sign-in page; the session
/// cookie's value.
pub fn sign_in(url: &str, token: &str) -> String {
    let form = format!("token={token}");
    let r = send(
        "POST",
        &format!("{url}/signin"),
        &[
            ("Origin", url),
            ("Content-Type", "application/x-www-form-urlencoded"),
        ],
        Some(&form),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let set = r
        .cookies
        .iter()
        .find(|c| c.starts_with("corredor_session="))
        .unwrap_or_else(|| panic!("no session cookie: {:?}", r.cookies));
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attribute), "{set}");
    }
    set["corredor_session=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

/// The role `/api/v1/me` sees with `cookie`.
pub fn role(url: &str, cookie: &str) -> String {
    let r = send(
        "GET",
        &format!("{url}/api/v1/me"),
        &[("Cookie", &format!("corredor_session={cookie}"))],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let me: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    me["role"].as_str().unwrap().to_string()
}

/// The CSRF token the pages' forms carry for session `cookie`.
pub fn csrf(url: &str, cookie: &str) -> String {
    let r = send(
        "GET",
        &format!("{url}/inbox"),
        &[("Cookie", &format!("corredor_session={cookie}"))],
        None,
    );
    assert_eq!(r.status, 200, "{}", r.body);
    let at = r
        .body
        .find(r#"name="csrf" value=""#)
        .unwrap_or_else(|| panic!("no CSRF field in the sign-out form:\n{}", r.body));
    let rest = &r.body[at + r#"name="csrf" value=""#.len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

// ---------------------------------------------------------------- raw HTTP

/// One request over a fresh connection, written as given; the status line
/// and headers of the answer (lower-case names), read within `wait`.
pub fn raw(url: &str, request: &str, wait: Duration) -> (u16, Vec<(String, String)>) {
    let addr = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => panic!("no answer within {wait:?}: {e}"),
        }
    }
    let text = String::from_utf8_lossy(&got);
    let head = text.split("\r\n\r\n").next().unwrap();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers)
}

pub fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

pub fn host(url: &str) -> &str {
    url.trim_start_matches("http://")
}

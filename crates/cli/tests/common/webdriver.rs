//! A WebDriver session on Debian's headless Chromium, through
//! chromium-driver. The W3C protocol is a handful of JSON calls over HTTP,
//! made here with the HTTP client the tests already use, rather than an
//! async client library and its runtime.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

pub struct Browser {
    driver: Child,
    base: String,
    _profile: tempfile::TempDir,
}

/// The W3C WebDriver element reference key.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn driver_path() -> String {
    for p in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] {
        if std::path::Path::new(p).exists() {
            return p.to_string();
        }
    }
    panic!("chromedriver is needed for the browser tests: apt-get install chromium chromium-driver (scripts/test does)");
}

impl Browser {
    pub fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(driver_path())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let url = format!("http://127.0.0.1:{port}");
        let ready = super::server::eventually(20, || {
            super::server::agent()
                .get(&format!("{url}/status"))
                .call()
                .is_ok()
        });
        assert!(ready, "chromedriver did not start");
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         format!("--user-data-dir={}", profile.path().display()),
                         "--window-size=1280,1000"],
            }
        }}});
        let r = call("POST", &format!("{url}/session"), Some(caps));
        let session = r["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
        Browser {
            driver,
            base: format!("{url}/session/{session}"),
            _profile: profile,
        }
    }

    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        call(method, &format!("{}{path}", self.base), body)
    }

    pub fn go(&self, url: &str) {
        self.cmd("POST", "/url", Some(json!({"url": url})));
    }

    pub fn refresh(&self) {
        self.cmd("POST", "/refresh", Some(json!({})));
    }

    pub fn all(&self, css: &str) -> Vec<String> {
        self.cmd(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|e| e[ELEMENT].as_str().map(str::to_string))
        .collect()
    }

    pub fn one(&self, css: &str) -> String {
        self.all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element {css} on {}", self.text("body")))
    }

    pub fn text(&self, css: &str) -> String {
        match self.all(css).first() {
            Some(e) => self
                .cmd("GET", &format!("/element/{e}/text"), None)
                .as_str()
                .unwrap_or("")
                .to_string(),
            None => String::new(),
        }
    }

    pub fn click(&self, css: &str) {
        let e = self.one(css);
        self.cmd("POST", &format!("/element/{e}/click"), Some(json!({})));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        let e = self.one(css);
        self.cmd(
            "POST",
            &format!("/element/{e}/value"),
            Some(json!({"text": text})),
        );
    }

    /// Runs a script in the page and returns its value.
    pub fn script(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Asserts that `selector` finds elements and that each is described
    /// (`aria-describedby`) by an element with text.
    pub fn assert_each_described(&self, selector: &str) {
        let v = self.script(&format!(
            "const all = [...document.querySelectorAll({selector:?})]; \
             return [all.length, all.filter(x => {{ \
             const d = document.getElementById(x.getAttribute('aria-describedby') || ''); \
             return d && d.textContent.trim().length > 0; }}).length];"
        ));
        let (found, described) = (v[0].as_u64().unwrap_or(0), v[1].as_u64().unwrap_or(0));
        assert!(found > 0, "nothing matches {selector}");
        assert_eq!(
            described, found,
            "{selector}: {described} of {found} described"
        );
    }

    /// Runs a script that calls its last argument when it is done (the
    /// W3C "execute async"), and returns what it passed.
    pub fn script_async(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Sets the window's size; headless, that is the page's viewport.
    pub fn resize(&self, width: u32, height: u32) {
        self.cmd(
            "POST",
            "/window/rect",
            Some(json!({"width": width, "height": height})),
        );
    }

    /// The page as a PNG, written to `path`.
    pub fn screenshot(&self, path: &std::path::Path) {
        use base64::Engine;
        let shot = self.cmd("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot.as_str().unwrap_or(""))
            .expect("a screenshot in base64");
        std::fs::write(path, png).expect("write the screenshot");
    }

    pub fn url(&self) -> String {
        self.cmd("GET", "/url", None)
            .as_str()
            .unwrap_or("")
            .to_string()
    }
}

fn call(method: &str, url: &str, body: Option<Value>) -> Value {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let r = match method {
        "POST" => agent
            .post(url)
            .header("Content-Type", "application/json")
            .send(body.unwrap_or(json!({})).to_string()),
        "DELETE" => agent.delete(url).call(),
        _ => agent.get(url).call(),
    };
    let mut r = r.unwrap_or_else(|e| panic!("WebDriver {method} {url}: {e}"));
    let v: Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap_or(Value::Null);
    if v["value"]["error"].is_string() {
        panic!("WebDriver {method} {url}: {}", v["value"]);
    }
    v["value"].clone()
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = std::panic::catch_unwind(|| call("DELETE", &self.base, None));
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// What does not fit the viewport on the page now shown: the page wider
/// than the window, a table wider than its box, or an element of the page
/// (outside drawings, whose shapes the drawing clips) reaching past the
/// window's right edge. Empty when everything fits.
pub const OVERFLOW: &str = r#"
const out = [];
const W = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth > W + 1)
  out.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
for (const t of document.querySelectorAll('table')) {
  const box = t.parentElement;
  if (t.getClientRects().length === 0) continue;
  if (t.scrollWidth > box.clientWidth + 1)
    out.push('table.' + t.className + ' is ' + t.scrollWidth + ' px in a box of ' + box.clientWidth);
}
for (const e of document.querySelectorAll('body *')) {
  if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
  if (e.closest('.skip')) continue;
  const r = e.getBoundingClientRect();
  if (r.width > 0 && r.right > W + 1) {
    out.push(e.tagName.toLowerCase() + '.' + e.className + ' reaches ' + Math.round(r.right) + ' px');
    break;
  }
}
return out.join('; ');
"#;

/// The bytes of the page shown and of everything it loaded.
pub const WEIGHT: &str = "return performance.getEntries().reduce((n, e) => n + Math.max(e.transferSize || 0, e.encodedBodySize || 0), 0);";

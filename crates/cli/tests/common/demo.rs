//! `corredor demo --simulated` for a test: its address and the PAN
//! analyst's token.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub struct Demo {
    child: Child,
    pub url: String,
    /// The PAN analyst's token.
    pub analyst: String,
    _dir: tempfile::TempDir,
}

impl Demo {
    /// Signs Panama's analyst in on the browser `b`.
    pub fn sign_in(&self, b: &super::webdriver::Browser) {
        b.go(&format!("{}/signin", self.url));
        b.type_into("#token", &self.analyst);
        b.click("#sign-in-submit");
        assert!(super::server::eventually(10, || b
            .url()
            .ends_with("/inbox")));
    }

    /// The id of the first alert the overview lists (empty when none).
    pub fn first_alert(&self, b: &super::webdriver::Browser) -> String {
        b.go(&self.url);
        let alert =
            b.script("const a = document.querySelector('tr.alert'); return a ? a.dataset.id : '';");
        alert.as_str().unwrap_or_default().to_string()
    }

    pub fn start() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("demo.db");
        let mut child = Command::new(env!("CARGO_BIN_EXE_corredor"))
            .args(["demo", "--simulated", "--addr", "127.0.0.1:0", "--db"])
            .arg(&store)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start corredor demo");
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let (mut url, mut analyst) = (String::new(), String::new());
        let mut seen = String::new();
        while url.is_empty() {
            let mut line = String::new();
            if out.read_line(&mut line).unwrap() == 0 {
                panic!("the demo stopped:\n{seen}");
            }
            seen.push_str(&line);
            if let Some(t) = line.trim().strip_prefix("analyst for PAN: ") {
                analyst = t.to_string();
            }
            if let Some(u) = line.trim().strip_prefix("listening on ") {
                url = u.to_string();
            }
        }
        assert!(
            seen.contains("SIMULATED"),
            "the demo says it is simulated:\n{seen}"
        );
        assert!(!analyst.is_empty(), "the demo prints a token:\n{seen}");
        Demo {
            child,
            url,
            analyst,
            _dir: dir,
        }
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every page of the dashboard that the layout, language and
/// accessibility tests visit, by name, for an alert `alert`.
pub fn layout_pages(alert: &str) -> [(&'static str, String); 14] {
    [
        ("overview", "/".to_string()),
        ("inbox", "/inbox".to_string()),
        ("alert", format!("/alerts/{alert}")),
        ("country", "/country/MEX".to_string()),
        ("nationality", "/nationality/VEN".to_string()),
        (
            "series",
            "/series/MEX/ALL/VEN/irregular_entries".to_string(),
        ),
        ("scorecard", "/scorecard".to_string()),
        ("report", "/scorecard/report".to_string()),
        ("scorecard-country", "/scorecard/country/CHL".to_string()),
        ("scorecard-group", "/scorecard/group/dla-labour".to_string()),
        ("donors", "/scorecard/donors".to_string()),
        ("sharing", "/sharing".to_string()),
        ("labour", "/labour".to_string()),
        ("signin", "/signin".to_string()),
    ]
}

//! The README is a contract: every command in it runs as written, on the
//! files the project ships, and prints what it shows.
//!
//! The convention (README.md, "How to read the examples"):
//! - ```` ```sh ```` and ```` ```console ```` blocks run, in the README's
//!   order, in one shell, in a scratch folder laid out like a clone
//!   (`examples/` and `events/` beside it, the real datasets in
//!   `../shared/data`), with `corredor` on the PATH and no store yet;
//! - in a `console` block a line `$ command` is a command and the lines
//!   after it, up to the next `$`, are what it prints (standard output and
//!   error together); in an `sh` block every line is a command, and what it
//!   prints is not shown;
//! - `…` in a line of output stands for any text; a line that is only `…`
//!   for any number of lines;
//! - a command must succeed, unless the next command is `echo $?`;
//! - `<!-- not run: why -->` just before a block keeps it from running
//!   (commands that start a server, or build the project).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The placeholder for text that varies (tokens, times, ids of the moment).
const ANY: &str = "…";

struct Step {
    /// The README line where the command is.
    line: usize,
    command: String,
    /// What it prints, when the README shows it.
    expected: Option<Vec<String>>,
    /// Where that is in the README: its first line (0-based) and how many
    /// lines it takes.
    shown_at: (usize, usize),
}

fn steps(readme: &str) -> Vec<Step> {
    let mut steps: Vec<Step> = Vec::new();
    let mut lang: Option<String> = None;
    let mut skip = false;
    let mut not_run_next = false;
    let mut pending = String::new();
    for (i, raw) in readme.lines().enumerate() {
        let line_no = i + 1;
        if let Some(fence) = raw.strip_prefix("```") {
            if lang.is_some() {
                lang = None;
            } else {
                lang = Some(fence.trim().to_string());
                skip = not_run_next;
            }
            not_run_next = false;
            continue;
        }
        let Some(l) = lang.as_deref() else {
            let t = raw.trim();
            if t.starts_with("<!-- not run") {
                not_run_next = true;
            } else if !t.is_empty() {
                not_run_next = false;
            }
            continue;
        };
        if skip || (l != "sh" && l != "console") {
            continue;
        }
        let command_text = if l == "sh" {
            (!raw.trim().is_empty() && !raw.trim_start().starts_with('#')).then_some(raw)
        } else {
            raw.strip_prefix("$ ")
        };
        let continuing = !pending.is_empty();
        if continuing || command_text.is_some() {
            let text = if continuing {
                raw
            } else {
                command_text.unwrap()
            };
            match text.strip_suffix('\\') {
                Some(head) => {
                    pending.push_str(head);
                    pending.push('\n');
                }
                None => {
                    pending.push_str(text);
                    steps.push(Step {
                        line: line_no,
                        command: std::mem::take(&mut pending),
                        expected: (l == "console").then(Vec::new),
                        shown_at: (line_no, 0),
                    });
                }
            }
        } else if let Some(step) = steps.last_mut().filter(|s| s.expected.is_some()) {
            step.expected
                .as_mut()
                .unwrap()
                .push(raw.trim_end().to_string());
            step.shown_at.1 += 1;
        }
    }
    for s in &mut steps {
        if let Some(e) = &mut s.expected {
            while e.last().is_some_and(|l| l.is_empty()) {
                e.pop();
            }
        }
    }
    steps
}

/// Whether `actual` is `pattern`, each `…` standing for any text.
fn line_matches(pattern: &str, actual: &str) -> bool {
    let mut parts = pattern.split(ANY);
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = actual.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return part.is_empty() || rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// Whether the lines printed match the lines shown, a line `…` standing for
/// any number of lines.
fn output_matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == ANY => {
            (0..=actual.len()).any(|skip| output_matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => actual
            .split_first()
            .is_some_and(|(a, more)| line_matches(first, a) && output_matches(rest, more)),
    }
}

/// A scratch folder laid out like a clone: `corredor/examples`,
/// `corredor/events` and `shared/data` beside it.
fn scratch_clone(data: &Path) -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let clone = root.path().join("corredor");
    std::fs::create_dir_all(&clone).unwrap();
    std::fs::create_dir_all(root.path().join("shared")).unwrap();
    std::os::unix::fs::symlink(data, root.path().join("shared/data")).unwrap();
    for dir in ["examples", "events"] {
        std::os::unix::fs::symlink(project.join(dir).canonicalize().unwrap(), clone.join(dir))
            .unwrap();
    }
    (root, clone)
}

/// With `UPDATE_README`, the tests that rewrite the README run one after
/// the other: each reads it, runs, and writes it back, and two at once
/// would each write over the other's change.
static REWRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn rewriting() -> Option<std::sync::MutexGuard<'static, ()>> {
    std::env::var_os("UPDATE_README").map(|_| REWRITING.lock().unwrap_or_else(|e| e.into_inner()))
}

#[test]
fn every_command_of_the_readme_runs_and_prints_what_it_shows() {
    let _one_at_a_time = rewriting();
    let Some(data) = corredor_testkit::shared_data("readme") else {
        return;
    };
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .unwrap();
    let steps = steps(&readme);
    assert!(steps.len() > 20, "the README's examples were not found");
    let (_root, clone) = scratch_clone(&data);
    let results = clone.join(".readme");
    std::fs::create_dir_all(&results).unwrap();
    // One shell for the whole README, so that variables and `cd` carry
    // over; each command's output and status go to their own files.
    let mut script = String::from("set +e\n");
    for (i, s) in steps.iter().enumerate() {
        script.push_str(&format!(
            "{{ {}\n}} > .readme/{i}.out 2>&1 < /dev/null; __rc=$?; echo $__rc > .readme/{i}.rc; (exit $__rc)\n",
            s.command
        ));
    }
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_corredor"));
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let status = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(&clone)
        .env("PATH", path)
        .env_remove("CORREDOR_DB")
        .env_remove("CORREDOR_ORG")
        .env_remove("CORREDOR_DATA")
        .env("RUST_LOG", "warn")
        .status()
        .expect("bash runs");
    assert!(status.success(), "the README's script did not finish");
    let mut failures = Vec::new();
    let mut updates: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        let out = std::fs::read_to_string(results.join(format!("{i}.out"))).unwrap_or_default();
        let rc: i32 = std::fs::read_to_string(results.join(format!("{i}.rc")))
            .ok()
            .and_then(|r| r.trim().parse().ok())
            .unwrap_or(-1);
        let may_fail = steps
            .get(i + 1)
            .is_some_and(|n| n.command.trim() == "echo $?");
        if rc != 0 && !may_fail {
            failures.push(format!(
                "README.md:{}: `{}` exited with {rc}:\n{out}",
                s.line, s.command
            ));
            continue;
        }
        if let Some(expected) = &s.expected {
            let actual: Vec<&str> = out.lines().map(str::trim_end).collect();
            let mut actual = actual.as_slice();
            while actual.last().is_some_and(|l| l.is_empty()) {
                actual = &actual[..actual.len() - 1];
            }
            if !output_matches(expected, actual) {
                updates.push((
                    s.shown_at.0,
                    s.shown_at.1,
                    actual.iter().map(|l| l.to_string()).collect(),
                ));
                failures.push(format!(
                    "README.md:{}: `{}` printed\n{}\n--- where the README shows\n{}\n",
                    s.line,
                    s.command,
                    actual.join("\n"),
                    expected.join("\n")
                ));
            }
        }
    }
    if std::env::var_os("UPDATE_README").is_some() && !updates.is_empty() {
        // After a deliberate change: what the commands print now replaces
        // what the README shows (review the diff; put back the `…`).
        let mut lines: Vec<String> = readme.lines().map(String::from).collect();
        updates.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
        for (at, len, printed) in updates {
            lines.splice(at..at + len, printed);
        }
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
        std::fs::write(path, lines.join("\n") + "\n").unwrap();
        return;
    }
    assert!(
        failures.is_empty(),
        "{} of {} README commands differ from the README:\n\n{}",
        failures.len(),
        steps.len(),
        failures.join("\n")
    );
}

#[test]
fn the_placeholder_stands_for_any_text_and_any_lines() {
    assert!(line_matches("secretariat: cor_…", "secretariat: cor_12ab"));
    assert!(line_matches("a … b … c", "a x b y c"));
    assert!(!line_matches("a … b", "a x c"));
    assert!(line_matches("exact", "exact"));
    assert!(!line_matches("exact", "exactly"));
    let shown = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(output_matches(
        &shown(&["a", "…", "z"]),
        &["a", "b", "c", "z"]
    ));
    assert!(output_matches(&shown(&["a", "…", "z"]), &["a", "z"]));
    assert!(!output_matches(&shown(&["a", "z"]), &["a", "b", "z"]));
}

/// The README's example of an alert as the API returns it: the first alert
/// of the list (the one that matters most) on a fresh demo store, in the
/// README's abridged form. `UPDATE_README=1` rewrites it after a
/// deliberate change.
#[test]
fn the_readme_shows_the_demos_first_alert_as_the_api_returns_it() {
    let _one_at_a_time = rewriting();
    let Some(data) = corredor_testkit::shared_data("readme") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("demo.db");
    let bin = env!("CARGO_BIN_EXE_corredor");
    let built = Command::new(bin)
        .arg("--db")
        .arg(&store)
        .args(["demo", "--no-serve", "--data"])
        .arg(&data)
        .env_remove("CORREDOR_DB")
        .env_remove("CORREDOR_ORG")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run corredor demo");
    assert!(built.status.success(), "{built:?}");
    let mut server = Command::new(bin)
        .arg("--db")
        .arg(&store)
        .args(["serve", "--addr", "127.0.0.1:0", "--scan-every", "0"])
        .env_remove("CORREDOR_DB")
        .env_remove("CORREDOR_ORG")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("start corredor serve");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(server.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let url = line.trim().strip_prefix("listening on ").map(String::from);
    let get = |path: &str| -> serde_json::Value {
        let url = url.as_deref().expect("the server's address");
        let body = ureq::get(&format!("{url}{path}"))
            .call()
            .expect("GET")
            .body_mut()
            .read_to_string()
            .expect("a body");
        serde_json::from_str(&body).expect("JSON")
    };
    let first = get("/api/v1/alerts")[0]["id"].clone();
    let alert = get(&format!(
        "/api/v1/alerts/{}",
        first.as_str().expect("an alert")
    ));
    let _ = server.kill();
    let _ = server.wait();
    let shown = abridged(&alert);

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let intro = lines
        .iter()
        .position(|l| l.starts_with("An alert, as `GET /api/v1/alerts/ID` returns it"))
        .expect("the README shows an alert");
    let open = intro + 2;
    assert_eq!(lines[open], "```json", "README.md:{}", open + 1);
    let close = open + 1 + lines[open + 1..].iter().position(|l| *l == "```").unwrap();
    let block = lines[open + 1..close].join("\n");
    if block != shown && std::env::var_os("UPDATE_README").is_some() {
        let mut new: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        new.splice(open + 1..close, shown.lines().map(String::from));
        std::fs::write(&path, new.join("\n") + "\n").unwrap();
        return;
    }
    assert_eq!(
        block,
        shown,
        "README.md:{}: the alert shown is not the demo's first as the API returns it",
        open + 2
    );
}

/// One line of JSON with a space after every `:` and `,`, as the README
/// writes it.
fn inline(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Array(a) => {
            format!("[{}]", a.iter().map(inline).collect::<Vec<_>>().join(", "))
        }
        serde_json::Value::Object(o) => format!(
            "{{{}}}",
            o.iter()
                .map(|(k, v)| format!("{}: {}", serde_json::Value::from(k.as_str()), inline(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        scalar => scalar.to_string(),
    }
}

/// The README's abridged form of an alert: every field the API gives but
/// the times, with the explanation in English and Spanish, its first event
/// and its first task.
fn abridged(a: &serde_json::Value) -> String {
    let fields = |keys: &[&str]| {
        keys.iter()
            .map(|k| format!("\"{k}\": {}", inline(&a[*k])))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let e = &a["explanation"];
    let event = &a["events"][0];
    let task = &a["tasks"][0];
    let more = |list: &serde_json::Value| {
        if list.as_array().map_or(0, Vec::len) > 1 {
            ", …"
        } else {
            ""
        }
    };
    [
        "{".to_string(),
        format!("  {},", fields(&["id", "kind", "level"])),
        format!(
            "  {},",
            fields(&["reporter", "location", "nationality", "indicator"])
        ),
        format!(
            "  {},",
            fields(&["period", "observed", "expected", "lo95", "hi95", "reference"])
        ),
        format!(
            "  {},",
            fields(&["score", "months", "priority", "places", "covers"])
        ),
        format!("  \"explanation\": {{\"en\": {},", inline(&e["en"])),
        format!(
            "                  \"es\": {}, \"pt\": \"…\", \"fr\": \"…\"}},",
            inline(&e["es"])
        ),
        format!("  {},", fields(&["downstream"])),
        format!("  {},", fields(&["affected", "acknowledged_by"])),
        format!("  {},", fields(&["status", "share", "share_with"])),
        format!(
            "  \"events\": [{{\"kind\": {}, \"org\": {}, …}}{}],",
            inline(&event["kind"]),
            inline(&event["org"]),
            more(&a["events"])
        ),
        format!(
            "  \"tasks\": [{{\"action\": {{\"en\": {}, \"es\": \"…\", \"pt\": \"…\", \"fr\": \"…\"}},",
            inline(&task["action"]["en"])
        ),
        format!(
            "             \"responsible\": {}, \"deadline\": \"…\", \"status\": {}, \"overdue\": {}}}{}]",
            inline(&task["responsible"]),
            inline(&task["status"]),
            inline(&task["overdue"]),
            more(&a["tasks"])
        ),
        "}".to_string(),
    ]
    .join("\n")
}

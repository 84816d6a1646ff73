//! The crate rules of ARCHITECTURE.md, checked on the sources: which crate
//! may depend on which, where SQL text and HTTP types may appear, and that
//! the pure crates touch no file, clock, network, process or database.
//! A change that breaks a layer fails here with the file and line.

use std::path::{Path, PathBuf};

/// The crates that are model code: data in, data out.
const PURE: &[&str] = &[
    "model", "ingest", "warning", "sharing", "followup", "labour",
];

/// Libraries that do I/O or belong to a shell: none of them in a pure crate.
const SHELL_LIBRARIES: &[&str] = &[
    "rusqlite",
    "postgres",
    "refinery",
    "ureq",
    "axum",
    "tokio",
    "tower",
    "tower-http",
    "hyper",
    "maud",
    "utoipa",
    "clap",
    "indicatif",
    "tracing-subscriber",
    "getrandom",
];

/// Libraries of the HTTP shell: only in `server` (and the binary that
/// starts it).
const HTTP_LIBRARIES: &[&str] = &["axum", "tokio", "tower", "tower-http", "hyper", "maud"];

/// What each crate may depend on among the workspace's crates.
fn allowed(krate: &str) -> &'static [&'static str] {
    match krate {
        "model" => &[],
        "ingest" | "warning" => &["corredor-model"],
        // Every CSV file is read by ingest's `csvio`, so that byte-order
        // marks, delimiters, encodings and blank lines are handled once.
        "sharing" | "followup" => &["corredor-model", "corredor-ingest"],
        // Matching workers to vacancies is placement with unit sizes: it
        // uses the sharing crate's solver rather than a second copy.
        "labour" => &["corredor-model", "corredor-ingest", "corredor-sharing"],
        "store" => &["corredor-model"],
        "app" => &[
            "corredor-model",
            "corredor-ingest",
            "corredor-warning",
            "corredor-sharing",
            "corredor-followup",
            "corredor-labour",
            "corredor-store",
        ],
        "server" => &[
            "corredor-model",
            "corredor-ingest",
            "corredor-warning",
            "corredor-sharing",
            "corredor-followup",
            "corredor-labour",
            "corredor-store",
            "corredor-app",
        ],
        "cli" => &[
            "corredor-model",
            "corredor-ingest",
            "corredor-warning",
            "corredor-sharing",
            "corredor-followup",
            "corredor-labour",
            "corredor-store",
            "corredor-app",
            "corredor-server",
        ],
        "testkit" => &[],
        other => panic!("crates/{other}: a new crate needs its place in ARCHITECTURE.md and here"),
    }
}

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn crates() -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(crates_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("Cargo.toml").exists())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// A crate's dependencies, each with whether it is optional (behind a
/// feature the crate itself never turns on).
fn dependencies(krate: &str) -> Vec<(String, bool)> {
    let text = std::fs::read_to_string(crates_dir().join(krate).join("Cargo.toml")).unwrap();
    let manifest: toml::Table = text.parse().unwrap();
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| {
            d.iter()
                .map(|(name, spec)| {
                    let optional = spec
                        .get("optional")
                        .and_then(|o| o.as_bool())
                        .unwrap_or(false);
                    (name.clone(), optional)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A pure crate may describe its types for the server's OpenAPI document
/// (`utoipa`'s derive, behind an optional feature): a description of the
/// wire, not I/O.
fn schema_only(dep: &str, optional: bool) -> bool {
    dep == "utoipa" && optional
}

/// Every line of every `.rs` file under `crates/KRATE/src`, with its place.
fn source_lines(krate: &str) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for path in rust_files(&crates_dir().join(krate).join("src")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path
            .strip_prefix(crates_dir())
            .unwrap()
            .display()
            .to_string();
        for (i, line) in text.lines().enumerate() {
            if !line.trim_start().starts_with("//") {
                out.push((name.clone(), i + 1, line.to_string()));
            }
        }
    }
    out
}

/// Every `.rs` file under `dir` (none when it does not exist).
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out
}

fn offending(krate: &str, needles: &[&str]) -> Vec<String> {
    source_lines(krate)
        .into_iter()
        .filter(|(_, _, line)| needles.iter().any(|n| line.contains(n)))
        .map(|(file, n, line)| format!("crates/{file}:{n}: {}", line.trim()))
        .collect()
}

#[test]
fn each_crate_depends_only_on_the_layers_below_it() {
    let mut wrong = Vec::new();
    for krate in crates() {
        let allowed = allowed(&krate);
        for (dep, optional) in dependencies(&krate) {
            let own = dep.starts_with("corredor");
            if own && !allowed.contains(&dep.as_str()) {
                wrong.push(format!("crates/{krate} depends on {dep}"));
            }
            if PURE.contains(&krate.as_str())
                && SHELL_LIBRARIES.contains(&dep.as_str())
                && !schema_only(&dep, optional)
            {
                wrong.push(format!("crates/{krate} (pure) depends on {dep}"));
            }
            if ["store", "app"].contains(&krate.as_str()) && HTTP_LIBRARIES.contains(&dep.as_str())
            {
                wrong.push(format!("crates/{krate} depends on the HTTP library {dep}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_pure_crates_touch_no_file_clock_network_process_or_database() {
    let io = [
        "std::fs",
        "File::open",
        "File::create",
        "std::net",
        "std::process",
        "std::env::var",
        "Utc::now",
        "Local::now",
        "SystemTime::now",
        "Instant::now",
        "thread::sleep",
    ];
    let found: Vec<String> = PURE.iter().flat_map(|k| offending(k, &io)).collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn sql_text_lives_in_the_store_only() {
    let sql = [
        "SELECT ",
        "INSERT INTO",
        "DELETE FROM",
        "CREATE TABLE",
        "UPDATE alert",
        "UPDATE task",
        "UPDATE token",
        "UPDATE delivery",
    ];
    let found: Vec<String> = crates()
        .iter()
        .filter(|k| !["store", "testkit"].contains(&k.as_str()))
        .flat_map(|k| offending(k, &sql))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_use_cases_run_no_statement_of_their_own() {
    // `Store::execute` and `Store::query` take SQL text: outside the store
    // they would mean a statement written elsewhere.
    // A call with text, a built string or an argument on the next line;
    // `q.query()` (a request's own query) is not one.
    let runs_sql = |line: &str| {
        let line = line.trim_end();
        [".execute(", ".query("].iter().any(|call| {
            line.ends_with(call)
                || line.contains(&format!("{call}\""))
                || line.contains(&format!("{call}&"))
        })
    };
    let found: Vec<String> = ["app", "server", "cli"]
        .iter()
        .flat_map(|k| source_lines(k))
        .filter(|(_, _, line)| runs_sql(line))
        .map(|(file, n, line)| format!("crates/{file}:{n}: {}", line.trim()))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn http_types_live_in_the_server_only() {
    let http = ["axum::", "tower_http::", "hyper::", "StatusCode"];
    let found: Vec<String> = crates()
        .iter()
        .filter(|k| !["server", "cli"].contains(&k.as_str()))
        .flat_map(|k| offending(k, &http))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
    // The binary only starts the server: it names no HTTP type itself.
    let cli = offending("cli", &http);
    assert!(cli.is_empty(), "{}", cli.join("\n"));
}

/// A file past this many lines is usually two ideas.
const MOST_LINES: usize = 800;

#[test]
fn no_source_file_is_over_800_lines() {
    let mut long = Vec::new();
    for krate in crates() {
        for folder in ["src", "tests", "benches", "examples"] {
            for path in rust_files(&crates_dir().join(&krate).join(folder)) {
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                if lines > MOST_LINES {
                    long.push(format!("{}: {lines} lines", path.display()));
                }
            }
        }
    }
    assert!(long.is_empty(), "{}", long.join("\n"));
}

/// A dependency nobody uses costs build time and widens what must be
/// trusted: every `[dependencies]` entry of a crate is named somewhere in
/// its sources (library, binaries, examples, benches, build script).
#[test]
fn every_dependency_is_used() {
    let mut unused = Vec::new();
    for krate in crates() {
        let root = crates_dir().join(&krate);
        let mut text = String::new();
        for dir in ["src", "examples", "benches"] {
            for path in rust_files(&root.join(dir)) {
                text.push_str(&std::fs::read_to_string(path).unwrap());
            }
        }
        if let Ok(build) = std::fs::read_to_string(root.join("build.rs")) {
            text.push_str(&build);
        }
        for (dep, _) in dependencies(&krate) {
            let name = dep.replace('-', "_");
            if !text.contains(&format!("{name}::"))
                && !text.contains(&format!("{name}!"))
                && !text.contains(&format!("use {name}"))
                && !text.contains(&format!("extern crate {name}"))
            {
                unused.push(format!(
                    "crates/{krate} depends on {dep} but never names it"
                ));
            }
        }
    }
    assert!(unused.is_empty(), "{}", unused.join("\n"));
}

/// A source file's module path inside its crate: `src/a/b.rs` and
/// `src/a/b/mod.rs` are `["a", "b"]`, `src/lib.rs` is `[]`.
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The file a path names: the longest prefix of it that is a file module.
fn file_named(files: &[Vec<String>], path: &[String]) -> Option<usize> {
    (1..=path.len())
        .rev()
        .find_map(|k| files.iter().position(|f| f.as_slice() == &path[..k]))
}

/// What a file refers to in its own crate: every `crate::…`, `super::…`
/// and `self::…` path (also inside `{…}` groups), and a child module used
/// by its bare name. Comments and the unit tests at the end are skipped.
fn references(text: &str, me: &[String], files: &[Vec<String>]) -> Vec<usize> {
    let code: String = text
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or("")
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let base_of = |root: &str| -> Vec<String> {
        match root {
            "crate" => Vec::new(),
            "super" => me[..me.len().saturating_sub(1)].to_vec(),
            _ => me.to_vec(),
        }
    };
    let mut out = Vec::new();
    for root in ["crate", "super", "self"] {
        let needle = format!("{root}::");
        for (at, _) in code.match_indices(&needle) {
            if at > 0 && code[..at].chars().next_back().is_some_and(ident) {
                continue;
            }
            let rest = &code[at + needle.len()..];
            let mut paths: Vec<String> = Vec::new();
            if let Some(group) = rest.strip_prefix('{') {
                let inner = &group[..group.find('}').unwrap_or(group.len())];
                paths.extend(inner.split(',').map(|p| p.trim().to_string()));
            } else {
                let end = rest
                    .find(|c: char| !(ident(c) || c == ':'))
                    .unwrap_or(rest.len());
                paths.push(rest[..end].to_string());
            }
            for p in paths {
                let mut path = base_of(root);
                for seg in p.split("::").filter(|s| !s.is_empty()) {
                    if seg == "super" {
                        path.pop();
                    } else {
                        path.push(seg.to_string());
                    }
                }
                if let Some(f) = file_named(files, &path) {
                    out.push(f);
                }
            }
        }
    }
    for (k, f) in files.iter().enumerate() {
        if f.len() == me.len() + 1 && f.starts_with(me) {
            let needle = format!("{}::", f[me.len()]);
            let bare = code.match_indices(&needle).any(|(at, _)| {
                !code[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| ident(c) || c == ':')
            });
            if bare {
                out.push(k);
            }
        }
    }
    out
}

/// The files of `krate` that depend on each other in a circle, if any.
fn import_cycles(krate: &str) -> Vec<Vec<String>> {
    let src = crates_dir().join(krate).join("src");
    let paths = rust_files(&src);
    let files: Vec<Vec<String>> = paths.iter().map(|p| module_of(&src, p)).collect();
    let edges: Vec<Vec<usize>> = paths
        .iter()
        .zip(&files)
        .enumerate()
        .map(|(k, (p, me))| {
            let text = std::fs::read_to_string(p).unwrap();
            let mut e = references(&text, me, &files);
            e.retain(|&t| t != k);
            e.sort_unstable();
            e.dedup();
            e
        })
        .collect();
    // A file is in a cycle when it reaches itself.
    let reach = |from: usize| {
        let mut seen = vec![false; files.len()];
        let mut stack = edges[from].clone();
        while let Some(v) = stack.pop() {
            if !seen[v] {
                seen[v] = true;
                stack.extend(&edges[v]);
            }
        }
        seen
    };
    let reached: Vec<Vec<bool>> = (0..files.len()).map(reach).collect();
    let mut cycles: Vec<Vec<String>> = Vec::new();
    let mut done = vec![false; files.len()];
    for a in 0..files.len() {
        if done[a] || !reached[a][a] {
            continue;
        }
        let members: Vec<usize> = (0..files.len())
            .filter(|&b| reached[a][b] && reached[b][a])
            .collect();
        for &m in &members {
            done[m] = true;
        }
        cycles.push(
            members
                .iter()
                .map(|&m| {
                    format!(
                        "crates/{krate}/src/{}",
                        paths[m].strip_prefix(&src).unwrap().display()
                    )
                })
                .collect(),
        );
    }
    cycles
}

/// Files of a crate form layers too: a module that uses another is above
/// it, and no two files use each other, even through others (a parent
/// `mod.rs` that routes to its children keeps what they share in a sibling
/// file, not in itself).
#[test]
fn no_import_cycle_between_the_files_of_a_crate() {
    let mut found = Vec::new();
    for krate in crates() {
        for cycle in import_cycles(&krate) {
            found.push(cycle.join(" ⇄ "));
        }
    }
    assert!(
        found.is_empty(),
        "files that import each other:\n{}",
        found.join("\n")
    );
}

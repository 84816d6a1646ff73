//! What Corredor's tests share.
//!
//! - [`TestStore`]: a fresh, empty store for one test. SQLite (a temporary
//!   file) by default; a fresh PostgreSQL database when
//!   `CORREDOR_TEST_POSTGRES` holds an admin URL, which is how `scripts/test`
//!   runs the same suite against both backends.
//! - [`shared_data`]: the real public datasets, or `None` with a message
//!   saying the tests that need them are skipped.
//! - [`golden`]: compare an output with its golden file, or rewrite the
//!   file under `UPDATE_GOLDEN=1`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// Environment variable with a PostgreSQL admin URL; when set, every
/// [`TestStore`] is a new database on that server.
pub const POSTGRES_ENV: &str = "CORREDOR_TEST_POSTGRES";

pub struct TestStore {
    /// What to pass as `--db`.
    pub url: String,
    /// Scratch files, one folder per store, so that tests running at once
    /// never share a file (on PostgreSQL too).
    dir: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

impl TestStore {
    pub fn new() -> TestStore {
        match std::env::var(POSTGRES_ENV) {
            Ok(admin) if !admin.is_empty() => {
                let n = COUNTER.fetch_add(1, Ordering::SeqCst);
                let name = format!("corredor_test_{}_{n}", std::process::id());
                let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                    .unwrap_or_else(|e| panic!("{POSTGRES_ENV}={admin}: cannot connect: {e}"));
                // Two statements: PostgreSQL runs a multi-statement string
                // as one transaction, which these commands refuse.
                client
                    .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                    .expect("drop a leftover test database");
                client
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create the test database");
                let url = match admin.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => panic!("{POSTGRES_ENV} must end with /DATABASE"),
                };
                TestStore {
                    url,
                    dir: tempfile::tempdir().expect("temporary directory"),
                    postgres: Some((admin, name)),
                }
            }
            _ => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let url = dir.path().join("test.db").display().to_string();
                TestStore {
                    url,
                    dir,
                    postgres: None,
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// A path for a scratch file beside the store.
    pub fn scratch(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Default for TestStore {
    fn default() -> Self {
        TestStore::new()
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres {
            if let Ok(mut client) = postgres::Client::connect(admin, postgres::NoTls) {
                let _ =
                    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// The folder of real datasets (`../shared/data` beside the project), or
/// `None` after printing why the calling test is skipped.
pub fn shared_data(test: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.is_dir() {
        Some(dir.canonicalize().unwrap_or(dir))
    } else {
        eprintln!(
            "{test}: skipped: the real datasets are not at {} (../shared/data beside the project)",
            dir.display()
        );
        None
    }
}

/// Compares `actual` with the golden file `dir/name`, or writes it there
/// when `UPDATE_GOLDEN` is set. A difference panics naming the first line
/// that differs, both versions of it, and the command that rewrites the
/// file after a deliberate change.
pub fn golden(dir: &Path, name: &str, actual: &str) {
    let path = dir.join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual)
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let pinned = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing {}: run with UPDATE_GOLDEN=1", path.display()));
    if let Some(difference) = first_difference(actual, &pinned) {
        panic!(
            "{name} differs from its golden file {}: {difference}\n\
             (UPDATE_GOLDEN=1 rewrites it after a deliberate change)",
            path.display()
        );
    }
}

/// How `actual` differs from `pinned`: the first line that differs, with
/// both versions of it, or `None` when they are the same text.
fn first_difference(actual: &str, pinned: &str) -> Option<String> {
    if actual == pinned {
        return None;
    }
    let (now, was): (Vec<&str>, Vec<&str>) = (actual.lines().collect(), pinned.lines().collect());
    if now == was {
        return Some("in its line endings only (the lines are the same)".to_string());
    }
    let line = now
        .iter()
        .zip(&was)
        .position(|(a, b)| a != b)
        .unwrap_or(now.len().min(was.len()));
    let show = |lines: &[&str]| match lines.get(line) {
        Some(text) => format!("{text:?}"),
        None => "(end of text)".to_string(),
    };
    Some(format!(
        "first at line {}:\n  now:    {}\n  pinned: {}",
        line + 1,
        show(&now),
        show(&was)
    ))
}

#[cfg(test)]
mod tests {
    use super::first_difference;

    #[test]
    fn names_the_first_line_that_differs() {
        assert_eq!(first_difference("a\nb\n", "a\nb\n"), None);
        assert_eq!(
            first_difference("a\nb\nc\n", "a\nx\nc\n").unwrap(),
            "first at line 2:\n  now:    \"b\"\n  pinned: \"x\""
        );
        assert_eq!(
            first_difference("a\nb\n", "a\n").unwrap(),
            "first at line 2:\n  now:    \"b\"\n  pinned: (end of text)"
        );
        assert_eq!(
            first_difference("a\n", "a\nb\n").unwrap(),
            "first at line 2:\n  now:    (end of text)\n  pinned: \"b\""
        );
        assert_eq!(
            first_difference("a\r\nb", "a\nb\n").unwrap(),
            "in its line endings only (the lines are the same)"
        );
    }
}

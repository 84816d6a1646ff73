//! What Corredor's tests share.
//!
//! - [`TestStore`]: a fresh, empty store for one test. SQLite (a temporary
//!   file) by default; a fresh PostgreSQL database when
//!   `CORREDOR_TEST_POSTGRES` holds an admin URL, which is how `scripts/test`
//!   runs the same suite against both backends.
//! - [`shared_data`]: the real public datasets, or `None` with a message
//!   saying the tests that need them are skipped.

use std::path::PathBuf;
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

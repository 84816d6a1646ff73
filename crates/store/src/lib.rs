//! Corredor's store: series, observations with every revision and its
//! provenance, on SQLite (the embedded default, one file) or PostgreSQL
//! (several server instances, one truth), behind the one [`Store`] trait.
//!
//! Invariants that hold on both backends:
//! - an observation is never changed in place: a different value is a new
//!   revision, and the revision it replaces keeps its value, source and
//!   batch, marked with the batch that superseded it;
//! - an import is one transaction: it commits whole or leaves no trace,
//!   also when the process is killed half-way;
//! - every read that serves someone other than the local operator goes
//!   through [`Access`], the one place sharing levels are applied.

pub mod alerts;
pub mod audit;
pub mod confirmations;
pub mod followup;
mod import;
pub mod keys;
pub mod labour;
pub mod leases;
pub mod orgs;
pub mod pending;
mod postgres;
mod query;
pub mod sessions;
pub mod sql;
mod sqlite;
pub mod tasks;
pub mod webhooks;

use std::collections::BTreeSet;

use corredor_model::{Frequency, Indicator, Period, SeriesKey, ShareLevel, Sharing};

pub use audit::AuditEntry;
pub use import::{Counts, DataProblem, FileMeta, NewObservation};
pub use query::{visible_sql, Filter, Page, ReadOptions};
pub use sql::{transaction, Row, Value};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("SQLite: {0}")]
    Sqlite(rusqlite::Error),
    #[error("PostgreSQL: {}", postgres_text(.0))]
    Postgres(::postgres::Error),
    /// The store stayed busy with other writers longer than a write waits
    /// for its turn (30 seconds on either backend); nothing was written.
    #[error("the store is busy with other writes: try again in a moment")]
    Busy(String),
    /// A write done after its deadline ([`Store::set_deadline`]): rolled
    /// back rather than committed, since whoever asked for it has been
    /// told it took too long. Nothing was written.
    #[error("the write took longer than a request may and was not kept: nothing was written; send it again, or import a large file with the command line")]
    TimedOut,
    /// A write met another one made meanwhile: a key written twice, a row
    /// its key names deleted, a serialization failure or a deadlock. The
    /// store's own words (which can hold the rows' values) are kept for
    /// the log, not for whoever made the write.
    #[error("a write conflicted with another made meanwhile: {0}")]
    Conflict(String),
    #[error("migrating the database schema: {0}")]
    Migration(#[from] refinery::Error),
    #[error("{0}")]
    Invalid(String),
    /// A text given holds a NUL character (`sql::refuse_nul`).
    #[error("a text given holds a NUL character, which the store does not keep")]
    Nul,
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode::ConstraintViolation;
        // Unique and primary keys are what a second write of the same row
        // breaks; other constraints (checks, NOT NULL) are the store's own
        // errors, as are foreign keys, which SQLite is not asked to check.
        const KEYS: [i32; 2] = [
            rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE,
            rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY,
        ];
        match &e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == ConstraintViolation && KEYS.contains(&f.extended_code) =>
            {
                StoreError::Conflict(e.to_string())
            }
            rusqlite::Error::SqliteFailure(f, _)
                if matches!(
                    f.code,
                    rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
                ) =>
            {
                StoreError::Busy(e.to_string())
            }
            _ => StoreError::Sqlite(e),
        }
    }
}

/// A PostgreSQL error as the log may give it: the server's message and
/// its code, where the driver alone says "db error"; never the detail,
/// which can quote a row's values.
fn postgres_text(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => e.to_string(),
    }
}

impl From<::postgres::Error> for StoreError {
    fn from(e: ::postgres::Error) -> StoreError {
        use ::postgres::error::SqlState;
        if e.code() == Some(&SqlState::LOCK_NOT_AVAILABLE) {
            return StoreError::Busy(postgres_text(&e));
        }
        let conflict = [
            SqlState::UNIQUE_VIOLATION,
            SqlState::FOREIGN_KEY_VIOLATION,
            SqlState::T_R_SERIALIZATION_FAILURE,
            SqlState::T_R_DEADLOCK_DETECTED,
        ];
        match e.code() {
            Some(code) if conflict.contains(code) => StoreError::Conflict(
                e.as_db_error()
                    .map_or_else(|| e.to_string(), ToString::to_string),
            ),
            _ => StoreError::Postgres(e),
        }
    }
}

/// Who a read is for, as the model decides it from the actor.
pub use corredor_model::Access;

/// One series as `series list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesSummary {
    pub key: SeriesKey,
    pub frequency: Frequency,
    pub first: Period,
    pub last: Period,
    pub count: u64,
    /// The sharing levels among its visible observations, most open first.
    pub shares: Vec<ShareLevel>,
}

/// One observation as read back, with its provenance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObservation {
    pub key: SeriesKey,
    pub period: Period,
    /// Empty for the series total; `name=value;…` for a breakdown.
    pub dims: String,
    pub value: u64,
    pub revision: u32,
    pub source: Option<String>,
    pub sharing: Sharing,
    pub received_at: String,
    pub org: String,
    pub file: String,
    /// Line (or row) of the file the value came from.
    pub line: u64,
    /// When a later revision replaced this one, if it has been.
    pub superseded_at: Option<String>,
}

/// A received file, as the provenance log shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    pub id: i64,
    pub file: String,
    pub sha256: String,
    pub format: String,
    pub source: Option<String>,
    pub org: String,
    pub received_at: String,
    pub rows: u64,
    pub new: u64,
    pub revised: u64,
}

/// An import in progress: one transaction over every file of a command.
/// Dropping it without [`Import::commit`] discards everything it wrote.
pub trait Import {
    /// Starts the next file of the command.
    fn start_file(&mut self, meta: &FileMeta) -> Result<()>;
    /// Adds one observation of the current file. `Ok(Err(problem))` is a
    /// problem in the data found at once (an unknown indicator), at the
    /// field it is in; `Err` is a failure of the database itself.
    fn add(&mut self, obs: &NewObservation) -> Result<std::result::Result<(), DataProblem>>;
    /// Ends the current file, whose content had this SHA-256: says what it
    /// changed, and the problems found while writing it (a series and
    /// period given twice), each at its place in the file.
    fn finish_file(&mut self, sha256: &str) -> Result<(Counts, Vec<DataProblem>)>;
    /// Records the import's audit entry in the import's transaction, so
    /// that the rows and the entry commit together or not at all.
    fn audit(&mut self, entry: &AuditEntry) -> Result<()>;
    /// Marks `keys` as waiting for the early warning (at `at`), in the
    /// import's transaction; see [`pending`].
    fn mark_scan(&mut self, keys: &BTreeSet<SeriesKey>, at: &str) -> Result<()>;
    /// Completes, in the import's transaction, the tasks a capacity report
    /// of `reporter` closes (see [`tasks`]), as received `at` from `by`;
    /// how many it completed.
    fn complete_capacity_tasks(&mut self, reporter: &str, at: &str, by: &str) -> Result<u64>;
    fn commit(self: Box<Self>) -> Result<()>;
}

/// Which database a store runs on, for the few statements whose dialects
/// differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub trait Store: Send {
    /// Starts an import. Only one import writes at a time.
    fn begin_import(&mut self) -> Result<Box<dyn Import + '_>>;
    /// Every series that matches, in key order.
    fn series(&mut self, filter: &Filter, access: &Access) -> Result<Vec<SeriesSummary>> {
        self.series_page(filter, access, None)
    }
    /// The series that match, in key order: all of them, or one page.
    fn series_page(
        &mut self,
        filter: &Filter,
        access: &Access,
        page: Option<&Page>,
    ) -> Result<Vec<SeriesSummary>>;
    /// Streams the observations that match, in series then period order.
    fn observations(
        &mut self,
        filter: &Filter,
        options: &ReadOptions,
        access: &Access,
        each: &mut dyn FnMut(StoredObservation) -> Result<()>,
    ) -> Result<()>;
    fn indicators(&mut self) -> Result<Vec<Indicator>>;
    fn add_indicator(&mut self, indicator: &Indicator) -> Result<()>;
    fn batches(&mut self) -> Result<Vec<Batch>>;

    fn backend(&self) -> Backend;
    /// Runs one statement written with `{p}` parameter markers; returns the
    /// number of rows it changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs one query written with `{p}` parameter markers.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Prepares a statement written with `{p}` markers without running it:
    /// the test that every named statement is valid on both backends.
    fn check_statement(&mut self, sql: &str) -> Result<()>;
    /// Starts a transaction for [`sql::transaction`]; on SQLite it takes
    /// the write lock at once, so that two writers never deadlock.
    fn begin(&mut self) -> Result<()>;
    fn commit(&mut self) -> Result<()>;
    fn rollback(&mut self) -> Result<()>;
    /// From `deadline` on, a write is not kept: [`sql::transaction`] and
    /// an import roll back instead of committing, and a statement outside
    /// a transaction is not run, each with [`StoreError::TimedOut`]. The
    /// server sets it to a request's own deadline, so that a request told
    /// it timed out has written nothing; `None` (the default) keeps every
    /// write.
    fn set_deadline(&mut self, deadline: Option<std::time::Instant>);
    fn deadline(&self) -> Option<std::time::Instant>;
}

/// Whether `deadline` has passed.
pub(crate) fn past(deadline: Option<std::time::Instant>) -> bool {
    deadline.is_some_and(|d| std::time::Instant::now() >= d)
}

/// The words of a PostgreSQL connection string of keywords (`host=…
/// dbname=…`, libpq's other form) that tell one from a file name.
const KEYWORDS: [&str; 7] = [
    "host", "hostaddr", "port", "dbname", "user", "password", "sslmode",
];

/// Whether `db` is a connection string of keywords (`host=h
/// password=… dbname=d`) rather than a URL or a SQLite path: every word
/// is `key=value` and one key is libpq's. Corredor takes PostgreSQL as a
/// URL; read as a path, such a string made a SQLite file named by it,
/// password and all.
pub fn is_keyword_connection(db: &str) -> bool {
    !db.contains("://")
        && db.split_whitespace().count() > 0
        && db.split_whitespace().all(|w| w.contains('='))
        && db.split_whitespace().any(|w| {
            w.split_once('=')
                .is_some_and(|(k, _)| KEYWORDS.iter().any(|kw| k.eq_ignore_ascii_case(kw)))
        })
}

/// The refusal of a connection string of keywords, naming none of its
/// values.
pub fn keyword_connection_refused() -> StoreError {
    StoreError::Invalid(
        "the store is given as a PostgreSQL connection string of keywords (host=… dbname=…); \
         give it as a URL, postgres://user@host:port/dbname (the password in PGPASSWORD or ~/.pgpass), \
         or a SQLite file's path"
            .to_string(),
    )
}

/// A connection parameter `key=value` as messages may show it: a
/// password's value (`password`, `sslpassword`, any case) hidden.
fn without_password(pair: &str) -> String {
    match pair.split_once('=') {
        Some((k, _))
            if k.eq_ignore_ascii_case("password") || k.eq_ignore_ascii_case("sslpassword") =>
        {
            format!("{k}=…")
        }
        _ => pair.to_string(),
    }
}

/// `url` as logs and messages may show it: without a password, whether
/// in its user part (`user:secret@`) or among its parameters
/// (`?password=`, `sslpassword=`, any case, in a URL or a connection
/// string of keywords). A SQLite path is unchanged.
pub fn redacted(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        if is_keyword_connection(url) {
            return url
                .split_whitespace()
                .map(without_password)
                .collect::<Vec<_>>()
                .join(" ");
        }
        return url.to_string();
    };
    let (scheme, rest) = url.split_at(scheme_end + 3);
    let (rest, query) = match rest.split_once('?') {
        Some((r, q)) => (r, Some(q)),
        None => (rest, None),
    };
    let rest = match rest.rfind('@') {
        Some(at) => {
            let user = rest[..at].split(':').next().unwrap_or("");
            format!("{user}@{}", &rest[at + 1..])
        }
        None => rest.to_string(),
    };
    let query = query.map(|q| {
        q.split('&')
            .map(without_password)
            .collect::<Vec<_>>()
            .join("&")
    });
    match query {
        Some(q) => format!("{scheme}{rest}?{q}"),
        None => format!("{scheme}{rest}"),
    }
}

/// Opens the store at `url`: `postgres://…` or `postgresql://…` for
/// PostgreSQL, anything else is a SQLite file path (created if absent).
/// Migrations run on open.
pub fn open(url: &str) -> Result<Box<dyn Store>> {
    if is_keyword_connection(url) {
        return Err(keyword_connection_refused());
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Box::new(postgres::PgStore::open(url)?))
    } else {
        Ok(Box::new(sqlite::SqliteStore::open(url)?))
    }
}

/// Every named statement of the store's repositories, so that one test
/// prepares each on both backends (`tests/statements.rs`).
pub fn statements() -> Vec<&'static str> {
    [
        alerts::STATEMENTS,
        audit::STATEMENTS,
        confirmations::STATEMENTS,
        &followup::statements(),
        keys::STATEMENTS,
        labour::STATEMENTS,
        leases::STATEMENTS,
        orgs::STATEMENTS,
        pending::STATEMENTS,
        sessions::STATEMENTS,
        tasks::STATEMENTS,
        webhooks::STATEMENTS,
        HEALTH,
    ]
    .concat()
}

const DATA_VERSION: &str = "SELECT COALESCE(MAX(id), 0) FROM batch";
const PING: &str = "SELECT 1";
const HEALTH: &[&str] = &[DATA_VERSION, PING, SIMULATED];

/// A current value whose source says it is simulated, as the demo's
/// scenario writes on every row.
/// Its condition is the partial index `observation_simulated`'s, word for
/// word, so that both databases answer from that index.
const SIMULATED: &str = "SELECT 1 AS one FROM observation \
     WHERE source LIKE 'SIMULATED%' AND superseded_by IS NULL LIMIT 1";

/// Whether the store holds simulated figures (a current value whose
/// source begins `SIMULATED`): the dashboard says so on every page,
/// whichever command serves it.
pub fn holds_simulated(store: &mut dyn Store) -> Result<bool> {
    Ok(!store.query(SIMULATED, &[])?.is_empty())
}

/// The newest batch's id, 0 for an empty store: it changes with every
/// import that wrote anything, so caches of computed reads key on it.
pub fn data_version(store: &mut dyn Store) -> Result<i64> {
    Ok(store
        .query(DATA_VERSION, &[])?
        .first()
        .map(|r| r.int(0))
        .transpose()?
        .unwrap_or(0))
}

/// One round trip to the database, for the health check.
pub fn ping(store: &mut dyn Store) -> Result<()> {
    store.query(PING, &[])?;
    Ok(())
}

pub(crate) fn level_from_db(s: &str) -> ShareLevel {
    s.parse().unwrap_or(ShareLevel::Restricted)
}

#[cfg(test)]
mod url_tests {
    #[test]
    fn a_url_is_shown_without_its_password() {
        let r = super::redacted;
        assert_eq!(r("postgres://u:S3cret@h:5432/db"), "postgres://u@h:5432/db");
        assert_eq!(
            r("postgresql://u@h/db?sslmode=require&Password=S3cret&sslpassword=x"),
            "postgresql://u@h/db?sslmode=require&Password=…&sslpassword=…"
        );
        assert_eq!(r("postgres://u:p@ss@h/db"), "postgres://u@h/db");
        assert_eq!(r("/var/lib/corredor.db"), "/var/lib/corredor.db");
        assert_eq!(
            r("host=h password=S3cret dbname=d"),
            "host=h password=… dbname=d"
        );
    }

    #[test]
    fn a_connection_string_of_keywords_is_told_from_a_file_name_and_refused() {
        use super::is_keyword_connection as k;
        assert!(k("host=localhost password=S3cret dbname=x"));
        assert!(k("dbname=corredor"));
        assert!(!k("corredor-demo.db"));
        assert!(!k("/tmp/a=b.db"));
        assert!(!k("postgres://u@h/db?sslmode=require"));
        assert!(!k("my store=1.db and more"));
        let db = "host=nowhere password=S3cret dbname=x";
        let e = super::open(db).err().expect("refused").to_string();
        assert!(e.contains("postgres://"), "{e}");
        assert!(!e.contains("S3cret"), "{e}");
        assert!(!std::path::Path::new(db).exists(), "a file was made");
    }
}

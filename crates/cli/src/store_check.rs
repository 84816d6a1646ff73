//! What the command line checks about `--db` and `--as-org` before a
//! command runs: a read never creates a store (a mistyped path would
//! otherwise answer "0 series" from a new, empty file), a store in a folder
//! that does not exist is named once, and a write on behalf of an
//! organisation the store does not know is refused.

use std::path::Path;

use anyhow::{bail, Result};
use clap::ArgMatches;

/// Commands that only read the store: they refuse a SQLite path where no
/// store exists. Every command is in this list or in [`WRITES`] (a test in
/// `main.rs` keeps it so).
pub const READS: &[&str] = &[
    "series list",
    "series show",
    "export",
    "indicator list",
    "imports",
    "forecast",
    "scan",
    "backtest",
    "data notices",
    "data confirmations",
    "corridor show",
    "corridor lag",
    "org list",
    "token list",
    "protocol list",
    "registry list",
    "registry history",
    "registry mechanisms",
    "registry groups",
    "registry conflicts",
    "overlap",
    "themes",
    "presidency",
    "presidency list",
    "meeting list",
    "calendar check",
    "calendar export",
    "commitment list",
    "monitoring list",
    "measure list",
    "measure steps",
    "group report",
    "consistency",
    "integration list",
    "pledge report",
    "pledge export",
    "pledge requirements list",
    "pledge coverage",
    "pledge sectors",
    "rates list",
    "audit",
    "capacity latest",
    "capacity sites",
    "labour worker list",
    "labour worker show",
    "labour summary",
    "labour mix list",
];

/// Commands that write, or need no store at all: they may create a SQLite
/// store where none exists.
pub const WRITES: &[&str] = &[
    "import",
    "indicator add",
    "data confirm",
    "data revise",
    "demo",
    "serve",
    "org add",
    "token create",
    "token revoke",
    "protocol load",
    "share key",
    "share inputs",
    "share place",
    "share generate",
    "share train",
    "labour match",
    "labour generate",
    "labour pathway list",
    "labour pathway show",
    "labour pathway add",
    "labour import workers",
    "labour import vacancies",
    "labour worker delete",
    "labour mix import",
    "registry seed",
    "registry add-mechanism",
    "registry add-group",
    "registry add",
    "registry change",
    "registry withdraw",
    "registry claim",
    "presidency set",
    "meeting add",
    "meeting change",
    "meeting cancel",
    "commitment add",
    "commitment adopt",
    "commitment indicator",
    "commitment measure",
    "monitoring add",
    "measure add",
    "measure flag",
    "group charter",
    "group event",
    "measure reply",
    "measure rule",
    "pledge import",
    "pledge requirements import",
    "pledge verify",
    "integration import",
    "rates import",
];

/// The names of the subcommands given, e.g. `series list`.
pub fn command_path(matches: &ArgMatches) -> String {
    let mut names = Vec::new();
    let mut m = matches;
    while let Some((name, sub)) = m.subcommand() {
        names.push(name);
        m = sub;
    }
    names.join(" ")
}

fn is_sqlite(url: &str) -> bool {
    !(url.starts_with("postgres://") || url.starts_with("postgresql://"))
}

/// Refuses a SQLite path where no store exists: for a command that needs
/// no store unless an option asks it to read one (`share inputs
/// --capacity`, `share place --sites-from-store`).
pub fn existing(db: &str) -> Result<()> {
    if is_sqlite(db) && !Path::new(db).exists() {
        bail!(
            "no store at {db}: give --db (or CORREDOR_DB) the path of an existing store; `corredor import` or `corredor demo` creates one"
        );
    }
    Ok(())
}

/// Creates the SQLite file `db` names when nothing is at that path (not
/// even a link), and returns it: the command that claimed it may take it
/// away again if it wrote nothing ([`remove_new`]), so that a refused
/// first import leaves no empty store that later reads would take for a
/// real one. `None` when something was there, or another process created
/// it first. SQLite takes an empty file for a new database.
pub fn claim_new(db: &str) -> Option<std::path::PathBuf> {
    let file = Path::new(db);
    if !is_sqlite(db) || db.starts_with("file:") || std::fs::symlink_metadata(file).is_ok() {
        return None;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .ok()
        .map(|_| file.to_path_buf())
}

/// Removes a store this command created, with SQLite's journal files.
pub fn remove_new(file: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = file.as_os_str().to_os_string();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}

/// Checks the store and the organisation for the command at `path`;
/// `org` is the `--as-org` given (None for the operator's default).
pub fn check(path: &str, db: &str, org: Option<&str>) -> Result<()> {
    if corredor_store::is_keyword_connection(db) {
        return Err(corredor_store::keyword_connection_refused().into());
    }
    if is_sqlite(db) {
        let file = Path::new(db);
        let folder = file.parent().filter(|p| !p.as_os_str().is_empty());
        if let Some(folder) = folder.filter(|f| !f.is_dir()) {
            bail!(
                "no folder {} for the store {db}: create the folder, or give --db (or CORREDOR_DB) another path",
                folder.display()
            );
        }
        if READS.contains(&path) {
            existing(db)?;
        }
    }
    // The demo rebuilds its store and writes as its own operator.
    if let Some(org) = org.filter(|_| WRITES.contains(&path) && path != "demo") {
        let exists = !is_sqlite(db) || Path::new(db).exists();
        if exists {
            let mut store = crate::open_store(db)?;
            let orgs = corredor_app::auth::orgs(store.as_mut())?;
            if !orgs.is_empty() && !orgs.iter().any(|o| o.code == org) {
                let known: Vec<&str> = orgs.iter().map(|o| o.code.as_str()).collect();
                bail!(
                    "--as-org {org}: no such organisation in {} (it has {}); add it with `corredor org add --code {org} --name …`",
                    corredor_store::redacted(db),
                    known.join(", ")
                );
            }
        }
    }
    Ok(())
}

//! Killing the process in the middle of an import leaves the store as it
//! was before.

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

#[test]
fn killing_an_import_half_way_leaves_the_store_as_it_was() {
    let store = TestStore::new();
    let seed = write(
        &store.scratch("seed.csv"),
        format!("{HEADER}PAN,ALL,VEN,irregular_entries,2023-08,5\n"),
    );
    ok(&store, &["import", &seed]);
    let before = snapshot(&store);

    let mut big = String::from(HEADER);
    for s in 0..400 {
        for m in 0..1000 {
            big.push_str(&format!(
                "USA,L{s},MEX,encounters,{:04}-{:02},{}\n",
                1950 + m / 12,
                m % 12 + 1,
                m + s
            ));
        }
    }
    let file = write(&store.scratch("big.csv"), big);
    let mut child = Command::new(env!("CARGO_BIN_EXE_corredor"))
        .args(["--db", &store.url, "import", &file])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the import is writing (SQLite's write-ahead log grows), or
    // a moment for PostgreSQL, then kill it without warning.
    let wal = std::path::PathBuf::from(format!("{}-wal", store.url));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        let writing = if store.is_postgres() {
            start.elapsed() > Duration::from_millis(1500)
        } else {
            std::fs::metadata(&wal)
                .map(|m| m.len() > 1 << 20)
                .unwrap_or(false)
        };
        if writing {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "the import finished before it could be killed"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(snapshot(&store), before);
    // And the store still takes imports.
    ok(&store, &["import", &seed]);
}

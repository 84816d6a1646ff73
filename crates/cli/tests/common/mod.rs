//! Running the `corredor` binary against a test store.
#![allow(dead_code, unused_imports)]

use std::path::Path;
use std::process::{Command, Output};

pub use corredor_testkit::{shared_data, TestStore};

pub fn corredor(store: &TestStore, args: &[&str]) -> Output {
    corredor_at(&store.url, args)
}

/// Runs the binary against the store at `db`, a path that need not exist
/// yet (for what a command does to a file it may create).
pub fn corredor_at(db: impl AsRef<std::ffi::OsStr>, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_corredor"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("CORREDOR_DB")
        .env_remove("CORREDOR_ORG")
        .output()
        .expect("run corredor")
}

/// Runs a command that must succeed; returns its standard output.
pub fn ok(store: &TestStore, args: &[&str]) -> String {
    let out = corredor(store, args);
    assert!(
        out.status.success(),
        "corredor {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

pub fn json(store: &TestStore, args: &[&str]) -> serde_json::Value {
    let text = ok(store, args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{text}"))
}

pub fn write(path: &Path, content: impl AsRef<[u8]>) -> String {
    std::fs::write(path, content).expect("write test file");
    path.display().to_string()
}

/// Everything the store holds that a user could see: every series, every
/// current value with its breakdowns, and the log of received files.
pub fn snapshot(store: &TestStore) -> String {
    let series = ok(store, &["series", "list", "--json"]);
    let export = ok(store, &["export", "--format", "csv", "--breakdown"]);
    let imports: serde_json::Value = json(store, &["imports", "--json"]);
    format!(
        "{series}\n{export}\n{}",
        imports.as_array().map_or(0, Vec::len)
    )
}

pub const HEADER: &str = "reporter,location,nationality,indicator,period,value\n";

/// Compares `actual` with `tests/golden/NAME`; `UPDATE_GOLDEN=1` rewrites it.
pub fn golden(name: &str, actual: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    corredor_testkit::golden(&dir, name, actual);
}

/// IOM's monthly irregular entries for `reporters`, with `change` applied
/// to every value (month, reporter, nationality, value → value): real
/// series with a break or a surge planted in them.
pub fn iom_with(
    data: &Path,
    reporters: &[&str],
    change: impl Fn(&str, &str, &str, f64) -> f64,
) -> String {
    let text = std::fs::read_to_string(
        data.join("iom-lighthouse-amerdigest/irreg_monthly_by_nationality.csv"),
    )
    .expect("IOM file");
    let mut out = String::new();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        if i == 0 {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if f.len() != 4 || !reporters.contains(&f[1]) {
            continue;
        }
        let v = match f[3].parse::<f64>() {
            Ok(v) => change(f[0], f[1], f[2], v).round().to_string(),
            Err(_) => f[3].to_string(),
        };
        out.push_str(&format!("{},{},{},{v}\n", f[0], f[1], f[2]));
    }
    out
}

pub mod demo;
pub mod followup;
pub mod server;
pub mod webdriver;
pub mod world;

/// A data folder laid out like `../shared/data`, with the publishers'
/// columns: AAA has every figure, BBB no unemployment rate and a GDP of
/// 2014.
pub fn publishers(dir: &Path) -> String {
    let write = |path: &str, text: &str| {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "worldbank-wdi/population.csv",
        "Country Name,Country Code,Year,Value\n\
         Argentina,ARG,2020,45000000\nArgentina,ARG,2024,46000000\n\
         Bolivia,BOL,2020,12000000\nBolivia,BOL,2024,12400000\n\
         World,WLD,2024,8000000000\n",
    );
    write(
        "worldbank-wdi/gdp.csv",
        "Country Name,Country Code,Year,Value\n\
         Argentina,ARG,2023,640000000000\nArgentina,ARG,2025,700000000000\n\
         Bolivia,BOL,2014,33000000000\n",
    );
    write(
        "ilostat-migrant-labour/unemployment_rate_by_birth.csv",
        "geo,birth,sex,educ,t,v\n\
         ARG,Native-born,Total,Total,2023,6.252\n\
         ARG,Foreign-born,Total,Total,2023,4.442\n\
         BOL,Foreign-born,Total,Total,2002,5.0\n",
    );
    let mut stock = String::from("geo,var,t,sex,age,n\n");
    for age in corredor_model::age::UNDESA_GROUPS {
        stock.push_str(&format!("ARG,immigrants,2020,total,{age},140625\n"));
        stock.push_str(&format!("BOL,immigrants,2020,total,{age},10000\n"));
    }
    write("ilostat-migrant-labour/migrant_stock_age_sex.csv", &stock);
    dir.display().to_string()
}

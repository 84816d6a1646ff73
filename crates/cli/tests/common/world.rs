//! The test corridor served: organisations and their tokens, the default
//! protocol, the simulated corridor imported with per-reporter sharing, and
//! a running server; and who may see what in it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use corredor_model::Period;
use serde_json::Value;

use super::server::{get, post, Server};
use super::{ok, TestStore};

/// Who may see each reporter's data in the test corridor: PAN's data is
/// restricted and shared with CRI, CRI's restricted to itself, HND's for
/// members, MEX's and USA's public.
pub fn sharing_of(reporter: &str) -> (&'static str, &'static str) {
    match reporter {
        "PAN" => ("restricted", "CRI"),
        "CRI" => ("restricted", ""),
        "HND" => ("members", ""),
        _ => ("public", ""),
    }
}

/// The reporters whose data each caller may see, written out by hand from
/// the rule rather than computed by the code under test.
pub fn visible(who: &str) -> BTreeSet<&'static str> {
    let v: &[&str] = match who {
        "public" => &["MEX", "USA"],
        "secretariat" | "observer" | "participant" => &["HND", "MEX", "USA"],
        "PAN" => &["PAN", "HND", "MEX", "USA"],
        "CRI" => &["PAN", "CRI", "HND", "MEX", "USA"],
        "HND" | "MEX" | "USA" => &["HND", "MEX", "USA"],
        _ => panic!("unknown caller {who}"),
    };
    v.iter().copied().collect()
}

pub const CALLERS: [&str; 9] = [
    "public",
    "secretariat",
    "observer",
    "participant",
    "PAN",
    "CRI",
    "HND",
    "MEX",
    "USA",
];

/// The simulated corridor as a long CSV with per-row sharing.
pub fn corridor_csv(path: &PathBuf) -> Vec<String> {
    let s = corredor_warning::synthetic::corridor("2021-01".parse::<Period>().unwrap(), 48, 7);
    let mut out = String::from(
        "reporter,location,nationality,indicator,period,value,source,share,share_with\n",
    );
    let mut keys = Vec::new();
    for series in &s.series {
        let k = &series.key;
        keys.push(k.to_string());
        let (share, with) = sharing_of(&k.reporter);
        for (i, v) in series.values.iter().enumerate() {
            out.push_str(&format!(
                "{},{},{},{},{},{},SIMULATED,{share},{with}\n",
                k.reporter,
                k.location,
                k.nationality,
                k.indicator,
                series.period(i),
                *v as u64
            ));
        }
    }
    std::fs::write(path, out).unwrap();
    keys
}

pub struct World {
    pub store: TestStore,
    pub server: Server,
    pub tokens: BTreeMap<&'static str, String>,
    pub keys: Vec<String>,
    pub csv: PathBuf,
}

impl World {
    pub fn token(&self, who: &str) -> Option<&str> {
        self.tokens.get(who).map(String::as_str)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url)
    }

    /// Every alert in the store, as the operator sees them: (id, reporter).
    pub fn all_alerts(&self) -> Vec<(String, String)> {
        let mut s = corredor_store::open(&self.store.url).unwrap();
        s.query("SELECT id, reporter FROM alert ORDER BY id", &[])
            .unwrap()
            .iter()
            .map(|r| (r.text(0).unwrap(), r.text(1).unwrap()))
            .collect()
    }
}

pub fn token(store: &TestStore, org: &str, role: &str) -> String {
    ok(store, &["token", "create", "--org", org, "--role", role])
        .trim()
        .to_string()
}

/// Organisations, tokens, the default protocol and a running server;
/// `before_import` runs against the server before the data arrives (to
/// register webhooks, say).
pub fn world(before_import: impl FnOnce(&World)) -> World {
    world_with(&[], before_import)
}

pub fn world_with(server_args: &[&str], before_import: impl FnOnce(&World)) -> World {
    build(server_args, None, before_import)
}

/// [`world`], its server logging everything to `log`.
pub fn world_logging(log: &Path, before_import: impl FnOnce(&World)) -> World {
    build(&[], Some(log), before_import)
}

fn build(server_args: &[&str], log: Option<&Path>, before_import: impl FnOnce(&World)) -> World {
    let store = TestStore::new();
    ok(&store, &["protocol", "load"]);
    for (code, name) in [
        ("SEC", "Technical secretariat"),
        ("OBS", "An observer state's mission"),
        ("CSO", "A civil-society network"),
        ("PAN", "Servicio Nacional de Migración"),
        ("CRI", "Dirección General de Migración y Extranjería"),
        ("HND", "Instituto Nacional de Migración"),
        ("MEX", "Instituto Nacional de Migración"),
        ("USA", "Customs and Border Protection"),
    ] {
        ok(&store, &["org", "add", "--code", code, "--name", name]);
    }
    let mut tokens = BTreeMap::new();
    tokens.insert("secretariat", token(&store, "SEC", "secretariat"));
    tokens.insert("observer", token(&store, "OBS", "observer"));
    tokens.insert("participant", token(&store, "CSO", "participant"));
    for c in ["PAN", "CRI", "HND", "MEX", "USA"] {
        tokens.insert(c, token(&store, c, "analyst"));
    }
    let csv = store.scratch("corridor.csv");
    let keys = corridor_csv(&csv);
    // The test receivers listen on this machine, which webhooks may not
    // point to unless the operator says so.
    let mut args = vec!["--webhook-allow", "127.0.0.1"];
    args.extend_from_slice(server_args);
    let server = Server::start_logging(&store, &args, log);
    let w = World {
        store,
        server,
        tokens,
        keys,
        csv,
    };
    before_import(&w);
    ok(&w.store, &["import", &w.csv.display().to_string()]);
    w
}

pub fn reporters_in(rows: &[Value]) -> BTreeSet<String> {
    rows.iter()
        .map(|r| r["reporter"].as_str().unwrap().to_string())
        .collect()
}

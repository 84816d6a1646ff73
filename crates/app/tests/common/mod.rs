//! What the use-case tests share: the simulated corridor submitted to a
//! store with one sharing for every row.
#![allow(dead_code)]

use corredor_app::auth::Actor;
use corredor_app::observations::{self, Scan, Submitted};
use corredor_app::pipeline::{Input, Request};
use corredor_ingest::{Format, Options};
use corredor_model::Sharing;
use corredor_store::Store;
use corredor_warning::corridor::{self, RouteFile};

/// The organisations of the simulated corridor: the secretariat and each
/// country's agency, added by `sec`.
pub fn agencies(store: &mut dyn Store, sec: &Actor) {
    for code in [
        "SEC", "COL", "PAN", "CRI", "NIC", "HND", "GTM", "MEX", "USA",
    ] {
        corredor_app::auth::add_org(store, sec, code, &format!("{code} (test)")).unwrap();
    }
}

/// Submits the simulated corridor (a long CSV without a sharing column, so
/// that `sharing` applies to every row) as `actor`, and runs the early
/// warning on it.
/// A store with the corridor's agencies, the default protocol and the
/// simulated corridor's alerts, its figures shared as `sharing` says.
pub fn world(store: &mut dyn Store, sec: &Actor, sharing: Sharing) {
    agencies(store, sec);
    corredor_app::protocol::load(store, sec, corredor_app::protocol::DEFAULT).unwrap();
    submit_corridor(store, sec, sharing);
}

pub fn submit_corridor(store: &mut dyn Store, actor: &Actor, sharing: Sharing) -> Submitted {
    submit_corridor_rows(store, actor, sharing, |_| true)
}

/// Submits the rows of the simulated corridor that `keep` keeps (each a
/// line of its long CSV), with `sharing` stated for the import.
pub fn submit_corridor_rows(
    store: &mut dyn Store,
    actor: &Actor,
    sharing: Sharing,
    keep: impl Fn(&str) -> bool,
) -> Submitted {
    let all = corredor_warning::synthetic::corridor("2021-01".parse().unwrap(), 48, 7).long_csv();
    let mut lines = all.lines();
    let mut csv = format!("{}\n", lines.next().unwrap_or_default());
    for line in lines.filter(|l| keep(l)) {
        csv.push_str(line);
        csv.push('\n');
    }
    submit_csv(store, actor, sharing, &csv).unwrap_or_else(|r| panic!("refused: {:?}", r.problems))
}

/// Submits `csv` (a long CSV, `corridor.csv`) as `actor` with `sharing`
/// stated for the import: what was imported, or why nothing was.
pub fn submit_csv(
    store: &mut dyn Store,
    actor: &Actor,
    sharing: Sharing,
    csv: &str,
) -> Result<Submitted, corredor_app::pipeline::Refusal> {
    let routes = RouteFile::parse(corridor::DEFAULT_ROUTES).unwrap();
    let req = Request {
        org: "test",
        format: Some(Format::Long),
        source: None,
        sharing: sharing.clone(),
        options: Options {
            sharing_ceiling: Some(sharing),
            ..Options::default()
        },
        reporter: None,
        progress: None,
    };
    let inputs = vec![Input::Bytes {
        name: "corridor.csv".into(),
        data: csv.as_bytes().to_vec(),
    }];
    observations::submit(store, actor, &routes, inputs, &req, Scan::Changed).unwrap()
}

/// Mexico's analyst.
#[allow(dead_code)]
pub fn mexico() -> Actor {
    Actor {
        org: "MEX".into(),
        country: Some("MEX".into()),
        role: corredor_app::auth::Role::Analyst,
        token_id: None,
        remote: "test".into(),
    }
}

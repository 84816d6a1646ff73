//! No stale leak: after a country narrows its series' sharing, nothing
//! computed from them (alerts, their CAP and Atom, forecasts, exports,
//! pages) reaches anyone the new sharing leaves out, on any GET operation
//! of the OpenAPI document or any page of the dashboard, for any role.

mod common;

use common::ok;
use common::server::get;
use common::world::{world, CALLERS};

/// Path parameters of the document filled with the narrowed country's
/// things: its alert, its series; anything else a plain value.
fn fill(path: &str, alert: &str, key: &str) -> String {
    let k: Vec<&str> = key.split('/').collect();
    path.replace("{id}", alert)
        .replace("{reporter}", k[0])
        .replace("{location}", k[1])
        .replace("{nationality}", k[2])
        .replace("{indicator}", k[3])
        .replace("{code}", "USA")
        .split('/')
        .map(|seg| if seg.starts_with('{') { "x" } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn nothing_of_a_series_made_restricted_reaches_anyone_it_no_longer_is_shared_with() {
    let w = world(|_| {});
    let usa: Vec<String> = w
        .all_alerts()
        .into_iter()
        .filter(|(_, reporter)| reporter == "USA")
        .map(|(id, _)| id)
        .collect();
    assert!(
        !usa.is_empty(),
        "the United States' public figures raise alerts"
    );
    let key = w
        .keys
        .iter()
        .find(|k| k.starts_with("USA/"))
        .expect("a series of the United States")
        .clone();

    // Before, the public sees them: what the probe looks for is there.
    let before = get(&w.url(&format!("/api/v1/alerts/{}", usa[0])), None);
    assert_eq!(before.status, 200);
    assert!(before.body.contains(&usa[0]));
    let series = get(&w.url(&format!("/api/v1/series/{key}")), None);
    assert_eq!(series.status, 200, "{}", series.body);
    assert!(
        series
            .body
            .replace(": ", ":")
            .contains("\"reporter\":\"USA\""),
        "{}",
        series.body
    );

    // The United States re-sends the same figures, restricted to itself.
    let csv = std::fs::read_to_string(&w.csv).unwrap();
    let mut narrowed = String::new();
    for line in csv.lines() {
        if line.starts_with("USA,") {
            narrowed.push_str(&line.replace(",public,", ",restricted,"));
        } else if line.starts_with("reporter,") {
            narrowed.push_str(line);
        } else {
            continue;
        }
        narrowed.push('\n');
    }
    let file = w.store.scratch("usa-restricted.csv");
    std::fs::write(&file, narrowed).unwrap();
    ok(&w.store, &["import", &file.display().to_string()]);

    let doc = get(&w.url("/openapi.json"), None).json();
    let mut paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, ops)| ops.get("get").is_some())
        .map(|(p, _)| p.clone())
        .collect();
    assert!(paths.len() > 30, "{} GET operations", paths.len());
    paths.extend(
        [
            "/",
            "/inbox",
            "/country/USA",
            "/nationality/VEN",
            &format!("/series/{key}"),
            "/scorecard",
        ]
        .map(String::from),
    );
    for id in &usa {
        paths.push(format!("/alerts/{id}"));
    }
    let markers: Vec<String> = usa
        .iter()
        .cloned()
        .chain(["\"reporter\":\"USA\"".to_string(), key.clone()])
        .collect();
    let mut leaks = Vec::new();
    let mut probed = 0;
    for who in CALLERS.iter().filter(|c| **c != "USA") {
        for path in &paths {
            let url = w.url(&fill(path, &usa[0], &key));
            let r = get(&url, w.token(who));
            probed += 1;
            if r.status >= 500 {
                leaks.push(format!("{who} {path}: {} {}", r.status, r.body));
            }
            // A refusal quotes what was asked (an id, a key), and says the
            // same of what exists and what does not: only answers count.
            if !(200..300).contains(&r.status) {
                continue;
            }
            let body = r.body.replace(": ", ":");
            for m in &markers {
                if body.contains(m.as_str()) || body.lines().any(|l| l.starts_with("USA,")) {
                    leaks.push(format!("{who} {path}: shows {m}"));
                    break;
                }
            }
        }
    }
    assert!(probed > 300, "{probed} requests");
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
    // The United States itself still sees its alerts.
    let own = get(
        &w.url(&format!("/api/v1/alerts/{}", usa[0])),
        w.token("USA"),
    );
    assert_eq!(own.status, 200, "{}", own.body);
}

//! The legal pathways through the server: the API (with a nationality,
//! the pathways whose origins admit it; an unknown code refused) and the
//! dashboard's page, public, in the reader's language.

mod common;

use common::server::{agent, get, Server};
use common::TestStore;

fn ids(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).expect("JSON");
    v.as_array()
        .expect("a list")
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn pathways_are_public_and_computed_for_a_nationality() {
    let store = TestStore::new();
    let server = Server::start(&store, &[]);
    let all = get(&format!("{}/api/v1/labour/pathways", server.url), None);
    assert_eq!(all.status, 200, "{}", all.body);
    let all_ids = ids(&all.body);
    assert!(all_ids.len() >= 20, "{all_ids:?}");
    let h2b: serde_json::Value = serde_json::from_str::<serde_json::Value>(&all.body)
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "USA-H2B")
        .cloned()
        .unwrap();
    assert_eq!(h2b["quota"], 66000);
    assert_eq!(h2b["origins"], serde_json::Value::Null);
    assert!(h2b["source"]
        .as_str()
        .unwrap()
        .starts_with("https://www.uscis.gov/"));

    let hnd = get(
        &format!("{}/api/v1/labour/pathways?nationality=hnd", server.url),
        None,
    );
    assert_eq!(hnd.status, 200, "{}", hnd.body);
    let hnd = ids(&hnd.body);
    assert!(hnd.contains(&"ESP-HND-CIRC".to_string()), "{hnd:?}");
    assert!(hnd.contains(&"USA-H2A".to_string()));
    assert!(!hnd.contains(&"SMO-USA".to_string()), "{hnd:?}");
    assert!(!hnd.contains(&"MERCOSUR-ARG".to_string()));

    let bad = get(
        &format!("{}/api/v1/labour/pathways?nationality=XQZ", server.url),
        None,
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert!(bad.body.contains("XQZ"), "{}", bad.body);

    let doc = get(&format!("{}/openapi.json", server.url), None);
    assert!(doc.body.contains("/api/v1/labour/pathways"));

    let mut r = agent()
        .get(&format!("{}/labour?nationality=HND", server.url))
        .header("Accept-Language", "es")
        .call()
        .expect("the page");
    assert_eq!(r.status().as_u16(), 200);
    let page = r.body_mut().read_to_string().unwrap();
    assert!(
        page.contains("<h1>Vías de movilidad laboral</h1>"),
        "{page}"
    );
    assert!(page.contains("data-pathway=\"ESP-HND-CIRC\""));
    assert!(!page.contains("data-pathway=\"SMO-USA\""));
}

/// Workers (resident in HND, MEX and CRI, each with a skill tag as
/// identifying as a name), two employers, vacancies in the United States
/// and Spain, and one match run, all through the API with each role's
/// token; returns the workers' ids, and the employer each matched worker
/// went to.
struct Register {
    workers: Vec<(String, &'static str)>,
    matched_with: std::collections::BTreeMap<String, String>,
    employers: std::collections::BTreeMap<&'static str, String>,
}

const EMPLOYERS: [&str; 2] = ["FARM-A", "FARM-B"];

fn register(w: &common::world::World) -> Register {
    use common::server::post;
    let mut employers = std::collections::BTreeMap::new();
    for code in EMPLOYERS {
        common::ok(
            &w.store,
            &["org", "add", "--code", code, "--name", "A farm (test)"],
        );
        employers.insert(code, common::world::token(&w.store, code, "employer"));
    }
    let mut workers = Vec::new();
    for (country, nationality) in [("HND", "HND"), ("MEX", "MEX"), ("CRI", "VEN")] {
        let mut csv = String::from(
            "id,nationality,residence,isco,experience_years,languages,skills,consent\n",
        );
        for k in 1..=6 {
            let id = format!("WKR-{country}-{k:02}");
            csv.push_str(&format!(
                "{id},{nationality},{country},9211,{k},es,harvest;tag-{}-{k:02}-zq,yes\n",
                country.to_lowercase()
            ));
            workers.push((id, country));
        }
        // Another country's analyst may not register them.
        let other = if country == "HND" { "MEX" } else { "HND" };
        let refused = post(
            &w.url("/api/v1/labour/workers"),
            w.token(other),
            "text/csv",
            &csv,
        );
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(
            refused.body.contains("registered by that country"),
            "{}",
            refused.body
        );
        let done = post(
            &w.url("/api/v1/labour/workers"),
            w.token(country),
            "text/csv",
            &csv,
        );
        assert_eq!(done.status, 201, "{country}: {}", done.body);
    }
    let usa = "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n\
               V-USA,FARM-A,USA,9211,4,es,0,harvest,USA-H2A,2026-04-01,2026-10-31\n";
    let r = post(
        &w.url("/api/v1/labour/vacancies"),
        w.token("USA"),
        "text/csv",
        usa,
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let esp = "id,employer,country,isco,places,languages,min_experience,skills,pathway,start,end\n\
               V-ESP,FARM-B,ESP,9211,3,es,0,harvest,ESP-HND-CIRC,2026-02-01,2026-06-30\n";
    let r = post(
        &w.url("/api/v1/labour/vacancies"),
        w.token("USA"),
        "text/csv",
        esp,
    );
    assert_eq!(
        r.status, 422,
        "the United States records no vacancy in Spain: {}",
        r.body
    );
    let r = post(
        &w.url("/api/v1/labour/vacancies"),
        w.token("secretariat"),
        "text/csv",
        esp,
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let r = post(
        &w.url("/api/v1/labour/runs?time_limit=5"),
        w.token("USA"),
        "",
        "",
    );
    assert_eq!(
        r.status, 403,
        "only the secretariat runs a match: {}",
        r.body
    );
    let run = post(
        &w.url("/api/v1/labour/runs?time_limit=5"),
        w.token("secretariat"),
        "",
        "",
    );
    assert_eq!(run.status, 201, "{}", run.body);
    let run = run.json();
    let employer_of = |v: &str| if v == "V-USA" { "FARM-A" } else { "FARM-B" };
    let matched_with = run["matches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            // The run names the register's workers by residence and id.
            let (_, id) = m["worker"].as_str().unwrap().split_once('/').unwrap();
            (
                id.to_string(),
                employer_of(m["vacancy"].as_str().unwrap()).to_string(),
            )
        })
        .collect::<std::collections::BTreeMap<_, _>>();
    assert_eq!(
        matched_with.len(),
        7,
        "4 places in the US, 3 in Spain: {run}"
    );
    assert_eq!(run["gap"], 0.0);
    Register {
        workers,
        matched_with,
        employers,
    }
}

#[test]
fn no_worker_s_record_reaches_anyone_it_is_not_shared_with() {
    let w = common::world::world(|_| {});
    let reg = register(&w);
    let doc = get(&w.url("/openapi.json"), None).json();
    let mut paths: Vec<String> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, ops)| ops.get("get").is_some())
        .map(|(p, _)| p.clone())
        .collect();
    assert!(paths.iter().any(|p| p == "/api/v1/labour/workers/{id}"));
    paths.extend(
        [
            "/",
            "/labour",
            "/labour?nationality=HND",
            "/scorecard",
            "/sharing",
            "/inbox",
        ]
        .map(String::from),
    );
    // Every caller, the two employers among them.
    let mut callers: Vec<(String, Option<String>)> = common::world::CALLERS
        .iter()
        .map(|c| (c.to_string(), w.token(c).map(str::to_string)))
        .collect();
    for (code, token) in &reg.employers {
        callers.push((code.to_string(), Some(token.clone())));
    }
    // Who may see each worker, written out from the rule: the secretariat
    // and the country of residence in full; the employer it was matched
    // to, its minimal profile.
    let may_see = |caller: &str, id: &str, home: &str| {
        caller == "secretariat"
            || caller == home
            || reg.matched_with.get(id).is_some_and(|e| e == caller)
    };
    let mut leaks = Vec::new();
    let mut probed = 0;
    for (caller, token) in &callers {
        let employer = caller.starts_with("FARM-");
        for path in &paths {
            let targets: Vec<String> = if path.contains("/labour/workers/{id}") {
                reg.workers
                    .iter()
                    .map(|(id, _)| path.replace("{id}", id))
                    .collect()
            } else {
                vec![path
                    .split('/')
                    .map(|seg| if seg.starts_with('{') { "x" } else { seg })
                    .collect::<Vec<_>>()
                    .join("/")]
            };
            for target in targets {
                let r = get(&w.url(&target), token.as_deref());
                probed += 1;
                if r.status >= 500 {
                    leaks.push(format!("{caller} {target}: {} {}", r.status, r.body));
                }
                if !(200..300).contains(&r.status) {
                    continue;
                }
                let body = r.body.replace(": ", ":");
                for (id, home) in &reg.workers {
                    let tag = format!("tag-{}-{}-zq", home.to_lowercase(), &id[id.len() - 2..]);
                    let shows = body.contains(id.as_str()) || body.contains(&tag);
                    if shows && !may_see(caller, id, home) {
                        leaks.push(format!("{caller} {target}: shows {id}"));
                    }
                    // An employer knows even its own candidates by
                    // handles, never by the country's ids.
                    if employer && body.contains(id.as_str()) {
                        leaks.push(format!("{caller} {target}: names {id}"));
                    }
                }
                // An employer never learns where anyone lives.
                if employer && body.contains("\"residence\":") {
                    leaks.push(format!("{caller} {target}: shows a residence"));
                }
            }
        }
    }
    assert!(probed > 600, "{probed} requests");
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));

    // What each may see, they do see.
    let hnd = get(&w.url("/api/v1/labour/workers"), w.token("HND")).json();
    let hnd: Vec<&str> = hnd
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(hnd.len(), 6, "{hnd:?}");
    assert!(hnd.iter().all(|id| id.starts_with("WKR-HND-")));
    // Honduras's analysts find the same workers on their page.
    let page = get(&w.url("/labour"), w.token("HND")).body;
    assert_eq!(
        page.matches("data-worker=\"WKR-").count(),
        hnd.len(),
        "HND's page"
    );
    assert!(hnd
        .iter()
        .all(|id| page.contains(&format!("data-worker=\"{id}\""))));
    // Their language by its name, marked with it, not by its code.
    assert!(page.contains("<span lang=\"es\">español</span>"), "{page}");
    let (id, employer) = reg.matched_with.iter().next().unwrap();
    let home = reg.workers.iter().find(|(i, _)| i == id).unwrap().1;
    let token = reg.employers[employer.as_str()].as_str();
    // The employer's candidate, found by its skill tag, is known by a
    // handle: the profile is read by it, and not by the country's id.
    let candidates = get(&w.url("/api/v1/labour/candidates"), Some(token)).json();
    let tag = format!("tag-{}-{}-zq", home.to_lowercase(), &id[id.len() - 2..]);
    let handle = candidates
        .as_array()
        .unwrap()
        .iter()
        .find(|c| {
            c["skills"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s == tag.as_str())
        })
        .map(|c| c["worker"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{tag} not among {candidates}"));
    // The employer's page lists its candidates by the same handles.
    let page = get(&w.url("/labour"), Some(token)).body;
    assert!(
        page.contains(&format!("data-candidate=\"{handle}\"")) && page.contains(&tag),
        "{handle} is not on the employer's page"
    );
    assert!(
        !page.contains(id.as_str()),
        "the worker's id is on the page"
    );
    // The page's heading comes first, the employer's own section after it.
    let (h1, own) = (page.find("<h1>"), page.find("id=\"candidates\""));
    assert!(h1.is_some() && h1 < own, "{page}");
    let minimal = get(
        &w.url(&format!("/api/v1/labour/workers/{handle}")),
        Some(token),
    );
    assert_eq!(minimal.status, 200, "{}", minimal.body);
    let minimal = minimal.json();
    assert!(minimal.get("nationality").is_none() && minimal.get("residence").is_none());
    assert_eq!(minimal["id"], handle.as_str());
    let by_id = get(&w.url(&format!("/api/v1/labour/workers/{id}")), Some(token));
    assert_eq!(by_id.status, 404, "{}", by_id.body);

    // Every read of a record is in the audit log, with the ids read.
    let audit = get(&w.url("/api/v1/audit?limit=2000"), w.token("secretariat")).json();
    let reads: Vec<&serde_json::Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "labour.worker.read")
        .collect();
    assert!(reads
        .iter()
        .any(|e| e["org"] == "HND" && e["detail"].as_str().unwrap().contains("WKR-HND-01")));
    assert!(reads.iter().any(|e| e["org"] == employer.as_str()
        && e["target"] == format!("worker/{handle}")
        && e["detail"].as_str().unwrap().contains(id.as_str())));

    // Deleted on request: the row and its outcomes, not a flag.
    let home = &id[4..7];
    let refused = common::server::delete(
        &w.url(&format!("/api/v1/labour/workers/{id}")),
        w.token(if home == "HND" { "MEX" } else { "HND" }),
    );
    assert_eq!(refused.status, 404, "{}", refused.body);
    let gone = common::server::delete(
        &w.url(&format!("/api/v1/labour/workers/{id}")),
        w.token(home),
    );
    assert_eq!(gone.status, 204, "{}", gone.body);
    let again = get(
        &w.url(&format!("/api/v1/labour/workers/{id}")),
        w.token("secretariat"),
    );
    assert_eq!(again.status, 404);
    let run = get(&w.url("/api/v1/labour/runs/latest"), w.token("secretariat"));
    assert!(!run.body.contains(id.as_str()), "{}", run.body);
    assert!(run.json()["objective"].is_number(), "{}", run.body);
    // The public is not told the total score, which bounds how many were
    // matched.
    let public = get(&w.url("/api/v1/labour/runs/latest"), None);
    assert_eq!(public.status, 200, "{}", public.body);
    assert!(public.json()["objective"].is_null(), "{}", public.body);
    assert!(public.json()["bound"].is_null(), "{}", public.body);
    let mut s = corredor_store::open(&w.store.url).unwrap();
    for table in ["labour_worker", "labour_outcome"] {
        let column = if table == "labour_worker" {
            "id"
        } else {
            "worker"
        };
        let n = s
            .query(
                &format!("SELECT COUNT(*) AS n FROM {table} WHERE {column} = '{id}'"),
                &[],
            )
            .unwrap()[0]
            .int("n")
            .unwrap();
        assert_eq!(n, 0, "{table} still holds {id}");
    }
}

#[test]
fn the_register_refuses_bad_files_whole_and_publishes_only_aggregates() {
    use common::{corredor, ok, write};
    let store = TestStore::new();
    let dir = store.scratch("labour");
    std::fs::create_dir_all(&dir).unwrap();
    // Bad input: an unknown ISCO code, a duplicate id, a country that does
    // not exist; nothing is written.
    let bad = write(
        &dir.join("workers.csv"),
        "id,nationality,residence,isco,experience_years,languages,skills,consent\n\
         A1,HND,HND,9211,2,es,,yes\n\
         A2,HND,HND,9999,2,es,,yes\n\
         A1,XQZ,HND,9211,2,es,,yes\n",
    );
    let out = corredor(&store, &["labour", "import", "workers", &bad]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("workers.csv:3:4"), "{err}");
    assert!(err.contains("workers.csv:4:1"), "{err}");
    assert!(err.contains("workers.csv:4:2"), "{err}");
    assert!(err.contains("nothing recorded"), "{err}");
    // Nothing recorded: on SQLite not even the store the refused first
    // file would have created; on PostgreSQL an empty list.
    let listed = corredor(&store, &["labour", "worker", "list"]);
    if listed.status.success() {
        assert_eq!(String::from_utf8_lossy(&listed.stdout).lines().count(), 1);
    } else {
        let said = String::from_utf8_lossy(&listed.stderr);
        assert!(said.contains("no store at"), "{said}");
    }
    let pathways = write(
        &dir.join("pathways.csv"),
        "id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source\n\
         P1,A programme,HND,XQZ,92,-3,,,,0,https://example.org\n\
         USA-H2A,Taken,*,USA,92,,,,,0,https://example.org\n",
    );
    let out = corredor(&store, &["labour", "pathway", "add", &pathways]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("pathways.csv:2:4") && err.contains("pathways.csv:2:6"),
        "{err}"
    );
    let good = write(
        &dir.join("pathways-ok.csv"),
        "id,name,origins,destination,occupations,quota,start,end,languages,min_experience,source\n\
         USA-H2A,Taken,*,USA,92,,,,,0,https://example.org\n",
    );
    let out = corredor(&store, &["labour", "pathway", "add", &good]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pathways-ok.csv:2:1") && err.contains("exists already"),
        "{err}"
    );
    // Four Hondurans and one Guatemalan: every count of people is
    // withheld, the total too (5 beside two withheld counts would say
    // both are under 5).
    let few = write(
        &dir.join("few.csv"),
        "id,nationality,residence,isco,experience_years,languages,skills,consent\n\
         FEW-H1,HND,HND,9211,2,es,,yes\nFEW-H2,HND,HND,9211,2,es,,yes\n\
         FEW-H3,HND,HND,9211,2,es,,yes\nFEW-H4,HND,HND,9211,2,es,,yes\n\
         FEW-G1,GTM,GTM,9211,2,es,,yes\n",
    );
    ok(&store, &["labour", "import", "workers", &few]);
    let again = corredor(&store, &["labour", "import", "workers", &few]);
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("few.csv:2:1") && err.contains("registered in HND already"),
        "{err}"
    );
    let s = common::json(&store, &["labour", "summary", "--json"]);
    assert_eq!(s["workers"], serde_json::Value::Null, "{s}");
    for n in s["by_nationality"].as_array().unwrap() {
        assert_eq!(n["workers"], serde_json::Value::Null, "{s}");
    }
    // The same records as JSON; a problem is where its field is named.
    let json = write(
        &dir.join("workers.json"),
        "[\n  {\"id\": \"FEW-J1\", \"nationality\": \"MEX\", \"residence\": \"MEX\",\n   \"isco\": [\"9211\"], \"experience_years\": 2, \"languages\": [\"es\"], \"consent\": true},\n  {\"id\": \"FEW-J2\", \"nationality\": \"MEX\", \"residence\": \"MEX\",\n   \"isco\": \"0000\", \"consent\": true}\n]\n",
    );
    let out = corredor(&store, &["labour", "import", "workers", &json]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("workers.json:5:4: isco:"), "{err}");
    let fixed = std::fs::read_to_string(&json)
        .unwrap()
        .replace("0000", "6111");
    let json = write(&dir.join("workers.json"), fixed);
    ok(&store, &["labour", "import", "workers", &json]);
    let listed = ok(&store, &["labour", "worker", "list"]);
    assert!(listed.contains("FEW-J2,MEX,MEX,6111,0,,,yes"), "{listed}");
    // ILOSTAT's occupational mix, as context.
    let mut mix = String::from("geo,birth,t,occup,sex,n\n");
    for birth in ["Foreign", "Native"] {
        for sex in ["Female", "Male"] {
            for g in 0..10 {
                let n = if g == 9 && birth == "Foreign" { 30 } else { 10 };
                mix.push_str(&format!("ESP,{birth},2024,isco-08-{g},{sex},{n}\n"));
            }
        }
    }
    let mix = write(&dir.join(corredor_labour::mix::FILE), mix);
    ok(&store, &["labour", "mix", "import", &mix]);
    let listed = common::json(&store, &["labour", "mix", "list", "--json"]);
    assert_eq!(listed[0]["country"], "ESP");
    let nine = listed[0]["shares"][9]["foreign_born"].as_f64().unwrap();
    assert!((nine - 25.0).abs() < 1e-9, "{listed}");
    let server = Server::start(&store, &[]);
    let page = get(&format!("{}/labour", server.url), None);
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("FEW-"),
        "no worker's id on the public page"
    );
    assert!(
        page.body.contains("data-nationality=\"HND\""),
        "the register's aggregates"
    );
    assert!(
        page.body.contains("data-mix=\"ESP\""),
        "Spain's occupational mix"
    );
}

/// Everything the server logs at its most verbose, while workers are
/// registered, read, matched and deleted and tokens come in headers and,
/// as a feed reader that cannot send headers would put them, in query
/// strings: no worker's id or skill and no token. On PostgreSQL, its
/// driver's debug output (every statement with its parameters) was where
/// worker records went.
#[test]
fn the_most_verbose_log_names_no_worker_and_no_token() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("serve.log");
    let w = common::world::world_logging(&log, |_| {});
    let reg = register(&w);
    let (id, home) = &reg.workers[0];
    let token = w.token(home).unwrap();
    let r = get(&w.url(&format!("/api/v1/labour/workers/{id}")), Some(token));
    assert_eq!(r.status, 200, "{}", r.body);
    for path in [
        format!("/alerts.atom?token={token}"),
        format!("/api/v1/labour/workers?residence={home}&token={token}"),
    ] {
        let r = get(&w.url(&path), None);
        assert!(r.status < 500, "{path}: {}", r.body);
    }
    let r = common::server::delete(&w.url(&format!("/api/v1/labour/workers/{id}")), Some(token));
    assert!((200..300).contains(&r.status), "{}", r.body);

    let text = std::fs::read_to_string(&log).unwrap();
    // It is the log of these requests, at its most verbose.
    assert!(
        text.contains("/api/v1/labour/workers/{id}"),
        "{}",
        &text[..text.len().min(2000)]
    );
    assert!(text.contains("DEBUG"));
    let mut found = Vec::new();
    for (id, home) in &reg.workers {
        let tag = format!("tag-{}-{}-zq", home.to_lowercase(), &id[id.len() - 2..]);
        for secret in [id.as_str(), tag.as_str()] {
            if text.contains(secret) {
                found.push(secret.to_string());
            }
        }
    }
    for t in w.tokens.values().chain(reg.employers.values()) {
        // A token's secret part, or any long piece of it.
        if text.contains(&t[..20]) || text.contains(&t[t.len() - 20..]) {
            found.push(format!("token {}…", &t[..8]));
        }
    }
    assert!(found.is_empty(), "the log holds {found:?}");
}

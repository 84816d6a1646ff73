//! `corredor share key`: the EU's 2015 keys reproduced from their inputs,
//! exact totals, explanations, and clear errors.

mod common;

use common::{corredor, ok, TestStore};

#[test]
fn the_2015_eu_keys_are_reproduced_within_a_quarter_of_a_point() {
    let Some(data) = common::shared_data("the_2015_eu_keys_are_reproduced") else {
        return;
    };
    let store = TestStore::new();
    let inputs = data
        .join("eu-relocation-2015/inputs.csv")
        .display()
        .to_string();
    for (preset, total, countries) in [("eu-2015-may", 40_000, 23), ("eu-2015-sep", 120_000, 22)] {
        let v = common::json(
            &store,
            &[
                "share", "key", "--preset", preset, "--inputs", &inputs, "--json",
            ],
        );
        assert_eq!(v["total"], total);
        let shares = v["shares"].as_array().unwrap();
        assert_eq!(shares.len(), countries, "{preset}");
        let persons: u64 = shares.iter().map(|s| s["persons"].as_u64().unwrap()).sum();
        assert_eq!(persons, total, "{preset}: persons add up to the total");
        let sum: f64 = shares.iter().map(|s| s["share"].as_f64().unwrap()).sum();
        assert!((sum - 1.0).abs() < 1e-9);
        let worst = v["largest_difference_pp"]["pp"].as_f64().unwrap().abs();
        assert!(
            worst <= 0.25,
            "{preset}: {worst} points from the published key"
        );
        for s in shares {
            assert!(s["difference_pp"].as_f64().unwrap().abs() <= worst + 1e-12);
        }
    }
    // Germany's share explained, criterion by criterion.
    let out = ok(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "eu-2015-sep",
            "--inputs",
            &inputs,
            "--explain",
            "DEU",
        ],
    );
    assert!(out.contains("How DEU's share is made"));
    let csv = ok(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "eu-2015-sep",
            "--inputs",
            &inputs,
            "--csv",
        ],
    );
    let mut rows = csv.lines();
    assert_eq!(rows.next(), Some("country,share,persons"));
    let persons: u64 = rows
        .map(|r| r.rsplit(',').next().unwrap().parse::<u64>().unwrap())
        .sum();
    assert_eq!(persons, 120_000);
    assert!(out.contains("A_pop_1jan2014 (direct)"));
    assert!(out.contains("A_unemp_rate_2014_pct (inverse)"));
}

#[test]
fn a_key_from_criteria_with_an_exclusion() {
    let store = TestStore::new();
    let file = store.scratch("americas.csv");
    common::write(
        &file,
        "country,population,gdp_usd,unemployment_pct,hosted_per_1000\n\
         MEX,129000000,1789000000000,2.8,2.1\n\
         CRI,5200000,86000000000,8.5,45.0\n\
         PAN,4400000,83000000000,6.9,4.0\n\
         Colombia,52000000,364000000000,9.6,57.0\n\
         USA,335000000,27360000000000,3.6,3.5\n",
    );
    let f = file.display().to_string();
    let v = common::json(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "americas",
            "--inputs",
            &f,
            "--total",
            "10000",
            "--exclude",
            "USA",
            "--json",
        ],
    );
    let shares = v["shares"].as_array().unwrap();
    assert_eq!(shares.len(), 4);
    assert_eq!(
        shares
            .iter()
            .map(|s| s["persons"].as_u64().unwrap())
            .sum::<u64>(),
        10_000
    );
    assert_eq!(shares[0]["country"], "MEX", "the largest first");
    // Hosting many already lowers a share: Colombia hosts the most per inhabitant.
    let col = shares.iter().find(|s| s["country"] == "COL").unwrap();
    let cri = shares.iter().find(|s| s["country"] == "CRI").unwrap();
    assert!(col["share"].as_f64().unwrap() > cri["share"].as_f64().unwrap());
    let plain = ok(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &f,
            "--criteria",
            "population:0.5,gdp_usd:0.5",
            "--total",
            "7",
        ],
    );
    assert!(plain.contains("largest remainder"));
}

#[test]
fn bad_inputs_are_named_by_file_line_and_column() {
    let store = TestStore::new();
    let file = store.scratch("bad.csv");
    common::write(
        &file,
        "country,population,gdp\nMEX,100,5\nAtlantis,3,4\nPAN,abc,2\n",
    );
    let f = file.display().to_string();
    let out = corredor(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &f,
            "--criteria",
            "population:0.5,gdp:0.5",
            "--total",
            "10",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.csv:3:1: 'Atlantis' is not a country"),
        "{err}"
    );
    assert!(
        err.contains("bad.csv:4:2: population of PAN is 'abc'"),
        "{err}"
    );
    let out = corredor(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &f,
            "--criteria",
            "population:0.5,gdp:0.4",
            "--total",
            "10",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("add up to 0.9"));
    let out = corredor(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &f,
            "--criteria",
            "people:1",
            "--total",
            "10",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("no column 'people'"));
}

#[test]
fn the_api_computes_the_same_key() {
    let store = TestStore::new();
    let server = common::server::Server::start(&store, &[]);
    let csv = "country,population,gdp\nMEX,129,1789\nCRI,5.2,86\nPAN,4.4,83\n";
    let url = format!(
        "{}/api/v1/share/key?criteria=population:0.5,gdp:0.5&total=1000&explain=PAN",
        server.url
    );
    let r = common::server::post(&url, None, "text/csv", csv);
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    let file = store.scratch("in.csv");
    common::write(&file, csv);
    let cli = common::json(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &file.display().to_string(),
            "--criteria",
            "population:0.5,gdp:0.5",
            "--total",
            "1000",
            "--json",
        ],
    );
    assert_eq!(v["shares"], cli["shares"]);
    assert_eq!(v["explain"]["country"], "PAN");
    let bad = common::server::post(&url, None, "text/csv", "country,population,gdp\nMEX,x,1\n");
    assert_eq!(bad.status, 422);
    assert!(bad.json()["errors"][0]
        .as_str()
        .unwrap()
        .starts_with("inputs.csv:2:2:"));
}

#[test]
fn the_secretariat_publishes_a_key_that_everyone_reads_and_nobody_changes() {
    use common::server::{get, post, Server};
    let store = TestStore::new();
    let token = |org: &str, role: &str| {
        ok(&store, &["org", "add", "--code", org, "--name", org]);
        ok(&store, &["token", "create", "--org", org, "--role", role])
            .trim()
            .to_string()
    };
    let (sec, mex) = (token("SEC", "secretariat"), token("MEX", "analyst"));
    let server = Server::start(&store, &[]);
    let csv = "country,population,gdp\nMEX,129,1789\nCRI,5.2,86\nPAN,4.4,83\n";
    let url = format!(
        "{}/api/v1/share/keys/corridor-2027?title=Corridor%202027&criteria=population:0.5,gdp:0.5&total=1000",
        server.url
    );
    assert_eq!(post(&url, None, "text/csv", csv).status, 401);
    assert_eq!(post(&url, Some(&mex), "text/csv", csv).status, 403);
    let r = post(&url, Some(&sec), "text/csv", csv);
    assert_eq!(r.status, 201, "{}", r.body);
    let published = r.json();
    assert_eq!(published["key"]["total"], 1000);

    // Anyone reads it, with the inputs as received.
    let read = get(
        &format!("{}/api/v1/share/keys/corridor-2027", server.url),
        None,
    );
    assert_eq!(read.status, 200);
    let v = read.json();
    assert_eq!(v["key"]["shares"], published["key"]["shares"]);
    assert_eq!(v["inputs"], csv);
    assert_eq!(v["title"], "Corridor 2027");
    assert_eq!(v["published_by"], "SEC");

    // Never changed: the same name is refused, and the schema refuses
    // any update.
    assert_eq!(
        post(
            &url,
            Some(&sec),
            "text/csv",
            "country,population,gdp\nMEX,1,1\n"
        )
        .status,
        409
    );
    let bad = post(
        &format!(
            "{}/api/v1/share/keys/other?title=x&criteria=population:1",
            server.url
        ),
        Some(&sec),
        "text/csv",
        "country,population\nMEX,x\n",
    );
    assert_eq!(bad.status, 422);

    // The command line publishes too, as the local operator.
    let file = store.scratch("pop.csv");
    common::write(&file, csv);
    ok(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &file.display().to_string(),
            "--criteria",
            "population:1",
            "--total",
            "10",
            "--publish",
            "by-population",
            "--title",
            "By population",
        ],
    );
    // A command refused for a later argument publishes nothing.
    let refused = corredor(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &file.display().to_string(),
            "--criteria",
            "population:1",
            "--total",
            "10",
            "--publish",
            "explained",
            "--title",
            "Explained",
            "--explain",
            "ATL",
        ],
    );
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("--explain ATL: not a country"), "{said}");
    let list = get(&format!("{}/api/v1/share/keys", server.url), None).json();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert!(names.contains(&"corridor-2027") && names.contains(&"by-population"));
    let audit = ok(&store, &["audit", "--json"]);
    assert_eq!(audit.matches("share.key.publish").count(), 2, "{audit}");
}

//! `corredor share inputs`: the Americas key's inputs built from the
//! publishers' files, gaps handled by the rule chosen and never silently,
//! old figures flagged; and `share key` on them.

mod common;

use common::{corredor, json, ok, publishers, TestStore};

#[test]
fn a_missing_figure_is_refused_by_default_and_renormalised_when_asked_with_explain_saying_so() {
    let store = TestStore::new();
    let data = publishers(&store.scratch("data"));
    let base = [
        "share",
        "inputs",
        "--preset",
        "americas",
        "--data",
        &data,
        "--countries",
        "ARG,BOL",
    ];
    // Refused: the gap is named, nothing is written.
    let out_path = store.scratch("inputs.csv").display().to_string();
    let mut args = base.to_vec();
    args.extend(["--out", &out_path]);
    let refused = corredor(&store, &args);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("BOL unemployment_pct: no unemployment rate at or before 2024"),
        "{err}"
    );
    assert!(err.contains("1 gap (the gap rule is refuse)"), "{err}");
    assert!(!std::path::Path::new(&out_path).exists());
    // Renormalised: written with the gap's reason, and said.
    args.extend(["--gaps", "renormalise"]);
    let said = ok(&store, &args);
    assert!(said.contains("2 countries (given)"), "{said}");
    assert!(said.contains("1 gap, rule renormalise"), "{said}");
    let csv = std::fs::read_to_string(&out_path).unwrap();
    let arg = csv.lines().find(|l| l.starts_with("ARG,")).unwrap();
    // The latest at or before 2024 (not the GDP of 2025), with its year
    // and source; hosted: 2,250,000 born abroad in 45,000,000 in 2020.
    assert!(
        arg.starts_with("ARG,2024,46000000,2024,World Bank WDI SP.POP.TOTL,640000000000,2023,"),
        "{arg}"
    );
    assert!(
        arg.contains(",6.252,2023,") && arg.contains(",50,2020,"),
        "{arg}"
    );
    // The key refuses the empty cell by default, naming line and column…
    let key = [
        "share", "key", "--preset", "americas", "--inputs", &out_path,
    ];
    let mut args = key.to_vec();
    args.extend(["--total", "100"]);
    let refused = corredor(&store, &args);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("inputs.csv:3:9: unemployment_pct of BOL is empty"),
        "{err}"
    );
    // …and with the rule, leaves BOL out of unemployment alone, and says so.
    args.extend(["--gaps", "renormalise", "--explain", "BOL"]);
    let shown = ok(&store, &args);
    assert!(shown.contains("1 gap, rule renormalise"), "{shown}");
    assert!(
        shown.contains(
            "unemployment_pct (inverse): no figure (no unemployment rate at or before 2024"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("left out of this criterion by the gap rule renormalise"),
        "{shown}"
    );
    assert!(
        shown.contains("renormalised over the criteria BOL has"),
        "{shown}"
    );
    let mut args = key.to_vec();
    args.extend(["--total", "100", "--gaps", "renormalise", "--json"]);
    let v = json(&store, &args);
    assert_eq!(v["gap_rule"], "renormalise");
    let shares = v["shares"].as_array().unwrap();
    let persons: u64 = shares.iter().map(|s| s["persons"].as_u64().unwrap()).sum();
    assert_eq!(persons, 100);
    let bol = shares.iter().find(|s| s["country"] == "BOL").unwrap();
    let unemployment = &bol["inputs"][2];
    assert_eq!(unemployment["criterion"], "unemployment_pct");
    assert!(unemployment["value"].is_null());
}

#[test]
fn an_input_older_than_the_age_allowed_is_flagged() {
    let store = TestStore::new();
    let data = publishers(&store.scratch("data"));
    let out_path = store.scratch("inputs.csv").display().to_string();
    let said = ok(
        &store,
        &[
            "share",
            "inputs",
            "--preset",
            "americas",
            "--data",
            &data,
            "--countries",
            "ARG,BOL",
            "--gaps",
            "renormalise",
            "--out",
            &out_path,
        ],
    );
    // BOL's GDP of 2014 is 10 years before 2024; the stock of 2020 is 4.
    assert!(
        said.contains("1 figure older than 5 years before 2024"),
        "{said}"
    );
    assert!(said.contains("  BOL gdp_usd 2014 (10 years)"), "{said}");
    let key = ok(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "americas",
            "--inputs",
            &out_path,
            "--total",
            "100",
            "--gaps",
            "renormalise",
        ],
    );
    let bol = key.lines().find(|l| l.starts_with("BOL ")).unwrap();
    assert!(bol.contains("2014*") && bol.contains(" gap"), "{bol}");
    assert!(
        key.contains("* older than 5 years before the reference year"),
        "{key}"
    );
    // A stricter age flags the stock of 2020 too.
    let strict = ok(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "americas",
            "--inputs",
            &out_path,
            "--total",
            "100",
            "--gaps",
            "renormalise",
            "--max-age",
            "3",
        ],
    );
    assert!(
        strict.contains("  ARG hosted_per_1000 2020 (4 years)"),
        "{strict}"
    );
    // Years after the reference year are not known yet: in 2019 there is
    // no figure at all, and every country has a gap in every criterion.
    let early = corredor(
        &store,
        &[
            "share",
            "inputs",
            "--preset",
            "americas",
            "--data",
            &data,
            "--countries",
            "ARG",
            "--year",
            "2019",
        ],
    );
    assert_eq!(early.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&early.stderr).contains("4 gaps"));
}

#[test]
fn the_americas_key_on_the_publishers_figures_gives_every_endorsing_country_a_share() {
    let Some(data) = common::shared_data("the_americas_key_on_the_publishers_figures") else {
        return;
    };
    let store = TestStore::new();
    let data = data.display().to_string();
    let out_path = store.scratch("americas.csv").display().to_string();
    let said = ok(
        &store,
        &[
            "share",
            "inputs",
            "--preset",
            "americas",
            "--data",
            &data,
            "--gaps",
            "renormalise",
            "--out",
            &out_path,
        ],
    );
    assert!(said.contains("for 2024: 21 countries"), "{said}");
    let v = json(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "americas",
            "--inputs",
            &out_path,
            "--total",
            "12000",
            "--gaps",
            "renormalise",
            "--json",
        ],
    );
    let shares = v["shares"].as_array().unwrap();
    assert_eq!(shares.len(), 21, "every endorsing country has a share");
    let persons: u64 = shares.iter().map(|s| s["persons"].as_u64().unwrap()).sum();
    assert_eq!(persons, 12_000);
    let mut gaps = Vec::new();
    for s in shares {
        assert!(s["share"].as_f64().unwrap() > 0.0);
        for input in s["inputs"].as_array().unwrap() {
            if input["value"].is_null() {
                gaps.push(format!(
                    "{} {}",
                    s["country"].as_str().unwrap(),
                    input["criterion"].as_str().unwrap()
                ));
            } else {
                assert!(input["year"].as_i64().unwrap() <= 2024, "{input}");
                assert!(input["source"].is_string(), "{input}");
            }
        }
    }
    gaps.sort();
    // The publishers' real gaps among the endorsing countries.
    assert_eq!(
        gaps,
        [
            "CAN unemployment_pct",
            "HTI unemployment_pct",
            "JAM unemployment_pct",
            "PER unemployment_pct",
            "SLV unemployment_pct"
        ]
    );
    // Published, its page says how it is made and where each figure is
    // from, in the reader's language.
    ok(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "americas",
            "--inputs",
            &out_path,
            "--total",
            "12000",
            "--gaps",
            "renormalise",
            "--publish",
            "americas-test",
            "--title",
            "Americas",
        ],
    );
    let server = common::server::Server::start(&store, &[]);
    let page = common::server::get(&format!("{}/sharing?lang=es", server.url), None).body;
    let method = &page[page.find("id=\"key-method\"").expect("the key's method")..];
    let method = &method[..method.find("</dl>").unwrap()];
    for said in [
        "Población 35",
        "reduce la parte",
        "Cifras que faltan",
        "mayor resto",
    ] {
        assert!(method.contains(said), "{said} in {method}");
    }
    let sources = &page[page.find("id=\"key-sources\"").expect("the key's sources")..];
    let sources = &sources[..sources.find("</ul>").unwrap()];
    assert!(sources.contains("native-born"), "{sources}");
    assert!(!sources.contains("gap:"), "{sources}");

    // Venezuela's GDP stops in 2014: asked for, it is the 2014 figure, flagged.
    let ven = ok(
        &store,
        &[
            "share",
            "inputs",
            "--preset",
            "americas",
            "--data",
            &data,
            "--countries",
            "VEN,CUB",
            "--gaps",
            "renormalise",
            "--out",
            &out_path,
        ],
    );
    assert!(ven.contains("VEN gdp_usd 2014 (10 years)"), "{ven}");
}

//! Capacity as data, end to end through the binary: reports imported and
//! revised like any other series, read as the latest of each site and
//! country, the sites of a placement, and a criterion of a key.

mod common;

use common::server::{agent, get, post, Server};
use common::world::token;
use common::{corredor, json, ok, publishers, write, TestStore};

const FIRST: &str = "reporter,location,nationality,indicator,period,value,source,share\n\
    ARG,ALL,XXX,capacity_reception_places,2023-06-01,3000,DNM,public\n\
    BOL,EL_ALTO,XXX,capacity_reception_places,2024-03-01,40,DGM,public\n\
    BOL,DESAGUADERO,XXX,capacity_reception_places,2024-05-01,25,DGM,public\n\
    BOL,DESAGUADERO,XXX,capacity_reception_places,2025-02-01,60,DGM,public\n";

#[test]
fn capacity_is_imported_revised_and_used_by_placement_and_the_key() {
    let store = TestStore::new();
    let first = write(&store.scratch("capacity.csv"), FIRST);
    ok(&store, &["import", &first]);
    let latest = |on: &str| {
        json(
            &store,
            &[
                "capacity",
                "latest",
                "--kind",
                "reception_places",
                "--on",
                on,
                "--per",
                "country",
                "--json",
            ],
        )
    };
    let end_2024 = latest("2024-12-31");
    assert_eq!(end_2024[0]["country"], "ARG");
    assert_eq!(end_2024[0]["value"], 3000);
    // Bolivia's two sites added up, dated by the older; the 2025 report
    // had not begun.
    assert_eq!(end_2024[1]["value"], 65);
    assert_eq!(end_2024[1]["sites"], 2);
    assert_eq!(end_2024[1]["period"], "2024-03-01");

    // Revised: El Alto's March figure corrected.
    let fix = write(
        &store.scratch("fix.csv"),
        "reporter,location,nationality,indicator,period,value,source,share\n\
         BOL,EL_ALTO,XXX,capacity_reception_places,2024-03-01,30,DGM (corrected),public\n",
    );
    let out = ok(&store, &["import", &fix]);
    assert!(out.contains("1 revised"), "{out}");
    let sites = json(
        &store,
        &[
            "capacity",
            "latest",
            "--kind",
            "reception_places",
            "--on",
            "2024-12-31",
            "--json",
        ],
    );
    let el_alto = sites
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["location"] == "EL_ALTO")
        .unwrap();
    assert_eq!(
        (el_alto["value"].as_u64(), el_alto["revision"].as_u64()),
        (Some(30), Some(2))
    );

    // Placement reads the sites from the reports (the revised figure).
    let cases = write(
        &store.scratch("cases.csv"),
        "id,size,needs\nf1,20,\nf2,20,\nf3,15,\n",
    );
    let placed = json(
        &store,
        &[
            "share",
            "place",
            "--cases",
            &cases,
            "--sites-from-store",
            "reception_places",
            "--on",
            "2024-12-31",
            "--json",
        ],
    );
    assert_eq!(placed["persons_placed"], 55, "{placed}");
    let written = store.scratch("sites.csv");
    ok(
        &store,
        &[
            "capacity",
            "sites",
            "--on",
            "2024-12-31",
            "--out",
            &written.display().to_string(),
        ],
    );
    assert_eq!(
        std::fs::read_to_string(&written).unwrap(),
        "id,country,capacity,services,reported\n\
         ARG,ARG,3000,,2023-06-01\n\
         BOL/DESAGUADERO,BOL,25,,2024-05-01\n\
         BOL/EL_ALTO,BOL,30,,2024-03-01\n"
    );
    // Staff do not bound a placement.
    let refused = corredor(
        &store,
        &[
            "share",
            "place",
            "--cases",
            &cases,
            "--sites-from-store",
            "staff",
        ],
    );
    assert!(!refused.status.success());

    // The key weighs the reported capacity beside the publishers' figures,
    // with its year and source: the public ones, since a key is published
    // with its inputs (Bolivia's site restricted to Peru and its site
    // shared with members are not in it).
    let restricted = write(
        &store.scratch("restricted.csv"),
        "reporter,location,nationality,indicator,period,value,source,share,share_with\n\
         BOL,ORURO,XXX,capacity_reception_places,2024-06-01,900,DGM,restricted,PER\n\
         BOL,POTOSI,XXX,capacity_reception_places,2024-06-01,70,DGM,members,\n",
    );
    ok(&store, &["import", &restricted]);
    let data = publishers(&store.scratch("data"));
    let inputs = store.scratch("inputs.csv").display().to_string();
    ok(
        &store,
        &[
            "share",
            "inputs",
            "--preset",
            "americas",
            "--data",
            &data,
            "--year",
            "2024",
            "--countries",
            "ARG,BOL",
            "--gaps",
            "renormalise",
            "--capacity",
            "reception_places",
            "--out",
            &inputs,
        ],
    );
    let csv = std::fs::read_to_string(&inputs).unwrap();
    assert!(
        csv.lines().next().unwrap().ends_with(
            "capacity_reception_places,capacity_reception_places_year,capacity_reception_places_source"
        ),
        "{csv}"
    );
    assert!(csv.contains(",3000,2023,\"ARG's capacity report"), "{csv}");
    assert!(csv.contains(",55,2024,\"BOL's capacity reports"), "{csv}");
    let key = json(
        &store,
        &[
            "share",
            "key",
            "--inputs",
            &inputs,
            "--criteria",
            "population:0.5,capacity_reception_places:0.5",
            "--total",
            "100",
            "--gaps",
            "renormalise",
            "--json",
        ],
    );
    let persons: u64 = key["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["persons"].as_u64().unwrap())
        .sum();
    assert_eq!(persons, 100);
    let capacity_input = key["shares"][0]["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["criterion"] == "capacity_reception_places")
        .unwrap()
        .clone();
    assert!(capacity_input["year"].is_number(), "{capacity_input}");

    // Without a report (Argentina has every other figure) the refuse
    // rule names the gap.
    let strict = corredor(
        &store,
        &[
            "share",
            "inputs",
            "--preset",
            "americas",
            "--data",
            &data,
            "--year",
            "2024",
            "--countries",
            "ARG",
            "--gaps",
            "refuse",
            "--capacity",
            "shelter_beds",
        ],
    );
    assert!(!strict.status.success());
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(err.contains("ARG capacity_shelter_beds"), "{err}");
}

/// A page of the dashboard in `lang`, as a browser asking for it would.
fn page(url: &str, lang: &str) -> String {
    let mut r = agent()
        .get(url)
        .header("Accept-Language", lang)
        .call()
        .expect("the page");
    assert_eq!(r.status().as_u16(), 200);
    r.body_mut().read_to_string().unwrap()
}

#[test]
fn the_dashboard_shows_the_americas_key_with_its_years_and_each_countrys_capacity() {
    let store = TestStore::new();
    let reports = write(
        &store.scratch("capacity.csv"),
        "reporter,location,nationality,indicator,period,value,source,share,share_with\n\
         ARG,ALL,XXX,capacity_reception_places,2023-06-01,3000,DNM,public,\n\
         ARG,ALL,XXX,capacity_staff,2023-06-01,140,DNM,public,\n\
         ARG,ROSARIO,XXX,capacity_shelter_beds,2023-06-01,50,DNM,public,\n\
         BOL,EL_ALTO,XXX,capacity_reception_places,2024-03-01,40,DGM,restricted,ARG\n",
    );
    ok(&store, &["import", &reports]);
    let data = publishers(&store.scratch("data"));
    let inputs = store.scratch("inputs.csv").display().to_string();
    ok(
        &store,
        &[
            "share",
            "inputs",
            "--preset",
            "americas",
            "--data",
            &data,
            "--year",
            "2024",
            "--countries",
            "ARG,BOL",
            "--gaps",
            "renormalise",
            "--out",
            &inputs,
        ],
    );
    ok(
        &store,
        &["org", "add", "--code", "ARG", "--name", "Argentina (test)"],
    );
    let argentina = token(&store, "ARG", "analyst");
    let server = Server::start(&store, &[]);
    let before = page(&format!("{}/sharing", server.url), "en");
    assert!(before.contains("id=\"no-key\""), "{before}");
    ok(
        &store,
        &[
            "share",
            "key",
            "--preset",
            "americas",
            "--inputs",
            &inputs,
            "--gaps",
            "renormalise",
            "--total",
            "1000",
            "--publish",
            "americas-2024",
            "--title",
            "Americas key 2024",
        ],
    );

    let en = page(&format!("{}/sharing", server.url), "en");
    assert!(en.contains("The Americas key"), "{en}");
    assert!(en.contains("Americas key 2024"));
    // Bolivia's GDP is of 2014 and it has no unemployment figure: the
    // year is shown, and the gap is named a gap.
    let bolivia = en.split("data-country=\"BOL\"").nth(1).unwrap();
    let bolivia = bolivia.split("</tr>").next().unwrap();
    assert!(bolivia.contains("2014"), "{bolivia}");
    assert!(bolivia.contains(">gap<"), "{bolivia}");
    // The public sees Argentina's public reports, not Bolivia's restricted one.
    assert!(en.contains("Capacity reported by countries"));
    let capacity = en.split("id=\"capacity-table\"").nth(1).unwrap();
    assert!(
        capacity.contains("3,000") && capacity.contains("140"),
        "{capacity}"
    );
    assert!(!capacity.contains("data-country=\"BOL\""), "{capacity}");
    // One site is one: "1 site", not "1 sites".
    assert!(capacity.contains(" 1 site<"), "{capacity}");

    let es = page(&format!("{}/sharing", server.url), "es");
    assert!(es.contains("La clave de las Américas"), "{es}");
    assert!(es.contains("Capacidad informada por los países"));
    assert!(es.contains(">vacío<"));
    assert!(es.contains("3.000"));
    assert!(es.contains(" 1 sitio<"), "{es}");
    for lang in ["pt", "fr"] {
        let other = page(&format!("{}/sharing", server.url), lang);
        assert!(other.contains(&format!("<html lang=\"{lang}\"")));
    }

    // The API by the same rule: Argentina, with whom Bolivia shared its
    // site, sees it; the public does not.
    let public = get(
        &format!("{}/api/v1/capacity?on=2024-12-31", server.url),
        None,
    )
    .json();
    assert_eq!(public.as_array().unwrap().len(), 1, "{public}");
    let shared = get(
        &format!("{}/api/v1/capacity?on=2024-12-31", server.url),
        Some(&argentina),
    )
    .json();
    assert_eq!(shared.as_array().unwrap().len(), 2, "{shared}");
    let countries = get(
        &format!("{}/api/v1/capacity/countries?on=2024-12-31", server.url),
        None,
    )
    .json();
    assert_eq!(
        countries[0]["capacity"].as_array().unwrap().len(),
        3,
        "{countries}"
    );
    let sites = get(
        &format!("{}/api/v1/capacity/sites.csv?on=2024-12-31", server.url),
        Some(&argentina),
    );
    assert!(sites.content_type.starts_with("text/csv"));
    assert!(
        sites.body.contains("BOL/EL_ALTO,BOL,40,,2024-03-01"),
        "{}",
        sites.body
    );
    // A placement with the sites from the store, as the caller sees them.
    let placed = post(
        &format!("{}/api/v1/share/place", server.url),
        Some(&argentina),
        "application/json",
        r#"{"cases": "id,size,needs\nf1,30,\n", "sites_from_store": "reception_places", "on": "2024-12-31"}"#,
    );
    assert_eq!(placed.status, 200, "{}", placed.body);
    assert_eq!(placed.json()["persons_placed"], 30);
    let bad = get(&format!("{}/api/v1/capacity?kind=beds", server.url), None);
    assert_eq!(bad.status, 400, "{}", bad.body);
}

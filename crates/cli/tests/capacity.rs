//! Capacity as data, end to end through the binary: reports imported and
//! revised like any other series, read as the latest of each site and
//! country, the sites of a placement, and a criterion of a key.

mod common;

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
                "capacity", "latest", "--kind", "reception_places", "--on", on, "--per",
                "country", "--json",
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
            "capacity", "latest", "--kind", "reception_places", "--on", "2024-12-31", "--json",
        ],
    );
    let el_alto = sites
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["location"] == "EL_ALTO")
        .unwrap();
    assert_eq!((el_alto["value"].as_u64(), el_alto["revision"].as_u64()), (Some(30), Some(2)));

    // Placement reads the sites from the reports (the revised figure).
    let cases = write(
        &store.scratch("cases.csv"),
        "id,size,needs\nf1,20,\nf2,20,\nf3,15,\n",
    );
    let placed = json(
        &store,
        &[
            "share", "place", "--cases", &cases, "--sites-from-store", "reception_places",
            "--on", "2024-12-31", "--json",
        ],
    );
    assert_eq!(placed["persons_placed"], 55, "{placed}");
    let written = store.scratch("sites.csv");
    ok(
        &store,
        &[
            "capacity", "sites", "--on", "2024-12-31", "--out", &written.display().to_string(),
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
        &["share", "place", "--cases", &cases, "--sites-from-store", "staff"],
    );
    assert!(!refused.status.success());

    // The key weighs the reported capacity beside the publishers' figures,
    // with its year and source.
    let data = publishers(&store.scratch("data"));
    let inputs = store.scratch("inputs.csv").display().to_string();
    ok(
        &store,
        &[
            "share", "inputs", "--preset", "americas", "--data", &data, "--year", "2024",
            "--countries", "ARG,BOL", "--gaps", "renormalise", "--capacity",
            "reception_places", "--out", &inputs,
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
            "share", "key", "--inputs", &inputs, "--criteria",
            "population:0.5,capacity_reception_places:0.5", "--total", "100", "--gaps",
            "renormalise", "--json",
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
            "share", "inputs", "--preset", "americas", "--data", &data, "--year", "2024",
            "--countries", "ARG", "--gaps", "refuse", "--capacity", "shelter_beds",
        ],
    );
    assert!(!strict.status.success());
    let err = String::from_utf8_lossy(&strict.stderr);
    assert!(err.contains("ARG capacity_shelter_beds"), "{err}");
}

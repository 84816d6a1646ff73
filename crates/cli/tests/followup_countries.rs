//! Accountability country by country, end to end: statuses per country
//! with a regional status that says who lags, figures that age, and the
//! integration figures of the real ILOSTAT/UN DESA tables on the public
//! scorecard, each with its year.

mod common;

use std::collections::BTreeMap;

use common::followup::*;
use common::{json, ok};

fn measure(store: &common::TestStore, country: &str, date: &str, value: &str) {
    ok(store, &measure_args(date, value, Some(country)));
}

#[test]
fn two_countries_sharing_a_commitment_get_two_statuses_and_a_stale_figure_ages() {
    let store = seeded();
    ok(
        &store,
        &[
            "commitment",
            "add",
            "--id",
            "DLA-INT-1",
            "--title",
            "Schooling for displaced children",
            "--group",
            "dla-integration",
            "--countries",
            "CHL,ECU,PER",
            "--source",
            "Lima ministerial, October 2022",
        ],
    );
    let out = ok(
        &store,
        &[
            "commitment",
            "indicator",
            "--commitment",
            "DLA-INT-1",
            "--template",
            "school",
            "--baseline",
            "40",
            "--baseline-date",
            "2024-01-01",
            "--target",
            "80",
            "--deadline",
            "2026-01-01",
            "--reporting",
            "quarterly",
        ],
    );
    assert!(out.contains("quarterly figures"), "{out}");
    // The path is at 60.03 on 1 January 2025: Chile's 58 is on track;
    // Ecuador's 45 a month later (path 63.4) is off track. Ecuador
    // reporting last does not set Chile's status.
    measure(&store, "CHL", "2025-01-01", "58");
    measure(&store, "ECU", "2025-02-01", "45");
    let on = |day: &str| json(&store, &["commitment", "list", "--on", day, "--json"]);
    let v = on("2025-03-01");
    let i = &v[0]["indicators"][0];
    let by: BTreeMap<String, String> = i["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["country"].as_str().unwrap().to_string(),
                c["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(by["CHL"], "on_track");
    assert_eq!(by["ECU"], "off_track");
    assert_eq!(by["PER"], "no_data");
    assert_eq!(
        i["regional"]["status"], "off_track",
        "the country furthest behind"
    );
    assert_eq!(i["regional"]["countries"], 3);
    let composition: Vec<(String, Vec<String>)> = i["regional"]["composition"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["status"].as_str().unwrap().to_string(),
                serde_json::from_value(g["countries"].clone()).unwrap(),
            )
        })
        .collect();
    assert_eq!(
        composition,
        [
            ("on_track".to_string(), vec!["CHL".to_string()]),
            ("off_track".to_string(), vec!["ECU".to_string()]),
            ("no_data".to_string(), vec!["PER".to_string()]),
        ]
    );
    assert_eq!(i["measurements"][1]["country"], "ECU");
    assert_eq!(i["measurements"][1]["reporter"], "local");

    // Quarterly figures stay current for three months and one of grace:
    // Chile's January figure is stale from 1 May 2025, Ecuador's from 1 June.
    let v = on("2025-05-15");
    let i = &v[0]["indicators"][0];
    assert_eq!(i["countries"][0]["status"], "no_recent_data");
    assert_eq!(
        i["countries"][0]["latest"]["date"], "2025-01-01",
        "the old figure is still shown"
    );
    assert_eq!(i["countries"][1]["status"], "off_track");
    let v = on("2025-06-01");
    assert_eq!(
        v[0]["indicators"][0]["regional"]["status"],
        "no_recent_data"
    );

    // The plain listing names each country's status.
    let text = ok(&store, &["commitment", "list", "--on", "2025-03-01"]);
    assert!(text.contains("off_track  Displaced children of school age enrolled in school (%), target 80 by 2026-01-01: 1 of 3 on_track, 1 of 3 off_track, 1 of 3 no_data"), "{text}");
    assert!(
        text.contains("CHL on_track       58 on 2025-01-01; path 60.0"),
        "{text}"
    );
    assert!(text.contains("PER no_data        no figure"), "{text}");
}

/// The latest (year, foreign-born − native-born) unemployment gap of
/// `country`, read from the CSV by hand (sex and education "Total").
fn gap_from_csv(csv: &str, country: &str) -> Option<(i32, f64)> {
    let mut rates: BTreeMap<i32, (Option<f64>, Option<f64>)> = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] != country || f[2] != "Total" || f[3] != "Total" {
            continue;
        }
        let (year, v) = (f[4].parse().unwrap(), f[5].parse::<f64>().unwrap());
        let e = rates.entry(year).or_default();
        match f[1] {
            "Foreign-born" => e.0 = Some(v),
            "Native-born" => e.1 = Some(v),
            _ => {}
        }
    }
    rates.into_iter().rev().find_map(|(y, r)| match r {
        (Some(f), Some(n)) => Some((y, f - n)),
        _ => None,
    })
}

#[test]
fn every_country_with_an_unemployment_gap_has_it_on_the_scorecard_with_its_year() {
    use common::server::{get, Server};
    let Some(data) = common::shared_data(
        "every_country_with_an_unemployment_gap_has_it_on_the_scorecard_with_its_year",
    ) else {
        return;
    };
    let store = seeded();
    let out = ok(
        &store,
        &[
            "integration",
            "import",
            "--data",
            &data.display().to_string(),
        ],
    );
    assert!(out.contains("new figures, 0 already stored"), "{out}");
    let again = ok(
        &store,
        &[
            "integration",
            "import",
            "--data",
            &data.display().to_string(),
        ],
    );
    assert!(again.contains(": 0 new figures"), "nothing twice: {again}");
    let rows = json(&store, &["integration", "list", "--json"]);
    let rows = rows.as_array().unwrap();
    let csv =
        std::fs::read_to_string(data.join("ilostat-migrant-labour/unemployment_rate_by_birth.csv"))
            .unwrap();
    // Three recomputed by hand from the CSV.
    for country in ["ARG", "CHL", "USA"] {
        let row = rows.iter().find(|r| r["country"] == country).unwrap();
        let (year, gap) = gap_from_csv(&csv, country).unwrap();
        assert_eq!(row["unemployment_gap"]["year"], year, "{country}");
        let stored = row["unemployment_gap"]["value"].as_f64().unwrap();
        assert!(
            (stored - gap).abs() < 1e-9,
            "{country}: {stored} against {gap}"
        );
        assert_eq!(year, 2023, "{country}: PROVENANCE.md says 2023");
    }
    let with_gap: Vec<&serde_json::Value> = rows
        .iter()
        .filter(|r| !r["unemployment_gap"].is_null())
        .collect();
    assert!(
        with_gap.len() >= 20,
        "{} countries with a gap",
        with_gap.len()
    );
    // Every one of them is a country of the Americas with a gap in the CSV.
    for r in &with_gap {
        let code = r["country"].as_str().unwrap();
        assert_eq!(
            gap_from_csv(&csv, code).map(|(y, _)| y),
            r["unemployment_gap"]["year"].as_i64().map(|y| y as i32),
            "{code}"
        );
    }

    let server = Server::start(&store, &[]);
    let page = get(&format!("{}/scorecard", server.url), None);
    assert_eq!(page.status, 200);
    assert!(
        page.body.len() < 300 * 1024,
        "the public scorecard is {} bytes",
        page.body.len()
    );
    for r in &with_gap {
        let code = r["country"].as_str().unwrap();
        let start = page
            .body
            .find(&format!("<tr data-country=\"{code}\">"))
            .unwrap_or_else(|| panic!("{code} has no row on the scorecard"));
        let row = &page.body[start..start + page.body[start..].find("</tr>").unwrap()];
        let year = r["unemployment_gap"]["year"].as_i64().unwrap();
        // As shown: the difference of the two rates the row prints (a
        // reader who subtracts them finds the gap); a gap of zero has no
        // sign ("0.0", never "−0.0" or "+0.0"), one below zero a minus sign.
        let rates = &row[row.find("class=\"num unemployment\"").unwrap()..];
        let rates = &rates[rates.find("<div>").unwrap() + 5..rates.find(" <span").unwrap()];
        let (foreign, native) = rates.split_once(" / ").unwrap();
        let rounded = ((foreign.parse::<f64>().unwrap() - native.parse::<f64>().unwrap()) * 10.0)
            .round()
            / 10.0;
        let figure = if rounded == 0.0 {
            "0.0".to_string()
        } else if rounded > 0.0 {
            format!("+{rounded:.1}")
        } else {
            format!("\u{2212}{:.1}", -rounded)
        };
        let shown = format!("{figure} <span class=\"year\">({year})</span>");
        assert!(row.contains(&shown), "{code}: {shown} not in {row}");
    }
    // A country the tables have no unemployment figure for says so.
    let peru = get(&format!("{}/scorecard/country/PER", server.url), None).body;
    let gap = &peru[peru.find("<dd class=\"gap\">").unwrap()..];
    assert!(
        gap[..120].contains("no figure in the tables"),
        "{}",
        &gap[..120]
    );
    let api = get(&format!("{}/api/v1/integration", server.url), None).json();
    assert_eq!(api.as_array().unwrap().len(), rows.len());
}

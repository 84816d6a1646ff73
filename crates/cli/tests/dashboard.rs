//! The dashboard's pages read over HTTP, on a small store whose figures
//! are chosen to show one thing each: names that sort differently by code,
//! in English and in Spanish; a reporter whose figures stopped months
//! before the others'; a country's totals; restricted figures that a
//! page's download must leave out for the public.

mod common;

use common::server::{agent, Server};
use common::{ok, write, TestStore, HEADER};

/// Mexico reports up to February 2025; Panama stopped in November 2024
/// (more than two months behind), each with nationalities whose names sort
/// differently from their codes and differently in English and Spanish.
fn store() -> TestStore {
    let store = TestStore::new();
    let mut public = String::from(HEADER);
    for (n, values) in [
        ("DEU", [10, 10]),
        ("PER", [10, 10]),
        ("USA", [10, 10]),
        ("ESP", [10, 10]),
        ("VEN", [300, 250]),
    ] {
        for (period, v) in ["2025-01", "2025-02"].iter().zip(values) {
            public.push_str(&format!("MEX,ALL,{n},irregular_entries,{period},{v}\n"));
        }
    }
    for (n, v) in [("VEN", 120), ("ECU", 40)] {
        public.push_str(&format!("PAN,ALL,{n},irregular_entries,2024-11,{v}\n"));
    }
    let path = write(&store.scratch("public.csv"), public);
    ok(&store, &["import", "--share", "public", &path]);
    let restricted = format!("{HEADER}MEX,ALL,HTI,irregular_entries,2025-02,7777\n");
    let path = write(&store.scratch("restricted.csv"), restricted);
    ok(&store, &["import", "--share", "restricted", &path]);
    store
}

/// A page as the public reads it in `lang`.
fn page(server: &Server, path: &str, lang: &str) -> String {
    let mut r = agent()
        .get(&format!("{}{path}", server.url))
        .header("Cookie", &format!("lang={lang}"))
        .call()
        .expect("HTTP request");
    assert_eq!(r.status().as_u16(), 200, "{path}");
    r.body_mut().read_to_string().expect("body")
}

/// The order in which `codes` first appear as `data-key` rows of the page.
fn nationality_order(html: &str, codes: &[&str]) -> Vec<String> {
    let mut found: Vec<(usize, String)> = codes
        .iter()
        .filter_map(|c| {
            html.find(&format!("data-key=\"MEX/ALL/{c}/"))
                .map(|i| (i, c.to_string()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, c)| c).collect()
}

#[test]
fn lists_are_sorted_by_the_names_shown_in_the_readers_language() {
    let store = store();
    let server = Server::start(&store, &[]);
    let ties = ["DEU", "ESP", "PER", "USA"];
    // Equal latest figures: the order of the names. Germany, Peru, Spain,
    // United States in English; Alemania, España, Estados Unidos, Perú in
    // Spanish (the accent does not put Perú after the other letters).
    let en = page(&server, "/country/MEX", "en");
    assert_eq!(nationality_order(&en, &ties), ["DEU", "PER", "ESP", "USA"]);
    let es = page(&server, "/country/MEX", "es");
    assert_eq!(nationality_order(&es, &ties), ["DEU", "ESP", "USA", "PER"]);
    // The map's countries: Panamá, Paraguay, Perú (codes PAN, PER, PRY).
    let map = page(&server, "/", "es");
    let at = |code: &str| map.find(&format!("href=\"/country/{code}\"")).unwrap();
    assert!(at("PAN") < at("PRY") && at("PRY") < at("PER"));
}

#[test]
fn a_country_page_shows_its_totals_and_its_biggest_figures_first() {
    let store = store();
    let server = Server::start(&store, &[]);
    let en = page(&server, "/country/MEX", "en");
    let totals = &en[en.find("id=\"totals\"").expect("a totals section")..];
    let totals = &totals[..totals.find("</section>").unwrap()];
    // 250 + 4 × 10 for the public; the restricted 7,777 is not counted.
    assert!(totals.contains("290"), "{totals}");
    assert!(totals.contains("February 2025"), "{totals}");
    assert!(totals.contains("−50"), "the change on January: {totals}");
    assert!(!en.contains("7,777"), "restricted figures stay hidden");
    assert_eq!(
        nationality_order(&en, &["DEU", "VEN"]),
        ["VEN", "DEU"],
        "the biggest figure first"
    );
}

#[test]
fn a_reporter_behind_the_others_is_marked_stale_on_every_page() {
    let store = store();
    let server = Server::start(&store, &[]);
    let overview = page(&server, "/", "es");
    let stale = &overview[overview.find("id=\"stale\"").expect("a stale section")..];
    assert!(stale.contains("data-reporter=\"PAN\""), "{stale}");
    assert!(stale.contains("noviembre de 2024"), "{stale}");
    assert!(!stale.contains("data-reporter=\"MEX\""), "{stale}");
    for path in ["/country/PAN", "/series/PAN/ALL/VEN/irregular_entries"] {
        let html = page(&server, path, "en");
        assert!(html.contains("class=\"badge stale\""), "{path} marks it");
        assert!(
            html.contains("more than 2 months behind"),
            "{path} says the rule"
        );
    }
    for path in ["/country/MEX", "/series/MEX/ALL/VEN/irregular_entries"] {
        let html = page(&server, path, "en");
        assert!(
            !html.contains("class=\"badge stale\""),
            "{path} is up to date"
        );
    }
}

#[test]
fn every_data_page_offers_its_figures_as_csv_and_hxl_within_the_readers_sharing() {
    let store = store();
    let server = Server::start(&store, &[]);
    for (path, rows) in [
        ("/series/MEX/ALL/VEN/irregular_entries", 2),
        ("/country/MEX", 10),
        ("/nationality/VEN", 3),
    ] {
        let html = page(&server, path, "fr");
        for format in ["csv", "hxl"] {
            let href = html
                .split("href=\"")
                .skip(1)
                .map(|h| h[..h.find('"').unwrap()].replace("&amp;", "&"))
                .find(|h| {
                    h.starts_with("/api/v1/export?") && h.ends_with(&format!("format={format}"))
                })
                .unwrap_or_else(|| panic!("{path} links a {format} download"));
            let body = common::server::get(&format!("{}{href}", server.url), None).body;
            assert!(!body.contains("HTI"), "{href}: restricted figures stay out");
            let lines = body
                .lines()
                .filter(|l| l.contains("irregular_entries"))
                .count();
            assert_eq!(lines, rows, "{href}:\n{body}");
        }
    }
}

/// The text of a page, its tags taken out (and with them attributes such
/// as `style="width: 40%"`, which no one reads).
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn french_pages_set_a_no_break_space_before_colons_and_semicolons() {
    let store = store();
    let server = Server::start(&store, &[]);
    for path in [
        "/",
        "/country/MEX",
        "/series/MEX/ALL/VEN/irregular_entries",
        "/nationality/VEN",
    ] {
        let fr = text(&page(&server, path, "fr"));
        assert!(fr.contains('\u{a0}'), "{path} has a French colon: {fr}");
        for (i, mark) in fr.match_indices([':', ';']) {
            let before = fr[..i].chars().next_back();
            let after = fr[i + 1..].chars().next();
            // "10:30", "https://" and the like are not punctuation.
            if after.is_some_and(|c| !c.is_whitespace()) {
                continue;
            }
            assert!(
                matches!(before, Some('\u{a0}' | '\u{202F}')),
                "{path}: {mark:?} without the space French sets before it in {:?}",
                &fr[fr[..i].char_indices().rev().nth(39).map_or(0, |(j, _)| j)..i]
            );
        }
        // English, Spanish and Portuguese set none.
        let en = text(&page(&server, path, "en"));
        assert!(!en.contains("\u{a0}:"), "{path}");
    }
}

#[test]
fn a_nationality_shows_its_places_in_route_order_on_one_time_axis() {
    let store = store();
    let server = Server::start(&store, &[]);
    let html = page(&server, "/nationality/VEN", "en");
    // Panama comes before Mexico on the route, not after it as by name.
    let charts: Vec<&str> = html.split("<svg viewBox=\"0 0 640 270\"").skip(1).collect();
    assert_eq!(charts.len(), 2, "a chart per place");
    // Each chart's figures as text: Panama's November, Mexico's February.
    assert!(charts[0].contains("<details><summary>The figures</summary>"));
    assert!(
        charts[0].contains("<td>November 2024</td><td class=\"num\">120</td>"),
        "{}",
        charts[0]
    );
    assert!(charts[1].contains("<td>February 2025</td><td class=\"num\">250</td>"));
    assert!(
        charts[0].contains("aria-label=\"Panama"),
        "{}",
        &charts[0][..80]
    );
    assert!(
        charts[1].contains("aria-label=\"Mexico"),
        "{}",
        &charts[1][..80]
    );
    let at = |key: &str| html.find(&format!("data-key=\"{key}\"")).unwrap();
    assert!(at("PAN/ALL/VEN/irregular_entries") < at("MEX/ALL/VEN/irregular_entries"));
    // One time axis: both charts label the same months at the same places,
    // from Panama's November 2024 to past Mexico's February 2025, written
    // as the reader's language abbreviates them.
    let ticks = |chart: &str| -> Vec<String> {
        let chart = &chart[..chart.find("</svg>").unwrap()];
        chart
            .split("class=\"xlabel")
            .skip(1)
            .map(|t| t[..t.find('<').unwrap()].to_string())
            .collect()
    };
    assert_eq!(ticks(charts[0]), ticks(charts[1]));
    let months: Vec<String> = ticks(charts[0])
        .iter()
        .map(|t| t.split("data-period=\"").nth(1).unwrap()[..7].to_string())
        .collect();
    assert!(months.first().unwrap().as_str() <= "2024-11", "{months:?}");
    assert!(months.last().unwrap().as_str() >= "2025-02", "{months:?}");
    assert!(
        ticks(charts[0])[0].ends_with(">Nov 2024"),
        "{:?}",
        ticks(charts[0])
    );
    let es = page(&server, "/nationality/VEN", "es");
    assert!(
        es.contains(">nov 2024</text>"),
        "Spanish abbreviates its months"
    );
}

#[test]
fn the_language_switch_keeps_the_view_the_reader_chose() {
    let store = store();
    let server = Server::start(&store, &[]);
    let en = page(&server, "/labour?nationality=HND", "en");
    let link = "/lang/es?back=%2Flabour%3Fnationality%3DHND";
    assert!(
        en.contains(&format!("href=\"{link}\"")),
        "the switch carries the filter"
    );
    // Followed (without the redirect), it sets the language and comes back
    // to the filtered view.
    let r = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .new_agent()
        .get(&format!("{}{link}", server.url))
        .call()
        .expect("HTTP request");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/labour?nationality=HND");
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("lang=es"));
    // A page asked for in a language (as the feeds link to alerts) keeps
    // it for the next page; one in the language held already, or in one
    // not spoken, sets nothing.
    let cookie = |path: &str, held: Option<&str>| {
        let agent = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut req = agent.get(&format!("{}{path}", server.url));
        if let Some(h) = held {
            req = req.header("Cookie", &format!("lang={h}"));
        }
        let r = req.call().expect("HTTP request");
        r.headers()
            .get("set-cookie")
            .map(|v| v.to_str().unwrap().to_string())
    };
    assert!(cookie("/labour?lang=fr", None)
        .unwrap()
        .starts_with("lang=fr;"));
    assert!(cookie("/inbox?lang=pt", None)
        .unwrap()
        .starts_with("lang=pt;"));
    assert_eq!(cookie("/labour?lang=fr", Some("fr")), None);
    assert_eq!(cookie("/labour?lang=zz", None), None);
    assert_eq!(
        cookie("/lang/en?lang=fr", None).as_deref().map(|c| &c[..8]),
        Some("lang=en;")
    );
    assert_eq!(cookie("/static/style.css?lang=fr", None), None);
    // The donors' page offers the pledges to download, in both formats.
    let donors = page(&server, "/scorecard/donors", "pt");
    assert!(
        donors.contains("href=\"/api/v1/pledges.csv\" download>As promessas e suas etapas em CSV"),
        "{donors}"
    );
    assert!(donors.contains("href=\"/api/v1/pledges.iati\""));
    // A pillar's own page is headed by the pillar, in the reader's language.
    let pillar = page(&server, "/scorecard/pillar/1", "es");
    assert_eq!(pillar.matches("<h1>").count(), 1, "{pillar}");
    assert!(pillar.contains("<h1>Pilar 1"), "{pillar}");
    // The currency the scorecard's figures are in is kept as well.
    for path in ["/scorecard", "/scorecard/donors", "/scorecard/report"] {
        let html = page(&server, &format!("{path}?currency=MXN"), "en");
        let back = format!("back={}%3Fcurrency%3DMXN", path.replace('/', "%2F"));
        assert!(
            html.contains(&format!("href=\"/lang/fr?{back}\"")),
            "{path}: the switch carries the currency"
        );
    }
}

#[test]
fn a_language_named_on_the_address_wins_and_a_switch_leaves_it_behind() {
    let store = store();
    let server = Server::start(&store, &[]);
    // A link shared in Spanish opens in Spanish for a reader whose cookie
    // says English; a language we do not speak is ignored.
    let es = page(&server, "/labour?lang=es", "en");
    assert!(es.contains("<html lang=\"es\""), "?lang=es is read");
    let en = page(&server, "/labour?lang=xx", "en");
    assert!(en.contains("<html lang=\"en\""), "an unknown ?lang= is not");
    // Switching from it does not come back to an address that overrules
    // the choice: the page's switch leaves `lang` out, and a switch given
    // an address with it takes it off.
    assert!(es.contains("href=\"/lang/fr?back=%2Flabour\""), "{es}");
    let r = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .new_agent()
        .get(&format!(
            "{}/lang/fr?back=%2Flabour%3Flang%3Des",
            server.url
        ))
        .call()
        .expect("HTTP request");
    assert_eq!(r.status().as_u16(), 303);
    assert_eq!(r.headers()["location"], "/labour");
    // A cache keeps one answer per language and reader.
    let r = agent()
        .get(&format!("{}/labour", server.url))
        .call()
        .expect("HTTP request");
    let vary = r.headers()["vary"].to_str().unwrap().to_ascii_lowercase();
    assert!(
        vary.contains("accept-language") && vary.contains("cookie"),
        "{vary}"
    );
}

/// Every label of the map's inset, and the countries other than its own
/// that a point of its box falls in (the fill of the shapes, as Chromium
/// computes it).
const LABEL_OVERLAPS: &str = r#"
const svg = document.querySelector('svg.inset');
const shapes = [...svg.querySelectorAll('path.country')];
const out = [];
for (const label of svg.querySelectorAll('text.label')) {
  const b = label.getBBox();
  const own = label.textContent;
  for (const s of shapes) {
    if (s.dataset.code === own) continue;
    let hit = false;
    for (let i = 0; i <= 4 && !hit; i++) for (let j = 0; j <= 4 && !hit; j++) {
      const p = new DOMPoint(b.x + b.width * i / 4, b.y + b.height * j / 4);
      hit = s.isPointInFill(p);
    }
    if (hit) out.push(own + ' covers ' + s.dataset.code);
  }
}
return out.join('; ');
"#;

#[test]
fn no_label_of_the_map_covers_another_country() {
    let store = store();
    let server = Server::start(&store, &[]);
    let b = common::webdriver::Browser::start();
    b.go(&server.url);
    let labels = b.all("svg.inset text.label");
    assert!(
        labels.len() >= 8,
        "the inset names the corridor's countries"
    );
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    b.screenshot(&shots.join("map-labels.png"));
    let found = b.script(LABEL_OVERLAPS);
    assert_eq!(found.as_str(), Some(""), "{found}");
}

#[test]
fn an_unknown_address_answers_in_the_readers_language_or_in_json() {
    let store = store();
    let server = Server::start(&store, &[]);
    let mut r = agent()
        .get(&format!("{}/alerts-nowhere", server.url))
        .header("Cookie", "lang=es")
        .call()
        .expect("HTTP request");
    assert_eq!(r.status().as_u16(), 404);
    let html = r.body_mut().read_to_string().expect("body");
    assert!(html.contains("<html lang=\"es\""), "{html}");
    assert!(html.contains("No encontrado"), "{html}");
    let api = common::server::get(&format!("{}/api/v1/nowhere", server.url), None);
    assert_eq!(api.status, 404);
    assert!(api.json()["error"]
        .as_str()
        .unwrap()
        .contains("/api/v1/nowhere"));
}

#[test]
fn a_store_of_simulated_figures_says_so_on_every_page_whatever_serves_it() {
    let real = store();
    let server = Server::start(&real, &[]);
    assert!(!page(&server, "/", "en").contains("class=\"simulated\""));
    drop(server);
    // Figures whose source says they are simulated (as the demo's scenario
    // writes them), served by `serve`, not by `demo`.
    let simulated = TestStore::new();
    let file = write(
        &simulated.scratch("scenario.csv"),
        "reporter,location,nationality,indicator,period,value,source\n\
         PAN,ALL,VEN,irregular_entries,2025-01,100,SIMULATED scenario (not real data)\n",
    );
    ok(&simulated, &["import", "--share", "public", &file]);
    let server = Server::start(&simulated, &[]);
    for (path, lang) in [("/", "es"), ("/country/PAN", "fr")] {
        assert!(
            page(&server, path, lang).contains("class=\"simulated\""),
            "{path}"
        );
    }
}

#[test]
fn a_country_without_series_the_reader_may_see_says_so_instead_of_an_empty_table() {
    let store = store();
    let server = Server::start(&store, &[]);
    let html = page(&server, "/country/ARG", "es");
    assert!(html.contains("no informa ninguna serie"), "{html}");
    assert!(
        !html.contains("reporter=ARG"),
        "no download of an empty file"
    );
}

#[test]
fn a_country_of_many_series_lists_the_biggest_and_folds_the_others() {
    let store = TestStore::new();
    let mut csv = String::from(HEADER);
    // Thirty nationalities, the n-th with n × 10 people.
    let codes = [
        "AFG", "AGO", "ALB", "ARG", "ARM", "AUS", "AUT", "BGD", "BEL", "BLZ", "BOL", "BRA", "BGR",
        "CAN", "CHL", "CHN", "COL", "CRI", "CUB", "DOM", "ECU", "EGY", "SLV", "ETH", "FRA", "GHA",
        "GTM", "HTI", "HND", "IND",
    ];
    for (i, n) in codes.iter().enumerate() {
        csv.push_str(&format!(
            "MEX,ALL,{n},irregular_entries,2025-01,{}\n",
            (i + 1) * 10
        ));
    }
    let path = write(&store.scratch("many.csv"), csv);
    ok(&store, &["import", "--share", "public", &path]);
    let server = Server::start(&store, &[]);
    let html = page(&server, "/country/MEX", "es");
    let (open, folded) = html
        .split_once("<details class=\"more-series\">")
        .expect("the other series are folded");
    assert_eq!(open.matches("<tr data-key=").count(), 25);
    assert_eq!(folded.matches("<tr data-key=").count(), 5);
    assert!(
        folded.contains("<summary>Las demás series (5)</summary>"),
        "{folded}"
    );
    // The biggest open, the smallest folded.
    assert!(open.contains("data-key=\"MEX/ALL/IND/"));
    assert!(folded.contains("data-key=\"MEX/ALL/AFG/"));
}

#[test]
fn totals_say_why_they_hold_no_change_or_more_disbursed_than_committed() {
    let store = store();
    // Paid at once, with no commitment reported before: more disbursed
    // than committed, and the page says why.
    let pledges = write(
        &store.scratch("pledges.csv"),
        "id,donor,recipient,purpose,amount,currency,status,date,source\n\
T1,Canada,PAN,Reception,100.00,USD,pledged,2024-01-10,test\n\
T1,Canada,PAN,Reception,50.00,USD,disbursed,2024-03-10,test\n\
T2,Canada,CRI,Reception,100.00,USD,pledged,2024-01-10,test\n\
T2,Canada,CRI,Reception,80.00,USD,committed,2024-02-10,test\n\
T2,Canada,CRI,Reception,50.00,USD,disbursed,2024-03-10,test\n",
    );
    ok(&store, &["pledge", "import", &pledges]);
    // A nationality new in the latest month: no figure for the month before.
    let newcomer = write(
        &store.scratch("new.csv"),
        format!("{HEADER}MEX,ALL,CUB,irregular_entries,2025-02,40\n"),
    );
    ok(
        &store,
        &["import", "--share", "public", "--no-scan", &newcomer],
    );
    let server = Server::start(&store, &[]);
    let panama = page(&server, "/scorecard/country/PAN", "en");
    assert!(panama.contains("id=\"total-uncommitted\""), "{panama}");
    let costa_rica = page(&server, "/scorecard/country/CRI", "en");
    assert!(!costa_rica.contains("total-uncommitted"), "{costa_rica}");
    let mexico = page(&server, "/country/MEX", "es");
    assert!(
        mexico.contains(
            "Variación no indicada: algunas series no tienen cifra para el período anterior"
        ),
        "{mexico}"
    );
}

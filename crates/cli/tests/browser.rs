//! The dashboard in a real browser: Debian's headless Chromium, driven over
//! WebDriver, against `corredor demo --simulated` (whose scenario has
//! Panama's figures restricted to Panama and Costa Rica, Honduras's for
//! members, the rest public).

mod common;

use common::demo::{layout_pages, Demo};
use common::webdriver::Browser;

/// A public series of the demo, with an alert.
const VEN_IN_MEXICO: &str = "/series/MEX/ALL/VEN/irregular_entries";

#[test]
fn the_map_is_coloured_by_alert_level_and_charts_show_their_bands() {
    let demo = Demo::start();
    let b = Browser::start();
    b.go(&demo.url);
    let coloured =
        b.all("path.country.lvl-watch, path.country.lvl-warning, path.country.lvl-emergency");
    assert!(!coloured.is_empty(), "no country is coloured");
    // Really painted, not only classed, and told apart by more than colour:
    // each level's countries and swatch wear its pattern (with its mark).
    let unpatterned = b.script(
        "const c = (e, l) => e && (getComputedStyle(e).fill + getComputedStyle(e).backgroundImage).includes(l); \
         return ['watch', 'warning', 'emergency'].filter(l => !document.querySelector('#fill-' + l + ' .mark') \
           || [...document.querySelectorAll('path.country.lvl-' + l)].some(e => !c(e, '#fill-' + l)) \
           || !c(document.querySelector('.swatch.lvl-' + l), 'gradient'));",
    );
    assert_eq!(
        unpatterned,
        serde_json::json!([]),
        "levels without a pattern"
    );
    assert!(
        b.text("figcaption").contains("warning"),
        "the legend names the levels"
    );
    assert!(
        !b.all("polyline.route").is_empty(),
        "the corridor route is drawn"
    );
    // The overview's alerts come most important first, as the inbox's do.
    let priorities = b.script(
        "return [...document.querySelectorAll('table.alerts td.priority')] \
           .map(td => parseFloat(td.textContent.replace(/,/g, '')));",
    );
    let priorities: Vec<f64> = priorities
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_f64().unwrap())
        .collect();
    assert!(priorities.len() > 1, "{priorities:?}");
    assert!(
        priorities.windows(2).all(|w| w[0] >= w[1]),
        "the overview lists alerts by priority: {priorities:?}"
    );
    // The page is light for slow connections.
    let bytes = b.script(
        "return performance.getEntries().reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0);",
    );
    assert!(
        bytes.as_f64().unwrap() < 300_000.0,
        "the page weighs {bytes} bytes"
    );

    // A public series: history, forecast and its bands.
    b.go(&format!("{}{VEN_IN_MEXICO}", demo.url));
    let band = b.script(
        "const p = document.querySelector('polygon.band95'); return p ? p.getBBox().height : 0;",
    );
    assert!(band.as_f64().unwrap() > 1.0, "the 95% band is drawn");
    assert_eq!(b.all("polygon.band80").len(), 1);
    assert_eq!(b.all("polyline.history").len(), 1);
    assert!(
        !b.all("circle.alert-mark").is_empty(),
        "the alert is marked on the chart"
    );
    // The heaviest page, a nationality with a chart per place, is light too.
    b.go(&format!("{}/nationality/VEN", demo.url));
    assert!(b.all("polygon.band95").len() >= 3, "a chart per place");
    let bytes = b.script(
        "return performance.getEntries().reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0);",
    );
    assert!(
        bytes.as_f64().unwrap() < 300_000.0,
        "the nationality page weighs {bytes} bytes"
    );
    b.go(&format!("{}{VEN_IN_MEXICO}", demo.url));
    let provenance = b.text("p.provenance");
    assert!(
        provenance.contains("SIMULATED") && provenance.contains("received"),
        "{provenance}"
    );
}

#[test]
fn switching_to_spanish_changes_the_labels_and_is_remembered() {
    let demo = Demo::start();
    let b = Browser::start();
    b.go(&demo.url);
    assert_eq!(b.text("h1"), "The corridor and its alerts");
    b.click("#lang-es");
    assert_eq!(b.text("h1"), "El corredor y sus alertas");
    assert!(b.text("figcaption").contains("advertencia"));
    assert!(b.text("table.alerts thead").contains("Comparado con"));
    assert_eq!(b.script("return document.documentElement.lang"), "es");
    // Numbers and dates the Spanish way.
    b.go(&format!("{}{VEN_IN_MEXICO}", demo.url));
    assert!(b.text("table").contains("diciembre de 2024") || b.text("body").contains("de 2025"));
    b.refresh();
    assert!(
        b.text("body").contains("Previsión"),
        "the choice is remembered"
    );
    // The labour pathways, from the header, kept to Hondurans.
    b.click("nav a[href='/labour']");
    assert_eq!(b.text("h1"), "Vías de movilidad laboral");
    b.script("document.getElementById('nationality').value = 'HND'; return 0;");
    b.click("form[action='/labour'] button");
    assert!(
        common::server::eventually(10, || b.url().ends_with("/labour?nationality=HND")),
        "{}",
        b.url()
    );
    let spain = "#matrix dd[data-origin=HND] [data-destination=ESP]";
    assert_eq!(b.text(&format!("{spain} a")), "ESP-HND-CIRC");
    assert_eq!(b.text(&format!("{spain} .dest")), "España");
    // The quota, and what the demo's match run left of it.
    let quota = b.text("tr[data-pathway=USA-H2B] td[data-quota]");
    assert!(quota.starts_with("66.000"), "{quota}");
    assert_eq!(
        b.text("tr[data-pathway=USA-H2B] td[data-quota] [data-left]"),
        "Disponibles: 66.000"
    );
    assert!(b
        .text("tr[data-pathway=ESP-HND-CIRC] li[data-isco='921']")
        .contains("Peones agropecuarios"));
    assert_eq!(
        b.script("return document.querySelectorAll('tr[data-pathway=SMO-ESP]').length"),
        0
    );
    b.click("#lang-en");
    assert!(b.text("h1").contains("Labour pathways"));
}

/// Whether `text` has a number grouped by thousands with `separator`
/// ("12.345", "12 345").
fn has_grouped_number(text: &str, separator: char) -> bool {
    let c: Vec<char> = text.chars().collect();
    c.windows(5).any(|w| {
        w[0].is_ascii_digit() && w[1] == separator && w[2..].iter().all(char::is_ascii_digit)
    })
}

#[test]
fn portuguese_and_french_are_offered_and_write_their_own_words_numbers_and_months() {
    let demo = Demo::start();
    let b = Browser::start();
    b.go(&demo.url);
    // The switch: the four languages, each named in itself, the current
    // one marked and the others links that say their language.
    assert_eq!(
        b.text("#lang-switch"),
        "English\nEspañol\nPortuguês\nFrançais"
    );
    assert_eq!(b.all("#lang-switch a[hreflang]").len(), 3);
    assert_eq!(
        b.script("return document.querySelector('#lang-switch [aria-current]').id"),
        "lang-en"
    );

    b.click("#lang-pt");
    assert_eq!(b.script("return document.documentElement.lang"), "pt");
    assert_eq!(b.text("h1"), "O corredor e seus alertas");
    assert!(b.text("figcaption").contains("advertência"));
    assert_eq!(b.text("nav a[href='/inbox']"), "Caixa de entrada");
    b.go(&format!("{}{VEN_IN_MEXICO}", demo.url));
    assert_eq!(b.text("#fc-h"), "Previsão", "remembered from page to page");
    let table = b.text("table");
    let months = [
        "dezembro de 2024",
        "janeiro de 2025",
        "fevereiro de 2025",
        "março de 2025",
        "abril de 2025",
    ];
    assert!(months.iter().any(|m| table.contains(m)), "{table}");
    assert!(has_grouped_number(&table, '.'), "{table}");
    assert!(!has_grouped_number(&table, ','), "{table}");

    b.click("#lang-fr");
    assert_eq!(b.script("return document.documentElement.lang"), "fr");
    assert_eq!(b.text("#fc-h"), "Prévision", "back on the same page");
    let table = b.text("table");
    let months = [
        "décembre 2024",
        "janvier 2025",
        "février 2025",
        "mars 2025",
        "avril 2025",
    ];
    assert!(months.iter().any(|m| table.contains(m)), "{table}");
    assert!(has_grouped_number(&table, '\u{202F}'), "{table}");
    b.go(&demo.url);
    assert_eq!(b.text("h1"), "Le corridor et ses alertes");
    assert!(b.text("figcaption").contains("avertissement"));

    // A surge explains itself in the reader's language.
    let link = b.script(
        "return document.querySelector('table.alerts tr.kind-surge a[href^=\"/alerts/\"]').getAttribute('href')",
    );
    b.go(&format!("{}{}", demo.url, link.as_str().unwrap()));
    assert_eq!(
        b.script("return document.querySelector('p.explanation').lang"),
        "fr"
    );
    let explanation = b.text("p.explanation");
    assert!(explanation.contains(" fois "), "{explanation}");
    b.click("#lang-pt");
    let explanation = b.text("p.explanation");
    assert!(explanation.contains(" vezes "), "{explanation}");
}

#[test]
fn an_analyst_signs_in_and_acknowledges_and_the_public_never_sees_restricted_data() {
    let demo = Demo::start();
    let b = Browser::start();
    // The public: Panama's restricted series are nowhere.
    b.go(&format!(
        "{}/series/PAN/ALL/VEN/irregular_entries",
        demo.url
    ));
    assert!(b.text("main").contains("Not found"), "{}", b.text("main"));
    b.go(&demo.url);
    let table = b.text("table.alerts");
    assert!(
        !table.contains("Panama"),
        "the public sees a Panamanian alert: {table}"
    );
    b.go(&format!("{}/country/PAN", demo.url));
    assert!(
        b.all("table.series tbody tr").is_empty(),
        "the public sees Panama's series"
    );
    b.go(&format!("{}/nationality/VEN", demo.url));
    assert!(
        !b.text("main").contains("Panama ("),
        "no chart of Panama's figures"
    );

    // Panama's analyst signs in and sees its own.
    b.go(&format!("{}/signin", demo.url));
    b.type_into("#token", &demo.analyst);
    b.click("#sign-in-submit");
    assert!(
        common::server::eventually(10, || b.url().ends_with("/inbox")),
        "{}",
        b.url()
    );
    assert!(b.text("header").contains("PAN"));
    b.go(&format!(
        "{}/series/PAN/ALL/VEN/irregular_entries",
        demo.url
    ));
    assert_eq!(
        b.all("polygon.band95").len(),
        1,
        "Panama sees its own series"
    );
    // An alert that asks Panama to acknowledge it.
    b.go(&format!("{}/inbox", demo.url));
    let link = b.script(
        "const r = [...document.querySelectorAll('table.alerts tr.alert')].find(r => r.querySelector('.status').textContent.trim() === 'open'); \
         return r ? r.querySelector('a[href^=\"/alerts/\"]').getAttribute('href') : null;",
    );
    let link = link
        .as_str()
        .expect("an open alert in Panama's inbox")
        .to_string();
    b.go(&format!("{}{link}", demo.url));
    assert_eq!(b.text("#acknowledged-by"), "No one yet");
    b.assert_each_described("li.task button"); // by the task each acts on
    b.click("#acknowledge");
    // Reloaded from the server: the acknowledgement was stored.
    assert!(common::server::eventually(10, || b
        .all("#acknowledge")
        .is_empty()));
    assert!(b.text("#done").contains("acknowledgement is recorded"));
    b.go(&format!("{}{link}", demo.url));
    assert!(b.all("#done").is_empty(), "said once");
    let by = b.text("#acknowledged-by");
    assert!(by.contains("Panama"), "{by}");
    assert!(b.all("#acknowledge").is_empty(), "acknowledged once only");
    // And after signing out, the public is back to public data.
    b.click("header form button");
    // Signed out once the page after the form says so (navigating sooner
    // would abort the sign-out itself).
    assert!(common::server::eventually(10, || !b
        .all("#sign-in")
        .is_empty()));
    b.go(&format!(
        "{}/series/PAN/ALL/VEN/irregular_entries",
        demo.url
    ));
    assert!(b.text("main").contains("Not found"));
}

/// A store with the 2023 registry, two commitments (one a draft), an
/// indicator behind its path, a civil-society report and pledges, served.
fn scorecard_server() -> (common::TestStore, common::server::Server, String) {
    use common::ok;
    // The indicator runs from a year ago to a year ahead, so that today's
    // figure is current whenever the test runs.
    let today = chrono::Utc::now().date_naive();
    let (baseline, deadline) = (
        (today - chrono::Days::new(365)).to_string(),
        (today + chrono::Days::new(365)).to_string(),
    );
    let today = today.to_string();
    let store = common::TestStore::new();
    ok(&store, &["registry", "seed"]);
    ok(
        &store,
        &[
            "org",
            "add",
            "--code",
            "SEC",
            "--name",
            "Technical secretariat",
        ],
    );
    ok(
        &store,
        &[
            "org",
            "add",
            "--code",
            "CSO-RED",
            "--name",
            "Red de la sociedad civil",
        ],
    );
    common::followup::accredit(&store, "CSO-RED", "permanent_participant");
    let secretariat = ok(
        &store,
        &["token", "create", "--org", "SEC", "--role", "secretariat"],
    )
    .trim()
    .to_string();
    for args in [
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
            "CHL,ECU",
            "--source",
            "Lima ministerial",
        ][..],
        &[
            "commitment",
            "add",
            "--id",
            "DLA-INT-2",
            "--title",
            "Still negotiated",
            "--group",
            "dla-integration",
            "--countries",
            "CHL",
            "--draft",
            "--source",
            "draft text",
        ][..],
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
            &baseline,
            "--target",
            "80",
            "--deadline",
            &deadline,
        ][..],
        // Chile's 53 today, halfway (path at 60), is 17.5% of the way
        // behind: at risk. Ecuador has no figure.
        &[
            "commitment",
            "measure",
            "--indicator",
            "1",
            "--country",
            "CHL",
            "--date",
            &today,
            "--value",
            "53",
            "--source",
            "Ministerio de Educación",
        ][..],
        &[
            "--as-org",
            "CSO-RED",
            "monitoring",
            "add",
            "--commitment",
            "DLA-INT-1",
            "--assessment",
            "off_track",
            "--text",
            "Enrolment lags in the north",
            "--evidence",
            "https://example.org/report.pdf",
            "--date",
            "2025-02-01",
        ][..],
    ] {
        ok(&store, args);
    }
    let pledges = store.scratch("pledges.csv");
    std::fs::write(
        &pledges,
        "id,donor,recipient,purpose,amount,currency,status,date,source\n\
         P1,Canada,CHL,Host communities,250000.00,USD,pledged,2022-03-01,Canada\n\
         P1,Canada,CHL,Host communities,100000.00,USD,disbursed,2022-09-01,Canada\n",
    )
    .unwrap();
    ok(
        &store,
        &["pledge", "import", &pledges.display().to_string()],
    );
    let server = common::server::Server::start(&store, &[]);
    (store, server, secretariat)
}

#[test]
fn the_scorecard_shows_computed_status_beside_civil_society_reports_in_both_languages() {
    let (_store, server, secretariat) = scorecard_server();
    let b = Browser::start();
    b.go(&format!("{}/scorecard", server.url));
    assert_eq!(b.text("h1"), "Scorecard of the Los Angeles Declaration");
    assert_eq!(b.text("#pillar-1 .tally"), "at risk 1");
    assert_eq!(b.text("#pillar-1 p.lagging"), "Lagging: Chile");
    b.click("a[href='/scorecard/group/dla-integration']");
    assert!(
        b.url().ends_with("/scorecard/group/dla-integration"),
        "{}",
        b.url()
    );
    // The public never sees the draft.
    assert_eq!(b.all("article.commitment").len(), 1);
    assert!(!b.text("main").contains("Still negotiated"));
    assert_eq!(b.all(".indicator[data-status=at_risk]").len(), 1);
    // Country by country: Chile at risk, Ecuador without a figure.
    assert_eq!(
        b.all("table.by-country tr[data-country=CHL][data-status=at_risk]")
            .len(),
        1
    );
    assert_eq!(
        b.all("table.by-country tr[data-country=ECU][data-status=no_data]")
            .len(),
        1
    );
    assert!(
        b.text("ul.composition").contains("1 of 2 countries"),
        "{}",
        b.text("ul.composition")
    );
    // The chart is drawn: the path and the government's figure.
    assert_eq!(b.all(".indicator-chart line.path").len(), 1);
    assert_eq!(b.all(".indicator-chart circle.figure").len(), 1);
    // Civil society's assessment sits beside the figures, in its own words.
    let report = b.text("section.monitoring blockquote.report");
    assert!(
        report.contains("CSO-RED") && report.contains("off track"),
        "{report}"
    );
    assert!(report.contains("Enrolment lags in the north"));
    let colour = b.script(
        "return getComputedStyle(document.querySelector('.indicator .badge.status.at_risk')).backgroundColor",
    );
    assert_ne!(colour, "rgba(0, 0, 0, 0)", "the status badge is painted");
    // A country's page: its mechanisms, the groups it leads, its pledges.
    b.go(&format!("{}/scorecard/country/CHL", server.url));
    assert_eq!(b.text("h1"), "Chile");
    assert_eq!(b.all("ul.standings li").len(), 5, "DLA, CAM, CSM, QP, R4V");
    assert_eq!(b.text("#total-pledged"), "250,000.00 USD");
    assert_eq!(b.text("#total-disbursed"), "100,000.00 USD");
    assert_eq!(b.text("#total-committed"), "—", "nothing committed, not 0");
    // This store has no integration figures: the country's page says so.
    assert_eq!(b.text("#integration dd.gap"), "no figure in the tables");

    // In Spanish.
    b.click("#lang-es");
    assert_eq!(b.script("return document.documentElement.lang"), "es");
    assert_eq!(
        b.text("#total-pledged"),
        "250.000,00 USD",
        "amounts the Spanish way"
    );
    assert_eq!(b.text("#integration dd.gap"), "sin cifra en las tablas");
    b.go(&format!("{}/scorecard", server.url));
    assert_eq!(b.text("h1"), "Avance de la Declaración de Los Ángeles");
    assert_eq!(b.text("#pillar-1 .tally"), "en riesgo 1");
    assert_eq!(b.text("#pillar-1 p.lagging"), "Rezagados: Chile");
    assert!(b.text("#pillar-1 h2").contains("Estabilidad y asistencia"));

    // The printable report: the whole scorecard, without the navigation
    // when printed.
    b.click("#print-report");
    assert!(b.url().ends_with("/scorecard/report"), "{}", b.url());
    assert_eq!(b.all("section.pillar").len(), 4);
    assert_eq!(b.all("article.commitment").len(), 1);
    let printed = b.script(
        "for (const sheet of document.styleSheets) for (const rule of sheet.cssRules) \
           if (rule.media && rule.media.mediaText === 'print' && rule.cssText.includes('header')) return true; \
         return false",
    );
    assert_eq!(printed, true, "a print style hides the navigation");

    // The secretariat, signed in, sees the draft too.
    b.go(&format!("{}/signin", server.url));
    b.type_into("#token", &secretariat);
    b.click("#sign-in-submit");
    assert!(
        common::server::eventually(10, || b.url().ends_with("/inbox")),
        "{}",
        b.url()
    );
    b.go(&format!("{}/scorecard/group/dla-integration", server.url));
    assert_eq!(b.all("article.commitment").len(), 2);
    assert!(b.text("main").contains("borrador"), "the draft is marked");
    // The printable report is the public record, even printed by the
    // secretariat: no draft in it.
    b.go(&format!("{}/scorecard/report", server.url));
    assert_eq!(b.all("article.commitment").len(), 1);
    assert!(!b.text("main").contains("borrador"));
}

/// The donors' forum: an appeal's requirements against the pledges that
/// answer them, in money and in kind, and a step its recipient reported
/// that nobody verified yet, in English and in Spanish.
#[test]
fn the_donors_forum_shows_coverage_in_kind_apart_in_both_languages() {
    use common::ok;
    let (store, server, _) = scorecard_server();
    use common::followup::example;
    ok(
        &store,
        &[
            "rates",
            "import",
            &example("rates-2025.csv"),
            "--source",
            "SIMULATED",
        ],
    );
    ok(
        &store,
        &[
            "pledge",
            "requirements",
            "import",
            &example("requirements.csv"),
        ],
    );
    ok(&store, &["pledge", "import", &example("forum-pledges.csv")]);
    let cri = common::followup::token(&store, "CRI", "Dirección General de Migración", "analyst");
    let answer = common::server::post(
        &format!("{}/api/v1/pledges", server.url),
        Some(&cri),
        "text/csv",
        &std::fs::read_to_string(example("forum-recipient.csv")).unwrap(),
    );
    assert_eq!(answer.status, 201, "{}", answer.body);
    let b = Browser::start();
    b.go(&format!("{}/scorecard", server.url));
    b.click("#donors-forum");
    assert!(b.url().ends_with("/scorecard/donors"), "{}", b.url());
    assert_eq!(b.text("h1"), "Donors' forum: needs and pledges");
    assert_eq!(b.text("dd[data-total=required]"), "5,500,000.00 USD");
    assert_eq!(b.text("dd[data-total=pledged]"), "2,277,666.67 USD");
    assert_eq!(b.text("dd[data-kind=beds]"), "600 / 1,500");
    let row = "tr[data-requirement=CRI-ASYLUM-2025]";
    let pledged = b.text(&format!("{row} td[data-stage=pledged]"));
    assert!(
        pledged.contains("1,236,000.00 USD") && pledged.contains("41.2%"),
        "{pledged}"
    );
    let detail = b.text("tr[data-requirement-detail=CRI-ASYLUM-2025]");
    assert!(
        detail.contains("Disbursed 0.00"),
        "the recipient's report is not verified yet: {detail}"
    );
    let apart = b.text("li[data-apart=IT-CRI-STAFF-2025]");
    assert!(
        apart.contains("24 staff person-months") && apart.contains("180,000.00 EUR"),
        "{apart}"
    );
    assert_eq!(b.all("li[data-unverified=ES-CRI-2025]").len(), 1);
    assert!(b.text(&format!("{row} td")).contains("Costa Rica"));

    b.click("#lang-es");
    assert_eq!(b.text("h1"), "Foro de donantes: necesidades y promesas");
    assert_eq!(b.text("dd[data-total=required]"), "5.500.000,00 USD");
    let apart = b.text("li[data-apart=IT-CRI-STAFF-2025]");
    assert!(
        apart.contains("24 meses-persona de personal") && apart.contains("180.000,00 EUR"),
        "{apart}"
    );
    let pledged = b.text(&format!("{row} td[data-stage=pledged]"));
    assert!(
        // WebDriver gives a no-break space as a space.
        pledged.contains("1.236.000,00 USD") && pledged.contains("41,2 %"),
        "{pledged}"
    );
    assert!(b
        .text("main")
        .contains("Informado por una parte, aún sin verificar"));
    // The DAC codelist names its sectors in English and French only: in
    // Spanish the English name is marked as English, in French it is not
    // needed.
    assert_eq!(b.all(&format!("{row} span[lang=en]")).len(), 1);
    b.click("#lang-fr");
    assert!(
        b.text(row).contains("15190 Faciliter la migration"),
        "{}",
        b.text(row)
    );
    assert!(b.all(&format!("{row} span[lang=en]")).is_empty());
}

/// A reporting break in real figures (IOM's Mexican series, the last
/// months sent ten times over): the reporter's analyst reads the notice in
/// both languages and confirms the months from its page.
#[test]
fn a_data_quality_notice_is_read_and_confirmed_by_the_reporter() {
    use common::ok;
    let Some(data) =
        common::shared_data("a_data_quality_notice_is_read_and_confirmed_by_the_reporter")
    else {
        return;
    };
    let store = common::TestStore::new();
    let csv = common::iom_with(
        &data,
        &["MEX"],
        |m, _, _, v| {
            if m >= "2024-12" {
                v * 10.0
            } else {
                v
            }
        },
    );
    let file = common::write(&store.scratch("irreg_mex.csv"), csv);
    ok(&store, &["org", "add", "--code", "MEX", "--name", "INM"]);
    let analyst = ok(
        &store,
        &["token", "create", "--org", "MEX", "--role", "analyst"],
    )
    .trim()
    .to_string();
    ok(&store, &["import", &file]);
    let server = common::server::Server::start(&store, &[]);
    let b = Browser::start();
    // The public does not see a notice: it names a reporter's figures for
    // members and the secretariat.
    b.go(&server.url);
    assert!(
        !b.text("main").contains("data quality"),
        "{}",
        b.text("main")
    );
    b.go(&format!("{}/signin", server.url));
    b.type_into("#token", &analyst);
    b.click("#sign-in-submit");
    assert!(common::server::eventually(10, || b
        .url()
        .ends_with("/inbox")));
    let row = b.text("table.alerts thead") + &b.text("table.alerts tr.kind-data_quality");
    for words in [
        "Priority",
        "Compared with",
        "data quality notice",
        "several nationalities",
        "before the break",
    ] {
        assert!(row.contains(words), "{words}: {row}");
    }
    let link = b.script(
        "return document.querySelector('tr.kind-data_quality a[href^=\"/alerts/\"]').getAttribute('href')",
    );
    let link = link.as_str().unwrap().to_string();
    b.go(&format!("{}{link}", server.url));
    assert!(
        b.text("#notice-months").contains("December 2024"),
        "{}",
        b.text("main")
    );
    assert!(b
        .text("p.explanation")
        .contains("held out of the early warning"));
    // The series it holds out are named behind their count, and the
    // page names no series of its own (its key's "unspecified
    // nationality").
    b.click("#notice-series summary");
    let held = b.text("#notice-series ul.held");
    assert!(
        held.contains("Mexico — Venezuela — irregular entries"),
        "{held}"
    );
    let terms = b.script(
        "return [...document.querySelectorAll('dl.facts > dt')].map(d => d.textContent).join('|')",
    );
    assert!(
        !terms.as_str().unwrap().split('|').any(|t| t == "Series"),
        "{terms}"
    );
    b.click("#lang-es");
    assert!(
        common::server::eventually(10, || b
            .text("h1")
            .contains("Aviso de calidad de los datos")),
        "{}",
        b.text("h1")
    );
    assert!(b.text("#notice-months").contains("diciembre de 2024"));
    assert!(b
        .text("p.explanation")
        .contains("quedan fuera de la alerta temprana"));
    b.type_into("#note", "Cifras verificadas");
    b.click("#confirm");
    assert!(common::server::eventually(10, || b
        .all("#confirm")
        .is_empty()));
    b.go(&format!("{}{link}", server.url));
    assert_eq!(b.text("#alert-status"), "cerrado", "{}", b.text("main"));
    assert!(b.all("#confirm").is_empty());
}

#[test]
fn every_page_fits_desktop_laptop_and_phone_widths_in_four_languages_and_weighs_under_300_kb() {
    let demo = Demo::start();
    let b = Browser::start();
    let alert = demo.first_alert(&b);
    assert!(!alert.is_empty(), "the demo has an alert to show");
    let pages = layout_pages(&alert);
    // Screenshots for a person to look at; the assertions are below.
    let shots = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let mut wrong = Vec::new();
    // The public first, then Panama's analyst, whose pages carry tasks and
    // the forms that act on an alert.
    for who in ["public", "analyst"] {
        if who == "analyst" {
            demo.sign_in(&b);
        }
        for lang in ["en", "es", "pt", "fr"] {
            b.go(&format!("{}/lang/{lang}", demo.url));
            for (width, height) in [(1400, 1000), (1024, 900), (390, 844)] {
                b.resize(width, height);
                for (name, path) in &pages {
                    b.go(&format!("{}{path}", demo.url));
                    let found = b.script(common::webdriver::OVERFLOW);
                    let found = found.as_str().unwrap_or_default();
                    if !found.is_empty() {
                        wrong.push(format!("{who}: {path} at {width} px in {lang}: {found}"));
                    }
                    // Light for slow connections: the page and everything
                    // it loads, counted whole even when cached.
                    let bytes = b
                        .script(common::webdriver::WEIGHT)
                        .as_f64()
                        .unwrap_or(f64::MAX);
                    if bytes >= 300_000.0 {
                        wrong.push(format!("{who}: {path} in {lang} weighs {bytes} bytes"));
                    }
                    b.screenshot(&shots.join(format!("{name}-{width}-{lang}-{who}.png")));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

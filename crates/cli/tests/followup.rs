//! The secretariat's follow-up end to end: the 2023 registry and its
//! overlap with the declaration, disagreements between sources, history of
//! adherence and withdrawal, presidencies, calendar clashes and iCalendar
//! read back by an independent parser (the `ical` crate; the writer is the
//! `icalendar` crate), indicator status, pledges counted once in two
//! currencies, and the IATI export validated against the 2.03 schema.

mod common;

use common::{corredor, json, ok, write, TestStore};

fn seeded() -> TestStore {
    let store = TestStore::new();
    ok(&store, &["registry", "seed"]);
    store
}

fn fails(store: &TestStore, args: &[&str]) -> String {
    let out = corredor(store, args);
    assert!(
        !out.status.success(),
        "corredor {args:?} should have failed:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_2023_registry_shares_with_the_declaration_what_its_membership_table_says() {
    let store = seeded();
    let text = ok(
        &store,
        &["overlap", "--with", "DLA", "--on", "2023-12-31", "--json"],
    );
    common::golden("overlap-dla-2023.json", &text);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["on"], "2023-12-31");
    let counts: Vec<(String, u64)> = v["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            assert_eq!(p["a"], "DLA");
            assert_eq!(
                p["countries"].as_array().unwrap().len() as u64,
                p["shared"].as_u64().unwrap()
            );
            (
                p["b"].as_str().unwrap().to_string(),
                p["shared"].as_u64().unwrap(),
            )
        })
        .collect();
    // Counted by hand from the study's membership table.
    let expected = [
        ("CAM", 21),
        ("MIRPS", 7),
        ("CRM", 9),
        ("CSM", 9),
        ("QP", 12),
        ("R4V", 12),
    ];
    assert_eq!(counts, expected.map(|(m, n)| (m.to_string(), n)).to_vec());
    // Mexico observes CSM: not counted there, counted in CRM.
    let pairs = v["pairs"].as_array().unwrap();
    assert!(!pairs[3]["countries"]
        .as_array()
        .unwrap()
        .contains(&"MEX".into()));
    assert!(pairs[2]["countries"]
        .as_array()
        .unwrap()
        .contains(&"USA".into()));
    // Every pair without --with: 7 mechanisms, 21 pairs.
    let all = json(&store, &["overlap", "--on", "2023-12-31", "--json"]);
    assert_eq!(all["pairs"].as_array().unwrap().len(), 21);
    // Seeding again changes nothing.
    let again = ok(&store, &["registry", "seed"]);
    assert!(
        again.contains("0 mechanisms, 0 memberships, 0 working groups, 0 claims"),
        "{again}"
    );
}

#[test]
fn disagreements_between_sources_are_listed_with_their_sources() {
    let store = seeded();
    let text = ok(&store, &["registry", "conflicts", "--json"]);
    common::golden("registry-conflicts-2023.json", &text);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let subjects: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), 7);
    assert!(subjects.contains(&"countries CRM shares with the declaration"));
    assert!(subjects.contains(&"United States in CRM"));
    assert!(subjects.contains(&"lead of MIRPS's jobs and livelihoods group"));
    // Where the study's parts agree (MIRPS: 7), there is no conflict.
    assert!(!subjects.contains(&"countries MIRPS shares with the declaration"));
    // A new source that disagrees makes a new conflict.
    ok(
        &store,
        &[
            "registry",
            "claim",
            "--subject",
            "countries MIRPS shares with the declaration",
            "--statement",
            "8",
            "--source",
            "a later report",
        ],
    );
    let v = json(&store, &["registry", "conflicts", "--json"]);
    assert_eq!(v.as_array().unwrap().len(), 8);
    let text = ok(&store, &["registry", "conflicts"]);
    assert!(text
        .contains("FIU Gordon Institute (June 2023), study of the declaration's governance: text"));
}

#[test]
fn withdrawal_and_change_of_role_keep_the_history() {
    let store = seeded();
    ok(
        &store,
        &[
            "registry",
            "withdraw",
            "--mechanism",
            "CRM",
            "--participant",
            "USA",
            "--on",
            "2026-01-01",
            "--source",
            "note verbale of 2025-12-01",
        ],
    );
    ok(
        &store,
        &[
            "registry",
            "change",
            "--mechanism",
            "DLA",
            "--participant",
            "Jamaica",
            "--role",
            "observer",
            "--on",
            "2026-02-01",
            "--source",
            "letter of 2026-01-20",
        ],
    );
    ok(
        &store,
        &[
            "registry",
            "add",
            "--mechanism",
            "DLA",
            "--participant",
            "ESP-CSO-NET",
            "--role",
            "permanent_participant",
            "--since",
            "2026-03-01",
            "--source",
            "accreditation",
        ],
    );
    let shared = |on: &str, b: &str| -> u64 {
        let v = json(&store, &["overlap", "--with", "DLA", "--on", on, "--json"]);
        v["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["b"] == b)
            .unwrap()["shared"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(shared("2025-12-31", "CRM"), 9);
    assert_eq!(
        shared("2026-01-01", "CRM"),
        8,
        "the United States out of CRM"
    );
    assert_eq!(shared("2026-01-31", "CAM"), 21);
    assert_eq!(
        shared("2026-02-01", "CAM"),
        20,
        "Jamaica an observer of DLA, not counted"
    );
    let list = json(
        &store,
        &[
            "registry",
            "list",
            "--mechanism",
            "DLA",
            "--on",
            "2026-03-01",
            "--json",
        ],
    );
    let ps = list["mechanisms"][0]["participants"].as_array().unwrap();
    let role = |p: &str| {
        ps.iter()
            .find(|x| x["participant"] == p)
            .map(|x| x["role"].as_str().unwrap().to_string())
    };
    assert_eq!(role("JAM").as_deref(), Some("observer"));
    assert_eq!(
        role("ESP-CSO-NET").as_deref(),
        Some("permanent_participant")
    );
    assert_eq!(role("ESP").as_deref(), Some("observer"));
    // Who were the members on a date before: Jamaica was.
    let before = json(
        &store,
        &[
            "registry",
            "list",
            "--mechanism",
            "DLA",
            "--on",
            "2026-01-15",
            "--json",
        ],
    );
    let ps = before["mechanisms"][0]["participants"].as_array().unwrap();
    assert!(ps
        .iter()
        .any(|x| x["participant"] == "JAM" && x["role"] == "member"));
    // Jamaica's history in the declaration: member, then observer.
    let history = json(
        &store,
        &[
            "registry",
            "history",
            "--participant",
            "Jamaica",
            "--mechanism",
            "DLA",
            "--json",
        ],
    );
    let spans: Vec<(String, String, Option<String>)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["role"].as_str().unwrap().to_string(),
                m["since"].as_str().unwrap().to_string(),
                m["until"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        spans,
        vec![
            (
                "member".into(),
                "2022-06-10".into(),
                Some("2026-02-01".into())
            ),
            ("observer".into(), "2026-02-01".into(), None),
        ]
    );
    let text = ok(
        &store,
        &[
            "registry",
            "history",
            "--participant",
            "USA",
            "--mechanism",
            "CRM",
        ],
    );
    assert!(
        text.contains("until 2026-01-01 (note verbale of 2025-12-01)"),
        "{text}"
    );
    // An organisation as a member does not count as a shared country.
    let out = ok(
        &store,
        &[
            "registry",
            "add",
            "--mechanism",
            "CRM",
            "--participant",
            "IOM",
            "--since",
            "2026-03-01",
            "--source",
            "accreditation",
        ],
    );
    assert!(
        out.starts_with("IOM (organisation) is member of CRM"),
        "{out}"
    );
    ok(
        &store,
        &[
            "registry",
            "add",
            "--mechanism",
            "DLA",
            "--participant",
            "IOM",
            "--since",
            "2026-03-01",
            "--source",
            "accreditation",
        ],
    );
    assert_eq!(shared("2026-03-01", "CRM"), 8);
    // A second adherence while a standing is open is refused.
    let err = fails(
        &store,
        &[
            "registry",
            "add",
            "--mechanism",
            "CRM",
            "--participant",
            "MEX",
            "--since",
            "2026-01-01",
            "--source",
            "x",
        ],
    );
    assert!(
        err.contains("MEX is member of CRM since 2023-06-01"),
        "{err}"
    );
    // Each write is in the audit log.
    let audit = ok(&store, &["audit"]);
    for action in [
        "registry.seed",
        "registry.withdraw",
        "registry.change",
        "registry.adhere",
    ] {
        assert!(audit.contains(action), "{action} missing from\n{audit}");
    }
}

#[test]
fn presidencies_rotate_alphabetically_from_the_record() {
    let store = seeded();
    let err = fails(
        &store,
        &["presidency", "--mechanism", "MIRPS", "--year", "2027"],
    );
    assert!(err.contains("no presidency of MIRPS is on record"), "{err}");
    ok(
        &store,
        &[
            "presidency",
            "set",
            "--mechanism",
            "MIRPS",
            "--year",
            "2024",
            "--country",
            "CRI",
            "--source",
            "minutes",
        ],
    );
    // Belice, Costa Rica, El Salvador, Guatemala, Honduras, México, Panamá:
    // 2024 Costa Rica, 2025 El Salvador, 2026 Guatemala, 2027 Honduras.
    let v = json(
        &store,
        &[
            "presidency",
            "--mechanism",
            "MIRPS",
            "--year",
            "2027",
            "--json",
        ],
    );
    assert_eq!(v["president"], "HND");
    assert_eq!(v["vice"], "MEX");
    assert_eq!(v["basis"]["from_year"], 2024);
    let err = fails(
        &store,
        &["presidency", "--mechanism", "CRM", "--year", "2027"],
    );
    assert!(err.contains("designated"), "{err}");
    let err = fails(
        &store,
        &["presidency", "--mechanism", "DLA", "--year", "2027"],
    );
    assert!(err.contains("DLA has no presidency"), "{err}");
}

fn meetings(store: &TestStore) {
    for (m, start, end, place) in [
        ("CRM", "2027-03-10", "2027-03-12", "Ciudad de Panamá"),
        ("MIRPS", "2027-03-15", "2027-03-16", "San José"),
        ("CSM", "2027-03-11", "2027-03-11", "Asunción"),
        ("QP", "2027-03-24", "2027-03-25", "Quito, Ecuador"),
    ] {
        ok(
            store,
            &[
                "meeting",
                "add",
                "--mechanism",
                m,
                "--start",
                start,
                "--end",
                end,
                "--place",
                place,
            ],
        );
    }
}

#[test]
fn calendar_clashes_name_the_members_two_meetings_share() {
    let store = seeded();
    meetings(&store);
    let v = json(&store, &["calendar", "check", "--json"]);
    let clashes = v["clashes"].as_array().unwrap();
    // CRM (10–12 March) and MIRPS (15–16 March): two free days between,
    // all seven MIRPS members in both. CSM shares no member with CRM (Mexico
    // only observes it); QP is seven free days after MIRPS.
    assert_eq!(clashes.len(), 1, "{v:#}");
    assert_eq!(clashes[0]["a"]["mechanism"], "CRM");
    assert_eq!(clashes[0]["b"]["mechanism"], "MIRPS");
    assert_eq!(clashes[0]["gap_days"], 2);
    assert_eq!(
        clashes[0]["shared"],
        serde_json::json!(["BLZ", "CRI", "GTM", "HND", "MEX", "PAN", "SLV"])
    );
    let wide = json(&store, &["calendar", "check", "--window", "7", "--json"]);
    let pairs: Vec<(String, String, usize)> = wide["clashes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["a"]["mechanism"].as_str().unwrap().into(),
                c["b"]["mechanism"].as_str().unwrap().into(),
                c["shared"].as_array().unwrap().len(),
            )
        })
        .collect();
    // With a week: MIRPS–QP (seven free days) share Costa Rica, Mexico and
    // Panama; CSM–MIRPS (three) share no member; CRM–QP are eleven apart.
    assert_eq!(
        pairs,
        vec![
            ("CRM".into(), "MIRPS".into(), 7),
            ("MIRPS".into(), "QP".into(), 3)
        ]
    );
}

/// Reads an iCalendar with the `ical` crate: a different implementation
/// from the writer's.
fn parse_ics(text: &str) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut calendars = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = calendars
        .next()
        .expect("one calendar")
        .expect("valid iCalendar");
    assert!(calendars.next().is_none());
    let version = cal.properties.iter().find(|p| p.name == "VERSION").unwrap();
    assert_eq!(version.value.as_deref(), Some("2.0"));
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
    cal.events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| {
                    let params = p
                        .params
                        .as_ref()
                        .map(|ps| {
                            ps.iter()
                                .map(|(k, v)| format!(";{k}={}", v.join(",")))
                                .collect::<String>()
                        })
                        .unwrap_or_default();
                    (
                        format!("{}{params}", p.name),
                        p.value.clone().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_calendar_exports_as_rfc_5545_per_mechanism_and_per_country() {
    let store = seeded();
    meetings(&store);
    let all = ok(&store, &["calendar", "export"]);
    assert!(all.contains("\r\n"), "RFC 5545 lines end in CRLF");
    let events = parse_ics(&all);
    assert_eq!(events.len(), 4);
    let crm = events
        .iter()
        .find(|e| e["SUMMARY"].starts_with("CRM"))
        .unwrap();
    assert_eq!(crm["DTSTART;VALUE=DATE"], "20270310");
    // The end of an all-day event is the day after the last.
    assert_eq!(crm["DTEND;VALUE=DATE"], "20270313");
    assert_eq!(crm["LOCATION"], "Ciudad de Panamá");
    assert!(crm["UID"].starts_with("meeting-"));
    assert!(crm.contains_key("DTSTAMP"));
    // A comma in a place is escaped by the writer and read back whole.
    let qp = events
        .iter()
        .find(|e| e["SUMMARY"].starts_with("QP"))
        .unwrap();
    assert_eq!(qp["LOCATION"].replace("\\,", ","), "Quito, Ecuador");
    let mirps = parse_ics(&ok(&store, &["calendar", "export", "--mechanism", "MIRPS"]));
    assert_eq!(mirps.len(), 1);
    // Canada: only CRM. Mexico: CRM, MIRPS, QP, and CSM as an observer.
    assert_eq!(
        parse_ics(&ok(&store, &["calendar", "export", "--country", "CAN"])).len(),
        1
    );
    assert_eq!(
        parse_ics(&ok(&store, &["calendar", "export", "--country", "Mexico"])).len(),
        4
    );
}

#[test]
fn indicator_status_is_computed_from_the_figures() {
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
            "CHL,ECU",
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
        ],
    );
    assert!(out.contains("(medium term)"), "{out}");
    let status = |store: &TestStore| -> String {
        let v = json(store, &["commitment", "list", "--json"]);
        v[0]["indicators"][0]["assessment"]["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(status(&store), "no_data");
    // The path is at 40 + 40 × 366/731 = 60.03 on 1 January 2025; 53 is
    // 7.03 points (17.6% of the way) behind: at risk.
    ok(
        &store,
        &[
            "commitment",
            "measure",
            "--indicator",
            "1",
            "--date",
            "2025-01-01",
            "--value",
            "53",
            "--source",
            "ministry of education",
        ],
    );
    assert_eq!(status(&store), "at_risk");
    // Half a year later the path is at 69.9; 69 is within a tenth.
    ok(
        &store,
        &[
            "commitment",
            "measure",
            "--indicator",
            "1",
            "--date",
            "2025-07-01",
            "--value",
            "69",
            "--source",
            "ministry of education",
        ],
    );
    assert_eq!(status(&store), "on_track");
    // A figure dated after today would stand as the latest for good.
    let future = common::corredor(
        &store,
        &[
            "commitment",
            "measure",
            "--indicator",
            "1",
            "--date",
            "2999-01-01",
            "--value",
            "80",
            "--source",
            "typo",
        ],
    );
    assert!(!future.status.success());
    assert!(String::from_utf8_lossy(&future.stderr).contains("after today"));
    let v = json(&store, &["commitment", "list", "--json"]);
    assert_eq!(v[0]["pillar"], 1);
    assert_eq!(
        v[0]["indicators"][0]["measurements"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(v[0]["indicators"][0]["unit"], "%");

    // A permanent participant's report is kept beside the figures.
    ok(
        &store,
        &[
            "--as-org",
            "CSO-RED",
            "monitoring",
            "add",
            "--commitment",
            "DLA-INT-1",
            "--assessment",
            "at_risk",
            "--text",
            "Enrolment lags in border provinces",
            "--evidence",
            "https://example.org/report.pdf",
            "--date",
            "2025-07-15",
        ],
    );
    let v = json(&store, &["commitment", "list", "--json"]);
    assert_eq!(v[0]["monitoring"][0]["org"], "CSO-RED");
    assert_eq!(v[0]["monitoring"][0]["assessment"], "at_risk");
    assert_eq!(v[0]["indicators"][0]["assessment"]["status"], "on_track");
    let err = fails(
        &store,
        &[
            "monitoring",
            "add",
            "--commitment",
            "DLA-INT-1",
            "--assessment",
            "at_risk",
            "--text",
            "x",
            "--evidence",
            "not a link",
        ],
    );
    assert!(err.contains("evidence 'not a link'"), "{err}");
}

#[test]
fn restrictive_national_measures_against_commitments_are_reported() {
    let store = seeded();
    ok(
        &store,
        &[
            "commitment",
            "add",
            "--id",
            "DLA-REG-1",
            "--title",
            "Regularise Venezuelans",
            "--group",
            "dla-regularisation",
            "--countries",
            "ECU",
            "--source",
            "Lima ministerial",
        ],
    );
    for (country, theme, effect, title) in [
        (
            "ECU",
            "regularisation",
            "restricts",
            "Ends the regularisation process",
        ),
        (
            "ECU",
            "regularisation",
            "expands",
            "Extends the regularisation process",
        ),
        ("PER", "xenophobia", "restricts", "Expulsion campaign"),
        ("JAM", "visas", "restricts", "New visa requirement"),
    ] {
        ok(
            &store,
            &[
                "measure",
                "add",
                "--country",
                country,
                "--date",
                "2024-05-01",
                "--title",
                title,
                "--theme",
                theme,
                "--effect",
                effect,
                "--source",
                "official gazette",
            ],
        );
    }
    let v = json(&store, &["consistency", "--json"]);
    let found: Vec<(String, serde_json::Value, serde_json::Value)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["measure"]["country"].as_str().unwrap().to_string(),
                i["commitments"].clone(),
                i["led_groups"].clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "ECU".to_string(),
                serde_json::json!(["DLA-REG-1"]),
                serde_json::json!([])
            ),
            (
                "PER".to_string(),
                serde_json::json!([]),
                serde_json::json!(["dla-xenophobia"])
            ),
        ]
    );
}

const DONOR_FILE: &str = "\
id,donor,recipient,purpose,amount,currency,status,date,source
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,1000000.00,EUR,pledged,2021-06-10,Italy's statement at the solidarity event
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,1000000.00,EUR,committed,2021-09-01,Italy's aid agency
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,400000.00,EUR,disbursed,2022-01-15,Italy's aid agency
CRI-ASYLUM,Canada,CRI,Asylum capacity,250000,CAD,pledged,2022-03-01,Canada's announcement
";

const RECIPIENT_FILE: &str = "\
id,donor,recipient,purpose,amount,currency,status,date,source
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,1000000.00,EUR,pledged,2021-06-10,MIRPS secretariat's record
MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,400000.00,EUR,disbursed,2022-01-15,MIRPS secretariat's record
GT-RETURN,United States,dla-return,Reintegration services,500000.00,USD,pledged,2022-06-10,US statement at the summit
";

const RATES: &str = "\
date,base,quote,rate
2021-06-01,EUR,USD,1.2
2021-09-01,EUR,USD,1.18
2022-01-01,EUR,USD,1.1
2022-02-15,USD,CAD,1.25
2022-06-01,EUR,USD,1.05
";

fn pledges(store: &TestStore) {
    let donor = write(&store.scratch("donor.csv"), DONOR_FILE);
    let recipient = write(&store.scratch("recipient.csv"), RECIPIENT_FILE);
    let rates = write(&store.scratch("rates.csv"), RATES);
    let out = ok(store, &["pledge", "import", &donor, &recipient]);
    assert!(
        out.contains("donor.csv: 2 new pledges, 4 new steps, 0 reports"),
        "{out}"
    );
    assert!(
        out.contains("recipient.csv: 1 new pledges, 1 new steps, 2 reports of steps already known"),
        "{out}"
    );
    ok(
        store,
        &[
            "rates",
            "import",
            &rates,
            "--source",
            "central banks' reference rates",
        ],
    );
}

#[test]
fn pledge_totals_count_each_step_once_in_two_currencies() {
    let store = seeded();
    pledges(&store);
    let usd = json(&store, &["pledge", "report", "--currency", "USD", "--json"]);
    // Hand-checked, each step at its own date's rate:
    //   Italy pledged   1,000,000.00 EUR × 1.2  (1 Jun 2021) = 1,200,000.00
    //   Italy committed 1,000,000.00 EUR × 1.18 (1 Sep 2021) = 1,180,000.00
    //   Italy disbursed   400,000.00 EUR × 1.1  (1 Jan 2022) =   440,000.00
    //   Canada pledged    250,000 CAD ÷ 1.25 (15 Feb 2022)   =   200,000.00
    //   US pledged        500,000.00 USD                     =   500,000.00
    // Italy's pledge and disbursement, reported by donor and recipient,
    // count once.
    common::golden(
        "pledge-report-usd.json",
        &serde_json::to_string_pretty(&usd).unwrap(),
    );
    assert_eq!(usd["pledges"], 3);
    assert_eq!(usd["pledged"], "1900000.00");
    assert_eq!(usd["committed"], "1180000.00");
    assert_eq!(usd["disbursed"], "440000.00");
    let eur = json(&store, &["pledge", "report", "--currency", "EUR", "--json"]);
    //   Italy: 1,000,000.00 EUR pledged and committed, 400,000.00 disbursed
    //   Canada: 250,000 CAD → 200,000 USD ÷ 1.1 (EUR→USD of 1 Jan 2022,
    //           the latest on 1 Mar 2022) = 181,818.1818… → 181,818.18
    //   US: 500,000.00 USD ÷ 1.05 (1 Jun 2022) = 476,190.476… → 476,190.48
    assert_eq!(eur["pledged"], "1658008.66");
    assert_eq!(eur["committed"], "1000000.00");
    assert_eq!(eur["disbursed"], "400000.00");
    let italy = eur["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == "MIRPS-2021-IT")
        .unwrap();
    assert_eq!(
        italy["recipient"],
        serde_json::json!({"kind": "mechanism", "code": "MIRPS"})
    );
    // Importing the same files again adds no money, only confirmations.
    let donor = write(&store.scratch("donor.csv"), DONOR_FILE);
    let out = ok(&store, &["pledge", "import", &donor]);
    assert!(
        out.contains("0 new pledges, 0 new steps, 4 reports"),
        "{out}"
    );
    assert_eq!(
        json(&store, &["pledge", "report", "--json"])["pledged"],
        "1900000.00"
    );
    // A day's rate is not revised: a different one is refused where it is.
    let other = write(
        &store.scratch("other-rates.csv"),
        "date,base,quote,rate\n2021-06-01,EUR,USD,1.2\n2021-06-01,EUR,USD,1.25\n",
    );
    let err = fails(
        &store,
        &["rates", "import", &other, "--source", "another bank"],
    );
    assert!(
        err.contains("other-rates.csv:3:4: the EUR→USD rate of 2021-06-01 is 1.2 already"),
        "{err}"
    );
    // No rate for the step's date: refused, naming what is missing.
    let err = fails(&store, &["pledge", "report", "--currency", "JPY"]);
    assert!(
        err.contains("no rate from CAD to JPY on or before 2022-03-01"),
        "{err}"
    );
}

#[test]
fn a_pledge_file_with_problems_imports_nothing_and_says_where() {
    let store = seeded();
    pledges(&store);
    let before = ok(&store, &["pledge", "export", "--format", "csv"]);
    let bad = write(
        &store.scratch("bad.csv"),
        "id,donor,recipient,purpose,amount,currency,status,date,source\n\
         NEW-1,Spain,GTM,Return,100000.00,EUR,pledged,2023-01-10,Spain\n\
         MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,900000.00,EUR,pledged,2021-06-10,a third report\n\
         NEW-2,Spain,Atlantis,Return,1.000,EUR,promised,2023-01-10,Spain\n",
    );
    let out = corredor(&store, &["pledge", "import", &bad]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.csv:4:3: recipient 'Atlantis'"), "{err}");
    assert!(
        err.contains("bad.csv:4:5: amount 1.000: EUR has 2 decimal places"),
        "{err}"
    );
    assert!(err.contains("bad.csv:4:7: status 'promised'"), "{err}");
    assert!(err.contains("nothing imported"), "{err}");
    // Fix the third row: the second still disagrees with what is known.
    let bad = write(
        &store.scratch("bad.csv"),
        "id,donor,recipient,purpose,amount,currency,status,date,source\n\
         NEW-1,Spain,GTM,Return,100000.00,EUR,pledged,2023-01-10,Spain\n\
         MIRPS-2021-IT,Italy,MIRPS,Solidarity event contribution,900000.00,EUR,pledged,2021-06-10,a third report\n",
    );
    let err = fails(&store, &["pledge", "import", &bad]);
    assert!(
        err.contains(
            "bad.csv:3:5: pledge MIRPS-2021-IT is already pledged as 1000000.00 EUR on 2021-06-10"
        ),
        "{err}"
    );
    assert_eq!(
        ok(&store, &["pledge", "export", "--format", "csv"]),
        before,
        "nothing changed"
    );
}

#[test]
fn the_csv_export_reimports_as_reports_of_known_steps() {
    let store = seeded();
    pledges(&store);
    let csv = ok(&store, &["pledge", "export", "--format", "csv"]);
    // One row per report: 4 from the donor, 3 from the recipient.
    assert_eq!(csv.lines().count(), 1 + 7, "{csv}");
    let fresh = seeded();
    let file = write(&fresh.scratch("export.csv"), &csv);
    ok(&fresh, &["pledge", "import", &file]);
    assert_eq!(ok(&fresh, &["pledge", "export", "--format", "csv"]), csv);
}

#[test]
fn the_iati_export_validates_against_the_2_03_schema() {
    let store = seeded();
    pledges(&store);
    let xml = ok(&store, &["pledge", "export", "--format", "iati"]);
    // The golden file with the generation time fixed: the rest is stable.
    let stamp = xml
        .split("generated-datetime=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap();
    common::golden(
        "pledges-iati.xml",
        &xml.replace(stamp, "2026-01-01T00:00:00Z"),
    );
    assert_eq!(xml.matches("<iati-activity ").count(), 3);
    // Italy's pledge: the pledge (12), the commitment (2) and the
    // disbursement (3), each once, in euros.
    assert!(xml.contains("<iati-identifier>XM-CORREDOR-MIRPS-2021-IT</iati-identifier>"));
    assert_eq!(xml.matches(r#"<transaction-type code="12"/>"#).count(), 3);
    assert_eq!(xml.matches(r#"<transaction-type code="2"/>"#).count(), 1);
    assert_eq!(xml.matches(r#"<transaction-type code="3"/>"#).count(), 1);
    assert!(xml.contains(r#"<value currency="EUR" value-date="2022-01-15">400000.00</value>"#));
    assert!(xml.contains(r#"<recipient-country code="CR" percentage="100"/>"#));
    let Some(data) = common::shared_data("the_iati_export_validates_against_the_2_03_schema")
    else {
        return;
    };
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        panic!(
            "xmllint is needed to validate IATI: apt-get install libxml2-utils (scripts/test does)"
        );
    }
    let file = store.scratch("iati.xml");
    std::fs::write(&file, &xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(data.join("schemas/iati/iati-activities-schema.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "IATI export does not validate:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The check can fail: an activity without its identifier does not validate.
    let broken = xml.replacen(
        "<iati-identifier>XM-CORREDOR-CRI-ASYLUM</iati-identifier>",
        "",
        1,
    );
    std::fs::write(&file, &broken).unwrap();
    let out = std::process::Command::new("xmllint")
        .args(["--nonet", "--noout", "--schema"])
        .arg(data.join("schemas/iati/iati-activities-schema.xsd"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
}

#[test]
fn themes_covered_by_several_mechanisms_and_by_none() {
    let store = seeded();
    let v = json(&store, &["themes", "--json"]);
    assert!(v["single"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["theme"] == "regularisation"));
    let asylum = v["duplicated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["theme"] == "asylum")
        .unwrap();
    assert_eq!(
        asylum["mechanisms"],
        serde_json::json!(["DLA", "MIRPS", "QP"])
    );
    assert_eq!(
        v["uncovered"],
        serde_json::json!(["climate-displacement", "statelessness"])
    );
}

fn token(store: &TestStore, org: &str, name: &str, role: &str) -> String {
    ok(store, &["org", "add", "--code", org, "--name", name]);
    ok(store, &["token", "create", "--org", org, "--role", role])
        .trim()
        .to_string()
}

#[test]
fn the_api_serves_the_registry_publicly_and_audits_every_write() {
    use common::server::{get, post, Server};
    let store = seeded();
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let cso = token(&store, "CSO", "A migrant-led network", "participant");
    let cri = token(&store, "CRI", "Dirección General de Migración", "analyst");
    ok(
        &store,
        &[
            "commitment",
            "add",
            "--id",
            "DLA-ASY-1",
            "--title",
            "Asylum capacity",
            "--group",
            "dla-asylum",
            "--countries",
            "CRI",
            "--source",
            "Lima",
        ],
    );
    ok(
        &store,
        &[
            "commitment",
            "add",
            "--id",
            "DLA-ASY-2",
            "--title",
            "Under negotiation",
            "--group",
            "dla-asylum",
            "--countries",
            "CRI",
            "--draft",
            "--source",
            "Lima",
        ],
    );
    ok(
        &store,
        &[
            "commitment",
            "indicator",
            "--commitment",
            "DLA-ASY-1",
            "--name",
            "Asylum decisions within six months",
            "--unit",
            "%",
            "--baseline",
            "20",
            "--baseline-date",
            "2024-01-01",
            "--target",
            "60",
            "--deadline",
            "2025-01-01",
        ],
    );
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);

    // The overlap over HTTP is the command line's, without a token.
    let cli = json(
        &store,
        &["overlap", "--with", "DLA", "--on", "2023-12-31", "--json"],
    );
    let api = get(&url("/api/v1/overlap?with=DLA&on=2023-12-31"), None);
    assert_eq!(api.status, 200);
    assert_eq!(api.json(), cli);
    assert_eq!(get(&url("/api/v1/overlap?with=XYZ"), None).status, 404);
    assert_eq!(
        get(&url("/api/v1/registry/conflicts"), None)
            .json()
            .as_array()
            .unwrap()
            .len(),
        7
    );
    let members = get(
        &url("/api/v1/registry/participants?mechanism=CSM&on=2023-12-31"),
        None,
    )
    .json();
    let ps = members["mechanisms"][0]["participants"].as_array().unwrap();
    assert_eq!(ps.iter().filter(|p| p["role"] == "member").count(), 12);

    // Drafts are the secretariat's.
    let public = get(&url("/api/v1/commitments"), None).json();
    let ids: Vec<&str> = public
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["DLA-ASY-1"]);
    assert_eq!(
        get(&url("/api/v1/commitments"), Some(&sec))
            .json()
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // Writes: a token, the right role, and an entry in the audit log.
    let meeting =
        r#"{"mechanism": "CRM", "start": "2027-03-10", "end": "2027-03-12", "place": "Panamá"}"#;
    assert_eq!(
        post(&url("/api/v1/meetings"), None, "application/json", meeting).status,
        401
    );
    assert_eq!(
        post(
            &url("/api/v1/meetings"),
            Some(&cso),
            "application/json",
            meeting
        )
        .status,
        403
    );
    assert_eq!(
        post(
            &url("/api/v1/meetings"),
            Some(&sec),
            "application/json",
            meeting
        )
        .status,
        201
    );
    let ics = get(&url("/api/v1/calendar.ics?country=CAN"), None);
    assert!(ics.content_type.starts_with("text/calendar"));
    assert!(ics.body.contains("DTSTART;VALUE=DATE:20270310"));

    // Costa Rica reports its own figure; Panama's analyst could not.
    let figure = r#"{"date": "2024-07-01", "value": 41, "source": "DGME"}"#;
    assert_eq!(
        post(
            &url("/api/v1/indicators/1/measurements"),
            Some(&cri),
            "application/json",
            figure
        )
        .status,
        201
    );
    let status = get(&url("/api/v1/commitments"), None).json()[0]["indicators"][0]["assessment"]
        ["status"]
        .clone();
    // Half a year in (182 of 366 days), the path is at 39.9: 41 is on track.
    assert_eq!(status, "on_track");

    // Civil society reports; a government analyst cannot file in its name.
    let report = r#"{"assessment": "at_risk", "text": "Backlog grows", "evidence": ["https://example.org/r.pdf"], "date": "2024-08-01"}"#;
    assert_eq!(
        post(
            &url("/api/v1/commitments/DLA-ASY-1/monitoring"),
            Some(&cri),
            "application/json",
            report
        )
        .status,
        403
    );
    let filed = post(
        &url("/api/v1/commitments/DLA-ASY-1/monitoring"),
        Some(&cso),
        "application/json",
        report,
    );
    assert_eq!(filed.status, 201, "{}", filed.body);
    assert_eq!(filed.json()["org"], "CSO");
    assert_eq!(
        post(
            &url("/api/v1/commitments/DLA-ASY-2/monitoring"),
            Some(&cso),
            "application/json",
            report
        )
        .status,
        404
    );

    // Pledges as CSV: problems come back with line and column.
    let bad = "id,donor,recipient,purpose,amount,currency,status,date,source\nP1,Italy,MIRPS,x,10,EUR,promised,2021-06-10,r\n";
    let answer = post(&url("/api/v1/pledges"), Some(&sec), "text/csv", bad);
    assert_eq!(answer.status, 400);
    assert_eq!(answer.json()["problems"][0]["line"], 2);
    assert_eq!(answer.json()["problems"][0]["column"], 7);
    let answer = post(&url("/api/v1/pledges"), Some(&sec), "text/csv", DONOR_FILE);
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.json()["new_steps"], 4);
    let iati = get(&url("/api/v1/pledges.iati"), None);
    assert!(iati.content_type.starts_with("application/xml"));
    assert_eq!(iati.body.matches("<iati-activity ").count(), 2);

    // Adherence over the API, then the audit log shows who did each write.
    let adhere = r#"{"mechanism": "DLA", "participant": "BOL", "date": "2026-05-01", "source": "note verbale"}"#;
    assert_eq!(
        post(
            &url("/api/v1/registry/adherences"),
            Some(&sec),
            "application/json",
            adhere
        )
        .status,
        201
    );
    let v = get(&url("/api/v1/overlap?with=DLA&on=2026-05-01"), None).json();
    assert_eq!(
        v["pairs"][0]["shared"], 22,
        "Bolivia, a CAM member, joins the declaration"
    );
    let audit = get(&url("/api/v1/audit"), Some(&sec)).json();
    let actions: Vec<(String, String)> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["org"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (action, org) in [
        ("meeting.add", "SEC"),
        ("indicator.measure", "CRI"),
        ("monitoring.file", "CSO"),
        ("pledge.import", "SEC"),
        ("registry.adhere", "SEC"),
    ] {
        assert!(
            actions.contains(&(action.to_string(), org.to_string())),
            "{action} by {org}: {actions:?}"
        );
    }
    // Commitments, indicators, measures and presidencies over the API.
    let body = r#"{"id": "DLA-XEN-1", "title": "Campaign against xenophobia", "group": "dla-xenophobia", "countries": ["PER"], "source": "Lima"}"#;
    assert_eq!(
        post(
            &url("/api/v1/commitments"),
            Some(&cri),
            "application/json",
            body
        )
        .status,
        403
    );
    assert_eq!(
        post(
            &url("/api/v1/commitments"),
            Some(&sec),
            "application/json",
            body
        )
        .status,
        201
    );
    let public_ids = |url: &str| -> Vec<String> {
        get(url, None)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(
        !public_ids(&url("/api/v1/commitments")).contains(&"DLA-XEN-1".to_string()),
        "a draft by default"
    );
    let indicator = r#"{"template": "labour", "baseline": 30, "baseline_date": "2024-01-01", "target": 50, "deadline": "2028-01-01"}"#;
    let i = post(
        &url("/api/v1/commitments/DLA-XEN-1/indicators"),
        Some(&sec),
        "application/json",
        indicator,
    );
    assert_eq!(i.status, 201, "{}", i.body);
    assert_eq!(i.json()["unit"], "%");
    assert_eq!(
        post(
            &url("/api/v1/commitments/DLA-XEN-1/adopt"),
            Some(&sec),
            "application/json",
            ""
        )
        .status,
        204
    );
    assert!(public_ids(&url("/api/v1/commitments")).contains(&"DLA-XEN-1".to_string()));
    let measure = r#"{"country": "PER", "date": "2024-05-01", "title": "Expulsion campaign", "theme": "xenophobia", "effect": "restricts", "source": "El Peruano"}"#;
    assert_eq!(
        post(
            &url("/api/v1/measures"),
            Some(&sec),
            "application/json",
            measure
        )
        .status,
        201
    );
    let found = get(&url("/api/v1/consistency"), None).json();
    assert_eq!(found[0]["commitments"], serde_json::json!(["DLA-XEN-1"]));
    assert_eq!(
        found[0]["led_groups"],
        serde_json::json!(["dla-xenophobia"])
    );
    let p = r#"{"mechanism": "MIRPS", "year": 2024, "president": "CRI", "source": "minutes"}"#;
    assert_eq!(
        post(
            &url("/api/v1/presidencies"),
            Some(&sec),
            "application/json",
            p
        )
        .status,
        201
    );
    let v = get(&url("/api/v1/presidency?mechanism=MIRPS&year=2027"), None).json();
    assert_eq!(
        (v["president"].as_str(), v["vice"].as_str()),
        (Some("HND"), Some("MEX"))
    );
    assert_eq!(
        get(&url("/api/v1/presidency?mechanism=CRM&year=2027"), None).status,
        404
    );

    // The OpenAPI document lists the follow-up's paths.
    let doc = get(&url("/openapi.json"), None).json();
    assert!(doc["paths"]["/api/v1/overlap"].is_object());
    assert!(doc["paths"]["/api/v1/pledges"].is_object());
}

#[test]
fn a_new_working_group_changes_the_thematic_duplication() {
    let store = seeded();
    ok(
        &store,
        &[
            "registry",
            "add-group",
            "--id",
            "crm-regularisation",
            "--mechanism",
            "CRM",
            "--name",
            "Regularisation pathways",
            "--theme",
            "regularisation",
            "--leads",
            "Mexico",
            "--participants",
            "GTM,HND",
            "--source",
            "CRM vice-ministerial meeting",
        ],
    );
    let v = json(&store, &["themes", "--json"]);
    let reg = v["duplicated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["theme"] == "regularisation")
        .unwrap();
    assert_eq!(reg["mechanisms"], serde_json::json!(["CRM", "DLA"]));
    assert_eq!(reg["groups"][1]["leads"], serde_json::json!(["MEX"]));
    let err = fails(
        &store,
        &[
            "registry",
            "add-group",
            "--id",
            "x",
            "--mechanism",
            "CRM",
            "--name",
            "X",
            "--theme",
            "weather",
            "--source",
            "s",
        ],
    );
    assert!(err.contains("theme 'weather'"), "{err}");
}

#[test]
fn monitoring_reports_are_never_changed_and_foreign_keys_hold() {
    let store = seeded();
    ok(
        &store,
        &[
            "commitment",
            "add",
            "--id",
            "C1",
            "--title",
            "t",
            "--group",
            "dla-asylum",
            "--countries",
            "CAN",
            "--source",
            "s",
        ],
    );
    ok(
        &store,
        &[
            "--as-org",
            "CSO",
            "monitoring",
            "add",
            "--commitment",
            "C1",
            "--assessment",
            "on_track",
            "--text",
            "fine",
        ],
    );
    let mut s = corredor_store::open(&store.url).unwrap();
    assert!(s
        .execute("UPDATE monitoring_report SET text = 'rewritten'", &[])
        .is_err());
    assert!(s.execute("DELETE FROM monitoring_report", &[]).is_err());
    let reports = json(&store, &["monitoring", "list", "--json"]);
    assert_eq!(reports[0]["text"], "fine");
    if !store.is_postgres() {
        let c = rusqlite::Connection::open(&store.url).unwrap();
        let broken: i64 = c
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(broken, 0);
    }
}

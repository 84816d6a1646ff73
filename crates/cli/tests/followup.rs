//! The secretariat's follow-up end to end: the 2023 registry and its
//! overlap with the declaration, disagreements between sources, history of
//! adherence and withdrawal, presidencies, calendar clashes and iCalendar
//! read back by an independent parser (the `ical` crate; the writer is the
//! `icalendar` crate), indicator status, pledges counted once in two
//! currencies, and the IATI export validated against the 2.03 schema.

mod common;

use common::followup::*;
use common::{json, ok, TestStore};

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
    // An organisation is known to the store before it joins; a code it
    // does not know is refused as a likely typo.
    let typo = common::corredor(
        &store,
        &[
            "registry",
            "add",
            "--mechanism",
            "DLA",
            "--participant",
            "ESP-CSO-NET",
            "--since",
            "2026-03-01",
            "--source",
            "accreditation",
        ],
    );
    assert!(!typo.status.success());
    ok(
        &store,
        &[
            "org",
            "add",
            "--code",
            "ESP-CSO-NET",
            "--name",
            "Spanish civil-society network",
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
fn an_iati_file_is_refused_before_any_pledge_since_it_would_hold_no_activity() {
    let store = TestStore::new();
    ok(
        &store,
        &["org", "add", "--code", "SEC", "--name", "Secretariat"],
    );
    let out = common::corredor(&store, &["pledge", "export", "--format", "iati"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no pledge is recorded yet"), "{err}");
    assert!(out.stdout.is_empty());
}

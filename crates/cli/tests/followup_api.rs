//! The follow-up's API end to end: public reads, audited writes, working
//! groups and append-only monitoring reports.

mod common;

use common::followup::*;
use common::{json, ok};

#[test]
fn the_api_serves_the_registry_publicly_and_audits_every_write() {
    use common::server::{get, post, Server};
    let store = seeded();
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let cso = token(&store, "CSO", "A migrant-led network", "participant");
    accredit(&store, "CSO", "permanent_participant");
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
    // UIDs name this deployment's host (here, where the test serves).
    assert!(ics.body.contains("@127.0.0.1\r\n"), "{}", ics.body);

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
    let listed = get(&url("/api/v1/commitments?on=2024-07-15"), None).json();
    let i = &listed[0]["indicators"][0];
    // Half a year in (182 of 366 days), the path is at 39.9: 41 is on track.
    assert_eq!(i["countries"][0]["country"], "CRI");
    assert_eq!(i["countries"][0]["status"], "on_track");
    assert_eq!(i["regional"]["status"], "on_track");
    // The figure carries its country and its reporter.
    assert_eq!(i["measurements"][0]["country"], "CRI");
    assert_eq!(i["measurements"][0]["reporter"], "CRI");
    // Two annual periods later, with no newer figure, it has aged.
    let later = get(&url("/api/v1/commitments?on=2026-01-02"), None).json();
    assert_eq!(
        later[0]["indicators"][0]["countries"][0]["status"],
        "no_recent_data"
    );

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
    assert_eq!(answer.status, 422);
    assert_eq!(answer.json()["error"], "1 problem: nothing imported");
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
            "org",
            "add",
            "--code",
            "CSO",
            "--name",
            "A migrant-led network",
        ],
    );
    accredit(&store, "CSO", "permanent_participant");
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

#[test]
fn a_request_that_cannot_be_meant_as_sent_is_refused_with_what_is_wrong() {
    use common::server::{get, post, Server};
    let store = seeded();
    let sec = token(&store, "SEC", "Technical secretariat", "secretariat");
    let hnd = token(&store, "HND", "Instituto Nacional de Migración", "analyst");
    let server = Server::start(&store, &[]);
    let url = |p: &str| format!("{}{p}", server.url);
    let refused = |a: common::server::Answer, status: u16, says: &str| {
        assert_eq!(a.status, status, "{}", a.body);
        assert!(a.body.contains(says), "{says} not in {}", a.body);
    };
    let commitment = |extra: &str| {
        format!(
            r#"{{"id": "T-1", "title": "t", "group": "dla-integration", "countries": ["CHL"{extra}], "source": "s"}}"#
        )
    };
    // A misspelt field ("status" for "state") is named, and nothing is written.
    let typo = commitment("").replace(r#""source""#, r#""status": "adopted", "source""#);
    refused(
        post(
            &url("/api/v1/commitments"),
            Some(&sec),
            "application/json",
            &typo,
        ),
        400,
        "unknown field `status`, expected one of",
    );
    refused(
        post(
            &url("/api/v1/commitments"),
            Some(&sec),
            "application/json",
            &commitment(r#", "CHL""#),
        ),
        400,
        "CHL is given twice",
    );
    assert_eq!(
        get(&url("/api/v1/commitments"), Some(&sec)).json(),
        serde_json::json!([])
    );
    let made = post(
        &url("/api/v1/commitments"),
        Some(&sec),
        "application/json",
        &commitment(""),
    );
    assert_eq!(made.status, 201, "{}", made.body);

    // Limits, languages and days out of range are said, not bent.
    refused(get(&url("/api/v1/alerts?limit=0"), None), 400, "limit 0");
    refused(
        get(&url("/api/v1/alerts.atom?limit=-1"), None),
        400,
        "limit -1",
    );
    refused(get(&url("/api/v1/alerts?lang=de"), None), 400, "lang 'de'");
    refused(
        get(&url("/api/v1/audit?limit=-1"), Some(&sec)),
        400,
        "limit -1",
    );
    refused(
        get(&url("/api/v1/alerts?since=2201-01-01"), None),
        400,
        "from 1900 to 2200",
    );
    refused(
        get(&url("/api/v1/capacity?on=1899-12-31"), None),
        400,
        "from 1900 to 2200",
    );
    refused(
        get(&url("/api/v1/series?indicator=encounter"), None),
        400,
        "indicator 'encounter' is not in the vocabulary",
    );
    refused(
        get(&url("/api/v1/export?indicator=encounter"), None),
        400,
        "indicator 'encounter'",
    );
    assert_eq!(
        get(&url("/api/v1/series?indicator=encounters"), None).status,
        200
    );

    // A pledge's step that has not happened is refused at its line and
    // column, and the file leaves nothing behind.
    let pledges = "id,donor,recipient,purpose,amount,currency,status,date,source\n\
                   HND-10,Canada,HND,x,100.00,USD,pledged,2024-01-01,s\n\
                   HND-10,Canada,HND,x,100.00,USD,disbursed,2150-01-01,s\n";
    refused(
        post(&url("/api/v1/pledges"), Some(&hnd), "text/csv", pledges),
        422,
        "date 2150-01-01: the step has not happened yet",
    );
    let report = get(&url("/api/v1/pledges"), None).json();
    assert_eq!(report, serde_json::json!([]), "{report}");

    assert_eq!(
        get(&url("/api/v1/registry/participants?mechanism=abc"), None).status,
        404
    );
    assert_eq!(
        get(&url("/api/v1/registry/participants?mechanism=crm"), None).status,
        200
    );

    // A feed carries a tag, and a reader that has it gets 304 without the
    // body; a signed-in reader's copy is still kept by no one.
    use common::server::{header, host, raw};
    let ask = |extra: &str, token: Option<&str>| {
        let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
        raw(
            &server.url,
            &format!(
                "GET /api/v1/calendar.ics HTTP/1.1\r\nHost: {}\r\n{auth}{extra}Connection: close\r\n\r\n",
                host(&server.url)
            ),
            std::time::Duration::from_secs(30),
        )
    };
    let (status, headers) = ask("", None);
    assert_eq!(status, 200);
    let tag = header(&headers, "etag").expect("an entity tag").to_string();
    assert!(tag.starts_with("W/\""), "{tag}");
    assert_eq!(header(&headers, "cache-control"), Some("no-cache"));
    let (status, again) = ask(&format!("If-None-Match: {tag}\r\n"), None);
    assert_eq!(status, 304);
    assert_eq!(header(&again, "etag"), Some(tag.as_str()));
    assert_eq!(ask("If-None-Match: W/\"other\"\r\n", None).0, 200);
    let (_, signed_in) = ask("", Some(&sec));
    assert_eq!(
        header(&signed_in, "cache-control"),
        Some("private, no-store")
    );

    // A page's address that is not a number gets the dashboard's page.
    let page = get(&url("/scorecard/pillar/abc"), None);
    assert_eq!(page.status, 404);
    assert!(page.content_type.starts_with("text/html"), "{page:?}");
}

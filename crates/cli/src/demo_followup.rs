//! The demo's follow-up: a small, clearly SIMULATED set of commitments
//! with their indicators and figures, a working group's charter and
//! changes of who takes part, a civil-society monitoring report, a
//! national measure reviewed to a ruling, and the example pledges and
//! exchange rates that ship in `examples/`, so that every page of the
//! scorecard has content. Each is recorded through the same use cases as
//! any other write (and audited); every text says SIMULATED.
//!
//! Beside them, two real funding precedents with their sources
//! (`crates/followup/data/funding-precedents.csv`, each source saying
//! REAL): the US$110 million announced at the MIRPS solidarity event of
//! June 2021, and CIREFCA's pledges (US$422.3 million recorded by 1994,
//! Italy's US$115 million among them), with CIREFCA added to the registry
//! as the historical mechanism it was.
//!
//! And the donors' forum (`examples/requirements.csv`, `forum-pledges.csv`,
//! `forum-recipient.csv`, all SIMULATED): an appeal's needs, the pledges
//! that answer them, and a step a party reported and nobody verified yet.

use anyhow::Result;
use chrono::NaiveDate;
use corredor_app::auth::Actor;
use corredor_app::followup as service;
use corredor_followup::commitment::{Assessment, Commitment, MonitoringReport, State};
use corredor_followup::consistency::{Effect, NationalMeasure};
use corredor_followup::groups::{Charter, EventKind, GroupEvent};
use corredor_followup::indicator::{self, Indicator, Measurement, Reporting};
use corredor_followup::registry::{Language, Mechanism, PresidencyRule, Role as Standing};
use corredor_followup::review::{Outcome, StepKind};
use corredor_store::Store;

const SOURCE: &str = "SIMULATED demo scenario";
const DONOR: &[u8] = include_bytes!("../../../examples/donor.csv");
const RECIPIENT: &[u8] = include_bytes!("../../../examples/recipient.csv");
const RATES: &[u8] = include_bytes!("../../../examples/rates.csv");
const PRECEDENTS: &[u8] = include_bytes!("../../followup/data/funding-precedents.csv");
const REQUIREMENTS: &[u8] = include_bytes!("../../../examples/requirements.csv");
const FORUM_PLEDGES: &[u8] = include_bytes!("../../../examples/forum-pledges.csv");
const FORUM_RECIPIENT: &[u8] = include_bytes!("../../../examples/forum-recipient.csv");
const RATES_2025: &[u8] = include_bytes!("../../../examples/rates-2025.csv");

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date of the scenario")
}

/// Records the scenario; returns how many commitments it added.
pub fn scenario(store: &mut dyn Store, operator: &Actor) -> Result<usize> {
    let commitments = [
        (
            "DLA-INT-1",
            "Schooling for displaced children (SIMULATED)",
            "dla-integration",
            &["CHL", "ECU"][..],
            "school",
            40.0,
            80.0,
        ),
        (
            "DLA-LAB-1",
            "Workers placed through regular labour pathways (SIMULATED)",
            "dla-labour",
            &["MEX", "GTM"][..],
            "labour",
            20.0,
            45.0,
        ),
    ];
    for (id, title, group, countries, template, baseline, target) in commitments {
        service::add_commitment(
            store,
            operator,
            &Commitment {
                id: id.into(),
                title: title.into(),
                group: group.into(),
                countries: countries.iter().map(|c| c.to_string()).collect(),
                state: State::Adopted,
                source: SOURCE.into(),
            },
        )?;
        let t = indicator::template(template).expect("a shipped template");
        service::add_indicator(
            store,
            operator,
            &Indicator {
                id: 0,
                commitment: id.into(),
                name: t.en.into(),
                unit: t.unit.into(),
                baseline,
                baseline_date: day("2024-01-01"),
                target,
                deadline: day("2027-01-01"),
                reporting: Reporting::Annual,
            },
            Some(template),
        )?;
    }
    // Figures: one country on its path, one behind, one with none yet.
    for (indicator, country, date, value) in [
        (1, "CHL", "2025-12-01", 68.0),
        (1, "ECU", "2025-11-15", 49.0),
        (2, "MEX", "2025-10-01", 30.0),
    ] {
        service::measure(
            store,
            operator,
            indicator,
            &Measurement {
                date: day(date),
                value,
                source: SOURCE.into(),
                country: Some(country.into()),
                reporter: String::new(),
            },
        )?;
    }
    // A civil-society network, a permanent participant, reports.
    corredor_app::auth::add_org(
        store,
        operator,
        "CSO-RED",
        "Red de la sociedad civil (SIMULATED)",
    )?;
    service::adhere(
        store,
        operator,
        "DLA",
        "CSO-RED",
        Standing::PermanentParticipant,
        day("2024-01-01"),
        SOURCE,
    )?;
    let cso = corredor_app::auth::operator("CSO-RED");
    service::file_report(
        store,
        &cso,
        &MonitoringReport {
            id: 0,
            commitment: "DLA-INT-1".into(),
            org: String::new(),
            date: day("2025-11-20"),
            assessment: Assessment::AtRisk,
            text: "SIMULATED: enrolment lags in the northern provinces".into(),
            evidence: Vec::new(),
        },
    )?;
    service::set_charter(
        store,
        operator,
        &Charter {
            group: "dla-labour".into(),
            purpose: "SIMULATED: match willing workers in one country with labour demand in another, through regular pathways".into(),
            outcomes: vec![
                "SIMULATED: a regional list of labour pathways with their quotas".into(),
                "SIMULATED: workers placed through them each year, by country".into(),
            ],
            source: SOURCE.into(),
        },
    )?;
    for (who, kind, date) in [
        ("CAN", EventKind::Join, "2024-03-01"),
        ("GTM", EventKind::CoLead, "2025-01-15"),
    ] {
        service::add_group_event(
            store,
            operator,
            &GroupEvent {
                group: "dla-labour".into(),
                participant: who.into(),
                kind,
                date: day(date),
                source: SOURCE.into(),
            },
        )?;
    }
    // A measure against a commitment, flagged, answered and ruled.
    let m = service::add_measure(
        store,
        operator,
        &NationalMeasure {
            id: 0,
            country: "ECU".into(),
            date: day("2025-09-01"),
            title: "SIMULATED: a new fee to register a displaced child in school".into(),
            theme: "integration".into(),
            effect: Effect::Expands,
            source: SOURCE.into(),
        },
    )?;
    let ecu = corredor_app::auth::operator("ECU");
    for (who, kind, text, commitment, outcome) in [
        (
            &cso,
            StepKind::Flag,
            "SIMULATED: the fee keeps displaced children out of school",
            Some("DLA-INT-1"),
            None,
        ),
        (
            &ecu,
            StepKind::Reply,
            "SIMULATED: the fee is waived for displaced families",
            None,
            None,
        ),
        (
            operator,
            StepKind::Ruling,
            "SIMULATED: with the waiver the measure keeps the commitment",
            None,
            Some(Outcome::Consistent),
        ),
    ] {
        service::take_step(
            store,
            who,
            m.id,
            &service::NewStep {
                kind,
                text: text.into(),
                commitment: commitment.map(str::to_string),
                outcome,
            },
        )?;
    }
    // The shipped examples are valid: a problem here is a fault of the
    // build, said as such.
    let shipped = |e: service::ImportError| match e {
        service::ImportError::Refused(e) => anyhow::Error::new(e),
        service::ImportError::Problems(p) => {
            anyhow::anyhow!("the shipped example pledges do not read: {p:?}")
        }
    };
    service::import_rates(store, operator, "examples/rates.csv", RATES, SOURCE).map_err(shipped)?;
    service::import_pledges(
        store,
        operator,
        &[
            ("examples/donor.csv".into(), DONOR.to_vec()),
            ("examples/recipient.csv".into(), RECIPIENT.to_vec()),
        ],
    )
    .map_err(shipped)?;
    service::add_mechanism(
        store,
        operator,
        &Mechanism {
            code: "CIREFCA".into(),
            name: "International Conference on Central American Refugees (1989–1994)".into(),
            name_es: "Conferencia Internacional sobre Refugiados Centroamericanos (1989–1994)"
                .into(),
            presidency: PresidencyRule::None,
            presidency_text: String::new(),
            language: Language::Es,
            secretariat: "UNHCR and UNDP (joint support unit)".into(),
            source: "CIREFCA Declaration and Concerted Plan of Action, Guatemala City, 31 May 1989"
                .into(),
        },
    )?;
    service::import_pledges(
        store,
        operator,
        &[(
            "crates/followup/data/funding-precedents.csv".into(),
            PRECEDENTS.to_vec(),
        )],
    )
    .map_err(shipped)?;
    donors_forum(store, operator, &shipped)?;
    Ok(commitments.len())
}

/// The donors' forum: an appeal's requirements in money and in kind, the
/// pledges that answer them (two in kind, one against a requirement in
/// money, so listed apart), and a disbursement Costa Rica's agency reports
/// with its own token, unverified until the secretariat verifies it.
fn donors_forum(
    store: &mut dyn Store,
    operator: &Actor,
    shipped: &dyn Fn(service::ImportError) -> anyhow::Error,
) -> Result<()> {
    service::import_rates(
        store,
        operator,
        "examples/rates-2025.csv",
        RATES_2025,
        SOURCE,
    )
    .map_err(shipped)?;
    service::import_requirements(store, operator, "examples/requirements.csv", REQUIREMENTS)
        .map_err(shipped)?;
    service::import_pledges(
        store,
        operator,
        &[("examples/forum-pledges.csv".into(), FORUM_PLEDGES.to_vec())],
    )
    .map_err(shipped)?;
    let costa_rica = Actor {
        org: "CRI".into(),
        country: Some("CRI".into()),
        role: corredor_model::Role::Analyst,
        token_id: None,
        remote: "cli:demo".into(),
    };
    service::import_pledges(
        store,
        &costa_rica,
        &[(
            "examples/forum-recipient.csv".into(),
            FORUM_RECIPIENT.to_vec(),
        )],
    )
    .map_err(shipped)?;
    Ok(())
}

//! Pledges as IATI activities (IATI Activity Standard 2.03), the format
//! donors' and aggregators' systems read: one `<iati-activity>` per pledge,
//! the donor as funding organisation, the recipient as implementing one,
//! and one transaction per step — outgoing pledge (code 12), outgoing
//! commitment (2), disbursement (3) — in the step's own currency, dated.
//! The tests validate the output against the official 2.03 schema.

use std::io::Cursor;

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::forum::{identify, OrgId, Requirement, Sector, Unit};
use crate::pledge::{Pledge, Recipient, Stage, Step};

/// Who publishes the file (IATI's reporting organisation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publisher {
    /// The organisation identifier (IATI's `ref`), prefix of every
    /// activity identifier.
    pub reference: String,
    pub name: String,
    /// IATI OrganisationType code; 40 is "Multilateral", what a regional
    /// mechanism's secretariat is.
    pub kind: String,
}

/// IATI TransactionType codes (codelist of 2.03).
fn transaction_type(stage: Stage) -> &'static str {
    match stage {
        Stage::Pledged => "12",
        Stage::Committed => "2",
        Stage::Disbursed => "3",
    }
}

/// IATI ActivityStatus: 1 pipeline/identification while only pledged,
/// 2 implementation once committed.
fn activity_status(p: &Pledge) -> &'static str {
    if p.step(Stage::Committed).is_some() || p.step(Stage::Disbursed).is_some() {
        "2"
    } else {
        "1"
    }
}

fn recipient_name(r: &Recipient) -> String {
    match r {
        Recipient::Country(c) => {
            corredor_model::country::by_code(c).map_or_else(|| c.clone(), |k| k.name_en.to_string())
        }
        Recipient::Mechanism(m) | Recipient::WorkingGroup(m) => m.clone(),
    }
}

fn text(w: &mut Writer<Cursor<Vec<u8>>>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))
        .map(|_| ())
}

fn narrative_in(w: &mut Writer<Cursor<Vec<u8>>>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_inner_content(|w| text(w, "narrative", value))
        .map(|_| ())
}

/// The IATI XML of `pledges`, generated at `now`. A pledge's sector is
/// its own, else its requirement's (of `requirements`), else DAC 99810
/// "sectors not specified".
pub fn activities(
    publisher: &Publisher,
    pledges: &[Pledge],
    requirements: &[Requirement],
    now: DateTime<Utc>,
) -> String {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    let stamp = now.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let result: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("iati-activities")
            .with_attribute(("version", "2.03"))
            .with_attribute(("generated-datetime", stamp.as_str()))
            .write_inner_content(|w| -> std::io::Result<()> {
                for p in pledges {
                    let sector = p
                        .sector
                        .clone()
                        .or_else(|| {
                            let id = p.requirement.as_deref()?;
                            requirements
                                .iter()
                                .find(|r| r.id == id)
                                .map(|r| r.sector.clone())
                        })
                        .unwrap_or_else(Sector::unspecified);
                    activity(w, publisher, p, &sector, &stamp)?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    result.expect("writing XML to memory cannot fail");
    let mut out = String::from_utf8(w.into_inner().into_inner()).expect("UTF-8");
    out.push('\n');
    out
}

fn org(
    w: &mut Writer<Cursor<Vec<u8>>>,
    element: &str,
    role: Option<&str>,
    o: &OrgId,
) -> std::io::Result<()> {
    let mut e = w.create_element(element);
    if let Some(role) = role {
        e = e.with_attribute(("role", role));
    }
    e.with_attribute(("ref", o.reference.as_str()))
        .with_attribute(("type", o.kind.as_str()))
        .write_inner_content(|w| text(w, "narrative", &o.name))?;
    Ok(())
}

/// What a step in kind is, said in words: IATI values are money.
fn kind_words(s: &Step) -> Option<String> {
    let k = s.unit.in_kind()?;
    Some(format!(
        "in kind: {} {}",
        s.amount,
        k.label(corredor_model::Lang::En)
    ))
}

fn activity(
    w: &mut Writer<Cursor<Vec<u8>>>,
    publisher: &Publisher,
    p: &Pledge,
    sector: &Sector,
    stamp: &str,
) -> std::io::Result<()> {
    let currency = p
        .steps
        .iter()
        .find_map(|s| {
            s.unit
                .currency()
                .or(s.estimate.as_ref().map(|e| &e.currency))
        })
        .map(|c| c.as_str())
        .unwrap_or("USD");
    let recipient = recipient_name(&p.recipient);
    let donor = identify(&p.donor, &publisher.reference);
    let mut implementer = identify(&recipient, &publisher.reference);
    if matches!(p.recipient, Recipient::Country(_)) && implementer.source.is_empty() {
        // IATI OrganisationType 10: a recipient country's government.
        implementer.kind = "10".into();
    }
    let in_kind: Vec<String> = p
        .steps
        .iter()
        .filter_map(|s| Some(format!("{}, {}", s.stage.as_str(), kind_words(s)?)))
        .collect();
    w.create_element("iati-activity")
        .with_attribute(("last-updated-datetime", stamp))
        .with_attribute(("xml:lang", "en"))
        .with_attribute(("default-currency", currency))
        .write_inner_content(|w| -> std::io::Result<()> {
            text(
                w,
                "iati-identifier",
                &format!("{}-{}", publisher.reference, p.id),
            )?;
            w.create_element("reporting-org")
                .with_attribute(("ref", publisher.reference.as_str()))
                .with_attribute(("type", publisher.kind.as_str()))
                .write_inner_content(|w| text(w, "narrative", &publisher.name))?;
            narrative_in(w, "title", &p.purpose)?;
            let mut description = format!("Pledge by {} to {recipient}: {}", p.donor, p.purpose);
            if let Some(r) = &p.requirement {
                description.push_str(&format!(" (answers requirement {r})"));
            }
            if !in_kind.is_empty() {
                description.push_str(&format!("; {}", in_kind.join("; ")));
            }
            narrative_in(w, "description", &description)?;
            org(w, "participating-org", Some("1"), &donor)?;
            org(w, "participating-org", Some("4"), &implementer)?;
            w.create_element("activity-status")
                .with_attribute(("code", activity_status(p)))
                .write_empty()?;
            let start = p
                .steps
                .first()
                .map(|s| s.date.to_string())
                .unwrap_or_default();
            w.create_element("activity-date")
                .with_attribute(("type", "1"))
                .with_attribute(("iso-date", start.as_str()))
                .write_empty()?;
            if let Recipient::Country(c) = &p.recipient {
                if let Some(k) = corredor_model::country::by_code(c) {
                    w.create_element("recipient-country")
                        .with_attribute(("code", k.alpha2))
                        .with_attribute(("percentage", "100"))
                        .write_empty()?;
                }
            }
            w.create_element("sector")
                .with_attribute(("vocabulary", "1"))
                .with_attribute(("code", sector.code()))
                .write_inner_content(|w| -> std::io::Result<()> {
                    text(w, "narrative", sector.name(corredor_model::Lang::En))?;
                    // The other languages the codelist names it in.
                    for lang in [corredor_model::Lang::Es, corredor_model::Lang::Fr] {
                        if let Some(name) = sector.name_in(lang) {
                            w.create_element("narrative")
                                .with_attribute(("xml:lang", lang.code()))
                                .write_text_content(BytesText::new(name))?;
                        }
                    }
                    Ok(())
                })?;
            for s in &p.steps {
                // A step in kind is a transaction only through its
                // estimate in money; without one it is in the description.
                let (amount, currency, words) = match (&s.unit, &s.estimate) {
                    (Unit::Money(c), _) => (s.amount, c, String::new()),
                    (Unit::InKind(_), Some(e)) => (
                        e.amount,
                        &e.currency,
                        format!(
                            "; {} (the donor's estimate in money)",
                            kind_words(s).unwrap_or_default()
                        ),
                    ),
                    (Unit::InKind(_), None) => continue,
                };
                let date = s.date.to_string();
                w.create_element("transaction").write_inner_content(
                    |w| -> std::io::Result<()> {
                        w.create_element("transaction-type")
                            .with_attribute(("code", transaction_type(s.stage)))
                            .write_empty()?;
                        w.create_element("transaction-date")
                            .with_attribute(("iso-date", date.as_str()))
                            .write_empty()?;
                        w.create_element("value")
                            .with_attribute(("currency", currency.as_str()))
                            .with_attribute(("value-date", date.as_str()))
                            .write_text_content(BytesText::new(&amount.to_string()))?;
                        narrative_in(
                            w,
                            "description",
                            &format!(
                                "{}{words}; reported by: {}{}",
                                s.stage.as_str(),
                                s.sources.join("; "),
                                if s.verified.is_some() {
                                    "; verified by the secretariat"
                                } else {
                                    "; not yet verified by the secretariat"
                                }
                            ),
                        )?;
                        org(w, "provider-org", None, &donor)?;
                        org(w, "receiver-org", None, &implementer)?;
                        Ok(())
                    },
                )?;
            }
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pledge::{Currency, Step};
    use rust_decimal::Decimal;

    #[test]
    fn a_pledge_is_an_activity_with_a_transaction_per_step() {
        let p = Pledge {
            id: "P1".into(),
            donor: "Italy".into(),
            recipient: Recipient::Country("CRI".into()),
            purpose: "Asylum & reception".into(),
            requirement: None,
            sector: None,
            steps: vec![
                Step {
                    stage: Stage::Pledged,
                    date: "2021-06-10".parse().unwrap(),
                    amount: Decimal::from_str_exact("1000000.00").unwrap(),
                    unit: Unit::Money("EUR".parse::<Currency>().unwrap()),
                    estimate: None,
                    sources: vec!["donor".into()],
                    verified: None,
                },
                Step {
                    stage: Stage::Disbursed,
                    date: "2022-01-15".parse().unwrap(),
                    amount: Decimal::from_str_exact("400000.00").unwrap(),
                    unit: Unit::Money("EUR".parse::<Currency>().unwrap()),
                    estimate: None,
                    sources: vec!["donor".into(), "recipient".into()],
                    verified: None,
                },
            ],
        };
        let publisher = Publisher {
            reference: "XM-CORREDOR".into(),
            name: "Secretariat".into(),
            kind: "40".into(),
        };
        let xml = activities(
            &publisher,
            &[p],
            &[],
            "2026-01-05T10:00:00Z".parse().unwrap(),
        );
        assert!(xml.contains("<iati-identifier>XM-CORREDOR-P1</iati-identifier>"));
        assert!(xml.contains("<narrative>Asylum &amp; reception</narrative>"));
        assert!(xml.contains(r#"<recipient-country code="CR" percentage="100"/>"#));
        assert!(xml.contains(r#"<transaction-type code="12"/>"#));
        assert!(xml.contains(r#"<transaction-type code="3"/>"#));
        assert!(xml.contains(r#"<value currency="EUR" value-date="2022-01-15">400000.00</value>"#));
        assert!(xml.contains(
            "disbursed; reported by: donor; recipient; not yet verified by the secretariat"
        ));
        assert!(xml.contains(r#"<participating-org role="1" ref="XM-DAC-6" type="10">"#));
        assert!(xml.contains(r#"<sector vocabulary="1" code="99810">"#));
        assert!(xml.contains(r#"<activity-status code="2"/>"#));
    }
}

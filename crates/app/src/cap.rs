//! Alerts as OASIS CAP 1.2 messages (`urn:oasis:names:tc:emergency:cap:1.2`),
//! the format emergency agencies' systems already read: one `<info>` block
//! in each of the OAS's four official languages (English, Spanish,
//! Portuguese, French), the figures as parameters, and the
//! reporting country and the countries downstream as areas with their ISO
//! 3166-1 codes. The tests validate every message against the official
//! schema.

use std::io::Cursor;

use corredor_model::{AlertKind, AlertStatus, Lang, Level, ShareLevel};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::alerts::StoredAlert;
use crate::clock;

pub const NAMESPACE: &str = "urn:oasis:names:tc:emergency:cap:1.2";
/// Who sends Corredor's messages, as CAP's `sender` and `references` name it.
const SENDER: &str = "corredor";

/// Writes `<name>value</name>` (the value escaped).
pub(crate) fn text(
    w: &mut Writer<Cursor<Vec<u8>>>,
    name: &str,
    value: &str,
) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))
        .map(|_| ())
}

fn country_name(code: &str, lang: Lang) -> String {
    match corredor_model::country::by_code(code) {
        Some(c) => format!("{} ({code})", c.name(lang)),
        None => code.to_string(),
    }
}

fn severity(level: Level) -> &'static str {
    match level {
        Level::Emergency => "Severe",
        Level::Warning => "Moderate",
        Level::Watch => "Minor",
    }
}

pub(crate) fn event_name(a: &StoredAlert, lang: Lang) -> String {
    let indicator = corredor_model::indicator::short_name(&a.indicator, lang)
        .map_or_else(|| a.indicator.replace('_', " "), str::to_string);
    match (a.kind, lang) {
        (AlertKind::Surge, Lang::En) => format!("Surge in {indicator}"),
        (AlertKind::Surge, Lang::Es) => format!("Aumento súbito ({indicator})"),
        (AlertKind::Emergence, Lang::En) => format!("Emerging nationality in {indicator}"),
        (AlertKind::Emergence, Lang::Es) => format!("Nacionalidad emergente ({indicator})"),
        (AlertKind::DataQuality, Lang::En) => format!("Data quality notice on {indicator}"),
        (AlertKind::DataQuality, Lang::Es) => {
            format!("Aviso de calidad de los datos ({indicator})")
        }
        (AlertKind::Surge, Lang::Pt) => format!("Aumento súbito ({indicator})"),
        (AlertKind::Emergence, Lang::Pt) => format!("Nacionalidade emergente ({indicator})"),
        (AlertKind::DataQuality, Lang::Pt) => {
            format!("Aviso de qualidade dos dados ({indicator})")
        }
        (AlertKind::Surge, Lang::Fr) => format!("Hausse soudaine ({indicator})"),
        (AlertKind::Emergence, Lang::Fr) => format!("Nationalité émergente ({indicator})"),
        (AlertKind::DataQuality, Lang::Fr) => {
            format!("Avis sur la qualité des données ({indicator})")
        }
    }
}

/// The language tag of an `<info>` block (RFC 3066, as CAP 1.2 asks):
/// the variety Corredor writes.
pub(crate) fn language_tag(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en-US",
        Lang::Es => "es-419",
        Lang::Pt => "pt-BR",
        Lang::Fr => "fr",
    }
}

/// The CAP message for alert `a`; `base` is the server's public address,
/// for the link back.
pub fn message(a: &StoredAlert, base: &str) -> String {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    let result: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("alert")
            .with_attribute(("xmlns", NAMESPACE))
            .write_inner_content(|w| -> std::io::Result<()> {
                let msg_type = match a.status {
                    AlertStatus::Closed => "Cancel",
                    // A comment is no new message, nor an acknowledgement
                    // that leaves the status as it was.
                    _ if a.issued_at != a.created_at => "Update",
                    _ => "Alert",
                };
                // Each message of an alert is a message of its own: the
                // first is `corredor-<alert>`, each later one adds when it
                // was sent, and refers to the first (CAP 1.2, 3.2.1:
                // an Update or Cancel acts on the messages it references).
                let first = format!("corredor-{}", a.id);
                let identifier = if msg_type == "Alert" {
                    first.clone()
                } else {
                    let when: String = a
                        .issued_at
                        .chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect();
                    format!("{first}-{when}")
                };
                text(w, "identifier", &identifier)?;
                text(w, "sender", SENDER)?;
                text(w, "sent", &clock::cap(&a.issued_at))?;
                text(w, "status", "Actual")?;
                text(w, "msgType", msg_type)?;
                text(w, "source", "Corredor early warning")?;
                if a.share == ShareLevel::Public {
                    text(w, "scope", "Public")?;
                } else {
                    text(w, "scope", "Restricted")?;
                    let who = if a.share == ShareLevel::Members {
                        "the member states of the Los Angeles Declaration and its secretariat"
                            .to_string()
                    } else {
                        let mut c = vec![a.reporter.clone()];
                        c.extend(a.share_with.iter().cloned());
                        c.join(", ")
                    };
                    text(w, "restriction", &format!("Shared with {who} only"))?;
                }
                text(w, "note", &format!("status: {}", a.status))?;
                if msg_type != "Alert" {
                    let sent = clock::cap(&a.created_at);
                    text(w, "references", &format!("{SENDER},{first},{sent}"))?;
                }
                text(w, "incidents", &first)?;
                for lang in Lang::ALL {
                    info(w, a, base, lang)?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    // Writing to memory cannot fail.
    result.expect("writing XML to memory");
    String::from_utf8(w.into_inner().into_inner()).expect("the writer writes UTF-8")
}

fn info(
    w: &mut Writer<Cursor<Vec<u8>>>,
    a: &StoredAlert,
    base: &str,
    lang: Lang,
) -> std::io::Result<()> {
    w.create_element("info")
        .write_inner_content(|w| -> std::io::Result<()> {
            text(w, "language", language_tag(lang))?;
            text(w, "category", "Other")?;
            text(w, "event", &event_name(a, lang))?;
            let notice = a.kind == AlertKind::DataQuality;
            // A notice asks the reporter to check its figures: nothing
            // to do on the ground, and nothing observed yet.
            text(w, "responseType", if notice { "Assess" } else { "Monitor" })?;
            // People on the move arrive over weeks: action is needed in
            // the near future, not within the hour.
            text(w, "urgency", if notice { "Unknown" } else { "Future" })?;
            text(
                w,
                "severity",
                if notice { "Unknown" } else { severity(a.level) },
            )?;
            text(w, "certainty", if notice { "Unknown" } else { "Observed" })?;
            text(w, "senderName", "Corredor")?;
            let explanation = a.explanation.get(lang);
            text(w, "headline", &headline(explanation))?;
            text(w, "description", explanation)?;
            // The alert's page, for people, in this block's language.
            text(
                w,
                "web",
                &format!(
                    "{}/alerts/{}?lang={}",
                    base.trim_end_matches('/'),
                    a.id,
                    lang.code()
                ),
            )?;
            let mut params: Vec<(&str, String)> = vec![
                ("kind", a.kind.to_string()),
                ("level", a.level.to_string()),
                ("period", a.period.clone()),
            ];
            if a.covers.is_some() {
                // A notice is about a reporter's figures, not about one
                // nationality and its band: what the figures came to, and
                // the level they stood at before.
                params.extend([
                    ("indicator", a.indicator.clone()),
                    ("observed", format!("{}", a.observed)),
                    ("reference", format!("{}", a.expected)),
                ]);
            } else {
                params.extend([
                    ("nationality", a.nationality.clone()),
                    ("indicator", a.indicator.clone()),
                    ("observed", format!("{}", a.observed)),
                    ("expected", format!("{}", a.expected)),
                    ("lo95", format!("{}", a.lo95)),
                    ("hi95", format!("{}", a.hi95)),
                    ("score", format!("{}", a.score)),
                ]);
                // The figure the level rests on, where it is not the
                // forecast: the same month a year before (an emergence's
                // usual count is its expected value already).
                if let Some(r) = a.reference.filter(|r| *r != a.expected) {
                    params.push(("reference", format!("{r}")));
                }
            }
            params.push(("priority", format!("{}", a.priority)));
            if !a.places.is_empty() {
                params.push(("places", a.places.join(" ")));
            }
            if let Some(c) = &a.covers {
                params.push(("months", c.months.join(" ")));
                params.push(("series", c.series.join(" ")));
            }
            for (name, value) in params {
                w.create_element("parameter")
                    .write_inner_content(|w| -> std::io::Result<()> {
                        text(w, "valueName", name)?;
                        text(w, "value", &value)
                    })?;
            }
            let mut areas = vec![(a.reporter.clone(), a.location.clone(), None)];
            if let Some(list) = a.downstream.as_array() {
                for d in list {
                    let place = d["place"].as_str().unwrap_or_default();
                    let (country, location) = place.split_once('/').unwrap_or((place, "ALL"));
                    areas.push((country.to_string(), location.to_string(), Some(d.clone())));
                }
            }
            for (country, location, downstream) in areas {
                let mut desc = country_name(&country, lang);
                if location != "ALL" {
                    desc.push_str(&format!(" — {location}"));
                } else if downstream.is_none() && !a.places.is_empty() {
                    desc.push_str(&format!(" ({})", a.places.join(", ")));
                }
                if let Some(d) = downstream {
                    let when = d["period"]
                        .as_str()
                        .and_then(|p| p.parse::<corredor_model::Period>().ok())
                        .map(|p| corredor_model::locale::around_period(&p, lang))
                        .unwrap_or_default();
                    let more = crate::alerts::additional(&d)
                        .map(|n| {
                            let one = n.round() == 1.0;
                            let n = corredor_model::locale::number(n, lang);
                            match (lang, one) {
                                (Lang::En, false) => format!(", about {n} more people"),
                                (Lang::En, true) => ", about one more person".to_string(),
                                (Lang::Es, false) => format!(", unas {n} personas más"),
                                (Lang::Es, true) => ", una persona más".to_string(),
                                (Lang::Pt, false) => format!(", cerca de {n} pessoas a mais"),
                                (Lang::Pt, true) => ", cerca de uma pessoa a mais".to_string(),
                                (Lang::Fr, false) => format!(", environ {n} personnes de plus"),
                                (Lang::Fr, true) => ", environ une personne de plus".to_string(),
                            }
                        })
                        .unwrap_or_default();
                    desc = match lang {
                        Lang::En => format!("{desc}: arrivals expected {when}{more}"),
                        Lang::Es => format!("{desc}: llegadas previstas {when}{more}"),
                        Lang::Pt => format!("{desc}: chegadas previstas {when}{more}"),
                        Lang::Fr => format!("{desc}\u{a0}: arrivées attendues {when}{more}"),
                    };
                }
                w.create_element("area")
                    .write_inner_content(|w| -> std::io::Result<()> {
                        text(w, "areaDesc", &desc)?;
                        w.create_element("geocode").write_inner_content(
                            |w| -> std::io::Result<()> {
                                text(w, "valueName", "ISO3166-1 alpha-3")?;
                                text(w, "value", &country)
                            },
                        )?;
                        Ok(())
                    })?;
            }
            Ok(())
        })?;
    Ok(())
}

/// CAP's headline should be under 160 characters: the explanation's first
/// clause (what was seen, against what), or, when even that is longer, its
/// words up to the limit and an ellipsis; never a word cut in two.
fn headline(explanation: &str) -> String {
    const MAX: usize = 160;
    // The first `;` outside parentheses: Portuguese and French name the
    // place and nationality in parentheses with a `;` between them.
    let mut depth = 0i32;
    let end = explanation
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            c == ';' && depth <= 0
        })
        .map_or(explanation.len(), |(i, _)| i);
    let first = explanation[..end].trim_end();
    if first.chars().count() <= MAX {
        return first.to_string();
    }
    let mut out = String::new();
    for word in first.split(' ') {
        if out.chars().count() + word.chars().count() + 2 > MAX {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::headline;

    #[test]
    fn a_headline_is_the_first_clause_and_never_cuts_a_word() {
        let en = "Irregular entries of people from Chad in Mexico at 288 in February 2025 are 4.5× the 64 of the same month a year before; 3 months running of growth beyond the season (forecast 1,096, 95% range 476–1,970)";
        assert_eq!(
            headline(en),
            "Irregular entries of people from Chad in Mexico at 288 in February 2025 are 4.5× the 64 of the same month a year before"
        );
        let fr = "Entrées irrégulières (Mexique\u{202F}; nationalité\u{a0}: Tchad)\u{a0}: 288 en février 2025\u{202F}; 3 mois d’affilée";
        assert_eq!(
            headline(fr),
            "Entrées irrégulières (Mexique\u{202F}; nationalité\u{a0}: Tchad)\u{a0}: 288 en février 2025"
        );
        let long = "word ".repeat(60);
        let h = headline(&long);
        assert!(h.chars().count() <= 160 && h.ends_with("word…"), "{h}");
    }
}

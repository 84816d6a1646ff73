//! The alerts as an Atom feed (RFC 4287) in one language: one entry per
//! alert, in the order given (the most important first), each linking to
//! its page on the dashboard and to its CAP message, with its priority and
//! the other places of its episode. The feed names its language
//! (`xml:lang`) and links to its versions in the other three. The tests
//! validate the feed against the RFC's RELAX NG grammar.

use std::io::Cursor;

use corredor_model::Lang;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::alerts::StoredAlert;
use crate::cap::{event_name, language_tag, text};
use crate::clock;
use corredor_model::locale;

pub const NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// The feed's title.
pub fn feed_title(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "Corredor alerts",
        Lang::Es => "Alertas de Corredor",
        Lang::Pt => "Alertas do Corredor",
        Lang::Fr => "Alertes de Corredor",
    }
}

/// An entry's title: its level, what it is, where and when, and its
/// priority, in `lang` ("Warning · Surge in irregular entries — Mexico,
/// Chad, February 2025 · priority 52.5").
fn entry_title(a: &StoredAlert, lang: Lang) -> String {
    let name = |code: &str| {
        corredor_model::country::by_code(code)
            .map_or(code.to_string(), |c| c.name(lang).to_string())
    };
    let mut level = corredor_warning::explain::level_name(a.level, lang).to_string();
    if let Some(first) = level.get(..1) {
        level = first.to_uppercase() + &level[1..];
    }
    let mut about = name(&a.reporter);
    if a.covers.is_none() {
        about = format!("{about}, {}", name(&a.nationality));
    }
    if !a.places.is_empty() {
        let places: Vec<&str> = a
            .places
            .iter()
            .map(|p| corredor_model::location::name(&a.reporter, p, lang).unwrap_or(p))
            .collect();
        about = format!("{about} (+ {})", places.join(", "));
    }
    let month = a
        .period
        .parse::<corredor_model::Period>()
        .map_or(a.period.clone(), |p| locale::month_name(&p, lang));
    let priority = match lang {
        Lang::En => "priority",
        Lang::Es => "prioridad",
        Lang::Pt => "prioridade",
        Lang::Fr => "priorité",
    };
    format!(
        "{level} · {} — {about}, {month} · {priority} {}",
        event_name(a, lang),
        locale::decimal(a.priority, 1, lang)
    )
}

/// The feed of `alerts` (already filtered for the reader) in `lang`;
/// `base` is the server's public address, and `filter` the feed's query
/// without its language (`country=MEX&level=warning`, URL-encoded, empty
/// for every alert). The feed's id and its `self` link are its own
/// address, filter and language included: a filtered feed is another
/// feed than the whole one.
pub fn feed(alerts: &[StoredAlert], base: &str, lang: Lang, filter: &str) -> String {
    let base = base.trim_end_matches('/');
    let address = |l: Lang| {
        let mut query: Vec<String> = Vec::new();
        if !filter.is_empty() {
            query.push(filter.to_string());
        }
        if l != Lang::En {
            query.push(format!("lang={}", l.code()));
        }
        match query.is_empty() {
            true => format!("{base}/api/v1/alerts.atom"),
            false => format!("{base}/api/v1/alerts.atom?{}", query.join("&")),
        }
    };
    let self_url = address(lang);
    let updated = alerts
        .iter()
        .map(|a| a.updated_at.as_str())
        .max()
        .map(clock::atom)
        .unwrap_or_else(|| clock::atom("1970-01-01T00:00:00Z"));
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    let result: std::io::Result<()> = (|| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        w.create_element("feed")
            .with_attributes([("xmlns", NAMESPACE), ("xml:lang", language_tag(lang))])
            .write_inner_content(|w| -> std::io::Result<()> {
                text(w, "id", &self_url)?;
                text(w, "title", feed_title(lang))?;
                text(w, "updated", &updated)?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", "Corredor"))?;
                w.create_element("link")
                    .with_attributes([("rel", "self"), ("href", self_url.as_str())])
                    .write_empty()?;
                for other in Lang::ALL.into_iter().filter(|l| *l != lang) {
                    w.create_element("link")
                        .with_attributes([
                            ("rel", "alternate"),
                            ("type", "application/atom+xml"),
                            ("hreflang", language_tag(other)),
                            ("href", address(other).as_str()),
                        ])
                        .write_empty()?;
                }
                for a in alerts {
                    w.create_element("entry")
                        .write_inner_content(|w| -> std::io::Result<()> {
                            text(w, "id", &format!("urn:corredor:alert:{}", a.id))?;
                            text(w, "title", &entry_title(a, lang))?;
                            text(w, "updated", &clock::atom(&a.updated_at))?;
                            text(w, "published", &clock::atom(&a.created_at))?;
                            // The page in the feed's language, whatever the
                            // reader's browser asks for.
                            let page = format!("{base}/alerts/{}?lang={}", a.id, lang.code());
                            w.create_element("link")
                                .with_attributes([
                                    ("rel", "alternate"),
                                    ("type", "text/html"),
                                    ("href", page.as_str()),
                                ])
                                .write_empty()?;
                            let cap = format!("{base}/api/v1/alerts/{}.cap", a.id);
                            w.create_element("link")
                                .with_attributes([
                                    ("rel", "alternate"),
                                    ("type", "application/cap+xml"),
                                    ("href", cap.as_str()),
                                ])
                                .write_empty()?;
                            let json = format!("{base}/api/v1/alerts/{}", a.id);
                            w.create_element("link")
                                .with_attributes([
                                    ("rel", "related"),
                                    ("type", "application/json"),
                                    ("href", json.as_str()),
                                ])
                                .write_empty()?;
                            for term in [a.kind.as_str(), a.level.as_str(), a.status.as_str()] {
                                w.create_element("category")
                                    .with_attribute(("term", term))
                                    .write_empty()?;
                            }
                            w.create_element("summary")
                                .with_attribute(("type", "text"))
                                .write_text_content(BytesText::new(a.explanation.get(lang)))?;
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    result.expect("writing XML to memory");
    String::from_utf8(w.into_inner().into_inner()).expect("the writer writes UTF-8")
}

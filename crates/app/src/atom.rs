//! The alerts as an Atom feed (RFC 4287): one entry per alert, in the
//! order given (the most important first), each linking to its CAP
//! message, with its priority and the other places of its episode. The tests validate the
//! feed against the RFC's RELAX NG grammar.

use std::io::Cursor;

use corredor_model::Lang;
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

use crate::alerts::StoredAlert;
use crate::cap::text;
use crate::clock;

pub const NAMESPACE: &str = "http://www.w3.org/2005/Atom";

/// The feed of `alerts` (already filtered for the reader), served at
/// `self_url`; `base` is the server's public address.
pub fn feed(alerts: &[StoredAlert], base: &str, self_url: &str, title: &str) -> String {
    let base = base.trim_end_matches('/');
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
            .with_attribute(("xmlns", NAMESPACE))
            .write_inner_content(|w| -> std::io::Result<()> {
                text(w, "id", &format!("{base}/api/v1/alerts.atom"))?;
                text(w, "title", title)?;
                text(w, "updated", &updated)?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", "Corredor"))?;
                w.create_element("link")
                    .with_attributes([("rel", "self"), ("href", self_url)])
                    .write_empty()?;
                for a in alerts {
                    w.create_element("entry")
                        .write_inner_content(|w| -> std::io::Result<()> {
                            text(w, "id", &format!("urn:corredor:alert:{}", a.id))?;
                            let about = if a.covers.is_some() {
                                a.reporter.clone()
                            } else {
                                format!("{} {}", a.reporter, a.nationality)
                            };
                            let places = if a.places.is_empty() {
                                String::new()
                            } else {
                                format!(" (+ {})", a.places.join(", "))
                            };
                            text(
                                w,
                                "title",
                                &format!(
                                    "{} {} — {about}{places} {} · priority {}",
                                    a.level, a.kind, a.period, a.priority
                                ),
                            )?;
                            text(w, "updated", &clock::atom(&a.updated_at))?;
                            text(w, "published", &clock::atom(&a.created_at))?;
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
                                .write_text_content(BytesText::new(
                                    &Lang::ALL.map(|l| a.explanation.get(l)).join("\n\n"),
                                ))?;
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

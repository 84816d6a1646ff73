//! The dashboard reads in the reader's language: no English is left on a
//! Spanish, Portuguese or French page of `corredor demo --simulated`, in
//! headless Chromium, for the public and for a signed-in analyst.

mod common;

use common::demo::{layout_pages, Demo};
use common::webdriver::Browser;

/// Every word of the dashboard as `(en, es, pt, fr)`, read from the
/// `Texts` of `words.rs`.
fn words() -> Vec<[String; 4]> {
    let source = include_str!("../../server/src/ui/words.rs");
    let literal = |from: &str, field: &str| -> Option<(String, usize)> {
        let at = from.find(&format!("{field}: \""))? + field.len() + 3;
        let mut out = String::new();
        let mut chars = from[at..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    // `\u{a0}`: the no-break spaces of French and Spanish.
                    Some((_, 'u')) => {
                        let hex: String = chars
                            .by_ref()
                            .map(|(_, c)| c)
                            .take_while(|&c| c != '}')
                            .filter(char::is_ascii_hexdigit)
                            .collect();
                        out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    other => out.extend(other.map(|(_, c)| c)),
                },
                '"' => return Some((out, at + i + 1)),
                c => out.push(c),
            }
        }
        None
    };
    let mut out = Vec::new();
    for entry in source.split("Texts { ").skip(1) {
        let mut rest = entry;
        let mut texts: Vec<String> = Vec::new();
        for field in ["en", "es", "pt", "fr"] {
            let Some((text, end)) = literal(rest, field) else {
                break;
            };
            texts.push(text);
            rest = &rest[end..];
        }
        if let Ok(texts) = <[String; 4]>::try_from(texts) {
            out.push(texts);
        }
    }
    out
}

/// Whether `needle` stands in `text` as whole words.
fn has_words(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The text a reader sees in the page's language: without what is marked
/// as written in another (`lang`: the language switch's names of the
/// languages). Alert histories, working groups, indicators and model
/// names are all read in the page's language.
const UNDECLARED_TEXT: &str = r#"
const body = document.body.cloneNode(true);
const lang = document.documentElement.lang;
for (const e of body.querySelectorAll(`[lang]:not([lang="${lang}"])`)) e.remove();
document.documentElement.appendChild(body);
const text = body.innerText;
body.remove();
return text;
"#;

/// English words no Spanish, Portuguese or French sentence has. (A
/// source's citation, in `.provenance`, is quoted as its publisher wrote
/// it; what people wrote — a commitment's title, a report, a reply — is
/// marked `.written` and shown as they wrote it.)
const ENGLISH: [&str; 8] = [
    "the", "and", "of", "with", "from", "people", "figures", "months",
];

#[test]
fn no_english_is_left_on_a_spanish_portuguese_or_french_page() {
    let words = words();
    assert!(words.len() > 150, "the words are read: {}", words.len());
    let demo = Demo::start();
    let b = Browser::start();
    let alert = demo.first_alert(&b);
    let mut found = Vec::new();
    for who in ["public", "analyst"] {
        if who == "analyst" {
            demo.sign_in(&b);
        }
        for (l, lang) in [(1, "es"), (2, "pt"), (3, "fr")] {
            b.go(&format!("{}/lang/{lang}", demo.url));
            for (_, path) in &layout_pages(&alert) {
                b.go(&format!("{}{path}", demo.url));
                // What is quoted as written (a commitment's title in the
                // language its author used) is not the dashboard's words.
                let quoted = ".provenance, .written, [lang]";
                let text = b.script(&UNDECLARED_TEXT.replace("[lang]", quoted));
                let text = text.as_str().unwrap_or_default();
                assert!(text.len() > 100, "{path} in {lang} has text: {text:?}");
                for w in &words {
                    let (en, there) = (&w[0], &w[l]);
                    // "Series" is Spanish too, for the plural.
                    let also_there = words.iter().any(|o| &o[l] == en);
                    if en == there
                        || also_there
                        || en.chars().filter(|c| c.is_alphabetic()).count() < 4
                    {
                        continue;
                    }
                    if has_words(text, en) {
                        found.push(format!("{who} {lang} {path}: {en:?}"));
                    }
                }
                // Texts that are not the dashboard's words (an alert's
                // history, a group's name, a model's) give themselves
                // away by English's commonest words.
                for en in ENGLISH {
                    if has_words(text, en) {
                        let at = text.find(en).unwrap_or(0);
                        let from = text[..at]
                            .char_indices()
                            .rev()
                            .nth(59)
                            .map_or(0, |(i, _)| i);
                        let around: String = text[from..].chars().take(120).collect();
                        found.push(format!("{who} {lang} {path}: {en:?} in {around:?}"));
                    }
                }
            }
        }
    }
    found.dedup();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

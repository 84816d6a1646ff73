//! The reader's language, and numbers, dates and country names as each
//! language writes them (the words themselves are in [`super::words`]).

use corredor_model::Lang;

/// `text` with its first letter in capitals, as a heading begins.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The language of a request: the `lang` cookie, else the most preferred
/// of `Accept-Language` we speak (by its primary subtag, so `pt-PT` and
/// `fr-CA` are read as Portuguese and French), else English.
pub fn negotiate(cookie: Option<&str>, accept: Option<&str>) -> Lang {
    if let Some(lang) = cookie.and_then(Lang::from_code) {
        return lang;
    }
    if let Some(accept) = accept {
        let mut best: Option<(f32, Lang)> = None;
        for part in accept.split(',') {
            let mut it = part.trim().split(';');
            let tag = it.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = it
                .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            let Some(lang) = Lang::from_code(primary) else {
                continue;
            };
            if best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        if let Some((_, l)) = best {
            return l;
        }
    }
    Lang::En
}

pub use corredor_model::locale::{
    colon, count, date, decimal, month_runs, number, percent, semicolon, short_date, short_month,
};

/// A calendar date as a `time` element: written out in `lang`, with the
/// ISO date for machines.
pub fn day(d: impl std::fmt::Display, lang: Lang) -> maud::Markup {
    let iso = d.to_string();
    maud::html! { time datetime=(iso) { (date(&iso, lang)) } }
}

/// [`day`] abbreviated, for a table's cell.
pub fn short_day(d: impl std::fmt::Display, lang: Lang) -> maud::Markup {
    let iso = d.to_string();
    maud::html! { time datetime=(iso) { (short_date(&iso, lang)) } }
}

pub fn period(p: &corredor_model::Period, lang: Lang) -> String {
    corredor_model::locale::month_name(p, lang)
}

/// What a name is sorted by in `lang`: lower case with the accents
/// folded away, so Spanish "Perú" sorts among the P; Spanish puts ñ after
/// n. A simple folding, not the full Unicode collation (UCA): enough for
/// the names of countries, places and indicators the pages list.
pub fn sort_key(name: &str, lang: Lang) -> String {
    use corredor_followup::registry::Language;
    let order = match lang {
        Lang::Es => Language::Es,
        Lang::En | Lang::Pt | Lang::Fr => Language::En,
    };
    corredor_followup::presidency::collation_key(name, order)
}

pub fn country(code: &str, lang: Lang) -> String {
    corredor_model::country::by_code(code)
        .map(|c| c.name(lang).to_string())
        .unwrap_or_else(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_is_negotiated() {
        assert_eq!(negotiate(None, Some("es-HN,es;q=0.9,en;q=0.8")), Lang::Es);
        assert_eq!(negotiate(None, Some("fr-CA, en;q=0.5, es;q=0.4")), Lang::Fr);
        assert_eq!(negotiate(None, Some("pt-BR,pt;q=0.9,en;q=0.8")), Lang::Pt);
        assert_eq!(negotiate(None, Some("de-DE, pt;q=0.5, fr;q=0.7")), Lang::Fr);
        assert_eq!(negotiate(None, Some("de-DE, it;q=0.5")), Lang::En);
        assert_eq!(negotiate(None, Some("esperanto")), Lang::En);
        assert_eq!(negotiate(Some("es"), Some("en")), Lang::Es);
        assert_eq!(negotiate(Some("pt"), Some("en")), Lang::Pt);
        assert_eq!(negotiate(Some("fr"), None), Lang::Fr);
        assert_eq!(negotiate(Some("xx"), Some("pt")), Lang::Pt);
        assert_eq!(negotiate(None, None), Lang::En);
    }

    proptest::proptest! {
        /// Any header a browser (or anyone) sends gives a language.
        #[test]
        fn any_accept_language_is_understood(a in "\\PC{0,80}", c in "\\PC{0,8}") {
            let _ = negotiate(Some(&c), Some(&a));
            let _ = date(&a, Lang::Es);
        }
    }

    #[test]
    fn names_sort_with_accents_ignored() {
        let mut names = vec![
            "Perú",
            "Panamá",
            "Paraguay",
            "Ecuador",
            "Éire",
            "Nicaragua",
            "Ñandú",
        ];
        names.sort_by_cached_key(|n| sort_key(n, Lang::Es));
        assert_eq!(
            names,
            [
                "Ecuador",
                "Éire",
                "Nicaragua",
                "Ñandú",
                "Panamá",
                "Paraguay",
                "Perú"
            ]
        );
    }

    #[test]
    fn dates_and_numbers_per_language() {
        assert_eq!(date("2025-06-01T10:00:00Z", Lang::En), "1 June 2025");
        assert_eq!(date("2025-06-01T10:00:00Z", Lang::Es), "1 de junio de 2025");
        assert_eq!(number(1234567.0, Lang::Es), "1.234.567");
        assert_eq!(number(1234567.0, Lang::En), "1,234,567");
        assert_eq!(
            date("2025-04-30T10:00:00Z", Lang::Pt),
            "30 de abril de 2025"
        );
        assert_eq!(date("2025-04-30T10:00:00Z", Lang::Fr), "30 avril 2025");
        assert_eq!(number(1234567.0, Lang::Pt), "1.234.567");
        assert_eq!(number(1234567.0, Lang::Fr), "1\u{202F}234\u{202F}567");
    }
}

//! Countries and nationalities as ISO 3166-1 alpha-3 codes.
//!
//! Nationalities are global, so the table holds every ISO 3166-1 code, the
//! user-assigned `XKX` (Kosovo), former codes that still appear in statistics
//! (ISO 3166-3, e.g. `CSK`) and ICAO Doc 9303's special codes: `XXA`
//! stateless, `XXB`/`XXC` refugees, `XXX` unspecified or other.
//!
//! Publishers write names their own way ("CHINA, PEOPLES REPUBLIC OF",
//! "Korea, South", "OOO"); [`resolve`] maps a code, a name in one of the
//! four languages, or a known publisher spelling to the country. The table
//! and the aliases are data files compiled into the binary
//! (`data/countries.tsv`, `data/aliases.tsv`), so adding a spelling is a
//! one-line change. Where the Portuguese and French names come from is
//! written in `data/SOURCES.md`; every entry has a name in every language,
//! and a table missing one does not load.

use std::collections::HashMap;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

/// What kind of code a country entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Assigned in ISO 3166-1.
    Iso,
    /// User-assigned code in common use (`XKX`).
    UserAssigned,
    /// Withdrawn from ISO 3166-1 (ISO 3166-3), still found in old statistics.
    Historical,
    /// ICAO Doc 9303 codes for the stateless, refugees and unspecified.
    Special,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country {
    pub alpha3: &'static str,
    pub alpha2: &'static str,
    pub name_en: &'static str,
    pub name_es: &'static str,
    pub name_pt: &'static str,
    pub name_fr: &'static str,
    pub kind: CodeKind,
}

impl Country {
    /// The name as a label or heading: "United States", "Estados Unidos".
    pub fn name(&self, lang: crate::Lang) -> &'static str {
        match lang {
            crate::Lang::En => self.name_en,
            crate::Lang::Es => self.name_es,
            crate::Lang::Pt => self.name_pt,
            crate::Lang::Fr => self.name_fr,
        }
    }

    /// The name inside an English sentence, with the article the country
    /// takes ("in the United States", "people from the Dominican
    /// Republic"); in the other languages, and for every other name, as
    /// [`Country::name`]. Spanish writes "en Estados Unidos" without one,
    /// and the Portuguese and French texts name countries in parentheses.
    pub fn name_in_text(&self, lang: crate::Lang) -> std::borrow::Cow<'static, str> {
        if lang == crate::Lang::En && takes_the(self.name_en) {
            format!("the {}", self.name_en).into()
        } else {
            self.name(lang).into()
        }
    }
}

/// Whether an English country name takes "the" in running text: plural
/// names (the Bahamas, the Netherlands, the Philippines, islands), names
/// of a union, republic or territory (the United Kingdom, the Dominican
/// Republic, the Soviet Union, the British Indian Ocean Territory), and
/// the Gambia.
fn takes_the(name: &str) -> bool {
    const PLURAL_OR_CUSTOM: [&str; 7] = [
        "Bahamas",
        "Comoros",
        "Gambia",
        "Maldives",
        "Netherlands",
        "Netherlands Antilles",
        "Philippines",
    ];
    PLURAL_OR_CUSTOM.contains(&name)
        || name.starts_with("United ")
        || name.starts_with("Republic ")
        || name.ends_with(" Republic")
        || name.starts_with("Democratic Republic")
        || (name.ends_with("Islands") && !name.starts_with("South Georgia"))
        || name.ends_with("Territory")
        || name.ends_with("Territories")
        || name.ends_with(" Union")
}

/// ICAO 9303 code for an unspecified or "other" nationality.
pub const UNSPECIFIED: &str = "XXX";
/// ICAO 9303 code for stateless persons.
pub const STATELESS: &str = "XXA";

struct Table {
    countries: Vec<Country>,
    by_code: HashMap<&'static str, usize>,
    by_name: HashMap<String, usize>,
}

static TABLE: OnceLock<Table> = OnceLock::new();

fn table() -> &'static Table {
    TABLE.get_or_init(|| {
        let mut countries = Vec::new();
        for line in include_str!("../data/countries.tsv").lines().skip(1) {
            let f: Vec<&'static str> = line.split('\t').collect();
            assert!(
                f.len() == 7 && f[2..6].iter().all(|name| !name.is_empty()),
                "countries.tsv: every entry needs a name in English, Spanish, \
                 Portuguese and French: {line}"
            );
            let kind = match f[6] {
                "iso" => CodeKind::Iso,
                "user" => CodeKind::UserAssigned,
                "historical" => CodeKind::Historical,
                "special" => CodeKind::Special,
                other => panic!("countries.tsv: unknown kind {other}"),
            };
            countries.push(Country {
                alpha3: f[0],
                alpha2: f[1],
                name_en: f[2],
                name_es: f[3],
                name_pt: f[4],
                name_fr: f[5],
                kind,
            });
        }
        let by_code: HashMap<_, _> = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.alpha3, i))
            .collect();
        let mut by_name = HashMap::new();
        for (i, c) in countries.iter().enumerate() {
            by_name.insert(normalise(c.name_en), i);
            by_name.insert(normalise(c.name_es), i);
        }
        // A Portuguese or French name never takes the place of another
        // country's English or Spanish one; the tests check none would.
        for (i, c) in countries.iter().enumerate() {
            for name in [c.name_pt, c.name_fr] {
                by_name.entry(normalise(name)).or_insert(i);
            }
        }
        for line in include_str!("../data/aliases.tsv").lines().skip(1) {
            let f: Vec<&str> = line.split('\t').collect();
            let i = by_code[f[1]];
            by_name.insert(normalise(f[0]), i);
        }
        Table {
            countries,
            by_code,
            by_name,
        }
    })
}

/// Folds a name for matching: lower case, no diacritics, every run of
/// punctuation or spaces as one space. "Perú" and "PERU" match;
/// "Korea, South" becomes "korea south".
pub fn normalise(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    for ch in name.nfd() {
        if unicode_normalization::char::is_combining_mark(ch) {
            continue;
        }
        if ch.is_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.extend(ch.to_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// The country with this alpha-3 code (upper case, as stored).
pub fn by_code(alpha3: &str) -> Option<&'static Country> {
    let t = table();
    t.by_code.get(alpha3).map(|&i| &t.countries[i])
}

/// Resolves what a publisher wrote: an alpha-3 code in any case, a name in
/// English, Spanish, Portuguese or French, or a known publisher spelling.
pub fn resolve(text: &str) -> Option<&'static Country> {
    let trimmed = text.trim();
    if trimmed.len() == 3 {
        if let Some(c) = by_code(&trimmed.to_ascii_uppercase()) {
            return Some(c);
        }
    }
    let t = table();
    t.by_name.get(&normalise(trimmed)).map(|&i| &t.countries[i])
}

/// The alpha-3 codes of `names` (codes or names), or the first that is
/// not a country, as a message naming `what` it was meant to be.
pub fn codes(names: &[String], what: &str) -> Result<Vec<String>, String> {
    names
        .iter()
        .map(|n| {
            resolve(n)
                .map(|c| c.alpha3.to_string())
                .ok_or_else(|| format!("unknown {what} '{n}': use an ISO 3166-1 alpha-3 code"))
        })
        .collect()
}

/// Every country, in alpha-3 order.
pub fn all() -> &'static [Country] {
    &table().countries
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_iso_3166_1_code_is_there_with_a_name_in_every_language() {
        let iso: Vec<_> = all().iter().filter(|c| c.kind == CodeKind::Iso).collect();
        assert_eq!(iso.len(), 249);
        for c in all() {
            assert_eq!(c.alpha3.len(), 3, "{c:?}");
            for lang in crate::Lang::ALL {
                assert!(
                    !c.name(lang).is_empty(),
                    "{} has no {lang:?} name",
                    c.alpha3
                );
            }
        }
    }

    #[test]
    fn portuguese_and_french_names_resolve_to_their_own_country() {
        for c in all() {
            for name in [c.name_pt, c.name_fr] {
                let found = resolve(name).map(|f| f.alpha3);
                assert_eq!(found, Some(c.alpha3), "{name}");
            }
        }
        let code = |s| resolve(s).map(|c| c.alpha3);
        assert_eq!(code("Estados Unidos"), Some("USA"));
        assert_eq!(code("États-Unis"), Some("USA"));
        assert_eq!(code("Haïti"), Some("HTI"));
        assert_eq!(code("Brésil"), Some("BRA"));
        assert_eq!(code("Colômbia"), Some("COL"));
        assert_eq!(code("Apatride"), Some(STATELESS));
    }

    #[test]
    fn an_english_sentence_gives_a_country_its_article() {
        let text = |code: &str, lang| by_code(code).unwrap().name_in_text(lang).into_owned();
        use crate::Lang::{En, Es, Fr};
        assert_eq!(text("USA", En), "the United States");
        assert_eq!(text("DOM", En), "the Dominican Republic");
        assert_eq!(text("BHS", En), "the Bahamas");
        assert_eq!(text("COD", En), "the Democratic Republic of the Congo");
        assert_eq!(text("VGB", En), "the British Virgin Islands");
        assert_eq!(text("SUN", En), "the Soviet Union");
        assert_eq!(text("VEN", En), "Venezuela");
        assert_eq!(text("IMN", En), "Isle of Man");
        assert_eq!(
            text("SGS", En),
            "South Georgia and the South Sandwich Islands"
        );
        assert_eq!(text("USA", Es), "Estados Unidos");
        assert_eq!(text("USA", Fr), "États-Unis");
    }

    #[test]
    fn names_from_publishers_resolve() {
        let code = |s| resolve(s).map(|c| c.alpha3);
        assert_eq!(code("CHINA, PEOPLES REPUBLIC OF"), Some("CHN"));
        assert_eq!(code("China, People's Republic"), Some("CHN"));
        assert_eq!(code("MYANMAR (BURMA)"), Some("MMR"));
        assert_eq!(code("Korea, South"), Some("KOR"));
        assert_eq!(code("OTHER"), Some(UNSPECIFIED));
        assert_eq!(code("OOO"), Some(UNSPECIFIED));
        assert_eq!(code("Stateless"), Some(STATELESS));
        assert_eq!(code("Perú"), Some("PER"));
        assert_eq!(code("haiti"), Some("HTI"));
        assert_eq!(code("ven"), Some("VEN"));
        assert_eq!(code("Estados Unidos"), Some("USA"));
        assert_eq!(code("XKX"), Some("XKX"));
        assert_eq!(code("CSK"), Some("CSK"));
        assert_eq!(code("Atlantis"), None);
        assert_eq!(code(""), None);
    }

    #[test]
    fn normalise_folds_case_accents_and_punctuation() {
        assert_eq!(normalise("  Côte d’Ivoire "), "cote d ivoire");
        assert_eq!(normalise("KOREA, SOUTH"), "korea south");
    }

    #[test]
    fn territories_take_the_and_codes_are_resolved_or_named() {
        assert!(takes_the("French Southern Territories"));
        assert!(takes_the("British Indian Ocean Territory"));
        assert!(!takes_the("Panama"));
        let names = ["VEN".to_string(), "Haiti".to_string()];
        assert_eq!(
            codes(&names, "destination"),
            Ok(vec!["VEN".into(), "HTI".into()])
        );
        assert_eq!(
            codes(&["Atlantis".to_string()], "destination"),
            Err("unknown destination 'Atlantis': use an ISO 3166-1 alpha-3 code".into())
        );
    }
}

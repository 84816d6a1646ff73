//! Languages as ISO 639-1 two-letter codes, checked against the standard's
//! list (ISO 639-1:2002 as the Library of Congress maintains it, 183 codes)
//! so that a typing slip such as `sp` for Spanish is refused where it is
//! read, not silently never matched.

use std::fmt;

/// ISO 639-1 codes, sorted.
const CODES: [&str; 183] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// A language of ISO 639-1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Language([u8; 2]);

impl Language {
    /// The language of a code in any case (`ES`, `es`), or `None` when
    /// ISO 639-1 has no such code.
    pub fn parse(text: &str) -> Option<Language> {
        let t = text.trim().to_ascii_lowercase();
        CODES.binary_search(&t.as_str()).ok().map(|_| {
            let b = t.as_bytes();
            Language([b[0], b[1]])
        })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("ISO 639-1 codes are ASCII")
    }

    /// The language's name as a reader is shown it, and the language that
    /// name is in: its name in itself ("español", "Runasimi") where the
    /// ISO 639 tables `isolang` carries have one, else its English name
    /// ("Guarani"). One name for every reader, marked with its own
    /// language, rather than 183 names in each of the interface's four
    /// languages, which no source here gives.
    pub fn name(&self) -> (&'static str, &'static str) {
        let code = CODES
            .iter()
            .find(|c| c.as_bytes() == self.0)
            .expect("a parsed language is on the list");
        let known = isolang::Language::from_639_1(code);
        match known.and_then(|l| l.to_autonym()).filter(|n| !n.is_empty()) {
            Some(own) => (own, code),
            None => (known.map_or("", |l| l.to_name()), "en"),
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_and_known_codes_parse() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Language::parse(" ES ").unwrap().as_str(), "es");
        assert_eq!(Language::parse("ht").unwrap().to_string(), "ht");
        assert!(Language::parse("sp").is_none());
        assert!(Language::parse("spa").is_none());
        assert!(Language::parse("").is_none());
    }

    #[test]
    fn every_code_has_a_name_in_its_own_language_or_english() {
        let name = |c: &str| Language::parse(c).unwrap().name();
        assert_eq!(name("es"), ("español", "es"));
        assert_eq!(name("fr"), ("français", "fr"));
        assert_eq!(name("pt"), ("português", "pt"));
        assert_eq!(name("en"), ("English", "en"));
        assert_eq!(name("qu"), ("Runasimi", "qu"));
        // No name of its own in the tables: its English one, said so.
        assert_eq!(name("gn"), ("Guarani", "en"));
        for c in CODES {
            assert!(!name(c).0.is_empty(), "{c}");
        }
    }
}

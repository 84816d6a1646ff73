//! One observation as a publisher states it, validated: the series it
//! belongs to, the period, the count, and optionally its source and
//! sharing. Every parser in `corredor-ingest` produces these, so the rules
//! of what a valid observation is live here, once.

use crate::country;
use crate::indicator;
use crate::period::Period;
use crate::series::{Location, SeriesKey};
use crate::share::{ShareLevel, Sharing};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub key: SeriesKey,
    pub period: Period,
    pub value: u64,
    /// Overrides the import's `--source` for this row.
    pub source: Option<String>,
    /// Overrides the import's `--share` for this row.
    pub sharing: Option<Sharing>,
}

/// The fields of a record as text, before validation.
#[derive(Debug, Clone, Copy, Default)]
pub struct RawRecord<'a> {
    pub reporter: &'a str,
    pub location: &'a str,
    pub nationality: &'a str,
    pub indicator: &'a str,
    pub period: &'a str,
    pub value: &'a str,
    pub source: Option<&'a str>,
    pub share: Option<&'a str>,
    pub share_with: Option<&'a str>,
    /// A breakdown's dimensions (`name=value;…`); empty or absent for the
    /// total.
    pub breakdown: Option<&'a str>,
}

/// The field a problem is in, so that parsers can point at the column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    Reporter,
    Location,
    Nationality,
    Indicator,
    Period,
    Value,
    Source,
    Share,
    ShareWith,
    Breakdown,
}

impl Field {
    /// Every field, in a record's order: the required, then the
    /// optional.
    pub const ALL: [Field; 10] = {
        let mut out = [Field::Reporter; 10];
        let mut i = 0;
        while i < out.len() {
            out[i] = if i < Field::REQUIRED.len() {
                Field::REQUIRED[i]
            } else {
                Field::OPTIONAL[i - Field::REQUIRED.len()]
            };
            i += 1;
        }
        out
    };

    /// The fields every record has, in a record's order: the long
    /// format's required columns.
    pub const REQUIRED: [Field; 6] = [
        Field::Reporter,
        Field::Location,
        Field::Nationality,
        Field::Indicator,
        Field::Period,
        Field::Value,
    ];

    /// The fields a record may leave out, in a record's order.
    pub const OPTIONAL: [Field; 4] = [
        Field::Source,
        Field::Share,
        Field::ShareWith,
        Field::Breakdown,
    ];

    /// The names of `fields`, as columns are named.
    pub const fn names<const N: usize>(fields: [Field; N]) -> [&'static str; N] {
        let mut out = [""; N];
        let mut i = 0;
        while i < N {
            out[i] = fields[i].name();
            i += 1;
        }
        out
    }

    pub const fn name(self) -> &'static str {
        match self {
            Field::Reporter => "reporter",
            Field::Location => "location",
            Field::Nationality => "nationality",
            Field::Indicator => "indicator",
            Field::Period => "period",
            Field::Value => "value",
            Field::Source => "source",
            Field::Share => "share",
            Field::ShareWith => "share_with",
            Field::Breakdown => "breakdown",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RecordError {
    pub field: Field,
    pub message: String,
}

fn err(field: Field, message: String) -> RecordError {
    RecordError { field, message }
}

/// Resolves a country as a reporter or nationality, with the fix in the error.
pub fn resolve_country(field: Field, text: &str) -> Result<String, RecordError> {
    if text.trim().is_empty() {
        return Err(err(
            field,
            format!(
                "{} is empty: write an ISO 3166-1 alpha-3 code such as VEN, or XXX if unknown",
                field.name()
            ),
        ));
    }
    country::resolve(text)
        .map(|c| c.alpha3.to_string())
        .ok_or_else(|| {
            err(
                field,
                format!(
                    "unknown country '{}': use an ISO 3166-1 alpha-3 code (e.g. VEN), XXX for other or unknown, XXA for stateless",
                    text.trim()
                ),
            )
        })
}

/// Parses a count: plain digits, nothing else.
pub fn parse_count(text: &str) -> Result<u64, RecordError> {
    let t = text.trim();
    let fix = "write a whole number of people with plain digits, e.g. 1234";
    if t.is_empty() {
        return Err(err(
            Field::Value,
            format!("value is empty: {fix} (leave the row out if nothing was reported)"),
        ));
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return t
            .parse::<u64>()
            .ok()
            .filter(|v| *v <= MAX_COUNT)
            .ok_or_else(|| implausible(t));
    }
    let numeric = |s: &str, extra: &[u8]| {
        s.bytes().any(|b| b.is_ascii_digit())
            && s.bytes().all(|b| b.is_ascii_digit() || extra.contains(&b))
    };
    let message = if t.strip_prefix('-').is_some_and(|rest| numeric(rest, b".")) {
        format!("value {t} is negative: counts of people cannot be negative")
    } else if t.contains(['.', ',']) && numeric(t, b".,") {
        format!("value {t} is not a whole number: {fix}, without decimals or thousands separators")
    } else {
        format!("value '{}' is not a number: {fix}", preview(t))
    };
    Err(err(Field::Value, message))
}

/// No count of people reaches ten billion; a larger value is a unit error.
pub const MAX_COUNT: u64 = 10_000_000_000;

/// The refusal of a value above [`MAX_COUNT`], as written.
pub fn implausible(value: impl std::fmt::Display) -> RecordError {
    err(
        Field::Value,
        format!("value {value} is implausibly large for a count of people"),
    )
}

/// Checks free text (sources, labels) for what a spreadsheet would run as a
/// formula (OWASP "CSV injection"): such text is refused at import rather
/// than stored and later opened by someone's spreadsheet.
pub fn check_text(field: Field, text: &str) -> Result<(), RecordError> {
    match unsafe_text(text) {
        Some(UnsafeText::Formula) => Err(err(
            field,
            format!(
                "{} '{}' starts like a spreadsheet formula ({}); remove the leading character",
                field.name(),
                preview(text),
                text.chars().next().unwrap_or(' ')
            ),
        )),
        Some(UnsafeText::Control) => Err(err(
            field,
            format!("{} contains control characters", field.name()),
        )),
        None => Ok(()),
    }
}

/// A breakdown's dimensions as files write them: `name=value` pairs
/// joined by `;` in the publisher's order
/// (`component=U.S. Border Patrol;demographic=UAC`), each with a name.
/// Empty text is no breakdown: the total.
pub fn parse_breakdown(text: &str) -> Result<Option<String>, RecordError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    check_text(Field::Breakdown, t)?;
    let mut names: Vec<&str> = Vec::new();
    for part in t.split(';') {
        match part.split_once('=') {
            Some((name, _)) if names.contains(&name.trim()) => {
                return Err(err(
                    Field::Breakdown,
                    format!(
                        "breakdown '{}': '{}' is named twice; a part has one value of each dimension",
                        preview(t),
                        name.trim()
                    ),
                ))
            }
            Some((name, _)) if !name.trim().is_empty() => names.push(name.trim()),
            _ => {
                return Err(err(
                    Field::Breakdown,
                    format!(
                        "breakdown '{}': write name=value pairs joined by ';' (component=U.S. Border Patrol;demographic=UAC), or leave it empty for the total",
                        preview(t)
                    ),
                ))
            }
        }
    }
    Ok(Some(t.to_string()))
}

/// Whether `c` changes how the text around it reads without showing
/// itself: a control character (an escape sequence runs on a reader's
/// terminal, a carriage return rewrites a line, a NUL stops a parser), or
/// a bidirectional formatting character (U+202A–U+202E, U+2066–U+2069,
/// the marks U+200E, U+200F and U+061C) or a byte-order mark inside text,
/// which make `Quito` followed by U+202E and `gnp.exe` display as
/// "Quitoexe.png" ("Trojan Source", CVE-2021-42574); or a Unicode
/// noncharacter (U+FDD0–U+FDEF, and the last two code points of every
/// plane), which is for a program's own use and never for text it
/// exchanges; U+FFFE and U+FFFF are not even allowed in XML 1.0 (an IATI
/// or Atom export holding one would not parse). Corredor's four languages
/// need none of them.
pub fn is_hidden_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{FEFF}'
                | '\u{FDD0}'..='\u{FDEF}'
        )
        || (c as u32) & 0xFFFE == 0xFFFE
}

/// Why free text may not be stored as it was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsafeText {
    /// It holds a character that hides what it says ([`is_hidden_control`]);
    /// a message about it never quotes the text.
    Control,
    /// A spreadsheet would run it as a formula ([`looks_like_formula`]).
    Formula,
}

/// What makes `text` unsafe to store and hand on (to a terminal, a
/// spreadsheet, an XML export), if anything: a hidden control character
/// first, so that no message quotes one.
pub fn unsafe_text(text: &str) -> Option<UnsafeText> {
    if text.chars().any(is_hidden_control) {
        Some(UnsafeText::Control)
    } else if looks_like_formula(text) {
        Some(UnsafeText::Formula)
    } else {
        None
    }
}

/// A number as a message quotes it back: as written when of a usual size,
/// in scientific notation when not (1e308 is not quoted in 309 digits).
pub fn preview_number(v: f64) -> String {
    if v.is_finite() && v.abs() < 1e6 {
        v.to_string()
    } else {
        format!("{v:e}")
    }
}

/// Whether a spreadsheet would interpret `text` as a formula.
pub fn looks_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// The first characters of a long value, for messages.
pub fn preview(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

impl<'a> RawRecord<'a> {
    /// Validates every field and collects every problem, not just the first.
    pub fn validate(&self) -> Result<Record, Vec<RecordError>> {
        let mut errors = Vec::new();
        let reporter = resolve_country(Field::Reporter, self.reporter)
            .map_err(|e| errors.push(e))
            .ok();
        let location = self
            .location
            .trim()
            .parse::<Location>()
            .map_err(|e| errors.push(err(Field::Location, e.to_string())))
            .ok();
        let nationality = resolve_country(Field::Nationality, self.nationality)
            .map_err(|e| errors.push(e))
            .ok();
        let ind = self.indicator.trim();
        if !indicator::is_valid_code(ind) {
            errors.push(err(
                Field::Indicator,
                format!(
                    "'{}' is not an indicator code: use lower-case letters, digits and '_', e.g. encounters",
                    preview(ind)
                ),
            ));
        }
        if crate::capacity::is_capacity(ind)
            && nationality
                .as_deref()
                .is_some_and(|n| n != country::UNSPECIFIED)
        {
            errors.push(err(
                Field::Nationality,
                format!(
                    "{ind} is capacity, which is not counted by nationality: write {} as the nationality",
                    country::UNSPECIFIED
                ),
            ));
        }
        let period = self
            .period
            .trim()
            .parse::<Period>()
            .map_err(|e| errors.push(err(Field::Period, e.to_string())))
            .ok();
        let value = parse_count(self.value).map_err(|e| errors.push(e)).ok();
        let source = match self.source.map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => match check_text(Field::Source, s) {
                Ok(()) => Some(s.to_string()),
                Err(e) => {
                    errors.push(e);
                    None
                }
            },
            None => None,
        };
        let sharing = self.sharing().map_err(|e| errors.push(e)).ok().flatten();
        match (reporter, location, nationality, period, value) {
            (Some(reporter), Some(location), Some(nationality), Some(period), Some(value))
                if errors.is_empty() =>
            {
                Ok(Record {
                    key: SeriesKey {
                        reporter,
                        location,
                        nationality,
                        indicator: ind.to_string(),
                    },
                    period,
                    value,
                    source,
                    sharing,
                })
            }
            _ => Err(errors),
        }
    }

    fn sharing(&self) -> Result<Option<Sharing>, RecordError> {
        let level = match self.share.map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                if self.share_with.is_some_and(|w| !w.trim().is_empty()) {
                    return Err(err(
                        Field::ShareWith,
                        "share_with is set but share is empty: set share to restricted".into(),
                    ));
                }
                return Ok(None);
            }
            Some(s) => s
                .parse::<ShareLevel>()
                .map_err(|e| err(Field::Share, e.to_string()))?,
        };
        Ok(Some(parse_sharing(level, self.share_with.unwrap_or(""))?))
    }
}

/// Builds a sharing from a level and a list of countries separated by `;`
/// or `,`, e.g. `CRI;MEX`.
pub fn parse_sharing(level: ShareLevel, with: &str) -> Result<Sharing, RecordError> {
    let mut codes = Vec::new();
    for part in with
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        codes.push(resolve_country(Field::ShareWith, part)?);
    }
    if level != ShareLevel::Restricted && !codes.is_empty() {
        return Err(err(
            Field::ShareWith,
            format!("share_with names countries but the level is {level}: use restricted, or leave share_with empty"),
        ));
    }
    Ok(Sharing::new(level, codes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_hides_what_it_says_is_refused_and_accents_are_not() {
        for bad in [
            "Quito\u{202e}gnp.exe",
            "a\u{2066}b",
            "x\u{200f}",
            "\u{feff}x",
            "a\rb",
            "\u{1b}[2J",
            "Shelter \u{ffff}",
            "\u{fffe}",
            "\u{fdd0}",
            "\u{10ffff}",
        ] {
            assert!(check_text(Field::Source, bad).is_err(), "{bad:?}");
        }
        for good in [
            "Año nuevo",
            "São Paulo",
            "Noël",
            "Zürich – “quoted”",
            "\u{fffd} \u{fdcf} \u{fdf0} \u{1f600}",
        ] {
            assert!(check_text(Field::Source, good).is_ok(), "{good:?}");
        }
    }

    fn raw<'a>(value: &'a str) -> RawRecord<'a> {
        RawRecord {
            reporter: "PAN",
            location: "ALL",
            nationality: "Venezuela",
            indicator: "irregular_entries",
            period: "2023-08",
            value,
            ..Default::default()
        }
    }

    #[test]
    fn a_breakdown_is_named_pairs_or_nothing() {
        assert_eq!(parse_breakdown(" "), Ok(None));
        assert_eq!(
            parse_breakdown("component=U.S. Border Patrol;demographic=").unwrap(),
            Some("component=U.S. Border Patrol;demographic=".into())
        );
        for bad in ["UAC", "=UAC", "a=b;c", "a=b;=c", "@a=b", "a=b\u{7}"] {
            let e = parse_breakdown(bad).unwrap_err();
            assert_eq!(e.field, Field::Breakdown, "{bad}");
        }
    }

    #[test]
    fn a_valid_row_resolves_names_to_codes() {
        let r = raw("81901").validate().unwrap();
        assert_eq!(r.key.to_string(), "PAN/ALL/VEN/irregular_entries");
        assert_eq!(r.value, 81901);
    }

    #[test]
    fn counts_must_be_whole_non_negative_plain_numbers() {
        for (v, hint) in [
            ("-3", "negative"),
            ("12.5", "whole number"),
            ("1,234", "whole number"),
            ("", "empty"),
            ("abc", "not a number"),
            ("99999999999", "implausibly"),
            ("10000000001", "implausibly"),
            ("-", "not a number"),
            ("-.", "not a number"),
            (".", "not a number"),
            ("-2.5", "negative"),
        ] {
            let e = raw(v).validate().unwrap_err();
            assert_eq!(e[0].field, Field::Value);
            assert!(e[0].message.contains(hint), "{v}: {}", e[0].message);
        }
        // The largest count accepted.
        assert_eq!(parse_count("10000000000"), Ok(MAX_COUNT));
    }

    #[test]
    fn every_problem_in_a_row_is_reported() {
        let mut r = raw("x");
        r.reporter = "Atlantis";
        r.period = "Aug";
        let e = r.validate().unwrap_err();
        let fields: Vec<_> = e.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec![Field::Reporter, Field::Period, Field::Value]);
    }

    #[test]
    fn formulas_in_text_are_refused() {
        let mut r = raw("1");
        r.source = Some("=cmd|' /C calc'!A0");
        let e = r.validate().unwrap_err();
        assert_eq!(e[0].field, Field::Source);
        assert!(e[0].message.contains("formula"));
    }

    #[test]
    fn capacity_is_not_counted_by_nationality() {
        let mut r = raw("120");
        r.indicator = "capacity_shelter_beds";
        let e = r.validate().unwrap_err();
        assert_eq!(e[0].field, Field::Nationality);
        assert!(e[0].message.contains("XXX"), "{}", e[0].message);
        r.nationality = "XXX";
        assert_eq!(
            r.validate().unwrap().key.to_string(),
            "PAN/ALL/XXX/capacity_shelter_beds"
        );
    }

    #[test]
    fn share_with_needs_restricted() {
        let mut r = raw("1");
        r.share = Some("members");
        r.share_with = Some("CRI");
        assert_eq!(r.validate().unwrap_err()[0].field, Field::ShareWith);
        r.share = Some("restricted");
        r.share_with = Some("mex; CRI");
        let s = r.validate().unwrap().sharing.unwrap();
        assert_eq!(s.with, vec!["CRI", "MEX"]);
    }

    #[test]
    fn fields_have_their_column_names() {
        let names: Vec<&str> = Field::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "reporter",
                "location",
                "nationality",
                "indicator",
                "period",
                "value",
                "source",
                "share",
                "share_with",
                "breakdown"
            ]
        );
    }

    #[test]
    fn the_required_fields_then_the_optional_ones_are_every_field_in_order() {
        let both: Vec<Field> = Field::REQUIRED.into_iter().chain(Field::OPTIONAL).collect();
        assert_eq!(both, Field::ALL);
        assert_eq!(
            Field::names(Field::OPTIONAL),
            ["source", "share", "share_with", "breakdown"]
        );
    }

    #[test]
    fn a_breakdown_names_each_dimension_once() {
        assert_eq!(
            parse_breakdown("sex=f;age=0-17"),
            Ok(Some("sex=f;age=0-17".into()))
        );
        let e = parse_breakdown("sex=f; sex =m").unwrap_err();
        assert!(e.message.contains("'sex' is named twice"), "{}", e.message);
    }

    #[test]
    fn values_are_quoted_back_short() {
        assert_eq!(preview_number(12.5), "12.5");
        assert_eq!(preview_number(-999_999.0), "-999999");
        assert_eq!(preview_number(1e6), "1e6");
        assert_eq!(preview_number(f64::INFINITY), "inf");
        let forty = "é".repeat(40);
        assert_eq!(preview(&forty), forty);
        assert_eq!(preview(&format!("{forty}x")), format!("{forty}…"));
    }

    #[test]
    fn an_empty_share_with_without_a_share_is_no_sharing() {
        let mut r = raw("1");
        r.share_with = Some("  ");
        assert_eq!(r.validate().unwrap().sharing, None);
    }
}

//! HXL-tagged CSV (Humanitarian Exchange Language, hxlstandard.org): a row
//! of hashtags, under a human header or instead of it, says what each column
//! is. Corredor reads these tags (attributes in any order):
//!
//! | field       | hashtag |
//! |-------------|---------|
//! | reporter    | `#country+reporter`, or the `#country` column that is not `+origin`/`+nationality`/`+dest` |
//! | nationality | `#country+origin` or `#country+nationality` |
//! | location    | `#loc` or `#adm1` (a `+code` column if there are several) |
//! | indicator   | `#indicator` without `+num` (e.g. `#indicator+code`) |
//! | period      | `#date` |
//! | value       | `#indicator+num`, `#affected+num`, `#inneed+num`, `#population+num` or `#value`; among several, the one tagged `+total`, never a part (`+f`, `+m`, `+children`…) |
//! | source      | `#meta+source` |
//! | share       | `#meta+share`; `#meta+share_with` for the countries |
//!
//! Other hashtags are ignored, as the standard asks of software that does
//! not know them.

use std::io::Read;

use corredor_model::record::{Field, RawRecord};

use crate::csvio;
use crate::long::{emit_raw, FieldColumns};
use crate::Context;

/// The standard lets the hashtag row be preceded by any number of header
/// rows; HXL tools look within the first 25.
const HASHTAG_ROW_SEARCH: usize = 25;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub name: String,
    pub attributes: Vec<String>,
}

impl Tag {
    /// A hashtag as the HXL standard spells it: `#`, a name, and `+`
    /// attributes, each a letter followed by letters, digits or `_`
    /// (spaces around them allowed). Anything else (a Markdown heading,
    /// a comment) is not a hashtag.
    pub fn parse(cell: &str) -> Option<Tag> {
        let cell = cell.trim();
        let rest = cell
            .strip_prefix('#')
            .filter(|r| !r.starts_with(char::is_whitespace))?;
        let mut parts = rest.split('+').map(|p| p.trim().to_ascii_lowercase());
        let name = parts.next().filter(|n| is_hxl_word(n))?;
        let attributes: Vec<String> = parts.filter(|p| !p.is_empty()).collect();
        attributes
            .iter()
            .all(|a| is_hxl_word(a))
            .then_some(Tag { name, attributes })
    }

    fn has(&self, attribute: &str) -> bool {
        self.attributes.iter().any(|a| a == attribute)
    }
}

fn is_hxl_word(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether a row is a hashtag row: every non-empty cell is a hashtag.
pub(crate) fn is_hashtag_row(cells: &[&str]) -> bool {
    let mut any = false;
    for c in cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if Tag::parse(c).is_none() {
            return false;
        }
        any = true;
    }
    any
}

/// HXL's attributes for a part of a population (by sex, by age).
const PARTS: [&str; 7] = [
    "f",
    "m",
    "i",
    "children",
    "adolescents",
    "adults",
    "elderly",
];

/// Among the value columns `found`, the one that holds the total: the one
/// tagged `+total`, or else the one that is no part (`+f`, `+children`…).
/// A part is never read as the total, and two candidates are not guessed
/// between.
fn the_total(tags: &[Option<Tag>], found: &[usize]) -> Result<usize, String> {
    let tag = |i: usize| tags[i].as_ref().expect("found among the tags");
    let spelled = |cols: &[usize]| {
        cols.iter()
            .map(|&i| {
                let t = tag(i);
                let attrs: String = t.attributes.iter().map(|a| format!("+{a}")).collect();
                format!("column {} #{}{attrs}", i + 1, t.name)
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let marked: Vec<usize> = found
        .iter()
        .copied()
        .filter(|&i| tag(i).has("total"))
        .collect();
    let whole: Vec<usize> = if marked.is_empty() {
        found
            .iter()
            .copied()
            .filter(|&i| !PARTS.iter().any(|p| tag(i).has(p)))
            .collect()
    } else {
        marked
    };
    match whole.as_slice() {
        [one] => Ok(*one),
        [] => Err(format!(
            "the value columns are parts of a population ({}), and Corredor keeps totals: add a column tagged +total",
            spelled(found)
        )),
        several => Err(format!(
            "several columns could hold the value ({}): tag the total +total",
            spelled(several)
        )),
    }
}

/// Picks the column for each field from the hashtags, or says what is missing.
fn map_columns(tags: &[Option<Tag>]) -> Result<FieldColumns, String> {
    let find = |pred: &dyn Fn(&Tag) -> bool| -> Vec<usize> {
        tags.iter()
            .enumerate()
            .filter_map(|(i, t)| t.as_ref().filter(|t| pred(t)).map(|_| i))
            .collect()
    };
    // The column tagged +code among those that could hold a field, else
    // the only one; two equally fit are not guessed between (a tag given
    // twice, a file joined from two).
    let ambiguous = std::cell::RefCell::new(Vec::new());
    let prefer_code = |cols: Vec<usize>| -> Option<usize> {
        let coded: Vec<usize> = cols
            .iter()
            .copied()
            .filter(|&i| tags[i].as_ref().is_some_and(|t| t.has("code")))
            .collect();
        let among = if coded.is_empty() { cols } else { coded };
        if among.len() > 1 {
            ambiguous.borrow_mut().push(among.clone());
        }
        among.first().copied()
    };
    let mut m = FieldColumns::default();
    let mut missing = Vec::new();
    let mut want = |field: Field, col: Option<usize>, how: &str| match col {
        Some(c) => m.set(field, c),
        None => missing.push(format!("{} ({how})", field.name())),
    };
    let country = |t: &Tag| t.name == "country";
    let nationality = prefer_code(find(&|t| {
        country(t) && (t.has("origin") || t.has("nationality"))
    }));
    let reporter = prefer_code(find(&|t| country(t) && t.has("reporter"))).or_else(|| {
        prefer_code(find(&|t| {
            country(t) && !t.has("origin") && !t.has("nationality") && !t.has("dest")
        }))
    });
    want(Field::Reporter, reporter, "#country+reporter");
    want(
        Field::Location,
        prefer_code(find(&|t| t.name == "loc" || t.name == "adm1")),
        "#loc+code",
    );
    want(Field::Nationality, nationality, "#country+origin");
    want(
        Field::Indicator,
        prefer_code(find(&|t| t.name == "indicator" && !t.has("num"))),
        "#indicator+code",
    );
    // The period is the bare #date; a #date+reported or +updated beside it
    // says when, not which month. Several dated columns, none bare, are
    // not guessed between.
    let dates = find(&|t| t.name == "date");
    let period = match dates.as_slice() {
        [one] => Some(*one),
        several => match find(&|t| t.name == "date" && t.attributes.is_empty()).as_slice() {
            [bare] => Some(*bare),
            _ if several.is_empty() => None,
            _ => {
                return Err(format!(
                    "several columns could hold the period (columns {}): tag the period's column #date alone",
                    several
                        .iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }
        },
    };
    want(Field::Period, period, "#date");
    if let Some(several) = ambiguous.borrow().first() {
        return Err(format!(
            "several columns are tagged alike and could hold the same field (columns {}): keep one, or tag the one to read +code",
            several
                .iter()
                .map(|i| (i + 1).to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let value = find(&|t| {
        (matches!(
            t.name.as_str(),
            "indicator" | "affected" | "inneed" | "population"
        ) && t.has("num"))
            || t.name == "value"
    });
    let value = match value.as_slice() {
        [] => None,
        found => Some(the_total(tags, found)?),
    };
    want(Field::Value, value, "#affected+num");
    if !missing.is_empty() {
        return Err(format!(
            "the hashtag row lacks {}: tag those columns as shown",
            missing.join(", ")
        ));
    }
    let meta = |attr: &'static str| {
        find(&move |t: &Tag| t.name == "meta" && t.has(attr))
            .first()
            .copied()
    };
    if let Some(c) = meta("source") {
        m.set(Field::Source, c);
    }
    if let Some(c) = meta("breakdown") {
        m.set(Field::Breakdown, c);
    }
    if let Some(c) = meta("share_with") {
        m.set(Field::ShareWith, c);
    }
    if let Some(c) = find(&|t| t.name == "meta" && t.has("share") && !t.has("share_with")).first() {
        m.set(Field::Share, *c);
    }
    Ok(m)
}

pub(crate) fn read<R: Read>(input: R, ctx: &mut Context) {
    let Some(mut csv) = csvio::open(ctx.file.clone(), input, &mut ctx.report.problems) else {
        return;
    };
    // The hashtag row and the line it starts on, for a problem of the tags.
    let mut tags_row: Option<(Vec<String>, u64)> = None;
    let first: Vec<&str> = csv.header().iter().map(String::as_str).collect();
    if is_hashtag_row(&first) {
        tags_row = Some((csv.header().to_vec(), csv.header_line()));
    }
    let mut seen = 1;
    while tags_row.is_none() && seen < HASHTAG_ROW_SEARCH {
        match csv.next_row(&mut ctx.report.problems) {
            None => break,
            Some(Err(csvio::Skipped)) => return,
            Some(Ok(row)) => {
                seen += 1;
                let fields: Vec<&str> = row.fields().collect();
                if is_hashtag_row(&fields) {
                    tags_row = Some((fields.iter().map(|f| f.to_string()).collect(), row.line));
                }
            }
        }
    }
    let Some((tags_row, tags_line)) = tags_row else {
        let at = ctx.at(1, None);
        ctx.problem(
            at,
            format!("no HXL hashtag row (cells like #country+code) in the first {HASHTAG_ROW_SEARCH} rows: add one, or import with --format long"),
        );
        return;
    };
    let tags: Vec<Option<Tag>> = tags_row.iter().map(|c| Tag::parse(c)).collect();
    let columns = match map_columns(&tags) {
        Ok(m) => m,
        Err(message) => {
            let at = ctx.at(tags_line, None);
            ctx.problem(at, message);
            return;
        }
    };
    let col = |f: Field| columns.get(f);
    while let Some(row) = csv.next_row(&mut ctx.report.problems) {
        let Ok(row) = row else { continue };
        let get = |f: Field| col(f).map(|c| row.get(c));
        let raw = RawRecord {
            reporter: get(Field::Reporter).unwrap_or(""),
            location: get(Field::Location).unwrap_or(""),
            nationality: get(Field::Nationality).unwrap_or(""),
            indicator: get(Field::Indicator).unwrap_or(""),
            period: get(Field::Period).unwrap_or(""),
            value: get(Field::Value).unwrap_or(""),
            source: get(Field::Source),
            share: get(Field::Share),
            share_with: get(Field::ShareWith),
            breakdown: get(Field::Breakdown),
        };
        let line = row.line;
        emit_raw(ctx, line, &raw, &columns);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashtags_parse_with_attributes_in_any_case_and_spacing() {
        let t = Tag::parse(" #Country +Origin+code ").unwrap();
        assert_eq!(t.name, "country");
        assert_eq!(t.attributes, vec!["origin", "code"]);
        assert!(Tag::parse("country").is_none());
        assert!(Tag::parse("#").is_none());
        assert!(is_hashtag_row(&["#date", "", "#affected+num"]));
        assert!(!is_hashtag_row(&["#date", "value"]));
        assert!(!is_hashtag_row(&["", ""]));
    }

    #[test]
    fn columns_are_found_by_their_tags() {
        let tags: Vec<Option<Tag>> = [
            "#date",
            "#country+code",
            "#loc+code",
            "#country+origin+code",
            "#indicator+code",
            "#affected+num",
            "#meta+source",
            "#org",
        ]
        .iter()
        .map(|c| Tag::parse(c))
        .collect();
        let m = map_columns(&tags).unwrap();
        assert_eq!(m.get(Field::Period), Some(0));
        assert_eq!(m.get(Field::Reporter), Some(1));
        assert_eq!(m.get(Field::Nationality), Some(3));
        assert_eq!(m.get(Field::Value), Some(5));
        assert_eq!(m.get(Field::Source), Some(6));
        let e = map_columns(&tags[..3]).unwrap_err();
        assert!(e.contains("nationality (#country+origin)"), "{e}");
    }

    #[test]
    fn a_destination_country_and_a_place_name_are_not_taken_for_the_reporter_and_place() {
        let parse =
            |cells: &[&str]| -> Vec<Option<Tag>> { cells.iter().map(|c| Tag::parse(c)).collect() };
        let tags = parse(&[
            "#date",
            "#country+dest",
            "#country",
            "#loc+name",
            "#loc+code",
            "#country+origin",
            "#indicator+code",
            "#affected+num",
        ]);
        let m = map_columns(&tags).unwrap();
        assert_eq!(m.get(Field::Reporter), Some(2));
        assert_eq!(m.get(Field::Location), Some(4));
        assert_eq!(m.get(Field::Nationality), Some(5));
        assert_eq!(m.get(Field::Indicator), Some(6));
        assert_eq!(m.get(Field::Value), Some(7));
        // `+reporter` says it outright, ahead of a plain #country.
        let tags = parse(&[
            "#country",
            "#country+reporter",
            "#country+origin",
            "#loc",
            "#indicator",
            "#date",
            "#affected+num",
        ]);
        assert_eq!(map_columns(&tags).unwrap().get(Field::Reporter), Some(1));
    }

    #[test]
    fn the_period_is_the_bare_date_and_two_others_are_not_guessed_between() {
        let parse =
            |cells: &[&str]| -> Vec<Option<Tag>> { cells.iter().map(|c| Tag::parse(c)).collect() };
        let with = |dates: &[&str]| {
            let mut cells = dates.to_vec();
            cells.extend([
                "#country",
                "#loc",
                "#country+origin",
                "#indicator",
                "#affected+num",
            ]);
            map_columns(&parse(&cells))
        };
        assert_eq!(
            with(&["#date+reported", "#date"])
                .unwrap()
                .get(Field::Period),
            Some(1)
        );
        assert_eq!(with(&["#date+month"]).unwrap().get(Field::Period), Some(0));
        let e = with(&["#date+reported", "#date+start"]).unwrap_err();
        assert!(e.contains("columns 1, 2"), "{e}");
    }

    #[test]
    fn a_tag_given_twice_is_not_guessed_between() {
        let parse =
            |cells: &[&str]| -> Vec<Option<Tag>> { cells.iter().map(|c| Tag::parse(c)).collect() };
        let base = ["#date", "#country", "#loc", "#indicator", "#affected+num"];
        let with = |extra: &[&str]| {
            let mut cells = base.to_vec();
            cells.extend(extra);
            map_columns(&parse(&cells))
        };
        let e = with(&["#country+origin+code", "#country+origin+code"]).unwrap_err();
        assert!(e.contains("columns 6, 7"), "{e}");
        // One +code among them is the one read.
        let m = with(&["#country+origin+name", "#country+origin+code"]).unwrap();
        assert_eq!(m.get(Field::Nationality), Some(6));
        let e = with(&["#country+origin", "#country+nationality"]).unwrap_err();
        assert!(e.contains("tagged alike"), "{e}");
    }

    #[test]
    fn the_value_is_the_total_never_a_part_nor_a_guess_between_two() {
        let with = |values: &[&str]| -> Result<Option<usize>, String> {
            let mut cells = vec![
                "#date",
                "#country+code",
                "#loc+code",
                "#country+origin+code",
                "#indicator+code",
            ];
            cells.extend_from_slice(values);
            let tags: Vec<Option<Tag>> = cells.iter().map(|c| Tag::parse(c)).collect();
            map_columns(&tags).map(|m| m.get(Field::Value))
        };
        assert_eq!(
            with(&["#affected+f+num", "#affected+m+num", "#affected+total+num"]),
            Ok(Some(7))
        );
        assert_eq!(
            with(&["#affected+children+num", "#affected+num"]),
            Ok(Some(6))
        );
        let e = with(&["#affected+f+num", "#affected+m+num"]).unwrap_err();
        assert!(
            e.contains(
                "parts of a population (column 6 #affected+f+num, column 7 #affected+m+num)"
            ),
            "{e}"
        );
        let e = with(&["#affected+f+num"]).unwrap_err();
        assert!(e.contains("add a column tagged +total"), "{e}");
        let e = with(&["#affected+num", "#inneed+num"]).unwrap_err();
        assert!(e.contains("several columns could hold the value"), "{e}");
    }
}

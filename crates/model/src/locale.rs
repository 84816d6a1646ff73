//! Numbers, amounts, months and dates as each language writes them: one
//! place for every layer (the early warning's explanations, the pages, the
//! command line), so that "22,170" and "22.170" are decided once.
//!
//! The conventions are CLDR's for each language: English groups with a
//! comma, Spanish and Brazilian Portuguese with a full stop, French with a
//! narrow no-break space (U+202F, [`FR_GROUP`]), so that "1 234,5" never
//! breaks across lines; Spanish leaves four digits ungrouped (1234,5,
//! 12.345). Months are lower case in Spanish, Portuguese and
//! French; Spanish and Portuguese join month and year with "de".

use crate::{Frequency, Lang, Period};

/// French thousands separator: the narrow no-break space CLDR gives.
pub const FR_GROUP: char = '\u{202F}';

/// Digits grouped by thousands and the decimal mark as each language
/// writes them: 1,250,000.50 in English, 1.250.000,50 in Spanish and
/// Portuguese, 1 250 000,50 in French. `integer` may carry a sign;
/// `fraction` is written as given.
pub fn grouped(integer: &str, fraction: Option<&str>, lang: Lang) -> String {
    let (group, mark) = match lang {
        Lang::En => (',', '.'),
        Lang::Es | Lang::Pt => ('.', ','),
        Lang::Fr => (FR_GROUP, ','),
    };
    let (sign, digits) = match integer.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", integer),
    };
    // CLDR's minimum grouping digits: Spanish groups from five digits on
    // (2024, 12.345), the others from four.
    let grouping = !(lang == Lang::Es && digits.len() < 5);
    let mut out = String::from(sign);
    for (i, c) in digits.chars().enumerate() {
        if grouping && i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(c);
    }
    if let Some(f) = fraction.filter(|f| !f.is_empty()) {
        out.push(mark);
        out.push_str(f);
    }
    out
}

/// A count: 1234567 → "1,234,567" (English), "1.234.567" (Spanish,
/// Portuguese) or "1 234 567" (French); 1234 → "1234" in Spanish.
pub fn count(n: u64, lang: Lang) -> String {
    grouped(&n.to_string(), None, lang)
}

/// A figure shown as a whole count: rounded, never below zero.
pub fn number(v: f64, lang: Lang) -> String {
    count(v.round().max(0.0) as u64, lang)
}

/// A figure with `places` decimals: "72.8", "72,8".
pub fn decimal(v: f64, places: usize, lang: Lang) -> String {
    let mut text = format!("{v:.places$}");
    // A value that rounds to zero has no sign: "0.0", never "-0.0".
    if text.starts_with('-') && text.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
        text.remove(0);
    }
    match text.split_once('.') {
        Some((integer, fraction)) => grouped(integer, Some(fraction), lang),
        None => grouped(&text, None, lang),
    }
}

/// A month's name as it is written inside a sentence.
fn month_word(month: u32, lang: Lang) -> &'static str {
    const EN: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    const ES: [&str; 12] = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    const PT: [&str; 12] = [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ];
    const FR: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let names = match lang {
        Lang::En => EN,
        Lang::Es => ES,
        Lang::Pt => PT,
        Lang::Fr => FR,
    };
    names[month as usize - 1]
}

/// CLDR's abbreviated name of `month` (1–12) in `lang`.
fn month_abbr(month: u32, lang: Lang) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const ES: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ];
    const PT: [&str; 12] = [
        "jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez",
    ];
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ];
    let names = match lang {
        Lang::En => EN,
        Lang::Es => ES,
        Lang::Pt => PT,
        Lang::Fr => FR,
    };
    names[month as usize - 1]
}

/// A month as an axis labels it: CLDR's abbreviated month and the year,
/// "Jan 2025", "ene 2025", "jan 2025", "janv. 2025"; other periods as
/// they are written.
pub fn short_month(p: &Period, lang: Lang) -> String {
    match p {
        Period::Month { year, month } => format!("{} {year}", month_abbr(*month, lang)),
        other => other.to_string(),
    }
}

/// A date (RFC 3339 instant or ISO 8601 date) short enough for a table's
/// cell: "1 Dec 2025", "1 dic 2025", "1º dez 2025", "1er déc. 2025"; the
/// text as it is when it is neither.
pub fn short_date(instant: &str, lang: Lang) -> String {
    use chrono::Datelike;
    let Some(d) = calendar_date(instant) else {
        return instant.to_string();
    };
    let month = month_abbr(d.month(), lang);
    match (lang, d.day()) {
        (Lang::Fr, 1) => format!("1er {month} {}", d.year()),
        (Lang::Pt, 1) => format!("1º {month} {}", d.year()),
        (_, day) => format!("{day} {month} {}", d.year()),
    }
}

/// The calendar date of an RFC 3339 instant or an ISO 8601 date.
fn calendar_date(text: &str) -> Option<chrono::NaiveDate> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.date_naive())
        .or_else(|_| chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// The colon between a label and what it labels: French sets a no-break
/// space before it ("Source : OIM"), so that the colon never starts a
/// line; the other three languages set none.
pub fn colon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{a0}: ",
        Lang::En | Lang::Es | Lang::Pt => ": ",
    }
}

/// The semicolon between two items: French sets a narrow no-break space
/// before it, as before "!" and "?".
pub fn semicolon(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "\u{202F}; ",
        Lang::En | Lang::Es | Lang::Pt => "; ",
    }
}

/// A percentage as CLDR writes it: "45%" in English and Portuguese,
/// "45 %" in Spanish (no-break space) and French (narrow no-break space).
/// `figure` is the number already formatted for `lang`.
pub fn percent(figure: &str, lang: Lang) -> String {
    match lang {
        Lang::En | Lang::Pt => format!("{figure}%"),
        Lang::Es => format!("{figure}\u{a0}%"),
        Lang::Fr => format!("{figure}\u{202F}%"),
    }
}

/// A period as people write it: "April 2025", "abril de 2025" (Spanish and
/// Portuguese), "avril 2025"; "week 14 of 2025", "semana 14 de 2025",
/// "semaine 14 de 2025" (ISO weeks); a day as [`date`] writes it.
pub fn month_name(p: &Period, lang: Lang) -> String {
    match p {
        Period::Month { year, month } => {
            let name = month_word(*month, lang);
            match lang {
                Lang::En | Lang::Fr => format!("{name} {year}"),
                Lang::Es | Lang::Pt => format!("{name} de {year}"),
            }
        }
        Period::Week { year, week } => match lang {
            Lang::En => format!("week {week} of {year}"),
            Lang::Es | Lang::Pt => format!("semana {week} de {year}"),
            Lang::Fr => format!("semaine {week} de {year}"),
        },
        Period::Day(d) => date(&d.to_string(), lang),
    }
}

/// When arrivals are expected, as a sentence says it: "around April
/// 2025", "around week 14 of 2025"; "hacia abril de 2025", "hacia la
/// semana 14 de 2025", "hacia el 3 de abril de 2025"; "por volta de abril
/// de 2025", "por volta da semana 14 de 2025"; "vers avril 2025", "vers la
/// semaine 14 de 2025", "vers le 3 avril 2025".
pub fn around_period(p: &Period, lang: Lang) -> String {
    let name = month_name(p, lang);
    match (p.frequency(), lang) {
        (_, Lang::En) => format!("around {name}"),
        (Frequency::Month, Lang::Es) => format!("hacia {name}"),
        (Frequency::Week, Lang::Es) => format!("hacia la {name}"),
        (Frequency::Day, Lang::Es) => format!("hacia el {name}"),
        (Frequency::Month | Frequency::Day, Lang::Pt) => format!("por volta de {name}"),
        (Frequency::Week, Lang::Pt) => format!("por volta da {name}"),
        (Frequency::Month, Lang::Fr) => format!("vers {name}"),
        (Frequency::Week, Lang::Fr) => format!("vers la {name}"),
        (Frequency::Day, Lang::Fr) => format!("vers le {name}"),
    }
}

/// When a figure was counted, as a sentence says it: "in April 2025",
/// "in week 14 of 2025", "on 3 April 2025"; "en abril de 2025", "en la
/// semana 14 de 2025", "el 3 de abril de 2025"; "em abril de 2025", "na
/// semana 14 de 2025", "em 3 de abril de 2025"; "en avril 2025", "la
/// semaine 14 de 2025", "le 3 avril 2025".
pub fn in_period(p: &Period, lang: Lang) -> String {
    let name = month_name(p, lang);
    match (p.frequency(), lang) {
        (Frequency::Month | Frequency::Week, Lang::En) => format!("in {name}"),
        (Frequency::Day, Lang::En) => format!("on {name}"),
        (Frequency::Month, Lang::Es) => format!("en {name}"),
        (Frequency::Week, Lang::Es) => format!("en la {name}"),
        (Frequency::Day, Lang::Es) => format!("el {name}"),
        (Frequency::Month | Frequency::Day, Lang::Pt) => format!("em {name}"),
        (Frequency::Week, Lang::Pt) => format!("na {name}"),
        (Frequency::Month, Lang::Fr) => format!("en {name}"),
        (Frequency::Week, Lang::Fr) => format!("la {name}"),
        (Frequency::Day, Lang::Fr) => format!("le {name}"),
    }
}

/// Months as runs of consecutive ones, each run from its first to its
/// last: "February 2025 – August 2025, October 2025". A text that is not a
/// period is kept as it is.
pub fn month_runs(months: &[String], lang: Lang) -> String {
    let said = |(a, b): (Period, Period)| {
        if a == b {
            month_name(&a, lang)
        } else {
            format!("{} – {}", month_name(&a, lang), month_name(&b, lang))
        }
    };
    let mut out: Vec<String> = Vec::new();
    let mut run: Option<(Period, Period)> = None;
    for m in months {
        match (m.parse::<Period>(), &mut run) {
            (Ok(p), Some((_, last))) if last.offset(1) == p => *last = p,
            (Ok(p), _) => out.extend(run.replace((p, p)).map(said)),
            (Err(_), _) => {
                out.extend(run.take().map(said));
                out.push(m.clone());
            }
        }
    }
    out.extend(run.map(said));
    out.join(", ")
}

/// A stored instant (RFC 3339) or a calendar date (ISO 8601, 2025-06-01)
/// as a date: "1 June 2025", "1 de junio de 2025", "1º de junho de 2025",
/// "1er juin 2025" (French writes the first of the month as an ordinal);
/// the text as it is when it is neither.
pub fn date(instant: &str, lang: Lang) -> String {
    use chrono::Datelike;
    let Some(d) = calendar_date(instant) else {
        return instant.to_string();
    };
    let month = Period::month(d.year(), d.month())
        .map(|p| month_name(&p, lang))
        .unwrap_or_default();
    match (lang, d.day()) {
        // Brazil writes the first of the month as an ordinal, as France does.
        (Lang::Pt, 1) => format!("1º de {month}"),
        (Lang::Es | Lang::Pt, day) => format!("{day} de {month}"),
        (Lang::Fr, 1) => format!("1er {month}"),
        (Lang::En | Lang::Fr, day) => format!("{day} {month}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_and_days_are_written_out_and_said_with_their_preposition() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        assert_eq!(month_name(&p("2025-W14"), Lang::Fr), "semaine 14 de 2025");
        assert_eq!(month_name(&p("2025-04-01"), Lang::Fr), "1er avril 2025");
        assert_eq!(in_period(&p("2025-04-03"), Lang::En), "on 3 April 2025");
        assert_eq!(
            in_period(&p("2025-04-03"), Lang::Es),
            "el 3 de abril de 2025"
        );
        assert_eq!(in_period(&p("2025-W14"), Lang::Pt), "na semana 14 de 2025");
        assert_eq!(in_period(&p("2025-04"), Lang::Fr), "en avril 2025");
        assert_eq!(
            around_period(&p("2025-W14"), Lang::Es),
            "hacia la semana 14 de 2025"
        );
        assert_eq!(
            around_period(&p("2025-04-03"), Lang::Fr),
            "vers le 3 avril 2025"
        );
    }

    #[test]
    fn portuguese_writes_the_first_of_the_month_as_an_ordinal_in_short_too() {
        assert_eq!(short_date("2025-12-01", Lang::Pt), "1º dez 2025");
        assert_eq!(short_date("2025-12-02", Lang::Pt), "2 dez 2025");
    }

    #[test]
    fn consecutive_months_are_one_run() {
        let months: Vec<String> = [
            "2025-02", "2025-03", "2025-04", "2025-06", "2024-12", "2025-01", "later",
        ]
        .iter()
        .map(|m| m.to_string())
        .collect();
        assert_eq!(
            month_runs(&months, Lang::Es),
            "febrero de 2025 – abril de 2025, junio de 2025, diciembre de 2024 – enero de 2025, later"
        );
        assert_eq!(month_runs(&months[3..4], Lang::Fr), "juin 2025");
        assert_eq!(month_runs(&[], Lang::En), "");
    }

    #[test]
    fn axes_abbreviate_months_as_each_language_does() {
        let p: Period = "2025-02".parse().unwrap();
        assert_eq!(short_month(&p, Lang::En), "Feb 2025");
        assert_eq!(short_month(&p, Lang::Es), "feb 2025");
        assert_eq!(short_month(&p, Lang::Pt), "fev 2025");
        assert_eq!(short_month(&p, Lang::Fr), "févr. 2025");
        assert_eq!(short_date("2025-12-01", Lang::Fr), "1er déc. 2025");
        assert_eq!(short_date("2025-12-01", Lang::Es), "1 dic 2025");
        assert_eq!(short_date("2025-11-15T00:00:00Z", Lang::En), "15 Nov 2025");
        assert_eq!(short_date("soon", Lang::Pt), "soon");
    }

    #[test]
    fn calendar_dates_read_as_instants_do() {
        assert_eq!(date("2025-06-01", Lang::Fr), "1er juin 2025");
        assert_eq!(date("2025-12-31", Lang::Es), "31 de diciembre de 2025");
        assert_eq!(date("2025-12-31T23:00:00Z", Lang::En), "31 December 2025");
        assert_eq!(date("2025-13-01", Lang::En), "2025-13-01");
        assert_eq!(date("next year", Lang::En), "next year");
    }

    #[test]
    fn french_spaces_its_colons_semicolons_and_percent_signs() {
        assert_eq!(format!("Source{}OIM", colon(Lang::Fr)), "Source\u{a0}: OIM");
        assert_eq!(format!("Fuente{}OIM", colon(Lang::Es)), "Fuente: OIM");
        assert_eq!(semicolon(Lang::Fr), "\u{202F}; ");
        assert_eq!(semicolon(Lang::Pt), "; ");
        assert_eq!(percent("45", Lang::En), "45%");
        assert_eq!(percent("45", Lang::Pt), "45%");
        assert_eq!(percent("45", Lang::Es), "45\u{a0}%");
        assert_eq!(percent("45,5", Lang::Fr), "45,5\u{202F}%");
    }

    #[test]
    fn decimals_follow_the_language() {
        assert_eq!(decimal(1234.56, 1, Lang::En), "1,234.6");
        assert_eq!(decimal(1234.56, 1, Lang::Es), "1234,6");
        assert_eq!(decimal(12345.6, 1, Lang::Es), "12.345,6");
        assert_eq!(decimal(1234.56, 1, Lang::Pt), "1.234,6");
        assert_eq!(count(2024, Lang::Es), "2024");
        assert_eq!(count(1_234_567, Lang::Es), "1.234.567");
        assert_eq!(decimal(72.0, 0, Lang::Es), "72");
        assert_eq!(decimal(-0.04, 1, Lang::Es), "0,0");
        assert_eq!(decimal(-0.0, 0, Lang::En), "0");
        assert_eq!(decimal(-0.06, 1, Lang::En), "-0.1");
    }

    #[test]
    fn numbers_and_months_read_naturally_in_both_languages() {
        assert_eq!(number(22170.0, Lang::En), "22,170");
        assert_eq!(number(22170.0, Lang::Es), "22.170");
        assert_eq!(number(-3.0, Lang::En), "0");
        assert_eq!(count(999, Lang::En), "999");
        assert_eq!(count(1_234_567, Lang::Es), "1.234.567");
        assert_eq!(grouped("-1250000", Some("50"), Lang::Es), "-1.250.000,50");
        let p: Period = "2023-08".parse().unwrap();
        assert_eq!(month_name(&p, Lang::En), "August 2023");
        assert_eq!(month_name(&p, Lang::Es), "agosto de 2023");
        assert_eq!(date("2025-06-01T10:00:00Z", Lang::Es), "1 de junio de 2025");
    }

    #[test]
    fn portuguese_groups_with_a_full_stop_and_joins_month_and_year_with_de() {
        assert_eq!(decimal(1234.5, 1, Lang::Pt), "1.234,5");
        assert_eq!(count(1_234_567, Lang::Pt), "1.234.567");
        assert_eq!(grouped("-1250000", Some("50"), Lang::Pt), "-1.250.000,50");
        let p: Period = "2025-04".parse().unwrap();
        assert_eq!(month_name(&p, Lang::Pt), "abril de 2025");
        let march: Period = "2024-03".parse().unwrap();
        assert_eq!(month_name(&march, Lang::Pt), "março de 2024");
        assert_eq!(
            date("2025-06-01T10:00:00Z", Lang::Pt),
            "1º de junho de 2025"
        );
        assert_eq!(date("2025-06-02", Lang::Pt), "2 de junho de 2025");
    }

    #[test]
    fn french_groups_with_a_narrow_no_break_space_and_writes_the_first_as_1er() {
        assert_eq!(decimal(1234.5, 1, Lang::Fr), "1\u{202F}234,5");
        assert_eq!(number(22170.0, Lang::Fr), "22\u{202F}170");
        assert_eq!(count(999, Lang::Fr), "999");
        assert_eq!(
            grouped("-1250000", Some("50"), Lang::Fr),
            "-1\u{202F}250\u{202F}000,50"
        );
        let p: Period = "2025-04".parse().unwrap();
        assert_eq!(month_name(&p, Lang::Fr), "avril 2025");
        let aug: Period = "2023-08".parse().unwrap();
        assert_eq!(month_name(&aug, Lang::Fr), "août 2023");
        assert_eq!(date("2025-06-01T10:00:00Z", Lang::Fr), "1er juin 2025");
        assert_eq!(date("2025-02-14T10:00:00Z", Lang::Fr), "14 février 2025");
    }
}

//! The words of a period in an alert's text: "3 weeks running", "the
//! same month a year before", "this day", as the series' frequency and
//! each language say them.

use corredor_model::{Frequency, Lang};

/// "A month over the past year", or the words of another frequency and
/// window: the emergence's usual level is the mean of the `window`
/// periods before the one judged.
pub(super) fn per_period(freq: Frequency, window: usize, lang: Lang) -> String {
    let w = window;
    match (lang, freq) {
        (Lang::En, Frequency::Month) if w == 12 => "a month over the past year".into(),
        (Lang::En, Frequency::Month) => format!("a month over the previous {w} months"),
        (Lang::En, Frequency::Week) => format!("a week over the previous {w} weeks"),
        (Lang::En, Frequency::Day) => format!("a day over the previous {w} days"),
        (Lang::Es, Frequency::Month) if w == 12 => "al mes durante el último año".into(),
        (Lang::Es, Frequency::Month) => format!("al mes durante los {w} meses anteriores"),
        (Lang::Es, Frequency::Week) => format!("a la semana durante las {w} semanas anteriores"),
        (Lang::Es, Frequency::Day) => format!("al día durante los {w} días anteriores"),
        (Lang::Pt, Frequency::Month) if w == 12 => "por mês no último ano".into(),
        (Lang::Pt, Frequency::Month) => format!("por mês nos {w} meses anteriores"),
        (Lang::Pt, Frequency::Week) => format!("por semana nas {w} semanas anteriores"),
        (Lang::Pt, Frequency::Day) => format!("por dia nos {w} dias anteriores"),
        (Lang::Fr, Frequency::Month) if w == 12 => "par mois sur l’année écoulée".into(),
        (Lang::Fr, Frequency::Month) => format!("par mois sur les {w} mois précédents"),
        (Lang::Fr, Frequency::Week) => format!("par semaine sur les {w} semaines précédentes"),
        (Lang::Fr, Frequency::Day) => format!("par jour sur les {w} jours précédents"),
    }
}

/// "3 months running", "3 semanas seguidas", "3 jours d’affilée": periods
/// of the series' own frequency in a row.
pub(super) fn periods_running(n: usize, freq: Frequency, lang: Lang) -> String {
    if n == 1 {
        return match (lang, freq) {
            (Lang::En, Frequency::Month) => "1 month running",
            (Lang::En, Frequency::Week) => "1 week running",
            (Lang::En, Frequency::Day) => "1 day running",
            (Lang::Es, Frequency::Month) => "1 mes seguido",
            (Lang::Es, Frequency::Week) => "1 semana seguida",
            (Lang::Es, Frequency::Day) => "1 día seguido",
            (Lang::Pt, Frequency::Month) => "1 mês seguido",
            (Lang::Pt, Frequency::Week) => "1 semana seguida",
            (Lang::Pt, Frequency::Day) => "1 dia seguido",
            (Lang::Fr, Frequency::Month) => "1 mois d’affilée",
            (Lang::Fr, Frequency::Week) => "1 semaine d’affilée",
            (Lang::Fr, Frequency::Day) => "1 jour d’affilée",
        }
        .to_string();
    }
    match (lang, freq) {
        (Lang::En, Frequency::Month) => format!("{n} months running"),
        (Lang::En, Frequency::Week) => format!("{n} weeks running"),
        (Lang::En, Frequency::Day) => format!("{n} days running"),
        (Lang::Es, Frequency::Month) => format!("{n} meses seguidos"),
        (Lang::Es, Frequency::Week) => format!("{n} semanas seguidas"),
        (Lang::Es, Frequency::Day) => format!("{n} días seguidos"),
        (Lang::Pt, Frequency::Month) => format!("{n} meses seguidos"),
        (Lang::Pt, Frequency::Week) => format!("{n} semanas seguidas"),
        (Lang::Pt, Frequency::Day) => format!("{n} dias seguidos"),
        (Lang::Fr, Frequency::Month) => format!("{n} mois d’affilée"),
        (Lang::Fr, Frequency::Week) => format!("{n} semaines d’affilée"),
        (Lang::Fr, Frequency::Day) => format!("{n} jours d’affilée"),
    }
}

/// "This month", "this week", "this day" as the surge's text says it.
pub(super) fn this_period(freq: Frequency, lang: Lang) -> &'static str {
    match (lang, freq) {
        (Lang::En, Frequency::Month) => "this month",
        (Lang::En, Frequency::Week) => "this week",
        (Lang::En, Frequency::Day) => "this day",
        (Lang::Es, Frequency::Month) => "este mes",
        (Lang::Es, Frequency::Week) => "esta semana",
        (Lang::Es, Frequency::Day) => "este día",
        (Lang::Pt, Frequency::Month) => "este mês",
        (Lang::Pt, Frequency::Week) => "esta semana",
        (Lang::Pt, Frequency::Day) => "este dia",
        (Lang::Fr, Frequency::Month) => "ce mois",
        (Lang::Fr, Frequency::Week) => "cette semaine",
        (Lang::Fr, Frequency::Day) => "ce jour",
    }
}

/// How [`same_before`] is joined to the words before it.
#[derive(Clone, Copy)]
pub(super) enum Case {
    /// "(against none) in the same month a year before"
    In,
    /// "(the 4,938) of the same month a year before"
    Of,
    /// "(growth) over the same month a year before"
    Over,
}

/// The period a season before the one judged, as growth compares with it:
/// the same month or week a year before, the same day a week before (the
/// season of a daily series is its week, [`Frequency::seasonal_period`]).
/// Spanish, Portuguese and French contract the article with the
/// preposition ("del", "no", "du", "à la"), so each case is written whole.
pub(super) fn same_before(freq: Frequency, lang: Lang, case: Case) -> &'static str {
    use Frequency::{Day, Month, Week};
    match (lang, case, freq) {
        (Lang::En, Case::In, Month) => "in the same month a year before",
        (Lang::En, Case::In, Week) => "in the same week a year before",
        (Lang::En, Case::In, Day) => "on the same day a week before",
        (Lang::En, Case::Of, Month) => "of the same month a year before",
        (Lang::En, Case::Of, Week) => "of the same week a year before",
        (Lang::En, Case::Of, Day) => "of the same day a week before",
        (Lang::En, Case::Over, Month) => "over the same month a year before",
        (Lang::En, Case::Over, Week) => "over the same week a year before",
        (Lang::En, Case::Over, Day) => "over the same day a week before",
        (Lang::Es, Case::In, Month) => "en el mismo mes del año anterior",
        (Lang::Es, Case::In, Week) => "en la misma semana del año anterior",
        (Lang::Es, Case::In, Day) => "en el mismo día de la semana anterior",
        (Lang::Es, Case::Of, Month) => "del mismo mes del año anterior",
        (Lang::Es, Case::Of, Week) => "de la misma semana del año anterior",
        (Lang::Es, Case::Of, Day) => "del mismo día de la semana anterior",
        (Lang::Es, Case::Over, Month) => "respecto del mismo mes del año anterior",
        (Lang::Es, Case::Over, Week) => "respecto de la misma semana del año anterior",
        (Lang::Es, Case::Over, Day) => "respecto del mismo día de la semana anterior",
        (Lang::Pt, Case::In, Month) => "no mesmo mês do ano anterior",
        (Lang::Pt, Case::In, Week) => "na mesma semana do ano anterior",
        (Lang::Pt, Case::In, Day) => "no mesmo dia da semana anterior",
        (Lang::Pt, Case::Of, Month) => "do mesmo mês do ano anterior",
        (Lang::Pt, Case::Of, Week) => "da mesma semana do ano anterior",
        (Lang::Pt, Case::Of, Day) => "do mesmo dia da semana anterior",
        (Lang::Pt, Case::Over, Month) => "em relação ao mesmo mês do ano anterior",
        (Lang::Pt, Case::Over, Week) => "em relação à mesma semana do ano anterior",
        (Lang::Pt, Case::Over, Day) => "em relação ao mesmo dia da semana anterior",
        (Lang::Fr, Case::In, Month) => "le même mois un an plus tôt",
        (Lang::Fr, Case::In, Week) => "la même semaine un an plus tôt",
        (Lang::Fr, Case::In, Day) => "le même jour une semaine plus tôt",
        (Lang::Fr, Case::Of, Month) => "du même mois un an plus tôt",
        (Lang::Fr, Case::Of, Week) => "de la même semaine un an plus tôt",
        (Lang::Fr, Case::Of, Day) => "du même jour une semaine plus tôt",
        (Lang::Fr, Case::Over, Month) => "par rapport au même mois un an plus tôt",
        (Lang::Fr, Case::Over, Week) => "par rapport à la même semaine un an plus tôt",
        (Lang::Fr, Case::Over, Day) => "par rapport au même jour une semaine plus tôt",
    }
}

/// The periods a data-quality notice names, as its last sentence says
/// them: "these months", "esas semanas", "ce jour-là" (`single`: one).
pub(crate) fn these(freq: Frequency, single: bool, lang: Lang) -> &'static str {
    match (lang, freq) {
        (Lang::En, Frequency::Month) if single => "that month",
        (Lang::En, Frequency::Week) if single => "that week",
        (Lang::En, Frequency::Day) if single => "that day",
        (Lang::Es, Frequency::Month) if single => "ese mes",
        (Lang::Es, Frequency::Week) if single => "esa semana",
        (Lang::Es, Frequency::Day) if single => "ese día",
        (Lang::Pt, Frequency::Month) if single => "esse mês",
        (Lang::Pt, Frequency::Week) if single => "essa semana",
        (Lang::Pt, Frequency::Day) if single => "esse dia",
        (Lang::Fr, Frequency::Month) if single => "ce mois-là",
        (Lang::Fr, Frequency::Week) if single => "cette semaine-là",
        (Lang::Fr, Frequency::Day) if single => "ce jour-là",
        (Lang::En, Frequency::Month) => "these months",
        (Lang::En, Frequency::Week) => "these weeks",
        (Lang::En, Frequency::Day) => "these days",
        (Lang::Es, Frequency::Month) => "esos meses",
        (Lang::Es, Frequency::Week) => "esas semanas",
        (Lang::Es, Frequency::Day) => "esos días",
        (Lang::Pt, Frequency::Month) => "esses meses",
        (Lang::Pt, Frequency::Week) => "essas semanas",
        (Lang::Pt, Frequency::Day) => "esses dias",
        (Lang::Fr, Frequency::Month) => "ces mois",
        (Lang::Fr, Frequency::Week) => "ces semaines",
        (Lang::Fr, Frequency::Day) => "ces jours",
    }
}

/// The periods a notice names, from `first` to `last` (as
/// [`corredor_model::locale::month_name`] writes them), as its first
/// sentence says them: "February 2025 to April 2025"; "de la semana 11 de
/// 2025 a la semana 12 de 2025", "del 3 de abril de 2025"; "da semana 11
/// de 2025 à semana 12 de 2025"; "pour les mois d’avril 2025 à mai 2025",
/// "du 3 avril 2025 au 5 avril 2025".
pub(super) fn span(first: &str, last: &str, single: bool, freq: Frequency, lang: Lang) -> String {
    use Frequency::{Day, Month, Week};
    match (lang, freq, single) {
        (Lang::En, _, true) => first.to_string(),
        (Lang::En, _, false) => format!("{first} to {last}"),
        (Lang::Es, Month, true) => format!("de {first}"),
        (Lang::Es, Month, false) => format!("de {first} a {last}"),
        (Lang::Es, Week, true) => format!("de la {first}"),
        (Lang::Es, Week, false) => format!("de la {first} a la {last}"),
        (Lang::Es, Day, true) => format!("del {first}"),
        (Lang::Es, Day, false) => format!("del {first} al {last}"),
        (Lang::Pt, Month | Day, true) => format!("de {first}"),
        (Lang::Pt, Month | Day, false) => format!("de {first} a {last}"),
        (Lang::Pt, Week, true) => format!("da {first}"),
        (Lang::Pt, Week, false) => format!("da {first} à {last}"),
        (Lang::Fr, Month, true) => format!("pour {first}"),
        (Lang::Fr, Month, false) => {
            // "de" elides before a vowel: "d’avril 2025", "d’octobre".
            let de = if first
                .starts_with(['a', 'e', 'i', 'o', 'u', 'â', 'é', 'è', 'ê', 'î', 'ô', 'û'])
            {
                "d’"
            } else {
                "de "
            };
            format!("pour les mois {de}{first} à {last}")
        }
        (Lang::Fr, Week, true) => format!("pour la {first}"),
        (Lang::Fr, Week, false) => format!("de la {first} à la {last}"),
        (Lang::Fr, Day, true) => format!("pour le {first}"),
        (Lang::Fr, Day, false) => format!("du {first} au {last}"),
    }
}

/// The periods an outlier was sent for: "para abril de 2025", "para la
/// semana 14 de 2025", "para o dia 3 de abril de 2025"; several periods
/// as [`span`] says them ("de abril de 2025 a mayo de 2025"), since "sent
/// 500 from April to May" reads in each language. English and French say
/// a single period as `span` does ("for April 2025" is in the English
/// sentence, "pour avril 2025" in `span`).
pub(super) fn sent_for(
    first: &str,
    last: &str,
    single: bool,
    freq: Frequency,
    lang: Lang,
) -> String {
    use Frequency::{Day, Month, Week};
    match (lang, freq, single) {
        (Lang::Es, Month, true) => format!("para {first}"),
        (Lang::Es, Week, true) => format!("para la {first}"),
        (Lang::Es, Day, true) => format!("para el {first}"),
        (Lang::Pt, Month, true) => format!("para {first}"),
        (Lang::Pt, Week, true) => format!("para a {first}"),
        (Lang::Pt, Day, true) => format!("para o dia {first}"),
        _ => span(first, last, single, freq, lang),
    }
}

/// "Nos meses anteriores": the Portuguese notice's periods before the
/// break.
pub(super) fn pt_before(freq: Frequency) -> &'static str {
    match freq {
        Frequency::Month => "nos meses anteriores",
        Frequency::Week => "nas semanas anteriores",
        Frequency::Day => "nos dias anteriores",
    }
}

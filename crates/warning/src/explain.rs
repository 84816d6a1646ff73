//! What an alert says, in the OAS's four official languages: English,
//! Spanish, Portuguese (Brazilian) and French, with numbers and months as
//! each writes them (`corredor_model::locale`).
//!
//! Every text is a `match` on [`Lang`] with no wildcard arm, so a language
//! added to `Lang` does not build until each text is written in it.
//!
//! Portuguese and French put an article before most country names ("no
//! Panamá", "au Panama", "aux États-Unis"), which a name alone cannot
//! choose; their texts name countries where no article is needed: in
//! parentheses ("(Estados Unidos; nacionalidade: Venezuela)") or after a
//! noun ("o país informante (Panamá)").

use corredor_model::locale::{decimal, in_period, month_name, number, semicolon};
use corredor_model::{country, Frequency, Lang, Period, SeriesKey};
use serde::Serialize;

use crate::quality::{Break, Notice};
use crate::Level;

pub(crate) mod periods;
use periods::{
    per_period, periods_running, pt_before, same_before, sent_for, span, these, this_period, Case,
};

/// An alert's explanation, one text per language.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    pub en: String,
    pub es: String,
    pub pt: String,
    pub fr: String,
}

impl Explanation {
    /// The text `text` writes in each language.
    pub fn each(text: impl Fn(Lang) -> String) -> Explanation {
        Explanation {
            en: text(Lang::En),
            es: text(Lang::Es),
            pt: text(Lang::Pt),
            fr: text(Lang::Fr),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
            Lang::Pt => &self.pt,
            Lang::Fr => &self.fr,
        }
    }
}

/// The figures a surge's text quotes.
pub(crate) struct Quoted {
    pub observed: f64,
    pub expected: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// What a surge is measured against.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Basis {
    /// The forecast's band, with the months of growth over a year before
    /// the level also rests on (0: none to say).
    Forecast {
        growth: usize,
    },
    LastYear(f64),
}

pub(crate) fn surge(
    key: &SeriesKey,
    period: &Period,
    c: &Quoted,
    months: usize,
    basis: Basis,
) -> Explanation {
    let freq = period.frequency();
    Explanation::each(|lang| {
        let what = capitalise(what(key, lang));
        let observed = number(c.observed, lang);
        let month = in_period(period, lang);
        let expected = number(c.expected, lang);
        let hi95 = number(c.hi95, lang);
        match basis {
            Basis::LastYear(before) => {
                let lo95 = number(c.lo95, lang);
                // Growth from nothing has no ratio worth printing.
                let against = if before < 0.5 {
                    let then = same_before(freq, lang, Case::In);
                    match lang {
                        Lang::En => format!("against none {then}"),
                        Lang::Es => format!("frente a 0 {then}"),
                        Lang::Pt => format!("contra 0 {then}"),
                        Lang::Fr => format!("contre 0 {then}"),
                    }
                } else {
                    let ratio = ratio(c.observed / before, lang);
                    let before = number(before, lang);
                    let then = same_before(freq, lang, Case::Of);
                    match lang {
                        Lang::En => format!("are {ratio}× the {before} {then}"),
                        Lang::Es => format!("{ratio} veces la cifra {then} ({before})"),
                        Lang::Pt => format!("{ratio} vezes o número {then} ({before})"),
                        Lang::Fr => format!("soit {ratio} fois le chiffre {then} ({before})"),
                    }
                };
                // A month under its band while growth over last year runs
                // on says so, in a clause of its own: the movement fell
                // short of its own course this month.
                let below = c.observed < c.lo95;
                let this = this_period(freq, lang);
                let forecast = match (below, lang) {
                    (false, Lang::En) => format!(" (forecast {expected}, 95% range {lo95}–{hi95})"),
                    (true, Lang::En) => format!(", but {this} is below its forecast of {expected} (95% range {lo95}–{hi95})"),
                    (false, Lang::Es) => format!(" (previsión {expected}, intervalo del 95\u{a0}% {lo95}–{hi95})"),
                    (true, Lang::Es) => format!(", pero {this} queda por debajo de su previsión de {expected} (intervalo del 95\u{a0}% {lo95}–{hi95})"),
                    (false, Lang::Pt) => format!(" (previsão {expected}, intervalo de 95% {lo95}–{hi95})"),
                    (true, Lang::Pt) => format!(", mas {this} fica abaixo da sua previsão de {expected} (intervalo de 95% {lo95}–{hi95})"),
                    (false, Lang::Fr) => format!(" (prévision {expected}, intervalle à 95\u{a0}% {lo95}–{hi95})"),
                    (true, Lang::Fr) => format!(", mais {this} reste en deçà de sa prévision de {expected} (intervalle à 95\u{a0}% {lo95}–{hi95})"),
                };
                let running = periods_running(months, freq, lang);
                match lang {
                    Lang::En => format!(
                        "{what} at {observed} {month} {against}; {running} of growth beyond the season{forecast}"
                    ),
                    Lang::Es => format!(
                        "{what}: {observed} {month}, {against}; {running} de crecimiento por encima de lo estacional{forecast}"
                    ),
                    Lang::Pt => format!(
                        "{what}: {observed} {month}, {against}; {running} de crescimento acima da sazonalidade{forecast}"
                    ),
                    Lang::Fr => format!(
                        "{what}\u{a0}: {observed} {month}, {against}\u{202F}; {running} de croissance supérieure à la variation saisonnière{forecast}"
                    ),
                }
            }
            Basis::Forecast { growth } => {
                let ratio = ratio(c.observed / c.expected.max(1.0), lang);
                let running = running(months, freq, lang) + &grown(growth, freq, lang);
                // A month above the 80% band but inside the 95% one (a
                // watch, or a warning held up by the months before) says
                // so, rather than seem to contradict its own range.
                let inside = c.observed <= c.hi95;
                match (lang, inside) {
                    (Lang::En, false) => format!(
                        "{what} at {observed} {month} are {ratio}× the {expected} expected (95% range up to {hi95}){running}"
                    ),
                    (Lang::En, true) => format!(
                        "{what} at {observed} {month} are {ratio}× the {expected} expected (above the 80% range, within the 95% range up to {hi95}){running}"
                    ),
                    (Lang::Es, false) => format!(
                        "{what}: {observed} {month}, {ratio} veces lo esperado ({expected}; intervalo del 95\u{a0}% hasta {hi95}){running}"
                    ),
                    (Lang::Es, true) => format!(
                        "{what}: {observed} {month}, {ratio} veces lo esperado ({expected}; por encima del intervalo del 80\u{a0}%, dentro del intervalo del 95\u{a0}% hasta {hi95}){running}"
                    ),
                    (Lang::Pt, false) => format!(
                        "{what}: {observed} {month}, {ratio} vezes o esperado ({expected}; intervalo de 95% até {hi95}){running}"
                    ),
                    (Lang::Pt, true) => format!(
                        "{what}: {observed} {month}, {ratio} vezes o esperado ({expected}; acima do intervalo de 80%, dentro do intervalo de 95% até {hi95}){running}"
                    ),
                    (Lang::Fr, false) => format!(
                        "{what}\u{a0}: {observed} {month}, soit {ratio} fois la valeur attendue ({expected}\u{202F}; intervalle à 95\u{a0}% jusqu’à {hi95}){running}"
                    ),
                    (Lang::Fr, true) => format!(
                        "{what}\u{a0}: {observed} {month}, soit {ratio} fois la valeur attendue ({expected}\u{202F}; au-dessus de l’intervalle à 80\u{a0}%, dans l’intervalle à 95\u{a0}% jusqu’à {hi95}){running}"
                    ),
                }
            }
        }
    })
}

/// A level's name in `lang`, as the dashboard writes it.
pub fn level_name(level: Level, lang: Lang) -> &'static str {
    match (level, lang) {
        (Level::Watch, Lang::En) => "watch",
        (Level::Watch, Lang::Es) => "vigilancia",
        (Level::Watch, Lang::Pt) => "vigilância",
        (Level::Watch, Lang::Fr) => "vigilance",
        (Level::Warning, Lang::En) => "warning",
        (Level::Warning, Lang::Es) => "advertencia",
        (Level::Warning, Lang::Pt) => "advertência",
        (Level::Warning, Lang::Fr) => "avertissement",
        (Level::Emergency, Lang::En) => "emergency",
        (Level::Emergency, Lang::Es) => "emergencia",
        (Level::Emergency, Lang::Pt) => "emergência",
        (Level::Emergency, Lang::Fr) => "urgence",
    }
}

/// An episode's explanation when its level comes from another of its
/// places (`place` inside `reporter`) than the one whose numbers it
/// quotes: says which, by its code and, where Corredor has one, its name
/// in the reader's language.
pub(crate) fn level_from(
    e: &Explanation,
    level: Level,
    reporter: &str,
    place: &str,
) -> Explanation {
    Explanation::each(|lang| {
        let name = level_name(level, lang);
        let text = e.get(lang);
        let place = match corredor_model::location::name(reporter, place, lang) {
            Some(n) => format!("{place} ({n})"),
            None => place.to_string(),
        };
        match lang {
            Lang::En => format!("{text}; {name} level reached at {place}"),
            Lang::Es => format!("{text}; nivel de {name} alcanzado en {place}"),
            Lang::Pt => format!("{text}; nível de {name} atingido em {place}"),
            Lang::Fr => {
                let de = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "d’"
                } else {
                    "de "
                };
                format!("{text}\u{202F}; niveau {de}{name} atteint au lieu {place}")
            }
        }
    })
}

pub(crate) fn emergence(
    key: &SeriesKey,
    period: &Period,
    window: usize,
    observed: f64,
    usual: f64,
    share: f64,
) -> Explanation {
    Explanation::each(|lang| {
        let per = per_period(period.frequency(), window, lang);
        let what = capitalise(what(key, lang));
        let observed = number(observed, lang);
        let month = in_period(period, lang);
        let usual = number(usual, lang);
        // A share that one decimal would round to 0.0 but is not zero is
        // said as under 0.1%.
        let tiny = share > 0.0 && share * 100.0 < 0.05;
        let pct = decimal(if tiny { 0.1 } else { share * 100.0 }, 1, lang);
        let under = |word: &'static str| if tiny { word } else { "" };
        match lang {
            Lang::En => format!(
                "{what}: {observed} {month}, up from about {usual} {per} ({}{pct}% of the place's total): a nationality newly appearing on the route",
                under("under ")
            ),
            Lang::Es => format!(
                "{what}: {observed} {month}, frente a unas {usual} {per} ({}{pct}\u{a0}% del total del lugar): una nacionalidad que aparece en la ruta",
                under("menos del ")
            ),
            Lang::Pt => format!(
                "{what}: {observed} {month}, ante cerca de {usual} {per} ({}{pct}% do total do local): uma nacionalidade que começa a aparecer na rota",
                under("menos de ")
            ),
            Lang::Fr => format!(
                "{what}\u{a0}: {observed} {month}, contre environ {usual} {per} ({}{pct}\u{a0}% du total du lieu)\u{a0}: une nationalité qui apparaît sur la route",
                under("moins de ")
            ),
        }
    })
}

pub(crate) fn notice(n: &Notice) -> Explanation {
    Explanation::each(|lang| notice_text(n, lang))
}

fn notice_text(n: &Notice, lang: Lang) -> String {
    let reporter =
        country::by_code(&n.reporter).map_or(n.reporter.clone(), |c| c.name_in_text(lang).into());
    let first = month_name(&n.months[0], lang);
    let last = month_name(&n.last(), lang);
    let single = n.months.len() == 1;
    let freq = n.months[0].frequency();
    let these = these(freq, single, lang);
    let months = span(&first, &last, single, freq, lang);
    let sent_for = sent_for(&first, &last, single, freq, lang);
    let last = in_period(&n.last(), lang);
    let series = n.series.len();
    let total = number(n.total, lang);
    let reference = number(n.reference, lang);
    let newcomers = match (n.new_series, lang) {
        (0, _) => String::new(),
        (1, Lang::En) => ", a nationality appearing for the first time".into(),
        (1, Lang::Es) => ", una nacionalidad que aparece por primera vez".into(),
        (1, Lang::Pt) => ", uma nacionalidade que aparece pela primeira vez".into(),
        (1, Lang::Fr) => ", une nationalité apparue pour la première fois".into(),
        (k, Lang::En) => format!(", {k} nationalities appearing at once"),
        (k, Lang::Es) => format!(", {k} nacionalidades que aparecen al mismo tiempo"),
        (k, Lang::Pt) => format!(", {k} nacionalidades que aparecem ao mesmo tempo"),
        (k, Lang::Fr) => format!(", {k} nationalités apparues en même temps"),
    };
    let jump = n.kind == Break::Jump;
    // What is held out: "the 5 series concerned are", or the one.
    let held = match (series, lang) {
        (1, Lang::En) => "The series concerned is held out".to_string(),
        (k, Lang::En) => format!("The {k} series concerned are held out"),
        (1, Lang::Es) => "La serie afectada queda fuera".to_string(),
        (k, Lang::Es) => format!("Las {k} series afectadas quedan fuera"),
        (1, Lang::Pt) => "A série afetada fica fora".to_string(),
        (k, Lang::Pt) => format!("As {k} séries afetadas ficam fora"),
        (1, Lang::Fr) => "La série concernée est tenue à l’écart".to_string(),
        (k, Lang::Fr) => format!("Les {k} séries concernées sont tenues à l’écart"),
    };
    let in_series = match (series, lang) {
        (k, Lang::En) => format!("{k} series"),
        (1, Lang::Es) => "1 serie".to_string(),
        (k, Lang::Es) => format!("{k} series"),
        (1, Lang::Pt | Lang::Fr) => "1 série".to_string(),
        (k, Lang::Pt | Lang::Fr) => format!("{k} séries"),
    };
    match (n.kind, lang) {
        (Break::Jump | Break::Fall, Lang::En) => format!(
            "Figures sent by {reporter} for {months} {} together, as figures do when the way they are counted changes or a policy changes overnight: {total} {last} against about {reference} before{newcomers}. {held} of the early warning until the reporter confirms or revises {these}.",
            if jump { "jump" } else { "fall" },
        ),
        (Break::Jump | Break::Fall, Lang::Es) => format!(
            "Las cifras enviadas por {reporter} {months} {} a la vez, como ocurre cuando cambia la forma de contarlas o una política cambia de un día para otro: {total} {last} frente a unas {reference} antes{newcomers}. {held} de la alerta temprana hasta que el país que informa confirme o revise {these}.",
            if jump { "saltan" } else { "caen" },
        ),
        (Break::Jump | Break::Fall, Lang::Pt) => format!(
            "Os números enviados pelo país informante ({reporter}) {months} {} em conjunto, como acontece quando muda a forma de contá-los ou uma política muda da noite para o dia: {total} {last}, contra cerca de {reference} {}{newcomers}. {held} do alerta antecipado até que o país informante confirme ou revise {these}.",
            if jump { "saltam" } else { "caem" },
            pt_before(freq),
        ),
        (Break::Jump | Break::Fall, Lang::Fr) => format!(
            "Les chiffres envoyés par le pays déclarant ({reporter}) {months} {} ensemble, comme lorsque la manière de les compter change ou qu’une politique change du jour au lendemain\u{a0}: {total} {last} contre environ {reference} auparavant{newcomers}. {held} de l’alerte précoce jusqu’à ce que le pays déclarant confirme ou révise {these}.",
            if jump { "bondissent" } else { "chutent" },
        ),
        (Break::Outlier, Lang::En) => format!(
            "{reporter} sent {total} for {months}, far above anything it has sent before ({in_series}). It is held out of the early warning until the reporter confirms or revises it.",
        ),
        (Break::Outlier, Lang::Es) => format!(
            "{reporter} envió {total} {sent_for}, muy por encima de todo lo que había enviado ({in_series}). Queda fuera de la alerta temprana hasta que el país que informa lo confirme o lo revise.",
        ),
        (Break::Outlier, Lang::Pt) => format!(
            "O país informante ({reporter}) enviou {total} {sent_for}, muito acima de tudo o que havia enviado antes ({in_series}). O número fica fora do alerta antecipado até que o país informante o confirme ou revise.",
        ),
        (Break::Outlier, Lang::Fr) => format!(
            "Le pays déclarant ({reporter}) a envoyé {total} {months}, bien au-dessus de tout ce qu’il avait envoyé auparavant ({in_series}). Ce chiffre est tenu à l’écart de l’alerte précoce jusqu’à ce que le pays déclarant le confirme ou le révise.",
        ),
    }
}

/// A ratio with one decimal, as the language writes it: "2.5", "2,5".
fn ratio(r: f64, lang: Lang) -> String {
    decimal(r, 1, lang)
}

/// What a series counts, where, of whom.
fn what(key: &SeriesKey, lang: Lang) -> String {
    let nat = country::by_code(&key.nationality)
        .map_or(key.nationality.clone(), |c| c.name_in_text(lang).into());
    let place = country::by_code(&key.reporter)
        .map_or(key.reporter.clone(), |c| c.name_in_text(lang).into());
    // The dashboard's names of the indicators, one table for both.
    let indicator = corredor_model::indicator::short_name(&key.indicator, lang)
        .map_or_else(|| key.indicator.replace('_', " "), str::to_string);
    let location = if key.location.as_str() == "ALL" {
        String::new()
    } else {
        let code = key.location.as_str();
        let name = corredor_model::location::name(&key.reporter, code, lang);
        format!(" ({})", name.unwrap_or(code))
    };
    if let Some(whom) = special(&key.nationality, lang) {
        return match lang {
            Lang::En | Lang::Es => format!("{indicator} {whom} {place}{location}"),
            Lang::Pt => format!("{indicator} ({place}{location}; {whom})"),
            Lang::Fr => format!("{indicator} ({place}{location}\u{202F}; {whom})"),
        };
    }
    match lang {
        Lang::En => format!("{indicator} of people from {nat} in {place}{location}"),
        Lang::Es => format!("{indicator} de personas de {nat} en {place}{location}"),
        Lang::Pt => format!("{indicator} ({place}{location}; nacionalidade: {nat})"),
        Lang::Fr => format!("{indicator} ({place}{location}\u{202F}; nationalité\u{a0}: {nat})"),
    }
}

/// Whom a series of one of ICAO's special codes counts, said as a group
/// and not as a country ("people from Stateless" would not be English):
/// in English and Spanish with the preposition before the place, in
/// Portuguese and French as the parenthesis's second part.
fn special(code: &str, lang: Lang) -> Option<&'static str> {
    Some(match (code, lang) {
        (country::STATELESS, Lang::En) => "of stateless people in",
        (country::STATELESS, Lang::Es) => "de personas apátridas en",
        (country::STATELESS, Lang::Pt) => "apátridas",
        (country::STATELESS, Lang::Fr) => "apatrides",
        ("XXB", Lang::En) => "of refugees (1951 Convention) in",
        ("XXB", Lang::Es) => "de personas refugiadas (Convención de 1951) en",
        ("XXB", Lang::Pt) => "refugiados da Convenção de 1951",
        ("XXB", Lang::Fr) => "réfugiés au sens de la Convention de 1951",
        ("XXC", Lang::En) => "of other refugees in",
        ("XXC", Lang::Es) => "de otras personas refugiadas en",
        ("XXC", Lang::Pt) => "outros refugiados",
        ("XXC", Lang::Fr) => "autres réfugiés",
        (country::UNSPECIFIED, Lang::En) => "of people of unspecified or other nationality in",
        (country::UNSPECIFIED, Lang::Es) => "de personas de nacionalidad no especificada u otra en",
        (country::UNSPECIFIED, Lang::Pt) => "nacionalidade não especificada ou outra",
        (country::UNSPECIFIED, Lang::Fr) => "nationalité non précisée ou autre",
        _ => return None,
    })
}

fn capitalise(s: String) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

/// "; 3 months running of growth over the same month a year before":
/// the growth a level raised by the band also rests on, or nothing.
fn grown(months: usize, freq: Frequency, lang: Lang) -> String {
    if months == 0 {
        return String::new();
    }
    let then = semicolon(lang);
    let running = periods_running(months, freq, lang);
    let over = same_before(freq, lang, Case::Over);
    match lang {
        Lang::En => format!("{then}{running} of growth {over}"),
        Lang::Es => format!("{then}{running} de crecimiento {over}"),
        Lang::Pt => format!("{then}{running} de crescimento {over}"),
        Lang::Fr => format!("{then}{running} de croissance {over}"),
    }
}

/// "; 4 months running above the usual range" (French puts a space before
/// the semicolon), or nothing for one period.
fn running(months: usize, freq: Frequency, lang: Lang) -> String {
    if months == 1 {
        return String::new();
    }
    let then = semicolon(lang);
    let running = periods_running(months, freq, lang);
    match lang {
        Lang::En => format!("{then}{running} above the usual range"),
        Lang::Es => format!("{then}{running} por encima del intervalo habitual"),
        Lang::Pt => format!("{then}{running} acima do intervalo habitual"),
        Lang::Fr => format!("{then}{running} au-dessus de la fourchette habituelle"),
    }
}

#[cfg(test)]
mod tests;

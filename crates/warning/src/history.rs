//! What the early warning itself writes in an alert's history, in the four
//! languages of [`Explanation`]: a later detection that updates an alert,
//! and a data-quality notice that closes because its months were revised
//! or confirmed. (When an alert opens, its history quotes its
//! explanation.) What people write there (comments, reasons) is kept as
//! they wrote it.

use corredor_model::locale::{colon, month_name};
use corredor_model::{country, Frequency, Lang, Period};

use crate::explain::{level_name, Explanation};
use crate::Level;

/// A later detection of an alert in month `period`, at level `to` (from
/// `from` before, where that is known and differs), with its explanation.
pub fn updated(
    period: &Period,
    from: Option<Level>,
    to: Level,
    explanation: &Explanation,
) -> Explanation {
    Explanation::each(|lang| {
        let month = month_name(period, lang);
        let level = match from {
            Some(f) if f != to => format!("{} → {}", level_name(f, lang), level_name(to, lang)),
            _ => level_name(to, lang).to_string(),
        };
        let word = match lang {
            Lang::En => "level",
            Lang::Es => "nivel",
            Lang::Pt => "nível",
            Lang::Fr => "niveau",
        };
        let colon = colon(lang);
        format!("{month}, {word} {level}{colon}{}", explanation.get(lang))
    })
}

/// Why a data-quality notice of `reporter` (a country code) on `periods`
/// closed, with the notes its confirmations carried (as their writers
/// wrote them).
pub fn settled(reporter: &str, periods: &[Period], notes: &[String]) -> Explanation {
    let freq = periods.first().map_or(Frequency::Month, |p| p.frequency());
    let single = periods.len() == 1;
    Explanation::each(|lang| {
        let name = country::by_code(reporter).map_or(reporter.into(), |c| c.name_in_text(lang));
        let these = crate::explain::periods::these(freq, single, lang);
        let why = match lang {
            Lang::En => format!("Figures from {name} for {these} were revised or confirmed: the early warning judges them again"),
            Lang::Es => format!("Las cifras de {name} para {these} fueron revisadas o confirmadas: la alerta temprana vuelve a evaluarlas"),
            Lang::Pt => format!("Os números do país informante ({name}) para {these} foram revisados ou confirmados: o alerta antecipado volta a avaliá-los"),
            Lang::Fr => format!("Les chiffres du pays déclarant ({name}) pour {these} ont été révisés ou confirmés\u{a0}: l’alerte précoce les évalue de nouveau"),
        };
        if notes.is_empty() {
            return why;
        }
        let label = match lang {
            Lang::En => "Note with the confirmation",
            Lang::Es => "Nota de la confirmación",
            Lang::Pt => "Nota da confirmação",
            Lang::Fr => "Note jointe à la confirmation",
        };
        format!("{why}. {label}{}{}", colon(lang), notes.join("\n"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explanation() -> Explanation {
        Explanation::each(|lang| format!("text in {}", lang.code()))
    }

    #[test]
    fn an_update_names_the_month_and_a_change_of_level_in_each_language() {
        let p: Period = "2025-02".parse().unwrap();
        let e = updated(&p, Some(Level::Watch), Level::Warning, &explanation());
        assert_eq!(e.en, "February 2025, level watch → warning: text in en");
        assert!(
            e.es.contains("vigilancia → advertencia: text in es"),
            "{}",
            e.es
        );
        assert!(
            e.fr.contains("niveau vigilance → avertissement\u{a0}: text in fr"),
            "{}",
            e.fr
        );
        let same = updated(&p, Some(Level::Warning), Level::Warning, &explanation());
        assert!(
            same.pt.contains("nível advertência: text in pt"),
            "{}",
            same.pt
        );
    }

    #[test]
    fn a_settled_notice_names_the_country_in_each_language() {
        let e = settled("HND", &[], &[]);
        assert!(e.en.starts_with("Figures from Honduras for"), "{}", e.en);
        assert!(e.pt.contains("(Honduras)"), "{}", e.pt);
        assert!(settled("USA", &[], &[])
            .en
            .starts_with("Figures from the United States for"));
        assert!(settled("XYZ", &[], &[])
            .en
            .starts_with("Figures from XYZ for"));
        // The periods it names, one or several, months or weeks.
        let p = |s: &str| s.parse::<Period>().unwrap();
        let one = settled("HND", &[p("2025-03")], &[]);
        assert!(
            one.en
                .starts_with("Figures from Honduras for that month were"),
            "{}",
            one.en
        );
        assert!(one.es.contains("para ese mes fueron"), "{}", one.es);
        let weeks = settled("HND", &[p("2025-W11"), p("2025-W12")], &[]);
        assert!(
            weeks.fr.contains("pour ces semaines ont été"),
            "{}",
            weeks.fr
        );
        assert!(
            weeks.pt.contains("para essas semanas foram"),
            "{}",
            weeks.pt
        );
    }

    #[test]
    fn a_settled_notice_carries_the_notes_of_its_confirmations() {
        let plain = settled("HND", &[], &[]);
        assert!(
            plain.en.starts_with("Figures from Honduras"),
            "{}",
            plain.en
        );
        assert!(!plain.en.contains("Note"));
        let noted = settled("HND", &[], &["new counting at Trojes".to_string()]);
        assert!(
            noted
                .es
                .ends_with("Nota de la confirmación: new counting at Trojes"),
            "{}",
            noted.es
        );
        assert!(
            noted.fr.contains("confirmation\u{a0}: new counting"),
            "{}",
            noted.fr
        );
    }
}

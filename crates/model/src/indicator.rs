//! The vocabulary of indicators: what a number counts.
//!
//! The built-in indicators below are the ones publishers on the corridor
//! report. The vocabulary is extensible: the store keeps its own table,
//! seeded from [`BUILT_IN`], to which the secretariat can add.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Lower-case identifier, e.g. `encounters`.
    pub code: String,
    pub description_en: String,
    pub description_es: String,
}

/// Built-in indicators: (code, English description, Spanish description).
pub const BUILT_IN: &[(&str, &str, &str)] = &[
    (
        "encounters",
        "Encounters of people by border authorities (apprehensions, inadmissibles and expulsions); a person met twice counts twice",
        "Encuentros de personas por las autoridades fronterizas (aprehensiones, inadmisibles y expulsiones); una persona encontrada dos veces cuenta dos veces",
    ),
    (
        "irregular_entries",
        "Irregular entries into the reporting country (e.g. crossings of the Darién recorded at reception stations)",
        "Entradas irregulares al país que reporta (p. ej. cruces del Darién registrados en las estaciones de recepción)",
    ),
    (
        "regular_entries",
        "Regular entries through official border posts",
        "Entradas regulares por puestos fronterizos oficiales",
    ),
    (
        "asylum_claims",
        "Asylum applications lodged",
        "Solicitudes de asilo presentadas",
    ),
    (
        "transit",
        "People recorded in transit through the reporting country",
        "Personas registradas en tránsito por el país que reporta",
    ),
    (
        "stock",
        "People of the nationality present in the reporting country at the end of the period",
        "Personas de la nacionalidad presentes en el país que reporta al final del período",
    ),
    (
        "returns",
        "Returns and deportations to the country of nationality",
        "Retornos y deportaciones al país de nacionalidad",
    ),
    // Capacity (see `crate::capacity`): what a site, or the whole
    // country, can offer on the date of the report; nationality XXX.
    (
        "capacity_reception_places",
        "Capacity: places to receive people on arrival, at the site or in the whole country on the date reported",
        "Capacidad: plazas para recibir a las personas a su llegada, en el sitio o en todo el país en la fecha informada",
    ),
    (
        "capacity_shelter_beds",
        "Capacity: shelter beds for stays of more than a night, on the date reported",
        "Capacidad: camas de albergue para estancias de más de una noche, en la fecha informada",
    ),
    (
        "capacity_staff",
        "Capacity: staff assigned to reception (registration, health, protection), on the date reported",
        "Capacidad: personal asignado a la recepción (registro, salud, protección), en la fecha informada",
    ),
    (
        "capacity_budget_usd",
        "Capacity: budget for the response in whole US dollars, on the date reported",
        "Capacidad: presupuesto para la respuesta en dólares estadounidenses enteros, en la fecha informada",
    ),
];

/// A built-in indicator's short name in `lang`, as a page's title or a
/// table names it; `None` for an indicator the secretariat added.
pub fn short_name(code: &str, lang: crate::Lang) -> Option<&'static str> {
    use crate::Lang::{En, Es, Fr, Pt};
    let names: [&str; 4] = match code {
        "encounters" => ["encounters", "encuentros", "encontros", "interpellations"],
        "irregular_entries" => [
            "irregular entries",
            "entradas irregulares",
            "entradas irregulares",
            "entrées irrégulières",
        ],
        "regular_entries" => [
            "regular entries",
            "entradas regulares",
            "entradas regulares",
            "entrées régulières",
        ],
        "asylum_claims" => [
            "asylum claims",
            "solicitudes de asilo",
            "pedidos de asilo",
            "demandes d’asile",
        ],
        // Counted crossings, so plural like the others: "transits … are".
        "transit" => ["transits", "tránsitos", "trânsitos", "transits"],
        "stock" => [
            "people present",
            "personas presentes",
            "pessoas presentes",
            "personnes présentes",
        ],
        "returns" => ["returns", "retornos", "retornos", "retours"],
        "capacity_reception_places" => [
            "reception places",
            "plazas de recepción",
            "vagas de acolhimento",
            "places d’accueil",
        ],
        "capacity_shelter_beds" => [
            "shelter beds",
            "camas en albergues",
            "leitos em abrigos",
            "lits d’hébergement",
        ],
        "capacity_staff" => ["staff", "personal", "pessoal", "personnel"],
        "capacity_budget_usd" => [
            "budget (US$)",
            "presupuesto (US$)",
            "orçamento (US$)",
            "budget ($\u{a0}US)",
        ],
        _ => return None,
    };
    Some(match lang {
        En => names[0],
        Es => names[1],
        Pt => names[2],
        Fr => names[3],
    })
}

/// Whether `code` is a well-formed indicator identifier: 1–48 characters of
/// lower-case ASCII letters, digits and underscores, starting with a letter.
pub fn is_valid_code(code: &str) -> bool {
    let b = code.as_bytes();
    !b.is_empty()
        && b.len() <= 48
        && b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'_')
}

pub fn built_in() -> impl Iterator<Item = Indicator> {
    BUILT_IN.iter().map(|(c, en, es)| Indicator {
        code: c.to_string(),
        description_en: en.to_string(),
        description_es: es.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_codes_are_valid_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for i in built_in() {
            assert!(is_valid_code(&i.code), "{}", i.code);
            assert!(seen.insert(i.code));
        }
        assert!(!is_valid_code("Encounters"));
        assert!(!is_valid_code("1x"));
        assert!(!is_valid_code(""));
    }

    #[test]
    fn every_built_in_indicator_is_named_in_four_languages() {
        for i in built_in() {
            for lang in crate::Lang::ALL {
                assert!(
                    short_name(&i.code, lang).is_some(),
                    "{} in {lang:?}",
                    i.code
                );
            }
        }
        assert_eq!(short_name("housing", crate::Lang::Es), None);
    }

    #[test]
    fn the_built_in_indicators_include_the_publishers_counts() {
        let codes: Vec<String> = built_in().map(|i| i.code).collect();
        for code in ["irregular_entries", "encounters"] {
            assert!(codes.iter().any(|c| c == code), "{code}: {codes:?}");
        }
    }
}

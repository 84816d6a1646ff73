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
}

//! Pro tempore presidencies. A recorded presidency (a year, a president, a
//! vice, a source) is the answer for its year. For a mechanism that
//! rotates, a later year is reckoned from the latest record before it: the
//! presidency passes each year to the next member in alphabetical order of
//! the members' names in the mechanism's working language, and the member
//! after the president holds the vice presidency. Designated presidencies
//! are known only from the record.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::registry::{Language, Mechanism, PresidencyRule};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Recorded {
    pub mechanism: String,
    pub year: i32,
    pub president: String,
    pub vice: Option<String>,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Basis {
    /// On the record for that year.
    Recorded { source: String },
    /// Reckoned by alphabetical rotation from a recorded year.
    Rotation { from_year: i32, source: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Presidency {
    pub mechanism: String,
    pub year: i32,
    pub president: String,
    pub vice: Option<String>,
    pub basis: Basis,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PresidencyError {
    #[error("{0} has no presidency")]
    NoPresidency(String),
    #[error("{mechanism}'s presidency is designated by its members and none is on record for {year}: record it with `corredor presidency set`")]
    NotDesignated { mechanism: String, year: i32 },
    #[error("no presidency of {mechanism} is on record for {year} or before, to reckon the rotation from: record one with `corredor presidency set`")]
    NoAnchor { mechanism: String, year: i32 },
    #[error("{0} has no members in that year to rotate among")]
    NoMembers(String),
}

/// The sort key of a name in a language's alphabetical order: accents do
/// not count, except that Spanish orders ñ after n.
pub fn collation_key(name: &str, language: Language) -> String {
    let lower = name.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        if language == Language::Es && c == 'ñ' {
            // One past 'n' and before 'o' in every comparison.
            out.push('n');
            out.push('\u{10FFFF}');
            continue;
        }
        out.extend(
            c.to_string()
                .nfd()
                .filter(|c| c.is_alphanumeric() || *c == ' '),
        );
    }
    out
}

fn name(code: &str, language: Language) -> String {
    match corredor_model::country::by_code(code) {
        Some(c) => match language {
            Language::En => c.name_en.to_string(),
            Language::Es => c.name_es.to_string(),
        },
        None => code.to_string(),
    }
}

/// Members in rotation order: alphabetical by name in `language`.
pub fn rotation_order(members: &[&str], language: Language) -> Vec<String> {
    let mut keyed: Vec<(String, String)> = members
        .iter()
        .map(|m| (collation_key(&name(m, language), language), m.to_string()))
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, m)| m).collect()
}

/// The presidency of `mechanism` in `year`, given the records of every
/// year and its members on 1 January of `year`.
pub fn presidency(
    mechanism: &Mechanism,
    records: &[Recorded],
    members: &[&str],
    year: i32,
) -> Result<Presidency, PresidencyError> {
    if mechanism.presidency == PresidencyRule::None {
        return Err(PresidencyError::NoPresidency(mechanism.code.clone()));
    }
    let mine = records.iter().filter(|r| r.mechanism == mechanism.code);
    if let Some(r) = mine.clone().find(|r| r.year == year) {
        return Ok(Presidency {
            mechanism: mechanism.code.clone(),
            year,
            president: r.president.clone(),
            vice: r.vice.clone(),
            basis: Basis::Recorded {
                source: r.source.clone(),
            },
        });
    }
    if mechanism.presidency == PresidencyRule::Designated {
        return Err(PresidencyError::NotDesignated {
            mechanism: mechanism.code.clone(),
            year,
        });
    }
    let anchor = mine
        .filter(|r| r.year < year)
        .max_by_key(|r| r.year)
        .ok_or_else(|| PresidencyError::NoAnchor {
            mechanism: mechanism.code.clone(),
            year,
        })?;
    let order = rotation_order(members, mechanism.language);
    if order.is_empty() {
        return Err(PresidencyError::NoMembers(mechanism.code.clone()));
    }
    // The anchor's place in the order; a president who has since left is
    // placed where its name would sort, so the turn passes to whoever
    // follows it alphabetically.
    let key = collation_key(
        &name(&anchor.president, mechanism.language),
        mechanism.language,
    );
    let n = order.len();
    // Turns past the anchor, modulo the members: in i64, so that no pair
    // of years overflows.
    let steps = usize::try_from((i64::from(year) - i64::from(anchor.year)).rem_euclid(n as i64))
        .expect("a remainder below the members' count");
    let index = match order.iter().position(|m| *m == anchor.president) {
        Some(p) => (p + steps) % n,
        None => {
            let next = order
                .iter()
                .position(|m| collation_key(&name(m, mechanism.language), mechanism.language) > key)
                .unwrap_or(0);
            (next + steps + n - 1) % n
        }
    };
    Ok(Presidency {
        mechanism: mechanism.code.clone(),
        year,
        president: order[index].clone(),
        vice: (n > 1).then(|| order[(index + 1) % n].clone()),
        basis: Basis::Rotation {
            from_year: anchor.year,
            source: anchor.source.clone(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mirps() -> Mechanism {
        crate::seed::registry_2023()
            .mechanism("MIRPS")
            .unwrap()
            .clone()
    }

    const MIRPS: [&str; 7] = ["BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "PAN"];

    fn record(year: i32, president: &str) -> Recorded {
        Recorded {
            mechanism: "MIRPS".into(),
            year,
            president: president.into(),
            vice: None,
            source: "minutes".into(),
        }
    }

    #[test]
    fn spanish_order_of_mirps_members() {
        // Belice, Costa Rica, El Salvador, Guatemala, Honduras, México, Panamá.
        assert_eq!(
            rotation_order(&MIRPS, Language::Es),
            vec!["BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "PAN"]
        );
        // The language matters where the names' initials differ.
        assert_eq!(
            rotation_order(&["DEU", "ESP", "ARG"], Language::Es),
            vec!["DEU", "ARG", "ESP"],
            "Alemania, Argentina, España"
        );
        assert_eq!(
            rotation_order(&["DEU", "ESP", "ARG"], Language::En),
            vec!["ARG", "DEU", "ESP"],
            "Argentina, Germany, Spain"
        );
    }

    #[test]
    fn spanish_orders_enye_after_n() {
        assert!(collation_key("ñu", Language::Es) > collation_key("nz", Language::Es));
        assert!(collation_key("ñu", Language::Es) < collation_key("o", Language::Es));
        assert!(collation_key("México", Language::Es) < collation_key("Mexico z", Language::Es));
    }

    #[test]
    fn rotation_is_reckoned_from_the_latest_record() {
        let records = [record(2020, "BLZ"), record(2024, "CRI")];
        let p = presidency(&mirps(), &records, &MIRPS, 2027).unwrap();
        // 2024 Costa Rica → 2025 El Salvador → 2026 Guatemala → 2027 Honduras.
        assert_eq!(p.president, "HND");
        assert_eq!(p.vice.as_deref(), Some("MEX"));
        assert_eq!(
            p.basis,
            Basis::Rotation {
                from_year: 2024,
                source: "minutes".into()
            }
        );
        // Past Panama it wraps to Belize.
        let p = presidency(&mirps(), &records, &MIRPS, 2030).unwrap();
        assert_eq!(
            (p.president.as_str(), p.vice.as_deref()),
            ("BLZ", Some("CRI"))
        );
        let p = presidency(&mirps(), &records, &MIRPS, 2024).unwrap();
        assert_eq!(p.president, "CRI");
    }

    #[test]
    fn a_president_who_left_passes_the_turn_to_the_next_name() {
        // Costa Rica presided in 2024, then left: El Salvador follows.
        let without: Vec<&str> = MIRPS.iter().copied().filter(|m| *m != "CRI").collect();
        let p = presidency(&mirps(), &[record(2024, "CRI")], &without, 2025).unwrap();
        assert_eq!(p.president, "SLV");
        let p = presidency(&mirps(), &[record(2024, "CRI")], &without, 2026).unwrap();
        assert_eq!(p.president, "GTM");
    }

    #[test]
    fn years_of_any_distance_are_reckoned_without_overflow() {
        let records = [record(i32::MIN, "BLZ")];
        let p = presidency(&mirps(), &records, &MIRPS, i32::MAX).unwrap();
        // 2^32 - 1 turns; 4294967295 = 7 × 613566756 + 3: Guatemala.
        assert_eq!(p.president, "GTM");
        let without: Vec<&str> = MIRPS.iter().copied().filter(|m| *m != "BLZ").collect();
        // Six turns from Belize's place are a whole round of the six left:
        // the sixth after it, Panama; the seventh wraps to Costa Rica.
        let p = presidency(&mirps(), &[record(2020, "BLZ")], &without, 2026).unwrap();
        assert_eq!(p.president, "PAN");
        let p = presidency(&mirps(), &[record(2020, "BLZ")], &without, 2027).unwrap();
        assert_eq!(p.president, "CRI");
    }

    #[test]
    fn designated_and_absent_presidencies_are_not_guessed() {
        let r = crate::seed::registry_2023();
        let crm = r.mechanism("CRM").unwrap();
        assert!(matches!(
            presidency(crm, &[], &["MEX"], 2027),
            Err(PresidencyError::NotDesignated { .. })
        ));
        let dla = r.mechanism("DLA").unwrap();
        assert!(matches!(
            presidency(dla, &[], &["MEX"], 2027),
            Err(PresidencyError::NoPresidency(_))
        ));
        assert!(matches!(
            presidency(&mirps(), &[], &MIRPS, 2027),
            Err(PresidencyError::NoAnchor { .. })
        ));
    }

    proptest::proptest! {
        /// Over as many years as there are members, each presides once,
        /// and each year's vice presides the year after.
        #[test]
        fn every_member_presides_once_per_round(
            picks in proptest::sample::subsequence(
                vec!["ARG", "BLZ", "BRA", "CAN", "CHL", "COL", "CRI", "ECU", "SLV", "GTM", "HND", "MEX", "PAN", "PER"],
                1..14,
            ),
            anchor in 0usize..14,
            from in 2000i32..2100,
        ) {
            let anchor = picks[anchor % picks.len()];
            let records = [Recorded {
                mechanism: "MIRPS".into(),
                year: from,
                president: anchor.into(),
                vice: None,
                source: "s".into(),
            }];
            let n = picks.len() as i32;
            let years: Vec<Presidency> = (1..=n + 1)
                .map(|k| presidency(&mirps(), &records, &picks, from + k).unwrap())
                .collect();
            let mut presidents: Vec<&str> = years[..n as usize].iter().map(|p| p.president.as_str()).collect();
            presidents.sort();
            let mut members = picks.clone();
            members.sort();
            proptest::prop_assert_eq!(presidents, members);
            for w in years.windows(2) {
                if n > 1 {
                    proptest::prop_assert_eq!(w[0].vice.as_deref(), Some(w[1].president.as_str()));
                }
            }
            // The round closes where it started.
            proptest::prop_assert_eq!(&years[n as usize - 1].president, anchor);
        }
    }
}

//! One alert per movement: alerts of one reporter, nationality and
//! indicator at several places of its hierarchy in one month are one
//! episode.

use std::collections::BTreeMap;

use corredor_model::Period;

use crate::detect::Alert;
use crate::explain;

/// Alerts of one reporter, nationality and indicator at several places
/// in one month: the same movement seen at a country's border and at its
/// sectors (`USA/ALL` and `USA/USBP_SWB`). One alert stays, at the highest
/// place (`ALL`, else the largest), at the group's highest level, with the
/// other places listed.
pub(crate) fn episodes(alerts: Vec<Alert>) -> Vec<Alert> {
    let mut groups: BTreeMap<(String, String, String, Period), Vec<Alert>> = BTreeMap::new();
    for a in alerts {
        groups
            .entry((
                a.key.reporter.clone(),
                a.key.nationality.clone(),
                a.key.indicator.clone(),
                a.period,
            ))
            .or_default()
            .push(a);
    }
    groups
        .into_values()
        .map(|mut group| {
            group.sort_by(|a, b| {
                let all = |x: &Alert| x.key.location.as_str() == "ALL";
                all(b)
                    .cmp(&all(a))
                    .then(b.observed.total_cmp(&a.observed))
                    .then(a.id.cmp(&b.id))
            });
            let level = group.iter().map(|a| a.level).max().expect("a group");
            let mut head = group.remove(0);
            if head.level < level {
                // The numbers quoted are the highest place's; the level is
                // another's, and the explanation says whose.
                if let Some(from) = group.iter().find(|a| a.level == level) {
                    head.explanation = explain::level_from(
                        &head.explanation,
                        level,
                        &from.key.reporter,
                        from.key.location.as_str(),
                    );
                }
            }
            head.level = level;
            head.places = group
                .iter()
                .map(|a| a.key.location.as_str().to_string())
                .collect();
            head.places.sort();
            head
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{AlertKind, Level};

    fn p(s: &str) -> Period {
        s.parse().unwrap()
    }

    fn alert(location: &str, level: Level, observed: f64) -> Alert {
        Alert {
            id: location.to_string(),
            kind: AlertKind::Surge,
            level,
            key: format!("USA/{location}/IND/encounters").parse().unwrap(),
            period: p("2024-06"),
            observed,
            expected: 3_690.0,
            lo95: 1_900.0,
            hi95: 7_180.0,
            reference: 3_690.0,
            excess: observed - 3_690.0,
            score: 1.0,
            months: 3,
            explanation: explain::Explanation::each(|_| "quoted".to_string()),
            places: Vec::new(),
            covers: None,
        }
    }

    #[test]
    fn an_episode_whose_level_is_a_sectors_says_so() {
        let one = episodes(vec![
            alert("USBP_SWB", Level::Warning, 4_900.0),
            alert("ALL", Level::Watch, 5_050.0),
        ]);
        assert_eq!(one.len(), 1);
        let head = &one[0];
        assert_eq!(head.key.location.as_str(), "ALL");
        assert_eq!(head.level, Level::Warning);
        assert_eq!(head.places, vec!["USBP_SWB".to_string()]);
        assert_eq!(
            head.explanation.en,
            "quoted; warning level reached at USBP_SWB (southwest land border, Border Patrol)"
        );
        assert!(head
            .explanation
            .es
            .ends_with("nivel de advertencia alcanzado en USBP_SWB (frontera terrestre suroeste, Patrulla Fronteriza)"));
        assert!(head
            .explanation
            .fr
            .ends_with("niveau d’avertissement atteint au lieu USBP_SWB (frontière terrestre du sud-ouest, Patrouille frontalière)"));
        assert!(head
            .explanation
            .pt
            .ends_with("nível de advertência atingido em USBP_SWB (fronteira terrestre sudoeste, Patrulha de Fronteira)"));
        // A head at the group's level is quoted as it is.
        let same = episodes(vec![
            alert("USBP_SWB", Level::Watch, 4_900.0),
            alert("ALL", Level::Warning, 5_050.0),
        ]);
        assert_eq!(same[0].explanation.en, "quoted");
        // And so is a head that shares the group's level with a sector.
        let both = episodes(vec![
            alert("USBP_SWB", Level::Warning, 4_900.0),
            alert("ALL", Level::Warning, 5_050.0),
        ]);
        assert_eq!(both[0].level, Level::Warning);
        assert_eq!(both[0].explanation.en, "quoted");
    }

    #[test]
    fn without_a_country_wide_place_the_largest_heads_and_places_are_sorted() {
        let one = episodes(vec![
            alert("USBP_SWB", Level::Watch, 4_900.0),
            alert("USBP_NLB", Level::Warning, 300.0),
        ]);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].key.location.as_str(), "USBP_SWB");
        assert_eq!(one[0].level, Level::Warning);
        assert_eq!(one[0].places, vec!["USBP_NLB".to_string()]);
        assert_eq!(
            one[0].explanation.en,
            "quoted; warning level reached at USBP_NLB (northern land border, Border Patrol)"
        );
        // Places are listed by name, not by size.
        let three = episodes(vec![
            alert("SWB", Level::Watch, 100.0),
            alert("ALL", Level::Watch, 5_050.0),
            alert("USBP_SWB", Level::Watch, 4_900.0),
        ]);
        assert_eq!(three[0].key.location.as_str(), "ALL");
        assert_eq!(
            three[0].places,
            vec!["SWB".to_string(), "USBP_SWB".to_string()]
        );
        // Another month or another nationality is another episode.
        let mut later = alert("ALL", Level::Watch, 10.0);
        later.period = p("2024-07");
        let mut other = alert("ALL", Level::Watch, 10.0);
        other.key = "USA/ALL/VEN/encounters".parse().unwrap();
        assert_eq!(
            episodes(vec![alert("ALL", Level::Watch, 10.0), later, other]).len(),
            3
        );
    }
}

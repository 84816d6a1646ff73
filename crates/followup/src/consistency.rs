//! National measures against regional commitments: a country's measure
//! that restricts protection or pathways on a theme runs against its own
//! commitments in working groups on that theme, and against the groups on
//! that theme it leads. Measures that expand protection are kept too (the
//! scorecard shows them) but never listed as inconsistent.

use std::str::FromStr;

use chrono::NaiveDate;
use serde::Serialize;

use crate::commitment::{Commitment, State};
use crate::groups::{roster_on, GroupEvent};
use crate::registry::Registry;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    Expands,
    Restricts,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Expands => "expands",
            Effect::Restricts => "restricts",
        }
    }
}

impl FromStr for Effect {
    type Err = String;
    fn from_str(s: &str) -> Result<Effect, String> {
        match s {
            "expands" => Ok(Effect::Expands),
            "restricts" => Ok(Effect::Restricts),
            _ => Err(format!("effect '{s}': use expands or restricts")),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct NationalMeasure {
    pub id: i64,
    pub country: String,
    pub date: NaiveDate,
    pub title: String,
    /// A word of [`crate::themes::THEMES`].
    pub theme: String,
    pub effect: Effect,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Inconsistency {
    pub measure: NationalMeasure,
    /// Adopted commitments of the same country in groups on the theme.
    pub commitments: Vec<String>,
    /// Groups on the theme the country leads or co-leads.
    pub led_groups: Vec<String>,
}

/// Restrictive measures that run against the country's commitments or the
/// groups it leads (on the measure's date, its changes of lead in
/// `events` counted), by date.
pub fn report(
    registry: &Registry,
    commitments: &[Commitment],
    measures: &[NationalMeasure],
    events: &[GroupEvent],
) -> Vec<Inconsistency> {
    let theme_of = |group: &str| registry.group(group).and_then(|g| g.theme.as_deref());
    let mut out: Vec<Inconsistency> = measures
        .iter()
        .filter(|m| m.effect == Effect::Restricts)
        .filter_map(|m| {
            let commitments: Vec<String> = commitments
                .iter()
                .filter(|c| c.state == State::Adopted)
                .filter(|c| c.countries.contains(&m.country))
                .filter(|c| theme_of(&c.group) == Some(m.theme.as_str()))
                .map(|c| c.id.clone())
                .collect();
            let led_groups: Vec<String> = registry
                .groups
                .iter()
                .filter(|g| g.theme.as_deref() == Some(m.theme.as_str()))
                .filter(|g| {
                    let r = roster_on(g, events, m.date);
                    r.leads.iter().chain(&r.co_leads).any(|l| *l == m.country)
                })
                .map(|g| g.id.clone())
                .collect();
            (!commitments.is_empty() || !led_groups.is_empty()).then(|| Inconsistency {
                measure: m.clone(),
                commitments,
                led_groups,
            })
        })
        .collect();
    out.sort_by_key(|i| (i.measure.date, i.measure.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::groups::EventKind;

    fn measure(id: i64, country: &str, theme: &str, effect: Effect) -> NationalMeasure {
        NationalMeasure {
            id,
            country: country.into(),
            date: "2024-01-01".parse().unwrap(),
            title: format!("measure {id}"),
            theme: theme.into(),
            effect,
            source: "official gazette".into(),
        }
    }

    #[test]
    fn restrictive_measures_on_a_theme_a_country_leads_or_committed_to_are_listed() {
        let r = crate::seed::registry_2023();
        let commitments = vec![
            Commitment {
                id: "C1".into(),
                title: "Regularise".into(),
                group: "dla-regularisation".into(),
                countries: vec!["ECU".into(), "COL".into()],
                state: State::Adopted,
                source: "s".into(),
            },
            Commitment {
                id: "C2".into(),
                title: "Draft".into(),
                group: "dla-regularisation".into(),
                countries: vec!["PER".into()],
                state: State::Draft,
                source: "s".into(),
            },
        ];
        let measures = vec![
            // Ecuador committed to regularisation: inconsistent.
            measure(1, "ECU", "regularisation", Effect::Restricts),
            // The same, expanding: consistent.
            measure(2, "ECU", "regularisation", Effect::Expands),
            // Peru leads the xenophobia group; its draft commitment on
            // regularisation does not count.
            measure(3, "PER", "xenophobia", Effect::Restricts),
            measure(4, "PER", "regularisation", Effect::Restricts),
            // Brazil leads the Quito Process's asylum group.
            measure(5, "BRA", "asylum", Effect::Restricts),
            // Jamaica neither committed nor leads on visas.
            measure(6, "JAM", "visas", Effect::Restricts),
            // Ecuador's commitment is on regularisation, not visas.
            measure(7, "ECU", "visas", Effect::Restricts),
            // Peru co-leads the visas group (and leads xenophobia, which
            // is another theme).
            measure(8, "PER", "visas", Effect::Restricts),
        ];
        let found = report(&r, &commitments, &measures, &[]);
        let listed: Vec<(i64, Vec<String>, Vec<String>)> = found
            .into_iter()
            .map(|i| (i.measure.id, i.commitments, i.led_groups))
            .collect();
        assert_eq!(
            listed,
            vec![
                (1, vec!["C1".to_string()], vec![]),
                (3, vec![], vec!["dla-xenophobia".to_string()]),
                (5, vec![], vec!["qp-asylum".to_string()]),
                (8, vec![], vec!["dla-visas".to_string()]),
            ]
        );
        // Jamaica takes the lead of the visas group: its measure dated
        // after is listed, one dated before is not.
        let lead = |date: &str| GroupEvent {
            group: "dla-visas".into(),
            participant: "JAM".into(),
            kind: EventKind::Lead,
            date: date.parse().unwrap(),
            source: "minutes".into(),
        };
        let jamaica = [measure(6, "JAM", "visas", Effect::Restricts)];
        let found = report(&r, &commitments, &jamaica, &[lead("2023-06-01")]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].led_groups, vec!["dla-visas".to_string()]);
        assert!(report(&r, &commitments, &jamaica, &[lead("2024-06-01")]).is_empty());
    }
}

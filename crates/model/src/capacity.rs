//! Capacity: what a country can offer a response — reception places,
//! shelter beds, staff, budget — as countries report it.
//!
//! Capacity is kept as ordinary series in the store, so that it is
//! imported, revised (every vintage kept), shared and audited like any
//! other figure. A capacity series is a series whose indicator code begins
//! with [`PREFIX`]: the built-in kinds are [`CapacityKind`]'s, and the
//! secretariat may add others under the same prefix. Its location is the
//! site (a reception station, a shelter) or `ALL` for the whole country;
//! its period is the date (or month) the figure describes; its nationality
//! is always `XXX`, because a place is not counted by nationality.
//!
//! Capacity is a stock of places, not a flow of people: the early warning
//! never reads it (a shelter opening 500 beds is not a surge).

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;

use crate::period::Period;

/// Every capacity indicator's code begins with this.
pub const PREFIX: &str = "capacity_";

/// Whether `indicator` counts capacity rather than people.
pub fn is_capacity(indicator: &str) -> bool {
    indicator.starts_with(PREFIX)
}

/// The kinds of capacity the response protocol asks countries for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CapacityKind {
    /// Places to receive people on arrival (registration, first aid, a night).
    ReceptionPlaces,
    /// Beds in shelters for stays of more than a night.
    ShelterBeds,
    /// Staff assigned to reception (registration, health, protection).
    Staff,
    /// Budget for the response, in whole US dollars.
    BudgetUsd,
}

impl CapacityKind {
    pub const ALL: [CapacityKind; 4] = [
        CapacityKind::ReceptionPlaces,
        CapacityKind::ShelterBeds,
        CapacityKind::Staff,
        CapacityKind::BudgetUsd,
    ];

    /// The indicator code of its series.
    pub fn indicator(self) -> &'static str {
        match self {
            CapacityKind::ReceptionPlaces => "capacity_reception_places",
            CapacityKind::ShelterBeds => "capacity_shelter_beds",
            CapacityKind::Staff => "capacity_staff",
            CapacityKind::BudgetUsd => "capacity_budget_usd",
        }
    }

    /// The short name the command line and the API take.
    pub fn as_str(self) -> &'static str {
        &self.indicator()[PREFIX.len()..]
    }

    /// Whether it counts persons a site can take (and so can bound a
    /// placement).
    pub fn counts_persons(self) -> bool {
        matches!(
            self,
            CapacityKind::ReceptionPlaces | CapacityKind::ShelterBeds
        )
    }
}

impl serde::Serialize for CapacityKind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for CapacityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a kind of capacity: use reception_places, shelter_beds, staff or budget_usd")]
pub struct CapacityKindError(pub String);

impl FromStr for CapacityKind {
    type Err = CapacityKindError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        CapacityKind::ALL
            .into_iter()
            .find(|k| k.as_str() == t || k.indicator() == t)
            .ok_or_else(|| CapacityKindError(s.to_string()))
    }
}

/// One reported figure: a site's (or the whole country's) capacity on a
/// period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reported<T> {
    pub period: Period,
    pub value: u64,
    /// What else the caller keeps with it (source, sharing, revision).
    pub extra: T,
}

/// The report that holds on `on`: the latest whose period has begun by
/// then. A report describes its period from its first day, so a monthly
/// report for March holds from 1 March. Among reports of the same first
/// day the longer period is the later (a month outlasts its first day).
pub fn latest_on<T>(reports: &[Reported<T>], on: NaiveDate) -> Option<&Reported<T>> {
    reports
        .iter()
        .filter(|r| r.period.first_day() <= on)
        .max_by_key(|r| (r.period.first_day(), r.period.last_day()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_and_are_capacity() {
        for k in CapacityKind::ALL {
            assert_eq!(k.as_str().parse::<CapacityKind>().unwrap(), k);
            assert_eq!(k.indicator().parse::<CapacityKind>().unwrap(), k);
            assert!(is_capacity(k.indicator()));
            assert!(crate::indicator::is_valid_code(k.indicator()));
        }
        assert!(!is_capacity("encounters"));
        assert!("beds".parse::<CapacityKind>().is_err());
    }

    #[test]
    fn the_latest_report_is_the_last_begun_by_the_date() {
        let r = |p: &str, v| Reported {
            period: p.parse().unwrap(),
            value: v,
            extra: (),
        };
        let reports = [
            r("2024-01-10", 100),
            r("2024-03-01", 300),
            r("2024-02-15", 200),
        ];
        let on = |d: &str| latest_on(&reports, d.parse().unwrap()).map(|r| r.value);
        assert_eq!(on("2024-01-09"), None);
        assert_eq!(on("2024-02-20"), Some(200));
        assert_eq!(on("2024-12-31"), Some(300));
        let months = [r("2024-02", 5), r("2024-03", 7)];
        assert_eq!(
            latest_on(&months, "2024-03-01".parse().unwrap()).map(|r| r.value),
            Some(7)
        );
    }

    #[test]
    fn places_and_beds_count_persons_and_staff_and_money_do_not() {
        let counted: Vec<(&str, bool)> = CapacityKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.counts_persons()))
            .collect();
        assert_eq!(
            counted,
            [
                ("reception_places", true),
                ("shelter_beds", true),
                ("staff", false),
                ("budget_usd", false)
            ]
        );
        for kind in CapacityKind::ALL {
            assert_eq!(kind.to_string(), kind.as_str());
        }
    }
}

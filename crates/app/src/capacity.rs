//! Capacity as countries report it: the latest figure of each site, and of
//! each country, read from the store like any other series (so sharing,
//! revisions and audit are those of observations), and what responsibility
//! sharing makes of it — an input of a key, the sites of a placement.
//!
//! The rules, written once here:
//! - **Latest.** A site's capacity on a date is its current figure (the
//!   latest revision) for the latest period begun by then
//!   ([`corredor_model::capacity::latest_on`]).
//! - **A country's capacity** is its whole-country figure (location
//!   `ALL`) when it reports one; otherwise the sum of its sites' latest
//!   figures, dated by the oldest of them (a sum is as old as its oldest
//!   part). A country that reports both is read by its own total: adding
//!   the sites to it would count them twice.
//! - **Sites of a placement** are the sites a country reports; a country
//!   that reports only its total is one site named by its code.
//!
//! Every read passes the caller's [`Access`]: a figure one may not see is
//! not there for them, neither in a key nor in a placement.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use corredor_model::capacity::{latest_on, CapacityKind, Reported};
use corredor_model::country::UNSPECIFIED;
use corredor_model::series::ALL;
use corredor_model::ShareLevel;
use corredor_sharing::assemble::Input;
use corredor_store::{Access, Filter, ReadOptions, Store};
use serde::Serialize;

use crate::Result;

/// One site's (or a whole country's) latest capacity report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SiteReport {
    pub reporter: String,
    /// The site, or `ALL` for the whole country.
    pub location: String,
    /// `reception_places`, `shelter_beds`, `staff` or `budget_usd`.
    #[schema(value_type = String)]
    pub kind: CapacityKind,
    /// The date (or week, or month) the figure describes.
    pub period: String,
    pub value: u64,
    pub source: Option<String>,
    /// `public`, `members` or `restricted`.
    #[schema(value_type = String)]
    pub share: ShareLevel,
    pub received_at: String,
    /// 1 for the first figure of that period, more when revised.
    pub revision: u32,
}

/// A country's capacity of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CountryCapacity {
    pub country: String,
    /// As [`SiteReport::kind`].
    #[schema(value_type = String)]
    pub kind: CapacityKind,
    pub value: u64,
    /// The period of its report; for a sum of sites, the oldest of theirs.
    pub period: String,
    /// How many site reports were added up (0: the whole-country figure).
    pub sites: u32,
}

/// The latest report of each site (and whole country) of `kind`, as it
/// holds on `on`, that `access` may see; by reporter, then location.
pub fn latest(
    store: &mut dyn Store,
    access: &Access,
    kind: CapacityKind,
    on: NaiveDate,
) -> Result<Vec<SiteReport>> {
    let filter = Filter {
        nationalities: vec![UNSPECIFIED.to_string()],
        indicators: vec![kind.indicator().to_string()],
        ..Filter::default()
    };
    let mut by_site: BTreeMap<(String, String), Vec<Reported<SiteReport>>> = BTreeMap::new();
    store.observations(&filter, &ReadOptions::default(), access, &mut |o| {
        let report = SiteReport {
            reporter: o.key.reporter.clone(),
            location: o.key.location.to_string(),
            kind,
            period: o.period.to_string(),
            value: o.value,
            source: o.source,
            share: o.sharing.level,
            received_at: o.received_at,
            revision: o.revision,
        };
        by_site
            .entry((o.key.reporter, o.key.location.to_string()))
            .or_default()
            .push(Reported {
                period: o.period,
                value: o.value,
                extra: report,
            });
        Ok(())
    })?;
    Ok(by_site
        .values()
        .filter_map(|reports| latest_on(reports, on).map(|r| r.extra.clone()))
        .collect())
}

/// Each country's capacity from its sites' latest reports (see the module's
/// rule), by country.
pub fn by_country(reports: &[SiteReport]) -> Vec<CountryCapacity> {
    let mut countries: BTreeMap<&str, Vec<&SiteReport>> = BTreeMap::new();
    for r in reports {
        countries.entry(&r.reporter).or_default().push(r);
    }
    countries
        .into_iter()
        .map(|(country, reports)| {
            let whole = reports.iter().find(|r| r.location == ALL);
            match whole {
                Some(r) => CountryCapacity {
                    country: country.to_string(),
                    kind: r.kind,
                    value: r.value,
                    period: r.period.clone(),
                    sites: 0,
                },
                None => CountryCapacity {
                    country: country.to_string(),
                    kind: reports[0].kind,
                    value: reports.iter().map(|r| r.value).sum(),
                    period: oldest(&reports),
                    sites: reports.len() as u32,
                },
            }
        })
        .collect()
}

fn oldest(reports: &[&SiteReport]) -> String {
    reports
        .iter()
        .filter_map(|r| r.period.parse::<corredor_model::Period>().ok())
        .min_by_key(|p| p.first_day())
        .map(|p| p.to_string())
        .unwrap_or_default()
}

/// A country's latest capacity of every kind it reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CountryReports {
    pub country: String,
    /// One per kind reported, in the order of [`CapacityKind::ALL`].
    pub capacity: Vec<CountryCapacity>,
}

/// Each country's latest capacity of every kind on `on`, as `access` may
/// see it: what the dashboard shows.
pub fn overview(
    store: &mut dyn Store,
    access: &Access,
    on: NaiveDate,
) -> Result<Vec<CountryReports>> {
    let mut countries: BTreeMap<String, Vec<CountryCapacity>> = BTreeMap::new();
    for kind in CapacityKind::ALL {
        for c in by_country(&latest(store, access, kind, on)?) {
            countries.entry(c.country.clone()).or_default().push(c);
        }
    }
    Ok(countries
        .into_iter()
        .map(|(country, capacity)| CountryReports { country, capacity })
        .collect())
}

/// The sites file of `share place` (`id,country,capacity,services,
/// reported`) from the latest reports of a kind that counts persons.
/// Services are left empty: reports do not say them; add them to the file
/// before placing families with needs.
pub fn sites_csv(kind: CapacityKind, reports: &[SiteReport]) -> Result<Vec<u8>> {
    if !kind.counts_persons() {
        return Err(crate::Error::Invalid(format!(
            "{kind} does not count persons: place families by reception_places or shelter_beds"
        )));
    }
    let mut out = String::from("id,country,capacity,services,reported\n");
    let mut countries: BTreeMap<&str, Vec<&SiteReport>> = BTreeMap::new();
    for r in reports {
        countries.entry(&r.reporter).or_default().push(r);
    }
    for (country, reports) in countries {
        let sites: Vec<&&SiteReport> = reports.iter().filter(|r| r.location != ALL).collect();
        if sites.is_empty() {
            for r in reports.iter().filter(|r| r.location == ALL) {
                out.push_str(&format!("{country},{country},{},,{}\n", r.value, r.period));
            }
        } else {
            for r in sites {
                out.push_str(&format!(
                    "{country}/{},{country},{},,{}\n",
                    r.location, r.value, r.period
                ));
            }
        }
    }
    Ok(out.into_bytes())
}

/// The inputs of a key's capacity criterion for `countries` and the
/// reference `year`: each country's capacity on 31 December of that year
/// (the latest report at or before it), its year and where it came from;
/// a country without a report is a gap with its reason, for the key's gap
/// rule to refuse or renormalise like any other.
pub fn key_inputs(
    kind: CapacityKind,
    capacity: &[CountryCapacity],
    countries: &[String],
    year: i32,
) -> Vec<Input> {
    countries
        .iter()
        .map(|c| match capacity.iter().find(|x| &x.country == c) {
            Some(x) => Input::Figure {
                value: x.value as f64,
                year: x
                    .period
                    .parse::<corredor_model::Period>()
                    .map(|p| p.first_day().year())
                    .unwrap_or(year),
                source: if x.sites == 0 {
                    format!("{c}'s capacity report ({}, {})", kind.indicator(), x.period)
                } else {
                    format!(
                        "{c}'s capacity reports ({}, {} sites, oldest {})",
                        kind.indicator(),
                        x.sites,
                        x.period
                    )
                },
            },
            None => Input::Gap {
                reason: format!(
                    "no {} report of {c} at or before {year} in the store",
                    kind.indicator()
                ),
            },
        })
        .collect()
}

/// The last day of `year`: the date a key for that year reads capacity on.
pub fn end_of(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 12, 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(reporter: &str, location: &str, period: &str, value: u64) -> SiteReport {
        SiteReport {
            reporter: reporter.into(),
            location: location.into(),
            kind: CapacityKind::ReceptionPlaces,
            period: period.into(),
            value,
            source: None,
            share: ShareLevel::Public,
            received_at: String::new(),
            revision: 1,
        }
    }

    #[test]
    fn a_country_is_its_total_or_the_sum_of_its_sites_dated_by_the_oldest() {
        let reports = [
            report("CRI", "ALL", "2024-11-01", 900),
            report("CRI", "PASO_CANOAS", "2024-11-20", 400),
            report("PAN", "LAJAS_BLANCAS", "2024-10-01", 500),
            report("PAN", "SAN_VICENTE", "2024-11-15", 700),
        ];
        let c = by_country(&reports);
        assert_eq!((c[0].value, c[0].sites), (900, 0));
        assert_eq!((c[1].value, c[1].sites), (1200, 2));
        assert_eq!(c[1].period, "2024-10-01");
        let csv =
            String::from_utf8(sites_csv(CapacityKind::ReceptionPlaces, &reports).unwrap()).unwrap();
        assert_eq!(
            csv,
            "id,country,capacity,services,reported\n\
             CRI/PASO_CANOAS,CRI,400,,2024-11-20\n\
             PAN/LAJAS_BLANCAS,PAN,500,,2024-10-01\n\
             PAN/SAN_VICENTE,PAN,700,,2024-11-15\n"
        );
        assert!(sites_csv(CapacityKind::Staff, &reports).is_err());
        let inputs = key_inputs(
            CapacityKind::ReceptionPlaces,
            &c,
            &["PAN".into(), "MEX".into()],
            2024,
        );
        assert!(matches!(&inputs[0], Input::Figure { value, year: 2024, .. } if *value == 1200.0));
        assert!(matches!(&inputs[1], Input::Gap { reason } if reason.contains("MEX")));
    }
}

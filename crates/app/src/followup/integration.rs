//! Integration figures: importing the ILOSTAT and UN DESA tables (the
//! countries and territories of the Americas) in one transaction, all or
//! nothing, audited; and each country's latest figures for the scorecard,
//! the API and the command line. Reading the tables and computing the
//! figures are `corredor_followup::integration`'s; this module must never
//! change a stored figure.

use std::collections::HashMap;

use corredor_followup::integration::{
    self, AgeBand, CountryIntegration, Figure, Measure, Sex, Tables,
};
use corredor_store::followup::integration::{self as rows, FigureRow};
use corredor_store::Store;
use serde::Serialize;

use super::common::{stored, SECRETARIAT};
use super::pledges::ImportError;
use super::registry::registry;
use crate::auth::Actor;
use crate::{audit, clock, Error, Result};

/// What an import added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct IntegrationImported {
    /// Figures not stored before.
    pub new: usize,
    /// Figures stored before with the same value.
    pub unchanged: usize,
    /// Countries and territories of the Americas with at least one figure.
    pub countries: usize,
}

pub fn integration_figures(store: &mut dyn Store) -> Result<Vec<Figure>> {
    rows::figures(store)?
        .into_iter()
        .map(|r| {
            let bad = |what: &str, v: &str| stored(format!("integration figure's {what} '{v}'"));
            Ok(Figure {
                measure: Measure::parse(&r.measure).ok_or_else(|| bad("measure", &r.measure))?,
                sex: Sex::parse(&r.sex).ok_or_else(|| bad("sex", &r.sex))?,
                age: AgeBand::parse(&r.age).ok_or_else(|| bad("age", &r.age))?,
                year: i32::try_from(r.year).map_err(|_| bad("year", &r.year.to_string()))?,
                country: r.country,
                value: r.value,
                source: r.source,
            })
        })
        .collect()
}

/// Imports the tables' figures for the Americas. A figure already stored
/// with the same value is counted unchanged; one stored with another value
/// refuses the whole import (published figures are not silently revised).
pub fn import_integration(
    store: &mut dyn Store,
    actor: &Actor,
    tables: &Tables,
) -> std::result::Result<IntegrationImported, ImportError> {
    actor.require(SECRETARIAT, "importing integration figures")?;
    let figures: Vec<Figure> = integration::parse(tables)
        .map_err(ImportError::Problems)?
        .into_iter()
        .filter(|f| integration::in_americas(&f.country))
        .collect();
    corredor_store::transaction(
        store,
        |s| -> std::result::Result<IntegrationImported, ImportError> {
            let key = |f: &Figure| (f.measure, f.country.clone(), f.year, f.sex, f.age);
            let before: HashMap<_, f64> = integration_figures(s)?
                .iter()
                .map(|f| (key(f), f.value))
                .collect();
            let mut new = Vec::new();
            let mut unchanged = 0;
            // Every figure that differs from the one stored, each with the
            // table it comes from, so that one pass names them all.
            let mut differ = Vec::new();
            for f in &figures {
                match before.get(&key(f)) {
                    None => new.push(f),
                    Some(v) if *v == f.value => unchanged += 1,
                    Some(v) => differ.push(format!(
                        "{} {} {} ({}, {}): {} is stored, {} says {}",
                        f.country,
                        f.year,
                        f.measure.as_str(),
                        f.sex.as_str(),
                        f.age.as_str(),
                        v,
                        f.source,
                        f.value
                    )),
                }
            }
            if !differ.is_empty() {
                const SHOWN: usize = 20;
                let more = differ.len().saturating_sub(SHOWN);
                let mut message = format!(
                    "{} figures differ from those stored, and figures are not revised: {}",
                    differ.len(),
                    differ[..differ.len().min(SHOWN)].join("; ")
                );
                if more > 0 {
                    message.push_str(&format!("; … and {more} more"));
                }
                return Err(Error::Conflict(message).into());
            }
            let rows: Vec<FigureRow> = new
                .iter()
                .map(|f| FigureRow {
                    measure: f.measure.as_str().into(),
                    country: f.country.clone(),
                    year: f.year.into(),
                    sex: f.sex.as_str().into(),
                    age: f.age.as_str().into(),
                    value: f.value,
                    source: f.source.clone(),
                })
                .collect();
            rows::insert_figures(s, &rows, &actor.org, &clock::now())?;
            let mut countries: Vec<&str> = figures.iter().map(|f| f.country.as_str()).collect();
            countries.sort_unstable();
            countries.dedup();
            let done = IntegrationImported {
                new: new.len(),
                unchanged,
                countries: countries.len(),
            };
            audit::record(
                s,
                actor,
                "integration.import",
                tables.unemployment.0,
                &format!(
                    "{} new figures, {} unchanged, {} countries",
                    done.new, done.unchanged, done.countries
                ),
            )?;
            Ok(done)
        },
    )
}

/// The countries the scorecard lists: every country or territory of the
/// Americas with a figure, and every state the registry knows in the
/// Americas (a member with no figure says so), in code order.
pub fn integration_view(store: &mut dyn Store) -> Result<Vec<CountryIntegration>> {
    let figures = integration_figures(store)?;
    let r = registry(store)?;
    let mut countries: Vec<String> = figures
        .iter()
        .map(|f| f.country.clone())
        .chain(
            r.memberships
                .iter()
                .map(|m| m.participant.clone())
                .filter(|p| integration::in_americas(p)),
        )
        .collect();
    countries.sort_unstable();
    countries.dedup();
    Ok(integration::by_country(&figures, &countries))
}

//! Commitments, their indicators and the governments' measurements: who
//! sees drafts, who may report a figure, and the views with computed
//! status that the command line, the API and the scorecard show. Status
//! and the checks of an indicator or a figure are `corredor_followup`'s;
//! a draft must never be shown, or betrayed by an error, to those who may
//! not see it.

use std::str::FromStr;

use corredor_followup::commitment::{Commitment, State};
use corredor_followup::indicator::{Indicator, Measurement, Reporting};
use corredor_store::followup::commitments::{
    self as rows, CommitmentRow, MeasurementRow, NewIndicatorRow,
};
use corredor_store::Store;

use super::common::{code, invalid, line, need_source, no_control, stored, SECRETARIAT};
use super::registry::registry;
use crate::auth::{Actor, Role};
use crate::{audit, clock, Error, Result};

/// Whether an actor sees draft commitments: those who may write them.
fn sees_drafts(actor: &Actor) -> bool {
    actor.is_secretariat()
}

pub fn commitments(store: &mut dyn Store, actor: &Actor) -> Result<Vec<Commitment>> {
    let mut out = rows::commitments(store)?
        .into_iter()
        .map(|c| {
            Ok(Commitment {
                state: State::from_str(&c.state).map_err(stored)?,
                id: c.code,
                title: c.title,
                group: c.group,
                countries: c.countries,
                source: c.source,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if !sees_drafts(actor) {
        out.retain(|c| c.state == State::Adopted);
    }
    Ok(out)
}

pub fn add_commitment(store: &mut dyn Store, actor: &Actor, c: &Commitment) -> Result<Commitment> {
    actor.require(SECRETARIAT, "adding a commitment")?;
    need_source(&c.source)?;
    code(&c.id, "id")?;
    let title = line(&c.title, "title")?;
    let countries =
        corredor_model::country::codes(&c.countries, "country").map_err(Error::Invalid)?;
    if countries.is_empty() {
        return Err(Error::Invalid(
            "countries: name the countries that made the commitment".into(),
        ));
    }
    if let Some(twice) = countries
        .iter()
        .enumerate()
        .find(|(i, c)| countries[..*i].contains(c))
        .map(|(_, c)| c)
    {
        return Err(Error::Invalid(format!(
            "countries: {twice} is given twice; name each country once"
        )));
    }
    corredor_store::transaction(store, |s| -> Result<Commitment> {
        let r = registry(s)?;
        if r.group(&c.group).is_none() {
            return Err(Error::NotFound(format!(
                "no working group {}: see `corredor registry groups`",
                c.group
            )));
        }
        let row = CommitmentRow {
            code: c.id.clone(),
            title: title.clone(),
            group: c.group.clone(),
            state: c.state.as_str().into(),
            source: c.source.clone(),
            countries: countries.clone(),
        };
        if !rows::insert_commitment(s, &row, &clock::now())? {
            return Err(Error::Conflict(format!(
                "the commitment {} exists already",
                c.id
            )));
        }
        audit::record(
            s,
            actor,
            "commitment.add",
            &c.id,
            &format!("{} ({})", c.title, c.state.as_str()),
        )?;
        Ok(Commitment {
            countries: countries.clone(),
            title: title.clone(),
            ..c.clone()
        })
    })
}

pub fn adopt(store: &mut dyn Store, actor: &Actor, id: &str) -> Result<()> {
    actor.require(SECRETARIAT, "adopting a commitment")?;
    corredor_store::transaction(store, |s| -> Result<()> {
        if !rows::adopt(s, id)? {
            return Err(Error::NotFound(format!("no draft commitment {id}")));
        }
        audit::record(s, actor, "commitment.adopt", id, "")
    })
}

fn find_commitment(store: &mut dyn Store, actor: &Actor, id: &str) -> Result<Commitment> {
    commitments(store, actor)?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or_else(|| Error::NotFound(format!("no commitment {id}")))
}

pub fn indicators(store: &mut dyn Store) -> Result<Vec<Indicator>> {
    rows::indicators(store)?
        .into_iter()
        .map(|i| {
            Ok(Indicator {
                reporting: Reporting::from_str(&i.reporting).map_err(stored)?,
                id: i.id,
                commitment: i.commitment,
                name: i.name,
                unit: i.unit,
                baseline: i.baseline,
                baseline_date: i.baseline_date,
                target: i.target,
                deadline: i.deadline,
            })
        })
        .collect()
}

pub fn add_indicator(
    store: &mut dyn Store,
    actor: &Actor,
    i: &Indicator,
    template: Option<&str>,
) -> Result<Indicator> {
    actor.require(SECRETARIAT, "adding an indicator")?;
    i.check().map_err(invalid)?;
    line(&i.name, "name")?;
    no_control(&i.unit, "unit")?;
    corredor_store::transaction(store, |s| -> Result<Indicator> {
        find_commitment(s, actor, &i.commitment)?;
        let id = rows::insert_indicator(
            s,
            &NewIndicatorRow {
                commitment: &i.commitment,
                name: &i.name,
                unit: &i.unit,
                baseline: i.baseline,
                baseline_date: i.baseline_date,
                target: i.target,
                deadline: i.deadline,
                template,
                reporting: i.reporting.as_str(),
            },
        )?;
        audit::record(
            s,
            actor,
            "indicator.add",
            &id.to_string(),
            &format!("{}: {}", i.commitment, i.name),
        )?;
        Ok(Indicator { id, ..i.clone() })
    })
}

pub fn measurements(store: &mut dyn Store, indicator: i64) -> Result<Vec<Measurement>> {
    Ok(rows::measurements(store, indicator)?
        .into_iter()
        .map(|m| Measurement {
            date: m.date,
            value: m.value,
            source: m.source,
            country: m.country,
            reporter: m.org,
        })
        .collect())
}

/// The country a figure measures: an analyst's own country, which must
/// be one of the commitment's; the secretariat names one of them, or
/// none when the commitment has a single country.
fn country_of_figure(actor: &Actor, c: &Commitment, given: Option<&str>) -> Result<String> {
    let given = given
        .map(|g| {
            corredor_model::country::codes(&[g.to_string()], "country")
                .map(|mut v| v.remove(0))
                .map_err(Error::Invalid)
        })
        .transpose()?;
    let ours = || c.countries.join(", ");
    if actor.role == Role::Analyst {
        let own = actor
            .country
            .clone()
            .filter(|k| c.countries.contains(k))
            .ok_or_else(|| {
                Error::Forbidden(format!(
                    "only the countries of commitment {} ({}) report its figures",
                    c.id,
                    ours()
                ))
            })?;
        if given.as_ref().is_some_and(|g| *g != own) {
            return Err(Error::Forbidden(format!(
                "an analyst of {own} reports {own}'s figures only"
            )));
        }
        return Ok(own);
    }
    match (given, c.countries.as_slice()) {
        (Some(g), _) if c.countries.contains(&g) => Ok(g),
        (Some(g), _) => Err(Error::Invalid(format!(
            "country {g}: not a country of commitment {} ({})",
            c.id,
            ours()
        ))),
        (None, [only]) => Ok(only.clone()),
        (None, _) => Err(Error::Invalid(format!(
            "country: name the country the figure measures, one of {}",
            ours()
        ))),
    }
}

/// A government's figure for an indicator, for one country: the
/// secretariat, or an analyst of one of the countries that made the
/// commitment (for its own country). The reporter is the actor's
/// organisation, whatever `m.reporter` says.
pub fn measure(
    store: &mut dyn Store,
    actor: &Actor,
    indicator: i64,
    m: &Measurement,
) -> Result<Measurement> {
    actor.require(
        &[Role::Secretariat, Role::Analyst],
        "recording a measurement",
    )?;
    need_source(&m.source)?;
    m.check(clock::today()).map_err(invalid)?;
    corredor_store::transaction(store, |s| -> Result<Measurement> {
        let missing = || Error::NotFound(format!("no indicator {indicator}"));
        let i = indicators(s)?
            .into_iter()
            .find(|i| i.id == indicator)
            .ok_or_else(missing)?;
        // A draft's indicator is as unknown as a missing one to those who
        // may not see the draft: its commitment's code is not given away.
        let c = find_commitment(s, actor, &i.commitment).map_err(|_| missing())?;
        let country = country_of_figure(actor, &c, m.country.as_deref())?;
        if !corredor_followup::indicator::in_range(m.value, &i.unit) {
            return Err(Error::Invalid(format!(
                "value {}: not a figure of this indicator ({}): within ±1e12, and a percentage from 0 to 100",
                corredor_model::record::preview_number(m.value),
                i.unit
            )));
        }
        // A figure is a fact of its day: one recorded for the country and
        // the date is not revised, nor given a rival.
        if let Some(known) = measurements(s, indicator)?
            .into_iter()
            .find(|k| k.date == m.date && k.country.as_deref() == Some(country.as_str()))
        {
            return Err(Error::Conflict(format!(
                "{country}'s figure for {} is recorded already ({}, {}): a recorded figure is not revised",
                m.date, known.value, known.source
            )));
        }
        let row = MeasurementRow {
            date: m.date,
            value: m.value,
            source: m.source.clone(),
            country: Some(country.clone()),
            org: actor.org.clone(),
        };
        rows::insert_measurement(s, indicator, &row, &clock::now())?;
        audit::record(
            s,
            actor,
            "indicator.measure",
            &indicator.to_string(),
            &format!("{country}: {} on {} ({})", m.value, m.date, m.source),
        )?;
        Ok(Measurement {
            country: Some(country),
            reporter: actor.org.clone(),
            ..m.clone()
        })
    })
}

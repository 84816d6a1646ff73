//! One series as its readers see it: the observations they may see, with
//! their provenance, and a forecast with 80% and 95% intervals computed
//! from those observations only. The API serves it as JSON and the pages
//! draw it; both take this one type.

use std::collections::BTreeSet;

use corredor_model::{Period, SeriesKey, ShareLevel};
use corredor_store::{Access, Filter, ReadOptions, Store};
use serde::Serialize;

use crate::{engine, Error, Result};

/// One observation of the series, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ObservationView {
    pub period: String,
    pub value: u64,
    pub source: Option<String>,
    pub received_at: String,
    /// `public`, `members` or `restricted`.
    #[schema(value_type = String)]
    pub share: ShareLevel,
    pub revision: u32,
}

/// One period of a forecast, rounded as it is shown.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ForecastPoint {
    pub period: String,
    pub mean: f64,
    pub lo80: f64,
    pub hi80: f64,
    pub lo95: f64,
    pub hi95: f64,
}

/// A series, its provenance and its forecast.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SeriesDetail {
    pub reporter: String,
    pub location: String,
    pub nationality: String,
    pub indicator: String,
    /// The sources of its values (20 at most).
    pub sources: Vec<String>,
    /// When its latest value was received.
    pub received_at: Option<String>,
    pub observations: Vec<ObservationView>,
    /// The forecast's origin.
    pub as_of: String,
    pub model: String,
    /// Why that model.
    pub reason: String,
    pub forecast: Vec<ForecastPoint>,
}

/// Refuses a filter that names an indicator the store's vocabulary does
/// not have: a misspelt one ("encounter") would otherwise answer with no
/// series, as if none had been sent.
pub fn check_indicators(store: &mut dyn Store, filter: &Filter) -> Result<()> {
    if filter.indicators.is_empty() {
        return Ok(());
    }
    let known = store.indicators()?;
    for i in &filter.indicators {
        if !known.iter().any(|k| &k.code == i) {
            let codes: Vec<&str> = known.iter().map(|k| k.code.as_str()).collect();
            return Err(Error::Invalid(format!(
                "indicator '{i}' is not in the vocabulary: {}",
                codes.join(", ")
            )));
        }
    }
    Ok(())
}

/// At most this many sources are listed.
const SOURCES: usize = 20;

/// The period a series whose last figure is for `last` is forecast from by
/// default: its place's latest period of its frequency among the figures
/// `access` may see, as `forecast` and `scan` judge it
/// ([`engine::origins`]). A nationality that stopped arriving at a place
/// that still reports has had nothing since; its forecast does not start
/// from a period the place has long passed.
fn place_latest(
    store: &mut dyn Store,
    key: &SeriesKey,
    last: Period,
    access: &Access,
) -> Result<Period> {
    let place = Filter {
        reporters: vec![key.reporter.clone()],
        locations: vec![key.location.to_string()],
        nationalities: Vec::new(),
        indicators: vec![key.indicator.clone()],
        from: None,
        to: None,
    };
    Ok(store
        .series(&place, access)?
        .iter()
        .filter(|s| s.frequency == last.frequency())
        .map(|s| s.last)
        .fold(last, Period::max))
}

/// Series `key` as `access` may see it, with a forecast `horizon` periods
/// ahead from `as_of` (by default its place's latest period of its
/// frequency, which may come after its own last figure: the periods
/// between count as none).
pub fn detail(
    store: &mut dyn Store,
    key: &SeriesKey,
    access: &Access,
    as_of: Option<Period>,
    horizon: usize,
) -> Result<SeriesDetail> {
    let filter = Filter {
        reporters: vec![key.reporter.clone()],
        locations: vec![key.location.to_string()],
        nationalities: vec![key.nationality.clone()],
        indicators: vec![key.indicator.clone()],
        from: None,
        // Cut below, once the series' frequency is known: periods of two
        // frequencies do not compare.
        to: None,
    };
    let mut observations = Vec::new();
    let mut points = Vec::new();
    store.observations(&filter, &ReadOptions::default(), access, &mut |o| {
        if as_of.is_some_and(|a| a.frequency() == o.period.frequency() && o.period > a) {
            return Ok(());
        }
        points.push((o.period, o.value as f64));
        observations.push(ObservationView {
            period: o.period.to_string(),
            value: o.value,
            source: o.source,
            received_at: o.received_at,
            share: o.sharing.level,
            revision: o.revision,
        });
        Ok(())
    })?;
    let Some(series) = corredor_warning::Series::from_observations(key.clone(), &points) else {
        return Err(Error::NotFound(format!("no series {key}")));
    };
    let last = series.period(series.values.len() - 1);
    if let Some(a) = as_of.filter(|a| a.frequency() != last.frequency()) {
        return Err(Error::Invalid(format!(
            "as_of {a} is a {}; {key} is a series of {}s: give a {} such as {last}",
            a.frequency(),
            last.frequency(),
            last.frequency()
        )));
    }
    let as_of = match as_of {
        Some(a) => a,
        None => place_latest(store, key, last, access)?,
    };
    let cut = series
        .until(&as_of)
        .ok_or_else(|| Error::NotFound(format!("{key} starts after {as_of}")))?;
    let f =
        corredor_warning::forecast(&cut.values, horizon, &engine::config_for(as_of.frequency()));
    let received_at = observations.iter().map(|o| o.received_at.clone()).max();
    let mut sources: Vec<String> = observations
        .iter()
        .filter_map(|o| o.source.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    sources.truncate(SOURCES);
    Ok(SeriesDetail {
        reporter: key.reporter.clone(),
        location: key.location.to_string(),
        nationality: key.nationality.clone(),
        indicator: key.indicator.clone(),
        sources,
        received_at,
        observations,
        as_of: as_of.to_string(),
        model: f.model.name().to_string(),
        reason: f.reason.clone(),
        // Up to the last period the calendar supports (2200).
        forecast: f
            .predictions
            .iter()
            .enumerate()
            .map_while(|(i, p)| {
                Some(ForecastPoint {
                    period: as_of.checked_offset(i as i64 + 1)?.to_string(),
                    mean: p.mean.round(),
                    lo80: p.lo80.round(),
                    hi80: p.hi80.round(),
                    lo95: p.lo95.round(),
                    hi95: p.hi95.round(),
                })
            })
            .collect(),
    })
}

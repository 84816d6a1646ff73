//! National measures as the secretariat records them, to be set against
//! the commitments by `corredor_followup::consistency`. This module checks
//! the country and the theme, writes and audits; it must never judge a
//! measure's consistency itself.

use std::str::FromStr;

use corredor_followup::consistency::{Effect, NationalMeasure};
use corredor_followup::themes;
use corredor_store::followup::measures::{self as rows, NewMeasureRow};
use corredor_store::Store;

use super::common::{need_source, stored, SECRETARIAT};
use crate::auth::Actor;
use crate::{audit, clock, Error, Result};

pub fn measures(store: &mut dyn Store) -> Result<Vec<NationalMeasure>> {
    rows::measures(store)?
        .into_iter()
        .map(|m| {
            Ok(NationalMeasure {
                effect: Effect::from_str(&m.effect).map_err(stored)?,
                id: m.id,
                country: m.country,
                date: m.date,
                title: m.title,
                theme: m.theme,
                source: m.source,
            })
        })
        .collect()
}

pub fn add_measure(
    store: &mut dyn Store,
    actor: &Actor,
    m: &NationalMeasure,
) -> Result<NationalMeasure> {
    actor.require(SECRETARIAT, "recording a national measure")?;
    need_source(&m.source)?;
    let country = corredor_model::country::codes(std::slice::from_ref(&m.country), "country")
        .map_err(Error::Invalid)?
        .remove(0);
    if themes::find(&m.theme).is_none() {
        return Err(Error::Invalid(format!(
            "theme '{}': use one of {}",
            m.theme,
            themes::THEMES
                .iter()
                .map(|t| t.code)
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    corredor_store::transaction(store, |s| -> Result<NationalMeasure> {
        let id = rows::insert_measure(
            s,
            &NewMeasureRow {
                country: &country,
                date: m.date,
                title: &m.title,
                theme: &m.theme,
                effect: m.effect.as_str(),
                source: &m.source,
                recorded_at: &clock::now(),
            },
        )?;
        audit::record(
            s,
            actor,
            "measure.add",
            &country,
            &format!("{} {} ({})", m.effect.as_str(), m.theme, m.title),
        )?;
        Ok(NationalMeasure {
            id,
            country: country.clone(),
            ..m.clone()
        })
    })
}

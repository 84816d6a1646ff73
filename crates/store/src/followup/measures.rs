//! National measures: what a country decided, on which theme and with
//! which effect, as the secretariat records it to set against the
//! commitments. Added only; whether a theme or a country is valid is the
//! caller's to check.

use chrono::NaiveDate;

use super::rows::{date, returned_id};
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeasureRow {
    pub id: i64,
    pub country: String,
    pub date: NaiveDate,
    pub title: String,
    pub theme: String,
    pub effect: String,
    pub source: String,
}

/// A measure to record; its id is the store's.
#[derive(Debug, Clone, Copy)]
pub struct NewMeasureRow<'a> {
    pub country: &'a str,
    pub date: NaiveDate,
    pub title: &'a str,
    pub theme: &'a str,
    pub effect: &'a str,
    pub source: &'a str,
    /// RFC 3339.
    pub recorded_at: &'a str,
}

const MEASURES: &str = "SELECT id, country, date, title, theme, effect, source \
     FROM national_measure ORDER BY date, id";
const INSERT_MEASURE: &str = "INSERT INTO national_measure (country, date, title, theme, \
     effect, source, recorded_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";

pub(crate) const STATEMENTS: &[&str] = &[MEASURES, INSERT_MEASURE];

pub fn measures(store: &mut dyn Store) -> Result<Vec<MeasureRow>> {
    store
        .query(MEASURES, &[])?
        .iter()
        .map(|r| {
            Ok(MeasureRow {
                id: r.int("id")?,
                country: r.text("country")?,
                date: date(r, "date")?,
                title: r.text("title")?,
                theme: r.text("theme")?,
                effect: r.text("effect")?,
                source: r.text("source")?,
            })
        })
        .collect()
}

/// Records a measure; returns its id.
pub fn insert_measure(store: &mut dyn Store, m: &NewMeasureRow) -> Result<i64> {
    let rows = store.query(
        INSERT_MEASURE,
        &[
            m.country.into(),
            m.date.to_string().into(),
            m.title.into(),
            m.theme.into(),
            m.effect.into(),
            m.source.into(),
            m.recorded_at.into(),
        ],
    )?;
    returned_id(&rows, "measure")
}

//! National measures: what a country decided, on which theme and with
//! which effect, as the secretariat records it to set against the
//! commitments. Added only; whether a theme or a country is valid is the
//! caller's to check.

use chrono::NaiveDate;

use crate::followup::{date, returned_id};
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

/// Records a measure (its `id` is ignored) at `recorded_at`; returns its
/// id.
pub fn insert_measure(store: &mut dyn Store, m: &MeasureRow, recorded_at: &str) -> Result<i64> {
    let rows = store.query(
        INSERT_MEASURE,
        &[
            m.country.as_str().into(),
            m.date.to_string().into(),
            m.title.as_str().into(),
            m.theme.as_str().into(),
            m.effect.as_str().into(),
            m.source.as_str().into(),
            recorded_at.into(),
        ],
    )?;
    returned_id(&rows, "measure")
}

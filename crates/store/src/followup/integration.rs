//! Integration figures (migrants against the native-born) per country and
//! year, as published tables give them. Figures are only added; whether an
//! import agrees with what is stored is the caller's to decide.

use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    pub measure: String,
    pub country: String,
    pub year: i64,
    pub sex: String,
    pub age: String,
    pub value: f64,
    pub source: String,
}

const FIGURES: &str = "SELECT measure, country, year, sex, age, value, source \
     FROM integration_figure ORDER BY country, measure, year, sex, age";
const INSERT_FIGURE: &str = "INSERT INTO integration_figure (measure, country, year, sex, age, \
     value, source, org, recorded_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";

pub(crate) const STATEMENTS: &[&str] = &[FIGURES, INSERT_FIGURE];

/// Every stored figure, by country, measure and year.
pub fn figures(store: &mut dyn Store) -> Result<Vec<FigureRow>> {
    store
        .query(FIGURES, &[])?
        .iter()
        .map(|r| {
            Ok(FigureRow {
                measure: r.text("measure")?,
                country: r.text("country")?,
                year: r.int("year")?,
                sex: r.text("sex")?,
                age: r.text("age")?,
                value: r.real("value")?,
                source: r.text("source")?,
            })
        })
        .collect()
}

/// Adds figures imported by `org` at `recorded_at` (RFC 3339).
pub fn insert_figures(
    store: &mut dyn Store,
    figures: &[FigureRow],
    org: &str,
    recorded_at: &str,
) -> Result<()> {
    for f in figures {
        store.execute(
            INSERT_FIGURE,
            &[
                f.measure.as_str().into(),
                f.country.as_str().into(),
                f.year.into(),
                f.sex.as_str().into(),
                f.age.as_str().into(),
                f.value.into(),
                f.source.as_str().into(),
                org.into(),
                recorded_at.into(),
            ],
        )?;
    }
    Ok(())
}

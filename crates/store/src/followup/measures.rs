//! National measures: what a country decided, on which theme and with
//! which effect, as the secretariat records it to set against the
//! commitments. Added only; whether a theme or a country is valid is the
//! caller's to check.

use chrono::NaiveDate;

use super::rows::{date, returned_id};
use crate::{Result, Row, Store};

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
const MEASURE: &str = "SELECT id, country, date, title, theme, effect, source \
     FROM national_measure WHERE id = {p}";
const INSERT_MEASURE: &str = "INSERT INTO national_measure (country, date, title, theme, \
     effect, source, recorded_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";

const STEPS: &str = "SELECT id, measure, kind, org, commitment, outcome, text, at \
     FROM measure_step WHERE measure = {p} ORDER BY id";
const ALL_STEPS: &str = "SELECT id, measure, kind, org, commitment, outcome, text, at \
     FROM measure_step ORDER BY measure, id";
const INSERT_STEP: &str = "INSERT INTO measure_step (measure, kind, org, commitment, outcome, \
     text, at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";

pub(crate) const STATEMENTS: &[&str] = &[
    MEASURES,
    MEASURE,
    INSERT_MEASURE,
    STEPS,
    ALL_STEPS,
    INSERT_STEP,
];

pub fn measures(store: &mut dyn Store) -> Result<Vec<MeasureRow>> {
    store
        .query(MEASURES, &[])?
        .iter()
        .map(measure_row)
        .collect()
}

/// Measure `id`, if there is one.
pub fn measure(store: &mut dyn Store, id: i64) -> Result<Option<MeasureRow>> {
    store
        .query(MEASURE, &[id.into()])?
        .first()
        .map(measure_row)
        .transpose()
}

fn measure_row(r: &Row) -> Result<MeasureRow> {
    Ok(MeasureRow {
        id: r.int("id")?,
        country: r.text("country")?,
        date: date(r, "date")?,
        title: r.text("title")?,
        theme: r.text("theme")?,
        effect: r.text("effect")?,
        source: r.text("source")?,
    })
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

/// A step of a measure's review (flag, reply, ruling), as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepRow {
    pub id: i64,
    pub measure: i64,
    pub kind: String,
    pub org: String,
    pub commitment: Option<String>,
    pub outcome: Option<String>,
    pub text: String,
    /// RFC 3339.
    pub at: String,
}

/// The steps of measure `measure`'s review, or of every measure's, in
/// the order they were taken.
pub fn steps(store: &mut dyn Store, measure: Option<i64>) -> Result<Vec<StepRow>> {
    let rows = match measure {
        Some(m) => store.query(STEPS, &[m.into()])?,
        None => store.query(ALL_STEPS, &[])?,
    };
    rows.iter()
        .map(|r| {
            Ok(StepRow {
                id: r.int("id")?,
                measure: r.int("measure")?,
                kind: r.text("kind")?,
                org: r.text("org")?,
                commitment: r.opt_text("commitment")?,
                outcome: r.opt_text("outcome")?,
                text: r.text("text")?,
                at: r.text("at")?,
            })
        })
        .collect()
}

/// Adds a step (its `id` is ignored); returns its id.
pub fn insert_step(store: &mut dyn Store, s: &StepRow) -> Result<i64> {
    let rows = store.query(
        INSERT_STEP,
        &[
            s.measure.into(),
            s.kind.as_str().into(),
            s.org.as_str().into(),
            s.commitment.as_deref().into(),
            s.outcome.as_deref().into(),
            s.text.as_str().into(),
            s.at.as_str().into(),
        ],
    )?;
    returned_id(&rows, "measure step")
}

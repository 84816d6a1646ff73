//! Commitments with the countries that made them, their indicators and
//! the governments' measurements. Who sees drafts and who may report a
//! figure are the caller's rules; measurements are only ever added.

use chrono::NaiveDate;

use super::rows::{date, returned_id};
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitmentRow {
    pub code: String,
    pub title: String,
    pub group: String,
    pub state: String,
    pub source: String,
    /// Alpha-3 codes, in code order.
    pub countries: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub id: i64,
    pub commitment: String,
    pub name: String,
    pub unit: String,
    pub baseline: f64,
    pub baseline_date: NaiveDate,
    pub target: f64,
    pub deadline: NaiveDate,
    /// `monthly`, `quarterly` or `annual`.
    pub reporting: String,
}

/// An indicator to record; its id is the store's.
#[derive(Debug, Clone, Copy)]
pub struct NewIndicatorRow<'a> {
    pub commitment: &'a str,
    pub name: &'a str,
    pub unit: &'a str,
    pub baseline: f64,
    pub baseline_date: NaiveDate,
    pub target: f64,
    pub deadline: NaiveDate,
    pub template: Option<&'a str>,
    pub reporting: &'a str,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MeasurementRow {
    pub date: NaiveDate,
    pub value: f64,
    pub source: String,
    /// None for a figure recorded before figures had a country, whose
    /// country could not be told (V11).
    pub country: Option<String>,
    /// The reporting organisation.
    pub org: String,
}

const COUNTRIES: &str =
    "SELECT commitment, country FROM commitment_country ORDER BY commitment, country";
const COMMITMENTS: &str = "SELECT code, title, grp, state, source FROM commitment ORDER BY code";
const INSERT_COMMITMENT: &str = "INSERT INTO commitment (code, title, grp, state, source, \
     created_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (code) DO NOTHING";
const INSERT_COUNTRY: &str = "INSERT INTO commitment_country (commitment, country) \
     VALUES ({p}, {p}) ON CONFLICT DO NOTHING";
const ADOPT: &str = "UPDATE commitment SET state = 'adopted' WHERE code = {p} AND state = 'draft'";
const INDICATORS: &str = "SELECT id, commitment, name, unit, baseline, baseline_date, target, \
     deadline, reporting FROM commitment_indicator ORDER BY id";
const INSERT_INDICATOR: &str = "INSERT INTO commitment_indicator (commitment, name, unit, \
     baseline, baseline_date, target, deadline, template, reporting) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";
const MEASUREMENTS: &str = "SELECT date, value, source, country, org FROM measurement \
     WHERE indicator = {p} ORDER BY date, id";
const INSERT_MEASUREMENT: &str = "INSERT INTO measurement (indicator, date, value, source, org, \
     recorded_at, country) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p})";

pub(crate) const STATEMENTS: &[&str] = &[
    COUNTRIES,
    COMMITMENTS,
    INSERT_COMMITMENT,
    INSERT_COUNTRY,
    ADOPT,
    INDICATORS,
    INSERT_INDICATOR,
    MEASUREMENTS,
    INSERT_MEASUREMENT,
];

/// Every commitment, drafts included.
pub fn commitments(store: &mut dyn Store) -> Result<Vec<CommitmentRow>> {
    let countries = store.query(COUNTRIES, &[])?;
    let mut out = store
        .query(COMMITMENTS, &[])?
        .iter()
        .map(|r| {
            Ok(CommitmentRow {
                code: r.text("code")?,
                title: r.text("title")?,
                group: r.text("grp")?,
                state: r.text("state")?,
                source: r.text("source")?,
                countries: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    for r in &countries {
        let (c, country) = (r.text("commitment")?, r.text("country")?);
        if let Some(x) = out.iter_mut().find(|x| x.code == c) {
            x.countries.push(country);
        }
    }
    Ok(out)
}

/// Records a commitment and its countries unless its code is known; says
/// whether it did.
pub fn insert_commitment(
    store: &mut dyn Store,
    c: &CommitmentRow,
    created_at: &str,
) -> Result<bool> {
    let n = store.execute(
        INSERT_COMMITMENT,
        &[
            c.code.as_str().into(),
            c.title.as_str().into(),
            c.group.as_str().into(),
            c.state.as_str().into(),
            c.source.as_str().into(),
            created_at.into(),
        ],
    )?;
    if n == 0 {
        return Ok(false);
    }
    for country in &c.countries {
        store.execute(
            INSERT_COUNTRY,
            &[c.code.as_str().into(), country.as_str().into()],
        )?;
    }
    Ok(true)
}

/// Adopts the draft `code`; false when there is no such draft.
pub fn adopt(store: &mut dyn Store, code: &str) -> Result<bool> {
    Ok(store.execute(ADOPT, &[code.into()])? > 0)
}

pub fn indicators(store: &mut dyn Store) -> Result<Vec<IndicatorRow>> {
    store
        .query(INDICATORS, &[])?
        .iter()
        .map(|r| {
            Ok(IndicatorRow {
                id: r.int("id")?,
                commitment: r.text("commitment")?,
                name: r.text("name")?,
                unit: r.text("unit")?,
                baseline: r.real("baseline")?,
                baseline_date: date(r, "baseline_date")?,
                target: r.real("target")?,
                deadline: date(r, "deadline")?,
                reporting: r.text("reporting")?,
            })
        })
        .collect()
}

/// Records an indicator; returns its id.
pub fn insert_indicator(store: &mut dyn Store, i: &NewIndicatorRow) -> Result<i64> {
    let rows = store.query(
        INSERT_INDICATOR,
        &[
            i.commitment.into(),
            i.name.into(),
            i.unit.into(),
            i.baseline.into(),
            i.baseline_date.to_string().into(),
            i.target.into(),
            i.deadline.to_string().into(),
            i.template.into(),
            i.reporting.into(),
        ],
    )?;
    returned_id(&rows, "indicator")
}

/// The measurements of one indicator, oldest first.
pub fn measurements(store: &mut dyn Store, indicator: i64) -> Result<Vec<MeasurementRow>> {
    store
        .query(MEASUREMENTS, &[indicator.into()])?
        .iter()
        .map(|r| {
            Ok(MeasurementRow {
                date: date(r, "date")?,
                value: r.real("value")?,
                source: r.text("source")?,
                country: r.opt_text("country")?,
                org: r.text("org")?,
            })
        })
        .collect()
}

/// Adds a measurement of `indicator`, reported by `m.org`, at `recorded_at`.
pub fn insert_measurement(
    store: &mut dyn Store,
    indicator: i64,
    m: &MeasurementRow,
    recorded_at: &str,
) -> Result<()> {
    store.execute(
        INSERT_MEASUREMENT,
        &[
            indicator.into(),
            m.date.to_string().into(),
            m.value.into(),
            m.source.as_str().into(),
            m.org.as_str().into(),
            recorded_at.into(),
            m.country.as_deref().into(),
        ],
    )?;
    Ok(())
}

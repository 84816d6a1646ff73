//! The secretariat's follow-up as rows: the registry, presidencies and
//! meetings, commitments with indicators and measurements, monitoring
//! reports, national measures, pledges and exchange rates, and integration
//! figures. Every statement
//! of the follow-up is here, named and behind a typed function; the rules
//! (who may, what conflicts, what is audited) are the callers', and this
//! module must never decide them.
//!
//! Codes such as a role, a stage or a currency are returned as stored
//! text: their types belong to `corredor-followup`, which the store does
//! not depend on.

pub mod commitments;
pub mod integration;
pub mod measures;
pub mod meetings;
pub mod monitoring;
pub mod pledges;
pub mod registry;

use chrono::NaiveDate;

use crate::sql::Row;
use crate::{Result, StoreError};

pub(crate) fn statements() -> Vec<&'static str> {
    [
        registry::STATEMENTS,
        meetings::STATEMENTS,
        commitments::STATEMENTS,
        monitoring::STATEMENTS,
        measures::STATEMENTS,
        pledges::STATEMENTS,
        integration::STATEMENTS,
    ]
    .concat()
}

fn parse_date(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Invalid(format!("stored date '{text}' is not YYYY-MM-DD")))
}

pub(crate) fn date(r: &Row, column: &str) -> Result<NaiveDate> {
    parse_date(&r.text(column)?)
}

pub(crate) fn opt_date(r: &Row, column: &str) -> Result<Option<NaiveDate>> {
    r.opt_text(column)?.as_deref().map(parse_date).transpose()
}

/// The id a `… RETURNING id` statement gave back.
pub(crate) fn returned_id(rows: &[Row], what: &str) -> Result<i64> {
    rows.first()
        .map(|r| r.int("id"))
        .transpose()?
        .ok_or_else(|| StoreError::Invalid(format!("no id for the {what}")))
}

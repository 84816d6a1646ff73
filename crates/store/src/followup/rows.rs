//! How the follow-up's rows read back: dates as `YYYY-MM-DD` and the id
//! a `… RETURNING id` statement gave back.

use chrono::NaiveDate;

use crate::sql::Row;
use crate::{Result, StoreError};

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

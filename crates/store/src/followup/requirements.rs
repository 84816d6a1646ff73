//! Appeals' requirements, as the secretariat records them. Amounts are
//! the exact decimal text they were given in; units, sectors and
//! recipients are stored as their codes.

use chrono::NaiveDate;

use super::rows::date;
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequirementRow {
    pub id: String,
    pub appeal: String,
    pub requester: String,
    pub for_whom: String,
    pub recipient_kind: String,
    pub recipient: String,
    pub sector: String,
    /// Exact decimal text.
    pub amount: String,
    /// A currency code, or a unit in kind.
    pub unit: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub source: String,
}

const REQUIREMENTS: &str = "SELECT id, appeal, requester, for_whom, recipient_kind, recipient, \
     sector, amount, unit, start_date, end_date, source FROM requirement ORDER BY appeal, id";
const INSERT_REQUIREMENT: &str = "INSERT INTO requirement (id, appeal, requester, for_whom, \
     recipient_kind, recipient, sector, amount, unit, start_date, end_date, source, \
     recorded_by, recorded_at) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";

pub(crate) const STATEMENTS: &[&str] = &[REQUIREMENTS, INSERT_REQUIREMENT];

/// Every requirement, by appeal and id.
pub fn requirements(store: &mut dyn Store) -> Result<Vec<RequirementRow>> {
    store
        .query(REQUIREMENTS, &[])?
        .iter()
        .map(|r| {
            Ok(RequirementRow {
                id: r.text("id")?,
                appeal: r.text("appeal")?,
                requester: r.text("requester")?,
                for_whom: r.text("for_whom")?,
                recipient_kind: r.text("recipient_kind")?,
                recipient: r.text("recipient")?,
                sector: r.text("sector")?,
                amount: r.text("amount")?,
                unit: r.text("unit")?,
                start: date(r, "start_date")?,
                end: date(r, "end_date")?,
                source: r.text("source")?,
            })
        })
        .collect()
}

/// Records a requirement, with who recorded it and when.
pub fn insert_requirement(
    store: &mut dyn Store,
    r: &RequirementRow,
    by: &str,
    at: &str,
) -> Result<()> {
    store.execute(
        INSERT_REQUIREMENT,
        &[
            r.id.as_str().into(),
            r.appeal.as_str().into(),
            r.requester.as_str().into(),
            r.for_whom.as_str().into(),
            r.recipient_kind.as_str().into(),
            r.recipient.as_str().into(),
            r.sector.as_str().into(),
            r.amount.as_str().into(),
            r.unit.as_str().into(),
            r.start.to_string().into(),
            r.end.to_string().into(),
            r.source.as_str().into(),
            by.into(),
            at.into(),
        ],
    )?;
    Ok(())
}

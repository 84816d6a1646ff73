//! Months a reporter has confirmed after the data-quality screen flagged
//! them (`data_confirmation`): their figures stand as sent.

use corredor_model::Period;

use crate::{Result, Store, StoreError};

const CONFIRM: &str = "INSERT INTO data_confirmation (reporter, period, org, at, note, given_on) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (reporter, period) DO UPDATE \
     SET org = excluded.org, at = excluded.at, note = excluded.note, given_on = excluded.given_on";

const LIST: &str = "SELECT reporter, period, org, at, note, given_on FROM data_confirmation \
     ORDER BY reporter, period";

pub(crate) const STATEMENTS: &[&str] = &[CONFIRM, LIST];

/// One confirmed month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub reporter: String,
    pub period: Period,
    pub org: String,
    pub at: String,
    pub note: String,
    /// The latest instant a figure of the month had been received when it
    /// was confirmed: the confirmation stands for those figures only.
    /// `None` for confirmations stored before this was kept, which stand
    /// for the figures received by their own instant.
    pub given_on: Option<String>,
}

impl Confirmation {
    /// Whether it still stands once a figure of its month was last
    /// received at `last_received`.
    pub fn stands(&self, last_received: &str) -> bool {
        last_received <= self.given_on.as_deref().unwrap_or(&self.at)
    }
}

/// Records that `reporter`'s figures for `period` stand as they are now.
/// A month confirmed before, whose figures have changed since, is
/// confirmed anew: by whom, when and with what note replace the earlier
/// confirmation's (which the audit log keeps).
pub fn confirm(store: &mut dyn Store, c: &Confirmation) -> Result<()> {
    store.execute(
        CONFIRM,
        &[
            c.reporter.as_str().into(),
            c.period.to_string().into(),
            c.org.as_str().into(),
            c.at.as_str().into(),
            c.note.as_str().into(),
            c.given_on.as_deref().into(),
        ],
    )?;
    Ok(())
}

/// Every confirmed month, by reporter and period.
pub fn list(store: &mut dyn Store) -> Result<Vec<Confirmation>> {
    store
        .query(LIST, &[])?
        .iter()
        .map(|r| {
            Ok(Confirmation {
                reporter: r.text("reporter")?,
                period: r
                    .text("period")?
                    .parse()
                    .map_err(|e| StoreError::Invalid(format!("data_confirmation.period: {e}")))?,
                org: r.text("org")?,
                at: r.text("at")?,
                note: r.text("note")?,
                given_on: r.opt_text("given_on")?,
            })
        })
        .collect()
}

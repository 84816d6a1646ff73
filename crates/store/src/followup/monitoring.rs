//! Civil society's monitoring reports on adopted commitments. A report is
//! published as filed: the schema refuses any change to it, and nothing
//! here edits or removes one.

use chrono::NaiveDate;

use super::rows::{date, returned_id};
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    pub id: i64,
    pub commitment: String,
    pub org: String,
    pub date: NaiveDate,
    pub assessment: String,
    pub text: String,
    /// Links, in the order given.
    pub evidence: Vec<String>,
}

/// A report to file; its id is the store's.
#[derive(Debug, Clone, Copy)]
pub struct NewReportRow<'a> {
    pub commitment: &'a str,
    pub org: &'a str,
    pub date: NaiveDate,
    pub assessment: &'a str,
    pub text: &'a str,
    pub evidence: &'a [String],
    /// RFC 3339.
    pub filed_at: &'a str,
}

const REPORTS: &str = "SELECT id, commitment, org, date, assessment, text, evidence \
     FROM monitoring_report ORDER BY date, id";
const REPORTS_ON: &str = "SELECT id, commitment, org, date, assessment, text, evidence \
     FROM monitoring_report WHERE commitment = {p} ORDER BY date, id";
const INSERT_REPORT: &str = "INSERT INTO monitoring_report (commitment, org, date, assessment, \
     text, evidence, filed_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}) RETURNING id";

pub(crate) const STATEMENTS: &[&str] = &[REPORTS, REPORTS_ON, INSERT_REPORT];

/// The reports on `commitment`, or on every commitment, oldest first.
pub fn reports(store: &mut dyn Store, commitment: Option<&str>) -> Result<Vec<ReportRow>> {
    let rows = match commitment {
        Some(c) => store.query(REPORTS_ON, &[c.into()])?,
        None => store.query(REPORTS, &[])?,
    };
    rows.iter()
        .map(|r| {
            Ok(ReportRow {
                id: r.int("id")?,
                commitment: r.text("commitment")?,
                org: r.text("org")?,
                date: date(r, "date")?,
                assessment: r.text("assessment")?,
                text: r.text("text")?,
                evidence: r.text("evidence")?.lines().map(str::to_string).collect(),
            })
        })
        .collect()
}

/// Files a report; returns its id.
pub fn insert_report(store: &mut dyn Store, r: &NewReportRow) -> Result<i64> {
    let rows = store.query(
        INSERT_REPORT,
        &[
            r.commitment.into(),
            r.org.into(),
            r.date.to_string().into(),
            r.assessment.into(),
            r.text.into(),
            r.evidence.join("\n").into(),
            r.filed_at.into(),
        ],
    )?;
    returned_id(&rows, "report")
}

//! Civil society's monitoring reports: reading them, and a permanent
//! participant of the commitment's mechanism (in the registry, on the
//! report's date) filing one on an adopted commitment. A report is published
//! as filed; this module must never let one be filed on a draft.

use std::str::FromStr;

use corredor_followup::commitment::{Assessment, MonitoringReport, State};
use corredor_store::followup::monitoring::{self as rows, NewReportRow};
use corredor_store::Store;

use super::commitments::commitments;
use super::common::stored;
use crate::auth::{Actor, Role};
use crate::{audit, clock, Error, Result};

/// The reports on `commitment`, or on every commitment, oldest first.
pub fn monitoring_reports(
    store: &mut dyn Store,
    commitment: Option<&str>,
) -> Result<Vec<MonitoringReport>> {
    rows::reports(store, commitment)?
        .into_iter()
        .map(|r| {
            Ok(MonitoringReport {
                assessment: Assessment::from_str(&r.assessment).map_err(stored)?,
                id: r.id,
                commitment: r.commitment,
                org: r.org,
                date: r.date,
                text: r.text,
                evidence: r.evidence,
            })
        })
        .collect()
}

/// A permanent participant's report on an adopted commitment; published
/// as filed.
pub fn file_report(
    store: &mut dyn Store,
    actor: &Actor,
    r: &MonitoringReport,
) -> Result<MonitoringReport> {
    actor.require(&[Role::Participant], "filing a monitoring report")?;
    for link in &r.evidence {
        corredor_followup::commitment::check_evidence(link).map_err(Error::Invalid)?;
    }
    if r.text.trim().is_empty() {
        return Err(Error::Invalid("text: the report needs a text".into()));
    }
    // Text as long as it needs, with its line breaks and tabs; no other
    // control character (an escape sequence runs on a reader's terminal).
    super::common::no_control_but(&r.text, "text", &['\n', '\r', '\t'])?;
    let today = clock::today();
    if r.date > today {
        return Err(Error::Invalid(format!(
            "date: {} is after today; a report is dated when it is written",
            r.date
        )));
    }
    corredor_store::transaction(store, |s| -> Result<MonitoringReport> {
        // Reports are on adopted commitments only: drafts are not public.
        let c = commitments(s, actor)?
            .into_iter()
            .find(|c| c.id == r.commitment && c.state == State::Adopted)
            .ok_or_else(|| Error::NotFound(format!("no adopted commitment {}", r.commitment)))?;
        // Rights follow the registry: only an organisation that is a
        // permanent participant of the commitment's mechanism on the
        // report's date, and still on the day it files (a date it chooses
        // does not bring back a standing withdrawn since), files one; an
        // observer reads.
        let registry = super::registry::registry(s)?;
        let mechanism = registry
            .group(&c.group)
            .map(|g| g.mechanism.clone())
            .ok_or_else(|| Error::NotFound(format!("no working group {}", c.group)))?;
        for day in [r.date, today] {
            registry
                .may_monitor(&mechanism, &actor.org, day)
                .map_err(|e| Error::Forbidden(e.to_string()))?;
        }
        let id = rows::insert_report(
            s,
            &NewReportRow {
                commitment: &c.id,
                org: &actor.org,
                date: r.date,
                assessment: r.assessment.as_str(),
                text: &r.text,
                evidence: &r.evidence,
                filed_at: &clock::now(),
            },
        )?;
        audit::record(s, actor, "monitoring.file", &c.id, r.assessment.as_str())?;
        Ok(MonitoringReport {
            id,
            org: actor.org.clone(),
            commitment: c.id,
            ..r.clone()
        })
    })
}

//! The observations use case: submitting files, and the early warning on
//! what they changed. The command line, the API, the demo and the
//! scheduler all come here, so that a submission means the same thing and
//! is audited the same way by every road.
//!
//! A submission is one unit even across a crash: the rows, their audit
//! entry and the marks of the series to scan commit in one transaction
//! (a crash before the commit leaves none of them); the scan runs after
//! the commit and clears the marks it covered, and marks a crash left
//! behind are scanned by [`recover`] at the next import or server start.
//! Scanning again stores nothing twice, so no alert is lost or doubled.

use std::collections::BTreeSet;

use corredor_model::SeriesKey;
use corredor_store::Store;
use corredor_warning::corridor::RouteFile;
use serde::Serialize;

use crate::alerts::Changes;
use crate::auth::Actor;
use crate::pipeline::{Input, Refusal, Request, Summary};
use crate::{audit, clock, fault, Result};

/// Whether a submission runs the early warning on what it changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// Scan the series the files added to or revised (the default).
    Changed,
    /// Leave the early warning to a later full scan (`import --no-scan`,
    /// the demo, which scans everything once at the end).
    Skip,
}

/// What a submission did.
#[derive(Debug, Clone, Serialize)]
pub struct Submitted {
    pub summary: Summary,
    /// What the early warning changed, when it ran.
    pub alerts: Option<Changes>,
    /// What scanning the series an earlier, interrupted submission left
    /// unscanned changed, when there were any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recovered: Option<Changes>,
}

/// What `POST /api/v1/observations` answers when the files are imported.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportAnswer {
    pub imported: bool,
    pub summary: Summary,
    /// What the early warning changed (nothing when no value changed).
    pub alerts: Changes,
}

impl From<Submitted> for ImportAnswer {
    fn from(done: Submitted) -> ImportAnswer {
        ImportAnswer {
            imported: true,
            summary: done.summary,
            alerts: done.alerts.unwrap_or_default(),
        }
    }
}

/// Fault points of [`submit`], for the crash tests (see [`crate::fault`]).
pub mod faults {
    /// After every row is written, before the audit entry and the commit.
    pub const BEFORE_AUDIT: &str = "import.before-audit";
    /// After the commit, before the early warning runs.
    pub const BEFORE_SCAN: &str = "import.before-scan";
}

/// Imports `inputs` as `actor`, all or nothing, audits it in the same
/// transaction and runs the early warning on the series it changed.
pub fn submit(
    store: &mut dyn Store,
    actor: &Actor,
    routes: &RouteFile,
    inputs: Vec<Input>,
    req: &Request,
    scan: Scan,
) -> Result<std::result::Result<Submitted, Refusal>> {
    let recovered = recover(store, routes)?;
    let target = inputs.iter().map(Input::name).collect::<Vec<_>>().join(" ");
    let outcome = match crate::pipeline::import(store, inputs, req)? {
        Ok((mut import, summary)) => {
            fault::point(faults::BEFORE_AUDIT);
            let detail = audit_detail(&summary)?;
            import.audit(&audit::entry(
                actor,
                "observations.import",
                &target,
                &detail,
            ))?;
            if scan == Scan::Changed && changed(&summary) {
                import.mark_scan(&summary.touched, &clock::now())?;
            }
            complete_capacity_tasks(import.as_mut(), actor, &summary)?;
            import.commit()?;
            Ok(summary)
        }
        Err(refusal) => Err(refusal),
    };
    let summary = match outcome {
        Ok(summary) => summary,
        Err(refusal) => {
            // A refusal is audited too (who tried to write what), by its
            // count of problems: the rows themselves are not kept.
            audit::record(
                store,
                actor,
                "observations.refused",
                &target,
                &format!(
                    "{} problems{}",
                    refusal.total(),
                    if refusal.restricted {
                        audit::RESTRICTED_REFUSAL
                    } else {
                        ""
                    }
                ),
            )?;
            return Ok(Err(refusal));
        }
    };
    fault::point(faults::BEFORE_SCAN);
    let alerts = if scan == Scan::Changed && changed(&summary) {
        Some(crate::scan::rescan(
            store,
            actor,
            routes,
            Some(&summary.touched),
        )?)
    } else {
        None
    };
    // What the scans changed, as far as the submitter may see it: a
    // recovery scans what other submissions left, of any reporter.
    let access = actor.access();
    let alerts = alerts.map(|c| c.seen_by(store, &access)).transpose()?;
    let recovered = recovered.map(|c| c.seen_by(store, &access)).transpose()?;
    Ok(Ok(Submitted {
        summary,
        alerts,
        recovered,
    }))
}

/// The audit entry's detail for an import: its summary, marked
/// `"restricted": true` when some row was sent restricted, so that the log
/// keeps it from readers who may not see those figures.
fn audit_detail(summary: &Summary) -> Result<String> {
    let detail = serde_json::to_string(summary)
        .map_err(|e| crate::Error::Internal(format!("the import's summary: {e}")))?;
    Ok(match (summary.restricted, detail.strip_suffix('}')) {
        (true, Some(open)) => format!("{open},{}}}", audit::RESTRICTED_IMPORT),
        _ => detail,
    })
}

/// A capacity report arriving completes the protocol's "report capacity"
/// tasks of its country (see [`crate::protocol::DoneWhen`]), in the
/// import's transaction, each country's completion audited there too. A
/// report that repeats figures already held still counts: the country has
/// reported.
fn complete_capacity_tasks(
    import: &mut dyn corredor_store::Import,
    actor: &Actor,
    summary: &Summary,
) -> Result<()> {
    let reporters: BTreeSet<&str> = summary
        .touched
        .iter()
        .filter(|k| corredor_model::capacity::is_capacity(&k.indicator))
        .map(|k| k.reporter.as_str())
        .collect();
    let at = clock::now();
    for reporter in reporters {
        let done = import.complete_capacity_tasks(reporter, &at, &actor.org)?;
        if done > 0 {
            import.audit(&audit::entry(
                actor,
                "task.done",
                &format!("capacity/{reporter}"),
                &format!("{done} report-capacity task(s) done by the capacity report"),
            ))?;
        }
    }
    Ok(())
}

fn changed(summary: &Summary) -> bool {
    summary.new + summary.revised > 0
}

/// Scans the series that submissions marked and never scanned (the process
/// stopped between an import's commit and its scan), as the system, and
/// audits it; `None` when there were none.
pub fn recover(store: &mut dyn Store, routes: &RouteFile) -> Result<Option<Changes>> {
    let pending: BTreeSet<SeriesKey> = corredor_store::pending::list(store)?;
    if pending.is_empty() {
        return Ok(None);
    }
    let actor = Actor::system("recovery");
    let changes = crate::scan::rescan(store, &actor, routes, Some(&pending))?;
    audit::record(
        store,
        &actor,
        "scan.recover",
        &format!("{} series", pending.len()),
        &describe(&changes),
    )?;
    Ok(Some(changes))
}

/// Adds an indicator (or changes its descriptions), audited with the
/// change: the store's operator or the secretariat.
pub fn add_indicator(
    store: &mut dyn Store,
    actor: &Actor,
    indicator: &corredor_model::Indicator,
) -> Result<()> {
    actor.require(&[crate::auth::Role::Secretariat], "adding an indicator")?;
    if !corredor_model::indicator::is_valid_code(&indicator.code) {
        return Err(crate::Error::Invalid(format!(
            "'{}' is not an indicator code: use lower-case letters, digits and '_', starting with a letter",
            indicator.code
        )));
    }
    corredor_store::transaction(store, |s| -> Result<()> {
        s.add_indicator(indicator)?;
        audit::record(
            s,
            actor,
            "indicator.add",
            &format!("indicator/{}", indicator.code),
            &indicator.description_en,
        )
    })
}

/// Re-runs the early warning over the whole store as `actor` and audits it
/// (the secretariat's "scan now", the scheduler's periodic scan).
pub fn rescan_all(store: &mut dyn Store, actor: &Actor, routes: &RouteFile) -> Result<Changes> {
    let changes = crate::scan::rescan(store, actor, routes, None)?;
    audit::record(store, actor, "scan.run", "store", &describe(&changes))?;
    changes.seen_by(store, &actor.access())
}

/// A scan's audit detail: the ids it opened, updated and closed, so
/// that the log tells each reader only of the alerts it may see (see
/// `audit::entries`).
fn describe(changes: &Changes) -> String {
    serde_json::to_string(changes).unwrap_or_default()
}

//! The audit log: who did what, when, from where. Written in the same
//! transaction as the change it records; the schema refuses any update or
//! delete of it, on both backends.

use corredor_store::{AuditEntry, Store};
use serde::Serialize;

use crate::{clock, Result};
use std::collections::{BTreeSet, HashSet};

use corredor_model::{Actor, Role};

pub fn record(
    store: &mut dyn Store,
    actor: &Actor,
    action: &str,
    target: &str,
    detail: &str,
) -> Result<()> {
    corredor_store::audit::insert(store, &entry(actor, action, target, detail))?;
    Ok(())
}

/// The first change someone made (not a sign-in, a read or the server's
/// scheduled work) after the newest entry of `action`; `None` when there
/// is none, or no entry of `action` at all.
pub fn change_after_last(store: &mut dyn Store, action: &str) -> Result<Option<AuditEntry>> {
    let Some(last) = corredor_store::audit::last_of(store, action)? else {
        return Ok(None);
    };
    Ok(corredor_store::audit::first_change_after(store, last)?.map(|(_, e)| e))
}

/// The entry `actor` doing `action` on `target` makes, dated now.
pub fn entry(actor: &Actor, action: &str, target: &str, detail: &str) -> AuditEntry {
    AuditEntry {
        at: clock::now(),
        org: actor.org.clone(),
        role: actor.role.as_str().to_string(),
        token_id: actor.token_id,
        action: action.to_string(),
        target: target.to_string(),
        detail: detail.to_string(),
        remote: actor.remote.clone(),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Entry {
    pub id: i64,
    pub at: String,
    pub org: String,
    pub role: String,
    pub token_id: Option<i64>,
    pub action: String,
    pub target: String,
    pub detail: String,
    pub remote: String,
}

/// What an import's audit detail carries when some of its rows were sent
/// `restricted` (its summary's JSON, or a refusal's count of problems).
pub const RESTRICTED_IMPORT: &str = "\"restricted\":true";
/// The same for a refused import that was sent `restricted`.
pub const RESTRICTED_REFUSAL: &str = " (restricted)";

/// The log, newest first, for the secretariat: filtered by the sharing
/// rule like what it describes. A step on an alert the reader may not see
/// (a comment, an acknowledgement, a task done), an import of figures sent
/// `restricted`, a confirmation of months a data-quality notice the
/// reader may not see holds, and the tasks a capacity report completed
/// (on alerts it does not name), are left out whole, since even their
/// existence is not theirs to know; a scan's counts are of the alerts
/// the reader sees.
pub fn entries(store: &mut dyn Store, actor: &Actor, limit: i64) -> Result<Vec<Entry>> {
    actor.require(&[Role::Secretariat], "reading the audit log")?;
    let visible = crate::alerts::visible_ids(store, &actor.access())?;
    let hidden = match &visible {
        Some(visible) => unseen_notice_months(store, visible)?,
        None => BTreeSet::new(),
    };
    let keep = |e: &AuditEntry| match &visible {
        None => true,
        Some(visible) => {
            alert_of(e).is_none_or(|alert| visible.contains(alert))
                && !capacity_tasks(e)
                && !about_restricted_figures(e)
                && !confirms_unseen_months(e, &hidden)
        }
    };
    // The newest `limit` entries the reader may see: read a page at a time
    // until there are as many, so that entries left out do not shorten
    // the answer.
    let page = limit.clamp(100, 5000);
    let mut kept = Vec::new();
    let mut before = None;
    while (kept.len() as i64) < limit {
        let rows = corredor_store::audit::list(store, before, page)?;
        let Some((last, _)) = rows.last() else {
            break;
        };
        before = Some(*last);
        let end = (rows.len() as i64) < page;
        kept.extend(rows.into_iter().filter(|(_, e)| keep(e)));
        if end {
            break;
        }
    }
    kept.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(kept
        .into_iter()
        .map(|(id, e)| Entry {
            id,
            detail: scan_counts(&e, visible.as_ref()).unwrap_or(e.detail),
            at: e.at,
            org: e.org,
            role: e.role,
            token_id: e.token_id,
            action: e.action,
            target: e.target,
            remote: e.remote,
        })
        .collect())
}

/// A scan's detail as the reader may know it: how many alerts it opened,
/// updated and closed among those the reader sees (every one for the
/// operator, `visible` `None`). Even the number of alerts on figures
/// shared with others is not the reader's to know. `None` for any other
/// entry, and for a scan recorded before its detail held the ids (its
/// counts, shown as recorded).
fn scan_counts(e: &AuditEntry, visible: Option<&HashSet<String>>) -> Option<String> {
    if !matches!(e.action.as_str(), "scan.run" | "scan.recover") {
        return None;
    }
    let changes: crate::alerts::Changes = serde_json::from_str(&e.detail).ok()?;
    let seen = |ids: &[String]| {
        ids.iter()
            .filter(|id| visible.is_none_or(|v| v.contains(id.as_str())))
            .count()
    };
    let closed = seen(&changes.closed);
    Some(format!(
        "{} opened, {} updated{}",
        seen(&changes.opened),
        seen(&changes.updated),
        if closed > 0 {
            format!(", {closed} closed")
        } else {
            String::new()
        }
    ))
}

/// An import (or a refused one) of figures some of which were sent
/// `restricted`.
fn about_restricted_figures(e: &AuditEntry) -> bool {
    match e.action.as_str() {
        "observations.import" => e.detail.contains(RESTRICTED_IMPORT),
        "observations.refused" => e.detail.ends_with(RESTRICTED_REFUSAL),
        _ => false,
    }
}

/// The (reporter, month) pairs of the data-quality notices, open or
/// settled, that a reader who sees only `visible` may not see.
fn unseen_notice_months(
    store: &mut dyn Store,
    visible: &HashSet<String>,
) -> Result<BTreeSet<(String, String)>> {
    let mut unseen = BTreeSet::new();
    for notice in crate::alerts::every_notice(store)? {
        if visible.contains(&notice.id) {
            continue;
        }
        for m in notice.covers.map(|c| c.months).unwrap_or_default() {
            unseen.insert((notice.reporter.clone(), m));
        }
    }
    Ok(unseen)
}

/// A confirmation (`data.confirm`, target "REPORTER MONTH…") of a month
/// that a notice the reader may not see holds.
fn confirms_unseen_months(e: &AuditEntry, unseen: &BTreeSet<(String, String)>) -> bool {
    if e.action != "data.confirm" {
        return false;
    }
    let mut words = e.target.split_whitespace();
    let Some(reporter) = words.next() else {
        return false;
    };
    words.any(|m| unseen.contains(&(reporter.to_string(), m.to_string())))
}

/// The alert an entry is about: its target for a step on an alert, its
/// detail for a task's step or a message's replay (which record the
/// alert).
fn alert_of(e: &AuditEntry) -> Option<&str> {
    e.target.strip_prefix("alert/").or_else(|| {
        ((e.action.starts_with("task.") && e.target.starts_with("task/"))
            || (e.action == "webhook.replay" && !e.detail.is_empty()))
        .then_some(e.detail.as_str())
    })
}

/// The tasks a capacity report completed (target `capacity/REPORTER`):
/// its count spans the alerts of every place whose protocol asked for the
/// report, which it does not name, so it is the operator's alone.
fn capacity_tasks(e: &AuditEntry) -> bool {
    e.action.starts_with("task.") && e.target.starts_with("capacity/")
}

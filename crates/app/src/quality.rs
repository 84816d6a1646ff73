//! The data-quality use case: a reporter confirms months the screen
//! flagged (their figures stand as sent), or revises them by sending
//! corrected figures through the ordinary import. Either way the early
//! warning runs again on the reporter's places, and the notice closes once
//! none of its months is flagged.

use corredor_model::{Period, SeriesKey};
use corredor_store::confirmations::{self, Confirmation};
use corredor_store::{Access, Store};
use corredor_warning::corridor::RouteFile;
use serde::Serialize;

use crate::alerts::{self, Changes};
use crate::auth::{Actor, Role};
use crate::{audit, clock, engine, Error, Result};

/// What a confirmation did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Confirmed {
    pub reporter: String,
    /// Months confirmed now.
    pub confirmed: Vec<String>,
    /// Months confirmed before, whose confirmation still stands.
    pub already: Vec<String>,
    /// What the early warning changed (notices closed, alerts opened on
    /// the figures now judged).
    pub alerts: Changes,
}

/// The months of data-quality notice `id` (one `access` may see).
pub fn notice_months(
    store: &mut dyn Store,
    access: &Access,
    id: &str,
) -> Result<(String, Vec<Period>)> {
    let a = alerts::get(store, access, id).map_err(|e| match e {
        Error::NotFound(_) => Error::NotFound(format!(
            "no data-quality notice {id}: `corredor data notices` lists them"
        )),
        other => other,
    })?;
    let Some(covers) = a.covers else {
        return Err(Error::Invalid(format!(
            "alert {id} is a {}, not a data-quality notice",
            a.kind
        )));
    };
    let months = covers
        .months
        .iter()
        .map(|m| {
            m.parse()
                .map_err(|e| Error::Internal(format!("alert {id}: month {m}: {e}")))
        })
        .collect::<Result<Vec<Period>>>()?;
    Ok((a.reporter, months))
}

/// Confirms `reporter`'s figures for `months` as `actor` (an analyst of
/// that country, or the local operator), audited in the same transaction,
/// then runs the early warning on the reporter's places.
pub fn confirm(
    store: &mut dyn Store,
    actor: &Actor,
    routes: &RouteFile,
    reporter: &str,
    months: &[Period],
    note: &str,
) -> Result<Confirmed> {
    confirm_held(store, actor, routes, reporter, months, note, false)
}

/// Confirms the months of data-quality notice `id` (one `actor` may see)
/// that the screen still holds: a month revised since is left as it is.
pub fn confirm_notice(
    store: &mut dyn Store,
    actor: &Actor,
    routes: &RouteFile,
    id: &str,
    note: &str,
) -> Result<Confirmed> {
    let (reporter, months) = notice_months(store, &actor.access(), id)?;
    confirm_held(store, actor, routes, &reporter, &months, note, true)
}

/// Every stored confirmation, with whether it still stands: no figure of
/// its month received since the figures it was given on.
pub fn confirmations(store: &mut dyn Store) -> Result<Vec<(Confirmation, bool)>> {
    let list = confirmations::list(store)?;
    let mut reporters: Vec<String> = list.iter().map(|c| c.reporter.clone()).collect();
    reporters.dedup();
    if reporters.is_empty() {
        return Ok(Vec::new());
    }
    let filter = corredor_store::Filter {
        reporters,
        ..corredor_store::Filter::default()
    };
    let loaded = engine::load(store, &filter, None)?;
    Ok(list
        .into_iter()
        .map(|c| {
            let stands = loaded.confirmed.contains(&(c.reporter.clone(), c.period));
            (c, stands)
        })
        .collect())
}

/// As [`confirm`]; with `held_only`, the months the screen no longer holds
/// are passed over rather than refused (a notice's, some revised since).
fn confirm_held(
    store: &mut dyn Store,
    actor: &Actor,
    routes: &RouteFile,
    reporter: &str,
    months: &[Period],
    note: &str,
    held_only: bool,
) -> Result<Confirmed> {
    actor.require(&[Role::Analyst], "confirming a reporter's figures")?;
    if actor.role == Role::Analyst && actor.country.as_deref() != Some(reporter) {
        return Err(Error::Forbidden(format!(
            "only {reporter}'s analysts confirm {reporter}'s figures"
        )));
    }
    let acting = crate::auth::ActingFor::of(store, actor)?;
    if let Some(refused) = acting.and_then(|a| {
        a.refusal(
            reporter,
            "not a reporter's agency",
            &format!("{reporter}'s figures are confirmed"),
        )
    }) {
        return Err(Error::Forbidden(refused));
    }
    if months.is_empty() {
        return Err(Error::Invalid("name at least one month to confirm".into()));
    }
    // A browser sends a textarea's line breaks as CR LF: kept as line
    // breaks; a carriage return alone is refused with the rest.
    let note = note.trim().replace("\r\n", "\n");
    let note = note.as_str();
    if note
        .chars()
        .any(|c| corredor_model::record::is_hidden_control(c) && c != '\n')
        || note.chars().count() > 2000
    {
        return Err(Error::Invalid(
            "the note has control characters or is longer than 2,000 characters".into(),
        ));
    }
    // Read, checked and written in one transaction, which writers take in
    // turns: an import that ends between the read and the write cannot
    // have its figures counted as confirmed, nor a month revised since be
    // reported as confirmed before.
    let (confirmed, already, touched) = corredor_store::transaction(store, |s| {
        // Only what the screen holds out can be confirmed: a month
        // confirmed before its figures arrive would let them through
        // unscreened.
        let filter = corredor_store::Filter {
            reporters: vec![reporter.to_string()],
            ..corredor_store::Filter::default()
        };
        let loaded = engine::load(s, &filter, None)?;
        let flagged = engine::flagged(&loaded);
        let mut kept = Vec::new();
        for m in months {
            let held = flagged
                .iter()
                .any(|(r, _, month)| r == reporter && *month == m.to_string());
            if held || loaded.confirmed.contains(&(reporter.to_string(), *m)) {
                kept.push(*m);
            } else if !held_only {
                return Err(Error::Invalid(format!(
                    "{reporter} {m}: the data-quality screen holds none of {reporter}'s figures for that month, so there is nothing to confirm"
                )));
            }
        }
        if kept.is_empty() {
            return Err(Error::Invalid(format!(
                "the screen no longer holds any of these months of {reporter}'s: there is nothing to confirm"
            )));
        }
        let (mut done, mut before) = (Vec::new(), Vec::new());
        for m in &kept {
            // Confirmed before, and no figure of the month received
            // since: the confirmation stands as it is.
            if loaded.confirmed.contains(&(reporter.to_string(), *m)) {
                before.push(m.to_string());
                continue;
            }
            let c = Confirmation {
                reporter: reporter.to_string(),
                period: *m,
                org: actor.org.clone(),
                at: clock::now(),
                note: note.to_string(),
                // The figures as they stand now: one received after them
                // is screened again.
                given_on: Some(
                    loaded
                        .last_received
                        .get(&(reporter.to_string(), *m))
                        .cloned()
                        .unwrap_or_default(),
                ),
            };
            confirmations::confirm(s, &c)?;
            done.push(m.to_string());
        }
        // Months confirmed before (sent twice) are no new act: nothing is
        // recorded for them.
        if !done.is_empty() {
            audit::record(
                s,
                actor,
                "data.confirm",
                &format!("{reporter} {}", done.join(" ")),
                note,
            )?;
        }
        let touched: std::collections::BTreeSet<SeriesKey> =
            loaded.series.into_iter().map(|s| s.key).collect();
        Ok::<_, Error>((done, before, touched))
    })?;
    // The reporter's series are judged again even when every month was
    // confirmed before (a rescan that failed after an earlier confirmation
    // was stored closes its notice now); the rescan itself loads
    // everything, lags being learned from every place.
    let alerts = crate::scan::rescan(store, actor, routes, Some(&touched))?;
    Ok(Confirmed {
        reporter: reporter.to_string(),
        confirmed,
        already,
        alerts,
    })
}

//! Alerts as a workflow: stored when a rescan raises them, then open →
//! acknowledged (by each affected country) → escalated or closed, with
//! comments; every step is an event on the alert, an entry in the audit
//! log, and a message to the webhooks that may see it.
//!
//! A surge that goes on month after month is one alert, not one per month:
//! a new detection on a series with an alert still running (not closed, and
//! raised within the months the detection says the surge has lasted)
//! updates that alert.

use corredor_model::{AlertKind, AlertStatus, Lang, Level, Period, ShareLevel, Sharing, Viewer};
use corredor_store::alerts as repo;
use corredor_store::{Access, Store};
use serde::Serialize;

use crate::auth::{Actor, Role};
use crate::engine::Computed;
use crate::{audit, clock, protocol, webhook, Error, Result};

/// An alert's explanation in the OAS's four official languages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Explanation {
    pub en: String,
    pub es: String,
    pub pt: String,
    pub fr: String,
}

impl Explanation {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
            Lang::Pt => &self.pt,
            Lang::Fr => &self.fr,
        }
    }
}

/// An alert as stored and served.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StoredAlert {
    pub id: String,
    /// `surge`, `emergence` or `data_quality`.
    #[schema(value_type = String)]
    pub kind: AlertKind,
    /// `watch`, `warning` or `emergency`.
    #[schema(value_type = String)]
    pub level: Level,
    pub reporter: String,
    pub location: String,
    pub nationality: String,
    pub indicator: String,
    /// The period of the observation that raised (or last updated) it.
    pub period: String,
    pub observed: f64,
    pub expected: f64,
    pub lo95: f64,
    pub hi95: f64,
    pub score: f64,
    pub months: i64,
    pub explanation: Explanation,
    /// Places downstream: when and how many to expect.
    #[schema(value_type = Object)]
    pub downstream: serde_json::Value,
    /// Countries asked to acknowledge it.
    pub affected: Vec<String>,
    pub acknowledged_by: Vec<String>,
    /// `open`, `acknowledged`, `escalated` or `closed`.
    #[schema(value_type = String)]
    pub status: AlertStatus,
    /// Who may see it: `public`, `members` or `restricted`.
    pub share: String,
    pub share_with: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    /// How much it matters: level, size, surprise, persistence and reach
    /// (0–117); lists show the highest first.
    pub priority: f64,
    /// The other places of the same reporter where the same movement was
    /// seen that month: one episode, raised at the highest place.
    pub places: Vec<String>,
    /// For a `data_quality` notice: the months and series it covers.
    pub covers: Option<Covers>,
}

/// What a data-quality notice covers.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Covers {
    /// The flagged months, in order.
    pub months: Vec<String>,
    /// The series held out of the early warning.
    pub series: Vec<String>,
    /// `jump`, `fall` or `outlier`.
    pub change: String,
    /// Nationalities that first appeared in the break.
    pub new_series: u64,
}

impl StoredAlert {
    pub fn sharing(&self) -> Sharing {
        Sharing::new(
            self.share.parse().unwrap_or(ShareLevel::Restricted),
            self.share_with.clone(),
        )
    }

    pub fn visible_to(&self, access: &Access) -> bool {
        match access {
            Access::Operator => true,
            Access::Viewer(v) => self.sharing().visible_to(&self.reporter, v),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub org: String,
    /// opened, updated, acknowledged, comment, escalated, closed
    pub kind: String,
    pub text: String,
}

impl From<repo::AlertRow> for StoredAlert {
    fn from(r: repo::AlertRow) -> StoredAlert {
        let j = r.judgement;
        StoredAlert {
            id: r.id,
            kind: r.kind,
            level: j.level,
            reporter: r.key.reporter,
            location: r.key.location.to_string(),
            nationality: r.key.nationality,
            indicator: r.key.indicator,
            period: j.period,
            observed: j.observed,
            expected: j.expected,
            lo95: j.lo95,
            hi95: j.hi95,
            score: j.score,
            months: j.months,
            explanation: Explanation {
                en: j.explanation_en,
                es: j.explanation_es,
                pt: j.explanation_pt,
                fr: j.explanation_fr,
            },
            downstream: serde_json::from_str(&j.downstream).unwrap_or(serde_json::Value::Null),
            affected: j.affected,
            acknowledged_by: r.acknowledged_by,
            status: r.status,
            share: j.sharing.level.as_str().to_string(),
            share_with: j.sharing.with,
            created_at: r.created_at,
            updated_at: r.updated_at,
            priority: j.priority,
            places: j.places,
            covers: serde_json::from_str(&j.covers).unwrap_or(None),
        }
    }
}

/// Which alerts to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub status: Vec<String>,
    pub level: Vec<String>,
    /// Alerts raised by or affecting this country.
    pub country: Option<String>,
    /// Alerts about people of this nationality.
    pub nationality: Option<String>,
    pub kind: Option<String>,
    /// Changed at or after this instant.
    pub since: Option<String>,
    pub limit: Option<i64>,
    /// The most important first (the default), or the most recently changed.
    pub order: repo::Order,
}

impl Query {
    /// The alerts still running: not closed.
    pub fn active() -> Query {
        Query {
            status: [
                AlertStatus::Open,
                AlertStatus::Acknowledged,
                AlertStatus::Escalated,
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            ..Query::default()
        }
    }
}

/// The alerts `access` may see, in `q.order`.
pub fn list(store: &mut dyn Store, access: &Access, q: &Query) -> Result<Vec<StoredAlert>> {
    let filter = repo::AlertFilter {
        status: q.status.clone(),
        level: q.level.clone(),
        kind: q.kind.clone(),
        country: q.country.clone(),
        nationality: q.nationality.clone(),
        since: q.since.clone(),
        limit: q.limit.unwrap_or(500).clamp(1, 5000),
        order: q.order,
    };
    Ok(repo::list(store, access, &filter)?
        .into_iter()
        .map(StoredAlert::from)
        .collect())
}

/// One alert, if `access` may see it. An alert one may not see is "not
/// found", so that its existence is not revealed either.
pub fn get(store: &mut dyn Store, access: &Access, id: &str) -> Result<StoredAlert> {
    repo::get(store, access, id)?
        .map(StoredAlert::from)
        .ok_or_else(|| Error::NotFound(format!("no alert {id}")))
}

pub fn events(store: &mut dyn Store, access: &Access, id: &str) -> Result<Vec<Event>> {
    get(store, access, id)?;
    Ok(repo::events(store, id)?
        .into_iter()
        .map(|e| Event {
            id: e.id,
            at: e.at,
            org: e.org,
            kind: e.kind,
            text: e.text,
        })
        .collect())
}

fn event(store: &mut dyn Store, id: &str, actor: &Actor, kind: &str, text: &str) -> Result<()> {
    Ok(repo::add_event(
        store,
        id,
        &clock::now(),
        &actor.org,
        kind,
        text,
    )?)
}

/// What a rescan changed: the ids of the alerts it opened and updated.
#[derive(Debug, Default, Clone, Serialize, utoipa::ToSchema)]
pub struct Changes {
    pub opened: Vec<String>,
    pub updated: Vec<String>,
    /// Data-quality notices closed because their months were revised or
    /// confirmed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<String>,
}

/// The countries asked to acknowledge an alert: its reporter, and the
/// countries downstream that may see it.
fn affected(c: &Computed) -> Vec<String> {
    let reporter = &c.alert.key.reporter;
    let mut out = vec![reporter.clone()];
    for d in &c.downstream {
        let country = d.place.split('/').next().unwrap_or(&d.place).to_string();
        let viewer = Viewer::Member {
            country: country.clone(),
        };
        if c.sharing.visible_to(reporter, &viewer) && !out.contains(&country) {
            out.push(country);
        }
    }
    out
}

/// Narrows the sharing of every stored alert on a series of `current` (open
/// or closed, raised again or not) to at most that series' sharing now, so
/// that an alert never shows a figure more widely than its data may be
/// seen: when a country re-sends a public series as restricted, its alerts
/// follow at once. Never widens: a wider sharing comes back only with a new
/// judgement.
pub fn narrow_sharing(
    store: &mut dyn Store,
    current: &std::collections::HashMap<corredor_model::SeriesKey, Sharing>,
) -> Result<u64> {
    let mut narrowed = 0;
    for (id, key, stored) in repo::sharings(store)? {
        let Some(now) = current.get(&key) else {
            continue;
        };
        let narrow = stored.meet(now);
        if narrow != stored {
            repo::set_sharing(store, &id, &narrow, &clock::now())?;
            narrowed += 1;
        }
    }
    Ok(narrowed)
}

/// What detection `c` says, as the store keeps it: figures rounded as
/// they are shown.
fn judgement(c: &Computed) -> repo::Judgement {
    let a = &c.alert;
    repo::Judgement {
        level: a.level,
        period: a.period.to_string(),
        observed: a.observed.round(),
        expected: a.expected.round(),
        lo95: a.lo95.round(),
        hi95: a.hi95.round(),
        score: (a.score * 100.0).round() / 100.0,
        months: a.months as i64,
        explanation_en: a.explanation.en.clone(),
        explanation_es: a.explanation.es.clone(),
        explanation_pt: a.explanation.pt.clone(),
        explanation_fr: a.explanation.fr.clone(),
        downstream: serde_json::to_string(&c.downstream).unwrap_or_else(|_| "[]".into()),
        affected: affected(c),
        sharing: c.sharing.clone(),
        priority: c.priority,
        places: a.places.clone(),
        covers: serde_json::to_string(&a.covers).unwrap_or_else(|_| "null".into()),
    }
}

/// Stores what a rescan raised: new alerts are opened (and their protocols
/// activated, their webhooks queued), running ones updated. In one
/// transaction with its events, tasks and deliveries.
pub fn persist(store: &mut dyn Store, actor: &Actor, computed: &[Computed]) -> Result<Changes> {
    if computed.is_empty() {
        return Ok(Changes::default());
    }
    let playbooks = protocol::playbooks(store)?;
    corredor_store::transaction(store, |s| -> Result<Changes> {
        let mut changes = Changes::default();
        for c in computed {
            let a = &c.alert;
            let level = a.level.as_str();
            let now = clock::now();
            let j = judgement(c);
            let continues = if a.kind == AlertKind::DataQuality {
                // A notice is one break: it keeps the id of its first month
                // as the break grows, and a reporter may have several.
                repo::get(s, &Access::Operator, &a.id)?
                    .filter(|r| r.status != AlertStatus::Closed)
                    .and_then(|r| {
                        let period: Period = r.judgement.period.parse().ok()?;
                        Some((r.id, r.judgement.level.to_string(), period))
                    })
            } else {
                repo::running(s, a.kind, &a.key)?.and_then(|r| {
                    let period: Period = r.period.parse().ok()?;
                    let back = a.period.offset(-(a.months.max(1) as i64));
                    (period >= back).then_some((r.id, r.level, period))
                })
            };
            let id = match continues {
                Some((id, old_level, period)) => {
                    if period > a.period {
                        // An older judgement.
                        continue;
                    }
                    if period == a.period && old_level == level && id == a.id {
                        // The same judgement again: nothing to announce, but
                        // the data's sharing or the places downstream may
                        // have changed since, and what the alert shows must
                        // follow them.
                        repo::refresh(s, &id, &j, &now)?;
                        continue;
                    }
                    repo::update(s, &id, &j, &now)?;
                    let text = if old_level == level {
                        format!("{} {}: {}", a.period, level, a.explanation.en)
                    } else {
                        format!(
                            "{}: level {old_level} → {level}: {}",
                            a.period, a.explanation.en
                        )
                    };
                    event(s, &id, actor, "updated", &text)?;
                    changes.updated.push(id.clone());
                    if Some(a.level) > old_level.parse::<Level>().ok() {
                        protocol::activate(s, &playbooks, &id, "raised")?;
                    }
                    webhook::enqueue(s, &id, "alert.updated")?;
                    id
                }
                None => {
                    if !repo::insert(s, &a.id, a.kind, &a.key, &j, &now)? {
                        // Raised before and closed since: closing stands.
                        continue;
                    }
                    event(s, &a.id, actor, "opened", &a.explanation.en)?;
                    changes.opened.push(a.id.clone());
                    protocol::activate(s, &playbooks, &a.id, "opened")?;
                    webhook::enqueue(s, &a.id, "alert.opened")?;
                    a.id.clone()
                }
            };
            audit::record(s, actor, "alert.raise", &format!("alert/{id}"), level)?;
        }
        Ok(changes)
    })
}

/// Closes the data-quality notices whose months the screen no longer
/// flags (the reporter revised or confirmed them): `flagged` holds every
/// (reporter, indicator, month) it flags now. Each closing is an event,
/// an audit entry and a webhook message, in one transaction.
pub fn settle_notices(
    store: &mut dyn Store,
    actor: &Actor,
    flagged: &std::collections::BTreeSet<(String, String, String)>,
) -> Result<Vec<String>> {
    let running = list(
        store,
        &Access::Operator,
        &Query {
            kind: Some(AlertKind::DataQuality.to_string()),
            ..Query::active()
        },
    )?;
    let settled: Vec<StoredAlert> = running
        .into_iter()
        .filter(|a| {
            let months = a
                .covers
                .as_ref()
                .map(|c| c.months.clone())
                .unwrap_or_default();
            !months
                .iter()
                .any(|m| flagged.contains(&(a.reporter.clone(), a.indicator.clone(), m.clone())))
        })
        .collect();
    if settled.is_empty() {
        return Ok(Vec::new());
    }
    corredor_store::transaction(store, |s| -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for a in &settled {
            let reason = format!(
                "{}'s figures for these months were revised or confirmed: the early warning judges them again",
                a.reporter
            );
            repo::set_status(s, &a.id, AlertStatus::Closed, &clock::now())?;
            event(s, &a.id, actor, AlertStatus::Closed.as_str(), &reason)?;
            webhook::enqueue(s, &a.id, "alert.closed")?;
            audit::record(
                s,
                actor,
                "alert.settle",
                &format!("alert/{}", a.id),
                &reason,
            )?;
            ids.push(a.id.clone());
        }
        Ok(ids)
    })
}

/// Acknowledges an alert for the actor's country.
pub fn acknowledge(store: &mut dyn Store, actor: &Actor, id: &str) -> Result<StoredAlert> {
    actor.require(&[Role::Analyst], "acknowledging an alert")?;
    let Some(country) = actor.country.clone() else {
        return Err(Error::Forbidden(
            "only a member state's agency acknowledges alerts".into(),
        ));
    };
    corredor_store::transaction(store, |s| -> Result<()> {
        let alert = get(s, &actor.access(), id)?;
        if !alert.affected.contains(&country) {
            return Err(Error::Forbidden(format!(
                "alert {id} asks {} to acknowledge it, not {country}",
                alert.affected.join(", ")
            )));
        }
        if alert.status == AlertStatus::Closed {
            return Err(Error::Conflict(format!("alert {id} is closed")));
        }
        if !repo::acknowledge(s, id, &country, &actor.org, &clock::now())? {
            return Err(Error::Conflict(format!(
                "{country} has acknowledged alert {id} already"
            )));
        }
        event(s, id, actor, "acknowledged", &country)?;
        let acked = repo::acknowledgements(s, id)?;
        if acked as usize >= alert.affected.len() && alert.status == AlertStatus::Open {
            repo::set_status(s, id, AlertStatus::Acknowledged, &clock::now())?;
        } else {
            repo::touch(s, id, &clock::now())?;
        }
        webhook::enqueue(s, id, "alert.acknowledged")?;
        audit::record(
            s,
            actor,
            "alert.acknowledge",
            &format!("alert/{id}"),
            &country,
        )
    })?;
    get(store, &actor.access(), id)
}

fn check_text(text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::Invalid(format!("{what} is empty")));
    }
    if t.chars().count() > 4000 {
        return Err(Error::Invalid(format!(
            "{what} is longer than 4,000 characters"
        )));
    }
    // Line breaks are text; other control characters (an escape sequence
    // for a reader's terminal, a NUL for a parser) are not.
    if t.chars().any(|c| c.is_control() && c != '\n' && c != '\r') {
        return Err(Error::Invalid(format!(
            "{what} contains control characters: remove them"
        )));
    }
    Ok(t.to_string())
}

pub fn comment(store: &mut dyn Store, actor: &Actor, id: &str, text: &str) -> Result<Event> {
    actor.require(
        &[Role::Analyst, Role::Participant, Role::Secretariat],
        "commenting on an alert",
    )?;
    let text = check_text(text, "the comment")?;
    corredor_store::transaction(store, |s| -> Result<()> {
        get(s, &actor.access(), id)?;
        event(s, id, actor, "comment", &text)?;
        repo::touch(s, id, &clock::now())?;
        webhook::enqueue(s, id, "alert.commented")?;
        audit::record(s, actor, "alert.comment", &format!("alert/{id}"), &text)
    })?;
    events(store, &actor.access(), id)?
        .pop()
        .ok_or_else(|| Error::Internal("the comment was not stored".into()))
}

/// Escalates or closes an alert: the secretariat, or the reporting
/// country's analysts.
pub fn transition(
    store: &mut dyn Store,
    actor: &Actor,
    id: &str,
    to: AlertStatus,
    reason: &str,
) -> Result<StoredAlert> {
    actor.require(
        &[Role::Analyst, Role::Secretariat],
        "escalating or closing an alert",
    )?;
    use AlertStatus::{Acknowledged, Closed, Escalated, Open};
    let (from, verb): (&[AlertStatus], &str) = match to {
        Escalated => (&[Open, Acknowledged], "escalate"),
        Closed => (&[Open, Acknowledged, Escalated], "close"),
        Open | Acknowledged => return Err(Error::Invalid(format!("no transition to '{to}'"))),
    };
    let reason = if reason.trim().is_empty() {
        String::new()
    } else {
        check_text(reason, "the reason")?
    };
    let playbooks = protocol::playbooks(store)?;
    corredor_store::transaction(store, |s| -> Result<()> {
        let alert = get(s, &actor.access(), id)?;
        if actor.role == Role::Analyst && actor.country.as_deref() != Some(&alert.reporter) {
            return Err(Error::Forbidden(format!(
                "only the secretariat or {}'s analysts {verb} this alert",
                alert.reporter
            )));
        }
        if !from.contains(&alert.status) {
            return Err(Error::Conflict(format!(
                "alert {id} is {}: it cannot be {to}",
                alert.status
            )));
        }
        repo::set_status(s, id, to, &clock::now())?;
        event(s, id, actor, to.as_str(), &reason)?;
        if to == Escalated {
            protocol::activate(s, &playbooks, id, "escalated")?;
        }
        webhook::enqueue(s, id, &format!("alert.{to}"))?;
        audit::record(
            s,
            actor,
            &format!("alert.{verb}"),
            &format!("alert/{id}"),
            &reason,
        )
    })?;
    get(store, &actor.access(), id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn free_text_keeps_its_lines_and_refuses_other_control_characters() {
        assert_eq!(
            super::check_text("  first line\nsecond  ", "the comment").unwrap(),
            "first line\nsecond"
        );
        for bad in ["\u{1b}[2Jcleared", "nul\u{0}", "bell\u{7}", "c1\u{9b}"] {
            assert!(super::check_text(bad, "the comment").is_err(), "{bad:?}");
        }
        assert!(super::check_text("   ", "the comment").is_err());
    }
}

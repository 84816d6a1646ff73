//! Alerts as a workflow: stored when a rescan raises them, then open →
//! acknowledged (by each affected country) → escalated or closed, with
//! comments; every step is an event on the alert, an entry in the audit
//! log, and a message to the webhooks that may see it.
//!
//! A surge that goes on month after month is one alert, not one per month:
//! a new detection on a series with an alert still running (not closed, and
//! raised within the months the detection says the surge has lasted)
//! updates that alert.

use corredor_model::{AlertKind, AlertStatus, Level, Period, ShareLevel, Sharing, Viewer};
use corredor_store::{Access, Store, Value};
use serde::Serialize;

use crate::auth::{Actor, Role};
use crate::engine::Computed;
use crate::{audit, clock, protocol, webhook, Error, Result};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Explanation {
    pub en: String,
    pub es: String,
}

/// An alert as stored and served.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StoredAlert {
    pub id: String,
    /// `surge` or `emergence`.
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

/// The columns `from_row` reads, the last being the acknowledging
/// countries joined by `;` (one query, not one per alert).
fn columns(backend: corredor_store::Backend) -> String {
    let acks = match backend {
        corredor_store::Backend::Sqlite => {
            "(SELECT group_concat(country, ';') FROM \
             (SELECT country FROM alert_ack k WHERE k.alert_id = a.id ORDER BY country))"
        }
        corredor_store::Backend::Postgres => {
            "(SELECT string_agg(country, ';' ORDER BY country) FROM alert_ack k WHERE k.alert_id = a.id)"
        }
    };
    format!(
        "a.id, a.kind, a.level, a.reporter, a.location, a.nationality, a.indicator, \
         a.period, a.observed, a.expected, a.lo95, a.hi95, a.score, a.months, a.explanation_en, \
         a.explanation_es, a.downstream, a.affected, a.status, a.share, a.share_with, a.created_at, \
         a.updated_at, {acks}"
    )
}

fn from_row(r: &corredor_store::Row) -> Result<StoredAlert> {
    let list = |t: String| -> Vec<String> {
        t.split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    Ok(StoredAlert {
        id: r.text(0)?,
        kind: word(r, 1)?,
        level: word(r, 2)?,
        reporter: r.text(3)?,
        location: r.text(4)?,
        nationality: r.text(5)?,
        indicator: r.text(6)?,
        period: r.text(7)?,
        observed: r.real(8)?,
        expected: r.real(9)?,
        lo95: r.real(10)?,
        hi95: r.real(11)?,
        score: r.real(12)?,
        months: r.int(13)?,
        explanation: Explanation {
            en: r.text(14)?,
            es: r.text(15)?,
        },
        downstream: serde_json::from_str(&r.text(16)?).unwrap_or(serde_json::Value::Null),
        affected: list(r.text(17)?),
        acknowledged_by: list(r.opt_text(23)?.unwrap_or_default()),
        status: word(r, 18)?,
        share: r.text(19)?,
        share_with: list(r.text(20)?),
        created_at: r.text(21)?,
        updated_at: r.text(22)?,
    })
}

/// A column holding one word of a vocabulary; a word the code does not
/// know is a fault of the store, not of the reader.
fn word<T: std::str::FromStr<Err = corredor_model::alert::UnknownWord>>(
    r: &corredor_store::Row,
    i: usize,
) -> Result<T> {
    r.text(i)?
        .parse()
        .map_err(|e: corredor_model::alert::UnknownWord| {
            Error::Internal(format!("stored alert: {e}"))
        })
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
}

fn in_list(sql: &mut String, params: &mut Vec<Value>, column: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    sql.push_str(&format!(
        " AND {column} IN ({})",
        vec!["{p}"; values.len()].join(", ")
    ));
    params.extend(values.iter().map(Value::from));
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

/// The alerts `access` may see, most recently changed first.
pub fn list(store: &mut dyn Store, access: &Access, q: &Query) -> Result<Vec<StoredAlert>> {
    let mut sql = format!(
        "SELECT {} FROM alert a WHERE 1 = 1",
        columns(store.backend())
    );
    let mut params: Vec<Value> = Vec::new();
    let (vis, vp) = corredor_store::visible_sql(access, "a.share", "a.share_with", "a.reporter");
    sql.push_str(&vis);
    params.extend(vp.into_iter().map(Value::Text));
    in_list(&mut sql, &mut params, "a.status", &q.status);
    in_list(&mut sql, &mut params, "a.level", &q.level);
    if let Some(k) = &q.kind {
        sql.push_str(" AND a.kind = {p}");
        params.push(k.into());
    }
    if let Some(c) = &q.country {
        sql.push_str(" AND (a.reporter = {p} OR (';' || a.affected || ';') LIKE {p})");
        params.push(c.into());
        params.push(format!("%;{c};%").into());
    }
    if let Some(n) = &q.nationality {
        sql.push_str(" AND a.nationality = {p}");
        params.push(n.into());
    }
    if let Some(s) = &q.since {
        sql.push_str(" AND a.updated_at >= {p}");
        params.push(s.into());
    }
    sql.push_str(" ORDER BY a.updated_at DESC, a.id LIMIT {p}");
    params.push(q.limit.unwrap_or(500).clamp(1, 5000).into());
    store.query(&sql, &params)?.iter().map(from_row).collect()
}

/// One alert, if `access` may see it. An alert one may not see is "not
/// found", so that its existence is not revealed either.
pub fn get(store: &mut dyn Store, access: &Access, id: &str) -> Result<StoredAlert> {
    let mut sql = format!(
        "SELECT {} FROM alert a WHERE a.id = {{p}}",
        columns(store.backend())
    );
    let mut params: Vec<Value> = vec![id.into()];
    let (vis, vp) = corredor_store::visible_sql(access, "a.share", "a.share_with", "a.reporter");
    sql.push_str(&vis);
    params.extend(vp.into_iter().map(Value::Text));
    let rows = store.query(&sql, &params)?;
    let Some(r) = rows.first() else {
        return Err(Error::NotFound(format!("no alert {id}")));
    };
    from_row(r)
}

pub fn events(store: &mut dyn Store, access: &Access, id: &str) -> Result<Vec<Event>> {
    get(store, access, id)?;
    store
        .query(
            "SELECT id, at, org, kind, text FROM alert_event WHERE alert_id = {p} ORDER BY id",
            &[id.into()],
        )?
        .iter()
        .map(|r| {
            Ok(Event {
                id: r.int(0)?,
                at: r.text(1)?,
                org: r.text(2)?,
                kind: r.text(3)?,
                text: r.text(4)?,
            })
        })
        .collect()
}

fn event(store: &mut dyn Store, id: &str, actor: &Actor, kind: &str, text: &str) -> Result<()> {
    store.execute(
        "INSERT INTO alert_event (alert_id, at, org, kind, text) VALUES ({p}, {p}, {p}, {p}, {p})",
        &[
            id.into(),
            clock::now().into(),
            actor.org.as_str().into(),
            kind.into(),
            text.into(),
        ],
    )?;
    Ok(())
}

/// What a rescan changed.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Changes {
    pub opened: Vec<String>,
    pub updated: Vec<String>,
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

/// Stores what a rescan raised: new alerts are opened (and their protocols
/// activated, their webhooks queued), running ones updated. In one
/// transaction with its events, tasks and deliveries.
/// Sets an alert's `downstream`, `affected`, `share` and `share_with`
/// (`shown`, in that order) where they differ from what is stored.
fn refresh(s: &mut dyn Store, id: &str, shown: &[Value]) -> Result<()> {
    let mut params: Vec<Value> = shown.to_vec();
    params.push(clock::now().into());
    params.push(id.into());
    params.extend(shown.iter().cloned());
    s.execute(
        "UPDATE alert SET downstream = {p}, affected = {p}, share = {p}, share_with = {p}, \
         updated_at = {p} WHERE id = {p} AND NOT (downstream = {p} AND affected = {p} \
         AND share = {p} AND share_with = {p})",
        &params,
    )?;
    Ok(())
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
    let rows = store.query(
        "SELECT id, reporter, location, nationality, indicator, share, share_with FROM alert",
        &[],
    )?;
    let mut narrowed = 0;
    for r in rows {
        let key = corredor_model::SeriesKey {
            reporter: r.text(1)?,
            location: r
                .text(2)?
                .parse()
                .map_err(|e| Error::Internal(format!("stored alert: {e}")))?,
            nationality: r.text(3)?,
            indicator: r.text(4)?,
        };
        let Some(now) = current.get(&key) else {
            continue;
        };
        let stored = Sharing::new(
            r.text(5)?.parse().unwrap_or(ShareLevel::Restricted),
            r.text(6)?
                .split(';')
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
        );
        let narrow = stored.meet(now);
        if narrow != stored {
            store.execute(
                "UPDATE alert SET share = {p}, share_with = {p}, updated_at = {p} WHERE id = {p}",
                &[
                    narrow.level.as_str().into(),
                    narrow.with_text().into(),
                    clock::now().into(),
                    r.text(0)?.into(),
                ],
            )?;
            narrowed += 1;
        }
    }
    Ok(narrowed)
}

pub fn persist(store: &mut dyn Store, actor: &Actor, computed: &[Computed]) -> Result<Changes> {
    if computed.is_empty() {
        return Ok(Changes::default());
    }
    let playbooks = protocol::playbooks(store)?;
    corredor_store::transaction(store, |s| -> Result<Changes> {
        let mut changes = Changes::default();
        for c in computed {
            let a = &c.alert;
            let k = &a.key;
            let kind = a.kind.as_str();
            let level = a.level.as_str();
            let now = clock::now();
            let running = s.query(
                "SELECT id, level, period FROM alert WHERE kind = {p} AND reporter = {p} AND location = {p} \
                 AND nationality = {p} AND indicator = {p} AND status <> 'closed' ORDER BY period DESC LIMIT 1",
                &[
                    kind.into(),
                    k.reporter.as_str().into(),
                    k.location.as_str().into(),
                    k.nationality.as_str().into(),
                    k.indicator.as_str().into(),
                ],
            )?;
            let values = [
                Value::from(level),
                a.period.to_string().into(),
                a.observed.round().into(),
                a.expected.round().into(),
                a.lo95.round().into(),
                a.hi95.round().into(),
                ((a.score * 100.0).round() / 100.0).into(),
                (a.months as i64).into(),
                a.explanation.en.as_str().into(),
                a.explanation.es.as_str().into(),
                serde_json::to_string(&c.downstream)
                    .unwrap_or_else(|_| "[]".into())
                    .into(),
                affected(c).join(";").into(),
                c.sharing.level.as_str().into(),
                c.sharing.with_text().into(),
            ];
            let continues = running.first().and_then(|r| {
                let period: Period = r.text(2).ok()?.parse().ok()?;
                let back = a.period.offset(-(a.months.max(1) as i64));
                (period >= back).then(|| (r.text(0).ok(), r.text(1).ok(), period))
            });
            let id = match continues {
                Some((Some(id), Some(old_level), period)) => {
                    if period > a.period {
                        // An older judgement.
                        continue;
                    }
                    if period == a.period && old_level == level && id == a.id {
                        // The same judgement again: nothing to announce, but
                        // the data's sharing or the places downstream may
                        // have changed since, and what the alert shows must
                        // follow them.
                        refresh(s, &id, &values[10..])?;
                        continue;
                    }
                    let mut params: Vec<Value> = values.to_vec();
                    params.push(now.as_str().into());
                    params.push(id.as_str().into());
                    s.execute(
                        "UPDATE alert SET level = {p}, period = {p}, observed = {p}, expected = {p}, \
                         lo95 = {p}, hi95 = {p}, score = {p}, months = {p}, explanation_en = {p}, \
                         explanation_es = {p}, downstream = {p}, affected = {p}, share = {p}, \
                         share_with = {p}, updated_at = {p} WHERE id = {p}",
                        &params,
                    )?;
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
                _ => {
                    let mut params: Vec<Value> = vec![a.id.as_str().into(), kind.into()];
                    params.extend([
                        k.reporter.as_str().into(),
                        k.location.as_str().into(),
                        k.nationality.as_str().into(),
                        k.indicator.as_str().into(),
                    ]);
                    params.extend(values.iter().cloned());
                    params.push(now.as_str().into());
                    params.push(now.as_str().into());
                    let n = s.execute(
                        "INSERT INTO alert (id, kind, reporter, location, nationality, indicator, level, period, \
                         observed, expected, lo95, hi95, score, months, explanation_en, explanation_es, \
                         downstream, affected, share, share_with, status, created_at, updated_at) \
                         VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, \
                         {p}, {p}, {p}, {p}, {p}, 'open', {p}, {p}) ON CONFLICT (id) DO NOTHING",
                        &params,
                    )?;
                    if n == 0 {
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
        let n = s.execute(
            "INSERT INTO alert_ack (alert_id, country, org, at) VALUES ({p}, {p}, {p}, {p}) \
             ON CONFLICT (alert_id, country) DO NOTHING",
            &[
                id.into(),
                country.as_str().into(),
                actor.org.as_str().into(),
                clock::now().into(),
            ],
        )?;
        if n == 0 {
            return Err(Error::Conflict(format!(
                "{country} has acknowledged alert {id} already"
            )));
        }
        event(s, id, actor, "acknowledged", &country)?;
        let acked: i64 = s.query(
            "SELECT COUNT(*) FROM alert_ack WHERE alert_id = {p}",
            &[id.into()],
        )?[0]
            .int(0)?;
        if acked as usize >= alert.affected.len() && alert.status == AlertStatus::Open {
            s.execute(
                "UPDATE alert SET status = 'acknowledged', updated_at = {p} WHERE id = {p}",
                &[clock::now().into(), id.into()],
            )?;
        } else {
            s.execute(
                "UPDATE alert SET updated_at = {p} WHERE id = {p}",
                &[clock::now().into(), id.into()],
            )?;
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
        s.execute(
            "UPDATE alert SET updated_at = {p} WHERE id = {p}",
            &[clock::now().into(), id.into()],
        )?;
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
        s.execute(
            "UPDATE alert SET status = {p}, updated_at = {p} WHERE id = {p}",
            &[to.as_str().into(), clock::now().into(), id.into()],
        )?;
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

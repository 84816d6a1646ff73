//! The alert state machine: what a scan's judgements do to the stored
//! alerts (open, update, close a settled notice, narrow to their series'
//! sharing), and what people do to them (acknowledge, comment, escalate,
//! close). Each change is one transaction with its event, its audit entry,
//! the protocol's tasks it activates and the webhook messages it queues.
//! Reading alerts is [`crate::alerts`]'s; this module is above it, and
//! above [`crate::protocol`] and [`crate::webhook`], which read alerts too.

use corredor_model::{
    AlertEventKind, AlertKind, AlertStatus, Level, Period, SeriesKey, Sharing, TaskStatus, Viewer,
};
use corredor_store::alerts as repo;
use corredor_store::{Access, Store};
use corredor_warning::explain::Explanation;
use corredor_warning::history;

use crate::alerts::{events, get, Changes, Event, StoredAlert};
use crate::auth::{Actor, Role};
use crate::engine::Computed;
use crate::{audit, clock, protocol, webhook, Error, Result};

mod held;
mod notices;

/// A step of alert `id`'s history that a person wrote (`text` is kept as
/// written).
fn event(
    store: &mut dyn Store,
    id: &str,
    actor: &Actor,
    kind: AlertEventKind,
    text: &str,
) -> Result<()> {
    Ok(repo::add_event(
        store,
        id,
        &clock::now(),
        &actor.org,
        kind,
        [text, "", "", ""],
    )?)
}

/// A step of alert `id`'s history that the early warning wrote, in the
/// four languages.
fn written(
    store: &mut dyn Store,
    id: &str,
    actor: &Actor,
    kind: AlertEventKind,
    text: &Explanation,
) -> Result<()> {
    Ok(repo::add_event(
        store,
        id,
        &clock::now(),
        &actor.org,
        kind,
        [&text.en, &text.es, &text.pt, &text.fr],
    )?)
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

/// A sharing as the audit log gives it: `restricted (MEX;USA)`.
fn shown(s: &Sharing) -> String {
    match s.with_text() {
        with if with.is_empty() => s.level.as_str().to_string(),
        with => format!("{} ({with})", s.level.as_str()),
    }
}

/// Narrows the sharing of every stored alert (open or closed, raised again
/// or not) to at most the sharing now of the series it shows (its own, the
/// other places of its episode, those a notice holds) and, for an
/// emergence or a notice, of the place's series its totals held, so that
/// an alert never shows a figure more widely than its data may be seen:
/// when a country re-sends a public series as restricted, its alerts
/// follow at once. Never widens: a wider sharing comes back only with a
/// new judgement. Each narrowing is audited with the change, in the
/// caller's transaction.
pub fn narrow_sharing(
    store: &mut dyn Store,
    actor: &Actor,
    loaded: &crate::engine::Loaded,
) -> Result<u64> {
    let sharings = crate::engine::Sharings::dated(loaded);
    let mut narrowed = 0;
    for a in repo::sharings(store)? {
        let covers: Vec<String> = serde_json::from_str::<serde_json::Value>(&a.covers)
            .ok()
            .and_then(|c| serde_json::from_value(c["series"].clone()).ok())
            .unwrap_or_default();
        let period = a.period.parse().ok();
        let now = sharings.of_stored(a.kind, &a.key, &a.places, &covers, period);
        let narrow = now.map_or_else(|| a.sharing.clone(), |now| a.sharing.meet(&now));
        if narrow != a.sharing {
            let at = clock::now();
            repo::set_sharing(store, &a.id, &narrow, &at)?;
            let withdrawn = webhook::withdraw_unseen(store, &a.id, &a.key.reporter, &narrow)?;
            let tasks = withdraw_unseeing(store, &a.id, &a.key.reporter, &narrow, &at)?;
            audit::record(
                store,
                actor,
                "alert.narrow",
                &format!("alert/{}", a.id),
                &format!(
                    "{} → {}; {withdrawn} webhook message(s) withdrawn; {tasks} task(s) withdrawn",
                    shown(&a.sharing),
                    shown(&narrow)
                ),
            )?;
            narrowed += 1;
        }
        if let Some(w) = unseen_downstream(&a.downstream, &narrow, &a.key.reporter, loaded) {
            let kept = w.kept;
            // The countries of the places withdrawn are no longer asked.
            let country = |d: &serde_json::Value| {
                let place = d["place"].as_str().unwrap_or_default();
                place.split('/').next().unwrap_or(place).to_string()
            };
            let affected: Vec<String> = a
                .affected
                .iter()
                .filter(|c| **c == a.key.reporter || kept.iter().any(|d| country(d) == **c))
                .cloned()
                .collect();
            let downstream = serde_json::to_string(&kept)
                .map_err(|e| Error::Internal(format!("an alert's places downstream: {e}")))?;
            let at = clock::now();
            repo::set_downstream(store, &a.id, &downstream, &affected, &at)?;
            // Nor are their tasks on it still asked of them.
            let tasks = withdraw_unasked(store, &a.id, &a.affected, &affected, &at)?;
            // Its readers saw those places: its history says they went.
            repo::add_event(
                store,
                &a.id,
                &at,
                &actor.org,
                AlertEventKind::Withdrawn,
                [&w.places.join(", "), "", "", ""],
            )?;
            // Built after the sharing above: a replacement carries the
            // alert as it now stands, to those who may still see it.
            let replaced = webhook::replace_unseen(store, &a.id, &w.series)?;
            audit::record(
                store,
                actor,
                "alert.withdraw",
                &format!("alert/{}", a.id),
                &format!(
                    "places downstream withdrawn: {}; {tasks} task(s) withdrawn; \
                     {replaced} webhook message(s) replaced",
                    w.places.join(", ")
                ),
            )?;
            // A country no longer asked no longer holds the alert open.
            settle_acknowledged(store, &a.id)?;
            narrowed += 1;
        }
    }
    Ok(narrowed)
}

/// What [`unseen_downstream`] takes out of a stored alert.
struct Withdrawal {
    /// The places that stay, as stored.
    kept: Vec<serde_json::Value>,
    /// The places withdrawn.
    places: Vec<String>,
    /// The series they rest on that the alert's readers may no longer all
    /// see, each with its owner and its sharing now.
    series: Vec<(String, Sharing)>,
}

/// The places downstream of a stored alert (`stored`, as the store keeps
/// them) whose figures rest on a series that `sharing`'s readers may no
/// longer all see; `None` when there is none. A place's basis holds only
/// series its readers could see when it was judged, so only a narrowing
/// since then withdraws it; a place stored without a basis is left as it
/// is.
fn unseen_downstream(
    stored: &str,
    sharing: &Sharing,
    owner: &str,
    loaded: &crate::engine::Loaded,
) -> Option<Withdrawal> {
    let list: Vec<serde_json::Value> = serde_json::from_str(stored).ok()?;
    let mut out = Withdrawal {
        kept: Vec::new(),
        places: Vec::new(),
        series: Vec::new(),
    };
    for d in list {
        let mut unseen = Vec::new();
        for k in d["basis"].as_array().into_iter().flatten() {
            let Some(key) = k.as_str().and_then(|k| k.parse::<SeriesKey>().ok()) else {
                continue;
            };
            // A series no longer in the store is seen by no one.
            let now = loaded.sharing.get(&key).cloned().unwrap_or_else(|| {
                Sharing::new(corredor_model::ShareLevel::Restricted, Vec::new())
            });
            if !now.covers(&key.reporter, sharing, owner) {
                unseen.push((key.reporter, now));
            }
        }
        if unseen.is_empty() {
            out.kept.push(d);
        } else {
            out.places
                .push(d["place"].as_str().unwrap_or_default().to_string());
            out.series.extend(unseen);
        }
    }
    (!out.places.is_empty()).then_some(out)
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
        reference: Some(a.reference.round()),
        score: (a.score * 100.0).round() / 100.0,
        months: a.months as i64,
        explanation_en: a.explanation.en.clone(),
        explanation_es: a.explanation.es.clone(),
        explanation_pt: a.explanation.pt.clone(),
        explanation_fr: a.explanation.fr.clone(),
        downstream: crate::alerts::stored_downstream(&c.downstream),
        affected: affected(c),
        sharing: c.sharing.clone(),
        priority: c.priority,
        places: a.places.clone(),
        covers: serde_json::to_string(&a.covers).unwrap_or_else(|_| "null".into()),
    }
}

/// Withdraws the pending tasks on alert `id` of the countries `before`
/// asked to acknowledge it and `after` no longer does (a place downstream
/// gone, or a country the sharing now leaves out); how many.
fn withdraw_unasked(
    store: &mut dyn Store,
    id: &str,
    before: &[String],
    after: &[String],
    at: &str,
) -> Result<u64> {
    let mut withdrawn = 0;
    for c in before.iter().filter(|c| !after.contains(c)) {
        withdrawn += corredor_store::tasks::withdraw(store, id, c, at)?;
    }
    Ok(withdrawn)
}

/// Withdraws the pending tasks on alert `id` whose holders `sharing` no
/// longer lets see it (the secretariat's, when a country narrows its
/// figures to a few members): a task on an alert one may not read can be
/// neither seen nor done, and would only fall overdue. How many.
fn withdraw_unseeing(
    store: &mut dyn Store,
    id: &str,
    reporter: &str,
    sharing: &Sharing,
    at: &str,
) -> Result<u64> {
    let filter = corredor_store::tasks::TaskFilter {
        alert: Some(id.to_string()),
        ..Default::default()
    };
    let mut holders: Vec<String> = corredor_store::tasks::list(store, &Access::Operator, &filter)?
        .into_iter()
        .filter(|t| matches!(t.status, TaskStatus::Open | TaskStatus::Acknowledged))
        .map(|t| t.responsible)
        .collect();
    holders.sort();
    holders.dedup();
    let mut withdrawn = 0;
    for h in holders {
        if !sharing.visible_to(reporter, &protocol::viewer_of(&h)) {
            withdrawn += corredor_store::tasks::withdraw(store, id, &h, at)?;
        }
    }
    Ok(withdrawn)
}

/// The countries alert row `r` asks to acknowledge it; none without a row.
fn asked(r: Option<&repo::AlertRow>) -> &[String] {
    r.map_or(&[], |r| &r.judgement.affected)
}

/// Stores what a rescan raised: new alerts are opened (and their protocols
/// activated, their webhooks queued), running ones updated. In one
/// transaction with its events, tasks and deliveries.
///
/// `snapshot` is the data version ([`corredor_store::data_version`]) the
/// judgements were computed on. When the store's has moved on (an import
/// committed while they were computed), nothing is stored and `None` is
/// returned: judgements of the figures before it carry their sharing, and
/// storing them would widen again what that import has just narrowed.
/// Writers take turns, so the check and the writes see the same store.
pub fn persist(
    store: &mut dyn Store,
    actor: &Actor,
    computed: &[Computed],
    snapshot: Option<i64>,
) -> Result<Option<Changes>> {
    if computed.is_empty() {
        return Ok(Some(Changes::default()));
    }
    let playbooks = protocol::playbooks(store)?;
    corredor_store::transaction(store, |s| -> Result<Option<Changes>> {
        if let Some(version) = snapshot {
            if corredor_store::data_version(s)? != version {
                return Ok(None);
            }
        }
        let mut changes = Changes::default();
        for c in computed {
            let again;
            // The settled notice this one is raised again after, if any.
            let mut settled = None;
            let a = if c.alert.kind == AlertKind::DataQuality {
                // A settled notice whose months are flagged again (figures
                // revised since, or a confirmation that no longer stands)
                // is raised as a new notice: holding them with nothing
                // open would hide them from the early warning unsaid.
                let (id, before) = notices::unsettled_id(s, &c.alert.id)?;
                settled = before;
                again = corredor_warning::Alert {
                    id,
                    ..c.alert.clone()
                };
                &again
            } else {
                &c.alert
            };
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
                    // An alert whose run reaches back before the first
                    // supported year continues whatever ran before it.
                    let back = a.period.checked_offset(-(a.months.max(1) as i64));
                    back.is_none_or(|b| period >= b)
                        .then_some((r.id, r.level, period))
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
                        // follow them (audited where it did).
                        // What the places downstream were learned from
                        // is kept, but not shown: a change there alone
                        // does not issue the alert again.
                        let before = repo::get(s, &Access::Operator, &id)?;
                        let reads_as_before = before.as_ref().is_some_and(|r| {
                            crate::alerts::shown_downstream(&r.judgement.downstream)
                                == crate::alerts::shown_downstream(&j.downstream)
                        });
                        if repo::refresh(s, &id, &j, &now, reads_as_before)? {
                            webhook::withdraw_unseen(s, &id, &a.key.reporter, &j.sharing)?;
                            let tasks =
                                withdraw_unasked(
                                    s,
                                    &id,
                                    asked(before.as_ref()),
                                    &j.affected,
                                    &now,
                                )? + withdraw_unseeing(s, &id, &a.key.reporter, &j.sharing, &now)?;
                            audit::record(
                                s,
                                actor,
                                "alert.refresh",
                                &format!("alert/{id}"),
                                &format!("{}; {tasks} task(s) withdrawn", shown(&j.sharing)),
                            )?;
                            // A country no longer asked no longer holds it open.
                            if before.is_some_and(|r| r.judgement.affected != j.affected) {
                                settle_acknowledged(s, &id)?;
                            }
                        }
                        continue;
                    }
                    let before = repo::get(s, &Access::Operator, &id)?;
                    repo::update(s, &id, &j, &now)?;
                    withdraw_unasked(s, &id, asked(before.as_ref()), &j.affected, &now)?;
                    withdraw_unseeing(s, &id, &a.key.reporter, &j.sharing, &now)?;
                    // Messages written before, to receivers the new
                    // judgement's sharing leaves out, are not sent.
                    webhook::withdraw_unseen(s, &id, &a.key.reporter, &j.sharing)?;
                    let text = history::updated(
                        &a.period,
                        old_level.parse::<Level>().ok(),
                        a.level,
                        &a.explanation,
                    );
                    written(s, &id, actor, AlertEventKind::Updated, &text)?;
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
                    written(s, &a.id, actor, AlertEventKind::Opened, &a.explanation)?;
                    // Each of the two names the other: the notice settled
                    // under the id this one follows, else one whose periods
                    // this one shares.
                    let settled = match settled {
                        Some(old) => Some(old),
                        None => notices::settled_overlapping(s, a)?,
                    };
                    if let Some(old) = &settled {
                        event(s, old, actor, AlertEventKind::RaisedAgain, &a.id)?;
                        event(s, &a.id, actor, AlertEventKind::Follows, old)?;
                    }
                    changes.opened.push(a.id.clone());
                    protocol::activate(s, &playbooks, &a.id, "opened")?;
                    webhook::enqueue(s, &a.id, "alert.opened")?;
                    a.id.clone()
                }
            };
            if let Some(covers) = &a.covers {
                for alert in held::unmarked(s, &a.key.reporter, &id, covers)? {
                    event(s, &alert, actor, AlertEventKind::HeldBy, &id)?;
                }
            }
            audit::record(s, actor, "alert.raise", &format!("alert/{id}"), level)?;
        }
        Ok(Some(changes))
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
    standing: &corredor_warning::quality::Confirmed,
) -> Result<Vec<String>> {
    // Every notice not closed, however many: one no settle reached could
    // be closed by no one.
    let notices = crate::alerts::every_notice(store)?;
    let settled: Vec<StoredAlert> = notices
        .iter()
        .filter(|a| a.status != AlertStatus::Closed)
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
        .cloned()
        .collect();
    if settled.is_empty() {
        return Ok(Vec::new());
    }
    // The confirmations that stand: one whose month received figures
    // since speaks of figures no longer there.
    let confirmations: Vec<_> = corredor_store::confirmations::list(store)?
        .into_iter()
        .filter(|c| standing.contains(&(c.reporter.clone(), c.period)))
        .collect();
    // Every notice, open or closed (above): a confirmation is of a
    // reporter's month, which notices of several indicators may hold.
    let audience = |n: &StoredAlert| {
        let mut with = n.share_with.clone();
        with.sort();
        (n.share, with)
    };
    corredor_store::transaction(store, |s| -> Result<Vec<String>> {
        let mut ids = Vec::new();
        for a in &settled {
            // The notes of the confirmations of its months, each once; a
            // note is quoted only where every notice of its month is seen
            // by the same readers as this one, so that no note reaches a
            // reader of a wider notice that a narrower one was confirmed
            // for.
            let months = a.covers.as_ref().map(|c| &c.months[..]).unwrap_or(&[]);
            let mut notes: Vec<String> = Vec::new();
            for c in &confirmations {
                let month = c.period.to_string();
                if c.reporter != a.reporter
                    || c.note.is_empty()
                    || !months.contains(&month)
                    || notes.contains(&c.note)
                {
                    continue;
                }
                let same_readers = notices
                    .iter()
                    .filter(|n| {
                        n.reporter == c.reporter
                            && n.covers
                                .as_ref()
                                .is_some_and(|cv| cv.months.contains(&month))
                    })
                    .all(|n| audience(n) == audience(a));
                if same_readers {
                    notes.push(c.note.clone());
                }
            }
            let periods: Vec<Period> = months.iter().filter_map(|m| m.parse().ok()).collect();
            let reason = history::settled(&a.reporter, &periods, &notes);
            // Read before this transaction: closed since (by a person, or
            // another instance's scan), it is settled already.
            let at = clock::now();
            if !repo::close_if_open(s, &a.id, &at)? {
                continue;
            }
            // The reporter confirmed or revised its figures, which is what
            // its tasks on the notice asked; the others are withdrawn.
            let done =
                corredor_store::tasks::complete_held(s, &a.id, &a.reporter, &actor.org, &at)?;
            let withdrawn = corredor_store::tasks::withdraw_all(s, &a.id, &at)?;
            written(s, &a.id, actor, AlertEventKind::Closed, &reason)?;
            webhook::enqueue(s, &a.id, "alert.closed")?;
            audit::record(
                s,
                actor,
                "alert.settle",
                &format!("alert/{}", a.id),
                &format!("{}; tasks: {done} done, {withdrawn} withdrawn", reason.en),
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
        event(s, id, actor, AlertEventKind::Acknowledged, &country)?;
        if !settle_acknowledged(s, id)? {
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

/// Marks open alert `id` acknowledged when every country it asks has
/// acknowledged it (an acknowledgement by a country no longer asked does
/// not count); whether it did.
fn settle_acknowledged(store: &mut dyn Store, id: &str) -> Result<bool> {
    let alert = get(store, &Access::Operator, id)?;
    let all = alert
        .affected
        .iter()
        .all(|c| alert.acknowledged_by.contains(c));
    if all && alert.status == AlertStatus::Open {
        repo::set_status(store, id, AlertStatus::Acknowledged, &clock::now())?;
        return Ok(true);
    }
    Ok(false)
}

/// Free text a person writes (a comment, a reason, a reply): trimmed, not
/// empty, at most 4,000 characters, line breaks but no other control
/// characters.
pub(crate) fn check_text(text: &str, what: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Error::Invalid(format!("{what} is empty")));
    }
    if t.chars().count() > 4000 {
        return Err(Error::Invalid(format!(
            "{what} is longer than 4,000 characters"
        )));
    }
    // Line breaks are text (a Windows one is kept as a line break); other
    // control characters (an escape sequence for a reader's terminal, a
    // carriage return alone that rewrites its line, a NUL for a parser)
    // and bidirectional overrides are not.
    let t = t.replace("\r\n", "\n");
    if t.chars()
        .any(|c| corredor_model::record::is_hidden_control(c) && c != '\n')
    {
        return Err(Error::Invalid(format!(
            "{what} contains control characters: remove them"
        )));
    }
    Ok(t)
}

pub fn comment(store: &mut dyn Store, actor: &Actor, id: &str, text: &str) -> Result<Event> {
    actor.require(
        &[Role::Analyst, Role::Participant, Role::Secretariat],
        "commenting on an alert",
    )?;
    let text = check_text(text, "the comment")?;
    corredor_store::transaction(store, |s| -> Result<()> {
        get(s, &actor.access(), id)?;
        event(s, id, actor, AlertEventKind::Comment, &text)?;
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
    let (from, verb, kind): (&[AlertStatus], &str, AlertEventKind) = match to {
        Escalated => (&[Open, Acknowledged], "escalate", AlertEventKind::Escalated),
        Closed => (
            &[Open, Acknowledged, Escalated],
            "close",
            AlertEventKind::Closed,
        ),
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
        // A notice closed by hand would leave its months held out of the
        // early warning with nothing left open to say so, and a scan never
        // raises a closed notice again: it settles when its figures are
        // confirmed or revised.
        if to == Closed && alert.kind == AlertKind::DataQuality {
            return Err(Error::Conflict(format!(
                "{id} is a data-quality notice: it closes when {}'s figures for its months are confirmed (corredor data confirm, or the notice's page) or revised by sending them again",
                alert.reporter
            )));
        }
        repo::set_status(s, id, to, &clock::now())?;
        event(s, id, actor, kind, &reason)?;
        if to == Escalated {
            protocol::activate(s, &playbooks, id, "escalated")?;
        }
        if to == Closed {
            // A closed alert asks nothing more of anyone.
            corredor_store::tasks::withdraw_all(s, id, &clock::now())?;
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

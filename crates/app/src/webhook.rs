//! Webhooks: organisations register a URL and receive every change of the
//! alerts they may see, as JSON signed with HMAC-SHA256 under a secret
//! shown once at registration.
//!
//! Delivery is at least once and survives restarts: the message is written
//! to an outbox table in the same transaction as the change it announces,
//! and leaves the queue only when the receiver answered 2xx. Failures are
//! retried with exponential backoff (2 s, 4 s, … up to an hour), the
//! receiver's other messages waiting with it; after [`MAX_ATTEMPTS`] a
//! message is given up into the dead-letter list, which the secretariat
//! reads and replays. Receivers are sent to in parallel, each in turn, so
//! that one that never answers delays no other.

use std::time::Duration;

use corredor_store::webhooks as repo;
use corredor_store::{Access, Store};
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::alerts;
use crate::auth::{Actor, Role};
use crate::{audit, clock, Error, Result};

mod destinations;
pub use destinations::{Destinations, Lookup, SystemLookup};

/// The header carrying `sha256=<hex HMAC of the body>`.
pub const SIGNATURE_HEADER: &str = "X-Corredor-Signature";
pub const DELIVERY_HEADER: &str = "X-Corredor-Delivery";
pub const EVENT_HEADER: &str = "X-Corredor-Event";
/// Longest wait between two attempts.
const MAX_BACKOFF: i64 = 3600;

/// Attempts before a message is given up: 2 s, 4 s, … then hourly, some
/// seven hours in all.
pub const MAX_ATTEMPTS: i64 = 16;

/// Receivers sent to at once.
const PARALLEL_RECEIVERS: usize = 8;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Webhook {
    pub id: i64,
    pub org: String,
    pub url: String,
    pub created_at: String,
    pub active: bool,
    /// Deliveries waiting (not yet accepted by the receiver).
    pub pending: i64,
    /// Deliveries given up after their last attempt.
    pub dead: i64,
}

/// A message given up after its last attempt.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DeadLetter {
    pub id: i64,
    pub webhook_id: i64,
    pub org: String,
    pub url: String,
    pub alert_id: String,
    pub event: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub created_at: String,
    pub dead_at: String,
}

pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC accepts any key length");
    mac.update(body);
    format!(
        "sha256={}",
        crate::pipeline::hex(&mac.finalize().into_bytes())
    )
}

/// Registers `url` for the actor's organisation; returns the webhook and
/// its secret (shown this once).
pub fn register(
    store: &mut dyn Store,
    actor: &Actor,
    url: &str,
    destinations: &Destinations,
) -> Result<(Webhook, String)> {
    actor.require(
        &[
            Role::Secretariat,
            Role::Analyst,
            Role::Participant,
            Role::Observer,
        ],
        "registering a webhook",
    )?;
    let url = url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 2000 {
        return Err(Error::Invalid(format!(
            "webhook url '{url}': give an http:// or https:// address"
        )));
    }
    destinations
        .check_url(url)
        .map_err(|e| Error::Invalid(format!("webhook url '{url}': {e}")))?;
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("no randomness: {e}")))?;
    let secret = format!("whsec_{}", crate::pipeline::hex(&bytes));
    let role = if actor.role == Role::Operator {
        Role::Secretariat
    } else {
        actor.role
    };
    let now = clock::now();
    let id = corredor_store::transaction(store, |s| -> Result<i64> {
        let id = repo::register(
            s,
            &repo::NewWebhook {
                org: &actor.org,
                role: role.as_str(),
                url,
                secret: &secret,
                created_at: &now,
                token_id: actor.token_id,
            },
        )?;
        audit::record(s, actor, "webhook.register", &format!("webhook/{id}"), url)?;
        Ok(id)
    })?;
    Ok((
        Webhook {
            id,
            org: actor.org.clone(),
            url: url.to_string(),
            created_at: now,
            active: true,
            pending: 0,
            dead: 0,
        },
        secret,
    ))
}

/// The webhooks of the actor's organisation (all of them for the
/// secretariat).
pub fn list(store: &mut dyn Store, actor: &Actor) -> Result<Vec<Webhook>> {
    actor.require(
        &[
            Role::Secretariat,
            Role::Analyst,
            Role::Participant,
            Role::Observer,
        ],
        "listing webhooks",
    )?;
    Ok(repo::list(store)?
        .into_iter()
        .filter(|w| actor.is_secretariat() || w.org == actor.org)
        .map(|w| Webhook {
            id: w.id,
            org: w.org,
            url: w.url,
            created_at: w.created_at,
            active: w.active,
            pending: w.pending,
            dead: w.dead,
        })
        .collect())
}

/// The messages given up, the latest first (the secretariat).
pub fn dead_letters(store: &mut dyn Store, actor: &Actor) -> Result<Vec<DeadLetter>> {
    actor.require(&[Role::Secretariat], "reading the dead-letter list")?;
    // A message about an alert the reader may not see is left out whole,
    // as in the audit log.
    let visible = crate::alerts::visible_ids(store, &actor.access())?;
    Ok(repo::dead_letters(store, 500)?
        .into_iter()
        .filter(|d| visible.as_ref().is_none_or(|v| v.contains(&d.alert_id)))
        .map(|d| DeadLetter {
            id: d.id,
            webhook_id: d.webhook_id,
            org: d.org,
            url: d.url,
            alert_id: d.alert_id,
            event: d.event,
            attempts: d.attempts,
            last_error: d.last_error,
            created_at: d.created_at,
            dead_at: d.dead_at,
        })
        .collect())
}

/// Puts a given-up message back in the queue, due now (the secretariat),
/// audited.
pub fn replay(store: &mut dyn Store, actor: &Actor, id: i64) -> Result<()> {
    actor.require(&[Role::Secretariat], "replaying a webhook message")?;
    corredor_store::transaction(store, |s| -> Result<()> {
        // A message about an alert the reader may not see is "not found",
        // as it is absent from their list: its existence is not theirs to
        // know. The entry names the alert, so that the log keeps it from
        // such readers too.
        let visible = crate::alerts::visible_ids(s, &actor.access())?;
        let alert = repo::dead_alert(s, id)?
            .filter(|a| visible.as_ref().is_none_or(|v| v.contains(a)))
            .ok_or_else(|| Error::NotFound(format!("no dead letter {id}")))?;
        if !repo::replay(s, id, &clock::now())? {
            return Err(Error::NotFound(format!("no dead letter {id}")));
        }
        audit::record(
            s,
            actor,
            "webhook.replay",
            &format!("delivery/{id}"),
            &alert,
        )
    })
}

pub fn deactivate(store: &mut dyn Store, actor: &Actor, id: i64) -> Result<()> {
    let owned = list(store, actor)?
        .into_iter()
        .any(|w| w.id == id && w.active);
    if !owned {
        return Err(Error::NotFound(format!("no active webhook {id}")));
    }
    // Stopped only if still active when the write runs: another request
    // (on another instance) may have stopped it since the check above,
    // and the stop is then its, audited once.
    corredor_store::transaction(store, |s| -> Result<()> {
        if !repo::deactivate(s, id)? {
            return Err(Error::NotFound(format!("no active webhook {id}")));
        }
        audit::record(s, actor, "webhook.deactivate", &format!("webhook/{id}"), "")
    })
}

/// A webhook message: `event` of `alert`, sent at `now`.
fn message(event: &str, now: &str, alert: &alerts::StoredAlert) -> Result<String> {
    serde_json::to_string(&serde_json::json!({
        "event": event, "sent_at": now, "alert": alert,
    }))
    .map_err(|e| Error::Internal(e.to_string()))
}

/// Queues `event` of alert `id` for every active webhook whose
/// organisation may see the alert. Called inside the transaction of the
/// change itself.
pub fn enqueue(store: &mut dyn Store, id: &str, event: &str) -> Result<u64> {
    let hooks = repo::subscribers(store)?;
    if hooks.is_empty() {
        return Ok(0);
    }
    let alert = alerts::get(store, &Access::Operator, id)?;
    let now = clock::now();
    let body = message(event, &now, &alert)?;
    let mut queued = 0;
    for h in &hooks {
        if !alert.visible_to(&subscriber(h)?.access()) {
            continue;
        }
        queued += repo::enqueue(store, h.id, id, event, &body, &now)?;
    }
    Ok(queued)
}

/// Who a webhook receives for: its organisation in its role.
fn subscriber(h: &repo::Subscriber) -> Result<Actor> {
    Ok(Actor {
        org: h.org.clone(),
        role: h
            .role
            .parse()
            .map_err(|e: corredor_model::actor::UnknownRole| Error::Internal(e.to_string()))?,
        country: h.country.clone(),
        token_id: None,
        remote: String::new(),
    })
}

/// Withdraws the messages about alert `id` (of `reporter`, now shared as
/// `sharing`) that wait for, or were given up by, a receiver that may no
/// longer see it: a message is written when the alert changes, and the
/// alert may narrow before it is delivered or replayed. In the caller's
/// transaction; how many.
pub(crate) fn withdraw_unseen(
    store: &mut dyn Store,
    id: &str,
    reporter: &str,
    sharing: &corredor_model::Sharing,
) -> Result<u64> {
    // Everyone sees a public alert: nothing to read or withdraw.
    if sharing.level == corredor_model::ShareLevel::Public {
        return Ok(0);
    }
    let mut withdrawn = 0;
    for h in repo::subscribers(store)? {
        let sees = match subscriber(&h)?.access() {
            Access::Operator => true,
            Access::Viewer(viewer) => sharing.visible_to(reporter, &viewer),
        };
        if !sees {
            withdrawn += repo::withdraw(store, id, h.id)?;
        }
    }
    Ok(withdrawn)
}

/// Replaces alert `id`'s undelivered messages to every webhook that may
/// not see all of `series` (each series' owner and its sharing now) with
/// one message of the alert as it stands, `alert.updated`: a place
/// withdrawn from an alert leaves no queued message that still shows it.
/// Returns how many webhooks had theirs replaced.
pub(crate) fn replace_unseen(
    store: &mut dyn Store,
    id: &str,
    series: &[(String, corredor_model::Sharing)],
) -> Result<u64> {
    let mut replaced = 0;
    for h in repo::subscribers(store)? {
        let access = subscriber(&h)?.access();
        let sees = match &access {
            Access::Operator => true,
            Access::Viewer(viewer) => series.iter().all(|(o, s)| s.visible_to(o, viewer)),
        };
        if sees || repo::withdraw(store, id, h.id)? == 0 {
            continue;
        }
        let alert = alerts::get(store, &Access::Operator, id)?;
        if !alert.visible_to(&access) {
            continue;
        }
        let now = clock::now();
        let body = message("alert.updated", &now, &alert)?;
        repo::enqueue(store, h.id, id, "alert.updated", &body, &now)?;
        replaced += 1;
    }
    Ok(replaced)
}

/// What one round of delivery did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Round {
    pub delivered: u64,
    pub failed: u64,
    /// Given up after their last attempt.
    pub dead: u64,
}

/// A delivery that is due, as read from the outbox.
pub use corredor_store::webhooks::DueRow as Due;

/// How a receiver answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    Failed(String),
    /// Not tried this round: an earlier message to the same receiver
    /// failed, and this one waits with it.
    Skipped,
}

/// The network side of delivery: posts one signed message. Delivery runs
/// in three steps, [`due`], [`send`] and [`record`], so that no database
/// connection is held while a receiver is waited for.
pub trait Transport: Send + Sync {
    fn post(&self, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Outcome;
}

/// Posts with `ureq`: short timeouts, non-2xx answers recorded as failures,
/// only to destinations the policy allows. The destination's name is
/// looked up once per delivery, by `destinations::Checked`, and the
/// connection goes to exactly the addresses that were checked: a name
/// cannot pass the check with a public address and then lead the
/// connection to a private one.
pub struct Http {
    agent: ureq::Agent,
}

impl Http {
    pub fn new(destinations: Destinations) -> Http {
        Http::with_lookup(destinations, SystemLookup)
    }

    /// Delivers with `lookup` for names (tests give their own).
    pub fn with_lookup(destinations: Destinations, lookup: impl Lookup) -> Http {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(10)))
            .http_status_as_error(false)
            // A receiver's redirect is not followed: it could point the
            // server at an address the receiver could not register.
            .max_redirects(0)
            // Straight to the receiver, never through a proxy named in the
            // environment: the resolver would check the proxy's address,
            // and the proxy would look the receiver's name up itself.
            .proxy(None)
            .build();
        let resolver = destinations::Checked::new(destinations, lookup);
        Http {
            agent: ureq::Agent::with_parts(
                config,
                ureq::unversioned::transport::DefaultConnector::new(),
                resolver,
            ),
        }
    }
}

impl Transport for Http {
    fn post(&self, url: &str, headers: &[(&str, &str)], body: &[u8]) -> Outcome {
        let mut request = self.agent.post(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        match request.send(body) {
            Ok(r) if r.status().is_success() => Outcome::Delivered,
            Ok(r) => Outcome::Failed(format!("HTTP {}", r.status())),
            Err(e) => Outcome::Failed(e.to_string()),
        }
    }
}

/// How long a round holds the deliveries it read: no other round (of this
/// instance or another) reads them meanwhile, so none is sent twice. A
/// round that ends records each one; an instance that dies mid-round
/// leaves its deliveries to be sent again once the hold ends.
const HELD_FOR: i64 = 1800;

/// The deliveries that are due (at most `limit`), oldest first, held for
/// this round (`HELD_FOR`, half an hour) in the same transaction that
/// reads them.
pub fn due(store: &mut dyn Store, limit: i64) -> Result<Vec<Due>> {
    corredor_store::transaction(store, |s| -> Result<Vec<Due>> {
        let due = repo::due(s, &clock::now(), limit)?;
        let until = clock::in_seconds(HELD_FOR);
        for d in &due {
            repo::due_again_at(s, d.id, &until)?;
        }
        Ok(due)
    })
}

/// Posts each delivery, signed; touches no store. Receivers are served in
/// parallel (at most `PARALLEL_RECEIVERS` at once), each one's messages
/// in order; after a receiver fails, its later messages this round are
/// skipped. Answers come back in the order of `due`.
pub fn send(transport: &dyn Transport, due: &[Due]) -> Vec<(i64, i64, Outcome)> {
    let mut receivers: Vec<Vec<usize>> = Vec::new();
    let mut of_hook: std::collections::HashMap<i64, usize> = std::collections::HashMap::new();
    for (i, d) in due.iter().enumerate() {
        let r = *of_hook.entry(d.webhook_id).or_insert_with(|| {
            receivers.push(Vec::new());
            receivers.len() - 1
        });
        receivers[r].push(i);
    }
    let mut outcomes: Vec<Option<Outcome>> = vec![None; due.len()];
    for wave in receivers.chunks(PARALLEL_RECEIVERS) {
        let results: Vec<Vec<(usize, Outcome)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = wave
                .iter()
                .map(|messages| {
                    scope.spawn(move || {
                        let mut out = Vec::new();
                        let mut failed = false;
                        for &i in messages {
                            if failed {
                                out.push((i, Outcome::Skipped));
                                continue;
                            }
                            let outcome = post_one(transport, &due[i]);
                            failed = matches!(outcome, Outcome::Failed(_));
                            out.push((i, outcome));
                        }
                        out
                    })
                })
                .collect();
            // A sender that panicked reports nothing: its messages stay
            // unsent (skipped) and are tried again next round.
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (i, outcome) in results.into_iter().flatten() {
            outcomes[i] = Some(outcome);
        }
    }
    due.iter()
        .zip(outcomes)
        .map(|(d, o)| (d.id, d.attempts, o.unwrap_or(Outcome::Skipped)))
        .collect()
}

fn post_one(transport: &dyn Transport, d: &Due) -> Outcome {
    let signature = sign(&d.secret, d.body.as_bytes());
    let id = d.id.to_string();
    let headers = [
        ("Content-Type", "application/json"),
        (SIGNATURE_HEADER, signature.as_str()),
        (DELIVERY_HEADER, id.as_str()),
        (EVENT_HEADER, d.event.as_str()),
    ];
    transport.post(&d.url, &headers, d.body.as_bytes())
}

/// Records what [`send`] found, in one transaction: a delivered message
/// leaves the queue; a failed one waits twice as long as before, and its
/// receiver's other messages with it; one that failed its last attempt is
/// given up into the dead-letter list.
pub fn record(store: &mut dyn Store, sent: &[(i64, i64, Outcome)], due: &[Due]) -> Result<Round> {
    let hook_of: std::collections::HashMap<i64, i64> =
        due.iter().map(|d| (d.id, d.webhook_id)).collect();
    corredor_store::transaction(store, |s| -> Result<Round> {
        let mut round = Round::default();
        // What the round held and did not try is due again now (a failed
        // receiver's back-off, below, then moves its messages later).
        let now = clock::now();
        for (id, _, outcome) in sent {
            if *outcome == Outcome::Skipped {
                repo::due_again_at(s, *id, &now)?;
            }
        }
        for (id, attempts, outcome) in sent {
            match outcome {
                Outcome::Delivered => {
                    repo::delivered(s, *id, attempts + 1, &clock::now())?;
                    round.delivered += 1;
                }
                Outcome::Failed(error) if attempts + 1 >= MAX_ATTEMPTS => {
                    repo::dead(s, *id, attempts + 1, error, &clock::now())?;
                    round.dead += 1;
                }
                Outcome::Failed(error) => {
                    let wait = 2i64
                        .saturating_pow((attempts + 1).min(20) as u32)
                        .min(MAX_BACKOFF);
                    let next = clock::in_seconds(wait);
                    repo::failed(s, *id, attempts + 1, &next, error)?;
                    if let Some(hook) = hook_of.get(id) {
                        repo::postpone(s, *hook, &next)?;
                    }
                    round.failed += 1;
                }
                Outcome::Skipped => {}
            }
        }
        Ok(round)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn signatures_are_hmac_sha256() {
        // RFC 4231 test case 2.
        assert_eq!(
            super::sign("Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}

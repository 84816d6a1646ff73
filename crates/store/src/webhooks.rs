//! Webhooks and their outbox. A delivery row is written in the transaction
//! of the change it announces and leaves the queue only when its receiver
//! has answered 2xx; this module never sends anything itself.

use crate::{Result, Store, StoreError};

/// A registered webhook as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRow {
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

/// A delivery given up after its last attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadRow {
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

/// An active webhook and who registered it, to decide what it may receive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscriber {
    pub id: i64,
    pub org: String,
    pub role: String,
    pub country: Option<String>,
}

/// A delivery that is due, with where and how to send it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
    pub id: i64,
    pub webhook_id: i64,
    pub event: String,
    pub body: String,
    pub attempts: i64,
    pub url: String,
    pub secret: String,
}

const REGISTER: &str =
    "INSERT INTO webhook (org, role, url, secret, created_at, active, token_id) \
     VALUES ({p}, {p}, {p}, {p}, {p}, 1, {p}) RETURNING id";
const LIST: &str = "SELECT w.id, w.org, w.url, w.created_at, w.active, \
     (SELECT COUNT(*) FROM delivery d WHERE d.webhook_id = w.id AND d.delivered_at IS NULL \
      AND d.dead_at IS NULL) AS pending, \
     (SELECT COUNT(*) FROM delivery d WHERE d.webhook_id = w.id AND d.dead_at IS NOT NULL) AS dead \
     FROM webhook w ORDER BY w.id";
const DEACTIVATE: &str = "UPDATE webhook SET active = 0 WHERE id = {p} AND active = 1";
const DEACTIVATE_TOKEN: &str = "UPDATE webhook SET active = 0 WHERE token_id = {p} AND active = 1";
const SUBSCRIBERS: &str = "SELECT w.id, w.org, w.role, o.country FROM webhook w \
     LEFT JOIN org o ON o.code = w.org WHERE w.active = 1";
const ENQUEUE: &str = "INSERT INTO delivery \
     (webhook_id, alert_id, event, body, attempts, next_at, created_at) \
     VALUES ({p}, {p}, {p}, {p}, 0, {p}, {p})";
/// The messages due now, oldest first, but none behind an earlier one of
/// its receiver that is not: held by a round under way (on this instance
/// or another, perhaps one that died) or waiting after a failure. A
/// receiver's messages keep their order.
const DUE: &str = "SELECT d.id, d.webhook_id, d.event, d.body, d.attempts, w.url, w.secret \
     FROM delivery d JOIN webhook w ON w.id = d.webhook_id \
     WHERE d.delivered_at IS NULL AND d.dead_at IS NULL AND d.next_at <= {p} AND w.active = 1 \
     AND NOT EXISTS (SELECT 1 FROM delivery e WHERE e.webhook_id = d.webhook_id \
     AND e.id < d.id AND e.delivered_at IS NULL AND e.dead_at IS NULL AND e.next_at > {p}) \
     ORDER BY d.id LIMIT {p}";
const CLAIM: &str = "UPDATE delivery SET next_at = {p} WHERE id = {p} \
     AND delivered_at IS NULL AND dead_at IS NULL";
const POSTPONE: &str = "UPDATE delivery SET next_at = {p} WHERE webhook_id = {p} \
     AND delivered_at IS NULL AND dead_at IS NULL AND next_at < {p}";
const DEAD: &str =
    "UPDATE delivery SET attempts = {p}, last_error = {p}, dead_at = {p} WHERE id = {p}";
const DEAD_LIST: &str =
    "SELECT d.id, d.webhook_id, w.org, w.url, d.alert_id, d.event, d.attempts, \
     d.last_error, d.created_at, d.dead_at FROM delivery d JOIN webhook w ON w.id = d.webhook_id \
     WHERE d.dead_at IS NOT NULL ORDER BY d.dead_at DESC, d.id LIMIT {p}";
const DEAD_ALERT: &str = "SELECT alert_id FROM delivery WHERE id = {p} AND dead_at IS NOT NULL";
const REPLAY: &str = "UPDATE delivery SET dead_at = NULL, attempts = 0, next_at = {p} \
     WHERE id = {p} AND dead_at IS NOT NULL";
const WITHDRAW: &str = "DELETE FROM delivery WHERE alert_id = {p} AND webhook_id = {p} \
     AND delivered_at IS NULL";
const DELIVERED: &str = "UPDATE delivery SET delivered_at = {p}, attempts = {p}, \
     last_error = NULL WHERE id = {p}";
const FAILED: &str =
    "UPDATE delivery SET attempts = {p}, next_at = {p}, last_error = {p} WHERE id = {p}";

pub(crate) const STATEMENTS: &[&str] = &[
    REGISTER,
    LIST,
    DEACTIVATE,
    DEACTIVATE_TOKEN,
    SUBSCRIBERS,
    ENQUEUE,
    DUE,
    CLAIM,
    DELIVERED,
    FAILED,
    POSTPONE,
    DEAD,
    DEAD_ALERT,
    DEAD_LIST,
    REPLAY,
    WITHDRAW,
];

/// A webhook to register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook<'a> {
    pub org: &'a str,
    /// The role it acts as: what it may receive.
    pub role: &'a str,
    pub url: &'a str,
    pub secret: &'a str,
    pub created_at: &'a str,
    /// The token that registers it, if any: revoking it stops the hook.
    pub token_id: Option<i64>,
}

/// Registers a webhook; its id.
pub fn register(store: &mut dyn Store, hook: &NewWebhook) -> Result<i64> {
    let rows = store.query(
        REGISTER,
        &[
            hook.org.into(),
            hook.role.into(),
            hook.url.into(),
            hook.secret.into(),
            hook.created_at.into(),
            hook.token_id.into(),
        ],
    )?;
    match rows.first() {
        Some(r) => r.int("id"),
        None => Err(StoreError::Invalid("the webhook was not stored".into())),
    }
}

/// Every webhook, in the order registered.
pub fn list(store: &mut dyn Store) -> Result<Vec<WebhookRow>> {
    store
        .query(LIST, &[])?
        .iter()
        .map(|r| {
            Ok(WebhookRow {
                id: r.int("id")?,
                org: r.text("org")?,
                url: r.text("url")?,
                created_at: r.text("created_at")?,
                active: r.int("active")? != 0,
                pending: r.int("pending")?,
                dead: r.int("dead")?,
            })
        })
        .collect()
}

pub fn deactivate(store: &mut dyn Store, id: i64) -> Result<bool> {
    Ok(store.execute(DEACTIVATE, &[id.into()])? > 0)
}

/// Stops every hook registered with token `token_id`; how many.
pub fn deactivate_token(store: &mut dyn Store, token_id: i64) -> Result<u64> {
    store.execute(DEACTIVATE_TOKEN, &[token_id.into()])
}

/// The active webhooks.
pub fn subscribers(store: &mut dyn Store) -> Result<Vec<Subscriber>> {
    store
        .query(SUBSCRIBERS, &[])?
        .iter()
        .map(|r| {
            Ok(Subscriber {
                id: r.int("id")?,
                org: r.text("org")?,
                role: r.text("role")?,
                country: r.opt_text("country")?,
            })
        })
        .collect()
}

/// Queues `body` (event `event` of alert `alert_id`) for webhook
/// `webhook_id`, due at once (`now`).
pub fn enqueue(
    store: &mut dyn Store,
    webhook_id: i64,
    alert_id: &str,
    event: &str,
    body: &str,
    now: &str,
) -> Result<u64> {
    store.execute(
        ENQUEUE,
        &[
            webhook_id.into(),
            alert_id.into(),
            event.into(),
            body.into(),
            now.into(),
            now.into(),
        ],
    )
}

/// The deliveries due at `now` (at most `limit`), oldest first.
pub fn due(store: &mut dyn Store, now: &str, limit: i64) -> Result<Vec<DueRow>> {
    store
        .query(DUE, &[now.into(), now.into(), limit.into()])?
        .iter()
        .map(|r| {
            Ok(DueRow {
                id: r.int("id")?,
                webhook_id: r.int("webhook_id")?,
                event: r.text("event")?,
                body: r.text("body")?,
                attempts: r.int("attempts")?,
                url: r.text("url")?,
                secret: r.text("secret")?,
            })
        })
        .collect()
}

/// Sets when delivery `id` is next due: later, while one round sends it
/// (no other round reads it meanwhile); now again, when the round left it
/// unsent.
pub fn due_again_at(store: &mut dyn Store, id: i64, at: &str) -> Result<()> {
    store.execute(CLAIM, &[at.into(), id.into()])?;
    Ok(())
}

/// Records delivery `id` as accepted at `at`, after `attempts` attempts.
pub fn delivered(store: &mut dyn Store, id: i64, attempts: i64, at: &str) -> Result<()> {
    store.execute(DELIVERED, &[at.into(), attempts.into(), id.into()])?;
    Ok(())
}

/// Records a failed attempt of delivery `id`, to be tried again at `next_at`.
pub fn failed(
    store: &mut dyn Store,
    id: i64,
    attempts: i64,
    next_at: &str,
    error: &str,
) -> Result<()> {
    store.execute(
        FAILED,
        &[attempts.into(), next_at.into(), error.into(), id.into()],
    )?;
    Ok(())
}

/// Moves every other pending delivery of webhook `webhook_id` due before
/// `next_at` to it: a receiver that failed is not tried again, through
/// another message, before its back-off ends.
pub fn postpone(store: &mut dyn Store, webhook_id: i64, next_at: &str) -> Result<u64> {
    store.execute(
        POSTPONE,
        &[next_at.into(), webhook_id.into(), next_at.into()],
    )
}

/// Gives up delivery `id` after `attempts` attempts, at `at`.
pub fn dead(store: &mut dyn Store, id: i64, attempts: i64, error: &str, at: &str) -> Result<()> {
    store.execute(DEAD, &[attempts.into(), error.into(), at.into(), id.into()])?;
    Ok(())
}

/// The deliveries given up, the latest first (at most `limit`).
pub fn dead_letters(store: &mut dyn Store, limit: i64) -> Result<Vec<DeadRow>> {
    store
        .query(DEAD_LIST, &[limit.into()])?
        .iter()
        .map(|r| {
            Ok(DeadRow {
                id: r.int("id")?,
                webhook_id: r.int("webhook_id")?,
                org: r.text("org")?,
                url: r.text("url")?,
                alert_id: r.text("alert_id")?,
                event: r.text("event")?,
                attempts: r.int("attempts")?,
                last_error: r.opt_text("last_error")?,
                created_at: r.text("created_at")?,
                dead_at: r.text("dead_at")?,
            })
        })
        .collect()
}

/// The alert given-up delivery `id` is about; `None` if there is no such
/// dead letter.
pub fn dead_alert(store: &mut dyn Store, id: i64) -> Result<Option<String>> {
    store
        .query(DEAD_ALERT, &[id.into()])?
        .first()
        .map(|r| r.text("alert_id"))
        .transpose()
}

/// Withdraws the messages about alert `alert_id` not delivered to webhook
/// `webhook_id` (waiting or given up): the receiver may no longer see the
/// alert. How many.
pub fn withdraw(store: &mut dyn Store, alert_id: &str, webhook_id: i64) -> Result<u64> {
    store.execute(WITHDRAW, &[alert_id.into(), webhook_id.into()])
}

/// Puts given-up delivery `id` back in the queue, due at `now`; `false`
/// if there is no such dead letter.
pub fn replay(store: &mut dyn Store, id: i64, now: &str) -> Result<bool> {
    Ok(store.execute(REPLAY, &[now.into(), id.into()])? > 0)
}

//! Dashboard sessions: each stands for a token, is found by the SHA-256
//! of its id (the caller hashes it), and ends when it is signed out, when
//! its token is revoked, or at its idle or absolute expiry (the caller
//! says when "now" and "idle since" are: the store reads no clock).

use crate::orgs::TokenHolder;
use crate::{Result, Store};

/// A session that has not expired, with the token holder it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionHolder {
    pub id: i64,
    pub seen_at: String,
    /// The token the session stands for, and its organisation.
    pub holder: TokenHolder,
}

const INSERT_SESSION: &str =
    "INSERT INTO session (hash, token_id, created_at, seen_at, expires_at) \
     VALUES ({p}, {p}, {p}, {p}, {p})";
/// A session whose token is not revoked and which has expired neither by
/// its absolute end (after the first `{p}`, now) nor by idleness (seen
/// after the second, the idle limit before now).
const HOLDER: &str = "SELECT s.id, s.seen_at, t.id AS token_id, t.org, t.role, o.country \
     FROM session s JOIN token t ON t.id = s.token_id JOIN org o ON o.code = t.org \
     WHERE s.hash = {p} AND t.revoked_at IS NULL AND s.expires_at > {p} AND s.seen_at > {p}";
const TOUCH: &str = "UPDATE session SET seen_at = {p} WHERE id = {p}";
const DELETE: &str = "DELETE FROM session WHERE hash = {p}";
const DELETE_FOR_TOKEN: &str = "DELETE FROM session WHERE token_id = {p}";
const DELETE_EXPIRED: &str = "DELETE FROM session WHERE expires_at <= {p} OR seen_at <= {p}";

pub(crate) const STATEMENTS: &[&str] = &[
    INSERT_SESSION,
    HOLDER,
    TOUCH,
    DELETE,
    DELETE_FOR_TOKEN,
    DELETE_EXPIRED,
];

/// Opens a session for token `token_id`, found later by `hash`.
pub fn insert(
    store: &mut dyn Store,
    hash: &str,
    token_id: i64,
    now: &str,
    expires_at: &str,
) -> Result<()> {
    store.execute(
        INSERT_SESSION,
        &[
            hash.into(),
            token_id.into(),
            now.into(),
            now.into(),
            expires_at.into(),
        ],
    )?;
    Ok(())
}

/// The live session whose id hashes to `hash`: its token not revoked,
/// its end after `now`, its last request after `idle_since`.
pub fn holder(
    store: &mut dyn Store,
    hash: &str,
    now: &str,
    idle_since: &str,
) -> Result<Option<SessionHolder>> {
    store
        .query(HOLDER, &[hash.into(), now.into(), idle_since.into()])?
        .first()
        .map(|r| {
            Ok(SessionHolder {
                id: r.int("id")?,
                seen_at: r.text("seen_at")?,
                holder: TokenHolder {
                    token_id: r.int("token_id")?,
                    org: r.text("org")?,
                    role: r.text("role")?,
                    country: r.opt_text("country")?,
                },
            })
        })
        .transpose()
}

/// Records a request on session `id` at `now`.
pub fn touch(store: &mut dyn Store, id: i64, now: &str) -> Result<()> {
    store.execute(TOUCH, &[now.into(), id.into()])?;
    Ok(())
}

/// Ends the session whose id hashes to `hash`; `false` when there was none.
pub fn delete(store: &mut dyn Store, hash: &str) -> Result<bool> {
    Ok(store.execute(DELETE, &[hash.into()])? > 0)
}

/// Ends every session of token `token_id`; how many there were.
pub fn delete_for_token(store: &mut dyn Store, token_id: i64) -> Result<u64> {
    store.execute(DELETE_FOR_TOKEN, &[token_id.into()])
}

/// Removes sessions past their end (`now`) or idle since `idle_since`.
pub fn delete_expired(store: &mut dyn Store, now: &str, idle_since: &str) -> Result<u64> {
    store.execute(DELETE_EXPIRED, &[now.into(), idle_since.into()])
}

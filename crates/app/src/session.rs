//! Dashboard sessions. Signing in with a token opens a session whose id
//! (32 random bytes) is all the browser's cookie holds; the store keeps
//! its SHA-256 only. A session stands for its token's organisation and
//! role, and ends when it is signed out, when its token is revoked, after
//! [`IDLE`] without a request, or [`LIFETIME`] after it was opened,
//! whichever comes first. Opening and ending one are audited.
//!
//! Each session has a CSRF token, derived from its id (a different hash,
//! so that knowing it reveals nothing of the id): the dashboard's forms
//! carry it, and a write riding on the cookie must send it back.

use corredor_store::sessions as repo;
use corredor_store::Store;
use sha2::{Digest, Sha256};

use crate::auth::{self, Actor};
use crate::{audit, clock, Error, Result};

/// A session unused this long has ended: a computer left signed in
/// overnight is signed out by the morning.
pub const IDLE: chrono::Duration = chrono::Duration::hours(12);
/// A session ends this long after it was opened, however much it is used:
/// a stolen session id serves a week at most.
pub const LIFETIME: chrono::Duration = chrono::Duration::days(7);
/// The last request of a session is recorded at most this often, so that
/// reading pages does not write to the store on every request.
const TOUCH_EVERY: chrono::Duration = chrono::Duration::minutes(1);

/// A session just opened: the id for the cookie (never stored) and the
/// actor it stands for.
pub struct Opened {
    pub id: String,
    pub actor: Actor,
}

/// The store's key for a session id.
pub fn hash(id: &str) -> String {
    auth::hash_token(id)
}

/// The CSRF token of session `id`: what the dashboard's forms carry and a
/// write riding on the cookie sends in `X-CSRF-Token`.
pub fn csrf(id: &str) -> String {
    let digest = Sha256::digest(format!("corredor-csrf\0{id}").as_bytes());
    crate::pipeline::hex(&digest[..16])
}

/// Whether `given` is session `id`'s CSRF token (compared in constant time).
pub fn csrf_matches(id: &str, given: &str) -> bool {
    let want = csrf(id);
    want.len() == given.len()
        && want
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn new_id() -> Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::Internal(format!("no randomness for a session: {e}")))?;
    Ok(crate::pipeline::hex(&bytes))
}

/// Signs in with `token`: a new session for it, audited, or `None` when
/// the token is not valid. Sessions past their expiry are cleared on the
/// way, so the table holds live sessions only.
pub fn open(store: &mut dyn Store, token: &str, remote: &str) -> Result<Option<Opened>> {
    let Some(actor) = auth::verify(store, token, remote)? else {
        return Ok(None);
    };
    let token_id = actor
        .token_id
        .ok_or_else(|| Error::Internal("a verified token without an id".into()))?;
    let id = new_id()?;
    let now = chrono::Utc::now();
    corredor_store::transaction(store, |s| -> Result<()> {
        repo::delete_expired(s, &clock::format(now), &clock::format(now - IDLE))?;
        repo::insert(
            s,
            &hash(&id),
            token_id,
            &clock::format(now),
            &clock::format(now + LIFETIME),
        )?;
        audit::record(s, &actor, "session.open", &format!("token/{token_id}"), "")
    })?;
    Ok(Some(Opened { id, actor }))
}

/// The actor session `id` stands for, or `None` when it has ended
/// (signed out, expired, or its token revoked).
pub fn resume(store: &mut dyn Store, id: &str, remote: &str) -> Result<Option<Actor>> {
    let now = chrono::Utc::now();
    let Some(h) = repo::holder(
        store,
        &hash(id),
        &clock::format(now),
        &clock::format(now - IDLE),
    )?
    else {
        return Ok(None);
    };
    if h.seen_at < clock::format(now - TOUCH_EVERY) {
        repo::touch(store, h.id, &clock::format(now))?;
    }
    auth::holder_actor(h.holder, remote).map(Some)
}

/// Signs out of session `id`: it ends at once, audited. Signing out of a
/// session that has already ended does nothing.
pub fn close(store: &mut dyn Store, id: &str, remote: &str) -> Result<()> {
    let Some(actor) = resume(store, id, remote)? else {
        return Ok(());
    };
    corredor_store::transaction(store, |s| -> Result<()> {
        repo::delete(s, &hash(id))?;
        let target = format!("token/{}", actor.token_id.unwrap_or_default());
        audit::record(s, &actor, "session.close", &target, "")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_csrf_token_is_the_sessions_own_and_reveals_nothing_of_its_id() {
        let (a, b) = ("a".repeat(64), "b".repeat(64));
        assert_eq!(super::csrf(&a), super::csrf(&a));
        assert_ne!(super::csrf(&a), super::csrf(&b));
        assert_ne!(super::csrf(&a), super::hash(&a));
        assert!(super::csrf_matches(&a, &super::csrf(&a)));
        assert!(!super::csrf_matches(&a, &super::csrf(&b)));
        assert!(!super::csrf_matches(&a, ""));
    }
}

//! A cap on expensive requests (exports, imports, placements): at most
//! [`AT_ONCE`] in the whole server and [`PER_CALLER`] for one caller at
//! once; beyond, `429 Too Many Requests` with `Retry-After`. Without it,
//! one caller could take every store connection with work that reads or
//! writes the whole store, and everyone else would wait behind it.
//!
//! A caller is who the request is verified to stand for: the token it
//! was signed in with (by a bearer token or through a dashboard session),
//! or, for the public, its address (so behind a proxy the public shares
//! one allowance). It is what the request's credentials are checked to be,
//! not how they are written: one token spelled "Bearer" and "bearer", or
//! a made-up session cookie, is not a new caller.
//! The count is taken before the handler runs and given back when its
//! answer starts: an export is then served from a file, holding nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use corredor_model::{Actor, Role};

use crate::state::{AppState, Caller};

/// Expensive requests served at once: half the store's connections, so
/// that cheap requests always find one.
pub const AT_ONCE: usize = 8;
/// Expensive requests one caller may have in flight at once.
pub const PER_CALLER: usize = 2;
/// What a refused caller is told to wait, in seconds.
const RETRY_AFTER: &str = "5";

/// Pages drawn at once. A page reads and computes much (a country's page
/// draws every series of the country, with its forecast) and a reader
/// cannot be asked to come back later, so pages beyond these wait their
/// turn: sixteen country pages drawn at once took the server from 31 to
/// 378 MB and its other answers' time with it.
pub const PAGES_AT_ONCE: usize = 2;

/// Expensive requests in flight, in all and by caller, and pages being
/// drawn: one per router, shared by its routes' middleware.
#[derive(Clone)]
pub struct Limits {
    total: Arc<Semaphore>,
    by_caller: Arc<Mutex<HashMap<String, usize>>>,
    pages: Arc<Semaphore>,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            total: Arc::new(Semaphore::new(AT_ONCE)),
            by_caller: Arc::new(Mutex::new(HashMap::new())),
            pages: Arc::new(Semaphore::new(PAGES_AT_ONCE)),
        }
    }
}

/// One expensive request's place, given back when it is dropped.
struct Place {
    _total: OwnedSemaphorePermit,
    caller: String,
    by_caller: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for Place {
    fn drop(&mut self) {
        let mut map = self.by_caller.lock().expect("caller counts");
        if let Some(n) = map.get_mut(&self.caller) {
            *n -= 1;
            if *n == 0 {
                map.remove(&self.caller);
            }
        }
    }
}

impl Limits {
    /// A place for `caller`'s request, or `None` when the server or the
    /// caller has as many in flight as it may.
    fn enter(&self, caller: String) -> Option<Place> {
        let total = self.total.clone().try_acquire_owned().ok()?;
        let mut map = self.by_caller.lock().expect("caller counts");
        let n = map.entry(caller.clone()).or_insert(0);
        if *n >= PER_CALLER {
            return None;
        }
        *n += 1;
        Some(Place {
            _total: total,
            caller,
            by_caller: self.by_caller.clone(),
        })
    }
}

/// Who a request stands for, as far as the cap is concerned: the token
/// its actor was verified by (never the secret itself), its organisation
/// for an actor without one, else its address.
fn caller(actor: &Actor) -> String {
    match (actor.role, actor.token_id) {
        (Role::Public, _) => format!("address:{}", actor.remote),
        (_, Some(id)) => format!("token:{id}"),
        (_, None) => format!("org:{}", actor.org),
    }
}

/// The middleware of the pages: one of [`PAGES_AT_ONCE`] at a time, the
/// rest waiting (the router's request timeout bounds the wait). The place
/// is given back when the page is drawn, before it is sent.
pub async fn pages(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let Ok(_turn) = limits.pages.acquire().await else {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    };
    next.run(request).await
}

/// The middleware of the expensive routes. The request's credentials are
/// verified first (as its handler will again, from the cache): one that
/// fails is answered here, holding no place.
pub async fn expensive(
    State((limits, state)): State<(Limits, Arc<AppState>)>,
    request: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let actor = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(Caller(actor)) => actor,
        Err(refused) => return refused.into_response(),
    };
    let request = Request::from_parts(parts, body);
    let Some(place) = limits.enter(caller(&actor)) else {
        let mut answer = (
            StatusCode::TOO_MANY_REQUESTS,
            Json(serde_json::json!({
                "error": "too many exports, imports or placements at once: try again in a few seconds"
            })),
        )
            .into_response();
        answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static(RETRY_AFTER));
        return answer;
    };
    let answer = next.run(request).await;
    drop(place);
    answer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caller_is_its_verified_token_or_the_publics_address() {
        let mut a = Actor::public("10.0.0.7");
        assert_eq!(caller(&a), "address:10.0.0.7");
        a.role = Role::Analyst;
        a.org = "PAN".into();
        a.token_id = Some(3);
        assert_eq!(caller(&a), "token:3");
        a.token_id = None;
        assert_eq!(caller(&a), "org:PAN");
    }

    #[test]
    fn a_caller_gets_its_share_and_the_server_its_total() {
        let cap = Limits::default();
        let a: Vec<_> = (0..PER_CALLER)
            .map(|_| cap.enter("a".into()).unwrap())
            .collect();
        assert!(cap.enter("a".into()).is_none(), "a caller beyond its share");
        let mut others: Vec<_> = (0..AT_ONCE - PER_CALLER)
            .map(|n| cap.enter(format!("other{n}")).unwrap())
            .collect();
        assert!(
            cap.enter("b".into()).is_none(),
            "the server beyond its total"
        );
        others.pop();
        assert!(cap.enter("b".into()).is_some());
        drop(a);
        assert!(cap.enter("a".into()).is_some(), "a place is given back");
    }
}

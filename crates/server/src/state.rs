//! What every handler, API and page alike, stands on: the server's
//! configuration and shared state (the store pool, caches, limits), the
//! caller a request stands for (bearer token or the dashboard's cookie),
//! and a use case's error as an HTTP answer. The API ([`crate::http`],
//! [`crate::followup_api`]) and the pages ([`crate::ui`]) are above it.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use axum_extra::extract::cookie::CookieJar;
use corredor_app::auth::{self, Actor};
use corredor_app::series::SeriesDetail;
use corredor_app::{session, webhook, Error};
use corredor_store::{SeriesSummary, Store};
use corredor_warning::corridor::RouteFile;
use quick_cache::sync::Cache;
use serde_json::json;
use tokio::sync::Semaphore;

/// The cookie that holds the dashboard's session id (never a token).
pub const SESSION_COOKIE: &str = "corredor_session";

/// The header a write riding on the dashboard's cookie sends its session's
/// CSRF token in (the pages' forms send it as the field `csrf`).
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The dashboard session's id the browser sent, if any.
pub fn session_cookie(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(SESSION_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

/// How a server runs.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: String,
    pub addr: SocketAddr,
    /// The address clients use, for links in CAP and Atom.
    pub base_url: String,
    pub routes: RouteFile,
    /// How often scheduled work (webhook delivery) looks for something to do.
    pub tick: Duration,
    /// How often the whole store is rescanned, across all instances.
    pub scan_every: Duration,
    /// This instance's name in leases.
    pub instance: String,
    /// The store holds the simulated scenario: every page says so.
    pub simulated: bool,
    /// Where webhooks may point.
    pub webhooks: webhook::Destinations,
    /// How long a slow client is waited for.
    pub timeouts: crate::listen::Timeouts,
}

/// How long a verified token is trusted without asking the store again:
/// a revocation reaches every instance within this time.
const TOKEN_TTL: Duration = Duration::from_secs(5);
/// Verified tokens kept: more than any deployment has, so a hit is the rule;
/// beyond it the least used are evicted, never the whole cache at once.
const TOKENS_CACHED: usize = 10_000;
/// Series responses kept (a forecast costs a few milliseconds to compute).
const FORECASTS_CACHED: usize = 4096;
/// Pages of the series list kept: a page of 1,000 series is some 200 kB,
/// so at most a few tens of megabytes.
const LISTS_CACHED: usize = 64;

pub struct AppState {
    db: String,
    pool: Mutex<Vec<Box<dyn Store>>>,
    permits: Semaphore,
    /// The health check's own connection, outside the pool: it answers
    /// while every pooled connection is busy.
    health: Arc<Mutex<Option<Box<dyn Store>>>>,
    pub(crate) routes: Arc<RouteFile>,
    pub(crate) base: String,
    pub(crate) destinations: webhook::Destinations,
    /// Verified tokens and sessions by kind and hash (`token:…`,
    /// `session:…`), each with when it was verified.
    tokens: Cache<String, (Option<Actor>, Instant)>,
    /// Series responses by (series, reader's access, data version, query).
    pub(crate) forecasts: Cache<String, Arc<SeriesDetail>>,
    /// Pages of the series list by (filter, reader's access, page, data
    /// version).
    pub(crate) lists: Cache<String, Arc<Vec<SeriesSummary>>>,
    pub(crate) simulated: bool,
    /// The labour register's public summary by its version
    /// (`labour::summary_version`): its disclosure audit solves integer
    /// programs, so it is drawn once per change of the register.
    pub(crate) summaries: Cache<String, Arc<corredor_labour::public::Summary>>,
    /// Failed sign-ins by address (`crate::signins`).
    pub(crate) signins: crate::signins::Failures,
}

impl AppState {
    /// Most connections held open at once: each serves one blocking request.
    pub const POOL: usize = 16;

    pub fn new(config: &Config) -> Arc<AppState> {
        Arc::new(AppState {
            db: config.db.clone(),
            pool: Mutex::new(Vec::new()),
            permits: Semaphore::new(Self::POOL),
            health: Arc::new(Mutex::new(None)),
            routes: Arc::new(config.routes.clone()),
            base: config.base_url.clone(),
            destinations: config.webhooks.clone(),
            tokens: Cache::new(TOKENS_CACHED),
            forecasts: Cache::new(FORECASTS_CACHED),
            lists: Cache::new(LISTS_CACHED),
            simulated: config.simulated,
            signins: crate::signins::Failures::default(),
            summaries: Cache::new(4),
        })
    }

    /// The server's public address (`--base-url`, or where it listens).
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn routes(&self) -> &RouteFile {
        &self.routes
    }

    fn take(&self) -> corredor_app::Result<Box<dyn Store>> {
        if let Some(s) = self.pool.lock().expect("pool lock").pop() {
            return Ok(s);
        }
        Ok(corredor_store::open(&self.db)?)
    }

    pub(crate) fn give(&self, store: Box<dyn Store>) {
        let mut pool = self.pool.lock().expect("pool lock");
        if pool.len() < Self::POOL {
            pool.push(store);
        }
    }

    /// The actor a verified token or session (by its hash) stands for, if
    /// it was verified less than [`TOKEN_TTL`] ago.
    fn cached(&self, hash: &str) -> Option<Option<Actor>> {
        self.tokens
            .get(hash)
            .filter(|(_, at)| at.elapsed() < TOKEN_TTL)
            .map(|(a, _)| a)
    }

    /// The actor dashboard session `id` stands for, or `None` once it has
    /// ended.
    pub(crate) async fn session(
        self: &Arc<Self>,
        id: &str,
        remote: &str,
    ) -> Result<Option<Actor>, ApiError> {
        // Sessions and tokens share the cache under keys of their own
        // kind: a session's id sent as a bearer token is no token.
        let hash = format!("session:{}", session::hash(id));
        let actor = match self.cached(&hash) {
            Some(a) => a,
            None => {
                let (i, r) = (id.to_string(), remote.to_string());
                let found = self.run(move |s| session::resume(s, &i, &r)).await?;
                self.tokens.insert(hash, (found.clone(), Instant::now()));
                found
            }
        };
        Ok(actor.map(|mut a| {
            a.remote = remote.to_string();
            a
        }))
    }

    /// The labour register's public summary as the store now stands,
    /// drawn again only when the register or its runs have changed.
    pub(crate) fn labour_summary(
        self: &Arc<Self>,
        store: &mut dyn Store,
    ) -> corredor_app::Result<Arc<corredor_labour::public::Summary>> {
        let version = corredor_app::labour::summary_version(store)?;
        if let Some(s) = self.summaries.get(&version) {
            return Ok(s);
        }
        let drawn = Arc::new(corredor_app::labour::summary(store)?);
        self.summaries.insert(version, drawn.clone());
        Ok(drawn)
    }

    /// Forgets what was verified of session `id`: it has just ended.
    pub(crate) fn forget_session(&self, id: &str) {
        self.tokens
            .remove(&format!("session:{}", session::hash(id)));
    }

    /// Whether the store answers, asked on the health check's own
    /// connection (opened at the first check, again after a failure), not
    /// on one of the pool's: a busy pool is not an unhealthy store.
    pub async fn healthy(&self) -> corredor_app::Result<()> {
        let (health, db) = (self.health.clone(), self.db.clone());
        tokio::task::spawn_blocking(move || {
            let mut slot = health.lock().expect("health connection");
            let store = match slot.as_mut() {
                Some(s) => s,
                None => slot.insert(corredor_store::open(&db)?),
            };
            let out = corredor_store::ping(store.as_mut());
            if out.is_err() {
                *slot = None;
            }
            Ok(out?)
        })
        .await
        .map_err(|e| Error::Internal(format!("the health check failed: {e}")))?
    }

    /// Runs `work` on a pooled connection in a blocking thread, keeping
    /// the request's deadline: a write past it is rolled back, not
    /// committed (see `http::deadline`).
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut dyn Store) -> corredor_app::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError(Error::Internal("the server is stopping".into())))?;
        let deadline = request_deadline();
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.take()?;
            store.set_deadline(deadline);
            let out = work(store.as_mut());
            store.set_deadline(None);
            // A connection that failed is not trusted again.
            if !matches!(out, Err(Error::Store(_))) {
                state.give(store);
            }
            out
        })
        .await
        .map_err(|e| ApiError(Error::Internal(format!("the request failed: {e}"))))?
        .map_err(ApiError)
    }
}

tokio::task_local! {
    /// The deadline of the request being handled, which `http::deadline`
    /// sets and [`AppState::run`] hands to the store.
    pub(crate) static DEADLINE: Instant;
}

/// The deadline of the request being handled, if any.
pub(crate) fn request_deadline() -> Option<Instant> {
    DEADLINE.try_with(|d| *d).ok()
}

/// A service error as an HTTP answer: `{"error": "…"}` with its status.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError(e)
    }
}

impl From<corredor_model::Refusal> for ApiError {
    fn from(r: corredor_model::Refusal) -> ApiError {
        ApiError(r.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match &self.0 {
            Error::Invalid(_) => StatusCode::BAD_REQUEST,
            Error::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Error::Forbidden(_) => StatusCode::FORBIDDEN,
            Error::NotFound(_) => StatusCode::NOT_FOUND,
            Error::Conflict(_) => StatusCode::CONFLICT,
            Error::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
            Error::Store(_) | Error::Io(_) | Error::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        // A failure of the server itself is told to the log, not to the
        // caller: its text can hold the store's own words.
        let said = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self.0, "request failed");
            "the server failed: its log has the details".to_string()
        } else {
            self.0.to_string()
        };
        let mut r = (status, Json(json!({"error": said}))).into_response();
        if status == StatusCode::SERVICE_UNAVAILABLE {
            r.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
        }
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"corredor\""),
            );
        }
        r
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The caller: the actor its bearer token stands for, or the public.
pub struct Caller(pub Actor);

impl FromRequestParts<Arc<AppState>> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let remote = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        // The API's bearer token, or the dashboard's session. A session
        // that has ended is no error: its holder reads as the public until
        // signing in again.
        let token = match parts.headers.get(header::AUTHORIZATION) {
            Some(value) => value.to_str().ok().and_then(bearer).ok_or_else(|| {
                ApiError(Error::Unauthorized(
                    "the Authorization header must be 'Bearer <token>'".into(),
                ))
            })?,
            None => {
                let Some(id) = session_cookie(&parts.headers) else {
                    return Ok(Caller(Actor::public(&remote)));
                };
                if !parts.method.is_safe() {
                    cookie_write_allowed(parts, state, &id)?;
                }
                let actor = state.session(&id, &remote).await?;
                return Ok(Caller(actor.unwrap_or_else(|| Actor::public(&remote))));
            }
        };
        let hash = format!("token:{}", auth::hash_token(token));
        let actor = match state.cached(&hash) {
            Some(a) => a,
            None => {
                let (t, r) = (token.to_string(), remote.clone());
                let found = state.run(move |s| auth::verify(s, &t, &r)).await?;
                // Only tokens found are kept: made-up ones would push the
                // real ones out of the cache.
                if found.is_some() {
                    state.tokens.insert(hash, (found.clone(), Instant::now()));
                }
                found
            }
        };
        match actor {
            Some(mut a) => {
                a.remote = remote;
                Ok(Caller(a))
            }
            None => Err(ApiError(Error::Unauthorized(
                "this token is not valid (revoked, or never issued)".into(),
            ))),
        }
    }
}

/// A browser sends the cookie with any request to this site, also one
/// another site makes it send: a write that rides on the cookie must come
/// from this site's own pages (`Origin`), and an API write must also carry
/// the session's CSRF token in [`CSRF_HEADER`]. (The pages' forms carry it
/// as a field, which their handlers check: [`crate::ui`].)
fn cookie_write_allowed(parts: &Parts, state: &AppState, id: &str) -> Result<(), ApiError> {
    if !same_origin(&parts.headers, &state.base) {
        return Err(ApiError(Error::Forbidden(
            "a write signed in with the dashboard's cookie must come from its own pages; scripts send Authorization: Bearer <token>".into(),
        )));
    }
    let given = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if parts.uri.path().starts_with("/api/") && !session::csrf_matches(id, given) {
        return Err(ApiError(Error::Forbidden(format!(
            "a write signed in with the dashboard's cookie must send its session's CSRF token in {CSRF_HEADER}"
        ))));
    }
    Ok(())
}

/// Whether a request comes from this site's own pages: its `Origin` names
/// this site exactly, scheme, host and port. The scheme is the one the
/// server is reached by (`base`, which `--base-url` sets behind a proxy);
/// the host and port are the ones the browser asked for (`Host`). A
/// request without an `Origin` is not trusted to be one.
pub(crate) fn same_origin(headers: &HeaderMap, base: &str) -> bool {
    let scheme = base.split("://").next().unwrap_or("http");
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    match (text(header::ORIGIN), text(header::HOST)) {
        (Some(origin), Some(host)) => origin.eq_ignore_ascii_case(&format!("{scheme}://{host}")),
        _ => false,
    }
}

/// The token of an `Authorization: Bearer <token>` value. The scheme's
/// name is case-insensitive (RFC 9110, section 11.1), so `bearer` is
/// accepted too.
fn bearer(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_store_busy_with_other_writes_is_a_503_to_try_again() {
        use axum::response::IntoResponse;
        let e = corredor_app::Error::from(corredor_store::StoreError::Busy(
            "canceling statement due to lock timeout (55P03)".into(),
        ));
        let r = super::ApiError(e).into_response();
        assert_eq!(r.status(), super::StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.headers()[super::header::RETRY_AFTER], "10");
    }

    #[test]
    fn only_this_site_exactly_is_the_same_origin() {
        let headers = |origin: Option<&str>| {
            let mut h = super::HeaderMap::new();
            h.insert(
                super::header::HOST,
                "corredor.example:8080".parse().unwrap(),
            );
            if let Some(o) = origin {
                h.insert(super::header::ORIGIN, o.parse().unwrap());
            }
            h
        };
        let base = "https://corredor.example:8080";
        assert!(super::same_origin(
            &headers(Some("https://corredor.example:8080")),
            base
        ));
        for other in [
            None,
            Some("http://corredor.example:8080"),
            Some("https://corredor.example"),
            Some("https://evil.example"),
            Some("https://corredor.example:8080.evil.example"),
            Some("null"),
        ] {
            assert!(!super::same_origin(&headers(other), base), "{other:?}");
        }
    }

    #[test]
    fn the_bearer_scheme_is_read_in_any_case_and_an_empty_token_is_none() {
        assert_eq!(super::bearer("Bearer cor_abc"), Some("cor_abc"));
        assert_eq!(super::bearer("bearer cor_abc"), Some("cor_abc"));
        assert_eq!(super::bearer("BEARER  cor_abc "), Some("cor_abc"));
        assert_eq!(super::bearer("Basic dXNlcjpwYXNz"), None);
        assert_eq!(super::bearer("Bearer "), None);
        assert_eq!(super::bearer("cor_abc"), None);
    }
}

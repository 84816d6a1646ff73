//! The HTTP API (`corredor serve`): JSON under `/api/v1/`, described by the
//! OpenAPI document at `/openapi.json`; alerts also as CAP 1.2 and Atom.
//!
//! Handlers are thin: they identify the caller ([`Caller`]), then run a
//! use case of `corredor-app` on a pooled store connection in a blocking
//! thread, and answer its typed result. Reads pass the caller's access to
//! the store, which applies the one sharing rule; writes go through use
//! cases that check the role and write the audit log in the same
//! transaction. The routes are grouped by topic: `data` (series, exports,
//! imports), `workflow` (alerts, tasks, protocols, the scan), `sharing`
//! (keys, placement), `admin` (webhooks, audit, the caller); `scheduler`
//! runs the scheduled work.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use corredor_ingest::{Format, Options};
use corredor_model::{AlertStatus, Period, SeriesKey, ShareLevel};
use corredor_store::{Filter, ReadOptions, Store};
use corredor_warning::corridor::RouteFile;
use quick_cache::sync::Cache;
use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::{IntoParams, OpenApi, ToSchema};

use corredor_app::alerts::{self, StoredAlert};
use corredor_app::answers::{self, KeyAnswer, PlacementAnswer, Problems};
use corredor_app::auth::{self, Actor, Role};
use corredor_app::export::{self, ExportFormat};
use corredor_app::keys::{Published, PublishedKey};
use corredor_app::observations::{self, ImportAnswer, Scan};
use corredor_app::pipeline::{Input, RefusalReport, Request};
use corredor_app::protocol::{self, TaskQuery};
use corredor_app::series::{self, SeriesDetail};
use corredor_app::{atom, audit, cap, lease, webhook, Error};

mod admin;
mod capacity;
mod data;
mod scheduler;
mod sharing;
mod workflow;

use self::admin::*;
use self::capacity::*;
use self::data::*;
use self::scheduler::*;
use self::sharing::*;
use self::workflow::*;

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
}

/// Most connections held open at once: each serves one blocking request.
const POOL: usize = 16;

/// Exports read from the store at once; more wait their turn with 429.
const EXPORTS_AT_ONCE: usize = 4;
/// How long a verified token is trusted without asking the store again:
/// a revocation reaches every instance within this time.
const TOKEN_TTL: Duration = Duration::from_secs(5);
/// Verified tokens kept: more than any deployment has, so a hit is the rule;
/// beyond it the least used are evicted, never the whole cache at once.
const TOKENS_CACHED: usize = 10_000;
/// Series responses kept (a forecast costs a few milliseconds to compute).
const FORECASTS_CACHED: usize = 4096;

pub struct AppState {
    db: String,
    pool: Mutex<Vec<Box<dyn Store>>>,
    permits: Semaphore,
    /// Exports being read from the store at once (each then served from
    /// a file, holding no store connection while its reader is slow).
    pub(crate) exports: Arc<Semaphore>,
    routes: Arc<RouteFile>,
    base: String,
    destinations: webhook::Destinations,
    /// Verified tokens by hash, each with when it was verified.
    tokens: Cache<String, (Option<Actor>, Instant)>,
    /// Series responses by (series, reader's access, data version, query).
    forecasts: Cache<String, Arc<SeriesDetail>>,
    pub(crate) simulated: bool,
}

impl AppState {
    pub fn new(config: &Config) -> Arc<AppState> {
        Arc::new(AppState {
            db: config.db.clone(),
            pool: Mutex::new(Vec::new()),
            permits: Semaphore::new(POOL),
            exports: Arc::new(Semaphore::new(EXPORTS_AT_ONCE)),
            routes: Arc::new(config.routes.clone()),
            base: config.base_url.clone(),
            destinations: config.webhooks.clone(),
            tokens: Cache::new(TOKENS_CACHED),
            forecasts: Cache::new(FORECASTS_CACHED),
            simulated: config.simulated,
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

    fn give(&self, store: Box<dyn Store>) {
        let mut pool = self.pool.lock().expect("pool lock");
        if pool.len() < POOL {
            pool.push(store);
        }
    }

    /// Runs `work` on a pooled connection in a blocking thread.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&mut dyn Store) -> corredor_app::Result<T> + Send + 'static,
    ) -> Result<T, ApiError> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError(Error::Internal("the server is stopping".into())))?;
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.take()?;
            let out = work(store.as_mut());
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

/// A service error as an HTTP answer: `{"error": "…"}` with its status.
#[derive(Debug)]
pub struct ApiError(pub Error);

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        ApiError(e)
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
            Error::Store(_) | Error::Io(_) | Error::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        };
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self.0, "request failed");
        }
        let mut r = (status, Json(json!({"error": self.0.to_string()}))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"corredor\""),
            );
        }
        r
    }
}

type ApiResult<T> = Result<T, ApiError>;

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
        // The API's bearer token, or the dashboard's cookie. A stale cookie
        // is no error: its holder reads as the public until signing in again.
        let (token, from_cookie) = match parts.headers.get(header::AUTHORIZATION) {
            Some(value) => (
                value
                    .to_str()
                    .ok()
                    .and_then(bearer)
                    .ok_or_else(|| {
                        ApiError(Error::Unauthorized(
                            "the Authorization header must be 'Bearer <token>'".into(),
                        ))
                    })?
                    .to_string(),
                false,
            ),
            None => match crate::ui::token_cookie(&parts.headers) {
                Some(t) => (t.to_string(), true),
                None => return Ok(Caller(Actor::public(&remote))),
            },
        };
        // A browser sends the cookie with any request to this site, also one
        // another site makes it send: a write that rides on the cookie must
        // come from this site's own pages.
        if from_cookie && !parts.method.is_safe() && !same_origin(&parts.headers, &state.base) {
            return Err(ApiError(Error::Forbidden(
                "a write signed in with the dashboard's cookie must come from its own pages; scripts send Authorization: Bearer <token>".into(),
            )));
        }
        let hash = auth::hash_token(&token);
        let cached = state
            .tokens
            .get(&hash)
            .filter(|(_, at)| at.elapsed() < TOKEN_TTL)
            .map(|(a, _)| a);
        let actor = match cached {
            Some(a) => a,
            None => {
                let r = remote.clone();
                let found = state.run(move |s| auth::verify(s, &token, &r)).await?;
                state.tokens.insert(hash, (found.clone(), Instant::now()));
                found
            }
        };
        match actor {
            Some(mut a) => {
                a.remote = remote;
                Ok(Caller(a))
            }
            None if from_cookie => Ok(Caller(Actor::public(&remote))),
            None => Err(ApiError(Error::Unauthorized(
                "this token is not valid (revoked, or never issued)".into(),
            ))),
        }
    }
}

// ---------------------------------------------------------------- query parameters

/// A comma-separated query parameter as a list, blanks dropped.
fn list_param(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A period query parameter (`2023-08`, `2023-W34`, `2023-08-15`), named in
/// its error.
fn period_param(v: &Option<String>, name: &str) -> corredor_app::Result<Option<Period>> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<Period>()
                .map_err(|e| Error::Invalid(format!("{name}={s}: {e}")))
        })
        .transpose()
}

/// Countries given as codes or names, as alpha-3 codes.
fn countries(v: &Option<String>, what: &str) -> corredor_app::Result<Vec<String>> {
    corredor_model::country::codes(&list_param(v), what).map_err(Error::Invalid)
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Corredor API", description = "Shared migration statistics, early warning and coordination for the Americas. Reads without a token see public data only; send `Authorization: Bearer <token>` for more."),
    paths(series_list, series_show, export_data, import_observations, alert_list, alert_show,
          alert_cap, alert_feed, alert_ack, alert_comment, alert_escalate, alert_close, alert_confirm, scan_now, task_list,
          task_ack, task_complete, protocol_list, protocol_load, webhook_register, webhook_list,
          webhook_delete, webhook_dead, webhook_replay, audit_log, me, share_key, share_place, share_key_publish, share_keys,
          share_key_published, capacity_sites, capacity_countries, capacity_sites_csv),
    components(schemas(SeriesItem, StoredAlert, alerts::Explanation, alerts::Event, protocol::Task,
                       protocol::Text, webhook::Webhook, webhook::DeadLetter, audit::Entry, TextBody, WebhookBody, PlaceBody, Role,
                       alerts::Covers, corredor_app::quality::Confirmed)),
    modifiers(&Security)
)]
pub struct ApiDoc;

struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi().merge_from(crate::followup_api::FollowupDoc::openapi()))
}

/// What pages may load: their own style sheet (and the scorecard's inline
/// bar widths), nothing else; no script at all, no framing by other sites.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// An answer to a signed-in caller is theirs alone: no shared cache (a
/// proxy, the browser's back button on a shared computer) may keep it.
async fn private_when_signed_in(request: axum::extract::Request, next: Next) -> Response {
    let signed_in = request.headers().contains_key(header::AUTHORIZATION)
        || crate::ui::token_cookie(request.headers()).is_some();
    let mut response = next.run(request).await;
    if signed_in {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// The whole body of a request whose caller has been checked; the layers
/// of its route bound its size.
async fn received(body: Body) -> corredor_app::Result<Bytes> {
    axum::body::to_bytes(body, IMPORT_LIMIT)
        .await
        .map_err(|e| Error::Invalid(format!("the request's body could not be received: {e}")))
}

/// Bodies of data submissions may be large; everything else is small.
const IMPORT_LIMIT: usize = 256 << 20;
const BODY_LIMIT: usize = 1 << 20;

pub fn router(state: Arc<AppState>) -> Router {
    let import = Router::new()
        .route("/api/v1/observations", post(import_observations))
        .route("/api/v1/share/place", post(share_place))
        .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
        .layer(RequestBodyLimitLayer::new(IMPORT_LIMIT));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .route("/api/v1/me", get(me))
        .route("/api/v1/series", get(series_list))
        .route(
            "/api/v1/series/{reporter}/{location}/{nationality}/{indicator}",
            get(series_show),
        )
        .route("/api/v1/export", get(export_data))
        .route("/api/v1/alerts", get(alert_list))
        .route("/api/v1/alerts.atom", get(alert_feed))
        .route("/api/v1/alerts/{id}", get(alert_show))
        .route("/api/v1/alerts/{id}/acknowledge", post(alert_ack))
        .route("/api/v1/alerts/{id}/comments", post(alert_comment))
        .route("/api/v1/alerts/{id}/escalate", post(alert_escalate))
        .route("/api/v1/alerts/{id}/close", post(alert_close))
        .route("/api/v1/alerts/{id}/confirm", post(alert_confirm))
        .route("/api/v1/scan", post(scan_now))
        .route("/api/v1/tasks", get(task_list))
        .route("/api/v1/tasks/{id}/acknowledge", post(task_ack))
        .route("/api/v1/tasks/{id}/complete", post(task_complete))
        .route("/api/v1/protocols", get(protocol_list).post(protocol_load))
        .route("/api/v1/webhooks", get(webhook_list).post(webhook_register))
        .route("/api/v1/webhooks/dead", get(webhook_dead))
        .route("/api/v1/webhooks/dead/{id}/replay", post(webhook_replay))
        .route(
            "/api/v1/webhooks/{id}",
            axum::routing::delete(webhook_delete),
        )
        .route("/api/v1/audit", get(audit_log))
        .route("/api/v1/share/key", post(share_key))
        .route("/api/v1/share/keys", get(share_keys))
        .route("/api/v1/capacity", get(capacity_sites))
        .route("/api/v1/capacity/countries", get(capacity_countries))
        .route("/api/v1/capacity/sites.csv", get(capacity_sites_csv))
        .route(
            "/api/v1/share/keys/{name}",
            get(share_key_published).post(share_key_publish),
        )
        .merge(crate::followup_api::router())
        .merge(crate::ui::router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .merge(import)
        .with_state(state)
        .layer(axum::middleware::from_fn(private_when_signed_in))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(TraceLayer::new_for_http())
}

/// Serves until Ctrl-C or SIGTERM.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    // Open once before listening: migrations run, and a wrong address
    // fails now rather than at the first request.
    // (The PostgreSQL client blocks: never on the async threads.)
    let db = config.db.clone();
    let first = tokio::task::spawn_blocking(move || corredor_store::open(&db)).await??;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let mut config = config;
    let bound = listener.local_addr()?;
    if config.base_url.is_empty() {
        config.base_url = format!("http://{bound}");
    }
    let state = AppState::new(&config);
    state.give(first);
    tracing::info!(addr = %bound, db = %redact(&config.db), "listening");
    // The one line on standard output: scripts and tests read the address
    // (useful with port 0) from it.
    println!("listening on http://{bound}");
    tokio::spawn(scheduler(state.clone(), config.clone()));
    // Streamed answers go out in several writes: without TCP_NODELAY,
    // Nagle's algorithm and the client's delayed ACK add 40 ms to each.
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY");
        }
    });
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown())
    .await?;
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

/// A database URL without its password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

#[cfg(test)]
mod tests {
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

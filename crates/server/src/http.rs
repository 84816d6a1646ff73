//! The HTTP API (`corredor serve`): JSON under `/api/v1/`, described by the
//! OpenAPI document at `/openapi.json`; alerts also as CAP 1.2 and Atom.
//!
//! Handlers are thin: they identify the caller ([`Caller`]), then run a
//! service function on a pooled store connection in a blocking thread.
//! Reads pass the caller's access to the store, which applies the one
//! sharing rule; writes go through services that check the role and write
//! the audit log in the same transaction.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts, Path, Query, State};
use axum::http::{header, request::Parts, HeaderMap, HeaderValue, StatusCode};
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
}

/// Most connections held open at once: each serves one blocking request.
const POOL: usize = 16;
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
    routes: Arc<RouteFile>,
    base: String,
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
            routes: Arc::new(config.routes.clone()),
            base: config.base_url.clone(),
            tokens: Cache::new(TOKENS_CACHED),
            forecasts: Cache::new(FORECASTS_CACHED),
            simulated: config.simulated,
        })
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

// ---------------------------------------------------------------- series

/// Which series and periods: comma-separated lists, as the command line's
/// `--reporter` and friends.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterParams {
    /// Reporting countries (ISO 3166-1 alpha-3), comma-separated
    pub reporter: Option<String>,
    /// Locations inside the reporter (ALL, SWB…)
    pub location: Option<String>,
    /// Nationalities (alpha-3), comma-separated
    pub nationality: Option<String>,
    /// Indicators (encounters, irregular_entries…)
    pub indicator: Option<String>,
    /// First period (2022-01)
    pub from: Option<String>,
    /// Last period (2023-12)
    pub to: Option<String>,
}

fn list_param(v: &Option<String>) -> Vec<String> {
    v.as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn period_param(v: &Option<String>, name: &str) -> corredor_app::Result<Option<Period>> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<Period>()
                .map_err(|e| Error::Invalid(format!("{name}={s}: {e}")))
        })
        .transpose()
}

fn countries(v: &Option<String>, what: &str) -> corredor_app::Result<Vec<String>> {
    corredor_model::country::codes(&list_param(v), what).map_err(Error::Invalid)
}

impl FilterParams {
    fn filter(&self) -> corredor_app::Result<Filter> {
        Ok(Filter {
            reporters: countries(&self.reporter, "reporter")?,
            locations: list_param(&self.location),
            nationalities: countries(&self.nationality, "nationality")?,
            indicators: list_param(&self.indicator),
            from: period_param(&self.from, "from")?,
            to: period_param(&self.to, "to")?,
        })
    }
}

#[derive(Serialize, ToSchema)]
pub struct SeriesItem {
    reporter: String,
    location: String,
    nationality: String,
    indicator: String,
    frequency: String,
    first: String,
    last: String,
    count: u64,
    /// Sharing levels among its observations the reader may see
    shares: Vec<String>,
}

/// The series the caller may see.
#[utoipa::path(get, path = "/api/v1/series", params(FilterParams),
    responses((status = 200, body = [SeriesItem])))]
async fn series_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<FilterParams>,
) -> ApiResult<Json<Vec<SeriesItem>>> {
    let filter = q.filter()?;
    let access = actor.access();
    let list = state.run(move |s| Ok(s.series(&filter, &access)?)).await?;
    Ok(Json(
        list.into_iter()
            .map(|s| SeriesItem {
                reporter: s.key.reporter,
                location: s.key.location.to_string(),
                nationality: s.key.nationality,
                indicator: s.key.indicator,
                frequency: s.frequency.to_string(),
                first: s.first.to_string(),
                last: s.last.to_string(),
                count: s.count,
                shares: s.shares.iter().map(|l| l.to_string()).collect(),
            })
            .collect(),
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SeriesParams {
    /// Forecast from this period (default: the last observed)
    pub as_of: Option<String>,
    /// Periods ahead, 1–12 (default 3)
    pub horizon: Option<usize>,
}

/// One series: its observations the caller may see, with their source and
/// the date they were received, and a forecast with 80% and 95% intervals
/// computed from those observations only.
#[utoipa::path(get, path = "/api/v1/series/{reporter}/{location}/{nationality}/{indicator}",
    params(("reporter" = String, Path), ("location" = String, Path), ("nationality" = String, Path),
           ("indicator" = String, Path), SeriesParams),
    responses((status = 200, body = SeriesDetail), (status = 404, description = "no such series, or none of it visible")))]
async fn series_show(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path((reporter, location, nationality, indicator)): Path<(String, String, String, String)>,
    Query(q): Query<SeriesParams>,
) -> ApiResult<Json<Arc<SeriesDetail>>> {
    let key: SeriesKey = format!("{reporter}/{location}/{nationality}/{indicator}")
        .parse()
        .map_err(|e| Error::Invalid(format!("{e}")))?;
    let horizon = q.horizon.unwrap_or(3);
    if !(1..=12).contains(&horizon) {
        return Err(Error::Invalid("horizon must be between 1 and 12".into()).into());
    }
    let as_of = period_param(&q.as_of, "as_of")?;
    let access = actor.access();
    let cache_key = format!("{key}|{access:?}|{as_of:?}|{horizon}");
    let st = state.clone();
    let out = state
        .run(move |s| {
            let version = corredor_store::data_version(s)?;
            let cache_key = format!("{cache_key}|{version}");
            if let Some(v) = st.forecasts.get(&cache_key) {
                return Ok(v);
            }
            let v = Arc::new(series::detail(s, &key, &access, as_of, horizon)?);
            st.forecasts.insert(cache_key, v.clone());
            Ok(v)
        })
        .await?;
    Ok(Json(out))
}

// ---------------------------------------------------------------- export

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// csv (default), json or hxl
    pub format: Option<String>,
    /// Include the publishers' breakdowns
    pub breakdown: Option<bool>,
    /// The values as they stood on this date or instant
    pub as_received: Option<String>,
}

/// A stream of bytes to the client, written by a blocking thread.
struct ChannelWriter {
    sender: tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
    buffer: Vec<u8>,
}

impl std::io::Write for ChannelWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(buf);
        if self.buffer.len() >= 1 << 16 {
            self.flush()?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buffer));
        self.sender.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })
    }
}

/// Observations the caller may see, as CSV (the long format, which
/// imports back), JSON or HXL, streamed.
#[utoipa::path(get, path = "/api/v1/export", params(FilterParams, ExportParams),
    responses((status = 200, description = "the observations", content_type = "text/csv")))]
async fn export_data(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(f): Query<FilterParams>,
    Query(q): Query<ExportParams>,
) -> ApiResult<Response> {
    let format: ExportFormat = q
        .format
        .as_deref()
        .unwrap_or("csv")
        .parse()
        .map_err(Error::Invalid)?;
    let filter = f.filter()?;
    let options = ReadOptions {
        breakdowns: q.breakdown.unwrap_or(false),
        history: false,
        as_received: q
            .as_received
            .as_deref()
            .map(corredor_app::clock::as_received)
            .transpose()
            .map_err(Error::Invalid)?,
    };
    let access = actor.access();
    let (sender, receiver) = tokio::sync::mpsc::channel(8);
    let st = state.clone();
    tokio::spawn(async move {
        let fail = sender.clone();
        let outcome = st
            .run(move |s| {
                let mut w = ChannelWriter {
                    sender,
                    buffer: Vec::new(),
                };
                export::write(s, &filter, &options, &access, format, &mut w)?;
                Ok(())
            })
            .await;
        if let Err(e) = outcome {
            tracing::warn!(error = ?e.0, "export stopped");
            let _ = fail.send(Err(std::io::Error::other(e.0.to_string()))).await;
        }
    });
    // Fused: the compression layer polls again after the end.
    let stream =
        futures_util::StreamExt::fuse(futures_util::stream::unfold(receiver, |mut r| async move {
            r.recv().await.map(|item| (item, r))
        }));
    let ext = match format {
        ExportFormat::Json => "json",
        _ => "csv",
    };
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"corredor-export.{ext}\""),
            ),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

// ---------------------------------------------------------------- import

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// auto (default), long, hxl, json, cbp, ohss or iom
    pub format: Option<String>,
    /// Where the figures come from
    pub source: Option<String>,
    /// public, members (default) or restricted
    pub share: Option<String>,
    /// For restricted data: the countries it is shared with, comma-separated
    pub share_with: Option<String>,
    /// Indicator for files that do not name one
    pub indicator: Option<String>,
    /// The file's name, as problems will cite it (default upload.csv or upload.json)
    pub name: Option<String>,
}

/// Imports observations (the body: a file in any format `corredor import`
/// reads), all or nothing. Analysts submit their own country's figures;
/// the secretariat any. Refused files answer 422 with every problem's
/// file, line and column. The early warning then runs on the series the
/// file touched.
#[utoipa::path(post, path = "/api/v1/observations", params(ImportParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "imported", body = ImportAnswer),
              (status = 422, description = "refused: nothing imported", body = RefusalReport)),
    security(("bearer" = [])))]
async fn import_observations(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<ImportParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    actor.require(&[Role::Analyst, Role::Secretariat], "submitting data")?;
    let format = match q.format.as_deref().unwrap_or("auto") {
        "auto" => None,
        f => Some(
            Format::ALL
                .into_iter()
                .find(|x| x.as_str() == f)
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "format '{f}': use auto, long, hxl, json, cbp, ohss or iom"
                    ))
                })?,
        ),
    };
    let level: ShareLevel = q
        .share
        .as_deref()
        .unwrap_or("members")
        .parse()
        .map_err(|e: corredor_model::share::ShareLevelError| Error::Invalid(e.to_string()))?;
    let sharing =
        corredor_model::record::parse_sharing(level, q.share_with.as_deref().unwrap_or(""))
            .map_err(|e| Error::Invalid(format!("share_with: {e}")))?;
    if let Some(s) = &q.source {
        corredor_model::record::check_text(corredor_model::record::Field::Source, s)
            .map_err(|e| Error::Invalid(format!("source: {e}")))?;
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("json"));
    let name = q.name.clone().unwrap_or_else(|| {
        if is_json {
            "upload.json".into()
        } else {
            "upload.csv".into()
        }
    });
    if name.len() > 200 || name.contains(['/', '\\', '\n']) {
        return Err(Error::Invalid("name: give a plain file name".into()).into());
    }
    let routes = state.routes.clone();
    let outcome = state
        .run(move |s| {
            let reporter = match actor.role {
                Role::Analyst => actor.country.clone(),
                _ => None,
            };
            let req = Request {
                org: &actor.org,
                format,
                source: q.source.as_deref(),
                sharing,
                options: Options {
                    indicator: q.indicator.clone(),
                },
                reporter: reporter.as_deref(),
                progress: None,
            };
            let inputs = vec![Input::Bytes {
                name,
                data: body.to_vec(),
            }];
            observations::submit(s, &actor, &routes, inputs, &req, Scan::Changed)
        })
        .await?;
    Ok(match outcome {
        Ok(done) => Json(ImportAnswer::from(done)).into_response(),
        Err(refusal) => (StatusCode::UNPROCESSABLE_ENTITY, Json(refusal.report())).into_response(),
    })
}

// ---------------------------------------------------------------- alerts

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertParams {
    /// open, acknowledged, escalated, closed (comma-separated)
    pub status: Option<String>,
    /// watch, warning, emergency (comma-separated)
    pub level: Option<String>,
    /// Alerts raised by or affecting this country
    pub country: Option<String>,
    /// surge or emergence
    pub kind: Option<String>,
    /// Changed at or after this instant (RFC 3339)
    pub since: Option<String>,
    /// At most this many (default 500)
    pub limit: Option<i64>,
}

impl AlertParams {
    fn query(&self) -> corredor_app::Result<alerts::Query> {
        Ok(alerts::Query {
            status: list_param(&self.status),
            level: list_param(&self.level),
            country: countries(&self.country, "country")?.into_iter().next(),
            nationality: None,
            kind: self.kind.clone(),
            since: self.since.clone(),
            limit: self.limit,
        })
    }
}

/// The alerts the caller may see, most recently changed first.
#[utoipa::path(get, path = "/api/v1/alerts", params(AlertParams),
    responses((status = 200, body = [StoredAlert])))]
async fn alert_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<AlertParams>,
) -> ApiResult<Json<Vec<StoredAlert>>> {
    let query = q.query()?;
    let access = actor.access();
    Ok(Json(
        state.run(move |s| alerts::list(s, &access, &query)).await?,
    ))
}

/// One alert (`{id}`), or its CAP 1.2 message (`{id}.cap`).
#[utoipa::path(get, path = "/api/v1/alerts/{id}",
    params(("id" = String, Path, description = "the alert's id; add .cap for its CAP 1.2 message")),
    responses((status = 200, body = StoredAlert), (status = 404, description = "no such alert, or not visible")))]
async fn alert_show(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let access = actor.access();
    if let Some(id) = id.strip_suffix(".cap") {
        let id = id.to_string();
        let alert = state.run(move |s| alerts::get(s, &access, &id)).await?;
        return Ok((
            [(header::CONTENT_TYPE, "application/cap+xml; charset=utf-8")],
            cap::message(&alert, &state.base),
        )
            .into_response());
    }
    let (alert, events, tasks) = state
        .run(move |s| protocol::alert_with_history(s, &actor, &id))
        .await?;
    let mut v = serde_json::to_value(&alert).map_err(|e| Error::Internal(e.to_string()))?;
    v["events"] = serde_json::to_value(events).unwrap_or_default();
    v["tasks"] = serde_json::to_value(tasks).unwrap_or_default();
    Ok(Json(v).into_response())
}

/// The alerts the caller may see as an Atom feed.
#[utoipa::path(get, path = "/api/v1/alerts.atom", params(AlertParams),
    responses((status = 200, description = "Atom feed", content_type = "application/atom+xml")))]
async fn alert_feed(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<AlertParams>,
) -> ApiResult<Response> {
    let mut query = q.query()?;
    query.limit = Some(query.limit.unwrap_or(100));
    let access = actor.access();
    let list = state.run(move |s| alerts::list(s, &access, &query)).await?;
    let self_url = format!("{}/api/v1/alerts.atom", state.base.trim_end_matches('/'));
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        atom::feed(&list, &state.base, &self_url, "Corredor alerts"),
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct TextBody {
    /// The comment, or the reason for the change
    #[serde(default, alias = "reason")]
    pub text: String,
}

/// The text of an optional `{"text": …}` body: none, or empty, is "".
fn optional_text(body: &[u8]) -> corredor_app::Result<String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(String::new());
    }
    serde_json::from_slice::<TextBody>(body)
        .map(|b| b.text)
        .map_err(|e| Error::Invalid(format!("the body must be {{\"text\": \"…\"}}: {e}")))
}

/// Acknowledges the alert for the caller's country (analysts of the
/// countries it affects).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/acknowledge", params(("id" = String, Path)),
    responses((status = 200, body = StoredAlert)), security(("bearer" = [])))]
async fn alert_ack(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<StoredAlert>> {
    Ok(Json(
        state
            .run(move |s| alerts::acknowledge(s, &actor, &id))
            .await?,
    ))
}

/// Comments on the alert (analysts, participants, the secretariat).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/comments", params(("id" = String, Path)),
    request_body = TextBody, responses((status = 200, body = alerts::Event)), security(("bearer" = [])))]
async fn alert_comment(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Json(body): Json<TextBody>,
) -> ApiResult<Json<alerts::Event>> {
    Ok(Json(
        state
            .run(move |s| alerts::comment(s, &actor, &id, &body.text))
            .await?,
    ))
}

async fn transition(
    state: Arc<AppState>,
    actor: Actor,
    id: String,
    body: &[u8],
    to: AlertStatus,
) -> ApiResult<Json<StoredAlert>> {
    let reason = optional_text(body)?;
    Ok(Json(
        state
            .run(move |s| alerts::transition(s, &actor, &id, to, &reason))
            .await?,
    ))
}

/// Escalates the alert (the secretariat, or the reporting country).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/escalate", params(("id" = String, Path)),
    request_body = TextBody, responses((status = 200, body = StoredAlert)), security(("bearer" = [])))]
async fn alert_escalate(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<StoredAlert>> {
    transition(state, actor, id, &body, AlertStatus::Escalated).await
}

/// Closes the alert (the secretariat, or the reporting country).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/close", params(("id" = String, Path)),
    request_body = TextBody, responses((status = 200, body = StoredAlert)), security(("bearer" = [])))]
async fn alert_close(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<StoredAlert>> {
    transition(state, actor, id, &body, AlertStatus::Closed).await
}

/// Re-runs the early warning over the whole store now (the secretariat).
#[utoipa::path(post, path = "/api/v1/scan", responses((status = 200, body = alerts::Changes)), security(("bearer" = [])))]
async fn scan_now(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
) -> ApiResult<Json<alerts::Changes>> {
    actor.require(&[Role::Secretariat], "running a scan")?;
    let routes = state.routes.clone();
    Ok(Json(
        state
            .run(move |s| observations::rescan_all(s, &actor, &routes))
            .await?,
    ))
}

// ---------------------------------------------------------------- tasks

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// Only the caller's own tasks
    pub mine: Option<bool>,
    /// Only tasks past their deadline and not done
    pub overdue: Option<bool>,
    /// Only this alert's tasks
    pub alert: Option<String>,
}

/// Tasks of the response protocols, for the alerts the caller may see.
#[utoipa::path(get, path = "/api/v1/tasks", params(TaskParams),
    responses((status = 200, body = [protocol::Task])))]
async fn task_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<TaskParams>,
) -> ApiResult<Json<Vec<protocol::Task>>> {
    let query = TaskQuery {
        mine: q.mine.unwrap_or(false),
        overdue: q.overdue.unwrap_or(false),
        alert: q.alert,
    };
    Ok(Json(
        state
            .run(move |s| protocol::tasks(s, &actor, &query))
            .await?,
    ))
}

/// Acknowledges a task (whoever it is assigned to).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/acknowledge", params(("id" = i64, Path)),
    responses((status = 200, body = protocol::Task)), security(("bearer" = [])))]
async fn task_ack(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
) -> ApiResult<Json<protocol::Task>> {
    Ok(Json(
        state
            .run(move |s| protocol::update_task(s, &actor, id, "acknowledged"))
            .await?,
    ))
}

/// Marks a task done (whoever it is assigned to).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/complete", params(("id" = i64, Path)),
    responses((status = 200, body = protocol::Task)), security(("bearer" = [])))]
async fn task_complete(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
) -> ApiResult<Json<protocol::Task>> {
    Ok(Json(
        state
            .run(move |s| protocol::update_task(s, &actor, id, "done"))
            .await?,
    ))
}

/// The response protocols loaded.
#[utoipa::path(get, path = "/api/v1/protocols", responses((status = 200, body = [protocol::Playbook])))]
async fn protocol_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<protocol::Playbook>>> {
    Ok(Json(state.run(protocol::playbooks).await?))
}

/// Loads (or replaces) a protocol: the body is the playbook's TOML (the
/// secretariat).
#[utoipa::path(post, path = "/api/v1/protocols", request_body(content = String, content_type = "application/toml"),
    responses((status = 200, body = protocol::Playbook)), security(("bearer" = [])))]
async fn protocol_load(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    body: String,
) -> ApiResult<Json<protocol::Playbook>> {
    Ok(Json(
        state.run(move |s| protocol::load(s, &actor, &body)).await?,
    ))
}

// ---------------------------------------------------------------- responsibility sharing

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyParams {
    /// eu-2015-may, eu-2015-sep or americas
    pub preset: Option<String>,
    /// COLUMN:WEIGHT[:inverse][:cap=C],… (instead of a preset)
    pub criteria: Option<String>,
    /// Persons to share (default: the preset's)
    pub total: Option<u64>,
    /// Countries left out, comma-separated
    pub exclude: Option<String>,
    /// The column naming the country
    pub country_column: Option<String>,
    /// Also explain this country's share
    pub explain: Option<String>,
}

/// A distribution key computed from the inputs in the body (CSV, as
/// `corredor share key --inputs` reads them). Nothing is stored; the same
/// code and the same errors as the command line.
#[utoipa::path(post, path = "/api/v1/share/key", params(KeyParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "the key", body = KeyAnswer),
              (status = 422, description = "the inputs' problems, by line and column", body = Problems)))]
async fn share_key(Query(q): Query<KeyParams>, body: Bytes) -> ApiResult<Response> {
    let outcome = corredor_app::keys::key(&q.request(), "inputs.csv", &body);
    Ok(match outcome {
        Ok(o) => {
            let mut answer = KeyAnswer::new(&o);
            answer.explain = q
                .explain
                .as_deref()
                .and_then(corredor_sharing::inputs::country_code)
                .and_then(|who| answers::explain(&o, &who));
            Json(answer).into_response()
        }
        Err(problems) => key_problems(problems),
    })
}

fn key_problems(errors: Vec<String>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(Problems {
            error: "the key could not be computed".into(),
            errors,
        }),
    )
        .into_response()
}

impl KeyParams {
    fn request(&self) -> corredor_app::keys::KeyRequest {
        corredor_app::keys::KeyRequest {
            preset: self.preset.clone(),
            criteria: self.criteria.clone(),
            total: self.total,
            exclude: list_param(&self.exclude),
            country_column: self.country_column.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublishParams {
    /// What the key is for, as readers will see it
    pub title: String,
    pub preset: Option<String>,
    pub criteria: Option<String>,
    pub total: Option<u64>,
    pub exclude: Option<String>,
    pub country_column: Option<String>,
}

/// Publishes the key the inputs in the body give (the secretariat only):
/// from then on anyone may read it, with its request and inputs. A
/// published key is never changed.
#[utoipa::path(post, path = "/api/v1/share/keys/{name}", params(("name" = String, Path), PublishParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = PublishedKey), (status = 409, description = "a key of that name is published already"),
              (status = 422, description = "the inputs' problems, by line and column", body = Problems)),
    security(("bearer" = [])))]
async fn share_key_publish(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(name): Path<String>,
    Query(q): Query<PublishParams>,
    body: Bytes,
) -> ApiResult<Response> {
    actor.require(&[Role::Secretariat], "publishing a key")?;
    let req = KeyParams {
        preset: q.preset,
        criteria: q.criteria,
        total: q.total,
        exclude: q.exclude,
        country_column: q.country_column,
        explain: None,
    }
    .request();
    let outcome = match corredor_app::keys::key(&req, "inputs.csv", &body) {
        Ok(o) => o,
        Err(problems) => return Ok(key_problems(problems)),
    };
    let title = q.title;
    let v = state
        .run(move |s| corredor_app::keys::publish(s, &actor, &name, &title, &req, &body, &outcome))
        .await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// The keys the secretariat has published, newest first.
#[utoipa::path(get, path = "/api/v1/share/keys", responses((status = 200, body = [Published])))]
async fn share_keys(State(state): State<Arc<AppState>>) -> ApiResult<Json<Vec<Published>>> {
    Ok(Json(state.run(corredor_app::keys::list).await?))
}

/// A published key: its request, its inputs as received, and its shares.
#[utoipa::path(get, path = "/api/v1/share/keys/{name}", params(("name" = String, Path)),
    responses((status = 200, body = PublishedKey), (status = 404)))]
async fn share_key_published(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> ApiResult<Json<PublishedKey>> {
    Ok(Json(
        state
            .run(move |s| corredor_app::keys::get(s, &name))
            .await?,
    ))
}

/// What `POST /api/v1/share/place` takes: the files of `corredor share
/// place`, as text.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PlaceBody {
    /// id,size,needs
    pub cases: String,
    /// id,country,capacity,services
    pub sites: String,
    /// case,site,score (without it, a placement is worth the persons it places)
    pub scores: Option<String>,
    /// country,persons or country,min,max
    pub quotas: Option<String>,
    /// Quotas given as persons allow this fraction either way (default 0.05)
    pub tolerance: Option<f64>,
    /// Seconds to search, at most [`PLACE_TIME_LIMIT`] (the default)
    pub time_limit: Option<f64>,
}

/// A placement answers within the request's time-out.
const PLACE_TIME_LIMIT: f64 = 45.0;

/// Families placed at sites, from the files in the body. The families are
/// the caller's: nothing is stored, and the answer goes to the caller
/// alone. The same code and the same errors as the command line.
#[utoipa::path(post, path = "/api/v1/share/place", request_body = PlaceBody,
    responses((status = 200, description = "the placement", body = PlacementAnswer),
              (status = 422, description = "the files' problems, by line and column", body = Problems)),
    security(("bearer" = [])))]
async fn share_place(Caller(actor): Caller, Json(body): Json<PlaceBody>) -> ApiResult<Response> {
    use corredor_sharing::place::{files, solve, Options};
    actor.require(&[Role::Analyst, Role::Secretariat], "placing families")?;
    let tolerance = body.tolerance.unwrap_or(0.05);
    if !(0.0..1.0).contains(&tolerance) {
        return Err(Error::Invalid(format!(
            "tolerance {tolerance}: give a fraction from 0 to 1"
        ))
        .into());
    }
    let limit = body
        .time_limit
        .unwrap_or(PLACE_TIME_LIMIT)
        .clamp(0.0, PLACE_TIME_LIMIT);
    let answer = tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let inst = files::read(&files::Files {
            cases: ("cases.csv", body.cases.as_bytes()),
            sites: ("sites.csv", body.sites.as_bytes()),
            scores: body.scores.as_deref().map(|s| ("scores.csv", s.as_bytes())),
            quotas: body.quotas.as_deref().map(|s| ("quotas.csv", s.as_bytes())),
            tolerance,
        });
        let inst = match inst {
            Ok(inst) => inst,
            Err(errors) => {
                let problems = Problems {
                    error: "the files could not be read".into(),
                    errors,
                };
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(problems)).into_response();
            }
        };
        let deadline = started + Duration::from_secs_f64(limit);
        let stop = || std::time::Instant::now() >= deadline;
        match solve(&inst, &Options { stop: &stop }) {
            Ok(p) => Json(PlacementAnswer::new(&p, &inst)).into_response(),
            Err(e) => {
                let problems = Problems {
                    error: "nothing placed".into(),
                    errors: vec![e.to_string()],
                };
                (StatusCode::UNPROCESSABLE_ENTITY, Json(problems)).into_response()
            }
        }
    })
    .await
    .map_err(|e| Error::Invalid(format!("the placement failed: {e}")))?;
    Ok(answer)
}

// ---------------------------------------------------------------- webhooks, audit, me

#[derive(Debug, Deserialize, ToSchema)]
pub struct WebhookBody {
    pub url: String,
}

/// Registers a webhook for the caller's organisation; the answer holds the
/// signing secret, shown this once.
#[utoipa::path(post, path = "/api/v1/webhooks", request_body = WebhookBody,
    responses((status = 201, body = Registered)), security(("bearer" = [])))]
async fn webhook_register(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Json(body): Json<WebhookBody>,
) -> ApiResult<Response> {
    let (hook, secret) = state
        .run(move |s| webhook::register(s, &actor, &body.url))
        .await?;
    let answer = Registered {
        webhook: hook,
        secret,
        signature: format!(
            "{}: sha256=HMAC-SHA256(secret, body) in hex",
            webhook::SIGNATURE_HEADER
        ),
    };
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

#[utoipa::path(get, path = "/api/v1/webhooks", responses((status = 200, body = [webhook::Webhook])), security(("bearer" = [])))]
async fn webhook_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<webhook::Webhook>>> {
    Ok(Json(state.run(move |s| webhook::list(s, &actor)).await?))
}

#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", params(("id" = i64, Path)),
    responses((status = 204)), security(("bearer" = [])))]
async fn webhook_delete(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state
        .run(move |s| webhook::deactivate(s, &actor, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// At most this many entries, newest first (default 200)
    pub limit: Option<i64>,
}

/// The audit log (the secretariat).
#[utoipa::path(get, path = "/api/v1/audit", params(AuditParams),
    responses((status = 200, body = [audit::Entry])), security(("bearer" = [])))]
async fn audit_log(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<AuditParams>,
) -> ApiResult<Json<Vec<audit::Entry>>> {
    let limit = q.limit.unwrap_or(200).clamp(1, 10_000);
    Ok(Json(
        state.run(move |s| audit::entries(s, &actor, limit)).await?,
    ))
}

/// Who the token stands for.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me)))]
async fn me(Caller(actor): Caller) -> Json<Me> {
    Json(Me {
        org: actor.org,
        role: actor.role,
        country: actor.country,
    })
}

/// Who a caller is.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub org: String,
    pub role: Role,
    /// The member state whose agency it is, if any.
    pub country: Option<String>,
}

/// A webhook just registered, with its signing secret (shown this once).
#[derive(Debug, Serialize, ToSchema)]
pub struct Registered {
    pub webhook: webhook::Webhook,
    pub secret: String,
    /// How deliveries are signed.
    pub signature: String,
}

async fn healthz(State(state): State<Arc<AppState>>) -> ApiResult<&'static str> {
    state.run(|s| Ok(corredor_store::ping(s)?)).await?;
    Ok("ok\n")
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Corredor API", description = "Shared migration statistics, early warning and coordination for the Americas. Reads without a token see public data only; send `Authorization: Bearer <token>` for more."),
    paths(series_list, series_show, export_data, import_observations, alert_list, alert_show,
          alert_feed, alert_ack, alert_comment, alert_escalate, alert_close, scan_now, task_list,
          task_ack, task_complete, protocol_list, protocol_load, webhook_register, webhook_list,
          webhook_delete, audit_log, me, share_key, share_place, share_key_publish, share_keys,
          share_key_published),
    components(schemas(SeriesItem, StoredAlert, alerts::Explanation, alerts::Event, protocol::Task,
                       protocol::Text, webhook::Webhook, audit::Entry, TextBody, WebhookBody, PlaceBody, Role)),
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
        .route("/api/v1/scan", post(scan_now))
        .route("/api/v1/tasks", get(task_list))
        .route("/api/v1/tasks/{id}/acknowledge", post(task_ack))
        .route("/api/v1/tasks/{id}/complete", post(task_complete))
        .route("/api/v1/protocols", get(protocol_list).post(protocol_load))
        .route("/api/v1/webhooks", get(webhook_list).post(webhook_register))
        .route(
            "/api/v1/webhooks/{id}",
            axum::routing::delete(webhook_delete),
        )
        .route("/api/v1/audit", get(audit_log))
        .route("/api/v1/share/key", post(share_key))
        .route("/api/v1/share/keys", get(share_keys))
        .route(
            "/api/v1/share/keys/{name}",
            get(share_key_published).post(share_key_publish),
        )
        .merge(crate::followup_api::router())
        .merge(crate::ui::router())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .merge(import)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(60),
        ))
        .layer(TraceLayer::new_for_http())
}

/// Scheduled work, on whichever instance holds the lease: webhook
/// delivery every tick, a full rescan every `scan_every`.
async fn scheduler(state: Arc<AppState>, config: Config) {
    let transport: Arc<dyn webhook::Transport> = Arc::new(webhook::Http::new());
    let mut interval = tokio::time::interval(config.tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Scans an interrupted import left undone, once, on the instance that
    // first holds the lease after a start.
    let recovered = Arc::new(std::sync::atomic::AtomicBool::new(false));
    loop {
        interval.tick().await;
        match tick(&state, &config, &transport, &recovered).await {
            Ok(Some((round, scanned))) => {
                if round.delivered + round.failed > 0 {
                    tracing::info!(
                        delivered = round.delivered,
                        failed = round.failed,
                        "webhooks"
                    );
                }
                if let Some(c) = scanned {
                    tracing::info!(
                        opened = c.opened.len(),
                        updated = c.updated.len(),
                        "scheduled scan"
                    );
                }
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e.0, "scheduled work failed"),
        }
    }
}

/// One round of scheduled work, `None` when another instance holds the
/// lease. A store connection is taken to read what is due and again to
/// record the answers, never while receivers are waited for.
async fn tick(
    state: &Arc<AppState>,
    config: &Config,
    transport: &Arc<dyn webhook::Transport>,
    recovered: &Arc<std::sync::atomic::AtomicBool>,
) -> Result<Option<(webhook::Round, Option<alerts::Changes>)>, ApiError> {
    use std::sync::atomic::Ordering;
    let lease_for = (config.tick.as_secs() as i64 * 5).max(10);
    let (instance, routes, recovered) = (
        config.instance.clone(),
        state.routes.clone(),
        recovered.clone(),
    );
    let due = state
        .run(move |s| {
            if !lease::acquire(s, "scheduler", &instance, lease_for)? {
                return Ok(None);
            }
            if !recovered.load(Ordering::Relaxed) {
                if let Some(c) = observations::recover(s, &routes)? {
                    tracing::info!(
                        opened = c.opened.len(),
                        updated = c.updated.len(),
                        "scanned what an interrupted import left"
                    );
                }
                recovered.store(true, Ordering::Relaxed);
            }
            Ok(Some(webhook::due(s, 100)?))
        })
        .await?;
    let Some(due) = due else {
        return Ok(None);
    };
    let sender = transport.clone();
    let sent = tokio::task::spawn_blocking(move || webhook::send(sender.as_ref(), &due))
        .await
        .map_err(|e| ApiError(Error::Internal(format!("webhook delivery failed: {e}"))))?;
    let (instance, routes) = (config.instance.clone(), state.routes.clone());
    let scan_every = config.scan_every.as_secs() as i64;
    state
        .run(move |s| {
            let round = webhook::record(s, &sent)?;
            let scanned = if scan_every > 0 && lease::once_per(s, "scan", &instance, scan_every)? {
                let actor = Actor {
                    org: "corredor".into(),
                    country: None,
                    role: Role::Operator,
                    token_id: None,
                    remote: format!("scheduler:{instance}"),
                };
                Some(observations::rescan_all(s, &actor, &routes)?)
            } else {
                None
            };
            Ok(Some((round, scanned)))
        })
        .await
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
    fn the_bearer_scheme_is_read_in_any_case_and_an_empty_token_is_none() {
        assert_eq!(super::bearer("Bearer cor_abc"), Some("cor_abc"));
        assert_eq!(super::bearer("bearer cor_abc"), Some("cor_abc"));
        assert_eq!(super::bearer("BEARER  cor_abc "), Some("cor_abc"));
        assert_eq!(super::bearer("Basic dXNlcjpwYXNz"), None);
        assert_eq!(super::bearer("Bearer "), None);
        assert_eq!(super::bearer("cor_abc"), None);
    }
}

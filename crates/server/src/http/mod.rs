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
//! (keys, placement), `labour` (the legal pathways), `admin` (webhooks,
//! audit, the caller); `scheduler`
//! runs the scheduled work.
mod address;
mod admin;
mod capacity;
mod common;
mod data;
pub(crate) mod deadline;
mod error_answers;
mod labour;
mod redact;
mod revalidate;
mod scheduler;
mod sharing;
mod workflow;

use self::admin::*;
use self::capacity::*;
use self::common::*;
use self::data::*;
use self::labour::*;
use self::scheduler::*;
use self::sharing::*;
use self::workflow::*;
pub use crate::state::{AppState, Config};

#[derive(OpenApi)]
#[openapi(
    info(title = "Corredor API", description = "Shared migration statistics, early warning and coordination for the Americas. Reads without a token see public data only; send `Authorization: Bearer <token>` for more."),
    paths(series_list, series_show, export_data, import_observations, alert_list, alert_show,
          alert_cap, alert_feed, alert_ack, alert_comment, alert_escalate, alert_close, alert_confirm, scan_now, task_list,
          task_ack, task_complete, protocol_list, protocol_load, webhook_register, webhook_list,
          webhook_delete, webhook_dead, webhook_replay, audit_log, me, share_key, share_place, share_key_publish, share_keys,
          share_key_published, capacity_sites, capacity_countries, capacity_sites_csv, labour_pathways,
          labour_pathway_add, labour_worker_import, labour_workers, labour_worker, labour_worker_delete,
          labour_vacancies, labour_vacancy_import, labour_run, labour_run_latest, labour_candidates, labour_summary, labour_mix),
    components(schemas(SeriesItem, StoredAlert, alerts::Explanation, alerts::DownstreamPlace, alerts::Event, protocol::Task,
                       protocol::Text, webhook::Webhook, webhook::DeadLetter, audit::Entry, TextBody, WebhookBody, PlaceBody, Role,
                       alerts::Covers, corredor_app::quality::Confirmed, PathwayItem,
                       LabourProblems, LabourProblem)),
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
    let mut doc = ApiDoc::openapi().merge_from(crate::followup_api::FollowupDoc::openapi());
    utoipa::Modify::modify(&error_answers::ErrorAnswers, &mut doc);
    Json(doc)
}

/// What pages may load: their own style sheet (and the scorecard's inline
/// bar widths), nothing else; no script at all, no framing by other sites.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// An answer to a signed-in caller is theirs alone: no shared cache (a
/// proxy, the browser's back button on a shared computer) may keep it.
async fn private_when_signed_in(request: axum::extract::Request, next: Next) -> Response {
    let signed_in = request.headers().contains_key(header::AUTHORIZATION)
        || session_cookie(request.headers()).is_some();
    let mut response = next.run(request).await;
    if signed_in {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
    response
}

/// A request body is read as it was sent: one said to be compressed
/// (`Content-Encoding: gzip`) would be read as its compressed bytes, or,
/// when the header is wrong, as text the sender did not mean to send as
/// it is. Refused, `415`, before anything reads it.
async fn refuse_encoded_bodies(request: axum::extract::Request, next: Next) -> Response {
    let encoded = request
        .headers()
        .get_all(header::CONTENT_ENCODING)
        .iter()
        .any(|v| {
            !v.to_str()
                .is_ok_and(|v| v.trim().eq_ignore_ascii_case("identity"))
        });
    if encoded {
        let body = serde_json::json!({
            "error": "send the body as it is, without Content-Encoding: compressed bodies are not read"
        });
        return (
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            axum::Json(body),
        )
            .into_response();
    }
    next.run(request).await
}

/// axum's own refusals (a query string or a JSON body that does not
/// deserialize, a wrong content type, a body too large) are plain text;
/// the API answers every error as `{"error": …}`, and so these too.
async fn api_errors_as_json(request: axum::extract::Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    if !api || !plain || !response.status().is_client_error() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    let body = serde_json::json!({ "error": text }).to_string();
    Response::from_parts(parts, axum::body::Body::from(body))
}

pub fn router(state: Arc<AppState>) -> Router {
    let import = Router::new()
        .route("/api/v1/observations", post(import_observations))
        .route("/api/v1/share/place", post(share_place))
        .layer(DefaultBodyLimit::max(IMPORT_LIMIT))
        .layer(RequestBodyLimitLayer::new(IMPORT_LIMIT));
    // Work that reads or writes much of the store: capped in all and per
    // caller; pages drawn a few at a time (`crate::limits`).
    let limits = crate::limits::Limits::default();
    let expensive = Router::new()
        .route("/api/v1/export", get(export_data))
        .merge(import)
        .route_layer(axum::middleware::from_fn_with_state(
            (limits.clone(), state.clone()),
            crate::limits::expensive,
        ));
    Router::new()
        .route("/healthz", get(healthz))
        .route("/openapi.json", get(openapi))
        .route("/api/v1/me", get(me))
        .route("/api/v1/series", get(series_list))
        .route(
            "/api/v1/series/{reporter}/{location}/{nationality}/{indicator}",
            get(series_show),
        )
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
            "/api/v1/labour/pathways",
            get(labour_pathways).post(labour_pathway_add),
        )
        .route(
            "/api/v1/labour/workers",
            get(labour_workers).post(labour_worker_import),
        )
        .route(
            "/api/v1/labour/workers/{id}",
            get(labour_worker).delete(labour_worker_delete),
        )
        .route(
            "/api/v1/labour/vacancies",
            get(labour_vacancies).post(labour_vacancy_import),
        )
        .route("/api/v1/labour/runs", post(labour_run))
        .route("/api/v1/labour/runs/latest", get(labour_run_latest))
        .route("/api/v1/labour/candidates", get(labour_candidates))
        .route("/api/v1/labour/summary", get(labour_summary))
        .route("/api/v1/labour/mix", get(labour_mix))
        .route(
            "/api/v1/share/keys/{name}",
            get(share_key_published).post(share_key_publish),
        )
        .merge(crate::followup_api::router())
        .merge(
            crate::ui::router().route_layer(axum::middleware::from_fn_with_state(
                limits,
                crate::limits::pages,
            )),
        )
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .merge(expensive)
        .fallback(crate::ui::not_found)
        .with_state(state)
        // A panic in a handler is a bug; the reader gets a 500 (with the
        // headers below) rather than a dropped connection, and the log
        // gets the panic.
        .layer(CatchPanicLayer::custom(panicked))
        .layer(axum::middleware::from_fn(address::refuse_nul))
        .layer(axum::middleware::from_fn(refuse_encoded_bodies))
        .layer(axum::middleware::from_fn(revalidate::revalidate_feeds))
        .layer(axum::middleware::from_fn(private_when_signed_in))
        .layer(axum::middleware::from_fn(api_errors_as_json))
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
        // Pages are drawn in the reader's language and for the signed-in
        // reader: a cache keeps one answer per language and caller.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("Accept-Language, Cookie, Authorization"),
        ))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(deadline::bounded))
        .layer(TraceLayer::new_for_http().make_span_with(redact::span))
}

/// What a request that panicked answers: the API's 500, in JSON like
/// every other error (the panic itself goes to the log).
fn panicked(err: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    tracing::error!(panic = what, "request panicked");
    ApiError(Error::Internal(what.to_string())).into_response()
}

/// Serves until Ctrl-C or SIGTERM.
/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The store could not be opened (or migrated).
    #[error("opening the store: {0}")]
    Store(#[from] corredor_store::StoreError),
    /// Another program holds the address.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

impl ServeError {
    /// Whether the address was already taken.
    pub fn address_in_use(&self) -> bool {
        matches!(self, ServeError::Listen { source, .. } if source.kind() == std::io::ErrorKind::AddrInUse)
    }
}

pub async fn serve(config: Config) -> Result<(), ServeError> {
    // Open once before listening: migrations run, and a wrong address
    // fails now rather than at the first request.
    // (The PostgreSQL client blocks: never on the async threads.)
    let db = config.db.clone();
    let first = tokio::task::spawn_blocking(move || corredor_store::open(&db))
        .await
        .map_err(std::io::Error::other)??;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|source| ServeError::Listen {
            addr: config.addr,
            source,
        })?;
    let mut config = config;
    let bound = listener.local_addr()?;
    if config.base_url.is_empty() {
        config.base_url = format!("http://{bound}");
    }
    let state = AppState::new(&config);
    state.give(first);
    tracing::info!(addr = %bound, db = %corredor_store::redacted(&config.db), "listening");
    // The one line on standard output: scripts and tests read the address
    // (useful with port 0) from it.
    println!("listening on http://{bound}");
    tokio::spawn(scheduler(state.clone(), config.clone()));
    crate::listen::serve(listener, router(state), config.timeouts, shutdown()).await?;
    Ok(())
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
    #[tokio::test]
    async fn types_of_the_same_name_are_told_apart_in_the_document() {
        // utoipa keeps one schema per name: three types called Step (and
        // two Coverage, two Assessment) described one another's answers.
        let doc = serde_json::to_value(super::openapi().await.0).unwrap();
        let names = doc["components"]["schemas"].as_object().unwrap();
        for kept in [
            "ProtocolStep",
            "ReviewStep",
            "PledgeStep",
            "ThemeCoverage",
            "ForumCoverage",
            "CommitmentAssessment",
            "IndicatorAssessment",
        ] {
            assert!(names.contains_key(kept), "no schema {kept}");
        }
        for ambiguous in ["Step", "Coverage", "Assessment"] {
            assert!(
                !names.contains_key(ambiguous),
                "a schema is still called {ambiguous}"
            );
        }
    }

    #[tokio::test]
    async fn a_panic_answers_the_apis_500_in_json_and_keeps_its_text_for_the_log() {
        let r = super::panicked(Box::new("attempt to multiply with overflow"));
        assert_eq!(r.status().as_u16(), 500);
        let body = axum::body::to_bytes(r.into_body(), 1024).await.unwrap();
        assert_eq!(
            &body[..],
            br#"{"error":"the server failed: its log has the details"}"#
        );
    }
}

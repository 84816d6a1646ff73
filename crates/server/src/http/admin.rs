//! Webhooks, the audit log, the caller and the health check.

use super::common::*;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookBody {
    pub url: String,
}

/// Registers a webhook for the caller's organisation; the answer holds the
/// signing secret, shown this once.
#[utoipa::path(post, path = "/api/v1/webhooks", request_body = WebhookBody,
    responses((status = 201, body = Registered)), security(("bearer" = [])))]
pub(super) async fn webhook_register(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(body): JsonBody<WebhookBody>,
) -> ApiResult<Response> {
    let (hook, secret) = state
        .run({
            let destinations = state.destinations.clone();
            move |s| webhook::register(s, &actor, &body.url, &destinations)
        })
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
pub(super) async fn webhook_list(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
) -> ApiResult<Json<Vec<webhook::Webhook>>> {
    Ok(Json(state.run(move |s| webhook::list(s, &actor)).await?))
}

#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", params(("id" = i64, Path)),
    responses((status = 204)), security(("bearer" = [])))]
pub(super) async fn webhook_delete(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state
        .run(move |s| webhook::deactivate(s, &actor, id))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Messages given up after their last attempt (the secretariat).
#[utoipa::path(get, path = "/api/v1/webhooks/dead", responses((status = 200, body = [webhook::DeadLetter])), security(("bearer" = [])))]
pub(super) async fn webhook_dead(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
) -> ApiResult<Json<Vec<webhook::DeadLetter>>> {
    Ok(Json(
        state.run(move |s| webhook::dead_letters(s, &actor)).await?,
    ))
}

/// Puts a given-up message back in the queue (the secretariat).
#[utoipa::path(post, path = "/api/v1/webhooks/dead/{id}/replay", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, description = "no such dead letter")), security(("bearer" = [])))]
pub(super) async fn webhook_replay(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.run(move |s| webhook::replay(s, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// At most this many entries, newest first, 1 to 10000 (default 200)
    pub limit: Option<i64>,
}

/// The audit log (the secretariat).
#[utoipa::path(get, path = "/api/v1/audit", params(AuditParams),
    responses((status = 200, body = [audit::Entry])), security(("bearer" = [])))]
pub(super) async fn audit_log(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Query(q): Query<AuditParams>,
) -> ApiResult<Json<Vec<audit::Entry>>> {
    let limit = match q.limit {
        None => 200,
        Some(n @ 1..=10_000) => n,
        Some(n) => {
            return Err(Error::Invalid(format!("limit {n}: must be between 1 and 10000")).into())
        }
    };
    Ok(Json(
        state.run(move |s| audit::entries(s, &actor, limit)).await?,
    ))
}

/// Who the token stands for.
#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me)))]
pub(super) async fn me(Caller(actor): Caller) -> Json<Me> {
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

pub(super) async fn healthz(State(state): State<Arc<AppState>>) -> ApiResult<&'static str> {
    state.healthy().await?;
    Ok("ok\n")
}

//! What the command line had and the API lacked: the pledges with every
//! step, exchange rates loaded from a CSV, and mechanisms and working
//! groups added to the registry.

use super::common::*;
use super::pledge_routes::PledgeProblems;
use corredor_followup::pledge::Pledge;
use corredor_followup::registry::{Language, Mechanism, PresidencyRule, WorkingGroup};

/// Every pledge with its steps (pledged, committed, disbursed), each step
/// with its date, amount, currency and source.
#[utoipa::path(get, path = "/api/v1/pledges", responses((status = 200, body = [Pledge])))]
pub(super) async fn pledge_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<Pledge>>> {
    Ok(Json(state.run(service::pledges).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct RatesParams {
    /// Where the rates come from (a central bank, a dataset), kept with them
    source: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatesLoaded {
    /// Rates added; a day's rate already known is not revised.
    pub added: usize,
}

/// Loads exchange rates (the CSV of `corredor pledge rates`:
/// `date,base,quote,rate`), all or nothing (the secretariat). A file
/// with problems is refused with `422` and every problem's line and
/// column.
#[utoipa::path(post, path = "/api/v1/rates", params(RatesParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = RatesLoaded), (status = 422, body = PledgeProblems)), security(("bearer" = [])))]
pub(super) async fn rates_load(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Query(q): Query<RatesParams>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let outcome = state
        .run(move |s| {
            Ok(service::import_rates(
                s, &actor, "request", &body, &q.source,
            ))
        })
        .await?;
    match outcome {
        Ok(added) => Ok((StatusCode::CREATED, Json(RatesLoaded { added })).into_response()),
        Err(ImportError::Problems(p)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(PledgeProblems::of(p)),
        )
            .into_response()),
        Err(ImportError::Refused(e)) => Err(ApiError(e)),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupBody {
    pub id: String,
    /// The mechanism it belongs to (its code)
    pub mechanism: String,
    /// The declaration's pillar (1–4), where the mechanism has pillars
    pub pillar: Option<u8>,
    pub name: String,
    /// A theme of `/api/v1/themes`
    pub theme: Option<String>,
    #[serde(default)]
    pub leads: Vec<String>,
    #[serde(default)]
    pub co_leads: Vec<String>,
    #[serde(default)]
    pub participants: Vec<String>,
    pub source: String,
}

/// Adds a working group to the registry (the secretariat).
#[utoipa::path(post, path = "/api/v1/registry/groups", request_body = GroupBody,
    responses((status = 201, body = WorkingGroup)), security(("bearer" = [])))]
pub(super) async fn group_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(b): JsonBody<GroupBody>,
) -> ApiResult<Response> {
    let g = state
        .run(move |s| {
            service::add_group(
                s,
                &actor,
                &WorkingGroup {
                    id: b.id,
                    mechanism: b.mechanism,
                    pillar: b.pillar,
                    name: b.name,
                    theme: b.theme,
                    leads: b.leads,
                    co_leads: b.co_leads,
                    participants: b.participants,
                    source: b.source,
                },
            )
        })
        .await?;
    Ok((StatusCode::CREATED, Json(g)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MechanismBody {
    /// Short code, letters and digits (MIRPS, CRM, …); kept in capitals
    pub code: String,
    pub name: String,
    /// Its name in Spanish; the English one when not given
    pub name_es: Option<String>,
    /// `rotation`, `designated` or `none`
    pub presidency: String,
    /// The presidency rule in the mechanism's own words
    #[serde(default)]
    pub presidency_text: String,
    /// Its working language, `en` or `es` (the rotation's alphabetical order)
    pub language: String,
    /// Who serves as its secretariat
    #[serde(default)]
    pub secretariat: String,
    pub source: String,
}

/// Adds a mechanism to the registry (the secretariat). A code already
/// taken is `409`.
#[utoipa::path(post, path = "/api/v1/registry/mechanisms", request_body = MechanismBody,
    responses((status = 201, body = Mechanism)), security(("bearer" = [])))]
pub(super) async fn mechanism_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(b): JsonBody<MechanismBody>,
) -> ApiResult<Response> {
    // Who may add one is asked before what was sent is judged.
    actor.require(&[corredor_model::Role::Secretariat], "adding a mechanism")?;
    let presidency: PresidencyRule = b.presidency.parse().map_err(Error::Invalid)?;
    let language: Language = b.language.parse().map_err(Error::Invalid)?;
    let m = Mechanism {
        code: b.code.trim().to_ascii_uppercase(),
        name_es: b.name_es.unwrap_or_else(|| b.name.clone()),
        name: b.name,
        presidency,
        presidency_text: b.presidency_text,
        language,
        secretariat: b.secretariat,
        source: b.source,
    };
    let answer = m.clone();
    state
        .run(move |s| service::add_mechanism(s, &actor, &m))
        .await?;
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

//! The donors' forum: appeals' requirements, their coverage by pledges as
//! OCHA's Financial Tracking Service shows it, the secretariat's
//! verification of steps the parties reported, and the codes (DAC sectors,
//! organisation identifiers) the IATI export uses.

use super::common::*;
use super::pledge_routes::PledgeProblems;
use corredor_followup::forum::{self, Coverage, OrgId, Requirement, Sector};
use corredor_followup::pledge::{Stage, Verified};

/// Every appeal's requirements: who needs what, for whom, where, in which
/// sector, how much (money or a unit in kind), over which period, and the
/// source.
#[utoipa::path(get, path = "/api/v1/requirements", responses((status = 200, body = [Requirement])))]
pub(super) async fn requirement_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<Requirement>>> {
    Ok(Json(state.run(service::requirements).await?))
}

/// Records appeals' requirements (the CSV of `corredor pledge
/// requirements import`: `id,appeal,requester,for_whom,recipient,sector,
/// amount,unit,start,end,source`), all or nothing (the secretariat). A
/// file with problems is refused with `422` and every problem's line and
/// column.
#[utoipa::path(post, path = "/api/v1/requirements",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = service::RequirementsImported), (status = 422, body = PledgeProblems)),
    security(("bearer" = [])))]
pub(super) async fn requirement_import(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let outcome = state
        .run(move |s| Ok(service::import_requirements(s, &actor, "request", &body)))
        .await?;
    match outcome {
        Ok(done) => Ok((StatusCode::CREATED, Json(done)).into_response()),
        Err(ImportError::Problems(p)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(PledgeProblems::of(p)),
        )
            .into_response()),
        Err(ImportError::Refused(e)) => Err(ApiError(e)),
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageParams {
    /// ISO 4217 currency of the appeals' totals (default USD)
    pub currency: Option<String>,
}

/// Each requirement's coverage: pledged, committed and disbursed against
/// what is required, and the part the secretariat verified. Money is
/// converted at each step's date; pledges in kind count only against a
/// requirement in their unit and are never summed with money.
#[utoipa::path(get, path = "/api/v1/requirements/coverage", params(CoverageParams),
    responses((status = 200, body = Coverage),
              (status = 409, description = "the sums are past what a decimal holds")))]
pub(super) async fn requirement_coverage(
    State(state): State<Arc<AppState>>,
    Query(q): Query<CoverageParams>,
) -> ApiResult<Json<Coverage>> {
    Ok(Json(
        state
            .run(move |s| {
                let currency = Currency::from_str(q.currency.as_deref().unwrap_or("USD"))
                    .map_err(Error::Invalid)?;
                service::coverage(s, &currency)
            })
            .await?,
    ))
}

/// The secretariat verifies a step a pledge's donor or recipient
/// reported.
#[utoipa::path(post, path = "/api/v1/pledges/{id}/steps/{stage}/verify",
    params(("id" = String, Path, description = "the pledge"),
           ("stage" = String, Path, description = "pledged, committed or disbursed")),
    responses((status = 200, body = Verified), (status = 404), (status = 409, description = "verified already")),
    security(("bearer" = [])))]
pub(super) async fn step_verify(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path((id, stage)): Path<(String, String)>,
) -> ApiResult<Json<Verified>> {
    Ok(Json(
        state
            .run(move |s| {
                let stage = Stage::from_str(&stage).map_err(Error::Invalid)?;
                service::verify_step(s, &actor, &id, stage)
            })
            .await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SectorCode {
    pub code: Sector,
    pub name: String,
    pub name_es: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForumCodes {
    /// DAC 5-digit purpose codes a requirement or a pledge may name.
    pub sectors: Vec<SectorCode>,
    /// Organisations with their IATI identifier; any other is given one
    /// under the publisher's own.
    pub organisations: Vec<OrgId>,
}

/// The DAC sectors and the organisation identifiers the forum knows.
#[utoipa::path(get, path = "/api/v1/requirements/codes", responses((status = 200, body = ForumCodes)))]
pub(super) async fn forum_codes() -> Json<ForumCodes> {
    use corredor_model::Lang;
    Json(ForumCodes {
        sectors: Sector::all()
            .into_iter()
            .map(|s| SectorCode {
                name: s.name(Lang::En).into(),
                name_es: s.name(Lang::Es).into(),
                code: s,
            })
            .collect(),
        organisations: forum::organisations().to_vec(),
    })
}

//! Working groups in the standard format: their report, charter and the
//! dated events of who takes part.

use super::common::*;
use corredor_followup::groups::{Charter, EventKind, GroupEvent};

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct ReportParams {
    /// The day the report is computed on, YYYY-MM-DD (default today)
    on: Option<String>,
}

/// A working group's report: charter, who takes part on the day (and the
/// dated changes), commitments with each country's status, meetings and
/// civil society's reports.
#[utoipa::path(get, path = "/api/v1/groups/{id}/report", params(("id" = String, Path), ReportParams),
    responses((status = 200, body = service::GroupReport), (status = 404, description = "no such working group")))]
pub(super) async fn group_report(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Query(q): Query<ReportParams>,
) -> ApiResult<Json<service::GroupReport>> {
    Ok(Json(
        state
            .run(move |s| {
                let on = date_param("on", q.on.as_deref())?;
                service::group_report(s, &actor, &id, on)
            })
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CharterBody {
    pub purpose: String,
    /// The expected outcomes, one per item
    pub outcomes: Vec<String>,
    pub source: String,
}

/// Sets a working group's charter (the secretariat), replacing the one before.
#[utoipa::path(post, path = "/api/v1/groups/{id}/charter", params(("id" = String, Path)),
    request_body = CharterBody, responses((status = 201, body = Charter)), security(("bearer" = [])))]
pub(super) async fn group_charter(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CharterBody>,
) -> ApiResult<Response> {
    let c = state
        .run(move |s| {
            let c = Charter {
                group: id,
                purpose: body.purpose,
                outcomes: body.outcomes,
                source: body.source,
            };
            service::set_charter(s, &actor, &c)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupEventBody {
    /// A country's alpha-3 or an organisation's code
    pub participant: String,
    /// join, leave, lead or co_lead
    pub kind: String,
    /// YYYY-MM-DD
    pub date: String,
    pub source: String,
}

/// Records that a participant joins, leaves, leads or co-leads a working
/// group (the secretariat), dated and in order.
#[utoipa::path(post, path = "/api/v1/groups/{id}/events", params(("id" = String, Path)),
    request_body = GroupEventBody, responses((status = 201, body = GroupEvent)), security(("bearer" = [])))]
pub(super) async fn group_event(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<GroupEventBody>,
) -> ApiResult<Response> {
    let e = state
        .run(move |s| {
            let e = GroupEvent {
                group: id,
                participant: body.participant,
                kind: EventKind::from_str(&body.kind).map_err(Error::Invalid)?,
                date: date_param("date", Some(&body.date))?,
                source: body.source,
            };
            service::add_group_event(s, &actor, &e)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(e)).into_response())
}

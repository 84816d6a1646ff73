//! A national measure's review: civil society flags it against a
//! commitment, the country replies, the secretariat rules; the steps are
//! public once ruled.

use super::common::*;
use corredor_followup::review::{Outcome, Step, StepKind};

/// The steps of every review the caller may read, in the order taken:
/// ruled reviews for everyone, open ones for those taking part (the
/// secretariat, the measure's country, the organisation that flagged it).
#[utoipa::path(get, path = "/api/v1/measures/steps",
    responses((status = 200, body = [Step])))]
pub(super) async fn review_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<Step>>> {
    Ok(Json(
        state.run(move |s| service::review_steps(s, &actor)).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepBody {
    /// flag (civil society), reply (the measure's country) or ruling
    /// (the secretariat)
    pub kind: String,
    pub text: String,
    /// A flag's commitment: one of the measure's country's
    pub commitment: Option<String>,
    /// A ruling's decision: contradicts or consistent
    pub outcome: Option<String>,
}

/// A step of a measure's review, dated and audited.
#[utoipa::path(post, path = "/api/v1/measures/{id}/steps", params(("id" = i64, Path)),
    request_body = StepBody,
    responses((status = 201, body = Step), (status = 409, description = "the review is closed, or there is nothing to reply to or rule on")),
    security(("bearer" = [])))]
pub(super) async fn review_step(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<StepBody>,
) -> ApiResult<Response> {
    let step = state
        .run(move |s| {
            let step = service::NewStep {
                kind: StepKind::from_str(&body.kind).map_err(Error::Invalid)?,
                text: body.text,
                commitment: body.commitment,
                outcome: body
                    .outcome
                    .as_deref()
                    .map(Outcome::from_str)
                    .transpose()
                    .map_err(Error::Invalid)?,
            };
            service::take_step(s, &actor, id, &step)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(step)).into_response())
}

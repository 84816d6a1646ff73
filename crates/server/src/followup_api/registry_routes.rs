//! The registry's routes: mechanisms, participants on a date, conflicts
//! between sources, overlap, themes, adherence and withdrawal.

use super::common::*;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OnParams {
    /// A mechanism's code (DLA, CRM…)
    pub mechanism: Option<String>,
    /// The date (YYYY-MM-DD; default today)
    pub on: Option<String>,
}

/// The registry: mechanisms, every membership with its dates and sources,
/// working groups, sources and their claims.
#[utoipa::path(get, path = "/api/v1/registry", responses((status = 200, body = registry::Registry)))]
pub(super) async fn registry_all(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<registry::Registry>> {
    Ok(Json(state.run(service::registry).await?))
}

/// The participants of each mechanism on a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantsOn {
    pub on: NaiveDate,
    pub mechanisms: Vec<MechanismParticipants>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MechanismParticipants {
    pub mechanism: String,
    pub participants: Vec<Participant>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Participant {
    pub participant: String,
    pub role: Standing,
}

/// Participants of each mechanism on a date, with their roles.
#[utoipa::path(get, path = "/api/v1/registry/participants", params(OnParams),
    responses((status = 200, body = ParticipantsOn), (status = 404, description = "no such mechanism")))]
pub(super) async fn registry_participants(
    State(state): State<Arc<AppState>>,
    Query(q): Query<OnParams>,
) -> ApiResult<Json<ParticipantsOn>> {
    Ok(Json(
        state
            .run(move |s| {
                let on = date_param("on", q.on.as_deref())?;
                let r = service::registry(s)?;
                let mechanisms = r
                    .mechanisms
                    .iter()
                    .filter(|m| {
                        q.mechanism
                            .as_ref()
                            .is_none_or(|c| m.code.eq_ignore_ascii_case(c))
                    })
                    .map(|m| MechanismParticipants {
                        mechanism: m.code.clone(),
                        participants: r
                            .participants_on(&m.code, on)
                            .into_iter()
                            .map(|(p, role)| Participant {
                                participant: p.to_string(),
                                role,
                            })
                            .collect(),
                    })
                    .collect::<Vec<_>>();
                if let (Some(code), true) = (&q.mechanism, mechanisms.is_empty()) {
                    return Err(Error::NotFound(format!(
                        "no mechanism {code}: see /api/v1/registry"
                    )));
                }
                Ok(ParticipantsOn { on, mechanisms })
            })
            .await?,
    ))
}

/// Subjects on which sources disagree, with each claim and its source.
#[utoipa::path(get, path = "/api/v1/registry/conflicts", responses((status = 200, body = [registry::Conflict])))]
pub(super) async fn registry_conflicts(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<registry::Conflict>>> {
    Ok(Json(
        state
            .run(|s| Ok(registry::conflicts(&service::registry(s)?.claims)))
            .await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverlapParams {
    /// Only the pairs with this mechanism
    pub with: Option<String>,
    /// The date (YYYY-MM-DD; default today)
    pub on: Option<String>,
}

/// Members shared by each pair of mechanisms on a date (observers not
/// counted): `{"on", "pairs": [{"a", "b", "shared", "countries"}]}`.
#[utoipa::path(get, path = "/api/v1/overlap", params(OverlapParams),
    responses((status = 200, body = overlap::Overlap)))]
pub(super) async fn overlap_pairs(
    State(state): State<Arc<AppState>>,
    Query(q): Query<OverlapParams>,
) -> ApiResult<Json<overlap::Overlap>> {
    Ok(Json(
        state
            .run(move |s| {
                let on = date_param("on", q.on.as_deref())?;
                let r = service::registry(s)?;
                if let Some(w) = &q.with {
                    if r.mechanism(w).is_none() {
                        return Err(Error::NotFound(format!("no mechanism {w}")));
                    }
                }
                Ok(overlap::overlap(&r, on, q.with.as_deref()))
            })
            .await?,
    ))
}

/// Themes several mechanisms work on, themes of one, themes of none.
#[utoipa::path(get, path = "/api/v1/themes", responses((status = 200, body = themes::ThemeReport)))]
pub(super) async fn theme_report(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<themes::ThemeReport>> {
    Ok(Json(
        state
            .run(|s| Ok(themes::report(&service::registry(s)?)))
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StandingBody {
    pub mechanism: String,
    /// A country (alpha-3) or an organisation's code
    pub participant: String,
    /// member, permanent_participant or observer; on a withdrawal, the
    /// new role if the participant stays in another one
    pub role: Option<String>,
    /// The first day in (adherence) or out (withdrawal), YYYY-MM-DD
    pub date: String,
    pub source: String,
}

/// Adherence to a mechanism (the secretariat).
#[utoipa::path(post, path = "/api/v1/registry/adherences", request_body = StandingBody,
    responses((status = 201, body = registry::Membership)), security(("bearer" = [])))]
pub(super) async fn adherence_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(body): JsonBody<StandingBody>,
) -> ApiResult<Response> {
    let m = state
        .run(move |s| {
            let role = Standing::from_str(body.role.as_deref().unwrap_or("member"))
                .map_err(Error::Invalid)?;
            let since = date_param("date", Some(&body.date))?;
            service::adhere(
                s,
                &actor,
                &body.mechanism,
                &body.participant,
                role,
                since,
                &body.source,
            )
        })
        .await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// Withdrawal from a mechanism, or a change of role (the secretariat).
#[utoipa::path(post, path = "/api/v1/registry/withdrawals", request_body = StandingBody,
    responses((status = 201, body = registry::Membership)), security(("bearer" = [])))]
pub(super) async fn withdrawal_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(body): JsonBody<StandingBody>,
) -> ApiResult<Response> {
    let m = state
        .run(move |s| {
            let role = body
                .role
                .as_deref()
                .map(Standing::from_str)
                .transpose()
                .map_err(Error::Invalid)?;
            let on = date_param("date", Some(&body.date))?;
            service::withdraw_or_change(
                s,
                &actor,
                &body.mechanism,
                &body.participant,
                on,
                role,
                &body.source,
            )
        })
        .await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

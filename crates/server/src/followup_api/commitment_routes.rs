//! Commitments, their indicators and figures, civil society's monitoring
//! reports, national measures and the consistency report.

use super::common::*;

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct OnParams {
    /// The day statuses are computed on, YYYY-MM-DD (default today):
    /// figures dated after it do not count
    on: Option<String>,
}

/// Commitments with their indicators, computed status per country and
/// regionally, and monitoring reports; drafts only for the secretariat.
#[utoipa::path(get, path = "/api/v1/commitments", params(OnParams),
    responses((status = 200, body = [service::CommitmentView])))]
pub(super) async fn commitment_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<OnParams>,
) -> ApiResult<Json<Vec<service::CommitmentView>>> {
    Ok(Json(
        state
            .run(move |s| {
                let on = date_param("on", q.on.as_deref())?;
                service::commitment_views(s, &actor, on)
            })
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementBody {
    /// YYYY-MM-DD
    pub date: String,
    pub value: f64,
    pub source: String,
    /// The country measured (ISO 3166-1 alpha-3), one of the commitment's;
    /// an analyst's own by default, or the commitment's only country
    pub country: Option<String>,
}

/// A government's figure for an indicator (the secretariat, or an analyst
/// of a country of the commitment).
#[utoipa::path(post, path = "/api/v1/indicators/{id}/measurements", params(("id" = i64, Path)),
    request_body = MeasurementBody, responses((status = 201, body = Measured)), security(("bearer" = [])))]
pub(super) async fn measurement_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
    JsonBody(body): JsonBody<MeasurementBody>,
) -> ApiResult<Response> {
    let measurement = state
        .run(move |s| {
            let m = Measurement {
                date: date_param("date", Some(&body.date))?,
                value: body.value,
                source: body.source,
                country: body.country,
                reporter: String::new(),
            };
            service::measure(s, &actor, id, &m)
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(Measured {
            indicator: id,
            measurement,
        }),
    )
        .into_response())
}

/// The indicator a figure was added to, and the figure as recorded (with
/// its country and reporter).
#[derive(Debug, Serialize, ToSchema)]
pub struct Measured {
    pub indicator: i64,
    pub measurement: Measurement,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MonitoringBody {
    /// on_track, at_risk, off_track or not_assessable
    pub assessment: String,
    pub text: String,
    #[serde(default)]
    pub evidence: Vec<String>,
    /// YYYY-MM-DD (default today)
    pub date: Option<String>,
}

/// A permanent participant files a monitoring report on a commitment.
#[utoipa::path(post, path = "/api/v1/commitments/{id}/monitoring", params(("id" = String, Path)),
    request_body = MonitoringBody, responses((status = 201, body = MonitoringReport)), security(("bearer" = [])))]
pub(super) async fn monitoring_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<MonitoringBody>,
) -> ApiResult<Response> {
    let r = state
        .run(move |s| {
            let r = MonitoringReport {
                id: 0,
                commitment: id,
                org: String::new(),
                date: date_param("date", body.date.as_deref())?,
                assessment: body.assessment.parse().map_err(Error::Invalid)?,
                text: body.text,
                evidence: body.evidence,
            };
            service::file_report(s, &actor, &r)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitmentBody {
    pub id: String,
    pub title: String,
    /// The working group's id
    pub group: String,
    /// ISO 3166-1 alpha-3 of the countries that made it
    pub countries: Vec<String>,
    /// draft (the default: not public until adopted) or adopted
    pub state: Option<String>,
    pub source: String,
}

/// A commitment (the secretariat).
#[utoipa::path(post, path = "/api/v1/commitments", request_body = CommitmentBody,
    responses((status = 201, body = Commitment)), security(("bearer" = [])))]
pub(super) async fn commitment_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(body): JsonBody<CommitmentBody>,
) -> ApiResult<Response> {
    let c = state
        .run(move |s| {
            let c = Commitment {
                id: body.id,
                title: body.title,
                group: body.group,
                countries: body.countries,
                state: commitment::State::from_str(body.state.as_deref().unwrap_or("draft"))
                    .map_err(Error::Invalid)?,
                source: body.source,
            };
            service::add_commitment(s, &actor, &c)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(c)).into_response())
}

/// A draft commitment is adopted and becomes public (the secretariat).
#[utoipa::path(post, path = "/api/v1/commitments/{id}/adopt", params(("id" = String, Path)),
    responses((status = 204)), security(("bearer" = [])))]
pub(super) async fn commitment_adopt(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.run(move |s| service::adopt(s, &actor, &id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorBody {
    /// labour, school, health or finance: an integration indicator's name and unit
    pub template: Option<String>,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub baseline: f64,
    /// YYYY-MM-DD
    pub baseline_date: String,
    pub target: f64,
    /// YYYY-MM-DD
    pub deadline: String,
    /// monthly, quarterly or annual (default): how often figures are due
    pub reporting: Option<String>,
}

/// An indicator of a commitment (the secretariat).
#[utoipa::path(post, path = "/api/v1/commitments/{id}/indicators", params(("id" = String, Path)),
    request_body = IndicatorBody, responses((status = 201, body = Indicator)), security(("bearer" = [])))]
pub(super) async fn indicator_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<IndicatorBody>,
) -> ApiResult<Response> {
    let i = state
        .run(move |s| {
            let t = body
                .template
                .as_deref()
                .map(|t| {
                    indicator::template(t)
                        .ok_or_else(|| Error::Invalid(format!("no indicator template {t}")))
                })
                .transpose()?;
            let name = body.name.or(t.map(|t| t.en.to_string()));
            let unit = body.unit.or(t.map(|t| t.unit.to_string()));
            let (Some(name), Some(unit)) = (name, unit) else {
                return Err(Error::Invalid("give name and unit, or a template".into()));
            };
            let i = Indicator {
                id: 0,
                commitment: id,
                name,
                unit,
                baseline: body.baseline,
                baseline_date: date_param("baseline_date", Some(&body.baseline_date))?,
                target: body.target,
                deadline: date_param("deadline", Some(&body.deadline))?,
                reporting: body
                    .reporting
                    .as_deref()
                    .map(indicator::Reporting::from_str)
                    .transpose()
                    .map_err(Error::Invalid)?
                    .unwrap_or_default(),
            };
            service::add_indicator(s, &actor, &i, body.template.as_deref())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(i)).into_response())
}

/// Countries' national measures.
#[utoipa::path(get, path = "/api/v1/measures", responses((status = 200, body = [NationalMeasure])))]
pub(super) async fn measure_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<NationalMeasure>>> {
    Ok(Json(state.run(service::measures).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasureBody {
    /// ISO 3166-1 alpha-3
    pub country: String,
    /// YYYY-MM-DD
    pub date: String,
    pub title: String,
    /// A theme of `/api/v1/themes`
    pub theme: String,
    /// expands or restricts
    pub effect: String,
    pub source: String,
}

/// A country's national measure (the secretariat).
#[utoipa::path(post, path = "/api/v1/measures", request_body = MeasureBody,
    responses((status = 201, body = NationalMeasure)), security(("bearer" = [])))]
pub(super) async fn measure_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(body): JsonBody<MeasureBody>,
) -> ApiResult<Response> {
    let m = state
        .run(move |s| {
            let m = NationalMeasure {
                id: 0,
                country: body.country,
                date: date_param("date", Some(&body.date))?,
                title: body.title,
                theme: body.theme,
                effect: Effect::from_str(&body.effect).map_err(Error::Invalid)?,
                source: body.source,
            };
            service::add_measure(s, &actor, &m)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// National measures that run against a country's regional commitments.
#[utoipa::path(get, path = "/api/v1/consistency", responses((status = 200, body = [consistency::Inconsistency])))]
pub(super) async fn consistency_report(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<consistency::Inconsistency>>> {
    Ok(Json(
        state.run(move |s| service::consistency(s, &actor)).await?,
    ))
}

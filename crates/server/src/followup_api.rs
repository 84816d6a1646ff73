//! The follow-up's HTTP API under `/api/v1/`: the registry, overlap,
//! themes, presidencies, the calendar (also as iCalendar), commitments
//! with their status, consistency, and pledges (also as IATI XML) are
//! public reads, as the scorecard is; draft commitments are shown only to
//! the secretariat. Writes need a token and are audited by the services,
//! as the command line's are.

use std::str::FromStr;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use corredor_followup::commitment::{self, Commitment, MonitoringReport};
use corredor_followup::consistency::{Effect, NationalMeasure};
use corredor_followup::indicator::{self, Indicator, Measurement};
use corredor_followup::pledge::{self, Currency};
use corredor_followup::registry::{self, Role as Standing};
use corredor_followup::{calendar, consistency, iati, overlap, presidency, themes};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::http::{ApiError, AppState, Caller};
use corredor_app::followup::{self as service, ImportError};
use corredor_app::Error;

type ApiResult<T> = Result<T, ApiError>;

fn date_param(name: &str, v: Option<&str>) -> corredor_app::Result<NaiveDate> {
    match v.filter(|s| !s.is_empty()) {
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map_err(|_| Error::Invalid(format!("{name}={s}: use YYYY-MM-DD"))),
        None => Ok(chrono::Utc::now().date_naive()),
    }
}

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
async fn registry_all(State(state): State<Arc<AppState>>) -> ApiResult<Json<registry::Registry>> {
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
    responses((status = 200, body = ParticipantsOn)))]
async fn registry_participants(
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
                    .collect();
                Ok(ParticipantsOn { on, mechanisms })
            })
            .await?,
    ))
}

/// Subjects on which sources disagree, with each claim and its source.
#[utoipa::path(get, path = "/api/v1/registry/conflicts", responses((status = 200, body = [registry::Conflict])))]
async fn registry_conflicts(
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
async fn overlap_pairs(
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
async fn theme_report(State(state): State<Arc<AppState>>) -> ApiResult<Json<themes::ThemeReport>> {
    Ok(Json(
        state
            .run(|s| Ok(themes::report(&service::registry(s)?)))
            .await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PresidencyParams {
    pub mechanism: String,
    pub year: i32,
}

/// Who presides a mechanism in a year, and on what basis.
#[utoipa::path(get, path = "/api/v1/presidency", params(PresidencyParams),
    responses((status = 200, body = presidency::Presidency),
              (status = 404, description = "no such mechanism, or no presidency rule or record for that year")))]
async fn presidency_of(
    State(state): State<Arc<AppState>>,
    Query(q): Query<PresidencyParams>,
) -> ApiResult<Json<presidency::Presidency>> {
    Ok(Json(
        state
            .run(move |s| {
                let r = service::registry(s)?;
                let m = r
                    .mechanism(&q.mechanism)
                    .ok_or_else(|| Error::NotFound(format!("no mechanism {}", q.mechanism)))?;
                let jan1 = NaiveDate::from_ymd_opt(q.year, 1, 1)
                    .ok_or_else(|| Error::Invalid(format!("year {}", q.year)))?;
                let p = presidency::presidency(
                    m,
                    &service::presidencies(s)?,
                    &r.members_on(&m.code, jan1),
                    q.year,
                )
                .map_err(|e| Error::NotFound(e.to_string()))?;
                Ok(p)
            })
            .await?,
    ))
}

/// The meeting calendar.
#[utoipa::path(get, path = "/api/v1/meetings", responses((status = 200, body = [calendar::Meeting])))]
async fn meeting_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<calendar::Meeting>>> {
    Ok(Json(state.run(service::meetings).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MeetingBody {
    pub mechanism: String,
    /// YYYY-MM-DD
    pub start: String,
    /// The last day, YYYY-MM-DD (default: the start)
    pub end: Option<String>,
    pub place: String,
    #[serde(default)]
    pub title: String,
}

/// Puts a meeting on the calendar (the secretariat).
#[utoipa::path(post, path = "/api/v1/meetings", request_body = MeetingBody,
    responses((status = 201, body = calendar::Meeting)), security(("bearer" = [])))]
async fn meeting_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Json(body): Json<MeetingBody>,
) -> ApiResult<Response> {
    let m = state
        .run(move |s| {
            let start = date_param("start", Some(&body.start))?;
            let end = match &body.end {
                Some(e) => date_param("end", Some(e))?,
                None => start,
            };
            service::add_meeting(
                s,
                &actor,
                &service::NewMeeting {
                    mechanism: &body.mechanism,
                    title: &body.title,
                    start,
                    end,
                    place: &body.place,
                },
            )
        })
        .await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ClashParams {
    /// Free days between two meetings at or below which they clash (default 2)
    pub window: Option<i64>,
}

/// Meetings of different mechanisms close in time that share members.
#[utoipa::path(get, path = "/api/v1/calendar/clashes", params(ClashParams),
    responses((status = 200, body = Clashes)))]
async fn calendar_clashes(
    State(state): State<Arc<AppState>>,
    Query(q): Query<ClashParams>,
) -> ApiResult<Json<Clashes>> {
    let window = q.window.unwrap_or(calendar::DEFAULT_WINDOW_DAYS).max(0);
    Ok(Json(
        state
            .run(move |s| {
                let r = service::registry(s)?;
                let clashes = calendar::clashes(&r, &service::meetings(s)?, window);
                Ok(Clashes {
                    window_days: window,
                    clashes,
                })
            })
            .await?,
    ))
}

/// Meetings that clash, with the window used.
#[derive(Debug, Serialize, ToSchema)]
pub struct Clashes {
    pub window_days: i64,
    pub clashes: Vec<calendar::Clash>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarParams {
    pub mechanism: Option<String>,
    /// A country's alpha-3: the meetings it takes part in
    pub country: Option<String>,
}

/// The calendar as iCalendar (RFC 5545).
#[utoipa::path(get, path = "/api/v1/calendar.ics", params(CalendarParams),
    responses((status = 200, content_type = "text/calendar")))]
async fn calendar_ics(
    State(state): State<Arc<AppState>>,
    Query(q): Query<CalendarParams>,
) -> ApiResult<Response> {
    let text = state
        .run(move |s| {
            let r = service::registry(s)?;
            let all = service::meetings(s)?;
            let mut chosen: Vec<&calendar::Meeting> = all.iter().collect();
            let mut name = "Corredor".to_string();
            if let Some(m) = &q.mechanism {
                let code = &r
                    .mechanism(m)
                    .ok_or_else(|| Error::NotFound(format!("no mechanism {m}")))?
                    .code;
                chosen.retain(|x| &x.mechanism == code);
                name = format!("{name} {code}");
            }
            if let Some(c) = &q.country {
                let code = corredor_model::country::codes(std::slice::from_ref(c), "country")
                    .map_err(Error::Invalid)?
                    .remove(0);
                let theirs: Vec<i64> = calendar::for_country(&r, &all, &code)
                    .iter()
                    .map(|m| m.id)
                    .collect();
                chosen.retain(|x| theirs.contains(&x.id));
                name = format!("{name} {code}");
            }
            Ok(calendar::ics(&name, "corredor.invalid", &chosen))
        })
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        text,
    )
        .into_response())
}

/// Commitments with their indicators, computed status and monitoring
/// reports; drafts only for the secretariat.
#[utoipa::path(get, path = "/api/v1/commitments", responses((status = 200, body = [service::CommitmentView])))]
async fn commitment_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<service::CommitmentView>>> {
    Ok(Json(
        state
            .run(move |s| service::commitment_views(s, &actor))
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MeasurementBody {
    /// YYYY-MM-DD
    pub date: String,
    pub value: f64,
    pub source: String,
}

/// A government's figure for an indicator (the secretariat, or an analyst
/// of a country of the commitment).
#[utoipa::path(post, path = "/api/v1/indicators/{id}/measurements", params(("id" = i64, Path)),
    request_body = MeasurementBody, responses((status = 201, body = Measured)), security(("bearer" = [])))]
async fn measurement_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<i64>,
    Json(body): Json<MeasurementBody>,
) -> ApiResult<Response> {
    state
        .run(move |s| {
            let m = Measurement {
                date: date_param("date", Some(&body.date))?,
                value: body.value,
                source: body.source,
            };
            service::measure(s, &actor, id, &m)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(Measured { indicator: id })).into_response())
}

/// The indicator a figure was added to.
#[derive(Debug, Serialize, ToSchema)]
pub struct Measured {
    pub indicator: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
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
async fn monitoring_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Json(body): Json<MonitoringBody>,
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
async fn adherence_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Json(body): Json<StandingBody>,
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
async fn withdrawal_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Json(body): Json<StandingBody>,
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

#[derive(Debug, Deserialize, ToSchema)]
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
async fn commitment_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Json(body): Json<CommitmentBody>,
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
async fn commitment_adopt(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    state.run(move |s| service::adopt(s, &actor, &id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
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
}

/// An indicator of a commitment (the secretariat).
#[utoipa::path(post, path = "/api/v1/commitments/{id}/indicators", params(("id" = String, Path)),
    request_body = IndicatorBody, responses((status = 201, body = Indicator)), security(("bearer" = [])))]
async fn indicator_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
    Json(body): Json<IndicatorBody>,
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
            };
            service::add_indicator(s, &actor, &i, body.template.as_deref())
        })
        .await?;
    Ok((StatusCode::CREATED, Json(i)).into_response())
}

/// Countries' national measures.
#[utoipa::path(get, path = "/api/v1/measures", responses((status = 200, body = [NationalMeasure])))]
async fn measure_list(State(state): State<Arc<AppState>>) -> ApiResult<Json<Vec<NationalMeasure>>> {
    Ok(Json(state.run(service::measures).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
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
async fn measure_add(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Json(body): Json<MeasureBody>,
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

#[derive(Debug, Deserialize, ToSchema)]
pub struct PresidencyBody {
    pub mechanism: String,
    pub year: i32,
    /// ISO 3166-1 alpha-3
    pub president: String,
    pub vice: Option<String>,
    pub source: String,
}

/// Records a presidency, from which rotations are reckoned (the secretariat).
#[utoipa::path(post, path = "/api/v1/presidencies", request_body = PresidencyBody,
    responses((status = 201, body = presidency::Recorded)), security(("bearer" = [])))]
async fn presidency_set(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Json(body): Json<PresidencyBody>,
) -> ApiResult<Response> {
    let p = state
        .run(move |s| {
            let p = presidency::Recorded {
                mechanism: body.mechanism,
                year: body.year,
                president: body.president,
                vice: body.vice,
                source: body.source,
            };
            service::set_presidency(s, &actor, &p)
        })
        .await?;
    Ok((StatusCode::CREATED, Json(p)).into_response())
}

/// National measures that run against a country's regional commitments.
#[utoipa::path(get, path = "/api/v1/consistency", responses((status = 200, body = [consistency::Inconsistency])))]
async fn consistency_report(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
) -> ApiResult<Json<Vec<consistency::Inconsistency>>> {
    Ok(Json(
        state
            .run(move |s| {
                let r = service::registry(s)?;
                let c = service::commitments(s, &actor)?;
                Ok(consistency::report(&r, &c, &service::measures(s)?))
            })
            .await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// ISO 4217 (default USD)
    pub currency: Option<String>,
}

/// Pledged, committed and disbursed in one currency, each step at its
/// date's rate; amounts are decimal strings.
#[utoipa::path(get, path = "/api/v1/pledges/report", params(ReportParams),
    responses((status = 200, body = pledge::PledgeReport),
              (status = 409, description = "a step has no exchange rate on or before its date")))]
async fn pledge_report(
    State(state): State<Arc<AppState>>,
    Query(q): Query<ReportParams>,
) -> ApiResult<Json<pledge::PledgeReport>> {
    Ok(Json(
        state
            .run(move |s| {
                let currency = Currency::from_str(q.currency.as_deref().unwrap_or("USD"))
                    .map_err(Error::Invalid)?;
                pledge::report(&service::pledges(s)?, &service::rates(s)?, &currency)
                    .map_err(|e| Error::Conflict(e.to_string()))
            })
            .await?,
    ))
}

/// Every pledge as IATI 2.03 activities.
#[utoipa::path(get, path = "/api/v1/pledges.iati", responses((status = 200, content_type = "application/xml")))]
async fn pledge_iati(State(state): State<Arc<AppState>>) -> ApiResult<Response> {
    let xml = state
        .run(|s| {
            Ok(iati::activities(
                &iati::Publisher {
                    reference: "XM-CORREDOR".into(),
                    name: "Technical secretariat of the Los Angeles Declaration".into(),
                    kind: "40".into(),
                },
                &service::pledges(s)?,
                chrono::Utc::now(),
            ))
        })
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

/// Imports pledge reports (the CSV of `corredor pledge import`), all or
/// nothing; problems come back with their line and column.
#[utoipa::path(post, path = "/api/v1/pledges", request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = pledge::Merged), (status = 400, body = PledgeProblems)), security(("bearer" = [])))]
async fn pledge_import(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let outcome = state
        .run(move |s| {
            let files = vec![("request".to_string(), body.to_vec())];
            Ok(service::import_pledges(s, &actor, &files))
        })
        .await?;
    match outcome {
        Ok(mut merged) => {
            let first = merged.swap_remove(0);
            Ok((StatusCode::CREATED, Json(first)).into_response())
        }
        Err(ImportError::Problems(p)) => Ok((
            StatusCode::BAD_REQUEST,
            Json(PledgeProblems {
                error: format!("{} problems: nothing imported", p.len()),
                problems: p
                    .into_iter()
                    .map(|p| PledgeProblem {
                        line: p.line,
                        column: p.column,
                        message: p.message,
                    })
                    .collect(),
            }),
        )
            .into_response()),
        Err(ImportError::Refused(e)) => Err(ApiError(e)),
    }
}

/// Why a pledge file was refused: every problem with its line and column.
#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeProblems {
    pub error: String,
    pub problems: Vec<PledgeProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeProblem {
    pub line: u64,
    /// Counted in fields.
    pub column: Option<usize>,
    pub message: String,
}

#[derive(OpenApi)]
#[openapi(
    paths(
        registry_all,
        registry_participants,
        registry_conflicts,
        overlap_pairs,
        theme_report,
        presidency_of,
        meeting_list,
        meeting_add,
        calendar_clashes,
        calendar_ics,
        commitment_list,
        measurement_add,
        monitoring_add,
        adherence_add,
        withdrawal_add,
        commitment_add,
        commitment_adopt,
        indicator_add,
        measure_list,
        measure_add,
        presidency_set,
        consistency_report,
        pledge_report,
        pledge_iati,
        pledge_import
    ),
    components(schemas(
        MeetingBody,
        MeasurementBody,
        MonitoringBody,
        StandingBody,
        CommitmentBody,
        IndicatorBody,
        MeasureBody,
        PresidencyBody
    ))
)]
pub struct FollowupDoc;

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v1/registry", get(registry_all))
        .route("/api/v1/registry/participants", get(registry_participants))
        .route("/api/v1/registry/conflicts", get(registry_conflicts))
        .route("/api/v1/registry/adherences", post(adherence_add))
        .route("/api/v1/registry/withdrawals", post(withdrawal_add))
        .route("/api/v1/overlap", get(overlap_pairs))
        .route("/api/v1/themes", get(theme_report))
        .route("/api/v1/presidency", get(presidency_of))
        .route("/api/v1/presidencies", post(presidency_set))
        .route("/api/v1/meetings", get(meeting_list).post(meeting_add))
        .route("/api/v1/calendar/clashes", get(calendar_clashes))
        .route("/api/v1/calendar.ics", get(calendar_ics))
        .route(
            "/api/v1/commitments",
            get(commitment_list).post(commitment_add),
        )
        .route("/api/v1/commitments/{id}/adopt", post(commitment_adopt))
        .route("/api/v1/commitments/{id}/indicators", post(indicator_add))
        .route("/api/v1/measures", get(measure_list).post(measure_add))
        .route("/api/v1/commitments/{id}/monitoring", post(monitoring_add))
        .route(
            "/api/v1/indicators/{id}/measurements",
            post(measurement_add),
        )
        .route("/api/v1/consistency", get(consistency_report))
        .route("/api/v1/pledges", post(pledge_import))
        .route("/api/v1/pledges/report", get(pledge_report))
        .route("/api/v1/pledges.iati", get(pledge_iati))
}

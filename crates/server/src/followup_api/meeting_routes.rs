//! Presidencies and the meeting calendar: who presides, meetings, clashes
//! between mechanisms that share members, iCalendar.

use super::common::*;

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
pub(super) async fn presidency_of(
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
pub(super) async fn meeting_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<calendar::Meeting>>> {
    Ok(Json(state.run(service::meetings).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
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
pub(super) async fn meeting_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(body): JsonBody<MeetingBody>,
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
pub(super) async fn calendar_clashes(
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
pub(super) async fn calendar_ics(
    State(state): State<Arc<AppState>>,
    Query(q): Query<CalendarParams>,
) -> ApiResult<Response> {
    // UIDs are unique to this deployment (RFC 5545, 3.8.4.7): their
    // domain is the host of its public address (`--base-url`).
    let domain = state
        .base()
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|h| !h.is_empty() && !h.starts_with('['))
        .unwrap_or("corredor.invalid")
        .to_ascii_lowercase();
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
            Ok(calendar::ics(&name, &domain, &chosen))
        })
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "text/calendar; charset=utf-8")],
        text,
    )
        .into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
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
pub(super) async fn presidency_set(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    JsonBody(body): JsonBody<PresidencyBody>,
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

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingChangeBody {
    pub title: Option<String>,
    /// YYYY-MM-DD
    pub start: Option<String>,
    /// YYYY-MM-DD, the last day
    pub end: Option<String>,
    pub place: Option<String>,
    /// Why it changes: kept with the change
    pub reason: String,
}

/// Changes a meeting (the secretariat): what is given replaces what was;
/// the change is dated and kept, and calendars replace their copy.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/change", params(("id" = i64, Path)),
    request_body = MeetingChangeBody, responses((status = 200, body = calendar::Meeting)), security(("bearer" = [])))]
pub(super) async fn meeting_change(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
    JsonBody(b): JsonBody<MeetingChangeBody>,
) -> ApiResult<Json<calendar::Meeting>> {
    Ok(Json(
        state
            .run(move |s| {
                let day = |name: &str, v: &Option<String>| {
                    v.as_deref().map(|d| date_param(name, Some(d))).transpose()
                };
                let change = calendar::MeetingChange {
                    title: b.title,
                    start: day("start", &b.start)?,
                    end: day("end", &b.end)?,
                    place: b.place,
                    cancel: false,
                };
                service::change_meeting(s, &actor, id, &change, &b.reason)
            })
            .await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingCancelBody {
    /// Why it is cancelled: kept with the change
    pub reason: String,
}

/// Cancels a meeting (the secretariat): it stays on the calendar, marked
/// cancelled, and clashes with no other.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/cancel", params(("id" = i64, Path)),
    request_body = MeetingCancelBody, responses((status = 200, body = calendar::Meeting)), security(("bearer" = [])))]
pub(super) async fn meeting_cancel(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
    JsonBody(b): JsonBody<MeetingCancelBody>,
) -> ApiResult<Json<calendar::Meeting>> {
    Ok(Json(
        state
            .run(move |s| {
                let change = calendar::MeetingChange {
                    cancel: true,
                    ..Default::default()
                };
                service::change_meeting(s, &actor, id, &change, &b.reason)
            })
            .await?,
    ))
}

/// A meeting's changes, in the order made, each dated with its reason.
#[utoipa::path(get, path = "/api/v1/meetings/{id}/changes", params(("id" = i64, Path)),
    responses((status = 200, body = [service::MeetingChanged]), (status = 404, description = "No such meeting")))]
pub(super) async fn meeting_changes(
    State(state): State<Arc<AppState>>,
    Path(id): Path<i64>,
) -> ApiResult<Json<Vec<service::MeetingChanged>>> {
    Ok(Json(
        state.run(move |s| service::meeting_changes(s, id)).await?,
    ))
}

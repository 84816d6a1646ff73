//! Alerts, their life cycle and Atom/CAP forms, the scan, tasks and response
//! protocols: the early warning's routes.

use super::common::*;
use corredor_model::TaskStatus;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AlertParams {
    /// open, acknowledged, escalated, closed (comma-separated)
    pub status: Option<String>,
    /// watch, warning, emergency (comma-separated)
    pub level: Option<String>,
    /// Alerts raised by or affecting this country
    pub country: Option<String>,
    /// surge, emergence or data_quality
    pub kind: Option<String>,
    /// Changed at or after this instant (RFC 3339)
    pub since: Option<String>,
    /// At most this many, 1 to 5000 (default 500; the Atom feed: 100)
    pub limit: Option<i64>,
    /// priority (the most important first, the default) or recent (the
    /// most recently changed first)
    pub order: Option<String>,
    /// The Atom feed's language: en (the default), es, pt or fr (the JSON
    /// list gives every language)
    pub lang: Option<String>,
}

/// The most alerts one answer lists.
const ALERTS_MAX: i64 = 5000;

impl AlertParams {
    /// The feed's language, English unless told; refused when it is not one
    /// of the four, on the JSON list too (which gives every language).
    fn lang(&self) -> corredor_app::Result<corredor_model::Lang> {
        match self.lang.as_deref() {
            None => Ok(corredor_model::Lang::En),
            Some(code) => corredor_model::Lang::from_code(code)
                .ok_or_else(|| Error::Invalid(format!("lang '{code}': use en, es, pt or fr"))),
        }
    }
}

/// A comma-separated list of one vocabulary's words, each checked, in the
/// store's spelling.
fn words<T>(v: &Option<String>) -> corredor_app::Result<Vec<String>>
where
    T: std::str::FromStr<Err = corredor_model::alert::UnknownWord> + std::fmt::Display,
{
    list_param(v)
        .iter()
        .map(|w| {
            w.parse::<T>()
                .map(|t| t.to_string())
                .map_err(|e| Error::Invalid(e.to_string()))
        })
        .collect()
}

impl AlertParams {
    fn query(&self) -> corredor_app::Result<alerts::Query> {
        if let Some(n) = self.limit.filter(|n| !(1..=ALERTS_MAX).contains(n)) {
            return Err(Error::Invalid(format!(
                "limit {n}: must be between 1 and {ALERTS_MAX}"
            )));
        }
        self.lang()?;
        Ok(alerts::Query {
            status: words::<AlertStatus>(&self.status)?,
            level: words::<corredor_model::Level>(&self.level)?,
            country: countries(&self.country, "country")?.into_iter().next(),
            nationality: None,
            kind: words::<corredor_model::AlertKind>(&self.kind)?
                .into_iter()
                .next(),
            since: self
                .since
                .as_deref()
                .map(corredor_app::clock::since)
                .transpose()
                .map_err(Error::Invalid)?,
            limit: self.limit,
            order: match self.order.as_deref() {
                None | Some("priority") => corredor_store::alerts::Order::Priority,
                Some("recent") => corredor_store::alerts::Order::Recent,
                Some(other) => {
                    return Err(Error::Invalid(format!(
                        "order '{other}': use priority or recent"
                    )))
                }
            },
        })
    }
}

/// The alerts the caller may see, the most important first (`order=recent`:
/// the most recently changed first).
#[utoipa::path(get, path = "/api/v1/alerts", params(AlertParams),
    responses((status = 200, body = [StoredAlert]), (status = 400)))]
pub(super) async fn alert_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<AlertParams>,
) -> ApiResult<Json<Vec<StoredAlert>>> {
    let query = q.query()?;
    let access = actor.access();
    Ok(Json(
        state.run(move |s| alerts::list(s, &access, &query)).await?,
    ))
}

/// One alert with its history and the tasks of its protocols (`{id}`),
/// or its CAP 1.2 message (`{id}.cap`, see `alert_cap`).
#[utoipa::path(get, path = "/api/v1/alerts/{id}",
    params(("id" = String, Path, description = "the alert's id; add .cap for its CAP 1.2 message")),
    responses((status = 200, body = AlertDetail), (status = 404, description = "no such alert, or not visible")))]
pub(super) async fn alert_show(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    if let Some(id) = id.strip_suffix(".cap") {
        return alert_cap(state, actor, id.to_string()).await;
    }
    let (alert, events, tasks) = state
        .run(move |s| protocol::alert_with_history(s, &actor, &id))
        .await?;
    Ok(Json(AlertDetail {
        alert,
        events,
        tasks,
    })
    .into_response())
}

/// An alert as its page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlertDetail {
    #[serde(flatten)]
    pub alert: StoredAlert,
    /// Its history, oldest first.
    pub events: Vec<alerts::Event>,
    /// The tasks its protocols made.
    pub tasks: Vec<protocol::Task>,
}

/// An alert's CAP 1.2 message (the `.cap` suffix of `/api/v1/alerts/{id}`).
#[utoipa::path(get, path = "/api/v1/alerts/{id}.cap", params(("id" = String, Path)),
    responses((status = 200, description = "the alert as OASIS CAP 1.2", content_type = "application/cap+xml"),
              (status = 404, description = "no such alert, or not visible")))]
pub(super) async fn alert_cap(
    state: Arc<AppState>,
    actor: Actor,
    id: String,
) -> ApiResult<Response> {
    let access = actor.access();
    let alert = state.run(move |s| alerts::get(s, &access, &id)).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/cap+xml; charset=utf-8")],
        cap::message(&alert, &state.base),
    )
        .into_response())
}

/// The alerts the caller may see as an Atom feed.
#[utoipa::path(get, path = "/api/v1/alerts.atom", params(AlertParams),
    responses((status = 200, description = "Atom feed", content_type = "application/atom+xml"), (status = 400)))]
pub(super) async fn alert_feed(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<AlertParams>,
) -> ApiResult<Response> {
    let mut query = q.query()?;
    let lang = q.lang()?;
    query.limit = Some(query.limit.unwrap_or(100));
    // The feed's own address names its filter (in a fixed order).
    let given = [
        ("status", &q.status),
        ("level", &q.level),
        ("country", &q.country),
        ("kind", &q.kind),
        ("since", &q.since),
        ("order", &q.order),
    ];
    let mut pairs: Vec<(&str, String)> = given
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| (*k, v.clone())))
        .collect();
    if let Some(n) = q.limit {
        pairs.push(("limit", n.to_string()));
    }
    let filter = serde_urlencoded::to_string(&pairs)
        .map_err(|e| Error::Internal(format!("writing the feed's address: {e}")))?;
    let access = actor.access();
    let list = state.run(move |s| alerts::list(s, &access, &query)).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        atom::feed(&list, &state.base, lang, &filter),
    )
        .into_response())
}

/// A field it does not know is refused, not dropped: a note sent as
/// `{"note": …}` would otherwise be lost without a word.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBody {
    /// The comment, or the reason for the change
    #[serde(default, alias = "reason")]
    pub text: String,
}

/// The text of an optional `{"text": …}` body: none, or empty, is "".
pub(super) fn optional_text(body: &[u8]) -> corredor_app::Result<String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(String::new());
    }
    crate::body::parse::<TextBody>(body)
        .map(|b| b.text)
        .map_err(|e| Error::Invalid(format!("{e} (send {{\"text\": \"…\"}})")))
}

/// Acknowledges the alert for the caller's country (analysts of the
/// countries it affects).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/acknowledge", params(("id" = String, Path)),
    responses((status = 200, body = StoredAlert)), security(("bearer" = [])))]
pub(super) async fn alert_ack(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
) -> ApiResult<Json<StoredAlert>> {
    Ok(Json(
        state
            .run(move |s| corredor_app::workflow::acknowledge(s, &actor, &id))
            .await?,
    ))
}

/// Comments on the alert (analysts, participants, the secretariat).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/comments", params(("id" = String, Path)),
    request_body = TextBody, responses((status = 200, body = alerts::Event)), security(("bearer" = [])))]
pub(super) async fn alert_comment(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<TextBody>,
) -> ApiResult<Json<alerts::Event>> {
    Ok(Json(
        state
            .run(move |s| corredor_app::workflow::comment(s, &actor, &id, &body.text))
            .await?,
    ))
}

pub(super) async fn transition(
    state: Arc<AppState>,
    actor: Actor,
    id: String,
    body: &[u8],
    to: AlertStatus,
) -> ApiResult<Json<StoredAlert>> {
    let reason = optional_text(body)?;
    Ok(Json(
        state
            .run(move |s| corredor_app::workflow::transition(s, &actor, &id, to, &reason))
            .await?,
    ))
}

/// Escalates the alert (the secretariat, or the reporting country).
#[utoipa::path(post, path = "/api/v1/alerts/{id}/escalate", params(("id" = String, Path)),
    request_body = Option<TextBody>, responses((status = 200, body = StoredAlert)), security(("bearer" = [])))]
pub(super) async fn alert_escalate(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<StoredAlert>> {
    transition(state, actor, id, &body, AlertStatus::Escalated).await
}

/// Closes the alert (the secretariat, or the reporting country). A
/// data-quality notice is not closed: it settles when its figures are
/// confirmed or revised.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/close", params(("id" = String, Path)),
    request_body = Option<TextBody>, responses((status = 200, body = StoredAlert),
    (status = 409, description = "closed already, or a data-quality notice")), security(("bearer" = [])))]
pub(super) async fn alert_close(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<StoredAlert>> {
    transition(state, actor, id, &body, AlertStatus::Closed).await
}

/// Confirms the months of a data-quality notice: the reporter's figures
/// stand as sent, the early warning judges them again and the notice
/// closes (the reporting country's analysts). To revise them instead,
/// send the corrected file to `/api/v1/observations`.
#[utoipa::path(post, path = "/api/v1/alerts/{id}/confirm", params(("id" = String, Path)),
    request_body = Option<TextBody>, responses((status = 200, body = corredor_app::quality::Confirmed),
        (status = 400, description = "not a data-quality notice")), security(("bearer" = [])))]
pub(super) async fn alert_confirm(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Json<corredor_app::quality::Confirmed>> {
    let note = optional_text(&body)?;
    let routes = state.routes.clone();
    Ok(Json(
        state
            .run(move |s| corredor_app::quality::confirm_notice(s, &actor, &routes, &id, &note))
            .await?,
    ))
}

/// Re-runs the early warning over the whole store now (the secretariat),
/// each series as of its latest period. It takes no parameters.
#[utoipa::path(post, path = "/api/v1/scan", responses((status = 200, body = alerts::Changes)), security(("bearer" = [])))]
pub(super) async fn scan_now(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> ApiResult<Json<alerts::Changes>> {
    actor.require(&[Role::Secretariat], "running a scan")?;
    // `?as_of=` or `?top=` would be ignored, and the caller told nothing:
    // the scan of the store is always of every series as of its latest
    // period (`corredor scan --as-of` replays another).
    if query.is_some_and(|q| !q.is_empty()) {
        return Err(ApiError(Error::Invalid(
            "the scan takes no parameters: it judges every series as of its latest period (corredor scan --as-of replays another)".into(),
        )));
    }
    let routes = state.routes.clone();
    Ok(Json(
        state
            .run(move |s| observations::rescan_all(s, &actor, &routes))
            .await?,
    ))
}

// ---------------------------------------------------------------- tasks

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// Only the caller's own tasks
    pub mine: Option<bool>,
    /// Only tasks past their deadline and still open or acknowledged
    pub overdue: Option<bool>,
    /// Only this alert's tasks
    pub alert: Option<String>,
}

/// Tasks of the response protocols, for the alerts the caller may see.
#[utoipa::path(get, path = "/api/v1/tasks", params(TaskParams),
    responses((status = 200, body = [protocol::Task])))]
pub(super) async fn task_list(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<TaskParams>,
) -> ApiResult<Json<Vec<protocol::Task>>> {
    let query = TaskQuery {
        mine: q.mine.unwrap_or(false),
        overdue: q.overdue.unwrap_or(false),
        alert: q.alert,
    };
    Ok(Json(
        state
            .run(move |s| protocol::tasks(s, &actor, &query))
            .await?,
    ))
}

/// Acknowledges a task (whoever it is assigned to).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/acknowledge", params(("id" = i64, Path)),
    responses((status = 200, body = protocol::Task)), security(("bearer" = [])))]
pub(super) async fn task_ack(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<Json<protocol::Task>> {
    Ok(Json(
        state
            .run(move |s| protocol::update_task(s, &actor, id, TaskStatus::Acknowledged))
            .await?,
    ))
}

/// Marks a task done (whoever it is assigned to).
#[utoipa::path(post, path = "/api/v1/tasks/{id}/complete", params(("id" = i64, Path)),
    responses((status = 200, body = protocol::Task)), security(("bearer" = [])))]
pub(super) async fn task_complete(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<i64>,
) -> ApiResult<Json<protocol::Task>> {
    Ok(Json(
        state
            .run(move |s| protocol::update_task(s, &actor, id, TaskStatus::Done))
            .await?,
    ))
}

/// The response protocols loaded.
#[utoipa::path(get, path = "/api/v1/protocols", responses((status = 200, body = [protocol::Playbook])))]
pub(super) async fn protocol_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<protocol::Playbook>>> {
    Ok(Json(state.run(protocol::playbooks).await?))
}

/// Loads (or replaces) a protocol: the body is the playbook's TOML (the
/// secretariat).
#[utoipa::path(post, path = "/api/v1/protocols", request_body(content = String, content_type = "application/toml"),
    responses((status = 200, body = protocol::Playbook)), security(("bearer" = [])))]
pub(super) async fn protocol_load(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    body: String,
) -> ApiResult<Json<protocol::Playbook>> {
    Ok(Json(
        state.run(move |s| protocol::load(s, &actor, &body)).await?,
    ))
}

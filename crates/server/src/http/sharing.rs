//! Responsibility sharing: distribution keys (computed and published) and
//! the placement of families.

use super::common::*;
use corredor_sharing::GapRule;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct KeyParams {
    /// eu-2015-may, eu-2015-sep or americas
    pub preset: Option<String>,
    /// COLUMN:WEIGHT[:inverse[:cap=C]],… (instead of a preset)
    pub criteria: Option<String>,
    /// Persons to share (default: the preset's)
    pub total: Option<u64>,
    /// Countries left out, comma-separated
    pub exclude: Option<String>,
    /// The column naming the country
    pub country_column: Option<String>,
    /// What an empty cell means: refuse (the default) or renormalise
    #[param(value_type = Option<String>)]
    pub gaps: Option<GapRule>,
    /// Also explain this country's share
    pub explain: Option<String>,
}

/// A distribution key computed from the inputs in the body (CSV, as
/// `corredor share key --inputs` reads them). Nothing is stored; the same
/// code and the same errors as the command line.
#[utoipa::path(post, path = "/api/v1/share/key", params(KeyParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, description = "the key", body = KeyAnswer),
              (status = 422, description = "the inputs' problems, by line and column", body = Problems)))]
pub(super) async fn share_key(Query(q): Query<KeyParams>, body: Bytes) -> ApiResult<Response> {
    let outcome = corredor_app::keys::key(&q.request(), "inputs.csv", &body);
    Ok(match outcome {
        Ok(o) => {
            let mut answer = KeyAnswer::new(&o);
            answer.explain = q
                .explain
                .as_deref()
                .and_then(corredor_sharing::inputs::country_code)
                .and_then(|who| answers::explain(&o, &who));
            Json(answer).into_response()
        }
        Err(problems) => key_problems(problems),
    })
}

pub(super) fn key_problems(errors: Vec<String>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(Problems {
            error: "the key could not be computed".into(),
            errors,
        }),
    )
        .into_response()
}

impl KeyParams {
    fn request(&self) -> corredor_app::keys::KeyRequest {
        corredor_app::keys::KeyRequest {
            preset: self.preset.clone(),
            criteria: self.criteria.clone(),
            total: self.total,
            exclude: list_param(&self.exclude),
            country_column: self.country_column.clone(),
            gaps: self.gaps.unwrap_or_default(),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PublishParams {
    /// What the key is for, as readers will see it
    pub title: String,
    pub preset: Option<String>,
    pub criteria: Option<String>,
    pub total: Option<u64>,
    pub exclude: Option<String>,
    pub country_column: Option<String>,
    /// What an empty cell means: refuse (the default) or renormalise
    #[param(value_type = Option<String>)]
    pub gaps: Option<GapRule>,
}

/// Publishes the key the inputs in the body give (the secretariat only):
/// from then on anyone may read it, with its request and inputs. A
/// published key is never changed.
#[utoipa::path(post, path = "/api/v1/share/keys/{name}", params(("name" = String, Path), PublishParams),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = PublishedKey), (status = 409, description = "a key of that name is published already"),
              (status = 422, description = "the inputs' problems, by line and column", body = Problems)),
    security(("bearer" = [])))]
pub(super) async fn share_key_publish(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(name): Path<String>,
    Query(q): Query<PublishParams>,
    body: Bytes,
) -> ApiResult<Response> {
    actor.require(&[Role::Secretariat], "publishing a key")?;
    let req = KeyParams {
        preset: q.preset,
        criteria: q.criteria,
        total: q.total,
        exclude: q.exclude,
        country_column: q.country_column,
        gaps: q.gaps,
        explain: None,
    }
    .request();
    let outcome = match corredor_app::keys::key(&req, "inputs.csv", &body) {
        Ok(o) => o,
        Err(problems) => return Ok(key_problems(problems)),
    };
    let title = q.title;
    let v = state
        .run(move |s| corredor_app::keys::publish(s, &actor, &name, &title, &req, &body, &outcome))
        .await?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// The keys the secretariat has published, newest first.
#[utoipa::path(get, path = "/api/v1/share/keys", responses((status = 200, body = [Published])))]
pub(super) async fn share_keys(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<Published>>> {
    Ok(Json(state.run(corredor_app::keys::list).await?))
}

/// A published key: its request, its inputs as received, and its shares.
#[utoipa::path(get, path = "/api/v1/share/keys/{name}", params(("name" = String, Path)),
    responses((status = 200, body = PublishedKey), (status = 404)))]
pub(super) async fn share_key_published(
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> ApiResult<Json<PublishedKey>> {
    Ok(Json(
        state
            .run(move |s| corredor_app::keys::get(s, &name))
            .await?,
    ))
}

/// What `POST /api/v1/share/place` takes: the files of `corredor share
/// place`, as text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceBody {
    /// id,size,needs
    pub cases: String,
    /// id,country,capacity,services (or give sites_from_store)
    pub sites: Option<String>,
    /// Take the sites from the latest capacity reports the caller may see,
    /// of this kind: reception_places or shelter_beds
    pub sites_from_store: Option<String>,
    /// With sites_from_store: the date the reports should hold on,
    /// YYYY-MM-DD (default: today)
    pub on: Option<String>,
    /// case,site,score (without it, a placement is worth the persons it places)
    pub scores: Option<String>,
    /// country,persons or country,min,max
    pub quotas: Option<String>,
    /// Quotas given as persons allow this fraction either way (default 0.05)
    pub tolerance: Option<f64>,
    /// Seconds to search, at most [`PLACE_TIME_LIMIT`] (the default)
    pub time_limit: Option<f64>,
}

/// A placement answers within the request's time-out.
pub(super) const PLACE_TIME_LIMIT: f64 = 45.0;

/// Families placed at sites, from the files in the body. The families are
/// the caller's: nothing is stored, and the answer goes to the caller
/// alone. The same code and the same errors as the command line.
#[utoipa::path(post, path = "/api/v1/share/place", request_body = PlaceBody,
    responses((status = 200, description = "the placement", body = PlacementAnswer),
              (status = 422, description = "the files' problems, by line and column", body = Problems),
              (status = 429, description = "too many imports, exports or placements at once: retry after the seconds given")),
    security(("bearer" = [])))]
pub(super) async fn share_place(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    body: Body,
) -> ApiResult<Response> {
    use corredor_sharing::place::{files, solve, Options};
    // Checked before the body is read, as for imports.
    actor.require(&[Role::Analyst, Role::Secretariat], "placing families")?;
    let body: PlaceBody = crate::body::parse(&received(body).await?)?;
    let tolerance = body.tolerance.unwrap_or(0.05);
    if !(0.0..1.0).contains(&tolerance) {
        return Err(Error::Invalid(format!(
            "tolerance {}: give a fraction from 0 to 1",
            corredor_model::record::preview_number(tolerance)
        ))
        .into());
    }
    let sites: Vec<u8> = match (body.sites.clone(), body.sites_from_store.as_deref()) {
        (Some(sites), None) => sites.into_bytes(),
        (None, Some(kind)) => {
            let kind: corredor_model::CapacityKind = kind
                .parse()
                .map_err(|e| Error::Invalid(format!("sites_from_store: {e}")))?;
            let on = super::capacity::on_param(body.on.as_deref())?;
            let access = actor.access();
            state
                .run(move |s| {
                    corredor_app::capacity::sites_csv(
                        kind,
                        &corredor_app::capacity::latest(s, &access, kind, on)?,
                    )
                })
                .await?
        }
        _ => {
            return Err(Error::Invalid(
                "give sites (the file) or sites_from_store (a kind of capacity), not both".into(),
            )
            .into())
        }
    };
    let limit = body.time_limit.unwrap_or(PLACE_TIME_LIMIT);
    if !(0.0..=PLACE_TIME_LIMIT).contains(&limit) {
        return Err(Error::Invalid(format!(
            "time_limit is from 0 to {PLACE_TIME_LIMIT} seconds, not {}",
            corredor_model::record::preview_number(limit)
        ))
        .into());
    }
    let answer = tokio::task::spawn_blocking(move || {
        let started = std::time::Instant::now();
        let inst = files::read(&files::Files {
            cases: ("cases.csv", body.cases.as_bytes()),
            sites: ("sites.csv", &sites),
            scores: body.scores.as_deref().map(|s| ("scores.csv", s.as_bytes())),
            quotas: body.quotas.as_deref().map(|s| ("quotas.csv", s.as_bytes())),
            tolerance,
        });
        let inst = match inst {
            Ok(inst) => inst,
            Err(errors) => {
                let problems = Problems {
                    error: "the files could not be read".into(),
                    errors: errors.messages(),
                };
                return (StatusCode::UNPROCESSABLE_ENTITY, Json(problems)).into_response();
            }
        };
        let deadline = started + Duration::from_secs_f64(limit);
        let stop = || std::time::Instant::now() >= deadline;
        match solve(&inst, &Options { stop: &stop }) {
            Ok(p) => Json(PlacementAnswer::new(&p, &inst)).into_response(),
            Err(e) => {
                let problems = Problems {
                    error: "nothing placed".into(),
                    errors: vec![e.to_string()],
                };
                (StatusCode::UNPROCESSABLE_ENTITY, Json(problems)).into_response()
            }
        }
    })
    .await
    .map_err(|e| Error::Internal(format!("the placement failed: {e}")))?;
    Ok(answer)
}

//! Labour mobility: the legal pathways between countries. Public:
//! pathways are programmes, not people.

use super::common::*;
use corredor_app::labour as service;
use corredor_labour::records::{Occupations, Origins, Pathway};

/// A legal pathway: who may take it, to where, for which occupations,
/// with what annual quota and requirements, and the page it rests on.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathwayItem {
    pub id: String,
    pub name: String,
    /// Nationalities admitted (ISO 3166-1 alpha-3); `null` for any.
    pub origins: Option<Vec<String>>,
    /// Countries a worker must reside in, where the programme says so.
    pub residences: Option<Vec<String>>,
    pub destination: String,
    /// ISCO-08 groups it is open to (a unit group within one of them is);
    /// `null` for every occupation.
    pub occupations: Option<Vec<String>>,
    /// Places a year; `null` for no quota.
    pub quota: Option<u64>,
    /// YYYY-MM-DD
    pub start: Option<String>,
    /// YYYY-MM-DD
    pub end: Option<String>,
    /// ISO 639-1 codes, every one required.
    pub languages: Vec<String>,
    /// Years of experience asked.
    pub min_experience: f64,
    pub source: String,
}

impl From<&Pathway> for PathwayItem {
    fn from(p: &Pathway) -> PathwayItem {
        PathwayItem {
            id: p.id.clone(),
            name: p.name.clone(),
            origins: match &p.origins {
                Origins::Any => None,
                Origins::Only(codes) => Some(codes.clone()),
            },
            residences: p.residences.clone(),
            destination: p.destination.clone(),
            occupations: match &p.occupations {
                Occupations::Any => None,
                Occupations::Within(groups) => Some(groups.iter().map(|g| g.to_string()).collect()),
            },
            quota: p.quota,
            start: p.start.map(|d| d.to_string()),
            end: p.end.map(|d| d.to_string()),
            languages: p.languages.iter().map(|l| l.as_str().to_string()).collect(),
            min_experience: p.min_experience,
            source: p.source.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PathwayParams {
    /// Only the pathways open to nationals of this country (ISO 3166-1
    /// alpha-3)
    pub nationality: Option<String>,
}

/// The legal pathways the project ships, each with its source; with
/// `nationality`, those whose origins admit it (computed, never stored).
#[utoipa::path(get, path = "/api/v1/labour/pathways", params(PathwayParams),
    responses((status = 200, body = [PathwayItem]),
              (status = 400, description = "an unknown country code")))]
pub(super) async fn labour_pathways(
    State(state): State<Arc<AppState>>,
    Query(q): Query<PathwayParams>,
) -> ApiResult<Json<Vec<PathwayItem>>> {
    let only = service::nationality(q.nationality.as_deref())?;
    let all = state.run(service::pathways).await?;
    Ok(Json(
        service::open_to(&all, only.as_deref())
            .into_iter()
            .map(PathwayItem::from)
            .collect(),
    ))
}

/// Why a labour file was refused: every problem with its line and column.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabourProblems {
    pub error: String,
    pub problems: Vec<LabourProblem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LabourProblem {
    pub line: u64,
    /// Counted in fields.
    pub column: Option<usize>,
    pub message: String,
}

/// The answer to an import: 201 with what was added, 422 with every
/// problem, or the refusal.
fn imported(outcome: Result<service::Imported, service::ImportError>) -> ApiResult<Response> {
    match outcome {
        Ok(done) => Ok((StatusCode::CREATED, Json(done)).into_response()),
        Err(service::ImportError::Problems(p)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(LabourProblems {
                error: format!(
                    "{}: nothing recorded",
                    corredor_model::problem::count_of_problems(p.len())
                ),
                problems: p
                    .into_iter()
                    .map(|p| LabourProblem {
                        line: p.at.line(),
                        column: p.at.column(),
                        message: p.kind.to_string(),
                    })
                    .collect(),
            }),
        )
            .into_response()),
        Err(service::ImportError::Refused(e)) => Err(ApiError(e)),
    }
}

/// Adds legal pathways (the CSV layout of `corredor labour pathway add`:
/// `id,name,origins,destination,occupations,quota,start,end,languages,
/// min_experience,source`), all or nothing (the secretariat).
#[utoipa::path(post, path = "/api/v1/labour/pathways",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = service::Imported), (status = 422, body = LabourProblems)),
    security(("bearer" = [])))]
pub(super) async fn labour_pathway_add(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    body: Bytes,
) -> ApiResult<Response> {
    imported(
        state
            .run(move |s| Ok(service::import_pathways(s, &actor, "request", &body)))
            .await?,
    )
}

/// Registers workers (`id,nationality,residence,isco,experience_years,
/// languages,skills,consent`), all or nothing: the secretariat, or the
/// analysts of the country they reside in. Personal data: never public.
#[utoipa::path(post, path = "/api/v1/labour/workers",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = service::Imported), (status = 422, body = LabourProblems)),
    security(("bearer" = [])))]
pub(super) async fn labour_worker_import(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    body: Bytes,
) -> ApiResult<Response> {
    imported(
        state
            .run(move |s| Ok(service::import_workers(s, &actor, "request", &body)))
            .await?,
    )
}

/// The workers' records the caller may see in full: every one for the
/// secretariat, those residing in its country for an analyst. Every read
/// is audited.
#[utoipa::path(get, path = "/api/v1/labour/workers",
    responses((status = 200, body = [service::WorkerRecord])),
    security(("bearer" = [])))]
pub(super) async fn labour_workers(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
) -> ApiResult<Json<Vec<service::WorkerRecord>>> {
    Ok(Json(state.run(move |s| service::workers(s, &actor)).await?))
}

/// Which country's worker an id names: each country of residence gives
/// its own ids.
#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct WorkerParams {
    /// The worker's country of residence (ISO alpha-3). An analyst's own
    /// country by default; the secretariat gives it when two countries
    /// have registered the same id.
    pub residence: Option<String>,
}

/// One worker's record: in full for the secretariat and the country of
/// residence, the minimal profile for an employer the latest run matched
/// them to (by the handle of its candidates), 404 for anyone else (as for
/// a worker that does not exist). Audited.
#[utoipa::path(get, path = "/api/v1/labour/workers/{id}",
    params(("id" = String, Path, description = "the worker's pseudonymous id, or an employer's handle"), WorkerParams),
    responses((status = 200, body = service::WorkerView), (status = 400, description = "the id names workers of several countries: give residence"), (status = 404, description = "no such worker the caller may see")),
    security(("bearer" = [])))]
pub(super) async fn labour_worker(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<WorkerParams>,
) -> ApiResult<Json<service::WorkerView>> {
    Ok(Json(
        state
            .run(move |s| service::worker(s, &actor, &id, q.residence.as_deref()))
            .await?,
    ))
}

/// Deletes a worker's record on request, and every match outcome that
/// names them (the secretariat, or the country of residence). The row is
/// removed, not flagged.
#[utoipa::path(delete, path = "/api/v1/labour/workers/{id}",
    params(("id" = String, Path, description = "the worker's pseudonymous id"), WorkerParams),
    responses((status = 204), (status = 400, description = "the id names workers of several countries: give residence"), (status = 404, description = "no such worker the caller may delete")),
    security(("bearer" = [])))]
pub(super) async fn labour_worker_delete(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Path(id): Path<String>,
    Query(q): Query<WorkerParams>,
) -> ApiResult<StatusCode> {
    state
        .run(move |s| service::delete_worker(s, &actor, &id, q.residence.as_deref()))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every vacancy: employers' places by occupation under a pathway. Public:
/// vacancies are not people.
#[utoipa::path(get, path = "/api/v1/labour/vacancies",
    responses((status = 200, body = [service::VacancyItem])))]
pub(super) async fn labour_vacancies(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<service::VacancyItem>>> {
    Ok(Json(state.run(service::vacancies).await?))
}

/// Records vacancies (`id,employer,country,isco,places,languages,
/// min_experience,skills,pathway,start,end`; the employer an
/// organisation's code), all or nothing: the secretariat, or the analysts
/// of the vacancies' country.
#[utoipa::path(post, path = "/api/v1/labour/vacancies",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = service::Imported), (status = 422, body = LabourProblems)),
    security(("bearer" = [])))]
pub(super) async fn labour_vacancy_import(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    body: Bytes,
) -> ApiResult<Response> {
    imported(
        state
            .run(move |s| Ok(service::import_vacancies(s, &actor, "request", &body)))
            .await?,
    )
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RunParams {
    /// Seconds the search may take, at most 30 (default 10)
    pub time_limit: Option<f64>,
}

/// The longest a match run may take over HTTP, under the request timeout.
const MAX_RUN_SECONDS: f64 = 30.0;

/// Matches the register's workers to its vacancies and keeps the run (the
/// secretariat). The answer is what `corredor labour match --json`
/// prints, with the run's id.
#[utoipa::path(post, path = "/api/v1/labour/runs", params(RunParams),
    responses((status = 201, description = "the run: matches, unmatched workers, unfilled vacancies, objective, bound, gap")),
    security(("bearer" = [])))]
pub(super) async fn labour_run(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    Query(q): Query<RunParams>,
) -> ApiResult<Response> {
    let limit = q.time_limit.unwrap_or(10.0);
    if !(0.0..=MAX_RUN_SECONDS).contains(&limit) {
        return Err(ApiError(Error::Invalid(format!(
            "time_limit is from 0 to {MAX_RUN_SECONDS} seconds, not {}",
            corredor_model::record::preview_number(limit)
        ))));
    }
    let ran = state
        .run(move |s| service::match_stored(s, &actor, limit))
        .await?;
    Ok((StatusCode::CREATED, Json(ran)).into_response())
}

/// The latest run: its figures for anyone; the outcomes of the workers
/// whose records the caller may see (an employer: its own matches,
/// without nationality); the places it left empty for the member states
/// and the secretariat (an employer: in its own vacancies). 404 before
/// any run.
#[utoipa::path(get, path = "/api/v1/labour/runs/latest",
    responses((status = 200, body = service::RunView), (status = 404, description = "no run yet")))]
pub(super) async fn labour_run_latest(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
) -> ApiResult<Json<service::RunView>> {
    state
        .run(move |s| service::latest_run(s, &actor))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError(Error::NotFound("no match run yet".into())))
}

/// The candidates the latest run placed in the caller's vacancies (an
/// employer): minimal profiles, no nationality, no residence. Audited.
#[utoipa::path(get, path = "/api/v1/labour/candidates",
    responses((status = 200, body = [service::Candidate])),
    security(("bearer" = [])))]
pub(super) async fn labour_candidates(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
) -> ApiResult<Json<Vec<service::Candidate>>> {
    Ok(Json(
        state.run(move |s| service::candidates(s, &actor)).await?,
    ))
}

/// What anyone may know of the register and the latest run: workers by
/// nationality, places offered, matched and left unfilled by destination
/// and occupation, each pathway's quota left, and why workers were left.
/// Counts of people from 1 to 4 are withheld (`null`), with a second cell
/// where one would otherwise follow from the total.
#[utoipa::path(get, path = "/api/v1/labour/summary",
    responses((status = 200, body = corredor_labour::public::Summary)))]
pub(super) async fn labour_summary(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<corredor_labour::public::Summary>> {
    let cache = state.clone();
    let summary = state.run(move |s| cache.labour_summary(s)).await?;
    Ok(Json(summary.as_ref().clone()))
}

/// Each country's occupational mix of foreign-born and native-born
/// workers (ILOSTAT, the latest year with both): context for the
/// vacancies offered there. Public.
#[utoipa::path(get, path = "/api/v1/labour/mix",
    responses((status = 200, body = [corredor_labour::mix::OccupationMix])))]
pub(super) async fn labour_mix(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<corredor_labour::mix::OccupationMix>>> {
    Ok(Json(state.run(service::occupation_mix).await?))
}

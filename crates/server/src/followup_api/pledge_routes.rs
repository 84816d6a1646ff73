//! The donors' side: pledges imported, reported in one currency, and
//! exported as IATI.

use super::common::*;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportParams {
    /// ISO 4217 (default USD)
    pub currency: Option<String>,
}

/// Pledged, committed and disbursed in one currency, each step at its
/// date's rate; amounts are decimal strings. A step no rate converts is
/// listed in `unconverted` and left out of the totals.
#[utoipa::path(get, path = "/api/v1/pledges/report", params(ReportParams),
    responses((status = 200, body = pledge::PledgeReport),
              (status = 409, description = "the totals are past what a decimal holds")))]
pub(super) async fn pledge_report(
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

/// Every pledge as IATI 2.03 activities; 404 before any pledge (the
/// standard's file holds at least one activity).
#[utoipa::path(get, path = "/api/v1/pledges.iati", responses((status = 200, content_type = "application/xml"), (status = 404, description = "no pledge recorded yet")))]
pub(super) async fn pledge_iati(State(state): State<Arc<AppState>>) -> ApiResult<Response> {
    let xml = state
        .run(|s| {
            let pledges = service::pledges(s)?;
            if pledges.is_empty() {
                return Err(Error::NotFound(
                    "no pledge is recorded yet: an IATI file holds at least one activity".into(),
                ));
            }
            Ok(iati::activities(
                &iati::Publisher {
                    reference: "XM-CORREDOR".into(),
                    name: "Technical secretariat of the Los Angeles Declaration".into(),
                    kind: "40".into(),
                },
                &pledges,
                &service::requirements(s)?,
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

/// Every pledge as the pledge file `corredor pledge export --format csv`
/// writes: a row per report of each step, with each step's verification.
/// `POST /api/v1/pledges` reads it back.
#[utoipa::path(get, path = "/api/v1/pledges.csv", responses((status = 200, content_type = "text/csv")))]
pub(super) async fn pledge_csv(State(state): State<Arc<AppState>>) -> ApiResult<Response> {
    let csv = state
        .run(|s| Ok(pledge::write_csv(&service::pledges(s)?)))
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"pledges.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

/// Imports pledge reports (the CSV of `corredor pledge import`), all or
/// nothing; problems come back with their line and column.
#[utoipa::path(post, path = "/api/v1/pledges", request_body(content = String, content_type = "text/csv"),
    responses((status = 201, body = pledge::Merged), (status = 422, body = PledgeProblems)), security(("bearer" = [])))]
pub(super) async fn pledge_import(
    State(state): State<Arc<AppState>>,
    SignedIn(actor): SignedIn,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let outcome = state
        .run(move |s| {
            let files = vec![("request".to_string(), body.to_vec())];
            Ok(service::import_pledges(s, &actor, &files))
        })
        .await?;
    match outcome {
        // One file was sent, so one merge comes back.
        Ok(merged) => match merged.into_iter().next() {
            Some(first) => Ok((StatusCode::CREATED, Json(first)).into_response()),
            None => Err(ApiError(Error::Internal(
                "the pledge file was read, but no result came back".into(),
            ))),
        },
        Err(ImportError::Problems(p)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(PledgeProblems::of(p)),
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

impl PledgeProblems {
    /// The answer to a file refused for `problems`.
    pub fn of(problems: Vec<pledge::Problem>) -> PledgeProblems {
        PledgeProblems {
            error: format!(
                "{}: nothing imported",
                corredor_model::problem::count_of_problems(problems.len())
            ),
            problems: problems
                .into_iter()
                .map(|p| PledgeProblem {
                    line: p.at.line(),
                    column: p.at.column(),
                    message: p.message,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeProblem {
    pub line: u64,
    /// Counted in fields.
    pub column: Option<usize>,
    pub message: String,
}

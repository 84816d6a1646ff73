//! Capacity countries report: the latest report of each site, each
//! country's latest of every kind, and the sites file of a placement, each
//! as the caller may see it (a report shared with some countries only is
//! not there for the others). Reports arrive as observations
//! (`POST /api/v1/observations`, the `capacity_…` indicators).

use super::common::*;
use corredor_app::capacity::{self, CountryReports, SiteReport};
use corredor_model::CapacityKind;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CapacityParams {
    /// reception_places (the default), shelter_beds, staff or budget_usd
    pub kind: Option<String>,
    /// The date the reports should hold on, YYYY-MM-DD: the latest begun
    /// by then (default: today)
    pub on: Option<String>,
}

impl CapacityParams {
    pub(super) fn kind(&self) -> corredor_app::Result<CapacityKind> {
        self.kind
            .as_deref()
            .map_or(Ok(CapacityKind::ReceptionPlaces), str::parse)
            .map_err(|e| Error::Invalid(format!("kind: {e}")))
    }

    pub(super) fn on(&self) -> corredor_app::Result<chrono::NaiveDate> {
        on_param(self.on.as_deref())
    }
}

/// A `YYYY-MM-DD` date, today when absent.
pub(super) fn on_param(on: Option<&str>) -> corredor_app::Result<chrono::NaiveDate> {
    corredor_app::clock::day_param("on", on)
}

/// The latest capacity report of each site (and each whole country) the
/// caller may see.
#[utoipa::path(get, path = "/api/v1/capacity", params(CapacityParams),
    responses((status = 200, body = [SiteReport]), (status = 400)))]
pub(super) async fn capacity_sites(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<CapacityParams>,
) -> ApiResult<Json<Vec<SiteReport>>> {
    let (kind, on) = (q.kind()?, q.on()?);
    let access = actor.access();
    Ok(Json(
        state
            .run(move |s| capacity::latest(s, &access, kind, on))
            .await?,
    ))
}

/// Each country's latest capacity of every kind: its whole-country report,
/// else the sum of its sites' (dated by the oldest).
#[utoipa::path(get, path = "/api/v1/capacity/countries", params(("on" = Option<String>, Query, description = "YYYY-MM-DD (default: today)")),
    responses((status = 200, body = [CountryReports]), (status = 400)))]
pub(super) async fn capacity_countries(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<CapacityParams>,
) -> ApiResult<Json<Vec<CountryReports>>> {
    let on = q.on()?;
    let access = actor.access();
    Ok(Json(
        state
            .run(move |s| capacity::overview(s, &access, on))
            .await?,
    ))
}

/// The sites file of a placement (`id,country,capacity,services,reported`)
/// from the latest reports of places the caller may see.
#[utoipa::path(get, path = "/api/v1/capacity/sites.csv", params(CapacityParams),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400)))]
pub(super) async fn capacity_sites_csv(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    Query(q): Query<CapacityParams>,
) -> ApiResult<Response> {
    let (kind, on) = (q.kind()?, q.on()?);
    let access = actor.access();
    let csv = state
        .run(move |s| capacity::sites_csv(kind, &capacity::latest(s, &access, kind, on)?))
        .await?;
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response())
}

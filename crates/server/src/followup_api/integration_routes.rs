//! Integration figures: migrants against the native-born, per country of
//! the Americas, each with the year it is of.

use super::common::*;

/// Each country's latest integration figures (unemployment of the
/// foreign-born and the native-born and the gap, elementary occupations,
/// earnings ratio, immigrant stock by sex and age band), each with its
/// year; a country without a figure has nulls.
#[utoipa::path(get, path = "/api/v1/integration",
    responses((status = 200, body = [corredor_followup::integration::CountryIntegration])))]
pub(super) async fn integration_list(
    State(state): State<Arc<AppState>>,
) -> ApiResult<Json<Vec<corredor_followup::integration::CountryIntegration>>> {
    Ok(Json(state.run(service::integration_view).await?))
}

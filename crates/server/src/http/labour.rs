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
    Query(q): Query<PathwayParams>,
) -> ApiResult<Json<Vec<PathwayItem>>> {
    let only = service::nationality(q.nationality.as_deref())?;
    let all = service::pathways()?;
    Ok(Json(
        service::open_to(&all, only.as_deref())
            .into_iter()
            .map(PathwayItem::from)
            .collect(),
    ))
}

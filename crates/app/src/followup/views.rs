//! What the command line, the API and the scorecard show of the
//! commitments: each with its indicators, every country's status from its
//! own figures, the regional status, and civil society's reports beside
//! them.

use chrono::NaiveDate;
use corredor_followup::commitment::{Commitment, MonitoringReport};
use corredor_followup::indicator::{CountryAssessment, Indicator, Measurement, Regional};
use corredor_store::Store;
use serde::Serialize;

use super::commitments::{commitments, indicators, measurements};
use super::monitoring::monitoring_reports;
use super::registry::registry;
use crate::auth::Actor;
use crate::Result;

/// A commitment with its indicators, their measurements and computed
/// status per country, and civil society's reports beside them: what the
/// command line, the API and the scorecard show.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CommitmentView {
    #[serde(flatten)]
    pub commitment: Commitment,
    pub pillar: Option<u8>,
    pub indicators: Vec<IndicatorView>,
    pub monitoring: Vec<MonitoringReport>,
}

/// An indicator with each country's status from its own figures, and the
/// regional status with its composition; as of `on`.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IndicatorView {
    #[serde(flatten)]
    pub indicator: Indicator,
    /// The day the statuses are computed on.
    pub on: NaiveDate,
    /// One per country of the commitment, in the commitment's order.
    pub countries: Vec<CountryAssessment>,
    pub regional: Regional,
    pub measurements: Vec<Measurement>,
}

/// Every commitment the actor may see, with indicators and reports, the
/// statuses as they stand on `on` (figures dated after it do not count).
pub fn commitment_views(
    store: &mut dyn Store,
    actor: &Actor,
    on: NaiveDate,
) -> Result<Vec<CommitmentView>> {
    let r = registry(store)?;
    let all = indicators(store)?;
    let mut out = Vec::new();
    for c in commitments(store, actor)? {
        let mut list = Vec::new();
        for i in all.iter().filter(|i| i.commitment == c.id) {
            let ms: Vec<Measurement> = measurements(store, i.id)?
                .into_iter()
                .filter(|m| m.date <= on)
                .collect();
            let countries = i.assess_countries(&c.countries, &ms, on);
            list.push(IndicatorView {
                regional: Regional::of(&countries),
                countries,
                on,
                indicator: i.clone(),
                measurements: ms,
            });
        }
        out.push(CommitmentView {
            pillar: r.group(&c.group).and_then(|g| g.pillar),
            monitoring: monitoring_reports(store, Some(&c.id))?,
            commitment: c,
            indicators: list,
        });
    }
    Ok(out)
}

//! The follow-up's HTTP API under `/api/v1/`: the registry, overlap,
//! themes, presidencies, the calendar (also as iCalendar), commitments
//! with their status, consistency, integration figures, and pledges (also as IATI XML) are
//! public reads, as the scorecard is; draft commitments are shown only to
//! the secretariat. Writes need a token and are audited by the services,
//! as the command line's are.

mod commitment_routes;
mod common;
mod forum_routes;
mod group_routes;
mod integration_routes;
mod ledger_routes;
mod meeting_routes;
mod pledge_routes;
mod registry_routes;
mod review_routes;

use self::commitment_routes::*;
use self::common::*;
use self::forum_routes::*;
use self::group_routes::*;
use self::integration_routes::*;
use self::ledger_routes::*;
use self::meeting_routes::*;
use self::pledge_routes::*;
use self::registry_routes::*;
use self::review_routes::*;

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
        meeting_change,
        meeting_cancel,
        meeting_changes,
        calendar_clashes,
        calendar_ics,
        commitment_list,
        integration_list,
        measurement_add,
        monitoring_add,
        adherence_add,
        withdrawal_add,
        commitment_add,
        commitment_adopt,
        indicator_add,
        measure_list,
        measure_add,
        review_list,
        review_step,
        group_report,
        group_charter,
        group_event,
        pledge_list,
        rates_load,
        group_add,
        mechanism_add,
        presidency_set,
        consistency_report,
        pledge_report,
        pledge_iati,
        pledge_csv,
        pledge_import,
        requirement_list,
        requirement_import,
        requirement_coverage,
        step_verify,
        forum_codes
    ),
    components(schemas(
        MeetingBody,
        MeetingChangeBody,
        MeetingCancelBody,
        MeasurementBody,
        MonitoringBody,
        StandingBody,
        CommitmentBody,
        IndicatorBody,
        MeasureBody,
        StepBody,
        CharterBody,
        GroupEventBody,
        GroupBody,
        MechanismBody,
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
        .route("/api/v1/meetings/{id}/change", post(meeting_change))
        .route("/api/v1/meetings/{id}/cancel", post(meeting_cancel))
        .route("/api/v1/meetings/{id}/changes", get(meeting_changes))
        .route("/api/v1/calendar/clashes", get(calendar_clashes))
        .route("/api/v1/calendar.ics", get(calendar_ics))
        .route(
            "/api/v1/commitments",
            get(commitment_list).post(commitment_add),
        )
        .route("/api/v1/commitments/{id}/adopt", post(commitment_adopt))
        .route("/api/v1/commitments/{id}/indicators", post(indicator_add))
        .route("/api/v1/measures", get(measure_list).post(measure_add))
        .route("/api/v1/measures/steps", get(review_list))
        .route("/api/v1/groups/{id}/report", get(group_report))
        .route("/api/v1/groups/{id}/charter", post(group_charter))
        .route("/api/v1/groups/{id}/events", post(group_event))
        .route("/api/v1/measures/{id}/steps", post(review_step))
        .route("/api/v1/commitments/{id}/monitoring", post(monitoring_add))
        .route(
            "/api/v1/indicators/{id}/measurements",
            post(measurement_add),
        )
        .route("/api/v1/consistency", get(consistency_report))
        .route("/api/v1/integration", get(integration_list))
        .route("/api/v1/pledges", get(pledge_list).post(pledge_import))
        .route("/api/v1/rates", post(rates_load))
        .route("/api/v1/registry/groups", post(group_add))
        .route("/api/v1/registry/mechanisms", post(mechanism_add))
        .route("/api/v1/pledges/report", get(pledge_report))
        .route("/api/v1/pledges.iati", get(pledge_iati))
        .route("/api/v1/pledges.csv", get(pledge_csv))
        .route(
            "/api/v1/requirements",
            get(requirement_list).post(requirement_import),
        )
        .route("/api/v1/requirements/coverage", get(requirement_coverage))
        .route("/api/v1/requirements/codes", get(forum_codes))
        .route(
            "/api/v1/pledges/{id}/steps/{stage}/verify",
            post(step_verify),
        )
}

//! The secretariat's follow-up as use cases over the store: the registry
//! (seeded from the 2023 registry shipped in `corredor-followup`, then
//! changed by adherence, change of role and withdrawal, never rewritten),
//! presidencies and meetings, commitments with indicators and
//! measurements, civil society's monitoring reports, national measures,
//! pledges and exchange rates, and integration figures from published
//! tables.
//!
//! Each use case checks who may act, applies `corredor-followup`'s rules
//! and computations, writes through `corredor_store::followup` and audits
//! the write in its transaction. It never writes SQL (the statements are
//! the store's) and never decides a rule of the follow-up itself (those
//! are the pure crate's, where they are tested without a database).
//! Refusals name the field at fault, not a command-line flag: the API
//! shows them too.

mod commitments;
mod common;
mod forum;
mod groups;
mod integration;
mod measures;
mod meetings;
mod monitoring;
mod needs;
mod pledges;
mod registry;
mod views;

pub use commitments::{
    add_commitment, add_indicator, adopt, commitments, indicators, measure, measurements,
};
pub use forum::{coverage, import_requirements, RequirementsImported};
pub use groups::{
    add_event as add_group_event, all_events, report as group_report, set_charter, GroupReport,
};
pub use integration::{
    import_integration, integration_figures, integration_view, IntegrationImported,
};
pub use measures::{add_measure, consistency, measures, review_steps, take_step, NewStep};
pub use meetings::{
    add_meeting, change_meeting, meeting_changes, meetings, presidencies, set_presidency,
    MeetingChanged, NewMeeting,
};
pub use monitoring::{file_report, monitoring_reports};
pub use needs::requirements;
pub use pledges::{
    import_pledges, import_rates, pledges, rates, recipient_resolver, verify_step, ImportError,
};
pub use registry::{
    add_claim, add_group, add_mechanism, adhere, participant_code, registry, seed,
    withdraw_or_change, Seeded,
};
pub use views::{commitment_views, CommitmentView, IndicatorView};

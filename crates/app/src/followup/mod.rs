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
mod integration;
mod measures;
mod meetings;
mod monitoring;
mod pledges;
mod registry;

pub use commitments::{
    add_commitment, add_indicator, adopt, commitment_views, commitments, indicators, measure,
    measurements, CommitmentView, IndicatorView,
};
pub use integration::{
    import_integration, integration_figures, integration_view, IntegrationImported,
};
pub use measures::{add_measure, measures};
pub use meetings::{add_meeting, meetings, presidencies, set_presidency, NewMeeting};
pub use monitoring::{file_report, monitoring_reports};
pub use pledges::{import_pledges, import_rates, pledges, rates, recipient_resolver, ImportError};
pub use registry::{
    add_claim, add_group, add_mechanism, adhere, participant_code, registry, seed,
    withdraw_or_change, Seeded,
};

use corredor_followup::registry::Registry;

use crate::auth::Role;
use crate::{Error, Result};

const SECRETARIAT: &[Role] = &[Role::Secretariat];

fn invalid(e: impl std::fmt::Display) -> Error {
    Error::Invalid(e.to_string())
}

/// A code read back from the store that its type does not know.
fn stored(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

fn need_source(source: &str) -> Result<()> {
    if source.trim().is_empty() {
        return Err(Error::Invalid(
            "source: give the source, a document, a date, a page".into(),
        ));
    }
    Ok(())
}

fn require_mechanism(r: &Registry, code: &str) -> Result<String> {
    r.mechanism(code).map(|m| m.code.clone()).ok_or_else(|| {
        Error::NotFound(format!("no mechanism {code}: see `corredor registry list`"))
    })
}

//! The secretariat's follow-up as rows: the registry, presidencies and
//! meetings, commitments with indicators and measurements, monitoring
//! reports, national measures, appeals' requirements, pledges and exchange
//! rates, and integration
//! figures. Every statement
//! of the follow-up is here, named and behind a typed function; the rules
//! (who may, what conflicts, what is audited) are the callers', and this
//! module must never decide them.
//!
//! Codes such as a role, a stage or a currency are returned as stored
//! text: their types belong to `corredor-followup`, which the store does
//! not depend on.

pub mod commitments;
pub mod groups;
pub mod integration;
pub mod measures;
pub mod meetings;
pub mod monitoring;
pub mod pledges;
pub mod registry;
pub mod requirements;
pub(crate) mod rows;

pub(crate) fn statements() -> Vec<&'static str> {
    [
        registry::STATEMENTS,
        meetings::STATEMENTS,
        commitments::STATEMENTS,
        groups::STATEMENTS,
        monitoring::STATEMENTS,
        measures::STATEMENTS,
        pledges::STATEMENTS,
        requirements::STATEMENTS,
        integration::STATEMENTS,
    ]
    .concat()
}

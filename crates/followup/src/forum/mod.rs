//! The donors' forum: appeals and their [`Requirement`]s (the needs side),
//! pledges in money or in kind ([`Unit`]) measured against them as OCHA's
//! Financial Tracking Service does ([`coverage`]), and the codes IATI
//! readers expect of each activity: DAC [`Sector`]s and organisation
//! identifiers ([`identify`]), from [`crate::codes`]. A pledge's parties ([`Party`]) report its
//! steps themselves; the secretariat verifies them.

mod coverage;
mod party;
mod requirement;

pub use crate::codes::*;
pub use crate::pledge::{KindUnit, Money, Stages, Unit};
pub use coverage::*;
pub use party::*;
pub use requirement::*;

#[cfg(test)]
mod tests;

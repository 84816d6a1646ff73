//! The follow-up of regional commitments on migration in the Americas, as
//! the technical secretariat keeps it: the [`registry`] of mechanisms and
//! participants over time (the 2023 registry in [`seed`]), membership
//! [`overlap`], thematic duplication ([`themes`]), pro tempore
//! [`presidency`] rotation, the meeting [`calendar`] with clashes and
//! iCalendar, commitments and their [`indicator`] status, national measures
//! against commitments ([`consistency`]), integration measured as migrants
//! against the native-born from ILOSTAT and UN DESA ([`integration`]), the donors' [`forum`] (appeals,
//! requirements and their coverage), the DAC sectors and organisation
//! identifiers IATI needs ([`codes`]), and [`pledge`]s in exact decimals
//! with their [`iati`] export and the exchange [`rates`] they convert by.
//!
//! **No I/O and no clock**: callers pass the bytes, the dates and "now".
//! The store and the commands live in `corredor-server` and `corredor`.

pub mod calendar;
pub mod codes;
pub mod commitment;
pub mod consistency;
pub mod forum;
pub mod groups;
pub mod iati;
pub mod indicator;
pub mod integration;
pub mod names;
pub mod overlap;
pub mod pledge;
pub mod presidency;
pub mod rates;
pub mod registry;
pub mod review;
pub mod seed;
pub mod themes;

#[cfg(test)]
mod vocabulary_tests;

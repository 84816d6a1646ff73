//! Labour mobility: matching willing workers in one country with labour
//! demand in another, through the legal pathways between them.
//!
//! - [`isco`]: ISCO-08 as data (every group, English and Spanish titles)
//!   and the distance between two occupations in its tree.
//! - [`records`]: pathways, workers and vacancies and their CSV layouts;
//!   [`market`] reads a run's files all or nothing ([`table::Problem`]:
//!   file, line, column) and lists the pairs the matching may use.
//! - [`fit`]: the eligibility rule and the match score.
//! - [`matching`]: the matching with its proven bound, and why each worker
//!   and place was matched or left. [`exact`] solves it as a minimum-cost
//!   flow ([`flow`]) on few pairs, priced out on all of them; [`improve`]
//!   takes what time leaves to optimality; [`greedy`] is the fallback start
//!   and bound when the first flow does not finish in time.
//! - [`generate`]: seeded SIMULATED instances; [`seed`]: the pathways the
//!   project ships, each with its source.
//!
//! **No I/O and no clock**: callers pass bytes, and a time limit is a
//! `stop` callback the caller answers.

mod disclosure;
pub mod exact;
pub mod fit;
pub mod flow;
pub mod generate;
pub mod greedy;
pub mod improve;
pub mod isco;
mod json;
pub mod language;
pub mod market;
pub mod matching;
pub mod mix;
pub mod privacy;
pub mod public;
pub mod records;
pub mod seed;
pub mod table;

pub use market::{read, Files, Market};
pub use matching::{solve, Outcome};
pub use table::{Problem, ProblemKind, Problems};

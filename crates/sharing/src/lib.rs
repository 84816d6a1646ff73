//! Responsibility sharing: who receives how many.
//!
//! [`key()`] computes a distribution key from per-country inputs and
//! weighted criteria, the way the European Commission built its 2015
//! relocation keys; [`apportion()`] turns shares into whole persons that sum
//! exactly to the total; [`assemble`] builds a key's inputs from the
//! publishers' figures ([`sources`]), the year and source beside each and
//! every gap named; [`place`] places families at sites, whole, for the
//! best expected outcome, with a proven bound on how much better any
//! placement could do. Pure: inputs in, results out, so that a key can be
//! audited, tested and recomputed by anyone from its published inputs.

pub mod apportion;
pub mod assemble;
pub mod inputs;
pub mod key;
pub mod place;
pub mod presets;
pub mod sources;
pub mod train;

pub use apportion::apportion;
pub use key::{key, key_with_gaps, Criterion, Effect, GapRule, Key, KeyError, Spec};

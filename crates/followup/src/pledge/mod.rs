//! Pledges: a donor's promise to a recipient (a country, a mechanism or a
//! working group) for a purpose, followed through its steps — pledged,
//! committed, disbursed — each with its date, amount, currency and the
//! reports that attest it.
//!
//! Money is exact: amounts are `rust_decimal::Decimal`, never floating
//! point. A pledge has one identity: when the donor and the recipient both
//! report the same step, the step is counted once and both reports are
//! kept as its sources. Conversion to a reporting currency uses the rate
//! of each step's own date. A pledge in kind is counted in its [`Unit`],
//! never summed with money.

mod convert;
mod currency;
pub(crate) mod file;
mod merge;
pub(crate) mod steps;
mod unit;

pub use convert::*;
pub use currency::*;
pub use file::*;
pub use merge::*;
pub use steps::*;
pub use unit::*;

#[cfg(test)]
mod tests;

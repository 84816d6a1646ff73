//! Corredor's domain model: countries, periods, series keys, indicators and
//! sharing levels. Pure data and validation; this crate never touches files,
//! the network, a database or the clock.

pub mod alert;
pub mod country;
pub mod indicator;
pub mod locale;
pub mod period;
pub mod record;
pub mod series;
pub mod share;

pub use alert::{AlertKind, AlertStatus, Level};
pub use country::Country;
pub use indicator::Indicator;
pub use period::{Frequency, Period, PeriodError};
pub use record::{Record, RecordError};
pub use series::{Location, SeriesKey};
pub use share::{ShareLevel, Sharing, Viewer};

/// The two languages Corredor speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
}

//! Corredor's early warning: forecasts with prediction intervals, surge and
//! emergence detection, corridor propagation and backtests.
//!
//! Pure functions over arrays of counts: this crate never reads the store,
//! files or the clock. The shell (the `corredor` binary, later the server)
//! loads series, calls these functions and stores or prints their results,
//! which is what lets the backtest replay history with exactly the code
//! path of a live scan, and lets the benchmarks time the algorithms alone.

pub mod backtest;
pub mod bands;
pub mod baseline;
pub mod corridor;
pub mod detect;
mod episodes;
pub mod explain;
pub mod forecast;
pub mod history;
pub mod informed;
pub mod quality;
pub mod seasonal;
pub mod series;
pub mod smoothing;
pub mod synthetic;
pub mod triage;
pub mod volatile;

pub use detect::{Alert, AlertKind, DetectConfig, Level};
pub use forecast::{forecast, Config, ModelKind, Prediction, SeriesForecast};
pub use series::Series;

//! `scan` over many synthetic series, in series per second.
//!     cargo bench -p corredor-warning --bench scan [-- SERIES]
//! A timing, printed, never asserted.

use std::time::Instant;

use corredor_warning::backtest::scan;
use corredor_warning::synthetic::many;
use corredor_warning::DetectConfig;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let months = 60;
    let series = many(n, months, 42);
    let as_of = series[0].period(months - 1);
    let start = Instant::now();
    let alerts = scan(&series, as_of, &DetectConfig::default());
    let secs = start.elapsed().as_secs_f64();
    println!(
        "scan of {n} series × {months} months: {secs:.1} s, {:.0} series/s, {} alerts, {} threads",
        n as f64 / secs,
        alerts.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
}

//! Fault points for the crash tests. A process started with
//! `CORREDOR_FAULT=NAME` aborts (no unwinding, no destructors: as a kill
//! would) when it reaches the point `NAME`, so that a test can stop an
//! import at an exact moment rather than at a random one. Unset, a point
//! costs one environment lookup.

/// The environment variable that names the point to abort at.
pub const VARIABLE: &str = "CORREDOR_FAULT";

/// Aborts the process here if [`VARIABLE`] names this point.
pub fn point(name: &str) {
    if std::env::var_os(VARIABLE).is_some_and(|v| v == name) {
        eprintln!("{VARIABLE}: stopping at {name}");
        std::process::abort();
    }
}

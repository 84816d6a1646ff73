//! Failed sign-ins, by address: after [`ALLOWED`] failures within
//! [`WINDOW`], an address is refused further tries until the window has
//! passed since its first failure. A token cannot be guessed (256 bits),
//! but a stream of tries should neither go unnoticed (each failure is
//! logged, with the address and never the token) nor be served without
//! end. A success clears the address's count.

use std::time::{Duration, Instant};

use quick_cache::sync::Cache;

/// Failures an address may make within [`WINDOW`].
pub const ALLOWED: u32 = 10;
/// How long failures are counted from an address's first one.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Addresses followed at once; beyond, the least used are forgotten.
const FOLLOWED: usize = 10_000;

pub struct Failures {
    by_address: Cache<String, (u32, Instant)>,
}

impl Default for Failures {
    fn default() -> Failures {
        Failures {
            by_address: Cache::new(FOLLOWED),
        }
    }
}

impl Failures {
    /// How long `address` must still wait, if it has failed too often.
    pub fn wait(&self, address: &str) -> Option<Duration> {
        self.wait_at(address, Instant::now())
    }

    fn wait_at(&self, address: &str, now: Instant) -> Option<Duration> {
        let (n, since) = self.by_address.get(address)?;
        let passed = now.saturating_duration_since(since);
        (n >= ALLOWED && passed < WINDOW).then(|| WINDOW - passed)
    }

    /// Counts a failure of `address`.
    pub fn failed(&self, address: &str) {
        self.failed_at(address, Instant::now());
    }

    fn failed_at(&self, address: &str, now: Instant) {
        let next = match self.by_address.get(address) {
            Some((n, since)) if now.saturating_duration_since(since) < WINDOW => (n + 1, since),
            _ => (1, now),
        };
        self.by_address.insert(address.to_string(), next);
        tracing::warn!(
            address,
            failures = next.0,
            "sign-in refused: not a valid token"
        );
    }

    /// Clears `address`'s failures: it has signed in.
    pub fn succeeded(&self, address: &str) {
        self.by_address.remove(address);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_waits_after_its_allowed_failures_until_the_window_ends() {
        let f = Failures::default();
        let start = Instant::now();
        for _ in 0..ALLOWED - 1 {
            f.failed_at("10.0.0.7", start);
        }
        assert_eq!(f.wait_at("10.0.0.7", start), None);
        f.failed_at("10.0.0.7", start);
        let later = start + Duration::from_secs(60);
        assert_eq!(
            f.wait_at("10.0.0.7", later),
            Some(WINDOW - Duration::from_secs(60))
        );
        assert_eq!(f.wait_at("10.0.0.8", later), None, "another address");
        assert_eq!(f.wait_at("10.0.0.7", start + WINDOW), None);
        // A failure after the window starts a new count.
        f.failed_at("10.0.0.7", start + WINDOW);
        assert_eq!(f.wait_at("10.0.0.7", start + WINDOW), None);
        f.succeeded("10.0.0.7");
        assert!(f.by_address.get("10.0.0.7").is_none());
    }
}

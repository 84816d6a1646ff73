//! Triage: which alerts matter most, so that a list of eighty is read from
//! the top.
//!
//! An alert's priority adds five parts, each bounded so that no one of
//! them drowns the others:
//!
//! | part | points |
//! |---|---|
//! | level | watch 0, warning 20, emergency 40 |
//! | size: people beyond the figure the level rests on (`Alert::excess`) | 10 × log10(1 + excess), at most 40 |
//! | surprise: −log10 of the probability (surge), growth ratio (emergence) | at most 10 |
//! | persistence: months running | 2 per month, at most 12 |
//! | reach: places downstream | 3 per place, at most 15 |
//!
//! A data-quality notice is not a movement: it takes its size from how far
//! the figures moved, no level, surprise or reach, and so comes after the
//! movements of its size.

use crate::detect::{Alert, AlertKind, Level};

/// The priority of `alert`, with `reach` places downstream; 0 to 117.
pub fn priority(alert: &Alert, reach: usize) -> f64 {
    let excess = alert.excess.abs();
    let size = (10.0 * excess.ln_1p() / std::f64::consts::LN_10).min(40.0);
    let p = match alert.kind {
        AlertKind::DataQuality => size,
        AlertKind::Surge | AlertKind::Emergence => {
            let level = match alert.level {
                Level::Watch => 0.0,
                Level::Warning => 20.0,
                Level::Emergency => 40.0,
            };
            let surprise = alert.score.clamp(0.0, 10.0);
            let persistence = (2 * alert.months.min(6)) as f64;
            let reach = (3 * reach.min(5)) as f64;
            level + size + surprise + persistence + reach
        }
    };
    (p * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Explanation;

    fn alert(level: Level, observed: f64, expected: f64, months: usize) -> Alert {
        Alert {
            id: String::new(),
            kind: AlertKind::Surge,
            level,
            key: "PAN/ALL/VEN/irregular_entries".parse().unwrap(),
            period: "2023-08".parse().unwrap(),
            observed,
            expected,
            lo95: 0.0,
            hi95: expected,
            reference: expected,
            excess: (observed - expected).max(0.0),
            score: 3.0,
            months,
            explanation: Explanation::each(|_| String::new()),
            places: Vec::new(),
            covers: None,
        }
    }

    #[test]
    fn bigger_longer_and_wider_movements_come_first() {
        let small = priority(&alert(Level::Warning, 300.0, 100.0, 1), 0);
        let big = priority(&alert(Level::Warning, 30_000.0, 10_000.0, 1), 0);
        let long = priority(&alert(Level::Warning, 300.0, 100.0, 4), 0);
        let far = priority(&alert(Level::Warning, 300.0, 100.0, 1), 3);
        assert!(big > small && long > small && far > small);
        let emergency = priority(&alert(Level::Emergency, 300.0, 100.0, 1), 0);
        assert!(emergency > small);
        // The less likely under the forecast, the higher, up to 10 points.
        let mut surprising = alert(Level::Warning, 300.0, 100.0, 1);
        surprising.score = 7.0;
        assert!((priority(&surprising, 0) - small - 4.0).abs() < 1e-9);
        surprising.score = 30.0;
        assert!((priority(&surprising, 0) - small - 7.0).abs() < 1e-9);
        assert!(priority(&alert(Level::Emergency, 1e9, 0.0, 99), 99) <= 117.0);
    }

    #[test]
    fn a_month_short_of_its_forecast_adds_no_size() {
        // Growth over last year kept it a warning, but it fell far below
        // its forecast: the shortfall is not people to rank it by.
        let mut fell = alert(Level::Warning, 300.0, 1_100.0, 3);
        fell.excess = 0.0;
        let at_forecast = alert(Level::Warning, 1_100.0, 1_100.0, 3);
        assert_eq!(priority(&fell, 0), priority(&at_forecast, 0));
        let mut grew = alert(Level::Warning, 300.0, 1_100.0, 3);
        grew.excess = 236.0;
        assert!(priority(&grew, 0) > priority(&fell, 0));
    }

    #[test]
    fn persistence_counts_six_months_at_most_and_a_notice_only_its_size() {
        let running = |months| {
            let mut a = alert(Level::Warning, 0.0, 0.0, months);
            a.score = 0.0;
            priority(&a, 0)
        };
        // Level 20 and 2 a month up to six.
        assert_eq!(running(5), 30.0);
        assert_eq!(running(6), 32.0);
        assert_eq!(running(7), 32.0);
        // A fall as much as a rise: 999 people off is 10 × log10(1000).
        let mut notice = alert(Level::Watch, 1.0, 1_000.0, 3);
        notice.kind = AlertKind::DataQuality;
        notice.excess = -999.0;
        notice.score = 0.5;
        assert_eq!(priority(&notice, 2), 30.0);
    }
}

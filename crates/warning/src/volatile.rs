//! Which series to judge the bands on when the question is the hard cases:
//! the ones that moved most, chosen on the months before the evaluation so
//! that the choice sees nothing the evaluation scores.

use corredor_model::Period;

use crate::series::Series;

/// The `n` series that moved most before `before`: the largest standard
/// deviation of the month-on-month changes of `ln(1 + count)` over the
/// periods before it, so that the choice uses no month an evaluation from
/// `before` scores. A series with fewer than 13 periods before it is left
/// out (a year of changes at least); ties go to the key's order.
pub fn most_volatile(series: &[Series], before: Period, n: usize) -> Vec<Series> {
    let mut scored: Vec<(f64, &Series)> = series
        .iter()
        .filter_map(|s| {
            let end = usize::try_from(s.start.steps_to(&before)).ok()?;
            let past = &s.values[..end.min(s.values.len())];
            if past.len() < 13 {
                return None;
            }
            let d: Vec<f64> = past
                .windows(2)
                .map(|w| w[1].ln_1p() - w[0].ln_1p())
                .collect();
            let mean = d.iter().sum::<f64>() / d.len() as f64;
            let var = d.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (d.len() - 1) as f64;
            Some((var.sqrt(), s))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.key.to_string().cmp(&b.1.key.to_string()))
    });
    scored.into_iter().take(n).map(|(_, s)| s.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use corredor_model::SeriesKey;

    #[test]
    fn the_most_volatile_are_chosen_on_the_months_before_the_first_origin() {
        let key = |n: &str| -> SeriesKey { format!("USA/ALL/{n}/encounters").parse().unwrap() };
        let start: Period = "2020-01".parse().unwrap();
        let steady = Series {
            key: key("MEX"),
            start,
            values: vec![100.0; 36],
        };
        // Calm for two years, then wild: the wild part is after `before`.
        let mut late = vec![100.0; 24];
        late.extend((0..12).map(|i| if i % 2 == 0 { 1.0 } else { 1000.0 }));
        let late = Series {
            key: key("VEN"),
            start,
            values: late,
        };
        let early = Series {
            key: key("CUB"),
            start,
            values: (0..36)
                .map(|i| if i % 2 == 0 { 10.0 } else { 50.0 })
                .collect(),
        };
        let short = Series {
            key: key("HTI"),
            start: "2021-06".parse().unwrap(),
            values: vec![5.0; 19],
        };
        let all = [steady, late, early, short];
        let before: Period = "2022-01".parse().unwrap();
        let keys = |v: Vec<Series>| v.into_iter().map(|s| s.key.nationality).collect::<Vec<_>>();
        assert_eq!(keys(most_volatile(&all, before, 2)), ["CUB", "MEX"]);
        assert_eq!(keys(most_volatile(&all, before, 9)), ["CUB", "MEX", "VEN"]);
    }
}

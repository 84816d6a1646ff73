//! A series as the early warning sees it: dense, regular counts from a
//! first period on.

use corredor_model::{Period, SeriesKey};

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub key: SeriesKey,
    /// Period of `values[0]`.
    pub start: Period,
    pub values: Vec<f64>,
}

impl Series {
    /// Builds a dense series from observations in period order. A period
    /// missing after the first observation counts as 0: publishers such as
    /// OHSS leave out cells under their threshold, and a nationality that
    /// stopped appearing has, for a warning system, stopped arriving.
    pub fn from_observations(key: SeriesKey, points: &[(Period, f64)]) -> Option<Series> {
        let (first, _) = *points.first()?;
        let last = points.last()?.0;
        let len = first.steps_to(&last) + 1;
        if len <= 0 {
            return None;
        }
        let mut values = vec![0.0; len as usize];
        for (p, v) in points {
            let i = first.steps_to(p);
            if (0..len).contains(&i) {
                values[i as usize] = *v;
            }
        }
        Some(Series {
            key,
            start: first,
            values,
        })
    }

    pub fn period(&self, index: usize) -> Period {
        self.start.offset(index as i64)
    }

    /// Index of `p` in the series, if it is within its span.
    pub fn index_of(&self, p: &Period) -> Option<usize> {
        if p.frequency() != self.start.frequency() {
            return None;
        }
        let i = self.start.steps_to(p);
        (0..self.values.len() as i64)
            .contains(&i)
            .then_some(i as usize)
    }

    /// The series up to and including `p`, zero-filled to `p` if the series
    /// ended earlier (nothing reported since means nothing arrived); `None`
    /// if it starts after `p`.
    pub fn until(&self, p: &Period) -> Option<Series> {
        if p.frequency() != self.start.frequency() {
            return None;
        }
        let i = self.start.steps_to(p);
        if i < 0 {
            return None;
        }
        let mut values: Vec<f64> = self.values.iter().take(i as usize + 1).copied().collect();
        values.resize(i as usize + 1, 0.0);
        Some(Series {
            key: self.key.clone(),
            start: self.start,
            values,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> SeriesKey {
        "USA/ALL/VEN/encounters".parse().unwrap()
    }

    #[test]
    fn gaps_after_the_first_observation_are_zeros() {
        let p = |s: &str| s.parse::<Period>().unwrap();
        let s =
            Series::from_observations(key(), &[(p("2023-01"), 5.0), (p("2023-04"), 7.0)]).unwrap();
        assert_eq!(s.values, vec![5.0, 0.0, 0.0, 7.0]);
        assert_eq!(s.period(3), p("2023-04"));
        assert_eq!(s.until(&p("2023-02")).unwrap().values, vec![5.0, 0.0]);
        assert_eq!(
            s.until(&p("2023-06")).unwrap().values,
            vec![5.0, 0.0, 0.0, 7.0, 0.0, 0.0]
        );
        assert!(s.until(&p("2022-12")).is_none());
        // A period of another frequency is not on its axis.
        assert!(s.until(&p("2023-02-28")).is_none());
        assert!(s.index_of(&p("2023-02-28")).is_none());
        assert!(s.until(&p("2023-W08")).is_none());
    }
}

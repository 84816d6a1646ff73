//! Which exchange rates of a file are new. A rate is a fact of its day:
//! one already known for a date and pair is never revised, so a file that
//! gives it again must give the same figure. No I/O: the caller passes
//! the rates known and those read.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::pledge::{Currency, Rate};

/// Why a file's rates are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("the {base}→{quote} rate of {date} is {known} already; this row says {given}: a day's rate is not revised")]
    Revised {
        /// The file's line.
        line: u64,
        date: NaiveDate,
        base: Currency,
        quote: Currency,
        known: Decimal,
        given: Decimal,
    },
}

/// The rates of `read` (by line) not in `known`, each once, in the
/// file's order; or every line that would revise a known rate (one given
/// earlier in the same file included).
pub fn new_rates(known: &[Rate], read: Vec<(u64, Rate)>) -> Result<Vec<Rate>, Vec<RateError>> {
    let mut known = known.to_vec();
    let mut errors = Vec::new();
    let mut new = Vec::new();
    for (line, r) in read {
        match known
            .iter()
            .find(|k| k.date == r.date && k.base == r.base && k.quote == r.quote)
        {
            Some(k) if k.rate == r.rate => {}
            Some(k) => errors.push(RateError::Revised {
                line,
                date: r.date,
                base: r.base.clone(),
                quote: r.quote.clone(),
                known: k.rate,
                given: r.rate,
            }),
            None => {
                known.push(r.clone());
                new.push(r);
            }
        }
    }
    if errors.is_empty() {
        Ok(new)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(date: &str, rate: &str) -> Rate {
        Rate {
            date: date.parse().unwrap(),
            base: "EUR".parse().unwrap(),
            quote: "USD".parse().unwrap(),
            rate: Decimal::from_str_exact(rate).unwrap(),
        }
    }

    #[test]
    fn a_known_rate_given_again_is_not_new_and_a_different_one_is_refused() {
        let known = [rate("2021-06-01", "1.2")];
        let new = new_rates(
            &known,
            vec![
                (2, rate("2021-06-01", "1.2")),
                (3, rate("2021-06-02", "1.21")),
                (4, rate("2021-06-02", "1.21")),
            ],
        )
        .unwrap();
        assert_eq!(new, vec![rate("2021-06-02", "1.21")]);
        let errors = new_rates(
            &known,
            vec![
                (2, rate("2021-06-01", "1.25")),
                (3, rate("2021-06-02", "1.21")),
                (4, rate("2021-06-02", "1.3")),
            ],
        )
        .unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(
            errors[0].to_string(),
            "the EUR→USD rate of 2021-06-01 is 1.2 already; this row says 1.25: a day's rate is not revised"
        );
        assert!(matches!(errors[1], RateError::Revised { line: 4, .. }));
    }

    #[test]
    fn a_rate_is_known_by_its_pair_and_not_by_its_day_alone() {
        let known = [rate("2021-06-01", "1.2")];
        let pair = |base: &str, quote: &str, r: &str| Rate {
            base: base.parse().unwrap(),
            quote: quote.parse().unwrap(),
            ..rate("2021-06-01", r)
        };
        // Other pairs on a day EUR→USD is known: new, not revisions of it
        // (USD→EUR included: an inverse is a rate of its own).
        let read = vec![
            (2, pair("GBP", "USD", "1.4")),
            (3, pair("EUR", "GBP", "0.86")),
            (4, pair("USD", "EUR", "0.83")),
        ];
        let expected: Vec<Rate> = read.iter().map(|(_, r)| r.clone()).collect();
        assert_eq!(new_rates(&known, read), Ok(expected));
    }
}

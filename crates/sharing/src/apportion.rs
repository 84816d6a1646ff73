//! Whole persons from shares, summing exactly to the total.
//!
//! Largest remainder (Hamilton's method): each country first gets the whole
//! part of its exact quota, and the persons left go one each to the largest
//! fractional parts. Chosen because every country then receives its exact
//! quota rounded down or up, never further from it (the quota property,
//! which divisor methods such as D'Hondt do not have), and because the rule
//! fits in a sentence a minister can check by hand. Its known paradox (a
//! larger total can cost a country a person) does not arise for one total
//! decided at once. Ties go to the larger exact share, then to the country
//! listed first, so the answer is the same every time.

/// The largest total [`apportion`] shares exactly: beyond 2^53 a person
/// is below what the shares' arithmetic can tell apart.
pub const MAX_TOTAL: u64 = 1 << 53;

/// Persons for each share (fractions that sum to 1, or nearly), summing
/// exactly to `total` (at most [`MAX_TOTAL`]).
pub fn apportion(shares: &[f64], total: u64) -> Vec<u64> {
    if shares.is_empty() {
        return Vec::new();
    }
    let sum: f64 = shares.iter().map(|s| s.max(0.0)).sum();
    if sum <= 0.0 {
        // No information: equal parts.
        let n = shares.len() as u64;
        return (0..n)
            .map(|i| total / n + u64::from(i < total % n))
            .collect();
    }
    let quotas: Vec<f64> = shares
        .iter()
        .map(|s| s.max(0.0) / sum * total as f64)
        .collect();
    let mut persons: Vec<u64> = quotas.iter().map(|q| q.floor() as u64).collect();
    let given: u64 = persons.iter().sum();
    let mut order: Vec<usize> = (0..shares.len()).collect();
    order.sort_by(|&a, &b| {
        let (fa, fb) = (quotas[a] - quotas[a].floor(), quotas[b] - quotas[b].floor());
        fb.total_cmp(&fa)
            .then(quotas[b].total_cmp(&quotas[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take((total.saturating_sub(given)) as usize) {
        persons[i] += 1;
    }
    persons
}

#[cfg(test)]
mod tests {

    #[test]
    fn equal_remainders_go_to_the_larger_exact_share() {
        assert_eq!(apportion(&[0.25, 0.75], 2), vec![0, 2]);
    }
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn remainders_go_to_the_largest_fractions() {
        assert_eq!(apportion(&[0.5, 0.3, 0.2], 10), vec![5, 3, 2]);
        assert_eq!(apportion(&[0.455, 0.335, 0.21], 10), vec![5, 3, 2]);
        assert_eq!(apportion(&[1.0 / 3.0; 3], 10), vec![4, 3, 3]);
        assert_eq!(apportion(&[0.0, 0.0], 3), vec![2, 1]);
    }

    proptest! {
        #[test]
        fn persons_always_sum_to_the_total_and_stay_within_one_of_the_quota(
            shares in proptest::collection::vec(0.0f64..1.0, 1..40),
            total in 0u64..200_000,
        ) {
            let p = apportion(&shares, total);
            prop_assert_eq!(p.iter().sum::<u64>(), total);
            let sum: f64 = shares.iter().sum();
            if sum > 0.0 {
                for (s, n) in shares.iter().zip(&p) {
                    let q = s / sum * total as f64;
                    prop_assert!((*n as f64) >= q.floor() - 1e-6 && (*n as f64) <= q.ceil() + 1e-6);
                }
            }
        }
    }
}

//! Membership overlap between mechanisms on a date: for each pair, the
//! member states (who vote) they share. Observers and permanent participants are
//! not counted: overlap is about who takes the decisions of both.

use chrono::NaiveDate;
use serde::Serialize;

use crate::registry::Registry;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub shared: usize,
    /// ISO 3166-1 alpha-3, sorted.
    pub countries: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Overlap {
    pub on: NaiveDate,
    pub pairs: Vec<Pair>,
}

/// Every pair of mechanisms in registry order, or, `with` one of them,
/// every pair it is part of, it first.
pub fn overlap(registry: &Registry, on: NaiveDate, with: Option<&str>) -> Overlap {
    let codes: Vec<&str> = registry
        .mechanisms
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    // States only: an organisation admitted as a member does not make two
    // mechanisms share a government.
    let members: Vec<Vec<&str>> = codes
        .iter()
        .map(|c| {
            let mut m = registry.members_on(c, on);
            m.retain(|p| crate::registry::is_state(p));
            m
        })
        .collect();
    let pair = |i: usize, j: usize| {
        let countries: Vec<String> = members[i]
            .iter()
            .filter(|p| members[j].contains(p))
            .map(|p| p.to_string())
            .collect();
        Pair {
            a: codes[i].to_string(),
            b: codes[j].to_string(),
            shared: countries.len(),
            countries,
        }
    };
    let mut pairs = Vec::new();
    match with.and_then(|w| codes.iter().position(|c| c.eq_ignore_ascii_case(w))) {
        Some(i) => {
            for j in (0..codes.len()).filter(|&j| j != i) {
                pairs.push(pair(i, j));
            }
        }
        None => {
            for i in 0..codes.len() {
                for j in i + 1..codes.len() {
                    pairs.push(pair(i, j));
                }
            }
        }
    }
    Overlap { on, pairs }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2023_registry_shares_with_the_declaration_what_its_membership_table_says() {
        let r = crate::seed::registry_2023();
        let o = overlap(&r, "2023-12-31".parse().unwrap(), Some("DLA"));
        let counts: Vec<(&str, usize)> = o.pairs.iter().map(|p| (p.b.as_str(), p.shared)).collect();
        // Counted by hand from the study's membership table: MIRPS 7 and
        // CSM 9 as its text says; CRM 9 with the United States, where the
        // text says 7; Mexico, an observer of CSM, is not counted.
        assert_eq!(
            counts,
            vec![
                ("CAM", 21),
                ("MIRPS", 7),
                ("CRM", 9),
                ("CSM", 9),
                ("QP", 12),
                ("R4V", 12)
            ]
        );
        let crm = &o.pairs[2];
        assert_eq!(
            crm.countries,
            vec!["BLZ", "CAN", "CRI", "GTM", "HND", "MEX", "PAN", "SLV", "USA"]
        );
        assert!(!o.pairs[3].countries.contains(&"MEX".to_string()));
    }

    #[test]
    fn without_a_mechanism_every_pair_is_listed_once() {
        let r = crate::seed::registry_2023();
        let o = overlap(&r, "2023-12-31".parse().unwrap(), None);
        assert_eq!(o.pairs.len(), 7 * 6 / 2);
        let mirps_crm = o
            .pairs
            .iter()
            .find(|p| p.a == "MIRPS" && p.b == "CRM")
            .unwrap();
        assert_eq!(mirps_crm.shared, 7);
    }
}

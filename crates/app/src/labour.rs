//! Labour mobility's use cases: the legal pathways the project ships, and
//! which of them a nationality may use (computed from each pathway's
//! origins, never typed in twice).

use corredor_labour::records::Pathway;

use crate::{Error, Result};

/// The shipped pathways, by destination then id.
pub fn pathways() -> Result<Vec<Pathway>> {
    let mut p = corredor_labour::seed::pathways()
        .map_err(|e| Error::Internal(format!("the shipped pathways do not read: {e}")))?;
    p.sort_by(|a, b| (&a.destination, &a.id).cmp(&(&b.destination, &b.id)));
    Ok(p)
}

/// Every nationality some pathway names, sorted.
pub fn named_nationalities(pathways: &[Pathway]) -> Vec<String> {
    let mut out: Vec<String> = pathways
        .iter()
        .flat_map(|p| match &p.origins {
            corredor_labour::records::Origins::Any => Vec::new(),
            corredor_labour::records::Origins::Only(codes) => codes.clone(),
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hondurans_may_use_spain_s_circular_programme_and_the_open_ones() {
        let p = pathways().unwrap();
        let open: Vec<&str> = p
            .iter()
            .filter(|x| x.origins.admits("HND"))
            .map(|x| x.id.as_str())
            .collect();
        assert!(open.contains(&"ESP-HND-CIRC"));
        assert!(open.contains(&"USA-H2A"));
        assert!(!open.contains(&"SMO-USA"));
        assert!(named_nationalities(&p).contains(&"HND".to_string()));
    }
}

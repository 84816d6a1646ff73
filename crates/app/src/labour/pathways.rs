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

/// A nationality as a query gives it: `None` when empty, else an ISO
/// 3166-1 alpha-3 code in any case, or [`Error::Invalid`] naming it.
pub fn nationality(text: Option<&str>) -> Result<Option<String>> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(n) => {
            let code = n.to_ascii_uppercase();
            if corredor_model::country::by_code(&code).is_none() {
                return Err(Error::Invalid(format!(
                    "unknown country code {n:?}: an ISO 3166-1 alpha-3 code is expected"
                )));
            }
            Ok(Some(code))
        }
    }
}

/// The pathways whose origins admit `nationality` (all of them for none).
pub fn open_to<'a>(pathways: &'a [Pathway], nationality: Option<&str>) -> Vec<&'a Pathway> {
    pathways
        .iter()
        .filter(|p| nationality.is_none_or(|n| p.origins.admits(n)))
        .collect()
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
        let hnd: Vec<&str> = open_to(&p, Some("HND"))
            .iter()
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(hnd, open);
        assert_eq!(open_to(&p, None).len(), p.len());
    }

    #[test]
    fn a_nationality_is_a_known_code_in_any_case_or_nothing() {
        assert_eq!(nationality(Some(" hnd ")).unwrap().as_deref(), Some("HND"));
        assert_eq!(nationality(Some("")).unwrap(), None);
        assert_eq!(nationality(None).unwrap(), None);
        let e = nationality(Some("XQZ")).unwrap_err();
        assert!(matches!(e, Error::Invalid(_)) && e.to_string().contains("XQZ"));
    }
}

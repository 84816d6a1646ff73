//! The legal pathways: those the project ships and those the secretariat
//! adds, and which of them a nationality may use (computed from each
//! pathway's origins, never typed in twice).

use corredor_labour::records::{self, Pathway};
use corredor_model::{Actor, Role};
use corredor_store::Store;

use super::common::{pathway_row, problem, to_pathway, ImportError, Imported};
use crate::{audit, clock, Error, Result};

fn shipped() -> Result<Vec<Pathway>> {
    corredor_labour::seed::pathways()
        .map_err(|e| Error::Internal(format!("the shipped pathways do not read: {e}")))
}

/// Every pathway, shipped and added, by destination then id.
pub fn pathways(store: &mut dyn Store) -> Result<Vec<Pathway>> {
    let mut p = shipped()?;
    for row in corredor_store::labour::pathways(store)? {
        p.push(to_pathway(row)?);
    }
    p.sort_by(|a, b| (&a.destination, &a.id).cmp(&(&b.destination, &b.id)));
    Ok(p)
}

/// Adds the pathways of a file (the layout of `corredor labour match
/// --pathways`), all or nothing (the secretariat). A pathway given again
/// as it is stands unchanged; one whose id is taken by another pathway,
/// shipped or added, is refused at its id.
pub fn import_pathways(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<Imported, ImportError> {
    let outcome = import_pathways_once(store, actor, file, bytes);
    super::common::refusal_audited(store, actor, "labour.pathway.refused", file, outcome)
}

fn import_pathways_once(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<Imported, ImportError> {
    actor.require(&[Role::Secretariat], "adding legal pathways")?;
    let mut problems = Vec::new();
    let read = records::read_pathways_located(file, bytes, &mut problems);
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    corredor_store::transaction(store, |s| -> std::result::Result<Imported, ImportError> {
        let known = pathways(s)?;
        let mut out = Imported::default();
        let mut new = Vec::new();
        for l in read {
            match known.iter().find(|k| k.id == l.item.id) {
                Some(k) if *k == l.item => out.unchanged += 1,
                Some(_) => problems.push(problem(
                    &l.id_at,
                    format!(
                        "pathway {} exists already with other terms; a changed programme takes a new id and its own source",
                        l.item.id
                    ),
                )),
                None => new.push(l.item),
            }
        }
        if !problems.is_empty() {
            return Err(ImportError::Problems(problems));
        }
        let at = clock::now();
        for p in &new {
            corredor_store::labour::insert_pathway(s, &pathway_row(p), &actor.org, &at)?;
        }
        out.new = new.len();
        audit::record(
            s,
            actor,
            "labour.pathway.import",
            file,
            &format!("{} new pathways, {} unchanged", out.new, out.unchanged),
        )?;
        Ok(out)
    })
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
        let p = shipped().unwrap();
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

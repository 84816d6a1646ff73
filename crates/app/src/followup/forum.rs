//! The donors' forum: appeals' requirements, recorded by the secretariat
//! all or nothing, and the coverage of each by the pledges that answer it.
//! Parsing and the coverage arithmetic are `corredor_followup`'s.

use corredor_followup::forum::{self, Coverage};
use corredor_followup::pledge::{self, Currency};
use corredor_store::followup::requirements as rows;
use corredor_store::Store;

use super::common::SECRETARIAT;
use super::needs::{requirements, row};
use super::pledges::{pledges, rates, recipient_resolver, ImportError};
use super::registry::registry;
use crate::auth::Actor;
use crate::{audit, clock, Error, Result};

/// What a requirements import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct RequirementsImported {
    pub new: usize,
    /// Rows the same as a requirement already recorded.
    pub unchanged: usize,
}

/// Records a requirements file in one transaction, all or nothing. A
/// requirement already recorded must be given again exactly as it is:
/// an appeal's revision is a new requirement with its own id and source.
pub fn import_requirements(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<RequirementsImported, ImportError> {
    actor.require(SECRETARIAT, "recording appeals' requirements")?;
    corredor_store::transaction(
        store,
        |s| -> std::result::Result<RequirementsImported, ImportError> {
            let r = registry(s)?;
            let parsed = forum::parse_requirements(file, bytes, &recipient_resolver(&r))
                .map_err(ImportError::Problems)?;
            let known = requirements(s)?;
            let mut out = RequirementsImported::default();
            let mut problems = Vec::new();
            let mut new = Vec::new();
            for (line, q) in parsed {
                match known.iter().find(|k| k.id == q.id) {
                    Some(k) if *k == q => out.unchanged += 1,
                    Some(_) => problems.push(pledge::Problem {
                        at: corredor_model::problem::Position::Text {
                            file: file.into(),
                            line,
                            column: Some(1),
                        },
                        message: format!(
                            "requirement {} is recorded already with other figures; a revised requirement takes a new id and its own source",
                            q.id
                        ),
                    }),
                    None => new.push(q),
                }
            }
            if !problems.is_empty() {
                return Err(ImportError::Problems(problems));
            }
            let at = clock::now();
            for q in &new {
                rows::insert_requirement(s, &row(q), &actor.org, &at)?;
            }
            out.new = new.len();
            audit::record(
                s,
                actor,
                "requirement.import",
                file,
                &format!("{} new requirements, {} unchanged", out.new, out.unchanged),
            )?;
            Ok(out)
        },
    )
}

/// The coverage of every requirement, appeals' totals in `currency`.
pub fn coverage(store: &mut dyn Store, currency: &Currency) -> Result<Coverage> {
    forum::coverage(
        &requirements(store)?,
        &pledges(store)?,
        &rates(store)?,
        currency,
    )
    .map_err(|e| Error::Conflict(e.to_string()))
}

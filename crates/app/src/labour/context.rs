//! Context for the vacancies: each destination's occupational mix of
//! foreign-born and native-born workers from ILOSTAT
//! (`corredor_labour::mix`), imported whole by the secretariat and read
//! by anyone (aggregates of national surveys, not people).

use corredor_labour::isco;
use corredor_labour::mix::{self, OccupationMix, Share};
use corredor_model::{Actor, Role};
use corredor_store::labour::{self as rows, MixRow};
use corredor_store::Store;

use super::common::ImportError;
use crate::{audit, Error, Result};

/// Replaces every country's mix with the file's (the secretariat);
/// returns how many countries have one.
pub fn import_mix(
    store: &mut dyn Store,
    actor: &Actor,
    file: &str,
    bytes: &[u8],
) -> std::result::Result<usize, ImportError> {
    actor.require(&[Role::Secretariat], "importing the occupational mix")?;
    let read = mix::read(file, bytes).map_err(|p| ImportError::Problems(p.0))?;
    let mut out = Vec::new();
    for m in &read {
        for s in &m.shares {
            out.push(MixRow {
                country: m.country.clone(),
                year: i64::from(m.year),
                isco_major: s.group.to_string(),
                foreign_born: s.foreign_born,
                native_born: s.native_born,
                source: m.source.clone(),
            });
        }
    }
    corredor_store::transaction(store, |s| -> std::result::Result<usize, ImportError> {
        rows::replace_mix(s, &out)?;
        audit::record(
            s,
            actor,
            "labour.mix.import",
            file,
            &format!("{} countries", read.len()),
        )?;
        Ok(read.len())
    })
}

/// Every country's mix, by country.
pub fn occupation_mix(store: &mut dyn Store) -> Result<Vec<OccupationMix>> {
    let mut out: Vec<OccupationMix> = Vec::new();
    for r in rows::mix(store)? {
        let group = isco::group(&r.isco_major)
            .map_err(|_| Error::Internal(format!("a stored ISCO-08 group: {:?}", r.isco_major)))?;
        let share = Share {
            group,
            foreign_born: r.foreign_born,
            native_born: r.native_born,
        };
        match out.last_mut() {
            Some(m) if m.country == r.country => m.shares.push(share),
            _ => out.push(OccupationMix {
                country: r.country,
                year: i32::try_from(r.year).unwrap_or_default(),
                shares: vec![share],
                source: r.source,
            }),
        }
    }
    Ok(out)
}

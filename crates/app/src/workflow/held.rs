//! Open alerts judged on figures that a data-quality notice now holds out
//! of the early warning say so, naming the notice: figures revised since
//! they were judged (or part of a break seen since) no longer stand
//! behind what the alert quotes.

use corredor_model::{AlertEventKind, AlertKind, SeriesKey};
use corredor_store::alerts as repo;
use corredor_store::Store;
use corredor_warning::detect::Covers;

use crate::Result;

/// The open surges and emergences whose series and period `covers` holds
/// out and that do not yet name notice `notice` in a `held_by` event.
pub(super) fn unmarked(s: &mut dyn Store, notice: &str, covers: &Covers) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for series in &covers.series {
        let Ok(key) = series.parse::<SeriesKey>() else {
            continue;
        };
        for kind in [AlertKind::Surge, AlertKind::Emergence] {
            let Some(r) = repo::running(s, kind, &key)? else {
                continue;
            };
            if !covers.months.contains(&r.period) {
                continue;
            }
            let told = repo::events(s, &r.id)?
                .iter()
                .any(|e| e.kind == AlertEventKind::HeldBy && e.text == notice);
            if !told {
                out.push(r.id);
            }
        }
    }
    Ok(out)
}

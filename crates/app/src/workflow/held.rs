//! Open alerts judged on figures that a data-quality notice now holds out
//! of the early warning say so, naming the notice: figures revised since
//! they were judged (or part of a break seen since) no longer stand
//! behind what the alert quotes.

use corredor_model::{AlertEventKind, AlertKind};
use corredor_store::alerts as repo;
use corredor_store::{Access, Store};
use corredor_warning::detect::Covers;

use crate::alerts::Query;
use crate::Result;

/// The open surges and emergences whose series and period `covers` holds
/// out and that do not yet name notice `notice` in a `held_by` event. The
/// reporter's open alerts of each kind are read once, however many series
/// the notice covers.
pub(super) fn unmarked(
    s: &mut dyn Store,
    reporter: &str,
    notice: &str,
    covers: &Covers,
) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for kind in [AlertKind::Surge, AlertKind::Emergence] {
        let query = Query {
            kind: Some(kind.to_string()),
            country: Some(reporter.to_string()),
            limit: Some(5000),
            ..Query::active()
        };
        for a in crate::alerts::list(s, &Access::Operator, &query)? {
            let key = a.series_key().to_string();
            if a.reporter != reporter
                || !covers.series.contains(&key)
                || !covers.months.contains(&a.period)
            {
                continue;
            }
            let told = repo::events(s, &a.id)?
                .iter()
                .any(|e| e.kind == AlertEventKind::HeldBy && e.text == notice);
            if !told {
                out.push(a.id);
            }
        }
    }
    Ok(out)
}

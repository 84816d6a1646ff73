//! Reads shared by both backends: the filters, and the SQL that applies
//! them and the sharing rules. The SQL is written once with `{p}` markers
//! for parameters, which each backend numbers in its own dialect (`?N` for
//! SQLite, `$N` for PostgreSQL), so that a filter cannot be forgotten on one
//! backend and kept on the other.

use corredor_model::{Frequency, Period, SeriesKey, ShareLevel, Sharing, Viewer};

use crate::{level_from_db, Access, Result, SeriesSummary, StoreError, StoredObservation};

/// Which series and periods to read. Empty lists mean "any".
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub reporters: Vec<String>,
    pub locations: Vec<String>,
    pub nationalities: Vec<String>,
    pub indicators: Vec<String>,
    pub from: Option<Period>,
    pub to: Option<Period>,
}

/// A page of the series list: the series after `after` in key order
/// (reporter, location, nationality, indicator), at most `limit` of them.
/// A cursor rather than an offset: a page costs the same however far into
/// the list it is, and a series added meanwhile shifts nothing.
#[derive(Debug, Clone)]
pub struct Page {
    pub after: Option<SeriesKey>,
    pub limit: usize,
}

/// How to read observations.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Include the publishers' breakdowns beside the totals.
    pub breakdowns: bool,
    /// Every revision, not only the current one.
    pub history: bool,
    /// The values as they stood at this instant (RFC 3339, UTC): received
    /// by then, and not yet replaced.
    pub as_received: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param {
    Text(String),
}

pub(crate) struct Sql {
    pub text: String,
    pub params: Vec<Param>,
}

impl Sql {
    fn new() -> Sql {
        Sql {
            text: String::new(),
            params: Vec::new(),
        }
    }

    /// Appends `fragment`, whose `{p}` markers take `params` in order.
    fn push(&mut self, fragment: &str, params: impl IntoIterator<Item = String>) {
        self.text.push_str(fragment);
        self.params.extend(params.into_iter().map(Param::Text));
    }

    /// The text with markers numbered for a backend: `?1` or `$1`.
    pub fn numbered(&self, sigil: char) -> String {
        crate::sql::numbered(&self.text, sigil)
    }

    fn any_of(&mut self, column: &str, values: &[String]) {
        if values.is_empty() {
            return;
        }
        let marks = vec!["{p}"; values.len()].join(", ");
        self.push(
            &format!(" AND {column} IN ({marks})"),
            values.iter().cloned(),
        );
    }

    fn visible(&mut self, access: &Access) {
        let (text, params) = visible_sql(access, "o.share", "o.share_with", "s.reporter");
        self.push(&text, params);
    }

    /// An earlier revision is read only by those who may read the current
    /// one too: a publisher who re-sends a value under a narrower sharing
    /// withdraws its past revisions from those it no longer shares with, in
    /// `--history` and `--as-received` as in the current values.
    fn current_visible(&mut self, access: &Access) {
        if matches!(access, Access::Operator) {
            return;
        }
        let (text, params) = visible_sql(access, "c.share", "c.share_with", "s.reporter");
        self.push(
            &format!(
                " AND EXISTS (SELECT 1 FROM observation c WHERE c.series_id = o.series_id \
                 AND c.dims = o.dims AND c.period = o.period AND c.superseded_by IS NULL{text})"
            ),
            params,
        );
    }

    /// A breakdown row is read only by those who may read the current
    /// total it breaks down: its parts add up to the total, so a value
    /// re-sent under a narrower sharing would otherwise be given back by
    /// the parts its publisher's file left as they were.
    fn total_visible(&mut self, access: &Access) {
        if matches!(access, Access::Operator) {
            return;
        }
        let (text, params) = visible_sql(access, "t.share", "t.share_with", "s.reporter");
        self.push(
            &format!(
                " AND (o.dims = '' OR EXISTS (SELECT 1 FROM observation t \
                 WHERE t.series_id = o.series_id AND t.dims = '' AND t.period = o.period \
                 AND t.superseded_by IS NULL{text}))"
            ),
            params,
        );
    }

    fn filters(&mut self, filter: &Filter) {
        self.any_of("s.reporter", &filter.reporters);
        self.any_of("s.location", &filter.locations);
        self.any_of("s.nationality", &filter.nationalities);
        self.any_of("s.indicator", &filter.indicators);
        if let Some(from) = &filter.from {
            let first = |f| Period::first_starting_from(f, from.first_day());
            self.period_bound(">=", first, PAST_EVERY_PERIOD);
        }
        if let Some(to) = &filter.to {
            let last = |f| Period::last_ending_by(f, to.last_day());
            self.period_bound("<=", last, BEFORE_EVERY_PERIOD);
        }
    }

    /// One end of a range of periods, which may be given in another
    /// frequency than a series': each series' periods are compared with
    /// the bound in its own frequency (a range's months, weeks or days
    /// that lie wholly inside it), as text, which orders periods of one
    /// frequency as the calendar does. A bound that no period of a
    /// frequency can meet is `none`, which selects nothing. Written as one
    /// comparison with the series' frequency in a `CASE`, so that both
    /// backends still read a range of the observations' key.
    fn period_bound(&mut self, op: &str, bound: impl Fn(Frequency) -> Option<Period>, none: &str) {
        let text = |f| bound(f).map_or(none.to_string(), |p| p.to_string());
        self.push(
            &format!(
                " AND o.period {op} CASE s.frequency WHEN '{}' THEN {{p}} WHEN '{}' THEN {{p}} ELSE {{p}} END",
                Frequency::Month.as_str(),
                Frequency::Week.as_str(),
            ),
            [
                text(Frequency::Month),
                text(Frequency::Week),
                text(Frequency::Day),
            ],
        );
    }
}

/// Texts that order after and before every period's text.
const PAST_EVERY_PERIOD: &str = "9999";
const BEFORE_EVERY_PERIOD: &str = "0000";

/// The sharing rule as an SQL condition (` AND …`, with `{p}` markers and
/// their parameters) over a table's sharing columns and its owner column,
/// mirroring `Sharing::visible_to`. Every table with shared content
/// (observations, alerts) is filtered by this one function.
pub fn visible_sql(access: &Access, share: &str, with: &str, owner: &str) -> (String, Vec<String>) {
    match access {
        Access::Operator => (String::new(), vec![]),
        Access::Viewer(Viewer::Public) => (
            format!(" AND {share} = '{}'", ShareLevel::Public.as_str()),
            vec![],
        ),
        Access::Viewer(Viewer::Secretariat) => {
            (format!(" AND {share} IN ('public', 'members')"), vec![])
        }
        Access::Viewer(Viewer::Member { country }) => (
            format!(
                " AND ({share} IN ('public', 'members') OR ({share} = 'restricted' AND ({owner} = {{p}} OR (';' || {with} || ';') LIKE {{p}})))"
            ),
            vec![country.clone(), format!("%;{country};%")],
        ),
    }
}

/// Current total observations only.
const CURRENT_TOTALS: &str = " AND o.dims = '' AND o.superseded_by IS NULL";

pub(crate) fn series_sql(filter: &Filter, access: &Access, page: Option<&Page>) -> Sql {
    let mut q = Sql::new();
    q.push(
        "SELECT s.reporter, s.location, s.nationality, s.indicator, s.frequency, \
         MIN(o.period), MAX(o.period), COUNT(*), \
         MAX(CASE WHEN o.share = 'public' THEN 1 ELSE 0 END), \
         MAX(CASE WHEN o.share = 'members' THEN 1 ELSE 0 END), \
         MAX(CASE WHEN o.share = 'restricted' THEN 1 ELSE 0 END) \
         FROM series s CROSS JOIN observation o WHERE o.series_id = s.id",
        [],
    );
    q.push(CURRENT_TOTALS, []);
    q.filters(filter);
    q.visible(access);
    if let Some(after) = page.and_then(|p| p.after.as_ref()) {
        q.push(
            " AND (s.reporter, s.location, s.nationality, s.indicator) > ({p}, {p}, {p}, {p})",
            [
                after.reporter.clone(),
                after.location.to_string(),
                after.nationality.clone(),
                after.indicator.clone(),
            ],
        );
    }
    // Series first, along their unique key (SQLite keeps the tables of a
    // CROSS JOIN in the order written), each one's current totals found by
    // the observations' primary key; grouped and ordered like that index
    // (the id after the key, which is unique anyway), so that no temporary
    // sort is made and a page stops at its limit. Joining the other way,
    // SQLite read every observation and sorted: 45 ms for a page of 500
    // series of the real data instead of 4.
    q.push(
        " GROUP BY s.reporter, s.location, s.nationality, s.indicator, s.id \
         ORDER BY s.reporter, s.location, s.nationality, s.indicator, s.id",
        [],
    );
    if let Some(page) = page {
        q.push(&format!(" LIMIT {}", page.limit), []);
    }
    q
}

/// Columns: reporter, location, nationality, indicator, period, dims,
/// value, revision, source, share, share_with (the current revision's,
/// for an earlier one), received_at, org, file, line, superseded_at, and
/// the revision's own share and share_with.
pub(crate) fn observations_sql(filter: &Filter, options: &ReadOptions, access: &Access) -> Sql {
    let mut q = Sql::new();
    // An earlier revision is written with the narrower of the sharing its
    // value has now (the current revision's) and its own: a file of the
    // figures as they stood then imports back no wider than the publisher
    // shares them today, nor than it shared them then (a value sent
    // restricted and made public since is still a restricted figure).
    let sharing = if options.history || options.as_received.is_some() {
        "COALESCE((SELECT c.share FROM observation c WHERE c.series_id = o.series_id \
         AND c.dims = o.dims AND c.period = o.period AND c.superseded_by IS NULL), o.share), \
         COALESCE((SELECT c.share_with FROM observation c WHERE c.series_id = o.series_id \
         AND c.dims = o.dims AND c.period = o.period AND c.superseded_by IS NULL), o.share_with)"
    } else {
        "o.share, o.share_with"
    };
    q.push(
        &format!(
            "SELECT s.reporter, s.location, s.nationality, s.indicator, o.period, o.dims, \
             o.value, o.revision, COALESCE(o.source, b.source), {sharing}, \
             b.received_at, b.org, b.file, o.line, sb.received_at, o.share, o.share_with \
             FROM observation o JOIN series s ON s.id = o.series_id \
             JOIN batch b ON b.id = o.batch_id \
             LEFT JOIN batch sb ON sb.id = o.superseded_by WHERE 1 = 1"
        ),
        [],
    );
    if !options.breakdowns {
        q.push(" AND o.dims = ''", []);
    }
    match (&options.as_received, options.history) {
        (_, true) => {}
        (Some(t), false) => q.push(
            " AND b.received_at <= {p} AND (sb.received_at IS NULL OR sb.received_at > {p})",
            [t.clone(), t.clone()],
        ),
        (None, false) => q.push(" AND o.superseded_by IS NULL", []),
    }
    q.filters(filter);
    q.visible(access);
    if options.history || options.as_received.is_some() {
        q.current_visible(access);
    }
    if options.breakdowns {
        q.total_visible(access);
    }
    q.push(
        " ORDER BY s.reporter, s.location, s.nationality, s.indicator, o.dims, o.period, o.revision",
        [],
    );
    q
}

/// The columns of `observations_sql`, as both backends read them.
pub(crate) struct ObservationColumns {
    /// reporter, location, nationality, indicator, period, dims
    pub text: [String; 6],
    pub value: i64,
    pub revision: i64,
    pub source: Option<String>,
    pub share: String,
    pub share_with: String,
    pub received_at: String,
    pub org: String,
    pub file: String,
    pub line: i64,
    pub superseded_at: Option<String>,
    /// The revision's own sharing, which `share` may narrow.
    pub own_share: String,
    pub own_share_with: String,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Invalid(format!(
        "the database holds an invalid {what}: was it edited by hand?"
    ))
}

fn key(
    reporter: String,
    location: &str,
    nationality: String,
    indicator: String,
) -> Result<SeriesKey> {
    Ok(SeriesKey {
        reporter,
        location: location.parse().map_err(|_| corrupt("location"))?,
        nationality,
        indicator,
    })
}

pub(crate) fn observation(c: ObservationColumns) -> Result<StoredObservation> {
    let [reporter, location, nationality, indicator, period, dims] = c.text;
    let list = |text: &str| -> Vec<String> {
        text.split(';')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let sharing = Sharing::new(level_from_db(&c.share), list(&c.share_with)).meet(&Sharing::new(
        level_from_db(&c.own_share),
        list(&c.own_share_with),
    ));
    Ok(StoredObservation {
        key: key(reporter, &location, nationality, indicator)?,
        period: period.parse().map_err(|_| corrupt("period"))?,
        dims,
        value: u64::try_from(c.value).map_err(|_| corrupt("value"))?,
        revision: u32::try_from(c.revision).map_err(|_| corrupt("revision"))?,
        source: c.source,
        sharing,
        received_at: c.received_at,
        org: c.org,
        file: c.file,
        line: c.line.max(0) as u64,
        superseded_at: c.superseded_at,
    })
}

/// Decodes a row of `series_sql`: seven texts (key, frequency, first,
/// last), the count, and whether each sharing level occurs.
pub(crate) fn summary(text: [String; 7], count: i64, shares: [i64; 3]) -> Result<SeriesSummary> {
    let [reporter, location, nationality, indicator, frequency, first, last] = text;
    let levels = [
        ShareLevel::Public,
        ShareLevel::Members,
        ShareLevel::Restricted,
    ];
    Ok(SeriesSummary {
        key: key(reporter, &location, nationality, indicator)?,
        frequency: frequency
            .parse::<Frequency>()
            .map_err(|_| corrupt("frequency"))?,
        first: first.parse().map_err(|_| corrupt("period"))?,
        last: last.parse().map_err(|_| corrupt("period"))?,
        count: count.max(0) as u64,
        shares: levels
            .into_iter()
            .zip(shares)
            .filter(|(_, n)| *n > 0)
            .map(|(l, _)| l)
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_numbered_per_dialect() {
        let mut q = Sql::new();
        q.push(
            "a = {p} AND b IN ({p}, {p})",
            ["1".into(), "2".into(), "3".into()],
        );
        assert_eq!(q.numbered('$'), "a = $1 AND b IN ($2, $3)");
        assert_eq!(q.numbered('?'), "a = ?1 AND b IN (?2, ?3)");
        assert_eq!(q.params.len(), 3);
    }
}

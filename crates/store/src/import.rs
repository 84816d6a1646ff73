//! The import logic both backends share: for each incoming observation,
//! decide whether it is new, unchanged, a revision, or a second mention of
//! the same series and period in one file, and count the outcome. The
//! backends supply only the primitive reads and writes ([`Backend`]), so
//! the rules live here once.

use std::collections::HashMap;

use corredor_model::record::Field;
use corredor_model::{Frequency, Origin, Period, Position, SeriesKey, Sharing};

use crate::{Import, Result};

/// The file being imported and who sent it.
#[derive(Debug, Clone)]
pub struct FileMeta {
    /// The file's name as given on the command line.
    pub file: String,
    pub format: String,
    /// The import's `--source`; rows may carry their own.
    pub source: Option<String>,
    /// The submitting organisation.
    pub org: String,
    /// When the file was received, RFC 3339 in UTC.
    pub received_at: String,
    /// The import's `--share`; rows may carry their own.
    pub sharing: Sharing,
}

/// One observation to import.
#[derive(Debug, Clone)]
pub struct NewObservation<'a> {
    pub key: &'a SeriesKey,
    pub period: Period,
    /// Empty for a total, `name=value;…` for a breakdown.
    pub dims: &'a str,
    pub value: u64,
    pub source: Option<&'a str>,
    pub sharing: Option<&'a Sharing>,
    /// Where the file gives it: a line or a row of a sheet, and its fields' columns.
    pub at: &'a Origin,
}

/// What a file changed. `rows = new + revised + unchanged` counts totals;
/// breakdowns are counted apart.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub new: u64,
    pub revised: u64,
    pub unchanged: u64,
    pub breakdowns: u64,
    /// Some part the file gives is of a total kept `restricted`: the parts
    /// are read through their total, so the import is about restricted
    /// figures whatever sharing its rows state.
    pub parts_of_restricted: bool,
}

/// The current revision of an observation.
pub(crate) struct Current {
    pub revision: i64,
    pub value: i64,
    pub share: String,
    pub share_with: String,
}

/// An observation waiting in a chunk, with its series resolved.
pub(crate) struct Pending {
    pub series_id: i64,
    /// The series was created by this import: nothing is stored for it
    /// but what this import wrote.
    pub fresh: bool,
    pub dims: String,
    pub period: String,
    pub value: i64,
    pub share: &'static str,
    pub share_with: String,
    pub source: Option<String>,
    pub line: i64,
    pub at: Origin,
}

/// What the store already holds for a pending observation.
pub(crate) enum Found {
    /// Mentioned earlier in the same file, on this line.
    Duplicate(i64),
    /// Not mentioned earlier in the file; its current revision, if any.
    Current(Option<Current>),
}

/// What to do with a pending observation, decided from what is stored.
pub(crate) enum Decision {
    New,
    Unchanged,
    /// Supersede this revision and write the next.
    Revise(i64),
    Duplicate(i64),
}

/// The one rule of revisions: a value (or sharing) that differs from the
/// current revision is a new revision; the same is no change.
pub(crate) fn decide(p: &Pending, found: Found) -> Decision {
    match found {
        Found::Duplicate(line) => Decision::Duplicate(line),
        Found::Current(None) => Decision::New,
        Found::Current(Some(c)) => {
            if c.value == p.value && c.share == p.share && c.share_with == p.share_with {
                Decision::Unchanged
            } else {
                Decision::Revise(c.revision)
            }
        }
    }
}

/// The primitive operations an import needs, inside one transaction.
/// Observations arrive in chunks so that a client–server backend can do
/// each step for a whole chunk in one round trip.
pub(crate) trait Backend {
    fn insert_batch(&mut self, meta: &FileMeta) -> Result<i64>;
    /// Records the batch's counts and the file's SHA-256, or deletes the
    /// batch if it changed nothing.
    fn finish_batch(
        &mut self,
        batch: i64,
        counts: &Counts,
        changed: bool,
        sha256: &str,
    ) -> Result<()>;
    fn indicator_exists(&mut self, code: &str) -> Result<bool>;
    /// The current total (no breakdown) of a series' period, if it has
    /// one, with its sharing level (`public`, `members`, `restricted`).
    fn total(&mut self, series: i64, period: &str) -> Result<Option<(u64, String)>>;
    /// The largest current part of a series' period's total, if it has any.
    fn largest_part(&mut self, series: i64, period: &str) -> Result<Option<u64>>;
    fn find_series(&mut self, key: &SeriesKey) -> Result<Option<(i64, String)>>;
    fn insert_series(&mut self, key: &SeriesKey, frequency: Frequency) -> Result<i64>;
    /// Forgets which observations the previous file mentioned.
    fn clear_seen(&mut self) -> Result<()>;
    /// Writes a chunk of the current file (batch `batch`): for each
    /// observation, in order, finds what the store holds, decides with
    /// [`decide`] and writes accordingly. An observation the file already
    /// gave is a [`Decision::Duplicate`] and writes nothing.
    fn write_chunk(&mut self, batch: i64, chunk: &[Pending]) -> Result<Vec<Decision>>;
    /// Runs one statement with `{p}` markers in the import's transaction.
    fn execute(&mut self, sql: &str, params: &[crate::Value]) -> Result<u64>;
    fn commit(self) -> Result<()>;
}

/// A series as this import knows it.
#[derive(Debug, Clone, Copy)]
struct Resolved {
    id: i64,
    frequency: Frequency,
    /// Created by this import.
    fresh: bool,
}

/// Observations are looked up and written this many at a time.
const CHUNK: usize = 4096;

/// A problem the store found in the data, at a place of the current file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataProblem {
    pub at: Position,
    pub message: String,
}

pub(crate) struct Importer<B: Backend> {
    backend: B,
    series: HashMap<SeriesKey, Resolved>,
    /// The series of the previous row.
    last: Option<(SeriesKey, Resolved)>,
    keys: HashMap<i64, SeriesKey>,
    indicators: HashMap<String, bool>,
    file: Option<(i64, FileMeta)>,
    chunk: Vec<Pending>,
    counts: Counts,
    breakdowns_changed: u64,
    problems: Vec<DataProblem>,
    /// The current file's parts of a total, by series and period, the
    /// largest of each with its value and where it was given, until the
    /// file's end finds their total in the store (this file's totals are
    /// written by then).
    parts: HashMap<(i64, String), (String, Origin, u64)>,
    /// The totals the current file revised, with their new value and
    /// where it was given: one revised below a part it keeps is refused.
    revised: Vec<(i64, String, u64, Origin)>,
    /// The daily series the current file creates: how many days it gives
    /// each, where the first was given, and whether every one so far is
    /// the first of its month (see [`Importer::months_as_days`]).
    days: HashMap<i64, (usize, Origin, bool)>,
    /// The store's deadline when the import began: past it, the import
    /// rolls back rather than commit (see [`crate::Store::set_deadline`]).
    deadline: Option<std::time::Instant>,
}

impl<B: Backend> Importer<B> {
    pub fn new(backend: B) -> Self {
        Importer {
            backend,
            series: HashMap::new(),
            last: None,
            keys: HashMap::new(),
            indicators: HashMap::new(),
            file: None,
            chunk: Vec::with_capacity(CHUNK),
            counts: Counts::default(),
            breakdowns_changed: 0,
            problems: Vec::new(),
            parts: HashMap::new(),
            revised: Vec::new(),
            days: HashMap::new(),
            deadline: None,
        }
    }

    /// The import rolls back rather than commit from `deadline` on.
    pub fn until(mut self, deadline: Option<std::time::Instant>) -> Self {
        self.deadline = deadline;
        self
    }

    /// A problem for each daily series the current file creates whose
    /// every day, three or more, is the first of a month: monthly figures
    /// dated as a spreadsheet dates a month ("2023-01-01"), which read as
    /// days would put a zero on every other day and make each figure a
    /// movement from nothing. Capacity is reported on a day, and is left
    /// alone.
    fn months_as_days(&mut self) {
        let mut found: Vec<_> = std::mem::take(&mut self.days)
            .into_iter()
            .filter(|(_, (n, _, firsts))| *firsts && *n >= 3)
            .collect();
        found.sort_by_key(|(_, (_, at, _))| at.position().line());
        for (series, (n, at, _)) in found {
            let key = &self.keys[&series];
            self.problems.push(DataProblem {
                at: at.field(Field::Period),
                message: format!(
                    "{key}: each of its {n} days is the first of a month, as a spreadsheet dates a month: write monthly figures as months (2023-01), or send the daily series' every day"
                ),
            });
        }
    }

    /// A problem for each total the current file revised below a part it
    /// keeps from an earlier file (the parts given with it are checked
    /// against it by [`Importer::parts_without_total`]).
    fn totals_below_parts(&mut self) -> Result<()> {
        for (series, period, value, at) in std::mem::take(&mut self.revised) {
            if self.parts.contains_key(&(series, period.clone())) {
                continue;
            }
            let Some(part) = self.backend.largest_part(series, &period)? else {
                continue;
            };
            if part > value {
                let key = &self.keys[&series];
                self.problems.push(DataProblem {
                    at: at.field(Field::Value),
                    message: format!(
                        "{key} {period} is revised to {value}, below a part of {part} it keeps: send its parts again with it"
                    ),
                });
            }
        }
        Ok(())
    }

    /// A problem for each part of a total that neither the current file
    /// nor the store gives (a part is kept beside its total, and alone it
    /// would be shown to no one), and for each part larger than its total.
    fn parts_without_total(&mut self) -> Result<()> {
        let mut parts: Vec<_> = std::mem::take(&mut self.parts).into_iter().collect();
        parts.sort_by_key(|(_, (_, at, _))| at.position().line());
        for ((series, period), (dims, at, value)) in parts {
            let key = &self.keys[&series];
            let total = self.backend.total(series, &period)?;
            if total
                .as_ref()
                .is_some_and(|(_, share)| share == "restricted")
            {
                self.counts.parts_of_restricted = true;
            }
            let (field, message) = match total.map(|(t, _)| t) {
                Some(total) if value <= total => continue,
                Some(total) => (Field::Value, format!(
                    "{key} {period} ({dims}) is {value}, more than its total of {total}: a part cannot exceed the total it is part of"
                )),
                None => (Field::Breakdown, format!(
                    "{key} {period} ({dims}) is a part of a total that neither this file nor the store gives: give the total too, in a row without a breakdown"
                )),
            };
            self.problems.push(DataProblem {
                at: at.field(field),
                message,
            });
        }
        Ok(())
    }

    /// The series' id and whether this import created it. Rows come grouped
    /// by series, so the last one is checked before the map.
    fn series_id(
        &mut self,
        key: &SeriesKey,
        period: &Period,
    ) -> Result<std::result::Result<(i64, bool), (Field, String)>> {
        let frequency = period.frequency();
        let resolved = match &self.last {
            Some((k, resolved)) if k == key => *resolved,
            _ => {
                let resolved = match self.series.get(key) {
                    Some(&r) => r,
                    None => match self.resolve(key, frequency)? {
                        Ok(r) => r,
                        Err(message) => return Ok(Err(message)),
                    },
                };
                self.last = Some((key.clone(), resolved));
                resolved
            }
        };
        let Resolved {
            id,
            frequency: known,
            fresh,
        } = resolved;
        if known != frequency {
            return Ok(Err((
                Field::Period,
                format!(
                    "{key} is a {known} series but {period} is a {frequency}: convert the period, or report it under another indicator"
                ),
            )));
        }
        Ok(Ok((id, fresh)))
    }

    /// Finds or creates a series not seen before in this import.
    fn resolve(
        &mut self,
        key: &SeriesKey,
        frequency: Frequency,
    ) -> Result<std::result::Result<Resolved, (Field, String)>> {
        let known = match self.indicators.get(&key.indicator) {
            Some(&k) => k,
            None => {
                let k = self.backend.indicator_exists(&key.indicator)?;
                self.indicators.insert(key.indicator.clone(), k);
                k
            }
        };
        if !known {
            return Ok(Err((
                Field::Indicator,
                format!(
                    "unknown indicator '{}': see `corredor indicator list`, or add it with `corredor indicator add`",
                    key.indicator
                ),
            )));
        }
        let resolved = match self.backend.find_series(key)? {
            Some((id, f)) => Resolved {
                id,
                frequency: f.parse::<Frequency>().unwrap_or(frequency),
                fresh: false,
            },
            None => Resolved {
                id: self.backend.insert_series(key, frequency)?,
                frequency,
                fresh: true,
            },
        };
        self.series.insert(key.clone(), resolved);
        self.keys.insert(resolved.id, key.clone());
        Ok(Ok(resolved))
    }

    fn flush(&mut self) -> Result<()> {
        if self.chunk.is_empty() {
            return Ok(());
        }
        let Some((batch, _)) = &self.file else {
            return Err(crate::StoreError::Invalid("flush outside a file".into()));
        };
        let batch = *batch;
        let decisions = self.backend.write_chunk(batch, &self.chunk)?;
        for (p, d) in self.chunk.iter().zip(&decisions) {
            let total = p.dims.is_empty();
            match d {
                Decision::Duplicate(first) => {
                    let key = &self.keys[&p.series_id];
                    let what = if total {
                        String::new()
                    } else {
                        format!(" ({})", p.dims)
                    };
                    // Rows of a sheet repeat only within that sheet: a
                    // series belongs to one of them.
                    let earlier = match p.at.position() {
                        Position::Text { .. } => format!("on line {first}"),
                        Position::Cell { .. } => format!("in row {first} of this sheet"),
                    };
                    self.problems.push(DataProblem {
                        at: p.at.field(Field::Period),
                        message: format!(
                            "{key} {}{what} was already given {earlier}: a file gives each series and period once",
                            p.period
                        ),
                    });
                }
                Decision::Unchanged if total => self.counts.unchanged += 1,
                Decision::New if total => self.counts.new += 1,
                Decision::Revise(_) if total => {
                    self.counts.revised += 1;
                    self.revised.push((
                        p.series_id,
                        p.period.clone(),
                        p.value as u64,
                        p.at.clone(),
                    ));
                }
                Decision::Unchanged => {}
                Decision::New | Decision::Revise(_) => self.breakdowns_changed += 1,
            }
            if !matches!(d, Decision::Duplicate(_)) {
                if total {
                    self.counts.rows += 1;
                } else {
                    self.counts.breakdowns += 1;
                }
            }
        }
        self.chunk.clear();
        Ok(())
    }
}

impl<B: Backend> Import for Importer<B> {
    fn start_file(&mut self, meta: &FileMeta) -> Result<()> {
        let batch = self.backend.insert_batch(meta)?;
        self.backend.clear_seen()?;
        self.parts.clear();
        self.revised.clear();
        self.days.clear();
        // A series this import created is new only in the file that
        // created it: the next file finds its observations in the store.
        for r in self.series.values_mut() {
            r.fresh = false;
        }
        if let Some((_, r)) = &mut self.last {
            r.fresh = false;
        }
        self.file = Some((batch, meta.clone()));
        self.counts = Counts::default();
        self.breakdowns_changed = 0;
        Ok(())
    }

    fn add(&mut self, obs: &NewObservation) -> Result<std::result::Result<(), DataProblem>> {
        let sharing = match &self.file {
            Some((_, meta)) => obs.sharing.unwrap_or(&meta.sharing),
            None => return Err(crate::StoreError::Invalid("add before start_file".into())),
        };
        let (share, share_with) = (sharing.level.as_str(), sharing.with_text());
        let (series_id, fresh) = match self.series_id(obs.key, &obs.period)? {
            Ok(r) => r,
            Err((field, message)) => {
                return Ok(Err(DataProblem {
                    at: obs.at.field(field),
                    message,
                }))
            }
        };
        if let (true, true, Period::Day(day)) = (fresh, obs.dims.is_empty(), obs.period) {
            if !corredor_model::capacity::is_capacity(&obs.key.indicator) {
                let e = self
                    .days
                    .entry(series_id)
                    .or_insert_with(|| (0, obs.at.clone(), true));
                e.0 += 1;
                e.2 &= chrono::Datelike::day(&day) == 1;
            }
        }
        if !obs.dims.is_empty() {
            let part = self
                .parts
                .entry((series_id, obs.period.to_string()))
                .or_insert_with(|| (obs.dims.to_string(), obs.at.clone(), obs.value));
            if obs.value > part.2 {
                *part = (obs.dims.to_string(), obs.at.clone(), obs.value);
            }
        }
        self.chunk.push(Pending {
            series_id,
            fresh,
            dims: obs.dims.to_string(),
            period: obs.period.to_string(),
            value: obs.value as i64,
            share,
            share_with,
            source: obs.source.map(str::to_string),
            line: obs.at.position().line() as i64,
            at: obs.at.clone(),
        });
        if self.chunk.len() >= CHUNK {
            self.flush()?;
        }
        Ok(Ok(()))
    }

    fn finish_file(&mut self, sha256: &str) -> Result<(Counts, Vec<DataProblem>)> {
        self.flush()?;
        self.totals_below_parts()?;
        self.parts_without_total()?;
        self.months_as_days();
        let Some((batch, _)) = self.file.take() else {
            return Err(crate::StoreError::Invalid(
                "finish_file before start_file".into(),
            ));
        };
        let changed = self.counts.new + self.counts.revised + self.breakdowns_changed > 0;
        self.backend
            .finish_batch(batch, &self.counts, changed, sha256)?;
        Ok((self.counts, std::mem::take(&mut self.problems)))
    }

    fn audit(&mut self, entry: &crate::AuditEntry) -> Result<()> {
        self.backend
            .execute(crate::audit::INSERT, &entry.params())?;
        Ok(())
    }

    fn mark_scan(&mut self, keys: &std::collections::BTreeSet<SeriesKey>, at: &str) -> Result<()> {
        for key in keys {
            self.backend
                .execute(crate::pending::MARK, &crate::pending::mark_params(key, at))?;
        }
        Ok(())
    }

    fn complete_capacity_tasks(&mut self, reporter: &str, at: &str, by: &str) -> Result<u64> {
        self.backend.execute(
            crate::tasks::DONE_BY_CAPACITY,
            &crate::tasks::done_by_capacity_params(reporter, at, by),
        )
    }

    fn commit(self: Box<Self>) -> Result<()> {
        if crate::past(self.deadline) {
            // Dropped uncommitted, the backend's transaction rolls back.
            return Err(crate::StoreError::TimedOut);
        }
        self.backend.commit()
    }
}

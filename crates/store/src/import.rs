//! The import logic both backends share: for each incoming observation,
//! decide whether it is new, unchanged, a revision, or a second mention of
//! the same series and period in one file, and count the outcome. The
//! backends supply only the primitive reads and writes ([`Backend`]), so
//! the rules live here once.

use std::collections::HashMap;

use corredor_model::{Frequency, Period, SeriesKey, Sharing};

use crate::{Import, Result};

/// The file being imported and who sent it.
#[derive(Debug, Clone)]
pub struct FileMeta {
    /// The file's name as given on the command line.
    pub file: String,
    pub sha256: String,
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
    pub line: u64,
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
}

impl Counts {
    pub fn add(&mut self, other: &Counts) {
        self.rows += other.rows;
        self.new += other.new;
        self.revised += other.revised;
        self.unchanged += other.unchanged;
        self.breakdowns += other.breakdowns;
    }
}

/// The current revision of an observation.
pub(crate) struct Current {
    pub revision: i64,
    pub value: i64,
    pub share: String,
    pub share_with: String,
}

/// A row to write into `observation`.
pub(crate) struct Row<'a> {
    pub series_id: i64,
    pub dims: &'a str,
    pub period: &'a str,
    pub revision: i64,
    pub value: i64,
    pub share: &'a str,
    pub share_with: &'a str,
    pub source: Option<&'a str>,
    pub batch: i64,
    pub line: i64,
}

/// The primitive operations an import needs, inside one transaction.
pub(crate) trait Backend {
    fn insert_batch(&mut self, meta: &FileMeta) -> Result<i64>;
    /// Records the batch's counts, or deletes the batch if it changed nothing.
    fn finish_batch(&mut self, batch: i64, counts: &Counts, changed: bool) -> Result<()>;
    fn indicator_exists(&mut self, code: &str) -> Result<bool>;
    fn find_series(&mut self, key: &SeriesKey) -> Result<Option<(i64, String)>>;
    fn insert_series(&mut self, key: &SeriesKey, frequency: Frequency) -> Result<i64>;
    /// Notes that the current file mentions this observation; returns the
    /// line of an earlier mention in the same file, if there was one.
    fn mark_seen(
        &mut self,
        series_id: i64,
        dims: &str,
        period: &str,
        line: i64,
    ) -> Result<Option<i64>>;
    /// Forgets the mentions of the previous file.
    fn clear_seen(&mut self) -> Result<()>;
    fn current(&mut self, series_id: i64, dims: &str, period: &str) -> Result<Option<Current>>;
    fn supersede(
        &mut self,
        series_id: i64,
        dims: &str,
        period: &str,
        revision: i64,
        batch: i64,
    ) -> Result<()>;
    fn insert_observation(&mut self, row: &Row) -> Result<()>;
    fn commit(self) -> Result<()>;
}

pub(crate) struct Importer<B: Backend> {
    backend: B,
    series: HashMap<SeriesKey, (i64, Frequency)>,
    indicators: HashMap<String, bool>,
    file: Option<(i64, FileMeta)>,
    counts: Counts,
    breakdowns_changed: u64,
}

impl<B: Backend> Importer<B> {
    pub fn new(backend: B) -> Self {
        Importer {
            backend,
            series: HashMap::new(),
            indicators: HashMap::new(),
            file: None,
            counts: Counts::default(),
            breakdowns_changed: 0,
        }
    }

    fn series_id(
        &mut self,
        key: &SeriesKey,
        period: &Period,
    ) -> Result<std::result::Result<i64, String>> {
        let frequency = period.frequency();
        let (id, known) = match self.series.get(key) {
            Some(&(id, f)) => (id, f),
            None => {
                let known = match self.indicators.get(&key.indicator) {
                    Some(&k) => k,
                    None => {
                        let k = self.backend.indicator_exists(&key.indicator)?;
                        self.indicators.insert(key.indicator.clone(), k);
                        k
                    }
                };
                if !known {
                    return Ok(Err(format!(
                        "unknown indicator '{}': see `corredor indicator list`, or add it with `corredor indicator add`",
                        key.indicator
                    )));
                }
                let (id, f) = match self.backend.find_series(key)? {
                    Some((id, f)) => (id, f.parse::<Frequency>().unwrap_or(frequency)),
                    None => (self.backend.insert_series(key, frequency)?, frequency),
                };
                self.series.insert(key.clone(), (id, f));
                (id, f)
            }
        };
        if known != frequency {
            return Ok(Err(format!(
                "{key} is a {known} series but {period} is a {frequency}: convert the period, or report it under another indicator"
            )));
        }
        Ok(Ok(id))
    }
}

impl<B: Backend> Import for Importer<B> {
    fn start_file(&mut self, meta: &FileMeta) -> Result<()> {
        let batch = self.backend.insert_batch(meta)?;
        self.backend.clear_seen()?;
        self.file = Some((batch, meta.clone()));
        self.counts = Counts::default();
        self.breakdowns_changed = 0;
        Ok(())
    }

    fn add(&mut self, obs: &NewObservation) -> Result<std::result::Result<(), String>> {
        let (batch, sharing_default) = match &self.file {
            Some((b, meta)) => (*b, meta.sharing.clone()),
            None => return Err(crate::StoreError::Invalid("add before start_file".into())),
        };
        let series_id = match self.series_id(obs.key, &obs.period)? {
            Ok(id) => id,
            Err(message) => return Ok(Err(message)),
        };
        let period = obs.period.to_string();
        let line = obs.line as i64;
        if let Some(first) = self.backend.mark_seen(series_id, obs.dims, &period, line)? {
            let what = if obs.dims.is_empty() {
                String::new()
            } else {
                format!(" ({})", obs.dims)
            };
            return Ok(Err(format!(
                "{} {period}{what} was already given on line {first}: a file gives each series and period once",
                obs.key
            )));
        }
        let sharing = obs.sharing.unwrap_or(&sharing_default);
        let share = sharing.level.as_str();
        let share_with = sharing.with_text();
        let value = obs.value as i64;
        let current = self.backend.current(series_id, obs.dims, &period)?;
        let revision = match current {
            Some(c) if c.value == value && c.share == share && c.share_with == share_with => {
                if obs.dims.is_empty() {
                    self.counts.rows += 1;
                    self.counts.unchanged += 1;
                } else {
                    self.counts.breakdowns += 1;
                }
                return Ok(Ok(()));
            }
            Some(c) => {
                self.backend
                    .supersede(series_id, obs.dims, &period, c.revision, batch)?;
                c.revision + 1
            }
            None => 1,
        };
        self.backend.insert_observation(&Row {
            series_id,
            dims: obs.dims,
            period: &period,
            revision,
            value,
            share,
            share_with: &share_with,
            source: obs.source,
            batch,
            line,
        })?;
        if obs.dims.is_empty() {
            self.counts.rows += 1;
            if revision == 1 {
                self.counts.new += 1;
            } else {
                self.counts.revised += 1;
            }
        } else {
            self.counts.breakdowns += 1;
            self.breakdowns_changed += 1;
        }
        Ok(Ok(()))
    }

    fn finish_file(&mut self) -> Result<Counts> {
        let Some((batch, _)) = self.file.take() else {
            return Err(crate::StoreError::Invalid(
                "finish_file before start_file".into(),
            ));
        };
        let changed = self.counts.new + self.counts.revised + self.breakdowns_changed > 0;
        self.backend.finish_batch(batch, &self.counts, changed)?;
        Ok(self.counts)
    }

    fn commit(self: Box<Self>) -> Result<()> {
        self.backend.commit()
    }
}

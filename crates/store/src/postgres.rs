//! The PostgreSQL backend, for several server instances on one database.
//! Imports take a transaction-scoped advisory lock, so that two instances
//! importing at once run one after the other instead of failing on each
//! other's new series.

use std::collections::{HashMap, HashSet};

use corredor_model::{Frequency, Indicator, SeriesKey};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};

use crate::import::{decide, Backend, Current, Decision, FileMeta, Found, Importer, Pending};
use crate::query::{self, Page, Param, Sql};
use crate::{
    Access, Backend as Dialect, Batch, Counts, Filter, Import, ReadOptions, Result, Row,
    SeriesSummary, Store, StoreError, StoredObservation, Value,
};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// Key of the advisory lock that writers take in turn ("CORREDOR" in
/// ASCII): imports and every transaction of the use cases.
const WRITE_LOCK: i64 = 0x434F_5252_4544_4F52;
/// Key of the lock that a connection holds while it runs the migrations
/// at start ("CORRMIGR").
const MIGRATION_LOCK: i64 = 0x434F_5252_4D49_4752;

pub(crate) struct PgStore {
    client: Client,
    /// Prepared statements of `execute` and `query`, by text: the server
    /// runs the same few again and again.
    prepared: HashMap<String, Statement>,
    /// See [`Store::set_deadline`].
    deadline: Option<std::time::Instant>,
    /// Whether [`Store::begin`] opened a transaction not yet ended.
    in_transaction: bool,
}

impl PgStore {
    pub fn open(url: &str) -> Result<PgStore> {
        let mut client = Client::connect(url, NoTls)?;
        // Two instances starting together must not both run the migrations.
        // Their own lock, not the writers': a connection opened while an
        // import holds its turn (minutes, for a large file) does not wait
        // for it to read.
        client.execute("SELECT pg_advisory_lock($1)", &[&MIGRATION_LOCK])?;
        // Grouped, in one transaction with their rows in the history: see
        // the SQLite store (a kill between a migration and its record left
        // a store no later start could migrate).
        let migrated = embedded::migrations::runner()
            .set_grouped(true)
            .run(&mut client);
        client.execute("SELECT pg_advisory_unlock($1)", &[&MIGRATION_LOCK])?;
        migrated?;
        // A writer waits for the others' turns (`begin`) as long as SQLite
        // does (`busy_timeout`), then fails rather than wait for ever.
        client.batch_execute("SET lock_timeout = '30s'")?;
        let mut tx = client.transaction()?;
        for i in corredor_model::indicator::built_in() {
            tx.execute(
                "INSERT INTO indicator (code, description_en, description_es) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
                &[&i.code, &i.description_en, &i.description_es],
            )?;
        }
        tx.commit()?;
        Ok(PgStore {
            client,
            prepared: HashMap::new(),
            deadline: None,
            in_transaction: false,
        })
    }

    fn prepare(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client.prepare(&crate::sql::numbered(sql, '$'))?;
        if self.prepared.len() > 256 {
            self.prepared.clear();
        }
        self.prepared.insert(sql.to_string(), stmt.clone());
        Ok(stmt)
    }

    fn params(sql: &Sql) -> Vec<&(dyn ToSql + Sync)> {
        sql.params
            .iter()
            .map(|p| match p {
                Param::Text(t) => t as &(dyn ToSql + Sync),
            })
            .collect()
    }
}

struct PgImport<'c> {
    tx: postgres::Transaction<'c>,
    statements: HashMap<&'static str, Statement>,
}

impl PgImport<'_> {
    /// A prepared statement, prepared once per import.
    fn statement(&mut self, sql: &'static str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql)?;
        self.statements.insert(sql, s.clone());
        Ok(s)
    }
}

impl Backend for PgImport<'_> {
    fn insert_batch(&mut self, m: &FileMeta) -> Result<i64> {
        let row = self.tx.query_one(
            "INSERT INTO batch (file, sha256, format, source, org, received_at) VALUES ($1, '', $2, $3, $4, $5) RETURNING id",
            &[&m.file, &m.format, &m.source, &m.org, &m.received_at],
        )?;
        Ok(row.get(0))
    }

    fn finish_batch(&mut self, batch: i64, c: &Counts, changed: bool, sha256: &str) -> Result<()> {
        if changed {
            self.tx.execute(
                "UPDATE batch SET rows = $2, new = $3, revised = $4, sha256 = $5 WHERE id = $1",
                &[
                    &batch,
                    &(c.rows as i64),
                    &(c.new as i64),
                    &(c.revised as i64),
                    &sha256,
                ],
            )?;
        } else {
            self.tx
                .execute("DELETE FROM batch WHERE id = $1", &[&batch])?;
        }
        Ok(())
    }

    fn indicator_exists(&mut self, code: &str) -> Result<bool> {
        let s = self.statement("SELECT 1 FROM indicator WHERE code = $1")?;
        Ok(self.tx.query_opt(&s, &[&code])?.is_some())
    }

    fn total(&mut self, series: i64, period: &str) -> Result<Option<(u64, String)>> {
        let s = self.statement(
            "SELECT value, share FROM observation WHERE series_id = $1 AND dims = '' AND period = $2 \
             AND superseded_by IS NULL",
        )?;
        Ok(self
            .tx
            .query_opt(&s, &[&series, &period])?
            .map(|r| (r.get::<_, i64>(0) as u64, r.get::<_, String>(1))))
    }

    fn largest_part(&mut self, series: i64, period: &str) -> Result<Option<u64>> {
        let s = self.statement(
            "SELECT MAX(value) FROM observation WHERE series_id = $1 AND dims <> '' \
             AND period = $2 AND superseded_by IS NULL",
        )?;
        Ok(self
            .tx
            .query_one(&s, &[&series, &period])?
            .get::<_, Option<i64>>(0)
            .map(|v| v as u64))
    }

    fn find_series(&mut self, k: &SeriesKey) -> Result<Option<(i64, String)>> {
        let s = self.statement(
            "SELECT id, frequency FROM series WHERE reporter = $1 AND location = $2 AND nationality = $3 AND indicator = $4",
        )?;
        Ok(self
            .tx
            .query_opt(
                &s,
                &[
                    &k.reporter,
                    &k.location.as_str(),
                    &k.nationality,
                    &k.indicator,
                ],
            )?
            .map(|r| (r.get(0), r.get(1))))
    }

    fn insert_series(&mut self, k: &SeriesKey, f: Frequency) -> Result<i64> {
        let row = self.tx.query_one(
            "INSERT INTO series (reporter, location, nationality, indicator, frequency) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            &[&k.reporter, &k.location.as_str(), &k.nationality, &k.indicator, &f.as_str()],
        )?;
        Ok(row.get(0))
    }

    fn clear_seen(&mut self) -> Result<()> {
        self.tx.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS seen (series_id BIGINT NOT NULL, dims TEXT NOT NULL, period TEXT NOT NULL, line BIGINT NOT NULL, PRIMARY KEY (series_id, dims, period)) ON COMMIT DROP;
             DELETE FROM seen;",
        )?;
        Ok(())
    }

    // Each step is one statement over the whole chunk, passed as arrays and
    // expanded with unnest: a few round trips per chunk instead of several
    // per row.
    fn write_chunk(&mut self, batch: i64, chunk: &[Pending]) -> Result<Vec<Decision>> {
        let found = self.lookup(chunk)?;
        let decisions: Vec<Decision> = chunk.iter().zip(found).map(|(p, f)| decide(p, f)).collect();
        self.apply(batch, chunk, &decisions)?;
        Ok(decisions)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        crate::sql::refuse_nul(params)?;
        let stmt = self.tx.prepare(&crate::sql::numbered(sql, '$'))?;
        let bound: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as _).collect();
        Ok(self.tx.execute(&stmt, &bound)?)
    }

    fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

impl PgImport<'_> {
    fn lookup(&mut self, chunk: &[Pending]) -> Result<Vec<Found>> {
        let ids: Vec<i64> = chunk.iter().map(|p| p.series_id).collect();
        let dims: Vec<&str> = chunk.iter().map(|p| p.dims.as_str()).collect();
        let periods: Vec<&str> = chunk.iter().map(|p| p.period.as_str()).collect();
        let lines: Vec<i64> = chunk.iter().map(|p| p.line).collect();
        let mark = self.statement(
            "INSERT INTO seen (series_id, dims, period, line) \
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[]) \
             ON CONFLICT DO NOTHING RETURNING series_id, dims, period, line",
        )?;
        let inserted: HashSet<(i64, String, String, i64)> = self
            .tx
            .query(&mark, &[&ids, &dims, &periods, &lines])?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect();
        let is_new = |p: &Pending| {
            inserted.contains(&(p.series_id, p.dims.clone(), p.period.clone(), p.line))
        };
        let mut first_lines: HashMap<(i64, String, String), i64> = HashMap::new();
        if chunk.iter().any(|p| !is_new(p)) {
            let first = self.statement(
                "SELECT s.series_id, s.dims, s.period, s.line FROM seen s \
                 JOIN unnest($1::bigint[], $2::text[], $3::text[]) AS k(series_id, dims, period) \
                 ON s.series_id = k.series_id AND s.dims = k.dims AND s.period = k.period",
            )?;
            for r in self.tx.query(&first, &[&ids, &dims, &periods])? {
                first_lines.insert((r.get(0), r.get(1), r.get(2)), r.get(3));
            }
        }
        let current = self.statement(
            "SELECT o.series_id, o.dims, o.period, o.revision, o.value, o.share, o.share_with FROM observation o \
             JOIN unnest($1::bigint[], $2::text[], $3::text[]) AS k(series_id, dims, period) \
             ON o.series_id = k.series_id AND o.dims = k.dims AND o.period = k.period \
             WHERE o.superseded_by IS NULL",
        )?;
        let mut currents: HashMap<(i64, String, String), Current> = HashMap::new();
        for r in self.tx.query(&current, &[&ids, &dims, &periods])? {
            currents.insert(
                (r.get(0), r.get(1), r.get(2)),
                Current {
                    revision: r.get(3),
                    value: r.get(4),
                    share: r.get(5),
                    share_with: r.get(6),
                },
            );
        }
        Ok(chunk
            .iter()
            .map(|p| {
                let key = (p.series_id, p.dims.clone(), p.period.clone());
                if is_new(p) {
                    Found::Current(currents.remove(&key))
                } else {
                    Found::Duplicate(first_lines.get(&key).copied().unwrap_or(p.line))
                }
            })
            .collect())
    }

    fn apply(&mut self, batch: i64, chunk: &[Pending], decisions: &[Decision]) -> Result<()> {
        let revised: Vec<(&Pending, i64)> = chunk
            .iter()
            .zip(decisions)
            .filter_map(|(p, d)| match d {
                Decision::Revise(r) => Some((p, *r)),
                _ => None,
            })
            .collect();
        if !revised.is_empty() {
            let s = self.statement(
                "UPDATE observation o SET superseded_by = $1 \
                 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[]) AS k(series_id, dims, period, revision) \
                 WHERE o.series_id = k.series_id AND o.dims = k.dims AND o.period = k.period AND o.revision = k.revision",
            )?;
            let ids: Vec<i64> = revised.iter().map(|(p, _)| p.series_id).collect();
            let dims: Vec<&str> = revised.iter().map(|(p, _)| p.dims.as_str()).collect();
            let periods: Vec<&str> = revised.iter().map(|(p, _)| p.period.as_str()).collect();
            let revisions: Vec<i64> = revised.iter().map(|(_, r)| *r).collect();
            self.tx
                .execute(&s, &[&batch, &ids, &dims, &periods, &revisions])?;
        }
        let written: Vec<(&Pending, i64)> = chunk
            .iter()
            .zip(decisions)
            .filter_map(|(p, d)| match d {
                Decision::New => Some((p, 1)),
                Decision::Revise(r) => Some((p, r + 1)),
                _ => None,
            })
            .collect();
        if written.is_empty() {
            return Ok(());
        }
        let s = self.statement(
            "INSERT INTO observation (series_id, dims, period, revision, value, share, share_with, source, batch_id, line) \
             SELECT series_id, dims, period, revision, value, share, share_with, source, $1, line \
             FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::text[], $8::text[], $9::text[], $10::bigint[]) \
             AS k(series_id, dims, period, revision, value, share, share_with, source, line)",
        )?;
        let col_i = |f: &dyn Fn(&Pending, i64) -> i64| -> Vec<i64> {
            written.iter().map(|(p, r)| f(p, *r)).collect()
        };
        let ids = col_i(&|p, _| p.series_id);
        let revisions = col_i(&|_, r| r);
        let values = col_i(&|p, _| p.value);
        let lines = col_i(&|p, _| p.line);
        let dims: Vec<&str> = written.iter().map(|(p, _)| p.dims.as_str()).collect();
        let periods: Vec<&str> = written.iter().map(|(p, _)| p.period.as_str()).collect();
        let shares: Vec<&str> = written.iter().map(|(p, _)| p.share).collect();
        let withs: Vec<&str> = written.iter().map(|(p, _)| p.share_with.as_str()).collect();
        let sources: Vec<Option<&str>> = written.iter().map(|(p, _)| p.source.as_deref()).collect();
        self.tx.execute(
            &s,
            &[
                &batch, &ids, &dims, &periods, &revisions, &values, &shares, &withs, &sources,
                &lines,
            ],
        )?;
        Ok(())
    }
}

impl Store for PgStore {
    fn begin_import(&mut self) -> Result<Box<dyn Import + '_>> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?;
        Ok(Box::new(
            Importer::new(PgImport {
                tx,
                statements: HashMap::new(),
            })
            .until(self.deadline),
        ))
    }

    fn series_page(
        &mut self,
        filter: &Filter,
        access: &Access,
        page: Option<&Page>,
    ) -> Result<Vec<SeriesSummary>> {
        let sql = query::series_sql(filter, access, page);
        let rows = self.client.query(&sql.numbered('$'), &Self::params(&sql))?;
        rows.iter()
            .map(|r| {
                query::summary(
                    [
                        r.get(0),
                        r.get(1),
                        r.get(2),
                        r.get(3),
                        r.get(4),
                        r.get(5),
                        r.get(6),
                    ],
                    r.get(7),
                    [
                        r.get::<_, i32>(8) as i64,
                        r.get::<_, i32>(9) as i64,
                        r.get::<_, i32>(10) as i64,
                    ],
                )
            })
            .collect()
    }

    fn observations(
        &mut self,
        filter: &Filter,
        options: &ReadOptions,
        access: &Access,
        each: &mut dyn FnMut(StoredObservation) -> Result<()>,
    ) -> Result<()> {
        let sql = query::observations_sql(filter, options, access);
        let params = Self::params(&sql);
        let rows = self
            .client
            .query_raw(&sql.numbered('$'), params.iter().copied())?;
        use postgres::fallible_iterator::FallibleIterator;
        let mut rows = rows;
        while let Some(r) = rows.next()? {
            each(query::observation(query::ObservationColumns {
                text: [r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5)],
                value: r.get(6),
                revision: r.get(7),
                source: r.get(8),
                share: r.get(9),
                share_with: r.get(10),
                received_at: r.get(11),
                org: r.get(12),
                file: r.get(13),
                line: r.get(14),
                superseded_at: r.get(15),
                own_share: r.get(16),
                own_share_with: r.get(17),
            })?)?;
        }
        Ok(())
    }

    fn indicators(&mut self) -> Result<Vec<Indicator>> {
        Ok(self
            .client
            .query(
                "SELECT code, description_en, description_es FROM indicator ORDER BY code",
                &[],
            )?
            .iter()
            .map(|r| Indicator {
                code: r.get(0),
                description_en: r.get(1),
                description_es: r.get(2),
            })
            .collect())
    }

    fn add_indicator(&mut self, i: &Indicator) -> Result<()> {
        self.client.execute(
            "INSERT INTO indicator (code, description_en, description_es) VALUES ($1, $2, $3) \
             ON CONFLICT (code) DO UPDATE SET description_en = excluded.description_en, description_es = excluded.description_es",
            &[&i.code, &i.description_en, &i.description_es],
        )?;
        Ok(())
    }

    fn batches(&mut self) -> Result<Vec<Batch>> {
        Ok(self
            .client
            .query(
                "SELECT id, file, sha256, format, source, org, received_at, rows, new, revised FROM batch ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| Batch {
                id: r.get(0),
                file: r.get(1),
                sha256: r.get(2),
                format: r.get(3),
                source: r.get(4),
                org: r.get(5),
                received_at: r.get(6),
                rows: r.get::<_, i64>(7) as u64,
                new: r.get::<_, i64>(8) as u64,
                revised: r.get::<_, i64>(9) as u64,
            })
            .collect())
    }

    fn backend(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        // Outside a transaction a statement commits as it runs.
        if !self.in_transaction && crate::past(self.deadline) {
            return Err(StoreError::TimedOut);
        }
        crate::sql::refuse_nul(params)?;
        let stmt = self.prepare(sql)?;
        let bound: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as _).collect();
        Ok(self.client.execute(&stmt, &bound)?)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        crate::sql::refuse_nul(params)?;
        let stmt = self.prepare(sql)?;
        let bound: Vec<&(dyn ToSql + Sync)> = params.iter().map(|v| v as _).collect();
        let rows = self.client.query(&stmt, &bound)?;
        let columns: std::sync::Arc<[String]> = stmt
            .columns()
            .iter()
            .map(|c| c.name().to_string())
            .collect();
        rows.iter().map(|r| pg_row(r, &columns)).collect()
    }

    fn check_statement(&mut self, sql: &str) -> Result<()> {
        self.prepare(sql)?;
        Ok(())
    }

    /// Writers take turns, as on SQLite (`BEGIN IMMEDIATE`): a use case
    /// reads, checks and writes in one transaction (a step not yet
    /// verified, a worker still registered, a participant still in its
    /// group), and at READ COMMITTED another instance could change what
    /// it read between its check and its write. The lock is the
    /// transaction's, released by its commit or rollback.
    fn begin(&mut self) -> Result<()> {
        self.client.batch_execute("BEGIN")?;
        // A turn not given within `lock_timeout` is `Busy`; the connection
        // is left outside any transaction, fit for the next request.
        if let Err(e) = self
            .client
            .execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        {
            let _ = self.client.batch_execute("ROLLBACK");
            return Err(e.into());
        }
        self.in_transaction = true;
        Ok(())
    }

    fn commit(&mut self) -> Result<()> {
        self.in_transaction = false;
        Ok(self.client.batch_execute("COMMIT")?)
    }

    fn rollback(&mut self) -> Result<()> {
        self.in_transaction = false;
        Ok(self.client.batch_execute("ROLLBACK")?)
    }

    fn set_deadline(&mut self, deadline: Option<std::time::Instant>) {
        self.deadline = deadline;
    }

    fn deadline(&self) -> Option<std::time::Instant> {
        self.deadline
    }
}

fn pg_row(r: &postgres::Row, columns: &std::sync::Arc<[String]>) -> Result<Row> {
    use postgres::types::Type;
    let mut row = Vec::with_capacity(r.len());
    for (i, c) in r.columns().iter().enumerate() {
        let t = c.type_();
        let v = if *t == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)?.map(Value::Int)
        } else if *t == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *t == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *t == Type::FLOAT8 {
            r.try_get::<_, Option<f64>>(i)?.map(Value::Real)
        } else if *t == Type::FLOAT4 {
            r.try_get::<_, Option<f32>>(i)?
                .map(|v| Value::Real(v.into()))
        } else if *t == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)?
                .map(|v| Value::Int(v.into()))
        } else if *t == Type::NUMERIC {
            return Err(StoreError::Invalid(format!(
                "column {} is NUMERIC: cast it to BIGINT or DOUBLE PRECISION",
                c.name()
            )));
        } else {
            r.try_get::<_, Option<String>>(i)?.map(Value::Text)
        };
        row.push(v.unwrap_or(Value::Null));
    }
    Ok(Row::new(columns.clone(), row))
}

/// Parameters are bound by their value's kind, whatever the column's type:
/// the statements are written for both backends, and SQLite has no types
/// to infer from.
impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &postgres::types::Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> std::result::Result<postgres::types::IsNull, Box<dyn std::error::Error + Sync + Send>>
    {
        use postgres::types::Type;
        match self {
            Value::Null => Ok(postgres::types::IsNull::Yes),
            Value::Int(i) => {
                if *ty == Type::INT4 {
                    i32::try_from(*i)?.to_sql(ty, out)
                } else if *ty == Type::FLOAT8 {
                    (*i as f64).to_sql(ty, out)
                } else {
                    i.to_sql(ty, out)
                }
            }
            Value::Real(r) => r.to_sql(ty, out),
            Value::Text(t) => t.to_sql(ty, out),
        }
    }

    fn accepts(_: &postgres::types::Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

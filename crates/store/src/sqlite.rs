//! The SQLite backend: one file, no server. WAL journal so that readers
//! (the server) do not wait for an import, and imports in one IMMEDIATE
//! transaction so that a killed process leaves the file as it was.

use corredor_model::{Frequency, Indicator, SeriesKey};
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::import::{decide, Backend, Current, Decision, FileMeta, Found, Importer, Pending};
use crate::query::{self, Page, Param, Sql};
use crate::{
    Access, Backend as Dialect, Batch, Counts, Filter, Import, ReadOptions, Result, Row,
    SeriesSummary, Store, StoreError, StoredObservation, Value,
};

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

pub(crate) struct SqliteStore {
    conn: Connection,
    /// See [`Store::set_deadline`].
    deadline: Option<std::time::Instant>,
}

impl SqliteStore {
    pub fn open(path: &str) -> Result<SqliteStore> {
        // The connection is never shared between threads, so SQLite's own
        // mutexes are pure overhead.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        // Larger pages halve the B-tree splits of a bulk import; this only
        // takes effect when the file is created (before the first table).
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // The schema declares its foreign keys (PostgreSQL enforces them),
        // but SQLite checking them costs a fifth of an import: two extra
        // lookups per row for ids this same transaction just read or
        // created. The tests run `PRAGMA foreign_key_check` after imports.
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        // Grouped: every pending migration and its row in the history
        // commit together. One at a time, refinery commits a migration and
        // then records it, and a process killed between the two leaves a
        // store that no later start can migrate ("already exists").
        // Two processes creating the same store at once both find nothing
        // applied; the second's group fails on a table the first created,
        // and rolls back whole. Run again, it finds the migrations applied.
        let mut tries = 0;
        loop {
            match embedded::migrations::runner()
                .set_grouped(true)
                .run(&mut conn)
            {
                Ok(_) => break,
                Err(e) if tries < 5 && e.to_string().contains("already exists") => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * tries));
                }
                Err(e) => return Err(e.into()),
            }
        }
        let tx = conn.transaction()?;
        for i in corredor_model::indicator::built_in() {
            tx.execute(
                "INSERT OR IGNORE INTO indicator (code, description_en, description_es) VALUES (?1, ?2, ?3)",
                params![i.code, i.description_en, i.description_es],
            )?;
        }
        tx.commit()?;
        Ok(SqliteStore {
            conn,
            deadline: None,
        })
    }

    fn params(sql: &Sql) -> Vec<&dyn rusqlite::ToSql> {
        sql.params
            .iter()
            .map(|p| match p {
                Param::Text(t) => t as &dyn rusqlite::ToSql,
            })
            .collect()
    }
}

struct SqliteImport<'c> {
    tx: rusqlite::Transaction<'c>,
    /// Whether the current file has rows noted in `seen`.
    seen_any: bool,
}

impl Backend for SqliteImport<'_> {
    fn insert_batch(&mut self, m: &FileMeta) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO batch (file, sha256, format, source, org, received_at) VALUES (?1, '', ?2, ?3, ?4, ?5)",
            params![m.file, m.format, m.source, m.org, m.received_at],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    fn finish_batch(&mut self, batch: i64, c: &Counts, changed: bool, sha256: &str) -> Result<()> {
        if changed {
            self.tx.execute(
                "UPDATE batch SET rows = ?2, new = ?3, revised = ?4, sha256 = ?5 WHERE id = ?1",
                params![batch, c.rows as i64, c.new as i64, c.revised as i64, sha256],
            )?;
        } else {
            self.tx
                .execute("DELETE FROM batch WHERE id = ?1", [batch])?;
        }
        Ok(())
    }

    fn indicator_exists(&mut self, code: &str) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached("SELECT 1 FROM indicator WHERE code = ?1")?
            .exists([code])?)
    }

    fn total(&mut self, series: i64, period: &str) -> Result<Option<(u64, String)>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT value, share FROM observation WHERE series_id = ?1 AND dims = '' AND period = ?2 \
                 AND superseded_by IS NULL",
            )?
            .query_row(params![series, period], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?
            .map(|(v, share)| (v as u64, share)))
    }

    fn largest_part(&mut self, series: i64, period: &str) -> Result<Option<u64>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT MAX(value) FROM observation WHERE series_id = ?1 AND dims <> '' \
                 AND period = ?2 AND superseded_by IS NULL",
            )?
            .query_row(params![series, period], |r| r.get::<_, Option<i64>>(0))?
            .map(|v| v as u64))
    }

    fn find_series(&mut self, k: &SeriesKey) -> Result<Option<(i64, String)>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT id, frequency FROM series WHERE reporter = ?1 AND location = ?2 AND nationality = ?3 AND indicator = ?4",
            )?
            .query_row(
                params![k.reporter, k.location.as_str(), k.nationality, k.indicator],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn insert_series(&mut self, k: &SeriesKey, f: Frequency) -> Result<i64> {
        self.tx.execute(
            "INSERT INTO series (reporter, location, nationality, indicator, frequency) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![k.reporter, k.location.as_str(), k.nationality, k.indicator, f.as_str()],
        )?;
        Ok(self.tx.last_insert_rowid())
    }

    fn clear_seen(&mut self) -> Result<()> {
        self.tx.execute_batch(
            "CREATE TEMP TABLE IF NOT EXISTS seen (series_id INTEGER NOT NULL, dims TEXT NOT NULL, period TEXT NOT NULL, line INTEGER NOT NULL, PRIMARY KEY (series_id, dims, period)) WITHOUT ROWID;
             DELETE FROM temp.seen;",
        )?;
        self.seen_any = false;
        Ok(())
    }

    // In-process SQLite gains nothing from set-based SQL: the cost is in
    // the B-tree work per row, so the fast path does as little of it as
    // the rules allow. A series created by this import has only what this
    // file wrote, so its rows are inserted straight away and a second
    // mention shows up as a primary-key conflict. Other rows look up their
    // current revision; one this file wrote is a second mention, and rows
    // found unchanged are noted in `seen` so that a second mention of
    // them is caught too.
    fn write_chunk(&mut self, batch: i64, chunk: &[Pending]) -> Result<Vec<Decision>> {
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO observation (series_id, dims, period, revision, value, share, share_with, source, batch_id, line) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        let mut line_of = self.tx.prepare_cached(
            "SELECT line FROM observation WHERE series_id = ?1 AND dims = ?2 AND period = ?3 AND batch_id = ?4",
        )?;
        let mut current = self.tx.prepare_cached(
            "SELECT revision, value, share, share_with, batch_id, line FROM observation \
             WHERE series_id = ?1 AND dims = ?2 AND period = ?3 AND superseded_by IS NULL",
        )?;
        let mut seen_line = self.tx.prepare_cached(
            "SELECT line FROM temp.seen WHERE series_id = ?1 AND dims = ?2 AND period = ?3",
        )?;
        let mut mark = self.tx.prepare_cached(
            "INSERT INTO temp.seen (series_id, dims, period, line) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut supersede = self.tx.prepare_cached(
            "UPDATE observation SET superseded_by = ?5 WHERE series_id = ?1 AND dims = ?2 AND period = ?3 AND revision = ?4",
        )?;
        let mut out = Vec::with_capacity(chunk.len());
        for p in chunk {
            let key = params![p.series_id, p.dims, p.period];
            let mut write = |revision: i64| -> Result<bool> {
                Ok(insert.execute(params![
                    p.series_id,
                    p.dims,
                    p.period,
                    revision,
                    p.value,
                    p.share,
                    p.share_with,
                    p.source,
                    batch,
                    p.line
                ])? == 1)
            };
            if p.fresh {
                let decision = if write(1)? {
                    Decision::New
                } else {
                    let first = line_of
                        .query_row(params![p.series_id, p.dims, p.period, batch], |r| r.get(0))?;
                    Decision::Duplicate(first)
                };
                out.push(decision);
                continue;
            }
            let stored = current
                .query_row(key, |r| {
                    Ok((
                        Current {
                            revision: r.get(0)?,
                            value: r.get(1)?,
                            share: r.get(2)?,
                            share_with: r.get(3)?,
                        },
                        r.get::<_, i64>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })
                .optional()?;
            if let Some((_, b, line)) = &stored {
                if *b == batch {
                    out.push(Decision::Duplicate(*line));
                    continue;
                }
            }
            if self.seen_any {
                if let Some(first) = seen_line.query_row(key, |r| r.get(0)).optional()? {
                    out.push(Decision::Duplicate(first));
                    continue;
                }
            }
            let found = Found::Current(stored.map(|(c, _, _)| c));
            let decision = decide(p, found);
            match decision {
                Decision::New => {
                    write(1)?;
                }
                Decision::Revise(r) => {
                    supersede.execute(params![p.series_id, p.dims, p.period, r, batch])?;
                    write(r + 1)?;
                }
                Decision::Unchanged => {
                    mark.execute(params![p.series_id, p.dims, p.period, p.line])?;
                    self.seen_any = true;
                }
                Decision::Duplicate(_) => {}
            }
            out.push(decision);
        }
        Ok(out)
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        sqlite_execute(&self.tx, sql, params)
    }

    fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

impl Store for SqliteStore {
    fn begin_import(&mut self) -> Result<Box<dyn Import + '_>> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Box::new(
            Importer::new(SqliteImport {
                tx,
                seen_any: false,
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
        let mut stmt = self.conn.prepare(&sql.numbered('?'))?;
        let rows = stmt.query_map(Self::params(&sql).as_slice(), |r| {
            Ok((
                [
                    r.get::<_, String>(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ],
                r.get::<_, i64>(7)?,
                [r.get::<_, i64>(8)?, r.get(9)?, r.get(10)?],
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (text, count, shares) = row?;
            out.push(query::summary(text, count, shares)?);
        }
        Ok(out)
    }

    fn observations(
        &mut self,
        filter: &Filter,
        options: &ReadOptions,
        access: &Access,
        each: &mut dyn FnMut(StoredObservation) -> Result<()>,
    ) -> Result<()> {
        let sql = query::observations_sql(filter, options, access);
        let mut stmt = self.conn.prepare(&sql.numbered('?'))?;
        let mut rows = stmt.query(Self::params(&sql).as_slice())?;
        while let Some(r) = rows.next()? {
            let obs = query::observation(query::ObservationColumns {
                text: [
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ],
                value: r.get(6)?,
                revision: r.get(7)?,
                source: r.get(8)?,
                share: r.get(9)?,
                share_with: r.get(10)?,
                received_at: r.get(11)?,
                org: r.get(12)?,
                file: r.get(13)?,
                line: r.get(14)?,
                superseded_at: r.get(15)?,
                own_share: r.get(16)?,
                own_share_with: r.get(17)?,
            })?;
            each(obs)?;
        }
        Ok(())
    }

    fn indicators(&mut self) -> Result<Vec<Indicator>> {
        let mut stmt = self
            .conn
            .prepare("SELECT code, description_en, description_es FROM indicator ORDER BY code")?;
        let rows = stmt.query_map([], |r| {
            Ok(Indicator {
                code: r.get(0)?,
                description_en: r.get(1)?,
                description_es: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn add_indicator(&mut self, i: &Indicator) -> Result<()> {
        self.conn.execute(
            "INSERT INTO indicator (code, description_en, description_es) VALUES (?1, ?2, ?3) \
             ON CONFLICT (code) DO UPDATE SET description_en = excluded.description_en, description_es = excluded.description_es",
            params![i.code, i.description_en, i.description_es],
        )?;
        Ok(())
    }

    fn batches(&mut self) -> Result<Vec<Batch>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, file, sha256, format, source, org, received_at, rows, new, revised FROM batch ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Batch {
                id: r.get(0)?,
                file: r.get(1)?,
                sha256: r.get(2)?,
                format: r.get(3)?,
                source: r.get(4)?,
                org: r.get(5)?,
                received_at: r.get(6)?,
                rows: r.get::<_, i64>(7)? as u64,
                new: r.get::<_, i64>(8)? as u64,
                revised: r.get::<_, i64>(9)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn backend(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        // Outside a transaction a statement commits as it runs.
        if self.conn.is_autocommit() && crate::past(self.deadline) {
            return Err(StoreError::TimedOut);
        }
        sqlite_execute(&self.conn, sql, params)
    }

    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        sqlite_query(&self.conn, sql, params)
    }

    fn check_statement(&mut self, sql: &str) -> Result<()> {
        self.conn.prepare(&crate::sql::numbered(sql, '?'))?;
        Ok(())
    }

    fn begin(&mut self) -> Result<()> {
        Ok(self.conn.execute_batch("BEGIN IMMEDIATE")?)
    }

    fn commit(&mut self) -> Result<()> {
        Ok(self.conn.execute_batch("COMMIT")?)
    }

    fn rollback(&mut self) -> Result<()> {
        Ok(self.conn.execute_batch("ROLLBACK")?)
    }

    fn set_deadline(&mut self, deadline: Option<std::time::Instant>) {
        self.deadline = deadline;
    }

    fn deadline(&self) -> Option<std::time::Instant> {
        self.deadline
    }
}

impl SqliteStore {
    fn bind(params: &[Value]) -> Vec<rusqlite::types::Value> {
        params
            .iter()
            .map(|v| match v {
                Value::Null => rusqlite::types::Value::Null,
                Value::Int(i) => rusqlite::types::Value::Integer(*i),
                Value::Real(r) => rusqlite::types::Value::Real(*r),
                Value::Text(t) => rusqlite::types::Value::Text(t.clone()),
            })
            .collect()
    }
}

pub(crate) fn sqlite_execute(conn: &Connection, sql: &str, params: &[Value]) -> Result<u64> {
    crate::sql::refuse_nul(params)?;
    let mut stmt = conn.prepare_cached(&crate::sql::numbered(sql, '?'))?;
    let bound = SqliteStore::bind(params);
    Ok(stmt.execute(rusqlite::params_from_iter(bound.iter()))? as u64)
}

pub(crate) fn sqlite_query(conn: &Connection, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
    crate::sql::refuse_nul(params)?;
    let mut stmt = conn.prepare_cached(&crate::sql::numbered(sql, '?'))?;
    let n = stmt.column_count();
    let columns: std::sync::Arc<[String]> = stmt
        .column_names()
        .into_iter()
        .map(str::to_string)
        .collect();
    let bound = SqliteStore::bind(params);
    let rows = stmt.query_map(rusqlite::params_from_iter(bound.iter()), |r| {
        let mut row = Vec::with_capacity(n);
        for i in 0..n {
            row.push(match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(i) => Value::Int(i),
                ValueRef::Real(f) => Value::Real(f),
                ValueRef::Text(t) | ValueRef::Blob(t) => {
                    Value::Text(String::from_utf8_lossy(t).into_owned())
                }
            });
        }
        Ok(Row::new(columns.clone(), row))
    })?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Figures recorded before V11 had no country: the migration gives
    /// them the commitment's only country, or the reporting organisation
    /// when it is one of the commitment's countries; the others stay
    /// without one.
    #[test]
    fn v11_gives_old_figures_their_country_where_it_can_be_known() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        embedded::migrations::runner()
            .set_target(refinery::Target::Version(9))
            .run(&mut conn)
            .unwrap();
        conn.execute_batch(
            "INSERT INTO commitment_country VALUES ('ONE', 'CHL'), ('TWO', 'CHL'), ('TWO', 'ECU');
             INSERT INTO commitment_indicator (id, commitment, name, unit, baseline, baseline_date, target, deadline)
                 VALUES (1, 'ONE', 'i', '%', 0, '2024-01-01', 1, '2025-01-01'),
                        (2, 'TWO', 'i', '%', 0, '2024-01-01', 1, '2025-01-01');
             INSERT INTO measurement (id, indicator, date, value, source, org, recorded_at) VALUES
                 (1, 1, '2024-06-01', 1, 's', 'SEC', 't'),
                 (2, 2, '2024-06-01', 1, 's', 'ECU', 't'),
                 (3, 2, '2024-06-01', 1, 's', 'SEC', 't');",
        )
        .unwrap();
        embedded::migrations::runner().run(&mut conn).unwrap();
        let country = |id: i64| -> Option<String> {
            conn.query_row("SELECT country FROM measurement WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
        };
        assert_eq!(country(1).as_deref(), Some("CHL"), "the only country");
        assert_eq!(country(2).as_deref(), Some("ECU"), "the reporting country");
        assert_eq!(country(3), None, "the secretariat, for one of two");
        let reporting: String = conn
            .query_row(
                "SELECT reporting FROM commitment_indicator WHERE id = 1",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(reporting, "annual");
    }
}

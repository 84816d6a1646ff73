//! The PostgreSQL backend, for several server instances on one database.
//! Imports take a transaction-scoped advisory lock, so that two instances
//! importing at once run one after the other instead of failing on each
//! other's new series.

use std::collections::HashMap;

use corredor_model::{Frequency, Indicator, SeriesKey};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};

use crate::import::{Backend, Current, FileMeta, Importer, Row};
use crate::query::{self, Param, Sql};
use crate::{
    Access, Batch, Counts, Filter, Import, ReadOptions, Result, SeriesSummary, Store,
    StoredObservation,
};

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// Key of the advisory lock that serialises imports ("CORREDOR" in ASCII).
const IMPORT_LOCK: i64 = 0x434F_5252_4544_4F52;

pub(crate) struct PgStore {
    client: Client,
}

impl PgStore {
    pub fn open(url: &str) -> Result<PgStore> {
        let mut client = Client::connect(url, NoTls)?;
        // Two instances starting together must not both run the migrations.
        client.execute("SELECT pg_advisory_lock($1)", &[&IMPORT_LOCK])?;
        let migrated = embedded::migrations::runner().run(&mut client);
        client.execute("SELECT pg_advisory_unlock($1)", &[&IMPORT_LOCK])?;
        migrated?;
        let mut tx = client.transaction()?;
        for i in corredor_model::indicator::built_in() {
            tx.execute(
                "INSERT INTO indicator (code, description_en, description_es) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
                &[&i.code, &i.description_en, &i.description_es],
            )?;
        }
        tx.commit()?;
        Ok(PgStore { client })
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
            "INSERT INTO batch (file, sha256, format, source, org, received_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            &[&m.file, &m.sha256, &m.format, &m.source, &m.org, &m.received_at],
        )?;
        Ok(row.get(0))
    }

    fn finish_batch(&mut self, batch: i64, c: &Counts, changed: bool) -> Result<()> {
        if changed {
            self.tx.execute(
                "UPDATE batch SET rows = $2, new = $3, revised = $4 WHERE id = $1",
                &[
                    &batch,
                    &(c.rows as i64),
                    &(c.new as i64),
                    &(c.revised as i64),
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

    fn mark_seen(
        &mut self,
        series_id: i64,
        dims: &str,
        period: &str,
        line: i64,
    ) -> Result<Option<i64>> {
        let s = self.statement(
            "WITH ins AS (INSERT INTO seen (series_id, dims, period, line) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING RETURNING line) \
             SELECT (SELECT line FROM ins), (SELECT line FROM seen WHERE series_id = $1 AND dims = $2 AND period = $3)",
        )?;
        let row = self
            .tx
            .query_one(&s, &[&series_id, &dims, &period, &line])?;
        let inserted: Option<i64> = row.get(0);
        Ok(if inserted.is_some() { None } else { row.get(1) })
    }

    fn clear_seen(&mut self) -> Result<()> {
        self.tx.batch_execute(
            "CREATE TEMP TABLE IF NOT EXISTS seen (series_id BIGINT NOT NULL, dims TEXT NOT NULL, period TEXT NOT NULL, line BIGINT NOT NULL, PRIMARY KEY (series_id, dims, period)) ON COMMIT DROP;
             DELETE FROM seen;",
        )?;
        Ok(())
    }

    fn current(&mut self, series_id: i64, dims: &str, period: &str) -> Result<Option<Current>> {
        let s = self.statement(
            "SELECT revision, value, share, share_with FROM observation \
             WHERE series_id = $1 AND dims = $2 AND period = $3 AND superseded_by IS NULL",
        )?;
        Ok(self
            .tx
            .query_opt(&s, &[&series_id, &dims, &period])?
            .map(|r| Current {
                revision: r.get(0),
                value: r.get(1),
                share: r.get(2),
                share_with: r.get(3),
            }))
    }

    fn supersede(
        &mut self,
        series_id: i64,
        dims: &str,
        period: &str,
        revision: i64,
        batch: i64,
    ) -> Result<()> {
        let s = self.statement(
            "UPDATE observation SET superseded_by = $5 WHERE series_id = $1 AND dims = $2 AND period = $3 AND revision = $4",
        )?;
        self.tx
            .execute(&s, &[&series_id, &dims, &period, &revision, &batch])?;
        Ok(())
    }

    fn insert_observation(&mut self, r: &Row) -> Result<()> {
        let s = self.statement(
            "INSERT INTO observation (series_id, dims, period, revision, value, share, share_with, source, batch_id, line) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )?;
        self.tx.execute(
            &s,
            &[
                &r.series_id,
                &r.dims,
                &r.period,
                &r.revision,
                &r.value,
                &r.share,
                &r.share_with,
                &r.source,
                &r.batch,
                &r.line,
            ],
        )?;
        Ok(())
    }

    fn commit(self) -> Result<()> {
        self.tx.commit()?;
        Ok(())
    }
}

impl Store for PgStore {
    fn begin_import(&mut self) -> Result<Box<dyn Import + '_>> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&IMPORT_LOCK])?;
        Ok(Box::new(Importer::new(PgImport {
            tx,
            statements: HashMap::new(),
        })))
    }

    fn series(&mut self, filter: &Filter, access: &Access) -> Result<Vec<SeriesSummary>> {
        let sql = query::series_sql(filter, access);
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
}

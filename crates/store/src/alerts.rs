//! Alerts, their events and acknowledgements. Every read takes an
//! [`Access`] and applies the one visibility rule ([`visible_sql`]) to the
//! alert's own sharing; kinds, levels and statuses are read back as the
//! model's types, so a word the code does not know is an error here, not a
//! silent default further up.

use corredor_model::{
    AlertEventKind, AlertKind, AlertStatus, Level, Location, SeriesKey, ShareLevel, Sharing,
};

use crate::sql::{Row, Value};
use crate::{visible_sql, Access, Backend, Result, Store, StoreError};

/// An alert as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertRow {
    pub id: String,
    pub kind: AlertKind,
    pub key: SeriesKey,
    pub judgement: Judgement,
    pub status: AlertStatus,
    pub acknowledged_by: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    /// When the warning itself last changed (figures, level, status,
    /// places, sharing); a comment, or an acknowledgement that leaves the
    /// status as it was, moves only `updated_at`. The last country's
    /// acknowledgement changes the status, and so the warning.
    pub issued_at: String,
}

/// What one detection says about an alert: everything a new detection of
/// the same movement may change.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    pub level: Level,
    pub period: String,
    pub observed: f64,
    pub expected: f64,
    pub lo95: f64,
    pub hi95: f64,
    /// The figure the level rests on; `None` for an alert stored before
    /// it was kept.
    pub reference: Option<f64>,
    pub score: f64,
    pub months: i64,
    pub explanation_en: String,
    pub explanation_es: String,
    pub explanation_pt: String,
    pub explanation_fr: String,
    /// The places downstream, as JSON.
    pub downstream: String,
    /// The countries asked to acknowledge it.
    pub affected: Vec<String>,
    pub sharing: Sharing,
    /// How much it matters, for ordering lists.
    pub priority: f64,
    /// The other places of the episode.
    pub places: Vec<String>,
    /// What a data-quality notice covers, as JSON (`null` otherwise).
    pub covers: String,
}

/// One step of an alert's history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub at: String,
    pub org: String,
    pub kind: AlertEventKind,
    /// In English, or as a person wrote it.
    pub text: String,
    /// The same in Spanish, Portuguese and French; empty where a person
    /// wrote `text`.
    pub text_es: String,
    pub text_pt: String,
    pub text_fr: String,
}

/// Which alerts to list; words are matched as given.
#[derive(Debug, Clone, Default)]
pub struct AlertFilter {
    pub status: Vec<String>,
    pub level: Vec<String>,
    pub kind: Option<String>,
    /// Raised by or affecting this country.
    pub country: Option<String>,
    pub nationality: Option<String>,
    /// Changed at or after this instant.
    pub since: Option<String>,
    pub limit: i64,
    pub order: Order,
}

/// How a list of alerts is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Order {
    /// The most important first (then the most recently changed).
    #[default]
    Priority,
    /// The most recently changed first.
    Recent,
}

/// The latest alert still running (not closed) on a series, for a kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Running {
    pub id: String,
    pub level: String,
    pub period: String,
}

const RUNNING: &str = "SELECT id, level, period FROM alert WHERE kind = {p} AND reporter = {p} \
     AND location = {p} AND nationality = {p} AND indicator = {p} AND status <> 'closed' \
     ORDER BY period DESC LIMIT 1";
const UPDATE: &str = "UPDATE alert SET level = {p}, period = {p}, observed = {p}, expected = {p}, \
     lo95 = {p}, hi95 = {p}, reference_value = {p}, score = {p}, months = {p}, explanation_en = {p}, \
     explanation_es = {p}, explanation_pt = {p}, explanation_fr = {p}, priority = {p}, places = {p}, covers = {p}, downstream = {p}, \
     affected = {p}, share = {p}, share_with = {p}, updated_at = {p}, issued_at = {p} WHERE id = {p}";
const INSERT: &str = "INSERT INTO alert (id, kind, reporter, location, nationality, indicator, \
     level, period, observed, expected, lo95, hi95, reference_value, score, months, explanation_en, \
     explanation_es, explanation_pt, explanation_fr, priority, places, covers, downstream, \
     affected, share, share_with, status, created_at, updated_at, issued_at) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, \
     {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, {p}, 'open', {p}, {p}, {p}) ON CONFLICT (id) DO NOTHING";
/// The countries asked to acknowledge, and what the places downstream were
/// learned from, are not in the CAP message: a refresh that changes only
/// them leaves `issued_at` (the `CASE` reads the values before the update;
/// its first parameter is 1 when the places downstream read as before).
const REFRESH: &str = "UPDATE alert SET downstream = {p}, affected = {p}, share = {p}, \
     share_with = {p}, reference_value = {p}, updated_at = {p}, \
     issued_at = CASE WHEN {p} = 1 AND share = {p} AND share_with = {p} \
     AND reference_value IS NOT NULL THEN issued_at ELSE {p} END \
     WHERE id = {p} AND NOT (downstream = {p} \
     AND affected = {p} AND share = {p} AND share_with = {p} AND reference_value IS NOT NULL)";
const SHARINGS: &str = "SELECT id, kind, reporter, location, nationality, indicator, period, \
     places, covers, downstream, affected, share, share_with FROM alert";
const SET_DOWNSTREAM: &str =
    "UPDATE alert SET downstream = {p}, affected = {p}, updated_at = {p}, issued_at = {p} WHERE id = {p}";
const SET_SHARING: &str =
    "UPDATE alert SET share = {p}, share_with = {p}, updated_at = {p}, issued_at = {p} WHERE id = {p}";
const EVENTS: &str = "SELECT id, at, org, kind, text, text_es, text_pt, text_fr FROM alert_event \
     WHERE alert_id = {p} ORDER BY id";
const ADD_EVENT: &str =
    "INSERT INTO alert_event (alert_id, at, org, kind, text, text_es, text_pt, text_fr) \
     VALUES ({p}, {p}, {p}, {p}, {p}, {p}, {p}, {p})";
const ACKNOWLEDGE: &str = "INSERT INTO alert_ack (alert_id, country, org, at) \
     VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (alert_id, country) DO NOTHING";
const SET_STATUS: &str =
    "UPDATE alert SET status = {p}, updated_at = {p}, issued_at = {p} WHERE id = {p}";
const TOUCH: &str = "UPDATE alert SET updated_at = {p} WHERE id = {p}";
const CLOSE_IF_OPEN: &str = "UPDATE alert SET status = 'closed', updated_at = {p}, issued_at = {p} WHERE id = {p} AND status <> 'closed'";

pub(crate) const STATEMENTS: &[&str] = &[
    RUNNING,
    UPDATE,
    INSERT,
    REFRESH,
    SHARINGS,
    SET_SHARING,
    SET_DOWNSTREAM,
    EVENTS,
    ADD_EVENT,
    ACKNOWLEDGE,
    SET_STATUS,
    TOUCH,
    CLOSE_IF_OPEN,
];

/// The columns [`from_row`] reads, the last being the acknowledging
/// countries joined by `;` (one query, not one per alert).
fn select(backend: Backend) -> String {
    let acks = match backend {
        Backend::Sqlite => {
            "(SELECT group_concat(country, ';') FROM \
             (SELECT country FROM alert_ack k WHERE k.alert_id = a.id ORDER BY country))"
        }
        Backend::Postgres => {
            "(SELECT string_agg(country, ';' ORDER BY country) FROM alert_ack k WHERE k.alert_id = a.id)"
        }
    };
    format!(
        "SELECT a.id, a.kind, a.level, a.reporter, a.location, a.nationality, a.indicator, \
         a.period, a.observed, a.expected, a.lo95, a.hi95, a.reference_value, a.score, a.months, a.explanation_en, \
         a.explanation_es, a.explanation_pt, a.explanation_fr, a.priority, a.places, a.covers, a.downstream, a.affected, a.status, \
         a.share, a.share_with, \
         a.created_at, a.updated_at, a.issued_at, {acks} AS acknowledged_by FROM alert a WHERE 1 = 1"
    )
}

fn list_of(text: &str) -> Vec<String> {
    text.split(';')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn word<T: std::str::FromStr<Err = corredor_model::alert::UnknownWord>>(
    r: &Row,
    column: &str,
) -> Result<T> {
    r.text(column)?
        .parse()
        .map_err(|e: corredor_model::alert::UnknownWord| {
            StoreError::Invalid(format!("alert.{column}: {e}"))
        })
}

fn key_of(r: &Row) -> Result<SeriesKey> {
    Ok(SeriesKey {
        reporter: r.text("reporter")?,
        location: r
            .text("location")?
            .parse::<Location>()
            .map_err(|e| StoreError::Invalid(format!("alert.location: {e}")))?,
        nationality: r.text("nationality")?,
        indicator: r.text("indicator")?,
    })
}

fn sharing_of(r: &Row) -> Result<Sharing> {
    Ok(Sharing::new(
        r.text("share")?.parse().unwrap_or(ShareLevel::Restricted),
        list_of(&r.text("share_with")?),
    ))
}

fn from_row(r: &Row) -> Result<AlertRow> {
    Ok(AlertRow {
        id: r.text("id")?,
        kind: word(r, "kind")?,
        key: key_of(r)?,
        judgement: Judgement {
            level: word(r, "level")?,
            period: r.text("period")?,
            observed: r.real("observed")?,
            expected: r.real("expected")?,
            lo95: r.real("lo95")?,
            hi95: r.real("hi95")?,
            reference: r.opt_real("reference_value")?,
            score: r.real("score")?,
            months: r.int("months")?,
            explanation_en: r.text("explanation_en")?,
            explanation_es: r.text("explanation_es")?,
            explanation_pt: r.text("explanation_pt")?,
            explanation_fr: r.text("explanation_fr")?,
            downstream: r.text("downstream")?,
            affected: list_of(&r.text("affected")?),
            sharing: sharing_of(r)?,
            priority: r.real("priority")?,
            places: list_of(&r.text("places")?),
            covers: r.text("covers")?,
        },
        status: word(r, "status")?,
        acknowledged_by: list_of(&r.opt_text("acknowledged_by")?.unwrap_or_default()),
        created_at: r.text("created_at")?,
        updated_at: r.text("updated_at")?,
        issued_at: r.text("issued_at")?,
    })
}

fn in_list(sql: &mut String, params: &mut Vec<Value>, column: &str, values: &[String]) {
    if values.is_empty() {
        return;
    }
    sql.push_str(&format!(
        " AND {column} IN ({})",
        vec!["{p}"; values.len()].join(", ")
    ));
    params.extend(values.iter().map(Value::from));
}

/// The alerts `access` may see that match `filter`, in `filter.order`.
pub fn list(store: &mut dyn Store, access: &Access, filter: &AlertFilter) -> Result<Vec<AlertRow>> {
    let mut sql = select(store.backend());
    let mut params: Vec<Value> = Vec::new();
    let (vis, vp) = visible_sql(access, "a.share", "a.share_with", "a.reporter");
    sql.push_str(&vis);
    params.extend(vp.into_iter().map(Value::Text));
    in_list(&mut sql, &mut params, "a.status", &filter.status);
    in_list(&mut sql, &mut params, "a.level", &filter.level);
    if let Some(k) = &filter.kind {
        sql.push_str(" AND a.kind = {p}");
        params.push(k.into());
    }
    if let Some(c) = &filter.country {
        sql.push_str(" AND (a.reporter = {p} OR (';' || a.affected || ';') LIKE {p})");
        params.push(c.into());
        params.push(format!("%;{c};%").into());
    }
    if let Some(n) = &filter.nationality {
        sql.push_str(" AND a.nationality = {p}");
        params.push(n.into());
    }
    if let Some(s) = &filter.since {
        sql.push_str(" AND a.updated_at >= {p}");
        params.push(s.into());
    }
    sql.push_str(match filter.order {
        Order::Priority => " ORDER BY a.priority DESC, a.updated_at DESC, a.id LIMIT {p}",
        Order::Recent => " ORDER BY a.updated_at DESC, a.id LIMIT {p}",
    });
    params.push(filter.limit.into());
    store.query(&sql, &params)?.iter().map(from_row).collect()
}

/// The ids of every alert `access` may see.
pub fn visible_ids(
    store: &mut dyn Store,
    access: &Access,
) -> Result<std::collections::HashSet<String>> {
    let (vis, vp) = visible_sql(access, "a.share", "a.share_with", "a.reporter");
    let sql = format!("SELECT a.id FROM alert a WHERE 1 = 1{vis}");
    let params: Vec<Value> = vp.into_iter().map(Value::Text).collect();
    store
        .query(&sql, &params)?
        .iter()
        .map(|r| r.text("id"))
        .collect()
}

/// Alert `id`, if `access` may see it.
pub fn get(store: &mut dyn Store, access: &Access, id: &str) -> Result<Option<AlertRow>> {
    let mut sql = select(store.backend());
    sql.push_str(" AND a.id = {p}");
    let mut params: Vec<Value> = vec![id.into()];
    let (vis, vp) = visible_sql(access, "a.share", "a.share_with", "a.reporter");
    sql.push_str(&vis);
    params.extend(vp.into_iter().map(Value::Text));
    store
        .query(&sql, &params)?
        .first()
        .map(from_row)
        .transpose()
}

/// The alert of `kind` still running on series `key`, the latest first.
pub fn running(store: &mut dyn Store, kind: AlertKind, key: &SeriesKey) -> Result<Option<Running>> {
    store
        .query(
            RUNNING,
            &[
                kind.as_str().into(),
                key.reporter.as_str().into(),
                key.location.as_str().into(),
                key.nationality.as_str().into(),
                key.indicator.as_str().into(),
            ],
        )?
        .first()
        .map(|r| {
            Ok(Running {
                id: r.text("id")?,
                level: r.text("level")?,
                period: r.text("period")?,
            })
        })
        .transpose()
}

fn judgement_params(j: &Judgement) -> Vec<Value> {
    vec![
        j.level.as_str().into(),
        j.period.as_str().into(),
        j.observed.into(),
        j.expected.into(),
        j.lo95.into(),
        j.hi95.into(),
        j.reference.into(),
        j.score.into(),
        j.months.into(),
        j.explanation_en.as_str().into(),
        j.explanation_es.as_str().into(),
        j.explanation_pt.as_str().into(),
        j.explanation_fr.as_str().into(),
        j.priority.into(),
        j.places.join(";").into(),
        j.covers.as_str().into(),
    ]
}

/// What a reader sees besides the figures: the places downstream, who is
/// asked to acknowledge, and who may see it.
fn shown_params(j: &Judgement) -> [Value; 4] {
    [
        j.downstream.as_str().into(),
        j.affected.join(";").into(),
        j.sharing.level.as_str().into(),
        j.sharing.with_text().into(),
    ]
}

/// Replaces alert `id`'s judgement with a newer one, at `at`.
pub fn update(store: &mut dyn Store, id: &str, j: &Judgement, at: &str) -> Result<()> {
    let mut params = judgement_params(j);
    params.extend(shown_params(j));
    params.push(at.into());
    params.push(at.into());
    params.push(id.into());
    store.execute(UPDATE, &params)?;
    Ok(())
}

/// Opens alert `id`; `false` when an alert with that id exists (raised
/// before, and closed since: closing stands).
pub fn insert(
    store: &mut dyn Store,
    id: &str,
    kind: AlertKind,
    key: &SeriesKey,
    j: &Judgement,
    at: &str,
) -> Result<bool> {
    let mut params: Vec<Value> = vec![
        id.into(),
        kind.as_str().into(),
        key.reporter.as_str().into(),
        key.location.as_str().into(),
        key.nationality.as_str().into(),
        key.indicator.as_str().into(),
    ];
    params.extend(judgement_params(j));
    params.extend(shown_params(j));
    params.push(at.into());
    params.push(at.into());
    params.push(at.into());
    Ok(store.execute(INSERT, &params)? > 0)
}

/// Sets what alert `id` shows besides its figures (downstream, affected,
/// sharing) to `j`'s, where it differs, at `at`, and its reference where
/// it was stored before references were kept; whether it did. The alert
/// counts as issued again (`issued_at`) when its sharing changed, or its
/// places downstream unless `downstream_reads_as_before` (the caller
/// tells, since only it knows which part of them is shown).
pub fn refresh(
    store: &mut dyn Store,
    id: &str,
    j: &Judgement,
    at: &str,
    downstream_reads_as_before: bool,
) -> Result<bool> {
    let shown = shown_params(j);
    let [_, _, share, share_with] = shown.clone();
    let mut params: Vec<Value> = shown.to_vec();
    params.push(j.reference.into());
    params.push(at.into());
    params.push(i64::from(downstream_reads_as_before).into());
    params.extend([share, share_with]);
    params.push(at.into());
    params.push(id.into());
    params.extend(shown);
    Ok(store.execute(REFRESH, &params)? > 0)
}

/// What an alert reveals, and who may see it: its series, the other
/// places of its episode and, for a notice, the series it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct AlertSharing {
    pub id: String,
    pub kind: AlertKind,
    pub key: SeriesKey,
    pub places: Vec<String>,
    /// The month it judges.
    pub period: String,
    /// What a data-quality notice covers, as JSON (`null` otherwise).
    pub covers: String,
    /// The places downstream, as stored (JSON).
    pub downstream: String,
    /// The countries asked to acknowledge it.
    pub affected: Vec<String>,
    pub sharing: Sharing,
}

/// Every alert's id, what it reveals and its sharing.
pub fn sharings(store: &mut dyn Store) -> Result<Vec<AlertSharing>> {
    store
        .query(SHARINGS, &[])?
        .iter()
        .map(|r| {
            Ok(AlertSharing {
                id: r.text("id")?,
                kind: word(r, "kind")?,
                key: key_of(r)?,
                places: list_of(&r.text("places")?),
                period: r.text("period")?,
                covers: r.text("covers")?,
                downstream: r.text("downstream")?,
                affected: list_of(&r.text("affected")?),
                sharing: sharing_of(r)?,
            })
        })
        .collect()
}

pub fn set_sharing(store: &mut dyn Store, id: &str, sharing: &Sharing, at: &str) -> Result<()> {
    store.execute(
        SET_SHARING,
        &[
            sharing.level.as_str().into(),
            sharing.with_text().into(),
            at.into(),
            at.into(),
            id.into(),
        ],
    )?;
    Ok(())
}

/// Sets the places downstream of alert `id` and the countries asked to
/// acknowledge it, at `at`.
pub fn set_downstream(
    store: &mut dyn Store,
    id: &str,
    downstream: &str,
    affected: &[String],
    at: &str,
) -> Result<()> {
    store.execute(
        SET_DOWNSTREAM,
        &[
            downstream.into(),
            affected.join(";").into(),
            at.into(),
            at.into(),
            id.into(),
        ],
    )?;
    Ok(())
}

/// Alert `id`'s history, oldest first (the caller has checked that its
/// reader may see the alert).
pub fn events(store: &mut dyn Store, id: &str) -> Result<Vec<EventRow>> {
    store
        .query(EVENTS, &[id.into()])?
        .iter()
        .map(|r| {
            Ok(EventRow {
                id: r.int("id")?,
                at: r.text("at")?,
                org: r.text("org")?,
                kind: word(r, "kind")?,
                text: r.text("text")?,
                text_es: r.text("text_es")?,
                text_pt: r.text("text_pt")?,
                text_fr: r.text("text_fr")?,
            })
        })
        .collect()
}

/// Adds an event to alert `id`'s history; `text` is in English, Spanish,
/// Portuguese and French, or `[text, "", "", ""]` for what a person wrote.
pub fn add_event(
    store: &mut dyn Store,
    id: &str,
    at: &str,
    org: &str,
    kind: AlertEventKind,
    text: [&str; 4],
) -> Result<()> {
    let [en, es, pt, fr] = text;
    store.execute(
        ADD_EVENT,
        &[
            id.into(),
            at.into(),
            org.into(),
            kind.as_str().into(),
            en.into(),
            es.into(),
            pt.into(),
            fr.into(),
        ],
    )?;
    Ok(())
}

/// Records `country`'s acknowledgement of alert `id`; `false` when it had
/// acknowledged already.
pub fn acknowledge(
    store: &mut dyn Store,
    id: &str,
    country: &str,
    org: &str,
    at: &str,
) -> Result<bool> {
    Ok(store.execute(
        ACKNOWLEDGE,
        &[id.into(), country.into(), org.into(), at.into()],
    )? > 0)
}

pub fn set_status(store: &mut dyn Store, id: &str, status: AlertStatus, at: &str) -> Result<()> {
    store.execute(
        SET_STATUS,
        &[status.as_str().into(), at.into(), at.into(), id.into()],
    )?;
    Ok(())
}

/// Closes alert `id` at `at` unless it is closed already: whether this
/// call closed it. Two writers that meet the same open alert (a scan and
/// another instance's, a scan and a person) close it once: the second
/// waits for the first's row and finds it closed.
pub fn close_if_open(store: &mut dyn Store, id: &str, at: &str) -> Result<bool> {
    Ok(store.execute(CLOSE_IF_OPEN, &[at.into(), at.into(), id.into()])? > 0)
}

/// Marks alert `id` as changed at `at` (a comment, an acknowledgement).
pub fn touch(store: &mut dyn Store, id: &str, at: &str) -> Result<()> {
    store.execute(TOUCH, &[at.into(), id.into()])?;
    Ok(())
}

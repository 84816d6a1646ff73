//! Response protocols as loaded (their TOML text) and the tasks they make.
//! A task is unique per alert, protocol, action and responsible party, so
//! activating a protocol twice adds nothing.

use corredor_model::TaskStatus;

use crate::sql::{Row, Value};
use crate::{visible_sql, Access, Result, Store, StoreError};

/// A task as stored; `action` is the JSON of its bilingual text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub id: i64,
    pub alert_id: String,
    pub protocol: String,
    pub action: String,
    pub responsible: String,
    pub deadline: String,
    pub status: TaskStatus,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

/// A task to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask<'a> {
    pub alert_id: &'a str,
    pub protocol: &'a str,
    pub action: &'a str,
    pub responsible: &'a str,
    pub deadline: &'a str,
    pub now: &'a str,
    /// What completes it without its holder: `capacity_reported`.
    pub done_when: Option<&'a str>,
}

/// Which tasks to read.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    /// Only tasks still pending (open or acknowledged) whose deadline is
    /// before this instant.
    pub overdue_at: Option<String>,
    pub alert: Option<String>,
}

const SAVE_PROTOCOL: &str = "INSERT INTO protocol (name, content, loaded_at, loaded_by) \
     VALUES ({p}, {p}, {p}, {p}) ON CONFLICT (name) DO UPDATE SET content = excluded.content, \
     loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by";
const PROTOCOLS: &str = "SELECT content FROM protocol ORDER BY name";
const CREATE: &str = "INSERT INTO task \
     (alert_id, protocol, action, responsible, deadline, status, created_at, updated_at, done_when) \
     VALUES ({p}, {p}, {p}, {p}, {p}, 'open', {p}, {p}, {p}) \
     ON CONFLICT (alert_id, protocol, action, responsible) DO NOTHING";
/// Completes the tasks a capacity report of `responsible` closes: those
/// still pending, opened before the report arrived.
pub(crate) const DONE_BY_CAPACITY: &str = "UPDATE task SET status = 'done', updated_at = {p}, \
     updated_by = {p} WHERE done_when = 'capacity_reported' AND responsible = {p} \
     AND status IN ('open', 'acknowledged') AND created_at <= {p}";
/// Withdraws the pending tasks of one alert held by one party.
const WITHDRAW: &str = "UPDATE task SET status = 'withdrawn', updated_at = {p}, updated_by = NULL \
     WHERE alert_id = {p} AND responsible = {p} AND status IN ('open', 'acknowledged')";
/// Completes the pending tasks of one alert held by one party.
const COMPLETE_HELD: &str = "UPDATE task SET status = 'done', updated_at = {p}, updated_by = {p} \
     WHERE alert_id = {p} AND responsible = {p} AND status IN ('open', 'acknowledged')";
/// Withdraws every pending task of one alert.
const WITHDRAW_ALL: &str = "UPDATE task SET status = 'withdrawn', updated_at = {p}, \
     updated_by = NULL WHERE alert_id = {p} AND status IN ('open', 'acknowledged')";
const COUNT: &str = "SELECT COUNT(*) AS n FROM task";
const GET: &str = "SELECT alert_id, responsible, status FROM task WHERE id = {p}";
const SET_STATUS: &str =
    "UPDATE task SET status = {p}, updated_at = {p}, updated_by = {p} WHERE id = {p}";
const COLUMNS: &str = "SELECT t.id, t.alert_id, t.protocol, t.action, t.responsible, \
     t.deadline, t.status, t.created_at, t.updated_at, t.updated_by \
     FROM task t JOIN alert a ON a.id = t.alert_id WHERE 1 = 1";

pub(crate) const STATEMENTS: &[&str] = &[
    SAVE_PROTOCOL,
    PROTOCOLS,
    CREATE,
    DONE_BY_CAPACITY,
    WITHDRAW,
    COMPLETE_HELD,
    WITHDRAW_ALL,
    COUNT,
    GET,
    SET_STATUS,
    COLUMNS,
];

/// Loads (or replaces) the protocol `name` with its text.
pub fn save_protocol(
    store: &mut dyn Store,
    name: &str,
    content: &str,
    at: &str,
    by: &str,
) -> Result<()> {
    store.execute(
        SAVE_PROTOCOL,
        &[name.into(), content.into(), at.into(), by.into()],
    )?;
    Ok(())
}

/// The text of every loaded protocol, by name.
pub fn protocols(store: &mut dyn Store) -> Result<Vec<String>> {
    store
        .query(PROTOCOLS, &[])?
        .iter()
        .map(|r| r.text("content"))
        .collect()
}

/// The parameters of [`DONE_BY_CAPACITY`]: a report of `responsible`
/// received at `at` from `by`.
pub(crate) fn done_by_capacity_params(responsible: &str, at: &str, by: &str) -> Vec<Value> {
    vec![at.into(), by.into(), responsible.into(), at.into()]
}

/// Creates `task` unless it exists; how many rows were added (0 or 1).
pub fn create(store: &mut dyn Store, task: &NewTask) -> Result<u64> {
    store.execute(
        CREATE,
        &[
            task.alert_id.into(),
            task.protocol.into(),
            task.action.into(),
            task.responsible.into(),
            task.deadline.into(),
            task.now.into(),
            task.now.into(),
            task.done_when.map(str::to_string).into(),
        ],
    )
}

pub fn count(store: &mut dyn Store) -> Result<i64> {
    match store.query(COUNT, &[])?.first() {
        Some(r) => r.int("n"),
        None => Ok(0),
    }
}

/// Task `id`'s alert, responsible party and status.
pub fn get(store: &mut dyn Store, id: i64) -> Result<Option<(String, String, TaskStatus)>> {
    store
        .query(GET, &[id.into()])?
        .first()
        .map(|r| Ok((r.text("alert_id")?, r.text("responsible")?, status(r)?)))
        .transpose()
}

pub fn set_status(
    store: &mut dyn Store,
    id: i64,
    status: TaskStatus,
    at: &str,
    by: &str,
) -> Result<()> {
    store.execute(
        SET_STATUS,
        &[status.as_str().into(), at.into(), by.into(), id.into()],
    )?;
    Ok(())
}

/// Withdraws alert `alert_id`'s tasks still pending for `responsible`, at
/// `at`; how many.
pub fn withdraw(store: &mut dyn Store, alert_id: &str, responsible: &str, at: &str) -> Result<u64> {
    store.execute(WITHDRAW, &[at.into(), alert_id.into(), responsible.into()])
}

/// Marks done, by `by` at `at`, the tasks of alert `alert_id` still
/// pending for `responsible` (what they asked has been done); how many.
pub fn complete_held(
    store: &mut dyn Store,
    alert_id: &str,
    responsible: &str,
    by: &str,
    at: &str,
) -> Result<u64> {
    store.execute(
        COMPLETE_HELD,
        &[at.into(), by.into(), alert_id.into(), responsible.into()],
    )
}

/// Withdraws every task of alert `alert_id` still pending, whoever holds
/// it, at `at` (the alert is closed: it asks nothing more); how many.
pub fn withdraw_all(store: &mut dyn Store, alert_id: &str, at: &str) -> Result<u64> {
    store.execute(WITHDRAW_ALL, &[at.into(), alert_id.into()])
}

fn status(r: &Row) -> Result<TaskStatus> {
    r.text("status")?
        .parse()
        .map_err(|e: corredor_model::alert::UnknownWord| {
            StoreError::Invalid(format!("task.status: {e}"))
        })
}

/// The tasks of the alerts `access` may see, by deadline (5,000 at most).
pub fn list(store: &mut dyn Store, access: &Access, filter: &TaskFilter) -> Result<Vec<TaskRow>> {
    let mut sql = String::from(COLUMNS);
    let mut params: Vec<Value> = Vec::new();
    let (vis, vp) = visible_sql(access, "a.share", "a.share_with", "a.reporter");
    sql.push_str(&vis);
    params.extend(vp.into_iter().map(Value::Text));
    if let Some(at) = &filter.overdue_at {
        sql.push_str(" AND t.status IN ('open', 'acknowledged') AND t.deadline < {p}");
        params.push(at.into());
    }
    if let Some(a) = &filter.alert {
        sql.push_str(" AND t.alert_id = {p}");
        params.push(a.into());
    }
    sql.push_str(" ORDER BY t.deadline, t.id LIMIT 5000");
    store
        .query(&sql, &params)?
        .iter()
        .map(|r| {
            Ok(TaskRow {
                id: r.int("id")?,
                alert_id: r.text("alert_id")?,
                protocol: r.text("protocol")?,
                action: r.text("action")?,
                responsible: r.text("responsible")?,
                deadline: r.text("deadline")?,
                status: status(r)?,
                created_at: r.text("created_at")?,
                updated_at: r.text("updated_at")?,
                updated_by: r.opt_text("updated_by")?,
            })
        })
        .collect()
}

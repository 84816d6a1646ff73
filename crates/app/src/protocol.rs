//! Response protocols: playbooks in a readable TOML file, loaded into the
//! store; an alert activates them, and their steps become tasks for the
//! organisations responsible, with deadlines.

use corredor_model::{AlertKind, Level};
use corredor_store::{Store, Value};
use serde::{Deserialize, Serialize};

use crate::alerts;
use crate::auth::{Actor, Role};
use crate::{audit, clock, Error, Result};

/// The playbook shipped with Corredor.
pub const DEFAULT: &str = include_str!("../data/protocol-dla-pillar4.toml");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Text {
    pub en: String,
    pub es: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    pub name: String,
    pub title: Text,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(rename = "step", default)]
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// `opened` (also when an alert's level rises to `min_level`) or
    /// `escalated`.
    pub when: String,
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub min_level: Option<String>,
    /// `reporter`, `downstream`, `secretariat`, or an organisation's code.
    pub responsible: String,
    pub deadline_hours: u32,
    pub action: Text,
}

impl Playbook {
    pub fn parse(text: &str) -> std::result::Result<Playbook, String> {
        let p: Playbook = toml::from_str(text).map_err(|e| e.to_string())?;
        if p.name.trim().is_empty() {
            return Err("the playbook needs a name".into());
        }
        if p.steps.is_empty() {
            return Err("the playbook has no [[step]]".into());
        }
        for (i, s) in p.steps.iter().enumerate() {
            let n = i + 1;
            if !["opened", "escalated"].contains(&s.when.as_str()) {
                return Err(format!(
                    "step {n}: when = '{}': use opened or escalated",
                    s.when
                ));
            }
            if let Some(l) = &s.min_level {
                if l.parse::<Level>().is_err() {
                    return Err(format!(
                        "step {n}: min_level = '{l}': use watch, warning or emergency"
                    ));
                }
            }
            for k in &s.kinds {
                if k.parse::<AlertKind>().is_err() {
                    return Err(format!("step {n}: kind '{k}': use surge or emergence"));
                }
            }
            if s.responsible.trim().is_empty() {
                return Err(format!("step {n}: responsible is empty"));
            }
            if s.deadline_hours == 0 || s.deadline_hours > 24 * 365 {
                return Err(format!(
                    "step {n}: deadline_hours must be between 1 and 8760"
                ));
            }
        }
        Ok(p)
    }
}

/// Loads (or replaces) a playbook.
pub fn load(store: &mut dyn Store, actor: &Actor, text: &str) -> Result<Playbook> {
    actor.require(&[Role::Secretariat], "loading a protocol")?;
    let p = Playbook::parse(text).map_err(Error::Invalid)?;
    corredor_store::transaction(store, |s| -> Result<()> {
        s.execute(
            "INSERT INTO protocol (name, content, loaded_at, loaded_by) VALUES ({p}, {p}, {p}, {p}) \
             ON CONFLICT (name) DO UPDATE SET content = excluded.content, \
             loaded_at = excluded.loaded_at, loaded_by = excluded.loaded_by",
            &[
                p.name.as_str().into(),
                text.into(),
                clock::now().into(),
                actor.org.as_str().into(),
            ],
        )?;
        audit::record(
            s,
            actor,
            "protocol.load",
            &format!("protocol/{}", p.name),
            &p.title.en,
        )
    })?;
    Ok(p)
}

pub fn playbooks(store: &mut dyn Store) -> Result<Vec<Playbook>> {
    store
        .query("SELECT content FROM protocol ORDER BY name", &[])?
        .iter()
        .map(|r| {
            Playbook::parse(&r.text(0)?)
                .map_err(|e| Error::Internal(format!("a stored protocol no longer parses: {e}")))
        })
        .collect()
}

/// Creates the tasks that `trigger` (`opened`, `raised`, `escalated`) of
/// alert `id` calls for. Tasks already created are left as they are, so a
/// level that rises adds only the steps of the higher level.
pub fn activate(
    store: &mut dyn Store,
    playbooks: &[Playbook],
    id: &str,
    trigger: &str,
) -> Result<u64> {
    let when = if trigger == "raised" {
        "opened"
    } else {
        trigger
    };
    let alert = alerts::get(store, &corredor_store::Access::Operator, id)?;
    let now = clock::now();
    let mut created = 0;
    for p in playbooks {
        for step in &p.steps {
            if step.when != when
                || (!step.kinds.is_empty() && !step.kinds.iter().any(|k| k == alert.kind.as_str()))
                || step
                    .min_level
                    .as_deref()
                    .and_then(|l| l.parse::<Level>().ok())
                    .is_some_and(|l| alert.level < l)
            {
                continue;
            }
            let responsible: Vec<String> = match step.responsible.as_str() {
                "reporter" => vec![alert.reporter.clone()],
                "downstream" => alert
                    .affected
                    .iter()
                    .filter(|c| **c != alert.reporter)
                    .cloned()
                    .collect(),
                other => vec![other.to_string()],
            };
            let action =
                serde_json::to_string(&step.action).map_err(|e| Error::Internal(e.to_string()))?;
            for r in responsible {
                created += store.execute(
                    "INSERT INTO task (alert_id, protocol, action, responsible, deadline, status, created_at, updated_at) \
                     VALUES ({p}, {p}, {p}, {p}, {p}, 'open', {p}, {p}) \
                     ON CONFLICT (alert_id, protocol, action, responsible) DO NOTHING",
                    &[
                        id.into(),
                        p.name.as_str().into(),
                        action.as_str().into(),
                        r.into(),
                        clock::in_seconds(i64::from(step.deadline_hours) * 3600).into(),
                        now.as_str().into(),
                        now.as_str().into(),
                    ],
                )?;
            }
        }
    }
    Ok(created)
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Task {
    pub id: i64,
    pub alert_id: String,
    pub protocol: String,
    pub action: Text,
    pub responsible: String,
    pub deadline: String,
    /// `open`, `acknowledged` or `done`.
    pub status: String,
    pub overdue: bool,
    pub created_at: String,
    pub updated_at: String,
    pub updated_by: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct TaskQuery {
    /// Only the tasks this actor is responsible for.
    pub mine: bool,
    pub overdue: bool,
    pub alert: Option<String>,
}

/// Whether `actor` is responsible for tasks assigned to `responsible`.
fn responsible_for(actor: &Actor, responsible: &str) -> bool {
    actor.role == Role::Operator
        || actor.org == responsible
        || actor.country.as_deref() == Some(responsible)
        || (responsible == "secretariat" && actor.role == Role::Secretariat)
}

/// The tasks of alerts `actor` may see.
/// How many tasks the protocols have made, for the local operator.
pub fn task_count(store: &mut dyn Store) -> Result<i64> {
    Ok(store.query("SELECT COUNT(*) FROM task", &[])?[0].int(0)?)
}

pub fn tasks(store: &mut dyn Store, actor: &Actor, q: &TaskQuery) -> Result<Vec<Task>> {
    let mut sql = String::from(
        "SELECT t.id, t.alert_id, t.protocol, t.action, t.responsible, t.deadline, t.status, \
         t.created_at, t.updated_at, t.updated_by FROM task t JOIN alert a ON a.id = t.alert_id WHERE 1 = 1",
    );
    let mut params: Vec<Value> = Vec::new();
    let (vis, vp) =
        corredor_store::visible_sql(&actor.access(), "a.share", "a.share_with", "a.reporter");
    sql.push_str(&vis);
    params.extend(vp.into_iter().map(Value::Text));
    let now = clock::now();
    if q.overdue {
        sql.push_str(" AND t.status <> 'done' AND t.deadline < {p}");
        params.push(now.as_str().into());
    }
    if let Some(a) = &q.alert {
        sql.push_str(" AND t.alert_id = {p}");
        params.push(a.into());
    }
    sql.push_str(" ORDER BY t.deadline, t.id LIMIT 5000");
    let rows = store.query(&sql, &params)?;
    let mut out = Vec::new();
    for r in &rows {
        let t = Task {
            id: r.int(0)?,
            alert_id: r.text(1)?,
            protocol: r.text(2)?,
            action: serde_json::from_str(&r.text(3)?)
                .map_err(|e| Error::Internal(format!("a stored task's action: {e}")))?,
            responsible: r.text(4)?,
            deadline: r.text(5)?,
            status: r.text(6)?,
            overdue: false,
            created_at: r.text(7)?,
            updated_at: r.text(8)?,
            updated_by: r.opt_text(9)?,
        };
        if q.mine && !responsible_for(actor, &t.responsible) {
            continue;
        }
        out.push(Task {
            overdue: t.status != "done" && t.deadline < now,
            ..t
        });
    }
    Ok(out)
}

/// An alert `actor` may see, with its history and the tasks of its
/// protocols: what its page shows.
pub fn alert_with_history(
    store: &mut dyn Store,
    actor: &Actor,
    id: &str,
) -> Result<(alerts::StoredAlert, Vec<alerts::Event>, Vec<Task>)> {
    let access = actor.access();
    let a = alerts::get(store, &access, id)?;
    let e = alerts::events(store, &access, id)?;
    let t = tasks(
        store,
        actor,
        &TaskQuery {
            alert: Some(id.to_string()),
            ..TaskQuery::default()
        },
    )?;
    Ok((a, e, t))
}

/// Moves a task to `acknowledged` or `done`, by whoever is responsible.
pub fn update_task(store: &mut dyn Store, actor: &Actor, id: i64, to: &str) -> Result<Task> {
    actor.require(&[Role::Analyst, Role::Secretariat], "updating a task")?;
    let from: &[&str] = match to {
        "acknowledged" => &["open"],
        "done" => &["open", "acknowledged"],
        _ => return Err(Error::Invalid(format!("no task status '{to}'"))),
    };
    corredor_store::transaction(store, |s| -> Result<()> {
        let rows = s.query(
            "SELECT alert_id, responsible, status FROM task WHERE id = {p}",
            &[id.into()],
        )?;
        let Some(r) = rows.first() else {
            return Err(Error::NotFound(format!("no task {id}")));
        };
        let (alert_id, responsible, status) = (r.text(0)?, r.text(1)?, r.text(2)?);
        // A task of an alert one may not see does not exist for them.
        alerts::get(s, &actor.access(), &alert_id)
            .map_err(|_| Error::NotFound(format!("no task {id}")))?;
        if !responsible_for(actor, &responsible) {
            return Err(Error::Forbidden(format!(
                "task {id} is {responsible}'s, not {}'s",
                actor.org
            )));
        }
        if !from.contains(&status.as_str()) {
            return Err(Error::Conflict(format!("task {id} is {status} already")));
        }
        s.execute(
            "UPDATE task SET status = {p}, updated_at = {p}, updated_by = {p} WHERE id = {p}",
            &[
                to.into(),
                clock::now().into(),
                actor.org.as_str().into(),
                id.into(),
            ],
        )?;
        audit::record(
            s,
            actor,
            &format!("task.{to}"),
            &format!("task/{id}"),
            &alert_id,
        )
    })?;
    tasks(store, actor, &TaskQuery::default())?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Error::NotFound(format!("no task {id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_playbook_parses() {
        let p = Playbook::parse(DEFAULT).unwrap();
        assert_eq!(p.name, "dla-pillar-4");
        assert!(p.steps.len() >= 4);
    }

    proptest::proptest! {
        #[test]
        fn any_playbook_text_parses_or_is_refused(text in "\\PC{0,200}") {
            let _ = Playbook::parse(&text);
        }
    }

    #[test]
    fn bad_playbooks_are_refused_with_the_step() {
        let bad = DEFAULT.replacen("when = \"opened\"", "when = \"someday\"", 1);
        assert!(Playbook::parse(&bad).unwrap_err().contains("step 1"));
        assert!(Playbook::parse("name = \"x\"\ntitle.en=\"a\"\ntitle.es=\"b\"").is_err());
    }
}

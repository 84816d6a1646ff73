//! Response protocols: playbooks in a readable TOML file, loaded into the
//! store; an alert activates them, and their steps become tasks for the
//! organisations responsible, with deadlines.

use corredor_model::{AlertKind, Level, TaskStatus};
use corredor_store::tasks as repo;
use corredor_store::Store;
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
    /// Portuguese and French: empty where a playbook (or a task stored
    /// before they existed) has none; readers then get the English text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub pt: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub fr: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Playbook {
    pub name: String,
    pub title: Text,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(rename = "step", default)]
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ProtocolStep)]
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
    /// What completes the task without its holder marking it done:
    /// `capacity_reported`, the responsible country's capacity report
    /// arriving after the task was opened. Without it, the holder closes
    /// the task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_when: Option<DoneWhen>,
}

/// An event that completes a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DoneWhen {
    /// An import brings a capacity figure (`capacity_…` indicator) of the
    /// country responsible for the task.
    CapacityReported,
}

impl DoneWhen {
    pub fn as_str(self) -> &'static str {
        match self {
            DoneWhen::CapacityReported => "capacity_reported",
        }
    }
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
                    return Err(format!(
                        "step {n}: kind '{k}': use surge, emergence or data_quality"
                    ));
                }
            }
            if s.responsible.trim().is_empty() {
                return Err(format!("step {n}: responsible is empty"));
            }
            if s.done_when == Some(DoneWhen::CapacityReported)
                && s.responsible != "reporter"
                && s.responsible != "downstream"
                && viewer_of(&s.responsible) == corredor_model::Viewer::Secretariat
            {
                return Err(format!(
                    "step {n}: done_when = capacity_reported needs a country responsible (reporter, downstream or an alpha-3 code): only countries report capacity"
                ));
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
    // A step for someone no one signs in as would make tasks no one sees,
    // and one for an organisation that works no alert (a participant's, an
    // employer's, an observer's) tasks no one may take.
    let orgs: Vec<String> = corredor_store::orgs::orgs(store)?
        .into_iter()
        .map(|o| o.code)
        .collect();
    let tokens = corredor_store::orgs::tokens(store)?;
    for step in &p.steps {
        let r = step.responsible.as_str();
        let country = corredor_model::country::by_code(r).is_some_and(|c| c.alpha3 == r);
        if ["reporter", "downstream", "secretariat"].contains(&r) || country {
            continue;
        }
        if !orgs.iter().any(|o| o == r) {
            return Err(Error::Invalid(format!(
                "step '{}': no organisation '{r}' is registered: add it first (org add), or make the step's responsible reporter, downstream, secretariat or a country's code",
                step.action.en
            )));
        }
        let works_alerts = tokens.iter().any(|t| {
            t.org == r
                && t.revoked_at.is_none()
                && [Role::Analyst.as_str(), Role::Secretariat.as_str()].contains(&t.role.as_str())
        });
        if !works_alerts {
            return Err(Error::Invalid(format!(
                "step '{}': {r} holds no analyst's or secretariat's token, and only those take an alert's tasks: give it one first (token create), or make the step's responsible reporter, downstream, secretariat or a country's code",
                step.action.en
            )));
        }
    }
    corredor_store::transaction(store, |s| -> Result<()> {
        repo::save_protocol(s, &p.name, text, &clock::now(), &actor.org)?;
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
    repo::protocols(store)?
        .iter()
        .map(|text| {
            Playbook::parse(text)
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
            // A task tells its holder about the alert: only those who may
            // see the alert get one.
            let sharing = alert.sharing();
            let responsible: Vec<String> = responsible
                .into_iter()
                .filter(|r| sharing.visible_to(&alert.reporter, &viewer_of(r)))
                .collect();
            let action =
                serde_json::to_string(&step.action).map_err(|e| Error::Internal(e.to_string()))?;
            for r in responsible {
                let deadline = clock::in_seconds(i64::from(step.deadline_hours) * 3600);
                created += repo::create(
                    store,
                    &repo::NewTask {
                        alert_id: id,
                        protocol: &p.name,
                        action: &action,
                        responsible: &r,
                        deadline: &deadline,
                        now: &now,
                        done_when: step.done_when.map(DoneWhen::as_str),
                    },
                )?;
            }
        }
    }
    Ok(created)
}

/// Who a task's holder is, for the sharing rule: a member state's agency
/// (a country's code) sees what that country may; the secretariat and other
/// organisations see what the secretariat may.
pub(crate) fn viewer_of(responsible: &str) -> corredor_model::Viewer {
    match corredor_model::country::by_code(responsible).filter(|c| c.alpha3 == responsible) {
        Some(c) => corredor_model::Viewer::Member {
            country: c.alpha3.to_string(),
        },
        None => corredor_model::Viewer::Secretariat,
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Task {
    pub id: i64,
    pub alert_id: String,
    pub protocol: String,
    pub action: Text,
    pub responsible: String,
    pub deadline: String,
    /// `open`, `acknowledged`, `done`, or `withdrawn` when its holder's
    /// country is no longer asked about the alert.
    #[schema(value_type = String)]
    pub status: TaskStatus,
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
    Ok(repo::count(store)?)
}

pub fn tasks(store: &mut dyn Store, actor: &Actor, q: &TaskQuery) -> Result<Vec<Task>> {
    let now = clock::now();
    let filter = repo::TaskFilter {
        overdue_at: q.overdue.then(|| now.clone()),
        alert: q.alert.clone(),
    };
    let mut out = Vec::new();
    for r in repo::list(store, &actor.access(), &filter)? {
        let t = Task {
            id: r.id,
            alert_id: r.alert_id,
            protocol: r.protocol,
            action: serde_json::from_str(&r.action)
                .map_err(|e| Error::Internal(format!("a stored task's action: {e}")))?,
            responsible: r.responsible,
            deadline: r.deadline,
            status: r.status,
            overdue: false,
            created_at: r.created_at,
            updated_at: r.updated_at,
            updated_by: r.updated_by,
        };
        if q.mine && !responsible_for(actor, &t.responsible) {
            continue;
        }
        out.push(Task {
            overdue: t.status.is_pending() && t.deadline < now,
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
pub fn update_task(store: &mut dyn Store, actor: &Actor, id: i64, to: TaskStatus) -> Result<Task> {
    actor.require(&[Role::Analyst, Role::Secretariat], "updating a task")?;
    let from = to.reached_from();
    if from.is_empty() {
        return Err(Error::Invalid(format!("a task cannot be set {to}")));
    }
    corredor_store::transaction(store, |s| -> Result<()> {
        let Some((alert_id, responsible, status)) = repo::get(s, id)? else {
            return Err(Error::NotFound(format!("no task {id}")));
        };
        // A task of an alert one may not see does not exist for them.
        alerts::get(s, &actor.access(), &alert_id)
            .map_err(|_| Error::NotFound(format!("no task {id}")))?;
        if !responsible_for(actor, &responsible) {
            return Err(Error::Forbidden(format!(
                "task {id} is {responsible}'s, not {}'s",
                actor.org
            )));
        }
        if !from.contains(&status) {
            return Err(Error::Conflict(format!("task {id} is {status} already")));
        }
        repo::set_status(s, id, to, &clock::now(), &actor.org)?;
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
    fn the_capacity_step_is_done_by_a_report_and_only_a_country_reports() {
        let p = Playbook::parse(DEFAULT).unwrap();
        let step = p
            .steps
            .iter()
            .find(|s| s.done_when.is_some())
            .expect("a step a report completes");
        assert_eq!(step.done_when, Some(DoneWhen::CapacityReported));
        assert_eq!(step.responsible, "downstream");
        let bad = DEFAULT.replacen(
            "responsible = \"downstream\"\ndeadline_hours = 168\ndone_when",
            "responsible = \"secretariat\"\ndeadline_hours = 168\ndone_when",
            1,
        );
        assert_ne!(bad, DEFAULT);
        assert!(Playbook::parse(&bad)
            .unwrap_err()
            .contains("only countries report capacity"));
    }

    #[test]
    fn the_shipped_playbook_speaks_the_four_languages() {
        let p = Playbook::parse(DEFAULT).unwrap();
        let texts = std::iter::once(&p.title).chain(p.steps.iter().map(|s| &s.action));
        for t in texts {
            assert!(
                ![&t.en, &t.es, &t.pt, &t.fr].iter().any(|x| x.is_empty()),
                "{t:?}"
            );
        }
    }

    #[test]
    fn bad_playbooks_are_refused_with_the_step() {
        let bad = DEFAULT.replacen("when = \"opened\"", "when = \"someday\"", 1);
        assert!(Playbook::parse(&bad).unwrap_err().contains("step 1"));
        assert!(Playbook::parse("name = \"x\"\ntitle.en=\"a\"\ntitle.es=\"b\"").is_err());
    }
}

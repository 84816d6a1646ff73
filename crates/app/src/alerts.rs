//! Alerts as a workflow: stored when a rescan raises them, then open →
//! acknowledged (by each affected country) → escalated or closed, with
//! comments; every step is an event on the alert, an entry in the audit
//! log, and a message to the webhooks that may see it.
//!
//! A surge that goes on month after month is one alert, not one per month:
//! a new detection on a series with an alert still running (not closed, and
//! raised within the months the detection says the surge has lasted)
//! updates that alert.

use corredor_model::{
    AlertEventKind, AlertKind, AlertStatus, Lang, Level, SeriesKey, ShareLevel, Sharing,
};
use corredor_store::alerts as repo;
use corredor_store::{Access, Store};
use serde::Serialize;

use crate::{Error, Result};

/// A place downstream of an alert as the API describes it: the early
/// warning's `corridor::Downstream`, which knows nothing of OpenAPI, as
/// stored with the alert.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct DownstreamPlace {
    place: String,
    /// The most likely period of arrival, and the range.
    period: String,
    earliest: String,
    latest: String,
    /// Additional people expected there, when a share was learned.
    additional: Option<f64>,
}

/// The places downstream as the store keeps them: each with its basis,
/// the series its figures could have been learned from, so that it can be
/// withdrawn when one of them is shared more narrowly later.
pub(crate) fn stored_downstream(list: &[corredor_warning::corridor::Downstream]) -> String {
    let list: Vec<serde_json::Value> = list
        .iter()
        .map(|d| {
            let mut v = serde_json::to_value(d).unwrap_or(serde_json::Value::Null);
            let basis: Vec<String> = d.basis.iter().map(ToString::to_string).collect();
            if !basis.is_empty() {
                v["basis"] = basis.into();
            }
            v
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into())
}

/// The places downstream as their readers see them: without their basis.
pub(crate) fn shown_downstream(stored: &str) -> serde_json::Value {
    let mut v = serde_json::from_str(stored).unwrap_or(serde_json::Value::Null);
    for d in v.as_array_mut().into_iter().flatten() {
        if let Some(d) = d.as_object_mut() {
            d.remove("basis");
        }
    }
    v
}

/// The additional people a downstream place (as stored with an alert) is
/// told to expect: none when no share was learned, or when the share
/// brings less than one person.
pub fn additional(downstream: &serde_json::Value) -> Option<f64> {
    downstream["additional"].as_f64().filter(|n| *n >= 1.0)
}

/// An alert's explanation in the OAS's four official languages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Explanation {
    pub en: String,
    pub es: String,
    pub pt: String,
    pub fr: String,
}

impl Explanation {
    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Es => &self.es,
            Lang::Pt => &self.pt,
            Lang::Fr => &self.fr,
        }
    }
}

/// An alert as stored and served.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StoredAlert {
    pub id: String,
    /// `surge`, `emergence` or `data_quality`.
    #[schema(value_type = String)]
    pub kind: AlertKind,
    /// `watch`, `warning` or `emergency`.
    #[schema(value_type = String)]
    pub level: Level,
    pub reporter: String,
    pub location: String,
    pub nationality: String,
    pub indicator: String,
    /// The period of the observation that raised (or last updated) it.
    pub period: String,
    pub observed: f64,
    pub expected: f64,
    pub lo95: f64,
    pub hi95: f64,
    /// The figure the level rests on: the forecast when the band raised
    /// it, the same month a year before when growth over last year did, a
    /// new nationality's usual count, a notice's basis. `null` for an
    /// alert stored before it was kept, until its next detection.
    pub reference: Option<f64>,
    pub score: f64,
    pub months: i64,
    pub explanation: Explanation,
    /// Places downstream: when and how many to expect.
    #[schema(value_type = Option<Vec<DownstreamPlace>>)]
    pub downstream: serde_json::Value,
    /// Countries asked to acknowledge it.
    pub affected: Vec<String>,
    pub acknowledged_by: Vec<String>,
    /// `open`, `acknowledged`, `escalated` or `closed`.
    #[schema(value_type = String)]
    pub status: AlertStatus,
    /// Who may see it: `public`, `members` or `restricted`.
    #[schema(value_type = String)]
    pub share: ShareLevel,
    pub share_with: Vec<String>,
    pub created_at: String,
    /// When anything about it last changed, a comment or an
    /// acknowledgement included.
    pub updated_at: String,
    /// When the warning itself last changed: its figures, level, status,
    /// places or sharing. Its CAP message is the one issued then.
    pub issued_at: String,
    /// How much it matters: level, size, surprise, persistence and reach
    /// (0–117); lists show the highest first.
    pub priority: f64,
    /// The other places of the same reporter where the same movement was
    /// seen that month: one episode, raised at the highest place.
    pub places: Vec<String>,
    /// For a `data_quality` notice: the months and series it covers.
    pub covers: Option<Covers>,
}

/// What a data-quality notice covers.
#[derive(Debug, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Covers {
    /// The flagged months, in order.
    pub months: Vec<String>,
    /// The series held out of the early warning.
    pub series: Vec<String>,
    /// `jump`, `fall` or `outlier`.
    pub change: String,
    /// Nationalities that first appeared in the break.
    pub new_series: u64,
}

impl StoredAlert {
    /// The series it was raised on. A location that does not parse (none
    /// is stored so) reads as the whole country.
    pub fn series_key(&self) -> SeriesKey {
        SeriesKey {
            reporter: self.reporter.clone(),
            location: self
                .location
                .parse()
                .unwrap_or_else(|_| corredor_model::Location::all()),
            nationality: self.nationality.clone(),
            indicator: self.indicator.clone(),
        }
    }

    pub fn sharing(&self) -> Sharing {
        Sharing::new(self.share, self.share_with.clone())
    }

    pub fn visible_to(&self, access: &Access) -> bool {
        match access {
            Access::Operator => true,
            Access::Viewer(v) => self.sharing().visible_to(&self.reporter, v),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Event {
    pub id: i64,
    pub at: String,
    pub org: String,
    /// opened, updated, withdrawn (places downstream, `text` lists them),
    /// acknowledged (`text` is the country), comment, escalated, closed;
    /// on a data-quality notice, raised_again (`text` is the id of the
    /// notice its break was raised again in) and follows (`text` is the
    /// id of the settled notice it follows); on a surge or an emergence,
    /// held_by (`text` is the id of the notice that holds its figures out
    /// of the early warning); each given only to those who may see the
    /// notice it names
    #[schema(value_type = String)]
    pub kind: AlertEventKind,
    /// In English where the early warning wrote it (see `translated`), as
    /// written where a person did; an id or a code where the kind says so.
    pub text: String,
    /// What the early warning wrote, in Spanish, Portuguese and French;
    /// absent where a person wrote `text` or it is an id or a code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translated: Option<Translated>,
}

/// An event's text in the other three languages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Translated {
    pub es: String,
    pub pt: String,
    pub fr: String,
}

impl Event {
    /// The text in `lang`, and the language it is written in (`None` for
    /// what a person wrote, whose language is not known).
    pub fn text_in(&self, lang: Lang) -> (&str, Option<Lang>) {
        match (&self.translated, lang) {
            (None, _) => (&self.text, None),
            (Some(_), Lang::En) => (&self.text, Some(Lang::En)),
            (Some(t), Lang::Es) => (&t.es, Some(Lang::Es)),
            (Some(t), Lang::Pt) => (&t.pt, Some(Lang::Pt)),
            (Some(t), Lang::Fr) => (&t.fr, Some(Lang::Fr)),
        }
    }
}

impl From<repo::AlertRow> for StoredAlert {
    fn from(r: repo::AlertRow) -> StoredAlert {
        let j = r.judgement;
        StoredAlert {
            id: r.id,
            kind: r.kind,
            level: j.level,
            reporter: r.key.reporter,
            location: r.key.location.to_string(),
            nationality: r.key.nationality,
            indicator: r.key.indicator,
            period: j.period,
            observed: j.observed,
            expected: j.expected,
            lo95: j.lo95,
            hi95: j.hi95,
            reference: j.reference,
            score: j.score,
            months: j.months,
            explanation: Explanation {
                en: j.explanation_en,
                es: j.explanation_es,
                pt: j.explanation_pt,
                fr: j.explanation_fr,
            },
            downstream: shown_downstream(&j.downstream),
            affected: j.affected,
            acknowledged_by: r.acknowledged_by,
            status: r.status,
            share: j.sharing.level,
            share_with: j.sharing.with,
            created_at: r.created_at,
            updated_at: r.updated_at,
            issued_at: r.issued_at,
            priority: j.priority,
            places: j.places,
            covers: serde_json::from_str(&j.covers).unwrap_or(None),
        }
    }
}

/// Which alerts to list.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub status: Vec<String>,
    pub level: Vec<String>,
    /// Alerts raised by or affecting this country.
    pub country: Option<String>,
    /// Alerts about people of this nationality.
    pub nationality: Option<String>,
    pub kind: Option<String>,
    /// Changed at or after this instant.
    pub since: Option<String>,
    pub limit: Option<i64>,
    /// The most important first (the default), or the most recently changed.
    pub order: repo::Order,
}

impl Query {
    /// The alerts still running: not closed.
    pub fn active() -> Query {
        Query {
            status: [
                AlertStatus::Open,
                AlertStatus::Acknowledged,
                AlertStatus::Escalated,
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
            ..Query::default()
        }
    }
}

/// The alerts `access` may see, in `q.order`.
pub fn list(store: &mut dyn Store, access: &Access, q: &Query) -> Result<Vec<StoredAlert>> {
    let filter = repo::AlertFilter {
        status: q.status.clone(),
        level: q.level.clone(),
        kind: q.kind.clone(),
        country: q.country.clone(),
        nationality: q.nationality.clone(),
        since: q.since.clone(),
        limit: q.limit.unwrap_or(500).clamp(1, 5000),
        order: q.order,
    };
    Ok(repo::list(store, access, &filter)?
        .into_iter()
        .map(StoredAlert::from)
        .collect())
}

/// Every data-quality notice, open or closed, whoever may see it: for the
/// rules that weigh one notice's readers against those of the others
/// holding its months.
pub(crate) fn every_notice(store: &mut dyn Store) -> Result<Vec<StoredAlert>> {
    let filter = repo::AlertFilter {
        kind: Some(AlertKind::DataQuality.as_str().to_string()),
        limit: i64::MAX,
        ..Default::default()
    };
    Ok(repo::list(store, &Access::Operator, &filter)?
        .into_iter()
        .map(StoredAlert::from)
        .collect())
}

/// One alert, if `access` may see it. An alert one may not see is "not
/// found", so that its existence is not revealed either.
pub fn get(store: &mut dyn Store, access: &Access, id: &str) -> Result<StoredAlert> {
    repo::get(store, access, id)?
        .map(StoredAlert::from)
        .ok_or_else(|| Error::NotFound(format!("no alert {id}")))
}

pub fn events(store: &mut dyn Store, access: &Access, id: &str) -> Result<Vec<Event>> {
    get(store, access, id)?;
    // A notice raised again may be shared more or less widely than the one
    // it follows: the link to the other is given only to those who may see
    // it, so that not even its existence is told to others.
    let mut events = Vec::new();
    for e in repo::events(store, id)? {
        if !e.kind.names_notice() || repo::get(store, access, &e.text)?.is_some() {
            events.push(e);
        }
    }
    Ok(events
        .into_iter()
        .map(|e| Event {
            id: e.id,
            at: e.at,
            org: e.org,
            kind: e.kind,
            translated: (!e.text_es.is_empty()).then_some(Translated {
                es: e.text_es,
                pt: e.text_pt,
                fr: e.text_fr,
            }),
            text: e.text,
        })
        .collect())
}

/// What a rescan changed: the ids of the alerts it opened and updated.
#[derive(Debug, Default, Clone, Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Changes {
    pub opened: Vec<String>,
    pub updated: Vec<String>,
    /// Data-quality notices closed because their months were revised or
    /// confirmed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub closed: Vec<String>,
}

impl Changes {
    /// The changes to alerts `access` may see: a scan run by one reader
    /// may open alerts on figures shared with others only, and even their
    /// ids (a hash of the series and month) are not the reader's to know.
    pub fn seen_by(mut self, store: &mut dyn Store, access: &Access) -> Result<Changes> {
        let Some(visible) = visible_ids(store, access)? else {
            return Ok(self);
        };
        for ids in [&mut self.opened, &mut self.updated, &mut self.closed] {
            ids.retain(|id| visible.contains(id));
        }
        Ok(self)
    }
}

/// The ids of the alerts `access` may see; `None` for the operator, who
/// sees every one. What lists of steps on alerts (the audit log, the
/// dead letters, a scan's changes) are filtered by.
pub fn visible_ids(
    store: &mut dyn Store,
    access: &Access,
) -> Result<Option<std::collections::HashSet<String>>> {
    Ok(match access {
        Access::Operator => None,
        access => Some(repo::visible_ids(store, access)?),
    })
}

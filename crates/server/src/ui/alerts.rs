//! Alerts and the work they start: the table of alerts every page shows,
//! an alert's page with its history and tasks, the inbox of an
//! organisation, and the forms that acknowledge, comment, escalate, close
//! and complete.

use std::sync::Arc;

use super::i18n::{colon, semicolon};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use corredor_model::{AlertEventKind, AlertKind, AlertStatus, Lang, Period, SeriesKey, TaskStatus};
use maud::{html, Markup};
use serde::Deserialize;

use super::csrf::csrf_field;
use super::figure::{around_alert, series_chart, series_title, Figures};
use super::i18n::{self, country, number, period};
use super::layout::{answer, error_page, page, place_name, Page};
use super::session::{check_form, CsrfForm, UiLang};
use super::word_of::{event_of, status_of};
use super::words::{t, Word};
use crate::state::{AppState, Caller};
use corredor_app::alerts::{self, StoredAlert};
use corredor_app::auth::{Actor, Role};
use corredor_app::protocol::{self, TaskQuery};
use corredor_app::Error;

/// When and how many to expect at a place downstream (`corridor::Downstream`
/// as stored with the alert): the month of arrival, its range when it is
/// one, and the additional people when a share was learned and brings any.
pub(super) fn arrivals(d: &serde_json::Value, lang: Lang) -> Markup {
    let month = |k: &str| d[k].as_str().and_then(|p| p.parse::<Period>().ok());
    let (at, earliest, latest) = (month("period"), month("earliest"), month("latest"));
    html! {
        (t(lang, Word::Arrivals)) " "
        (at.map(|p| corredor_model::locale::around_period(&p, lang)).unwrap_or_default())
        @if let (Some(e), Some(l)) = (earliest, latest) {
            @if e != l { " (" (t(lang, Word::Range)) " " (period(&e, lang)) " " (t(lang, Word::And)) " " (period(&l, lang)) ")" }
        }
        @if let Some(n) = alerts::additional(d) {
            @if n.round() == 1.0 {
                (semicolon(lang)) (t(lang, Word::AdditionalOne))
            } @else {
                (semicolon(lang)) (t(lang, Word::About)) " " (number(n, lang)) " " (t(lang, Word::Additional))
            }
        }
    }
}

pub(super) fn alert_table(alerts: &[StoredAlert], lang: Lang) -> Markup {
    html! {
        @if alerts.is_empty() {
            p { (t(lang, Word::NoAlerts)) }
        } @else {
            div.scroll tabindex="0" {
                table.alerts.cards {
                    thead { tr {
                        th scope="col" class="num" { (t(lang, Word::Priority)) }
                        th scope="col" { (t(lang, Word::Level)) }
                        th scope="col" { (t(lang, Word::Kind)) }
                        th scope="col" { (t(lang, Word::Place)) }
                        th scope="col" { (t(lang, Word::Nationality)) }
                        th scope="col" { (t(lang, Word::Period)) }
                        th scope="col" class="num" { (t(lang, Word::Observed)) }
                        th scope="col" class="num" { (t(lang, Word::ComparedWith)) }
                        th scope="col" { (t(lang, Word::Status)) }
                    } }
                    tbody {
                        @for a in alerts {
                            tr class={ "alert lvl-" (a.level.as_str()) " kind-" (a.kind.as_str()) } data-id=(a.id) {
                                td.num.priority data-label=(t(lang, Word::Priority)) { (i18n::decimal(a.priority, 1, lang)) }
                                td data-label=(t(lang, Word::Level)) { span class={ "badge lvl-" (a.level.as_str()) } { (t(lang, a.level)) } }
                                td data-label=(t(lang, Word::Kind)) { a href={ "/alerts/" (a.id) } { (t(lang, a.kind)) } }
                                td data-label=(t(lang, Word::Place)) {
                                    a href={ "/country/" (a.reporter) } { (place_name(&corredor_app::engine::place(&a.series_key()), lang)) }
                                    @if !a.places.is_empty() { " " small.places { "+ " (other_places(a, lang)) } }
                                }
                                td data-label=(t(lang, Word::Nationality)) { (nationality_cell(a, lang)) }
                                td data-label=(t(lang, Word::Period)) { (a.period.parse::<Period>().map(|p| period(&p, lang)).unwrap_or_else(|_| a.period.clone())) }
                                td.num data-label=(t(lang, Word::Observed)) { (number(a.observed, lang)) }
                                td.num.reference data-label=(t(lang, Word::ComparedWith)) { (compared_with(a, lang)) }
                                td.status data-label=(t(lang, Word::Status)) { (t(lang, status_of(a.kind, a.status))) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The figure an alert's level rests on, and what it is: the forecast,
/// the same month a year before (a surge that growth over last year keeps
/// running, which may have come in below its forecast), a new
/// nationality's usual count, or a notice's figures before the break. An
/// alert stored before the figure was kept shows its forecast.
fn compared_with(a: &StoredAlert, lang: Lang) -> Markup {
    let reference = a.reference.unwrap_or(a.expected);
    let basis = match a.kind {
        AlertKind::DataQuality => Word::BasisBeforeBreak,
        AlertKind::Emergence => Word::BasisUsual,
        AlertKind::Surge if reference == a.expected => Word::BasisForecast,
        AlertKind::Surge => Word::BasisYearBefore,
    };
    html! { (number(reference, lang)) " " small.basis { (t(lang, basis)) } }
}

/// The other places of an alert's episode, named where Corredor knows
/// their names.
fn other_places(a: &StoredAlert, lang: Lang) -> String {
    a.places
        .iter()
        .map(|p| corredor_model::location::name(&a.reporter, p, lang).unwrap_or(p))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The nationality an alert is about; a data-quality notice is about the
/// reporter's figures, of several nationalities.
fn nationality_cell(a: &StoredAlert, lang: Lang) -> Markup {
    html! {
        @if let Some(c) = &a.covers {
            (t(lang, Word::SeveralNationalities)) " (" (c.series.len()) ")"
        } @else {
            a href={ "/nationality/" (a.nationality) } { (country(&a.nationality, lang)) }
        }
    }
}

/// What a form of an alert's page just did, said once on the page it
/// comes back to, so that an action is seen to have happened. It rides on
/// a short-lived cookie of this site (not the address, which a link could
/// forge and a reload would repeat), and is said only if the alert shows
/// it done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    Acknowledge,
    Comment,
    Escalate,
    Close,
    Confirm,
    Take,
    Complete,
}

/// The cookie that carries a [`Done`] to the next page: `ALERT:WHAT`.
const DONE_COOKIE: &str = "corredor_done";

impl Done {
    const ALL: [Done; 7] = [
        Done::Acknowledge,
        Done::Comment,
        Done::Escalate,
        Done::Close,
        Done::Confirm,
        Done::Take,
        Done::Complete,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Done::Acknowledge => "acknowledge",
            Done::Comment => "comment",
            Done::Escalate => "escalate",
            Done::Close => "close",
            Done::Confirm => "confirm",
            Done::Take => "take",
            Done::Complete => "complete",
        }
    }

    fn word(self) -> Word {
        match self {
            Done::Acknowledge => Word::DoneAcknowledge,
            Done::Comment => Word::DoneComment,
            Done::Escalate => Word::DoneEscalate,
            Done::Close => Word::DoneClose,
            Done::Confirm => Word::DoneConfirm,
            Done::Take => Word::DoneTake,
            Done::Complete => Word::DoneComplete,
        }
    }

    /// Back to the page of alert `id` in `lang`, carrying this.
    fn back_to(self, id: &str, lang: Lang) -> Response {
        let cookie = Cookie::build((DONE_COOKIE, format!("{id}:{}", self.as_str())))
            .path("/alerts/")
            .http_only(true)
            .same_site(SameSite::Strict)
            .max_age(time::Duration::minutes(1))
            .build();
        (
            CookieJar::new().add(cookie),
            Redirect::to(&format!("/alerts/{id}?lang={}", lang.code())),
        )
            .into_response()
    }

    /// The one `jar` carries for alert `id`.
    fn carried(jar: &CookieJar, id: &str) -> Option<Done> {
        let (alert, what) = jar.get(DONE_COOKIE)?.value().split_once(':')?;
        (alert == id)
            .then(|| Done::ALL.into_iter().find(|d| d.as_str() == what))
            .flatten()
    }

    /// Whether alert `a`, its history and tasks show it done by `actor`.
    fn shown_by(
        self,
        a: &StoredAlert,
        events: &[alerts::Event],
        tasks: &[protocol::Task],
        actor: &Actor,
    ) -> bool {
        let held = |status: TaskStatus| {
            tasks.iter().any(|t| {
                t.status == status
                    && (t.responsible == actor.org
                        || actor.country.as_deref() == Some(&t.responsible)
                        || (t.responsible == "secretariat" && actor.role == Role::Secretariat))
            })
        };
        let by_actor =
            |kind: AlertEventKind| events.iter().any(|e| e.kind == kind && e.org == actor.org);
        actor.role != Role::Public
            && match self {
                Done::Acknowledge => actor
                    .country
                    .as_ref()
                    .is_some_and(|c| a.acknowledged_by.contains(c)),
                Done::Comment => by_actor(AlertEventKind::Comment),
                Done::Escalate => by_actor(AlertEventKind::Escalated),
                Done::Close => a.status == AlertStatus::Closed,
                Done::Confirm => a.covers.is_some() && a.status == AlertStatus::Closed,
                Done::Take => held(TaskStatus::Acknowledged),
                Done::Complete => held(TaskStatus::Done),
            }
    }
}

async fn alert_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
    jar: CookieJar,
) -> Page {
    let carried = Done::carried(&jar, &id);
    let (a2, i) = (actor.clone(), id.clone());
    let (alert, events, tasks, detail) = state
        .run(move |s| {
            let (alert, events, tasks) = protocol::alert_with_history(s, &a2, &i)?;
            // The series the alert is about, drawn above its facts; a
            // data-quality notice is about many series and has none.
            let detail = match alert.covers {
                Some(_) => None,
                None => {
                    corredor_app::series::detail(s, &alert.series_key(), &a2.access(), None, 6).ok()
                }
            };
            Ok((alert, events, tasks, detail))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let a = &alert;
    let done = carried.filter(|d| d.shown_by(a, &events, &tasks, &actor));
    let can_ack = actor.role == Role::Analyst
        && a.status != AlertStatus::Closed
        && actor
            .country
            .as_ref()
            .is_some_and(|c| a.affected.contains(c) && !a.acknowledged_by.contains(c));
    let can_comment = matches!(
        actor.role,
        Role::Analyst | Role::Participant | Role::Secretariat
    );
    let can_decide = actor.role == Role::Secretariat
        || (actor.role == Role::Analyst && actor.country.as_deref() == Some(&a.reporter));
    // An alert stored before it was explained in Portuguese and French
    // has no text in them until it is detected again: the English one is
    // shown, marked as English.
    let (explanation, explained_in) = match a.explanation.get(lang) {
        "" => (a.explanation.en.as_str(), Lang::En),
        text => (text, lang),
    };
    let about = if a.covers.is_some() {
        country(&a.reporter, lang)
    } else {
        country(&a.nationality, lang)
    };
    // The title says what and where, so that tabs and bookmarks of two
    // alerts on one nationality can be told apart.
    let place = place_name(&corredor_app::engine::place(&a.series_key()), lang);
    let title = if a.covers.is_some() {
        format!("{} ({}) — {place}", t(lang, a.kind), t(lang, a.level))
    } else {
        format!(
            "{} ({}) — {about}, {place}",
            t(lang, a.kind),
            t(lang, a.level)
        )
    };
    let can_confirm = a.covers.is_some()
        && a.status != AlertStatus::Closed
        && actor.role == Role::Analyst
        && actor.country.as_deref() == Some(&a.reporter);
    let body = html! {
        // The kind, then what and where as the title says them (a surge of
        // Chadians in Mexico is not in Chad), read as a phrase in every
        // language; the level follows as its badge.
        h1 { (i18n::capitalised(t(lang, a.kind))) (colon(lang)) (about) @if a.covers.is_none() { ", " (place) } " " span class={ "badge lvl-" (a.level.as_str()) } { (t(lang, a.level)) } }
        @if let Some(d) = done { p.done #done role="status" { (t(lang, d.word())) } }
        p.explanation lang=(explained_in.code()) { (explanation) }
        @if let Some(d) = &detail {
            (series_chart(&a.series_key(), d, std::slice::from_ref(a), around_alert(a, d), Figures::Under, lang))
        }
        dl.facts {
            dt { (t(lang, Word::Priority)) } dd #alert-priority { (i18n::decimal(a.priority, 1, lang)) }
            @if !a.places.is_empty() {
                dt { (t(lang, Word::AlsoSeenAt)) } dd #alert-places { (other_places(a, lang)) }
            }
            @if let Some(c) = &a.covers {
                dt { (t(lang, Word::MonthsFlagged)) }
                dd #notice-months { (i18n::month_runs(&c.months, lang)) }
                dt { (t(lang, if a.status == AlertStatus::Closed { Word::SeriesWereHeld } else { Word::SeriesHeld })) }
                dd #notice-series { (held_series(&c.series, lang)) }
            }
            dt { (t(lang, Word::Place)) } dd { a href={ "/country/" (a.reporter) } { (place_name(&corredor_app::engine::place(&a.series_key()), lang)) } }
            // A notice is about the series it holds out, listed above, not
            // about the one its key names.
            @if a.covers.is_none() {
                dt { (t(lang, Word::OneSeries)) } dd { a href={ "/series/" (a.series_key()) } data-key=(a.series_key()) { (series_title(&a.series_key(), lang)) } }
            }
            dt { (t(lang, Word::Status)) } dd #alert-status { (t(lang, status_of(a.kind, a.status))) }
            dt { (t(lang, Word::AskedToAcknowledge)) } dd { (a.affected.iter().map(|c| country(c, lang)).collect::<Vec<_>>().join(", ")) }
            dt { (t(lang, Word::AcknowledgedBy)) } dd #acknowledged-by {
                @if a.acknowledged_by.is_empty() {
                    (t(lang, Word::NoOneYet))
                } @else {
                    (a.acknowledged_by.iter().map(|c| country(c, lang)).collect::<Vec<_>>().join(", "))
                }
            }
        }
        @if let Some(list) = a.downstream.as_array().filter(|l| !l.is_empty()) {
            section aria-labelledby="down-h" {
                h2 #down-h { (t(lang, Word::Downstream)) }
                ul {
                    @for d in list {
                        li { (place_name(d["place"].as_str().unwrap_or(""), lang)) (colon(lang)) (arrivals(d, lang)) }
                    }
                }
            }
        }
        @if can_confirm {
            section.actions aria-label=(t(lang, Word::ConfirmMonths)) {
                p { (t(lang, Word::ConfirmHelp)) }
                form method="post" action={ "/ui/alerts/" (a.id) "/confirm?lang=" (lang.code()) } { (csrf_field())
                    label for="note" { (t(lang, Word::NoteOnFigures)) }
                    textarea #note name="text" rows="2" {}
                    button #confirm type="submit" { (t(lang, Word::ConfirmMonths)) }
                }
            }
        }
        @if can_ack || can_comment || can_decide {
            section.actions aria-label=(t(lang, Word::Actions)) {
                @if can_ack {
                    form method="post" action={ "/ui/alerts/" (a.id) "/acknowledge?lang=" (lang.code()) } { (csrf_field())
                        button #acknowledge type="submit" { (t(lang, Word::Acknowledge)) }
                    }
                }
                @if can_comment || can_decide {
                    form method="post" action={ "/ui/alerts/" (a.id) "/comment?lang=" (lang.code()) } { (csrf_field())
                        label for="text" { (t(lang, Word::Reason)) }
                        // A comment needs its text, a decision may go
                        // without: the browser asks for the text before a
                        // comment only, and the page is kept.
                        textarea #text name="text" rows="2" required[can_comment] {}
                        @if can_comment { button type="submit" name="do" value="comment" { (t(lang, Word::Comment)) } }
                        @if can_decide && (a.status == AlertStatus::Open || a.status == AlertStatus::Acknowledged) {
                            button type="submit" name="do" value="escalate" formnovalidate { (t(lang, Word::Escalate)) }
                        }
                        // A data-quality notice settles by its figures
                        // being confirmed or revised, not by a close.
                        @if can_decide && a.status != AlertStatus::Closed && a.covers.is_none() {
                            button type="submit" name="do" value="close" formnovalidate { (t(lang, Word::Close)) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="tasks-h" {
            h2 #tasks-h { (t(lang, Word::Tasks)) }
            (task_list(&tasks, &actor, lang))
        }
        section aria-labelledby="hist-h" {
            h2 #hist-h { (t(lang, Word::History)) }
            ol.events {
                @for e in &events { li { (event_line(e, a.kind, lang)) } }
            }
        }
    };
    let here = format!("/alerts/{}", a.id);
    let html = Html(page(lang, &actor, state.simulated, &title, &here, body).into_string());
    // Said once: the cookie goes with this page.
    Ok(match jar.get(DONE_COOKIE) {
        Some(_) => (
            jar.remove(Cookie::build(DONE_COOKIE).path("/alerts/")),
            html,
        )
            .into_response(),
        None => html.into_response(),
    })
}

/// A task's action in the reader's language, and the language it is
/// written in: playbooks give their actions in English and Spanish, so a
/// Portuguese or French reader sees the English one, marked as English.
fn action_text(action: &protocol::Text, lang: Lang) -> (&str, Lang) {
    match lang {
        Lang::Es => (&action.es, Lang::Es),
        Lang::Pt if !action.pt.is_empty() => (&action.pt, Lang::Pt),
        Lang::Fr if !action.fr.is_empty() => (&action.fr, Lang::Fr),
        Lang::En | Lang::Pt | Lang::Fr => (&action.en, Lang::En),
    }
}

fn task_list(tasks: &[protocol::Task], actor: &Actor, lang: Lang) -> Markup {
    html! {
        @if tasks.is_empty() { p { (t(lang, Word::NoTasks)) } } @else {
            ul.tasks {
                @for task in tasks {
                    @let mine = actor.role != Role::Public && (actor.org == task.responsible
                        || actor.country.as_deref() == Some(&task.responsible)
                        || (task.responsible == "secretariat" && actor.role == Role::Secretariat));
                    li class={ "task " (task.status) @if task.overdue { " overdue" } } {
                        @let (action, written_in) = action_text(&task.action, lang);
                        // The buttons below are described by the task they act on.
                        span id={ "task-" (task.id) } lang=(written_in.code()) { (action) }
                        " · " (t(lang, Word::Responsible)) (colon(lang))
                        @if task.responsible == "secretariat" { (t(lang, Role::Secretariat)) }
                        @else if corredor_model::country::by_code(&task.responsible).is_some() { (country(&task.responsible, lang)) }
                        @else { (task.responsible) }
                        " · " (t(lang, Word::Deadline)) (colon(lang)) time datetime=(task.deadline) { (i18n::date(&task.deadline, lang)) }
                        @if task.overdue { " · " strong.overdue { (t(lang, Word::Overdue)) } }
                        " · " (t(lang, task.status))
                        @if mine && task.status == TaskStatus::Open {
                            form.inline method="post" action={ "/ui/tasks/" (task.id) "/acknowledge?lang=" (lang.code()) } { (csrf_field()) button type="submit" aria-describedby={ "task-" (task.id) } { (t(lang, Word::Take)) } }
                        }
                        @if mine && task.status.is_pending() {
                            form.inline method="post" action={ "/ui/tasks/" (task.id) "/complete?lang=" (lang.code()) } { (csrf_field()) button type="submit" aria-describedby={ "task-" (task.id) } { (t(lang, Word::MarkDone)) } }
                        }
                    }
                }
            }
        }
    }
}

/// Tasks under the alert each one serves, the alert named (level, kind,
/// who and where, when) so that a list of like tasks says which is which.
fn tasks_by_alert(
    tasks: &[protocol::Task],
    alerts: &[StoredAlert],
    actor: &Actor,
    lang: Lang,
) -> Markup {
    let mut groups: Vec<(&str, Vec<protocol::Task>)> = Vec::new();
    for task in tasks {
        match groups.iter_mut().find(|(id, _)| *id == task.alert_id) {
            Some((_, list)) => list.push(task.clone()),
            None => groups.push((&task.alert_id, vec![task.clone()])),
        }
    }
    html! {
        @if groups.is_empty() { p { (t(lang, Word::NoTasks)) } }
        @for (id, list) in &groups {
            section.task-group {
                h3 {
                    @match alerts.iter().find(|a| a.id == *id) {
                        Some(a) => {
                            span class={ "badge lvl-" (a.level.as_str()) } { (t(lang, a.level)) } " "
                            a href={ "/alerts/" (id) } {
                                (t(lang, a.kind)) (colon(lang))
                                @if a.covers.is_some() { (country(&a.reporter, lang)) } @else { (country(&a.nationality, lang)) }
                            }
                            @if a.covers.is_none() {
                                " · " (place_name(&corredor_app::engine::place(&a.series_key()), lang))
                            }
                            " · " (a.period.parse::<Period>().map(|p| period(&p, lang)).unwrap_or_else(|_| a.period.clone()))
                        }
                        None => { a href={ "/alerts/" (id) } { (t(lang, Word::Alert)) " " (id) } }
                    }
                }
                (task_list(list, actor, lang))
            }
        }
    }
}

async fn inbox(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
) -> Page {
    if actor.role == Role::Public {
        return Ok(Redirect::to("/signin").into_response());
    }
    let (access, a2) = (actor.access(), actor.clone());
    let (alerts, named, mine, overdue) = state
        .run(move |s| {
            let alerts = match &a2.country {
                Some(c) => alerts::list(
                    s,
                    &access,
                    &alerts::Query {
                        country: Some(c.clone()),
                        ..alerts::Query::active()
                    },
                )?,
                None => alerts::list(
                    s,
                    &access,
                    &alerts::Query {
                        status: vec!["open".into(), "escalated".into()],
                        ..Default::default()
                    },
                )?,
            };
            let mine = protocol::tasks(
                s,
                &a2,
                &TaskQuery {
                    mine: true,
                    ..Default::default()
                },
            )?
            .into_iter()
            .filter(|t| t.status.is_pending())
            .collect::<Vec<_>>();
            let overdue = if a2.role == Role::Secretariat {
                protocol::tasks(
                    s,
                    &a2,
                    &TaskQuery {
                        overdue: true,
                        ..Default::default()
                    },
                )?
            } else {
                Vec::new()
            };
            // A task's alert outside the list above (closed since, or
            // beyond its length) is still named by its title.
            let mut named = alerts.clone();
            for t in mine.iter().chain(&overdue) {
                if !named.iter().any(|a| a.id == t.alert_id) {
                    if let Ok(a) = alerts::get(s, &access, &t.alert_id) {
                        named.push(a);
                    }
                }
            }
            Ok((alerts, named, mine, overdue))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let body = html! {
        h1 { (t(lang, Word::Inbox)) }
        section aria-labelledby="ya-h" {
            h2 #ya-h { (t(lang, if actor.country.is_some() { Word::YourAlerts } else { Word::ActiveAlerts })) }
            (alert_table(&alerts, lang))
        }
        section aria-labelledby="yt-h" {
            h2 #yt-h { (t(lang, Word::YourTasks)) }
            (tasks_by_alert(&mine, &named, &actor, lang))
        }
        @if actor.role == Role::Secretariat {
            section aria-labelledby="od-h" {
                h2 #od-h { (t(lang, Word::OverdueTasks)) }
                (tasks_by_alert(&overdue, &named, &actor, lang))
            }
        }
    };
    Ok(answer(
        &state,
        lang,
        &actor,
        t(lang, Word::Inbox),
        "/inbox",
        body,
    ))
}

#[derive(Deserialize)]
struct ActionForm {
    #[serde(default)]
    text: String,
    #[serde(default, rename = "do")]
    action: String,
    #[serde(default)]
    csrf: String,
}

async fn alert_action(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    Path((id, what)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Page {
    check_form(&state, &headers, &form.csrf).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let (a2, i) = (actor.clone(), id.clone());
    let routes = state.routes().clone();
    let done = match (what.as_str(), form.action.as_str()) {
        ("acknowledge", _) => Done::Acknowledge,
        ("comment", "escalate") => Done::Escalate,
        ("comment", "close") => Done::Close,
        ("confirm", _) => Done::Confirm,
        _ => Done::Comment,
    };
    state
        .run(move |s| match (what.as_str(), form.action.as_str()) {
            ("acknowledge", _) => corredor_app::workflow::acknowledge(s, &a2, &i).map(|_| ()),
            ("comment", "escalate") => {
                corredor_app::workflow::transition(s, &a2, &i, AlertStatus::Escalated, &form.text)
                    .map(|_| ())
            }
            ("comment", "close") => {
                corredor_app::workflow::transition(s, &a2, &i, AlertStatus::Closed, &form.text)
                    .map(|_| ())
            }
            ("comment", _) => corredor_app::workflow::comment(s, &a2, &i, &form.text).map(|_| ()),
            ("confirm", _) => {
                corredor_app::quality::confirm_notice(s, &a2, &routes, &i, &form.text).map(|_| ())
            }
            _ => Err(Error::NotFound("no such action".into())),
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    // Back to the page in the language the form was sent from.
    Ok(done.back_to(&id, lang))
}

async fn task_action(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    Path((id, what)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Page {
    check_form(&state, &headers, &form.csrf).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let Ok(id) = id.parse::<i64>() else {
        return Err(error_page(
            &state,
            lang,
            &actor,
            &Error::NotFound(format!("task {id}")),
        ));
    };
    let (to, done) = match what.as_str() {
        "acknowledge" => (TaskStatus::Acknowledged, Done::Take),
        "complete" => (TaskStatus::Done, Done::Complete),
        _ => {
            return Err(error_page(
                &state,
                lang,
                &actor,
                &Error::NotFound("no such action".into()),
            ))
        }
    };
    let a2 = actor.clone();
    let task = state
        .run(move |s| protocol::update_task(s, &a2, id, to))
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    Ok(done.back_to(&task.alert_id, lang))
}

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/alerts/{id}", get(alert_page))
        .route("/inbox", get(inbox))
        .route("/ui/alerts/{id}/{what}", post(alert_action))
        .route("/ui/tasks/{id}/{what}", post(task_action))
}

/// The series a data-quality notice holds out: how many, and each named
/// and linked, folded away so that a reporter's hundred series do not
/// bury the page.
fn held_series(keys: &[String], lang: Lang) -> Markup {
    let mut named: Vec<(String, Option<SeriesKey>)> = keys
        .iter()
        .map(|k| match k.parse::<SeriesKey>() {
            Ok(key) => (series_title(&key, lang), Some(key)),
            Err(_) => (k.clone(), None),
        })
        .collect();
    named.sort_by_cached_key(|(title, _)| i18n::sort_key(title, lang));
    html! {
        details {
            summary { (i18n::count(keys.len() as u64, lang)) }
            ul.held {
                @for (title, key) in &named {
                    @match key {
                        Some(key) => li { a href={ "/series/" (key) } data-key=(key) { (title) } },
                        None => li { (title) },
                    }
                }
            }
        }
    }
}

/// A step of an alert's history: when, by whom, what, and what it names
/// (a country acknowledging, places withdrawn, by their names in `lang`)
/// or says.
fn event_line(e: &alerts::Event, kind: AlertKind, lang: Lang) -> Markup {
    html! {
        time datetime=(e.at) { (i18n::date(&e.at, lang)) } " · " strong { @if e.org == corredor_app::auth::LOCAL_OPERATOR { (t(lang, Word::Operator)) } @else { (e.org) } } " · " (t(lang, event_of(kind, e.kind)))
        @if e.kind == AlertEventKind::Acknowledged && !e.text.is_empty() { (colon(lang)) (country(&e.text, lang)) }
        @else if e.kind.names_notice() {
            (colon(lang)) a href={ "/alerts/" (e.text) } { (e.text) }
        }
        @else if e.kind == AlertEventKind::Withdrawn {
            (colon(lang)) (e.text.split(", ").map(|p| place_name(p, lang)).collect::<Vec<_>>().join(semicolon(lang)))
        }
        @else if !e.text.is_empty() {
            @let (text, written_in) = e.text_in(lang);
            (colon(lang)) @match written_in { Some(l) => span lang=(l.code()) { (text) }, None => span.written { (text) } }
        }
    }
}

#[cfg(test)]
mod tests;

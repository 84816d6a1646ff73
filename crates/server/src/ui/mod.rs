//! The dashboard: server-rendered pages in English and Spanish over the
//! same services and the same sharing rule as the API. Every asset (the
//! map, the style sheet) is compiled into the binary; pages use no script,
//! so they work on a slow connection and without JavaScript, and weigh a
//! few tens of kilobytes.
//!
//! Signing in stores the organisation's token in an HttpOnly, SameSite=
//! Strict cookie; forms that change something also check that the request
//! comes from this site (`Origin`), so another site cannot submit them.

pub mod chart;
pub mod i18n;
pub mod map;
pub mod scorecard;
pub mod words;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::{header, request::Parts, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use corredor_model::{Lang, Period, SeriesKey};
use corredor_store::Filter;
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use time::Duration;

use crate::http::{AppState, Caller};
use corredor_app::alerts::{self, StoredAlert};
use corredor_app::auth::{self, Actor, Role};
use corredor_app::protocol::{self, TaskQuery};
use corredor_app::series::SeriesDetail;
use corredor_app::Error;
use corredor_model::{AlertStatus, Level};
use i18n::{country, number, period};
use words::{t, Word};

pub const TOKEN_COOKIE: &str = "corredor_token";
const STYLE: &str = include_str!("../../assets/style.css");

/// The reader's language, from the `lang` cookie or `Accept-Language`.
pub struct UiLang(pub Lang);

const LANG_COOKIE: &str = "lang";

/// The organisation's token the dashboard signed in with, if any.
pub fn token_cookie(headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers)
        .get(TOKEN_COOKIE)
        .map(|c| c.value().to_string())
}

/// The token's cookie: HttpOnly so that no script can read it, Strict so
/// that no other site's link or form carries it.
fn token_cookie_with(value: String, max_age: Duration) -> Cookie<'static> {
    Cookie::build((TOKEN_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .max_age(max_age)
        .build()
}

impl<S: Send + Sync> FromRequestParts<S> for UiLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(UiLang(i18n::negotiate(
            jar.get(LANG_COOKIE).map(|c| c.value()),
            accept,
        )))
    }
}

fn place_name(place: &str, lang: Lang) -> String {
    match place.split_once('/') {
        Some((c, l)) => format!("{} ({l})", country(c, lang)),
        None => country(place, lang),
    }
}

/// The frame of every page.
fn page(
    lang: Lang,
    actor: &Actor,
    simulated: bool,
    title: &str,
    here: &str,
    body: Markup,
) -> Markup {
    let other = match lang {
        Lang::En => ("es", "Español"),
        Lang::Es => ("en", "English"),
    };
    html! {
        (DOCTYPE)
        html lang=(i18n::lang_code(lang)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Corredor" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                a.skip href="#main" { (t(lang, Word::Skip)) }
                header {
                    a.brand href="/" { "Corredor" }
                    nav aria-label="main" {
                        a href="/" { (t(lang, Word::Map)) }
                        a href="/inbox" { (t(lang, Word::Inbox)) }
                        a href="/scorecard" { (t(lang, Word::Scorecard)) }
                        a #lang-switch href={ "/lang/" (other.0) "?back=" (here) } lang=(other.0) { (other.1) }
                        @if actor.role == Role::Public {
                            a #sign-in href="/signin" { (t(lang, Word::SignIn)) }
                        } @else {
                            span.who { (t(lang, Word::SignedInAs)) " " strong { (actor.org) } " (" (actor.role.as_str()) ")" }
                            form.inline method="post" action="/signout" {
                                button type="submit" { (t(lang, Word::SignOut)) }
                            }
                        }
                    }
                }
                @if simulated {
                    p.simulated role="note" { (t(lang, Word::Simulated)) }
                }
                @if actor.role == Role::Public {
                    p.public-note { (t(lang, Word::PublicView)) }
                }
                main #main { (body) }
            }
        }
    }
}

fn alert_table(alerts: &[StoredAlert], lang: Lang) -> Markup {
    html! {
        @if alerts.is_empty() {
            p { (t(lang, Word::NoAlerts)) }
        } @else {
            div.scroll {
                table.alerts {
                    thead { tr {
                        th scope="col" { (t(lang, Word::Level)) }
                        th scope="col" { (t(lang, Word::Kind)) }
                        th scope="col" { (t(lang, Word::Place)) }
                        th scope="col" { (t(lang, Word::Nationality)) }
                        th scope="col" { (t(lang, Word::Period)) }
                        th scope="col" class="num" { (t(lang, Word::Observed)) }
                        th scope="col" class="num" { (t(lang, Word::Expected)) }
                        th scope="col" { (t(lang, Word::Status)) }
                    } }
                    tbody {
                        @for a in alerts {
                            tr class={ "alert lvl-" (a.level.as_str()) } data-id=(a.id) {
                                td { span class={ "badge lvl-" (a.level.as_str()) } { (t(lang, a.level)) } }
                                td { a href={ "/alerts/" (a.id) } { (t(lang, a.kind)) } }
                                td { a href={ "/country/" (a.reporter) } { (place_name(&corredor_app::engine::place(&key_of(a)), lang)) } }
                                td { a href={ "/nationality/" (a.nationality) } { (country(&a.nationality, lang)) } }
                                td { (a.period.parse::<Period>().map(|p| period(&p, lang)).unwrap_or_else(|_| a.period.clone())) }
                                td.num { (number(a.observed, lang)) }
                                td.num { (number(a.expected, lang)) }
                                td.status { (t(lang, a.status)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// "Panama — Venezuela — irregular entries".
fn series_title(key: &SeriesKey, lang: Lang) -> String {
    format!(
        "{} — {} — {}",
        place_name(&corredor_app::engine::place(key), lang),
        country(&key.nationality, lang),
        key.indicator.replace('_', " ")
    )
}

fn key_of(a: &StoredAlert) -> SeriesKey {
    SeriesKey {
        reporter: a.reporter.clone(),
        location: a
            .location
            .parse()
            .unwrap_or_else(|_| corredor_model::Location::all()),
        nationality: a.nationality.clone(),
        indicator: a.indicator.clone(),
    }
}

/// A failed page: the message in the reader's language where we have it.
fn error_page(state: &AppState, lang: Lang, actor: &Actor, e: &Error) -> Response {
    let (status, message) = match e {
        Error::NotFound(_) => (StatusCode::NOT_FOUND, t(lang, Word::NotFound).to_string()),
        Error::Unauthorized(_) => (
            StatusCode::UNAUTHORIZED,
            t(lang, Word::SignInNeeded).to_string(),
        ),
        Error::Forbidden(m) | Error::Invalid(m) | Error::Conflict(m) => (
            match e {
                Error::Forbidden(_) => StatusCode::FORBIDDEN,
                Error::Conflict(_) => StatusCode::CONFLICT,
                _ => StatusCode::BAD_REQUEST,
            },
            m.clone(),
        ),
        _ => {
            tracing::error!(error = %e, "page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
        }
    };
    let body = html! { h1 { (status.as_u16()) } p.error { (message) } };
    (
        status,
        Html(page(lang, actor, state.simulated, &status.to_string(), "/", body).into_string()),
    )
        .into_response()
}

type Page = Result<Response, Response>;

async fn overview(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
) -> Page {
    let access = actor.access();
    let alerts = state
        .run(move |s| alerts::list(s, &access, &alerts::Query::active()))
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let levels = levels(&alerts);
    let mut sorted = alerts;
    sorted.sort_by(|a, b| b.level.cmp(&a.level).then(b.updated_at.cmp(&a.updated_at)));
    sorted.truncate(100);
    let body = html! {
        h1 { (t(lang, Word::CorridorMap)) }
        div.overview {
            (map::render(state.routes(), &levels, lang))
            section aria-labelledby="alerts-h" {
                h2 #alerts-h { (t(lang, Word::Alerts)) }
                (alert_table(&sorted, lang))
            }
        }
    };
    Ok(Html(
        page(
            lang,
            &actor,
            state.simulated,
            t(lang, Word::Title),
            "/",
            body,
        )
        .into_string(),
    )
    .into_response())
}

/// Each country's highest level among the alerts that concern it.
fn levels(alerts: &[StoredAlert]) -> HashMap<String, Level> {
    let mut levels: HashMap<String, Level> = HashMap::new();
    for a in alerts {
        for c in std::iter::once(&a.reporter).chain(a.affected.iter()) {
            let e = levels.entry(c.clone()).or_insert(a.level);
            *e = (*e).max(a.level);
        }
    }
    levels
}

fn valid_code(code: &str) -> Result<String, Error> {
    corredor_model::country::resolve(code)
        .map(|c| c.alpha3.to_string())
        .ok_or_else(|| Error::NotFound(format!("no country {code}")))
}

async fn country_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(code): Path<String>,
) -> Page {
    let code = valid_code(&code).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let (access, c) = (actor.access(), code.clone());
    let (alerts, series) = state
        .run(move |s| {
            let alerts = alerts::list(
                s,
                &access,
                &alerts::Query {
                    country: Some(c.clone()),
                    ..alerts::Query::active()
                },
            )?;
            let series = s.series(
                &Filter {
                    reporters: vec![c],
                    ..Default::default()
                },
                &access,
            )?;
            Ok((alerts, series))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let (here, coming): (Vec<_>, Vec<_>) = alerts.into_iter().partition(|a| a.reporter == code);
    let name = country(&code, lang);
    let body = html! {
        h1 { (name) }
        section aria-labelledby="coming-h" {
            h2 #coming-h { (t(lang, Word::Coming)) }
            @if coming.is_empty() {
                p { (t(lang, Word::NothingComing)) }
            } @else {
                ul.coming {
                    @for a in &coming {
                        @for d in a.downstream.as_array().into_iter().flatten().filter(|d| d["place"].as_str().is_some_and(|p| p.split('/').next() == Some(code.as_str()))) {
                            li class={ "lvl-" (a.level.as_str()) } {
                                span class={ "badge lvl-" (a.level.as_str()) } { (t(lang, a.level)) } " "
                                a href={ "/alerts/" (a.id) } { (country(&a.nationality, lang)) }
                                " — " (t(lang, Word::ComingFrom)) " " (place_name(&corredor_app::engine::place(&key_of(a)), lang)) ": "
                                (t(lang, Word::ArrivalsAround)) " "
                                (d["period"].as_str().and_then(|p| p.parse::<Period>().ok()).map(|p| period(&p, lang)).unwrap_or_default())
                                " (" (t(lang, Word::Range)) " " (d["earliest"].as_str().unwrap_or("")) "–" (d["latest"].as_str().unwrap_or("")) ")"
                                @if let Some(n) = d["additional"].as_f64() {
                                    "; ~" (number(n, lang)) " " (t(lang, Word::Additional))
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="here-h" {
            h2 #here-h { (t(lang, Word::RaisedHere)) }
            (alert_table(&here, lang))
        }
        section aria-labelledby="series-h" {
            h2 #series-h { (t(lang, Word::Series)) }
            (series_table(&series, lang))
        }
    };
    let here_path = format!("/country/{code}");
    Ok(
        Html(page(lang, &actor, state.simulated, &name, &here_path, body).into_string())
            .into_response(),
    )
}

fn series_table(series: &[corredor_store::SeriesSummary], lang: Lang) -> Markup {
    html! {
        div.scroll {
            table.series {
                thead { tr {
                    th scope="col" { (t(lang, Word::Place)) }
                    th scope="col" { (t(lang, Word::Nationality)) }
                    th scope="col" { (t(lang, Word::Series)) }
                    th scope="col" { (t(lang, Word::Period)) }
                } }
                tbody {
                    @for s in series {
                        tr {
                            td { (place_name(&corredor_app::engine::place(&s.key), lang)) }
                            td { a href={ "/nationality/" (s.key.nationality) } { (country(&s.key.nationality, lang)) } }
                            td { a href={ "/series/" (s.key) } { (s.key.indicator.replace('_', " ")) } }
                            td { (s.first) "–" (s.last) }
                        }
                    }
                }
            }
        }
    }
}

async fn nationality_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(code): Path<String>,
) -> Page {
    let code = valid_code(&code).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let (access, c) = (actor.access(), code.clone());
    let (series, alerts, charts) = state
        .run(move |s| {
            let series = s.series(
                &Filter {
                    nationalities: vec![c.clone()],
                    ..Default::default()
                },
                &access,
            )?;
            let alerts = alerts::list(
                s,
                &access,
                &alerts::Query {
                    nationality: Some(c.clone()),
                    ..Default::default()
                },
            )?;
            // Charts of the places on the route, upstream first.
            let mut charts = Vec::new();
            for sm in series.iter().take(6) {
                charts.push((
                    sm.key.clone(),
                    corredor_app::series::detail(s, &sm.key, &access, None, 3)?,
                ));
            }
            Ok((series, alerts, charts))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let name = country(&code, lang);
    let body = html! {
        h1 { (t(lang, Word::Nationality)) ": " (name) }
        section aria-labelledby="alerts-h" {
            h2 #alerts-h { (t(lang, Word::Alerts)) }
            (alert_table(&alerts, lang))
        }
        section aria-labelledby="places-h" {
            h2 #places-h { (t(lang, Word::ByPlace)) }
            @for (key, detail) in &charts {
                h3 { a href={ "/series/" (key) } { (place_name(&corredor_app::engine::place(key), lang)) " — " (key.indicator.replace('_', " ")) } }
                (series_chart(key, detail, &alerts, lang))
            }
            (series_table(&series, lang))
        }
    };
    let here = format!("/nationality/{code}");
    Ok(Html(page(lang, &actor, state.simulated, &name, &here, body).into_string()).into_response())
}

/// The chart of a series detail, with its source and date of receipt.
fn series_chart(key: &SeriesKey, d: &SeriesDetail, alerts: &[StoredAlert], lang: Lang) -> Markup {
    let history: Vec<chart::Point> = d
        .observations
        .iter()
        .filter_map(|o| {
            Some(chart::Point {
                period: o.period.parse().ok()?,
                value: o.value as f64,
            })
        })
        .collect();
    let forecast: Vec<chart::Band> = d
        .forecast
        .iter()
        .filter_map(|b| {
            Some(chart::Band {
                period: b.period.parse().ok()?,
                mean: b.mean,
                lo80: b.lo80,
                hi80: b.hi80,
                lo95: b.lo95,
                hi95: b.hi95,
            })
        })
        .collect();
    let marks: Vec<Period> = alerts
        .iter()
        .filter(|a| key_of(a) == *key)
        .filter_map(|a| a.period.parse().ok())
        .collect();
    let title = series_title(key, lang);
    html! {
        (chart::render(&title, &history, &forecast, &marks, lang))
        p.provenance {
            (t(lang, Word::Source)) ": " (if d.sources.is_empty() { "—".to_string() } else { d.sources.join("; ") })
            @if let Some(r) = &d.received_at {
                "; " (t(lang, Word::Received)) " " (i18n::date(r, lang))
            }
            "; " (t(lang, Word::Model)) ": " (d.model)
        }
    }
}

async fn series_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path((r, l, n, i)): Path<(String, String, String, String)>,
) -> Page {
    let key: SeriesKey = format!("{r}/{l}/{n}/{i}")
        .parse()
        .map_err(|e| error_page(&state, lang, &actor, &Error::NotFound(format!("{e}"))))?;
    let (access, k) = (actor.access(), key.clone());
    let (detail, alerts) = state
        .run(move |s| {
            let d = corredor_app::series::detail(s, &k, &access, None, 6)?;
            let alerts: Vec<StoredAlert> = alerts::list(
                s,
                &access,
                &alerts::Query {
                    country: Some(k.reporter.clone()),
                    nationality: Some(k.nationality.clone()),
                    ..Default::default()
                },
            )?
            .into_iter()
            .filter(|a| key_of(a) == k)
            .collect();
            Ok((d, alerts))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let title = series_title(&key, lang);
    let body = html! {
        h1 { (title) }
        (series_chart(&key, &detail, &alerts, lang))
        section aria-labelledby="fc-h" {
            h2 #fc-h { (t(lang, Word::Forecast)) }
            div.scroll { table {
                thead { tr {
                    th scope="col" { (t(lang, Word::Period)) }
                    th scope="col" class="num" { (t(lang, Word::Forecast)) }
                    th scope="col" class="num" { (t(lang, Word::Band80)) }
                    th scope="col" class="num" { (t(lang, Word::Band95)) }
                } }
                tbody {
                    @for b in &detail.forecast {
                        tr {
                            td { (b.period.parse::<Period>().map(|p| period(&p, lang)).unwrap_or_default()) }
                            td.num { (number(b.mean, lang)) }
                            td.num { (number(b.lo80, lang)) "–" (number(b.hi80, lang)) }
                            td.num { (number(b.lo95, lang)) "–" (number(b.hi95, lang)) }
                        }
                    }
                }
            } }
        }
        section aria-labelledby="alerts-h" {
            h2 #alerts-h { (t(lang, Word::Alerts)) }
            (alert_table(&alerts, lang))
        }
        details {
            summary { (t(lang, Word::DataTable)) }
            div.scroll { table {
                thead { tr { th scope="col" { (t(lang, Word::Period)) } th scope="col" class="num" { (t(lang, Word::Observed)) } } }
                tbody {
                    @for o in detail.observations.iter().rev().take(60) {
                        tr { td { (o.period) } td.num { (number(o.value as f64, lang)) } }
                    }
                }
            } }
        }
    };
    let here = format!("/series/{key}");
    Ok(
        Html(page(lang, &actor, state.simulated, &title, &here, body).into_string())
            .into_response(),
    )
}

async fn alert_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    Path(id): Path<String>,
) -> Page {
    let (a2, i) = (actor.clone(), id.clone());
    let (alert, events, tasks) = state
        .run(move |s| protocol::alert_with_history(s, &a2, &i))
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let a = &alert;
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
    let explanation = if lang == Lang::Es {
        &a.explanation.es
    } else {
        &a.explanation.en
    };
    let title = format!("{} — {}", t(lang, a.level), country(&a.nationality, lang));
    let body = html! {
        h1 { span class={ "badge lvl-" (a.level.as_str()) } { (t(lang, a.level)) } " " (t(lang, a.kind)) ": " (country(&a.nationality, lang)) }
        p.explanation { (explanation) }
        dl.facts {
            dt { (t(lang, Word::Place)) } dd { a href={ "/country/" (a.reporter) } { (place_name(&corredor_app::engine::place(&key_of(a)), lang)) } }
            dt { (t(lang, Word::Series)) } dd { a href={ "/series/" (key_of(a)) } { (key_of(a)) } }
            dt { (t(lang, Word::Status)) } dd #alert-status { (t(lang, a.status)) }
            dt { (t(lang, Word::AskedToAcknowledge)) } dd { (a.affected.iter().map(|c| country(c, lang)).collect::<Vec<_>>().join(", ")) }
            dt { (t(lang, Word::AcknowledgedBy)) } dd #acknowledged-by { (a.acknowledged_by.iter().map(|c| country(c, lang)).collect::<Vec<_>>().join(", ")) }
        }
        @if let Some(list) = a.downstream.as_array().filter(|l| !l.is_empty()) {
            section aria-labelledby="down-h" {
                h2 #down-h { (t(lang, Word::Downstream)) }
                ul {
                    @for d in list {
                        li {
                            (place_name(d["place"].as_str().unwrap_or(""), lang)) ": " (t(lang, Word::ArrivalsAround)) " "
                            (d["period"].as_str().and_then(|p| p.parse::<Period>().ok()).map(|p| period(&p, lang)).unwrap_or_default())
                            " (" (t(lang, Word::Range)) " " (d["earliest"].as_str().unwrap_or("")) "–" (d["latest"].as_str().unwrap_or("")) ")"
                            @if let Some(n) = d["additional"].as_f64() { "; ~" (number(n, lang)) " " (t(lang, Word::Additional)) }
                        }
                    }
                }
            }
        }
        @if can_ack || can_comment || can_decide {
            section.actions aria-label="actions" {
                @if can_ack {
                    form method="post" action={ "/ui/alerts/" (a.id) "/acknowledge" } {
                        button #acknowledge type="submit" { (t(lang, Word::Acknowledge)) }
                    }
                }
                @if can_comment || can_decide {
                    form method="post" action={ "/ui/alerts/" (a.id) "/comment" } {
                        label for="text" { (t(lang, Word::Reason)) }
                        textarea #text name="text" rows="2" {}
                        @if can_comment { button type="submit" name="do" value="comment" { (t(lang, Word::Comment)) } }
                        @if can_decide && (a.status == AlertStatus::Open || a.status == AlertStatus::Acknowledged) {
                            button type="submit" name="do" value="escalate" { (t(lang, Word::Escalate)) }
                        }
                        @if can_decide && a.status != AlertStatus::Closed {
                            button type="submit" name="do" value="close" { (t(lang, Word::Close)) }
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
                @for e in &events {
                    li { time datetime=(e.at) { (i18n::date(&e.at, lang)) } " · " strong { (e.org) } " · " (t(lang, Word::event(&e.kind))) @if !e.text.is_empty() { ": " (e.text) } }
                }
            }
        }
    };
    let here = format!("/alerts/{}", a.id);
    Ok(
        Html(page(lang, &actor, state.simulated, &title, &here, body).into_string())
            .into_response(),
    )
}

fn task_list(tasks: &[protocol::Task], actor: &Actor, lang: Lang) -> Markup {
    html! {
        @if tasks.is_empty() { p { "—" } } @else {
            ul.tasks {
                @for task in tasks {
                    @let mine = actor.role != Role::Public && (actor.org == task.responsible
                        || actor.country.as_deref() == Some(&task.responsible)
                        || (task.responsible == "secretariat" && actor.role == Role::Secretariat));
                    li class={ "task " (task.status) @if task.overdue { " overdue" } } {
                        (if lang == Lang::Es { &task.action.es } else { &task.action.en })
                        " · " (t(lang, Word::Responsible)) ": " (task.responsible)
                        " · " (t(lang, Word::Deadline)) ": " time datetime=(task.deadline) { (i18n::date(&task.deadline, lang)) }
                        @if task.overdue { " · " strong.overdue { (t(lang, Word::Overdue)) } }
                        " · " (t(lang, Word::task_status(&task.status)))
                        @if mine && task.status == "open" {
                            form.inline method="post" action={ "/ui/tasks/" (task.id) "/acknowledge" } { button type="submit" { (t(lang, Word::Take)) } }
                        }
                        @if mine && task.status != "done" {
                            form.inline method="post" action={ "/ui/tasks/" (task.id) "/complete" } { button type="submit" { (t(lang, Word::MarkDone)) } }
                        }
                        " " a href={ "/alerts/" (task.alert_id) } { (t(lang, Word::View)) }
                    }
                }
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
    let (alerts, mine, overdue) = state
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
            .filter(|t| t.status != "done")
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
            Ok((alerts, mine, overdue))
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    let body = html! {
        h1 { (t(lang, Word::Inbox)) }
        section aria-labelledby="ya-h" {
            h2 #ya-h { (t(lang, Word::YourAlerts)) }
            (alert_table(&alerts, lang))
        }
        section aria-labelledby="yt-h" {
            h2 #yt-h { (t(lang, Word::YourTasks)) }
            (task_list(&mine, &actor, lang))
        }
        @if actor.role == Role::Secretariat {
            section aria-labelledby="od-h" {
                h2 #od-h { (t(lang, Word::OverdueTasks)) }
                (task_list(&overdue, &actor, lang))
            }
        }
    };
    Ok(Html(
        page(
            lang,
            &actor,
            state.simulated,
            t(lang, Word::Inbox),
            "/inbox",
            body,
        )
        .into_string(),
    )
    .into_response())
}

fn signin_form(lang: Lang, error: bool) -> Markup {
    html! {
        h1 { (t(lang, Word::SignIn)) }
        @if error { p.error role="alert" { (t(lang, Word::BadToken)) } }
        form method="post" action="/signin" {
            label for="token" { (t(lang, Word::Token)) }
            input #token type="password" name="token" autocomplete="current-password" required;
            p.help { (t(lang, Word::TokenHelp)) }
            button #sign-in-submit type="submit" { (t(lang, Word::SignIn)) }
        }
    }
}

async fn signin_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
) -> Response {
    Html(
        page(
            lang,
            &actor,
            state.simulated,
            t(lang, Word::SignIn),
            "/signin",
            signin_form(lang, false),
        )
        .into_string(),
    )
    .into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    token: String,
}

async fn signin(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<TokenForm>,
) -> Page {
    let public = Actor::public("");
    same_origin(&headers).map_err(|e| error_page(&state, lang, &public, &e))?;
    let token = form.token.trim().to_string();
    let tk = token.clone();
    let found = state
        .run(move |s| auth::verify(s, &tk, ""))
        .await
        .map_err(|e| error_page(&state, lang, &public, &e.0))?;
    if found.is_none()
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        let body = signin_form(lang, true);
        return Ok((
            StatusCode::UNAUTHORIZED,
            Html(
                page(
                    lang,
                    &public,
                    state.simulated,
                    t(lang, Word::SignIn),
                    "/signin",
                    body,
                )
                .into_string(),
            ),
        )
            .into_response());
    }
    Ok((
        jar.add(token_cookie_with(token, Duration::days(30))),
        Redirect::to("/inbox"),
    )
        .into_response())
}

async fn signout(
    State(state): State<Arc<AppState>>,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    jar: CookieJar,
) -> Page {
    same_origin(&headers).map_err(|e| error_page(&state, lang, &Actor::public(""), &e))?;
    // Added rather than `remove`d: the jar sends a removal only for a cookie
    // the request carried, and signing out must clear it in any case.
    Ok((
        jar.add(token_cookie_with(String::new(), Duration::ZERO)),
        Redirect::to("/"),
    )
        .into_response())
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// Switches the language and remembers it for a year.
async fn set_lang(
    Path(code): Path<String>,
    axum::extract::Query(q): axum::extract::Query<Back>,
    jar: CookieJar,
) -> Response {
    let code = if code == "es" { "es" } else { "en" };
    // Only a path on this site: never an open redirect.
    let back = q
        .back
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .unwrap_or_else(|| "/".into());
    let cookie = Cookie::build((LANG_COOKIE, code))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365));
    (jar.add(cookie), Redirect::to(&back)).into_response()
}

/// Refuses a form posted from another site: the cookie is SameSite=Strict,
/// and the `Origin` a browser sends must name this host.
fn same_origin(headers: &HeaderMap) -> Result<(), Error> {
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    match (
        headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        host,
    ) {
        (None, _) => Ok(()),
        (Some(origin), Some(host)) if origin.split("://").nth(1) == Some(host) => Ok(()),
        _ => Err(Error::Forbidden(
            "this form was sent from another site".into(),
        )),
    }
}

#[derive(Deserialize)]
struct ActionForm {
    #[serde(default)]
    text: String,
    #[serde(default, rename = "do")]
    action: String,
}

async fn alert_action(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    Path((id, what)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Page {
    same_origin(&headers).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let (a2, i) = (actor.clone(), id.clone());
    state
        .run(move |s| match (what.as_str(), form.action.as_str()) {
            ("acknowledge", _) => alerts::acknowledge(s, &a2, &i).map(|_| ()),
            ("comment", "escalate") => {
                alerts::transition(s, &a2, &i, AlertStatus::Escalated, &form.text).map(|_| ())
            }
            ("comment", "close") => {
                alerts::transition(s, &a2, &i, AlertStatus::Closed, &form.text).map(|_| ())
            }
            ("comment", _) => alerts::comment(s, &a2, &i, &form.text).map(|_| ()),
            _ => Err(Error::NotFound("no such action".into())),
        })
        .await
        .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    Ok(Redirect::to(&format!("/alerts/{id}")).into_response())
}

async fn task_action(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    Path((id, what)): Path<(i64, String)>,
) -> Page {
    same_origin(&headers).map_err(|e| error_page(&state, lang, &actor, &e))?;
    let to = match what.as_str() {
        "acknowledge" => "acknowledged",
        "complete" => "done",
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
    Ok(Redirect::to(&format!("/alerts/{}", task.alert_id)).into_response())
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLE,
    )
        .into_response()
}

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/country/{code}", get(country_page))
        .route("/nationality/{code}", get(nationality_page))
        .route(
            "/series/{reporter}/{location}/{nationality}/{indicator}",
            get(series_page),
        )
        .route("/alerts/{id}", get(alert_page))
        .route("/inbox", get(inbox))
        .route("/signin", get(signin_page).post(signin))
        .route("/signout", post(signout))
        .route("/lang/{code}", get(set_lang))
        .route("/ui/alerts/{id}/{what}", post(alert_action))
        .route("/ui/tasks/{id}/{what}", post(task_action))
        .route("/static/style.css", get(style))
        .merge(scorecard::router())
}

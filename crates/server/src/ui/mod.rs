//! The dashboard: server-rendered pages in English, Spanish, Portuguese and
//! French (the OAS's four official languages) over the
//! same services and the same sharing rule as the API. Every asset (the
//! map, the style sheet) is compiled into the binary; pages use no script,
//! so they work on a slow connection and without JavaScript, and weigh a
//! few tens of kilobytes.
//!
//! Signing in stores the organisation's token in an HttpOnly, SameSite=
//! Strict cookie; forms that change something also check that the request
//! comes from this site (`Origin`), so another site cannot submit them.

mod alerts;
pub mod chart;
pub mod i18n;
mod integration;
pub mod map;
mod places;
pub mod scorecard;
mod series;
mod session;
pub mod words;

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use corredor_model::{Lang, SeriesKey};
use maud::{html, Markup, DOCTYPE};

use crate::http::AppState;
use corredor_app::alerts::StoredAlert;
use corredor_app::auth::{Actor, Role};
use corredor_app::Error;
use i18n::country;
pub use session::{token_cookie, UiLang};
use words::{t, Word};

const STYLE: &str = include_str!("../../assets/style.css");

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
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
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
                        @if actor.role == Role::Public {
                            a #sign-in href="/signin" { (t(lang, Word::SignIn)) }
                        } @else {
                            span.who { (t(lang, Word::SignedInAs)) " " strong { (actor.org) } " (" (actor.role.as_str()) ")" }
                            form.inline method="post" action="/signout" {
                                button type="submit" { (t(lang, Word::SignOut)) }
                            }
                        }
                    }
                    (language_switch(lang, here))
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

/// The choice of language: each language named in itself, a link to
/// `/lang/{code}` (which sets the cookie and comes back to `here`) for
/// every language but the reader's, which is marked as the current one.
fn language_switch(lang: Lang, here: &str) -> Markup {
    html! {
        nav #lang-switch aria-label=(t(lang, Word::Language)) {
            ul.langs {
                @for l in Lang::ALL {
                    li {
                        @if l == lang {
                            span id={ "lang-" (l.code()) } lang=(l.code()) aria-current="true" { (l.endonym()) }
                        } @else {
                            a id={ "lang-" (l.code()) } href={ "/lang/" (l.code()) "?back=" (here) } lang=(l.code()) hreflang=(l.code()) { (l.endonym()) }
                        }
                    }
                }
            }
        }
    }
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
        .route("/static/style.css", get(style))
        .merge(places::routes())
        .merge(series::routes())
        .merge(alerts::routes())
        .merge(session::routes())
        .merge(scorecard::router())
}

//! The frame every page shares: the document around a page's body (title,
//! header with the language switch, the simulated-data banner), the error
//! page, the style sheet, and the few helpers every group of pages uses.

use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use corredor_model::Lang;
use maud::{html, Markup, DOCTYPE};

use super::i18n::country;
use super::words::{t, Word};
use crate::state::AppState;
use corredor_app::auth::{Actor, Role};
use corredor_app::Error;

const STYLE: &str = include_str!("../../assets/style.css");

/// The style sheet's address, named by its content: a browser keeps it for
/// a day, and a new release's sheet has a new address, so no one reads a
/// new page with last release's styles.
fn style_href() -> &'static str {
    static HREF: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        STYLE.hash(&mut h);
        format!("/static/style.css?v={:016x}", h.finish())
    });
    &HREF
}

/// A place (`REPORTER` or `REPORTER/LOCATION`) as readers name it: the
/// country, and the location's name where Corredor knows one, else its
/// code.
pub(super) fn place_name(place: &str, lang: Lang) -> String {
    match place.split_once('/') {
        Some((c, l)) => format!(
            "{} ({})",
            country(c, lang),
            corredor_model::location::name(c, l, lang).unwrap_or(l)
        ),
        None => country(place, lang),
    }
}

/// The frame of every page.
pub(super) fn page(
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
                // The home page's title names the product already: it is
                // not followed by its name again.
                title { (title) @if title != t(lang, Word::Title) { " · Corredor" } }
                link rel="stylesheet" href=(style_href());
                // No icon: said here so that a browser does not ask for
                // /favicon.ico on every page.
                link rel="icon" href="data:,";
                // The alerts as a feed, for a reader that follows it.
                link rel="alternate" type="application/atom+xml"
                    title=(corredor_app::atom::feed_title(lang))
                    href={ "/api/v1/alerts.atom?lang=" (lang.code()) };
                // For a script of this site that writes through the API
                // on the session's cookie (sent back in X-CSRF-Token).
                @if let Some(token) = super::csrf::csrf_token() {
                    meta name="csrf-token" content=(token);
                }
            }
            body {
                a.skip href="#main" { (t(lang, Word::Skip)) }
                header {
                    a.brand href="/" { "Corredor" }
                    nav aria-label=(t(lang, Word::MainMenu)) {
                        a href="/" { (t(lang, Word::Map)) }
                        a href="/inbox" { (t(lang, Word::Inbox)) }
                        a href="/scorecard" { (t(lang, Word::Scorecard)) }
                        a href="/sharing" { (t(lang, Word::Sharing)) }
                        a href="/labour" { (t(lang, Word::Pathways)) }
                        @if actor.role == Role::Public {
                            a #sign-in href="/signin" { (t(lang, Word::SignIn)) }
                        } @else {
                            span.who { (t(lang, Word::SignedInAs)) " " strong { (actor.org) } " (" (t(lang, actor.role)) ")" }
                            form.inline method="post" action="/signout" {
                                (super::csrf::csrf_field())
                                button type="submit" { (t(lang, Word::SignOut)) }
                            }
                        }
                    }
                    (language_switch(lang, here))
                }
                @if simulated {
                    p.simulated role="note" { (t(lang, Word::Simulated)) }
                }
                main #main {
                    @if actor.role == Role::Public {
                        p.public-note { (t(lang, Word::PublicView)) }
                    }
                    (body)
                }
            }
        }
    }
}

/// The choice of language: each language named in itself, a link to
/// `/lang/{code}` (which sets the cookie and comes back to `here`) for
/// every language but the reader's, which is marked as the current one.
fn language_switch(lang: Lang, here: &str) -> Markup {
    // `here` with its query (a filter), encoded so that the switch comes
    // back to the same view.
    let back = serde_urlencoded::to_string([("back", here)]).unwrap_or_default();
    html! {
        nav #lang-switch aria-label=(t(lang, Word::Language)) {
            ul.langs {
                @for l in Lang::ALL {
                    li {
                        @if l == lang {
                            span id={ "lang-" (l.code()) } lang=(l.code()) aria-current="true" { (l.endonym()) }
                        } @else {
                            a id={ "lang-" (l.code()) } href={ "/lang/" (l.code()) "?" (back) } lang=(l.code()) hreflang=(l.code()) { (l.endonym()) }
                        }
                    }
                }
            }
        }
    }
}

/// A failed page: its title in the reader's language, and the use case's
/// reason as it gives it (in English, marked so), never a server's
/// internal error, which goes to the log.
pub(super) fn error_page(state: &AppState, lang: Lang, actor: &Actor, e: &Error) -> Response {
    let (status, title, reason) = match e {
        Error::NotFound(_) => (StatusCode::NOT_FOUND, Word::NotFound, None),
        Error::Unauthorized(_) => (StatusCode::UNAUTHORIZED, Word::SignInNeeded, None),
        Error::Forbidden(m) => (StatusCode::FORBIDDEN, Word::NotAllowed, Some(m)),
        Error::Conflict(m) => (StatusCode::CONFLICT, Word::NotPossibleNow, Some(m)),
        Error::Busy(m) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Word::NotPossibleNow,
            Some(m),
        ),
        Error::Invalid(m) => (StatusCode::BAD_REQUEST, Word::Refused, Some(m)),
        _ => {
            tracing::error!(error = %e, "page failed");
            (StatusCode::INTERNAL_SERVER_ERROR, Word::ServerFailed, None)
        }
    };
    let body = html! {
        h1 { (t(lang, title)) }
        @if let Some(m) = reason {
            p.error { (t(lang, Word::MessageInEnglish)) " " span lang="en" { (m) } }
        }
    };
    (
        status,
        Html(page(lang, actor, state.simulated, t(lang, title), "/", body).into_string()),
    )
        .into_response()
}

pub(super) type Page = Result<Response, Response>;

/// A page answered: `body` in the frame of every page.
pub(super) fn answer(
    state: &AppState,
    lang: Lang,
    actor: &Actor,
    title: &str,
    here: &str,
    body: Markup,
) -> Response {
    Html(page(lang, actor, state.simulated, title, here, body).into_string()).into_response()
}

pub(super) async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        STYLE,
    )
        .into_response()
}

//! Who reads and in which language: signing in and out (a session in the
//! store, its id in a cookie), the language chosen, and the checks that a
//! form was posted from this site's own pages: its `Origin`, and the
//! session's CSRF token in the field `csrf`, which [`super::csrf::csrf_field`] writes
//! into every form of a page.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::{header, request::Parts, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use corredor_model::Lang;
use maud::{html, Markup};
use serde::Deserialize;
use time::Duration;

use super::i18n;
use super::layout::{error_page, page, Page};
use super::words::{t, Word};
use crate::state::{session_cookie, AppState, Caller, SESSION_COOKIE};
use corredor_app::auth::Actor;
use corredor_app::session;
use corredor_app::Error;

const LANG_COOKIE: &str = "lang";

/// The reader's language: `?lang=` on the address (a link shared in one
/// language opens in it), else the `lang` cookie, else `Accept-Language`.
pub struct UiLang(pub Lang);

/// The language `?lang=` names on a query, when it names one we speak.
fn asked_lang(query: Option<&str>) -> Option<Lang> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::from_code(v))
}

/// `back` without its `lang` parameter, so that a language chosen on the
/// page is not overruled by the address it came back to.
fn without_lang(back: &str) -> String {
    let Some((path, query)) = back.split_once('?') else {
        return back.to_string();
    };
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| k != "lang")
        .collect();
    match serde_urlencoded::to_string(&kept) {
        Ok(q) if !q.is_empty() => format!("{path}?{q}"),
        _ => path.to_string(),
    }
}

/// The session's cookie: HttpOnly so that no script can read it, Strict
/// so that no other site's link or form carries it, and Secure when the
/// site is reached over HTTPS (`--base-url https://…`, as behind a TLS
/// proxy), so that the browser never sends it in clear. It holds the
/// session's id only; the session itself, and its expiry, are in the store.
fn session_cookie_with(value: String, max_age: Duration, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(max_age)
        .build()
}

/// The field a form carries its session's CSRF token in.
#[derive(Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    pub csrf: String,
}

/// Whether the site is reached over HTTPS.
fn over_tls(state: &AppState) -> bool {
    state.base().starts_with("https://")
}

impl<S: Send + Sync> FromRequestParts<S> for UiLang {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let accept = parts
            .headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        if let Some(lang) = asked_lang(parts.uri.query()) {
            return Ok(UiLang(lang));
        }
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(UiLang(i18n::negotiate(
            jar.get(LANG_COOKIE).map(|c| c.value()),
            accept,
        )))
    }
}

fn signin_form(lang: Lang, error: bool) -> Markup {
    html! {
        h1 { (t(lang, Word::SignIn)) }
        @if error { p #token-error .error role="alert" { (t(lang, Word::BadToken)) } }
        form method="post" action="/signin" {
            label for="token" { (t(lang, Word::Token)) }
            // The help, and after a refused token the reason, are read
            // with the field; the field is marked invalid and takes the
            // focus again.
            input #token type="password" name="token" autocomplete="current-password" required
                aria-invalid=[error.then_some("true")]
                aria-describedby=(if error { "token-error token-help" } else { "token-help" })
                autofocus[error];
            p #token-help .help { (t(lang, Word::TokenHelp)) }
            button #sign-in-submit type="submit" { (t(lang, Word::SignIn)) }
        }
    }
}

/// The sign-in page around `body`, as `actor` sees it.
fn signin_html(state: &AppState, lang: Lang, actor: &Actor, body: Markup) -> Html<String> {
    Html(
        page(
            lang,
            actor,
            state.simulated,
            t(lang, Word::SignIn),
            "/signin",
            body,
        )
        .into_string(),
    )
}

async fn signin_page(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
) -> Response {
    signin_html(&state, lang, &actor, signin_form(lang, false)).into_response()
}

#[derive(Deserialize)]
struct TokenForm {
    token: String,
}

async fn signin(
    State(state): State<Arc<AppState>>,
    Caller(caller): Caller,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<TokenForm>,
) -> Page {
    let public = Actor::public("");
    same_origin(&state, &headers).map_err(|e| error_page(&state, lang, &public, &e))?;
    let token = form.token.trim().to_string();
    let plain = !token.is_empty()
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let remote = caller.remote;
    if let Some(wait) = state.signins.wait(&remote) {
        let minutes = wait.as_secs().div_ceil(60).to_string();
        let body = html! {
            h1 { (t(lang, Word::SignIn)) }
            p.error role="alert" { (t(lang, Word::TooManySignIns).replace("{minutes}", &minutes)) }
        };
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            [(header::RETRY_AFTER, wait.as_secs().max(1).to_string())],
            signin_html(&state, lang, &public, body),
        )
            .into_response());
    }
    let opened = if plain {
        let from = remote.clone();
        state
            .run(move |s| session::open(s, &token, &from))
            .await
            .map_err(|e| error_page(&state, lang, &public, &e.0))?
    } else {
        None
    };
    let Some(opened) = opened else {
        state.signins.failed(&remote);
        return Ok((
            StatusCode::UNAUTHORIZED,
            signin_html(&state, lang, &public, signin_form(lang, true)),
        )
            .into_response());
    };
    state.signins.succeeded(&remote);
    let lifetime = Duration::seconds(session::LIFETIME.num_seconds());
    Ok((
        jar.add(session_cookie_with(opened.id, lifetime, over_tls(&state))),
        Redirect::to("/inbox"),
    )
        .into_response())
}

async fn signout(
    State(state): State<Arc<AppState>>,
    Caller(actor): Caller,
    UiLang(lang): UiLang,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> Page {
    check_form(&state, &headers, &form.csrf).map_err(|e| error_page(&state, lang, &actor, &e))?;
    if let Some(id) = session_cookie(&headers) {
        state.forget_session(&id);
        let remote = actor.remote.clone();
        state
            .run(move |s| session::close(s, &id, &remote))
            .await
            .map_err(|e| error_page(&state, lang, &actor, &e.0))?;
    }
    // Added rather than `remove`d: the jar sends a removal only for a cookie
    // the request carried, and signing out must clear it in any case.
    Ok((
        jar.add(session_cookie_with(
            String::new(),
            Duration::ZERO,
            over_tls(&state),
        )),
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
    // Only a path on this site: never an open redirect.
    let back = without_lang(q.back.as_deref().and_then(local_path).unwrap_or("/"));
    // A language we do not speak changes nothing (it once chose English
    // over the reader's own choice).
    let Some(code) = Lang::from_code(&code).map(Lang::code) else {
        return Redirect::to(&back).into_response();
    };
    (jar.add(lang_cookie(code)), Redirect::to(&back)).into_response()
}

/// The cookie that remembers the reader's language for a year.
fn lang_cookie(code: &'static str) -> Cookie<'static> {
    Cookie::build((LANG_COOKIE, code))
        .path("/")
        .same_site(SameSite::Lax)
        .max_age(Duration::days(365))
        .build()
}

/// A page asked for in a language (`?lang=`, as the links of the Atom
/// feed, CAP messages and e-mails are) remembers it as `/lang/{code}`
/// does, so that the next link the reader follows stays in it.
pub(super) async fn remember_asked_lang(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    // Pages only: not the switch itself (whose choice stands), nor the
    // style sheet (cached publicly, so never with a cookie).
    let path = req.uri().path();
    let asked = if req.method() == axum::http::Method::GET
        && !path.starts_with("/lang/")
        && !path.starts_with("/static/")
    {
        asked_lang(req.uri().query())
    } else {
        None
    };
    let held = CookieJar::from_headers(req.headers())
        .get(LANG_COOKIE)
        .map(|c| c.value().to_string());
    let mut response = next.run(req).await;
    if let Some(lang) = asked {
        let page = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let kept = (response.status().is_success() && page) || response.status().is_redirection();
        if kept && held.as_deref() != Some(lang.code()) {
            if let Ok(v) = header::HeaderValue::from_str(&lang_cookie(lang.code()).to_string()) {
                response.headers_mut().append(header::SET_COOKIE, v);
            }
        }
    }
    response
}

/// Refuses a form posted from anywhere but this site's own pages (see
/// [`crate::state::same_origin`]): the cookie is SameSite=Strict as well.
pub(super) fn same_origin(state: &AppState, headers: &HeaderMap) -> Result<(), Error> {
    if crate::state::same_origin(headers, state.base()) {
        Ok(())
    } else {
        Err(Error::Forbidden(
            "this form was sent from another site".into(),
        ))
    }
}

/// Refuses a form that changes something unless it was posted from this
/// site's own pages ([`same_origin`]) with the CSRF token of the session
/// it rides on.
pub(super) fn check_form(state: &AppState, headers: &HeaderMap, csrf: &str) -> Result<(), Error> {
    same_origin(state, headers)?;
    match session_cookie(headers) {
        Some(id) if session::csrf_matches(&id, csrf) => Ok(()),
        _ => Err(Error::Forbidden(
            "this form is not this session's own: reload the page and send it again".into(),
        )),
    }
}

/// A path of this site to send the reader back to, or `None`: it starts
/// with one `/`, and has none of the characters a browser drops or
/// rewrites (whitespace and controls, `\`), which could otherwise turn
/// `/\t/evil.example` into `//evil.example`, another site.
fn local_path(back: &str) -> Option<&str> {
    let plain = back.chars().all(|c| c.is_ascii_graphic() && c != '\\');
    (plain && back.starts_with('/') && !back.starts_with("//")).then_some(back)
}

pub(super) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/signin", get(signin_page).post(signin))
        .route("/signout", post(signout))
        .route("/lang/{code}", get(set_lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_site_are_gone_back_to() {
        assert_eq!(
            local_path("/series/PAN/ALL/VEN/irregular_entries"),
            Some("/series/PAN/ALL/VEN/irregular_entries")
        );
        assert_eq!(
            local_path("/alerts?level=warning"),
            Some("/alerts?level=warning")
        );
        for bad in [
            "//evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "/ /x",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_language_on_the_address_is_read_and_left_behind_on_switching() {
        assert_eq!(asked_lang(Some("lang=es")), Some(Lang::Es));
        assert_eq!(asked_lang(Some("level=warning&lang=pt")), Some(Lang::Pt));
        assert_eq!(asked_lang(Some("lang=xx")), None);
        assert_eq!(asked_lang(Some("lang")), None);
        assert_eq!(asked_lang(None), None);
        assert_eq!(without_lang("/alerts?lang=es"), "/alerts");
        assert_eq!(
            without_lang("/alerts?level=warning&lang=es&place=PAN"),
            "/alerts?level=warning&place=PAN"
        );
        assert_eq!(
            without_lang("/alerts?level=warning"),
            "/alerts?level=warning"
        );
        assert_eq!(without_lang("/"), "/");
    }

    #[test]
    fn the_session_cookie_keeps_its_attributes_and_reads_back() {
        let set = session_cookie_with("abc".into(), Duration::days(7), false).to_string();
        assert!(!set.contains("Secure"), "{set}");
        let secure = session_cookie_with("abc".into(), Duration::days(7), true).to_string();
        assert!(secure.contains("Secure"), "{secure}");
        for part in [
            "corredor_session=abc",
            "HttpOnly",
            "SameSite=Strict",
            "Path=/",
            "Max-Age=604800",
        ] {
            assert!(set.contains(part), "{set}");
        }
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, "a=b".parse().unwrap());
        headers.append(
            header::COOKIE,
            "lang=es; corredor_session=abc".parse().unwrap(),
        );
        assert_eq!(session_cookie(&headers).as_deref(), Some("abc"));
    }
}

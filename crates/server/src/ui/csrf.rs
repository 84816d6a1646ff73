//! The session's CSRF token at hand while a page is drawn: set around
//! every request to the pages ([`with_form_csrf`]), written into every
//! form ([`csrf_field`]) and the page's `<meta name="csrf-token">`
//! ([`csrf_token`]). Under both `layout` and `session`, which use it.

use axum::response::Response;
use corredor_app::session;
use maud::{html, Markup};

use crate::state::session_cookie;

tokio::task_local! {
    /// The CSRF token of the session a page is drawn for, set around every
    /// request to the pages ([`with_form_csrf`]) so that any form drawn
    /// while answering it can carry it ([`csrf_field`]).
    static FORM_CSRF: Option<String>;
}

/// Runs a request to the pages with its session's CSRF token at hand for
/// the forms it draws.
pub(super) async fn with_form_csrf(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let csrf = session_cookie(request.headers()).map(|id| session::csrf(&id));
    FORM_CSRF.scope(csrf, next.run(request)).await
}

/// The hidden field that makes a form this session's own: every form that
/// changes something carries it, and [`check_form`] wants it back.
pub(super) fn csrf_field() -> Markup {
    html! {
        @if let Some(token) = csrf_token() { input type="hidden" name="csrf" value=(token); }
    }
}

/// The CSRF token of the session the page is drawn for, if any.
pub(super) fn csrf_token() -> Option<String> {
    FORM_CSRF.try_with(Clone::clone).ok().flatten()
}

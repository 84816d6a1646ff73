//! The dashboard: server-rendered pages in English, Spanish, Portuguese and
//! French (the OAS's four official languages) over the
//! same services and the same sharing rule as the API. Every asset (the
//! map, the style sheet) is compiled into the binary; pages use no script,
//! so they work on a slow connection and without JavaScript, and weigh a
//! few tens of kilobytes.
//!
//! Signing in opens a session in the store, whose id (never the token) is
//! kept in an HttpOnly, SameSite=Strict cookie; forms that change
//! something also check that the request comes from this site (`Origin`)
//! and carries the session's CSRF token, so another site cannot submit
//! them.

mod alerts;
pub mod chart;
mod csrf;
mod donors;
mod figure;
mod group;
pub mod i18n;
mod indicator_chart;
mod integration;
mod labels;
mod labour;
mod latest;
mod layout;
pub mod map;
mod places;
mod pledges;
mod review;
pub mod scorecard;
mod series;
mod session;
mod shapes;
mod sharing;
mod word_of;
pub mod words;

use std::sync::Arc;

use axum::routing::get;
use axum::Router;

use crate::state::AppState;
pub use session::UiLang;

/// An address the server does not know: a page in the reader's language,
/// or the API's JSON answer under `/api/`.
pub async fn not_found(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    crate::state::Caller(actor): crate::state::Caller,
    session::UiLang(lang): session::UiLang,
    uri: axum::http::Uri,
) -> axum::response::Response {
    let e = corredor_app::Error::NotFound(format!("no address {}", uri.path()));
    if uri.path().starts_with("/api/") {
        return axum::response::IntoResponse::into_response(crate::state::ApiError(e));
    }
    layout::error_page(&state, lang, &actor, &e)
}

pub fn router() -> Router<Arc<AppState>> {
    Router::new()
        .route("/static/style.css", get(layout::style))
        .merge(places::routes())
        .merge(series::routes())
        .merge(alerts::routes())
        .merge(session::routes())
        .merge(scorecard::router())
        .route("/scorecard/donors", get(donors::donors_page))
        .merge(sharing::routes())
        .route("/labour", get(labour::labour_page))
        .layer(axum::middleware::from_fn(csrf::with_form_csrf))
        .layer(axum::middleware::from_fn(session::remember_asked_lang))
}

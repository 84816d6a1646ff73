//! What every request's address must be before a handler sees it.

use super::common::*;

/// A NUL character (`%00`) anywhere in a request's path or query is
/// refused with `400` before any handler runs. No identifier, code or text
/// of Corredor holds one, and PostgreSQL cannot even compare a text that
/// does: a lookup by it would fail the request as a server error, where
/// SQLite would find nothing. (A URI cannot hold a raw NUL byte; `%00` is
/// its only spelling.)
pub(super) async fn refuse_nul(request: axum::extract::Request, next: Next) -> Response {
    let uri = request.uri();
    let nul = |s: &str| s.contains("%00");
    if nul(uri.path()) || uri.query().is_some_and(nul) {
        return ApiError(Error::Invalid(
            "the request's address holds a NUL character (%00), which nothing here contains".into(),
        ))
        .into_response();
    }
    next.run(request).await
}

//! What the request log may say of a request: its path, never its query
//! string. A query can carry anything a client put there (a worker's
//! residence, a search, a token pasted by a feed reader that cannot send
//! headers), and the server ignores parameters it does not take, so the
//! log cannot know which are safe. A worker's record is addressed by its
//! id (`/api/v1/labour/workers/{id}`), and an id is personal data: the
//! log's span names that route with the id replaced by `{id}`, so that the
//! log never tells who is registered where, nor whether they exist.

use axum::http::{Request, Uri};
use tracing::Span;

/// The worker routes' prefix.
const WORKERS: &str = "/api/v1/labour/workers";

/// `uri` as the log may give it.
pub(super) fn loggable(uri: &Uri) -> String {
    let path = uri.path();
    match path.strip_prefix(WORKERS) {
        Some("") | Some("/") => WORKERS.to_string(),
        Some(_) => format!("{WORKERS}/{{id}}"),
        None => path.to_string(),
    }
}

/// The span of a request, as tower-http's default makes it but with
/// [`loggable`] for its address.
pub(super) fn span<B>(request: &Request<B>) -> Span {
    tracing::debug_span!(
        "request",
        method = %request.method(),
        uri = %loggable(request.uri()),
        version = ?request.version(),
    )
}

#[cfg(test)]
mod tests {
    use super::loggable;

    #[test]
    fn a_worker_s_id_and_no_query_string_reach_the_log() {
        let l = |u: &str| loggable(&u.parse().unwrap());
        assert_eq!(
            l("/api/v1/labour/workers/SIM-HN-001?residence=HND"),
            "/api/v1/labour/workers/{id}"
        );
        assert_eq!(
            l("/api/v1/labour/workers?residence=HND"),
            "/api/v1/labour/workers"
        );
        assert_eq!(l("/api/v1/alerts?limit=3"), "/api/v1/alerts");
        assert_eq!(l("/alerts.atom?token=cor_0123"), "/alerts.atom");
        assert_eq!(l("/api/v1/labour/workersX"), "/api/v1/labour/workers/{id}");
    }
}

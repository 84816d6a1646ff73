//! A request's time. Its answer comes within [`LIMIT`]: a read still
//! running then is answered 408. A write is not cut off that way, since
//! its work (in a blocking thread) would go on and could commit after the
//! caller was told it failed; instead the store is given the request's
//! deadline (`state::DEADLINE`, read by [`crate::state::AppState::run`]) and
//! rolls a write back rather than commit it past the deadline, which the
//! caller is told (503, nothing written, send it again). A write is
//! answered 408 only if it is still running [`GRACE`] after the deadline,
//! and what it did by then is rolled back too.

use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use corredor_app::Error;

use crate::state::{ApiError, DEADLINE};

/// How long a request may take.
pub(crate) const LIMIT: Duration = Duration::from_secs(60);

/// How long past its deadline a write is waited for: time for a commit
/// begun just before the deadline to end, so that the answer tells what
/// happened.
const GRACE: Duration = Duration::from_secs(30);

/// Bounds every request: see the module's comment.
pub(crate) async fn bounded(request: Request, next: Next) -> Response {
    let read = request.method().is_safe();
    let deadline = Instant::now() + LIMIT;
    let wait = if read { LIMIT } else { LIMIT + GRACE };
    match tokio::time::timeout(wait, DEADLINE.scope(deadline, next.run(request))).await {
        Ok(answer) => answer,
        Err(_) => {
            let said = if read {
                format!(
                    "the request took longer than {} seconds: ask for less (a page, a filter)",
                    LIMIT.as_secs()
                )
            } else {
                format!(
                    "the request took longer than {} seconds and was not kept: nothing was written; send it again, or import a large file with the command line",
                    LIMIT.as_secs()
                )
            };
            // The API's one error shape, with the timeout's status.
            let mut answer = ApiError(Error::Invalid(said)).into_response();
            *answer.status_mut() = StatusCode::REQUEST_TIMEOUT;
            answer
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::request_deadline as deadline;

    #[tokio::test]
    async fn a_request_knows_its_deadline_and_nothing_else_does() {
        assert_eq!(deadline(), None);
        let at = Instant::now() + LIMIT;
        let seen = DEADLINE.scope(at, async { deadline() }).await;
        assert_eq!(seen, Some(at));
    }

    fn entry() -> corredor_store::audit::AuditEntry {
        corredor_store::audit::AuditEntry {
            at: "2026-01-01T00:00:00Z".into(),
            org: "SEC".into(),
            role: "secretariat".into(),
            token_id: None,
            action: "test.write".into(),
            target: "t".into(),
            detail: String::new(),
            remote: "test".into(),
        }
    }

    /// A write that ends past its request's deadline is rolled back and
    /// told as such (503: nothing written, send it again); in time, kept.
    #[test]
    fn a_write_that_ends_past_its_requests_deadline_is_not_kept() {
        let test = corredor_testkit::TestStore::new();
        drop(corredor_store::open(&test.url).unwrap());
        let config = crate::state::Config {
            db: test.url.clone(),
            addr: "127.0.0.1:0".parse().unwrap(),
            base_url: "http://127.0.0.1".into(),
            routes: corredor_warning::corridor::RouteFile::parse(
                corredor_warning::corridor::DEFAULT_ROUTES,
            )
            .unwrap(),
            tick: Duration::from_secs(1),
            scan_every: Duration::ZERO,
            instance: "test".into(),
            simulated: false,
            webhooks: Default::default(),
            timeouts: Default::default(),
        };
        let state = crate::state::AppState::new(&config);
        let write = |state: std::sync::Arc<crate::state::AppState>| async move {
            state
                .run(|s| {
                    corredor_store::transaction(s, |s| corredor_store::audit::insert(s, &entry()))?;
                    Ok(())
                })
                .await
        };
        let count = |state: std::sync::Arc<crate::state::AppState>| async move {
            state
                .run(|s| Ok(corredor_store::audit::list(s, None, 100)?.len()))
                .await
                .unwrap()
        };
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            let late = Instant::now() - Duration::from_millis(1);
            let out = DEADLINE.scope(late, write(state.clone())).await;
            let answer = out.expect_err("a late write").into_response();
            assert_eq!(answer.status(), StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(count(state.clone()).await, 0);
            // The connection went back to the pool without the deadline.
            write(state.clone()).await.unwrap();
            let ahead = Instant::now() + LIMIT;
            DEADLINE.scope(ahead, write(state.clone())).await.unwrap();
            assert_eq!(count(state.clone()).await, 2);
        });
        drop(state);
    }
}

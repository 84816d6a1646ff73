//! Feeds a reader polls (the alerts' Atom feed, each alert's CAP message,
//! the meetings' iCalendar) carry an entity tag and `Cache-Control:
//! no-cache`: a feed reader, or a proxy on a slow connection, keeps its
//! copy and asks again with `If-None-Match`, and gets `304 Not Modified`
//! without the body when nothing changed. The tag is a digest of the body
//! as the handler wrote it, before compression, so it is weak (`W/`): the
//! same content sent gzipped is the same entity to the reader.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Feeds larger than this are sent without a tag (none is near it).
const FEED_MAX: usize = 64 << 20;

fn is_feed(path: &str) -> bool {
    path == "/api/v1/alerts.atom"
        || path == "/api/v1/calendar.ics"
        || (path.starts_with("/api/v1/alerts/") && path.ends_with(".cap"))
}

/// The weak entity tag of `body`.
fn tag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("W/\"{hex}\"")
}

/// Whether an `If-None-Match` value names `tag` (weak comparison, RFC 9110
/// §13.1.2), or is `*`.
fn matches(if_none_match: &str, tag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let ours = opaque(tag);
    if_none_match
        .split(',')
        .any(|t| t.trim() == "*" || opaque(t) == ours)
}

pub(super) async fn revalidate_feeds(request: Request, next: Next) -> Response {
    let feed =
        matches!(*request.method(), Method::GET | Method::HEAD) && is_feed(request.uri().path());
    if !feed {
        return next.run(request).await;
    }
    let asked = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FEED_MAX).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the feed could not be read",
        )
            .into_response();
    };
    let tag = tag(&bytes);
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    parts
        .headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-cache"));
    if asked.is_some_and(|a| matches(&a, &tag)) {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tag_matches_itself_weakly_among_others_and_star() {
        let t = tag(b"<feed/>");
        assert!(t.starts_with("W/\"") && t.len() == 3 + 32 + 1, "{t}");
        assert_ne!(t, tag(b"<feed />"));
        assert!(matches(&t, &t));
        assert!(matches(&t.replace("W/", ""), &t));
        assert!(matches(&format!("\"x\", {t}"), &t));
        assert!(matches("*", &t));
        assert!(!matches("\"x\"", &t));
        assert!(is_feed("/api/v1/alerts/ab12.cap"));
        assert!(!is_feed("/api/v1/alerts/ab12"));
    }
}

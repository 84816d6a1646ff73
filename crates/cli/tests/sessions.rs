//! The dashboard's sessions: signing in opens a session in the store whose
//! cookie holds no token; a session ends when it is signed out or its
//! token revoked; the pages' forms and API writes riding on the cookie
//! carry the session's CSRF token; signing in and out are audited.

mod common;

use common::server::{csrf, role, send, sign_in, Server};
use common::*;

fn secretariat(store: &TestStore) -> String {
    ok(
        store,
        &["org", "add", "--code", "SEC", "--name", "Secretariat"],
    );
    common::world::token(store, "SEC", "secretariat")
}

#[test]
fn a_session_cookie_holds_no_token_and_the_session_ends_when_signed_out() {
    let store = TestStore::new();
    let token = secretariat(&store);
    let server = Server::start(&store, &[]);
    let url = server.url.as_str();
    let cookie = sign_in(url, &token);
    assert!(!cookie.contains(&token) && !token.contains(&cookie));
    assert_eq!(role(url, &cookie), "secretariat");
    // The token itself is no session, and the session's id (just
    // verified, so in the server's cache) is no token.
    assert_eq!(role(url, &token), "public");
    let as_token = send(
        "GET",
        &format!("{url}/api/v1/me"),
        &[("Authorization", &format!("Bearer {cookie}"))],
        None,
    );
    assert_eq!(as_token.status, 401, "{}", as_token.body);
    let csrf = csrf(url, &cookie);
    let cookie_header = format!("corredor_session={cookie}");
    // Signing out is a form of this session's own: without its CSRF token
    // it is refused and the session lives on.
    let signout = |csrf: &str| {
        send(
            "POST",
            &format!("{url}/signout"),
            &[
                ("Origin", url),
                ("Cookie", &cookie_header),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            Some(&format!("csrf={csrf}")),
        )
    };
    assert_eq!(signout("0123").status, 403);
    assert_eq!(role(url, &cookie), "secretariat");
    let out = signout(&csrf);
    assert_eq!(out.status, 303, "{}", out.body);
    assert!(out.cookies.iter().any(|c| c.contains("Max-Age=0")));
    // The same cookie, kept by someone, opens nothing any more.
    assert_eq!(role(url, &cookie), "public");
    let audit = ok(&store, &["audit", "--json"]);
    assert!(
        audit.contains("session.open") && audit.contains("session.close"),
        "{audit}"
    );
}

#[test]
fn revoking_a_token_ends_its_sessions() {
    let store = TestStore::new();
    let token = secretariat(&store);
    let server = Server::start(&store, &[]);
    let cookie = sign_in(&server.url, &token);
    assert_eq!(role(&server.url, &cookie), "secretariat");
    ok(&store, &["token", "revoke", "1"]);
    // Within the few seconds a verified session is trusted without asking
    // the store again.
    assert!(common::server::eventually(15, || role(
        &server.url,
        &cookie
    ) == "public"));
}

#[test]
fn an_api_write_riding_on_the_cookie_needs_the_sessions_csrf_token() {
    let store = TestStore::new();
    let token = secretariat(&store);
    let server = Server::start(&store, &[]);
    let url = server.url.as_str();
    let cookie = sign_in(url, &token);
    let cookie_header = format!("corredor_session={cookie}");
    let scan = |csrf: Option<&str>| {
        let mut headers = vec![("Origin", url), ("Cookie", cookie_header.as_str())];
        if let Some(c) = csrf {
            headers.push(("X-CSRF-Token", c));
        }
        send("POST", &format!("{url}/api/v1/scan"), &headers, Some("")).status
    };
    assert_eq!(scan(None), 403);
    assert_eq!(scan(Some("not-this-sessions")), 403);
    let own = csrf(url, &cookie);
    assert_eq!(scan(Some(&own)), 200);
    // Another session's token does not serve.
    let other = sign_in(url, &token);
    assert_ne!(other, cookie);
    let other_csrf = csrf(url, &other);
    assert_ne!(other_csrf, own);
    assert_eq!(scan(Some(&other_csrf)), 403);
}

#[test]
fn an_address_that_tries_too_many_tokens_waits_before_trying_again() {
    let store = TestStore::new();
    let token = secretariat(&store);
    let server = Server::start(&store, &[]);
    let url = server.url.as_str();
    let try_token = |t: &str| {
        send(
            "POST",
            &format!("{url}/signin"),
            &[
                ("Origin", url),
                ("Content-Type", "application/x-www-form-urlencoded"),
                ("Accept-Language", "es"),
            ],
            Some(&format!("token={t}")),
        )
    };
    for n in 0..10 {
        let refused = try_token(&format!("cor_guess{n}"));
        assert_eq!(refused.status, 401);
        // The reason is read with the field, which is marked invalid.
        if n == 0 {
            let b = &refused.body;
            assert!(b.contains("id=\"token-error\""), "{b}");
            assert!(
                b.contains("aria-invalid=\"true\" aria-describedby=\"token-error token-help\""),
                "{b}"
            );
        }
    }
    // Even the right token waits now, told how long in the reader's words.
    let refused = try_token(&token);
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert!(
        refused.body.contains("vuelva a intentarlo en 15 min"),
        "{}",
        refused.body
    );
    assert!(refused.cookies.is_empty());
}

/// `--as-org` names who makes the token, `--org` whom it is for: the two
/// were one option to the parser, and the audit credited the token's
/// organisation with making it.
#[test]
fn a_token_is_audited_in_the_name_of_who_made_it() {
    let store = TestStore::new();
    ok(
        &store,
        &["org", "add", "--code", "SEC", "--name", "Secretariat"],
    );
    ok(
        &store,
        &["org", "add", "--code", "CSO", "--name", "A network"],
    );
    ok(
        &store,
        &[
            "--as-org", "SEC", "token", "create", "--org", "CSO", "--role", "observer",
        ],
    );
    let audit: serde_json::Value =
        serde_json::from_str(&ok(&store, &["audit", "--json", "--limit", "1"])).unwrap();
    assert_eq!(audit[0]["action"], "token.create", "{audit}");
    assert_eq!(audit[0]["org"], "SEC", "{audit}");
    // The token is CSO's.
    let tokens = ok(&store, &["token", "list", "--json"]);
    assert!(tokens.contains("\"CSO\""), "{tokens}");
}

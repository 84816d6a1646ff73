//! Dashboard sessions in process, on the test store's backend: a session
//! stands for its token until it is closed, its token revoked, or it
//! expires (idle or absolute); opening and closing are audited. Revoking
//! the last token that takes an organisation's tasks says how many it
//! leaves.

mod common;

use corredor_app::auth::{self, Actor, Role};
use corredor_app::protocol::{self, TaskQuery};
use corredor_app::{clock, session};
use corredor_model::Sharing;
use corredor_testkit::TestStore;

fn secretariat() -> Actor {
    Actor {
        role: Role::Secretariat,
        ..auth::operator("SEC")
    }
}

#[test]
fn a_session_stands_for_its_token_until_closed_or_revoked_and_is_audited() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    auth::add_org(store, &sec, "PAN", "Panama (test)").unwrap();
    let (token, id) = auth::create_token(store, &sec, "PAN", Role::Analyst, "desk").unwrap();
    assert!(session::open(store, "cor_not-a-token", "test")
        .unwrap()
        .is_none());
    let opened = session::open(store, &token, "test").unwrap().unwrap();
    assert_eq!(opened.actor.org, "PAN");
    assert!(!opened.id.contains(&token));
    let actor = session::resume(store, &opened.id, "test").unwrap().unwrap();
    assert_eq!((actor.role, actor.token_id), (Role::Analyst, Some(id)));
    session::close(store, &opened.id, "test").unwrap();
    assert!(session::resume(store, &opened.id, "test")
        .unwrap()
        .is_none());
    // Revoking the token ends the sessions opened with it.
    let again = session::open(store, &token, "test").unwrap().unwrap();
    auth::revoke_token(store, &sec, id).unwrap();
    assert!(session::resume(store, &again.id, "test").unwrap().is_none());
    let log = corredor_app::audit::entries(store, &sec, 100).unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions
            .iter()
            .filter(|a| a.starts_with("session."))
            .collect::<Vec<_>>(),
        [&"session.open", &"session.close", &"session.open"],
        "{actions:?}"
    );
}

#[test]
fn an_expired_session_is_refused_whether_idle_or_past_its_end() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    let sec = secretariat();
    auth::add_org(store, &sec, "PAN", "Panama (test)").unwrap();
    let (_, id) = auth::create_token(store, &sec, "PAN", Role::Analyst, "desk").unwrap();
    let ago = |d: chrono::Duration| clock::format(chrono::Utc::now() - d);
    let hour = chrono::Duration::hours(1);
    // Idle a little longer than allowed, though its end is days away.
    let idle = "a".repeat(64);
    corredor_store::sessions::insert(
        store,
        &session::hash(&idle),
        id,
        &ago(session::IDLE + hour),
        &ago(-session::LIFETIME),
    )
    .unwrap();
    assert!(session::resume(store, &idle, "test").unwrap().is_none());
    // Used a minute ago, but past its absolute end.
    let old = "b".repeat(64);
    corredor_store::sessions::insert(
        store,
        &session::hash(&old),
        id,
        &ago(chrono::Duration::minutes(1)),
        &ago(hour),
    )
    .unwrap();
    assert!(session::resume(store, &old, "test").unwrap().is_none());
    // A session within both limits is live.
    let live = "c".repeat(64);
    corredor_store::sessions::insert(
        store,
        &session::hash(&live),
        id,
        &ago(session::IDLE - hour),
        &ago(-hour),
    )
    .unwrap();
    assert!(session::resume(store, &live, "test").unwrap().is_some());
}

#[test]
fn revoking_the_last_token_that_takes_a_holders_tasks_says_how_many_it_leaves() {
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    common::world(store, &secretariat(), Sharing::public());
    let sec = secretariat();
    let held = protocol::tasks(store, &sec, &TaskQuery::default())
        .unwrap()
        .iter()
        .filter(|t| t.responsible == "PAN" && t.status.is_pending())
        .count() as i64;
    assert!(held > 0);
    let (_, first) = auth::create_token(store, &sec, "PAN", Role::Analyst, "desk").unwrap();
    let (_, second) = auth::create_token(store, &sec, "PAN", Role::Analyst, "night").unwrap();
    let (_, observer) = auth::create_token(store, &sec, "PAN", Role::Observer, "x").unwrap();
    // Another analyst still takes Panama's tasks; an observer does not.
    assert_eq!(auth::revoke_token(store, &sec, first).unwrap().stranded, []);
    assert_eq!(
        auth::revoke_token(store, &sec, second).unwrap().stranded,
        [("PAN".to_string(), held)]
    );
    assert_eq!(
        auth::revoke_token(store, &sec, observer).unwrap().stranded,
        [("PAN".to_string(), held)]
    );
    // Counted on the alerts the revoker may see: restricted to their
    // owners, Panama's figures leave the secretariat none to count.
    let test = TestStore::new();
    let mut store = corredor_store::open(&test.url).unwrap();
    let store = store.as_mut();
    common::world(
        store,
        &secretariat(),
        Sharing::new(corredor_model::ShareLevel::Restricted, Vec::new()),
    );
    let (_, only) = auth::create_token(store, &sec, "PAN", Role::Analyst, "desk").unwrap();
    assert_eq!(auth::revoke_token(store, &sec, only).unwrap().stranded, []);
    // The operator, who holds the store, sees them.
    let (_, again) = auth::create_token(store, &sec, "PAN", Role::Analyst, "desk").unwrap();
    let operator = corredor_app::auth::operator("local");
    let left = auth::revoke_token(store, &operator, again)
        .unwrap()
        .stranded;
    assert!(
        matches!(&left[..], [(pan, n)] if pan == "PAN" && *n > 0),
        "{left:?}"
    );
}

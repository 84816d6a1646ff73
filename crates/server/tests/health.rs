//! The health check is answered on its own store connection: a server
//! whose every pooled connection is busy is slow, not down.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use corredor_server::http::{router, AppState, Config};
use corredor_testkit::TestStore;
use corredor_warning::corridor::{RouteFile, DEFAULT_ROUTES};
use tower::ServiceExt;

#[test]
fn the_health_check_is_answered_while_every_pooled_connection_is_busy() {
    // Made and migrated once, as `serve` does before it listens, outside
    // the runtime: the PostgreSQL client blocks.
    let test = TestStore::new();
    drop(corredor_store::open(&test.url).unwrap());
    let config = Config {
        db: test.url.clone(),
        addr: "127.0.0.1:0".parse().unwrap(),
        base_url: "http://127.0.0.1".into(),
        routes: RouteFile::parse(DEFAULT_ROUTES).unwrap(),
        tick: Duration::from_secs(1),
        scan_every: Duration::ZERO,
        instance: "test".into(),
        simulated: false,
        webhooks: Default::default(),
        timeouts: Default::default(),
    };
    let state = AppState::new(&config);
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(answered_while_busy(state.clone()));
    // Its connections are closed here, outside the runtime.
    drop(state);
}

async fn answered_while_busy(state: std::sync::Arc<AppState>) {
    // Every pooled connection taken by work that waits.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let released = std::sync::Arc::new(std::sync::Mutex::new(released));
    let mut busy = Vec::new();
    for _ in 0..AppState::POOL {
        let (s, r) = (state.clone(), released.clone());
        busy.push(tokio::spawn(async move {
            s.run(move |_| {
                let _ = r.lock().unwrap().recv_timeout(Duration::from_secs(30));
                Ok(())
            })
            .await
        }));
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    let answer = tokio::time::timeout(
        Duration::from_secs(10),
        router(state.clone()).oneshot(Request::get("/healthz").body(Body::empty()).unwrap()),
    )
    .await
    .expect("the health check waited for the pool")
    .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    drop(release);
    for b in busy {
        b.await.unwrap().unwrap();
    }
}

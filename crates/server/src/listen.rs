//! How connections are accepted and served: HTTP/1.1 by hyper, with the
//! limits a client's slowness must not get around. axum's own `serve`
//! sets no timer, so a connection that sends its headers a byte a minute,
//! or never reads its answer, would be held for as long as it likes.
//!
//! - [`Timeouts::header`] (20 s): a request's headers must arrive within
//!   it, and an idle keep-alive connection is closed after it (hyper's
//!   `header_read_timeout`, which also runs between requests);
//! - [`Timeouts::write`] (30 s): an answer that cannot be written for that
//!   long (a client that does not read) ends its connection
//!   (`tokio-io-timeout` around the socket);
//! - a request's handling is bounded by its deadline
//!   (`http::deadline`), which a write's commit keeps too,
//!   request bodies by the router's size limits, expensive work by
//!   [`crate::limits`].

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio_io_timeout::TimeoutStream;
use tower::ServiceExt;

/// How long a client may take: the server's defaults, which `corredor
/// serve --header-timeout/--write-timeout` change.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// Time for a request's headers to arrive, and for an idle connection
    /// to send its next request.
    pub header: Duration,
    /// Time an answer may wait on a client that does not read it.
    pub write: Duration,
}

/// The default of [`Timeouts::header`], in seconds: a person on a slow
/// mobile connection sends a request's headers in well under a second.
pub const HEADER_SECONDS: u64 = 20;
/// The default of [`Timeouts::write`], in seconds: a reader that takes no
/// byte for this long is not reading.
pub const WRITE_SECONDS: u64 = 30;

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            header: Duration::from_secs(HEADER_SECONDS),
            write: Duration::from_secs(WRITE_SECONDS),
        }
    }
}

/// Time connections are given to finish their requests once the server is
/// asked to stop.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until `stop` completes, then lets the
/// connections finish their requests (for up to ten seconds).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    timeouts: Timeouts,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(timeouts.header);
    tokio::pin!(stop);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors, or a connection reset
                    // before it was accepted: wait a moment, go on.
                    tracing::warn!(error = %e, "accepting a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Streamed answers go out in several writes: without TCP_NODELAY,
        // Nagle's algorithm and the client's delayed ACK add 40 ms to each.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY");
        }
        let mut io = TimeoutStream::new(tcp);
        io.set_write_timeout(Some(timeouts.write));
        let service = router
            .clone()
            .map_request(move |mut request: axum::extract::Request<_>| {
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(remote));
                request
            });
        let connection = graceful.watch(http.serve_connection(
            TokioIo::new(Box::pin(io)),
            TowerToHyperService::new(service),
        ));
        tokio::spawn(async move {
            // A client that went away or was too slow: its own loss.
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %remote, "connection ended");
            }
        });
    }
    drop(listener);
    if tokio::time::timeout(DRAIN, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {DRAIN:?}: stopping anyway");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, Bytes};
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A server whose `/endless` answer never ends, with one-second
    /// timeouts; its address and the sender that stops it.
    async fn endless() -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
        let router = Router::new().route(
            "/endless",
            get(|| async {
                let chunk = Bytes::from(vec![b'x'; 1 << 16]);
                let stream = futures_util::stream::repeat_with(move || {
                    Ok::<_, std::io::Error>(chunk.clone())
                });
                Body::from_stream(stream)
            }),
        );
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let timeouts = Timeouts {
            header: Duration::from_secs(1),
            write: Duration::from_secs(1),
        };
        tokio::spawn(serve(listener, router, timeouts, async {
            let _ = stopped.await;
        }));
        (addr, stop)
    }

    /// Reads until the server closes the connection; `false` if it is
    /// still open after `within`.
    async fn closed_within(stream: &mut tokio::net::TcpStream, within: Duration) -> bool {
        let mut buf = vec![0u8; 1 << 16];
        tokio::time::timeout(within, async {
            loop {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await
        .is_ok()
    }

    #[tokio::test]
    async fn a_client_that_sends_its_headers_too_slowly_or_idles_is_closed() {
        let (addr, _stop) = endless().await;
        let mut slow = tokio::net::TcpStream::connect(addr).await.unwrap();
        slow.write_all(b"GET /endless HTTP/1.1\r\nHo")
            .await
            .unwrap();
        assert!(closed_within(&mut slow, Duration::from_secs(10)).await);
        let mut idle = tokio::net::TcpStream::connect(addr).await.unwrap();
        assert!(closed_within(&mut idle, Duration::from_secs(10)).await);
    }

    #[tokio::test]
    async fn a_client_that_never_reads_its_answer_is_closed() {
        let (addr, _stop) = endless().await;
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        let mut reader = socket.connect(addr).await.unwrap();
        reader
            .write_all(b"GET /endless HTTP/1.1\r\nHost: test\r\n\r\n")
            .await
            .unwrap();
        // It never reads: the server's writes wait, then give up.
        tokio::time::sleep(Duration::from_secs(3)).await;
        assert!(closed_within(&mut reader, Duration::from_secs(10)).await);
    }
}

//! Listening: accept → (TLS, certificate by SNI) → HTTP/1.1 or HTTP/2 (by ALPN, or h2c by the
//! connection preface) → [`Proxy::handle`]. Every connection is bounded: a cap on concurrent
//! connections, a TLS handshake timeout, a header read timeout, header size limits (431), an
//! idle timeout, and a graceful end on shutdown.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, mpsc, watch};
use tokio_rustls::TlsAcceptor;

use crate::imports::{Connection, Scheme};
use crate::proxy::{ConnInfo, Proxy};

/// Connection-level limits.
#[derive(Clone, Copy, Debug)]
pub struct ServerLimits {
    /// Concurrent connections per proxy (further clients wait in the accept queue).
    pub max_connections: usize,
    /// Time to finish the TLS handshake.
    pub handshake_timeout: Duration,
    /// Time to send a request's headers (HTTP/1.1).
    pub header_timeout: Duration,
    /// A connection with no bytes read or written for this long is closed.
    pub idle_timeout: Duration,
    /// The largest request head (HTTP/1.1 buffer; HTTP/2 header list): 431 above it.
    pub max_header_bytes: usize,
    /// How long shutdown waits for requests in flight.
    pub drain_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> Self {
        Self {
            max_connections: 20_000,
            handshake_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(60),
            max_header_bytes: 64 << 10,
            drain_timeout: Duration::from_secs(20),
        }
    }
}

/// Tells every accept loop and connection to stop, and waits for them.
pub struct Shutdown {
    signal: watch::Sender<bool>,
    done_tx: Option<mpsc::Sender<()>>,
    done_rx: mpsc::Receiver<()>,
}

impl Default for Shutdown {
    fn default() -> Self {
        let (done_tx, done_rx) = mpsc::channel(1);
        Self {
            signal: watch::channel(false).0,
            done_tx: Some(done_tx),
            done_rx,
        }
    }
}

impl Shutdown {
    /// A receiver that sees `true` once shutdown starts.
    pub fn subscribe(&self) -> watch::Receiver<bool> {
        self.signal.subscribe()
    }

    /// Held by every task that `drain` waits for.
    fn guard(&self) -> Option<mpsc::Sender<()>> {
        self.done_tx.clone()
    }

    /// Stops accepting, lets connections finish their requests, and returns once all are
    /// closed or `timeout` passed.
    pub async fn drain(mut self, timeout: Duration) {
        let _ = self.signal.send(true);
        self.done_tx = None;
        let _ = tokio::time::timeout(timeout, self.done_rx.recv()).await;
    }
}

/// Serves the Gateway port `port` (as the matcher knows it) on `listener`.
pub fn spawn_port(
    listener: TcpListener,
    port: u16,
    proxy: Arc<Proxy>,
    limits: ServerLimits,
    shutdown: &Shutdown,
) {
    let mut stop = shutdown.subscribe();
    let guard = shutdown.guard();
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    tokio::spawn(async move {
        loop {
            let Ok(permit) = Arc::clone(&permits).acquire_owned().await else {
                return;
            };
            let (tcp, peer) = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait rather than spin.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                },
                _ = stop.changed() => return,
            };
            let _ = tcp.set_nodelay(true);
            let (proxy, stop, guard) = (Arc::clone(&proxy), stop.clone(), guard.clone());
            tokio::spawn(async move {
                connection(tcp, peer, port, proxy, limits, stop).await;
                drop((permit, guard));
            });
        }
    });
}

async fn connection(
    tcp: TcpStream,
    peer: SocketAddr,
    port: u16,
    proxy: Arc<Proxy>,
    limits: ServerLimits,
    stop: watch::Receiver<bool>,
) {
    let tls = proxy
        .config
        .load()
        .ports
        .get(&port)
        .and_then(|p| p.tls.clone());
    let activity = Arc::new(Activity::default());
    let io = Tracked {
        inner: tcp,
        activity: Arc::clone(&activity),
    };
    match tls {
        None => {
            let conn = Connection {
                scheme: Scheme::Http,
                port,
                sni: None,
            };
            serve(
                io,
                ConnInfo {
                    connection: conn,
                    peer,
                },
                proxy,
                limits,
                stop,
                activity,
            )
            .await;
        }
        Some(config) => {
            let accept = TlsAcceptor::from(config).accept(io);
            let stream = match tokio::time::timeout(limits.handshake_timeout, accept).await {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => {
                    tracing::debug!(%peer, error = %e, "TLS handshake failed");
                    return;
                }
                Err(_) => {
                    tracing::debug!(%peer, "TLS handshake timed out");
                    return;
                }
            };
            let sni = stream.get_ref().1.server_name().map(str::to_owned);
            let conn = Connection {
                scheme: Scheme::Https,
                port,
                sni,
            };
            serve(
                stream,
                ConnInfo {
                    connection: conn,
                    peer,
                },
                proxy,
                limits,
                stop,
                activity,
            )
            .await;
        }
    }
}

async fn serve<I>(
    io: I,
    info: ConnInfo,
    proxy: Arc<Proxy>,
    limits: ServerLimits,
    mut stop: watch::Receiver<bool>,
    activity: Arc<Activity>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let info = Arc::new(info);
    let busy = Arc::clone(&activity);
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let (proxy, info) = (Arc::clone(&proxy), Arc::clone(&info));
        let in_flight = InFlight::new(Arc::clone(&busy));
        async move {
            let response = proxy.handle(req, &info).await;
            drop(in_flight);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_header_bytes.max(8192));
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX))
        .max_concurrent_streams(256);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    let mut tick = tokio::time::interval(limits.idle_timeout / 4);
    let mut closing = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stop.changed(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
            _ = tick.tick(), if !closing => {
                // Idle: nothing read or written for the whole timeout (slow and silent
                // clients alike); requests in flight make the backend side busy instead.
                if activity.idle_for() >= limits.idle_timeout && proxy_idle(&activity) {
                    closing = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

fn proxy_idle(activity: &Activity) -> bool {
    activity.in_flight.load(Ordering::Relaxed) == 0
}

/// Counts a request in flight on its connection, until dropped.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        Self(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// When the connection last moved bytes.
struct Activity {
    origin: Instant,
    last_ms: AtomicU64,
    in_flight: AtomicU64,
}

impl Default for Activity {
    fn default() -> Self {
        Self {
            origin: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
        }
    }
}

impl Activity {
    fn touch(&self) {
        let ms = u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn idle_for(&self) -> Duration {
        let now = self.origin.elapsed();
        now.saturating_sub(Duration::from_millis(self.last_ms.load(Ordering::Relaxed)))
    }
}

/// A socket that records its last read and write.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        r
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Serves each Gateway port in `ports` on an ephemeral loopback port (tests, the `test`
/// command); returns the address of each.
pub async fn serve_on_loopback(
    proxy: &Arc<Proxy>,
    ports: impl IntoIterator<Item = u16>,
    limits: ServerLimits,
    shutdown: &Shutdown,
) -> std::io::Result<std::collections::BTreeMap<u16, SocketAddr>> {
    let mut out = std::collections::BTreeMap::new();
    for port in ports {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        out.insert(port, listener.local_addr()?);
        spawn_port(listener, port, Arc::clone(proxy), limits, shutdown);
    }
    Ok(out)
}

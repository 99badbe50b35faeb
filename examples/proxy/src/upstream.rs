//! HTTP/1.1 to backends with no connection task: the request that uses a connection drives it.
//!
//! A hyper client connection is two halves: a [`SendRequest`] that queues a request, and a
//! [`Connection`] future that does the socket I/O. The usual way, and hyper-util's pooled
//! client's, is to spawn the `Connection` as a task of its own, so that every request crosses
//! from the task serving the client to the connection's task and back: two wakeups and two
//! trips through the scheduler per request. Here the halves stay together (`Upstream`): while
//! a request waits for its response head, [`Upstreams::send`] polls the `Connection` itself,
//! and while the response body streams, [`UpstreamBody`] polls it before each read. Both run
//! in the task that serves the client's connection: one exchange, one task.
//!
//! Between requests a connection waits, unpolled, in an idle set (per endpoint). Before reuse
//! it is polled once: a close by the backend in the meantime shows up then, and a fresh
//! connection is made instead; a request that a reused connection could not start is retried
//! once on a fresh one. A response body read to the end puts its connection back; one dropped
//! early (the client went away) closes it, since the rest of that response is still on it.
//!
//! There is an idle set per thread. A socket stays registered with the I/O driver of the
//! runtime that opened it, so on a runtime per core ([`crate::workers`]) a connection reused
//! from another thread would bring each of its readiness events across threads again. On
//! tokio's work-stealing runtime a request can start on one thread and end on another, and the
//! sets would drain on one side and pile up on the other: there, a thread with nothing idle for
//! an endpoint takes from another thread's set before connecting.
//!
//! This fits HTTP/1.1, where a connection carries one exchange at a time. An HTTP/2 connection
//! carries many clients' requests at once and must make progress whichever of them is polled,
//! so the proxy keeps hyper-util's pooled client, with its connection task, for HTTP/2 (gRPC
//! backends).

use std::collections::{HashMap, VecDeque};
use std::future::{Future as _, poll_fn};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Request, Response};
use hyper::body::{Body as HttpBody, Frame, Incoming, SizeHint};
use hyper::client::conn::TrySendError;
use hyper::client::conn::http1::{self, Connection, SendRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::runtime::{Handle, RuntimeFlavor};

use crate::body::{Body, BoxError};

/// Limits of the idle connections kept per backend endpoint.
#[derive(Clone, Copy, Debug)]
pub struct UpstreamLimits {
    /// Time to establish a TCP connection.
    pub connect_timeout: Duration,
    /// Idle connections kept per endpoint; the oldest is closed beyond this.
    pub max_idle_per_endpoint: usize,
    /// An idle connection older than this is closed rather than reused.
    pub idle_timeout: Duration,
}

impl Default for UpstreamLimits {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            max_idle_per_endpoint: 1024,
            idle_timeout: Duration::from_secs(60),
        }
    }
}

/// Why a backend call failed.
#[derive(Debug)]
pub enum UpstreamError {
    /// No connection could be made (refused, unreachable, timed out).
    Connect(std::io::Error),
    /// The connection broke, or the backend's answer was not valid HTTP/1.1.
    Http(hyper::Error),
}

impl std::fmt::Display for UpstreamError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connect(e) => write!(f, "cannot connect: {e}"),
            Self::Http(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for UpstreamError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Connect(e) => Some(e),
            Self::Http(e) => Some(e),
        }
    }
}

type Io = TokioIo<TcpStream>;

/// One HTTP/1.1 connection to a backend: both halves, owned by whoever uses it.
struct Upstream {
    sender: SendRequest<Body>,
    /// The socket I/O; `None` once it finished (the backend closed, or an error).
    conn: Option<Connection<Io, Body>>,
}

impl Upstream {
    /// Lets the connection read and write what it can; `false` once it has finished.
    fn drive(&mut self, cx: &mut Context<'_>) -> bool {
        if let Some(conn) = &mut self.conn
            && Pin::new(conn).poll(cx).is_ready()
        {
            // Finished: cleanly after a `Connection: close` answer, or with an error that
            // hyper has already handed to the request or body waiting on it.
            self.conn = None;
        }
        self.conn.is_some()
    }

    /// Whether it can take a request now, driving it once so that a close by the backend
    /// while it waited is seen.
    fn reusable(&mut self, cx: &mut Context<'_>) -> bool {
        self.drive(cx) && matches!(self.sender.poll_ready(cx), Poll::Ready(Ok(())))
    }
}

/// An idle connection and when it became idle.
struct Idle {
    upstream: Upstream,
    since: Instant,
}

/// The idle connections of one thread, by endpoint.
#[derive(Default)]
struct IdleSet {
    by_endpoint: HashMap<SocketAddr, VecDeque<Idle>>,
    last_sweep: Option<Instant>,
}

/// Numbers threads in the order they first use a client.
static NEXT_THREAD: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static THREAD: usize = NEXT_THREAD.fetch_add(1, Ordering::Relaxed);
}

/// The HTTP/1.1 client: sends requests to backend endpoints on idle connections, or new ones.
pub struct Upstreams {
    /// Idle sets, one per thread (threads beyond the count share by index). A thread locks
    /// its own, which no other thread holds except to take from it when its own is empty.
    idle: Box<[Mutex<IdleSet>]>,
    limits: UpstreamLimits,
}

impl Upstreams {
    /// A client with room for the idle sets of `threads` threads.
    pub fn new(limits: UpstreamLimits, threads: usize) -> Arc<Self> {
        Arc::new(Self {
            idle: (0..threads.max(1)).map(|_| Mutex::default()).collect(),
            limits,
        })
    }

    /// This thread's idle set, and the index of it.
    fn own(&self) -> (usize, MutexGuard<'_, IdleSet>) {
        let i = THREAD.with(|t| *t) % self.idle.len();
        (i, lock(&self.idle[i]))
    }

    /// Sends `req` (origin-form URI, `Host` set) to `endpoint` on an idle connection, or a new
    /// one, and returns the response head; the body drives the connection as it is read.
    pub async fn send(
        self: &Arc<Self>,
        endpoint: SocketAddr,
        mut req: Request<Body>,
    ) -> Result<Response<Body>, UpstreamError> {
        if let Some(upstream) = self.checkout(endpoint).await {
            match exchange(upstream, req).await {
                Ok((response, upstream)) => return Ok(self.wrap(endpoint, response, upstream)),
                // The connection failed before the request went out (typically: the backend
                // closed it just as it was reused); the request is intact, try a fresh one.
                Err(mut e) => match e.take_message() {
                    Some(back) => req = back,
                    None => return Err(UpstreamError::Http(e.into_error())),
                },
            }
        }
        let upstream = self.connect(endpoint).await?;
        match exchange(upstream, req).await {
            Ok((response, upstream)) => Ok(self.wrap(endpoint, response, upstream)),
            Err(e) => Err(UpstreamError::Http(e.into_error())),
        }
    }

    async fn connect(&self, endpoint: SocketAddr) -> Result<Upstream, UpstreamError> {
        let tcp = tokio::time::timeout(self.limits.connect_timeout, TcpStream::connect(endpoint))
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))
            .and_then(|connected| connected)
            .map_err(UpstreamError::Connect)?;
        // Requests and answers are small writes that must not wait for an ACK (Nagle).
        let _ = tcp.set_nodelay(true);
        let (sender, conn) = http1::handshake(TokioIo::new(tcp))
            .await
            .map_err(UpstreamError::Http)?;
        Ok(Upstream {
            sender,
            conn: Some(conn),
        })
    }

    /// The most recently idle connection to `endpoint` that can take a request now.
    async fn checkout(&self, endpoint: SocketAddr) -> Option<Upstream> {
        loop {
            let mut candidate = self.take_any(endpoint)?;
            // Polled once with this task's context: ready, or dropped (closing it).
            if poll_fn(|cx| Poll::Ready(candidate.reusable(cx))).await {
                return Some(candidate);
            }
        }
    }

    /// An idle connection to `endpoint`: this thread's, else (on a work-stealing runtime)
    /// another thread's.
    fn take_any(&self, endpoint: SocketAddr) -> Option<Upstream> {
        let (own, mut idle) = self.own();
        if let Some(upstream) = self.take(&mut idle, endpoint) {
            return Some(upstream);
        }
        drop(idle);
        let work_stealing =
            Handle::try_current().is_ok_and(|h| h.runtime_flavor() == RuntimeFlavor::MultiThread);
        if !work_stealing {
            return None;
        }
        self.idle
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != own)
            .find_map(|(_, other)| self.take(&mut lock(other), endpoint))
    }

    /// The most recently idle connection to `endpoint` in `idle`, unless it waited too long.
    fn take(&self, idle: &mut IdleSet, endpoint: SocketAddr) -> Option<Upstream> {
        let queue = idle.by_endpoint.get_mut(&endpoint)?;
        let Idle { upstream, since } = queue.pop_back()?;
        if since.elapsed() >= self.limits.idle_timeout {
            // The newest waited too long, so did all the others.
            queue.clear();
            return None;
        }
        Some(upstream)
    }

    /// Keeps a connection whose last response was read to the end, for the next request.
    fn checkin(&self, endpoint: SocketAddr, upstream: Upstream) {
        let now = Instant::now();
        let limits = self.limits;
        let (_, mut idle) = self.own();
        let queue = idle.by_endpoint.entry(endpoint).or_default();
        queue.push_back(Idle {
            upstream,
            since: now,
        });
        while queue.len() > limits.max_idle_per_endpoint
            || queue
                .front()
                .is_some_and(|i| now.duration_since(i.since) >= limits.idle_timeout)
        {
            queue.pop_front();
        }
        // Now and then, close what waited too long at endpoints no longer asked for.
        if idle
            .last_sweep
            .is_none_or(|t| now.duration_since(t) >= limits.idle_timeout)
        {
            idle.last_sweep = Some(now);
            idle.by_endpoint.retain(|_, queue| {
                queue.retain(|i| now.duration_since(i.since) < limits.idle_timeout);
                !queue.is_empty()
            });
        }
    }

    fn wrap(
        self: &Arc<Self>,
        endpoint: SocketAddr,
        response: Response<Incoming>,
        upstream: Upstream,
    ) -> Response<Body> {
        response.map(|inner| {
            let body = UpstreamBody {
                inner,
                finished: false,
                upstream: Some(upstream),
                home: Arc::clone(self),
                endpoint,
            };
            http_body_util::BodyExt::boxed_unsync(body)
        })
    }
}

/// Locks an idle set; a panic while it was held leaves nothing half-done that matters here.
fn lock(set: &Mutex<IdleSet>) -> MutexGuard<'_, IdleSet> {
    set.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Queues `req` on `upstream` and drives the connection until the response head arrives.
async fn exchange(
    mut upstream: Upstream,
    req: Request<Body>,
) -> Result<(Response<Incoming>, Upstream), TrySendError<Request<Body>>> {
    let mut answer = std::pin::pin!(upstream.sender.try_send_request(req));
    let response = poll_fn(|cx| {
        // The connection first: it writes the request and reads the answer that completes
        // `answer`. If it finished, hyper has already resolved `answer` with the outcome.
        upstream.drive(cx);
        answer.as_mut().poll(cx)
    })
    .await?;
    Ok((response, upstream))
}

/// A backend's response body that drives its connection while it is read, and returns the
/// connection to the idle set once read to the end.
pub struct UpstreamBody {
    inner: Incoming,
    finished: bool,
    upstream: Option<Upstream>,
    home: Arc<Upstreams>,
    endpoint: SocketAddr,
}

impl HttpBody for UpstreamBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        // The connection reads from the socket into the body's channel; then the body
        // takes what arrived. Both register this task's waker when they have to wait.
        if let Some(upstream) = &mut this.upstream
            && !upstream.drive(cx)
        {
            // Finished: what it read is in the channel still; it cannot be reused.
            this.upstream = None;
        }
        let frame = Pin::new(&mut this.inner).poll_frame(cx);
        match &frame {
            Poll::Ready(None) => this.finished = true,
            Poll::Ready(Some(Err(_))) => this.upstream = None,
            _ => {}
        }
        frame.map(|f| f.map(|r| r.map_err(Into::into)))
    }

    fn is_end_stream(&self) -> bool {
        self.finished || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for UpstreamBody {
    fn drop(&mut self) {
        // Read to the end (or empty from the start: HEAD, 204, 304, Content-Length 0): the
        // connection is between exchanges. Otherwise the rest of this response is still on
        // it, and dropping it closes it.
        if (self.finished || self.inner.is_end_stream())
            && let Some(upstream) = self.upstream.take()
            && upstream.conn.is_some()
        {
            self.home.checkin(self.endpoint, upstream);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use http_body_util::BodyExt as _;
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    use tokio::net::TcpListener;

    use super::*;
    use crate::body::empty;

    /// How the test backend behaves after answering a request.
    #[derive(Clone, Copy)]
    enum Then {
        /// Waits for the next request on the connection.
        KeepAlive,
        /// Closes the connection (as a backend's keep-alive timeout would, between requests).
        Close,
    }

    /// A backend answering `ok` to every request; returns its address and a count of the
    /// connections it accepted. With `stall_first`, the answer on the first connection stops
    /// in the middle of its body, and that connection stays open.
    async fn backend(then: Then, stall_first: bool) -> (SocketAddr, Arc<AtomicUsize>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&accepted);
        tokio::spawn(async move {
            while let Ok((mut tcp, _)) = listener.accept().await {
                let n = count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    loop {
                        let mut chunk = [0u8; 1024];
                        match tcp.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(len) => buf.extend_from_slice(&chunk[..len]),
                        }
                        if !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                            continue;
                        }
                        buf.clear();
                        if stall_first && n == 0 {
                            // Promises 10 bytes, sends 2, and keeps the connection open.
                            let _ = tcp
                                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nok")
                                .await;
                            std::future::pending::<()>().await;
                        }
                        let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
                        if tcp.write_all(answer).await.is_err() {
                            return;
                        }
                        if let Then::Close = then {
                            return;
                        }
                    }
                });
            }
        });
        (addr, accepted)
    }

    fn get(addr: SocketAddr) -> Request<Body> {
        Request::builder()
            .uri("/")
            .header("host", addr.to_string())
            .body(empty())
            .unwrap()
    }

    async fn ok(client: &Arc<Upstreams>, addr: SocketAddr) {
        let response = client.send(addr, get(addr)).await.unwrap();
        assert_eq!(response.status(), 200);
        let body = response.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], b"ok");
    }

    #[tokio::test]
    async fn one_connection_carries_one_request_after_another() {
        let (addr, accepted) = backend(Then::KeepAlive, false).await;
        let client = Upstreams::new(UpstreamLimits::default(), 1);
        for _ in 0..5 {
            ok(&client, addr).await;
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_connection_the_backend_closed_while_idle_is_replaced() {
        let (addr, accepted) = backend(Then::Close, false).await;
        let client = Upstreams::new(UpstreamLimits::default(), 1);
        for _ in 0..3 {
            ok(&client, addr).await;
            // Let the backend's close arrive while the connection is idle.
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn a_response_dropped_before_its_end_closes_its_connection() {
        let (addr, accepted) = backend(Then::KeepAlive, true).await;
        let client = Upstreams::new(UpstreamLimits::default(), 1);
        let unfinished = client.send(addr, get(addr)).await.unwrap();
        drop(unfinished);
        ok(&client, addr).await;
        ok(&client, addr).await;
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_refused_connection_is_a_connect_error() {
        let addr = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap();
        let client = Upstreams::new(UpstreamLimits::default(), 1);
        let error = client.send(addr, get(addr)).await.unwrap_err();
        assert!(matches!(error, UpstreamError::Connect(_)), "{error}");
    }
}

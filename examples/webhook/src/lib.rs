//! The server of the webhook example, as a library so that tests can run it on loopback: TLS,
//! HTTP/1, `POST /validate`, and the limits that keep slow or hostile clients from holding it.
//!
//! What each client may take is bounded ([`Limits`]):
//! - connections: at most `max_connections` at once; further clients wait in the listen backlog
//!   (the server stops accepting until one ends);
//! - the TLS handshake: `handshake` to finish it;
//! - a request's head: `header` from the moment the server waits for a request (right after the
//!   handshake, or after the previous response on a kept-alive connection) until the last header
//!   line. A connection that sends nothing is therefore closed after `header` too: this is the
//!   idle timeout;
//! - a request's body: `body` to receive all of it (at most [`MAX_BODY`] bytes);
//! - validation: at most `validations` run at once, on the blocking thread pool (never on the
//!   threads that accept and read, so a costly review cannot stall the others); a request waits
//!   for a slot at most `queue` (then `503`), and its answer at most `validation` (then `503`).
//!   A request whose client goes away while it waits for a slot never starts; one already
//!   running cannot be interrupted (validation is plain CPU work) but keeps its slot only until
//!   it ends, so at most `validations` threads ever work for clients that left.
//!
//! ALPN offers `http/1.1` and `http/1.0`, so that clients of either (and clients without ALPN)
//! complete the handshake; HTTP/2 is not offered.

use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use gateway_api_validate::admission::Handler;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::{TokioIo, TokioTimer};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_rustls::TlsAcceptor;

/// The largest body read: an `AdmissionReview` holds the object and the old object, each at most
/// the API server's 3 MiB request limit, plus the review around them.
pub const MAX_BODY: usize = 8 << 20;

/// What one client may take of the server (see the module documentation).
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Connections served at once.
    pub max_connections: usize,
    /// Time to finish the TLS handshake.
    pub handshake: Duration,
    /// Time from waiting for a request to its complete head; also the idle timeout.
    pub header: Duration,
    /// Time to receive a request's whole body.
    pub body: Duration,
    /// Validations run at once.
    pub validations: usize,
    /// Time a request may wait for a validation slot.
    pub queue: Duration,
    /// Time a request may wait for its validation's answer (the API server's default webhook
    /// timeout is 10 s; it gives up after that anyway).
    pub validation: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 256,
            handshake: Duration::from_secs(10),
            header: Duration::from_secs(30),
            body: Duration::from_secs(10),
            validations: std::thread::available_parallelism().map_or(1, usize::from),
            queue: Duration::from_secs(5),
            validation: Duration::from_secs(10),
        }
    }
}

/// Serves `POST /validate` on `listener` until `shutdown` completes. Each connection runs in its
/// own task; a failing connection is logged to stderr and never stops the server.
pub async fn serve(
    listener: TcpListener,
    tls: Arc<rustls::ServerConfig>,
    handler: Arc<Handler>,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let acceptor = TlsAcceptor::from(tls);
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let validations = Arc::new(Semaphore::new(limits.validations.max(1)));
    tokio::pin!(shutdown);
    loop {
        // A slot first, then a client: beyond the cap, clients wait in the listen backlog.
        let slot = tokio::select! {
            slot = Arc::clone(&connections).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => return,
            },
            () = &mut shutdown => return,
        };
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    eprintln!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => return,
        };
        let acceptor = acceptor.clone();
        let handler = Arc::clone(&handler);
        let validations = Arc::clone(&validations);
        tokio::spawn(async move {
            connection(tcp, peer, acceptor, handler, validations, limits).await;
            drop(slot);
        });
    }
}

/// One connection: the handshake, then HTTP/1 requests until the client closes or a limit ends it.
async fn connection(
    tcp: tokio::net::TcpStream,
    peer: SocketAddr,
    acceptor: TlsAcceptor,
    handler: Arc<Handler>,
    validations: Arc<Semaphore>,
    limits: Limits,
) {
    let tls = match tokio::time::timeout(limits.handshake, acceptor.accept(tcp)).await {
        Ok(Ok(tls)) => tls,
        Ok(Err(e)) => {
            eprintln!("{peer}: TLS handshake failed: {e}");
            return;
        }
        Err(_) => {
            eprintln!("{peer}: TLS handshake timed out");
            return;
        }
    };
    let service = hyper::service::service_fn(move |req| {
        let handler = Arc::clone(&handler);
        let validations = Arc::clone(&validations);
        async move {
            Ok::<_, std::convert::Infallible>(request(handler, validations, limits, req).await)
        }
    });
    if let Err(e) = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header)
        .serve_connection(TokioIo::new(tls), service)
        .await
    {
        eprintln!("{peer}: connection closed: {e}");
    }
}

/// One HTTP request: `POST /validate` with an `AdmissionReview`, anything else an error status.
async fn request(
    handler: Arc<Handler>,
    validations: Arc<Semaphore>,
    limits: Limits,
    req: Request<Incoming>,
) -> Response<Full<Bytes>> {
    if req.uri().path() != "/validate" {
        return text(
            StatusCode::NOT_FOUND,
            "not found: the webhook is at POST /validate",
        );
    }
    if req.method() != Method::POST {
        return text(StatusCode::METHOD_NOT_ALLOWED, "use POST");
    }
    let collect = Limited::new(req.into_body(), MAX_BODY).collect();
    let body = match tokio::time::timeout(limits.body, collect).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) => {
            return text(
                StatusCode::BAD_REQUEST,
                &format!("cannot read the body: {e}"),
            );
        }
        Err(_) => {
            return text(
                StatusCode::REQUEST_TIMEOUT,
                &format!("the body did not arrive within {:?}", limits.body),
            );
        }
    };
    // Dropping this future (the client went away) before a slot is free means no work at all.
    let Ok(Ok(slot)) = tokio::time::timeout(limits.queue, validations.acquire_owned()).await else {
        return text(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy: every validation slot is taken, try again",
        );
    };
    let work = tokio::task::spawn_blocking(move || {
        let answer = handler.handle_body(&body);
        drop(slot);
        answer
    });
    let (status, body) = match tokio::time::timeout(limits.validation, work).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(e)) => {
            return text(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("validation failed: {e}"),
            );
        }
        Err(_) => {
            return text(
                StatusCode::SERVICE_UNAVAILABLE,
                &format!("validation took longer than {:?}", limits.validation),
            );
        }
    };
    let content_type = if status == 200 {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response(status, content_type, body)
}

fn text(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    response(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

fn response(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    if let Ok(value) = header::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The TLS configuration from a PEM certificate chain (leaf first) and a PEM private key.
pub fn server_config_from_files(cert: &Path, key: &Path) -> anyhow::Result<rustls::ServerConfig> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| {
            format!(
                "cannot read a PEM certificate chain from {}",
                cert.display()
            )
        })?;
    anyhow::ensure!(!chain.is_empty(), "no certificate in {}", cert.display());
    let key = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("cannot read a PEM private key from {}", key.display()))?;
    server_config(chain, key)
}

/// TLS 1.2 and 1.3 with ring; ALPN `http/1.1` and `http/1.0`.
pub fn server_config(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> anyhow::Result<rustls::ServerConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the certificate and key do not make a TLS server configuration")?;
    // A client offering only `http/1.0` would otherwise fail the handshake (no common protocol).
    config.alpn_protocols = vec![b"http/1.1".to_vec(), b"http/1.0".to_vec()];
    Ok(config)
}

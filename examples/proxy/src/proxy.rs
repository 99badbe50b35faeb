//! What happens to one request: [`decide`] (pure, no I/O: match, filters, header writes,
//! backend choice) and [`Proxy::handle`] (the I/O: mirrors, the backend call with its timeouts,
//! the response filters, metrics and the trace span).

use std::cell::Cell;
use std::hash::BuildHasher as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use arc_swap::ArcSwap;
use bytes::Bytes;
use http::header::{self, HeaderMap, HeaderName, HeaderValue};
use http::{Request, Response, StatusCode, Uri, Version};
use http_body_util::{BodyExt as _, LengthLimitError, Limited};
use hyper::body::{Body as _, Incoming};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tracing::Instrument as _;

use crate::body::{Body, BodyTimeout, BoxError, TimeoutBody, caused_by, empty, full};
use crate::config::{Config, RuleTimeouts};
use crate::extension::{Extensions, Verdict};
use crate::grpc;
use crate::imports::{
    Action, Backend, Connection, Filter, GrpcStatus, Matched, Outcome, RequestView as _, RouteKind,
};
use crate::metrics::Metrics;
use crate::upstream::{UpstreamError, UpstreamLimits, Upstreams};

/// Limits on what a client may send, and how long the proxy waits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The largest request body (413 above it).
    pub max_body: u64,
    /// The longest pause between two parts of a request body (408 after it).
    pub body_timeout: Duration,
    /// The backend call when the route sets no timeout (504 after it).
    pub backend_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body: 16 << 20,
            body_timeout: Duration::from_secs(30),
            backend_timeout: Duration::from_secs(60),
        }
    }
}

/// Where a request goes, decided before any I/O.
pub enum Decision<'c> {
    /// The gateway answers itself (404, 421, 500, a redirect, a gRPC error, an extension).
    Respond {
        /// The answer.
        response: Response<Body>,
        /// The rule that decided, if any.
        matched: Option<Matched<'c>>,
    },
    /// Forward the (already rewritten) request.
    Forward(Forward<'c>),
}

/// A request on its way to a backend.
pub struct Forward<'c> {
    /// The rule that matched.
    pub matched: Matched<'c>,
    /// The backend chosen by weight.
    pub backend: &'c Backend,
    /// The endpoint chosen among the backend's.
    pub endpoint: SocketAddr,
    /// HTTP/2 to the backend (gRPC); HTTP/1.1 otherwise.
    pub http2: bool,
    /// Where copies go (request mirrors whose fraction came up).
    pub mirrors: Vec<SocketAddr>,
    /// The rule's timeouts.
    pub timeouts: RuleTimeouts,
}

/// Headers that describe one connection, not the message, and are not forwarded (RFC 9110
/// section 7.6.1), besides those the `Connection` header names. Names, not strings: removing
/// by a string parses it on every call.
static HOP_BY_HOP: [HeaderName; 9] = [
    header::CONNECTION,
    HeaderName::from_static("keep-alive"),
    HeaderName::from_static("proxy-connection"),
    header::PROXY_AUTHENTICATE,
    header::PROXY_AUTHORIZATION,
    header::TE,
    header::TRAILER,
    header::UPGRADE,
    header::TRANSFER_ENCODING,
];

fn strip_hop_by_hop(headers: &mut HeaderMap, keep_te_trailers: bool) {
    // Most messages carry none of these. One pass over the few names present (standard names
    // compare as tags) says so; removing each of the nine by name hashed nine times per message.
    if !headers.keys().any(|k| HOP_BY_HOP.contains(k)) {
        return;
    }
    let named: Vec<HeaderName> = headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|n| HeaderName::from_bytes(n.trim().as_bytes()).ok())
        .collect();
    for n in named {
        headers.remove(n);
    }
    let te_trailers = headers
        .get(header::TE)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"trailers"));
    for n in &HOP_BY_HOP {
        headers.remove(n);
    }
    // gRPC needs `te: trailers` end to end.
    if keep_te_trailers && te_trailers {
        headers.insert(header::TE, HeaderValue::from_static("trailers"));
    }
}

/// A number for weighted choices: a per-thread xorshift seeded from the OS-seeded hasher.
pub fn random() -> u64 {
    thread_local! {
        static STATE: Cell<u64> = Cell::new(
            std::collections::hash_map::RandomState::new().hash_one(std::thread::current().id()) | 1,
        );
    }
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

fn status(code: StatusCode) -> Response<Body> {
    let mut r = Response::new(empty());
    *r.status_mut() = code;
    r
}

/// The gateway's own answer: an HTTP status, or for gRPC a trailers-only status.
fn fail(grpc: bool, code: StatusCode, message: &str) -> Response<Body> {
    if grpc {
        let status = if code == StatusCode::NOT_FOUND {
            GrpcStatus::Unimplemented
        } else {
            GrpcStatus::Unavailable
        };
        grpc::trailers_only(status, message)
    } else {
        let mut r = Response::new(full(format!("{message}\n")));
        *r.status_mut() = code;
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        r
    }
}

/// Decides where a request goes and rewrites it for the backend: route, CORS, ExtensionRef
/// filters, redirect, weighted backend, URL rewrite, request header filters, mirrors. The
/// request must carry a [`Connection`] extension (port and SNI as the client connected).
pub fn decide<'c, B>(
    config: &'c Config,
    extensions: &Extensions,
    req: &mut Request<B>,
    random: u64,
) -> Decision<'c> {
    let grpc = req.is_grpc();
    let matched = match config.router.route(&*req) {
        Outcome::Matched(m) => m,
        Outcome::Misdirected => {
            return Decision::Respond {
                response: status(StatusCode::MISDIRECTED_REQUEST),
                matched: None,
            };
        }
        _ => {
            return Decision::Respond {
                response: fail(grpc, StatusCode::NOT_FOUND, "no route"),
                matched: None,
            };
        }
    };
    let respond = |mut response: Response<Body>, backend: Option<&Backend>| {
        matched.apply_response_headers(backend, response.headers_mut());
        Decision::Respond {
            response,
            matched: Some(matched),
        }
    };
    if let Some(answer) = crate::cors::preflight(&matched, req) {
        return respond(answer, None);
    }
    for f in matched.filters() {
        if let Filter::ExtensionRef(reference) = f {
            let verdict = match extensions.get(reference) {
                Some(h) => {
                    let (method, uri) = (req.method().clone(), req.uri().clone());
                    h.apply(reference, &method, &uri, req.headers_mut())
                }
                None => Verdict::Respond(fail(
                    grpc,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "filter not supported",
                )),
            };
            if let Verdict::Respond(r) = verdict {
                return respond(r, None);
            }
        }
    }
    let backend = match matched.action(random) {
        Action::Redirect(_) => {
            let mut location = String::new();
            let code = matched.action(random).status().unwrap_or(302);
            let mut r = status(StatusCode::from_u16(code).unwrap_or(StatusCode::FOUND));
            if matched
                .write_redirect_location(&*req, &mut location)
                .is_ok()
                && let Ok(v) = HeaderValue::from_str(&location)
            {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return respond(r, None);
        }
        Action::InvalidBackend(b) => {
            return respond(
                fail(grpc, StatusCode::INTERNAL_SERVER_ERROR, "invalid backend"),
                Some(b),
            );
        }
        Action::NoBackend => {
            return respond(
                fail(grpc, StatusCode::INTERNAL_SERVER_ERROR, "no backend"),
                None,
            );
        }
        Action::Forward(b) => b,
    };
    let endpoints =
        config
            .endpoints
            .get(&backend.namespace, &backend.name, backend.port.unwrap_or(0));
    // The high bits picked the backend (modulo the total weight); the low bits pick the endpoint.
    let Some(&endpoint) = endpoints.get((random >> 32) as usize % endpoints.len().max(1)) else {
        return respond(
            fail(grpc, StatusCode::SERVICE_UNAVAILABLE, "no ready endpoints"),
            Some(backend),
        );
    };
    let mut path =
        String::with_capacity(req.uri().path_and_query().map_or(1, |p| p.as_str().len()) + 8);
    // The Host the backend sees: URLRewrite's hostname, else the client's (an HTTP/2 client
    // sends it as the authority alone). Written only when it differs from the header.
    let host = matched
        .backend_host(&*req)
        .filter(|h| {
            req.headers()
                .get(header::HOST)
                .is_none_or(|v| v.as_bytes() != h.as_bytes())
        })
        .map(str::to_owned);
    // Origin-form (`/path?query`): what an HTTP/1.1 request line carries; the endpoint is in
    // `Forward::endpoint`.
    let uri = matched
        .write_backend_path(&*req, &mut path)
        .ok()
        .and_then(|()| Uri::try_from(path).ok());
    let Some(uri) = uri else {
        return respond(
            fail(
                grpc,
                StatusCode::BAD_REQUEST,
                "the rewritten path is not a valid URI",
            ),
            Some(backend),
        );
    };
    let http2 = matched.kind() == RouteKind::Grpc;
    let headers = req.headers_mut();
    strip_hop_by_hop(headers, http2);
    if let Some(v) = host.and_then(|h| HeaderValue::from_str(&h).ok()) {
        headers.insert(header::HOST, v);
    }
    matched.apply_request_headers(Some(backend), headers);
    *req.uri_mut() = uri;
    *req.version_mut() = if http2 {
        Version::HTTP_2
    } else {
        Version::HTTP_11
    };
    let mut mirrors = Vec::new();
    for (i, f) in matched.filters().iter().chain(&backend.filters).enumerate() {
        let Filter::RequestMirror(m) = f else {
            continue;
        };
        let chosen = m.fraction.is_none_or(|(num, den)| {
            den > 0 && (random.rotate_left(8 * (i as u32 % 8)) % u64::from(den)) < u64::from(num)
        });
        let addrs = config.endpoints.get(
            &m.backend.namespace,
            &m.backend.name,
            m.backend.port.unwrap_or(0),
        );
        if chosen && m.backend.invalid.is_none() && !addrs.is_empty() {
            mirrors.push(addrs[(random as usize) % addrs.len()]);
        }
    }
    let timeouts = config.timeouts(&matched);
    Decision::Forward(Forward {
        matched,
        backend,
        endpoint,
        http2,
        mirrors,
        timeouts,
    })
}

/// Facts about the connection a request came on.
#[derive(Clone, Debug)]
pub struct ConnInfo {
    /// What the matcher needs: scheme, the Gateway's listener port, SNI.
    pub connection: Connection,
    /// The client.
    pub peer: SocketAddr,
}

/// The proxy: the current configuration, the backend clients, metrics and hooks.
pub struct Proxy {
    /// The configuration; a reload stores a new one, requests in flight keep theirs.
    pub config: ArcSwap<Config>,
    /// Metrics.
    pub metrics: Arc<Metrics>,
    /// ExtensionRef handlers.
    pub extensions: Extensions,
    /// Limits.
    pub limits: Limits,
    /// HTTP/1.1 backends: connections driven by the requests that use them.
    http1: Arc<Upstreams>,
    /// HTTP/2 backends (gRPC): hyper-util's pooled client, whose connection tasks let one
    /// connection carry many clients' requests at once.
    http2: Client<HttpConnector, Body>,
}

impl Proxy {
    /// A proxy serving `config`.
    pub fn new(
        config: Config,
        metrics: Arc<Metrics>,
        extensions: Extensions,
        limits: Limits,
    ) -> Self {
        let upstream = UpstreamLimits::default();
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        connector.set_connect_timeout(Some(upstream.connect_timeout));
        let http2 = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .http2_only(true)
            .build(connector);
        metrics.loaded(&config);
        Self {
            config: ArcSwap::from_pointee(config),
            metrics,
            extensions,
            limits,
            // One idle set per core: a thread per core is how `gwapi-proxy serve` runs.
            http1: Upstreams::new(
                upstream,
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            ),
            http2,
        }
    }

    /// Answers one request.
    pub async fn handle(&self, mut req: Request<Incoming>, conn: &ConnInfo) -> Response<Body> {
        let started = Instant::now();
        // At debug level, a line per request (`RUST_LOG=gateway_api_proxy=debug`). At the
        // default `info` the span is disabled and costs next to nothing; an enabled span is
        // formatted and stored for every request, about 8% of the proxy's CPU time under
        // load. Warnings name the route themselves for that reason.
        let span = tracing::debug_span!(
            "request",
            method = %req.method(),
            path = req.uri().path(),
            peer = %conn.peer,
            route = tracing::field::Empty,
            rule = tracing::field::Empty,
            status = tracing::field::Empty,
        );
        async move {
            // Requests in flight finish on the configuration they started with.
            let config = self.config.load_full();
            req.extensions_mut().insert(conn.connection.clone());
            let grpc = req.is_grpc();
            let too_large = req
                .headers()
                .get(header::CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok())
                .is_some_and(|n| n > self.limits.max_body);
            let (response, matched) = if too_large {
                (status(StatusCode::PAYLOAD_TOO_LARGE), None)
            } else {
                match decide(&config, &self.extensions, &mut req, random()) {
                    Decision::Respond { response, matched } => (response, matched),
                    Decision::Forward(f) => {
                        let matched = f.matched;
                        (self.forward(&config, f, req, grpc).await, Some(matched))
                    }
                }
            };
            let span = tracing::Span::current();
            // The span is off at the default level: its fields are formatted only when on.
            if !span.is_disabled() {
                span.record("status", response.status().as_u16());
                if let Some(m) = &matched {
                    let id = m.route_id();
                    span.record("route", format!("{}/{}", id.namespace, id.name));
                    span.record("rule", m.rule_index());
                }
            }
            self.metrics.request(
                &config.counters,
                &config.gateway,
                matched.as_ref(),
                response.status(),
                started.elapsed(),
            );
            tracing::debug!("answered");
            response
        }
        .instrument(span)
        .await
    }

    async fn forward(
        &self,
        config: &Config,
        f: Forward<'_>,
        req: Request<Incoming>,
        grpc: bool,
    ) -> Response<Body> {
        let (parts, body) = req.into_parts();
        let body: Body = if body.is_end_stream() {
            // No body (most GETs): nothing to limit or time, and no timer to set up.
            empty()
        } else {
            TimeoutBody::new(
                Limited::new(body, self.limits.max_body as usize),
                self.limits.body_timeout,
            )
            .boxed_unsync()
        };
        let body = if f.mirrors.is_empty() {
            body
        } else {
            // A copy needs the whole body; the mirrors' answers are never awaited.
            let bytes = match body.collect().await {
                Ok(b) => b.to_bytes(),
                Err(e) => return body_error(grpc, &*e),
            };
            for addr in &f.mirrors {
                self.mirror(&parts, *addr, bytes.clone(), f.http2);
            }
            full(bytes)
        };
        let origin = crate::cors::origin(&parts.headers);
        let req = Request::from_parts(parts, body);
        let limit = [f.timeouts.request, f.timeouts.backend_request]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.limits.backend_timeout);
        let call = async {
            if f.http2 {
                send_http2(&self.http2, f.endpoint, req).await
            } else {
                send_http1(&self.http1, f.endpoint, req).await
            }
        };
        let result = tokio::time::timeout(limit, call).await;
        let backend = f.backend;
        match result {
            Ok(Ok(resp)) => {
                let (mut parts, body) = resp.into_parts();
                strip_hop_by_hop(&mut parts.headers, false);
                f.matched
                    .apply_response_headers(Some(backend), &mut parts.headers);
                crate::cors::respond(&f.matched, origin.as_ref(), &mut parts.headers);
                Response::from_parts(parts, body)
            }
            Ok(Err(e)) => {
                if e.connect {
                    self.metrics.connect_error(
                        &config.gateway,
                        format!(
                            "{}/{}:{}",
                            backend.namespace,
                            backend.name,
                            backend.port.unwrap_or(0)
                        ),
                    );
                }
                let route = f.matched.route_id();
                tracing::warn!(
                    error = %e.error,
                    endpoint = %f.endpoint,
                    route = %format_args!("{}/{}", route.namespace, route.name),
                    rule = f.matched.rule_index(),
                    "backend request failed",
                );
                if caused_by::<LengthLimitError>(&*e.error) || caused_by::<BodyTimeout>(&*e.error) {
                    return body_error(grpc, &*e.error);
                }
                fail(grpc, StatusCode::BAD_GATEWAY, "backend request failed")
            }
            Err(_) => fail(grpc, StatusCode::GATEWAY_TIMEOUT, "backend timed out"),
        }
    }

    fn mirror(&self, parts: &http::request::Parts, addr: SocketAddr, body: Bytes, http2: bool) {
        let mut copy = Request::new(full(body));
        *copy.method_mut() = parts.method.clone();
        *copy.uri_mut() = parts.uri.clone();
        *copy.version_mut() = parts.version;
        *copy.headers_mut() = parts.headers.clone();
        let (http1, http2_client) = (Arc::clone(&self.http1), self.http2.clone());
        let timeout = self.limits.backend_timeout;
        // The copy runs on its own task: its answer is never awaited, and its connection is
        // driven by that task.
        tokio::spawn(async move {
            let call = async {
                let resp = if http2 {
                    send_http2(&http2_client, addr, copy).await?
                } else {
                    send_http1(&http1, addr, copy).await?
                };
                // Read the answer so that the connection can be reused.
                let _ = resp.into_body().collect().await;
                Ok::<_, BackendError>(())
            };
            match tokio::time::timeout(timeout, call).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => tracing::debug!(error = %e.error, %addr, "mirror failed"),
                Err(_) => tracing::debug!(%addr, "mirror timed out"),
            }
        });
    }
}

/// An HTTP/1.1 call: the connection is driven by this task (see [`crate::upstream`]).
async fn send_http1(
    upstreams: &Arc<Upstreams>,
    endpoint: SocketAddr,
    mut req: Request<Body>,
) -> Result<Response<Body>, BackendError> {
    if !req.headers().contains_key(header::HOST) {
        // A client that named no host at all (HTTP/1.0): name the endpoint, as HTTP/1.1
        // requires a Host.
        if let Ok(v) = HeaderValue::from_str(&endpoint.to_string()) {
            req.headers_mut().insert(header::HOST, v);
        }
    }
    upstreams
        .send(endpoint, req)
        .await
        .map_err(|e| BackendError {
            connect: matches!(e, UpstreamError::Connect(_)),
            error: Box::new(e),
        })
}

/// An HTTP/2 call through the pooled client, which wants an absolute URI.
async fn send_http2(
    client: &Client<HttpConnector, Body>,
    endpoint: SocketAddr,
    mut req: Request<Body>,
) -> Result<Response<Body>, BackendError> {
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let uri = Uri::builder()
        .scheme("http")
        .authority(endpoint.to_string())
        .path_and_query(path)
        .build()
        .map_err(|e| BackendError {
            connect: false,
            error: Box::new(e),
        })?;
    *req.uri_mut() = uri;
    match client.request(req).await {
        Ok(resp) => Ok(resp.map(|b| b.map_err(Into::into).boxed_unsync())),
        Err(e) => Err(BackendError {
            connect: e.is_connect(),
            error: Box::new(e),
        }),
    }
}

/// A failed backend call.
struct BackendError {
    /// No connection could be made (counted in `backend_connect_errors`).
    connect: bool,
    error: BoxError,
}

/// A request body that broke off: too large (413) or too slow (408).
fn body_error(grpc: bool, e: &(dyn std::error::Error + 'static)) -> Response<Body> {
    if caused_by::<LengthLimitError>(e) {
        fail(
            grpc,
            StatusCode::PAYLOAD_TOO_LARGE,
            "request body too large",
        )
    } else if caused_by::<BodyTimeout>(e) {
        fail(grpc, StatusCode::REQUEST_TIMEOUT, "request body too slow")
    } else {
        fail(
            grpc,
            StatusCode::BAD_REQUEST,
            "cannot read the request body",
        )
    }
}

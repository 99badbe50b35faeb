//! An echo backend, like the conformance suite's: it answers every request with JSON naming
//! the Service it stands for and what it received (method, path, host, headers). gRPC calls
//! (`content-type: application/grpc…`) get the same JSON as one length-prefixed message and
//! `grpc-status: 0` in the trailers. `?delay=DURATION` (at most 10 s) waits before answering.

use std::collections::{BTreeMap, VecDeque};
use std::net::SocketAddr;
use std::time::Duration;

use http::{HeaderMap, HeaderValue, Request, Response, header};
use http_body_util::{BodyExt as _, Limited};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::body::{Body, Frames, full};
use crate::config::parse_duration;
use crate::grpc;

/// What an echo answer says; the test client reads it back.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EchoReport {
    /// The Service's namespace.
    pub namespace: String,
    /// The Service's name.
    pub service: String,
    /// The method received.
    pub method: String,
    /// Path and query received.
    pub path: String,
    /// The Host received (the `Host` header, else the HTTP/2 authority).
    pub host: String,
    /// Headers received, lower-case names, repeated values joined with `,`.
    pub headers: BTreeMap<String, String>,
}

impl EchoReport {
    /// Reads a report from an echo answer's JSON.
    pub fn from_json(bytes: &[u8]) -> Option<Self> {
        let v: Value = serde_json::from_slice(bytes).ok()?;
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        Some(Self {
            namespace: s("namespace")?,
            service: s("service")?,
            method: s("method")?,
            path: s("path")?,
            host: s("host").unwrap_or_default(),
            headers: v
                .get("headers")
                .and_then(Value::as_object)
                .map(|m| {
                    m.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

/// Starts an echo backend for Service `namespace/service` on `listener`; it stops when
/// `stop` turns true.
pub fn spawn(listener: TcpListener, namespace: &str, service: &str, stop: watch::Receiver<bool>) {
    let identity = (namespace.to_owned(), service.to_owned());
    tokio::spawn(async move {
        let mut stop_accept = stop.clone();
        loop {
            let (tcp, _) = tokio::select! {
                a = listener.accept() => match a { Ok(a) => a, Err(_) => continue },
                _ = stop_accept.changed() => return,
            };
            let identity = identity.clone();
            let mut stop_conn = stop.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let identity = identity.clone();
                    async move { Ok::<_, std::convert::Infallible>(answer(&identity, req).await) }
                });
                let builder = auto::Builder::new(TokioExecutor::new());
                let conn = builder.serve_connection(TokioIo::new(tcp), service);
                tokio::select! {
                    _ = conn => {}
                    _ = stop_conn.changed() => {}
                }
            });
        }
    });
}

/// Binds an echo backend on an ephemeral loopback port and returns its address.
pub async fn start(
    namespace: &str,
    service: &str,
    stop: watch::Receiver<bool>,
) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    spawn(listener, namespace, service, stop);
    Ok(addr)
}

async fn answer((namespace, service): &(String, String), req: Request<Incoming>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let _ = Limited::new(body, 1 << 20).collect().await;
    let path = parts
        .uri
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    if let Some(delay) = query_value(&path, "delay").and_then(|d| parse_duration(d).ok().flatten())
    {
        tokio::time::sleep(delay.min(Duration::from_secs(10))).await;
    }
    let host = parts
        .headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .or_else(|| parts.uri.authority().map(|a| a.as_str().to_owned()))
        .unwrap_or_default();
    let report = json!({
        "namespace": namespace,
        "service": service,
        "method": parts.method.as_str(),
        "path": path,
        "host": host,
        "headers": joined(&parts.headers),
    });
    let bytes = serde_json::to_vec(&report).unwrap_or_default();
    let grpc = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(grpc::CONTENT_TYPE.as_bytes()));
    if grpc {
        let mut trailers = HeaderMap::new();
        trailers.insert("grpc-status", HeaderValue::from_static("0"));
        let frames = VecDeque::from([Frame::data(grpc::frame(&bytes)), Frame::trailers(trailers)]);
        let mut r = Response::new(http_body_util::BodyExt::boxed_unsync(Frames(frames)));
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(grpc::CONTENT_TYPE),
        );
        return r;
    }
    let mut r = Response::new(full(bytes));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}

/// Header values by lower-case name, repeated ones joined with `,` (the RouteTests format's
/// convention).
pub fn joined(headers: &HeaderMap) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in headers {
        let v = String::from_utf8_lossy(value.as_bytes());
        out.entry(name.as_str().to_owned())
            .and_modify(|s| {
                s.push(',');
                s.push_str(&v);
            })
            .or_insert_with(|| v.into_owned());
    }
    out
}

fn query_value<'a>(path: &'a str, key: &str) -> Option<&'a str> {
    let (_, query) = path.split_once('?')?;
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

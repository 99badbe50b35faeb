//! `gwapi-proxy test`: the RouteTests as real traffic. For each Gateway the tests name, an echo
//! backend per Service port its routes reach and the proxy on ephemeral loopback ports; each
//! test's request is sent over HTTP, HTTPS (with its SNI and Host) or gRPC, and its
//! expectations are checked against what the client received and what the echo backend saw.
//! Output and exit codes are those of `gwapi test`.
//!
//! A test expecting one of several weighted backends (or a 500 by weight) passes when the
//! outcome shows up within [`ATTEMPTS`] requests, which is what "reachable" means in the
//! format; a rule that always answers one way gives the same answer every time.

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, anyhow};
use http::{HeaderValue, Request, header};

use crate::body::{empty, full};
use crate::client::{self, Answer, Dial};
use crate::config::{Config, effective_gateway};
use crate::echo::{self, EchoReport};
use crate::endpoints::EndpointOverride;
use crate::extension::Extensions;
use crate::grpc;
use crate::imports::{
    Document, EffectiveGateway, EffectiveRules, Expect, ExpectBackendRequest, ExpectRedirect,
    GATEWAY_ADDRESS, GrpcRequest, HttpRequest, ObjectKey, RouteTest, RouteTests, Snapshot,
    describe_expect,
};
use crate::metrics::Metrics;
use crate::proxy::{Limits, Proxy};
use crate::server::{ServerLimits, Shutdown, serve_on_loopback};

/// How many times a test's request is sent before its failure counts.
pub const ATTEMPTS: usize = 24;

/// A failing test, as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The test file.
    pub file: String,
    /// The test.
    pub test: String,
    /// What `expect` says.
    pub expected: String,
    /// What happened.
    pub actual: String,
}

/// Reads the RouteTests documents of a test file (YAML or JSON). StatusTests documents in the
/// same stream are skipped: they state a controller's status, which traffic cannot show.
pub fn load_tests(path: &str) -> anyhow::Result<Vec<RouteTests>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {path}"))?;
    let mut out = Vec::new();
    for doc in gateway_api_testing::parse(path, &text) {
        match doc.map_err(|e| anyhow!(e))? {
            gateway_api_testing::TestDocument::Routes(r) => out.push(r),
            gateway_api_testing::TestDocument::Status(_) => {}
        }
    }
    if out.is_empty() {
        return Err(anyhow!("{path}: no RouteTests document"));
    }
    Ok(out)
}

/// The proxy and echo backends of one Gateway.
struct Lab {
    /// Gateway port → where the proxy listens for it.
    ports: BTreeMap<u16, SocketAddr>,
}

/// Runs every test of `files` against the manifests; returns the number passed and the failures.
pub async fn run(documents: &[Document], files: &[RouteTests]) -> (usize, Vec<Failure>) {
    let snapshot = Snapshot::from_documents(documents);
    let shutdown = Shutdown::default();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut wanted: BTreeMap<ObjectKey, BTreeSet<u16>> = BTreeMap::new();
    for file in files {
        for t in file.tests() {
            wanted
                .entry(ObjectKey::new(&t.gateway.namespace, &t.gateway.name))
                .or_default()
                .insert(test_port(t));
        }
    }
    let mut labs: BTreeMap<ObjectKey, Result<Lab, String>> = BTreeMap::new();
    for (key, ports) in wanted {
        let lab = start_lab(documents, &snapshot, &key, &ports, &shutdown, &stop_rx)
            .await
            .map_err(|e| format!("{e:#}"));
        labs.insert(key, lab);
    }
    let mut passed = 0;
    let mut failures = Vec::new();
    for file in files {
        for t in file.tests() {
            let key = ObjectKey::new(&t.gateway.namespace, &t.gateway.name);
            let result = match labs.get(&key) {
                Some(Ok(lab)) => run_test(lab, t).await,
                Some(Err(e)) => Err(e.clone()),
                None => Err("no proxy".to_owned()),
            };
            match result {
                Ok(()) => passed += 1,
                Err(actual) => failures.push(Failure {
                    file: file.file.clone(),
                    test: t.name.clone(),
                    expected: describe_expect(&t.expect),
                    actual,
                }),
            }
        }
    }
    let _ = stop_tx.send(true);
    shutdown.drain(std::time::Duration::from_secs(5)).await;
    (passed, failures)
}

/// `gwapi-proxy test`: prints one line per failure and the counts; exit 0, 1 or 2.
pub async fn command(paths: &[String], tests: &[String]) -> u8 {
    let files = match tests
        .iter()
        .map(|t| load_tests(t))
        .collect::<anyhow::Result<Vec<_>>>()
    {
        Ok(f) => f.into_iter().flatten().collect::<Vec<_>>(),
        Err(e) => {
            eprintln!("error: {e:#}");
            return 2;
        }
    };
    let read = match crate::input::read_manifests(paths) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e:#}");
            return 2;
        }
    };
    if !read.errors.is_empty() {
        for e in &read.errors {
            eprintln!("error: {e}");
        }
        return 2;
    }
    let (passed, failures) = run(&read.documents, &files).await;
    for f in &failures {
        println!(
            "FAIL {}: {}: expected {}, got {}",
            f.file, f.test, f.expected, f.actual
        );
    }
    println!("{passed} passed, {} failed", failures.len());
    u8::from(!failures.is_empty())
}

fn test_port(t: &RouteTest) -> u16 {
    match (&t.request, &t.grpc) {
        (Some(r), _) => r.port.unwrap_or(if r.scheme.as_deref() == Some("https") {
            443
        } else {
            80
        }),
        (None, Some(g)) => g.port.unwrap_or(80),
        (None, None) => 80,
    }
}

/// Every Service port the Gateway's routes can send to (backends and mirrors).
fn reachable(effective: &EffectiveGateway) -> BTreeSet<(String, String, u16)> {
    let mut out = BTreeSet::new();
    let mut add = |ns: &str, name: &str, port: Option<i32>| {
        if let Some(p) = port.and_then(|p| u16::try_from(p).ok()) {
            out.insert((ns.to_owned(), name.to_owned(), p));
        }
    };
    for l in &effective.listeners {
        for r in &l.routes {
            // (Service, port) of every backend and mirror, whatever the route kind.
            let targets: Vec<(&ObjectKey, Option<i32>)> = match &*r.rules {
                EffectiveRules::Http(rules) => rules
                    .iter()
                    .flat_map(|rule| {
                        let mirrors = rule.filters.iter().filter_map(|f| f.mirror.as_ref());
                        let backends = rule.backends.iter().map(|b| (&*b.service, b.port));
                        backends.chain(mirrors.map(|m| (&*m.service, m.port)))
                    })
                    .collect(),
                EffectiveRules::Grpc(rules) => rules
                    .iter()
                    .flat_map(|rule| {
                        let mirrors = rule.filters.iter().filter_map(|f| f.mirror.as_ref());
                        let backends = rule.backends.iter().map(|b| (&*b.service, b.port));
                        backends.chain(mirrors.map(|m| (&*m.service, m.port)))
                    })
                    .collect(),
                EffectiveRules::L4(_) => Vec::new(),
            };
            for (service, port) in targets {
                add(&service.namespace, &service.name, port);
            }
        }
    }
    out
}

async fn start_lab(
    documents: &[Document],
    snapshot: &Snapshot,
    key: &ObjectKey,
    test_ports: &BTreeSet<u16>,
    shutdown: &Shutdown,
    stop: &tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<Lab> {
    let started = Instant::now();
    let effective = effective_gateway(snapshot, key)?;
    let mut overrides = Vec::new();
    for (namespace, name, port) in reachable(&effective) {
        let addr = echo::start(&namespace, &name, stop.clone()).await?;
        overrides.push(EndpointOverride {
            namespace,
            name,
            port,
            addr,
        });
    }
    let config = Config::from_effective(documents, snapshot, key, &effective, &overrides, started)?;
    let mut ports: BTreeSet<u16> = config.ports.keys().copied().collect();
    ports.extend(test_ports);
    let proxy = Arc::new(Proxy::new(
        config,
        Arc::new(Metrics::new()),
        Extensions::default(),
        Limits::default(),
    ));
    let ports = serve_on_loopback(&proxy, ports, ServerLimits::default(), shutdown).await?;
    Ok(Lab { ports })
}

/// What one exchange showed.
struct Observed {
    answer: Answer,
    echo: Option<EchoReport>,
    grpc_status: Option<String>,
}

impl Observed {
    fn outcome(&self) -> String {
        match (&self.echo, &self.grpc_status) {
            (Some(e), _) => format!("backend {}/{}", e.namespace, e.service),
            (None, Some(g)) => format!("grpcStatus {g}"),
            (None, None) => format!("status {}", self.answer.status),
        }
    }
}

async fn run_test(lab: &Lab, t: &RouteTest) -> Result<(), String> {
    let mut last = String::new();
    for _ in 0..ATTEMPTS {
        let observed = match (&t.request, &t.grpc) {
            (Some(r), _) => send_http(lab, r).await,
            (None, Some(g)) => send_grpc(lab, g).await,
            (None, None) => return Err("no request".to_owned()),
        }
        .map_err(|e| format!("{e:#}"))?;
        match check(&t.expect, &observed) {
            Ok(()) => return Ok(()),
            Err(e) => last = e,
        }
    }
    Err(last)
}

fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

async fn send_http(lab: &Lab, r: &HttpRequest) -> anyhow::Result<Observed> {
    let https = r.scheme.as_deref() == Some("https");
    let port = r.port.unwrap_or(if https { 443 } else { 80 });
    let addr = lab.ports[&port];
    let host = r.host.as_deref().unwrap_or(GATEWAY_ADDRESS);
    let mut req = Request::new(empty());
    *req.method_mut() = r.method.as_deref().unwrap_or("GET").parse()?;
    *req.uri_mut() = r.path.as_deref().unwrap_or("/").parse()?;
    req.headers_mut()
        .insert(header::HOST, HeaderValue::from_str(host)?);
    for (k, v) in &r.headers {
        req.headers_mut().append(
            http::HeaderName::from_bytes(k.as_bytes())?,
            HeaderValue::from_str(v)?,
        );
    }
    let dial = Dial {
        tls: https.then(|| Some(r.sni.clone().unwrap_or_else(|| strip_port(host).to_owned()))),
        ..Dial::default()
    };
    let answer = client::send(addr, &dial, req).await?;
    let echo = (answer.status == 200)
        .then(|| EchoReport::from_json(&answer.body))
        .flatten();
    Ok(Observed {
        answer,
        echo,
        grpc_status: None,
    })
}

async fn send_grpc(lab: &Lab, g: &GrpcRequest) -> anyhow::Result<Observed> {
    let addr = lab.ports[&g.port.unwrap_or(80)];
    let authority = g.authority.as_deref().unwrap_or(GATEWAY_ADDRESS);
    let uri = format!("http://{authority}/{}/{}", g.service, g.method);
    let mut req = Request::new(full(grpc::frame(b"")));
    *req.method_mut() = http::Method::POST;
    *req.uri_mut() = uri.parse()?;
    let h = req.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(grpc::CONTENT_TYPE),
    );
    h.insert(header::TE, HeaderValue::from_static("trailers"));
    for (k, v) in &g.metadata {
        h.append(
            http::HeaderName::from_bytes(k.as_bytes())?,
            HeaderValue::from_str(v)?,
        );
    }
    let dial = Dial {
        http2: true,
        ..Dial::default()
    };
    let answer = client::send(addr, &dial, req).await?;
    let code = answer
        .trailers
        .as_ref()
        .and_then(|t| t.get("grpc-status"))
        .or_else(|| answer.headers.get("grpc-status"))
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u32>().ok());
    let echo = (code == Some(0))
        .then(|| grpc::first_message(&answer.body).and_then(EchoReport::from_json))
        .flatten();
    Ok(Observed {
        grpc_status: code.map(|c| grpc::code_name(c).to_owned()),
        answer,
        echo,
    })
}

fn check(e: &Expect, o: &Observed) -> Result<(), String> {
    if let Some(b) = &e.backend {
        let hit = o
            .echo
            .as_ref()
            .is_some_and(|r| r.namespace == b.namespace && r.service == b.name);
        if !hit {
            return Err(o.outcome());
        }
    }
    // A preflight is answered by the gateway itself: no backend saw it.
    if e.preflight && (o.echo.is_some() || o.answer.status != crate::imports::PREFLIGHT_STATUS) {
        return Err(format!(
            "{} (expected the gateway's preflight answer)",
            o.outcome()
        ));
    }
    if let Some(s) = e.status
        && (o.echo.is_some() || o.answer.status != s)
    {
        return Err(o.outcome());
    }
    if let Some(g) = &e.grpc_status
        && (o.echo.is_some() || o.grpc_status.as_deref() != Some(g.as_str()))
    {
        return Err(o.outcome());
    }
    if let Some(want) = &e.redirect {
        let location = o
            .answer
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| format!("{} without Location", o.outcome()))?;
        check_location(location, want)?;
    }
    if let Some(want) = &e.backend_request {
        let echo = o.echo.as_ref().ok_or_else(|| o.outcome())?;
        check_backend_request(echo, want)?;
    }
    let headers = echo::joined(&o.answer.headers);
    check_headers(
        &headers,
        &e.response_headers,
        &e.absent_response_headers,
        "response header",
    )
}

fn check_location(location: &str, want: &ExpectRedirect) -> Result<(), String> {
    let uri: http::Uri = location
        .parse()
        .map_err(|_| format!("Location {location}"))?;
    let scheme = uri.scheme_str().unwrap_or("");
    let default_port = if scheme == "https" { 443 } else { 80 };
    let bad = |what: &str| Err(format!("Location {location} ({what} differs)"));
    if want.scheme.as_deref().is_some_and(|s| s != scheme) {
        return bad("scheme");
    }
    if want
        .host
        .as_deref()
        .is_some_and(|h| !uri.host().is_some_and(|u| u.eq_ignore_ascii_case(h)))
    {
        return bad("host");
    }
    if want.port.unwrap_or(default_port) != uri.port_u16().unwrap_or(default_port) {
        return bad("port");
    }
    let path = uri.path_and_query().map_or("/", |p| p.as_str());
    if want.path.as_deref().is_some_and(|p| p != path) {
        return bad("path");
    }
    Ok(())
}

fn check_backend_request(echo: &EchoReport, want: &ExpectBackendRequest) -> Result<(), String> {
    if let Some(host) = &want.host
        && !strip_port(&echo.host).eq_ignore_ascii_case(strip_port(host))
    {
        return Err(format!("backend host {}", echo.host));
    }
    if want.path.as_ref().is_some_and(|p| *p != echo.path) {
        return Err(format!("backend path {}", echo.path));
    }
    if want
        .method
        .as_ref()
        .is_some_and(|m| !m.eq_ignore_ascii_case(&echo.method))
    {
        return Err(format!("backend method {}", echo.method));
    }
    check_headers(
        &echo.headers,
        &want.headers,
        &want.absent_headers,
        "request header",
    )
}

/// `actual` has lower-case names and repeated values joined with `,`.
fn check_headers(
    actual: &BTreeMap<String, String>,
    want: &BTreeMap<String, String>,
    absent: &[String],
    what: &str,
) -> Result<(), String> {
    for (name, value) in want {
        match actual.get(&name.to_ascii_lowercase()) {
            None => return Err(format!("{what} {name} missing")),
            Some(v) if v != value => return Err(format!("{what} {name}: {v}")),
            Some(_) => {}
        }
    }
    for name in absent {
        if actual.contains_key(&name.to_ascii_lowercase()) {
            return Err(format!("{what} {name} present"));
        }
    }
    Ok(())
}

//! Route-test files (`kind: RouteTests`): where requests must go. The format is the project's
//! `route-tests.md` (summarised in the README).
//!
//! Each test names a Gateway; the Gateway's effective configuration (from the resolution of its
//! GatewayClass's controller) is compiled into a router once, the request is matched, and the
//! outcome is compared with `expect`. Only what `expect` states is checked.

use std::collections::BTreeMap;

use crate::ObjectKey;
use gateway_api_match::actions::GrpcStatus;
use gateway_api_match::{Action, Outcome, Request, Router};
use serde::Deserialize;
use serde_json::Value;

use crate::{Options, Resolution, Snapshot, resolve};

/// A parsed RouteTests file.
#[derive(Clone)]
pub struct RouteTests {
    /// The file it was read from, for messages.
    pub file: String,
    tests: Vec<RouteTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Wire {
    #[allow(dead_code)]
    kind: String,
    tests: Vec<RouteTest>,
}

/// A namespaced name: the Gateway a test goes through, or the backend it expects.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GatewayRef {
    /// The namespace.
    pub namespace: String,
    /// The name.
    pub name: String,
}

/// One route test: a request (HTTP or gRPC) sent to a Gateway, and what must happen.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct RouteTest {
    /// Its name, unique in the file.
    pub name: String,
    /// The Gateway the request goes to.
    pub gateway: GatewayRef,
    /// The HTTP request (exactly one of `request` and `grpc` is set).
    #[serde(default)]
    pub request: Option<HttpRequest>,
    /// The gRPC call.
    #[serde(default)]
    pub grpc: Option<GrpcRequest>,
    /// What must happen; only what it states is checked.
    pub expect: Expect,
}

#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
/// The HTTP request of a route test (`request:`); absent fields take the format's defaults.
pub struct HttpRequest {
    #[serde(default)]
    /// `http` (default) or `https`.
    pub scheme: Option<String>,
    #[serde(default)]
    /// The port the client connects to (default 80 for http, 443 for https).
    pub port: Option<u16>,
    #[serde(default)]
    /// The TLS server name (https; default: the host without its port).
    pub sni: Option<String>,
    #[serde(default)]
    /// The Host header; absent means the Gateway's IP address.
    pub host: Option<String>,
    #[serde(default)]
    /// The method (default GET).
    pub method: Option<String>,
    #[serde(default)]
    /// Path and query as sent (default `/`).
    pub path: Option<String>,
    #[serde(default)]
    /// Request headers, one value per name.
    pub headers: BTreeMap<String, String>,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
/// The gRPC call of a route test (`grpc:`).
pub struct GrpcRequest {
    #[serde(default)]
    /// The port the client connects to (default 80 for http, 443 for https).
    pub port: Option<u16>,
    #[serde(default)]
    /// The `:authority`; absent means the Gateway's IP address.
    pub authority: Option<String>,
    /// The fully qualified gRPC service.
    pub service: String,
    /// The gRPC method.
    pub method: String,
    #[serde(default)]
    /// Request metadata.
    pub metadata: BTreeMap<String, String>,
}

/// What a route test expects (`expect:`): exactly one of `backend`, `status` and
/// `grpcStatus`, and optional details.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Expect {
    /// The Service the request reaches.
    #[serde(default)]
    pub backend: Option<GatewayRef>,
    /// The HTTP status the gateway answers with itself.
    #[serde(default)]
    pub status: Option<u16>,
    /// The gRPC status name the gateway answers with itself.
    #[serde(default)]
    pub grpc_status: Option<String>,
    /// Parts of the redirect `Location`.
    #[serde(default)]
    pub redirect: Option<ExpectRedirect>,
    /// What the backend receives.
    #[serde(default)]
    pub backend_request: Option<ExpectBackendRequest>,
    /// Response headers and their values.
    #[serde(default)]
    pub response_headers: BTreeMap<String, String>,
    /// Response headers that must be absent.
    #[serde(default)]
    pub absent_response_headers: Vec<String>,
}

/// The expected parts of a redirect `Location`; absent parts are not checked (an absent port
/// means the scheme's default).
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectRedirect {
    /// The scheme.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The host.
    #[serde(default)]
    pub host: Option<String>,
    /// The port.
    #[serde(default)]
    pub port: Option<u16>,
    /// The path (and query).
    #[serde(default)]
    pub path: Option<String>,
}

/// What the backend must receive.
#[derive(Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ExpectBackendRequest {
    /// The Host, compared without its port.
    #[serde(default)]
    pub host: Option<String>,
    /// Path and query.
    #[serde(default)]
    pub path: Option<String>,
    /// The method.
    #[serde(default)]
    pub method: Option<String>,
    /// Request headers and their values.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Request headers that must be absent.
    #[serde(default)]
    pub absent_headers: Vec<String>,
}

/// The host a client sends when the test gives none: an address (RFC 5737 documentation range)
/// that, like a Gateway's IP, no route or listener hostname matches.
pub const GATEWAY_ADDRESS: &str = "192.0.2.1";

impl RouteTests {
    /// Reads a RouteTests file; every error names the file and, where it can, the test and field.
    pub fn from_value(file: &str, value: &Value) -> Result<Self, String> {
        let wire: Wire = serde_path_to_error::deserialize(value.clone())
            .map_err(|e| format!("{file}: {}: {}", e.path(), e.inner()))?;
        let mut names = std::collections::BTreeSet::new();
        for (i, t) in wire.tests.iter().enumerate() {
            let at = format!("{file}: tests[{i}] ({:?})", t.name);
            if !names.insert(t.name.clone()) {
                return Err(format!("{at}: name: duplicate test name"));
            }
            match (&t.request, &t.grpc) {
                (Some(_), Some(_)) => {
                    return Err(format!("{at}: give either request or grpc, not both"));
                }
                (None, None) => return Err(format!("{at}: request or grpc is required")),
                _ => {}
            }
            let outcomes = usize::from(t.expect.backend.is_some())
                + usize::from(t.expect.status.is_some())
                + usize::from(t.expect.grpc_status.is_some());
            if outcomes != 1 {
                return Err(format!(
                    "{at}: expect: exactly one of backend, status or grpcStatus is required"
                ));
            }
            if let Some(s) = &t.request
                && let Some(scheme) = &s.scheme
                && scheme != "http"
                && scheme != "https"
            {
                return Err(format!(
                    "{at}: request.scheme: must be http or https, not {scheme:?}"
                ));
            }
        }
        Ok(Self {
            file: file.to_owned(),
            tests: wire.tests,
        })
    }
}

/// A failing route test: its name, what was expected and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteTestFailure {
    /// The test's name.
    pub test: String,
    /// What `expect` says, in words.
    pub expected: String,
    /// What the router decided, in words.
    pub actual: String,
}

impl RouteTests {
    /// The tests, in file order.
    pub fn tests(&self) -> &[RouteTest] {
        &self.tests
    }

    /// The number of tests in the file.
    pub fn len(&self) -> usize {
        self.tests.len()
    }

    /// Whether the file has no tests.
    pub fn is_empty(&self) -> bool {
        self.tests.is_empty()
    }

    /// Runs every test against the snapshot. `options_for` gives the resolve options of a
    /// controller (the controller of a test is that of its Gateway's GatewayClass); each
    /// controller is resolved once. Returns the number passed and the failures.
    pub fn check(
        &self,
        snapshot: &Snapshot,
        options_for: &dyn Fn(&str) -> Options,
    ) -> (usize, Vec<RouteTestFailure>) {
        let mut resolutions: BTreeMap<String, Resolution> = BTreeMap::new();
        let mut routers: BTreeMap<ObjectKey, Result<Router, String>> = BTreeMap::new();
        let mut passed = 0;
        let mut failures = Vec::new();
        for test in &self.tests {
            let key = ObjectKey::new(&test.gateway.namespace, &test.gateway.name);
            if !routers.contains_key(&key) {
                let router = gateway_router(snapshot, &mut resolutions, options_for, &key);
                routers.insert(key.clone(), router);
            }
            let result = match routers.get(&key) {
                Some(Ok(router)) => check(router, test),
                Some(Err(e)) => Err(e.clone()),
                None => Err("no router".to_owned()),
            };
            match result {
                Ok(()) => passed += 1,
                Err(detail) => failures.push(RouteTestFailure {
                    test: test.name.clone(),
                    expected: describe_expect(&test.expect),
                    actual: detail,
                }),
            }
        }
        (passed, failures)
    }
}

/// The router of a Gateway, built from the resolution of its class's controller (resolved with
/// `options_for` once per controller, cached in `resolutions`). A Gateway or class the manifests
/// lack is an error message, so the tests that name it fail rather than the whole run.
pub fn gateway_router(
    snapshot: &Snapshot,
    resolutions: &mut BTreeMap<String, Resolution>,
    options_for: &dyn Fn(&str) -> Options,
    key: &ObjectKey,
) -> Result<Router, String> {
    let gateway = snapshot.gateways.get(key).ok_or_else(|| {
        format!(
            "Gateway {}/{} not found in the manifests",
            key.namespace, key.name
        )
    })?;
    let class = &gateway.spec.gateway_class_name;
    let controller = snapshot
        .gateway_classes
        .get(&ObjectKey::cluster(class))
        .map(|c| c.spec.controller_name.clone())
        .ok_or_else(|| format!("GatewayClass {class} not found in the manifests"))?;
    let resolution = resolutions
        .entry(controller.clone())
        .or_insert_with(|| resolve(snapshot, &options_for(&controller)));
    let Some(effective) = resolution.effective.get(key) else {
        return Err(format!(
            "Gateway {}/{} has no effective configuration",
            key.namespace, key.name
        ));
    };
    crate::build_router(effective).map_err(|e| format!("cannot build the router: {e}"))
}

/// A request built from a route test (or the CLI), owning the strings a [`Request`] borrows.
pub struct OwnedRequest {
    host: String,
    path: String,
    method: String,
    headers: Vec<(String, String)>,
    port: u16,
    https: bool,
    sni: Option<String>,
    grpc: bool,
}

impl OwnedRequest {
    /// The request of an HTTP test, with the format's defaults.
    pub fn http(r: &HttpRequest) -> Self {
        let https = r.scheme.as_deref() == Some("https");
        let host = r.host.clone().unwrap_or_else(|| GATEWAY_ADDRESS.to_owned());
        let sni = https.then(|| {
            r.sni
                .clone()
                .unwrap_or_else(|| strip_port(&host).to_owned())
        });
        Self {
            port: r.port.unwrap_or(if https { 443 } else { 80 }),
            path: r.path.clone().unwrap_or_else(|| "/".to_owned()),
            method: r.method.clone().unwrap_or_else(|| "GET".to_owned()),
            headers: r
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            host,
            https,
            sni,
            grpc: false,
        }
    }

    /// The request of a gRPC test: `POST /{service}/{method}`, `content-type: application/grpc`.
    pub fn grpc(g: &GrpcRequest) -> Self {
        let mut headers: Vec<(String, String)> = g
            .metadata
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        headers.push(("content-type".to_owned(), "application/grpc".to_owned()));
        Self {
            host: g
                .authority
                .clone()
                .unwrap_or_else(|| GATEWAY_ADDRESS.to_owned()),
            path: format!("/{}/{}", g.service, g.method),
            method: "POST".to_owned(),
            headers,
            port: g.port.unwrap_or(80),
            https: false,
            sni: None,
            grpc: true,
        }
    }

    /// The matcher's view of the request; `headers` comes from [`Self::header_pairs`].
    pub fn view<'a>(&'a self, headers: &'a [(&'a str, &'a str)]) -> Request<'a> {
        let base = if self.grpc {
            Request::grpc(&self.host, &self.path)
        } else {
            Request::get(&self.host, &self.path)
        };
        let mut req = base.method(&self.method).headers(headers);
        if self.https {
            // `https` also sets the scheme's default port: the test's port goes after it.
            req = req.https(self.sni.as_deref());
        }
        req.port(self.port)
    }

    /// The headers as borrowed pairs, for [`Self::view`].
    pub fn header_pairs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }
}

fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

fn check(router: &Router, test: &RouteTest) -> Result<(), String> {
    let owned = match (&test.request, &test.grpc) {
        (Some(r), _) => OwnedRequest::http(r),
        (None, Some(g)) => OwnedRequest::grpc(g),
        (None, None) => return Err("no request".into()),
    };
    let pairs = owned.header_pairs();
    let req = owned.view(&pairs);
    let e = &test.expect;
    let outcome = router.route(&req);
    let matched = match &outcome {
        Outcome::Matched(m) => m,
        other => {
            let actual = match (owned.grpc, other) {
                (true, _) => format!("grpcStatus {}", GrpcStatus::Unimplemented.as_str()),
                (false, Outcome::Misdirected) => "status 421".to_owned(),
                _ => "status 404".to_owned(),
            };
            let wanted = match (e.status, e.grpc_status.as_deref()) {
                (Some(s), _) => Some(format!("status {s}")),
                (_, Some(g)) => Some(format!("grpcStatus {g}")),
                _ => None,
            };
            return if wanted.as_deref() == Some(actual.as_str()) {
                Ok(())
            } else {
                Err(actual)
            };
        }
    };
    let route = matched.route_id();
    let at = format!(
        "route {}/{} rule {}",
        route.namespace,
        route.name,
        matched.rule_index()
    );
    // Which answers the matched rule can give: a redirect, or for each backend with weight > 0,
    // forwarding (valid) or 500/UNAVAILABLE (invalid); or 500 when it forwards nowhere.
    let first = matched.action(0);
    if let Action::Redirect(_) = first {
        let code = first.status().unwrap_or(302);
        if e.status != Some(code) {
            return Err(format!("redirect {code} ({at})"));
        }
        if let Some(want) = &e.redirect {
            let mut location = String::new();
            matched
                .write_redirect_location(&req, &mut location)
                .map_err(|_| "cannot write the redirect location".to_owned())?;
            check_location(&location, want).map_err(|d| format!("{d} ({at})"))?;
        }
        return check_response_headers(matched, e, &at);
    }
    let backends = matched.backends();
    if let Some(want) = &e.backend {
        let reachable = backends.iter().find(|b| {
            b.weight > 0
                && b.invalid.is_none()
                && b.name == want.name
                && b.namespace == want.namespace
        });
        let Some(backend) = reachable else {
            let names: Vec<String> = backends
                .iter()
                .map(|b| {
                    let state = if b.invalid.is_some() {
                        " (invalid)"
                    } else {
                        ""
                    };
                    format!("{}/{} weight {}{state}", b.namespace, b.name, b.weight)
                })
                .collect();
            let shown = if names.is_empty() {
                "no backends".to_owned()
            } else {
                names.join(", ")
            };
            return Err(format!("{shown} ({at})"));
        };
        if let Some(br) = &e.backend_request {
            check_backend_request(matched, &req, &owned, backend, br)
                .map_err(|d| format!("{d} ({at})"))?;
        }
        return check_response_headers(matched, e, &at);
    }
    let can_fail = backends.is_empty()
        || backends.iter().all(|b| b.weight == 0)
        || backends.iter().any(|b| b.weight > 0 && b.invalid.is_some());
    let actual_failure = if owned.grpc {
        format!("grpcStatus {}", GrpcStatus::Unavailable.as_str())
    } else {
        "status 500".to_owned()
    };
    let wanted = match (e.status, e.grpc_status.as_deref()) {
        (Some(s), _) => format!("status {s}"),
        (_, Some(g)) => format!("grpcStatus {g}"),
        _ => String::new(),
    };
    if can_fail && wanted == actual_failure {
        return check_response_headers(matched, e, &at);
    }
    let valid: Vec<String> = backends
        .iter()
        .filter(|b| b.invalid.is_none() && b.weight > 0)
        .map(|b| format!("{}/{}", b.namespace, b.name))
        .collect();
    Err(format!("backend {} ({at})", valid.join(" or ")))
}

fn check_location(location: &str, want: &ExpectRedirect) -> Result<(), String> {
    let (scheme, rest) = location
        .split_once("://")
        .ok_or_else(|| format!("Location {location}"))?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) => (h, p.parse::<u16>().ok()),
        _ => (authority, None),
    };
    let default_port = if scheme == "https" { 443 } else { 80 };
    let bad = |what: &str| Err(format!("Location {location} ({what} differs)"));
    if want.scheme.as_deref().is_some_and(|s| s != scheme) {
        return bad("scheme");
    }
    if want
        .host
        .as_deref()
        .is_some_and(|h| !h.eq_ignore_ascii_case(host))
    {
        return bad("host");
    }
    let effective = port.unwrap_or(default_port);
    match want.port {
        Some(p) if p != effective => return bad("port"),
        None if port.is_some_and(|p| p != default_port) => return bad("port"),
        _ => {}
    }
    if want.path.as_deref().is_some_and(|p| p != path) {
        return bad("path");
    }
    Ok(())
}

fn check_backend_request(
    matched: &gateway_api_match::Matched<'_>,
    req: &Request<'_>,
    owned: &OwnedRequest,
    backend: &gateway_api_match::input::Backend,
    want: &ExpectBackendRequest,
) -> Result<(), String> {
    if let Some(host) = &want.host {
        let actual = matched.backend_host(req).unwrap_or(owned.host.as_str());
        if !strip_port(actual).eq_ignore_ascii_case(strip_port(host)) {
            return Err(format!("backend host {actual}"));
        }
    }
    if let Some(path) = &want.path {
        let mut actual = String::new();
        matched
            .write_backend_path(req, &mut actual)
            .map_err(|_| "cannot write the backend path".to_owned())?;
        if &actual != path {
            return Err(format!("backend path {actual}"));
        }
    }
    if let Some(method) = &want.method
        && !method.eq_ignore_ascii_case(&owned.method)
    {
        return Err(format!("backend method {}", owned.method));
    }
    let mut headers: Vec<(String, String)> = owned.headers.clone();
    matched.apply_request_headers(Some(backend), &mut headers);
    check_headers(
        &headers,
        &want.headers,
        &want.absent_headers,
        "request header",
    )
}

fn check_response_headers(
    matched: &gateway_api_match::Matched<'_>,
    e: &Expect,
    at: &str,
) -> Result<(), String> {
    if e.response_headers.is_empty() && e.absent_response_headers.is_empty() {
        return Ok(());
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    let backend = gateway_api_match::actions::pick_backend(matched.backends(), 0);
    matched.apply_response_headers(backend, &mut headers);
    check_headers(
        &headers,
        &e.response_headers,
        &e.absent_response_headers,
        "response header",
    )
    .map_err(|d| format!("{d} ({at})"))
}

/// "Header names compare case-insensitively. A header with several values is written as the
/// values joined by `,` (no space), in order."
fn check_headers(
    actual: &[(String, String)],
    want: &BTreeMap<String, String>,
    absent: &[String],
    what: &str,
) -> Result<(), String> {
    for (name, value) in want {
        let values: Vec<&str> = actual
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        let joined = values.join(",");
        if values.is_empty() || &joined != value {
            return Err(if values.is_empty() {
                format!("{what} {name} missing")
            } else {
                format!("{what} {name}: {joined}")
            });
        }
    }
    for name in absent {
        if actual.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
            return Err(format!("{what} {name} present"));
        }
    }
    Ok(())
}

/// What `expect` says, in words, as failure lines print it.
pub fn describe_expect(e: &Expect) -> String {
    let mut parts = Vec::new();
    if let Some(b) = &e.backend {
        parts.push(format!("backend {}/{}", b.namespace, b.name));
    }
    if let Some(s) = e.status {
        parts.push(format!("status {s}"));
    }
    if let Some(g) = &e.grpc_status {
        parts.push(format!("grpcStatus {g}"));
    }
    if e.redirect.is_some() {
        parts.push("redirect details".into());
    }
    if e.backend_request.is_some() {
        parts.push("backendRequest details".into());
    }
    if !e.response_headers.is_empty() || !e.absent_response_headers.is_empty() {
        parts.push("response headers".into());
    }
    parts.join(", ")
}

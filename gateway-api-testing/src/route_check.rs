//! Checking one route test against a compiled router: the outcome (backend, status, gRPC status
//! or a CORS preflight answered at the gateway), then the details `expect` asks for (redirect
//! `Location`, the request the backend receives, response headers).

use std::collections::BTreeMap;

use gateway_api_match::{Action, GrpcStatus, Matched, Outcome, Request, Router, pick_backend};

use crate::request::{OwnedRequest, strip_port};
use crate::route_tests::{Expect, ExpectBackendRequest, ExpectRedirect, RouteTest};

/// `Ok` when the router does what the test expects; otherwise what it does, in words.
pub(crate) fn check(router: &Router, test: &RouteTest) -> Result<(), String> {
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
            return if wanted_answer(e).as_deref() == Some(actual.as_str()) {
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
    // A preflight on a rule with CORS is answered by the gateway before anything else the rule
    // does: it is neither redirected nor forwarded.
    let mut answer: Vec<(String, String)> = Vec::new();
    matched.apply_response_headers(None, &mut answer);
    if let Some(status) = matched.answer_cors_preflight(&req, &mut answer) {
        if !e.preflight {
            return Err(format!(
                "CORS preflight answered at the gateway with {status} ({at})"
            ));
        }
        return check_headers(
            &answer,
            &e.response_headers,
            &e.absent_response_headers,
            "response header",
        )
        .map_err(|d| format!("{d} ({at})"));
    }
    if e.preflight {
        let what = if matched.cors().is_some() {
            "not a CORS preflight"
        } else {
            "the rule has no CORS filter"
        };
        return Err(format!("forwarded: {what} ({at})"));
    }
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
        return check_response_headers(matched, &req, e, &at);
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
        return check_response_headers(matched, &req, e, &at);
    }
    let can_fail = backends.is_empty()
        || backends.iter().all(|b| b.weight == 0)
        || backends.iter().any(|b| b.weight > 0 && b.invalid.is_some());
    let actual_failure = if owned.grpc {
        format!("grpcStatus {}", GrpcStatus::Unavailable.as_str())
    } else {
        "status 500".to_owned()
    };
    if can_fail && wanted_answer(e).as_deref() == Some(actual_failure.as_str()) {
        return check_response_headers(matched, &req, e, &at);
    }
    let valid: Vec<String> = backends
        .iter()
        .filter(|b| b.invalid.is_none() && b.weight > 0)
        .map(|b| format!("{}/{}", b.namespace, b.name))
        .collect();
    Err(format!("backend {} ({at})", valid.join(" or ")))
}

/// The status or gRPC status the test expects the gateway to answer with, in words.
fn wanted_answer(e: &Expect) -> Option<String> {
    match (e.status, e.grpc_status.as_deref()) {
        (Some(s), _) => Some(format!("status {s}")),
        (_, Some(g)) => Some(format!("grpcStatus {g}")),
        _ => None,
    }
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
    matched: &Matched<'_>,
    req: &Request<'_>,
    owned: &OwnedRequest,
    backend: &gateway_api_match::Backend,
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

/// The headers the gateway adds to the response: the rule's and the first backend's
/// `ResponseHeaderModifier`s, then the CORS filter's headers for the request's `Origin`.
fn check_response_headers(
    matched: &Matched<'_>,
    req: &Request<'_>,
    e: &Expect,
    at: &str,
) -> Result<(), String> {
    if e.response_headers.is_empty() && e.absent_response_headers.is_empty() {
        return Ok(());
    }
    let mut headers: Vec<(String, String)> = Vec::new();
    let backend = pick_backend(matched.backends(), 0);
    matched.apply_response_headers(backend, &mut headers);
    matched.apply_cors_response_headers(req, &mut headers);
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
        if values.is_empty() {
            return Err(format!("{what} {name} missing"));
        }
        if &joined != value {
            return Err(format!("{what} {name}: {joined}"));
        }
    }
    for name in absent {
        if actual.iter().any(|(k, _)| k.eq_ignore_ascii_case(name)) {
            return Err(format!("{what} {name} present"));
        }
    }
    Ok(())
}

/// What `expect` says, in words, for failure messages.
pub(crate) fn describe_expect(e: &Expect) -> String {
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
    if e.preflight {
        parts.push("CORS preflight answered at the gateway".into());
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

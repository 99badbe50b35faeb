//! `gwapi route`: where one request goes through a Gateway, and why.
//!
//! The Gateway's effective configuration (resolved as its GatewayClass's controller would) is
//! compiled into a router; the request is matched and the decision explained: the listener, the
//! route, rule and match that won, the outcome, and for every other candidate rule on that
//! listener the first precedence criterion it lost on (or why it did not match at all). A CORS
//! preflight on a rule with a `CORS` filter is answered by the gateway: that answer is the
//! outcome; an actual cross-origin request shows the `Access-Control-*` headers the response gets.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{anyhow, bail};
use gateway_api_match::actions::GrpcStatus;
use gateway_api_match::explain::{Explanation, Verdict};
use gateway_api_match::{Action, Outcome, Router};
use gateway_api_resolve::{ObjectKey, Snapshot};
use serde_json::{Value, json};

use crate::TextOrJson;
use gateway_api_testing::{GrpcRequest, HttpRequest, OwnedRequest};

/// What `gwapi route` was asked.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// The Gateway the client connects to, as NAMESPACE/NAME.
    #[arg(long)]
    pub(crate) gateway: String,
    /// The request method (HTTP form).
    #[arg(short = 'X', long = "request")]
    pub(crate) method: Option<String>,
    /// A request header (or gRPC metadata), 'Name: value'; `-H 'Host: …'` overrides the URL's.
    #[arg(short = 'H', long = "header")]
    pub(crate) headers: Vec<String>,
    /// The port the client connects to (default: the URL's, else 80/443).
    #[arg(long)]
    pub(crate) port: Option<u16>,
    /// The TLS server name for https (default: the URL's host).
    #[arg(long)]
    pub(crate) sni: Option<String>,
    /// A gRPC call instead of an HTTP request: SERVICE/METHOD (no URL then).
    #[arg(long)]
    pub(crate) grpc: Option<String>,
    /// The gRPC :authority (default: the Gateway's address).
    #[arg(long)]
    pub(crate) authority: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
    pub(crate) output: TextOrJson,
    /// The URL (http:// or https://; absent with --grpc), then the manifests: files,
    /// directories or `-`.
    #[arg(required = true)]
    pub(crate) rest: Vec<String>,
    #[command(flatten)]
    pub(crate) limits: crate::input::LimitArgs,
    #[command(flatten)]
    pub(crate) controller: crate::controller::ControllerArgs,
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (ns, name) = args
        .gateway
        .split_once('/')
        .ok_or_else(|| anyhow!("--gateway {:?}: expected NAMESPACE/NAME", args.gateway))?;
    let key = ObjectKey::new(ns, name);
    let mut headers = BTreeMap::new();
    for h in &args.headers {
        let (k, v) = h
            .split_once(':')
            .ok_or_else(|| anyhow!("-H {h:?}: expected 'Name: value'"))?;
        headers.insert(k.trim().to_owned(), v.trim().to_owned());
    }
    let (owned, paths) = match &args.grpc {
        Some(sm) => {
            let (service, method) = sm
                .split_once('/')
                .ok_or_else(|| anyhow!("--grpc {sm:?}: expected SERVICE/METHOD"))?;
            let request = GrpcRequest {
                port: args.port,
                authority: args.authority.clone(),
                service: service.to_owned(),
                method: method.to_owned(),
                metadata: headers,
            };
            (OwnedRequest::grpc(&request), &args.rest[..])
        }
        None => {
            let Some((url, paths)) = args.rest.split_first() else {
                bail!("a URL is required (or --grpc SERVICE/METHOD)");
            };
            (
                OwnedRequest::http(&http_request(url, args, headers)?),
                paths,
            )
        }
    };
    if paths.is_empty() {
        bail!("no manifests given");
    }
    let read = crate::input::read_all(paths, &args.limits)?;
    if !read.errors.is_empty() {
        for e in &read.errors {
            eprintln!("error: {e}");
        }
        return Ok(ExitCode::from(2));
    }
    for warning in schema_limits(&read.documents) {
        eprintln!("warning: {warning}");
    }
    let snapshot = Snapshot::from_documents(&read.documents);
    let router = gateway_router(&snapshot, &key, &args.controller)?;
    let pairs = owned.header_pairs();
    let req = owned.view(&pairs);
    let explanation = router.explain(&req);
    let report = report(&explanation, &req, args.grpc.is_some());
    match args.output {
        TextOrJson::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        TextOrJson::Text => print_text(&report),
    }
    Ok(ExitCode::SUCCESS)
}

fn http_request(
    url: &str,
    args: &Args,
    mut headers: BTreeMap<String, String>,
) -> anyhow::Result<HttpRequest> {
    let uri: http::Uri = url
        .parse()
        .map_err(|e| anyhow!("URL {url:?} is malformed: {e}"))?;
    let scheme = uri
        .scheme_str()
        .ok_or_else(|| anyhow!("URL {url:?}: expected http://HOST/PATH"))?
        .to_owned();
    if scheme != "http" && scheme != "https" {
        bail!("URL {url:?}: the scheme must be http or https");
    }
    let Some(url_authority) = uri.authority() else {
        bail!("URL {url:?}: expected http://HOST/PATH");
    };
    // `Authority::port` is None for a port it cannot read (`:99999`), so read it from the text.
    let host_port = url_authority
        .as_str()
        .rsplit_once('@')
        .map_or(url_authority.as_str(), |(_, hp)| hp);
    let url_port = match host_port
        .strip_prefix(url_authority.host())
        .and_then(|rest| rest.strip_prefix(':'))
    {
        Some(port) => Some(
            port.parse::<u16>()
                .map_err(|_| anyhow!("URL {url:?}: the port must be a number below 65536"))?,
        ),
        None => None,
    };
    // The authority without any user information, as a client would send it in Host.
    let authority = match url_port {
        Some(p) => format!("{}:{p}", url_authority.host()),
        None => url_authority.host().to_owned(),
    };
    let path = match uri.query() {
        Some(q) => format!("{}?{q}", uri.path()),
        None => uri.path().to_owned(),
    };
    // The Host header comes from the URL unless -H Host: says otherwise.
    let host_key = headers
        .keys()
        .find(|k| k.eq_ignore_ascii_case("host"))
        .cloned();
    let host = match host_key {
        Some(k) => headers.remove(&k).unwrap_or_default(),
        None => authority,
    };
    let sni_default = url_authority.host().to_owned();
    Ok(HttpRequest {
        scheme: Some(scheme.clone()),
        port: args.port.or(url_port),
        sni: (scheme == "https").then(|| args.sni.clone().unwrap_or(sni_default)),
        host: Some(host),
        method: args.method.clone(),
        path: Some(path),
        headers,
    })
}

/// Objects over the CRD schema's size limits (`maxItems`, `maxLength`: more than 16 hostnames or
/// rules in a route, …), one line each. An API server refuses them, so no cluster holds them;
/// they are still routed (in linear time and memory), with this said first.
fn schema_limits(documents: &[gateway_api_types::Document]) -> Vec<String> {
    use gateway_api_validate::{Channel, ErrorKind, Validator};
    let validator = Validator::new(Channel::Experimental);
    let mut out = Vec::new();
    for d in documents.iter().filter(|d| d.object.is_gateway_api()) {
        let outcome = validator.validate(&d.object.to_value());
        let over: Vec<String> = outcome
            .errors
            .iter()
            .filter(|e| matches!(e.kind(), ErrorKind::TooMany | ErrorKind::TooLong))
            .map(ToString::to_string)
            .collect();
        if !over.is_empty() {
            let meta = d.object.metadata().unwrap_or_default();
            out.push(format!(
                "{}: {} {}/{} breaks the schema's limits (an API server would reject it): {}",
                d.source,
                d.object.kind(),
                meta.namespace.as_deref().unwrap_or("default"),
                meta.name.as_deref().unwrap_or(""),
                over.join("; ")
            ));
        }
    }
    out
}

fn gateway_router(
    snapshot: &Snapshot,
    key: &ObjectKey,
    controller: &crate::controller::ControllerArgs,
) -> anyhow::Result<Router> {
    let options_for = |controller_name: &str| controller.options(controller_name.to_owned());
    let mut resolutions = std::collections::BTreeMap::new();
    gateway_api_testing::gateway_router(snapshot, &mut resolutions, &options_for, key)
        .map_err(|e| anyhow!(e))
}

fn report(ex: &Explanation<'_>, req: &gateway_api_match::Request<'_>, grpc: bool) -> Value {
    let listener = ex
        .listener
        .map(|l| json!({ "name": l.name, "port": l.port, "hostname": l.hostname }));
    let mut out = json!({ "listener": listener });
    let outcome = match &ex.outcome {
        Outcome::Matched(m) => {
            let id = m.route_id();
            out["route"] = json!({
                "namespace": id.namespace.as_str(), "name": id.name.as_str(),
                "rule": m.rule_index(), "ruleName": m.rule_name(), "match": m.match_index(),
            });
            let mut preflight: Vec<(String, String)> = Vec::new();
            let mut cors: Vec<(String, String)> = Vec::new();
            m.apply_cors_response_headers(req, &mut cors);
            let cors = (!cors.is_empty()).then(|| header_list(&cors));
            if let Some(status) = m.answer_cors_preflight(req, &mut preflight) {
                json!({ "preflight": { "status": status, "headers": header_list(&preflight) } })
            } else {
                let mut o = match m.action(0) {
                    Action::Redirect(_) => {
                        let mut location = String::new();
                        let _ = m.write_redirect_location(req, &mut location);
                        json!({ "redirect": { "status": m.action(0).status(), "location": location } })
                    }
                    _ => {
                        let backends: Vec<Value> = m
                            .backends()
                            .iter()
                            .map(|b| {
                                json!({
                                    "namespace": b.namespace.as_str(), "name": b.name.as_str(), "port": b.port,
                                    "weight": b.weight, "invalid": b.invalid,
                                })
                            })
                            .collect();
                        let mut path = String::new();
                        let _ = m.write_backend_path(req, &mut path);
                        let failure = if grpc {
                            json!({ "grpcStatus": GrpcStatus::Unavailable.as_str() })
                        } else {
                            json!({ "status": 500 })
                        };
                        if backends.is_empty() {
                            failure
                        } else {
                            json!({ "backends": backends, "backendPath": path, "invalidBackendAnswer": failure })
                        }
                    }
                };
                if let Some(cors) = cors {
                    o["corsResponseHeaders"] = cors;
                }
                o
            }
        }
        Outcome::Misdirected => json!({ "status": 421 }),
        _ if grpc => json!({ "grpcStatus": GrpcStatus::Unimplemented.as_str() }),
        _ => json!({ "status": 404 }),
    };
    out["outcome"] = outcome;
    let others: Vec<Value> = ex
        .candidates
        .iter()
        .filter(|c| c.verdict != Verdict::Chosen)
        .map(|c| {
            let why = match &c.verdict {
                Verdict::Lost(criterion) => json!({ "lostOn": criterion.to_string() }),
                Verdict::NotMatched(m) => json!({ "notMatched": format!("{m:?}") }),
                Verdict::Chosen => Value::Null,
            };
            json!({
                "namespace": c.route.id.namespace.as_str(), "name": c.route.id.name.as_str(),
                "rule": c.rule_index, "match": c.match_index, "verdict": why,
            })
        })
        .collect();
    out["candidates"] = Value::Array(others);
    out
}

/// Headers as a JSON list of `{name, value}`, in the order they were written.
fn header_list(headers: &[(String, String)]) -> Value {
    headers
        .iter()
        .map(|(name, value)| json!({ "name": name, "value": value }))
        .collect()
}

fn print_headers(headers: Option<&Value>) {
    for h in headers.and_then(Value::as_array).into_iter().flatten() {
        println!(
            "  {}: {}",
            h["name"].as_str().unwrap_or(""),
            h["value"].as_str().unwrap_or("")
        );
    }
}

fn print_text(r: &Value) {
    match r.get("listener") {
        Some(Value::Object(l)) => println!(
            "listener: {} (port {}, hostname {})",
            l["name"].as_str().unwrap_or(""),
            l["port"],
            l["hostname"].as_str().unwrap_or("*")
        ),
        _ => println!("listener: none accepts this port and host"),
    }
    if let Some(route) = r.get("route") {
        println!(
            "route: {}/{} rule {}{} match {}",
            route["namespace"].as_str().unwrap_or(""),
            route["name"].as_str().unwrap_or(""),
            route["rule"],
            route["ruleName"]
                .as_str()
                .map(|n| format!(" ({n})"))
                .unwrap_or_default(),
            route["match"],
        );
    }
    let o = &r["outcome"];
    if let Some(p) = o.get("preflight") {
        let empty = p["headers"].as_array().is_none_or(Vec::is_empty);
        println!(
            "outcome: CORS preflight answered by the gateway: {}{}",
            p["status"],
            if empty {
                " (origin not allowed: no CORS headers)"
            } else {
                ""
            }
        );
        print_headers(p.get("headers"));
    } else if let Some(redirect) = o.get("redirect") {
        println!(
            "outcome: redirect {} to {}",
            redirect["status"],
            redirect["location"].as_str().unwrap_or("")
        );
    } else if let Some(backends) = o.get("backends").and_then(Value::as_array) {
        println!(
            "outcome: forward (path {})",
            o["backendPath"].as_str().unwrap_or("")
        );
        for b in backends {
            let invalid = b["invalid"]
                .as_str()
                .map(|i| format!("  invalid: {i} -> {}", o["invalidBackendAnswer"]))
                .unwrap_or_default();
            println!(
                "  backend {}/{} port {} weight {}{invalid}",
                b["namespace"].as_str().unwrap_or(""),
                b["name"].as_str().unwrap_or(""),
                b["port"],
                b["weight"]
            );
        }
    } else if let Some(s) = o.get("status") {
        let what = match s.as_u64() {
            Some(404) => " (no route matches)",
            Some(421) => " (misdirected: the SNI chose another listener than the Host)",
            Some(500) => " (the rule forwards nowhere)",
            _ => "",
        };
        println!("outcome: {s}{what}");
    } else if let Some(g) = o.get("grpcStatus") {
        println!("outcome: gRPC {}", g.as_str().unwrap_or(""));
    }
    if o.get("corsResponseHeaders").is_some() {
        println!("CORS response headers:");
        print_headers(o.get("corsResponseHeaders"));
    }
    if let Some(cands) = r["candidates"].as_array().filter(|c| !c.is_empty()) {
        println!("other candidates:");
        for c in cands {
            let why = if let Some(l) = c["verdict"].get("lostOn") {
                format!("lost on {}", l.as_str().unwrap_or(""))
            } else {
                format!(
                    "did not match ({})",
                    c["verdict"]["notMatched"].as_str().unwrap_or("")
                )
            };
            println!(
                "  {}/{} rule {} match {}: {why}",
                c["namespace"].as_str().unwrap_or(""),
                c["name"].as_str().unwrap_or(""),
                c["rule"],
                c["match"]
            );
        }
    }
}

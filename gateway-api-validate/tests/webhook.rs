//! The admission handler end to end: a real HTTPS webhook server on 127.0.0.1 (port 0, an rcgen
//! self-signed certificate, rustls) answering real `AdmissionReview` requests from a rustls
//! client that trusts only that certificate; then the handler's UPDATE, DELETE and other-kind
//! paths without the network.
//!
//! The `admission` feature is on for every test of this crate: Cargo.toml has a dev-dependency on
//! the crate itself with that feature.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use gateway_api_validate::Channel;
use gateway_api_validate::admission::Handler;
use http_body_util::{BodyExt as _, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::{TlsAcceptor, TlsConnector};

/// The whole exchange must finish within this, or the test fails instead of hanging.
const DEADLINE: Duration = Duration::from_secs(60);

fn provider() -> Arc<rustls::crypto::CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A server and a client configuration sharing one self-signed certificate for `localhost`.
fn tls_configs() -> (rustls::ServerConfig, rustls::ClientConfig) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
        .expect("a self-signed certificate");
    let cert: CertificateDer<'static> = certified.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let server = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.clone()], key)
        .expect("server config");
    let mut roots = rustls::RootCertStore::empty();
    roots.add(cert).expect("trust the test certificate");
    let client = rustls::ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .expect("protocol versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    (server, client)
}

/// Serves `POST /validate` on a port-0 loopback listener until the test's runtime ends.
async fn start_server(config: rustls::ServerConfig) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local address");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let handler = Arc::new(Handler::new(Channel::Standard));
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else {
                continue;
            };
            let acceptor = acceptor.clone();
            let handler = Arc::clone(&handler);
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let service = hyper::service::service_fn(move |req| {
                    let handler = Arc::clone(&handler);
                    async move { Ok::<_, std::convert::Infallible>(serve(&handler, req).await) }
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(tls), service)
                    .await;
            });
        }
    });
    addr
}

async fn serve(handler: &Handler, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let path_ok = req.uri().path() == "/validate" && req.method() == hyper::Method::POST;
    let body = match req.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let (status, body) = if path_ok {
        handler.handle_body(&body)
    } else {
        (404, b"not found".to_vec())
    };
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = StatusCode::from_u16(status).expect("a valid status");
    response
}

/// POSTs `body` to `/validate` over a new TLS connection; returns the status and body.
async fn post(addr: SocketAddr, client: &TlsConnector, body: Vec<u8>) -> (u16, Vec<u8>) {
    let tcp = TcpStream::connect(addr).await.expect("connect");
    let name = ServerName::try_from("localhost").expect("server name");
    let tls = client.connect(name, tcp).await.expect("TLS handshake");
    let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
        .await
        .expect("HTTP handshake");
    tokio::spawn(conn);
    let request = Request::post("/validate")
        .header(hyper::header::HOST, "localhost")
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body)))
        .expect("request");
    let response = sender.send_request(request).await.expect("response");
    let status = response.status().as_u16();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("response body")
        .to_bytes();
    (status, body.to_vec())
}

fn review(uid: &str, operation: &str, object: &Value, old: Option<&Value>) -> Value {
    let api_version = object["apiVersion"].as_str().unwrap_or_default();
    let (group, version) = api_version.rsplit_once('/').unwrap_or(("", api_version));
    let kind = object["kind"].as_str().unwrap_or_default();
    json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": uid,
            "kind": {"group": group, "version": version, "kind": kind},
            "resource": {"group": group, "version": version, "resource": format!("{}s", kind.to_lowercase())},
            "name": object["metadata"]["name"],
            "namespace": object["metadata"]["namespace"],
            "operation": operation,
            "userInfo": {"username": "kubernetes-admin", "groups": ["system:masters"]},
            "object": if operation == "DELETE" { Value::Null } else { object.clone() },
            "oldObject": old.cloned().unwrap_or(Value::Null),
            "dryRun": false,
        },
    })
}

fn http_route() -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {
            "parentRefs": [{"name": "gw"}],
            "hostnames": ["shop.example.com"],
            "rules": [{
                "matches": [{"path": {"type": "PathPrefix", "value": "/cart"}}],
                "backendRefs": [{"name": "web", "port": 8080}],
            }],
        },
    })
}

/// Two errors: a listener without a name, a port out of range.
fn bad_gateway() -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "edge", "namespace": "shop"},
        "spec": {
            "gatewayClassName": "example",
            "listeners": [{"protocol": "HTTP", "port": 70000}],
        },
    })
}

fn response_of(body: &[u8]) -> Value {
    let review: Value = serde_json::from_slice(body).expect("an AdmissionReview in JSON");
    assert_eq!(review["apiVersion"], "admission.k8s.io/v1", "{review}");
    assert_eq!(review["kind"], "AdmissionReview", "{review}");
    review["response"].clone()
}

#[tokio::test(flavor = "current_thread")]
async fn webhook_over_tls() {
    tokio::time::timeout(DEADLINE, exchange())
        .await
        .expect("the webhook exchange finished in time");
}

async fn exchange() {
    let (server, client) = tls_configs();
    let addr = start_server(server).await;
    let client = TlsConnector::from(Arc::new(client));

    // 1. A valid HTTPRoute is allowed; the uid comes back.
    let body = review("uid-1", "CREATE", &http_route(), None).to_string();
    let (status, body) = post(addr, &client, body.into_bytes()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let response = response_of(&body);
    assert_eq!(response["uid"], "uid-1");
    assert_eq!(response["allowed"], true, "{response}");

    // 2. An invalid Gateway is denied; the message and the causes name every field.
    let body = review("uid-2", "CREATE", &bad_gateway(), None).to_string();
    let (status, body) = post(addr, &client, body.into_bytes()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let response = response_of(&body);
    assert_eq!(response["uid"], "uid-2");
    assert_eq!(response["allowed"], false, "{response}");
    let result = &response["status"];
    assert_eq!(result["code"], 422, "{response}");
    assert_eq!(result["reason"], "Invalid", "{response}");
    let message = result["message"].as_str().expect("a message");
    assert!(
        message.starts_with(r#"Gateway.gateway.networking.k8s.io "edge" is invalid: ["#),
        "{message}"
    );
    assert!(
        message.contains("spec.listeners[0].name: Required value"),
        "{message}"
    );
    assert!(
        message.contains("spec.listeners[0].port: Invalid value: 70000"),
        "{message}"
    );
    let causes = result["details"]["causes"].as_array().expect("causes");
    let fields: Vec<&str> = causes.iter().filter_map(|c| c["field"].as_str()).collect();
    assert!(fields.contains(&"spec.listeners[0].name"), "{causes:?}");
    assert!(fields.contains(&"spec.listeners[0].port"), "{causes:?}");
    assert!(
        causes
            .iter()
            .any(|c| c["reason"] == "FieldValueRequired" && c["message"] == "Required value"),
        "{causes:?}"
    );
    assert_eq!(result["details"]["kind"], "Gateway");
    assert_eq!(result["details"]["group"], "gateway.networking.k8s.io");

    // 3. A malformed body is a 400 with a message saying what is wrong.
    let (status, body) = post(
        addr,
        &client,
        b"{\"apiVersion\": \"admission.k8s.io/v1\", \"kind\": ".to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    let message = String::from_utf8(body).expect("a UTF-8 message");
    assert!(
        message.starts_with("malformed AdmissionReview: "),
        "{message}"
    );
    let (status, body) = post(
        addr,
        &client,
        br#"{"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}"#.to_vec(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(
        String::from_utf8_lossy(&body),
        "malformed AdmissionReview: no request"
    );

    // 4. The server keeps serving.
    let body = review("uid-4", "CREATE", &http_route(), None).to_string();
    let (status, body) = post(addr, &client, body.into_bytes()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let response = response_of(&body);
    assert_eq!(response["uid"], "uid-4");
    assert_eq!(response["allowed"], true, "{response}");
}

fn handle(handler: &Handler, review: &Value) -> Value {
    let (status, body) = handler.handle_body(review.to_string().as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    response_of(&body)
}

#[test]
fn update_delete_and_other_kinds() {
    let handler = Handler::new(Channel::Standard);
    let class = |controller: &str| {
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "GatewayClass",
            "metadata": {"name": "example"},
            "spec": {"controllerName": controller},
        })
    };
    let old = class("example.com/gateway-controller");

    // UPDATE goes through validate_update: the controller name is immutable.
    let changed = class("example.com/other-controller");
    let response = handle(&handler, &review("u", "UPDATE", &changed, Some(&old)));
    assert_eq!(response["allowed"], false, "{response}");
    let message = response["status"]["message"].as_str().expect("a message");
    assert!(message.contains("spec.controllerName"), "{message}");
    let response = handle(&handler, &review("u", "UPDATE", &old, Some(&old)));
    assert_eq!(response["allowed"], true, "{response}");

    // DELETE is allowed, even of an object that would not validate.
    let response = handle(
        &handler,
        &review("d", "DELETE", &bad_gateway(), Some(&bad_gateway())),
    );
    assert_eq!(response["allowed"], true, "{response}");

    // Kinds that are not Gateway API kinds are allowed.
    let service = json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "namespace": "shop"}, "spec": {"ports": "nonsense"}});
    let response = handle(&handler, &review("s", "CREATE", &service, None));
    assert_eq!(response["allowed"], true, "{response}");

    // Lint findings come back as warnings and do not deny.
    let mut route = http_route();
    route["spec"]["hostnames"] = json!(["192.0.2.1"]);
    let response = handle(&handler, &review("w", "CREATE", &route, None));
    let warnings = response["warnings"].as_array().cloned().unwrap_or_default();
    assert!(!warnings.is_empty(), "{response}");
}

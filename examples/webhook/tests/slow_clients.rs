//! The webhook server against real slow and hostile clients on loopback: a connection idle after
//! the handshake, a head sent byte by byte, a body that never completes, more clients than the
//! connection cap, and an HTTP/1.0 client negotiating `http/1.0` over ALPN. Each test runs the
//! server in its own runtime on 127.0.0.1 (port 0), with short limits, and stops it at the end;
//! every wait is bounded by [`DEADLINE`] so that a regression fails instead of hanging.

use std::sync::Arc;
use std::time::Duration;

use gateway_api_validate::Channel;
use gateway_api_validate::admission::Handler;
use gateway_api_webhook_example::{Limits, serve, server_config};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

/// No step of a test may take longer than this.
const DEADLINE: Duration = Duration::from_secs(20);

/// A running server: its address, the client TLS setup trusting its certificate, and the means
/// to stop it.
struct Server {
    addr: std::net::SocketAddr,
    roots: Arc<rustls::RootCertStore>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    async fn start(limits: Limits) -> Self {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()])
            .expect("a self-signed certificate");
        let cert: CertificateDer<'static> = certified.cert.der().clone();
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            certified.signing_key.serialize_der(),
        ));
        let mut roots = rustls::RootCertStore::empty();
        roots.add(cert.clone()).expect("a trust anchor");
        let tls = server_config(vec![cert], key).expect("a server configuration");
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("address");
        let handler = Arc::new(Handler::new(Channel::Standard));
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, Arc::new(tls), handler, limits, async {
            let _ = stopped.await;
        }));
        Self {
            addr,
            roots: Arc::new(roots),
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// Stops accepting and waits for the accept loop to end.
    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            tokio::time::timeout(DEADLINE, task)
                .await
                .expect("the server stops")
                .expect("the server task did not panic");
        }
    }

    /// A TLS connection offering the given ALPN protocols.
    async fn connect(&self, alpn: &[&[u8]]) -> TlsStream<TcpStream> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_root_certificates(Arc::clone(&self.roots))
            .with_no_client_auth();
        config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
        let tcp = TcpStream::connect(self.addr).await.expect("connect");
        let name = ServerName::try_from("localhost").expect("a server name");
        within(TlsConnector::from(Arc::new(config)).connect(name, tcp))
            .await
            .expect("the TLS handshake")
    }
}

/// Awaits `f`, failing the test after [`DEADLINE`].
async fn within<F: std::future::Future>(f: F) -> F::Output {
    tokio::time::timeout(DEADLINE, f)
        .await
        .expect("finished within the deadline")
}

/// Reads until the server closes the connection (EOF or a reset) and returns what arrived.
async fn read_until_closed(stream: &mut TlsStream<TcpStream>) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An AdmissionReview creating a valid Gateway.
fn review_body() -> String {
    json!({
        "apiVersion": "admission.k8s.io/v1",
        "kind": "AdmissionReview",
        "request": {
            "uid": "uid-slow",
            "kind": {"group": "gateway.networking.k8s.io", "version": "v1", "kind": "Gateway"},
            "resource": {"group": "gateway.networking.k8s.io", "version": "v1", "resource": "gateways"},
            "name": "gw",
            "namespace": "infra",
            "operation": "CREATE",
            "userInfo": {"username": "admin"},
            "object": {
                "apiVersion": "gateway.networking.k8s.io/v1",
                "kind": "Gateway",
                "metadata": {"name": "gw", "namespace": "infra"},
                "spec": {
                    "gatewayClassName": "example",
                    "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}],
                },
            },
            "dryRun": false,
        },
    })
    .to_string()
}

/// One complete HTTP/1.1 request for `body`, closing the connection after the response.
fn post(body: &str) -> String {
    format!(
        "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Connection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}

fn short_limits() -> Limits {
    Limits {
        header: Duration::from_secs(1),
        body: Duration::from_secs(1),
        ..Limits::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_idle_after_the_handshake_is_closed() {
    let server = Server::start(short_limits()).await;
    let mut idle = server.connect(&[b"http/1.1"]).await;
    // The server closes it (the header timeout covers the wait for the first request); without
    // the limit this read would wait forever and the deadline would fail the test.
    let got = within(read_until_closed(&mut idle)).await;
    assert!(!got.contains("200 OK"), "{got}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_head_sent_byte_by_byte_is_cut_off() {
    let server = Server::start(short_limits()).await;
    let mut slow = server.connect(&[b"http/1.1"]).await;
    let closed = within(async {
        // One byte every 200 ms of a head that would take far longer than the 1 s limit.
        let head =
            "POST /validate HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".to_owned() + &"a".repeat(200);
        for b in head.bytes() {
            if slow.write_all(&[b]).await.is_err() || slow.flush().await.is_err() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
            let mut probe = [0u8; 1];
            if let Ok(Ok(0) | Err(_)) =
                tokio::time::timeout(Duration::from_millis(1), slow.read(&mut probe)).await
            {
                return true;
            }
        }
        false
    })
    .await;
    assert!(
        closed,
        "the server kept a connection whose head never ended"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_never_completes_gets_408() {
    let server = Server::start(short_limits()).await;
    let mut slow = server.connect(&[b"http/1.1"]).await;
    slow.write_all(
        b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n{\"apiVersion\"",
    )
    .await
    .expect("write the head and a little of the body");
    slow.flush().await.expect("flush");
    let got = within(read_until_closed(&mut slow)).await;
    assert!(got.starts_with("HTTP/1.1 408"), "{got}");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_do_not_delay_a_valid_review() {
    // Long limits: the slow clients stay connected for the whole test.
    let server = Server::start(Limits {
        header: Duration::from_secs(60),
        body: Duration::from_secs(60),
        ..Limits::default()
    })
    .await;
    let mut slow = Vec::new();
    for i in 0..6 {
        let mut c = server.connect(&[b"http/1.1"]).await;
        match i % 3 {
            // Idle after the handshake.
            0 => {}
            // Half a head.
            1 => c
                .write_all(b"POST /validate HTTP/1.1\r\nHost: loc")
                .await
                .expect("write"),
            // A head and a tenth of the body.
            _ => c
                .write_all(b"POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"a\":")
                .await
                .expect("write"),
        }
        c.flush().await.expect("flush");
        slow.push(c);
    }
    let mut client = server.connect(&[b"http/1.1"]).await;
    client
        .write_all(post(&review_body()).as_bytes())
        .await
        .expect("write the review");
    let got = within(read_until_closed(&mut client)).await;
    assert!(got.starts_with("HTTP/1.1 200"), "{got}");
    assert!(got.contains(r#""allowed":true"#), "{got}");
    assert!(got.contains("uid-slow"), "{got}");
    // The slow clients are all still connected: nothing was answered to them yet.
    for c in &mut slow {
        let mut probe = [0u8; 1];
        let read = tokio::time::timeout(Duration::from_millis(10), c.read(&mut probe)).await;
        assert!(
            read.is_err(),
            "a slow client got an answer or was closed early"
        );
    }
    drop(slow);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clients_beyond_the_connection_cap_wait_for_a_free_slot() {
    let server = Server::start(Limits {
        max_connections: 2,
        ..Limits::default()
    })
    .await;
    let first = server.connect(&[b"http/1.1"]).await;
    let _second = server.connect(&[b"http/1.1"]).await;
    // The third is not accepted while two connections are open: its handshake cannot finish.
    let addr = server.addr;
    let roots = Arc::clone(&server.roots);
    let third = tokio::spawn(async move {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        let tcp = TcpStream::connect(addr).await.expect("connect");
        let name = ServerName::try_from("localhost").expect("a server name");
        TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await
            .is_ok()
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !third.is_finished(),
        "a third connection was served beyond the cap of two"
    );
    // Closing one frees a slot: the third handshake completes.
    drop(first);
    let handshake = within(third).await.expect("the client task");
    assert!(handshake, "the third handshake failed once a slot was free");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_http_1_0_client_is_answered() {
    let server = Server::start(Limits::default()).await;
    let mut client = server.connect(&[b"http/1.0"]).await;
    assert_eq!(
        client.get_ref().1.alpn_protocol(),
        Some(&b"http/1.0"[..]),
        "ALPN chose http/1.0"
    );
    let body = review_body();
    let request = format!(
        "POST /validate HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    client
        .write_all(request.as_bytes())
        .await
        .expect("write the review");
    // HTTP/1.0 without keep-alive: the server answers and closes.
    let got = within(read_until_closed(&mut client)).await;
    // hyper answers in the request's version or 1.1; either is fine for a 1.0 client.
    assert!(
        got.starts_with("HTTP/1.0 200") || got.starts_with("HTTP/1.1 200"),
        "{got}"
    );
    assert!(got.contains(r#""allowed":true"#), "{got}");
    server.stop().await;
}

//! Real clients and backends that misbehave: slow headers, slow bodies, idle connections,
//! oversized heads and bodies, thousands of connections, backends that reset or stall.

use std::sync::Arc;
use std::time::{Duration, Instant};

use gateway_api_proxy::proxy::Limits;
use gateway_api_proxy::server::ServerLimits;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{Lab, config, get, manifests};

/// Makes dropping the connection send a reset (SO_LINGER 0) instead of a FIN.
/// (Deprecated in tokio because it blocks on drop; nothing is unsent here.)
#[allow(deprecated)]
fn reset_on_drop(tcp: TcpStream) -> std::io::Result<()> {
    tcp.set_linger(Some(Duration::ZERO))
}

fn tight() -> (Limits, ServerLimits) {
    (
        Limits {
            max_body: 64 << 10,
            body_timeout: Duration::from_millis(300),
            backend_timeout: Duration::from_secs(2),
        },
        ServerLimits {
            header_timeout: Duration::from_millis(300),
            idle_timeout: Duration::from_millis(600),
            max_header_bytes: 16 << 10,
            ..ServerLimits::default()
        },
    )
}

/// Everything the server sends until it closes (bounded by 5 s: a hang fails the test).
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out)).await;
    assert!(read.is_ok(), "the connection was not closed");
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_and_idle_connections_are_cut() {
    let (limits, server) = tight();
    let lab = Lab::start(&manifests("a", ""), limits, server).await;
    let started = Instant::now();
    let mut slow = TcpStream::connect(lab.addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: web.example.com\r\n")
        .await
        .unwrap();
    let mut idle = TcpStream::connect(lab.addr).await.unwrap();
    read_to_close(&mut slow).await;
    read_to_close(&mut idle).await;
    assert!(started.elapsed() < Duration::from_secs(4));
    // A keep-alive connection that goes quiet after a request is cut too.
    let mut quiet = TcpStream::connect(lab.addr).await.unwrap();
    quiet
        .write_all(b"GET / HTTP/1.1\r\nHost: web.example.com\r\n\r\n")
        .await
        .unwrap();
    let text = read_to_close(&mut quiet).await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    lab.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_body_gets_408_and_oversized_requests_get_431_and_413() {
    let (limits, server) = tight();
    let lab = Lab::start(&manifests("a", ""), limits, server).await;

    let mut slow = TcpStream::connect(lab.addr).await.unwrap();
    slow.write_all(
        b"POST / HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: 100\r\n\r\n0123456789",
    )
    .await
    .unwrap();
    let text = read_to_close(&mut slow).await;
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");

    let mut big_head = TcpStream::connect(lab.addr).await.unwrap();
    let filler = "x".repeat(32 << 10);
    let head = format!("GET / HTTP/1.1\r\nHost: web.example.com\r\nX-Filler: {filler}\r\n\r\n");
    let _ = big_head.write_all(head.as_bytes()).await;
    let text = read_to_close(&mut big_head).await;
    assert!(text.starts_with("HTTP/1.1 431"), "{text}");

    let mut declared = TcpStream::connect(lab.addr).await.unwrap();
    declared
        .write_all(b"POST / HTTP/1.1\r\nHost: web.example.com\r\nContent-Length: 1000000\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let text = read_to_close(&mut declared).await;
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");

    // Chunked, so the size shows only while streaming to the backend.
    let mut streamed = TcpStream::connect(lab.addr).await.unwrap();
    streamed
        .write_all(b"POST / HTTP/1.1\r\nHost: web.example.com\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let chunk = format!("{:x}\r\n{}\r\n", 8192, "y".repeat(8192));
    for _ in 0..16 {
        if streamed.write_all(chunk.as_bytes()).await.is_err() {
            break;
        }
    }
    let _ = streamed.write_all(b"0\r\n\r\n").await;
    let text = read_to_close(&mut streamed).await;
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    lab.stop().await;
}

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_concurrent_connections_stay_in_bounded_memory() {
    const CONNECTIONS: usize = 2000;
    let lab = Lab::start(
        &manifests("a", ""),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    let before = rss_kib();
    let (release, _) = tokio::sync::broadcast::channel::<()>(1);
    let (done_tx, mut done_rx) = tokio::sync::mpsc::channel::<Result<(), String>>(CONNECTIONS);
    let mut tasks = Vec::new();
    let (mut answered, mut errors) = (0, Vec::new());
    let deadline = Instant::now() + Duration::from_secs(60);
    // Opened in waves of 250 (each wave answered before the next starts) so that the listen
    // backlogs do not overflow; all stay open until the end.
    for i in 0..CONNECTIONS {
        let (addr, done, mut release) = (lab.addr, done_tx.clone(), release.subscribe());
        tasks.push(tokio::spawn(async move {
            let open = async {
                let tcp = TcpStream::connect(addr)
                    .await
                    .map_err(|e| format!("connect: {e}"))?;
                let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(tcp))
                    .await
                    .map_err(|e| format!("handshake: {e}"))?;
                tokio::spawn(conn);
                let req = http::Request::builder()
                    .uri("/")
                    .header("host", "web.example.com")
                    .body(Empty::<bytes::Bytes>::new())
                    .map_err(|e| e.to_string())?;
                let resp = sender
                    .send_request(req)
                    .await
                    .map_err(|e| format!("request: {e}"))?;
                let status = resp.status();
                let body = resp
                    .into_body()
                    .collect()
                    .await
                    .map_err(|e| format!("body: {e}"))?;
                if status != 200 {
                    return Err(format!("status {status}: {:?}", body.to_bytes()));
                }
                Ok(sender)
            }
            .await;
            let _ = done
                .send(open.as_ref().map(|_| ()).map_err(Clone::clone))
                .await;
            // Hold the connection open until every one is.
            let _ = release.recv().await;
            drop(open);
        }));
        if (i + 1) % 250 == 0 {
            for _ in 0..250 {
                let left = deadline.saturating_duration_since(Instant::now());
                match tokio::time::timeout(left, done_rx.recv()).await {
                    Ok(Some(Ok(()))) => answered += 1,
                    Ok(Some(Err(e))) => errors.push(e),
                    _ => errors.push("no answer in time".to_owned()),
                }
            }
        }
    }
    let during = rss_kib();
    let _ = release.send(());
    for t in tasks {
        t.await.unwrap();
    }
    let grown_mib = during.saturating_sub(before) / 1024;
    eprintln!(
        "{CONNECTIONS} connections open: {answered} answered, RSS grew {grown_mib} MiB (client, proxy and backend in one process)"
    );
    assert_eq!(answered, CONNECTIONS, "{errors:?}");
    assert!(grown_mib < 256, "{grown_mib} MiB");
    // Still serving after they close.
    assert_eq!(
        get(lab.addr, "web.example.com", "/").await.unwrap().status,
        200
    );
    lab.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backend_that_resets_gives_502_and_one_that_stalls_gives_504() {
    let lab = Lab::start(&manifests("a", ""), tight().0, ServerLimits::default()).await;
    // Accepts and drops every connection at once.
    let reset = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let reset_addr = reset.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = reset.accept().await {
            // Closing with SO_LINGER 0 sends a reset instead of a FIN.
            let _ = reset_on_drop(tcp);
        }
    });
    // Accepts, reads, never answers.
    let stall = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stall_addr = stall.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut tcp, _)) = stall.accept().await {
            let mut buf = [0u8; 1024];
            let _ = tcp.read(&mut buf).await;
            held.push(tcp);
        }
    });
    let mut overrides = lab.overrides.clone();
    overrides[0].addr = reset_addr;
    lab.proxy
        .config
        .store(Arc::new(config(&manifests("a", ""), &overrides)));
    assert_eq!(
        get(lab.addr, "web.example.com", "/").await.unwrap().status,
        502
    );

    // The route's own timeout first, then the proxy's default for routes without one.
    overrides[0].addr = stall_addr;
    let with_timeout = manifests("a", "    timeouts: {backendRequest: 300ms}");
    lab.proxy
        .config
        .store(Arc::new(config(&with_timeout, &overrides)));
    let started = Instant::now();
    assert_eq!(
        get(lab.addr, "web.example.com", "/").await.unwrap().status,
        504
    );
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    lab.proxy
        .config
        .store(Arc::new(config(&manifests("a", ""), &overrides)));
    assert_eq!(
        get(lab.addr, "web.example.com", "/").await.unwrap().status,
        504
    );
    lab.stop().await;
}

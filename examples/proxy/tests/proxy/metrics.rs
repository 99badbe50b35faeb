//! `/metrics` scraped and parsed: names, labels and counts match the requests sent; `/healthz`
//! and `/readyz` answer.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use gateway_api_proxy::metrics::serve_admin;
use gateway_api_proxy::proxy::Limits;
use gateway_api_proxy::server::ServerLimits;
use tokio::net::TcpListener;

use crate::support::{Lab, get, manifests, parse_metrics};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_by_route_rule_and_status_class() {
    let lab = Lab::start(
        &manifests("a", ""),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    let admin = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let admin_addr = admin.local_addr().unwrap();
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(serve_admin(admin, Arc::clone(&lab.proxy.metrics), stop_rx));

    assert_eq!(
        get(admin_addr, "admin", "/readyz").await.unwrap().status,
        503
    );
    lab.proxy.metrics.ready.store(true, Ordering::Release);
    assert_eq!(
        get(admin_addr, "admin", "/readyz").await.unwrap().status,
        200
    );
    assert_eq!(
        get(admin_addr, "admin", "/healthz").await.unwrap().status,
        200
    );

    for _ in 0..3 {
        assert_eq!(
            get(lab.addr, "web.example.com", "/x").await.unwrap().status,
            200
        );
    }
    for _ in 0..2 {
        assert_eq!(
            get(lab.addr, "other.example.com", "/")
                .await
                .unwrap()
                .status,
            404
        );
    }
    let scrape = get(admin_addr, "admin", "/metrics").await.unwrap();
    assert_eq!(scrape.status, 200);
    assert!(
        scrape.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = String::from_utf8(scrape.body.to_vec()).unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    let m = parse_metrics(&text);
    let hit = r#"gwapi_proxy_requests_total{code="2xx",gateway="infra/gw",listener="http",route="infra/web",rule="0"}"#;
    let miss =
        r#"gwapi_proxy_requests_total{code="4xx",gateway="infra/gw",listener="",route="",rule=""}"#;
    assert_eq!(m.get(hit), Some(&3.0), "{text}");
    assert_eq!(m.get(miss), Some(&2.0), "{text}");
    let durations =
        r#"gwapi_proxy_request_duration_seconds_count{gateway="infra/gw",listener="http"}"#;
    assert_eq!(m.get(durations), Some(&3.0), "{text}");
    let routes = r#"gwapi_proxy_routes{gateway="infra/gw",listener="http"}"#;
    assert_eq!(m.get(routes), Some(&1.0), "{text}");
    assert_eq!(
        m.get(r#"gwapi_proxy_router_build_seconds_count{gateway="infra/gw"}"#),
        Some(&1.0),
        "{text}"
    );
    let _ = stop.send(true);
    lab.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backend_that_refuses_connections_counts_as_a_connect_error_and_gives_502() {
    let lab = Lab::start(
        &manifests("a", ""),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    // A port nothing listens on: bind, note the address, close.
    let dead = TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let mut overrides = lab.overrides.clone();
    overrides[0].addr = dead;
    lab.proxy.config.store(Arc::new(crate::support::config(
        &manifests("a", ""),
        &overrides,
    )));
    assert_eq!(
        get(lab.addr, "web.example.com", "/").await.unwrap().status,
        502
    );
    let m = parse_metrics(&lab.proxy.metrics.encode());
    assert_eq!(
        m.get(
            r#"gwapi_proxy_backend_connect_errors_total{backend="infra/a:8080",gateway="infra/gw"}"#
        ),
        Some(&1.0)
    );
    lab.stop().await;
}

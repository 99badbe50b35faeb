//! Hot reload (file watch), config swaps under load, and graceful shutdown.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;
use gateway_api_match::input::RouteRules;
use gateway_api_proxy::config::{Config, Loader, Source, gateway_key};
use gateway_api_proxy::echo::EchoReport;
use gateway_api_proxy::proxy::Limits;
use gateway_api_proxy::reload;
use gateway_api_proxy::server::ServerLimits;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::support::{Lab, TempDir, config, get, manifests, parse_metrics, served_by};

async fn wait_until(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_file_swaps_the_router_and_a_broken_one_keeps_the_old() {
    let dir = TempDir::new("reload");
    let file = dir.0.join("gateway.yaml");
    std::fs::write(&file, manifests("a", "")).unwrap();
    let lab = Lab::start(
        &manifests("a", ""),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    let source = Source {
        paths: vec![dir.0.display().to_string()],
        gateway: gateway_key("infra", "gw"),
        overrides: lab.overrides.clone(),
    };
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let _watcher = reload::watch(Loader::new(source), Arc::clone(&lab.proxy), stop_rx).unwrap();
    let answer = get(lab.addr, "web.example.com", "/").await.unwrap();
    assert_eq!(served_by(&answer).as_deref(), Some("a"));

    std::fs::write(&file, manifests("b", "")).unwrap();
    let addr = lab.addr;
    wait_until("the new route", async || {
        let answer = get(addr, "web.example.com", "/").await.unwrap();
        served_by(&answer).as_deref() == Some("b")
    })
    .await;

    std::fs::write(&file, "kind: [unclosed").unwrap();
    let proxy = Arc::clone(&lab.proxy);
    wait_until("a failed reload", async || {
        let m = parse_metrics(&proxy.metrics.encode());
        m.get(r#"gwapi_proxy_reloads_total{result="failed"}"#)
            .copied()
            >= Some(1.0)
    })
    .await;
    let answer = get(lab.addr, "web.example.com", "/").await.unwrap();
    assert_eq!(
        served_by(&answer).as_deref(),
        Some("b"),
        "the old table stays"
    );
    let _ = stop.send(true);
    lab.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_swaps_under_steady_load_lose_no_request() {
    let lab = Lab::start(
        &manifests("a", ""),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    let running = Arc::new(AtomicBool::new(true));
    let (ok, failed, by_b) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    let mut load = Vec::new();
    for _ in 0..4 {
        let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
        let uri: http::Uri = format!("http://{}/", lab.addr).parse().unwrap();
        let (running, ok, failed, by_b) = (
            Arc::clone(&running),
            Arc::clone(&ok),
            Arc::clone(&failed),
            Arc::clone(&by_b),
        );
        load.push(tokio::spawn(async move {
            while running.load(Ordering::Relaxed) {
                let req = http::Request::builder()
                    .uri(uri.clone())
                    .header("host", "web.example.com")
                    .body(Empty::new())
                    .unwrap();
                match client.request(req).await {
                    Ok(resp) if resp.status() == 200 => {
                        let body = resp.into_body().collect().await.unwrap().to_bytes();
                        match EchoReport::from_json(&body).map(|r| r.service).as_deref() {
                            Some("a") => ok.fetch_add(1, Ordering::Relaxed),
                            Some("b") => by_b.fetch_add(1, Ordering::Relaxed),
                            _ => failed.fetch_add(1, Ordering::Relaxed),
                        };
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for i in 0..100 {
        let backend = if i % 2 == 0 { "b" } else { "a" };
        let next = config(&manifests(backend, ""), &lab.overrides);
        lab.proxy.config.store(Arc::new(next));
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    running.store(false, Ordering::Relaxed);
    for l in load {
        l.await.unwrap();
    }
    let (by_a, failed, by_b) = (
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
        by_b.load(Ordering::Relaxed),
    );
    eprintln!("100 swaps: {by_a} requests answered by a, {by_b} by b, {failed} failed");
    assert_eq!(failed, 0);
    assert!(by_a > 0 && by_b > 0 && by_a + by_b >= 100, "{by_a} {by_b}");
    lab.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_lets_requests_in_flight_finish_and_refuses_new_connections() {
    let mut lab = Lab::start(
        &manifests("a", ""),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    let addr = lab.addr;
    let slow = tokio::spawn(async move { get(addr, "web.example.com", "/?delay=500ms").await });
    tokio::time::sleep(Duration::from_millis(150)).await;
    let started = Instant::now();
    lab.shutdown
        .take()
        .unwrap()
        .drain(Duration::from_secs(5))
        .await;
    let answer = slow.await.unwrap().unwrap();
    assert_eq!(answer.status, 200, "the request in flight finished");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        get(addr, "web.example.com", "/").await.is_err(),
        "no new connections"
    );
    lab.stop().await;
}

/// Two more routes in their own files, each sending `host` to Service `a`.
fn extra_route(name: &str, host: &str) -> String {
    format!(
        r#"apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: {name}, namespace: infra}}
spec:
  parentRefs: [{{name: gw}}]
  hostnames: [{host}]
  rules: [{{backendRefs: [{{name: a, port: 8080}}]}}]
"#
    )
}

/// Each route's rules in a router, by route name.
fn rules_by_route(config: &Config) -> Vec<(String, RouteRules)> {
    config
        .router
        .listeners()
        .iter()
        .flat_map(|l| &l.routes)
        .map(|r| (r.id.name.to_string(), r.rules.clone()))
        .collect()
}

/// A reload through the same `Loader` gives the router a first load gives, and converts only
/// the routes that changed: unchanged ones keep their rules.
#[test]
fn a_reload_reuses_unchanged_routes_and_equals_a_fresh_load() {
    let dir = TempDir::new("loader");
    std::fs::write(dir.0.join("gateway.yaml"), manifests("a", "")).unwrap();
    std::fs::write(dir.0.join("x.yaml"), extra_route("rx", "x.example.com")).unwrap();
    std::fs::write(dir.0.join("y.yaml"), extra_route("ry", "y.example.com")).unwrap();
    let source = Source {
        paths: vec![dir.0.display().to_string()],
        gateway: gateway_key("infra", "gw"),
        overrides: Vec::new(),
    };
    let mut loader = Loader::new(source.clone());
    let first = loader.load().unwrap();
    let before = rules_by_route(&first);
    assert_eq!(before.len(), 3, "{before:?}");

    // ry changes its hostname, web its backend; rx stays. (Not `x` and `y`: YAML 1.1 reads
    // `y` as true.)
    std::fs::write(dir.0.join("gateway.yaml"), manifests("b", "")).unwrap();
    std::fs::write(dir.0.join("y.yaml"), extra_route("ry", "y2.example.com")).unwrap();
    let second = loader.load().unwrap();
    let fresh = Config::load(&source).unwrap();
    assert_eq!(
        format!("{:?}", second.router.listeners()),
        format!("{:?}", fresh.router.listeners())
    );
    for (name, rules) in rules_by_route(&second) {
        let kept = before.iter().any(|(n, r)| *n == name && r.ptr_eq(&rules));
        // ry's rules are unchanged too (only its hostname moved); web's backend changed.
        assert_eq!(kept, name != "web", "{name}");
    }

    // rx's file goes: the route goes with it.
    std::fs::remove_file(dir.0.join("x.yaml")).unwrap();
    let third = loader.load().unwrap();
    let names: Vec<String> = rules_by_route(&third).into_iter().map(|(n, _)| n).collect();
    assert!(!names.contains(&"rx".to_owned()), "{names:?}");
    assert_eq!(
        format!("{:?}", third.router.listeners()),
        format!("{:?}", Config::load(&source).unwrap().router.listeners())
    );
}

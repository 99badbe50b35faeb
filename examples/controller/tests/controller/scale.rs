//! A simulated cluster of HTTPRoutes whose statuses are already right: the controller lists it
//! and writes nothing; one route changes and exactly that route is written. The event-to-patch
//! time and the engine's compute time for the change are printed (figures, not assertions:
//! timings belong to benchmarks). 1,000 routes by default, so that the test build stays within
//! seconds; the figures of 10,000 come from
//!
//! ```text
//! SCALE_ROUTES=10000 cargo test -p gateway-api-controller --test controller scale -- --nocapture
//! ```
//!
//! (the workspace builds gateway-api-resolve with `opt-level = 2` in tests, see the root
//! `Cargo.toml`; the rest of the test build is unoptimized).

use std::collections::HashMap;
use std::time::Instant;

use gateway_api_controller::{Change, Engine};
use gateway_api_resolve::Options;
use serde_json::{Value, json};

use crate::fake::{Fake, wait_for};
use crate::{
    CONTROLLER, ROUTES, Running, as_apply, config, documents, gwapi_status, now, settle, writes,
};

const SERVICES: usize = 100;

/// Routes in the cluster: `SCALE_ROUTES`, or 1,000.
fn route_count() -> usize {
    std::env::var("SCALE_ROUTES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000)
}

fn cluster() -> Vec<Value> {
    let mut objects = vec![
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
               "metadata": {"name": "gc", "generation": 1},
               "spec": {"controllerName": CONTROLLER}}),
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "apps"}}),
        json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
               "metadata": {"name": "gw", "namespace": "apps", "generation": 1},
               "spec": {"gatewayClassName": "gc",
                        "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}]}}),
    ];
    for i in 0..SERVICES {
        objects.push(json!({"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": format!("svc-{i}"), "namespace": "apps"},
            "spec": {"ports": [{"port": 8080}]}}));
    }
    for i in 0..route_count() {
        objects.push(json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": {"name": format!("route-{i}"), "namespace": "apps", "generation": 1},
            "spec": {"parentRefs": [{"name": "gw"}],
                     "hostnames": [format!("r{i}.example.com")],
                     "rules": [{"backendRefs": [{"name": format!("svc-{}", i % SERVICES), "port": 8080}]}]}}));
    }
    // Every object already carries the status the controller computes.
    let index: HashMap<(String, String), usize> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| {
            (
                (o["kind"].to_string(), o["metadata"]["name"].to_string()),
                i,
            )
        })
        .collect();
    for item in gwapi_status(&objects) {
        let i = index[&(
            item["kind"].to_string(),
            item["metadata"]["name"].to_string(),
        )];
        objects[i]["status"] = item["status"].clone();
    }
    objects
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_routes_one_change_one_patch() {
    let objects = cluster();
    let fake = Fake::default();
    fake.seed(objects);

    let listed = Instant::now();
    let c = Running::start(&fake, 0, config());
    settle(&fake, &c.metrics, 1).await;
    let synced = listed.elapsed();
    assert_eq!(
        writes(&fake.requests()).len(),
        0,
        "statuses already right are not written"
    );

    let mut route = fake.object(ROUTES, "apps", "route-123").unwrap();
    route["spec"]["rules"][0]["backendRefs"][0]["name"] = json!("missing");
    let (mark, resolves) = (fake.requests().len(), c.metrics.resolves());
    let sent_at = fake.update(route);
    wait_for("the patch", || !writes(&fake.requests()[mark..]).is_empty()).await;
    let event_to_patch = writes(&fake.requests()[mark..])[0].at - sent_at;
    settle(&fake, &c.metrics, resolves + 1).await;
    let sent = writes(&fake.requests()[mark..]);
    assert_eq!(
        sent.len(),
        1,
        "{:?}",
        sent.iter().map(|r| &r.path).collect::<Vec<_>>()
    );
    assert_eq!(
        as_apply(&sent[0]).0,
        "/apis/gateway.networking.k8s.io/v1/namespaces/apps/httproutes/route-123/status"
    );
    c.stop().await;

    // The engine alone: the compute part of the event-to-patch time.
    let docs = documents(&fake.objects());
    let mut engine = Engine::new(Options::new(CONTROLLER));
    for d in &docs {
        engine.apply(Change::Upsert(d.object.clone()));
    }
    engine.flush(now());
    let changed = docs
        .iter()
        .find(|d| {
            d.object.kind() == "HTTPRoute"
                && d.object.metadata().and_then(|m| m.name).as_deref() == Some("route-7")
        })
        .unwrap()
        .object
        .clone();
    let t0 = Instant::now();
    engine.apply(Change::Upsert(changed));
    let delta = engine.flush(now());
    let compute = t0.elapsed();
    assert_eq!(delta.len(), 1);
    assert!(delta[0].is_current());

    eprintln!(
        "{} routes: listed and settled in {synced:?} with 0 patches; one route changed: {} patch, \
         event-to-patch {event_to_patch:?} (debounce {:?}); engine compute per event {compute:?}",
        route_count(),
        sent.len(),
        config().debounce,
    );
}

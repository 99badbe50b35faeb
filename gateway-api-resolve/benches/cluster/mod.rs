//! The generated cluster of the benches: N HTTPRoutes in N/10 namespaces attached to 100
//! Gateways with 4 listeners each (see `resolve.rs`).

#![allow(dead_code)]

use gateway_api_resolve::Snapshot;
use gateway_api_types::Object;
use serde_json::{Value, json};

pub(crate) const CONTROLLER: &str = "example.net/gateway-controller";
const GATEWAYS: usize = 100;

/// A small deterministic generator (xorshift), so every run builds the same snapshot.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

thread_local! {
    /// The generated objects as JSON, while the `status_input` bench records them.
    pub(crate) static RECORDED: std::cell::RefCell<Option<Vec<Value>>> = const { std::cell::RefCell::new(None) };
}

pub(crate) fn object(value: Value) -> Object {
    RECORDED.with_borrow_mut(|r| {
        if let Some(r) = r {
            r.push(value.clone());
        }
    });
    let text = value.to_string();
    match gateway_api_types::parse("bench.json", &text).pop() {
        Some(Ok(doc)) => doc.object,
        other => panic!("generated object does not decode: {other:?}"),
    }
}

pub(crate) fn snapshot(routes: usize) -> Snapshot {
    let mut s = Snapshot::new();
    for o in objects(routes) {
        s.insert(o);
    }
    s
}

/// The route `route-{r}` as [`objects`] makes it, with another hostname.
pub(crate) fn route(r: usize, routes: usize, hostname: &str) -> Object {
    let namespaces = (routes / 10).max(10);
    object(json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"name": format!("route-{r}"), "namespace": format!("ns-{}", r % namespaces)},
        "spec": {
            "parentRefs": [{"name": "gw-3", "namespace": "infra"}],
            "hostnames": [hostname],
            "rules": [{"matches": [{"path": {"type": "PathPrefix", "value": "/p"}}],
                       "backendRefs": [{"name": "svc", "port": 8080}]}]
        }
    }))
}

/// The objects of [`snapshot`].
pub(crate) fn objects(routes: usize) -> Vec<Object> {
    let mut s = Vec::new();
    let namespaces = (routes / 10).max(10);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    s.push(object(json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
        "metadata": {"name": "bench"}, "spec": {"controllerName": CONTROLLER}
    })));
    for n in 0..namespaces {
        let tier = if n % 3 == 0 { "gold" } else { "silver" };
        s.push(object(json!({
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": format!("ns-{n}"), "labels": {"tier": tier, "team": format!("t{}", n % 7)}}
        })));
        s.push(object(json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "svc", "namespace": format!("ns-{n}")},
            "spec": {"ports": [{"port": 8080}]}
        })));
    }
    s.push(object(
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "infra"}}),
    ));
    let domains = [
        "example.com",
        "example.org",
        "shop.example.com",
        "api.example.net",
    ];
    for g in 0..GATEWAYS {
        let d = domains[g % domains.len()];
        s.push(object(json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": {"name": format!("gw-{g}"), "namespace": "infra"},
            "spec": {"gatewayClassName": "bench", "listeners": [
                {"name": "any", "port": 80, "protocol": "HTTP",
                 "allowedRoutes": {"namespaces": {"from": "All"}}},
                {"name": "wild", "port": 8080, "protocol": "HTTP", "hostname": format!("*.{d}"),
                 "allowedRoutes": {"namespaces": {"from": "Selector", "selector": {"matchLabels": {"tier": "gold"}}}}},
                {"name": "exact", "port": 8080, "protocol": "HTTP", "hostname": format!("www.{d}"),
                 "allowedRoutes": {"namespaces": {"from": "Selector", "selector": {"matchExpressions": [
                     {"key": "team", "operator": "In", "values": ["t1", "t2", "t3"]}]}}}},
                {"name": "deep", "port": 8081, "protocol": "HTTP", "hostname": format!("*.a.{d}"),
                 "allowedRoutes": {"namespaces": {"from": "All"}}}
            ]}
        })));
    }
    let pool = ["www", "a", "b.a", "api", "x.y", "shop"];
    for r in 0..routes {
        let ns = r % namespaces;
        let g = rng.below(GATEWAYS);
        let d = domains[g % domains.len()];
        // A tenth of the routes name a hostname listener (sectionName) that their hostname
        // does not intersect: NoMatchingListenerHostname.
        let stray = r % 10 == 0;
        let hostname = if stray {
            "nowhere.invalid".to_owned()
        } else {
            let label = pool[rng.below(pool.len())];
            if rng.below(4) == 0 {
                format!("*.{d}")
            } else {
                format!("{label}.{d}")
            }
        };
        let cross = r % 5 == 0;
        let backend_ns = if cross {
            format!("ns-{}", (ns + 1) % namespaces)
        } else {
            format!("ns-{ns}")
        };
        s.push(object(json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": {"name": format!("route-{r}"), "namespace": format!("ns-{ns}")},
            "spec": {
                "parentRefs": [if stray {
                    json!({"name": format!("gw-{g}"), "namespace": "infra", "sectionName": "deep"})
                } else {
                    json!({"name": format!("gw-{g}"), "namespace": "infra"})
                }],
                "hostnames": [hostname],
                "rules": [
                    {"matches": [{"path": {"type": "PathPrefix", "value": format!("/p{}", r % 50)}}],
                     "backendRefs": [{"name": "svc", "namespace": backend_ns, "port": 8080}]},
                    {"matches": [{"path": {"type": "Exact", "value": "/health"}, "method": "GET"}],
                     "backendRefs": [{"name": "svc", "port": 8080}]}
                ]
            }
        })));
        // Half of the cross-namespace references are granted.
        if cross && r % 10 == 5 {
            s.push(object(json!({
                "apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
                "metadata": {"name": format!("grant-{r}"), "namespace": backend_ns},
                "spec": {"from": [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": format!("ns-{ns}")}],
                          "to": [{"group": "", "kind": "Service"}]}
            })));
        }
    }
    s
}

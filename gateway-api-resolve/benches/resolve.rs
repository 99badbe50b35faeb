//! Resolution time on generated snapshots shaped like a large multi-tenant cluster: N HTTPRoutes
//! in N/10 namespaces attached to 100 Gateways with 4 listeners each; hostnames drawn from a pool
//! where wildcards and exact names overlap; a fifth of the routes with cross-namespace
//! backendRefs, half of those granted by ReferenceGrants; a tenth with hostnames that intersect no
//! listener; namespaces selected by label selectors.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use gateway_api_resolve::{Options, Snapshot, resolve};
use gateway_api_types::Object;
use serde_json::{Value, json};

const CONTROLLER: &str = "example.net/gateway-controller";
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
    /// The generated objects as JSON, while `status_input` records them.
    static RECORDED: std::cell::RefCell<Option<Vec<Value>>> = const { std::cell::RefCell::new(None) };
}

fn object(value: Value) -> Object {
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

fn snapshot(routes: usize) -> Snapshot {
    let namespaces = (routes / 10).max(10);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut s = Snapshot::new();
    s.insert(object(json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
        "metadata": {"name": "bench"}, "spec": {"controllerName": CONTROLLER}
    })));
    for n in 0..namespaces {
        let tier = if n % 3 == 0 { "gold" } else { "silver" };
        s.insert(object(json!({
            "apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": format!("ns-{n}"), "labels": {"tier": tier, "team": format!("t{}", n % 7)}}
        })));
        s.insert(object(json!({
            "apiVersion": "v1", "kind": "Service",
            "metadata": {"name": "svc", "namespace": format!("ns-{n}")},
            "spec": {"ports": [{"port": 8080}]}
        })));
    }
    s.insert(object(
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
        s.insert(object(json!({
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
        s.insert(object(json!({
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
            s.insert(object(json!({
                "apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
                "metadata": {"name": format!("grant-{r}"), "namespace": backend_ns},
                "spec": {"from": [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": format!("ns-{ns}")}],
                          "to": [{"group": "", "kind": "Service"}]}
            })));
        }
    }
    s
}

/// Makes sure the generated snapshot exercises what it claims to: a tenth of the routes
/// without a hostname match, a tenth (the ungranted cross-namespace half) with
/// RefNotPermitted, and the rest accepted with resolved references.
fn check_shape(snap: &Snapshot, options: &Options, routes: usize) {
    let out = resolve(snap, options);
    let reason = |t: &str, r: &str| {
        out.routes
            .values()
            .flat_map(|s| &s.parents)
            .flat_map(|p| &p.conditions)
            .filter(|c| c.r#type == t && c.reason == r)
            .count()
    };
    assert_eq!(out.routes.len(), routes);
    assert_eq!(
        reason("Accepted", "NoMatchingListenerHostname"),
        routes / 10
    );
    assert_eq!(reason("Accepted", "Accepted"), routes - routes / 10);
    assert_eq!(reason("ResolvedRefs", "RefNotPermitted"), routes / 10);
}

/// `httproutes` times the call to `resolve`; the `Resolution` it returns is dropped after each
/// call, outside the timed region (`iter_batched`, one call per batch, as a controller's loop
/// would free the previous result before the next pass), because freeing a large owned result
/// is the caller's cost and, with glibc's allocator, grows faster than linearly with its size.
/// `httproutes+drop` times both, for comparison.
fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("resolve");
    group.sample_size(10);
    let options = Options::new(CONTROLLER);
    for routes in [1_000usize, 10_000, 100_000] {
        let snap = snapshot(routes);
        check_shape(&snap, &options, routes);
        group.bench_with_input(BenchmarkId::new("httproutes", routes), &snap, |b, snap| {
            b.iter_batched(
                || (),
                |()| resolve(black_box(snap), &options),
                BatchSize::PerIteration,
            );
        });
        group.bench_with_input(
            BenchmarkId::new("httproutes+drop", routes),
            &snap,
            |b, snap| {
                b.iter(|| black_box(resolve(black_box(snap), &options)));
            },
        );
    }
    group.finish();
}

/// What `gwapi status` does with the 10,000-route cluster written as one YAML stream: reading it
/// (`gateway_api_types::parse`) next to resolving it, in the same run.
fn status_input(c: &mut Criterion) {
    RECORDED.with_borrow_mut(|r| *r = Some(Vec::new()));
    let snap = snapshot(10_000);
    let values = RECORDED.with_borrow_mut(Option::take).unwrap_or_default();
    let yaml: String = values
        .iter()
        .map(|v| format!("---\n{}", serde_saphyr::to_string(v).expect("YAML")))
        .collect();
    assert_eq!(
        gateway_api_types::parse("cluster.yaml", &yaml)
            .iter()
            .filter(|d| d.is_ok())
            .count(),
        values.len()
    );
    let options = Options::new(CONTROLLER);
    let mut group = c.benchmark_group("status_input");
    group.sample_size(10);
    group.bench_function("parse_yaml/10000", |b| {
        b.iter(|| gateway_api_types::parse("cluster.yaml", black_box(&yaml)).len());
    });
    // The reading `gwapi status` did before `parse` read YAML events itself: serde-saphyr's
    // values, then the same decoding.
    group.bench_function("parse_yaml_previous/10000", |b| {
        b.iter(|| {
            let values: Vec<Value> =
                serde_saphyr::from_multiple(black_box(&yaml)).unwrap_or_default();
            values
                .into_iter()
                .enumerate()
                .filter_map(|(index, v)| {
                    let source = gateway_api_types::Source {
                        file: "cluster.yaml".into(),
                        index,
                    };
                    gateway_api_types::Document::from_value(source, v).ok()
                })
                .count()
        });
    });
    group.bench_function("resolve/10000", |b| {
        b.iter_batched(
            || (),
            |()| resolve(black_box(&snap), &options),
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, bench, status_input);
criterion_main!(benches);

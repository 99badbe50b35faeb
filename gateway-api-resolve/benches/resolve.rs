//! Resolution time on generated snapshots shaped like a large multi-tenant cluster: N HTTPRoutes
//! in N/10 namespaces attached to 100 Gateways with 4 listeners each; hostnames drawn from a pool
//! where wildcards and exact names overlap; a fifth of the routes with cross-namespace
//! backendRefs, half of those granted by ReferenceGrants; a tenth with hostnames that intersect no
//! listener; namespaces selected by label selectors.
//!
//! `incremental` applies one change at a time to a [`Resolver`] holding such a snapshot (a
//! route's hostname, a route deleted, a Gateway listener, a Namespace label that selectors
//! read, a ReferenceGrant granting 1% of the routes) and, in the same run, times the full
//! resolution; it prints what each change recomputed.

use std::hint::black_box;

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use std::time::{Duration, Instant};

use gateway_api_resolve::{
    Change, ObjectKey, ObjectKind, Options, Resolver, Resource, Snapshot, resolve,
};
use gateway_api_types::Object;
use serde_json::{Value, json};

mod cluster;

use cluster::{CONTROLLER, RECORDED, object, route, snapshot};
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

/// Times `change` then `undo` alternately, timing `change` only; returns what the first
/// change recomputed.
fn toggle(
    c: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    routes: usize,
    resolver: &mut Resolver,
    change: &[Change],
    undo: &[Change],
) {
    resolver.apply(change.to_vec());
    let first = resolver.last_work();
    resolver.apply(undo.to_vec());
    resolver.apply(change.to_vec());
    let again = resolver.last_work();
    resolver.apply(undo.to_vec());
    eprintln!("{name}/{routes}: first {first:?}");
    if again != first {
        // The first change may find state the loading left (never a fast path there).
        eprintln!("{name}/{routes}: timed {again:?}");
    }
    c.bench_function(BenchmarkId::new(name, routes), |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                black_box(resolver.apply(change.to_vec()));
                total += t.elapsed();
                resolver.apply(undo.to_vec());
            }
            total
        });
    });
}

fn upsert(o: Object) -> Change {
    Change::Upsert(Resource::from_object(o).expect("a kind the resolver reads"))
}

fn incremental(c: &mut Criterion) {
    let mut group = c.benchmark_group("incremental");
    group.sample_size(20);
    let options = Options::new(CONTROLLER);
    for routes in [10_000usize, 100_000] {
        let snap = snapshot(routes);
        group.bench_with_input(BenchmarkId::new("full", routes), &snap, |b, snap| {
            b.iter_batched(
                || (),
                |()| resolve(black_box(snap), &options),
                BatchSize::PerIteration,
            );
        });
        let mut resolver = Resolver::from_snapshot(snap.clone(), options.clone());
        // A route's hostname.
        let r = 7;
        let key = ObjectKey::new(
            format!("ns-{}", r % (routes / 10).max(10)),
            format!("route-{r}"),
        );
        let original = Change::Upsert(snap.get(ObjectKind::HttpRoute, &key).expect("route-7"));
        toggle(
            &mut group,
            "route-hostname",
            routes,
            &mut resolver,
            &[upsert(route(r, routes, "www.example.org"))],
            &[upsert(route(r, routes, "api.example.org"))],
        );
        resolver.apply([original.clone()]);
        // A route deleted.
        toggle(
            &mut group,
            "route-delete",
            routes,
            &mut resolver,
            &[Change::Delete(ObjectKind::HttpRoute, key.clone())],
            &[original],
        );
        // A Gateway listener's hostname.
        let gw = ObjectKey::new("infra", "gw-3");
        let Some(Resource::Gateway(g)) = snap.get(ObjectKind::Gateway, &gw) else {
            panic!("gw-3")
        };
        let mut changed = (*g).clone();
        changed.spec.listeners[3].hostname = Some("*.b.example.com".to_owned());
        toggle(
            &mut group,
            "gateway-listener",
            routes,
            &mut resolver,
            &[Change::Upsert(changed.into())],
            &[Change::Upsert(Resource::Gateway(g))],
        );
        // A Namespace label that the listeners' selectors read.
        let ns = ObjectKey::cluster("ns-3");
        let Some(Resource::Namespace(n)) = snap.get(ObjectKind::Namespace, &ns) else {
            panic!("ns-3")
        };
        let mut relabeled = (*n).clone();
        relabeled
            .metadata
            .labels
            .get_or_insert_default()
            .insert("tier".to_owned(), "gold".to_owned());
        toggle(
            &mut group,
            "namespace-label",
            routes,
            &mut resolver,
            &[Change::Upsert(relabeled.into())],
            &[Change::Upsert(Resource::Namespace(n))],
        );
        // A ReferenceGrant granting 1% of the routes: in `grant_snapshot`, 1% of the routes
        // also send to `shared/svc`; one grant in `shared` names their namespaces (more `from`
        // entries than the CRD's 16: the resolver does not validate, and one grant then
        // reaches 1% of the routes).
        drop(resolver);
        let shared = grant_snapshot(routes);
        let mut resolver = Resolver::from_snapshot(shared, options.clone());
        let grant = upsert(object(json!({
            "apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
            "metadata": {"name": "shared", "namespace": "shared"},
            "spec": {"from": (0..routes / 100).map(|i| json!({"group": "gateway.networking.k8s.io", "kind": "HTTPRoute",
                        "namespace": format!("ns-{}", (i * 100 + 3) % (routes / 10).max(10))})).collect::<Vec<_>>(),
                     "to": [{"group": "", "kind": "Service"}]}
        })));
        toggle(
            &mut group,
            "grant-1pct",
            routes,
            &mut resolver,
            &[grant],
            &[Change::Delete(
                ObjectKind::ReferenceGrant,
                ObjectKey::new("shared", "shared"),
            )],
        );
    }
    group.finish();
}

/// A controller's common worst case: every route on one listener of one Gateway (the shape of
/// the example controller's scale test). One route's backend changes; the listener's other
/// routes are unchanged but share its table.
fn single_listener(c: &mut Criterion) {
    let mut group = c.benchmark_group("single_listener");
    group.sample_size(20);
    let options = Options::new(CONTROLLER);
    for routes in [10_000usize, 100_000] {
        let mut snap = Snapshot::new();
        snap.insert(object(
            json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
            "metadata": {"name": "gc"}, "spec": {"controllerName": CONTROLLER}}),
        ));
        snap.insert(object(json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": {"name": "gw", "namespace": "apps"},
            "spec": {"gatewayClassName": "gc", "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}]}})));
        for i in 0..100 {
            snap.insert(object(json!({"apiVersion": "v1", "kind": "Service",
                "metadata": {"name": format!("svc-{i}"), "namespace": "apps"}, "spec": {"ports": [{"port": 8080}]}})));
        }
        let route = |i: usize, backend: &str| {
            upsert(object(
                json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                "metadata": {"name": format!("route-{i}"), "namespace": "apps"},
                "spec": {"parentRefs": [{"name": "gw"}], "hostnames": [format!("r{i}.example.com")],
                         "rules": [{"backendRefs": [{"name": backend, "port": 8080}]}]}}),
            ))
        };
        for i in 0..routes {
            if let Change::Upsert(r) = route(i, &format!("svc-{}", i % 100)) {
                snap.upsert(r);
            }
        }
        group.bench_with_input(BenchmarkId::new("full", routes), &snap, |b, snap| {
            b.iter_batched(
                || (),
                |()| resolve(black_box(snap), &options),
                BatchSize::PerIteration,
            );
        });
        let mut resolver = Resolver::from_snapshot(snap, options.clone());
        toggle(
            &mut group,
            "route-backend",
            routes,
            &mut resolver,
            &[route(123, "missing")],
            &[route(123, "svc-23")],
        );
        toggle(
            &mut group,
            "route-hostname",
            routes,
            &mut resolver,
            &[upsert(object(
                json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
                "metadata": {"name": "route-123", "namespace": "apps"},
                "spec": {"parentRefs": [{"name": "gw"}], "hostnames": ["other.example.com"],
                         "rules": [{"backendRefs": [{"name": "svc-23", "port": 8080}]}]}}),
            ))],
            &[route(123, "svc-23")],
        );
    }
    group.finish();
}

/// The snapshot of [`snapshot`] where 1% of the routes (`r % 100 == 3`) also send to the
/// Service `shared/svc`, so that one ReferenceGrant in `shared` can grant them all.
fn grant_snapshot(routes: usize) -> Snapshot {
    let mut s = snapshot(routes);
    s.insert(object(json!({"apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "svc", "namespace": "shared"}, "spec": {"ports": [{"port": 8080}]}})));
    let namespaces = (routes / 10).max(10);
    for r in (3..routes).step_by(100) {
        let key = ObjectKey::new(format!("ns-{}", r % namespaces), format!("route-{r}"));
        if let Some(Resource::HttpRoute(route)) = s.get(ObjectKind::HttpRoute, &key) {
            let mut route = (*route).clone();
            if let Some(rule) = route
                .spec
                .rules
                .as_mut()
                .and_then(|rules| rules.first_mut())
            {
                let mut b = rule
                    .backend_refs
                    .as_ref()
                    .and_then(|b| b.first())
                    .cloned()
                    .expect("a backend");
                b.namespace = Some("shared".to_owned());
                b.name = "svc".to_owned();
                rule.backend_refs.get_or_insert_default().push(b);
            }
            s.upsert(route.into());
        }
    }
    s
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
    // serde-saphyr's default budget stops at 1,024 documents (the previous reading failed on
    // this input with "budget breached"), 250,000 nodes and 1,000,000 events; lifted here so
    // that the previous path reads the whole cluster and the comparison is on equal work.
    let unlimited = || {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_documents = usize::MAX;
        budget.max_nodes = usize::MAX;
        budget.max_events = usize::MAX;
        serde_saphyr::options! { budget: Some(budget) }
    };
    let previous = |yaml: &str| -> usize {
        let values: Vec<Value> =
            serde_saphyr::from_multiple_with_options(yaml, unlimited()).unwrap_or_default();
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
    };
    assert_eq!(previous(&yaml), values.len());
    let options = Options::new(CONTROLLER);
    let mut group = c.benchmark_group("status_input");
    group.sample_size(10);
    group.bench_function("parse_yaml/10000", |b| {
        b.iter(|| gateway_api_types::parse("cluster.yaml", black_box(&yaml)).len());
    });
    // The reading `gwapi status` did before `parse` read YAML events itself: serde-saphyr's
    // values, then the same decoding.
    group.bench_function("parse_yaml_previous/10000", |b| {
        b.iter(|| previous(black_box(&yaml)));
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

criterion_group!(benches, bench, incremental, single_listener, status_input);
criterion_main!(benches);

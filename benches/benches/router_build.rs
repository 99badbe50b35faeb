//! Router build time by size: one Gateway with 10, 1,000 and 10,000 attached HTTPRoutes (two
//! rules each), from the resolved listeners to a `Router`. Proxies rebuild on every change, so
//! this is the latency of a configuration update; the goal is at most 20 ms at 10,000 routes.
//!
//! - `httproutes/N`: `build_router`, converting every route's rules (a first build);
//! - `cached/N`: `RouterCache::build` with the rules of an earlier build kept (a rebuild after
//!   a change that left the rules alone; each changed route adds one conversion).
//!
//! Both drop the router they built inside the timed part: a proxy drops the old one too.
//!
//! `cargo bench -p gateway-api-benches --bench router_build`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gateway_api_benches::{CONTROLLER, Cluster};
use gateway_api_resolve::{ObjectKey, Options, RouterCache, Snapshot, build_router, resolve};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("router_build");
    group.sample_size(20);
    for routes in [10usize, 1_000, 10_000] {
        let cluster = Cluster {
            routes,
            gateways: 1,
        };
        let docs: Vec<_> = gateway_api_types::parse("cluster.yaml", &cluster.yaml())
            .into_iter()
            .map(|d| d.expect("the generated cluster decodes"))
            .collect();
        let resolution = resolve(&Snapshot::from_documents(&docs), &Options::new(CONTROLLER));
        let gateway = &resolution.effective[&ObjectKey::new("infra", "gw-0")];
        let attached: usize = gateway.listeners.iter().map(|l| l.routes.len()).sum();
        assert_eq!(attached, routes, "every generated route attaches");
        group.bench_with_input(BenchmarkId::new("httproutes", routes), gateway, |b, g| {
            b.iter(|| build_router(black_box(g)).expect("the router builds"));
        });
        let mut cache = RouterCache::new();
        drop(cache.build(gateway).expect("the router builds"));
        group.bench_with_input(BenchmarkId::new("cached", routes), gateway, |b, g| {
            b.iter(|| cache.build(black_box(g)).expect("the router builds"));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

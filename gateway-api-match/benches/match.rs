//! Match cost by table shape and size, with a std `HashMap` host lookup and `matchit` as
//! baselines in the same run.
//!
//! Shapes: ingress (a host per route), single host (many paths), mesh-like (few hosts, header
//! and method splits), adversarial (overlapping prefixes and regexes), gRPC; at 10, 100, 1,000
//! and 10,000 routes. Then `build/*`: how long `Router::build` takes for the ingress and mesh
//! shapes at 10, 1,000 and 10,000 routes (proxies rebuild the table on every change).

use std::collections::HashMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use gateway_api_match::input::{GrpcMatch, GrpcRule, HttpMatch, HttpRule, Listener, Route};
use gateway_api_match::{Outcome, Request, Router};

mod shapes;
use shapes::{be, ingress, ingress_listener, single_host, single_host_paths};

const SIZES: [usize; 4] = [10, 100, 1_000, 10_000];

fn mesh(n: usize) -> Router {
    Router::build([mesh_listener(n)]).unwrap()
}

fn mesh_listener(n: usize) -> Listener {
    // 10 hosts; per host n/10 routes on ten paths, split by method and a version header.
    let mut l = Listener::http("mesh", 80);
    for i in 0..n {
        let host = format!("svc{}.ns.svc.cluster.local", i % 10);
        let path = format!("/p{}", (i / 10) % 10);
        let m = match i % 4 {
            0 => HttpMatch::prefix(path).header("x-version", format!("v{}", i / 100)),
            1 => HttpMatch::prefix(path).method("POST"),
            2 => HttpMatch::prefix(path)
                .header("x-user", "beta")
                .method("GET"),
            _ => HttpMatch::prefix(path),
        };
        l.routes.push(
            Route::http("mesh", format!("r{i}"))
                .hostname(host)
                .created(i as i64)
                .http_rule(HttpRule::new().matching(m).backend(be())),
        );
    }
    l
}

fn adversarial(n: usize) -> Router {
    // Deeply overlapping prefixes on one host, plus a handful of regexes.
    let mut l = Listener::http("adv", 80);
    for i in 0..n {
        let depth = 1 + i % 8;
        let mut p = String::new();
        for d in 0..depth {
            p.push_str(&format!("/a{}", (i + d) % 5));
        }
        let m = match i % 50 {
            0 => HttpMatch::regex(format!(r"/a\d/a{}/.*", i % 5)),
            1 => HttpMatch::prefix(p).query("q", "1"),
            _ => HttpMatch::prefix(p),
        };
        l.routes.push(
            Route::http("adv", format!("r{i}"))
                .hostname("adv.example.com")
                .created((i % 3) as i64)
                .http_rule(HttpRule::new().matching(m).backend(be())),
        );
    }
    Router::build([l]).unwrap()
}

fn grpc(n: usize) -> Router {
    let mut l = Listener::http("grpc", 80);
    for i in 0..n {
        let svc = format!("pkg{}.Service{}", i % 100, i / 100);
        l.routes.push(
            Route::grpc("ns", format!("g{i}"))
                .hostname("grpc.example.com")
                .grpc_rule(
                    GrpcRule::new()
                        .matching(GrpcMatch::exact(Some(&svc), Some("Get")))
                        .backend(be()),
                )
                .grpc_rule(
                    GrpcRule::new()
                        .matching(GrpcMatch::exact(Some(&svc), None).header("env", "canary"))
                        .backend(be()),
                ),
        );
    }
    Router::build([l]).unwrap()
}

fn run(router: &Router, req: &Request<'_>) -> bool {
    matches!(router.route(black_box(req)), Outcome::Matched(_))
}

fn benches(c: &mut Criterion) {
    let canary = [("x-canary", "true")];
    for n in SIZES {
        let mut g = c.benchmark_group(format!("ingress/{n}"));
        let r = ingress(n);
        let host = format!("app{}.example.com", n / 2);
        let upper = host.to_ascii_uppercase();
        let dotted = format!("{host}.:80");
        let cases: Vec<(&str, Request<'_>, bool)> = vec![
            ("hit", Request::get(&host, "/api/users/42"), true),
            (
                "header-gated",
                Request::get(&host, "/api/x").headers(&canary),
                true,
            ),
            ("exact", Request::get(&host, "/healthz"), true),
            ("fall-through", Request::get("nope.example.com", "/x"), true),
            ("query", Request::get(&host, "/api/users?id=1&x=2"), true),
            ("uppercase-host", Request::get(&upper, "/api/users"), true),
            (
                "trailing-dot-host",
                Request::get(&dotted, "/api/users"),
                true,
            ),
            ("miss", Request::get("example.org", "/api"), false),
        ];
        for (name, req, expect) in &cases {
            assert_eq!(run(&r, req), *expect, "ingress {n} {name}");
            g.bench_function(*name, |b| b.iter(|| run(&r, req)));
        }
        // Baseline: a std HashMap lookup of the lower-cased host, lowercasing included.
        let map: HashMap<String, usize> =
            (0..n).map(|i| (format!("app{i}.example.com"), i)).collect();
        g.bench_function("baseline-hashmap-host", |b| {
            b.iter(|| {
                map.get(&black_box(host.as_str()).to_ascii_lowercase())
                    .copied()
            })
        });
        g.finish();
    }
    for n in SIZES {
        let mut g = c.benchmark_group(format!("single-host/{n}"));
        let r = single_host(n);
        let paths = single_host_paths(n);
        let mid = (n / 2) & !1;
        // `mid` is even: a prefix route; request a path below it.
        let deep = format!("{}/items/7", paths[mid]);
        let exact = paths[mid + 1].clone();
        let with_query = format!("{deep}?page=2&sort=asc");
        let cases: Vec<(&str, Request<'_>, bool)> = vec![
            ("hit", Request::get("api.example.com", &deep), true),
            ("exact", Request::get("api.example.com", &exact), true),
            ("query", Request::get("api.example.com", &with_query), true),
            (
                "uppercase-host",
                Request::get("API.EXAMPLE.COM", &deep),
                true,
            ),
            (
                "miss",
                Request::get("api.example.com", "/nothing/here"),
                false,
            ),
        ];
        for (name, req, expect) in &cases {
            assert_eq!(run(&r, req), *expect, "single-host {n} {name}");
            g.bench_function(*name, |b| b.iter(|| run(&r, req)));
        }
        // Baseline: matchit on the same path-only table, prefixes as `/p` and `/p/{*rest}`.
        let mut m = matchit::Router::new();
        for (i, p) in paths.iter().enumerate() {
            m.insert(p.clone(), i).unwrap();
            if i % 2 == 0 {
                m.insert(format!("{p}/{{*rest}}"), i).unwrap();
            }
        }
        assert!(m.at(&deep).is_ok());
        g.bench_function("baseline-matchit-hit", |b| {
            b.iter(|| m.at(black_box(deep.as_str())).map(|x| *x.value).ok())
        });
        g.finish();
    }
    for n in SIZES {
        let mut g = c.benchmark_group(format!("mesh/{n}"));
        let r = mesh(n);
        let v = [("x-version", "v0")];
        let beta = [("x-user", "beta")];
        let cases: Vec<(&str, Request<'_>, bool)> = vec![
            (
                "header-gated",
                Request::get("svc3.ns.svc.cluster.local", "/p0/x").headers(&v),
                true,
            ),
            (
                "method",
                Request::get("svc1.ns.svc.cluster.local", "/p0").method("POST"),
                true,
            ),
            (
                "header-method",
                Request::get("svc2.ns.svc.cluster.local", "/p0").headers(&beta),
                true,
            ),
            (
                "plain",
                Request::get("svc3.ns.svc.cluster.local:80", "/p0/y"),
                true,
            ),
            (
                "miss",
                Request::get("svc3.ns.svc.cluster.local", "/zz"),
                false,
            ),
        ];
        for (name, req, expect) in &cases {
            assert_eq!(run(&r, req), *expect, "mesh {n} {name}");
            g.bench_function(*name, |b| b.iter(|| run(&r, req)));
        }
        g.finish();
    }
    for n in SIZES {
        let mut g = c.benchmark_group(format!("adversarial/{n}"));
        let r = adversarial(n);
        let cases: Vec<(&str, Request<'_>, bool)> = vec![
            (
                "deep-hit",
                Request::get("adv.example.com", "/a0/a1/a2/a3/a4/a0/a1/a2/x"),
                true,
            ),
            (
                "regex-hit",
                Request::get("adv.example.com", "/a7/a0/zz"),
                true,
            ),
            ("query", Request::get("adv.example.com", "/a1/a2?q=1"), true),
            ("miss", Request::get("adv.example.com", "/b/c/d/e"), false),
        ];
        for (name, req, expect) in &cases {
            assert_eq!(run(&r, req), *expect, "adversarial {n} {name}");
            g.bench_function(*name, |b| b.iter(|| run(&r, req)));
        }
        g.finish();
    }
    for n in SIZES {
        let mut g = c.benchmark_group(format!("grpc/{n}"));
        let r = grpc(n);
        let path = format!("/pkg7.Service{}/Get", (n - 1) / 100);
        let other = format!("/pkg7.Service{}/List", (n - 1) / 100);
        let env = [("env", "canary")];
        let cases: Vec<(&str, Request<'_>, bool)> = vec![
            ("hit", Request::grpc("grpc.example.com", &path), true),
            (
                "header-gated",
                Request::grpc("grpc.example.com", &other).headers(&env),
                true,
            ),
            (
                "unimplemented",
                Request::grpc("grpc.example.com", "/x.Y/Z"),
                false,
            ),
        ];
        for (name, req, expect) in &cases {
            assert_eq!(run(&r, req), *expect, "grpc {n} {name}");
            g.bench_function(*name, |b| b.iter(|| run(&r, req)));
        }
        g.finish();
    }
}

/// `Router::build` alone: each iteration gets a fresh clone of the input, made outside the
/// timed part, and the router is returned so that criterion drops it outside the timed part
/// too (a proxy swaps the new table in and frees the old one off its build path). `build+drop`
/// times both, for comparison: freeing the input the router owns is most of the difference.
fn build(c: &mut Criterion) {
    for n in [10, 1_000, 10_000] {
        let mut g = c.benchmark_group(format!("build/{n}"));
        for (shape, listener) in [("ingress", ingress_listener(n)), ("mesh", mesh_listener(n))] {
            g.bench_function(shape, |b| {
                b.iter_batched(
                    || listener.clone(),
                    |l| Router::build([l]),
                    criterion::BatchSize::LargeInput,
                )
            });
            g.bench_function(format!("{shape}+drop"), |b| {
                b.iter_batched(
                    || listener.clone(),
                    |l| Router::build([l]).map(|r| r.is_empty()),
                    criterion::BatchSize::LargeInput,
                )
            });
        }
        g.finish();
    }
}

criterion_group!(match_benches, benches, build);
criterion_main!(match_benches);

//! Proves that matching does not allocate: a counting global allocator, alone in this binary.
//!
//! The crate's lints deny `unsafe_code` (see Cargo.toml for why not `forbid`); the allocator impl
//! below is the only place that allows it, because `GlobalAlloc` is an unsafe trait.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use gateway_api_match::{
    Backend, Cors, Filter, GrpcMatch, GrpcRule, HeaderSink, HttpMatch, HttpRule, Listener, Outcome,
    Request, Route, Router,
};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static COUNTING: AtomicBool = AtomicBool::new(false);

// SAFETY: every call is forwarded unchanged to the system allocator; counting touches atomics only.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        }
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn be(name: &str) -> Backend {
    Backend::new("default", name, 8080)
}

/// A realistic table: hosts exact and wildcard, exact/prefix/regex paths, methods, headers,
/// queries, an HTTPS listener and gRPC.
fn realistic() -> Vec<Listener> {
    let web = Listener::http("web", 80)
        .route(
            Route::http("default", "shop")
                .hostname("shop.example.com")
                .created(10)
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::exact("/"))
                        .backend(be("home")),
                )
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::prefix("/api").header("x-version", "2"))
                        .matching(HttpMatch::prefix("/api").query("v", "2"))
                        .backend(be("api-v2")),
                )
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::prefix("/api").method("POST"))
                        .backend(be("api-write")),
                )
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::prefix("/api"))
                        .backend(be("api")),
                )
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::regex(r"/items/\d+"))
                        .backend(be("items")),
                ),
        )
        .route(
            Route::http("default", "wild")
                .hostname("*.example.com")
                .http_rule(HttpRule::new().backend(be("wild"))),
        )
        .route(
            Route::http("default", "fallback").http_rule(
                HttpRule::new()
                    .matching(HttpMatch::prefix("/static").header_regex("accept", "text/.*"))
                    .backend(be("static")),
            ),
        );
    let grpc = Listener::http("grpc", 8080).route(
        Route::grpc("default", "greeter")
            .hostname("grpc.example.com")
            .grpc_rule(
                GrpcRule::new()
                    .matching(GrpcMatch::exact(
                        Some("helloworld.Greeter"),
                        Some("SayHello"),
                    ))
                    .backend(be("greeter")),
            )
            .grpc_rule(
                GrpcRule::new()
                    .matching(
                        GrpcMatch::regex(Some(r"helloworld\..*"), None).header("env", "canary"),
                    )
                    .backend(be("canary")),
            ),
    );
    let tls = Listener::https("tls", 443)
        .hostname("secure.example.com")
        .route(Route::http("default", "secure").http_rule(HttpRule::new().backend(be("secure"))));
    vec![web, grpc, tls, Listener::https("tls-any", 443)]
}

/// 10,000 routes: one host per route, exact and prefix paths, some header-gated.
fn generated() -> Vec<Listener> {
    let mut l = Listener::http("big", 80);
    for i in 0..10_000 {
        let mut m = if i % 2 == 0 {
            HttpMatch::prefix(format!("/svc{}/v{}", i % 97, i % 7))
        } else {
            HttpMatch::exact(format!("/svc{}/exact", i % 89))
        };
        if i % 5 == 0 {
            m = m.header("x-tenant", format!("t{}", i % 13));
        }
        l = l.route(
            Route::http("ns", format!("r{i}"))
                .hostname(format!("host{i}.example.com"))
                .created(i64::from(i % 17))
                .http_rule(HttpRule::new().matching(m).backend(be("b"))),
        );
    }
    l = l.route(
        Route::http("ns", "wild")
            .hostname("*.example.com")
            .http_rule(
                HttpRule::new()
                    .matching(HttpMatch::prefix("/"))
                    .backend(be("w")),
            ),
    );
    vec![l]
}

fn count<F: FnMut() -> usize>(mut f: F) -> (usize, usize) {
    // Warm up: regex caches are created on a thread's first use of each regex.
    let warm = f();
    ALLOCATIONS.store(0, Ordering::SeqCst);
    COUNTING.store(true, Ordering::SeqCst);
    let mut hits = 0;
    for _ in 0..100 {
        hits += f();
    }
    COUNTING.store(false, Ordering::SeqCst);
    assert_eq!(hits, warm * 100, "matching must be deterministic");
    (ALLOCATIONS.load(Ordering::SeqCst), hits)
}

#[test]
fn matching_does_not_allocate() {
    // The counter itself works: one allocation per call is seen as such.
    let (allocs, _) = count(|| std::hint::black_box(vec![1u8; 16]).len());
    assert!(allocs >= 100, "counting allocator saw {allocs}");

    let realistic = Router::build(realistic()).unwrap();
    let big = Router::build(generated()).unwrap();

    let tenant = [("X-Tenant", "t0")];
    let version = [("x-version", "2")];
    let accept = [("Accept", "text/html")];
    let canary = [("env", "canary")];
    let requests: Vec<(&Router, Request<'_>, bool)> = vec![
        (&realistic, Request::get("shop.example.com", "/"), true),
        (
            &realistic,
            Request::get("SHOP.example.com.:80", "/api/x?v=2"),
            true,
        ),
        (
            &realistic,
            Request::get("shop.example.com", "/api/x").headers(&version),
            true,
        ),
        (
            &realistic,
            Request::get("shop.example.com", "/api/x").method("POST"),
            true,
        ),
        (
            &realistic,
            Request::get("shop.example.com", "/items/42"),
            true,
        ),
        (
            &realistic,
            Request::get("a.b.example.com", "/anything"),
            true,
        ),
        (
            &realistic,
            Request::get("other.org", "/static/x").headers(&accept),
            true,
        ),
        (&realistic, Request::get("other.org", "/static/x"), false),
        (&realistic, Request::get("other.org", "/nothing"), false),
        (
            &realistic,
            Request::grpc("grpc.example.com:8080", "/helloworld.Greeter/SayHello").port(8080),
            true,
        ),
        (
            &realistic,
            Request::grpc("grpc.example.com", "/helloworld.Other/X")
                .port(8080)
                .headers(&canary),
            true,
        ),
        (
            &realistic,
            Request::grpc("grpc.example.com", "/x.Y/Z").port(8080),
            false,
        ),
        (
            &realistic,
            Request::get("secure.example.com", "/").https(Some("secure.example.com")),
            true,
        ),
        (
            &realistic,
            Request::get("other.example.com", "/").https(Some("secure.example.com")),
            false,
        ),
        (
            &big,
            Request::get("host4242.example.com", "/svc69/v0/deeper/path"),
            true,
        ),
        (
            &big,
            Request::get("host4243.example.com", "/svc60/exact"),
            true,
        ),
        (
            &big,
            Request::get("HOST10.example.com", "/svc10/v3?x=1").headers(&tenant),
            true,
        ),
        (&big, Request::get("host10.example.com", "/svc10/v3"), true),
        (&big, Request::get("nohost.example.org", "/svc1/v1"), false),
        (&big, Request::get("host7.example.com", "/zzz/none"), true),
    ];
    for (router, req, hit) in &requests {
        let (allocs, _) = count(|| usize::from(matches!(router.route(req), Outcome::Matched(_))));
        assert_eq!(allocs, 0, "{req:?} allocated");
        assert_eq!(
            matches!(router.route(req), Outcome::Matched(_)),
            *hit,
            "{req:?} expected hit={hit}"
        );
    }
    // Redirect, rewrite and backend pick into a reused buffer allocate nothing once it has room.
    let mut buf = String::with_capacity(256);
    let req = Request::get("shop.example.com", "/api/x?v=2");
    let (allocs, _) = count(|| {
        buf.clear();
        let Outcome::Matched(m) = realistic.route(&req) else {
            return 0;
        };
        m.write_backend_path(&req, &mut buf).unwrap();
        let _ = m.action(7);
        buf.len()
    });
    assert_eq!(allocs, 0);

    cors_answers_do_not_allocate();
}

/// A header sink over one buffer the caller sized once: `name: value` lines, appended.
struct Lines(String);

impl HeaderSink for Lines {
    fn set(&mut self, name: &str, value: &str) {
        self.add(name, value);
    }
    fn add(&mut self, name: &str, value: &str) {
        self.0.push_str(name);
        self.0.push_str(": ");
        self.0.push_str(value);
        self.0.push('\n');
    }
    fn remove(&mut self, _: &str) {}
}

/// Part of `matching_does_not_allocate` (one test in this binary, so no other thread allocates
/// while counting): classifying a CORS request, answering a preflight and writing the response
/// headers of an actual request, with every wildcard and echo path.
fn cors_answers_do_not_allocate() {
    let cors = |origins: &[&str], star: bool, credentials: bool| {
        let list = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        Filter::Cors(Cors {
            allow_origins: list(origins),
            allow_methods: list(if star { &["*"] } else { &["GET", "PUT"] }),
            allow_headers: list(if star { &["*"] } else { &["x-a", "x-b"] }),
            expose_headers: list(&["x-c"]),
            allow_credentials: Some(credentials),
            max_age: None,
        })
    };
    let rule = |path: &str, filter: Filter| {
        HttpRule::new()
            .matching(HttpMatch::prefix(path))
            .filter(filter)
            .backend(be("api"))
    };
    let router = Router::build([Listener::http("web", 80).route(
        Route::http("default", "cors")
            .http_rule(rule(
                "/list",
                cors(&["https://*.example.com:8443"], false, true),
            ))
            .http_rule(rule("/star", cors(&["*"], true, false)))
            .http_rule(rule("/echo", cors(&["*"], true, true))),
    )])
    .unwrap();
    let preflight = [
        ("Origin", "https://app.example.com:8443"),
        ("Access-Control-Request-Method", "PUT"),
        ("Access-Control-Request-Headers", "x-a"),
    ];
    let actual = [("Origin", "https://app.example.com:8443")];
    let other_preflight = [
        ("Origin", "https://elsewhere.org"),
        ("Access-Control-Request-Method", "PUT"),
    ];
    let other = [("Origin", "https://elsewhere.org")];
    let mut out = Lines(String::with_capacity(1024));
    for path in ["/list", "/star", "/echo"] {
        for (method, headers) in [
            ("OPTIONS", &preflight[..]),
            ("GET", &actual[..]),
            ("OPTIONS", &other_preflight[..]),
            ("POST", &other[..]),
        ] {
            let req = Request::get("h", path).method(method).headers(headers);
            let (allocs, written) = count(|| {
                out.0.clear();
                let Outcome::Matched(m) = router.route(&req) else {
                    return 0;
                };
                match m.answer_cors_preflight(&req, &mut out) {
                    Some(status) => usize::from(status) + out.0.len(),
                    None => {
                        m.apply_cors_response_headers(&req, &mut out);
                        out.0.len()
                    }
                }
            });
            assert_eq!(allocs, 0, "{method} {path} {headers:?} allocated");
            // Only an actual request from a disallowed origin gets nothing.
            let disallowed_actual = path == "/list" && method == "POST";
            assert_eq!(
                written == 0,
                disallowed_actual,
                "{method} {path} {headers:?}"
            );
        }
    }
}

//! The ingress and single-host tables of the match bench, shared with the `hotpath` example so
//! that a profile of the example sees the tables the bench times.

use gateway_api_match::Router;
use gateway_api_match::input::{Backend, HttpMatch, HttpRule, Listener, Route};

/// The one backend every rule sends to.
pub(crate) fn be() -> Backend {
    Backend::new("ns", "svc", 8080)
}

/// A hostname per route, four rules each, and a wildcard route.
pub(crate) fn ingress(n: usize) -> Router {
    Router::build([ingress_listener(n)]).unwrap()
}

/// The listener of [`ingress`], unbuilt.
pub(crate) fn ingress_listener(n: usize) -> Listener {
    let mut l = Listener::http("http", 80);
    for i in 0..n {
        l.routes.push(
            Route::http("ns", format!("r{i}"))
                .hostname(format!("app{i}.example.com"))
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::exact("/healthz"))
                        .backend(be()),
                )
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::prefix("/api").header("x-canary", "true"))
                        .backend(be()),
                )
                .http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::prefix("/api"))
                        .backend(be()),
                )
                .http_rule(HttpRule::new().backend(be())),
        );
    }
    l.routes.push(
        Route::http("ns", "wild")
            .hostname("*.example.com")
            .http_rule(
                HttpRule::new()
                    .matching(HttpMatch::prefix("/"))
                    .backend(be()),
            ),
    );
    l
}

/// The paths of [`single_host`]: `/svc{i/10}/v{i%10}`.
pub(crate) fn single_host_paths(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("/svc{}/v{}", i / 10, i % 10))
        .collect()
}

/// One hostname, one route, `n` rules: even ones a prefix, odd ones an exact path.
pub(crate) fn single_host(n: usize) -> Router {
    let mut l = Listener::http("http", 80);
    let mut route = Route::http("ns", "one").hostname("api.example.com");
    for (i, p) in single_host_paths(n).into_iter().enumerate() {
        let m = if i % 2 == 0 {
            HttpMatch::prefix(p)
        } else {
            HttpMatch::exact(p)
        };
        route = route.http_rule(HttpRule::new().matching(m).backend(be()));
    }
    l.routes.push(route);
    Router::build([l]).unwrap()
}

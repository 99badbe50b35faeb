//! Spec-derived tests of every precedence rule and edge case. Expected values come from the
//! spec's sentences (quoted) and the v1.6.1 conformance route tests, not from the code.

use gateway_api_match::actions::{GrpcStatus, pick_backend, write_modified_path};
use gateway_api_match::error::BuildErrorKind;
use gateway_api_match::explain::{Criterion, Mismatch, Verdict};
use gateway_api_match::input::{
    Backend, Filter, GrpcMatch, GrpcRule, HeaderModifier, HttpMatch, HttpRule, Listener,
    PathModifier, RequestRedirect, Route, UrlRewrite,
};
use gateway_api_match::precedence::HostMatch;
use gateway_api_match::{Action, Outcome, Request, Router};

fn be(name: &str) -> Backend {
    Backend::new("infra", name, 8080)
}

fn rule(m: HttpMatch, backend: &str) -> HttpRule {
    HttpRule::new().matching(m).backend(be(backend))
}

/// "ns/name rule.match", "404" or "421".
fn hit(router: &Router, req: &Request<'_>) -> String {
    match router.route(req) {
        Outcome::Matched(m) => format!(
            "{} {}.{}",
            m.route_id(),
            m.rule_index(),
            m.match_index().map_or("-".to_owned(), |i| i.to_string())
        ),
        Outcome::NotFound => "404".to_owned(),
        Outcome::Misdirected => "421".to_owned(),
    }
}

fn one_listener(routes: Vec<Route>) -> Router {
    let mut l = Listener::http("http", 80);
    l.routes = routes;
    Router::build([l]).unwrap()
}

// --- paths ------------------------------------------------------------------------------------

#[test]
fn exact_path_beats_any_prefix() {
    // "precedence must be given to the match having: "Exact" path match." first.
    let r = one_listener(vec![
        Route::http("ns", "a").created(0).http_rule(rule(
            HttpMatch::prefix("/foo").method("GET").header("x", "1"),
            "p",
        )),
        Route::http("ns", "b")
            .created(9)
            .http_rule(rule(HttpMatch::exact("/foo"), "e")),
    ]);
    let h = [("x", "1")];
    assert_eq!(hit(&r, &Request::get("h", "/foo").headers(&h)), "ns/b 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/foo/").headers(&h)), "ns/a 0.0");
}

#[test]
fn exact_is_case_sensitive_and_trailing_slash_matters() {
    let r = one_listener(vec![
        Route::http("ns", "a").http_rule(rule(HttpMatch::exact("/abc"), "e")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/abc")), "ns/a 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/abc/")), "404");
    assert_eq!(hit(&r, &Request::get("h", "/ABC")), "404");
    assert_eq!(hit(&r, &Request::get("h", "/abc?x=1")), "ns/a 0.0");
}

#[test]
fn prefix_is_element_wise() {
    // "the paths `/abc`, `/abc/`, and `/abc/def` would all match the prefix `/abc`, but the path
    // `/abcd` would not."
    for prefix in ["/abc", "/abc/"] {
        let r = one_listener(vec![
            Route::http("ns", "a").http_rule(rule(HttpMatch::prefix(prefix), "p")),
        ]);
        for ok in ["/abc", "/abc/", "/abc/def", "/abc?q", "/abc/def/ghi"] {
            assert_eq!(hit(&r, &Request::get("h", ok)), "ns/a 0.0", "{prefix} {ok}");
        }
        for no in ["/abcd", "/ab", "/", "/xabc", "/ABC"] {
            assert_eq!(hit(&r, &Request::get("h", no)), "404", "{prefix} {no}");
        }
    }
}

#[test]
fn longest_prefix_by_characters() {
    // ""Prefix" path match with largest number of characters." `/abc/` has more characters than
    // `/abc`, though both match the same paths.
    let r = one_listener(vec![
        Route::http("ns", "a")
            .created(0)
            .http_rule(rule(HttpMatch::prefix("/abc"), "short")),
        Route::http("ns", "b")
            .created(5)
            .http_rule(rule(HttpMatch::prefix("/abc/"), "slash")),
        Route::http("ns", "c")
            .created(0)
            .http_rule(rule(HttpMatch::prefix("/abc/def"), "long")),
        Route::http("ns", "d")
            .created(0)
            .http_rule(rule(HttpMatch::prefix("/"), "root")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/abc")), "ns/b 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/abc/x")), "ns/b 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/abc/def/x")), "ns/c 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/abc/defg")), "ns/b 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/abcd")), "ns/d 0.0");
}

#[test]
fn no_matches_means_prefix_slash() {
    // "If no matches are specified, the default is a prefix path match on "/"".
    let r = one_listener(vec![
        Route::http("ns", "all").http_rule(HttpRule::new().backend(be("all"))),
        Route::http("ns", "x").http_rule(rule(HttpMatch::prefix("/x"), "x")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/anything")), "ns/all 0.-");
    assert_eq!(hit(&r, &Request::get("h", "/x/y")), "ns/x 0.0");
    assert_eq!(hit(&r, &Request::get("h", "")), "ns/all 0.-");
}

#[test]
fn regex_paths_sit_between_exact_and_prefix_and_match_whole_path() {
    // "The precedence of RegularExpression path matches are implementation-specific": this crate
    // documents Exact > RegularExpression > PathPrefix.
    let r = one_listener(vec![
        Route::http("ns", "exact").http_rule(rule(HttpMatch::exact("/v1/42"), "e")),
        Route::http("ns", "regex").http_rule(rule(HttpMatch::regex(r"/v\d+/\d+"), "r")),
        Route::http("ns", "prefix").http_rule(rule(HttpMatch::prefix("/v1/42"), "p")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/v1/42")), "ns/exact 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/v1/42/")), "ns/prefix 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/v2/7")), "ns/regex 0.0");
    // Anchored: a regex must match the whole path, not a substring.
    assert_eq!(hit(&r, &Request::get("h", "/x/v2/7")), "404");
    // RE2's \d is ASCII: an Arabic-Indic digit is not a digit.
    assert_eq!(hit(&r, &Request::get("h", "/v\u{0663}/1")), "404");
}

// --- method, headers, query -------------------------------------------------------------------

#[test]
fn method_then_headers_then_query_params() {
    let r = one_listener(vec![
        Route::http("ns", "q2").created(0).http_rule(rule(
            HttpMatch::prefix("/p").query("a", "1").query("b", "1"),
            "q2",
        )),
        Route::http("ns", "h1")
            .created(1)
            .http_rule(rule(HttpMatch::prefix("/p").header("x", "1"), "h1")),
        Route::http("ns", "h2").created(2).http_rule(rule(
            HttpMatch::prefix("/p").header("x", "1").header("y", "1"),
            "h2",
        )),
        Route::http("ns", "m")
            .created(3)
            .http_rule(rule(HttpMatch::prefix("/p").method("GET"), "m")),
    ]);
    let xy = [("x", "1"), ("y", "1")];
    // "Method match." comes before "Largest number of header matches."
    assert_eq!(
        hit(&r, &Request::get("h", "/p?a=1&b=1").headers(&xy)),
        "ns/m 0.0"
    );
    let post = Request::get("h", "/p?a=1&b=1").headers(&xy).method("POST");
    assert_eq!(hit(&r, &post), "ns/h2 0.0");
    let x = [("X", "1")];
    assert_eq!(
        hit(
            &r,
            &Request::get("h", "/p?a=1&b=1").headers(&x).method("POST")
        ),
        "ns/h1 0.0"
    );
    // "Largest number of query param matches." after headers.
    assert_eq!(
        hit(&r, &Request::get("h", "/p?a=1&b=1").method("POST")),
        "ns/q2 0.0"
    );
    assert_eq!(hit(&r, &Request::get("h", "/p?a=1").method("POST")), "404");
}

#[test]
fn duplicate_header_and_query_names_only_first_counts() {
    // "If multiple entries specify equivalent header names, only the first entry with an
    // equivalent name MUST be considered for a match."
    let dup = HttpMatch::prefix("/").header("X-A", "1").header("x-a", "2");
    let r = one_listener(vec![Route::http("ns", "d").http_rule(rule(dup, "d"))]);
    assert_eq!(
        hit(&r, &Request::get("h", "/").headers(&[("x-a", "1")])),
        "ns/d 0.0"
    );
    assert_eq!(
        hit(&r, &Request::get("h", "/").headers(&[("x-a", "2")])),
        "404"
    );
    // ... and it counts as one header match: a route with two distinct headers beats it.
    let r = one_listener(vec![
        Route::http("ns", "a").created(0).http_rule(rule(
            HttpMatch::prefix("/").header("X-A", "1").header("x-a", "1"),
            "d",
        )),
        Route::http("ns", "b").created(1).http_rule(rule(
            HttpMatch::prefix("/").header("x-a", "1").header("x-b", "1"),
            "two",
        )),
    ]);
    assert_eq!(
        hit(
            &r,
            &Request::get("h", "/").headers(&[("x-a", "1"), ("x-b", "1")])
        ),
        "ns/b 0.0"
    );
    // Query param names are exact (case-sensitive); the first value of a repeated one is used.
    let r = one_listener(vec![Route::http("ns", "q").http_rule(rule(
        HttpMatch::prefix("/").query("q", "1").query("q", "2"),
        "q",
    ))]);
    assert_eq!(hit(&r, &Request::get("h", "/?q=1&q=2")), "ns/q 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/?q=2&q=1")), "404");
    assert_eq!(hit(&r, &Request::get("h", "/?Q=1")), "404");
}

#[test]
fn header_and_query_regex_match_whole_value() {
    let r = one_listener(vec![
        Route::http("ns", "r").http_rule(rule(
            HttpMatch::prefix("/")
                .header_regex("v", r"v\d")
                .query_regex("id", "[a-f]+"),
            "r",
        )),
    ]);
    assert_eq!(
        hit(&r, &Request::get("h", "/?id=abc").headers(&[("V", "v1")])),
        "ns/r 0.0"
    );
    assert_eq!(
        hit(&r, &Request::get("h", "/?id=abc").headers(&[("v", "v12")])),
        "404"
    );
    assert_eq!(
        hit(&r, &Request::get("h", "/?id=abcx").headers(&[("v", "v1")])),
        "404"
    );
}

// --- route age, name, rule and match order ----------------------------------------------------

#[test]
fn oldest_route_then_namespace_name_then_rule_then_match() {
    // "The oldest Route based on creation timestamp."
    let r = one_listener(vec![
        Route::http("a", "new")
            .created(5)
            .http_rule(rule(HttpMatch::prefix("/"), "n")),
        Route::http("z", "old")
            .created(1)
            .http_rule(rule(HttpMatch::prefix("/"), "o")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/")), "z/old 0.0");
    // "The Route appearing first in alphabetical order by "{namespace}/{name}"": "a-b/x" is
    // before "a/x" ('-' < '/'), although "a" < "a-b".
    let r = one_listener(vec![
        Route::http("a", "x").http_rule(rule(HttpMatch::prefix("/"), "1")),
        Route::http("a-b", "x").http_rule(rule(HttpMatch::prefix("/"), "2")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/")), "a-b/x 0.0");
    // Missing timestamps count as equally old: the name decides.
    let r = one_listener(vec![
        Route::http("ns", "b").http_rule(rule(HttpMatch::prefix("/"), "1")),
        Route::http("ns", "a").http_rule(rule(HttpMatch::prefix("/"), "2")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/")), "ns/a 0.0");
    // "matching precedence MUST be granted to the FIRST matching rule (in list order)".
    let r = one_listener(vec![
        Route::http("ns", "r")
            .http_rule(rule(HttpMatch::prefix("/x"), "1"))
            .http_rule(
                HttpRule::new()
                    .matching(HttpMatch::prefix("/"))
                    .matching(HttpMatch::prefix("/"))
                    .backend(be("2")),
            )
            .http_rule(rule(HttpMatch::prefix("/"), "3")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/y")), "ns/r 1.0");
    assert_eq!(hit(&r, &Request::get("h", "/x")), "ns/r 0.0");
}

#[test]
fn precedence_crosses_routes_before_age() {
    // "Across all rules specified on applicable Routes": a newer route's longer prefix wins.
    let r = one_listener(vec![
        Route::http("ns", "old")
            .created(0)
            .http_rule(rule(HttpMatch::prefix("/a"), "o")),
        Route::http("ns", "new")
            .created(9)
            .http_rule(rule(HttpMatch::prefix("/a/b"), "n")),
    ]);
    assert_eq!(hit(&r, &Request::get("h", "/a/b/c")), "ns/new 0.0");
    assert_eq!(hit(&r, &Request::get("h", "/a/c")), "ns/old 0.0");
}

// --- hostnames ---------------------------------------------------------------------------------

#[test]
fn route_hostname_precedence() {
    // "precedence must be given to rules from the HTTPRoute with the largest number of:
    // Characters in a matching non-wildcard hostname. Characters in a matching hostname."
    let r = one_listener(vec![
        Route::http("ns", "any")
            .created(0)
            .http_rule(rule(HttpMatch::exact("/p"), "any")),
        Route::http("ns", "short-wild")
            .created(0)
            .hostname("*.com")
            .http_rule(rule(HttpMatch::exact("/p"), "sw")),
        Route::http("ns", "wild")
            .created(1)
            .hostname("*.example.com")
            .http_rule(rule(HttpMatch::prefix("/"), "w")),
        Route::http("ns", "exact")
            .created(2)
            .hostname("foo.example.com")
            .http_rule(rule(HttpMatch::prefix("/p"), "e")),
    ]);
    // The exact hostname wins even with a weaker path match.
    assert_eq!(
        hit(&r, &Request::get("foo.example.com", "/p")),
        "ns/exact 0.0"
    );
    // The longer wildcard before the shorter, whatever the path precedence.
    assert_eq!(
        hit(&r, &Request::get("bar.example.com", "/p")),
        "ns/wild 0.0"
    );
    assert_eq!(
        hit(&r, &Request::get("example.com", "/p")),
        "ns/short-wild 0.0"
    );
    assert_eq!(hit(&r, &Request::get("example.org", "/p")), "ns/any 0.0");
    // A route whose hostname matches but whose rules do not falls through to the next.
    assert_eq!(
        hit(&r, &Request::get("foo.example.com", "/q")),
        "ns/wild 0.0"
    );
}

#[test]
fn host_normalisation() {
    let r = one_listener(vec![
        Route::http("ns", "e")
            .hostname("foo.example.com")
            .hostname("*.wild.org")
            .http_rule(rule(HttpMatch::prefix("/"), "e")),
    ]);
    for host in [
        "foo.example.com",
        "FOO.Example.COM",
        "foo.example.com.",
        "foo.example.com:8080",
        "Foo.Example.Com.:80",
        "a.wild.org",
        "a.b.c.wild.org",
    ] {
        assert_eq!(hit(&r, &Request::get(host, "/")), "ns/e 0.0", "{host}");
    }
    // "`*.example.com` would match both `test.example.com`, and `foo.test.example.com`, but not
    // `example.com`."
    for host in [
        "wild.org",
        "xwild.org",
        "foo.example.com.evil",
        "bar.example.com",
        ".wild.org",
    ] {
        assert_eq!(hit(&r, &Request::get(host, "/")), "404", "{host}");
    }
    let mut absent = Request::get("x", "/");
    absent.host = None;
    assert_eq!(hit(&r, &absent), "404");
}

#[test]
fn listener_selection_and_isolation() {
    // Conformance GatewayHTTPListenerIsolation: four listeners on port 80; each request uses
    // only the routes of the most specific listener for its Host.
    let listeners = vec![
        Listener::http("empty-hostname", 80).route(
            Route::http("infra", "empty")
                .http_rule(rule(HttpMatch::prefix("/empty-hostname"), "v1")),
        ),
        Listener::http("wildcard-example-com", 80)
            .hostname("*.example.com")
            .route(
                Route::http("infra", "wild")
                    .http_rule(rule(HttpMatch::prefix("/wildcard-example-com"), "v1")),
            ),
        Listener::http("wildcard-foo-example-com", 80)
            .hostname("*.foo.example.com")
            .route(
                Route::http("infra", "wild-foo")
                    .http_rule(rule(HttpMatch::prefix("/wildcard-foo-example-com"), "v1")),
            ),
        Listener::http("abc-foo-example-com", 80)
            .hostname("abc.foo.example.com")
            .route(
                Route::http("infra", "abc")
                    .http_rule(rule(HttpMatch::prefix("/abc-foo-example-com"), "v1")),
            ),
    ];
    let r = Router::build(listeners).unwrap();
    let cases = [
        ("bar.com", "/empty-hostname", "infra/empty 0.0"),
        ("bar.com", "/wildcard-example-com", "404"),
        ("bar.com", "/wildcard-foo-example-com", "404"),
        ("bar.com", "/abc-foo-example-com", "404"),
        ("bar.example.com", "/empty-hostname", "404"),
        ("bar.example.com", "/wildcard-example-com", "infra/wild 0.0"),
        ("bar.example.com", "/wildcard-foo-example-com", "404"),
        ("bar.example.com", "/abc-foo-example-com", "404"),
        (
            "bar.foo.example.com",
            "/wildcard-foo-example-com",
            "infra/wild-foo 0.0",
        ),
        ("bar.foo.example.com", "/wildcard-example-com", "404"),
        (
            "abc.foo.example.com",
            "/abc-foo-example-com",
            "infra/abc 0.0",
        ),
        ("abc.foo.example.com", "/wildcard-foo-example-com", "404"),
        ("abc.foo.example.com", "/empty-hostname", "404"),
    ];
    for (host, path, want) in cases {
        assert_eq!(hit(&r, &Request::get(host, path)), want, "{host}{path}");
    }
    // Listeners are chosen by the port the client connected to.
    assert_eq!(
        hit(&r, &Request::get("bar.com", "/empty-hostname").port(8080)),
        "404"
    );
}

#[test]
fn misdirected_requests() {
    // Conformance HTTPRouteHTTPSListenerDetectMisdirectedRequests, all 15 cases.
    let tls = |name: &str| Listener::https(name, 443);
    let prefix = || HttpMatch::prefix("/detect-misdirected-requests");
    let listeners = vec![
        tls("https").route(
            Route::http("infra", "t1")
                .hostname("example.org")
                .http_rule(rule(prefix(), "v1")),
        ),
        tls("https-with-hostname")
            .hostname("second-example.org")
            .route(Route::http("infra", "t2").http_rule(rule(prefix(), "v2"))),
        tls("https-with-wildcard-hostname")
            .hostname("*.wildcard.org")
            .route(Route::http("infra", "t3").http_rule(rule(prefix(), "v3"))),
        tls("https-with-hostname-matching-wildcard")
            .hostname("fourth-example.wildcard.org")
            .route(Route::http("infra", "t4").http_rule(rule(prefix(), "v1"))),
    ];
    let r = Router::build(listeners).unwrap();
    let cases = [
        ("example.org", "example.org", "infra/t1 0.0"),
        ("example.org", "second-example.org", "421"),
        ("example.org", "unknown-example.org", "404"),
        ("second-example.org", "second-example.org", "infra/t2 0.0"),
        ("second-example.org", "example.org", "421"),
        ("second-example.org", "unknown-example.org", "421"),
        (
            "third-example.wildcard.org",
            "third-example.wildcard.org",
            "infra/t3 0.0",
        ),
        (
            "third-example.wildcard.org",
            "fith-example.wildcard.org",
            "infra/t3 0.0",
        ),
        (
            "third-example.wildcard.org",
            "fourth-example.wildcard.org",
            "421",
        ),
        ("third-example.wildcard.org", "second-example.org", "421"),
        ("third-example.wildcard.org", "unknown-example.org", "421"),
        (
            "fourth-example.wildcard.org",
            "fourth-example.wildcard.org",
            "infra/t4 0.0",
        ),
        (
            "fourth-example.wildcard.org",
            "fith-example.wildcard.org",
            "421",
        ),
        ("unknown-example.org", "example.org", "infra/t1 0.0"),
        ("unknown-example.org", "unknown-example.org", "404"),
    ];
    for (sni, host, want) in cases {
        let req = Request::get(host, "/detect-misdirected-requests").https(Some(sni));
        assert_eq!(hit(&r, &req), want, "sni={sni} host={host}");
    }
    // Without a catch-all: SNI picks a listener, the Host matches none => "MUST return a 404".
    let r = Router::build([tls("a")
        .hostname("a.example.com")
        .route(Route::http("ns", "a").http_rule(HttpRule::new().backend(be("a"))))])
    .unwrap();
    let req = Request::get("b.example.com", "/").https(Some("a.example.com"));
    assert_eq!(hit(&r, &req), "404");
    // Plain-text requests never see TLS listeners.
    assert_eq!(
        hit(&r, &Request::get("a.example.com", "/").port(443)),
        "404"
    );
}

// --- outcomes ----------------------------------------------------------------------------------

#[test]
fn invalid_backends_answer_500_in_proportion() {
    let r = one_listener(vec![
        Route::http("ns", "w").http_rule(
            HttpRule::new()
                .backend(be("good").weight(3))
                .backend(be("bad").weight(1).invalid("BackendNotFound"))
                .backend(be("zero").weight(0)),
        ),
    ]);
    let Outcome::Matched(m) = r.route(&Request::get("h", "/")) else {
        panic!("no match")
    };
    let (mut good, mut bad) = (0, 0);
    for random in 0..4000u64 {
        match m.action(random) {
            Action::Forward(b) => {
                assert_eq!(b.name, "good");
                good += 1;
            }
            Action::InvalidBackend(b) => {
                assert_eq!(b.name, "bad");
                assert_eq!(Action::InvalidBackend(b).status(), Some(500));
                assert_eq!(
                    Action::InvalidBackend(b).grpc_status(),
                    Some(GrpcStatus::Unavailable)
                );
                bad += 1;
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((good, bad), (3000, 1000));
    assert_eq!(pick_backend(&[be("z").weight(0)], 5), None);
}

#[test]
fn rule_without_backends_or_answering_filter_is_500() {
    let r = one_listener(vec![
        Route::http("ns", "empty").http_rule(
            HttpRule::new()
                .matching(HttpMatch::prefix("/empty"))
                .filter(Filter::RequestHeaderModifier(HeaderModifier::default())),
        ),
        Route::http("ns", "redirect").http_rule(
            HttpRule::new()
                .matching(HttpMatch::prefix("/redirect"))
                .filter(Filter::RequestRedirect(RequestRedirect::default())),
        ),
    ]);
    let Outcome::Matched(m) = r.route(&Request::get("h", "/empty")) else {
        panic!()
    };
    assert_eq!(m.action(0), Action::NoBackend);
    assert_eq!(m.action(0).status(), Some(500));
    let Outcome::Matched(m) = r.route(&Request::get("h", "/redirect")) else {
        panic!()
    };
    assert_eq!(m.action(0).status(), Some(302));
}

fn location(
    redirect: RequestRedirect,
    listener: Listener,
    req: &Request<'_>,
    m: HttpMatch,
) -> String {
    let l = listener.route(
        Route::http("ns", "r").http_rule(
            HttpRule::new()
                .matching(m)
                .filter(Filter::RequestRedirect(redirect)),
        ),
    );
    let r = Router::build([l]).unwrap();
    let Outcome::Matched(m) = r.route(req) else {
        panic!("no match for {req:?}")
    };
    let mut out = String::new();
    assert!(m.write_redirect_location(req, &mut out).unwrap());
    out
}

#[test]
fn redirect_location_defaults() {
    let http = || Listener::http("http", 80);
    let any = HttpMatch::prefix;
    // Scheme and host default to the request's (host without its port); the port to the
    // listener's, and :80 is not written for http.
    let req = Request::get("example.com:80", "/a?x=1");
    assert_eq!(
        location(RequestRedirect::default(), http(), &req, any("/")),
        "http://example.com/a?x=1"
    );
    // Scheme set, port unset: the scheme's well-known port, not written.
    let to_https = RequestRedirect {
        scheme: Some("https".into()),
        ..RequestRedirect::default()
    };
    assert_eq!(
        location(to_https.clone(), http(), &req, any("/")),
        "https://example.com/a?x=1"
    );
    // Scheme unset on a listener on 8080: the listener port.
    let req8080 = Request::get("example.com:8080", "/a").port(8080);
    assert_eq!(
        location(
            RequestRedirect::default(),
            Listener::http("alt", 8080),
            &req8080,
            any("/")
        ),
        "http://example.com:8080/a"
    );
    // Scheme set on a listener on 8080: the well-known port of the scheme.
    assert_eq!(
        location(to_https, Listener::http("alt", 8080), &req8080, any("/")),
        "https://example.com/a"
    );
    // An explicit port is written unless it is the scheme's default.
    let port = |scheme: Option<&str>, port| RequestRedirect {
        scheme: scheme.map(Into::into),
        port: Some(port),
        ..RequestRedirect::default()
    };
    assert_eq!(
        location(port(None, 8443), http(), &req, any("/")),
        "http://example.com:8443/a?x=1"
    );
    assert_eq!(
        location(port(Some("https"), 443), http(), &req, any("/")),
        "https://example.com/a?x=1"
    );
    assert_eq!(
        location(port(Some("https"), 80), http(), &req, any("/")),
        "https://example.com:80/a?x=1"
    );
    // Hostname and path replaced, status kept.
    let full = RequestRedirect {
        hostname: Some("other.org".into()),
        path: Some(PathModifier::ReplacePrefixMatch("/new".into())),
        status_code: Some(301),
        ..RequestRedirect::default()
    };
    assert_eq!(
        location(
            full,
            http(),
            &Request::get("example.com", "/old/x?y"),
            any("/old")
        ),
        "http://other.org/new/x?y"
    );
    // HTTPS listener, scheme unset: port 443 is not written.
    let req = Request::get("secure.org", "/s").https(None);
    assert_eq!(
        location(
            RequestRedirect::default(),
            Listener::https("tls", 443),
            &req,
            any("/")
        ),
        "https://secure.org/s"
    );
}

#[test]
fn replace_prefix_match_table() {
    // The spec's table: request path, prefix match, replace prefix => modified path.
    let table = [
        ("/foo/bar", "/foo", "/xyz", "/xyz/bar"),
        ("/foo/bar", "/foo", "/xyz/", "/xyz/bar"),
        ("/foo/bar", "/foo/", "/xyz", "/xyz/bar"),
        ("/foo/bar", "/foo/", "/xyz/", "/xyz/bar"),
        ("/foo", "/foo", "/xyz", "/xyz"),
        ("/foo/", "/foo", "/xyz", "/xyz/"),
        ("/foo/bar", "/foo", "", "/bar"),
        ("/foo/", "/foo", "", "/"),
        ("/foo", "/foo", "", "/"),
        ("/foo/", "/foo", "/", "/"),
        ("/foo", "/foo", "/", "/"),
    ];
    for (path, prefix, replacement, want) in table {
        let mut out = String::new();
        write_modified_path(
            &PathModifier::ReplacePrefixMatch(replacement.into()),
            path,
            Some(prefix),
            &mut out,
        )
        .unwrap();
        assert_eq!(out, want, "{path} {prefix} {replacement}");
    }
}

#[test]
fn url_rewrite_and_header_filters() {
    let mut add = HeaderModifier::default();
    add.set.push(("X-Set".into(), "s".into()));
    add.add.push(("X-Add".into(), "a".into()));
    add.remove.push("x-remove".into());
    let r = one_listener(vec![
        Route::http("ns", "rw").http_rule(
            HttpRule::new()
                .matching(HttpMatch::prefix("/prefix/one"))
                .filter(Filter::UrlRewrite(UrlRewrite {
                    hostname: Some("rewritten.example.com".into()),
                    path: Some(PathModifier::ReplacePrefixMatch("/one".into())),
                }))
                .filter(Filter::RequestHeaderModifier(add))
                .backend(be("b")),
        ),
    ]);
    let req = Request::get("example.com", "/prefix/one/two?k=v");
    let Outcome::Matched(m) = r.route(&req) else {
        panic!()
    };
    let mut path = String::new();
    m.write_backend_path(&req, &mut path).unwrap();
    assert_eq!(path, "/one/two?k=v");
    assert_eq!(m.backend_host(&req), Some("rewritten.example.com"));
    let mut headers = vec![
        ("x-set".to_owned(), "old".to_owned()),
        ("X-Add".to_owned(), "first".to_owned()),
        ("X-Remove".to_owned(), "gone".to_owned()),
    ];
    m.apply_request_headers(None, &mut headers);
    assert_eq!(
        headers,
        vec![
            ("X-Add".to_owned(), "first,a".to_owned()),
            ("X-Set".to_owned(), "s".to_owned())
        ]
    );
    // ReplaceFullPath keeps the query.
    let mut out = String::new();
    write_modified_path(
        &PathModifier::ReplaceFullPath("/full".into()),
        "/a/b",
        None,
        &mut out,
    )
    .unwrap();
    assert_eq!(out, "/full");
}

// --- gRPC ----------------------------------------------------------------------------------------

fn grpc_rule(m: GrpcMatch, backend: &str) -> GrpcRule {
    GrpcRule::new().matching(m).backend(be(backend))
}

#[test]
fn grpc_precedence() {
    let svc = "gateway_api_conformance.echo_basic.grpcecho.GrpcEcho";
    let r = one_listener(vec![
        Route::grpc("ns", "any")
            .created(0)
            .grpc_rule(GrpcRule::new().backend(be("any"))),
        Route::grpc("ns", "method-only")
            .created(0)
            .grpc_rule(grpc_rule(GrpcMatch::exact(None, Some("EchoTwo")), "m")),
        Route::grpc("ns", "service")
            .created(1)
            .grpc_rule(grpc_rule(GrpcMatch::exact(Some(svc), None), "s")),
        Route::grpc("ns", "both")
            .created(2)
            .grpc_rule(grpc_rule(GrpcMatch::exact(Some(svc), Some("Echo")), "b")),
        Route::grpc("ns", "both-header")
            .created(3)
            .grpc_rule(grpc_rule(
                GrpcMatch::exact(Some(svc), Some("Echo")).header("v", "2"),
                "bh",
            )),
        Route::grpc("ns", "regex").created(0).grpc_rule(grpc_rule(
            GrpcMatch::regex(Some(r"gateway_api_conformance\..*"), Some("Echo.*")),
            "r",
        )),
    ]);
    let path = |m: &str| format!("/{svc}/{m}");
    let echo = path("Echo");
    // "Characters in a matching service" first, then method, then "Header matches".
    assert_eq!(
        hit(&r, &Request::grpc("h", &echo).headers(&[("v", "2")])),
        "ns/both-header 0.0"
    );
    assert_eq!(hit(&r, &Request::grpc("h", &echo)), "ns/both 0.0");
    let two = path("EchoTwo");
    assert_eq!(hit(&r, &Request::grpc("h", &two)), "ns/service 0.0");
    // An exact service beats a regex service; a regex beats no service at all.
    let other = "/gateway_api_conformance.Other/EchoX";
    assert_eq!(hit(&r, &Request::grpc("h", other)), "ns/regex 0.0");
    assert_eq!(
        hit(&r, &Request::grpc("h", "/x.Y/EchoTwo")),
        "ns/method-only 0.0"
    );
    assert_eq!(hit(&r, &Request::grpc("h", "/x.Y/Z")), "ns/any 0.-");
}

#[test]
fn grpc_and_http_do_not_merge() {
    // "Merging MUST not be done between GRPCRoutes and HTTPRoutes."
    let r = one_listener(vec![
        Route::http("ns", "web").http_rule(HttpRule::new().backend(be("web"))),
        Route::grpc("ns", "rpc")
            .hostname("grpc.example.com")
            .grpc_rule(grpc_rule(GrpcMatch::exact(Some("a.B"), Some("C")), "rpc")),
    ]);
    assert_eq!(
        hit(&r, &Request::grpc("grpc.example.com", "/a.B/C")),
        "ns/rpc 0.0"
    );
    // Unmatched gRPC: 404 / UNIMPLEMENTED, even though an HTTPRoute would take the path.
    assert_eq!(hit(&r, &Request::grpc("grpc.example.com", "/a.B/D")), "404");
    assert_eq!(
        hit(&r, &Request::get("grpc.example.com", "/a.B/C")),
        "ns/web 0.-"
    );
    let unmatched = r.route(&Request::grpc("grpc.example.com", "/a.B/D"));
    assert_eq!(unmatched.grpc_status(), Some(GrpcStatus::Unimplemented));
    assert_eq!(unmatched.status(), Some(404));
    assert_eq!(GrpcStatus::Unimplemented.as_str(), "UNIMPLEMENTED");
}

// --- build errors and explanations --------------------------------------------------------------

#[test]
fn build_error_names_the_place() {
    let l = Listener::http("web", 80).route(
        Route::http("ns", "bad")
            .http_rule(rule(HttpMatch::prefix("/"), "ok"))
            .http_rule(
                HttpRule::new()
                    .matching(HttpMatch::prefix("/a"))
                    .matching(HttpMatch::prefix("/").header_regex("x", "(unclosed")),
            ),
    );
    let err = Router::build([l]).unwrap_err();
    assert_eq!(err.listener(), "web");
    assert_eq!(
        err.route().map(ToString::to_string).as_deref(),
        Some("ns/bad")
    );
    assert_eq!((err.rule(), err.match_index()), (Some(1), Some(1)));
    assert!(
        matches!(err.kind(), BuildErrorKind::InvalidRegex { pattern, .. } if pattern == "(unclosed")
    );
    assert!(err.to_string().starts_with(
        "listener \"web\", route ns/bad, rule 1, match 1: invalid regular expression"
    ));
    // A rule is named by its index as written when the caller left rules out.
    let mut written = rule(HttpMatch::regex("(unclosed"), "x");
    written.index = Some(4);
    let l = Listener::http("web", 80).route(Route::http("ns", "bad").http_rule(written));
    assert_eq!(Router::build([l]).unwrap_err().rule(), Some(4));
    // A pattern that compiles too large is refused, not built.
    let huge = Listener::http("web", 80)
        .route(Route::http("ns", "huge").http_rule(rule(HttpMatch::regex(r"\pL{5000}"), "x")));
    assert!(Router::build([huge]).is_err());
}

/// A resolver that drops invalid rules passes the others with their index as written
/// (`Rule::index`); matches and explanations report that index, not the position.
#[test]
fn rules_are_named_by_their_index_as_written() {
    let mut kept = rule(HttpMatch::prefix("/a"), "a");
    kept.index = Some(2);
    let router = one_listener(vec![
        Route::http("ns", "r")
            .http_rule(rule(HttpMatch::prefix("/b"), "b"))
            .http_rule(kept),
    ]);
    assert_eq!(hit(&router, &Request::get("x", "/b")), "ns/r 0.0");
    assert_eq!(hit(&router, &Request::get("x", "/a")), "ns/r 2.0");
    let explained = router.explain(&Request::get("x", "/a"));
    let mut indexes: Vec<usize> = explained.candidates.iter().map(|c| c.rule_index).collect();
    indexes.sort_unstable();
    assert_eq!(indexes, [0, 2]);
}

#[test]
fn explain_names_the_losing_criterion() {
    let r = one_listener(vec![
        Route::http("ns", "exact")
            .created(0)
            .http_rule(rule(HttpMatch::exact("/a/b"), "e")),
        Route::http("ns", "long")
            .created(0)
            .http_rule(rule(HttpMatch::prefix("/a"), "l")),
        Route::http("ns", "short")
            .created(0)
            .http_rule(rule(HttpMatch::prefix("/"), "s")),
        Route::http("ns", "same")
            .created(0)
            .http_rule(rule(HttpMatch::exact("/a/b"), "x")),
        Route::http("ns", "newer")
            .created(1)
            .http_rule(rule(HttpMatch::exact("/a/b"), "n")),
        Route::http("ns", "hdr")
            .created(0)
            .http_rule(rule(HttpMatch::exact("/a/b").header("x", "1"), "h")),
        Route::http("ns", "elsewhere")
            .hostname("other.org")
            .http_rule(rule(HttpMatch::prefix("/"), "o")),
    ]);
    let e = r.explain(&Request::get("h", "/a/b"));
    let verdict = |name: &str| {
        e.candidates
            .iter()
            .find(|c| c.route.id.name == name)
            .map(|c| c.verdict.clone())
            .unwrap()
    };
    assert_eq!(verdict("exact"), Verdict::Chosen);
    assert_eq!(verdict("long"), Verdict::Lost(Criterion::PathType));
    assert_eq!(verdict("same"), Verdict::Lost(Criterion::Name));
    assert_eq!(verdict("newer"), Verdict::Lost(Criterion::CreationTime));
    assert_eq!(
        verdict("hdr"),
        Verdict::NotMatched(Mismatch::Header("x".into()))
    );
    assert_eq!(
        verdict("elsewhere"),
        Verdict::NotMatched(Mismatch::Hostname)
    );
    assert_eq!(
        e.candidates.first().map(|c| c.route.id.name.as_str()),
        Some("exact")
    );
    let e = r.explain(&Request::get("h", "/a/c"));
    assert_eq!(
        e.candidates
            .iter()
            .find(|c| c.route.id.name == "short")
            .map(|c| c.verdict.clone()),
        Some(Verdict::Lost(Criterion::PathLength))
    );
    let Outcome::Matched(m) = e.outcome else {
        panic!()
    };
    assert_eq!(m.host_match(), HostMatch::Any);
}

#[cfg(feature = "http")]
#[test]
fn http_request_view() {
    use gateway_api_match::actions::HeaderSink;
    use gateway_api_match::request::{Connection, Scheme};
    let r = one_listener(vec![
        Route::http("ns", "h")
            .hostname("example.com")
            .http_rule(rule(HttpMatch::prefix("/x").header("x-a", "1"), "h")),
    ]);
    let req = http::Request::builder()
        .uri("/x/y?z=1")
        .header("host", "Example.com:80")
        .header("X-A", "1")
        .body(())
        .unwrap();
    assert_eq!(hit_http(&r, &req), "ns/h 0.0");
    let mut req = http::Request::builder()
        .uri("https://example.com/x")
        .header("x-a", "1")
        .body(())
        .unwrap();
    req.extensions_mut().insert(Connection {
        scheme: Scheme::Http,
        port: 80,
        sni: None,
    });
    assert_eq!(hit_http(&r, &req), "ns/h 0.0");
    let mut map = http::HeaderMap::new();
    map.set("x-a", "1");
    map.add("x-a", "2");
    map.remove("bad header name");
    assert_eq!(map.get_all("x-a").iter().count(), 2);
}

#[cfg(feature = "http")]
fn hit_http(router: &Router, req: &http::Request<()>) -> String {
    match router.route(req) {
        Outcome::Matched(m) => format!(
            "{} {}.{:?}",
            m.route_id(),
            m.rule_index(),
            m.match_index().unwrap_or(0)
        ),
        Outcome::NotFound => "404".into(),
        Outcome::Misdirected => "421".into(),
    }
}

/// Prefix keys longer than 255 bytes (whose lengths the table does not index one by one) still
/// match element-wise and keep "largest number of characters" order with short ones.
#[test]
fn long_prefixes_match_elementwise() {
    let long = format!("/{}", "a".repeat(299));
    let longer = format!("{long}/{}", "b".repeat(40));
    let router = one_listener(vec![
        Route::http("ns", "long")
            .http_rule(rule(HttpMatch::prefix(long.clone()), "long"))
            .http_rule(rule(HttpMatch::prefix(format!("{longer}/")), "longer"))
            .http_rule(rule(HttpMatch::prefix("/"), "root"))
            .http_rule(rule(
                HttpMatch::prefix(format!("/{}", "a".repeat(10))),
                "short",
            )),
    ]);
    let get = |p: String| hit(&router, &Request::get("x", &p));
    assert_eq!(get(format!("{longer}/c/d")), "ns/long 1.0");
    assert_eq!(get(format!("{longer}x/c")), "ns/long 0.0");
    assert_eq!(get(long.clone()), "ns/long 0.0");
    assert_eq!(get(format!("{long}/")), "ns/long 0.0");
    assert_eq!(get(format!("{long}a")), "ns/long 2.0");
    assert_eq!(
        get(format!("/{}/{}", "a".repeat(10), "z".repeat(300))),
        "ns/long 3.0"
    );
    assert_eq!(get(format!("/{}", "a".repeat(11))), "ns/long 2.0");
}

#[test]
fn rule_slots_number_rules_in_listener_route_rule_order() {
    // Two listeners; the second has two routes, one with a two-match rule and a gRPC route. The
    // numbers follow the documented order, and both matches of one rule share its number.
    let listeners = vec![
        Listener::http("a", 80).hostname("a.example.com").route(
            Route::http("ns", "first")
                .http_rule(rule(HttpMatch::exact("/one"), "v1"))
                .http_rule(rule(HttpMatch::exact("/two"), "v1")),
        ),
        Listener::http("b", 80)
            .hostname("b.example.com")
            .route(
                Route::http("ns", "second").http_rule(
                    HttpRule::new()
                        .matching(HttpMatch::exact("/x"))
                        .matching(HttpMatch::exact("/y"))
                        .backend(be("v2")),
                ),
            )
            .route(Route::grpc("ns", "third").grpc_rule(grpc_rule(
                GrpcMatch::exact(Some("pkg.Svc"), Some("Get")),
                "v3",
            ))),
    ];
    let r = Router::build(listeners).unwrap();
    assert_eq!(r.rule_slots(), 4);
    let slot = |req: Request<'_>| match r.route(&req) {
        Outcome::Matched(m) => (m.listener_index(), m.rule_slot()),
        other => panic!("{req:?}: {other:?}"),
    };
    assert_eq!(slot(Request::get("a.example.com", "/one")), (0, 0));
    assert_eq!(slot(Request::get("a.example.com", "/two")), (0, 1));
    assert_eq!(slot(Request::get("b.example.com", "/x")), (1, 2));
    assert_eq!(slot(Request::get("b.example.com", "/y")), (1, 2));
    assert_eq!(slot(Request::grpc("b.example.com", "/pkg.Svc/Get")), (1, 3));
}

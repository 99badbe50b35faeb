//! Differential property test: the indexed `Router` against a plain reference that scans every
//! rule of every route and ranks candidates by the spec's words. The reference uses only the
//! crate's input types and `Request`; it calls no matcher code.
//!
//! Default: 1,500 tables × 70 requests = 105,000 pairs. `GAM_DIFF_TABLES` sets another number
//! of tables.

use std::cmp::Ordering;

use gateway_api_match::input::{
    Backend, GrpcMatch, HttpMatch, Listener, MatchGrpcMethod, MatchHeader, MatchPath,
    MatchQueryParam, MatchValue, Route, RouteRules, SharedStr,
};
use gateway_api_match::request::Scheme;
use gateway_api_match::{Outcome, Request, RequestView, Router};
use proptest::prelude::*;
use regex::Regex;

const REQUESTS_PER_TABLE: usize = 70;

/// A small deterministic generator, so one `u64` from proptest describes a whole case.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const HOSTS: &[&str] = &[
    "a.x", "b.a.x", "ab.x", "c.b.a.x", "x", "*.x", "*.a.x", "*.b.a.x",
];
const REQ_HOSTS: &[&str] = &[
    "a.x",
    "A.X",
    "b.a.x",
    "b.a.x.",
    "ab.x:80",
    "c.b.a.x",
    "d.c.b.a.x",
    "x",
    "q.x",
    "zz.a.x:8080",
    "other",
    "",
];
const PATHS: &[&str] = &["/", "/a", "/a/", "/a/b", "/ab", "/a/b/", "/b", "/a/bc"];
const REQ_PATHS: &[&str] = &[
    "/",
    "/a",
    "/a/",
    "/a/b",
    "/ab",
    "/a/b/",
    "/a/b/c",
    "/abc",
    "/b",
    "/a/bc",
    "/a//b",
    "/a/b?q=1",
    "/a?q=2&q=1",
    "/a/b?Q=1&q=2",
    "/ab?q",
    "/b?q=1&r=2",
];
const REGEXES: &[&str] = &[r"/a.*", r"/[ab]+", r"/a/\w?", r"/(a|b)/b/?"];
const SERVICES: &[&str] = &["s.A", "s.B", "s.AB"];
const GRPC_METHODS: &[&str] = &["M", "N", "MN"];

fn gen_value(g: &mut Gen) -> MatchValue {
    if g.chance(25) {
        MatchValue::RegularExpression(g.pick(&["[12]", "1|3", r"\d"]).into())
    } else {
        MatchValue::Exact(g.pick(&["1", "2"]).into())
    }
}

fn few(g: &mut Gen) -> usize {
    match g.below(20) {
        0..=12 => 0,
        13..=18 => 1,
        _ => 2,
    }
}

fn gen_headers(g: &mut Gen) -> Vec<MatchHeader> {
    (0..few(g))
        .map(|_| MatchHeader {
            name: g.pick(&["x", "X", "y"]).into(),
            value: gen_value(g),
        })
        .collect()
}

fn gen_http_match(g: &mut Gen) -> HttpMatch {
    let path = match g.below(10) {
        0..=4 => MatchPath::Prefix(g.pick(PATHS).into()),
        5..=7 => MatchPath::Exact(g.pick(PATHS).into()),
        _ => MatchPath::RegularExpression(g.pick(REGEXES).into()),
    };
    HttpMatch {
        path,
        method: g.chance(30).then(|| g.pick(&["GET", "POST"]).into()),
        headers: gen_headers(g),
        query_params: (0..few(g))
            .map(|_| MatchQueryParam {
                name: g.pick(&["q", "Q"]).into(),
                value: gen_value(g),
            })
            .collect(),
    }
}

fn gen_grpc_match(g: &mut Gen) -> GrpcMatch {
    let method = if g.chance(15) {
        None
    } else if g.chance(25) {
        Some(MatchGrpcMethod {
            regex: true,
            service: g.chance(70).then(|| g.pick(&[r"s\..*", r"s\.A.?"]).into()),
            method: g.chance(50).then(|| g.pick(&["M.*", "N"]).into()),
        })
    } else {
        Some(MatchGrpcMethod {
            regex: false,
            service: g.chance(80).then(|| g.pick(SERVICES).into()),
            method: g.chance(60).then(|| g.pick(GRPC_METHODS).into()),
        })
    };
    GrpcMatch {
        method,
        headers: gen_headers(g),
    }
}

fn gen_rule<M>(g: &mut Gen, gen_match: fn(&mut Gen) -> M) -> gateway_api_match::input::Rule<M> {
    let mut rule = gateway_api_match::input::Rule::new();
    for _ in 0..g.below(3) {
        rule.matches.push(gen_match(g));
    }
    rule.backends.push(Backend::new("ns", "b", 80));
    rule
}

fn gen_route(g: &mut Gen) -> Route {
    let ns = g.pick(&["a", "a-b", "b"]);
    let name = g.pick(&["r", "s", "r1"]);
    let mut route = if g.chance(20) {
        let mut r = Route::grpc(ns, name);
        for _ in 0..1 + g.below(3) {
            r = r.grpc_rule(gen_rule(g, gen_grpc_match));
        }
        r
    } else {
        let mut r = Route::http(ns, name);
        for _ in 0..1 + g.below(3) {
            r = r.http_rule(gen_rule(g, gen_http_match));
        }
        r
    };
    route.created = g.chance(60).then(|| g.below(3) as i64);
    for _ in 0..g.below(4).saturating_sub(1) {
        route = route.hostname(g.pick(HOSTS));
    }
    route
}

fn gen_table(g: &mut Gen) -> Vec<Listener> {
    let mut listeners = Vec::new();
    for i in 0..1 + g.below(4) {
        // The first listener is on port 80, so most plain requests find one.
        let port = if i == 0 {
            80
        } else {
            [80, 80, 443, 443, 8080][g.below(5)]
        };
        let mut l = if port == 443 {
            Listener::https(format!("l{i}"), port)
        } else {
            Listener::http(format!("l{i}"), port)
        };
        if g.chance(35) {
            l.hostname = Some(g.pick(&["a.x", "*.x", "*.a.x", "b.a.x", "x"]).to_owned());
        }
        for _ in 0..g.below(6) {
            l.routes.push(gen_route(g));
        }
        listeners.push(l);
    }
    listeners
}

struct OwnedRequest {
    method: &'static str,
    scheme: Scheme,
    port: u16,
    host: Option<&'static str>,
    sni: Option<&'static str>,
    path: String,
    headers: Vec<(&'static str, &'static str)>,
    grpc: bool,
}

impl OwnedRequest {
    fn view(&self) -> Request<'_> {
        Request {
            method: self.method,
            scheme: self.scheme,
            port: self.port,
            host: self.host,
            sni: self.sni,
            path: &self.path,
            headers: &self.headers,
            grpc: self.grpc,
        }
    }
}

fn gen_request(g: &mut Gen) -> OwnedRequest {
    let https = g.chance(25);
    let grpc = g.chance(20);
    let path = if grpc {
        let s = if g.chance(90) {
            g.pick(SERVICES)
        } else {
            "t.A"
        };
        format!("/{s}/{}", g.pick(GRPC_METHODS))
    } else {
        g.pick(REQ_PATHS).to_owned()
    };
    let host = g.pick(REQ_HOSTS);
    let mut headers = Vec::new();
    for _ in 0..g.below(4) {
        headers.push((g.pick(&["x", "X", "y", "z"]), g.pick(&["1", "2", "1", "3"])));
    }
    OwnedRequest {
        method: g.pick(&["GET", "POST"]),
        scheme: if https { Scheme::Https } else { Scheme::Http },
        port: if https {
            443
        } else {
            [80, 80, 80, 8080, 8080, 80, 80, 80, 80, 81][g.below(10)]
        },
        host: (!host.is_empty()).then_some(host),
        sni: (https && g.chance(70)).then(|| g.pick(REQ_HOSTS)),
        path,
        headers,
        grpc,
    }
}

// ---------------------------------------------------------------------------------------------
// The reference: everything below follows the spec's sentences directly and scans everything.

/// Host as compared: port dropped ("MUST ignore any port value"), a trailing dot dropped,
/// lower-cased (DNS names are case-insensitive). Absent or empty: no host.
fn ref_host(raw: Option<&str>) -> Option<String> {
    let raw = raw?;
    let h = raw.split(':').next().unwrap_or("");
    let h = h.strip_suffix('.').unwrap_or(h);
    (!h.is_empty()).then(|| h.to_ascii_lowercase())
}

/// (characters in a matching non-wildcard hostname, characters in a matching hostname), or None.
/// `*.s` matches one or more labels before `.s`.
fn ref_hostname_match(pattern: &str, host: Option<&str>) -> Option<(usize, usize)> {
    let p = pattern
        .strip_suffix('.')
        .unwrap_or(pattern)
        .to_ascii_lowercase();
    if p.is_empty() || p == "*" {
        return Some((0, 0));
    }
    let host = host?;
    if let Some(suffix) = p.strip_prefix("*.") {
        let dotted = format!(".{suffix}");
        (host.ends_with(&dotted) && host.len() > dotted.len()).then_some((0, p.len()))
    } else {
        (host == p).then_some((p.len(), p.len()))
    }
}

/// Listener by host: "Exact matches MUST be processed before wildcard matches, and wildcard
/// matches MUST be processed before fallback" and more dots first; the first listener on ties.
fn ref_listener(listeners: &[Listener], port: u16, tls: bool, host: Option<&str>) -> Option<usize> {
    let mut best: Option<((usize, usize), usize)> = None;
    for (i, l) in listeners.iter().enumerate() {
        if l.port != port || l.tls_terminate != tls {
            continue;
        }
        let Some(rank) = ref_hostname_match(l.hostname.as_deref().unwrap_or("*"), host) else {
            continue;
        };
        // exact: (2, len); wildcard: (1, len); none: (0, 0)
        let key = match rank {
            (0, 0) => (0, 0),
            (0, n) => (1, n),
            (n, _) => (2, n),
        };
        if best.is_none_or(|(b, _)| key > b) {
            best = Some((key, i));
        }
    }
    best.map(|(_, i)| i)
}

#[derive(Debug, PartialEq, Eq)]
enum RefOutcome {
    NotFound,
    Misdirected,
    Matched {
        listener: usize,
        route: usize,
        rule: usize,
        matched: Option<usize>,
    },
}

fn value_ok(m: &MatchValue, v: &str) -> bool {
    match m {
        MatchValue::Exact(e) => e == v,
        MatchValue::RegularExpression(p) => whole(p, v),
    }
}

/// Regexes match the whole value; RE2's `\d`/`\w` are ASCII.
fn whole(pattern: &str, v: &str) -> bool {
    let ascii = pattern
        .replace(r"\d", "[0-9]")
        .replace(r"\w", "[0-9A-Za-z_]");
    Regex::new(&format!("^(?:{ascii})$")).is_ok_and(|r| r.is_match(v))
}

fn header<'a>(req: &'a Request<'a>, name: &str) -> Option<&'a str> {
    req.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// "If multiple entries specify equivalent header names, only the first entry with an
/// equivalent name MUST be considered". Returns the number of headers counted, if all hold.
fn headers_ok(matchers: &[MatchHeader], req: &Request<'_>) -> Option<usize> {
    let mut seen: Vec<String> = Vec::new();
    for m in matchers {
        let lower = m.name.to_ascii_lowercase();
        if seen.contains(&lower) {
            continue;
        }
        seen.push(lower);
        if !header(req, &m.name).is_some_and(|v| value_ok(&m.value, v)) {
            return None;
        }
    }
    Some(seen.len())
}

fn query_first<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k == name {
            return Some(v);
        }
    }
    None
}

/// Rank of a matching HTTP match: (path type, path chars, method, headers, query params), where
/// path type is Exact 2 > RegularExpression 1 > PathPrefix 0 (the crate's documented choice for
/// the implementation-specific regex position).
fn ref_http_match(m: &HttpMatch, req: &Request<'_>) -> Option<[usize; 5]> {
    let (path, query) = req.path.split_once('?').unwrap_or((req.path, ""));
    let has_query = req.path.contains('?');
    let path_rank = match &m.path {
        MatchPath::Exact(p) => (p == path).then_some((2, p.len()))?,
        MatchPath::Prefix(p) => {
            // "/abc, /abc/, and /abc/def would all match the prefix /abc, but /abcd would not",
            // and "a trailing / is ignored".
            let trimmed = p.strip_suffix('/').unwrap_or(p);
            let req_segments: Vec<&str> = path.split('/').collect();
            let pre_segments: Vec<&str> = trimmed.split('/').collect();
            let ok = if trimmed.is_empty() {
                path.starts_with('/')
            } else {
                req_segments.len() >= pre_segments.len()
                    && req_segments[..pre_segments.len()] == pre_segments[..]
            };
            ok.then_some((0, p.len()))?
        }
        MatchPath::RegularExpression(p) => whole(p, path).then_some((1, p.len()))?,
    };
    if let Some(method) = &m.method
        && method != req.method
    {
        return None;
    }
    let headers = headers_ok(&m.headers, req)?;
    let mut seen: Vec<&str> = Vec::new();
    for q in &m.query_params {
        if seen.contains(&q.name.as_str()) {
            continue;
        }
        seen.push(&q.name);
        let value = if has_query {
            query_first(query, &q.name)
        } else {
            None
        };
        if !value.is_some_and(|v| value_ok(&q.value, v)) {
            return None;
        }
    }
    Some([
        path_rank.0,
        path_rank.1,
        usize::from(m.method.is_some()),
        headers,
        seen.len(),
    ])
}

/// Rank of a matching gRPC match: service (type, chars), method (type, chars), headers; an
/// exact name ranks above a regex, which ranks above none.
fn ref_grpc_match(m: &GrpcMatch, req: &Request<'_>) -> Option<[usize; 5]> {
    let rest = req.path.strip_prefix('/').unwrap_or("");
    let (service, method) = match rest.split_once('/') {
        Some((s, m)) if !m.contains('/') => (s, m),
        _ => ("", ""),
    };
    let name = |regex: bool, want: Option<&SharedStr>, got: &str| -> Option<(usize, usize)> {
        match want {
            None => Some((0, 0)),
            Some(w) if w.is_empty() => Some((0, 0)),
            Some(w) if regex => whole(w, got).then_some((1, w.len())),
            Some(w) => (w == got).then_some((2, w.len())),
        }
    };
    let (s, me) = match &m.method {
        None => ((0, 0), (0, 0)),
        Some(mm) => (
            name(mm.regex, mm.service.as_ref(), service)?,
            name(mm.regex, mm.method.as_ref(), method)?,
        ),
    };
    let headers = headers_ok(&m.headers, req)?;
    Some([s.0, s.1, me.0, me.1, headers])
}

fn reference(listeners: &[Listener], req: &Request<'_>) -> RefOutcome {
    let host = ref_host(req.host);
    let tls = req.scheme == Scheme::Https;
    let li = if tls {
        let sni = match req.sni {
            Some(s) => ref_host(Some(s)),
            None => host.clone(),
        };
        let Some(by_sni) = ref_listener(listeners, req.port, true, sni.as_deref()) else {
            return RefOutcome::NotFound;
        };
        match ref_listener(listeners, req.port, true, host.as_deref()) {
            Some(by_host) if by_host == by_sni => by_sni,
            // "If another Listener does match the Host, the Gateway SHOULD return a 421."
            Some(_) => return RefOutcome::Misdirected,
            // "If no other Listener matches the Host, the Gateway MUST return a 404."
            None => return RefOutcome::NotFound,
        }
    } else {
        match ref_listener(listeners, req.port, false, host.as_deref()) {
            Some(l) => l,
            None => return RefOutcome::NotFound,
        }
    };
    let listener = &listeners[li];
    // (host key, match rank, created, name, route index, rule, match)
    type Key = (
        (usize, usize),
        [usize; 5],
        Option<i64>,
        String,
        usize,
        usize,
        Option<usize>,
    );
    let mut best: Option<Key> = None;
    let better = |a: &Key, b: &Key| -> bool {
        // Larger host counts and rank first; then older; then smaller name; then earlier.
        a.0.cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(b.2.cmp(&a.2))
            .then(b.3.cmp(&a.3))
            .then(b.4.cmp(&a.4))
            .then(b.5.cmp(&a.5))
            .then(b.6.cmp(&a.6))
            == Ordering::Greater
    };
    for (ri, route) in listener.routes.iter().enumerate() {
        let host_key = if route.hostnames.is_empty() {
            Some((0, 0))
        } else {
            route
                .hostnames
                .iter()
                .filter_map(|h| ref_hostname_match(h, host.as_deref()))
                .max()
        };
        let Some(host_key) = host_key else { continue };
        let name = format!("{}/{}", route.id.namespace, route.id.name);
        let mut consider = |rank: [usize; 5], rule: usize, m: Option<usize>| {
            let key: Key = (host_key, rank, route.created, name.clone(), ri, rule, m);
            if best.as_ref().is_none_or(|b| better(&key, b)) {
                best = Some(key);
            }
        };
        match (&route.rules, req.grpc) {
            (RouteRules::Http(rules), false) => {
                for (ui, rule) in rules.iter().enumerate() {
                    if rule.matches.is_empty()
                        && let Some(r) = ref_http_match(&HttpMatch::default(), req)
                    {
                        consider(r, ui, None);
                    }
                    for (mi, m) in rule.matches.iter().enumerate() {
                        if let Some(r) = ref_http_match(m, req) {
                            consider(r, ui, Some(mi));
                        }
                    }
                }
            }
            (RouteRules::Grpc(rules), true) => {
                for (ui, rule) in rules.iter().enumerate() {
                    if rule.matches.is_empty()
                        && let Some(r) = ref_grpc_match(&GrpcMatch::default(), req)
                    {
                        consider(r, ui, None);
                    }
                    for (mi, m) in rule.matches.iter().enumerate() {
                        if let Some(r) = ref_grpc_match(m, req) {
                            consider(r, ui, Some(mi));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    match best {
        None => RefOutcome::NotFound,
        Some((_, _, _, _, route, rule, matched)) => RefOutcome::Matched {
            listener: li,
            route,
            rule,
            matched,
        },
    }
}

fn router_outcome(router: &Router, req: &Request<'_>) -> RefOutcome {
    match router.route(req) {
        Outcome::NotFound => RefOutcome::NotFound,
        Outcome::Misdirected => RefOutcome::Misdirected,
        Outcome::Matched(m) => {
            let listener = router
                .listeners()
                .iter()
                .position(|l| std::ptr::eq(l, m.listener()))
                .expect("listener from this router");
            let route = m
                .listener()
                .routes
                .iter()
                .position(|r| std::ptr::eq(r, m.route()))
                .expect("route from this listener");
            RefOutcome::Matched {
                listener,
                route,
                rule: m.rule_index(),
                matched: m.match_index(),
            }
        }
    }
}

fn tables() -> u32 {
    std::env::var("GAM_DIFF_TABLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_500)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: tables(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn router_agrees_with_reference(seed in any::<u64>()) {
        let mut g = Gen(seed);
        let table = gen_table(&mut g);
        let router = Router::build(table.clone()).expect("generated patterns are valid");
        for _ in 0..REQUESTS_PER_TABLE {
            let owned = gen_request(&mut g);
            let req = owned.view();
            let expected = reference(&table, &req);
            let actual = router_outcome(&router, &req);
            prop_assert_eq!(
                &actual, &expected,
                "request {:?} host={:?} sni={:?} on table {:#?}", req.path, req.host(), req.sni, table
            );
        }
    }
}

/// The generator must exercise every outcome, or agreement would prove little.
#[test]
fn generator_covers_every_outcome() {
    let (mut matched, mut not_found, mut misdirected, mut grpc, mut later_rule, mut https) =
        (0, 0, 0, 0, 0, 0);
    for seed in 0..300 {
        let mut g = Gen(seed);
        let table = gen_table(&mut g);
        for _ in 0..REQUESTS_PER_TABLE {
            let owned = gen_request(&mut g);
            let req = owned.view();
            match reference(&table, &req) {
                RefOutcome::NotFound => not_found += 1,
                RefOutcome::Misdirected => misdirected += 1,
                RefOutcome::Matched { rule, .. } => {
                    matched += 1;
                    grpc += usize::from(req.grpc);
                    https += usize::from(req.scheme == Scheme::Https);
                    later_rule += usize::from(rule > 0);
                }
            }
        }
    }
    let total = 300 * REQUESTS_PER_TABLE;
    eprintln!(
        "of {total}: matched {matched} (grpc {grpc}, https {https}, rule>0 {later_rule}), \
         404 {not_found}, 421 {misdirected}"
    );
    assert!(matched > total / 5 && not_found > total / 10 && misdirected > total / 400);
    assert!(grpc > total / 100 && https > total / 100 && later_rule > total / 50);
}

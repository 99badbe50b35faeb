//! From a Gateway's effective configuration to a compiled [`gateway_api_match::Router`].
//!
//! The matcher takes plain input types and knows nothing of Kubernetes; this is the one place
//! that translates: listener protocol and TLS mode, route hostnames already intersected, the API
//! defaults already applied to matches, backends with their invalid reasons, filters.

/// The matcher's input types and the two root names this file uses, under one short prefix.
mod m {
    pub(crate) use gateway_api_match::input::*;
    pub(crate) use gateway_api_match::{BuildError, Router};
}
use gateway_api_types::model::{
    GrpcRouteFilter, GrpcRouteMatch, HeaderMatchType, HttpHeaderFilter, HttpPathModifier,
    HttpPathModifierType, HttpRouteFilter, HttpRouteMatch, PathMatchType, TlsModeType,
};

use std::sync::Arc;

use crate::effective::{
    Backend, EffectiveGateway, EffectiveGrpcFilter, EffectiveHttpFilter, EffectiveListener,
    EffectiveRoute, EffectiveRules,
};
use crate::hash::HashMap;
use crate::snapshot::ObjectKey;

/// The matcher's listeners for a Gateway: its HTTP and HTTPS listeners (TLS, TCP and UDP
/// listeners carry no HTTP routing and are left out), in merge order, each with its HTTPRoutes
/// and GRPCRoutes.
pub fn router_listeners(gateway: &EffectiveGateway) -> Vec<m::Listener> {
    let mut strings = Strings::default();
    listeners(gateway, &mut strings, &mut |effective, strings| {
        rules(effective, strings)
    })
}

/// Builds the router of a Gateway. Fails only on what the API server cannot catch: a regular
/// expression that does not compile (the error names the route, rule and match).
///
/// A program that rebuilds the router after every change should keep a [`RouterCache`]
/// instead: this converts every route's rules on every call.
pub fn build_router(gateway: &EffectiveGateway) -> Result<m::Router, m::BuildError> {
    m::Router::build(router_listeners(gateway))
}

/// Builds a Gateway's router again and again, converting only the rules of routes that
/// changed since the last build.
///
/// A route's effective rules are one shared `Arc` ([`EffectiveRoute::rules`]): the listeners
/// a route attaches to share it, and a [`Resolver`](crate::Resolver) hands out the same `Arc`
/// for as long as the route's rules and backends stay the same. The cache keeps the matcher's
/// form of each such `Arc`'s rules (which the router shares in turn), so a rebuild after one
/// route changed converts one route. Keep one cache per Gateway: a build forgets the rules it
/// did not use.
///
/// ```
/// # use gateway_api_resolve::{EffectiveGateway, RouterCache};
/// # fn rebuild(cache: &mut RouterCache, gateway: &EffectiveGateway) {
/// let router = cache.build(gateway).expect("the router builds");
/// # }
/// ```
#[derive(Default)]
pub struct RouterCache {
    /// By the address of the effective rules, which the entry keeps alive (so the address
    /// cannot be reused by other rules while the entry exists).
    entries: HashMap<usize, Cached>,
}

struct Cached {
    _rules: Arc<EffectiveRules>,
    converted: Option<m::RouteRules>,
    /// Whether the current build used it.
    used: bool,
}

impl std::fmt::Debug for RouterCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RouterCache")
            .field("routes", &self.entries.len())
            .finish()
    }
}

impl RouterCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// [`build_router`], reusing the rules converted by earlier builds.
    pub fn build(&mut self, gateway: &EffectiveGateway) -> Result<m::Router, m::BuildError> {
        let mut strings = Strings::default();
        let listeners = listeners(gateway, &mut strings, &mut |effective, strings| {
            let entry = self
                .entries
                .entry(Arc::as_ptr(effective) as usize)
                .or_insert_with(|| Cached {
                    _rules: Arc::clone(effective),
                    converted: rules(effective, strings),
                    used: false,
                });
            entry.used = true;
            entry.converted.clone()
        });
        self.entries.retain(|_, e| std::mem::take(&mut e.used));
        m::Router::build(listeners)
    }

    /// How many routes' rules it holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One [`m::SharedStr`] per distinct string of a Gateway's configuration, for one conversion.
///
/// Namespaces, Service names, paths and header names recur across routes: handing out clones
/// of one shared string instead of a copy per use spares an allocation (and a free when the
/// router is dropped) per use, which was most of the cost of building a large router. Route
/// names are unique and are not looked up here.
#[derive(Default)]
struct Strings<'g> {
    shared: HashMap<&'g str, m::SharedStr>,
    /// A backend's namespace and name, by the address of the resolver's key of its Service,
    /// which every backend naming that Service shares: one lookup of a pointer instead of two
    /// of strings. The keys are borrowed for the whole conversion, so addresses stay unique.
    services: HashMap<*const ObjectKey, (m::SharedStr, m::SharedStr)>,
}

impl<'g> Strings<'g> {
    fn get(&mut self, s: &'g str) -> m::SharedStr {
        self.shared
            .entry(s)
            .or_insert_with(|| m::SharedStr::from(s))
            .clone()
    }

    fn service(&mut self, key: &'g Arc<ObjectKey>) -> (m::SharedStr, m::SharedStr) {
        if let Some(names) = self.services.get(&Arc::as_ptr(key)) {
            return names.clone();
        }
        let names = (self.get(&key.namespace), self.get(&key.name));
        self.services.insert(Arc::as_ptr(key), names.clone());
        names
    }
}

/// The matcher's listeners, with `rules` giving each route's rules (`None`: not an HTTP or
/// gRPC route).
fn listeners<'g>(
    gateway: &'g EffectiveGateway,
    strings: &mut Strings<'g>,
    rules: &mut impl FnMut(&'g Arc<EffectiveRules>, &mut Strings<'g>) -> Option<m::RouteRules>,
) -> Vec<m::Listener> {
    gateway
        .listeners
        .iter()
        .filter_map(|l| listener(l, strings, rules))
        .collect()
}

fn listener<'g>(
    l: &'g EffectiveListener,
    strings: &mut Strings<'g>,
    rules: &mut impl FnMut(&'g Arc<EffectiveRules>, &mut Strings<'g>) -> Option<m::RouteRules>,
) -> Option<m::Listener> {
    let (protocol, tls_terminate) = match l.protocol.as_str() {
        "HTTP" => (m::Protocol::Http, false),
        // An HTTPS listener terminates TLS ("HTTPS listeners MUST use Terminate").
        "HTTPS" => (
            m::Protocol::Https,
            l.tls
                .as_ref()
                .is_none_or(|t| t.mode == TlsModeType::Terminate),
        ),
        _ => return None,
    };
    let port = u16::try_from(l.port).ok()?;
    Some(m::Listener {
        name: l.name.clone(),
        port,
        protocol,
        tls_terminate,
        hostname: l.hostname.clone(),
        routes: l
            .routes
            .iter()
            .filter_map(|r| route(r, strings, rules))
            .collect(),
    })
}

fn route<'g>(
    r: &'g EffectiveRoute,
    strings: &mut Strings<'g>,
    rules: &mut impl FnMut(&'g Arc<EffectiveRules>, &mut Strings<'g>) -> Option<m::RouteRules>,
) -> Option<m::Route> {
    Some(m::Route {
        rules: rules(&r.rules, strings)?,
        id: m::RouteId {
            namespace: strings.get(&r.route.namespace),
            name: m::SharedStr::from(&r.route.name),
        },
        created: r.created.map(|t| t.as_second()),
        hostnames: Arc::clone(&r.hostnames),
    })
}

/// A route's rules in the matcher's form; `None` for layer-4 rules, which it does not route.
fn rules<'g>(rules: &'g Arc<EffectiveRules>, strings: &mut Strings<'g>) -> Option<m::RouteRules> {
    // Collected straight into the shared slice: one allocation per route.
    Some(match &**rules {
        EffectiveRules::Http(rules) => m::RouteRules::Http(
            rules
                .iter()
                .map(|r| {
                    let matches = r.matches.iter().map(|x| http_match(x, strings)).collect();
                    rule(
                        &r.name,
                        r.index,
                        matches,
                        &r.filters,
                        &r.backends,
                        http_filter,
                        strings,
                    )
                })
                .collect(),
        ),
        EffectiveRules::Grpc(rules) => m::RouteRules::Grpc(
            rules
                .iter()
                .map(|r| {
                    let matches = r.matches.iter().map(|x| grpc_match(x, strings)).collect();
                    rule(
                        &r.name,
                        r.index,
                        matches,
                        &r.filters,
                        &r.backends,
                        grpc_filter,
                        strings,
                    )
                })
                .collect(),
        ),
        EffectiveRules::L4(_) => return None,
    })
}

/// A filter's conversion, with the strings of the conversion.
type ConvertFilter<'g, F> = fn(&'g F, &mut Strings<'g>) -> Option<m::Filter>;

/// One rule of either kind in the matcher's form, its `matches` already converted (what else
/// differs between HTTPRoute and GRPCRoute rules is the filter type, converted by `filter`).
fn rule<'g, M, F>(
    name: &Option<String>,
    index: usize,
    matches: Vec<M>,
    filters: &'g [F],
    backends: &'g [Backend<F>],
    filter: ConvertFilter<'g, F>,
    strings: &mut Strings<'g>,
) -> m::Rule<M> {
    m::Rule {
        name: name.clone(),
        index: Some(index),
        matches,
        filters: filters.iter().filter_map(|f| filter(f, strings)).collect(),
        backends: backends
            .iter()
            .map(|b| backend(b, strings, filter))
            .collect(),
    }
}

fn backend<'g, F>(
    b: &'g Backend<F>,
    strings: &mut Strings<'g>,
    filter: ConvertFilter<'g, F>,
) -> m::Backend {
    let (namespace, name) = strings.service(&b.service);
    m::Backend {
        namespace,
        name,
        port: b.port.and_then(|p| u16::try_from(p).ok()),
        weight: u32::try_from(b.weight).unwrap_or(0),
        invalid: b
            .invalid
            .as_ref()
            .map(|i| format!("{}: {}", i.reason.as_str(), i.message)),
        filters: b
            .filters
            .iter()
            .filter_map(|f| filter(f, strings))
            .collect(),
    }
}

fn value<'g>(
    kind: Option<&HeaderMatchType>,
    value: &'g str,
    strings: &mut Strings<'g>,
) -> m::MatchValue {
    match kind {
        Some(HeaderMatchType::RegularExpression) => {
            m::MatchValue::RegularExpression(strings.get(value))
        }
        _ => m::MatchValue::Exact(strings.get(value)),
    }
}

fn http_match<'g>(hm: &'g HttpRouteMatch, strings: &mut Strings<'g>) -> m::HttpMatch {
    let path = match &hm.path {
        // The API's default, `PathPrefix /`.
        None => m::MatchPath::Prefix(strings.get("/")),
        Some(p) => {
            let v = strings.get(p.value.as_deref().unwrap_or("/"));
            match p.r#type.as_ref() {
                Some(PathMatchType::Exact) => m::MatchPath::Exact(v),
                Some(PathMatchType::RegularExpression) => m::MatchPath::RegularExpression(v),
                _ => m::MatchPath::Prefix(v),
            }
        }
    };
    m::HttpMatch {
        path,
        method: hm.method.as_ref().map(|x| strings.get(x.as_str())),
        headers: hm
            .headers
            .iter()
            .flatten()
            .map(|h| m::MatchHeader {
                name: strings.get(&h.name),
                value: value(h.r#type.as_ref(), &h.value, strings),
            })
            .collect(),
        query_params: hm
            .query_params
            .iter()
            .flatten()
            .map(|q| m::MatchQueryParam {
                name: strings.get(&q.name),
                value: value(q.r#type.as_ref(), &q.value, strings),
            })
            .collect(),
    }
}

fn grpc_match<'g>(gm: &'g GrpcRouteMatch, strings: &mut Strings<'g>) -> m::GrpcMatch {
    m::GrpcMatch {
        method: gm.method.as_ref().map(|mm| m::MatchGrpcMethod {
            regex: matches!(mm.r#type, Some(HeaderMatchType::RegularExpression)),
            service: mm
                .service
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(|s| strings.get(s)),
            method: mm
                .method
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(|s| strings.get(s)),
        }),
        headers: gm
            .headers
            .iter()
            .flatten()
            .map(|h| m::MatchHeader {
                name: strings.get(&h.name),
                value: value(h.r#type.as_ref(), &h.value, strings),
            })
            .collect(),
    }
}

fn headers(f: &HttpHeaderFilter) -> m::HeaderModifier {
    let pairs = |list: &Option<Vec<gateway_api_types::model::HttpHeader>>| {
        list.iter()
            .flatten()
            .map(|h| (h.name.clone(), h.value.clone()))
            .collect()
    };
    m::HeaderModifier {
        set: pairs(&f.set),
        add: pairs(&f.add),
        remove: f.remove.clone().unwrap_or_default(),
    }
}

fn path_modifier(p: &HttpPathModifier) -> Option<m::PathModifier> {
    match p.r#type {
        HttpPathModifierType::ReplaceFullPath => Some(m::PathModifier::ReplaceFullPath(
            p.replace_full_path.clone().unwrap_or_default(),
        )),
        HttpPathModifierType::ReplacePrefixMatch => Some(m::PathModifier::ReplacePrefixMatch(
            p.replace_prefix_match.clone().unwrap_or_default(),
        )),
        _ => None,
    }
}

fn mirror<'g>(
    resolved: Option<&'g Backend<()>>,
    spec: Option<&gateway_api_types::model::HttpRequestMirrorFilter>,
    strings: &mut Strings<'g>,
) -> Option<m::Filter> {
    let b = resolved?;
    let fraction = spec.and_then(|s| match (s.fraction.as_ref(), s.percent) {
        (Some(f), _) => Some((
            u32::try_from(f.numerator).unwrap_or(0),
            u32::try_from(f.denominator.unwrap_or(100)).unwrap_or(100),
        )),
        (None, Some(p)) => Some((u32::try_from(p).unwrap_or(0), 100)),
        (None, None) => None,
    });
    Some(m::Filter::RequestMirror(m::RequestMirror {
        backend: backend(b, strings, |_, _| None),
        fraction,
    }))
}

fn http_filter<'g>(ef: &'g EffectiveHttpFilter, strings: &mut Strings<'g>) -> Option<m::Filter> {
    let f: &HttpRouteFilter = &ef.filter;
    if let Some(h) = &f.request_header_modifier {
        return Some(m::Filter::RequestHeaderModifier(headers(h)));
    }
    if let Some(h) = &f.response_header_modifier {
        return Some(m::Filter::ResponseHeaderModifier(headers(h)));
    }
    if let Some(r) = &f.request_redirect {
        return Some(m::Filter::RequestRedirect(m::RequestRedirect {
            scheme: r.scheme.as_ref().map(|s| s.as_str().to_owned()),
            hostname: r.hostname.clone(),
            path: r.path.as_ref().and_then(path_modifier),
            port: r.port.and_then(|p| u16::try_from(p).ok()),
            status_code: r.status_code.and_then(|c| u16::try_from(c).ok()),
        }));
    }
    if let Some(u) = &f.url_rewrite {
        return Some(m::Filter::UrlRewrite(m::UrlRewrite {
            hostname: u.hostname.clone(),
            path: u.path.as_ref().and_then(path_modifier),
        }));
    }
    if f.request_mirror.is_some() {
        return mirror(ef.mirror.as_ref(), f.request_mirror.as_ref(), strings);
    }
    if let Some(c) = &f.cors {
        return Some(m::Filter::Cors(m::Cors {
            allow_origins: c.allow_origins.clone().unwrap_or_default(),
            allow_methods: c
                .allow_methods
                .iter()
                .flatten()
                .map(|x| x.as_str().to_owned())
                .collect(),
            allow_headers: c.allow_headers.clone().unwrap_or_default(),
            expose_headers: c.expose_headers.clone().unwrap_or_default(),
            allow_credentials: c.allow_credentials,
            max_age: c.max_age.and_then(|a| u32::try_from(a).ok()),
        }));
    }
    f.extension_ref.as_ref().map(|e| {
        m::Filter::ExtensionRef(m::ExtensionRef {
            group: e.group.clone(),
            kind: e.kind.clone(),
            name: e.name.clone(),
        })
    })
}

fn grpc_filter<'g>(ef: &'g EffectiveGrpcFilter, strings: &mut Strings<'g>) -> Option<m::Filter> {
    let f: &GrpcRouteFilter = &ef.filter;
    if let Some(h) = &f.request_header_modifier {
        return Some(m::Filter::RequestHeaderModifier(headers(h)));
    }
    if let Some(h) = &f.response_header_modifier {
        return Some(m::Filter::ResponseHeaderModifier(headers(h)));
    }
    if f.request_mirror.is_some() {
        return mirror(ef.mirror.as_ref(), f.request_mirror.as_ref(), strings);
    }
    f.extension_ref.as_ref().map(|e| {
        m::Filter::ExtensionRef(m::ExtensionRef {
            group: e.group.clone(),
            kind: e.kind.clone(),
            name: e.name.clone(),
        })
    })
}

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

use crate::effective::{
    Backend, EffectiveGateway, EffectiveGrpcFilter, EffectiveHttpFilter, EffectiveListener,
    EffectiveRoute, EffectiveRules,
};

/// The matcher's listeners for a Gateway: its HTTP and HTTPS listeners (TLS, TCP and UDP
/// listeners carry no HTTP routing and are left out), in merge order, each with its HTTPRoutes
/// and GRPCRoutes.
pub fn router_listeners(gateway: &EffectiveGateway) -> Vec<m::Listener> {
    gateway.listeners.iter().filter_map(listener).collect()
}

/// Builds the router of a Gateway. Fails only on what the API server cannot catch: a regular
/// expression that does not compile (the error names the route, rule and match).
pub fn build_router(gateway: &EffectiveGateway) -> Result<m::Router, m::BuildError> {
    m::Router::build(router_listeners(gateway))
}

fn listener(l: &EffectiveListener) -> Option<m::Listener> {
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
        routes: l.routes.iter().filter_map(route).collect(),
    })
}

fn route(r: &EffectiveRoute) -> Option<m::Route> {
    let rules = match &*r.rules {
        EffectiveRules::Http(rules) => m::RouteRules::Http(
            rules
                .iter()
                .map(|rule| m::HttpRule {
                    name: rule.name.clone(),
                    index: Some(rule.index),
                    matches: rule.matches.iter().map(http_match).collect(),
                    filters: rule.filters.iter().filter_map(http_filter).collect(),
                    backends: rule
                        .backends
                        .iter()
                        .map(|b| backend(b, http_filter))
                        .collect(),
                })
                .collect(),
        ),
        EffectiveRules::Grpc(rules) => m::RouteRules::Grpc(
            rules
                .iter()
                .map(|rule| m::GrpcRule {
                    name: rule.name.clone(),
                    index: Some(rule.index),
                    matches: rule.matches.iter().map(grpc_match).collect(),
                    filters: rule.filters.iter().filter_map(grpc_filter).collect(),
                    backends: rule
                        .backends
                        .iter()
                        .map(|b| backend(b, grpc_filter))
                        .collect(),
                })
                .collect(),
        ),
        EffectiveRules::L4(_) => return None,
    };
    Some(m::Route {
        id: m::RouteId {
            namespace: r.route.namespace.clone(),
            name: r.route.name.clone(),
        },
        created: r.created.map(|t| t.as_second()),
        hostnames: r.hostnames.to_vec(),
        rules,
    })
}

fn backend<F>(b: &Backend<F>, filter: fn(&F) -> Option<m::Filter>) -> m::Backend {
    m::Backend {
        namespace: b.service.namespace.clone(),
        name: b.service.name.clone(),
        port: b.port.and_then(|p| u16::try_from(p).ok()),
        weight: u32::try_from(b.weight).unwrap_or(0),
        invalid: b
            .invalid
            .as_ref()
            .map(|i| format!("{}: {}", i.reason.as_str(), i.message)),
        filters: b.filters.iter().filter_map(filter).collect(),
    }
}

fn value(kind: Option<&HeaderMatchType>, value: &str) -> m::MatchValue {
    match kind {
        Some(HeaderMatchType::RegularExpression) => {
            m::MatchValue::RegularExpression(value.to_owned())
        }
        _ => m::MatchValue::Exact(value.to_owned()),
    }
}

fn http_match(hm: &HttpRouteMatch) -> m::HttpMatch {
    let path = match &hm.path {
        None => m::MatchPath::default(),
        Some(p) => {
            let v = p.value.clone().unwrap_or_else(|| "/".to_owned());
            match p.r#type.as_ref() {
                Some(PathMatchType::Exact) => m::MatchPath::Exact(v),
                Some(PathMatchType::RegularExpression) => m::MatchPath::RegularExpression(v),
                _ => m::MatchPath::Prefix(v),
            }
        }
    };
    m::HttpMatch {
        path,
        method: hm.method.as_ref().map(|x| x.as_str().to_owned()),
        headers: hm
            .headers
            .iter()
            .flatten()
            .map(|h| m::MatchHeader {
                name: h.name.clone(),
                value: value(h.r#type.as_ref(), &h.value),
            })
            .collect(),
        query_params: hm
            .query_params
            .iter()
            .flatten()
            .map(|q| m::MatchQueryParam {
                name: q.name.clone(),
                value: value(q.r#type.as_ref(), &q.value),
            })
            .collect(),
    }
}

fn grpc_match(gm: &GrpcRouteMatch) -> m::GrpcMatch {
    m::GrpcMatch {
        method: gm.method.as_ref().map(|mm| m::MatchGrpcMethod {
            regex: matches!(mm.r#type, Some(HeaderMatchType::RegularExpression)),
            service: mm.service.clone().filter(|s| !s.is_empty()),
            method: mm.method.clone().filter(|s| !s.is_empty()),
        }),
        headers: gm
            .headers
            .iter()
            .flatten()
            .map(|h| m::MatchHeader {
                name: h.name.clone(),
                value: value(h.r#type.as_ref(), &h.value),
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

fn mirror(
    resolved: Option<&Backend<()>>,
    spec: Option<&gateway_api_types::model::HttpRequestMirrorFilter>,
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
        backend: backend(b, |_: &()| None),
        fraction,
    }))
}

fn http_filter(ef: &EffectiveHttpFilter) -> Option<m::Filter> {
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
        return mirror(ef.mirror.as_ref(), f.request_mirror.as_ref());
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

fn grpc_filter(ef: &EffectiveGrpcFilter) -> Option<m::Filter> {
    let f: &GrpcRouteFilter = &ef.filter;
    if let Some(h) = &f.request_header_modifier {
        return Some(m::Filter::RequestHeaderModifier(headers(h)));
    }
    if let Some(h) = &f.response_header_modifier {
        return Some(m::Filter::ResponseHeaderModifier(headers(h)));
    }
    if f.request_mirror.is_some() {
        return mirror(ef.mirror.as_ref(), f.request_mirror.as_ref());
    }
    f.extension_ref.as_ref().map(|e| {
        m::Filter::ExtensionRef(m::ExtensionRef {
            group: e.group.clone(),
            kind: e.kind.clone(),
            name: e.name.clone(),
        })
    })
}

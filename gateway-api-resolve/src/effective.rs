//! The effective configuration of every listener: what a data plane must serve.

use std::borrow::Cow;
use std::sync::Arc;

use gateway_api_types::model::{
    GrpcRouteFilter, GrpcRouteMatch, HttpRouteFilter, HttpRouteMatch, TlsModeType,
};
use k8s_openapi::jiff::Timestamp;

use crate::ObjectKey;

/// One Gateway as the data plane must serve it: its valid listeners, own and merged from
/// accepted ListenerSets, in the spec's merge order ("parent Gateway, then ListenerSets by
/// creation time, then `{namespace}/{name}`").
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveGateway {
    /// The Gateway.
    pub gateway: ObjectKey,
    /// Its GatewayClass name.
    pub class_name: String,
    /// Listeners that are accepted, not conflicted and whose references resolved.
    pub listeners: Vec<EffectiveListener>,
}

/// Where a listener is declared.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListenerSource {
    /// In the Gateway's own `spec.listeners`.
    Gateway,
    /// In the given ListenerSet.
    ListenerSet(ObjectKey),
}

/// A listener and the routes attached to it.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveListener {
    /// Where it is declared.
    pub source: ListenerSource,
    /// Its name (unique within its source only).
    pub name: String,
    /// Its port.
    pub port: i32,
    /// Its protocol as written (`HTTP`, `HTTPS`, `TLS`, `TCP`, `UDP`).
    pub protocol: String,
    /// Its hostname; `None` matches every hostname.
    pub hostname: Option<String>,
    /// TLS settings, for HTTPS and TLS listeners.
    pub tls: Option<EffectiveTls>,
    /// Accepted routes, oldest first, then by `{namespace}/{name}` (the spec's tie-break order).
    pub routes: Vec<EffectiveRoute>,
}

/// TLS of a listener.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveTls {
    /// Terminate or Passthrough (`Terminate` when unset).
    pub mode: TlsModeType,
    /// The certificate Secrets, resolved (existing, permitted and well-formed).
    pub certificates: Vec<ObjectKey>,
    /// Implementation-specific TLS options, as written.
    pub options: std::collections::BTreeMap<String, String>,
}

/// Kind of a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RouteKind {
    /// HTTPRoute.
    Http,
    /// GRPCRoute.
    Grpc,
    /// TLSRoute.
    Tls,
    /// TCPRoute.
    Tcp,
    /// UDPRoute.
    Udp,
}

impl RouteKind {
    /// The API kind (`HTTPRoute` …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "HTTPRoute",
            Self::Grpc => "GRPCRoute",
            Self::Tls => "TLSRoute",
            Self::Tcp => "TCPRoute",
            Self::Udp => "UDPRoute",
        }
    }

    /// Every kind, in a fixed order.
    pub const ALL: [Self; 5] = [Self::Http, Self::Grpc, Self::Tls, Self::Tcp, Self::Udp];

    /// The kind named by an API kind string.
    pub fn from_kind(kind: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == kind)
    }
}

/// A route accepted on a listener.
///
/// A route attached to several listeners appears once per listener, so what does not depend on
/// the listener is shared rather than copied: the key, the rules, and the hostname list when
/// it is the route's own list or the listener's hostname alone (the usual cases).
///
/// Equality compares the shared parts by pointer first: a route that did not change keeps its
/// `Arc`s, so comparing two configurations of a listener with many routes (what the
/// incremental resolver does after every change) costs a pointer test per unchanged route
/// rather than a walk through its rules.
#[derive(Clone, Debug)]
pub struct EffectiveRoute {
    /// Its kind.
    pub kind: RouteKind,
    /// Namespace and name; one key per route, shared by the listeners it attaches to.
    pub route: Arc<ObjectKey>,
    /// `metadata.creationTimestamp`; `None` counts as old as any other.
    pub created: Option<Timestamp>,
    /// The route's hostnames intersected with the listener's; empty means every hostname the
    /// listener accepts (neither sets one). For layer-4 routes without hostnames, empty.
    pub hostnames: Arc<[String]>,
    /// The rules, in order, without the rules dropped as invalid; shared by every listener
    /// the route attaches to.
    pub rules: Arc<EffectiveRules>,
}

impl PartialEq for EffectiveRoute {
    fn eq(&self, other: &Self) -> bool {
        fn same<T: PartialEq + ?Sized>(a: &Arc<T>, b: &Arc<T>) -> bool {
            Arc::ptr_eq(a, b) || **a == **b
        }
        self.kind == other.kind
            && self.created == other.created
            && same(&self.route, &other.route)
            && same(&self.hostnames, &other.hostnames)
            && same(&self.rules, &other.rules)
    }
}

/// Rules of an accepted route.
#[derive(Clone, Debug, PartialEq)]
pub enum EffectiveRules {
    /// HTTPRoute rules.
    Http(Vec<EffectiveHttpRule>),
    /// GRPCRoute rules.
    Grpc(Vec<EffectiveGrpcRule>),
    /// TLSRoute, TCPRoute and UDPRoute rules.
    L4(Vec<EffectiveL4Rule>),
}

/// An HTTPRoute rule.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveHttpRule {
    /// The rule's index in `spec.rules`.
    pub index: usize,
    /// Its name.
    pub name: Option<String>,
    /// Matches with the API defaults applied ("no matches ⇒ PathPrefix `/`", path type
    /// PathPrefix, header and query type Exact). Rules that write the same matches share one
    /// list.
    pub matches: Arc<[HttpRouteMatch]>,
    /// Filters, in order.
    pub filters: Vec<EffectiveHttpFilter>,
    /// Backends, each resolved or with the reason it is invalid.
    pub backends: Vec<Backend<EffectiveHttpFilter>>,
    /// Timeouts as written.
    pub timeouts: Option<gateway_api_types::model::HttpRouteTimeouts>,
}

/// An HTTPRoute filter, with its mirror backend resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveHttpFilter {
    /// The filter as written.
    pub filter: HttpRouteFilter,
    /// For `RequestMirror`: the mirror backend.
    pub mirror: Option<Backend<()>>,
}

/// A GRPCRoute rule.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveGrpcRule {
    /// The rule's index in `spec.rules`.
    pub index: usize,
    /// Its name.
    pub name: Option<String>,
    /// Matches with the API defaults applied (method and header type Exact). Empty: every
    /// request ("If no matches are specified, the implementation MUST match every gRPC
    /// request"). Rules that write the same matches share one list.
    pub matches: Arc<[GrpcRouteMatch]>,
    /// Filters, in order.
    pub filters: Vec<EffectiveGrpcFilter>,
    /// Backends.
    pub backends: Vec<Backend<EffectiveGrpcFilter>>,
}

/// A GRPCRoute filter, with its mirror backend resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveGrpcFilter {
    /// The filter as written.
    pub filter: GrpcRouteFilter,
    /// For `RequestMirror`: the mirror backend.
    pub mirror: Option<Backend<()>>,
}

/// A TLSRoute, TCPRoute or UDPRoute rule.
#[derive(Clone, Debug, PartialEq)]
pub struct EffectiveL4Rule {
    /// The rule's index in `spec.rules`.
    pub index: usize,
    /// Its name.
    pub name: Option<String>,
    /// Backends.
    pub backends: Vec<Backend<()>>,
}

/// A backend reference, resolved. `F` is the type of its per-backend filters (`()` where the
/// reference has none).
///
/// A large resolution holds tens of thousands of backends, nearly all of them core Services
/// named by many routes, so the group, the kind and the Service's key are shared rather than
/// copied into each: `group` and `kind` borrow the usual values (`""`, `Service`) from
/// constants, and `service` is one `Arc` per Service per resolution.
#[derive(Clone, Debug, PartialEq)]
pub struct Backend<F> {
    /// Group as written, defaulted (`""`); borrowed when it is the core group.
    pub group: Cow<'static, str>,
    /// Kind as written, defaulted (`Service`); borrowed when it is `Service`.
    pub kind: Cow<'static, str>,
    /// Namespace (the route's when unset) and name. Every backend naming the same existing
    /// Service in one resolution shares this key.
    pub service: Arc<ObjectKey>,
    /// The port.
    pub port: Option<i32>,
    /// The weight (default 1).
    pub weight: i32,
    /// The Service port's `appProtocol`, when the Service sets one.
    pub app_protocol: Option<String>,
    /// Per-backend filters.
    pub filters: Vec<F>,
    /// Why the backend is invalid: "requests to it get 500" (HTTP) or `UNAVAILABLE` (gRPC),
    /// in proportion to its weight. `None` when it resolved.
    pub invalid: Option<InvalidBackend>,
}

/// Why a backend reference did not resolve (the route's `ResolvedRefs=False` reason).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidBackend {
    /// The reason.
    pub reason: InvalidBackendReason,
    /// A message for people.
    pub message: String,
}

/// Reasons a backend is invalid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InvalidBackendReason {
    /// In another namespace, without a ReferenceGrant.
    RefNotPermitted,
    /// A group/kind the implementation does not support.
    InvalidKind,
    /// The referenced object does not exist.
    BackendNotFound,
    /// The Service port's `appProtocol` is not supported, or its `protocol` cannot carry the
    /// route's transport.
    UnsupportedProtocol,
    /// A BackendTLSPolicy applies to the Service port and cannot be used (no usable CA
    /// certificate). Implementation-specific: v1.6.1 names no route reason for this.
    InvalidBackendTlsPolicy,
}

impl InvalidBackendReason {
    /// The condition reason.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RefNotPermitted => "RefNotPermitted",
            Self::InvalidKind => "InvalidKind",
            Self::BackendNotFound => "BackendNotFound",
            Self::UnsupportedProtocol => "UnsupportedProtocol",
            Self::InvalidBackendTlsPolicy => "InvalidBackendTLSPolicy",
        }
    }
}

/// A filter that may carry a mirror backend (HTTP and gRPC filters; `()` for none).
pub trait MirrorFilter {
    /// The mirror backend, for a `RequestMirror` filter.
    fn mirror(&self) -> Option<&Backend<()>>;
}

impl MirrorFilter for EffectiveHttpFilter {
    fn mirror(&self) -> Option<&Backend<()>> {
        self.mirror.as_ref()
    }
}

impl MirrorFilter for EffectiveGrpcFilter {
    fn mirror(&self) -> Option<&Backend<()>> {
        self.mirror.as_ref()
    }
}

impl MirrorFilter for () {
    fn mirror(&self) -> Option<&Backend<()>> {
        None
    }
}

/// Calls `f` with every Service of one rule: its backends, the mirrors of its filters and the
/// mirrors of its backends' filters.
fn rule_services<'a, F: MirrorFilter>(
    filters: &'a [F],
    backends: &'a [Backend<F>],
    f: &mut impl FnMut(&'a Arc<ObjectKey>),
) {
    for m in filters.iter().filter_map(MirrorFilter::mirror) {
        f(&m.service);
    }
    for b in backends {
        f(&b.service);
        for m in b.filters.iter().filter_map(MirrorFilter::mirror) {
            f(&m.service);
        }
    }
}

impl EffectiveRules {
    /// Calls `f` with the key of every Service the rules send traffic to, mirrored traffic
    /// included (rule-level and backend-level `RequestMirror` filters), in rule order; a
    /// Service named twice comes twice.
    pub fn for_each_service<'a>(&'a self, mut f: impl FnMut(&'a Arc<ObjectKey>)) {
        match self {
            Self::Http(rules) => {
                for r in rules {
                    rule_services(&r.filters, &r.backends, &mut f);
                }
            }
            Self::Grpc(rules) => {
                for r in rules {
                    rule_services(&r.filters, &r.backends, &mut f);
                }
            }
            Self::L4(rules) => {
                for r in rules {
                    rule_services(&[], &r.backends, &mut f);
                }
            }
        }
    }
}

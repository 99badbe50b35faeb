//! Routes of every kind, seen through one interface: [`RouteObject`] reads what every route
//! kind has (metadata, parentRefs, hostnames, rules, status); [`AnyRoute`] holds a route of any
//! kind, shared.
//!
//! - [`view`]: the rules with API defaults applied and backends resolved;
//! - [`attachment`]: which listeners each parentRef attaches to;
//! - [`arbitration`]: HTTPRoute against GRPCRoute on one listener;
//! - [`status`]: the route's status, one entry per parentRef of ours.

pub(crate) mod arbitration;
pub(crate) mod attachment;
pub(crate) mod status;
pub(crate) mod view;

use std::sync::{Arc, LazyLock};

use gateway_api_types::model::{
    GrpcRouteRule, HttpRouteRule, L4RouteRule, ParentReference, RouteStatus,
};
use gateway_api_types::v1;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::snapshot::Resource;
use crate::{ObjectKey, RouteKind, Snapshot};

use view::RouteRule;

/// What the resolver reads of a route, whatever its kind.
pub(crate) trait RouteObject {
    /// The route kind.
    const KIND: RouteKind;
    /// A rule of this kind.
    type Rule: RouteRule;
    fn meta(&self) -> &ObjectMeta;
    fn parent_refs(&self) -> &[ParentReference];
    /// Hostnames (none for TCPRoute and UDPRoute).
    fn hostnames(&self) -> &[String];
    /// The rules; "no rules" is one default rule for HTTPRoute and GRPCRoute.
    fn rules(&self) -> &[Self::Rule];
    fn status(&self) -> Option<&RouteStatus>;
}

/// One default rule, borrowed where a route writes no rules.
fn default_rule<T: Default>(cell: &'static LazyLock<T>) -> &'static [T] {
    std::slice::from_ref(&**cell)
}

static DEFAULT_HTTP_RULE: LazyLock<HttpRouteRule> = LazyLock::new(HttpRouteRule::default);
static DEFAULT_GRPC_RULE: LazyLock<GrpcRouteRule> = LazyLock::new(GrpcRouteRule::default);

impl RouteObject for v1::HttpRoute {
    const KIND: RouteKind = RouteKind::Http;
    type Rule = HttpRouteRule;
    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
    fn parent_refs(&self) -> &[ParentReference] {
        self.spec.parent_refs.as_deref().unwrap_or_default()
    }
    fn hostnames(&self) -> &[String] {
        self.spec.hostnames.as_deref().unwrap_or_default()
    }
    fn rules(&self) -> &[HttpRouteRule] {
        self.spec
            .rules
            .as_deref()
            .unwrap_or_else(|| default_rule(&DEFAULT_HTTP_RULE))
    }
    fn status(&self) -> Option<&RouteStatus> {
        self.status.as_ref()
    }
}

impl RouteObject for v1::GrpcRoute {
    const KIND: RouteKind = RouteKind::Grpc;
    type Rule = GrpcRouteRule;
    fn meta(&self) -> &ObjectMeta {
        &self.metadata
    }
    fn parent_refs(&self) -> &[ParentReference] {
        self.spec.parent_refs.as_deref().unwrap_or_default()
    }
    fn hostnames(&self) -> &[String] {
        self.spec.hostnames.as_deref().unwrap_or_default()
    }
    fn rules(&self) -> &[GrpcRouteRule] {
        self.spec
            .rules
            .as_deref()
            .unwrap_or_else(|| default_rule(&DEFAULT_GRPC_RULE))
    }
    fn status(&self) -> Option<&RouteStatus> {
        self.status.as_ref()
    }
}

/// TLSRoute, TCPRoute and UDPRoute: the layer-4 kinds share their rule type.
macro_rules! l4_route {
    ($ty:ty, $kind:expr, |$s:ident| $hostnames:expr) => {
        impl RouteObject for $ty {
            const KIND: RouteKind = $kind;
            type Rule = L4RouteRule;
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn parent_refs(&self) -> &[ParentReference] {
                self.spec.parent_refs.as_deref().unwrap_or_default()
            }
            fn hostnames(&self) -> &[String] {
                let $s = self;
                $hostnames
            }
            fn rules(&self) -> &[L4RouteRule] {
                &self.spec.rules
            }
            fn status(&self) -> Option<&RouteStatus> {
                self.status.as_ref()
            }
        }
    };
}

l4_route!(v1::TlsRoute, RouteKind::Tls, |s| &s.spec.hostnames);
l4_route!(v1::TcpRoute, RouteKind::Tcp, |_s| &[]);
l4_route!(v1::UdpRoute, RouteKind::Udp, |_s| &[]);

/// A route of any kind, shared with the snapshot.
#[derive(Clone, Debug)]
pub(crate) enum AnyRoute {
    Http(Arc<v1::HttpRoute>),
    Grpc(Arc<v1::GrpcRoute>),
    Tls(Arc<v1::TlsRoute>),
    Tcp(Arc<v1::TcpRoute>),
    Udp(Arc<v1::UdpRoute>),
}

/// Calls `$f` with the route of any kind as a `&impl RouteObject`.
macro_rules! with_route {
    ($route:expr, |$r:ident| $body:expr) => {
        match $route {
            AnyRoute::Http($r) => $body,
            AnyRoute::Grpc($r) => $body,
            AnyRoute::Tls($r) => $body,
            AnyRoute::Tcp($r) => $body,
            AnyRoute::Udp($r) => $body,
        }
    };
}
pub(crate) use with_route;

impl AnyRoute {
    /// The route of a resource, when it is one.
    pub(crate) fn of(resource: &Resource) -> Option<Self> {
        Some(match resource {
            Resource::HttpRoute(r) => Self::Http(Arc::clone(r)),
            Resource::GrpcRoute(r) => Self::Grpc(Arc::clone(r)),
            Resource::TlsRoute(r) => Self::Tls(Arc::clone(r)),
            Resource::TcpRoute(r) => Self::Tcp(Arc::clone(r)),
            Resource::UdpRoute(r) => Self::Udp(Arc::clone(r)),
            _ => return None,
        })
    }

    /// Every route of a snapshot with its key, kind by kind, each kind by key.
    pub(crate) fn all(snap: &Snapshot) -> impl Iterator<Item = (&ObjectKey, Self)> {
        let http = snap.http_routes.iter();
        let grpc = snap.grpc_routes.iter();
        let tls = snap.tls_routes.iter();
        let tcp = snap.tcp_routes.iter();
        let udp = snap.udp_routes.iter();
        (http.map(|(k, r)| (k, Self::Http(Arc::clone(r)))))
            .chain(grpc.map(|(k, r)| (k, Self::Grpc(Arc::clone(r)))))
            .chain(tls.map(|(k, r)| (k, Self::Tls(Arc::clone(r)))))
            .chain(tcp.map(|(k, r)| (k, Self::Tcp(Arc::clone(r)))))
            .chain(udp.map(|(k, r)| (k, Self::Udp(Arc::clone(r)))))
    }

    pub(crate) fn kind(&self) -> RouteKind {
        match self {
            Self::Http(_) => RouteKind::Http,
            Self::Grpc(_) => RouteKind::Grpc,
            Self::Tls(_) => RouteKind::Tls,
            Self::Tcp(_) => RouteKind::Tcp,
            Self::Udp(_) => RouteKind::Udp,
        }
    }

    pub(crate) fn meta(&self) -> &ObjectMeta {
        with_route!(self, |r| r.meta())
    }

    pub(crate) fn parent_refs(&self) -> &[ParentReference] {
        with_route!(self, |r| r.parent_refs())
    }

    pub(crate) fn hostnames(&self) -> &[String] {
        with_route!(self, |r| r.hostnames())
    }

    pub(crate) fn status(&self) -> Option<&RouteStatus> {
        with_route!(self, |r| r.status())
    }
}

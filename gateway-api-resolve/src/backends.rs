//! Backend references of routes: the Service they name, whether the reference is permitted,
//! and what the Service's port says about the protocol.

use std::borrow::Cow;
use std::sync::Arc;

use gateway_api_types::model::{
    BackendObjectReference, BackendRef, GrpcBackendRef, HttpBackendRef,
};

use k8s_openapi::api::core::v1::{Service, ServicePort};

use crate::context::Ctx;
use crate::deps::{Dep, Deps};
use crate::{Backend, InvalidBackend, InvalidBackendReason, ObjectKey, RouteKind};

/// The fields every kind of backend reference has.
pub(crate) struct Target<'r> {
    pub(crate) group: Option<&'r str>,
    pub(crate) kind: Option<&'r str>,
    pub(crate) name: &'r str,
    pub(crate) namespace: Option<&'r str>,
    pub(crate) port: Option<i32>,
    pub(crate) weight: Option<i32>,
}

/// A backend reference of any route kind (with its per-backend filters, `F`).
pub(crate) trait BackendRefLike {
    type Filter;
    fn target(&self) -> Target<'_>;
    fn filters(&self) -> &[Self::Filter];
}

macro_rules! backend_ref {
    ($ty:ty, $filter:ty, |$s:ident| $filters:expr) => {
        impl BackendRefLike for $ty {
            type Filter = $filter;
            fn target(&self) -> Target<'_> {
                Target {
                    group: self.group.as_deref(),
                    kind: self.kind.as_deref(),
                    name: &self.name,
                    namespace: self.namespace.as_deref(),
                    port: self.port,
                    weight: self.weight,
                }
            }
            fn filters(&self) -> &[$filter] {
                let $s = self;
                $filters
            }
        }
    };
}

backend_ref!(
    HttpBackendRef,
    gateway_api_types::model::HttpRouteFilter,
    |s| s.filters.as_deref().unwrap_or_default()
);
backend_ref!(
    GrpcBackendRef,
    gateway_api_types::model::GrpcRouteFilter,
    |s| s.filters.as_deref().unwrap_or_default()
);
backend_ref!(BackendRef, crate::routes::view::NoFilter, |_s| &[]);

/// The target of a RequestMirror filter's backend (no weight).
pub(crate) fn mirror_target(b: &BackendObjectReference) -> Target<'_> {
    Target {
        group: b.group.as_deref(),
        kind: b.kind.as_deref(),
        name: &b.name,
        namespace: b.namespace.as_deref(),
        port: b.port,
        weight: None,
    }
}

/// The port of Service `svc` a backendRef of a route of kind `from` names by number, and why
/// the Service cannot take that route's traffic: a Service port's `protocol` (default TCP) is
/// its transport, and "UDPRoute … forwards UDP" while every other route kind forwards over TCP.
/// A number may be listed twice (TCP and UDP, as DNS does); the port of the route's transport
/// is taken. A number the Service does not list is left to the data plane, as before.
fn service_port<'s>(
    key: &ObjectKey,
    svc: &'s Service,
    from: RouteKind,
    number: Option<i32>,
) -> (Option<&'s ServicePort>, Option<InvalidBackend>) {
    let wanted = if from == RouteKind::Udp { "UDP" } else { "TCP" };
    fn protocol(p: &ServicePort) -> &str {
        p.protocol.as_deref().unwrap_or("TCP")
    }
    // Every backend of every route passes here: the ports are searched, not collected.
    let mut numbered = svc
        .spec
        .as_ref()
        .and_then(|s| s.ports.as_ref())
        .into_iter()
        .flatten()
        .filter(|p| Some(p.port) == number);
    if let Some(p) = numbered.clone().find(|p| protocol(p) == wanted) {
        return (Some(p), None);
    }
    match numbered.next() {
        None => (None, None),
        Some(p) => (
            Some(p),
            Some(InvalidBackend {
                reason: InvalidBackendReason::UnsupportedProtocol,
                message: format!(
                    "Service {}/{} port {} has protocol {}, which cannot carry {}'s {wanted} traffic",
                    key.namespace,
                    key.name,
                    p.port,
                    protocol(p),
                    from.as_str()
                ),
            }),
        ),
    }
}

/// Resolves one backend reference of a route of kind `from` in namespace `route_ns`.
pub(crate) fn resolve_backend<F>(
    ctx: &Ctx<'_>,
    deps: &mut Deps,
    from: RouteKind,
    route_ns: &str,
    t: &Target<'_>,
    filters: Vec<F>,
) -> Backend<F> {
    // The usual group and kind are borrowed, the rest copied.
    let group: Cow<'static, str> = match t.group {
        None | Some("") => Cow::Borrowed(""),
        Some(g) => Cow::Owned(g.to_owned()),
    };
    let kind: Cow<'static, str> = match t.kind {
        None | Some("Service") => Cow::Borrowed("Service"),
        Some(k) => Cow::Owned(k.to_owned()),
    };
    let ns = t.namespace.unwrap_or(route_ns);
    let name = t.name;
    // The key is shared with every other backend naming the same existing Service (whatever
    // this reference's kind: the key is only a namespace and a name).
    let entry = ctx.lookups.service(ns, name);
    let service = match entry {
        Some(e) => Arc::clone(&e.key),
        None => Arc::new(ObjectKey::new(ns, name)),
    };
    let mut app_protocol = None;
    let invalid = if !group.is_empty() || kind != "Service" {
        Some(InvalidBackend {
            reason: InvalidBackendReason::InvalidKind,
            message: format!("backend kind {group}/{kind} is not supported"),
        })
    } else if !crate::refs::permitted(ctx, deps, (from.as_str(), route_ns), ("Service", ns, name)) {
        Some(InvalidBackend {
            reason: InvalidBackendReason::RefNotPermitted,
            message: format!(
                "backendRef to Service {ns}/{name} is not permitted by any ReferenceGrant"
            ),
        })
    } else {
        deps.add(|| Dep::Service((*service).clone()));
        match entry.map(|e| &e.service) {
            None => Some(InvalidBackend {
                reason: InvalidBackendReason::BackendNotFound,
                message: format!("Service {ns}/{name} not found"),
            }),
            Some(svc) => {
                let (port, transport_problem) = service_port(&service, svc, from, t.port);
                app_protocol = port.and_then(|p| p.app_protocol.clone());
                match app_protocol.as_deref() {
                    _ if transport_problem.is_some() => transport_problem,
                    // Kubernetes-defined application protocols this implementation does not
                    // speak; implementation-specific (unprefixed, domain-prefixed) values are
                    // left to the data plane.
                    Some(p)
                        if p.starts_with("kubernetes.io/")
                            && !matches!(
                                p,
                                "kubernetes.io/h2c" | "kubernetes.io/ws" | "kubernetes.io/wss"
                            ) =>
                    {
                        Some(InvalidBackend {
                            reason: InvalidBackendReason::UnsupportedProtocol,
                            message: format!("appProtocol {p} is not supported"),
                        })
                    }
                    // BackendTLSPolicy: "Extended: Kubernetes Service referenced by backendRefs
                    // used on a Route. - HTTPRoute, GRPCRoute, TLSRoute with termination"; the
                    // view does not know a TLSRoute's listener mode, so only the first two.
                    _ if matches!(from, RouteKind::Http | RouteKind::Grpc) => {
                        let port_name = port.and_then(|p| p.name.as_deref());
                        crate::policies::backend_tls_problem(ctx, deps, &service, t.port, port_name)
                    }
                    _ => None,
                }
            }
        }
    };
    Backend {
        group,
        kind,
        service,
        port: t.port,
        weight: t.weight.unwrap_or(1),
        app_protocol,
        filters,
        invalid,
    }
}

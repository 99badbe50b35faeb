//! The input: every object the resolver reads, keyed by namespace and name, all at v1.

use std::collections::BTreeMap;
use std::fmt;

use gateway_api_types::x::v1alpha1::XBackendTrafficPolicy;
use gateway_api_types::{Document, Object, v1, v1alpha2};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Secret, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

/// Namespace and name of an object. Cluster-scoped objects (GatewayClass, Namespace) have an
/// empty namespace. Ordered by namespace, then name: the `{namespace}/{name}` order the spec
/// uses to break ties.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ObjectKey {
    /// The namespace, empty for cluster-scoped objects.
    pub namespace: String,
    /// The name.
    pub name: String,
}

impl ObjectKey {
    /// A key for a namespaced object.
    pub fn new(namespace: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
        }
    }

    /// A key for a cluster-scoped object.
    pub fn cluster(name: impl Into<String>) -> Self {
        Self {
            namespace: String::new(),
            name: name.into(),
        }
    }

    /// The key of an object's metadata (missing fields read as empty).
    pub fn of(meta: &ObjectMeta) -> Self {
        Self {
            namespace: meta.namespace.clone().unwrap_or_default(),
            name: meta.name.clone().unwrap_or_default(),
        }
    }
}

impl fmt::Display for ObjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.namespace.is_empty() {
            f.write_str(&self.name)
        } else {
            write!(f, "{}/{}", self.namespace, self.name)
        }
    }
}

/// Every object the resolver reads, normalized to v1 and keyed by [`ObjectKey`].
///
/// Maps are ordered, so everything computed from a snapshot comes out in the same order whatever
/// the order the objects arrived in. When two objects share a kind and key, the one added later
/// replaces the earlier, as an API server would hold only one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// GatewayClasses (cluster-scoped: empty namespace).
    pub gateway_classes: BTreeMap<ObjectKey, v1::GatewayClass>,
    /// Gateways.
    pub gateways: BTreeMap<ObjectKey, v1::Gateway>,
    /// ListenerSets.
    pub listener_sets: BTreeMap<ObjectKey, v1::ListenerSet>,
    /// HTTPRoutes.
    pub http_routes: BTreeMap<ObjectKey, v1::HttpRoute>,
    /// GRPCRoutes.
    pub grpc_routes: BTreeMap<ObjectKey, v1::GrpcRoute>,
    /// TLSRoutes.
    pub tls_routes: BTreeMap<ObjectKey, v1::TlsRoute>,
    /// TCPRoutes.
    pub tcp_routes: BTreeMap<ObjectKey, v1::TcpRoute>,
    /// UDPRoutes.
    pub udp_routes: BTreeMap<ObjectKey, v1::UdpRoute>,
    /// ReferenceGrants.
    pub reference_grants: BTreeMap<ObjectKey, v1::ReferenceGrant>,
    /// BackendTLSPolicies.
    pub backend_tls_policies: BTreeMap<ObjectKey, v1::BackendTlsPolicy>,
    /// XBackendTrafficPolicies.
    pub backend_traffic_policies: BTreeMap<ObjectKey, XBackendTrafficPolicy>,
    /// Namespaces (cluster-scoped: empty namespace); their labels select routes and
    /// ListenerSets.
    pub namespaces: BTreeMap<ObjectKey, Namespace>,
    /// Services (backends).
    pub services: BTreeMap<ObjectKey, Service>,
    /// Secrets (certificates).
    pub secrets: BTreeMap<ObjectKey, Secret>,
    /// ConfigMaps (CA bundles).
    pub config_maps: BTreeMap<ObjectKey, ConfigMap>,
}

impl Snapshot {
    /// An empty snapshot.
    pub fn new() -> Self {
        Self::default()
    }

    /// A snapshot of the given documents (as [`gateway_api_types::parse`] returns them), every
    /// version converted to v1. Kinds the resolver does not read are ignored.
    pub fn from_documents<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Self {
        let mut snapshot = Self::new();
        for doc in docs {
            snapshot.insert(doc.object.clone());
        }
        snapshot
    }

    /// Adds one object, converted to v1. Returns whether the resolver reads this kind.
    pub fn insert(&mut self, object: Object) -> bool {
        fn put<T>(map: &mut BTreeMap<ObjectKey, T>, meta: &ObjectMeta, value: T) -> bool {
            map.insert(ObjectKey::of(meta), value);
            true
        }
        match object {
            Object::GatewayClassV1(o) => put(&mut self.gateway_classes, &o.metadata.clone(), o),
            Object::GatewayClassV1beta1(o) => {
                let o: v1::GatewayClass = o.into();
                put(&mut self.gateway_classes, &o.metadata.clone(), o)
            }
            Object::GatewayV1(o) => put(&mut self.gateways, &o.metadata.clone(), o),
            Object::GatewayV1beta1(o) => {
                let o: v1::Gateway = o.into();
                put(&mut self.gateways, &o.metadata.clone(), o)
            }
            Object::ListenerSetV1(o) => put(&mut self.listener_sets, &o.metadata.clone(), o),
            Object::HttpRouteV1(o) => put(&mut self.http_routes, &o.metadata.clone(), o),
            Object::HttpRouteV1beta1(o) => {
                let o: v1::HttpRoute = o.into();
                put(&mut self.http_routes, &o.metadata.clone(), o)
            }
            Object::GrpcRouteV1(o) => put(&mut self.grpc_routes, &o.metadata.clone(), o),
            Object::TlsRouteV1(o) => put(&mut self.tls_routes, &o.metadata.clone(), o),
            Object::TlsRouteV1alpha3(o) => {
                let o: v1::TlsRoute = o.into();
                put(&mut self.tls_routes, &o.metadata.clone(), o)
            }
            Object::TlsRouteV1alpha2(o) => {
                let o = tls_route_from_v1alpha2(o);
                put(&mut self.tls_routes, &o.metadata.clone(), o)
            }
            Object::TcpRouteV1(o) => put(&mut self.tcp_routes, &o.metadata.clone(), o),
            Object::TcpRouteV1alpha2(o) => {
                let o = v1::TcpRoute {
                    metadata: o.metadata,
                    spec: v1::TcpRouteSpec {
                        parent_refs: o.spec.parent_refs,
                        rules: o.spec.rules,
                        use_default_gateways: o.spec.use_default_gateways,
                    },
                    status: o.status,
                };
                put(&mut self.tcp_routes, &o.metadata.clone(), o)
            }
            Object::UdpRouteV1(o) => put(&mut self.udp_routes, &o.metadata.clone(), o),
            Object::UdpRouteV1alpha2(o) => {
                let o = v1::UdpRoute {
                    metadata: o.metadata,
                    spec: v1::UdpRouteSpec {
                        parent_refs: o.spec.parent_refs,
                        rules: o.spec.rules,
                        use_default_gateways: o.spec.use_default_gateways,
                    },
                    status: o.status,
                };
                put(&mut self.udp_routes, &o.metadata.clone(), o)
            }
            Object::ReferenceGrantV1(o) => put(&mut self.reference_grants, &o.metadata.clone(), o),
            Object::ReferenceGrantV1beta1(o) => {
                let o: v1::ReferenceGrant = o.into();
                put(&mut self.reference_grants, &o.metadata.clone(), o)
            }
            Object::BackendTlsPolicyV1(o) => {
                put(&mut self.backend_tls_policies, &o.metadata.clone(), o)
            }
            Object::BackendTlsPolicyV1alpha3(o) => {
                let o: v1::BackendTlsPolicy = o.into();
                put(&mut self.backend_tls_policies, &o.metadata.clone(), o)
            }
            Object::XBackendTrafficPolicyV1alpha1(o) => {
                put(&mut self.backend_traffic_policies, &o.metadata.clone(), o)
            }
            Object::Namespace(o) => put(&mut self.namespaces, &o.metadata.clone(), o),
            Object::Service(o) => put(&mut self.services, &o.metadata.clone(), o),
            Object::Secret(o) => put(&mut self.secrets, &o.metadata.clone(), o),
            Object::ConfigMap(o) => put(&mut self.config_maps, &o.metadata.clone(), o),
            _ => false,
        }
    }

    /// Writes a resolution's statuses into the objects, as the controller's status updates
    /// would: resolving again afterwards shows what a second reconciliation computes.
    pub fn apply_status(&mut self, resolution: &crate::Resolution) {
        for (k, s) in &resolution.gateway_classes {
            if let Some(o) = self.gateway_classes.get_mut(k) {
                o.status = Some(s.clone());
            }
        }
        for (k, s) in &resolution.gateways {
            if let Some(o) = self.gateways.get_mut(k) {
                o.status = Some(s.clone());
            }
        }
        for (k, s) in &resolution.listener_sets {
            if let Some(o) = self.listener_sets.get_mut(k) {
                o.status = Some(s.clone());
            }
        }
        for ((kind, k), s) in &resolution.routes {
            let slot = match kind {
                crate::RouteKind::Http => self.http_routes.get_mut(k).map(|o| &mut o.status),
                crate::RouteKind::Grpc => self.grpc_routes.get_mut(k).map(|o| &mut o.status),
                crate::RouteKind::Tls => self.tls_routes.get_mut(k).map(|o| &mut o.status),
                crate::RouteKind::Tcp => self.tcp_routes.get_mut(k).map(|o| &mut o.status),
                crate::RouteKind::Udp => self.udp_routes.get_mut(k).map(|o| &mut o.status),
            };
            if let Some(slot) = slot {
                *slot = Some(s.clone());
            }
        }
        for (k, s) in &resolution.backend_tls_policies {
            if let Some(o) = self.backend_tls_policies.get_mut(k) {
                o.status = Some(s.clone());
            }
        }
        for (k, s) in &resolution.backend_traffic_policies {
            if let Some(o) = self.backend_traffic_policies.get_mut(k) {
                o.status = Some(s.clone());
            }
        }
    }
}

/// TLSRoute v1alpha2 to v1: v1alpha2 allows an absent `hostnames` (v1 requires it; an empty
/// list keeps the meaning "no hostnames") and several rules (kept: the resolver reads them all).
fn tls_route_from_v1alpha2(o: v1alpha2::TlsRoute) -> v1::TlsRoute {
    v1::TlsRoute {
        metadata: o.metadata,
        spec: v1::TlsRouteSpec {
            hostnames: o.spec.hostnames.unwrap_or_default(),
            parent_refs: o.spec.parent_refs,
            rules: o.spec.rules,
            use_default_gateways: o.spec.use_default_gateways,
        },
        status: o.status,
    }
}

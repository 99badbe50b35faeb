//! The input: every object the resolver reads, keyed by namespace and name, all at v1, shared
//! (`Arc`) so that a kube-runtime reflector's store feeds it without copying the cluster.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use gateway_api_types::x::v1alpha1::XBackendTrafficPolicy;
use gateway_api_types::{Document, Object, v1, v1alpha2};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Secret, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::RouteKind;

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

/// Declares, once, every kind the resolver reads: its [`ObjectKind`] variant, its
/// [`Resource`] variant, its [`Snapshot`] map, its API kind and whether it is namespaced.
macro_rules! kinds {
    ($($variant:ident($ty:ty) => $field:ident, $api:literal, $namespaced:literal, $doc:literal;)+) => {
        /// A kind of object the resolver reads.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum ObjectKind {
            $(#[doc = $doc] $variant,)+
        }

        impl ObjectKind {
            /// Every kind, in a fixed order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The API kind (`HTTPRoute` …).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $api,)+
                }
            }

            /// The kind named by an API kind string.
            pub fn from_kind(kind: &str) -> Option<Self> {
                match kind {
                    $($api => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// Whether objects of this kind live in a namespace.
            pub fn namespaced(self) -> bool {
                match self {
                    $(Self::$variant => $namespaced,)+
                }
            }
        }

        /// One object of a kind the resolver reads, shared (a reflector store hands out
        /// `Arc<K>`; `Arc::new` wraps an owned one).
        #[derive(Clone, Debug, PartialEq)]
        pub enum Resource {
            $(#[doc = $doc] $variant(Arc<$ty>),)+
        }

        $(
            impl From<Arc<$ty>> for Resource {
                fn from(o: Arc<$ty>) -> Self {
                    Self::$variant(o)
                }
            }
            impl From<$ty> for Resource {
                fn from(o: $ty) -> Self {
                    Self::$variant(Arc::new(o))
                }
            }
        )+

        impl Resource {
            /// Its kind.
            pub fn kind(&self) -> ObjectKind {
                match self {
                    $(Self::$variant(_) => ObjectKind::$variant,)+
                }
            }

            /// Its metadata.
            pub fn metadata(&self) -> &ObjectMeta {
                match self {
                    $(Self::$variant(o) => &o.metadata,)+
                }
            }

            /// Its key (namespace and name).
            pub fn key(&self) -> ObjectKey {
                ObjectKey::of(self.metadata())
            }
        }

        /// Every object the resolver reads, normalized to v1 and keyed by [`ObjectKey`].
        ///
        /// Maps are ordered, so everything computed from a snapshot comes out in the same
        /// order whatever the order the objects arrived in. When two objects share a kind and
        /// key, the one added later replaces the earlier, as an API server would hold only one.
        ///
        /// Each map is shared ([`Objects`]): a clone of a snapshot copies no map, and a change
        /// to a map that another snapshot shares copies that map first (`Arc::make_mut`). So
        /// [`crate::resolve`], which keeps a snapshot while it works, costs no copy of the
        /// cluster, and a [`crate::Resolver`] made from a snapshot its caller moved into it
        /// changes its maps in place.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct Snapshot {
            $(#[doc = $doc] pub $field: Objects<$ty>,)+
        }

        impl Snapshot {
            /// Adds or replaces one object; returns the object it replaced.
            pub fn upsert(&mut self, object: Resource) -> Option<Resource> {
                let key = object.key();
                match object {
                    $(Resource::$variant(o) => Arc::make_mut(&mut self.$field).insert(key, o).map(Resource::$variant),)+
                }
            }

            /// Removes one object; returns it.
            pub fn remove(&mut self, kind: ObjectKind, key: &ObjectKey) -> Option<Resource> {
                match kind {
                    $(ObjectKind::$variant if self.$field.contains_key(key) => {
                        Arc::make_mut(&mut self.$field).remove(key).map(Resource::$variant)
                    })+
                    _ => None,
                }
            }

            /// One object by kind and key.
            pub fn get(&self, kind: ObjectKind, key: &ObjectKey) -> Option<Resource> {
                match kind {
                    $(ObjectKind::$variant => self.$field.get(key).cloned().map(Resource::$variant),)+
                }
            }

            /// Every object, kind by kind in [`ObjectKind::ALL`] order, each kind by key.
            pub fn resources(&self) -> impl Iterator<Item = Resource> + '_ {
                std::iter::empty()
                    $(.chain(self.$field.values().cloned().map(Resource::$variant)))+
            }

            /// The number of objects.
            pub fn len(&self) -> usize {
                0 $(+ self.$field.len())+
            }

            /// Whether there is no object.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }
        }
    };
}

kinds! {
    GatewayClass(v1::GatewayClass) => gateway_classes, "GatewayClass", false, "GatewayClasses (cluster-scoped: empty namespace).";
    Gateway(v1::Gateway) => gateways, "Gateway", true, "Gateways.";
    ListenerSet(v1::ListenerSet) => listener_sets, "ListenerSet", true, "ListenerSets.";
    HttpRoute(v1::HttpRoute) => http_routes, "HTTPRoute", true, "HTTPRoutes.";
    GrpcRoute(v1::GrpcRoute) => grpc_routes, "GRPCRoute", true, "GRPCRoutes.";
    TlsRoute(v1::TlsRoute) => tls_routes, "TLSRoute", true, "TLSRoutes.";
    TcpRoute(v1::TcpRoute) => tcp_routes, "TCPRoute", true, "TCPRoutes.";
    UdpRoute(v1::UdpRoute) => udp_routes, "UDPRoute", true, "UDPRoutes.";
    ReferenceGrant(v1::ReferenceGrant) => reference_grants, "ReferenceGrant", true, "ReferenceGrants.";
    BackendTlsPolicy(v1::BackendTlsPolicy) => backend_tls_policies, "BackendTLSPolicy", true, "BackendTLSPolicies.";
    XBackendTrafficPolicy(XBackendTrafficPolicy) => backend_traffic_policies, "XBackendTrafficPolicy", true, "XBackendTrafficPolicies.";
    Namespace(Namespace) => namespaces, "Namespace", false, "Namespaces (cluster-scoped: empty namespace); their labels select routes and ListenerSets.";
    Service(Service) => services, "Service", true, "Services (backends).";
    Secret(Secret) => secrets, "Secret", true, "Secrets (certificates).";
    ConfigMap(ConfigMap) => config_maps, "ConfigMap", true, "ConfigMaps (CA bundles, parameters).";
}

impl From<RouteKind> for ObjectKind {
    fn from(kind: RouteKind) -> Self {
        match kind {
            RouteKind::Http => Self::HttpRoute,
            RouteKind::Grpc => Self::GrpcRoute,
            RouteKind::Tls => Self::TlsRoute,
            RouteKind::Tcp => Self::TcpRoute,
            RouteKind::Udp => Self::UdpRoute,
        }
    }
}

impl ObjectKind {
    /// The route kind, for route kinds.
    pub fn route_kind(self) -> Option<RouteKind> {
        match self {
            Self::HttpRoute => Some(RouteKind::Http),
            Self::GrpcRoute => Some(RouteKind::Grpc),
            Self::TlsRoute => Some(RouteKind::Tls),
            Self::TcpRoute => Some(RouteKind::Tcp),
            Self::UdpRoute => Some(RouteKind::Udp),
            _ => None,
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The objects of one kind in a [`Snapshot`], by key; shared between clones of the snapshot.
pub type Objects<T> = Arc<BTreeMap<ObjectKey, Arc<T>>>;

/// An API kind string the resolver does not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a kind the resolver reads")]
pub struct UnknownKind(pub String);

impl std::str::FromStr for ObjectKind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_kind(s).ok_or_else(|| UnknownKind(s.to_owned()))
    }
}

impl TryFrom<&str> for ObjectKind {
    type Error = UnknownKind;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl TryFrom<&String> for ObjectKind {
    type Error = UnknownKind;
    fn try_from(s: &String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl Resource {
    /// The object of a parsed document, converted to v1; `None` for kinds the resolver does
    /// not read.
    pub fn from_object(object: Object) -> Option<Self> {
        Some(match object {
            Object::GatewayClassV1(o) => o.into(),
            Object::GatewayClassV1beta1(o) => v1::GatewayClass::from(o).into(),
            Object::GatewayV1(o) => o.into(),
            Object::GatewayV1beta1(o) => v1::Gateway::from(o).into(),
            Object::ListenerSetV1(o) => o.into(),
            Object::HttpRouteV1(o) => o.into(),
            Object::HttpRouteV1beta1(o) => v1::HttpRoute::from(o).into(),
            Object::GrpcRouteV1(o) => o.into(),
            Object::TlsRouteV1(o) => o.into(),
            Object::TlsRouteV1alpha3(o) => v1::TlsRoute::from(o).into(),
            Object::TlsRouteV1alpha2(o) => tls_route_from_v1alpha2(o).into(),
            Object::TcpRouteV1(o) => o.into(),
            Object::TcpRouteV1alpha2(o) => v1::TcpRoute {
                metadata: o.metadata,
                spec: v1::TcpRouteSpec {
                    parent_refs: o.spec.parent_refs,
                    rules: o.spec.rules,
                    use_default_gateways: o.spec.use_default_gateways,
                },
                status: o.status,
            }
            .into(),
            Object::UdpRouteV1(o) => o.into(),
            Object::UdpRouteV1alpha2(o) => v1::UdpRoute {
                metadata: o.metadata,
                spec: v1::UdpRouteSpec {
                    parent_refs: o.spec.parent_refs,
                    rules: o.spec.rules,
                    use_default_gateways: o.spec.use_default_gateways,
                },
                status: o.status,
            }
            .into(),
            Object::ReferenceGrantV1(o) => o.into(),
            Object::ReferenceGrantV1beta1(o) => v1::ReferenceGrant::from(o).into(),
            Object::BackendTlsPolicyV1(o) => o.into(),
            Object::BackendTlsPolicyV1alpha3(o) => v1::BackendTlsPolicy::from(o).into(),
            Object::XBackendTrafficPolicyV1alpha1(o) => o.into(),
            Object::Namespace(o) => o.into(),
            Object::Service(o) => o.into(),
            Object::Secret(o) => o.into(),
            Object::ConfigMap(o) => o.into(),
            _ => return None,
        })
    }
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
        match Resource::from_object(object) {
            Some(r) => {
                self.upsert(r);
                true
            }
            None => false,
        }
    }

    /// Writes a resolution's statuses into the objects, as the controller's status updates
    /// would: resolving again afterwards shows what a second reconciliation computes. Objects
    /// shared with others are copied before they are changed.
    pub fn apply_status(&mut self, resolution: &crate::Resolution) {
        fn put<T: Clone, S: Clone>(
            map: &mut Objects<T>,
            statuses: &BTreeMap<ObjectKey, S>,
            slot: impl Fn(&mut T) -> &mut Option<S>,
        ) {
            for (k, s) in statuses {
                if let Some(o) = Arc::make_mut(map).get_mut(k) {
                    *slot(Arc::make_mut(o)) = Some(s.clone());
                }
            }
        }
        put(
            &mut self.gateway_classes,
            &resolution.gateway_classes,
            |o| &mut o.status,
        );
        put(&mut self.gateways, &resolution.gateways, |o| &mut o.status);
        put(&mut self.listener_sets, &resolution.listener_sets, |o| {
            &mut o.status
        });
        for ((kind, k), s) in &resolution.routes {
            let slot = match kind {
                RouteKind::Http => Arc::make_mut(&mut self.http_routes)
                    .get_mut(k)
                    .map(|o| &mut Arc::make_mut(o).status),
                RouteKind::Grpc => Arc::make_mut(&mut self.grpc_routes)
                    .get_mut(k)
                    .map(|o| &mut Arc::make_mut(o).status),
                RouteKind::Tls => Arc::make_mut(&mut self.tls_routes)
                    .get_mut(k)
                    .map(|o| &mut Arc::make_mut(o).status),
                RouteKind::Tcp => Arc::make_mut(&mut self.tcp_routes)
                    .get_mut(k)
                    .map(|o| &mut Arc::make_mut(o).status),
                RouteKind::Udp => Arc::make_mut(&mut self.udp_routes)
                    .get_mut(k)
                    .map(|o| &mut Arc::make_mut(o).status),
            };
            if let Some(slot) = slot {
                *slot = Some(s.clone());
            }
        }
        put(
            &mut self.backend_tls_policies,
            &resolution.backend_tls_policies,
            |o| &mut o.status,
        );
        put(
            &mut self.backend_traffic_policies,
            &resolution.backend_traffic_policies,
            |o| &mut o.status,
        );
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

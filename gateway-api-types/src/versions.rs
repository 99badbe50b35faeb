//! The top-level objects of every served version, grouped by API version.

/// `gateway.networking.k8s.io/v1`: the standard, storage version of most kinds.
pub mod v1 {
    pub use crate::model::*;

    resource! {
        /// A class of Gateways: which controller implements them, and its parameters.
        GatewayClass {
            group: "gateway.networking.k8s.io", version: "v1", kind: "GatewayClass",
            plural: "gatewayclasses", scope: Cluster,
            spec: GatewayClassSpec, status: GatewayClassStatus,
        }
    }
    resource! {
        /// A request for a load balancer or proxy: its listeners, addresses and TLS settings.
        Gateway {
            group: "gateway.networking.k8s.io", version: "v1", kind: "Gateway",
            plural: "gateways", scope: Namespaced,
            spec: GatewaySpec, status: GatewayStatus,
        }
    }
    resource! {
        /// HTTP routing: which requests, matched by host, path, method, headers and query,
        /// go to which backends, through which filters.
        HttpRoute {
            group: "gateway.networking.k8s.io", version: "v1", kind: "HTTPRoute",
            plural: "httproutes", scope: Namespaced,
            spec: HttpRouteSpec, status: RouteStatus,
        }
    }
    resource! {
        /// gRPC routing: requests matched by service, method and metadata.
        GrpcRoute {
            group: "gateway.networking.k8s.io", version: "v1", kind: "GRPCRoute",
            plural: "grpcroutes", scope: Namespaced,
            spec: GrpcRouteSpec, status: RouteStatus,
        }
    }
    resource! {
        /// Extra listeners merged into a parent Gateway, owned by another team or namespace.
        ListenerSet {
            group: "gateway.networking.k8s.io", version: "v1", kind: "ListenerSet",
            plural: "listenersets", scope: Namespaced,
            spec: ListenerSetSpec, status: ListenerSetStatus,
        }
    }
    resource! {
        /// Permission, given by the namespace that owns the target, for objects in another
        /// namespace to reference it.
        ReferenceGrant {
            group: "gateway.networking.k8s.io", version: "v1", kind: "ReferenceGrant",
            plural: "referencegrants", scope: Namespaced,
            spec: ReferenceGrantSpec,
        }
    }
    resource! {
        /// How a Gateway verifies the TLS certificate of a backend it connects to.
        BackendTlsPolicy {
            group: "gateway.networking.k8s.io", version: "v1", kind: "BackendTLSPolicy",
            plural: "backendtlspolicies", scope: Namespaced,
            spec: BackendTlsPolicySpec, status: PolicyStatus,
        }
    }
    resource! {
        /// TLS routing by SNI, passing the stream through or terminating it.
        TlsRoute {
            group: "gateway.networking.k8s.io", version: "v1", kind: "TLSRoute",
            plural: "tlsroutes", scope: Namespaced,
            spec: TlsRouteSpec, status: RouteStatus,
        }
    }
    resource! {
        /// Forwarding of TCP connections from a listener to backends.
        TcpRoute {
            group: "gateway.networking.k8s.io", version: "v1", kind: "TCPRoute",
            plural: "tcproutes", scope: Namespaced,
            spec: TcpRouteSpec, status: RouteStatus,
        }
    }
    resource! {
        /// Forwarding of UDP datagrams from a listener to backends.
        UdpRoute {
            group: "gateway.networking.k8s.io", version: "v1", kind: "UDPRoute",
            plural: "udproutes", scope: Namespaced,
            spec: UdpRouteSpec, status: RouteStatus,
        }
    }
}

/// `gateway.networking.k8s.io/v1beta1`: older versions still served, with v1's schema
/// (ReferenceGrant's storage version is still this one).
pub mod v1beta1 {
    pub use crate::model::*;

    resource! {
        /// GatewayClass as served at v1beta1; the same schema as [`crate::v1::GatewayClass`].
        GatewayClass {
            group: "gateway.networking.k8s.io", version: "v1beta1", kind: "GatewayClass",
            plural: "gatewayclasses", scope: Cluster,
            spec: GatewayClassSpec, status: GatewayClassStatus,
        }
    }
    resource! {
        /// Gateway as served at v1beta1; the same schema as [`crate::v1::Gateway`].
        Gateway {
            group: "gateway.networking.k8s.io", version: "v1beta1", kind: "Gateway",
            plural: "gateways", scope: Namespaced,
            spec: GatewaySpec, status: GatewayStatus,
        }
    }
    resource! {
        /// HTTPRoute as served at v1beta1; the same schema as [`crate::v1::HttpRoute`].
        HttpRoute {
            group: "gateway.networking.k8s.io", version: "v1beta1", kind: "HTTPRoute",
            plural: "httproutes", scope: Namespaced,
            spec: HttpRouteSpec, status: RouteStatus,
        }
    }
    resource! {
        /// ReferenceGrant at v1beta1, the version the API server stores.
        ReferenceGrant {
            group: "gateway.networking.k8s.io", version: "v1beta1", kind: "ReferenceGrant",
            plural: "referencegrants", scope: Namespaced,
            spec: ReferenceGrantSpec,
        }
    }
}

/// `gateway.networking.k8s.io/v1alpha2`: deprecated versions, served by the experimental channel
/// only.
pub mod v1alpha2 {
    pub use crate::model::*;
    pub use crate::model::{
        TcpRouteSpecV1Alpha2 as TcpRouteSpec, TlsRouteSpecV1Alpha2 as TlsRouteSpec,
    };

    /// The UDPRoute spec at v1alpha2 has the same shape as the TCPRoute one.
    pub type UdpRouteSpec = TcpRouteSpecV1Alpha2;

    resource! {
        /// TLSRoute at v1alpha2 (deprecated): hostnames optional, several rules allowed.
        TlsRoute {
            group: "gateway.networking.k8s.io", version: "v1alpha2", kind: "TLSRoute",
            plural: "tlsroutes", scope: Namespaced,
            spec: TlsRouteSpecV1Alpha2, status: RouteStatus,
        }
    }
    resource! {
        /// TCPRoute at v1alpha2 (deprecated).
        TcpRoute {
            group: "gateway.networking.k8s.io", version: "v1alpha2", kind: "TCPRoute",
            plural: "tcproutes", scope: Namespaced,
            spec: TcpRouteSpecV1Alpha2, status: RouteStatus,
        }
    }
    resource! {
        /// UDPRoute at v1alpha2 (deprecated).
        UdpRoute {
            group: "gateway.networking.k8s.io", version: "v1alpha2", kind: "UDPRoute",
            plural: "udproutes", scope: Namespaced,
            spec: TcpRouteSpecV1Alpha2, status: RouteStatus,
        }
    }
}

/// `gateway.networking.k8s.io/v1alpha3`: deprecated versions, served by the experimental channel
/// only, with v1's schema.
pub mod v1alpha3 {
    pub use crate::model::*;

    resource! {
        /// BackendTLSPolicy at v1alpha3 (deprecated); the same schema as v1.
        BackendTlsPolicy {
            group: "gateway.networking.k8s.io", version: "v1alpha3", kind: "BackendTLSPolicy",
            plural: "backendtlspolicies", scope: Namespaced,
            spec: BackendTlsPolicySpec, status: PolicyStatus,
        }
    }
    resource! {
        /// TLSRoute at v1alpha3 (deprecated); the same schema as v1.
        TlsRoute {
            group: "gateway.networking.k8s.io", version: "v1alpha3", kind: "TLSRoute",
            plural: "tlsroutes", scope: Namespaced,
            spec: TlsRouteSpec, status: RouteStatus,
        }
    }
}

/// `gateway.networking.x-k8s.io`: experimental kinds that are not part of the standard API yet.
pub mod x {
    /// `gateway.networking.x-k8s.io/v1alpha1`.
    pub mod v1alpha1 {
        pub use crate::model::*;

        /// XMesh's spec has exactly the shape of a GatewayClass spec.
        pub type XMeshSpec = GatewayClassSpec;

        resource! {
            /// Retry and session settings that apply to every route sending traffic to the
            /// targeted backends.
            XBackendTrafficPolicy {
                group: "gateway.networking.x-k8s.io", version: "v1alpha1",
                kind: "XBackendTrafficPolicy", plural: "xbackendtrafficpolicies",
                scope: Namespaced,
                spec: XBackendTrafficPolicySpec, status: PolicyStatus,
            }
        }
        resource! {
            /// A backend outside the cluster's Services, such as an external hostname.
            XBackend {
                group: "gateway.networking.x-k8s.io", version: "v1alpha1", kind: "XBackend",
                plural: "xbackends", scope: Namespaced,
                spec: XBackendSpec, status: XBackendStatus,
            }
        }
        resource! {
            /// A service mesh implementation, described the way a GatewayClass describes a
            /// Gateway implementation.
            XMesh {
                group: "gateway.networking.x-k8s.io", version: "v1alpha1", kind: "XMesh",
                plural: "xmeshes", scope: Cluster,
                spec: GatewayClassSpec, status: XMeshStatus,
            }
        }
    }
}

//! Builders for the objects written by hand most often: a GatewayClass, a Gateway with HTTP and
//! HTTPS listeners, HTTPRoutes and GRPCRoutes sending traffic to Services, and the ReferenceGrant
//! that lets a route reach a Service in another namespace.
//!
//! Each builder starts from a `builder` function on the v1 type (`v1::HttpRoute::builder`) and
//! ends with `build`, which returns that typed object. The builders write what a person would
//! write in YAML and leave the rest to the API server's defaults: a parent reference names a
//! Gateway without spelling out `group` and `kind`, a Service backend gets the `port` the CRD
//! requires of it but no `kind`. They do not validate names or hostnames; that is the job of the
//! validation layer.
//!
//! ```
//! use gateway_api_types::builders::HttpRule;
//! use gateway_api_types::v1;
//!
//! let gateway = v1::Gateway::builder("gw", "example")
//!     .namespace("infra")
//!     .http_listener("http", 80)
//!     .https_listener("https", 443, "shop-cert")
//!     .build();
//! assert_eq!(gateway.spec.listeners.len(), 2);
//!
//! let route = v1::HttpRoute::builder("web")
//!     .namespace("shop")
//!     .parent("infra", "gw")
//!     .hostname("shop.example.com")
//!     .rule(HttpRule::prefix("/").backend("web", 8080))
//!     .build();
//! assert_eq!(
//!     serde_json::to_value(&route).unwrap()["spec"]["rules"][0]["backendRefs"],
//!     serde_json::json!([{"name": "web", "port": 8080}]),
//! );
//! ```

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::GatewayApiResource;
use crate::model::{
    AllowedRoutes, FromNamespaces, GatewayClassSpec, GatewaySpec, GrpcBackendRef, GrpcHeaderMatch,
    GrpcMethodMatch, GrpcRouteFilter, GrpcRouteMatch, GrpcRouteRule, GrpcRouteSpec, HttpBackendRef,
    HttpHeaderMatch, HttpMethod, HttpPathMatch, HttpRouteFilter, HttpRouteMatch, HttpRouteRule,
    HttpRouteSpec, LabelSelector, Listener, ListenerTlsConfig, ObjectReference, ParentReference,
    PathMatchType, ReferenceGrantFrom, ReferenceGrantSpec, ReferenceGrantTo, RouteNamespaces,
    SecretObjectReference, TlsModeType,
};
use crate::v1;

/// Methods that set metadata, shared by every builder. `namespace` only for namespaced kinds.
macro_rules! metadata_methods {
    (namespaced) => {
        /// Puts the object in this namespace (unset means the client's default namespace).
        pub fn namespace(mut self, namespace: impl Into<String>) -> Self {
            self.metadata.namespace = Some(namespace.into());
            self
        }

        metadata_methods!(cluster);
    };
    (cluster) => {
        /// Adds a label to the object's metadata, replacing an earlier value for the same key.
        pub fn label(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.metadata
                .labels
                .get_or_insert_with(Default::default)
                .insert(key.into(), value.into());
            self
        }

        /// Adds an annotation to the object's metadata, replacing an earlier value for the same key.
        pub fn annotation(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
            self.metadata
                .annotations
                .get_or_insert_with(Default::default)
                .insert(key.into(), value.into());
            self
        }
    };
}

/// Metadata with just a name, as every builder starts.
fn named(name: impl Into<String>) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.into()),
        ..ObjectMeta::default()
    }
}

// ---------------------------------------------------------------------------------------------
// GatewayClass

impl v1::GatewayClass {
    /// Starts a GatewayClass named `name`, implemented by the controller `controller_name` (a
    /// domain-prefixed path such as `example.net/gateway-controller`).
    pub fn builder(
        name: impl Into<String>,
        controller_name: impl Into<String>,
    ) -> GatewayClassBuilder {
        GatewayClassBuilder {
            metadata: named(name),
            spec: GatewayClassSpec {
                controller_name: controller_name.into(),
                ..GatewayClassSpec::default()
            },
        }
    }
}

/// Builds a [`v1::GatewayClass`]; start with [`v1::GatewayClass::builder`].
///
/// ```
/// use gateway_api_types::v1;
///
/// let class = v1::GatewayClass::builder("example", "example.net/gateway-controller")
///     .description("Shared internet-facing gateways")
///     .build();
/// assert_eq!(class.spec.controller_name, "example.net/gateway-controller");
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct GatewayClassBuilder {
    metadata: ObjectMeta,
    spec: GatewayClassSpec,
}

impl GatewayClassBuilder {
    metadata_methods!(cluster);

    /// Sets the human-readable description (the CRD allows at most 64 characters).
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.spec.description = Some(description.into());
        self
    }

    /// Points the class at an object holding controller-specific parameters, such as a ConfigMap
    /// (`group` is `""` for the core API group). Set `namespace` on the reference for a
    /// namespaced object.
    pub fn parameters(mut self, reference: ObjectReference) -> Self {
        self.spec.parameters_ref = Some(reference);
        self
    }

    /// The GatewayClass.
    pub fn build(self) -> v1::GatewayClass {
        v1::GatewayClass {
            metadata: self.metadata,
            spec: self.spec,
            status: None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway

impl v1::Gateway {
    /// Starts a Gateway named `name`, implemented by the GatewayClass `gateway_class_name`. Add at
    /// least one listener before building: the CRD requires one.
    pub fn builder(
        name: impl Into<String>,
        gateway_class_name: impl Into<String>,
    ) -> GatewayBuilder {
        GatewayBuilder {
            metadata: named(name),
            spec: GatewaySpec {
                gateway_class_name: gateway_class_name.into(),
                ..GatewaySpec::default()
            },
        }
    }
}

/// Builds a [`v1::Gateway`]; start with [`v1::Gateway::builder`].
///
/// ```
/// use gateway_api_types::builders::GatewayListener;
/// use gateway_api_types::v1;
///
/// let gateway = v1::Gateway::builder("gw", "example")
///     .namespace("infra")
///     .listener(GatewayListener::http("http", 80).routes_from_all_namespaces())
///     .listener(GatewayListener::https("https", 443, "wildcard-cert").hostname("*.example.com"))
///     .build();
/// assert_eq!(gateway.spec.listeners[1].protocol, "HTTPS");
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct GatewayBuilder {
    metadata: ObjectMeta,
    spec: GatewaySpec,
}

impl GatewayBuilder {
    metadata_methods!(namespaced);

    /// Adds a listener, built with [`GatewayListener`] or written out as a [`Listener`]. Listener
    /// names must be unique within the Gateway.
    pub fn listener(mut self, listener: impl Into<Listener>) -> Self {
        self.spec.listeners.push(listener.into());
        self
    }

    /// Adds a plain HTTP listener on `port`, for every hostname, admitting routes from the
    /// Gateway's namespace (see [`GatewayListener::http`]).
    pub fn http_listener(self, name: impl Into<String>, port: u16) -> Self {
        self.listener(GatewayListener::http(name, port))
    }

    /// Adds an HTTPS listener on `port` that terminates TLS with the certificate in the Secret
    /// `certificate_secret`, in the Gateway's namespace (see [`GatewayListener::https`]).
    pub fn https_listener(
        self,
        name: impl Into<String>,
        port: u16,
        certificate_secret: impl Into<String>,
    ) -> Self {
        self.listener(GatewayListener::https(name, port, certificate_secret))
    }

    /// The Gateway.
    pub fn build(self) -> v1::Gateway {
        v1::Gateway {
            metadata: self.metadata,
            spec: self.spec,
            status: None,
        }
    }
}

/// Builds one Gateway [`Listener`]; pass it to [`GatewayBuilder::listener`].
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until it is added to a Gateway or turned into a Listener"]
pub struct GatewayListener {
    listener: Listener,
}

impl GatewayListener {
    fn new(name: impl Into<String>, port: u16, protocol: &str) -> Self {
        Self {
            listener: Listener {
                name: name.into(),
                port: port.into(),
                protocol: protocol.to_owned(),
                ..Listener::default()
            },
        }
    }

    /// A listener for plain HTTP on `port`.
    pub fn http(name: impl Into<String>, port: u16) -> Self {
        Self::new(name, port, "HTTP")
    }

    /// A listener for HTTPS on `port`, terminating TLS with the certificate and key in the Secret
    /// `certificate_secret` of the Gateway's namespace. The TLS mode is left to its default,
    /// `Terminate`, the only one HTTPS allows.
    pub fn https(
        name: impl Into<String>,
        port: u16,
        certificate_secret: impl Into<String>,
    ) -> Self {
        Self::new(name, port, "HTTPS").certificate(SecretObjectReference {
            name: certificate_secret.into(),
            ..SecretObjectReference::default()
        })
    }

    /// A listener for TLS on `port` that passes the encrypted stream through to TLSRoute backends
    /// without terminating it. The mode is written out because the CRD requires it for TLS.
    pub fn tls_passthrough(name: impl Into<String>, port: u16) -> Self {
        let mut this = Self::new(name, port, "TLS");
        this.listener.tls = Some(ListenerTlsConfig {
            mode: Some(TlsModeType::Passthrough),
            ..ListenerTlsConfig::default()
        });
        this
    }

    /// Restricts the listener to one hostname, or to a suffix with a leading `*.` label.
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.listener.hostname = Some(hostname.into());
        self
    }

    /// Adds a certificate to terminate TLS with (a Secret unless `kind` says otherwise; one in
    /// another namespace needs a ReferenceGrant there).
    pub fn certificate(mut self, certificate: SecretObjectReference) -> Self {
        let tls = self
            .listener
            .tls
            .get_or_insert_with(ListenerTlsConfig::default);
        tls.certificate_refs
            .get_or_insert_with(Vec::new)
            .push(certificate);
        self
    }

    /// Admits routes from every namespace, instead of only the Gateway's own.
    pub fn routes_from_all_namespaces(self) -> Self {
        self.route_namespaces(RouteNamespaces {
            from: Some(FromNamespaces::All),
            selector: None,
        })
    }

    /// Admits routes from the namespaces carrying the label `key=value`, instead of only the
    /// Gateway's own.
    pub fn routes_from_namespaces_labelled(
        self,
        key: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        let selector = LabelSelector {
            match_labels: Some([(key.into(), value.into())].into()),
            match_expressions: None,
        };
        self.route_namespaces(RouteNamespaces {
            from: Some(FromNamespaces::Selector),
            selector: Some(selector),
        })
    }

    fn route_namespaces(mut self, namespaces: RouteNamespaces) -> Self {
        let allowed = self
            .listener
            .allowed_routes
            .get_or_insert_with(AllowedRoutes::default);
        allowed.namespaces = Some(namespaces);
        self
    }

    /// The listener.
    pub fn build(self) -> Listener {
        self.listener
    }
}

impl From<GatewayListener> for Listener {
    fn from(listener: GatewayListener) -> Self {
        listener.build()
    }
}

// ---------------------------------------------------------------------------------------------
// Parents, backends and the methods HTTPRoute and GRPCRoute builders share

/// A Gateway as a route parent; `group` and `kind` are left to their defaults, which name a
/// Gateway.
fn gateway_parent(
    namespace: Option<String>,
    name: String,
    section: Option<String>,
) -> ParentReference {
    ParentReference {
        name,
        namespace,
        section_name: section,
        ..ParentReference::default()
    }
}

/// Methods of the route builders that set metadata, parents and hostnames.
macro_rules! route_methods {
    () => {
        metadata_methods!(namespaced);

        /// Attaches the route to the Gateway `name` in `namespace`. That Gateway's listeners must
        /// admit routes from the route's namespace (see
        /// [`GatewayListener::routes_from_all_namespaces`]).
        pub fn parent(self, namespace: impl Into<String>, name: impl Into<String>) -> Self {
            self.parent_ref(gateway_parent(Some(namespace.into()), name.into(), None))
        }

        /// Attaches the route to the Gateway `name` in the route's own namespace.
        pub fn local_parent(self, name: impl Into<String>) -> Self {
            self.parent_ref(gateway_parent(None, name.into(), None))
        }

        /// Attaches the route to one listener, `section`, of the Gateway `name` in `namespace`.
        pub fn parent_listener(
            self,
            namespace: impl Into<String>,
            name: impl Into<String>,
            section: impl Into<String>,
        ) -> Self {
            self.parent_ref(gateway_parent(
                Some(namespace.into()),
                name.into(),
                Some(section.into()),
            ))
        }

        /// Attaches the route to any parent, written out (a Service for mesh routing, a port …).
        pub fn parent_ref(mut self, parent: ParentReference) -> Self {
            self.spec
                .parent_refs
                .get_or_insert_with(Vec::new)
                .push(parent);
            self
        }

        /// Adds a hostname the route serves: a DNS name, or a suffix with a leading `*.` label.
        /// With none, the route serves every hostname its listeners accept.
        pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
            self.spec
                .hostnames
                .get_or_insert_with(Vec::new)
                .push(hostname.into());
            self
        }
    };
}

// ---------------------------------------------------------------------------------------------
// HTTPRoute

impl v1::HttpRoute {
    /// Starts an HTTPRoute named `name`; see [`HttpRouteBuilder`].
    pub fn builder(name: impl Into<String>) -> HttpRouteBuilder {
        HttpRouteBuilder {
            metadata: named(name),
            spec: HttpRouteSpec::default(),
        }
    }
}

/// Builds a [`v1::HttpRoute`]; start with [`v1::HttpRoute::builder`], add parents, hostnames and
/// [`HttpRule`]s, and finish with [`build`](Self::build).
///
/// ```
/// use gateway_api_types::builders::HttpRule;
/// use gateway_api_types::model::HttpMethod;
/// use gateway_api_types::v1;
/// use serde_json::json;
///
/// let route = v1::HttpRoute::builder("shop")
///     .namespace("shop")
///     .parent("infra", "gw")
///     .hostname("shop.example.com")
///     .rule(HttpRule::prefix("/api").method(HttpMethod::Post).backend("api", 8080))
///     .rule(
///         HttpRule::prefix("/")
///             .weighted_backend("web-v1", 80, 90)
///             .weighted_backend("web-v2", 80, 10),
///     )
///     .build();
///
/// assert_eq!(
///     serde_json::to_value(&route).unwrap(),
///     json!({
///         "apiVersion": "gateway.networking.k8s.io/v1",
///         "kind": "HTTPRoute",
///         "metadata": {"name": "shop", "namespace": "shop"},
///         "spec": {
///             "parentRefs": [{"name": "gw", "namespace": "infra"}],
///             "hostnames": ["shop.example.com"],
///             "rules": [
///                 {
///                     "matches": [{"path": {"type": "PathPrefix", "value": "/api"}, "method": "POST"}],
///                     "backendRefs": [{"name": "api", "port": 8080}],
///                 },
///                 {
///                     "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
///                     "backendRefs": [
///                         {"name": "web-v1", "port": 80, "weight": 90},
///                         {"name": "web-v2", "port": 80, "weight": 10},
///                     ],
///                 },
///             ],
///         },
///     }),
/// );
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct HttpRouteBuilder {
    metadata: ObjectMeta,
    spec: HttpRouteSpec,
}

impl HttpRouteBuilder {
    route_methods!();

    /// Adds a rule, built with [`HttpRule`] or written out as an [`HttpRouteRule`]. With no rule
    /// the API server defaults to one matching every request, with no backend.
    pub fn rule(mut self, rule: impl Into<HttpRouteRule>) -> Self {
        self.spec
            .rules
            .get_or_insert_with(Vec::new)
            .push(rule.into());
        self
    }

    /// The HTTPRoute.
    pub fn build(self) -> v1::HttpRoute {
        v1::HttpRoute {
            metadata: self.metadata,
            spec: self.spec,
            status: None,
        }
    }
}

/// Builds one [`HttpRouteRule`]: which requests it matches and where they go.
///
/// Start from the path match ([`prefix`](Self::prefix), [`exact`](Self::exact)) or from
/// [`any`](Self::any), narrow the match with [`header`](Self::header) or
/// [`method`](Self::method), then add backends.
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until it is added to a route or turned into a rule"]
pub struct HttpRule {
    rule: HttpRouteRule,
}

impl HttpRule {
    fn path(r#type: PathMatchType, path: impl Into<String>) -> Self {
        Self::any().or_match(HttpRouteMatch {
            path: Some(HttpPathMatch {
                r#type: Some(r#type),
                value: Some(path.into()),
            }),
            ..HttpRouteMatch::default()
        })
    }

    /// A rule for every request whose path starts with `prefix`, compared by whole segments
    /// (`/api` matches `/api` and `/api/v1`, not `/apis`).
    pub fn prefix(prefix: impl Into<String>) -> Self {
        Self::path(PathMatchType::PathPrefix, prefix)
    }

    /// A rule for every request whose path is exactly `path`.
    pub fn exact(path: impl Into<String>) -> Self {
        Self::path(PathMatchType::Exact, path)
    }

    /// A rule without matches, which the API server defaults to matching every request (a `/`
    /// path prefix).
    pub fn any() -> Self {
        Self::default()
    }

    /// Adds another match; the rule applies when any one of its matches does.
    pub fn or_match(mut self, matched: HttpRouteMatch) -> Self {
        self.rule.matches.get_or_insert_with(Vec::new).push(matched);
        self
    }

    /// The match that `header` and `method` narrow: the last one added, or a new one (whose path
    /// defaults to a `/` prefix) when the rule has none.
    fn last_match(&mut self) -> &mut HttpRouteMatch {
        let matches = self.rule.matches.get_or_insert_with(Vec::new);
        if matches.is_empty() {
            matches.push(HttpRouteMatch::default());
        }
        let last = matches.len() - 1;
        &mut matches[last]
    }

    /// Also requires the header `name` to equal `value`, in the last match added.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let header = HttpHeaderMatch {
            name: name.into(),
            value: value.into(),
            r#type: None,
        };
        self.last_match()
            .headers
            .get_or_insert_with(Vec::new)
            .push(header);
        self
    }

    /// Also requires the request method to be `method`, in the last match added.
    pub fn method(mut self, method: HttpMethod) -> Self {
        self.last_match().method = Some(method);
        self
    }

    /// Sends matching requests to port `port` of the Service `service` in the route's namespace.
    pub fn backend(self, service: impl Into<String>, port: u16) -> Self {
        self.backend_ref(HttpBackendRef {
            name: service.into(),
            port: Some(port.into()),
            ..HttpBackendRef::default()
        })
    }

    /// Sends matching requests to the Service `service` in another namespace, which must grant it
    /// with a ReferenceGrant (see [`ReferenceGrantBuilder`]).
    pub fn backend_in(
        self,
        namespace: impl Into<String>,
        service: impl Into<String>,
        port: u16,
    ) -> Self {
        self.backend_ref(HttpBackendRef {
            name: service.into(),
            namespace: Some(namespace.into()),
            port: Some(port.into()),
            ..HttpBackendRef::default()
        })
    }

    /// Sends a share of matching requests to the Service `service`: its `weight` over the sum of
    /// the weights of the rule's backends.
    pub fn weighted_backend(self, service: impl Into<String>, port: u16, weight: i32) -> Self {
        self.backend_ref(HttpBackendRef {
            name: service.into(),
            port: Some(port.into()),
            weight: Some(weight),
            ..HttpBackendRef::default()
        })
    }

    /// Sends matching requests to any backend, written out (another kind, per-backend filters …).
    pub fn backend_ref(mut self, backend: HttpBackendRef) -> Self {
        self.rule
            .backend_refs
            .get_or_insert_with(Vec::new)
            .push(backend);
        self
    }

    /// Adds a filter applied to every request the rule matches.
    pub fn filter(mut self, filter: HttpRouteFilter) -> Self {
        self.rule.filters.get_or_insert_with(Vec::new).push(filter);
        self
    }

    /// Names the rule, so that policies and status can refer to it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.rule.name = Some(name.into());
        self
    }

    /// The rule.
    pub fn build(self) -> HttpRouteRule {
        self.rule
    }
}

impl From<HttpRule> for HttpRouteRule {
    fn from(rule: HttpRule) -> Self {
        rule.build()
    }
}

// ---------------------------------------------------------------------------------------------
// GRPCRoute

impl v1::GrpcRoute {
    /// Starts a GRPCRoute named `name`; see [`GrpcRouteBuilder`].
    pub fn builder(name: impl Into<String>) -> GrpcRouteBuilder {
        GrpcRouteBuilder {
            metadata: named(name),
            spec: GrpcRouteSpec::default(),
        }
    }
}

/// Builds a [`v1::GrpcRoute`]; start with [`v1::GrpcRoute::builder`], add parents, hostnames and
/// [`GrpcRule`]s, and finish with [`build`](Self::build).
///
/// ```
/// use gateway_api_types::builders::GrpcRule;
/// use gateway_api_types::v1;
///
/// let route = v1::GrpcRoute::builder("greeter")
///     .namespace("apps")
///     .parent("infra", "gw")
///     .rule(GrpcRule::method("helloworld.Greeter", "SayHello").backend("greeter", 50051))
///     .build();
/// let rules = route.spec.rules.unwrap();
/// assert_eq!(rules[0].matches.as_ref().unwrap()[0].method.as_ref().unwrap().method.as_deref(), Some("SayHello"));
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct GrpcRouteBuilder {
    metadata: ObjectMeta,
    spec: GrpcRouteSpec,
}

impl GrpcRouteBuilder {
    route_methods!();

    /// Adds a rule, built with [`GrpcRule`] or written out as a [`GrpcRouteRule`].
    pub fn rule(mut self, rule: impl Into<GrpcRouteRule>) -> Self {
        self.spec
            .rules
            .get_or_insert_with(Vec::new)
            .push(rule.into());
        self
    }

    /// The GRPCRoute.
    pub fn build(self) -> v1::GrpcRoute {
        v1::GrpcRoute {
            metadata: self.metadata,
            spec: self.spec,
            status: None,
        }
    }
}

/// Builds one [`GrpcRouteRule`]: which calls it matches and where they go.
///
/// Matches compare exactly (the default type), so `service` must be a fully-qualified service
/// name such as `helloworld.Greeter` and `method` a method name such as `SayHello`.
#[derive(Clone, Debug, Default)]
#[must_use = "a builder does nothing until it is added to a route or turned into a rule"]
pub struct GrpcRule {
    rule: GrpcRouteRule,
}

impl GrpcRule {
    fn method_match(service: Option<String>, method: Option<String>) -> Self {
        Self::any().or_match(GrpcRouteMatch {
            method: Some(GrpcMethodMatch {
                service,
                method,
                r#type: None,
            }),
            headers: None,
        })
    }

    /// A rule for calls to one method, `method`, of the service `service`.
    pub fn method(service: impl Into<String>, method: impl Into<String>) -> Self {
        Self::method_match(Some(service.into()), Some(method.into()))
    }

    /// A rule for calls to any method of the service `service`.
    pub fn service(service: impl Into<String>) -> Self {
        Self::method_match(Some(service.into()), None)
    }

    /// A rule without matches, which takes every call.
    pub fn any() -> Self {
        Self::default()
    }

    /// Adds another match; the rule applies when any one of its matches does.
    pub fn or_match(mut self, matched: GrpcRouteMatch) -> Self {
        self.rule.matches.get_or_insert_with(Vec::new).push(matched);
        self
    }

    /// Also requires the header (metadata key) `name` to equal `value`, in the last match added,
    /// or in a new match of its own when the rule has none.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let matches = self.rule.matches.get_or_insert_with(Vec::new);
        if matches.is_empty() {
            matches.push(GrpcRouteMatch::default());
        }
        let last = matches.len() - 1;
        let header = GrpcHeaderMatch {
            name: name.into(),
            value: value.into(),
            r#type: None,
        };
        matches[last]
            .headers
            .get_or_insert_with(Vec::new)
            .push(header);
        self
    }

    /// Sends matching calls to port `port` of the Service `service` in the route's namespace.
    pub fn backend(self, service: impl Into<String>, port: u16) -> Self {
        self.backend_ref(GrpcBackendRef {
            name: service.into(),
            port: Some(port.into()),
            ..GrpcBackendRef::default()
        })
    }

    /// Sends a share of matching calls to the Service `service`: its `weight` over the sum of the
    /// weights of the rule's backends.
    pub fn weighted_backend(self, service: impl Into<String>, port: u16, weight: i32) -> Self {
        self.backend_ref(GrpcBackendRef {
            name: service.into(),
            port: Some(port.into()),
            weight: Some(weight),
            ..GrpcBackendRef::default()
        })
    }

    /// Sends matching calls to any backend, written out (another namespace, another kind …).
    pub fn backend_ref(mut self, backend: GrpcBackendRef) -> Self {
        self.rule
            .backend_refs
            .get_or_insert_with(Vec::new)
            .push(backend);
        self
    }

    /// Adds a filter applied to every call the rule matches.
    pub fn filter(mut self, filter: GrpcRouteFilter) -> Self {
        self.rule.filters.get_or_insert_with(Vec::new).push(filter);
        self
    }

    /// Names the rule, so that policies and status can refer to it.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.rule.name = Some(name.into());
        self
    }

    /// The rule.
    pub fn build(self) -> GrpcRouteRule {
        self.rule
    }
}

impl From<GrpcRule> for GrpcRouteRule {
    fn from(rule: GrpcRule) -> Self {
        rule.build()
    }
}

// ---------------------------------------------------------------------------------------------
// ReferenceGrant

impl v1::ReferenceGrant {
    /// Starts a ReferenceGrant named `name`; see [`ReferenceGrantBuilder`].
    pub fn builder(name: impl Into<String>) -> ReferenceGrantBuilder {
        ReferenceGrantBuilder {
            metadata: named(name),
            spec: ReferenceGrantSpec::default(),
        }
    }
}

/// Builds a [`v1::ReferenceGrant`]; start with [`v1::ReferenceGrant::builder`].
///
/// The grant lives in the namespace of the objects being referenced, and needs at least one
/// `allow_from…` and one `allow_to…` entry.
///
/// ```
/// use gateway_api_types::v1;
///
/// // HTTPRoutes in "shop" may send traffic to Services in "backends".
/// let grant = v1::ReferenceGrant::builder("shop-routes")
///     .namespace("backends")
///     .allow_from::<v1::HttpRoute>("shop")
///     .allow_to("", "Service")
///     .build();
/// assert_eq!(grant.spec.from[0].kind, "HTTPRoute");
/// ```
#[derive(Clone, Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ReferenceGrantBuilder {
    metadata: ObjectMeta,
    spec: ReferenceGrantSpec,
}

impl ReferenceGrantBuilder {
    metadata_methods!(namespaced);

    /// Trusts objects of the Gateway API kind `R` (`v1::HttpRoute`, `v1::Gateway` …) in
    /// `namespace`; their group and kind come from the type.
    pub fn allow_from<R: GatewayApiResource>(self, namespace: impl Into<String>) -> Self {
        self.allow_from_kind(R::GROUP, R::KIND, namespace)
    }

    /// Trusts objects of `kind` in API group `group` (`""` for the core group) in `namespace`.
    pub fn allow_from_kind(
        mut self,
        group: impl Into<String>,
        kind: impl Into<String>,
        namespace: impl Into<String>,
    ) -> Self {
        self.spec.from.push(ReferenceGrantFrom {
            group: group.into(),
            kind: kind.into(),
            namespace: namespace.into(),
        });
        self
    }

    /// Lets the trusted objects reference every object of `kind` in API group `group` (`""` for
    /// the core group: `Service`, `Secret`) in the grant's namespace.
    pub fn allow_to(mut self, group: impl Into<String>, kind: impl Into<String>) -> Self {
        self.spec.to.push(ReferenceGrantTo {
            group: group.into(),
            kind: kind.into(),
            name: None,
        });
        self
    }

    /// Lets the trusted objects reference only the object `name` of `kind` in API group `group`
    /// in the grant's namespace.
    pub fn allow_to_named(
        mut self,
        group: impl Into<String>,
        kind: impl Into<String>,
        name: impl Into<String>,
    ) -> Self {
        self.spec.to.push(ReferenceGrantTo {
            group: group.into(),
            kind: kind.into(),
            name: Some(name.into()),
        });
        self
    }

    /// The ReferenceGrant.
    pub fn build(self) -> v1::ReferenceGrant {
        v1::ReferenceGrant {
            metadata: self.metadata,
            spec: self.spec,
        }
    }
}

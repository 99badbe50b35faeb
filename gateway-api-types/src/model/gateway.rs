//! Types of the Gateway resource: its requested addresses, listeners, TLS and infrastructure settings,
//! and the status its controller reports.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of a Gateway: the class that implements it, the listeners it exposes, and the
/// addresses, TLS and infrastructure settings it requests.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GatewaySpec {
    /// Addresses the Gateway asks to receive traffic on, such as a load balancer IP or hostname (at most 16).
    /// When empty, the implementation may assign addresses itself; a requested address it cannot use must be
    /// reported in the Gateway's conditions. Every listener is bound to every assigned address.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [rules::ADDRESSES_IP_UNIQUE, rules::ADDRESSES_HOSTNAME_UNIQUE])
    ))]
    pub addresses: Option<Vec<GatewaySpecAddress>>,

    /// Which ListenerSets may attach additional listeners to this Gateway. By default none may.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_listeners: Option<AllowedListeners>,

    /// Makes this Gateway a default Gateway: Routes that opt in through a matching `useDefaultGateway` scope
    /// attach to it without naming it. Unset or `None` turns this off. Since Routes then attach implicitly,
    /// use it only where the Routes in that scope are tightly controlled.
    ///
    /// Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub default_scope: Option<DefaultScope>,

    /// Name of the GatewayClass whose controller implements this Gateway.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub gateway_class_name: String,

    /// Labels, annotations and parameters for the infrastructure the implementation provisions for this Gateway.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub infrastructure: Option<GatewayInfrastructure>,

    /// Logical endpoints (port, protocol and optional hostname) on which the Gateway accepts traffic;
    /// 1 to 64 entries with unique names. Listeners must be distinct: ones that cannot be told apart are
    /// marked `Conflicted` and not accepted. Among listeners that differ only by hostname, exact hostnames
    /// take precedence over wildcards, and wildcards over an empty hostname.
    ///
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 64),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#, "x-kubernetes-validations" = [rules::LISTENER_TLS_FORBIDDEN, rules::LISTENER_HTTPS_TLS_MODE, rules::LISTENER_TLS_MODE_SET, rules::LISTENER_HOSTNAME_FORBIDDEN, rules::LISTENER_NAME_UNIQUE, rules::GATEWAY_LISTENER_UNIQUE])
    ))]
    pub listeners: Vec<Listener>,

    /// Gateway-wide TLS settings: validation of client certificates on incoming connections (frontend)
    /// and the certificate presented to backends (backend).
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<GatewayTlsConfig>,
}

/// An address requested for a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("oneOf" = [{"properties": {"type": {"enum": [r#"IPAddress"#]}, "value": {"anyOf": [{"format": r#"ipv4"#}, {"format": r#"ipv6"#}]}}}, {"properties": {"type": {"not": {"enum": [r#"IPAddress"#]}}}}], "x-kubernetes-validations" = [rules::SPEC_ADDRESS_HOSTNAME])))]
pub struct GatewaySpecAddress {
    /// Kind of address: `IPAddress` (the default), `Hostname`, `NamedAddress`, or a domain-prefixed
    /// implementation-specific type.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::ADDRESS_TYPE),
        extend("default" = r#"IPAddress"#)
    ))]
    pub r#type: Option<String>,

    /// The requested address, e.g. `10.0.0.1` or `gw.example.com`; an `IPAddress` must be valid IPv4 or IPv6.
    /// When empty, the implementation should assign an address of the requested type; if it cannot, it sets
    /// `Programmed` to False with reason `AddressNotAssigned`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 253)))]
    pub value: Option<String>,
}

/// Controls which ListenerSets may attach listeners to a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct AllowedListeners {
    /// Namespaces whose ListenerSets may attach to this Gateway. Defaults to none (`from: None`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<ListenerNamespaces>,
}

/// Selects the namespaces whose ListenerSets may attach to a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"from": r#"None"#})))]
pub struct ListenerNamespaces {
    /// Where attaching ListenerSets may live: `None` (the default), `Same`, `Selector` or `All`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"None"#)))]
    pub from: Option<ListenerNamespacesFrom>,

    /// Label selector for the namespaces whose ListenerSets may attach. Required when `from` is `Selector`,
    /// ignored otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
}

/// Infrastructure-level settings for the resources an implementation creates or configures for a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GatewayInfrastructure {
    /// Annotations that should be set on resources created for this Gateway (on Kubernetes objects,
    /// their `metadata.annotations`). At most 16 entries, with Kubernetes annotation key syntax.
    /// Implementations may add their own.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        with = "Option<BTreeMap<String, AnnotationValueSchema>>",
        extend("maxProperties" = 16, "x-kubernetes-validations" = [rules::INFRASTRUCTURE_ANNOTATION_KEY_FORMAT, rules::INFRASTRUCTURE_ANNOTATION_KEY_PREFIX_LENGTH])
    ))]
    pub annotations: Option<BTreeMap<String, String>>,

    /// Labels that should be set on resources created for this Gateway (on Kubernetes objects,
    /// their `metadata.labels`). At most 8 entries, with Kubernetes label syntax. Implementations that must
    /// recreate resources such as Pods when labels change should document it.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        with = "Option<BTreeMap<String, LabelValueSchema>>",
        extend("maxProperties" = 8, "x-kubernetes-validations" = [rules::INFRASTRUCTURE_LABEL_KEY_FORMAT, rules::INFRASTRUCTURE_LABEL_KEY_PREFIX_LENGTH])
    ))]
    pub labels: Option<BTreeMap<String, String>>,

    /// Resource in the Gateway's namespace holding implementation-specific configuration for this Gateway,
    /// the per-Gateway counterpart of the GatewayClass `parametersRef`; how the two combine is
    /// implementation-specific. A missing, unsupported or malformed referent should leave the Gateway
    /// not `Accepted`, with reason `InvalidParameters`.
    ///
    /// Support: Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters_ref: Option<LocalObjectReference>,
}

/// A logical endpoint on which a Gateway accepts connections, defined by port, protocol and optional hostname.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Listener {
    /// Which kinds of Routes may attach to this listener, and from which namespaces. Defaults to Routes in
    /// the same namespace. When several Route rules match a request, the most specific wins, then the oldest
    /// Route, then the first by namespace/name.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_routes: Option<AllowedRoutes>,

    /// Virtual hostname this listener matches for protocols that have one: the SNI for TLS, the Host header
    /// for HTTP, and both for HTTPS. Unset matches every hostname. A leading `*.` makes it a suffix match:
    /// `*.example.com` matches `a.example.com` and `a.b.example.com`, not `example.com`. Not allowed for TCP
    /// or UDP; Route hostnames must intersect with it.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(
            pattern = patterns::HOSTNAME
        )
    ))]
    pub hostname: Option<String>,

    /// Name of the listener, unique within the Gateway.
    ///
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub name: String,

    /// Network port the listener accepts connections on (1-65535). Listeners may share a port as long as
    /// they stay distinct.
    ///
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: i32,

    /// Network protocol the listener expects, such as `HTTP`, `HTTPS`, `TLS`, `TCP` or `UDP`;
    /// implementation-specific protocols use a domain-prefixed name.
    ///
    /// Support: Core.
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 1, max = 255),
            regex(
                pattern = r#"^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9]+$"#
            )
        )
    )]
    pub protocol: String,

    /// TLS settings of the listener. Needed for `HTTPS` and `TLS` listeners and not allowed for `HTTP`,
    /// `TCP` or `UDP`. Certificates are selected by the longest matching SNI.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<ListenerTlsConfig>,
}

/// Which Routes may attach to a listener: their kinds and the namespaces they may come from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"namespaces": {"from": r#"Same"#}})))]
pub struct AllowedRoutes {
    /// Route group/kinds allowed to attach (at most 8). When empty, they follow from the listener protocol.
    /// Kinds the implementation does not support set `ResolvedRefs` to False with reason `InvalidRouteKinds`.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 8), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub kinds: Option<Vec<RouteGroupKind>>,

    /// Namespaces from which Routes may attach. Defaults to the listener's own namespace (`from: Same`).
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespaces: Option<RouteNamespaces>,
}

/// Selects the namespaces whose Routes may attach to a listener.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"from": r#"Same"#})))]
pub struct RouteNamespaces {
    /// Where attaching Routes may live: `Same` (the default), `Selector` or `All`.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Same"#)))]
    pub from: Option<FromNamespaces>,

    /// Label selector for the namespaces whose Routes may attach. Required when `from` is `Selector`,
    /// ignored otherwise.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selector: Option<LabelSelector>,
}

/// TLS settings of a listener: whether the Gateway terminates or passes through TLS, and the
/// certificates and options it uses.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::LISTENER_TLS_TERMINATE_CERTIFICATES])))]
pub struct ListenerTlsConfig {
    /// Objects holding the certificates and private keys used to terminate TLS for this listener's hostname
    /// (at most 64). In `Terminate` mode these or `options` must be set; in `Passthrough` they are ignored.
    /// A reference into another namespace needs a ReferenceGrant, or `ResolvedRefs` is False with reason
    /// `RefNotPermitted`.
    ///
    /// Support: Core for one Secret of type `kubernetes.io/tls`; Implementation-specific for more references
    /// or other kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 64), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub certificate_refs: Option<Vec<SecretObjectReference>>,

    /// Whether the Gateway terminates the client's TLS session (`Terminate`, the default) or forwards it
    /// as is (`Passthrough`).
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Terminate"#)))]
    pub mode: Option<TlsModeType>,

    /// Extra TLS settings as key/value pairs, e.g. a minimum TLS version or cipher suites (at most 16).
    /// Implementation-defined keys must carry a domain prefix such as `example.com/my-option`; unprefixed
    /// keys are reserved for Gateway API.
    ///
    /// Support: Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        with = "Option<BTreeMap<String, AnnotationValueSchema>>",
        extend("maxProperties" = 16)
    ))]
    pub options: Option<BTreeMap<String, String>>,
}

/// Gateway-wide TLS settings for connections from clients (frontend) and to backends (backend).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GatewayTlsConfig {
    /// TLS client settings used when the Gateway connects to backends. Whether a backend connection uses TLS
    /// at all is decided by BackendTLSPolicy, not here.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<GatewayBackendTls>,

    /// TLS settings for connections from clients to the Gateway, chiefly client certificate validation.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frontend: Option<FrontendTlsConfig>,
}

/// TLS client settings a Gateway applies when connecting to backends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GatewayBackendTls {
    /// Client certificate and private key the Gateway presents to backends that ask for one.
    /// An unresolvable or malformed referent (e.g. a Secret without `tls.crt` and `tls.key`) sets the
    /// Gateway's `ResolvedRefs` to False with reason `InvalidClientCertificateRef`; a reference into
    /// another namespace needs a ReferenceGrant.
    ///
    /// Support: Core for a Secret of type `kubernetes.io/tls`; Implementation-specific for other kinds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_certificate_ref: Option<SecretObjectReference>,
}

/// Client-facing TLS settings of a Gateway: a default plus optional overrides per port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct FrontendTlsConfig {
    /// Client certificate validation for every HTTPS listener, unless a `perPort` entry covers its port.
    ///
    /// Support: Core.
    pub default: TlsConfig,

    /// Overrides of the default for HTTPS listeners on given ports; at most 64, one entry per port.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 64),
        extend("x-kubernetes-list-map-keys" = [r#"port"#], "x-kubernetes-list-type" = r#"map"#, "x-kubernetes-validations" = [rules::FRONTEND_PER_PORT_UNIQUE])
    ))]
    pub per_port: Option<Vec<TlsPortConfig>>,
}

/// Client-facing TLS settings for a set of HTTPS listeners.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TlsConfig {
    /// Validation of client certificates; setting it turns on mutual TLS for the affected listeners.
    /// The maximum accepted chain depth is implementation-specific.
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<FrontendTlsValidation>,
}

/// How a Gateway validates the certificates clients present.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct FrontendTlsValidation {
    /// Objects (1 to 16) holding PEM-encoded CA bundles that serve as trust anchors for client certificates.
    /// Invalid references set `ResolvedRefs` to False on the affected listeners; if all are invalid, those
    /// listeners are not `Accepted`, with reason `NoValidCACertificate`.
    ///
    /// Support: Core for one ConfigMap with the CA under key `ca.crt`; Implementation-specific for more
    /// references or other kinds.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub ca_certificate_refs: Vec<ObjectReference>,

    /// Whether clients without a valid certificate are refused (`AllowValidOnly`, the default) or still
    /// let through (`AllowInsecureFallback`).
    ///
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"AllowValidOnly"#)))]
    pub mode: Option<FrontendValidationMode>,
}

/// Client-facing TLS settings for the HTTPS listeners on one port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TlsPortConfig {
    /// Port (1-65535) whose HTTPS listeners use this configuration.
    ///
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: i32,

    /// TLS settings for the HTTPS listeners on this port, replacing the default.
    ///
    /// Support: Core.
    pub tls: TlsConfig,
}

/// Observed state of a Gateway, reported by its controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"conditions": [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}, {"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Programmed"#}]})))]
pub struct GatewayStatus {
    /// Addresses actually bound to the Gateway (at most 16). They can differ from the requested ones,
    /// for example when addresses are assigned dynamically or a requested one is unusable.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 16), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub addresses: Option<Vec<GatewayStatusAddress>>,

    /// Number of ListenerSets attached to this Gateway: allowed by `allowedListeners`, pointing at this
    /// Gateway through a valid parent reference, and `Accepted`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attached_listener_sets: Option<i32>,

    /// Current conditions of the Gateway, such as `Accepted` and `Programmed`, keyed by type (at most 8).
    /// Until a controller reports, both are Unknown with reason `Pending`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 8),
        extend("default" = [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}, {"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Programmed"#}], "x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub conditions: Option<Vec<Condition>>,

    /// Status of each listener in the spec, keyed by listener name (at most 64).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 64),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub listeners: Option<Vec<ListenerStatus>>,
}

/// An address bound to a Gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("oneOf" = [{"properties": {"type": {"enum": [r#"IPAddress"#]}, "value": {"anyOf": [{"format": r#"ipv4"#}, {"format": r#"ipv6"#}]}}}, {"properties": {"type": {"not": {"enum": [r#"IPAddress"#]}}}}], "x-kubernetes-validations" = [rules::STATUS_ADDRESS_HOSTNAME])))]
pub struct GatewayStatusAddress {
    /// Kind of address: `IPAddress` (the default), `Hostname`, `NamedAddress`, or a domain-prefixed
    /// implementation-specific type.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::ADDRESS_TYPE),
        extend("default" = r#"IPAddress"#)
    ))]
    pub r#type: Option<String>,

    /// The address itself, e.g. `10.0.0.1`, `2001:db8::1` or `gw.example.com`; valid values depend on the type.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub value: String,
}

/// Status of one Gateway listener.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListenerStatus {
    /// Number of Routes with `Accepted` True attached to this listener. Attachment depends only on the
    /// listener's `allowedRoutes` and the Routes' parent references, so the count is reported even when
    /// the listener itself is not accepted.
    pub attached_routes: i32,

    /// Current conditions of this listener, such as `Accepted`, `Programmed`, `ResolvedRefs` or `Conflicted`,
    /// keyed by type (at most 8).
    #[cfg_attr(feature = "schema", schemars(
        length(max = 8),
        extend("x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub conditions: Vec<Condition>,

    /// Name of the spec listener this status describes.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub name: String,

    /// Route kinds the implementation supports on this listener (at most 8). Requested kinds it does not
    /// support are left out and set `ResolvedRefs` to False with reason `InvalidRouteKinds`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 8), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub supported_kinds: Option<Vec<RouteGroupKind>>,
}

string_enum! {
    /// Namespaces from which ListenerSets may attach to a Gateway.
    pub enum ListenerNamespacesFrom {
        /// ListenerSets in any namespace.
        All = "All",
        /// ListenerSets in namespaces matching the selector.
        Selector = "Selector",
        /// Only ListenerSets in the Gateway's namespace.
        Same = "Same",
        /// No ListenerSets; the Gateway uses only its own listeners.
        None = "None",
    }
}

string_enum! {
    /// Namespaces from which Routes may attach to a listener.
    pub enum FromNamespaces {
        /// Routes in any namespace.
        All = "All",
        /// Routes in namespaces matching the selector.
        Selector = "Selector",
        /// Only Routes in the listener's own namespace.
        Same = "Same",
    }
}

string_enum! {
    /// How a listener handles the TLS session a client opens.
    pub enum TlsModeType {
        /// The Gateway ends the TLS session and processes the decrypted traffic; certificates are required.
        Terminate = "Terminate",
        /// The Gateway forwards the encrypted stream without terminating it, reading only the ClientHello.
        Passthrough = "Passthrough",
    }
}

string_enum! {
    /// How strictly a Gateway enforces client certificate validation.
    pub enum FrontendValidationMode {
        /// Accept only clients whose certificate validates against the configured CAs.
        AllowValidOnly = "AllowValidOnly",
        /// Accept clients even without a valid certificate, leaving authorization to the backend.
        /// This is insecure and meant for testing or temporary use.
        AllowInsecureFallback = "AllowInsecureFallback",
    }
}

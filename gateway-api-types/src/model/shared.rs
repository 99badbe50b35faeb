//! Types shared by several Gateway API kinds: references, conditions, route and policy status,
//! backends, header and mirror filters, and session persistence.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Target of a directly attached policy, in the policy's own namespace.
/// It may be narrowed to one named section of the target object.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LocalPolicyTargetReferenceWithSectionName {
    /// API group of the target; an empty string means the core API group.
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP)
    ))]
    pub group: String,

    /// Kind of the target, for example "Service".
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND)
    ))]
    pub kind: String,

    /// Name of the target.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Section of the target the policy applies to; unset means the whole object.
    /// It names a listener on a Gateway, a rule on an HTTPRoute, or a port on a Service. If the
    /// section does not exist, the policy does not attach and its status should report why.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub section_name: Option<String>,
}

/// Reference to an object in the same namespace as the referring object.
/// The group and kind must be registered in the cluster; otherwise the reference is invalid and the
/// referring object's conditions say so.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LocalObjectReference {
    /// API group of the referent; an empty string means the core API group.
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP)
    ))]
    pub group: String,

    /// Kind of the referent, for example "ConfigMap".
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND)
    ))]
    pub kind: String,

    /// Name of the referent.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,
}

/// A Subject Alternative Name that the backend certificate may present.
/// Set exactly the field that matches `type`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::SAN_HOSTNAME_REQUIRED, rules::SAN_HOSTNAME_FORBIDDEN, rules::SAN_URI_REQUIRED, rules::SAN_URI_FORBIDDEN])))]
pub struct SubjectAltName {
    /// DNS name to match, optionally starting with a `*.` wildcard label.
    /// Required when `type` is Hostname and forbidden otherwise.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(
            pattern = patterns::HOSTNAME
        )
    ))]
    pub hostname: Option<String>,

    /// Form of this Subject Alternative Name: Hostname or URI.
    /// Support: Core.
    pub r#type: SubjectAltNameType,

    /// URI to match, with both a scheme and a scheme-specific part.
    /// A typical value is a SPIFFE ID such as "spiffe://cluster.example/ns/app/sa/web". Required
    /// when `type` is URI and forbidden otherwise.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 1, max = 253),
            regex(pattern = r#"^(([^:/?#]+):)(//([^/?#]*))([^?#]*)(\?([^#]*))?(#(.*))?"#)
        )
    )]
    pub uri: Option<String>,
}

/// Observed state of a policy, reported separately for each affected ancestor.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyStatus {
    /// One entry per ancestor (usually a Gateway) the policy affects, at most 16.
    /// Each controller writes only the entries for ancestors it manages, keyed by ancestor
    /// reference and controller name. An empty list means the policy affects nothing; once the list
    /// is full, the policy cannot take effect for further ancestors and this should be reported on
    /// them.
    #[cfg_attr(feature = "schema", schemars(length(max = 16), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub ancestors: Vec<PolicyAncestorStatus>,
}

/// Status of a policy with respect to one of its ancestors.
/// An ancestor is the target or an object above it (a route, a Gateway, a GatewayClass); the
/// Gateway is normally the one to report on.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PolicyAncestorStatus {
    /// The ancestor, typically a Gateway, that this entry reports on.
    pub ancestor_ref: ParentReference,

    /// Conditions of the policy for this ancestor, 1 to 8, one per type.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 8),
        extend("x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub conditions: Vec<Condition>,

    /// Controller that wrote this entry, matching a GatewayClass `controllerName`.
    /// It is a domain-prefixed path such as "example.net/gateway-controller". Controllers must set
    /// it and should remove their entries once they no longer apply.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(
            pattern = patterns::CONTROLLER_NAME
        )
    ))]
    pub controller_name: String,
}

/// Reference to a parent that a route attaches to, usually a Gateway.
/// Gateway and, for service meshes, ClusterIP Service parents have Core support. The group and kind
/// must be registered in the cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ParentReference {
    /// API group of the parent. Defaults to "gateway.networking.k8s.io".
    /// Use an empty string for core-group parents such as a Service.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#"gateway.networking.k8s.io"#)
    ))]
    pub group: Option<String>,

    /// Kind of the parent. Defaults to "Gateway".
    /// Gateway and Service (ClusterIP, mesh use) have Core support; any other kind is
    /// Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND),
        extend("default" = r#"Gateway"#)
    ))]
    pub kind: Option<String>,

    /// Name of the parent.
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the parent; unset means the route's own namespace.
    /// Attaching across namespaces needs the parent side to allow it, for example through a
    /// listener's allowedRoutes. For a Service parent, the same namespace makes a "producer" route
    /// and another namespace a "consumer" route that affects only traffic from the route's
    /// namespace.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,

    /// Port of the parent to attach to.
    /// On a Gateway it selects every listener on that port that accepts this route; on a Service,
    /// that service port. If `sectionName` is also set, both must match. Prefer `sectionName`
    /// unless the route must follow a port rather than named listeners.
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: Option<i32>,

    /// Named section of the parent to attach to; unset means the whole parent.
    /// It is a listener name on a Gateway or ListenerSet and a port name on a Service. Attachment
    /// succeeds if at least one selected section accepts the route.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub section_name: Option<String>,
}

// `type`, `reason` and `message` are `Cow<'static, str>`: a controller writes the same few
// types, reasons and messages on every object, and borrowing the constants saves three
// allocations per condition (the doc comment below is the CRD's description, so the Rust side
// of this is told in `conditions::condition`'s docs).
/// One observed aspect of an object's state, in the standard Kubernetes condition format.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// When the condition last changed status.
    pub last_transition_time: Time,

    /// Human-readable details about the last transition; may be empty.
    #[cfg_attr(feature = "schema", schemars(length(max = 32768)))]
    pub message: Cow<'static, str>,

    /// The `metadata.generation` the condition was computed from.
    /// If it is lower than the object's current generation, the condition is out of date.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
    pub observed_generation: Option<i64>,

    /// Machine-readable CamelCase reason for the last transition; never empty.
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 1, max = 1024),
            regex(pattern = r#"^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$"#)
        )
    )]
    pub reason: Cow<'static, str>,

    /// Whether the condition holds: True, False or Unknown.
    pub status: ConditionStatus,

    /// Type of the condition in CamelCase, optionally domain-prefixed.
    /// Examples: "Accepted", "example.com/Ready".
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(max = 316),
            regex(
                pattern = r#"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$"#
            )
        )
    )]
    pub r#type: Cow<'static, str>,
}

/// Reference to an object by group, kind, name and, optionally, namespace.
/// The group and kind must be registered in the cluster for the reference to be valid.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    /// API group of the referent; an empty string means the core API group.
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP)
    ))]
    pub group: String,

    /// Kind of the referent, for example "ConfigMap".
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND)
    ))]
    pub kind: String,

    /// Name of the referent.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the referent; leave unset for cluster-scoped objects.
    /// When the referring object is namespaced, unset means its own namespace, and pointing into
    /// another namespace requires a ReferenceGrant there.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,
}

/// A feature that the implementation supports.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SupportedFeature {
    /// Name of the feature, as used by the Gateway API conformance tests.
    /// Example: "HTTPRouteQueryParamMatching".
    pub name: String,
}

/// Standard Kubernetes label selector.
/// An object matches when all of the label and expression requirements hold.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-map-type" = r#"atomic"#)))]
pub struct LabelSelector {
    /// Set-based label requirements; all of them must hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub match_expressions: Option<Vec<LabelSelectorRequirement>>,

    /// Labels that must be present with exactly these values.
    /// Each pair is shorthand for an `In` expression with a single value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub match_labels: Option<BTreeMap<String, String>>,
}

/// One set-based label requirement: a key, an operator and possibly values.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    /// Label key the requirement applies to.
    pub key: String,

    /// How the label relates to the values: In, NotIn, Exists or DoesNotExist.
    pub operator: String,

    /// Values to compare the label with.
    /// Must be non-empty for In and NotIn, and empty for Exists and DoesNotExist.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub values: Option<Vec<String>>,
}

/// A kind of route, identified by API group and kind.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RouteGroupKind {
    /// API group of the route kind. Defaults to "gateway.networking.k8s.io".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#"gateway.networking.k8s.io"#)
    ))]
    pub group: Option<String>,

    /// Kind of the route, for example "HTTPRoute".
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND)
    ))]
    pub kind: String,
}

/// Reference to an object holding secret material, a core Secret unless set otherwise.
/// It may point to another namespace; the group and kind must be registered in the cluster.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SecretObjectReference {
    /// API group of the referent. Defaults to "", the core API group.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#""#)
    ))]
    pub group: Option<String>,

    /// Kind of the referent. Defaults to "Secret".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND),
        extend("default" = r#"Secret"#)
    ))]
    pub kind: Option<String>,

    /// Name of the referent.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the referent; unset means the referring object's namespace.
    /// A different namespace is only valid if a ReferenceGrant in that namespace allows it.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,
}

/// Filter that edits HTTP headers by adding, overwriting or removing them.
/// Header names are compared case-insensitively.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpHeaderFilter {
    /// Headers to add, at most 16.
    /// A value is appended to any existing value of the same header instead of replacing it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub add: Option<Vec<HttpHeader>>,

    /// Names of the headers to remove, at most 16.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 16), extend("x-kubernetes-list-type" = r#"set"#)))]
    pub remove: Option<Vec<String>>,

    /// Headers to set, at most 16, replacing any existing value of the same header.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub set: Option<Vec<HttpHeader>>,
}

/// An HTTP header name with its value.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpHeader {
    /// Header name, compared case-insensitively.
    /// If several entries name the same header, only the first one counts.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 256),
        regex(pattern = patterns::HEADER_NAME)
    ))]
    pub name: String,

    /// Header value, 1 to 4096 characters.
    /// The experimental channel also requires printable US-ASCII characters, with at most a single
    /// space or tab between them.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 4096),
        regex(pattern = patterns::HEADER_VALUE),
        extend("x-gwapi-standard-pattern" = null)
    ))]
    pub value: String,
}

/// Filter that copies requests to another backend and ignores that backend's responses.
/// Support: Extended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::MIRROR_PERCENT_OR_FRACTION])))]
pub struct HttpRequestMirrorFilter {
    /// Backend that receives the copies; each copy goes to one endpoint of it.
    /// If the backend cannot be found, or a cross-namespace reference is not allowed by a
    /// ReferenceGrant, the mirror is not configured and the route's ResolvedRefs condition is
    /// False.
    /// Support: Extended for Service, Implementation-specific for other kinds.
    pub backend_ref: BackendObjectReference,

    /// Share of requests to mirror, given as a fraction.
    /// Cannot be combined with `percent`; if neither is set, every request is mirrored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fraction: Option<Fraction>,

    /// Share of requests to mirror, in percent from 0 to 100.
    /// Cannot be combined with `fraction`; if neither is set, every request is mirrored.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 100)))]
    pub percent: Option<i32>,
}

/// Reference to a backend, a Service unless set otherwise, possibly in another namespace.
/// A reference to a Service must include a port.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::BACKEND_REF_SERVICE_PORT])))]
pub struct BackendObjectReference {
    /// API group of the backend. Defaults to "", the core API group.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#""#)
    ))]
    pub group: Option<String>,

    /// Kind of the backend. Defaults to "Service".
    /// Support: Core for Services other than ExternalName; ExternalName Services are
    /// Implementation-specific and should not be supported.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND),
        extend("default" = r#"Service"#)
    ))]
    pub kind: Option<String>,

    /// Name of the backend.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the backend; unset means the route's namespace.
    /// A different namespace requires a ReferenceGrant in that namespace.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,

    /// Destination port.
    /// Required for a Service, where it is the service port, not the target port. Other kinds may
    /// take the port from the referent instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: Option<i32>,
}

/// A ratio `numerator / denominator`, where the numerator may not exceed the denominator.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::FRACTION_AT_MOST_ONE])))]
pub struct Fraction {
    /// Bottom of the ratio, at least 1. Defaults to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1), extend("default" = 100)))]
    pub denominator: Option<i32>,

    /// Top of the ratio, at least 0.
    #[cfg_attr(feature = "schema", schemars(range(min = 0)))]
    pub numerator: i32,
}

/// Keeps requests of one client session on the same backend, using a cookie or a header.
/// Support: Extended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::SESSION_PERMANENT_ABSOLUTE_TIMEOUT, rules::SESSION_COOKIE_CONFIG_TYPE])))]
pub struct SessionPersistence {
    /// Maximum lifetime of a session, as a duration such as "1h" or "30m".
    /// Once it has elapsed, the session is no longer valid. Required when the cookie lifetime is
    /// Permanent.
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = patterns::DURATION)))]
    pub absolute_timeout: Option<String>,

    /// Settings for cookie-based persistence; only allowed when `type` is Cookie.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cookie_config: Option<CookieConfig>,

    /// Name of the session token in the cookie or header, at most 128 characters.
    /// Reusing a name across routes can lead to rejection or unpredictable behavior.
    /// Support: Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 128)))]
    pub session_name: Option<String>,

    /// How the session is tracked. Defaults to "Cookie".
    /// Support: Core for Cookie, Extended for Header.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Cookie"#)))]
    pub r#type: Option<SessionPersistenceType>,
}

/// Settings specific to cookie-based session persistence.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct CookieConfig {
    /// Whether the cookie is Permanent or lasts for the client Session. Defaults to "Session".
    /// A Permanent cookie expires through its Expires or Max-Age attribute, set from
    /// `absoluteTimeout`, which is then required. For a Session cookie, `absoluteTimeout` is
    /// optional and enforced by the gateway.
    /// Support: Core for Session, Extended for Permanent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Session"#)))]
    pub lifetime_type: Option<CookieLifetimeType>,
}

/// Observed state of a route, reported separately for each parent.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RouteStatus {
    /// One entry per parent (usually a Gateway) the route is associated with, at most 32.
    /// A controller only writes entries for parents it manages, and unresolvable parents are left
    /// out. An empty list means the route is not attached anywhere.
    #[cfg_attr(feature = "schema", schemars(length(max = 32), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub parents: Vec<RouteParentStatus>,
}

// `controller_name` is an `Arc<str>` and `parent_ref` an `Arc<ParentReference>`: a controller
// writes the same name into the entry of every route it manages, and many routes name their
// parent with equal references, so one copy can serve them all. Both serialize as the plain
// string and object (serde's `rc` feature). `&*controller_name` reads the name as a `str`;
// `Arc::make_mut` gives a copy to change. (The doc comments below are the CRD's descriptions,
// so the Rust side is told here.)
/// Status of a route with respect to one of its parents.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RouteParentStatus {
    /// Conditions of the route on this parent, 1 to 8, one per type.
    /// The parent's controller must set Accepted when it can see the route; a route is accepted
    /// when at least one of its rules is implemented. Availability also depends on the Gateway's
    /// and listeners' own status.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 8),
        extend("x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub conditions: Vec<Condition>,

    /// Controller that wrote this entry, matching a GatewayClass `controllerName`.
    /// It is a domain-prefixed path such as "example.net/gateway-controller". Controllers must set
    /// it and should remove their entries once they no longer apply.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(
            pattern = patterns::CONTROLLER_NAME
        )
    ))]
    pub controller_name: Arc<str>,

    /// The entry of `spec.parentRefs` that this status describes.
    pub parent_ref: Arc<ParentReference>,
}

/// Rule of a layer-4 route (TCP, TLS or UDP): the backends that receive the traffic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct L4RouteRule {
    /// Backends that receive the traffic, 1 to 16, sharing it by weight.
    /// If a backend is missing or has no endpoints, connections assigned to it must be actively
    /// rejected, in proportion to its weight.
    /// Support: Core for Service.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub backend_refs: Vec<BackendRef>,

    /// Optional name of the rule, unique within the route when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub name: Option<String>,
}

/// Reference to a backend that receives traffic, with its weight.
/// A Service reference must include a port, and a backend in another namespace needs a
/// ReferenceGrant there. If the backend cannot be reached with the route's protocol, it is invalid
/// and ResolvedRefs is False with reason UnsupportedProtocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::BACKEND_REF_SERVICE_PORT])))]
pub struct BackendRef {
    /// API group of the backend. Defaults to "", the core API group.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#""#)
    ))]
    pub group: Option<String>,

    /// Kind of the backend. Defaults to "Service".
    /// Support: Core for Services other than ExternalName; ExternalName Services are
    /// Implementation-specific and should not be supported.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND),
        extend("default" = r#"Service"#)
    ))]
    pub kind: Option<String>,

    /// Name of the backend.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the backend; unset means the route's namespace.
    /// A different namespace requires a ReferenceGrant in that namespace.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,

    /// Destination port.
    /// Required for a Service, where it is the service port, not the target port. Other kinds may
    /// take the port from the referent instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: Option<i32>,

    /// Relative share of traffic for this backend, from 0 to 1,000,000. Defaults to 1.
    /// The share is this weight divided by the sum of all weights in the list; 0 sends no traffic.
    /// Weights need not add up to 100.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 1000000), extend("default" = 1)))]
    pub weight: Option<i32>,
}

string_enum! {
    /// Form of a Subject Alternative Name.
    pub enum SubjectAltNameType {
        /// A DNS name, given in `hostname`.
        Hostname = "Hostname",
        /// A URI such as a SPIFFE ID, given in `uri`.
        Uri = "URI",
    }
}

string_enum! {
    /// Status of a condition.
    pub enum ConditionStatus {
        /// The condition holds.
        True = "True",
        /// The condition does not hold.
        False = "False",
        /// The controller cannot tell whether the condition holds.
        Unknown = "Unknown",
    }
}

string_enum! {
    /// Scope under which Gateways claim routes that ask for a default Gateway.
    /// Gateways set it in `defaultScope`, routes in `useDefaultGateways`.
    pub enum DefaultScope {
        /// Every scope: the Gateway may claim any route that asks for a default Gateway.
        All = "All",
        /// No scope: the Gateway claims no route this way, or the route uses no default Gateway.
        None = "None",
    }
}

string_enum! {
    /// How a header value is compared.
    pub enum HeaderMatchType {
        /// The value must equal the given string exactly.
        /// Support: Core.
        Exact = "Exact",
        /// The value must match a regular expression whose dialect the implementation chooses.
        /// Support: Implementation-specific.
        RegularExpression = "RegularExpression",
    }
}

string_enum! {
    /// Lifetime of a session persistence cookie.
    pub enum CookieLifetimeType {
        /// The cookie is kept until its Expires or Max-Age time.
        /// Support: Extended.
        Permanent = "Permanent",
        /// The cookie is discarded when the client session ends.
        /// Support: Core.
        Session = "Session",
    }
}

string_enum! {
    /// Mechanism that carries the session persistence token.
    pub enum SessionPersistenceType {
        /// An HTTP cookie.
        /// Support: Core.
        Cookie = "Cookie",
        /// An HTTP header.
        /// Support: Extended.
        Header = "Header",
    }
}

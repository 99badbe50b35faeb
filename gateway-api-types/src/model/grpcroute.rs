//! GRPCRoute spec types: rules that select gRPC calls by service, method and headers, then filter them and
//! forward them to weighted backends.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of a GRPCRoute: the parents it attaches to, the hostnames it serves and its routing rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteSpec {
    /// Hostnames this route serves, compared with the request's host (`:authority`). Entries are DNS names, not IPs;
    /// a leading `*.` label is a suffix wildcard. With a Listener hostname, only intersecting names are used, and no
    /// intersection means the route is not accepted. If an HTTPRoute on the same Listener shares a hostname, only the
    /// older route (then the first by "{namespace}/{name}") is accepted. At most 16. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        inner(length(min = 1, max = 253), regex(pattern = patterns::HOSTNAME)),
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub hostnames: Option<Vec<String>>,

    /// Gateways (or, for mesh, Services) this route asks to attach to; the parent must also admit the route.
    /// Entries must be distinct: several references to the same parent must each set `sectionName` (or, in the
    /// experimental channel, `port`) to different values. At most 32.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 32),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::PARENT_REFS, "x-gwapi-standard-x-kubernetes-validations" = rules::PARENT_REFS_STANDARD)
    ))]
    pub parent_refs: Option<Vec<ParentReference>>,

    /// Routing rules, each pairing gRPC matches with filters and backends. At most 16, with no more than 128
    /// matches in total; rule names must be unique.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [rules::GRPC_RULES_MATCHES_TOTAL, rules::RULE_NAME_UNIQUE], "x-gwapi-standard-x-kubernetes-validations" = [rules::GRPC_RULES_MATCHES_TOTAL])
    ))]
    pub rules: Option<Vec<GrpcRouteRule>>,

    /// Asks to attach this route to default Gateways of the given scope. Unset or `None` means no default Gateway;
    /// `All` attaches to every default Gateway offering that scope, still subject to the Gateway's route admission.
    /// Use with care: the set of default Gateways can change without the route owner noticing. Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub use_default_gateways: Option<DefaultScope>,
}

/// One GRPCRoute rule: calls satisfying any of its `matches` go through its `filters` and on to its `backendRefs`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteRule {
    /// Backends that receive matching calls, split by weight. At most 16.
    /// The share of calls meant for an invalid backend fails with gRPC status `UNAVAILABLE` (all of them when every
    /// backend is invalid and no filter handles the call).
    /// Support: Core for Service, Implementation-specific otherwise; weights are Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 16), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub backend_refs: Option<Vec<GrpcBackendRef>>,

    /// Filters applied to every call this rule matches; the effect of their order is not yet specified. At most 16;
    /// the header modifiers may appear once each. Implementations must document filter combinations they cannot
    /// support and may reject them (reason `IncompatibleFilters`). Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::GRPC_FILTERS_ONCE)
    ))]
    pub filters: Option<Vec<GrpcRouteFilter>>,

    /// Conditions that select calls for this rule; the rule applies when any one match succeeds, and with no
    /// matches it takes every call. At most 64.
    /// Across routes, precedence favors the longest matching exact hostname, then the longest matching hostname,
    /// then the longest matching service, then the longest matching method, then the most header matches;
    /// GRPCRoutes are never merged with HTTPRoutes. Remaining ties go to the oldest route, then the first by
    /// "{namespace}/{name}", then the first matching rule in that route.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 64), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub matches: Option<Vec<GrpcRouteMatch>>,

    /// Optional name of the rule, unique within the route when set, so that policies and status can refer to it.
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub name: Option<String>,

    /// Keeps a client's calls on the same backend (by cookie or header) for this rule. Support: Extended.
    /// Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub session_persistence: Option<SessionPersistence>,
}

/// A backend of a GRPCRoute rule, with its traffic weight and optional per-backend filters.
/// A reference into another namespace needs a ReferenceGrant there; a backend the route cannot reach over its
/// protocol is invalid (`ResolvedRefs` False, reason `UnsupportedProtocol`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::BACKEND_REF_SERVICE_PORT])))]
pub struct GrpcBackendRef {
    /// Filters run only for calls sent to this particular backend, with the same limits as rule-level filters.
    /// At most 16. Support: Implementation-specific (rule-level filters are more widely supported).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::GRPC_FILTERS_ONCE)
    ))]
    pub filters: Option<Vec<GrpcRouteFilter>>,

    /// API group of the backend resource; empty (the default) means the core group.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#""#)
    ))]
    pub group: Option<String>,

    /// Kind of the backend resource. Defaults to `Service`.
    /// Support: Core for Services other than ExternalName; ExternalName Services are Implementation-specific and
    /// should not be supported, as they can point outside the cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND),
        extend("default" = r#"Service"#)
    ))]
    pub kind: Option<String>,

    /// Name of the backend resource.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the backend; defaults to the route's own namespace. Another namespace requires a ReferenceGrant
    /// there. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,

    /// Destination port. Required for a Service, where it is the Service port rather than the target port; other
    /// kinds may take the port from the resource itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: Option<i32>,

    /// Relative share of calls for this backend: its weight over the sum of all weights in the list (not a
    /// percentage). Defaults to 1; 0 sends it nothing. Range 0 to 1,000,000.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 1000000), extend("default" = 1)))]
    pub weight: Option<i32>,
}

/// A processing step applied to a gRPC call or its response: header changes, mirroring or an
/// implementation-specific extension. `type` selects the step, and exactly the matching field must be set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE, rules::REQUEST_HEADER_MODIFIER_FOR_TYPE, rules::RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE, rules::RESPONSE_HEADER_MODIFIER_FOR_TYPE, rules::REQUEST_MIRROR_ONLY_FOR_TYPE, rules::REQUEST_MIRROR_FOR_TYPE, rules::EXTENSION_REF_ONLY_FOR_TYPE, rules::EXTENSION_REF_FOR_TYPE])))]
pub struct GrpcRouteFilter {
    /// Reference to an implementation-specific filter resource; required when `type` is `ExtensionRef` and forbidden
    /// otherwise. Not for Core or Extended filters; may repeat within a rule. Support: Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_ref: Option<LocalObjectReference>,

    /// Adds, sets or removes request headers (metadata); required when `type` is `RequestHeaderModifier` and
    /// forbidden otherwise. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_header_modifier: Option<HttpHeaderFilter>,

    /// Sends a copy of each call to another backend and ignores its responses; required when `type` is
    /// `RequestMirror`. May repeat, though not every implementation can mirror to several backends. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_mirror: Option<HttpRequestMirrorFilter>,

    /// Adds, sets or removes response headers; required when `type` is `ResponseHeaderModifier` and forbidden
    /// otherwise. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_header_modifier: Option<HttpHeaderFilter>,

    /// Which filter this is. Core types must be supported by every GRPCRoute implementation, Extended ones are
    /// optional, and custom filters use `ExtensionRef`. A custom filter that cannot be resolved must not be skipped:
    /// affected calls get an error response.
    pub r#type: GrpcRouteFilterType,
}

/// A set of gRPC call conditions that must all hold (logical AND) for the match to succeed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrpcRouteMatch {
    /// Request header conditions, all of which must hold. At most 16, keyed by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub headers: Option<Vec<GrpcHeaderMatch>>,

    /// Service and/or method condition; every service and method matches when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<GrpcMethodMatch>,
}

/// Selects gRPC calls by the value of one request header.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrpcHeaderMatch {
    /// Header name, compared case-insensitively; when several entries name the same header only the first counts.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 256),
        regex(pattern = patterns::HEADER_NAME)
    ))]
    pub name: String,

    /// How `value` is compared: `Exact` (the default) or `RegularExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Exact"#)))]
    pub r#type: Option<HeaderMatchType>,

    /// Header value to match, 1 to 4096 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 4096)))]
    pub value: String,
}

/// Selects gRPC calls by fully-qualified service name and/or method name; at least one of the two must be set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::GRPC_METHOD_SERVICE_OR_METHOD, rules::GRPC_METHOD_SERVICE_CHARACTERS, rules::GRPC_METHOD_METHOD_CHARACTERS])))]
pub struct GrpcMethodMatch {
    /// Method name to match, such as `Get`; any method matches when empty. With `Exact` it must be an identifier
    /// (letters, digits and `_`, not starting with a digit). At most 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1024)))]
    pub method: Option<String>,

    /// Fully-qualified service name to match, such as `foo.bar.v1.Greeter`; any service matches when empty. With
    /// `Exact` it must be dot-separated identifiers. At most 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1024)))]
    pub service: Option<String>,

    /// How `service` and `method` are compared. Defaults to `Exact`.
    /// Support: Core for `Exact` with both service and method; Implementation-specific for `Exact` with only a
    /// method, and for `RegularExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Exact"#)))]
    pub r#type: Option<HeaderMatchType>,
}

string_enum! {
    /// Kind of GRPCRoute filter.
    pub enum GrpcRouteFilterType {
        /// Modify response headers. Support: Extended.
        ResponseHeaderModifier = "ResponseHeaderModifier",
        /// Modify request headers. Support: Core.
        RequestHeaderModifier = "RequestHeaderModifier",
        /// Mirror calls to another backend. Support: Extended.
        RequestMirror = "RequestMirror",
        /// Implementation-specific filter configured through `extensionRef`. Support: Implementation-specific.
        ExtensionRef = "ExtensionRef",
    }
}

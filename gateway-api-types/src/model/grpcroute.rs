//! GRPCRoute spec types: rules that select gRPC calls by service, method and headers, then filter them and
//! forward them to weighted backends.

use super::*;

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
        inner(length(min = 1, max = 253), regex(pattern = r#"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#)),
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
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"sectionName or port must be specified when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__)) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '') && (!has(p1.port) || p1.port == 0) == (!has(p2.port) || p2.port == 0)): true))"#}, {"message": r#"sectionName or port must be unique when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || ( has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName)) && (((!has(p1.port) || p1.port == 0) && (!has(p2.port) || p2.port == 0)) || (has(p1.port) && has(p2.port) && p1.port == p2.port))))"#}], "x-gwapi-standard-x-kubernetes-validations" = [{"message": r#"sectionName must be specified when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))"#}, {"message": r#"sectionName must be unique when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"#}])
    ))]
    pub parent_refs: Option<Vec<ParentReference>>,

    /// Routing rules, each pairing gRPC matches with filters and backends. At most 16, with no more than 128
    /// matches in total; rule names must be unique.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128"#, "rule": r#"(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.size() : 0) : 0) + (self.size() > 1 ? (has(self[1].matches) ? self[1].matches.size() : 0) : 0) + (self.size() > 2 ? (has(self[2].matches) ? self[2].matches.size() : 0) : 0) + (self.size() > 3 ? (has(self[3].matches) ? self[3].matches.size() : 0) : 0) + (self.size() > 4 ? (has(self[4].matches) ? self[4].matches.size() : 0) : 0) + (self.size() > 5 ? (has(self[5].matches) ? self[5].matches.size() : 0) : 0) + (self.size() > 6 ? (has(self[6].matches) ? self[6].matches.size() : 0) : 0) + (self.size() > 7 ? (has(self[7].matches) ? self[7].matches.size() : 0) : 0) + (self.size() > 8 ? (has(self[8].matches) ? self[8].matches.size() : 0) : 0) + (self.size() > 9 ? (has(self[9].matches) ? self[9].matches.size() : 0) : 0) + (self.size() > 10 ? (has(self[10].matches) ? self[10].matches.size() : 0) : 0) + (self.size() > 11 ? (has(self[11].matches) ? self[11].matches.size() : 0) : 0) + (self.size() > 12 ? (has(self[12].matches) ? self[12].matches.size() : 0) : 0) + (self.size() > 13 ? (has(self[13].matches) ? self[13].matches.size() : 0) : 0) + (self.size() > 14 ? (has(self[14].matches) ? self[14].matches.size() : 0) : 0) + (self.size() > 15 ? (has(self[15].matches) ? self[15].matches.size() : 0) : 0) <= 128"#}, {"message": r#"Rule name must be unique within the route"#, "rule": r#"self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))"#}], "x-gwapi-standard-x-kubernetes-validations" = [{"message": r#"While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128"#, "rule": r#"(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.size() : 0) : 0) + (self.size() > 1 ? (has(self[1].matches) ? self[1].matches.size() : 0) : 0) + (self.size() > 2 ? (has(self[2].matches) ? self[2].matches.size() : 0) : 0) + (self.size() > 3 ? (has(self[3].matches) ? self[3].matches.size() : 0) : 0) + (self.size() > 4 ? (has(self[4].matches) ? self[4].matches.size() : 0) : 0) + (self.size() > 5 ? (has(self[5].matches) ? self[5].matches.size() : 0) : 0) + (self.size() > 6 ? (has(self[6].matches) ? self[6].matches.size() : 0) : 0) + (self.size() > 7 ? (has(self[7].matches) ? self[7].matches.size() : 0) : 0) + (self.size() > 8 ? (has(self[8].matches) ? self[8].matches.size() : 0) : 0) + (self.size() > 9 ? (has(self[9].matches) ? self[9].matches.size() : 0) : 0) + (self.size() > 10 ? (has(self[10].matches) ? self[10].matches.size() : 0) : 0) + (self.size() > 11 ? (has(self[11].matches) ? self[11].matches.size() : 0) : 0) + (self.size() > 12 ? (has(self[12].matches) ? self[12].matches.size() : 0) : 0) + (self.size() > 13 ? (has(self[13].matches) ? self[13].matches.size() : 0) : 0) + (self.size() > 14 ? (has(self[14].matches) ? self[14].matches.size() : 0) : 0) + (self.size() > 15 ? (has(self[15].matches) ? self[15].matches.size() : 0) : 0) <= 128"#}])
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
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"RequestHeaderModifier filter cannot be repeated"#, "rule": r#"self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1"#}, {"message": r#"ResponseHeaderModifier filter cannot be repeated"#, "rule": r#"self.filter(f, f.type == 'ResponseHeaderModifier').size() <= 1"#}])
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
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 1, max = 253),
            regex(
                pattern = r#"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#
            )
        )
    )]
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
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [{"message": r#"Must have port for Service reference"#, "rule": r#"(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true"#}])))]
pub struct GrpcBackendRef {
    /// Filters run only for calls sent to this particular backend, with the same limits as rule-level filters.
    /// At most 16. Support: Implementation-specific (rule-level filters are more widely supported).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"RequestHeaderModifier filter cannot be repeated"#, "rule": r#"self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1"#}, {"message": r#"ResponseHeaderModifier filter cannot be repeated"#, "rule": r#"self.filter(f, f.type == 'ResponseHeaderModifier').size() <= 1"#}])
    ))]
    pub filters: Option<Vec<GrpcRouteFilter>>,

    /// API group of the backend resource; empty (the default) means the core group.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = r#"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#),
        extend("default" = r#""#)
    ))]
    pub group: Option<String>,

    /// Kind of the backend resource. Defaults to `Service`.
    /// Support: Core for Services other than ExternalName; ExternalName Services are Implementation-specific and
    /// should not be supported, as they can point outside the cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = r#"^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$"#),
        extend("default" = r#"Service"#)
    ))]
    pub kind: Option<String>,

    /// Name of the backend resource.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the backend; defaults to the route's own namespace. Another namespace requires a ReferenceGrant
    /// there. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 1, max = 63),
            regex(pattern = r#"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"#)
        )
    )]
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
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [{"message": r#"filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier"#, "rule": r#"!(has(self.requestHeaderModifier) && self.type != 'RequestHeaderModifier')"#}, {"message": r#"filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type"#, "rule": r#"!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')"#}, {"message": r#"filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier"#, "rule": r#"!(has(self.responseHeaderModifier) && self.type != 'ResponseHeaderModifier')"#}, {"message": r#"filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type"#, "rule": r#"!(!has(self.responseHeaderModifier) && self.type == 'ResponseHeaderModifier')"#}, {"message": r#"filter.requestMirror must be nil if the filter.type is not RequestMirror"#, "rule": r#"!(has(self.requestMirror) && self.type != 'RequestMirror')"#}, {"message": r#"filter.requestMirror must be specified for RequestMirror filter.type"#, "rule": r#"!(!has(self.requestMirror) && self.type == 'RequestMirror')"#}, {"message": r#"filter.extensionRef must be nil if the filter.type is not ExtensionRef"#, "rule": r#"!(has(self.extensionRef) && self.type != 'ExtensionRef')"#}, {"message": r#"filter.extensionRef must be specified for ExtensionRef filter.type"#, "rule": r#"!(!has(self.extensionRef) && self.type == 'ExtensionRef')"#}])))]
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
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 1, max = 256),
            regex(pattern = r#"^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$"#)
        )
    )]
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
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [{"message": r#"One or both of 'service' or 'method' must be specified"#, "rule": r#"has(self.type) ? has(self.service) || has(self.method) : true"#}, {"message": r#"service must only contain valid characters (matching ^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$)"#, "rule": r#"(!has(self.type) || self.type == 'Exact') && has(self.service) ? self.service.matches(r"""^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$"""): true"#}, {"message": r#"method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)"#, "rule": r#"(!has(self.type) || self.type == 'Exact') && has(self.method) ? self.method.matches(r"""^[A-Za-z_][A-Za-z_0-9]*$"""): true"#}])))]
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

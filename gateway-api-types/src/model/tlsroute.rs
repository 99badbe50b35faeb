//! Specs of TLSRoute at v1 (also served as v1alpha3) and at the deprecated v1alpha2, which route
//! TLS connections by their SNI hostname.

use super::*;

/// Desired state of a TLSRoute: the SNI hostnames it serves, its parents and its backends.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TlsRouteSpec {
    /// SNI hostnames this route matches in the TLS ClientHello, 1 to 1024.
    /// Each is a DNS name, optionally starting with a `*.` wildcard label; IP addresses are not
    /// allowed. If the listener also has a hostname, the two must overlap for the route to attach.
    #[cfg_attr(feature = "schema", schemars(
        inner(length(min = 1, max = 253), regex(pattern = r#"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#)),
        length(min = 1, max = 1024),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"Hostnames cannot contain an IP"#, "rule": r#"self.all(h, !isIP(h))"#}, {"message": r#"Hostnames must be valid based on RFC-1123"#, "rule": r#"self.all(h, !h.contains('*') ? h.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$') : true)"#}, {"message": r#"Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123"#, "rule": r#"self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$')) : true)"#}])
    ))]
    pub hostnames: Vec<String>,

    /// Parents the route asks to attach to, usually Gateways, at most 32.
    /// Each parent must also accept the route, for example through a listener's allowedRoutes; a
    /// Service parent (mesh) must be in the route's namespace unless the mesh supports consumer
    /// routes. Several references to the same parent must each set `sectionName` (or `port`) to a
    /// different value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 32),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"sectionName or port must be specified when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__)) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '') && (!has(p1.port) || p1.port == 0) == (!has(p2.port) || p2.port == 0)): true))"#}, {"message": r#"sectionName or port must be unique when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || ( has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName)) && (((!has(p1.port) || p1.port == 0) && (!has(p2.port) || p2.port == 0)) || (has(p1.port) && has(p2.port) && p1.port == p2.port))))"#}], "x-gwapi-standard-x-kubernetes-validations" = [{"message": r#"sectionName must be specified when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))"#}, {"message": r#"sectionName must be unique when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"#}])
    ))]
    pub parent_refs: Option<Vec<ParentReference>>,

    /// The route's single rule, naming the backends that receive its traffic.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 1),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub rules: Vec<L4RouteRule>,

    /// Default-Gateway scope the route asks for.
    /// Unset or None means no default Gateway; All lets any default Gateway with that scope claim
    /// the route, subject to its normal attachment rules. Use with care, since the set of default
    /// Gateways can change without notice to the route owner.
    /// Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub use_default_gateways: Option<DefaultScope>,
}

/// Desired state of a TLSRoute at the deprecated v1alpha2 version.
/// Unlike v1, hostnames are optional and several rules are allowed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TlsRouteSpecV1Alpha2 {
    /// SNI hostnames this route matches, at most 1024; optional at this version.
    /// Same format as at v1. If the listener has a hostname too, route hostnames that do not match
    /// it are ignored, and at least one must match for the route to attach.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        inner(length(min = 1, max = 253), regex(pattern = r#"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"#)),
        length(max = 1024),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub hostnames: Option<Vec<String>>,

    /// Parents the route asks to attach to, usually Gateways, at most 32.
    /// Each parent must also accept the route, for example through a listener's allowedRoutes; a
    /// Service parent (mesh) must be in the route's namespace unless the mesh supports consumer
    /// routes. Several references to the same parent must each set `sectionName` (or `port`) to a
    /// different value.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 32),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"sectionName or port must be specified when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__)) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '') && (!has(p1.port) || p1.port == 0) == (!has(p2.port) || p2.port == 0)): true))"#}, {"message": r#"sectionName or port must be unique when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || ( has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName)) && (((!has(p1.port) || p1.port == 0) && (!has(p2.port) || p2.port == 0)) || (has(p1.port) && has(p2.port) && p1.port == p2.port))))"#}], "x-gwapi-standard-x-kubernetes-validations" = [{"message": r#"sectionName must be specified when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))"#}, {"message": r#"sectionName must be unique when parentRefs includes 2 or more references to the same parent"#, "rule": r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"#}])
    ))]
    pub parent_refs: Option<Vec<ParentReference>>,

    /// Rules of the route, 1 to 16; names, where set, must be unique within the route.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [{"message": r#"Rule name must be unique within the route"#, "rule": r#"self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))"#}], "x-gwapi-standard-x-kubernetes-validations" = null)
    ))]
    pub rules: Vec<L4RouteRule>,

    /// Default-Gateway scope the route asks for.
    /// Unset or None means no default Gateway; All lets any default Gateway with that scope claim
    /// the route, subject to its normal attachment rules. Use with care, since the set of default
    /// Gateways can change without notice to the route owner.
    /// Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub use_default_gateways: Option<DefaultScope>,
}

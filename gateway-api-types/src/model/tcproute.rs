//! Specs of TCPRoute at v1 and at the deprecated v1alpha2, which forward TCP connections from a
//! listener to backends. UDPRoute uses the same shapes.

use super::*;

/// Desired state of a TCPRoute (and of a UDPRoute): its parents and the backends for its traffic.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TcpRouteSpec {
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

/// Desired state of a TCPRoute (and of a UDPRoute) at the deprecated v1alpha2 version.
/// Unlike v1, it allows several rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct TcpRouteSpecV1Alpha2 {
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

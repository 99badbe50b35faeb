//! Specs of TCPRoute at v1 and at the deprecated v1alpha2, which forward TCP connections from a
//! listener to backends. UDPRoute uses the same shapes.

use super::*;
#[cfg(feature = "schema")]
use crate::rules;

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
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::PARENT_REFS, "x-gwapi-standard-x-kubernetes-validations" = rules::PARENT_REFS_STANDARD)
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
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::PARENT_REFS, "x-gwapi-standard-x-kubernetes-validations" = rules::PARENT_REFS_STANDARD)
    ))]
    pub parent_refs: Option<Vec<ParentReference>>,

    /// Rules of the route, 1 to 16; names, where set, must be unique within the route.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [rules::RULE_NAME_UNIQUE], "x-gwapi-standard-x-kubernetes-validations" = null)
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

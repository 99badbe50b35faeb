//! Spec of ReferenceGrant, which lets objects in other namespaces reference objects in the
//! grant's own namespace.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;

/// Which kinds in which namespaces may reference which objects of this namespace.
/// Cross-namespace references, except a route attaching to a Gateway, are only valid while a
/// matching grant exists; removing the grant revokes them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantSpec {
    /// Trusted sources of references, 1 to 16; an entry matching is enough (OR).
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub from: Vec<ReferenceGrantFrom>,

    /// Objects in this namespace that the sources may reference, 1 to 16; any entry may match (OR).
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub to: Vec<ReferenceGrantTo>,
}

/// A kind of object in a given namespace that is trusted to make references.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantFrom {
    /// API group of the referring kind; an empty string means the core API group.
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP)
    ))]
    pub group: String,

    /// Kind of the referring objects.
    /// Core support covers Gateway (certificate references) and GRPCRoute, HTTPRoute, TCPRoute,
    /// TLSRoute and UDPRoute (backend references).
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND)
    ))]
    pub kind: String,

    /// Namespace of the referring objects.
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: String,
}

/// A kind of object in this namespace, optionally one named object, that may be referenced.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ReferenceGrantTo {
    /// API group of the referenced kind; an empty string means the core API group.
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP)
    ))]
    pub group: String,

    /// Kind of the referenced objects.
    /// Core support covers Secret (certificate references) and Service (backend references).
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND)
    ))]
    pub kind: String,

    /// Name of the single object that may be referenced.
    /// Unset allows every object of this group and kind in the namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: Option<String>,
}

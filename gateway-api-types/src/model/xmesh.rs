//! Status types of XMesh, the experimental cluster-scoped resource that describes a GAMMA service mesh.
//! Its spec has the same shape as a GatewayClass spec.

use super::*;

/// Observed state of an XMesh, reported by the mesh implementation named in its `controllerName`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"conditions": [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}]})))]
pub struct XMeshStatus {
    /// Current conditions of the mesh, keyed by type (at most 8), chiefly `Accepted`.
    /// A missing or unsupported `parametersRef` makes `Accepted` False with reason `InvalidParameters`.
    /// Until a controller reports, `Accepted` and `Programmed` are Unknown with reason `Pending`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 8),
        extend("default" = [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}, {"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Programmed"#}], "x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub conditions: Option<Vec<Condition>>,

    /// Features the mesh implementation supports (at most 64), kept sorted alphabetically by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 64),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub supported_features: Option<Vec<SupportedFeature>>,
}

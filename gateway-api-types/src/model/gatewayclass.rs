//! Spec and status of GatewayClass, the cluster-scoped resource naming the controller that
//! implements a class of Gateways. XMesh reuses the same spec.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of a GatewayClass: its controller and optional parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GatewayClassSpec {
    /// Controller that manages this class, as a domain-prefixed path.
    /// Example: "example.net/gateway-controller". Required and immutable.
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::CONTROLLER_NAME),
        extend("x-kubernetes-validations" = [rules::IMMUTABLE])
    ))]
    pub controller_name: String,

    /// Human-readable description of the class, at most 64 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 64)))]
    pub description: Option<String>,

    /// Optional object holding controller-specific configuration for this class.
    /// It may be a ConfigMap or a custom resource, namespaced or cluster-scoped. If it is missing,
    /// of an unsupported kind or malformed, the class should be rejected: Accepted is False with
    /// reason InvalidParameters. How it combines with a Gateway's own parameters is up to the
    /// implementation.
    /// Support: Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters_ref: Option<ObjectReference>,
}

/// Observed state of a GatewayClass, written by its controller.
/// Until then it holds an Accepted condition with status Unknown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"conditions": [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}]})))]
pub struct GatewayClassStatus {
    /// Conditions reported by the controller, such as Accepted; at most 8.
    /// Defaults to one Accepted condition with status Unknown and reason Pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 8),
        extend("default" = [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}], "x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub conditions: Option<Vec<Condition>>,

    /// Features the implementation supports for this class, at most 64.
    /// The list must be sorted by name in ascending order.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 64),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub supported_features: Option<Vec<SupportedFeature>>,
}

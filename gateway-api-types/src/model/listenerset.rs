//! Spec and status of ListenerSet, which adds listeners to an existing Gateway from a separate
//! object.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of a ListenerSet: its parent Gateway and the listeners to merge into it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ListenerSetSpec {
    /// Listeners to add to the parent Gateway, 1 to 64, with names unique within this ListenerSet.
    /// In the merged list the Gateway's own listeners come first, then ListenerSets by creation
    /// time (oldest first) and then by namespace/name; conflicts are reported in listener status.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 64),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#, "x-kubernetes-validations" = [rules::LISTENER_TLS_FORBIDDEN, rules::LISTENER_HTTPS_TLS_MODE, rules::LISTENER_TLS_MODE_SET, rules::LISTENER_HOSTNAME_FORBIDDEN, rules::LISTENER_NAME_UNIQUE, rules::LISTENER_SET_LISTENER_UNIQUE])
    ))]
    pub listeners: Vec<Listener>,

    /// The Gateway these listeners attach to.
    /// That Gateway must allow ListenerSets in its `allowedListeners` field, which allows none by
    /// default.
    pub parent_ref: ParentGatewayReference,
}

/// Reference to the Gateway a ListenerSet attaches to.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ParentGatewayReference {
    /// API group of the parent. Defaults to "gateway.networking.k8s.io".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#"gateway.networking.k8s.io"#)
    ))]
    pub group: Option<String>,

    /// Kind of the parent. Defaults to "Gateway".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND),
        extend("default" = r#"Gateway"#)
    ))]
    pub kind: Option<String>,

    /// Name of the parent Gateway.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the parent Gateway; unset means the ListenerSet's own namespace.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,
}

/// Observed state of a ListenerSet.
/// Until a controller reports, it holds Accepted and Programmed conditions with status Unknown.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"conditions": [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}, {"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Programmed"#}]})))]
pub struct ListenerSetStatus {
    /// Conditions of the ListenerSet as a whole, such as Accepted and Programmed; at most 8.
    /// Defaults to both of these with status Unknown and reason Pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 8),
        extend("default" = [{"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Accepted"#}, {"lastTransitionTime": r#"1970-01-01T00:00:00Z"#, "message": r#"Waiting for controller"#, "reason": r#"Pending"#, "status": r#"Unknown"#, "type": r#"Programmed"#}], "x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub conditions: Option<Vec<Condition>>,

    /// Status of each listener of the spec, one entry per listener name; at most 64.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 64),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub listeners: Option<Vec<ListenerStatus>>,
}

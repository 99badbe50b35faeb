//! The output: statuses by object, effective configuration by Gateway.

use std::collections::BTreeMap;

use gateway_api_types::model::{
    GatewayClassStatus, GatewayStatus, ListenerSetStatus, PolicyStatus, RouteStatus,
};
use serde_json::{Value, json};

use crate::{EffectiveGateway, ObjectKey, ObjectKind, RouteKind};

/// What [`crate::resolve`] computes: a status per object the controller is responsible for,
/// and the effective configuration per Gateway.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Resolution {
    /// Status of each GatewayClass naming the controller.
    pub gateway_classes: BTreeMap<ObjectKey, GatewayClassStatus>,
    /// Status of each Gateway of those classes.
    pub gateways: BTreeMap<ObjectKey, GatewayStatus>,
    /// Status of each ListenerSet whose parent is one of those Gateways.
    pub listener_sets: BTreeMap<ObjectKey, ListenerSetStatus>,
    /// Status of each route with a parentRef to one of those Gateways or ListenerSets (or with
    /// an entry of this controller to remove).
    pub routes: BTreeMap<(RouteKind, ObjectKey), RouteStatus>,
    /// Status of each BackendTLSPolicy affecting one of those Gateways.
    pub backend_tls_policies: BTreeMap<ObjectKey, PolicyStatus>,
    /// Status of each XBackendTrafficPolicy affecting one of those Gateways.
    pub backend_traffic_policies: BTreeMap<ObjectKey, PolicyStatus>,
    /// Effective configuration of each Gateway.
    pub effective: BTreeMap<ObjectKey, EffectiveGateway>,
}

/// The `apiVersion` of a kind the controller writes a status for.
fn api_version(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::XBackendTrafficPolicy => "gateway.networking.x-k8s.io/v1alpha1",
        _ => "gateway.networking.k8s.io/v1",
    }
}

/// A status as the object the controller would write to the status subresource.
pub(crate) fn status_item<T: serde::Serialize>(
    kind: ObjectKind,
    key: &ObjectKey,
    status: &T,
) -> Value {
    let mut meta = serde_json::Map::new();
    meta.insert("name".into(), Value::String(key.name.clone()));
    if !key.namespace.is_empty() {
        meta.insert("namespace".into(), Value::String(key.namespace.clone()));
    }
    json!({
        "apiVersion": api_version(kind),
        "kind": kind.as_str(),
        "metadata": meta,
        "status": serde_json::to_value(status).unwrap_or(Value::Null),
    })
}

impl Resolution {
    /// Every status as an object the controller would write to the status subresource:
    /// `apiVersion`, `kind`, `metadata` (name, and namespace when namespaced) and `status`, in a
    /// fixed order (GatewayClasses, Gateways, ListenerSets, routes by kind, policies; each by
    /// namespace/name).
    pub fn items(&self) -> Vec<Value> {
        let mut out = Vec::new();
        let mut add = |kind: ObjectKind, key: &ObjectKey| {
            if let Some(v) = self.status_of(kind, key) {
                out.push(status_item(kind, key, &v));
            }
        };
        for k in self.gateway_classes.keys() {
            add(ObjectKind::GatewayClass, k);
        }
        for k in self.gateways.keys() {
            add(ObjectKind::Gateway, k);
        }
        for k in self.listener_sets.keys() {
            add(ObjectKind::ListenerSet, k);
        }
        for kind in RouteKind::ALL {
            for (_, k) in self.routes.keys().filter(|(rk, _)| *rk == kind) {
                add(kind.into(), k);
            }
        }
        for k in self.backend_tls_policies.keys() {
            add(ObjectKind::BackendTlsPolicy, k);
        }
        for k in self.backend_traffic_policies.keys() {
            add(ObjectKind::XBackendTrafficPolicy, k);
        }
        out
    }

    /// The status of one object as JSON, by kind and key (`None` when the controller writes
    /// no status for it, or the kind is not one it writes). The kind is an [`ObjectKind`], a
    /// [`RouteKind`], or an API kind string (`"HTTPRoute"`).
    pub fn status_of<K: TryInto<ObjectKind>>(&self, kind: K, key: &ObjectKey) -> Option<Value> {
        let kind = kind.try_into().ok()?;
        let v = match kind {
            ObjectKind::GatewayClass => {
                serde_json::to_value(self.gateway_classes.get(&ObjectKey::cluster(&key.name))?)
            }
            ObjectKind::Gateway => serde_json::to_value(self.gateways.get(key)?),
            ObjectKind::ListenerSet => serde_json::to_value(self.listener_sets.get(key)?),
            ObjectKind::BackendTlsPolicy => {
                serde_json::to_value(self.backend_tls_policies.get(key)?)
            }
            ObjectKind::XBackendTrafficPolicy => {
                serde_json::to_value(self.backend_traffic_policies.get(key)?)
            }
            other => serde_json::to_value(self.routes.get(&(other.route_kind()?, key.clone()))?),
        };
        v.ok()
    }
}

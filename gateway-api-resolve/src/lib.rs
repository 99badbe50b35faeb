//! From a snapshot of Kubernetes Gateway API v1.6.1 objects (standard and experimental
//! channels) to the status a conformant controller writes, and the effective routes of every
//! listener.
//!
//! What you find here: one pure function, [`resolve`]. It takes a [`Snapshot`] (GatewayClasses,
//! Gateways, ListenerSets, every route kind, ReferenceGrants, BackendTLSPolicies,
//! XBackendTrafficPolicies, and the Namespaces, Services, Secrets and ConfigMaps they refer to)
//! and [`Options`] (the controller name, the clock, what the data plane reports), and returns a
//! [`Resolution`]: the status of every object the controller owns, merged into the status it
//! already has (other controllers' entries kept, unchanged conditions keeping their
//! `lastTransitionTime`, `observedGeneration` set), and an [`EffectiveGateway`] per Gateway
//! with its listeners, their TLS, and their accepted routes with intersected hostnames and
//! resolved backends. The output does not depend on the order of the input.
//!
//! What you will not find: a Kubernetes client (write the statuses with kube), validation of
//! single objects (`gateway-api-validate`), or request matching (`gateway-api-match`).
//!
//! ```
//! use gateway_api_resolve::{Options, Snapshot, resolve};
//!
//! let docs: Vec<_> = gateway_api_types::parse("in.yaml", r#"
//! apiVersion: gateway.networking.k8s.io/v1
//! kind: GatewayClass
//! metadata: {name: example}
//! spec: {controllerName: example.net/gateway-controller}
//! ---
//! apiVersion: gateway.networking.k8s.io/v1
//! kind: Gateway
//! metadata: {name: gw, namespace: infra}
//! spec:
//!   gatewayClassName: example
//!   listeners:
//!   - {name: http, protocol: HTTP, port: 80}
//! ---
//! apiVersion: gateway.networking.k8s.io/v1
//! kind: HTTPRoute
//! metadata: {name: web, namespace: infra}
//! spec:
//!   parentRefs: [{name: gw}]
//!   hostnames: [www.example.com]
//!   rules: [{backendRefs: [{name: web, port: 8080}]}]
//! "#).into_iter().filter_map(Result::ok).collect();
//!
//! let resolution = resolve(&Snapshot::from_documents(&docs), &Options::new("example.net/gateway-controller"));
//! let gateway = &resolution.gateways[&gateway_api_resolve::ObjectKey::new("infra", "gw")];
//! assert_eq!(gateway.listeners.as_ref().unwrap()[0].attached_routes, 1);
//! // The Service does not exist: the route is accepted, its backend answers 500.
//! let listener = &resolution.effective[&gateway_api_resolve::ObjectKey::new("infra", "gw")].listeners[0];
//! assert_eq!(*listener.routes[0].hostnames, ["www.example.com"]);
//! ```
//!
//! *Shared parts of the output.* A large cluster's resolution holds hundreds of thousands of
//! small values, most of them repeated, so repeated parts are reference-counted rather than
//! copied:
//! - an [`EffectiveRoute`]'s `route` key (`Arc<ObjectKey>`) and `rules`
//!   (`Arc<EffectiveRules>`): one per route, whatever the number of listeners it attaches to;
//! - an [`EffectiveRoute`]'s `hostnames` (`Arc<[String]>`): when the listener keeps the route's
//!   hostnames as written, one list shared by the routes that write the same hostnames; when
//!   only the listener's hostname remains, one list per listener;
//! - an [`EffectiveHttpRule`]'s or [`EffectiveGrpcRule`]'s defaulted `matches`
//!   (`Arc<[HttpRouteMatch]>`, `Arc<[GrpcRouteMatch]>`): shared by rules that write the same
//!   matches;
//! - a [`Backend`]'s `service` key (`Arc<ObjectKey>`): one per Service;
//! - a route status entry's `controller_name` (`Arc<str>`, one per resolution) and
//!   `parent_ref` (`Arc<ParentReference>`): shared by the routes that name their Gateway with
//!   equal references (up to 8 kept per Gateway).
//!
//! They read like the plain values (`*route.hostnames == ["www.example.com"]`);
//! `Arc::make_mut` or `to_vec` gives an owned copy to change.
//!
//! Features: none.

mod effective;
mod hostname;
mod options;
mod refs;
mod resolve;
mod router;
mod snapshot;

use std::collections::BTreeMap;

use gateway_api_types::model::{
    GatewayClassStatus, GatewayStatus, ListenerSetStatus, PolicyStatus, RouteStatus,
};
use serde_json::{Value, json};

pub use effective::{
    Backend, EffectiveGateway, EffectiveGrpcFilter, EffectiveGrpcRule, EffectiveHttpFilter,
    EffectiveHttpRule, EffectiveL4Rule, EffectiveListener, EffectiveRoute, EffectiveRules,
    EffectiveTls, InvalidBackend, InvalidBackendReason, ListenerSource, RouteKind,
};
pub use hostname::intersect as intersect_hostnames;
pub use options::{DEFAULT_BUNDLE_VERSION, Options};
pub use router::{build_router, router_listeners};
pub use snapshot::{ObjectKey, Snapshot};

/// Computes the status the controller named in `options` writes, and the effective
/// configuration of its Gateways. Pure: no I/O, no clock but `options.now`, and the same result
/// for the same snapshot whatever the order its objects were added in.
pub fn resolve(snapshot: &Snapshot, options: &Options) -> Resolution {
    resolve::resolve(snapshot, options)
}

/// What [`resolve`] computes: a status per object the controller is responsible for, and the
/// effective configuration per Gateway.
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

impl Resolution {
    /// Every status as an object the controller would write to the status subresource:
    /// `apiVersion`, `kind`, `metadata` (name, and namespace when namespaced) and `status`, in a
    /// fixed order (GatewayClasses, Gateways, ListenerSets, routes by kind, policies; each by
    /// namespace/name).
    pub fn items(&self) -> Vec<Value> {
        fn item<T: serde::Serialize>(api: &str, kind: &str, key: &ObjectKey, status: &T) -> Value {
            let mut meta = serde_json::Map::new();
            meta.insert("name".into(), Value::String(key.name.clone()));
            if !key.namespace.is_empty() {
                meta.insert("namespace".into(), Value::String(key.namespace.clone()));
            }
            json!({
                "apiVersion": api,
                "kind": kind,
                "metadata": meta,
                "status": serde_json::to_value(status).unwrap_or(Value::Null),
            })
        }
        const V1: &str = "gateway.networking.k8s.io/v1";
        let mut out = Vec::new();
        out.extend(
            self.gateway_classes
                .iter()
                .map(|(k, s)| item(V1, "GatewayClass", k, s)),
        );
        out.extend(self.gateways.iter().map(|(k, s)| item(V1, "Gateway", k, s)));
        out.extend(
            self.listener_sets
                .iter()
                .map(|(k, s)| item(V1, "ListenerSet", k, s)),
        );
        for kind in RouteKind::ALL {
            out.extend(
                self.routes
                    .iter()
                    .filter(|((rk, _), _)| *rk == kind)
                    .map(|((_, k), s)| item(V1, kind.as_str(), k, s)),
            );
        }
        out.extend(
            self.backend_tls_policies
                .iter()
                .map(|(k, s)| item(V1, "BackendTLSPolicy", k, s)),
        );
        out.extend(self.backend_traffic_policies.iter().map(|(k, s)| {
            item(
                "gateway.networking.x-k8s.io/v1alpha1",
                "XBackendTrafficPolicy",
                k,
                s,
            )
        }));
        out
    }

    /// The status of one object as JSON, by API kind and key (`None` when the controller writes
    /// no status for it).
    pub fn status_of(&self, kind: &str, key: &ObjectKey) -> Option<Value> {
        let v = match kind {
            "GatewayClass" => {
                serde_json::to_value(self.gateway_classes.get(&ObjectKey::cluster(&key.name))?)
            }
            "Gateway" => serde_json::to_value(self.gateways.get(key)?),
            "ListenerSet" => serde_json::to_value(self.listener_sets.get(key)?),
            "BackendTLSPolicy" => serde_json::to_value(self.backend_tls_policies.get(key)?),
            "XBackendTrafficPolicy" => {
                serde_json::to_value(self.backend_traffic_policies.get(key)?)
            }
            other => serde_json::to_value(
                self.routes
                    .get(&(RouteKind::from_kind(other)?, key.clone()))?,
            ),
        };
        v.ok()
    }
}

// The README is documentation too: its example runs with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

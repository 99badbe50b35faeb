//! From a snapshot of Kubernetes Gateway API v1.6.1 objects (standard and experimental
//! channels) to the status a conformant controller writes, and the effective routes of every
//! listener.
//!
//! What you find here: one pure function, [`resolve`], and its incremental form, [`Resolver`].
//! [`resolve`] takes a [`Snapshot`] (GatewayClasses,
//! Gateways, ListenerSets, every route kind, ReferenceGrants, BackendTLSPolicies,
//! XBackendTrafficPolicies, and the Namespaces, Services, Secrets and ConfigMaps they refer to)
//! and [`Options`] (the controller name, the clock, what the data plane reports, the
//! [`Features`] it supports), and returns a
//! [`Resolution`]: the status of every object the controller owns, merged into the status it
//! already has (other controllers' entries kept, unchanged conditions keeping their
//! `lastTransitionTime`, `observedGeneration` set), and an [`EffectiveGateway`] per Gateway
//! with its listeners, their TLS, and their accepted routes with intersected hostnames and
//! resolved backends. The output does not depend on the order of the input.
//!
//! A controller keeps a [`Resolver`] instead: it holds the objects (as `Arc`s, the way
//! kube-runtime reflector stores hand them out), takes [`Change`]s (upserts and deletes of any
//! kind it reads) and returns a [`Delta`]: the statuses that changed and the listeners whose
//! effective routes changed. Its cost follows what a change affects, not the cluster's size;
//! [`resolve`] is a [`Resolver`] given every object at once, so both compute the same thing.
//!
//! Where each concept lives: `features` (what the controller supports), `gateway_class`,
//! `gateway` (frame, status, effective configuration), `addresses`, `listener` (building),
//! `listener_conflicts`, `tls_overlap` (OverlappingTLSConfig), `listener_status`,
//! `listener_sets`, `routes` (`view`, `attachment`, `arbitration`, `status`), `backends`,
//! `refs` (ReferenceGrants), `selectors`, `certificates`, `policies`; `engine` runs them and
//! `deps` records what each read.
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

mod addresses;
mod backends;
mod certificates;
mod conditions;
mod context;
mod deps;
mod effective;
mod engine;
mod features;
mod gateway;
mod gateway_class;
mod hash;
mod hostname;
mod listener;
mod listener_conflicts;
mod listener_sets;
mod listener_status;
mod options;
mod policies;
mod refs;
mod resolution;
mod router;
mod routes;
mod selectors;
mod sharing;
mod snapshot;
mod tls_overlap;

pub use effective::{
    Backend, EffectiveGateway, EffectiveGrpcFilter, EffectiveGrpcRule, EffectiveHttpFilter,
    EffectiveHttpRule, EffectiveL4Rule, EffectiveListener, EffectiveRoute, EffectiveRules,
    EffectiveTls, InvalidBackend, InvalidBackendReason, ListenerSource, MirrorFilter, RouteKind,
};
pub use engine::{Change, Delta, ListenerId, Resolver, Status, StatusChange, Work};
pub use features::{Feature, Features, UnknownFeature};
pub use hostname::intersect as intersect_hostnames;
pub use options::{DEFAULT_BUNDLE_VERSION, Options};
pub use resolution::Resolution;
pub use router::{RouterCache, build_router, router_listeners};
pub use snapshot::{ObjectKey, ObjectKind, Objects, Resource, Snapshot, UnknownKind};

/// Computes the status the controller named in `options` writes, and the effective
/// configuration of its Gateways. Pure: no I/O, no clock but `options.now`, and the same result
/// for the same snapshot whatever the order its objects were added in.
///
/// The same as a [`Resolver`] given every object at once (the snapshot's objects are shared,
/// not copied).
pub fn resolve(snapshot: &Snapshot, options: &Options) -> Resolution {
    Resolver::resolve_once(snapshot.clone(), options.clone())
}

// The README is documentation too: its example runs with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

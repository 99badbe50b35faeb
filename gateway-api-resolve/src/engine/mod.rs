//! The resolver state: objects in, statuses and effective listeners out, recomputing after a
//! change only what read the changed objects.
//!
//! [`Resolver`] owns the snapshot, the result ([`Resolution`]) and what every part of the
//! result was computed from (its [`crate::deps`]). [`Resolver::apply`] takes upserts and
//! deletes, marks what read the changed objects, and recomputes in the order the passes
//! depend on each other:
//!
//! 1. GatewayClasses (few: all of them), and which Gateways became ours or stopped being;
//! 2. Gateway frames (listeners, ListenerSets, certificates) of the Gateways marked; a frame
//!    that changed marks the routes naming its Gateway for attachment;
//! 3. route views (rules, backends) of the routes marked, which marks them for attachment;
//! 4. route attachment, which marks the Gateways they were and are attached to;
//! 5. Gateway assembly: per listener, the attached routes in the spec's order, arbitration
//!    between HTTPRoutes and GRPCRoutes (which marks routes whose outcome changed), the
//!    Gateway's and its ListenerSets' statuses and its effective listeners;
//! 6. the statuses of the routes marked;
//! 7. policies, when a policy, a Secret or ConfigMap, or a Gateway's backends changed.
//!
//! [`crate::resolve`] is [`Resolver::from_snapshot`] (every object marked at once) without the
//! record of who read what, which only later changes need.

mod delta;
mod graph;
mod order;
mod passes;
mod patch;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use k8s_openapi::jiff::Timestamp;

use crate::context::{Ctx, Lookups, Shared, tls_policy_services};
use crate::deps::{Dep, DepKind, Deps};
use crate::gateway::Frame;
use crate::hash::HashMap;
use crate::listener_sets::parent_of;
use crate::routes::AnyRoute;
use crate::routes::attachment::{AttachScratch, Slots};
use crate::routes::view::RouteView;
use crate::snapshot::Resource;
use crate::{ObjectKey, ObjectKind, Options, Resolution, RouteKind, Snapshot};

pub use delta::{Delta, ListenerId, Status, StatusChange};

/// How much the last [`Resolver::apply`] recomputed: a measure of what a change affected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Work {
    /// Route views computed (rules and backends resolved).
    pub route_views: usize,
    /// Routes whose parentRefs were attached again.
    pub route_attachments: usize,
    /// Route statuses computed.
    pub route_statuses: usize,
    /// Gateway frames built (listeners, certificates, ListenerSets).
    pub gateway_frames: usize,
    /// Gateways assembled (routes per listener, statuses, effective configuration).
    pub gateway_assemblies: usize,
    /// Routes placed on listeners by those assemblies.
    pub routes_placed: usize,
    /// Gateways whose changed routes stayed in place: their entries replaced, no assembly.
    pub gateway_patches: usize,
}

use delta::Journal;
use graph::Graph;

/// A change to one object.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// The object was created or updated (a reflector's `Apply` or `InitApply` event).
    Upsert(Resource),
    /// The object of this kind and key was deleted.
    Delete(ObjectKind, ObjectKey),
}

/// Index of a route in the resolver's table.
pub(crate) type RouteId = u32;

/// A route and what was computed for it.
struct RouteState {
    route: AnyRoute,
    key: Arc<ObjectKey>,
    created: Option<Timestamp>,
    /// Where the route sits in the ordered maps of the Gateways it attaches to (as of its
    /// last attachment; `created` may have moved since).
    order: order::RouteOrder,
    /// Whether the route had no valid rule at its last attachment (its view may have
    /// changed since).
    placed_invalid: bool,
    view: RouteView,
    view_deps: Deps,
    /// One per parentRef; `None` for parents that are not ours.
    slots: Slots,
    attach_deps: Deps,
}

impl RouteState {
    /// The Gateways its parentRefs attach to (or are refused by).
    fn gateways(&self) -> impl Iterator<Item = &ObjectKey> {
        self.slots.iter().flatten().map(|s| &*s.gateway)
    }
}

/// A Gateway of ours and what was computed for it.
struct GatewayState {
    /// Its key, shared with the slots of the routes attached to it.
    key: Arc<ObjectKey>,
    frame: Frame,
    deps: Deps,
    /// Routes with a parentRef on it, in the spec's order.
    routes: BTreeMap<order::RouteOrder, RouteId>,
    /// Routes for `routes` while a whole snapshot is taken in: collected, then made into the
    /// map at once (sorting a list and building the map from it costs a fraction of
    /// inserting the routes one by one).
    arriving: Vec<(order::RouteOrder, RouteId)>,
    /// The Services its effective routes send traffic to, computed when policies need them.
    services: Option<BTreeSet<ObjectKey>>,
    /// Per frame listener, as of the last assembly: whether HTTPRoutes and GRPCRoutes
    /// arbitrate hostnames there.
    mixed: Vec<bool>,
    /// Per frame listener, as of the last assembly: its index among the effective listeners.
    effective_index: Vec<Option<usize>>,
}

/// What a change marked for recomputation.
#[derive(Default)]
struct Dirty {
    classes: bool,
    gateways: BTreeSet<ObjectKey>,
    views: BTreeSet<(RouteKind, ObjectKey)>,
    attach: BTreeSet<RouteId>,
    policies: bool,
    /// Every route of the snapshot, into an empty table (a whole snapshot taken in): walked
    /// from the snapshot rather than listed in `views` and `attach`, and nothing to compare
    /// with or remove.
    all_routes: bool,
}

/// Route ids by kind and key. The keys are the `Arc`s of the routes' states, so a route in
/// the table costs no copy of its key.
#[derive(Default)]
struct RouteIds([HashMap<Arc<ObjectKey>, RouteId>; 5]);

impl RouteIds {
    // One map per kind, in the order of the kinds' declaration (`kind as usize` < 5).
    fn of(&self, kind: RouteKind) -> &HashMap<Arc<ObjectKey>, RouteId> {
        &self.0[kind as usize]
    }

    fn of_mut(&mut self, kind: RouteKind) -> &mut HashMap<Arc<ObjectKey>, RouteId> {
        &mut self.0[kind as usize]
    }

    fn get(&self, kind: RouteKind, key: &ObjectKey) -> Option<RouteId> {
        self.of(kind).get(key).copied()
    }

    fn insert(&mut self, kind: RouteKind, key: Arc<ObjectKey>, id: RouteId) {
        self.of_mut(kind).insert(key, id);
    }

    fn remove(&mut self, kind: RouteKind, key: &ObjectKey) {
        self.of_mut(kind).remove(key);
    }

    fn len(&self) -> usize {
        self.0.iter().map(HashMap::len).sum()
    }
}

/// Incremental resolution: holds the objects and the [`Resolution`] computed from them, and
/// after each change recomputes only what read the changed objects.
///
/// Feed it every object of the kinds in [`ObjectKind`] (a controller: from kube-runtime
/// reflectors, `Arc`s as they come), then [`Resolver::apply`] each batch of changes; the
/// returned [`Delta`] names the statuses to write and the listeners to rebuild. After every
/// `apply`, [`Resolver::resolution`] equals what [`crate::resolve`] computes for
/// [`Resolver::snapshot`].
///
/// ```
/// use std::sync::Arc;
/// use gateway_api_resolve::{Change, ObjectKind, ObjectKey, Options, Resolver, Snapshot};
///
/// let docs: Vec<_> = gateway_api_types::parse("in.yaml", r#"
/// apiVersion: gateway.networking.k8s.io/v1
/// kind: GatewayClass
/// metadata: {name: example}
/// spec: {controllerName: example.net/gateway-controller}
/// ---
/// apiVersion: gateway.networking.k8s.io/v1
/// kind: Gateway
/// metadata: {name: gw, namespace: infra}
/// spec:
///   gatewayClassName: example
///   listeners: [{name: http, protocol: HTTP, port: 80}]
/// ---
/// apiVersion: gateway.networking.k8s.io/v1
/// kind: HTTPRoute
/// metadata: {name: web, namespace: infra}
/// spec: {parentRefs: [{name: gw}]}
/// "#).into_iter().filter_map(Result::ok).collect();
///
/// let mut resolver = Resolver::from_snapshot(
///     Snapshot::from_documents(&docs),
///     Options::new("example.net/gateway-controller"),
/// );
/// let delta = resolver.apply([Change::Delete(ObjectKind::HttpRoute, ObjectKey::new("infra", "web"))]);
/// // The route's status is gone, the Gateway counts no route, the listener lost its route.
/// assert_eq!(delta.statuses.len(), 2);
/// assert_eq!(delta.listeners.len(), 1);
/// ```
pub struct Resolver {
    options: Options,
    shared: Shared,
    snap: Snapshot,
    lookups: Lookups,
    graph: Graph,
    /// Names of the GatewayClasses naming our controller.
    classes: BTreeSet<String>,
    /// Every Gateway by its class name.
    gateways_by_class: HashMap<String, BTreeSet<ObjectKey>>,
    /// Every ListenerSet by the Gateway its parentRef names.
    sets_by_parent: HashMap<ObjectKey, BTreeSet<ObjectKey>>,
    /// Our Gateways (hashed: routes look their parents up by key, and nothing walks them in
    /// an order that reaches the output).
    gateways: HashMap<ObjectKey, GatewayState>,
    /// What each route's attachment reuses (see [`AttachScratch`]).
    scratch: AttachScratch,
    routes: Vec<Option<RouteState>>,
    route_ids: RouteIds,
    free_ids: Vec<RouteId>,
    /// Which Gateway wrote each ListenerSet status.
    set_owner: HashMap<ObjectKey, ObjectKey>,
    out: Resolution,
    work: Work,
}

/// Shows what a resolver holds by counts: its state mirrors the cluster and is too large to
/// print.
impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("controller", &self.options.controller_name)
            .field("objects", &self.snap.len())
            .field("gateways", &self.gateways.len())
            .field("routes", &self.route_ids.len())
            .field("last_work", &self.work)
            .finish_non_exhaustive()
    }
}

impl Resolver {
    /// An empty resolver for the controller and data plane described by `options`.
    pub fn new(options: Options) -> Self {
        Self {
            shared: Shared::new(&options),
            options,
            snap: Snapshot::new(),
            lookups: Lookups::default(),
            graph: Graph::default(),
            classes: BTreeSet::new(),
            gateways_by_class: HashMap::default(),
            sets_by_parent: HashMap::default(),
            gateways: HashMap::default(),
            scratch: AttachScratch::default(),
            routes: Vec::new(),
            route_ids: RouteIds::default(),
            free_ids: Vec::new(),
            set_owner: HashMap::default(),
            out: Resolution::default(),
            work: Work::default(),
        }
    }

    /// A resolver holding `snapshot`, resolved.
    pub fn from_snapshot(snapshot: Snapshot, options: Options) -> Self {
        let mut r = Self::new(options);
        r.load(snapshot);
        r
    }

    /// The resolution of `snapshot`, without keeping what later changes would need (who
    /// read what): [`crate::resolve`].
    pub(crate) fn resolve_once(snapshot: Snapshot, options: Options) -> Resolution {
        let mut r = Self::new(options);
        r.graph.off = true;
        r.load(snapshot);
        r.out
    }

    /// The objects held.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snap
    }

    /// The options.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Sets the time written as `lastTransitionTime` of the conditions computed from now on
    /// (a controller sets its clock before each batch of changes). Statuses not recomputed
    /// keep their times; in those recomputed, a condition the object read already holds with
    /// the same status keeps that condition's time, so the clock shows in new or changed
    /// conditions only.
    pub fn set_now(&mut self, now: k8s_openapi::apimachinery::pkg::apis::meta::v1::Time) {
        self.options.now = now;
    }

    /// The resolution of the objects held.
    pub fn resolution(&self) -> &Resolution {
        &self.out
    }

    /// How much the last [`Resolver::apply`] (or the initial resolution) recomputed.
    pub fn last_work(&self) -> Work {
        self.work
    }

    /// The resolution, without the state that keeps it up to date.
    pub fn into_resolution(self) -> Resolution {
        self.out
    }

    /// Applies changes in order (a later change to the same object wins) and recomputes what
    /// they affect; returns what changed in the resolution. An upsert of an object equal to the
    /// one held is no change.
    pub fn apply(&mut self, changes: impl IntoIterator<Item = Change>) -> Delta {
        let mut dirty = Dirty::default();
        for change in changes {
            match change {
                Change::Upsert(object) => {
                    // A watcher that lists again (after a restart or a lost watch) sends every
                    // object anew, and a proxy re-reading its files has every object again: one
                    // equal to the object held changes nothing, so it costs a comparison only.
                    if self.snap.get(object.kind(), &object.key()).as_ref() == Some(&object) {
                        continue;
                    }
                    let old = self.snap.upsert(object.clone());
                    self.stage(old.as_ref(), Some(&object), &mut dirty);
                }
                Change::Delete(kind, key) => {
                    if let Some(old) = self.snap.remove(kind, &key) {
                        self.stage(Some(&old), None, &mut dirty);
                    }
                }
            }
        }
        let mut journal = Journal {
            on: true,
            ..Journal::default()
        };
        self.recompute(dirty, &mut journal);
        journal.delta(&self.out)
    }

    /// Plants a dependency-tracking bug: edges of one kind (`"Service"`, `"Secret"`,
    /// `"ConfigMap"`, `"Grant"`, `"Namespace"`, `"Gateway"`, `"ListenerSet"`,
    /// `"BackendTLSPolicy"`) are no longer
    /// recorded, so changes to those objects miss what read them. For tests that must catch
    /// such bugs; call it on an empty resolver.
    #[doc(hidden)]
    pub fn plant_dependency_bug(&mut self, kind: &str) -> bool {
        self.graph.ignored = match kind {
            "Service" => Some(DepKind::Service),
            "Secret" => Some(DepKind::Secret),
            "ConfigMap" => Some(DepKind::ConfigMap),
            "Grant" => Some(DepKind::Grant),
            "Namespace" => Some(DepKind::Namespace),
            "Gateway" => Some(DepKind::Gateway),
            "ListenerSet" => Some(DepKind::ListenerSet),
            "BackendTLSPolicy" => Some(DepKind::BackendTlsPolicies),
            _ => return false,
        };
        true
    }

    /// Takes in a whole snapshot at once and resolves it.
    fn load(&mut self, snapshot: Snapshot) {
        let mut dirty = Dirty {
            classes: true,
            policies: true,
            ..Dirty::default()
        };
        self.routes.reserve(AnyRoute::all(&snapshot).size_hint().0);
        if !self.graph.off {
            for kind in RouteKind::ALL {
                let n = match kind {
                    RouteKind::Http => snapshot.http_routes.len(),
                    RouteKind::Grpc => snapshot.grpc_routes.len(),
                    RouteKind::Tls => snapshot.tls_routes.len(),
                    RouteKind::Tcp => snapshot.tcp_routes.len(),
                    RouteKind::Udp => snapshot.udp_routes.len(),
                };
                self.route_ids.of_mut(kind).reserve(n);
            }
        }
        // Only the kinds with a lookup or an index: routes (most of a cluster) have neither.
        let looked_up = (snapshot
            .namespaces
            .values()
            .cloned()
            .map(Resource::Namespace))
        .chain(snapshot.services.values().cloned().map(Resource::Service))
        .chain(
            snapshot
                .reference_grants
                .values()
                .cloned()
                .map(Resource::ReferenceGrant),
        )
        .chain(
            snapshot
                .backend_tls_policies
                .values()
                .cloned()
                .map(Resource::BackendTlsPolicy),
        );
        for object in looked_up {
            self.lookups.upsert(&object);
        }
        let indexed = (snapshot.gateways.values().cloned().map(Resource::Gateway)).chain(
            snapshot
                .listener_sets
                .values()
                .cloned()
                .map(Resource::ListenerSet),
        );
        for object in indexed {
            self.index(None, Some(&object));
        }
        dirty.gateways = snapshot.gateways.keys().cloned().collect();
        dirty.all_routes = true;
        self.snap = snapshot;
        self.recompute(dirty, &mut Journal::default());
    }

    /// Keeps the indexes by class and by parent up to date.
    fn index(&mut self, old: Option<&Resource>, new: Option<&Resource>) {
        for (object, add) in [(old, false), (new, true)] {
            match object {
                Some(Resource::Gateway(g)) => {
                    let set = self
                        .gateways_by_class
                        .entry(g.spec.gateway_class_name.clone())
                        .or_default();
                    let key = ObjectKey::of(&g.metadata);
                    if add {
                        set.insert(key);
                    } else {
                        set.remove(&key);
                    }
                }
                Some(Resource::ListenerSet(s)) => {
                    let key = ObjectKey::of(&s.metadata);
                    let p = &s.spec.parent_ref;
                    let parent =
                        ObjectKey::new(p.namespace.as_deref().unwrap_or(&key.namespace), &p.name);
                    let set = self.sets_by_parent.entry(parent).or_default();
                    if add {
                        set.insert(key);
                    } else {
                        set.remove(&key);
                    }
                }
                _ => {}
            }
        }
    }

    /// Records a change to one object and marks what read it.
    fn stage(&mut self, old: Option<&Resource>, new: Option<&Resource>, dirty: &mut Dirty) {
        let Some(any) = new.or(old) else {
            return;
        };
        let key = any.key();
        if let Some(o) = old {
            self.lookups.remove(o);
        }
        if let Some(n) = new {
            self.lookups.upsert(n);
        }
        self.index(old, new);
        let graph = &self.graph;
        let routes_of = |dep: &Dep, views: bool, dirty: &mut Dirty| {
            for id in graph.routes_of(dep) {
                if views {
                    if let Some(r) = self.routes.get(id as usize).and_then(Option::as_ref) {
                        dirty.views.insert((r.route.kind(), (*r.key).clone()));
                    }
                } else {
                    dirty.attach.insert(id);
                }
            }
        };
        match any.kind() {
            ObjectKind::GatewayClass => dirty.classes = true,
            ObjectKind::Gateway => {
                dirty.gateways.insert(key);
            }
            ObjectKind::ListenerSet => {
                for o in [old, new].into_iter().flatten() {
                    if let Resource::ListenerSet(s) = o {
                        let p = &s.spec.parent_ref;
                        dirty.gateways.insert(ObjectKey::new(
                            p.namespace.as_deref().unwrap_or(&key.namespace),
                            &p.name,
                        ));
                        if let Some(parent) = parent_of(&key, s) {
                            dirty.gateways.insert(parent);
                        }
                    }
                }
                routes_of(&Dep::ListenerSet(key), false, dirty);
            }
            ObjectKind::HttpRoute
            | ObjectKind::GrpcRoute
            | ObjectKind::TlsRoute
            | ObjectKind::TcpRoute
            | ObjectKind::UdpRoute => {
                if let Some(kind) = any.kind().route_kind() {
                    dirty.views.insert((kind, key));
                }
            }
            ObjectKind::ReferenceGrant => {
                let mut from: BTreeSet<String> = BTreeSet::new();
                for o in [old, new].into_iter().flatten() {
                    if let Resource::ReferenceGrant(g) = o {
                        from.extend(g.spec.from.iter().map(|f| f.namespace.clone()));
                    }
                }
                for f in from {
                    let dep = Dep::Grant {
                        from: f,
                        to: key.namespace.clone(),
                    };
                    routes_of(&dep, true, dirty);
                    dirty.gateways.extend(graph.gateways_of(&dep).cloned());
                }
            }
            ObjectKind::BackendTlsPolicy => {
                dirty.policies = true;
                // The routes whose backends read the policies of a Service the policy targets,
                // before or after; and, since the policy may win or lose conflicts against the
                // others targeting those Services, the routes reading theirs.
                let mut services: BTreeSet<&str> = BTreeSet::new();
                for o in [old, new].into_iter().flatten() {
                    if let Resource::BackendTlsPolicy(p) = o {
                        for svc in tls_policy_services(p) {
                            services.insert(svc);
                            for (_, q) in self.lookups.tls_policies_of(&key.namespace, svc) {
                                services.extend(tls_policy_services(q));
                            }
                        }
                    }
                }
                for svc in services {
                    let dep = Dep::BackendTlsPolicies(ObjectKey::new(&key.namespace, svc));
                    routes_of(&dep, true, dirty);
                }
            }
            ObjectKind::XBackendTrafficPolicy => dirty.policies = true,
            ObjectKind::Namespace => {
                let dep = Dep::Namespace(key.name);
                routes_of(&dep, false, dirty);
                dirty.gateways.extend(graph.gateways_of(&dep).cloned());
            }
            ObjectKind::Service => routes_of(&Dep::Service(key), true, dirty),
            ObjectKind::Secret => {
                let dep = Dep::Secret(key);
                // Routes read CA certificates through the BackendTLSPolicies of their backends.
                routes_of(&dep, true, dirty);
                dirty.gateways.extend(graph.gateways_of(&dep).cloned());
                dirty.policies = true;
            }
            ObjectKind::ConfigMap => {
                let dep = Dep::ConfigMap(key);
                routes_of(&dep, true, dirty);
                dirty.gateways.extend(graph.gateways_of(&dep).cloned());
                dirty.classes = true;
                dirty.policies = true;
            }
        }
    }

    /// The context of the passes.
    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            snap: &self.snap,
            opts: &self.options,
            lookups: &self.lookups,
            shared: &self.shared,
        }
    }
}

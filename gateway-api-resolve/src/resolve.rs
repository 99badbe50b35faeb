//! The resolver: attachment, conflicts, references and status, computed from a snapshot
//! (Gateways first, then two passes over the routes: view and attach, then statuses).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use gateway_api_types::conditions::{condition, set_condition};
use gateway_api_types::model::{
    Condition, ConditionStatus, FromNamespaces, GatewayClassStatus, GatewayStatus,
    GatewayStatusAddress, GrpcRouteFilterType, GrpcRouteMatch, GrpcRouteRule, HeaderMatchType,
    HttpPathMatch, HttpRouteFilterType, HttpRouteMatch, HttpRouteRule, LabelSelector, Listener,
    ListenerNamespacesFrom, ListenerSetStatus, ListenerStatus, ObjectReference, ParentReference,
    PathMatchType, PolicyAncestorStatus, PolicyStatus, RouteGroupKind, RouteParentStatus,
    RouteStatus, TlsModeType,
};
use gateway_api_types::v1;
use k8s_openapi::api::core::v1::Service;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use k8s_openapi::jiff::Timestamp;

use crate::effective::{
    Backend, EffectiveGateway, EffectiveGrpcFilter, EffectiveGrpcRule, EffectiveHttpFilter,
    EffectiveHttpRule, EffectiveL4Rule, EffectiveListener, EffectiveRoute, EffectiveRules,
    EffectiveTls, InvalidBackend, InvalidBackendReason, ListenerSource, RouteKind,
};
use crate::hostname::{Intersection, intersect_all};
use crate::refs::{
    GATEWAY_GROUP, Grants, NamespaceLabels, ca_config_map_ok, selector_matches, tls_secret_problem,
};
use crate::{ObjectKey, Options, Resolution, Snapshot};

type Reason = (&'static str, String);

/// Where a parentRef attaches: the range of its entries in a buffer of [`Attached`] shared by
/// many parentRefs (so that attaching allocates no list per parentRef), or why it attaches to
/// none.
type Attachment = Result<Range<usize>, Reason>;

/// A listener a parentRef attaches to.
struct Attached {
    /// The listener's index in its Gateway's list, or [`DROPPED`].
    listener: usize,
    /// The intersected hostnames on the listener.
    hostnames: Arc<[String]>,
    /// The route's key and rules for the listener's effective route, taken while the route's
    /// view is in the cache rather than when the route is finished (and moved out then:
    /// `None` after).
    route: Option<(Arc<ObjectKey>, Arc<EffectiveRules>)>,
}

/// The listener index of an [`Attached`] entry that arbitration took away: it names no
/// listener.
const DROPPED: usize = usize::MAX;

/// A parentRef that names one of our Gateways (directly or through a ListenerSet).
struct Parent {
    /// The Gateway's index.
    gateway: usize,
    /// The parentRef for the status entry, taken while the route is in the cache (shared with
    /// other routes' equal parentRefs: see [`ParentRefs`]).
    parent_ref: Arc<ParentReference>,
    attachment: Attachment,
}

/// One parentRef of a route: `None` when the parent is not ours (no status entry).
type Slot = Option<Parent>;

/// Route kinds and hostnames already claimed on one listener.
type Claims = Vec<(RouteKind, Arc<[String]>)>;

fn generation(meta: &ObjectMeta) -> Option<i64> {
    Some(meta.generation.unwrap_or(1))
}

/// Creation order key: "A missing creationTimestamp counts as equally old", read as the
/// oldest possible time, then `{namespace}/{name}`. Borrowed, so sorting builds no keys.
fn age_key(meta: &ObjectMeta) -> (Timestamp, &str, &str) {
    (
        meta.creation_timestamp
            .as_ref()
            .map_or(Timestamp::UNIX_EPOCH, |t| t.0)
            .max(Timestamp::MIN),
        meta.namespace.as_deref().unwrap_or(""),
        meta.name.as_deref().unwrap_or(""),
    )
}

/// Orders objects by [`age_key`].
fn age_cmp(a: &ObjectMeta, b: &ObjectMeta) -> Ordering {
    age_key(a).cmp(&age_key(b))
}

/// The hash maps of a resolution: foldhash, keyed per map.
///
/// Keys are names that tenants choose, so a hash an attacker can predict would let one tenant
/// make every lookup slow. Each map gets a seed of its own, drawn from the standard library's
/// OS-seeded `RandomState`, on top of foldhash's process-wide seed: no set of names collides
/// under every seed, and no map outlives one resolution or lets its order reach the output, so
/// there is no long-lived seed to learn. SipHash (the standard library's default) offers the
/// same with about four times the work per key, and these maps are consulted for every route
/// and backend.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, Seeded>;

/// See [`HashMap`].
#[derive(Clone)]
pub(crate) struct Seeded(foldhash::fast::SeedableRandomState);

impl Default for Seeded {
    fn default() -> Self {
        use std::hash::BuildHasher;
        let seed = std::hash::RandomState::new().hash_one(0u8);
        Self(foldhash::fast::SeedableRandomState::with_seed(
            seed,
            foldhash::SharedSeed::global_random(),
        ))
    }
}

impl std::hash::BuildHasher for Seeded {
    type Hasher = foldhash::fast::FoldHasher<'static>;
    fn build_hasher(&self) -> Self::Hasher {
        self.0.build_hasher()
    }
}

struct Ctx<'a> {
    snap: &'a Snapshot,
    opts: &'a Options,
    /// ReferenceGrants by target namespace.
    grants: Grants<'a>,
    /// Namespace name -> its object's labels; every route's attachment asks for its
    /// namespace's, and the snapshot's map is keyed by `ObjectKey`.
    ns_labels: HashMap<&'a str, Option<&'a BTreeMap<String, String>>>,
    /// Services by (namespace, name): every backend reference looks one up.
    services: HashMap<(&'a str, &'a str), ServiceEntry<'a>>,
    /// The hostnames of effective routes that have none, shared.
    no_hostnames: Arc<[String]>,
    /// Defaulted HTTPRoute and GRPCRoute matches by the matches as written.
    http_matches: Interned<'a, HttpRouteMatch>,
    grpc_matches: Interned<'a, GrpcRouteMatch>,
    /// Route hostname lists by the lists as written (routes of one application often serve
    /// the same hostnames).
    hostnames: Interned<'a, String>,
    /// The controller name of every route status entry we write, shared.
    controller: Arc<str>,
}

/// The parentRefs of route status entries, shared per Gateway: the routes attached to one
/// Gateway usually name it with one of a few equal references (`{name, namespace}`, perhaps a
/// `sectionName`), and an entry's reference shared is two or three strings not copied.
///
/// At most [`ParentRefs::MAX`] references per Gateway are kept, so that finding one costs a
/// few comparisons whatever the routes write; past that, a new reference replaces the oldest.
struct ParentRefs(Vec<Vec<Arc<ParentReference>>>);

impl ParentRefs {
    const MAX: usize = 8;

    fn new(gateways: usize) -> Self {
        Self(vec![Vec::new(); gateways])
    }

    /// A shared copy of `pr`, a parentRef naming the Gateway with index `gateway`.
    fn get(&mut self, gateway: usize, pr: &ParentReference) -> Arc<ParentReference> {
        let Some(kept) = self.0.get_mut(gateway) else {
            return Arc::new(pr.clone());
        };
        if let Some(found) = kept.iter().find(|k| ***k == *pr) {
            return Arc::clone(found);
        }
        let made = Arc::new(pr.clone());
        if kept.len() == Self::MAX {
            kept.remove(0);
        }
        kept.push(Arc::clone(&made));
        made
    }
}

/// Lists made from a written list and shared by rules that write the same list: most rules of
/// a cluster write one of a few match lists (none, `/`, a health check), and a list shared is
/// a list neither copied nor allocated again.
///
/// A direct-mapped cache rather than a hash map: a slot is chosen by a hash of a few fields
/// only (cheap, where a full hash of the matches cost more than the copy it saves), checked
/// by full comparison, and replaced on a miss. Names that collide on purpose can only cause
/// misses, each no dearer than not sharing at all: there is no chain to grow.
struct Interned<'a, T> {
    slots: std::cell::RefCell<Vec<Option<InternedSlot<'a, T>>>>,
    hasher: Seeded,
}

/// A written list and the list made from it.
type InternedSlot<'a, T> = (&'a [T], Arc<[T]>);

/// Slots of an [`Interned`] cache (a power of two).
const INTERNED_SLOTS: usize = 1024;

/// The fields of a written list that choose its [`Interned`] slot.
trait Sketch: Sized {
    fn sketch(items: &[Self], h: &mut impl std::hash::Hasher);
}

impl Sketch for HttpRouteMatch {
    fn sketch(items: &[Self], h: &mut impl std::hash::Hasher) {
        h.write_usize(items.len());
        for m in items {
            let path = m.path.as_ref().and_then(|p| p.value.as_deref());
            h.write(path.unwrap_or_default().as_bytes());
            h.write(m.method.as_ref().map_or("", |x| x.as_str()).as_bytes());
        }
    }
}

impl Sketch for GrpcRouteMatch {
    fn sketch(items: &[Self], h: &mut impl std::hash::Hasher) {
        h.write_usize(items.len());
        for m in items {
            let method = m.method.as_ref();
            h.write(
                method
                    .and_then(|x| x.service.as_deref())
                    .unwrap_or_default()
                    .as_bytes(),
            );
            h.write(
                method
                    .and_then(|x| x.method.as_deref())
                    .unwrap_or_default()
                    .as_bytes(),
            );
        }
    }
}

impl Sketch for String {
    fn sketch(items: &[Self], h: &mut impl std::hash::Hasher) {
        h.write_usize(items.len());
        for x in items {
            h.write(x.as_bytes());
        }
    }
}

impl<'a, T: PartialEq + Sketch> Interned<'a, T> {
    fn new() -> Self {
        Self {
            slots: std::cell::RefCell::new(Vec::new()),
            hasher: Seeded::default(),
        }
    }

    /// The list made by `make` from `written`, or the one made earlier from an equal list.
    fn get(&self, written: &'a [T], make: impl FnOnce(&[T]) -> Arc<[T]>) -> Arc<[T]> {
        // Nothing else borrows the slots while `make` runs; were they borrowed, the list is
        // made without sharing rather than failing.
        let Ok(mut slots) = self.slots.try_borrow_mut() else {
            return make(written);
        };
        if slots.is_empty() {
            slots.resize(INTERNED_SLOTS, None);
        }
        let mut h = std::hash::BuildHasher::build_hasher(&self.hasher);
        T::sketch(written, &mut h);
        let i = std::hash::Hasher::finish(&h) as usize % INTERNED_SLOTS;
        let Some(slot) = slots.get_mut(i) else {
            return make(written);
        };
        if let Some((w, made)) = slot
            && *w == written
        {
            return Arc::clone(made);
        }
        let made = make(written);
        *slot = Some((written, Arc::clone(&made)));
        made
    }
}

/// A Service, and the key its backends share (made when the first backend names it).
struct ServiceEntry<'a> {
    service: &'a Service,
    key: OnceCell<Arc<ObjectKey>>,
}

impl<'a> Ctx<'a> {
    fn new(snap: &'a Snapshot, opts: &'a Options) -> Self {
        let ns_labels = snap
            .namespaces
            .iter()
            .map(|(k, n)| (k.name.as_str(), n.metadata.labels.as_ref()))
            .collect();
        let services = snap
            .services
            .iter()
            .map(|(k, service)| {
                let entry = ServiceEntry {
                    service,
                    key: OnceCell::new(),
                };
                ((k.namespace.as_str(), k.name.as_str()), entry)
            })
            .collect();
        Self {
            snap,
            opts,
            grants: Grants::new(snap),
            ns_labels,
            services,
            no_hostnames: Arc::new([]),
            http_matches: Interned::new(),
            grpc_matches: Interned::new(),
            hostnames: Interned::new(),
            controller: Arc::from(opts.controller_name.as_str()),
        }
    }

    /// The labels a namespace selector sees on `namespace`.
    fn labels<'n>(&self, namespace: &'n str) -> NamespaceLabels<'n>
    where
        'a: 'n,
    {
        NamespaceLabels {
            labels: self.ns_labels.get(namespace).copied().flatten(),
            name: namespace,
        }
    }

    /// A condition of ours; type, reason and message are borrowed when they are constants.
    fn cond(
        &self,
        t: &'static str,
        ok: bool,
        reason: impl Into<Cow<'static, str>>,
        msg: impl Into<Cow<'static, str>>,
        gen_: Option<i64>,
    ) -> Condition {
        let status = if ok {
            ConditionStatus::True
        } else {
            ConditionStatus::False
        };
        condition(t, status, reason, msg, gen_, self.opts.now.clone())
    }
}

/// Merges freshly computed conditions into an existing list: conditions of the types we write
/// are set (an unchanged one keeps its lastTransitionTime), those of `managed` types we no
/// longer write are removed, any other type (another controller's) is kept.
fn merge_conditions(
    existing: &[Condition],
    fresh: Vec<Condition>,
    managed: &[&str],
) -> Vec<Condition> {
    if existing.is_empty() {
        // Fresh conditions have distinct types: nothing to merge.
        return fresh;
    }
    let mut out: Vec<Condition> = existing
        .iter()
        .filter(|c| !managed.contains(&&*c.r#type) || fresh.iter().any(|f| f.r#type == c.r#type))
        .cloned()
        .collect();
    for c in fresh {
        set_condition(&mut out, c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Listeners
// ---------------------------------------------------------------------------------------------

struct Lst<'a> {
    source: ListenerSource,
    /// The namespace of the object declaring the listener ("Same" refers to it).
    owner_ns: String,
    /// `Gateway` or `ListenerSet`: the `from` kind of ReferenceGrants for its certificates.
    owner_kind: &'static str,
    l: &'a Listener,
    gen_: Option<i64>,
    kinds: Vec<RouteKind>,
    not_accepted: Option<Reason>,
    unresolved: Option<Reason>,
    conflicted: Option<&'static str>,
    certs: Vec<ObjectKey>,
    /// How many routes are attached.
    attached: usize,
    /// How many parentRefs the first pass attached here (an upper bound of `attached`), so
    /// that `routes` is allocated once.
    candidates: std::cell::Cell<usize>,
    /// The route attached last: its creation time (missing read as the epoch, as in the
    /// spec's order), kind, and index in the order routes are processed. A route's parentRefs
    /// are processed together, so a second parentRef reaching the same listener sees its own
    /// index here and is not counted twice.
    last_attached: Option<(Timestamp, RouteKind, usize)>,
    /// Whether `routes` are known to be in the spec's order already (see [`in_order`]).
    routes_in_order: bool,
    routes: Vec<EffectiveRoute>,
    /// The listener's hostname as the hostname list of its effective routes, made when a
    /// route first needs it and shared by all that do.
    hostname_only: OnceCell<Arc<[String]>>,
    /// For a listener that selects route namespaces by label: the number of its selector
    /// among the distinct selectors of all listeners (see [`SelectorMemo`]), if it got one.
    selector: Option<usize>,
}

/// Whether a route attached after another (each as `(creation time, kind, processing index)`)
/// is known to come after it in the spec's order without comparing their names: it is newer,
/// or as old and of the same kind and processed later. Routes of one kind are processed in
/// `{namespace}/{name}` order (the snapshot's map order, or the sorted order when HTTPRoutes
/// and GRPCRoutes are arbitrated), so then its name sorts after the other's. Anything else
/// is left to the sort.
fn in_order(before: (Timestamp, RouteKind, usize), after: (Timestamp, RouteKind, usize)) -> bool {
    before.0 < after.0 || (before.0 == after.0 && before.1 == after.1 && before.2 < after.2)
}

impl Lst<'_> {
    fn valid(&self) -> bool {
        self.not_accepted.is_none() && self.unresolved.is_none() && self.conflicted.is_none()
    }
}

fn protocol_kinds(protocol: &str) -> Option<&'static [RouteKind]> {
    match protocol {
        "HTTP" | "HTTPS" => Some(&[RouteKind::Http, RouteKind::Grpc]),
        "TLS" => Some(&[RouteKind::Tls]),
        "TCP" => Some(&[RouteKind::Tcp]),
        "UDP" => Some(&[RouteKind::Udp]),
        _ => None,
    }
}

fn build_listener<'a>(
    ctx: &Ctx<'_>,
    gw: &v1::Gateway,
    source: ListenerSource,
    owner_ns: &str,
    owner_kind: &'static str,
    l: &'a Listener,
    gen_: Option<i64>,
) -> Lst<'a> {
    let mut lst = Lst {
        source,
        owner_ns: owner_ns.to_owned(),
        owner_kind,
        l,
        gen_,
        kinds: Vec::new(),
        not_accepted: None,
        unresolved: None,
        conflicted: None,
        certs: Vec::new(),
        attached: 0,
        candidates: std::cell::Cell::new(0),
        last_attached: None,
        routes_in_order: true,
        routes: Vec::new(),
        hostname_only: OnceCell::new(),
        selector: None,
    };
    let Some(allowed) = protocol_kinds(&l.protocol) else {
        lst.not_accepted = Some((
            "UnsupportedProtocol",
            format!("protocol {} is not supported", l.protocol),
        ));
        return lst;
    };
    // "allowedRoutes.kinds … empty ⇒ kinds derived from listener protocol … unsupported kind ⇒
    // listener ResolvedRefs=False/InvalidRouteKinds, supportedKinds lists only valid kinds".
    match l.allowed_routes.as_ref().and_then(|a| a.kinds.as_ref()) {
        Some(kinds) if !kinds.is_empty() => {
            for k in kinds {
                let group_ok = k.group.as_deref().is_none_or(|g| g == GATEWAY_GROUP);
                match RouteKind::from_kind(&k.kind) {
                    Some(rk) if group_ok && allowed.contains(&rk) => {
                        if !lst.kinds.contains(&rk) {
                            lst.kinds.push(rk);
                        }
                    }
                    _ => {
                        if lst.unresolved.is_none() {
                            lst.unresolved = Some((
                                "InvalidRouteKinds",
                                format!(
                                    "route kind {} is not supported on a {} listener",
                                    k.kind, l.protocol
                                ),
                            ));
                        }
                    }
                }
            }
        }
        _ => lst.kinds = allowed.to_vec(),
    }

    let tls = l.tls.as_ref();
    let mode = tls
        .and_then(|t| t.mode.clone())
        .unwrap_or(TlsModeType::Terminate);
    if let TlsModeType::Unrecognized(m) = &mode {
        lst.not_accepted = Some(("UnsupportedValue", format!("TLS mode {m} is not supported")));
    }
    if l.protocol == "TLS" && mode == TlsModeType::Terminate && !ctx.opts.tls_route_terminate {
        lst.not_accepted = Some((
            "UnsupportedValue",
            "TLS mode Terminate is not supported on TLS listeners".to_owned(),
        ));
    }
    let terminates =
        l.protocol == "HTTPS" || (l.protocol == "TLS" && mode == TlsModeType::Terminate);
    if terminates {
        for r in tls
            .and_then(|t| t.certificate_refs.as_ref())
            .into_iter()
            .flatten()
        {
            let group = r.group.as_deref().unwrap_or("");
            let kind = r.kind.as_deref().unwrap_or("Secret");
            let ns = r.namespace.clone().unwrap_or_else(|| owner_ns.to_owned());
            let problem = if !group.is_empty() || kind != "Secret" {
                Some((
                    "InvalidCertificateRef",
                    format!("certificateRef kind {group}/{kind} is not supported"),
                ))
            } else if !ctx
                .grants
                .permitted(owner_kind, owner_ns, "", "Secret", &ns, &r.name)
            {
                Some((
                    "RefNotPermitted",
                    format!(
                        "certificateRef to Secret {ns}/{} is not permitted by any ReferenceGrant",
                        r.name
                    ),
                ))
            } else {
                match ctx.snap.secrets.get(&ObjectKey::new(&ns, &r.name)) {
                    None => Some((
                        "InvalidCertificateRef",
                        format!("Secret {ns}/{} does not exist", r.name),
                    )),
                    Some(secret) => tls_secret_problem(secret).map(|p| {
                        (
                            "InvalidCertificateRef",
                            format!("Secret {ns}/{} {p}", r.name),
                        )
                    }),
                }
            };
            match problem {
                Some(p) => {
                    if lst.unresolved.is_none()
                        || lst
                            .unresolved
                            .as_ref()
                            .is_some_and(|u| u.0 == "InvalidRouteKinds")
                    {
                        lst.unresolved = Some(p);
                    }
                }
                None => lst.certs.push(ObjectKey::new(ns, r.name.clone())),
            }
        }
    }
    // Frontend client-certificate validation, per port or default.
    if l.protocol == "HTTPS"
        && let Some(frontend) = gw.spec.tls.as_ref().and_then(|t| t.frontend.as_ref())
    {
        let config = frontend
            .per_port
            .iter()
            .flatten()
            .find(|p| p.port == l.port)
            .map_or(&frontend.default, |p| &p.tls);
        if let Some(validation) = &config.validation {
            let gw_ns = gw.metadata.namespace.clone().unwrap_or_default();
            let mut valid = 0;
            let mut first: Option<Reason> = None;
            for r in &validation.ca_certificate_refs {
                match ca_ref_problem(ctx, "Gateway", &gw_ns, r) {
                    None => valid += 1,
                    Some(p) => {
                        first.get_or_insert(p);
                    }
                }
            }
            if let Some(p) = first {
                if lst.unresolved.is_none() {
                    lst.unresolved = Some(p);
                }
                // "NoValidCACertificate (all frontend CA refs invalid)".
                if valid == 0 && lst.not_accepted.is_none() {
                    lst.not_accepted =
                        Some(("NoValidCACertificate", "no valid CA certificate".to_owned()));
                }
            }
        }
    }
    lst
}

/// Why a CA certificate reference (ConfigMap or Secret holding `ca.crt`) is unusable.
fn ca_ref_problem(
    ctx: &Ctx<'_>,
    from_kind: &str,
    from_ns: &str,
    r: &ObjectReference,
) -> Option<Reason> {
    let ns = r.namespace.clone().unwrap_or_else(|| from_ns.to_owned());
    if !r.group.is_empty() || (r.kind != "ConfigMap" && r.kind != "Secret") {
        return Some((
            "InvalidCACertificateKind",
            format!(
                "CA certificate kind {}/{} is not supported",
                r.group, r.kind
            ),
        ));
    }
    if !ctx
        .grants
        .permitted(from_kind, from_ns, "", &r.kind, &ns, &r.name)
    {
        return Some((
            "RefNotPermitted",
            format!(
                "reference to {} {ns}/{} is not permitted by any ReferenceGrant",
                r.kind, r.name
            ),
        ));
    }
    let ok = if r.kind == "ConfigMap" {
        ctx.snap
            .config_maps
            .get(&ObjectKey::new(&ns, &r.name))
            .is_some_and(ca_config_map_ok)
    } else {
        ctx.snap
            .secrets
            .get(&ObjectKey::new(&ns, &r.name))
            .is_some_and(|s| {
                let cm = k8s_openapi::api::core::v1::ConfigMap {
                    data: s.data.as_ref().map(|d| {
                        d.iter()
                            .map(|(k, v)| (k.clone(), String::from_utf8_lossy(&v.0).into_owned()))
                            .collect()
                    }),
                    ..Default::default()
                };
                ca_config_map_ok(&cm)
            })
    };
    (!ok).then(|| {
        (
            "InvalidCACertificateRef",
            format!(
                "{} {ns}/{} does not exist or holds no PEM CA certificate",
                r.kind, r.name
            ),
        )
    })
}

/// The transport a protocol runs on: listeners on one port conflict by protocol only when they
/// share a transport.
fn transport(protocol: &str) -> &'static str {
    if protocol == "UDP" { "udp" } else { "tcp" }
}

/// Protocols that can share a port: the same protocol, or HTTPS and TLS (both start with a TLS
/// handshake and are told apart by SNI).
fn protocols_compatible(a: &str, b: &str) -> bool {
    a == b || matches!((a, b), ("HTTPS", "TLS") | ("TLS", "HTTPS"))
}

/// Marks conflicted listeners. Listeners are in precedence order ("parent Gateway, then
/// ListenerSets by creation time, then `{namespace}/{name}`"): a listener that conflicts with a
/// listener of higher precedence from another object loses alone; listeners of one object that
/// conflict with each other are all conflicted, as the spec has no order among them.
fn mark_conflicts(listeners: &mut [Lst<'_>]) {
    fn conflict(a: &Listener, b: &Listener) -> Option<&'static str> {
        if a.port != b.port || transport(&a.protocol) != transport(&b.protocol) {
            return None;
        }
        if !protocols_compatible(&a.protocol, &b.protocol) {
            Some("ProtocolConflict")
        } else if a.hostname.as_deref().unwrap_or("") == b.hostname.as_deref().unwrap_or("")
            && (a.protocol == b.protocol || a.hostname.is_some())
        {
            Some("HostnameConflict")
        } else {
            None
        }
    }
    // Listeners that lost to a listener of higher precedence take no further part.
    let mut lost = vec![false; listeners.len()];
    for i in 0..listeners.len() {
        let beaten = (0..i)
            .filter(|&j| !lost[j] && listeners[j].source != listeners[i].source)
            .find_map(|j| conflict(listeners[j].l, listeners[i].l));
        if let Some(reason) = beaten {
            lost[i] = true;
            listeners[i].conflicted = Some(reason);
            continue;
        }
        for j in 0..i {
            if lost[j] || listeners[j].source != listeners[i].source {
                continue;
            }
            if let Some(reason) = conflict(listeners[j].l, listeners[i].l) {
                listeners[j].conflicted.get_or_insert(reason);
                listeners[i].conflicted.get_or_insert(reason);
            }
        }
    }
}

fn listener_status(
    ctx: &Ctx<'_>,
    lst: &Lst<'_>,
    programmed: bool,
    existing: Option<&ListenerStatus>,
) -> ListenerStatus {
    let g = lst.gen_;
    let mut fresh = Vec::new();
    let accepted_reason = match (&lst.conflicted, &lst.not_accepted) {
        (_, Some((r, m))) => Some((*r, m.clone())),
        (Some(r), None) if lst.owner_kind == "ListenerSet" => {
            Some((*r, format!("listener conflicts: {r}")))
        }
        _ => None,
    };
    match &accepted_reason {
        Some((r, m)) => fresh.push(ctx.cond("Accepted", false, *r, m.clone(), g)),
        None => fresh.push(ctx.cond("Accepted", true, "Accepted", "listener accepted", g)),
    }
    let valid = lst.valid();
    if valid && programmed {
        fresh.push(ctx.cond("Programmed", true, "Programmed", "listener programmed", g));
    } else if valid {
        fresh.push(condition(
            "Programmed",
            ConditionStatus::False,
            "Pending",
            "waiting for the data plane",
            g,
            ctx.opts.now.clone(),
        ));
    } else {
        let reason = match (&accepted_reason, lst.conflicted) {
            (Some((r, _)), _) if lst.owner_kind == "ListenerSet" && lst.conflicted.is_some() => r,
            _ => &"Invalid",
        };
        fresh.push(ctx.cond("Programmed", false, *reason, "listener is not valid", g));
    }
    match &lst.unresolved {
        Some((r, m)) => fresh.push(ctx.cond("ResolvedRefs", false, *r, m.clone(), g)),
        None => fresh.push(ctx.cond(
            "ResolvedRefs",
            true,
            "ResolvedRefs",
            "all references resolved",
            g,
        )),
    }
    match lst.conflicted {
        Some(r) => fresh.push(ctx.cond(
            "Conflicted",
            true,
            r,
            format!("listener conflicts on port {}", lst.l.port),
            g,
        )),
        None => fresh.push(ctx.cond("Conflicted", false, "NoConflicts", "no conflicts", g)),
    }
    let conditions = merge_conditions(
        existing
            .map(|e| e.conditions.as_slice())
            .unwrap_or_default(),
        fresh,
        &["Accepted", "Programmed", "ResolvedRefs", "Conflicted"],
    );
    ListenerStatus {
        attached_routes: i32::try_from(lst.attached).unwrap_or(i32::MAX),
        conditions,
        name: lst.l.name.clone(),
        supported_kinds: Some(
            lst.kinds
                .iter()
                .map(|k| RouteGroupKind {
                    group: Some(GATEWAY_GROUP.to_owned()),
                    kind: k.as_str().to_owned(),
                })
                .collect(),
        ),
    }
}

// ---------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------

struct RouteView<'a> {
    kind: RouteKind,
    key: ObjectKey,
    meta: &'a ObjectMeta,
    /// From `meta`, read while it is in the cache.
    generation: Option<i64>,
    /// `meta`'s creation time.
    created: Option<Timestamp>,
    parent_refs: &'a [ParentReference],
    hostnames: &'a [String],
    existing: Option<&'a RouteStatus>,
    /// First unresolved reference: `ResolvedRefs=False` with this reason.
    unresolved: Option<Reason>,
    /// Indexes of rules dropped as invalid, with why.
    invalid_rules: Vec<(usize, String)>,
    rule_count: usize,
    /// For the effective routes of the listeners it attaches to; dropped once the route is
    /// attached (`None` after the first pass), while it is in the cache.
    rules: Option<Arc<EffectiveRules>>,
    /// The key of its effective routes, made when it first attaches to a listener.
    shared_key: OnceCell<Arc<ObjectKey>>,
    /// Its hostnames as the hostname list of its effective routes, made when a listener
    /// first takes them as they are.
    shared_hostnames: OnceCell<Arc<[String]>>,
}

fn default_http_match(m: &HttpRouteMatch) -> HttpRouteMatch {
    let mut m = m.clone();
    let path = m.path.get_or_insert_with(HttpPathMatch::default);
    path.r#type.get_or_insert(PathMatchType::PathPrefix);
    path.value.get_or_insert_with(|| "/".to_owned());
    for h in m.headers.iter_mut().flatten() {
        h.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    for q in m.query_params.iter_mut().flatten() {
        q.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    m
}

fn default_grpc_match(m: &GrpcRouteMatch) -> GrpcRouteMatch {
    let mut m = m.clone();
    if let Some(method) = m.method.as_mut() {
        method.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    for h in m.headers.iter_mut().flatten() {
        h.r#type.get_or_insert(HeaderMatchType::Exact);
    }
    m
}

/// Resolves one backend reference of a route.
#[allow(clippy::too_many_arguments)]
fn resolve_backend<F>(
    ctx: &Ctx<'_>,
    from_kind: RouteKind,
    route_ns: &str,
    group: Option<&str>,
    kind: Option<&str>,
    name: &str,
    namespace: Option<&str>,
    port: Option<i32>,
    weight: Option<i32>,
    filters: Vec<F>,
) -> Backend<F> {
    // The usual group and kind are borrowed, the rest copied.
    let group: Cow<'static, str> = match group {
        None | Some("") => Cow::Borrowed(""),
        Some(g) => Cow::Owned(g.to_owned()),
    };
    let kind: Cow<'static, str> = match kind {
        None | Some("Service") => Cow::Borrowed("Service"),
        Some(k) => Cow::Owned(k.to_owned()),
    };
    let ns = namespace.unwrap_or(route_ns);
    // The key is shared with every other backend naming the same existing Service (whatever
    // this reference's kind: the key is only a namespace and a name).
    let entry = ctx.services.get(&(ns, name));
    let service = match entry {
        Some(e) => Arc::clone(e.key.get_or_init(|| Arc::new(ObjectKey::new(ns, name)))),
        None => Arc::new(ObjectKey::new(ns, name)),
    };
    let mut app_protocol = None;
    let invalid = if !group.is_empty() || kind != "Service" {
        Some(InvalidBackend {
            reason: InvalidBackendReason::InvalidKind,
            message: format!("backend kind {group}/{kind} is not supported"),
        })
    } else if !ctx
        .grants
        .permitted(from_kind.as_str(), route_ns, "", "Service", ns, name)
    {
        Some(InvalidBackend {
            reason: InvalidBackendReason::RefNotPermitted,
            message: format!(
                "backendRef to Service {ns}/{name} is not permitted by any ReferenceGrant"
            ),
        })
    } else {
        match entry.map(|e| e.service) {
            None => Some(InvalidBackend {
                reason: InvalidBackendReason::BackendNotFound,
                message: format!("Service {ns}/{name} not found"),
            }),
            Some(svc) => {
                app_protocol = svc
                    .spec
                    .as_ref()
                    .and_then(|s| s.ports.as_ref())
                    .and_then(|ports| ports.iter().find(|p| Some(p.port) == port))
                    .and_then(|p| p.app_protocol.clone());
                match app_protocol.as_deref() {
                    // Kubernetes-defined application protocols this implementation does not
                    // speak; implementation-specific (unprefixed, domain-prefixed) values are
                    // left to the data plane.
                    Some(p)
                        if p.starts_with("kubernetes.io/")
                            && !matches!(
                                p,
                                "kubernetes.io/h2c" | "kubernetes.io/ws" | "kubernetes.io/wss"
                            ) =>
                    {
                        Some(InvalidBackend {
                            reason: InvalidBackendReason::UnsupportedProtocol,
                            message: format!("appProtocol {p} is not supported"),
                        })
                    }
                    _ => None,
                }
            }
        }
    };
    Backend {
        group,
        kind,
        service,
        port,
        weight: weight.unwrap_or(1),
        app_protocol,
        filters,
        invalid,
    }
}

/// Resolves a RequestMirror filter's backend (the same for HTTPRoute and GRPCRoute), noting it
/// when it does not resolve.
fn resolve_mirror(
    ctx: &Ctx<'_>,
    kind: RouteKind,
    ns: &str,
    mirror: Option<&gateway_api_types::model::HttpRequestMirrorFilter>,
    unresolved: &mut Option<Reason>,
) -> Option<Backend<()>> {
    let b = &mirror?.backend_ref;
    let backend = resolve_backend(
        ctx,
        kind,
        ns,
        b.group.as_deref(),
        b.kind.as_deref(),
        &b.name,
        b.namespace.as_deref(),
        b.port,
        None,
        Vec::<()>::new(),
    );
    note(unresolved, &backend);
    Some(backend)
}

fn note<F>(unresolved: &mut Option<Reason>, b: &Backend<F>) {
    if let (None, Some(i)) = (&unresolved, &b.invalid) {
        *unresolved = Some((i.reason.as_str(), i.message.clone()));
    }
}

/// Reads the parts of an HTTPRoute that its view reads, a few bytes of each, all at once.
///
/// A snapshot's routes are scattered over the heap, and a route's parts hang from it in chains
/// (route, rules, matches, path; rules, backendRefs, name): read as the view needs them, their
/// cache misses come one after the other. Read here first, with nothing in between, the
/// misses of each level of the chains overlap, and the view then finds its parts in the cache.
/// Only the first few rules, matches and backendRefs are read: the rest is left to the view.
/// What is read is discarded (`black_box` keeps the reads).
fn warm_http(r: &v1::HttpRoute) {
    fn first(s: Option<&str>) -> usize {
        s.and_then(|s| s.as_bytes().first())
            .map_or(0, |b| usize::from(*b))
    }
    let mut sum = first(r.metadata.name.as_deref()) + first(r.metadata.namespace.as_deref());
    for pr in r.spec.parent_refs.iter().flatten().take(2) {
        sum += first(Some(&pr.name)) + first(pr.namespace.as_deref());
    }
    for h in r.spec.hostnames.iter().flatten().take(2) {
        sum += first(Some(h));
    }
    for rule in r.spec.rules.iter().flatten().take(4) {
        for m in rule.matches.iter().flatten().take(2) {
            sum += first(m.path.as_ref().and_then(|p| p.value.as_deref()));
        }
        for b in rule.backend_refs.iter().flatten().take(2) {
            sum += first(Some(&b.name)) + first(b.namespace.as_deref());
        }
    }
    std::hint::black_box(sum);
}

fn http_view<'a>(ctx: &Ctx<'a>, r: &'a v1::HttpRoute) -> RouteView<'a> {
    warm_http(r);
    let key = ObjectKey::of(&r.metadata);
    let ns = key.namespace.as_str();
    let mut unresolved = None;
    let mut invalid_rules = Vec::new();
    // "no rules" is one default rule; borrow the written rules rather than copy them.
    static DEFAULT_RULE: LazyLock<HttpRouteRule> = LazyLock::new(HttpRouteRule::default);
    let spec_rules = match &r.spec.rules {
        Some(rules) => rules.as_slice(),
        None => std::slice::from_ref(&*DEFAULT_RULE),
    };
    let mut rules = Vec::with_capacity(spec_rules.len());
    let mirror = |unresolved: &mut Option<Reason>,
                  f: &gateway_api_types::model::HttpRouteFilter| {
        EffectiveHttpFilter {
            filter: f.clone(),
            mirror: resolve_mirror(
                ctx,
                RouteKind::Http,
                ns,
                f.request_mirror.as_ref(),
                unresolved,
            ),
        }
    };
    for (index, rule) in spec_rules.iter().enumerate() {
        let mut problem = None;
        for f in rule.filters.iter().flatten().chain(
            rule.backend_refs
                .iter()
                .flatten()
                .flat_map(|b| b.filters.iter().flatten()),
        ) {
            if let HttpRouteFilterType::Unrecognized(t) = &f.r#type {
                problem = Some(format!("filter type {t} is not supported"));
            }
        }
        for m in rule.matches.iter().flatten() {
            if let Some(PathMatchType::Unrecognized(t)) =
                m.path.as_ref().and_then(|p| p.r#type.as_ref())
            {
                problem = Some(format!("path match type {t} is not supported"));
            }
            if let Some(gateway_api_types::model::HttpMethod::Unrecognized(t)) = &m.method {
                problem = Some(format!("method {t} is not supported"));
            }
        }
        if let Some(p) = problem {
            invalid_rules.push((index, p));
            continue;
        }
        let matches =
            ctx.http_matches
                .get(
                    rule.matches.as_deref().unwrap_or_default(),
                    |written| match written {
                        [] => Arc::new([default_http_match(&HttpRouteMatch::default())]),
                        ms => ms.iter().map(default_http_match).collect(),
                    },
                );
        let filters = rule
            .filters
            .iter()
            .flatten()
            .map(|f| mirror(&mut unresolved, f))
            .collect();
        let backends = rule
            .backend_refs
            .iter()
            .flatten()
            .map(|b| {
                let fs = b
                    .filters
                    .iter()
                    .flatten()
                    .map(|f| mirror(&mut unresolved, f))
                    .collect();
                let be = resolve_backend(
                    ctx,
                    RouteKind::Http,
                    ns,
                    b.group.as_deref(),
                    b.kind.as_deref(),
                    &b.name,
                    b.namespace.as_deref(),
                    b.port,
                    b.weight,
                    fs,
                );
                note(&mut unresolved, &be);
                be
            })
            .collect();
        rules.push(EffectiveHttpRule {
            index,
            name: rule.name.clone(),
            matches,
            filters,
            backends,
            timeouts: rule.timeouts.clone(),
        });
    }
    RouteView {
        kind: RouteKind::Http,
        key,
        meta: &r.metadata,
        generation: generation(&r.metadata),
        created: r.metadata.creation_timestamp.as_ref().map(|t| t.0),
        parent_refs: r.spec.parent_refs.as_deref().unwrap_or_default(),
        hostnames: r.spec.hostnames.as_deref().unwrap_or_default(),
        existing: r.status.as_ref(),
        unresolved,
        invalid_rules,
        rule_count: spec_rules.len(),
        rules: Some(Arc::new(EffectiveRules::Http(rules))),
        shared_key: OnceCell::new(),
        shared_hostnames: OnceCell::new(),
    }
}

fn grpc_view<'a>(ctx: &Ctx<'a>, r: &'a v1::GrpcRoute) -> RouteView<'a> {
    let key = ObjectKey::of(&r.metadata);
    let ns = key.namespace.as_str();
    let mut unresolved = None;
    let mut invalid_rules = Vec::new();
    let mut rules = Vec::new();
    // "no rules" is one default rule; borrow the written rules rather than copy them.
    static DEFAULT_RULE: LazyLock<GrpcRouteRule> = LazyLock::new(GrpcRouteRule::default);
    let spec_rules = match &r.spec.rules {
        Some(rules) => rules.as_slice(),
        None => std::slice::from_ref(&*DEFAULT_RULE),
    };
    let mirror = |unresolved: &mut Option<Reason>,
                  f: &gateway_api_types::model::GrpcRouteFilter| {
        EffectiveGrpcFilter {
            filter: f.clone(),
            mirror: resolve_mirror(
                ctx,
                RouteKind::Grpc,
                ns,
                f.request_mirror.as_ref(),
                unresolved,
            ),
        }
    };
    for (index, rule) in spec_rules.iter().enumerate() {
        let mut problem = None;
        for f in rule.filters.iter().flatten().chain(
            rule.backend_refs
                .iter()
                .flatten()
                .flat_map(|b| b.filters.iter().flatten()),
        ) {
            if let GrpcRouteFilterType::Unrecognized(t) = &f.r#type {
                problem = Some(format!("filter type {t} is not supported"));
            }
        }
        for m in rule.matches.iter().flatten() {
            if let Some(HeaderMatchType::Unrecognized(t)) =
                m.method.as_ref().and_then(|p| p.r#type.as_ref())
            {
                problem = Some(format!("method match type {t} is not supported"));
            }
        }
        if let Some(p) = problem {
            invalid_rules.push((index, p));
            continue;
        }
        let matches = ctx
            .grpc_matches
            .get(rule.matches.as_deref().unwrap_or_default(), |written| {
                written.iter().map(default_grpc_match).collect()
            });
        let filters = rule
            .filters
            .iter()
            .flatten()
            .map(|f| mirror(&mut unresolved, f))
            .collect();
        let backends = rule
            .backend_refs
            .iter()
            .flatten()
            .map(|b| {
                let fs = b
                    .filters
                    .iter()
                    .flatten()
                    .map(|f| mirror(&mut unresolved, f))
                    .collect();
                let be = resolve_backend(
                    ctx,
                    RouteKind::Grpc,
                    ns,
                    b.group.as_deref(),
                    b.kind.as_deref(),
                    &b.name,
                    b.namespace.as_deref(),
                    b.port,
                    b.weight,
                    fs,
                );
                note(&mut unresolved, &be);
                be
            })
            .collect();
        rules.push(EffectiveGrpcRule {
            index,
            name: rule.name.clone(),
            matches,
            filters,
            backends,
        });
    }
    RouteView {
        kind: RouteKind::Grpc,
        key,
        meta: &r.metadata,
        generation: generation(&r.metadata),
        created: r.metadata.creation_timestamp.as_ref().map(|t| t.0),
        parent_refs: r.spec.parent_refs.as_deref().unwrap_or_default(),
        hostnames: r.spec.hostnames.as_deref().unwrap_or_default(),
        existing: r.status.as_ref(),
        unresolved,
        invalid_rules,
        rule_count: spec_rules.len(),
        rules: Some(Arc::new(EffectiveRules::Grpc(rules))),
        shared_key: OnceCell::new(),
        shared_hostnames: OnceCell::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn l4_view<'a>(
    ctx: &Ctx<'_>,
    kind: RouteKind,
    meta: &'a ObjectMeta,
    parent_refs: &'a [ParentReference],
    hostnames: &'a [String],
    spec_rules: &'a [gateway_api_types::model::L4RouteRule],
    existing: Option<&'a RouteStatus>,
) -> RouteView<'a> {
    let key = ObjectKey::of(meta);
    let mut unresolved = None;
    let rules = spec_rules
        .iter()
        .enumerate()
        .map(|(index, rule)| EffectiveL4Rule {
            index,
            name: rule.name.clone(),
            backends: rule
                .backend_refs
                .iter()
                .map(|b| {
                    let be = resolve_backend(
                        ctx,
                        kind,
                        &key.namespace,
                        b.group.as_deref(),
                        b.kind.as_deref(),
                        &b.name,
                        b.namespace.as_deref(),
                        b.port,
                        b.weight,
                        Vec::<()>::new(),
                    );
                    note(&mut unresolved, &be);
                    be
                })
                .collect(),
        })
        .collect();
    RouteView {
        kind,
        key,
        meta,
        generation: generation(meta),
        created: meta.creation_timestamp.as_ref().map(|t| t.0),
        parent_refs,
        hostnames,
        existing,
        unresolved,
        invalid_rules: Vec::new(),
        rule_count: spec_rules.len(),
        rules: Some(Arc::new(EffectiveRules::L4(rules))),
        shared_key: OnceCell::new(),
        shared_hostnames: OnceCell::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// The resolver
// ---------------------------------------------------------------------------------------------

struct GwState<'a> {
    key: ObjectKey,
    gw: &'a v1::Gateway,
    listeners: Vec<Lst<'a>>,
    /// ListenerSets naming this Gateway as parent, with whether `allowedListeners` admits them.
    sets: Vec<(ObjectKey, &'a v1::ListenerSet, bool)>,
    parameters_problem: Option<String>,
}

pub(crate) fn resolve(snap: &Snapshot, opts: &Options) -> Resolution {
    let ctx = Ctx::new(snap, opts);
    let mut out = Resolution::default();

    // GatewayClasses.
    let mut classes: BTreeSet<String> = BTreeSet::new();
    for (key, gc) in &snap.gateway_classes {
        if gc.spec.controller_name != opts.controller_name {
            continue;
        }
        classes.insert(key.name.clone());
        let g = generation(&gc.metadata);
        let mut fresh = Vec::new();
        let supported = opts.bundle_version.starts_with("v1.6.") || opts.bundle_version == "v1.6";
        let params_problem = gc.spec.parameters_ref.as_ref().and_then(|p| {
            // Only core ConfigMaps are parameters this implementation knows; anything else is
            // "unsupported kind" and a missing ConfigMap "nonexistent", both InvalidParameters.
            if !p.group.is_empty() || p.kind != "ConfigMap" {
                Some(format!(
                    "parametersRef kind {}/{} is not supported",
                    p.group, p.kind
                ))
            } else {
                match &p.namespace {
                    None => Some(
                        "parametersRef to a namespaced ConfigMap must set namespace".to_owned(),
                    ),
                    Some(ns) => (!snap.config_maps.contains_key(&ObjectKey::new(ns, &p.name)))
                        .then(|| format!("ConfigMap {ns}/{} not found", p.name)),
                }
            }
        });
        match (&params_problem, supported) {
            (Some(m), _) => {
                fresh.push(ctx.cond("Accepted", false, "InvalidParameters", m.clone(), g))
            }
            (None, false) => fresh.push(ctx.cond(
                "Accepted",
                false,
                "UnsupportedVersion",
                format!("bundle version {} is not supported", opts.bundle_version),
                g,
            )),
            (None, true) => {
                fresh.push(ctx.cond("Accepted", true, "Accepted", "GatewayClass accepted", g))
            }
        }
        // "SupportedVersion … MUST be set when marking Accepted".
        if supported {
            fresh.push(ctx.cond(
                "SupportedVersion",
                true,
                "SupportedVersion",
                format!("bundle version {} is supported", opts.bundle_version),
                g,
            ));
        } else {
            fresh.push(ctx.cond(
                "SupportedVersion",
                false,
                "UnsupportedVersion",
                format!("bundle version {} is not supported", opts.bundle_version),
                g,
            ));
        }
        let existing = gc
            .status
            .as_ref()
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default();
        out.gateway_classes.insert(
            key.clone(),
            GatewayClassStatus {
                conditions: Some(merge_conditions(
                    existing,
                    fresh,
                    &["Accepted", "SupportedVersion"],
                )),
                supported_features: gc
                    .status
                    .as_ref()
                    .and_then(|s| s.supported_features.clone()),
            },
        );
    }

    // Gateways and their listeners (own, then ListenerSets), in key order (the snapshot's
    // map is); every parentRef finds its Gateway's index in `gw_index`.
    let mut gws: Vec<GwState<'_>> = Vec::new();
    let mut gw_index: HashMap<(&str, &str), usize> = HashMap::default();
    for (key, gw) in &snap.gateways {
        if !classes.contains(&gw.spec.gateway_class_name) {
            continue;
        }
        let g = generation(&gw.metadata);
        let mut listeners: Vec<Lst<'_>> = gw
            .spec
            .listeners
            .iter()
            .map(|l| {
                build_listener(
                    &ctx,
                    gw,
                    ListenerSource::Gateway,
                    &key.namespace,
                    "Gateway",
                    l,
                    g,
                )
            })
            .collect();
        let mut sets: Vec<(ObjectKey, &v1::ListenerSet, bool)> = snap
            .listener_sets
            .iter()
            .filter(|(lk, ls)| {
                let p = &ls.spec.parent_ref;
                p.group.as_deref().unwrap_or(GATEWAY_GROUP) == GATEWAY_GROUP
                    && p.kind.as_deref().unwrap_or("Gateway") == "Gateway"
                    && p.name == key.name
                    && p.namespace.as_deref().unwrap_or(&lk.namespace) == key.namespace
            })
            .map(|(lk, ls)| {
                let an = gw
                    .spec
                    .allowed_listeners
                    .as_ref()
                    .and_then(|a| a.namespaces.as_ref());
                let allowed = match an
                    .and_then(|n| n.from.clone())
                    .unwrap_or(ListenerNamespacesFrom::None)
                {
                    ListenerNamespacesFrom::All => true,
                    ListenerNamespacesFrom::Same => lk.namespace == key.namespace,
                    ListenerNamespacesFrom::Selector => an
                        .and_then(|n| n.selector.as_ref())
                        .is_some_and(|s| selector_matches(s, &ctx.labels(&lk.namespace))),
                    _ => false,
                };
                (lk.clone(), ls, allowed)
            })
            .collect();
        // "ListenerSet merge order: parent Gateway, then ListenerSets by creation time, then
        // `{namespace}/{name}`".
        sets.sort_by(|a, b| age_cmp(&a.1.metadata, &b.1.metadata));
        for (lk, ls, allowed) in &sets {
            if !allowed {
                continue;
            }
            let lg = generation(&ls.metadata);
            for l in &ls.spec.listeners {
                listeners.push(build_listener(
                    &ctx,
                    gw,
                    ListenerSource::ListenerSet(lk.clone()),
                    &lk.namespace,
                    "ListenerSet",
                    l,
                    lg,
                ));
            }
        }
        mark_conflicts(&mut listeners);
        let parameters_problem = gw
            .spec
            .infrastructure
            .as_ref()
            .and_then(|i| i.parameters_ref.as_ref())
            .and_then(|p| {
                if !p.group.is_empty() || p.kind != "ConfigMap" {
                    Some(format!(
                        "parametersRef kind {}/{} is not supported",
                        p.group, p.kind
                    ))
                } else {
                    (!snap
                        .config_maps
                        .contains_key(&ObjectKey::new(&key.namespace, &p.name)))
                    .then(|| format!("ConfigMap {}/{} not found", key.namespace, p.name))
                }
            });
        gw_index.insert((&key.namespace, &key.name), gws.len());
        gws.push(GwState {
            key: key.clone(),
            gw,
            listeners,
            sets,
            parameters_problem,
        });
    }

    // Routes. Each route is viewed (rules defaulted, backends resolved) and its parentRefs
    // attached in one visit, while its objects are in the cache: the snapshot's routes are
    // scattered over the heap, and every separate pass over them paid for fetching them again.
    // The parentRefs' attachments go to two buffers shared by all routes.
    let views = snap
        .http_routes
        .values()
        .map(|r| http_view(&ctx, r))
        .chain(snap.grpc_routes.values().map(|r| grpc_view(&ctx, r)))
        .chain(snap.tls_routes.values().map(|r| {
            l4_view(
                &ctx,
                RouteKind::Tls,
                &r.metadata,
                r.spec.parent_refs.as_deref().unwrap_or_default(),
                &r.spec.hostnames,
                &r.spec.rules,
                r.status.as_ref(),
            )
        }))
        .chain(snap.tcp_routes.values().map(|r| {
            l4_view(
                &ctx,
                RouteKind::Tcp,
                &r.metadata,
                r.spec.parent_refs.as_deref().unwrap_or_default(),
                &[],
                &r.spec.rules,
                r.status.as_ref(),
            )
        }))
        .chain(snap.udp_routes.values().map(|r| {
            l4_view(
                &ctx,
                RouteKind::Udp,
                &r.metadata,
                r.spec.parent_refs.as_deref().unwrap_or_default(),
                &[],
                &r.spec.rules,
                r.status.as_ref(),
            )
        }));
    // Sized for one parentRef per route, attached to two listeners, to spare most regrowth.
    let routes = snap.http_routes.len()
        + snap.grpc_routes.len()
        + snap.tls_routes.len()
        + snap.tcp_routes.len()
        + snap.udp_routes.len();
    let mut slots: Vec<Slot> = Vec::with_capacity(routes);
    let mut attached: Vec<Attached> = Vec::with_capacity(2 * routes);
    // The labels of the routes' namespace, looked up again only when it changes (routes of
    // one kind come in namespace order), and the listeners' selectors evaluated once per
    // namespace.
    let mut labels: Option<(&str, NamespaceLabels<'_>)> = None;
    let mut selectors = SelectorMemo::new();
    let mut parent_refs = ParentRefs::new(gws.len());
    for l in gws.iter_mut().flat_map(|g| &mut g.listeners) {
        let allowed =
            l.l.allowed_routes
                .as_ref()
                .and_then(|a| a.namespaces.as_ref());
        if let Some(n) = allowed
            && n.from == Some(FromNamespaces::Selector)
            && let Some(selector) = &n.selector
        {
            l.selector = selectors.number(selector);
        }
    }
    let mut views: Vec<(RouteView<'_>, Range<usize>)> = views
        .map(|mut v| {
            let ns = v.meta.namespace.as_deref().unwrap_or_default();
            let route_labels = match labels {
                Some((last, l)) if last == ns => l,
                _ => {
                    selectors.next_run();
                    labels.insert((ns, ctx.labels(ns))).1
                }
            };
            let start = slots.len();
            for pr in v.parent_refs {
                let slot = attach(
                    &ctx,
                    &gws,
                    &gw_index,
                    &v,
                    route_labels,
                    &mut selectors,
                    pr,
                    &mut attached,
                )
                .map(|(gateway, a)| Parent {
                    gateway,
                    parent_ref: parent_refs.get(gateway, pr),
                    attachment: a,
                });
                slots.push(slot);
            }
            v.rules = None;
            (v, start..slots.len())
        })
        .collect();
    // Only the arbitration between HTTPRoutes and GRPCRoutes needs the routes in the spec's
    // order (oldest first, then `{namespace}/{name}`); otherwise the order they are finished
    // in does not show: each listener's routes are put in that order below.
    if !snap.http_routes.is_empty() && !snap.grpc_routes.is_empty() {
        views.sort_by(|(a, _), (b, _)| age_cmp(a.meta, b.meta).then(a.kind.cmp(&b.kind)));
        arbitrate(&views, &mut slots, &mut attached);
    }
    // Statuses come in the map's key order unless routes were sorted by age; collected, the
    // map is built in one go (a sort that finds them in order, then a bulk build) rather than
    // searched for each insertion.
    for l in gws.iter_mut().flat_map(|g| &mut g.listeners) {
        l.routes.reserve_exact(l.candidates.get());
    }
    let mut statuses = Vec::with_capacity(views.len());
    for (vi, (v, range)) in views.into_iter().enumerate() {
        finish_route(
            &ctx,
            &mut gws,
            vi,
            v,
            &mut slots[range],
            &mut attached,
            &mut statuses,
        );
    }
    // Nothing else writes route statuses.
    debug_assert!(out.routes.is_empty());
    out.routes = statuses.into_iter().collect();

    // Gateway and ListenerSet statuses, effective listeners.
    for st in &mut gws {
        let key = &st.key.clone();
        let gw = st.gw;
        let g = generation(&gw.metadata);
        let programmed_dp = !opts.not_programmed.contains(key);
        // Sort each listener's routes by the spec's order, unless they were attached in it
        // (the keys compared here are no longer in the cache).
        for l in st.listeners.iter_mut().filter(|l| !l.routes_in_order) {
            l.routes.sort_by(|a, b| {
                (a.created.unwrap_or(Timestamp::UNIX_EPOCH), &a.route, a.kind).cmp(&(
                    b.created.unwrap_or(Timestamp::UNIX_EPOCH),
                    &b.route,
                    b.kind,
                ))
            });
        }
        let own: Vec<&Lst<'_>> = st
            .listeners
            .iter()
            .filter(|l| l.source == ListenerSource::Gateway)
            .collect();
        let any_valid = own.iter().any(|l| l.valid());
        let any_invalid = own.iter().any(|l| !l.valid());
        let mut fresh = Vec::new();
        let accepted = if let Some(m) = &st.parameters_problem {
            fresh.push(ctx.cond("Accepted", false, "InvalidParameters", m.clone(), g));
            false
        } else if !any_valid {
            // A Gateway with no valid listener has nothing to program.
            fresh.push(ctx.cond(
                "Accepted",
                false,
                "ListenersNotValid",
                "no listener is valid",
                g,
            ));
            false
        } else if any_invalid {
            // "The implementation MUST set a "ListenersNotValid" condition on the Gateway
            // Status when the Gateway contains Conflicted Listeners whether or not they accept
            // the Gateway".
            fresh.push(ctx.cond(
                "Accepted",
                true,
                "ListenersNotValid",
                "some listeners are not valid",
                g,
            ));
            true
        } else {
            fresh.push(ctx.cond("Accepted", true, "Accepted", "Gateway accepted", g));
            true
        };
        if !accepted {
            fresh.push(ctx.cond("Programmed", false, "Invalid", "Gateway is not accepted", g));
        } else if programmed_dp {
            fresh.push(ctx.cond("Programmed", true, "Programmed", "Gateway programmed", g));
        } else {
            fresh.push(condition(
                "Programmed",
                ConditionStatus::False,
                "Pending",
                "waiting for the data plane",
                g,
                opts.now.clone(),
            ));
        }
        // Gateway ResolvedRefs: tls.backend.clientCertificateRef, then a summary of listeners.
        let client_cert = gw
            .spec
            .tls
            .as_ref()
            .and_then(|t| t.backend.as_ref())
            .and_then(|b| b.client_certificate_ref.as_ref());
        let client_problem = client_cert.and_then(|r| {
            let group = r.group.as_deref().unwrap_or("");
            let kind = r.kind.as_deref().unwrap_or("Secret");
            let ns = r.namespace.clone().unwrap_or_else(|| key.namespace.clone());
            if !group.is_empty() || kind != "Secret" {
                Some(("InvalidClientCertificateRef", format!("clientCertificateRef kind {group}/{kind} is not supported")))
            } else if !ctx.grants.permitted("Gateway", &key.namespace, "", "Secret", &ns, &r.name) {
                Some(("RefNotPermitted", format!("clientCertificateRef to Secret {ns}/{} is not permitted by any ReferenceGrant", r.name)))
            } else {
                match snap.secrets.get(&ObjectKey::new(&ns, &r.name)) {
                    None => Some(("InvalidClientCertificateRef", format!("Secret {ns}/{} does not exist", r.name))),
                    Some(s) => tls_secret_problem(s).map(|p| ("InvalidClientCertificateRef", format!("Secret {ns}/{} {p}", r.name))),
                }
            }
        });
        match client_problem {
            Some((r, m)) => fresh.push(ctx.cond("ResolvedRefs", false, r, m, g)),
            None if own.iter().any(|l| l.unresolved.is_some()) => {
                fresh.push(ctx.cond(
                    "ResolvedRefs",
                    false,
                    "ListenersNotResolved",
                    "some listeners have unresolved references",
                    g,
                ));
            }
            None => fresh.push(ctx.cond(
                "ResolvedRefs",
                true,
                "ResolvedRefs",
                "all references resolved",
                g,
            )),
        }
        // "InsecureFrontendValidationMode … True only … removed when back to AllowValidOnly".
        if let Some(frontend) = gw.spec.tls.as_ref().and_then(|t| t.frontend.as_ref()) {
            let insecure = std::iter::once(&frontend.default)
                .chain(frontend.per_port.iter().flatten().map(|p| &p.tls))
                .any(|c| c.validation.as_ref().and_then(|v| v.mode.as_ref()) == Some(&gateway_api_types::model::FrontendValidationMode::AllowInsecureFallback));
            if insecure {
                fresh.push(ctx.cond(
                    "InsecureFrontendValidationMode",
                    true,
                    "ConfigurationChanged",
                    "client certificate validation allows insecure fallback",
                    g,
                ));
            }
        }
        let existing_status = gw.status.as_ref();
        let conditions = merge_conditions(
            existing_status
                .and_then(|s| s.conditions.as_deref())
                .unwrap_or_default(),
            fresh,
            &[
                "Accepted",
                "Programmed",
                "ResolvedRefs",
                "InsecureFrontendValidationMode",
            ],
        );
        let listener_programmed = accepted && programmed_dp;
        let listeners = own
            .iter()
            .map(|l| {
                let ex = existing_status
                    .and_then(|s| s.listeners.as_ref())
                    .and_then(|ls| ls.iter().find(|e| e.name == l.l.name));
                listener_status(&ctx, l, listener_programmed, ex)
            })
            .collect();
        let addresses = opts.addresses.get(key).cloned().unwrap_or_else(|| {
            gw.spec
                .addresses
                .iter()
                .flatten()
                .filter_map(|a| {
                    a.value.clone().map(|value| GatewayStatusAddress {
                        r#type: a.r#type.clone(),
                        value,
                    })
                })
                .collect()
        });

        // ListenerSets.
        let mut attached_sets = 0;
        for (lk, ls, allowed) in &st.sets {
            let lg = generation(&ls.metadata);
            let mut fresh = Vec::new();
            let mut listener_entries = Vec::new();
            let ex = ls.status.as_ref();
            if !allowed {
                fresh.push(ctx.cond(
                    "Accepted",
                    false,
                    "NotAllowed",
                    "the parent Gateway's allowedListeners does not allow this ListenerSet",
                    lg,
                ));
                fresh.push(ctx.cond(
                    "Programmed",
                    false,
                    "NotAllowed",
                    "the parent Gateway's allowedListeners does not allow this ListenerSet",
                    lg,
                ));
            } else {
                let mine: Vec<&Lst<'_>> = st
                    .listeners
                    .iter()
                    .filter(|l| l.source == ListenerSource::ListenerSet(lk.clone()))
                    .collect();
                let any_valid = mine.iter().any(|l| l.valid());
                let any_invalid = mine.iter().any(|l| !l.valid());
                let ok = if !accepted {
                    fresh.push(ctx.cond(
                        "Accepted",
                        false,
                        "ParentNotAccepted",
                        "the parent Gateway is not accepted",
                        lg,
                    ));
                    false
                } else if !any_valid {
                    fresh.push(ctx.cond(
                        "Accepted",
                        false,
                        "ListenersNotValid",
                        "no listener is valid",
                        lg,
                    ));
                    false
                } else if any_invalid {
                    fresh.push(ctx.cond(
                        "Accepted",
                        true,
                        "ListenersNotValid",
                        "some listeners are not valid",
                        lg,
                    ));
                    true
                } else {
                    fresh.push(ctx.cond("Accepted", true, "Accepted", "ListenerSet accepted", lg));
                    true
                };
                if ok {
                    attached_sets += 1;
                    if programmed_dp {
                        fresh.push(ctx.cond(
                            "Programmed",
                            true,
                            "Programmed",
                            "ListenerSet programmed",
                            lg,
                        ));
                    } else {
                        fresh.push(condition(
                            "Programmed",
                            ConditionStatus::False,
                            "Pending",
                            "waiting for the data plane",
                            lg,
                            opts.now.clone(),
                        ));
                    }
                } else {
                    let reason = if accepted {
                        "ListenersNotValid"
                    } else {
                        "Invalid"
                    };
                    fresh.push(ctx.cond(
                        "Programmed",
                        false,
                        reason,
                        "ListenerSet is not accepted",
                        lg,
                    ));
                }
                for l in mine {
                    let exl = ex
                        .and_then(|s| s.listeners.as_ref())
                        .and_then(|ls| ls.iter().find(|e| e.name == l.l.name));
                    listener_entries.push(listener_status(&ctx, l, ok && programmed_dp, exl));
                }
            }
            let conditions = merge_conditions(
                ex.and_then(|s| s.conditions.as_deref()).unwrap_or_default(),
                fresh,
                &["Accepted", "Programmed"],
            );
            out.listener_sets.insert(
                lk.clone(),
                ListenerSetStatus {
                    conditions: Some(conditions),
                    listeners: Some(listener_entries),
                },
            );
        }

        out.gateways.insert(
            key.clone(),
            GatewayStatus {
                addresses: (!addresses.is_empty()).then_some(addresses),
                attached_listener_sets: gw
                    .spec
                    .allowed_listeners
                    .is_some()
                    .then_some(attached_sets),
                conditions: Some(conditions),
                listeners: Some(listeners),
            },
        );

        // Effective configuration: valid listeners of an accepted Gateway, and of accepted
        // ListenerSets.
        let accepted_sets: BTreeSet<ObjectKey> = out
            .listener_sets
            .iter()
            .filter(|(k, s)| {
                st.sets.iter().any(|(lk, _, _)| lk == *k)
                    && is_true(s.conditions.as_deref(), "Accepted")
            })
            .map(|(k, _)| k.clone())
            .collect();
        let listeners = if accepted {
            st.listeners
                .iter_mut()
                .filter(|l| l.valid())
                .filter(|l| match &l.source {
                    ListenerSource::Gateway => true,
                    ListenerSource::ListenerSet(k) => accepted_sets.contains(k),
                })
                .map(|l| EffectiveListener {
                    source: l.source.clone(),
                    name: l.l.name.clone(),
                    port: l.l.port,
                    protocol: l.l.protocol.clone(),
                    hostname: l.l.hostname.clone(),
                    tls: l.l.tls.as_ref().map(|t| EffectiveTls {
                        mode: t.mode.clone().unwrap_or(TlsModeType::Terminate),
                        certificates: l.certs.clone(),
                        options: t.options.clone().unwrap_or_default(),
                    }),
                    // Moved: nothing reads a listener's routes after this.
                    routes: std::mem::take(&mut l.routes),
                })
                .collect()
        } else {
            Vec::new()
        };
        out.effective.insert(
            key.clone(),
            EffectiveGateway {
                gateway: st.key.clone(),
                class_name: gw.spec.gateway_class_name.clone(),
                listeners,
            },
        );
    }

    // Policies.
    policies(&ctx, &mut out);
    out
}

/// "HTTPRoute vs GRPCRoute on the same listener with intersecting hostnames: accept exactly
/// one – oldest creation timestamp, then `{namespace}/{name}`; the other gets
/// Accepted=False". `views` are in that order, so the first kind to claim a hostname on a
/// listener keeps it. Each view comes with the range of its parentRefs' slots in `slots`; a
/// listener taken away from a parentRef is marked [`DROPPED`] in `attached`.
fn arbitrate(
    views: &[(RouteView<'_>, Range<usize>)],
    slots: &mut [Slot],
    attached: &mut [Attached],
) {
    let mut claimed: HashMap<(usize, usize), Claims> = HashMap::default();
    for (v, range) in views {
        if !matches!(v.kind, RouteKind::Http | RouteKind::Grpc)
            || v.rule_count == v.invalid_rules.len()
        {
            continue;
        }
        for slot in slots[range.clone()].iter_mut().flatten() {
            let Ok(range) = &slot.attachment else {
                continue;
            };
            let gi = slot.gateway;
            let mut kept = false;
            for a in &mut attached[range.clone()] {
                let entry = claimed.entry((gi, a.listener)).or_default();
                let clash = entry
                    .iter()
                    .any(|(k, other)| *k != v.kind && hostnames_overlap(other, &a.hostnames));
                if clash {
                    a.listener = DROPPED;
                } else {
                    entry.push((v.kind, Arc::clone(&a.hostnames)));
                    kept = true;
                }
            }
            if !kept {
                slot.attachment = Err(("NotAllowedByListeners", "an older route of another kind (HTTPRoute or GRPCRoute) claims these hostnames on the listener".to_owned()));
            }
        }
    }
}

/// A route's status (pushed to `statuses`), its listeners' attachment counts and its
/// effective routes, from its view and its parentRefs' attachments (`slots`, one per
/// parentRef, with their entries in `attached`; what the output keeps is moved out of both).
/// `vi` identifies the route among all routes (a listener reached by two of its parentRefs
/// counts it once).
fn finish_route(
    ctx: &Ctx<'_>,
    gws: &mut [GwState<'_>],
    vi: usize,
    v: RouteView<'_>,
    slots: &mut [Slot],
    attached: &mut [Attached],
    statuses: &mut Vec<((RouteKind, ObjectKey), RouteStatus)>,
) {
    let g = v.generation;
    let all_invalid = v.rule_count > 0 && v.rule_count == v.invalid_rules.len();
    let mut ours = Vec::with_capacity(slots.len());
    for parent in slots.iter_mut().filter_map(Option::take) {
        let pr = parent.parent_ref;
        // Accepted, ResolvedRefs and, with dropped rules, PartiallyInvalid.
        let mut fresh = Vec::with_capacity(if v.invalid_rules.is_empty() { 2 } else { 3 });
        let accepted = match &parent.attachment {
            Err((reason, msg)) => {
                fresh.push(ctx.cond("Accepted", false, *reason, msg.clone(), g));
                false
            }
            Ok(_) if all_invalid => {
                fresh.push(
                    ctx.cond(
                        "Accepted",
                        false,
                        "UnsupportedValue",
                        v.invalid_rules
                            .iter()
                            .map(|r| r.1.clone())
                            .collect::<Vec<_>>()
                            .join("; "),
                        g,
                    ),
                );
                false
            }
            Ok(range) => {
                fresh.push(ctx.cond("Accepted", true, "Accepted", "route accepted", g));
                if let Some(st) = gws.get_mut(parent.gateway) {
                    for a in &mut attached[range.clone()] {
                        // A `DROPPED` entry names no listener.
                        let Some(lst) = st.listeners.get_mut(a.listener) else {
                            continue;
                        };
                        // Each entry is finished once: `route` is still there.
                        if lst.last_attached.is_none_or(|last| last.2 != vi)
                            && let Some((route, rules)) = a.route.take()
                        {
                            let created = v.created;
                            let order = (created.unwrap_or(Timestamp::UNIX_EPOCH), v.kind, vi);
                            if let Some(last) = lst.last_attached
                                && !in_order(last, order)
                            {
                                lst.routes_in_order = false;
                            }
                            lst.last_attached = Some(order);
                            lst.attached += 1;
                            lst.routes.push(EffectiveRoute {
                                kind: v.kind,
                                route,
                                created,
                                hostnames: Arc::clone(&a.hostnames),
                                rules,
                            });
                        }
                    }
                }
                true
            }
        };
        match &v.unresolved {
            Some((reason, msg)) => {
                fresh.push(ctx.cond("ResolvedRefs", false, *reason, msg.clone(), g))
            }
            None => fresh.push(ctx.cond(
                "ResolvedRefs",
                true,
                "ResolvedRefs",
                "all references resolved",
                g,
            )),
        }
        // PartiallyInvalid "MUST NOT be set when route is fully valid, fully invalid or not
        // accepted; only ever True", and with dropped rules its message "MUST start
        // "Dropped Rule"".
        if accepted && !v.invalid_rules.is_empty() {
            let msg = v
                .invalid_rules
                .iter()
                .map(|(i, m)| format!("Dropped Rule {i}: {m}"))
                .collect::<Vec<_>>()
                .join("; ");
            fresh.push(ctx.cond("PartiallyInvalid", true, "UnsupportedValue", msg, g));
        }
        let existing = v.existing.and_then(|s| {
            s.parents
                .iter()
                .find(|p| *p.controller_name == *ctx.controller && p.parent_ref == pr)
        });
        let conditions = merge_conditions(
            existing
                .map(|e| e.conditions.as_slice())
                .unwrap_or_default(),
            fresh,
            &["Accepted", "ResolvedRefs", "PartiallyInvalid"],
        );
        ours.push(RouteParentStatus {
            conditions,
            controller_name: Arc::clone(&ctx.controller),
            parent_ref: pr,
        });
    }
    let had_ours = v.existing.is_some_and(|s| {
        s.parents
            .iter()
            .any(|p| *p.controller_name == *ctx.controller)
    });
    if ours.is_empty() && !had_ours {
        return;
    }
    // Other controllers' entries are kept as they are; ours follow, in parentRef order
    // (entries for parentRefs that no longer exist are dropped).
    let parents = match v.existing {
        Some(s) if !s.parents.is_empty() => {
            let mut parents: Vec<RouteParentStatus> = s
                .parents
                .iter()
                .filter(|p| *p.controller_name != *ctx.controller)
                .cloned()
                .collect();
            parents.extend(ours);
            parents
        }
        _ => ours,
    };
    statuses.push(((v.kind, v.key), RouteStatus { parents }));
}

fn is_true(conditions: Option<&[Condition]>, t: &str) -> bool {
    conditions
        .unwrap_or_default()
        .iter()
        .any(|c| c.r#type == t && c.status == ConditionStatus::True)
}

/// Whether two sets of intersected hostnames overlap (empty = every hostname).
fn hostnames_overlap(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    a.iter().any(|x| {
        b.iter()
            .any(|y| crate::hostname::intersect_ref(Some(x), y).is_some())
    })
}

/// Label selectors of listeners, evaluated once per selector per run of routes in one
/// namespace. Listeners of many Gateways often select route namespaces with the same selector
/// (one class, one policy), so equal selectors are numbered alike and the result for the
/// current namespace is kept per number.
struct SelectorMemo<'a> {
    /// Distinct selectors, numbered by position; at most [`SelectorMemo::MAX`], so that
    /// numbering costs little whatever the number of listeners (a listener whose selector
    /// gets no number is evaluated every time).
    distinct: Vec<&'a LabelSelector>,
    /// Per number: the namespace run the result was computed in, and the result.
    results: Vec<(usize, bool)>,
    /// The current namespace run, counted from 1.
    run: usize,
}

impl<'a> SelectorMemo<'a> {
    const MAX: usize = 16;

    fn new() -> Self {
        Self {
            distinct: Vec::new(),
            results: Vec::new(),
            run: 0,
        }
    }

    /// The number of a listener's selector.
    fn number(&mut self, selector: &'a LabelSelector) -> Option<usize> {
        if let Some(i) = self.distinct.iter().position(|d| *d == selector) {
            return Some(i);
        }
        if self.distinct.len() >= Self::MAX {
            return None;
        }
        self.distinct.push(selector);
        self.results.push((0, false));
        Some(self.distinct.len() - 1)
    }

    /// Starts a run of routes in another namespace.
    fn next_run(&mut self) {
        self.run += 1;
    }

    /// Whether the namespace of the current run (with `labels`) satisfies `selector`, whose
    /// number is `number`.
    fn matches(
        &mut self,
        number: Option<usize>,
        selector: &LabelSelector,
        labels: &NamespaceLabels<'_>,
    ) -> bool {
        let run = self.run;
        match number.and_then(|n| self.results.get_mut(n)) {
            Some((r, result)) if *r == run => *result,
            Some(slot) => {
                let result = selector_matches(selector, labels);
                *slot = (run, result);
                result
            }
            None => selector_matches(selector, labels),
        }
    }
}

/// Attachment of one parentRef, with the index of its Gateway; the listeners it attaches to
/// are appended to `attached`. `None`: the parent is not ours (or not a kind we serve), so we
/// write no entry for it.
#[allow(clippy::too_many_arguments)]
fn attach<'a>(
    ctx: &Ctx<'a>,
    gws: &[GwState<'_>],
    gw_index: &HashMap<(&str, &str), usize>,
    v: &RouteView<'a>,
    route_labels: NamespaceLabels<'_>,
    selectors: &mut SelectorMemo<'_>,
    pr: &ParentReference,
    attached: &mut Vec<Attached>,
) -> Option<(usize, Attachment)> {
    let group = pr.group.as_deref().unwrap_or(GATEWAY_GROUP);
    let kind = pr.kind.as_deref().unwrap_or("Gateway");
    if group != GATEWAY_GROUP {
        return None;
    }
    let ns = pr.namespace.as_deref().unwrap_or(&v.key.namespace);
    let ((gw_ns, gw_name), source) = match kind {
        "Gateway" => ((ns, pr.name.as_str()), ListenerSource::Gateway),
        "ListenerSet" => {
            let lk = ObjectKey::new(ns, &pr.name);
            let ls = ctx.snap.listener_sets.get(&lk)?;
            let p = &ls.spec.parent_ref;
            (
                (p.namespace.as_deref().unwrap_or(ns), p.name.as_str()),
                ListenerSource::ListenerSet(lk),
            )
        }
        _ => return None,
    };
    let gk = *gw_index.get(&(gw_ns, gw_name))?;
    let st = gws.get(gk)?;
    if let ListenerSource::ListenerSet(lk) = &source
        && !st.sets.iter().any(|(k, _, allowed)| k == lk && *allowed)
    {
        return Some((
            gk,
            Err((
                "NoMatchingParent",
                format!("ListenerSet {lk} is not attached to its Gateway"),
            )),
        ));
    }
    // "sectionName = listener name … `port` … targets all listeners on that port …; with both
    // set the listener must match both." The reason reported is the first check that leaves
    // no listener: sectionName/port, then kind and namespace, then hostname.
    let mut any_candidate = false;
    let mut any_allowed = false;
    let start = attached.len();
    for (i, l) in st.listeners.iter().enumerate() {
        if l.source != source
            || pr.section_name.as_deref().is_some_and(|s| s != l.l.name)
            || pr.port.is_some_and(|p| p != l.l.port)
        {
            continue;
        }
        any_candidate = true;
        if !l.kinds.contains(&v.kind) {
            continue;
        }
        let ns_cfg =
            l.l.allowed_routes
                .as_ref()
                .and_then(|a| a.namespaces.as_ref());
        let from = ns_cfg.and_then(|n| n.from.as_ref());
        let ns_allowed = match from.unwrap_or(&FromNamespaces::Same) {
            FromNamespaces::All => true,
            FromNamespaces::Same => v.key.namespace == l.owner_ns,
            FromNamespaces::Selector => ns_cfg
                .and_then(|n| n.selector.as_ref())
                .is_some_and(|s| selectors.matches(l.selector, s, &route_labels)),
            _ => false,
        };
        if !ns_allowed {
            continue;
        }
        any_allowed = true;
        let hostnames = if matches!(v.kind, RouteKind::Tcp | RouteKind::Udp) {
            Arc::clone(&ctx.no_hostnames)
        } else {
            match intersect_all(l.l.hostname.as_deref(), v.hostnames) {
                Intersection::Nothing => continue,
                Intersection::Route if v.hostnames.is_empty() => Arc::clone(&ctx.no_hostnames),
                Intersection::Route => Arc::clone(v.shared_hostnames.get_or_init(|| {
                    ctx.hostnames
                        .get(v.hostnames, |written| written.iter().cloned().collect())
                })),
                Intersection::Listener => Arc::clone(
                    l.hostname_only
                        .get_or_init(|| l.l.hostname.iter().cloned().collect()),
                ),
                Intersection::Other(h) => h.into(),
            }
        };
        let key = v.shared_key.get_or_init(|| Arc::new(v.key.clone()));
        l.candidates.set(l.candidates.get() + 1);
        attached.push(Attached {
            listener: i,
            hostnames,
            route: v.rules.clone().map(|rules| (Arc::clone(key), rules)),
        });
    }
    if !any_candidate {
        return Some((
            gk,
            Err((
                "NoMatchingParent",
                "no listener matches the parentRef's sectionName and port".to_owned(),
            )),
        ));
    }
    if !any_allowed {
        return Some((
            gk,
            Err((
                "NotAllowedByListeners",
                "no listener allows this route's kind and namespace".to_owned(),
            )),
        ));
    }
    if attached.len() == start {
        return Some((
            gk,
            Err((
                "NoMatchingListenerHostname",
                "no listener hostname intersects the route's hostnames".to_owned(),
            )),
        ));
    }
    Some((gk, Ok(start..attached.len())))
}

/// BackendTLSPolicy and XBackendTrafficPolicy ancestor status: one entry per Gateway of ours
/// whose accepted routes send traffic to a targeted Service.
fn policies(ctx: &Ctx<'_>, out: &mut Resolution) {
    let opts = ctx.opts;
    // Each policy's Service targets, once: "targetRefs" naming core Services in the policy's
    // namespace.
    fn service_targets<'t>(
        pk: &ObjectKey,
        refs: impl Iterator<Item = (&'t str, &'t str, &'t str)>,
    ) -> Vec<ObjectKey> {
        refs.filter(|(group, kind, _)| group.is_empty() && *kind == "Service")
            .map(|(_, _, name)| ObjectKey::new(&pk.namespace, name))
            .collect()
    }
    let mut tls_policies: Vec<(&ObjectKey, &v1::BackendTlsPolicy, Vec<ObjectKey>)> = ctx
        .snap
        .backend_tls_policies
        .iter()
        .map(|(pk, p)| {
            let refs = p.spec.target_refs.iter();
            let targets = service_targets(
                pk,
                refs.map(|t| (t.group.as_str(), t.kind.as_str(), t.name.as_str())),
            );
            (pk, p, targets)
        })
        .collect();
    let mut traffic: Vec<(&ObjectKey, &_, Vec<ObjectKey>)> = ctx
        .snap
        .backend_traffic_policies
        .iter()
        .map(|(pk, p)| {
            let refs = p.spec.target_refs.iter();
            let targets = service_targets(
                pk,
                refs.map(|t| (t.group.as_str(), t.kind.as_str(), t.name.as_str())),
            );
            (pk, p, targets)
        })
        .collect();
    // Services some policy targets: only those matter below.
    let targeted: BTreeSet<&ObjectKey> = tls_policies
        .iter()
        .map(|x| &x.2)
        .chain(traffic.iter().map(|x| &x.2))
        .flatten()
        .collect();
    // Targeted Services each Gateway sends traffic to.
    let mut gateway_services: BTreeMap<ObjectKey, BTreeSet<ObjectKey>> = BTreeMap::new();
    if !targeted.is_empty() {
        for (gk, eg) in &out.effective {
            let set = gateway_services.entry(gk.clone()).or_default();
            let mut add = |service: &ObjectKey| {
                if targeted.contains(service) && !set.contains(service) {
                    set.insert(service.clone());
                }
            };
            for l in &eg.listeners {
                for r in &l.routes {
                    match &*r.rules {
                        EffectiveRules::Http(rules) => {
                            for x in rules {
                                x.backends.iter().for_each(|b| add(&b.service));
                                x.filters
                                    .iter()
                                    .filter_map(|f| f.mirror.as_ref())
                                    .for_each(|b| add(&b.service));
                            }
                        }
                        EffectiveRules::Grpc(rules) => {
                            for x in rules {
                                x.backends.iter().for_each(|b| add(&b.service));
                            }
                        }
                        EffectiveRules::L4(rules) => {
                            for x in rules {
                                x.backends.iter().for_each(|b| add(&b.service));
                            }
                        }
                    }
                }
            }
        }
    }
    let ancestor = |gk: &ObjectKey| ParentReference {
        group: Some(GATEWAY_GROUP.to_owned()),
        kind: Some("Gateway".to_owned()),
        name: gk.name.clone(),
        namespace: Some(gk.namespace.clone()),
        port: None,
        section_name: None,
    };

    // BackendTLSPolicy: conflicts among policies targeting one Service (and section): the
    // oldest, then `{namespace}/{name}`, wins.
    tls_policies.sort_by(|a, b| age_cmp(&a.1.metadata, &b.1.metadata));
    let mut taken: BTreeSet<(ObjectKey, Option<String>)> = BTreeSet::new();
    for (pk, p, targets) in tls_policies {
        let g = generation(&p.metadata);
        let conflicted = p
            .spec
            .target_refs
            .iter()
            .filter(|t| t.group.is_empty() && t.kind == "Service")
            .map(|t| {
                (
                    ObjectKey::new(&pk.namespace, &t.name),
                    t.section_name.clone(),
                )
            })
            .fold(false, |acc, k| {
                // Every target is recorded, even after the first clash.
                let fresh = taken.insert(k);
                acc | !fresh
            });
        // "caCertificateRefs are LocalObjectReference (same-namespace only)".
        let mut valid = 0;
        let mut first: Option<Reason> = None;
        for r in p.spec.validation.ca_certificate_refs.iter().flatten() {
            let problem = if !r.group.is_empty() || (r.kind != "ConfigMap" && r.kind != "Secret") {
                Some((
                    "InvalidKind",
                    format!(
                        "CA certificate kind {}/{} is not supported",
                        r.group, r.kind
                    ),
                ))
            } else {
                let obj = ObjectReference {
                    group: r.group.clone(),
                    kind: r.kind.clone(),
                    name: r.name.clone(),
                    namespace: None,
                };
                ca_ref_problem(ctx, "BackendTLSPolicy", &pk.namespace, &obj).map(|_| {
                    (
                        "InvalidCACertificateRef",
                        format!(
                            "{} {}/{} does not exist or holds no PEM CA certificate",
                            r.kind, pk.namespace, r.name
                        ),
                    )
                })
            };
            match problem {
                None => valid += 1,
                Some(pr) => {
                    first.get_or_insert(pr);
                }
            }
        }
        let well_known = p.spec.validation.well_known_ca_certificates.is_some();
        let mut fresh = Vec::new();
        if conflicted {
            fresh.push(ctx.cond(
                "Accepted",
                false,
                "Conflicted",
                "another BackendTLSPolicy targets the same Service",
                g,
            ));
        } else if first.is_some() && valid == 0 && !well_known {
            fresh.push(ctx.cond(
                "Accepted",
                false,
                "NoValidCACertificate",
                "no valid CA certificate",
                g,
            ));
        } else {
            fresh.push(ctx.cond("Accepted", true, "Accepted", "policy accepted", g));
        }
        match &first {
            Some((r, m)) => fresh.push(ctx.cond("ResolvedRefs", false, *r, m.clone(), g)),
            None => fresh.push(ctx.cond(
                "ResolvedRefs",
                true,
                "ResolvedRefs",
                "all references resolved",
                g,
            )),
        }
        let status = policy_status(
            opts,
            p.status.as_ref(),
            &gateway_services,
            &targets,
            &fresh,
            &ancestor,
        );
        if let Some(s) = status {
            out.backend_tls_policies.insert(pk.clone(), s);
        }
    }

    traffic.sort_by(|a, b| age_cmp(&a.1.metadata, &b.1.metadata));
    let mut taken: BTreeSet<ObjectKey> = BTreeSet::new();
    for (pk, p, targets) in traffic {
        let g = generation(&p.metadata);
        let conflicted = targets.iter().fold(false, |acc, t| {
            let fresh = taken.insert(t.clone());
            acc | !fresh
        });
        let fresh = vec![if conflicted {
            ctx.cond(
                "Accepted",
                false,
                "Conflicted",
                "another XBackendTrafficPolicy targets the same Service",
                g,
            )
        } else {
            ctx.cond("Accepted", true, "Accepted", "policy accepted", g)
        }];
        if let Some(s) = policy_status(
            opts,
            p.status.as_ref(),
            &gateway_services,
            &targets,
            &fresh,
            &ancestor,
        ) {
            out.backend_traffic_policies.insert(pk.clone(), s);
        }
    }
}

fn policy_status(
    opts: &Options,
    existing: Option<&PolicyStatus>,
    gateway_services: &BTreeMap<ObjectKey, BTreeSet<ObjectKey>>,
    targets: &[ObjectKey],
    fresh: &[Condition],
    ancestor: &dyn Fn(&ObjectKey) -> ParentReference,
) -> Option<PolicyStatus> {
    let mut ours = Vec::new();
    for (gk, services) in gateway_services {
        if !targets.iter().any(|t| services.contains(t)) {
            continue;
        }
        let a = ancestor(gk);
        let ex = existing.and_then(|s| {
            s.ancestors
                .iter()
                .find(|e| e.controller_name == opts.controller_name && e.ancestor_ref == a)
        });
        let conditions = merge_conditions(
            ex.map(|e| e.conditions.as_slice()).unwrap_or_default(),
            fresh.to_vec(),
            &["Accepted", "ResolvedRefs"],
        );
        ours.push(PolicyAncestorStatus {
            ancestor_ref: a,
            conditions,
            controller_name: opts.controller_name.clone(),
        });
    }
    let had_ours = existing.is_some_and(|s| {
        s.ancestors
            .iter()
            .any(|e| e.controller_name == opts.controller_name)
    });
    if ours.is_empty() && !had_ours {
        return None;
    }
    let mut ancestors: Vec<PolicyAncestorStatus> = existing
        .map(|s| {
            s.ancestors
                .iter()
                .filter(|e| e.controller_name != opts.controller_name)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    ancestors.extend(ours);
    // "≤16 ancestors".
    ancestors.truncate(16);
    Some(PolicyStatus { ancestors })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(value: &str) -> HttpRouteMatch {
        HttpRouteMatch {
            path: Some(HttpPathMatch {
                r#type: None,
                value: Some(value.to_owned()),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn interned_lists_are_shared_and_never_confused() {
        // More distinct lists than slots, so that slots are shared and replaced; the same list
        // twice in a row is one list.
        let written: Vec<Vec<HttpRouteMatch>> = (0..3 * INTERNED_SLOTS)
            .map(|i| vec![path(&format!("/p{i}")), path("/health")])
            .collect();
        let interned = Interned::new();
        let make = |w: &[HttpRouteMatch]| w.iter().map(default_http_match).collect();
        for w in &written {
            let first = interned.get(w, make);
            let again = interned.get(w, make);
            assert!(Arc::ptr_eq(&first, &again));
            assert_eq!(*first, *make(w));
        }
        // Equal lists written by different rules share too.
        let copy = written[7].clone();
        let a = interned.get(&written[7], make);
        let b = interned.get(&copy, make);
        assert!(Arc::ptr_eq(&a, &b));
        // After every other list went through, each list still comes out as made from itself.
        for w in written.iter().rev() {
            assert_eq!(*interned.get(w, make), *make(w));
        }
    }
}

//! Route attachment: which listeners of which Gateway one parentRef attaches to, or why it
//! attaches to none (`NoMatchingParent`, `NotAllowedByListeners`,
//! `NoMatchingListenerHostname`).

use std::cell::OnceCell;
use std::sync::Arc;

use smallvec::SmallVec;

use gateway_api_types::conditions::RouteAcceptedReason as Accepted;
use gateway_api_types::model::{FromNamespaces, LabelSelector, ParentReference};

use super::AnyRoute;
use crate::conditions::{Reason, reason};
use crate::context::Ctx;
use crate::deps::{Dep, Deps};
use crate::gateway::Frame;
use crate::hostname::{Intersection, intersect_all};
use crate::refs::GATEWAY_GROUP;
use crate::selectors::labels_match;
use crate::{ListenerSource, ObjectKey, RouteKind};

/// A listener a parentRef attaches to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Attached {
    /// The listener's index in its Gateway's frame.
    pub(crate) listener: usize,
    /// The intersected hostnames on the listener.
    pub(crate) hostnames: Arc<[String]>,
    /// Arbitration took the listener away (an older route of the other kind claims it).
    pub(crate) dropped: bool,
}

/// The listeners one parentRef attaches to: most attach to one or two.
pub(crate) type AttachedList = SmallVec<[Attached; 2]>;

/// A route's parentRefs' slots (`None` for a parent that is not ours): most routes have one.
pub(crate) type Slots = SmallVec<[Option<Slot>; 1]>;

/// One parentRef of a route that names a Gateway of ours (directly or through a
/// ListenerSet).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Slot {
    /// The Gateway, its key shared with the resolver's state of it.
    pub(crate) gateway: Arc<ObjectKey>,
    /// The parentRef for the status entry, shared with other routes' equal parentRefs.
    pub(crate) parent_ref: Arc<ParentReference>,
    /// The listeners it attaches to, or why none.
    pub(crate) attachment: Result<AttachedList, Reason>,
}

impl Slot {
    /// Why the parentRef is not accepted, counting arbitration: every listener taken away.
    pub(crate) fn refused(&self) -> Option<Reason> {
        match &self.attachment {
            Err(r) => Some(r.clone()),
            Ok(a) if a.iter().all(|a| a.dropped) => Some(reason(
                Accepted::NotAllowedByListeners,
                "an older route of another kind (HTTPRoute or GRPCRoute) claims these hostnames on the listener",
            )),
            Ok(_) => None,
        }
    }
}

/// A route being attached, with what its parentRefs share.
pub(crate) struct Attaching<'r> {
    pub(crate) route: &'r AnyRoute,
    pub(crate) key: &'r ObjectKey,
    /// Its hostnames as the hostname list of its effective routes, made when a listener
    /// first keeps them as they are.
    pub(crate) shared_hostnames: OnceCell<Arc<[String]>>,
}

/// What attaching reuses from one parentRef to the next: a key to find Gateways with, and the
/// outcome of listeners' namespace selectors for the namespace of the routes being attached.
///
/// Routes of one kind come in namespace order, and every route of a namespace asks the same
/// few selectors (Gateways repeat them) about the same labels: each distinct selector, by its
/// number ([`crate::sharing::SelectorNumbers`]), is evaluated once per run of routes in one
/// namespace. [`AttachScratch::forget`] whenever Namespaces may have changed.
#[derive(Default)]
pub(crate) struct AttachScratch {
    key: ObjectKey,
    /// The namespace the results are for.
    namespace: String,
    /// Per selector number: whether the namespace satisfies it.
    results: Vec<(u32, bool)>,
}

impl AttachScratch {
    /// Forgets every outcome (Namespaces may have changed since).
    pub(crate) fn forget(&mut self) {
        self.namespace.clear();
        self.results.clear();
    }

    /// Whether namespace `ns` satisfies `selector` (numbered `number`, if at all), evaluated
    /// once per namespace run and number.
    fn selects(
        &mut self,
        ctx: &Ctx<'_>,
        selector: &LabelSelector,
        number: Option<u32>,
        ns: &str,
    ) -> bool {
        let evaluate = || labels_match(selector, &ctx.lookups.labels(ns));
        let Some(number) = number else {
            return evaluate();
        };
        if self.namespace != ns {
            self.namespace.clear();
            self.namespace.push_str(ns);
            self.results.clear();
        }
        if let Some(&(_, r)) = self.results.iter().find(|(n, _)| *n == number) {
            return r;
        }
        let r = evaluate();
        self.results.push((number, r));
        r
    }
}

/// The Gateway a parentRef names (directly, or as the parent of the ListenerSet it names),
/// written into `gk` (a key reused from parentRef to parentRef, so that finding the Gateway
/// allocates nothing), and the listener source it restricts to. `None`: not a parent kind we
/// serve.
fn named_gateway(
    ctx: &Ctx<'_>,
    route_ns: &str,
    pr: &ParentReference,
    gk: &mut ObjectKey,
    deps: &mut Deps,
) -> Option<ListenerSource> {
    let mut set = |namespace: &str, name: &str| {
        gk.namespace.clear();
        gk.namespace.push_str(namespace);
        gk.name.clear();
        gk.name.push_str(name);
    };
    let group = pr.group.as_deref().unwrap_or(GATEWAY_GROUP);
    let kind = pr.kind.as_deref().unwrap_or("Gateway");
    if group != GATEWAY_GROUP {
        return None;
    }
    let ns = pr.namespace.as_deref().unwrap_or(route_ns);
    match kind {
        "Gateway" => {
            set(ns, &pr.name);
            deps.add(|| Dep::Gateway(gk.clone()));
            Some(ListenerSource::Gateway)
        }
        "ListenerSet" => {
            let lk = ObjectKey::new(ns, &pr.name);
            deps.add(|| Dep::ListenerSet(lk.clone()));
            let ls = ctx.snap.listener_sets.get(&lk)?;
            let p = &ls.spec.parent_ref;
            set(p.namespace.as_deref().unwrap_or(ns), &p.name);
            deps.add(|| Dep::Gateway(gk.clone()));
            Some(ListenerSource::ListenerSet(lk))
        }
        _ => None,
    }
}

/// Attachment of one parentRef. `None`: the parent is not ours (or not a kind we serve), so
/// we write no entry for it. `frame` finds the frames of our Gateways, with their shared
/// keys.
pub(crate) fn attach<'f>(
    ctx: &Ctx<'_>,
    frame: impl Fn(&ObjectKey) -> Option<(&'f Arc<ObjectKey>, &'f Frame)>,
    r: &Attaching<'_>,
    pr: &ParentReference,
    scratch: &mut AttachScratch,
    deps: &mut Deps,
) -> Option<Slot> {
    let route_ns = r.key.namespace.as_str();
    let kind = r.route.kind();
    let source = named_gateway(ctx, route_ns, pr, &mut scratch.key, deps)?;
    let (gk, st) = frame(&scratch.key)?;
    let parent_ref = ctx.shared.parent_ref(gk, pr);
    let slot = |attachment| Slot {
        gateway: Arc::clone(gk),
        parent_ref: Arc::clone(&parent_ref),
        attachment,
    };
    if let ListenerSource::ListenerSet(lk) = &source
        && !st.sets.iter().any(|s| s.key == *lk && s.allowed)
    {
        return Some(slot(Err(reason(
            Accepted::NoMatchingParent,
            format!("ListenerSet {lk} is not attached to its Gateway"),
        ))));
    }
    // "sectionName = listener name … `port` … targets all listeners on that port …; with both
    // set the listener must match both." The reason reported is the first check that leaves
    // no listener: sectionName/port, then kind and namespace, then hostname.
    let mut any_candidate = false;
    let mut any_allowed = false;
    let mut attached = AttachedList::new();
    let hostnames = r.route.hostnames();
    for (i, l) in st.listeners.iter().enumerate() {
        if l.owner.source != source
            || pr.section_name.as_deref().is_some_and(|s| s != l.l.name)
            || pr.port.is_some_and(|p| p != l.l.port)
        {
            continue;
        }
        any_candidate = true;
        if !l.kinds.contains(&kind) {
            continue;
        }
        let ns_cfg =
            l.l.allowed_routes
                .as_ref()
                .and_then(|a| a.namespaces.as_ref());
        let from = ns_cfg.and_then(|n| n.from.as_ref());
        let ns_allowed = match from.unwrap_or(&FromNamespaces::Same) {
            FromNamespaces::All => true,
            FromNamespaces::Same => route_ns == l.owner.namespace,
            FromNamespaces::Selector => {
                deps.add(|| Dep::Namespace(route_ns.to_owned()));
                ns_cfg
                    .and_then(|n| n.selector.as_ref())
                    .filter(|_| l.selector_ok)
                    .is_some_and(|s| scratch.selects(ctx, s, l.selector_number, route_ns))
            }
            _ => false,
        };
        if !ns_allowed {
            continue;
        }
        any_allowed = true;
        let hostnames = if matches!(kind, RouteKind::Tcp | RouteKind::Udp) {
            Arc::clone(&ctx.shared.no_hostnames)
        } else {
            match intersect_all(l.l.hostname.as_deref(), hostnames) {
                Intersection::Nothing => continue,
                Intersection::Route if hostnames.is_empty() => Arc::clone(&ctx.shared.no_hostnames),
                Intersection::Route => Arc::clone(r.shared_hostnames.get_or_init(|| {
                    ctx.shared
                        .hostnames
                        .get(hostnames, |written| written.iter().cloned().collect())
                })),
                Intersection::Listener => Arc::clone(&l.hostname_only),
                Intersection::Other(h) => h.into(),
            }
        };
        attached.push(Attached {
            listener: i,
            hostnames,
            dropped: false,
        });
    }
    if !any_candidate {
        return Some(slot(Err(reason(
            Accepted::NoMatchingParent,
            "no listener matches the parentRef's sectionName and port",
        ))));
    }
    if !any_allowed {
        return Some(slot(Err(reason(
            Accepted::NotAllowedByListeners,
            "no listener allows this route's kind and namespace",
        ))));
    }
    if attached.is_empty() {
        return Some(slot(Err(reason(
            Accepted::NoMatchingListenerHostname,
            "no listener hostname intersects the route's hostnames",
        ))));
    }
    Some(slot(Ok(attached)))
}

//! The passes of [`Resolver::recompute`], in the order they depend on each other (see the
//! module documentation).

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use gateway_api_types::model::RouteStatus;

use super::delta::{Journal, Status};
use super::order::RouteOrder;
use super::patch::{Placement, effective_route, placement};
use super::{Dirty, GatewayState, Resolver, RouteId, RouteState};
use crate::deps::{Dep, Deps};
use crate::gateway::{assemble, build_frame};
use crate::routes::arbitration::{self, Claim};
use crate::routes::attachment::{Attaching, Slots, attach};
use crate::routes::status::route_status;
use crate::routes::view::view;
use crate::routes::{AnyRoute, with_route};
use crate::{EffectiveRoute, ObjectKey, ObjectKind, RouteKind};

/// A route's entry on one listener: its kind, which route, parentRef and attachment entry.
/// Built by walking the Gateway's routes in the spec's order, so each listener's list is in
/// that order without sorting.
type Entry = (RouteKind, RouteId, usize, usize);

impl Resolver {
    /// Recomputes what `dirty` marks; what it replaces goes to `journal`.
    pub(super) fn recompute(&mut self, mut dirty: Dirty, journal: &mut Journal) {
        self.work = super::Work::default();
        // Frames and Namespaces may have changed: the selectors' outcomes are recomputed.
        self.scratch.forget();
        if dirty.classes {
            self.classes_pass(&mut dirty, journal);
        }
        let mut assemble: BTreeSet<ObjectKey> = BTreeSet::new();
        for gk in std::mem::take(&mut dirty.gateways) {
            self.work.gateway_frames += 1;
            self.frame_pass(&gk, &mut dirty, &mut assemble, journal);
        }
        let mut statuses: Vec<RouteId> = Vec::new();
        let mut patch: BTreeMap<ObjectKey, Vec<RouteId>> = BTreeMap::new();
        // A whole snapshot taken into an empty table where HTTPRoutes and GRPCRoutes cannot
        // meet on a listener: no arbitration will change a route's outcome after its
        // attachment, so its status is computed right then (see below).
        let single_kind = self.snap.http_routes.is_empty() || self.snap.grpc_routes.is_empty();
        let early_statuses = dirty.all_routes && single_kind && self.out.routes.is_empty();
        if dirty.all_routes {
            // Each route is viewed, attached and (when it can be) given its status in one
            // visit, while its objects are in the cache: the snapshot's routes are scattered
            // over the heap, and every further pass over them fetches them again. (The
            // snapshot's clone shares its maps.)
            let snap = self.snap.clone();
            let mut early = Vec::with_capacity(if early_statuses {
                self.routes.capacity()
            } else {
                0
            });
            for (key, route) in AnyRoute::all(&snap) {
                self.work.route_views += 1;
                let id = self.install_view(None, Arc::new(key.clone()), route);
                self.work.route_attachments += 1;
                self.attach_pass(id, true, &mut assemble, &mut patch);
                if early_statuses {
                    self.work.route_statuses += 1;
                    if let Some(entry) = self.route_status_entry(id) {
                        early.push(entry);
                    }
                } else {
                    statuses.push(id);
                }
            }
            if early_statuses {
                // In the result map's key order already (kinds, then keys, as the snapshot
                // holds them): the map is built in one go.
                self.out.routes = early.into_iter().collect();
            }
        }
        for (kind, key) in std::mem::take(&mut dirty.views) {
            self.work.route_views += 1;
            self.view_pass(kind, key, &mut dirty, &mut assemble, journal);
        }
        if dirty.all_routes {
            for g in self.gateways.values_mut() {
                let arriving = std::mem::take(&mut g.arriving);
                if g.routes.is_empty() {
                    g.routes = arriving.into_iter().collect();
                } else {
                    g.routes.extend(arriving);
                }
            }
        }
        for id in std::mem::take(&mut dirty.attach) {
            self.work.route_attachments += 1;
            self.attach_pass(id, false, &mut assemble, &mut patch);
            statuses.push(id);
        }
        for (gk, ids) in patch {
            if assemble.contains(&gk) {
                continue;
            }
            self.work.gateway_patches += 1;
            dirty.policies = true;
            if !self.patch_pass(&gk, &ids, journal) {
                assemble.insert(gk);
            }
        }
        // Arbitration can change outcomes only where both kinds meet, or where an earlier
        // arbitration took listeners away (routes held before this change).
        let may_flip = !(dirty.all_routes && single_kind);
        for gk in &assemble {
            self.work.gateway_assemblies += 1;
            self.assemble_pass(gk, may_flip, &mut statuses, journal);
            dirty.policies = true;
        }
        statuses.sort_unstable();
        statuses.dedup();
        self.work.route_statuses += statuses.len();
        if dirty.all_routes && !early_statuses {
            self.route_statuses_at_once(&statuses);
        } else {
            for id in statuses {
                self.route_status_pass(id, journal);
            }
        }
        if dirty.policies {
            self.policies_pass(journal);
        }
    }

    fn set_status(
        &mut self,
        journal: &mut Journal,
        kind: ObjectKind,
        key: &ObjectKey,
        status: Option<Status>,
    ) {
        journal.status(&self.out, kind, key);
        let out = &mut self.out;
        match (kind, status) {
            (ObjectKind::GatewayClass, Some(Status::GatewayClass(s))) => {
                out.gateway_classes.insert(key.clone(), s);
            }
            (ObjectKind::GatewayClass, _) => {
                out.gateway_classes.remove(key);
            }
            (ObjectKind::Gateway, Some(Status::Gateway(s))) => {
                out.gateways.insert(key.clone(), s);
            }
            (ObjectKind::Gateway, _) => {
                out.gateways.remove(key);
            }
            (ObjectKind::ListenerSet, Some(Status::ListenerSet(s))) => {
                out.listener_sets.insert(key.clone(), s);
            }
            (ObjectKind::ListenerSet, _) => {
                out.listener_sets.remove(key);
            }
            (ObjectKind::BackendTlsPolicy, Some(Status::Policy(s))) => {
                out.backend_tls_policies.insert(key.clone(), s);
            }
            (ObjectKind::BackendTlsPolicy, _) => {
                out.backend_tls_policies.remove(key);
            }
            (ObjectKind::XBackendTrafficPolicy, Some(Status::Policy(s))) => {
                out.backend_traffic_policies.insert(key.clone(), s);
            }
            (ObjectKind::XBackendTrafficPolicy, _) => {
                out.backend_traffic_policies.remove(key);
            }
            (other, status) => {
                if let Some(rk) = other.route_kind() {
                    match status {
                        Some(Status::Route(s)) => {
                            out.routes.insert((rk, key.clone()), s);
                        }
                        _ => {
                            out.routes.remove(&(rk, key.clone()));
                        }
                    }
                }
            }
        }
    }

    /// GatewayClasses: all of them (there are few); Gateways whose class joined or left our
    /// controller are marked.
    fn classes_pass(&mut self, dirty: &mut Dirty, journal: &mut Journal) {
        let ctx = self.ctx();
        let mut classes = BTreeSet::new();
        let mut statuses = Vec::new();
        for (key, gc) in self.snap.gateway_classes.iter() {
            if gc.spec.controller_name == self.options.controller_name {
                classes.insert(key.name.clone());
                statuses.push((key.clone(), crate::gateway_class::class_status(&ctx, gc)));
            }
        }
        let gone: Vec<ObjectKey> = self
            .out
            .gateway_classes
            .keys()
            .filter(|k| !classes.contains(&k.name))
            .cloned()
            .collect();
        for k in gone {
            self.set_status(journal, ObjectKind::GatewayClass, &k, None);
        }
        for (k, s) in statuses {
            if self.out.gateway_classes.get(&k) != Some(&s) {
                self.set_status(
                    journal,
                    ObjectKind::GatewayClass,
                    &k,
                    Some(Status::GatewayClass(s)),
                );
            }
        }
        for name in classes.symmetric_difference(&self.classes) {
            if let Some(gws) = self.gateways_by_class.get(name) {
                dirty.gateways.extend(gws.iter().cloned());
            }
        }
        self.classes = classes;
    }

    /// A Gateway's frame; routes naming it are marked when it changed.
    fn frame_pass(
        &mut self,
        gk: &ObjectKey,
        dirty: &mut Dirty,
        assemble: &mut BTreeSet<ObjectKey>,
        journal: &mut Journal,
    ) {
        let gw = self
            .snap
            .gateways
            .get(gk)
            .filter(|g| self.classes.contains(&g.spec.gateway_class_name))
            .cloned();
        let Some(gw) = gw else {
            // Not ours (any more).
            if let Some(old) = self.gateways.remove(gk) {
                self.graph.remove_gateway(gk, &old.deps);
                dirty
                    .attach
                    .extend(self.graph.routes_of(&Dep::Gateway(gk.clone())));
                dirty.attach.extend(old.routes.values().copied());
                self.set_status(journal, ObjectKind::Gateway, gk, None);
                journal.effective(&self.out, gk);
                self.out.effective.remove(gk);
                for s in &old.frame.sets {
                    if self.set_owner.get(&s.key) == Some(gk) {
                        self.set_owner.remove(&s.key);
                        self.set_status(journal, ObjectKind::ListenerSet, &s.key, None);
                    }
                }
                dirty.policies = true;
            }
            return;
        };
        let mut deps = Deps::new(self.graph.off);
        let frame = {
            let ctx = self.ctx();
            let sets = self
                .sets_by_parent
                .get(gk)
                .into_iter()
                .flatten()
                .filter_map(|k| Some((k.clone(), Arc::clone(self.snap.listener_sets.get(k)?))));
            build_frame(&ctx, gk, &gw, sets, &mut deps)
        };
        let deps = deps.finish();
        let changed = match self.gateways.get_mut(gk) {
            Some(old) => {
                let changed = !old.frame.same_attachment(&frame);
                self.graph.remove_gateway(gk, &old.deps);
                old.frame = frame;
                old.deps = deps.clone();
                changed
            }
            None => {
                self.gateways.insert(
                    gk.clone(),
                    GatewayState {
                        key: Arc::new(gk.clone()),
                        frame,
                        deps: deps.clone(),
                        routes: BTreeMap::new(),
                        arriving: Vec::new(),
                        services: None,
                        mixed: Vec::new(),
                        effective_index: Vec::new(),
                    },
                );
                true
            }
        };
        self.graph.add_gateway(gk, &deps);
        if changed {
            dirty
                .attach
                .extend(self.graph.routes_of(&Dep::Gateway(gk.clone())));
        }
        assemble.insert(gk.clone());
    }

    /// A route's view (or its removal).
    fn view_pass(
        &mut self,
        kind: RouteKind,
        key: ObjectKey,
        dirty: &mut Dirty,
        assemble: &mut BTreeSet<ObjectKey>,
        journal: &mut Journal,
    ) {
        let resource = self.snap.get(kind.into(), &key);
        let id = self.route_ids.get(kind, &key);
        let Some(route) = resource.as_ref().and_then(AnyRoute::of) else {
            // Deleted.
            if let Some(id) = id
                && let Some(old) = self.routes.get_mut(id as usize).and_then(Option::take)
            {
                self.graph.remove_route(id, &old.view_deps);
                self.graph.remove_route(id, &old.attach_deps);
                for gk in old.gateways() {
                    if let Some(g) = self.gateways.get_mut(gk) {
                        g.routes.remove(&old.order);
                        assemble.insert(gk.clone());
                    }
                }
                self.route_ids.remove(kind, &key);
                self.free_ids.push(id);
                dirty.attach.remove(&id);
                self.set_status(journal, kind.into(), &key, None);
            }
            return;
        };
        let id = self.install_view(id, Arc::new(key), route);
        dirty.attach.insert(id);
    }

    /// Computes a route's view and stores it, under `id` or, for a route new to the table,
    /// a new id; returns the id.
    fn install_view(
        &mut self,
        id: Option<RouteId>,
        key: Arc<ObjectKey>,
        route: AnyRoute,
    ) -> RouteId {
        let kind = route.kind();
        let mut deps = Deps::new(self.graph.off);
        let v = {
            let ctx = self.ctx();
            with_route!(&route, |r| view(&ctx, &**r, &mut deps))
        };
        let deps = deps.finish();
        let created = route.meta().creation_timestamp.as_ref().map(|t| t.0);
        let id = match id {
            Some(id) => {
                if let Some(Some(old)) = self.routes.get_mut(id as usize) {
                    self.graph.remove_route(id, &old.view_deps);
                    old.route = route;
                    old.created = created;
                    // Rules equal to the old ones stay the same `Arc` (a changed hostname or
                    // parentRef leaves them alone), so a `RouterCache` does not convert them.
                    let mut v = v;
                    if v.rules == old.view.rules {
                        v.rules = Arc::clone(&old.view.rules);
                    }
                    old.view = v;
                    old.view_deps = deps;
                }
                id
            }
            None => {
                let state = RouteState {
                    order: RouteOrder::new(created, &key, kind),
                    placed_invalid: false,
                    route,
                    key: Arc::clone(&key),
                    created,
                    view: v,
                    view_deps: deps,
                    slots: Slots::new(),
                    attach_deps: Deps::default(),
                };
                let id = match self.free_ids.pop() {
                    Some(id) => {
                        if let Some(slot) = self.routes.get_mut(id as usize) {
                            *slot = Some(state);
                        }
                        id
                    }
                    None => {
                        self.routes.push(Some(state));
                        u32::try_from(self.routes.len() - 1).unwrap_or(u32::MAX)
                    }
                };
                // A resolution computed once is never asked for a route by key.
                if !self.graph.off {
                    self.route_ids.insert(kind, key, id);
                }
                id
            }
        };
        if let Some(Some(state)) = self.routes.get(id as usize) {
            self.graph.add_route(id, &state.view_deps);
        }
        id
    }

    /// A route's attachment: its parentRefs' slots; the Gateways it left or joined are
    /// marked for assembly. `bulk`: the route is new, among every route of a snapshot taken
    /// in at once, and every Gateway of ours is assembled anyway.
    fn attach_pass(
        &mut self,
        id: RouteId,
        bulk: bool,
        assemble: &mut BTreeSet<ObjectKey>,
        patch: &mut BTreeMap<ObjectKey, Vec<RouteId>>,
    ) {
        let Some(Some(state)) = self.routes.get(id as usize) else {
            return;
        };
        let mut deps = Deps::new(self.graph.off);
        let mut scratch = std::mem::take(&mut self.scratch);
        let slots: Slots = {
            let ctx = self.ctx();
            let gateways = &self.gateways;
            let r = Attaching {
                route: &state.route,
                key: &state.key,
                shared_hostnames: OnceCell::new(),
            };
            state
                .route
                .parent_refs()
                .iter()
                .map(|pr| {
                    attach(
                        &ctx,
                        |gk| gateways.get(gk).map(|g| (&g.key, &g.frame)),
                        &r,
                        pr,
                        &mut scratch,
                        &mut deps,
                    )
                })
                .collect()
        };
        self.scratch = scratch;
        let deps = deps.finish();
        let placed_invalid = state.view.all_invalid();
        // A new route (bulk): the order its view recorded is current.
        let order = if bulk {
            state.order.clone()
        } else {
            RouteOrder::new(state.created, &state.key, state.route.kind())
        };
        if bulk {
            // It leaves no Gateway, and every Gateway of ours is assembled anyway. Each
            // Gateway it joins once, however many parentRefs name it.
            for (i, s) in slots.iter().enumerate() {
                let Some(s) = s else { continue };
                let seen = slots[..i].iter().flatten().any(|p| p.gateway == s.gateway);
                if !seen && let Some(g) = self.gateways.get_mut(&*s.gateway) {
                    g.arriving.push((order.clone(), id));
                }
            }
        } else {
            let old_gateways: BTreeSet<ObjectKey> = state.gateways().cloned().collect();
            let new_gateways: BTreeSet<ObjectKey> = slots
                .iter()
                .flatten()
                .map(|s| (*s.gateway).clone())
                .collect();
            let old_order = state.order.clone();
            for gk in old_gateways.union(&new_gateways) {
                if self.stays_in_place(state, &slots, &order, gk) {
                    patch.entry(gk.clone()).or_default().push(id);
                } else {
                    assemble.insert(gk.clone());
                }
            }
            for gk in &old_gateways {
                if let Some(g) = self.gateways.get_mut(gk) {
                    g.routes.remove(&old_order);
                }
            }
            for gk in &new_gateways {
                if let Some(g) = self.gateways.get_mut(gk) {
                    g.routes.insert(order.clone(), id);
                }
            }
        }
        self.graph.remove_route(id, &state.attach_deps);
        self.graph.add_route(id, &deps);
        if let Some(Some(state)) = self.routes.get_mut(id as usize) {
            state.order = order;
            state.slots = slots;
            state.attach_deps = deps;
            state.placed_invalid = placed_invalid;
        }
    }

    /// A Gateway's listeners with their routes, arbitration, statuses and effective
    /// configuration.
    ///
    /// `may_flip`: arbitration may change a route's outcome (else its walk is skipped: every
    /// route is new and only one of the two kinds exists).
    fn assemble_pass(
        &mut self,
        gk: &ObjectKey,
        may_flip: bool,
        statuses: &mut Vec<RouteId>,
        journal: &mut Journal,
    ) {
        let Some(g) = self.gateways.get(gk) else {
            return;
        };
        let n = g.frame.listeners.len();
        let mut per_listener: Vec<Vec<Entry>> = vec![Vec::new(); n];
        // Without a possible flip the lists stay empty: nothing to arbitrate, no walk.
        if may_flip {
            for &id in g.routes.values() {
                let Some(Some(r)) = self.routes.get(id as usize) else {
                    continue;
                };
                let kind = r.route.kind();
                for (si, slot) in r.slots.iter().enumerate() {
                    let Some(slot) = slot.as_ref().filter(|s| *s.gateway == *gk) else {
                        continue;
                    };
                    let Ok(atts) = &slot.attachment else {
                        continue;
                    };
                    for (ai, a) in atts.iter().enumerate() {
                        if let Some(list) = per_listener.get_mut(a.listener) {
                            list.push((kind, id, si, ai));
                        }
                    }
                }
            }
        }
        // Arbitration, listener by listener; outcomes that changed are written back.
        let mut flips: Vec<(RouteId, usize, usize, bool)> = Vec::new();
        // Listeners where HTTPRoutes and GRPCRoutes meet, and arbitration runs.
        let mixed: Vec<bool> = per_listener
            .iter()
            .map(|list| arbitration::needed(list.iter().map(|e| e.0)))
            .collect();
        for (list, &mixed) in per_listener.iter().zip(&mixed) {
            let state = |id: RouteId| self.routes.get(id as usize).and_then(Option::as_ref);
            let attached = |e: &Entry| {
                let r = state(e.1)?;
                let a = r
                    .slots
                    .get(e.2)?
                    .as_ref()?
                    .attachment
                    .as_ref()
                    .ok()?
                    .get(e.3)?;
                Some((r, a))
            };
            let dropped = if mixed {
                let claims: Vec<Claim<'_>> = list
                    .iter()
                    .filter_map(|e| {
                        let (r, a) = attached(e)?;
                        Some(Claim {
                            kind: e.0,
                            hostnames: &a.hostnames,
                            takes_part: r.view.claims(),
                        })
                    })
                    .collect();
                arbitration::dropped(&claims)
            } else {
                vec![false; list.len()]
            };
            for (e, d) in list.iter().zip(dropped) {
                if attached(e).is_some_and(|(_, a)| a.dropped != d) {
                    flips.push((e.1, e.2, e.3, d));
                }
            }
        }
        for (id, si, ai, d) in flips {
            if let Some(Some(r)) = self.routes.get_mut(id as usize)
                && let Some(Some(slot)) = r.slots.get_mut(si)
                && let Ok(atts) = &mut slot.attachment
                && let Some(a) = atts.get_mut(ai)
            {
                a.dropped = d;
                statuses.push(id);
            }
        }
        // Each listener's accepted routes, once per route (its first parentRef reaching the
        // listener), in the spec's order.
        let mut routes: Vec<Vec<EffectiveRoute>> = per_listener
            .iter()
            .map(|list| Vec::with_capacity(list.len()))
            .collect();
        let mut placed = Placement::new();
        for &id in g.routes.values() {
            let Some(Some(r)) = self.routes.get(id as usize) else {
                continue;
            };
            for (l, hostnames) in placement(&mut placed, &r.slots, r.view.all_invalid(), gk) {
                if let Some(list) = routes.get_mut(*l) {
                    list.push(effective_route(r, Arc::clone(hostnames)));
                }
            }
        }
        self.work.routes_placed += routes.iter().map(Vec::len).sum::<usize>();
        let assembled = assemble(&self.ctx(), gk, &g.frame, routes);
        let sets: Vec<ObjectKey> = g.frame.sets.iter().map(|s| s.key.clone()).collect();
        if self.out.gateways.get(gk) != Some(&assembled.status) {
            self.set_status(
                journal,
                ObjectKind::Gateway,
                gk,
                Some(Status::Gateway(assembled.status)),
            );
        }
        // ListenerSets this Gateway wrote before and no longer has.
        let gone: Vec<ObjectKey> = self
            .set_owner
            .iter()
            .filter(|(k, owner)| *owner == gk && !sets.contains(k))
            .map(|(k, _)| k.clone())
            .collect();
        for k in gone {
            self.set_owner.remove(&k);
            self.set_status(journal, ObjectKind::ListenerSet, &k, None);
        }
        for (k, s) in assembled.listener_sets {
            self.set_owner.insert(k.clone(), gk.clone());
            if self.out.listener_sets.get(&k) != Some(&s) {
                self.set_status(
                    journal,
                    ObjectKind::ListenerSet,
                    &k,
                    Some(Status::ListenerSet(s)),
                );
            }
        }
        if let Some(g) = self.gateways.get_mut(gk) {
            g.mixed = mixed;
            g.effective_index = assembled.effective_index;
        }
        if self.out.effective.get(gk) != Some(&assembled.effective) {
            journal.effective(&self.out, gk);
            self.out.effective.insert(gk.clone(), assembled.effective);
            if let Some(g) = self.gateways.get_mut(gk) {
                g.services = None;
            }
        }
    }

    fn route_status_pass(&mut self, id: RouteId, journal: &mut Journal) {
        let Some(Some(r)) = self.routes.get(id as usize) else {
            return;
        };
        let status = route_status(&self.ctx(), &r.route, &r.view, &r.slots);
        let (kind, key) = (r.route.kind(), Arc::clone(&r.key));
        if self.out.routes.get(&(kind, (*key).clone())) != status.as_ref() {
            self.set_status(journal, kind.into(), &key, status.map(Status::Route));
        }
    }

    /// The status of a route as an entry of the result's map, or `None` when it has none.
    fn route_status_entry(&self, id: RouteId) -> Option<((RouteKind, ObjectKey), RouteStatus)> {
        let r = self.routes.get(id as usize)?.as_ref()?;
        let status = route_status(&self.ctx(), &r.route, &r.view, &r.slots)?;
        Some(((r.route.kind(), (*r.key).clone()), status))
    }

    /// The statuses of routes new to an empty result (a whole snapshot taken in): the
    /// result's map built in one go (from keys in its order) rather than entry by entry.
    fn route_statuses_at_once(&mut self, ids: &[RouteId]) {
        let out: Vec<_> = ids
            .iter()
            .filter_map(|&id| self.route_status_entry(id))
            .collect();
        self.out.routes = out.into_iter().collect();
    }

    fn policies_pass(&mut self, journal: &mut Journal) {
        if self.snap.backend_tls_policies.is_empty()
            && self.snap.backend_traffic_policies.is_empty()
            && self.out.backend_tls_policies.is_empty()
            && self.out.backend_traffic_policies.is_empty()
        {
            return;
        }
        for (gk, g) in &mut self.gateways {
            if g.services.is_none() {
                g.services = Some(
                    self.out
                        .effective
                        .get(gk)
                        .map(crate::policies::services_of)
                        .unwrap_or_default(),
                );
            }
        }
        let services: BTreeMap<ObjectKey, BTreeSet<ObjectKey>> = self
            .gateways
            .iter()
            .map(|(k, g)| (k.clone(), g.services.clone().unwrap_or_default()))
            .collect();
        let out = crate::policies::policies(&self.ctx(), &services);
        for (kind, new, old) in [
            (
                ObjectKind::BackendTlsPolicy,
                out.backend_tls,
                self.out.backend_tls_policies.clone(),
            ),
            (
                ObjectKind::XBackendTrafficPolicy,
                out.backend_traffic,
                self.out.backend_traffic_policies.clone(),
            ),
        ] {
            for k in old.keys().filter(|k| !new.contains_key(*k)) {
                self.set_status(journal, kind, k, None);
            }
            for (k, s) in new {
                if old.get(&k) != Some(&s) {
                    self.set_status(journal, kind, &k, Some(Status::Policy(s)));
                }
            }
        }
    }
}

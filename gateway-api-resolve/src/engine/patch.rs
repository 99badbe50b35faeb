//! Where a route sits on a Gateway's listeners, and the fast path for a change that leaves it
//! there.
//!
//! Most route changes (a backend, a filter, a match, a hostname that still meets the same
//! listeners) leave the route on the same listeners at the same place in the spec's order.
//! Then the Gateway's status cannot change (it counts routes per listener), and neither can
//! any other route's; the listener's effective routes change in that route's entry only. The
//! fast path replaces that entry in place instead of assembling the Gateway again, so such a
//! change costs a lookup in the listener's routes rather than a walk through all of them.
//! Anything else (a route arriving or leaving a listener, its creation time changing, a
//! listener where HTTPRoutes and GRPCRoutes arbitrate hostnames) assembles the Gateway.

use std::sync::Arc;

use super::delta::{Journal, ListenerId};
use super::order::RouteOrder;
use super::{Resolver, RouteId, RouteState};
use crate::routes::attachment::Slot;
use crate::{EffectiveRoute, ObjectKey};

/// A route's listeners on one Gateway, each with its hostnames there (see [`placement`]).
pub(super) type Placement = Vec<(usize, Arc<[String]>)>;

/// The listeners (frame indices) of Gateway `gk` a route is placed on, each with its
/// hostnames there: per listener, the first attachment in parentRef order that is not
/// refused or dropped by arbitration, when the route has a valid rule left. Written into
/// `placed` (cleared first), a list the caller reuses from route to route.
pub(super) fn placement<'p>(
    placed: &'p mut Placement,
    slots: &[Option<Slot>],
    all_invalid: bool,
    gk: &ObjectKey,
) -> &'p Placement {
    placed.clear();
    if all_invalid {
        return placed;
    }
    for slot in slots.iter().flatten().filter(|s| *s.gateway == *gk) {
        let Ok(atts) = &slot.attachment else {
            continue;
        };
        if atts.iter().all(|a| a.dropped) {
            // Refused: every listener taken away by arbitration.
            continue;
        }
        for a in atts.iter().filter(|a| !a.dropped) {
            if !placed.iter().any(|(l, _)| *l == a.listener) {
                placed.push((a.listener, Arc::clone(&a.hostnames)));
            }
        }
    }
    placed
}

/// A route's entry on a listener.
pub(super) fn effective_route(r: &RouteState, hostnames: Arc<[String]>) -> EffectiveRoute {
    EffectiveRoute {
        kind: r.route.kind(),
        route: Arc::clone(&r.key),
        created: r.created,
        hostnames,
        rules: Arc::clone(&r.view.rules),
    }
}

impl Resolver {
    /// Whether a route's new attachment leaves it where it was on Gateway `gk`: the same
    /// place in the order, the same listeners, none of them arbitrating between kinds.
    pub(super) fn stays_in_place(
        &self,
        state: &RouteState,
        new_slots: &[Option<Slot>],
        new_order: &RouteOrder,
        gk: &ObjectKey,
    ) -> bool {
        let Some(g) = self.gateways.get(gk) else {
            return false;
        };
        // A Gateway never assembled (loading) has nothing to patch.
        if g.mixed.is_empty() || state.order != *new_order {
            return false;
        }
        let (mut b, mut a) = (Placement::new(), Placement::new());
        let before = placement(&mut b, &state.slots, state.placed_invalid, gk);
        let after = placement(&mut a, new_slots, state.view.all_invalid(), gk);
        before.len() == after.len()
            && before.iter().zip(after).all(|(b, a)| b.0 == a.0)
            && after
                .iter()
                .all(|(l, _)| g.mixed.get(*l).is_some_and(|mixed| !mixed))
    }

    /// Replaces the entries of routes that stayed in place on Gateway `gk`. Returns `false`
    /// when an entry is not where it should be, and the Gateway must be assembled instead.
    pub(super) fn patch_pass(
        &mut self,
        gk: &ObjectKey,
        ids: &[RouteId],
        journal: &mut Journal,
    ) -> bool {
        let Some(g) = self.gateways.get(gk) else {
            return true;
        };
        let mut replace: Vec<(usize, usize, EffectiveRoute)> = Vec::new();
        let mut placed = Placement::new();
        for &id in ids {
            let Some(Some(r)) = self.routes.get(id as usize) else {
                return false;
            };
            for (l, hostnames) in placement(&mut placed, &r.slots, r.view.all_invalid(), gk) {
                let Some(&Some(j)) = g.effective_index.get(*l) else {
                    // Not an effective listener: only counted, and the count is the same.
                    continue;
                };
                let Some(listener) = self.out.effective.get(gk).and_then(|e| e.listeners.get(j))
                else {
                    return false;
                };
                let Ok(pos) = listener.routes.binary_search_by(|e| {
                    RouteOrder::new(e.created, &e.route, e.kind).cmp(&r.order)
                }) else {
                    return false;
                };
                let new = effective_route(r, Arc::clone(hostnames));
                if listener.routes.get(pos) != Some(&new) {
                    replace.push((j, pos, new));
                }
            }
        }
        if let Some(g) = self.gateways.get_mut(gk) {
            // The route's backends may have changed: policies read them.
            g.services = None;
        }
        if replace.is_empty() {
            return true;
        }
        if let Some(e) = self.out.effective.get_mut(gk) {
            for (j, pos, new) in replace {
                if let Some(l) = e.listeners.get_mut(j)
                    && let Some(slot) = l.routes.get_mut(pos)
                {
                    *slot = new;
                    // Only entries that differ are replaced: the listener changed. Recorded
                    // by name rather than by copying the Gateway's configuration, which
                    // would cost what the fast path saves.
                    journal.listener(ListenerId {
                        gateway: gk.clone(),
                        source: l.source.clone(),
                        name: l.name.clone(),
                    });
                }
            }
        }
        true
    }
}

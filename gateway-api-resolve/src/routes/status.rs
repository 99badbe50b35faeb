//! A route's status: one entry per parentRef naming a Gateway of ours, merged with the
//! entries of other controllers.

use std::sync::Arc;

use gateway_api_types::conditions::{
    PARTIALLY_INVALID_DROPPED_RULE, RouteAcceptedReason as Accepted, RouteConditionType as T,
    RoutePartiallyInvalidReason as Partially, RouteResolvedRefsReason as Refs,
};
use gateway_api_types::model::{RouteParentStatus, RouteStatus};

use super::AnyRoute;
use super::attachment::Slot;
use super::view::RouteView;
use crate::conditions::{Conditions, generation};
use crate::context::Ctx;

/// The route's status, or `None` when it has no entry of ours, now or before.
pub(crate) fn route_status(
    ctx: &Ctx<'_>,
    route: &AnyRoute,
    v: &RouteView,
    slots: &[Option<Slot>],
) -> Option<RouteStatus> {
    let g = generation(route.meta());
    let now = &ctx.opts.now;
    let controller = &ctx.shared.controller;
    let existing = route.status();
    let all_invalid = v.all_invalid();
    let mut ours = Vec::with_capacity(slots.len());
    for slot in slots.iter().flatten() {
        let pr = &slot.parent_ref;
        let mut c = Conditions::new(now, g);
        let accepted = match slot.refused() {
            Some((reason, msg)) => {
                c.set(T::Accepted, false, reason, msg);
                false
            }
            None if all_invalid => {
                let msg = v
                    .invalid_rules
                    .iter()
                    .map(|r| r.1.clone())
                    .collect::<Vec<_>>()
                    .join("; ");
                c.set(T::Accepted, false, Accepted::UnsupportedValue, msg);
                false
            }
            None => {
                c.set(T::Accepted, true, Accepted::Accepted, "route accepted");
                true
            }
        };
        match &v.unresolved {
            Some((reason, msg)) => c.set(T::ResolvedRefs, false, reason.clone(), msg.clone()),
            None => c.set(
                T::ResolvedRefs,
                true,
                Refs::ResolvedRefs,
                "all references resolved",
            ),
        }
        // PartiallyInvalid "MUST NOT be set when route is fully valid, fully invalid or not
        // accepted; only ever True", and with dropped rules its message "MUST start
        // "Dropped Rule"".
        if accepted && !v.invalid_rules.is_empty() {
            let msg = v
                .invalid_rules
                .iter()
                .map(|(i, m)| format!("{PARTIALLY_INVALID_DROPPED_RULE} {i}: {m}"))
                .collect::<Vec<_>>()
                .join("; ");
            c.set(T::PartiallyInvalid, true, Partially::UnsupportedValue, msg);
        }
        let ex = existing.and_then(|s| {
            s.parents
                .iter()
                .find(|p| *p.controller_name == **controller && p.parent_ref == *pr)
        });
        let conditions = c.merge_into(
            ex.map(|e| e.conditions.as_slice()).unwrap_or_default(),
            &[
                T::Accepted.as_str(),
                T::ResolvedRefs.as_str(),
                T::PartiallyInvalid.as_str(),
            ],
        );
        ours.push(RouteParentStatus {
            conditions,
            controller_name: Arc::clone(controller),
            parent_ref: Arc::clone(pr),
        });
    }
    let had_ours =
        existing.is_some_and(|s| s.parents.iter().any(|p| *p.controller_name == **controller));
    if ours.is_empty() && !had_ours {
        return None;
    }
    // Other controllers' entries are kept as they are; ours follow, in parentRef order
    // (entries for parentRefs that no longer exist are dropped).
    let parents = match existing {
        Some(s) if !s.parents.is_empty() => {
            let mut parents: Vec<RouteParentStatus> = s
                .parents
                .iter()
                .filter(|p| *p.controller_name != **controller)
                .cloned()
                .collect();
            parents.extend(ours);
            parents
        }
        _ => ours,
    };
    Some(RouteStatus { parents })
}

//! ListenerSets: which ones a Gateway admits (`allowedListeners`), in what order their
//! listeners merge, and the ListenerSet's own status.

use std::sync::Arc;

use gateway_api_types::conditions::{
    ListenerSetAcceptedReason as Accepted, ListenerSetConditionType as T,
    ListenerSetProgrammedReason as Programmed,
};
use gateway_api_types::model::{ListenerNamespacesFrom, ListenerSetStatus, ListenerStatus};
use gateway_api_types::v1;

use crate::ObjectKey;
use crate::conditions::{Conditions, age_cmp};
use crate::context::Ctx;
use crate::deps::{Dep, Deps};
use crate::refs::GATEWAY_GROUP;
use crate::selectors::selector_matches;

/// A ListenerSet naming a Gateway as its parent.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SetEntry {
    pub(crate) key: ObjectKey,
    pub(crate) set: Arc<v1::ListenerSet>,
    /// Whether the Gateway's `allowedListeners` admits it.
    pub(crate) allowed: bool,
}

/// The Gateway a ListenerSet names as its parent, if it names one.
pub(crate) fn parent_of(key: &ObjectKey, set: &v1::ListenerSet) -> Option<ObjectKey> {
    let p = &set.spec.parent_ref;
    (p.group.as_deref().unwrap_or(GATEWAY_GROUP) == GATEWAY_GROUP
        && p.kind.as_deref().unwrap_or("Gateway") == "Gateway")
        .then(|| ObjectKey::new(p.namespace.as_deref().unwrap_or(&key.namespace), &p.name))
}

/// The ListenerSets of Gateway `gw` (among `candidates`, those naming it), with whether it
/// admits each, in merge order: "parent Gateway, then ListenerSets by creation time, then
/// `{namespace}/{name}`".
pub(crate) fn sets_of(
    ctx: &Ctx<'_>,
    key: &ObjectKey,
    gw: &v1::Gateway,
    candidates: impl Iterator<Item = (ObjectKey, Arc<v1::ListenerSet>)>,
    deps: &mut Deps,
) -> Vec<SetEntry> {
    let an = gw
        .spec
        .allowed_listeners
        .as_ref()
        .and_then(|a| a.namespaces.as_ref());
    let from = an
        .and_then(|n| n.from.clone())
        .unwrap_or(ListenerNamespacesFrom::None);
    let mut sets: Vec<SetEntry> = candidates
        .filter(|(lk, ls)| parent_of(lk, ls).as_ref() == Some(key))
        .map(|(lk, set)| {
            let allowed = match &from {
                ListenerNamespacesFrom::All => true,
                ListenerNamespacesFrom::Same => lk.namespace == key.namespace,
                ListenerNamespacesFrom::Selector => {
                    deps.add(|| Dep::Namespace(lk.namespace.clone()));
                    an.and_then(|n| n.selector.as_ref())
                        .is_some_and(|s| selector_matches(s, &ctx.lookups.labels(&lk.namespace)))
                }
                _ => false,
            };
            SetEntry {
                key: lk,
                set,
                allowed,
            }
        })
        .collect();
    sets.sort_by(|a, b| age_cmp(&a.set.metadata, &b.set.metadata));
    sets
}

/// What a ListenerSet's status depends on besides its own listeners.
pub(crate) struct SetContext<'a> {
    pub(crate) now: &'a k8s_openapi::apimachinery::pkg::apis::meta::v1::Time,
    /// Whether the parent Gateway is accepted.
    pub(crate) parent_accepted: bool,
    /// Whether the data plane reports the parent programmed.
    pub(crate) programmed: bool,
}

/// A ListenerSet's status; `listeners` are its listeners (validity, status entry given
/// whether the set is accepted and programmed). Returns the status and whether the set is
/// accepted.
pub(crate) fn listener_set_status(
    cx: &SetContext<'_>,
    entry: &SetEntry,
    valid: &[bool],
    listeners: impl FnOnce(bool) -> Vec<ListenerStatus>,
) -> (ListenerSetStatus, bool) {
    let ls = &entry.set;
    let mut c = Conditions::new(cx.now, crate::conditions::generation(&ls.metadata));
    let ex = ls.status.as_ref();
    let mut entries = Vec::new();
    let mut ok = false;
    if !entry.allowed {
        let msg = "the parent Gateway's allowedListeners does not allow this ListenerSet";
        c.set(T::Accepted, false, Accepted::NotAllowed, msg);
        c.set(T::Programmed, false, Programmed::NotAllowed, msg);
    } else {
        let any_valid = valid.iter().any(|v| *v);
        let any_invalid = valid.iter().any(|v| !*v);
        ok = if !cx.parent_accepted {
            c.set(
                T::Accepted,
                false,
                Accepted::ParentNotAccepted,
                "the parent Gateway is not accepted",
            );
            false
        } else if !any_valid {
            c.set(
                T::Accepted,
                false,
                Accepted::ListenersNotValid,
                "no listener is valid",
            );
            false
        } else if any_invalid {
            c.set(
                T::Accepted,
                true,
                Accepted::ListenersNotValid,
                "some listeners are not valid",
            );
            true
        } else {
            c.set(
                T::Accepted,
                true,
                Accepted::Accepted,
                "ListenerSet accepted",
            );
            true
        };
        if ok && cx.programmed {
            c.set(
                T::Programmed,
                true,
                Programmed::Programmed,
                "ListenerSet programmed",
            );
        } else if ok {
            c.set(
                T::Programmed,
                false,
                Programmed::Pending,
                "waiting for the data plane",
            );
        } else {
            let reason = if cx.parent_accepted {
                Programmed::ListenersNotValid
            } else {
                Programmed::Invalid
            };
            c.set(T::Programmed, false, reason, "ListenerSet is not accepted");
        }
        entries = listeners(ok && cx.programmed);
    }
    let conditions = c.merge_into(
        ex.and_then(|s| s.conditions.as_deref()).unwrap_or_default(),
        &[T::Accepted.as_str(), T::Programmed.as_str()],
    );
    (
        ListenerSetStatus {
            conditions: Some(conditions),
            listeners: Some(entries),
        },
        ok,
    )
}

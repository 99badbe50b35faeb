//! A listener's status entry (`status.listeners[]` of a Gateway or a ListenerSet).

use gateway_api_types::conditions::{
    ListenerAcceptedReason as Accepted, ListenerConditionType as T,
    ListenerConflictedReason as Conflict, ListenerProgrammedReason as Programmed,
    ListenerResolvedRefsReason as Refs,
};
use gateway_api_types::model::{ListenerStatus, RouteGroupKind};

use crate::ListenerSource;
use crate::conditions::{Conditions, Reason};
use crate::listener::Lst;
use crate::refs::GATEWAY_GROUP;

/// The status entry of a listener with `attached` routes; `programmed` when its parent is
/// accepted and the data plane reports it programmed.
pub(crate) fn listener_status(
    now: &k8s_openapi::apimachinery::pkg::apis::meta::v1::Time,
    lst: &Lst,
    attached: usize,
    programmed: bool,
    existing: Option<&ListenerStatus>,
) -> ListenerStatus {
    let in_set = matches!(lst.owner.source, ListenerSource::ListenerSet(_));
    let mut c = Conditions::new(now, lst.owner.generation);
    // A listener of a ListenerSet that lost a conflict is not accepted, for that reason.
    let accepted_reason: Option<Reason> = match (&lst.conflicted, &lst.not_accepted) {
        (_, Some(r)) => Some(r.clone()),
        (Some(r), None) if in_set => Some((r.into(), format!("listener conflicts: {r}"))),
        _ => None,
    };
    match &accepted_reason {
        Some((r, m)) => c.set(T::Accepted, false, r.clone(), m.clone()),
        None => c.set(T::Accepted, true, Accepted::Accepted, "listener accepted"),
    }
    let valid = lst.valid();
    if valid && programmed {
        c.set(
            T::Programmed,
            true,
            Programmed::Programmed,
            "listener programmed",
        );
    } else if valid {
        c.set(
            T::Programmed,
            false,
            Programmed::Pending,
            "waiting for the data plane",
        );
    } else {
        let reason = match &accepted_reason {
            Some((r, _)) if in_set && lst.conflicted.is_some() => r.clone(),
            _ => Programmed::Invalid.into(),
        };
        c.set(T::Programmed, false, reason, "listener is not valid");
    }
    match &lst.unresolved {
        Some((r, m)) => c.set(T::ResolvedRefs, false, r.clone(), m.clone()),
        None => c.set(
            T::ResolvedRefs,
            true,
            Refs::ResolvedRefs,
            "all references resolved",
        ),
    }
    match &lst.conflicted {
        Some(r) => c.set(
            T::Conflicted,
            true,
            r,
            format!("listener conflicts on port {}", lst.l.port),
        ),
        None => c.set(T::Conflicted, false, Conflict::NoConflicts, "no conflicts"),
    }
    // "This is a negative polarity condition and MUST NOT be set when it is False."
    if let Some((r, m)) = &lst.overlapping {
        c.set(T::OverlappingTLSConfig, true, r.clone(), m.clone());
    }
    let conditions = c.merge_into(
        existing
            .map(|e| e.conditions.as_slice())
            .unwrap_or_default(),
        &[
            T::Accepted.as_str(),
            T::Programmed.as_str(),
            T::ResolvedRefs.as_str(),
            T::Conflicted.as_str(),
            T::OverlappingTLSConfig.as_str(),
        ],
    );
    ListenerStatus {
        attached_routes: i32::try_from(attached).unwrap_or(i32::MAX),
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

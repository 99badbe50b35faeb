//! Conflicts between listeners of one Gateway (its own and its ListenerSets') on one port.

use gateway_api_types::conditions::{
    ListenerAcceptedReason as Accepted, ListenerConflictedReason as Conflict,
};
use gateway_api_types::model::Listener;

use crate::conditions::reason;
use crate::listener::{Lst, tls_mode};
use crate::{Feature, Features};

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

/// Two `TLS` listeners on one port in different modes: compatible only with the Extended
/// feature `TLSRouteModeMixed`.
fn mixed_modes(a: &Listener, b: &Listener) -> bool {
    a.port == b.port && a.protocol == "TLS" && b.protocol == "TLS" && tls_mode(a) != tls_mode(b)
}

/// Why two listeners cannot share their port, if they cannot.
fn conflict(a: &Listener, b: &Listener, features: Features) -> Option<Conflict> {
    if a.port != b.port || transport(&a.protocol) != transport(&b.protocol) {
        return None;
    }
    if !protocols_compatible(&a.protocol, &b.protocol)
        || (!features.contains(Feature::TlsRouteModeMixed) && mixed_modes(a, b))
    {
        Some(Conflict::ProtocolConflict)
    } else if a.hostname.as_deref().unwrap_or("") == b.hostname.as_deref().unwrap_or("")
        && (a.protocol == b.protocol || a.hostname.is_some())
    {
        Some(Conflict::HostnameConflict)
    } else {
        None
    }
}

/// Whether a listener takes part in conflict detection: one whose protocol is not supported
/// never binds its port. "If an implementation does not support TCP Protocol Listeners, then
/// the previous rule does not apply, and the TCP Listeners SHOULD NOT be accepted": the others
/// on that port are judged as if it were absent.
fn takes_part(l: &Lst) -> bool {
    l.not_accepted
        .as_ref()
        .is_none_or(|(r, _)| r != Accepted::UnsupportedProtocol.as_str())
}

/// Marks conflicted listeners. Listeners are in precedence order ("parent Gateway, then
/// ListenerSets by creation time, then `{namespace}/{name}`"): a listener that conflicts with a
/// listener of higher precedence from another object loses alone; listeners of one object that
/// conflict with each other are all conflicted, as the spec has no order among them.
///
/// `TLS` listeners that conflict only because their modes differ (without `TLSRouteModeMixed`)
/// are also not accepted, with reason `ProtocolConflict`: the conformance test
/// TLSRouteListenerMixedTerminationNotSupported requires "a Gateway Listener with 2 distinct TLS
/// modes on the same port MUST have Accepted=False with Reason=ProtocolConflict".
pub(crate) fn mark_conflicts(listeners: &mut [Lst], features: Features) {
    // Listeners that lost to a listener of higher precedence take no further part.
    let mut lost: Vec<bool> = listeners.iter().map(|l| !takes_part(l)).collect();
    let mixed_ok = features.contains(Feature::TlsRouteModeMixed);
    let mut mixed = vec![false; listeners.len()];
    for i in 0..listeners.len() {
        if lost[i] {
            continue;
        }
        let beaten = (0..i)
            .filter(|&j| !lost[j] && listeners[j].owner.source != listeners[i].owner.source)
            .find_map(|j| conflict(&listeners[j].l, &listeners[i].l, features).map(|r| (j, r)));
        if let Some((j, reason)) = beaten {
            lost[i] = true;
            mixed[i] |= !mixed_ok && mixed_modes(&listeners[j].l, &listeners[i].l);
            listeners[i].conflicted = Some(reason);
            continue;
        }
        for j in 0..i {
            if lost[j] || listeners[j].owner.source != listeners[i].owner.source {
                continue;
            }
            if let Some(reason) = conflict(&listeners[j].l, &listeners[i].l, features) {
                let m = !mixed_ok && mixed_modes(&listeners[j].l, &listeners[i].l);
                mixed[i] |= m;
                mixed[j] |= m;
                listeners[j].conflicted.get_or_insert(reason.clone());
                listeners[i].conflicted.get_or_insert(reason);
            }
        }
    }
    for (l, m) in listeners.iter_mut().zip(mixed) {
        if m && l.not_accepted.is_none() {
            l.not_accepted = Some(reason(
                Conflict::ProtocolConflict,
                format!(
                    "TLS listeners in both Passthrough and Terminate mode on port {} are not supported (feature TLSRouteModeMixed)",
                    l.l.port
                ),
            ));
        }
    }
}

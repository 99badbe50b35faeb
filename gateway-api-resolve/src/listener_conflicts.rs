//! Conflicts between listeners of one Gateway (its own and its ListenerSets') on one port.

use gateway_api_types::conditions::ListenerConflictedReason as Conflict;
use gateway_api_types::model::Listener;

use crate::listener::Lst;

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

/// Why two listeners cannot share their port, if they cannot.
fn conflict(a: &Listener, b: &Listener) -> Option<Conflict> {
    if a.port != b.port || transport(&a.protocol) != transport(&b.protocol) {
        return None;
    }
    if !protocols_compatible(&a.protocol, &b.protocol) {
        Some(Conflict::ProtocolConflict)
    } else if a.hostname.as_deref().unwrap_or("") == b.hostname.as_deref().unwrap_or("")
        && (a.protocol == b.protocol || a.hostname.is_some())
    {
        Some(Conflict::HostnameConflict)
    } else {
        None
    }
}

/// Marks conflicted listeners. Listeners are in precedence order ("parent Gateway, then
/// ListenerSets by creation time, then `{namespace}/{name}`"): a listener that conflicts with a
/// listener of higher precedence from another object loses alone; listeners of one object that
/// conflict with each other are all conflicted, as the spec has no order among them.
pub(crate) fn mark_conflicts(listeners: &mut [Lst]) {
    // Listeners that lost to a listener of higher precedence take no further part.
    let mut lost = vec![false; listeners.len()];
    for i in 0..listeners.len() {
        let beaten = (0..i)
            .filter(|&j| !lost[j] && listeners[j].owner.source != listeners[i].owner.source)
            .find_map(|j| conflict(&listeners[j].l, &listeners[i].l));
        if let Some(reason) = beaten {
            lost[i] = true;
            listeners[i].conflicted = Some(reason);
            continue;
        }
        for j in 0..i {
            if lost[j] || listeners[j].owner.source != listeners[i].owner.source {
                continue;
            }
            if let Some(reason) = conflict(&listeners[j].l, &listeners[i].l) {
                listeners[j].conflicted.get_or_insert(reason.clone());
                listeners[i].conflicted.get_or_insert(reason);
            }
        }
    }
}

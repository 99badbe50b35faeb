//! `OverlappingTLSConfig`: listeners on one port that terminate TLS for overlapping hostnames,
//! where a client reusing a connection (HTTP/2 coalescing) may reach a listener with the
//! certificate of another.
//!
//! Gateway API v1.6.1 (`ListenerConditionOverlappingTLSConfig`): "Controllers MUST detect the
//! presence of overlapping hostnames and MAY detect the presence of overlapping
//! certificates." "This condition MUST be set on all Listeners with overlapping TLS config."
//! "This is a negative polarity condition and MUST NOT be set when it is False." Certificates
//! are not compared here (no SAN parsing), so the reason is always `OverlappingHostnames`.

use gateway_api_types::conditions::ListenerOverlappingTlsReason as Overlap;

use crate::conditions::reason;
use crate::hostname::intersect_ref;
use crate::listener::{Lst, terminates_tls};

/// Whether some host name matches both listener hostnames: an absent hostname matches every
/// host, `*.d` matches `x.d` and `*.x.d`.
fn overlap(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) => intersect_ref(Some(a), b).is_some(),
    }
}

/// Marks the listeners (a Gateway's own and its ListenerSets', after conflicts are marked)
/// whose TLS configuration overlaps another's. Only listeners that will be served take part:
/// accepted and not conflicted.
pub(crate) fn mark_overlapping_tls(listeners: &mut [Lst]) {
    let candidates: Vec<usize> = (0..listeners.len())
        .filter(|&i| {
            let l = &listeners[i];
            l.not_accepted.is_none() && l.conflicted.is_none() && terminates_tls(&l.l)
        })
        .collect();
    for &i in &candidates {
        let others: Vec<&str> = candidates
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| &listeners[j].l)
            .filter(|o| {
                o.port == listeners[i].l.port
                    && overlap(listeners[i].l.hostname.as_deref(), o.hostname.as_deref())
            })
            .map(|o| o.name.as_str())
            .collect();
        if !others.is_empty() {
            let l = &listeners[i].l;
            let message = format!(
                "hostname {} overlaps the TLS configuration of {} {} on port {}",
                l.hostname.as_deref().unwrap_or("(any)"),
                if others.len() == 1 {
                    "listener"
                } else {
                    "listeners"
                },
                others.join(", "),
                l.port
            );
            listeners[i].overlapping = Some(reason(Overlap::OverlappingHostnames, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::overlap;

    #[test]
    fn hostnames_overlap_when_a_host_matches_both() {
        assert!(overlap(None, Some("a.example.com")));
        assert!(overlap(Some("*.example.com"), Some("a.example.com")));
        assert!(overlap(Some("*.example.com"), Some("*.a.example.com")));
        assert!(overlap(Some("A.example.com"), Some("a.example.com")));
        assert!(!overlap(Some("*.example.com"), Some("example.com")));
        assert!(!overlap(Some("a.example.com"), Some("b.example.com")));
        assert!(!overlap(Some("*.example.com"), Some("*.example.org")));
    }
}

//! "HTTPRoute vs GRPCRoute on the same listener with intersecting hostnames: accept exactly
//! one – oldest creation timestamp, then `{namespace}/{name}`; the other gets
//! Accepted=False".

use crate::RouteKind;

/// A route's claim on one listener, in the spec's order (oldest first, then
/// `{namespace}/{name}`).
pub(crate) struct Claim<'a> {
    pub(crate) kind: RouteKind,
    /// The intersected hostnames on the listener (empty = every hostname).
    pub(crate) hostnames: &'a [String],
    /// Whether the route takes part (it has a rule left; a route with every rule dropped
    /// is not accepted anywhere and claims nothing).
    pub(crate) takes_part: bool,
}

/// Whether a listener's routes need arbitration: both kinds are there.
pub(crate) fn needed(kinds: impl Iterator<Item = RouteKind>) -> bool {
    let (mut http, mut grpc) = (false, false);
    for k in kinds {
        http |= k == RouteKind::Http;
        grpc |= k == RouteKind::Grpc;
    }
    http && grpc
}

/// For each claim in order, whether arbitration takes the listener away: the first kind to
/// claim a hostname on the listener keeps it.
pub(crate) fn dropped(claims: &[Claim<'_>]) -> Vec<bool> {
    let mut kept: Vec<(RouteKind, &[String])> = Vec::new();
    claims
        .iter()
        .map(|c| {
            if !c.takes_part || !matches!(c.kind, RouteKind::Http | RouteKind::Grpc) {
                return false;
            }
            let clash = kept
                .iter()
                .any(|(k, other)| *k != c.kind && hostnames_overlap(other, c.hostnames));
            if !clash {
                kept.push((c.kind, c.hostnames));
            }
            clash
        })
        .collect()
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

//! The spec's order of routes on a listener, kept with each Gateway so that assembling a
//! Gateway walks its routes in order instead of sorting them after every change.
//!
//! "If ties exist across multiple Routes, matching precedence MUST be determined in order of
//! the following criteria, continuing on ties: The oldest Route based on creation timestamp.
//! The Route appearing first in alphabetical order by "{namespace}/{name}"."

use std::cmp::Ordering;
use std::sync::Arc;

use k8s_openapi::jiff::Timestamp;

use crate::conditions::{age, cmp_namespaced};
use crate::{ObjectKey, RouteKind};

/// Where a route sorts among the routes of a Gateway: creation time, `{namespace}/{name}`,
/// then kind (routes of different kinds may share a name).
///
/// The first 16 bytes of `{namespace}/{name}` are kept inline, so most comparisons in the
/// Gateway's ordered map read no string through a pointer.
#[derive(Clone, Debug)]
pub(crate) struct RouteOrder {
    created: Timestamp,
    prefix: u128,
    key: Arc<ObjectKey>,
    kind: RouteKind,
}

impl RouteOrder {
    pub(crate) fn new(created: Option<Timestamp>, key: &Arc<ObjectKey>, kind: RouteKind) -> Self {
        let mut bytes = [0u8; 16];
        let text = key
            .namespace
            .bytes()
            .chain(std::iter::once(b'/'))
            .chain(key.name.bytes());
        for (slot, b) in bytes.iter_mut().zip(text) {
            *slot = b;
        }
        Self {
            created: age(created),
            // Big-endian, zero-padded: integer order is the bytes' order, and a name that
            // ends early sorts first, as in a string comparison (names hold no NUL).
            prefix: u128::from_be_bytes(bytes),
            key: Arc::clone(key),
            kind,
        }
    }
}

impl Ord for RouteOrder {
    fn cmp(&self, other: &Self) -> Ordering {
        self.created
            .cmp(&other.created)
            .then(self.prefix.cmp(&other.prefix))
            .then_with(|| {
                cmp_namespaced(
                    (&self.key.namespace, &self.key.name),
                    (&other.key.namespace, &other.key.name),
                )
            })
            .then(self.kind.cmp(&other.kind))
    }
}

impl PartialOrd for RouteOrder {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for RouteOrder {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for RouteOrder {}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(ns: &str, name: &str) -> RouteOrder {
        RouteOrder::new(None, &Arc::new(ObjectKey::new(ns, name)), RouteKind::Http)
    }

    #[test]
    fn names_sort_as_the_namespace_slash_name_string() {
        let mut names = [
            ("team", "y"),
            ("team-b", "x"),
            ("a-very-long-namespace", "route-2"),
            ("a-very-long-namespace", "route-10"),
            ("a", "b"),
            ("ab", ""),
        ];
        let mut orders: Vec<_> = names.iter().map(|(ns, n)| order(ns, n)).collect();
        orders.sort();
        names.sort_by_key(|(ns, n)| format!("{ns}/{n}"));
        let sorted: Vec<_> = orders
            .iter()
            .map(|o| (o.key.namespace.as_str(), o.key.name.as_str()))
            .collect();
        assert_eq!(sorted, names);
    }

    #[test]
    fn older_routes_come_first_and_kinds_break_ties() {
        let key = Arc::new(ObjectKey::new("ns", "r"));
        let old = RouteOrder::new(
            Some(Timestamp::UNIX_EPOCH),
            &order("zz", "z").key,
            RouteKind::Grpc,
        );
        let new = RouteOrder::new(Some(Timestamp::MAX), &key, RouteKind::Http);
        assert!(old < new);
        let grpc = RouteOrder::new(None, &key, RouteKind::Grpc);
        let http = RouteOrder::new(None, &key, RouteKind::Http);
        assert!(http < grpc);
        assert_ne!(http, grpc);
    }
}

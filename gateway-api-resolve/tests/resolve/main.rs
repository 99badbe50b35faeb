//! The resolver's integration tests, in one binary: the bug classes the issue names, and
//! property tests over the conformance manifests.

mod bugs;
mod conformance;
mod incremental;
mod listener_clauses;
mod properties;
mod route_clauses;
mod router_cache;
mod test_certs;

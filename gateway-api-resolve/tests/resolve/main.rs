//! The resolver's integration tests, in one binary: the conformance status files, the bug
//! classes the issue names, and property tests.

mod bugs;
mod conformance;
mod incremental;
mod properties;

//! The proxy end to end, on loopback: the conformance route tests as real traffic, metrics,
//! hot reload, graceful shutdown and behaviour under slow, large, many and failing peers.
//! Every server is bound to 127.0.0.1 on an ephemeral port and stopped by its test.

mod bad_regex;
mod conformance;
mod metrics;
mod reliability;
mod reload;
mod support;
mod workers;

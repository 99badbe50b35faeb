//! `gwapi-proxy`: a reverse proxy that embeds `gateway-api-match`, the reference for putting
//! the matcher in a data path. It serves the listeners of one Gateway from manifests (resolved
//! by `gateway-api-resolve`), on tokio, hyper 1 and rustls.
//!
//! The layers, each in its own module:
//! - [`config`]: manifests → [`config::Config`] (router, TLS per port, endpoints, timeouts);
//!   immutable, swapped whole on reload ([`reload`]);
//! - [`server`]: accept → TLS (certificate by SNI, [`tls`]) → HTTP/1.1 or HTTP/2 → proxy, with
//!   connection limits and graceful shutdown;
//! - [`workers`]: a thread per core, each a single-threaded runtime with its own listening
//!   sockets (`SO_REUSEPORT`), for `gwapi-proxy serve`;
//! - [`proxy`]: one request: [`proxy::decide`] (match, filters, backend choice; no I/O) then
//!   the backend call, mirrors, timeouts, response filters;
//! - [`upstream`]: HTTP/1.1 backend connections driven by the request that uses them, in the
//!   task serving the client (HTTP/2 backends go through hyper-util's pooled client);
//! - [`metrics`]: Prometheus metrics and `/healthz`, `/readyz`;
//! - [`route_tests`]: the RouteTests as real traffic to [`echo`] backends.
//!
//! What it does not do: TLS to backends (BackendTLSPolicy), client-certificate validation on
//! listeners, retries, TLSRoute/TCPRoute/UDPRoute, and CORS until the matcher's helper is wired
//! into [`cors`].

pub mod body;
pub mod client;
pub mod config;
pub mod cors;
pub mod echo;
pub mod endpoints;
pub mod extension;
pub mod grpc;
mod imports;
pub mod input;
pub mod metrics;
pub mod proxy;
pub mod reload;
pub mod route_tests;
pub mod server;
pub mod tls;
pub mod upstream;
pub mod workers;

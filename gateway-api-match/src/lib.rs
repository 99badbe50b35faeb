//! Request matching for Kubernetes Gateway API **v1.6.1** (standard channel) HTTPRoutes and
//! GRPCRoutes: which listener, route, rule and match a request goes to, exactly as the spec's
//! precedence rules say, with no heap allocation per request.
//!
//! ```
//! use gateway_api_match::input::{Backend, HttpMatch, HttpRule, Listener, Route};
//! use gateway_api_match::{Outcome, Request, Router};
//!
//! let router = Router::build([Listener::http("web", 80).route(
//!     Route::http("default", "shop")
//!         .hostname("shop.example.com")
//!         .http_rule(
//!             HttpRule::new()
//!                 .matching(HttpMatch::prefix("/cart"))
//!                 .backend(Backend::new("default", "cart", 8080)),
//!         ),
//! )])?;
//!
//! match router.route(&Request::get("Shop.Example.com:80", "/cart/42?x=1")) {
//!     Outcome::Matched(m) => assert_eq!(m.backends()[0].name, "cart"),
//!     other => panic!("expected a match, got {other:?}"),
//! }
//! assert!(matches!(router.route(&Request::get("shop.example.com", "/cartx")), Outcome::NotFound));
//! # Ok::<(), gateway_api_match::BuildError>(())
//! ```
//!
//! What it is: a compiled table ([`Router`]) built from plain Rust input ([`input::Listener`],
//! [`input::Route`], rules, matches, filters, backends) that a resolver fills in after attachment,
//! ReferenceGrant checks and hostname intersection. What it is not: it knows nothing of
//! Kubernetes objects, YAML or serde, validates nothing the API server validates, and does not
//! proxy; it decides, and helps compute a redirect `Location`, a rewritten path, header
//! changes and the answer to a CORS preflight ([`Matched::answer_cors_preflight`]) into buffers
//! the caller owns.
//!
//! The stages, each from the spec: listener by port, then by Host (and SNI, answering 421 for
//! misdirected HTTPS requests); only that listener's routes ("listener isolation"); routes by
//! hostname (exact before longer wildcard before none); then rules by path, method, headers and
//! query params, route age and name, rule and match order. Precedence is expressed as `Ord` on
//! the summary types of [`precedence`]. `RegularExpression` paths rank after `Exact` and before
//! `PathPrefix`.
//!
//! The root holds what every embedding uses: [`Router`], its [`Outcome`] and [`Matched`],
//! [`Request`] / [`RequestView`], the [`Action`] to take and the [`BuildError`]. The rest is
//! grouped by what it is for:
//! * [`input`]: what a router is built from (listeners, routes, rules, matches, filters, backends);
//! * [`actions`]: after the match — gRPC status, header sinks, backend choice, rewritten paths;
//! * [`precedence`]: the spec's precedence rules as `Ord` on summary types;
//! * [`explain`]: why a request went where it went (for tools; allocates);
//! * [`request`]: the request side (scheme, and the `http` crate's connection extension);
//! * [`error`]: what a failed build names.
//!
//! Features:
//! * `http` (off by default): [`RequestView`] for `http::Request<B>` (with a `Connection`
//!   extension for port and SNI) and [`actions::HeaderSink`] for `http::HeaderMap`.
#![forbid(unsafe_code)]

pub mod actions;
pub mod cors;
pub mod error;
pub mod explain;
mod host;
pub mod input;
pub mod pattern;
pub mod precedence;
pub mod request;
mod router;
mod table;

pub use actions::Action;
pub use error::BuildError;
pub use request::{Request, RequestView};
pub use router::{Matched, Outcome, Router};

// The README is documentation too: its example runs with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

//! Request matching for Kubernetes Gateway API **v1.6.1** (standard channel) HTTPRoutes and
//! GRPCRoutes: which listener, route, rule and match a request goes to, exactly as the spec's
//! precedence rules say, with no heap allocation per request.
//!
//! ```
//! use gateway_api_match::{Backend, HttpMatch, HttpRule, Listener, Outcome, Request, Route, Router};
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
//! What it is: a compiled table ([`Router`]) built from plain Rust input ([`Listener`],
//! [`Route`], rules, matches, filters, backends) that a resolver fills in after attachment,
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
//! the summary types in [`HostMatch`], [`PathMatch`], [`HttpRank`], [`GrpcRank`] and
//! [`RouteOrder`]. `RegularExpression` paths rank after `Exact` and before `PathPrefix`.
//!
//! Features:
//! * `http` (off by default): [`RequestView`] for `http::Request<B>` (with a `Connection`
//!   extension for port and SNI) and [`HeaderSink`] for `http::HeaderMap`.
#![forbid(unsafe_code)]

mod actions;
mod cors;
mod error;
mod explain;
mod host;
mod input;
mod pattern;
mod precedence;
mod request;
mod router;
mod table;

pub use actions::{Action, GrpcStatus, HeaderSink, pick_backend, write_modified_path};
pub use cors::{CorsRequest, DEFAULT_MAX_AGE, PREFLIGHT_STATUS, Preflight};
pub use error::{BuildError, BuildErrorKind};
pub use explain::{Candidate, Criterion, Explanation, Mismatch, Verdict};
pub use input::{
    Backend, Cors, ExtensionRef, Filter, GrpcMatch, GrpcRule, HeaderModifier, HttpMatch, HttpRule,
    Listener, MatchGrpcMethod, MatchHeader, MatchPath, MatchQueryParam, MatchValue, PathModifier,
    Protocol, RequestMirror, RequestRedirect, Route, RouteId, RouteKind, RouteRules, Rule,
    UrlRewrite,
};
pub use precedence::{GrpcRank, HostMatch, HttpRank, NameMatch, PathMatch, RouteOrder};
#[cfg(feature = "http")]
pub use request::Connection;
pub use request::{Request, RequestView, Scheme};
pub use router::{Matched, Outcome, Router};

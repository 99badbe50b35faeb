//! Every item this example takes from the workspace's library crates, in one place, so that a
//! library reorganisation changes one file here.

// Matching: the compiled router and what it answers.
pub(crate) use gateway_api_match::actions::GrpcStatus;
pub(crate) use gateway_api_match::cors::PREFLIGHT_STATUS;
pub(crate) use gateway_api_match::input::{Backend, ExtensionRef, Filter, RouteKind};
pub(crate) use gateway_api_match::request::{Connection, Scheme};
pub(crate) use gateway_api_match::{Action, Matched, Outcome, RequestView, Router};

// Resolution: manifests in, effective listeners and the router out.
pub(crate) use gateway_api_resolve::{
    Change, EffectiveGateway, EffectiveListener, EffectiveRules, ObjectKey, Options, Resolver,
    RouterCache, Snapshot, build_router, resolve,
};
pub(crate) use gateway_api_types::model::TlsModeType;
pub(crate) use gateway_api_types::{Document, Object, ParseError, parse};

// The RouteTests format (the `test` command reads it; the checker's types live here only).
pub(crate) use gateway_api_testing::{
    Expect, ExpectBackendRequest, ExpectRedirect, GATEWAY_ADDRESS, GrpcRequest, HttpRequest,
    RouteTest, RouteTests, describe_expect,
};

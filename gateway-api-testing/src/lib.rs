//! Test files for Kubernetes Gateway API **v1.6.1** manifests (standard and experimental
//! channels), checked without a cluster: `RouteTests` say where requests go, `StatusTests` say
//! which status a conformant controller writes. The format is `docs/route-tests.md`; the README
//! has a summary. `gwapi test` runs these files, and so can your own Rust tests.
//!
//! ```
//! use gateway_api_resolve::{Options, Snapshot, resolve};
//! use gateway_api_testing::{TestDocument, parse};
//!
//! let manifests: Vec<_> = gateway_api_types::parse("in.yaml", r#"
//! apiVersion: gateway.networking.k8s.io/v1
//! kind: GatewayClass
//! metadata: {name: example}
//! spec: {controllerName: example.net/gateway-controller}
//! ---
//! apiVersion: gateway.networking.k8s.io/v1
//! kind: Gateway
//! metadata: {name: gw, namespace: infra}
//! spec:
//!   gatewayClassName: example
//!   listeners: [{name: http, protocol: HTTP, port: 80}]
//! ---
//! apiVersion: gateway.networking.k8s.io/v1
//! kind: HTTPRoute
//! metadata: {name: web, namespace: infra}
//! spec:
//!   parentRefs: [{name: gw}]
//!   rules:
//!   - matches: [{path: {type: PathPrefix, value: /api}}]
//!     filters: [{type: CORS, cors: {allowOrigins: ["https://app.example.com"]}}]
//!     backendRefs: [{name: api, port: 8080}]
//! ---
//! apiVersion: v1
//! kind: Service
//! metadata: {name: api, namespace: infra}
//! spec: {ports: [{port: 8080}]}
//! "#).into_iter().collect::<Result<_, _>>().unwrap();
//! let snapshot = Snapshot::from_documents(&manifests);
//!
//! // Route tests and status tests may share one `---` stream.
//! let tests = parse("web.tests.yaml", r#"
//! kind: RouteTests
//! tests:
//! - name: the API is forwarded
//!   gateway: {namespace: infra, name: gw}
//!   request: {path: /api/items}
//!   expect: {backend: {namespace: infra, name: api}}
//! - name: a preflight is answered at the gateway
//!   gateway: {namespace: infra, name: gw}
//!   request:
//!     method: OPTIONS
//!     path: /api/items
//!     headers: {Origin: "https://app.example.com", Access-Control-Request-Method: GET}
//!   expect:
//!     preflight: true
//!     responseHeaders: {Access-Control-Allow-Origin: "https://app.example.com", Access-Control-Max-Age: "5"}
//! ---
//! kind: StatusTests
//! controllerName: example.net/gateway-controller
//! tests:
//! - name: the route is accepted
//!   object: {kind: HTTPRoute, namespace: infra, name: web}
//!   parent: {name: gw}
//!   condition: {type: Accepted, status: "True"}
//! "#);
//!
//! for document in tests {
//!     match document? {
//!         TestDocument::Routes(routes) => {
//!             let (passed, failures) = routes.check(&snapshot, &|c| Options::new(c.to_owned()));
//!             assert_eq!((passed, failures), (2, vec![]));
//!         }
//!         TestDocument::Status(status) => {
//!             let resolution = resolve(&snapshot, &Options::new(status.controller_name.clone()));
//!             assert!(status.check(&resolution).iter().all(|(_, o)| o.is_passed()));
//!         }
//!     }
//! }
//! # Ok::<(), gateway_api_testing::Error>(())
//! ```
//!
//! What you find here: the two formats read with serde (unknown fields, missing fields and
//! duplicate test names are errors naming the file, document, test and field: one [`Error`]
//! type), and their checks: [`StatusTests::check`] against a [`Resolution`], and
//! [`RouteTests::check`], which resolves each test's Gateway as its GatewayClass's controller,
//! compiles its router with `gateway-api-match` and matches the request (including the CORS
//! preflights the gateway answers itself). What you will not find: reading manifests (use
//! `gateway_api_types::parse`) or a command line (`gwapi test` in `gateway-api-cli`).
//!
//! Features: none.
//!
//! [`Resolution`]: gateway_api_resolve::Resolution

mod error;
mod request;
mod route_check;
mod route_tests;
mod status_tests;

use serde_json::Value;

pub use error::Error;
pub use request::{GATEWAY_ADDRESS, GrpcRequest, HttpRequest, OwnedRequest};
pub use route_tests::{RouteTestFailure, RouteTests, gateway_router};
pub use status_tests::{ExpectedCondition, Outcome, ParentSelector, StatusTest, StatusTests};

/// One document of a test stream.
#[derive(Clone, Debug)]
pub enum TestDocument {
    /// A `kind: RouteTests` document.
    Routes(RouteTests),
    /// A `kind: StatusTests` document.
    Status(StatusTests),
}

impl TestDocument {
    /// Reads one decoded document, dispatching on its `kind`.
    pub fn from_value(file: &str, value: &Value) -> Result<Self, Error> {
        match value.get("kind") {
            Some(Value::String(k)) if k == "RouteTests" => {
                RouteTests::from_value(file, value).map(Self::Routes)
            }
            Some(Value::String(k)) if k == "StatusTests" => {
                StatusTests::from_value(file, value).map(Self::Status)
            }
            Some(other) => Err(Error::new(
                file,
                None,
                "kind",
                format!("unknown test file kind {other} (expected StatusTests or RouteTests)"),
            )),
            None => Err(Error::new(
                file,
                None,
                "kind",
                "is required (StatusTests or RouteTests)",
            )),
        }
    }
}

impl Outcome {
    /// Whether the status test passed.
    pub fn is_passed(&self) -> bool {
        matches!(self, Self::Passed)
    }
}

/// Reads a YAML (or JSON) stream of test documents separated by `---`, in order. Each document
/// is read on its own: one malformed document is an error in its place, the others are still
/// read. Empty documents are skipped (but counted, as the document index in errors counts them).
/// A stream that is not YAML at all is one error.
pub fn parse(file: &str, text: &str) -> Vec<Result<TestDocument, Error>> {
    let documents: Vec<Value> = match serde_saphyr::from_multiple(text) {
        Ok(documents) => documents,
        Err(e) => {
            return vec![Err(Error::new(
                file,
                None,
                "",
                format!("not valid YAML or JSON: {e}"),
            ))];
        }
    };
    documents
        .iter()
        .enumerate()
        .filter(|(_, value)| !value.is_null())
        .map(|(index, value)| {
            TestDocument::from_value(file, value).map_err(|e| e.in_document(index))
        })
        .collect()
}

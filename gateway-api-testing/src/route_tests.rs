//! Route-test files (`kind: RouteTests`): where requests must go. The format is
//! `docs/route-tests.md` (summarised in the README).
//!
//! Each test names a Gateway; the Gateway's effective configuration (from the resolution of its
//! GatewayClass's controller) is compiled into a router once, the request is matched, and the
//! outcome is compared with `expect` (see `route_check.rs`). Only what `expect` states is
//! checked.

use std::collections::{BTreeMap, BTreeSet};

use gateway_api_match::Router;
use gateway_api_resolve::{ObjectKey, Options, Resolution, Snapshot, build_router, resolve};
use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, deserialize, test_label};
use crate::request::{GrpcRequest, HttpRequest};

/// A parsed RouteTests file.
#[derive(Clone, Debug)]
pub struct RouteTests {
    /// The file it was read from, for messages.
    pub file: String,
    tests: Vec<RouteTest>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Wire {
    #[allow(dead_code, reason = "checked by the caller that dispatches on kind")]
    kind: Kind,
    tests: Vec<RouteTest>,
}

#[derive(Deserialize)]
enum Kind {
    RouteTests,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GatewayRef {
    pub(crate) namespace: String,
    pub(crate) name: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct RouteTest {
    pub(crate) name: String,
    pub(crate) gateway: GatewayRef,
    #[serde(default)]
    pub(crate) request: Option<HttpRequest>,
    #[serde(default)]
    pub(crate) grpc: Option<GrpcRequest>,
    pub(crate) expect: Expect,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct Expect {
    #[serde(default)]
    pub(crate) backend: Option<GatewayRef>,
    #[serde(default)]
    pub(crate) status: Option<u16>,
    #[serde(default)]
    pub(crate) grpc_status: Option<String>,
    /// The request is a CORS preflight the gateway answers itself (not forwarded).
    #[serde(default)]
    pub(crate) preflight: bool,
    #[serde(default)]
    pub(crate) redirect: Option<ExpectRedirect>,
    #[serde(default)]
    pub(crate) backend_request: Option<ExpectBackendRequest>,
    #[serde(default)]
    pub(crate) response_headers: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) absent_response_headers: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExpectRedirect {
    #[serde(default)]
    pub(crate) scheme: Option<String>,
    #[serde(default)]
    pub(crate) host: Option<String>,
    #[serde(default)]
    pub(crate) port: Option<u16>,
    #[serde(default)]
    pub(crate) path: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub(crate) struct ExpectBackendRequest {
    #[serde(default)]
    pub(crate) host: Option<String>,
    #[serde(default)]
    pub(crate) path: Option<String>,
    #[serde(default)]
    pub(crate) method: Option<String>,
    #[serde(default)]
    pub(crate) headers: BTreeMap<String, String>,
    #[serde(default)]
    pub(crate) absent_headers: Vec<String>,
}

impl RouteTests {
    /// Reads a RouteTests document (already decoded from YAML or JSON); every error names the
    /// file and, where it can, the test and field.
    pub fn from_value(file: &str, value: &Value) -> Result<Self, Error> {
        let wire: Wire = deserialize(file, value)?;
        let mut names = BTreeSet::new();
        for (i, t) in wire.tests.iter().enumerate() {
            let err = |field: &str, message: &str| {
                Error::new(
                    file,
                    Some(test_label(value, i)),
                    format!("tests[{i}]{field}"),
                    message,
                )
            };
            if !names.insert(t.name.as_str()) {
                return Err(err(".name", "duplicate test name"));
            }
            match (&t.request, &t.grpc) {
                (Some(_), Some(_)) => {
                    return Err(err("", "give either request or grpc, not both"));
                }
                (None, None) => return Err(err("", "request or grpc is required")),
                _ => {}
            }
            let e = &t.expect;
            let outcomes = usize::from(e.backend.is_some())
                + usize::from(e.status.is_some())
                + usize::from(e.grpc_status.is_some())
                + usize::from(e.preflight);
            if outcomes != 1 {
                return Err(err(
                    ".expect",
                    "exactly one of backend, status, grpcStatus or preflight is required",
                ));
            }
            if e.preflight && t.request.is_none() {
                return Err(err(".expect.preflight", "needs an HTTP request"));
            }
            if let Some(scheme) = t.request.as_ref().and_then(|r| r.scheme.as_deref())
                && scheme != "http"
                && scheme != "https"
            {
                return Err(err(
                    ".request.scheme",
                    &format!("must be http or https, not {scheme:?}"),
                ));
            }
        }
        Ok(Self {
            file: file.to_owned(),
            tests: wire.tests,
        })
    }

    /// The number of tests in the file.
    pub fn len(&self) -> usize {
        self.tests.len()
    }

    /// Whether the file has no tests.
    pub fn is_empty(&self) -> bool {
        self.tests.is_empty()
    }

    /// Runs every test against the snapshot. `options_for` gives the resolve options of a
    /// controller (the controller of a test is that of its Gateway's GatewayClass); each
    /// controller is resolved once. Returns the number passed and the failures.
    pub fn check(
        &self,
        snapshot: &Snapshot,
        options_for: &dyn Fn(&str) -> Options,
    ) -> (usize, Vec<RouteTestFailure>) {
        let mut resolutions: BTreeMap<String, Resolution> = BTreeMap::new();
        let mut routers: BTreeMap<ObjectKey, Result<Router, String>> = BTreeMap::new();
        let mut passed = 0;
        let mut failures = Vec::new();
        for test in &self.tests {
            let key = ObjectKey::new(&test.gateway.namespace, &test.gateway.name);
            let router = routers.entry(key).or_insert_with_key(|key| {
                gateway_router(snapshot, &mut resolutions, options_for, key)
            });
            let result = match router {
                Ok(router) => crate::route_check::check(router, test),
                Err(e) => Err(e.clone()),
            };
            match result {
                Ok(()) => passed += 1,
                Err(actual) => failures.push(RouteTestFailure {
                    test: test.name.clone(),
                    expected: crate::route_check::describe_expect(&test.expect),
                    actual,
                }),
            }
        }
        (passed, failures)
    }
}

/// A failing route test: its name, what was expected and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteTestFailure {
    /// The test's name.
    pub test: String,
    /// What `expect` says, in words.
    pub expected: String,
    /// What the router decided, in words.
    pub actual: String,
}

/// The router of a Gateway, built from the resolution of its class's controller (resolved with
/// `options_for` once per controller, cached in `resolutions`). A Gateway or class the manifests
/// lack is an error message, so the tests that name it fail rather than the whole run.
pub fn gateway_router(
    snapshot: &Snapshot,
    resolutions: &mut BTreeMap<String, Resolution>,
    options_for: &dyn Fn(&str) -> Options,
    key: &ObjectKey,
) -> Result<Router, String> {
    let gateway = snapshot.gateways.get(key).ok_or_else(|| {
        format!(
            "Gateway {}/{} not found in the manifests",
            key.namespace, key.name
        )
    })?;
    let class = &gateway.spec.gateway_class_name;
    let controller = snapshot
        .gateway_classes
        .get(&ObjectKey::cluster(class))
        .map(|c| c.spec.controller_name.clone())
        .ok_or_else(|| format!("GatewayClass {class} not found in the manifests"))?;
    let resolution = resolutions
        .entry(controller.clone())
        .or_insert_with(|| resolve(snapshot, &options_for(&controller)));
    let Some(effective) = resolution.effective.get(key) else {
        return Err(format!(
            "Gateway {}/{} has no effective configuration",
            key.namespace, key.name
        ));
    };
    build_router(effective).map_err(|e| format!("cannot build the router: {e}"))
}

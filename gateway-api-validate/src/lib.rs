//! What a Kubernetes API server with the Gateway API v1.6.1 CRDs installed (standard or
//! experimental channel) would reject, and why, with the API server's field paths and messages.
//!
//! A [`Validator`] is built once per [`Channel`] from the CRDs of `gateway-api-types` and then
//! validates any number of objects given as JSON values — not typed structs, so that an object
//! missing a required field is still reported field by field. For each object it does what the
//! API server does, in its order:
//!
//! 1. find the schema of the object's `apiVersion` and `kind` in the channel (objects of other
//!    API groups are [`Verdict::Skipped`]; Gateway API kinds or versions the channel does not
//!    serve are rejected);
//! 2. prune unknown fields (or, with [`Validator::strict`], reject them as strict field
//!    validation does: `unknown field "spec.foo"`), then apply schema defaults;
//! 3. check `metadata` (name, namespace, labels, annotations), then the OpenAPI schema (types,
//!    required, enum, pattern, lengths, item counts, bounds, formats, `oneOf`/`anyOf`/`not`),
//!    then `x-kubernetes-list-type` set and map uniqueness;
//! 4. evaluate every `x-kubernetes-validations` CEL rule as a native Rust check — unless an
//!    earlier error blocks them, as in the API server. On [`Validator::validate_update`], rules
//!    using `oldSelf` (transition rules) see the old object's value at the same path.
//!
//! Errors ([`FieldError`]) print exactly as the API server prints them:
//!
//! ```
//! use gateway_api_types::Channel;
//! use gateway_api_validate::{Validator, Verdict};
//!
//! let validator = Validator::new(Channel::Standard);
//! let gateway = serde_json::json!({
//!     "apiVersion": "gateway.networking.k8s.io/v1",
//!     "kind": "Gateway",
//!     "metadata": {"name": "example-gateway"},
//!     "spec": {
//!         "gatewayClassName": "example",
//!         "listeners": [{"protocol": "HTTP", "port": 80, "hostname": "*"}],
//!     },
//! });
//! let outcome = validator.validate(&gateway);
//! assert_eq!(outcome.verdict, Verdict::Rejected);
//! assert_eq!(outcome.errors[0].to_string(), "spec.listeners[0].name: Required value");
//! assert!(outcome.errors[1].to_string().starts_with(
//!     r#"spec.listeners[0].hostname: Invalid value: "*": spec.listeners[0].hostname in body should match '^(\*\.)?"#
//! ));
//!
//! // Other kinds are not this crate's business.
//! let service = serde_json::json!({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}});
//! assert_eq!(validator.validate(&service).verdict, Verdict::Skipped);
//! ```
//!
//! Beyond the API server, [`Validator::lint`] adds [`Warning`]s for what the spec asks of
//! implementations but the API server does not check (regexes that are not RE2, IP addresses as
//! hostnames, duplicate header matchers, all-zero weights). Warnings never change the verdict.
//!
//! What you will not find here: a CEL interpreter (each rule is a native check, keyed by its
//! exact text; a rule without one is reported in [`Outcome::unchecked_rules`], never passed
//! silently), cross-object checks (attachment, ReferenceGrants: `gateway-api-resolve`), or the
//! API server's validation ratcheting on updates (errors in unchanged fields are reported).
//!
//! Features: none.

// The modules are layers (bottom up: error, formats, key; schema; value; meta; rules; pipeline;
// lint; validator; admission), drawn in docs/architecture.md; tests/module_graph.rs fails on
// an import cycle.
#[cfg(feature = "admission")]
pub mod admission;
mod error;
mod formats;
mod key;
mod lint;
mod meta;
mod pipeline;
mod rules;
mod schema;
mod validator;
mod value;

pub use error::{ErrorKind, FieldError, Warning};
pub use gateway_api_types::Channel;
pub use pipeline::cel::UncheckedRule;
pub use validator::{Outcome, Validator, Verdict};

// The README is documentation too: its example runs with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

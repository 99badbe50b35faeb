//! Typed Kubernetes Gateway API objects, v1.6.1, standard and experimental channels, and the
//! CustomResourceDefinitions generated from them.
//!
//! What you find here:
//! - One Rust type per kind and served version ([`v1::HttpRoute`], [`v1beta1::Gateway`],
//!   [`v1alpha2::TlsRoute`], [`x::v1alpha1::XBackendTrafficPolicy`] …), each implementing kube's
//!   `Resource` so that `kube::Api<v1::HttpRoute>` works. Nested types ([`model`]) have one
//!   definition shared by every kind and version that uses them.
//! - Enums that keep values they do not know (`Unrecognized(String)`), so an object written by a
//!   newer API version still decodes and writes back unchanged.
//! - [`parse`]: multi-document YAML or JSON in, typed objects out, decoded the way an API server
//!   decodes (duplicate keys refused, wrong types refused with their field path, unknown fields
//!   reported), with other kinds handed back rather than dropped.
//! - [`crds`] and [`bundle`]: the CRDs of a [`Channel`], generated from the types' schema
//!   attributes, equal to upstream's in everything but description wording (a test checks it).
//! - [`conditions`]: every condition type and reason as typed constants; [`builders`] for the
//!   common objects.
//!
//! What you will not find: validation beyond decoding (`gateway-api-validate`), status
//! computation (`gateway-api-resolve`), request matching (`gateway-api-match`), or a Kubernetes
//! client (bring kube's).
//!
//! Timestamps and generations: objects carry `metadata.creationTimestamp` and `generation`
//! unchanged. The layers above read a missing `creationTimestamp` as "as old as any other" (ties
//! then fall to `{namespace}/{name}`) and a missing `generation` as 1.
//!
//! ```
//! use gateway_api_types::{Channel, Object, crds, parse};
//!
//! let docs = parse("gw.yaml", r#"
//! apiVersion: gateway.networking.k8s.io/v1
//! kind: Gateway
//! metadata: {name: gw, namespace: infra}
//! spec:
//!   gatewayClassName: example
//!   listeners:
//!   - {name: http, protocol: HTTP, port: 80}
//! "#);
//! let Ok(doc) = &docs[0] else { panic!("decodes") };
//! let Object::GatewayV1(gateway) = &doc.object else { panic!("a v1 Gateway") };
//! assert_eq!(gateway.spec.listeners[0].port, 80);
//!
//! // The standard channel has no experimental-only fields.
//! let gateway_crd = &crds(Channel::Standard)[2];
//! let spec = &gateway_crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"];
//! assert!(spec["properties"].get("defaultScope").is_none());
//! ```
//!
//! Features, both on by default, as kube-core's `schema`:
//! - `schema`: `schemars::JsonSchema` for every type, and [`crds`], [`bundle`], [`bundle_yaml`]
//!   and [`served_versions`];
//! - `parse`: [`parse`], YAML and JSON streams into typed objects.
//!
//! Without them the crate is the types with their serde implementations, conditions, builders
//! and conversions. It depends on `k8s-openapi` without selecting a Kubernetes version; the final
//! binary selects one (for example `k8s-openapi/latest`), as k8s-openapi requires.

// The enum macro is used by the model and by `conditions`: mount it first, at the crate root.
#[macro_use]
#[path = "model/macros.rs"]
mod macros;
#[macro_use]
mod resource;
pub mod builders;
mod channel;
pub mod conditions;
mod convert;
#[cfg(feature = "schema")]
mod crd;
pub mod model;
mod parse;
#[macro_use]
pub mod patterns;
#[cfg(feature = "parse")]
mod read;
pub mod rules;
mod versions;

pub use channel::{BUNDLE_VERSION, Channel, UnknownChannel};
pub use convert::{ConversionError, ConversionErrorKind};
#[cfg(feature = "schema")]
pub use crd::{bundle, bundle_yaml, crds, served_versions};
pub use parse::{Document, Object, ParseError, Source};
#[cfg(feature = "parse")]
pub use parse::{parse, parse_with};
#[cfg(feature = "parse")]
pub use read::{Limit, ReadError, ReadLimits, Values, read_values, read_values_with};
pub use resource::{GatewayApiResource, Scope};
pub use versions::{v1, v1alpha2, v1alpha3, v1beta1, x};

// The README is documentation too: its example runs with the doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

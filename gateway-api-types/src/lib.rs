//! Typed Kubernetes Gateway API v1.6.1 objects.
#![allow(missing_docs)]

#[macro_use]
mod resource;
pub mod builders;
pub mod conditions;
mod convert;
mod crd;
mod parse;
pub mod model;
mod versions;

pub use crd::{BUNDLE_VERSION, Channel, UnknownChannel, bundle, bundle_yaml, crds, served_versions};
pub use parse::{Document, Object, ParseError, Source, parse};
pub use resource::{GatewayApiResource, Scope};
pub use versions::{v1, v1alpha2, v1alpha3, v1beta1, x};

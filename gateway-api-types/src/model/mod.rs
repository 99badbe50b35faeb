//! The nested types of every kind, one definition each, shared by every kind and version that
//! uses them. The top-level objects live in the version modules (`crate::v1`, …).
//!
//! Each field carries its OpenAPI constraints as `schemars` attributes, so that the CRDs generated
//! by [`crate::crds`] come from these definitions alone. Extension keys starting with `x-gwapi-`
//! describe how the standard channel differs from the experimental one; [`crate::crds`] resolves
//! and removes them (see `crate::crd` for the exact rules).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
#[cfg(feature = "schema")]
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

mod backendtlspolicy;
mod gateway;
mod gatewayclass;
mod grpcroute;
mod httproute;
mod listenerset;
mod referencegrant;
#[cfg(feature = "schema")]
mod schema_only;
mod shared;
mod tcproute;
mod tlsroute;
mod xbackend;
mod xbackendtrafficpolicy;
mod xmesh;

pub use backendtlspolicy::*;
pub use gateway::*;
pub use gatewayclass::*;
pub use grpcroute::*;
pub use httproute::*;
pub use listenerset::*;
pub use referencegrant::*;
pub use shared::*;
pub use tcproute::*;
pub use tlsroute::*;
pub use xbackend::*;
pub use xbackendtrafficpolicy::*;
pub use xmesh::*;

#[cfg(feature = "schema")]
use schema_only::{AnnotationValueSchema, LabelValueSchema, UnformattedInt};

/// A UDPRoute spec has exactly the shape of a TCPRoute spec.
pub type UdpRouteSpec = TcpRouteSpec;

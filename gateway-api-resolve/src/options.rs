//! What only the embedding controller knows.

use std::collections::{BTreeMap, BTreeSet};

use gateway_api_types::model::GatewayStatusAddress;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::jiff::Timestamp;

use crate::{Features, ObjectKey};

/// The Gateway API bundle version this crate implements, written in `SupportedVersion` by
/// default.
pub const DEFAULT_BUNDLE_VERSION: &str = "v1.6.1";

/// What the resolver cannot read from the objects: who it is, what time it is, and what the
/// data plane did.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Options {
    /// The controller whose status is computed (a GatewayClass `spec.controllerName`). Only
    /// classes naming it, their Gateways and ListenerSets, the routes attached to those, and the
    /// policies affecting them get a status.
    pub controller_name: String,
    /// Recorded as `lastTransitionTime` of every condition that changes status. Default: the
    /// Unix epoch, so that output without a clock is reproducible.
    pub now: Time,
    /// Gateways whose data plane is not programmed yet: their `Programmed` condition (and that of
    /// their listeners) is False with reason `Pending`. Default: none, that is `Programmed=True`
    /// wherever `Accepted=True`, as the conformance suite expects of a working controller.
    pub not_programmed: BTreeSet<ObjectKey>,
    /// Addresses assigned to each Gateway, written to `status.addresses`. A Gateway absent from
    /// the map gets the addresses its spec requests (those with a value).
    pub addresses: BTreeMap<ObjectKey, Vec<GatewayStatusAddress>>,
    /// The `gateway.networking.k8s.io/bundle-version` of the installed CRDs, compared with the
    /// version this crate implements for the GatewayClass `SupportedVersion` condition. Default
    /// [`DEFAULT_BUNDLE_VERSION`].
    pub bundle_version: String,
    /// The features the controller supports, written to GatewayClass `supportedFeatures`;
    /// those that change a status are honoured (see [`Feature`](crate::Feature)). Default
    /// [`Features::default`]: what this crate implements.
    pub features: Features,
}

impl Options {
    /// Options for the given controller, with the documented defaults.
    pub fn new(controller_name: impl Into<String>) -> Self {
        Self {
            controller_name: controller_name.into(),
            now: Time(Timestamp::UNIX_EPOCH),
            not_programmed: BTreeSet::new(),
            addresses: BTreeMap::new(),
            bundle_version: DEFAULT_BUNDLE_VERSION.to_owned(),
            features: Features::default(),
        }
    }

    /// The same options with another feature set.
    #[must_use]
    pub fn with_features(mut self, features: Features) -> Self {
        self.features = features;
        self
    }

    /// The same options with another clock reading.
    #[must_use]
    pub fn at(mut self, now: Time) -> Self {
        self.now = now;
        self
    }
}

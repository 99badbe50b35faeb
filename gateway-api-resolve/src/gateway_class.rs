//! GatewayClasses: which ones name our controller, and their status.

use gateway_api_types::conditions::{
    GatewayClassAcceptedReason as Accepted, GatewayClassConditionType as T,
    GatewayClassSupportedVersionReason as Version,
};
use gateway_api_types::model::{GatewayClassStatus, SupportedFeature};
use gateway_api_types::v1;

use crate::ObjectKey;
use crate::conditions::{Conditions, generation};
use crate::context::Ctx;

/// The status of a GatewayClass that names our controller.
pub(crate) fn class_status(ctx: &Ctx<'_>, gc: &v1::GatewayClass) -> GatewayClassStatus {
    let opts = ctx.opts;
    let mut c = Conditions::new(&opts.now, generation(&gc.metadata));
    let supported = opts.bundle_version.starts_with("v1.6.") || opts.bundle_version == "v1.6";
    let params_problem = gc.spec.parameters_ref.as_ref().and_then(|p| {
        // Only core ConfigMaps are parameters this implementation knows; anything else is
        // "unsupported kind" and a missing ConfigMap "nonexistent", both InvalidParameters.
        if !p.group.is_empty() || p.kind != "ConfigMap" {
            Some(format!(
                "parametersRef kind {}/{} is not supported",
                p.group, p.kind
            ))
        } else {
            match &p.namespace {
                None => {
                    Some("parametersRef to a namespaced ConfigMap must set namespace".to_owned())
                }
                Some(ns) => (!ctx
                    .snap
                    .config_maps
                    .contains_key(&ObjectKey::new(ns, &p.name)))
                .then(|| format!("ConfigMap {ns}/{} not found", p.name)),
            }
        }
    });
    let unsupported = || format!("bundle version {} is not supported", opts.bundle_version);
    match (params_problem, supported) {
        (Some(m), _) => c.set(T::Accepted, false, Accepted::InvalidParameters, m),
        (None, false) => c.set(
            T::Accepted,
            false,
            Accepted::UnsupportedVersion,
            unsupported(),
        ),
        (None, true) => c.set(
            T::Accepted,
            true,
            Accepted::Accepted,
            "GatewayClass accepted",
        ),
    }
    // "SupportedVersion … MUST be set when marking Accepted".
    if supported {
        c.set(
            T::SupportedVersion,
            true,
            Version::SupportedVersion,
            format!("bundle version {} is supported", opts.bundle_version),
        );
    } else {
        c.set(
            T::SupportedVersion,
            false,
            Version::UnsupportedVersion,
            unsupported(),
        );
    }
    let existing = gc
        .status
        .as_ref()
        .and_then(|s| s.conditions.as_deref())
        .unwrap_or_default();
    GatewayClassStatus {
        conditions: Some(c.merge_into(
            existing,
            &[T::Accepted.as_str(), T::SupportedVersion.as_str()],
        )),
        // "SupportedFeatures is the set of features the GatewayClass support. It MUST be
        // sorted in ascending alphabetical order by the Name key."
        supported_features: Some(
            opts.features
                .sorted_names()
                .into_iter()
                .map(|name| SupportedFeature {
                    name: name.to_owned(),
                })
                .collect(),
        ),
    }
}

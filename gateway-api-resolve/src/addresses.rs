//! A Gateway's `spec.addresses`: which requests the controller can honour, and the
//! addresses written to `status.addresses`.

use gateway_api_types::model::{GatewaySpecAddress, GatewayStatusAddress};
use gateway_api_types::v1;

use crate::{Feature, Features, ObjectKey, Options};

/// The address types this controller implements: the Core and Extended types whose meaning
/// the spec fixes. `NamedAddress` and domain-prefixed types are implementation-specific, and
/// not this implementation's.
const SUPPORTED_TYPES: &[&str] = &["IPAddress", "Hostname"];

/// The type of a requested address (`IPAddress` when unset, as the CRD defaults it).
fn address_type(a: &GatewaySpecAddress) -> &str {
    a.r#type.as_deref().unwrap_or("IPAddress")
}

/// Why the Gateway's requested addresses cannot be honoured, naming the first that cannot:
/// the reason `UnsupportedAddress` of the Gateway's `Accepted` condition "when the Gateway has
/// an address that is of a type unsupported by the controller", and (with the features off) a
/// static address (`GatewayStaticAddresses`) or an empty one (`GatewayAddressEmpty`).
pub(crate) fn unsupported_address(gw: &v1::Gateway, features: Features) -> Option<String> {
    gw.spec.addresses.iter().flatten().find_map(|a| {
        let t = address_type(a);
        if !SUPPORTED_TYPES.contains(&t) {
            return Some(format!(
                "address type {t} is not supported (supported: {})",
                SUPPORTED_TYPES.join(", ")
            ));
        }
        match &a.value {
            Some(v) if !features.contains(Feature::GatewayStaticAddresses) => Some(format!(
                "static address {t} {v} is not supported (feature GatewayStaticAddresses)"
            )),
            None if !features.contains(Feature::GatewayAddressEmpty) => Some(format!(
                "address of type {t} without a value is not supported (feature GatewayAddressEmpty)"
            )),
            _ => None,
        }
    })
}

/// `status.addresses`: what the data plane reports for the Gateway, or else the addresses its
/// spec requests that have a value and a supported type.
pub(crate) fn status_addresses(
    opts: &Options,
    key: &ObjectKey,
    gw: &v1::Gateway,
) -> Vec<GatewayStatusAddress> {
    opts.addresses.get(key).cloned().unwrap_or_else(|| {
        gw.spec
            .addresses
            .iter()
            .flatten()
            .filter(|a| SUPPORTED_TYPES.contains(&address_type(a)))
            .filter_map(|a| {
                a.value.clone().map(|value| GatewayStatusAddress {
                    r#type: a.r#type.clone(),
                    value,
                })
            })
            .collect()
    })
}

//! Conversions between the served versions of a kind.
//!
//! Where two versions share one schema (v1 and v1beta1, v1 and v1alpha3) the conversion is a
//! `From` in both directions that moves `metadata`, `spec` and `status` across untouched, so
//! `A -> B -> A` gives back `A`. The deprecated v1alpha2 layer-4 routes (TLSRoute, TCPRoute,
//! UDPRoute) accept specs that v1 refuses: v1 -> v1alpha2 is a `From`, and v1alpha2 -> v1 is a
//! `TryFrom` that fails with a [`ConversionError`] naming the field and the v1 rule it breaks.
//!
//! The conversions check only where the target schema is stricter than the source. A value that
//! both schemas refuse (an empty `backendRefs`, a 300-character hostname) is carried over as it
//! is; validating objects is not this module's job.

use std::fmt;
use std::net::IpAddr;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

use crate::model::L4RouteRule;
use crate::{GatewayApiResource, v1, v1alpha2, v1alpha3, v1beta1};

/// An object could not be converted to another API version, because the target version's schema
/// refuses something the source version allows.
///
/// It says which object ([`object_kind`](Self::object_kind), [`object_name`](Self::object_name)),
/// which version it was being converted to ([`target_api_version`](Self::target_api_version)),
/// the offending field as an API server would write its path ([`field`](Self::field), e.g.
/// `spec.hostnames[0]`), and what is wrong with it ([`kind`](Self::kind), and the human-readable
/// [`detail`](Self::detail)). `Display` writes all of it on one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionError {
    object_kind: &'static str,
    object_name: String,
    target_api_version: &'static str,
    field: String,
    kind: ConversionErrorKind,
    detail: String,
}

/// What is wrong with the field a [`ConversionError`] names, in the API server's vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConversionErrorKind {
    /// The target version requires a value that the source leaves unset or empty.
    Required,
    /// The field has more entries than the target version allows.
    TooMany,
    /// The field holds a value that the target version's schema refuses.
    Invalid,
}

impl ConversionErrorKind {
    /// The phrase an API server uses for this kind of field error (`Required value` …).
    fn phrase(self) -> &'static str {
        match self {
            Self::Required => "Required value",
            Self::TooMany => "Too many",
            Self::Invalid => "Invalid value",
        }
    }
}

impl ConversionError {
    fn new<Target: GatewayApiResource>(
        metadata: &ObjectMeta,
        field: impl Into<String>,
        kind: ConversionErrorKind,
        detail: impl Into<String>,
    ) -> Self {
        let name = metadata.name.as_deref().unwrap_or("");
        let object_name = match metadata.namespace.as_deref() {
            Some(namespace) if !namespace.is_empty() => format!("{namespace}/{name}"),
            _ => name.to_owned(),
        };
        Self {
            object_kind: Target::KIND,
            object_name,
            target_api_version: Target::API_VERSION,
            field: field.into(),
            kind,
            detail: detail.into(),
        }
    }

    /// Kind of the object that failed to convert, as written in `kind` (`TLSRoute`).
    pub fn object_kind(&self) -> &str {
        self.object_kind
    }

    /// `namespace/name` of the object that failed to convert (just `name` without a namespace).
    pub fn object_name(&self) -> &str {
        &self.object_name
    }

    /// The `apiVersion` the object was being converted to.
    pub fn target_api_version(&self) -> &str {
        self.target_api_version
    }

    /// Path of the offending field, as an API server writes it (`spec.rules`, `spec.hostnames[1]`).
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with the field.
    pub fn kind(&self) -> ConversionErrorKind {
        self.kind
    }

    /// Human-readable explanation: the value found and the target version's rule it breaks.
    pub fn detail(&self) -> &str {
        &self.detail
    }
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:?} cannot be converted to {}: {}: {}: {}",
            self.object_kind,
            self.object_name,
            self.target_api_version,
            self.field,
            self.kind.phrase(),
            self.detail
        )
    }
}

impl std::error::Error for ConversionError {}

/// Conversions in both directions between two versions of a kind that share one schema: the
/// object moves across field by field, nothing is checked and nothing can be lost.
macro_rules! same_schema {
    ($(#[$doc:meta])* $a:ty, $b:ty $(, $status:ident)?) => {
        $(#[$doc])*
        impl From<$a> for $b {
            fn from(object: $a) -> Self {
                Self { metadata: object.metadata, spec: object.spec $(, $status: object.$status)? }
            }
        }

        $(#[$doc])*
        impl From<$b> for $a {
            fn from(object: $b) -> Self {
                Self { metadata: object.metadata, spec: object.spec $(, $status: object.$status)? }
            }
        }
    };
}

same_schema!(
    /// GatewayClass at v1 and v1beta1: one schema, so the conversion is lossless both ways.
    v1::GatewayClass, v1beta1::GatewayClass, status
);
same_schema!(
    /// Gateway at v1 and v1beta1: one schema, so the conversion is lossless both ways.
    v1::Gateway, v1beta1::Gateway, status
);
same_schema!(
    /// HTTPRoute at v1 and v1beta1: one schema, so the conversion is lossless both ways.
    v1::HttpRoute, v1beta1::HttpRoute, status
);
same_schema!(
    /// ReferenceGrant at v1 and v1beta1 (the version the API server stores): one schema, and no
    /// status, so the conversion is lossless both ways.
    v1::ReferenceGrant, v1beta1::ReferenceGrant
);
same_schema!(
    /// BackendTLSPolicy at v1 and the deprecated v1alpha3: one schema, so the conversion is
    /// lossless both ways.
    v1::BackendTlsPolicy, v1alpha3::BackendTlsPolicy, status
);
same_schema!(
    /// TLSRoute at v1 and the deprecated v1alpha3: one schema, so the conversion is lossless both
    /// ways.
    v1::TlsRoute, v1alpha3::TlsRoute, status
);

/// TLSRoute from v1 to the deprecated v1alpha2. Lossless: v1alpha2 accepts every v1 TLSRoute
/// (its hostnames become optional and it allows up to 16 rules, so v1's one rule fits). The
/// hostnames are kept as a present list, so converting back gives the same v1 object.
impl From<v1::TlsRoute> for v1alpha2::TlsRoute {
    fn from(route: v1::TlsRoute) -> Self {
        let spec = route.spec;
        Self {
            metadata: route.metadata,
            spec: v1alpha2::TlsRouteSpec {
                hostnames: Some(spec.hostnames),
                parent_refs: spec.parent_refs,
                rules: spec.rules,
                use_default_gateways: spec.use_default_gateways,
            },
            status: route.status,
        }
    }
}

/// TLSRoute from the deprecated v1alpha2 to v1. It fails where v1's schema is stricter, checked
/// in this order:
///
/// - `spec.hostnames` must hold at least one hostname ([`ConversionErrorKind::Required`]); at
///   v1alpha2 a route without hostnames matches every SNI name, which v1 cannot express.
/// - no hostname may be an IP address ([`ConversionErrorKind::Invalid`]): v1 adds the rule
///   "Hostnames cannot contain an IP", while v1alpha2's pattern lets `10.0.0.1` through.
/// - `spec.rules` must hold exactly one rule ([`ConversionErrorKind::Required`] when empty,
///   [`ConversionErrorKind::TooMany`] when there are more); v1alpha2 allows up to 16.
///
/// Everything else, including `metadata` and `status`, carries over unchanged, and converting the
/// result back to v1alpha2 gives the original object.
impl TryFrom<v1alpha2::TlsRoute> for v1::TlsRoute {
    type Error = ConversionError;

    fn try_from(route: v1alpha2::TlsRoute) -> Result<Self, ConversionError> {
        let metadata = route.metadata;
        let spec = route.spec;
        let hostnames = match spec.hostnames {
            Some(hostnames) if !hostnames.is_empty() => hostnames,
            _ => {
                return Err(ConversionError::new::<Self>(
                    &metadata,
                    "spec.hostnames",
                    ConversionErrorKind::Required,
                    "v1 requires at least one hostname; a v1alpha2 route without hostnames \
                     matches every SNI name, which v1 cannot express",
                ));
            }
        };
        if let Some((index, hostname)) = hostnames
            .iter()
            .enumerate()
            .find(|(_, hostname)| hostname.parse::<IpAddr>().is_ok())
        {
            return Err(ConversionError::new::<Self>(
                &metadata,
                format!("spec.hostnames[{index}]"),
                ConversionErrorKind::Invalid,
                format!("{hostname:?}: v1 hostnames cannot contain an IP address"),
            ));
        }
        let rules = one_rule::<Self>(&metadata, spec.rules)?;
        Ok(Self {
            metadata,
            spec: v1::TlsRouteSpec {
                hostnames,
                parent_refs: spec.parent_refs,
                rules,
                use_default_gateways: spec.use_default_gateways,
            },
            status: route.status,
        })
    }
}

/// TCPRoute from v1 to the deprecated v1alpha2. Lossless: the schemas differ only in the number of
/// rules, and v1's single rule fits v1alpha2's limit of 16.
impl From<v1::TcpRoute> for v1alpha2::TcpRoute {
    fn from(route: v1::TcpRoute) -> Self {
        Self {
            metadata: route.metadata,
            spec: l4_spec_down(route.spec),
            status: route.status,
        }
    }
}

/// TCPRoute from the deprecated v1alpha2 to v1. It fails unless `spec.rules` holds exactly one
/// rule, which v1 requires where v1alpha2 allows up to 16 ([`ConversionErrorKind::Required`] when
/// empty, [`ConversionErrorKind::TooMany`] when there are more). Everything else, including
/// `metadata` and `status`, carries over unchanged.
impl TryFrom<v1alpha2::TcpRoute> for v1::TcpRoute {
    type Error = ConversionError;

    fn try_from(route: v1alpha2::TcpRoute) -> Result<Self, ConversionError> {
        let spec = l4_spec_up::<Self>(&route.metadata, route.spec)?;
        Ok(Self {
            metadata: route.metadata,
            spec,
            status: route.status,
        })
    }
}

/// UDPRoute from v1 to the deprecated v1alpha2. Lossless: the schemas differ only in the number of
/// rules, and v1's single rule fits v1alpha2's limit of 16.
impl From<v1::UdpRoute> for v1alpha2::UdpRoute {
    fn from(route: v1::UdpRoute) -> Self {
        Self {
            metadata: route.metadata,
            spec: l4_spec_down(route.spec),
            status: route.status,
        }
    }
}

/// UDPRoute from the deprecated v1alpha2 to v1. It fails unless `spec.rules` holds exactly one
/// rule, which v1 requires where v1alpha2 allows up to 16 ([`ConversionErrorKind::Required`] when
/// empty, [`ConversionErrorKind::TooMany`] when there are more). Everything else, including
/// `metadata` and `status`, carries over unchanged.
impl TryFrom<v1alpha2::UdpRoute> for v1::UdpRoute {
    type Error = ConversionError;

    fn try_from(route: v1alpha2::UdpRoute) -> Result<Self, ConversionError> {
        let spec = l4_spec_up::<Self>(&route.metadata, route.spec)?;
        Ok(Self {
            metadata: route.metadata,
            spec,
            status: route.status,
        })
    }
}

/// The v1alpha2 TCPRoute/UDPRoute spec of a v1 one (they share their shapes across the two kinds).
fn l4_spec_down(spec: v1::TcpRouteSpec) -> v1alpha2::TcpRouteSpec {
    v1alpha2::TcpRouteSpec {
        parent_refs: spec.parent_refs,
        rules: spec.rules,
        use_default_gateways: spec.use_default_gateways,
    }
}

/// The v1 TCPRoute/UDPRoute spec of a v1alpha2 one, if it has the single rule v1 requires.
fn l4_spec_up<Target: GatewayApiResource>(
    metadata: &ObjectMeta,
    spec: v1alpha2::TcpRouteSpec,
) -> Result<v1::TcpRouteSpec, ConversionError> {
    Ok(v1::TcpRouteSpec {
        parent_refs: spec.parent_refs,
        rules: one_rule::<Target>(metadata, spec.rules)?,
        use_default_gateways: spec.use_default_gateways,
    })
}

/// Checks v1's `rules` bounds for layer-4 routes ("minItems: 1, maxItems: 1"), which v1alpha2
/// relaxes to 1 to 16.
fn one_rule<Target: GatewayApiResource>(
    metadata: &ObjectMeta,
    rules: Vec<L4RouteRule>,
) -> Result<Vec<L4RouteRule>, ConversionError> {
    match rules.len() {
        1 => Ok(rules),
        0 => Err(ConversionError::new::<Target>(
            metadata,
            "spec.rules",
            ConversionErrorKind::Required,
            "v1 requires exactly one rule",
        )),
        n => Err(ConversionError::new::<Target>(
            metadata,
            "spec.rules",
            ConversionErrorKind::TooMany,
            format!("{n}: v1 allows exactly one rule; split the route into one route per rule"),
        )),
    }
}

//! What the simulated controller supports: the feature names of the Gateway API v1.6.1
//! conformance suite, and sets of them.
//!
//! A controller advertises its features in GatewayClass `status.supportedFeatures`; some of
//! them also change the status it writes (a listener on port 8080 without `GatewayPort8080` is
//! not accepted). Which ones do, and which change nothing the resolver computes, is listed in
//! `docs/spec-clauses.md` and on each [`Feature`].

use std::fmt;
use std::str::FromStr;

macro_rules! features {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, default $on:literal; )*) => {
        /// A feature name of the Gateway API v1.6.1 conformance suite (`pkg/features`), spelled in
        /// Rust case; [`Feature::name`] is the upstream spelling.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Feature {
            $( $(#[$doc])* $variant, )*
        }

        impl Feature {
            /// Every feature, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),*];

            /// The upstream name, as written in `supportedFeatures` and in conformance reports.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Self::$variant => $name,)*
                }
            }

            /// Whether [`Features::default`] includes it: what this resolver implements.
            const fn in_default(self) -> bool {
                match self {
                    $(Self::$variant => $on,)*
                }
            }
        }
    };
}

features! {
    /// Gateways (Core); every status this crate writes hangs off a Gateway.
    Gateway = "Gateway", default true;
    /// Listeners on port 8080. Unsupported: such a listener is `Accepted=False/PortUnavailable`.
    GatewayPort8080 = "GatewayPort8080", default true;
    /// Requested `spec.addresses` with a value. Unsupported: the Gateway is
    /// `Accepted=False/UnsupportedAddress`.
    GatewayStaticAddresses = "GatewayStaticAddresses", default true;
    /// Requests are matched to the most specific listener hostname (a data-plane behaviour).
    GatewayHttpListenerIsolation = "GatewayHTTPListenerIsolation", default true;
    /// HTTP 421 for requests whose SNI chose another listener (a data-plane behaviour).
    GatewayHttpsListenerDetectMisdirectedRequests = "GatewayHTTPSListenerDetectMisdirectedRequests", default true;
    /// `spec.infrastructure` labels and annotations copied to generated resources.
    GatewayInfrastructurePropagation = "GatewayInfrastructurePropagation", default true;
    /// `spec.addresses` entries without a value. Unsupported: the Gateway is
    /// `Accepted=False/UnsupportedAddress`.
    GatewayAddressEmpty = "GatewayAddressEmpty", default true;
    /// `spec.tls.backend.clientCertificateRef`.
    GatewayBackendClientCertificate = "GatewayBackendClientCertificate", default true;
    /// `spec.tls.frontend` client certificate validation.
    GatewayFrontendClientCertificateValidation = "GatewayFrontendClientCertificateValidation", default true;
    /// The `AllowInsecureFallback` validation mode.
    GatewayFrontendClientCertificateValidationInsecureFallback = "GatewayFrontendClientCertificateValidationInsecureFallback", default true;
    /// ListenerSets. Unsupported: Gateways admit none (ListenerSets get no status from us and
    /// `attachedListenerSets` is not written).
    ListenerSet = "ListenerSet", default true;
    /// HTTPRoutes (Core). Unsupported: listeners do not admit the kind.
    HttpRoute = "HTTPRoute", default true;
    /// `matches[].port` (experimental); not implemented by the matcher.
    HttpRouteDestinationPortMatching = "HTTPRouteDestinationPortMatching", default false;
    /// The RequestHeaderModifier filter on backendRefs.
    HttpRouteBackendRequestHeaderModification = "HTTPRouteBackendRequestHeaderModification", default true;
    /// Query parameter matches.
    HttpRouteQueryParamMatching = "HTTPRouteQueryParamMatching", default true;
    /// Method matches.
    HttpRouteMethodMatching = "HTTPRouteMethodMatching", default true;
    /// The ResponseHeaderModifier filter.
    HttpRouteResponseHeaderModification = "HTTPRouteResponseHeaderModification", default true;
    /// `requestRedirect.port`.
    HttpRoutePortRedirect = "HTTPRoutePortRedirect", default true;
    /// `requestRedirect.scheme`.
    HttpRouteSchemeRedirect = "HTTPRouteSchemeRedirect", default true;
    /// `requestRedirect.path`.
    HttpRoutePathRedirect = "HTTPRoutePathRedirect", default true;
    /// `urlRewrite.hostname`.
    HttpRouteHostRewrite = "HTTPRouteHostRewrite", default true;
    /// `urlRewrite.path`.
    HttpRoutePathRewrite = "HTTPRoutePathRewrite", default true;
    /// The RequestMirror filter.
    HttpRouteRequestMirror = "HTTPRouteRequestMirror", default true;
    /// Several RequestMirror filters in one rule.
    HttpRouteRequestMultipleMirrors = "HTTPRouteRequestMultipleMirrors", default true;
    /// `requestMirror.percent` and `fraction`.
    HttpRouteRequestPercentageMirror = "HTTPRouteRequestPercentageMirror", default true;
    /// `timeouts.request`.
    HttpRouteRequestTimeout = "HTTPRouteRequestTimeout", default true;
    /// `timeouts.backendRequest`.
    HttpRouteBackendTimeout = "HTTPRouteBackendTimeout", default true;
    /// `parentRefs[].port`.
    HttpRouteParentRefPort = "HTTPRouteParentRefPort", default true;
    /// Backends with appProtocol `kubernetes.io/h2c`.
    HttpRouteBackendProtocolH2C = "HTTPRouteBackendProtocolH2C", default true;
    /// Backends with appProtocol `kubernetes.io/ws`.
    HttpRouteBackendProtocolWebSocket = "HTTPRouteBackendProtocolWebSocket", default true;
    /// `rules[].name`.
    HttpRouteNamedRouteRule = "HTTPRouteNamedRouteRule", default true;
    /// The CORS filter.
    HttpRouteCors = "HTTPRouteCORS", default true;
    /// Redirects with status 303.
    HttpRoute303RedirectStatusCode = "HTTPRoute303RedirectStatusCode", default true;
    /// Redirects with status 307.
    HttpRoute307RedirectStatusCode = "HTTPRoute307RedirectStatusCode", default true;
    /// Redirects with status 308.
    HttpRoute308RedirectStatusCode = "HTTPRoute308RedirectStatusCode", default true;
    /// `rules[].retry`.
    HttpRouteRetry = "HTTPRouteRetry", default true;
    /// GRPCRoutes. Unsupported: listeners do not admit the kind.
    GrpcRoute = "GRPCRoute", default true;
    /// `rules[].name` of GRPCRoutes.
    GrpcRouteNamedRouteRule = "GRPCRouteNamedRouteRule", default true;
    /// TLSRoutes. Unsupported: listeners do not admit the kind (a `TLS` listener has no kind
    /// left and is `Accepted=False/UnsupportedProtocol`).
    TlsRoute = "TLSRoute", default true;
    /// `TLS` listeners in `Terminate` mode. Unsupported: such a listener is
    /// `Accepted=False/UnsupportedValue`.
    TlsRouteModeTerminate = "TLSRouteModeTerminate", default true;
    /// `TLS` listeners of both modes on one port. Unsupported: those listeners are
    /// `Accepted=False/ProtocolConflict` and `Conflicted=True/ProtocolConflict`.
    TlsRouteModeMixed = "TLSRouteModeMixed", default true;
    /// TCPRoutes. Unsupported: `TCP` listeners are `Accepted=False/UnsupportedProtocol`.
    TcpRoute = "TCPRoute", default true;
    /// UDPRoutes. Unsupported: `UDP` listeners are `Accepted=False/UnsupportedProtocol`.
    UdpRoute = "UDPRoute", default true;
    /// BackendTLSPolicies.
    BackendTlsPolicy = "BackendTLSPolicy", default true;
    /// `validation.subjectAltNames` of BackendTLSPolicies.
    BackendTlsPolicySanValidation = "BackendTLSPolicySANValidation", default true;
    /// ReferenceGrants.
    ReferenceGrant = "ReferenceGrant", default true;
    /// The mesh profile (GAMMA): not implemented here.
    Mesh = "Mesh", default false;
    /// Mesh: matching Service traffic by cluster IP.
    MeshClusterIpMatching = "MeshClusterIPMatching", default false;
    /// Mesh: consumer routes.
    MeshConsumerRoute = "MeshConsumerRoute", default false;
    /// Mesh: path rewrites.
    MeshHttpRouteRewritePath = "MeshHTTPRouteRewritePath", default false;
    /// Mesh: scheme redirects.
    MeshHttpRouteSchemeRedirect = "MeshHTTPRouteSchemeRedirect", default false;
    /// Mesh: port redirects.
    MeshHttpRouteRedirectPort = "MeshHTTPRouteRedirectPort", default false;
    /// Mesh: path redirects.
    MeshHttpRouteRedirectPath = "MeshHTTPRouteRedirectPath", default false;
    /// Mesh: backend request header modification.
    MeshHttpRouteBackendRequestHeaderModification = "MeshHTTPRouteBackendRequestHeaderModification", default false;
    /// Mesh: query parameter matches.
    MeshHttpRouteQueryParamMatching = "MeshHTTPRouteQueryParamMatching", default false;
    /// Mesh: named route rules.
    MeshHttpRouteNamedRouteRule = "MeshHTTPRouteNamedRouteRule", default false;
}

impl Feature {
    /// The feature a route kind needs.
    pub(crate) const fn of_route_kind(kind: crate::RouteKind) -> Self {
        match kind {
            crate::RouteKind::Http => Self::HttpRoute,
            crate::RouteKind::Grpc => Self::GrpcRoute,
            crate::RouteKind::Tls => Self::TlsRoute,
            crate::RouteKind::Tcp => Self::TcpRoute,
            crate::RouteKind::Udp => Self::UdpRoute,
        }
    }
}

/// The first feature an HTTPRoute filter uses that `features` lacks: an Extended filter (or
/// filter field) of a controller that does not implement it is as unsupported as an unknown
/// filter type ("Unknown values here must result in the implementation setting the Accepted
/// Condition for the Route to `status: False`, with a Reason of `UnsupportedValue`").
pub(crate) fn http_filter_missing(
    f: &gateway_api_types::model::HttpRouteFilter,
    features: Features,
) -> Option<Feature> {
    use gateway_api_types::model::HttpRouteFilterType as T;
    let mut needs: [Option<Feature>; 4] = [None; 4];
    match &f.r#type {
        T::Cors => needs[0] = Some(Feature::HttpRouteCors),
        T::ResponseHeaderModifier => needs[0] = Some(Feature::HttpRouteResponseHeaderModification),
        T::RequestMirror => {
            needs[0] = Some(Feature::HttpRouteRequestMirror);
            let m = f.request_mirror.as_ref();
            if m.is_some_and(|m| m.percent.is_some() || m.fraction.is_some()) {
                needs[1] = Some(Feature::HttpRouteRequestPercentageMirror);
            }
        }
        T::RequestRedirect => {
            if let Some(r) = &f.request_redirect {
                needs[0] = r.port.map(|_| Feature::HttpRoutePortRedirect);
                needs[1] = r.scheme.as_ref().map(|_| Feature::HttpRouteSchemeRedirect);
                needs[2] = r.path.as_ref().map(|_| Feature::HttpRoutePathRedirect);
                needs[3] = match r.status_code {
                    Some(303) => Some(Feature::HttpRoute303RedirectStatusCode),
                    Some(307) => Some(Feature::HttpRoute307RedirectStatusCode),
                    Some(308) => Some(Feature::HttpRoute308RedirectStatusCode),
                    _ => None,
                };
            }
        }
        T::UrlRewrite => {
            if let Some(r) = &f.url_rewrite {
                needs[0] = r.hostname.as_ref().map(|_| Feature::HttpRouteHostRewrite);
                needs[1] = r.path.as_ref().map(|_| Feature::HttpRoutePathRewrite);
            }
        }
        _ => {}
    }
    needs.into_iter().flatten().find(|n| !features.contains(*n))
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name that is not a feature of the v1.6.1 conformance suite.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown feature {name:?}; the features are: {}", list_names())]
pub struct UnknownFeature {
    name: String,
}

impl UnknownFeature {
    /// The name as given.
    pub fn name(&self) -> &str {
        &self.name
    }
}

fn list_names() -> String {
    Feature::ALL
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

impl FromStr for Feature {
    type Err = UnknownFeature;

    /// Parses an upstream name; names are case-sensitive, as in `supportedFeatures`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|f| f.name() == s)
            .ok_or_else(|| UnknownFeature { name: s.to_owned() })
    }
}

/// A set of [`Feature`]s: what the simulated controller supports.
///
/// The default is what this resolver implements: every feature but the mesh profile's and
/// `HTTPRouteDestinationPortMatching`, so that [`crate::Options::new`] passes every
/// conformance test of the suite that does not test an unsupported feature.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Features(u128);

// A set is one bit per feature; and any set fits GatewayClass `supportedFeatures`, whose CRD
// allows at most 64 entries.
const _: () = assert!(Feature::ALL.len() <= 64);

impl Features {
    /// No feature.
    pub const fn none() -> Self {
        Self(0)
    }

    /// Every feature.
    pub fn all() -> Self {
        Feature::ALL.iter().copied().collect()
    }

    const fn bit(f: Feature) -> u128 {
        1 << f as u32
    }

    /// Whether `f` is in the set.
    pub const fn contains(&self, f: Feature) -> bool {
        self.0 & Self::bit(f) != 0
    }

    /// Adds `f`.
    pub fn insert(&mut self, f: Feature) {
        self.0 |= Self::bit(f);
    }

    /// Removes `f`.
    pub fn remove(&mut self, f: Feature) {
        self.0 &= !Self::bit(f);
    }

    /// The set with `f` added.
    #[must_use]
    pub fn with(mut self, f: Feature) -> Self {
        self.insert(f);
        self
    }

    /// The set without `f`.
    #[must_use]
    pub fn without(mut self, f: Feature) -> Self {
        self.remove(f);
        self
    }

    /// The features in the set, in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = Feature> + '_ {
        Feature::ALL.iter().copied().filter(|f| self.contains(*f))
    }

    /// The upstream names of the set, sorted as `supportedFeatures` must be: "It MUST be sorted
    /// in ascending alphabetical order by the Name key."
    pub fn sorted_names(&self) -> Vec<&'static str> {
        let mut names: Vec<_> = self.iter().map(Feature::name).collect();
        names.sort_unstable();
        names
    }
}

impl Default for Features {
    fn default() -> Self {
        Feature::ALL
            .iter()
            .copied()
            .filter(|f| f.in_default())
            .collect()
    }
}

impl FromIterator<Feature> for Features {
    fn from_iter<I: IntoIterator<Item = Feature>>(iter: I) -> Self {
        let mut s = Self::none();
        for f in iter {
            s.insert(f);
        }
        s
    }
}

impl fmt::Debug for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.sorted_names()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        for f in Feature::ALL {
            assert_eq!(f.name().parse::<Feature>(), Ok(*f));
            assert_eq!(f.to_string(), f.name());
        }
        let mut names: Vec<_> = Feature::ALL.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Feature::ALL.len());
    }

    #[test]
    fn unknown_names_are_rejected_with_the_list() {
        let e = "HTTPRouteTeleport".parse::<Feature>().unwrap_err();
        assert_eq!(e.name(), "HTTPRouteTeleport");
        let msg = e.to_string();
        assert!(msg.contains("HTTPRouteTeleport") && msg.contains("TLSRouteModeMixed"));
        // Case matters, as in the API.
        assert!("httproutecors".parse::<Feature>().is_err());
    }

    #[test]
    fn default_is_what_the_resolver_implements() {
        let d = Features::default();
        assert!(d.contains(Feature::TlsRouteModeTerminate));
        assert!(d.contains(Feature::HttpRouteCors));
        assert!(!d.contains(Feature::Mesh));
        assert!(!d.contains(Feature::HttpRouteDestinationPortMatching));
        // The CRD caps supportedFeatures at 64 entries.
        assert!(d.iter().count() <= 64);
    }

    #[test]
    fn sorted_names_are_sorted_bytewise() {
        let s = Features::none()
            .with(Feature::TlsRoute)
            .with(Feature::GatewayHttpListenerIsolation)
            .with(Feature::GatewayHttpsListenerDetectMisdirectedRequests)
            .with(Feature::GatewayAddressEmpty);
        assert_eq!(
            s.sorted_names(),
            [
                "GatewayAddressEmpty",
                "GatewayHTTPListenerIsolation",
                "GatewayHTTPSListenerDetectMisdirectedRequests",
                "TLSRoute"
            ]
        );
        assert!(!s.without(Feature::TlsRoute).contains(Feature::TlsRoute));
    }
}

//! Every status condition type and reason of Gateway API v1.6.1, as typed constants, and the two
//! operations every controller needs on a condition list: find one by type, and merge one in.
//!
//! The types and reasons are grouped per kind and, for reasons, per (kind, condition type):
//! `Listener` and `Gateway` share a word like `Accepted` but not its reasons, and a controller that
//! writes `GatewayAcceptedReason` where a listener condition belongs should not compile. Each enum
//! keeps values it does not know (`Unrecognized`), because a condition list also carries what
//! other controllers and newer API versions wrote, and "don't touch other controllers' types"
//! means those entries must survive a read-modify-write unchanged.
//!
//! The [`Condition`] fields stay strings, as in the API (`Cow<'static, str>`, so that known
//! values are borrowed constants). The enums convert into them on the way in and with
//! [`From<&str>`] on the way out.
//!
//! ```
//! use gateway_api_types::conditions::{
//!     condition, find_condition, set_condition, ListenerConditionType, ListenerResolvedRefsReason,
//! };
//! use gateway_api_types::model::ConditionStatus;
//! use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
//! use k8s_openapi::jiff::Timestamp;
//!
//! let mut conditions = Vec::new();
//! set_condition(&mut conditions, condition(
//!     ListenerConditionType::ResolvedRefs,
//!     ConditionStatus::False,
//!     ListenerResolvedRefsReason::InvalidCertificateRef,
//!     "Secret infra/tls not found",
//!     Some(3),
//!     Time(Timestamp::UNIX_EPOCH),
//! ));
//! let found = find_condition(&conditions, ListenerConditionType::ResolvedRefs).unwrap();
//! assert_eq!(found.reason, "InvalidCertificateRef");
//! assert_eq!(
//!     ListenerResolvedRefsReason::from(&*found.reason),
//!     ListenerResolvedRefsReason::InvalidCertificateRef,
//! );
//! ```
//!
//! Not here: which condition a given object should carry (`gateway-api-resolve` computes that),
//! and Route `status.parents[]` bookkeeping per `parentRef` and `controllerName`.

use std::borrow::Cow;

use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

use crate::model::{Condition, ConditionStatus};

// `string_enum!` is mounted at the crate root (lib.rs), before this module.

/// Lets every condition enum feed [`condition`] and [`find_condition`] directly.
macro_rules! as_ref_str {
    ($($name:ident),+ $(,)?) => {
        $(
            impl AsRef<str> for $name {
                fn as_ref(&self) -> &str {
                    self.as_str()
                }
            }
        )+
    };
}

// ---------------------------------------------------------------------------------------------
// GatewayClass (`apis/v1/gatewayclass_types.go`)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Condition types of a GatewayClass (`status.conditions`).
    pub enum GatewayClassConditionType {
        /// Whether the controller named in `controllerName` accepted the class.
        Accepted = "Accepted",
        /// Whether the installed CRDs are a bundle version the controller supports
        /// (experimental). It "MUST be set when marking Accepted" and compares the CRDs'
        /// `gateway.networking.k8s.io/bundle-version` annotation.
        SupportedVersion = "SupportedVersion",
    }
}

string_enum! {
    /// Reasons of a GatewayClass's `Accepted` condition.
    pub enum GatewayClassAcceptedReason {
        /// True: the controller accepted the class.
        Accepted = "Accepted",
        /// False: `parametersRef` is invalid (namespaced without namespace, cluster-scoped with
        /// namespace, nonexistent, unsupported kind, or malformed).
        InvalidParameters = "InvalidParameters",
        /// False: the implementation does not support a user-defined GatewayClass.
        Unsupported = "Unsupported",
        /// False: the installed CRDs are a bundle version the controller does not support.
        UnsupportedVersion = "UnsupportedVersion",
        /// Unknown: the controller has not reconciled the class yet. The API server writes
        /// `Accepted=Unknown/Pending "Waiting for controller"` on create.
        Pending = "Pending",
        /// Unknown: deprecated spelling of [`Self::Pending`]; read it, do not write it.
        Waiting = "Waiting",
    }
}

string_enum! {
    /// Reasons of a GatewayClass's `SupportedVersion` condition (experimental).
    pub enum GatewayClassSupportedVersionReason {
        /// True: the installed CRDs' bundle version is supported.
        SupportedVersion = "SupportedVersion",
        /// False: the installed CRDs' bundle version is not supported.
        UnsupportedVersion = "UnsupportedVersion",
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway (`apis/v1/gateway_types.go`)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Condition types of a Gateway (`status.conditions`).
    pub enum GatewayConditionType {
        /// Whether the Gateway is valid enough to produce data-plane configuration.
        Accepted = "Accepted",
        /// Whether configuration was generated and is assumed ready soon; a positive-polarity
        /// summary that is always present.
        Programmed = "Programmed",
        /// Whether references outside listeners resolved, plus a summary of the listeners'
        /// `ResolvedRefs` ("considered Experimental"); it does not affect Accepted or Programmed.
        ResolvedRefs = "ResolvedRefs",
        /// Present (True only) while frontend client-certificate validation runs in
        /// `AllowInsecureFallback` mode; removed when back to `AllowValidOnly`.
        InsecureFrontendValidationMode = "InsecureFrontendValidationMode",
        /// Deprecated: use [`Self::Accepted`]. Kept so that old status still decodes.
        Scheduled = "Scheduled",
        /// Reserved for future use: the spec says it "MUST NOT be used".
        Ready = "Ready",
    }
}

string_enum! {
    /// Reasons of a Gateway's `Accepted` condition.
    pub enum GatewayAcceptedReason {
        /// True: the Gateway is accepted.
        Accepted = "Accepted",
        /// True or False: some listeners are invalid. "The implementation MUST set a
        /// "ListenersNotValid" condition on the Gateway Status when the Gateway contains
        /// Conflicted Listeners whether or not they accept the Gateway".
        ListenersNotValid = "ListenersNotValid",
        /// False: the Gateway is syntactically or semantically invalid.
        Invalid = "Invalid",
        /// False: `infrastructure.parametersRef` is invalid.
        InvalidParameters = "InvalidParameters",
        /// False: deprecated; the Gateway has not been reconciled.
        NotReconciled = "NotReconciled",
        /// False: a requested address type is not supported.
        UnsupportedAddress = "UnsupportedAddress",
        /// Unknown: the controller has not reconciled the Gateway yet (the API server's default).
        Pending = "Pending",
    }
}

string_enum! {
    /// Reasons of a Gateway's `Programmed` condition.
    pub enum GatewayProgrammedReason {
        /// True: configuration was generated and is assumed ready soon.
        Programmed = "Programmed",
        /// False: the Gateway is invalid.
        Invalid = "Invalid",
        /// False or Unknown: not programmed yet (Unknown is the API server's default).
        Pending = "Pending",
        /// False: not enough resources to program the Gateway.
        NoResources = "NoResources",
        /// False: a dynamic address is not assigned yet (for example waiting on IPAM).
        AddressNotAssigned = "AddressNotAssigned",
        /// False: an address requested in `spec.addresses` cannot be used.
        AddressNotUsable = "AddressNotUsable",
    }
}

string_enum! {
    /// Reasons of a Gateway's `ResolvedRefs` condition (experimental).
    pub enum GatewayResolvedRefsReason {
        /// True: every reference resolved.
        ResolvedRefs = "ResolvedRefs",
        /// False: a cross-namespace `tls.backend` reference has no ReferenceGrant.
        RefNotPermitted = "RefNotPermitted",
        /// False: `tls.backend.clientCertificateRef` is invalid.
        InvalidClientCertificateRef = "InvalidClientCertificateRef",
        /// False: some listener has `ResolvedRefs=False`.
        ListenersNotResolved = "ListenersNotResolved",
    }
}

string_enum! {
    /// Reasons of a Gateway's `InsecureFrontendValidationMode` condition (True only).
    pub enum GatewayInsecureFrontendValidationModeReason {
        /// True: the validation mode is `AllowInsecureFallback`, on the Gateway default or a port.
        ConfigurationChanged = "ConfigurationChanged",
    }
}

string_enum! {
    /// Reasons of a Gateway's deprecated `Scheduled` condition; read them, do not write them.
    pub enum GatewayScheduledReason {
        /// Deprecated: the Gateway was scheduled.
        Scheduled = "Scheduled",
        /// Deprecated: the Gateway has not been reconciled.
        NotReconciled = "NotReconciled",
    }
}

string_enum! {
    /// Reasons of a Gateway's reserved `Ready` condition, which "MUST NOT be used".
    pub enum GatewayReadyReason {
        /// Reserved.
        Ready = "Ready",
        /// Reserved: some listeners are not ready.
        ListenersNotReady = "ListenersNotReady",
    }
}

// ---------------------------------------------------------------------------------------------
// Gateway listeners (`status.listeners[].conditions`)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Condition types of a Gateway listener (`status.listeners[].conditions`).
    pub enum ListenerConditionType {
        /// Whether the listener conflicts with another on the same port; a conflicted port
        /// should not be configured. An absent condition means no conflict.
        Conflicted = "Conflicted",
        /// Whether the listener is valid and all its features are supported; a listener without
        /// routes is still Accepted.
        Accepted = "Accepted",
        /// Whether the listener's references (certificates, route kinds, CA certificates)
        /// resolved.
        ResolvedRefs = "ResolvedRefs",
        /// Positive-polarity summary: the listener is configured in the data plane.
        Programmed = "Programmed",
        /// True only: TLS listeners on the same port have overlapping hostnames or certificate
        /// SANs; set on all involved listeners.
        OverlappingTLSConfig = "OverlappingTLSConfig",
        /// Deprecated. Kept so that old status still decodes.
        Detached = "Detached",
        /// Reserved for future use.
        Ready = "Ready",
    }
}

string_enum! {
    /// Reasons of a listener's `Conflicted` condition.
    pub enum ListenerConflictedReason {
        /// True: another listener on the same port has a conflicting hostname.
        HostnameConflict = "HostnameConflict",
        /// True: another listener on the same port has a conflicting protocol.
        ProtocolConflict = "ProtocolConflict",
        /// False: no conflict.
        NoConflicts = "NoConflicts",
    }
}

string_enum! {
    /// Reasons of a listener's `Accepted` condition.
    pub enum ListenerAcceptedReason {
        /// True: the listener is valid and its features are supported.
        Accepted = "Accepted",
        /// False: the port is in use or not supported.
        PortUnavailable = "PortUnavailable",
        /// False: the protocol is not supported.
        UnsupportedProtocol = "UnsupportedProtocol",
        /// False: every frontend CA certificate reference is invalid.
        NoValidCACertificate = "NoValidCACertificate",
        /// False: a field value is not supported (for example TLS Terminate for TLSRoute where
        /// the implementation does not support it).
        UnsupportedValue = "UnsupportedValue",
        /// Unknown: not reconciled yet.
        Pending = "Pending",
    }
}

string_enum! {
    /// Reasons of a listener's `ResolvedRefs` condition.
    pub enum ListenerResolvedRefsReason {
        /// True: every reference resolved.
        ResolvedRefs = "ResolvedRefs",
        /// False: a certificate reference is nonexistent, unsupported or malformed, and
        /// permitted (an unpermitted one is [`Self::RefNotPermitted`]).
        InvalidCertificateRef = "InvalidCertificateRef",
        /// False: `allowedRoutes.kinds` names an unsupported kind; `supportedKinds` then lists
        /// only the valid ones.
        InvalidRouteKinds = "InvalidRouteKinds",
        /// False: a cross-namespace certificate reference has no ReferenceGrant.
        RefNotPermitted = "RefNotPermitted",
        /// False: a frontend CA certificate reference is invalid.
        InvalidCACertificateRef = "InvalidCACertificateRef",
        /// False: a frontend CA certificate reference names an unsupported kind.
        InvalidCACertificateKind = "InvalidCACertificateKind",
    }
}

string_enum! {
    /// Reasons of a listener's `Programmed` condition.
    pub enum ListenerProgrammedReason {
        /// True: the listener is programmed.
        Programmed = "Programmed",
        /// False: the listener is invalid.
        Invalid = "Invalid",
        /// False or Unknown: not programmed yet.
        Pending = "Pending",
    }
}

string_enum! {
    /// Reasons of a listener's `OverlappingTLSConfig` condition (True only).
    pub enum ListenerOverlappingTlsReason {
        /// True: hostnames overlap (for example `foo.example.com` and `*.example.com`);
        /// implementations "MUST detect" this.
        OverlappingHostnames = "OverlappingHostnames",
        /// True: certificate SANs overlap; implementations "MAY" detect this, and it is
        /// preferred when both apply.
        OverlappingCertificates = "OverlappingCertificates",
    }
}

string_enum! {
    /// Reasons of a listener's deprecated `Detached` condition; read them, do not write them.
    pub enum ListenerDetachedReason {
        /// Deprecated: the listener is attached.
        Attached = "Attached",
    }
}

// ---------------------------------------------------------------------------------------------
// ListenerSet (`apis/v1/listenerset_types.go`, GEP-1713)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Top-level condition types of a ListenerSet (`status.conditions`).
    pub enum ListenerSetConditionType {
        /// Whether the ListenerSet is semantically valid and accepted by its `parentRef`;
        /// it "MUST be set on every `ListenerSet`".
        Accepted = "Accepted",
        /// Like the Gateway's `Programmed`, but only for this ListenerSet's listeners; it
        /// "MUST be set on every `ListenerSet`".
        Programmed = "Programmed",
    }
}

string_enum! {
    /// Reasons of a ListenerSet's top-level `Accepted` condition.
    pub enum ListenerSetAcceptedReason {
        /// True: the parent Gateway accepted the ListenerSet.
        Accepted = "Accepted",
        /// False: the ListenerSet is invalid.
        Invalid = "Invalid",
        /// False: the parent Gateway's `allowedListeners` does not allow it.
        NotAllowed = "NotAllowed",
        /// False: the parent Gateway is not accepted (for example an invalid address).
        ParentNotAccepted = "ParentNotAccepted",
        /// True or False: one or more listeners in the set are invalid or use an unsupported
        /// feature.
        ListenersNotValid = "ListenersNotValid",
        /// Unknown: not reconciled yet (the API server's default).
        Pending = "Pending",
    }
}

string_enum! {
    /// Reasons of a ListenerSet's top-level `Programmed` condition.
    pub enum ListenerSetProgrammedReason {
        /// True: the ListenerSet's listeners are programmed.
        Programmed = "Programmed",
        /// False: the ListenerSet is invalid.
        Invalid = "Invalid",
        /// False: the parent Gateway is not programmed. Named only in the doc comment; upstream
        /// defines no Go constant for it.
        ParentNotProgrammed = "ParentNotProgrammed",
        /// False: one or more listeners in the set are invalid.
        ListenersNotValid = "ListenersNotValid",
        /// False: a listener's port is unavailable (carried up from the listener entry).
        PortUnavailable = "PortUnavailable",
        /// False: the parent Gateway's `allowedListeners` does not allow the ListenerSet. Not in
        /// the doc comment; the conformance suite asserts `Programmed=False/NotAllowed`.
        NotAllowed = "NotAllowed",
        /// Unknown: not programmed yet (the API server's default).
        Pending = "Pending",
    }
}

string_enum! {
    /// Condition types of a ListenerSet's listener entry (`status.listeners[].conditions`).
    pub enum ListenerEntryConditionType {
        /// Whether the entry conflicts with another listener of the same parent Gateway.
        Conflicted = "Conflicted",
        /// Whether the entry is valid and accepted.
        Accepted = "Accepted",
        /// Whether the entry's references resolved.
        ResolvedRefs = "ResolvedRefs",
        /// Positive-polarity summary: the entry is configured in the data plane.
        Programmed = "Programmed",
    }
}

string_enum! {
    /// Reasons of a ListenerSet listener entry's `Conflicted` condition.
    pub enum ListenerEntryConflictedReason {
        /// True: another listener on the same port has a conflicting hostname.
        HostnameConflict = "HostnameConflict",
        /// True: another listener on the same port has a conflicting protocol.
        ProtocolConflict = "ProtocolConflict",
        /// True: another listener has the same port and hostname; the "most specific conflict
        /// reason", preferred over the other two when it applies.
        ListenerConflict = "ListenerConflict",
    }
}

string_enum! {
    /// Reasons of a ListenerSet listener entry's `Accepted` condition.
    pub enum ListenerEntryAcceptedReason {
        /// True: the entry is accepted.
        Accepted = "Accepted",
        /// False: the port is in use or not supported.
        PortUnavailable = "PortUnavailable",
        /// False: the protocol is not supported.
        UnsupportedProtocol = "UnsupportedProtocol",
        /// False: the parent Gateway takes no more listeners; "An implementation MAY reject
        /// listeners by setting the `ListenerEntryStatus` `Accepted` condition to `False` with
        /// the reason `TooManyListeners`".
        TooManyListeners = "TooManyListeners",
        /// False: the entry is invalid.
        Invalid = "Invalid",
        /// False: the entry's hostname conflicts; asserted by the conformance suite.
        HostnameConflict = "HostnameConflict",
        /// False: the entry's protocol conflicts; asserted by the conformance suite.
        ProtocolConflict = "ProtocolConflict",
        /// Unknown: not reconciled yet.
        Pending = "Pending",
    }
}

string_enum! {
    /// Reasons of a ListenerSet listener entry's `ResolvedRefs` condition.
    pub enum ListenerEntryResolvedRefsReason {
        /// True: every reference resolved.
        ResolvedRefs = "ResolvedRefs",
        /// False: a certificate reference is nonexistent, unsupported or malformed.
        InvalidCertificateRef = "InvalidCertificateRef",
        /// False: `allowedRoutes.kinds` names an unsupported kind.
        InvalidRouteKinds = "InvalidRouteKinds",
        /// False: a cross-namespace reference has no ReferenceGrant.
        RefNotPermitted = "RefNotPermitted",
    }
}

string_enum! {
    /// Reasons of a ListenerSet listener entry's `Programmed` condition.
    pub enum ListenerEntryProgrammedReason {
        /// True: the entry is programmed.
        Programmed = "Programmed",
        /// False: the entry is invalid.
        Invalid = "Invalid",
        /// False: the port is unavailable.
        PortUnavailable = "PortUnavailable",
        /// False: the entry's protocol conflicts; asserted by the conformance suite.
        ProtocolConflict = "ProtocolConflict",
        /// False or Unknown: not programmed yet.
        Pending = "Pending",
    }
}

// ---------------------------------------------------------------------------------------------
// Routes (`status.parents[].conditions`, `apis/v1/shared_types.go`)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Condition types of a route's parent status (`status.parents[].conditions`), shared by
    /// HTTPRoute, GRPCRoute, TLSRoute, TCPRoute and UDPRoute.
    pub enum RouteConditionType {
        /// Whether the parent accepted the route: "A Route MUST be considered "Accepted" if at
        /// least one of the Route's rules is implemented by the Gateway".
        Accepted = "Accepted",
        /// Whether every object reference of the route resolved.
        ResolvedRefs = "ResolvedRefs",
        /// True only: the route has both valid and invalid rules. It "MUST NOT" be set when the
        /// route is fully valid, fully invalid or not accepted.
        PartiallyInvalid = "PartiallyInvalid",
    }
}

string_enum! {
    /// Reasons of a route parent's `Accepted` condition.
    pub enum RouteAcceptedReason {
        /// True: the route is accepted by the parent.
        Accepted = "Accepted",
        /// False: "the Gateway has no Listener whose allowedRoutes criteria permit the route".
        /// Also what conformance expects for a TLSRoute on a non-TLS listener.
        NotAllowedByListeners = "NotAllowedByListeners",
        /// False: "the Gateway has no compatible Listeners whose Hostname matches the route".
        NoMatchingListenerHostname = "NoMatchingListenerHostname",
        /// False: a parentRef's port and/or sectionName "does not match any Listeners in the
        /// Gateway".
        NoMatchingParent = "NoMatchingParent",
        /// False: "a value for an Enum is not recognized".
        UnsupportedValue = "UnsupportedValue",
        /// False: "incompatible filters present on a route rule (e.g. URLRewrite and
        /// RequestRedirect)".
        IncompatibleFilters = "IncompatibleFilters",
        /// Unknown: the controller has not reconciled the route yet.
        Pending = "Pending",
    }
}

string_enum! {
    /// Reasons of a route parent's `ResolvedRefs` condition.
    pub enum RouteResolvedRefsReason {
        /// True: every object reference resolved.
        ResolvedRefs = "ResolvedRefs",
        /// False: a cross-namespace backendRef has no ReferenceGrant.
        RefNotPermitted = "RefNotPermitted",
        /// False: a reference names an unknown or unsupported group/kind.
        InvalidKind = "InvalidKind",
        /// False: a referenced resource does not exist.
        BackendNotFound = "BackendNotFound",
        /// False: a backend's appProtocol is not supported by the implementation.
        UnsupportedProtocol = "UnsupportedProtocol",
    }
}

string_enum! {
    /// Reasons of a route parent's `PartiallyInvalid` condition (True only).
    pub enum RoutePartiallyInvalidReason {
        /// True: some rules are invalid; the message starts with
        /// [`PARTIALLY_INVALID_DROPPED_RULE`] or is [`PARTIALLY_INVALID_FALL_BACK`].
        UnsupportedValue = "UnsupportedValue",
    }
}

/// Start of a `PartiallyInvalid` message when the implementation drops the invalid rules: the
/// message "MUST start "Dropped Rule"", with `Accepted=True` at the latest generation.
pub const PARTIALLY_INVALID_DROPPED_RULE: &str = "Dropped Rule";

/// The `PartiallyInvalid` message when the implementation falls back to the last good state,
/// with `Accepted=True` at the generation of that state.
pub const PARTIALLY_INVALID_FALL_BACK: &str = "Fall Back";

// ---------------------------------------------------------------------------------------------
// Policies (`status.ancestors[].conditions`, `apis/v1/policy_types.go`,
// `apis/v1/backendtlspolicy_types.go`)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Condition types of a policy's ancestor status (`status.ancestors[].conditions`).
    pub enum PolicyConditionType {
        /// Whether the policy is accepted for this ancestor.
        Accepted = "Accepted",
        /// Whether the policy's references resolved (BackendTLSPolicy).
        ResolvedRefs = "ResolvedRefs",
    }
}

string_enum! {
    /// Reasons of a policy ancestor's `Accepted` condition.
    pub enum PolicyAcceptedReason {
        /// True: the policy is accepted.
        Accepted = "Accepted",
        /// False: another policy targets the same resource and the two cannot be merged.
        Conflicted = "Conflicted",
        /// False: the policy is invalid.
        Invalid = "Invalid",
        /// False: the policy's target does not exist.
        TargetNotFound = "TargetNotFound",
        /// False (BackendTLSPolicy): every CA certificate reference is invalid.
        NoValidCACertificate = "NoValidCACertificate",
    }
}

string_enum! {
    /// Reasons of a BackendTLSPolicy ancestor's `ResolvedRefs` condition.
    pub enum PolicyResolvedRefsReason {
        /// True: every reference resolved.
        ResolvedRefs = "ResolvedRefs",
        /// False: a CA certificate reference is invalid.
        InvalidCACertificateRef = "InvalidCACertificateRef",
        /// False: a CA certificate reference names an unsupported kind.
        InvalidKind = "InvalidKind",
    }
}

// ---------------------------------------------------------------------------------------------
// XMesh (`apisx/v1alpha1/xmesh_types.go`)
// ---------------------------------------------------------------------------------------------

string_enum! {
    /// Condition types of an XMesh (`status.conditions`, experimental).
    pub enum XMeshConditionType {
        /// Whether the mesh implementation named in `controllerName` accepted the XMesh.
        Accepted = "Accepted",
    }
}

string_enum! {
    /// Reasons of an XMesh's `Accepted` condition.
    pub enum XMeshAcceptedReason {
        /// True: the XMesh is accepted.
        Accepted = "Accepted",
        /// False: `parametersRef` is invalid.
        InvalidParameters = "InvalidParameters",
        /// Unknown: not reconciled yet.
        Pending = "Pending",
    }
}

as_ref_str!(
    GatewayClassConditionType,
    GatewayClassAcceptedReason,
    GatewayClassSupportedVersionReason,
    GatewayConditionType,
    GatewayAcceptedReason,
    GatewayProgrammedReason,
    GatewayResolvedRefsReason,
    GatewayInsecureFrontendValidationModeReason,
    GatewayScheduledReason,
    GatewayReadyReason,
    ListenerConditionType,
    ListenerConflictedReason,
    ListenerAcceptedReason,
    ListenerResolvedRefsReason,
    ListenerProgrammedReason,
    ListenerOverlappingTlsReason,
    ListenerDetachedReason,
    ListenerSetConditionType,
    ListenerSetAcceptedReason,
    ListenerSetProgrammedReason,
    ListenerEntryConditionType,
    ListenerEntryConflictedReason,
    ListenerEntryAcceptedReason,
    ListenerEntryResolvedRefsReason,
    ListenerEntryProgrammedReason,
    RouteConditionType,
    RouteAcceptedReason,
    RouteResolvedRefsReason,
    RoutePartiallyInvalidReason,
    PolicyConditionType,
    PolicyAcceptedReason,
    PolicyResolvedRefsReason,
    XMeshConditionType,
    XMeshAcceptedReason,
);

// ---------------------------------------------------------------------------------------------
// Operations on condition lists
// ---------------------------------------------------------------------------------------------

/// Builds a [`Condition`] from a type and reason (typed enums or strings).
///
/// [`Condition`]'s type, reason and message are `Cow<'static, str>`, and so are these
/// arguments: typed enums of known values and `&'static str` constants are borrowed, not copied
/// (pass a `String` for text built at run time). A controller writes the same few of them on
/// every object, so this saves three allocations per condition. Decoded conditions own their
/// strings; read them as `&str` with `&*c.reason` and compare them directly
/// (`c.r#type == "Accepted"`).
///
/// `observed_generation` should be the object's `metadata.generation`: the spec asks controllers
/// to "set `observedGeneration` to the object's generation". `last_transition_time` is the time to
/// record if this condition turns out to be a transition; [`set_condition`] keeps the old one
/// when the status did not change.
pub fn condition(
    r#type: impl Into<Cow<'static, str>>,
    status: ConditionStatus,
    reason: impl Into<Cow<'static, str>>,
    message: impl Into<Cow<'static, str>>,
    observed_generation: Option<i64>,
    last_transition_time: Time,
) -> Condition {
    Condition {
        last_transition_time,
        message: message.into(),
        observed_generation,
        reason: reason.into(),
        status,
        r#type: r#type.into(),
    }
}

/// The condition of the given type, if present.
///
/// Conditions are a `listType=map` keyed by `type`, so there is at most one.
pub fn find_condition(conditions: &[Condition], r#type: impl AsRef<str>) -> Option<&Condition> {
    let r#type = r#type.as_ref();
    conditions.iter().find(|c| c.r#type == r#type)
}

/// Merges `new` into `conditions` by type and returns whether the list changed.
///
/// The rules, from the spec's notes for implementors:
/// - "merge, never duplicate a type": an existing condition of the same type is updated in
///   place; otherwise `new` is appended. Conditions of other types (possibly written by other
///   controllers) are left untouched and in order.
/// - `lastTransitionTime` changes only on a transition: when the status is unchanged the
///   existing time is kept, and reason, message and observedGeneration are replaced.
/// - "skip the update if the existing condition's observedGeneration is newer": a condition
///   computed from an older generation than the one recorded is not written.
pub fn set_condition(conditions: &mut Vec<Condition>, mut new: Condition) -> bool {
    let Some(existing) = conditions.iter_mut().find(|c| c.r#type == new.r#type) else {
        conditions.push(new);
        return true;
    };
    if let (Some(recorded), Some(incoming)) =
        (existing.observed_generation, new.observed_generation)
        && recorded > incoming
    {
        return false;
    }
    if existing.status == new.status {
        new.last_transition_time = existing.last_transition_time.clone();
    }
    if *existing == new {
        return false;
    }
    *existing = new;
    true
}

/// Removes the condition of the given type and returns it, if present.
///
/// Some conditions exist only while they hold: `InsecureFrontendValidationMode` is removed when
/// the mode is back to `AllowValidOnly`, and `PartiallyInvalid` "MUST NOT be set" once the route
/// is fully valid, fully invalid or not accepted.
pub fn remove_condition(
    conditions: &mut Vec<Condition>,
    r#type: impl AsRef<str>,
) -> Option<Condition> {
    let r#type = r#type.as_ref();
    let index = conditions.iter().position(|c| c.r#type == r#type)?;
    Some(conditions.remove(index))
}

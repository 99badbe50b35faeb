//! Condition types and reasons serialize as the API's strings, unknown values survive, and
//! `set_condition` merges as the spec's notes for implementors describe.

use gateway_api_types::conditions::*;
use gateway_api_types::model::{Condition, ConditionStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::jiff::Timestamp;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// `value` serializes as the JSON string `wire` and `wire` decodes back to `value`.
fn assert_wire<T>(value: T, wire: &str)
where
    T: Serialize
        + DeserializeOwned
        + PartialEq
        + std::fmt::Debug
        + AsRef<str>
        + for<'a> From<&'a str>,
{
    let json = serde_json::to_string(&value).unwrap();
    assert_eq!(
        json,
        format!("\"{wire}\""),
        "{value:?} serializes as {wire}"
    );
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(back, value);
    assert_eq!(value.as_ref(), wire);
    assert_eq!(T::from(wire), value);
}

fn at(second: i64) -> Time {
    Time(Timestamp::from_second(second).unwrap())
}

#[test]
fn condition_types_use_api_strings() {
    assert_wire(GatewayClassConditionType::Accepted, "Accepted");
    assert_wire(
        GatewayClassConditionType::SupportedVersion,
        "SupportedVersion",
    );
    assert_wire(GatewayConditionType::Programmed, "Programmed");
    assert_wire(GatewayConditionType::ResolvedRefs, "ResolvedRefs");
    assert_wire(
        GatewayConditionType::InsecureFrontendValidationMode,
        "InsecureFrontendValidationMode",
    );
    assert_wire(GatewayConditionType::Scheduled, "Scheduled");
    assert_wire(GatewayConditionType::Ready, "Ready");
    assert_wire(ListenerConditionType::Conflicted, "Conflicted");
    assert_wire(
        ListenerConditionType::OverlappingTLSConfig,
        "OverlappingTLSConfig",
    );
    assert_wire(ListenerConditionType::Detached, "Detached");
    assert_wire(ListenerSetConditionType::Accepted, "Accepted");
    assert_wire(ListenerEntryConditionType::Conflicted, "Conflicted");
    assert_wire(RouteConditionType::PartiallyInvalid, "PartiallyInvalid");
    assert_wire(PolicyConditionType::ResolvedRefs, "ResolvedRefs");
    assert_wire(XMeshConditionType::Accepted, "Accepted");
}

#[test]
fn reasons_use_api_strings() {
    assert_wire(
        GatewayClassAcceptedReason::InvalidParameters,
        "InvalidParameters",
    );
    assert_wire(GatewayClassAcceptedReason::Waiting, "Waiting");
    assert_wire(
        GatewayClassSupportedVersionReason::UnsupportedVersion,
        "UnsupportedVersion",
    );
    assert_wire(
        GatewayAcceptedReason::ListenersNotValid,
        "ListenersNotValid",
    );
    assert_wire(
        GatewayAcceptedReason::UnsupportedAddress,
        "UnsupportedAddress",
    );
    assert_wire(
        GatewayProgrammedReason::AddressNotAssigned,
        "AddressNotAssigned",
    );
    assert_wire(
        GatewayProgrammedReason::AddressNotUsable,
        "AddressNotUsable",
    );
    assert_wire(GatewayProgrammedReason::NoResources, "NoResources");
    assert_wire(
        GatewayResolvedRefsReason::InvalidClientCertificateRef,
        "InvalidClientCertificateRef",
    );
    assert_wire(
        GatewayResolvedRefsReason::ListenersNotResolved,
        "ListenersNotResolved",
    );
    assert_wire(
        GatewayInsecureFrontendValidationModeReason::ConfigurationChanged,
        "ConfigurationChanged",
    );
    assert_wire(GatewayScheduledReason::NotReconciled, "NotReconciled");
    assert_wire(GatewayReadyReason::ListenersNotReady, "ListenersNotReady");
    assert_wire(
        ListenerConflictedReason::HostnameConflict,
        "HostnameConflict",
    );
    assert_wire(ListenerConflictedReason::NoConflicts, "NoConflicts");
    assert_wire(
        ListenerAcceptedReason::NoValidCACertificate,
        "NoValidCACertificate",
    );
    assert_wire(ListenerAcceptedReason::PortUnavailable, "PortUnavailable");
    assert_wire(
        ListenerResolvedRefsReason::InvalidCertificateRef,
        "InvalidCertificateRef",
    );
    assert_wire(
        ListenerResolvedRefsReason::InvalidRouteKinds,
        "InvalidRouteKinds",
    );
    assert_wire(
        ListenerResolvedRefsReason::InvalidCACertificateKind,
        "InvalidCACertificateKind",
    );
    assert_wire(ListenerProgrammedReason::Pending, "Pending");
    assert_wire(
        ListenerOverlappingTlsReason::OverlappingHostnames,
        "OverlappingHostnames",
    );
    assert_wire(
        ListenerOverlappingTlsReason::OverlappingCertificates,
        "OverlappingCertificates",
    );
    assert_wire(ListenerDetachedReason::Attached, "Attached");
    assert_wire(ListenerSetAcceptedReason::NotAllowed, "NotAllowed");
    assert_wire(
        ListenerSetAcceptedReason::ParentNotAccepted,
        "ParentNotAccepted",
    );
    assert_wire(
        ListenerSetProgrammedReason::ParentNotProgrammed,
        "ParentNotProgrammed",
    );
    assert_wire(ListenerSetProgrammedReason::NotAllowed, "NotAllowed");
    assert_wire(
        ListenerEntryConflictedReason::ListenerConflict,
        "ListenerConflict",
    );
    assert_wire(
        ListenerEntryAcceptedReason::TooManyListeners,
        "TooManyListeners",
    );
    assert_wire(
        ListenerEntryAcceptedReason::ProtocolConflict,
        "ProtocolConflict",
    );
    assert_wire(
        ListenerEntryResolvedRefsReason::RefNotPermitted,
        "RefNotPermitted",
    );
    assert_wire(
        ListenerEntryProgrammedReason::PortUnavailable,
        "PortUnavailable",
    );
    assert_wire(
        RouteAcceptedReason::NotAllowedByListeners,
        "NotAllowedByListeners",
    );
    assert_wire(
        RouteAcceptedReason::NoMatchingListenerHostname,
        "NoMatchingListenerHostname",
    );
    assert_wire(RouteAcceptedReason::NoMatchingParent, "NoMatchingParent");
    assert_wire(
        RouteAcceptedReason::IncompatibleFilters,
        "IncompatibleFilters",
    );
    assert_wire(RouteResolvedRefsReason::BackendNotFound, "BackendNotFound");
    assert_wire(
        RouteResolvedRefsReason::UnsupportedProtocol,
        "UnsupportedProtocol",
    );
    assert_wire(
        RoutePartiallyInvalidReason::UnsupportedValue,
        "UnsupportedValue",
    );
    assert_wire(PolicyAcceptedReason::TargetNotFound, "TargetNotFound");
    assert_wire(
        PolicyAcceptedReason::NoValidCACertificate,
        "NoValidCACertificate",
    );
    assert_wire(
        PolicyResolvedRefsReason::InvalidCACertificateRef,
        "InvalidCACertificateRef",
    );
    assert_wire(PolicyResolvedRefsReason::InvalidKind, "InvalidKind");
    assert_wire(XMeshAcceptedReason::InvalidParameters, "InvalidParameters");
}

#[test]
fn every_known_value_round_trips() {
    fn all<T>(known: &[&str])
    where
        T: Serialize + DeserializeOwned + AsRef<str> + for<'a> From<&'a str>,
    {
        for &wire in known {
            let value = T::from(wire);
            assert_eq!(value.as_ref(), wire);
            assert_eq!(
                serde_json::to_string(&value).unwrap(),
                format!("\"{wire}\"")
            );
        }
    }
    all::<GatewayClassConditionType>(GatewayClassConditionType::KNOWN);
    all::<GatewayConditionType>(GatewayConditionType::KNOWN);
    all::<ListenerConditionType>(ListenerConditionType::KNOWN);
    all::<ListenerSetConditionType>(ListenerSetConditionType::KNOWN);
    all::<ListenerEntryConditionType>(ListenerEntryConditionType::KNOWN);
    all::<RouteConditionType>(RouteConditionType::KNOWN);
    all::<PolicyConditionType>(PolicyConditionType::KNOWN);
    all::<XMeshConditionType>(XMeshConditionType::KNOWN);
    all::<GatewayAcceptedReason>(GatewayAcceptedReason::KNOWN);
    all::<ListenerEntryAcceptedReason>(ListenerEntryAcceptedReason::KNOWN);
    all::<RouteAcceptedReason>(RouteAcceptedReason::KNOWN);
    // Each known string maps to a known variant, i.e. no two variants share a string.
    assert!(
        ListenerResolvedRefsReason::KNOWN
            .iter()
            .all(|wire| ListenerResolvedRefsReason::from(*wire).is_known())
    );
}

#[test]
fn unknown_reasons_and_types_are_kept() {
    let reason: RouteAcceptedReason = serde_json::from_str("\"ExampleVendorReason\"").unwrap();
    assert_eq!(
        reason,
        RouteAcceptedReason::Unrecognized("ExampleVendorReason".into())
    );
    assert!(!reason.is_known());
    assert_eq!(
        serde_json::to_string(&reason).unwrap(),
        "\"ExampleVendorReason\""
    );

    // A reason from another condition type is not silently accepted as one of this type.
    assert!(!ListenerAcceptedReason::from("ListenerConflict").is_known());

    let r#type = GatewayConditionType::from("example.com/Healthy");
    assert_eq!(r#type.as_str(), "example.com/Healthy");
    assert_eq!(r#type.to_string(), "example.com/Healthy");
}

#[test]
fn condition_builds_from_enums_and_strings() {
    let built = condition(
        RouteConditionType::Accepted,
        ConditionStatus::False,
        RouteAcceptedReason::NotAllowedByListeners,
        "no listener allows HTTPRoute",
        Some(4),
        at(10),
    );
    assert_eq!(built.r#type, "Accepted");
    assert_eq!(built.reason, "NotAllowedByListeners");
    assert_eq!(built.status, ConditionStatus::False);
    assert_eq!(built.message, "no listener allows HTTPRoute");
    assert_eq!(built.observed_generation, Some(4));
    assert_eq!(built.last_transition_time, at(10));

    let from_strings = condition(
        "Accepted",
        ConditionStatus::False,
        "NotAllowedByListeners",
        String::from("no listener allows HTTPRoute"),
        Some(4),
        at(10),
    );
    assert_eq!(from_strings, built);

    let json = serde_json::to_value(&built).unwrap();
    assert_eq!(json["type"], "Accepted");
    assert_eq!(json["reason"], "NotAllowedByListeners");
    assert_eq!(json["status"], "False");
    assert_eq!(json["observedGeneration"], 4);
}

fn listener(
    r#type: ListenerConditionType,
    status: ConditionStatus,
    reason: &'static str,
    generation: i64,
    time: i64,
) -> Condition {
    condition(r#type, status, reason, "", Some(generation), at(time))
}

#[test]
fn find_condition_by_type() {
    let conditions = vec![
        listener(
            ListenerConditionType::Accepted,
            ConditionStatus::True,
            "Accepted",
            1,
            1,
        ),
        listener(
            ListenerConditionType::ResolvedRefs,
            ConditionStatus::False,
            "InvalidCertificateRef",
            1,
            1,
        ),
    ];
    let found = find_condition(&conditions, ListenerConditionType::ResolvedRefs).unwrap();
    assert_eq!(
        ListenerResolvedRefsReason::from(&*found.reason),
        ListenerResolvedRefsReason::InvalidCertificateRef
    );
    assert!(find_condition(&conditions, "Programmed").is_none());
    assert!(find_condition(&[], ListenerConditionType::Accepted).is_none());
}

#[test]
fn set_condition_appends_a_new_type() {
    let mut conditions = Vec::new();
    assert!(set_condition(
        &mut conditions,
        listener(
            ListenerConditionType::Accepted,
            ConditionStatus::True,
            "Accepted",
            1,
            1
        )
    ));
    assert!(set_condition(
        &mut conditions,
        listener(
            ListenerConditionType::Programmed,
            ConditionStatus::True,
            "Programmed",
            1,
            1
        )
    ));
    let types: Vec<_> = conditions.iter().map(|c| &*c.r#type).collect();
    assert_eq!(types, ["Accepted", "Programmed"]);
}

#[test]
fn set_condition_keeps_transition_time_when_status_unchanged() {
    let mut conditions = vec![condition(
        GatewayConditionType::Accepted,
        ConditionStatus::True,
        GatewayAcceptedReason::Accepted,
        "ok",
        Some(1),
        at(100),
    )];
    let changed = set_condition(
        &mut conditions,
        condition(
            GatewayConditionType::Accepted,
            ConditionStatus::True,
            GatewayAcceptedReason::ListenersNotValid,
            "listener https conflicts",
            Some(2),
            at(200),
        ),
    );
    assert!(changed);
    assert_eq!(conditions.len(), 1);
    let accepted = &conditions[0];
    assert_eq!(
        accepted.last_transition_time,
        at(100),
        "no transition, time kept"
    );
    assert_eq!(accepted.reason, "ListenersNotValid");
    assert_eq!(accepted.message, "listener https conflicts");
    assert_eq!(accepted.observed_generation, Some(2));
}

#[test]
fn set_condition_updates_transition_time_when_status_changes() {
    let mut conditions = vec![condition(
        GatewayConditionType::Programmed,
        ConditionStatus::Unknown,
        GatewayProgrammedReason::Pending,
        "Waiting for controller",
        None,
        at(100),
    )];
    assert!(set_condition(
        &mut conditions,
        condition(
            GatewayConditionType::Programmed,
            ConditionStatus::True,
            GatewayProgrammedReason::Programmed,
            "",
            Some(1),
            at(200),
        ),
    ));
    assert_eq!(conditions.len(), 1);
    assert_eq!(conditions[0].status, ConditionStatus::True);
    assert_eq!(conditions[0].reason, "Programmed");
    assert_eq!(conditions[0].last_transition_time, at(200));
    assert_eq!(conditions[0].observed_generation, Some(1));
}

#[test]
fn set_condition_never_duplicates_and_leaves_other_types_alone() {
    let foreign = condition(
        "example.com/Healthy",
        ConditionStatus::True,
        "Healthy",
        "other controller",
        Some(7),
        at(5),
    );
    let mut conditions = vec![
        listener(
            ListenerConditionType::Accepted,
            ConditionStatus::True,
            "Accepted",
            1,
            1,
        ),
        foreign.clone(),
        listener(
            ListenerConditionType::ResolvedRefs,
            ConditionStatus::True,
            "ResolvedRefs",
            1,
            1,
        ),
    ];
    for generation in 2..5 {
        set_condition(
            &mut conditions,
            listener(
                ListenerConditionType::ResolvedRefs,
                ConditionStatus::False,
                "RefNotPermitted",
                generation,
                10 * generation,
            ),
        );
    }
    assert_eq!(conditions.len(), 3);
    assert_eq!(
        conditions
            .iter()
            .filter(|c| c.r#type == "ResolvedRefs")
            .count(),
        1
    );
    assert_eq!(
        conditions[0],
        listener(
            ListenerConditionType::Accepted,
            ConditionStatus::True,
            "Accepted",
            1,
            1
        )
    );
    assert_eq!(conditions[1], foreign);
    let resolved = &conditions[2];
    assert_eq!(resolved.reason, "RefNotPermitted");
    assert_eq!(resolved.observed_generation, Some(4));
    // The status changed once, at generation 2; later writes kept that transition time.
    assert_eq!(resolved.last_transition_time, at(20));
}

#[test]
fn set_condition_reports_no_change_for_identical_content() {
    let mut conditions = vec![listener(
        ListenerConditionType::Programmed,
        ConditionStatus::True,
        "Programmed",
        3,
        1,
    )];
    let before = conditions.clone();
    // Same content recomputed later: only the candidate time differs, and it is not a transition.
    assert!(!set_condition(
        &mut conditions,
        listener(
            ListenerConditionType::Programmed,
            ConditionStatus::True,
            "Programmed",
            3,
            99
        )
    ));
    assert_eq!(conditions, before);
}

#[test]
fn set_condition_skips_a_stale_generation() {
    // "skip the update if the existing condition's observedGeneration is newer"
    let mut conditions = vec![listener(
        ListenerConditionType::Accepted,
        ConditionStatus::True,
        "Accepted",
        5,
        1,
    )];
    let before = conditions.clone();
    assert!(!set_condition(
        &mut conditions,
        listener(
            ListenerConditionType::Accepted,
            ConditionStatus::False,
            "PortUnavailable",
            4,
            2
        )
    ));
    assert_eq!(conditions, before);
}

#[test]
fn remove_condition_by_type() {
    let mut conditions = vec![
        condition(
            GatewayConditionType::Accepted,
            ConditionStatus::True,
            GatewayAcceptedReason::Accepted,
            "",
            Some(1),
            at(1),
        ),
        condition(
            GatewayConditionType::InsecureFrontendValidationMode,
            ConditionStatus::True,
            GatewayInsecureFrontendValidationModeReason::ConfigurationChanged,
            "",
            Some(1),
            at(1),
        ),
    ];
    let removed = remove_condition(
        &mut conditions,
        GatewayConditionType::InsecureFrontendValidationMode,
    )
    .unwrap();
    assert_eq!(removed.reason, "ConfigurationChanged");
    assert_eq!(conditions.len(), 1);
    assert!(
        remove_condition(
            &mut conditions,
            GatewayConditionType::InsecureFrontendValidationMode
        )
        .is_none()
    );
}

#[test]
fn partially_invalid_message_constants() {
    assert_eq!(PARTIALLY_INVALID_DROPPED_RULE, "Dropped Rule");
    assert_eq!(PARTIALLY_INVALID_FALL_BACK, "Fall Back");
}

//! `status` in the input is what the API server ignores: every Gateway API kind with a status has
//! the status subresource, so a create stores no status (the schema's default status appears
//! instead) and an update of the main resource keeps the old object's. A partial or stale status
//! (conditions without `lastTransitionTime`, of the wrong type) never rejects an object.

use gateway_api_validate::{Channel, Validator, Verdict};
use serde_json::{Value, json};

fn gateway(status: Value) -> Value {
    json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": "infra"},
        "spec": {
            "gatewayClassName": "example",
            "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}],
        },
        "status": status,
    })
}

/// Conditions as `kubectl get -o yaml` of a hand-edited object may show them: no
/// `lastTransitionTime`, no `message`, a reason the schema refuses.
fn stale_status() -> Value {
    json!({"conditions": [{"type": "Accepted", "status": "True", "reason": "not a reason!"}]})
}

#[test]
fn a_stale_status_does_not_reject_a_create() {
    let v = Validator::new(Channel::Standard).strict(true);
    for status in [
        stale_status(),
        json!("not an object"),
        json!({"colour": "blue"}),
    ] {
        let outcome = v.validate(&gateway(status.clone()));
        assert_eq!(
            outcome.verdict,
            Verdict::Admitted,
            "{status}: {:?}",
            outcome.errors
        );
        assert!(outcome.warnings.is_empty(), "{:?}", outcome.warnings);
    }
    // The same conditions in the spec's place would be errors: the status is really skipped,
    // not validated leniently.
    let mut route = gateway(Value::Null);
    route["spec"]["listeners"][0]["port"] = json!("eighty");
    assert_eq!(v.validate(&route).verdict, Verdict::Rejected);
}

#[test]
fn the_stored_object_has_the_default_status() {
    let v = Validator::new(Channel::Standard);
    let stored = v.defaulted(&gateway(stale_status())).expect("a Gateway");
    let conditions = stored["status"]["conditions"]
        .as_array()
        .expect("the default conditions");
    assert_eq!(conditions[0]["reason"], "Pending");
    assert_eq!(conditions[0]["lastTransitionTime"], "1970-01-01T00:00:00Z");
}

#[test]
fn an_update_keeps_the_old_status() {
    let v = Validator::new(Channel::Standard);
    let old = gateway(json!({"conditions": []}));
    let outcome = v.validate_update(&old, &gateway(stale_status()));
    assert_eq!(outcome.verdict, Verdict::Admitted, "{:?}", outcome.errors);
    // A spec error is still found on update.
    let mut bad = gateway(stale_status());
    bad["spec"]["listeners"][0]["port"] = json!(0);
    assert_eq!(v.validate_update(&old, &bad).verdict, Verdict::Rejected);
}

#[test]
fn a_kind_without_status_prunes_it_as_an_unknown_field() {
    // ReferenceGrant has no status and no status subresource: `status` is an unknown field.
    let grant = json!({
        "apiVersion": "gateway.networking.k8s.io/v1beta1",
        "kind": "ReferenceGrant",
        "metadata": {"name": "g", "namespace": "apps"},
        "spec": {
            "from": [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": "web"}],
            "to": [{"group": "", "kind": "Service"}],
        },
        "status": {"anything": true},
    });
    let outcome = Validator::new(Channel::Standard).validate(&grant);
    assert_eq!(outcome.verdict, Verdict::Admitted);
    assert_eq!(outcome.warnings.len(), 1, "{:?}", outcome.warnings);
    assert_eq!(outcome.warnings[0].field.as_deref(), Some("status"));
    let strict = Validator::new(Channel::Standard)
        .strict(true)
        .validate(&grant);
    assert_eq!(strict.verdict, Verdict::Rejected);
}

//! Spec clauses about Gateways and listeners, and the controller features that change their
//! status: one test per clause, quoting the spec sentence it checks.

use gateway_api_resolve::{Feature, Features, ObjectKey, Options, Resolution, Snapshot, resolve};
use gateway_api_types::model::{Condition, ConditionStatus, ListenerStatus};

use crate::bugs::snapshot;

const CONTROLLER: &str = "example.net/gateway-controller";

fn run_with(snap: &Snapshot, features: Features) -> Resolution {
    resolve(snap, &Options::new(CONTROLLER).with_features(features))
}

fn run(snap: &Snapshot) -> Resolution {
    run_with(snap, Features::default())
}

fn cond<'a>(conditions: &'a [Condition], t: &str) -> Option<&'a Condition> {
    conditions.iter().find(|c| c.r#type == t)
}

/// `(status, reason)` of condition `t`, or `None` when absent.
fn state(conditions: &[Condition], t: &str) -> Option<(bool, String)> {
    cond(conditions, t).map(|c| (c.status == ConditionStatus::True, c.reason.to_string()))
}

fn listener<'a>(r: &'a Resolution, gw: &str, name: &str) -> &'a ListenerStatus {
    r.gateways[&ObjectKey::new("infra", gw)]
        .listeners
        .as_ref()
        .and_then(|ls| ls.iter().find(|l| l.name == name))
        .unwrap_or_else(|| panic!("no listener {name}"))
}

fn gateway_conditions<'a>(r: &'a Resolution, gw: &str) -> &'a [Condition] {
    r.gateways[&ObjectKey::new("infra", gw)]
        .conditions
        .as_deref()
        .unwrap_or_default()
}

fn yes(reason: &str) -> Option<(bool, String)> {
    Some((true, reason.to_owned()))
}

fn no(reason: &str) -> Option<(bool, String)> {
    Some((false, reason.to_owned()))
}

const TLS_SECRET: &str = r#"
apiVersion: v1
kind: Secret
metadata: {name: cert, namespace: infra}
type: kubernetes.io/tls
stringData:
  tls.crt: "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n"
  tls.key: "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n"
"#;

// ---- Features ----

#[test]
fn gateway_class_lists_supported_features_sorted() {
    // "SupportedFeatures is the set of features the GatewayClass support. It MUST be sorted in
    // ascending alphabetical order by the Name key."
    let snap = snapshot("");
    let features = Features::none()
        .with(Feature::TlsRoute)
        .with(Feature::HttpRouteCors)
        .with(Feature::Gateway)
        .with(Feature::GatewayHttpsListenerDetectMisdirectedRequests)
        .with(Feature::GatewayHttpListenerIsolation);
    let r = run_with(&snap, features);
    let names: Vec<_> = r.gateway_classes[&ObjectKey::cluster("gc")]
        .supported_features
        .iter()
        .flatten()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Gateway",
            "GatewayHTTPListenerIsolation",
            "GatewayHTTPSListenerDetectMisdirectedRequests",
            "HTTPRouteCORS",
            "TLSRoute"
        ]
    );
    let r = run(&snap);
    let all = r.gateway_classes[&ObjectKey::cluster("gc")]
        .supported_features
        .clone()
        .unwrap();
    assert_eq!(all.len(), Features::default().iter().count());
    assert!(all.windows(2).all(|w| w[0].name < w[1].name));
}

#[test]
fn port_8080_needs_its_feature() {
    // ListenerReasonPortUnavailable: "The port is not supported by the implementation."
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - {name: alt, protocol: HTTP, port: 8080}
"#,
    );
    let r = run(&snap);
    assert_eq!(
        state(&listener(&r, "gw", "alt").conditions, "Accepted"),
        yes("Accepted")
    );
    let r = run_with(&snap, Features::default().without(Feature::GatewayPort8080));
    let alt = &listener(&r, "gw", "alt").conditions;
    assert_eq!(state(alt, "Accepted"), no("PortUnavailable"));
    assert_eq!(state(alt, "Programmed"), no("Invalid"));
    assert_eq!(
        state(gateway_conditions(&r, "gw"), "Accepted"),
        yes("ListenersNotValid")
    );
}

const MIXED_TLS: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - name: tls-terminate
    protocol: TLS
    port: 8443
    hostname: terminate.example.com
    tls: {mode: Terminate, certificateRefs: [{name: cert}]}
  - name: tls-passthrough
    protocol: TLS
    port: 8443
    hostname: passthrough.example.com
    tls: {mode: Passthrough}
"#;

#[test]
fn mixed_tls_modes_on_one_port_need_their_feature() {
    // TLSRouteListenerMixedTerminationNotSupported: "When TLSRoute mixed
    // termination/passthrough listener is NOT supported, a Gateway Listener with 2 distinct
    // TLS modes on the same port MUST have Accepted=False with Reason=ProtocolConflict".
    let snap = snapshot(&format!("{MIXED_TLS}\n---\n{TLS_SECRET}"));
    let r = run(&snap);
    for name in ["tls-terminate", "tls-passthrough"] {
        let c = &listener(&r, "gw", name).conditions;
        assert_eq!(state(c, "Accepted"), yes("Accepted"), "{name}");
        assert_eq!(state(c, "Conflicted"), no("NoConflicts"), "{name}");
    }
    let r = run_with(
        &snap,
        Features::default().without(Feature::TlsRouteModeMixed),
    );
    for name in ["tls-terminate", "tls-passthrough"] {
        let c = &listener(&r, "gw", name).conditions;
        assert_eq!(state(c, "Accepted"), no("ProtocolConflict"), "{name}");
        assert_eq!(state(c, "Conflicted"), yes("ProtocolConflict"), "{name}");
    }
}

#[test]
fn route_kinds_the_controller_lacks_are_not_admitted() {
    // "If an implementation does not support TCP Protocol Listeners, then the previous rule
    // does not apply, and the TCP Listeners SHOULD NOT be accepted."
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - {name: tcp, protocol: TCP, port: 9000}
  - name: explicit
    protocol: HTTP
    port: 81
    allowedRoutes: {kinds: [{kind: GRPCRoute}, {kind: HTTPRoute}]}
"#,
    );
    let features = Features::default()
        .without(Feature::TcpRoute)
        .without(Feature::GrpcRoute);
    let r = run_with(&snap, features);
    assert_eq!(
        state(&listener(&r, "gw", "tcp").conditions, "Accepted"),
        no("UnsupportedProtocol")
    );
    let kinds = |name| -> Vec<String> {
        listener(&r, "gw", name)
            .supported_kinds
            .iter()
            .flatten()
            .map(|k| k.kind.clone())
            .collect()
    };
    assert_eq!(kinds("http"), ["HTTPRoute"]);
    // A kind the protocol carries but the controller does not support is an invalid kind.
    assert_eq!(kinds("explicit"), ["HTTPRoute"]);
    assert_eq!(
        state(&listener(&r, "gw", "explicit").conditions, "ResolvedRefs"),
        no("InvalidRouteKinds")
    );
}

#[test]
fn listener_sets_need_their_feature() {
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  allowedListeners: {namespaces: {from: All}}
  listeners:
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ls, namespace: infra}
spec:
  parentRef: {name: gw}
  listeners:
  - {name: extra, protocol: HTTP, port: 81}
"#,
    );
    let key = ObjectKey::new("infra", "ls");
    let r = run(&snap);
    assert!(r.listener_sets.contains_key(&key));
    assert_eq!(
        r.gateways[&ObjectKey::new("infra", "gw")].attached_listener_sets,
        Some(1)
    );
    let r = run_with(&snap, Features::default().without(Feature::ListenerSet));
    assert!(!r.listener_sets.contains_key(&key));
    assert_eq!(
        r.gateways[&ObjectKey::new("infra", "gw")].attached_listener_sets,
        None
    );
    assert_eq!(
        r.effective[&ObjectKey::new("infra", "gw")].listeners.len(),
        1
    );
}

#[test]
fn static_and_empty_addresses_need_their_features() {
    // "If a value is set in the spec and the requested address is invalid or unavailable, the
    // implementation MUST indicate this in an associated entry in GatewayStatus.Conditions."
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: fixed, namespace: infra}
spec:
  gatewayClassName: gc
  addresses: [{type: IPAddress, value: 192.0.2.1}]
  listeners:
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: empty, namespace: infra}
spec:
  gatewayClassName: gc
  addresses: [{type: IPAddress}]
  listeners:
  - {name: http, protocol: HTTP, port: 80}
"#,
    );
    let r = run(&snap);
    for gw in ["fixed", "empty"] {
        assert_eq!(
            state(gateway_conditions(&r, gw), "Accepted"),
            yes("Accepted")
        );
    }
    let r = run_with(
        &snap,
        Features::default()
            .without(Feature::GatewayStaticAddresses)
            .without(Feature::GatewayAddressEmpty),
    );
    for gw in ["fixed", "empty"] {
        let c = gateway_conditions(&r, gw);
        assert_eq!(state(c, "Accepted"), no("UnsupportedAddress"), "{gw}");
        assert_eq!(state(c, "Programmed"), no("Invalid"), "{gw}");
    }
    assert!(
        cond(gateway_conditions(&r, "fixed"), "Accepted")
            .unwrap()
            .message
            .contains("GatewayStaticAddresses")
    );
}

// ---- Clauses ----

#[test]
fn unsupported_address_types_are_refused() {
    // GatewayReasonUnsupportedAddress: used with the "Accepted" condition "when the Gateway has
    // an address that is of a type unsupported by the controller".
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: named, namespace: infra}
spec:
  gatewayClassName: gc
  addresses: [{type: NamedAddress, value: my-pool}]
  listeners:
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: custom, namespace: infra}
spec:
  gatewayClassName: gc
  addresses: [{type: IPAddress, value: 192.0.2.1}, {type: example.com/pool, value: blue}]
  listeners:
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: host, namespace: infra}
spec:
  gatewayClassName: gc
  addresses: [{type: Hostname, value: gw.example.com}]
  listeners:
  - {name: http, protocol: HTTP, port: 80}
"#,
    );
    let r = run(&snap);
    for (gw, t) in [("named", "NamedAddress"), ("custom", "example.com/pool")] {
        let c = gateway_conditions(&r, gw);
        assert_eq!(state(c, "Accepted"), no("UnsupportedAddress"), "{gw}");
        assert!(cond(c, "Accepted").unwrap().message.contains(t), "{gw}");
        assert!(
            r.effective[&ObjectKey::new("infra", gw)]
                .listeners
                .is_empty()
        );
    }
    // The unsupported address is not reported as assigned.
    let custom = r.gateways[&ObjectKey::new("infra", "custom")]
        .addresses
        .clone()
        .unwrap_or_default();
    assert_eq!(custom.len(), 1);
    assert_eq!(custom[0].value, "192.0.2.1");
    assert_eq!(
        state(gateway_conditions(&r, "host"), "Accepted"),
        yes("Accepted")
    );
}

#[test]
fn unsupported_protocol_listeners_do_not_conflict() {
    // "If an implementation does not support TCP Protocol Listeners, then the previous rule
    // does not apply, and the TCP Listeners SHOULD NOT be accepted": a listener whose protocol
    // is unsupported never binds its port, so the others are judged as if it were absent.
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  allowedListeners: {namespaces: {from: All}}
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - {name: odd, protocol: example.com/quic, port: 80}
  - {name: tcp, protocol: TCP, port: 81}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ls, namespace: infra}
spec:
  parentRef: {name: gw}
  listeners:
  - {name: odd2, protocol: example.com/quic, port: 81}
  - {name: http2, protocol: HTTP, port: 82}
  - {name: odd3, protocol: example.com/sctp, port: 82}
"#,
    );
    let r = run(&snap);
    for name in ["http", "tcp"] {
        let c = &listener(&r, "gw", name).conditions;
        assert_eq!(state(c, "Conflicted"), no("NoConflicts"), "{name}");
        assert_eq!(state(c, "Accepted"), yes("Accepted"), "{name}");
    }
    let odd = &listener(&r, "gw", "odd").conditions;
    assert_eq!(state(odd, "Accepted"), no("UnsupportedProtocol"));
    assert_eq!(state(odd, "Conflicted"), no("NoConflicts"));
    let set = &r.listener_sets[&ObjectKey::new("infra", "ls")];
    let set_listener = |name: &str| {
        set.listeners
            .iter()
            .flatten()
            .find(|l| l.name == name)
            .unwrap()
            .conditions
            .clone()
    };
    assert_eq!(
        state(&set_listener("odd2"), "Accepted"),
        no("UnsupportedProtocol")
    );
    assert_eq!(state(&set_listener("http2"), "Accepted"), yes("Accepted"));
    assert_eq!(
        state(&set_listener("http2"), "Conflicted"),
        no("NoConflicts")
    );

    // With TCPRoute unsupported the TCP listener is the unsupported one: an HTTP listener of a
    // ListenerSet on its port is then accepted.
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  allowedListeners: {namespaces: {from: All}}
  listeners:
  - {name: tcp, protocol: TCP, port: 81}
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ls, namespace: infra}
spec:
  parentRef: {name: gw}
  listeners:
  - {name: web, protocol: HTTP, port: 81}
"#,
    );
    let r = run(&snap);
    let web = |r: &Resolution| {
        r.listener_sets[&ObjectKey::new("infra", "ls")]
            .listeners
            .as_ref()
            .unwrap()[0]
            .conditions
            .clone()
    };
    assert_eq!(state(&web(&r), "Conflicted"), yes("ProtocolConflict"));
    let r = run_with(&snap, Features::default().without(Feature::TcpRoute));
    assert_eq!(state(&web(&r), "Conflicted"), no("NoConflicts"));
    assert_eq!(state(&web(&r), "Accepted"), yes("Accepted"));
}

#[test]
fn invalid_namespace_selectors_make_the_listener_invalid() {
    // "Selector must be specified when From is set to "Selector". In that case, only Routes in
    // Namespaces matching this Selector will be selected by this Gateway." A missing selector,
    // or one Kubernetes cannot use, selects nothing and the listener is not accepted.
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  allowedListeners:
    namespaces:
      from: Selector
      selector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In}]}
  listeners:
  - name: missing
    protocol: HTTP
    port: 80
    hostname: a.example.com
    allowedRoutes: {namespaces: {from: Selector}}
  - name: exists-with-values
    protocol: HTTP
    port: 80
    hostname: b.example.com
    allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: Exists, values: [infra]}]}}}
  - name: bad-key
    protocol: HTTP
    port: 80
    hostname: c.example.com
    allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {"not a key": x}}}}
  - name: good
    protocol: HTTP
    port: 80
    hostname: d.example.com
    allowedRoutes: {namespaces: {from: Selector, selector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: Exists}]}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: infra}
spec:
  parentRefs: [{name: gw}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: ls, namespace: infra}
spec:
  parentRef: {name: gw}
  listeners:
  - {name: extra, protocol: HTTP, port: 81}
"#,
    );
    let r = run(&snap);
    for name in ["missing", "exists-with-values", "bad-key"] {
        let l = listener(&r, "gw", name);
        assert_eq!(
            state(&l.conditions, "Accepted"),
            no("UnsupportedValue"),
            "{name}"
        );
        assert_eq!(state(&l.conditions, "Programmed"), no("Invalid"), "{name}");
        assert_eq!(l.attached_routes, 0, "{name}");
    }
    let good = listener(&r, "gw", "good");
    assert_eq!(state(&good.conditions, "Accepted"), yes("Accepted"));
    assert_eq!(good.attached_routes, 1);
    // The same selector rules for allowedListeners: a selector Kubernetes rejects admits no
    // ListenerSet.
    let set = &r.listener_sets[&ObjectKey::new("infra", "ls")];
    assert_eq!(
        state(set.conditions.as_deref().unwrap(), "Accepted"),
        no("NotAllowed")
    );
}

#[test]
fn overlapping_tls_hostnames_are_reported_on_every_listener_involved() {
    // "Controllers MUST detect the presence of overlapping hostnames and MAY detect the
    // presence of overlapping certificates." "This condition MUST be set on all Listeners with
    // overlapping TLS config." "This is a negative polarity condition and MUST NOT be set when
    // it is False."
    let snap = snapshot(&format!(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: gw, namespace: infra}}
spec:
  gatewayClassName: gc
  allowedListeners: {{namespaces: {{from: Same}}}}
  listeners:
  - {{name: wild, protocol: HTTPS, port: 443, hostname: "*.example.com", tls: {{certificateRefs: [{{name: cert}}]}}}}
  - {{name: other, protocol: HTTPS, port: 443, hostname: other.org, tls: {{certificateRefs: [{{name: cert}}]}}}}
  - {{name: other-port, protocol: HTTPS, port: 8443, hostname: foo.example.com, tls: {{certificateRefs: [{{name: cert}}]}}}}
  - {{name: passthrough, protocol: TLS, port: 443, hostname: bar.example.com, tls: {{mode: Passthrough}}}}
  - {{name: plain, protocol: HTTP, port: 80, hostname: foo.example.com}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {{name: ls, namespace: infra}}
spec:
  parentRef: {{name: gw}}
  listeners:
  - {{name: foo, protocol: HTTPS, port: 443, hostname: foo.example.com, tls: {{certificateRefs: [{{name: cert}}]}}}}
  - {{name: tls-term, protocol: TLS, port: 443, hostname: "*.a.example.com", tls: {{mode: Terminate, certificateRefs: [{{name: cert}}]}}}}
---
{TLS_SECRET}
"#
    ));
    let r = run(&snap);
    let overlapping = |c: &[Condition]| state(c, "OverlappingTLSConfig");
    let wild = &listener(&r, "gw", "wild").conditions;
    assert_eq!(overlapping(wild), yes("OverlappingHostnames"));
    let msg = &cond(wild, "OverlappingTLSConfig").unwrap().message;
    assert!(msg.contains("foo") && msg.contains("tls-term"), "{msg}");
    for name in ["other", "other-port", "passthrough", "plain"] {
        assert_eq!(
            overlapping(&listener(&r, "gw", name).conditions),
            None,
            "{name}"
        );
    }
    let set = &r.listener_sets[&ObjectKey::new("infra", "ls")];
    for l in set.listeners.iter().flatten() {
        assert_eq!(
            overlapping(&l.conditions),
            yes("OverlappingHostnames"),
            "{}",
            l.name
        );
    }

    // A listener without a hostname overlaps every other on its port; once the overlap is
    // gone, the condition is removed rather than written False.
    let snap = snapshot(&format!(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: gw, namespace: infra}}
spec:
  gatewayClassName: gc
  listeners:
  - {{name: any, protocol: HTTPS, port: 443, tls: {{certificateRefs: [{{name: cert}}]}}}}
  - {{name: one, protocol: HTTPS, port: 443, hostname: one.example.com, tls: {{certificateRefs: [{{name: cert}}]}}}}
---
{TLS_SECRET}
"#
    ));
    let r = run(&snap);
    for name in ["any", "one"] {
        assert_eq!(
            overlapping(&listener(&r, "gw", name).conditions),
            yes("OverlappingHostnames")
        );
    }
    let mut gw = snap.gateways[&ObjectKey::new("infra", "gw")]
        .as_ref()
        .clone();
    gw.status = Some(r.gateways[&ObjectKey::new("infra", "gw")].clone());
    gw.spec.listeners[0].port = 8443;
    let mut snap = snap;
    snap.upsert(gateway_api_resolve::Resource::Gateway(std::sync::Arc::new(
        gw,
    )));
    let r = run(&snap);
    for name in ["any", "one"] {
        assert_eq!(
            overlapping(&listener(&r, "gw", name).conditions),
            None,
            "{name}"
        );
    }
}

#[test]
fn a_key_that_is_not_the_certificates_is_an_invalid_certificate_ref() {
    // certificateRefs "contains a series of references to Kubernetes objects that contains TLS
    // certificates and private keys"; ListenerReasonInvalidCertificateRef: "A CertificateRef is
    // considered invalid when it refers to a nonexistent or unsupported resource or kind, or
    // when the data within that resource is malformed." A key that is not the leaf
    // certificate's makes the pair malformed.
    use crate::test_certs::{A_CRT, A_KEY, B_KEY, RSA_CRT, RSA_KEY};
    let secret = |name: &str, crt: &str, key: &str| {
        format!(
            "apiVersion: v1\nkind: Secret\nmetadata: {{name: {name}, namespace: infra}}\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: {crt:?}\n  tls.key: {key:?}\n"
        )
    };
    let snap = snapshot(&format!(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: gw, namespace: infra}}
spec:
  gatewayClassName: gc
  listeners:
  - {{name: good, protocol: HTTPS, port: 443, hostname: a.example.com, tls: {{certificateRefs: [{{name: good}}]}}}}
  - {{name: rsa, protocol: HTTPS, port: 443, hostname: r.example.com, tls: {{certificateRefs: [{{name: rsa}}]}}}}
  - {{name: mismatched, protocol: HTTPS, port: 443, hostname: b.example.com, tls: {{certificateRefs: [{{name: mismatched}}]}}}}
  - {{name: cross, protocol: HTTPS, port: 443, hostname: c.example.com, tls: {{certificateRefs: [{{name: cross}}]}}}}
---
{}
---
{}
---
{}
---
{}
"#,
        secret("good", A_CRT, A_KEY),
        secret("rsa", RSA_CRT, RSA_KEY),
        secret("mismatched", A_CRT, B_KEY),
        secret("cross", RSA_CRT, A_KEY),
    ));
    let r = run(&snap);
    for name in ["good", "rsa"] {
        let c = &listener(&r, "gw", name).conditions;
        assert_eq!(state(c, "ResolvedRefs"), yes("ResolvedRefs"), "{name}");
    }
    for name in ["mismatched", "cross"] {
        let c = &listener(&r, "gw", name).conditions;
        assert_eq!(
            state(c, "ResolvedRefs"),
            no("InvalidCertificateRef"),
            "{name}"
        );
        assert!(
            cond(c, "ResolvedRefs")
                .unwrap()
                .message
                .contains("does not match"),
            "{name}"
        );
        assert_eq!(state(c, "Programmed"), no("Invalid"), "{name}");
    }
}

#[test]
fn extended_filters_need_their_features() {
    // An Extended filter the controller does not implement is as unsupported as an unknown
    // filter type: "Unknown values here must result in the implementation setting the Accepted
    // Condition for the Route to `status: False`, with a Reason of `UnsupportedValue`." A rule
    // holding one is dropped; with other rules left the route is PartiallyInvalid.
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cors-only, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules:
  - filters: [{type: CORS, cors: {allowOrigins: ["https://a.example"]}}]
    backendRefs: [{name: svc, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: mixed, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules:
  - matches: [{path: {type: PathPrefix, value: /r}}]
    filters: [{type: RequestRedirect, requestRedirect: {statusCode: 303}}]
  - backendRefs: [{name: svc, port: 8080}]
"#,
    );
    let route = |r: &Resolution, name: &str| -> Vec<Condition> {
        r.routes[&(
            gateway_api_resolve::RouteKind::Http,
            ObjectKey::new("infra", name),
        )]
            .parents[0]
            .conditions
            .clone()
    };
    let r = run(&snap);
    for name in ["cors-only", "mixed"] {
        assert_eq!(
            state(&route(&r, name), "Accepted"),
            yes("Accepted"),
            "{name}"
        );
        assert_eq!(state(&route(&r, name), "PartiallyInvalid"), None, "{name}");
    }
    let r = run_with(
        &snap,
        Features::default()
            .without(Feature::HttpRouteCors)
            .without(Feature::HttpRoute303RedirectStatusCode),
    );
    let cors = route(&r, "cors-only");
    assert_eq!(state(&cors, "Accepted"), no("UnsupportedValue"));
    assert!(
        cond(&cors, "Accepted")
            .unwrap()
            .message
            .contains("HTTPRouteCORS")
    );
    let mixed = route(&r, "mixed");
    assert_eq!(state(&mixed, "Accepted"), yes("Accepted"));
    assert_eq!(state(&mixed, "PartiallyInvalid"), yes("UnsupportedValue"));
    assert!(
        cond(&mixed, "PartiallyInvalid")
            .unwrap()
            .message
            .contains("HTTPRoute303RedirectStatusCode")
    );
}

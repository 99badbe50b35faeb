//! Issue 12's spec clauses about routes and their backends, one test each, with the spec's
//! sentence (or the issue's requirement, where the spec leaves it to implementations) quoted.

use gateway_api_match::{Outcome, Request};
use std::sync::Arc;

use gateway_api_resolve::{ObjectKey, Options, Resolution, Resource, RouteKind, Snapshot, resolve};
use gateway_api_types::model::{Condition, RouteParentStatus};

use super::bugs::snapshot;

const CONTROLLER: &str = "example.net/gateway-controller";

fn run(snap: &Snapshot) -> Resolution {
    resolve(snap, &Options::new(CONTROLLER))
}

fn parents(r: &Resolution, kind: RouteKind, name: &str) -> Vec<RouteParentStatus> {
    r.routes
        .get(&(kind, ObjectKey::new("infra", name)))
        .map(|s| s.parents.clone())
        .unwrap_or_default()
}

/// `(status, reason, message)` of condition `t`, or `None`.
fn cond(conditions: &[Condition], t: &str) -> Option<(String, String, String)> {
    conditions.iter().find(|c| c.r#type == t).map(|c| {
        (
            c.status.as_str().to_owned(),
            c.reason.to_string(),
            c.message.to_string(),
        )
    })
}

const GATEWAY: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: http, protocol: HTTP, port: 80}
"#;

/// Issue 12: "A regular expression that does not compile in the documented dialect makes its
/// rule invalid: the rule is dropped; other rules remain → `Accepted=True` plus
/// `PartiallyInvalid=True`, reason `UnsupportedValue`, message naming the dropped rules; no rule
/// left → `Accepted=False/UnsupportedValue`." The HTTPRoute CRD: "If all Route Rules in a Route
/// are invalid, the entire Route would be considered invalid. If only a portion of Route Rules
/// are invalid, implementations MUST set the "PartiallyInvalid" condition for the Route."; on
/// the dialect: "implementations can support POSIX, PCRE or any other dialects of regular
/// expressions. Please read the implementation's documentation to determine the supported
/// dialect" (ours: `gateway_api_match::pattern`).
#[test]
fn a_rule_whose_regex_does_not_compile_is_dropped() {
    let long = format!("/{}(", "x".repeat(10_000));
    let snap = snapshot(&format!(
        r#"{GATEWAY}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: partly, namespace: infra}}
spec:
  parentRefs: [{{name: gw}}]
  rules:
  - matches: [{{path: {{type: RegularExpression, value: "/bad/(unclosed"}}}}]
    backendRefs: [{{name: svc, port: 8080}}]
  - matches: [{{path: {{type: PathPrefix, value: /good}}}}]
    backendRefs: [{{name: svc, port: 8080}}]
  - matches: [{{path: {{type: PathPrefix, value: /header}}, headers: [{{name: x, type: RegularExpression, value: "{long}"}}]}}]
    backendRefs: [{{name: svc, port: 8080}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: all-bad, namespace: infra}}
spec:
  parentRefs: [{{name: gw}}]
  rules:
  - matches: [{{queryParams: [{{name: q, type: RegularExpression, value: "[z-a]"}}]}}]
    backendRefs: [{{name: svc, port: 8080}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: grpc-gw, namespace: infra}}
spec:
  gatewayClassName: gc
  listeners:
  - {{name: http, protocol: HTTP, port: 80}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {{name: grpc, namespace: infra}}
spec:
  parentRefs: [{{name: grpc-gw}}]
  rules:
  - matches: [{{method: {{type: RegularExpression, service: "a.(b"}}}}]
    backendRefs: [{{name: svc, port: 8080}}]
  - matches: [{{method: {{service: ok.Svc}}}}]
    backendRefs: [{{name: svc, port: 8080}}]
"#
    ));
    let res = run(&snap);

    let p = parents(&res, RouteKind::Http, "partly");
    let c = &p[0].conditions;
    assert_eq!(cond(c, "Accepted").unwrap().0, "True", "{c:?}");
    assert_eq!(cond(c, "ResolvedRefs").unwrap().0, "True");
    let (status, reason, message) = cond(c, "PartiallyInvalid").unwrap();
    assert_eq!(
        (status.as_str(), reason.as_str()),
        ("True", "UnsupportedValue")
    );
    assert!(message.starts_with("Dropped Rule 0: path regular expression \"/bad/(unclosed\" does not compile: unclosed group"), "{message}");
    assert!(
        message.contains("Dropped Rule 2: header regular expression"),
        "{message}"
    );
    // The 10 KB pattern is not copied whole into the status.
    assert!(message.len() < 400, "{} bytes", message.len());

    let p = parents(&res, RouteKind::Http, "all-bad");
    let (status, reason, message) = cond(&p[0].conditions, "Accepted").unwrap();
    assert_eq!(
        (status.as_str(), reason.as_str()),
        ("False", "UnsupportedValue")
    );
    assert!(
        message.contains("query parameter regular expression \"[z-a]\""),
        "{message}"
    );
    assert!(cond(&p[0].conditions, "PartiallyInvalid").is_none());

    let p = parents(&res, RouteKind::Grpc, "grpc");
    let (_, _, message) = cond(&p[0].conditions, "PartiallyInvalid").unwrap();
    assert!(
        message.starts_with("Dropped Rule 0: service regular expression"),
        "{message}"
    );

    // "One bad regex never breaks routing for other rules or routes": the router builds
    // without the dropped rules, and the kept rule routes.
    let eg = &res.effective[&ObjectKey::new("infra", "gw")];
    let router = gateway_api_resolve::build_router(eg).expect("the router builds");
    let Outcome::Matched(m) = router.route(&Request::get("a.example", "/good/x")) else {
        panic!("the good rule routes")
    };
    assert_eq!(m.route_id().name, "partly");
    // Reported by its index as written, not its position among the rules kept.
    assert_eq!(m.rule_index(), 1);
    assert!(matches!(
        router.route(&Request::get("a.example", "/bad/(unclosed")),
        Outcome::NotFound
    ));
}

const CA: &str = "-----BEGIN CERTIFICATE-----\n    MAMCAQA=\n    -----END CERTIFICATE-----";

/// BackendTLSPolicy CRD: "Connections using an invalid CACertificateRef MUST fail, and the
/// client MUST receive an HTTP 5xx error response", and GEP-1897: "If one of these policies is
/// attached to a Service targeted by an HTTPRoute, the implementation would be required to
/// fully implement the policy or mark the backend invalid". The issue: a backendRef whose
/// Service port is targeted by an unusable BackendTLSPolicy → route `ResolvedRefs=False` on
/// every parent, message naming the policy; Accepted stays True; requests to it get 500 by
/// weight; "A policy that lost a conflict does not count."
#[test]
fn an_unusable_backend_tls_policy_invalidates_the_backend() {
    let snap = snapshot(&format!(
        r#"{GATEWAY}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: gw2, namespace: infra}}
spec:
  gatewayClassName: gc
  listeners:
  - {{name: http, protocol: HTTP, port: 80}}
---
apiVersion: v1
kind: Service
metadata: {{name: tls, namespace: infra}}
spec: {{ports: [{{name: https, port: 443}}, {{name: plain, port: 8443}}]}}
---
apiVersion: v1
kind: ConfigMap
metadata: {{name: ca, namespace: infra}}
data:
  ca.crt: |
    {CA}
---
apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {{name: broken, namespace: infra, creationTimestamp: "2024-01-01T00:00:00Z"}}
spec:
  targetRefs: [{{group: "", kind: Service, name: tls, sectionName: https}}]
  validation:
    caCertificateRefs: [{{group: "", kind: ConfigMap, name: missing}}]
    hostname: tls.example
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: to-tls, namespace: infra}}
spec:
  parentRefs: [{{name: gw}}, {{name: gw2}}]
  rules:
  - backendRefs: [{{name: tls, port: 443, weight: 1}}, {{name: svc, port: 8080, weight: 3}}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: other-port, namespace: infra}}
spec:
  parentRefs: [{{name: gw}}]
  hostnames: [other.example]
  rules:
  - backendRefs: [{{name: tls, port: 8443}}]
"#
    ));
    let res = run(&snap);
    let p = parents(&res, RouteKind::Http, "to-tls");
    assert_eq!(p.len(), 2);
    for parent in &p {
        let c = &parent.conditions;
        assert_eq!(cond(c, "Accepted").unwrap().0, "True");
        let (status, reason, message) = cond(c, "ResolvedRefs").unwrap();
        assert_eq!(
            (status.as_str(), reason.as_str()),
            ("False", "InvalidBackendTLSPolicy")
        );
        assert!(
            message.contains("BackendTLSPolicy infra/broken applies to Service infra/tls port 443"),
            "{message}"
        );
        assert!(message.contains("ConfigMap infra/missing"), "{message}");
    }
    // The policy names the `https` port only: the other port is fine.
    let p = parents(&res, RouteKind::Http, "other-port");
    assert_eq!(cond(&p[0].conditions, "ResolvedRefs").unwrap().0, "True");
    // Its own status is unchanged: NoValidCACertificate.
    let ps = &res.backend_tls_policies[&ObjectKey::new("infra", "broken")];
    let (status, reason, _) = cond(&ps.ancestors[0].conditions, "Accepted").unwrap();
    assert_eq!(
        (status.as_str(), reason.as_str()),
        ("False", "NoValidCACertificate")
    );

    // Requests to the backend get 500 in proportion to its weight: the backend is invalid.
    let eg = &res.effective[&ObjectKey::new("infra", "gw")];
    let router = gateway_api_resolve::build_router(eg).expect("router");
    let Outcome::Matched(m) = router.route(&Request::get("a.example", "/")) else {
        panic!("matched")
    };
    let backends = m.backends();
    assert_eq!(backends.len(), 2);
    assert!(backends[0].invalid.is_some(), "{backends:?}");
    assert!(backends[1].invalid.is_none());

    // An older, usable policy on the same port wins the conflict: the broken one no longer
    // counts, and the route resolves.
    let mut snap2 = snap;
    let fixed = snapshot(
        r#"apiVersion: gateway.networking.k8s.io/v1
kind: BackendTLSPolicy
metadata: {name: good, namespace: infra, creationTimestamp: "2023-01-01T00:00:00Z"}
spec:
  targetRefs: [{group: "", kind: Service, name: tls, sectionName: https}]
  validation:
    caCertificateRefs: [{group: "", kind: ConfigMap, name: ca}]
    hostname: tls.example
"#,
    );
    for p in fixed.backend_tls_policies.values() {
        snap2.upsert(Resource::BackendTlsPolicy(Arc::clone(p)));
    }
    let res = run(&snap2);
    let p = parents(&res, RouteKind::Http, "to-tls");
    assert_eq!(
        cond(&p[0].conditions, "ResolvedRefs").unwrap().0,
        "True",
        "{:?}",
        p[0].conditions
    );
    let ps = &res.backend_tls_policies[&ObjectKey::new("infra", "broken")];
    let (_, reason, _) = cond(&ps.ancestors[0].conditions, "Accepted").unwrap();
    assert_eq!(reason, "Conflicted");
}

/// Issue 12: "a backendRef whose Service port `protocol` (default TCP) cannot carry the route's
/// transport (UDPRoute → TCP port; TCP-based route → UDP-only port) →
/// `ResolvedRefs=False/UnsupportedProtocol`." The Service API: "protocol: The IP protocol for
/// this port. Supports "TCP", "UDP", and "SCTP". Default is TCP."
#[test]
fn a_service_port_of_another_transport_is_unsupported() {
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: l4, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: udp, protocol: UDP, port: 53}
  - {name: tcp, protocol: TCP, port: 5353}
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: v1
kind: Service
metadata: {name: dns, namespace: infra}
spec:
  ports:
  - {name: dns-udp, port: 53, protocol: UDP}
  - {name: dns-tcp, port: 53, protocol: TCP}
  - {name: only-udp, port: 5353, protocol: UDP}
  - {name: default-tcp, port: 8053}
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: UDPRoute
metadata: {name: udp-ok, namespace: infra}
spec:
  parentRefs: [{name: l4, sectionName: udp}]
  rules: [{backendRefs: [{name: dns, port: 53}]}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: UDPRoute
metadata: {name: udp-to-tcp, namespace: infra}
spec:
  parentRefs: [{name: l4, sectionName: udp}]
  rules: [{backendRefs: [{name: dns, port: 8053}]}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: tcp-ok, namespace: infra}
spec:
  parentRefs: [{name: l4, sectionName: tcp}]
  rules: [{backendRefs: [{name: dns, port: 53}]}]
---
apiVersion: gateway.networking.k8s.io/v1alpha2
kind: TCPRoute
metadata: {name: tcp-to-udp, namespace: infra}
spec:
  parentRefs: [{name: l4, sectionName: tcp}]
  rules: [{backendRefs: [{name: dns, port: 5353}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: http-to-udp, namespace: infra}
spec:
  parentRefs: [{name: l4, sectionName: http}]
  rules: [{backendRefs: [{name: dns, port: 5353}]}]
"#,
    );
    let res = run(&snap);
    for (kind, name) in [(RouteKind::Udp, "udp-ok"), (RouteKind::Tcp, "tcp-ok")] {
        let p = parents(&res, kind, name);
        assert_eq!(
            cond(&p[0].conditions, "ResolvedRefs").unwrap().0,
            "True",
            "{name}: {:?}",
            p[0].conditions
        );
    }
    for (kind, name, message) in [
        (
            RouteKind::Udp,
            "udp-to-tcp",
            "Service infra/dns port 8053 has protocol TCP, which cannot carry UDPRoute's UDP traffic",
        ),
        (
            RouteKind::Tcp,
            "tcp-to-udp",
            "Service infra/dns port 5353 has protocol UDP, which cannot carry TCPRoute's TCP traffic",
        ),
        (
            RouteKind::Http,
            "http-to-udp",
            "Service infra/dns port 5353 has protocol UDP, which cannot carry HTTPRoute's TCP traffic",
        ),
    ] {
        let p = parents(&res, kind, name);
        let c = &p[0].conditions;
        assert_eq!(cond(c, "Accepted").unwrap().0, "True", "{name}");
        let (status, reason, m) = cond(c, "ResolvedRefs").unwrap();
        assert_eq!(
            (status.as_str(), reason.as_str()),
            ("False", "UnsupportedProtocol")
        );
        assert_eq!(m, message);
    }
}

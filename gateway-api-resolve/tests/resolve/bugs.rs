//! One test per recurring bug class. Expected values come from the spec's words, quoted.

use gateway_api_resolve::{ObjectKey, Options, Resolution, RouteKind, Snapshot, resolve};
use gateway_api_types::model::{Condition, ConditionStatus};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::jiff::Timestamp;

const CONTROLLER: &str = "example.net/gateway-controller";

const CLASS: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: gc}
spec: {controllerName: example.net/gateway-controller}
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: infra}
spec: {ports: [{port: 8080}]}
---
apiVersion: v1
kind: Service
metadata: {name: svc, namespace: backends}
spec: {ports: [{port: 8080}]}
"#;

pub(crate) fn snapshot(yaml: &str) -> Snapshot {
    let text = format!("{CLASS}\n---\n{yaml}");
    let docs: Vec<_> = gateway_api_types::parse("test.yaml", &text)
        .into_iter()
        .map(|d| d.unwrap_or_else(|e| panic!("{e}")))
        .collect();
    Snapshot::from_documents(&docs)
}

fn run(snap: &Snapshot) -> Resolution {
    resolve(snap, &Options::new(CONTROLLER))
}

fn cond<'a>(conditions: &'a [Condition], t: &str) -> &'a Condition {
    conditions
        .iter()
        .find(|c| c.r#type == t)
        .unwrap_or_else(|| panic!("no {t} condition in {conditions:?}"))
}

fn route_parents(
    r: &Resolution,
    kind: RouteKind,
    ns: &str,
    name: &str,
) -> Vec<gateway_api_types::model::RouteParentStatus> {
    r.routes
        .get(&(kind, ObjectKey::new(ns, name)))
        .map(|s| s.parents.clone())
        .unwrap_or_default()
}

#[test]
fn nested_wildcard_listeners_stay_isolated() {
    // "wildcard matches MUST be processed before fallback … more specific wildcard entries
    // must be processed before less specific", and "Route hostnames that don't intersect the
    // listener MUST be ignored for that listener".
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: wide, protocol: HTTP, port: 80, hostname: "*.example.com"}
  - {name: narrow, protocol: HTTP, port: 80, hostname: "*.foo.example.com"}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  hostnames: ["*.foo.example.com", "bar.example.com"]
  rules: [{backendRefs: [{name: svc, port: 8080}]}]
"#,
    );
    let res = run(&snap);
    let eg = &res.effective[&ObjectKey::new("infra", "gw")];
    let wide = eg.listeners.iter().find(|l| l.name == "wide").unwrap();
    let narrow = eg.listeners.iter().find(|l| l.name == "narrow").unwrap();
    // On the wide listener the nested wildcard keeps its own (narrower) scope.
    assert_eq!(
        *wide.routes[0].hostnames,
        ["*.foo.example.com", "bar.example.com"]
    );
    // On the narrow listener only what is inside `*.foo.example.com`.
    assert_eq!(*narrow.routes[0].hostnames, ["*.foo.example.com"]);
    // The two listeners differ by hostname only: no conflict.
    let gs = &res.gateways[&ObjectKey::new("infra", "gw")];
    for l in gs.listeners.as_ref().unwrap() {
        assert_eq!(
            cond(&l.conditions, "Conflicted").status,
            ConditionStatus::False
        );
    }
}

#[test]
fn two_parent_refs_to_one_gateway_keep_two_entries() {
    // "Route status.parents[] entries are per parentRef and per controllerName".
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: a, protocol: HTTP, port: 80, hostname: a.example.com}
  - {name: b, protocol: HTTP, port: 81, hostname: b.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: infra}
spec:
  parentRefs: [{name: gw, sectionName: a}, {name: gw, sectionName: b}]
  hostnames: [a.example.com]
  rules: [{backendRefs: [{name: svc, port: 8080}]}]
"#,
    );
    let res = run(&snap);
    let parents = route_parents(&res, RouteKind::Http, "infra", "r");
    assert_eq!(parents.len(), 2);
    assert_eq!(parents[0].parent_ref.section_name.as_deref(), Some("a"));
    assert_eq!(
        cond(&parents[0].conditions, "Accepted").status,
        ConditionStatus::True
    );
    assert_eq!(parents[1].parent_ref.section_name.as_deref(), Some("b"));
    let b = cond(&parents[1].conditions, "Accepted");
    assert_eq!(
        (b.status.as_str(), b.reason.as_ref()),
        ("False", "NoMatchingListenerHostname")
    );
}

#[test]
fn older_listener_set_wins_a_conflict() {
    // "ListenerSet merge order: parent Gateway, then ListenerSets by creation time, then
    // `{namespace}/{name}`": the later one loses, the older keeps its listener.
    let ls = |name: &str, created: &str| {
        format!(
            r#"
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {{name: {name}, namespace: infra, creationTimestamp: "{created}"}}
spec:
  parentRef: {{name: gw}}
  listeners:
  - {{name: l, protocol: HTTP, port: 8080, hostname: same.example.com}}
"#
        )
    };
    let yaml = format!(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: gw, namespace: infra}}
spec:
  gatewayClassName: gc
  allowedListeners: {{namespaces: {{from: Same}}}}
  listeners:
  - {{name: http, protocol: HTTP, port: 80}}
{}{}"#,
        // The alphabetically first is the younger one: age decides before names.
        ls("a-young", "2024-02-01T00:00:00Z"),
        ls("z-old", "2024-01-01T00:00:00Z"),
    );
    let res = run(&snapshot(&yaml));
    let old = &res.listener_sets[&ObjectKey::new("infra", "z-old")];
    let young = &res.listener_sets[&ObjectKey::new("infra", "a-young")];
    let old_l = &old.listeners.as_ref().unwrap()[0];
    let young_l = &young.listeners.as_ref().unwrap()[0];
    assert_eq!(
        cond(&old_l.conditions, "Conflicted").status,
        ConditionStatus::False
    );
    assert_eq!(
        cond(&old_l.conditions, "Accepted").status,
        ConditionStatus::True
    );
    let c = cond(&young_l.conditions, "Conflicted");
    assert_eq!(
        (c.status.as_str(), c.reason.as_ref()),
        ("True", "HostnameConflict")
    );
    assert_eq!(
        cond(old.conditions.as_deref().unwrap(), "Accepted").status,
        ConditionStatus::True
    );
    assert_eq!(
        cond(young.conditions.as_deref().unwrap(), "Accepted").status,
        ConditionStatus::False
    );
}

#[test]
fn no_stale_no_matching_listener_hostname_after_listener_change() {
    // The route was refused while the listener had another hostname; after the listener
    // changes, the condition must follow (and, as a transition, take the new time).
    let yaml = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: http, protocol: HTTP, port: 80, hostname: new.example.com}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: infra, generation: 1}
spec:
  parentRefs: [{name: gw}]
  hostnames: [new.example.com]
  rules: [{backendRefs: [{name: svc, port: 8080}]}]
status:
  parents:
  - parentRef: {name: gw}
    controllerName: example.net/gateway-controller
    conditions:
    - {type: Accepted, status: "False", reason: NoMatchingListenerHostname, message: old, lastTransitionTime: "2024-01-01T00:00:00Z", observedGeneration: 1}
    - {type: ResolvedRefs, status: "True", reason: ResolvedRefs, message: ok, lastTransitionTime: "2024-01-01T00:00:00Z", observedGeneration: 1}
  - parentRef: {name: other-gw}
    controllerName: other.example/controller
    conditions:
    - {type: Accepted, status: "True", reason: Accepted, message: theirs, lastTransitionTime: "2023-01-01T00:00:00Z"}
"#;
    let now: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
    let res = resolve(&snapshot(yaml), &Options::new(CONTROLLER).at(Time(now)));
    let parents = route_parents(&res, RouteKind::Http, "infra", "r");
    // "don't touch other controllers' types": their entry is kept as it was.
    assert_eq!(parents.len(), 2);
    assert_eq!(&*parents[0].controller_name, "other.example/controller");
    assert_eq!(parents[0].conditions[0].message, "theirs");
    let ours = &parents[1];
    let accepted = cond(&ours.conditions, "Accepted");
    assert_eq!(
        (accepted.status.as_str(), accepted.reason.as_ref()),
        ("True", "Accepted")
    );
    assert_eq!(accepted.last_transition_time.0, now);
    // ResolvedRefs did not change status: it keeps its lastTransitionTime.
    let resolved = cond(&ours.conditions, "ResolvedRefs");
    assert_eq!(
        resolved.last_transition_time.0,
        "2024-01-01T00:00:00Z".parse::<Timestamp>().unwrap()
    );
}

const GRPC_CROSS_NS: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: http, protocol: HTTP, port: 80}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: svc, namespace: backends, port: 8080}]}]
"#;

fn grpc_resolved_refs(extra: &str) -> (String, String) {
    let res = run(&snapshot(&format!("{GRPC_CROSS_NS}\n---\n{extra}")));
    let parents = route_parents(&res, RouteKind::Grpc, "infra", "g");
    let c = cond(&parents[0].conditions, "ResolvedRefs");
    (c.status.as_str().to_owned(), c.reason.to_string())
}

#[test]
fn reference_grant_applies_to_grpc_routes_and_is_revoked_on_delete() {
    // "All cross-namespace references in Gateway API … require a ReferenceGrant"; "removing a
    // grant MUST revoke access".
    let grant = |from_kind: &str| {
        format!(
            r#"
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {{name: allow, namespace: backends}}
spec:
  from: [{{group: gateway.networking.k8s.io, kind: {from_kind}, namespace: infra}}]
  to: [{{group: "", kind: Service}}]
"#
        )
    };
    assert_eq!(
        grpc_resolved_refs(&grant("GRPCRoute")),
        ("True".into(), "ResolvedRefs".into())
    );
    // A grant for HTTPRoutes does not cover GRPCRoutes.
    assert_eq!(
        grpc_resolved_refs(&grant("HTTPRoute")),
        ("False".into(), "RefNotPermitted".into())
    );
    // Deleted: revoked.
    assert_eq!(
        grpc_resolved_refs(""),
        ("False".into(), "RefNotPermitted".into())
    );
}

#[test]
fn gateway_without_a_valid_listener_is_not_accepted() {
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners:
  - {name: odd, protocol: SCTP, port: 80}
"#,
    );
    let res = run(&snap);
    let gs = &res.gateways[&ObjectKey::new("infra", "gw")];
    let accepted = cond(gs.conditions.as_deref().unwrap(), "Accepted");
    assert_eq!(
        (accepted.status.as_str(), accepted.reason.as_ref()),
        ("False", "ListenersNotValid")
    );
    assert_eq!(
        cond(gs.conditions.as_deref().unwrap(), "Programmed").status,
        ConditionStatus::False
    );
    let l = &gs.listeners.as_ref().unwrap()[0];
    let la = cond(&l.conditions, "Accepted");
    assert_eq!(
        (la.status.as_str(), la.reason.as_ref()),
        ("False", "UnsupportedProtocol")
    );
    assert!(
        res.effective[&ObjectKey::new("infra", "gw")]
            .listeners
            .is_empty()
    );
}

#[test]
fn invalid_backend_is_kept_with_its_reason() {
    // "backendRef invalidity ⇒ ResolvedRefs=False AND requests to it get 500 (proportional to
    // weight when some backends are invalid)": the route stays accepted, the backend carries
    // the reason.
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
metadata: {name: r, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: svc, port: 8080, weight: 3}, {name: missing, port: 8080, weight: 1}]}]
"#,
    );
    let res = run(&snap);
    let parents = route_parents(&res, RouteKind::Http, "infra", "r");
    assert_eq!(
        cond(&parents[0].conditions, "Accepted").status,
        ConditionStatus::True
    );
    let rr = cond(&parents[0].conditions, "ResolvedRefs");
    assert_eq!(
        (rr.status.as_str(), rr.reason.as_ref()),
        ("False", "BackendNotFound")
    );
    let l = &res.effective[&ObjectKey::new("infra", "gw")].listeners[0];
    let gateway_api_resolve::EffectiveRules::Http(rules) = &*l.routes[0].rules else {
        panic!("http")
    };
    assert!(rules[0].backends[0].invalid.is_none());
    assert_eq!(rules[0].backends[0].weight, 3);
    assert_eq!(
        rules[0].backends[1].invalid.as_ref().map(|i| i.reason),
        Some(gateway_api_resolve::InvalidBackendReason::BackendNotFound)
    );
}

#[test]
fn http_and_grpc_routes_on_one_listener_oldest_wins() {
    // "HTTPRoute vs GRPCRoute on the same listener with intersecting hostnames: accept exactly
    // one – oldest creation timestamp, then `{namespace}/{name}`; the other gets
    // Accepted=False". A route loses only the listeners where it clashes.
    let route = |kind: &str, name: &str, day: u8, host: &str, section: &str| {
        let section = if section.is_empty() {
            String::new()
        } else {
            format!(", sectionName: {section}")
        };
        format!(
            r#"
apiVersion: gateway.networking.k8s.io/v1
kind: {kind}
metadata: {{name: {name}, namespace: infra, creationTimestamp: "2024-01-0{day}T00:00:00Z"}}
spec:
  parentRefs: [{{name: gw{section}}}]
  hostnames: [{host}]
  rules: [{{backendRefs: [{{name: svc, port: 8080}}]}}]
"#
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
  - {{name: a, protocol: HTTP, port: 80, hostname: a.example.com}}
  - {{name: b, protocol: HTTP, port: 81}}
---
{}
---
{}
---
{}
---
{}
"#,
        route("HTTPRoute", "web", 2, "a.example.com", ""),
        route("GRPCRoute", "rpc", 1, "a.example.com", "a"),
        route("GRPCRoute", "other", 3, "z.example.com", "b"),
        route("HTTPRoute", "late", 4, "a.example.com", "a"),
    ));
    let res = run(&snap);
    let accepted = |kind, name| {
        let parents = route_parents(&res, kind, "infra", name);
        let c = cond(&parents[0].conditions, "Accepted");
        (c.status.as_str().to_owned(), c.reason.to_string())
    };
    let yes = ("True".to_owned(), "Accepted".to_owned());
    assert_eq!(accepted(RouteKind::Grpc, "rpc"), yes);
    assert_eq!(accepted(RouteKind::Http, "web"), yes);
    assert_eq!(accepted(RouteKind::Grpc, "other"), yes);
    assert_eq!(
        accepted(RouteKind::Http, "late"),
        ("False".to_owned(), "NotAllowedByListeners".to_owned())
    );
    let gw = ObjectKey::new("infra", "gw");
    let names = |i: usize| {
        res.effective[&gw].listeners[i]
            .routes
            .iter()
            .map(|r| (r.kind, r.route.name.as_str()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(0), [(RouteKind::Grpc, "rpc")]);
    assert_eq!(
        names(1),
        [(RouteKind::Http, "web"), (RouteKind::Grpc, "other")]
    );
    let counts: Vec<i32> = res.gateways[&gw]
        .listeners
        .iter()
        .flatten()
        .map(|l| l.attached_routes)
        .collect();
    assert_eq!(counts, [1, 2]);
}

/// Listeners of several Gateways with the same namespace selector, and routes from namespaces
/// that do and do not match it, interleaved by namespace and by Gateway: each route is
/// accepted exactly where its own namespace's labels satisfy the selector (the resolver
/// evaluates an equal selector once per namespace, so a result must never leak from one
/// namespace or selector to another).
#[test]
fn shared_namespace_selectors_answer_per_namespace() {
    let mut yaml = String::new();
    for (ns, tier) in [("a", "gold"), ("b", "silver"), ("c", "gold"), ("d", "none")] {
        yaml.push_str(&format!(
            "---\napiVersion: v1\nkind: Namespace\nmetadata: {{name: {ns}, labels: {{tier: {tier}}}}}\n"
        ));
    }
    for (gw, tier) in [("g1", "gold"), ("g2", "gold"), ("g3", "silver")] {
        yaml.push_str(&format!(
            "---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: {gw}, namespace: infra}}
spec:
  gatewayClassName: gc
  listeners:
  - name: http
    port: 80
    protocol: HTTP
    allowedRoutes: {{namespaces: {{from: Selector, selector: {{matchLabels: {{tier: {tier}}}}}}}}}
"
        ));
    }
    for ns in ["a", "b", "c", "d"] {
        for (i, gw) in ["g1", "g3", "g2", "g3", "g1"].iter().enumerate() {
            yaml.push_str(&format!(
                "---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: r{i}, namespace: {ns}}}
spec: {{parentRefs: [{{name: {gw}, namespace: infra}}]}}
"
            ));
        }
    }
    let out = run(&snapshot(&yaml));
    for (ns, tier) in [("a", "gold"), ("b", "silver"), ("c", "gold"), ("d", "none")] {
        for (i, gw) in ["g1", "g3", "g2", "g3", "g1"].iter().enumerate() {
            let wanted = if *gw == "g3" { "silver" } else { "gold" };
            let parents = route_parents(&out, RouteKind::Http, ns, &format!("r{i}"));
            let accepted = cond(&parents[0].conditions, "Accepted");
            assert_eq!(
                accepted.status == ConditionStatus::True,
                tier == wanted,
                "route {ns}/r{i} on {gw}: {accepted:?}"
            );
        }
    }
}

/// Policies affect "Gateways whose routes send traffic to" a targeted Service, mirrored
/// traffic included: a GRPCRoute rule-level mirror and an HTTPRoute backend-level mirror count
/// as an HTTPRoute rule-level mirror does (they once did not).
#[test]
fn mirrors_of_every_route_kind_reach_policies() {
    let snap = snapshot(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: gc
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: g, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  hostnames: [grpc.example.com]
  rules:
  - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: grpc-mirror, port: 8080}}}]
    backendRefs: [{name: svc, port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: h, namespace: infra}
spec:
  parentRefs: [{name: gw}]
  hostnames: [web.example.com]
  rules:
  - backendRefs:
    - name: svc
      port: 8080
      filters: [{type: RequestMirror, requestMirror: {backendRef: {name: http-mirror, port: 8080}}}]
---
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XBackendTrafficPolicy
metadata: {name: grpc-mirror, namespace: infra}
spec: {targetRefs: [{group: "", kind: Service, name: grpc-mirror}]}
---
apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XBackendTrafficPolicy
metadata: {name: http-mirror, namespace: infra}
spec: {targetRefs: [{group: "", kind: Service, name: http-mirror}]}
"#,
    );
    let out = run(&snap);
    for name in ["grpc-mirror", "http-mirror"] {
        let status = out
            .backend_traffic_policies
            .get(&ObjectKey::new("infra", name))
            .unwrap_or_else(|| panic!("{name}: no status"));
        assert_eq!(status.ancestors.len(), 1, "{name}: {status:?}");
        assert_eq!(status.ancestors[0].ancestor_ref.name, "gw");
    }
}

/// "The Route appearing first in alphabetical order by "{namespace}/{name}"": the string, not
/// the pair. `team-b/x` comes before `team/a` because `-` sorts before `/`, although `team`
/// sorts before `team-b`.
#[test]
fn routes_of_equal_age_sort_by_the_namespace_slash_name_string() {
    let mut yaml = String::from(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\n\
         spec:\n  gatewayClassName: gc\n  listeners: [{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]\n",
    );
    for (ns, name) in [("team", "a"), ("team-b", "x"), ("tea", "z")] {
        yaml.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\n\
             metadata: {{name: {name}, namespace: {ns}}}\n\
             spec: {{parentRefs: [{{name: gw, namespace: infra}}]}}\n"
        ));
    }
    let out = run(&snapshot(&yaml));
    let listener = &out.effective[&ObjectKey::new("infra", "gw")].listeners[0];
    let order: Vec<String> = listener
        .routes
        .iter()
        .map(|r| r.route.to_string())
        .collect();
    assert_eq!(order, ["tea/z", "team-b/x", "team/a"]);
}

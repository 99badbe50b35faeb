//! `RouterCache`: rebuilding a Gateway's router after a change gives the router a fresh build
//! gives, and converts only the routes whose rules changed.

use gateway_api_match::input::{Listener, MatchPath, RouteRules};
use gateway_api_resolve::{
    Change, ObjectKey, ObjectKind, Options, Resolver, RouterCache, build_router,
};

use super::bugs::snapshot;

const CONTROLLER: &str = "example.net/gateway-controller";

fn route(name: &str, path: &str) -> String {
    format!(
        r#"
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: {name}, namespace: infra}}
spec:
  parentRefs: [{{name: gw}}]
  rules: [{{matches: [{{path: {{type: PathPrefix, value: {path}}}}}]}}]
"#
    )
}

/// The Gateway `infra/gw` with `listeners` (one flow mapping each), then `routes`.
fn cluster(listeners: &[&str], routes: &[String]) -> String {
    let mut text = String::from(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\n\
         metadata: {name: gw, namespace: infra}\n\
         spec:\n  gatewayClassName: gc\n  listeners:\n",
    );
    for l in listeners {
        text.push_str(&format!("  - {l}\n"));
    }
    for r in routes {
        text.push_str("---");
        text.push_str(r);
    }
    text
}

/// Every object of `yaml` (and the test GatewayClass) as an upsert.
fn upserts(yaml: &str) -> Vec<Change> {
    snapshot(yaml).resources().map(Change::Upsert).collect()
}

fn gateway() -> ObjectKey {
    ObjectKey::new("infra", "gw")
}

/// Each route's rules in the router's listeners, by route name.
fn rules_of(listeners: &[Listener]) -> Vec<(String, RouteRules)> {
    listeners
        .iter()
        .flat_map(|l| &l.routes)
        .map(|r| (r.id.name.to_string(), r.rules.clone()))
        .collect()
}

#[test]
fn a_rebuild_equals_a_fresh_build_and_converts_only_what_changed() {
    let snap = snapshot(&cluster(
        &[
            "{name: http, protocol: HTTP, port: 80}",
            "{name: other, protocol: HTTP, port: 81}",
        ],
        &[route("a", "/a"), route("b", "/b"), route("c", "/c")],
    ));
    let mut resolver = Resolver::from_snapshot(snap, Options::new(CONTROLLER));
    let mut cache = RouterCache::new();
    let effective = &resolver.resolution().effective[&gateway()];
    let first = cache.build(effective).expect("the router builds");
    let fresh = build_router(effective).expect("the router builds");
    assert_eq!(
        format!("{:?}", first.listeners()),
        format!("{:?}", fresh.listeners())
    );
    // Three routes, each on two listeners, converted once each.
    assert_eq!(cache.len(), 3);
    let before = rules_of(first.listeners());
    assert_eq!(before.len(), 6);
    for (name, rules) in &before {
        let twin = before.iter().filter(|(n, r)| n == name && r.ptr_eq(rules));
        assert_eq!(
            twin.count(),
            2,
            "{name}: both listeners share one conversion"
        );
    }

    // Route b changes its path.
    resolver.apply(upserts(&route("b", "/b2")));
    let effective = &resolver.resolution().effective[&gateway()];
    let second = cache.build(effective).expect("the router builds");
    let fresh = build_router(effective).expect("the router builds");
    assert_eq!(
        format!("{:?}", second.listeners()),
        format!("{:?}", fresh.listeners())
    );
    assert!(format!("{:?}", second.listeners()).contains("/b2"));
    assert_eq!(cache.len(), 3);
    for (name, rules) in rules_of(second.listeners()) {
        let kept = before.iter().any(|(n, r)| *n == name && r.ptr_eq(&rules));
        assert_eq!(kept, name != "b", "{name}: reused unless changed");
    }

    // Route c goes: the cache forgets it.
    resolver.apply([Change::Delete(
        ObjectKind::HttpRoute,
        ObjectKey::new("infra", "c"),
    )]);
    let effective = &resolver.resolution().effective[&gateway()];
    let third = cache.build(effective).expect("the router builds");
    assert_eq!(cache.len(), 2);
    assert_eq!(rules_of(third.listeners()).len(), 4);
}

/// A watcher's relist, or a proxy reading its files again, upserts every object anew (equal
/// objects in new `Arc`s): nothing is recomputed, and every route keeps its rules, so a
/// rebuild through the cache converts nothing.
#[test]
fn upserting_equal_objects_changes_nothing() {
    let text = cluster(
        &["{name: http, protocol: HTTP, port: 80}"],
        &[route("a", "/a"), route("b", "/b")],
    );
    let mut resolver = Resolver::from_snapshot(snapshot(&text), Options::new(CONTROLLER));
    let mut cache = RouterCache::new();
    let first = cache
        .build(&resolver.resolution().effective[&gateway()])
        .expect("the router builds");
    let before = rules_of(first.listeners());
    let again = upserts(&text);
    assert!(again.len() >= 4, "the class, the Gateway and two routes");
    let delta = resolver.apply(again);
    assert!(delta.is_empty(), "{delta:?}");
    assert_eq!(resolver.last_work(), gateway_api_resolve::Work::default());
    let second = cache
        .build(&resolver.resolution().effective[&gateway()])
        .expect("the router builds");
    let after = rules_of(second.listeners());
    assert_eq!(after.len(), before.len());
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        assert!(old.ptr_eq(new), "{name}: rules kept");
    }
    // A route whose hostname changes keeps its rules, and its conversion.
    let renamed = route("a", "/a").replace(
        "parentRefs: [{name: gw}]",
        "parentRefs: [{name: gw}]\n  hostnames: [a.example.com]",
    );
    assert!(renamed.contains("hostnames"));
    assert!(!resolver.apply(upserts(&renamed)).is_empty());
    let third = cache
        .build(&resolver.resolution().effective[&gateway()])
        .expect("the router builds");
    for ((name, old), (_, new)) in before.iter().zip(&rules_of(third.listeners())) {
        assert!(old.ptr_eq(new), "{name}: rules kept");
    }
    assert!(format!("{:?}", third.listeners()).contains("a.example.com"));

    // A changed rule is still a change.
    assert!(!resolver.apply(upserts(&route("a", "/a2"))).is_empty());
}

/// A build hands the router one string per distinct value: two routes in one namespace with
/// the same path share the namespace and the path (no copy per route), and keep names of
/// their own.
#[test]
fn a_build_shares_strings_that_recur() {
    let snap = snapshot(&cluster(
        &["{name: http, protocol: HTTP, port: 80}"],
        &[route("a", "/same"), route("b", "/same")],
    ));
    let resolver = Resolver::from_snapshot(snap, Options::new(CONTROLLER));
    let router = build_router(&resolver.resolution().effective[&gateway()]).expect("builds");
    let [a, b] = &router.listeners()[0].routes[..] else {
        panic!("two routes: {:?}", router.listeners());
    };
    assert_eq!((a.id.name.as_str(), b.id.name.as_str()), ("a", "b"));
    assert_eq!(a.id.namespace, "infra");
    assert!(a.id.namespace.ptr_eq(&b.id.namespace));
    let path = |rules: &RouteRules| match rules {
        RouteRules::Http(rules) => match &rules[0].matches[0].path {
            MatchPath::Prefix(p) => p.clone(),
            other => panic!("a prefix: {other:?}"),
        },
        RouteRules::Grpc(_) => panic!("HTTP rules"),
    };
    let (pa, pb) = (path(&a.rules), path(&b.rules));
    assert_eq!(pa, "/same");
    assert!(pa.ptr_eq(&pb));
}

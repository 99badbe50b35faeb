//! Property tests over the conformance manifests: order independence, no churn on a second
//! pass, and ReferenceGrant revocation.

use gateway_api_resolve::{EffectiveRules, ObjectKind, Options, Resolution, Snapshot, resolve};
use gateway_api_types::Document;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use proptest::prelude::*;

use crate::conformance::documents;

const CONTROLLER: &str = "example.net/gateway-controller";

/// Base manifests, fixtures and a mix of tests touching every kind the resolver reads.
fn mixed() -> Vec<Document> {
    documents(&[
        "manifests/base/manifests.yaml",
        "fixtures.yaml",
        "manifests/tests/listenerset-http-routing.yaml",
        "manifests/tests/listenerset-protocol-conflict.yaml",
        "manifests/tests/httproute-reference-grant.yaml",
        "manifests/tests/httproute-partially-invalid-via-invalid-reference-grant.yaml",
        "manifests/tests/grpcroute-listener-hostname-matching.yaml",
        "manifests/tests/tlsroute-invalid-reference-grant.yaml",
        "manifests/tests/tcproute-reference-grant.yaml",
        "manifests/tests/gateway-secret-reference-grant-specific.yaml",
        "manifests/tests/backendtlspolicy.yaml",
    ])
}

fn options() -> Options {
    Options::new(CONTROLLER).at(Time("2025-01-01T00:00:00Z".parse().unwrap()))
}

/// Every valid backend and certificate of the effective configuration, as text.
fn valid_refs(r: &Resolution) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for (gk, g) in &r.effective {
        for l in &g.listeners {
            for c in l.tls.iter().flat_map(|t| &t.certificates) {
                out.insert(format!("{gk} {} cert {c}", l.name));
            }
            for route in &l.routes {
                let mut add = |ns: &str, svc: String| {
                    out.insert(format!(
                        "{gk} {} {} {} -> {svc} ({ns})",
                        l.name,
                        route.kind.as_str(),
                        route.route
                    ));
                };
                match &*route.rules {
                    EffectiveRules::Http(rules) => rules
                        .iter()
                        .flat_map(|x| &x.backends)
                        .filter(|b| b.invalid.is_none())
                        .for_each(|b| add(&route.route.namespace, b.service.to_string())),
                    EffectiveRules::Grpc(rules) => rules
                        .iter()
                        .flat_map(|x| &x.backends)
                        .filter(|b| b.invalid.is_none())
                        .for_each(|b| add(&route.route.namespace, b.service.to_string())),
                    EffectiveRules::L4(rules) => rules
                        .iter()
                        .flat_map(|x| &x.backends)
                        .filter(|b| b.invalid.is_none())
                        .for_each(|b| add(&route.route.namespace, b.service.to_string())),
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn shuffled_input_gives_identical_output(seed in any::<u64>()) {
        let docs = mixed();
        let expected = resolve(&Snapshot::from_documents(&docs), &options());
        // A deterministic shuffle from the seed (Fisher–Yates with an LCG).
        let mut shuffled: Vec<&Document> = docs.iter().collect();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = usize::try_from(state >> 33).unwrap_or(0) % (i + 1);
            shuffled.swap(i, j);
        }
        let got = resolve(&Snapshot::from_documents(shuffled), &options());
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn removing_grants_revokes_what_they_granted(mask in any::<u32>()) {
        let docs = mixed();
        let full = Snapshot::from_documents(&docs);
        let mut reduced = full.clone();
        let keys: Vec<_> = reduced.reference_grants.keys().cloned().collect();
        for (i, k) in keys.iter().enumerate() {
            if mask & (1 << (i % 32)) != 0 {
                reduced.remove(ObjectKind::ReferenceGrant, k);
            }
        }
        let with = valid_refs(&resolve(&full, &options()));
        let without = valid_refs(&resolve(&reduced, &options()));
        // Removing grants never makes a reference valid …
        prop_assert!(without.is_subset(&with));
        // … and with every grant gone, no cross-namespace reference stays valid.
        let mut none = full;
        none.reference_grants = Default::default();
        for r in valid_refs(&resolve(&none, &options())) {
            let cross = r.rsplit_once(" (").is_some_and(|(head, ns)| {
                let ns = ns.trim_end_matches(')');
                head.rsplit_once(" -> ").is_some_and(|(_, svc)| !svc.starts_with(&format!("{ns}/")))
            });
            prop_assert!(!cross, "still valid without grants: {}", r);
        }
    }
}

#[test]
fn resolving_over_written_status_changes_nothing() {
    let mut snap = Snapshot::from_documents(&mixed());
    let first = resolve(&snap, &options());
    snap.apply_status(&first);
    // A later clock: any condition rewritten with a new lastTransitionTime would show.
    let later = Options::new(CONTROLLER).at(Time("2026-06-01T00:00:00Z".parse().unwrap()));
    let second = resolve(&snap, &later);
    assert_eq!(first, second);
    // And over the written status once more.
    snap.apply_status(&second);
    assert_eq!(resolve(&snap, &later), first);
}

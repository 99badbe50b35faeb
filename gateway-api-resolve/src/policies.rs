//! BackendTLSPolicy and XBackendTrafficPolicy: conflicts among policies targeting one Service,
//! CA certificate references, and the ancestor status: one entry per Gateway of ours whose
//! accepted routes send traffic (mirrored traffic included) to a targeted Service.

use std::collections::{BTreeMap, BTreeSet};

use gateway_api_types::conditions::{
    PolicyAcceptedReason as Accepted, PolicyConditionType as T, PolicyResolvedRefsReason as Refs,
};
use gateway_api_types::model::{
    Condition, ObjectReference, ParentReference, PolicyAncestorStatus, PolicyStatus,
};

use crate::certificates::ca_ref_problem;
use crate::conditions::{Conditions, Reason, age_cmp, generation, merge_conditions, reason};
use crate::context::Ctx;
use crate::deps::Deps;
use crate::refs::GATEWAY_GROUP;
use crate::{EffectiveGateway, ObjectKey};

/// Every Service a Gateway's accepted routes send traffic to.
pub(crate) fn services_of(effective: &EffectiveGateway) -> BTreeSet<ObjectKey> {
    let mut set = BTreeSet::new();
    for l in &effective.listeners {
        for r in &l.routes {
            r.rules.for_each_service(|s| {
                if !set.contains(&**s) {
                    set.insert((**s).clone());
                }
            });
        }
    }
    set
}

/// The statuses of both policy kinds, given the Services each Gateway of ours sends traffic
/// to.
pub(crate) struct PolicyStatuses {
    pub(crate) backend_tls: BTreeMap<ObjectKey, PolicyStatus>,
    pub(crate) backend_traffic: BTreeMap<ObjectKey, PolicyStatus>,
}

/// A policy's Service targets: "targetRefs" naming core Services in the policy's namespace.
fn service_targets<'t>(
    pk: &ObjectKey,
    refs: impl Iterator<Item = (&'t str, &'t str, &'t str)>,
) -> Vec<ObjectKey> {
    refs.filter(|(group, kind, _)| group.is_empty() && *kind == "Service")
        .map(|(_, _, name)| ObjectKey::new(&pk.namespace, name))
        .collect()
}

/// Computes every policy's status.
pub(crate) fn policies(
    ctx: &Ctx<'_>,
    gateway_services: &BTreeMap<ObjectKey, BTreeSet<ObjectKey>>,
) -> PolicyStatuses {
    let mut out = PolicyStatuses {
        backend_tls: BTreeMap::new(),
        backend_traffic: BTreeMap::new(),
    };
    let now = &ctx.opts.now;
    let writer = PolicyWriter {
        controller: &ctx.opts.controller_name,
        gateway_services,
    };

    // BackendTLSPolicy: conflicts among policies targeting one Service (and section): the
    // oldest, then `{namespace}/{name}`, wins.
    let mut tls: Vec<_> = ctx.snap.backend_tls_policies.iter().collect();
    tls.sort_by(|a, b| age_cmp(&a.1.metadata, &b.1.metadata));
    let mut taken: BTreeSet<(ObjectKey, Option<String>)> = BTreeSet::new();
    for (pk, p) in tls {
        let targets = service_targets(
            pk,
            p.spec
                .target_refs
                .iter()
                .map(|t| (t.group.as_str(), t.kind.as_str(), t.name.as_str())),
        );
        let conflicted = p
            .spec
            .target_refs
            .iter()
            .filter(|t| t.group.is_empty() && t.kind == "Service")
            .map(|t| {
                (
                    ObjectKey::new(&pk.namespace, &t.name),
                    t.section_name.clone(),
                )
            })
            .fold(false, |acc, k| {
                // Every target is recorded, even after the first clash.
                let fresh = taken.insert(k);
                acc | !fresh
            });
        // "caCertificateRefs are LocalObjectReference (same-namespace only)".
        let mut valid = 0;
        let mut first: Option<Reason> = None;
        for r in p.spec.validation.ca_certificate_refs.iter().flatten() {
            let problem = if !r.group.is_empty() || (r.kind != "ConfigMap" && r.kind != "Secret") {
                Some(reason(
                    Refs::InvalidKind,
                    format!(
                        "CA certificate kind {}/{} is not supported",
                        r.group, r.kind
                    ),
                ))
            } else {
                let obj = ObjectReference {
                    group: r.group.clone(),
                    kind: r.kind.clone(),
                    name: r.name.clone(),
                    namespace: None,
                };
                // Policies are recomputed on any Secret or ConfigMap change: no edges kept.
                let mut deps = Deps::default();
                ca_ref_problem(ctx, "BackendTLSPolicy", &pk.namespace, &obj, &mut deps).map(|_| {
                    reason(
                        Refs::InvalidCACertificateRef,
                        format!(
                            "{} {}/{} does not exist or holds no PEM CA certificate",
                            r.kind, pk.namespace, r.name
                        ),
                    )
                })
            };
            match problem {
                None => valid += 1,
                Some(pr) => {
                    first.get_or_insert(pr);
                }
            }
        }
        let well_known = p.spec.validation.well_known_ca_certificates.is_some();
        let mut c = Conditions::new(now, generation(&p.metadata));
        if conflicted {
            c.set(
                T::Accepted,
                false,
                Accepted::Conflicted,
                "another BackendTLSPolicy targets the same Service",
            );
        } else if first.is_some() && valid == 0 && !well_known {
            c.set(
                T::Accepted,
                false,
                Accepted::NoValidCACertificate,
                "no valid CA certificate",
            );
        } else {
            c.set(T::Accepted, true, Accepted::Accepted, "policy accepted");
        }
        match &first {
            Some((r, m)) => c.set(T::ResolvedRefs, false, r.clone(), m.clone()),
            None => c.set(
                T::ResolvedRefs,
                true,
                Refs::ResolvedRefs,
                "all references resolved",
            ),
        }
        if let Some(s) = writer.status(p.status.as_ref(), &targets, &c.list) {
            out.backend_tls.insert(pk.clone(), s);
        }
    }

    let mut traffic: Vec<_> = ctx.snap.backend_traffic_policies.iter().collect();
    traffic.sort_by(|a, b| age_cmp(&a.1.metadata, &b.1.metadata));
    let mut taken: BTreeSet<ObjectKey> = BTreeSet::new();
    for (pk, p) in traffic {
        let targets = service_targets(
            pk,
            p.spec
                .target_refs
                .iter()
                .map(|t| (t.group.as_str(), t.kind.as_str(), t.name.as_str())),
        );
        let conflicted = targets.iter().fold(false, |acc, t| {
            let fresh = taken.insert(t.clone());
            acc | !fresh
        });
        let mut c = Conditions::new(now, generation(&p.metadata));
        if conflicted {
            c.set(
                T::Accepted,
                false,
                Accepted::Conflicted,
                "another XBackendTrafficPolicy targets the same Service",
            );
        } else {
            c.set(T::Accepted, true, Accepted::Accepted, "policy accepted");
        }
        if let Some(s) = writer.status(p.status.as_ref(), &targets, &c.list) {
            out.backend_traffic.insert(pk.clone(), s);
        }
    }
    out
}

/// Writes policy ancestor entries.
struct PolicyWriter<'a> {
    controller: &'a str,
    gateway_services: &'a BTreeMap<ObjectKey, BTreeSet<ObjectKey>>,
}

impl PolicyWriter<'_> {
    /// A policy's status, or `None` when it has no entry of ours, now or before.
    fn status(
        &self,
        existing: Option<&PolicyStatus>,
        targets: &[ObjectKey],
        fresh: &[Condition],
    ) -> Option<PolicyStatus> {
        let mut ours = Vec::new();
        for (gk, services) in self.gateway_services {
            if !targets.iter().any(|t| services.contains(t)) {
                continue;
            }
            let a = ParentReference {
                group: Some(GATEWAY_GROUP.to_owned()),
                kind: Some("Gateway".to_owned()),
                name: gk.name.clone(),
                namespace: Some(gk.namespace.clone()),
                port: None,
                section_name: None,
            };
            let ex = existing.and_then(|s| {
                s.ancestors
                    .iter()
                    .find(|e| e.controller_name == self.controller && e.ancestor_ref == a)
            });
            let conditions = merge_conditions(
                ex.map(|e| e.conditions.as_slice()).unwrap_or_default(),
                fresh.to_vec(),
                &[T::Accepted.as_str(), T::ResolvedRefs.as_str()],
            );
            ours.push(PolicyAncestorStatus {
                ancestor_ref: a,
                conditions,
                controller_name: self.controller.to_owned(),
            });
        }
        let had_ours = existing.is_some_and(|s| {
            s.ancestors
                .iter()
                .any(|e| e.controller_name == self.controller)
        });
        if ours.is_empty() && !had_ours {
            return None;
        }
        let mut ancestors: Vec<PolicyAncestorStatus> = existing
            .map(|s| {
                s.ancestors
                    .iter()
                    .filter(|e| e.controller_name != self.controller)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default();
        ancestors.extend(ours);
        // "≤16 ancestors".
        ancestors.truncate(16);
        Some(PolicyStatus { ancestors })
    }
}

//! BackendTLSPolicy and XBackendTrafficPolicy: conflicts among policies targeting one Service,
//! CA certificate references, and the ancestor status: one entry per Gateway of ours whose
//! accepted routes send traffic (mirrored traffic included) to a targeted Service.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use gateway_api_types::conditions::{
    PolicyAcceptedReason as Accepted, PolicyConditionType as T, PolicyResolvedRefsReason as Refs,
};
use gateway_api_types::model::{
    Condition, ObjectReference, ParentReference, PolicyAncestorStatus, PolicyStatus,
};
use gateway_api_types::v1::BackendTlsPolicy;

use crate::certificates::ca_ref_problem;
use crate::conditions::{Conditions, Reason, age_cmp, generation, merge_conditions, reason};
use crate::context::{Ctx, tls_policy_services};
use crate::deps::{Dep, Deps};
use crate::refs::GATEWAY_GROUP;
use crate::{EffectiveGateway, InvalidBackend, InvalidBackendReason, ObjectKey};

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

/// A BackendTLSPolicy's targets as (Service name, sectionName) keys; an empty sectionName is
/// none, as the CRD's own rules read it.
fn tls_target_keys(p: &BackendTlsPolicy) -> impl Iterator<Item = (&str, Option<&str>)> {
    p.spec
        .target_refs
        .iter()
        .filter(|t| t.group.is_empty() && t.kind == "Service")
        .map(|t| {
            (
                t.name.as_str(),
                t.section_name.as_deref().filter(|s| !s.is_empty()),
            )
        })
}

/// Whether a BackendTLSPolicy lost a conflict: "When more than one BackendTLSPolicy selects
/// the same target and sectionName, implementations MUST determine precedence using the
/// following criteria, continuing on ties: The older policy by creation timestamp takes
/// precedence … The policy appearing first in alphabetical order by {namespace}/{name}. For any
/// BackendTLSPolicy that does not take precedence, the implementation MUST ensure the
/// `Accepted` Condition is set to `status: False`, with Reason `Conflicted`." A policy loses
/// when an older one shares any of its (Service, sectionName) targets, or when it names one
/// twice. Both the policy's status and the routes' backends ask this one function.
pub(crate) fn tls_conflicted(ctx: &Ctx<'_>, p: &BackendTlsPolicy) -> bool {
    let ns = p.metadata.namespace.as_deref().unwrap_or_default();
    let keys: Vec<(&str, Option<&str>)> = tls_target_keys(p).collect();
    keys.iter().enumerate().any(|(i, key)| {
        keys[..i].contains(key)
            || ctx.lookups.tls_policies_of(ns, key.0).any(|(_, q)| {
                age_cmp(&q.metadata, &p.metadata) == Ordering::Less
                    && tls_target_keys(q).any(|k| k == *key)
            })
    })
}

/// What a BackendTLSPolicy's CA certificate references come to.
struct CaVerdict {
    /// The first reference's problem, as the policy's `ResolvedRefs=False` reason.
    first: Option<Reason>,
    /// References that resolved to a usable CA certificate.
    valid: usize,
    well_known: bool,
}

impl CaVerdict {
    fn of(ctx: &Ctx<'_>, ns: &str, p: &BackendTlsPolicy, deps: &mut Deps) -> Self {
        let mut valid = 0;
        let mut first: Option<Reason> = None;
        // "caCertificateRefs are LocalObjectReference (same-namespace only)".
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
                ca_ref_problem(ctx, "BackendTLSPolicy", ns, &obj, deps).map(|_| {
                    reason(
                        Refs::InvalidCACertificateRef,
                        format!(
                            "{} {ns}/{} does not exist or holds no PEM CA certificate",
                            r.kind, r.name
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
        Self {
            first,
            valid,
            well_known: p.spec.validation.well_known_ca_certificates.is_some(),
        }
    }

    /// "If ALL CACertificateRefs are invalid, the implementation MUST also ensure the
    /// `Accepted` Condition on the BackendTLSPolicy is set to `status: False`, with a Reason
    /// `NoValidCACertificate`."
    fn no_valid_certificate(&self) -> bool {
        self.first.is_some() && self.valid == 0 && !self.well_known
    }
}

/// Why the backend of an HTTPRoute or GRPCRoute sending to port `port_name` of Service `svc`
/// cannot be served: a BackendTLSPolicy applies to it (targeting the Service, with no
/// sectionName or the port's name) that did not lose a conflict and has no usable CA
/// certificate. The GEP: "If one of these policies is attached to a Service targeted by an
/// HTTPRoute, the implementation would be required to fully implement the policy or mark the
/// backend invalid", and the CRD: "Connections using an invalid CACertificateRef MUST fail,
/// and the client MUST receive an HTTP 5xx error response."
pub(crate) fn backend_tls_problem(
    ctx: &Ctx<'_>,
    deps: &mut Deps,
    svc: &ObjectKey,
    port: Option<i32>,
    port_name: Option<&str>,
) -> Option<InvalidBackend> {
    deps.add(|| Dep::BackendTlsPolicies(svc.clone()));
    if !ctx.lookups.any_tls_policy() {
        return None;
    }
    for (name, p) in ctx.lookups.tls_policies_of(&svc.namespace, &svc.name) {
        let applies = tls_target_keys(p)
            .any(|(s, section)| s == svc.name && section.is_none_or(|sn| Some(sn) == port_name));
        if !applies || tls_conflicted(ctx, p) {
            continue;
        }
        let ca = CaVerdict::of(ctx, &svc.namespace, p, deps);
        if ca.no_valid_certificate() {
            let why = ca.first.map(|(_, m)| m).unwrap_or_default();
            let port = port.map(|p| format!(" port {p}")).unwrap_or_default();
            return Some(InvalidBackend {
                reason: InvalidBackendReason::InvalidBackendTlsPolicy,
                message: format!(
                    "BackendTLSPolicy {}/{name} applies to Service {}/{}{port} but has no usable CA certificate ({why})",
                    svc.namespace, svc.namespace, svc.name
                ),
            });
        }
    }
    None
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

    for (pk, p) in ctx.snap.backend_tls_policies.iter() {
        let targets = service_targets(pk, tls_policy_services(p).map(|name| ("", "Service", name)));
        // Policies are recomputed on any Secret or ConfigMap change: no edges kept.
        let ca = CaVerdict::of(ctx, &pk.namespace, p, &mut Deps::default());
        let mut c = Conditions::new(now, generation(&p.metadata));
        if tls_conflicted(ctx, p) {
            c.set(
                T::Accepted,
                false,
                Accepted::Conflicted,
                "another BackendTLSPolicy targets the same Service",
            );
        } else if ca.no_valid_certificate() {
            c.set(
                T::Accepted,
                false,
                Accepted::NoValidCACertificate,
                "no valid CA certificate",
            );
        } else {
            c.set(T::Accepted, true, Accepted::Accepted, "policy accepted");
        }
        match &ca.first {
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

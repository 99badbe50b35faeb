//! A Gateway: its frame (listeners, own and from ListenerSets, with conflicts marked; the
//! ListenerSets it admits; its parameters and client certificate), and, once routes are
//! attached, its status, its ListenerSets' statuses and its effective configuration.

use std::sync::Arc;

use gateway_api_types::conditions::{
    GatewayAcceptedReason as Accepted, GatewayConditionType as T,
    GatewayInsecureFrontendValidationModeReason as Insecure, GatewayProgrammedReason as Programmed,
    GatewayResolvedRefsReason as Refs,
};
use gateway_api_types::model::{
    FrontendValidationMode, GatewayStatus, ListenerSetStatus, TlsModeType,
};
use gateway_api_types::v1;

use crate::addresses::{status_addresses, unsupported_address};
use crate::certificates::tls_secret_problem;
use crate::conditions::{Conditions, Reason, generation, reason};
use crate::context::Ctx;
use crate::deps::{Dep, Deps};
use crate::listener::{Lst, Owner, build_listener};
use crate::listener_conflicts::mark_conflicts;
use crate::listener_sets::{SetContext, SetEntry, listener_set_status, sets_of};
use crate::listener_status::listener_status;
use crate::tls_overlap::mark_overlapping_tls;
use crate::{
    EffectiveGateway, EffectiveListener, EffectiveRoute, EffectiveTls, Feature, ListenerSource,
    ObjectKey,
};

/// A Gateway before routes attach.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Frame {
    pub(crate) gateway: Arc<v1::Gateway>,
    /// Own listeners, then those of admitted ListenerSets in merge order.
    pub(crate) listeners: Vec<Lst>,
    /// ListenerSets naming it, in merge order.
    pub(crate) sets: Vec<SetEntry>,
    pub(crate) parameters_problem: Option<String>,
    pub(crate) client_problem: Option<Reason>,
}

impl Frame {
    /// Whether routes attach to `other` as they do to `self`: the same listeners and the
    /// same admitted ListenerSets.
    pub(crate) fn same_attachment(&self, other: &Self) -> bool {
        self.listeners == other.listeners
            && self.sets.len() == other.sets.len()
            && self
                .sets
                .iter()
                .zip(&other.sets)
                .all(|(a, b)| a.key == b.key && a.allowed == b.allowed)
    }
}

/// Builds the frame of Gateway `key`; `sets` are ListenerSets that may name it.
pub(crate) fn build_frame(
    ctx: &Ctx<'_>,
    key: &ObjectKey,
    gw: &Arc<v1::Gateway>,
    sets: impl Iterator<Item = (ObjectKey, Arc<v1::ListenerSet>)>,
    deps: &mut Deps,
) -> Frame {
    let owner = Owner {
        source: ListenerSource::Gateway,
        namespace: key.namespace.clone(),
        kind: "Gateway",
        generation: generation(&gw.metadata),
    };
    let mut listeners: Vec<Lst> = gw
        .spec
        .listeners
        .iter()
        .map(|l| build_listener(ctx, gw, owner.clone(), l, deps))
        .collect();
    // A controller without ListenerSet support admits none and writes no status to them.
    let sets = if ctx.opts.features.contains(Feature::ListenerSet) {
        sets_of(ctx, key, gw, sets, deps)
    } else {
        Vec::new()
    };
    for s in sets.iter().filter(|s| s.allowed) {
        let owner = Owner {
            source: ListenerSource::ListenerSet(s.key.clone()),
            namespace: s.key.namespace.clone(),
            kind: "ListenerSet",
            generation: generation(&s.set.metadata),
        };
        for l in &s.set.spec.listeners {
            listeners.push(build_listener(ctx, gw, owner.clone(), l, deps));
        }
    }
    mark_conflicts(&mut listeners, ctx.opts.features);
    mark_overlapping_tls(&mut listeners);
    let parameters_problem = gw
        .spec
        .infrastructure
        .as_ref()
        .and_then(|i| i.parameters_ref.as_ref())
        .and_then(|p| {
            if !p.group.is_empty() || p.kind != "ConfigMap" {
                Some(format!(
                    "parametersRef kind {}/{} is not supported",
                    p.group, p.kind
                ))
            } else {
                let cm = ObjectKey::new(&key.namespace, &p.name);
                let missing = !ctx.snap.config_maps.contains_key(&cm);
                deps.add(|| Dep::ConfigMap(cm));
                missing.then(|| format!("ConfigMap {}/{} not found", key.namespace, p.name))
            }
        });
    Frame {
        gateway: Arc::clone(gw),
        listeners,
        sets,
        parameters_problem,
        client_problem: client_certificate_problem(ctx, key, gw, deps),
    }
}

/// Why `tls.backend.clientCertificateRef` is unusable.
fn client_certificate_problem(
    ctx: &Ctx<'_>,
    key: &ObjectKey,
    gw: &v1::Gateway,
    deps: &mut Deps,
) -> Option<Reason> {
    let r = gw
        .spec
        .tls
        .as_ref()
        .and_then(|t| t.backend.as_ref())
        .and_then(|b| b.client_certificate_ref.as_ref())?;
    let group = r.group.as_deref().unwrap_or("");
    let kind = r.kind.as_deref().unwrap_or("Secret");
    let ns = r.namespace.clone().unwrap_or_else(|| key.namespace.clone());
    if !group.is_empty() || kind != "Secret" {
        return Some(reason(
            Refs::InvalidClientCertificateRef,
            format!("clientCertificateRef kind {group}/{kind} is not supported"),
        ));
    }
    if !crate::refs::permitted(
        ctx,
        deps,
        ("Gateway", &key.namespace),
        ("Secret", &ns, &r.name),
    ) {
        return Some(reason(
            Refs::RefNotPermitted,
            format!(
                "clientCertificateRef to Secret {ns}/{} is not permitted by any ReferenceGrant",
                r.name
            ),
        ));
    }
    let secret = ObjectKey::new(&ns, &r.name);
    let problem = match ctx.snap.secrets.get(&secret) {
        None => Some(reason(
            Refs::InvalidClientCertificateRef,
            format!("Secret {ns}/{} does not exist", r.name),
        )),
        Some(s) => tls_secret_problem(s).map(|p| {
            reason(
                Refs::InvalidClientCertificateRef,
                format!("Secret {ns}/{} {p}", r.name),
            )
        }),
    };
    deps.add(|| Dep::Secret(secret));
    problem
}

/// What a Gateway writes and serves once routes are attached.
pub(crate) struct Assembled {
    pub(crate) status: GatewayStatus,
    pub(crate) listener_sets: Vec<(ObjectKey, ListenerSetStatus)>,
    pub(crate) effective: EffectiveGateway,
    /// Per frame listener, its index in `effective.listeners` (`None`: not effective).
    pub(crate) effective_index: Vec<Option<usize>>,
}

/// The Gateway's status, its ListenerSets' statuses and its effective configuration, given
/// each listener's accepted routes (in the spec's order).
pub(crate) fn assemble(
    ctx: &Ctx<'_>,
    key: &ObjectKey,
    frame: &Frame,
    mut routes: Vec<Vec<EffectiveRoute>>,
) -> Assembled {
    let gw = &frame.gateway;
    let opts = ctx.opts;
    let programmed_dp = !opts.not_programmed.contains(key);
    let own = || {
        frame
            .listeners
            .iter()
            .enumerate()
            .filter(|(_, l)| l.owner.source == ListenerSource::Gateway)
    };
    let any_valid = own().any(|(_, l)| l.valid());
    let any_invalid = own().any(|(_, l)| !l.valid());
    let mut c = Conditions::new(&opts.now, generation(&gw.metadata));
    let accepted = if let Some(m) = &frame.parameters_problem {
        c.set(T::Accepted, false, Accepted::InvalidParameters, m.clone());
        false
    } else if let Some(m) = unsupported_address(gw, opts.features) {
        // "If a value is set in the spec and the requested address is invalid or unavailable,
        // the implementation MUST indicate this in an associated entry in
        // GatewayStatus.Conditions."
        c.set(T::Accepted, false, Accepted::UnsupportedAddress, m);
        false
    } else if !any_valid {
        // A Gateway with no valid listener has nothing to program.
        c.set(
            T::Accepted,
            false,
            Accepted::ListenersNotValid,
            "no listener is valid",
        );
        false
    } else if any_invalid {
        // "The implementation MUST set a "ListenersNotValid" condition on the Gateway
        // Status when the Gateway contains Conflicted Listeners whether or not they accept
        // the Gateway".
        c.set(
            T::Accepted,
            true,
            Accepted::ListenersNotValid,
            "some listeners are not valid",
        );
        true
    } else {
        c.set(T::Accepted, true, Accepted::Accepted, "Gateway accepted");
        true
    };
    if !accepted {
        c.set(
            T::Programmed,
            false,
            Programmed::Invalid,
            "Gateway is not accepted",
        );
    } else if programmed_dp {
        c.set(
            T::Programmed,
            true,
            Programmed::Programmed,
            "Gateway programmed",
        );
    } else {
        c.set(
            T::Programmed,
            false,
            Programmed::Pending,
            "waiting for the data plane",
        );
    }
    // Gateway ResolvedRefs: tls.backend.clientCertificateRef, then a summary of listeners.
    match &frame.client_problem {
        Some((r, m)) => c.set(T::ResolvedRefs, false, r.clone(), m.clone()),
        None if own().any(|(_, l)| l.unresolved.is_some()) => c.set(
            T::ResolvedRefs,
            false,
            Refs::ListenersNotResolved,
            "some listeners have unresolved references",
        ),
        None => c.set(
            T::ResolvedRefs,
            true,
            Refs::ResolvedRefs,
            "all references resolved",
        ),
    }
    // "InsecureFrontendValidationMode … True only … removed when back to AllowValidOnly".
    if let Some(frontend) = gw.spec.tls.as_ref().and_then(|t| t.frontend.as_ref()) {
        let insecure = std::iter::once(&frontend.default)
            .chain(frontend.per_port.iter().flatten().map(|p| &p.tls))
            .any(|c| {
                c.validation.as_ref().and_then(|v| v.mode.as_ref())
                    == Some(&FrontendValidationMode::AllowInsecureFallback)
            });
        if insecure {
            c.set(
                T::InsecureFrontendValidationMode,
                true,
                Insecure::ConfigurationChanged,
                "client certificate validation allows insecure fallback",
            );
        }
    }
    let existing = gw.status.as_ref();
    let conditions = c.merge_into(
        existing
            .and_then(|s| s.conditions.as_deref())
            .unwrap_or_default(),
        &[
            T::Accepted.as_str(),
            T::Programmed.as_str(),
            T::ResolvedRefs.as_str(),
            T::InsecureFrontendValidationMode.as_str(),
        ],
    );
    let listener_programmed = accepted && programmed_dp;
    let listeners = own()
        .map(|(i, l)| {
            let ex = existing
                .and_then(|s| s.listeners.as_ref())
                .and_then(|ls| ls.iter().find(|e| e.name == l.l.name));
            let attached = routes.get(i).map_or(0, Vec::len);
            listener_status(&opts.now, l, attached, listener_programmed, ex)
        })
        .collect();
    let addresses = status_addresses(opts, key, gw);

    // ListenerSets.
    let set_cx = SetContext {
        now: &opts.now,
        parent_accepted: accepted,
        programmed: programmed_dp,
    };
    let mut attached_sets = 0;
    let mut set_statuses = Vec::with_capacity(frame.sets.len());
    let mut accepted_sets = Vec::new();
    for s in &frame.sets {
        let source = ListenerSource::ListenerSet(s.key.clone());
        let mine = || {
            frame
                .listeners
                .iter()
                .enumerate()
                .filter(|(_, l)| l.owner.source == source)
        };
        let valid: Vec<bool> = mine().map(|(_, l)| l.valid()).collect();
        let ex = s.set.status.as_ref();
        let (status, ok) = listener_set_status(&set_cx, s, &valid, |programmed| {
            mine()
                .map(|(i, l)| {
                    let exl = ex
                        .and_then(|s| s.listeners.as_ref())
                        .and_then(|ls| ls.iter().find(|e| e.name == l.l.name));
                    let attached = routes.get(i).map_or(0, Vec::len);
                    listener_status(&opts.now, l, attached, programmed, exl)
                })
                .collect()
        });
        if ok {
            attached_sets += 1;
            accepted_sets.push(source);
        }
        set_statuses.push((s.key.clone(), status));
    }
    let status = GatewayStatus {
        addresses: (!addresses.is_empty()).then_some(addresses),
        attached_listener_sets: (gw.spec.allowed_listeners.is_some()
            && opts.features.contains(Feature::ListenerSet))
        .then_some(attached_sets),
        conditions: Some(conditions),
        listeners: Some(listeners),
    };

    // Effective configuration: valid listeners of an accepted Gateway, and of accepted
    // ListenerSets.
    let mut effective_index = vec![None; frame.listeners.len()];
    let listeners = if accepted {
        frame
            .listeners
            .iter()
            .enumerate()
            .filter(|(_, l)| l.valid())
            .filter(|(_, l)| match &l.owner.source {
                ListenerSource::Gateway => true,
                s => accepted_sets.contains(s),
            })
            .enumerate()
            .map(|(j, (i, l))| {
                if let Some(slot) = effective_index.get_mut(i) {
                    *slot = Some(j);
                }
                (i, l)
            })
            .map(|(i, l)| EffectiveListener {
                source: l.owner.source.clone(),
                name: l.l.name.clone(),
                port: l.l.port,
                protocol: l.l.protocol.clone(),
                hostname: l.l.hostname.clone(),
                tls: l.l.tls.as_ref().map(|t| EffectiveTls {
                    mode: t.mode.clone().unwrap_or(TlsModeType::Terminate),
                    certificates: l.certs.clone(),
                    options: t.options.clone().unwrap_or_default(),
                }),
                routes: routes.get_mut(i).map(std::mem::take).unwrap_or_default(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Assembled {
        status,
        listener_sets: set_statuses,
        effective: EffectiveGateway {
            gateway: key.clone(),
            class_name: gw.spec.gateway_class_name.clone(),
            listeners,
        },
        effective_index,
    }
}

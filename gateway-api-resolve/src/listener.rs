//! Building a listener: the route kinds it admits, its TLS certificates and client-certificate
//! validation, and why it is not accepted or its references did not resolve. Conflicts between
//! listeners are in [`crate::listener_conflicts`], the status in [`crate::listener_status`].

use std::sync::Arc;

use gateway_api_types::conditions::{
    ListenerAcceptedReason as Accepted, ListenerConflictedReason,
    ListenerResolvedRefsReason as Refs,
};
use gateway_api_types::model::{FromNamespaces, Listener, TlsModeType};
use gateway_api_types::v1;

use crate::certificates::{ca_ref_problem, tls_secret_problem};
use crate::conditions::{Reason, reason};
use crate::context::Ctx;
use crate::deps::{Dep, Deps};
use crate::refs::GATEWAY_GROUP;
use crate::selectors::selector_problem;
use crate::{Feature, ListenerSource, ObjectKey, RouteKind};

/// Who declares a listener: the Gateway or a ListenerSet, and its namespace.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Owner {
    pub(crate) source: ListenerSource,
    /// The namespace of the object declaring the listener ("Same" refers to it).
    pub(crate) namespace: String,
    /// `Gateway` or `ListenerSet`: the `from` kind of ReferenceGrants for its certificates.
    pub(crate) kind: &'static str,
    /// The declaring object's generation, for the listener's conditions.
    pub(crate) generation: Option<i64>,
}

/// A listener as built from its Gateway or ListenerSet, before routes attach.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Lst {
    pub(crate) owner: Owner,
    pub(crate) l: Listener,
    /// Route kinds it admits (`supportedKinds`).
    pub(crate) kinds: Vec<RouteKind>,
    pub(crate) not_accepted: Option<Reason>,
    pub(crate) unresolved: Option<Reason>,
    pub(crate) conflicted: Option<ListenerConflictedReason>,
    /// `OverlappingTLSConfig` (True only), see [`crate::tls_overlap`].
    pub(crate) overlapping: Option<Reason>,
    pub(crate) certs: Vec<ObjectKey>,
    /// Its hostname as the hostname list of the effective routes that keep only it.
    pub(crate) hostname_only: Arc<[String]>,
    /// Its `allowedRoutes` namespace selector, when it has one Kubernetes accepts (see
    /// [`crate::selectors::selector_problem`]); checked once here rather than per route.
    pub(crate) selector_ok: bool,
    /// That selector's number among the resolver's (see [`crate::sharing::SelectorNumbers`]).
    pub(crate) selector_number: Option<u32>,
}

impl Lst {
    /// Accepted, not conflicted, and its references resolved.
    pub(crate) fn valid(&self) -> bool {
        self.not_accepted.is_none() && self.unresolved.is_none() && self.conflicted.is_none()
    }
}

/// The route kinds a protocol carries.
fn protocol_kinds(protocol: &str) -> Option<&'static [RouteKind]> {
    match protocol {
        "HTTP" | "HTTPS" => Some(&[RouteKind::Http, RouteKind::Grpc]),
        "TLS" => Some(&[RouteKind::Tls]),
        "TCP" => Some(&[RouteKind::Tcp]),
        "UDP" => Some(&[RouteKind::Udp]),
        _ => None,
    }
}

/// The TLS mode of a listener: Terminate when unset, as the CRD defaults it.
pub(crate) fn tls_mode(l: &Listener) -> TlsModeType {
    l.tls
        .as_ref()
        .and_then(|t| t.mode.clone())
        .unwrap_or(TlsModeType::Terminate)
}

/// Whether a listener terminates TLS: HTTPS, or TLS in Terminate mode.
pub(crate) fn terminates_tls(l: &Listener) -> bool {
    l.protocol == "HTTPS" || (l.protocol == "TLS" && tls_mode(l) == TlsModeType::Terminate)
}

/// Builds one listener of `gw` (its own or from one of its ListenerSets).
pub(crate) fn build_listener(
    ctx: &Ctx<'_>,
    gw: &v1::Gateway,
    owner: Owner,
    l: &Listener,
    deps: &mut Deps,
) -> Lst {
    let mut lst = Lst {
        owner,
        l: l.clone(),
        kinds: Vec::new(),
        not_accepted: None,
        unresolved: None,
        conflicted: None,
        overlapping: None,
        certs: Vec::new(),
        hostname_only: l.hostname.iter().cloned().collect(),
        selector_ok: false,
        selector_number: None,
    };
    if let Some(s) = l
        .allowed_routes
        .as_ref()
        .and_then(|a| a.namespaces.as_ref())
        .and_then(|n| n.selector.as_ref())
        .filter(|s| crate::selectors::selector_problem(s).is_none())
    {
        lst.selector_ok = true;
        lst.selector_number = ctx.shared.selectors.number(s);
    }
    let features = ctx.opts.features;
    let Some(carried) = protocol_kinds(&l.protocol) else {
        lst.not_accepted = Some(reason(
            Accepted::UnsupportedProtocol,
            format!("protocol {} is not supported", l.protocol),
        ));
        return lst;
    };
    // A protocol none of whose route kinds the controller supports is itself unsupported:
    // "If an implementation does not support TCP Protocol Listeners, then the previous rule
    // does not apply, and the TCP Listeners SHOULD NOT be accepted."
    let allowed: Vec<RouteKind> = carried
        .iter()
        .copied()
        .filter(|k| features.contains(Feature::of_route_kind(*k)))
        .collect();
    if allowed.is_empty() {
        lst.not_accepted = Some(reason(
            Accepted::UnsupportedProtocol,
            format!(
                "protocol {} is not supported: the controller supports none of its route kinds",
                l.protocol
            ),
        ));
        return lst;
    }
    // "PortUnavailable … The port is not supported by the implementation": port 8080 is the
    // Extended feature GatewayPort8080.
    if l.port == 8080 && !features.contains(Feature::GatewayPort8080) {
        lst.not_accepted = Some(reason(
            Accepted::PortUnavailable,
            "port 8080 is not supported (feature GatewayPort8080)",
        ));
    }
    // "allowedRoutes.kinds … empty ⇒ kinds derived from listener protocol … unsupported kind ⇒
    // listener ResolvedRefs=False/InvalidRouteKinds, supportedKinds lists only valid kinds".
    match l.allowed_routes.as_ref().and_then(|a| a.kinds.as_ref()) {
        Some(kinds) if !kinds.is_empty() => {
            for k in kinds {
                let group_ok = k.group.as_deref().is_none_or(|g| g == GATEWAY_GROUP);
                match RouteKind::from_kind(&k.kind) {
                    Some(rk) if group_ok && allowed.contains(&rk) => {
                        if !lst.kinds.contains(&rk) {
                            lst.kinds.push(rk);
                        }
                    }
                    _ => {
                        lst.unresolved.get_or_insert_with(|| {
                            reason(
                                Refs::InvalidRouteKinds,
                                format!(
                                    "route kind {} is not supported on a {} listener",
                                    k.kind, l.protocol
                                ),
                            )
                        });
                    }
                }
            }
        }
        _ => lst.kinds = allowed,
    }

    if let Some(p) = route_namespaces_problem(l) {
        lst.not_accepted
            .get_or_insert(reason(Accepted::UnsupportedValue, p));
    }

    let mode = tls_mode(l);
    if let TlsModeType::Unrecognized(m) = &mode {
        lst.not_accepted = Some(reason(
            Accepted::UnsupportedValue,
            format!("TLS mode {m} is not supported"),
        ));
    }
    if l.protocol == "TLS"
        && mode == TlsModeType::Terminate
        && !features.contains(Feature::TlsRouteModeTerminate)
    {
        lst.not_accepted = Some(reason(
            Accepted::UnsupportedValue,
            "TLS mode Terminate is not supported on TLS listeners",
        ));
    }
    if terminates_tls(l) {
        certificates(ctx, &mut lst, deps);
    }
    client_validation(ctx, gw, &mut lst, deps);
    lst
}

/// Why `allowedRoutes.namespaces` selects nothing by mistake: "Selector must be specified when
/// From is set to "Selector"", and Kubernetes must be able to use it as a label selector.
fn route_namespaces_problem(l: &Listener) -> Option<String> {
    let ns = l.allowed_routes.as_ref()?.namespaces.as_ref()?;
    if ns.from != Some(FromNamespaces::Selector) {
        return None;
    }
    match &ns.selector {
        None => {
            Some("allowedRoutes.namespaces.from is Selector but no selector is given".to_owned())
        }
        Some(s) => selector_problem(s)
            .map(|p| format!("allowedRoutes.namespaces.selector is not valid: {p}")),
    }
}

/// The listener's certificate references: each must name a permitted Secret holding a
/// certificate and key.
fn certificates(ctx: &Ctx<'_>, lst: &mut Lst, deps: &mut Deps) {
    let owner_ns = lst.owner.namespace.clone();
    let refs = lst.l.tls.as_ref().and_then(|t| t.certificate_refs.clone());
    for r in refs.iter().flatten() {
        let group = r.group.as_deref().unwrap_or("");
        let kind = r.kind.as_deref().unwrap_or("Secret");
        let ns = r.namespace.clone().unwrap_or_else(|| owner_ns.clone());
        let problem = if !group.is_empty() || kind != "Secret" {
            Some(reason(
                Refs::InvalidCertificateRef,
                format!("certificateRef kind {group}/{kind} is not supported"),
            ))
        } else if !crate::refs::permitted(
            ctx,
            deps,
            (lst.owner.kind, &owner_ns),
            ("Secret", &ns, &r.name),
        ) {
            Some(reason(
                Refs::RefNotPermitted,
                format!(
                    "certificateRef to Secret {ns}/{} is not permitted by any ReferenceGrant",
                    r.name
                ),
            ))
        } else {
            let key = ObjectKey::new(&ns, &r.name);
            let problem = match ctx.snap.secrets.get(&key) {
                None => Some(reason(
                    Refs::InvalidCertificateRef,
                    format!("Secret {ns}/{} does not exist", r.name),
                )),
                Some(secret) => tls_secret_problem(secret).map(|p| {
                    reason(
                        Refs::InvalidCertificateRef,
                        format!("Secret {ns}/{} {p}", r.name),
                    )
                }),
            };
            deps.add(|| Dep::Secret(key));
            problem
        };
        match problem {
            Some(p) => {
                // A certificate problem outranks an invalid route kind.
                if lst
                    .unresolved
                    .as_ref()
                    .is_none_or(|u| u.0 == Refs::InvalidRouteKinds.as_str())
                {
                    lst.unresolved = Some(p);
                }
            }
            None => lst.certs.push(ObjectKey::new(ns, r.name.clone())),
        }
    }
}

/// Frontend client-certificate validation of an HTTPS listener, per port or default.
fn client_validation(ctx: &Ctx<'_>, gw: &v1::Gateway, lst: &mut Lst, deps: &mut Deps) {
    if lst.l.protocol != "HTTPS" {
        return;
    }
    let Some(frontend) = gw.spec.tls.as_ref().and_then(|t| t.frontend.as_ref()) else {
        return;
    };
    let config = frontend
        .per_port
        .iter()
        .flatten()
        .find(|p| p.port == lst.l.port)
        .map_or(&frontend.default, |p| &p.tls);
    let Some(validation) = &config.validation else {
        return;
    };
    let gw_ns = gw.metadata.namespace.clone().unwrap_or_default();
    let mut valid = 0;
    let mut first: Option<Reason> = None;
    for r in &validation.ca_certificate_refs {
        match ca_ref_problem(ctx, "Gateway", &gw_ns, r, deps) {
            None => valid += 1,
            Some(p) => {
                first.get_or_insert(p);
            }
        }
    }
    if let Some(p) = first {
        lst.unresolved.get_or_insert(p);
        // "NoValidCACertificate (all frontend CA refs invalid)".
        if valid == 0 && lst.not_accepted.is_none() {
            lst.not_accepted = Some(reason(
                Accepted::NoValidCACertificate,
                "no valid CA certificate",
            ));
        }
    }
}

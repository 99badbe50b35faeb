//! What a change did: the statuses that differ, and the listeners whose effective
//! configuration differs.

use std::collections::{BTreeMap, BTreeSet};

use gateway_api_types::model::{
    GatewayClassStatus, GatewayStatus, ListenerSetStatus, PolicyStatus, RouteStatus,
};

use crate::{
    EffectiveGateway, EffectiveListener, ListenerSource, ObjectKey, ObjectKind, Resolution,
};

/// A status the controller writes, of any kind.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum Status {
    /// A GatewayClass's.
    GatewayClass(GatewayClassStatus),
    /// A Gateway's.
    Gateway(GatewayStatus),
    /// A ListenerSet's.
    ListenerSet(ListenerSetStatus),
    /// A route's, of any kind.
    Route(RouteStatus),
    /// A BackendTLSPolicy's or an XBackendTrafficPolicy's.
    Policy(PolicyStatus),
}

/// One object whose written status changed.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusChange {
    /// Its kind.
    pub kind: ObjectKind,
    /// Its key.
    pub key: ObjectKey,
    /// The status to write; `None` when the controller no longer writes one (the object is
    /// gone, or no longer ours and had no entry of ours).
    pub status: Option<Status>,
}

/// A listener of a Gateway's effective configuration.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ListenerId {
    /// The Gateway.
    pub gateway: ObjectKey,
    /// Where the listener is declared.
    pub source: ListenerSource,
    /// Its name.
    pub name: String,
}

/// What one [`crate::Resolver::apply`] changed.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Delta {
    /// Objects whose status differs, by kind then key.
    pub statuses: Vec<StatusChange>,
    /// Listeners whose effective configuration (TLS, routes, rules, backends) differs, or
    /// that appeared or disappeared; read the new ones in [`Resolution::effective`].
    pub listeners: BTreeSet<ListenerId>,
}

impl Delta {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.statuses.is_empty() && self.listeners.is_empty()
    }
}

/// A resolution's statuses, one map per output kind, as `Status` values.
pub(crate) fn status_of(r: &Resolution, kind: ObjectKind, key: &ObjectKey) -> Option<Status> {
    Some(match kind {
        ObjectKind::GatewayClass => Status::GatewayClass(r.gateway_classes.get(key)?.clone()),
        ObjectKind::Gateway => Status::Gateway(r.gateways.get(key)?.clone()),
        ObjectKind::ListenerSet => Status::ListenerSet(r.listener_sets.get(key)?.clone()),
        ObjectKind::BackendTlsPolicy => Status::Policy(r.backend_tls_policies.get(key)?.clone()),
        ObjectKind::XBackendTrafficPolicy => {
            Status::Policy(r.backend_traffic_policies.get(key)?.clone())
        }
        other => Status::Route(r.routes.get(&(other.route_kind()?, key.clone()))?.clone()),
    })
}

/// The listeners of a Gateway by identity (several when a manifest repeats a name).
fn listeners_by_id(
    g: Option<&EffectiveGateway>,
) -> BTreeMap<(&ListenerSource, &str), Vec<&EffectiveListener>> {
    let mut m: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for l in g.into_iter().flat_map(|g| &g.listeners) {
        m.entry((&l.source, l.name.as_str())).or_default().push(l);
    }
    m
}

/// The listeners of Gateway `key` that differ between two effective configurations.
pub(crate) fn changed_listeners(
    key: &ObjectKey,
    old: Option<&EffectiveGateway>,
    new: Option<&EffectiveGateway>,
    out: &mut BTreeSet<ListenerId>,
) {
    let (a, b) = (listeners_by_id(old), listeners_by_id(new));
    for id in a.keys().chain(b.keys()) {
        if a.get(id) != b.get(id) {
            out.insert(ListenerId {
                gateway: key.clone(),
                source: id.0.clone(),
                name: id.1.to_owned(),
            });
        }
    }
}

impl Resolution {
    /// What changed from `self` to `new`, computed by comparing both whole: what
    /// [`crate::Resolver::apply`] returns, at the cost of a full comparison.
    pub fn diff(&self, new: &Self) -> Delta {
        fn keys<'a, K: Ord, V>(a: &'a BTreeMap<K, V>, b: &'a BTreeMap<K, V>) -> BTreeSet<&'a K> {
            a.keys().chain(b.keys()).collect()
        }
        let mut statuses = Vec::new();
        let mut push = |kind: ObjectKind, key: &ObjectKey| {
            let (o, n) = (status_of(self, kind, key), status_of(new, kind, key));
            if o != n {
                statuses.push(StatusChange {
                    kind,
                    key: key.clone(),
                    status: n,
                });
            }
        };
        for k in keys(&self.gateway_classes, &new.gateway_classes) {
            push(ObjectKind::GatewayClass, k);
        }
        for k in keys(&self.gateways, &new.gateways) {
            push(ObjectKind::Gateway, k);
        }
        for k in keys(&self.listener_sets, &new.listener_sets) {
            push(ObjectKind::ListenerSet, k);
        }
        for (kind, k) in keys(&self.routes, &new.routes) {
            push((*kind).into(), k);
        }
        for k in keys(&self.backend_tls_policies, &new.backend_tls_policies) {
            push(ObjectKind::BackendTlsPolicy, k);
        }
        for k in keys(
            &self.backend_traffic_policies,
            &new.backend_traffic_policies,
        ) {
            push(ObjectKind::XBackendTrafficPolicy, k);
        }
        statuses.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
        let mut listeners = BTreeSet::new();
        for k in keys(&self.effective, &new.effective) {
            changed_listeners(
                k,
                self.effective.get(k),
                new.effective.get(k),
                &mut listeners,
            );
        }
        Delta {
            statuses,
            listeners,
        }
    }
}

/// The outputs a change touched, with their values before it (recorded on first touch).
#[derive(Default)]
pub(crate) struct Journal {
    pub(crate) on: bool,
    pub(crate) statuses: BTreeMap<(ObjectKind, ObjectKey), Option<Status>>,
    pub(crate) effective: BTreeMap<ObjectKey, Option<EffectiveGateway>>,
    /// Listeners known to have changed without a copy of their Gateway's configuration
    /// (routes replaced in place).
    pub(crate) listeners: BTreeSet<ListenerId>,
}

impl Journal {
    /// Records the value of a status before it is first replaced.
    pub(crate) fn status(&mut self, r: &Resolution, kind: ObjectKind, key: &ObjectKey) {
        if self.on && !self.statuses.contains_key(&(kind, key.clone())) {
            self.statuses
                .insert((kind, key.clone()), status_of(r, kind, key));
        }
    }

    /// Records a Gateway's effective configuration before it is first replaced.
    pub(crate) fn effective(&mut self, r: &Resolution, key: &ObjectKey) {
        if self.on && !self.effective.contains_key(key) {
            self.effective
                .insert(key.clone(), r.effective.get(key).cloned());
        }
    }

    /// Records a listener that changed.
    pub(crate) fn listener(&mut self, id: ListenerId) {
        if self.on {
            self.listeners.insert(id);
        }
    }

    /// The delta between the recorded values and the resolution now.
    pub(crate) fn delta(self, r: &Resolution) -> Delta {
        let mut statuses = Vec::new();
        for ((kind, key), old) in self.statuses {
            let new = status_of(r, kind, &key);
            if new != old {
                statuses.push(StatusChange {
                    kind,
                    key,
                    status: new,
                });
            }
        }
        let mut listeners = self.listeners;
        for (key, old) in &self.effective {
            changed_listeners(key, old.as_ref(), r.effective.get(key), &mut listeners);
        }
        Delta {
            statuses,
            listeners,
        }
    }
}

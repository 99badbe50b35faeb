//! What a computed value read, so that a change to one object recomputes only what read it.
//!
//! Every pass that reads an object other than the one it computes for records a [`Dep`] in a
//! [`Deps`] list: a route's view records the Services its backends name and the namespace
//! pairs whose ReferenceGrants it asked, and, for HTTPRoutes and GRPCRoutes, the
//! BackendTLSPolicies of those Services (and the Secrets and ConfigMaps they read); its attachment records the Gateways and ListenerSets
//! it names and, when a listener selects namespaces by label, its namespace; a Gateway's
//! listeners record Secrets, ConfigMaps, grants and the namespaces of ListenerSets they
//! admit by label. The engine ([`crate::engine`]) keeps the reverse map and, when an object
//! changes, recomputes its dependents.

use crate::ObjectKey;

/// Something a computed value read.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Dep {
    /// A Service (existence, ports).
    Service(ObjectKey),
    /// A Secret (certificates, CA bundles).
    Secret(ObjectKey),
    /// A ConfigMap (CA bundles, parameters).
    ConfigMap(ObjectKey),
    /// The ReferenceGrants in namespace `to` that may grant objects in namespace `from`.
    Grant { from: String, to: String },
    /// A Namespace's labels.
    Namespace(String),
    /// A Gateway named as a parent (directly or through a ListenerSet).
    Gateway(ObjectKey),
    /// A ListenerSet named as a parent.
    ListenerSet(ObjectKey),
    /// The BackendTLSPolicies targeting a Service: which there are, whether they lost a
    /// conflict, and their CA certificate references.
    BackendTlsPolicies(ObjectKey),
}

/// The kinds of [`Dep`], for switching one kind of edge off in tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DepKind {
    Service,
    Secret,
    ConfigMap,
    Grant,
    Namespace,
    Gateway,
    ListenerSet,
    BackendTlsPolicies,
}

impl Dep {
    pub(crate) fn kind(&self) -> DepKind {
        match self {
            Self::Service(_) => DepKind::Service,
            Self::Secret(_) => DepKind::Secret,
            Self::ConfigMap(_) => DepKind::ConfigMap,
            Self::Grant { .. } => DepKind::Grant,
            Self::Namespace(_) => DepKind::Namespace,
            Self::Gateway(_) => DepKind::Gateway,
            Self::ListenerSet(_) => DepKind::ListenerSet,
            Self::BackendTlsPolicies(_) => DepKind::BackendTlsPolicies,
        }
    }
}

/// The dependencies one computation recorded (duplicates removed when stored).
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Deps(pub(crate) Vec<Dep>);

impl Deps {
    /// Records that the computation read `dep`.
    pub(crate) fn add(&mut self, dep: Dep) {
        // Consecutive duplicates are common (two backends naming one Service); the rest are
        // removed by `finish`.
        if self.0.last() != Some(&dep) {
            self.0.push(dep);
        }
    }

    /// Sorted and without duplicates.
    pub(crate) fn finish(mut self) -> Self {
        if self.0.len() > 1 {
            self.0.sort_unstable();
            self.0.dedup();
        }
        self.0.shrink_to_fit();
        self
    }
}

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
///
/// A list made with `Deps::new(true)` records nothing: a resolution computed once
/// ([`crate::resolve`]) has no later change to find readers for, and building the entries
/// (each a copy of a key) was a large share of its cost.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Deps {
    pub(crate) list: Vec<Dep>,
    off: bool,
}

impl Deps {
    /// A list that records what it is given, or, with `off`, nothing.
    pub(crate) fn new(off: bool) -> Self {
        Self {
            list: Vec::new(),
            off,
        }
    }

    /// Records that the computation read the dependency `dep` makes (made only when
    /// recording).
    pub(crate) fn add(&mut self, dep: impl FnOnce() -> Dep) {
        if self.off {
            return;
        }
        let dep = dep();
        // Consecutive duplicates are common (two backends naming one Service); the rest are
        // removed by `finish`.
        if self.list.last() != Some(&dep) {
            self.list.push(dep);
        }
    }

    /// Sorted and without duplicates.
    pub(crate) fn finish(mut self) -> Self {
        if self.list.len() > 1 {
            self.list.sort_unstable();
            self.list.dedup();
        }
        self.list.shrink_to_fit();
        self
    }
}

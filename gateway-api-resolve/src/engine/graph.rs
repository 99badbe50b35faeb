//! The reverse of [`Deps`]: for each thing read, the routes and Gateways that read it.

use std::collections::BTreeSet;

use crate::ObjectKey;
use crate::deps::{Dep, DepKind, Deps};
use crate::hash::{HashMap, HashSet};

use super::RouteId;

/// Dependents of every [`Dep`].
#[derive(Default)]
pub(crate) struct Graph {
    routes: HashMap<Dep, HashSet<RouteId>>,
    gateways: HashMap<Dep, BTreeSet<ObjectKey>>,
    /// A kind of edge not recorded: a dependency-tracking bug planted on purpose, which the
    /// differential tests must notice.
    pub(crate) ignored: Option<DepKind>,
    /// Nothing recorded: a resolution computed once and never changed (`crate::resolve`)
    /// has no reader to find.
    pub(crate) off: bool,
}

impl Graph {
    pub(crate) fn add_route(&mut self, id: RouteId, deps: &Deps) {
        if self.off {
            return;
        }
        for d in &deps.list {
            if Some(d.kind()) != self.ignored {
                self.routes.entry(d.clone()).or_default().insert(id);
            }
        }
    }

    pub(crate) fn remove_route(&mut self, id: RouteId, deps: &Deps) {
        for d in &deps.list {
            if let Some(set) = self.routes.get_mut(d) {
                set.remove(&id);
                if set.is_empty() {
                    self.routes.remove(d);
                }
            }
        }
    }

    pub(crate) fn add_gateway(&mut self, key: &ObjectKey, deps: &Deps) {
        if self.off {
            return;
        }
        for d in &deps.list {
            if Some(d.kind()) != self.ignored {
                self.gateways
                    .entry(d.clone())
                    .or_default()
                    .insert(key.clone());
            }
        }
    }

    pub(crate) fn remove_gateway(&mut self, key: &ObjectKey, deps: &Deps) {
        for d in &deps.list {
            if let Some(set) = self.gateways.get_mut(d) {
                set.remove(key);
                if set.is_empty() {
                    self.gateways.remove(d);
                }
            }
        }
    }

    /// Routes that read `dep`.
    pub(crate) fn routes_of(&self, dep: &Dep) -> impl Iterator<Item = RouteId> + '_ {
        self.routes.get(dep).into_iter().flatten().copied()
    }

    /// Gateways that read `dep`.
    pub(crate) fn gateways_of(&self, dep: &Dep) -> impl Iterator<Item = &ObjectKey> + '_ {
        self.gateways.get(dep).into_iter().flatten()
    }
}

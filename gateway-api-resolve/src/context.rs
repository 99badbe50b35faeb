//! What every pass reads besides the object it works on: the snapshot, the options, lookups
//! by name, and the values shared across the output.

use std::collections::BTreeMap;
use std::sync::Arc;

use gateway_api_types::model::{GrpcRouteMatch, HttpRouteMatch, ParentReference};
use gateway_api_types::v1::{BackendTlsPolicy, ReferenceGrant};
use k8s_openapi::api::core::v1::{Namespace, Service};

use crate::hash::HashMap;
use crate::selectors::NamespaceLabels;
use crate::sharing::Interned;
use crate::snapshot::Resource;
use crate::{ObjectKey, Options, Snapshot};

/// A Service, and the key every backend naming it shares.
pub(crate) struct ServiceEntry {
    pub(crate) service: Arc<Service>,
    pub(crate) key: Arc<ObjectKey>,
}

/// Lookups by name that borrow their keys (every route and backend asks one), kept up to date
/// with the snapshot.
#[derive(Default)]
pub(crate) struct Lookups {
    /// Namespaces by name.
    namespaces: HashMap<String, Arc<Namespace>>,
    /// Services by namespace, then name.
    services: HashMap<String, HashMap<String, ServiceEntry>>,
    /// ReferenceGrants by namespace (the namespace they grant access to), then name.
    grants: HashMap<String, BTreeMap<String, Arc<ReferenceGrant>>>,
    /// BackendTLSPolicies by namespace, then the name of each Service they target (with or
    /// without a sectionName), then their name.
    tls_policies: HashMap<String, HashMap<String, BTreeMap<String, Arc<BackendTlsPolicy>>>>,
}

/// The names of the Services a BackendTLSPolicy targets (core `Service` targetRefs; a
/// policy only targets objects of its own namespace).
pub(crate) fn tls_policy_services(p: &BackendTlsPolicy) -> impl Iterator<Item = &str> {
    p.spec
        .target_refs
        .iter()
        .filter(|t| t.group.is_empty() && t.kind == "Service")
        .map(|t| t.name.as_str())
}

impl Lookups {
    /// Records an added or changed object (kinds without a lookup are ignored).
    pub(crate) fn upsert(&mut self, object: &Resource) {
        let key = object.key();
        match object {
            Resource::Namespace(n) => {
                self.namespaces.insert(key.name, Arc::clone(n));
            }
            Resource::Service(s) => {
                let entry = ServiceEntry {
                    service: Arc::clone(s),
                    key: Arc::new(key.clone()),
                };
                self.services
                    .entry(key.namespace)
                    .or_default()
                    .insert(key.name, entry);
            }
            Resource::ReferenceGrant(g) => {
                self.grants
                    .entry(key.namespace)
                    .or_default()
                    .insert(key.name, Arc::clone(g));
            }
            Resource::BackendTlsPolicy(p) => {
                let by_service = self.tls_policies.entry(key.namespace).or_default();
                for svc in tls_policy_services(p) {
                    by_service
                        .entry(svc.to_owned())
                        .or_default()
                        .insert(key.name.clone(), Arc::clone(p));
                }
            }
            _ => {}
        }
    }

    /// Forgets a removed object.
    pub(crate) fn remove(&mut self, object: &Resource) {
        let key = object.key();
        match object {
            Resource::Namespace(_) => {
                self.namespaces.remove(&key.name);
            }
            Resource::Service(_) => {
                if let Some(m) = self.services.get_mut(&key.namespace) {
                    m.remove(&key.name);
                    if m.is_empty() {
                        self.services.remove(&key.namespace);
                    }
                }
            }
            Resource::ReferenceGrant(_) => {
                if let Some(m) = self.grants.get_mut(&key.namespace) {
                    m.remove(&key.name);
                    if m.is_empty() {
                        self.grants.remove(&key.namespace);
                    }
                }
            }
            Resource::BackendTlsPolicy(p) => {
                if let Some(by_service) = self.tls_policies.get_mut(&key.namespace) {
                    for svc in tls_policy_services(p) {
                        if let Some(m) = by_service.get_mut(svc) {
                            m.remove(&key.name);
                            if m.is_empty() {
                                by_service.remove(svc);
                            }
                        }
                    }
                    if by_service.is_empty() {
                        self.tls_policies.remove(&key.namespace);
                    }
                }
            }
            _ => {}
        }
    }

    /// The Service `namespace/name`.
    pub(crate) fn service(&self, namespace: &str, name: &str) -> Option<&ServiceEntry> {
        self.services.get(namespace)?.get(name)
    }

    /// The ReferenceGrants of a namespace, by name.
    pub(crate) fn grants_in(&self, namespace: &str) -> impl Iterator<Item = &ReferenceGrant> {
        self.grants
            .get(namespace)
            .into_iter()
            .flat_map(|m| m.values().map(|g| &**g))
    }

    /// Whether any BackendTLSPolicy is held (most clusters have none, and every backend of
    /// every route would otherwise look its Service's up).
    pub(crate) fn any_tls_policy(&self) -> bool {
        !self.tls_policies.is_empty()
    }

    /// The BackendTLSPolicies targeting Service `namespace/service`, by name.
    pub(crate) fn tls_policies_of(
        &self,
        namespace: &str,
        service: &str,
    ) -> impl Iterator<Item = (&str, &BackendTlsPolicy)> {
        self.tls_policies
            .get(namespace)
            .and_then(|m| m.get(service))
            .into_iter()
            .flat_map(|m| m.iter().map(|(n, p)| (n.as_str(), &**p)))
    }

    /// The labels a namespace selector sees on `namespace`.
    pub(crate) fn labels<'n>(&'n self, namespace: &'n str) -> NamespaceLabels<'n> {
        NamespaceLabels {
            labels: self
                .namespaces
                .get(namespace)
                .and_then(|n| n.metadata.labels.as_ref()),
            name: namespace,
        }
    }
}

/// Values shared by the parts of the output that repeat them, kept for the life of a
/// resolver so that equal values stay shared across changes.
pub(crate) struct Shared {
    /// The controller name of every route status entry we write.
    pub(crate) controller: Arc<str>,
    /// The hostnames of effective routes that have none.
    pub(crate) no_hostnames: Arc<[String]>,
    /// Defaulted HTTPRoute and GRPCRoute matches by the matches as written.
    pub(crate) http_matches: Interned<HttpRouteMatch>,
    pub(crate) grpc_matches: Interned<GrpcRouteMatch>,
    /// Route hostname lists by the lists as written (routes of one application often serve
    /// the same hostnames).
    pub(crate) hostnames: Interned<String>,
    /// Parent references of route status entries (see [`crate::sharing::ParentRefs`]).
    pub(crate) parent_refs: crate::sharing::ParentRefs,
    /// Numbers of listeners' namespace selectors (see [`crate::sharing::SelectorNumbers`]).
    pub(crate) selectors: crate::sharing::SelectorNumbers,
}

impl Shared {
    pub(crate) fn new(options: &Options) -> Self {
        Self {
            controller: Arc::from(options.controller_name.as_str()),
            no_hostnames: Arc::new([]),
            http_matches: Interned::new(),
            grpc_matches: Interned::new(),
            hostnames: Interned::new(),
            parent_refs: crate::sharing::ParentRefs::default(),
            selectors: crate::sharing::SelectorNumbers::default(),
        }
    }

    /// A shared copy of a parentRef naming the Gateway `gateway`.
    pub(crate) fn parent_ref(
        &self,
        gateway: &ObjectKey,
        pr: &ParentReference,
    ) -> Arc<ParentReference> {
        self.parent_refs.get(gateway, pr)
    }
}

/// Everything a pass reads, borrowed for the length of one recomputation.
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'s> {
    pub(crate) snap: &'s Snapshot,
    pub(crate) opts: &'s Options,
    pub(crate) lookups: &'s Lookups,
    pub(crate) shared: &'s Shared,
}

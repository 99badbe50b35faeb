//! The resolver as the controller sees it: changes of objects go in, the statuses to write come
//! out.
//!
//! This is the only module that knows how resolution is done. Changes are queued as they
//! arrive and handed to the incremental [`Resolver`] in one batch at [`Engine::flush`]; its
//! delta names the objects whose status changed, so the cost of a flush follows what the batch
//! affects, not the size of the cluster. The first flush (the initial listing) loads every
//! object at once with [`Resolver::from_snapshot`], the bulk path.

use std::collections::BTreeSet;

use gateway_api_resolve::{
    self as resolve, ObjectKey, ObjectKind, Options, Resolution, Resolver, Resource, RouteKind,
    Snapshot,
};
use gateway_api_types::Object;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ObjectMeta, Time};
use serde::Serialize;
use serde_json::Value;

/// An object whose status the controller may write: its API kind (`HTTPRoute`) and key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// The API kind, as `Resolution::status_of` and the API server spell it.
    pub kind: &'static str,
    /// Namespace (empty for GatewayClasses) and name.
    pub key: ObjectKey,
}

/// One change of the cluster, as a watch reports it.
#[derive(Clone, Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one value per watch event, moved once; boxing adds an allocation per event"
)]
pub enum Change {
    /// An object was created or modified (or listed).
    Upsert(Object),
    /// An object of the given API kind was deleted.
    Delete {
        /// The API kind (`Service`, `HTTPRoute` …).
        kind: &'static str,
        /// Its key.
        key: ObjectKey,
    },
}

/// The status the resolver computes for one object, and what the object read from the API
/// server holds now.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusUpdate {
    /// The object.
    pub target: Target,
    /// The status to write (already merged with the status the object holds: other
    /// controllers' entries kept, `lastTransitionTime` of unchanged conditions kept,
    /// `observedGeneration` from the object).
    pub status: Value,
    /// The status of the object as last read from the API server (`None`: no status, or the
    /// object is not known).
    pub current: Option<Value>,
    /// `metadata.resourceVersion` of the object as last read, the precondition of the write.
    pub resource_version: Option<String>,
}

impl StatusUpdate {
    /// Whether the API server already holds this status (then nothing is written).
    pub fn is_current(&self) -> bool {
        self.current.as_ref() == Some(&self.status)
    }
}

/// The kinds whose status the controller writes, in the order `Resolution::items` lists them.
pub const STATUS_KINDS: [&str; 9] = [
    "GatewayClass",
    "Gateway",
    "ListenerSet",
    "HTTPRoute",
    "GRPCRoute",
    "TLSRoute",
    "TCPRoute",
    "UDPRoute",
    "BackendTLSPolicy",
];

/// The resolver's state: the incremental resolver (once the first flush loaded it), the
/// changes queued since the last flush, and the objects upserted since then.
#[derive(Debug)]
pub struct Engine {
    options: Options,
    /// `None` until the first flush.
    resolver: Option<Resolver>,
    pending: Vec<resolve::Change>,
    /// Objects with a status kind upserted since the last flush: the API server's copy of their
    /// status changed, so whether it equals ours must be checked again even if ours did not
    /// change.
    touched: BTreeSet<Target>,
    /// The resolution before the first flush: empty.
    empty: Resolution,
}

impl Engine {
    /// An empty state for the controller named in `options`.
    pub fn new(options: Options) -> Self {
        Self {
            options,
            resolver: None,
            pending: Vec::new(),
            touched: BTreeSet::new(),
            empty: Resolution::default(),
        }
    }

    /// Queues one change for the next flush. Kinds the resolver does not read are ignored.
    pub fn apply(&mut self, change: Change) {
        match change {
            Change::Upsert(object) => {
                let Some(resource) = Resource::from_object(object) else {
                    return;
                };
                if let Some(kind) = status_kind(resource.kind()) {
                    self.touched.insert(Target {
                        kind,
                        key: resource.key(),
                    });
                }
                self.pending.push(resolve::Change::Upsert(resource));
            }
            Change::Delete { kind, key } => {
                let Some(object_kind) = ObjectKind::from_kind(kind) else {
                    tracing::debug!(kind, %key, "delete of a kind the resolver does not read");
                    return;
                };
                self.touched.remove(&Target {
                    kind,
                    key: key.clone(),
                });
                self.pending.push(resolve::Change::Delete(object_kind, key));
            }
        }
    }

    /// Resolves the changes queued, with `now` as the time of changed conditions, and returns
    /// the objects whose computed status changed since the previous flush or whose object was
    /// upserted since then, each with the status to write and the one it holds. The caller
    /// writes those that are not [`StatusUpdate::is_current`].
    pub fn flush(&mut self, now: Time) -> Vec<StatusUpdate> {
        let mut changed: BTreeSet<Target> = std::mem::take(&mut self.touched);
        let pending = std::mem::take(&mut self.pending);
        match &mut self.resolver {
            Some(resolver) => {
                resolver.set_now(now);
                let delta = resolver.apply(pending);
                changed.extend(delta.statuses.iter().filter_map(|c| {
                    Some(Target {
                        kind: status_kind(c.kind)?,
                        key: c.key.clone(),
                    })
                }));
            }
            None => {
                let mut snapshot = Snapshot::new();
                for change in pending {
                    match change {
                        resolve::Change::Upsert(r) => {
                            snapshot.upsert(r);
                        }
                        resolve::Change::Delete(kind, key) => {
                            snapshot.remove(kind, &key);
                        }
                    }
                }
                self.options.now = now;
                let resolver = Resolver::from_snapshot(snapshot, self.options.clone());
                changed.extend(targets(resolver.resolution()));
                self.resolver = Some(resolver);
            }
        }
        changed
            .into_iter()
            .filter_map(|t| self.update(&t))
            .collect()
    }

    /// The status to write for one object now, as of the last flush, with what the object read
    /// holds (`None` when the controller writes no status for it).
    pub fn update(&self, target: &Target) -> Option<StatusUpdate> {
        let resolver = self.resolver.as_ref()?;
        let status = resolver.resolution().status_of(target.kind, &target.key)?;
        let (current, meta) = read_status(resolver.snapshot(), target)?;
        Some(StatusUpdate {
            target: target.clone(),
            status,
            current,
            resource_version: meta.resource_version.clone(),
        })
    }

    /// Every status of the last flush, for a new leader that must check them all.
    pub fn all(&self) -> Vec<StatusUpdate> {
        targets(self.resolution())
            .filter_map(|t| self.update(&t))
            .collect()
    }

    /// The last resolution (empty before the first flush).
    pub fn resolution(&self) -> &Resolution {
        self.resolver
            .as_ref()
            .map_or(&self.empty, Resolver::resolution)
    }
}

impl Target {
    fn new(kind: &'static str, key: &ObjectKey) -> Self {
        Self {
            kind,
            key: key.clone(),
        }
    }
}

/// Every object a resolution holds a status for, of the kinds the controller writes.
fn targets(r: &Resolution) -> impl Iterator<Item = Target> + '_ {
    r.gateway_classes
        .keys()
        .map(|k| Target::new("GatewayClass", k))
        .chain(r.gateways.keys().map(|k| Target::new("Gateway", k)))
        .chain(
            r.listener_sets
                .keys()
                .map(|k| Target::new("ListenerSet", k)),
        )
        .chain(
            r.routes
                .keys()
                .map(|(kind, k)| Target::new(kind.as_str(), k)),
        )
        .chain(
            r.backend_tls_policies
                .keys()
                .map(|k| Target::new("BackendTLSPolicy", k)),
        )
}

/// The API kind of `kind` when the controller writes its status.
fn status_kind(kind: ObjectKind) -> Option<&'static str> {
    let kind = kind.as_str();
    STATUS_KINDS.contains(&kind).then_some(kind)
}

/// The status and metadata of a status-carrying object in the snapshot.
fn read_status<'a>(snapshot: &'a Snapshot, t: &Target) -> Option<(Option<Value>, &'a ObjectMeta)> {
    fn read<'a, S: Serialize>(
        meta: &'a ObjectMeta,
        status: Option<&S>,
    ) -> (Option<Value>, &'a ObjectMeta) {
        (status.and_then(|s| serde_json::to_value(s).ok()), meta)
    }
    let k = &t.key;
    match t.kind {
        "GatewayClass" => snapshot
            .gateway_classes
            .get(k)
            .map(|o| read(&o.metadata, o.status.as_ref())),
        "Gateway" => snapshot
            .gateways
            .get(k)
            .map(|o| read(&o.metadata, o.status.as_ref())),
        "ListenerSet" => snapshot
            .listener_sets
            .get(k)
            .map(|o| read(&o.metadata, o.status.as_ref())),
        "BackendTLSPolicy" => snapshot
            .backend_tls_policies
            .get(k)
            .map(|o| read(&o.metadata, o.status.as_ref())),
        route => match RouteKind::from_kind(route)? {
            RouteKind::Http => snapshot
                .http_routes
                .get(k)
                .map(|o| read(&o.metadata, o.status.as_ref())),
            RouteKind::Grpc => snapshot
                .grpc_routes
                .get(k)
                .map(|o| read(&o.metadata, o.status.as_ref())),
            RouteKind::Tls => snapshot
                .tls_routes
                .get(k)
                .map(|o| read(&o.metadata, o.status.as_ref())),
            RouteKind::Tcp => snapshot
                .tcp_routes
                .get(k)
                .map(|o| read(&o.metadata, o.status.as_ref())),
            RouteKind::Udp => snapshot
                .udp_routes
                .get(k)
                .map(|o| read(&o.metadata, o.status.as_ref())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Vec<Object> {
        gateway_api_types::parse("test.yaml", text)
            .into_iter()
            .map(|d| d.expect("test manifest parses").object)
            .collect()
    }

    const CLUSTER: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: gc}
spec: {controllerName: example.net/c}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: ns, generation: 1, resourceVersion: "7"}
spec:
  gatewayClassName: gc
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns, generation: 3}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: svc, port: 80}]}]
"#;

    fn engine() -> Engine {
        let mut e = Engine::new(Options::new("example.net/c"));
        for o in docs(CLUSTER) {
            e.apply(Change::Upsert(o));
        }
        e
    }

    #[test]
    fn first_flush_lists_every_owned_object_and_the_second_nothing() {
        let mut e = engine();
        let first = e.flush(Time(Default::default()));
        let mut kinds: Vec<_> = first
            .iter()
            .map(|u| (u.target.kind, u.target.key.to_string()))
            .collect();
        kinds.sort();
        assert_eq!(
            kinds,
            [
                ("Gateway", "ns/gw".to_owned()),
                ("GatewayClass", "gc".to_owned()),
                ("HTTPRoute", "ns/r".to_owned())
            ]
        );
        assert!(first.iter().all(|u| !u.is_current()));
        let of = |kind: &str| first.iter().find(|u| u.target.kind == kind).unwrap();
        assert_eq!(of("Gateway").resource_version.as_deref(), Some("7"));
        assert_eq!(
            of("HTTPRoute").status,
            e.resolution()
                .status_of("HTTPRoute", &ObjectKey::new("ns", "r"))
                .unwrap()
        );
        assert!(e.flush(Time(Default::default())).is_empty());
    }

    #[test]
    fn an_upsert_reports_the_object_even_when_its_status_did_not_change() {
        let mut e = engine();
        e.flush(Time(Default::default()));
        let route = docs(CLUSTER).pop().unwrap();
        e.apply(Change::Upsert(route));
        let again = e.flush(Time(Default::default()));
        assert_eq!(again.len(), 1);
        assert_eq!(
            again[0].target,
            Target::new("HTTPRoute", &ObjectKey::new("ns", "r"))
        );
    }

    #[test]
    fn a_deleted_service_changes_the_route_status_and_a_deleted_route_is_not_reported() {
        let mut e = engine();
        let svc = docs(
            "apiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: ns}\nspec: {ports: [{port: 80}]}\n",
        );
        e.apply(Change::Upsert(svc[0].clone()));
        e.flush(Time(Default::default()));
        e.apply(Change::Delete {
            kind: "Service",
            key: ObjectKey::new("ns", "svc"),
        });
        let changed = e.flush(Time(Default::default()));
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].target.kind, "HTTPRoute");
        assert!(changed[0].status.to_string().contains("BackendNotFound"));

        e.apply(Change::Delete {
            kind: "HTTPRoute",
            key: ObjectKey::new("ns", "r"),
        });
        let changed = e.flush(Time(Default::default()));
        // The Gateway's attachedRoutes drops to 0; the route itself is gone, nothing to write.
        assert_eq!(
            changed.iter().map(|u| u.target.kind).collect::<Vec<_>>(),
            ["Gateway"]
        );
    }

    #[test]
    fn a_status_equal_to_the_servers_is_current() {
        let mut e = engine();
        let first = e.flush(Time(Default::default()));
        let mut snapshot_docs = docs(CLUSTER);
        // Give the route the status we computed, as the API server would after our write.
        let route = first.iter().find(|u| u.target.kind == "HTTPRoute").unwrap();
        if let Object::HttpRouteV1(r) = &mut snapshot_docs[2] {
            r.status = serde_json::from_value(route.status.clone()).unwrap();
        }
        e.apply(Change::Upsert(snapshot_docs.remove(2)));
        let again = e.flush(Time(Default::default()));
        assert_eq!(again.len(), 1);
        assert!(again[0].is_current());
    }
}

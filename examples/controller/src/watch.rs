//! One kube-runtime watcher per kind the resolver reads, each turning its events into
//! [`Change`]s for the engine.
//!
//! A watcher's stream restarts with a re-list after a failure or a restart of the controller.
//! The objects of the re-list are applied as upserts, and objects known before it but absent
//! from it are deleted: after a re-list the engine holds exactly what the API server holds, as a
//! reflector store would (the engine *is* the store here, so no second copy is kept).

use std::collections::HashSet;
use std::fmt::Debug;
use std::time::Instant;

use futures::StreamExt as _;
use gateway_api_resolve::ObjectKey;
use gateway_api_types::{Object, v1};
use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Secret, Service};
use kube::runtime::WatchStreamExt as _;
use kube::runtime::watcher::{self, Event};
use kube::{Api, Client, Resource};
use serde::de::DeserializeOwned;
use tokio::sync::mpsc::UnboundedSender;

use crate::engine::Change;
use crate::metrics::Metrics;

/// What a watcher tells the controller loop.
#[derive(Debug)]
#[allow(
    clippy::large_enum_variant,
    reason = "one value per watch event, moved once; boxing adds an allocation per event"
)]
pub(crate) enum Message {
    /// A change, with the time it was received (the start of the event-to-patch latency).
    Change(Change, Instant),
    /// The first list of this kind is complete: the engine has all its objects.
    Synced(&'static str),
}

/// Starts a watcher for every kind `Snapshot` reads but XBackendTrafficPolicy (experimental
/// channel only; its CRD may not be installed); each sends to `tx` until it is closed. Returns
/// the API kinds started.
pub(crate) fn spawn_all(
    client: &Client,
    tx: &UnboundedSender<Message>,
    metrics: &Metrics,
) -> Vec<&'static str> {
    let c = client;
    vec![
        spawn::<v1::GatewayClass>(c, tx, metrics, "GatewayClass", Object::GatewayClassV1),
        spawn::<v1::Gateway>(c, tx, metrics, "Gateway", Object::GatewayV1),
        spawn::<v1::ListenerSet>(c, tx, metrics, "ListenerSet", Object::ListenerSetV1),
        spawn::<v1::HttpRoute>(c, tx, metrics, "HTTPRoute", Object::HttpRouteV1),
        spawn::<v1::GrpcRoute>(c, tx, metrics, "GRPCRoute", Object::GrpcRouteV1),
        spawn::<v1::TlsRoute>(c, tx, metrics, "TLSRoute", Object::TlsRouteV1),
        spawn::<v1::TcpRoute>(c, tx, metrics, "TCPRoute", Object::TcpRouteV1),
        spawn::<v1::UdpRoute>(c, tx, metrics, "UDPRoute", Object::UdpRouteV1),
        spawn::<v1::ReferenceGrant>(c, tx, metrics, "ReferenceGrant", Object::ReferenceGrantV1),
        spawn::<v1::BackendTlsPolicy>(
            c,
            tx,
            metrics,
            "BackendTLSPolicy",
            Object::BackendTlsPolicyV1,
        ),
        spawn::<Namespace>(c, tx, metrics, "Namespace", Object::Namespace),
        spawn::<Service>(c, tx, metrics, "Service", Object::Service),
        spawn::<Secret>(c, tx, metrics, "Secret", Object::Secret),
        spawn::<ConfigMap>(c, tx, metrics, "ConfigMap", Object::ConfigMap),
    ]
}

fn spawn<K>(
    client: &Client,
    tx: &UnboundedSender<Message>,
    metrics: &Metrics,
    kind: &'static str,
    wrap: fn(K) -> Object,
) -> &'static str
where
    K: Resource<DynamicType = ()> + Clone + DeserializeOwned + Debug + Send + 'static,
{
    let api: Api<K> = Api::all(client.clone());
    let tx = tx.clone();
    let metrics = metrics.clone();
    tokio::spawn(async move {
        let mut stream =
            std::pin::pin!(watcher::watcher(api, watcher::Config::default()).default_backoff());
        // Keys present now, and keys seen since the current re-list began.
        let mut known: HashSet<ObjectKey> = HashSet::new();
        let mut relisted: Option<HashSet<ObjectKey>> = None;
        let mut synced = false;
        while let Some(event) = stream.next().await {
            let event = match event {
                Ok(event) => event,
                Err(e) => {
                    tracing::warn!(kind, error = %e, "watch failed; retrying with backoff");
                    metrics.watch_errors(kind);
                    continue;
                }
            };
            let now = Instant::now();
            let mut out = Vec::new();
            let mut first_sync = false;
            match event {
                Event::Apply(o) | Event::InitApply(o) => {
                    let key = ObjectKey::of(o.meta());
                    if let Some(seen) = &mut relisted {
                        seen.insert(key.clone());
                    }
                    known.insert(key);
                    out.push(Change::Upsert(wrap(o)));
                }
                Event::Delete(o) => {
                    let key = ObjectKey::of(o.meta());
                    known.remove(&key);
                    out.push(Change::Delete { kind, key });
                }
                Event::Init => relisted = Some(HashSet::new()),
                Event::InitDone => {
                    let seen = relisted.take().unwrap_or_default();
                    for key in known.difference(&seen) {
                        out.push(Change::Delete {
                            kind,
                            key: key.clone(),
                        });
                    }
                    known = seen;
                    first_sync = !synced;
                    synced = true;
                }
            }
            metrics.events(kind, out.len());
            for change in out {
                if tx.send(Message::Change(change, now)).is_err() {
                    return;
                }
            }
            if first_sync && tx.send(Message::Synced(kind)).is_err() {
                return;
            }
        }
    });
    kind
}

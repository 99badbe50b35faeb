//! Writing a status: server-side apply to the `status` subresource, under the controller's field
//! manager, with the object's `resourceVersion` as a precondition.
//!
//! Why the precondition: route `status.parents` is an atomic list, so our apply sets the whole
//! list, other controllers' entries included (the resolver copies them from the object it read).
//! Had one of them written its entry after our read, an unconditional apply would erase it. With
//! `metadata.resourceVersion` in the body the API server answers 409 instead; the object is read
//! again and the status computed anew, with their entry in it.
//!
//! Why `force`: the list (and the conditions of a Gateway another manager once touched) may be
//! owned by another field manager; applying a value that includes their entries unchanged is
//! what the spec asks, so taking ownership is right and must not fail.

use gateway_api_types::{GatewayApiResource, v1};
use kube::api::{ApiResource, DynamicObject, Patch, PatchParams};
use kube::{Api, Client};
use serde_json::{Map, Value};

use crate::engine::{Change, StatusUpdate, Target};
use crate::metrics::PatchResult;

/// Writes statuses for one field manager.
#[derive(Clone)]
pub(crate) struct Writer {
    client: Client,
    params: PatchParams,
}

impl Writer {
    pub(crate) fn new(client: Client, field_manager: &str) -> Self {
        Self {
            client,
            params: PatchParams::apply(field_manager).force(),
        }
    }

    /// Writes one status unless the API server holds it already.
    pub(crate) async fn write(&self, update: &StatusUpdate) -> PatchResult {
        if update.is_current() {
            return PatchResult::Skipped;
        }
        let Some(api) = self.api(&update.target) else {
            return PatchResult::Failed;
        };
        let body = apply_body(update);
        match api
            .patch_status(&update.target.key.name, &self.params, &Patch::Apply(&body))
            .await
        {
            Ok(_) => PatchResult::Sent,
            Err(kube::Error::Api(e)) if e.code == 409 => {
                tracing::debug!(target = ?update.target, "status write conflicted; reading the object again");
                PatchResult::Conflict
            }
            Err(kube::Error::Api(e)) if e.code == 404 => {
                tracing::debug!(target = ?update.target, "object deleted before its status was written");
                PatchResult::NotFound
            }
            Err(e) => {
                tracing::warn!(target = ?update.target, error = %e, "status write failed");
                PatchResult::Failed
            }
        }
    }

    /// Reads one object again (after a failed write), as a change for the engine: an upsert, or
    /// a delete when the API server no longer has it. `None` when the read failed otherwise.
    pub(crate) async fn reread(&self, target: &Target) -> Option<Change> {
        let api = self.api(target)?;
        match api.get_status(&target.key.name).await {
            Ok(o) => {
                let text = serde_json::to_string(&o).ok()?;
                let doc = gateway_api_types::parse("api-server", &text)
                    .into_iter()
                    .next()?;
                match doc {
                    Ok(doc) => Some(Change::Upsert(doc.object)),
                    Err(e) => {
                        tracing::warn!(target = ?target, error = %e, "cannot decode the object read again");
                        None
                    }
                }
            }
            Err(kube::Error::Api(e)) if e.code == 404 => Some(Change::Delete {
                kind: target.kind,
                key: target.key.clone(),
            }),
            Err(e) => {
                tracing::warn!(target = ?target, error = %e, "cannot read the object again");
                None
            }
        }
    }

    fn api(&self, target: &Target) -> Option<Api<DynamicObject>> {
        let resource = api_resource(target.kind)?;
        Some(if target.key.namespace.is_empty() {
            Api::all_with(self.client.clone(), &resource)
        } else {
            Api::namespaced_with(self.client.clone(), &target.key.namespace, &resource)
        })
    }
}

/// The served resource of each status kind (all at v1).
fn api_resource(kind: &str) -> Option<ApiResource> {
    fn of<K: GatewayApiResource>() -> ApiResource {
        ApiResource {
            group: K::GROUP.into(),
            version: K::VERSION.into(),
            api_version: K::API_VERSION.into(),
            kind: K::KIND.into(),
            plural: K::PLURAL.into(),
        }
    }
    Some(match kind {
        "GatewayClass" => of::<v1::GatewayClass>(),
        "Gateway" => of::<v1::Gateway>(),
        "ListenerSet" => of::<v1::ListenerSet>(),
        "HTTPRoute" => of::<v1::HttpRoute>(),
        "GRPCRoute" => of::<v1::GrpcRoute>(),
        "TLSRoute" => of::<v1::TlsRoute>(),
        "TCPRoute" => of::<v1::TcpRoute>(),
        "UDPRoute" => of::<v1::UdpRoute>(),
        "BackendTLSPolicy" => of::<v1::BackendTlsPolicy>(),
        _ => return None,
    })
}

/// The apply configuration: the object as `gwapi status` prints it (`apiVersion`, `kind`,
/// `metadata` with name and namespace, `status`), plus the `resourceVersion` precondition.
pub(crate) fn apply_body(update: &StatusUpdate) -> Value {
    let t = &update.target;
    let api_version = api_resource(t.kind)
        .map(|r| r.api_version)
        .unwrap_or_default();
    let mut meta = Map::new();
    meta.insert("name".into(), Value::String(t.key.name.clone()));
    if !t.key.namespace.is_empty() {
        meta.insert("namespace".into(), Value::String(t.key.namespace.clone()));
    }
    if let Some(rv) = &update.resource_version {
        meta.insert("resourceVersion".into(), Value::String(rv.clone()));
    }
    serde_json::json!({
        "apiVersion": api_version,
        "kind": t.kind,
        "metadata": meta,
        "status": update.status,
    })
}

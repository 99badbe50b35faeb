//! `gwapi status`: the status a controller would write for every object it is responsible for.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gateway_api_resolve::{
    Change, ObjectKey, ObjectKind, Resolver, Resource, Snapshot, StatusChange, resolve,
};
use gateway_api_types::Object;

use crate::Format;
use crate::controller::ControllerArgs;
use crate::input::{InputArgs, Manifests};

/// `gwapi status`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// The controller whose status is computed; defaults to the one controller the
    /// GatewayClasses of the input name.
    #[arg(long)]
    pub(crate) controller_name: Option<String>,
    #[command(flatten)]
    pub(crate) controller: ControllerArgs,
    /// What if: after resolving PATHs, apply the objects of FILE (replacing objects of the same
    /// kind, namespace and name) and print only the statuses that change.
    #[arg(long = "apply", value_name = "FILE")]
    pub(crate) apply: Vec<String>,
    /// What if: after resolving PATHs, delete KIND/NAMESPACE/NAME (KIND/NAME for cluster-scoped
    /// kinds) and print only the statuses that change.
    #[arg(long = "delete", value_name = "KIND/NAMESPACE/NAME")]
    pub(crate) delete: Vec<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = Format::Yaml)]
    pub(crate) output: Format,
}

/// The one controller named by the GatewayClasses of the input.
pub(crate) fn default_controller(read: &Manifests) -> anyhow::Result<String> {
    let names: BTreeSet<String> = read
        .documents
        .iter()
        .filter_map(|d| match &d.object {
            Object::GatewayClassV1(c) => Some(c.spec.controller_name.clone()),
            Object::GatewayClassV1beta1(c) => Some(c.spec.controller_name.clone()),
            _ => None,
        })
        .collect();
    match names.len() {
        0 => bail!("no GatewayClass in the input names a controller; pass --controller-name"),
        1 => Ok(names.into_iter().next().unwrap_or_default()),
        _ => bail!(
            "the GatewayClasses name several controllers ({}); pick one with --controller-name",
            names.into_iter().collect::<Vec<_>>().join(", ")
        ),
    }
}

impl Args {
    fn is_what_if(&self) -> bool {
        !self.apply.is_empty() || !self.delete.is_empty()
    }

    /// The changes, in order: every object of the `--apply` files, then every `--delete`.
    fn changes(&self) -> anyhow::Result<Vec<Change>> {
        let mut changes = Vec::new();
        if !self.apply.is_empty() {
            let read = crate::input::read_all(&self.apply, &self.input.limits)?;
            if let Some(e) = read.errors.first() {
                bail!("--apply: {e}");
            }
            for doc in read.documents {
                let kind = doc.object.kind().to_owned();
                match Resource::from_object(doc.object) {
                    Some(r) => changes.push(Change::Upsert(r)),
                    None => {
                        eprintln!(
                            "warning: --apply: {kind} is not a kind the resolver reads; ignored"
                        )
                    }
                }
            }
        }
        for d in &self.delete {
            let (kind, key) = parse_object_ref(d)?;
            changes.push(Change::Delete(kind, key));
        }
        Ok(changes)
    }
}

/// Reads `KIND/NAMESPACE/NAME` (namespaced kinds) or `KIND/NAME` (cluster-scoped kinds).
pub(crate) fn parse_object_ref(text: &str) -> anyhow::Result<(ObjectKind, ObjectKey)> {
    let parts: Vec<&str> = text.split('/').collect();
    let kind_name = parts.first().copied().unwrap_or_default();
    let Some(kind) = ObjectKind::ALL
        .iter()
        .copied()
        .find(|k| k.as_str().eq_ignore_ascii_case(kind_name))
    else {
        bail!("--delete {text:?}: {kind_name:?} is not a kind the resolver reads");
    };
    match (kind.namespaced(), parts.as_slice()) {
        (true, [_, ns, name]) if !ns.is_empty() && !name.is_empty() => {
            Ok((kind, ObjectKey::new(*ns, *name)))
        }
        (false, [_, name]) if !name.is_empty() => Ok((kind, ObjectKey::cluster(*name))),
        (true, _) => bail!("--delete {text:?}: {kind} is namespaced: write {kind}/NAMESPACE/NAME"),
        (false, _) => bail!("--delete {text:?}: {kind} is cluster-scoped: write {kind}/NAME"),
    }
}

/// A changed status as a List item; a status no longer written shows as `status: null`.
fn change_item(c: &StatusChange) -> serde_json::Value {
    let mut meta = serde_json::Map::new();
    meta.insert("name".into(), c.key.name.clone().into());
    if !c.key.namespace.is_empty() {
        meta.insert("namespace".into(), c.key.namespace.clone().into());
    }
    let api = if c.kind == ObjectKind::XBackendTrafficPolicy {
        "gateway.networking.x-k8s.io/v1alpha1"
    } else {
        "gateway.networking.k8s.io/v1"
    };
    serde_json::json!({
        "apiVersion": api,
        "kind": c.kind.as_str(),
        "metadata": meta,
        "status": serde_json::to_value(&c.status).unwrap_or(serde_json::Value::Null),
    })
}

pub(crate) fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let read = args.input.read()?;
    if !read.errors.is_empty() {
        for e in &read.errors {
            eprintln!("error: {e}");
        }
        return Ok(ExitCode::from(2));
    }
    let controller_name = match &args.controller_name {
        Some(c) => c.clone(),
        None => default_controller(&read)?,
    };
    let options = args.controller.options(controller_name);
    let snapshot = Snapshot::from_documents(&read.documents);
    let items = if args.is_what_if() {
        // Through the incremental engine: what a controller holding PATHs computes when the
        // changes arrive.
        let changes = args.changes()?;
        let mut resolver = Resolver::from_snapshot(snapshot, options);
        let delta = resolver.apply(changes);
        delta.statuses.iter().map(change_item).collect()
    } else {
        resolve(&snapshot, &options).items()
    };
    let list = serde_json::json!({ "apiVersion": "v1", "kind": "List", "items": items });
    let text = match args.output {
        Format::Json => serde_json::to_string_pretty(&list)? + "\n",
        Format::Yaml => serde_saphyr::to_string(&list).context("cannot write YAML")?,
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

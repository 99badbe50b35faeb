//! `gwapi status`: the status a controller would write for every object it is responsible for.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gateway_api_resolve::{Options, Snapshot, resolve};
use gateway_api_types::Object;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::jiff::Timestamp;

use crate::Format;
use crate::input::Manifests;

/// Features a user can declare unsupported, for the tests that expect their absence.
pub(crate) const OPTIONAL_FEATURES: &[&str] = &["TLSRouteModeTerminate"];

/// Options shared by `status` and `test`: the clock and the features switched off.
pub(crate) fn options(
    controller_name: String,
    now: Option<&str>,
    unsupported: &[String],
) -> anyhow::Result<Options> {
    let mut options = Options::new(controller_name);
    if let Some(now) = now {
        let t: Timestamp = now
            .parse()
            .with_context(|| format!("--now {now:?} is not an RFC 3339 time"))?;
        options.now = Time(t);
    }
    for f in unsupported {
        match f.as_str() {
            "TLSRouteModeTerminate" => options.tls_route_terminate = false,
            other => bail!(
                "--unsupported-feature {other:?}: unknown feature (known: {})",
                OPTIONAL_FEATURES.join(", ")
            ),
        }
    }
    Ok(options)
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

pub(crate) fn run(
    paths: &[String],
    controller_name: Option<String>,
    now: Option<&str>,
    unsupported: &[String],
    output: Format,
) -> anyhow::Result<ExitCode> {
    let read = crate::input::read_all(paths)?;
    if !read.errors.is_empty() {
        for e in &read.errors {
            eprintln!("error: {e}");
        }
        return Ok(ExitCode::from(2));
    }
    let controller_name = match controller_name {
        Some(c) => c,
        None => default_controller(&read)?,
    };
    let options = options(controller_name, now, unsupported)?;
    let resolution = resolve(&Snapshot::from_documents(&read.documents), &options);
    let list =
        serde_json::json!({ "apiVersion": "v1", "kind": "List", "items": resolution.items() });
    let text = match output {
        Format::Json => serde_json::to_string_pretty(&list)? + "\n",
        Format::Yaml => serde_saphyr::to_string(&list).context("cannot write YAML")?,
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

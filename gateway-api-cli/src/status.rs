//! `gwapi status`: the status a controller would write for every object it is responsible for.

use std::collections::BTreeSet;
use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use gateway_api_resolve::{Snapshot, resolve};
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
    let resolution = resolve(&Snapshot::from_documents(&read.documents), &options);
    let list =
        serde_json::json!({ "apiVersion": "v1", "kind": "List", "items": resolution.items() });
    let text = match args.output {
        Format::Json => serde_json::to_string_pretty(&list)? + "\n",
        Format::Yaml => serde_saphyr::to_string(&list).context("cannot write YAML")?,
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

//! `gwapi`: the Gateway API workspace on the command line.
//!
//! Exit codes follow one rule across subcommands: 0 when everything is fine, 1 when the input
//! was read but has findings (rejected objects, failing tests), 2 when the input is unusable
//! (unreadable files, not YAML/JSON, bad arguments).

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use gateway_api_types::Channel;

mod input;
mod route;
mod status;
mod test_cmd;
mod validate;

/// Validate, resolve and test Kubernetes Gateway API manifests, and print the CRDs.
#[derive(Parser)]
#[command(name = "gwapi", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the Gateway API v1.6.1 CRDs (and the safe-upgrades admission policy) of a channel.
    Crds {
        /// Which release channel.
        #[arg(long, value_enum, default_value_t = ChannelArg::Standard)]
        channel: ChannelArg,
        /// Output format: a multi-document YAML stream, or a JSON `List`.
        #[arg(short, long, value_enum, default_value_t = Format::Yaml)]
        output: Format,
    },
    /// Read manifests and list every object found: kind, namespace/name, file and document, and
    /// fields the type does not define. Exit 2 if any document cannot be decoded.
    Parse {
        /// Files, directories (read recursively for *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
        output: TextOrJson,
    },
    /// Validate manifests as an API server with the Gateway API CRDs would: every object with its
    /// verdict and field errors. Exit 1 if any object is rejected, 2 if any input is unusable.
    Validate {
        /// Files, directories (read recursively for *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Which release channel's CRDs to validate against.
        #[arg(long, value_enum, default_value_t = ChannelArg::Standard)]
        channel: ChannelArg,
        /// Reject unknown fields (kubectl --validate=strict) instead of pruning them.
        #[arg(long)]
        strict: bool,
        /// Add warnings for what the spec advises but the API server does not check.
        #[arg(long)]
        lint: bool,
        /// Validate each object as an update of the object with the same kind, namespace and
        /// name in this file (runs the transition rules).
        #[arg(long, value_name = "OLD_FILE")]
        old: Option<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
        output: TextOrJson,
    },
    /// Print the status a controller would write for every object it is responsible for, as a
    /// Kubernetes `List`. Exit 2 if the input is unusable.
    Status {
        /// Files, directories (read recursively for *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// The controller whose status is computed; defaults to the one controller the
        /// GatewayClasses of the input name.
        #[arg(long)]
        controller_name: Option<String>,
        /// The time recorded as lastTransitionTime (RFC 3339); default the Unix epoch.
        #[arg(long)]
        now: Option<String>,
        /// A feature the simulated controller does not support (TLSRouteModeTerminate).
        #[arg(long = "unsupported-feature")]
        unsupported_features: Vec<String>,
        /// What if: after resolving PATHs, apply the objects of FILE (replacing objects of the
        /// same kind, namespace and name) and print only the statuses that change.
        #[arg(long = "apply", value_name = "FILE")]
        apply: Vec<String>,
        /// What if: after resolving PATHs, delete KIND/NAMESPACE/NAME (KIND/NAME for
        /// cluster-scoped kinds) and print only the statuses that change.
        #[arg(long = "delete", value_name = "KIND/NAMESPACE/NAME")]
        delete: Vec<String>,
        /// Output format.
        #[arg(short, long, value_enum, default_value_t = Format::Yaml)]
        output: Format,
    },
    /// Explain where one request goes through a Gateway: the listener, the route, rule and match
    /// that won, the outcome, and why every other candidate rule lost. Exit 0 for any decision,
    /// 2 for unusable input.
    Route(route::Args),
    /// Check test files (kind StatusTests) against the manifests: one line per failing test,
    /// then `N passed, M failed`. Exit 0 when all pass, 1 when any fails, 2 on unusable input.
    Test {
        /// Files, directories (read recursively for *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Test files.
        #[arg(long, required = true, num_args = 1..)]
        tests: Vec<String>,
        /// The time recorded as lastTransitionTime (RFC 3339); default the Unix epoch.
        #[arg(long)]
        now: Option<String>,
        /// A feature the simulated controller does not support (TLSRouteModeTerminate).
        #[arg(long = "unsupported-feature")]
        unsupported_features: Vec<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ChannelArg {
    Standard,
    Experimental,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Self {
        match c {
            ChannelArg::Standard => Self::Standard,
            ChannelArg::Experimental => Self::Experimental,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Yaml,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TextOrJson {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Crds { channel, output } => crds(channel.into(), output),
        Command::Parse { paths, output } => parse(&paths, output),
        Command::Validate {
            paths,
            channel,
            strict,
            lint,
            old,
            output,
        } => validate::run(
            &paths,
            &validate::Options {
                channel: channel.into(),
                strict,
                lint,
                old,
                output,
            },
        ),
        Command::Status {
            paths,
            controller_name,
            now,
            unsupported_features,
            apply,
            delete,
            output,
        } => status::run(
            &paths,
            controller_name,
            now.as_deref(),
            &unsupported_features,
            &status::WhatIf {
                apply: &apply,
                delete: &delete,
            },
            output,
        ),
        Command::Route(args) => route::run(&args),
        Command::Test {
            paths,
            tests,
            now,
            unsupported_features,
        } => test_cmd::run(&paths, &tests, now.as_deref(), &unsupported_features),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("gwapi: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn crds(channel: Channel, output: Format) -> anyhow::Result<ExitCode> {
    let text = match output {
        Format::Yaml => gateway_api_types::bundle_yaml(channel),
        Format::Json => {
            let list = serde_json::json!({
                "apiVersion": "v1",
                "kind": "List",
                "items": gateway_api_types::bundle(channel),
            });
            serde_json::to_string_pretty(&list)? + "\n"
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn parse(paths: &[String], output: TextOrJson) -> anyhow::Result<ExitCode> {
    let read = input::read_all(paths)?;
    let mut unusable = !read.errors.is_empty();
    let mut rows = Vec::new();
    for doc in &read.documents {
        let meta = doc.object.metadata().unwrap_or_default();
        rows.push(serde_json::json!({
            "file": doc.source.file,
            "document": doc.source.index,
            "apiVersion": doc.object.api_version(),
            "kind": doc.object.kind(),
            "namespace": meta.namespace,
            "name": meta.name,
            "unknownFields": doc.unknown_fields,
        }));
    }
    let errors: Vec<_> = read
        .errors
        .iter()
        .map(|e| {
            serde_json::json!({
                "file": e.source_.file, "document": e.source_.index, "kind": e.kind,
                "name": e.name, "field": e.field, "message": e.message,
            })
        })
        .collect();
    let mut out = std::io::stdout().lock();
    match output {
        TextOrJson::Json => {
            let doc = serde_json::json!({ "objects": rows, "errors": errors });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        TextOrJson::Text => {
            for doc in &read.documents {
                let meta = doc.object.metadata().unwrap_or_default();
                let name = match (&meta.namespace, &meta.name) {
                    (Some(ns), Some(n)) => format!("{ns}/{n}"),
                    (None, Some(n)) => n.clone(),
                    _ => "(no name)".into(),
                };
                writeln!(
                    out,
                    "{} {} {name}  [{}]",
                    doc.object.api_version(),
                    doc.object.kind(),
                    doc.source
                )?;
                for field in &doc.unknown_fields {
                    writeln!(out, "    unknown field: {field}")?;
                }
            }
            for e in &read.errors {
                eprintln!("error: {e}");
            }
        }
    }
    unusable |= read.documents.is_empty() && read.errors.is_empty();
    Ok(if unusable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

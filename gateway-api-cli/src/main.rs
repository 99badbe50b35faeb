//! `gwapi`: the Gateway API workspace on the command line.
//!
//! Exit codes follow one rule across subcommands: 0 when everything is fine, 1 when the input
//! was read but has findings (rejected objects, failing tests), 2 when the input is unusable
//! (unreadable files, not YAML/JSON, bad arguments). When standard output is closed early
//! (`gwapi … | head`), every subcommand stops quietly with 141, the status a shell reports for a
//! process stopped by SIGPIPE.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use gateway_api_types::Channel;

/// Prints a line to standard output. It shadows std's `println!` in every module below (they
/// are declared after it): std's panics when standard output is a closed pipe.
macro_rules! println {
    ($($arg:tt)*) => {
        $crate::print_line(::std::format_args!($($arg)*))
    };
}

mod controller;
mod input;
mod route;
mod status;
mod test_cmd;
mod validate;

use input::InputArgs;

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
    Crds(CrdsArgs),
    /// Read manifests and list every object found: kind, namespace/name, file and document, and
    /// fields the type does not define. Exit 2 if any document cannot be decoded.
    Parse(ParseArgs),
    /// Validate manifests as an API server with the Gateway API CRDs would: every object with its
    /// verdict and field errors. Exit 1 if any object is rejected, 2 if any input is unusable.
    Validate(validate::Args),
    /// Print the status a controller would write for every object it is responsible for, as a
    /// Kubernetes `List`. Exit 2 if the input is unusable.
    Status(status::Args),
    /// Explain where one request goes through a Gateway: the listener, the route, rule and match
    /// that won, the outcome, and why every other candidate rule lost. Exit 0 for any decision,
    /// 2 for unusable input.
    Route(route::Args),
    /// Check test files (kind StatusTests) against the manifests: one line per failing test,
    /// then `N passed, M failed`. Exit 0 when all pass, 1 when any fails, 2 on unusable input.
    Test(test_cmd::Args),
}

/// `gwapi crds`.
#[derive(clap::Args)]
struct CrdsArgs {
    /// Which release channel.
    #[arg(long, value_enum, default_value_t = ChannelArg::Standard)]
    channel: ChannelArg,
    /// Output format: a multi-document YAML stream, or a JSON `List`.
    #[arg(short, long, value_enum, default_value_t = Format::Yaml)]
    output: Format,
}

/// `gwapi parse`.
#[derive(clap::Args)]
struct ParseArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
    output: TextOrJson,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ChannelArg {
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
pub(crate) enum Format {
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
    let result = match &cli.command {
        Command::Crds(args) => crds(args),
        Command::Parse(args) => parse(args),
        Command::Validate(args) => validate::run(args),
        Command::Status(args) => status::run(args),
        Command::Route(args) => route::run(args),
        Command::Test(args) => test_cmd::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.chain().any(is_broken_pipe) => ExitCode::from(CLOSED_OUTPUT),
        Err(e) => {
            eprintln!("gwapi: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The exit status when standard output was closed before everything was written: 128 + SIGPIPE.
const CLOSED_OUTPUT: u8 = 141;

fn is_broken_pipe(e: &(dyn std::error::Error + 'static)) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

/// What `println!` does in this crate: a line to standard output, and a quiet exit when nobody
/// reads it any more.
fn print_line(args: std::fmt::Arguments<'_>) {
    if let Err(e) = writeln!(std::io::stdout().lock(), "{args}") {
        if is_broken_pipe(&e) {
            std::process::exit(CLOSED_OUTPUT.into());
        }
        eprintln!("gwapi: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

fn crds(args: &CrdsArgs) -> anyhow::Result<ExitCode> {
    let channel = Channel::from(args.channel);
    let text = match args.output {
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

fn parse(args: &ParseArgs) -> anyhow::Result<ExitCode> {
    let read = args.input.read()?;
    let unusable = !read.errors.is_empty();
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
    match args.output {
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
    Ok(if unusable {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

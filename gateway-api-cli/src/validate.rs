//! `gwapi validate`: what an API server with the Gateway API CRDs would say about each object.
//!
//! Documents are read as raw JSON values (not typed objects), so that an object missing a
//! required field is still validated field by field. Document indexes count as `gwapi parse`
//! counts them: empty documents skipped, a `List`'s items numbered as documents of their own.

use std::collections::HashMap;
use std::io::Write;
use std::process::ExitCode;

use gateway_api_types::{Channel, read_values_with};
use gateway_api_validate::{Outcome, Validator, Verdict};
use serde_json::{Value, json};

use crate::input::{InputArgs, LimitArgs, no_objects, read_texts};
use crate::{ChannelArg, TextOrJson};

/// `gwapi validate`.
#[derive(clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub(crate) input: InputArgs,
    /// Which release channel's CRDs to validate against.
    #[arg(long, value_enum, default_value_t = ChannelArg::Standard)]
    pub(crate) channel: ChannelArg,
    /// Reject unknown fields (kubectl --validate=strict) instead of pruning them.
    #[arg(long)]
    pub(crate) strict: bool,
    /// Add warnings for what the spec advises but the API server does not check.
    #[arg(long)]
    pub(crate) lint: bool,
    /// Validate each object as an update of the object with the same kind, namespace and
    /// name in this file (runs the transition rules).
    #[arg(long, value_name = "OLD_FILE")]
    pub(crate) old: Option<String>,
    /// Output format.
    #[arg(short, long, value_enum, default_value_t = TextOrJson::Text)]
    pub(crate) output: TextOrJson,
}

/// A document that could be validated.
struct Doc {
    file: String,
    index: usize,
    value: Value,
}

/// A document that could not: not YAML or JSON, not an object, no kind.
struct Unusable {
    file: String,
    index: usize,
    message: String,
}

/// Reads raw documents as `gateway_api_types::read_values` reads and numbers them (YAML 1.1 as
/// kubectl reads it, duplicate keys refused, empty documents skipped, `List` items spread).
fn read_documents(
    paths: &[String],
    limits: &LimitArgs,
    docs: &mut Vec<Doc>,
    unusable: &mut Vec<Unusable>,
) -> anyhow::Result<()> {
    for (file, text) in read_texts(paths)? {
        for (index, value) in read_values_with(&text, limits.read_limits()).enumerate() {
            let item = match value {
                Ok(item) => item,
                Err(e) => {
                    let mut message = e.to_string();
                    if let Some(limit) = e.limit {
                        message.push_str(&format!(
                            " (raise the limit with {})",
                            LimitArgs::flag(limit)
                        ));
                    }
                    unusable.push(Unusable {
                        file: file.clone(),
                        index,
                        message,
                    });
                    continue;
                }
            };
            let problem = match &item {
                Value::Object(m) => match (m.get("kind"), m.get("apiVersion")) {
                    (Some(Value::String(k)), Some(Value::String(a)))
                        if !k.is_empty() && !a.is_empty() =>
                    {
                        None
                    }
                    (Some(Value::String(k)), _) if !k.is_empty() => {
                        Some("apiVersion: Required value")
                    }
                    _ => Some("kind: Required value"),
                },
                _ => Some("document is not an object"),
            };
            match problem {
                None => docs.push(Doc {
                    file: file.clone(),
                    index,
                    value: item,
                }),
                Some(message) => unusable.push(Unusable {
                    file: file.clone(),
                    index,
                    message: message.to_owned(),
                }),
            }
        }
    }
    Ok(())
}

fn str_at<'a>(v: &'a Value, path: &[&str]) -> Option<&'a str> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p)?;
    }
    cur.as_str()
}

fn identity(v: &Value) -> (String, Option<String>, Option<String>) {
    (
        str_at(v, &["kind"]).unwrap_or_default().to_owned(),
        str_at(v, &["metadata", "namespace"]).map(str::to_owned),
        str_at(v, &["metadata", "name"]).map(str::to_owned),
    )
}

/// Runs `gwapi validate`.
pub(crate) fn run(opts: &Args) -> anyhow::Result<ExitCode> {
    let paths = &opts.input.paths;
    let validator = Validator::new(Channel::from(opts.channel))
        .strict(opts.strict)
        .lint(opts.lint);
    let mut docs = Vec::new();
    let mut unusable = Vec::new();
    read_documents(paths, &opts.input.limits, &mut docs, &mut unusable)?;
    if docs.is_empty() && unusable.is_empty() {
        anyhow::bail!("{}", no_objects(paths));
    }

    let mut olds: HashMap<(String, Option<String>, Option<String>), Value> = HashMap::new();
    if let Some(old) = &opts.old {
        let mut old_docs = Vec::new();
        read_documents(
            std::slice::from_ref(old),
            &opts.input.limits,
            &mut old_docs,
            &mut unusable,
        )?;
        for d in old_docs {
            olds.insert(identity(&d.value), d.value);
        }
    }

    let outcomes: Vec<Outcome> = docs
        .iter()
        .map(|d| match olds.get(&identity(&d.value)) {
            Some(old) => validator.validate_update(old, &d.value),
            None => validator.validate(&d.value),
        })
        .collect();

    let mut out = std::io::stdout().lock();
    match opts.output {
        TextOrJson::Json => write_json(&mut out, &docs, &outcomes, &unusable)?,
        TextOrJson::Text => write_text(&mut out, &docs, &outcomes, &unusable)?,
    }
    let rejected = outcomes.iter().any(|o| o.verdict == Verdict::Rejected);
    Ok(if !unusable.is_empty() {
        ExitCode::from(2)
    } else if rejected {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_json(
    out: &mut impl Write,
    docs: &[Doc],
    outcomes: &[Outcome],
    unusable: &[Unusable],
) -> anyhow::Result<()> {
    let objects: Vec<Value> = docs
        .iter()
        .zip(outcomes)
        .map(|(d, o)| {
            let (kind, namespace, name) = identity(&d.value);
            let errors: Vec<Value> = o
                .errors
                .iter()
                .map(|e| json!({"field": e.field(), "type": e.kind().as_str(), "value": e.value(), "message": e.body(), "error": e.to_string()}))
                .collect();
            let warnings: Vec<Value> =
                o.warnings.iter().map(|w| json!({"field": w.field, "type": w.code, "message": w.message})).collect();
            let unchecked: Vec<Value> =
                o.unchecked_rules.iter().map(|r| json!({"field": r.field, "rule": r.rule, "message": r.message})).collect();
            json!({
                "file": d.file,
                "document": d.index,
                "apiVersion": str_at(&d.value, &["apiVersion"]),
                "kind": kind,
                "namespace": namespace,
                "name": name,
                "verdict": o.verdict.as_str(),
                "errors": errors,
                "warnings": warnings,
                "uncheckedRules": unchecked,
            })
        })
        .collect();
    let errors: Vec<Value> = unusable
        .iter()
        .map(|u| json!({"file": u.file, "document": u.index, "message": u.message}))
        .collect();
    let doc = json!({"objects": objects, "errors": errors});
    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
    Ok(())
}

fn write_text(
    out: &mut impl Write,
    docs: &[Doc],
    outcomes: &[Outcome],
    unusable: &[Unusable],
) -> anyhow::Result<()> {
    let mut counts = [0usize; 3];
    for (d, o) in docs.iter().zip(outcomes) {
        let (kind, namespace, name) = identity(&d.value);
        let who = match (namespace, name) {
            (Some(ns), Some(n)) => format!("{ns}/{n}"),
            (None, Some(n)) => n,
            _ => "(no name)".to_owned(),
        };
        let api_version = str_at(&d.value, &["apiVersion"]).unwrap_or_default();
        let verdict = match o.verdict {
            Verdict::Rejected => "REJECTED",
            Verdict::Skipped => "skipped ",
            _ => "admitted",
        };
        counts[match o.verdict {
            Verdict::Rejected => 1,
            Verdict::Skipped => 2,
            _ => 0,
        }] += 1;
        write!(
            out,
            "{verdict}  {kind} {who}  ({api_version}, {} document {})",
            d.file, d.index
        )?;
        if o.verdict == Verdict::Skipped {
            write!(out, ": not a Gateway API kind")?;
        }
        writeln!(out)?;
        for e in &o.errors {
            writeln!(out, "    error: {e}")?;
        }
        for w in &o.warnings {
            writeln!(out, "    warning: {w}")?;
        }
        if !o.unchecked_rules.is_empty() {
            writeln!(
                out,
                "    note: {} CEL rule(s) not checked yet (no native implementation); the API server could still reject this object",
                o.unchecked_rules.len()
            )?;
        }
    }
    for u in unusable {
        writeln!(
            out,
            "UNUSABLE  {} document {}: {}",
            u.file, u.index, u.message
        )?;
    }
    writeln!(
        out,
        "{} objects: {} admitted, {} rejected, {} skipped{}",
        docs.len(),
        counts[0],
        counts[1],
        counts[2],
        if unusable.is_empty() {
            String::new()
        } else {
            format!("; {} unusable documents", unusable.len())
        }
    )?;
    Ok(())
}

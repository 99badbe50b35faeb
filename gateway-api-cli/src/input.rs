//! Reading manifest paths: files, directories (recursively) and standard input.

use std::collections::HashSet;
use std::io::Read as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use gateway_api_types::{Document, Limit, ParseError, ReadLimits, parse_with};

/// The manifests a subcommand reads, and the limits it reads them under.
#[derive(clap::Args, Debug)]
pub(crate) struct InputArgs {
    /// Files, directories (read recursively for *.yaml, *.yml, *.json) or `-` for stdin.
    #[arg(required = true, value_name = "PATH")]
    pub(crate) paths: Vec<String>,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

impl InputArgs {
    /// Reads every path; see [`read_all`].
    pub(crate) fn read(&self) -> anyhow::Result<Manifests> {
        read_all(&self.paths, &self.limits)
    }
}

/// What hostile input could inflate, bounded; the size of valid input is not.
#[derive(clap::Args, Clone, Copy, Debug)]
pub(crate) struct LimitArgs {
    /// How deeply mappings and lists may nest in a document.
    #[arg(long, value_name = "N", default_value_t = ReadLimits::default().max_depth)]
    pub(crate) max_depth: usize,
    /// How many nodes YAML aliases (`*name`) may add per byte of input (at least 100,000).
    #[arg(long, value_name = "N", default_value_t = ReadLimits::default().alias_nodes_per_byte)]
    pub(crate) max_alias_nodes_per_byte: usize,
}

impl LimitArgs {
    pub(crate) fn read_limits(&self) -> ReadLimits {
        ReadLimits::default()
            .with_max_depth(self.max_depth)
            .with_alias_nodes_per_byte(self.max_alias_nodes_per_byte)
    }

    /// The flag that raises `limit`, for messages.
    pub(crate) fn flag(limit: Limit) -> &'static str {
        match limit {
            Limit::AliasExpansion => "--max-alias-nodes-per-byte",
            _ => "--max-depth",
        }
    }
}

/// Everything read from the given paths, in order: decoded documents and the documents that
/// could not be decoded.
pub(crate) struct Manifests {
    pub(crate) documents: Vec<Document>,
    pub(crate) errors: Vec<ParseError>,
}

/// Reads every path. A path that cannot be read at all, or input without a single object, is an
/// error for the whole command (exit 2); a document that does not decode is collected in
/// `errors`, and the other documents of its file are still read.
pub(crate) fn read_all(paths: &[String], limits: &LimitArgs) -> anyhow::Result<Manifests> {
    let mut out = Manifests {
        documents: Vec::new(),
        errors: Vec::new(),
    };
    for (name, text) in read_texts(paths)? {
        for result in parse_with(&name, &text, limits.read_limits()) {
            match result {
                Ok(doc) => out.documents.push(doc),
                Err(mut e) => {
                    if let Some(limit) = e.limit {
                        e.message.push_str(&format!(
                            " (raise the limit with {})",
                            LimitArgs::flag(limit)
                        ));
                    }
                    out.errors.push(e);
                }
            }
        }
    }
    if out.documents.is_empty() && out.errors.is_empty() {
        bail!("{}", no_objects(paths));
    }
    Ok(out)
}

/// The message for input that holds no object at all.
pub(crate) fn no_objects(paths: &[String]) -> String {
    format!(
        "no objects found in {}: the input is empty or holds only empty documents",
        paths.join(", ")
    )
}

/// The text of every file the paths name, in order, with the name to report it by (`-` for
/// standard input). Directories are read recursively for `*.yaml`, `*.yml` and `*.json`, in
/// sorted order, following symbolic links; each file is read once however many links lead to
/// it, a link back to a directory being walked is not followed again, and entries whose name
/// starts with `.` are skipped (a ConfigMap volume keeps its real files under `..data` and
/// `..<timestamp>`, linked from the visible names). A path that cannot be read is an error.
pub(crate) fn read_texts(paths: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    let mut files: Vec<Option<PathBuf>> = Vec::new();
    let mut seen = HashSet::new();
    for p in paths {
        if p == "-" {
            files.push(None);
            continue;
        }
        let meta = std::fs::metadata(p).with_context(|| format!("cannot read {p}"))?;
        if !meta.is_dir() {
            files.push(Some(PathBuf::from(p)));
            continue;
        }
        let walk = walkdir::WalkDir::new(p)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                // A link to a directory already being walked: everything under it is read
                // through the first path.
                Err(e) if e.loop_ancestor().is_some() => continue,
                Err(e) => return Err(e).with_context(|| format!("cannot read directory {p}")),
            };
            let is_manifest = entry
                .path()
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
            if !entry.file_type().is_file() || !is_manifest {
                continue;
            }
            let real = std::fs::canonicalize(entry.path())
                .with_context(|| format!("cannot read {}", entry.path().display()))?;
            if seen.insert(real) {
                files.push(Some(entry.into_path()));
            }
        }
    }
    let mut out = Vec::new();
    for file in files {
        out.push(match file {
            None => {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .context("cannot read standard input")?;
                ("-".to_owned(), text)
            }
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                (path.display().to_string(), text)
            }
        });
    }
    Ok(out)
}

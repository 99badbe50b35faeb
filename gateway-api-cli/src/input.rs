//! Reading manifest paths: files, directories (recursively) and standard input.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use gateway_api_types::{Document, ParseError, parse};

/// Everything read from the given paths, in order: decoded documents and the documents that
/// could not be decoded.
pub(crate) struct Manifests {
    pub(crate) documents: Vec<Document>,
    pub(crate) errors: Vec<ParseError>,
}

/// Reads every path. A path that cannot be read at all is an error for the whole command (exit
/// 2); a document that does not decode is collected in `errors`.
pub(crate) fn read_all(paths: &[String]) -> anyhow::Result<Manifests> {
    let mut out = Manifests {
        documents: Vec::new(),
        errors: Vec::new(),
    };
    for (name, text) in read_texts(paths)? {
        for result in parse(&name, &text) {
            match result {
                Ok(doc) => out.documents.push(doc),
                Err(e) => out.errors.push(e),
            }
        }
    }
    Ok(out)
}

/// The text of every file the paths name, in order, with the name to report it by (`-` for
/// standard input). Directories are read recursively for `*.yaml`, `*.yml` and `*.json`, in
/// sorted order. A path that cannot be read is an error.
pub(crate) fn read_texts(paths: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for p in paths {
        if p == "-" {
            files.push(None);
            continue;
        }
        let path = Path::new(p);
        let meta = std::fs::metadata(path).with_context(|| format!("cannot read {p}"))?;
        if meta.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).with_context(|| format!("cannot read directory {p}"))?;
            found.sort();
            files.extend(found.into_iter().map(Some));
        } else {
            files.push(Some(path.to_path_buf()));
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

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        {
            out.push(path);
        }
    }
    Ok(())
}

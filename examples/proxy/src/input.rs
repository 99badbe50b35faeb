//! Reading manifests: files, directories (recursively, `*.yaml`, `*.yml`, `*.json`) and `-`.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::imports::{Document, ParseError, parse};

/// The decoded documents of every path, and the documents that did not decode.
pub struct Manifests {
    /// Documents, in input order.
    pub documents: Vec<Document>,
    /// Documents that could not be decoded (each names its file and document).
    pub errors: Vec<ParseError>,
}

/// Reads every path; a path that cannot be read is an error for the whole load.
pub fn read_manifests(paths: &[String]) -> anyhow::Result<Manifests> {
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

/// The files the paths name (directories expanded, sorted), for the reload watcher too.
pub fn files_of(paths: &[String]) -> anyhow::Result<Vec<Option<PathBuf>>> {
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
            walk(path, &mut found, 0).with_context(|| format!("cannot read directory {p}"))?;
            found.sort();
            files.extend(found.into_iter().map(Some));
        } else {
            files.push(Some(path.to_path_buf()));
        }
    }
    Ok(files)
}

fn read_texts(paths: &[String]) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for file in files_of(paths)? {
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

/// Symbolic links to directories are not followed (a loop would never end).
fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if depth < 32 {
                walk(&path, out, depth + 1)?;
            }
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

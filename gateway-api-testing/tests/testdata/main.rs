//! The crate's data-driven tests, in one binary: the conformance-derived files under
//! `testdata/conformance`, the CORS stream under `testdata/cors`, and the format's errors.

mod conformance;
mod cors;
mod format;

use std::path::{Path, PathBuf};

use gateway_api_resolve::Snapshot;

/// `testdata/conformance`, where the vendored manifests live.
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/conformance")
}

/// The snapshot of the given manifest files (relative to [`root`]).
pub(crate) fn snapshot(files: &[&str]) -> Snapshot {
    let mut docs = Vec::new();
    for name in files {
        let path = root().join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for doc in gateway_api_types::parse(name, &text) {
            docs.push(doc.unwrap_or_else(|e| panic!("{e}")));
        }
    }
    Snapshot::from_documents(&docs)
}

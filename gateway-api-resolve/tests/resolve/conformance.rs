//! The vendored conformance data (`testdata/conformance`): where it is, and the documents of its
//! manifests. (Its status and route test files are checked by `gateway-api-testing`.)

use std::path::{Path, PathBuf};

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/conformance")
}

/// The documents of the given files under `testdata/conformance`.
pub(crate) fn documents(files: &[&str]) -> Vec<gateway_api_types::Document> {
    let mut docs = Vec::new();
    for m in files {
        let path = root().join(m);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for d in gateway_api_types::parse(&path.display().to_string(), &text) {
            docs.push(d.unwrap_or_else(|e| panic!("{e}")));
        }
    }
    docs
}

//! Every status-expectation file of the vendored conformance data
//! (`testdata/conformance/*.status.yaml`), run with its manifests from `index.json`.

use std::path::{Path, PathBuf};

use gateway_api_resolve::expect::{Outcome, StatusTests};
use gateway_api_resolve::{Options, Snapshot, resolve};
use serde_json::Value;

pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/conformance")
}

fn read_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn conformance_status_files() {
    let root = root();
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("index.json")).unwrap()).unwrap();
    let mut files = 0;
    let mut files_passed = 0;
    let mut total = 0;
    let mut passed = 0;
    let mut failures = Vec::new();
    for test in index["tests"].as_array().unwrap() {
        let Some(status_file) = test["status"].as_str() else {
            continue;
        };
        files += 1;
        let manifests: Vec<&str> = test["manifests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        let docs = documents(&manifests);
        let tests =
            StatusTests::from_value(status_file, &read_yaml(&root.join(status_file))).unwrap();
        let mut options = Options::new(tests.controller_name.clone());
        // The suite runs TLSRouteListenerTerminateNotSupported only against implementations
        // without the TLSRouteModeTerminate feature, which every other TLS test here assumes.
        if test["shortName"] == "TLSRouteListenerTerminateNotSupported" {
            options.tls_route_terminate = false;
        }
        let resolution = resolve(&Snapshot::from_documents(&docs), &options);
        let results = tests.check(&resolution);
        let ok = results
            .iter()
            .filter(|(_, o)| *o == Outcome::Passed)
            .count();
        total += results.len();
        passed += ok;
        if ok == results.len() {
            files_passed += 1;
        } else {
            println!("{status_file}: {ok}/{} passed", results.len());
        }
        for (t, o) in results {
            if let Outcome::Failed { expected, actual } = o {
                failures.push(format!(
                    "{status_file}: {}: expected {expected}, got {actual}",
                    t.name
                ));
            }
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    println!("{files_passed}/{files} status files, {passed}/{total} assertions passed");
    assert!(failures.is_empty(), "{} assertions failed", failures.len());
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

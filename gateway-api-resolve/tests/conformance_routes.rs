//! Every route test derived from the v1.6.1 conformance suite (`testdata/conformance`) passes,
//! through the library: parse the manifests, resolve as the test's controller, compile each
//! Gateway's router, match.

use std::path::{Path, PathBuf};

use gateway_api_resolve::route_tests::RouteTests;
use gateway_api_resolve::{Options, Snapshot};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/conformance")
}

#[test]
fn every_conformance_route_test_passes() {
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("index.json")).unwrap()).unwrap();
    let (mut files, mut passed, mut failed) = (0, 0, 0);
    let mut report = Vec::new();
    for test in index["tests"].as_array().unwrap() {
        let Some(routes) = test["routes"].as_str() else {
            continue;
        };
        files += 1;
        let mut docs = Vec::new();
        for manifest in test["manifests"].as_array().unwrap() {
            let file = manifest.as_str().unwrap();
            let text = std::fs::read_to_string(root().join(file)).unwrap();
            for doc in gateway_api_types::parse(file, &text) {
                docs.push(doc.unwrap_or_else(|e| panic!("{e}")));
            }
        }
        let snapshot = Snapshot::from_documents(&docs);
        let text = std::fs::read_to_string(root().join(routes)).unwrap();
        let value: Value = serde_saphyr::from_str(&text).unwrap();
        let tests = RouteTests::from_value(routes, &value).unwrap();
        let (p, failures) = tests.check(&snapshot, &|c| Options::new(c.to_owned()));
        passed += p;
        failed += failures.len();
        for f in failures {
            report.push(format!(
                "{routes}: {}: expected {}, got {}",
                f.test, f.expected, f.actual
            ));
        }
    }
    eprintln!("{files} route-test files: {passed} passed, {failed} failed");
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!(files, 40);
    assert!(passed >= 250, "{passed}");
}

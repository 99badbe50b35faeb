//! Every test file derived from the v1.6.1 conformance suite (`testdata/conformance`) passes
//! through the library, with the manifests `index.json` lists: status files against a
//! resolution, route files by resolving as each Gateway's controller, compiling its router and
//! matching.

use gateway_api_resolve::{Options, Snapshot, resolve};
use gateway_api_testing::{Outcome, RouteTests, StatusTests};
use serde_json::Value;

use crate::{root, snapshot};

fn read_yaml(file: &str) -> Value {
    let path = root().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The entries of `index.json` that have a file of this kind (`routes` or `status`), with the
/// snapshot of their manifests.
fn cases(kind: &str) -> Vec<(Value, String, Snapshot)> {
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("index.json")).unwrap()).unwrap();
    let mut out = Vec::new();
    for test in index["tests"].as_array().unwrap() {
        let Some(file) = test[kind].as_str() else {
            continue;
        };
        let manifests: Vec<&str> = test["manifests"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        out.push((test.clone(), file.to_owned(), snapshot(&manifests)));
    }
    out
}

#[test]
fn every_conformance_route_test_passes() {
    let (mut files, mut passed) = (0, 0);
    let mut report = Vec::new();
    for (_, file, snapshot) in cases("routes") {
        files += 1;
        let tests = RouteTests::from_value(&file, &read_yaml(&file)).unwrap();
        let (p, failures) = tests.check(&snapshot, &|c| Options::new(c.to_owned()));
        passed += p;
        for f in failures {
            report.push(format!(
                "{file}: {}: expected {}, got {}",
                f.test, f.expected, f.actual
            ));
        }
    }
    eprintln!(
        "{files} route-test files: {passed} passed, {} failed",
        report.len()
    );
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!(files, 40);
    assert!(passed >= 250, "{passed}");
}

#[test]
fn every_conformance_status_test_passes() {
    let (mut files, mut total) = (0, 0);
    let mut report = Vec::new();
    for (test, file, snapshot) in cases("status") {
        files += 1;
        let tests = StatusTests::from_value(&file, &read_yaml(&file)).unwrap();
        let mut options = Options::new(tests.controller_name.clone());
        // The suite runs TLSRouteListenerTerminateNotSupported only against implementations
        // without the TLSRouteModeTerminate feature, which every other TLS test here assumes.
        if test["shortName"] == "TLSRouteListenerTerminateNotSupported" {
            options
                .features
                .remove(gateway_api_resolve::Feature::TlsRouteModeTerminate);
        }
        let results = tests.check(&resolve(&snapshot, &options));
        total += results.len();
        for (t, o) in results {
            if let Outcome::Failed { expected, actual } = o {
                report.push(format!(
                    "{file}: {}: expected {expected}, got {actual}",
                    t.name
                ));
            }
        }
    }
    eprintln!(
        "{files} status files, {total} assertions, {} failed",
        report.len()
    );
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!(files, 85);
    assert!(total >= 960, "{total}");
}

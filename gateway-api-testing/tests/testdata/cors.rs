//! `testdata/cors/cors.tests.yaml`: the CORS filter end to end (preflights answered at the
//! gateway, response headers of actual requests), RouteTests and StatusTests in one stream.

use gateway_api_resolve::{Options, resolve};
use gateway_api_testing::{TestDocument, parse};

use crate::snapshot;

/// The manifests the CORS stream runs against, relative to `testdata/conformance`.
pub(crate) const MANIFESTS: [&str; 4] = [
    "manifests/base/manifests.yaml",
    "fixtures.yaml",
    "manifests/tests/httproute-cors.yaml",
    "../cors/routes.yaml",
];

#[test]
fn every_cors_test_passes() {
    let snapshot = snapshot(&MANIFESTS);
    let file = crate::root().join("../cors/cors.tests.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let documents: Vec<TestDocument> = parse("cors.tests.yaml", &text)
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        documents.len(),
        2,
        "one RouteTests and one StatusTests document"
    );
    let (mut routes, mut statuses) = (0, 0);
    let mut report = Vec::new();
    for document in documents {
        match document {
            TestDocument::Routes(tests) => {
                let (passed, failures) = tests.check(&snapshot, &|c| Options::new(c.to_owned()));
                routes += passed;
                for f in failures {
                    report.push(format!(
                        "{}: expected {}, got {}",
                        f.test, f.expected, f.actual
                    ));
                }
            }
            TestDocument::Status(tests) => {
                let resolution = resolve(&snapshot, &Options::new(tests.controller_name.clone()));
                for (t, outcome) in tests.check(&resolution) {
                    if outcome.is_passed() {
                        statuses += 1;
                    } else {
                        report.push(format!("{}: {outcome:?}", t.name));
                    }
                }
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!((routes, statuses), (22, 2));
}

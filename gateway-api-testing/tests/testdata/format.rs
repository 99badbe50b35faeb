//! The formats' errors (file, document, test, field) and the checker's failures: a test that
//! expects the wrong thing must fail, with what happened in words.

use gateway_api_resolve::Options;
use gateway_api_testing::{Error, RouteTests, TestDocument, parse};

use crate::cors::MANIFESTS;
use crate::snapshot;

fn errors(text: &str) -> Vec<Error> {
    parse("t.yaml", text)
        .into_iter()
        .filter_map(Result::err)
        .collect()
}

fn one_error(text: &str) -> Error {
    let mut all = errors(text);
    assert_eq!(all.len(), 1, "{all:?}");
    all.remove(0)
}

#[test]
fn a_stream_holds_route_and_status_documents_in_order() {
    let docs = parse(
        "t.yaml",
        "kind: StatusTests\ncontrollerName: c\ntests: []\n---\n---\nkind: RouteTests\ntests: []\n",
    );
    assert!(matches!(
        docs.as_slice(),
        [Ok(TestDocument::Status(_)), Ok(TestDocument::Routes(_))]
    ));
}

#[test]
fn an_error_names_its_document_and_spares_the_others() {
    let docs = parse(
        "t.yaml",
        "kind: RouteTests\ntests: []\n---\nkind: StatusTests\ncontrollerName: c\ntests:\n- name: x\n  object: {kind: Gateway, name: g}\n  condition: {type: Accepted, status: Maybe}\n---\nkind: RouteTests\ntests: []\n",
    );
    assert_eq!(docs.len(), 3);
    assert!(docs[0].is_ok() && docs[2].is_ok());
    let e = docs[1].as_ref().unwrap_err();
    assert_eq!(
        (e.file(), e.document(), e.test(), e.field()),
        ("t.yaml", Some(1), Some("x"), "tests[0].condition.status")
    );
    assert!(e.message().contains("Maybe"), "{e}");
    assert!(
        e.to_string()
            .starts_with("t.yaml (document 1): test \"x\": tests[0].condition.status: "),
        "{e}"
    );
}

#[test]
fn unknown_and_missing_fields_name_the_field_path() {
    let e = one_error(
        "kind: RouteTests\ntests:\n- name: a\n  gateway: {namespace: ns, name: g}\n  request: {path: /, colour: red}\n  expect: {status: 404}\n",
    );
    assert_eq!(e.test(), Some("a"));
    assert!(e.field().starts_with("tests[0].request"), "{e}");
    assert!(e.message().contains("colour"), "{e}");
    let e = one_error("kind: StatusTests\ntests: []\n");
    assert!(e.message().contains("controllerName"), "{e}");
    let e = one_error(
        "kind: StatusTests\ncontrollerName: c\ntests:\n- object: {kind: Gateway, name: g}\n  absent: true\n",
    );
    assert_eq!(
        e.test(),
        Some("#0"),
        "a test without a name is named by its index"
    );
    assert!(e.message().contains("name"), "{e}");
}

#[test]
fn rules_beyond_the_shape_are_errors() {
    let route = |expect: &str| {
        format!(
            "kind: RouteTests\ntests:\n- name: a\n  gateway: {{namespace: ns, name: g}}\n  request: {{path: /}}\n  expect: {expect}\n"
        )
    };
    for (expect, field, message) in [
        (
            "{status: 200, preflight: true}",
            "tests[0].expect",
            "exactly one of",
        ),
        ("{}", "tests[0].expect", "exactly one of"),
    ] {
        let e = one_error(&route(expect));
        assert_eq!(e.field(), field, "{e}");
        assert!(e.message().contains(message), "{e}");
    }
    let e = one_error(
        "kind: RouteTests\ntests:\n- name: a\n  gateway: {namespace: ns, name: g}\n  grpc: {service: s, method: m}\n  expect: {preflight: true}\n",
    );
    assert_eq!(e.field(), "tests[0].expect.preflight", "{e}");
    let e = one_error(
        "kind: StatusTests\ncontrollerName: c\ntests:\n- {name: a, object: {kind: Gateway, name: g}, absent: true}\n- {name: a, object: {kind: Gateway, name: g}, absent: true}\n",
    );
    assert_eq!((e.test(), e.field()), (Some("a"), "tests[1].name"), "{e}");
    let e = one_error("kind: Tests\n");
    assert_eq!(e.field(), "kind", "{e}");
    let e = one_error("kind: [\n");
    assert!(e.message().starts_with("not valid YAML"), "{e}");
}

/// Runs one route test against the CORS manifests; the failure, if any.
fn run(test: &str) -> Option<(String, String)> {
    let text = format!(
        "kind: RouteTests\ntests:\n- name: t\n  gateway: {{namespace: gateway-conformance-infra, name: same-namespace}}\n{test}"
    );
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    let tests = RouteTests::from_value("t.yaml", &value).unwrap();
    let (passed, failures) = tests.check(&snapshot(&MANIFESTS), &|c| Options::new(c.to_owned()));
    match failures.into_iter().next() {
        None => {
            assert_eq!(passed, 1);
            None
        }
        Some(f) => Some((f.expected, f.actual)),
    }
}

const PREFLIGHT: &str = "  request: {method: OPTIONS, path: /cors-1, headers: {Origin: \"https://www.foo.com\", Access-Control-Request-Method: GET}}\n";

#[test]
fn a_preflight_expected_to_be_forwarded_fails() {
    let (expected, actual) = run(&format!(
        "{PREFLIGHT}  expect: {{backend: {{namespace: gateway-conformance-infra, name: infra-backend-v1}}}}\n"
    ))
    .expect("the gateway answers this preflight");
    assert_eq!(
        expected,
        "backend gateway-conformance-infra/infra-backend-v1"
    );
    assert!(
        actual.starts_with("CORS preflight answered at the gateway with 200"),
        "{actual}"
    );
}

#[test]
fn a_preflight_expectation_fails_where_nothing_answers_it() {
    let (_, actual) = run(
        "  request: {method: OPTIONS, path: /no-cors, headers: {Origin: \"https://www.foo.com\", Access-Control-Request-Method: GET}}\n  expect: {preflight: true}\n",
    )
    .unwrap();
    assert!(
        actual.starts_with("forwarded: the rule has no CORS filter"),
        "{actual}"
    );
    let (_, actual) = run(
        "  request: {method: GET, path: /cors-1, headers: {Origin: \"https://www.foo.com\"}}\n  expect: {preflight: true}\n",
    )
    .unwrap();
    assert!(
        actual.starts_with("forwarded: not a CORS preflight"),
        "{actual}"
    );
    let (_, actual) =
        run("  request: {method: OPTIONS, path: /nowhere}\n  expect: {preflight: true}\n").unwrap();
    assert_eq!(actual, "status 404");
}

#[test]
fn wrong_preflight_headers_fail() {
    assert_eq!(
        run(&format!(
            "{PREFLIGHT}  expect: {{preflight: true, responseHeaders: {{Access-Control-Max-Age: \"3600\"}}}}\n"
        )),
        None
    );
    let (expected, actual) = run(&format!(
        "{PREFLIGHT}  expect: {{preflight: true, responseHeaders: {{Access-Control-Max-Age: \"5\"}}}}\n"
    ))
    .unwrap();
    assert_eq!(
        expected,
        "CORS preflight answered at the gateway, response headers"
    );
    assert!(
        actual.starts_with("response header Access-Control-Max-Age: 3600"),
        "{actual}"
    );
    let (_, actual) = run(&format!(
        "{PREFLIGHT}  expect: {{preflight: true, absentResponseHeaders: [Access-Control-Allow-Origin]}}\n"
    ))
    .unwrap();
    assert!(
        actual.starts_with("response header Access-Control-Allow-Origin present"),
        "{actual}"
    );
}

#[test]
fn wrong_actual_response_headers_fail() {
    let (_, actual) = run(
        "  request: {path: /cors-1, headers: {Origin: \"https://evil.example\"}}\n  expect:\n    backend: {namespace: gateway-conformance-infra, name: infra-backend-v1}\n    responseHeaders: {Access-Control-Allow-Origin: \"https://evil.example\"}\n",
    )
    .unwrap();
    assert!(
        actual.starts_with("response header Access-Control-Allow-Origin missing"),
        "{actual}"
    );
}

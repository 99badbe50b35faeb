//! The formats' errors: file, document, test and field.

use gateway_api_testing::{Error, TestDocument, parse};

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
            "{status: 200, backend: {namespace: ns, name: b}}",
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
        "kind: StatusTests\ncontrollerName: c\ntests:\n- {name: a, object: {kind: Gateway, name: g}, absent: true}\n- {name: a, object: {kind: Gateway, name: g}, absent: true}\n",
    );
    assert_eq!((e.test(), e.field()), (Some("a"), "tests[1].name"), "{e}");
    let e = one_error("kind: Tests\n");
    assert_eq!(e.field(), "kind", "{e}");
    let e = one_error("kind: [\n");
    assert!(e.message().starts_with("not valid YAML"), "{e}");
}

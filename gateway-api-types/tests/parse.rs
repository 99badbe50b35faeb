//! Parsing: upstream examples round-trip, and bad input is refused the way an API server refuses
//! it, with the document and the field path.

use std::path::{Path, PathBuf};

use gateway_api_types::{Object, parse, v1};
use serde_json::{Value, json};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

#[test]
fn every_upstream_example_round_trips() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/upstream/examples");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    files.sort();
    assert!(files.len() > 50, "examples missing: {}", files.len());
    let (mut typed, mut other) = (0, 0);
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let inputs: Vec<Value> = serde_saphyr::from_multiple::<Value>(&text)
            .unwrap()
            .into_iter()
            .filter(|v| !v.is_null())
            .collect();
        let docs = parse(&file.display().to_string(), &text);
        assert_eq!(docs.len(), inputs.len(), "{}", file.display());
        for (doc, input) in docs.into_iter().zip(inputs) {
            let doc = doc.unwrap_or_else(|e| panic!("{e}"));
            assert!(
                doc.unknown_fields.is_empty(),
                "{}: unknown fields {:?}",
                doc.source,
                doc.unknown_fields
            );
            let group = input["apiVersion"].as_str().unwrap_or("");
            if group.starts_with("gateway.networking") {
                assert!(
                    doc.object.is_gateway_api(),
                    "{}: {} not typed",
                    doc.source,
                    input["kind"]
                );
                typed += 1;
            } else {
                other += 1;
            }
            assert_eq!(
                doc.object.to_value(),
                input,
                "{} does not round-trip",
                doc.source
            );
        }
    }
    eprintln!(
        "{} files: {typed} Gateway API objects and {other} others round-tripped",
        files.len()
    );
    assert!(typed > 100);
}

#[test]
fn unknown_enum_values_are_kept_and_written_back() {
    let text = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  rules:
  - matches:
    - path: {type: Glob, value: "/a*"}
      method: BREW
    filters:
    - type: FutureFilter
      futureFilter: {x: 1}
"#;
    let doc = parse("f.yaml", text).remove(0).unwrap();
    let Object::HttpRouteV1(route) = &doc.object else {
        panic!("{doc:?}")
    };
    let rule = &route.spec.rules.as_ref().unwrap()[0];
    let m = &rule.matches.as_ref().unwrap()[0];
    assert_eq!(
        m.path.as_ref().unwrap().r#type.as_ref().unwrap().as_str(),
        "Glob"
    );
    assert!(!m.path.as_ref().unwrap().r#type.as_ref().unwrap().is_known());
    assert_eq!(m.method.as_ref().unwrap().as_str(), "BREW");
    assert_eq!(
        rule.filters.as_ref().unwrap()[0].r#type.as_str(),
        "FutureFilter"
    );
    // The unknown filter's payload field is not part of this version's schema: reported, and
    // (like the API server's pruning) not kept.
    assert_eq!(
        doc.unknown_fields,
        vec!["spec.rules[0].filters[0].futureFilter".to_owned()]
    );
    let back = doc.object.to_value();
    assert_eq!(
        back["spec"]["rules"][0]["matches"][0]["path"]["type"],
        "Glob"
    );
    assert_eq!(back["spec"]["rules"][0]["matches"][0]["method"], "BREW");
    assert_eq!(
        back["spec"]["rules"][0]["filters"][0]["type"],
        "FutureFilter"
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let text = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\nmetadata: {name: b}\n";
    let err = parse("dup.yaml", text).remove(0).unwrap_err();
    assert!(err.message.contains("not valid YAML"), "{err}");
    assert!(err.to_string().starts_with("dup.yaml"), "{err}");
}

#[test]
fn wrong_types_name_the_document_and_the_field() {
    let text = r#"
apiVersion: v1
kind: Namespace
metadata: {name: fine}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: ns}
spec:
  hostnames: 5
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: g, namespace: ns}
spec:
  gatewayClassName: c
  listeners:
  - {name: http, protocol: HTTP, port: "80"}
"#;
    let docs = parse("bad.yaml", text);
    assert!(docs[0].is_ok());
    let e1 = docs[1].as_ref().unwrap_err();
    assert_eq!(e1.source_.index, 1);
    assert_eq!(e1.kind.as_deref(), Some("HTTPRoute"));
    assert_eq!(e1.name.as_deref(), Some("ns/r"));
    assert_eq!(e1.field.as_deref(), Some("spec.hostnames"));
    assert!(
        e1.message
            .contains("invalid type: integer `5`, expected a sequence"),
        "{e1}"
    );
    let e2 = docs[2].as_ref().unwrap_err();
    assert_eq!(e2.field.as_deref(), Some("spec.listeners[0].port"), "{e2}");
    assert!(
        e2.to_string()
            .starts_with("bad.yaml (document 2): Gateway ns/g: spec.listeners[0].port"),
        "{e2}"
    );
}

#[test]
fn missing_kind_and_non_objects_are_errors() {
    let docs = parse(
        "x.yaml",
        "apiVersion: v1\nmetadata: {name: a}\n---\n- 1\n- 2\n",
    );
    assert_eq!(docs[0].as_ref().unwrap_err().field.as_deref(), Some("kind"));
    assert!(
        docs[1]
            .as_ref()
            .unwrap_err()
            .message
            .contains("not an object")
    );
}

#[test]
fn other_kinds_are_handed_back_and_lists_are_spread() {
    let text = r#"{"apiVersion": "v1", "kind": "List", "items": [
        {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}},
        {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "n"},
         "spec": {"ports": [{"port": 80, "appProtocol": "kubernetes.io/h2c"}]}}
    ]}"#;
    let docs = parse("list.json", text);
    assert_eq!(docs.len(), 2);
    let d0 = docs[0].as_ref().unwrap();
    assert!(matches!(&d0.object, Object::Other(v) if v["kind"] == "Deployment"));
    assert_eq!(d0.source.index, 0);
    let Object::Service(svc) = &docs[1].as_ref().unwrap().object else {
        panic!()
    };
    assert_eq!(
        svc.spec.as_ref().unwrap().ports.as_ref().unwrap()[0]
            .app_protocol
            .as_deref(),
        Some("kubernetes.io/h2c")
    );
}

#[test]
fn creation_timestamp_and_generation_round_trip() {
    let input = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "GatewayClass",
        "metadata": {"name": "c", "generation": 7, "creationTimestamp": "2024-05-06T07:08:09Z"},
        "spec": {"controllerName": "example.net/gateway-controller"}
    });
    let doc = parse("c.json", &input.to_string()).remove(0).unwrap();
    let Object::GatewayClassV1(class) = &doc.object else {
        panic!()
    };
    assert_eq!(class.metadata.generation, Some(7));
    assert_eq!(doc.object.to_value(), input);
    let typed: v1::GatewayClass = serde_json::from_value(input.clone()).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), input);
}

#[test]
fn a_status_that_does_not_decode_is_dropped_not_fatal() {
    let text = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: gw}]
status:
  parents:
  - parentRef: {name: gw}
    controllerName: example.com/gateway
    conditions: [{type: Accepted, status: "True", reason: Accepted}]
"#;
    let docs = parse("route.yaml", text);
    let Ok(doc) = &docs[0] else {
        panic!("the route decodes: {docs:?}")
    };
    let Object::HttpRouteV1(route) = &doc.object else {
        panic!("an HTTPRoute")
    };
    assert!(route.status.is_none());
    assert_eq!(route.spec.parent_refs.as_ref().map(Vec::len), Some(1));
    let why = doc.ignored_status.as_deref().expect("the reason is kept");
    assert!(why.contains("lastTransitionTime"), "{why}");
    // A spec that does not decode is still an error.
    let broken = text.replace("parentRefs: [{name: gw}]", "parentRefs: 3");
    assert!(parse("route.yaml", &broken)[0].is_err());
}

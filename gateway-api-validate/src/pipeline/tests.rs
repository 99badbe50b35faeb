//! The structural passes on small schemas: types, formats, lists, branches, pruning, defaults.

use serde_json::json;

use serde_json::Value;

use super::decode::prune;
use super::default::{complete_defaults, default};
use super::path::{Path, push_field, push_index};
use super::structural::{Structural, validate};
use crate::schema::{Node, Ty};
use crate::value::{NO_BLOCK, V};

/// Validates `v` against `schema` (read pruned and defaulted); returns the printed errors of
/// the schema and list-type passes.
fn check(schema: Value, v: Value) -> Vec<String> {
    let mut n = Node::compile(&schema);
    complete_defaults(&mut n);
    let (mut unknown, mut lists, mut errs) = (Vec::new(), Vec::new(), Vec::new());
    let mut st = Structural {
        unknown: &mut unknown,
        lists: &mut lists,
        touched_null: false,
        slots: Vec::new(),
        block: NO_BLOCK,
    };
    validate(&n, V::new(&v, &n), &Path::Root, &mut errs, Some(&mut st));
    errs.extend(lists);
    errs.iter().map(ToString::to_string).collect()
}

fn obj(props: Value) -> Value {
    json!({"type": "object", "properties": props})
}

/// A rendered [`Path`] is the string that pushing its segments onto a path builds, for
/// chains of fields (empty names included) and items in any order.
#[test]
fn paths_render_as_pushed() {
    fn check_chain(segments: &[Result<&str, usize>], parent: &Path<'_>, pushed: &mut String) {
        assert_eq!(parent.to_string(), *pushed);
        let Some((first, rest)) = segments.split_first() else {
            return;
        };
        let len = match *first {
            Ok(k) => push_field(pushed, k),
            Err(i) => push_index(pushed, i),
        };
        match *first {
            Ok(k) => check_chain(rest, &Path::Field(parent, k), pushed),
            Err(i) => check_chain(rest, &Path::Index(parent, i), pushed),
        }
        pushed.truncate(len);
    }
    let pool: [Result<&str, usize>; 7] = [
        Ok("spec"),
        Ok(""),
        Ok("a.b"),
        Err(0),
        Err(7),
        Err(1234),
        Err(usize::MAX),
    ];
    for a in pool {
        for b in pool {
            for c in pool {
                check_chain(&[a, b, c], &Path::Root, &mut String::new());
            }
        }
    }
}

#[test]
fn types() {
    let s = obj(
        json!({"port": {"type": "integer"}, "name": {"type": "string"}, "on": {"type": "boolean"}}),
    );
    assert_eq!(
        check(s.clone(), json!({"port": "80", "name": 1, "on": "yes"})),
        vec![
            r#"name: Invalid value: "integer": name in body must be of type string: "integer""#,
            r#"on: Invalid value: "string": on in body must be of type boolean: "string""#,
            r#"port: Invalid value: "string": port in body must be of type integer: "string""#,
        ]
    );
    assert!(
        check(s.clone(), json!({"port": 80.0})).is_empty(),
        "a float with no fraction is an integer"
    );
    assert_eq!(
        check(s, json!({"port": 80.5}))[0],
        r#"port: Invalid value: "number": port in body must be of type integer: "number""#
    );
}

#[test]
fn required_and_nulls() {
    let s =
        json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}});
    assert_eq!(check(s.clone(), json!({})), vec!["name: Required value"]);
    // A null in a non-nullable field without default is dropped before validation.
    assert_eq!(
        check(s, json!({"name": null})),
        vec!["name: Required value"]
    );
}

#[test]
fn strings() {
    let s = obj(
        json!({"h": {"type": "string", "minLength": 2, "maxLength": 4, "pattern": "^[a-z]+$"}}),
    );
    assert_eq!(
        check(s.clone(), json!({"h": "abcdé"})),
        vec!["h: Too long: may not be more than 4 bytes"]
    );
    assert!(
        check(s.clone(), json!({"h": "abé"}))[0].contains("should match '^[a-z]+$'"),
        "characters, not bytes, count"
    );
    assert_eq!(
        check(s.clone(), json!({"h": "a"})),
        vec![r#"h: Invalid value: "a": h in body should be at least 2 chars long"#]
    );
    assert_eq!(
        check(s, json!({"h": "A1"})),
        vec![r#"h: Invalid value: "A1": h in body should match '^[a-z]+$'"#]
    );
}

#[test]
fn enums_and_numbers() {
    let s = obj(json!({
        "m": {"type": "string", "enum": ["GET", "HEAD"]},
        "code": {"type": "integer", "enum": [301, 302]},
        "port": {"type": "integer", "minimum": 1, "maximum": 65535},
        "w": {"type": "integer", "maximum": 1_000_000},
    }));
    assert_eq!(
        check(
            s,
            json!({"m": "BREW", "code": 300, "port": 123_456_789, "w": 2_000_000})
        ),
        vec![
            r#"code: Unsupported value: 300: supported values: "301", "302""#,
            r#"m: Unsupported value: "BREW": supported values: "GET", "HEAD""#,
            "port: Invalid value: 1.23456789e+08: port in body should be less than or equal to 65535",
            "w: Invalid value: 2e+06: w in body should be less than or equal to 1e+06",
        ]
    );
}

#[test]
fn arrays_objects_and_formats() {
    let s = obj(json!({
        "hosts": {"type": "array", "maxItems": 2, "minItems": 1, "items": {"type": "string"}},
        "labels": {"type": "object", "maxProperties": 1, "additionalProperties": {"type": "string"}},
        "ip": {"type": "string", "format": "ipv4"},
        "t": {"type": "string", "format": "date-time"},
    }));
    assert_eq!(
        check(
            s.clone(),
            json!({"hosts": ["a", "b", "c"], "labels": {"a": "1", "b": "2"}, "ip": "1.2.3", "t": "now"})
        ),
        vec![
            "hosts: Too many: 3: must have at most 2 items",
            r#"ip: Invalid value: "1.2.3": ip in body must be of type ipv4: "1.2.3""#,
            "labels: Too many: 2: must have at most 1 item",
            r#"t: Invalid value: "now": t in body must be of type date-time: "now""#,
        ]
    );
    assert_eq!(
        check(s, json!({"hosts": []})),
        vec!["hosts: Invalid value: 0: hosts in body should have at least 1 items"]
    );
}

#[test]
fn list_types_sets_and_maps() {
    let s = obj(json!({
        "remove": {"type": "array", "x-kubernetes-list-type": "set", "items": {"type": "string"}},
        "listeners": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name"],
            "items": {"type": "object", "properties": {"name": {"type": "string"}, "port": {"type": "integer"}}},
        },
        "refs": {
            "type": "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["group", "name"],
            "items": {"type": "object", "properties": {"group": {"type": "string"}, "name": {"type": "string"}}},
        },
    }));
    let v = json!({
        "remove": ["a", "a", "a", "b"],
        "listeners": [{"name": "http", "port": 80}, {"name": "http", "port": 81}],
        "refs": [{"group": "g", "name": "n"}, {"group": "g", "name": "n"}],
    });
    assert_eq!(
        check(s, v),
        vec![
            r#"listeners[1].name: Duplicate value: "http""#,
            r#"refs[1]: Duplicate value: map[string]interface {}{"group":"g", "name":"n"}"#,
            r#"remove[1]: Duplicate value: "a""#,
        ]
    );
}

#[test]
fn one_of_any_of_not() {
    // The shape of Gateway `spec.addresses[*]`.
    let s = json!({"type": "array", "items": {
        "type": "object",
        "properties": {"type": {"type": "string", "default": "IPAddress"}, "value": {"type": "string"}},
        "oneOf": [
            {"properties": {"type": {"enum": ["IPAddress"]}, "value": {"anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}}},
            {"properties": {"type": {"not": {"enum": ["IPAddress"]}}}},
        ],
    }});
    assert!(
        check(
            s.clone(),
            json!([{"value": "10.0.0.1"}, {"value": "::1"}, {"type": "Hostname", "value": "x"}])
        )
        .is_empty()
    );
    assert_eq!(
        check(s, json!([{"value": "1.1.1"}])),
        vec![
            r#"<nil>: Invalid value: "": "[0]" must validate one and only one schema (oneOf). Found none valid"#,
            r#"<nil>: Invalid value: "": "[0].value" must validate at least one schema (anyOf)"#,
            r#"[0].value: Invalid value: "1.1.1": [0].value in body must be of type ipv4: "1.1.1""#,
        ]
    );
}

#[test]
fn pruning_and_defaults() {
    let n = Node::compile(&obj(json!({
        "rules": {"type": "array", "items": {"type": "object", "properties": {
            "weight": {"type": "integer", "default": 1},
            "match": {"type": "object", "properties": {"type": {"type": "string", "default": "PathPrefix"}}},
        }}},
        "absent": {"type": "object", "properties": {"x": {"type": "string", "default": "d"}}},
    })));
    let mut v = json!({"rules": [{"foo": 1}, {"weight": 5, "match": {}}], "bar": true});
    let mut unknown = Vec::new();
    prune(&n, &mut v, &mut String::new(), &mut unknown);
    default(&n, &mut v);
    assert_eq!(unknown, vec!["bar", "rules[0].foo"]);
    assert_eq!(
        v,
        json!({"rules": [{"weight": 1}, {"weight": 5, "match": {"type": "PathPrefix"}}]})
    );
}

#[test]
fn properties_are_found_by_exact_name() {
    // Keys longer than seven bytes that share their first seven and their length have the
    // same signature: the rest of the name decides.
    let n = Node::compile(&json!({"type": "object", "properties": {
        "a": {"type": "string"}, "c": {"type": "integer"},
        "sectionNameX": {"type": "boolean"}, "sectionNameY": {"type": "number"}}}));
    let ty = |k: &str| n.prop(k).and_then(|p| p.ty).map(Ty::name);
    assert_eq!(ty("a"), Some("string"));
    assert_eq!(ty("c"), Some("integer"));
    assert_eq!(ty("sectionNameX"), Some("boolean"));
    assert_eq!(ty("sectionNameY"), Some("number"));
    for absent in [
        "b",
        "",
        "aa",
        "sectionNameZ",
        "sectionName",
        "sectionNameXY",
    ] {
        assert_eq!(ty(absent), None, "{absent}");
    }
    assert_eq!(n.prop_index("c"), Some(1));
}

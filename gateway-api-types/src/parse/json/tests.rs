//! The fast path against the slow path: on every document of `testdata/` written as JSON, on
//! hand-written edge cases, and on mangled text, whatever the fast path answers is exactly what
//! the slow path answers.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use serde_json::Value;

use super::super::{Document, ParseError, parse_values};
use crate::read::{ReadLimits, read_values};

type Documents = Vec<Result<Document, ParseError>>;

fn slow(text: &str) -> Documents {
    parse_values("t.json", text, ReadLimits::default())
}

/// The fast path's answer, after checking that it is the slow path's.
fn fast(text: &str) -> Option<Documents> {
    let fast = super::parse("t.json", text)?;
    assert_eq!(fast, slow(text), "fast and slow paths differ on {text}");
    Some(fast)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// Every document of `testdata/` that reads, as a JSON value.
fn testdata() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    let mut paths = Vec::new();
    files(&root, &mut paths);
    paths.sort();
    assert!(paths.len() > 300, "testdata missing: {}", paths.len());
    paths
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            read_values(&text)
                .filter_map(Result::ok)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Whether the slow path decodes the document into a type without dropping its status: those
/// are the documents the fast path must take itself.
fn plainly_typed(documents: &Documents) -> bool {
    documents.iter().all(|d| {
        d.as_ref().is_ok_and(|d| {
            !matches!(d.object, super::Object::Other(_)) && d.ignored_status.is_none()
        })
    })
}

#[test]
fn every_testdata_document_decodes_the_same_both_ways() {
    let values = testdata();
    let (mut taken, mut typed) = (0, 0);
    for value in &values {
        for text in [
            value.to_string(),
            serde_json::to_string_pretty(value).unwrap(),
        ] {
            let answer = fast(&text);
            if plainly_typed(&slow(&text)) {
                typed += 1;
                assert!(answer.is_some(), "the fast path does not take {text}");
            }
            taken += usize::from(answer.is_some());
        }
    }
    // The same documents as one stream: indices, and slow documents among fast ones.
    let stream: String = values.iter().map(|v| format!("{v}\n")).collect();
    let documents = fast(&stream).expect("the stream is read by the fast path");
    assert!(documents.len() >= values.len());
    // And as the items of one List, the fast path's as long as every item is.
    let texts: Vec<String> = values.iter().map(Value::to_string).collect();
    let _ = fast(&list(&texts.iter().map(String::as_str).collect::<Vec<_>>()));
    let typed_texts: Vec<&str> = texts
        .iter()
        .filter(|t| plainly_typed(&slow(t)))
        .map(String::as_str)
        .collect();
    assert!(
        fast(&list(&typed_texts)).is_some(),
        "a List of typed documents"
    );
    eprintln!(
        "{} documents: the fast path took {taken} of {} texts ({typed} plainly typed)",
        values.len(),
        values.len() * 2
    );
    assert!(typed > 500, "{typed}");
}

/// A change to one node of a document (nodes counted depth-first, the document itself first).
#[derive(Clone, Copy, Debug)]
enum Mutation {
    /// An object's keys written in reverse order (at the top: `apiVersion` and `kind` last).
    Reverse,
    /// An object's first entry written again: at its end, or (at a node of odd number) right
    /// after it.
    Duplicate,
    /// A field no type has, holding an object and an array, added to an object.
    Unknown,
    /// An object's first key written with an escape.
    EscapedKey,
    /// The node replaced with another JSON value (one of [`REPLACEMENTS`]).
    Replace(usize),
}

/// Values of every JSON type, for [`Mutation::Replace`]: most are of the wrong type where they
/// land.
const REPLACEMENTS: &[&str] = &[
    r#""x""#,
    "7",
    "-1",
    "1.5",
    "null",
    "[]",
    "{}",
    "true",
    r#""80""#,
    r#"[{"a":1}]"#,
    r#"{"type":"x","status":"True"}"#,
    r#""w\u00e9b""#,
    "1e3",
];

/// Writes `value` as JSON with `mutation` applied at node `target`; `node` counts the nodes.
fn write_mutated(
    value: &Value,
    target: usize,
    mutation: Mutation,
    node: &mut usize,
    out: &mut String,
) {
    let here = *node == target;
    *node += 1;
    if let (true, Mutation::Replace(which)) = (here, mutation) {
        out.push_str(REPLACEMENTS[which % REPLACEMENTS.len()]);
        return;
    }
    match value {
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_mutated(item, target, mutation, node, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            if here && matches!(mutation, Mutation::Reverse) {
                entries.reverse();
            }
            if here
                && matches!(mutation, Mutation::Duplicate)
                && let Some(&first) = entries.first()
            {
                entries.insert(
                    if target.is_multiple_of(2) {
                        entries.len()
                    } else {
                        1
                    },
                    first,
                );
            }
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if i == 0 && here && matches!(mutation, Mutation::EscapedKey) {
                    let mut chars = key.chars();
                    let first = chars.next().map_or(0, u32::from);
                    out.push_str(&format!("\"\\u{first:04x}{}\"", chars.as_str()));
                } else {
                    out.push_str(&Value::from(key.as_str()).to_string());
                }
                out.push(':');
                write_mutated(item, target, mutation, node, out);
            }
            if here && matches!(mutation, Mutation::Unknown) {
                if !entries.is_empty() {
                    out.push(',');
                }
                out.push_str(r#""zz":{"a":[1,{"b":null}],"c":{}}"#);
            }
            out.push('}');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

/// How many nodes `value` has, itself included.
fn nodes(value: &Value) -> usize {
    1 + match value {
        Value::Array(items) => items.iter().map(nodes).sum(),
        Value::Object(map) => map.values().map(nodes).sum(),
        _ => 0,
    }
}

#[test]
fn mutated_testdata_documents_decode_the_same_both_ways() {
    let values = testdata();
    // A fixed pseudo-random sequence (a linear congruential generator), so that a failure
    // repeats.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(state >> 33).unwrap_or(0) % bound.max(1)
    };
    let (mut texts, mut taken) = (0, 0);
    let mut stream = String::new();
    let (mut in_list, mut lists, mut lists_taken) = (Vec::new(), 0, 0);
    for value in &values {
        let count = nodes(value);
        // The top object reversed (apiVersion and kind last), and a few changes anywhere.
        let mut changes = vec![(0, Mutation::Reverse)];
        for _ in 0..6 {
            let mutation = match next(5) {
                0 => Mutation::Reverse,
                1 => Mutation::Duplicate,
                2 => Mutation::Unknown,
                3 => Mutation::EscapedKey,
                _ => Mutation::Replace(next(REPLACEMENTS.len())),
            };
            changes.push((next(count), mutation));
        }
        for (target, mutation) in changes {
            let mut text = String::new();
            write_mutated(value, target, mutation, &mut 0, &mut text);
            texts += 1;
            taken += usize::from(fast(&text).is_some());
            if next(8) == 0 {
                stream.push_str(&text);
                stream.push('\n');
            }
            if next(6) == 0 {
                in_list.push(text);
                if in_list.len() == 3 {
                    let items: Vec<&str> = in_list.iter().map(String::as_str).collect();
                    lists += 1;
                    lists_taken += usize::from(fast(&list(&items)).is_some());
                    in_list.clear();
                }
            }
        }
    }
    // Mutated documents side by side in one stream.
    let _ = fast(&stream);
    eprintln!(
        "{texts} mutated texts, {taken} taken by the fast path; {lists} Lists of three, \
         {lists_taken} taken"
    );
    assert!(taken > texts / 4, "{taken} of {texts}");
    assert!(lists_taken > lists / 10, "{lists_taken} of {lists}");
}

#[test]
fn reading_limits_do_not_change_json_answers() {
    // The slow path reads JSON with serde_json whatever the limits (they bound the YAML reader),
    // and the fast path does not look at them.
    let deep = route(
        r#""port":80"#,
        &format!(r#""port":80,"x":{}1{}"#, "[".repeat(20), "]".repeat(20)),
    );
    for text in [ROUTE.to_owned(), deep] {
        for limits in [
            ReadLimits::default().with_max_depth(2),
            ReadLimits::default().with_alias_nodes_per_byte(0),
        ] {
            assert_eq!(
                crate::parse_with("t.json", &text, limits),
                parse_values("t.json", &text, limits),
                "{text}"
            );
        }
    }
}

const ROUTE: &str = r#"{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute",
"metadata":{"name":"web","namespace":"shop","labels":{"a":"1","b":"2"}},
"spec":{"parentRefs":[{"name":"gw","port":80}],"rules":[{"backendRefs":[{"name":"web","port":8080}]}]}}"#;

/// `ROUTE` with one piece replaced.
fn route(from: &str, to: &str) -> String {
    assert!(ROUTE.contains(from), "{from}");
    ROUTE.replacen(from, to, 1)
}

/// A `List` of `items`.
fn list(items: &[&str]) -> String {
    format!(
        r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
        items.join(",")
    )
}

/// `ROUTE` with a status.
fn with_status(status: &str) -> String {
    format!(r#"{},"status":{status}}}"#, &ROUTE[..ROUTE.len() - 1])
}

#[test]
fn edge_cases_decode_the_same_both_ways() {
    let labels: String = (0..20).map(|i| format!(r#""k{i}":"v","#)).collect();
    let deep_ok = format!("{}1{}", "[".repeat(120), "]".repeat(120));
    let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
    let service = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
        "spec":{"ports":[{"port":80,"targetPort":"http"},{"port":81,"targetPort":8081}]}}"#;
    let secret = r#"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"tls"},
        "type":"kubernetes.io/tls","data":{"tls.crt":"aGVsbG8=","tls.key":null}}"#;
    let cases: Vec<(String, bool)> = vec![
        // (text, whether the fast path must take it)
        (ROUTE.into(), true),
        (format!("\u{feff} \n{ROUTE}\n "), true),
        (service.into(), true),
        (secret.into(), true),
        (r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}"#.into(), true),
        (r#"{"apiVersion":"v1","kind":"ConfigMap","data":{"ca.crt":"x"}}"#.into(), true),
        // Duplicate keys, at every level, also inside what the type ignores.
        (route(r#""b":"2""#, r#""b":"2","a":"3""#), false),
        (route(r#""b":"2""#, &format!(r#"{labels}"b":"2","k7":"x""#)), false),
        (route(r#""b":"2""#, &format!(r#"{labels}"b":"2""#)), true),
        (route(r#""kind":"HTTPRoute","#, r#""kind":"HTTPRoute","kind":"HTTPRoute","#), false),
        (route(r#""port":80"#, r#""port":80,"colour":{"x":1,"x":2}"#), false),
        (route(r#""port":80"#, r#""port":80,"colour":[{"x":1},{"y":{"z":1,"z":1}}]"#), false),
        (route(r#""a":"1""#, r#""a":"1","\u0061":"1""#), false),
        (route(r#""name":"gw","#, r#""name":"gw","n\u0061me":"gw","#), false),
        // Unknown fields, with their paths.
        (route(r#""port":80"#, r#""port":80,"colour":{"x":[1,{"y":2}]}"#), true),
        (route(r#""spec":{"#, r#""extra":1,"spec":{"colour":"red","#), true),
        (route(r#""namespace":"shop""#, r#""namespace":"shop","colour":null"#), true),
        (route(r#""port":8080"#, r#""port":8080,"weight":1,"x":1,"x.y":2"#), true),
        // Escaped keys and values.
        // (Keys with escapes, and escapes in apiVersion or kind, are left to the slow path.)
        (route(r#""kind""#, r#""\u006bind""#), false),
        (route(r#""apiVersion""#, r#""api\u0056ersion""#), false),
        (route(r#""HTTPRoute""#, r#""HTTP\u0052oute""#), false),
        (route(r#""port":80"#, r#""p\u006frt":80"#), false),
        (route(r#""web","namespace""#, r#""w\u00e9b\n","namespace""#), true),
        (route(r#""web","namespace""#, r#""\ud800","namespace""#), false),
        // Order: kind first; apiVersion or kind not among the first two keys; both twice.
        (ROUTE.replacen(r#""apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute""#, r#""kind":"HTTPRoute","apiVersion":"gateway.networking.k8s.io/v1""#, 1), true),
        (route(r#""kind":"HTTPRoute",
"metadata":{"#, r#""metadata":{"#).replacen(r#""spec""#, r#""kind":"HTTPRoute","spec""#, 1), true),
        (route(r#""kind":"HTTPRoute","#, r#""kind":"HTTPRoute","kind":"HTTPRoute","#), false),
        (route(r#""apiVersion":"gateway.networking.k8s.io/v1","#, r#""apiVersion":"gateway.networking.k8s.io/v1","apiVersion":"gateway.networking.k8s.io/v1","#), false),
        (route(r#""apiVersion":"gateway.networking.k8s.io/v1""#, r#""apiVersion":5"#), false),
        (r#"{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute"}"#.into(), false),
        (r#"{"apiVersion":"v1","kind":"Namespace"}"#.into(), true),
        (r#"{"kind":"Namespace","apiVersion":"v1","apiVersion":"v1"}"#.into(), false),
        (r#"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"},"kind":"Namespace"}"#.into(), false),
        // Order: apiVersion and kind after everything else.
        (
            r#"{"spec":{"parentRefs":[{"name":"gw"}]},"metadata":{"name":"a"},"kind":"HTTPRoute","apiVersion":"gateway.networking.k8s.io/v1"}"#.into(),
            true,
        ),
        // Numbers.
        (route(r#""port":80"#, r#""port":80.0"#), false),
        (route(r#""port":80"#, r#""port":1e2"#), false),
        (route(r#""port":80"#, r#""port":"80""#), false),
        (route(r#""port":80"#, r#""port":-0"#), false), // a float to serde_json
        (route(r#""port":80"#, r#""port":1e400"#), false),
        (route(r#""port":80"#, r#""port":18446744073709551616"#), false),
        (route(r#""port":8080"#, r#""port":8080,"weight":1.5"#), false),
        (route(r#""port":8080"#, r#""port":8080,"x":1e400"#), false),
        (service.replace("8081", "\"8081\""), true),
        (service.replace("8081", "8081.0"), false),
        // Nulls.
        (route(r#""labels":{"a":"1","b":"2"}"#, r#""labels":null"#), true),
        (route(r#""rules":[{"backendRefs":[{"name":"web","port":8080}]}]"#, r#""rules":null"#), true),
        (route(r#""port":80"#, r#""port":null"#), true),
        (route(r#""HTTPRoute""#, "null"), false),
        (r#"{"apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","spec":null}"#.into(), false),
        // Status: one that decodes, ones that do not.
        (with_status(r#"{"parents":[]}"#), true),
        (with_status(r#"{"parents":5}"#), false),
        (with_status(r#"{"parents":[{"x":1,"x":1}]}"#), false),
        (with_status("null"), true),
        // Kinds: unknown, missing, empty, not a string; a List.
        (route("HTTPRoute", "Deployment"), false),
        (route(r#""kind":"HTTPRoute","#, ""), false),
        (route("HTTPRoute", ""), false),
        (route(r#""HTTPRoute""#, "5"), false),
        (route("gateway.networking.k8s.io/v1", "gateway.networking.k8s.io/v1beta1"), true),
        (route("gateway.networking.k8s.io/v1", "v1"), false),
        ("{}".into(), false),
        (format!(r#"{{"apiVersion":"v1","kind":"List","items":[{ROUTE},{service},{{"kind":"X"}},5]}}"#), false),
        (r#"{"apiVersion":"v1","kind":"List","items":[]}"#.into(), true),
        // Lists: typed and other items, in kubectl's order of keys and others; lists that are
        // not, or that the reader refuses.
        (list(&[ROUTE, service, secret]), true),
        (format!(r#"{{"apiVersion":"v1","items":[{ROUTE},{service}],"kind":"List","metadata":{{"resourceVersion":""}}}}"#), true),
        (format!(r#"{{"kind":"HTTPRouteList","apiVersion":"gateway.networking.k8s.io/v1","items":[{ROUTE}]}}"#), true),
        (list(&[r#"{"kind":"X"}"#, "{}", r#"{"a":1}"#, r#"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"}}"#]), true),
        (list(&[&route(r#""apiVersion":"gateway.networking.k8s.io/v1","kind":"HTTPRoute","#, r#""kind":"HTTPRoute","apiVersion":"gateway.networking.k8s.io/v1","#)]), true),
        (list(&[&route(r#""kind":"HTTPRoute",
"metadata":{"#, r#""metadata":{"#).replacen(r#""spec""#, r#""kind":"HTTPRoute","spec""#, 1)]), true),
        (list(&[&route(r#""port":80"#, r#""port":80,"colour":{"x":[1]}"#)]), true),
        (list(&[&route(r#""apiVersion""#, r#""api\u0056ersion""#)]), false),
        (list(&[&route("HTTPRoute", "Deployment"), &route(r#""HTTPRoute""#, r#""HTTP\u0052oute""#)]), true),
        (list(&[&route(r#""HTTPRoute""#, "5"), &route(r#""apiVersion":"gateway.networking.k8s.io/v1","#, "")]), true),
        (list(&[&list(&[ROUTE])]), true),
        (list(&[ROUTE, "null"]), false),
        (list(&[r#"{"kind":"X","kind":"Y"}"#]), false),
        (list(&[r#"{"a":1,"a":1,"b":2}"#]), false),
        (list(&[r#"{"a":1,"b":2,"a":1}"#]), false),
        (list(&[r#"{"a":1,"b":{"c":1,"c":1}}"#]), false),
        (list(&[ROUTE, "[]"]), false),
        (list(&[&route(r#""b":"2""#, r#""b":"2","a":"3""#)]), false),
        (list(&[&route("HTTPRoute", "Deployment").replacen(r#""b":"2""#, r#""b":"2","a":"3""#, 1)]), false),
        (list(&[&route(r#""port":80"#, r#""port":"80""#)]), false),
        (list(&[&with_status(r#"{"parents":5}"#)]), false),
        (list(&[&with_status(r#"{"parents":[]}"#)]), true),
        (r#"{"apiVersion":"v1","kind":"List","items":{}}"#.into(), false),
        (r#"{"apiVersion":"v1","kind":"List","items":null}"#.into(), false),
        (format!(r#"{{"apiVersion":"v1","kind":"Thing","items":[{ROUTE}]}}"#), false),
        (format!(r#"{{"apiVersion":"v1","items":[{ROUTE}]}}"#), false),
        (format!(r#"{{"apiVersion":"v1","kind":"List","kind":"List","items":[{ROUTE}]}}"#), false),
        (format!(r#"{{"apiVersion":"v1","kind":"List","items":[],"items":[{ROUTE}]}}"#), false),
        (format!(r#"{{"apiVersion":"v1","kind":"List","items":[{ROUTE}],"metadata":{{"a":1,"a":1}}}}"#), false),
        (format!(r#"{{"apiVersion":"v1","kind":"List","items":[{ROUTE}]}} {ROUTE}"#), true),
        (format!(r#"{{"apiVersion":"v1","kind":"List","items":[{ROUTE}]}}x"#), false),
        // Streams: values of all sorts, and values that are not objects.
        (format!("{ROUTE}{service}\n{secret}"), true),
        (format!("{ROUTE} null {service}"), true),
        (format!("{ROUTE} 5 {service}"), true),
        (format!("{ROUTE} [1] \"x\" {{}}"), true),
        (format!(r#"{ROUTE} {{"apiVersion":"v1","kind":"List","items":[{service},{ROUTE}]}} {secret}"#), true),
        (format!("{ROUTE} {}", route("HTTPRoute", "Deployment")), true),
        (format!("{ROUTE} {}", route(r#""b":"2""#, r#""b":"2","a":"3""#)), false),
        (format!("{ROUTE} {service} {{"), false),
        (format!("{ROUTE} x"), false),
        (format!("{ROUTE} 5x"), false),
        (format!("{ROUTE} {}", route(r#""port":80"#, r#""port":1e400"#)), false),
        // Depth: within serde_json's limit, and beyond it (inside an ignored field).
        (route(r#""port":80"#, &format!(r#""port":80,"x":{deep_ok}"#)), true),
        (route(r#""port":80"#, &format!(r#""port":80,"x":{deep}"#)), false),
        // Not JSON, or not quite.
        ("{apiVersion: v1, kind: Namespace, metadata: {name: a}}".into(), false),
        (format!("{},}}", &ROUTE[..ROUTE.len() - 1]), false),
        (ROUTE.replace('\n', "\t\r\n "), true),
    ];
    for (text, taken) in &cases {
        let answer = fast(text);
        assert_eq!(
            answer.is_some(),
            *taken,
            "fast path taken? {text}\n{answer:?}"
        );
    }
}

#[test]
fn nesting_near_the_readers_limit_decodes_the_same_both_ways() {
    // serde_json allows 128 levels in all: a List's items are two levels deeper than a document
    // alone, so one depth of ignored field fits alone and not in a List.
    for depth in 118..=128 {
        let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let text = route(r#""port":80"#, &format!(r#""port":80,"x":{nested}"#));
        let _ = fast(&text);
        let _ = fast(&list(&[&text]));
        let _ = fast(&list(&[&route("HTTPRoute", "Deployment").replacen(
            r#""port":80"#,
            &format!(r#""port":80,"x":{nested}"#),
            1,
        )]));
    }
}

#[test]
fn unknown_fields_are_named_as_the_slow_path_names_them() {
    let text = route(
        r#""port":80"#,
        r#""port":80,"colour":{"x":1},"sectionName":"a","x.y":[1]"#,
    );
    let documents = fast(&text).expect("taken");
    let Ok(document) = &documents[0] else {
        panic!("{documents:?}")
    };
    assert_eq!(
        document.unknown_fields,
        ["spec.parentRefs[0].colour", "spec.parentRefs[0].x.y"]
    );
}

/// Mangles a text: each edit replaces, inserts or removes a byte at a position, or repeats a
/// slice (which repeats keys).
fn mangle(text: &str, edits: &[(usize, u8, u8)]) -> String {
    const BYTES: &[u8] = b"{}[]\",:0123456789-.eE \\u nultrfa\x00\xff";
    let mut bytes = text.as_bytes().to_vec();
    for &(at, op, b) in edits {
        if bytes.is_empty() {
            break;
        }
        let at = at % bytes.len();
        let b = BYTES[usize::from(b) % BYTES.len()];
        match op % 4 {
            0 => bytes[at] = b,
            1 => bytes.insert(at, b),
            2 => {
                bytes.remove(at);
            }
            _ => {
                let end = (at + usize::from(b) % 40).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// No text makes either path panic, and the fast path never answers otherwise than the slow
    /// one.
    #[test]
    fn mangled_json_decodes_the_same_both_ways(
        which in 0usize..4,
        edits in prop::collection::vec((any::<usize>(), any::<u8>(), any::<u8>()), 0..6),
    ) {
        let service = r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"web","labels":{"a":"b"}},"spec":{"ports":[{"port":80,"targetPort":"http"}]}}"#;
        let items = list(&[ROUTE, service, r#"{"kind":"X","a":[{"b":1}]}"#]);
        let stream = format!("{ROUTE}\n{service}");
        let base = [ROUTE, service, &items, &stream][which];
        let text = mangle(base, &edits);
        let _ = fast(&text);
        let _ = crate::parse("t.json", &text);
    }

    /// Any text at all that looks like JSON's start.
    #[test]
    fn any_text_decodes_the_same_both_ways(text in "\\{[ -~\\n]{0,80}") {
        let _ = fast(&text);
    }
}

//! The generated CRDs equal upstream's in meaning: any difference other than `description` keys
//! and key order fails.

use std::path::{Path, PathBuf};

use gateway_api_types::{Channel, bundle};
use serde_json::Value;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata")
}

/// Reads every object of upstream's channel directory, in file-name order.
fn upstream(channel: Channel) -> Vec<(String, Value)> {
    let dir = testdata().join("upstream/crds").join(channel.as_str());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap() != "kustomization.yaml")
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for doc in serde_saphyr::from_multiple::<Value>(&text).unwrap() {
            if !doc.is_null() {
                out.push((name.clone(), doc));
            }
        }
    }
    out
}

/// Removes every `description` of a schema (the only thing allowed to differ) and makes numbers
/// compare as numbers.
fn normalize(v: &mut Value, in_properties: bool) {
    match v {
        Value::Object(map) => {
            if !in_properties {
                map.remove("description");
            }
            for (k, child) in map.iter_mut() {
                normalize(child, k == "properties" && !in_properties);
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|c| normalize(c, false)),
        Value::Number(n) => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 1e15
            {
                *v = Value::from(f as i64);
            }
        }
        _ => {}
    }
}

fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, va) in x {
                match y.get(k) {
                    Some(vb) => diff(&format!("{path}.{k}"), va, vb, out),
                    None => out.push(format!("{path}.{k}: only generated: {va}")),
                }
            }
            for (k, vb) in y {
                if !x.contains_key(k) {
                    out.push(format!("{path}.{k}: only upstream: {vb}"));
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                diff(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: generated {a} != upstream {b}")),
    }
}

fn compare(channel: Channel) {
    let mut ours = bundle(channel);
    let mut theirs = upstream(channel);
    assert_eq!(ours.len(), theirs.len(), "object count differs");
    let key = |v: &Value| format!("{} {}", v["kind"], v["metadata"]["name"]);
    ours.sort_by_key(|v| key(v));
    theirs.sort_by_key(|(_, v)| key(v));
    let mut differences = Vec::new();
    for (generated, (file, expected)) in ours.iter_mut().zip(theirs.iter_mut()) {
        normalize(generated, false);
        normalize(expected, false);
        let name = format!("{file} {}", expected["metadata"]["name"]);
        diff(&name, generated, expected, &mut differences);
    }
    for d in differences.iter().take(60) {
        eprintln!("{d}");
    }
    assert!(
        differences.is_empty(),
        "{} differences in the {channel} channel",
        differences.len()
    );
}

#[test]
fn standard_channel_equals_upstream() {
    compare(Channel::Standard);
}

#[test]
fn experimental_channel_equals_upstream() {
    compare(Channel::Experimental);
}

/// The committed copies under `crds/` are what the types generate today. Regenerate them with
/// `cargo run -p gateway-api-cli -- crds --channel CHANNEL > crds/CHANNEL.yaml`.
#[test]
fn committed_crd_yaml_is_current() {
    for channel in [Channel::Standard, Channel::Experimental] {
        let path = testdata().join(format!("../crds/{channel}.yaml"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = gateway_api_types::bundle_yaml(channel);
        assert!(
            committed == generated,
            "{} is stale: regenerate it with `cargo run -p gateway-api-cli -- crds --channel {channel} > crds/{channel}.yaml`",
            path.display()
        );
        // And the text reads back to the same objects.
        let back: Vec<Value> = serde_saphyr::from_multiple(&generated).unwrap();
        assert_eq!(back, bundle(channel));
    }
}

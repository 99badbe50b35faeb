//! `gwapi validate` on the seed examples: text and JSON output, exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/manifests")
}

fn gwapi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .args(args)
        .output()
        .expect("gwapi runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn the_seed_as_written_is_rejected_for_its_two_reasons() {
    let file = examples().join("seed-as-written/gateway.yaml");
    let out = gwapi(&["validate", path(&file)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("REJECTED  Gateway example-gateway"), "{text}");
    assert!(
        text.contains("    error: spec.listeners[0].name: Required value\n"),
        "{text}"
    );
    assert!(
        text.contains(r#"    error: spec.listeners[0].hostname: Invalid value: "*": spec.listeners[0].hostname in body should match '^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'"#),
        "{text}"
    );
    assert!(
        text.contains("1 objects: 0 admitted, 1 rejected, 0 skipped"),
        "{text}"
    );

    let out = gwapi(&["validate", "-o", "json", path(&file)]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let object = &doc["objects"][0];
    assert_eq!(object["kind"], "Gateway");
    assert_eq!(object["name"], "example-gateway");
    assert_eq!(object["document"], 0);
    assert_eq!(object["verdict"], "rejected");
    let errors = object["errors"].as_array().expect("errors");
    assert_eq!(errors[0]["field"], "spec.listeners[0].name");
    assert_eq!(errors[0]["type"], "FieldValueRequired");
    assert_eq!(errors[0]["message"], "Required value");
    assert_eq!(errors[1]["field"], "spec.listeners[0].hostname");
    assert_eq!(errors[1]["type"], "FieldValueInvalid");
    assert_eq!(errors[1]["value"], "*");
}

#[test]
fn the_seed_is_admitted() {
    let dir = examples().join("seed");
    let out = gwapi(&["validate", "--lint", path(&dir)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("admitted  Gateway default/example-gateway"),
        "{text}"
    );
    assert!(
        text.contains("admitted  HTTPRoute default/example-route"),
        "{text}"
    );
    assert!(
        text.contains("skipped   Service default/my-application"),
        "{text}"
    );
    assert!(
        text.contains("5 objects: 3 admitted, 0 rejected, 2 skipped"),
        "{text}"
    );

    let out = gwapi(&[
        "validate",
        "--channel",
        "experimental",
        "-o",
        "json",
        path(&dir),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
    let verdicts: Vec<&str> = doc["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(
        verdicts,
        ["skipped", "admitted", "admitted", "admitted", "skipped"]
    );
}

#[test]
fn unusable_input_exits_2_and_updates_run_transition_rules() {
    let dir = std::env::temp_dir().join(format!("gwapi-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.yaml");
    std::fs::write(&bad, "apiVersion: v1\nmetadata: {name: x}\n").unwrap();
    let out = gwapi(&["validate", path(&bad)]);
    assert_eq!(out.status.code(), Some(2));

    let class = |controller: &str| {
        format!(
            "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {{name: gc}}\nspec: {{controllerName: {controller}}}\n"
        )
    };
    let old = dir.join("old.yaml");
    let new = dir.join("new.yaml");
    std::fs::write(&old, class("example.com/one")).unwrap();
    std::fs::write(&new, class("example.com/two")).unwrap();
    let out = gwapi(&["validate", "-o", "json", "--old", path(&old), path(&new)]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let object = &doc["objects"][0];
    // The immutability rule of controllerName is a transition rule: it runs only on update.
    let unchecked = object["uncheckedRules"].as_array().unwrap();
    let rejected = object["verdict"] == "rejected";
    assert!(
        rejected || unchecked.iter().any(|r| r["rule"] == "self == oldSelf"),
        "{object}"
    );
    if rejected {
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(object["errors"][0]["field"], "spec.controllerName");
    }
    let out = gwapi(&["validate", "-o", "json", path(&new)]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["objects"][0]["verdict"], "admitted");
    assert_eq!(out.status.code(), Some(0));
    std::fs::remove_dir_all(&dir).ok();
}

//! `gwapi status --apply/--delete` (through the incremental engine) agrees with two full
//! resolutions, on the conformance manifests, changing one object at a time.

use std::path::{Path, PathBuf};
use std::process::Command;

use gateway_api_resolve::{ObjectKey, Options, Resource, Snapshot, resolve};
use gateway_api_types::Document;
use serde_json::Value;

const CONTROLLER: &str = "example.net/gateway-controller";

/// Base manifests, fixtures and tests touching every kind the resolver reads.
const MANIFESTS: &[&str] = &[
    "manifests/base/manifests.yaml",
    "fixtures.yaml",
    "manifests/tests/listenerset-http-routing.yaml",
    "manifests/tests/httproute-reference-grant.yaml",
    "manifests/tests/grpcroute-listener-hostname-matching.yaml",
    "manifests/tests/tlsroute-invalid-reference-grant.yaml",
    "manifests/tests/gateway-secret-reference-grant-specific.yaml",
    "manifests/tests/backendtlspolicy.yaml",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/conformance")
}

fn documents() -> Vec<Document> {
    let mut docs = Vec::new();
    for m in MANIFESTS {
        let path = root().join(m);
        let text = std::fs::read_to_string(&path).unwrap();
        for d in gateway_api_types::parse(&path.display().to_string(), &text) {
            docs.push(d.unwrap());
        }
    }
    docs
}

/// `gwapi status MANIFESTS… ARGS… -o json`, as (kind, key, status) triples.
fn gwapi(args: &[String]) -> Vec<(String, ObjectKey, Value)> {
    let out = Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .current_dir(root())
        .arg("status")
        .args(MANIFESTS)
        .args(["--controller-name", CONTROLLER, "-o", "json"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "gwapi status {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let m = &i["metadata"];
            let key = ObjectKey::new(
                m["namespace"].as_str().unwrap_or_default(),
                m["name"].as_str().unwrap(),
            );
            (
                i["kind"].as_str().unwrap().to_owned(),
                key,
                i["status"].clone(),
            )
        })
        .collect()
}

/// What two full resolutions say changes from `before` to `after`.
fn expected(before: &Snapshot, after: &Snapshot) -> Vec<(String, ObjectKey, Value)> {
    let options = Options::new(CONTROLLER);
    let delta = resolve(before, &options).diff(&resolve(after, &options));
    delta
        .statuses
        .iter()
        .map(|c| {
            (
                c.kind.as_str().to_owned(),
                c.key.clone(),
                serde_json::to_value(&c.status).unwrap(),
            )
        })
        .collect()
}

#[test]
fn what_if_agrees_with_two_full_resolutions() {
    let docs = documents();
    let full = Snapshot::from_documents(&docs);
    let objects: Vec<Resource> = full.resources().collect();
    let dir = std::env::temp_dir().join(format!("gwapi-what-if-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    let mut changed = 0;
    for object in &objects {
        let kind = object.kind();
        let key = object.key();
        // Deleted.
        let reference = if kind.namespaced() {
            format!("{kind}/{}/{}", key.namespace, key.name)
        } else {
            format!("{kind}/{}", key.name)
        };
        let mut without = full.clone();
        without.remove(kind, &key);
        let want = expected(&full, &without);
        changed += usize::from(!want.is_empty());
        assert_eq!(
            gwapi(&["--delete".into(), reference.clone()]),
            want,
            "--delete {reference}"
        );
        // Changed: a new generation and a label, as an edit would leave it.
        let doc = docs
            .iter()
            .find(|d| {
                Resource::from_object(d.object.clone())
                    .is_some_and(|r| r.kind() == kind && r.key() == key)
            })
            .unwrap();
        let mut value = doc.object.to_value();
        let generation = value["metadata"]["generation"].as_i64().unwrap_or(1);
        value["metadata"]["generation"] = (generation + 1).into();
        value["metadata"]["labels"]["what-if"] = "yes".into();
        let file = dir.join("apply.json");
        std::fs::write(&file, value.to_string()).unwrap();
        let edited = gateway_api_types::parse("apply.json", &value.to_string())
            .pop()
            .unwrap()
            .unwrap();
        let mut with = full.clone();
        with.insert(edited.object);
        let want = expected(&full, &with);
        changed += usize::from(!want.is_empty());
        let got = gwapi(&["--apply".into(), file.display().to_string()]);
        assert_eq!(got, want, "--apply {reference} edited");
        checked += 2;
    }
    std::fs::remove_dir_all(&dir).ok();
    eprintln!("{checked} what-if runs, {changed} with changes");
    assert!(
        checked > 50 && changed > 25,
        "{checked} runs, {changed} with changes"
    );
}

#[test]
fn bad_delete_references_are_unusable_input() {
    for bad in ["Widget/ns/x", "HTTPRoute/x", "Namespace/a/b"] {
        let out = Command::new(env!("CARGO_BIN_EXE_gwapi"))
            .current_dir(root())
            .args(["status", "fixtures.yaml", "--delete", bad])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{bad} accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(bad), "{bad}: {err}");
    }
}

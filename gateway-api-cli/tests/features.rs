//! The simulated controller's feature set: `--supported-feature` and `--unsupported-feature` on
//! every subcommand that resolves, the names checked, and what they change.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

const MANIFESTS: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: gc}
spec: {controllerName: example.net/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: default}
spec:
  gatewayClassName: gc
  listeners:
  - {name: http, protocol: HTTP, port: 80}
  - {name: alt, protocol: HTTP, port: 8080}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {ports: [{port: 80}]}
"#;

const STATUS_TESTS: &str = r#"
kind: StatusTests
controllerName: example.net/gateway-controller
tests:
- name: port 8080 is not supported
  object: {kind: Gateway, namespace: default, name: gw}
  listener: alt
  condition: {type: Accepted, status: 'False', reason: PortUnavailable}
"#;

/// Writes `text` to a file of its own: the tests run in parallel, and one rewriting a file
/// another is reading made that one read an empty file.
fn write(name: &str, text: &str) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("features-{n}"));
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn gwapi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .args(args)
        .output()
        .expect("gwapi runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn status(extra: &[&str]) -> serde_json::Value {
    let m = write("manifests.yaml", MANIFESTS);
    let mut args = vec!["status", "-o", "json", m.to_str().unwrap()];
    args.extend_from_slice(extra);
    let out = gwapi(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

/// Finds the first value under `key` anywhere in `v`.
fn find<'a>(v: &'a serde_json::Value, key: &str) -> Option<&'a serde_json::Value> {
    match v {
        serde_json::Value::Object(m) => {
            m.get(key).or_else(|| m.values().find_map(|x| find(x, key)))
        }
        serde_json::Value::Array(a) => a.iter().find_map(|x| find(x, key)),
        _ => None,
    }
}

fn supported(v: &serde_json::Value) -> Vec<String> {
    find(v, "supportedFeatures")
        .and_then(|f| f.as_array())
        .expect("supportedFeatures")
        .iter()
        .map(|f| f["name"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn supported_features_are_written_sorted_and_follow_the_flags() {
    let all = supported(&status(&[]));
    assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
    assert!(all.contains(&"GatewayPort8080".to_owned()));
    assert!(!all.contains(&"Mesh".to_owned()));

    let changed = supported(&status(&[
        "--unsupported-feature",
        "GatewayPort8080",
        "--unsupported-feature",
        "HTTPRouteCORS",
        "--supported-feature",
        "Mesh",
    ]));
    assert!(!changed.contains(&"GatewayPort8080".to_owned()));
    assert!(!changed.contains(&"HTTPRouteCORS".to_owned()));
    assert!(changed.contains(&"Mesh".to_owned()));
    assert!(changed.windows(2).all(|w| w[0] < w[1]), "{changed:?}");

    // --unsupported-feature wins over --supported-feature.
    let both = supported(&status(&[
        "--supported-feature",
        "GatewayPort8080",
        "--unsupported-feature",
        "GatewayPort8080",
    ]));
    assert!(!both.contains(&"GatewayPort8080".to_owned()));
}

#[test]
fn unsupported_features_change_the_status_route_and_test_see() {
    let m = write("manifests.yaml", MANIFESTS);
    let m = m.to_str().unwrap();
    let tests = write("status-tests.yaml", STATUS_TESTS);
    let tests = tests.to_str().unwrap();

    // `test`: the listener on 8080 is refused only without GatewayPort8080.
    let out = gwapi(&["test", m, "--tests", tests]);
    assert_ne!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = gwapi(&[
        "test",
        m,
        "--unsupported-feature",
        "GatewayPort8080",
        "--tests",
        tests,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{} {}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // `route`: a request to port 8080 reaches the route only with GatewayPort8080.
    let route = |extra: &[&str]| {
        let mut args = vec!["route", "--gateway", "default/gw", "-o", "json"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&["http://example.com:8080/", m]);
        gwapi(&args)
    };
    let out = route(&[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("\"web\""),
        "{}",
        text(&out.stdout)
    );
    let out = route(&["--unsupported-feature", "GatewayPort8080"]);
    assert!(
        !text(&out.stdout).contains("\"web\""),
        "{} {}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn unknown_feature_names_are_rejected_with_the_list_on_every_subcommand() {
    let m = write("manifests.yaml", MANIFESTS);
    let m = m.to_str().unwrap();
    for (cmd, flag) in [
        ("status", "--unsupported-feature"),
        ("status", "--supported-feature"),
        ("test", "--unsupported-feature"),
        ("route", "--supported-feature"),
    ] {
        let mut args = vec![cmd, flag, "HTTPRouteTeleport"];
        if cmd == "route" {
            args.extend_from_slice(&["--gateway", "default/gw", "http://example.com/"]);
        }
        args.push(m);
        let out = gwapi(&args);
        assert_eq!(out.status.code(), Some(2), "{cmd} {flag}");
        let err = text(&out.stderr);
        assert!(
            err.contains("HTTPRouteTeleport")
                && err.contains("TLSRouteModeMixed")
                && err.contains("GatewayPort8080"),
            "{cmd} {flag}: {err}"
        );
    }
}

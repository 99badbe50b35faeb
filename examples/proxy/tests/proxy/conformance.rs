//! Every route test of `testdata/conformance` passes as real traffic, in process and through
//! the `gwapi-proxy test` command.

use std::path::{Path, PathBuf};
use std::process::Command;

use gateway_api_proxy::input::read_manifests;
use gateway_api_proxy::route_tests::{load_tests, run};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/conformance")
}

/// (manifests, routes file) of every conformance test with route tests.
fn cases() -> Vec<(Vec<String>, String)> {
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("index.json")).unwrap()).unwrap();
    let at = |p: &str| root().join(p).display().to_string();
    index["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| {
            let routes = t["routes"].as_str()?;
            let manifests = t["manifests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| at(m.as_str().unwrap()))
                .collect();
            Some((manifests, at(routes)))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_conformance_route_test_passes_as_real_traffic() {
    let (mut files, mut passed, mut report) = (0, 0, Vec::new());
    for (manifests, routes) in cases() {
        let read = read_manifests(&manifests).unwrap();
        assert!(read.errors.is_empty(), "{routes}: {:?}", read.errors);
        let tests = load_tests(&routes).unwrap();
        let (p, failures) = run(&read.documents, &tests).await;
        files += 1;
        passed += p;
        report.extend(failures.into_iter().map(|f| {
            format!(
                "{}: {}: expected {}, got {}",
                f.file, f.test, f.expected, f.actual
            )
        }));
    }
    eprintln!("{files} files, {passed} passed, {} failed", report.len());
    assert!(report.is_empty(), "{}", report.join("\n"));
    assert_eq!(files, 40);
    assert!(passed >= 250, "{passed}");
}

fn gwapi_proxy_test(manifests: &[String], tests: &str) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gwapi-proxy"))
        .arg("test")
        .args(manifests)
        .arg("--tests")
        .arg(tests)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn the_test_command_passes_every_conformance_file_and_exits_like_gwapi_test() {
    let mut total = 0;
    for (manifests, routes) in cases() {
        let (code, stdout) = gwapi_proxy_test(&manifests, &routes);
        let last = stdout.lines().last().unwrap_or_default().to_owned();
        assert_eq!(code, Some(0), "{routes}: {stdout}");
        let passed: usize = last.split(' ').next().unwrap().parse().unwrap();
        assert_eq!(last, format!("{passed} passed, 0 failed"), "{routes}");
        total += passed;
    }
    assert!(total >= 250, "{total}");
}

#[test]
fn a_failing_test_prints_a_line_and_exits_1_a_malformed_file_exits_2() {
    let dir = std::env::temp_dir().join(format!("gwapi-proxy-cmd-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (manifests, _) = cases()
        .into_iter()
        .find(|(_, r)| r.ends_with("httproute-simple-same-namespace.routes.yaml"))
        .unwrap();
    let wrong = dir.join("wrong.routes.yaml");
    std::fs::write(
        &wrong,
        "kind: RouteTests\ntests:\n- name: wrong backend\n  gateway: {namespace: gateway-conformance-infra, name: same-namespace}\n  request: {path: /}\n  expect:\n    backend: {namespace: gateway-conformance-infra, name: infra-backend-v2}\n",
    )
    .unwrap();
    let (code, stdout) = gwapi_proxy_test(&manifests, wrong.to_str().unwrap());
    assert_eq!(code, Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL ")
            && stdout.contains("wrong backend: expected backend gateway-conformance-infra/infra-backend-v2, got backend gateway-conformance-infra/infra-backend-v1"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().last(), Some("0 passed, 1 failed"));
    let malformed = dir.join("malformed.routes.yaml");
    std::fs::write(&malformed, "kind: RouteTests\ntests: 5\n").unwrap();
    let (code, _) = gwapi_proxy_test(&manifests, malformed.to_str().unwrap());
    assert_eq!(code, Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The CORS route tests (`testdata/cors`: preflights answered at the gateway, Access-Control-*
/// headers on forwarded answers) pass as real traffic too; a route test and status test stream.
#[test]
fn the_cors_route_tests_pass_as_real_traffic() {
    let cors = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/cors");
    let conformance = root();
    let manifests: Vec<String> = [
        conformance.join("manifests/base/manifests.yaml"),
        conformance.join("fixtures.yaml"),
        conformance.join("manifests/tests/httproute-cors.yaml"),
        cors.join("routes.yaml"),
    ]
    .iter()
    .map(|p| p.display().to_string())
    .collect();
    let (code, stdout) = gwapi_proxy_test(
        &manifests,
        &cors.join("cors.tests.yaml").display().to_string(),
    );
    assert_eq!(code, Some(0), "{stdout}");
    let last = stdout.lines().last().unwrap_or_default();
    assert!(last.ends_with(" passed, 0 failed"), "{stdout}");
}

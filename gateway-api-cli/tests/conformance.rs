//! Every conformance-derived test file (`testdata/conformance`, status and route tests) passes
//! through `gwapi test`, run as a user runs it, with the manifests `index.json` lists.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/conformance")
}

fn run_all(kind: &str) -> (usize, usize, usize) {
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("index.json")).unwrap()).unwrap();
    let (mut files, mut passed, mut failed) = (0, 0, 0);
    let mut report = Vec::new();
    for test in index["tests"].as_array().unwrap() {
        let Some(file) = test[kind].as_str() else {
            continue;
        };
        files += 1;
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gwapi"));
        cmd.current_dir(root()).arg("test");
        for m in test["manifests"].as_array().unwrap() {
            cmd.arg(m.as_str().unwrap());
        }
        // A suite run enables the features the implementation supports. Tests that need TLS
        // termination on TLSRoutes list `TLSRouteModeTerminate`; the one that checks the refusal
        // when it is unsupported does not: simulate a controller without it there.
        let features: Vec<&str> = test["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        if features.contains(&"TLSRoute") && !features.contains(&"TLSRouteModeTerminate") {
            cmd.args(["--unsupported-feature", "TLSRouteModeTerminate"]);
        }
        let out = cmd.arg("--tests").arg(file).output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let last = stdout.lines().last().unwrap_or_default();
        let counts: Vec<usize> = last
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        assert!(
            last.ends_with(" failed") && counts.len() == 2,
            "{file}: unexpected output {stdout:?} {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
        passed += counts[0];
        failed += counts[1];
        if !out.status.success() {
            report.push(format!("{file} (exit {:?}):\n{stdout}", out.status.code()));
        }
    }
    eprintln!("{kind}: {files} files, {passed} passed, {failed} failed");
    assert!(report.is_empty(), "{}", report.join("\n"));
    (files, passed, failed)
}

#[test]
fn conformance_route_tests_pass_through_gwapi_test() {
    let (files, passed, failed) = run_all("routes");
    assert_eq!((files, failed), (40, 0));
    assert!(passed >= 250);
}

#[test]
fn conformance_status_tests_pass_through_gwapi_test() {
    let (files, passed, failed) = run_all("status");
    assert_eq!((files, failed), (85, 0));
    assert!(passed >= 960);
}

#[test]
fn malformed_test_files_are_unusable_input() {
    let dir = std::env::temp_dir().join(format!("gwapi-malformed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tests = dir.join("bad.routes.yaml");
    std::fs::write(
        &tests,
        "kind: RouteTests\ntests:\n- name: a\n  gateway: {namespace: ns, name: g}\n  request: {path: /, colour: red}\n  expect: {status: 404}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .current_dir(root())
        .args(["test", "manifests/base/manifests.yaml", "--tests"])
        .arg(&tests)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.routes.yaml") && stderr.contains("colour"),
        "{stderr}"
    );
}

#[test]
fn a_missing_gateway_fails_the_test_rather_than_the_run() {
    let dir = std::env::temp_dir().join(format!("gwapi-missing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let tests = dir.join("missing.routes.yaml");
    std::fs::write(
        &tests,
        "kind: RouteTests\ntests:\n- name: nowhere\n  gateway: {namespace: ns, name: absent}\n  request: {path: /}\n  expect: {status: 404}\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .current_dir(root())
        .args([
            "test",
            "manifests/base/manifests.yaml",
            "fixtures.yaml",
            "--tests",
        ])
        .arg(&tests)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("nowhere") && stdout.trim_end().ends_with("0 passed, 1 failed"),
        "{stdout}"
    );
}

/// A temporary directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("gwapi-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn route_and_status_tests_share_one_stream() {
    // The two files of one conformance test, joined as the README shows them.
    let routes =
        std::fs::read_to_string(root().join("httproute-307-redirect.routes.yaml")).unwrap();
    let status =
        std::fs::read_to_string(root().join("httproute-307-redirect.status.yaml")).unwrap();
    let dir = TempDir::new("stream");
    let stream = dir.0.join("both.yaml");
    std::fs::write(&stream, format!("{routes}\n---\n{status}")).unwrap();
    let run = |tests: &Path| {
        Command::new(env!("CARGO_BIN_EXE_gwapi"))
            .current_dir(root())
            .args([
                "test",
                "manifests/base/manifests.yaml",
                "fixtures.yaml",
                "manifests/tests/httproute-307-redirect.yaml",
                "--tests",
            ])
            .arg(tests)
            .output()
            .unwrap()
    };
    let out = run(&stream);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let separate = |file: &str| -> usize {
        let out = run(&root().join(file));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        text.trim_end()
            .strip_suffix(" passed, 0 failed")
            .and_then(|n| n.rsplit('\n').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{file}: {text}"))
    };
    let total = separate("httproute-307-redirect.routes.yaml")
        + separate("httproute-307-redirect.status.yaml");
    assert!(total > 2);
    assert_eq!(stdout.trim_end(), format!("{total} passed, 0 failed"));

    // A malformed second document is reported with its index; nothing runs.
    std::fs::write(
        &stream,
        format!("{routes}\n---\nkind: StatusTests\ncontrollerName: c\ntests: [{{name: x}}]\n"),
    )
    .unwrap();
    let out = run(&stream);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("both.yaml (document 1): test \"x\": tests[0]: missing field `object`"),
        "{stderr}"
    );
}

/// The manifests of `testdata/cors` (relative to `testdata/conformance`).
const CORS_MANIFESTS: [&str; 4] = [
    "manifests/base/manifests.yaml",
    "fixtures.yaml",
    "manifests/tests/httproute-cors.yaml",
    "../cors/routes.yaml",
];

#[test]
fn the_cors_stream_passes_through_gwapi_test() {
    let out = Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .current_dir(root())
        .arg("test")
        .args(CORS_MANIFESTS)
        .args(["--tests", "../cors/cors.tests.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(stdout.trim_end(), "24 passed, 0 failed");
}

/// `gwapi route` on the conformance CORS route (`/cors-1`: two origins, methods GET and
/// OPTIONS, credentials, maxAge 3600), with the given method and headers; text and JSON.
fn route_cors(method: &str, headers: &[&str]) -> (String, Value) {
    let run = |json: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_gwapi"));
        cmd.current_dir(root()).args([
            "route",
            "--gateway",
            "gateway-conformance-infra/same-namespace",
            "-X",
            method,
        ]);
        for h in headers {
            cmd.args(["-H", h]);
        }
        if json {
            cmd.args(["-o", "json"]);
        }
        let out = cmd
            .arg("http://www.example.com/cors-1")
            .args(CORS_MANIFESTS)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    (run(false), serde_json::from_str(&run(true)).unwrap())
}

#[test]
fn gwapi_route_shows_the_gateways_preflight_answer() {
    let (text, json) = route_cors(
        "OPTIONS",
        &[
            "Origin: https://www.foo.com",
            "Access-Control-Request-Method: GET",
        ],
    );
    assert!(
        text.contains("outcome: CORS preflight answered by the gateway: 200\n")
            && text.contains("  Access-Control-Allow-Origin: https://www.foo.com\n")
            && text.contains("  Access-Control-Allow-Methods: GET,OPTIONS\n")
            && text.contains("  Access-Control-Allow-Credentials: true\n")
            && text.contains("  Access-Control-Max-Age: 3600\n")
            && !text.contains("backend "),
        "{text}"
    );
    let preflight = &json["outcome"]["preflight"];
    assert_eq!(preflight["status"], 200);
    assert!(
        preflight["headers"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"name": "Access-Control-Max-Age", "value": "3600"})),
        "{json}"
    );

    // Another origin: still answered at the gateway, without CORS headers.
    let (text, json) = route_cors(
        "OPTIONS",
        &[
            "Origin: https://www.foo.com:8443",
            "Access-Control-Request-Method: GET",
        ],
    );
    assert!(
        text.contains(
            "outcome: CORS preflight answered by the gateway: 200 (origin not allowed: no CORS headers)"
        ) && !text.contains("Access-Control"),
        "{text}"
    );
    assert_eq!(
        json["outcome"]["preflight"]["headers"],
        serde_json::json!([])
    );
}

#[test]
fn gwapi_route_shows_the_cors_headers_of_an_actual_request() {
    let (text, json) = route_cors("GET", &["Origin: https://api.bar.com"]);
    assert!(
        text.contains("outcome: forward")
            && text.contains("CORS response headers:\n")
            && text.contains("  Access-Control-Allow-Origin: https://api.bar.com\n")
            && text.contains("  Access-Control-Expose-Headers: x-header-3,x-header-4\n")
            && !text.contains("Access-Control-Max-Age"),
        "{text}"
    );
    assert!(json["outcome"]["backends"].is_array());
    assert!(json["outcome"]["corsResponseHeaders"].is_array(), "{json}");

    // A disallowed origin, or no Origin at all: forwarded, no CORS headers.
    for headers in [&["Origin: https://evil.example"][..], &[]] {
        let (text, json) = route_cors("GET", headers);
        assert!(
            text.contains("outcome: forward") && !text.contains("CORS"),
            "{text}"
        );
        assert!(json["outcome"].get("corsResponseHeaders").is_none());
    }
}

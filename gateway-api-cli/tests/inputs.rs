//! Inputs that must not break `gwapi`: arguments, directories, closed pipes, empty, big, hostile
//! and subtly written manifests. Each test runs the binary as a user does.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/manifests/seed/gateway.yaml")
}

fn gwapi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .args(args)
        .output()
        .expect("gwapi runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh directory under the target directory, removed first if a previous run left it.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// The objects `gwapi parse -o json` lists, as (file, kind/name) pairs.
fn parsed(args: &[&str]) -> (Option<i32>, Vec<(String, String)>, serde_json::Value) {
    let mut all = vec!["parse", "-o", "json"];
    all.extend_from_slice(args);
    let out = gwapi(&all);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", text(&out.stdout), text(&out.stderr)));
    let objects = doc["objects"]
        .as_array()
        .expect("objects")
        .iter()
        .map(|o| {
            (
                o["file"].as_str().unwrap_or_default().to_owned(),
                format!(
                    "{}/{}",
                    o["kind"].as_str().unwrap_or_default(),
                    o["name"].as_str().unwrap_or_default()
                ),
            )
        })
        .collect();
    (out.status.code(), objects, doc)
}

const SERVICE: &str = "apiVersion: v1\nkind: Service\nmetadata: {name: NAME, namespace: default}\n";

#[test]
fn a_malformed_url_is_a_usage_error() {
    for url in [
        "http://[::1",
        "http://exa mple.com/",
        "http://example.com:99999/",
        "example.com/x",
    ] {
        let out = gwapi(&[
            "route",
            "--gateway",
            "default/example-gateway",
            url,
            p(&seed()),
        ]);
        assert_eq!(out.status.code(), Some(2), "{url}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("URL"),
            "{url}: {}",
            text(&out.stderr)
        );
        assert!(
            !text(&out.stderr).contains("panicked"),
            "{}",
            text(&out.stderr)
        );
    }
    // A well-formed one with user information, a port and a query still routes.
    let out = gwapi(&[
        "route",
        "--gateway",
        "default/example-gateway",
        "http://u@example.com:80/app?x=1",
        p(&seed()),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("route: default/example-route"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn controller_flags_are_checked_by_the_parser() {
    let out = gwapi(&[
        "status",
        "--unsupported-feature",
        "HTTPRouteTeleport",
        p(&seed()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("HTTPRouteTeleport") && err.contains("TLSRouteModeTerminate"),
        "{err}"
    );

    let out = gwapi(&["status", "--now", "yesterday", p(&seed())]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("RFC 3339"),
        "{}",
        text(&out.stderr)
    );

    let out = gwapi(&["status", "--now", "2024-05-01T10:00:00Z", p(&seed())]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("2024-05-01T10:00:00Z"),
        "{}",
        text(&out.stdout)
    );
}

#[cfg(unix)]
#[test]
fn directory_walks_end_on_symlink_loops_and_read_each_file_once() {
    use std::os::unix::fs::symlink;
    let dir = scratch("walk-loops");
    std::fs::write(dir.join("a.yaml"), SERVICE.replace("NAME", "a")).unwrap();
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::fs::write(dir.join("sub/b.yml"), SERVICE.replace("NAME", "b")).unwrap();
    // Two links back to the directory itself, one to a subdirectory, one to a file.
    symlink(".", dir.join("self1")).unwrap();
    symlink(".", dir.join("self2")).unwrap();
    symlink("..", dir.join("sub/up")).unwrap();
    symlink("a.yaml", dir.join("also-a.yaml")).unwrap();
    let (code, objects, _) = parsed(&[p(&dir)]);
    assert_eq!(code, Some(0));
    let names: Vec<&str> = objects.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["Service/a", "Service/b"], "{objects:?}");
}

#[cfg(unix)]
#[test]
fn a_configmap_volume_is_read_once_per_object() {
    use std::os::unix::fs::symlink;
    // The layout the kubelet's atomic writer makes: the files live in a timestamped directory,
    // `..data` links to it, and each visible name links through `..data`.
    let dir = scratch("configmap-volume");
    let stamp = dir.join("..2024_05_01_10_00_00.123456789");
    std::fs::create_dir(&stamp).unwrap();
    std::fs::write(stamp.join("routes.yaml"), SERVICE.replace("NAME", "r")).unwrap();
    std::fs::write(
        stamp.join("more.json"),
        r#"{"apiVersion":"v1","kind":"Service","metadata":{"name":"m","namespace":"default"}}"#,
    )
    .unwrap();
    symlink("..2024_05_01_10_00_00.123456789", dir.join("..data")).unwrap();
    symlink("..data/routes.yaml", dir.join("routes.yaml")).unwrap();
    symlink("..data/more.json", dir.join("more.json")).unwrap();
    let (code, objects, _) = parsed(&[p(&dir)]);
    assert_eq!(code, Some(0));
    let files: Vec<String> = objects
        .iter()
        .map(|(f, n)| {
            format!(
                "{}:{n}",
                Path::new(f).file_name().unwrap().to_string_lossy()
            )
        })
        .collect();
    assert_eq!(files, ["more.json:Service/m", "routes.yaml:Service/r"]);
}

/// Runs gwapi with standard output a pipe whose reading end is already closed.
#[cfg(unix)]
fn closed_stdout(args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Command::new(env!("CARGO_BIN_EXE_gwapi"))
        .args(args)
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("gwapi runs")
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_every_subcommand_alike() {
    let dir = scratch("closed-pipe");
    let tests = dir.join("tests.yaml");
    std::fs::write(
        &tests,
        "kind: StatusTests\ncontrollerName: gateway-controller.kubernetes.io/istio\ntests:\n\
         - name: route accepted\n  object: {kind: HTTPRoute, namespace: default, name: example-route}\n  \
         parent: {namespace: default, name: example-gateway}\n  condition: {type: Accepted, status: 'True'}\n",
    )
    .unwrap();
    let seed = seed();
    let runs: [Vec<&str>; 7] = [
        vec!["crds"],
        vec!["parse", p(&seed)],
        vec!["validate", p(&seed)],
        vec!["status", p(&seed)],
        vec![
            "route",
            "--gateway",
            "default/example-gateway",
            "http://example.com/app",
            p(&seed),
        ],
        vec![
            "route",
            "-o",
            "json",
            "--gateway",
            "default/example-gateway",
            "http://example.com/app",
            p(&seed),
        ],
        vec!["test", p(&seed), "--tests", p(&tests)],
    ];
    for args in runs {
        let out = closed_stdout(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

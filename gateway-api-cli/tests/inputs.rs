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

/// A StatusTests file for the seed: its route is accepted.
fn status_tests(dir: &Path) -> PathBuf {
    let tests = dir.join("tests.yaml");
    std::fs::write(
        &tests,
        "kind: StatusTests\ncontrollerName: gateway-controller.kubernetes.io/istio\ntests:\n\
         - name: route accepted\n  object: {kind: HTTPRoute, namespace: default, name: example-route}\n  \
         parent: {namespace: default, name: example-gateway}\n  condition: {type: Accepted, status: 'True'}\n",
    )
    .unwrap();
    tests
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
    let tests = status_tests(&dir);
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

fn route_doc(i: usize) -> String {
    format!(
        "- apiVersion: gateway.networking.k8s.io/v1\n  kind: HTTPRoute\n  metadata: {{name: r{i}, namespace: default, labels: {{app: web, tier: t{i}}}}}\n  spec:\n    parentRefs: [{{name: example-gateway}}]\n    hostnames: [a{i}.example.com, b{i}.example.com]\n    rules:\n    - matches: [{{path: {{type: PathPrefix, value: /p{i}}}, headers: [{{name: x, value: z}}]}}]\n      backendRefs: [{{name: svc, port: 8080, weight: 1}}]\n    - matches: [{{path: {{type: Exact, value: /q{i}}}, method: GET}}]\n      backendRefs: [{{name: svc, port: 8080}}]\n"
    )
}

#[test]
fn big_input_has_no_document_or_node_ceiling() {
    let dir = scratch("big");
    // A List of 7,000 routes: about 60 YAML nodes each, 420,000 in all.
    let mut list = String::from("apiVersion: v1\nkind: List\nitems:\n");
    for i in 0..7_000 {
        list.push_str(&route_doc(i));
    }
    std::fs::write(dir.join("list.yaml"), &list).unwrap();
    // 2,000 documents in one stream.
    let stream: String = (0..2_000)
        .map(|i| format!("---\n{}", SERVICE.replace("NAME", &format!("s{i}"))))
        .collect();
    std::fs::write(dir.join("stream.yaml"), &stream).unwrap();
    let (code, objects, doc) = parsed(&[p(&dir.join("list.yaml")), p(&dir.join("stream.yaml"))]);
    assert_eq!(code, Some(0), "{}", doc["errors"]);
    assert_eq!(objects.len(), 9_000);
    assert_eq!(objects[6_999].1, "HTTPRoute/r6999");
    assert_eq!(objects[8_999].1, "Service/s1999");
}

#[test]
fn hostile_nesting_and_aliases_are_refused_naming_the_flag() {
    let dir = scratch("hostile");
    let deep = format!(
        "apiVersion: v1\nkind: Service\nmetadata: {{name: deep, namespace: default}}\nspec: {}1{}\n",
        "{a: ".repeat(200),
        "}".repeat(200)
    );
    std::fs::write(dir.join("deep.yaml"), &deep).unwrap();
    let out = gwapi(&["parse", p(&dir.join("deep.yaml"))]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("nested deeper than 128 levels") && err.contains("--max-depth"),
        "{err}"
    );
    // Raising the limit reads it (the nesting is an unknown field of the Service).
    let out = gwapi(&["parse", "--max-depth", "300", p(&dir.join("deep.yaml"))]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));

    // A "billion laughs": nine levels of ten aliases each would be 10^9 nodes.
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..10 {
        let p = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    std::fs::write(dir.join("bomb.yaml"), &bomb).unwrap();
    for cmd in ["parse", "validate"] {
        let out = gwapi(&[cmd, p(&dir.join("bomb.yaml"))]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let all = text(&out.stderr) + &text(&out.stdout);
        assert!(all.contains("--max-alias-nodes-per-byte"), "{cmd}: {all}");
    }
}

#[test]
fn errors_name_their_document_and_the_others_are_still_read() {
    let dir = scratch("documents");
    let file = dir.join("mixed.yaml");
    let text_in = [
        SERVICE.replace("NAME", "zero"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: one\n".to_owned(),
        SERVICE.replace("NAME", "two"),
        "apiVersion: v1\nkind: Service\nmetadata: {name: three, namespace: default}\nspec: {ports: [{port: many}]}\n"
            .to_owned(),
        "apiVersion: v1\nkind: Service\nmetadata: {name: four, namespace: default}\nmetadata: {}\n".to_owned(),
        SERVICE.replace("NAME", "five"),
    ]
    .join("---\n");
    std::fs::write(&file, text_in).unwrap();
    let (code, objects, doc) = parsed(&[p(&file)]);
    assert_eq!(code, Some(2));
    let names: Vec<&str> = objects.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["Service/zero", "Service/two", "Service/five"]);
    let errors = doc["errors"].as_array().unwrap();
    let indexes: Vec<u64> = errors
        .iter()
        .map(|e| e["document"].as_u64().unwrap())
        .collect();
    assert_eq!(indexes, [1, 3, 4], "{errors:?}");
    for e in errors {
        let m = e["message"].as_str().unwrap();
        for internal in [
            "DuplicateKeyPolicy",
            "from_str_multiple",
            "Options",
            "serde",
        ] {
            assert!(!m.contains(internal), "{m}");
        }
    }
    assert!(
        errors[2]["message"]
            .as_str()
            .unwrap()
            .contains("duplicate key \"metadata\"")
    );

    // validate numbers them the same way and validates the readable ones.
    let out = gwapi(&["validate", p(&file)]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(stdout.contains("mixed.yaml document 1: line "), "{stdout}");
    assert!(stdout.contains("mixed.yaml document 4: line "), "{stdout}");
    assert!(
        stdout.contains("skipped   Service default/five"),
        "{stdout}"
    );
}

#[test]
fn the_snippet_points_at_the_column_the_message_names() {
    let dir = scratch("snippet");
    let file = dir.join("bad.yaml");
    std::fs::write(
        &file,
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  labels: {a: [b}\n",
    )
    .unwrap();
    let out = gwapi(&["parse", p(&file)]);
    let err = text(&out.stderr);
    let (line, column) = {
        let at = err.find("line ").expect("a position");
        let mut nums = err[at..]
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<usize>().unwrap());
        (nums.next().unwrap(), nums.next().unwrap())
    };
    let lines: Vec<&str> = err.lines().collect();
    let src = lines
        .iter()
        .position(|l| l.starts_with(&format!("{line} | ")))
        .expect("snippet");
    let caret = lines[src + 1].find('^').expect("caret");
    let gutter = format!("{line} | ").len();
    assert_eq!(caret - gutter + 1, column, "{err}");
    let source_line = "  labels: {a: [b}";
    assert_eq!(&lines[src][gutter..], source_line);
}

#[test]
fn long_values_are_shortened_in_errors() {
    let dir = scratch("long");
    let file = dir.join("long.yaml");
    let long = "a".repeat(5_000);
    std::fs::write(
        &file,
        format!("apiVersion: v1\nkind: Service\nmetadata: {{name: x, namespace: default}}\nspec: {{ports: [{{port: \"{long}\"}}]}}\n"),
    )
    .unwrap();
    let out = gwapi(&["parse", p(&file)]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("more characters"), "{err}");
    assert!(err.len() < 400, "{}", err.len());
}

#[test]
fn yaml_1_1_numbers_mean_the_same_in_every_command() {
    let dir = scratch("yaml11");
    let seed = std::fs::read_to_string(seed()).unwrap();
    assert!(seed.contains("    port: 80\n"));
    let octal = dir.join("octal.yaml");
    // 0120 is octal 80 as go-yaml v2 reads it, 0x50 hex 80.
    std::fs::write(&octal, seed.replace("    port: 80\n", "    port: 0120\n")).unwrap();
    let hex = dir.join("hex.yaml");
    std::fs::write(&hex, seed.replace("    port: 80\n", "    port: 0x50\n")).unwrap();
    let tests = status_tests(&dir);
    for file in [&octal, &hex] {
        let out = gwapi(&["validate", p(file)]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
        let out = gwapi(&["status", "-o", "json", p(file)]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let out = gwapi(&[
            "route",
            "--gateway",
            "default/example-gateway",
            "http://example.com/app",
            p(file),
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout).contains("(port 80,"),
            "{}",
            text(&out.stdout)
        );
        let out = gwapi(&["test", p(file), "--tests", p(&tests)]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    }
    // And `010` is 8, not 10: the listener is on port 8.
    let eight = dir.join("eight.yaml");
    std::fs::write(&eight, seed.replace("    port: 80\n", "    port: 010\n")).unwrap();
    let out = gwapi(&[
        "route",
        "--gateway",
        "default/example-gateway",
        "http://example.com:8/app",
        p(&eight),
    ]);
    assert!(
        text(&out.stdout).contains("(port 8,"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn empty_input_says_no_objects_were_found() {
    let dir = scratch("empty");
    let empty = dir.join("empty.yaml");
    std::fs::write(&empty, "").unwrap();
    let blank = dir.join("blank.yaml");
    std::fs::write(&blank, "# nothing\n---\n---\n").unwrap();
    for file in [&empty, &blank] {
        for cmd in ["parse", "validate", "status"] {
            let out = gwapi(&[cmd, p(file)]);
            assert_eq!(out.status.code(), Some(2), "{cmd}");
            assert!(
                text(&out.stderr).contains("no objects found"),
                "{cmd}: {}",
                text(&out.stderr)
            );
        }
    }
}

#[test]
fn json_input_is_read_as_json() {
    let dir = scratch("json");
    let list = dir.join("list.json");
    std::fs::write(
        &list,
        r#"{"apiVersion":"v1","kind":"List","items":[
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"a","namespace":"default"}},
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"b","namespace":"default"}}]}"#,
    )
    .unwrap();
    let (code, objects, _) = parsed(&[p(&list)]);
    assert_eq!(code, Some(0));
    assert_eq!(objects.len(), 2);
    // Duplicate keys are refused in JSON too, with the line and column.
    let dup = dir.join("dup.json");
    std::fs::write(
        &dup,
        "{\"apiVersion\": \"v1\", \"kind\": \"Service\",\n \"kind\": \"Service\"}",
    )
    .unwrap();
    let out = gwapi(&["parse", p(&dup)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("line 2 column 2: not valid YAML: duplicate key \"kind\""),
        "{}",
        text(&out.stderr)
    );
}

/// Issue 12: "one bad regex never breaks routing for other rules or routes" (`gwapi route` and
/// `gwapi test` exited 2 for every request on the listener); the rule is dropped and reported
/// with `PartiallyInvalid`, and its 10 KB pattern is shortened wherever it is quoted.
#[test]
fn a_rule_with_a_bad_regex_is_dropped_and_the_others_still_route() {
    let dir = scratch("bad-regex");
    let seed = std::fs::read_to_string(seed()).unwrap();
    let long = format!("/{}(", "x".repeat(10_000));
    let file = dir.join("bad.yaml");
    let bad_rule = format!(
        "  rules:\n  - matches:\n    - path:\n        type: RegularExpression\n        value: \"{long}\"\n    backendRefs:\n    - name: my-application\n      port: 8080\n  - matches:"
    );
    assert!(seed.contains("  rules:\n  - matches:"));
    std::fs::write(&file, seed.replace("  rules:\n  - matches:", &bad_rule)).unwrap();

    let out = gwapi(&[
        "route",
        "--gateway",
        "default/example-gateway",
        "http://example.com/app",
        p(&file),
    ]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The rule is named by its index as written: the dropped rule 0 comes first.
    assert!(
        stdout.contains("route: default/example-route rule 1 match 0"),
        "{stdout}"
    );

    let tests = dir.join("tests.yaml");
    std::fs::write(
        &tests,
        "kind: StatusTests\ncontrollerName: gateway-controller.kubernetes.io/istio\ntests:\n\
         - name: route accepted\n  object: {kind: HTTPRoute, namespace: default, name: example-route}\n  \
         parent: {namespace: default, name: example-gateway}\n  condition: {type: Accepted, status: 'True'}\n\
         - name: rule 0 dropped\n  object: {kind: HTTPRoute, namespace: default, name: example-route}\n  \
         parent: {namespace: default, name: example-gateway}\n  condition: {type: PartiallyInvalid, status: 'True', reason: UnsupportedValue}\n",
    )
    .unwrap();
    let out = gwapi(&["test", p(&file), "--tests", p(&tests)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));

    let out = gwapi(&["status", "-o", "json", p(&file)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let status = text(&out.stdout);
    assert!(
        status.contains("Dropped Rule 0: path regular expression"),
        "{status}"
    );
    assert!(status.contains("(10002 bytes)"), "{status}");
    assert!(status.len() < 10_000, "the pattern is not copied whole");

    // The lint warns once, quoting the pattern shortened; the API server's own error for the
    // over-long value does not echo it either.
    let out = gwapi(&["validate", "--lint", p(&file)]);
    let report = text(&out.stdout);
    assert!(
        report.contains("RegexSyntax") || report.contains("not a valid regular expression"),
        "{report}"
    );
    assert!(report.contains("(10002 bytes)"), "{report}");
    assert!(!report.contains(&"x".repeat(100)), "{report}");
}

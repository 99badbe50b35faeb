//! Every directory of `examples/scenarios` passes `gwapi test`, run as its README says: the
//! manifests, then the route and status tests the directory has.

use std::path::{Path, PathBuf};
use std::process::Command;

fn scenarios() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/scenarios");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_scenario_passes_gwapi_test() {
    let dirs = scenarios();
    assert!(
        dirs.len() >= 4,
        "expected at least four scenarios, found {dirs:?}"
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        assert!(
            dir.join("README.md").is_file(),
            "{}: no README.md",
            dir.display()
        );
        let tests: Vec<&str> = ["routes.yaml", "status.yaml"]
            .into_iter()
            .filter(|f| dir.join(f).is_file())
            .collect();
        assert!(
            !tests.is_empty(),
            "{}: no routes.yaml or status.yaml",
            dir.display()
        );
        let out = Command::new(env!("CARGO_BIN_EXE_gwapi"))
            .current_dir(dir)
            .args(["test", "manifests.yaml", "--tests"])
            .args(&tests)
            .output()
            .expect("gwapi runs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let last = stdout.lines().last().unwrap_or_default();
        let passed: usize = last
            .split_once(" passed")
            .and_then(|(n, _)| n.rsplit(' ').next()?.parse().ok())
            .unwrap_or(0);
        if !out.status.success() || !last.ends_with(" 0 failed") || passed == 0 {
            failures.push(format!(
                "{} (exit {:?}):\n{stdout}{}",
                dir.display(),
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

//! Replays every input kept in `tests/fuzz/` through the fuzz scenario of
//! `fuzz/fuzz_targets/validate.rs`, on stable: minimized crash inputs (`crash-*`) so that fixed
//! bugs stay fixed, and a few corpus seeds (`seed-*`). A panic is the failure.

#[path = "fuzz/scenario.rs"]
mod scenario;

#[test]
fn replay_fuzz_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_none_or(|e| e != "rs"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no inputs in {}", dir.display());
    for path in names {
        let data = std::fs::read(&path).expect("readable input");
        eprintln!("replaying {}", path.display());
        scenario::run(&data);
    }
}

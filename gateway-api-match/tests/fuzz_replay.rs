//! Replays every input kept in `tests/fuzz/` through the fuzz scenario, on stable: minimized
//! crash inputs (`crash-*`) so fixed bugs stay fixed, and a few corpus seeds (`seed-*`).

#[path = "fuzz/scenario.rs"]
mod scenario;

#[test]
fn replay_fuzz_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/fuzz exists") {
        let path = entry.expect("readable entry").path();
        if path.extension().is_some_and(|e| e == "rs") {
            continue;
        }
        let data = std::fs::read(&path).expect("readable input");
        // Decoding may run out of bytes (an `Err`); a panic is the failure.
        let _ = scenario::run(&data);
        replayed += 1;
    }
    assert!(replayed > 0, "no inputs in {}", dir.display());
}

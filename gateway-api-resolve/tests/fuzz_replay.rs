//! Runs the fuzz scenario of `fuzz/fuzz_targets/resolve.rs` on stable: every input kept in
//! `tests/fuzz/` (minimized crash inputs, `crash-*`, so fixed bugs stay fixed; and seeds), then
//! a few thousand pseudo-random inputs. A panic, or a broken invariant the scenario asserts, is
//! the failure.

#[path = "fuzz/scenario.rs"]
mod scenario;

#[test]
fn replay_kept_inputs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fuzz exists")
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.extension().is_none_or(|e| e != "rs"))
        .collect();
    names.sort();
    for path in names {
        let data = std::fs::read(&path).expect("readable input");
        eprintln!("replaying {}", path.display());
        scenario::run(&data);
    }
}

#[test]
fn pseudo_random_inputs() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut objects = 0;
    for _ in 0..3_000 {
        let data: Vec<u8> = (0..256)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[3]
            })
            .collect();
        objects += scenario::run(&data);
    }
    // The generator must actually reach the resolver with objects of every kind.
    assert!(objects > 30_000, "only {objects} objects decoded");
}

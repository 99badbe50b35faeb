//! cargo-fuzz target: see `gateway-api-validate/tests/fuzz_replay.rs`, which replays the crash
//! inputs kept in `gateway-api-validate/tests/fuzz/` through the same code on stable.
#![no_main]

#[path = "../../gateway-api-validate/tests/fuzz/scenario.rs"]
mod scenario;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    scenario::run(data);
});

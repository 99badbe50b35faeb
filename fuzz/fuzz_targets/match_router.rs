//! cargo-fuzz target: see `gateway-api-match/tests/fuzz/scenario.rs` for what it does.
#![no_main]

#[path = "../../gateway-api-match/tests/fuzz/scenario.rs"]
mod scenario;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = scenario::run(data);
});

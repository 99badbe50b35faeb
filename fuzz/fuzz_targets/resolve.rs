//! cargo-fuzz target: see `gateway-api-resolve/tests/fuzz/scenario.rs` for what it does and
//! which invariants it asserts.
#![no_main]

#[path = "../../gateway-api-resolve/tests/fuzz/scenario.rs"]
mod scenario;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = scenario::run(data);
});

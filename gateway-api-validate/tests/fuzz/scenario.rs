//! The fuzz scenario shared by `fuzz/fuzz_targets/validate.rs` (cargo-fuzz) and
//! `tests/fuzz_replay.rs` (stable): arbitrary bytes through the parser and the validators, which
//! must never panic, whatever they make of the input.

use std::sync::OnceLock;

use gateway_api_validate::{Channel, Validator};
use serde_json::Value;

/// Both channels, each pruning quietly and rejecting unknown fields with the lint checks on:
/// between them every pass of the validator runs.
fn validators() -> &'static [Validator] {
    static VALIDATORS: OnceLock<Vec<Validator>> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        [Channel::Standard, Channel::Experimental]
            .into_iter()
            .flat_map(|c| [Validator::new(c), Validator::new(c).strict(true).lint(true)])
            .collect()
    })
}

/// Runs one input; returns how many documents reached the validators.
pub(crate) fn run(data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    let _ = gateway_api_types::parse("fuzz.yaml", &text);

    let mut docs: Vec<Value> = serde_saphyr::from_multiple(&text).unwrap_or_default();
    if let Ok(json) = serde_json::from_slice::<Value>(data) {
        docs.push(json);
    }
    for (i, validator) in validators().iter().enumerate() {
        for doc in &docs {
            let outcome = validator.validate(doc);
            // The validator reads objects through their schema instead of pruning and
            // defaulting a copy; the copy it builds on request must get the same errors
            // (checked with the pruning validators: the strict ones also report the unknown
            // fields the copy no longer has).
            if let Some(stored) = validator.defaulted(doc)
                && i % 2 == 0
            {
                let again = validator.validate(&stored);
                assert_eq!(
                    outcome.errors, again.errors,
                    "errors differ between the object and its defaulted copy"
                );
            }
        }
        // Consecutive documents as the old and new object of an update (transition rules).
        for pair in docs.windows(2) {
            let _ = validator.validate_update(&pair[0], &pair[1]);
        }
    }
    docs.len()
}

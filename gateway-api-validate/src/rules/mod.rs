//! Native implementations of every `x-kubernetes-validations` rule of the Gateway API v1.6.1
//! CRDs (both channels), keyed by the rule's exact CEL text.
//!
//! Contract with the CEL pass: compiling a schema node carrying `x-kubernetes-validations` looks
//! up each rule's `rule` text in [`NATIVES`]; the CEL pass calls the
//! native check with the node's value (after defaulting) and, for updates, the old value at the
//! same path (`None` on create, or when the old object has no value there: CEL transition rules
//! are then skipped, as the API server skips them). `Ok(true)` means the rule holds. The pass
//! turns `Ok(false)` into a field error using the rule's `message`, `fieldPath` and `reason` from
//! the schema, and an evaluation error into the API server's `... evaluating rule: ...` error.
//!
//! Each rule is written by hand over `serde_json::Value` with the CEL semantics the API server
//! applies (see [`cel`]): absent fields raise `no such key` unless guarded by `has()`, `&&`/`||`
//! and the `all`/`exists` macros absorb errors the way cel-go does, `size()` counts code points,
//! `matches()` is an RE2 search. A rule whose evaluation would raise an error makes the API
//! server reject the object (with an `Invalid` "... evaluating rule" error instead of the rule's
//! message), so the check returns that error as `Err`.
//!
//! The texts are `gateway_api_types::rules`, the same constants the CRDs are generated from;
//! `tests.rs` checks every rule against the CEL text it stands for.

use std::collections::HashMap;
use std::sync::OnceLock;

/// Defines one table entry: the rule's text and its tri-state evaluation.
macro_rules! rule {
    ($text:expr => $eval:path) => {
        Rule {
            text: $text,
            eval: $eval,
        }
    };
}

/// A regex compiled once, as `Eval<&Regex>` (a pattern that failed to compile would be a CEL
/// evaluation error; the patterns are constants and a unit test compiles them all).
macro_rules! regex {
    ($re:expr) => {{
        static RE: ::std::sync::OnceLock<Option<::regex::Regex>> = ::std::sync::OnceLock::new();
        RE.get_or_init(|| ::regex::Regex::new($re).ok())
            .as_ref()
            .ok_or(EvalError::BadRegex)
    }};
}

/// `a && b && ...` with CEL's error absorption (see [`cel::and`]).
macro_rules! all_of {
    ($a:expr $(, $b:expr)+ $(,)?) => {{
        let r = $a;
        $( let r = and(r, || $b); )+
        r
    }};
}

/// `a || b || ...` with CEL's error absorption (see [`cel::or`]).
macro_rules! any_of {
    ($a:expr $(, $b:expr)+ $(,)?) => {{
        let r = $a;
        $( let r = or(r, || $b); )+
        r
    }};
}

pub(crate) mod cel;
mod filters;
mod gateways;
mod goparse;
mod policies;
pub(crate) mod proofs;
mod refs;
mod routes;
#[cfg(test)]
mod tests;

use crate::schema::{NativeId, Natives, ProofId};
pub(crate) use cel::{EvalRule, Rule};

/// Every native rule, in no particular order; each text appears once.
pub(crate) fn all_rules() -> impl Iterator<Item = &'static Rule> {
    [
        refs::RULES,
        gateways::RULES,
        routes::RULES,
        filters::RULES,
        policies::RULES,
    ]
    .into_iter()
    .flatten()
}

/// Every native rule by position, and each rule text's position.
struct Table {
    rules: Vec<&'static Rule>,
    by_text: HashMap<&'static str, u16>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let rules: Vec<&'static Rule> = all_rules().collect();
        let by_text = rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((r.text, u16::try_from(i).ok()?)))
            .collect();
        Table { rules, by_text }
    })
}

/// The native implementation of a CEL rule, by the rule's exact text. The check tells an
/// evaluation error (which the API server reports as `Invalid: <error> evaluating rule:
/// <message>`) apart from a violated rule.
#[cfg(test)]
pub(crate) fn lookup_eval(rule: &str) -> Option<EvalRule> {
    let id = NATIVES.rule(rule)?;
    native(id)
}

/// The check a compiled schema's rule names ([`Natives::rule`] gave the id).
#[inline]
pub(crate) fn native(id: NativeId) -> Option<EvalRule> {
    table().rules.get(usize::from(id.0)).map(|r| r.eval)
}

/// The proof a compiled schema's node names ([`Natives::proof`] gave the id).
#[inline]
pub(crate) fn proof(id: ProofId) -> Option<&'static proofs::Proof> {
    proofs::PROOFS.get(usize::from(id.0))
}

/// The native rules and proofs, as schema compilation finds them.
pub(crate) struct NativeTable;

/// The table the validator compiles its schemas with.
pub(crate) static NATIVES: NativeTable = NativeTable;

impl Natives for NativeTable {
    fn rule(&self, text: &str) -> Option<NativeId> {
        table().by_text.get(text).copied().map(NativeId)
    }

    /// The first proof that covers all of a node's create-time rules; `None` for a node without
    /// such rules, or when no proof covers them.
    fn proof(&self, own: &[&str]) -> Option<ProofId> {
        // A node without rules needs no proof.
        if own.is_empty() {
            return None;
        }
        proofs::PROOFS
            .iter()
            .position(|p| own.iter().all(|t| p.covers.contains(t)))
            .and_then(|i| u16::try_from(i).ok())
            .map(ProofId)
    }
}

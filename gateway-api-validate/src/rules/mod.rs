//! Native implementations of every `x-kubernetes-validations` rule of the Gateway API v1.6.1
//! CRDs (both channels), keyed by the rule's exact CEL text.
//!
//! Contract with the schema walker: when the walker meets a schema node carrying
//! `x-kubernetes-validations`, it looks up each rule's `rule` text with [`lookup_eval`] and calls the
//! native check with the node's value (after defaulting) and, for updates, the old value at the
//! same path (`None` on create, or when the old object has no value there: CEL transition rules
//! are then skipped, as the API server skips them). `Ok(true)` means the rule holds. The walker
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

use cel::{Eval, V};

/// A native rule with CEL's three outcomes: holds, violated, or an evaluation error.
pub(crate) type EvalRule = fn(V<'_>, Option<V<'_>>) -> Eval<bool>;

/// One rule of the table: its exact CEL text and its check.
#[derive(Clone, Copy)]
pub(crate) struct Rule {
    /// The rule's CEL text, exactly as in the CRD (after YAML unescaping).
    pub(crate) text: &'static str,
    /// The check, with evaluation errors kept apart from `false`.
    pub(crate) eval: EvalRule,
}

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

fn table() -> &'static HashMap<&'static str, &'static Rule> {
    static TABLE: OnceLock<HashMap<&'static str, &'static Rule>> = OnceLock::new();
    TABLE.get_or_init(|| all_rules().map(|r| (r.text, r)).collect())
}

/// The native implementation of a CEL rule, by the rule's exact text. The check tells an
/// evaluation error (which the API server reports as `Invalid: <error> evaluating rule:
/// <message>`) apart from a violated rule.
pub(crate) fn lookup_eval(rule: &str) -> Option<EvalRule> {
    table().get(rule).map(|r| r.eval)
}

/// The proof ([`proofs`]) of a schema node, given the texts of its own rules that run on
/// creates (transition rules are evaluated on their own): the first proof that covers them all;
/// `None` for a node without such rules, or when no proof covers them.
pub(crate) fn proof_for(own: &[&str]) -> Option<&'static proofs::Proof> {
    // A node without rules needs no proof.
    if own.is_empty() {
        return None;
    }
    proofs::PROOFS
        .iter()
        .find(|p| own.iter().all(|t| p.covers.contains(t)))
}

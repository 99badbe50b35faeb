//! A CRD version's `openAPIV3Schema`, compiled once into a tree the passes read without
//! looking anything up by string: patterns are compiled regexes, CEL rules carry the position of
//! their native implementation (or its absence) in the table of [`Natives`].
//!
//! The schema knows nothing of values or of the rules themselves: the value view
//! (`crate::value`) and the native rules (`crate::rules`) are built on top of it, and the rules
//! module hands its table in through [`Natives`] when the validator compiles a schema.

use std::collections::HashMap;
use std::sync::Arc;

use regex::Regex;
use regex_automata::Input;
use regex_automata::dfa::Automaton;
use regex_automata::dfa::dense::{self, DFA};
use serde_json::Value;

use crate::formats::Format;
use crate::key::Key;

/// A JSON type a schema node declares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}

impl Ty {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "object" => Self::Object,
            "array" => Self::Array,
            "string" => Self::String,
            "integer" => Self::Integer,
            "number" => Self::Number,
            "boolean" => Self::Boolean,
            _ => return None,
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Object => "object",
            Self::Array => "array",
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ListType {
    Atomic,
    Set,
    Map,
}

/// A `pattern`, with the regex compiled (`None` if the Rust engine refuses it; no pattern of the
/// Gateway API CRDs is refused, a test checks it).
#[derive(Debug)]
pub(crate) struct Pattern {
    pub(crate) source: String,
    pub(crate) regex: Option<Regex>,
    /// The same pattern as a fully built DFA, when it is small. `Regex::is_match` runs a lazy
    /// DFA behind a cache pool and several strategy layers, which cost more than the few
    /// dozen bytes a CRD pattern checks; the prebuilt DFA answers with one table walk.
    dfa: Option<Arc<Dfa>>,
}

/// A pattern's prebuilt DFA.
type Dfa = DFA<Vec<u32>>;

/// The position of a native rule check in the table behind [`Natives`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NativeId(pub(crate) u16);

/// The position of a proof (a one-pass check of all create-time rules of a node) in the table
/// behind [`Natives`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ProofId(pub(crate) u16);

/// Where compiling finds the native checks of CEL rules and the proofs of nodes, by rule text.
pub(crate) trait Natives: Sync {
    /// The native check of a rule, by its exact CEL text.
    fn rule(&self, text: &str) -> Option<NativeId>;
    /// The proof covering every rule of `own` (a node's create-time rule texts).
    fn proof(&self, own: &[&str]) -> Option<ProofId>;
}

/// No native checks and no proofs: every rule is left unchecked.
#[cfg(test)]
pub(crate) struct NoNatives;

#[cfg(test)]
impl Natives for NoNatives {
    fn rule(&self, _: &str) -> Option<NativeId> {
        None
    }
    fn proof(&self, _: &[&str]) -> Option<ProofId> {
        None
    }
}

/// What compiling a set of schemas shares: the patterns compiled so far, by source (the CRDs
/// repeat a dozen patterns hundreds of times, and each is compiled once), and the natives.
pub(crate) struct Patterns {
    compiled: HashMap<String, (Option<Regex>, Option<Arc<Dfa>>)>,
    natives: &'static dyn Natives,
}

impl Patterns {
    /// An empty cache, with rules bound through `natives`.
    pub(crate) fn new(natives: &'static dyn Natives) -> Self {
        Self {
            compiled: HashMap::new(),
            natives,
        }
    }
}

/// The largest DFA kept for a pattern (the CRDs' patterns need a few kilobytes at most).
const DFA_BYTES: usize = 1 << 16;

impl Pattern {
    fn compile(source: &str, cache: &mut Patterns) -> Self {
        let (regex, dfa) = cache
            .compiled
            .entry(source.to_owned())
            .or_insert_with(|| {
                let regex = Regex::new(source).ok();
                let dfa = regex.as_ref().and_then(|_| {
                    dense::Builder::new()
                        .configure(
                            dense::Config::new()
                                .dfa_size_limit(Some(DFA_BYTES))
                                .determinize_size_limit(Some(4 * DFA_BYTES)),
                        )
                        .build(source)
                        .ok()
                });
                (regex, dfa.map(Arc::new))
            })
            .clone();
        Self {
            source: source.to_owned(),
            regex,
            dfa,
        }
    }

    /// Whether the pattern has a prebuilt DFA (every CRD pattern has, a test checks it).
    #[cfg(test)]
    pub(crate) fn has_dfa(&self) -> bool {
        self.dfa.is_some()
    }

    /// Whether `s` matches (somewhere, as `Regex::is_match` answers); `None` when the pattern
    /// did not compile.
    pub(crate) fn is_match(&self, s: &str) -> Option<bool> {
        if let Some(dfa) = &self.dfa
            && let Ok(found) = dfa.try_search_fwd(&Input::new(s).earliest(true))
        {
            return Some(found.is_some());
        }
        self.regex.as_ref().map(|re| re.is_match(s))
    }
}

/// One `x-kubernetes-validations` entry.
#[derive(Debug)]
pub(crate) struct Rule {
    pub(crate) rule: String,
    pub(crate) message: Option<String>,
    pub(crate) field_path: Option<String>,
    pub(crate) reason: Option<String>,
    /// The rule's native check, if there is one.
    pub(crate) native: Option<NativeId>,
    pub(crate) uses_old_self: bool,
}

/// A compiled schema node.
#[derive(Debug, Default)]
pub(crate) struct Node {
    pub(crate) ty: Option<Ty>,
    pub(crate) nullable: bool,
    /// Declared properties, sorted by key (the order serde_json's map iterates in).
    pub(crate) properties: Vec<(String, Self)>,
    pub(crate) required: Vec<String>,
    /// For each `required` key, its index in `properties` (if declared).
    pub(crate) required_props: Vec<Option<usize>>,
    pub(crate) additional: Option<Box<Self>>,
    pub(crate) preserve_unknown: bool,
    pub(crate) items: Option<Box<Self>>,
    /// The default, with the defaults of its own fields applied (see `pipeline::default::complete_defaults`).
    pub(crate) default: Option<Value>,
    pub(crate) enumeration: Option<Vec<Value>>,
    pub(crate) pattern: Option<Pattern>,
    pub(crate) min_length: Option<u64>,
    pub(crate) max_length: Option<u64>,
    pub(crate) min_items: Option<u64>,
    pub(crate) max_items: Option<u64>,
    pub(crate) min_properties: Option<u64>,
    pub(crate) max_properties: Option<u64>,
    pub(crate) minimum: Option<f64>,
    pub(crate) maximum: Option<f64>,
    pub(crate) exclusive_minimum: bool,
    pub(crate) exclusive_maximum: bool,
    pub(crate) format: Option<Format>,
    pub(crate) all_of: Vec<Self>,
    pub(crate) one_of: Vec<Self>,
    pub(crate) any_of: Vec<Self>,
    pub(crate) not: Option<Box<Self>>,
    pub(crate) list_type: Option<ListType>,
    pub(crate) list_map_keys: Vec<String>,
    pub(crate) rules: Vec<Rule>,
    /// A check that every create-time rule of `rules` holds, in one pass (`rules::proofs`);
    /// the CEL pass evaluates the rules one by one only when it does not say so.
    pub(crate) proof: Option<ProofId>,
    /// Whether one of `rules` is a transition rule (reads `oldSelf`).
    pub(crate) transition_rules: bool,
    /// Whether this node or a node below it (through properties, additionalProperties or
    /// items: the paths the CEL and list-type passes descend) has a CEL rule. The CEL pass
    /// skips subtrees without one.
    pub(crate) rules_below: bool,
    /// The same for `x-kubernetes-list-type` set or map.
    pub(crate) lists_below: bool,
    /// The same for `default` (below this node, not on it): defaulting skips subtrees without.
    pub(crate) defaults_below: bool,
    /// Whether a child (property, map entry or item) has `defaults_below`.
    pub(crate) defaults_below_children: bool,
    /// Indices into `properties` of those that have a default.
    pub(crate) defaulted: Vec<usize>,
    /// Indices into `properties` of those with a CEL rule at or below them.
    pub(crate) rule_props: Vec<usize>,
    /// [`Key::sig`] of each property key, in `properties` order, for [`Node::prop`].
    signatures: Vec<u64>,

    /// Which families of checks the node has ([`Node::BRANCHES`] …), so that validating a value
    /// reads one word instead of a dozen fields spread over the node.
    pub(crate) checks: u8,
}

/// Whether two keys are equal, with the byte loop in line rather than a call to `memcmp`
/// (keys are short, and the call cost more than the comparison in profiles).
pub(crate) fn eq_key(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

impl Node {
    /// `allOf`, `oneOf`, `anyOf` or `not`.
    pub(crate) const BRANCHES: u8 = 1;
    /// `minLength`, `maxLength`, `pattern` or `format`.
    pub(crate) const STRING: u8 = 2;
    /// `minimum` or `maximum`.
    pub(crate) const NUMBER: u8 = 4;
    /// `minItems` or `maxItems`.
    pub(crate) const ITEMS: u8 = 8;
    /// `enum`.
    pub(crate) const ENUM: u8 = 16;
    /// `minProperties` or `maxProperties`.
    pub(crate) const PROPERTIES: u8 = 32;

    /// Compiles a schema node alone (for tests; see [`Node::compile_in`]).
    #[cfg(test)]
    pub(crate) fn compile(v: &Value) -> Self {
        Self::compile_in(v, &mut Patterns::new(&NoNatives))
    }

    /// Compiles a schema node, taking its patterns from `cache` (compiling those it lacks).
    /// Unknown keywords (`description`, `x-kubernetes-map-type` …) are ignored: they do not
    /// change what the API server admits.
    pub(crate) fn compile_in(v: &Value, cache: &mut Patterns) -> Self {
        let mut n = Self::default();
        let Value::Object(m) = v else { return n };
        let u64_of = |k: &str| m.get(k).and_then(Value::as_u64);
        let str_of = |k: &str| m.get(k).and_then(Value::as_str);
        n.ty = str_of("type").and_then(Ty::parse);
        n.nullable = m.get("nullable").and_then(Value::as_bool).unwrap_or(false);
        if let Some(Value::Object(props)) = m.get("properties") {
            n.properties = props
                .iter()
                .map(|(k, p)| (k.clone(), Self::compile_in(p, cache)))
                .collect();
            n.properties.sort_by(|a, b| a.0.cmp(&b.0));
        }
        if let Some(Value::Array(req)) = m.get("required") {
            n.required = req
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
        }
        match m.get("additionalProperties") {
            Some(Value::Bool(true)) => n.preserve_unknown = true,
            Some(a @ Value::Object(_)) => n.additional = Some(Box::new(Self::compile_in(a, cache))),
            _ => {}
        }
        n.preserve_unknown |= m
            .get("x-kubernetes-preserve-unknown-fields")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        n.items = m.get("items").map(|i| Box::new(Self::compile_in(i, cache)));
        n.default = m.get("default").cloned();
        n.enumeration = m.get("enum").and_then(Value::as_array).cloned();
        n.pattern = str_of("pattern").map(|p| Pattern::compile(p, cache));
        n.min_length = u64_of("minLength");
        n.max_length = u64_of("maxLength");
        n.min_items = u64_of("minItems");
        n.max_items = u64_of("maxItems");
        n.min_properties = u64_of("minProperties");
        n.max_properties = u64_of("maxProperties");
        n.minimum = m.get("minimum").and_then(Value::as_f64);
        n.maximum = m.get("maximum").and_then(Value::as_f64);
        n.exclusive_minimum = m
            .get("exclusiveMinimum")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        n.exclusive_maximum = m
            .get("exclusiveMaximum")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        n.format = str_of("format").and_then(Format::from_schema);
        let mut list = |k: &str| -> Vec<Self> {
            m.get(k)
                .and_then(Value::as_array)
                .map(|l| l.iter().map(|x| Self::compile_in(x, cache)).collect())
                .unwrap_or_default()
        };
        n.all_of = list("allOf");
        n.one_of = list("oneOf");
        n.any_of = list("anyOf");
        n.not = m.get("not").map(|x| Box::new(Self::compile_in(x, cache)));
        n.list_type = match str_of("x-kubernetes-list-type") {
            Some("set") => Some(ListType::Set),
            Some("map") => Some(ListType::Map),
            Some("atomic") => Some(ListType::Atomic),
            _ => None,
        };
        if let Some(Value::Array(keys)) = m.get("x-kubernetes-list-map-keys") {
            n.list_map_keys = keys
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
        }
        if let Some(Value::Array(rules)) = m.get("x-kubernetes-validations") {
            for r in rules {
                let Some(text) = r.get("rule").and_then(Value::as_str) else {
                    continue;
                };
                let field = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_owned);
                n.rules.push(Rule {
                    rule: text.to_owned(),
                    message: field("message"),
                    field_path: field("fieldPath"),
                    reason: field("reason"),
                    native: cache.natives.rule(text),
                    uses_old_self: uses_old_self(text),
                });
            }
        }
        if !n.rules.is_empty() {
            let own: Vec<&str> = n
                .rules
                .iter()
                .filter(|r| !r.uses_old_self)
                .map(|r| r.rule.as_str())
                .collect();
            n.proof = cache.natives.proof(&own);
            n.transition_rules = n.rules.iter().any(|r| r.uses_old_self);
        }
        let children = || {
            n.properties
                .iter()
                .map(|(_, p)| p)
                .chain(n.additional.as_deref())
                .chain(n.items.as_deref())
        };
        let rules_below = !n.rules.is_empty() || children().any(|c| c.rules_below);
        let lists_below = matches!(n.list_type, Some(ListType::Set | ListType::Map))
            || children().any(|c| c.lists_below);
        let defaults_below = children().any(|c| c.default.is_some() || c.defaults_below);
        n.defaults_below_children = children().any(|c| c.defaults_below);
        n.rules_below = rules_below;
        n.lists_below = lists_below;
        n.defaults_below = defaults_below;
        n.defaulted = (0..n.properties.len())
            .filter(|&i| n.properties[i].1.default.is_some())
            .collect();
        n.rule_props = (0..n.properties.len())
            .filter(|&i| n.properties[i].1.rules_below)
            .collect();
        n.signatures = n.properties.iter().map(|(k, _)| Key::new(k).sig).collect();
        let families = [
            (
                !(n.all_of.is_empty()
                    && n.one_of.is_empty()
                    && n.any_of.is_empty()
                    && n.not.is_none()),
                Self::BRANCHES,
            ),
            (
                n.min_length.is_some()
                    || n.max_length.is_some()
                    || n.pattern.is_some()
                    || n.format.is_some(),
                Self::STRING,
            ),
            (n.minimum.is_some() || n.maximum.is_some(), Self::NUMBER),
            (n.min_items.is_some() || n.max_items.is_some(), Self::ITEMS),
            (n.enumeration.is_some(), Self::ENUM),
            (
                n.min_properties.is_some() || n.max_properties.is_some(),
                Self::PROPERTIES,
            ),
        ];
        n.checks = families
            .iter()
            .filter(|(has, _)| *has)
            .fold(0, |acc, (_, bit)| acc | bit);
        n.required_props = n
            .required
            .iter()
            .map(|r| n.properties.iter().position(|(k, _)| k == r))
            .collect();
        n
    }

    /// The declared property `key`.
    pub(crate) fn prop(&self, key: &str) -> Option<&Self> {
        self.prop_index(key).map(|i| &self.properties[i].1)
    }

    /// The position of the declared property `key` in `properties`.
    #[inline]
    pub(crate) fn prop_index(&self, key: &str) -> Option<usize> {
        self.key_index(Key::of(key))
    }

    /// The declared property `key`, with the key's signature at hand.
    #[inline]
    pub(crate) fn key_prop(&self, key: Key<'_>) -> Option<&Self> {
        self.key_index(key).map(|i| &self.properties[i].1)
    }

    /// [`Node::prop_index`] with the key's signature at hand.
    #[inline]
    pub(crate) fn key_index(&self, key: Key<'_>) -> Option<usize> {
        // The words are scanned alone: the nodes beside the keys are large, and a scan that
        // touched them would read far more memory.
        let mut from = 0;
        while let Some(i) = self.signatures[from..].iter().position(|s| *s == key.sig) {
            let at = from + i;
            if key.matches_tail(&self.properties[at].0) {
                return Some(at);
            }
            from = at + 1;
        }
        None
    }

    /// Every rule in the tree, with the schema path of its node, for reporting.
    pub(crate) fn visit_rules<'a>(&'a self, path: &mut String, out: &mut Vec<(String, &'a Rule)>) {
        for r in &self.rules {
            out.push((path.clone(), r));
        }
        let len = path.len();
        for (k, p) in &self.properties {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(k);
            p.visit_rules(path, out);
            path.truncate(len);
        }
        if let Some(a) = &self.additional {
            path.push_str("[*]");
            a.visit_rules(path, out);
            path.truncate(len);
        }
        if let Some(i) = &self.items {
            path.push_str("[*]");
            i.visit_rules(path, out);
            path.truncate(len);
        }
    }

    /// Every pattern in the tree, for a test that they all compile.
    #[cfg(test)]
    pub(crate) fn visit_patterns<'a>(&'a self, out: &mut Vec<&'a Pattern>) {
        if let Some(p) = &self.pattern {
            out.push(p);
        }
        for (_, p) in &self.properties {
            p.visit_patterns(out);
        }
        let boxed = [&self.additional, &self.items, &self.not];
        for b in boxed.into_iter().flatten() {
            b.visit_patterns(out);
        }
        for n in self.all_of.iter().chain(&self.one_of).chain(&self.any_of) {
            n.visit_patterns(out);
        }
    }
}

/// Whether a CEL expression mentions the identifier `oldSelf` (a transition rule).
fn uses_old_self(rule: &str) -> bool {
    let bytes = rule.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    rule.match_indices("oldSelf").any(|(i, _)| {
        let before_ok = i == 0 || !ident(bytes[i - 1]);
        let after = i + "oldSelf".len();
        let after_ok = after >= bytes.len() || !ident(bytes[after]);
        before_ok && after_ok
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_rules_are_recognised() {
        assert!(uses_old_self("self == oldSelf"));
        assert!(uses_old_self("oldSelf.x == self.x"));
        assert!(!uses_old_self("self.oldSelfish == 1"));
    }
}

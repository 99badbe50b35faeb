//! The validator of one channel: the compiled schema of every served kind and version.

use std::fmt;

use gateway_api_types::{Channel, crds, served_versions};
use serde_json::Value;

use crate::error::json_type;
use crate::error::{BadValue, ErrorKind, FieldError, Warning};
use crate::lint;
use crate::meta;
use crate::pipeline::cel::{self, CelOut, UncheckedRule};
use crate::pipeline::decode::prune;
use crate::pipeline::default::{complete_defaults, default};
use crate::pipeline::path::Path;
use crate::pipeline::structural::{self, Structural};
use crate::rules;
use crate::schema::{Node, Patterns, Rule, eq_key};
use crate::value::{NO_BLOCK, V};

/// The API groups of the Gateway API. Objects of other groups are not validated.
const GROUPS: [&str; 2] = ["gateway.networking.k8s.io", "gateway.networking.x-k8s.io"];

/// The schema of one served (apiVersion, kind).
struct Served {
    namespaced: bool,
    /// Whether the version has the `status` subresource (every Gateway API kind with a status
    /// has): writes to the main resource then never set `status`.
    status_subresource: bool,
    deprecation: Option<String>,
    root: Node,
}

/// What the API server would do with an object, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Verdict {
    /// The object would be stored.
    Admitted,
    /// The object would be refused; [`Outcome::errors`] says why.
    Rejected,
    /// Not a Gateway API object (a Service, a Namespace …): nothing was checked.
    Skipped,
}

impl Verdict {
    /// `admitted`, `rejected` or `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admitted => "admitted",
            Self::Rejected => "rejected",
            Self::Skipped => "skipped",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of validating one object.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Outcome {
    /// Admitted, rejected or skipped.
    pub verdict: Verdict,
    /// Every error, in the API server's order: strict-decoding errors, metadata, the OpenAPI
    /// schema, list uniqueness, then CEL rules (or the note that they were skipped).
    pub errors: Vec<FieldError>,
    /// Warnings: the API server's own (deprecated version, pruned unknown fields) and, when the
    /// validator lints, the spec's advice. Never part of the verdict.
    pub warnings: Vec<Warning>,
    /// CEL rules that applied but have no native implementation yet. When this is not empty an
    /// `Admitted` verdict is provisional: the API server could still reject the object.
    pub unchecked_rules: Vec<UncheckedRule>,
}

impl Outcome {
    fn skipped() -> Self {
        Self {
            verdict: Verdict::Skipped,
            errors: Vec::new(),
            warnings: Vec::new(),
            unchecked_rules: Vec::new(),
        }
    }

    fn rejected(error: FieldError) -> Self {
        Self {
            verdict: Verdict::Rejected,
            errors: vec![error],
            ..Self::skipped()
        }
    }

    /// Whether every check ran: no CEL rule was left unchecked for want of a native
    /// implementation.
    pub fn is_complete(&self) -> bool {
        self.unchecked_rules.is_empty()
    }
}

/// A validator for one release channel, built once and used for any number of objects.
///
/// Building compiles the schema of every kind and version the channel serves (a few
/// milliseconds). Validating an object never copies it: the passes read it through its schema,
/// which prunes unknown fields and supplies defaults on the fly, so what they see is what the
/// API server would have stored (ask [`Validator::defaulted`] for that object itself).
/// `Validator` is `Send + Sync`: share one across threads.
pub struct Validator {
    channel: Channel,
    strict: bool,
    lint: bool,
    proofs: bool,
    /// `(apiVersion, kind, schema)` of every served version.
    served: Vec<(String, String, Served)>,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("channel", &self.channel)
            .field("strict", &self.strict)
            .field("lint", &self.lint)
            .field("proofs", &self.proofs)
            .field("served", &self.served.len())
            .finish()
    }
}

impl Validator {
    /// A validator of the channel's CRDs, pruning unknown fields (the API server's default) and
    /// without lint warnings.
    pub fn new(channel: Channel) -> Self {
        let mut served = Vec::new();
        let mut patterns = Patterns::new(&rules::NATIVES);
        for crd in crds(channel) {
            let spec = &crd["spec"];
            let (Some(group), Some(kind)) =
                (spec["group"].as_str(), spec["names"]["kind"].as_str())
            else {
                continue;
            };
            let namespaced = spec["scope"].as_str() != Some("Cluster");
            for version in spec["versions"].as_array().into_iter().flatten() {
                if version["served"].as_bool() != Some(true) {
                    continue;
                }
                let Some(name) = version["name"].as_str() else {
                    continue;
                };
                let deprecation = if version["deprecated"].as_bool() == Some(true) {
                    Some(version["deprecationWarning"].as_str().map_or_else(
                        || format!("{group}/{name} {kind} is deprecated"),
                        str::to_owned,
                    ))
                } else {
                    None
                };
                let mut root =
                    Node::compile_in(&version["schema"]["openAPIV3Schema"], &mut patterns);
                complete_defaults(&mut root);
                // `metadata` is ObjectMeta, whose fields the meta pass checks and prunes; the
                // schema only says it is an object, so its fields pass through the schema passes.
                if let Some(i) = root.properties.iter().position(|(k, _)| k == "metadata") {
                    root.properties[i].1.preserve_unknown = true;
                }
                let status_subresource = version["subresources"]["status"].is_object();
                served.push((
                    format!("{group}/{name}"),
                    kind.to_owned(),
                    Served {
                        namespaced,
                        status_subresource,
                        deprecation,
                        root,
                    },
                ));
            }
        }
        Self {
            channel,
            strict: false,
            lint: false,
            proofs: true,
            served,
        }
    }

    /// Rejects unknown fields, as kubectl's strict field validation (`--validate=strict`) makes
    /// the API server do, instead of pruning them.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Adds the lint warnings: checks the spec asks of implementations that the API server does
    /// not make (regex syntax, IP addresses as hostnames …).
    #[must_use]
    pub fn lint(mut self, lint: bool) -> Self {
        self.lint = lint;
        self
    }

    /// Whether CEL rules may be settled by the validator's proofs: checks, written for the
    /// costliest schema nodes (route rules, filters, path matches, parentRefs, listeners),
    /// that show in one pass over a value that every rule there holds. A proof that cannot
    /// show it leaves the rules to be evaluated one by one, so the outcome is the same either
    /// way; on (the default) is several times faster on typical objects. Off is for comparing
    /// the two, as the differential test does.
    #[must_use]
    pub fn proofs(mut self, on: bool) -> Self {
        self.proofs = on;
        self
    }

    /// The channel whose CRDs this validator applies.
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Whether `(apiVersion, kind)` is served in the channel.
    pub fn serves(&self, api_version: &str, kind: &str) -> bool {
        self.find(api_version, kind).is_some()
    }

    /// The schema of `(apiVersion, kind)`, found without building a key (a few dozen entries).
    fn find(&self, api_version: &str, kind: &str) -> Option<&Served> {
        self.served
            .iter()
            .find(|(a, k, _)| eq_key(k, kind) && eq_key(a, api_version))
            .map(|(_, _, s)| s)
    }

    /// Every CEL rule of the channel's CRDs that has no native implementation yet, as
    /// `(apiVersion, kind, schema path, rule text)`, sorted and without repeats.
    pub fn unimplemented_rules(&self) -> Vec<(String, String, String, String)> {
        let mut out = Vec::new();
        for (api_version, kind, s) in &self.served {
            let mut rules: Vec<(String, &Rule)> = Vec::new();
            s.root.visit_rules(&mut String::new(), &mut rules);
            for (path, r) in rules {
                if r.native.is_none() {
                    out.push((api_version.clone(), kind.clone(), path, r.rule.clone()));
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Patterns of the channel's CRDs that the regex engine refused (none, a test checks it).
    #[cfg(test)]
    pub(crate) fn refused_patterns(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (_, _, s) in &self.served {
            let mut patterns = Vec::new();
            s.root.visit_patterns(&mut patterns);
            out.extend(
                patterns
                    .into_iter()
                    .filter(|p| p.regex.is_none())
                    .map(|p| p.source.clone()),
            );
        }
        out
    }

    /// Validates an object as the API server validates a create request.
    ///
    /// Like the API server, ignores the object's `status` for every kind with the status
    /// subresource (all Gateway API kinds that have a status): a create never stores it, so a
    /// partial or stale status (conditions without `lastTransitionTime`, as `kubectl get -o
    /// yaml` of another cluster may show) makes no difference. The stored object gets the
    /// schema's default status instead, as [`Validator::defaulted`] shows.
    pub fn validate(&self, object: &Value) -> Outcome {
        self.run(object, None)
    }

    /// Validates `new` as an update of `old`: the create checks, plus the immutability of name
    /// and namespace, plus the transition rules (CEL rules that use `oldSelf`), which see the old
    /// value at the same path.
    ///
    /// As on create, `new`'s `status` is not what gets stored: an update of the main resource
    /// keeps the old object's status (only the `status` subresource changes it), so `new` is
    /// validated with `old`'s status in place of its own.
    pub fn validate_update(&self, old: &Value, new: &Value) -> Outcome {
        self.run(new, Some(old))
    }

    fn run(&self, object: &Value, old: Option<&Value>) -> Outcome {
        let Value::Object(map) = object else {
            let got = json_type(object);
            let detail = format!("the object must be of type object: \"{got}\"");
            return Outcome::rejected(FieldError::new(
                None,
                ErrorKind::TypeInvalid,
                BadValue::Str(got.to_owned()),
                detail,
            ));
        };
        let (api_version, kind) = match (map.get("apiVersion"), map.get("kind")) {
            (Some(Value::String(a)), Some(Value::String(k))) if !a.is_empty() && !k.is_empty() => {
                (a.as_str(), k.as_str())
            }
            (_, Some(Value::String(k))) if !k.is_empty() => {
                return Outcome::rejected(FieldError::at(
                    "apiVersion",
                    ErrorKind::Required,
                    BadValue::Omitted,
                    "",
                ));
            }
            _ => {
                return Outcome::rejected(FieldError::at(
                    "kind",
                    ErrorKind::Required,
                    BadValue::Omitted,
                    "",
                ));
            }
        };
        let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
        if !GROUPS.contains(&group) {
            return Outcome::skipped();
        }
        let Some(served) = self.find(api_version, kind) else {
            return Outcome::rejected(self.not_served(api_version, kind));
        };
        // A copy only when the object's `status` is not the one the API server would keep.
        let written = with_stored_status(served, map, old);
        let (object, map) = match &written {
            Some(v @ Value::Object(m)) => (v, m),
            _ => (object, map),
        };

        let root = V::new(object, &served.root);
        let old_root = old.map(|o| V::new(o, &served.root));
        let mut unknown = Vec::new();
        let metadata = map.get("metadata");
        meta::unknown_fields(metadata, &mut unknown);
        let mut schema_errors = Vec::new();
        let mut list_errors = Vec::new();
        let mut structural = Structural {
            unknown: &mut unknown,
            lists: &mut list_errors,
            touched_null: false,
            // Enough for most objects (a slot per declared property of each object visited
            // and per list item), so the table is allocated once.
            slots: Vec::with_capacity(64),
            block: NO_BLOCK,
        };
        structural::validate(
            &served.root,
            root,
            &Path::Root,
            &mut schema_errors,
            Some(&mut structural),
        );
        // With nothing pruned or replaced, reads the table does not answer (defaults, maps)
        // need the schema only where defaults of absent fields can appear.
        let (slots, block, touched_null) =
            (structural.slots, structural.block, structural.touched_null);
        let clean = !touched_null && unknown.is_empty();
        let cel_root = V::indexed(object, &served.root, clean, &slots, block);
        unknown.sort();

        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        if self.strict {
            errors.extend(
                unknown
                    .iter()
                    .map(|u| FieldError::at(u, ErrorKind::UnknownField, BadValue::Omitted, "")),
            );
        } else {
            warnings.extend(unknown.iter().map(|u| {
                Warning::new(
                    Some(u.clone()),
                    "UnknownField",
                    format!("unknown field {}, dropped", crate::error::go_quote(u)),
                )
            }));
        }
        if let Some(d) = &served.deprecation {
            warnings.push(Warning::new(None, "DeprecatedVersion", d.clone()));
        }

        meta::validate(metadata, served.namespaced, &mut errors);
        if let Some(old) = old {
            meta::validate_update(metadata, old.get("metadata"), &mut errors);
        }
        errors.append(&mut schema_errors);
        errors.append(&mut list_errors);

        let mut unchecked_rules = Vec::new();
        if errors.iter().any(cel::is_blocking) {
            errors.push(cel::blocking_note());
        } else {
            let mut out = CelOut {
                errs: &mut errors,
                unchecked: &mut unchecked_rules,
                proofs: self.proofs,
            };
            cel::cel(&served.root, cel_root, old_root, &Path::Root, &mut out);
        }

        if self.lint {
            let value = prepare(served, object);
            lint::lint(kind, served.namespaced, object, &value, &mut warnings);
        }
        let verdict = if errors.is_empty() {
            Verdict::Admitted
        } else {
            Verdict::Rejected
        };
        Outcome {
            verdict,
            errors,
            warnings,
            unchecked_rules,
        }
    }

    /// The object as the API server would store it: unknown fields pruned (`metadata`'s too)
    /// and schema defaults applied. `None` for objects of other API groups and for kinds or
    /// versions the channel does not serve. Validation does not need it (it reads the object
    /// through its schema instead), so it is built only when asked for.
    pub fn defaulted(&self, object: &Value) -> Option<Value> {
        let map = object.as_object()?;
        let api_version = map.get("apiVersion")?.as_str()?;
        let kind = map.get("kind")?.as_str()?;
        let served = self.find(api_version, kind)?;
        let stored = with_stored_status(served, map, None);
        let mut value = prepare(served, stored.as_ref().unwrap_or(object));
        if let Some(meta) = value.as_object_mut().and_then(|m| m.get_mut("metadata")) {
            meta::prune(meta, &mut Vec::new());
        }
        Some(value)
    }

    fn not_served(&self, api_version: &str, kind: &str) -> FieldError {
        let elsewhere = [Channel::Standard, Channel::Experimental]
            .into_iter()
            .filter(|c| *c != self.channel)
            .find(|c| {
                served_versions(*c)
                    .iter()
                    .any(|(g, v, k)| format!("{g}/{v}") == api_version && *k == kind)
            });
        let why = match elsewhere {
            Some(other) => format!(
                "not served in the {} channel (only in the {other} channel)",
                self.channel
            ),
            None => format!("not served in the {} channel", self.channel),
        };
        FieldError::new(
            None,
            ErrorKind::NotServed,
            BadValue::Omitted,
            format!(
                "no matches for kind {} in version {}: {why}",
                crate::error::go_quote(kind),
                crate::error::go_quote(api_version)
            ),
        )
    }
}

/// `(kind, schema path)` of every schema node that has a proof, over every served version,
/// without repeats.
#[cfg(test)]
pub(crate) fn attached_proofs(validator: &Validator) -> Vec<(String, String)> {
    fn visit(n: &Node, kind: &str, path: &str, out: &mut Vec<(String, String)>) {
        if n.proof.is_some() {
            out.push((kind.to_owned(), path.to_owned()));
        }
        for (k, p) in &n.properties {
            visit(p, kind, &format!("{path}.{k}"), out);
        }
        for c in [&n.additional, &n.items].into_iter().flatten() {
            visit(c, kind, &format!("{path}[*]"), out);
        }
    }
    let mut out = Vec::new();
    for (_, kind, s) in &validator.served {
        visit(&s.root, kind, "", &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// The object with the `status` the API server would keep in place of its own, or `None` when
/// that is the object's own: for a kind with the status subresource, a create stores no status
/// (`PrepareForCreate` drops it) and an update of the main resource keeps the old object's.
fn with_stored_status(
    served: &Served,
    object: &serde_json::Map<String, Value>,
    old: Option<&Value>,
) -> Option<Value> {
    if !served.status_subresource {
        return None;
    }
    let kept = old.and_then(|o| o.get("status"));
    if object.get("status") == kept {
        return None;
    }
    let mut copy = object.clone();
    match kept {
        Some(status) => copy.insert("status".to_owned(), status.clone()),
        None => copy.remove("status"),
    };
    Some(Value::Object(copy))
}

/// Prunes and defaults a copy of the object, leaving `metadata` to the ObjectMeta rules.
fn prepare(served: &Served, object: &Value) -> Value {
    let mut value = object.clone();
    let Value::Object(m) = &mut value else {
        return value;
    };
    let metadata = m.remove("metadata");
    prune(
        &served.root,
        &mut value,
        &mut String::new(),
        &mut Vec::new(),
    );
    default(&served.root, &mut value);
    if let (Some(meta), Value::Object(m)) = (metadata, &mut value) {
        m.insert("metadata".to_owned(), meta);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The schema passes never walk a default the submitted object lacks (see `structural::validate`):
    /// they rely on every default being valid where it stands, as the API server requires of a
    /// CRD. This checks that for each default of both channels: no schema, list-type or CEL
    /// error, nothing pruned.
    #[test]
    fn every_default_is_valid_where_it_stands() {
        fn visit<'a>(n: &'a Node, path: &str, out: &mut Vec<(String, &'a Node)>) {
            if n.default.is_some() {
                out.push((path.to_owned(), n));
            }
            for (k, p) in &n.properties {
                visit(p, &format!("{path}.{k}"), out);
            }
            for b in [&n.additional, &n.items].into_iter().flatten() {
                visit(b, &format!("{path}[*]"), out);
            }
        }
        let mut checked = 0;
        for channel in [Channel::Standard, Channel::Experimental] {
            let validator = Validator::new(channel);
            for (api_version, kind, served) in &validator.served {
                let mut nodes = Vec::new();
                visit(&served.root, "", &mut nodes);
                for (path, n) in nodes {
                    let d = n.default.as_ref().unwrap();
                    let (mut unknown, mut lists, mut errs) = (Vec::new(), Vec::new(), Vec::new());
                    let mut st = Structural {
                        unknown: &mut unknown,
                        lists: &mut lists,
                        touched_null: false,
                        slots: Vec::new(),
                        block: NO_BLOCK,
                    };
                    structural::validate(n, V::new(d, n), &Path::Root, &mut errs, Some(&mut st));
                    let touched = st.touched_null;
                    let mut unchecked = Vec::new();
                    let mut out = CelOut {
                        errs: &mut errs,
                        unchecked: &mut unchecked,
                        proofs: true,
                    };
                    cel::cel(n, V::new(d, n), None, &Path::Root, &mut out);
                    assert!(
                        errs.is_empty() && lists.is_empty() && unknown.is_empty() && !touched,
                        "{api_version} {kind} {path}: default {d} gives {errs:?} {lists:?} {unknown:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "only {checked} defaults found");
    }

    /// The prebuilt DFA of every CRD pattern answers as the regex does, on strings drawn
    /// from the characters the patterns care about (and a few they do not), around samples
    /// of what the fields hold.
    #[test]
    fn pattern_dfas_agree_with_the_regexes() {
        let alphabet: Vec<char> = "aAzZ09-._*/:?#%&=@!~`$'()+,;[] \t\nhmsé\u{0}\u{7f}\u{2028}"
            .chars()
            .collect();
        let samples = [
            "",
            "example.com",
            "*.example.com",
            "gateway.networking.k8s.io",
            "HTTPRoute",
            "my-name",
            "10s",
            "1h30m5s500ms",
            "https://example.com:8443/a/b?q=1#frag",
            "/path/%20x",
            "example.com/my-policy",
            "X-Header_Name",
            "text/html; q=0.9",
        ];
        // A small deterministic generator (xorshift), so failures reproduce.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let validator = Validator::new(Channel::Experimental);
        let mut patterns = Vec::new();
        for (_, _, s) in &validator.served {
            s.root.visit_patterns(&mut patterns);
        }
        patterns.sort_by(|a, b| a.source.cmp(&b.source));
        patterns.dedup_by(|a, b| a.source == b.source);
        assert!(patterns.len() >= 10, "only {} patterns", patterns.len());
        let mut checked = 0;
        for p in patterns {
            assert!(p.has_dfa(), "no DFA for {}", p.source);
            let re = p.regex.as_ref().unwrap();
            for _ in 0..20_000 {
                let mut s: String = match next() % 3 {
                    0 => String::new(),
                    _ => samples[(next() % samples.len() as u64) as usize].to_owned(),
                };
                // A few random edits: insertions, deletions, replacements.
                for _ in 0..next() % 6 {
                    let mut chars: Vec<char> = s.chars().collect();
                    let c = alphabet[(next() % alphabet.len() as u64) as usize];
                    let at = (next() % (chars.len() as u64 + 1)) as usize;
                    match next() % 3 {
                        0 => chars.insert(at, c),
                        1 if at < chars.len() => {
                            chars.remove(at);
                        }
                        _ if at < chars.len() => chars[at] = c,
                        _ => chars.push(c),
                    }
                    s = chars.into_iter().collect();
                }
                assert_eq!(
                    p.is_match(&s),
                    Some(re.is_match(&s)),
                    "{:?} on {s:?}",
                    p.source
                );
                checked += 1;
            }
        }
        assert!(checked > 200_000);
    }

    #[test]
    fn every_pattern_compiles() {
        for channel in [Channel::Standard, Channel::Experimental] {
            assert_eq!(
                Validator::new(channel).refused_patterns(),
                Vec::<String>::new()
            );
        }
    }
}

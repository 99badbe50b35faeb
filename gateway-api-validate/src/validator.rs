//! The validator of one channel: the compiled schema of every served kind and version.

use std::collections::HashMap;
use std::fmt;

use gateway_api_types::{Channel, crds, served_versions};
use serde_json::Value;

use crate::error::{BadValue, ErrorKind, FieldError};
use crate::lint;
use crate::meta;
use crate::schema::{Node, Rule};
use crate::walk::{self, CelOut, UncheckedRule};

/// The API groups of the Gateway API. Objects of other groups are not validated.
const GROUPS: [&str; 2] = ["gateway.networking.k8s.io", "gateway.networking.x-k8s.io"];

/// The schema of one served (apiVersion, kind).
struct Served {
    namespaced: bool,
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

/// A warning: something the API server admits (or only warns about) that is probably not what
/// the author meant. Warnings never change the verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Warning {
    /// The field path the warning is about (`spec.hostnames[0]`), if any.
    pub field: Option<String>,
    /// A stable identifier of the check (`RegexSyntax`, `HostnameIsIp`, `UnknownField` …).
    pub code: &'static str,
    /// What is wrong, for people.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(
        field: Option<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field,
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field}: {}", self.message),
            None => f.write_str(&self.message),
        }
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
    /// The object as the API server would store it: unknown fields pruned, defaults applied.
    /// `None` when skipped or not served.
    pub object: Option<Value>,
}

impl Outcome {
    fn skipped() -> Self {
        Self {
            verdict: Verdict::Skipped,
            errors: Vec::new(),
            warnings: Vec::new(),
            unchecked_rules: Vec::new(),
            object: None,
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
/// milliseconds); validating an object then walks the object once per pass without further
/// allocation of schema data. `Validator` is `Send + Sync`: share one across threads.
pub struct Validator {
    channel: Channel,
    strict: bool,
    lint: bool,
    served: HashMap<(String, String), Served>,
}

impl fmt::Debug for Validator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Validator")
            .field("channel", &self.channel)
            .field("strict", &self.strict)
            .field("lint", &self.lint)
            .field("served", &self.served.len())
            .finish()
    }
}

impl Validator {
    /// A validator of the channel's CRDs, pruning unknown fields (the API server's default) and
    /// without lint warnings.
    pub fn new(channel: Channel) -> Self {
        let mut served = HashMap::new();
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
                let root = Node::compile(&version["schema"]["openAPIV3Schema"]);
                served.insert(
                    (format!("{group}/{name}"), kind.to_owned()),
                    Served {
                        namespaced,
                        deprecation,
                        root,
                    },
                );
            }
        }
        Self {
            channel,
            strict: false,
            lint: false,
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

    /// The channel whose CRDs this validator applies.
    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Whether `(apiVersion, kind)` is served in the channel.
    pub fn serves(&self, api_version: &str, kind: &str) -> bool {
        self.served
            .contains_key(&(api_version.to_owned(), kind.to_owned()))
    }

    /// Every CEL rule of the channel's CRDs that has no native implementation yet, as
    /// `(apiVersion, kind, schema path, rule text)`, sorted and without repeats.
    pub fn unimplemented_rules(&self) -> Vec<(String, String, String, String)> {
        let mut out = Vec::new();
        for ((api_version, kind), s) in &self.served {
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
        for s in self.served.values() {
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
    pub fn validate(&self, object: &Value) -> Outcome {
        self.run(object, None)
    }

    /// Validates `new` as an update of `old`: the create checks, plus the immutability of name
    /// and namespace, plus the transition rules (CEL rules that use `oldSelf`), which see the old
    /// value at the same path.
    pub fn validate_update(&self, old: &Value, new: &Value) -> Outcome {
        self.run(new, Some(old))
    }

    fn run(&self, object: &Value, old: Option<&Value>) -> Outcome {
        let Value::Object(map) = object else {
            let got = walk::json_type(object);
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
        let Some(served) = self.served.get(&(api_version.to_owned(), kind.to_owned())) else {
            return Outcome::rejected(self.not_served(api_version, kind));
        };

        let mut unknown = Vec::new();
        let mut value = prepare(served, object, Some(&mut unknown));
        let old_value = old.map(|o| prepare(served, o, None));
        if let Value::Object(m) = &mut value
            && let Some(meta) = m.get_mut("metadata")
        {
            meta::prune(meta, &mut unknown);
        }
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

        meta::validate(value.get("metadata"), served.namespaced, &mut errors);
        if let Some(old_value) = &old_value {
            meta::validate_update(
                value.get("metadata"),
                old_value.get("metadata"),
                &mut errors,
            );
        }
        let mut path = String::new();
        walk::validate(&served.root, &value, &mut path, &mut errors);
        walk::list_types(&served.root, &value, &mut path, &mut errors);

        let mut unchecked_rules = Vec::new();
        if errors.iter().any(walk::is_blocking) {
            errors.push(walk::blocking_note());
        } else {
            let mut out = CelOut {
                errs: &mut errors,
                unchecked: &mut unchecked_rules,
            };
            walk::cel(
                &served.root,
                &value,
                old_value.as_ref(),
                &mut path,
                &mut out,
            );
        }

        if self.lint {
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
            object: Some(value),
        }
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

/// Prunes (recording unknown fields when asked) and defaults a copy of the object, leaving
/// `metadata` to the ObjectMeta rules.
fn prepare(served: &Served, object: &Value, unknown: Option<&mut Vec<String>>) -> Value {
    let mut value = object.clone();
    let Value::Object(m) = &mut value else {
        return value;
    };
    let metadata = m.remove("metadata");
    let mut scratch = Vec::new();
    walk::prune(
        &served.root,
        &mut value,
        &mut String::new(),
        unknown.unwrap_or(&mut scratch),
    );
    walk::default(&served.root, &mut value);
    if let (Some(meta), Value::Object(m)) = (metadata, &mut value) {
        m.insert("metadata".to_owned(), meta);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

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

//! An independent oracle of what an API server with the upstream Gateway API v1.6.1 CRDs admits,
//! built from third-party pieces and the vendored upstream CRDs only (never from this crate or
//! from `gateway-api-types`):
//!
//! - `kube-cel` evaluates every `x-kubernetes-validations` rule with a real CEL interpreter and
//!   API-server-style field paths;
//! - `jsonschema` (draft 4, which is what `openAPIV3Schema` structurally is) checks types,
//!   `required`, `enum`, `pattern`, lengths, item counts, bounds, formats and `oneOf`/`anyOf`/`not`;
//! - the few API server steps that neither library models are written out here, each small and
//!   following the apiextensions-apiserver source named in its comment: dropping `status` on
//!   create, pruning unknown fields, pruning non-nullable nulls, structural defaulting, the
//!   `x-kubernetes-list-type` uniqueness check, and `hasBlockingErr` (which errors stop CEL).
//!
//! Where the oracle's libraries are known to differ from the API server, the difference is
//! corrected here explicitly and every time the correction changed an answer it is counted in
//! [`Corrections`], so the report can show it apart.
//!
//! Shared by `tests/differential.rs` and `benches/validate.rs` (through `#[path]`).

#![allow(dead_code, unreachable_pub)]

pub mod mutations;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Map, Value};

/// A release channel, as the vendored directory names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Channel {
    Standard,
    Experimental,
}

impl Channel {
    pub const ALL: [Self; 2] = [Self::Standard, Self::Experimental];

    pub fn dir(self) -> &'static str {
        match self {
            Self::Standard => "standard",
            Self::Experimental => "experimental",
        }
    }
}

/// The API server's `field.ErrorType`s the oracle can produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Required,
    Invalid,
    TypeInvalid,
    NotSupported,
    TooLong,
    TooMany,
    Duplicate,
    NotServed,
}

/// A structural (non-CEL) error: its API-server type, field path and the schema keyword.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Structural {
    pub kind: Kind,
    pub path: String,
    pub keyword: String,
}

/// What the oracle says about one object.
#[derive(Clone, Debug, Default)]
pub struct Verdict {
    /// Not a Gateway API object: nothing checked.
    pub skipped: bool,
    /// A Gateway API kind/version the channel does not serve.
    pub not_served: bool,
    /// Errors of the OpenAPI schema (jsonschema) and of the list-type check, in that order.
    pub structural: Vec<Structural>,
    /// The CEL pass was not run because a structural error blocks it (`hasBlockingErr`).
    pub cel_skipped: bool,
    /// Failed CEL rules as `(field path, message)`.
    pub cel: BTreeSet<(String, String)>,
    /// CEL rules whose evaluation raised an error (field path, rule message): the API server
    /// rejects with `... evaluating rule: <message>`-style errors.
    pub cel_eval_errors: BTreeSet<(String, String)>,
    /// kube-cel could not evaluate a rule at all (an unsupported function or macro): the
    /// oracle cannot decide this object. `(path, rule)`.
    pub gaps: Vec<(String, String)>,
}

impl Verdict {
    pub fn admitted(&self) -> bool {
        !self.not_served
            && self.structural.is_empty()
            && self.cel.is_empty()
            && self.cel_eval_errors.is_empty()
    }
}

/// Answers the oracle's own corrections changed, counted apart (see the comments where they
/// are incremented).
#[derive(Debug, Default)]
pub struct Corrections {
    /// `format: ipv4` / `ipv6` decided by Go's `netutils.ParseIPSloppy` rules where Rust's
    /// std parser (jsonschema's built-in check) answers differently.
    pub ip_format: AtomicUsize,
}

/// One served (apiVersion, kind) of a channel, compiled once.
pub struct Version {
    pub channel: Channel,
    pub group: String,
    pub version: String,
    pub api_version: String,
    pub kind: String,
    pub namespaced: bool,
    /// The `openAPIV3Schema`.
    pub schema: Value,
    json: jsonschema::Validator,
    cel: kube_cel::CompiledSchema,
    root: kube_cel::RootContext,
    /// Every rule message of the schema (and the `failed rule: <rule>` form of rules without
    /// one): how a library error is recognised as a CEL error.
    pub rule_messages: BTreeSet<String>,
    /// Rule text -> what the API server names the rule by in an evaluation error
    /// (`ruleErrorString`: the message if set, else the rule).
    rule_names: HashMap<String, String>,
}

pub struct Oracle {
    versions: HashMap<(Channel, String, String), Version>,
    /// Every (apiVersion, kind) of a Gateway API CRD, served or not, per channel.
    known: BTreeSet<(Channel, String, String)>,
    cel: kube_cel::Validator,
    pub corrections: Corrections,
}

pub const GROUPS: [&str; 2] = ["gateway.networking.k8s.io", "gateway.networking.x-k8s.io"];

pub fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/upstream")
}

/// Every YAML document of a file, as JSON values (nulls of empty documents dropped).
pub fn read_yaml(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_saphyr::from_multiple::<Value>(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_iter()
        .filter(|d| !d.is_null())
        .collect()
}

/// Every `.yaml` file under `dir`, sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Go's `netutils.ParseIPSloppy` (what kube-openapi's `ipv4`/`ipv6` formats use): like
/// `net.ParseIP` but IPv4 octets may have leading zeros (read as decimal).
fn go_parse_ip_sloppy(s: &str) -> bool {
    fn v4(s: &str) -> bool {
        let parts: Vec<&str> = s.split('.').collect();
        parts.len() == 4
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.len() <= 3
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && p.parse::<u16>().is_ok_and(|n| n <= 255)
            })
    }
    if v4(s) {
        return true;
    }
    if !s.contains(':') {
        return false;
    }
    // An IPv6 address, possibly ending in a dotted IPv4 (sloppy too); no zone.
    let (head, tail_v4) = match s.rfind(':') {
        Some(i) if s[i + 1..].contains('.') => {
            if !v4(&s[i + 1..]) {
                return false;
            }
            (&s[..=i], true)
        }
        _ => (s, false),
    };
    let probe = if tail_v4 {
        format!("{head}0:0")
    } else {
        head.to_owned()
    };
    probe.parse::<std::net::Ipv6Addr>().is_ok()
}

/// kube-openapi's `ipv4` format: `ParseIPSloppy(s) != nil && strings.Contains(s, ".")`.
fn go_ipv4(s: &str) -> bool {
    go_parse_ip_sloppy(s) && s.contains('.')
}

/// kube-openapi's `ipv6` format: `ParseIPSloppy(s) != nil && strings.Contains(s, ":")`.
fn go_ipv6(s: &str) -> bool {
    go_parse_ip_sloppy(s) && s.contains(':')
}

static IP_CORRECTIONS: AtomicUsize = AtomicUsize::new(0);

/// Go's `time.ParseDuration`, which cel-go's `duration(string)` calls: nanoseconds, or `None`
/// where Go returns an error. Written from the Go documentation: an optional sign, then one or
/// more decimal numbers (optional fraction) each followed by a unit among ns, us, µs, μs, ms, s,
/// m, h; `"0"` alone is allowed; the total must fit an int64.
fn go_parse_duration(s: &str) -> Option<i128> {
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let int_part = &rest[..int_len];
        rest = &rest[int_len..];
        let mut frac = "";
        if let Some(after) = rest.strip_prefix('.') {
            let n = after.bytes().take_while(u8::is_ascii_digit).count();
            frac = &after[..n];
            rest = &after[n..];
        }
        if int_part.is_empty() && frac.is_empty() {
            return None;
        }
        let unit_len = rest
            .char_indices()
            .find(|&(_, c)| c == '.' || c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        let unit: i128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        rest = &rest[unit_len..];
        let whole: i128 = if int_part.is_empty() {
            0
        } else {
            int_part.parse().ok()?
        };
        let mut v = whole.checked_mul(unit)?;
        let mut scale = unit;
        for d in frac.bytes() {
            scale /= 10;
            v += i128::from(d - b'0') * scale;
        }
        total = total.checked_add(v)?;
        if total > i128::from(i64::MAX) + i128::from(neg) {
            return None;
        }
    }
    Some(if neg { -total } else { total })
}

static DURATION_CORRECTIONS: AtomicUsize = AtomicUsize::new(0);

/// Re-decides HTTPRoute's one `duration()` rule where kube-cel's duration parser disagrees with
/// Go's: kube-cel accepts strings such as `10s*` or `2s,` (trailing text after a unit) that
/// `time.ParseDuration` rejects, so on the API server the rule raises a conversion error (and
/// the object is rejected with `... evaluating rule: ...`) where kube-cel evaluates it. The rule,
/// with CEL's `&&` error absorption:
/// `!(has(request) && has(backendRequest) && duration(request) != duration('0s') &&
///    duration(backendRequest) > duration(request))`.
fn correct_duration_rule(v: &Version, obj: &Value, out: &mut Verdict) {
    const RULE: &str = gateway_api_types::rules::TIMEOUTS_BACKEND_REQUEST.rule;
    if v.kind != "HTTPRoute" {
        return;
    }
    let Some(rules) = obj.pointer("/spec/rules").and_then(Value::as_array) else {
        return;
    };
    let name = v
        .rule_names
        .get(RULE)
        .cloned()
        .unwrap_or_else(|| RULE.to_owned());
    for (i, rule) in rules.iter().enumerate() {
        let Some(t) = rule.get("timeouts").and_then(Value::as_object) else {
            continue;
        };
        let (Some(req), Some(back)) = (t.get("request"), t.get("backendRequest")) else {
            continue;
        };
        let (Some(req), Some(back)) = (req.as_str(), back.as_str()) else {
            continue;
        };
        let r = go_parse_duration(req);
        let b = go_parse_duration(back);
        // `x && y`: false wins over an error, whichever side it is on.
        let third = r.map(|r| r != 0);
        let fourth = match (b, r) {
            (Some(b), Some(r)) => Some(b > r),
            _ => None,
        };
        let conj = match (third, fourth) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        };
        let path = format!("spec.rules[{i}].timeouts");
        let errored = conj.is_none();
        let has_eval = out.cel_eval_errors.contains(&(path.clone(), name.clone()));
        if errored && !has_eval {
            out.cel.retain(|(p, m)| !(p == &path && m == &name));
            out.cel_eval_errors.insert((path, name.clone()));
            DURATION_CORRECTIONS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl Oracle {
    /// Reads and compiles every served version of every CRD of both channels.
    pub fn new() -> Self {
        let mut versions = HashMap::new();
        let mut known = BTreeSet::new();
        for channel in Channel::ALL {
            let dir = testdata().join("crds").join(channel.dir());
            for file in yaml_files(&dir) {
                for crd in read_yaml(&file) {
                    if crd["kind"] != "CustomResourceDefinition" {
                        continue;
                    }
                    let spec = &crd["spec"];
                    let group = spec["group"].as_str().unwrap().to_owned();
                    let kind = spec["names"]["kind"].as_str().unwrap().to_owned();
                    let namespaced = spec["scope"] != "Cluster";
                    for v in spec["versions"].as_array().unwrap() {
                        let version = v["name"].as_str().unwrap().to_owned();
                        let api_version = format!("{group}/{version}");
                        known.insert((channel, api_version.clone(), kind.clone()));
                        if v["served"] != true {
                            continue;
                        }
                        let schema = v["schema"]["openAPIV3Schema"].clone();
                        let compiled =
                            Version::compile(channel, &group, &version, &kind, namespaced, schema);
                        versions.insert((channel, api_version, kind.clone()), compiled);
                    }
                }
            }
        }
        Self {
            versions,
            known,
            cel: kube_cel::Validator::new(),
            corrections: Corrections::default(),
        }
    }

    pub fn version(&self, channel: Channel, api_version: &str, kind: &str) -> Option<&Version> {
        self.versions
            .get(&(channel, api_version.to_owned(), kind.to_owned()))
    }

    /// Every served version of `kind` in the channel.
    pub fn served_versions(&self, channel: Channel, kind: &str) -> Vec<&Version> {
        let mut v: Vec<&Version> = self
            .versions
            .values()
            .filter(|v| v.channel == channel && v.kind == kind)
            .collect();
        v.sort_by(|a, b| a.api_version.cmp(&b.api_version));
        v
    }

    /// Every apiVersion of `kind` in either channel's CRDs, served or not.
    pub fn all_api_versions(&self, kind: &str) -> Vec<String> {
        let set: BTreeSet<String> = self
            .known
            .iter()
            .filter(|(_, _, k)| k == kind)
            .map(|(_, a, _)| a.clone())
            .collect();
        set.into_iter().collect()
    }

    pub fn ip_corrections(&self) -> usize {
        IP_CORRECTIONS.load(Ordering::Relaxed)
    }

    /// How many times kube-cel's lenient `duration()` was overruled (see
    /// `correct_duration_rule`).
    pub fn duration_corrections(&self) -> usize {
        DURATION_CORRECTIONS.load(Ordering::Relaxed)
    }

    /// What the API server would do with a create request of `object` in `channel`.
    pub fn validate(&self, channel: Channel, object: &Value) -> Verdict {
        let mut out = Verdict::default();
        let api_version = object
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or("");
        let kind = object.get("kind").and_then(Value::as_str).unwrap_or("");
        let group = api_version.rsplit_once('/').map_or("", |(g, _)| g);
        if !GROUPS.contains(&group) {
            out.skipped = true;
            return out;
        }
        let Some(v) = self.version(channel, api_version, kind) else {
            out.not_served = true;
            return out;
        };
        let obj = v.prepare(object);

        for e in v.json.iter_errors(&obj) {
            push_error(&obj, &e, "", &mut out.structural);
        }
        list_types(&v.schema, &obj, &mut String::new(), &mut out.structural);

        // apiextensions-apiserver customResourceStrategy.Validate / hasBlockingErr: "OpenAPIv3
        // type/maxLength/maxItems/MaxProperties/required/enum violation/wrong type field
        // validation failures are viewed as blocking err for CEL validation".
        if out.structural.iter().any(|s| {
            matches!(
                s.kind,
                Kind::NotSupported
                    | Kind::Required
                    | Kind::TooLong
                    | Kind::TooMany
                    | Kind::TypeInvalid
            )
        }) {
            out.cel_skipped = true;
            return out;
        }
        if let Err(errors) =
            self.cel
                .validate_compiled_with_context(&v.cel, &obj, None, Some(&v.root))
        {
            for e in errors.iter() {
                match e.kind {
                    kube_cel::ErrorKind::ValidationFailure => {
                        out.cel
                            .insert((e.field_path.clone(), e.message.trim().to_owned()));
                    }
                    kube_cel::ErrorKind::EvaluationError => {
                        let name = v
                            .rule_names
                            .get(e.rule.trim())
                            .cloned()
                            .unwrap_or_else(|| e.rule.trim().to_owned());
                        out.cel_eval_errors.insert((e.field_path.clone(), name));
                    }
                    _ => out
                        .gaps
                        .push((e.field_path.clone(), format!("{:?}: {}", e.kind, e.message))),
                }
            }
        }
        correct_duration_rule(v, &obj, &mut out);
        out
    }
}

impl Version {
    fn compile(
        channel: Channel,
        group: &str,
        version: &str,
        kind: &str,
        namespaced: bool,
        schema: Value,
    ) -> Self {
        // The API server's patterns are Go RE2; jsonschema's `regex` engine (the `regex` crate)
        // is the closest dialect (linear time, same syntax for every upstream pattern). Formats:
        // `ipv4`/`ipv6` follow kube-openapi (see `go_ipv4`), and every time that changes the
        // answer of jsonschema's built-in check it is counted; `int32`/`int64` are not checked by
        // the API server beyond `type: integer` and are unknown to jsonschema (ignored).
        let json = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .should_validate_formats(true)
            .with_format("ipv4", |s: &str| {
                let go = go_ipv4(s);
                if go != s.parse::<std::net::Ipv4Addr>().is_ok() {
                    IP_CORRECTIONS.fetch_add(1, Ordering::Relaxed);
                }
                go
            })
            .with_format("ipv6", |s: &str| {
                let go = go_ipv6(s);
                if go != s.parse::<std::net::Ipv6Addr>().is_ok() {
                    IP_CORRECTIONS.fetch_add(1, Ordering::Relaxed);
                }
                go
            })
            .build(&schema)
            .unwrap_or_else(|e| panic!("{group}/{version} {kind}: {e}"));
        let cel = kube_cel::compile_schema(&schema);
        assert!(
            !cel.has_errors(),
            "{group}/{version} {kind}: {:?}",
            cel.compilation_errors()
        );
        let mut rule_messages = BTreeSet::new();
        let mut rule_names = HashMap::new();
        collect_messages(&schema, &mut rule_messages, &mut rule_names);
        let root = kube_cel::RootContext {
            api_version: format!("{group}/{version}"),
            api_group: group.to_owned(),
            kind: kind.to_owned(),
        };
        Self {
            channel,
            group: group.to_owned(),
            version: version.to_owned(),
            api_version: format!("{group}/{version}"),
            kind: kind.to_owned(),
            namespaced,
            schema,
            json,
            cel,
            root,
            rule_messages,
            rule_names,
        }
    }

    /// The object as the API server validates it on create: `status` dropped (the CRDs enable
    /// the status subresource, so `PrepareForCreate` resets it), unknown fields pruned
    /// (`pruning.PruneWithOptions`), non-nullable nulls without a default pruned
    /// (`PruneNonNullableNullsWithoutDefaults`), then structural defaults applied
    /// (`structuraldefaulting.Default`, which also defaults inside the defaults it inserts —
    /// kube-cel's own defaulting does not, so it is done here first; kube-cel's pass is then a
    /// no-op).
    pub fn prepare(&self, object: &Value) -> Value {
        let mut obj = object.clone();
        if let Value::Object(m) = &mut obj {
            m.remove("status");
            for (k, v) in m.iter_mut() {
                if k != "metadata"
                    && let Some(s) = self.schema["properties"].get(k)
                {
                    prune(s, v);
                }
            }
            m.retain(|k, _| {
                matches!(k.as_str(), "apiVersion" | "kind" | "metadata")
                    || self.schema["properties"].get(k).is_some()
            });
            let keys: Vec<String> = m.keys().filter(|k| *k != "metadata").cloned().collect();
            for k in keys {
                if let Some(s) = self.schema["properties"].get(&k) {
                    default(s, m.get_mut(&k).unwrap());
                }
            }
            for (k, s) in self.schema["properties"].as_object().into_iter().flatten() {
                if !m.contains_key(k)
                    && let Some(d) = s.get("default")
                {
                    let mut d = d.clone();
                    default(s, &mut d);
                    m.insert(k.clone(), d);
                }
            }
        }
        obj
    }
}

fn collect_messages(s: &Value, out: &mut BTreeSet<String>, names: &mut HashMap<String, String>) {
    match s {
        Value::Object(m) => {
            if let Some(Value::Array(rules)) = m.get("x-kubernetes-validations") {
                for r in rules {
                    let text = r["rule"].as_str().unwrap_or("").trim().to_owned();
                    let name = r
                        .get("message")
                        .and_then(Value::as_str)
                        .map(str::trim)
                        .filter(|m| !m.is_empty());
                    names.insert(
                        text.clone(),
                        name.map_or_else(|| text.clone(), str::to_owned),
                    );
                    match r.get("message").and_then(Value::as_str).map(str::trim) {
                        Some(msg) if !msg.is_empty() => out.insert(msg.to_owned()),
                        _ => out.insert(format!(
                            "failed rule: {}",
                            r["rule"].as_str().unwrap_or("").trim()
                        )),
                    };
                }
            }
            for v in m.values() {
                collect_messages(v, out, names);
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_messages(v, out, names)),
        _ => {}
    }
}

/// One jsonschema error as the API server's field error(s).
///
/// Composite failures: kube-openapi reports `must validate one and only one schema (oneOf)`
/// without a field path and then merges the errors of the best failing branch
/// (`mainResult.Merge(bestFailures)`), so those count too — a `format` error merged that way is
/// a blocking `TypeInvalid`. jsonschema keeps the branches' errors as `context`; the oracle takes
/// all of them. For the only composites of these CRDs (Gateway `spec.addresses[*]`: `oneOf` of
/// an `IPAddress` branch with `anyOf: [ipv4, ipv6]` and a `not` branch) that equals the best
/// branch: the `not` branch adds only a non-blocking `Invalid`.
fn push_error(
    obj: &Value,
    e: &jsonschema::ValidationError<'_>,
    within: &str,
    out: &mut Vec<Structural>,
) {
    use jsonschema::error::ValidationErrorKind as K;
    let (kind, keyword) = classify(e.kind());
    let mut path = k8s_path(obj, e.instance_path().as_str());
    if let K::Required { property } = e.kind() {
        path = join(&path, property.as_str().unwrap_or(""));
    }
    let composite = matches!(keyword, "oneOf" | "anyOf" | "not");
    if composite {
        // kube-openapi reports composite failures without a field path.
        path = String::new();
    }
    let keyword = if within.is_empty() {
        keyword.to_owned()
    } else {
        format!("{keyword} in {within}")
    };
    out.push(Structural {
        kind,
        path,
        keyword: keyword.clone(),
    });
    if let K::OneOfNotValid { context } | K::AnyOf { context } = e.kind() {
        for branch in context {
            for inner in branch {
                push_error(obj, inner, &keyword, out);
            }
        }
    }
}

fn preserves_unknown(s: &Value) -> bool {
    s.get("x-kubernetes-preserve-unknown-fields") == Some(&Value::Bool(true))
}

/// Unknown-field pruning and null pruning, as the apiextensions decoder does.
fn prune(s: &Value, v: &mut Value) {
    match v {
        Value::Object(m) => {
            let props = s.get("properties").and_then(Value::as_object);
            let additional = s.get("additionalProperties").filter(|a| a.is_object());
            if props.is_none() && additional.is_none() {
                if !preserves_unknown(s) && s.get("type") == Some(&Value::String("object".into())) {
                    m.clear();
                }
                return;
            }
            m.retain(|k, val| {
                let Some(ps) = props.and_then(|p| p.get(k)).or(additional) else {
                    return preserves_unknown(s);
                };
                // PruneNonNullableNullsWithoutDefaults.
                !(val.is_null()
                    && ps.get("nullable") != Some(&Value::Bool(true))
                    && ps.get("default").is_none())
            });
            for (k, val) in m.iter_mut() {
                if let Some(ps) = props.and_then(|p| p.get(k)).or(additional) {
                    prune(ps, val);
                }
            }
        }
        Value::Array(items) => {
            if let Some(is) = s.get("items") {
                items.iter_mut().for_each(|i| prune(is, i));
            }
        }
        _ => {}
    }
}

/// `structuraldefaulting.Default`: missing (or non-nullable null) properties get their default,
/// then every property is defaulted recursively (defaults included).
fn default(s: &Value, v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(props) = s.get("properties").and_then(Value::as_object) {
                for (k, ps) in props {
                    let Some(d) = ps.get("default") else { continue };
                    let missing = match m.get(k) {
                        None => true,
                        Some(Value::Null) => ps.get("nullable") != Some(&Value::Bool(true)),
                        Some(_) => false,
                    };
                    if missing {
                        m.insert(k.clone(), d.clone());
                    }
                }
                for (k, val) in m.iter_mut() {
                    if let Some(ps) = props.get(k) {
                        default(ps, val);
                    }
                }
            } else if let Some(a) = s.get("additionalProperties").filter(|a| a.is_object()) {
                m.values_mut().for_each(|val| default(a, val));
            }
        }
        Value::Array(items) => {
            if let Some(is) = s.get("items") {
                items.iter_mut().for_each(|i| default(is, i));
            }
        }
        _ => {}
    }
}

/// `structurallisttype.ValidateListSetsAndMaps`: items of a `set` list must be unique, items of
/// a `map` list unique by their keys (a missing key with a default counts as the default, which
/// defaulting already wrote). Neither kube-cel nor jsonschema checks this.
fn list_types(s: &Value, v: &Value, path: &mut String, out: &mut Vec<Structural>) {
    match v {
        Value::Object(m) => {
            let props = s.get("properties").and_then(Value::as_object);
            let additional = s.get("additionalProperties").filter(|a| a.is_object());
            for (k, val) in m {
                if let Some(ps) = props.and_then(|p| p.get(k)).or(additional) {
                    let len = path.len();
                    *path = join(path, k);
                    list_types(ps, val, path, out);
                    path.truncate(len);
                }
            }
        }
        Value::Array(items) => {
            match s.get("x-kubernetes-list-type").and_then(Value::as_str) {
                Some("set") => {
                    for (i, item) in items.iter().enumerate() {
                        if items[..i].contains(item) {
                            out.push(Structural {
                                kind: Kind::Duplicate,
                                path: format!("{path}[{i}]"),
                                keyword: "x-kubernetes-list-type".into(),
                            });
                        }
                    }
                }
                Some("map") => {
                    let keys: Vec<&str> = s["x-kubernetes-list-map-keys"]
                        .as_array()
                        .map(|a| a.iter().filter_map(Value::as_str).collect())
                        .unwrap_or_default();
                    let key_of = |item: &Value| -> Vec<Value> {
                        keys.iter()
                            .map(|k| item.get(*k).cloned().unwrap_or(Value::Null))
                            .collect()
                    };
                    for (i, item) in items.iter().enumerate() {
                        if !item.is_object() {
                            continue;
                        }
                        let key = key_of(item);
                        if items[..i].iter().any(|o| o.is_object() && key_of(o) == key) {
                            // With one key the API server points at the key field
                            // (`spec.listeners[1].name: Duplicate value: "http"`).
                            let at = if keys.len() == 1 {
                                format!("{path}[{i}].{}", keys[0])
                            } else {
                                format!("{path}[{i}]")
                            };
                            out.push(Structural {
                                kind: Kind::Duplicate,
                                path: at,
                                keyword: "x-kubernetes-list-type".into(),
                            });
                        }
                    }
                }
                _ => {}
            }
            if let Some(is) = s.get("items") {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    list_types(is, item, path, out);
                    path.truncate(len);
                }
            }
        }
        _ => {}
    }
}

pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A JSON pointer into `obj` as an API server field path (`spec.rules[0].matches`).
fn k8s_path(obj: &Value, pointer: &str) -> String {
    let mut out = String::new();
    let mut cur = obj;
    for raw in pointer.split('/').skip(1) {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        match cur {
            Value::Array(a) => {
                let i: usize = seg.parse().unwrap_or(0);
                out.push_str(&format!("[{i}]"));
                cur = a.get(i).unwrap_or(&Value::Null);
            }
            _ => {
                out = join(&out, &seg);
                cur = cur.get(&seg).unwrap_or(&Value::Null);
            }
        }
    }
    out
}

/// The API server's error type for a jsonschema error, as kube-openapi's validator reports the
/// same keyword (`enum` → `Unsupported value`, `maxLength` → `Too long` …).
fn classify(k: &jsonschema::error::ValidationErrorKind) -> (Kind, &'static str) {
    use jsonschema::error::ValidationErrorKind as K;
    match k {
        K::Type { .. } => (Kind::TypeInvalid, "type"),
        K::Required { .. } => (Kind::Required, "required"),
        K::Enum { .. } => (Kind::NotSupported, "enum"),
        K::MaxLength { .. } => (Kind::TooLong, "maxLength"),
        K::MaxItems { .. } => (Kind::TooMany, "maxItems"),
        K::MaxProperties { .. } => (Kind::TooMany, "maxProperties"),
        K::MinLength { .. } => (Kind::Invalid, "minLength"),
        K::MinItems { .. } => (Kind::Invalid, "minItems"),
        K::MinProperties { .. } => (Kind::Invalid, "minProperties"),
        K::Minimum { .. } | K::ExclusiveMinimum { .. } => (Kind::Invalid, "minimum"),
        K::Maximum { .. } | K::ExclusiveMaximum { .. } => (Kind::Invalid, "maximum"),
        K::Pattern { .. } => (Kind::Invalid, "pattern"),
        // go-openapi reports a failed `format` with `errors.InvalidType` ("must be of type
        // ipv4"), which apiextensions turns into `field.TypeInvalid` — a blocking error.
        K::Format { .. } => (Kind::TypeInvalid, "format"),
        K::OneOfNotValid { .. } | K::OneOfMultipleValid { .. } => (Kind::Invalid, "oneOf"),
        K::AnyOf { .. } => (Kind::Invalid, "anyOf"),
        K::Not { .. } => (Kind::Invalid, "not"),
        K::UniqueItems => (Kind::Duplicate, "uniqueItems"),
        _ => (Kind::Invalid, "other"),
    }
}

/// Counts by key, printed sorted.
#[derive(Default, Debug)]
pub struct Tally(pub BTreeMap<String, usize>);

impl Tally {
    pub fn add(&mut self, k: impl Into<String>) {
        *self.0.entry(k.into()).or_default() += 1;
    }
}

pub fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Required => "FieldValueRequired",
        Kind::Invalid => "FieldValueInvalid",
        Kind::TypeInvalid => "FieldValueTypeInvalid",
        Kind::NotSupported => "FieldValueNotSupported",
        Kind::TooLong => "FieldValueTooLong",
        Kind::TooMany => "FieldValueTooMany",
        Kind::Duplicate => "FieldValueDuplicate",
        Kind::NotServed => "KindNotServed",
    }
}

#[allow(dead_code)]
fn _assert_map(_: &Map<String, Value>) {}

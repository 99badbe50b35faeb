//! Opt-in warnings: what the spec asks of implementations, or says is meaningless, but the API
//! server admits. They run on the defaulted object and never change the verdict.
//!
//! Regular expressions are checked with the one policy the resolver and the router use
//! (`gateway_api_match::pattern`: the `regex` crate's syntax, RE2's ASCII classes, a size
//! limit), each distinct pattern of an object once. That syntax is RE2's (the syntax most
//! implementations accept) except for corners (Rust rejects a few escapes RE2 takes, `\C`) —
//! so a pattern flagged here is dropped by this project's resolver and very likely refused by
//! an RE2-based data plane, and a pattern that passes is not guaranteed to behave identically
//! in Envoy's or NGINX's engine.

use std::collections::HashMap;

use gateway_api_match::pattern;
use serde_json::Value;

use crate::error::Warning;
use crate::formats::parse_ip_sloppy;

fn items(v: Option<&Value>) -> impl Iterator<Item = (usize, &Value)> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

fn str_at<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

pub(crate) fn lint(kind: &str, namespaced: bool, raw: &Value, obj: &Value, out: &mut Vec<Warning>) {
    if !namespaced
        && raw
            .get("metadata")
            .and_then(|m| str_at(m, "namespace"))
            .is_some_and(|n| !n.is_empty())
    {
        out.push(Warning::new(
            Some("metadata.namespace".into()),
            "ClusterScopedNamespace",
            format!("{kind} is cluster-scoped: the API server ignores metadata.namespace"),
        ));
    }
    let spec = obj.get("spec");
    let spec = spec.unwrap_or(&Value::Null);
    match kind {
        "HTTPRoute" | "GRPCRoute" => {
            route_hostnames(spec, out);
            let mut regexes = Regexes::default();
            for (i, rule) in items(spec.get("rules")) {
                let rule_path = format!("spec.rules[{i}]");
                for (j, m) in items(rule.get("matches")) {
                    let match_path = format!("{rule_path}.matches[{j}]");
                    let mut lint = MatchLint {
                        path: &match_path,
                        regexes: &mut regexes,
                        out,
                    };
                    if kind == "HTTPRoute" {
                        lint.http_match(m);
                    } else {
                        lint.grpc_match(m);
                    }
                    lint.header_matches(m);
                }
                weights(rule, &rule_path, out);
            }
        }
        "TLSRoute" | "TCPRoute" | "UDPRoute" => {
            for (i, rule) in items(spec.get("rules")) {
                weights(rule, &format!("spec.rules[{i}]"), out);
            }
        }
        "Gateway" | "ListenerSet" => {
            for (i, l) in items(spec.get("listeners")) {
                if let Some(h) = str_at(l, "hostname")
                    && parse_ip_sloppy(h)
                {
                    out.push(Warning::new(
                            Some(format!("spec.listeners[{i}].hostname")),
                            "HostnameIsIp",
                            format!("{h:?} is an IP address; a listener hostname matches the Host header or SNI, which never carries an IP as a hostname (the spec: IP addresses are not valid hostnames)"),
                        ));
                }
            }
        }
        _ => {}
    }
}

fn route_hostnames(spec: &Value, out: &mut Vec<Warning>) {
    for (i, h) in items(spec.get("hostnames")) {
        let Some(h) = h.as_str() else { continue };
        if parse_ip_sloppy(h) {
            out.push(Warning::new(
                Some(format!("spec.hostnames[{i}]")),
                "HostnameIsIp",
                format!("{h:?} is an IP address: the spec says IPs are not valid hostnames (the API server admits it, but no request will match it as a hostname)"),
            ));
        }
    }
}

/// The verdict on each distinct pattern of one object, so that a route repeating a pattern
/// a thousand times compiles it once.
#[derive(Default)]
struct Regexes<'v> {
    verdicts: HashMap<&'v str, Option<String>>,
    /// Compilations done (each distinct pattern once).
    compiled: usize,
}

impl<'v> Regexes<'v> {
    /// Why `pattern` is refused, if it is.
    fn problem(&mut self, pattern: &'v str) -> Option<&str> {
        let compiled = &mut self.compiled;
        self.verdicts
            .entry(pattern)
            .or_insert_with(|| {
                *compiled += 1;
                pattern::check(pattern).err().map(|e| e.to_string())
            })
            .as_deref()
    }
}

/// The lints of one match of a route rule.
struct MatchLint<'a, 'v> {
    /// `spec.rules[i].matches[j]`.
    path: &'a str,
    regexes: &'a mut Regexes<'v>,
    out: &'a mut Vec<Warning>,
}

fn is_regex(v: &Value) -> bool {
    str_at(v, "type") == Some("RegularExpression")
}

impl<'v> MatchLint<'_, 'v> {
    fn check_regex(&mut self, field: &str, pattern: &'v str) {
        if let Some(reason) = self.regexes.problem(pattern) {
            let quoted = pattern::excerpt(pattern);
            self.out.push(Warning::new(
                Some(format!("{}.{field}", self.path)),
                "RegexSyntax",
                format!("{quoted:?} is not a valid regular expression ({reason}): this project's resolver drops the rule, and implementations using RE2 will likely reject it"),
            ));
        }
    }

    fn http_match(&mut self, m: &'v Value) {
        if let Some(p) = m.get("path")
            && is_regex(p)
            && let Some(v) = str_at(p, "value")
        {
            self.check_regex("path.value", v);
        }
        for (k, q) in items(m.get("queryParams")) {
            if is_regex(q)
                && let Some(v) = str_at(q, "value")
            {
                self.check_regex(&format!("queryParams[{k}].value"), v);
            }
        }
    }

    fn grpc_match(&mut self, m: &'v Value) {
        if let Some(method) = m.get("method")
            && is_regex(method)
        {
            for key in ["service", "method"] {
                if let Some(v) = str_at(method, key) {
                    self.check_regex(&format!("method.{key}"), v);
                }
            }
        }
    }

    fn header_matches(&mut self, m: &'v Value) {
        let mut seen: Vec<String> = Vec::new();
        for (k, h) in items(m.get("headers")) {
            if is_regex(h)
                && let Some(v) = str_at(h, "value")
            {
                self.check_regex(&format!("headers[{k}].value"), v);
            }
            let Some(name) = str_at(h, "name") else {
                continue;
            };
            let lower = name.to_ascii_lowercase();
            if seen.contains(&lower) {
                // "If multiple entries specify equivalent header names, only the first entry
                // with an equivalent name MUST be considered for a match."
                self.out.push(Warning::new(
                    Some(format!("{}.headers[{k}].name", self.path)),
                    "DuplicateHeaderMatch",
                    format!("header {name:?} is already matched earlier in this match (header names are case-insensitive); only the first matcher counts"),
                ));
            } else {
                seen.push(lower);
            }
        }
    }
}

fn weights(rule: &Value, path: &str, out: &mut Vec<Warning>) {
    let refs: Vec<&Value> = items(rule.get("backendRefs")).map(|(_, r)| r).collect();
    if refs.is_empty() {
        return;
    }
    // The API server defaults `weight` to 1, so a zero here was written on purpose.
    if refs
        .iter()
        .all(|r| r.get("weight").and_then(Value::as_i64) == Some(0))
    {
        out.push(Warning::new(
            Some(format!("{path}.backendRefs")),
            "AllWeightsZero",
            "every backendRef has weight 0: no request is forwarded, the rule answers with errors (HTTP 500)",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(kind: &str, obj: &Value) -> Vec<&'static str> {
        let mut out = Vec::new();
        lint(kind, true, obj, obj, &mut out);
        out.iter().map(|w| w.code).collect()
    }

    #[test]
    fn flags_what_the_spec_warns_about() {
        let route = json!({"spec": {
            "hostnames": ["10.0.0.1", "example.com"],
            "rules": [{
                "matches": [{
                    "path": {"type": "RegularExpression", "value": "/(unclosed"},
                    "headers": [{"name": "X-A", "value": "1"}, {"name": "x-a", "value": "2"}],
                }],
                "backendRefs": [{"name": "a", "weight": 0}],
            }],
        }});
        assert_eq!(
            run("HTTPRoute", &route),
            vec![
                "HostnameIsIp",
                "RegexSyntax",
                "DuplicateHeaderMatch",
                "AllWeightsZero"
            ]
        );
        let grpc = json!({"spec": {"rules": [{"matches": [{"method": {"type": "RegularExpression", "service": "a[", "method": "ok"}}]}]}});
        assert_eq!(run("GRPCRoute", &grpc), vec!["RegexSyntax"]);
        let gw = json!({"spec": {"listeners": [{"name": "a", "hostname": "192.168.0.1"}]}});
        assert_eq!(run("Gateway", &gw), vec!["HostnameIsIp"]);
        let fine = json!({"spec": {"rules": [{"matches": [{"path": {"type": "RegularExpression", "value": "/v[0-9]+/.*"}}], "backendRefs": [{"name": "a", "weight": 1}]}]}});
        assert!(run("HTTPRoute", &fine).is_empty());
    }

    /// Issue 12: "lint compiles each distinct pattern once under the shared size limit" (an
    /// HTTPRoute of ~1,000 `\w{100}` matches took ~55 s when each was compiled on its own with
    /// Unicode classes).
    #[test]
    fn each_distinct_pattern_is_compiled_once() {
        let matches: Vec<Value> = (0..1000)
            .map(|i| {
                json!({
                    "path": {"type": "RegularExpression", "value": r"\w{100}"},
                    "headers": [{"name": "x", "type": "RegularExpression", "value": format!("v{}", i % 3)}],
                })
            })
            .collect();
        let route = json!({"spec": {"rules": [{"matches": matches}]}});
        let spec = &route["spec"];
        let mut regexes = Regexes::default();
        let mut out = Vec::new();
        for (j, m) in items(spec["rules"][0].get("matches")) {
            let path = format!("spec.rules[0].matches[{j}]");
            let mut lint = MatchLint {
                path: &path,
                regexes: &mut regexes,
                out: &mut out,
            };
            lint.http_match(m);
            lint.header_matches(m);
        }
        assert!(out.is_empty(), "{out:?}");
        // `\w{100}` and `v0`, `v1`, `v2`.
        assert_eq!(regexes.compiled, 4);
    }

    /// The size limit is the router's, and a long pattern is quoted shortened.
    #[test]
    fn size_limit_and_long_patterns() {
        let big = format!("(?:{}){{1000}}", r"\w".repeat(1000));
        let route = json!({"spec": {"rules": [{"matches": [{"path": {"type": "RegularExpression", "value": big}}]}]}});
        let mut out = Vec::new();
        lint("HTTPRoute", true, &route, &route, &mut out);
        assert_eq!(out.len(), 1);
        let w = &out[0];
        assert_eq!(w.code, "RegexSyntax");
        assert_eq!(
            w.field.as_deref(),
            Some("spec.rules[0].matches[0].path.value")
        );
        assert!(
            w.message.contains("size limit of 1048576 bytes"),
            "{}",
            w.message
        );
        assert!(w.message.len() < 400, "{}", w.message);
        assert!(w.message.contains("(2010 bytes)"), "{}", w.message);
    }
}

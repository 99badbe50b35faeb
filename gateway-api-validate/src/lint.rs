//! Opt-in warnings: what the spec asks of implementations, or says is meaningless, but the API
//! server admits. They run on the defaulted object and never change the verdict.
//!
//! Regular expressions are compiled with the `regex` crate, whose syntax is RE2's (the syntax
//! most implementations accept) except for corners: `\d`, `\w`, `\s` and `\b` are Unicode-aware
//! in Rust and ASCII in RE2, and Rust rejects a few escapes RE2 takes (`\C`) — so a pattern
//! flagged here is very likely refused by an RE2-based data plane, and a pattern that passes is
//! not guaranteed to behave identically in Envoy's or NGINX's engine.

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
            for (i, rule) in items(spec.get("rules")) {
                let rule_path = format!("spec.rules[{i}]");
                for (j, m) in items(rule.get("matches")) {
                    let match_path = format!("{rule_path}.matches[{j}]");
                    if kind == "HTTPRoute" {
                        http_match(m, &match_path, out);
                    } else {
                        grpc_match(m, &match_path, out);
                    }
                    header_matches(m, &match_path, out);
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

fn check_regex(field: String, pattern: &str, out: &mut Vec<Warning>) {
    if let Err(e) = regex::Regex::new(pattern) {
        let reason = e
            .to_string()
            .lines()
            .last()
            .unwrap_or_default()
            .trim()
            .to_owned();
        out.push(Warning::new(
            Some(field),
            "RegexSyntax",
            format!("{pattern:?} is not a valid RE2 regular expression ({reason}); implementations will reject the rule"),
        ));
    }
}

fn is_regex(v: &Value) -> bool {
    str_at(v, "type") == Some("RegularExpression")
}

fn http_match(m: &Value, path: &str, out: &mut Vec<Warning>) {
    if let Some(p) = m.get("path")
        && is_regex(p)
        && let Some(v) = str_at(p, "value")
    {
        check_regex(format!("{path}.path.value"), v, out);
    }
    for (k, q) in items(m.get("queryParams")) {
        if is_regex(q)
            && let Some(v) = str_at(q, "value")
        {
            check_regex(format!("{path}.queryParams[{k}].value"), v, out);
        }
    }
}

fn grpc_match(m: &Value, path: &str, out: &mut Vec<Warning>) {
    if let Some(method) = m.get("method")
        && is_regex(method)
    {
        for key in ["service", "method"] {
            if let Some(v) = str_at(method, key) {
                check_regex(format!("{path}.method.{key}"), v, out);
            }
        }
    }
}

fn header_matches(m: &Value, path: &str, out: &mut Vec<Warning>) {
    let mut seen: Vec<String> = Vec::new();
    for (k, h) in items(m.get("headers")) {
        if is_regex(h)
            && let Some(v) = str_at(h, "value")
        {
            check_regex(format!("{path}.headers[{k}].value"), v, out);
        }
        let Some(name) = str_at(h, "name") else {
            continue;
        };
        let lower = name.to_ascii_lowercase();
        if seen.contains(&lower) {
            // "If multiple entries specify equivalent header names, only the first entry with
            // an equivalent name MUST be considered for a match."
            out.push(Warning::new(
                Some(format!("{path}.headers[{k}].name")),
                "DuplicateHeaderMatch",
                format!("header {name:?} is already matched earlier in this match (header names are case-insensitive); only the first matcher counts"),
            ));
        } else {
            seen.push(lower);
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
}

//! The native CEL rules against their CEL texts: every rule text of both vendored upstream CRD
//! channels has a native check, and each rule has a value that satisfies it and one that
//! violates it (or makes CEL fail to evaluate), with verdicts read off the CEL text. The values
//! are read as they are (no schema), so each rule is tested alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::rules;
use gateway_api_types::rules as t;
use serde_json::{Value, json};

/// What CEL makes of a rule on a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Verdict {
    /// The rule evaluates to `true`.
    Holds,
    /// The rule evaluates to `false`: the API server reports the rule's message.
    Violated,
    /// Evaluation raises an error (`no such key`, a failed conversion): the API server rejects
    /// the object with an "evaluating rule" error.
    Error,
}
use Verdict::{Error, Holds, Violated};

/// The rule texts of one channel's CRDs, in file order.
fn upstream_rules(channel: &str) -> BTreeSet<String> {
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(rules)) = m.get("x-kubernetes-validations") {
                    for r in rules {
                        if let Some(text) = r.get("rule").and_then(Value::as_str) {
                            out.insert(text.to_owned());
                        }
                    }
                }
                m.values().for_each(|c| walk(c, out));
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, out)),
            _ => {}
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/upstream/crds")
        .join(channel);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for doc in serde_saphyr::from_multiple::<Value>(&text).unwrap() {
            walk(&doc, &mut out);
        }
    }
    out
}

#[test]
fn every_upstream_rule_has_a_native_check() {
    let mut all = BTreeSet::new();
    let mut report = Vec::new();
    for channel in ["standard", "experimental"] {
        let texts = upstream_rules(channel);
        let missing: Vec<_> = texts
            .iter()
            .filter(|r| rules::lookup_eval(r).is_none())
            .collect();
        let covered = texts.len() - missing.len();
        report.push(format!(
            "{channel}: {covered}/{} rules covered",
            texts.len()
        ));
        assert!(
            missing.is_empty(),
            "{channel}: no native check for {missing:#?}"
        );
        all.extend(texts);
    }
    report.push(format!(
        "both: {}/{} distinct rules covered",
        all.len(),
        all.len()
    ));
    println!("{}", report.join("\n"));
    // v1.6.1: 79 distinct texts in standard, 94 in experimental, 96 across both.
    assert_eq!(all.len(), 96);
    // No stale entries: every native rule is an upstream rule, and each text appears once.
    let native: Vec<_> = rules::all_rules().map(|r| r.text).collect();
    let distinct: BTreeSet<_> = native.iter().copied().collect();
    assert_eq!(
        native.len(),
        distinct.len(),
        "a rule text is in the table twice"
    );
    for text in native {
        assert!(
            all.contains(text),
            "native rule not in upstream CRDs: {text}"
        );
    }
}

#[test]
fn channel_rule_counts() {
    assert_eq!(upstream_rules("standard").len(), 79);
    assert_eq!(upstream_rules("experimental").len(), 94);
}

/// A Gateway API parentRef after defaulting (`group`, `kind`).
fn parent(extra: Value) -> Value {
    let mut v = json!({"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "gw"});
    if let (Some(m), Value::Object(extra)) = (v.as_object_mut(), extra) {
        m.extend(extra);
    }
    v
}

/// A targetRef of a BackendTLSPolicy.
fn target(extra: Value) -> Value {
    let mut v = json!({"group": "", "kind": "Service", "name": "svc"});
    if let (Some(m), Value::Object(extra)) = (v.as_object_mut(), extra) {
        m.extend(extra);
    }
    v
}

/// HTTPRoute or GRPCRoute rules with the given numbers of matches.
fn rules_with_matches(counts: &[usize]) -> Value {
    Value::Array(
        counts
            .iter()
            .map(|&n| json!({"matches": vec![json!({"path": {"type": "PathPrefix", "value": "/"}}); n]}))
            .collect(),
    )
}

/// A filter that replaces the prefix match, as a RequestRedirect or URLRewrite.
fn prefix_filter(kind: &str) -> Value {
    let (ty, field) = match kind {
        "redirect" => ("RequestRedirect", "requestRedirect"),
        _ => ("URLRewrite", "urlRewrite"),
    };
    json!({"type": ty, field: {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/new"}}})
}

fn path_match(ty: &str) -> Value {
    json!({"path": {"type": ty, "value": "/a"}})
}

fn path(ty: &str, value: &str) -> Value {
    json!({"type": ty, "value": value})
}

/// `(rule, self, oldSelf, verdict)` rows: minimal values for the node carrying the rule, after
/// defaulting, each satisfying the rule or breaking it alone.
fn cases() -> Vec<(&'static str, Value, Option<Value>, Verdict)> {
    let mut c: Vec<(&'static str, Value, Option<Value>, Verdict)> = Vec::new();
    let mut add = |rule: &'static str, v: Value, want: Verdict| c.push((rule, v, None, want));

    // --- targetRefs (BackendTLSPolicy) ---
    let r = t::TARGET_REFS_SECTION_NAME_SPECIFIED.rule;
    add(
        r,
        json!([target(json!({})), target(json!({"name": "other"}))]),
        Holds,
    );
    add(
        r,
        json!([
            target(json!({"sectionName": "a"})),
            target(json!({"sectionName": "b"}))
        ]),
        Holds,
    );
    add(
        r,
        json!([target(json!({"sectionName": "a"})), target(json!({}))]),
        Violated,
    );
    // '' counts as unset on both sides.
    add(
        r,
        json!([target(json!({"sectionName": ""})), target(json!({}))]),
        Holds,
    );
    let r = t::TARGET_REFS_SECTION_NAME_UNIQUE.rule;
    add(
        r,
        json!([
            target(json!({"sectionName": "a"})),
            target(json!({"sectionName": "b"}))
        ]),
        Holds,
    );
    add(r, json!([target(json!({}))]), Holds);
    add(
        r,
        json!([
            target(json!({"sectionName": "a"})),
            target(json!({"sectionName": "a"}))
        ]),
        Violated,
    );
    add(
        r,
        json!([target(json!({"sectionName": ""})), target(json!({}))]),
        Violated,
    );

    // --- parentRefs ---
    let r = t::PARENT_REFS_SECTION_NAME_SPECIFIED.rule;
    add(
        r,
        json!([
            parent(json!({"sectionName": "http"})),
            parent(json!({"sectionName": "https"}))
        ]),
        Holds,
    );
    add(
        r,
        json!([
            parent(json!({"namespace": "a", "sectionName": "x"})),
            parent(json!({"namespace": "b"}))
        ]),
        Holds,
    );
    add(
        r,
        json!([parent(json!({"sectionName": "http"})), parent(json!({}))]),
        Violated,
    );
    // An empty namespace is the same parent as an unset one.
    add(
        r,
        json!([
            parent(json!({"namespace": "", "sectionName": "x"})),
            parent(json!({}))
        ]),
        Violated,
    );
    // Without the defaulted `group`, `p1.group` raises no such key.
    add(r, json!([{"kind": "Gateway", "name": "gw"}]), Error);
    let r = t::PARENT_REFS_SECTION_NAME_UNIQUE.rule;
    add(
        r,
        json!([
            parent(json!({"sectionName": "a"})),
            parent(json!({"sectionName": "b"}))
        ]),
        Holds,
    );
    add(
        r,
        json!([
            parent(json!({"namespace": "a"})),
            parent(json!({"namespace": "b"}))
        ]),
        Holds,
    );
    add(
        r,
        json!([
            parent(json!({"sectionName": "a"})),
            parent(json!({"sectionName": "a"}))
        ]),
        Violated,
    );
    add(r, json!([parent(json!({})), parent(json!({}))]), Violated);
    let r = t::PARENT_REFS_SECTION_NAME_OR_PORT_SPECIFIED.rule;
    add(
        r,
        json!([parent(json!({"port": 80})), parent(json!({"port": 443}))]),
        Holds,
    );
    // Port 0 counts as unset.
    add(
        r,
        json!([parent(json!({"port": 0})), parent(json!({}))]),
        Holds,
    );
    add(
        r,
        json!([parent(json!({"port": 80})), parent(json!({}))]),
        Violated,
    );
    add(
        r,
        json!([parent(json!({"sectionName": "a"})), parent(json!({}))]),
        Violated,
    );
    let r = t::PARENT_REFS_SECTION_NAME_OR_PORT_UNIQUE.rule;
    add(
        r,
        json!([parent(json!({"port": 80})), parent(json!({"port": 443}))]),
        Holds,
    );
    add(
        r,
        json!([
            parent(json!({"sectionName": "a", "port": 80})),
            parent(json!({"sectionName": "a", "port": 443}))
        ]),
        Holds,
    );
    add(
        r,
        json!([parent(json!({"port": 80})), parent(json!({"port": 80}))]),
        Violated,
    );
    add(
        r,
        json!([parent(json!({"port": 0})), parent(json!({}))]),
        Violated,
    );

    // --- backendRefs ---
    let r = t::BACKEND_REF_SERVICE_PORT.rule;
    add(
        r,
        json!({"group": "", "kind": "Service", "name": "s", "port": 80}),
        Holds,
    );
    add(
        r,
        json!({"group": "example.com", "kind": "Backend", "name": "b"}),
        Holds,
    );
    add(
        r,
        json!({"group": "", "kind": "Service", "name": "s"}),
        Violated,
    );
    // Undefaulted: `size(self.group)` fails, and `error && true` is an error...
    add(r, json!({"kind": "Service", "name": "s"}), Error);
    // ...while `error && false` is false, so the rule holds.
    add(r, json!({"kind": "Backend", "name": "s"}), Holds);

    // --- Gateway addresses ---
    let r = t::ADDRESSES_IP_UNIQUE.rule;
    add(
        r,
        json!([{"type": "IPAddress", "value": "10.0.0.1"}, {"type": "IPAddress", "value": "10.0.0.2"}]),
        Holds,
    );
    add(
        r,
        json!([{"type": "IPAddress"}, {"type": "IPAddress"}]),
        Holds,
    );
    add(
        r,
        json!([{"type": "Hostname", "value": "a"}, {"type": "Hostname", "value": "a"}]),
        Holds,
    );
    add(
        r,
        json!([{"type": "IPAddress", "value": "10.0.0.1"}, {"type": "IPAddress", "value": "10.0.0.1"}]),
        Violated,
    );
    let r = t::ADDRESSES_HOSTNAME_UNIQUE.rule;
    add(
        r,
        json!([{"type": "Hostname", "value": "a"}, {"type": "Hostname", "value": "b"}]),
        Holds,
    );
    add(
        r,
        json!([{"type": "IPAddress", "value": "1.1.1.1"}, {"type": "IPAddress", "value": "1.1.1.1"}]),
        Holds,
    );
    add(
        r,
        json!([{"type": "Hostname", "value": "a"}, {"type": "Hostname", "value": "a"}]),
        Violated,
    );
    let r = t::SPEC_ADDRESS_HOSTNAME.rule;
    add(
        r,
        json!({"type": "Hostname", "value": "*.example.com"}),
        Holds,
    );
    add(r, json!({"type": "Hostname"}), Holds);
    add(
        r,
        json!({"type": "IPAddress", "value": "Not A Hostname"}),
        Holds,
    );
    add(
        r,
        json!({"type": "Hostname", "value": "Example.com"}),
        Violated,
    );
    add(r, json!({"type": "Hostname", "value": "a..b"}), Violated);
    let r = t::STATUS_ADDRESS_HOSTNAME.rule;
    add(
        r,
        json!({"type": "Hostname", "value": "lb.example.com"}),
        Holds,
    );
    add(r, json!({"type": "Hostname", "value": "lb_1"}), Violated);
    add(r, json!({"type": "Hostname"}), Error);

    // --- Gateway infrastructure ---
    let r = t::INFRASTRUCTURE_KEY_FORMAT;
    add(
        r,
        json!({"app": "x", "example.com/team": "y", "a": ""}),
        Holds,
    );
    add(r, json!({}), Holds);
    add(r, json!({ "a".repeat(63): "" }), Holds);
    add(r, json!({"-bad": ""}), Violated);
    add(r, json!({"Example.com/x": ""}), Violated);
    add(r, json!({"a/b/c": ""}), Violated);
    add(r, json!({ "a".repeat(64): "" }), Violated);
    let r = t::INFRASTRUCTURE_KEY_PREFIX_LENGTH;
    add(r, json!({ format!("{}/x", "a".repeat(252)): "" }), Holds);
    add(r, json!({ format!("{}/x", "a".repeat(253)): "" }), Violated);
    // Without a '/', split("/")[0] is the whole key.
    add(r, json!({ "a".repeat(253): "" }), Violated);
    // Code points, not bytes: 252 two-byte characters.
    add(r, json!({ format!("{}/x", "é".repeat(252)): "" }), Holds);

    // --- listeners ---
    let r = t::LISTENER_TLS_FORBIDDEN.rule;
    add(
        r,
        json!([{"name": "a", "port": 80, "protocol": "HTTP"}]),
        Holds,
    );
    add(
        r,
        json!([{"name": "a", "port": 443, "protocol": "HTTPS", "tls": {"mode": "Terminate"}}]),
        Holds,
    );
    add(
        r,
        json!([{"name": "a", "port": 80, "protocol": "TCP", "tls": {"mode": "Terminate"}}]),
        Violated,
    );
    add(r, json!([{"name": "a", "port": 80}]), Error);
    let r = t::LISTENER_HTTPS_TLS_MODE.rule;
    add(
        r,
        json!([{"protocol": "HTTPS", "tls": {"mode": "Terminate"}}]),
        Holds,
    );
    add(r, json!([{"protocol": "HTTPS"}]), Holds);
    add(
        r,
        json!([{"protocol": "TLS", "tls": {"mode": "Passthrough"}}]),
        Holds,
    );
    add(
        r,
        json!([{"protocol": "HTTPS", "tls": {"mode": "Passthrough"}}]),
        Violated,
    );
    let r = t::LISTENER_TLS_MODE_SET.rule;
    add(
        r,
        json!([{"protocol": "TLS", "tls": {"mode": "Passthrough"}}]),
        Holds,
    );
    add(r, json!([{"protocol": "HTTP"}]), Holds);
    add(r, json!([{"protocol": "TLS"}]), Violated);
    add(r, json!([{"protocol": "TLS", "tls": {}}]), Violated);
    add(
        r,
        json!([{"protocol": "TLS", "tls": {"mode": ""}}]),
        Violated,
    );
    let r = t::LISTENER_HOSTNAME_FORBIDDEN.rule;
    add(
        r,
        json!([{"protocol": "TCP"}, {"protocol": "UDP", "hostname": ""}]),
        Holds,
    );
    add(r, json!([{"protocol": "HTTP", "hostname": "a.com"}]), Holds);
    add(
        r,
        json!([{"protocol": "UDP", "hostname": "a.com"}]),
        Violated,
    );
    let r = t::LISTENER_NAME_UNIQUE.rule;
    add(r, json!([{"name": "a"}, {"name": "b"}]), Holds);
    add(r, json!([{"name": "a"}, {"name": "a"}]), Violated);
    let r = t::GATEWAY_LISTENER_UNIQUE.rule;
    add(
        r,
        json!([{"port": 80, "protocol": "HTTP", "hostname": "a"}, {"port": 80, "protocol": "HTTP", "hostname": "b"}]),
        Holds,
    );
    add(
        r,
        json!([{"port": 80, "protocol": "HTTP"}, {"port": 80, "protocol": "HTTPS"}]),
        Holds,
    );
    // An unset hostname differs from an empty one.
    add(
        r,
        json!([{"port": 80, "protocol": "HTTP"}, {"port": 80, "protocol": "HTTP", "hostname": ""}]),
        Holds,
    );
    add(
        r,
        json!([{"port": 80, "protocol": "HTTP"}, {"port": 80, "protocol": "HTTP"}]),
        Violated,
    );
    add(
        r,
        json!([{"port": 80, "protocol": "HTTP", "hostname": "a"}, {"port": 80, "protocol": "HTTP", "hostname": "a"}]),
        Violated,
    );
    let r = t::LISTENER_SET_LISTENER_UNIQUE.rule;
    add(
        r,
        json!([{"protocol": "HTTP"}, {"protocol": "HTTP"}]),
        Holds,
    );
    add(
        r,
        json!([{"port": 80, "protocol": "HTTP"}, {"protocol": "HTTP"}]),
        Holds,
    );
    add(
        r,
        json!([{"port": 80, "protocol": "HTTP"}, {"port": 80, "protocol": "HTTP"}]),
        Violated,
    );
    let r = t::LISTENER_TLS_TERMINATE_CERTIFICATES.rule;
    add(
        r,
        json!({"mode": "Terminate", "certificateRefs": [{"name": "c"}]}),
        Holds,
    );
    add(
        r,
        json!({"mode": "Terminate", "certificateRefs": [], "options": {"k": "v"}}),
        Holds,
    );
    // `error || true` is true.
    add(
        r,
        json!({"mode": "Terminate", "options": {"k": "v"}}),
        Holds,
    );
    add(r, json!({"mode": "Passthrough"}), Holds);
    add(
        r,
        json!({"mode": "Terminate", "certificateRefs": [], "options": {}}),
        Violated,
    );
    // Neither field: `size(self.certificateRefs)` raises no such key.
    add(r, json!({"mode": "Terminate"}), Error);
    add(
        r,
        json!({"mode": "Terminate", "certificateRefs": []}),
        Error,
    );
    let r = t::FRONTEND_PER_PORT_UNIQUE.rule;
    add(
        r,
        json!([{"port": 443, "tls": {}}, {"port": 8443, "tls": {}}]),
        Holds,
    );
    add(
        r,
        json!([{"port": 443, "tls": {}}, {"port": 443, "tls": {}}]),
        Violated,
    );

    // --- route rules ---
    let r = t::HTTP_RULES_MATCHES_TOTAL.rule;
    add(r, rules_with_matches(&[1]), Holds);
    add(r, rules_with_matches(&[64, 64]), Holds);
    add(r, rules_with_matches(&[64, 64, 1]), Violated);
    // Only the first 16 rules are counted (there may be no more than 16).
    add(r, rules_with_matches(&[8; 17]), Holds);
    add(r, json!([{}]), Error);
    let r = t::GRPC_RULES_MATCHES_TOTAL.rule;
    add(r, json!([{}, {"matches": []}]), Holds);
    add(r, rules_with_matches(&[64, 63, 1]), Holds);
    add(r, rules_with_matches(&[64, 64, 1]), Violated);
    let r = t::RULE_NAME_UNIQUE.rule;
    add(r, json!([{"name": "a"}, {"name": "b"}, {}, {}]), Holds);
    add(r, json!([{"name": "a"}, {}, {"name": "a"}]), Violated);

    let redirect = json!({"type": "RequestRedirect", "requestRedirect": {}});
    let r = t::HTTP_RULE_REDIRECT_WITHOUT_BACKENDS.rule;
    add(
        r,
        json!({"backendRefs": [{"name": "s"}], "filters": [{"type": "RequestHeaderModifier", "requestHeaderModifier": {}}]}),
        Holds,
    );
    add(r, json!({"backendRefs": [], "filters": [redirect]}), Holds);
    add(r, json!({"filters": [redirect]}), Holds);
    add(
        r,
        json!({"backendRefs": [{"name": "s"}], "filters": [redirect]}),
        Violated,
    );
    for (r, kind) in [
        (t::HTTP_RULE_REDIRECT_PREFIX_MATCH.rule, "redirect"),
        (t::HTTP_RULE_REWRITE_PREFIX_MATCH.rule, "rewrite"),
    ] {
        let f = prefix_filter(kind);
        add(
            r,
            json!({"matches": [path_match("PathPrefix")], "filters": [f]}),
            Holds,
        );
        add(
            r,
            json!({"matches": [path_match("Exact")], "filters": []}),
            Holds,
        );
        // exists_one: two such filters escape the rule.
        add(
            r,
            json!({"matches": [path_match("Exact")], "filters": [f, f]}),
            Holds,
        );
        add(
            r,
            json!({"matches": [path_match("Exact")], "filters": [f]}),
            Violated,
        );
        add(
            r,
            json!({"matches": [path_match("PathPrefix"), path_match("PathPrefix")], "filters": [f]}),
            Violated,
        );
        add(r, json!({"matches": [{}], "filters": [f]}), Violated);
        add(r, json!({"filters": [f]}), Error);
    }
    for (r, kind) in [
        (t::HTTP_RULE_BACKEND_REDIRECT_PREFIX_MATCH.rule, "redirect"),
        (t::HTTP_RULE_BACKEND_REWRITE_PREFIX_MATCH.rule, "rewrite"),
    ] {
        let b = json!({"name": "s", "filters": [prefix_filter(kind)]});
        add(
            r,
            json!({"matches": [path_match("PathPrefix")], "backendRefs": [b]}),
            Holds,
        );
        add(
            r,
            json!({"matches": [path_match("Exact")], "backendRefs": [{"name": "s"}]}),
            Holds,
        );
        // exists_one over backendRefs: two such backendRefs escape the rule.
        add(
            r,
            json!({"matches": [path_match("Exact")], "backendRefs": [b, b]}),
            Holds,
        );
        add(
            r,
            json!({"matches": [path_match("Exact")], "backendRefs": [b]}),
            Violated,
        );
    }

    // --- HTTPRoute path matches ---
    for (r, bad) in [
        (t::PATH_MATCH_ABSOLUTE.rule, "a"),
        (t::PATH_MATCH_NO_DOUBLE_SLASH.rule, "/a//b"),
        (t::PATH_MATCH_NO_DOT_SEGMENT.rule, "/a/./b"),
        (t::PATH_MATCH_NO_DOT_DOT_SEGMENT.rule, "/a/../b"),
        (t::PATH_MATCH_NO_ENCODED_SLASH_LOWER.rule, "/a%2fb"),
        (t::PATH_MATCH_NO_ENCODED_SLASH_UPPER.rule, "/a%2Fb"),
        (t::PATH_MATCH_NO_FRAGMENT.rule, "/a#b"),
        (t::PATH_MATCH_NO_TRAILING_DOT_DOT.rule, "/a/.."),
        (t::PATH_MATCH_NO_TRAILING_DOT.rule, "/a/."),
        (t::PATH_MATCH_CHARACTERS.rule, "/a b"),
    ] {
        add(r, path("PathPrefix", "/a/b"), Holds);
        add(r, path("Exact", bad), Violated);
        add(r, path("PathPrefix", bad), Violated);
        add(r, path("RegularExpression", bad), Holds);
    }
    add(
        t::PATH_MATCH_NO_ENCODED_SLASH_LOWER.rule,
        path("Exact", "/a%2Fb"),
        Holds,
    );
    add(
        t::PATH_MATCH_NO_TRAILING_DOT.rule,
        path("Exact", "/a/.."),
        Holds,
    );
    add(
        t::PATH_MATCH_CHARACTERS.rule,
        path("Exact", "/a-b_c~%20!$&'()*+,;=:@"),
        Holds,
    );
    add(
        t::PATH_MATCH_CHARACTERS.rule,
        path("Exact", "/%zz"),
        Violated,
    );
    add(t::PATH_MATCH_CHARACTERS.rule, path("Exact", "/é"), Violated);
    add(
        t::PATH_MATCH_CHARACTERS.rule,
        path("Exact", "/a\n"),
        Violated,
    );
    let r = t::PATH_MATCH_TYPE.rule;
    add(r, path("Exact", "/"), Holds);
    add(r, path("RegularExpression", "/"), Holds);
    add(r, path("Prefix", "/"), Violated);

    let r = t::TIMEOUTS_BACKEND_REQUEST.rule;
    add(r, json!({"request": "10s", "backendRequest": "5s"}), Holds);
    add(r, json!({"request": "1m", "backendRequest": "60s"}), Holds);
    add(r, json!({"request": "0s", "backendRequest": "1h"}), Holds);
    add(r, json!({"backendRequest": "1h"}), Holds);
    add(
        r,
        json!({"request": "1s", "backendRequest": "1s1ms"}),
        Violated,
    );
    add(r, json!({"request": "10x", "backendRequest": "1s"}), Error);

    // --- GRPCRoute method matches ---
    let r = t::GRPC_METHOD_SERVICE_OR_METHOD.rule;
    add(r, json!({"type": "Exact", "service": "a"}), Holds);
    add(
        r,
        json!({"type": "RegularExpression", "method": "a"}),
        Holds,
    );
    add(r, json!({}), Holds);
    add(r, json!({"type": "Exact"}), Violated);
    let r = t::GRPC_METHOD_SERVICE_CHARACTERS.rule;
    add(
        r,
        json!({"type": "Exact", "service": "foo.bar.Baz_1"}),
        Holds,
    );
    add(r, json!({"service": ".a"}), Holds);
    add(
        r,
        json!({"type": "RegularExpression", "service": "foo/.*"}),
        Holds,
    );
    // RE2's (?i) folds K (U+212A KELVIN SIGN) to k.
    add(r, json!({"type": "Exact", "service": "\u{212A}"}), Holds);
    add(r, json!({"type": "Exact", "service": "foo/bar"}), Violated);
    add(r, json!({"type": "Exact", "service": "1foo"}), Violated);
    let r = t::GRPC_METHOD_METHOD_CHARACTERS.rule;
    add(r, json!({"type": "Exact", "method": "Get_1"}), Holds);
    add(
        r,
        json!({"type": "RegularExpression", "method": "1.*"}),
        Holds,
    );
    add(r, json!({"type": "Exact", "method": "1Get"}), Violated);
    add(r, json!({"method": "Get.All"}), Violated);

    // --- TLSRoute hostnames ---
    let r = t::HOSTNAMES_NOT_IP.rule;
    add(r, json!(["example.com", "*.example.com"]), Holds);
    // The Kubernetes IP library refuses IPv4-mapped IPv6, so it is no IP here.
    add(r, json!(["::ffff:1.2.3.4"]), Holds);
    add(r, json!(["01.2.3.4"]), Holds);
    add(r, json!(["example.com", "1.2.3.4"]), Violated);
    add(r, json!(["::1"]), Violated);
    let r = t::HOSTNAMES_RFC_1123.rule;
    add(r, json!(["a.example.com", "*.x", "*"]), Holds);
    add(r, json!(["Example.com"]), Violated);
    add(r, json!(["a..b"]), Violated);
    let r = t::HOSTNAMES_WILDCARD.rule;
    add(r, json!(["*.example.com", "foo"]), Holds);
    add(r, json!(["foo.*.com"]), Violated);
    add(r, json!(["*"]), Violated);
    add(r, json!(["*."]), Violated);
    add(r, json!(["*.Example.com"]), Violated);

    // --- session persistence ---
    let r = t::SESSION_PERMANENT_ABSOLUTE_TIMEOUT.rule;
    add(
        r,
        json!({"type": "Cookie", "cookieConfig": {"lifetimeType": "Permanent"}, "absoluteTimeout": "1h"}),
        Holds,
    );
    add(
        r,
        json!({"type": "Cookie", "cookieConfig": {"lifetimeType": "Session"}}),
        Holds,
    );
    add(r, json!({"type": "Cookie", "cookieConfig": {}}), Holds);
    add(r, json!({"type": "Cookie"}), Holds);
    add(
        r,
        json!({"type": "Cookie", "cookieConfig": {"lifetimeType": "Permanent"}}),
        Violated,
    );
    let r = t::SESSION_COOKIE_CONFIG_TYPE.rule;
    add(r, json!({"type": "Cookie", "cookieConfig": {}}), Holds);
    add(r, json!({"type": "Header"}), Holds);
    add(r, json!({"type": "Header", "cookieConfig": {}}), Violated);

    // --- filter lists ---
    let r = t::FILTERS_REDIRECT_OR_REWRITE.rule;
    add(
        r,
        json!([{"type": "RequestRedirect"}, {"type": "CORS"}]),
        Holds,
    );
    add(r, json!([{"type": "URLRewrite"}]), Holds);
    add(
        r,
        json!([{"type": "RequestRedirect"}, {"type": "URLRewrite"}]),
        Violated,
    );
    for (r, ty) in [
        (t::FILTER_CORS_ONCE.rule, "CORS"),
        (
            t::FILTER_REQUEST_HEADER_MODIFIER_ONCE.rule,
            "RequestHeaderModifier",
        ),
        (
            t::FILTER_RESPONSE_HEADER_MODIFIER_ONCE.rule,
            "ResponseHeaderModifier",
        ),
        (t::FILTER_REQUEST_REDIRECT_ONCE.rule, "RequestRedirect"),
        (t::FILTER_URL_REWRITE_ONCE.rule, "URLRewrite"),
    ] {
        add(
            r,
            json!([{"type": ty}, {"type": "ExtensionRef"}, {"type": "ExtensionRef"}]),
            Holds,
        );
        add(r, json!([]), Holds);
        add(r, json!([{"type": ty}, {"type": ty}]), Violated);
    }

    // --- filter type and field agreement ---
    for (only, required, field, ty) in [
        (
            t::CORS_ONLY_FOR_TYPE.rule,
            t::CORS_FOR_TYPE.rule,
            "cors",
            "CORS",
        ),
        (
            t::REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE.rule,
            t::REQUEST_HEADER_MODIFIER_FOR_TYPE.rule,
            "requestHeaderModifier",
            "RequestHeaderModifier",
        ),
        (
            t::RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE.rule,
            t::RESPONSE_HEADER_MODIFIER_FOR_TYPE.rule,
            "responseHeaderModifier",
            "ResponseHeaderModifier",
        ),
        (
            t::REQUEST_MIRROR_ONLY_FOR_TYPE.rule,
            t::REQUEST_MIRROR_FOR_TYPE.rule,
            "requestMirror",
            "RequestMirror",
        ),
        (
            t::REQUEST_REDIRECT_ONLY_FOR_TYPE.rule,
            t::REQUEST_REDIRECT_FOR_TYPE.rule,
            "requestRedirect",
            "RequestRedirect",
        ),
        (
            t::URL_REWRITE_ONLY_FOR_TYPE.rule,
            t::URL_REWRITE_FOR_TYPE.rule,
            "urlRewrite",
            "URLRewrite",
        ),
        (
            t::EXTENSION_REF_ONLY_FOR_TYPE.rule,
            t::EXTENSION_REF_FOR_TYPE.rule,
            "extensionRef",
            "ExtensionRef",
        ),
        (
            t::EXTERNAL_AUTH_ONLY_FOR_TYPE.rule,
            t::EXTERNAL_AUTH_FOR_TYPE.rule,
            "externalAuth",
            "ExternalAuth",
        ),
    ] {
        let other = if ty == "CORS" { "URLRewrite" } else { "CORS" };
        add(only, json!({"type": ty, field: {}}), Holds);
        add(only, json!({"type": other}), Holds);
        add(only, json!({"type": other, field: {}}), Violated);
        add(required, json!({"type": ty, field: {}}), Holds);
        add(required, json!({"type": other}), Holds);
        add(required, json!({"type": ty}), Violated);
    }

    // --- inside filters ---
    let r = t::MIRROR_PERCENT_OR_FRACTION.rule;
    add(
        r,
        json!({"backendRef": {"name": "s"}, "percent": 50}),
        Holds,
    );
    add(
        r,
        json!({"backendRef": {"name": "s"}, "fraction": {"numerator": 1, "denominator": 2}}),
        Holds,
    );
    add(
        r,
        json!({"backendRef": {"name": "s"}, "percent": 50, "fraction": {"numerator": 1}}),
        Violated,
    );
    let r = t::FRACTION_AT_MOST_ONE.rule;
    add(r, json!({"numerator": 1, "denominator": 100}), Holds);
    add(r, json!({"numerator": 100, "denominator": 100}), Holds);
    add(r, json!({"numerator": 101, "denominator": 100}), Violated);
    let r = t::CORS_WILDCARD_ALONE;
    add(r, json!(["*"]), Holds);
    add(r, json!(["GET", "POST"]), Holds);
    add(r, json!([]), Holds);
    add(r, json!(["*", "GET"]), Violated);
    for (for_type, only_for_type, field, ty, other) in [
        (
            t::PATH_FULL_PATH_FOR_TYPE.rule,
            t::PATH_FULL_PATH_ONLY_FOR_TYPE.rule,
            "replaceFullPath",
            "ReplaceFullPath",
            "ReplacePrefixMatch",
        ),
        (
            t::PATH_PREFIX_MATCH_FOR_TYPE.rule,
            t::PATH_PREFIX_MATCH_ONLY_FOR_TYPE.rule,
            "replacePrefixMatch",
            "ReplacePrefixMatch",
            "ReplaceFullPath",
        ),
    ] {
        add(for_type, json!({"type": ty, field: "/a"}), Holds);
        add(for_type, json!({"type": other}), Holds);
        add(for_type, json!({"type": ty}), Violated);
        add(only_for_type, json!({"type": ty, field: "/a"}), Holds);
        add(only_for_type, json!({"type": ty}), Holds);
        add(only_for_type, json!({"type": other, field: "/a"}), Violated);
    }
    for (for_protocol, only_for_protocol, field, protocol, other) in [
        (
            t::EXTERNAL_AUTH_GRPC_FOR_PROTOCOL.rule,
            t::EXTERNAL_AUTH_GRPC_ONLY_FOR_PROTOCOL.rule,
            "grpc",
            "GRPC",
            "HTTP",
        ),
        (
            t::EXTERNAL_AUTH_HTTP_FOR_PROTOCOL.rule,
            t::EXTERNAL_AUTH_HTTP_ONLY_FOR_PROTOCOL.rule,
            "http",
            "HTTP",
            "GRPC",
        ),
    ] {
        let base = |extra: Value| {
            let mut v = json!({"backendRef": {"name": "auth"}, "protocol": protocol});
            if let (Some(m), Value::Object(extra)) = (v.as_object_mut(), extra) {
                m.extend(extra);
            }
            v
        };
        add(for_protocol, base(json!({field: {}})), Holds);
        add(for_protocol, base(json!({"protocol": other})), Holds);
        add(for_protocol, base(json!({})), Violated);
        add(only_for_protocol, base(json!({field: {}})), Holds);
        add(only_for_protocol, base(json!({})), Holds);
        add(
            only_for_protocol,
            base(json!({"protocol": other, field: {}})),
            Violated,
        );
    }

    // --- BackendTLSPolicy validation ---
    let refs = json!([{"group": "", "kind": "ConfigMap", "name": "ca"}]);
    let r = t::CA_CERTIFICATES_NOT_BOTH.rule;
    add(
        r,
        json!({"hostname": "h", "caCertificateRefs": refs}),
        Holds,
    );
    add(
        r,
        json!({"hostname": "h", "caCertificateRefs": [], "wellKnownCACertificates": "System"}),
        Holds,
    );
    add(
        r,
        json!({"hostname": "h", "caCertificateRefs": refs, "wellKnownCACertificates": ""}),
        Holds,
    );
    add(
        r,
        json!({"hostname": "h", "caCertificateRefs": refs, "wellKnownCACertificates": "System"}),
        Violated,
    );
    let r = t::CA_CERTIFICATES_EITHER.rule;
    add(
        r,
        json!({"hostname": "h", "caCertificateRefs": refs}),
        Holds,
    );
    add(
        r,
        json!({"hostname": "h", "wellKnownCACertificates": "System"}),
        Holds,
    );
    add(r, json!({"hostname": "h"}), Violated);
    add(
        r,
        json!({"hostname": "h", "caCertificateRefs": [], "wellKnownCACertificates": ""}),
        Violated,
    );
    for (required, forbidden, field, ty, other) in [
        (
            t::SAN_HOSTNAME_REQUIRED.rule,
            t::SAN_HOSTNAME_FORBIDDEN.rule,
            "hostname",
            "Hostname",
            "URI",
        ),
        (
            t::SAN_URI_REQUIRED.rule,
            t::SAN_URI_FORBIDDEN.rule,
            "uri",
            "URI",
            "Hostname",
        ),
    ] {
        add(required, json!({"type": ty, field: "x"}), Holds);
        add(required, json!({"type": other}), Holds);
        add(required, json!({"type": ty}), Violated);
        add(required, json!({"type": ty, field: ""}), Violated);
        add(forbidden, json!({"type": ty, field: "x"}), Holds);
        add(forbidden, json!({"type": other, field: ""}), Holds);
        add(forbidden, json!({"type": other, field: "x"}), Violated);
    }

    // --- XBackend ---
    let r = t::XBACKEND_EXTERNAL_HOSTNAME.rule;
    add(
        r,
        json!({"type": "ExternalHostname", "externalHostname": {"hostname": "a"}, "port": {"port": 443}}),
        Holds,
    );
    add(r, json!({"type": "Other", "port": {"port": 443}}), Holds);
    add(
        r,
        json!({"type": "ExternalHostname", "port": {"port": 443}}),
        Violated,
    );
    add(
        r,
        json!({"type": "Other", "externalHostname": {"hostname": "a"}}),
        Violated,
    );
    let r = t::XBACKEND_HOSTNAME_NOT_CLUSTER_LOCAL.rule;
    add(r, json!("api.example.com"), Holds);
    add(r, json!("cluster.local"), Holds);
    add(r, json!("svc.ns.svc.cluster.local"), Violated);
    let r = t::XBACKEND_PORT_NAME.rule;
    add(r, json!(""), Holds);
    add(r, json!("HTTP"), Violated);
    // Literal CEL: `validate()` returns optional.none() for a valid label, and
    // `optional.none() == null` is false in cel-go, so every non-empty name fails.
    add(r, json!("http"), Violated);
    let r = t::XBACKEND_TLS_CLIENT_CERTIFICATE.rule;
    add(
        r,
        json!({"mode": "ClientAndServer", "clientCertificateRef": {"name": "c"}}),
        Holds,
    );
    add(r, json!({"mode": "ServerOnly"}), Holds);
    add(r, json!({"mode": "ClientAndServer"}), Violated);
    add(
        r,
        json!({"mode": "None", "clientCertificateRef": {"name": "c"}}),
        Violated,
    );

    // --- XBackendTrafficPolicy ---
    let r = t::RETRY_BUDGET_INTERVAL.rule;
    for ok in ["1s", "10s", "1h", "60m", "59m60s"] {
        add(r, json!(ok), Holds);
    }
    for bad in ["999ms", "1h1s", "0s"] {
        add(r, json!(bad), Violated);
    }
    add(r, json!("1d"), Error);
    let r = t::MIN_RETRY_RATE_INTERVAL.rule;
    for ok in ["1ms", "1s", "1h"] {
        add(r, json!(ok), Holds);
    }
    for bad in ["0s", "0ms", "61m"] {
        add(r, json!(bad), Violated);
    }
    add(r, json!(""), Error);

    // --- transition rule ---
    c.push((
        t::IMMUTABLE.rule,
        json!("example.com/gateway"),
        Some(json!("example.com/gateway")),
        Holds,
    ));
    c.push((t::IMMUTABLE.rule, json!("example.com/gateway"), None, Holds));
    c.push((
        t::IMMUTABLE.rule,
        json!("example.com/new"),
        Some(json!("example.com/gateway")),
        Violated,
    ));
    c
}

#[test]
fn each_rule_on_satisfying_and_violating_values() {
    let mut failures = Vec::new();
    for (i, (rule, value, old, want)) in cases().iter().enumerate() {
        let Some(eval) = rules::lookup_eval(rule) else {
            failures.push(format!("case {i}: no native rule for {rule}"));
            continue;
        };
        let got = match eval(
            rules::cel::V::plain(value),
            old.as_ref().map(rules::cel::V::plain),
        ) {
            Ok(true) => Holds,
            Ok(false) => Violated,
            Err(_) => Error,
        };
        if got != *want {
            failures.push(format!(
                "case {i}: {rule}\n  self = {value}\n  old = {old:?}\n  want {want:?}, got {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_rule_has_a_satisfying_and_a_rejected_case() {
    let mut seen: BTreeMap<&str, (bool, bool)> = BTreeMap::new();
    for (rule, _, _, want) in cases() {
        let e = seen.entry(rule).or_default();
        if want == Holds {
            e.0 = true;
        } else {
            e.1 = true;
        }
    }
    let missing: Vec<_> = rules::all_rules()
        .filter(|r| seen.get(r.text) != Some(&(true, true)))
        .map(|r| r.text)
        .collect();
    assert!(
        missing.is_empty(),
        "rules without both verdicts: {missing:#?}"
    );
    println!("{} cases over {} rules", cases().len(), seen.len());
}

#[test]
fn no_rule_panics_on_odd_values() {
    let odd = [
        json!(null),
        json!(1),
        json!("s"),
        json!([]),
        json!({}),
        json!([null, 1, "s", [], {}]),
        json!({"type": 1, "value": [], "matches": "x", "filters": {}, "backendRefs": 3}),
        json!([{"type": null, "port": "80", "protocol": 7, "name": {}}]),
        json!({"": null, "\u{0}/\u{0}": 1}),
    ];
    for rule in rules::all_rules() {
        for v in &odd {
            for old in [None, Some(&odd[0])] {
                let _ = (rule.eval)(rules::cel::V::plain(v), old.map(rules::cel::V::plain));
            }
        }
    }
}

/// Whether `proof` says its rules hold on `value`, after checking that it is right when it
/// does: every covered rule then evaluates to `true` on the value.
fn proof_checked(proof: &rules::proofs::Proof, value: &Value) -> bool {
    let v = rules::cel::V::plain(value);
    let holds = (proof.holds)(v);
    if holds {
        for text in proof.covers {
            let eval = rules::lookup_eval(text).expect("a proof covers a native rule");
            assert_eq!(
                eval(v, None),
                Ok(true),
                "the proof of {:?} holds on {value}, but this rule does not: {text}",
                proof.covers[0]
            );
        }
    }
    holds
}

/// Whether every rule `proof` covers, evaluated on its own, holds on `value`.
fn all_hold(proof: &rules::proofs::Proof, value: &Value) -> bool {
    proof.covers.iter().all(|text| {
        rules::lookup_eval(text).expect("a proof covers a native rule")(
            rules::cel::V::plain(value),
            None,
        ) == Ok(true)
    })
}

/// Every proof on every value of the table (whatever rule the value was written for): when it
/// says its rules hold, each of them does; on each value that violates one of its rules or
/// makes one fail to evaluate, it says no; and it says yes on some value, or it would only
/// cost time.
#[test]
fn proofs_agree_with_the_rules_they_cover() {
    let cases = cases();
    let odd = [json!(null), json!({}), json!([]), json!([null]), json!("/")];
    for proof in rules::proofs::PROOFS {
        let mut proven = 0;
        for (text, value, old, want) in &cases {
            let holds = proof_checked(proof, value);
            proven += usize::from(holds);
            if proof.covers.contains(text) && old.is_none() && *want != Holds {
                assert!(
                    !holds,
                    "the proof says {text} holds on {value}, which it does not"
                );
            }
        }
        for v in &odd {
            proof_checked(proof, v);
        }
        assert!(proven > 0, "the proof of {:?} never holds", proof.covers);
    }
}

mod proof_properties {
    use super::*;
    use proptest::prelude::*;

    fn proof_of(text: &str) -> &'static rules::proofs::Proof {
        rules::proofs::PROOFS
            .iter()
            .find(|p| p.covers.contains(&text))
            .unwrap()
    }

    /// Paths made of the characters the path rules look at, so that `//`, `/./`, `%2f`,
    /// trailing dots and stray characters all come up.
    fn path() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("/"),
                Just("."),
                Just("%"),
                Just("2"),
                Just("f"),
                Just("F"),
                Just("a"),
                Just("#"),
                Just("~"),
                Just("é"),
                Just(" "),
            ],
            0..10,
        )
        .prop_map(|parts| parts.concat())
    }

    fn parent_ref() -> impl Strategy<Value = Value> {
        (
            prop_oneof![Just("gateway.networking.k8s.io"), Just("")],
            prop_oneof![Just(json!("a")), Just(json!("b"))],
            prop::option::of(prop_oneof![
                Just(json!("")),
                Just(json!("ns")),
                Just(json!(1))
            ]),
            prop::option::of(prop_oneof![
                Just(json!("")),
                Just(json!("s1")),
                Just(json!("s2"))
            ]),
            prop::option::of(prop_oneof![
                Just(json!(0)),
                Just(json!(80)),
                Just(json!(1.5))
            ]),
            any::<bool>(),
        )
            .prop_map(|(group, name, namespace, section, port, with_kind)| {
                let mut p = json!({"group": group, "name": name});
                let m = p.as_object_mut().unwrap();
                if with_kind {
                    m.insert("kind".into(), json!("Gateway"));
                }
                for (k, x) in [
                    ("namespace", namespace),
                    ("sectionName", section),
                    ("port", port),
                ] {
                    if let Some(x) = x {
                        m.insert(k.into(), x);
                    }
                }
                p
            })
    }

    /// A filter whose type and fields may disagree; each field's body is valid for its schema
    /// (so that the CEL rules, not a schema error, decide), but for a redirect's or rewrite's
    /// `path`, which may break its rules (or lack its required `type`).
    fn filter() -> impl Strategy<Value = Value> {
        const TYPES: [&str; 6] = [
            "RequestRedirect",
            "URLRewrite",
            "CORS",
            "RequestMirror",
            "RequestHeaderModifier",
            "X",
        ];
        const FIELDS: [&str; 5] = [
            "requestRedirect",
            "urlRewrite",
            "cors",
            "requestMirror",
            "requestHeaderModifier",
        ];
        let path = prop::option::of(prop::sample::select(vec![
            json!({"type": "ReplacePrefixMatch", "replacePrefixMatch": "/"}),
            json!({"type": "ReplaceFullPath", "replaceFullPath": "/"}),
            json!({"type": "ReplaceFullPath"}),
            json!({"type": "ReplacePrefixMatch", "replaceFullPath": "/x"}),
            json!({}),
        ]));
        let body = |k: &str, path: &Option<Value>| match (k, path) {
            ("requestRedirect" | "urlRewrite", Some(p)) => json!({"path": p}),
            ("requestMirror", _) => json!({"backendRef": {"name": "m", "port": 80}}),
            ("requestHeaderModifier", _) => json!({"set": [{"name": "a", "value": "b"}]}),
            _ => json!({}),
        };
        // Mostly filters whose field agrees with their type (their insides decide), some
        // with any type and fields.
        let agreeing = (0..FIELDS.len(), path.clone()).prop_map(
            move |(i, path)| json!({"type": TYPES[i], FIELDS[i]: body(FIELDS[i], &path)}),
        );
        let any = (
            prop::option::of(prop::sample::select(&TYPES[..])),
            prop::collection::vec(prop::sample::select(&FIELDS[..]), 0..3),
            path,
        )
            .prop_map(move |(ty, fields, path)| {
                let mut f = json!({});
                let m = f.as_object_mut().unwrap();
                if let Some(ty) = ty {
                    m.insert("type".into(), json!(ty));
                }
                for k in fields {
                    m.insert(k.into(), body(k, &path));
                }
                f
            });
        prop_oneof![3 => agreeing, 1 => any]
    }

    pub(super) fn http_rule() -> impl Strategy<Value = Value> {
        (
            prop::option::of(prop::collection::vec(filter(), 0..3)),
            prop::option::of(prop::collection::vec(
                (
                    prop::option::of(prop::collection::vec(filter(), 0..2)),
                    prop::option::of(Just(80)),
                ),
                0..3,
            )),
            prop::option::of(prop::collection::vec(
                Just(json!({"path": {"type": "PathPrefix", "value": "/"}})),
                0..3,
            )),
            prop::option::of(prop_oneof![
                Just(json!("r1")),
                Just(json!("r2")),
                Just(json!(3))
            ]),
        )
            .prop_map(|(filters, backends, matches, name)| {
                let mut r = json!({});
                let m = r.as_object_mut().unwrap();
                if let Some(f) = filters {
                    m.insert("filters".into(), json!(f));
                }
                if let Some(b) = backends {
                    let refs: Vec<Value> = b
                        .into_iter()
                        .map(|(f, port)| {
                            let mut b = json!({"name": "svc"});
                            if let Some(f) = f {
                                b["filters"] = json!(f);
                            }
                            if let Some(p) = port {
                                b["port"] = json!(p);
                            }
                            b
                        })
                        .collect();
                    m.insert("backendRefs".into(), json!(refs));
                }
                if let Some(x) = matches {
                    m.insert("matches".into(), json!(x));
                }
                if let Some(n) = name {
                    m.insert("name".into(), n);
                }
                r
            })
    }

    fn listener() -> impl Strategy<Value = Value> {
        let opt = |xs: Vec<Value>| prop::option::of(prop::sample::select(xs));
        (
            opt(vec![json!("a"), json!("b")]),
            opt(vec![json!(80), json!(443), json!(1.5)]),
            opt(["HTTP", "HTTPS", "TLS", "TCP", "UDP", "X"]
                .map(Value::from)
                .to_vec()),
            opt(vec![json!(""), json!("h"), json!(1)]),
            opt(vec![
                json!({}),
                json!({"mode": "Terminate"}),
                json!({"mode": ""}),
                json!({"mode": "Passthrough"}),
                json!("x"),
            ]),
        )
            .prop_map(|fields| {
                let (name, port, protocol, hostname, tls) = fields;
                let mut l = json!({});
                let m = l.as_object_mut().unwrap();
                let named = [("name", name), ("port", port), ("protocol", protocol)];
                for (k, x) in named
                    .into_iter()
                    .chain([("hostname", hostname), ("tls", tls)])
                {
                    if let Some(x) = x {
                        m.insert(k.into(), x);
                    }
                }
                l
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn pattern_proofs(
            ty in prop::option::of(prop::sample::select(vec![json!("Exact"), json!("RegularExpression"), json!(1)])),
            a in proptest::collection::vec(prop::sample::select(vec!["a", "Z", "_", "0", ".", "-", "*", "\u{212A}", " "]), 0..6),
            b in proptest::collection::vec(prop::sample::select(vec!["a", "Z", "_", "0", ".", "-", "*", "\u{212A}", " "]), 0..6),
            set_a in any::<bool>(),
            set_b in any::<bool>(),
        ) {
            let (a, b) = (a.concat(), b.concat());
            let mut method = json!({});
            let mut address = json!({});
            let mut tls = json!({});
            if let Some(ty) = &ty {
                method["type"] = ty.clone();
                tls["mode"] = if ty == "Exact" { json!("Terminate") } else { json!("Passthrough") };
                address["type"] = if ty == "Exact" { json!("Hostname") } else { json!("IPAddress") };
            }
            if set_a {
                method["service"] = json!(a);
                address["value"] = json!(a.to_lowercase());
                tls["certificateRefs"] = json!([{"name": a}]);
            }
            if set_b {
                method["method"] = json!(b);
            }
            for (text, v) in [
                (t::GRPC_METHOD_SERVICE_CHARACTERS.rule, &method),
                (t::SPEC_ADDRESS_HOSTNAME.rule, &address),
                (t::LISTENER_TLS_TERMINATE_CERTIFICATES.rule, &tls),
            ] {
                let proof = proof_of(text);
                let holds = proof_checked(proof, v);
                let all_hold = all_hold(proof, v);
                // Complete on ASCII text: only what the regexes fold is left to them.
                let ascii = !v.to_string().contains('\u{212A}') && !v.to_string().contains("\\u");
                if ascii && ty.as_ref().is_none_or(Value::is_string) {
                    prop_assert_eq!(holds, all_hold, "{}", v);
                }
            }
        }

        #[test]
        fn backend_ref_proof(
            group in prop::option::of(prop::sample::select(vec![json!(""), json!("x"), json!([])])),
            kind in prop::option::of(prop::sample::select(vec![json!("Service"), json!("X"), json!(1)])),
            port in prop::option::of(Just(json!(80))),
        ) {
            let mut v = json!({});
            let m = v.as_object_mut().unwrap();
            for (k, x) in [("group", &group), ("kind", &kind), ("port", &port)] {
                if let Some(x) = x {
                    m.insert(k.into(), x.clone());
                }
            }
            let proof = proof_of(t::BACKEND_REF_SERVICE_PORT.rule);
            let holds = proof_checked(proof, &v);
            let rule = rules::lookup_eval(t::BACKEND_REF_SERVICE_PORT.rule).unwrap();
            if group.as_ref().is_some_and(Value::is_string) && kind.as_ref().is_some_and(Value::is_string) {
                prop_assert_eq!(holds, rule(rules::cel::V::plain(&v), None) == Ok(true), "{}", v);
            }
        }

        #[test]
        fn listener_proof(ls in prop::collection::vec(listener(), 0..4)) {
            let v = json!(ls);
            let proof = proof_of(t::GATEWAY_LISTENER_UNIQUE.rule);
            let holds = proof_checked(proof, &v);
            let all_hold = all_hold(proof, &v);
            // Complete on listeners the proof reads: every field the rules select set and of
            // its type (a `tls` that is not an object is left to the rules).
            let readable = ls.iter().all(|l| {
                l.get("name").is_some()
                    && l.get("port").is_some_and(Value::is_i64)
                    && l.get("protocol").is_some()
                    && l.get("hostname").is_none_or(Value::is_string)
                    && l.get("tls").is_none_or(Value::is_object)
            });
            if readable {
                prop_assert_eq!(holds, all_hold, "{}", v);
            }
        }

        #[test]
        fn path_match_proof(ty in prop_oneof![Just("Exact"), Just("PathPrefix"), Just("RegularExpression"), Just("Other")], value in path()) {
            let proof = proof_of(t::PATH_MATCH_ABSOLUTE.rule);
            let v = json!({"type": ty, "value": value});
            let holds = proof_checked(proof, &v);
            // Exact: the proof is also complete here, so no valid path is left to the rules.
            let all_hold = all_hold(proof, &v);
            prop_assert_eq!(holds, all_hold, "{}", v);
        }

        #[test]
        fn parent_refs_proofs(refs in prop::collection::vec(parent_ref(), 0..5)) {
            let v = json!(refs);
            for text in [t::PARENT_REFS_SECTION_NAME_UNIQUE.rule, t::PARENT_REFS_SECTION_NAME_OR_PORT_UNIQUE.rule] {
                let proof = proof_of(text);
                let holds = proof_checked(proof, &v);
                let all_hold = all_hold(proof, &v);
                // Complete where nothing is of an odd type: the proof leaves to the rules only
                // references it cannot read.
                let readable = refs.iter().all(|r| {
                    r.get("kind").is_some()
                        && r.get("namespace").is_none_or(Value::is_string)
                        && r.get("port").is_none_or(Value::is_i64)
                });
                if readable {
                    prop_assert_eq!(holds, all_hold, "{}", v);
                }
            }
        }

        #[test]
        fn filter_proofs(filters in prop::collection::vec(filter(), 0..4)) {
            let list = json!(filters);
            proof_checked(proof_of(t::FILTER_CORS_ONCE.rule), &list);
            for f in &filters {
                proof_checked(proof_of(t::CORS_FOR_TYPE.rule), f);
            }
        }

        #[test]
        fn route_rule_proofs(rules in prop::collection::vec(http_rule(), 0..4)) {
            for r in &rules {
                proof_checked(proof_of(t::HTTP_RULE_REDIRECT_WITHOUT_BACKENDS.rule), r);
            }
            let list = json!(rules);
            proof_checked(proof_of(t::HTTP_RULES_MATCHES_TOTAL.rule), &list);
            proof_checked(proof_of(t::GRPC_RULES_MATCHES_TOTAL.rule), &list);
        }
    }
}

/// The proofs against the rules evaluated one by one, through the whole validator:
/// HTTPRoutes and GRPCRoutes built from generated rules, validated on both channels with and
/// without proofs, give the same outcome, errors in the same order included.
mod whole_objects {
    use super::proof_properties::http_rule;
    use super::*;
    use crate::{Channel, Validator};
    use proptest::prelude::*;
    use std::sync::OnceLock;

    fn validators() -> &'static [(Validator, Validator); 2] {
        static V: OnceLock<[(Validator, Validator); 2]> = OnceLock::new();
        V.get_or_init(|| {
            [Channel::Standard, Channel::Experimental]
                .map(|c| (Validator::new(c), Validator::new(c).proofs(false)))
        })
    }

    /// Which proofs the schema attached, by how far they reach: the costliest nodes must have
    /// one, or the speed they give is silently lost.
    #[test]
    fn proofs_are_attached() {
        let attached = crate::validator::attached_proofs(&validators()[1].0);
        for (kind, path) in [
            ("HTTPRoute", ".spec.rules"),
            ("HTTPRoute", ".spec.parentRefs"),
            ("GRPCRoute", ".spec.rules"),
            ("Gateway", ".spec.listeners"),
        ] {
            assert!(
                attached.iter().any(|(k, p)| k == kind && p == path),
                "no proof at {kind} {path}: {attached:?}"
            );
        }
    }

    fn route() -> impl Strategy<Value = (bool, Value)> {
        (
            any::<bool>(),
            prop::collection::vec(http_rule(), 0..4),
            prop::option::of(prop::sample::select(vec![
                json!("/"),
                json!("/a//b"),
                json!("/%2F"),
                json!("x"),
            ])),
        )
            .prop_map(|(grpc, mut rules, path)| {
                for r in &mut rules {
                    if let (Some(p), Some(m)) = (&path, r.pointer_mut("/matches/0/path")) {
                        m["value"] = p.clone();
                    }
                }
                let kind = if grpc { "GRPCRoute" } else { "HTTPRoute" };
                let route = json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": kind,
                    "metadata": {"name": "r", "namespace": "n"},
                    "spec": {"parentRefs": [{"name": "gw"}], "rules": rules}});
                (grpc, route)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn same_outcome_with_and_without_proofs((_, route) in route()) {
            for (with, without) in validators() {
                prop_assert_eq!(with.validate(&route), without.validate(&route), "{}", route);
            }
        }
    }
}

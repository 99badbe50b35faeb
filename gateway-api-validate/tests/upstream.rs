//! Upstream's examples must be admitted and its invalid examples rejected, for the reason their
//! file names state, on every channel that carries them.
//!
//! Some invalid examples are rejected only by a CEL rule. Until the rule has a native
//! implementation (`rules::lookup_eval` finds it), such a case is counted as *pending* rather than
//! failed: the object must then be admitted with the expected rule among
//! `Outcome::unchecked_rules`. Once the rule lands, the case is asserted like any other.

use std::path::{Path, PathBuf};

use gateway_api_validate::{Channel, Outcome, Validator, Verdict};
use serde_json::Value;

fn upstream() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/upstream")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// The documents of a file as JSON values, `List` items spread, empty documents skipped.
fn documents(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let docs: Vec<Value> =
        serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Vec::new();
    for d in docs {
        if d.is_null() {
            continue;
        }
        if d.get("kind")
            .and_then(Value::as_str)
            .is_some_and(|k| k.ends_with("List"))
        {
            out.extend(d["items"].as_array().cloned().unwrap_or_default());
        } else {
            out.push(d);
        }
    }
    out
}

fn describe(o: &Outcome) -> String {
    o.errors.iter().map(|e| format!("\n    {e}")).collect()
}

/// Why each invalid example is invalid: (file, field path, substring of the error, whether only
/// a CEL rule catches it).
const INVALID: &[(&str, &str, &str, bool)] = &[
    (
        "standard/gateway/duplicate-listeners.yaml",
        "spec.listeners[1].name",
        "Duplicate value: \"same\"",
        false,
    ),
    (
        "standard/gateway/hostname-tcp.yaml",
        "spec.listeners",
        "hostname must not be specified for protocols ['TCP', 'UDP']",
        true,
    ),
    (
        "standard/gateway/hostname-udp.yaml",
        "spec.listeners",
        "hostname must not be specified for protocols ['TCP', 'UDP']",
        true,
    ),
    (
        "standard/gateway/invalid-addresses.yaml",
        "spec.addresses[0].value",
        "spec.addresses[0].value in body must be of type ipv4",
        false,
    ),
    (
        "standard/gateway/invalid-listener-name.yaml",
        "spec.listeners[0].name",
        "Invalid value: \"bad>\": spec.listeners[0].name in body should match",
        false,
    ),
    (
        "standard/gateway/invalid-listener-port.yaml",
        "spec.listeners[0].port",
        "should be less than or equal to 65535",
        false,
    ),
    (
        "standard/gateway/invalid-tls-mode.yaml",
        "spec.listeners",
        "tls mode must be Terminate for protocol HTTPS",
        true,
    ),
    (
        "standard/gateway/tlsconfig-tcp.yaml",
        "spec.listeners",
        "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']",
        true,
    ),
    (
        "standard/gatewayclass/invalid-controller.yaml",
        "spec.controllerName",
        "spec.controllerName in body should match",
        false,
    ),
    (
        "standard/httproute/duplicate-header-match.yaml",
        "spec.rules[0].matches[0].headers[1].name",
        "Duplicate value: \"foo\"",
        false,
    ),
    (
        "standard/httproute/duplicate-query-match.yaml",
        "spec.rules[0].matches[0].queryParams[1].name",
        "Duplicate value: \"foo\"",
        false,
    ),
    (
        "standard/httproute/httproute-portless-backend.yaml",
        "spec.rules[0].backendRefs[0]",
        "Must have port for Service reference",
        true,
    ),
    (
        "standard/httproute/httproute-portless-service.yaml",
        "spec.rules[0].backendRefs[0]",
        "Must have port for Service reference",
        true,
    ),
    (
        "standard/httproute/invalid-backend-group.yaml",
        "spec.rules[0].backendRefs[0].group",
        "in body should match",
        false,
    ),
    (
        "standard/httproute/invalid-backend-kind.yaml",
        "spec.rules[0].backendRefs[0].kind",
        "in body should match",
        false,
    ),
    (
        "standard/httproute/invalid-backend-port.yaml",
        "spec.rules[0].backendRefs[0].port",
        "should be less than or equal to 65535",
        false,
    ),
    (
        "standard/httproute/invalid-filter-duplicate-header.yaml",
        "spec.rules[0].filters[0].requestHeaderModifier.remove[1]",
        "Duplicate value: \"foo\"",
        false,
    ),
    (
        "standard/httproute/invalid-filter-duplicate.yaml",
        "spec.rules[0].filters",
        "RequestHeaderModifier filter cannot be repeated",
        true,
    ),
    (
        "standard/httproute/invalid-filter-empty.yaml",
        "spec.rules[0].filters[0]",
        "filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type",
        true,
    ),
    (
        "standard/httproute/invalid-filter-wrong-field.yaml",
        "spec.rules[0].filters[0]",
        "filter.requestRedirect must be nil if the filter.type is not RequestRedirect",
        true,
    ),
    (
        "standard/httproute/invalid-header-name.yaml",
        "spec.rules[0].matches[0].headers[0].name",
        "in body should match",
        false,
    ),
    (
        "standard/httproute/invalid-hostname.yaml",
        "spec.hostnames[0]",
        "Invalid value: \"http://a<\": spec.hostnames[0] in body should match",
        false,
    ),
    (
        "standard/httproute/invalid-httpredirect-hostname.yaml",
        "spec.rules[0].filters[0].requestRedirect.hostname",
        "in body should match",
        false,
    ),
    (
        "standard/httproute/invalid-method.yaml",
        "spec.rules[0].matches[0].method",
        "Unsupported value: \"NOTREAL\": supported values: \"GET\"",
        false,
    ),
    (
        "standard/httproute/invalid-path-alphanum-specialchars-mix.yaml",
        "spec.rules[0].matches[0].path",
        "must only contain valid characters",
        true,
    ),
    (
        "standard/httproute/invalid-path-specialchars.yaml",
        "spec.rules[0].matches[0].path",
        "must only contain valid characters",
        true,
    ),
    (
        "standard/httproute/invalid-request-redirect-with-backendref.yaml",
        "spec.rules[0]",
        "RequestRedirect filter must not be used together with backendRefs",
        true,
    ),
    (
        "standard/referencegrant/missing-from.yaml",
        "spec.from",
        "Required value",
        false,
    ),
    (
        "standard/referencegrant/missing-ns.yaml",
        "spec.from[0].namespace",
        "Required value",
        false,
    ),
    (
        "standard/referencegrant/missing-to.yaml",
        "spec.to",
        "Required value",
        false,
    ),
    (
        "standard/tlsroute/invalid-hostname.yaml",
        "spec.hostnames[0]",
        "spec.hostnames[0] in body should match",
        false,
    ),
    (
        "standard/tlsroute/no-hostname.yaml",
        "spec.hostnames",
        "Required value",
        false,
    ),
    (
        "experimental/httproute/invalid-filter-externalauth-bad-http-path.yaml",
        "spec.rules[0].filters[0].externalAuth.backendRef",
        "Required value",
        false,
    ),
    (
        "experimental/httproute/invalid-filter-externalauth-empty.yaml",
        "spec.rules[0].filters[0]",
        "filter.externalAuth must be specified for ExternalAuth filter.type",
        true,
    ),
    (
        "experimental/httproute/invalid-filter-externalauth-no-protocol.yaml",
        "spec.rules[0].filters[0].externalAuth.protocol",
        "Required value",
        false,
    ),
    (
        "experimental/httproute/invalid-header-value.yaml",
        "spec.rules[0].filters[0].responseHeaderModifier.add[0].value",
        "in body should match '^[!-~]+([\\t ]?[!-~]+)*$'",
        false,
    ),
];

#[derive(Default)]
struct Tally {
    checks: usize,
    pending: Vec<String>,
    failures: Vec<String>,
}

fn check_examples(v: &Validator, dir: &Path, tally: &mut Tally) {
    for file in files(dir) {
        tally.checks += 1;
        for (i, doc) in documents(&file).iter().enumerate() {
            let o = v.validate(doc);
            if o.verdict == Verdict::Rejected {
                tally.failures.push(format!(
                    "{} (document {i}) rejected on {}:{}",
                    file.display(),
                    v.channel(),
                    describe(&o)
                ));
            }
        }
    }
}

fn check_invalid(v: &Validator, dir: &Path, tally: &mut Tally) {
    let root = upstream().join("invalid-examples");
    for file in files(dir) {
        tally.checks += 1;
        let rel = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let Some(&(_, field, needle, cel)) = INVALID.iter().find(|c| c.0 == rel) else {
            tally
                .failures
                .push(format!("{rel}: no expectation in the INVALID table"));
            continue;
        };
        let docs = documents(&file);
        let outcomes: Vec<Outcome> = docs.iter().map(|d| v.validate(d)).collect();
        let found = outcomes
            .iter()
            .flat_map(|o| &o.errors)
            .any(|e| e.field() == Some(field) && e.to_string().contains(needle));
        if found {
            continue;
        }
        let pending = cel
            && outcomes.iter().all(|o| o.verdict != Verdict::Rejected)
            && outcomes
                .iter()
                .any(|o| o.unchecked_rules.iter().any(|r| r.message.contains(needle)));
        if pending {
            tally.pending.push(format!("{rel} ({})", v.channel()));
        } else {
            let got: String = outcomes.iter().map(describe).collect();
            tally.failures.push(format!(
                "{rel} on {}: expected `{field}: …{needle}…`, got:{got}",
                v.channel()
            ));
        }
    }
}

#[test]
fn upstream_examples_and_invalid_examples() {
    let base = upstream();
    let mut tally = Tally::default();
    let standard = Validator::new(Channel::Standard);
    check_examples(&standard, &base.join("examples/standard"), &mut tally);
    check_invalid(
        &standard,
        &base.join("invalid-examples/standard"),
        &mut tally,
    );
    let experimental = Validator::new(Channel::Experimental);
    for sub in ["examples/standard", "examples/experimental"] {
        check_examples(&experimental, &base.join(sub), &mut tally);
    }
    for sub in ["invalid-examples/standard", "invalid-examples/experimental"] {
        check_invalid(&experimental, &base.join(sub), &mut tally);
    }
    eprintln!(
        "{} file checks, {} pending on CEL rules without a native implementation:",
        tally.checks,
        tally.pending.len()
    );
    for p in &tally.pending {
        eprintln!("  pending: {p}");
    }
    assert!(
        tally.failures.is_empty(),
        "{} failures:\n{}",
        tally.failures.len(),
        tally.failures.join("\n")
    );
    assert_eq!(tally.checks, 235);
}

#[test]
fn the_standard_channel_rejects_experimental_fields_and_kinds() {
    let standard = Validator::new(Channel::Standard).strict(true);
    let route = serde_json::json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "r"},
        "spec": {"rules": [{"retry": {"attempts": 2}}]},
    });
    let o = standard.validate(&route);
    assert_eq!(o.verdict, Verdict::Rejected);
    assert_eq!(
        o.errors[0].to_string(),
        r#"unknown field "spec.rules[0].retry""#
    );
    assert_eq!(
        Validator::new(Channel::Experimental)
            .strict(true)
            .validate(&route)
            .errors
            .len(),
        0
    );

    let tls = serde_json::json!({
        "apiVersion": "gateway.networking.k8s.io/v1alpha2",
        "kind": "TLSRoute",
        "metadata": {"name": "t"},
        "spec": {},
    });
    let o = standard.validate(&tls);
    assert_eq!(o.verdict, Verdict::Rejected);
    assert_eq!(
        o.errors[0].to_string(),
        r#"no matches for kind "TLSRoute" in version "gateway.networking.k8s.io/v1alpha2": not served in the standard channel (only in the experimental channel)"#
    );
}

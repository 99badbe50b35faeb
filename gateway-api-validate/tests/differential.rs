//! Differential test: the library against an independent oracle (kube-cel + jsonschema on the
//! vendored upstream CRDs, see `tests/oracle/mod.rs`).
//!
//! Agreement means: the same verdict, and, when the API server would evaluate the CEL rules, the
//! same set of failed rules as `(field path, message)`. Checked on
//!
//! - the upstream corpus (examples and invalid examples; standard files on the standard channel,
//!   all files on the experimental one), where the oracle must also classify every file as
//!   upstream says;
//! - proptest-seeded mutations of the valid examples, per kind and channel (`VARIANTS` below);
//! - hand-written cases for what neither oracle library checks: list-type uniqueness (the oracle
//!   has its own small check, see `list_types`, and these cases pin it) and unknown fields under
//!   strict field validation.
//!
//! Each test prints a report (`cargo test --test differential -- --nocapture`) and writes it to
//! `$CARGO_TARGET_TMPDIR/differential-*.txt`; any disagreement fails the test after the report.

mod oracle;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::OnceLock;

use gateway_api_validate::{ErrorKind, Outcome, Validator, Verdict};
use oracle::mutations::{Gen, Rng};
use oracle::{Channel, Oracle, Tally, Version, kind_name, read_yaml, testdata, yaml_files};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::{Value, json};

/// Generated variants per kind and channel (the brief asks for at least 10,000 per kind over
/// both channels).
const VARIANTS: usize = 5_000;

fn oracle() -> &'static Oracle {
    static O: OnceLock<Oracle> = OnceLock::new();
    O.get_or_init(Oracle::new)
}

fn library(channel: Channel, strict: bool) -> &'static Validator {
    static L: OnceLock<[Validator; 4]> = OnceLock::new();
    let all = L.get_or_init(|| {
        [
            Validator::new(gateway_api_validate::Channel::Standard),
            Validator::new(gateway_api_validate::Channel::Experimental),
            Validator::new(gateway_api_validate::Channel::Standard).strict(true),
            Validator::new(gateway_api_validate::Channel::Experimental).strict(true),
        ]
    });
    &all[usize::from(channel == Channel::Experimental) + 2 * usize::from(strict)]
}

/// The library evaluating every CEL rule one by one, without its proofs.
fn without_proofs(channel: Channel) -> &'static Validator {
    static L: OnceLock<[Validator; 2]> = OnceLock::new();
    let all = L.get_or_init(|| {
        [
            Validator::new(gateway_api_validate::Channel::Standard).proofs(false),
            Validator::new(gateway_api_validate::Channel::Experimental).proofs(false),
        ]
    });
    &all[usize::from(channel == Channel::Experimental)]
}

/// The library's answer, reduced to what is compared.
struct LibView {
    skipped: bool,
    admitted: bool,
    /// Errors recognised as failed CEL rules: `Invalid` with the message of one of the
    /// version's rules.
    cel: BTreeSet<(String, String)>,
    cel_skipped: bool,
    errors: Vec<String>,
    unchecked: usize,
}

const SKIP_NOTE: &str = "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

fn view(outcome: &Outcome, version: Option<&Version>) -> LibView {
    let mut cel = BTreeSet::new();
    let mut cel_skipped = false;
    for e in &outcome.errors {
        if e.detail() == SKIP_NOTE {
            cel_skipped = true;
            continue;
        }
        if e.kind() != ErrorKind::Invalid {
            continue;
        }
        let field = e.field().unwrap_or("").to_owned();
        if version.is_some_and(|v| v.rule_messages.contains(e.detail())) {
            cel.insert((field, e.detail().to_owned()));
        } else if let Some((_, name)) = e
            .detail()
            .split_once(" evaluating rule: ")
            .or_else(|| e.detail().split_once(" macro signature for rule: "))
        {
            // The API server's wording of a rule whose evaluation raised an error:
            // `<error> evaluating rule: <message or rule>`; the error text is cel-go's own.
            cel.insert((field, format!("<evaluation error> {name}")));
        }
    }
    LibView {
        skipped: outcome.verdict == Verdict::Skipped,
        admitted: outcome.verdict == Verdict::Admitted,
        cel,
        cel_skipped,
        errors: outcome.errors.iter().map(ToString::to_string).collect(),
        unchecked: outcome.unchecked_rules.len(),
    }
}

/// `None` when library and oracle agree, otherwise what differs.
fn compare(lib: &LibView, o: &oracle::Verdict) -> Option<String> {
    if lib.skipped != o.skipped {
        return Some(format!(
            "skipped: library {} oracle {}",
            lib.skipped, o.skipped
        ));
    }
    if lib.admitted != o.admitted() {
        return Some(format!(
            "verdict: library admitted={} oracle admitted={}",
            lib.admitted,
            o.admitted()
        ));
    }
    if lib.cel_skipped != o.cel_skipped && !o.not_served {
        return Some(format!(
            "CEL skipped (blocking errors): library {} oracle {}",
            lib.cel_skipped, o.cel_skipped
        ));
    }
    let mut oracle_cel = o.cel.clone();
    // An evaluation error (e.g. `no such key` on an absent field that no `has()` guards)
    // rejects the object with `<error> evaluating rule: <message>`, not with the rule's message;
    // compared on the rule's name (the error text itself is cel-go's, which kube-cel's `cel`
    // does not reproduce).
    for (path, name) in &o.cel_eval_errors {
        oracle_cel.insert((path.clone(), format!("<evaluation error> {name}")));
    }
    if lib.cel != oracle_cel {
        let only_lib: Vec<_> = lib.cel.difference(&oracle_cel).collect();
        let only_oracle: Vec<_> = oracle_cel.difference(&lib.cel).collect();
        return Some(format!(
            "CEL failures differ: only library {only_lib:?}; only oracle {only_oracle:?}"
        ));
    }
    None
}

fn describe_oracle(o: &oracle::Verdict) -> String {
    let mut s = String::new();
    if o.not_served {
        s.push_str("not served; ");
    }
    for e in &o.structural {
        let _ = write!(s, "{} {} ({}); ", e.path, kind_name(e.kind), e.keyword);
    }
    if o.cel_skipped {
        s.push_str("CEL skipped; ");
    }
    for (p, m) in &o.cel {
        let _ = write!(s, "CEL {p}: {m}; ");
    }
    for (p, r) in &o.cel_eval_errors {
        let _ = write!(s, "CEL evaluation error {p}: {r}; ");
    }
    if s.is_empty() { "admitted".into() } else { s }
}

fn write_report(name: &str, text: &str) {
    println!("{text}");
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let _ = std::fs::write(dir.join(format!("differential-{name}.txt")), text);
}

/// The corpus files of a channel: `(file, expected admitted)`.
fn corpus(channel: Channel) -> Vec<(std::path::PathBuf, bool)> {
    let root = testdata();
    let channels: &[&str] = match channel {
        Channel::Standard => &["standard"],
        Channel::Experimental => &["standard", "experimental"],
    };
    let mut out = Vec::new();
    for c in channels {
        out.extend(
            yaml_files(&root.join("examples").join(c))
                .into_iter()
                .map(|p| (p, true)),
        );
        out.extend(
            yaml_files(&root.join("invalid-examples").join(c))
                .into_iter()
                .map(|p| (p, false)),
        );
    }
    out
}

#[test]
fn upstream_corpus_agrees() {
    let o = oracle();
    let mut report = String::from("== upstream corpus ==\n");
    let mut disagreements = Vec::new();
    let mut oracle_wrong = Vec::new();
    for channel in Channel::ALL {
        let (mut objects, mut admitted, mut rejected, mut skipped) = (0, 0, 0, 0);
        for (file, valid) in corpus(channel) {
            let rel = file.strip_prefix(testdata()).unwrap().display().to_string();
            for doc in read_yaml(&file) {
                let ov = o.validate(channel, &doc);
                let version = o.version(
                    channel,
                    doc["apiVersion"].as_str().unwrap_or(""),
                    doc["kind"].as_str().unwrap_or(""),
                );
                let lib = view(&library(channel, false).validate(&doc), version);
                objects += 1;
                if ov.skipped {
                    skipped += 1;
                    continue;
                }
                if ov.admitted() {
                    admitted += 1
                } else {
                    rejected += 1
                }
                // Invalid-example files hold one object that must be rejected; valid ones only
                // admitted objects.
                if ov.admitted() != valid || !ov.gaps.is_empty() {
                    oracle_wrong.push(format!(
                        "{channel:?} {rel}: oracle {} gaps {:?}",
                        describe_oracle(&ov),
                        ov.gaps
                    ));
                }
                if let Some(d) = compare(&lib, &ov) {
                    disagreements.push(format!(
                        "{channel:?} {rel} ({} {}): {d}\n    library: {:?} (unchecked rules: {})\n    oracle:  {}",
                        doc["kind"].as_str().unwrap_or(""),
                        doc["metadata"]["name"].as_str().unwrap_or(""),
                        lib.errors,
                        lib.unchecked,
                        describe_oracle(&ov)
                    ));
                }
            }
        }
        let _ = writeln!(
            report,
            "{channel:?}: {objects} objects ({admitted} admitted, {rejected} rejected, {skipped} not Gateway API)"
        );
    }
    let _ = writeln!(report, "oracle misclassifications: {}", oracle_wrong.len());
    for w in &oracle_wrong {
        let _ = writeln!(report, "  {w}");
    }
    let _ = writeln!(report, "disagreements: {}", disagreements.len());
    for d in &disagreements {
        let _ = writeln!(report, "  {d}");
    }
    write_report("corpus", &report);
    assert!(
        oracle_wrong.is_empty(),
        "the oracle misclassifies upstream files (see report)"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements on the upstream corpus (see report)",
        disagreements.len()
    );
}

/// Valid objects of `kind` for mutation in `channel`: the corpus examples the oracle admits,
/// or (when the channel has none) a minimal object generated from the schema.
fn bases(channel: Channel, kind: &str) -> Vec<Value> {
    let o = oracle();
    let mut out = Vec::new();
    for (file, valid) in corpus(Channel::Experimental) {
        if !valid {
            continue;
        }
        for doc in read_yaml(&file) {
            if doc["kind"] == kind && o.validate(channel, &doc).admitted() {
                out.push(doc);
            }
        }
    }
    if out.is_empty() {
        let v = o.served_versions(channel, kind)[0];
        let mut g = Gen::new();
        let mut rng = Rng::new(7);
        for _ in 0..50 {
            let mut obj = g.value(&mut rng, &v.schema, 0);
            obj["apiVersion"] = json!(v.api_version);
            obj["kind"] = json!(kind);
            obj["metadata"] = json!({"name": "generated", "namespace": "default"});
            if o.validate(channel, &obj).admitted() {
                out.push(obj);
                break;
            }
        }
    }
    out
}

/// Mutates the valid examples of `kind`, `VARIANTS` times per channel, and compares.
fn variants(kind: &str) {
    let o = oracle();
    let mut report = format!("== generated variants: {kind} ==\n");
    let mut disagreements: Vec<String> = Vec::new();
    let mut cel_breaks = Tally::default();
    let mut structural_breaks = Tally::default();
    let mut mutations = Tally::default();
    let mut totals = Tally::default();
    let mut gaps = Vec::new();
    let mut runner = TestRunner::deterministic();
    let seeds = proptest::num::u64::ANY;
    for channel in Channel::ALL {
        let bases = bases(channel, kind);
        assert!(
            !bases.is_empty(),
            "no valid {kind} to mutate in {channel:?}"
        );
        let versions = o.all_api_versions(kind);
        let mut generator = Gen::new();
        for _ in 0..VARIANTS {
            let seed = seeds.new_tree(&mut runner).unwrap().current();
            let mut rng = Rng::new(seed);
            let base = rng.pick(&bases);
            let schema = &o
                .version(channel, base["apiVersion"].as_str().unwrap(), kind)
                .expect("base is served")
                .schema;
            let mut obj = base.clone();
            let labels = generator.mutate(&mut rng, &mut obj, schema, kind, &versions);
            for l in &labels {
                mutations.add(l.split(" at ").next().unwrap_or(l).to_owned());
            }
            let ov = o.validate(channel, &obj);
            let version = o.version(channel, obj["apiVersion"].as_str().unwrap_or(""), kind);
            let outcome = library(channel, false).validate(&obj);
            // The proofs stand in for rules only where the rules hold: the same errors, in
            // the same order, with and without them.
            let one_by_one = without_proofs(channel).validate(&obj);
            if one_by_one != outcome {
                totals.add(format!("{channel:?} DISAGREEMENTS"));
                disagreements.push(format!(
                    "{kind} {channel:?} seed {seed:#x}: without proofs {:?}, with {:?}",
                    one_by_one.errors, outcome.errors
                ));
            }
            let mut same_errors = |what: &str, other: &Value| {
                let again = library(channel, false).validate(other);
                if again.errors != outcome.errors {
                    totals.add(format!("{channel:?} DISAGREEMENTS"));
                    disagreements.push(format!(
                        "{kind} {channel:?} seed {seed:#x}: {what} {:?}, as submitted {:?}",
                        again.errors, outcome.errors
                    ));
                }
            };
            // The library reads an object through its schema rather than copying and defaulting
            // it first; the copy it builds on request must get the same errors.
            if let Some(stored) = library(channel, false).defaulted(&obj) {
                same_errors("defaulted copy", &stored);
            }
            // An undeclared field is pruned, wherever it is: the rest reads the same.
            if obj.get("spec").is_some_and(Value::is_object) {
                let mut extra = obj.clone();
                extra["spec"]["zzUndeclared"] = serde_json::json!({"a": null});
                same_errors("with an undeclared field", &extra);
            }
            let lib = view(&outcome, version);
            totals.add(format!("{channel:?} variants"));
            totals.add(format!(
                "{channel:?} {}",
                if ov.admitted() {
                    "admitted"
                } else {
                    "rejected"
                }
            ));
            if ov.not_served {
                totals.add(format!("{channel:?} not served"));
            }
            if ov.cel_skipped {
                totals.add(format!("{channel:?} CEL skipped (blocking error)"));
            }
            if !ov.gaps.is_empty() {
                // kube-cel could not evaluate a rule: the oracle has no answer; counted apart.
                totals.add(format!("{channel:?} oracle gap (not compared)"));
                if gaps.len() < 10 {
                    gaps.push(format!("{channel:?} seed {seed:#x}: {:?}", ov.gaps));
                }
                continue;
            }
            let only_list_type = !ov.structural.is_empty()
                && ov
                    .structural
                    .iter()
                    .all(|s| s.keyword == "x-kubernetes-list-type")
                && ov.cel.is_empty();
            if only_list_type {
                // Decided only by the oracle's own list-type check (neither kube-cel nor
                // jsonschema knows x-kubernetes-list-type): counted apart.
                totals.add(format!("{channel:?} rejected by list-type check alone"));
            }
            let mut seen = BTreeSet::new();
            for (_, m) in &ov.cel {
                if seen.insert(m.clone()) {
                    cel_breaks.add(m.clone());
                }
            }
            for (_, r) in &ov.cel_eval_errors {
                cel_breaks.add(format!("<evaluation error> {r}"));
            }
            let mut seen = BTreeSet::new();
            for s in &ov.structural {
                if seen.insert((s.kind, s.keyword.clone())) {
                    structural_breaks.add(format!("{} ({})", kind_name(s.kind), s.keyword));
                }
            }
            if ov.not_served {
                structural_breaks.add("KindNotServed");
            }
            if let Some(d) = compare(&lib, &ov) {
                totals.add(format!("{channel:?} DISAGREEMENTS"));
                if disagreements.len() < 40 {
                    disagreements.push(format!(
                        "{kind} {channel:?} seed {seed:#x} mutations {labels:?}: {d}\n    library: {:?} (unchecked rules: {})\n    oracle:  {}\n    object: {}",
                        lib.errors,
                        lib.unchecked,
                        describe_oracle(&ov),
                        serde_json::to_string(&obj["spec"]).unwrap_or_default()
                    ));
                }
            }
        }
    }
    let _ = writeln!(report, "totals:");
    for (k, n) in &totals.0 {
        let _ = writeln!(report, "  {n:>6}  {k}");
    }
    let _ = writeln!(report, "mutations applied:");
    for (k, n) in &mutations.0 {
        let _ = writeln!(report, "  {n:>6}  {k}");
    }
    let _ = writeln!(report, "variants breaking each CEL rule (oracle):");
    for (k, n) in &cel_breaks.0 {
        let _ = writeln!(report, "  {n:>6}  {k}");
    }
    let _ = writeln!(report, "variants with each structural error kind (oracle):");
    for (k, n) in &structural_breaks.0 {
        let _ = writeln!(report, "  {n:>6}  {k}");
    }
    if !gaps.is_empty() {
        let _ = writeln!(report, "oracle gaps (first 10):");
        for g in &gaps {
            let _ = writeln!(report, "  {g}");
        }
    }
    let n_dis: usize = Channel::ALL
        .iter()
        .map(|c| {
            totals
                .0
                .get(&format!("{c:?} DISAGREEMENTS"))
                .copied()
                .unwrap_or(0)
        })
        .sum();
    let _ = writeln!(
        report,
        "disagreements: {n_dis} (first {} shown)",
        disagreements.len()
    );
    for d in &disagreements {
        let _ = writeln!(report, "  {d}");
    }
    let _ = writeln!(
        report,
        "oracle corrections so far (whole binary): IP format {}, duration() {}",
        o.ip_corrections(),
        o.duration_corrections()
    );
    write_report(&format!("variants-{kind}"), &report);
    assert_eq!(
        n_dis, 0,
        "{n_dis} disagreements on {kind} variants (see report)"
    );
}

#[test]
fn variants_httproute() {
    variants("HTTPRoute");
}

#[test]
fn variants_grpcroute() {
    variants("GRPCRoute");
}

#[test]
fn variants_gateway() {
    variants("Gateway");
}

#[test]
fn variants_gatewayclass() {
    variants("GatewayClass");
}

#[test]
fn variants_listenerset() {
    variants("ListenerSet");
}

#[test]
fn variants_referencegrant() {
    variants("ReferenceGrant");
}

#[test]
fn variants_backendtlspolicy() {
    variants("BackendTLSPolicy");
}

#[test]
fn variants_tlsroute() {
    variants("TLSRoute");
}

#[test]
fn variants_tcproute() {
    variants("TCPRoute");
}

#[test]
fn variants_udproute() {
    variants("UDPRoute");
}

/// What neither kube-cel nor jsonschema checks, with the API server's answer written by hand:
/// `x-kubernetes-list-type` uniqueness (pinning the oracle's own check too) and unknown fields
/// under strict field validation. Counted apart from the differential cases.
#[test]
fn hand_written_cases() {
    let route = |filters: Value| {
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
            "metadata": {"name": "r", "namespace": "default"},
            "spec": {"rules": [{"filters": filters}]}
        })
    };
    let gateway = json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"name": "g", "namespace": "default"},
        "spec": {"gatewayClassName": "c", "listeners": [
            {"name": "http", "protocol": "HTTP", "port": 80},
            {"name": "http", "protocol": "HTTP", "port": 8080}
        ]}
    });
    // (name, object, strict, prefixes of errors the API server prints, each of which must be
    // reported; no prefix = admitted). Other errors (a CEL rule that fails too) are allowed.
    let cases: Vec<(&str, Value, bool, Vec<&str>)> = vec![
        (
            "map list: header set by name",
            route(
                json!([{"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [
                {"name": "X-A", "value": "1"}, {"name": "X-A", "value": "2"}]}}]),
            ),
            false,
            vec![
                r#"spec.rules[0].filters[0].requestHeaderModifier.set[1].name: Duplicate value: "X-A""#,
            ],
        ),
        (
            "map list: keys compare exactly (header names differ in case)",
            route(
                json!([{"type": "RequestHeaderModifier", "requestHeaderModifier": {"add": [
                {"name": "X-A", "value": "1"}, {"name": "x-a", "value": "2"}]}}]),
            ),
            false,
            vec![],
        ),
        (
            "set list: header remove",
            route(
                json!([{"type": "ResponseHeaderModifier", "responseHeaderModifier": {"remove": ["X-A", "X-A"]}}]),
            ),
            false,
            vec![
                r#"spec.rules[0].filters[0].responseHeaderModifier.remove[1]: Duplicate value: "X-A""#,
            ],
        ),
        (
            "map list: listeners by name",
            gateway.clone(),
            false,
            vec![r#"spec.listeners[1].name: Duplicate value: "http""#],
        ),
        (
            "unknown field, pruned",
            {
                let mut r = route(json!([]));
                r["spec"]["bogus"] = json!(1);
                r
            },
            false,
            vec![],
        ),
        (
            "unknown field, strict",
            {
                let mut r = route(json!([]));
                r["spec"]["bogus"] = json!(1);
                r
            },
            true,
            vec![r#"unknown field "spec.bogus""#],
        ),
        (
            "nested unknown field, strict",
            route(
                json!([{"type": "RequestHeaderModifier", "requestHeaderModifier": {"sett": []}}]),
            ),
            true,
            vec![r#"unknown field "spec.rules[0].filters[0].requestHeaderModifier.sett""#],
        ),
        (
            "unknown metadata field, strict",
            {
                let mut r = route(json!([]));
                r["metadata"]["bogus"] = json!("x");
                r
            },
            true,
            vec![r#"unknown field "metadata.bogus""#],
        ),
        (
            "unknown field in a list item of a map list, strict",
            {
                let mut g = gateway;
                g["spec"]["listeners"][1]["name"] = json!("other");
                g["spec"]["listeners"][1]["extra"] = json!(true);
                g
            },
            true,
            vec![r#"unknown field "spec.listeners[1].extra""#],
        ),
    ];
    let mut report = String::from("== hand-written cases (list types, strict unknown fields) ==\n");
    let mut failures = 0;
    for (name, obj, strict, expected) in &cases {
        for channel in Channel::ALL {
            let out = library(channel, *strict).validate(obj);
            let got: Vec<String> = out.errors.iter().map(ToString::to_string).collect();
            let want: Vec<String> = expected.iter().map(|s| (*s).to_owned()).collect();
            let found = want
                .iter()
                .all(|w| got.iter().any(|g| g.starts_with(w.as_str())));
            let verdict_ok = (out.verdict == Verdict::Admitted) == want.is_empty();
            // The oracle's own list-type check must agree too (it decides generated variants).
            let ov = oracle().validate(channel, obj);
            let oracle_dups = ov
                .structural
                .iter()
                .filter(|s| s.keyword == "x-kubernetes-list-type")
                .count();
            let want_dups = expected
                .iter()
                .filter(|e| e.contains("Duplicate value"))
                .count();
            let ok = found && verdict_ok && oracle_dups == want_dups;
            if !ok {
                failures += 1;
            }
            let _ = writeln!(
                report,
                "{} {channel:?} {name}: library {got:?}{}",
                if ok { "ok  " } else { "FAIL" },
                if ok {
                    String::new()
                } else {
                    format!(" expected {want:?}, oracle duplicates {oracle_dups}")
                }
            );
        }
    }
    write_report("hand-written", &report);
    assert_eq!(failures, 0, "hand-written cases failed (see report)");
}

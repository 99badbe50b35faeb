//! Reading and decoding speed on the upstream v1 examples (the vendored
//! `testdata/upstream/examples/standard`: every GatewayClass, Gateway, HTTPRoute, GRPCRoute and
//! ReferenceGrant document), as one YAML stream and as one JSON stream of the same objects.
//!
//! - `read/*`: text to JSON values. `serde-saphyr` is the reader `parse` used before it read
//!   granit-parser's events itself; it stays here as the baseline.
//! - `parse/*`: `gateway_api_types::parse`, reading and strict decoding (unknown-field report,
//!   field paths); JSON as one stream of objects, as one `List` (as `kubectl get -o json` writes),
//!   and one document at a time.
//! - `plain/serde_json`: `serde_json::from_str` straight into the typed objects, the plain decode
//!   the peers do, to compare the strict path with.
//! - `parse_previous/yaml`: the previous `parse`, rebuilt from its parts (serde-saphyr values,
//!   then the same decoding).
//! - `read_crds/*`: CRDs, large documents. `generated` is this crate's standard bundle
//!   (`crds/standard.yaml`, descriptions as block scalars), in the subset `read_values` reads
//!   fast; `upstream` is upstream's standard CRDs (`testdata/upstream/crds/standard`), whose
//!   descriptions are plain scalars over several lines, outside it: what falling back to the
//!   full reader costs.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gateway_api_types::{Document, Source, parse, read_values, v1, v1beta1};
use serde_json::Value;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("examples") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// The corpus: the typed Gateway API documents of the standard examples.
fn corpus() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/upstream/examples/standard");
    let mut paths = Vec::new();
    files(&root, &mut paths);
    paths.sort();
    let kinds = [
        "GatewayClass",
        "Gateway",
        "HTTPRoute",
        "GRPCRoute",
        "ReferenceGrant",
    ];
    let mut out = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("readable");
        for value in read_values(&text) {
            let value = value.expect("upstream examples read");
            let kind = value["kind"].as_str().unwrap_or_default();
            let group = value["apiVersion"].as_str().unwrap_or_default();
            if kinds.contains(&kind) && group.starts_with("gateway.networking.k8s.io/") {
                out.push(value);
            }
        }
    }
    out
}

/// The kind of a document and whether it is v1, read from its value before timing, as a peer's
/// caller knows which type it decodes. (Looking for `"kind":"Gateway"` in the text matched the
/// `from` of a ReferenceGrant.)
fn kind_of(value: &Value) -> (bool, String) {
    (
        value["apiVersion"] == "gateway.networking.k8s.io/v1",
        value["kind"].as_str().unwrap_or_default().to_owned(),
    )
}

fn plain((v1, kind): &(bool, String), s: &str) -> usize {
    fn decode<T: serde::de::DeserializeOwned>(s: &str) -> usize {
        serde_json::from_str::<T>(s).map_or(0, |_| 1)
    }
    match (*v1, kind.as_str()) {
        (true, "HTTPRoute") => decode::<v1::HttpRoute>(s),
        (true, "GRPCRoute") => decode::<v1::GrpcRoute>(s),
        (true, "GatewayClass") => decode::<v1::GatewayClass>(s),
        (true, "Gateway") => decode::<v1::Gateway>(s),
        (true, _) => decode::<v1::ReferenceGrant>(s),
        (false, "HTTPRoute") => decode::<v1beta1::HttpRoute>(s),
        (false, "Gateway") => decode::<v1beta1::Gateway>(s),
        (false, "GatewayClass") => decode::<v1beta1::GatewayClass>(s),
        (false, _) => decode::<v1beta1::ReferenceGrant>(s),
    }
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let n = docs.len();
    let yaml: String = docs
        .iter()
        .map(|v| format!("---\n{}", serde_saphyr::to_string(v).expect("YAML")))
        .collect();
    let json_docs: Vec<String> = docs.iter().map(Value::to_string).collect();
    let json = json_docs.join("\n");
    let list = format!(
        r#"{{"apiVersion":"v1","kind":"List","items":[{}]}}"#,
        json_docs.join(",")
    );
    let kinds: Vec<(bool, String)> = docs.iter().map(kind_of).collect();
    // The three inputs hold the same objects.
    assert_eq!(
        parse("c.yaml", &yaml).iter().filter(|d| d.is_ok()).count(),
        n
    );
    assert_eq!(
        parse("c.json", &json).iter().filter(|d| d.is_ok()).count(),
        n
    );
    assert_eq!(
        parse("c.json", &list).iter().filter(|d| d.is_ok()).count(),
        n
    );
    assert_eq!(
        kinds
            .iter()
            .zip(&json_docs)
            .map(|(k, d)| plain(k, d))
            .sum::<usize>(),
        n
    );
    eprintln!(
        "corpus: {n} documents, {} bytes of YAML, {} bytes of JSON",
        yaml.len(),
        json.len()
    );

    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("serde_saphyr/yaml", |b| {
        b.iter(|| serde_saphyr::from_multiple::<Value>(black_box(&yaml)).map(|v| v.len()))
    });
    group.bench_function("read_values/yaml", |b| {
        b.iter(|| read_values(black_box(&yaml)).count())
    });
    group.bench_function("read_values/json", |b| {
        b.iter(|| read_values(black_box(&json)).count())
    });
    group.finish();

    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("yaml", |b| {
        b.iter(|| parse("c.yaml", black_box(&yaml)).len())
    });
    group.bench_function("json", |b| {
        b.iter(|| parse("c.json", black_box(&json)).len())
    });
    group.bench_function("json_list", |b| {
        b.iter(|| parse("c.json", black_box(&list)).len())
    });
    group.bench_function("json_per_document", |b| {
        b.iter(|| {
            json_docs
                .iter()
                .map(|d| parse("c.json", black_box(d)).len())
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("plain");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("serde_json", |b| {
        b.iter(|| {
            kinds
                .iter()
                .zip(&json_docs)
                .map(|(k, d)| plain(k, black_box(d)))
                .sum::<usize>()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("parse_previous");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("yaml", |b| {
        b.iter(|| {
            let values: Vec<Value> =
                serde_saphyr::from_multiple(black_box(&yaml)).unwrap_or_default();
            values
                .into_iter()
                .enumerate()
                .map(|(index, v)| {
                    let source = Source {
                        file: "c.yaml".into(),
                        index,
                    };
                    Document::from_value(source, v).is_ok()
                })
                .filter(|ok| *ok)
                .count()
        })
    });
    group.finish();

    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated =
        std::fs::read_to_string(manifest_dir.join("../crds/standard.yaml")).expect("the bundle");
    let mut paths = Vec::new();
    files(
        &manifest_dir.join("../testdata/upstream/crds/standard"),
        &mut paths,
    );
    paths.sort();
    let upstream: String = paths
        .iter()
        .map(|p| format!("---\n{}", std::fs::read_to_string(p).expect("a CRD")))
        .collect();
    let mut group = c.benchmark_group("read_crds");
    for (name, text) in [("generated", &generated), ("upstream", &upstream)] {
        let m = read_values(text).filter(Result::is_ok).count();
        // Both readers read it all (a budget error would time nothing).
        assert_eq!(
            serde_saphyr::from_multiple::<Value>(text)
                .map(|v| v.len())
                .ok(),
            Some(m)
        );
        group.throughput(Throughput::Elements(m as u64));
        group.bench_function(format!("serde_saphyr/{name}"), |b| {
            b.iter(|| serde_saphyr::from_multiple::<Value>(black_box(text)).map(|v| v.len()))
        });
        group.bench_function(format!("read_values/{name}"), |b| {
            b.iter(|| read_values(black_box(text)).count())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

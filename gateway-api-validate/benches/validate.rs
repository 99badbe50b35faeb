//! Validating the upstream example corpus: the library against the independent oracle of
//! `tests/differential.rs` (kube-cel + jsonschema), in the same run, on the same decoded
//! objects (YAML parsing happens before timing, for both).
//!
//! `cargo bench -p gateway-api-validate --bench validate` prints criterion's throughput for each
//! and, at the end, objects per second for both measured in alternation, and the ratio.

#![allow(missing_docs)]

#[path = "../tests/oracle/mod.rs"]
mod oracle;

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use gateway_api_validate::{Validator, Verdict};
use oracle::{Channel, Oracle, read_yaml, testdata, yaml_files};
use serde_json::Value;

/// Every Gateway API object of the upstream examples (both channels' directories), decoded.
fn corpus() -> Vec<Value> {
    let mut out = Vec::new();
    for c in ["standard", "experimental"] {
        for file in yaml_files(&testdata().join("examples").join(c)) {
            out.extend(read_yaml(&file).into_iter().filter(|d| {
                d["apiVersion"]
                    .as_str()
                    .is_some_and(|a| a.starts_with("gateway.networking."))
            }));
        }
    }
    out
}

/// Seconds spent validating the corpus once with `f`.
fn corpus_seconds(objects: &[Value], f: &mut impl FnMut(&Value) -> bool) -> f64 {
    let start = Instant::now();
    for o in objects {
        black_box(f(black_box(o)));
    }
    start.elapsed().as_secs_f64()
}

/// Objects per second of `a` and of `b`, measured in alternation: slices of about 50 ms each,
/// for `total` in all. This machine's speed drifts by tens of percent within seconds (other
/// tenants); two back-to-back measurements can land on different speeds, alternating slices
/// share the drift, so their ratio is the comparison that holds.
fn interleaved(
    objects: &[Value],
    mut a: impl FnMut(&Value) -> bool,
    mut b: impl FnMut(&Value) -> bool,
    total: Duration,
) -> (f64, f64) {
    let slice = 0.05;
    // Passes per slice for each side, from one timed pass.
    let per_slice = |s: f64| ((slice / s).ceil() as usize).max(1);
    let (na, nb) = (
        per_slice(corpus_seconds(objects, &mut a)),
        per_slice(corpus_seconds(objects, &mut b)),
    );
    let (mut ta, mut tb, mut ca, mut cb) = (0.0, 0.0, 0usize, 0usize);
    let start = Instant::now();
    while start.elapsed() < total {
        for _ in 0..na {
            ta += corpus_seconds(objects, &mut a);
        }
        ca += na;
        for _ in 0..nb {
            tb += corpus_seconds(objects, &mut b);
        }
        cb += nb;
    }
    let n = objects.len() as f64;
    (ca as f64 * n / ta, cb as f64 * n / tb)
}

fn main() {
    let objects = corpus();
    let library = Validator::new(gateway_api_validate::Channel::Experimental);
    let oracle = Oracle::new();

    // Both must see the corpus as valid, or the comparison measures different work.
    let lib_admitted = objects
        .iter()
        .filter(|o| library.validate(o).verdict == Verdict::Admitted)
        .count();
    let oracle_admitted = objects
        .iter()
        .filter(|o| oracle.validate(Channel::Experimental, o).admitted())
        .count();
    println!(
        "corpus: {} Gateway API objects; admitted by the library: {lib_admitted}, by the oracle: {oracle_admitted}",
        objects.len()
    );

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group("upstream-examples");
    group.throughput(Throughput::Elements(objects.len() as u64));
    group.bench_function("library", |b| {
        b.iter(|| {
            for o in &objects {
                black_box(library.validate(black_box(o)));
            }
        });
    });
    group.bench_function("oracle", |b| {
        b.iter(|| {
            for o in &objects {
                black_box(oracle.validate(Channel::Experimental, black_box(o)));
            }
        });
    });
    group.finish();
    c.final_summary();

    // criterion's `--bench` flag marks a real run (not `cargo test --benches`).
    if std::env::args().any(|a| a == "--bench") {
        let (lib, orc) = interleaved(
            &objects,
            |o| library.validate(o).verdict == Verdict::Admitted,
            |o| oracle.validate(Channel::Experimental, o).admitted(),
            Duration::from_secs(6),
        );
        println!("in alternating 50-ms slices over 6 s:");
        println!("library: {lib:.0} objects/s");
        println!("oracle:  {orc:.0} objects/s");
        println!("ratio:   {:.1}x", lib / orc);
    }
}

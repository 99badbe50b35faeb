//! Decoding and encoding the 90 upstream v1 example documents (HTTPRoute, Gateway, GRPCRoute,
//! GatewayClass, ReferenceGrant; JSON text) with gateway-api-types and with kube-rs's
//! `gateway-api` crate, in one run on the same inputs:
//!
//! - `decode/ours-parse`: `gateway_api_types::parse`, the public strict path (unknown fields
//!   reported, field paths in errors, any kind);
//! - `decode/ours-serde`: `serde_json::from_str` into our type for the kind;
//! - `decode/peer-serde`: `serde_json::from_str` into the peer's type for the kind (the peer
//!   offers no other path);
//! - `encode/ours`, `encode/peer`: `serde_json::to_string` of the decoded objects.
//!
//! `cd benches/peer && cargo bench`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gateway_api_benches::corpus;
use serde::Serialize;

mod decoding;
use decoding::{Decoded, Ours, Peer, assert_strict, decode};

fn encode<A, B, C, D, E>(object: &Decoded<A, B, C, D, E>) -> String
where
    A: Serialize,
    B: Serialize,
    C: Serialize,
    D: Serialize,
    E: Serialize,
{
    let text = match object {
        Decoded::HttpRoute(o) => serde_json::to_string(o),
        Decoded::Gateway(o) => serde_json::to_string(o),
        Decoded::GrpcRoute(o) => serde_json::to_string(o),
        Decoded::GatewayClass(o) => serde_json::to_string(o),
        Decoded::ReferenceGrant(o) => serde_json::to_string(o),
    };
    text.unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    assert_eq!(docs.len(), 90, "the corpus is the 90 v1 example documents");
    let bytes: usize = docs.iter().map(|d| d.json.len()).sum();
    eprintln!("corpus: {} documents, {bytes} bytes of JSON", docs.len());
    assert_strict(&docs);

    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("ours-parse", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box(gateway_api_types::parse(&doc.source, black_box(&doc.json)));
            }
        })
    });
    group.bench_function("ours-serde", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box::<Ours>(decode(black_box(doc)));
            }
        })
    });
    group.bench_function("peer-serde", |b| {
        b.iter(|| {
            for doc in &docs {
                black_box::<Peer>(decode(black_box(doc)));
            }
        })
    });
    group.finish();

    let ours: Vec<Ours> = docs.iter().map(decode).collect();
    let peers: Vec<Peer> = docs.iter().map(decode).collect();
    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Elements(docs.len() as u64));
    group.bench_function("ours", |b| {
        b.iter(|| {
            for o in &ours {
                black_box(encode(black_box(o)));
            }
        })
    });
    group.bench_function("peer", |b| {
        b.iter(|| {
            for o in &peers {
                black_box(encode(black_box(o)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

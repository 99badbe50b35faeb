//! The decode comparison of `benches/peer.rs` as a plain program, for counting instructions
//! rather than timing (timings on a shared machine move too much to compare a few percent):
//!
//! ```sh
//! cd benches/peer && cargo build --release --example decode_count
//! valgrind --tool=callgrind --toggle-collect='decode_count::pass' \
//!     target/release/examples/decode_count parse 20
//! ```
//!
//! The first argument picks the path (`parse`, `ours`, `peer`), the second how many passes over
//! the 90 documents to make. Only `pass` is counted with the toggle above, so the instructions per
//! pass are the total over the count of passes; reading and converting the corpus is not counted.

use std::hint::black_box;

use gateway_api::experimental as peer;
use gateway_api_benches::{CorpusDocument, corpus};
use gateway_api_types::v1;
use serde::de::DeserializeOwned;

#[derive(Clone, Copy)]
enum Path {
    Parse,
    Ours,
    Peer,
}

fn from<T: DeserializeOwned>(doc: &CorpusDocument) -> T {
    serde_json::from_str(black_box(&doc.json)).unwrap_or_else(|e| panic!("{}: {e}", doc.source))
}

/// Decodes with one crate's five types; the values are only dropped.
fn typed<A, B, C, D, E>(doc: &CorpusDocument)
where
    A: DeserializeOwned,
    B: DeserializeOwned,
    C: DeserializeOwned,
    D: DeserializeOwned,
    E: DeserializeOwned,
{
    match doc.kind.as_str() {
        "HTTPRoute" => drop(black_box(from::<A>(doc))),
        "Gateway" => drop(black_box(from::<B>(doc))),
        "GRPCRoute" => drop(black_box(from::<C>(doc))),
        "GatewayClass" => drop(black_box(from::<D>(doc))),
        "ReferenceGrant" => drop(black_box(from::<E>(doc))),
        other => panic!("{}: kind {other} is not in the corpus", doc.source),
    }
}

/// One pass over the corpus: the function callgrind counts.
#[inline(never)]
fn pass(path: Path, docs: &[CorpusDocument]) {
    for doc in docs {
        match path {
            Path::Parse => drop(black_box(gateway_api_types::parse(
                &doc.source,
                black_box(&doc.json),
            ))),
            Path::Ours => typed::<
                v1::HttpRoute,
                v1::Gateway,
                v1::GrpcRoute,
                v1::GatewayClass,
                v1::ReferenceGrant,
            >(doc),
            Path::Peer => typed::<
                peer::httproutes::HttpRoute,
                peer::gateways::Gateway,
                peer::grpcroutes::GrpcRoute,
                peer::gatewayclasses::GatewayClass,
                peer::referencegrants::ReferenceGrant,
            >(doc),
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = match args.next().as_deref() {
        Some("parse") => Path::Parse,
        Some("ours") => Path::Ours,
        Some("peer") => Path::Peer,
        other => panic!("first argument: parse, ours or peer, not {other:?}"),
    };
    let passes: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let docs = corpus();
    assert_eq!(docs.len(), 90, "the corpus is the 90 v1 example documents");
    // The strict path must take every document whole, as the bench checks.
    for doc in &docs {
        let parsed = gateway_api_types::parse(&doc.source, &doc.json);
        let [Ok(d)] = parsed.as_slice() else {
            panic!("{}: {parsed:?}", doc.source)
        };
        assert!(d.unknown_fields.is_empty(), "{}", doc.source);
    }
    for _ in 0..passes {
        pass(path, &docs);
    }
}

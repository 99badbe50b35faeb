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

use gateway_api_benches::{CorpusDocument, corpus};

// The bench's own decoding calls. Here the decoded values are only dropped, never read.
#[allow(dead_code)]
#[path = "../benches/decoding/mod.rs"]
mod decoding;
use decoding::{Ours, Peer, assert_strict, decode};

#[derive(Clone, Copy)]
enum Path {
    Parse,
    Ours,
    Peer,
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
            Path::Ours => drop(black_box::<Ours>(decode(black_box(doc)))),
            Path::Peer => drop(black_box::<Peer>(decode(black_box(doc)))),
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
    assert_strict(&docs);
    for _ in 0..passes {
        pass(path, &docs);
    }
}

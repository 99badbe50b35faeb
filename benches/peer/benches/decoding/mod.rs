//! Decoding the corpus with either crate, shared by the peer bench and the `decode_count`
//! example so that both measure the same calls.

use gateway_api::experimental as peer;
use gateway_api_benches::CorpusDocument;
use gateway_api_types::v1;
use serde::de::DeserializeOwned;

/// A decoded document, whichever crate decoded it; only to be encoded again.
pub(crate) enum Decoded<A, B, C, D, E> {
    HttpRoute(A),
    Gateway(B),
    GrpcRoute(C),
    GatewayClass(D),
    ReferenceGrant(E),
}

pub(crate) type Ours =
    Decoded<v1::HttpRoute, v1::Gateway, v1::GrpcRoute, v1::GatewayClass, v1::ReferenceGrant>;
pub(crate) type Peer = Decoded<
    peer::httproutes::HttpRoute,
    peer::gateways::Gateway,
    peer::grpcroutes::GrpcRoute,
    peer::gatewayclasses::GatewayClass,
    peer::referencegrants::ReferenceGrant,
>;

fn from<T: DeserializeOwned>(doc: &CorpusDocument) -> T {
    serde_json::from_str(&doc.json).unwrap_or_else(|e| panic!("{}: {e}", doc.source))
}

/// Decodes a document into the type of its kind, from `A` to `E` as in [`Decoded`].
pub(crate) fn decode<A, B, C, D, E>(doc: &CorpusDocument) -> Decoded<A, B, C, D, E>
where
    A: DeserializeOwned,
    B: DeserializeOwned,
    C: DeserializeOwned,
    D: DeserializeOwned,
    E: DeserializeOwned,
{
    match doc.kind.as_str() {
        "HTTPRoute" => Decoded::HttpRoute(from(doc)),
        "Gateway" => Decoded::Gateway(from(doc)),
        "GRPCRoute" => Decoded::GrpcRoute(from(doc)),
        "GatewayClass" => Decoded::GatewayClass(from(doc)),
        "ReferenceGrant" => Decoded::ReferenceGrant(from(doc)),
        other => panic!("{}: kind {other} is not in the corpus", doc.source),
    }
}

/// Panics unless every document decodes strictly, whole and without unknown fields: the
/// comparisons are on equal work only then.
pub(crate) fn assert_strict(docs: &[CorpusDocument]) {
    for doc in docs {
        let parsed = gateway_api_types::parse(&doc.source, &doc.json);
        let [Ok(d)] = parsed.as_slice() else {
            panic!("{}: {parsed:?}", doc.source)
        };
        assert!(
            d.unknown_fields.is_empty(),
            "{}: {:?}",
            doc.source,
            d.unknown_fields
        );
    }
}

//! The little of gRPC the proxy speaks itself: trailers-only error responses, and the
//! length-prefixed message framing the echo backend and the test client use.

use bytes::{BufMut as _, Bytes, BytesMut};
use http::{HeaderValue, Response, StatusCode};

use crate::body::{Body, empty};
use crate::imports::GrpcStatus;

/// `content-type` of gRPC over HTTP/2.
pub const CONTENT_TYPE: &str = "application/grpc";

/// A trailers-only response: HTTP 200 whose only HEADERS frame ends the stream and carries
/// `grpc-status` and `grpc-message` (what gRPC clients read when the server fails a call
/// before any message).
pub fn trailers_only(status: GrpcStatus, message: &str) -> Response<Body> {
    trailers_only_code(status.code(), message)
}

/// [`trailers_only`] with a numeric status (for codes the matcher does not name).
pub fn trailers_only_code(code: u32, message: &str) -> Response<Body> {
    let mut response = Response::new(empty());
    *response.status_mut() = StatusCode::OK;
    let h = response.headers_mut();
    h.insert(
        http::header::CONTENT_TYPE,
        HeaderValue::from_static(CONTENT_TYPE),
    );
    h.insert("grpc-status", HeaderValue::from(code));
    if let Ok(v) = HeaderValue::from_str(message) {
        h.insert("grpc-message", v);
    }
    response
}

/// One message with its 5-byte prefix (uncompressed, big-endian length).
pub fn frame(message: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(5 + message.len());
    out.put_u8(0);
    out.put_u32(u32::try_from(message.len()).unwrap_or(u32::MAX));
    out.put_slice(message);
    out.freeze()
}

/// The first message of a body of length-prefixed messages, if complete.
pub fn first_message(body: &[u8]) -> Option<&[u8]> {
    let len = u32::from_be_bytes(body.get(1..5)?.try_into().ok()?) as usize;
    body.get(5..5 + len)
}

/// The canonical name of a gRPC status code.
pub fn code_name(code: u32) -> &'static str {
    const NAMES: [&str; 17] = [
        "OK",
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    ];
    NAMES.get(code as usize).copied().unwrap_or("UNKNOWN")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_names_match_codes() {
        let f = frame(b"hello");
        assert_eq!(&f[..5], &[0, 0, 0, 0, 5]);
        assert_eq!(first_message(&f), Some(&b"hello"[..]));
        assert_eq!(first_message(&f[..7]), None);
        assert_eq!(code_name(GrpcStatus::Unimplemented.code()), "UNIMPLEMENTED");
        assert_eq!(code_name(GrpcStatus::Unavailable.code()), "UNAVAILABLE");
        let r = trailers_only(GrpcStatus::Unavailable, "no backend");
        assert_eq!(r.headers()["grpc-status"], "14");
        assert_eq!(r.headers()["grpc-message"], "no backend");
    }
}

//! CORS (`HTTPCORSFilter`): the one place where the proxy answers a preflight and adds the
//! `Access-Control-*` headers to a cross-origin response. The semantics (origin matching, the
//! preflight's answer, which headers a response carries) are `gateway-api-match`'s; this file
//! only moves them into hyper's types.

use http::{HeaderMap, HeaderValue, Request, Response, StatusCode};

use crate::body::{Body, empty};
use crate::imports::Matched;

/// A preflight the gateway answers itself: `Some(response)` (the rule has a `CORS` filter and
/// the request is an `OPTIONS` with `Origin` and `Access-Control-Request-Method`); `None` routes
/// the request as usual.
pub fn preflight<B>(matched: &Matched<'_>, req: &Request<B>) -> Option<Response<Body>> {
    let mut response = Response::new(empty());
    let status = matched.answer_cors_preflight(req, response.headers_mut())?;
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    Some(response)
}

/// The request's `Origin`, kept before the request goes to the backend, for [`respond`].
pub fn origin(headers: &HeaderMap) -> Option<HeaderValue> {
    headers.get(http::header::ORIGIN).cloned()
}

/// Adds the CORS headers of a forwarded request's response (none when the rule has no `CORS`
/// filter, there was no `Origin`, or the origin is not allowed).
pub fn respond(matched: &Matched<'_>, origin: Option<&HeaderValue>, out: &mut HeaderMap) {
    if let (Some(cors), Some(origin)) = (matched.cors(), origin.and_then(|o| o.to_str().ok())) {
        cors.write_response_headers(origin, out);
    }
}

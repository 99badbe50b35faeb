//! CORS (`HTTPCORSFilter`): the one place where the proxy answers a preflight and adds the
//! `Access-Control-*` headers to a cross-origin response.
//!
//! NOT WIRED YET: the CORS semantics (origin matching, preflight answer, response headers) are
//! being written as a pure helper in `gateway-api-match`. Until it lands this function handles
//! nothing, so a CORS filter has no effect here: preflights are forwarded like any request and
//! responses carry no `Access-Control-*` headers. Wire the helper in here and nowhere else.

use http::Request;

use crate::body::Body;
use crate::imports::Matched;

/// A preflight the gateway answers itself: `Some(response)`. `None`: not handled (always, for
/// now; see the module documentation).
pub fn preflight<B>(_matched: &Matched<'_>, _req: &Request<B>) -> Option<http::Response<Body>> {
    None
}

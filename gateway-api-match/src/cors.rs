//! The HTTPRoute `CORS` filter (`HTTPCORSFilter`, GEP-1767): which requests the gateway answers
//! itself (preflights) and which `Access-Control-*` headers go on the response, written into a
//! [`HeaderSink`] the caller owns. Nothing here allocates.
//!
//! The rules, from the v1.6.1 CRD descriptions of `HTTPCORSFilter`:
//! - a *preflight* is an `OPTIONS` request with `Origin` and `Access-Control-Request-Method`; on a
//!   rule with CORS the gateway answers it ("The status code of a successful response to a
//!   'preflight' request is always an OK status (i.e., 204 or 200)") and does not forward it;
//! - an *actual* request is any request with `Origin`: it is forwarded, and the response carries
//!   the CORS headers when the origin is allowed;
//! - "If the request `Origin` does not match the configured allowed origins, the gateway returns
//!   204/200 response but doesn't set the relevant cross-origin response headers."
//!
//! ```
//! use gateway_api_match::Request;
//! use gateway_api_match::cors::CorsRequest;
//! use gateway_api_match::input::Cors;
//!
//! let cors = Cors {
//!     allow_origins: vec!["https://*.example.com".into()],
//!     allow_methods: vec!["GET".into(), "PUT".into()],
//!     allow_credentials: Some(true),
//!     ..Cors::default()
//! };
//! let headers = [("origin", "https://app.example.com"), ("access-control-request-method", "PUT")];
//! let req = Request::get("api.example.com", "/items").method("OPTIONS").headers(&headers);
//!
//! let mut answer: Vec<(String, String)> = Vec::new();
//! match CorsRequest::of(&req) {
//!     CorsRequest::Preflight(p) => {
//!         let status = cors.write_preflight(&p, &mut answer);
//!         assert_eq!(status, 200);
//!     }
//!     other => panic!("expected a preflight, got {other:?}"),
//! }
//! assert!(answer.contains(&("Access-Control-Allow-Origin".into(), "https://app.example.com".into())));
//! assert!(answer.contains(&("Access-Control-Allow-Methods".into(), "GET,PUT".into())));
//! assert!(answer.contains(&("Access-Control-Max-Age".into(), "5".into())));
//! ```
//!
//! List-valued headers (`-Allow-Methods`, `-Allow-Headers`, `-Expose-Headers`) are written as one
//! [`HeaderSink::set`] of the first item and one [`HeaderSink::add`] per further item: the
//! `Vec<(String, String)>` sink joins them with `,`, an `http::HeaderMap` keeps one field line
//! per item, which HTTP reads as the same list.

use crate::actions::HeaderSink;
use crate::input::Cors;
use crate::request::RequestView;
use crate::router::Matched;

/// The status of the gateway's answer to a preflight. The CRD allows 200 or 204; 200 is what
/// the most common data planes answer, and it carries no body.
pub const PREFLIGHT_STATUS: u16 = 200;

/// `Access-Control-Max-Age` when `maxAge` is unset: "When the `MaxAge` field is unspecified, the
/// gateway sets the response header "Access-Control-Max-Age: 5" by default."
pub const DEFAULT_MAX_AGE: u32 = 5;

/// What a request is to the CORS protocol, read from its method and headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CorsRequest<'a> {
    /// No `Origin` header: the filter has nothing to do.
    NotCors,
    /// `OPTIONS` with `Origin` and `Access-Control-Request-Method`: the gateway answers.
    Preflight(Preflight<'a>),
    /// Any other request with `Origin`: forwarded; the response may get CORS headers.
    Actual {
        /// The `Origin` header.
        origin: &'a str,
    },
}

/// The parts of a preflight request the answer depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preflight<'a> {
    /// The `Origin` header.
    pub origin: &'a str,
    /// The `Access-Control-Request-Method` header.
    pub method: &'a str,
    /// The `Access-Control-Request-Headers` header, when sent.
    pub headers: Option<&'a str>,
}

impl<'a> CorsRequest<'a> {
    /// Classifies a request. Methods are case-sensitive, so only `OPTIONS` makes a preflight.
    pub fn of<R: RequestView + ?Sized>(req: &'a R) -> Self {
        let Some(origin) = req.header("origin") else {
            return Self::NotCors;
        };
        match req.header("access-control-request-method") {
            Some(method) if req.method() == "OPTIONS" => Self::Preflight(Preflight {
                origin,
                method,
                headers: req.header("access-control-request-headers"),
            }),
            _ => Self::Actual { origin },
        }
    }
}

impl Cors {
    fn credentials(&self) -> bool {
        self.allow_credentials == Some(true)
    }

    /// Whether an `Origin` header value is allowed by `allowOrigins`.
    ///
    /// "An origin value that includes _only_ the `*` character indicates requests from all
    /// `Origin`s are allowed." Otherwise scheme, host and port compare (scheme and host
    /// case-insensitively); "if not included, port `80` is assumed for `http` scheme origins, and
    /// port `443` is assumed for `https` origins"; a host `*` matches every host, and a leading
    /// `*.` "is a greedy match to the _left_, including any number of DNS labels", so
    /// `https://*.example.com` matches `https://a.b.example.com` but not `https://example.com`.
    pub fn allows_origin(&self, origin: &str) -> bool {
        if self.allow_origins.iter().any(|o| o == "*") {
            return true;
        }
        let Some(request) = Origin::parse(origin) else {
            return false;
        };
        self.allow_origins
            .iter()
            .filter_map(|o| Origin::parse(o))
            .any(|allowed| allowed.admits(&request))
    }

    /// The `Access-Control-Allow-Origin` value for an allowed origin.
    ///
    /// "If the configuration contains the wildcard `*` in `allowOrigins` and `allowCredentials`
    /// is set to `false`, the `Access-Control-Allow-Origin` response header may either contain the
    /// wildcard `*` or echo the value of the `Origin` request header. [...] and `allowCredentials`
    /// is set to `true`, the gateway must not return `*`". Otherwise the origin is echoed.
    fn allow_origin_value<'o>(&self, origin: &'o str) -> &'o str {
        if !self.credentials() && self.allow_origins.iter().any(|o| o == "*") {
            "*"
        } else {
            origin
        }
    }

    /// Writes the gateway's answer to a preflight into `out` and returns its status
    /// ([`PREFLIGHT_STATUS`]). The request is not forwarded, whatever the origin.
    ///
    /// For an allowed origin: `Access-Control-Allow-Origin`, `-Allow-Credentials: true` when
    /// `allowCredentials`, `-Allow-Methods` and `-Allow-Headers` (see [`Cors::allow_methods`]
    /// and [`Cors::allow_headers`] for `*`), and `-Max-Age` (default
    /// [`DEFAULT_MAX_AGE`]). For any other origin, no CORS header at all.
    pub fn write_preflight<S: HeaderSink + ?Sized>(&self, req: &Preflight<'_>, out: &mut S) -> u16 {
        if !self.allows_origin(req.origin) {
            return PREFLIGHT_STATUS;
        }
        self.write_origin(req.origin, out);
        let credentials = self.credentials();
        match self.allow_methods.as_slice() {
            [] => {}
            // "If the configuration contains the wildcard `*` in `allowMethods` and
            // `allowCredentials` is set to `true`, the gateway must not return `*` [...] it must
            // return a single HTTP method matching the value of the
            // `Access-Control-Request-Method` request header."
            [star] if star == "*" && credentials => out.set(ALLOW_METHODS, req.method),
            list => write_list(ALLOW_METHODS, list, out),
        }
        match self.allow_headers.as_slice() {
            [] => {}
            // "[...] it must return one or more header names matching the value of the
            // `Access-Control-Request-Headers` request header. If the
            // `Access-Control-Request-Headers` header is not present in the request, the gateway
            // must omit the `Access-Control-Allow-Headers` response header."
            [star] if star == "*" && credentials => {
                if let Some(h) = req.headers {
                    out.set(ALLOW_HEADERS, h);
                }
            }
            list => write_list(ALLOW_HEADERS, list, out),
        }
        let mut digits = [0u8; 10];
        out.set(
            MAX_AGE,
            decimal(self.max_age.unwrap_or(DEFAULT_MAX_AGE), &mut digits),
        );
        PREFLIGHT_STATUS
    }

    /// Writes the CORS headers of the response to an actual (forwarded) request from `origin`:
    /// nothing for an origin that is not allowed; otherwise `Access-Control-Allow-Origin`,
    /// `-Allow-Credentials: true` when `allowCredentials`, `-Expose-Headers` when configured
    /// ("If the configuration contains the wildcard `*` in `exposeHeaders` and
    /// `allowCredentials` is set to `true`, the gateway cannot use the `*`": it is then left
    /// out), and `Vary: Origin` when the answer echoes the origin, so that caches keep one copy
    /// per origin.
    pub fn write_response_headers<S: HeaderSink + ?Sized>(&self, origin: &str, out: &mut S) {
        if !self.allows_origin(origin) {
            return;
        }
        if self.write_origin(origin, out) {
            out.add(VARY, "Origin");
        }
        let credentials = self.credentials();
        write_list(
            EXPOSE_HEADERS,
            self.expose_headers
                .iter()
                .filter(|h| !(credentials && *h == "*")),
            out,
        );
    }

    /// `Access-Control-Allow-Origin` and `-Allow-Credentials`; true when the origin was echoed.
    fn write_origin<S: HeaderSink + ?Sized>(&self, origin: &str, out: &mut S) -> bool {
        let value = self.allow_origin_value(origin);
        out.set(ALLOW_ORIGIN, value);
        // "When set to true, the gateway will include the `Access-Control-Allow-Credentials`
        // response header with value true (case-sensitive). When set to false or omitted the
        // gateway will omit the header".
        if self.credentials() {
            out.set(ALLOW_CREDENTIALS, "true");
        }
        value != "*"
    }
}

impl<'r> Matched<'r> {
    /// The rule's `CORS` filter, if it has one.
    pub fn cors(&self) -> Option<&'r Cors> {
        self.filters.iter().find_map(|f| match f {
            crate::input::Filter::Cors(c) => Some(c),
            _ => None,
        })
    }

    /// When `req` is a preflight and the rule has a `CORS` filter, writes the gateway's answer
    /// headers into `out` and returns its status: answer with it and do not forward. `None`
    /// otherwise (route the request as usual).
    pub fn answer_cors_preflight<R: RequestView + ?Sized, S: HeaderSink + ?Sized>(
        &self,
        req: &R,
        out: &mut S,
    ) -> Option<u16> {
        let cors = self.cors()?;
        match CorsRequest::of(req) {
            CorsRequest::Preflight(p) => Some(cors.write_preflight(&p, out)),
            CorsRequest::NotCors | CorsRequest::Actual { .. } => None,
        }
    }

    /// Adds the CORS headers of the response to a forwarded request (nothing when the rule has
    /// no `CORS` filter, the request has no `Origin`, or the origin is not allowed). Call it
    /// after [`Matched::apply_response_headers`], on the backend's response.
    pub fn apply_cors_response_headers<R: RequestView + ?Sized, S: HeaderSink + ?Sized>(
        &self,
        req: &R,
        out: &mut S,
    ) {
        if let (Some(cors), Some(origin)) = (self.cors(), req.header("origin")) {
            cors.write_response_headers(origin, out);
        }
    }
}

const ALLOW_ORIGIN: &str = "Access-Control-Allow-Origin";
const ALLOW_CREDENTIALS: &str = "Access-Control-Allow-Credentials";
const ALLOW_METHODS: &str = "Access-Control-Allow-Methods";
const ALLOW_HEADERS: &str = "Access-Control-Allow-Headers";
const EXPOSE_HEADERS: &str = "Access-Control-Expose-Headers";
const MAX_AGE: &str = "Access-Control-Max-Age";
const VARY: &str = "Vary";

/// "When the `allowMethods` field is configured with one or more methods, the gateway must
/// return the `Access-Control-Allow-Methods` response header which value is present in the
/// `allowMethods` field" (and likewise for headers); `*` with credentials off is written as is.
fn write_list<'a, S: HeaderSink + ?Sized>(
    name: &str,
    list: impl IntoIterator<Item = &'a String>,
    out: &mut S,
) {
    let mut items = list.into_iter();
    if let Some(first) = items.next() {
        out.set(name, first);
    }
    for item in items {
        out.add(name, item);
    }
}

/// `n` in decimal, in a buffer on the caller's stack.
fn decimal(mut n: u32, buf: &mut [u8; 10]) -> &str {
    let mut start = buf.len();
    loop {
        start -= 1;
        // `n % 10` is below 10, so the cast keeps the digit.
        buf[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 || start == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[start..]).unwrap_or("0")
}

/// An origin, `scheme://host[:port]`, as written in `allowOrigins` or sent in `Origin`.
struct Origin<'a> {
    scheme: &'a str,
    host: &'a str,
    port: u16,
}

impl<'a> Origin<'a> {
    /// `None` for anything that is not `http(s)://host[:port]` (for example `null`, or an
    /// origin with a path): such a value matches only `allowOrigins: ["*"]`.
    fn parse(s: &'a str) -> Option<Self> {
        let (scheme, authority) = s.split_once("://")?;
        let default_port = if scheme.eq_ignore_ascii_case("http") {
            80
        } else if scheme.eq_ignore_ascii_case("https") {
            443
        } else {
            return None;
        };
        // An IPv6 literal keeps its brackets and colons; the port follows the `]`.
        let split_at = if authority.starts_with('[') {
            authority.find(']').map(|i| i + 1)?
        } else {
            authority.rfind(':').unwrap_or(authority.len())
        };
        let (host, rest) = authority.split_at(split_at);
        let port = match rest.strip_prefix(':') {
            None if rest.is_empty() => default_port,
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse().ok()?,
            _ => return None,
        };
        if host.is_empty() || host.contains(['/', '?', '#', '@']) {
            return None;
        }
        Some(Self { scheme, host, port })
    }

    /// Whether this allowed origin (possibly with a wildcard host) admits `request`.
    fn admits(&self, request: &Origin<'_>) -> bool {
        if !self.scheme.eq_ignore_ascii_case(request.scheme) || self.port != request.port {
            return false;
        }
        if self.host == "*" {
            return true;
        }
        match self.host.strip_prefix('*') {
            // `*.example.com` needs at least one label before `.example.com`.
            Some(suffix) => {
                request.host.len() > suffix.len()
                    && request
                        .host
                        .get(request.host.len() - suffix.len()..)
                        .is_some_and(|tail| tail.eq_ignore_ascii_case(suffix))
            }
            None => self.host.eq_ignore_ascii_case(request.host),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Request;

    fn cors(origins: &[&str]) -> Cors {
        Cors {
            allow_origins: origins.iter().map(|s| (*s).to_owned()).collect(),
            ..Cors::default()
        }
    }

    fn get<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
        h.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn preflight<'a>(origin: &'a str, method: &'a str, headers: Option<&'a str>) -> Preflight<'a> {
        Preflight {
            origin,
            method,
            headers,
        }
    }

    #[test]
    fn classifies_preflight_actual_and_plain_requests() {
        let pre = [
            ("Origin", "https://a.com"),
            ("Access-Control-Request-Method", "PUT"),
            ("Access-Control-Request-Headers", "x-a, x-b"),
        ];
        let req = Request::get("h", "/").method("OPTIONS").headers(&pre);
        assert_eq!(
            CorsRequest::of(&req),
            CorsRequest::Preflight(preflight("https://a.com", "PUT", Some("x-a, x-b")))
        );
        // The same headers on another method, or OPTIONS without the request method: actual.
        let req = Request::get("h", "/").method("PUT").headers(&pre);
        assert_eq!(
            CorsRequest::of(&req),
            CorsRequest::Actual {
                origin: "https://a.com"
            }
        );
        let only_origin = [("origin", "https://a.com")];
        let req = Request::get("h", "/")
            .method("OPTIONS")
            .headers(&only_origin);
        assert!(matches!(CorsRequest::of(&req), CorsRequest::Actual { .. }));
        // Methods are case-sensitive: `options` is not OPTIONS.
        let req = Request::get("h", "/").method("options").headers(&pre);
        assert!(matches!(CorsRequest::of(&req), CorsRequest::Actual { .. }));
        let req = Request::get("h", "/").method("OPTIONS");
        assert_eq!(CorsRequest::of(&req), CorsRequest::NotCors);
    }

    #[test]
    fn origins_compare_by_scheme_host_and_port() {
        let c = cors(&["https://www.foo.com", "http://api.foo.com:8080"]);
        assert!(c.allows_origin("https://www.foo.com"));
        assert!(c.allows_origin("HTTPS://WWW.FOO.COM"));
        // The default port is assumed on either side.
        assert!(c.allows_origin("https://www.foo.com:443"));
        assert!(c.allows_origin("http://api.foo.com:8080"));
        assert!(!c.allows_origin("http://www.foo.com"), "scheme differs");
        assert!(!c.allows_origin("https://www.foo.com:8443"), "port differs");
        assert!(
            !c.allows_origin("http://api.foo.com"),
            "port 80 is not 8080"
        );
        assert!(!c.allows_origin("https://foo.com"), "host differs");
        assert!(!c.allows_origin("https://www.foo.com.evil.net"));
        assert!(!c.allows_origin("null"));
        assert!(!c.allows_origin("https://www.foo.com/path"));
        assert!(!c.allows_origin("https://www.foo.com:"));
        assert!(!c.allows_origin("https://www.foo.com:99999"));
        assert!(!c.allows_origin("ftp://www.foo.com"));
        let v6 = cors(&["http://[::1]:8080"]);
        assert!(v6.allows_origin("http://[::1]:8080"));
        assert!(!v6.allows_origin("http://[::1]"));
    }

    #[test]
    fn wildcard_origins() {
        let c = cors(&["https://*.bar.com"]);
        assert!(c.allows_origin("https://a.bar.com"));
        // Greedy to the left: any number of labels.
        assert!(c.allows_origin("https://a.b.c.Bar.com"));
        assert!(!c.allows_origin("https://bar.com"), "at least one label");
        assert!(!c.allows_origin("https://abar.com"));
        assert!(
            !c.allows_origin("http://a.bar.com"),
            "scheme still compares"
        );
        assert!(
            !c.allows_origin("https://a.bar.com:8443"),
            "port still compares"
        );
        let any_host = cors(&["http://*"]);
        assert!(any_host.allows_origin("http://anything.example"));
        assert!(!any_host.allows_origin("https://anything.example"));
        let all = cors(&["*"]);
        assert!(all.allows_origin("https://x.y"));
        assert!(all.allows_origin("null"));
        assert!(!cors(&[]).allows_origin("https://x.y"));
    }

    #[test]
    fn preflight_from_an_allowed_origin_lists_everything() {
        // The conformance suite's `cors-multiple-origins-methods-headers` route.
        let c = Cors {
            allow_origins: vec!["https://www.foo.com".into(), "https://*.bar.com".into()],
            allow_methods: vec!["GET".into(), "OPTIONS".into()],
            allow_headers: vec!["x-header-1".into(), "x-header-2".into()],
            expose_headers: vec!["x-header-3".into(), "x-header-4".into()],
            allow_credentials: Some(true),
            max_age: Some(3600),
        };
        let mut out = Vec::new();
        let status = c.write_preflight(
            &preflight("https://www.bar.com", "GET", Some("x-header-1")),
            &mut out,
        );
        assert_eq!(status, 200);
        assert_eq!(
            out,
            [
                ("Access-Control-Allow-Origin", "https://www.bar.com"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "GET,OPTIONS"),
                ("Access-Control-Allow-Headers", "x-header-1,x-header-2"),
                ("Access-Control-Max-Age", "3600"),
            ]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn preflight_from_another_origin_gets_no_cors_headers() {
        let c = Cors {
            allow_methods: vec!["GET".into()],
            ..cors(&["https://www.foo.com"])
        };
        let mut out = Vec::new();
        let status = c.write_preflight(&preflight("https://evil.com", "GET", None), &mut out);
        assert_eq!(status, 200);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn max_age_defaults_to_five_and_credentials_only_when_true() {
        for credentials in [None, Some(false)] {
            let c = Cors {
                allow_credentials: credentials,
                ..cors(&["https://a.com"])
            };
            let mut out = Vec::new();
            c.write_preflight(&preflight("https://a.com", "GET", None), &mut out);
            assert_eq!(get(&out, "access-control-max-age"), Some("5"));
            assert_eq!(get(&out, "access-control-allow-credentials"), None);
            // No methods or headers configured: those headers are omitted.
            assert_eq!(get(&out, "access-control-allow-methods"), None);
            assert_eq!(get(&out, "access-control-allow-headers"), None);
        }
        for (age, text) in [(1, "1"), (10, "10"), (u32::MAX, "4294967295")] {
            let c = Cors {
                max_age: Some(age),
                ..cors(&["https://a.com"])
            };
            let mut out = Vec::new();
            c.write_preflight(&preflight("https://a.com", "GET", None), &mut out);
            assert_eq!(get(&out, "access-control-max-age"), Some(text));
        }
    }

    #[test]
    fn wildcards_without_credentials_are_answered_with_a_star() {
        let c = Cors {
            allow_methods: vec!["*".into()],
            allow_headers: vec!["*".into()],
            expose_headers: vec!["*".into()],
            allow_credentials: Some(false),
            ..cors(&["*"])
        };
        let mut out = Vec::new();
        c.write_preflight(&preflight("https://a.com", "DELETE", Some("x-a")), &mut out);
        assert_eq!(get(&out, "access-control-allow-origin"), Some("*"));
        assert_eq!(get(&out, "access-control-allow-methods"), Some("*"));
        assert_eq!(get(&out, "access-control-allow-headers"), Some("*"));
        let mut out = Vec::new();
        c.write_response_headers("https://a.com", &mut out);
        assert_eq!(get(&out, "access-control-allow-origin"), Some("*"));
        assert_eq!(get(&out, "access-control-expose-headers"), Some("*"));
        assert_eq!(
            get(&out, "vary"),
            None,
            "the answer does not depend on the origin"
        );
    }

    #[test]
    fn wildcards_with_credentials_never_answer_a_star() {
        let c = Cors {
            allow_methods: vec!["*".into()],
            allow_headers: vec!["*".into()],
            expose_headers: vec!["*".into()],
            allow_credentials: Some(true),
            ..cors(&["*"])
        };
        let mut out = Vec::new();
        c.write_preflight(
            &preflight("https://a.com", "DELETE", Some("x-a, x-b")),
            &mut out,
        );
        assert_eq!(
            get(&out, "access-control-allow-origin"),
            Some("https://a.com")
        );
        assert_eq!(get(&out, "access-control-allow-methods"), Some("DELETE"));
        assert_eq!(get(&out, "access-control-allow-headers"), Some("x-a, x-b"));
        assert_eq!(get(&out, "access-control-allow-credentials"), Some("true"));
        assert!(out.iter().all(|(_, v)| v != "*"), "{out:?}");
        // Without Access-Control-Request-Headers, Allow-Headers is omitted.
        let mut out = Vec::new();
        c.write_preflight(&preflight("https://a.com", "GET", None), &mut out);
        assert_eq!(get(&out, "access-control-allow-headers"), None);
        // The actual response: the origin echoed, the `*` expose list left out.
        let mut out = Vec::new();
        c.write_response_headers("https://a.com", &mut out);
        assert_eq!(
            get(&out, "access-control-allow-origin"),
            Some("https://a.com")
        );
        assert_eq!(get(&out, "access-control-expose-headers"), None);
        assert_eq!(get(&out, "vary"), Some("Origin"));
    }

    #[test]
    fn actual_requests_get_origin_credentials_and_expose_headers() {
        let c = Cors {
            expose_headers: vec!["x-header-3".into(), "x-header-4".into()],
            allow_methods: vec!["GET".into()],
            allow_credentials: Some(true),
            ..cors(&["https://www.foo.com"])
        };
        let mut out = Vec::new();
        c.write_response_headers("https://www.foo.com", &mut out);
        assert_eq!(
            out,
            [
                ("Access-Control-Allow-Origin", "https://www.foo.com"),
                ("Access-Control-Allow-Credentials", "true"),
                ("Vary", "Origin"),
                ("Access-Control-Expose-Headers", "x-header-3,x-header-4"),
            ]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
        // Preflight-only headers are not on actual responses.
        assert_eq!(get(&out, "access-control-allow-methods"), None);
        assert_eq!(get(&out, "access-control-max-age"), None);
        let mut out = Vec::new();
        c.write_response_headers("https://other.com", &mut out);
        assert!(out.is_empty(), "{out:?}");
    }

    #[test]
    fn decimal_writes_every_width() {
        let mut buf = [0u8; 10];
        assert_eq!(decimal(0, &mut buf), "0");
        assert_eq!(decimal(5, &mut buf), "5");
        assert_eq!(decimal(86400, &mut buf), "86400");
        assert_eq!(decimal(u32::MAX, &mut buf), "4294967295");
    }
}

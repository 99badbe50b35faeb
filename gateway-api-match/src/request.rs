//! What the router needs to know about a request, behind a trait so callers keep their own types.

/// The scheme the client used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Plain text.
    Http,
    /// TLS.
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }

    /// 80 or 443.
    pub fn default_port(self) -> u16 {
        match self {
            Self::Http => 80,
            Self::Https => 443,
        }
    }
}

/// A read-only view of a request. Every method must be cheap and must not allocate: the router
/// calls them on its hot path.
pub trait RequestView {
    /// The method, e.g. `GET`.
    fn method(&self) -> &str;
    /// The scheme the client connected with.
    fn scheme(&self) -> Scheme;
    /// The port the client connected to.
    fn port(&self) -> u16;
    /// The `Host` header (or HTTP/2 `:authority`), possibly with a `:port`, which is ignored.
    /// `None` when the client sent none (for example it used the gateway's IP address).
    fn host(&self) -> Option<&str>;
    /// The TLS server name; `None` for plain text, or when the client sent none (the Host is used).
    fn sni(&self) -> Option<&str>;
    /// The path with the query string, as sent on the wire: `/a/b?x=1`.
    fn path_and_query(&self) -> &str;
    /// The first value of a header; `name` is lower-case and must be compared case-insensitively.
    fn header(&self, name: &str) -> Option<&str>;
    /// Whether this is a gRPC call. gRPC calls are matched against GRPCRoutes only, other
    /// requests against HTTPRoutes only ("Merging MUST not be done between GRPCRoutes and
    /// HTTPRoutes"). The default looks for a `content-type` of `application/grpc...`.
    fn is_grpc(&self) -> bool {
        self.header("content-type")
            .and_then(|v| v.as_bytes().get(..16))
            .is_some_and(|p| p.eq_ignore_ascii_case(b"application/grpc"))
    }
}

/// A borrowed request, for tests, tools and callers without a request type of their own.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The method.
    pub method: &'a str,
    /// The scheme.
    pub scheme: Scheme,
    /// The port the client connected to.
    pub port: u16,
    /// The Host header, possibly with a port.
    pub host: Option<&'a str>,
    /// The TLS server name.
    pub sni: Option<&'a str>,
    /// Path and query.
    pub path: &'a str,
    /// Headers as (name, value) pairs; the first one of a name is used.
    pub headers: &'a [(&'a str, &'a str)],
    /// Whether this is a gRPC call.
    pub grpc: bool,
}

impl<'a> Request<'a> {
    /// A plain-text `GET` on port 80.
    pub fn get(host: &'a str, path: &'a str) -> Self {
        Self {
            method: "GET",
            scheme: Scheme::Http,
            port: 80,
            host: Some(host),
            sni: None,
            path,
            headers: &[],
            grpc: false,
        }
    }

    /// A gRPC call (`POST`, on port 80); `path` is `/{service}/{method}`.
    pub fn grpc(authority: &'a str, path: &'a str) -> Self {
        Self {
            method: "POST",
            grpc: true,
            ..Self::get(authority, path)
        }
    }

    /// Sets the method.
    #[must_use]
    pub fn method(mut self, method: &'a str) -> Self {
        self.method = method;
        self
    }

    /// Sets the headers.
    #[must_use]
    pub fn headers(mut self, headers: &'a [(&'a str, &'a str)]) -> Self {
        self.headers = headers;
        self
    }

    /// Sets the port.
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Makes this an HTTPS request on port 443 with the given SNI.
    #[must_use]
    pub fn https(mut self, sni: Option<&'a str>) -> Self {
        self.scheme = Scheme::Https;
        self.port = 443;
        self.sni = sni;
        self
    }
}

impl RequestView for Request<'_> {
    fn method(&self) -> &str {
        self.method
    }
    fn scheme(&self) -> Scheme {
        self.scheme
    }
    fn port(&self) -> u16 {
        self.port
    }
    fn host(&self) -> Option<&str> {
        self.host
    }
    fn sni(&self) -> Option<&str> {
        self.sni
    }
    fn path_and_query(&self) -> &str {
        self.path
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }
    fn is_grpc(&self) -> bool {
        self.grpc
    }
}

/// Connection facts an `http::Request` does not carry; insert one into the request's extensions
/// so the [`RequestView`] impl for `http::Request` can see them.
#[cfg(feature = "http")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    /// The scheme the client connected with.
    pub scheme: Scheme,
    /// The port the client connected to.
    pub port: u16,
    /// The TLS server name.
    pub sni: Option<String>,
}

#[cfg(feature = "http")]
impl<B> RequestView for http::Request<B> {
    fn method(&self) -> &str {
        self.method().as_str()
    }
    /// From the [`Connection`] extension, else the URI's scheme, else `http`.
    fn scheme(&self) -> Scheme {
        if let Some(c) = self.extensions().get::<Connection>() {
            return c.scheme;
        }
        match self.uri().scheme_str() {
            Some(s) if s.eq_ignore_ascii_case("https") => Scheme::Https,
            _ => Scheme::Http,
        }
    }
    /// From the [`Connection`] extension, else the URI's port, else the scheme's default.
    fn port(&self) -> u16 {
        if let Some(c) = self.extensions().get::<Connection>() {
            return c.port;
        }
        self.uri()
            .port_u16()
            .unwrap_or_else(|| RequestView::scheme(self).default_port())
    }
    /// The `Host` header, else the URI authority (where HTTP/2's `:authority` lands).
    fn host(&self) -> Option<&str> {
        self.headers()
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| self.uri().authority().map(http::uri::Authority::as_str))
    }
    fn sni(&self) -> Option<&str> {
        self.extensions()
            .get::<Connection>()
            .and_then(|c| c.sni.as_deref())
    }
    fn path_and_query(&self) -> &str {
        self.uri()
            .path_and_query()
            .map_or("/", http::uri::PathAndQuery::as_str)
    }
    fn header(&self, name: &str) -> Option<&str> {
        self.headers().get(name).and_then(|v| v.to_str().ok())
    }
}

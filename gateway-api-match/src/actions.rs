//! What to do with a matched request: redirect, forward or fail, and the helpers that compute
//! the Location, the rewritten path and the header changes without allocating.

use std::fmt::{self, Write};

use crate::input::{Backend, Filter, HeaderModifier, PathModifier, RequestRedirect, UrlRewrite};
use crate::request::{RequestView, Scheme};
use crate::router::{Matched, prefix_norm, split_path};

/// The gRPC status codes this crate answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GrpcStatus {
    /// No rule matched (code 12).
    Unimplemented,
    /// The chosen backend is invalid, or the rule forwards nowhere (code 14).
    Unavailable,
}

impl GrpcStatus {
    /// The numeric code.
    pub fn code(self) -> u32 {
        match self {
            Self::Unimplemented => 12,
            Self::Unavailable => 14,
        }
    }

    /// The canonical name, `UNIMPLEMENTED` or `UNAVAILABLE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unimplemented => "UNIMPLEMENTED",
            Self::Unavailable => "UNAVAILABLE",
        }
    }
}

/// What the gateway does with a matched request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'r> {
    /// Answer with a redirect.
    Redirect(&'r RequestRedirect),
    /// Forward to this backend.
    Forward(&'r Backend),
    /// The weighted pick landed on an invalid backend: 500 (gRPC `UNAVAILABLE`).
    InvalidBackend(&'r Backend),
    /// The rule has no backend with weight and no filter that answers: 500.
    NoBackend,
}

impl Action<'_> {
    /// The status the gateway answers with itself, if it does (redirect or 500).
    pub fn status(&self) -> Option<u16> {
        match self {
            // The API's default: "StatusCode is the HTTP status code to be used in response."
            // with `default: 302`.
            Self::Redirect(r) => Some(r.status_code.unwrap_or(302)),
            Self::Forward(_) => None,
            Self::InvalidBackend(_) | Self::NoBackend => Some(500),
        }
    }

    /// The gRPC status the gateway answers with itself, if it does.
    pub fn grpc_status(&self) -> Option<GrpcStatus> {
        match self {
            Self::InvalidBackend(_) | Self::NoBackend => Some(GrpcStatus::Unavailable),
            Self::Redirect(_) | Self::Forward(_) => None,
        }
    }
}

/// Picks a backend by weight from a caller-supplied random number.
///
/// `None` when no backend has weight. Invalid backends take part with their weight: "the
/// proportion of requests that would otherwise have been routed to an invalid backend MUST
/// receive a 500 status code".
pub fn pick_backend(backends: &[Backend], random: u64) -> Option<&Backend> {
    let total: u64 = backends.iter().map(|b| u64::from(b.weight)).sum();
    if total == 0 {
        return None;
    }
    let mut point = random % total;
    for b in backends {
        let w = u64::from(b.weight);
        if point < w {
            return Some(b);
        }
        point -= w;
    }
    None
}

/// A header collection the header filters can change.
pub trait HeaderSink {
    /// Replaces every value of `name` by `value` (adding it if absent).
    fn set(&mut self, name: &str, value: &str);
    /// Appends a value to `name`.
    fn add(&mut self, name: &str, value: &str);
    /// Removes every value of `name`.
    fn remove(&mut self, name: &str);
}

impl HeaderModifier {
    /// Applies the changes: `set`, then `add`, then `remove`. Names compare case-insensitively.
    pub fn apply<S: HeaderSink + ?Sized>(&self, headers: &mut S) {
        for (n, v) in &self.set {
            headers.set(n, v);
        }
        for (n, v) in &self.add {
            headers.add(n, v);
        }
        for n in &self.remove {
            headers.remove(n);
        }
    }
}

/// A plain list of (name, value) pairs, for tools and tests. `add` appends to an existing value
/// with `,` as the route-test format joins repeated headers.
impl HeaderSink for Vec<(String, String)> {
    fn set(&mut self, name: &str, value: &str) {
        self.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.push((name.to_owned(), value.to_owned()));
    }
    fn add(&mut self, name: &str, value: &str) {
        match self.iter_mut().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            Some((_, v)) => {
                v.push(',');
                v.push_str(value);
            }
            None => self.push((name.to_owned(), value.to_owned())),
        }
    }
    fn remove(&mut self, name: &str) {
        self.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }
}

/// Invalid names or values are skipped: a header filter must not bring the gateway down.
#[cfg(feature = "http")]
impl HeaderSink for http::HeaderMap {
    fn set(&mut self, name: &str, value: &str) {
        if let (Ok(n), Ok(v)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            self.insert(n, v);
        }
    }
    fn add(&mut self, name: &str, value: &str) {
        if let (Ok(n), Ok(v)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) {
            self.append(n, v);
        }
    }
    fn remove(&mut self, name: &str) {
        if let Ok(n) = http::HeaderName::from_bytes(name.as_bytes()) {
            self.remove(n);
        }
    }
}

/// Writes a path changed by a `PathModifier`.
///
/// `ReplacePrefixMatch` replaces the matched prefix element-wise, as the spec's table shows
/// (request, prefix, replacement ⇒ result): `/foo/bar`, `/foo`, `/xyz` ⇒ `/xyz/bar`;
/// `/foo/bar`, `/foo/`, `/xyz/` ⇒ `/xyz/bar`; `/foo/`, `/foo`, `/xyz` ⇒ `/xyz/`;
/// `/foo/bar`, `/foo`, `""` ⇒ `/bar`; `/foo`, `/foo`, `""` ⇒ `/`; `/foo/`, `/foo`, `/` ⇒ `/`.
/// `matched_prefix` is the configured `PathPrefix` value; with none (the filter on a rule whose
/// match is not a prefix, which validation rejects) the whole path counts as matched.
pub fn write_modified_path<W: Write + ?Sized>(
    modifier: &PathModifier,
    path: &str,
    matched_prefix: Option<&str>,
    out: &mut W,
) -> fmt::Result {
    match modifier {
        PathModifier::ReplaceFullPath(p) => out.write_str(if p.is_empty() { "/" } else { p }),
        PathModifier::ReplacePrefixMatch(replacement) => {
            let norm = matched_prefix.map_or(path, prefix_norm);
            let rest = path.get(norm.len()..).unwrap_or("");
            // The replacement's trailing '/' is dropped: the remainder brings its own.
            let head = replacement.strip_suffix('/').unwrap_or(replacement);
            if head.is_empty() && rest.is_empty() {
                out.write_str("/")
            } else if rest.is_empty() || rest.starts_with('/') {
                out.write_str(head)?;
                out.write_str(rest)
            } else {
                out.write_str(head)?;
                out.write_char('/')?;
                out.write_str(rest)
            }
        }
    }
}

impl<'r> Matched<'r> {
    /// The first `RequestRedirect` filter of the rule.
    pub fn redirect(&self) -> Option<&'r RequestRedirect> {
        self.filters.iter().find_map(|f| match f {
            Filter::RequestRedirect(r) => Some(r),
            _ => None,
        })
    }

    /// The first `URLRewrite` filter of the rule.
    pub fn url_rewrite(&self) -> Option<&'r UrlRewrite> {
        self.filters.iter().find_map(|f| match f {
            Filter::UrlRewrite(r) => Some(r),
            _ => None,
        })
    }

    /// What to do: redirect if the rule redirects, else forward to a backend picked by weight
    /// with `random` (any uniformly distributed number), else fail with 500.
    pub fn action(&self, random: u64) -> Action<'r> {
        if let Some(r) = self.redirect() {
            return Action::Redirect(r);
        }
        match pick_backend(self.backends, random) {
            Some(b) if b.invalid.is_some() => Action::InvalidBackend(b),
            Some(b) => Action::Forward(b),
            None => Action::NoBackend,
        }
    }

    fn prefix_for_modifier(&self) -> Option<&'r str> {
        self.matched_prefix().or_else(|| self.matched_exact())
    }

    /// Writes the redirect `Location` for `req` into `out`; writes nothing and returns
    /// `Ok(false)` when the rule does not redirect.
    ///
    /// Defaults, from `HTTPRequestRedirectFilter`: "When empty, the scheme of the request is
    /// used"; the hostname "When empty, the hostname in the `Host` header of the request is
    /// used" (without its port); "If redirect scheme is not-empty, the redirect port MUST be the
    /// well-known port associated with the redirect scheme ... If redirect scheme is empty, the
    /// redirect port MUST be the Gateway Listener port", and no `:80` for http nor `:443` for
    /// https. The query string is kept.
    pub fn write_redirect_location<R: RequestView + ?Sized, W: Write + ?Sized>(
        &self,
        req: &R,
        out: &mut W,
    ) -> Result<bool, fmt::Error> {
        let Some(redirect) = self.redirect() else {
            return Ok(false);
        };
        let scheme = redirect.scheme.as_deref().unwrap_or(req.scheme().as_str());
        let host = match &redirect.hostname {
            Some(h) => h.as_str(),
            None => req.host().map_or("", crate::host::strip_port),
        };
        let well_known = if scheme.eq_ignore_ascii_case("http") {
            Some(Scheme::Http.default_port())
        } else if scheme.eq_ignore_ascii_case("https") {
            Some(Scheme::Https.default_port())
        } else {
            None
        };
        let port = match (redirect.port, &redirect.scheme) {
            (Some(p), _) => p,
            (None, Some(_)) => well_known.unwrap_or(self.listener.port),
            (None, None) => self.listener.port,
        };
        out.write_str(scheme)?;
        out.write_str("://")?;
        out.write_str(host)?;
        if well_known != Some(port) {
            write!(out, ":{port}")?;
        }
        let (path, query) = split_path(req.path_and_query());
        match &redirect.path {
            Some(m) => write_modified_path(m, path, self.prefix_for_modifier(), out)?,
            None => out.write_str(path)?,
        }
        if let Some(q) = query {
            out.write_char('?')?;
            out.write_str(q)?;
        }
        Ok(true)
    }

    /// Writes the path and query the backend receives, after any `URLRewrite`.
    pub fn write_backend_path<R: RequestView + ?Sized, W: Write + ?Sized>(
        &self,
        req: &R,
        out: &mut W,
    ) -> fmt::Result {
        let (path, query) = split_path(req.path_and_query());
        match self.url_rewrite().and_then(|r| r.path.as_ref()) {
            Some(m) => write_modified_path(m, path, self.prefix_for_modifier(), out)?,
            None => out.write_str(path)?,
        }
        if let Some(q) = query {
            out.write_char('?')?;
            out.write_str(q)?;
        }
        Ok(())
    }

    /// The Host the backend receives: the `URLRewrite` hostname, else the request's own.
    pub fn backend_host<'a, R: RequestView + ?Sized>(&self, req: &'a R) -> Option<&'a str>
    where
        'r: 'a,
    {
        match self.url_rewrite().and_then(|r| r.hostname.as_deref()) {
            Some(h) => Some(h),
            None => req.host(),
        }
    }

    /// Applies the rule's `RequestHeaderModifier` filters, then the backend's.
    pub fn apply_request_headers<S: HeaderSink + ?Sized>(
        &self,
        backend: Option<&Backend>,
        headers: &mut S,
    ) {
        apply_modifiers(self.filters, headers, true);
        if let Some(b) = backend {
            apply_modifiers(&b.filters, headers, true);
        }
    }

    /// Applies the rule's `ResponseHeaderModifier` filters, then the backend's.
    pub fn apply_response_headers<S: HeaderSink + ?Sized>(
        &self,
        backend: Option<&Backend>,
        headers: &mut S,
    ) {
        apply_modifiers(self.filters, headers, false);
        if let Some(b) = backend {
            apply_modifiers(&b.filters, headers, false);
        }
    }
}

fn apply_modifiers<S: HeaderSink + ?Sized>(filters: &[Filter], headers: &mut S, request: bool) {
    for f in filters {
        match f {
            Filter::RequestHeaderModifier(m) if request => m.apply(headers),
            Filter::ResponseHeaderModifier(m) if !request => m.apply(headers),
            _ => {}
        }
    }
}

//! The owned input of a [`Router`](crate::Router): listeners and the routes attached to them, as a
//! resolver hands them over after attachment and hostname intersection are done.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// An immutable string that clones by sharing: route ids, backend names, paths, methods and
/// header names and values of the input are these.
///
/// A proxy rebuilds its router on every change, and in a large configuration the same few
/// strings (namespaces, Service names, paths, header names) recur in thousands of routes. As
/// `String`s each occurrence was an allocation to make, copy into the router and free again;
/// a caller that converts its own configuration can hand out one `SharedStr` per distinct
/// string instead, and the router keeps clones of the input's strings rather than copies.
///
/// It reads as a `&str` (through `Deref`), compares with `str`, `&str` and `String`, and is
/// made from any of them with `From` / `Into`, so the builders take `&str` and `String` alike.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// The string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether both are the same shared string (not merely equal ones).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Default for SharedStr {
    /// The empty string.
    fn default() -> Self {
        Self::from("")
    }
}

impl Deref for SharedStr {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        Self(s.into())
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        Self(s.as_str().into())
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        Self(s.into())
    }
}

impl From<Box<str>> for SharedStr {
    fn from(s: Box<str>) -> Self {
        Self(s.into())
    }
}

impl From<Cow<'_, str>> for SharedStr {
    fn from(s: Cow<'_, str>) -> Self {
        Self(s.into())
    }
}

impl From<Arc<str>> for SharedStr {
    /// Shares the string as it is, without copying it.
    fn from(s: Arc<str>) -> Self {
        Self(s)
    }
}

impl From<&Self> for SharedStr {
    /// Another handle on the same string (a clone).
    fn from(s: &Self) -> Self {
        s.clone()
    }
}

impl From<SharedStr> for Arc<str> {
    fn from(s: SharedStr) -> Self {
        s.0
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.0.as_ref().to_owned()
    }
}

/// Equality with the plain string types, both ways round, by content.
macro_rules! shared_str_eq {
    ($($other:ty),*) => {$(
        impl PartialEq<$other> for SharedStr {
            fn eq(&self, other: &$other) -> bool {
                *self.0 == **other
            }
        }
        impl PartialEq<SharedStr> for $other {
            fn eq(&self, other: &SharedStr) -> bool {
                **self == *other.0
            }
        }
    )*};
}
shared_str_eq!(&str, String, Cow<'_, str>);

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == *other.0
    }
}

/// The application protocol a listener speaks. GRPCRoutes ride on `Http` and `Https` listeners,
/// as the spec attaches them to the same protocols as HTTPRoutes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// Plain HTTP (or h2c).
    Http,
    /// HTTP over TLS.
    Https,
}

/// One Gateway (or ListenerSet) listener with the routes that were accepted on it.
///
/// Listeners are given in merge order (the Gateway's own, then ListenerSets by age and name);
/// when two listeners on one port and protocol have the same hostname, the first one is used.
#[derive(Clone, Debug)]
pub struct Listener {
    /// The listener's name (its `sectionName`).
    pub name: String,
    /// The port the listener binds.
    pub port: u16,
    /// The listener protocol.
    pub protocol: Protocol,
    /// Whether the gateway terminates TLS on this listener. Requests with scheme `https` are only
    /// matched against terminating listeners, requests with scheme `http` only against the others.
    pub tls_terminate: bool,
    /// The listener hostname; `None` (or `*`) matches every host.
    pub hostname: Option<String>,
    /// The routes attached to this listener.
    pub routes: Vec<Route>,
}

impl Listener {
    /// A plain HTTP listener without hostname and without routes.
    pub fn http(name: impl Into<String>, port: u16) -> Self {
        Self {
            name: name.into(),
            port,
            protocol: Protocol::Http,
            tls_terminate: false,
            hostname: None,
            routes: Vec::new(),
        }
    }

    /// An HTTPS listener that terminates TLS, without hostname and without routes.
    pub fn https(name: impl Into<String>, port: u16) -> Self {
        Self {
            protocol: Protocol::Https,
            tls_terminate: true,
            ..Self::http(name, port)
        }
    }

    /// Sets the listener hostname.
    #[must_use]
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        self.hostname = Some(hostname.into());
        self
    }

    /// Attaches a route.
    #[must_use]
    pub fn route(mut self, route: Route) -> Self {
        self.routes.push(route);
        self
    }
}

/// A route's identity: `{namespace}/{name}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RouteId {
    /// The route's namespace.
    pub namespace: SharedStr,
    /// The route's name.
    pub name: SharedStr,
}

impl std::fmt::Display for RouteId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.namespace, self.name)
    }
}

/// Which route kind a [`Route`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RouteKind {
    /// An HTTPRoute.
    Http,
    /// A GRPCRoute.
    Grpc,
}

/// An HTTPRoute or GRPCRoute as attached to one listener.
#[derive(Clone, Debug)]
pub struct Route {
    /// `{namespace}/{name}`.
    pub id: RouteId,
    /// The creation timestamp as an ordering value (for example seconds since the epoch); smaller
    /// is older. Routes without one count as equally old, and older than any route that has one.
    pub created: Option<i64>,
    /// The route hostnames intersected with the listener's; empty means every host. Shared,
    /// so that the listeners of one route and the builds of one configuration hold one list.
    pub hostnames: Arc<[String]>,
    /// The rules, whose type says the route kind.
    pub rules: RouteRules,
}

/// The rules of a route; the variant is the route kind.
///
/// The rules are shared (`Arc`): a proxy rebuilds its router on every change, and most routes
/// did not change, so a caller can keep each route's rules from one build to the next and hand
/// them over again without copying every match, filter and backend (see
/// `gateway_api_resolve::RouterCache`). They are a slice rather than a `Vec` so that a route's
/// rules are one allocation, not two: collect them straight into the `Arc`
/// (`rules.iter().map(convert).collect()`).
#[derive(Clone, Debug)]
pub enum RouteRules {
    /// HTTPRoute rules.
    Http(Arc<[HttpRule]>),
    /// GRPCRoute rules.
    Grpc(Arc<[GrpcRule]>),
}

impl RouteRules {
    /// Whether both are the same shared rules (not merely equal ones): how a caller that keeps
    /// rules between builds sees that a route's rules were reused rather than converted again.
    pub fn ptr_eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Http(a), Self::Http(b)) => Arc::ptr_eq(a, b),
            (Self::Grpc(a), Self::Grpc(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Route {
    /// The index as written of the rule at `position` in [`Route::rules`] ([`Rule::index`]
    /// when set, `position` otherwise).
    pub fn rule_index(&self, position: usize) -> usize {
        let index = match &self.rules {
            RouteRules::Http(rules) => rules.get(position).and_then(|r| r.index),
            RouteRules::Grpc(rules) => rules.get(position).and_then(|r| r.index),
        };
        index.unwrap_or(position)
    }

    fn new(namespace: impl Into<SharedStr>, name: impl Into<SharedStr>, rules: RouteRules) -> Self {
        Self {
            id: RouteId {
                namespace: namespace.into(),
                name: name.into(),
            },
            created: None,
            hostnames: Arc::new([]),
            rules,
        }
    }

    /// An HTTPRoute without hostnames, timestamp or rules.
    pub fn http(namespace: impl Into<SharedStr>, name: impl Into<SharedStr>) -> Self {
        Self::new(namespace, name, RouteRules::Http(Arc::default()))
    }

    /// A GRPCRoute without hostnames, timestamp or rules.
    pub fn grpc(namespace: impl Into<SharedStr>, name: impl Into<SharedStr>) -> Self {
        Self::new(namespace, name, RouteRules::Grpc(Arc::default()))
    }

    /// The route kind.
    pub fn kind(&self) -> RouteKind {
        match self.rules {
            RouteRules::Http(_) => RouteKind::Http,
            RouteRules::Grpc(_) => RouteKind::Grpc,
        }
    }

    /// Sets the creation ordering value.
    #[must_use]
    pub fn created(mut self, created: i64) -> Self {
        self.created = Some(created);
        self
    }

    /// Adds an (intersected) hostname.
    #[must_use]
    pub fn hostname(mut self, hostname: impl Into<String>) -> Self {
        let mut hostnames = self.hostnames.to_vec();
        hostnames.push(hostname.into());
        self.hostnames = hostnames.into();
        self
    }

    /// Adds an HTTP rule. On a GRPCRoute the rule is ignored.
    ///
    /// Each call moves the rules so far into a new slice (or copies them, if they are shared),
    /// which is nothing for the few rules of a route; to add many, collect them into
    /// [`RouteRules::Http`] instead.
    #[must_use]
    pub fn http_rule(mut self, rule: HttpRule) -> Self {
        if let RouteRules::Http(rules) = &mut self.rules {
            append(rules, rule);
        }
        self
    }

    /// Adds a gRPC rule. On an HTTPRoute the rule is ignored (see [`Route::http_rule`] on
    /// adding many).
    #[must_use]
    pub fn grpc_rule(mut self, rule: GrpcRule) -> Self {
        if let RouteRules::Grpc(rules) = &mut self.rules {
            append(rules, rule);
        }
        self
    }

    /// The number of rules.
    pub fn rule_count(&self) -> usize {
        match &self.rules {
            RouteRules::Http(r) => r.len(),
            RouteRules::Grpc(r) => r.len(),
        }
    }
}

/// Replaces `rules` by a new shared slice with `rule` added at the end.
fn append<T: Clone + Default>(rules: &mut Arc<[T]>, rule: T) {
    let all: Arc<[T]> = match Arc::get_mut(rules) {
        // Not shared with anything: the rules move to the new slice instead of being copied
        // (what is left behind is empty defaults, dropped without freeing anything).
        Some(unique) => unique
            .iter_mut()
            .map(std::mem::take)
            .chain(std::iter::once(rule))
            .collect(),
        None => rules.iter().cloned().chain(std::iter::once(rule)).collect(),
    };
    *rules = all;
}

/// A route rule: matches (OR'ed), filters and backends. `M` is [`HttpMatch`] or [`GrpcMatch`].
#[derive(Clone, Debug)]
pub struct Rule<M> {
    /// The optional rule name (`sectionName` of a rule).
    pub name: Option<String>,
    /// The rule's index in the route as written, when it differs from its position in the
    /// route's rules because rules before it were left out (a resolver drops invalid rules);
    /// [`crate::Matched::rule_index`] reports it. `None`: the position.
    pub index: Option<usize>,
    /// The matches; empty matches every request (HTTP: as a `PathPrefix` of `/`).
    pub matches: Vec<M>,
    /// The rule's filters, in order.
    pub filters: Vec<Filter>,
    /// The rule's backends.
    pub backends: Vec<Backend>,
}

impl<M> Default for Rule<M> {
    fn default() -> Self {
        Self {
            name: None,
            index: None,
            matches: Vec::new(),
            filters: Vec::new(),
            backends: Vec::new(),
        }
    }
}

impl<M> Rule<M> {
    /// A rule without matches, filters or backends.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the rule name.
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a match.
    #[must_use]
    pub fn matching(mut self, m: M) -> Self {
        self.matches.push(m);
        self
    }

    /// Adds a filter.
    #[must_use]
    pub fn filter(mut self, filter: Filter) -> Self {
        self.filters.push(filter);
        self
    }

    /// Adds a backend.
    #[must_use]
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backends.push(backend);
        self
    }
}

/// An HTTPRoute rule.
pub type HttpRule = Rule<HttpMatch>;
/// A GRPCRoute rule.
pub type GrpcRule = Rule<GrpcMatch>;

/// A configured path matcher (an `HTTPPathMatch`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchPath {
    /// The path equals the value, case-sensitively.
    Exact(SharedStr),
    /// The path starts with the value, element by element on `/`.
    Prefix(SharedStr),
    /// The whole path matches the regular expression.
    RegularExpression(SharedStr),
}

/// The path of the default match: "If this field is not specified, a default prefix match on
/// the "/" path is provided."
pub(crate) const DEFAULT_PREFIX: &str = "/";

impl Default for MatchPath {
    /// "If this field is not specified, a default prefix match on the "/" path is provided."
    fn default() -> Self {
        Self::Prefix(DEFAULT_PREFIX.into())
    }
}

/// A configured value matcher for a header or query parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchValue {
    /// The value equals this string.
    Exact(SharedStr),
    /// The whole value matches this regular expression.
    RegularExpression(SharedStr),
}

/// A configured header matcher. Names compare case-insensitively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchHeader {
    /// The header name.
    pub name: SharedStr,
    /// How the value must match.
    pub value: MatchValue,
}

/// A configured query parameter matcher. Names compare case-sensitively.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchQueryParam {
    /// The parameter name.
    pub name: SharedStr,
    /// How the value must match.
    pub value: MatchValue,
}

/// An `HTTPRouteMatch`: every present condition must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpMatch {
    /// The path condition (default: `PathPrefix /`).
    pub path: MatchPath,
    /// The method, compared exactly (`GET`, `POST`, ...).
    pub method: Option<SharedStr>,
    /// Header conditions.
    pub headers: Vec<MatchHeader>,
    /// Query parameter conditions.
    pub query_params: Vec<MatchQueryParam>,
}

impl HttpMatch {
    /// A match on an exact path.
    pub fn exact(path: impl Into<SharedStr>) -> Self {
        Self {
            path: MatchPath::Exact(path.into()),
            ..Self::default()
        }
    }

    /// A match on a path prefix.
    pub fn prefix(path: impl Into<SharedStr>) -> Self {
        Self {
            path: MatchPath::Prefix(path.into()),
            ..Self::default()
        }
    }

    /// A match on a path regular expression.
    pub fn regex(pattern: impl Into<SharedStr>) -> Self {
        Self {
            path: MatchPath::RegularExpression(pattern.into()),
            ..Self::default()
        }
    }

    /// Requires a method.
    #[must_use]
    pub fn method(mut self, method: impl Into<SharedStr>) -> Self {
        self.method = Some(method.into());
        self
    }

    /// Requires a header with an exact value.
    #[must_use]
    pub fn header(mut self, name: impl Into<SharedStr>, value: impl Into<SharedStr>) -> Self {
        self.headers.push(MatchHeader {
            name: name.into(),
            value: MatchValue::Exact(value.into()),
        });
        self
    }

    /// Requires a header whose value matches a regular expression.
    #[must_use]
    pub fn header_regex(
        mut self,
        name: impl Into<SharedStr>,
        pattern: impl Into<SharedStr>,
    ) -> Self {
        self.headers.push(MatchHeader {
            name: name.into(),
            value: MatchValue::RegularExpression(pattern.into()),
        });
        self
    }

    /// Requires a query parameter with an exact value.
    #[must_use]
    pub fn query(mut self, name: impl Into<SharedStr>, value: impl Into<SharedStr>) -> Self {
        self.query_params.push(MatchQueryParam {
            name: name.into(),
            value: MatchValue::Exact(value.into()),
        });
        self
    }

    /// Requires a query parameter whose value matches a regular expression.
    #[must_use]
    pub fn query_regex(
        mut self,
        name: impl Into<SharedStr>,
        pattern: impl Into<SharedStr>,
    ) -> Self {
        self.query_params.push(MatchQueryParam {
            name: name.into(),
            value: MatchValue::RegularExpression(pattern.into()),
        });
        self
    }
}

/// A configured gRPC method matcher (a `GRPCMethodMatch`). An absent service or method matches
/// any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchGrpcMethod {
    /// Whether `service` and `method` are exact strings or regular expressions.
    pub regex: bool,
    /// The service, e.g. `helloworld.Greeter`.
    pub service: Option<SharedStr>,
    /// The method, e.g. `SayHello`.
    pub method: Option<SharedStr>,
}

/// A `GRPCRouteMatch`: every present condition must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GrpcMatch {
    /// The method condition; `None` matches every service and method.
    pub method: Option<MatchGrpcMethod>,
    /// Header (metadata) conditions.
    pub headers: Vec<MatchHeader>,
}

impl GrpcMatch {
    /// A match on an exact service and/or method.
    pub fn exact(service: Option<&str>, method: Option<&str>) -> Self {
        Self {
            method: Some(MatchGrpcMethod {
                regex: false,
                service: service.map(SharedStr::from),
                method: method.map(SharedStr::from),
            }),
            headers: Vec::new(),
        }
    }

    /// A match on a service and/or method regular expression.
    pub fn regex(service: Option<&str>, method: Option<&str>) -> Self {
        Self {
            method: Some(MatchGrpcMethod {
                regex: true,
                service: service.map(SharedStr::from),
                method: method.map(SharedStr::from),
            }),
            headers: Vec::new(),
        }
    }

    /// Requires a header with an exact value.
    #[must_use]
    pub fn header(mut self, name: impl Into<SharedStr>, value: impl Into<SharedStr>) -> Self {
        self.headers.push(MatchHeader {
            name: name.into(),
            value: MatchValue::Exact(value.into()),
        });
        self
    }

    /// Requires a header whose value matches a regular expression.
    #[must_use]
    pub fn header_regex(
        mut self,
        name: impl Into<SharedStr>,
        pattern: impl Into<SharedStr>,
    ) -> Self {
        self.headers.push(MatchHeader {
            name: name.into(),
            value: MatchValue::RegularExpression(pattern.into()),
        });
        self
    }
}

/// A backend a rule forwards to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backend {
    /// The backend's namespace.
    pub namespace: SharedStr,
    /// The backend's name (a Service, usually).
    pub name: SharedStr,
    /// The backend port.
    pub port: Option<u16>,
    /// The relative weight; 0 receives no traffic.
    pub weight: u32,
    /// `Some(reason)` when the reference could not be resolved (not found, not permitted, ...):
    /// "500 status codes MUST be returned for requests that would have otherwise been routed to an
    /// invalid backend".
    pub invalid: Option<String>,
    /// Filters that apply to requests sent to this backend only.
    pub filters: Vec<Filter>,
}

impl Backend {
    /// A valid backend of weight 1 (the API default).
    pub fn new(namespace: impl Into<SharedStr>, name: impl Into<SharedStr>, port: u16) -> Self {
        Self {
            namespace: namespace.into(),
            name: name.into(),
            port: Some(port),
            weight: 1,
            invalid: None,
            filters: Vec::new(),
        }
    }

    /// Sets the weight.
    #[must_use]
    pub fn weight(mut self, weight: u32) -> Self {
        self.weight = weight;
        self
    }

    /// Marks the backend invalid, with the reason.
    #[must_use]
    pub fn invalid(mut self, reason: impl Into<String>) -> Self {
        self.invalid = Some(reason.into());
        self
    }
}

/// A route or backend filter.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Filter {
    /// Modifies the request headers sent to the backend.
    RequestHeaderModifier(HeaderModifier),
    /// Modifies the response headers sent to the client.
    ResponseHeaderModifier(HeaderModifier),
    /// Answers with a redirect.
    RequestRedirect(RequestRedirect),
    /// Rewrites the host and/or path sent to the backend.
    UrlRewrite(UrlRewrite),
    /// Sends a copy of the request to another backend.
    RequestMirror(RequestMirror),
    /// Cross-origin resource sharing: see [`Matched::answer_cors_preflight`](crate::Matched::answer_cors_preflight).
    Cors(Cors),
    /// An implementation-specific filter, carried as a reference.
    ExtensionRef(ExtensionRef),
}

/// Header changes: `set` overwrites, `add` appends, `remove` deletes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderModifier {
    /// Headers to overwrite (name, value).
    pub set: Vec<(String, String)>,
    /// Headers to append (name, value).
    pub add: Vec<(String, String)>,
    /// Header names to remove.
    pub remove: Vec<String>,
}

/// How a redirect or rewrite changes the path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathModifier {
    /// Replace the whole path.
    ReplaceFullPath(String),
    /// Replace the matched `PathPrefix`, element-wise.
    ReplacePrefixMatch(String),
}

/// A `RequestRedirect` filter. Absent parts default as the spec says (see
/// [`Matched::write_redirect_location`](crate::Matched::write_redirect_location)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestRedirect {
    /// `http` or `https`.
    pub scheme: Option<String>,
    /// The Location hostname.
    pub hostname: Option<String>,
    /// The path change.
    pub path: Option<PathModifier>,
    /// The Location port.
    pub port: Option<u16>,
    /// The status code; the API default is 302.
    pub status_code: Option<u16>,
}

/// A `URLRewrite` filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlRewrite {
    /// The Host sent to the backend.
    pub hostname: Option<String>,
    /// The path change.
    pub path: Option<PathModifier>,
}

/// A `RequestMirror` filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestMirror {
    /// Where the copy goes (its weight is ignored).
    pub backend: Backend,
    /// The mirrored fraction as (numerator, denominator); `None` mirrors everything.
    pub fraction: Option<(u32, u32)>,
}

/// A `CORS` filter: which origins, methods and headers a cross-origin client may use. The
/// gateway answers preflights and adds response headers as [`crate::cors::CorsRequest`] and
/// [`Cors::write_preflight`] describe.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cors {
    /// Allowed origins.
    pub allow_origins: Vec<String>,
    /// Allowed methods.
    pub allow_methods: Vec<String>,
    /// Allowed request headers.
    pub allow_headers: Vec<String>,
    /// Response headers exposed to scripts.
    pub expose_headers: Vec<String>,
    /// Whether credentials are allowed.
    pub allow_credentials: Option<bool>,
    /// Preflight cache lifetime in seconds; `None` is the API default, 5.
    pub max_age: Option<u32>,
}

/// An `ExtensionRef` filter: a reference to an implementation-specific object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExtensionRef {
    /// API group of the referent.
    pub group: String,
    /// Kind of the referent.
    pub kind: String,
    /// Name of the referent.
    pub name: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_a_rule_leaves_rules_shared_elsewhere_alone() {
        let one = Route::http("ns", "r").http_rule(HttpRule::new().named("first"));
        let kept = one.rules.clone();
        let two = one.http_rule(HttpRule::new().named("second"));
        let names = |rules: &RouteRules| match rules {
            RouteRules::Http(rules) => rules.iter().map(|r| r.name.clone()).collect::<Vec<_>>(),
            RouteRules::Grpc(_) => Vec::new(),
        };
        assert_eq!(names(&kept), [Some("first".to_owned())]);
        assert_eq!(
            names(&two.rules),
            [Some("first".to_owned()), Some("second".to_owned())]
        );
        // Unshared, the rules move: the new slice holds the same first rule, name and all.
        let three = Route::http("ns", "r")
            .http_rule(HttpRule::new().named("first"))
            .http_rule(HttpRule::new());
        assert_eq!(three.rule_count(), 2);
        assert_eq!(names(&three.rules)[0].as_deref(), Some("first"));
        // A rule of the wrong kind is ignored.
        assert_eq!(
            Route::grpc("ns", "g")
                .http_rule(HttpRule::new())
                .rule_count(),
            0
        );
    }

    #[test]
    fn shared_strings_compare_and_convert_like_strings() {
        let s = SharedStr::from("web");
        let owned = String::from("web");
        assert_eq!(s, "web");
        assert_eq!("web", s);
        assert_eq!(s, *"web");
        assert_eq!(s, owned);
        assert_eq!(owned, s);
        assert_eq!(SharedStr::from(owned), s);
        assert!(s.ptr_eq(&s.clone()) && !s.ptr_eq(&SharedStr::from("web")));
        assert_eq!(format!("{s} {s:?}"), "web \"web\"");
        assert_eq!(String::from(s), "web");
        assert_eq!(SharedStr::default(), "");
    }
}

//! HTTPRoute spec types: rules that select HTTP requests by host, path, method, headers and query
//! parameters, then filter them and forward them to weighted backends.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of an HTTPRoute: the parents it attaches to, the hostnames it serves and its routing rules.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteSpec {
    /// Hostnames this route serves, compared with the request's `Host` header (any port in the header is ignored).
    /// Entries are DNS names, not IPs; a leading `*.` label is a suffix wildcard (`*.example.com` covers
    /// `a.example.com` and `a.b.example.com` but not `example.com`). With a Listener hostname, only intersecting
    /// names are used, and no intersection means the route is not accepted. Overlaps between routes favor the
    /// longest matching exact hostname, then the longest matching hostname. At most 16. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        inner(length(min = 1, max = 253), regex(pattern = patterns::HOSTNAME)),
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub hostnames: Option<Vec<String>>,

    /// Gateways (or, for mesh, Services) this route asks to attach to; the parent must also admit the route.
    /// Entries must be distinct: several references to the same parent must each set `sectionName` (or, in the
    /// experimental channel, `port`) to different values. At most 32.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 32),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::PARENT_REFS, "x-gwapi-standard-x-kubernetes-validations" = rules::PARENT_REFS_STANDARD)
    ))]
    pub parent_refs: Option<Vec<ParentReference>>,

    /// Routing rules, each pairing request matches with filters and backends. Defaults to one rule matching the
    /// `/` path prefix. Between 1 and 16 rules, with no more than 128 matches in total; rule names must be unique.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("default" = [{"matches": [{"path": {"type": r#"PathPrefix"#, "value": r#"/"#}}]}], "x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [rules::HTTP_RULES_MATCHES_TOTAL, rules::RULE_NAME_UNIQUE], "x-gwapi-standard-x-kubernetes-validations" = [rules::HTTP_RULES_MATCHES_TOTAL])
    ))]
    pub rules: Option<Vec<HttpRouteRule>>,

    /// Asks to attach this route to default Gateways of the given scope. Unset or `None` means no default Gateway;
    /// `All` attaches to every default Gateway offering that scope, still subject to the Gateway's route admission.
    /// Use with care: the set of default Gateways can change without the route owner noticing. Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub use_default_gateways: Option<DefaultScope>,
}

/// One HTTPRoute rule: requests satisfying any of its `matches` go through its `filters` and on to its `backendRefs`.
/// A RequestRedirect filter cannot be combined with backendRefs, and a `ReplacePrefixMatch` path modifier needs
/// exactly one `PathPrefix` match in the rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::HTTP_RULE_REDIRECT_WITHOUT_BACKENDS, rules::HTTP_RULE_REDIRECT_PREFIX_MATCH, rules::HTTP_RULE_REWRITE_PREFIX_MATCH, rules::HTTP_RULE_BACKEND_REDIRECT_PREFIX_MATCH, rules::HTTP_RULE_BACKEND_REWRITE_PREFIX_MATCH])))]
pub struct HttpRouteRule {
    /// Backends that receive matching requests, split by weight. At most 16.
    /// The share of traffic meant for an invalid backend gets HTTP 500 (all of it when every backend is invalid and no
    /// filter handles the request); a Service with no ready endpoints should produce 503 instead.
    /// Support: Core for Service, Extended for ServiceImport, Implementation-specific otherwise; weights are Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 16), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub backend_refs: Option<Vec<HttpBackendRef>>,

    /// Filters applied to every request this rule matches, ideally in the listed order. At most 16.
    /// Apart from RequestMirror and ExtensionRef, each filter type may appear only once, and RequestRedirect cannot
    /// be combined with URLRewrite. Implementations may reject combinations or orderings they cannot honor,
    /// marking the rule invalid. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::HTTP_FILTERS_ONCE)
    ))]
    pub filters: Option<Vec<HttpRouteFilter>>,

    /// Conditions that select requests for this rule; the rule applies when any one match succeeds. Defaults to a
    /// single `/` path-prefix match, i.e. every request. At most 64.
    /// Across attached routes, conflicts favor an Exact path match, then the longest path prefix, then a method match,
    /// then the most header matches, then the most query-param matches (regex precedence is implementation-specific).
    /// Remaining ties go to the oldest route, then the first by "{namespace}/{name}", then the first matching rule in
    /// that route. Requests matched by no attached rule get a 404.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 64),
        extend("default" = [{"path": {"type": r#"PathPrefix"#, "value": r#"/"#}}], "x-kubernetes-list-type" = r#"atomic"#)
    ))]
    pub matches: Option<Vec<HttpRouteMatch>>,

    /// Optional name of the rule, unique within the route when set, so that policies and status can refer to it.
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub name: Option<String>,

    /// Retry policy for requests this rule sends to backends. Support: Extended. Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub retry: Option<HttpRouteRetry>,

    /// Keeps a client's requests on the same backend (by cookie or header) for this rule. Support: Extended.
    /// Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub session_persistence: Option<SessionPersistence>,

    /// Overall and per-backend-call timeouts for requests matched by this rule. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeouts: Option<HttpRouteTimeouts>,
}

/// A backend of an HTTPRoute rule, with its traffic weight and optional per-backend filters.
/// A reference into another namespace needs a ReferenceGrant there; a backend the route cannot reach over its
/// protocol is invalid (`ResolvedRefs` False, reason `UnsupportedProtocol`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::BACKEND_REF_SERVICE_PORT])))]
pub struct HttpBackendRef {
    /// Filters run only for requests sent to this particular backend, with the same limits as rule-level filters.
    /// At most 16. Support: Implementation-specific (rule-level filters are more widely supported).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = rules::HTTP_FILTERS_ONCE)
    ))]
    pub filters: Option<Vec<HttpRouteFilter>>,

    /// API group of the backend resource; empty (the default) means the core group.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 253),
        regex(pattern = patterns::GROUP),
        extend("default" = r#""#)
    ))]
    pub group: Option<String>,

    /// Kind of the backend resource. Defaults to `Service`.
    /// Support: Core for Services other than ExternalName; ExternalName Services are Implementation-specific and
    /// should not be supported, as they can point outside the cluster.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::KIND),
        extend("default" = r#"Service"#)
    ))]
    pub kind: Option<String>,

    /// Name of the backend resource.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 253)))]
    pub name: String,

    /// Namespace of the backend; defaults to the route's own namespace. Another namespace requires a ReferenceGrant
    /// there. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 63),
        regex(pattern = patterns::DNS_LABEL)
    ))]
    pub namespace: Option<String>,

    /// Destination port. Required for a Service, where it is the Service port rather than the target port; other
    /// kinds may take the port from the resource itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: Option<i32>,

    /// Relative share of traffic for this backend: its weight over the sum of all weights in the list (not a
    /// percentage). Defaults to 1; 0 sends it nothing. Range 0 to 1,000,000.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0, max = 1000000), extend("default" = 1)))]
    pub weight: Option<i32>,
}

/// A processing step applied to a request or its response, such as header changes, redirects, rewrites,
/// mirroring, CORS or external auth. `type` selects the step, and exactly the matching field must be set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::CORS_ONLY_FOR_TYPE, rules::CORS_FOR_TYPE, rules::REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE, rules::REQUEST_HEADER_MODIFIER_FOR_TYPE, rules::RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE, rules::RESPONSE_HEADER_MODIFIER_FOR_TYPE, rules::REQUEST_MIRROR_ONLY_FOR_TYPE, rules::REQUEST_MIRROR_FOR_TYPE, rules::REQUEST_REDIRECT_ONLY_FOR_TYPE, rules::REQUEST_REDIRECT_FOR_TYPE, rules::URL_REWRITE_ONLY_FOR_TYPE, rules::URL_REWRITE_FOR_TYPE, rules::EXTENSION_REF_ONLY_FOR_TYPE, rules::EXTENSION_REF_FOR_TYPE, rules::EXTERNAL_AUTH_ONLY_FOR_TYPE, rules::EXTERNAL_AUTH_FOR_TYPE], "x-gwapi-standard-x-kubernetes-validations" = [rules::CORS_ONLY_FOR_TYPE, rules::CORS_FOR_TYPE, rules::REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE, rules::REQUEST_HEADER_MODIFIER_FOR_TYPE, rules::RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE, rules::RESPONSE_HEADER_MODIFIER_FOR_TYPE, rules::REQUEST_MIRROR_ONLY_FOR_TYPE, rules::REQUEST_MIRROR_FOR_TYPE, rules::REQUEST_REDIRECT_ONLY_FOR_TYPE, rules::REQUEST_REDIRECT_FOR_TYPE, rules::URL_REWRITE_ONLY_FOR_TYPE, rules::URL_REWRITE_FOR_TYPE, rules::EXTENSION_REF_ONLY_FOR_TYPE, rules::EXTENSION_REF_FOR_TYPE])))]
pub struct HttpRouteFilter {
    /// CORS settings; required when `type` is `CORS` and forbidden otherwise. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cors: Option<HttpCorsFilter>,

    /// Reference to an implementation-specific filter resource; required when `type` is `ExtensionRef` and forbidden
    /// otherwise. Not for Core or Extended filters; may repeat within a rule. Support: Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extension_ref: Option<LocalObjectReference>,

    /// Checks each request with an external authentication/authorization service before forwarding it; required
    /// when `type` is `ExternalAuth`. If the service cannot be reached the filter "MUST fail closed".
    /// Support: Extended. Experimental channel only.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-channel" = r#"experimental"#)))]
    pub external_auth: Option<HttpExternalAuthFilter>,

    /// Adds, sets or removes request headers; required when `type` is `RequestHeaderModifier` and forbidden
    /// otherwise. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_header_modifier: Option<HttpHeaderFilter>,

    /// Sends a copy of each request to another backend and ignores its responses; required when `type` is
    /// `RequestMirror`. May repeat, though not every implementation can mirror to several backends. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_mirror: Option<HttpRequestMirrorFilter>,

    /// Answers the request with an HTTP redirect instead of forwarding it; required when `type` is `RequestRedirect`.
    /// Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_redirect: Option<HttpRequestRedirectFilter>,

    /// Adds, sets or removes response headers; required when `type` is `ResponseHeaderModifier` and forbidden
    /// otherwise. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_header_modifier: Option<HttpHeaderFilter>,

    /// Which filter this is. Core types must be supported everywhere, Extended ones are optional, and custom
    /// filters use `ExtensionRef`. A custom filter that cannot be resolved must not be skipped: affected requests get
    /// an error response. Unknown values make the route not accepted (reason `UnsupportedValue`).
    #[cfg_attr(feature = "schema", schemars(extend("x-gwapi-standard-enum" = [r#"RequestHeaderModifier"#, r#"ResponseHeaderModifier"#, r#"RequestMirror"#, r#"RequestRedirect"#, r#"URLRewrite"#, r#"ExtensionRef"#, r#"CORS"#])))]
    pub r#type: HttpRouteFilterType,

    /// Rewrites the host and/or path while forwarding; required when `type` is `URLRewrite`. Cannot be combined with
    /// RequestRedirect. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url_rewrite: Option<HttpUrlRewriteFilter>,
}

/// Cross-Origin Resource Sharing policy: which origins, methods and headers are allowed, expressed through
/// `Access-Control-*` response headers. Support: Extended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpCorsFilter {
    /// Whether cross-origin requests may carry credentials. When true the gateway sends
    /// `Access-Control-Allow-Credentials: true`; when false or unset that header is omitted. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_credentials: Option<bool>,

    /// Request headers (case-insensitive) clients may send cross-origin, listed in `Access-Control-Allow-Headers`.
    /// `*` alone allows any header; with `allowCredentials` true the gateway echoes the requested names instead of
    /// `*`. At most 64. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        inner(length(min = 1, max = 256), regex(pattern = patterns::HEADER_NAME)),
        length(max = 64),
        extend("x-kubernetes-list-type" = r#"set"#, "x-kubernetes-validations" = [rules::CORS_ALLOW_HEADERS_WILDCARD_ALONE])
    ))]
    pub allow_headers: Option<Vec<String>>,

    /// HTTP methods allowed cross-origin, listed in `Access-Control-Allow-Methods`; `GET`, `HEAD` and `POST` are
    /// always allowed. `*` alone allows every method; with `allowCredentials` true the gateway echoes the requested
    /// method instead of `*`. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 9),
        extend("x-kubernetes-list-type" = r#"set"#, "x-kubernetes-validations" = [rules::CORS_ALLOW_METHODS_WILDCARD_ALONE])
    ))]
    pub allow_methods: Option<Vec<HttpMethodWithWildcard>>,

    /// Origins allowed to read responses, each `scheme://host[:port]` (scheme `http` or `https`), or `*` alone for
    /// any origin. A `*` in the host matches any number of labels to its left. A matching request gets its `Origin`
    /// echoed in `Access-Control-Allow-Origin` (never `*` when `allowCredentials` is true); others get no CORS
    /// headers. At most 64. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        inner(length(min = 1, max = 253), regex(pattern = r#"(^\*$)|(^(http(s)?):\/\/(((\*\.)?([a-zA-Z0-9\-]+\.)*[a-zA-Z0-9-]+|\*)(:([0-9]{1,5}))?)$)"#)),
        length(max = 64),
        extend("x-kubernetes-list-type" = r#"set"#, "x-kubernetes-validations" = [rules::CORS_ALLOW_ORIGINS_WILDCARD_ALONE])
    ))]
    pub allow_origins: Option<Vec<String>>,

    /// Response headers, beyond the CORS-safelisted ones, that client scripts may read; sent in
    /// `Access-Control-Expose-Headers`. `*` exposes all, but is not used when `allowCredentials` is true.
    /// At most 64. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        inner(length(min = 1, max = 256), regex(pattern = patterns::HEADER_NAME)),
        length(max = 64),
        extend("x-kubernetes-list-type" = r#"set"#)
    ))]
    pub expose_headers: Option<Vec<String>>,

    /// How long, in seconds, clients may cache a preflight result (`Access-Control-Max-Age`). Defaults to 5;
    /// minimum 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1), extend("default" = 5)))]
    pub max_age: Option<i32>,
}

/// Delegates authentication (and possibly authorization) of each request to an external service. `protocol`
/// picks HTTP or gRPC, and only the matching `http` or `grpc` block may be set. Support: Extended.
/// Experimental channel only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::EXTERNAL_AUTH_GRPC_FOR_PROTOCOL, rules::EXTERNAL_AUTH_GRPC_ONLY_FOR_PROTOCOL, rules::EXTERNAL_AUTH_HTTP_FOR_PROTOCOL, rules::EXTERNAL_AUTH_HTTP_ONLY_FOR_PROTOCOL])))]
pub struct HttpExternalAuthFilter {
    /// The authorization service to call; it must speak the chosen protocol on the referenced port. Use a
    /// BackendTLSPolicy if it requires TLS.
    pub backend_ref: BackendObjectReference,

    /// Whether the client request body is sent to the authorization service, buffered up to `maxSize` bytes.
    /// When unset the body is not sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forward_body: Option<ForwardBodyConfig>,

    /// Options for an authorization service speaking Envoy's ext_authz gRPC protocol; set exactly when `protocol`
    /// is `GRPC`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grpc: Option<GrpcAuthConfig>,

    /// Options for a plain-HTTP authorization service; set exactly when `protocol` is `HTTP`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpAuthConfig>,

    /// Protocol used to talk to the authorization service: `GRPC` (Envoy ext_authz) or `HTTP`.
    pub protocol: ExternalAuthProtocol,
}

/// Controls whether and how much of the client request body reaches the authorization service.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ForwardBodyConfig {
    /// Largest request body, in bytes, buffered and sent to the authorization service; 0 means no body is sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<UnformattedInt>"))]
    pub max_size: Option<i64>,
}

/// Options for an authorization service that speaks the gRPC ext_authz protocol.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct GrpcAuthConfig {
    /// Client request headers passed to the authorization service; when empty, every header is sent. At most 64.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 64), extend("x-kubernetes-list-type" = r#"set"#)))]
    pub allowed_headers: Option<Vec<String>>,
}

/// Options for an authorization service reached over plain HTTP.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpAuthConfig {
    /// Extra client request headers passed to the authorization service; `Host`, `Method`, `Path`,
    /// `Content-Length` and `Authorization` are always sent, and `Content-Length` reflects the body bytes actually
    /// forwarded (0 when none). At most 64.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 64), extend("x-kubernetes-list-type" = r#"set"#)))]
    pub allowed_headers: Option<Vec<String>>,

    /// Headers from the authorization response that are copied onto the request sent to the backend; when empty,
    /// all except Authority/Host are copied. At most 64.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 64), extend("x-kubernetes-list-type" = r#"set"#)))]
    pub allowed_response_headers: Option<Vec<String>>,

    /// Prefix prepended to the request path when calling the authorization service; none when empty. Uses the
    /// same characters as path matches, and implementations must still sanitize it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(max = 1024),
            regex(pattern = r#"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$"#)
        )
    )]
    pub path: Option<String>,
}

/// Replies with a redirect instead of forwarding; any part left unset is taken from the original request when
/// building the `Location` header. Support: Core.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpRequestRedirectFilter {
    /// Hostname for the `Location` header; defaults to the request's `Host`. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub hostname: Option<String>,

    /// How the request path is changed for the `Location` header; unchanged when unset. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<HttpPathModifier>,

    /// Port for the `Location` header. When unset: the well-known port of `scheme` if one is set (80 for http, 443
    /// for https), otherwise the Listener port. The port is left out of the header when it is the scheme's default.
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: Option<i32>,

    /// Scheme for the `Location` header; defaults to the request's scheme. Changing it can also change the derived
    /// port. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scheme: Option<RedirectScheme>,

    /// Status code of the redirect response: 301, 302, 303, 307 or 308. Defaults to 302. Support: Core.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        with = "Option<UnformattedInt>",
        extend("default" = 302, "enum" = [301, 302, 303, 307, 308])
    ))]
    pub status_code: Option<i64>,
}

/// How a redirect or rewrite changes the request path; the value field named by `type` must be set, and only it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::PATH_FULL_PATH_FOR_TYPE, rules::PATH_FULL_PATH_ONLY_FOR_TYPE, rules::PATH_PREFIX_MATCH_FOR_TYPE, rules::PATH_PREFIX_MATCH_ONLY_FOR_TYPE])))]
pub struct HttpPathModifier {
    /// Path that replaces the entire request path (type `ReplaceFullPath`). At most 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1024)))]
    pub replace_full_path: Option<String>,

    /// Replacement for the prefix matched by the rule's `PathPrefix` match, keeping the rest of the path: prefix
    /// `/foo` replaced with `/xyz` turns `/foo/bar` into `/xyz/bar`. Prefixes match whole path segments. Only valid
    /// with exactly one `PathPrefix` match in the rule (type `ReplacePrefixMatch`). At most 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1024)))]
    pub replace_prefix_match: Option<String>,

    /// Kind of path change. Unknown values make the route not accepted (reason `UnsupportedValue`).
    pub r#type: HttpPathModifierType,
}

/// Changes the host and/or path of a request as it is forwarded to the backend. Support: Extended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpUrlRewriteFilter {
    /// Value that replaces the `Host` header on the forwarded request. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub hostname: Option<String>,

    /// How the request path is rewritten before forwarding. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<HttpPathModifier>,
}

/// A set of request conditions that must all hold (logical AND) for the match to succeed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteMatch {
    /// Request header conditions, all of which must hold. At most 16, keyed by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub headers: Option<Vec<HttpHeaderMatch>>,

    /// HTTP method the request must use; any method matches when unset. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<HttpMethod>,

    /// Request path condition; defaults to a `PathPrefix` match on `/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<HttpPathMatch>,

    /// Query parameter conditions, all of which must hold. At most 16, keyed by name. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 16),
        extend("x-kubernetes-list-map-keys" = [r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub query_params: Option<Vec<HttpQueryParamMatch>>,
}

/// Selects requests by the value of one HTTP request header.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpHeaderMatch {
    /// Header name, compared case-insensitively; when several entries name the same header only the first counts.
    /// How a header repeated in the request is handled is implementation-specific.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 256),
        regex(pattern = patterns::HEADER_NAME)
    ))]
    pub name: String,

    /// How `value` is compared: `Exact` (the default; Core) or `RegularExpression` (Implementation-specific, in
    /// the implementation's regex dialect).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Exact"#)))]
    pub r#type: Option<HeaderMatchType>,

    /// Header value to match, 1 to 4096 characters. The experimental channel also requires printable US-ASCII,
    /// with single spaces or tabs allowed between characters.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 4096),
        regex(pattern = patterns::HEADER_VALUE),
        extend("x-gwapi-standard-pattern" = null)
    ))]
    pub value: String,
}

/// Selects requests by path; defaults to a `PathPrefix` match on `/`. For `Exact` and `PathPrefix` the value
/// must be an absolute path of valid URL characters without `//`, `/./`, `/../`, an encoded `/` (`%2f`) or `#`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"type": r#"PathPrefix"#, "value": r#"/"#}, "x-kubernetes-validations" = [rules::PATH_MATCH_ABSOLUTE, rules::PATH_MATCH_NO_DOUBLE_SLASH, rules::PATH_MATCH_NO_DOT_SEGMENT, rules::PATH_MATCH_NO_DOT_DOT_SEGMENT, rules::PATH_MATCH_NO_ENCODED_SLASH_LOWER, rules::PATH_MATCH_NO_ENCODED_SLASH_UPPER, rules::PATH_MATCH_NO_FRAGMENT, rules::PATH_MATCH_NO_TRAILING_DOT_DOT, rules::PATH_MATCH_NO_TRAILING_DOT, rules::PATH_MATCH_TYPE, rules::PATH_MATCH_CHARACTERS])))]
pub struct HttpPathMatch {
    /// How `value` is compared with the path. Defaults to `PathPrefix`.
    /// Support: Core for `Exact` and `PathPrefix`; Implementation-specific for `RegularExpression`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"PathPrefix"#)))]
    pub r#type: Option<PathMatchType>,

    /// Path (or regular expression) to match. Defaults to `/`; at most 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 1024), extend("default" = r#"/"#)))]
    pub value: Option<String>,
}

/// Selects requests by the value of one query parameter.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpQueryParamMatch {
    /// Query parameter name, compared exactly; when several entries share a name only the first counts. Behavior for
    /// parameters repeated in the request is undefined (matching the first value is recommended), so avoid routing
    /// on them.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 256),
        regex(pattern = patterns::HEADER_NAME)
    ))]
    pub name: String,

    /// How `value` is compared: `Exact` (the default; Extended) or `RegularExpression` (Implementation-specific).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("default" = r#"Exact"#)))]
    pub r#type: Option<HeaderMatchType>,

    /// Query parameter value to match, 1 to 1024 characters.
    #[cfg_attr(feature = "schema", schemars(length(min = 1, max = 1024)))]
    pub value: String,
}

/// When and how often the gateway retries a failed request to a backend. Support: Extended.
/// Experimental channel only.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct HttpRouteRetry {
    /// Maximum number of retries of a request to a backend; once used up, the gateway returns an error. Minimum 1;
    /// implementation-specific when unset. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<UnformattedInt>", range(min = 1))
    )]
    pub attempts: Option<i64>,

    /// Minimum wait between retries, as a Gateway API duration such as `100ms`. Implementations may grow, cap or
    /// jitter it but never retry sooner. All attempts must fit within the rule's `request` timeout.
    /// Implementation-specific when unset. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = patterns::DURATION)))]
    pub backoff: Option<String>,

    /// Response status codes (400-599) that trigger a retry. 500, 502, 503 and 504 must be supported; other 5xx
    /// and 4xx codes are optional. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        with = "Option<Vec<UnformattedInt>>",
        inner(range(min = 400, max = 599)),
        extend("x-kubernetes-list-type" = r#"set"#)
    ))]
    pub codes: Option<Vec<i64>>,
}

/// Request timeouts for a rule, as Gateway API durations such as `10s` or `1h30m`. A zero duration disables a
/// timeout (or, if that is impossible, sets it to the maximum). `backendRequest` may not exceed `request`.
/// Support: Extended.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::TIMEOUTS_BACKEND_REQUEST])))]
pub struct HttpRouteTimeouts {
    /// Limit on a single call from the gateway to a backend, from sending the request to receiving the whole
    /// response; one client request may cause several such calls (e.g. retries). Implementation-specific when
    /// unset. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = patterns::DURATION)))]
    pub backend_request: Option<String>,

    /// Limit on the whole client request/response exchange; once reached the gateway must return a timeout error.
    /// Implementation-specific when unset. Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = patterns::DURATION)))]
    pub request: Option<String>,
}

string_enum! {
    /// An HTTP method allowed by a CORS filter, or `*` for all methods.
    pub enum HttpMethodWithWildcard {
        /// The `GET` method (always allowed by CORS).
        Get = "GET",
        /// The `HEAD` method (always allowed by CORS).
        Head = "HEAD",
        /// The `POST` method (always allowed by CORS).
        Post = "POST",
        /// The `PUT` method.
        Put = "PUT",
        /// The `DELETE` method.
        Delete = "DELETE",
        /// The `CONNECT` method.
        Connect = "CONNECT",
        /// The `OPTIONS` method.
        Options = "OPTIONS",
        /// The `TRACE` method.
        Trace = "TRACE",
        /// The `PATCH` method.
        Patch = "PATCH",
        /// Every method; must be the only entry in the list.
        Wildcard = "*",
    }
}

string_enum! {
    /// Protocol spoken by an external authorization service.
    pub enum ExternalAuthProtocol {
        /// Plain HTTP: a `200` response authorizes the request, any other status denies it.
        Http = "HTTP",
        /// Envoy's ext_authz gRPC protocol.
        Grpc = "GRPC",
    }
}

string_enum! {
    /// Kind of path change made by a redirect or rewrite.
    pub enum HttpPathModifierType {
        /// Replace the whole path with `replaceFullPath`.
        ReplaceFullPath = "ReplaceFullPath",
        /// Replace only the prefix matched by the rule's `PathPrefix` match with `replacePrefixMatch`.
        ReplacePrefixMatch = "ReplacePrefixMatch",
    }
}

string_enum! {
    /// URL scheme used in a redirect's `Location` header.
    pub enum RedirectScheme {
        /// Redirect to `http` (default port 80).
        Http = "http",
        /// Redirect to `https` (default port 443).
        Https = "https",
    }
}

string_enum! {
    /// Kind of HTTPRoute filter.
    pub enum HttpRouteFilterType {
        /// Modify request headers. Support: Core.
        RequestHeaderModifier = "RequestHeaderModifier",
        /// Modify response headers. Support: Extended.
        ResponseHeaderModifier = "ResponseHeaderModifier",
        /// Mirror requests to another backend. Support: Extended.
        RequestMirror = "RequestMirror",
        /// Answer with an HTTP redirect. Support: Core.
        RequestRedirect = "RequestRedirect",
        /// Rewrite the host or path before forwarding. Support: Extended.
        UrlRewrite = "URLRewrite",
        /// Implementation-specific filter configured through `extensionRef`.
        ExtensionRef = "ExtensionRef",
        /// Apply a CORS policy. Support: Extended.
        Cors = "CORS",
        /// Consult an external authorization service. Support: Extended. Experimental channel only.
        ExternalAuth = "ExternalAuth",
    }
}

string_enum! {
    /// HTTP request method used in route matches.
    pub enum HttpMethod {
        /// The `GET` method.
        Get = "GET",
        /// The `HEAD` method.
        Head = "HEAD",
        /// The `POST` method.
        Post = "POST",
        /// The `PUT` method.
        Put = "PUT",
        /// The `DELETE` method.
        Delete = "DELETE",
        /// The `CONNECT` method.
        Connect = "CONNECT",
        /// The `OPTIONS` method.
        Options = "OPTIONS",
        /// The `TRACE` method.
        Trace = "TRACE",
        /// The `PATCH` method.
        Patch = "PATCH",
    }
}

string_enum! {
    /// How a path match compares its value with the request path.
    pub enum PathMatchType {
        /// The path must equal the value exactly (case-sensitive). Support: Core.
        Exact = "Exact",
        /// The path must begin with the value, compared by whole `/`-separated segments and ignoring a trailing `/`:
        /// `/abc` matches `/abc`, `/abc/` and `/abc/def` but not `/abcd`. Support: Core.
        PathPrefix = "PathPrefix",
        /// The path must match the value as a regular expression in the implementation's dialect.
        /// Support: Implementation-specific.
        RegularExpression = "RegularExpression",
    }
}

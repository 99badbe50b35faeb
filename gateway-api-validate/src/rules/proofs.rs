//! Proofs: for the schema nodes whose rules cost the most to evaluate one by one, a single pass
//! over the value that shows every rule of the node holds.
//!
//! A proof answers `true` only when each rule it covers would evaluate to `true` (no `false`,
//! no evaluation error). When it cannot tell, or a rule would fail, it answers `false` and the
//! walker evaluates the node's rules one by one, which gives the exact errors in the exact
//! order. A proof is therefore free to give up on anything unusual (a missing field, a value of
//! an unexpected type, a long list); it only has to be right when it says `true`, and fast on
//! the objects people write.
//!
//! Why: an HTTPRoute path match carries eleven rules that each select `type` and `value` again,
//! a filter sixteen that each select `type` and one field, and a parentRefs list two rules that
//! compare every pair of references through CEL's three-valued logic. On valid objects (the
//! common case) one pass that reads each field once does the work of all of them.
//!
//! A node gets a proof only when every one of its rules (transition rules aside, which still run
//! on updates) is among the texts the proof covers (`NativeTable::proof` in `rules`); a proof
//! may cover more (both route kinds' filters, say), since it then checks more than the node
//! needs. `tests.rs` checks every proof against the rules it covers on every test value of the
//! rules' table and on generated values, and that each proof rejects the values that violate
//! one of its rules; it and the differential test also compare the whole validator with its
//! proofs turned off (`Validator::proofs(false)`).

use super::cel::{Key, V};
use crate::meta::is_subdomain;
use gateway_api_types::rules as t;

/// One proof and the rule texts it covers.
#[derive(Debug)]
pub(crate) struct Proof {
    /// The exact CEL texts of the rules this proof shows to hold.
    pub(crate) covers: &'static [&'static str],
    /// Whether every covered rule holds on the value.
    pub(crate) holds: fn(V<'_>) -> bool,
}

const PARENT_REFS: &[&str] = &[
    t::PARENT_REFS_SECTION_NAME_SPECIFIED.rule,
    t::PARENT_REFS_SECTION_NAME_UNIQUE.rule,
];
const PARENT_REFS_WITH_PORT: &[&str] = &[
    t::PARENT_REFS_SECTION_NAME_OR_PORT_SPECIFIED.rule,
    t::PARENT_REFS_SECTION_NAME_OR_PORT_UNIQUE.rule,
];
const LISTENERS: &[&str] = &[
    t::LISTENER_TLS_FORBIDDEN.rule,
    t::LISTENER_HTTPS_TLS_MODE.rule,
    t::LISTENER_TLS_MODE_SET.rule,
    t::LISTENER_HOSTNAME_FORBIDDEN.rule,
    t::LISTENER_NAME_UNIQUE.rule,
    t::GATEWAY_LISTENER_UNIQUE.rule,
    t::LISTENER_SET_LISTENER_UNIQUE.rule,
];
const PATH_MATCH: &[&str] = &[
    t::PATH_MATCH_ABSOLUTE.rule,
    t::PATH_MATCH_NO_DOUBLE_SLASH.rule,
    t::PATH_MATCH_NO_DOT_SEGMENT.rule,
    t::PATH_MATCH_NO_DOT_DOT_SEGMENT.rule,
    t::PATH_MATCH_NO_ENCODED_SLASH_LOWER.rule,
    t::PATH_MATCH_NO_ENCODED_SLASH_UPPER.rule,
    t::PATH_MATCH_NO_FRAGMENT.rule,
    t::PATH_MATCH_NO_TRAILING_DOT_DOT.rule,
    t::PATH_MATCH_NO_TRAILING_DOT.rule,
    t::PATH_MATCH_TYPE.rule,
    t::PATH_MATCH_CHARACTERS.rule,
];
const FILTER: &[&str] = &[
    t::CORS_ONLY_FOR_TYPE.rule,
    t::CORS_FOR_TYPE.rule,
    t::REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE.rule,
    t::REQUEST_HEADER_MODIFIER_FOR_TYPE.rule,
    t::RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE.rule,
    t::RESPONSE_HEADER_MODIFIER_FOR_TYPE.rule,
    t::REQUEST_MIRROR_ONLY_FOR_TYPE.rule,
    t::REQUEST_MIRROR_FOR_TYPE.rule,
    t::REQUEST_REDIRECT_ONLY_FOR_TYPE.rule,
    t::REQUEST_REDIRECT_FOR_TYPE.rule,
    t::URL_REWRITE_ONLY_FOR_TYPE.rule,
    t::URL_REWRITE_FOR_TYPE.rule,
    t::EXTENSION_REF_ONLY_FOR_TYPE.rule,
    t::EXTENSION_REF_FOR_TYPE.rule,
    t::EXTERNAL_AUTH_ONLY_FOR_TYPE.rule,
    t::EXTERNAL_AUTH_FOR_TYPE.rule,
];
const FILTER_LIST: &[&str] = &[
    t::FILTERS_REDIRECT_OR_REWRITE.rule,
    t::FILTER_CORS_ONCE.rule,
    t::FILTER_REQUEST_HEADER_MODIFIER_ONCE.rule,
    t::FILTER_RESPONSE_HEADER_MODIFIER_ONCE.rule,
    t::FILTER_REQUEST_REDIRECT_ONCE.rule,
    t::FILTER_URL_REWRITE_ONCE.rule,
];
const BACKEND_REF: &[&str] = &[t::BACKEND_REF_SERVICE_PORT.rule];
const HTTP_RULE: &[&str] = &[
    t::HTTP_RULE_REDIRECT_WITHOUT_BACKENDS.rule,
    t::HTTP_RULE_REDIRECT_PREFIX_MATCH.rule,
    t::HTTP_RULE_REWRITE_PREFIX_MATCH.rule,
    t::HTTP_RULE_BACKEND_REDIRECT_PREFIX_MATCH.rule,
    t::HTTP_RULE_BACKEND_REWRITE_PREFIX_MATCH.rule,
];
const GRPC_METHOD: &[&str] = &[
    t::GRPC_METHOD_SERVICE_OR_METHOD.rule,
    t::GRPC_METHOD_SERVICE_CHARACTERS.rule,
    t::GRPC_METHOD_METHOD_CHARACTERS.rule,
];
const LISTENER_TLS: &[&str] = &[t::LISTENER_TLS_TERMINATE_CERTIFICATES.rule];
const SPEC_ADDRESS: &[&str] = &[t::SPEC_ADDRESS_HOSTNAME.rule];
const HTTP_RULES: &[&str] = &[t::HTTP_RULES_MATCHES_TOTAL.rule, t::RULE_NAME_UNIQUE.rule];
const GRPC_RULES: &[&str] = &[t::GRPC_RULES_MATCHES_TOTAL.rule, t::RULE_NAME_UNIQUE.rule];

/// Every proof. A node takes the first one whose texts include all of its own rules.
pub(crate) const PROOFS: &[Proof] = &[
    Proof {
        covers: PARENT_REFS,
        holds: |v| parent_refs(v, false),
    },
    Proof {
        covers: PARENT_REFS_WITH_PORT,
        holds: |v| parent_refs(v, true),
    },
    Proof {
        covers: LISTENERS,
        holds: listeners,
    },
    Proof {
        covers: PATH_MATCH,
        holds: path_match,
    },
    Proof {
        covers: FILTER,
        holds: filter,
    },
    Proof {
        covers: FILTER_LIST,
        holds: filter_list,
    },
    Proof {
        covers: HTTP_RULE,
        holds: http_rule,
    },
    Proof {
        covers: BACKEND_REF,
        holds: backend_ref,
    },
    Proof {
        covers: GRPC_METHOD,
        holds: grpc_method,
    },
    Proof {
        covers: LISTENER_TLS,
        holds: listener_tls,
    },
    Proof {
        covers: SPEC_ADDRESS,
        holds: spec_address,
    },
    Proof {
        covers: HTTP_RULES,
        holds: |v| route_rules(v, false),
    },
    Proof {
        covers: GRPC_RULES,
        holds: |v| route_rules(v, true),
    },
];

const TYPE: Key<'static> = Key::new("type");
const VALUE: Key<'static> = Key::new("value");
const NAME: Key<'static> = Key::new("name");
const MATCHES: Key<'static> = Key::new("matches");
const FILTERS: Key<'static> = Key::new("filters");
const BACKEND_REFS: Key<'static> = Key::new("backendRefs");
const PATH: Key<'static> = Key::new("path");
const GROUP: Key<'static> = Key::new("group");
const KIND: Key<'static> = Key::new("kind");
const NAMESPACE: Key<'static> = Key::new("namespace");
const SECTION_NAME: Key<'static> = Key::new("sectionName");
const PORT: Key<'static> = Key::new("port");
const PROTOCOL: Key<'static> = Key::new("protocol");
const HOSTNAME: Key<'static> = Key::new("hostname");
const TLS: Key<'static> = Key::new("tls");
const MODE: Key<'static> = Key::new("mode");
const SERVICE: Key<'static> = Key::new("service");
const METHOD: Key<'static> = Key::new("method");
const CERTIFICATE_REFS: Key<'static> = Key::new("certificateRefs");
const REQUEST_REDIRECT: Key<'static> = Key::new("requestRedirect");
const URL_REWRITE: Key<'static> = Key::new("urlRewrite");

/// The string field `key` of `v`; `None` when it is absent or not a string.
fn str_field<'a>(v: V<'a>, key: Key<'_>) -> Option<&'a str> {
    v.field_value(key)?.as_str()
}

/// Whether `v` has the field `key` (CEL's `has()`).
fn has(v: V<'_>, key: Key<'_>) -> bool {
    v.field_value(key).is_some()
}

/// A string field as `Some(None)` when unset, `Some(Some(s))` when set; `None` when it is
/// set to something else than a string.
fn optional_field<'a>(v: V<'a>, key: Key<'_>) -> Option<Option<&'a str>> {
    match v.field_value(key) {
        None => Some(None),
        Some(x) => x.as_str().map(Some),
    }
}

/// An optional string field as the parentRefs rules read it (`!has(p.f) || p.f == ''` is
/// "unset", so `''` reads as `Some(None)` too).
fn optional_str<'a>(v: V<'a>, key: Key<'_>) -> Option<Option<&'a str>> {
    Some(optional_field(v, key)?.filter(|s| !s.is_empty()))
}

// ---------------------------------------------------------------------------------------------
// parentRefs

/// What the parentRefs rules compare of one reference, with "unset" and `''` (or port `0`)
/// made one value, as the rules' `(!has(p.f) || p.f == '')` spelling makes them.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct ParentKey<'a> {
    group: &'a str,
    kind: &'a str,
    name: &'a str,
    namespace: Option<&'a str>,
    section: Option<&'a str>,
    port: Option<i64>,
}

impl<'a> ParentKey<'a> {
    /// The key of a reference; `None` when a comparison could raise an evaluation error
    /// (`group`, `kind` or `name` absent, a field of an unexpected type, not an object).
    fn of(p: V<'a>) -> Option<Self> {
        if !p.raw().is_object() {
            return None;
        }
        let port = match p.field_value(PORT) {
            None => None,
            Some(x) => Some(x.as_i64()?).filter(|&n| n != 0),
        };
        Some(Self {
            group: str_field(p, GROUP)?,
            kind: str_field(p, KIND)?,
            name: str_field(p, NAME)?,
            namespace: optional_str(p, NAMESPACE)?,
            section: optional_str(p, SECTION_NAME)?,
            port,
        })
    }
}

/// The parentRefs rules: references to the same parent (same group, kind, name and namespace)
/// all name a section or none does (and, with `port`, all give a port or none does); and no two
/// of them name the same section (and port).
fn parent_refs(v: V<'_>, with_port: bool) -> bool {
    // Most routes have one parent: then only the reference's own fields can break a rule.
    if let Some(items) = v.items()
        && items.len() == 1
    {
        return items.get(0).and_then(ParentKey::of).is_some();
    }
    let mut buf = [ParentKey::default(); 8];
    let Some(refs) = read_keys(v, &mut buf, ParentKey::of) else {
        return false;
    };
    no_pair(refs, |a, b| {
        let same_parent = a.group == b.group
            && a.kind == b.kind
            && a.name == b.name
            && a.namespace == b.namespace;
        if !same_parent {
            return false;
        }
        let presence = a.section.is_none() == b.section.is_none()
            && (!with_port || a.port.is_none() == b.port.is_none());
        let same_target = a.section == b.section && (!with_port || a.port == b.port);
        !presence || same_target
    })
}

/// The key of each item of the list `v`, read once into `buf` (on the caller's stack); `None`
/// when `v` is not a list, has more than `N` items (the rules then do the work, with their own
/// fast paths) or an item has no key.
fn read_keys<'k, 'a, T, const N: usize>(
    v: V<'a>,
    buf: &'k mut [T; N],
    key: impl Fn(V<'a>) -> Option<T>,
) -> Option<&'k [T]> {
    let items = v.items()?;
    if items.len() > N {
        return None;
    }
    for (slot, item) in buf.iter_mut().zip(items.iter()) {
        *slot = key(item)?;
    }
    Some(&buf[..items.len()])
}

/// Whether no two keys (in either order) are `clash`ing.
fn no_pair<T>(keys: &[T], clash: impl Fn(&T, &T) -> bool) -> bool {
    keys.iter()
        .enumerate()
        .all(|(i, a)| keys[..i].iter().all(|b| !clash(a, b)))
}

// ---------------------------------------------------------------------------------------------
// Listeners

/// What the listener rules read of one listener (Gateway or ListenerSet).
#[derive(Clone, Copy, Default)]
struct Listener<'a> {
    name: &'a str,
    port: i64,
    protocol: &'a str,
    /// An unset hostname is unlike every set one, `''` included, in the uniqueness rule.
    hostname: Option<&'a str>,
}

impl<'a> Listener<'a> {
    /// The listener, when the rules on it alone hold: no `tls` on HTTP, TCP and UDP; mode
    /// `Terminate` (or `''`) with HTTPS; a mode with TLS; no hostname on TCP and UDP. `None`
    /// also when a field the rules select is missing or of an odd type. A listener without a
    /// port gives `None` too: with every port set, the Gateway's and the ListenerSet's
    /// uniqueness rules (the latter guards `port` with `has()`) say the same.
    fn of(l: V<'a>) -> Option<Self> {
        if !l.raw().is_object() {
            return None;
        }
        let protocol = str_field(l, PROTOCOL)?;
        let hostname = optional_field(l, HOSTNAME)?;
        let tls = l.field_key(TLS);
        let mode = match tls {
            None => None,
            Some(t) if t.raw().is_object() => optional_field(t, MODE)?,
            Some(_) => return None,
        };
        let fine = match protocol {
            "HTTP" => tls.is_none(),
            "TCP" | "UDP" => tls.is_none() && hostname.is_none_or(str::is_empty),
            "HTTPS" => tls.is_none() || matches!(mode, Some("" | "Terminate")),
            "TLS" => mode.is_some_and(|m| !m.is_empty()),
            _ => true,
        };
        if !fine {
            return None;
        }
        Some(Self {
            name: str_field(l, NAME)?,
            port: l.field_value(PORT)?.as_i64()?,
            protocol,
            hostname,
        })
    }
}

/// The listener list rules: each listener's own (see [`Listener::of`]), distinct names, and
/// distinct (port, protocol, hostname).
fn listeners(v: V<'_>) -> bool {
    let mut buf = [Listener::default(); 16];
    let Some(ls) = read_keys(v, &mut buf, Listener::of) else {
        return false;
    };
    no_pair(ls, |a, b| {
        a.name == b.name
            || (a.port == b.port && a.protocol == b.protocol && a.hostname == b.hostname)
    })
}

// ---------------------------------------------------------------------------------------------
// HTTPRoute path matches

/// The path match rules: with type `Exact` or `PathPrefix`, the value is an absolute path of
/// allowed characters without `//`, `/./`, `/../`, `%2f`, `%2F`, `#`, and not ending in `/.` or
/// `/..`; `RegularExpression` values are not looked at.
fn path_match(v: V<'_>) -> bool {
    match str_field(v, TYPE) {
        Some("RegularExpression") => true,
        Some("Exact" | "PathPrefix") => str_field(v, VALUE).is_some_and(literal_path),
        _ => false,
    }
}

/// Whether a literal path passes every rule on it. Every `%` of an allowed path starts a `%XX`
/// escape and every `/` is a character of its own, so checking the forbidden substrings where a
/// `%` or `/` stands finds all of them.
fn literal_path(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() != Some(&b'/') {
        return false;
    }
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        match c {
            // `[%][0-9a-fA-F]{2}`, but not `%2f` or `%2F`.
            b'%' => {
                let (Some(&h), Some(&l)) = (b.get(i + 1), b.get(i + 2)) else {
                    return false;
                };
                if !h.is_ascii_hexdigit()
                    || !l.is_ascii_hexdigit()
                    || (h == b'2' && l | 0x20 == b'f')
                {
                    return false;
                }
                i += 3;
                continue;
            }
            b'/' => {
                let rest = &b[i + 1..];
                if rest.starts_with(b"/")
                    || rest.starts_with(b"./")
                    || rest.starts_with(b"../")
                    || rest == b"."
                    || rest == b".."
                {
                    return false;
                }
            }
            _ if path_char(c) => {}
            // Anything else, `#` and every non-ASCII byte included, fails the character rule.
            _ => return false,
        }
        i += 1;
    }
    true
}

/// `[-A-Za-z0-9/._~!$&'()*+,;=:@]`.
fn path_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-/._~!$&'()*+,;=:@".contains(&c)
}

// ---------------------------------------------------------------------------------------------
// Filters

/// Each filter field and the filter type it belongs to.
const FILTER_FIELDS: [(Key<'static>, &str); 8] = [
    (Key::new("cors"), "CORS"),
    (Key::new("requestHeaderModifier"), "RequestHeaderModifier"),
    (Key::new("responseHeaderModifier"), "ResponseHeaderModifier"),
    (Key::new("requestMirror"), "RequestMirror"),
    (Key::new("requestRedirect"), "RequestRedirect"),
    (Key::new("urlRewrite"), "URLRewrite"),
    (Key::new("extensionRef"), "ExtensionRef"),
    (Key::new("externalAuth"), "ExternalAuth"),
];

/// The type/field agreement rules of one filter: each filter field is set exactly when the
/// filter has its type.
fn filter(v: V<'_>) -> bool {
    let Some(ty) = str_field(v, TYPE) else {
        return false;
    };
    FILTER_FIELDS
        .iter()
        .all(|&(field, t)| has(v, field) == (ty == t))
}

/// The rules of a filter list: at most one filter of each of five types, and not both a
/// redirect and a rewrite.
fn filter_list(v: V<'_>) -> bool {
    const ONCE: [&str; 5] = [
        "CORS",
        "RequestHeaderModifier",
        "ResponseHeaderModifier",
        "RequestRedirect",
        "URLRewrite",
    ];
    let Some(items) = v.items() else {
        return false;
    };
    let mut seen = [false; ONCE.len()];
    for f in items.iter() {
        let Some(ty) = str_field(f, TYPE) else {
            return false;
        };
        if let Some(i) = ONCE.iter().position(|&t| t == ty) {
            if seen[i] {
                return false;
            }
            seen[i] = true;
        }
    }
    !(seen[3] && seen[4])
}

// ---------------------------------------------------------------------------------------------
// HTTPRoute rules

/// The rules of one HTTPRoute rule: no redirect filter beside backendRefs, and (the four
/// prefix-match rules) no filter of the rule or of its backendRefs that replaces a path
/// prefix. With such a filter the rules need a single prefix match; that case is left to them.
fn http_rule(v: V<'_>) -> bool {
    if !v.raw().is_object() {
        return false;
    }
    let mut redirect = false;
    if let Some(filters) = v.field_key(FILTERS) {
        let Some(items) = filters.items() else {
            return false;
        };
        for f in items.iter() {
            if !f.raw().is_object() || may_replace_prefix(f) {
                return false;
            }
            redirect |= has(f, REQUEST_REDIRECT);
        }
    }
    let Some(backends) = v.field_key(BACKEND_REFS) else {
        return true;
    };
    let Some(backends) = backends.items() else {
        return false;
    };
    if redirect && backends.len() > 0 {
        return false;
    }
    backends.iter().all(|b| {
        if !b.raw().is_object() {
            return false;
        }
        let Some(filters) = b.field_key(FILTERS) else {
            return true;
        };
        filters.items().is_some_and(|f| {
            f.iter()
                .all(|f| f.raw().is_object() && !may_replace_prefix(f))
        })
    })
}

/// Whether the rules' `has(f.K) && has(f.K.path) && f.K.path.type == 'ReplacePrefixMatch' &&
/// has(f.K.path.replacePrefixMatch)` could be anything but `false` for the filter object `f`
/// and `K` its `requestRedirect` or `urlRewrite`.
fn may_replace_prefix(f: V<'_>) -> bool {
    [REQUEST_REDIRECT, URL_REWRITE].into_iter().any(|k| {
        let Some(m) = f.field_key(k) else {
            return false;
        };
        if !m.raw().is_object() {
            return true;
        }
        let Some(path) = m.field_key(PATH) else {
            return false;
        };
        !path.raw().is_object() || str_field(path, TYPE).is_none_or(|t| t == "ReplacePrefixMatch")
    })
}

/// A backendRef's one rule: a reference to a core Service (`group` empty, `kind` `Service`,
/// both defaulted) has a port. It is evaluated for every backendRef, and through CEL's
/// three-valued combinators it cost several times these three reads.
fn backend_ref(v: V<'_>) -> bool {
    if !v.raw().is_object() {
        return false;
    }
    match str_field(v, GROUP) {
        Some("") => match str_field(v, KIND) {
            Some("Service") => has(v, PORT),
            Some(_) => true,
            None => false,
        },
        // `size()` of a string that is set: the rule holds without reading `kind`.
        Some(_) => true,
        None => false,
    }
}

/// What the rule list's rules read of one route rule.
#[derive(Clone, Copy, Default)]
struct RouteRule<'a> {
    matches: usize,
    name: Option<&'a str>,
}

impl<'a> RouteRule<'a> {
    fn of(r: V<'a>, guarded: bool) -> Option<Self> {
        if !r.raw().is_object() {
            return None;
        }
        let matches = match r.field_key(MATCHES) {
            Some(m) => m.items()?.len(),
            None if guarded => 0,
            None => return None,
        };
        let name = optional_field(r, NAME)?;
        Some(Self { matches, name })
    }
}

/// The rules of a route's rule list: at most 128 matches over the first 16 rules (`guarded`:
/// rules without `matches` count none, as GRPCRoute's text says; HTTPRoute's text selects
/// `matches` unguarded, and the schema defaults it), and no two rules of the same name. The
/// CRDs allow 16 rules, the number the matches total counts; longer lists are left to the rules.
fn route_rules(v: V<'_>, guarded: bool) -> bool {
    let mut buf = [RouteRule::default(); 16];
    let Some(rules) = read_keys(v, &mut buf, |r| RouteRule::of(r, guarded)) else {
        return false;
    };
    rules.iter().map(|r| r.matches).sum::<usize>() <= 128
        && no_pair(rules, |a, b| a.name.is_some() && a.name == b.name)
}

// ---------------------------------------------------------------------------------------------
// Patterns
//
// The rules below match strings against regexes. The proofs accept the plain ASCII strings
// those regexes accept, by hand; anything else (non-ASCII text above all, where `(?i)` folds
// `K` U+212A into `k`) is left to the rules and their regexes.

/// A gRPC method match: with a type, a service or a method; with type `Exact` (or none), a
/// service of dotted identifiers and a method that is one identifier.
fn grpc_method(v: V<'_>) -> bool {
    if !v.raw().is_object() {
        return false;
    }
    let (Some(ty), Some(service), Some(method)) = (
        optional_field(v, TYPE),
        optional_field(v, SERVICE),
        optional_field(v, METHOD),
    ) else {
        return false;
    };
    if ty.is_some() && service.is_none() && method.is_none() {
        return false;
    }
    if !matches!(ty, None | Some("Exact")) {
        return true;
    }
    service.is_none_or(grpc_service) && method.is_none_or(identifier)
}

/// `^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$` on ASCII.
fn grpc_service(s: &str) -> bool {
    let s = s.strip_prefix('.').unwrap_or(s);
    s.split('.').all(identifier)
}

/// `^[A-Za-z_][A-Za-z_0-9]*$`.
fn identifier(s: &str) -> bool {
    let b = s.as_bytes();
    b.first()
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// A listener's TLS: in mode `Terminate`, a certificate. (A terminating listener without
/// certificates but with options is left to the rule.)
fn listener_tls(v: V<'_>) -> bool {
    match str_field(v, MODE) {
        Some("Terminate") => v
            .field_value(CERTIFICATE_REFS)
            .and_then(serde_json::Value::as_array)
            .is_some_and(|refs| !refs.is_empty()),
        Some(_) => true,
        None => false,
    }
}

/// A Gateway's requested address: a hostname, when it is one and has a value, is made of DNS
/// labels, the first of which may be `*`.
fn spec_address(v: V<'_>) -> bool {
    match str_field(v, TYPE) {
        Some("Hostname") => match v.field_value(VALUE) {
            None => true,
            Some(x) => x.as_str().is_some_and(|h| {
                // Labels of `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, as an ObjectMeta name's.
                is_subdomain(h.strip_prefix("*.").unwrap_or(h))
            }),
        },
        Some(_) => v.raw().is_object(),
        None => false,
    }
}

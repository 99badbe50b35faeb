//! Route rules outside filters: match counts, rule names, HTTPRoute rule-level filter
//! constraints, path matches, timeouts, gRPC method matches, TLSRoute hostnames and session
//! persistence.

use super::cel::Rule;
use super::cel::{
    Eval, EvalError, Key, V, all, all_in, and, cond, duration, eq_eval, eq_str, exists_one,
    exists_one_in, has, in_strs, index, keys, list, not, or, read_items, sel, sel_str, size,
    string, substring_from,
};
use super::goparse::is_ip;
use gateway_api_types::rules as t;

/// The field the rule-name uniqueness rule compares.
const NAME_KEY: [Key<'static>; 1] = keys(["name"]);

pub(super) const RULES: &[Rule] = &[
    rule!(t::HTTP_RULES_MATCHES_TOTAL.rule => http_rules_matches_total),
    rule!(t::GRPC_RULES_MATCHES_TOTAL.rule => grpc_rules_matches_total),
    rule!(t::RULE_NAME_UNIQUE.rule => rule_name_unique),
    rule!(t::HTTP_RULE_REDIRECT_WITHOUT_BACKENDS.rule => http_rule_redirect_without_backends),
    rule!(t::HTTP_RULE_REDIRECT_PREFIX_MATCH.rule => http_rule_redirect_prefix_match),
    rule!(t::HTTP_RULE_REWRITE_PREFIX_MATCH.rule => http_rule_rewrite_prefix_match),
    rule!(t::HTTP_RULE_BACKEND_REDIRECT_PREFIX_MATCH.rule => http_rule_backend_redirect_prefix_match),
    rule!(t::HTTP_RULE_BACKEND_REWRITE_PREFIX_MATCH.rule => http_rule_backend_rewrite_prefix_match),
    rule!(t::PATH_MATCH_ABSOLUTE.rule => path_match_absolute),
    rule!(t::PATH_MATCH_NO_DOUBLE_SLASH.rule => path_match_no_double_slash),
    rule!(t::PATH_MATCH_NO_DOT_SEGMENT.rule => path_match_no_dot_segment),
    rule!(t::PATH_MATCH_NO_DOT_DOT_SEGMENT.rule => path_match_no_dot_dot_segment),
    rule!(t::PATH_MATCH_NO_ENCODED_SLASH_LOWER.rule => path_match_no_encoded_slash_lower),
    rule!(t::PATH_MATCH_NO_ENCODED_SLASH_UPPER.rule => path_match_no_encoded_slash_upper),
    rule!(t::PATH_MATCH_NO_FRAGMENT.rule => path_match_no_fragment),
    rule!(t::PATH_MATCH_NO_TRAILING_DOT_DOT.rule => path_match_no_trailing_dot_dot),
    rule!(t::PATH_MATCH_NO_TRAILING_DOT.rule => path_match_no_trailing_dot),
    rule!(t::PATH_MATCH_TYPE.rule => path_match_type),
    rule!(t::PATH_MATCH_CHARACTERS.rule => path_match_characters),
    rule!(t::TIMEOUTS_BACKEND_REQUEST.rule => timeouts_backend_request),
    rule!(t::GRPC_METHOD_SERVICE_OR_METHOD.rule => grpc_method_service_or_method),
    rule!(t::GRPC_METHOD_SERVICE_CHARACTERS.rule => grpc_method_service_characters),
    rule!(t::GRPC_METHOD_METHOD_CHARACTERS.rule => grpc_method_method_characters),
    rule!(t::HOSTNAMES_NOT_IP.rule => hostnames_not_ip),
    rule!(t::HOSTNAMES_RFC_1123.rule => hostnames_rfc_1123),
    rule!(t::HOSTNAMES_WILDCARD.rule => hostnames_wildcard),
    rule!(t::SESSION_PERMANENT_ABSOLUTE_TIMEOUT.rule => session_permanent_absolute_timeout),
    rule!(t::SESSION_COOKIE_CONFIG_TYPE.rule => session_cookie_config_type),
];

/// The rules spell out 16 terms `self.size() > i ? ... : 0`, one per allowed rule (maxItems 16):
/// rules past the 16th are not counted.
const COUNTED_RULES: usize = 16;

/// HTTPRoute: `self[i].matches.size()` unguarded; `matches` is defaulted, so it is present unless
/// the walker was given an undefaulted rule (then `no such key`).
fn http_rules_matches_total(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let mut total = 0i64;
    for rule in list(s)?.iter().take(COUNTED_RULES) {
        total += size(sel(rule, "matches")?)?;
    }
    Ok(total <= 128)
}

/// GRPCRoute: each term is guarded by `has(self[i].matches)` (no default there).
fn grpc_rules_matches_total(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let mut total = 0i64;
    for rule in list(s)?.iter().take(COUNTED_RULES) {
        if has(rule, "matches")? {
            total += size(sel(rule, "matches")?)?;
        }
    }
    Ok(total <= 128)
}

/// `self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))`.
fn rule_name_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let rules = read_items(s, &NAME_KEY)?;
    all_in(&rules, |l1| {
        or(not(has(l1, "name")), || {
            exists_one_in(&rules, |l2| {
                and(has(l2, "name"), || {
                    eq_eval(sel(l1, "name"), sel(l2, "name"))
                })
            })
        })
    })
}

fn http_rule_redirect_without_backends(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    cond(
        and(has(s, "backendRefs"), || {
            sel(s, "backendRefs").and_then(size).map(|n| n > 0)
        }),
        || {
            or(not(has(s, "filters")), || {
                all(sel(s, "filters")?, |f| not(has(f, "requestRedirect")))
            })
        },
        || Ok(true),
    )
}

/// `has(f.K) && has(f.K.path) && f.K.path.type == 'ReplacePrefixMatch' &&
/// has(f.K.path.replacePrefixMatch)` for the filter field `K` (`requestRedirect` or
/// `urlRewrite`).
fn replaces_prefix(f: V<'_>, k: &'static str) -> Eval<bool> {
    let modifier = || sel(f, k);
    let path = || modifier().and_then(|m| sel(m, "path"));
    all_of!(
        has(f, k),
        modifier().and_then(|m| has(m, "path")),
        eq_str(path().and_then(|p| sel(p, "type")), "ReplacePrefixMatch"),
        path().and_then(|p| has(p, "replacePrefixMatch"))
    )
}

/// `(size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type !=
/// 'PathPrefix') ? false : true`: the rule has exactly one match, on a path prefix.
fn single_prefix_match(s: V<'_>) -> Eval<bool> {
    let first = || sel(s, "matches").and_then(|m| index(m, 0));
    let other = any_of!(
        sel(s, "matches").and_then(size).map(|n| n != 1),
        not(first().and_then(|m| has(m, "path"))),
        not(eq_str(
            first()
                .and_then(|m| sel(m, "path"))
                .and_then(|p| sel(p, "type")),
            "PathPrefix"
        ))
    )?;
    Ok(!other)
}

/// `(has(self.filters) && self.filters.exists_one(f, replaces_prefix(f))) ? single : true`.
fn rule_filter_prefix_match(s: V<'_>, k: &'static str) -> Eval<bool> {
    cond(
        and(has(s, "filters"), || {
            exists_one(sel(s, "filters")?, |f| replaces_prefix(f, k))
        }),
        || single_prefix_match(s),
        || Ok(true),
    )
}

/// As [`rule_filter_prefix_match`], for filters on the rule's backendRefs: the condition is that
/// exactly one backendRef has exactly one such filter (so two backendRefs with one each escape
/// the rule, as upstream wrote it).
fn backend_filter_prefix_match(s: V<'_>, k: &'static str) -> Eval<bool> {
    cond(
        and(has(s, "backendRefs"), || {
            exists_one(sel(s, "backendRefs")?, |b| {
                and(has(b, "filters"), || {
                    exists_one(sel(b, "filters")?, |f| replaces_prefix(f, k))
                })
            })
        }),
        || single_prefix_match(s),
        || Ok(true),
    )
}

fn http_rule_redirect_prefix_match(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    rule_filter_prefix_match(s, "requestRedirect")
}

fn http_rule_rewrite_prefix_match(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    rule_filter_prefix_match(s, "urlRewrite")
}

fn http_rule_backend_redirect_prefix_match(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    backend_filter_prefix_match(s, "requestRedirect")
}

fn http_rule_backend_rewrite_prefix_match(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    backend_filter_prefix_match(s, "urlRewrite")
}

/// `(self.type in ['Exact','PathPrefix']) ? check(self.value) : true`; `type` and `value` are
/// defaulted (`PathPrefix`, `/`).
fn literal_path(s: V<'_>, check: impl FnOnce(&str) -> Eval<bool>) -> Eval<bool> {
    cond(
        in_strs(sel(s, "type"), &["Exact", "PathPrefix"]),
        || check(sel_str(s, "value")?),
        || Ok(true),
    )
}

fn path_match_absolute(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(v.starts_with('/')))
}

fn path_match_no_double_slash(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.contains("//")))
}

fn path_match_no_dot_segment(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.contains("/./")))
}

fn path_match_no_dot_dot_segment(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.contains("/../")))
}

fn path_match_no_encoded_slash_lower(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.contains("%2f")))
}

fn path_match_no_encoded_slash_upper(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.contains("%2F")))
}

fn path_match_no_fragment(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.contains('#')))
}

fn path_match_no_trailing_dot_dot(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.ends_with("/..")))
}

fn path_match_no_trailing_dot(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| Ok(!v.ends_with("/.")))
}

fn path_match_type(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    or(in_strs(sel(s, "type"), &["Exact", "PathPrefix"]), || {
        eq_str(sel(s, "type"), "RegularExpression")
    })
}

fn path_match_characters(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    literal_path(s, |v| {
        Ok(regex!(r"^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$")?.is_match(v))
    })
}

/// `!(has(request) && has(backendRequest) && duration(request) != duration('0s') &&
/// duration(backendRequest) > duration(request))`: a zero request timeout means none.
fn timeouts_backend_request(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let request = || sel(s, "request").and_then(duration);
    not(all_of!(
        has(s, "request"),
        has(s, "backendRequest"),
        request().map(|r| r != 0),
        {
            let backend = sel(s, "backendRequest").and_then(duration)?;
            Ok(backend > request()?)
        }
    ))
}

fn grpc_method_service_or_method(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    cond(
        has(s, "type"),
        || or(has(s, "service"), || has(s, "method")),
        || Ok(true),
    )
}

/// `(!has(self.type) || self.type == 'Exact') && has(self.F) ? self.F.matches(re) : true`.
fn exact_method_field(s: V<'_>, f: &'static str, re: Eval<&regex::Regex>) -> Eval<bool> {
    cond(
        and(
            or(not(has(s, "type")), || eq_str(sel(s, "type"), "Exact")),
            || has(s, f),
        ),
        || Ok(re?.is_match(sel_str(s, f)?)),
        || Ok(true),
    )
}

/// `(?i)` folds case the way Go's RE2 does (Unicode simple folding, so `K` U+212A matches `k`).
fn grpc_method_service_characters(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    exact_method_field(
        s,
        "service",
        regex!(r"^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$"),
    )
}

fn grpc_method_method_characters(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    exact_method_field(s, "method", regex!(r"^[A-Za-z_][A-Za-z_0-9]*$"))
}

/// The RFC 1123 subdomain pattern the TLSRoute hostname rules use.
const RFC_1123: &str = r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$";

fn hostnames_not_ip(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all(s, |h| Ok(!is_ip(string(h)?)))
}

fn hostnames_rfc_1123(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all(s, |h| {
        let h = string(h)?;
        if h.contains('*') {
            Ok(true)
        } else {
            Ok(regex!(RFC_1123)?.is_match(h))
        }
    })
}

/// `h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches(re)) : true`.
fn hostnames_wildcard(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all(s, |h| {
        let h = string(h)?;
        if !h.contains('*') {
            return Ok(true);
        }
        and(Ok(h.starts_with("*.")), || {
            Ok(regex!(RFC_1123)?.is_match(substring_from(h, 2)?))
        })
    })
}

fn session_permanent_absolute_timeout(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let cookie = || sel(s, "cookieConfig");
    any_of!(
        not(has(s, "cookieConfig")),
        not(cookie().and_then(|c| has(c, "lifetimeType"))),
        not(eq_str(
            cookie().and_then(|c| sel(c, "lifetimeType")),
            "Permanent"
        )),
        has(s, "absoluteTimeout")
    )
}

fn session_cookie_config_type(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    or(not(has(s, "cookieConfig")), || {
        eq_str(sel(s, "type"), "Cookie")
    })
}

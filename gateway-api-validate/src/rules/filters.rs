//! HTTPRoute and GRPCRoute filter rules: the filter list, each filter's type/field agreement,
//! and the rules inside filters (mirror fractions, CORS lists, path modifiers, external auth).

use super::cel::Rule;
use super::cel::{
    Eval, EvalError, V, and, cond, eq_str, exists, filter_count, has, list, not, sel, size,
};
use gateway_api_types::rules as t;

pub(super) const RULES: &[Rule] = &[
    rule!(t::FILTERS_REDIRECT_OR_REWRITE.rule => filters_redirect_or_rewrite),
    rule!(t::FILTER_CORS_ONCE.rule => filter_cors_once),
    rule!(t::FILTER_REQUEST_HEADER_MODIFIER_ONCE.rule => filter_request_header_modifier_once),
    rule!(t::FILTER_RESPONSE_HEADER_MODIFIER_ONCE.rule => filter_response_header_modifier_once),
    rule!(t::FILTER_REQUEST_REDIRECT_ONCE.rule => filter_request_redirect_once),
    rule!(t::FILTER_URL_REWRITE_ONCE.rule => filter_url_rewrite_once),
    rule!(t::CORS_ONLY_FOR_TYPE.rule => cors_only_for_type),
    rule!(t::CORS_FOR_TYPE.rule => cors_for_type),
    rule!(t::REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE.rule => request_header_modifier_only_for_type),
    rule!(t::REQUEST_HEADER_MODIFIER_FOR_TYPE.rule => request_header_modifier_for_type),
    rule!(t::RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE.rule => response_header_modifier_only_for_type),
    rule!(t::RESPONSE_HEADER_MODIFIER_FOR_TYPE.rule => response_header_modifier_for_type),
    rule!(t::REQUEST_MIRROR_ONLY_FOR_TYPE.rule => request_mirror_only_for_type),
    rule!(t::REQUEST_MIRROR_FOR_TYPE.rule => request_mirror_for_type),
    rule!(t::REQUEST_REDIRECT_ONLY_FOR_TYPE.rule => request_redirect_only_for_type),
    rule!(t::REQUEST_REDIRECT_FOR_TYPE.rule => request_redirect_for_type),
    rule!(t::URL_REWRITE_ONLY_FOR_TYPE.rule => url_rewrite_only_for_type),
    rule!(t::URL_REWRITE_FOR_TYPE.rule => url_rewrite_for_type),
    rule!(t::EXTENSION_REF_ONLY_FOR_TYPE.rule => extension_ref_only_for_type),
    rule!(t::EXTENSION_REF_FOR_TYPE.rule => extension_ref_for_type),
    rule!(t::EXTERNAL_AUTH_ONLY_FOR_TYPE.rule => external_auth_only_for_type),
    rule!(t::EXTERNAL_AUTH_FOR_TYPE.rule => external_auth_for_type),
    rule!(t::MIRROR_PERCENT_OR_FRACTION.rule => mirror_percent_or_fraction),
    rule!(t::FRACTION_AT_MOST_ONE.rule => fraction_at_most_one),
    rule!(t::CORS_WILDCARD_ALONE => cors_wildcard_alone),
    rule!(t::PATH_FULL_PATH_FOR_TYPE.rule => path_full_path_for_type),
    rule!(t::PATH_FULL_PATH_ONLY_FOR_TYPE.rule => path_full_path_only_for_type),
    rule!(t::PATH_PREFIX_MATCH_FOR_TYPE.rule => path_prefix_match_for_type),
    rule!(t::PATH_PREFIX_MATCH_ONLY_FOR_TYPE.rule => path_prefix_match_only_for_type),
    rule!(t::EXTERNAL_AUTH_GRPC_FOR_PROTOCOL.rule => external_auth_grpc_for_protocol),
    rule!(t::EXTERNAL_AUTH_GRPC_ONLY_FOR_PROTOCOL.rule => external_auth_grpc_only_for_protocol),
    rule!(t::EXTERNAL_AUTH_HTTP_FOR_PROTOCOL.rule => external_auth_http_for_protocol),
    rule!(t::EXTERNAL_AUTH_HTTP_ONLY_FOR_PROTOCOL.rule => external_auth_http_only_for_protocol),
];

fn is_type(f: V<'_>, ty: &str) -> Eval<bool> {
    eq_str(sel(f, "type"), ty)
}

fn filters_redirect_or_rewrite(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    not(and(exists(s, |f| is_type(f, "RequestRedirect")), || {
        exists(s, |f| is_type(f, "URLRewrite"))
    }))
}

/// `self.filter(f, f.type == T).size() <= 1`.
fn at_most_once(s: V<'_>, ty: &str) -> Eval<bool> {
    Ok(filter_count(s, |f| is_type(f, ty))? <= 1)
}

fn filter_cors_once(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    at_most_once(s, "CORS")
}

fn filter_request_header_modifier_once(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    at_most_once(s, "RequestHeaderModifier")
}

fn filter_response_header_modifier_once(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    at_most_once(s, "ResponseHeaderModifier")
}

fn filter_request_redirect_once(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    at_most_once(s, "RequestRedirect")
}

fn filter_url_rewrite_once(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    at_most_once(s, "URLRewrite")
}

/// `!(has(self.F) && self.type != T)`: the field is set only on a filter of its type.
fn only_for_type(s: V<'_>, field: &str, ty: &str) -> Eval<bool> {
    not(and(has(s, field), || not(is_type(s, ty))))
}

/// `!(!has(self.F) && self.type == T)`: a filter of the type carries its field.
fn for_type(s: V<'_>, field: &str, ty: &str) -> Eval<bool> {
    not(and(not(has(s, field)), || is_type(s, ty)))
}

/// Defines the pair of type/field agreement rules for one filter type.
macro_rules! type_field_rules {
    ($only:ident, $for:ident, $field:literal, $ty:literal) => {
        fn $only(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
            only_for_type(s, $field, $ty)
        }

        fn $for(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
            for_type(s, $field, $ty)
        }
    };
}

type_field_rules!(cors_only_for_type, cors_for_type, "cors", "CORS");
type_field_rules!(
    request_header_modifier_only_for_type,
    request_header_modifier_for_type,
    "requestHeaderModifier",
    "RequestHeaderModifier"
);
type_field_rules!(
    response_header_modifier_only_for_type,
    response_header_modifier_for_type,
    "responseHeaderModifier",
    "ResponseHeaderModifier"
);
type_field_rules!(
    request_mirror_only_for_type,
    request_mirror_for_type,
    "requestMirror",
    "RequestMirror"
);
type_field_rules!(
    request_redirect_only_for_type,
    request_redirect_for_type,
    "requestRedirect",
    "RequestRedirect"
);
type_field_rules!(
    url_rewrite_only_for_type,
    url_rewrite_for_type,
    "urlRewrite",
    "URLRewrite"
);
type_field_rules!(
    extension_ref_only_for_type,
    extension_ref_for_type,
    "extensionRef",
    "ExtensionRef"
);
type_field_rules!(
    external_auth_only_for_type,
    external_auth_for_type,
    "externalAuth",
    "ExternalAuth"
);

fn mirror_percent_or_fraction(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    not(and(has(s, "percent"), || has(s, "fraction")))
}

/// `self.numerator <= self.denominator`; `denominator` is defaulted to 100.
fn fraction_at_most_one(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let (n, d) = (sel(s, "numerator")?, sel(s, "denominator")?);
    match (n.as_i64(), d.as_i64()) {
        (Some(n), Some(d)) => Ok(n <= d),
        // CEL orders int and double values numerically too.
        _ => match (n.as_f64(), d.as_f64()) {
            (Some(n), Some(d)) => Ok(n <= d),
            _ => Err(EvalError::NoSuchOverload),
        },
    }
}

/// `!('*' in self && self.size() > 1)`: a wildcard must stand alone.
fn cors_wildcard_alone(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let wildcard = list(s)?.iter().any(|v| v.as_str() == Some("*"));
    Ok(!(wildcard && size(s)? > 1))
}

/// `self.type == T ? has(self.F) : true`.
fn field_for_type(s: V<'_>, field: &str, ty: &str) -> Eval<bool> {
    cond(is_type(s, ty), || has(s, field), || Ok(true))
}

/// `has(self.F) ? self.type == T : true`.
fn type_for_field(s: V<'_>, field: &str, ty: &str) -> Eval<bool> {
    cond(has(s, field), || is_type(s, ty), || Ok(true))
}

fn path_full_path_for_type(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    field_for_type(s, "replaceFullPath", "ReplaceFullPath")
}

fn path_full_path_only_for_type(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    type_for_field(s, "replaceFullPath", "ReplaceFullPath")
}

fn path_prefix_match_for_type(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    field_for_type(s, "replacePrefixMatch", "ReplacePrefixMatch")
}

fn path_prefix_match_only_for_type(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    type_for_field(s, "replacePrefixMatch", "ReplacePrefixMatch")
}

/// `self.protocol == P ? has(self.F) : true`.
fn field_for_protocol(s: V<'_>, field: &str, protocol: &str) -> Eval<bool> {
    cond(
        eq_str(sel(s, "protocol"), protocol),
        || has(s, field),
        || Ok(true),
    )
}

/// `has(self.F) ? self.protocol == P : true`.
fn protocol_for_field(s: V<'_>, field: &str, protocol: &str) -> Eval<bool> {
    cond(
        has(s, field),
        || eq_str(sel(s, "protocol"), protocol),
        || Ok(true),
    )
}

fn external_auth_grpc_for_protocol(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    field_for_protocol(s, "grpc", "GRPC")
}

fn external_auth_grpc_only_for_protocol(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    protocol_for_field(s, "grpc", "GRPC")
}

fn external_auth_http_for_protocol(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    field_for_protocol(s, "http", "HTTP")
}

fn external_auth_http_only_for_protocol(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    protocol_for_field(s, "http", "HTTP")
}

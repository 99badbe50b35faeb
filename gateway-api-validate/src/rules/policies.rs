//! BackendTLSPolicy, GatewayClass, XMesh, XBackend and XBackendTrafficPolicy rules.

use super::cel::Rule;
use super::cel::{
    Eval, V, and, cond, duration, eq, eq_str, has, not, or, sel, size, string, unset_str,
};
use gateway_api_types::rules as t;

pub(super) const RULES: &[Rule] = &[
    rule!(t::CA_CERTIFICATES_NOT_BOTH.rule => ca_certificates_not_both),
    rule!(t::CA_CERTIFICATES_EITHER.rule => ca_certificates_either),
    rule!(t::SAN_HOSTNAME_REQUIRED.rule => san_hostname_required),
    rule!(t::SAN_HOSTNAME_FORBIDDEN.rule => san_hostname_forbidden),
    rule!(t::SAN_URI_REQUIRED.rule => san_uri_required),
    rule!(t::SAN_URI_FORBIDDEN.rule => san_uri_forbidden),
    rule!(t::IMMUTABLE.rule => immutable),
    rule!(t::XBACKEND_EXTERNAL_HOSTNAME.rule => xbackend_external_hostname),
    rule!(t::XBACKEND_HOSTNAME_NOT_CLUSTER_LOCAL.rule => xbackend_hostname_not_cluster_local),
    rule!(t::XBACKEND_PORT_NAME.rule => xbackend_port_name),
    rule!(t::XBACKEND_TLS_CLIENT_CERTIFICATE.rule => xbackend_tls_client_certificate),
    rule!(t::RETRY_BUDGET_INTERVAL.rule => retry_budget_interval),
    rule!(t::MIN_RETRY_RATE_INTERVAL.rule => min_retry_rate_interval),
];

/// `has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0`.
fn has_ca_refs(s: V<'_>) -> Eval<bool> {
    and(has(s, "caCertificateRefs"), || {
        sel(s, "caCertificateRefs").and_then(size).map(|n| n > 0)
    })
}

/// `has(self.wellKnownCACertificates) && self.wellKnownCACertificates != ""`.
fn has_well_known(s: V<'_>) -> Eval<bool> {
    and(has(s, "wellKnownCACertificates"), || {
        not(eq_str(sel(s, "wellKnownCACertificates"), ""))
    })
}

fn ca_certificates_not_both(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    not(and(has_ca_refs(s), || has_well_known(s)))
}

fn ca_certificates_either(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    or(has_ca_refs(s), || has_well_known(s))
}

/// `!(self.type == T && (!has(self.F) || self.F == ""))`.
fn san_required(s: V<'_>, ty: &str, f: &'static str) -> Eval<bool> {
    not(and(eq_str(sel(s, "type"), ty), || unset_str(s, f)))
}

/// `!(self.type != T && has(self.F) && self.F != "")`.
fn san_forbidden(s: V<'_>, ty: &str, f: &'static str) -> Eval<bool> {
    not(all_of!(
        not(eq_str(sel(s, "type"), ty)),
        has(s, f),
        not(eq_str(sel(s, f), ""))
    ))
}

fn san_hostname_required(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    san_required(s, "Hostname", "hostname")
}

fn san_hostname_forbidden(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    san_forbidden(s, "Hostname", "hostname")
}

fn san_uri_required(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    san_required(s, "URI", "uri")
}

fn san_uri_forbidden(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    san_forbidden(s, "URI", "uri")
}

/// `self == oldSelf`, a transition rule: it only runs on update with an old value.
fn immutable(s: V<'_>, old: Option<V<'_>>) -> Eval<bool> {
    Ok(old.is_none_or(|old| eq(s, old)))
}

fn xbackend_external_hostname(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    cond(
        eq_str(sel(s, "type"), "ExternalHostname"),
        || has(s, "externalHostname"),
        || not(has(s, "externalHostname")),
    )
}

fn xbackend_hostname_not_cluster_local(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    Ok(!string(s)?.ends_with(".cluster.local"))
}

/// `size(self) == 0 || format.dns1123Label().validate(self) == null`.
///
/// Read literally, as the API server evaluates it: the Kubernetes format library's `validate`
/// returns an `optional<list<string>>` (`optional.none()` when the value is valid, `optional.of`
/// the errors otherwise), and cel-go's `==` is `false` whenever exactly one side is `null`, so
/// `validate(self) == null` is `false` for every string. The rule therefore holds only for the
/// empty name; upstream presumably meant `!...validate(self).hasValue()`. [`dns1123_label_errors`]
/// computes what `validate` returns, so switching to that reading is a one-line change.
fn xbackend_port_name(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let name = string(s)?;
    or(Ok(size(s)? == 0), || {
        let validated = dns1123_label_errors(name);
        Ok(optional_equals_null(validated.as_ref()))
    })
}

/// cel-go `types.Equal(optional, null)`: an optional value is never `null`, present or not.
fn optional_equals_null<T>(_: Option<T>) -> bool {
    false
}

/// Kubernetes `IsDNS1123Label`: the errors `format.dns1123Label().validate(s)` wraps in
/// `optional.of`, or `None` (`optional.none()`) when `s` is a valid label.
fn dns1123_label_errors(s: &str) -> Option<Vec<&'static str>> {
    let mut errors = Vec::new();
    if s.len() > 63 {
        errors.push("must be no more than 63 characters");
    }
    let bytes = s.as_bytes();
    let alnum = |c: &u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    let valid = bytes.first().is_some_and(alnum)
        && bytes.last().is_some_and(alnum)
        && bytes.iter().all(|c| alnum(c) || *c == b'-');
    if !valid {
        errors.push(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \
             '-', and must start and end with an alphanumeric character",
        );
    }
    if errors.is_empty() {
        None
    } else {
        Some(errors)
    }
}

fn xbackend_tls_client_certificate(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    cond(
        eq_str(sel(s, "mode"), "ClientAndServer"),
        || has(s, "clientCertificateRef"),
        || not(has(s, "clientCertificateRef")),
    )
}

const SECOND: i64 = 1_000_000_000;
const HOUR: i64 = 3600 * SECOND;

/// `!(duration(self) < duration('1s') || duration(self) > duration('1h'))`.
fn retry_budget_interval(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let d = duration(s)?;
    Ok((SECOND..=HOUR).contains(&d))
}

/// `!(duration(self) == duration('0s') || duration(self) > duration('1h'))`.
fn min_retry_rate_interval(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let d = duration(s)?;
    Ok(!(d == 0 || d > HOUR))
}

#[cfg(test)]
mod tests {
    use super::dns1123_label_errors;

    #[test]
    fn dns1123_labels() {
        for ok in ["a", "http", "my-port-1", "0", &"a".repeat(63)] {
            assert_eq!(dns1123_label_errors(ok), None, "{ok}");
        }
        for bad in ["", "-a", "a-", "A", "a_b", "a.b", &"a".repeat(64)] {
            assert!(dns1123_label_errors(bad).is_some(), "{bad}");
        }
    }
}

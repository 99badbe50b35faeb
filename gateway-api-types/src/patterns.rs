//! The OpenAPI `pattern`s that the Gateway API v1.6.1 CRDs give to more than one field, each
//! written once; the schema attributes of [`crate::model`] use them, so the generated CRDs carry
//! exactly these texts. A pattern used by one field only stays beside that field.
//!
//! The API server matches them as Go's `regexp` does (RE2, unanchored unless the pattern says
//! `^`/`$`), which the `regex` crate follows for these patterns.

/// The wildcard hostname pattern, as a macro so that rule texts and messages that embed it can be
/// built with `concat!`.
macro_rules! hostname_pattern {
    () => {
        r"^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
    };
}

/// An optional DNS-subdomain prefix and a name segment of up to 63 characters, as a macro for the
/// same reason: the infrastructure label and annotation key rule embeds it.
macro_rules! qualified_key_pattern {
    () => {
        r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$"
    };
}

/// An API group (`Group`): empty for the core group, otherwise a DNS subdomain.
pub const GROUP: &str = r"^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// A kind (`Kind`): a letter, then letters, digits and dashes.
pub const KIND: &str = r"^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$";

/// An RFC 1123 subdomain: section and listener names, precise hostnames.
pub const DNS_SUBDOMAIN: &str =
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/// An RFC 1123 label (`Namespace`).
pub const DNS_LABEL: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

/// A hostname that may start with a `*.` wildcard label (`Hostname`).
pub const HOSTNAME: &str = hostname_pattern!();

/// An HTTP header name: RFC 7230 token characters (`HTTPHeaderName`, `HeaderName`).
pub const HEADER_NAME: &str = r"^[A-Za-z0-9!#$%&'*+\-.^_\x60|~]+$";

/// A header value in the experimental channel: visible ASCII, single spaces or tabs between.
pub const HEADER_VALUE: &str = r"^[!-~]+([\t ]?[!-~]+)*$";

/// A Gateway API duration such as `1h30m` or `500ms` (`Duration`).
pub const DURATION: &str = r"^([0-9]{1,5}(h|m|s|ms)){1,4}$";

/// A domain-prefixed path such as `example.net/gateway-controller` (`GatewayController`).
pub const CONTROLLER_NAME: &str = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$";

/// An address type (`AddressType`): a core type or a domain-prefixed one.
pub const ADDRESS_TYPE: &str = r"^Hostname|IPAddress|NamedAddress|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$";

/// A label or annotation key: an optional DNS-subdomain prefix and a name of up to 63 characters.
pub const QUALIFIED_KEY: &str = qualified_key_pattern!();

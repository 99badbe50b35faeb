//! The `x-kubernetes-validations` rules of the Gateway API v1.6.1 CRDs, both channels: each
//! rule's CEL text and message, written once.
//!
//! The schema attributes of [`crate::model`] put these into the generated CRDs (so [`crate::crds`]
//! carries exactly these texts), and `gateway-api-validate` keys its native check of each rule by
//! the same constant's [`Validation::rule`]. The texts are upstream's, byte for byte after YAML
//! unescaping (the API server compiles exactly this text; a test compares the generated CRDs
//! with upstream's). Each constant's doc says where the rule sits: kind, schema path, channels.
//!
//! A few texts carry different messages at different places (label and annotation keys, the
//! three CORS `*` lists); they are `&str` constants used by one [`Validation`] per message.
//! Lists of rules that sit together at several places are slices ([`PARENT_REFS`] …).

use serde::Serialize;

/// One entry of `x-kubernetes-validations`: a CEL rule and the message the API server reports
/// when it evaluates to false. Serializes as the CRD writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Validation {
    /// The message of the field error when the rule does not hold.
    pub message: &'static str,
    /// The CEL expression, exactly as in the CRD.
    pub rule: &'static str,
}

/// At BackendTLSPolicy `.spec.targetRefs` (standard, experimental).
pub const TARGET_REFS_SECTION_NAME_SPECIFIED: Validation = Validation {
    message: r#"sectionName must be specified when targetRefs includes 2 or more references to the same target"#,
    rule: r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))"#,
};

/// At BackendTLSPolicy `.spec.targetRefs` (standard, experimental).
pub const TARGET_REFS_SECTION_NAME_UNIQUE: Validation = Validation {
    message: r#"sectionName must be unique when targetRefs includes 2 or more references to the same target"#,
    rule: r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"#,
};

/// At BackendTLSPolicy `.spec.validation` (standard, experimental); XBackend `.spec.tls.validation` (experimental).
pub const CA_CERTIFICATES_NOT_BOTH: Validation = Validation {
    message: r#"must not contain both CACertificateRefs and WellKnownCACertificates"#,
    rule: r#"!(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 && has(self.wellKnownCACertificates) && self.wellKnownCACertificates != "")"#,
};

/// At BackendTLSPolicy `.spec.validation` (standard, experimental); XBackend `.spec.tls.validation` (experimental).
pub const CA_CERTIFICATES_EITHER: Validation = Validation {
    message: r#"must specify either CACertificateRefs or WellKnownCACertificates"#,
    rule: r#"(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 || has(self.wellKnownCACertificates) && self.wellKnownCACertificates != "")"#,
};

/// At BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental); XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental).
pub const SAN_HOSTNAME_REQUIRED: Validation = Validation {
    message: r#"SubjectAltName element must contain Hostname, if Type is set to Hostname"#,
    rule: r#"!(self.type == "Hostname" && (!has(self.hostname) || self.hostname == ""))"#,
};

/// At BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental); XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental).
pub const SAN_HOSTNAME_FORBIDDEN: Validation = Validation {
    message: r#"SubjectAltName element must not contain Hostname, if Type is not set to Hostname"#,
    rule: r#"!(self.type != "Hostname" && has(self.hostname) && self.hostname != "")"#,
};

/// At BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental); XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental).
pub const SAN_URI_REQUIRED: Validation = Validation {
    message: r#"SubjectAltName element must contain URI, if Type is set to URI"#,
    rule: r#"!(self.type == "URI" && (!has(self.uri) || self.uri == ""))"#,
};

/// At BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental); XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental).
pub const SAN_URI_FORBIDDEN: Validation = Validation {
    message: r#"SubjectAltName element must not contain URI, if Type is not set to URI"#,
    rule: r#"!(self.type != "URI" && has(self.uri) && self.uri != "")"#,
};

/// At GatewayClass `.spec.controllerName` (standard, experimental); XMesh `.spec.controllerName` (experimental).
pub const IMMUTABLE: Validation = Validation {
    message: r#"Value is immutable"#,
    rule: r#"self == oldSelf"#,
};

/// At Gateway `.spec.addresses` (standard, experimental).
pub const ADDRESSES_IP_UNIQUE: Validation = Validation {
    message: r#"IPAddress values must be unique"#,
    rule: r#"self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )"#,
};

/// At Gateway `.spec.addresses` (standard, experimental).
pub const ADDRESSES_HOSTNAME_UNIQUE: Validation = Validation {
    message: r#"Hostname values must be unique"#,
    rule: r#"self.all(a1, a1.type == 'Hostname'  && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )"#,
};

/// At Gateway `.spec.addresses[*]` (standard, experimental).
pub const SPEC_ADDRESS_HOSTNAME: Validation = Validation {
    message: concat!(
        r#"Hostname value must be empty or contain only valid characters (matching "#,
        hostname_pattern!(),
        r#")"#
    ),
    rule: concat!(
        r#"self.type == 'Hostname' ? (!has(self.value) || self.value.matches(r""""#,
        hostname_pattern!(),
        r#"""")): true"#
    ),
};

/// The CEL text shared by [`INFRASTRUCTURE_ANNOTATION_KEY_FORMAT`], [`INFRASTRUCTURE_LABEL_KEY_FORMAT`].
///
/// At Gateway `.spec.infrastructure.annotations` (standard, experimental); Gateway `.spec.infrastructure.labels` (standard, experimental).
pub const INFRASTRUCTURE_KEY_FORMAT: &str = concat!(
    r#"self.all(key, key.matches(r""""#,
    qualified_key_pattern!(),
    r#""""))"#
);

/// At: see [`INFRASTRUCTURE_KEY_FORMAT`].
pub const INFRASTRUCTURE_ANNOTATION_KEY_FORMAT: Validation = Validation {
    message: r#"Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters."#,
    rule: INFRASTRUCTURE_KEY_FORMAT,
};

/// At: see [`INFRASTRUCTURE_KEY_FORMAT`].
pub const INFRASTRUCTURE_LABEL_KEY_FORMAT: Validation = Validation {
    message: r#"Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters."#,
    rule: INFRASTRUCTURE_KEY_FORMAT,
};

/// The CEL text shared by [`INFRASTRUCTURE_ANNOTATION_KEY_PREFIX_LENGTH`], [`INFRASTRUCTURE_LABEL_KEY_PREFIX_LENGTH`].
///
/// At Gateway `.spec.infrastructure.annotations` (standard, experimental); Gateway `.spec.infrastructure.labels` (standard, experimental).
pub const INFRASTRUCTURE_KEY_PREFIX_LENGTH: &str =
    r#"self.all(key, key.split("/")[0].size() < 253)"#;

/// At: see [`INFRASTRUCTURE_KEY_PREFIX_LENGTH`].
pub const INFRASTRUCTURE_ANNOTATION_KEY_PREFIX_LENGTH: Validation = Validation {
    message: r#"If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total."#,
    rule: INFRASTRUCTURE_KEY_PREFIX_LENGTH,
};

/// At: see [`INFRASTRUCTURE_KEY_PREFIX_LENGTH`].
pub const INFRASTRUCTURE_LABEL_KEY_PREFIX_LENGTH: Validation = Validation {
    message: r#"If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total."#,
    rule: INFRASTRUCTURE_KEY_PREFIX_LENGTH,
};

/// At Gateway `.spec.listeners` (standard, experimental); ListenerSet `.spec.listeners` (standard, experimental).
pub const LISTENER_TLS_FORBIDDEN: Validation = Validation {
    message: r#"tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"#,
    rule: r#"self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)"#,
};

/// At Gateway `.spec.listeners` (standard, experimental); ListenerSet `.spec.listeners` (standard, experimental).
pub const LISTENER_HTTPS_TLS_MODE: Validation = Validation {
    message: r#"tls mode must be Terminate for protocol HTTPS"#,
    rule: r#"self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)"#,
};

/// At Gateway `.spec.listeners` (standard, experimental); ListenerSet `.spec.listeners` (standard, experimental).
pub const LISTENER_TLS_MODE_SET: Validation = Validation {
    message: r#"tls mode must be set for protocol TLS"#,
    rule: r#"self.all(l, (l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode) && l.tls.mode != '' : true))"#,
};

/// At Gateway `.spec.listeners` (standard, experimental); ListenerSet `.spec.listeners` (standard, experimental).
pub const LISTENER_HOSTNAME_FORBIDDEN: Validation = Validation {
    message: r#"hostname must not be specified for protocols ['TCP', 'UDP']"#,
    rule: r#"self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) || l.hostname == '') : true)"#,
};

/// At Gateway `.spec.listeners` (standard, experimental); ListenerSet `.spec.listeners` (standard, experimental).
pub const LISTENER_NAME_UNIQUE: Validation = Validation {
    message: r#"Listener name must be unique within the Gateway"#,
    rule: r#"self.all(l1, self.exists_one(l2, l1.name == l2.name))"#,
};

/// At Gateway `.spec.listeners` (standard, experimental).
pub const GATEWAY_LISTENER_UNIQUE: Validation = Validation {
    message: r#"Combination of port, protocol and hostname must be unique for each listener"#,
    rule: r#"self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))"#,
};

/// At Gateway `.spec.listeners[*].tls` (standard, experimental); ListenerSet `.spec.listeners[*].tls` (standard, experimental).
pub const LISTENER_TLS_TERMINATE_CERTIFICATES: Validation = Validation {
    message: r#"certificateRefs or options must be specified when mode is Terminate"#,
    rule: r#"self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true"#,
};

/// At Gateway `.spec.tls.frontend.perPort` (standard, experimental).
pub const FRONTEND_PER_PORT_UNIQUE: Validation = Validation {
    message: r#"Port for TLS configuration must be unique within the Gateway"#,
    rule: r#"self.all(t1, self.exists_one(t2, t1.port == t2.port))"#,
};

/// At Gateway `.status.addresses[*]` (standard, experimental).
pub const STATUS_ADDRESS_HOSTNAME: Validation = Validation {
    message: concat!(
        r#"Hostname value must only contain valid characters (matching "#,
        hostname_pattern!(),
        r#")"#
    ),
    rule: concat!(
        r#"self.type == 'Hostname' ? self.value.matches(r""""#,
        hostname_pattern!(),
        r#""""): true"#
    ),
};

/// At GRPCRoute `.spec.parentRefs` (standard); HTTPRoute `.spec.parentRefs` (standard); TCPRoute `.spec.parentRefs` (standard); TLSRoute `.spec.parentRefs` (standard); UDPRoute `.spec.parentRefs` (standard).
pub const PARENT_REFS_SECTION_NAME_SPECIFIED: Validation = Validation {
    message: r#"sectionName must be specified when parentRefs includes 2 or more references to the same parent"#,
    rule: r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))"#,
};

/// At GRPCRoute `.spec.parentRefs` (standard); HTTPRoute `.spec.parentRefs` (standard); TCPRoute `.spec.parentRefs` (standard); TLSRoute `.spec.parentRefs` (standard); UDPRoute `.spec.parentRefs` (standard).
pub const PARENT_REFS_SECTION_NAME_UNIQUE: Validation = Validation {
    message: r#"sectionName must be unique when parentRefs includes 2 or more references to the same parent"#,
    rule: r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"#,
};

/// At GRPCRoute `.spec.rules` (standard, experimental).
pub const GRPC_RULES_MATCHES_TOTAL: Validation = Validation {
    message: r#"While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128"#,
    rule: r#"(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.size() : 0) : 0) + (self.size() > 1 ? (has(self[1].matches) ? self[1].matches.size() : 0) : 0) + (self.size() > 2 ? (has(self[2].matches) ? self[2].matches.size() : 0) : 0) + (self.size() > 3 ? (has(self[3].matches) ? self[3].matches.size() : 0) : 0) + (self.size() > 4 ? (has(self[4].matches) ? self[4].matches.size() : 0) : 0) + (self.size() > 5 ? (has(self[5].matches) ? self[5].matches.size() : 0) : 0) + (self.size() > 6 ? (has(self[6].matches) ? self[6].matches.size() : 0) : 0) + (self.size() > 7 ? (has(self[7].matches) ? self[7].matches.size() : 0) : 0) + (self.size() > 8 ? (has(self[8].matches) ? self[8].matches.size() : 0) : 0) + (self.size() > 9 ? (has(self[9].matches) ? self[9].matches.size() : 0) : 0) + (self.size() > 10 ? (has(self[10].matches) ? self[10].matches.size() : 0) : 0) + (self.size() > 11 ? (has(self[11].matches) ? self[11].matches.size() : 0) : 0) + (self.size() > 12 ? (has(self[12].matches) ? self[12].matches.size() : 0) : 0) + (self.size() > 13 ? (has(self[13].matches) ? self[13].matches.size() : 0) : 0) + (self.size() > 14 ? (has(self[14].matches) ? self[14].matches.size() : 0) : 0) + (self.size() > 15 ? (has(self[15].matches) ? self[15].matches.size() : 0) : 0) <= 128"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*]` (standard, experimental); GRPCRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.backendRef` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*].requestMirror.backendRef` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth.backendRef` (experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.backendRef` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].externalAuth.backendRef` (experimental); HTTPRoute `.spec.rules[*].filters[*].requestMirror.backendRef` (standard, experimental); TCPRoute `.spec.rules[*].backendRefs[*]` (standard, experimental); TLSRoute `.spec.rules[*].backendRefs[*]` (standard, experimental); UDPRoute `.spec.rules[*].backendRefs[*]` (standard, experimental).
pub const BACKEND_REF_SERVICE_PORT: Validation = Validation {
    message: r#"Must have port for Service reference"#,
    rule: r#"(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); GRPCRoute `.spec.rules[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].filters` (standard, experimental).
pub const FILTER_REQUEST_HEADER_MODIFIER_ONCE: Validation = Validation {
    message: r#"RequestHeaderModifier filter cannot be repeated"#,
    rule: r#"self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); GRPCRoute `.spec.rules[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].filters` (standard, experimental).
pub const FILTER_RESPONSE_HEADER_MODIFIER_ONCE: Validation = Validation {
    message: r#"ResponseHeaderModifier filter cannot be repeated"#,
    rule: r#"self.filter(f, f.type == 'ResponseHeaderModifier').size() <= 1"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier"#,
    rule: r#"!(has(self.requestHeaderModifier) && self.type != 'RequestHeaderModifier')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const REQUEST_HEADER_MODIFIER_FOR_TYPE: Validation = Validation {
    message: r#"filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type"#,
    rule: r#"!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier"#,
    rule: r#"!(has(self.responseHeaderModifier) && self.type != 'ResponseHeaderModifier')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const RESPONSE_HEADER_MODIFIER_FOR_TYPE: Validation = Validation {
    message: r#"filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type"#,
    rule: r#"!(!has(self.responseHeaderModifier) && self.type == 'ResponseHeaderModifier')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const REQUEST_MIRROR_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.requestMirror must be nil if the filter.type is not RequestMirror"#,
    rule: r#"!(has(self.requestMirror) && self.type != 'RequestMirror')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const REQUEST_MIRROR_FOR_TYPE: Validation = Validation {
    message: r#"filter.requestMirror must be specified for RequestMirror filter.type"#,
    rule: r#"!(!has(self.requestMirror) && self.type == 'RequestMirror')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const EXTENSION_REF_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.extensionRef must be nil if the filter.type is not ExtensionRef"#,
    rule: r#"!(has(self.extensionRef) && self.type != 'ExtensionRef')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const EXTENSION_REF_FOR_TYPE: Validation = Validation {
    message: r#"filter.extensionRef must be specified for ExtensionRef filter.type"#,
    rule: r#"!(!has(self.extensionRef) && self.type == 'ExtensionRef')"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*].requestMirror` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].requestMirror` (standard, experimental).
pub const MIRROR_PERCENT_OR_FRACTION: Validation = Validation {
    message: r#"Only one of percent or fraction may be specified in HTTPRequestMirrorFilter"#,
    rule: r#"!(has(self.percent) && has(self.fraction))"#,
};

/// At GRPCRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.fraction` (standard, experimental); GRPCRoute `.spec.rules[*].filters[*].requestMirror.fraction` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.fraction` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].requestMirror.fraction` (standard, experimental).
pub const FRACTION_AT_MOST_ONE: Validation = Validation {
    message: r#"numerator must be less than or equal to denominator"#,
    rule: r#"self.numerator <= self.denominator"#,
};

/// At GRPCRoute `.spec.rules[*].matches[*].method` (standard, experimental).
pub const GRPC_METHOD_SERVICE_OR_METHOD: Validation = Validation {
    message: r#"One or both of 'service' or 'method' must be specified"#,
    rule: r#"has(self.type) ? has(self.service) || has(self.method) : true"#,
};

/// At GRPCRoute `.spec.rules[*].matches[*].method` (standard, experimental).
pub const GRPC_METHOD_SERVICE_CHARACTERS: Validation = Validation {
    message: r#"service must only contain valid characters (matching ^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$)"#,
    rule: r#"(!has(self.type) || self.type == 'Exact') && has(self.service) ? self.service.matches(r"""^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$"""): true"#,
};

/// At GRPCRoute `.spec.rules[*].matches[*].method` (standard, experimental).
pub const GRPC_METHOD_METHOD_CHARACTERS: Validation = Validation {
    message: r#"method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)"#,
    rule: r#"(!has(self.type) || self.type == 'Exact') && has(self.method) ? self.method.matches(r"""^[A-Za-z_][A-Za-z_0-9]*$"""): true"#,
};

/// At HTTPRoute `.spec.rules` (standard, experimental).
pub const HTTP_RULES_MATCHES_TOTAL: Validation = Validation {
    message: r#"While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128"#,
    rule: r#"(self.size() > 0 ? self[0].matches.size() : 0) + (self.size() > 1 ? self[1].matches.size() : 0) + (self.size() > 2 ? self[2].matches.size() : 0) + (self.size() > 3 ? self[3].matches.size() : 0) + (self.size() > 4 ? self[4].matches.size() : 0) + (self.size() > 5 ? self[5].matches.size() : 0) + (self.size() > 6 ? self[6].matches.size() : 0) + (self.size() > 7 ? self[7].matches.size() : 0) + (self.size() > 8 ? self[8].matches.size() : 0) + (self.size() > 9 ? self[9].matches.size() : 0) + (self.size() > 10 ? self[10].matches.size() : 0) + (self.size() > 11 ? self[11].matches.size() : 0) + (self.size() > 12 ? self[12].matches.size() : 0) + (self.size() > 13 ? self[13].matches.size() : 0) + (self.size() > 14 ? self[14].matches.size() : 0) + (self.size() > 15 ? self[15].matches.size() : 0) <= 128"#,
};

/// At HTTPRoute `.spec.rules[*]` (standard, experimental).
pub const HTTP_RULE_REDIRECT_WITHOUT_BACKENDS: Validation = Validation {
    message: r#"RequestRedirect filter must not be used together with backendRefs"#,
    rule: r#"(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters) || self.filters.all(f, !has(f.requestRedirect))): true"#,
};

/// At HTTPRoute `.spec.rules[*]` (standard, experimental).
pub const HTTP_RULE_REDIRECT_PREFIX_MATCH: Validation = Validation {
    message: r#"When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"#,
    rule: r#"(has(self.filters) && self.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#,
};

/// At HTTPRoute `.spec.rules[*]` (standard, experimental).
pub const HTTP_RULE_REWRITE_PREFIX_MATCH: Validation = Validation {
    message: r#"When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"#,
    rule: r#"(has(self.filters) && self.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#,
};

/// At HTTPRoute `.spec.rules[*]` (standard, experimental).
pub const HTTP_RULE_BACKEND_REDIRECT_PREFIX_MATCH: Validation = Validation {
    message: r#"Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"#,
    rule: r#"(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#,
};

/// At HTTPRoute `.spec.rules[*]` (standard, experimental).
pub const HTTP_RULE_BACKEND_REWRITE_PREFIX_MATCH: Validation = Validation {
    message: r#"Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"#,
    rule: r#"(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].filters` (standard, experimental).
pub const FILTERS_REDIRECT_OR_REWRITE: Validation = Validation {
    message: r#"May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both"#,
    rule: r#"!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].filters` (standard, experimental).
pub const FILTER_CORS_ONCE: Validation = Validation {
    message: r#"CORS filter cannot be repeated"#,
    rule: r#"self.filter(f, f.type == 'CORS').size() <= 1"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].filters` (standard, experimental).
pub const FILTER_REQUEST_REDIRECT_ONCE: Validation = Validation {
    message: r#"RequestRedirect filter cannot be repeated"#,
    rule: r#"self.filter(f, f.type == 'RequestRedirect').size() <= 1"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental); HTTPRoute `.spec.rules[*].filters` (standard, experimental).
pub const FILTER_URL_REWRITE_ONCE: Validation = Validation {
    message: r#"URLRewrite filter cannot be repeated"#,
    rule: r#"self.filter(f, f.type == 'URLRewrite').size() <= 1"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const CORS_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.cors must be nil if the filter.type is not CORS"#,
    rule: r#"!(has(self.cors) && self.type != 'CORS')"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const CORS_FOR_TYPE: Validation = Validation {
    message: r#"filter.cors must be specified for CORS filter.type"#,
    rule: r#"!(!has(self.cors) && self.type == 'CORS')"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const REQUEST_REDIRECT_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.requestRedirect must be nil if the filter.type is not RequestRedirect"#,
    rule: r#"!(has(self.requestRedirect) && self.type != 'RequestRedirect')"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const REQUEST_REDIRECT_FOR_TYPE: Validation = Validation {
    message: r#"filter.requestRedirect must be specified for RequestRedirect filter.type"#,
    rule: r#"!(!has(self.requestRedirect) && self.type == 'RequestRedirect')"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const URL_REWRITE_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.urlRewrite must be nil if the filter.type is not URLRewrite"#,
    rule: r#"!(has(self.urlRewrite) && self.type != 'URLRewrite')"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental).
pub const URL_REWRITE_FOR_TYPE: Validation = Validation {
    message: r#"filter.urlRewrite must be specified for URLRewrite filter.type"#,
    rule: r#"!(!has(self.urlRewrite) && self.type == 'URLRewrite')"#,
};

/// The CEL text shared by [`CORS_ALLOW_ORIGINS_WILDCARD_ALONE`], [`CORS_ALLOW_METHODS_WILDCARD_ALONE`], [`CORS_ALLOW_HEADERS_WILDCARD_ALONE`].
///
/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].cors.allowHeaders` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].cors.allowMethods` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].cors.allowOrigins` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].cors.allowHeaders` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].cors.allowMethods` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].cors.allowOrigins` (standard, experimental).
pub const CORS_WILDCARD_ALONE: &str = r#"!('*' in self && self.size() > 1)"#;

/// At: see [`CORS_WILDCARD_ALONE`].
pub const CORS_ALLOW_ORIGINS_WILDCARD_ALONE: Validation = Validation {
    message: r#"AllowOrigins cannot contain '*' alongside other origins"#,
    rule: CORS_WILDCARD_ALONE,
};

/// At: see [`CORS_WILDCARD_ALONE`].
pub const CORS_ALLOW_METHODS_WILDCARD_ALONE: Validation = Validation {
    message: r#"AllowMethods cannot contain '*' alongside other methods"#,
    rule: CORS_WILDCARD_ALONE,
};

/// At: see [`CORS_WILDCARD_ALONE`].
pub const CORS_ALLOW_HEADERS_WILDCARD_ALONE: Validation = Validation {
    message: r#"AllowHeaders cannot contain '*' alongside other methods"#,
    rule: CORS_WILDCARD_ALONE,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental).
pub const PATH_FULL_PATH_FOR_TYPE: Validation = Validation {
    message: r#"replaceFullPath must be specified when type is set to 'ReplaceFullPath'"#,
    rule: r#"self.type == 'ReplaceFullPath' ? has(self.replaceFullPath) : true"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental).
pub const PATH_FULL_PATH_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"type must be 'ReplaceFullPath' when replaceFullPath is set"#,
    rule: r#"has(self.replaceFullPath) ? self.type == 'ReplaceFullPath' : true"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental).
pub const PATH_PREFIX_MATCH_FOR_TYPE: Validation = Validation {
    message: r#"replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'"#,
    rule: r#"self.type == 'ReplacePrefixMatch' ? has(self.replacePrefixMatch) : true"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental); HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental).
pub const PATH_PREFIX_MATCH_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"type must be 'ReplacePrefixMatch' when replacePrefixMatch is set"#,
    rule: r#"has(self.replacePrefixMatch) ? self.type == 'ReplacePrefixMatch' : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_ABSOLUTE: Validation = Validation {
    message: r#"value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_DOUBLE_SLASH: Validation = Validation {
    message: r#"must not contain '//' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_DOT_SEGMENT: Validation = Validation {
    message: r#"must not contain '/./' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/./') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_DOT_DOT_SEGMENT: Validation = Validation {
    message: r#"must not contain '/../' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/../') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_ENCODED_SLASH_LOWER: Validation = Validation {
    message: r#"must not contain '%2f' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2f') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_ENCODED_SLASH_UPPER: Validation = Validation {
    message: r#"must not contain '%2F' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2F') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_FRAGMENT: Validation = Validation {
    message: r#"must not contain '#' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('#') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_TRAILING_DOT_DOT: Validation = Validation {
    message: r#"must not end with '/..' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/..') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_NO_TRAILING_DOT: Validation = Validation {
    message: r#"must not end with '/.' when type one of ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/.') : true"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_TYPE: Validation = Validation {
    message: r#"type must be one of ['Exact', 'PathPrefix', 'RegularExpression']"#,
    rule: r#"self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'"#,
};

/// At HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental).
pub const PATH_MATCH_CHARACTERS: Validation = Validation {
    message: r#"must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']"#,
    rule: r#"(self.type in ['Exact','PathPrefix']) ? self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""") : true"#,
};

/// At HTTPRoute `.spec.rules[*].timeouts` (standard, experimental).
pub const TIMEOUTS_BACKEND_REQUEST: Validation = Validation {
    message: r#"backendRequest timeout cannot be longer than request timeout"#,
    rule: r#"!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))"#,
};

/// At ListenerSet `.spec.listeners` (standard, experimental).
pub const LISTENER_SET_LISTENER_UNIQUE: Validation = Validation {
    message: r#"Combination of port, protocol and hostname must be unique for each listener"#,
    rule: r#"self.all(l1, !has(l1.port) || self.exists_one(l2, has(l2.port) && l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))"#,
};

/// At TLSRoute `.spec.hostnames` (standard, experimental).
pub const HOSTNAMES_NOT_IP: Validation = Validation {
    message: r#"Hostnames cannot contain an IP"#,
    rule: r#"self.all(h, !isIP(h))"#,
};

/// At TLSRoute `.spec.hostnames` (standard, experimental).
pub const HOSTNAMES_RFC_1123: Validation = Validation {
    message: r#"Hostnames must be valid based on RFC-1123"#,
    rule: r#"self.all(h, !h.contains('*') ? h.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$') : true)"#,
};

/// At TLSRoute `.spec.hostnames` (standard, experimental).
pub const HOSTNAMES_WILDCARD: Validation = Validation {
    message: r#"Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123"#,
    rule: r#"self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$')) : true)"#,
};

/// At GRPCRoute `.spec.parentRefs` (experimental); HTTPRoute `.spec.parentRefs` (experimental); TCPRoute `.spec.parentRefs` (experimental); TLSRoute `.spec.parentRefs` (experimental); UDPRoute `.spec.parentRefs` (experimental).
pub const PARENT_REFS_SECTION_NAME_OR_PORT_SPECIFIED: Validation = Validation {
    message: r#"sectionName or port must be specified when parentRefs includes 2 or more references to the same parent"#,
    rule: r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__)) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '') && (!has(p1.port) || p1.port == 0) == (!has(p2.port) || p2.port == 0)): true))"#,
};

/// At GRPCRoute `.spec.parentRefs` (experimental); HTTPRoute `.spec.parentRefs` (experimental); TCPRoute `.spec.parentRefs` (experimental); TLSRoute `.spec.parentRefs` (experimental); UDPRoute `.spec.parentRefs` (experimental).
pub const PARENT_REFS_SECTION_NAME_OR_PORT_UNIQUE: Validation = Validation {
    message: r#"sectionName or port must be unique when parentRefs includes 2 or more references to the same parent"#,
    rule: r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || ( has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName)) && (((!has(p1.port) || p1.port == 0) && (!has(p2.port) || p2.port == 0)) || (has(p1.port) && has(p2.port) && p1.port == p2.port))))"#,
};

/// At GRPCRoute `.spec.rules` (experimental); HTTPRoute `.spec.rules` (experimental); TCPRoute `.spec.rules` (experimental); TLSRoute `.spec.rules` (experimental); UDPRoute `.spec.rules` (experimental).
pub const RULE_NAME_UNIQUE: Validation = Validation {
    message: r#"Rule name must be unique within the route"#,
    rule: r#"self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))"#,
};

/// At GRPCRoute `.spec.rules[*].sessionPersistence` (experimental); HTTPRoute `.spec.rules[*].sessionPersistence` (experimental); XBackendTrafficPolicy `.spec.sessionPersistence` (experimental).
pub const SESSION_PERMANENT_ABSOLUTE_TIMEOUT: Validation = Validation {
    message: r#"AbsoluteTimeout must be specified when cookie lifetimeType is Permanent"#,
    rule: r#"!has(self.cookieConfig) || !has(self.cookieConfig.lifetimeType) || self.cookieConfig.lifetimeType != 'Permanent' || has(self.absoluteTimeout)"#,
};

/// At GRPCRoute `.spec.rules[*].sessionPersistence` (experimental); HTTPRoute `.spec.rules[*].sessionPersistence` (experimental); XBackendTrafficPolicy `.spec.sessionPersistence` (experimental).
pub const SESSION_COOKIE_CONFIG_TYPE: Validation = Validation {
    message: r#"cookieConfig can only be set with type Cookie"#,
    rule: r#"!has(self.cookieConfig) || self.type == 'Cookie'"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (experimental); HTTPRoute `.spec.rules[*].filters[*]` (experimental).
pub const EXTERNAL_AUTH_ONLY_FOR_TYPE: Validation = Validation {
    message: r#"filter.externalAuth must be nil if the filter.type is not ExternalAuth"#,
    rule: r#"!(has(self.externalAuth) && self.type != 'ExternalAuth')"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (experimental); HTTPRoute `.spec.rules[*].filters[*]` (experimental).
pub const EXTERNAL_AUTH_FOR_TYPE: Validation = Validation {
    message: r#"filter.externalAuth must be specified for ExternalAuth filter.type"#,
    rule: r#"!(!has(self.externalAuth) && self.type == 'ExternalAuth')"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental); HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental).
pub const EXTERNAL_AUTH_GRPC_FOR_PROTOCOL: Validation = Validation {
    message: r#"grpc must be specified when protocol is set to 'GRPC'"#,
    rule: r#"self.protocol == 'GRPC' ? has(self.grpc) : true"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental); HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental).
pub const EXTERNAL_AUTH_GRPC_ONLY_FOR_PROTOCOL: Validation = Validation {
    message: r#"protocol must be 'GRPC' when grpc is set"#,
    rule: r#"has(self.grpc) ? self.protocol == 'GRPC' : true"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental); HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental).
pub const EXTERNAL_AUTH_HTTP_FOR_PROTOCOL: Validation = Validation {
    message: r#"http must be specified when protocol is set to 'HTTP'"#,
    rule: r#"self.protocol == 'HTTP' ? has(self.http) : true"#,
};

/// At HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental); HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental).
pub const EXTERNAL_AUTH_HTTP_ONLY_FOR_PROTOCOL: Validation = Validation {
    message: r#"protocol must be 'HTTP' when http is set"#,
    rule: r#"has(self.http) ? self.protocol == 'HTTP' : true"#,
};

/// At XBackend `.spec` (experimental).
pub const XBACKEND_EXTERNAL_HOSTNAME: Validation = Validation {
    message: r#"externalHostname must be set when type is ExternalHostname and must be unset otherwise"#,
    rule: r#"self.type == 'ExternalHostname' ? has(self.externalHostname) : !has(self.externalHostname)"#,
};

/// At XBackend `.spec.externalHostname.hostname` (experimental).
pub const XBACKEND_HOSTNAME_NOT_CLUSTER_LOCAL: Validation = Validation {
    message: r#"hostname must not be an IP address or end with .cluster.local"#,
    rule: r#"!self.endsWith('.cluster.local')"#,
};

/// At XBackend `.spec.port.name` (experimental).
pub const XBACKEND_PORT_NAME: Validation = Validation {
    message: r#"Name must be a valid DNS label"#,
    rule: r#"size(self) == 0 || format.dns1123Label().validate(self) == null"#,
};

/// At XBackend `.spec.tls` (experimental).
pub const XBACKEND_TLS_CLIENT_CERTIFICATE: Validation = Validation {
    message: r#"clientCertificateRef must be set if and only if mode is ClientAndServer"#,
    rule: r#"self.mode == 'ClientAndServer' ? has(self.clientCertificateRef) : !has(self.clientCertificateRef)"#,
};

/// At XBackendTrafficPolicy `.spec.retryConstraint.budget.interval` (experimental).
pub const RETRY_BUDGET_INTERVAL: Validation = Validation {
    message: r#"interval cannot be greater than one hour or less than one second"#,
    rule: r#"!(duration(self) < duration('1s') || duration(self) > duration('1h'))"#,
};

/// At XBackendTrafficPolicy `.spec.retryConstraint.minRetryRate.interval` (experimental).
pub const MIN_RETRY_RATE_INTERVAL: Validation = Validation {
    message: r#"interval cannot be greater than one hour"#,
    rule: r#"!(duration(self) == duration('0s') || duration(self) > duration('1h'))"#,
};

/// The `parentRefs` rules of every route kind in the experimental channel (`sectionName` or `port`).
pub const PARENT_REFS: &[Validation] = &[
    PARENT_REFS_SECTION_NAME_OR_PORT_SPECIFIED,
    PARENT_REFS_SECTION_NAME_OR_PORT_UNIQUE,
];

/// The `parentRefs` rules of every route kind in the standard channel (`sectionName` only).
pub const PARENT_REFS_STANDARD: &[Validation] = &[
    PARENT_REFS_SECTION_NAME_SPECIFIED,
    PARENT_REFS_SECTION_NAME_UNIQUE,
];

/// The GRPCRoute rule and backendRef `filters` rules: each header modifier at most once.
pub const GRPC_FILTERS_ONCE: &[Validation] = &[
    FILTER_REQUEST_HEADER_MODIFIER_ONCE,
    FILTER_RESPONSE_HEADER_MODIFIER_ONCE,
];

/// The HTTPRoute rule and backendRef `filters` rules: redirect and rewrite exclusive, each core filter at most once.
pub const HTTP_FILTERS_ONCE: &[Validation] = &[
    FILTERS_REDIRECT_OR_REWRITE,
    FILTER_CORS_ONCE,
    FILTER_REQUEST_HEADER_MODIFIER_ONCE,
    FILTER_RESPONSE_HEADER_MODIFIER_ONCE,
    FILTER_REQUEST_REDIRECT_ONCE,
    FILTER_URL_REWRITE_ONCE,
];

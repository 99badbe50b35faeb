//! The exact CEL text of every distinct `x-kubernetes-validations` rule of the Gateway API v1.6.1
//! CRDs, both channels, as the API server receives it (YAML unescaped).
//!
//! Pure data with no dependencies. Each doc says the
//! rule's message and where it sits (kind, schema path, channels).

/// Message: "sectionName must be specified when targetRefs includes 2 or more references to the same target".
///
/// At:
/// - BackendTLSPolicy `.spec.targetRefs` (standard, experimental)
pub(crate) const TARGET_REFS_SECTION_NAME_SPECIFIED: &str = r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))"#;

/// Message: "sectionName must be unique when targetRefs includes 2 or more references to the same target".
///
/// At:
/// - BackendTLSPolicy `.spec.targetRefs` (standard, experimental)
pub(crate) const TARGET_REFS_SECTION_NAME_UNIQUE: &str = r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"#;

/// Message: "must not contain both CACertificateRefs and WellKnownCACertificates".
///
/// At:
/// - BackendTLSPolicy `.spec.validation` (standard, experimental)
/// - XBackend `.spec.tls.validation` (experimental)
pub(crate) const CA_CERTIFICATES_NOT_BOTH: &str = r#"!(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 && has(self.wellKnownCACertificates) && self.wellKnownCACertificates != "")"#;

/// Message: "must specify either CACertificateRefs or WellKnownCACertificates".
///
/// At:
/// - BackendTLSPolicy `.spec.validation` (standard, experimental)
/// - XBackend `.spec.tls.validation` (experimental)
pub(crate) const CA_CERTIFICATES_EITHER: &str = r#"(has(self.caCertificateRefs) && size(self.caCertificateRefs) > 0 || has(self.wellKnownCACertificates) && self.wellKnownCACertificates != "")"#;

/// Message: "SubjectAltName element must contain Hostname, if Type is set to Hostname".
///
/// At:
/// - BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental)
/// - XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental)
pub(crate) const SAN_HOSTNAME_REQUIRED: &str =
    r#"!(self.type == "Hostname" && (!has(self.hostname) || self.hostname == ""))"#;

/// Message: "SubjectAltName element must not contain Hostname, if Type is not set to Hostname".
///
/// At:
/// - BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental)
/// - XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental)
pub(crate) const SAN_HOSTNAME_FORBIDDEN: &str =
    r#"!(self.type != "Hostname" && has(self.hostname) && self.hostname != "")"#;

/// Message: "SubjectAltName element must contain URI, if Type is set to URI".
///
/// At:
/// - BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental)
/// - XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental)
pub(crate) const SAN_URI_REQUIRED: &str =
    r#"!(self.type == "URI" && (!has(self.uri) || self.uri == ""))"#;

/// Message: "SubjectAltName element must not contain URI, if Type is not set to URI".
///
/// At:
/// - BackendTLSPolicy `.spec.validation.subjectAltNames[*]` (standard, experimental)
/// - XBackend `.spec.tls.validation.subjectAltNames[*]` (experimental)
pub(crate) const SAN_URI_FORBIDDEN: &str =
    r#"!(self.type != "URI" && has(self.uri) && self.uri != "")"#;

/// Message: "Value is immutable".
///
/// At:
/// - GatewayClass `.spec.controllerName` (standard, experimental)
/// - XMesh `.spec.controllerName` (experimental)
pub(crate) const IMMUTABLE: &str = r#"self == oldSelf"#;

/// Message: "IPAddress values must be unique".
///
/// At:
/// - Gateway `.spec.addresses` (standard, experimental)
pub(crate) const ADDRESSES_IP_UNIQUE: &str = r#"self.all(a1, a1.type == 'IPAddress' && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )"#;

/// Message: "Hostname values must be unique".
///
/// At:
/// - Gateway `.spec.addresses` (standard, experimental)
pub(crate) const ADDRESSES_HOSTNAME_UNIQUE: &str = r#"self.all(a1, a1.type == 'Hostname'  && has(a1.value) ? self.exists_one(a2, a2.type == a1.type && has(a2.value) && a2.value == a1.value) : true )"#;

/// Message: "Hostname value must be empty or contain only valid characters (matching ^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)".
///
/// At:
/// - Gateway `.spec.addresses[*]` (standard, experimental)
pub(crate) const SPEC_ADDRESS_HOSTNAME: &str = r#"self.type == 'Hostname' ? (!has(self.value) || self.value.matches(r"""^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$""")): true"#;

/// Messages: "Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters."; "Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters.".
///
/// At:
/// - Gateway `.spec.infrastructure.annotations` (standard, experimental)
/// - Gateway `.spec.infrastructure.labels` (standard, experimental)
pub(crate) const INFRASTRUCTURE_KEY_FORMAT: &str = r#"self.all(key, key.matches(r"""^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$"""))"#;

/// Messages: "If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total."; "If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total.".
///
/// At:
/// - Gateway `.spec.infrastructure.annotations` (standard, experimental)
/// - Gateway `.spec.infrastructure.labels` (standard, experimental)
pub(crate) const INFRASTRUCTURE_KEY_PREFIX_LENGTH: &str =
    r#"self.all(key, key.split("/")[0].size() < 253)"#;

/// Message: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']".
///
/// At:
/// - Gateway `.spec.listeners` (standard, experimental)
/// - ListenerSet `.spec.listeners` (standard, experimental)
pub(crate) const LISTENER_TLS_FORBIDDEN: &str =
    r#"self.all(l, l.protocol in ['HTTP', 'TCP', 'UDP'] ? !has(l.tls) : true)"#;

/// Message: "tls mode must be Terminate for protocol HTTPS".
///
/// At:
/// - Gateway `.spec.listeners` (standard, experimental)
/// - ListenerSet `.spec.listeners` (standard, experimental)
pub(crate) const LISTENER_HTTPS_TLS_MODE: &str = r#"self.all(l, (l.protocol == 'HTTPS' && has(l.tls)) ? (l.tls.mode == '' || l.tls.mode == 'Terminate') : true)"#;

/// Message: "tls mode must be set for protocol TLS".
///
/// At:
/// - Gateway `.spec.listeners` (standard, experimental)
/// - ListenerSet `.spec.listeners` (standard, experimental)
pub(crate) const LISTENER_TLS_MODE_SET: &str = r#"self.all(l, (l.protocol == 'TLS' ? has(l.tls) && has(l.tls.mode) && l.tls.mode != '' : true))"#;

/// Message: "hostname must not be specified for protocols ['TCP', 'UDP']".
///
/// At:
/// - Gateway `.spec.listeners` (standard, experimental)
/// - ListenerSet `.spec.listeners` (standard, experimental)
pub(crate) const LISTENER_HOSTNAME_FORBIDDEN: &str =
    r#"self.all(l, l.protocol in ['TCP', 'UDP']  ? (!has(l.hostname) || l.hostname == '') : true)"#;

/// Message: "Listener name must be unique within the Gateway".
///
/// At:
/// - Gateway `.spec.listeners` (standard, experimental)
/// - ListenerSet `.spec.listeners` (standard, experimental)
pub(crate) const LISTENER_NAME_UNIQUE: &str =
    r#"self.all(l1, self.exists_one(l2, l1.name == l2.name))"#;

/// Message: "Combination of port, protocol and hostname must be unique for each listener".
///
/// At:
/// - Gateway `.spec.listeners` (standard, experimental)
pub(crate) const GATEWAY_LISTENER_UNIQUE: &str = r#"self.all(l1, self.exists_one(l2, l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))"#;

/// Message: "certificateRefs or options must be specified when mode is Terminate".
///
/// At:
/// - Gateway `.spec.listeners[*].tls` (standard, experimental)
/// - ListenerSet `.spec.listeners[*].tls` (standard, experimental)
pub(crate) const LISTENER_TLS_TERMINATE_CERTIFICATES: &str =
    r#"self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true"#;

/// Message: "Port for TLS configuration must be unique within the Gateway".
///
/// At:
/// - Gateway `.spec.tls.frontend.perPort` (standard, experimental)
pub(crate) const FRONTEND_PER_PORT_UNIQUE: &str =
    r#"self.all(t1, self.exists_one(t2, t1.port == t2.port))"#;

/// Message: "Hostname value must only contain valid characters (matching ^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)".
///
/// At:
/// - Gateway `.status.addresses[*]` (standard, experimental)
pub(crate) const STATUS_ADDRESS_HOSTNAME: &str = r#"self.type == 'Hostname' ? self.value.matches(r"""^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"""): true"#;

/// Message: "sectionName must be specified when parentRefs includes 2 or more references to the same parent".
///
/// At:
/// - GRPCRoute `.spec.parentRefs` (standard)
/// - HTTPRoute `.spec.parentRefs` (standard)
/// - TCPRoute `.spec.parentRefs` (standard)
/// - TLSRoute `.spec.parentRefs` (standard)
/// - UDPRoute `.spec.parentRefs` (standard)
pub(crate) const PARENT_REFS_SECTION_NAME_SPECIFIED: &str = r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))"#;

/// Message: "sectionName must be unique when parentRefs includes 2 or more references to the same parent".
///
/// At:
/// - GRPCRoute `.spec.parentRefs` (standard)
/// - HTTPRoute `.spec.parentRefs` (standard)
/// - TCPRoute `.spec.parentRefs` (standard)
/// - TLSRoute `.spec.parentRefs` (standard)
/// - UDPRoute `.spec.parentRefs` (standard)
pub(crate) const PARENT_REFS_SECTION_NAME_UNIQUE: &str = r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || (has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName))))"#;

/// Message: "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128".
///
/// At:
/// - GRPCRoute `.spec.rules` (standard, experimental)
pub(crate) const GRPC_RULES_MATCHES_TOTAL: &str = r#"(self.size() > 0 ? (has(self[0].matches) ? self[0].matches.size() : 0) : 0) + (self.size() > 1 ? (has(self[1].matches) ? self[1].matches.size() : 0) : 0) + (self.size() > 2 ? (has(self[2].matches) ? self[2].matches.size() : 0) : 0) + (self.size() > 3 ? (has(self[3].matches) ? self[3].matches.size() : 0) : 0) + (self.size() > 4 ? (has(self[4].matches) ? self[4].matches.size() : 0) : 0) + (self.size() > 5 ? (has(self[5].matches) ? self[5].matches.size() : 0) : 0) + (self.size() > 6 ? (has(self[6].matches) ? self[6].matches.size() : 0) : 0) + (self.size() > 7 ? (has(self[7].matches) ? self[7].matches.size() : 0) : 0) + (self.size() > 8 ? (has(self[8].matches) ? self[8].matches.size() : 0) : 0) + (self.size() > 9 ? (has(self[9].matches) ? self[9].matches.size() : 0) : 0) + (self.size() > 10 ? (has(self[10].matches) ? self[10].matches.size() : 0) : 0) + (self.size() > 11 ? (has(self[11].matches) ? self[11].matches.size() : 0) : 0) + (self.size() > 12 ? (has(self[12].matches) ? self[12].matches.size() : 0) : 0) + (self.size() > 13 ? (has(self[13].matches) ? self[13].matches.size() : 0) : 0) + (self.size() > 14 ? (has(self[14].matches) ? self[14].matches.size() : 0) : 0) + (self.size() > 15 ? (has(self[15].matches) ? self[15].matches.size() : 0) : 0) <= 128"#;

/// Message: "Must have port for Service reference".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.backendRef` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*].requestMirror.backendRef` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth.backendRef` (experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.backendRef` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].externalAuth.backendRef` (experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].requestMirror.backendRef` (standard, experimental)
/// - TCPRoute `.spec.rules[*].backendRefs[*]` (standard, experimental)
/// - TLSRoute `.spec.rules[*].backendRefs[*]` (standard, experimental)
/// - UDPRoute `.spec.rules[*].backendRefs[*]` (standard, experimental)
pub(crate) const BACKEND_REF_SERVICE_PORT: &str =
    r#"(size(self.group) == 0 && self.kind == 'Service') ? has(self.port) : true"#;

/// Message: "RequestHeaderModifier filter cannot be repeated".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters` (standard, experimental)
pub(crate) const FILTER_REQUEST_HEADER_MODIFIER_ONCE: &str =
    r#"self.filter(f, f.type == 'RequestHeaderModifier').size() <= 1"#;

/// Message: "ResponseHeaderModifier filter cannot be repeated".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters` (standard, experimental)
pub(crate) const FILTER_RESPONSE_HEADER_MODIFIER_ONCE: &str =
    r#"self.filter(f, f.type == 'ResponseHeaderModifier').size() <= 1"#;

/// Message: "filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const REQUEST_HEADER_MODIFIER_ONLY_FOR_TYPE: &str =
    r#"!(has(self.requestHeaderModifier) && self.type != 'RequestHeaderModifier')"#;

/// Message: "filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const REQUEST_HEADER_MODIFIER_FOR_TYPE: &str =
    r#"!(!has(self.requestHeaderModifier) && self.type == 'RequestHeaderModifier')"#;

/// Message: "filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const RESPONSE_HEADER_MODIFIER_ONLY_FOR_TYPE: &str =
    r#"!(has(self.responseHeaderModifier) && self.type != 'ResponseHeaderModifier')"#;

/// Message: "filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const RESPONSE_HEADER_MODIFIER_FOR_TYPE: &str =
    r#"!(!has(self.responseHeaderModifier) && self.type == 'ResponseHeaderModifier')"#;

/// Message: "filter.requestMirror must be nil if the filter.type is not RequestMirror".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const REQUEST_MIRROR_ONLY_FOR_TYPE: &str =
    r#"!(has(self.requestMirror) && self.type != 'RequestMirror')"#;

/// Message: "filter.requestMirror must be specified for RequestMirror filter.type".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const REQUEST_MIRROR_FOR_TYPE: &str =
    r#"!(!has(self.requestMirror) && self.type == 'RequestMirror')"#;

/// Message: "filter.extensionRef must be nil if the filter.type is not ExtensionRef".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const EXTENSION_REF_ONLY_FOR_TYPE: &str =
    r#"!(has(self.extensionRef) && self.type != 'ExtensionRef')"#;

/// Message: "filter.extensionRef must be specified for ExtensionRef filter.type".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const EXTENSION_REF_FOR_TYPE: &str =
    r#"!(!has(self.extensionRef) && self.type == 'ExtensionRef')"#;

/// Message: "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*].requestMirror` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].requestMirror` (standard, experimental)
pub(crate) const MIRROR_PERCENT_OR_FRACTION: &str = r#"!(has(self.percent) && has(self.fraction))"#;

/// Message: "numerator must be less than or equal to denominator".
///
/// At:
/// - GRPCRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.fraction` (standard, experimental)
/// - GRPCRoute `.spec.rules[*].filters[*].requestMirror.fraction` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestMirror.fraction` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].requestMirror.fraction` (standard, experimental)
pub(crate) const FRACTION_AT_MOST_ONE: &str = r#"self.numerator <= self.denominator"#;

/// Message: "One or both of 'service' or 'method' must be specified".
///
/// At:
/// - GRPCRoute `.spec.rules[*].matches[*].method` (standard, experimental)
pub(crate) const GRPC_METHOD_SERVICE_OR_METHOD: &str =
    r#"has(self.type) ? has(self.service) || has(self.method) : true"#;

/// Message: "service must only contain valid characters (matching ^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$)".
///
/// At:
/// - GRPCRoute `.spec.rules[*].matches[*].method` (standard, experimental)
pub(crate) const GRPC_METHOD_SERVICE_CHARACTERS: &str = r#"(!has(self.type) || self.type == 'Exact') && has(self.service) ? self.service.matches(r"""^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$"""): true"#;

/// Message: "method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)".
///
/// At:
/// - GRPCRoute `.spec.rules[*].matches[*].method` (standard, experimental)
pub(crate) const GRPC_METHOD_METHOD_CHARACTERS: &str = r#"(!has(self.type) || self.type == 'Exact') && has(self.method) ? self.method.matches(r"""^[A-Za-z_][A-Za-z_0-9]*$"""): true"#;

/// Message: "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128".
///
/// At:
/// - HTTPRoute `.spec.rules` (standard, experimental)
pub(crate) const HTTP_RULES_MATCHES_TOTAL: &str = r#"(self.size() > 0 ? self[0].matches.size() : 0) + (self.size() > 1 ? self[1].matches.size() : 0) + (self.size() > 2 ? self[2].matches.size() : 0) + (self.size() > 3 ? self[3].matches.size() : 0) + (self.size() > 4 ? self[4].matches.size() : 0) + (self.size() > 5 ? self[5].matches.size() : 0) + (self.size() > 6 ? self[6].matches.size() : 0) + (self.size() > 7 ? self[7].matches.size() : 0) + (self.size() > 8 ? self[8].matches.size() : 0) + (self.size() > 9 ? self[9].matches.size() : 0) + (self.size() > 10 ? self[10].matches.size() : 0) + (self.size() > 11 ? self[11].matches.size() : 0) + (self.size() > 12 ? self[12].matches.size() : 0) + (self.size() > 13 ? self[13].matches.size() : 0) + (self.size() > 14 ? self[14].matches.size() : 0) + (self.size() > 15 ? self[15].matches.size() : 0) <= 128"#;

/// Message: "RequestRedirect filter must not be used together with backendRefs".
///
/// At:
/// - HTTPRoute `.spec.rules[*]` (standard, experimental)
pub(crate) const HTTP_RULE_REDIRECT_WITHOUT_BACKENDS: &str = r#"(has(self.backendRefs) && size(self.backendRefs) > 0) ? (!has(self.filters) || self.filters.all(f, !has(f.requestRedirect))): true"#;

/// Message: "When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified".
///
/// At:
/// - HTTPRoute `.spec.rules[*]` (standard, experimental)
pub(crate) const HTTP_RULE_REDIRECT_PREFIX_MATCH: &str = r#"(has(self.filters) && self.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#;

/// Message: "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified".
///
/// At:
/// - HTTPRoute `.spec.rules[*]` (standard, experimental)
pub(crate) const HTTP_RULE_REWRITE_PREFIX_MATCH: &str = r#"(has(self.filters) && self.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#;

/// Message: "Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified".
///
/// At:
/// - HTTPRoute `.spec.rules[*]` (standard, experimental)
pub(crate) const HTTP_RULE_BACKEND_REDIRECT_PREFIX_MATCH: &str = r#"(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.requestRedirect) && has(f.requestRedirect.path) && f.requestRedirect.path.type == 'ReplacePrefixMatch' && has(f.requestRedirect.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#;

/// Message: "Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified".
///
/// At:
/// - HTTPRoute `.spec.rules[*]` (standard, experimental)
pub(crate) const HTTP_RULE_BACKEND_REWRITE_PREFIX_MATCH: &str = r#"(has(self.backendRefs) && self.backendRefs.exists_one(b, (has(b.filters) && b.filters.exists_one(f, has(f.urlRewrite) && has(f.urlRewrite.path) && f.urlRewrite.path.type == 'ReplacePrefixMatch' && has(f.urlRewrite.path.replacePrefixMatch))) )) ? ((size(self.matches) != 1 || !has(self.matches[0].path) || self.matches[0].path.type != 'PathPrefix') ? false : true) : true"#;

/// Message: "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters` (standard, experimental)
pub(crate) const FILTERS_REDIRECT_OR_REWRITE: &str =
    r#"!(self.exists(f, f.type == 'RequestRedirect') && self.exists(f, f.type == 'URLRewrite'))"#;

/// Message: "CORS filter cannot be repeated".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters` (standard, experimental)
pub(crate) const FILTER_CORS_ONCE: &str = r#"self.filter(f, f.type == 'CORS').size() <= 1"#;

/// Message: "RequestRedirect filter cannot be repeated".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters` (standard, experimental)
pub(crate) const FILTER_REQUEST_REDIRECT_ONCE: &str =
    r#"self.filter(f, f.type == 'RequestRedirect').size() <= 1"#;

/// Message: "URLRewrite filter cannot be repeated".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters` (standard, experimental)
pub(crate) const FILTER_URL_REWRITE_ONCE: &str =
    r#"self.filter(f, f.type == 'URLRewrite').size() <= 1"#;

/// Message: "filter.cors must be nil if the filter.type is not CORS".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const CORS_ONLY_FOR_TYPE: &str = r#"!(has(self.cors) && self.type != 'CORS')"#;

/// Message: "filter.cors must be specified for CORS filter.type".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const CORS_FOR_TYPE: &str = r#"!(!has(self.cors) && self.type == 'CORS')"#;

/// Message: "filter.requestRedirect must be nil if the filter.type is not RequestRedirect".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const REQUEST_REDIRECT_ONLY_FOR_TYPE: &str =
    r#"!(has(self.requestRedirect) && self.type != 'RequestRedirect')"#;

/// Message: "filter.requestRedirect must be specified for RequestRedirect filter.type".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const REQUEST_REDIRECT_FOR_TYPE: &str =
    r#"!(!has(self.requestRedirect) && self.type == 'RequestRedirect')"#;

/// Message: "filter.urlRewrite must be nil if the filter.type is not URLRewrite".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const URL_REWRITE_ONLY_FOR_TYPE: &str =
    r#"!(has(self.urlRewrite) && self.type != 'URLRewrite')"#;

/// Message: "filter.urlRewrite must be specified for URLRewrite filter.type".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (standard, experimental)
pub(crate) const URL_REWRITE_FOR_TYPE: &str =
    r#"!(!has(self.urlRewrite) && self.type == 'URLRewrite')"#;

/// Messages: "AllowHeaders cannot contain '*' alongside other methods"; "AllowMethods cannot contain '*' alongside other methods"; "AllowOrigins cannot contain '*' alongside other origins".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].cors.allowHeaders` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].cors.allowMethods` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].cors.allowOrigins` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].cors.allowHeaders` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].cors.allowMethods` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].cors.allowOrigins` (standard, experimental)
pub(crate) const CORS_WILDCARD_ALONE: &str = r#"!('*' in self && self.size() > 1)"#;

/// Message: "replaceFullPath must be specified when type is set to 'ReplaceFullPath'".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental)
pub(crate) const PATH_FULL_PATH_FOR_TYPE: &str =
    r#"self.type == 'ReplaceFullPath' ? has(self.replaceFullPath) : true"#;

/// Message: "type must be 'ReplaceFullPath' when replaceFullPath is set".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental)
pub(crate) const PATH_FULL_PATH_ONLY_FOR_TYPE: &str =
    r#"has(self.replaceFullPath) ? self.type == 'ReplaceFullPath' : true"#;

/// Message: "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental)
pub(crate) const PATH_PREFIX_MATCH_FOR_TYPE: &str =
    r#"self.type == 'ReplacePrefixMatch' ? has(self.replacePrefixMatch) : true"#;

/// Message: "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].urlRewrite.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].requestRedirect.path` (standard, experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].urlRewrite.path` (standard, experimental)
pub(crate) const PATH_PREFIX_MATCH_ONLY_FOR_TYPE: &str =
    r#"has(self.replacePrefixMatch) ? self.type == 'ReplacePrefixMatch' : true"#;

/// Message: "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_ABSOLUTE: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? self.value.startsWith('/') : true"#;

/// Message: "must not contain '//' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_DOUBLE_SLASH: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('//') : true"#;

/// Message: "must not contain '/./' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_DOT_SEGMENT: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/./') : true"#;

/// Message: "must not contain '/../' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_DOT_DOT_SEGMENT: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('/../') : true"#;

/// Message: "must not contain '%2f' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_ENCODED_SLASH_LOWER: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2f') : true"#;

/// Message: "must not contain '%2F' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_ENCODED_SLASH_UPPER: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('%2F') : true"#;

/// Message: "must not contain '#' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_FRAGMENT: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.contains('#') : true"#;

/// Message: "must not end with '/..' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_TRAILING_DOT_DOT: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/..') : true"#;

/// Message: "must not end with '/.' when type one of ['Exact', 'PathPrefix']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_NO_TRAILING_DOT: &str =
    r#"(self.type in ['Exact','PathPrefix']) ? !self.value.endsWith('/.') : true"#;

/// Message: "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_TYPE: &str =
    r#"self.type in ['Exact','PathPrefix'] || self.type == 'RegularExpression'"#;

/// Message: "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]".
///
/// At:
/// - HTTPRoute `.spec.rules[*].matches[*].path` (standard, experimental)
pub(crate) const PATH_MATCH_CHARACTERS: &str = r#"(self.type in ['Exact','PathPrefix']) ? self.value.matches(r"""^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$""") : true"#;

/// Message: "backendRequest timeout cannot be longer than request timeout".
///
/// At:
/// - HTTPRoute `.spec.rules[*].timeouts` (standard, experimental)
pub(crate) const TIMEOUTS_BACKEND_REQUEST: &str = r#"!(has(self.request) && has(self.backendRequest) && duration(self.request) != duration('0s') && duration(self.backendRequest) > duration(self.request))"#;

/// Message: "Combination of port, protocol and hostname must be unique for each listener".
///
/// At:
/// - ListenerSet `.spec.listeners` (standard, experimental)
pub(crate) const LISTENER_SET_LISTENER_UNIQUE: &str = r#"self.all(l1, !has(l1.port) || self.exists_one(l2, has(l2.port) && l1.port == l2.port && l1.protocol == l2.protocol && (has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) && !has(l2.hostname))))"#;

/// Message: "Hostnames cannot contain an IP".
///
/// At:
/// - TLSRoute `.spec.hostnames` (standard, experimental)
pub(crate) const HOSTNAMES_NOT_IP: &str = r#"self.all(h, !isIP(h))"#;

/// Message: "Hostnames must be valid based on RFC-1123".
///
/// At:
/// - TLSRoute `.spec.hostnames` (standard, experimental)
pub(crate) const HOSTNAMES_RFC_1123: &str = r#"self.all(h, !h.contains('*') ? h.matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$') : true)"#;

/// Message: "Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123".
///
/// At:
/// - TLSRoute `.spec.hostnames` (standard, experimental)
pub(crate) const HOSTNAMES_WILDCARD: &str = r#"self.all(h, h.contains('*') ? (h.startsWith('*.') && h.substring(2).matches('^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$')) : true)"#;

/// Message: "sectionName or port must be specified when parentRefs includes 2 or more references to the same parent".
///
/// At:
/// - GRPCRoute `.spec.parentRefs` (experimental)
/// - HTTPRoute `.spec.parentRefs` (experimental)
/// - TCPRoute `.spec.parentRefs` (experimental)
/// - TLSRoute `.spec.parentRefs` (experimental)
/// - UDPRoute `.spec.parentRefs` (experimental)
pub(crate) const PARENT_REFS_SECTION_NAME_OR_PORT_SPECIFIED: &str = r#"self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__)) ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '') && (!has(p1.port) || p1.port == 0) == (!has(p2.port) || p2.port == 0)): true))"#;

/// Message: "sectionName or port must be unique when parentRefs includes 2 or more references to the same parent".
///
/// At:
/// - GRPCRoute `.spec.parentRefs` (experimental)
/// - HTTPRoute `.spec.parentRefs` (experimental)
/// - TCPRoute `.spec.parentRefs` (experimental)
/// - TLSRoute `.spec.parentRefs` (experimental)
/// - UDPRoute `.spec.parentRefs` (experimental)
pub(crate) const PARENT_REFS_SECTION_NAME_OR_PORT_UNIQUE: &str = r#"self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (((!has(p1.__namespace__) || p1.__namespace__ == '') && (!has(p2.__namespace__) || p2.__namespace__ == '')) || (has(p1.__namespace__) && has(p2.__namespace__) && p1.__namespace__ == p2.__namespace__ )) && (((!has(p1.sectionName) || p1.sectionName == '') && (!has(p2.sectionName) || p2.sectionName == '')) || ( has(p1.sectionName) && has(p2.sectionName) && p1.sectionName == p2.sectionName)) && (((!has(p1.port) || p1.port == 0) && (!has(p2.port) || p2.port == 0)) || (has(p1.port) && has(p2.port) && p1.port == p2.port))))"#;

/// Message: "Rule name must be unique within the route".
///
/// At:
/// - GRPCRoute `.spec.rules` (experimental)
/// - HTTPRoute `.spec.rules` (experimental)
/// - TCPRoute `.spec.rules` (experimental)
/// - TLSRoute `.spec.rules` (experimental)
/// - UDPRoute `.spec.rules` (experimental)
pub(crate) const RULE_NAME_UNIQUE: &str =
    r#"self.all(l1, !has(l1.name) || self.exists_one(l2, has(l2.name) && l1.name == l2.name))"#;

/// Message: "AbsoluteTimeout must be specified when cookie lifetimeType is Permanent".
///
/// At:
/// - GRPCRoute `.spec.rules[*].sessionPersistence` (experimental)
/// - HTTPRoute `.spec.rules[*].sessionPersistence` (experimental)
/// - XBackendTrafficPolicy `.spec.sessionPersistence` (experimental)
pub(crate) const SESSION_PERMANENT_ABSOLUTE_TIMEOUT: &str = r#"!has(self.cookieConfig) || !has(self.cookieConfig.lifetimeType) || self.cookieConfig.lifetimeType != 'Permanent' || has(self.absoluteTimeout)"#;

/// Message: "cookieConfig can only be set with type Cookie".
///
/// At:
/// - GRPCRoute `.spec.rules[*].sessionPersistence` (experimental)
/// - HTTPRoute `.spec.rules[*].sessionPersistence` (experimental)
/// - XBackendTrafficPolicy `.spec.sessionPersistence` (experimental)
pub(crate) const SESSION_COOKIE_CONFIG_TYPE: &str =
    r#"!has(self.cookieConfig) || self.type == 'Cookie'"#;

/// Message: "filter.externalAuth must be nil if the filter.type is not ExternalAuth".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (experimental)
pub(crate) const EXTERNAL_AUTH_ONLY_FOR_TYPE: &str =
    r#"!(has(self.externalAuth) && self.type != 'ExternalAuth')"#;

/// Message: "filter.externalAuth must be specified for ExternalAuth filter.type".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*]` (experimental)
/// - HTTPRoute `.spec.rules[*].filters[*]` (experimental)
pub(crate) const EXTERNAL_AUTH_FOR_TYPE: &str =
    r#"!(!has(self.externalAuth) && self.type == 'ExternalAuth')"#;

/// Message: "grpc must be specified when protocol is set to 'GRPC'".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental)
pub(crate) const EXTERNAL_AUTH_GRPC_FOR_PROTOCOL: &str =
    r#"self.protocol == 'GRPC' ? has(self.grpc) : true"#;

/// Message: "protocol must be 'GRPC' when grpc is set".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental)
pub(crate) const EXTERNAL_AUTH_GRPC_ONLY_FOR_PROTOCOL: &str =
    r#"has(self.grpc) ? self.protocol == 'GRPC' : true"#;

/// Message: "http must be specified when protocol is set to 'HTTP'".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental)
pub(crate) const EXTERNAL_AUTH_HTTP_FOR_PROTOCOL: &str =
    r#"self.protocol == 'HTTP' ? has(self.http) : true"#;

/// Message: "protocol must be 'HTTP' when http is set".
///
/// At:
/// - HTTPRoute `.spec.rules[*].backendRefs[*].filters[*].externalAuth` (experimental)
/// - HTTPRoute `.spec.rules[*].filters[*].externalAuth` (experimental)
pub(crate) const EXTERNAL_AUTH_HTTP_ONLY_FOR_PROTOCOL: &str =
    r#"has(self.http) ? self.protocol == 'HTTP' : true"#;

/// Message: "externalHostname must be set when type is ExternalHostname and must be unset otherwise".
///
/// At:
/// - XBackend `.spec` (experimental)
pub(crate) const XBACKEND_EXTERNAL_HOSTNAME: &str =
    r#"self.type == 'ExternalHostname' ? has(self.externalHostname) : !has(self.externalHostname)"#;

/// Message: "hostname must not be an IP address or end with .cluster.local".
///
/// At:
/// - XBackend `.spec.externalHostname.hostname` (experimental)
pub(crate) const XBACKEND_HOSTNAME_NOT_CLUSTER_LOCAL: &str = r#"!self.endsWith('.cluster.local')"#;

/// Message: "Name must be a valid DNS label".
///
/// At:
/// - XBackend `.spec.port.name` (experimental)
pub(crate) const XBACKEND_PORT_NAME: &str =
    r#"size(self) == 0 || format.dns1123Label().validate(self) == null"#;

/// Message: "clientCertificateRef must be set if and only if mode is ClientAndServer".
///
/// At:
/// - XBackend `.spec.tls` (experimental)
pub(crate) const XBACKEND_TLS_CLIENT_CERTIFICATE: &str = r#"self.mode == 'ClientAndServer' ? has(self.clientCertificateRef) : !has(self.clientCertificateRef)"#;

/// Message: "interval cannot be greater than one hour or less than one second".
///
/// At:
/// - XBackendTrafficPolicy `.spec.retryConstraint.budget.interval` (experimental)
pub(crate) const RETRY_BUDGET_INTERVAL: &str =
    r#"!(duration(self) < duration('1s') || duration(self) > duration('1h'))"#;

/// Message: "interval cannot be greater than one hour".
///
/// At:
/// - XBackendTrafficPolicy `.spec.retryConstraint.minRetryRate.interval` (experimental)
pub(crate) const MIN_RETRY_RATE_INTERVAL: &str =
    r#"!(duration(self) == duration('0s') || duration(self) > duration('1h'))"#;

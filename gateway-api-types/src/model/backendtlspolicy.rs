//! Spec of BackendTLSPolicy, which tells a Gateway how to connect to a backend over TLS and
//! verify its certificate.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of a BackendTLSPolicy: what it targets and how backend certificates are checked.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct BackendTlsPolicySpec {
    /// Extra TLS settings as key/value pairs, at most 16 (for example a minimum TLS version).
    /// Implementation-defined keys must be domain-prefixed, such as "example.com/my-option";
    /// unprefixed keys are reserved for Gateway API.
    /// Support: Implementation-specific.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        with = "Option<BTreeMap<String, AnnotationValueSchema>>",
        extend("maxProperties" = 16)
    ))]
    pub options: Option<BTreeMap<String, String>>,

    /// Objects whose backend connections this policy configures, usually Services; 1 to 16.
    /// Entries must differ by group, kind and name, or by `sectionName` on the same object. Among
    /// policies with the same target and section, the oldest wins, then the first by
    /// namespace/name; the others get Accepted False with reason Conflicted. Implementations should
    /// support only one entry for now.
    /// Support: Extended for Services used as route backends; Implementation-specific otherwise.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-type" = r#"atomic"#, "x-kubernetes-validations" = [rules::TARGET_REFS_SECTION_NAME_SPECIFIED, rules::TARGET_REFS_SECTION_NAME_UNIQUE])
    ))]
    pub target_refs: Vec<LocalPolicyTargetReferenceWithSectionName>,

    /// How the backend's TLS certificate is verified.
    pub validation: BackendTlsPolicyValidation,
}

/// Verification settings for the backend's certificate.
/// Exactly one of `caCertificateRefs` and `wellKnownCACertificates` must be set.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::CA_CERTIFICATES_NOT_BOTH, rules::CA_CERTIFICATES_EITHER])))]
pub struct BackendTlsPolicyValidation {
    /// PEM CA bundles that the backend certificate must chain to, at most 8.
    /// They are objects in the policy's own namespace. An invalid reference sets ResolvedRefs to
    /// False and connections using it fail; if all are invalid, Accepted is False with reason
    /// NoValidCACertificate.
    /// Support: Core for one ConfigMap with the bundle under key "ca.crt"; Implementation-specific
    /// for anything else.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 8), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub ca_certificate_refs: Option<Vec<LocalObjectReference>>,

    /// Name sent as SNI when connecting to the backend.
    /// Unless `subjectAltNames` is set, the backend certificate must also match it.
    /// Support: Core.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN)
    ))]
    pub hostname: String,

    /// Subject Alternative Names, at most 5; the backend certificate must present at least one.
    /// When set, they replace `hostname` for authentication, and `hostname` only serves as SNI.
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 5), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub subject_alt_names: Option<Vec<SubjectAltName>>,

    /// Predefined set of trusted CA certificates to use instead of `caCertificateRefs`.
    /// "System" selects the platform's trusted CAs; implementations may define other,
    /// domain-prefixed names. An unsupported value makes the policy not Accepted, with reason
    /// Invalid.
    /// Support: Implementation-specific.
    #[serde(
        rename = "wellKnownCACertificates",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(
        feature = "schema",
        schemars(
            length(min = 1, max = 253),
            regex(
                pattern = r#"^(System|([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]))$"#
            )
        )
    )]
    pub well_known_ca_certificates: Option<String>,
}

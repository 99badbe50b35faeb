//! Types of XBackend, an experimental resource that describes a destination for routed traffic,
//! such as an external hostname, and how a Gateway connects to it (port, protocol and TLS).

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of an XBackend: the kind of destination and how to connect to it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::XBACKEND_EXTERNAL_HOSTNAME])))]
pub struct XBackendSpec {
    /// Settings of a destination outside the cluster, reached by DNS name.
    /// Required when `type` is `ExternalHostname` and forbidden otherwise.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_hostname: Option<ExternalHostname>,

    /// Port the implementation connects to on this backend.
    pub port: XBackendPort,

    /// Protocol used when connecting to this backend, for cases routing alone does not settle,
    /// such as protocol upgrades, h2c, or higher-level protocols like MCP.
    /// When unset, the protocol follows from the route or listener.
    ///
    /// Support: Core for HTTP, HTTP2, HTTP11 and H2C; Extended for TCP and MCP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<XBackendProtocol>,

    /// TLS settings for connections to this backend.
    /// External hostnames should always be reached over TLS; plain text to them is a security risk.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tls: Option<XBackendTls>,

    /// Kind of destination this backend represents; currently only `ExternalHostname`.
    pub r#type: XBackendType,
}

/// A destination outside the cluster, identified by its DNS name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ExternalHostname {
    /// Fully qualified domain name of the destination (1-253 characters).
    /// IP addresses and names ending in `.cluster.local` are not allowed.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(pattern = patterns::DNS_SUBDOMAIN),
        extend("x-kubernetes-validations" = [rules::XBACKEND_HOSTNAME_NOT_CLUSTER_LOCAL])
    ))]
    pub hostname: String,
}

/// A port of an XBackend.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct XBackendPort {
    /// Optional port name; when non-empty it must be a DNS label (at most 63 characters),
    /// unique among the backend's ports.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        length(max = 63),
        extend("x-kubernetes-validations" = [rules::XBACKEND_PORT_NAME])
    ))]
    pub name: Option<String>,

    /// Port number, from 1 to 65535.
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 65535)))]
    pub port: i32,
}

/// TLS settings a Gateway applies when connecting to an XBackend.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-validations" = [rules::XBACKEND_TLS_CLIENT_CERTIFICATE])))]
pub struct XBackendTls {
    /// Secret holding the client certificate and private key presented for mutual TLS.
    /// Required when `mode` is `ClientAndServer` and forbidden otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_certificate_ref: Option<SecretObjectReference>,

    /// Which TLS the connection uses: none, server verification only, or mutual TLS.
    pub mode: XBackendTlsMode,

    /// How the backend's server certificate is checked: trusted CAs, the hostname used for SNI
    /// and matching, and optional subject alternative names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validation: Option<BackendTlsPolicyValidation>,
}

/// Observed state of an XBackend.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct XBackendStatus {
    /// Status of the backend for each parent resource (typically a Gateway) that uses it, at most 32.
    /// An empty list means no parent uses the backend.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(length(max = 32), extend("x-kubernetes-list-type" = r#"atomic"#)))]
    pub parents: Option<Vec<XBackendParentStatus>>,
}

/// Status of an XBackend as reported for one parent resource by one controller.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct XBackendParentStatus {
    /// Conditions of the backend for this parent, keyed by type; `Accepted` tells whether the
    /// controller accepted it.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(extend("x-kubernetes-list-map-keys" = [r#"type"#], "x-kubernetes-list-type" = r#"map"#)))]
    pub conditions: Option<Vec<Condition>>,

    /// Name of the controller writing this entry, in `DOMAIN/PATH` form, e.g. `example.net/gateway-controller`.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 253),
        regex(
            pattern = patterns::CONTROLLER_NAME
        )
    ))]
    pub controller_name: String,

    /// The parent resource, typically a Gateway, this entry describes.
    pub parent_ref: ParentReference,
}

string_enum! {
    /// Protocol a Gateway speaks when connecting to an XBackend.
    pub enum XBackendProtocol {
        /// Raw TCP.
        Tcp = "TCP",
        /// HTTP, without requiring a particular version.
        Http = "HTTP",
        /// HTTP/2.
        Http2 = "HTTP2",
        /// HTTP/1.1.
        Http11 = "HTTP11",
        /// HTTP/2 over cleartext (h2c), without TLS.
        H2c = "H2C",
        /// Model Context Protocol, used by AI agents to reach tool servers.
        Mcp = "MCP",
    }
}

string_enum! {
    /// TLS mode of connections from a Gateway to an XBackend.
    pub enum XBackendTlsMode {
        /// No TLS: the connection is plain text.
        None = "None",
        /// TLS in which the Gateway verifies the backend's certificate.
        ServerOnly = "ServerOnly",
        /// Mutual TLS: the Gateway also presents the client certificate from `clientCertificateRef`.
        ClientAndServer = "ClientAndServer",
    }
}

string_enum! {
    /// Kind of destination an XBackend represents.
    pub enum XBackendType {
        /// A destination outside the cluster reached by DNS name, configured in `externalHostname`.
        ExternalHostname = "ExternalHostname",
    }
}

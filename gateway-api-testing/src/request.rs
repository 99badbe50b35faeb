//! The request of a route test (or of `gwapi route`): the format's HTTP and gRPC shapes, their
//! defaults, and an owned request the matcher's borrowed [`Request`] view is made from.

use std::collections::BTreeMap;

use gateway_api_match::Request;
use serde::Deserialize;

/// The host a client sends when the test gives none: an address (RFC 5737 documentation range)
/// that, like a Gateway's IP, no route or listener hostname matches.
pub const GATEWAY_ADDRESS: &str = "192.0.2.1";

/// The HTTP request of a route test (`request:`); absent fields take the format's defaults.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct HttpRequest {
    /// `http` (default) or `https`.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The port the client connects to (default 80 for http, 443 for https).
    #[serde(default)]
    pub port: Option<u16>,
    /// The TLS server name (https; default: the host without its port).
    #[serde(default)]
    pub sni: Option<String>,
    /// The Host header; absent means the Gateway's IP address.
    #[serde(default)]
    pub host: Option<String>,
    /// The method (default GET).
    #[serde(default)]
    pub method: Option<String>,
    /// Path and query as sent (default `/`).
    #[serde(default)]
    pub path: Option<String>,
    /// Request headers, one value per name.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// The gRPC call of a route test (`grpc:`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct GrpcRequest {
    /// The port the client connects to (default 80).
    #[serde(default)]
    pub port: Option<u16>,
    /// The `:authority`; absent means the Gateway's IP address.
    #[serde(default)]
    pub authority: Option<String>,
    /// The fully qualified gRPC service.
    pub service: String,
    /// The gRPC method.
    pub method: String,
    /// Request metadata.
    #[serde(default)]
    pub metadata: BTreeMap<String, String>,
}

/// A request built from a route test (or the CLI), owning the strings a [`Request`] borrows.
#[derive(Clone, Debug)]
pub struct OwnedRequest {
    pub(crate) host: String,
    path: String,
    pub(crate) method: String,
    pub(crate) headers: Vec<(String, String)>,
    port: u16,
    https: bool,
    sni: Option<String>,
    pub(crate) grpc: bool,
}

impl OwnedRequest {
    /// The request of an HTTP test, with the format's defaults.
    pub fn http(r: &HttpRequest) -> Self {
        let https = r.scheme.as_deref() == Some("https");
        let host = r.host.clone().unwrap_or_else(|| GATEWAY_ADDRESS.to_owned());
        let sni = https.then(|| {
            r.sni
                .clone()
                .unwrap_or_else(|| strip_port(&host).to_owned())
        });
        Self {
            port: r.port.unwrap_or(if https { 443 } else { 80 }),
            path: r.path.clone().unwrap_or_else(|| "/".to_owned()),
            method: r.method.clone().unwrap_or_else(|| "GET".to_owned()),
            headers: r
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            host,
            https,
            sni,
            grpc: false,
        }
    }

    /// The request of a gRPC test: `POST /{service}/{method}`, `content-type: application/grpc`.
    pub fn grpc(g: &GrpcRequest) -> Self {
        let mut headers: Vec<(String, String)> = g
            .metadata
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        headers.push(("content-type".to_owned(), "application/grpc".to_owned()));
        Self {
            host: g
                .authority
                .clone()
                .unwrap_or_else(|| GATEWAY_ADDRESS.to_owned()),
            path: format!("/{}/{}", g.service, g.method),
            method: "POST".to_owned(),
            headers,
            port: g.port.unwrap_or(80),
            https: false,
            sni: None,
            grpc: true,
        }
    }

    /// The matcher's view of the request; `headers` comes from [`Self::header_pairs`].
    pub fn view<'a>(&'a self, headers: &'a [(&'a str, &'a str)]) -> Request<'a> {
        let base = if self.grpc {
            Request::grpc(&self.host, &self.path)
        } else {
            Request::get(&self.host, &self.path)
        };
        let mut req = base.method(&self.method).headers(headers);
        if self.https {
            // `https` also sets the scheme's default port: the test's port goes after it.
            req = req.https(self.sni.as_deref());
        }
        req.port(self.port)
    }

    /// The headers as borrowed pairs, for [`Self::view`].
    pub fn header_pairs(&self) -> Vec<(&str, &str)> {
        self.headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// Whether this is a gRPC call.
    pub fn is_grpc(&self) -> bool {
        self.grpc
    }
}

/// A host without its `:port` (IPv6 literals, which have colons of their own, are kept whole).
pub(crate) fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') && p.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

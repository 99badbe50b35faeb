//! A small client for the `test` command and the tests: one request on a fresh connection,
//! HTTP/1.1 or HTTP/2 (prior knowledge), plain or TLS with a chosen SNI.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use bytes::Bytes;
use http::{HeaderMap, Request};
use http_body_util::BodyExt as _;
use hyper_util::rt::{TokioExecutor, TokioIo};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::body::Body;

/// What came back.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
    /// Trailers, if any.
    pub trailers: Option<HeaderMap>,
}

/// How to connect.
#[derive(Clone, Debug, Default)]
pub struct Dial {
    /// TLS with this server name (`Some(None)`: TLS without SNI).
    pub tls: Option<Option<String>>,
    /// HTTP/2 (ALPN `h2` over TLS, prior knowledge in plain text).
    pub http2: bool,
    /// Time for the whole exchange.
    pub timeout: Option<Duration>,
}

/// Sends `req` to `addr` on a new connection and reads the whole answer.
pub async fn send(addr: SocketAddr, dial: &Dial, req: Request<Body>) -> anyhow::Result<Answer> {
    let timeout = dial.timeout.unwrap_or(Duration::from_secs(10));
    tokio::time::timeout(timeout, exchange(addr, dial, req))
        .await
        .map_err(|_| anyhow!("no answer from {addr} within {timeout:?}"))?
}

async fn exchange(addr: SocketAddr, dial: &Dial, req: Request<Body>) -> anyhow::Result<Answer> {
    let tcp = TcpStream::connect(addr)
        .await
        .with_context(|| format!("cannot connect to {addr}"))?;
    let _ = tcp.set_nodelay(true);
    match &dial.tls {
        None => over(tcp, dial.http2, req).await,
        Some(sni) => {
            let name = match sni {
                Some(n) => ServerName::try_from(n.clone()).with_context(|| format!("SNI {n:?}"))?,
                None => ServerName::IpAddress(addr.ip().into()),
            };
            let connector = tokio_rustls::TlsConnector::from(Arc::new(tls_config(dial.http2)?));
            let stream = connector
                .connect(name, tcp)
                .await
                .context("TLS handshake")?;
            over(stream, dial.http2, req).await
        }
    }
}

async fn over<I>(io: I, http2: bool, req: Request<Body>) -> anyhow::Result<Answer>
where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let io = TokioIo::new(io);
    let response = if http2 {
        let (mut sender, conn) =
            hyper::client::conn::http2::handshake(TokioExecutor::new(), io).await?;
        tokio::spawn(conn);
        sender.send_request(req).await?
    } else {
        let (mut sender, conn) = hyper::client::conn::http1::handshake(io).await?;
        tokio::spawn(conn);
        sender.send_request(req).await?
    };
    let (parts, body) = response.into_parts();
    let collected = body.collect().await?;
    let trailers = collected.trailers().cloned();
    Ok(Answer {
        status: parts.status.as_u16(),
        headers: parts.headers,
        body: collected.to_bytes(),
        trailers,
    })
}

/// A client configuration that accepts any server certificate (the test certificates name
/// hosts that do not resolve here, and which certificate answered is not what the route tests
/// check) but still verifies the handshake signatures.
fn tls_config(http2: bool) -> anyhow::Result<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate(provider)))
        .with_no_client_auth();
    config.alpn_protocols = vec![if http2 {
        b"h2".to_vec()
    } else {
        b"http/1.1".to_vec()
    }];
    Ok(config)
}

#[derive(Debug)]
struct AnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

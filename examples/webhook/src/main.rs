//! An HTTPS validating admission webhook for the Gateway API: `POST /validate` answers
//! `AdmissionReview`s with `gateway_api_validate::admission::Handler`, denying what the API
//! server with the Gateway API v1.6.1 CRDs would reject and passing the lint checks on as
//! warnings.
//!
//! ```text
//! gateway-api-webhook-example --cert tls.crt --key tls.key --listen 0.0.0.0:8443
//! WEBHOOK_TLS_CERT=tls.crt WEBHOOK_TLS_KEY=tls.key gateway-api-webhook-example
//! ```
//!
//! The certificate file holds a PEM chain, leaf first; the key file one PEM private key
//! (PKCS#8, PKCS#1 or SEC1). A bad request (wrong path or method, a body that is not an
//! `AdmissionReview`, a broken TLS handshake) is answered or dropped on its own connection; the
//! server keeps serving until Ctrl-C.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, ValueEnum};
use gateway_api_validate::Channel;
use gateway_api_validate::admission::Handler;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::{Method, Request, Response, StatusCode, header};
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// The largest body read: an `AdmissionReview` holds the object and the old object, each at most
/// the API server's 3 MiB request limit, plus the review around them.
const MAX_BODY: usize = 8 << 20;

/// How long a client has to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Command line (each flag can also come from the environment variable named).
#[derive(Parser, Debug)]
#[command(
    version,
    about = "A validating admission webhook for the Gateway API (HTTPS, POST /validate)"
)]
struct Args {
    /// PEM file with the server's certificate chain, leaf first.
    #[arg(long, env = "WEBHOOK_TLS_CERT")]
    cert: PathBuf,
    /// PEM file with the certificate's private key.
    #[arg(long, env = "WEBHOOK_TLS_KEY")]
    key: PathBuf,
    /// The address to listen on.
    #[arg(long, env = "WEBHOOK_LISTEN", default_value = "0.0.0.0:8443")]
    listen: SocketAddr,
    /// The release channel whose CRDs are installed.
    #[arg(long, env = "WEBHOOK_CHANNEL", value_enum, default_value_t = ChannelArg::Standard)]
    channel: ChannelArg,
}

/// `--channel`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum ChannelArg {
    Standard,
    Experimental,
}

impl From<ChannelArg> for Channel {
    fn from(c: ChannelArg) -> Self {
        match c {
            ChannelArg::Standard => Self::Standard,
            ChannelArg::Experimental => Self::Experimental,
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let tls = server_config(&args.cert, &args.key)?;
    let acceptor = TlsAcceptor::from(Arc::new(tls));
    let handler = Arc::new(Handler::new(args.channel.into()));
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    eprintln!(
        "gateway-api webhook ({} channel) listening on https://{}/validate",
        handler.validator().channel(),
        listener.local_addr()?
    );

    loop {
        let (tcp, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    eprintln!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            _ = tokio::signal::ctrl_c() => {
                eprintln!("shutting down");
                return Ok(());
            }
        };
        let acceptor = acceptor.clone();
        let handler = Arc::clone(&handler);
        tokio::spawn(async move {
            let tls = match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                Ok(Ok(tls)) => tls,
                Ok(Err(e)) => {
                    eprintln!("{peer}: TLS handshake failed: {e}");
                    return;
                }
                Err(_) => {
                    eprintln!("{peer}: TLS handshake timed out");
                    return;
                }
            };
            let service = hyper::service::service_fn(move |req| {
                let handler = Arc::clone(&handler);
                async move { Ok::<_, std::convert::Infallible>(serve(&handler, req).await) }
            });
            if let Err(e) = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(tls), service)
                .await
            {
                eprintln!("{peer}: connection error: {e}");
            }
        });
    }
}

/// One HTTP request: `POST /validate` with an `AdmissionReview`, anything else an error status.
async fn serve(handler: &Handler, req: Request<Incoming>) -> Response<Full<Bytes>> {
    if req.uri().path() != "/validate" {
        return text(
            StatusCode::NOT_FOUND,
            "not found: the webhook is at POST /validate",
        );
    }
    if req.method() != Method::POST {
        return text(StatusCode::METHOD_NOT_ALLOWED, "use POST");
    }
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            return text(
                StatusCode::BAD_REQUEST,
                &format!("cannot read the body: {e}"),
            );
        }
    };
    let (status, body) = handler.handle_body(&body);
    let content_type = if status == 200 {
        "application/json"
    } else {
        "text/plain; charset=utf-8"
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response(status, content_type, body)
}

fn text(status: StatusCode, message: &str) -> Response<Full<Bytes>> {
    response(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

fn response(status: StatusCode, content_type: &str, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    if let Ok(value) = header::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// TLS 1.2 and 1.3 with ring, HTTP/1.1 over ALPN, the certificate and key from PEM files.
fn server_config(cert: &Path, key: &Path) -> anyhow::Result<rustls::ServerConfig> {
    let chain = CertificateDer::pem_file_iter(cert)
        .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
        .with_context(|| {
            format!(
                "cannot read a PEM certificate chain from {}",
                cert.display()
            )
        })?;
    anyhow::ensure!(!chain.is_empty(), "no certificate in {}", cert.display());
    let key = PrivateKeyDer::from_pem_file(key)
        .with_context(|| format!("cannot read a PEM private key from {}", key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .context("the certificate and key do not make a TLS server configuration")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

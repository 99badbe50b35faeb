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
//! server keeps serving until Ctrl-C. The limits on slow and hostile clients (connections,
//! handshake, header, body and validation time) are flags; see the library's documentation.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, ValueEnum};
use gateway_api_validate::Channel;
use gateway_api_validate::admission::Handler;
use gateway_api_webhook_example::{Limits, serve, server_config_from_files};
use tokio::net::TcpListener;

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
    /// Connections served at once; more wait in the listen backlog.
    #[arg(long, env = "WEBHOOK_MAX_CONNECTIONS", default_value_t = Limits::default().max_connections)]
    max_connections: usize,
    /// Seconds to wait for a request's head, also between requests (the idle timeout).
    #[arg(long, env = "WEBHOOK_HEADER_TIMEOUT", default_value_t = Limits::default().header.as_secs())]
    header_timeout: u64,
    /// Seconds to receive a request's body.
    #[arg(long, env = "WEBHOOK_BODY_TIMEOUT", default_value_t = Limits::default().body.as_secs())]
    body_timeout: u64,
    /// Seconds to answer a review once its body has arrived (slot wait included).
    #[arg(long, env = "WEBHOOK_VALIDATION_TIMEOUT", default_value_t = Limits::default().validation.as_secs())]
    validation_timeout: u64,
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
    let tls = server_config_from_files(&args.cert, &args.key)?;
    let handler = Arc::new(Handler::new(args.channel.into()));
    let listener = TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    eprintln!(
        "gateway-api webhook ({} channel) listening on https://{}/validate",
        handler.validator().channel(),
        listener.local_addr()?
    );
    let limits = Limits {
        max_connections: args.max_connections,
        header: Duration::from_secs(args.header_timeout),
        body: Duration::from_secs(args.body_timeout),
        validation: Duration::from_secs(args.validation_timeout),
        ..Limits::default()
    };
    let shutdown = async {
        // If the signal cannot be installed, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
        eprintln!("shutting down");
    };
    serve(listener, Arc::new(tls), handler, limits, shutdown).await;
    Ok(())
}

//! The controller binary: flags, logging, the Kubernetes client, signals.

use std::net::SocketAddr;
use std::time::Duration;

use clap::Parser;
use gateway_api_controller::{Config, LeaseConfig, run};
use tracing_subscriber::EnvFilter;

/// Command line (each flag can also come from the environment variable named).
#[derive(Parser, Debug)]
#[command(
    version,
    about = "A Gateway API controller that writes status (Gateway API v1.6.1)"
)]
struct Args {
    /// The `spec.controllerName` of the GatewayClasses to serve.
    #[arg(long, env = "CONTROLLER_NAME")]
    controller_name: String,
    /// Field manager of the status writes.
    #[arg(long, env = "FIELD_MANAGER", default_value = "gateway-api-controller")]
    field_manager: String,
    /// How long a burst of events is collected before one resolution, in milliseconds.
    #[arg(long, env = "DEBOUNCE_MS", default_value_t = 100)]
    debounce_ms: u64,
    /// Status writes in flight at once.
    #[arg(long, env = "MAX_CONCURRENT_WRITES", default_value_t = 16)]
    max_concurrent_writes: usize,
    /// Address of /healthz, /readyz and /metrics.
    #[arg(long, env = "LISTEN", default_value = "0.0.0.0:8080")]
    listen: SocketAddr,
    /// Run without a Lease (one replica only).
    #[arg(long, env = "NO_LEADER_ELECTION")]
    no_leader_election: bool,
    /// Namespace of the Lease.
    #[arg(long, env = "LEASE_NAMESPACE", default_value = "gateway-system")]
    lease_namespace: String,
    /// Name of the Lease.
    #[arg(long, env = "LEASE_NAME", default_value = "gateway-api-controller")]
    lease_name: String,
    /// This replica's identity in the Lease (the Deployment passes the Pod name).
    #[arg(long, env = "POD_NAME")]
    identity: Option<String>,
    /// Lease duration in seconds.
    #[arg(long, env = "LEASE_DURATION_SECONDS", default_value_t = 15)]
    lease_duration_seconds: u64,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    let client = kube::Client::try_default().await?;

    let mut config = Config::new(args.controller_name);
    config.field_manager = args.field_manager;
    config.debounce = Duration::from_millis(args.debounce_ms);
    config.max_concurrent_writes = args.max_concurrent_writes;
    config.listen = Some(args.listen);
    if !args.no_leader_election {
        let identity = args.identity.ok_or_else(|| {
            anyhow::anyhow!(
                "--identity (POD_NAME) is needed for leader election; or pass --no-leader-election"
            )
        })?;
        config.lease = Some(LeaseConfig {
            namespace: args.lease_namespace,
            name: args.lease_name,
            identity,
            duration_seconds: args.lease_duration_seconds,
            grace_seconds: (args.lease_duration_seconds / 3).max(1),
        });
    }
    run(client, config, shutdown_signal()).await
}

/// SIGTERM (what the kubelet sends) or Ctrl-C.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot watch SIGTERM; Ctrl-C only");
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
    tracing::info!("shutting down");
}

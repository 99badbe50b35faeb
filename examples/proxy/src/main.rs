//! `gwapi-proxy`: serve a Gateway's listeners, or run RouteTests as real traffic.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::{Context as _, anyhow, bail};
use clap::{Parser, Subcommand};
use gateway_api_proxy::config::{Config, Loader, Source};
use gateway_api_proxy::endpoints::EndpointOverride;
use gateway_api_proxy::extension::Extensions;
use gateway_api_proxy::metrics::{Metrics, serve_admin};
use gateway_api_proxy::proxy::{Limits, Proxy};
use gateway_api_proxy::server::{ServerLimits, Shutdown};
use gateway_api_proxy::workers::Workers;
use gateway_api_proxy::{reload, route_tests};
use tokio::net::TcpListener;

/// A reverse proxy for one Gateway, routing with gateway-api-match.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve every HTTP and HTTPS listener of a Gateway. Reloads when the input changes; stops
    /// gracefully on SIGTERM or SIGINT. Exit 2 if the input is unusable.
    Serve(ServeArgs),
    /// Send every RouteTests request as real traffic through the proxy to echo backends on
    /// loopback: one line per failing test, then `N passed, M failed`. Exit 0 when all pass,
    /// 1 when any fails, 2 on unusable input.
    Test {
        /// Files, directories (read recursively for *.yaml, *.yml, *.json) or `-` for stdin.
        #[arg(required = true)]
        paths: Vec<String>,
        /// RouteTests files.
        #[arg(long, required = true, num_args = 1..)]
        tests: Vec<String>,
    },
    /// Run an echo backend (the one `test` uses) until SIGTERM or SIGINT: it answers with JSON
    /// of the request it received and the Service it stands for.
    Echo {
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:18080")]
        listen: SocketAddr,
        /// The Service it stands for, NAMESPACE/NAME.
        #[arg(long, default_value = "default/echo")]
        service: String,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Files, directories (read recursively for *.yaml, *.yml, *.json) or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<String>,
    /// The Gateway to serve, NAMESPACE/NAME.
    #[arg(long)]
    gateway: String,
    /// Where a listener listens, LISTENER=IP:PORT (listeners sharing a port share the socket).
    #[arg(long = "listen", value_name = "LISTENER=ADDR")]
    listen: Vec<String>,
    /// Without --listen, a listener listens on 127.0.0.1 at its port plus this offset.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true)]
    port_offset: i32,
    /// Address of /metrics, /healthz and /readyz.
    #[arg(long, value_name = "ADDR")]
    metrics: Option<SocketAddr>,
    /// Send a Service port's traffic here instead of its EndpointSlices' endpoints,
    /// NAMESPACE/SERVICE:PORT=IP:PORT (repeatable).
    #[arg(long = "endpoint", value_name = "NS/SVC:PORT=ADDR")]
    endpoints: Vec<EndpointOverride>,
    /// Do not watch the input for changes.
    #[arg(long)]
    no_watch: bool,
    /// Log as JSON lines (filter with RUST_LOG, default `info`).
    #[arg(long)]
    log_json: bool,
    /// Threads serving connections, each with its own listening sockets [default: one per
    /// core].
    #[arg(long)]
    workers: Option<usize>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Serve(args) = cli.command {
        // `serve` builds its own runtimes: one per worker thread, one for the main thread.
        init_tracing(args.log_json);
        return match serve(args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        };
    }
    match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime.block_on(other(cli.command)),
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            ExitCode::from(2)
        }
    }
}

/// The commands other than `serve`, on tokio's default runtime.
async fn other(command: Command) -> ExitCode {
    match command {
        Command::Test { paths, tests } => {
            ExitCode::from(route_tests::command(&paths, &tests).await)
        }
        Command::Echo { listen, service } => {
            let (namespace, name) = service.split_once('/').unwrap_or(("default", &service));
            let listener = match TcpListener::bind(listen).await {
                Ok(l) => l,
                Err(e) => {
                    eprintln!("error: cannot listen on {listen}: {e}");
                    return ExitCode::from(2);
                }
            };
            let (stop, stop_rx) = tokio::sync::watch::channel(false);
            gateway_api_proxy::echo::spawn(listener, namespace, name, stop_rx);
            wait_for_signal().await;
            let _ = stop.send(true);
            ExitCode::SUCCESS
        }
        Command::Serve(_) => unreachable!("`serve` is run by `main`"),
    }
}

fn init_tracing(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// Serves until SIGTERM or SIGINT: [`Workers`] accept and proxy; the main thread watches the
/// input, serves the metrics and drains the connections at the end.
fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let (namespace, name) = args
        .gateway
        .split_once('/')
        .ok_or_else(|| anyhow!("--gateway {:?}: expected NAMESPACE/NAME", args.gateway))?;
    let source = Source {
        paths: args.paths.clone(),
        gateway: gateway_api_proxy::config::gateway_key(namespace, name),
        overrides: args.endpoints.clone(),
    };
    let mut loader = Loader::new(source);
    let config = loader.load()?;
    for w in &config.warnings {
        tracing::warn!("{w}");
    }
    let addresses = addresses(&config, &args.listen, args.port_offset)?;
    let metrics = Arc::new(Metrics::new());
    let proxy = Arc::new(Proxy::new(
        config,
        Arc::clone(&metrics),
        Extensions::default(),
        Limits::default(),
    ));
    let limits = ServerLimits::default();
    let shutdown = Shutdown::default();
    let count = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let workers = Workers::start(count, &addresses, &proxy, limits, &shutdown)
        .with_context(|| format!("cannot listen on {:?}", addresses.values()))?;
    for (port, addr) in workers.addresses() {
        tracing::info!(%addr, port, workers = count, "listening");
    }
    let main = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let result = main.block_on(async {
        if let Some(addr) = args.metrics {
            let listener = TcpListener::bind(addr)
                .await
                .with_context(|| format!("cannot listen on {addr} (metrics)"))?;
            tracing::info!(%addr, "metrics");
            tokio::spawn(serve_admin(
                listener,
                Arc::clone(&metrics),
                shutdown.subscribe(),
            ));
        }
        let _watcher = if args.no_watch || args.paths.iter().all(|p| p == "-") {
            None
        } else {
            Some(reload::watch(
                loader,
                Arc::clone(&proxy),
                shutdown.subscribe(),
            )?)
        };
        metrics.ready.store(true, Ordering::Release);
        wait_for_signal().await;
        tracing::info!("shutting down: draining connections");
        metrics.ready.store(false, Ordering::Release);
        shutdown.drain(limits.drain_timeout).await;
        anyhow::Ok(())
    });
    workers.stop();
    result
}

/// The address of each Gateway port: from `--listen`, else 127.0.0.1 at port + offset.
fn addresses(
    config: &Config,
    listen: &[String],
    offset: i32,
) -> anyhow::Result<BTreeMap<u16, SocketAddr>> {
    let mut by_name = BTreeMap::new();
    for l in listen {
        let (name, addr) = l
            .split_once('=')
            .ok_or_else(|| anyhow!("--listen {l:?}: expected LISTENER=IP:PORT"))?;
        let addr: SocketAddr = addr.parse().with_context(|| format!("--listen {l:?}"))?;
        by_name.insert(name.to_owned(), addr);
    }
    let mut out: BTreeMap<u16, SocketAddr> = BTreeMap::new();
    for l in config.router.listeners() {
        if let Some(addr) = by_name.remove(&l.name)
            && let Some(prev) = out.insert(l.port, addr)
            && prev != addr
        {
            bail!(
                "--listen: listeners on port {} share one socket; give one address",
                l.port
            );
        }
    }
    if let Some(name) = by_name.keys().next() {
        bail!("--listen {name}=…: the Gateway has no HTTP or HTTPS listener named {name}");
    }
    for &port in config.ports.keys() {
        if let std::collections::btree_map::Entry::Vacant(slot) = out.entry(port) {
            let shifted = u16::try_from(i32::from(port) + offset)
                .map_err(|_| anyhow!("port {port} + offset {offset} is not a port"))?;
            slot.insert(SocketAddr::from(([127, 0, 0, 1], shifted)));
        }
    }
    Ok(out)
}

async fn wait_for_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let terminate = tokio::signal::unix::SignalKind::terminate();
        let Ok(mut term) = tokio::signal::unix::signal(terminate) else {
            let _ = ctrl_c.await;
            return;
        };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

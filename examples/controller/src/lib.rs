//! A reference Gateway API (v1.6.1, standard channel) controller on kube-runtime: it watches
//! every kind the resolver reads, resolves with `gateway-api-resolve`, and writes the status of
//! the objects of its GatewayClasses with server-side apply.
//!
//! The pieces, one file each:
//! - [`engine`]: the resolver behind "apply a change, flush, get the statuses to write";
//! - `watch`: a kube-runtime watcher per kind, feeding the engine;
//! - `status`: the server-side apply of one status, and the re-read after a failed write;
//! - `leader`: the Lease (only the holder writes);
//! - [`metrics`] and `serve`: Prometheus metrics, `/healthz`, `/readyz`.
//!
//! The loop in [`run`] debounces bursts of events (the first event of a batch waits at most
//! [`Config::debounce`]), resolves once per batch, and writes only the statuses that differ from
//! what the API server holds. After a restart the watchers list everything again; statuses that
//! are already right are not written. A write that conflicts (409: the object changed since it
//! was read) or fails is retried with exponential backoff after reading the object again; one
//! whose object is gone (404) is dropped.
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! let client = kube::Client::try_default().await?;
//! let config = gateway_api_controller::Config::new("example.net/gateway-controller");
//! gateway_api_controller::run(client, config, std::future::pending()).await
//! # }
//! ```

pub mod engine;
mod leader;
pub mod metrics;
mod serve;
mod status;
mod watch;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Context as _;
use futures::StreamExt as _;
use gateway_api_resolve::Options;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use kube::Client;
use tokio::sync::{mpsc, watch as channel};
use tokio::time::Instant;

pub use engine::{Change, Engine, StatusUpdate, Target};
pub use leader::LeaseConfig;
pub use metrics::{Metrics, PatchResult};

use crate::status::Writer;
use crate::watch::Message;

/// How the controller runs.
#[derive(Clone)]
#[non_exhaustive]
pub struct Config {
    /// The `spec.controllerName` of the GatewayClasses this controller serves.
    pub controller_name: String,
    /// The field manager of the status writes.
    pub field_manager: String,
    /// How long the first event of a burst waits for the rest before one resolution.
    pub debounce: Duration,
    /// Status writes in flight at once.
    pub max_concurrent_writes: usize,
    /// The first retry of a failed write waits this long, each further one twice as long …
    pub retry_base: Duration,
    /// … up to this long.
    pub retry_max: Duration,
    /// Attempts before a write is given up (the next change of the object tries again).
    pub retry_attempts: u32,
    /// The Lease, when several replicas run; `None`: this replica always writes.
    pub lease: Option<LeaseConfig>,
    /// Where `/healthz`, `/readyz` and `/metrics` are served; `None`: not served.
    pub listen: Option<SocketAddr>,
    /// The metrics (pass a clone to read them from outside).
    pub metrics: Metrics,
    /// The clock: written as `lastTransitionTime` of conditions that change.
    pub clock: Arc<dyn Fn() -> Time + Send + Sync>,
}

impl Config {
    /// The defaults for a controller name: field manager `gateway-api-controller`, 100 ms
    /// debounce, 16 writes in flight, retries from 200 ms to 30 s over 8 attempts, no Lease, no
    /// HTTP endpoint, the system clock.
    pub fn new(controller_name: impl Into<String>) -> Self {
        Self {
            controller_name: controller_name.into(),
            field_manager: "gateway-api-controller".to_owned(),
            debounce: Duration::from_millis(100),
            max_concurrent_writes: 16,
            retry_base: Duration::from_millis(200),
            retry_max: Duration::from_secs(30),
            retry_attempts: 8,
            lease: None,
            listen: None,
            metrics: Metrics::new(),
            clock: Arc::new(|| Time(k8s_openapi::jiff::Timestamp::now())),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("controller_name", &self.controller_name)
            .field("field_manager", &self.field_manager)
            .field("debounce", &self.debounce)
            .field("lease", &self.lease)
            .field("listen", &self.listen)
            .finish_non_exhaustive()
    }
}

/// Runs the controller until `shutdown` completes, then releases the Lease and returns.
pub async fn run(
    client: Client,
    config: Config,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::unbounded_channel();
    let watched = watch::spawn_all(&client, &tx, &config.metrics);
    drop(tx);

    let ready = Arc::new(AtomicBool::new(false));
    let (stop_tx, stop_rx) = channel::channel(false);
    if let Some(addr) = config.listen {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        tracing::info!(addr = %listener.local_addr()?, "serving /healthz, /readyz, /metrics");
        tokio::spawn(serve::serve(
            listener,
            Arc::clone(&ready),
            config.metrics.clone(),
            stop_rx,
        ));
    }
    let election = match &config.lease {
        Some(lease) => {
            Some(leader::Election::start(client.clone(), lease, &config.field_manager).await?)
        }
        None => None,
    };

    let mut controller = Controller {
        writer: Writer::new(client, &config.field_manager),
        engine: Engine::new(Options::new(config.controller_name.clone())),
        unsynced: watched.into_iter().collect(),
        batch_start: None,
        leader: election.is_none(),
        attempts: BTreeMap::new(),
        due: BTreeMap::new(),
        ready,
        config,
    };
    controller.config.metrics.set_leader(controller.leader);
    let result = controller
        .run(rx, election.as_ref().map(|e| e.leader.clone()), shutdown)
        .await;

    let _ = stop_tx.send(true);
    if let Some(election) = election {
        election.stop(Duration::from_secs(5)).await;
    }
    result
}

/// The loop's state.
struct Controller {
    config: Config,
    writer: Writer,
    engine: Engine,
    /// Kinds not listed yet: nothing is resolved before all are.
    unsynced: BTreeSet<&'static str>,
    /// When the first change not yet resolved arrived.
    batch_start: Option<Instant>,
    leader: bool,
    /// Failed writes: attempts so far, and when the object is read again.
    attempts: BTreeMap<Target, u32>,
    due: BTreeMap<Target, Instant>,
    ready: Arc<AtomicBool>,
}

impl Controller {
    async fn run(
        &mut self,
        mut rx: mpsc::UnboundedReceiver<Message>,
        mut leader: Option<channel::Receiver<bool>>,
        shutdown: impl Future<Output = ()>,
    ) -> anyhow::Result<()> {
        let mut shutdown = std::pin::pin!(shutdown);
        loop {
            let flush_at = self
                .batch_start
                .filter(|_| self.unsynced.is_empty())
                .map(|t| t + self.config.debounce);
            let retry_at = self.due.values().min().copied();
            tokio::select! {
                () = &mut shutdown => return Ok(()),
                msg = rx.recv() => match msg {
                    Some(Message::Change(change, at)) => {
                        self.engine.apply(change);
                        self.batch_start.get_or_insert(Instant::from_std(at));
                    }
                    Some(Message::Synced(kind)) => {
                        self.unsynced.remove(kind);
                        if self.unsynced.is_empty() {
                            tracing::info!("every kind listed; resolving");
                            self.ready.store(true, Ordering::Relaxed);
                            self.batch_start.get_or_insert_with(Instant::now);
                        }
                    }
                    None => anyhow::bail!("every watcher stopped"),
                },
                () = sleep_until(flush_at) => self.flush().await,
                () = sleep_until(retry_at) => self.reread_due().await,
                changed = leader_changed(&mut leader) => match changed {
                    Some(now_leader) => self.set_leader(now_leader).await,
                    None => anyhow::bail!("the leader election stopped"),
                },
            }
        }
    }

    /// Resolves the batch and writes what changed.
    async fn flush(&mut self) {
        let Some(start) = self.batch_start.take() else {
            return;
        };
        let t0 = std::time::Instant::now();
        let updates = self.engine.flush((self.config.clock)());
        self.config.metrics.resolved(t0.elapsed(), updates.len());
        tracing::debug!(delta = updates.len(), took = ?t0.elapsed(), "resolved");
        if self.leader {
            self.write(updates, start).await;
        }
    }

    async fn set_leader(&mut self, leader: bool) {
        if leader == self.leader {
            return;
        }
        tracing::info!(leader, "leadership changed");
        self.leader = leader;
        self.config.metrics.set_leader(leader);
        self.attempts.clear();
        self.due.clear();
        // A new leader checks every status: the old one may have left some unwritten.
        if leader && self.unsynced.is_empty() {
            let all = self.engine.all();
            self.write(all, Instant::now()).await;
        }
    }

    /// Writes the updates that differ from the API server's copy, `max_concurrent_writes` at a
    /// time, and schedules retries for the failures.
    async fn write(&mut self, updates: Vec<StatusUpdate>, start: Instant) {
        let writer = &self.writer;
        let metrics = &self.config.metrics;
        let results: Vec<(Target, PatchResult)> = futures::stream::iter(updates)
            .map(|u| async move {
                let result = writer.write(&u).await;
                metrics.patch(result);
                if result == PatchResult::Sent {
                    metrics.event_to_patch(start.elapsed());
                }
                (u.target, result)
            })
            .buffer_unordered(self.config.max_concurrent_writes.max(1))
            .collect()
            .await;
        for (target, result) in results {
            match result {
                PatchResult::Sent | PatchResult::Skipped | PatchResult::NotFound => {
                    self.attempts.remove(&target);
                    self.due.remove(&target);
                }
                PatchResult::Conflict | PatchResult::Failed => self.retry_later(target),
            }
        }
    }

    /// Counts a failed attempt and schedules the next one after `retry_base` doubled for each
    /// failure so far (at most `retry_max`), or gives up after `retry_attempts`.
    fn retry_later(&mut self, target: Target) {
        let n = self.attempts.get(&target).copied().unwrap_or(0) + 1;
        if n > self.config.retry_attempts {
            tracing::error!(?target, attempts = n - 1, "giving up on a status write");
            self.attempts.remove(&target);
            return;
        }
        self.attempts.insert(target.clone(), n);
        let doublings = (n - 1).min(16);
        let delay = self
            .config
            .retry_base
            .saturating_mul(1 << doublings)
            .min(self.config.retry_max);
        self.due.insert(target, Instant::now() + delay);
    }

    /// Reads the objects whose retry is due; the next flush writes their status again.
    async fn reread_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Target> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(t, _)| t.clone())
            .collect();
        for target in due {
            self.due.remove(&target);
            if let Some(change) = self.writer.reread(&target).await {
                if matches!(change, Change::Delete { .. }) {
                    self.attempts.remove(&target);
                }
                self.engine.apply(change);
                self.batch_start.get_or_insert(now);
            } else {
                // The read failed too: one more attempt, later.
                self.retry_later(target);
            }
        }
    }
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The next leadership value, `None` when the election ended; never completes without one.
async fn leader_changed(leader: &mut Option<channel::Receiver<bool>>) -> Option<bool> {
    match leader {
        Some(rx) => match rx.changed().await {
            Ok(()) => Some(*rx.borrow_and_update()),
            Err(_) => None,
        },
        None => std::future::pending().await,
    }
}

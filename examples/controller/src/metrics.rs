//! Prometheus metrics of the controller, served at `/metrics`.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

type Labels = [(&'static str, &'static str); 1];

/// Handles to every metric (cheap to clone: each is reference-counted) and the registry that
/// renders them.
#[derive(Clone, Debug)]
pub struct Metrics {
    registry: Arc<Registry>,
    events: Family<Labels, Counter>,
    watch_errors: Family<Labels, Counter>,
    resolves: Counter,
    resolve_seconds: Histogram,
    delta_size: Histogram,
    patches: Family<Labels, Counter>,
    event_to_patch_seconds: Histogram,
    leader: Gauge,
}

/// How a status write ended, the `result` label of `patches_total`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchResult {
    /// Written.
    Sent,
    /// Not written: the API server already holds this status.
    Skipped,
    /// 409: the object changed since it was read; it is read again and retried.
    Conflict,
    /// 404: the object was deleted meanwhile; dropped.
    NotFound,
    /// Any other failure; retried with backoff.
    Failed,
}

impl PatchResult {
    fn label(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Skipped => "skipped",
            Self::Conflict => "conflict",
            Self::NotFound => "not_found",
            Self::Failed => "failed",
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with every metric, prefixed `gateway_controller_`.
    pub fn new() -> Self {
        let events = Family::<Labels, Counter>::default();
        let watch_errors = Family::<Labels, Counter>::default();
        let resolves = Counter::default();
        // 100 µs to about 26 s.
        let resolve_seconds = Histogram::new(exponential_buckets(0.0001, 2.0, 19));
        // 1 to 65,536 objects.
        let delta_size = Histogram::new(exponential_buckets(1.0, 2.0, 17));
        let patches = Family::<Labels, Counter>::default();
        // 1 ms to about 65 s.
        let event_to_patch_seconds = Histogram::new(exponential_buckets(0.001, 2.0, 17));
        let leader = Gauge::default();

        let mut r = Registry::with_prefix("gateway_controller");
        r.register("events", "Watch events received, by kind", events.clone());
        r.register(
            "watch_errors",
            "Watch failures (retried with backoff), by kind",
            watch_errors.clone(),
        );
        r.register("resolves", "Resolutions run", resolves.clone());
        r.register(
            "resolve_seconds",
            "Time to resolve a batch of changes",
            resolve_seconds.clone(),
        );
        r.register(
            "delta_size",
            "Objects whose status may need a write, per resolution",
            delta_size.clone(),
        );
        r.register(
            "patches",
            "Status writes, by result (sent, skipped, conflict, not_found, failed)",
            patches.clone(),
        );
        r.register(
            "event_to_patch_seconds",
            "From the first event of a batch to each status write it caused",
            event_to_patch_seconds.clone(),
        );
        r.register(
            "leader",
            "1 while this replica holds the Lease",
            leader.clone(),
        );
        Self {
            registry: Arc::new(r),
            events,
            watch_errors,
            resolves,
            resolve_seconds,
            delta_size,
            patches,
            event_to_patch_seconds,
            leader,
        }
    }

    pub(crate) fn events(&self, kind: &'static str, n: usize) {
        self.events
            .get_or_create(&[("kind", kind)])
            .inc_by(n as u64);
    }

    pub(crate) fn watch_errors(&self, kind: &'static str) {
        self.watch_errors.get_or_create(&[("kind", kind)]).inc();
    }

    pub(crate) fn resolved(&self, took: Duration, delta: usize) {
        self.resolves.inc();
        self.resolve_seconds.observe(took.as_secs_f64());
        self.delta_size.observe(delta as f64);
    }

    pub(crate) fn patch(&self, result: PatchResult) {
        self.patches
            .get_or_create(&[("result", result.label())])
            .inc();
    }

    pub(crate) fn event_to_patch(&self, took: Duration) {
        self.event_to_patch_seconds.observe(took.as_secs_f64());
    }

    pub(crate) fn set_leader(&self, leader: bool) {
        self.leader.set(i64::from(leader));
    }

    /// How many writes ended with `result` so far.
    pub fn patches(&self, result: PatchResult) -> u64 {
        self.patches
            .get_or_create(&[("result", result.label())])
            .get()
    }

    /// How many resolutions ran so far.
    pub fn resolves(&self) -> u64 {
        self.resolves.get()
    }

    /// Whether this replica holds the Lease (always, without leader election).
    pub fn is_leader(&self) -> bool {
        self.leader.get() == 1
    }

    /// The metrics in Prometheus' text format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = encode(&mut out, &self.registry);
        out
    }
}

//! Prometheus metrics (`prometheus-client`) and the admin endpoints: `/metrics`, `/healthz`,
//! `/readyz`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http::{Request, Response, StatusCode, header};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tokio::net::TcpListener;

use crate::body::{Body, full};
use crate::config::Config;
use crate::imports::Matched;

/// The identity of a request's route, as labels.
#[derive(Clone, Debug, Default, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// `namespace/name` of the Gateway.
    pub gateway: String,
    /// The listener's name (empty when no listener took the request).
    pub listener: String,
    /// `namespace/name` of the route (empty when none matched).
    pub route: String,
    /// The rule's index (empty when none matched).
    pub rule: String,
    /// `1xx` … `5xx`.
    pub code: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct GatewayLabels {
    gateway: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ListenerLabels {
    gateway: String,
    listener: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BackendLabels {
    gateway: String,
    backend: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadLabels {
    result: String,
}

/// Status classes counted through [`RequestCounters`]: `1xx` to `5xx`.
const CLASSES: usize = 5;

/// Handles on the request metrics of one configuration's rules and listeners, each fetched
/// from its family on the first request that needs it and kept. Counting a request is then an
/// index by the matched rule's number ([`Matched::rule_slot`]) and an atomic add; building its
/// labels instead cost five strings and two hashes of them per request. The handles share
/// their values with the families, so a reload (a new configuration, new handles) keeps
/// counting into the same series.
#[derive(Debug, Default)]
pub struct RequestCounters {
    /// By rule number, then status class.
    rules: Box<[[OnceLock<Counter>; CLASSES]]>,
    /// Requests no route took, by status class.
    unmatched: [OnceLock<Counter>; CLASSES],
    /// By listener index.
    durations: Box<[OnceLock<Histogram>]>,
    unmatched_duration: OnceLock<Histogram>,
}

impl RequestCounters {
    /// Empty handles for a router of `rules` rule numbers and `listeners` listeners.
    pub fn new(rules: usize, listeners: usize) -> Self {
        Self {
            rules: (0..rules).map(|_| Default::default()).collect(),
            unmatched: Default::default(),
            durations: (0..listeners).map(|_| OnceLock::new()).collect(),
            unmatched_duration: OnceLock::new(),
        }
    }
}

fn duration_histogram() -> Histogram {
    // 0.1 ms … about 3.3 s.
    Histogram::new(exponential_buckets(0.0001, 2.0, 16))
}

/// Every metric the proxy keeps.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    duration: Family<ListenerLabels, Histogram, fn() -> Histogram>,
    connect_errors: Family<BackendLabels, Counter>,
    reloads: Family<ReloadLabels, Counter>,
    build_seconds: Family<GatewayLabels, Histogram, fn() -> Histogram>,
    routes: Family<ListenerLabels, Gauge>,
    /// Whether a configuration is loaded and the listeners are bound.
    pub ready: AtomicBool,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A registry with every metric registered under the `gwapi_proxy` prefix.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("gwapi_proxy");
        let requests = Family::<RequestLabels, Counter>::default();
        let duration = Family::new_with_constructor(duration_histogram as fn() -> Histogram);
        let connect_errors = Family::<BackendLabels, Counter>::default();
        let reloads = Family::<ReloadLabels, Counter>::default();
        let build_seconds = Family::new_with_constructor(duration_histogram as fn() -> Histogram);
        let routes = Family::<ListenerLabels, Gauge>::default();
        registry.register(
            "requests",
            "Requests by gateway, listener, route, rule and status class",
            requests.clone(),
        );
        registry.register(
            "request_duration_seconds",
            "Time from the request head to the response head",
            duration.clone(),
        );
        registry.register(
            "backend_connect_errors",
            "Connections to a backend that could not be made",
            connect_errors.clone(),
        );
        registry.register(
            "reloads",
            "Configuration reloads by result (ok, failed)",
            reloads.clone(),
        );
        registry.register(
            "router_build_seconds",
            "Time to resolve the manifests and build the router",
            build_seconds.clone(),
        );
        registry.register("routes", "Routes attached per listener", routes.clone());
        Self {
            registry,
            requests,
            duration,
            connect_errors,
            reloads,
            build_seconds,
            routes,
            ready: AtomicBool::new(false),
        }
    }

    /// Counts one answered request, through the handles `cache` keeps for the configuration
    /// that answered it (see [`RequestCounters`]).
    pub fn request(
        &self,
        cache: &RequestCounters,
        gateway: &str,
        matched: Option<&Matched<'_>>,
        status: StatusCode,
        elapsed: Duration,
    ) {
        let listener = || matched.map_or_else(String::new, |m| m.listener().name.clone());
        let duration = match matched {
            Some(m) => cache.durations.get(m.listener_index()),
            None => Some(&cache.unmatched_duration),
        };
        let observe = |h: &Histogram| h.observe(elapsed.as_secs_f64());
        let duration_labels = || ListenerLabels {
            gateway: gateway.to_owned(),
            listener: listener(),
        };
        match duration {
            Some(slot) => observe(
                slot.get_or_init(|| self.duration.get_or_create(&duration_labels()).clone()),
            ),
            None => observe(&self.duration.get_or_create(&duration_labels())),
        }
        let labels = || match matched {
            Some(m) => {
                let id = m.route_id();
                RequestLabels {
                    gateway: gateway.to_owned(),
                    listener: listener(),
                    route: format!("{}/{}", id.namespace, id.name),
                    rule: m.rule_index().to_string(),
                    code: code_class(status),
                }
            }
            None => RequestLabels {
                gateway: gateway.to_owned(),
                code: code_class(status),
                ..RequestLabels::default()
            },
        };
        let class = usize::from(status.as_u16() / 100)
            .checked_sub(1)
            .filter(|c| *c < CLASSES);
        let classes = match matched {
            Some(m) => cache.rules.get(m.rule_slot()),
            None => Some(&cache.unmatched),
        };
        match classes.zip(class).and_then(|(c, class)| c.get(class)) {
            Some(slot) => slot
                .get_or_init(|| self.requests.get_or_create(&labels()).clone())
                .inc(),
            // A code outside 100-599 (`http` allows up to 999): labelled each time.
            None => self.requests.get_or_create(&labels()).inc(),
        };
    }

    /// Counts a failed connection to a backend (`namespace/name:port`).
    pub fn connect_error(&self, gateway: &str, backend: String) {
        self.connect_errors
            .get_or_create(&BackendLabels {
                gateway: gateway.to_owned(),
                backend,
            })
            .inc();
    }

    /// Counts a reload; on success records the new configuration's build time and routes.
    pub fn reload(&self, result: Result<&Config, ()>) {
        let label = if result.is_ok() { "ok" } else { "failed" };
        self.reloads
            .get_or_create(&ReloadLabels {
                result: label.to_owned(),
            })
            .inc();
        if let Ok(config) = result {
            self.loaded(config);
        }
    }

    /// Records a configuration's build time and routes per listener.
    pub fn loaded(&self, config: &Config) {
        self.build_seconds
            .get_or_create(&GatewayLabels {
                gateway: config.gateway.clone(),
            })
            .observe(config.build_time.as_secs_f64());
        self.routes.clear();
        for (listener, count) in config.routes_per_listener() {
            self.routes
                .get_or_create(&ListenerLabels {
                    gateway: config.gateway.clone(),
                    listener: listener.to_owned(),
                })
                .set(i64::try_from(count).unwrap_or(i64::MAX));
        }
    }

    /// The OpenMetrics text of every metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }
}

/// The status class label of a status code.
pub fn code_class(status: StatusCode) -> String {
    format!("{}xx", status.as_u16() / 100)
}

/// Serves `/metrics`, `/healthz` and `/readyz` on `listener` until `shutdown` fires.
pub async fn serve_admin(
    listener: TcpListener,
    metrics: Arc<Metrics>,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        let (tcp, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => return,
        };
        let metrics = Arc::clone(&metrics);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<Incoming>| {
                let metrics = Arc::clone(&metrics);
                async move { Ok::<_, std::convert::Infallible>(admin(&metrics, &req)) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(Duration::from_secs(10))
                .serve_connection(TokioIo::new(tcp), service)
                .await;
        });
    }
}

fn admin(metrics: &Metrics, req: &Request<Incoming>) -> Response<Body> {
    let (status, content_type, body) = match req.uri().path() {
        "/metrics" => (
            StatusCode::OK,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
            metrics.encode(),
        ),
        "/healthz" => (StatusCode::OK, "text/plain", "ok\n".to_owned()),
        "/readyz" if metrics.ready.load(Ordering::Acquire) => {
            (StatusCode::OK, "text/plain", "ready\n".to_owned())
        }
        "/readyz" => (
            StatusCode::SERVICE_UNAVAILABLE,
            "text/plain",
            "not ready\n".to_owned(),
        ),
        _ => (
            StatusCode::NOT_FOUND,
            "text/plain",
            "not found\n".to_owned(),
        ),
    };
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static(content_type),
    );
    response
}

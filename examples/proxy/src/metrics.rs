//! Prometheus metrics (`prometheus-client`) and the admin endpoints: `/metrics`, `/healthz`,
//! `/readyz`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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

/// The identity of a request's route, as labels.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
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

    /// Counts one answered request.
    pub fn request(&self, labels: RequestLabels, elapsed: Duration) {
        self.duration
            .get_or_create(&ListenerLabels {
                gateway: labels.gateway.clone(),
                listener: labels.listener.clone(),
            })
            .observe(elapsed.as_secs_f64());
        self.requests.get_or_create(&labels).inc();
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

//! Starting a proxy and echo backends from YAML text, and sending requests to it.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;

use gateway_api_proxy::body::empty;
use gateway_api_proxy::client::{self, Answer, Dial};
use gateway_api_proxy::config::{Config, gateway_key};
use gateway_api_proxy::echo::{self, EchoReport};
use gateway_api_proxy::endpoints::EndpointOverride;
use gateway_api_proxy::extension::Extensions;
use gateway_api_proxy::metrics::Metrics;
use gateway_api_proxy::proxy::{Limits, Proxy};
use gateway_api_proxy::server::{ServerLimits, Shutdown, serve_on_loopback};
use http::{HeaderValue, Request, header};
use tokio::sync::watch;

/// A GatewayClass, a Gateway `infra/gw` with an HTTP listener `http` on port 80, and
/// HTTPRoute `infra/web` sending `web.example.com` to Service `infra/{backend}` port 8080
/// with the rule's `extra` YAML (indented for a rule's fields) added.
pub(crate) fn manifests(backend: &str, extra: &str) -> String {
    format!(
        r#"apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {{name: example}}
spec: {{controllerName: example.net/gateway-controller}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {{name: gw, namespace: infra}}
spec:
  gatewayClassName: example
  listeners:
  - {{name: http, protocol: HTTP, port: 80}}
---
apiVersion: v1
kind: Service
metadata: {{name: a, namespace: infra}}
spec: {{ports: [{{port: 8080}}]}}
---
apiVersion: v1
kind: Service
metadata: {{name: b, namespace: infra}}
spec: {{ports: [{{port: 8080}}]}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {{name: web, namespace: infra}}
spec:
  parentRefs: [{{name: gw}}]
  hostnames: [web.example.com]
  rules:
  - backendRefs: [{{name: {backend}, port: 8080}}]
{extra}
"#
    )
}

/// A running proxy for `infra/gw` with echo backends `infra/a` and `infra/b` (port 8080).
pub(crate) struct Lab {
    pub(crate) proxy: Arc<Proxy>,
    /// Where the proxy serves Gateway port 80.
    pub(crate) addr: SocketAddr,
    pub(crate) overrides: Vec<EndpointOverride>,
    pub(crate) shutdown: Option<Shutdown>,
    stop: watch::Sender<bool>,
}

impl Lab {
    pub(crate) async fn start(yaml: &str, limits: Limits, server: ServerLimits) -> Self {
        let (stop, stop_rx) = watch::channel(false);
        let mut overrides = Vec::new();
        for name in ["a", "b"] {
            let addr = echo::start("infra", name, stop_rx.clone()).await.unwrap();
            overrides.push(EndpointOverride {
                namespace: "infra".into(),
                name: name.into(),
                port: 8080,
                addr,
            });
        }
        let config = config(yaml, &overrides);
        let proxy = Arc::new(Proxy::new(
            config,
            Arc::new(Metrics::new()),
            Extensions::default(),
            limits,
        ));
        let shutdown = Shutdown::default();
        let addrs = serve_on_loopback(&proxy, [80], server, &shutdown)
            .await
            .unwrap();
        Self {
            proxy,
            addr: addrs[&80],
            overrides,
            shutdown: Some(shutdown),
            stop,
        }
    }

    pub(crate) async fn stop(mut self) {
        let _ = self.stop.send(true);
        if let Some(s) = self.shutdown.take() {
            s.drain(std::time::Duration::from_secs(5)).await;
        }
    }
}

/// A configuration for `infra/gw` from YAML text.
pub(crate) fn config(yaml: &str, overrides: &[EndpointOverride]) -> Config {
    let docs: Vec<_> = gateway_api_types::parse("test.yaml", yaml)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    Config::from_documents(&docs, &gateway_key("infra", "gw"), overrides).unwrap()
}

/// GET `path` with Host `host` on a new connection.
pub(crate) async fn get(addr: SocketAddr, host: &str, path: &str) -> anyhow::Result<Answer> {
    let mut req = Request::new(empty());
    *req.uri_mut() = path.parse()?;
    req.headers_mut()
        .insert(header::HOST, HeaderValue::from_str(host)?);
    client::send(addr, &Dial::default(), req).await
}

/// The Service that answered, from an echo answer.
pub(crate) fn served_by(answer: &Answer) -> Option<String> {
    EchoReport::from_json(&answer.body).map(|r| r.service)
}

/// A temporary directory removed on drop.
pub(crate) struct TempDir(pub(crate) std::path::PathBuf);

impl TempDir {
    pub(crate) fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("gwapi-proxy-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Parses the OpenMetrics text: metric line → value, with the labels sorted.
pub(crate) fn parse_metrics(text: &str) -> BTreeMap<String, f64> {
    let mut out = BTreeMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (key, value) = line.rsplit_once(' ').unwrap();
        let key = match key.split_once('{') {
            Some((name, labels)) => {
                let mut pairs: Vec<&str> = labels.trim_end_matches('}').split(',').collect();
                pairs.sort_unstable();
                format!("{name}{{{}}}", pairs.join(","))
            }
            None => key.to_owned(),
        };
        out.insert(key, value.parse().unwrap());
    }
    out
}

//! From manifests to what the proxy serves: one Gateway's router, the TLS of each port, the
//! endpoints of its backends and the rules' timeouts. A `Config` is immutable; a reload builds
//! a new one and swaps it in whole.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context as _, anyhow, bail};

use crate::endpoints::{EndpointOverride, Endpoints};
use crate::imports::{
    Change, Document, EffectiveGateway, EffectiveRules, Matched, ObjectKey, Options, Resolver,
    Router, RouterCache, Snapshot, build_router, resolve,
};
use crate::input::read_manifests;
use crate::metrics::RequestCounters;
use crate::tls::CertStore;

/// What to load: the manifests, the Gateway to serve and the endpoint overrides.
#[derive(Clone, Debug)]
pub struct Source {
    /// Files, directories or `-`.
    pub paths: Vec<String>,
    /// The Gateway whose listeners are served.
    pub gateway: ObjectKey,
    /// `--endpoint` overrides.
    pub overrides: Vec<EndpointOverride>,
}

/// The timeouts of an HTTPRoute rule (`spec.rules[].timeouts`); `None` is no limit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleTimeouts {
    /// `request`: the whole exchange, up to the response headers here.
    pub request: Option<Duration>,
    /// `backendRequest`: one call to a backend.
    pub backend_request: Option<Duration>,
}

/// One listening port of the Gateway.
#[derive(Clone)]
pub struct Port {
    /// TLS, when a listener on the port terminates it.
    pub tls: Option<Arc<rustls::ServerConfig>>,
}

/// Everything a request needs, built once per (re)load.
pub struct Config {
    /// The Gateway, `namespace/name` (a metrics label).
    pub gateway: String,
    /// The compiled routes.
    pub router: Router,
    /// Listening ports (the Gateway's, before any offset) and their TLS.
    pub ports: BTreeMap<u16, Port>,
    /// Backend addresses.
    pub endpoints: Endpoints,
    /// Each rule's timeouts, by its number in the router ([`Matched::rule_slot`]).
    timeouts: Vec<RuleTimeouts>,
    /// Handles on the request metrics of this configuration's rules and listeners.
    pub counters: RequestCounters,
    /// What was left out and why (bad certificates, EndpointSlices that do not decode).
    pub warnings: Vec<String>,
    /// How long resolving and building took.
    pub build_time: Duration,
}

impl Config {
    /// Reads the manifests and builds the configuration of `source.gateway`. A document that
    /// does not decode, a Gateway that is missing or a router that does not build is an error
    /// (a reload keeps the previous configuration then).
    pub fn load(source: &Source) -> anyhow::Result<Self> {
        Loader::new(source.clone()).load()
    }

    /// Builds the configuration from decoded documents.
    pub fn from_documents(
        documents: &[Document],
        gateway: &ObjectKey,
        overrides: &[EndpointOverride],
    ) -> anyhow::Result<Self> {
        let started = Instant::now();
        let snapshot = Snapshot::from_documents(documents);
        let effective = effective_gateway(&snapshot, gateway)?;
        Self::from_effective(
            documents, &snapshot, gateway, &effective, overrides, started,
        )
    }

    /// Builds the configuration from a Gateway already resolved (`started`: when the build
    /// began, for the build-time metric).
    pub fn from_effective(
        documents: &[Document],
        snapshot: &Snapshot,
        gateway: &ObjectKey,
        effective: &EffectiveGateway,
        overrides: &[EndpointOverride],
        started: Instant,
    ) -> anyhow::Result<Self> {
        let router = build_router(effective).map_err(|e| router_error(gateway, &e))?;
        Self::with_router(
            documents, snapshot, gateway, effective, router, overrides, started,
        )
    }

    /// [`Config::from_effective`] with the router already built.
    fn with_router(
        documents: &[Document],
        snapshot: &Snapshot,
        gateway: &ObjectKey,
        effective: &EffectiveGateway,
        router: Router,
        overrides: &[EndpointOverride],
        started: Instant,
    ) -> anyhow::Result<Self> {
        let (endpoints, mut warnings) = Endpoints::build(documents, snapshot, overrides);
        let mut ports = BTreeMap::new();
        for l in &effective.listeners {
            if l.protocol != "HTTP" && l.protocol != "HTTPS" {
                continue;
            }
            let Ok(port) = u16::try_from(l.port) else {
                continue;
            };
            if ports.contains_key(&port) {
                continue;
            }
            let on_port = effective.listeners.iter().filter(|o| o.port == l.port);
            let (store, problems) = CertStore::build(on_port, snapshot);
            warnings.extend(problems);
            let tls = if store.is_empty() {
                None
            } else {
                Some(Arc::new(store.server_config()?))
            };
            ports.insert(port, Port { tls });
        }
        let timeouts = by_rule_slot(&router, &timeouts(effective)?);
        let counters = RequestCounters::new(router.rule_slots(), router.listeners().len());
        Ok(Self {
            gateway: format!("{}/{}", gateway.namespace, gateway.name),
            router,
            ports,
            endpoints,
            timeouts,
            counters,
            warnings,
            build_time: started.elapsed(),
        })
    }

    /// The timeouts of the matched rule (none for GRPCRoute rules).
    pub fn timeouts(&self, matched: &Matched<'_>) -> RuleTimeouts {
        self.timeouts
            .get(matched.rule_slot())
            .copied()
            .unwrap_or_default()
    }

    /// Routes per listener name, for the metrics.
    pub fn routes_per_listener(&self) -> impl Iterator<Item = (&str, usize)> {
        self.router
            .listeners()
            .iter()
            .map(|l| (l.name.as_str(), l.routes.len()))
    }
}

/// The key of a Gateway (for callers that do not import the resolver).
pub fn gateway_key(namespace: &str, name: &str) -> ObjectKey {
    ObjectKey::new(namespace, name)
}

/// The effective configuration of a Gateway, resolved for the controller of its class.
pub fn effective_gateway(snapshot: &Snapshot, key: &ObjectKey) -> anyhow::Result<EffectiveGateway> {
    let controller = controller_of(snapshot, key)?;
    let mut resolution = resolve(snapshot, &Options::new(controller));
    resolution
        .effective
        .remove(key)
        .ok_or_else(|| no_effective(key))
}

/// The controller named by the class of the Gateway `key`: the proxy resolves as that
/// controller would.
fn controller_of(snapshot: &Snapshot, key: &ObjectKey) -> anyhow::Result<String> {
    let gateway = snapshot.gateways.get(key).ok_or_else(|| {
        anyhow!(
            "Gateway {}/{} not found in the manifests",
            key.namespace,
            key.name
        )
    })?;
    let class = &gateway.spec.gateway_class_name;
    snapshot
        .gateway_classes
        .get(&ObjectKey::cluster(class))
        .map(|c| c.spec.controller_name.clone())
        .ok_or_else(|| anyhow!("GatewayClass {class} not found in the manifests"))
}

fn no_effective(key: &ObjectKey) -> anyhow::Error {
    anyhow!(
        "Gateway {}/{} has no effective configuration",
        key.namespace,
        key.name
    )
}

fn router_error(gateway: &ObjectKey, e: &impl std::fmt::Display) -> anyhow::Error {
    anyhow!("Gateway {}/{}: {e}", gateway.namespace, gateway.name)
}

/// Loads a [`Source`] again and again, reusing what the previous load computed: the resolver
/// (an object read again unchanged costs a comparison, and the routes it affects are all that
/// is resolved again) and the router cache (a route whose rules did not change is not
/// converted again). The hot reload keeps one for the life of the proxy.
pub struct Loader {
    source: Source,
    resolver: Option<Resolver>,
    cache: RouterCache,
}

impl Loader {
    /// A loader that has loaded nothing yet.
    pub fn new(source: Source) -> Self {
        Self {
            source,
            resolver: None,
            cache: RouterCache::new(),
        }
    }

    /// What it loads.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Reads the manifests and builds the configuration of the source's Gateway, as
    /// [`Config::load`] does, from the objects that changed since the last load.
    pub fn load(&mut self) -> anyhow::Result<Config> {
        let read = read_manifests(&self.source.paths)?;
        if !read.errors.is_empty() {
            let all: Vec<String> = read.errors.iter().map(ToString::to_string).collect();
            bail!("{}", all.join("\n"));
        }
        let started = Instant::now();
        let snapshot = Snapshot::from_documents(&read.documents);
        let gateway = &self.source.gateway;
        let controller = controller_of(&snapshot, gateway)?;
        let resolver = match self.resolver.take() {
            Some(mut resolver) if resolver.options().controller_name == controller => {
                let gone: Vec<Change> = resolver
                    .snapshot()
                    .resources()
                    .filter(|o| snapshot.get(o.kind(), &o.key()).is_none())
                    .map(|o| Change::Delete(o.kind(), o.key()))
                    .collect();
                resolver.apply(
                    gone.into_iter()
                        .chain(snapshot.resources().map(Change::Upsert)),
                );
                resolver
            }
            _ => Resolver::from_snapshot(snapshot.clone(), Options::new(controller)),
        };
        let resolver = self.resolver.insert(resolver);
        let effective = resolver
            .resolution()
            .effective
            .get(gateway)
            .ok_or_else(|| no_effective(gateway))?;
        let router = self
            .cache
            .build(effective)
            .map_err(|e| router_error(gateway, &e))?;
        Config::with_router(
            &read.documents,
            &snapshot,
            gateway,
            effective,
            router,
            &self.source.overrides,
            started,
        )
    }
}

/// The timeouts of every rule of `router`, in the order the router numbers its rules
/// (listeners, their routes, their rules), so a request finds its rule's by index.
fn by_rule_slot(
    router: &Router,
    by_name: &HashMap<String, HashMap<String, Vec<RuleTimeouts>>>,
) -> Vec<RuleTimeouts> {
    let mut out = Vec::with_capacity(router.rule_slots());
    for route in router.listeners().iter().flat_map(|l| &l.routes) {
        let rules = by_name
            .get(&*route.id.namespace)
            .and_then(|names| names.get(&*route.id.name));
        out.extend((0..route.rule_count()).map(|position| {
            rules
                .and_then(|r| r.get(route.rule_index(position)))
                .copied()
                .unwrap_or_default()
        }));
    }
    out
}

/// HTTPRoute namespace → name → timeouts per rule index.
fn timeouts(
    effective: &EffectiveGateway,
) -> anyhow::Result<HashMap<String, HashMap<String, Vec<RuleTimeouts>>>> {
    let mut out: HashMap<String, HashMap<String, Vec<RuleTimeouts>>> = HashMap::new();
    for l in &effective.listeners {
        for r in &l.routes {
            let EffectiveRules::Http(rules) = &*r.rules else {
                continue;
            };
            let names = out.entry(r.route.namespace.clone()).or_default();
            if names.contains_key(&r.route.name) {
                continue;
            }
            let mut per_rule = Vec::with_capacity(rules.len());
            for rule in rules {
                let at = || {
                    format!(
                        "HTTPRoute {}/{} rule {}",
                        r.route.namespace, r.route.name, rule.index
                    )
                };
                let t = rule.timeouts.as_ref();
                let field = |value: Option<&str>, name: &str| {
                    value
                        .map(parse_duration)
                        .transpose()
                        .with_context(|| format!("{}: timeouts.{name}", at()))
                        .map(Option::flatten)
                };
                per_rule.push(RuleTimeouts {
                    request: field(t.and_then(|t| t.request.as_deref()), "request")?,
                    backend_request: field(
                        t.and_then(|t| t.backend_request.as_deref()),
                        "backendRequest",
                    )?,
                });
            }
            names.insert(r.route.name.clone(), per_rule);
        }
    }
    Ok(out)
}

/// A Gateway API duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`, e.g. `1h30m`, `500ms`); zero is
/// `None`: "A value of 0 ... disables the timeout".
pub fn parse_duration(text: &str) -> anyhow::Result<Option<Duration>> {
    let mut total = Duration::ZERO;
    let mut rest = text;
    if rest.is_empty() {
        bail!("{text:?}: empty duration");
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| anyhow!("{text:?}: expected a number"))?;
        rest = &rest[digits..];
        let (unit, len) = if rest.starts_with("ms") {
            (Duration::from_millis(1), 2)
        } else if rest.starts_with('h') {
            (Duration::from_secs(3600), 1)
        } else if rest.starts_with('m') {
            (Duration::from_secs(60), 1)
        } else if rest.starts_with('s') {
            (Duration::from_secs(1), 1)
        } else {
            bail!("{text:?}: expected a unit h, m, s or ms");
        };
        rest = &rest[len..];
        total += unit * u32::try_from(n).map_err(|_| anyhow!("{text:?}: too large"))?;
    }
    Ok((!total.is_zero()).then_some(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_follow_the_api_format() {
        assert_eq!(
            parse_duration("1h30m").unwrap(),
            Some(Duration::from_secs(5400))
        );
        assert_eq!(
            parse_duration("500ms").unwrap(),
            Some(Duration::from_millis(500))
        );
        assert_eq!(parse_duration("2s").unwrap(), Some(Duration::from_secs(2)));
        assert_eq!(parse_duration("0s").unwrap(), None);
        assert!(parse_duration("5").is_err());
        assert!(parse_duration("1d").is_err());
        assert!(parse_duration("").is_err());
    }
}

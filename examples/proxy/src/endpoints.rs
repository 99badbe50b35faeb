//! Where a Service port's traffic goes: the ready endpoints of its `EndpointSlice`s
//! (discovery.k8s.io/v1) in the input, or addresses given with `--endpoint`.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use k8s_openapi::api::discovery::v1::EndpointSlice;

use crate::imports::{Document, Object, Snapshot};

/// The label that ties an EndpointSlice to its Service.
const SERVICE_NAME_LABEL: &str = "kubernetes.io/service-name";

/// The addresses of each port of one Service.
type ServicePorts = Vec<(u16, Arc<[SocketAddr]>)>;

/// Addresses per Service port, looked up by borrowed names (no allocation per request).
#[derive(Clone, Debug, Default)]
pub struct Endpoints {
    by_namespace: HashMap<String, HashMap<String, ServicePorts>>,
}

/// An `--endpoint NS/SVC:PORT=ADDR` override.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointOverride {
    /// The Service's namespace.
    pub namespace: String,
    /// The Service's name.
    pub name: String,
    /// The Service port (as backendRefs name it).
    pub port: u16,
    /// Where to send its traffic.
    pub addr: SocketAddr,
}

impl std::str::FromStr for EndpointOverride {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let err = || format!("{s:?}: expected NAMESPACE/SERVICE:PORT=IP:PORT");
        let (svc, addr) = s.split_once('=').ok_or_else(err)?;
        let (ns_name, port) = svc.rsplit_once(':').ok_or_else(err)?;
        let (namespace, name) = ns_name.split_once('/').ok_or_else(err)?;
        if namespace.is_empty() || name.is_empty() {
            return Err(err());
        }
        Ok(Self {
            namespace: namespace.to_owned(),
            name: name.to_owned(),
            port: port.parse().map_err(|_| err())?,
            addr: addr.parse().map_err(|_| err())?,
        })
    }
}

impl Endpoints {
    /// The addresses of a Service port; empty when it has none ready.
    pub fn get(&self, namespace: &str, name: &str, port: u16) -> &[SocketAddr] {
        self.by_namespace
            .get(namespace)
            .and_then(|svcs| svcs.get(name))
            .and_then(|ports| ports.iter().find(|(p, _)| *p == port))
            .map_or(&[], |(_, a)| a)
    }

    /// Sets the addresses of a Service port (replacing what it had).
    pub fn set(&mut self, namespace: &str, name: &str, port: u16, addrs: Vec<SocketAddr>) {
        let ports = self
            .by_namespace
            .entry(namespace.to_owned())
            .or_default()
            .entry(name.to_owned())
            .or_default();
        ports.retain(|(p, _)| *p != port);
        ports.push((port, addrs.into()));
    }

    /// Endpoints from the EndpointSlices among `documents`, then the overrides (which replace
    /// what the slices say for their Service port). A slice that does not decode is reported in
    /// the returned messages and left out; the others still count.
    pub fn build(
        documents: &[Document],
        snapshot: &Snapshot,
        overrides: &[EndpointOverride],
    ) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        // (namespace, service) → [(service port, addresses)]
        let mut collected: HashMap<(String, String), SlicePorts> = HashMap::new();
        for doc in documents {
            let Object::Other(value) = &doc.object else {
                continue;
            };
            if value.get("kind").and_then(|k| k.as_str()) != Some("EndpointSlice") {
                continue;
            }
            if value.get("apiVersion").and_then(|k| k.as_str()) != Some("discovery.k8s.io/v1") {
                warnings.push(format!(
                    "{}: EndpointSlice: only discovery.k8s.io/v1 is read; left out",
                    doc.source
                ));
                continue;
            }
            let slice: EndpointSlice = match serde_json::from_value(value.clone()) {
                Ok(s) => s,
                Err(e) => {
                    warnings.push(format!("{}: EndpointSlice: {e}; left out", doc.source));
                    continue;
                }
            };
            let namespace = slice.metadata.namespace.clone().unwrap_or_default();
            let Some(service) = slice
                .metadata
                .labels
                .as_ref()
                .and_then(|l| l.get(SERVICE_NAME_LABEL))
                .cloned()
            else {
                warnings.push(format!(
                    "{}: EndpointSlice {namespace}/{}: metadata.labels: no {SERVICE_NAME_LABEL} label; left out",
                    doc.source,
                    slice.metadata.name.as_deref().unwrap_or("")
                ));
                continue;
            };
            let entry = collected
                .entry((namespace.clone(), service.clone()))
                .or_default();
            for (port, addrs) in slice_ports(&slice, snapshot, &namespace, &service) {
                match entry.iter_mut().find(|(p, _)| *p == port) {
                    Some((_, all)) => all.extend(addrs),
                    None => entry.push((port, addrs)),
                }
            }
        }
        let mut out = Self::default();
        for ((namespace, service), ports) in collected {
            for (port, addrs) in ports {
                out.set(&namespace, &service, port, addrs);
            }
        }
        let mut overridden: HashMap<(&str, &str, u16), Vec<SocketAddr>> = HashMap::new();
        for o in overrides {
            overridden
                .entry((&o.namespace, &o.name, o.port))
                .or_default()
                .push(o.addr);
        }
        for ((namespace, name, port), addrs) in overridden {
            out.set(namespace, name, port, addrs);
        }
        (out, warnings)
    }
}

/// Service port → addresses, as the slices of one Service give them.
type SlicePorts = Vec<(u16, Vec<SocketAddr>)>;

/// For each Service port the slice serves: its number (as backendRefs name it) and the ready
/// addresses with the slice's target port. A slice port is tied to a Service port by name (the
/// Service port's name, empty for an unnamed single port).
fn slice_ports(
    slice: &EndpointSlice,
    snapshot: &Snapshot,
    namespace: &str,
    service: &str,
) -> SlicePorts {
    // "ready ... nil should be interpreted as true" (EndpointConditions).
    let ips: Vec<IpAddr> = slice
        .endpoints
        .iter()
        .flatten()
        .filter(|e| e.conditions.as_ref().and_then(|c| c.ready).unwrap_or(true))
        .flat_map(|e| e.addresses.iter().filter_map(|a| a.parse().ok()))
        .collect();
    let service_ports = snapshot
        .services
        .get(&crate::imports::ObjectKey::new(namespace, service))
        .and_then(|s| s.spec.as_ref())
        .and_then(|s| s.ports.clone())
        .unwrap_or_default();
    let mut out = Vec::new();
    for sp in slice.ports.iter().flatten() {
        let Some(target) = sp.port.and_then(|p| u16::try_from(p).ok()) else {
            continue;
        };
        let name = sp.name.as_deref().unwrap_or("");
        // Without the Service in the input, the slice's port number stands for the Service port.
        let numbers: Vec<u16> = if service_ports.is_empty() {
            vec![target]
        } else {
            service_ports
                .iter()
                .filter(|p| p.name.as_deref().unwrap_or("") == name)
                .filter_map(|p| u16::try_from(p.port).ok())
                .collect()
        };
        for number in numbers {
            out.push((
                number,
                ips.iter().map(|ip| SocketAddr::new(*ip, target)).collect(),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_parse_and_name_their_format() {
        let o: EndpointOverride = "ns/svc:8080=127.0.0.1:9000".parse().unwrap();
        assert_eq!(
            (o.namespace.as_str(), o.name.as_str(), o.port),
            ("ns", "svc", 8080)
        );
        assert_eq!(o.addr, "127.0.0.1:9000".parse().unwrap());
        let e = "svc:80=1.2.3.4:5".parse::<EndpointOverride>().unwrap_err();
        assert!(e.contains("NAMESPACE/SERVICE:PORT=IP:PORT"), "{e}");
    }

    #[test]
    fn slices_give_ready_endpoints_by_service_port_name() {
        let text = r#"
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  ports: [{name: http, port: 80, targetPort: 8080}, {name: admin, port: 9000}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-1, namespace: app, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}, {name: admin, port: 9001}]
endpoints:
- addresses: [10.0.0.1]
- addresses: [10.0.0.2]
  conditions: {ready: false}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: broken, namespace: app}
addressType: IPv4
endpoints: []
"#;
        let docs: Vec<Document> = crate::imports::parse("in.yaml", text)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let snapshot = Snapshot::from_documents(&docs);
        let (eps, warnings) = Endpoints::build(&docs, &snapshot, &[]);
        assert_eq!(
            eps.get("app", "web", 80),
            ["10.0.0.1:8080".parse().unwrap()]
        );
        assert_eq!(
            eps.get("app", "web", 9000),
            ["10.0.0.1:9001".parse().unwrap()]
        );
        assert!(eps.get("app", "web", 8080).is_empty());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("in.yaml (document 2)") && warnings[0].contains("app/broken"));
        let o: EndpointOverride = "app/web:80=127.0.0.1:1".parse().unwrap();
        let (eps, _) = Endpoints::build(&docs, &snapshot, &[o]);
        assert_eq!(eps.get("app", "web", 80), ["127.0.0.1:1".parse().unwrap()]);
    }
}

//! The fuzz scenario shared by `fuzz/fuzz_targets/resolve.rs` (cargo-fuzz) and
//! `tests/fuzz_replay.rs` (stable).
//!
//! Arbitrary bytes steer a small generator through every kind the resolver reads: names,
//! namespaces, ports, protocols, hostnames and references are drawn from small pools so that
//! objects meet each other (parentRefs find Gateways, grants find routes, listeners collide).
//! Each generated object goes through the real decoder (`gateway_api_types::parse`) into a
//! [`Snapshot`]. Then:
//!
//! - resolving never panics, and resolving the same snapshot twice gives the same result;
//! - resolving again over the written status changes no status (no churn);
//! - every effective Gateway builds a router or reports why not, without panicking;
//! - the status items serialize.

use gateway_api_resolve::{
    Change, ObjectKey, Options, Resolution, Resolver, Resource, RouterCache, Snapshot,
    build_router, resolve,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use serde_json::{Value, json};

const CONTROLLER: &str = "example.net/fuzz";
const GROUP: &str = "gateway.networking.k8s.io";

/// A cursor over the fuzz input: every choice reads one byte; past the end, choices are 0.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((b, rest)) => {
                self.0 = rest;
                *b
            }
            None => 0,
        }
    }
    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn flag(&mut self) -> bool {
        self.byte() & 1 == 1
    }
    /// `Some(pick)` about half the time.
    fn maybe<T: Copy>(&mut self, xs: &[T]) -> Option<T> {
        self.flag().then(|| self.pick(xs))
    }
}

const NAMESPACES: &[&str] = &["a", "b", "c"];
const GATEWAYS: &[&str] = &["gw", "gw2"];
const LISTENER_NAMES: &[&str] = &["l0", "l1", "l2", "l0"];
const PORTS: &[i64] = &[80, 443, 8080, 0, 70000];
const PROTOCOLS: &[&str] = &[
    "HTTP",
    "HTTPS",
    "TLS",
    "TCP",
    "UDP",
    "example.com/x",
    "SCTP",
];
const HOSTNAMES: &[&str] = &[
    "*.example.com",
    "a.example.com",
    "*.a.example.com",
    "example.com",
    "b.a.example.com",
    "*",
    "A.Example.com",
];
const SERVICES: &[&str] = &["svc", "svc2", "missing"];
const SECRETS: &[&str] = &["cert", "opaque", "missing"];
const TIMESTAMPS: &[Option<&str>] = &[
    None,
    Some("2024-01-01T00:00:00Z"),
    Some("2024-01-01T00:00:00Z"),
    Some("2023-06-01T00:00:00Z"),
];
const CERT_PEM: &str =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2Y=\n-----END CERTIFICATE-----\n";
const KEY_PEM: &str =
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgE=\n-----END PRIVATE KEY-----\n";

fn meta(b: &mut Bytes<'_>, name: &str, namespace: Option<&str>) -> Value {
    let mut m = json!({"name": name});
    if let Some(ns) = namespace {
        m["namespace"] = json!(ns);
    }
    if let Some(ts) = b.pick(TIMESTAMPS) {
        m["creationTimestamp"] = json!(ts);
    }
    if b.flag() {
        m["generation"] = json!(1 + b.below(3));
    }
    m
}

fn selector(b: &mut Bytes<'_>) -> Value {
    if b.flag() {
        json!({"matchLabels": {"env": b.pick(&["prod", "dev"])}})
    } else {
        json!({"matchExpressions": [{
            "key": b.pick(&["env", "kubernetes.io/metadata.name"]),
            "operator": b.pick(&["In", "NotIn", "Exists", "DoesNotExist", "Bogus"]),
            "values": [b.pick(NAMESPACES), "prod"],
        }]})
    }
}

fn object_ref(b: &mut Bytes<'_>, kinds: &[(&str, &str)], names: &[&str]) -> Value {
    let (group, kind) = b.pick(kinds);
    let mut r = json!({"group": group, "kind": kind, "name": b.pick(names)});
    if let Some(ns) = b.maybe(NAMESPACES) {
        r["namespace"] = json!(ns);
    }
    r
}

fn listener(b: &mut Bytes<'_>) -> Value {
    let protocol = b.pick(PROTOCOLS);
    let mut l = json!({
        "name": b.pick(LISTENER_NAMES),
        "port": b.pick(PORTS),
        "protocol": protocol,
    });
    if let Some(h) = b.maybe(HOSTNAMES) {
        l["hostname"] = json!(h);
    }
    if matches!(protocol, "HTTPS" | "TLS") || b.below(8) == 0 {
        let refs: Vec<Value> = (0..b.below(3))
            .map(|_| {
                object_ref(
                    b,
                    &[("", "Secret"), ("", "ConfigMap"), ("x.io", "Vault")],
                    SECRETS,
                )
            })
            .collect();
        l["tls"] = json!({
            "mode": b.pick(&["Terminate", "Passthrough", "Bogus"]),
            "certificateRefs": refs,
        });
    }
    let from = b.pick(&["Same", "All", "Selector", "None"]);
    let mut namespaces = json!({"from": from});
    if from == "Selector" && b.below(4) != 0 {
        namespaces["selector"] = selector(b);
    }
    let mut allowed = json!({"namespaces": namespaces});
    if b.flag() {
        let kinds: Vec<Value> = (0..1 + b.below(2))
            .map(|_| {
                json!({"group": GROUP, "kind": b.pick(&["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "Bogus"])})
            })
            .collect();
        allowed["kinds"] = json!(kinds);
    }
    l["allowedRoutes"] = allowed;
    l
}

fn parent_ref(b: &mut Bytes<'_>) -> Value {
    let kind = b.pick(&["Gateway", "Gateway", "ListenerSet", "Service"]);
    let mut p = json!({"group": GROUP, "kind": kind, "name": b.pick(if kind == "ListenerSet" { &["ls", "ls2"] } else { GATEWAYS })});
    if let Some(ns) = b.maybe(NAMESPACES) {
        p["namespace"] = json!(ns);
    }
    if let Some(s) = b.maybe(LISTENER_NAMES) {
        p["sectionName"] = json!(s);
    }
    if let Some(port) = b.maybe(&[80, 443, 8080]) {
        p["port"] = json!(port);
    }
    p
}

fn backend_ref(b: &mut Bytes<'_>) -> Value {
    let mut r = object_ref(
        b,
        &[("", "Service"), ("", "Service"), ("x.io", "Bucket")],
        SERVICES,
    );
    if b.below(4) != 0 {
        r["port"] = json!(b.pick(&[8080, 9090]));
    }
    if b.flag() {
        r["weight"] = json!(b.below(3));
    }
    r
}

fn http_rule(b: &mut Bytes<'_>) -> Value {
    let matches: Vec<Value> = (0..b.below(3))
        .map(|_| {
            let mut m = json!({"path": {
                "type": b.pick(&["Exact", "PathPrefix", "RegularExpression"]),
                "value": b.pick(&["/", "/a", "/a/b", "/[", "/x/"]),
            }});
            if b.flag() {
                m["method"] = json!(b.pick(&["GET", "POST"]));
            }
            if b.flag() {
                m["headers"] = json!([{"name": "x-a", "value": "1"}]);
            }
            m
        })
        .collect();
    let mut filters = Vec::new();
    for _ in 0..b.below(3) {
        filters.push(match b.below(4) {
            0 => json!({"type": "RequestMirror", "requestMirror": {"backendRef": backend_ref(b)}}),
            1 => json!({"type": "RequestRedirect", "requestRedirect": {"statusCode": 301, "hostname": "r.example.com"}}),
            2 => json!({"type": "URLRewrite", "urlRewrite": {"path": {"type": "ReplacePrefixMatch", "replacePrefixMatch": "/n"}}}),
            _ => json!({"type": "RequestHeaderModifier", "requestHeaderModifier": {"set": [{"name": "x-b", "value": "2"}]}}),
        });
    }
    let backends: Vec<Value> = (0..b.below(3)).map(|_| backend_ref(b)).collect();
    json!({"matches": matches, "filters": filters, "backendRefs": backends})
}

fn grpc_rule(b: &mut Bytes<'_>) -> Value {
    let matches: Vec<Value> = (0..b.below(3))
        .map(|_| {
            json!({"method": {
                "type": b.pick(&["Exact", "RegularExpression"]),
                "service": b.pick(&["svc.v1.Echo", "svc.v1.Other"]),
                "method": b.pick(&["Echo", "Get"]),
            }})
        })
        .collect();
    let backends: Vec<Value> = (0..b.below(3)).map(|_| backend_ref(b)).collect();
    json!({"matches": matches, "backendRefs": backends})
}

fn route(b: &mut Bytes<'_>, i: usize) -> Value {
    let kind = b.pick(&[
        "HTTPRoute",
        "HTTPRoute",
        "GRPCRoute",
        "TLSRoute",
        "TCPRoute",
        "UDPRoute",
    ]);
    let api = match kind {
        "HTTPRoute" | "GRPCRoute" | "TLSRoute" => "gateway.networking.k8s.io/v1",
        _ => "gateway.networking.k8s.io/v1alpha2",
    };
    let ns = b.pick(NAMESPACES);
    let parents: Vec<Value> = (0..1 + b.below(2)).map(|_| parent_ref(b)).collect();
    let mut spec = json!({"parentRefs": parents});
    if matches!(kind, "HTTPRoute" | "GRPCRoute" | "TLSRoute") {
        let hosts: Vec<&str> = (0..b.below(3))
            .map(|_| b.pick(HOSTNAMES))
            .filter(|h| *h != "*")
            .collect();
        if kind == "TLSRoute" && hosts.is_empty() {
            spec["hostnames"] = json!(["a.example.com"]);
        } else {
            spec["hostnames"] = json!(hosts);
        }
    }
    let rules: Vec<Value> = (0..1 + b.below(2))
        .map(|_| match kind {
            "HTTPRoute" => http_rule(b),
            "GRPCRoute" => grpc_rule(b),
            _ => json!({"backendRefs": [backend_ref(b)]}),
        })
        .collect();
    spec["rules"] = json!(rules);
    json!({
        "apiVersion": api, "kind": kind,
        "metadata": meta(b, &format!("r{i}"), Some(ns)),
        "spec": spec,
    })
}

/// Builds the objects the input describes.
fn objects(b: &mut Bytes<'_>) -> Vec<Value> {
    let mut out = Vec::new();
    for ns in NAMESPACES {
        if b.below(4) != 0 {
            out.push(json!({"apiVersion": "v1", "kind": "Namespace",
                "metadata": {"name": ns, "labels": {"env": b.pick(&["prod", "dev"])}}}));
        }
        for svc in &SERVICES[..2] {
            if b.below(4) != 0 {
                let mut port = json!({"port": b.pick(&[8080, 9090])});
                if let Some(p) = b.maybe(&[
                    "kubernetes.io/h2c",
                    "kubernetes.io/ws",
                    "kubernetes.io/sctp",
                    "example.com/x",
                ]) {
                    port["appProtocol"] = json!(p);
                }
                out.push(json!({"apiVersion": "v1", "kind": "Service",
                    "metadata": {"name": svc, "namespace": ns}, "spec": {"ports": [port]}}));
            }
        }
        if b.flag() {
            out.push(json!({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/tls",
                "metadata": {"name": "cert", "namespace": ns},
                "stringData": {"tls.crt": if b.flag() { CERT_PEM } else { "garbage" }, "tls.key": KEY_PEM}}));
        }
        if b.flag() {
            out.push(
                json!({"apiVersion": "v1", "kind": "Secret", "type": "Opaque",
                "metadata": {"name": "opaque", "namespace": ns}, "stringData": {"x": "y"}}),
            );
        }
    }
    for name in ["gc", "other"] {
        let mut spec = json!({"controllerName": b.pick(&[CONTROLLER, CONTROLLER, "x.io/else"])});
        if b.below(4) == 0 {
            spec["parametersRef"] = json!({"group": "", "kind": b.pick(&["ConfigMap", "Secret"]), "name": "params", "namespace": "a"});
        }
        out.push(
            json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
            "metadata": meta(b, name, None), "spec": spec}),
        );
    }
    for (i, gw) in GATEWAYS.iter().enumerate() {
        if i > 0 && b.flag() {
            continue;
        }
        let listeners: Vec<Value> = (0..1 + b.below(4)).map(|_| listener(b)).collect();
        let mut spec =
            json!({"gatewayClassName": b.pick(&["gc", "gc", "other"]), "listeners": listeners});
        if b.flag() {
            spec["allowedListeners"] = json!({"namespaces": {"from": b.pick(&["Same", "All", "Selector", "None"]), "selector": selector(b)}});
        }
        let ns = b.pick(NAMESPACES);
        out.push(
            json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
            "metadata": meta(b, gw, Some(ns)), "spec": spec}),
        );
    }
    for ls in ["ls", "ls2"] {
        if b.flag() {
            let listeners: Vec<Value> = (0..1 + b.below(2)).map(|_| listener(b)).collect();
            let mut parent = json!({"name": b.pick(GATEWAYS)});
            if let Some(ns) = b.maybe(NAMESPACES) {
                parent["namespace"] = json!(ns);
            }
            let ns = b.pick(NAMESPACES);
            out.push(json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "ListenerSet",
                "metadata": meta(b, ls, Some(ns)), "spec": {"parentRef": parent, "listeners": listeners}}));
        }
    }
    for i in 0..b.below(7) {
        out.push(route(b, i));
    }
    for i in 0..b.below(3) {
        let ns = b.pick(NAMESPACES);
        let mut to = json!({"group": "", "kind": b.pick(&["Service", "Secret"])});
        if b.flag() {
            to["name"] = json!(b.pick(&["svc", "cert"]));
        }
        out.push(json!({"apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant",
            "metadata": meta(b, &format!("g{i}"), Some(ns)),
            "spec": {"from": [{"group": GROUP, "kind": b.pick(&["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "Gateway", "ListenerSet"]), "namespace": b.pick(NAMESPACES)}],
                     "to": [to]}}));
    }
    for i in 0..b.below(3) {
        let ns = b.pick(NAMESPACES);
        out.push(json!({"apiVersion": "gateway.networking.k8s.io/v1", "kind": "BackendTLSPolicy",
            "metadata": meta(b, &format!("p{i}"), Some(ns)),
            "spec": {"targetRefs": [{"group": "", "kind": "Service", "name": b.pick(SERVICES)}],
                     "validation": {"hostname": "svc.example.com",
                                    "caCertificateRefs": [{"group": "", "kind": b.pick(&["ConfigMap", "Secret", "Other"]), "name": "ca"}]}}}));
    }
    out
}

/// Runs one input; returns how many objects reached the snapshot.
pub(crate) fn run(data: &[u8]) -> usize {
    let mut b = Bytes(data);
    let mut snap = Snapshot::new();
    let mut n = 0;
    for value in objects(&mut b) {
        for doc in gateway_api_types::parse("fuzz.json", &value.to_string())
            .into_iter()
            .flatten()
        {
            snap.insert(doc.object);
            n += 1;
        }
    }
    let options = Options::new(CONTROLLER).at(Time("2025-01-01T00:00:00Z".parse().unwrap()));
    changes(&mut b, &snap, &options);
    let first = resolve(&snap, &options);
    let again = resolve(&snap, &options);
    assert_eq!(first, again, "resolving the same snapshot twice differs");
    // Every Gateway's router was built by `changes`, from a resolver equal to `first`. Each
    // status is written out as an item (the form `gwapi status` prints and a controller sends).
    let statuses = first.gateway_classes.len()
        + first.gateways.len()
        + first.listener_sets.len()
        + first.routes.len()
        + first.backend_tls_policies.len()
        + first.backend_traffic_policies.len();
    assert_eq!(first.items().len(), statuses, "a status without its item");
    // Writing the status back and resolving again must not change any status, nor what the
    // Gateways serve.
    snap.apply_status(&first);
    let second = resolve(&snap, &options);
    assert_eq!(
        first, second,
        "a second pass over the written status changed it"
    );
    n
}

/// The snapshot's objects fed to a [`Resolver`] in a few batches, with deletes and re-adds
/// drawn from the input between them: after every batch the resolver must equal a full
/// resolution of its snapshot, and its delta the difference between the full resolutions.
fn changes(b: &mut Bytes<'_>, snap: &Snapshot, options: &Options) {
    let objects: Vec<Resource> = snap.resources().collect();
    let mut resolver = Resolver::new(options.clone());
    let mut before = Resolution::default();
    // One router cache per Gateway, rebuilt after every batch as a proxy would.
    let mut caches: std::collections::BTreeMap<ObjectKey, RouterCache> = Default::default();
    let batches = 1 + b.below(6);
    let per = objects.len().div_ceil(batches).max(1);
    let mut added = 0;
    while added < objects.len() {
        let mut batch: Vec<Change> = objects[added..(added + per).min(objects.len())]
            .iter()
            .cloned()
            .map(Change::Upsert)
            .collect();
        added += batch.len();
        // Deletes (and re-adds) of objects already in.
        for _ in 0..b.below(3) {
            let o = &objects[b.below(added)];
            batch.push(if b.flag() {
                Change::Delete(o.kind(), o.key())
            } else {
                Change::Upsert(o.clone())
            });
        }
        let delta = resolver.apply(batch);
        let after = resolve(resolver.snapshot(), options);
        assert_eq!(
            *resolver.resolution(),
            after,
            "the resolver differs from a full resolution"
        );
        assert_eq!(
            delta,
            before.diff(&after),
            "the resolver's delta differs from the difference"
        );
        // The resolver's own result: its unchanged routes keep their rules' `Arc`s. Each
        // batch rebuilds through the caches; the last is compared with fresh builds (building
        // every router twice per batch made a run several times slower).
        let effective = &resolver.resolution().effective;
        caches.retain(|k, _| effective.contains_key(k));
        let last = added >= objects.len();
        for (k, gateway) in effective {
            let cached = caches.entry(k.clone()).or_default().build(gateway);
            if last {
                let fresh = build_router(gateway);
                assert_eq!(
                    format!("{:?}", cached.as_ref().map(|r| r.listeners())),
                    format!("{:?}", fresh.as_ref().map(|r| r.listeners())),
                    "a cached rebuild differs from a fresh build"
                );
            }
        }
        before = after;
    }
}

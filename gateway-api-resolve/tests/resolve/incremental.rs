//! The incremental resolver against full resolution: random snapshots, random sequences of
//! changes (every kind, deletes, namespace labels read by selectors, ReferenceGrants,
//! BackendTLSPolicies usable or not on the Services routes use, regular expressions that do
//! not compile, Service ports of either transport), and
//! after every change the resolver's resolution must equal a fresh `resolve` of its snapshot
//! and its delta the difference between the two full resolutions. Planted dependency bugs
//! (an edge kind not recorded) must make this fail.

use gateway_api_resolve::{
    Change, Feature, Features, ObjectKey, ObjectKind, Options, Resolution, Resolver, Resource,
    Snapshot, resolve,
};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use serde_json::{Value, json};

const CONTROLLER: &str = "example.net/gateway-controller";

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const NAMESPACES: &[&str] = &["infra", "ns-0", "ns-1", "ns-2"];
const HOSTS: &[&str] = &[
    "a.example.com",
    "*.example.com",
    "b.example.com",
    "x.other.org",
    "*.other.org",
];
const TIMES: &[&str] = &["2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z"];
/// "MAMCAQA=" decodes to a DER SEQUENCE: enough for the resolver's PEM check.
const PEM_CERT: &str = "-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
const PEM_KEY: &str = "-----BEGIN PRIVATE KEY-----\nMAMCAQA=\n-----END PRIVATE KEY-----\n";

fn b64(s: &str) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let b = s.as_bytes();
    let mut out = String::new();
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn meta(rng: &mut Rng, name: &str, ns: Option<&str>) -> Value {
    let mut m = json!({"name": name, "generation": 1 + rng.below(3)});
    if let Some(ns) = ns {
        m["namespace"] = json!(ns);
    }
    if rng.chance(70) {
        m["creationTimestamp"] = json!(rng.pick(TIMES));
    }
    m
}

fn parent_ref(rng: &mut Rng) -> Value {
    if rng.chance(20) {
        let mut p = json!({"kind": "ListenerSet", "name": format!("ls-{}", rng.below(2)), "namespace": rng.pick(&NAMESPACES[1..])});
        if rng.chance(30) {
            p["sectionName"] = json!("extra");
        }
        return p;
    }
    let mut p = json!({"name": format!("gw-{}", rng.below(3)), "namespace": "infra"});
    if rng.chance(25) {
        p["sectionName"] = json!(rng.pick(&["http", "https", "tls", "tcp", "udp", "nope"]));
    }
    if rng.chance(10) {
        p["port"] = json!(80);
    }
    p
}

fn backend(rng: &mut Rng) -> Value {
    let mut b = json!({"name": format!("svc-{}", rng.below(2)), "port": 8080});
    if rng.chance(40) {
        b["namespace"] = json!(rng.pick(&NAMESPACES[1..]));
    }
    if rng.chance(5) {
        b["kind"] = json!("Widget");
    }
    b
}

fn mirror(rng: &mut Rng) -> Value {
    let b = backend(rng);
    json!({"type": "RequestMirror", "requestMirror": {"backendRef": {"name": b["name"], "namespace": b.get("namespace").cloned().unwrap_or(Value::Null), "port": 8080}}})
}

fn listener(rng: &mut Rng, name: &str) -> Value {
    let (protocol, port) = *rng.pick(&[
        ("HTTP", 80),
        ("HTTP", 80),
        ("HTTPS", 443),
        ("TLS", 443),
        ("TCP", 9000),
        ("UDP", 9001),
    ]);
    let mut l = json!({"name": name, "protocol": protocol, "port": port});
    if protocol != "TCP" && protocol != "UDP" && rng.chance(50) {
        l["hostname"] = json!(rng.pick(HOSTS));
    }
    let from = *rng.pick(&["All", "Same", "Selector", "Selector"]);
    let mut ns = json!({"from": from});
    if from == "Selector" && !rng.chance(5) {
        // Some selectors Kubernetes rejects (Exists with values, In without): they select
        // nothing and make the listener invalid.
        ns["selector"] = if rng.chance(50) {
            json!({"matchLabels": {"team": rng.pick(&["a", "b"])}})
        } else if rng.chance(20) {
            json!({"matchExpressions": [{"key": "team", "operator": "In", "values": []}]})
        } else {
            json!({"matchExpressions": [{"key": "team", "operator": rng.pick(&["In", "NotIn", "Exists", "Exists"]), "values": ["a"]}]})
        };
        if ns["selector"]["matchExpressions"][0]["operator"] == "Exists" && rng.chance(50) {
            ns["selector"]["matchExpressions"][0]
                .as_object_mut()
                .unwrap()
                .remove("values");
        }
    }
    l["allowedRoutes"] = json!({"namespaces": ns});
    if protocol == "HTTPS" || (protocol == "TLS" && rng.chance(50)) {
        let mut cert = json!({"name": format!("s-{}", rng.below(2))});
        if rng.chance(40) {
            cert["namespace"] = json!(rng.pick(NAMESPACES));
        }
        l["tls"] = json!({"mode": "Terminate", "certificateRefs": [cert]});
    } else if protocol == "TLS" {
        l["tls"] = json!({"mode": "Passthrough"});
    }
    l
}

/// A random object of `kind` named `name` (in `ns` when namespaced).
fn object(rng: &mut Rng, kind: ObjectKind, name: &str, ns: &str) -> Value {
    let gw = "gateway.networking.k8s.io/v1";
    match kind {
        ObjectKind::GatewayClass => {
            let mut spec = json!({"controllerName": if rng.chance(85) { CONTROLLER } else { "other.example/controller" }});
            if rng.chance(15) {
                spec["parametersRef"] =
                    json!({"group": "", "kind": "ConfigMap", "name": "cm-0", "namespace": "infra"});
            }
            json!({"apiVersion": gw, "kind": "GatewayClass", "metadata": meta(rng, name, None), "spec": spec})
        }
        ObjectKind::Gateway => {
            let names = ["http", "https", "tls", "tcp", "udp"];
            let n = 1 + rng.below(3);
            let listeners: Vec<Value> = (0..n)
                .map(|i| {
                    let name = names[(i + rng.below(5)) % 5];
                    listener(rng, name)
                })
                .collect();
            let mut spec =
                json!({"gatewayClassName": format!("gc-{}", rng.below(2)), "listeners": listeners});
            if rng.chance(60) {
                spec["allowedListeners"] = json!({"namespaces": {"from": rng.pick(&["All", "Same", "Selector"]), "selector": {"matchLabels": {"team": "a"}}}});
            }
            if rng.chance(15) {
                spec["addresses"] = json!([rng.pick(&[
                    json!({"type": "IPAddress", "value": "192.0.2.1"}),
                    json!({"type": "Hostname"}),
                    json!({"type": "NamedAddress", "value": "pool"}),
                    json!({"type": "example.com/pool", "value": "blue"}),
                ])]);
            }
            if rng.chance(10) {
                spec["infrastructure"] =
                    json!({"parametersRef": {"group": "", "kind": "ConfigMap", "name": "cm-0"}});
            }
            json!({"apiVersion": gw, "kind": "Gateway", "metadata": meta(rng, name, Some(ns)), "spec": spec})
        }
        ObjectKind::ListenerSet => {
            let n = 1 + rng.below(2);
            let listeners: Vec<Value> = (0..n)
                .map(|i| {
                    let mut l = listener(rng, if i == 0 { "extra" } else { "more" });
                    if rng.chance(50) {
                        l["port"] = json!(8080);
                    }
                    l
                })
                .collect();
            json!({"apiVersion": gw, "kind": "ListenerSet", "metadata": meta(rng, name, Some(ns)),
                   "spec": {"parentRef": {"name": format!("gw-{}", rng.below(3)), "namespace": "infra"}, "listeners": listeners}})
        }
        ObjectKind::HttpRoute | ObjectKind::GrpcRoute => {
            let parents: Vec<Value> = (0..1 + rng.below(2)).map(|_| parent_ref(rng)).collect();
            let hostnames: Vec<&str> = (0..rng.below(3)).map(|_| *rng.pick(HOSTS)).collect();
            let rules: Vec<Value> = (0..1 + rng.below(2))
                .map(|_| {
                    let backends: Vec<Value> = (0..rng.below(3))
                        .map(|_| {
                            let mut b = backend(rng);
                            if rng.chance(15) {
                                b["filters"] = json!([mirror(rng)]);
                            }
                            b
                        })
                        .collect();
                    let mut rule = json!({"backendRefs": backends});
                    if rng.chance(20) {
                        // A regular expression that compiles or not: the rule is dropped.
                        let pattern = *rng.pick(&["/v[0-9]+/.*", "/bad/(", r"\w{3}", "[z-a]"]);
                        rule["matches"] = if kind == ObjectKind::HttpRoute {
                            json!([{"path": {"type": "RegularExpression", "value": pattern}}])
                        } else {
                            json!([{"method": {"type": "RegularExpression", "service": pattern}}])
                        };
                    }
                    if rng.chance(15) {
                        rule["filters"] = json!([mirror(rng)]);
                    }
                    if rng.chance(8) {
                        rule["filters"] = json!([{"type": "Teleport"}]);
                    }
                    rule
                })
                .collect();
            let k = if kind == ObjectKind::HttpRoute {
                "HTTPRoute"
            } else {
                "GRPCRoute"
            };
            json!({"apiVersion": gw, "kind": k, "metadata": meta(rng, name, Some(ns)),
                   "spec": {"parentRefs": parents, "hostnames": hostnames, "rules": rules}})
        }
        ObjectKind::TlsRoute | ObjectKind::TcpRoute | ObjectKind::UdpRoute => {
            let parents: Vec<Value> = (0..1 + rng.below(2)).map(|_| parent_ref(rng)).collect();
            let backends: Vec<Value> = (0..1 + rng.below(2)).map(|_| backend(rng)).collect();
            let (k, v) = match kind {
                ObjectKind::TlsRoute => ("TLSRoute", "gateway.networking.k8s.io/v1alpha2"),
                ObjectKind::TcpRoute => ("TCPRoute", "gateway.networking.k8s.io/v1alpha2"),
                _ => ("UDPRoute", "gateway.networking.k8s.io/v1alpha2"),
            };
            let mut spec = json!({"parentRefs": parents, "rules": [{"backendRefs": backends}]});
            if kind == ObjectKind::TlsRoute {
                spec["hostnames"] = json!([rng.pick(HOSTS)]);
            }
            json!({"apiVersion": v, "kind": k, "metadata": meta(rng, name, Some(ns)), "spec": spec})
        }
        ObjectKind::ReferenceGrant => {
            let from: Vec<Value> = (0..1 + rng.below(2))
                .map(|_| json!({"group": "gateway.networking.k8s.io",
                    "kind": rng.pick(&["HTTPRoute", "GRPCRoute", "TLSRoute", "TCPRoute", "UDPRoute", "Gateway", "ListenerSet"]),
                    "namespace": rng.pick(NAMESPACES)}))
                .collect();
            let to = if rng.chance(70) {
                json!({"group": "", "kind": "Service"})
            } else {
                json!({"group": "", "kind": "Secret"})
            };
            json!({"apiVersion": "gateway.networking.k8s.io/v1beta1", "kind": "ReferenceGrant", "metadata": meta(rng, name, Some(ns)),
                   "spec": {"from": from, "to": [to]}})
        }
        ObjectKind::BackendTlsPolicy => {
            // One or two Services, the whole Service or one port by name (the Services' port is
            // sometimes named `http`); CA certificates in ConfigMaps or Secrets that may be
            // missing or hold no PEM, or the well-known set: usable or not, winning or losing
            // conflicts.
            let targets: Vec<Value> = (0..1 + rng.below(2))
                .map(|i| {
                    let mut t = json!({"group": "", "kind": "Service", "name": format!("svc-{}", (i + rng.below(2)) % 2)});
                    if rng.chance(40) {
                        t["sectionName"] = json!(rng.pick(&["http", "other"]));
                    }
                    t
                })
                .collect();
            let validation = if rng.chance(15) {
                json!({"wellKnownCACertificates": "System", "hostname": "svc.example.com"})
            } else {
                let (kind, prefix) =
                    *rng.pick(&[("ConfigMap", "cm"), ("Secret", "s"), ("Secret", "cm")]);
                json!({"caCertificateRefs": [{"group": "", "kind": kind, "name": format!("{prefix}-{}", rng.below(2))}], "hostname": "svc.example.com"})
            };
            json!({"apiVersion": gw, "kind": "BackendTLSPolicy", "metadata": meta(rng, name, Some(ns)),
            "spec": {"targetRefs": targets, "validation": validation}})
        }
        ObjectKind::XBackendTrafficPolicy => {
            json!({"apiVersion": "gateway.networking.x-k8s.io/v1alpha1", "kind": "XBackendTrafficPolicy",
            "metadata": meta(rng, name, Some(ns)),
            "spec": {"targetRefs": [{"group": "", "kind": "Service", "name": format!("svc-{}", rng.below(2))}]}})
        }
        ObjectKind::Namespace => {
            let mut m = json!({"name": name});
            if rng.chance(70) {
                m["labels"] = json!({"team": rng.pick(&["a", "b"])});
            }
            json!({"apiVersion": "v1", "kind": "Namespace", "metadata": m})
        }
        ObjectKind::Service => {
            let mut port = json!({"port": 8080});
            if rng.chance(15) {
                port["appProtocol"] = json!(rng.pick(&["kubernetes.io/h2c", "kubernetes.io/grpc"]));
            }
            if rng.chance(50) {
                port["name"] = json!("http");
            }
            // The port's transport: TCP by default, UDP, or both under one number.
            let ports = match rng.below(10) {
                0..=1 => {
                    port["protocol"] = json!("UDP");
                    json!([port])
                }
                2 => {
                    port["protocol"] = json!("UDP");
                    json!([port, {"name": "tcp", "port": 8080, "protocol": "TCP"}])
                }
                3 => {
                    port["protocol"] = json!("TCP");
                    json!([port])
                }
                _ => json!([port]),
            };
            json!({"apiVersion": "v1", "kind": "Service", "metadata": meta(rng, name, Some(ns)), "spec": {"ports": ports}})
        }
        ObjectKind::Secret => {
            // Real key pairs, matched or not (a mismatched pair is malformed), and the
            // placeholder the resolver cannot judge.
            use crate::test_certs::{A_CRT, A_KEY, B_CRT, B_KEY};
            let (crt, key) = *rng.pick(&[
                (PEM_CERT, PEM_KEY),
                (PEM_CERT, PEM_KEY),
                (PEM_CERT, "garbage"),
                (A_CRT, A_KEY),
                (B_CRT, B_KEY),
                (A_CRT, B_KEY),
            ]);
            json!({"apiVersion": "v1", "kind": "Secret", "metadata": meta(rng, name, Some(ns)), "type": "kubernetes.io/tls",
                   "data": {"tls.crt": b64(crt), "tls.key": b64(key), "ca.crt": b64(PEM_CERT)}})
        }
        ObjectKind::ConfigMap => {
            let ca = if rng.chance(75) { PEM_CERT } else { "nothing" };
            json!({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta(rng, name, Some(ns)), "data": {"ca.crt": ca}})
        }
    }
}

/// A random key of `kind`, from a small pool so that changes meet.
fn key(rng: &mut Rng, kind: ObjectKind) -> ObjectKey {
    match kind {
        ObjectKind::GatewayClass => ObjectKey::cluster(format!("gc-{}", rng.below(2))),
        ObjectKind::Namespace => ObjectKey::cluster(*rng.pick(NAMESPACES)),
        ObjectKind::Gateway => ObjectKey::new("infra", format!("gw-{}", rng.below(3))),
        ObjectKind::ListenerSet => {
            ObjectKey::new(*rng.pick(&NAMESPACES[1..]), format!("ls-{}", rng.below(2)))
        }
        ObjectKind::Service => {
            ObjectKey::new(*rng.pick(NAMESPACES), format!("svc-{}", rng.below(2)))
        }
        ObjectKind::Secret => ObjectKey::new(*rng.pick(NAMESPACES), format!("s-{}", rng.below(2))),
        ObjectKind::ConfigMap => {
            ObjectKey::new(*rng.pick(NAMESPACES), format!("cm-{}", rng.below(2)))
        }
        other => ObjectKey::new(
            *rng.pick(&NAMESPACES[1..]),
            format!("{}-{}", other.as_str().to_lowercase(), rng.below(4)),
        ),
    }
}

fn resource(value: &Value) -> Resource {
    let text = value.to_string();
    match gateway_api_types::parse("generated.json", &text).pop() {
        Some(Ok(doc)) => Resource::from_object(doc.object).expect("a kind the resolver reads"),
        other => panic!("generated object does not decode: {other:?}\n{text}"),
    }
}

/// Kinds weighted as a cluster changes: routes and their targets most.
const KINDS: &[ObjectKind] = &[
    ObjectKind::GatewayClass,
    ObjectKind::Gateway,
    ObjectKind::Gateway,
    ObjectKind::ListenerSet,
    ObjectKind::HttpRoute,
    ObjectKind::HttpRoute,
    ObjectKind::HttpRoute,
    ObjectKind::GrpcRoute,
    ObjectKind::GrpcRoute,
    ObjectKind::TlsRoute,
    ObjectKind::TcpRoute,
    ObjectKind::UdpRoute,
    ObjectKind::ReferenceGrant,
    ObjectKind::ReferenceGrant,
    ObjectKind::BackendTlsPolicy,
    ObjectKind::XBackendTrafficPolicy,
    ObjectKind::Namespace,
    ObjectKind::Namespace,
    ObjectKind::Service,
    ObjectKind::Service,
    ObjectKind::Secret,
    ObjectKind::ConfigMap,
];

/// Objects made ahead, so that a change costs a pick rather than a parse: for each kind,
/// variants of random content for every key of its pool.
struct Pool(Vec<(ObjectKind, Vec<Resource>)>);

/// Variants per kind.
const VARIANTS: usize = 96;

impl Pool {
    fn new(seed: u64) -> Self {
        let mut rng = Rng(seed | 1);
        let mut kinds: Vec<ObjectKind> = KINDS.to_vec();
        kinds.dedup();
        Self(
            kinds
                .into_iter()
                .map(|kind| {
                    let variants = (0..VARIANTS)
                        .map(|_| {
                            let key = key(&mut rng, kind);
                            resource(&object(&mut rng, kind, &key.name, &key.namespace))
                        })
                        .collect();
                    (kind, variants)
                })
                .collect(),
        )
    }

    fn change(&self, rng: &mut Rng) -> Change {
        let kind = *rng.pick(KINDS);
        let variants = &self
            .0
            .iter()
            .find(|(k, _)| *k == kind)
            .expect("every kind")
            .1;
        let object = rng.pick(variants).clone();
        if rng.chance(25) {
            Change::Delete(kind, object.key())
        } else {
            Change::Upsert(object)
        }
    }
}

/// The options of a case: one case in three simulates a controller without some features
/// that change statuses (mixed TLS modes, port 8080, TCPRoute, ListenerSets).
fn options(seed: u64) -> Options {
    let options = Options::new(CONTROLLER).at(Time("2025-01-01T00:00:00Z".parse().unwrap()));
    if seed % 3 == 1 {
        let mut features = Features::default()
            .without(Feature::TlsRouteModeMixed)
            .without(Feature::GatewayPort8080)
            .without(Feature::TcpRoute);
        if seed % 2 == 1 {
            features.remove(Feature::ListenerSet);
        }
        options.with_features(features)
    } else {
        options
    }
}

/// Runs one case: a random snapshot of `initial` objects, then `steps` random changes (one
/// per apply, or a few together); returns the first disagreement, if any, or how many
/// applies took the fast path (a route changed in place, see `engine/patch.rs`).
fn run_case(
    pool: &Pool,
    seed: u64,
    initial: usize,
    steps: usize,
    plant: Option<&str>,
) -> Result<usize, String> {
    let mut rng = Rng(seed | 1);
    let mut patched = 0;
    let mut snap = Snapshot::new();
    for _ in 0..initial {
        if let Change::Upsert(r) = pool.change(&mut rng) {
            snap.upsert(r);
        }
    }
    let mut resolver = Resolver::new(options(seed));
    if let Some(kind) = plant {
        assert!(resolver.plant_dependency_bug(kind));
    }
    resolver.apply(snap.resources().map(Change::Upsert));
    let mut before: Resolution = resolve(resolver.snapshot(), &options(seed));
    if *resolver.resolution() != before {
        return Err(format!("seed {seed}: initial resolution differs"));
    }
    for step in 0..steps {
        let batch: Vec<Change> = (0..if rng.chance(10) { 3 } else { 1 })
            .map(|_| pool.change(&mut rng))
            .collect();
        let delta = resolver.apply(batch.clone());
        if resolver.last_work().gateway_patches > 0 {
            patched += 1;
        }
        let after = resolve(resolver.snapshot(), &options(seed));
        if *resolver.resolution() != after {
            return Err(format!(
                "seed {seed} step {step}: resolution differs after {batch:#?}\n{}",
                first_difference(resolver.resolution(), &after)
            ));
        }
        let expected = before.diff(&after);
        if delta != expected {
            return Err(format!(
                "seed {seed} step {step}: delta differs after {batch:#?}\nincremental: {delta:#?}\nexpected: {expected:#?}"
            ));
        }
        before = after;
    }
    Ok(patched)
}

/// A readable account of where two resolutions differ.
fn first_difference(got: &Resolution, expected: &Resolution) -> String {
    let d = expected.diff(got);
    format!("{:#?}", (d.statuses.first(), d.listeners.first()))
}

/// Changes per case and cases: 100 × 1,000 = 100,000 changes.
const CASES: u64 = 100;
const STEPS: usize = 1_000;

#[test]
fn incremental_equals_full_resolution_after_every_change() {
    // `INCREMENTAL_CASES` runs fewer (or more) cases, for a quick look.
    let cases = std::env::var("INCREMENTAL_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(CASES);
    let mut total = 0;
    let mut patched = 0;
    let mut pool = Pool::new(0);
    for case in 0..cases {
        let seed = 0x5eed_0000 + case * 7919;
        // A new pool every ten cases: other contents, other coincidences.
        if case % 10 == 0 {
            pool = Pool::new(seed);
        }
        match run_case(&pool, seed, 10 + (case as usize % 40), STEPS, None) {
            Ok(p) => patched += p,
            Err(e) => panic!("{e}"),
        }
        total += STEPS;
    }
    assert!(total >= 100_000 || cases < CASES);
    // The fast path is checked against full resolution too, not only the assembly.
    assert!(
        patched * 20 > total,
        "only {patched} of {total} changes took the in-place path"
    );
}

/// Each kind of dependency edge, left out, makes the differential test fail: the test can
/// see tracking bugs.
#[test]
fn planted_dependency_bugs_are_caught() {
    let pool = Pool::new(0xb0b0);
    for kind in [
        "Service",
        "Secret",
        "ConfigMap",
        "Grant",
        "Namespace",
        "Gateway",
        "ListenerSet",
        "BackendTLSPolicy",
    ] {
        let caught =
            (0..40u64).any(|case| run_case(&pool, 0xb0b0 + case, 30, 500, Some(kind)).is_err());
        assert!(
            caught,
            "a resolver that does not track {kind} dependencies passed"
        );
    }
}

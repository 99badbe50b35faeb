//! Version conversions: round trips on upstream examples and on objects with status, and the
//! v1alpha2 -> v1 conversions that v1's stricter schema refuses.

use std::path::{Path, PathBuf};

use gateway_api_types::{Object, parse, v1, v1alpha2, v1alpha3, v1beta1};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(path);
        }
    }
}

/// Every typed object of the upstream examples, with the file it came from.
fn upstream_objects() -> Vec<(String, Object)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/upstream/examples");
    let mut files = Vec::new();
    yaml_files(&root, &mut files);
    files.sort();
    let mut objects = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.display().to_string();
        for doc in parse(&name, &text) {
            let doc = doc.unwrap_or_else(|e| panic!("{e}"));
            objects.push((doc.source.to_string(), doc.object));
        }
    }
    objects
}

/// The JSON of `object` with its `apiVersion` replaced: what a conversion must produce.
fn with_api_version(object: &impl Serialize, api_version: &str) -> Value {
    let mut value = serde_json::to_value(object).unwrap();
    value["apiVersion"] = json!(api_version);
    value
}

/// `a -> B -> A` gives back `a`, and `B` differs from `a` only in its `apiVersion`.
fn round_trip<A, B>(source: &str, a: &A, b_api_version: &str)
where
    A: Clone + PartialEq + std::fmt::Debug + Serialize + From<B>,
    B: Serialize + From<A>,
{
    let b = B::from(a.clone());
    assert_eq!(
        serde_json::to_value(&b).unwrap(),
        with_api_version(a, b_api_version),
        "{source}"
    );
    assert_eq!(&A::from(b), a, "{source}");
}

/// Like [`round_trip`], for a target that may refuse the object: `a -> B` must succeed here.
fn round_trip_fallible<A, B>(source: &str, a: &A, b_api_version: &str)
where
    A: Clone + PartialEq + std::fmt::Debug + Serialize + TryFrom<B>,
    <A as TryFrom<B>>::Error: std::fmt::Debug,
    B: Serialize + From<A>,
{
    let b = B::from(a.clone());
    assert_eq!(
        serde_json::to_value(&b).unwrap(),
        with_api_version(a, b_api_version),
        "{source}"
    );
    assert_eq!(&A::try_from(b).unwrap(), a, "{source}");
}

const V1: &str = "gateway.networking.k8s.io/v1";
const V1BETA1: &str = "gateway.networking.k8s.io/v1beta1";
const V1ALPHA2: &str = "gateway.networking.k8s.io/v1alpha2";
const V1ALPHA3: &str = "gateway.networking.k8s.io/v1alpha3";

#[test]
fn upstream_examples_round_trip_through_every_other_version() {
    let mut converted = 0;
    for (source, object) in upstream_objects() {
        let source = source.as_str();
        match &object {
            Object::GatewayClassV1(o) => round_trip::<_, v1beta1::GatewayClass>(source, o, V1BETA1),
            Object::GatewayClassV1beta1(o) => round_trip::<_, v1::GatewayClass>(source, o, V1),
            Object::GatewayV1(o) => round_trip::<_, v1beta1::Gateway>(source, o, V1BETA1),
            Object::GatewayV1beta1(o) => round_trip::<_, v1::Gateway>(source, o, V1),
            Object::HttpRouteV1(o) => round_trip::<_, v1beta1::HttpRoute>(source, o, V1BETA1),
            Object::HttpRouteV1beta1(o) => round_trip::<_, v1::HttpRoute>(source, o, V1),
            Object::ReferenceGrantV1(o) => {
                round_trip::<_, v1beta1::ReferenceGrant>(source, o, V1BETA1);
            }
            Object::ReferenceGrantV1beta1(o) => round_trip::<_, v1::ReferenceGrant>(source, o, V1),
            Object::BackendTlsPolicyV1(o) => {
                round_trip::<_, v1alpha3::BackendTlsPolicy>(source, o, V1ALPHA3);
            }
            Object::BackendTlsPolicyV1alpha3(o) => {
                round_trip::<_, v1::BackendTlsPolicy>(source, o, V1);
            }
            Object::TlsRouteV1(o) => {
                round_trip::<_, v1alpha3::TlsRoute>(source, o, V1ALPHA3);
                round_trip_fallible::<_, v1alpha2::TlsRoute>(source, o, V1ALPHA2);
            }
            Object::TlsRouteV1alpha3(o) => round_trip::<_, v1::TlsRoute>(source, o, V1),
            Object::TcpRouteV1(o) => {
                round_trip_fallible::<_, v1alpha2::TcpRoute>(source, o, V1ALPHA2)
            }
            Object::UdpRouteV1(o) => {
                round_trip_fallible::<_, v1alpha2::UdpRoute>(source, o, V1ALPHA2)
            }
            Object::TlsRouteV1alpha2(o) => {
                // Upstream's v1alpha2 example has no hostnames, which v1 requires.
                let error = v1::TlsRoute::try_from(o.clone()).unwrap_err();
                assert_eq!(error.field(), "spec.hostnames", "{source}");
            }
            _ => continue,
        }
        converted += 1;
    }
    assert!(
        converted > 90,
        "only {converted} upstream objects converted"
    );
}

fn from_json<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap()
}

/// Metadata and a route status, as a controller would have left them.
fn route_metadata_and_status() -> (Value, Value) {
    let metadata = json!({
        "name": "db",
        "namespace": "apps",
        "uid": "5c3f7ab0-3a8e-4c39-9d4c-1f0b0b3f2a10",
        "generation": 3,
        "creationTimestamp": "2025-01-02T03:04:05Z",
        "labels": {"app": "db"},
        "annotations": {"team": "storage"},
    });
    let status = json!({
        "parents": [{
            "parentRef": {"name": "gw", "namespace": "infra", "sectionName": "tls"},
            "controllerName": "example.net/gateway-controller",
            "conditions": [{
                "type": "Accepted",
                "status": "True",
                "reason": "Accepted",
                "message": "",
                "observedGeneration": 3,
                "lastTransitionTime": "2025-01-02T03:04:06Z",
            }],
        }],
    });
    (metadata, status)
}

fn tls_route_v1() -> v1::TlsRoute {
    let (metadata, status) = route_metadata_and_status();
    from_json(json!({
        "metadata": metadata,
        "spec": {
            "parentRefs": [{"name": "gw", "namespace": "infra", "sectionName": "tls"}],
            "hostnames": ["db.example.com", "*.db.example.com"],
            "rules": [{"name": "primary", "backendRefs": [
                {"name": "db-a", "port": 5432, "weight": 3},
                {"name": "db-b", "port": 5432},
            ]}],
            "useDefaultGateways": "All",
        },
        "status": status,
    }))
}

fn tls_route_v1alpha2(spec: Value) -> v1alpha2::TlsRoute {
    let (metadata, status) = route_metadata_and_status();
    from_json(json!({"metadata": metadata, "spec": spec, "status": status}))
}

#[test]
fn tls_route_with_status_round_trips_through_v1alpha2_and_v1alpha3() {
    let route = tls_route_v1();
    round_trip_fallible::<_, v1alpha2::TlsRoute>("tls", &route, V1ALPHA2);
    round_trip::<_, v1alpha3::TlsRoute>("tls", &route, V1ALPHA3);

    // And from the other side: a v1alpha2 route that fits v1 comes back unchanged.
    let old = v1alpha2::TlsRoute::from(route);
    let back = v1alpha2::TlsRoute::from(v1::TlsRoute::try_from(old.clone()).unwrap());
    assert_eq!(back, old);
    assert!(back.status.is_some());
}

#[test]
fn tcp_and_udp_routes_with_status_round_trip_through_v1alpha2() {
    let (metadata, status) = route_metadata_and_status();
    let object = json!({
        "metadata": metadata,
        "spec": {
            "parentRefs": [{"name": "gw", "namespace": "infra", "port": 5432}],
            "rules": [{"backendRefs": [{"name": "db", "port": 5432}]}],
        },
        "status": status,
    });
    let tcp: v1::TcpRoute = from_json(object.clone());
    round_trip_fallible::<_, v1alpha2::TcpRoute>("tcp", &tcp, V1ALPHA2);
    let udp: v1::UdpRoute = from_json(object.clone());
    round_trip_fallible::<_, v1alpha2::UdpRoute>("udp", &udp, V1ALPHA2);

    let old: v1alpha2::TcpRoute = from_json(object);
    assert_eq!(
        v1alpha2::TcpRoute::from(v1::TcpRoute::try_from(old.clone()).unwrap()),
        old
    );
}

#[test]
fn v1beta1_and_v1alpha3_objects_with_status_round_trip_through_v1() {
    let (metadata, route_status) = route_metadata_and_status();
    let condition = route_status["parents"][0]["conditions"][0].clone();

    let class: v1beta1::GatewayClass = from_json(json!({
        "metadata": {"name": "example", "generation": 1},
        "spec": {"controllerName": "example.net/gateway-controller", "description": "shared"},
        "status": {"conditions": [condition], "supportedFeatures": [{"name": "HTTPRoute"}]},
    }));
    round_trip::<_, v1::GatewayClass>("class", &class, V1);

    let gateway: v1beta1::Gateway = from_json(json!({
        "metadata": metadata,
        "spec": {
            "gatewayClassName": "example",
            "listeners": [{
                "name": "https", "port": 443, "protocol": "HTTPS", "hostname": "*.example.com",
                "tls": {"certificateRefs": [{"name": "wildcard"}]},
                "allowedRoutes": {"namespaces": {"from": "All"}},
            }],
        },
        "status": {
            "addresses": [{"type": "IPAddress", "value": "192.0.2.10"}],
            "conditions": [condition],
            "listeners": [{"name": "https", "attachedRoutes": 2, "conditions": [condition]}],
        },
    }));
    round_trip::<_, v1::Gateway>("gateway", &gateway, V1);

    let route: v1beta1::HttpRoute = from_json(json!({
        "metadata": metadata,
        "spec": {
            "parentRefs": [{"name": "gw", "namespace": "infra"}],
            "hostnames": ["shop.example.com"],
            "rules": [{
                "matches": [{"path": {"type": "PathPrefix", "value": "/cart"}, "method": "POST"}],
                "filters": [{"type": "RequestHeaderModifier",
                             "requestHeaderModifier": {"set": [{"name": "x-shop", "value": "1"}]}}],
                "backendRefs": [{"name": "cart", "port": 8080}],
                "timeouts": {"request": "10s"},
            }],
        },
        "status": route_status,
    }));
    round_trip::<_, v1::HttpRoute>("httproute", &route, V1);

    let grant: v1beta1::ReferenceGrant = from_json(json!({
        "metadata": {"name": "shop", "namespace": "backends"},
        "spec": {
            "from": [{"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": "shop"}],
            "to": [{"group": "", "kind": "Service", "name": "cart"}],
        },
    }));
    round_trip::<_, v1::ReferenceGrant>("grant", &grant, V1);

    let policy: v1alpha3::BackendTlsPolicy = from_json(json!({
        "metadata": metadata,
        "spec": {
            "targetRefs": [{"group": "", "kind": "Service", "name": "db", "sectionName": "tls"}],
            "validation": {"hostname": "db.apps.svc", "wellKnownCACertificates": "System"},
        },
        "status": {"ancestors": [{
            "ancestorRef": {"name": "gw", "namespace": "infra"},
            "controllerName": "example.net/gateway-controller",
            "conditions": [condition],
        }]},
    }));
    round_trip::<_, v1::BackendTlsPolicy>("policy", &policy, V1);
    let tls: v1alpha3::TlsRoute = from_json(serde_json::to_value(tls_route_v1()).unwrap());
    round_trip::<_, v1::TlsRoute>("tlsroute", &tls, V1);
}

#[test]
fn v1alpha2_tls_route_without_hostnames_is_refused() {
    let spec = json!({"rules": [{"backendRefs": [{"name": "db", "port": 5432}]}]});
    let error = v1::TlsRoute::try_from(tls_route_v1alpha2(spec.clone())).unwrap_err();
    assert_eq!(error.object_kind(), "TLSRoute");
    assert_eq!(error.object_name(), "apps/db");
    assert_eq!(error.target_api_version(), V1);
    assert_eq!(error.field(), "spec.hostnames");
    assert_eq!(format!("{:?}", error.kind()), "Required");
    assert_eq!(
        error.to_string(),
        "TLSRoute \"apps/db\" cannot be converted to gateway.networking.k8s.io/v1: \
         spec.hostnames: Required value: v1 requires at least one hostname; a v1alpha2 route \
         without hostnames matches every SNI name, which v1 cannot express"
    );

    // An empty list is no better than none.
    let mut empty = spec;
    empty["hostnames"] = json!([]);
    let error = v1::TlsRoute::try_from(tls_route_v1alpha2(empty)).unwrap_err();
    assert_eq!(error.field(), "spec.hostnames");
}

#[test]
fn v1alpha2_tls_route_with_an_ip_hostname_is_refused() {
    let spec = json!({
        "hostnames": ["db.example.com", "192.0.2.7"],
        "rules": [{"backendRefs": [{"name": "db", "port": 5432}]}],
    });
    let error = v1::TlsRoute::try_from(tls_route_v1alpha2(spec)).unwrap_err();
    assert_eq!(error.field(), "spec.hostnames[1]");
    assert_eq!(format!("{:?}", error.kind()), "Invalid");
    assert_eq!(
        error.detail(),
        "\"192.0.2.7\": v1 hostnames cannot contain an IP address"
    );
}

#[test]
fn v1alpha2_tls_route_needs_exactly_one_rule() {
    let two_rules = json!({
        "hostnames": ["db.example.com"],
        "rules": [
            {"name": "a", "backendRefs": [{"name": "db-a", "port": 5432}]},
            {"name": "b", "backendRefs": [{"name": "db-b", "port": 5432}]},
        ],
    });
    let error = v1::TlsRoute::try_from(tls_route_v1alpha2(two_rules)).unwrap_err();
    assert_eq!(error.field(), "spec.rules");
    assert_eq!(format!("{:?}", error.kind()), "TooMany");
    assert_eq!(
        error.to_string(),
        "TLSRoute \"apps/db\" cannot be converted to gateway.networking.k8s.io/v1: spec.rules: \
         Too many: 2: v1 allows exactly one rule; split the route into one route per rule"
    );

    let no_rules = json!({"hostnames": ["db.example.com"], "rules": []});
    let error = v1::TlsRoute::try_from(tls_route_v1alpha2(no_rules)).unwrap_err();
    assert_eq!(error.field(), "spec.rules");
    assert_eq!(format!("{:?}", error.kind()), "Required");
}

#[test]
fn v1alpha2_tcp_and_udp_routes_need_exactly_one_rule() {
    let spec = json!({
        "parentRefs": [{"name": "gw"}],
        "rules": [
            {"backendRefs": [{"name": "a", "port": 53}]},
            {"backendRefs": [{"name": "b", "port": 53}]},
            {"backendRefs": [{"name": "c", "port": 53}]},
        ],
    });
    let tcp: v1alpha2::TcpRoute = from_json(json!({"metadata": {"name": "dns"}, "spec": spec}));
    let error = v1::TcpRoute::try_from(tcp).unwrap_err();
    assert_eq!(
        error.to_string(),
        "TCPRoute \"dns\" cannot be converted to gateway.networking.k8s.io/v1: spec.rules: \
         Too many: 3: v1 allows exactly one rule; split the route into one route per rule"
    );

    let udp: v1alpha2::UdpRoute = from_json(json!({"metadata": {"name": "dns"}, "spec": spec}));
    let error = v1::UdpRoute::try_from(udp).unwrap_err();
    assert_eq!(error.object_kind(), "UDPRoute");
    assert_eq!(error.field(), "spec.rules");
    assert_eq!(format!("{:?}", error.kind()), "TooMany");

    let empty: v1alpha2::UdpRoute =
        from_json(json!({"metadata": {"name": "dns"}, "spec": {"rules": []}}));
    let error = v1::UdpRoute::try_from(empty).unwrap_err();
    assert_eq!(format!("{:?}", error.kind()), "Required");
}

#[test]
fn conversion_error_is_a_std_error() {
    let tcp: v1alpha2::TcpRoute =
        from_json(json!({"metadata": {"name": "x"}, "spec": {"rules": []}}));
    let error: Box<dyn std::error::Error + Send + Sync> =
        Box::new(v1::TcpRoute::try_from(tcp).unwrap_err());
    assert!(
        error
            .to_string()
            .starts_with("TCPRoute \"x\" cannot be converted")
    );
}

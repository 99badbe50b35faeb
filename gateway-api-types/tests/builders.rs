//! Builders: each object is compared with the exact JSON a person would write for it, with only
//! the fields the CRD requires or the user asked for (defaults such as `group`, `kind` and the TLS
//! mode are left to the API server).

use gateway_api_types::builders::{GatewayListener, GrpcRule, HttpRule};
use gateway_api_types::model::{
    HttpMethod, HttpRequestRedirectFilter, HttpRouteFilter, HttpRouteFilterType, ObjectReference,
    ParentReference, RedirectScheme, SecretObjectReference,
};
use gateway_api_types::{Object, parse, v1};
use serde_json::{Value, json};

fn to_json(object: &impl serde::Serialize) -> Value {
    serde_json::to_value(object).unwrap()
}

/// The builder's object also decodes from its own JSON as the parser would, without unknown
/// fields, into the same value.
fn reparses(value: &Value) -> Object {
    let docs = parse("built.json", &value.to_string());
    assert_eq!(docs.len(), 1);
    let doc = docs.into_iter().next().unwrap().unwrap();
    assert!(doc.unknown_fields.is_empty(), "{:?}", doc.unknown_fields);
    assert_eq!(&doc.object.to_value(), value);
    doc.object
}

#[test]
fn http_route_with_parent_hostname_and_prefix_rule() {
    let route = v1::HttpRoute::builder("web")
        .namespace("shop")
        .parent("infra", "gw")
        .hostname("shop.example.com")
        .rule(HttpRule::prefix("/").backend("web", 8080))
        .build();
    let expected = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {"name": "web", "namespace": "shop"},
        "spec": {
            "parentRefs": [{"name": "gw", "namespace": "infra"}],
            "hostnames": ["shop.example.com"],
            "rules": [{
                "matches": [{"path": {"type": "PathPrefix", "value": "/"}}],
                "backendRefs": [{"name": "web", "port": 8080}],
            }],
        },
    });
    assert_eq!(to_json(&route), expected);
    assert!(matches!(reparses(&expected), Object::HttpRouteV1(r) if r == route));
}

#[test]
fn http_route_with_every_kind_of_parent_and_rule() {
    let redirect = HttpRouteFilter {
        r#type: HttpRouteFilterType::RequestRedirect,
        request_redirect: Some(HttpRequestRedirectFilter {
            scheme: Some(RedirectScheme::Https),
            status_code: Some(301),
            ..Default::default()
        }),
        cors: None,
        extension_ref: None,
        external_auth: None,
        request_header_modifier: None,
        request_mirror: None,
        response_header_modifier: None,
        url_rewrite: None,
    };
    let route = v1::HttpRoute::builder("store")
        .namespace("shop")
        .label("app", "store")
        .annotation("owner", "team-shop")
        .local_parent("shop-gw")
        .parent_listener("infra", "gw", "https")
        .parent_ref(ParentReference {
            group: Some(String::new()),
            kind: Some("Service".into()),
            name: "store".into(),
            port: Some(80),
            ..Default::default()
        })
        .hostname("store.example.com")
        .hostname("*.store.example.com")
        .rule(
            HttpRule::exact("/checkout")
                .method(HttpMethod::Post)
                .header("x-canary", "true")
                .name("checkout")
                .backend_in("payments", "checkout", 8443),
        )
        .rule(
            HttpRule::prefix("/api")
                .or_match(Default::default())
                .header("x-api", "1")
                .weighted_backend("api-v1", 80, 90)
                .weighted_backend("api-v2", 80, 10),
        )
        .rule(HttpRule::any().filter(redirect))
        .build();
    let expected = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "HTTPRoute",
        "metadata": {
            "name": "store",
            "namespace": "shop",
            "labels": {"app": "store"},
            "annotations": {"owner": "team-shop"},
        },
        "spec": {
            "parentRefs": [
                {"name": "shop-gw"},
                {"name": "gw", "namespace": "infra", "sectionName": "https"},
                {"group": "", "kind": "Service", "name": "store", "port": 80},
            ],
            "hostnames": ["store.example.com", "*.store.example.com"],
            "rules": [
                {
                    "name": "checkout",
                    "matches": [{
                        "path": {"type": "Exact", "value": "/checkout"},
                        "method": "POST",
                        "headers": [{"name": "x-canary", "value": "true"}],
                    }],
                    "backendRefs": [{"name": "checkout", "namespace": "payments", "port": 8443}],
                },
                {
                    // `header` narrows the last match added, here the empty one (all paths).
                    "matches": [
                        {"path": {"type": "PathPrefix", "value": "/api"}},
                        {"headers": [{"name": "x-api", "value": "1"}]},
                    ],
                    "backendRefs": [
                        {"name": "api-v1", "port": 80, "weight": 90},
                        {"name": "api-v2", "port": 80, "weight": 10},
                    ],
                },
                {
                    "filters": [{
                        "type": "RequestRedirect",
                        "requestRedirect": {"scheme": "https", "statusCode": 301},
                    }],
                },
            ],
        },
    });
    assert_eq!(to_json(&route), expected);
    reparses(&expected);
}

#[test]
fn http_rule_header_on_a_rule_without_matches_starts_a_match() {
    let rule = HttpRule::any()
        .header("x-env", "staging")
        .backend("staging", 80)
        .build();
    assert_eq!(
        to_json(&rule),
        json!({
            "matches": [{"headers": [{"name": "x-env", "value": "staging"}]}],
            "backendRefs": [{"name": "staging", "port": 80}],
        })
    );
}

#[test]
fn gateway_with_http_and_https_listeners() {
    let gateway = v1::Gateway::builder("gw", "example")
        .namespace("infra")
        .http_listener("http", 80)
        .https_listener("https", 443, "shop-cert")
        .build();
    let expected = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "gw", "namespace": "infra"},
        "spec": {
            "gatewayClassName": "example",
            "listeners": [
                {"name": "http", "port": 80, "protocol": "HTTP"},
                {
                    "name": "https", "port": 443, "protocol": "HTTPS",
                    "tls": {"certificateRefs": [{"name": "shop-cert"}]},
                },
            ],
        },
    });
    assert_eq!(to_json(&gateway), expected);
    assert!(matches!(reparses(&expected), Object::GatewayV1(g) if g == gateway));
}

#[test]
fn gateway_listeners_with_hostnames_certificates_and_route_namespaces() {
    let gateway = v1::Gateway::builder("edge", "example")
        .namespace("infra")
        .label("tier", "edge")
        .listener(GatewayListener::http("http", 80).routes_from_all_namespaces())
        .listener(
            GatewayListener::https("https", 443, "wildcard")
                .hostname("*.example.com")
                .certificate(SecretObjectReference {
                    name: "wildcard-ecdsa".into(),
                    namespace: Some("certs".into()),
                    ..Default::default()
                })
                .routes_from_namespaces_labelled("shared-gateway-access", "true"),
        )
        .listener(GatewayListener::tls_passthrough("tls", 8443).hostname("db.example.com"))
        .build();
    let expected = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "Gateway",
        "metadata": {"name": "edge", "namespace": "infra", "labels": {"tier": "edge"}},
        "spec": {
            "gatewayClassName": "example",
            "listeners": [
                {
                    "name": "http", "port": 80, "protocol": "HTTP",
                    "allowedRoutes": {"namespaces": {"from": "All"}},
                },
                {
                    "name": "https", "port": 443, "protocol": "HTTPS",
                    "hostname": "*.example.com",
                    "tls": {"certificateRefs": [
                        {"name": "wildcard"},
                        {"name": "wildcard-ecdsa", "namespace": "certs"},
                    ]},
                    "allowedRoutes": {"namespaces": {
                        "from": "Selector",
                        "selector": {"matchLabels": {"shared-gateway-access": "true"}},
                    }},
                },
                {
                    "name": "tls", "port": 8443, "protocol": "TLS",
                    "hostname": "db.example.com",
                    "tls": {"mode": "Passthrough"},
                },
            ],
        },
    });
    assert_eq!(to_json(&gateway), expected);
    reparses(&expected);
}

#[test]
fn gateway_class_with_description_and_parameters() {
    let class = v1::GatewayClass::builder("example", "example.net/gateway-controller").build();
    assert_eq!(
        to_json(&class),
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "GatewayClass",
            "metadata": {"name": "example"},
            "spec": {"controllerName": "example.net/gateway-controller"},
        })
    );

    let class = v1::GatewayClass::builder("internal", "example.net/gateway-controller")
        .label("visibility", "internal")
        .description("Gateways on the private network")
        .parameters(ObjectReference {
            group: String::new(),
            kind: "ConfigMap".into(),
            name: "internal-gateways".into(),
            namespace: Some("gateway-system".into()),
        })
        .build();
    let expected = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "GatewayClass",
        "metadata": {"name": "internal", "labels": {"visibility": "internal"}},
        "spec": {
            "controllerName": "example.net/gateway-controller",
            "description": "Gateways on the private network",
            "parametersRef": {
                "group": "", "kind": "ConfigMap",
                "name": "internal-gateways", "namespace": "gateway-system",
            },
        },
    });
    assert_eq!(to_json(&class), expected);
    assert!(matches!(reparses(&expected), Object::GatewayClassV1(c) if c == class));
}

#[test]
fn reference_grant_from_routes_to_services() {
    let grant = v1::ReferenceGrant::builder("shop-routes")
        .namespace("backends")
        .allow_from::<v1::HttpRoute>("shop")
        .allow_from::<v1::GrpcRoute>("shop")
        .allow_to("", "Service")
        .build();
    let expected = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "ReferenceGrant",
        "metadata": {"name": "shop-routes", "namespace": "backends"},
        "spec": {
            "from": [
                {"group": "gateway.networking.k8s.io", "kind": "HTTPRoute", "namespace": "shop"},
                {"group": "gateway.networking.k8s.io", "kind": "GRPCRoute", "namespace": "shop"},
            ],
            "to": [{"group": "", "kind": "Service"}],
        },
    });
    assert_eq!(to_json(&grant), expected);
    assert!(matches!(reparses(&expected), Object::ReferenceGrantV1(g) if g == grant));
}

#[test]
fn reference_grant_for_one_named_secret() {
    let grant = v1::ReferenceGrant::builder("edge-cert")
        .namespace("certs")
        .allow_from::<v1::Gateway>("infra")
        .allow_from_kind("", "Pod", "debug")
        .allow_to_named("", "Secret", "wildcard-ecdsa")
        .build();
    assert_eq!(
        to_json(&grant),
        json!({
            "apiVersion": "gateway.networking.k8s.io/v1",
            "kind": "ReferenceGrant",
            "metadata": {"name": "edge-cert", "namespace": "certs"},
            "spec": {
                "from": [
                    {"group": "gateway.networking.k8s.io", "kind": "Gateway", "namespace": "infra"},
                    {"group": "", "kind": "Pod", "namespace": "debug"},
                ],
                "to": [{"group": "", "kind": "Secret", "name": "wildcard-ecdsa"}],
            },
        })
    );
}

#[test]
fn grpc_route_with_service_and_method_matches() {
    let route = v1::GrpcRoute::builder("greeter")
        .namespace("apps")
        .parent("infra", "gw")
        .hostname("grpc.example.com")
        .rule(GrpcRule::method("helloworld.Greeter", "SayHello").backend("greeter-v2", 50051))
        .rule(
            GrpcRule::service("helloworld.Greeter")
                .header("x-tenant", "blue")
                .name("greeter")
                .weighted_backend("greeter-v1", 50051, 9)
                .weighted_backend("greeter-v2", 50051, 1),
        )
        .rule(GrpcRule::any().backend("fallback", 9000))
        .build();
    let expected = json!({
        "apiVersion": "gateway.networking.k8s.io/v1",
        "kind": "GRPCRoute",
        "metadata": {"name": "greeter", "namespace": "apps"},
        "spec": {
            "parentRefs": [{"name": "gw", "namespace": "infra"}],
            "hostnames": ["grpc.example.com"],
            "rules": [
                {
                    "matches": [{"method": {"service": "helloworld.Greeter", "method": "SayHello"}}],
                    "backendRefs": [{"name": "greeter-v2", "port": 50051}],
                },
                {
                    "name": "greeter",
                    "matches": [{
                        "method": {"service": "helloworld.Greeter"},
                        "headers": [{"name": "x-tenant", "value": "blue"}],
                    }],
                    "backendRefs": [
                        {"name": "greeter-v1", "port": 50051, "weight": 9},
                        {"name": "greeter-v2", "port": 50051, "weight": 1},
                    ],
                },
                {"backendRefs": [{"name": "fallback", "port": 9000}]},
            ],
        },
    });
    assert_eq!(to_json(&route), expected);
    assert!(matches!(reparses(&expected), Object::GrpcRouteV1(r) if r == route));
}

#[test]
fn raw_rules_and_listeners_are_accepted_too() {
    let listener = GatewayListener::http("http", 8080)
        .hostname("a.example.com")
        .build();
    let gateway = v1::Gateway::builder("gw", "example")
        .listener(listener.clone())
        .build();
    assert_eq!(gateway.spec.listeners, vec![listener]);

    let rule = HttpRule::prefix("/a").backend("a", 80).build();
    let route = v1::HttpRoute::builder("r").rule(rule.clone()).build();
    assert_eq!(route.spec.rules, Some(vec![rule]));
    assert!(route.metadata.namespace.is_none());
    assert!(route.status.is_none());
}

//! The proxy's per-request work without the network: route match, filters (URL rewrite,
//! request header modifier), header writes and backend choice ([`decide`]), at 10 and 10,000
//! routes. Run: `cargo bench -p gateway-api-proxy --bench per_request`.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use gateway_api_match::request::{Connection, Scheme};
use gateway_api_proxy::config::{Config, gateway_key};
use gateway_api_proxy::endpoints::EndpointOverride;
use gateway_api_proxy::extension::Extensions;
use gateway_api_proxy::proxy::{Decision, decide};

/// A Gateway with one HTTP listener and `n` HTTPRoutes, each for its own host, with a prefix
/// rule that rewrites the path and sets a header, to Service `bench/web` port 8080.
fn manifests(n: usize) -> String {
    let mut out = String::from(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: bench}\nspec: {controllerName: example.net/bench}\n---\n\
         apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: bench}\nspec:\n  gatewayClassName: bench\n  listeners:\n  - {name: http, protocol: HTTP, port: 80}\n---\n\
         apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: bench}\nspec: {ports: [{port: 8080}]}\n",
    );
    for i in 0..n {
        out.push_str(&format!(
            "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: r{i}, namespace: bench}}\nspec:\n  parentRefs: [{{name: gw}}]\n  hostnames: [host{i}.example.com]\n  rules:\n  - matches: [{{path: {{type: PathPrefix, value: /api}}}}]\n    filters:\n    - type: URLRewrite\n      urlRewrite: {{path: {{type: ReplacePrefixMatch, replacePrefixMatch: /v2}}}}\n    - type: RequestHeaderModifier\n      requestHeaderModifier: {{set: [{{name: x-route, value: r{i}}}]}}\n    backendRefs: [{{name: web, port: 8080}}]\n"
        ));
    }
    out
}

fn config(n: usize) -> Config {
    // The YAML reader caps one stream at 1,024 documents: parse in pieces.
    let text = manifests(n);
    let mut docs = Vec::new();
    let pieces: Vec<&str> = text.split("\n---\n").collect();
    for chunk in pieces.chunks(500) {
        let parsed = gateway_api_types::parse("bench.yaml", &chunk.join("\n---\n"));
        docs.extend(parsed.into_iter().map(Result::unwrap));
    }
    let overrides = [EndpointOverride {
        namespace: "bench".into(),
        name: "web".into(),
        port: 8080,
        addr: "127.0.0.1:9".parse().unwrap(),
    }];
    Config::from_documents(&docs, &gateway_key("bench", "gw"), &overrides).unwrap()
}

fn request(host: &str, path: &str) -> http::Request<()> {
    let mut req = http::Request::builder()
        .uri(path)
        .header("host", host)
        .header("user-agent", "bench")
        .header("accept", "*/*")
        .body(())
        .unwrap();
    req.extensions_mut().insert(Connection {
        scheme: Scheme::Http,
        port: 80,
        sni: None,
    });
    req
}

fn bench(c: &mut Criterion) {
    let extensions = Extensions::default();
    for n in [10, 10_000] {
        let config = config(n);
        let host = format!("host{}.example.com", n / 2);
        // Check once that the request is forwarded as the bench assumes.
        let mut probe = request(&host, "/api/items?id=7");
        match decide(&config, &extensions, &mut probe, 1) {
            Decision::Forward(_) => assert_eq!(probe.uri().path(), "/v2/items"),
            Decision::Respond { response, .. } => panic!("not forwarded: {}", response.status()),
        }
        let mut group = c.benchmark_group(format!("per_request/{n}_routes"));
        group.bench_function("forward", |b| {
            b.iter_batched(
                || request(&host, "/api/items?id=7"),
                |mut req| {
                    let d = decide(&config, &extensions, &mut req, 0x9E37_79B9_7F4A_7C15);
                    black_box((matches!(d, Decision::Forward(_)), req))
                },
                BatchSize::SmallInput,
            );
        });
        group.bench_function("not_found", |b| {
            b.iter_batched(
                || request("unknown.example.com", "/api/items"),
                |mut req| {
                    let d = decide(&config, &extensions, &mut req, 1);
                    black_box((matches!(d, Decision::Respond { .. }), req))
                },
                BatchSize::SmallInput,
            );
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);

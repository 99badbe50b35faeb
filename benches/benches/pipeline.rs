//! End to end: manifests through parse → validate → resolve → router build → match, on the
//! upstream examples and on a generated 10,000-route cluster, with each stage's share of the
//! whole. Each stage is timed on its own over several passes and the median kept, so one slow
//! pass on a shared machine does not skew the shares.
//!
//! `cargo bench -p gateway-api-benches --bench pipeline`

use std::hint::black_box;
use std::time::{Duration, Instant};

use gateway_api_benches::{CONTROLLER, Cluster, example_files};
use gateway_api_match::{Outcome, Request, Router};
use gateway_api_resolve::{Options, Resolution, Snapshot, build_router, resolve};
use gateway_api_types::{Channel, Document, parse};
use gateway_api_validate::{Validator, Verdict};

/// The manifests of one run: (file name, text).
struct Input {
    name: &'static str,
    files: Vec<(String, String)>,
    /// The controllers to resolve for (every GatewayClass's, for the examples).
    controllers: Vec<String>,
    /// Requests as (gateway namespace/name, host, path); empty for the examples.
    requests: Vec<(String, String, String)>,
}

const STAGES: [&str; 5] = ["parse", "validate", "resolve", "router build", "match"];

/// One pass; returns each stage's time and a summary of what it did.
fn pass(input: &Input, validator: &Validator) -> ([Duration; 5], String) {
    let mut times = [Duration::ZERO; 5];

    let t = Instant::now();
    let docs: Vec<Document> = input
        .files
        .iter()
        .flat_map(|(name, text)| parse(name, text))
        .filter_map(Result::ok)
        .collect();
    times[0] = t.elapsed();

    // The validator takes JSON values; writing each typed object back to one is part of the
    // stage, as it is for a program that decoded first.
    let t = Instant::now();
    let mut rejected = 0;
    for doc in docs.iter().filter(|d| d.object.is_gateway_api()) {
        if validator.validate(&doc.object.to_value()).verdict == Verdict::Rejected {
            rejected += 1;
        }
    }
    times[1] = t.elapsed();

    let t = Instant::now();
    let snapshot = Snapshot::from_documents(&docs);
    let resolutions: Vec<Resolution> = input
        .controllers
        .iter()
        .map(|c| resolve(&snapshot, &Options::new(c.clone())))
        .collect();
    times[2] = t.elapsed();

    let t = Instant::now();
    let routers: Vec<(String, Router)> = resolutions
        .iter()
        .flat_map(|r| &r.effective)
        .filter_map(|(key, gateway)| {
            let router = build_router(gateway).ok()?;
            Some((format!("{}/{}", key.namespace, key.name), router))
        })
        .collect();
    times[3] = t.elapsed();

    let t = Instant::now();
    let mut matched = 0;
    for (gateway, host, path) in &input.requests {
        if let Some((_, router)) = routers.iter().find(|(k, _)| k == gateway)
            && let Outcome::Matched(_) = router.route(&Request::get(host, path))
        {
            matched += 1;
        }
    }
    times[4] = t.elapsed();

    let summary = format!(
        "{} documents ({} Gateway API, {rejected} rejected), {} routers, {matched}/{} requests matched",
        docs.len(),
        docs.iter().filter(|d| d.object.is_gateway_api()).count(),
        routers.len(),
        input.requests.len(),
    );
    black_box((resolutions, routers));
    (times, summary)
}

fn report(input: &Input, validator: &Validator, passes: usize) {
    let mut samples: Vec<[Duration; 5]> = Vec::with_capacity(passes);
    let mut summary = String::new();
    for _ in 0..passes {
        let (times, s) = pass(input, validator);
        samples.push(times);
        summary = s;
    }
    let medians: Vec<Duration> = (0..STAGES.len())
        .map(|i| {
            let mut v: Vec<Duration> = samples.iter().map(|s| s[i]).collect();
            v.sort();
            v[v.len() / 2]
        })
        .collect();
    let total: Duration = medians.iter().sum();
    println!("\n{}: {summary}; median of {passes} passes", input.name);
    println!("| stage | time | share |\n|---|---:|---:|");
    for (stage, time) in STAGES.iter().zip(&medians) {
        println!(
            "| {stage} | {:.2} ms | {:.1}% |",
            time.as_secs_f64() * 1e3,
            100.0 * time.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!("| total | {:.2} ms | |", total.as_secs_f64() * 1e3);
}

fn main() {
    // Built once, as a webhook or CLI builds it; its construction is not a stage.
    let validator = Validator::new(Channel::Experimental);

    let files = example_files();
    let mut controllers: Vec<String> = files
        .iter()
        .flat_map(|(name, text)| parse(name, text))
        .filter_map(Result::ok)
        .filter_map(|d| match d.object {
            gateway_api_types::Object::GatewayClassV1(c) => Some(c.spec.controller_name),
            _ => None,
        })
        .collect();
    controllers.sort();
    controllers.dedup();
    let examples = Input {
        name: "upstream examples (v1.6.1, standard and experimental)",
        files,
        controllers,
        requests: Vec::new(),
    };
    report(&examples, &validator, 20);

    let cluster = Cluster {
        routes: 10_000,
        gateways: 10,
    };
    let generated = Input {
        name: "generated cluster (10,000 HTTPRoutes, 10 Gateways, 1,000 namespaces)",
        files: vec![("cluster.yaml".to_owned(), cluster.yaml())],
        controllers: vec![CONTROLLER.to_owned()],
        requests: cluster
            .requests()
            .into_iter()
            .map(|(g, host, path)| (format!("infra/gw-{g}"), host, path))
            .collect(),
    };
    report(&generated, &validator, 5);
}

//! examples/deploy: the manifests parse, the Gateway API objects in them are valid, the
//! webhook is sent every Gateway API kind and version, the environment variables match the
//! binaries' flags, and the controller's RBAC grants exactly the API calls it makes.

use std::collections::BTreeSet;

use gateway_api_types::Channel;
use gateway_api_validate::{Validator, Verdict};
use serde_json::Value;

use crate::fake::{Fake, Target};
use crate::{
    Running, config, conformance, expected_patch, gwapi_status, lease, read_manifests, repo, settle,
};

fn deploy(file: &str) -> Vec<Value> {
    read_manifests(&[repo().join("examples/deploy").join(file)])
}

const FILES: [&str; 3] = [
    "controller.yaml",
    "webhook.yaml",
    "webhook-certificate.yaml",
];

#[test]
fn manifests_parse_and_gateway_api_objects_validate() {
    let validator = Validator::new(Channel::Standard);
    let mut gateway_api = 0;
    for file in FILES {
        let path = repo().join("examples/deploy").join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        for doc in gateway_api_types::parse(file, &text) {
            let doc = doc.unwrap_or_else(|e| panic!("{e}"));
            assert!(
                doc.unknown_fields.is_empty(),
                "{file}: {:?}",
                doc.unknown_fields
            );
            let value = doc.object.to_value();
            assert!(value["metadata"]["name"].is_string(), "{file}: {value}");
            if doc.object.is_gateway_api() {
                gateway_api += 1;
                let outcome = validator.validate(&value);
                assert_eq!(
                    outcome.verdict,
                    Verdict::Admitted,
                    "{file}: {:?}",
                    outcome.errors
                );
            }
        }
    }
    assert_eq!(gateway_api, 1, "the GatewayClass");
    let class = deploy("controller.yaml")
        .into_iter()
        .find(|o| o["kind"] == "GatewayClass")
        .unwrap();
    let args = deployment(&deploy("controller.yaml"))["spec"]["template"]["spec"]["containers"][0]
        ["args"]
        .clone();
    let flag = format!(
        "--controller-name={}",
        class["spec"]["controllerName"].as_str().unwrap()
    );
    assert!(
        args.as_array().unwrap().iter().any(|a| *a == *flag),
        "{args}"
    );
}

fn deployment(objects: &[Value]) -> Value {
    objects
        .iter()
        .find(|o| o["kind"] == "Deployment")
        .cloned()
        .expect("a Deployment")
}

/// Every environment variable a Deployment sets is one its binary reads (clap's `env = "…"`).
#[test]
fn deployment_environment_matches_the_flags() {
    for (file, main) in [
        ("controller.yaml", "examples/controller/src/main.rs"),
        ("webhook.yaml", "examples/webhook/src/main.rs"),
    ] {
        let source = std::fs::read_to_string(repo().join(main)).unwrap();
        let d = deployment(&deploy(file));
        for env in d["spec"]["template"]["spec"]["containers"][0]["env"]
            .as_array()
            .unwrap()
        {
            let name = env["name"].as_str().unwrap();
            if name == "RUST_LOG" {
                continue;
            }
            assert!(
                source.contains(&format!("env = \"{name}\"")),
                "{file}: {name} is not a flag of {main}"
            );
        }
    }
}

#[test]
fn the_webhook_gets_every_gateway_api_kind_and_version() {
    let config = deploy("webhook.yaml")
        .into_iter()
        .find(|o| o["kind"] == "ValidatingWebhookConfiguration")
        .unwrap();
    let hook = &config["webhooks"][0];
    assert_eq!(hook["sideEffects"], "None");
    assert_eq!(hook["failurePolicy"], "Ignore");
    assert!(
        hook["timeoutSeconds"]
            .as_i64()
            .is_some_and(|t| (1..=30).contains(&t))
    );
    assert_eq!(hook["clientConfig"]["service"]["path"], "/validate");
    let mut covered = BTreeSet::new();
    for rule in hook["rules"].as_array().unwrap() {
        assert_eq!(rule["operations"], serde_json::json!(["CREATE", "UPDATE"]));
        for g in rule["apiGroups"].as_array().unwrap() {
            for v in rule["apiVersions"].as_array().unwrap() {
                for r in rule["resources"].as_array().unwrap() {
                    covered.insert((
                        g.as_str().unwrap().to_owned(),
                        v.as_str().unwrap().to_owned(),
                        r.as_str().unwrap().to_owned(),
                    ));
                }
            }
        }
    }
    let mut served = BTreeSet::new();
    let mut groups = BTreeSet::new();
    for crd in gateway_api_types::crds(Channel::Experimental) {
        let group = crd["spec"]["group"].as_str().unwrap().to_owned();
        let plural = crd["spec"]["names"]["plural"].as_str().unwrap().to_owned();
        for v in crd["spec"]["versions"].as_array().unwrap() {
            if v["served"] == true {
                served.insert((
                    group.clone(),
                    v["name"].as_str().unwrap().to_owned(),
                    plural.clone(),
                ));
            }
        }
        groups.insert(group);
    }
    // Rules are a product of groups × versions × resources, so they may name a version a
    // kind lacks; every served one must be covered, and nothing outside the Gateway API.
    let missing: Vec<_> = served.difference(&covered).collect();
    assert!(missing.is_empty(), "not sent to the webhook: {missing:?}");
    assert!(
        covered
            .iter()
            .all(|(g, _, r)| groups.contains(g)
                && served.iter().any(|(sg, _, sr)| sg == g && sr == r))
    );
}

/// (API group, resource[/subresource], verb) of a request, with the namespace for namespaced
/// requests.
fn access(r: &crate::fake::Recorded) -> (String, String, String, Option<String>) {
    let t = Target::parse(&r.path).expect("known path");
    let verb = match (r.method.as_str(), &t.name) {
        ("GET", None) if r.is_watch() => "watch",
        ("GET", None) => "list",
        ("GET", Some(_)) => "get",
        ("POST", _) => "create",
        ("PATCH", _) => "patch",
        ("PUT", _) => "update",
        ("DELETE", _) => "delete",
        (m, _) => panic!("unexpected method {m}"),
    };
    let resource = match &t.subresource {
        Some(s) => format!("{}/{s}", t.plural),
        None => t.plural.clone(),
    };
    (t.group, resource, verb.to_owned(), t.namespace)
}

/// Grants of the controller's ClusterRole (namespace `None`) and Roles.
fn grants() -> BTreeSet<(String, String, String, Option<String>)> {
    let mut out = BTreeSet::new();
    for o in deploy("controller.yaml") {
        let ns = match o["kind"].as_str() {
            Some("ClusterRole") => None,
            Some("Role") => Some(o["metadata"]["namespace"].as_str().unwrap().to_owned()),
            _ => continue,
        };
        for rule in o["rules"].as_array().unwrap() {
            for g in rule["apiGroups"].as_array().unwrap() {
                for r in rule["resources"].as_array().unwrap() {
                    for v in rule["verbs"].as_array().unwrap() {
                        out.insert((
                            g.as_str().unwrap().to_owned(),
                            r.as_str().unwrap().to_owned(),
                            v.as_str().unwrap().to_owned(),
                            ns.clone(),
                        ));
                    }
                }
            }
        }
    }
    out
}

/// A cluster with an object of every status kind, a conflict on the first write of each kind
/// (so the re-read happens for each), and leader election: every request is granted, and every
/// grant is used.
#[tokio::test]
async fn rbac_grants_exactly_the_calls_made() {
    let fake = Fake::default();
    let mut paths = Vec::new();
    for test in [
        "BackendTLSPolicy",
        "GRPCRouteListenerHostnameMatching",
        "ListenerSetReferenceGrant",
        "TCPRouteReferenceGrant",
        "TLSRouteMixedTerminationSameNamespace",
        "UDPRoute",
    ] {
        paths.extend(conformance(test));
    }
    fake.seed(read_manifests(&paths));
    let mut kinds = BTreeSet::new();
    for item in gwapi_status(&fake.objects()) {
        if kinds.insert(item["kind"].as_str().unwrap().to_owned()) {
            fake.fail_next("PATCH", &expected_patch(&fake, &item).0, 409);
        }
    }
    assert_eq!(
        kinds.len(),
        gateway_api_controller::engine::STATUS_KINDS.len(),
        "{kinds:?}"
    );

    let mut c = config();
    c.lease = Some(lease("only"));
    let running = Running::start(&fake, 0, c);
    settle(&fake, &running.metrics, 1).await;
    running.stop().await;
    assert!(fake.unexpected().is_empty(), "{:?}", fake.unexpected());

    let grants = grants();
    let granted = |a: &(String, String, String, Option<String>)| {
        grants.contains(&(a.0.clone(), a.1.clone(), a.2.clone(), None))
            || (a.3.is_some() && grants.contains(a))
    };
    let used: BTreeSet<_> = fake.requests().iter().map(access).collect();
    let refused: Vec<_> = used.iter().filter(|a| !granted(a)).collect();
    assert!(
        refused.is_empty(),
        "calls the RBAC does not grant: {refused:?}"
    );
    let unused: Vec<_> = grants
        .iter()
        .filter(|(g, r, v, ns)| {
            !used.iter().any(|(ug, ur, uv, uns)| {
                ug == g && ur == r && uv == v && (ns.is_none() || ns == uns)
            })
        })
        .collect();
    assert!(unused.is_empty(), "granted but never used: {unused:?}");
}

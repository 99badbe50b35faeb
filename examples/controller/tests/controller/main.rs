//! The controller against a fake API server (`fake.rs`): what it lists and watches, and every
//! status write it sends, compared with what `gwapi status` computes for the same objects.

mod deploy;
mod fake;
mod scale;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fake::{Fake, Recorded, collection_of, object_path, wait_for};
use gateway_api_controller::{Config, LeaseConfig, Metrics, run};
use gateway_api_resolve::{Options, Snapshot, resolve};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const CONTROLLER: &str = "example.net/gateway-controller";
const FIELD_MANAGER: &str = "gateway-api-controller";
const NOW: &str = "2026-01-02T03:04:05Z";

fn now() -> Time {
    Time(NOW.parse().expect("valid time"))
}

fn config() -> Config {
    let mut c = Config::new(CONTROLLER);
    c.debounce = Duration::from_millis(20);
    c.retry_base = Duration::from_millis(10);
    c.clock = Arc::new(now);
    c
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The objects of YAML files, as JSON values (every document, whatever its kind).
fn read_manifests(paths: &[PathBuf]) -> Vec<Value> {
    let mut out = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        for doc in serde_saphyr::from_multiple::<Value>(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        {
            if doc.is_object() {
                out.push(doc);
            }
        }
    }
    out
}

/// What `gwapi status` prints for these objects: `resolve` over a snapshot of them, as
/// gateway-api-cli's status command runs it, at the test clock.
fn gwapi_status(objects: &[Value]) -> Vec<Value> {
    let docs = documents(objects);
    resolve(
        &Snapshot::from_documents(&docs),
        &Options::new(CONTROLLER).at(now()),
    )
    .items()
}

/// The objects decoded as `gwapi` decodes files (one document each: the reader limits the
/// size of a single document).
fn documents(objects: &[Value]) -> Vec<gateway_api_types::Document> {
    objects
        .iter()
        .flat_map(|o| gateway_api_types::parse("object.json", &o.to_string()))
        .map(|d| d.expect("stored objects decode"))
        .collect()
}

/// A controller running against the fake until dropped or stopped.
struct Running {
    metrics: Metrics,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<anyhow::Result<()>>,
}

impl Running {
    fn start(fake: &Fake, replica: usize, config: Config) -> Self {
        let metrics = config.metrics.clone();
        let (stop, stopped) = oneshot::channel::<()>();
        let client = fake.client(replica);
        let task = tokio::spawn(run(client, config, async move {
            let _ = stopped.await;
        }));
        Self {
            metrics,
            stop: Some(stop),
            task,
        }
    }

    async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let result = tokio::time::timeout(Duration::from_secs(10), &mut self.task).await;
        match result {
            Ok(Ok(Ok(()))) => {}
            other => panic!("the controller did not stop cleanly: {other:?}"),
        }
    }
}

/// Waits until the controller has resolved at least `resolves` times and then nothing (no
/// request, no resolution) happened for 100 ms.
async fn settle(fake: &Fake, metrics: &Metrics, resolves: u64) {
    wait_for("a resolution", || metrics.resolves() >= resolves).await;
    loop {
        let before = (fake.requests().len(), metrics.resolves());
        tokio::time::sleep(Duration::from_millis(100)).await;
        if (fake.requests().len(), metrics.resolves()) == before {
            return;
        }
    }
}

/// Requests other than lists and watches of collections (those are checked by
/// [`assert_reads`]).
fn writes(requests: &[Recorded]) -> Vec<Recorded> {
    requests
        .iter()
        .filter(|r| {
            !(r.method == "GET" && fake::Target::parse(&r.path).is_some_and(|t| t.name.is_none()))
        })
        .cloned()
        .collect()
}

/// The collections the controller lists and watches, one per watched kind.
fn watched_collections() -> BTreeSet<String> {
    let v1 = "apis/gateway.networking.k8s.io/v1";
    [
        format!("{v1}/gatewayclasses"),
        format!("{v1}/gateways"),
        format!("{v1}/listenersets"),
        format!("{v1}/httproutes"),
        format!("{v1}/grpcroutes"),
        format!("{v1}/tlsroutes"),
        format!("{v1}/tcproutes"),
        format!("{v1}/udproutes"),
        format!("{v1}/referencegrants"),
        format!("{v1}/backendtlspolicies"),
        "api/v1/namespaces".to_owned(),
        "api/v1/services".to_owned(),
        "api/v1/secrets".to_owned(),
        "api/v1/configmaps".to_owned(),
    ]
    .into_iter()
    .collect()
}

/// Every collection read is a cluster-wide list (pages of 500) or watch of a watched kind, each
/// kind listed and watched.
fn assert_reads(requests: &[Recorded]) {
    let mut listed = BTreeSet::new();
    let mut watched = BTreeSet::new();
    for r in requests {
        let Some(t) = fake::Target::parse(&r.path) else {
            continue;
        };
        if r.method != "GET" || t.name.is_some() {
            continue;
        }
        let collection = format!("{}/{}", t.prefix, t.plural);
        assert!(t.namespace.is_none(), "namespaced list/watch: {}", r.path);
        if r.is_watch() {
            assert!(
                r.query.contains_key("resourceVersion"),
                "watch without a resourceVersion: {r:?}"
            );
            watched.insert(collection);
        } else {
            assert_eq!(
                r.query.get("limit").map(String::as_str),
                Some("500"),
                "list: {r:?}"
            );
            listed.insert(collection);
        }
    }
    assert_eq!(listed, watched_collections());
    assert_eq!(watched, watched_collections());
}

/// The status write the controller must send for an item of `gwapi status`: server-side
/// apply to the status subresource under our field manager, forced, the item as the body with
/// the stored object's `resourceVersion` as precondition.
fn expected_patch(fake: &Fake, item: &Value) -> (String, Value) {
    let collection = collection_of(item);
    let ns = item["metadata"]["namespace"].as_str().unwrap_or_default();
    let name = item["metadata"]["name"].as_str().unwrap_or_default();
    let stored = fake
        .object(&collection, ns, name)
        .expect("the item's object is stored");
    let mut body = item.clone();
    body["metadata"]["resourceVersion"] = stored["metadata"]["resourceVersion"].clone();
    (
        format!("{}/status", object_path(&collection, ns, name)),
        body,
    )
}

/// Checks a write is a forced server-side apply of a status under our field manager, and
/// returns its path and body.
fn as_apply(r: &Recorded) -> (String, Value) {
    assert_eq!(r.method, "PATCH", "{r:?}");
    assert!(r.path.ends_with("/status"), "{r:?}");
    assert_eq!(
        r.content_type.as_deref(),
        Some("application/apply-patch+yaml"),
        "{r:?}"
    );
    assert_eq!(
        r.query.get("fieldManager").map(String::as_str),
        Some(FIELD_MANAGER),
        "{r:?}"
    );
    assert_eq!(
        r.query.get("force").map(String::as_str),
        Some("true"),
        "{r:?}"
    );
    (r.path.clone(), r.body.clone().expect("apply has a body"))
}

fn conformance(test: &str) -> Vec<PathBuf> {
    let dir = repo().join("testdata/conformance");
    let index: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("index.json")).unwrap()).unwrap();
    let entry = index["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["shortName"] == test)
        .unwrap_or_else(|| panic!("{test} in index.json"));
    entry["manifests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| dir.join(m.as_str().unwrap()))
        .collect()
}

/// A conformance manifest set: every status write equals the `gwapi status` item for the
/// object (path, field manager, body), one write per item, and nothing else is written.
async fn conformance_patches_equal_gwapi_status(test: &str) {
    let fake = Fake::default();
    fake.seed(read_manifests(&conformance(test)));
    let expected: BTreeSet<(String, String)> = gwapi_status(&fake.objects())
        .iter()
        .map(|item| {
            let (path, body) = expected_patch(&fake, item);
            (path, body.to_string())
        })
        .collect();
    assert!(!expected.is_empty(), "{test}: nothing to write");

    let c = Running::start(&fake, 0, config());
    settle(&fake, &c.metrics, 1).await;
    let requests = fake.requests();
    assert_reads(&requests);
    let sent: BTreeSet<(String, String)> = writes(&requests)
        .iter()
        .map(|r| {
            let (path, body) = as_apply(r);
            (path, body.to_string())
        })
        .collect();
    assert_eq!(
        writes(&requests).len(),
        sent.len(),
        "{test}: an object was written twice"
    );
    assert_eq!(sent, expected, "{test}");
    assert!(fake.unexpected().is_empty(), "{:?}", fake.unexpected());

    // Restarted, it lists everything again and writes nothing: every status is right.
    c.stop().await;
    let before = fake.requests().len();
    let again = Running::start(&fake, 0, config());
    settle(&fake, &again.metrics, 1).await;
    assert!(
        writes(&fake.requests()[before..]).is_empty(),
        "{test}: a restart wrote"
    );
    again.stop().await;
}

#[tokio::test]
async fn conformance_status_patches_equal_gwapi_status() {
    for test in [
        "BackendTLSPolicy",
        "GRPCRouteListenerHostnameMatching",
        "HTTPRoutePartiallyInvalidViaInvalidReferenceGrant",
        "ListenerSetReferenceGrant",
        "TCPRouteReferenceGrant",
        "TLSRouteMixedTerminationSameNamespace",
        "UDPRoute",
        "GatewayInvalidTLSConfiguration",
    ] {
        conformance_patches_equal_gwapi_status(test).await;
    }
}

const SMALL: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: gc}
spec: {controllerName: example.net/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: apps}
spec:
  gatewayClassName: gc
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: v1
kind: Namespace
metadata: {name: apps}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec: {ports: [{port: 8080}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: a, namespace: apps}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 8080}]}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: b, namespace: apps}
spec:
  parentRefs: [{name: gw}]
  rules: [{backendRefs: [{name: web, port: 8080}]}]
"#;

fn small() -> Vec<Value> {
    serde_saphyr::from_multiple::<Value>(SMALL).unwrap()
}

const ROUTES: &str = "apis/gateway.networking.k8s.io/v1/httproutes";
const GATEWAYS: &str = "apis/gateway.networking.k8s.io/v1/gateways";

/// The statuses `gwapi status` computes for the fake's objects now that differ from what the
/// fake stores: what the controller must write next.
fn due(fake: &Fake) -> BTreeSet<String> {
    gwapi_status(&fake.objects())
        .iter()
        .filter(|item| {
            let c = collection_of(item);
            let ns = item["metadata"]["namespace"].as_str().unwrap_or_default();
            let name = item["metadata"]["name"].as_str().unwrap_or_default();
            fake.object(&c, ns, name).map(|o| o["status"].clone()) != Some(item["status"].clone())
        })
        .map(|item| expected_patch(fake, item).0)
        .collect()
}

/// [`due`] once `changed` replaces its stored object (with the generation an update gives it).
fn due_with(fake: &Fake, changed: &Value) -> BTreeSet<String> {
    let preview = Fake::default();
    let mut objects = fake.objects();
    for o in &mut objects {
        if o["kind"] == changed["kind"] && o["metadata"]["name"] == changed["metadata"]["name"] {
            *o = changed.clone();
            o["metadata"]["generation"] =
                json!(changed["metadata"]["generation"].as_i64().unwrap_or(1) + 1);
        }
    }
    preview.seed(objects);
    due(&preview)
}

fn paths(requests: &[Recorded]) -> Vec<String> {
    requests
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[tokio::test]
async fn writes_only_what_changed() {
    let fake = Fake::default();
    fake.seed(small());
    let c = Running::start(&fake, 0, config());
    settle(&fake, &c.metrics, 1).await;
    assert_eq!(
        writes(&fake.requests()).len(),
        4,
        "class, gateway, two routes"
    );
    assert!(due(&fake).is_empty());

    // A replayed identical event: no write.
    let mark = fake.requests().len();
    let resolves = c.metrics.resolves();
    fake.replay(ROUTES, "apps", "a");
    settle(&fake, &c.metrics, resolves + 1).await;
    assert_eq!(paths(&fake.requests()[mark..]), Vec::<String>::new());

    // One route changes (its backend no longer exists): exactly the objects whose status
    // changed are written, here the route alone (it stays attached).
    let mut a = fake.object(ROUTES, "apps", "a").unwrap();
    a["spec"]["rules"][0]["backendRefs"][0]["name"] = json!("missing");
    let expected = due_with(&fake, &a);
    assert_eq!(expected.len(), 1);
    let (mark, resolves) = (fake.requests().len(), c.metrics.resolves());
    fake.update(a);
    settle(&fake, &c.metrics, resolves + 1).await;
    let sent = writes(&fake.requests()[mark..]);
    assert_eq!(
        sent.iter().map(|r| as_apply(r).0).collect::<BTreeSet<_>>(),
        expected
    );
    assert_eq!(sent.len(), 1);
    let status = &sent[0].body.as_ref().unwrap()["status"]["parents"][0];
    let conditions = status["conditions"].as_array().unwrap();
    let resolved = conditions
        .iter()
        .find(|c| c["type"] == "ResolvedRefs")
        .unwrap();
    assert_eq!(resolved["reason"], "BackendNotFound", "{status}");
    assert!(
        conditions.iter().all(|c| c["observedGeneration"] == 2),
        "generation of the object read: {status}"
    );

    // A deleted route is not written; the Gateway (one route fewer attached) is.
    let (mark, resolves) = (fake.requests().len(), c.metrics.resolves());
    fake.delete(ROUTES, "apps", "b");
    settle(&fake, &c.metrics, resolves + 1).await;
    assert_eq!(
        paths(&writes(&fake.requests()[mark..])),
        ["PATCH /apis/gateway.networking.k8s.io/v1/namespaces/apps/gateways/gw/status"]
    );
    let gw = fake.object(GATEWAYS, "apps", "gw").unwrap();
    assert_eq!(gw["status"]["listeners"][0]["attachedRoutes"], 1);
    // Conditions whose status did not change keep their time (here: all of them, from the
    // first write at the same clock).
    assert!(due(&fake).is_empty());
    assert!(fake.unexpected().is_empty(), "{:?}", fake.unexpected());
    c.stop().await;
}

#[tokio::test]
async fn a_conflict_is_read_again_and_retried_and_a_deleted_object_is_dropped() {
    let fake = Fake::default();
    fake.seed(small());
    let c = Running::start(&fake, 0, config());
    settle(&fake, &c.metrics, 1).await;

    // 409 on the route's write: the controller reads the route again and writes with the
    // new resourceVersion.
    let path = "/apis/gateway.networking.k8s.io/v1/namespaces/apps/httproutes/a/status";
    fake.fail_next("PATCH", path, 409);
    let mut a = fake.object(ROUTES, "apps", "a").unwrap();
    a["spec"]["rules"][0]["backendRefs"][0]["name"] = json!("missing");
    let (mark, resolves) = (fake.requests().len(), c.metrics.resolves());
    fake.update(a);
    settle(&fake, &c.metrics, resolves + 1).await;
    let sent = writes(&fake.requests()[mark..]);
    assert_eq!(
        paths(&sent),
        [
            format!("PATCH {path}"),
            format!("GET {path}"),
            format!("PATCH {path}")
        ],
    );
    let rv = |r: &Recorded| r.body.as_ref().unwrap()["metadata"]["resourceVersion"].clone();
    assert_eq!(
        rv(&sent[0]),
        rv(&sent[2]),
        "the injected 409 left the object as it was"
    );
    assert_eq!(sent[0].body, sent[2].body);
    assert!(due(&fake).is_empty());
    assert_eq!(
        c.metrics
            .patches(gateway_api_controller::PatchResult::Conflict),
        1
    );

    // 404 (deleted meanwhile): dropped, no read, no retry.
    fake.fail_next("PATCH", path, 404);
    let mut a = fake.object(ROUTES, "apps", "a").unwrap();
    a["spec"]["rules"][0]["backendRefs"][0]["name"] = json!("web");
    let (mark, resolves) = (fake.requests().len(), c.metrics.resolves());
    fake.update(a);
    settle(&fake, &c.metrics, resolves + 1).await;
    assert_eq!(
        paths(&writes(&fake.requests()[mark..])),
        [format!("PATCH {path}")]
    );
    assert_eq!(
        c.metrics
            .patches(gateway_api_controller::PatchResult::NotFound),
        1
    );
    c.stop().await;
}

#[tokio::test]
async fn another_controllers_parent_entry_survives() {
    let fake = Fake::default();
    let mut objects = small();
    let theirs = json!({
        "controllerName": "other.example/controller",
        "parentRef": {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": "elsewhere"},
        "conditions": [{
            "type": "Accepted", "status": "True", "reason": "Accepted", "message": "theirs",
            "lastTransitionTime": "2020-01-01T00:00:00Z", "observedGeneration": 1,
        }],
    });
    for o in &mut objects {
        if o["kind"] == "HTTPRoute" && o["metadata"]["name"] == "a" {
            o["status"] = json!({"parents": [theirs.clone()]});
        }
    }
    fake.seed(objects);
    let c = Running::start(&fake, 0, config());
    settle(&fake, &c.metrics, 1).await;
    let path = "/apis/gateway.networking.k8s.io/v1/namespaces/apps/httproutes/a/status";
    let sent: Vec<_> = writes(&fake.requests())
        .into_iter()
        .filter(|r| r.path == path)
        .collect();
    assert_eq!(sent.len(), 1);
    let parents = sent[0].body.as_ref().unwrap()["status"]["parents"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(parents.len(), 2);
    assert_eq!(parents[0], theirs, "their entry is sent back unchanged");
    assert_eq!(parents[1]["controllerName"], CONTROLLER);
    assert_eq!(
        fake.object(ROUTES, "apps", "a").unwrap()["status"]["parents"][0],
        theirs
    );
    c.stop().await;
}

fn lease(identity: &str) -> LeaseConfig {
    LeaseConfig {
        namespace: "gateway-system".to_owned(),
        name: "gateway-api-controller".to_owned(),
        identity: identity.to_owned(),
        duration_seconds: 15,
        grace_seconds: 5,
    }
}

#[tokio::test]
async fn with_two_replicas_only_the_leader_writes() {
    let fake = Fake::default();
    fake.seed(small());
    let mut ca = config();
    ca.lease = Some(lease("replica-a"));
    let a = Running::start(&fake, 0, ca);
    wait_for("replica a to lead", || a.metrics.is_leader()).await;
    let mut cb = config();
    cb.lease = Some(lease("replica-b"));
    let b = Running::start(&fake, 1, cb);
    settle(&fake, &a.metrics, 1).await;
    settle(&fake, &b.metrics, 1).await;

    // A change after both are running: still only the leader writes.
    let mut route = fake.object(ROUTES, "apps", "a").unwrap();
    route["spec"]["rules"][0]["backendRefs"][0]["name"] = json!("missing");
    let (ra, rb) = (a.metrics.resolves(), b.metrics.resolves());
    fake.update(route);
    settle(&fake, &a.metrics, ra + 1).await;
    settle(&fake, &b.metrics, rb + 1).await;

    let requests = fake.requests();
    let status_writes = |replica| {
        requests
            .iter()
            .filter(|r| r.replica == replica && r.method == "PATCH" && r.path.ends_with("/status"))
            .count()
    };
    assert!(!b.metrics.is_leader());
    assert_eq!(
        status_writes(0),
        5,
        "four first writes and the changed route"
    );
    assert_eq!(status_writes(1), 0, "the follower wrote");
    let lease_obj = fake
        .object(
            "apis/coordination.k8s.io/v1/leases",
            "gateway-system",
            "gateway-api-controller",
        )
        .expect("the Lease exists");
    assert_eq!(lease_obj["spec"]["holderIdentity"], "replica-a");
    assert!(due(&fake).is_empty());
    assert!(fake.unexpected().is_empty(), "{:?}", fake.unexpected());

    // The leader stops and releases the Lease; the follower takes over when it next looks
    // (bounded here by the 15 s duration, so not waited for) — checked: the release happened.
    a.stop().await;
    let lease_obj = fake
        .object(
            "apis/coordination.k8s.io/v1/leases",
            "gateway-system",
            "gateway-api-controller",
        )
        .unwrap();
    assert!(
        lease_obj["spec"].get("holderIdentity").is_none(),
        "{lease_obj}"
    );
    b.stop().await;
}

/// One plain HTTP/1.0 GET on loopback; returns the status line and the body.
async fn http_get(addr: std::net::SocketAddr, path: &str) -> (String, String) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    tcp.write_all(format!("GET {path} HTTP/1.0\r\nHost: x\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut text = String::new();
    tokio::time::timeout(Duration::from_secs(5), tcp.read_to_string(&mut text))
        .await
        .unwrap()
        .unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (
        head.lines().next().unwrap_or_default().to_owned(),
        body.to_owned(),
    )
}

#[tokio::test]
async fn probes_and_metrics_are_served_on_loopback() {
    let fake = Fake::default();
    fake.seed(small());
    // A free loopback port: bound, read, released.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let mut c = config();
    c.listen = Some(addr);
    let running = Running::start(&fake, 0, c);
    settle(&fake, &running.metrics, 1).await;
    assert_eq!(http_get(addr, "/healthz").await.0, "HTTP/1.0 200 OK");
    assert_eq!(http_get(addr, "/readyz").await.0, "HTTP/1.0 200 OK");
    let (status, metrics) = http_get(addr, "/metrics").await;
    assert_eq!(status, "HTTP/1.0 200 OK");
    assert!(
        metrics.contains("gateway_controller_patches_total{result=\"sent\"} 4"),
        "{metrics}"
    );
    assert!(
        metrics.contains("gateway_controller_events_total{kind=\"HTTPRoute\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("gateway_controller_event_to_patch_seconds_count 4"),
        "{metrics}"
    );
    assert_eq!(http_get(addr, "/nothing").await.0, "HTTP/1.0 404 Not Found");
    running.stop().await;
    // Stopped: the port no longer answers.
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

//! The test plays the Kubernetes API server: kube's `tower-test` mock service stands in for the
//! HTTP connection, and every request the controller sends arrives here, is recorded, and is
//! answered from an in-memory store: lists (paginated by `limit`/`continue`), watches (streams
//! that stay open and carry the store's later changes), status reads, server-side apply of
//! statuses (with the `resourceVersion` precondition), and the Lease calls of the election.
//! A request this server does not understand is answered 500 and recorded as unexpected, so a
//! test can assert there were none.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures::StreamExt as _;
use futures::channel::mpsc;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt as _, Full, StreamBody};
use hyper::body::{Bytes, Frame};
use kube::client::Body;
use serde_json::{Value, json};

type ResponseBody = UnsyncBoxBody<Bytes, Infallible>;

/// One request as the API server saw it.
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    /// Which client sent it (the replica number given to [`Fake::client`]).
    pub(crate) replica: usize,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: BTreeMap<String, String>,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Option<Value>,
    /// When it arrived.
    pub(crate) at: Instant,
}

impl Recorded {
    pub(crate) fn is_watch(&self) -> bool {
        self.query
            .get("watch")
            .is_some_and(|w| w == "true" || w == "1")
    }
}

/// Where a request points: the collection (`apis/gateway.networking.k8s.io/v1/httproutes`),
/// and for a single object its namespace, name and subresource.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    /// `api/v1` or `apis/{group}/{version}`.
    pub(crate) prefix: String,
    pub(crate) group: String,
    pub(crate) plural: String,
    pub(crate) namespace: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) subresource: Option<String>,
}

impl Target {
    pub(crate) fn parse(path: &str) -> Option<Self> {
        let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let (prefix, group, rest) = match segs.as_slice() {
            ["api", "v1", rest @ ..] => ("api/v1".to_owned(), String::new(), rest),
            ["apis", g, v, rest @ ..] => (format!("apis/{g}/{v}"), (*g).to_owned(), rest),
            _ => return None,
        };
        let (namespace, rest) = match rest {
            ["namespaces", ns, plural, tail @ ..] => {
                (Some((*ns).to_owned()), [&[*plural][..], tail].concat())
            }
            _ => (None, rest.to_vec()),
        };
        Some(Self {
            prefix,
            group,
            plural: (*rest.first()?).to_owned(),
            namespace,
            name: rest.get(1).map(|s| (*s).to_owned()),
            subresource: rest.get(2).map(|s| (*s).to_owned()),
        })
    }

    fn collection(&self) -> String {
        format!("{}/{}", self.prefix, self.plural)
    }
}

/// The API path of an object of a collection (`apis/g/v/plural`, namespace, name).
pub(crate) fn object_path(collection: &str, namespace: &str, name: &str) -> String {
    let (prefix, plural) = collection
        .rsplit_once('/')
        .expect("collection has a plural");
    if namespace.is_empty() {
        format!("/{prefix}/{plural}/{name}")
    } else {
        format!("/{prefix}/namespaces/{namespace}/{plural}/{name}")
    }
}

/// The collection of an object by its `apiVersion` and `kind`.
pub(crate) fn collection_of(object: &Value) -> String {
    let api_version = object["apiVersion"].as_str().unwrap_or_default();
    let kind = object["kind"].as_str().unwrap_or_default();
    let plural = match kind {
        "GatewayClass" => "gatewayclasses".to_owned(),
        "BackendTLSPolicy" => "backendtlspolicies".to_owned(),
        "XBackendTrafficPolicy" => "xbackendtrafficpolicies".to_owned(),
        k => format!("{}s", k.to_ascii_lowercase()),
    };
    if api_version.contains('/') {
        format!("apis/{api_version}/{plural}")
    } else {
        format!("api/{api_version}/{plural}")
    }
}

#[derive(Default)]
struct State {
    rv: u64,
    /// collection → (namespace, name) → object.
    objects: BTreeMap<String, BTreeMap<(String, String), Value>>,
    watches: Vec<(String, mpsc::UnboundedSender<Bytes>)>,
    requests: Vec<Recorded>,
    unexpected: Vec<String>,
    /// Failures to answer instead of the next request with this method and path.
    failures: VecDeque<(String, String, u16)>,
    /// Lease `holderIdentity` owner (field manager), per Lease path.
    lease_owner: BTreeMap<String, String>,
}

/// The fake API server. Cheap to clone: clones share the store.
#[derive(Clone, Default)]
pub(crate) struct Fake {
    state: Arc<Mutex<State>>,
}

impl Fake {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A kube client whose requests this fake answers, recorded as coming from `replica`.
    pub(crate) fn client(&self, replica: usize) -> kube::Client {
        let (service, mut handle) =
            tower_test::mock::pair::<http::Request<Body>, http::Response<ResponseBody>>();
        let fake = self.clone();
        tokio::spawn(async move {
            while let Some((request, send)) = handle.next_request().await {
                let response = fake.handle(replica, request).await;
                send.send_response(response);
            }
        });
        kube::Client::new(service, "default")
    }

    /// Stores objects as an API server would on create: a `resourceVersion`, `generation` 1
    /// (when absent) and a `uid`.
    pub(crate) fn seed(&self, objects: impl IntoIterator<Item = Value>) {
        let mut s = self.lock();
        for mut o in objects {
            s.rv += 1;
            let rv = s.rv;
            let meta = o["metadata"].as_object_mut().expect("object has metadata");
            meta.insert("resourceVersion".into(), json!(rv.to_string()));
            meta.entry("generation").or_insert(json!(1));
            meta.entry("uid").or_insert(json!(format!("uid-{rv}")));
            let key = key_of(&o);
            s.objects
                .entry(collection_of(&o))
                .or_default()
                .insert(key, o);
        }
    }

    /// Every object stored, in a fixed order.
    pub(crate) fn objects(&self) -> Vec<Value> {
        self.lock()
            .objects
            .values()
            .flat_map(|m| m.values().cloned())
            .collect()
    }

    /// One object by collection and key.
    pub(crate) fn object(&self, collection: &str, namespace: &str, name: &str) -> Option<Value> {
        self.lock()
            .objects
            .get(collection)?
            .get(&(namespace.to_owned(), name.to_owned()))
            .cloned()
    }

    /// Replaces (or creates) an object as a client's update would, bumping its
    /// `resourceVersion` (and its `generation` when the spec changed), and sends the watch
    /// event. Returns the time the event was sent.
    pub(crate) fn update(&self, mut object: Value) -> Instant {
        let mut s = self.lock();
        s.rv += 1;
        let rv = s.rv;
        let collection = collection_of(&object);
        let key = key_of(&object);
        let old = s
            .objects
            .get(&collection)
            .and_then(|m| m.get(&key))
            .cloned();
        let generation = match &old {
            Some(old) if old["spec"] != object["spec"] => {
                old["metadata"]["generation"].as_i64().unwrap_or(1) + 1
            }
            Some(old) => old["metadata"]["generation"].as_i64().unwrap_or(1),
            None => 1,
        };
        let meta = object["metadata"]
            .as_object_mut()
            .expect("object has metadata");
        meta.insert("resourceVersion".into(), json!(rv.to_string()));
        meta.insert("generation".into(), json!(generation));
        let kind = if old.is_some() { "MODIFIED" } else { "ADDED" };
        s.objects
            .entry(collection.clone())
            .or_default()
            .insert(key, object.clone());
        s.notify(&collection, kind, &object);
        Instant::now()
    }

    /// Sends a watch event for the stored object unchanged (a replayed event).
    pub(crate) fn replay(&self, collection: &str, namespace: &str, name: &str) {
        let mut s = self.lock();
        let o = s.objects[collection][&(namespace.to_owned(), name.to_owned())].clone();
        s.notify(collection, "MODIFIED", &o);
    }

    /// Deletes an object and sends the watch event.
    pub(crate) fn delete(&self, collection: &str, namespace: &str, name: &str) {
        let mut s = self.lock();
        let o = s
            .objects
            .get_mut(collection)
            .and_then(|m| m.remove(&(namespace.to_owned(), name.to_owned())))
            .expect("deleted object exists");
        s.notify(collection, "DELETED", &o);
    }

    /// Answers the next request with this method and path with `code` instead.
    pub(crate) fn fail_next(&self, method: &str, path: &str, code: u16) {
        self.lock()
            .failures
            .push_back((method.to_owned(), path.to_owned(), code));
    }

    /// Every request so far.
    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.lock().requests.clone()
    }

    /// Requests no handler understood.
    pub(crate) fn unexpected(&self) -> Vec<String> {
        self.lock().unexpected.clone()
    }

    async fn handle(
        &self,
        replica: usize,
        request: http::Request<Body>,
    ) -> http::Response<ResponseBody> {
        let (parts, body) = request.into_parts();
        let bytes = body.collect_bytes().await.unwrap_or_default();
        let body: Option<Value> = if bytes.is_empty() {
            None
        } else {
            serde_json::from_slice(&bytes).ok()
        };
        let query: BTreeMap<String, String> = parts
            .uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_owned(), v.to_owned()),
                None => (p.to_owned(), String::new()),
            })
            .collect();
        let recorded = Recorded {
            replica,
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query,
            content_type: parts
                .headers
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body,
            at: Instant::now(),
        };
        let mut s = self.lock();
        s.requests.push(recorded.clone());
        if let Some(i) = s
            .failures
            .iter()
            .position(|(m, p, _)| *m == recorded.method && *p == recorded.path)
        {
            let (_, _, code) = s.failures.remove(i).unwrap_or_default();
            return status(code, "injected failure");
        }
        let Some(target) = Target::parse(&recorded.path) else {
            s.unexpected
                .push(format!("{} {}", recorded.method, recorded.path));
            return status(500, "unknown path");
        };
        let response = match (
            recorded.method.as_str(),
            &target.name,
            target.subresource.as_deref(),
        ) {
            ("GET", None, None) if recorded.is_watch() => s.watch(&target),
            ("GET", None, None) => s.list(&target, &recorded.query),
            ("GET", Some(_), None | Some("status")) => s.get(&target),
            ("PATCH", Some(_), Some("status")) => s.apply_status(&target, &recorded),
            ("POST", None, None) if target.plural == "leases" => s.create(&target, &recorded),
            ("PATCH", Some(_), None) if target.plural == "leases" => {
                s.patch_lease(&target, &recorded)
            }
            _ => None,
        };
        response.unwrap_or_else(|| {
            s.unexpected
                .push(format!("{} {}", recorded.method, recorded.path));
            status(500, "not handled by the fake")
        })
    }
}

impl State {
    fn notify(&mut self, collection: &str, kind: &str, object: &Value) {
        let mut line =
            serde_json::to_vec(&json!({"type": kind, "object": object})).unwrap_or_default();
        line.push(b'\n');
        let line = Bytes::from(line);
        self.watches
            .retain(|(c, tx)| c != collection || tx.unbounded_send(line.clone()).is_ok());
    }

    fn in_scope<'a>(&'a self, t: &'a Target) -> impl Iterator<Item = &'a Value> + 'a {
        self.objects
            .get(&t.collection())
            .into_iter()
            .flat_map(|m| m.iter())
            .filter(|((ns, _), _)| t.namespace.as_ref().is_none_or(|want| want == ns))
            .map(|(_, o)| o)
    }

    fn list(
        &self,
        t: &Target,
        query: &BTreeMap<String, String>,
    ) -> Option<http::Response<ResponseBody>> {
        let all: Vec<&Value> = self.in_scope(t).collect();
        let from: usize = query
            .get("continue")
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let limit: usize = query
            .get("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(usize::MAX);
        let end = from.saturating_add(limit).min(all.len());
        let mut metadata = json!({"resourceVersion": self.rv.to_string()});
        if end < all.len() {
            metadata["continue"] = json!(end.to_string());
        }
        let items: Vec<&Value> = all[from.min(end)..end].to_vec();
        Some(ok(
            &json!({"apiVersion": "v1", "kind": "List", "metadata": metadata, "items": items}),
        ))
    }

    fn watch(&mut self, t: &Target) -> Option<http::Response<ResponseBody>> {
        let (tx, rx) = mpsc::unbounded::<Bytes>();
        self.watches.push((t.collection(), tx));
        let body = StreamBody::new(rx.map(|b| Ok::<_, Infallible>(Frame::data(b)))).boxed_unsync();
        http::Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(body)
            .ok()
    }

    fn stored(&self, t: &Target) -> Option<&Value> {
        let key = (t.namespace.clone().unwrap_or_default(), t.name.clone()?);
        self.objects.get(&t.collection())?.get(&key)
    }

    fn get(&self, t: &Target) -> Option<http::Response<ResponseBody>> {
        Some(match self.stored(t) {
            Some(o) => ok(o),
            None => status(404, "not found"),
        })
    }

    fn apply_status(&mut self, t: &Target, r: &Recorded) -> Option<http::Response<ResponseBody>> {
        if r.content_type.as_deref() != Some("application/apply-patch+yaml") {
            return None;
        }
        let body = r.body.as_ref()?;
        let Some(stored) = self.stored(t).cloned() else {
            return Some(status(404, "not found"));
        };
        if let Some(rv) = body["metadata"]["resourceVersion"].as_str()
            && Some(rv) != stored["metadata"]["resourceVersion"].as_str()
        {
            return Some(status(409, "the object has been modified"));
        }
        let mut updated = stored;
        updated["status"] = body["status"].clone();
        self.rv += 1;
        updated["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        let collection = t.collection();
        let key = (t.namespace.clone().unwrap_or_default(), t.name.clone()?);
        self.objects
            .entry(collection.clone())
            .or_default()
            .insert(key, updated.clone());
        self.notify(&collection, "MODIFIED", &updated);
        Some(ok(&updated))
    }

    fn create(&mut self, t: &Target, r: &Recorded) -> Option<http::Response<ResponseBody>> {
        let mut o = r.body.clone()?;
        let name = o["metadata"]["name"].as_str()?.to_owned();
        let key = (t.namespace.clone().unwrap_or_default(), name);
        if self
            .objects
            .get(&t.collection())
            .is_some_and(|m| m.contains_key(&key))
        {
            return Some(status_reason(409, "AlreadyExists", "already exists"));
        }
        self.rv += 1;
        o["metadata"]["namespace"] = json!(key.0);
        o["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        o["apiVersion"] = json!("coordination.k8s.io/v1");
        o["kind"] = json!("Lease");
        self.objects
            .entry(t.collection())
            .or_default()
            .insert(key, o.clone());
        Some(ok(&o))
    }

    /// Server-side apply and strategic merge patches of a Lease's flat `spec`: fields are set,
    /// `null` removes them. An apply that would change `holderIdentity` owned by another field
    /// manager conflicts unless forced, as field ownership makes it on an API server.
    fn patch_lease(&mut self, t: &Target, r: &Recorded) -> Option<http::Response<ResponseBody>> {
        let patch = r.body.as_ref()?;
        let manager = r.query.get("fieldManager").cloned().unwrap_or_default();
        let Some(mut lease) = self.stored(t).cloned() else {
            return Some(status(404, "not found"));
        };
        let apply = r.content_type.as_deref() == Some("application/apply-patch+yaml");
        let path = r.path.clone();
        let new_holder = patch["spec"].get("holderIdentity");
        if let Some(new_holder) = new_holder {
            let current = &lease["spec"]["holderIdentity"];
            let owner = self.lease_owner.get(&path);
            let forced = r.query.get("force").is_some_and(|f| f == "true");
            if apply
                && !forced
                && !current.is_null()
                && current != new_holder
                && owner.is_some_and(|o| *o != manager)
            {
                return Some(status_reason(
                    409,
                    "Conflict",
                    "Apply failed with 1 conflict",
                ));
            }
            if new_holder.is_null() {
                self.lease_owner.remove(&path);
            } else {
                self.lease_owner.insert(path, manager);
            }
        }
        if !lease["spec"].is_object() {
            lease["spec"] = json!({});
        }
        for (k, v) in patch["spec"].as_object()? {
            if v.is_null() {
                lease["spec"].as_object_mut()?.remove(k);
            } else {
                lease["spec"][k] = v.clone();
            }
        }
        self.rv += 1;
        lease["metadata"]["resourceVersion"] = json!(self.rv.to_string());
        let key = (t.namespace.clone().unwrap_or_default(), t.name.clone()?);
        self.objects
            .entry(t.collection())
            .or_default()
            .insert(key, lease.clone());
        Some(ok(&lease))
    }
}

fn key_of(o: &Value) -> (String, String) {
    (
        o["metadata"]["namespace"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        o["metadata"]["name"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    )
}

fn ok(v: &Value) -> http::Response<ResponseBody> {
    response(200, serde_json::to_vec(v).unwrap_or_default())
}

fn status(code: u16, message: &str) -> http::Response<ResponseBody> {
    let reason = match code {
        404 => "NotFound",
        409 => "Conflict",
        _ => "InternalError",
    };
    status_reason(code, reason, message)
}

fn status_reason(code: u16, reason: &str, message: &str) -> http::Response<ResponseBody> {
    let body = json!({
        "kind": "Status", "apiVersion": "v1", "metadata": {},
        "status": "Failure", "message": message, "reason": reason, "code": code,
    });
    response(code, serde_json::to_vec(&body).unwrap_or_default())
}

fn response(code: u16, body: Vec<u8>) -> http::Response<ResponseBody> {
    let mut r = http::Response::new(Full::new(Bytes::from(body)).boxed_unsync());
    *r.status_mut() =
        http::StatusCode::from_u16(code).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    r
}

/// Polls `done` every 5 ms for at most 20 s (a bound, not an expectation: it returns as soon as
/// `done` holds).
pub(crate) async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

//! Inputs shared by the workspace's cross-crate benchmarks (`benches/`) and the peer comparison
//! (`peer/`): the upstream v1.6.1 example manifests vendored in `testdata/upstream/examples`, and a
//! generated cluster of any size written as a YAML stream, as a user's manifests would be.

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The controller name of the generated cluster's GatewayClass.
pub const CONTROLLER: &str = "example.net/gateway-controller";

/// The kinds of the peer comparison's corpus: every v1 document of these kinds among the
/// upstream examples.
pub const CORPUS_KINDS: [&str; 5] = [
    "HTTPRoute",
    "Gateway",
    "GRPCRoute",
    "GatewayClass",
    "ReferenceGrant",
];

/// `testdata/upstream/examples` of the repository.
pub fn examples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/upstream/examples")
}

/// Every upstream example file (standard and experimental), sorted, as (path relative to the
/// examples directory, text).
pub fn example_files() -> Vec<(String, String)> {
    let root = examples_dir();
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten();
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let name = path.strip_prefix(&root).unwrap_or(&path);
                files.push((name.display().to_string(), text));
            }
        }
    }
    files.sort();
    files
}

/// One document of the peer corpus.
pub struct CorpusDocument {
    /// `kind` (one of [`CORPUS_KINDS`]).
    pub kind: String,
    /// The file it came from, and its index in the file.
    pub source: String,
    /// The document as compact JSON text.
    pub json: String,
}

/// The v1 documents of [`CORPUS_KINDS`] among the upstream examples (90 in v1.6.1), as JSON text.
pub fn corpus() -> Vec<CorpusDocument> {
    let mut out = Vec::new();
    for (file, text) in example_files() {
        let docs: Vec<Value> =
            serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("{file}: not YAML: {e}"));
        for (index, doc) in docs.into_iter().enumerate() {
            let kind = doc.get("kind").and_then(Value::as_str).unwrap_or_default();
            let v1 = doc.get("apiVersion").and_then(Value::as_str)
                == Some("gateway.networking.k8s.io/v1");
            if v1 && CORPUS_KINDS.contains(&kind) {
                out.push(CorpusDocument {
                    kind: kind.to_owned(),
                    source: format!("{file}#{index}"),
                    json: doc.to_string(),
                });
            }
        }
    }
    out
}

/// The generated cluster's shape: `routes` HTTPRoutes spread evenly over `gateways` Gateways
/// (one HTTP listener on port 80 each, admitting routes from every namespace), ten routes per
/// namespace, each route with its own hostname, two rules (a path prefix; an exact path with a
/// header match) and a backend Service in its namespace; every tenth route's backend is in the
/// next namespace, granted by a ReferenceGrant.
#[derive(Clone, Copy, Debug)]
pub struct Cluster {
    /// Number of HTTPRoutes.
    pub routes: usize,
    /// Number of Gateways.
    pub gateways: usize,
}

impl Cluster {
    /// The Gateway route `r` attaches to.
    pub fn gateway_of(&self, r: usize) -> usize {
        r % self.gateways
    }

    /// The hostname of route `r`.
    pub fn hostname_of(r: usize) -> String {
        format!("app-{r}.tenant-{}.example.com", r / 10)
    }

    /// The cluster as one YAML stream.
    pub fn yaml(&self) -> String {
        use std::fmt::Write;
        let mut y = String::with_capacity(self.routes * 900);
        let namespaces = self.routes.div_ceil(10).max(1);
        let _ = write!(
            y,
            "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata:\n  name: bench\nspec:\n  controllerName: {CONTROLLER}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: infra\n"
        );
        for g in 0..self.gateways {
            let _ = write!(
                y,
                "---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: gw-{g}\n  namespace: infra\nspec:\n  gatewayClassName: bench\n  listeners:\n  - name: http\n    protocol: HTTP\n    port: 80\n    allowedRoutes:\n      namespaces:\n        from: All\n"
            );
        }
        for n in 0..namespaces {
            let _ = write!(
                y,
                "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: tenant-{n}\n  labels:\n    team: t{}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: tenant-{n}\nspec:\n  ports:\n  - port: 8080\n",
                n % 7
            );
        }
        for r in 0..self.routes {
            let (ns, g, host) = (r / 10, self.gateway_of(r), Self::hostname_of(r));
            let cross = r % 10 == 9;
            let backend_ns = if cross { (ns + 1) % namespaces } else { ns };
            let _ = write!(
                y,
                "---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: route-{r}\n  namespace: tenant-{ns}\nspec:\n  parentRefs:\n  - name: gw-{g}\n    namespace: infra\n  hostnames:\n  - {host}\n  rules:\n  - matches:\n    - path:\n        type: PathPrefix\n        value: /api/v{}\n    backendRefs:\n    - name: web\n      namespace: tenant-{backend_ns}\n      port: 8080\n  - matches:\n    - path:\n        type: Exact\n        value: /health\n      headers:\n      - name: x-probe\n        value: \"true\"\n    backendRefs:\n    - name: web\n      port: 8080\n",
                r % 3
            );
            if cross {
                let _ = write!(
                    y,
                    "---\napiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata:\n  name: from-tenant-{ns}-{r}\n  namespace: tenant-{backend_ns}\nspec:\n  from:\n  - group: gateway.networking.k8s.io\n    kind: HTTPRoute\n    namespace: tenant-{ns}\n  to:\n  - group: \"\"\n    kind: Service\n"
                );
            }
        }
        y
    }

    /// One request per route that its first rule matches, as (gateway index, host, path).
    pub fn requests(&self) -> Vec<(usize, String, String)> {
        (0..self.routes)
            .map(|r| {
                (
                    self.gateway_of(r),
                    Self::hostname_of(r),
                    format!("/api/v{}/items/{r}", r % 3),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_corpus_is_the_ninety_v1_examples() {
        let corpus = corpus();
        assert_eq!(corpus.len(), 90);
        let routes = corpus.iter().filter(|d| d.kind == "HTTPRoute").count();
        assert_eq!(routes, 51);
    }

    #[test]
    fn the_generated_cluster_parses_without_errors() {
        let cluster = Cluster {
            routes: 25,
            gateways: 2,
        };
        let docs = gateway_api_types::parse("cluster.yaml", &cluster.yaml());
        // GatewayClass, infra, 2 Gateways, 3 namespaces with a Service each, 25 routes and the
        // grants of routes 9 and 19.
        assert_eq!(docs.len(), 1 + 1 + 2 + 3 * 2 + 25 + 2);
        for doc in &docs {
            let doc = doc.as_ref().expect("every generated document decodes");
            assert!(doc.unknown_fields.is_empty(), "{:?}", doc.unknown_fields);
        }
    }
}

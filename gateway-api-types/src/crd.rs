//! CustomResourceDefinitions generated from the Rust types.
//!
//! The schema of each served version comes from the types' `JsonSchema` implementations (derive
//! attributes on every field), generated with every subschema inlined, then passed through one
//! small post-processing step, [`finish_schema`], which reads nothing but the generated schema:
//!
//! 1. `"type": [T, "null"]`, which `schemars` writes for every `Option<T>`, becomes `"type": T`:
//!    an optional field is one that is not in `required`, as in every Kubernetes CRD.
//! 2. Channel resolution. A property marked `"x-gwapi-channel": "experimental"` exists only in the
//!    experimental channel: the standard channel drops it (and drops it from `required`). A key
//!    `"x-gwapi-standard-K": V` says that the standard channel's keyword `K` is `V` (or absent
//!    when `V` is null). The experimental channel keeps the plain keywords. Then every `x-gwapi-`
//!    key is removed.
//! 3. A keyword whose value is null, and an empty `x-kubernetes-validations` list, is removed: a
//!    field attribute uses them to take back what the field's type declares for itself.
//! 4. `title` (the Rust type name) is removed.
//!
//! Everything else in the CRD (names, versions, printer columns, annotations) is written below in
//! [`KINDS`].

use serde_json::{Map, Value, json};

use crate::{BUNDLE_VERSION, Channel, v1, v1alpha2, v1alpha3, v1beta1, x};

/// The pull request that approved the `gateway.networking.k8s.io` group, as the API server asks
/// every CRD in a `*.k8s.io` group to say.
const API_APPROVED: &str = "https://github.com/kubernetes-sigs/gateway-api/pull/4530";

/// How one version of a kind is served in each channel.
#[derive(Clone, Copy)]
struct VersionInfo {
    name: &'static str,
    schema: fn() -> Value,
    served: [bool; 2],
    storage: bool,
    deprecated: bool,
    columns: &'static [Column],
    status: bool,
}

#[derive(Clone, Copy)]
struct Column {
    name: &'static str,
    json_path: &'static str,
    kind: &'static str,
    priority: Option<i32>,
}

/// One CRD: a kind with its versions.
struct KindInfo {
    group: &'static str,
    kind: &'static str,
    plural: &'static str,
    singular: &'static str,
    short_names: &'static [&'static str],
    namespaced: bool,
    /// Only in the experimental channel.
    experimental_only: bool,
    /// The `gateway.networking.k8s.io/policy` label of policy kinds.
    policy: Option<&'static str>,
    versions: &'static [VersionInfo],
}

const AGE: Column = Column {
    name: "Age",
    json_path: ".metadata.creationTimestamp",
    kind: "date",
    priority: None,
};
const fn col(name: &'static str, json_path: &'static str) -> Column {
    Column {
        name,
        json_path,
        kind: "string",
        priority: None,
    }
}
const ACCEPTED: Column = col(
    "Accepted",
    ".status.conditions[?(@.type==\"Accepted\")].status",
);
const PROGRAMMED: Column = col(
    "Programmed",
    ".status.conditions[?(@.type==\"Programmed\")].status",
);
const GATEWAYCLASS_COLUMNS: &[Column] = &[
    col("Controller", ".spec.controllerName"),
    ACCEPTED,
    AGE,
    Column {
        name: "Description",
        json_path: ".spec.description",
        kind: "string",
        priority: Some(1),
    },
];
const GATEWAY_COLUMNS: &[Column] = &[
    col("Class", ".spec.gatewayClassName"),
    col("Address", ".status.addresses[*].value"),
    PROGRAMMED,
    AGE,
];
const HOSTNAMES_COLUMNS: &[Column] = &[col("Hostnames", ".spec.hostnames"), AGE];
const AGE_ONLY: &[Column] = &[AGE];

fn schema_of<T: schemars::JsonSchema>() -> Value {
    let mut settings = schemars::generate::SchemaSettings::draft07();
    settings.inline_subschemas = true;
    settings.meta_schema = None;
    settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

const fn version(
    name: &'static str,
    schema: fn() -> Value,
    served: [bool; 2],
    storage: bool,
    deprecated: bool,
    columns: &'static [Column],
) -> VersionInfo {
    VersionInfo {
        name,
        schema,
        served,
        storage,
        deprecated,
        columns,
        status: true,
    }
}

const GW: &str = "gateway.networking.k8s.io";
const XGW: &str = "gateway.networking.x-k8s.io";
/// Served in both channels.
const BOTH: [bool; 2] = [true, true];
/// Served in the experimental channel only (the standard CRD still lists the version, unserved,
/// so that stored objects can be upgraded).
const EXP: [bool; 2] = [false, true];

/// Every CRD, in the order of upstream's file names.
const KINDS: &[KindInfo] = &[
    KindInfo {
        group: GW,
        kind: "BackendTLSPolicy",
        plural: "backendtlspolicies",
        singular: "backendtlspolicy",
        short_names: &["btlspolicy"],
        namespaced: true,
        experimental_only: false,
        policy: Some("Direct"),
        versions: &[
            version(
                "v1",
                schema_of::<v1::BackendTlsPolicy>,
                BOTH,
                true,
                false,
                AGE_ONLY,
            ),
            version(
                "v1alpha3",
                schema_of::<v1alpha3::BackendTlsPolicy>,
                EXP,
                false,
                true,
                &[],
            ),
        ],
    },
    KindInfo {
        group: GW,
        kind: "GatewayClass",
        plural: "gatewayclasses",
        singular: "gatewayclass",
        short_names: &["gc"],
        namespaced: false,
        experimental_only: false,
        policy: None,
        versions: &[
            version(
                "v1",
                schema_of::<v1::GatewayClass>,
                BOTH,
                true,
                false,
                GATEWAYCLASS_COLUMNS,
            ),
            version(
                "v1beta1",
                schema_of::<v1beta1::GatewayClass>,
                BOTH,
                false,
                false,
                GATEWAYCLASS_COLUMNS,
            ),
        ],
    },
    KindInfo {
        group: GW,
        kind: "Gateway",
        plural: "gateways",
        singular: "gateway",
        short_names: &["gtw"],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[
            version(
                "v1",
                schema_of::<v1::Gateway>,
                BOTH,
                true,
                false,
                GATEWAY_COLUMNS,
            ),
            version(
                "v1beta1",
                schema_of::<v1beta1::Gateway>,
                BOTH,
                false,
                false,
                GATEWAY_COLUMNS,
            ),
        ],
    },
    KindInfo {
        group: GW,
        kind: "GRPCRoute",
        plural: "grpcroutes",
        singular: "grpcroute",
        short_names: &[],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[version(
            "v1",
            schema_of::<v1::GrpcRoute>,
            BOTH,
            true,
            false,
            HOSTNAMES_COLUMNS,
        )],
    },
    KindInfo {
        group: GW,
        kind: "HTTPRoute",
        plural: "httproutes",
        singular: "httproute",
        short_names: &[],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[
            version(
                "v1",
                schema_of::<v1::HttpRoute>,
                BOTH,
                true,
                false,
                HOSTNAMES_COLUMNS,
            ),
            version(
                "v1beta1",
                schema_of::<v1beta1::HttpRoute>,
                BOTH,
                false,
                false,
                HOSTNAMES_COLUMNS,
            ),
        ],
    },
    KindInfo {
        group: GW,
        kind: "ListenerSet",
        plural: "listenersets",
        singular: "listenerset",
        short_names: &["lset"],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[version(
            "v1",
            schema_of::<v1::ListenerSet>,
            BOTH,
            true,
            false,
            &[ACCEPTED, PROGRAMMED, AGE],
        )],
    },
    KindInfo {
        group: GW,
        kind: "ReferenceGrant",
        plural: "referencegrants",
        singular: "referencegrant",
        short_names: &["refgrant"],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[
            // "`Status` sub-resource has been excluded at the moment" (ReferenceGrant's docs);
            // the storage version is still v1beta1.
            VersionInfo {
                status: false,
                ..version(
                    "v1",
                    schema_of::<v1::ReferenceGrant>,
                    BOTH,
                    false,
                    false,
                    AGE_ONLY,
                )
            },
            VersionInfo {
                status: false,
                ..version(
                    "v1beta1",
                    schema_of::<v1beta1::ReferenceGrant>,
                    BOTH,
                    true,
                    false,
                    AGE_ONLY,
                )
            },
        ],
    },
    KindInfo {
        group: GW,
        kind: "TCPRoute",
        plural: "tcproutes",
        singular: "tcproute",
        short_names: &[],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[
            version("v1", schema_of::<v1::TcpRoute>, BOTH, true, false, AGE_ONLY),
            version(
                "v1alpha2",
                schema_of::<v1alpha2::TcpRoute>,
                EXP,
                false,
                true,
                AGE_ONLY,
            ),
        ],
    },
    KindInfo {
        group: GW,
        kind: "TLSRoute",
        plural: "tlsroutes",
        singular: "tlsroute",
        short_names: &[],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[
            version("v1", schema_of::<v1::TlsRoute>, BOTH, true, false, AGE_ONLY),
            version(
                "v1alpha2",
                schema_of::<v1alpha2::TlsRoute>,
                EXP,
                false,
                true,
                AGE_ONLY,
            ),
            version(
                "v1alpha3",
                schema_of::<v1alpha3::TlsRoute>,
                EXP,
                false,
                true,
                AGE_ONLY,
            ),
        ],
    },
    KindInfo {
        group: GW,
        kind: "UDPRoute",
        plural: "udproutes",
        singular: "udproute",
        short_names: &[],
        namespaced: true,
        experimental_only: false,
        policy: None,
        versions: &[
            version("v1", schema_of::<v1::UdpRoute>, BOTH, true, false, AGE_ONLY),
            version(
                "v1alpha2",
                schema_of::<v1alpha2::UdpRoute>,
                EXP,
                false,
                true,
                AGE_ONLY,
            ),
        ],
    },
    KindInfo {
        group: XGW,
        kind: "XBackend",
        plural: "xbackends",
        singular: "xbackend",
        short_names: &["xbackend"],
        namespaced: true,
        experimental_only: true,
        policy: None,
        versions: &[version(
            "v1alpha1",
            schema_of::<x::v1alpha1::XBackend>,
            BOTH,
            true,
            false,
            AGE_ONLY,
        )],
    },
    KindInfo {
        group: XGW,
        kind: "XBackendTrafficPolicy",
        plural: "xbackendtrafficpolicies",
        singular: "xbackendtrafficpolicy",
        short_names: &["xbtrafficpolicy"],
        namespaced: true,
        experimental_only: true,
        policy: Some("Direct"),
        versions: &[version(
            "v1alpha1",
            schema_of::<x::v1alpha1::XBackendTrafficPolicy>,
            BOTH,
            true,
            false,
            AGE_ONLY,
        )],
    },
    KindInfo {
        group: XGW,
        kind: "XMesh",
        plural: "xmeshes",
        singular: "xmesh",
        short_names: &["mesh"],
        namespaced: false,
        experimental_only: true,
        policy: None,
        versions: &[version(
            "v1alpha1",
            schema_of::<x::v1alpha1::XMesh>,
            BOTH,
            true,
            false,
            &[ACCEPTED, AGE],
        )],
    },
];

fn annotations(channel: Channel, approved: bool) -> Value {
    let mut map = Map::new();
    if approved {
        map.insert("api-approved.kubernetes.io".into(), API_APPROVED.into());
    }
    map.insert(
        "gateway.networking.k8s.io/bundle-version".into(),
        BUNDLE_VERSION.into(),
    );
    map.insert(
        "gateway.networking.k8s.io/channel".into(),
        channel.as_str().into(),
    );
    Value::Object(map)
}

fn crd_of(info: &KindInfo, channel: Channel) -> Value {
    let versions: Vec<Value> = info
        .versions
        .iter()
        .map(|v| {
            let served = v.served[usize::from(channel == Channel::Experimental)];
            let mut out = Map::new();
            if !v.columns.is_empty() {
                let columns: Vec<Value> = v
                    .columns
                    .iter()
                    .map(|c| {
                        let mut col =
                            json!({ "jsonPath": c.json_path, "name": c.name, "type": c.kind });
                        if let Some(p) = c.priority {
                            col["priority"] = p.into();
                        }
                        col
                    })
                    .collect();
                out.insert("additionalPrinterColumns".into(), columns.into());
            }
            if v.deprecated {
                out.insert("deprecated".into(), true.into());
                out.insert(
                    "deprecationWarning".into(),
                    format!(
                        "The {} version of {} has been deprecated and will be removed in a future \
                         release of the API. Please upgrade to v1.",
                        v.name, info.kind
                    )
                    .into(),
                );
            }
            out.insert("name".into(), v.name.into());
            out.insert(
                "schema".into(),
                json!({ "openAPIV3Schema": finish_schema((v.schema)(), channel) }),
            );
            out.insert("served".into(), served.into());
            out.insert("storage".into(), v.storage.into());
            let subresources = if v.status {
                json!({ "status": {} })
            } else {
                json!({})
            };
            out.insert("subresources".into(), subresources);
            Value::Object(out)
        })
        .collect();
    let mut metadata = json!({
        "annotations": annotations(channel, true),
        "name": format!("{}.{}", info.plural, info.group),
    });
    if let Some(policy) = info.policy {
        metadata["labels"] = json!({ "gateway.networking.k8s.io/policy": policy });
    }
    let mut names = json!({
        "categories": ["gateway-api"],
        "kind": info.kind,
        "listKind": format!("{}List", info.kind),
        "plural": info.plural,
        "singular": info.singular,
    });
    if !info.short_names.is_empty() {
        names["shortNames"] = json!(info.short_names);
    }
    json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": metadata,
        "spec": {
            "group": info.group,
            "names": names,
            "scope": if info.namespaced { "Namespaced" } else { "Cluster" },
            "versions": versions,
        },
    })
}

/// Every CustomResourceDefinition of the channel, as JSON objects ready to apply, in the order of
/// upstream's file names (`gateway.networking.k8s.io_backendtlspolicies.yaml` first).
///
/// ```
/// use gateway_api_types::{Channel, crds};
///
/// let standard = crds(Channel::Standard);
/// assert_eq!(standard.len(), 10);
/// assert_eq!(standard[4]["spec"]["names"]["kind"], "HTTPRoute");
/// assert_eq!(crds(Channel::Experimental).len(), 13);
/// ```
pub fn crds(channel: Channel) -> Vec<Value> {
    KINDS
        .iter()
        .filter(|k| channel == Channel::Experimental || !k.experimental_only)
        .map(|k| crd_of(k, channel))
        .collect()
}

/// Everything upstream ships in the channel's directory: the CRDs, then the `safe-upgrades`
/// ValidatingAdmissionPolicy and its binding, which stop a cluster from installing the
/// experimental CRDs over the standard ones, or an older bundle over this one, by accident.
pub fn bundle(channel: Channel) -> Vec<Value> {
    let mut out = crds(channel);
    out.extend(safe_upgrades(channel));
    out
}

const SAFE_UPGRADES: &str = "safe-upgrades.gateway.networking.k8s.io";

/// Refuses experimental CRDs over standard ones, while letting an experimental install be
/// updated and anything replace an experimental one.
const CHANNEL_RULE: &str = "object.spec.group != 'gateway.networking.k8s.io' || oldObject == null || ( has(object.metadata.annotations) && object.metadata.annotations.exists(k, k == 'gateway.networking.k8s.io/channel') && object.metadata.annotations['gateway.networking.k8s.io/channel'] == 'standard' ) || ( oldObject != null && has(oldObject.metadata.annotations) && oldObject.metadata.annotations.exists(k, k == 'gateway.networking.k8s.io/channel') && oldObject.metadata.annotations['gateway.networking.k8s.io/channel'] == 'experimental' )";
const CHANNEL_MESSAGE: &str = "Installing experimental CRDs on top of standard channel CRDs is prohibited by default. Uninstall ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io to install experimental CRDs on top of standard channel CRDs.";

/// The standard bundle refuses bundles older than v1.6 unless they are release candidates.
const STANDARD_VERSION_RULE: &str = r"object.spec.group != 'gateway.networking.k8s.io' || (has(object.metadata.annotations) && object.metadata.annotations.exists(k, k == 'gateway.networking.k8s.io/bundle-version') && ( matches(object.metadata.annotations['gateway.networking.k8s.io/bundle-version'], '-(rc)') || ( !matches(object.metadata.annotations['gateway.networking.k8s.io/bundle-version'], 'v1.[0-5].\\d+') && !matches(object.metadata.annotations['gateway.networking.k8s.io/bundle-version'], 'v0') ) ))";
const STANDARD_VERSION_MESSAGE: &str = "Installing CRDs with version before v1.5.0 is prohibited by default. Uninstall ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io to install older versions.";

/// The experimental bundle admits development builds and v1.5 or later.
const EXPERIMENTAL_VERSION_RULE: &str = r"object.spec.group != 'gateway.networking.k8s.io' ||
(has(object.metadata.annotations) && object.metadata.annotations.exists(k, k == 'gateway.networking.k8s.io/bundle-version') &&
(object.metadata.annotations['gateway.networking.k8s.io/bundle-version'] == 'v0.0.0-dev' ||
(object.metadata.annotations['gateway.networking.k8s.io/bundle-version'].startsWith('v1.') &&
 !matches(object.metadata.annotations['gateway.networking.k8s.io/bundle-version'], '^v1\\.[0-4](\\.|$)'))))
";
const EXPERIMENTAL_VERSION_MESSAGE: &str = "Installing CRDs with version other than v0.0.0-dev or v1.5+ is prohibited by default. Uninstall ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io to install other versions.";

fn safe_upgrades(channel: Channel) -> [Value; 2] {
    // Upstream's policy and binding carry the standard channel's annotation in both bundles: the
    // policy is the same object whichever bundle installed it.
    let annotations = annotations(Channel::Standard, false);
    let (version_rule, version_message) = match channel {
        Channel::Standard => (STANDARD_VERSION_RULE, STANDARD_VERSION_MESSAGE),
        Channel::Experimental => (EXPERIMENTAL_VERSION_RULE, EXPERIMENTAL_VERSION_MESSAGE),
    };
    let policy = json!({
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicy",
        "metadata": { "annotations": annotations, "name": SAFE_UPGRADES },
        "spec": {
            "failurePolicy": "Fail",
            "matchConstraints": { "resourceRules": [{
                "apiGroups": ["apiextensions.k8s.io"],
                "apiVersions": ["v1"],
                "operations": ["CREATE", "UPDATE"],
                "resources": ["*"],
            }]},
            "validations": [
                { "expression": CHANNEL_RULE, "message": CHANNEL_MESSAGE, "reason": "Invalid" },
                { "expression": version_rule, "message": version_message, "reason": "Invalid" },
            ],
        },
    });
    let binding = json!({
        "apiVersion": "admissionregistration.k8s.io/v1",
        "kind": "ValidatingAdmissionPolicyBinding",
        "metadata": { "annotations": annotations, "name": SAFE_UPGRADES },
        "spec": {
            "matchResources": { "resourceRules": [{
                "apiGroups": ["apiextensions.k8s.io"],
                "apiVersions": ["v1"],
                "operations": ["CREATE", "UPDATE"],
                "resources": ["customresourcedefinitions"],
            }]},
            "policyName": SAFE_UPGRADES,
            "validationActions": ["Deny"],
        },
    });
    [policy, binding]
}

/// The post-processing step described in the module docs.
fn finish_schema(mut schema: Value, channel: Channel) -> Value {
    finish_node(&mut schema, channel);
    schema
}

fn finish_node(node: &mut Value, channel: Channel) {
    let Value::Object(map) = node else { return };
    // 1. Option<T> is "not required", not "nullable".
    if let Some(Value::Array(types)) = map.get("type") {
        let non_null: Vec<Value> = types.iter().filter(|t| *t != "null").cloned().collect();
        if non_null.len() == 1 {
            map.insert("type".into(), non_null[0].clone());
            if let Some(Value::Array(values)) = map.get_mut("enum") {
                values.retain(|v| !v.is_null());
            }
        }
    }
    // 2. Channel resolution.
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let Some(keyword) = key.strip_prefix("x-gwapi-standard-") else {
            continue;
        };
        let value = map.remove(&key).unwrap_or(Value::Null);
        if channel == Channel::Standard {
            map.insert(keyword.to_owned(), value);
        }
    }
    if channel == Channel::Standard
        && let Some(Value::Object(props)) = map.get_mut("properties")
    {
        {
            let dropped: Vec<String> = props
                .iter()
                .filter(|(_, p)| {
                    p.get("x-gwapi-channel").and_then(Value::as_str) == Some("experimental")
                })
                .map(|(k, _)| k.clone())
                .collect();
            for name in &dropped {
                props.remove(name);
            }
            if let Some(Value::Array(required)) = map.get_mut("required") {
                required.retain(|r| !dropped.iter().any(|d| r == d));
            }
        }
    }
    map.retain(|k, _| !k.starts_with("x-gwapi-"));
    // 3. Take-backs.
    map.retain(|k, v| {
        !(v.is_null()
            || (k == "x-kubernetes-validations" && v.as_array().is_some_and(Vec::is_empty)))
    });
    if map
        .get("required")
        .and_then(Value::as_array)
        .is_some_and(Vec::is_empty)
    {
        map.remove("required");
    }
    // 4. Rust names are not part of the API.
    map.remove("title");
    for child in ["properties"] {
        if let Some(Value::Object(props)) = map.get_mut(child) {
            for p in props.values_mut() {
                finish_node(p, channel);
            }
        }
    }
    for child in ["items", "additionalProperties", "not"] {
        if let Some(c) = map.get_mut(child) {
            finish_node(c, channel);
        }
    }
    for child in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(list)) = map.get_mut(child) {
            for c in list {
                finish_node(c, channel);
            }
        }
    }
}

/// Every version of every kind in the channel, for callers that need to enumerate them.
pub fn served_versions(channel: Channel) -> Vec<(&'static str, &'static str, &'static str)> {
    let mut out = Vec::new();
    for k in KINDS {
        if channel == Channel::Standard && k.experimental_only {
            continue;
        }
        for v in k.versions {
            if v.served[usize::from(channel == Channel::Experimental)] {
                out.push((k.group, v.name, k.kind));
            }
        }
    }
    out
}

/// The channel's bundle as one multi-document YAML stream, ready for `kubectl apply -f -`.
///
/// Keys are sorted, as in upstream's files. The repository keeps a copy of this text for each
/// channel under `crds/`, and a test checks that the copy is current.
pub fn bundle_yaml(channel: Channel) -> String {
    let mut out = String::new();
    for (i, object) in bundle(channel).iter().enumerate() {
        if i > 0 {
            out.push_str("---\n");
        }
        // A JSON value always serializes to YAML: every key is a string.
        out.push_str(&serde_saphyr::to_string(object).unwrap_or_default());
    }
    out
}

//! Reading manifests the way an API server decodes them.
//!
//! A stream (multi-document YAML, a JSON object, or a JSON/YAML `List`) is read into untyped JSON
//! values first, so that YAML's scalar coercion cannot turn `port: "80"` into a number or
//! `value: 1` into a string behind the user's back, and so that duplicate keys are refused, as
//! the API server refuses them. Each value is then decoded into the type its `apiVersion` and
//! `kind` name, and a failure names the field path. Fields the type does not know are reported,
//! not fatal: the API server prunes them (or, with strict field validation, rejects them), so the
//! caller decides.

use std::fmt;

use k8s_openapi::api::core::v1::{ConfigMap, Namespace, Secret, Service};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;
use serde_json::Value;

#[cfg(feature = "parse")]
use crate::read::{Limit, ReadLimits, read_values_with};

#[cfg(feature = "parse")]
mod checked;
#[cfg(feature = "parse")]
mod json;
use crate::{GatewayApiResource, v1, v1alpha2, v1alpha3, v1beta1, x};

/// Where a document came from: the file (or `-` for standard input) and its position in the
/// stream, counted from 0. Items of a `List` are numbered as their own documents, in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Source {
    /// The file name as given by the caller.
    pub file: String,
    /// The document's index in the stream (0-based).
    pub index: usize,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (document {})", self.file, self.index)
    }
}

/// A document that could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{source_}: {}{message}", self.describe_object())]
pub struct ParseError {
    /// Where the document is.
    pub source_: Source,
    /// `kind` of the object, when the document got that far.
    pub kind: Option<String>,
    /// `namespace/name` (or `name`) of the object, when known.
    pub name: Option<String>,
    /// The dotted field path of the failure (`spec.rules[0].matches`), when the failure is in a
    /// field.
    pub field: Option<String>,
    /// What went wrong, with the field path in front when there is one.
    pub message: String,
    /// The reading limit the document exceeded, if that is the problem (a caller can name the
    /// option that raises it).
    #[cfg(feature = "parse")]
    pub limit: Option<Limit>,
}

impl ParseError {
    fn describe_object(&self) -> String {
        match (&self.kind, &self.name) {
            (Some(k), Some(n)) => format!("{k} {n}: "),
            (Some(k), None) => format!("{k}: "),
            _ => String::new(),
        }
    }
}

/// A decoded document.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Where it came from.
    pub source: Source,
    /// The typed object.
    pub object: Object,
    /// Fields present in the input that the object's type does not define, as dotted paths
    /// (`spec.listeners[0].colour`). An API server drops these (or rejects them under strict
    /// field validation).
    pub unknown_fields: Vec<String>,
    /// Why the input's `status` did not decode, when it did not: the object was decoded without
    /// it (`status` is then empty), since a partial or stale status (conditions without
    /// `lastTransitionTime` …) must not make the object unusable; the API server ignores the
    /// status of a create too.
    pub ignored_status: Option<String>,
}

impl Document {
    /// Decodes one JSON value (a document as [`read_values`](crate::read_values) yields it) into
    /// the type its `apiVersion` and `kind` name, as [`parse`] decodes each document.
    #[cfg(feature = "parse")]
    #[allow(clippy::result_large_err)]
    pub fn from_value(source: Source, value: Value) -> Result<Self, ParseError> {
        decode_document(source, value)
    }
}

macro_rules! objects {
    ($( $variant:ident($ty:ty) ),+ $(,)?) => {
        /// A decoded object: one variant per Gateway API kind and served version, the core kinds
        /// the Gateway API refers to, and anything else kept as JSON.
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #[non_exhaustive]
        pub enum Object {
            $(
                #[doc = concat!("`", stringify!($ty), "`.")]
                $variant($ty),
            )+
            /// A Namespace (its labels select routes and ListenerSets).
            Namespace(Namespace),
            /// A Service (a backend).
            Service(Service),
            /// A Secret (TLS certificates).
            Secret(Secret),
            /// A ConfigMap (CA bundles).
            ConfigMap(ConfigMap),
            /// Any other object, kept as written. Its `apiVersion` and `kind` are strings.
            Other(Value),
        }

        impl Object {
            /// `apiVersion` of the object.
            pub fn api_version(&self) -> &str {
                match self {
                    $(Self::$variant(_) => <$ty as GatewayApiResource>::API_VERSION,)+
                    Self::Namespace(_) | Self::Service(_) | Self::Secret(_) | Self::ConfigMap(_) => "v1",
                    Self::Other(v) => v.get("apiVersion").and_then(Value::as_str).unwrap_or(""),
                }
            }

            /// `kind` of the object.
            pub fn kind(&self) -> &str {
                match self {
                    $(Self::$variant(_) => <$ty as GatewayApiResource>::KIND,)+
                    Self::Namespace(_) => "Namespace",
                    Self::Service(_) => "Service",
                    Self::Secret(_) => "Secret",
                    Self::ConfigMap(_) => "ConfigMap",
                    Self::Other(v) => v.get("kind").and_then(Value::as_str).unwrap_or(""),
                }
            }

            /// The object's metadata (`None` only for an `Other` object without valid metadata).
            pub fn metadata(&self) -> Option<ObjectMeta> {
                match self {
                    $(Self::$variant(o) => Some(o.metadata.clone()),)+
                    Self::Namespace(o) => Some(o.metadata.clone()),
                    Self::Service(o) => Some(o.metadata.clone()),
                    Self::Secret(o) => Some(o.metadata.clone()),
                    Self::ConfigMap(o) => Some(o.metadata.clone()),
                    Self::Other(v) => v.get("metadata").and_then(|m| serde_json::from_value(m.clone()).ok()),
                }
            }

            /// Whether the object is one of the Gateway API kinds this crate types.
            pub fn is_gateway_api(&self) -> bool {
                matches!(self, $(Self::$variant(_))|+)
            }

            /// The object as JSON, exactly as it would be sent to an API server.
            pub fn to_value(&self) -> Value {
                let result = match self {
                    $(Self::$variant(o) => serde_json::to_value(o),)+
                    Self::Namespace(o) => with_type_meta(serde_json::to_value(o), "Namespace"),
                    Self::Service(o) => with_type_meta(serde_json::to_value(o), "Service"),
                    Self::Secret(o) => with_type_meta(serde_json::to_value(o), "Secret"),
                    Self::ConfigMap(o) => with_type_meta(serde_json::to_value(o), "ConfigMap"),
                    Self::Other(v) => Ok(v.clone()),
                };
                // Serializing these types into a JSON value cannot fail: every map key is a string.
                result.unwrap_or(Value::Null)
            }
        }

        #[cfg(feature = "parse")]
        /// Decodes a value of a kind this crate types; gives the value back for any other kind.
        #[allow(clippy::type_complexity)]
        fn decode_known(api_version: &str, kind: &str, value: Value, unknown: &mut Vec<String>) -> Result<Result<Object, (Option<String>, String)>, Value> {
            $(
                if api_version == <$ty as GatewayApiResource>::API_VERSION && kind == <$ty as GatewayApiResource>::KIND {
                    return Ok(decode::<$ty>(value, unknown).map(Object::$variant));
                }
            )+
            if api_version == "v1" {
                return match kind {
                    "Namespace" => Ok(decode::<Namespace>(value, unknown).map(Object::Namespace)),
                    "Service" => Ok(decode::<Service>(value, unknown).map(Object::Service)),
                    "Secret" => Ok(decode::<Secret>(value, unknown).map(Object::Secret)),
                    "ConfigMap" => Ok(decode::<ConfigMap>(value, unknown).map(Object::ConfigMap)),
                    _ => Err(value),
                };
            }
            Err(value)
        }

        #[cfg(feature = "parse")]
        /// Decodes an object of a kind this crate types from JSON into `out`, refusing duplicate
        /// keys and recording unknown fields in `cx` (the JSON fast path); `None` for any other
        /// kind. (The object is written where it is to stay rather than returned, because it is
        /// large: returning it through the layers of the reader copies it at each.)
        fn decode_known_checked<'de, D: serde::Deserializer<'de>>(
            api_version: &str,
            kind: &str,
            de: D,
            cx: &mut checked::Context<'de>,
            out: &mut Object,
        ) -> Option<Result<(), D::Error>> {
            use serde::Deserialize as _;
            $(
                if api_version == <$ty as GatewayApiResource>::API_VERSION && kind == <$ty as GatewayApiResource>::KIND {
                    return Some(<$ty>::deserialize(checked::Checked::new(de, cx)).map(|o| *out = Object::$variant(o)));
                }
            )+
            if api_version == "v1" {
                return match kind {
                    "Namespace" => Some(Namespace::deserialize(checked::Checked::new(de, cx)).map(|o| *out = Object::Namespace(o))),
                    "Service" => Some(Service::deserialize(checked::Checked::new(de, cx)).map(|o| *out = Object::Service(o))),
                    "Secret" => Some(Secret::deserialize(checked::Checked::new(de, cx)).map(|o| *out = Object::Secret(o))),
                    "ConfigMap" => Some(ConfigMap::deserialize(checked::Checked::new(de, cx)).map(|o| *out = Object::ConfigMap(o))),
                    _ => None,
                };
            }
            None
        }
    };
}

objects! {
    GatewayClassV1(v1::GatewayClass),
    GatewayClassV1beta1(v1beta1::GatewayClass),
    GatewayV1(v1::Gateway),
    GatewayV1beta1(v1beta1::Gateway),
    HttpRouteV1(v1::HttpRoute),
    HttpRouteV1beta1(v1beta1::HttpRoute),
    GrpcRouteV1(v1::GrpcRoute),
    ListenerSetV1(v1::ListenerSet),
    ReferenceGrantV1(v1::ReferenceGrant),
    ReferenceGrantV1beta1(v1beta1::ReferenceGrant),
    BackendTlsPolicyV1(v1::BackendTlsPolicy),
    BackendTlsPolicyV1alpha3(v1alpha3::BackendTlsPolicy),
    TlsRouteV1(v1::TlsRoute),
    TlsRouteV1alpha2(v1alpha2::TlsRoute),
    TlsRouteV1alpha3(v1alpha3::TlsRoute),
    TcpRouteV1(v1::TcpRoute),
    TcpRouteV1alpha2(v1alpha2::TcpRoute),
    UdpRouteV1(v1::UdpRoute),
    UdpRouteV1alpha2(v1alpha2::UdpRoute),
    XBackendTrafficPolicyV1alpha1(x::v1alpha1::XBackendTrafficPolicy),
    XBackendV1alpha1(x::v1alpha1::XBackend),
    XMeshV1alpha1(x::v1alpha1::XMesh),
}

fn with_type_meta(
    value: Result<Value, serde_json::Error>,
    kind: &str,
) -> Result<Value, serde_json::Error> {
    let mut value = value?;
    if let Value::Object(map) = &mut value {
        map.insert("apiVersion".into(), "v1".into());
        map.insert("kind".into(), kind.into());
    }
    Ok(value)
}

#[cfg(feature = "parse")]
/// Decodes `value` into `T`, collecting ignored fields and naming the failing path.
fn decode<T: serde::de::DeserializeOwned>(
    value: Value,
    unknown: &mut Vec<String>,
) -> Result<T, (Option<String>, String)> {
    let mut track = |path: serde_ignored::Path<'_>| {
        let mut p = String::new();
        field_path(&path, &mut p);
        unknown.push(p);
    };
    let ignored = serde_ignored::Deserializer::new(value, &mut track);
    serde_path_to_error::deserialize(ignored).map_err(|e| {
        let path = e.path().to_string();
        let inner = shorten_quoted(&e.into_inner().to_string());
        if path == "." || path.is_empty() {
            (None, inner)
        } else {
            (Some(path.clone()), format!("{path}: {inner}"))
        }
    })
}

#[cfg(feature = "parse")]
/// Writes a serde_ignored path as the API server writes field paths: `spec.rules[0].filters`.
fn field_path(path: &serde_ignored::Path<'_>, out: &mut String) {
    use serde_ignored::Path;
    match path {
        Path::Root => {}
        Path::Seq { parent, index } => {
            field_path(parent, out);
            out.push_str(&format!("[{index}]"));
        }
        Path::Map { parent, key } => {
            field_path(parent, out);
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => {
            field_path(parent, out);
        }
    }
}

#[cfg(feature = "parse")]
/// Reads every document of a YAML or JSON stream, returning one result per document (a `List`'s
/// items count as documents). The stream is read as [`read_values`](crate::read_values) reads
/// it: YAML 1.1 scalars as kubectl reads them, duplicate keys refused, and a document that cannot
/// be read reported under its own index while the others are still decoded.
///
/// ```
/// use gateway_api_types::{parse, Object};
///
/// let docs = parse("routes.yaml", r#"
/// apiVersion: gateway.networking.k8s.io/v1
/// kind: HTTPRoute
/// metadata: {name: web, namespace: shop}
/// spec:
///   parentRefs: [{name: gw}]
///   rules: [{backendRefs: [{name: web, port: 8080}]}]
/// ---
/// apiVersion: v1
/// kind: Service
/// metadata: {name: web, namespace: shop}
/// "#);
/// assert_eq!(docs.len(), 2);
/// let Ok(doc) = &docs[0] else { panic!() };
/// assert!(matches!(&doc.object, Object::HttpRouteV1(r) if r.spec.rules.as_ref().unwrap().len() == 1));
/// assert_eq!(docs[1].as_ref().unwrap().object.kind(), "Service");
/// ```
// A ParseError is what the caller reads; it is not passed around on a hot path.
#[allow(clippy::result_large_err)]
pub fn parse(file: &str, text: &str) -> Vec<Result<Document, ParseError>> {
    parse_with(file, text, ReadLimits::default())
}

/// [`parse`] with other [`ReadLimits`].
#[cfg(feature = "parse")]
#[allow(clippy::result_large_err)]
pub fn parse_with(file: &str, text: &str, limits: ReadLimits) -> Vec<Result<Document, ParseError>> {
    // JSON of the kinds this crate types is decoded straight from the text when nothing about it
    // is unusual; everything else takes the path through JSON values below, which gives the same
    // documents (more slowly) and is the one that explains errors.
    if let Some(documents) = json::parse(file, text) {
        return documents;
    }
    parse_values(file, text, limits)
}

/// [`parse_with`] through JSON values: the stream is read into values, which are then decoded.
#[cfg(feature = "parse")]
#[allow(clippy::result_large_err)]
fn parse_values(file: &str, text: &str, limits: ReadLimits) -> Vec<Result<Document, ParseError>> {
    let mut index = 0;
    read_values_with(text, limits)
        .map(|value| {
            let source = Source {
                file: file.to_owned(),
                index,
            };
            index += 1;
            match value {
                Ok(value) => decode_document(source, value),
                Err(e) => Err(ParseError {
                    source_: source,
                    kind: None,
                    name: None,
                    field: None,
                    message: e.to_string(),
                    limit: e.limit,
                }),
            }
        })
        .collect()
}

#[cfg(feature = "parse")]
#[allow(clippy::result_large_err)]
fn decode_document(source: Source, value: Value) -> Result<Document, ParseError> {
    let err = |kind: Option<String>,
               name: Option<String>,
               field: Option<String>,
               message: String| ParseError {
        source_: source.clone(),
        kind,
        name,
        field,
        message,
        limit: None,
    };
    let Value::Object(map) = &value else {
        return Err(err(None, None, None, "document is not an object".into()));
    };
    let kind = match map.get("kind") {
        Some(Value::String(k)) if !k.is_empty() => k.clone(),
        Some(_) => {
            return Err(err(
                None,
                None,
                Some("kind".into()),
                "kind: must be a non-empty string".into(),
            ));
        }
        None => {
            return Err(err(
                None,
                None,
                Some("kind".into()),
                "kind: Required value".into(),
            ));
        }
    };
    let api_version = match map.get("apiVersion") {
        Some(Value::String(v)) if !v.is_empty() => v.clone(),
        Some(_) => {
            return Err(err(
                Some(kind),
                None,
                Some("apiVersion".into()),
                "apiVersion: must be a non-empty string".into(),
            ));
        }
        None => {
            return Err(err(
                Some(kind),
                None,
                Some("apiVersion".into()),
                "apiVersion: Required value".into(),
            ));
        }
    };
    let name = object_name(map);
    let mut unknown = Vec::new();
    // A status is ignored as the API server ignores it on create: one that does not decode never
    // makes the object unusable. Only objects that carry a status pay for the copy this needs.
    let backup = map.contains_key("status").then(|| value.clone());
    let mut ignored_status = None;
    let object = match decode_known(&api_version, &kind, value, &mut unknown) {
        Ok(Ok(object)) => object,
        Ok(Err((Some(field), message)))
            if backup.is_some()
                && (field == "status"
                    || field.starts_with("status.")
                    || field.starts_with("status[")) =>
        {
            let Some(Value::Object(mut without)) = backup else {
                return Err(err(Some(kind), name, Some(field), message));
            };
            without.remove("status");
            unknown.clear();
            match decode_known(&api_version, &kind, Value::Object(without), &mut unknown) {
                Ok(Ok(object)) => {
                    ignored_status = Some(message);
                    object
                }
                Ok(Err((field, message))) => return Err(err(Some(kind), name, field, message)),
                Err(value) => Object::Other(value),
            }
        }
        Ok(Err((field, message))) => return Err(err(Some(kind), name, field, message)),
        Err(value) => Object::Other(value),
    };
    unknown.sort();
    unknown.dedup();
    Ok(Document {
        source,
        object,
        unknown_fields: unknown,
        ignored_status,
    })
}

#[cfg(feature = "parse")]
fn object_name(map: &serde_json::Map<String, Value>) -> Option<String> {
    let meta = map.get("metadata")?;
    let name = meta.get("name").and_then(Value::as_str)?;
    Some(match meta.get("namespace").and_then(Value::as_str) {
        Some(ns) => format!("{ns}/{name}"),
        None => name.to_owned(),
    })
}

/// Shortens every quoted string in a message to at most [`QUOTE_LIMIT`] characters, so that an
/// error about a 50 KB value stays one readable line.
#[cfg(feature = "parse")]
fn shorten_quoted(message: &str) -> String {
    const QUOTE_LIMIT: usize = 80;
    let mut out = String::with_capacity(message.len().min(1024));
    let mut parts = message.split('"');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('"');
        let count = part.chars().count();
        // Odd-numbered parts (0-based after the first) are inside quotes.
        if i % 2 == 0 && count > QUOTE_LIMIT {
            out.extend(part.chars().take(QUOTE_LIMIT));
            out.push_str(&format!("…({} more characters)", count - QUOTE_LIMIT));
        } else {
            out.push_str(part);
        }
    }
    out
}

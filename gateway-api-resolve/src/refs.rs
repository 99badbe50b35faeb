//! Reference checks: ReferenceGrants, label selectors, and minimal PEM parsing.

use std::collections::BTreeMap;

use gateway_api_types::model::LabelSelector;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};

use gateway_api_types::v1::ReferenceGrant;

use std::ops::Range;

use crate::Snapshot;
use crate::resolve::HashMap;

pub(crate) const GATEWAY_GROUP: &str = "gateway.networking.k8s.io";

/// The snapshot's ReferenceGrants in its (namespace, name) order, and where each namespace's
/// grants are in that list, so that a target namespace's grants are found without building a
/// key.
pub(crate) struct Grants<'a> {
    grants: Vec<&'a ReferenceGrant>,
    by_namespace: HashMap<&'a str, Range<usize>>,
}

impl<'a> Grants<'a> {
    pub(crate) fn new(snapshot: &'a Snapshot) -> Self {
        let mut grants = Vec::with_capacity(snapshot.reference_grants.len());
        let mut by_namespace: HashMap<&'a str, Range<usize>> = HashMap::default();
        for (k, g) in &snapshot.reference_grants {
            let i = grants.len();
            grants.push(g);
            // Keys are ordered, so a namespace's grants are contiguous.
            by_namespace
                .entry(k.namespace.as_str())
                .and_modify(|r| r.end = i + 1)
                .or_insert(i..i + 1);
        }
        Self {
            grants,
            by_namespace,
        }
    }

    /// Whether a ReferenceGrant in `to_namespace` lets objects of `from_kind` in
    /// `from_namespace` refer to the object (`to_group`, `to_kind`, `to_name`).
    ///
    /// "All cross-namespace references in Gateway API (with the exception of cross-namespace
    /// Gateway-route attachment) require a ReferenceGrant"; the grant "lives in the target
    /// namespace", its `from` and `to` entries are OR'ed, and a `to` without name allows every
    /// object of that kind. References within one namespace need no grant.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn permitted(
        &self,
        from_kind: &str,
        from_namespace: &str,
        to_group: &str,
        to_kind: &str,
        to_namespace: &str,
        to_name: &str,
    ) -> bool {
        if from_namespace == to_namespace {
            return true;
        }
        let Some(range) = self.by_namespace.get(to_namespace) else {
            return false;
        };
        self.grants
            .get(range.clone())
            .unwrap_or_default()
            .iter()
            .any(|grant| {
                grant.spec.from.iter().any(|f| {
                    f.group == GATEWAY_GROUP && f.kind == from_kind && f.namespace == from_namespace
                }) && grant.spec.to.iter().any(|t| {
                    t.group == to_group
                        && t.kind == to_kind
                        && t.name
                            .as_deref()
                            .is_none_or(|n| n.is_empty() || n == to_name)
                })
            })
    }
}

/// Whether `labels` satisfy a Kubernetes label selector: every `matchLabels` pair and every
/// `matchExpressions` requirement (In, NotIn, Exists, DoesNotExist). An unknown operator
/// matches nothing.
pub(crate) fn selector_matches(selector: &LabelSelector, labels: &NamespaceLabels<'_>) -> bool {
    let labels_ok = selector
        .match_labels
        .iter()
        .flatten()
        .all(|(k, v)| labels.get(k) == Some(v.as_str()));
    let expressions_ok = selector.match_expressions.iter().flatten().all(|req| {
        let values = req.values.as_deref().unwrap_or_default();
        let value = labels.get(&req.key);
        match req.operator.as_str() {
            "In" => value.is_some_and(|v| values.iter().any(|x| x == v)),
            "NotIn" => value.is_none_or(|v| !values.iter().any(|x| x == v)),
            "Exists" => value.is_some(),
            "DoesNotExist" => value.is_none(),
            _ => false,
        }
    });
    labels_ok && expressions_ok
}

/// The label a namespace selector matches a namespace's name with; "the API server sets it on
/// every namespace".
const NAME_LABEL: &str = "kubernetes.io/metadata.name";

/// The labels a label selector sees on a namespace, borrowed: the Namespace object's own, plus
/// `kubernetes.io/metadata.name` (the object's value when it carries one). A namespace the
/// snapshot lacks has only the name label.
#[derive(Clone, Copy)]
pub(crate) struct NamespaceLabels<'a> {
    pub(crate) labels: Option<&'a BTreeMap<String, String>>,
    pub(crate) name: &'a str,
}

impl<'a> NamespaceLabels<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        let own = self.labels.and_then(|l| l.get(key)).map(String::as_str);
        if key == NAME_LABEL {
            return Some(own.unwrap_or(self.name));
        }
        own
    }
}

/// Why a certificate Secret is unusable, or `None` when it holds a TLS certificate and key.
pub(crate) fn tls_secret_problem(secret: &Secret) -> Option<&'static str> {
    if secret.type_.as_deref() != Some("kubernetes.io/tls") {
        return Some("is not of type kubernetes.io/tls");
    }
    let get = |key: &str| -> Option<Vec<u8>> {
        secret
            .data
            .as_ref()
            .and_then(|d| d.get(key))
            .map(|b| b.0.clone())
            .or_else(|| {
                secret
                    .string_data
                    .as_ref()
                    .and_then(|d| d.get(key))
                    .map(|s| s.as_bytes().to_vec())
            })
    };
    let Some(cert) = get("tls.crt") else {
        return Some("has no tls.crt");
    };
    let Some(key) = get("tls.key") else {
        return Some("has no tls.key");
    };
    let cert = String::from_utf8_lossy(&cert);
    let key = String::from_utf8_lossy(&key);
    if !pem_blocks(&cert).is_some_and(|b| {
        b.iter()
            .any(|(l, der)| l == "CERTIFICATE" && looks_like_der(der))
    }) {
        return Some("has a tls.crt that is not a PEM certificate");
    }
    if !pem_blocks(&key).is_some_and(|b| {
        b.iter()
            .any(|(l, der)| l.ends_with("PRIVATE KEY") && looks_like_der(der))
    }) {
        return Some("has a tls.key that is not a PEM private key");
    }
    None
}

/// Whether a ConfigMap holds a PEM CA bundle under `ca.crt`.
pub(crate) fn ca_config_map_ok(cm: &ConfigMap) -> bool {
    let text = cm.data.as_ref().and_then(|d| d.get("ca.crt"));
    text.and_then(|t| pem_blocks(t)).is_some_and(|b| {
        b.iter()
            .any(|(l, der)| l == "CERTIFICATE" && looks_like_der(der))
    })
}

/// A DER value that starts like an X.509 structure: a constructed SEQUENCE.
fn looks_like_der(der: &[u8]) -> bool {
    der.len() > 2 && der[0] == 0x30
}

/// The PEM blocks of a text, as (label, decoded body). `None` when a block is malformed (an
/// END without BEGIN, mismatched labels, a body that is not base64) or there is none.
fn pem_blocks(text: &str) -> Option<Vec<(String, Vec<u8>)>> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(label) = line
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            if current.is_some() {
                return None;
            }
            current = Some((label.to_owned(), String::new()));
        } else if let Some(label) = line
            .strip_prefix("-----END ")
            .and_then(|l| l.strip_suffix("-----"))
        {
            let (begin, body) = current.take()?;
            if begin != label {
                return None;
            }
            blocks.push((begin, base64_decode(&body)?));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
        }
    }
    (current.is_none() && !blocks.is_empty()).then_some(blocks)
}

/// Standard base64 with padding; whitespace is ignored.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    }
    let bytes: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if bytes.is_empty() || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3);
    let chunks = bytes.len() / 4;
    for (i, chunk) in bytes.chunks(4).enumerate() {
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && i + 1 != chunks) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            n = (n << 6) | value(c)?;
        }
        n <<= 6 * pad as u32;
        let decoded = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&decoded[..3 - pad]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round() {
        assert_eq!(base64_decode("aGVsbG8=").as_deref(), Some(&b"hello"[..]));
        assert_eq!(base64_decode("aGk="), Some(b"hi".to_vec()));
        assert_eq!(base64_decode("a*=="), None);
        assert_eq!(base64_decode("aGk=aGk="), None);
    }

    #[test]
    fn pem_needs_matching_markers() {
        assert!(
            pem_blocks("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n")
                .is_some()
        );
        assert!(pem_blocks("-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END KEY-----\n").is_none());
        assert!(pem_blocks("not a pem").is_none());
    }
}

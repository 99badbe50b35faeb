//! Certificates and CA bundles: whether a Secret holds a TLS certificate and key, and whether a
//! ConfigMap or Secret holds a CA bundle (minimal PEM reading: no X.509 parsing).

use gateway_api_types::model::ObjectReference;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};

use crate::ObjectKey;
use crate::conditions::{Reason, reason};
use crate::context::Ctx;
use crate::deps::{Dep, Deps};

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

/// Why a CA certificate reference (ConfigMap or Secret holding `ca.crt`) is unusable, read
/// from an object of kind `from_kind` in `from_ns`.
pub(crate) fn ca_ref_problem(
    ctx: &Ctx<'_>,
    from_kind: &str,
    from_ns: &str,
    r: &ObjectReference,
    deps: &mut Deps,
) -> Option<Reason> {
    use gateway_api_types::conditions::ListenerResolvedRefsReason as R;
    let ns = r.namespace.clone().unwrap_or_else(|| from_ns.to_owned());
    if !r.group.is_empty() || (r.kind != "ConfigMap" && r.kind != "Secret") {
        return Some(reason(
            R::InvalidCACertificateKind,
            format!(
                "CA certificate kind {}/{} is not supported",
                r.group, r.kind
            ),
        ));
    }
    if !crate::refs::permitted(ctx, deps, (from_kind, from_ns), (&r.kind, &ns, &r.name)) {
        return Some(reason(
            R::RefNotPermitted,
            format!(
                "reference to {} {ns}/{} is not permitted by any ReferenceGrant",
                r.kind, r.name
            ),
        ));
    }
    let key = ObjectKey::new(&ns, &r.name);
    let ok = if r.kind == "ConfigMap" {
        let ok = ctx
            .snap
            .config_maps
            .get(&key)
            .is_some_and(|c| ca_config_map_ok(c));
        deps.add(Dep::ConfigMap(key));
        ok
    } else {
        let ok = ctx.snap.secrets.get(&key).is_some_and(|s| {
            let cm = ConfigMap {
                data: s.data.as_ref().map(|d| {
                    d.iter()
                        .map(|(k, v)| (k.clone(), String::from_utf8_lossy(&v.0).into_owned()))
                        .collect()
                }),
                ..Default::default()
            };
            ca_config_map_ok(&cm)
        });
        deps.add(Dep::Secret(key));
        ok
    };
    (!ok).then(|| {
        reason(
            R::InvalidCACertificateRef,
            format!(
                "{} {ns}/{} does not exist or holds no PEM CA certificate",
                r.kind, r.name
            ),
        )
    })
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

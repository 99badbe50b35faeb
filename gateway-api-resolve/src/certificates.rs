//! Certificates and CA bundles: whether a Secret holds a TLS certificate and the key that
//! goes with it, and whether a ConfigMap or Secret holds a CA bundle. PEM is read with
//! `rustls-pki-types`; the key pair is checked with rustls (ring), which compares the
//! certificate's SubjectPublicKeyInfo with the one derived from the private key.

use std::sync::Arc;

use gateway_api_types::model::ObjectReference;
use k8s_openapi::api::core::v1::{ConfigMap, Secret};
use rustls::crypto::ring::sign::any_supported_type;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::sign::CertifiedKey;
use rustls::{Error as TlsError, InconsistentKeys};

use crate::ObjectKey;
use crate::conditions::{Reason, reason};
use crate::context::Ctx;
use crate::deps::{Dep, Deps};

/// Why a certificate Secret is unusable, or `None` when it holds a TLS certificate and a
/// private key that belongs to it.
pub(crate) fn tls_secret_problem(secret: &Secret) -> Option<&'static str> {
    if secret.type_.as_deref() != Some("kubernetes.io/tls") {
        return Some("is not of type kubernetes.io/tls");
    }
    let get = |key: &str| -> Option<&[u8]> {
        secret
            .data
            .as_ref()
            .and_then(|d| d.get(key))
            .map(|b| b.0.as_slice())
            .or_else(|| {
                secret
                    .string_data
                    .as_ref()
                    .and_then(|d| d.get(key))
                    .map(String::as_bytes)
            })
    };
    let Some(cert) = get("tls.crt") else {
        return Some("has no tls.crt");
    };
    let Some(key) = get("tls.key") else {
        return Some("has no tls.key");
    };
    let Some(chain) = pem_certificates(cert) else {
        return Some("has a tls.crt that is not a PEM certificate");
    };
    let Some(key) = PrivateKeyDer::from_pem_slice(key)
        .ok()
        .filter(|k| looks_like_der(k.secret_der()))
    else {
        return Some("has a tls.key that is not a PEM private key");
    };
    // "Mismatched key pair": a key that is not the leaf certificate's is as unusable as a
    // malformed one. A key or certificate the crypto provider cannot read (an algorithm it
    // lacks) is not judged.
    match keys_match(chain, &key) {
        Err(TlsError::InconsistentKeys(InconsistentKeys::KeyMismatch)) => {
            Some("has a tls.key that does not match the public key of its tls.crt")
        }
        _ => None,
    }
}

/// Whether `key` is the private key of the first certificate of `chain`.
fn keys_match(
    chain: Vec<CertificateDer<'static>>,
    key: &PrivateKeyDer<'_>,
) -> Result<(), TlsError> {
    let signing_key = any_supported_type(key)?;
    CertifiedKey::new(chain, Arc::clone(&signing_key)).keys_match()
}

/// The certificates of a PEM text, in order; `None` when there is none or a certificate
/// block is malformed (bad base64, or a body that is not a DER structure).
fn pem_certificates(pem: &[u8]) -> Option<Vec<CertificateDer<'static>>> {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<_, _>>()
        .ok()?;
    (!certs.is_empty() && certs.iter().all(|c| looks_like_der(c))).then_some(certs)
}

/// Whether a ConfigMap holds a PEM CA bundle under `ca.crt`.
pub(crate) fn ca_config_map_ok(cm: &ConfigMap) -> bool {
    cm.data
        .as_ref()
        .and_then(|d| d.get("ca.crt"))
        .is_some_and(|t| pem_certificates(t.as_bytes()).is_some())
}

/// A DER value that starts like an X.509 structure: a constructed SEQUENCE.
fn looks_like_der(der: &[u8]) -> bool {
    der.len() > 2 && der[0] == 0x30
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
        deps.add(|| Dep::ConfigMap(key));
        ok
    } else {
        let ok = ctx.snap.secrets.get(&key).is_some_and(|s| {
            s.data
                .as_ref()
                .and_then(|d| d.get("ca.crt"))
                .is_some_and(|b| pem_certificates(&b.0).is_some())
        });
        deps.add(|| Dep::Secret(key));
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
    fn pem_needs_well_formed_certificate_blocks() {
        let ok = b"-----BEGIN CERTIFICATE-----\nMAMCAQA=\n-----END CERTIFICATE-----\n";
        assert_eq!(pem_certificates(ok).map(|c| c.len()), Some(1));
        assert!(
            pem_certificates(b"-----BEGIN CERTIFICATE-----\nMA*CAQA=\n-----END CERTIFICATE-----\n")
                .is_none()
        );
        assert!(pem_certificates(b"-----BEGIN CERTIFICATE-----\nMAMCAQA=\n").is_none());
        assert!(pem_certificates(b"not a pem").is_none());
        // A body that is not a DER SEQUENCE.
        assert!(
            pem_certificates(b"-----BEGIN CERTIFICATE-----\naGVsbG8=\n-----END CERTIFICATE-----\n")
                .is_none()
        );
    }
}

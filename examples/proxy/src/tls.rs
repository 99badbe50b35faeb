//! TLS termination: the certificates of a port's HTTPS listeners, picked by SNI.

use std::sync::Arc;

use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;

use crate::imports::{EffectiveListener, ObjectKey, Snapshot, TlsModeType};

/// The certificates of the TLS-terminating listeners on one port, each with the listener's
/// hostname.
#[derive(Debug, Default)]
pub struct CertStore {
    entries: Vec<(Option<String>, Arc<CertifiedKey>)>,
}

impl CertStore {
    /// Whether no listener brought a usable certificate.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The certificate for a server name: the listener whose hostname equals it, else the
    /// longest matching wildcard, else a listener without hostname, else the first one. A
    /// handshake always completes so that the router, not the handshake, answers a name no
    /// listener serves (404) or a Host that differs from the SNI (421).
    pub fn pick(&self, sni: Option<&str>) -> Option<Arc<CertifiedKey>> {
        let by = |want: &dyn Fn(&str) -> bool| {
            self.entries
                .iter()
                .filter(|(h, _)| h.as_deref().is_some_and(want))
                .max_by_key(|(h, _)| h.as_deref().map_or(0, str::len))
                .map(|(_, k)| Arc::clone(k))
        };
        let exact = sni.and_then(|s| by(&|h: &str| h.eq_ignore_ascii_case(s)));
        let wildcard = || {
            sni.and_then(|s| {
                by(&|h: &str| {
                    h.strip_prefix('*').is_some_and(|suffix| {
                        s.len() > suffix.len()
                            && s[s.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
                    })
                })
            })
        };
        exact
            .or_else(wildcard)
            .or_else(|| {
                self.entries
                    .iter()
                    .find(|(h, _)| h.is_none())
                    .map(|(_, k)| Arc::clone(k))
            })
            .or_else(|| self.entries.first().map(|(_, k)| Arc::clone(k)))
    }

    /// The store of the TLS-terminating listeners among `listeners` (one port's), with each
    /// listener's first certificate Secret that holds a usable PEM chain and key. Problems are
    /// returned as messages naming the listener and Secret.
    pub fn build<'a>(
        listeners: impl IntoIterator<Item = &'a EffectiveListener>,
        snapshot: &Snapshot,
    ) -> (Self, Vec<String>) {
        let mut store = Self::default();
        let mut problems = Vec::new();
        for l in listeners {
            let Some(tls) = &l.tls else { continue };
            if l.protocol != "HTTPS" || tls.mode != TlsModeType::Terminate {
                continue;
            }
            let mut found = None;
            for key in &tls.certificates {
                match certified_key(snapshot, key) {
                    Ok(k) => {
                        found = Some(k);
                        break;
                    }
                    Err(e) => problems.push(format!(
                        "listener {}: Secret {}/{}: {e}",
                        l.name, key.namespace, key.name
                    )),
                }
            }
            match found {
                Some(k) => store.entries.push((l.hostname.clone(), Arc::new(k))),
                None => problems.push(format!(
                    "listener {}: no usable certificate; its connections fail the handshake",
                    l.name
                )),
            }
        }
        (store, problems)
    }

    /// A rustls server configuration over this store, offering HTTP/2 and HTTP/1.1 by ALPN.
    pub fn server_config(self) -> anyhow::Result<rustls::ServerConfig> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_cert_resolver(Arc::new(self));
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }
}

impl ResolvesServerCert for CertStore {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        self.pick(hello.server_name())
    }
}

/// A `kubernetes.io/tls` Secret's `tls.crt` chain and `tls.key` as a signing key.
fn certified_key(snapshot: &Snapshot, key: &ObjectKey) -> Result<CertifiedKey, String> {
    let secret = snapshot
        .secrets
        .get(key)
        .ok_or_else(|| "not in the input".to_owned())?;
    let data = |name: &str| {
        secret
            .data
            .as_ref()
            .and_then(|d| d.get(name))
            .map(|b| b.0.as_slice())
            .ok_or_else(|| format!("data.{name}: missing"))
    };
    let chain = CertificateDer::pem_slice_iter(data("tls.crt")?)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("data.tls.crt: {e}"))?;
    if chain.is_empty() {
        return Err("data.tls.crt: no certificate".to_owned());
    }
    let der = PrivateKeyDer::from_pem_slice(data("tls.key")?)
        .map_err(|e| format!("data.tls.key: {e}"))?;
    let signer = rustls::crypto::ring::sign::any_supported_type(&der)
        .map_err(|e| format!("data.tls.key: {e}"))?;
    Ok(CertifiedKey::new(chain, signer))
}

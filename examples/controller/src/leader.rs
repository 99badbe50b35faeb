//! Leader election with a `coordination.k8s.io/v1` Lease, through `kube-lease-manager`.
//!
//! Every replica watches and resolves (so a new leader starts with a warm state); only the
//! holder of the Lease writes. The crate renews the Lease before it expires and releases it when
//! the receiver is dropped (on shutdown), so a successor does not wait for the expiry.

use std::time::Duration;

use anyhow::Context as _;
use kube::Client;
use kube_lease_manager::{LeaseManager, LeaseManagerBuilder, LeaseManagerError};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Where the Lease is and who this replica is.
#[derive(Clone, Debug)]
pub struct LeaseConfig {
    /// Namespace of the Lease (usually the controller's own).
    pub namespace: String,
    /// Name of the Lease.
    pub name: String,
    /// This replica's identity, written as `holderIdentity` (usually the Pod name).
    pub identity: String,
    /// How long a Lease stays valid without renewal, in seconds.
    pub duration_seconds: u64,
    /// How long before the expiry the holder renews, in seconds (less than the duration).
    pub grace_seconds: u64,
}

/// A running election: whether we lead, as a watch channel, and the task keeping the Lease.
pub(crate) struct Election {
    pub(crate) leader: watch::Receiver<bool>,
    task: JoinHandle<Result<LeaseManager, LeaseManagerError>>,
}

impl Election {
    pub(crate) async fn start(
        client: Client,
        config: &LeaseConfig,
        field_manager: &str,
    ) -> anyhow::Result<Self> {
        let manager = LeaseManagerBuilder::new(client, &config.name)
            .with_namespace(&config.namespace)
            .with_identity(&config.identity)
            .with_duration(config.duration_seconds)
            .with_grace(config.grace_seconds)
            .with_field_manager(format!("{field_manager}-lease-{}", config.identity))
            .build()
            .await
            .with_context(|| {
                format!("cannot use the Lease {}/{}", config.namespace, config.name)
            })?;
        let (leader, task) = manager.watch().await;
        Ok(Self { leader, task })
    }

    /// Gives the Lease up (the task releases it once the receiver is gone), waiting at most
    /// `timeout`.
    pub(crate) async fn stop(self, timeout: Duration) {
        drop(self.leader);
        match tokio::time::timeout(timeout, self.task).await {
            Ok(Ok(Ok(_))) => tracing::info!("Lease released"),
            Ok(Ok(Err(e))) => tracing::warn!(error = %e, "Lease release failed"),
            Ok(Err(e)) => tracing::warn!(error = %e, "Lease task failed"),
            Err(_) => tracing::warn!("Lease release timed out"),
        }
    }
}

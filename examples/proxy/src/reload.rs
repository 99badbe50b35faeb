//! Hot reload: the input paths are watched (`notify`); on a change the manifests are read and
//! resolved again and the new [`Config`] replaces the old one in one atomic store
//! (`arc-swap`). Requests in flight keep the configuration they started with; a reload that
//! fails keeps the old one and logs why. Listening sockets are not reopened: a port that
//! appears or disappears needs a restart (logged).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::{EventKind, RecursiveMode, Watcher as _};
use tokio::sync::{mpsc, watch};

use crate::config::{Loader, Source};
use crate::proxy::Proxy;

/// Changes closer together than this cause one reload (an editor's save is several events).
const SETTLE: Duration = Duration::from_millis(200);

/// Loads the source again and swaps the result in; on failure the old configuration stays.
pub fn reload(loader: &mut Loader, proxy: &Proxy) -> anyhow::Result<()> {
    match loader.load() {
        Ok(config) => {
            let old: BTreeSet<u16> = proxy.config.load().ports.keys().copied().collect();
            let new: BTreeSet<u16> = config.ports.keys().copied().collect();
            if old != new {
                tracing::warn!(
                    ?old,
                    ?new,
                    "listener ports changed; restart to listen on the new ones"
                );
            }
            for w in &config.warnings {
                tracing::warn!("{w}");
            }
            proxy.metrics.reload(Ok(&config));
            proxy.config.store(Arc::new(config));
            tracing::info!("configuration reloaded");
            Ok(())
        }
        Err(e) => {
            proxy.metrics.reload(Err(()));
            tracing::error!("reload failed, keeping the previous configuration: {e:#}");
            Err(e)
        }
    }
}

/// Watches the input paths and reloads on change through `loader` (pass the one that made the
/// running configuration, so the first reload already reuses its work) until `stop` turns
/// true. The returned watcher must be kept alive.
pub fn watch(
    loader: Loader,
    proxy: Arc<Proxy>,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<notify::RecommendedWatcher> {
    let (tx, mut rx) = mpsc::channel::<()>(1);
    let source: Source = loader.source().clone();
    let roots: Vec<PathBuf> = source
        .paths
        .iter()
        .filter(|p| *p != "-")
        .map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p)))
        .collect();
    let wanted = roots.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        if event
            .paths
            .iter()
            .any(|p| wanted.iter().any(|w| p.starts_with(w)))
        {
            // A full channel already holds a pending reload.
            let _ = tx.try_send(());
        }
    })?;
    for root in &roots {
        if root.is_dir() {
            watcher.watch(root, RecursiveMode::Recursive)?;
        } else {
            // Editors and ConfigMap volumes replace files by renaming: watch the directory.
            let dir = root.parent().unwrap_or(Path::new("."));
            watcher.watch(dir, RecursiveMode::NonRecursive)?;
        }
    }
    tokio::spawn(async move {
        let mut loader = loader;
        loop {
            tokio::select! {
                got = rx.recv() => if got.is_none() { return },
                _ = stop.changed() => return,
            }
            tokio::time::sleep(SETTLE).await;
            while rx.try_recv().is_ok() {}
            let proxy = Arc::clone(&proxy);
            // The loader goes to the blocking thread and comes back; if the reload panicked
            // there, the next one starts from nothing.
            let fallback = Loader::new(source.clone());
            loader = tokio::task::spawn_blocking(move || {
                let _ = reload(&mut loader, &proxy);
                loader
            })
            .await
            .unwrap_or(fallback);
        }
    });
    Ok(watcher)
}

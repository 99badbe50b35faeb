//! A thread per core: each worker is a single-threaded tokio runtime with its own listening
//! socket per port, so a client connection, the requests on it and the backend connections
//! they use all stay on one thread from accept to close.
//!
//! The sockets of one port share its address with `SO_REUSEPORT`: the Linux kernel spreads new
//! connections across them by a hash of the client's address and port, and each worker accepts
//! only from its own. Compared with tokio's work-stealing runtime, nothing is handed between
//! threads per request (no wakeups of another thread, no shared run queues), at the price of
//! no rebalancing: a worker whose connections are busier stays busier. nginx's workers, one
//! process per core, make the same trade.

use std::collections::BTreeMap;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::net::TcpSocket;
use tokio::runtime::{Builder, Runtime};
use tokio::sync::watch;

use crate::proxy::Proxy;
use crate::server::{ServerLimits, Shutdown, spawn_port};

/// Backlog of each listening socket (connections the kernel completes before `accept`).
const BACKLOG: u32 = 1024;

/// Running worker threads.
pub struct Workers {
    threads: Vec<JoinHandle<()>>,
    stop: watch::Sender<bool>,
    addresses: BTreeMap<u16, SocketAddr>,
}

impl Workers {
    /// Starts `count` workers serving each Gateway port at its address in `addresses`. Fails,
    /// with nothing started, when an address cannot be bound (in use, not local).
    pub fn start(
        count: usize,
        addresses: &BTreeMap<u16, SocketAddr>,
        proxy: &Arc<Proxy>,
        limits: ServerLimits,
        shutdown: &Shutdown,
    ) -> io::Result<Self> {
        // `SO_REUSEPORT` is a Unix socket option: elsewhere, one worker.
        let count = if cfg!(unix) { count.max(1) } else { 1 };
        let mut sockets: Vec<Vec<(u16, TcpSocket)>> = (0..count).map(|_| Vec::new()).collect();
        let mut bound = BTreeMap::new();
        for (&port, &addr) in addresses {
            let shared = shared_sockets(addr, count)?;
            bound.insert(port, shared[0].local_addr()?);
            for (worker, socket) in sockets.iter_mut().zip(shared) {
                worker.push((port, socket));
            }
        }
        // Runtimes are built and given their listeners here, so that an error stops `start`
        // before any thread runs; tasks spawned now run once the thread drives the runtime.
        let mut runtimes: Vec<Runtime> = Vec::with_capacity(count);
        for worker in sockets {
            let runtime = Builder::new_current_thread().enable_all().build()?;
            {
                let _entered = runtime.enter();
                for (port, socket) in worker {
                    let listener = socket.listen(BACKLOG)?;
                    spawn_port(listener, port, Arc::clone(proxy), limits, shutdown);
                }
            }
            runtimes.push(runtime);
        }
        let (stop, stopped) = watch::channel(false);
        let threads = runtimes
            .into_iter()
            .enumerate()
            .map(|(i, runtime)| {
                let mut stopped = stopped.clone();
                std::thread::Builder::new()
                    .name(format!("gwapi-worker-{i}"))
                    .spawn(move || {
                        // Connections are tasks on this runtime; they run while this waits.
                        runtime.block_on(async move {
                            let _ = stopped.wait_for(|&s| s).await;
                        });
                    })
            })
            .collect::<io::Result<Vec<_>>>()?;
        Ok(Self {
            threads,
            stop,
            addresses: bound,
        })
    }

    /// Where each Gateway port is served (a port 0 in the request is the one the system chose).
    pub fn addresses(&self) -> &BTreeMap<u16, SocketAddr> {
        &self.addresses
    }

    /// Stops every worker (connections still open are dropped: call it after
    /// [`Shutdown::drain`]) and waits for their threads.
    pub fn stop(self) {
        let _ = self.stop.send(true);
        for t in self.threads {
            let _ = t.join();
        }
    }
}

/// `count` sockets bound to `addr` with `SO_REUSEPORT`, not yet listening (listening
/// registers a socket with the runtime of the caller: each worker's own).
fn shared_sockets(addr: SocketAddr, count: usize) -> io::Result<Vec<TcpSocket>> {
    // `SO_REUSEPORT` lets any process of the same user bind the port too: a proxy started
    // twice would share it silently. A socket without it fails to bind where anyone listens.
    drop(socket_for(addr, false)?);
    let first = socket_for(addr, true)?;
    // Port 0 picks a free port: the others must take the same one.
    let addr = first.local_addr()?;
    let mut sockets = vec![first];
    for _ in 1..count {
        sockets.push(socket_for(addr, true)?);
    }
    Ok(sockets)
}

fn socket_for(addr: SocketAddr, shared: bool) -> io::Result<TcpSocket> {
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()?
    } else {
        TcpSocket::new_v6()?
    };
    // A restarted proxy can bind while connections of the previous one are in TIME_WAIT.
    socket.set_reuseaddr(true)?;
    #[cfg(unix)]
    socket.set_reuseport(shared)?;
    #[cfg(not(unix))]
    let _ = shared;
    socket.bind(addr)?;
    Ok(socket)
}

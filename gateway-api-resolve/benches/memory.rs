//! Peak heap per route of a full resolution (and of a resolver state kept for incremental
//! changes), measured with a counting allocator on the benches' cluster: run with
//! `cargo bench --bench memory`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

mod cluster;

/// Counts live bytes and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to the system allocator; the counters only observe sizes.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: the caller's layout, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: the caller's pointer and layout, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new: usize) -> *mut u8 {
        if new > layout.size() {
            let live = LIVE.fetch_add(new - layout.size(), Relaxed) + new - layout.size();
            PEAK.fetch_max(live, Relaxed);
        } else {
            LIVE.fetch_sub(layout.size() - new, Relaxed);
        }
        // SAFETY: the caller's pointer, layout and size, passed on.
        unsafe { System.realloc(ptr, layout, new) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() {
    let options = gateway_api_resolve::Options::new(cluster::CONTROLLER);
    for routes in [10_000usize, 100_000] {
        let snap = cluster::snapshot(routes);
        let base = LIVE.load(Relaxed);
        PEAK.store(base, Relaxed);
        let out = gateway_api_resolve::resolve(&snap, &options);
        let peak = PEAK.load(Relaxed) - base;
        let kept = LIVE.load(Relaxed) - base;
        drop(out);
        println!(
            "resolve {routes} routes: peak {} B/route, result {} B/route (snapshot {} B/route)",
            peak / routes,
            kept / routes,
            base / routes
        );
        state(&snap, &options, routes);
    }
}

fn state(
    snap: &gateway_api_resolve::Snapshot,
    options: &gateway_api_resolve::Options,
    routes: usize,
) {
    let base = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let r = gateway_api_resolve::Resolver::from_snapshot(snap.clone(), options.clone());
    let peak = PEAK.load(Relaxed) - base;
    let kept = LIVE.load(Relaxed) - base;
    drop(r);
    println!(
        "resolver {routes} routes: peak {} B/route, kept {} B/route (state and result)",
        peak / routes,
        kept / routes
    );
}

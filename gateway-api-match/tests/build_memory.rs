//! Proves that building a router takes memory linear in its input: a global allocator that
//! tracks the peak of live bytes, alone in this binary (see `no_alloc.rs` for why the allocator
//! impl is the one place that allows `unsafe`).
//!
//! The case that once took the product: one route with thousands of hostnames and thousands of
//! rules (every hostname got its own copy of every rule's index entries: 12,000 × 12,000 ran
//! out of 8 GB). The schema allows 16 of each; the router must still not multiply them.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use gateway_api_match::input::{Backend, HttpMatch, HttpRule, Listener, Route};
use gateway_api_match::{Outcome, Request, Router};

struct Peak;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = LIVE.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded unchanged to the system allocator; tracking touches atomics only.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: same contract as our caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as our caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        grew(new_size);
        // SAFETY: same contract as our caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Peak = Peak;

/// One route on one listener with `n` hostnames and `n` rules, each rule a distinct prefix.
fn wide_route(n: usize) -> Listener {
    let mut route = Route::http("ns", "wide");
    for i in 0..n {
        route = route.hostname(format!("host{i}.example.com")).http_rule(
            HttpRule::new()
                .matching(HttpMatch::prefix(format!("/p{i}")))
                .backend(Backend::new("ns", "svc", 8080)),
        );
    }
    Listener::http("http", 80).route(route)
}

/// Peak bytes allocated while building (above what was live before), and the router.
fn build_peak(n: usize) -> (usize, Router) {
    let listener = wide_route(n);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let router = Router::build([listener]).unwrap();
    (PEAK.load(Ordering::Relaxed) - before, router)
}

#[test]
fn a_route_with_many_hostnames_and_rules_builds_in_linear_memory() {
    let (small, _) = build_peak(1_200);
    let (large, router) = build_peak(12_000);
    eprintln!("build peak: {small} bytes at 1,200, {large} at 12,000");
    // Ten times the input: linear is about ten times the memory, the product a hundred.
    assert!(
        large < small * 20,
        "peak {large} bytes for 12,000 hostnames and rules vs {small} for 1,200"
    );
    // About 1 KB per hostname-and-rule pair of input (the input itself is ~300 bytes each).
    assert!(large < 12_000 * 1_024, "peak {large} bytes");
    // Every hostname reaches every rule.
    for (host, path, rule) in [
        ("host0.example.com", "/p11999/x", 11_999),
        ("HOST11999.example.com", "/p0", 0),
    ] {
        match router.route(&Request::get(host, path)) {
            Outcome::Matched(m) => assert_eq!(m.rule_index(), rule, "{host}{path}"),
            other => panic!("{host}{path}: {other:?}"),
        }
    }
    // The explanation walks each route's hostnames once, not once per rule.
    let ex = router.explain(&Request::get("host5.example.com", "/p5"));
    assert_eq!(ex.candidates.len(), 12_000);
}

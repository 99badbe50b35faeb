//! Full resolution of the bench's generated cluster, repeated, for profilers: `perf record`
//! or `valgrind --tool=callgrind --toggle-collect='gateway_api_resolve::resolve'` see one
//! snapshot resolved `ITERATIONS` times and nothing of criterion.
//!
//! ```text
//! cargo run --release -p gateway-api-resolve --example profile -- [ROUTES] [ITERATIONS]
//! ```
//!
//! Prints the time of each resolution (the result is dropped outside the timed region).

#[path = "../benches/cluster/mod.rs"]
mod cluster;

use std::time::Instant;

fn arg(n: usize, default: usize) -> usize {
    std::env::args()
        .nth(n)
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let (routes, iterations) = (arg(1, 100_000), arg(2, 10));
    let snap = cluster::snapshot(routes);
    let options = gateway_api_resolve::Options::new(cluster::CONTROLLER);
    for _ in 0..iterations {
        let start = Instant::now();
        let out = gateway_api_resolve::resolve(&snap, &options);
        let took = start.elapsed();
        drop(std::hint::black_box(out));
        println!("{routes} routes: {took:?}");
    }
}

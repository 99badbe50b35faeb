//! The bench's hot-path hits in a plain loop, for profilers: `valgrind --tool=callgrind` or
//! `perf` see `ITERATIONS` lookups and nothing of criterion.
//!
//! ```text
//! cargo build --release -p gateway-api-match --example hotpath
//! valgrind --tool=callgrind --toggle-collect='hotpath::lookups' \
//!     target/release/examples/hotpath single-host 10 1000000
//! ```
//!
//! Shapes (the bench's tables, from `benches/shapes`): `single-host` (one hostname, many
//! paths; the bench's `single-host/N/hit`), `ingress` (a hostname per route; `ingress/N/hit`),
//! `matchit` (matchit on the single-host paths, the bench's baseline). Prints how many lookups
//! matched.

use std::hint::black_box;

use gateway_api_match::{Outcome, Request, Router};

#[path = "../benches/shapes/mod.rs"]
mod shapes;
use shapes::{ingress, single_host, single_host_paths};

#[inline(never)]
fn lookups(router: &Router, req: &Request<'_>, iterations: usize) -> usize {
    (0..iterations)
        .filter(|_| matches!(router.route(black_box(req)), Outcome::Matched(_)))
        .count()
}

#[inline(never)]
fn matchit_lookups(m: &matchit::Router<usize>, path: &str, iterations: usize) -> usize {
    (0..iterations)
        .filter(|_| m.at(black_box(path)).is_ok())
        .count()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let shape = args.get(1).map_or("single-host", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);
    let iterations: usize = args
        .get(3)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let paths = single_host_paths(n);
    // As the bench: an even index is a prefix route; request a path below it.
    let deep = format!("{}/items/7", paths[(n / 2) & !1]);
    let hits = match shape {
        "single-host" => lookups(
            &single_host(n),
            &Request::get("api.example.com", &deep),
            iterations,
        ),
        "ingress" => {
            let host = format!("app{}.example.com", n / 2);
            lookups(
                &ingress(n),
                &Request::get(&host, "/api/users/42"),
                iterations,
            )
        }
        "matchit" => {
            let mut m = matchit::Router::new();
            for (i, p) in paths.iter().enumerate() {
                m.insert(p.clone(), i).expect("distinct paths");
                if i % 2 == 0 {
                    m.insert(format!("{p}/{{*rest}}"), i)
                        .expect("distinct paths");
                }
            }
            matchit_lookups(&m, &deep, iterations)
        }
        other => {
            eprintln!("unknown shape {other}: single-host, ingress or matchit");
            std::process::exit(2);
        }
    };
    println!("{shape} {n}: {hits} of {iterations} matched");
}

//! `serve`'s thread per core: workers sharing a port through `SO_REUSEPORT`.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use gateway_api_proxy::proxy::Limits;
use gateway_api_proxy::server::ServerLimits;
use gateway_api_proxy::workers::Workers;
use http_body_util::{BodyExt as _, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use crate::support::{Lab, get, manifests, served_by};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn workers_share_a_port_and_a_second_proxy_cannot_take_it() {
    let lab = Lab::start(
        &manifests("a", ""),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    let shutdown = lab.shutdown.as_ref().unwrap();
    let wanted = BTreeMap::from([(80, SocketAddr::from(([127, 0, 0, 1], 0)))]);
    let workers =
        Workers::start(2, &wanted, &lab.proxy, ServerLimits::default(), shutdown).unwrap();
    let addr = workers.addresses()[&80];
    assert_ne!(addr.port(), 0);

    // New connections (spread by the kernel over both workers), then keep-alive ones.
    for _ in 0..20 {
        let answer = get(addr, "web.example.com", "/").await.unwrap();
        assert_eq!(answer.status, 200);
        assert_eq!(served_by(&answer).as_deref(), Some("a"));
    }
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<bytes::Bytes>>();
    for i in 0..50 {
        let req = http::Request::builder()
            .uri(format!("http://{addr}/keep-alive/{i}"))
            .header("host", "web.example.com")
            .body(Empty::new())
            .unwrap();
        let resp = client.request(req).await.unwrap();
        assert_eq!(resp.status(), 200);
        let _ = resp.into_body().collect().await.unwrap();
    }

    // The port is taken: a second set of workers (another proxy) is refused.
    let again = BTreeMap::from([(80, addr)]);
    assert!(Workers::start(1, &again, &lab.proxy, ServerLimits::default(), shutdown).is_err());

    drop(client);
    lab.stop().await;
    tokio::task::spawn_blocking(move || workers.stop())
        .await
        .unwrap();
}

//! A rule whose regular expression does not compile is dropped by the resolver; the proxy's
//! router is built without it and every other rule still routes (issue 12: "one bad regex
//! never breaks routing for other rules or routes").

use gateway_api_proxy::proxy::Limits;
use gateway_api_proxy::server::ServerLimits;

use crate::support::{Lab, get, manifests, served_by};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_with_a_bad_regex_is_dropped_and_the_others_route() {
    let rules = r#"  - matches: [{path: {type: RegularExpression, value: "/b/(unclosed"}}]
    backendRefs: [{name: b, port: 8080}]
  - matches: [{path: {type: PathPrefix, value: /b}}]
    backendRefs: [{name: b, port: 8080}]"#;
    let lab = Lab::start(
        &manifests("a", rules),
        Limits::default(),
        ServerLimits::default(),
    )
    .await;
    let answer = get(lab.addr, "web.example.com", "/b/x").await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(served_by(&answer).as_deref(), Some("b"));
    let answer = get(lab.addr, "web.example.com", "/x").await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(served_by(&answer).as_deref(), Some("a"));
    lab.stop().await;
}

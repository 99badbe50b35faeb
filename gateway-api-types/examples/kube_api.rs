//! Using the typed objects with kube's client: list HTTPRoutes and print which Gateways accepted
//! them.
//!
//! Run against `kubectl proxy` (which listens on 127.0.0.1:8001 and adds credentials):
//!
//! ```text
//! kubectl proxy &
//! cargo run -p gateway-api-types --example kube_api -- default
//! ```

use gateway_api_types::v1;
use kube::api::ListParams;
use kube::{Api, Client, Config};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let namespace = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "default".to_owned());
    let config = Config::new("http://127.0.0.1:8001".parse()?);
    let client = Client::try_from(config)?;

    // `v1::HttpRoute` implements kube's `Resource`, so the typed API works as for built-in kinds.
    let routes: Api<v1::HttpRoute> = Api::namespaced(client, &namespace);
    for route in routes.list(&ListParams::default()).await? {
        let name = route.metadata.name.clone().unwrap_or_default();
        let parents = route
            .status
            .as_ref()
            .map(|s| s.parents.as_slice())
            .unwrap_or_default();
        for parent in parents {
            let accepted = parent
                .conditions
                .iter()
                .find(|c| c.r#type == "Accepted")
                .map_or("Unknown", |c| c.status.as_str());
            println!(
                "{namespace}/{name} -> {}: Accepted={accepted}",
                parent.parent_ref.name
            );
        }
    }
    Ok(())
}

//! The simulated controller: flags shared by `status`, `route` and `test`.

use gateway_api_resolve::{Feature, Features, Options};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::jiff::Timestamp;

/// How the simulated controller behaves.
#[derive(clap::Args, Clone, Debug, Default)]
pub(crate) struct ControllerArgs {
    /// The time recorded as lastTransitionTime (RFC 3339); default the Unix epoch.
    #[arg(long, value_name = "RFC3339", value_parser = parse_time)]
    pub(crate) now: Option<Timestamp>,
    /// A conformance feature the simulated controller supports beyond its defaults (every
    /// feature the resolver implements); repeatable. Names as upstream spells them
    /// (`HTTPRouteCORS`, `TLSRouteModeMixed`, `GatewayPort8080`, …).
    #[arg(long = "supported-feature", value_name = "FEATURE", value_parser = parse_feature)]
    pub(crate) supported_features: Vec<Feature>,
    /// A conformance feature the simulated controller does not support; repeatable (it wins
    /// over --supported-feature).
    #[arg(long = "unsupported-feature", value_name = "FEATURE", value_parser = parse_feature)]
    pub(crate) unsupported_features: Vec<Feature>,
}

impl ControllerArgs {
    /// The feature set these flags describe: the defaults, plus `--supported-feature`, minus
    /// `--unsupported-feature` (which wins when both name a feature).
    pub(crate) fn features(&self) -> Features {
        let mut features = Features::default();
        for f in &self.supported_features {
            features.insert(*f);
        }
        for f in &self.unsupported_features {
            features.remove(*f);
        }
        features
    }

    /// The resolver's options for `controller_name` under these flags.
    pub(crate) fn options(&self, controller_name: String) -> Options {
        let mut options = Options::new(controller_name).with_features(self.features());
        if let Some(now) = self.now {
            options.now = Time(now);
        }
        options
    }
}

fn parse_time(s: &str) -> Result<Timestamp, String> {
    s.parse()
        .map_err(|e| format!("not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z): {e}"))
}

/// A feature name; the error lists every valid one.
fn parse_feature(s: &str) -> Result<Feature, String> {
    s.parse()
        .map_err(|e: gateway_api_resolve::UnknownFeature| e.to_string())
}

//! The simulated controller: flags shared by `status` and `test` (and `route`'s defaults).

use gateway_api_resolve::Options;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;
use k8s_openapi::jiff::Timestamp;

/// How the simulated controller behaves.
#[derive(clap::Args, Clone, Debug, Default)]
pub(crate) struct ControllerArgs {
    /// The time recorded as lastTransitionTime (RFC 3339); default the Unix epoch.
    #[arg(long, value_name = "RFC3339", value_parser = parse_time)]
    pub(crate) now: Option<Timestamp>,
    /// A feature the simulated controller does not support (repeatable).
    #[arg(long = "unsupported-feature", value_name = "FEATURE", value_enum)]
    pub(crate) unsupported_features: Vec<Feature>,
}

/// Controller features, by the names the v1.6.1 conformance suite gives them. Only those that
/// change a status are listed; clap rejects any other name and prints this list.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Feature {
    /// TLSRoutes in Terminate mode.
    #[value(name = "TLSRouteModeTerminate")]
    TlsRouteModeTerminate,
}

impl ControllerArgs {
    /// The resolver's options for `controller_name` under these flags.
    pub(crate) fn options(&self, controller_name: String) -> Options {
        let mut options = Options::new(controller_name);
        if let Some(now) = self.now {
            options.now = Time(now);
        }
        for feature in &self.unsupported_features {
            match feature {
                Feature::TlsRouteModeTerminate => options.tls_route_terminate = false,
            }
        }
        options
    }
}

fn parse_time(s: &str) -> Result<Timestamp, String> {
    s.parse()
        .map_err(|e| format!("not an RFC 3339 time (e.g. 2024-01-01T00:00:00Z): {e}"))
}

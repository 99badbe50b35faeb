//! Types of XBackendTrafficPolicy, an experimental policy attached to backends that bounds retries
//! with a retry budget and configures session persistence.

use super::*;
#[cfg(feature = "schema")]
use crate::patterns;
#[cfg(feature = "schema")]
use crate::rules;

/// Desired state of an XBackendTrafficPolicy: the backends it targets and the behaviour applied to them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct XBackendTrafficPolicySpec {
    /// Caps retries to the targeted backends with a retry budget, the share of recent requests allowed
    /// to be retries, to prevent retry storms. Retries beyond the budget "MUST return a 503" to the client.
    /// It complements the retry settings of HTTPRoute rules.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_constraint: Option<RetryConstraint>,

    /// Session persistence (sticky sessions) for the targeted backends.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_persistence: Option<SessionPersistence>,

    /// Backends this policy applies to, such as Services or ServiceImports in the policy's namespace
    /// (1 to 16 entries). A single port of a Service cannot be targeted.
    #[cfg_attr(feature = "schema", schemars(
        length(min = 1, max = 16),
        extend("x-kubernetes-list-map-keys" = [r#"group"#, r#"kind"#, r#"name"#], "x-kubernetes-list-type" = r#"map"#)
    ))]
    pub target_refs: Vec<LocalObjectReference>,
}

/// Retry budget settings for a backend.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct RetryConstraint {
    /// The retry budget itself. Defaults to 20 percent of active requests over 10s.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub budget: Option<BudgetDetails>,

    /// Retry rate always allowed, so retries stay possible under low traffic when the budget is tiny.
    /// Each client applies it locally, so the overall rate may be higher. Defaults to 10 per 1s.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_retry_rate: Option<RequestRate>,
}

/// Size of a retry budget: a percentage of active requests over a time window.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"interval": r#"10s"#, "percent": 20})))]
pub struct BudgetDetails {
    /// Time window in which active requests count toward the budget, from 1s to 1h. Defaults to `10s`.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        regex(pattern = patterns::DURATION),
        extend("default" = r#"10s"#, "x-kubernetes-validations" = [rules::RETRY_BUDGET_INTERVAL])
    ))]
    pub interval: Option<String>,

    /// Highest percentage (0-100) of active requests that may be retries. Defaults to 20.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        with = "Option<UnformattedInt>",
        range(min = 0, max = 100),
        extend("default" = 20)
    ))]
    pub percent: Option<i64>,
}

/// A rate given as a number of requests per time interval.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "schema", schemars(extend("default" = {"count": 10, "interval": r#"1s"#})))]
pub struct RequestRate {
    /// Number of requests per interval, from 1 to 1000000.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<UnformattedInt>", range(min = 1, max = 1000000))
    )]
    pub count: Option<i64>,

    /// Length of the interval the count applies to; must be non-zero and at most 1h.
    ///
    /// Support: Extended.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(
        regex(pattern = patterns::DURATION),
        extend("x-kubernetes-validations" = [rules::MIN_RETRY_RATE_INTERVAL])
    ))]
    pub interval: Option<String>,
}

//! The hook for `ExtensionRef` filters: an embedding program registers a handler per
//! (group, kind); a rule with an ExtensionRef that no handler takes answers 500, as the spec
//! asks of filters an implementation does not support ("If a reference to a custom filter type
//! cannot be resolved, the filter MUST NOT be skipped. Instead, requests that would have been
//! processed by that filter MUST receive a HTTP error response").

use std::sync::Arc;

use crate::body::Body;
use crate::imports::ExtensionRef;

/// What a handler decides for a request.
pub enum Verdict {
    /// Go on (the handler may have changed the request head).
    Continue,
    /// Answer with this response; the request is not forwarded.
    Respond(http::Response<Body>),
}

/// An implementation-specific filter, called on the request head before it is forwarded.
pub trait ExtensionFilter: Send + Sync {
    /// Handles the filter `reference` (its name picks the configuration) for a request with
    /// this method and URI; it may change the headers sent to the backend.
    fn apply(
        &self,
        reference: &ExtensionRef,
        method: &http::Method,
        uri: &http::Uri,
        headers: &mut http::HeaderMap,
    ) -> Verdict;
}

/// The registered handlers, by API group and kind.
#[derive(Clone, Default)]
pub struct Extensions {
    handlers: Vec<(String, String, Arc<dyn ExtensionFilter>)>,
}

impl Extensions {
    /// Registers `handler` for ExtensionRefs of `group` and `kind`.
    #[must_use]
    pub fn with(
        mut self,
        group: impl Into<String>,
        kind: impl Into<String>,
        handler: Arc<dyn ExtensionFilter>,
    ) -> Self {
        self.handlers.push((group.into(), kind.into(), handler));
        self
    }

    /// The handler for a reference, if one is registered.
    pub fn get(&self, reference: &ExtensionRef) -> Option<&dyn ExtensionFilter> {
        self.handlers
            .iter()
            .find(|(g, k, _)| *g == reference.group && *k == reference.kind)
            .map(|(_, _, h)| &**h)
    }
}

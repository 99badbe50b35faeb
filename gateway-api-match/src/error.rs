//! The one error of [`Router::build`](crate::Router::build).

use std::fmt;

use crate::input::RouteId;

/// What was wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildErrorKind {
    /// A regular expression did not compile in the dialect of [`crate::pattern`] (or exceeded
    /// its size limit); the message is [`crate::pattern::PatternError`]'s one line.
    InvalidRegex {
        /// The pattern as configured.
        pattern: String,
        /// Why it was refused.
        message: String,
    },
    /// A hostname is longer than the 253 characters a DNS name can have.
    HostnameTooLong(String),
    /// More listeners, routes, rules or matches than the router's `u32` indexes hold.
    TooLarge,
}

/// Why a route table could not be built, and where: listener, route, rule index and match
/// index, as far as they apply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError(Box<Inner>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Inner {
    pub(crate) listener: String,
    pub(crate) route: Option<RouteId>,
    pub(crate) rule: Option<usize>,
    pub(crate) match_index: Option<usize>,
    pub(crate) kind: BuildErrorKind,
}

impl BuildError {
    pub(crate) fn new(inner: Inner) -> Self {
        Self(Box::new(inner))
    }

    /// The listener's name.
    pub fn listener(&self) -> &str {
        &self.0.listener
    }
    /// The route, when the error is inside one.
    pub fn route(&self) -> Option<&RouteId> {
        self.0.route.as_ref()
    }
    /// The rule index, when the error is inside a rule.
    pub fn rule(&self) -> Option<usize> {
        self.0.rule
    }
    /// The match index, when the error is inside a match.
    pub fn match_index(&self) -> Option<usize> {
        self.0.match_index
    }
    /// What was wrong.
    pub fn kind(&self) -> &BuildErrorKind {
        &self.0.kind
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "listener {:?}", self.0.listener)?;
        if let Some(route) = &self.0.route {
            write!(f, ", route {route}")?;
        }
        if let Some(rule) = self.0.rule {
            write!(f, ", rule {rule}")?;
        }
        if let Some(m) = self.0.match_index {
            write!(f, ", match {m}")?;
        }
        match &self.0.kind {
            BuildErrorKind::InvalidRegex { pattern, message } => {
                let pattern = crate::pattern::excerpt(pattern);
                write!(f, ": invalid regular expression {pattern:?}: {message}")
            }
            BuildErrorKind::HostnameTooLong(h) => {
                write!(f, ": hostname longer than 253 characters: {h:?}")
            }
            BuildErrorKind::TooLarge => f.write_str(": route table too large"),
        }
    }
}

impl std::error::Error for BuildError {}

//! Precedence as `Ord` on small summary types. For every type here, `Greater` means "takes
//! precedence": sorting candidates in descending order gives the order in which they are tried.

use std::cmp::Ordering;

use crate::input::RouteId;

/// How a request host matched a route hostname (the summary of a successful host match).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HostMatch {
    /// The route has no hostnames (it matches every host).
    Any,
    /// A wildcard hostname matched; the value is its length in characters, `*.` included.
    Wildcard(usize),
    /// A non-wildcard hostname matched; the value is its length in characters.
    Exact(usize),
}

impl HostMatch {
    /// (characters in a matching non-wildcard hostname, characters in a matching hostname).
    fn counts(self) -> (usize, usize) {
        match self {
            Self::Any => (0, 0),
            Self::Wildcard(n) => (0, n),
            Self::Exact(n) => (n, n),
        }
    }
}

impl Ord for HostMatch {
    fn cmp(&self, other: &Self) -> Ordering {
        // "precedence must be given to rules from the HTTPRoute with the largest number of:
        //  * Characters in a matching non-wildcard hostname.
        //  * Characters in a matching hostname."
        // (GRPCRoute has the same two criteria first.)
        self.counts().cmp(&other.counts())
    }
}

impl PartialOrd for HostMatch {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How a request path matched (the summary of a successful path match).
///
/// `RegularExpression` sits between `Exact` and `PathPrefix` ("The precedence of
/// RegularExpression path matches are implementation-specific"): a regex is written to pick out
/// particular paths, and placing it after prefixes would make it unreachable behind the `/`
/// prefix that every rule without matches carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PathMatch {
    /// A `PathPrefix` matched; the value is the configured prefix's length in characters.
    Prefix(usize),
    /// A `RegularExpression` matched; the value is the pattern's length (longer first).
    RegularExpression(usize),
    /// An `Exact` path matched; the value is its length.
    Exact(usize),
}

impl PathMatch {
    fn kind_rank(self) -> u8 {
        match self {
            Self::Prefix(_) => 0,
            Self::RegularExpression(_) => 1,
            Self::Exact(_) => 2,
        }
    }

    fn len(self) -> usize {
        match self {
            Self::Prefix(n) | Self::RegularExpression(n) | Self::Exact(n) => n,
        }
    }
}

impl Ord for PathMatch {
    fn cmp(&self, other: &Self) -> Ordering {
        // "precedence must be given to the match having:
        //  * "Exact" path match.
        //  * "Prefix" path match with largest number of characters."
        self.kind_rank()
            .cmp(&other.kind_rank())
            .then_with(|| self.len().cmp(&other.len()))
    }
}

impl PartialOrd for PathMatch {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The precedence-relevant summary of one successful `HTTPRouteMatch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HttpRank {
    /// How the path matched.
    pub path: PathMatch,
    /// Whether the match names a method.
    pub method: bool,
    /// Number of header matchers (a repeated header name counts once).
    pub headers: usize,
    /// Number of query parameter matchers (a repeated name counts once).
    pub query_params: usize,
}

impl Ord for HttpRank {
    fn cmp(&self, other: &Self) -> Ordering {
        // "Exact" path match; "Prefix" path match with largest number of characters.
        self.path
            .cmp(&other.path)
            // "Method match."
            .then_with(|| self.method.cmp(&other.method))
            // "Largest number of header matches."
            .then_with(|| self.headers.cmp(&other.headers))
            // "Largest number of query param matches."
            .then_with(|| self.query_params.cmp(&other.query_params))
    }
}

impl PartialOrd for HttpRank {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// How a gRPC service or method name matched.
///
/// `RegularExpression` ranks below every `Exact` (its precedence is implementation-specific; an
/// exact name is the narrower statement), and among regexes the longer pattern first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NameMatch {
    /// No service (or method) was given: 0 characters.
    Any,
    /// A regular expression matched; the value is the pattern's length.
    RegularExpression(usize),
    /// An exact name matched; the value is its length.
    Exact(usize),
}

impl NameMatch {
    fn key(self) -> (u8, usize) {
        match self {
            Self::Any => (0, 0),
            Self::RegularExpression(n) => (1, n),
            Self::Exact(n) => (2, n),
        }
    }
}

impl Ord for NameMatch {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for NameMatch {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The precedence-relevant summary of one successful `GRPCRouteMatch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GrpcRank {
    /// How the service matched.
    pub service: NameMatch,
    /// How the method matched.
    pub method: NameMatch,
    /// Number of header matchers (a repeated header name counts once).
    pub headers: usize,
}

impl Ord for GrpcRank {
    fn cmp(&self, other: &Self) -> Ordering {
        // "Precedence MUST be given to the rule with the largest number of: ...
        //  * Characters in a matching service."
        self.service
            .cmp(&other.service)
            // "* Characters in a matching method."
            .then_with(|| self.method.cmp(&other.method))
            // "* Header matches."
            .then_with(|| self.headers.cmp(&other.headers))
    }
}

impl PartialOrd for GrpcRank {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The tie-breakers across routes: age, then name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RouteOrder<'a> {
    /// The creation ordering value (`None`: as old as any other route without one, and older than
    /// every route with one).
    pub created: Option<i64>,
    /// The route's `{namespace}/{name}`.
    pub id: &'a RouteId,
}

impl Ord for RouteOrder<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        // "If ties still exist across multiple Routes, matching precedence MUST be determined in
        //  order of the following criteria, continuing on ties:
        //  * The oldest Route based on creation timestamp."
        // Older (smaller) takes precedence, so the comparison is reversed.
        other
            .created
            .cmp(&self.created)
            // "* The Route appearing first in alphabetical order by "{namespace}/{name}"."
            // Compared as that one string: "a-b/x" sorts before "a/x" because '-' < '/'.
            .then_with(|| qualified_name(other.id).cmp(qualified_name(self.id)))
    }
}

impl PartialOrd for RouteOrder<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The bytes of `{namespace}/{name}` without building the string.
fn qualified_name(id: &RouteId) -> impl Iterator<Item = u8> + '_ {
    id.namespace
        .bytes()
        .chain(std::iter::once(b'/'))
        .chain(id.name.bytes())
}

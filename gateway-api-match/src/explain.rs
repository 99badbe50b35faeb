//! Why a request went where it went. Allocates; meant for tools, not for the data path.

use std::cmp::Ordering;
use std::fmt;

use crate::host::{HostKey, HostPattern, pattern_match};
use crate::input::{Listener, Route};
use crate::precedence::{HostMatch, RouteOrder};
use crate::request::RequestView;
use crate::router::{
    CompiledPath, Entry, EntryKind, Outcome, Router, entry_path, grpc_names, prefix_matches,
    prefix_norm, query_value, split_path,
};

/// The first precedence criterion on which a matching candidate lost to the chosen one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Criterion {
    /// Characters in a matching non-wildcard hostname.
    NonWildcardHostname,
    /// Characters in a matching hostname.
    Hostname,
    /// Path match type (Exact, then RegularExpression, then PathPrefix).
    PathType,
    /// Characters in the matching path (prefix length).
    PathLength,
    /// Method match.
    Method,
    /// Number of header matches.
    Headers,
    /// Number of query param matches.
    QueryParams,
    /// Characters in a matching gRPC service.
    Service,
    /// Characters in a matching gRPC method.
    GrpcMethod,
    /// The older route wins.
    CreationTime,
    /// `{namespace}/{name}` alphabetical order.
    Name,
    /// The earlier rule of the same route wins.
    RuleOrder,
    /// The earlier match of the same rule wins.
    MatchOrder,
}

/// Why a candidate did not match the request at all.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Mismatch {
    /// An HTTPRoute for a gRPC call, or a GRPCRoute for a plain HTTP request.
    Kind,
    /// None of the route's hostnames matches the Host.
    Hostname,
    /// The path does not match.
    Path,
    /// The method differs.
    Method,
    /// This header is missing or its value does not match.
    Header(String),
    /// This query parameter is missing or its value does not match.
    QueryParam(String),
    /// The gRPC service does not match.
    Service,
    /// The gRPC method does not match.
    GrpcMethod,
}

/// The verdict on one candidate match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// This match won.
    Chosen,
    /// This match matched but lost on the criterion.
    Lost(Criterion),
    /// This match did not match.
    NotMatched(Mismatch),
}

/// One match of one rule of a route on the chosen listener.
#[derive(Clone, Debug)]
pub struct Candidate<'r> {
    /// The route.
    pub route: &'r Route,
    /// The rule index.
    pub rule_index: usize,
    /// The match index (`None` for a rule without matches).
    pub match_index: Option<usize>,
    /// What happened to it.
    pub verdict: Verdict,
}

/// A decision with the reasons for it.
#[derive(Clone, Debug)]
pub struct Explanation<'r> {
    /// The outcome, as [`Router::route`] returns it.
    pub outcome: Outcome<'r>,
    /// The listener that took the request (`None` when none did, or on 421).
    pub listener: Option<&'r Listener>,
    /// Every match of every route on that listener, in precedence order of those that matched
    /// first, then those that did not.
    pub candidates: Vec<Candidate<'r>>,
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NonWildcardHostname => "fewer characters in a matching non-wildcard hostname",
            Self::Hostname => "fewer characters in a matching hostname",
            Self::PathType => "path match type (Exact > RegularExpression > PathPrefix)",
            Self::PathLength => "shorter path match",
            Self::Method => "no method match",
            Self::Headers => "fewer header matches",
            Self::QueryParams => "fewer query param matches",
            Self::Service => "fewer characters in a matching service",
            Self::GrpcMethod => "fewer characters in a matching method",
            Self::CreationTime => "newer route",
            Self::Name => "later {namespace}/{name}",
            Self::RuleOrder => "later rule",
            Self::MatchOrder => "later match",
        })
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Kind => f.write_str("route kind does not serve this request"),
            Self::Hostname => f.write_str("hostname does not match"),
            Self::Path => f.write_str("path does not match"),
            Self::Method => f.write_str("method does not match"),
            Self::Header(h) => write!(f, "header {h:?} does not match"),
            Self::QueryParam(q) => write!(f, "query param {q:?} does not match"),
            Self::Service => f.write_str("service does not match"),
            Self::GrpcMethod => f.write_str("method does not match"),
        }
    }
}

/// The host summary of a route for a host: its best matching hostname.
fn route_host_match(route: &Route, host: Option<&HostKey<'_>>) -> Option<HostMatch> {
    if route.hostnames.is_empty() {
        return Some(HostMatch::Any);
    }
    route
        .hostnames
        .iter()
        .filter_map(|h| HostPattern::parse(Some(h)))
        .filter_map(|p| pattern_match(&p, host))
        .max()
}

fn check<R: RequestView + ?Sized>(
    route: &Route,
    e: &Entry,
    req: &R,
    grpc: bool,
) -> Result<(), Mismatch> {
    let (path, query) = split_path(req.path_and_query());
    match (&e.kind, grpc) {
        (EntryKind::Http { path: p, .. }, false) => {
            let configured = entry_path(route, e).unwrap_or_default();
            let ok = match p {
                CompiledPath::Exact => configured == path,
                CompiledPath::Prefix => prefix_matches(prefix_norm(configured), path),
                CompiledPath::Regex(r) => r.is_match(path),
            };
            if !ok {
                return Err(Mismatch::Path);
            }
        }
        (
            EntryKind::Grpc {
                service, method, ..
            },
            true,
        ) => {
            let (s, m) = grpc_names(path);
            if !service.matches(s) {
                return Err(Mismatch::Service);
            }
            if !method.matches(m) {
                return Err(Mismatch::GrpcMethod);
            }
        }
        _ => return Err(Mismatch::Kind),
    }
    if let Some(m) = &e.method
        && **m != *req.method()
    {
        return Err(Mismatch::Method);
    }
    for h in &*e.headers {
        if !req.header(&h.name).is_some_and(|v| h.value.matches(v)) {
            return Err(Mismatch::Header(h.name.to_string()));
        }
    }
    for q in &*e.query {
        if !query_value(query, &q.name).is_some_and(|v| q.value.matches(v)) {
            return Err(Mismatch::QueryParam(q.name.to_string()));
        }
    }
    Ok(())
}

/// The first criterion on which `loser` ranks below `winner` (both matched).
fn lost_on(
    router: &Router,
    winner: (&Entry, HostMatch),
    loser: (&Entry, HostMatch),
) -> Option<Criterion> {
    let ((we, wh), (le, lh)) = (winner, loser);
    let counts = |h: HostMatch| match h {
        HostMatch::Any => (0, 0),
        HostMatch::Wildcard(n) => (0, n),
        HostMatch::Exact(n) => (n, n),
    };
    let (wc, lc) = (counts(wh), counts(lh));
    if wc.0 != lc.0 {
        return Some(Criterion::NonWildcardHostname);
    }
    if wc.1 != lc.1 {
        return Some(Criterion::Hostname);
    }
    match (&we.kind, &le.kind) {
        (EntryKind::Http { rank: w, .. }, EntryKind::Http { rank: l, .. }) => {
            if w.path != l.path {
                let same_kind = std::mem::discriminant(&w.path) == std::mem::discriminant(&l.path);
                return Some(if same_kind {
                    Criterion::PathLength
                } else {
                    Criterion::PathType
                });
            }
            if w.method != l.method {
                return Some(Criterion::Method);
            }
            if w.headers != l.headers {
                return Some(Criterion::Headers);
            }
            if w.query_params != l.query_params {
                return Some(Criterion::QueryParams);
            }
        }
        (EntryKind::Grpc { rank: w, .. }, EntryKind::Grpc { rank: l, .. }) => {
            if w.service != l.service {
                return Some(Criterion::Service);
            }
            if w.method != l.method {
                return Some(Criterion::GrpcMethod);
            }
            if w.headers != l.headers {
                return Some(Criterion::Headers);
            }
        }
        _ => {}
    }
    if let (Some(wr), Some(lr)) = (router.route_of(we), router.route_of(le)) {
        if wr.created != lr.created {
            return Some(Criterion::CreationTime);
        }
        let (wo, lo) = (
            RouteOrder {
                created: wr.created,
                id: &wr.id,
            },
            RouteOrder {
                created: lr.created,
                id: &lr.id,
            },
        );
        if wo.cmp(&lo) != Ordering::Equal {
            return Some(Criterion::Name);
        }
    }
    if we.route == le.route && we.rule != le.rule {
        return Some(Criterion::RuleOrder);
    }
    if we.route == le.route && we.rule == le.rule && we.match_index != le.match_index {
        return Some(Criterion::MatchOrder);
    }
    // The same route given twice under one name: input order.
    Some(Criterion::Name)
}

impl Router {
    /// Routes `req` and explains the decision: every match of every route on the chosen
    /// listener, with the first criterion it lost on or why it did not match. Allocates.
    pub fn explain<R: RequestView + ?Sized>(&self, req: &R) -> Explanation<'_> {
        let outcome = self.route(req);
        let host = HostKey::new(req.host(), self.seed);
        let Ok(li) = self.select_listener(req, host.as_ref()) else {
            return Explanation {
                outcome,
                listener: None,
                candidates: Vec::new(),
            };
        };
        let grpc = req.is_grpc();
        let winner = outcome
            .matched()
            .map(|m| (m.entry as *const Entry, m.entry, m.host_match()));
        let mut matched = Vec::new();
        let mut unmatched = Vec::new();
        // A route's entries are consecutive: its host match is computed once, not per rule.
        let mut route_host: Option<(u32, Option<HostMatch>)> = None;
        for (id, e) in self.entries.iter().enumerate() {
            if e.listener as usize != li {
                continue;
            }
            let Some(route) = self.route_of(e) else {
                continue;
            };
            let host_match = match route_host {
                Some((r, hm)) if r == e.route => hm,
                _ => {
                    let hm = route_host_match(route, host.as_ref());
                    route_host = Some((e.route, hm));
                    hm
                }
            };
            let verdict = match host_match {
                None => Err(Mismatch::Hostname),
                Some(hm) => check(route, e, req, grpc).map(|()| hm),
            };
            let candidate = |verdict| Candidate {
                route,
                rule_index: route.rule_index(e.rule as usize),
                match_index: e.match_index.map(|i| i as usize),
                verdict,
            };
            match verdict {
                Err(m) => unmatched.push(candidate(Verdict::NotMatched(m))),
                Ok(hm) => {
                    let v = match winner {
                        Some((ptr, _, _)) if std::ptr::eq(ptr, e) => Verdict::Chosen,
                        Some((_, we, wh)) => Verdict::Lost(
                            lost_on(self, (we, wh), (e, hm)).unwrap_or(Criterion::Name),
                        ),
                        None => Verdict::Lost(Criterion::Name),
                    };
                    matched.push((hm, id as u32, candidate(v)));
                }
            }
        }
        matched.sort_by(|(ha, a, _), (hb, b, _)| {
            hb.cmp(ha).then_with(|| self.compare_entries(*a, *b))
        });
        let mut candidates: Vec<Candidate<'_>> = matched.into_iter().map(|(_, _, c)| c).collect();
        candidates.extend(unmatched);
        Explanation {
            outcome,
            listener: self.listeners.get(li),
            candidates,
        }
    }
}

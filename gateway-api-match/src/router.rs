//! Building the indexes and matching requests against them.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;

use crate::error::{BuildError, BuildErrorKind, Inner};
use crate::host::{HostIndex, HostKey, HostName, HostPattern, PatternSpan};
use crate::input::{
    Backend, DEFAULT_PREFIX, Filter, GrpcMatch, HttpMatch, Listener, MatchHeader, MatchPath,
    MatchValue, Route, RouteId, RouteKind, RouteRules, SharedStr,
};
use crate::pattern;
use crate::precedence::{GrpcRank, HostMatch, HttpRank, NameMatch, PathMatch, RouteOrder};
use crate::request::{RequestView, Scheme};
use crate::table::{ArenaTable, StrTable, TableArena, find_byte, random_seed};

/// A compiled route table. Build it once with [`Router::build`]; [`Router::route`] then matches a
/// request without allocating.
#[derive(Debug)]
pub struct Router {
    pub(crate) listeners: Vec<Listener>,
    compiled: Vec<CompiledListener>,
    /// Sorted by port.
    ports: Vec<PortGroup>,
    pub(crate) entries: Vec<Entry>,
    /// The seed of every table of this router, so a request host is hashed once.
    pub(crate) seed: u64,
    /// How many rules the listeners hold (see [`Matched::rule_slot`]).
    rule_slots: u32,
}

#[derive(Debug)]
struct PortGroup {
    port: u16,
    /// Listeners that do not terminate TLS, by hostname.
    plain: HostIndex<u32>,
    /// Listeners that terminate TLS, by hostname.
    tls: HostIndex<u32>,
}

/// A listener's routes by hostname. Hostnames whose routes are the same set share one bucket,
/// so a route with many hostnames and many rules costs hostnames + rules, not their product.
#[derive(Debug)]
struct CompiledListener {
    /// Index into `http_buckets`.
    http: HostIndex<u32>,
    /// Index into `grpc_buckets`.
    grpc: HostIndex<u32>,
    /// The keys and entries of every bucket's tables.
    tables: TableArena<Span>,
    /// Every candidate list of every bucket, concatenated: one allocation for the listener
    /// instead of one per list.
    ids: Vec<u32>,
    http_buckets: Vec<HttpBucket>,
    grpc_buckets: Vec<GrpcBucket>,
}

/// A pattern's index (in [`HostRoutes`]), a route's index and the range of its entries.
type Member = (u32, u32, Range<usize>);

/// Which routes (and their entries) each hostname pattern of one listener collects, before the
/// buckets are built: build-time only. While collecting, the listener's host indexes map each
/// pattern to its index here; `compile` then points them at the buckets.
struct HostRoutes {
    /// Per pattern, whether it is a gRPC one.
    grpc_of: Vec<bool>,
    /// Every (pattern, route) pair, routes in input order.
    members: Vec<Member>,
}

impl HostRoutes {
    fn add(
        &mut self,
        compiled: &mut CompiledListener,
        pattern: HostName<'_>,
        grpc: bool,
        route: u32,
        entries: Range<usize>,
    ) {
        // There are fewer patterns than hostnames, and hostnames take memory: u32 holds them.
        let next = u32::try_from(self.grpc_of.len()).unwrap_or(u32::MAX);
        let index = if grpc {
            &mut compiled.grpc
        } else {
            &mut compiled.http
        };
        let Some(&mut p) = index.slot(pattern, || next) else {
            return;
        };
        if p == next {
            self.grpc_of.push(grpc);
        }
        self.members.push((p, route, entries));
    }

    /// One bucket per distinct set of routes, each hostname pointing at its set's bucket.
    fn compile(
        mut self,
        compiled: &mut CompiledListener,
        entries: &[Entry],
        routes: &[Route],
        keys: &PathKeys,
        seed: u64,
    ) {
        // Group by pattern; the sort is stable, so each pattern's routes stay in input order. A
        // route listing two hostnames that normalise alike was added twice in a row: once counts.
        self.members.sort_by_key(|m| m.0);
        self.members.dedup_by_key(|m| (m.0, m.1));
        let route_ids: Vec<u32> = self.members.iter().map(|m| m.1).collect();
        let mut bucket_of = vec![u32::MAX; self.grpc_of.len()];
        // At most a bucket per pattern: reserved, as buckets are large to copy when growing.
        let grpc_patterns = self.grpc_of.iter().filter(|g| **g).count();
        compiled.grpc_buckets.reserve(grpc_patterns);
        compiled
            .http_buckets
            .reserve(self.grpc_of.len() - grpc_patterns);
        // Sets of one route (the common case) are found by the route's index; larger ones by
        // the list.
        let mut single: Vec<[u32; 2]> = vec![[u32::MAX; 2]; routes.len()];
        let mut shared: HashMap<(bool, &[u32]), u32> = HashMap::new();
        let mut scratch = Scratch {
            pairs: Vec::new(),
            tables: [StrTable::new(seed), StrTable::new(seed)],
        };
        let mut start = 0;
        while let Some(&(p, _, _)) = self.members.get(start) {
            let len = self
                .members
                .get(start..)
                .unwrap_or(&[])
                .iter()
                .take_while(|m| m.0 == p)
                .count();
            let group = start..start + len;
            start += len;
            let grpc = self.grpc_of.get(p as usize).copied().unwrap_or(false);
            let key = route_ids.get(group.clone()).unwrap_or(&[]);
            let known = match key {
                [r] => single
                    .get(*r as usize)
                    .map(|s| s[usize::from(grpc)])
                    .filter(|b| *b != u32::MAX),
                _ => shared.get(&(grpc, key)).copied(),
            };
            let id = match known {
                Some(id) => id,
                None => {
                    let members = self.members.get(group).unwrap_or(&[]);
                    // Every entry of every route of the set, in input order.
                    let each = members
                        .iter()
                        .flat_map(|(_, _, range)| range.clone())
                        .filter_map(|id| Some((u32::try_from(id).ok()?, entries.get(id)?)));
                    let lists = Lists {
                        ids: &mut compiled.ids,
                        arena: &mut compiled.tables,
                        scratch: &mut scratch,
                        entries,
                        routes,
                        keys,
                    };
                    let id = if grpc {
                        let b = GrpcBucket::build(each, lists);
                        compiled.grpc_buckets.push(b);
                        compiled.grpc_buckets.len() - 1
                    } else {
                        let b = HttpBucket::build(each, lists);
                        compiled.http_buckets.push(b);
                        compiled.http_buckets.len() - 1
                    };
                    // Entry ids fit u32 (checked per route), and there are fewer buckets.
                    let id = u32::try_from(id).unwrap_or(u32::MAX);
                    match key {
                        [r] => {
                            if let Some(s) = single.get_mut(*r as usize) {
                                s[usize::from(grpc)] = id;
                            }
                        }
                        _ => {
                            shared.insert((grpc, key), id);
                        }
                    }
                    id
                }
            };
            if let Some(b) = bucket_of.get_mut(p as usize) {
                *b = id;
            }
        }
        for v in compiled.http.values_mut().chain(compiled.grpc.values_mut()) {
            *v = bucket_of.get(*v as usize).copied().unwrap_or(u32::MAX);
        }
    }
}

/// The key each entry of one listener is indexed under (an exact path, a prefix without its
/// trailing `/`, or nothing), copied while the entry's route is compiled: build-time only.
/// Reading the paths from the input again when the buckets are built, after every route of
/// the listener, missed the cache on each of them.
struct PathKeys {
    /// The listener's first entry.
    first: usize,
    bytes: Vec<u8>,
    /// Per entry of the listener, its key's range in `bytes`.
    spans: Vec<(usize, usize)>,
}

impl PathKeys {
    fn push(&mut self, key: &str) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(key.as_bytes());
        self.spans.push((start, self.bytes.len()));
    }

    fn get(&self, id: u32) -> &[u8] {
        (id as usize)
            .checked_sub(self.first)
            .and_then(|i| self.spans.get(i))
            .and_then(|(start, end)| self.bytes.get(*start..*end))
            .unwrap_or(&[])
    }
}

/// A candidate list: a range of [`CompiledListener::ids`], in precedence order.
#[derive(Clone, Copy, Debug, Default)]
struct Span {
    start: usize,
    end: usize,
}

impl Span {
    #[inline(always)]
    fn of(self, ids: &[u32]) -> &[u32] {
        ids.get(self.start..self.end).unwrap_or(&[])
    }
}

/// Buffers reused from bucket to bucket, because a listener has a bucket per hostname and one
/// allocation per list or table would cost more than the rest of the build.
struct Scratch {
    /// (table, key index, entry id) for every entry of the bucket.
    pairs: Vec<(usize, usize, u32)>,
    /// A bucket's tables while they are filled, before they move into the listener's arena.
    tables: [StrTable<Span>; 2],
}

/// Where a bucket's tables and candidate lists go, and what building them needs.
struct Lists<'a> {
    /// The listener's `CompiledListener::ids`.
    ids: &'a mut Vec<u32>,
    /// The listener's `CompiledListener::tables`.
    arena: &'a mut TableArena<Span>,
    scratch: &'a mut Scratch,
    entries: &'a [Entry],
    /// The listener's routes.
    routes: &'a [Route],
    keys: &'a PathKeys,
}

impl Lists<'_> {
    /// Lays out the candidate lists of the first `n` scratch tables in `ids`, one span per key,
    /// each in precedence order, and moves the tables into the arena. Sorting here, while the
    /// lists are in cache, rather than in a pass over every bucket afterwards, is much of what
    /// keeps a build with a hostname per route fast.
    fn lay_out<const N: usize>(self) -> [ArenaTable; N] {
        let Scratch { pairs, tables } = self.scratch;
        pairs.sort_unstable();
        let mut it = pairs.iter().peekable();
        for (t, table) in tables.iter_mut().enumerate().take(N) {
            for (k, span) in table.values_mut().enumerate() {
                let start = self.ids.len();
                while let Some((_, _, id)) = it.next_if(|p| p.0 == t && p.1 == k) {
                    self.ids.push(*id);
                }
                let list = self.ids.get_mut(start..).unwrap_or(&mut []);
                sort_list(list, self.entries, self.routes);
                *span = Span {
                    start,
                    end: self.ids.len(),
                };
            }
        }
        let mut moved = tables.iter_mut();
        std::array::from_fn(|_| match moved.next() {
            Some(t) => t.move_into(self.arena),
            // Not reached: callers ask for at most as many tables as there are.
            None => StrTable::new(0).move_into(self.arena),
        })
    }
}

/// The HTTP matches of all routes that share one hostname on one listener, indexed by path.
#[derive(Debug)]
struct HttpBucket {
    /// In `CompiledListener::tables`.
    exact: ArenaTable,
    /// Keyed by the prefix without its trailing `/` (`/` itself is the empty key).
    prefix: ArenaTable,
    regex: Vec<u32>,
    /// For each entry of `regex`, the index of its pattern among the bucket's distinct ones:
    /// many routes often share one pattern, which then runs once per request.
    regex_group: Vec<u32>,
    /// All distinct patterns of the bucket, so a request that matches none of them skips the
    /// list in one pass. `None` if the set would exceed the size limit.
    regex_set: Option<regex::RegexSet>,
}

/// The gRPC matches of all routes that share one hostname on one listener.
#[derive(Debug)]
struct GrpcBucket {
    /// In `CompiledListener::tables`.
    exact_service: ArenaTable,
    /// Matches with a regex service or no service.
    other: Vec<u32>,
}

/// One compiled match (or the implicit match of a rule without matches).
#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) listener: u32,
    pub(crate) route: u32,
    pub(crate) rule: u32,
    /// The rule's number across the router ([`Matched::rule_slot`]).
    pub(crate) slot: u32,
    pub(crate) match_index: Option<u32>,
    /// Shared with the input's match, as are the names and exact values below (a copy of each
    /// was an allocation per entry to make and to free, in a table of thousands of entries).
    pub(crate) method: Option<SharedStr>,
    pub(crate) headers: Box<[CompiledValueMatch]>,
    pub(crate) query: Box<[CompiledValueMatch]>,
    pub(crate) kind: EntryKind,
}

#[derive(Debug)]
pub(crate) enum EntryKind {
    Http {
        path: CompiledPath,
        rank: HttpRank,
    },
    Grpc {
        service: CompiledName,
        method: CompiledName,
        rank: GrpcRank,
    },
}

/// How an HTTP entry matches the path. The path itself is not copied: exact and prefix paths
/// are keys of the bucket tables, and [`entry_path`] finds the configured one in the input
/// (a copy per entry was a large part of building a big table). The regex is boxed to keep
/// entries small.
#[derive(Debug)]
pub(crate) enum CompiledPath {
    Exact,
    /// See [`prefix_norm`] for how it matches.
    Prefix,
    Regex(Box<Regex>),
}

/// A gRPC service or method matcher (the regex boxed to keep entries small).
#[derive(Debug)]
pub(crate) enum CompiledName {
    Any,
    Exact(SharedStr),
    Regex(Box<Regex>),
}

/// A header (name lower-cased) or query parameter matcher.
#[derive(Debug)]
pub(crate) struct CompiledValueMatch {
    pub(crate) name: SharedStr,
    pub(crate) value: CompiledValue,
}

#[derive(Debug)]
pub(crate) enum CompiledValue {
    Exact(SharedStr),
    Regex(Regex),
}

impl CompiledValue {
    #[inline]
    pub(crate) fn matches(&self, v: &str) -> bool {
        match self {
            Self::Exact(e) => **e == *v,
            Self::Regex(r) => r.is_match(v),
        }
    }
}

impl CompiledName {
    #[inline]
    pub(crate) fn matches(&self, v: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Exact(e) => **e == *v,
            Self::Regex(r) => r.is_match(v),
        }
    }
}

/// The configured path of an HTTP entry of `route`: its match's path as written, or the default
/// match's `/` for a rule without matches. `None` for a gRPC route or an entry not of `route`.
pub(crate) fn entry_path<'r>(route: &'r Route, e: &Entry) -> Option<&'r str> {
    let RouteRules::Http(rules) = &route.rules else {
        return None;
    };
    let rule = rules.get(e.rule as usize)?;
    let Some(i) = e.match_index else {
        return Some(DEFAULT_PREFIX);
    };
    match &rule.matches.get(i as usize)?.path {
        MatchPath::Exact(p) | MatchPath::Prefix(p) | MatchPath::RegularExpression(p) => Some(p),
    }
}

/// Normalises a prefix: "a trailing `/` is ignored", and `/` itself matches every path.
pub(crate) fn prefix_norm(raw: &str) -> &str {
    raw.strip_suffix('/').unwrap_or(raw)
}

/// Whether `path` matches the normalised prefix element-wise: "`/abc`, `/abc/`, and `/abc/def`
/// would all match the prefix `/abc`, but the path `/abcd` would not."
pub(crate) fn prefix_matches(norm: &str, path: &str) -> bool {
    path.starts_with(norm) && path.as_bytes().get(norm.len()).is_none_or(|b| *b == b'/')
}

/// Splits path and query; an empty path is `/`.
#[inline]
pub(crate) fn split_path(path_and_query: &str) -> (&str, Option<&str>) {
    let (path, query) = match find_byte(path_and_query.as_bytes(), b'?') {
        // '?' is ASCII, so both slices fall on character boundaries.
        Some(i) => (
            path_and_query.get(..i).unwrap_or(""),
            path_and_query.get(i + 1..),
        ),
        None => (path_and_query, None),
    };
    (if path.is_empty() { "/" } else { path }, query)
}

/// The first value of a query parameter; names are case-sensitive. "If multiple values are
/// present for the same query param name, implementations SHOULD use the first value".
pub(crate) fn query_value<'q>(query: Option<&'q str>, name: &str) -> Option<&'q str> {
    query?
        .split('&')
        .find_map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k == name).then_some(v),
            None => (pair == name).then_some(""),
        })
}

/// Splits a gRPC path `/{service}/{method}`; anything else has empty names.
pub(crate) fn grpc_names(path: &str) -> (&str, &str) {
    path.strip_prefix('/')
        .and_then(|rest| rest.split_once('/'))
        .filter(|(_, m)| !m.contains('/'))
        .unwrap_or(("", ""))
}

impl Entry {
    /// Method, headers and query: the conditions besides path (or gRPC method).
    #[inline(always)]
    pub(crate) fn conditions_hold<R: RequestView + ?Sized>(
        &self,
        req: &R,
        query: Option<&str>,
    ) -> bool {
        // Most entries have no conditions; this test stays inline in the lookup loop and the
        // checks below are a call only for the entries that have some.
        (self.method.is_none() && self.headers.is_empty() && self.query.is_empty())
            || self.conditions_hold_checked(req, query)
    }

    #[inline(never)]
    fn conditions_hold_checked<R: RequestView + ?Sized>(
        &self,
        req: &R,
        query: Option<&str>,
    ) -> bool {
        if let Some(m) = &self.method
            && **m != *req.method()
        {
            return false;
        }
        for h in &*self.headers {
            match req.header(&h.name) {
                Some(v) if h.value.matches(v) => {}
                _ => return false,
            }
        }
        for q in &*self.query {
            match query_value(query, &q.name) {
                Some(v) if q.value.matches(v) => {}
                _ => return false,
            }
        }
        true
    }
}

fn regex_error(pattern: &str, e: &pattern::PatternError) -> BuildErrorKind {
    BuildErrorKind::InvalidRegex {
        pattern: pattern.to_owned(),
        message: e.to_string(),
    }
}

fn compile_value(v: &MatchValue) -> Result<CompiledValue, BuildErrorKind> {
    Ok(match v {
        MatchValue::Exact(s) => CompiledValue::Exact(s.clone()),
        MatchValue::RegularExpression(p) => {
            CompiledValue::Regex(pattern::compile(p).map_err(|e| regex_error(p, &e))?)
        }
    })
}

/// "If multiple entries specify equivalent header names, only the first entry with an
/// equivalent name MUST be considered for a match."
fn compile_headers(headers: &[MatchHeader]) -> Result<Box<[CompiledValueMatch]>, BuildErrorKind> {
    let mut out: Vec<CompiledValueMatch> = Vec::with_capacity(headers.len());
    for h in headers {
        // Most names are written in lower case already: those are shared, not copied.
        let name = if h.name.bytes().any(|b| b.is_ascii_uppercase()) {
            SharedStr::from(h.name.to_ascii_lowercase())
        } else {
            h.name.clone()
        };
        if out.iter().any(|c| c.name == name) {
            continue;
        }
        out.push(CompiledValueMatch {
            name,
            value: compile_value(&h.value)?,
        });
    }
    Ok(out.into())
}

fn compile_http(m: &HttpMatch) -> Result<(EntryParts, CompiledPath, HttpRank), BuildErrorKind> {
    let headers = compile_headers(&m.headers)?;
    // "If multiple entries specify equivalent query param names, only the first entry with an
    // equivalent name MUST be considered for a match." Names are compared exactly.
    let mut query: Vec<CompiledValueMatch> = Vec::with_capacity(m.query_params.len());
    for q in &m.query_params {
        if query.iter().any(|c| *c.name == *q.name) {
            continue;
        }
        query.push(CompiledValueMatch {
            name: q.name.clone(),
            value: compile_value(&q.value)?,
        });
    }
    let (path, path_rank) = match &m.path {
        MatchPath::Exact(p) => (CompiledPath::Exact, PathMatch::Exact(p.len())),
        MatchPath::Prefix(p) => (CompiledPath::Prefix, PathMatch::Prefix(p.len())),
        MatchPath::RegularExpression(p) => (
            CompiledPath::Regex(Box::new(
                pattern::compile(p).map_err(|e| regex_error(p, &e))?,
            )),
            PathMatch::RegularExpression(p.len()),
        ),
    };
    let rank = HttpRank {
        path: path_rank,
        method: m.method.is_some(),
        headers: headers.len(),
        query_params: query.len(),
    };
    Ok((
        EntryParts {
            method: m.method.clone(),
            headers,
            query: query.into(),
        },
        path,
        rank,
    ))
}

fn compile_name(
    regex: bool,
    v: Option<&SharedStr>,
) -> Result<(CompiledName, NameMatch), BuildErrorKind> {
    Ok(match v {
        // "If a match is empty, it matches any" name; an empty string is read as absent too.
        None => (CompiledName::Any, NameMatch::Any),
        Some(s) if s.is_empty() => (CompiledName::Any, NameMatch::Any),
        Some(s) if regex => (
            CompiledName::Regex(Box::new(
                pattern::compile(s).map_err(|e| regex_error(s, &e))?,
            )),
            NameMatch::RegularExpression(s.len()),
        ),
        Some(s) => (CompiledName::Exact(s.clone()), NameMatch::Exact(s.len())),
    })
}

fn compile_grpc(
    m: &GrpcMatch,
) -> Result<(EntryParts, CompiledName, CompiledName, GrpcRank), BuildErrorKind> {
    let headers = compile_headers(&m.headers)?;
    let (regex, service, method) = match &m.method {
        Some(mm) => (mm.regex, mm.service.as_ref(), mm.method.as_ref()),
        None => (false, None, None),
    };
    let (service, service_rank) = compile_name(regex, service)?;
    let (method, method_rank) = compile_name(regex, method)?;
    let rank = GrpcRank {
        service: service_rank,
        method: method_rank,
        headers: headers.len(),
    };
    Ok((
        EntryParts {
            method: None,
            headers,
            query: Box::new([]),
        },
        service,
        method,
        rank,
    ))
}

struct EntryParts {
    method: Option<SharedStr>,
    headers: Box<[CompiledValueMatch]>,
    query: Box<[CompiledValueMatch]>,
}

fn to_u32(i: usize) -> Result<u32, BuildErrorKind> {
    u32::try_from(i).map_err(|_| BuildErrorKind::TooLarge)
}

impl HttpBucket {
    /// Indexes HTTP entries by path (gRPC entries are not for this bucket), each candidate
    /// list sorted into precedence order.
    fn build<'e>(members: impl Iterator<Item = (u32, &'e Entry)>, lists: Lists<'_>) -> Self {
        let mut regex = Vec::new();
        let Scratch { pairs, tables } = &mut *lists.scratch;
        let [exact, prefix] = tables;
        pairs.clear();
        for (id, entry) in members {
            let EntryKind::Http { path, .. } = &entry.kind else {
                continue;
            };
            match path {
                CompiledPath::Exact => {
                    let k = exact.index_or_insert_with(lists.keys.get(id), Span::default);
                    pairs.push((0, k, id));
                }
                CompiledPath::Prefix => {
                    let k = prefix.index_or_insert_with(lists.keys.get(id), Span::default);
                    pairs.push((1, k, id));
                }
                CompiledPath::Regex(_) => regex.push(id),
            }
        }
        sort_list(&mut regex, lists.entries, lists.routes);
        let entries = lists.entries;
        let [exact, prefix] = lists.lay_out();
        let mut b = Self {
            exact,
            prefix,
            regex,
            regex_group: Vec::new(),
            regex_set: None,
        };
        b.group_regexes(entries);
        b
    }

    fn group_regexes(&mut self, entries: &[Entry]) {
        let mut distinct: Vec<&str> = Vec::new();
        self.regex_group = self
            .regex
            .iter()
            .map(|id| {
                let pattern = match entries.get(*id as usize).map(|e| &e.kind) {
                    Some(EntryKind::Http {
                        path: CompiledPath::Regex(r),
                        ..
                    }) => r.as_str(),
                    _ => "",
                };
                let g = distinct
                    .iter()
                    .position(|p| *p == pattern)
                    .unwrap_or_else(|| {
                        distinct.push(pattern);
                        distinct.len() - 1
                    });
                u32::try_from(g).unwrap_or(u32::MAX)
            })
            .collect();
        if !distinct.is_empty() {
            self.regex_set = pattern::compile_set(&distinct).ok();
        }
    }

    /// The first regex entry that matches, evaluating each distinct pattern at most once.
    #[inline]
    fn first_regex<R: RequestView + ?Sized>(
        &self,
        entries: &[Entry],
        req: &R,
        path: &str,
        query: Option<&str>,
    ) -> Option<u32> {
        if self.regex.is_empty() || self.regex_set.as_ref().is_some_and(|s| !s.is_match(path)) {
            return None;
        }
        // 0: not evaluated yet, 1: matches, 2: does not.
        let mut memo = [0u8; 64];
        for (id, group) in self.regex.iter().zip(&self.regex_group) {
            let Some(e) = entries.get(*id as usize) else {
                continue;
            };
            let EntryKind::Http {
                path: CompiledPath::Regex(r),
                ..
            } = &e.kind
            else {
                continue;
            };
            let matched = match memo.get_mut(*group as usize) {
                Some(m) => {
                    if *m == 0 {
                        *m = if r.is_match(path) { 1 } else { 2 };
                    }
                    *m == 1
                }
                None => r.is_match(path),
            };
            if matched && e.conditions_hold(req, query) {
                return Some(*id);
            }
        }
        None
    }
}

impl GrpcBucket {
    /// Indexes gRPC entries by service (HTTP entries are not for this bucket), each candidate
    /// list sorted into precedence order.
    fn build<'e>(members: impl Iterator<Item = (u32, &'e Entry)>, lists: Lists<'_>) -> Self {
        let mut other = Vec::new();
        let Scratch { pairs, tables } = &mut *lists.scratch;
        let [exact_service, _] = tables;
        pairs.clear();
        for (id, entry) in members {
            let EntryKind::Grpc { service, .. } = &entry.kind else {
                continue;
            };
            match service {
                CompiledName::Exact(s) => {
                    let k = exact_service.index_or_insert_with(s.as_bytes(), Span::default);
                    pairs.push((0, k, id));
                }
                _ => other.push(id),
            }
        }
        sort_list(&mut other, lists.entries, lists.routes);
        let [exact_service] = lists.lay_out();
        Self {
            exact_service,
            other,
        }
    }
}

/// The outcome of matching one request. Everything in it is borrowed from the [`Router`].
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'r> {
    /// A rule matched.
    Matched(Matched<'r>),
    /// No listener or no rule matched: 404, or gRPC `UNIMPLEMENTED`. "When no rules matching a
    /// request have been successfully attached to the parent a request is coming from, a HTTP
    /// 404 status code MUST be returned."
    NotFound,
    /// The TLS server name chose one listener and the Host another: 421 Misdirected Request.
    Misdirected,
}

impl<'r> Outcome<'r> {
    /// The status the gateway answers with on its own: 404 or 421; `None` for a match (see
    /// [`Matched::action`]).
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Matched(_) => None,
            Self::NotFound => Some(404),
            Self::Misdirected => Some(421),
        }
    }

    /// The gRPC status for a gRPC call that matched nothing: `UNIMPLEMENTED`. A misdirected call
    /// is answered at the HTTP level (421), so it has none.
    pub fn grpc_status(&self) -> Option<crate::actions::GrpcStatus> {
        match self {
            Self::NotFound => Some(crate::actions::GrpcStatus::Unimplemented),
            Self::Matched(_) | Self::Misdirected => None,
        }
    }

    /// The match, if any.
    pub fn matched(&self) -> Option<&Matched<'r>> {
        match self {
            Self::Matched(m) => Some(m),
            _ => None,
        }
    }
}

/// The listener, route, rule and match that won, with the rule's filters and backends.
#[derive(Clone, Copy, Debug)]
pub struct Matched<'r> {
    pub(crate) listener: &'r Listener,
    pub(crate) route: &'r Route,
    pub(crate) entry: &'r Entry,
    pub(crate) rule_name: Option<&'r str>,
    pub(crate) filters: &'r [Filter],
    pub(crate) backends: &'r [Backend],
    pub(crate) host: HostMatch,
}

impl<'r> Matched<'r> {
    /// The listener that took the request.
    pub fn listener(&self) -> &'r Listener {
        self.listener
    }
    /// The route that won.
    pub fn route(&self) -> &'r Route {
        self.route
    }
    /// The listener's position in [`Router::listeners`].
    pub fn listener_index(&self) -> usize {
        self.entry.listener as usize
    }
    /// The route's id.
    pub fn route_id(&self) -> &'r RouteId {
        &self.route.id
    }
    /// The matched rule's number within this router, in `0..`[`Router::rule_slots`]: the rules
    /// are numbered in order, listeners in [`Router::listeners`] order, then each listener's
    /// routes, then each route's rules, so every rule (whichever of its matches won) has one
    /// number. An embedding keeps per-rule state (counters, limits, timeouts) in a `Vec` by this
    /// number instead of hashing the route's names on every request. Numbers belong to one
    /// build: a rebuilt router numbers its rules anew.
    pub fn rule_slot(&self) -> usize {
        self.entry.slot as usize
    }
    /// The route kind.
    pub fn kind(&self) -> RouteKind {
        self.route.kind()
    }
    /// The index of the rule within the route as written ([`crate::input::Rule::index`] when
    /// set, its position otherwise).
    pub fn rule_index(&self) -> usize {
        self.route.rule_index(self.entry.rule as usize)
    }
    /// The index of the match within the rule; `None` when the rule has no matches.
    pub fn match_index(&self) -> Option<usize> {
        self.entry.match_index.map(|i| i as usize)
    }
    /// The rule's name, if it has one.
    pub fn rule_name(&self) -> Option<&'r str> {
        self.rule_name
    }
    /// The rule's filters, in order.
    pub fn filters(&self) -> &'r [Filter] {
        self.filters
    }
    /// The rule's backends.
    pub fn backends(&self) -> &'r [Backend] {
        self.backends
    }
    /// How the request host matched the route's hostnames.
    pub fn host_match(&self) -> HostMatch {
        self.host
    }
    /// The precedence summary of an HTTP match.
    pub fn http_rank(&self) -> Option<HttpRank> {
        match &self.entry.kind {
            EntryKind::Http { rank, .. } => Some(*rank),
            EntryKind::Grpc { .. } => None,
        }
    }
    /// The precedence summary of a gRPC match.
    pub fn grpc_rank(&self) -> Option<GrpcRank> {
        match &self.entry.kind {
            EntryKind::Grpc { rank, .. } => Some(*rank),
            EntryKind::Http { .. } => None,
        }
    }
    /// The configured `PathPrefix` value that matched, if the path matched by prefix.
    pub fn matched_prefix(&self) -> Option<&'r str> {
        match &self.entry.kind {
            EntryKind::Http {
                path: CompiledPath::Prefix,
                ..
            } => entry_path(self.route, self.entry),
            _ => None,
        }
    }
    /// The configured `Exact` path that matched, if the path matched exactly.
    pub(crate) fn matched_exact(&self) -> Option<&'r str> {
        match &self.entry.kind {
            EntryKind::Http {
                path: CompiledPath::Exact,
                ..
            } => entry_path(self.route, self.entry),
            _ => None,
        }
    }
}

type BuildResult<T> = Result<T, BuildError>;

/// Precedence between two entries of the listener whose routes are `routes`: `Less` is tried
/// first.
fn precedence(entries: &[Entry], routes: &[Route], a: u32, b: u32) -> Ordering {
    let (Some(ea), Some(eb)) = (entries.get(a as usize), entries.get(b as usize)) else {
        return a.cmp(&b);
    };
    let rank = match (&ea.kind, &eb.kind) {
        (EntryKind::Http { rank: ra, .. }, EntryKind::Http { rank: rb, .. }) => rb.cmp(ra),
        (EntryKind::Grpc { rank: ra, .. }, EntryKind::Grpc { rank: rb, .. }) => rb.cmp(ra),
        _ => Ordering::Equal,
    };
    rank.then_with(
        || match (routes.get(ea.route as usize), routes.get(eb.route as usize)) {
            (Some(ra), Some(rb)) => {
                let oa = RouteOrder {
                    created: ra.created,
                    id: &ra.id,
                };
                let ob = RouteOrder {
                    created: rb.created,
                    id: &rb.id,
                };
                ob.cmp(&oa)
            }
            _ => Ordering::Equal,
        },
    )
    // Identical age and name (the same route given twice): input order.
    .then_with(|| ea.route.cmp(&eb.route))
    // "If ties still exist within an HTTPRoute, matching precedence MUST be granted to the
    // FIRST matching rule (in list order) with a match meeting the above criteria."
    .then_with(|| ea.rule.cmp(&eb.rule))
    .then_with(|| ea.match_index.cmp(&eb.match_index))
}

/// Sorts a candidate list into precedence order, so matching can stop at the first entry
/// whose conditions hold. Entries within one bucket are distinct (see `HostRoutes::compile`),
/// and distinct entries never tie, so the order is total.
fn sort_list(list: &mut [u32], entries: &[Entry], routes: &[Route]) {
    if list.len() > 1 {
        list.sort_by(|a, b| precedence(entries, routes, *a, *b));
    }
}

impl Router {
    /// Compiles listeners and their routes into a router.
    ///
    /// Fails on the first invalid regular expression or over-long hostname, naming the listener,
    /// route, rule and match.
    pub fn build(listeners: impl IntoIterator<Item = Listener>) -> BuildResult<Self> {
        let listeners: Vec<Listener> = listeners.into_iter().collect();
        let seed = random_seed();
        let mut router = Self {
            listeners: Vec::new(),
            compiled: Vec::with_capacity(listeners.len()),
            ports: Vec::new(),
            entries: Vec::new(),
            seed,
            rule_slots: 0,
        };
        // A rule without matches has the default one.
        let default_http = [HttpMatch::default()];
        let default_grpc = [GrpcMatch::default()];
        // Each route's hostnames, normalised into one reused buffer.
        let mut host_bytes = Vec::new();
        let mut host_spans = Vec::new();
        for (li, listener) in listeners.iter().enumerate() {
            let err = |route: Option<&Route>, rule: Option<usize>, m, kind| {
                BuildError::new(Inner {
                    listener: listener.name.clone(),
                    route: route.map(|r| r.id.clone()),
                    // Named by its index as written, as a match names it.
                    rule: rule.map(|position| route.map_or(position, |r| r.rule_index(position))),
                    match_index: m,
                    kind,
                })
            };
            let li32 = to_u32(li).map_err(|k| err(None, None, None, k))?;
            let pattern = HostPattern::parse(listener.hostname.as_deref()).ok_or_else(|| {
                err(
                    None,
                    None,
                    None,
                    BuildErrorKind::HostnameTooLong(listener.hostname.clone().unwrap_or_default()),
                )
            })?;
            let group = match router
                .ports
                .binary_search_by_key(&listener.port, |g| g.port)
            {
                Ok(i) => i,
                Err(i) => {
                    router.ports.insert(
                        i,
                        PortGroup {
                            port: listener.port,
                            plain: HostIndex::new(seed),
                            tls: HostIndex::new(seed),
                        },
                    );
                    i
                }
            };
            if let Some(group) = router.ports.get_mut(group) {
                let index = if listener.tls_terminate {
                    &mut group.tls
                } else {
                    &mut group.plain
                };
                // The first listener with a hostname keeps it: listeners come in merge order.
                index.slot(pattern.as_name(), || li32);
            }

            let mut compiled = CompiledListener {
                http: HostIndex::new(seed),
                grpc: HostIndex::new(seed),
                ids: Vec::new(),
                tables: TableArena::default(),
                http_buckets: Vec::new(),
                grpc_buckets: Vec::new(),
            };
            // Reserved from what the routes are known to produce (a pattern per hostname, at
            // least an entry per rule), as growing these copies them.
            let rules: usize = listener
                .routes
                .iter()
                .map(|r| match &r.rules {
                    RouteRules::Http(rules) => rules.len(),
                    RouteRules::Grpc(rules) => rules.len(),
                })
                .fold(0, usize::saturating_add);
            let hostnames: usize = listener
                .routes
                .iter()
                .map(|r| r.hostnames.len().max(1))
                .fold(0, usize::saturating_add);
            // At least one entry per rule: reserved, as growing the list copies every entry
            // built so far. (Counting the matches exactly would read every rule twice.)
            router.entries.reserve(rules);
            let mut hosts = HostRoutes {
                grpc_of: Vec::new(),
                members: Vec::with_capacity(hostnames),
            };
            let mut keys = PathKeys {
                first: router.entries.len(),
                bytes: Vec::new(),
                spans: Vec::with_capacity(rules),
            };
            for (ri, route) in listener.routes.iter().enumerate() {
                let ri32 = to_u32(ri).map_err(|k| err(Some(route), None, None, k))?;
                host_bytes.clear();
                host_spans.clear();
                for h in route.hostnames.iter() {
                    let p = PatternSpan::parse_into(Some(h), &mut host_bytes).ok_or_else(|| {
                        err(
                            Some(route),
                            None,
                            None,
                            BuildErrorKind::HostnameTooLong(h.clone()),
                        )
                    })?;
                    host_spans.push(p);
                }
                if host_spans.is_empty() {
                    host_spans.extend(PatternSpan::parse_into(None, &mut host_bytes));
                }
                let first = router.entries.len();
                match &route.rules {
                    RouteRules::Http(rules) => {
                        for (ui, rule) in rules.iter().enumerate() {
                            let ui32 =
                                to_u32(ui).map_err(|k| err(Some(route), Some(ui), None, k))?;
                            let slot = router.next_rule_slot();
                            let (matches, indexed) = if rule.matches.is_empty() {
                                // "If no matches are specified, the default is a prefix path
                                // match on "/", which has the effect of matching every HTTP
                                // request."
                                (&default_http[..], false)
                            } else {
                                (&rule.matches[..], true)
                            };
                            for (mi, m) in matches.iter().enumerate() {
                                let (parts, path, rank) = compile_http(m)
                                    .map_err(|k| err(Some(route), Some(ui), Some(mi), k))?;
                                let mi32 = to_u32(mi)
                                    .map_err(|k| err(Some(route), Some(ui), Some(mi), k))?;
                                keys.push(match &m.path {
                                    MatchPath::Exact(p) => p,
                                    MatchPath::Prefix(p) => prefix_norm(p),
                                    MatchPath::RegularExpression(_) => "",
                                });
                                router.entries.push(Entry {
                                    listener: li32,
                                    route: ri32,
                                    rule: ui32,
                                    slot,
                                    match_index: indexed.then_some(mi32),
                                    method: parts.method,
                                    headers: parts.headers,
                                    query: parts.query,
                                    kind: EntryKind::Http { path, rank },
                                });
                            }
                        }
                    }
                    RouteRules::Grpc(rules) => {
                        for (ui, rule) in rules.iter().enumerate() {
                            let ui32 =
                                to_u32(ui).map_err(|k| err(Some(route), Some(ui), None, k))?;
                            let slot = router.next_rule_slot();
                            let (matches, indexed) = if rule.matches.is_empty() {
                                // "If no matches are specified, the implementation MUST match
                                // every gRPC request."
                                (&default_grpc[..], false)
                            } else {
                                (&rule.matches[..], true)
                            };
                            for (mi, m) in matches.iter().enumerate() {
                                let (parts, service, method, rank) = compile_grpc(m)
                                    .map_err(|k| err(Some(route), Some(ui), Some(mi), k))?;
                                let mi32 = to_u32(mi)
                                    .map_err(|k| err(Some(route), Some(ui), Some(mi), k))?;
                                keys.push("");
                                router.entries.push(Entry {
                                    listener: li32,
                                    route: ri32,
                                    rule: ui32,
                                    slot,
                                    match_index: indexed.then_some(mi32),
                                    method: parts.method,
                                    headers: parts.headers,
                                    query: parts.query,
                                    kind: EntryKind::Grpc {
                                        service,
                                        method,
                                        rank,
                                    },
                                });
                            }
                        }
                    }
                }
                let last = router.entries.len();
                to_u32(last).map_err(|k| err(Some(route), None, None, k))?;
                if first < last {
                    let grpc = matches!(route.rules, RouteRules::Grpc(_));
                    for span in &host_spans {
                        let name = span.name(&host_bytes);
                        hosts.add(&mut compiled, name, grpc, ri32, first..last);
                    }
                }
            }
            hosts.compile(
                &mut compiled,
                &router.entries,
                &listener.routes,
                &keys,
                seed,
            );
            router.compiled.push(compiled);
        }
        router.listeners = listeners;

        Ok(router)
    }

    /// The next rule's number. Past `u32::MAX` rules (which no table of entries could hold;
    /// building fails on the entries first) numbers would repeat rather than wrap silently.
    fn next_rule_slot(&mut self) -> u32 {
        let slot = self.rule_slots;
        self.rule_slots = self.rule_slots.saturating_add(1);
        slot
    }

    /// How many rules the router holds: [`Matched::rule_slot`] is below this.
    pub fn rule_slots(&self) -> usize {
        self.rule_slots as usize
    }

    /// Precedence between two entries of one listener: `Less` is tried first.
    pub(crate) fn compare_entries(&self, a: u32, b: u32) -> Ordering {
        let routes = self
            .entries
            .get(a as usize)
            .and_then(|e| self.listeners.get(e.listener as usize))
            .map_or(&[][..], |l| &l.routes[..]);
        precedence(&self.entries, routes, a, b)
    }

    pub(crate) fn route_of(&self, e: &Entry) -> Option<&Route> {
        self.listeners
            .get(e.listener as usize)?
            .routes
            .get(e.route as usize)
    }

    /// The listeners this router was built from.
    pub fn listeners(&self) -> &[Listener] {
        &self.listeners
    }

    /// Chooses the listener: by port and scheme, then by Host (and SNI for TLS).
    pub(crate) fn select_listener<R: RequestView + ?Sized>(
        &self,
        req: &R,
        host: Option<&HostKey<'_>>,
    ) -> Result<usize, Outcome<'_>> {
        let group = self
            .ports
            .binary_search_by_key(&req.port(), |g| g.port)
            .ok()
            .and_then(|i| self.ports.get(i))
            .ok_or(Outcome::NotFound)?;
        match req.scheme() {
            Scheme::Http => group
                .plain
                .find(host, |_, li| Some(*li as usize))
                .ok_or(Outcome::NotFound),
            Scheme::Https => {
                let sni_key;
                let sni = match req.sni() {
                    Some(s) => {
                        sni_key = HostKey::new(Some(s), self.seed);
                        sni_key.as_ref()
                    }
                    // Without SNI the server has only the Host to go by.
                    None => host,
                };
                // A server name no listener accepts fails the TLS handshake; nothing routes.
                let by_sni = group
                    .tls
                    .find(sni, |_, li| Some(*li as usize))
                    .ok_or(Outcome::NotFound)?;
                // "To detect misdirected requests, Gateways SHOULD match the authority of the
                // requests with all the SNI hostname(s) configured across all the Gateway
                // Listeners on the same port and protocol:
                //  * If another Listener has an exact match or more specific wildcard entry,
                //    the Gateway SHOULD return a 421.
                //  * If the current Listener (selected by SNI matching during ClientHello)
                //    does not match the Host:
                //      * If another Listener does match the Host, the Gateway SHOULD return a
                //        421.
                //      * If no other Listener matches the Host, the Gateway MUST return a 404."
                match group.tls.find(host, |_, li| Some(*li as usize)) {
                    Some(by_host) if by_host == by_sni => Ok(by_sni),
                    Some(_) => Err(Outcome::Misdirected),
                    None => Err(Outcome::NotFound),
                }
            }
        }
    }

    /// Matches a request: listener, then route hostname, then rule, as the spec orders them.
    /// Does not allocate.
    pub fn route<R: RequestView + ?Sized>(&self, req: &R) -> Outcome<'_> {
        let host = HostKey::new(req.host(), self.seed);
        let li = match self.select_listener(req, host.as_ref()) {
            Ok(li) => li,
            Err(o) => return o,
        };
        let Some(compiled) = self.compiled.get(li) else {
            return Outcome::NotFound;
        };
        let (path, query) = split_path(req.path_and_query());
        // "Listener Isolation": only the routes of the selected listener are considered.
        let found = if req.is_grpc() {
            let (service, method) = grpc_names(path);
            compiled.grpc.find(host.as_ref(), |hm, b| {
                let bucket = compiled.grpc_buckets.get(*b as usize)?;
                self.match_grpc(
                    bucket,
                    &compiled.tables,
                    &compiled.ids,
                    req,
                    service,
                    method,
                )
                .map(|id| (hm, id))
            })
        } else {
            compiled.http.find(host.as_ref(), |hm, b| {
                let bucket = compiled.http_buckets.get(*b as usize)?;
                self.match_http(bucket, &compiled.tables, &compiled.ids, req, path, query)
                    .map(|id| (hm, id))
            })
        };
        match found.and_then(|(hm, id)| self.matched(id, hm)) {
            Some(m) => Outcome::Matched(m),
            None => Outcome::NotFound,
        }
    }

    pub(crate) fn matched(&self, id: u32, host: HostMatch) -> Option<Matched<'_>> {
        let entry = self.entries.get(id as usize)?;
        let listener = self.listeners.get(entry.listener as usize)?;
        let route = listener.routes.get(entry.route as usize)?;
        let (rule_name, filters, backends) = match &route.rules {
            RouteRules::Http(rules) => {
                let r = rules.get(entry.rule as usize)?;
                (r.name.as_deref(), &r.filters[..], &r.backends[..])
            }
            RouteRules::Grpc(rules) => {
                let r = rules.get(entry.rule as usize)?;
                (r.name.as_deref(), &r.filters[..], &r.backends[..])
            }
        };
        Some(Matched {
            listener,
            route,
            entry,
            rule_name,
            filters,
            backends,
            host,
        })
    }

    #[inline]
    fn first_in<R: RequestView + ?Sized>(
        &self,
        list: &[u32],
        req: &R,
        query: Option<&str>,
        mut extra: impl FnMut(&Entry) -> bool,
    ) -> Option<u32> {
        list.iter().copied().find(|id| {
            self.entries
                .get(*id as usize)
                .is_some_and(|e| extra(e) && e.conditions_hold(req, query))
        })
    }

    fn match_http<R: RequestView + ?Sized>(
        &self,
        bucket: &HttpBucket,
        tables: &TableArena<Span>,
        ids: &[u32],
        req: &R,
        path: &str,
        query: Option<&str>,
    ) -> Option<u32> {
        // "Exact" path match first.
        if let Some(list) = bucket.exact.get(tables, path.as_bytes())
            && let Some(id) = self.first_in(list.of(ids), req, query, |_| true)
        {
            return Some(id);
        }
        // Then regular expressions (see `PathMatch` for why here).
        if let Some(id) = bucket.first_regex(&self.entries, req, path, query) {
            return Some(id);
        }
        // Then prefixes, longest first: "`/abc`, `/abc/`, and `/abc/def` would all match the
        // prefix `/abc`, but the path `/abcd` would not", so a candidate is the whole path or
        // the path up to a `/`. Only lengths the bucket holds are tried, longest first, so the
        // walk costs the number of distinct prefix lengths, not the path's length.
        if bucket.prefix.is_empty() {
            return None;
        }
        let bytes = path.as_bytes();
        let mut end = bytes.len();
        // Keys longer than 255 bytes share one length flag; if there are any, those candidates
        // are the path's own element boundaries.
        let long_keys = bucket.prefix.may_contain_len(256);
        loop {
            if bucket.prefix.may_contain_len(end)
                && bytes.get(end).is_none_or(|b| *b == b'/')
                && let Some(list) = bucket.prefix.get(tables, bytes.get(..end).unwrap_or(&[]))
                && let Some(id) = self.first_in(list.of(ids), req, query, |_| true)
            {
                return Some(id);
            }
            end = if end > 256 && long_keys {
                bytes.get(..end)?.iter().rposition(|b| *b == b'/')?
            } else {
                bucket.prefix.prev_len(end)?
            };
        }
    }

    fn match_grpc<R: RequestView + ?Sized>(
        &self,
        bucket: &GrpcBucket,
        tables: &TableArena<Span>,
        ids: &[u32],
        req: &R,
        service: &str,
        method: &str,
    ) -> Option<u32> {
        let names = |e: &Entry, check_service: bool| match &e.kind {
            EntryKind::Grpc {
                service: s,
                method: m,
                ..
            } => (!check_service || s.matches(service)) && m.matches(method),
            EntryKind::Http { .. } => false,
        };
        if let Some(list) = bucket.exact_service.get(tables, service.as_bytes())
            && let Some(id) = self.first_in(list.of(ids), req, None, |e| names(e, false))
        {
            return Some(id);
        }
        self.first_in(&bucket.other, req, None, |e| names(e, true))
    }

    /// Whether any listener is configured (an empty router answers 404 to everything).
    pub fn is_empty(&self) -> bool {
        self.ports
            .iter()
            .all(|g| g.plain.is_empty() && g.tls.is_empty())
    }
}

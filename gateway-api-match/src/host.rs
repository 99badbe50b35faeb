//! Hostname normalisation and the host stage shared by listener and route selection.

use std::cell::OnceCell;

use crate::precedence::HostMatch;
use crate::table::{StrTable, find_byte, hash_lower};

/// DNS names are at most 253 characters; a longer request host cannot equal any configured
/// hostname, which the builder limits to that length.
pub(crate) const MAX_HOST: usize = 253;

/// A request host with port and trailing dot removed. It keeps the client's case: lookups hash and
/// compare it ignoring ASCII case, so nothing is copied. It is hashed at most once, with the
/// router's seed, for the listener and the route lookups alike, and only when a table large
/// enough to be hashed is met (a listener with one hostname never hashes it).
#[derive(Clone, Debug)]
pub(crate) struct HostKey<'a> {
    host: &'a [u8],
    seed: u64,
    hash: OnceCell<u64>,
}

impl<'a> HostKey<'a> {
    /// Normalises a `Host`/`:authority`/SNI value. `None` when absent, empty or longer than any
    /// hostname can be: such a request matches only listeners and routes without hostnames.
    /// `seed` is the seed of the tables it will be looked up in.
    #[inline(always)]
    pub(crate) fn new(raw: Option<&'a str>, seed: u64) -> Option<Self> {
        let host = strip_port(raw?).as_bytes();
        // A trailing dot names the same (fully qualified) host.
        let host = host.strip_suffix(b".").unwrap_or(host);
        if host.is_empty() || host.len() > MAX_HOST {
            return None;
        }
        Some(Self {
            host,
            seed,
            hash: OnceCell::new(),
        })
    }

    /// `hash_lower` of the host with the router's seed, computed on first use.
    #[inline]
    fn hash(&self) -> u64 {
        *self.hash.get_or_init(|| hash_lower(self.seed, self.host))
    }

    #[inline]
    pub(crate) fn as_bytes(&self) -> &'a [u8] {
        self.host
    }
}

/// "Implementations MUST ignore any port value specified in the HTTP Host header while
/// performing a match". IPv6 literals keep their brackets.
#[inline]
pub(crate) fn strip_port(host: &str) -> &str {
    let bytes = host.as_bytes();
    let end = if bytes.first() == Some(&b'[') {
        find_byte(bytes, b']').map(|i| i + 1)
    } else {
        find_byte(bytes, b':')
    };
    end.and_then(|e| host.get(..e)).unwrap_or(host)
}

/// A configured hostname, normalised.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum HostPattern {
    /// No hostname, or `*`: every host.
    Any,
    /// `*.suffix`: the suffix, lower-cased, without `*.`.
    Wildcard(Box<[u8]>),
    /// A full name, lower-cased.
    Exact(Box<[u8]>),
}

impl HostPattern {
    /// `None` when longer than a DNS name can be.
    pub(crate) fn parse(raw: Option<&str>) -> Option<Self> {
        let mut buf = Vec::new();
        let span = PatternSpan::parse_into(raw, &mut buf)?;
        Some(match span.name(&buf) {
            HostName::Any => Self::Any,
            HostName::Wildcard(s) => Self::Wildcard(s.into()),
            HostName::Exact(s) => Self::Exact(s.into()),
        })
    }

    /// The pattern as a borrowed name.
    pub(crate) fn as_name(&self) -> HostName<'_> {
        match self {
            Self::Any => HostName::Any,
            Self::Wildcard(s) => HostName::Wildcard(s),
            Self::Exact(s) => HostName::Exact(s),
        }
    }
}

/// A normalised hostname pattern borrowing its (lower-cased) bytes; see [`HostPattern`].
#[derive(Clone, Copy, Debug)]
pub(crate) enum HostName<'a> {
    Any,
    Wildcard(&'a [u8]),
    Exact(&'a [u8]),
}

/// A normalised hostname pattern whose bytes sit in a caller's buffer, so that a build parses
/// many hostnames into one reused buffer instead of allocating each.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PatternSpan {
    /// `None`: every host; otherwise whether a wildcard, and the bytes' range in the buffer.
    kind: Option<(bool, usize, usize)>,
}

impl PatternSpan {
    /// Normalises `raw` (see [`HostPattern`]), appending the bytes it keeps to `buf`. `None`
    /// when longer than a DNS name can be.
    pub(crate) fn parse_into(raw: Option<&str>, buf: &mut Vec<u8>) -> Option<Self> {
        let Some(raw) = raw else {
            return Some(Self { kind: None });
        };
        let host = raw.strip_suffix('.').unwrap_or(raw);
        if host.len() > MAX_HOST {
            return None;
        }
        if host.is_empty() || host == "*" {
            return Some(Self { kind: None });
        }
        // `*.` is ASCII, so stripping it before lower-casing gives the same bytes as after.
        let (wildcard, name) = match host.strip_prefix("*.") {
            Some(suffix) => (true, suffix),
            None => (false, host),
        };
        let start = buf.len();
        buf.extend(name.bytes().map(|b| b.to_ascii_lowercase()));
        Some(Self {
            kind: Some((wildcard, start, buf.len())),
        })
    }

    /// The pattern, given the buffer `parse_into` appended to.
    pub(crate) fn name(self, buf: &[u8]) -> HostName<'_> {
        match self.kind {
            None => HostName::Any,
            Some((wildcard, start, end)) => {
                let bytes = buf.get(start..end).unwrap_or(&[]);
                if wildcard {
                    HostName::Wildcard(bytes)
                } else {
                    HostName::Exact(bytes)
                }
            }
        }
    }
}

/// Exact names, then wildcard suffixes, then the catch-all, each mapping to a `V`.
#[derive(Clone, Debug)]
pub(crate) struct HostIndex<V> {
    exact: StrTable<V>,
    wildcard: StrTable<V>,
    any: Option<V>,
}

impl<V> HostIndex<V> {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            exact: StrTable::new(seed),
            wildcard: StrTable::new(seed),
            any: None,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.exact.is_empty() && self.wildcard.is_empty() && self.any.is_none()
    }

    /// The slot for a pattern, created by `make` if new.
    pub(crate) fn slot(
        &mut self,
        pattern: HostName<'_>,
        make: impl FnOnce() -> V,
    ) -> Option<&mut V> {
        match pattern {
            HostName::Any => Some(self.any.get_or_insert_with(make)),
            HostName::Wildcard(s) => self.wildcard.entry_or_insert_with(s, make),
            HostName::Exact(s) => self.exact.entry_or_insert_with(s, make),
        }
    }

    /// Every value, in no particular order. Build time only.
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.exact
            .values_mut()
            .chain(self.wildcard.values_mut())
            .chain(self.any.iter_mut())
    }

    /// Calls `f` on each slot matching `host`, most specific first, until it returns `Some`:
    /// "Exact matches MUST be processed before wildcard matches, and wildcard matches MUST be
    /// processed before fallback (empty Hostname value) matches", and among wildcards "the higher
    /// the number of dots in the hostname to the right of the wildcard character, the higher the
    /// precedence". Among suffixes of one host, more dots is longer, so the walk goes from the
    /// leftmost dot rightwards.
    #[inline]
    pub(crate) fn find<R>(
        &self,
        host: Option<&HostKey<'_>>,
        mut f: impl FnMut(HostMatch, &V) -> Option<R>,
    ) -> Option<R> {
        if let Some(host) = host {
            let bytes = host.as_bytes();
            if let Some(v) = self.exact.get_ignore_case_with(bytes, || host.hash())
                && let Some(r) = f(HostMatch::Exact(bytes.len()), v)
            {
                return Some(r);
            }
            if !self.wildcard.is_empty() {
                // "The wildcard character will match any number of characters _and dots_ to the
                // left", but at least one: `*.example.com` does not match `example.com`.
                for (i, b) in bytes.iter().enumerate().skip(1) {
                    if *b != b'.' {
                        continue;
                    }
                    let suffix = bytes.get(i + 1..).unwrap_or(&[]);
                    if !self.wildcard.may_contain_len(suffix.len()) {
                        continue;
                    }
                    if let Some(v) = self.wildcard.get_ignore_case(suffix)
                        && let Some(r) = f(HostMatch::Wildcard(suffix.len() + 2), v)
                    {
                        return Some(r);
                    }
                }
            }
        }
        self.any.as_ref().and_then(|v| f(HostMatch::Any, v))
    }
}

/// Whether a normalised pattern matches a host, and how (slow path for explanations).
pub(crate) fn pattern_match(
    pattern: &HostPattern,
    host: Option<&HostKey<'_>>,
) -> Option<HostMatch> {
    match (pattern, host) {
        (HostPattern::Any, _) => Some(HostMatch::Any),
        (HostPattern::Exact(p), Some(h)) => p
            .eq_ignore_ascii_case(h.as_bytes())
            .then_some(HostMatch::Exact(p.len())),
        (HostPattern::Wildcard(s), Some(h)) => {
            let h = h.as_bytes();
            let ok = h.len() > s.len() + 1
                && h.get(h.len() - s.len()..)
                    .is_some_and(|t| t.eq_ignore_ascii_case(s))
                && h.get(h.len() - s.len() - 1) == Some(&b'.');
            ok.then_some(HostMatch::Wildcard(s.len() + 2))
        }
        (_, None) => None,
    }
}

//! Hostname intersection between a listener and a route (spec-digest §5, `hostnames.md`).

/// The hostname a listener and a route hostname have in common, if any: the more specific of
/// the two.
///
/// "No hostname on listener … ≡ `*`"; a wildcard is the whole first label `*.` and "matches
/// one or more labels" (`*.example.com` matches `foo.test.example.com`, not `example.com`).
/// "Two wildcards intersect when one is a suffix-domain of the other; the intersected hostname
/// is the more specific one" (`*.com` ∩ `*.example.com` = `*.example.com`).
pub fn intersect(listener: Option<&str>, route: &str) -> Option<String> {
    intersect_ref(listener, route).map(str::to_owned)
}

/// [`intersect`] without the copy: the result is one of the two arguments, as written.
pub(crate) fn intersect_ref<'a>(listener: Option<&'a str>, route: &'a str) -> Option<&'a str> {
    let Some(listener) = listener else {
        return Some(route);
    };
    // Hostnames compare without regard to ASCII case; the comparisons below do that in place
    // rather than on lower-cased copies, since every route is intersected with every listener
    // it may attach to. `*` and `.` have no case, so the prefix is found on the originals.
    match (listener.strip_prefix("*."), route.strip_prefix("*.")) {
        (None, None) => same_host(listener, route).then_some(route),
        (Some(suffix), None) => wildcard_covers(suffix, route).then_some(route),
        (None, Some(suffix)) => wildcard_covers(suffix, listener).then_some(listener),
        (Some(ls), Some(rs)) => {
            if same_host(ls, rs) || wildcard_covers(rs, ls) {
                // The listener's wildcard is at least as specific.
                Some(listener)
            } else if wildcard_covers(ls, rs) {
                Some(route)
            } else {
                None
            }
        }
    }
}

/// Whether `*.{suffix}` matches `host` (ASCII case ignored): `host` ends with `.{suffix}` and
/// has at least one label in front of it.
fn wildcard_covers(suffix: &str, host: &str) -> bool {
    let (host, suffix) = (host.as_bytes(), suffix.as_bytes());
    host.len() > suffix.len() + 1
        && same_host_bytes(&host[host.len() - suffix.len()..], suffix)
        && host[host.len() - suffix.len() - 1] == b'.'
}

/// Whether two hostnames are equal, ASCII case ignored.
fn same_host(a: &str, b: &str) -> bool {
    same_host_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same_host`] on bytes. Hostnames are nearly always written in lower case, so an exact
/// comparison (one `memcmp`) settles most equal pairs before the byte-by-byte
/// case-insensitive one.
fn same_host_bytes(a: &[u8], b: &[u8]) -> bool {
    a == b || a.eq_ignore_ascii_case(b)
}

/// The route's hostnames that intersect the listener's, each replaced by the intersection,
/// without duplicates, in the route's order. A route without hostnames gets the listener's
/// (or none when the listener has none either).
///
/// Most intersections are exactly the route's own list or exactly the listener's hostname, so
/// those two outcomes are reported as such rather than copied: the caller shares one list per
/// route and one per listener among all the effective routes that have them.
#[derive(Debug, PartialEq)]
pub(crate) enum Intersection {
    /// No hostname intersects: the route is not accepted by this listener.
    Nothing,
    /// The route's hostnames, as written (possibly none, when the listener has no hostname).
    Route,
    /// The listener's hostname alone.
    Listener,
    /// Any other list.
    Other(Vec<String>),
}

/// See [`Intersection`].
pub(crate) fn intersect_all(listener: Option<&str>, route: &[String]) -> Intersection {
    let Some(l) = listener else {
        // Every route hostname intersects as itself.
        return if has_duplicates(route) {
            Intersection::Other(collect(None, route))
        } else {
            Intersection::Route
        };
    };
    if route.is_empty() {
        return Intersection::Listener;
    }
    // One pass without copies decides which case this is; only the last one builds a list.
    let (mut as_route, mut as_listener, mut any) = (true, true, false);
    for h in route {
        match intersect_ref(Some(l), h) {
            None => as_route = false,
            Some(i) => {
                any = true;
                as_route &= i == h;
                as_listener &= i == l;
            }
        }
    }
    if !any {
        Intersection::Nothing
    } else if as_route && !has_duplicates(route) {
        Intersection::Route
    } else if as_listener {
        Intersection::Listener
    } else {
        Intersection::Other(collect(Some(l), route))
    }
}

fn has_duplicates(hostnames: &[String]) -> bool {
    hostnames
        .iter()
        .enumerate()
        .any(|(i, h)| hostnames[..i].contains(h))
}

/// The intersections, copied, without duplicates, in the route's order.
fn collect(listener: Option<&str>, route: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in route {
        if let Some(i) = intersect_ref(listener, h)
            && !out.iter().any(|o| o == i)
        {
            out.push(i.to_owned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{Intersection, intersect, intersect_all};

    /// The list `intersect_all` stands for, computed the plain way: every intersection,
    /// copied, without duplicates, in the route's order.
    fn plain(listener: Option<&str>, route: &[String]) -> Option<Vec<String>> {
        if route.is_empty() {
            return Some(listener.map(|l| vec![l.to_owned()]).unwrap_or_default());
        }
        let mut out: Vec<String> = Vec::new();
        for h in route {
            if let Some(i) = intersect(listener, h)
                && !out.contains(&i)
            {
                out.push(i);
            }
        }
        (!out.is_empty()).then_some(out)
    }

    #[test]
    fn shared_outcomes_stand_for_the_plain_list() {
        let pool = [
            "www.example.com",
            "WWW.example.com",
            "*.example.com",
            "*.Example.com",
            "a.b.example.com",
            "*.b.example.com",
            "example.com",
            "other.net",
            "*.net",
        ];
        let listeners: Vec<Option<&str>> = std::iter::once(None)
            .chain(pool.iter().copied().map(Some))
            .collect();
        // Every route list of up to three hostnames from the pool (repeats included).
        let mut routes: Vec<Vec<String>> = vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<String>> = routes
                .iter()
                .filter(|r| r.len() == routes.last().map_or(0, Vec::len))
                .flat_map(|r| {
                    pool.iter().map(move |h| {
                        let mut r = r.clone();
                        r.push((*h).to_owned());
                        r
                    })
                })
                .collect();
            routes.extend(longer);
        }
        for l in &listeners {
            for r in &routes {
                let got = match intersect_all(*l, r) {
                    Intersection::Nothing => None,
                    Intersection::Route => Some(r.clone()),
                    Intersection::Listener => Some(vec![l.unwrap_or_default().to_owned()]),
                    Intersection::Other(v) => Some(v),
                };
                assert_eq!(got, plain(*l, r), "listener {l:?}, route {r:?}");
            }
        }
    }

    #[test]
    fn spec_examples() {
        // "Listener `test.example.com` accepts routes with no hostnames or with at least one of
        // `test.example.com`, `*.example.com`."
        assert_eq!(
            intersect(Some("test.example.com"), "test.example.com").as_deref(),
            Some("test.example.com")
        );
        assert_eq!(
            intersect(Some("test.example.com"), "*.example.com").as_deref(),
            Some("test.example.com")
        );
        // "Listener `*.example.com` accepts … `*.example.com`, `test.example.com`,
        // `foo.test.example.com`; not `example.com`, `test.example.net`."
        assert_eq!(
            intersect(Some("*.example.com"), "foo.test.example.com").as_deref(),
            Some("foo.test.example.com")
        );
        assert_eq!(intersect(Some("*.example.com"), "example.com"), None);
        assert_eq!(intersect(Some("*.example.com"), "test.example.net"), None);
        // "`*.com` ∩ `*.example.com` = `*.example.com`", either way round.
        assert_eq!(
            intersect(Some("*.com"), "*.example.com").as_deref(),
            Some("*.example.com")
        );
        assert_eq!(
            intersect(Some("*.example.com"), "*.com").as_deref(),
            Some("*.example.com")
        );
        assert_eq!(
            intersect(None, "*.example.com").as_deref(),
            Some("*.example.com")
        );
    }

    #[test]
    fn nested_wildcards_stay_isolated() {
        // A route for `*.foo.example.com` on a `*.example.com` listener serves only the nested
        // wildcard, never the whole `*.example.com`.
        assert_eq!(
            intersect(Some("*.example.com"), "*.foo.example.com").as_deref(),
            Some("*.foo.example.com")
        );
        // A `*.foo.example.com` listener does not widen to the route's `*.example.com`.
        assert_eq!(
            intersect(Some("*.foo.example.com"), "*.example.com").as_deref(),
            Some("*.foo.example.com")
        );
        // Sibling wildcards do not intersect.
        assert_eq!(
            intersect(Some("*.foo.example.com"), "*.bar.example.com"),
            None
        );
        // Suffix without a label boundary is no match.
        assert_eq!(intersect(Some("*.example.com"), "badexample.com"), None);
    }

    #[test]
    fn case_is_ignored_and_the_written_spelling_kept() {
        assert_eq!(
            intersect(Some("WWW.Example.com"), "www.example.COM").as_deref(),
            Some("www.example.COM")
        );
        assert_eq!(
            intersect(Some("*.EXAMPLE.com"), "Foo.example.COM").as_deref(),
            Some("Foo.example.COM")
        );
        assert_eq!(
            intersect(Some("Foo.example.COM"), "*.Example.com").as_deref(),
            Some("Foo.example.COM")
        );
        assert_eq!(
            intersect(Some("*.Example.com"), "*.example.COM").as_deref(),
            Some("*.Example.com")
        );
        assert_eq!(
            intersect(Some("*.Example.com"), "*.A.example.COM").as_deref(),
            Some("*.A.example.COM")
        );
        assert_eq!(intersect(Some("*.example.com"), "EXAMPLE.com"), None);
    }
}

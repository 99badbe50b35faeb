//! The fuzz scenario, shared by the cargo-fuzz target (`fuzz/fuzz_targets/match_router.rs`) and
//! the stable replay test (`tests/fuzz_replay.rs`), so checked-in inputs decode identically.
//!
//! Builds a random route table, matches random requests against it and runs every helper on the
//! result: nothing may panic, and `route` and `explain` must agree.

use arbitrary::Unstructured;
use gateway_api_match::explain::Verdict;
use gateway_api_match::input::{
    Backend, Filter, GrpcMatch, HeaderModifier, HttpMatch, Listener, MatchGrpcMethod, MatchHeader,
    MatchPath, MatchQueryParam, MatchValue, PathModifier, RequestRedirect, Route, RouteKind, Rule,
    UrlRewrite,
};
use gateway_api_match::request::Scheme;
use gateway_api_match::{Outcome, Request, Router};

/// Mostly strings from small pools (so matches happen), sometimes arbitrary ones.
fn text(u: &mut Unstructured<'_>, pool: &[&str]) -> arbitrary::Result<String> {
    if u.ratio(1, 5)? {
        let s: &str = u.arbitrary()?;
        Ok(s.chars().take(40).collect())
    } else {
        Ok((*u.choose(pool)?).to_owned())
    }
}

const HOSTS: &[&str] = &[
    "a.x", "*.x", "b.a.x", "*.a.x", "A.X.", "*", "", "x", "[::1]", "*.",
];
const PATHS: &[&str] = &[
    "/", "/a", "/a/", "/a/b", "//", "", "a", "/a//b", "/%2F", "/a?b",
];
const REGEXES: &[&str] = &[
    r"/a.*", r"\d+", r"[\w-]+", "(", r"\b", "[]]", r"[^\D]", "a{2,}",
];

fn value(u: &mut Unstructured<'_>) -> arbitrary::Result<MatchValue> {
    Ok(if u.ratio(1, 4)? {
        MatchValue::RegularExpression(text(u, REGEXES)?.into())
    } else {
        MatchValue::Exact(text(u, &["1", "2", ""])?.into())
    })
}

fn headers(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<MatchHeader>> {
    let n = u.int_in_range(0..=2)?;
    (0..n)
        .map(|_| {
            Ok(MatchHeader {
                name: text(u, &["x", "X", "y"])?.into(),
                value: value(u)?,
            })
        })
        .collect()
}

fn http_match(u: &mut Unstructured<'_>) -> arbitrary::Result<HttpMatch> {
    let path = match u.int_in_range(0..=2)? {
        0 => MatchPath::Exact(text(u, PATHS)?.into()),
        1 => MatchPath::Prefix(text(u, PATHS)?.into()),
        _ => MatchPath::RegularExpression(text(u, REGEXES)?.into()),
    };
    let nq = u.int_in_range(0..=2)?;
    let mut query_params = Vec::new();
    for _ in 0..nq {
        query_params.push(MatchQueryParam {
            name: text(u, &["q", "Q", ""])?.into(),
            value: value(u)?,
        });
    }
    Ok(HttpMatch {
        path,
        method: if u.arbitrary()? {
            Some(text(u, &["GET", "POST"])?.into())
        } else {
            None
        },
        headers: headers(u)?,
        query_params,
    })
}

fn grpc_match(u: &mut Unstructured<'_>) -> arbitrary::Result<GrpcMatch> {
    let method = if u.arbitrary()? {
        let regex: bool = u.arbitrary()?;
        let pool: &[&str] = if regex { REGEXES } else { &["s.A", "M", ""] };
        Some(MatchGrpcMethod {
            regex,
            service: if u.arbitrary()? {
                Some(text(u, pool)?.into())
            } else {
                None
            },
            method: if u.arbitrary()? {
                Some(text(u, pool)?.into())
            } else {
                None
            },
        })
    } else {
        None
    };
    Ok(GrpcMatch {
        method,
        headers: headers(u)?,
    })
}

fn path_modifier(u: &mut Unstructured<'_>) -> arbitrary::Result<Option<PathModifier>> {
    Ok(match u.int_in_range(0..=2)? {
        0 => None,
        1 => Some(PathModifier::ReplaceFullPath(text(u, PATHS)?)),
        _ => Some(PathModifier::ReplacePrefixMatch(text(u, PATHS)?)),
    })
}

fn filters(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<Filter>> {
    let n = u.int_in_range(0..=2)?;
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(match u.int_in_range(0..=2)? {
            0 => Filter::RequestRedirect(RequestRedirect {
                scheme: if u.arbitrary()? {
                    Some(text(u, &["http", "https", "ftp"])?)
                } else {
                    None
                },
                hostname: if u.arbitrary()? {
                    Some(text(u, HOSTS)?)
                } else {
                    None
                },
                path: path_modifier(u)?,
                port: u.arbitrary()?,
                status_code: u.arbitrary()?,
            }),
            1 => Filter::UrlRewrite(UrlRewrite {
                hostname: if u.arbitrary()? {
                    Some(text(u, HOSTS)?)
                } else {
                    None
                },
                path: path_modifier(u)?,
            }),
            _ => {
                let mut m = HeaderModifier::default();
                m.set
                    .push((text(u, &["x", "bad name"])?, text(u, &["1", "\n"])?));
                m.add.push((text(u, &["y"])?, text(u, &["2"])?));
                m.remove.push(text(u, &["x", "z"])?);
                Filter::RequestHeaderModifier(m)
            }
        });
    }
    Ok(out)
}

fn backends(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<Backend>> {
    let n = u.int_in_range(0..=3)?;
    let mut out = Vec::new();
    for _ in 0..n {
        let mut b = Backend::new("ns", "b", 80).weight(u.arbitrary()?);
        if u.ratio(1, 4)? {
            b = b.invalid("BackendNotFound");
        }
        out.push(b);
    }
    Ok(out)
}

fn rule<M>(
    u: &mut Unstructured<'_>,
    m: fn(&mut Unstructured<'_>) -> arbitrary::Result<M>,
) -> arbitrary::Result<Rule<M>> {
    let n = u.int_in_range(0..=3)?;
    let mut r = Rule::new();
    for _ in 0..n {
        r.matches.push(m(u)?);
    }
    r.filters = filters(u)?;
    r.backends = backends(u)?;
    Ok(r)
}

fn route(u: &mut Unstructured<'_>) -> arbitrary::Result<Route> {
    let ns = text(u, &["a", "a-b"])?;
    let name = text(u, &["r", "s"])?;
    let mut r = if u.ratio(1, 4)? {
        Route::grpc(ns, name)
    } else {
        Route::http(ns, name)
    };
    let nr = u.int_in_range(0..=3)?;
    for _ in 0..nr {
        r = match r.kind() {
            RouteKind::Http => r.http_rule(rule(u, http_match)?),
            RouteKind::Grpc => r.grpc_rule(rule(u, grpc_match)?),
        };
    }
    r.created = u.arbitrary()?;
    let nh = u.int_in_range(0..=2)?;
    for _ in 0..nh {
        r = r.hostname(text(u, HOSTS)?);
    }
    Ok(r)
}

fn table(u: &mut Unstructured<'_>) -> arbitrary::Result<Vec<Listener>> {
    let n = u.int_in_range(0..=3)?;
    let mut out = Vec::new();
    for i in 0..n {
        let port = *u.choose(&[80u16, 443, 8080])?;
        let mut l = if u.arbitrary()? {
            Listener::https(format!("l{i}"), port)
        } else {
            Listener::http(format!("l{i}"), port)
        };
        if u.arbitrary()? {
            l.hostname = Some(text(u, HOSTS)?);
        }
        let nr = u.int_in_range(0..=4)?;
        for _ in 0..nr {
            l.routes.push(route(u)?);
        }
        out.push(l);
    }
    Ok(out)
}

/// Decodes one table and a few requests from `data`, builds, matches and checks invariants.
pub(crate) fn run(data: &[u8]) -> arbitrary::Result<()> {
    let mut u = Unstructured::new(data);
    let listeners = table(&mut u)?;
    let Ok(router) = Router::build(listeners) else {
        return Ok(());
    };
    let n = u.int_in_range(1..=8)?;
    for _ in 0..n {
        let host = text(&mut u, &["a.x", "b.a.x:80", "A.X.", "x", "[::1]:80", ""])?;
        let sni = text(&mut u, &["a.x", "b.a.x", "zz"])?;
        let path = text(
            &mut u,
            &["/a/b?q=1&q=2", "/", "/a", "", "?", "/s.A/M", "/a//b/"],
        )?;
        let hname = text(&mut u, &["x", "content-type"])?;
        let hvalue = text(&mut u, &["1", "application/grpc"])?;
        let headers = [(hname.as_str(), hvalue.as_str())];
        let https: bool = u.arbitrary()?;
        let req = Request {
            method: if u.arbitrary()? { "GET" } else { "POST" },
            scheme: if https { Scheme::Https } else { Scheme::Http },
            port: *u.choose(&[80u16, 443, 8080, 1])?,
            host: if host.is_empty() { None } else { Some(&host) },
            sni: if u.arbitrary()? { Some(&sni) } else { None },
            path: &path,
            headers: &headers,
            grpc: u.arbitrary()?,
        };
        let outcome = router.route(&req);
        let explanation = router.explain(&req);
        let chosen = explanation
            .candidates
            .iter()
            .filter(|c| c.verdict == Verdict::Chosen)
            .count();
        match outcome {
            Outcome::Matched(m) => {
                assert!(matches!(explanation.outcome, Outcome::Matched(_)));
                assert_eq!(chosen, 1, "explain must mark exactly the chosen match");
                let _ = m.action(u.arbitrary()?);
                let mut buf = String::new();
                let _ = m.write_redirect_location(&req, &mut buf);
                buf.clear();
                let _ = m.write_backend_path(&req, &mut buf);
                let _ = m.backend_host(&req);
                let mut hs: Vec<(String, String)> = Vec::new();
                m.apply_request_headers(m.backends().first(), &mut hs);
                m.apply_response_headers(None, &mut hs);
            }
            Outcome::NotFound => assert!(matches!(explanation.outcome, Outcome::NotFound)),
            Outcome::Misdirected => assert!(matches!(explanation.outcome, Outcome::Misdirected)),
        }
    }
    Ok(())
}

//! Gateway and ListenerSet rules: addresses, infrastructure labels and annotations, listeners,
//! listener TLS and frontend TLS per port.

use super::cel::Rule;
use super::cel::{
    Eval, EvalError, Key, Obj, Read, Scalar, V, all, all_in, all_keys, and, cond, distinct,
    eq_eval, eq_str, exists_one_in, has, in_strs, keys, not, or, read_items, sel, sel_str, size,
};
use gateway_api_types::rules as t;

pub(super) const RULES: &[Rule] = &[
    rule!(t::ADDRESSES_IP_UNIQUE.rule => addresses_ip_unique),
    rule!(t::ADDRESSES_HOSTNAME_UNIQUE.rule => addresses_hostname_unique),
    rule!(t::SPEC_ADDRESS_HOSTNAME.rule => spec_address_hostname),
    rule!(t::STATUS_ADDRESS_HOSTNAME.rule => status_address_hostname),
    rule!(t::INFRASTRUCTURE_KEY_FORMAT => infrastructure_key_format),
    rule!(t::INFRASTRUCTURE_KEY_PREFIX_LENGTH => infrastructure_key_prefix_length),
    rule!(t::LISTENER_TLS_FORBIDDEN.rule => listener_tls_forbidden),
    rule!(t::LISTENER_HTTPS_TLS_MODE.rule => listener_https_tls_mode),
    rule!(t::LISTENER_TLS_MODE_SET.rule => listener_tls_mode_set),
    rule!(t::LISTENER_HOSTNAME_FORBIDDEN.rule => listener_hostname_forbidden),
    rule!(t::LISTENER_NAME_UNIQUE.rule => listener_name_unique),
    rule!(t::GATEWAY_LISTENER_UNIQUE.rule => gateway_listener_unique),
    rule!(t::LISTENER_SET_LISTENER_UNIQUE.rule => listener_set_listener_unique),
    rule!(t::LISTENER_TLS_TERMINATE_CERTIFICATES.rule => listener_tls_terminate_certificates),
    rule!(t::FRONTEND_PER_PORT_UNIQUE.rule => frontend_per_port_unique),
];

/// The address hostname pattern of both spec and status addresses (the rules embed it).
const ADDRESS_HOSTNAME: &str = gateway_api_types::patterns::HOSTNAME;

/// `self.all(a1, a1.type == T && has(a1.value) ? self.exists_one(a2, a2.type == a1.type &&
/// has(a2.value) && a2.value == a1.value) : true)`.
fn addresses_unique(s: V<'_>, ty: &str) -> Eval<bool> {
    let addresses = read_items(s, &ADDRESS_KEYS)?;
    // Fast path: with every type and value a string (or the value unset), no comparison can
    // fail, and the addresses of type `ty` with a value must have distinct values (a second
    // address with the same value also has type `ty`).
    let keys = addresses
        .iter()
        .filter_map(|a| match (a.scalar(0), a.scalar(1)) {
            (Some(Scalar::Str(t)), Some(Scalar::Str(v))) if t == ty => Some(Some(Scalar::Str(v))),
            (Some(Scalar::Str(_)), Some(Scalar::Str(_) | Scalar::Absent)) => None,
            _ => Some(None),
        });
    if let Some(unique) = distinct_keys(keys) {
        return Ok(unique);
    }
    all_in(&addresses, |a1| {
        cond(
            and(eq_str(sel(a1, "type"), ty), || has(a1, "value")),
            || {
                exists_one_in(&addresses, |a2| {
                    all_of!(
                        eq_eval(sel(a2, "type"), sel(a1, "type")),
                        has(a2, "value"),
                        eq_eval(sel(a2, "value"), sel(a1, "value"))
                    )
                })
            },
            || Ok(true),
        )
    })
}

fn addresses_ip_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    addresses_unique(s, "IPAddress")
}

fn addresses_hostname_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    addresses_unique(s, "Hostname")
}

/// Spec addresses may leave `value` unset (the implementation picks one).
fn spec_address_hostname(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    cond(
        eq_str(sel(s, "type"), "Hostname"),
        || {
            or(not(has(s, "value")), || {
                Ok(regex!(ADDRESS_HOSTNAME)?.is_match(sel_str(s, "value")?))
            })
        },
        || Ok(true),
    )
}

/// Status addresses always carry `value` (it is required there).
fn status_address_hostname(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    cond(
        eq_str(sel(s, "type"), "Hostname"),
        || Ok(regex!(ADDRESS_HOSTNAME)?.is_match(sel_str(s, "value")?)),
        || Ok(true),
    )
}

/// Label and annotation keys: an optional DNS subdomain prefix and a name segment of 1-63.
fn infrastructure_key_format(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let re = regex!(gateway_api_types::patterns::QUALIFIED_KEY)?;
    all_keys(s, |k| Ok(re.is_match(k)))
}

/// `key.split("/")[0].size() < 253`: the part before the first `/` (the whole key when there is
/// none, as Go's `strings.Split` returns it) has fewer than 253 code points.
fn infrastructure_key_prefix_length(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all_keys(s, |k| {
        let prefix = k.split('/').next().unwrap_or(k);
        Ok(prefix.chars().count() < 253)
    })
}

fn listener_tls_forbidden(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all(s, |l| {
        cond(
            in_strs(sel(l, "protocol"), &["HTTP", "TCP", "UDP"]),
            || not(has(l, "tls")),
            || Ok(true),
        )
    })
}

/// `tls.mode` is defaulted to `Terminate`, so it is present whenever `tls` is.
fn listener_https_tls_mode(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all(s, |l| {
        cond(
            and(eq_str(sel(l, "protocol"), "HTTPS"), || has(l, "tls")),
            || {
                let mode = sel(l, "tls").and_then(|t| sel(t, "mode"));
                or(eq_str(mode.clone(), ""), || eq_str(mode, "Terminate"))
            },
            || Ok(true),
        )
    })
}

fn listener_tls_mode_set(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all(s, |l| {
        cond(
            eq_str(sel(l, "protocol"), "TLS"),
            || {
                all_of!(
                    has(l, "tls"),
                    sel(l, "tls").and_then(|t| has(t, "mode")),
                    not(eq_str(sel(l, "tls").and_then(|t| sel(t, "mode")), ""))
                )
            },
            || Ok(true),
        )
    })
}

fn listener_hostname_forbidden(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    all(s, |l| {
        cond(
            in_strs(sel(l, "protocol"), &["TCP", "UDP"]),
            || or(not(has(l, "hostname")), || eq_str(sel(l, "hostname"), "")),
            || Ok(true),
        )
    })
}

fn listener_name_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    field_unique(s, &NAME_KEY)
}

/// `self.all(x, self.exists_one(y, x.f == y.f))` for the one field of `key`. Fast path: values
/// that are all strings or integers (see [`distinct`]).
fn field_unique(s: V<'_>, key: &'static [Key<'static>; 1]) -> Eval<bool> {
    let items = read_items(s, key)?;
    let values = items.iter().map(|x| match x.scalar(0)? {
        Scalar::Absent => None,
        value => Some(value),
    });
    if let Some(unique) = distinct_keys(values) {
        return Ok(unique);
    }
    let f = key[0].name;
    all_in(&items, |x| {
        exists_one_in(&items, |y| eq_eval(sel(x, f), sel(y, f)))
    })
}

/// The fields the listener uniqueness rules compare, read once per listener.
const LISTENER_KEYS: [Key<'static>; 3] = keys(["port", "protocol", "hostname"]);

/// The fields the address rules compare.
const ADDRESS_KEYS: [Key<'static>; 2] = keys(["type", "value"]);

/// The field the name and port uniqueness rules compare.
const NAME_KEY: [Key<'static>; 1] = keys(["name"]);

/// The field the frontend port rule compares.
const PORT_KEY: [Key<'static>; 1] = keys(["port"]);

/// `(has(l1.hostname) && has(l2.hostname) ? l1.hostname == l2.hostname : !has(l1.hostname) &&
/// !has(l2.hostname))`: an unset hostname differs from every set one, even `''`.
fn same_hostname<'a>(l1: impl Obj<'a>, l2: impl Obj<'a>) -> Eval<bool> {
    cond(
        and(has(l1, "hostname"), || has(l2, "hostname")),
        || eq_eval(sel(l1, "hostname"), sel(l2, "hostname")),
        || and(not(has(l1, "hostname")), || not(has(l2, "hostname"))),
    )
}

/// A listener's `(port, protocol, hostname)` for the fast path of the uniqueness rules: port
/// and protocol must be set (the rules select them unguarded), and an unset hostname is a key
/// of its own, equal only to another unset one, as `same_hostname` says.
fn listener_key<'a>(l: &Read<'a, 3>) -> Option<[Scalar<'a>; 3]> {
    match [l.scalar(0)?, l.scalar(1)?, l.scalar(2)?] {
        [Scalar::Absent, ..] | [_, Scalar::Absent, _] => None,
        key => Some(key),
    }
}

/// Whether the uniqueness rules may take their hashing fast path; the tests turn it off to
/// compare it with the pairwise evaluation.
#[cfg(not(test))]
fn fast_paths() -> bool {
    true
}

#[cfg(test)]
thread_local! {
    static FAST_PATHS: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
    /// How many times a fast path was taken.
    static FAST_TAKEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// (Asked only once a fast path applies.)
#[cfg(test)]
fn fast_paths() -> bool {
    let on = FAST_PATHS.with(std::cell::Cell::get);
    if on {
        FAST_TAKEN.with(|n| n.set(n.get() + 1));
    }
    on
}

/// The fast path of a uniqueness rule: whether no two `keys` are equal, or `None` when some
/// item has no [`Scalar`] key (the caller then evaluates the rule as CEL would, which also
/// finds its error).
fn distinct_keys<T: Eq + std::hash::Hash>(keys: impl Iterator<Item = Option<T>>) -> Option<bool> {
    let keys: Vec<T> = keys.collect::<Option<_>>()?;
    fast_paths().then(|| distinct(&keys))
}

/// Gateway listeners: `port` is required there, so the rule selects it unguarded.
fn gateway_listener_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let listeners = read_items(s, &LISTENER_KEYS)?;
    if let Some(unique) = distinct_keys(listeners.iter().map(listener_key)) {
        return Ok(unique);
    }
    all_in(&listeners, |l1| {
        exists_one_in(&listeners, |l2| {
            all_of!(
                eq_eval(sel(l1, "port"), sel(l2, "port")),
                eq_eval(sel(l1, "protocol"), sel(l2, "protocol")),
                same_hostname(l1, l2)
            )
        })
    })
}

/// ListenerSet listeners: the rule guards `port` with `has()`.
fn listener_set_listener_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    let listeners = read_items(s, &LISTENER_KEYS)?;
    // Listeners without a port take no part: the rule skips them as `l1`, and `has(l2.port)`
    // fails first as `l2`, before anything else of them is selected.
    let keys = listeners
        .iter()
        .filter(|l| l.scalar(0) != Some(Scalar::Absent))
        .map(listener_key);
    if let Some(unique) = distinct_keys(keys) {
        return Ok(unique);
    }
    all_in(&listeners, |l1| {
        or(not(has(l1, "port")), || {
            exists_one_in(&listeners, |l2| {
                all_of!(
                    has(l2, "port"),
                    eq_eval(sel(l1, "port"), sel(l2, "port")),
                    eq_eval(sel(l1, "protocol"), sel(l2, "protocol")),
                    same_hostname(l1, l2)
                )
            })
        })
    })
}

/// `self.mode == 'Terminate' ? size(self.certificateRefs) > 0 || size(self.options) > 0 : true`:
/// neither field is guarded, so with mode Terminate and `certificateRefs` absent the rule holds
/// only through non-empty `options`, and errors (`no such key`) when both are absent.
fn listener_tls_terminate_certificates(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    cond(
        eq_str(sel(s, "mode"), "Terminate"),
        || {
            or(
                sel(s, "certificateRefs").and_then(size).map(|n| n > 0),
                || sel(s, "options").and_then(size).map(|n| n > 0),
            )
        },
        || Ok(true),
    )
}

fn frontend_per_port_unique(s: V<'_>, _: Option<V<'_>>) -> Eval<bool> {
    field_unique(s, &PORT_KEY)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// Every uniqueness rule with a fast path gives, on lists of odd and ordinary items, what
    /// its pairwise CEL-shaped evaluation gives (errors included).
    #[test]
    fn uniqueness_fast_paths_agree_with_pairwise_evaluation() {
        type Check = fn(V<'_>, Option<V<'_>>) -> Eval<bool>;
        let rules: [(Check, [&str; 3]); 6] = [
            (addresses_ip_unique, ["type", "value", "x"]),
            (addresses_hostname_unique, ["type", "value", "x"]),
            (listener_name_unique, ["name", "x", "y"]),
            (gateway_listener_unique, ["port", "protocol", "hostname"]),
            (
                listener_set_listener_unique,
                ["port", "protocol", "hostname"],
            ),
            (frontend_per_port_unique, ["port", "x", "y"]),
        ];
        let pool = [
            None,
            Some(json!("IPAddress")),
            Some(json!("Hostname")),
            Some(json!("a")),
            Some(json!("")),
            Some(json!(80)),
            Some(json!(80.0)),
            Some(json!("80")),
            Some(json!(null)),
            Some(json!(true)),
        ];
        let ports = [Some(json!(80)), Some(json!(443))];
        // A small linear congruential generator: the same lists on every run.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 33) as usize % n
        };
        let (mut compared, mut errors) = (0, 0);
        for (check, fields) in rules {
            for _ in 0..3_000 {
                // Lengths up to 20 reach the hashing branch of `distinct` (over 12).
                let len = next(21);
                // Half the lists are ordinary: strings and integers, fields rarely unset. Few
                // distinct values make repeats likely.
                let ordinary = next(2) == 0;
                let spread = 1 + next(pool.len());
                let items: Vec<Value> = (0..len)
                    .map(|_| {
                        if !ordinary && next(40) == 0 {
                            return json!("not an object");
                        }
                        let mut m = serde_json::Map::new();
                        for f in fields {
                            let v = if ordinary {
                                match (next(40), f) {
                                    (0, _) => &None,
                                    (_, "port") => &ports[next(2)],
                                    _ => &pool[1 + next(4)],
                                }
                            } else {
                                &pool[next(spread)]
                            };
                            if let Some(v) = v {
                                m.insert(f.to_owned(), v.clone());
                            }
                        }
                        Value::Object(m)
                    })
                    .collect();
                let list = Value::Array(items);
                let fast = check(V::plain(&list), None);
                FAST_PATHS.with(|f| f.set(false));
                let pairwise = check(V::plain(&list), None);
                FAST_PATHS.with(|f| f.set(true));
                assert_eq!(fast, pairwise, "{list}");
                compared += 1;
                errors += usize::from(fast.is_err());
            }
        }
        // The lists exercise the fast path and the fallback (errors only come from the latter).
        let taken = FAST_TAKEN.with(std::cell::Cell::get);
        assert!(
            compared == 18_000 && taken > 5_000 && errors > 1_000,
            "{taken} {errors}"
        );
    }
}

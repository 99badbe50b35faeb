//! The few pieces of CEL's runtime semantics the Gateway API rules use, over `serde_json::Value`.
//!
//! Every helper returns [`Eval`]: CEL has a third outcome besides `true` and `false`, the
//! evaluation error (`no such key`, a failed conversion, an index out of range). The API server
//! reports such an error as an `Invalid` field error instead of the rule's verdict, and the error
//! does not always propagate: `false && error` is `false`, `true || error` is `true`, and the `all`
//! and `exists` macros absorb errors the same way. The combinators here reproduce cel-go's rules so
//! that the native checks reject exactly what the API server rejects.

use std::fmt;

use serde_json::Value;

pub(crate) use crate::key::{Key, keys};
pub(crate) use crate::value::{Items, V};

/// Why evaluating a CEL expression failed; the `Display` text follows cel-go's error strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EvalError {
    /// A field selection on an object or map that lacks the field (`no such key: f`).
    NoSuchKey(&'static str),
    /// An operator or function applied to a value of a type it has no overload for.
    NoSuchOverload,
    /// A list index or substring offset outside the value.
    IndexOutOfRange(i64),
    /// A conversion (for example `duration('5x')`) that failed.
    Conversion(&'static str),
    /// A `matches()` pattern that does not compile.
    BadRegex,
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchKey(key) => write!(f, "no such key: {key}"),
            Self::NoSuchOverload => f.write_str("no such overload"),
            Self::IndexOutOfRange(i) => write!(f, "index out of range: {i}"),
            Self::Conversion(to) => write!(f, "type conversion error from 'string' to '{to}'"),
            Self::BadRegex => f.write_str("invalid regular expression"),
        }
    }
}

/// The outcome of a CEL (sub)expression: a value, or the evaluation error CEL would raise.
pub(crate) type Eval<T> = Result<T, EvalError>;

/// A native rule with CEL's three outcomes: holds, violated, or an evaluation error.
pub(crate) type EvalRule = fn(V<'_>, Option<V<'_>>) -> Eval<bool>;

/// One rule of the table: its exact CEL text and its check.
#[derive(Clone, Copy)]
pub(crate) struct Rule {
    /// The rule's CEL text, exactly as in the CRD (after YAML unescaping).
    pub(crate) text: &'static str,
    /// The check, with evaluation errors kept apart from `false`.
    pub(crate) eval: EvalRule,
}

/// The fields of an object (or entries of a map); anything else has no fields to select.
fn object(v: V<'_>) -> Eval<V<'_>> {
    if v.raw().is_object() {
        Ok(v)
    } else {
        Err(EvalError::NoSuchOverload)
    }
}

/// What a field selection can be applied to: a view, or a list item whose fields a rule has read
/// in advance ([`Read`]).
pub(crate) trait Obj<'a>: Copy {
    /// The field `f` as CEL sees it: `Err(NoSuchOverload)` when the value is not an object,
    /// `Ok(None)` when the field is absent.
    fn field_eval(self, f: Key<'_>) -> Eval<Option<V<'a>>>;
}

impl<'a> Obj<'a> for V<'a> {
    fn field_eval(self, f: Key<'_>) -> Eval<Option<Self>> {
        Ok(object(self)?.field_key(f))
    }
}

/// `v.f`: the field's value, or `no such key` when it is absent.
///
/// A key holding JSON `null` counts as present when `null` is allowed there, as in the API
/// server's unstructured wrapper (non-nullable nulls are pruned, or defaulted, before CEL runs).
#[inline]
pub(crate) fn sel<'a>(v: impl Obj<'a>, f: &'static str) -> Eval<V<'a>> {
    v.field_eval(Key::new(f))?.ok_or(EvalError::NoSuchKey(f))
}

/// `(!has(v.f) || v.f == '')`: the string field is unset or empty (the rules' spelling of
/// "not given").
pub(crate) fn unset_str<'a>(v: impl Obj<'a>, f: &'static str) -> Eval<bool> {
    or(not(has(v, f)), || eq_str(sel(v, f), ""))
}

/// `has(v.f)`: whether the field is present.
#[inline]
pub(crate) fn has<'a>(v: impl Obj<'a>, f: &str) -> Eval<bool> {
    Ok(v.field_eval(Key::new(f))?.is_some())
}

/// A list item with the fields `keys` read once. Uniqueness rules compare every pair of items
/// and select the same few fields of each item again for every pair; reading them through the
/// schema once per item, not once per pair, keeps the cost of those rules linear in field
/// reads. Selecting a field not in `keys` reads it from the item.
#[derive(Clone, Copy)]
pub(crate) struct Read<'a, const K: usize> {
    item: V<'a>,
    keys: &'static [Key<'static>; K],
    /// `None` when the item is not an object (every selection is then `no such overload`).
    fields: Option<[Option<V<'a>>; K]>,
}

impl<'a, const K: usize> Obj<'a> for &Read<'a, K> {
    fn field_eval(self, f: Key<'_>) -> Eval<Option<V<'a>>> {
        let Some(fields) = self.fields else {
            return Err(EvalError::NoSuchOverload);
        };
        match self.keys.iter().position(|k| k.is(f)) {
            Some(i) => Ok(fields[i]),
            None => self.item.field_eval(f),
        }
    }
}

impl<'a, const K: usize> Read<'a, K> {
    /// The `i`-th read-ahead field as a hashable scalar: `Some(Absent)` when the item lacks it,
    /// `None` when the item is not an object or the value is not a string or an integer.
    pub(crate) fn scalar(&self, i: usize) -> Option<Scalar<'a>> {
        match self.fields.as_ref()?.get(i)? {
            None => Some(Scalar::Absent),
            Some(v) => match v.raw() {
                Value::String(s) => Some(Scalar::Str(s)),
                Value::Number(n) => n.as_i64().map(Scalar::Int),
                _ => None,
            },
        }
    }
}

/// A field value that CEL's `==` compares exactly as this type's `==` does: strings by bytes,
/// integers by value, and an absent field (for the rules that treat "unset on both" as equal).
/// Floats are left out: CEL compares `80 == 80.0` as equal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Scalar<'a> {
    /// The field is not set.
    Absent,
    /// A string.
    Str(&'a str),
    /// An integer.
    Int(i64),
}

/// Whether no two of `keys` are equal. The uniqueness rules (`self.all(x, self.exists_one(y,
/// same(x, y)))`) compare every pair of items; when every key is a [`Scalar`], nothing in
/// them can raise an evaluation error, and the rule holds exactly when no key repeats, which
/// hashing settles in linear time (a Gateway may have 64 listeners: 4,096 pairs).
pub(crate) fn distinct<T: Eq + std::hash::Hash>(keys: &[T]) -> bool {
    // Up to this many, comparing pairs costs less than building a set.
    const PAIRWISE: usize = 12;
    if keys.len() <= PAIRWISE {
        return keys
            .iter()
            .enumerate()
            .all(|(i, a)| keys[..i].iter().all(|b| a != b));
    }
    let mut seen = std::collections::HashSet::with_capacity(keys.len());
    keys.iter().all(|k| seen.insert(k))
}

/// The items of the list `v`, each with its fields `keys` read ([`Read`]); the error of a
/// comprehension over `v` when `v` is not a list.
pub(crate) fn read_items<'a, const K: usize>(
    v: V<'a>,
    keys: &'static [Key<'static>; K],
) -> Eval<Vec<Read<'a, K>>> {
    Ok(list(v)?
        .iter()
        .map(|item| Read {
            item,
            keys,
            fields: item
                .raw()
                .is_object()
                .then(|| keys.map(|k| item.field_key(k))),
        })
        .collect())
}

/// The string inside a CEL string value.
pub(crate) fn string(v: V<'_>) -> Eval<&str> {
    v.as_str().ok_or(EvalError::NoSuchOverload)
}

/// `v.f` where the field is a string.
pub(crate) fn sel_str<'a>(v: V<'a>, f: &'static str) -> Eval<&'a str> {
    string(sel(v, f)?)
}

/// The elements of a CEL list value.
pub(crate) fn list(v: V<'_>) -> Eval<Items<'_>> {
    v.items().ok_or(EvalError::NoSuchOverload)
}

/// `size(v)`: code points of a string, elements of a list, entries of a map.
pub(crate) fn size(v: V<'_>) -> Eval<i64> {
    let n = match v.raw() {
        Value::String(s) => s.chars().count(),
        Value::Array(a) => a.len(),
        Value::Object(_) => v.entries().map_or(0, Iterator::count),
        _ => return Err(EvalError::NoSuchOverload),
    };
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `v[i]` on a list.
pub(crate) fn index(v: V<'_>, i: usize) -> Eval<V<'_>> {
    list(v)?.get(i).ok_or(EvalError::IndexOutOfRange(
        i64::try_from(i).unwrap_or(i64::MAX),
    ))
}

/// `a == b` with CEL's heterogeneous equality: values of different types are unequal, numbers
/// compare by value across int, uint and double, lists and maps compare element-wise.
pub(crate) fn eq(a: V<'_>, b: V<'_>) -> bool {
    match (a.raw(), b.raw()) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                // Mixed or fractional values: CEL compares int/uint/double numerically.
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len()
                && match (a.items(), b.items()) {
                    (Some(x), Some(y)) => x.iter().zip(y.iter()).all(|(x, y)| eq(x, y)),
                    _ => false,
                }
        }
        (Value::Object(_), Value::Object(_)) => {
            a.entries().map(Iterator::count) == b.entries().map(Iterator::count)
                && a.entries()
                    .into_iter()
                    .flatten()
                    .all(|(k, v)| b.field(k).is_some_and(|w| eq(v, w)))
        }
        (x, y) => x == y,
    }
}

/// `e == 'lit'` where `e` may fail to evaluate.
pub(crate) fn eq_str(v: Eval<V<'_>>, lit: &str) -> Eval<bool> {
    Ok(v?.as_str() == Some(lit))
}

/// `e1 == e2` where either side may fail to evaluate (the left error wins, as in cel-go).
pub(crate) fn eq_eval(a: Eval<V<'_>>, b: Eval<V<'_>>) -> Eval<bool> {
    let a = a?;
    Ok(eq(a, b?))
}

/// CEL `a && b`: `false` wins over an error on either side; otherwise an error wins over `true`.
pub(crate) fn and(a: Eval<bool>, b: impl FnOnce() -> Eval<bool>) -> Eval<bool> {
    if a == Ok(false) {
        return Ok(false);
    }
    match (a, b()) {
        (_, Ok(false)) => Ok(false),
        (Err(e), _) | (Ok(true), Err(e)) => Err(e),
        (Ok(true), Ok(true)) => Ok(true),
        (Ok(false), _) => Ok(false),
    }
}

/// CEL `a || b`: `true` wins over an error on either side; otherwise an error wins over `false`.
pub(crate) fn or(a: Eval<bool>, b: impl FnOnce() -> Eval<bool>) -> Eval<bool> {
    if a == Ok(true) {
        return Ok(true);
    }
    match (a, b()) {
        (_, Ok(true)) => Ok(true),
        (Err(e), _) | (Ok(false), Err(e)) => Err(e),
        (Ok(false), Ok(false)) => Ok(false),
        (Ok(true), _) => Ok(true),
    }
}

/// CEL `!a`.
pub(crate) fn not(a: Eval<bool>) -> Eval<bool> {
    a.map(|b| !b)
}

/// CEL `c ? t : f`: an error in the condition is the result; only the chosen branch runs.
pub(crate) fn cond<T>(
    c: Eval<bool>,
    t: impl FnOnce() -> Eval<T>,
    f: impl FnOnce() -> Eval<T>,
) -> Eval<T> {
    if c? { t() } else { f() }
}

/// The range of a list comprehension (map comprehensions use [`all_keys`]).
fn range(v: V<'_>) -> Eval<impl Iterator<Item = V<'_>>> {
    Ok(list(v)?.iter())
}

/// `v.all(x, p)`: `false` if any element gives `false`, else an error if any gives one.
pub(crate) fn all<'a>(v: V<'a>, p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<bool> {
    all_in(range(v)?, p)
}

/// [`all`] over items already at hand (such as [`read_items`]).
pub(crate) fn all_in<T>(
    items: impl IntoIterator<Item = T>,
    mut p: impl FnMut(T) -> Eval<bool>,
) -> Eval<bool> {
    let mut result = Ok(true);
    for x in items {
        result = and(result, || p(x));
        if result == Ok(false) {
            // cel-go stops the loop once the accumulator is strictly false.
            break;
        }
    }
    result
}

/// `m.all(k, p)` over the keys of a map.
pub(crate) fn all_keys(v: V<'_>, p: impl FnMut(&str) -> Eval<bool>) -> Eval<bool> {
    all_in(
        object(v)?.entries().into_iter().flatten().map(|(k, _)| k),
        p,
    )
}

/// `v.exists(x, p)`: `true` if any element gives `true`, else an error if any gives one.
pub(crate) fn exists<'a>(v: V<'a>, mut p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<bool> {
    let mut result = Ok(false);
    for x in range(v)? {
        result = or(result, || p(x));
        if result == Ok(true) {
            break;
        }
    }
    result
}

/// `v.exists_one(x, p)`: exactly one element gives `true`; any error is the result, since the
/// macro counts with `p ? acc + 1 : acc` and nothing absorbs an error there.
pub(crate) fn exists_one<'a>(v: V<'a>, p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<bool> {
    exists_one_in(range(v)?, p)
}

/// [`exists_one`] over items already at hand (such as [`read_items`]).
pub(crate) fn exists_one_in<T>(
    items: impl IntoIterator<Item = T>,
    mut p: impl FnMut(T) -> Eval<bool>,
) -> Eval<bool> {
    let mut n = 0usize;
    for x in items {
        if p(x)? {
            n += 1;
        }
    }
    Ok(n == 1)
}

/// `v.filter(x, p).size()`: errors propagate, as in `exists_one`.
pub(crate) fn filter_count<'a>(v: V<'a>, mut p: impl FnMut(V<'a>) -> Eval<bool>) -> Eval<i64> {
    let mut n = 0i64;
    for x in range(v)? {
        if p(x)? {
            n += 1;
        }
    }
    Ok(n)
}

/// `e in ['a', 'b']` for a string-valued `e` and a list of string literals.
pub(crate) fn in_strs(v: Eval<V<'_>>, set: &[&str]) -> Eval<bool> {
    let v = v?;
    Ok(set.iter().any(|s| v.as_str() == Some(*s)))
}

/// cel-go's `duration(string)`: Go's `time.ParseDuration`, an error when it fails (the
/// nanosecond count is the duration's value; comparisons compare it).
pub(crate) fn duration(v: V<'_>) -> Eval<i64> {
    super::goparse::parse_duration(string(v)?)
        .ok_or(EvalError::Conversion("google.protobuf.Duration"))
}

/// `s.substring(start)` from the Kubernetes strings library: offsets count code points, and a
/// start past the end is an error.
pub(crate) fn substring_from(s: &str, start: usize) -> Eval<&str> {
    if start == 0 {
        return Ok(s);
    }
    match s.char_indices().nth(start) {
        Some((at, _)) => s.get(at..).ok_or(EvalError::IndexOutOfRange(0)),
        None if s.chars().count() == start => Ok(""),
        None => Err(EvalError::IndexOutOfRange(
            i64::try_from(start).unwrap_or(i64::MAX),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    fn e() -> Eval<bool> {
        Err(EvalError::NoSuchKey("x"))
    }

    #[test]
    fn read_items_select_as_the_items_do() {
        let value = json!([{"a": 1, "b": "x"}, {"b": null}, 7, {"c": true}]);
        let v = V::plain(&value);
        const AB: [Key<'static>; 2] = keys(["a", "b"]);
        const A: [Key<'static>; 1] = keys(["a"]);
        let items = read_items(v, &AB).unwrap();
        let direct: Vec<V<'_>> = list(v).unwrap().iter().collect();
        assert_eq!(items.len(), direct.len());
        // Every selection, read ahead ("a", "b") or not ("c", "d"), gives what the item gives.
        for (r, d) in items.iter().zip(&direct) {
            for f in ["a", "b", "c", "d"] {
                assert_eq!(has(r, f), has(*d, f), "has({f}) on {d:?}");
                let (x, y) = (sel(r, f), sel(*d, f));
                assert_eq!(x.as_ref().map(|v| v.raw()), y.as_ref().map(|v| v.raw()));
            }
        }
        assert_eq!(sel(&items[2], "a").err(), Some(EvalError::NoSuchOverload));
        assert_eq!(sel(&items[1], "a").err(), Some(EvalError::NoSuchKey("a")));
        // Not a list: the error a comprehension over it raises.
        let scalar = json!("s");
        assert_eq!(
            read_items(V::plain(&scalar), &A).err(),
            Some(EvalError::NoSuchOverload)
        );
    }

    #[test]
    fn logic_absorbs_errors_like_cel() {
        assert_eq!(and(e(), || Ok(false)), Ok(false));
        assert_eq!(and(Ok(false), e), Ok(false));
        assert!(and(Ok(true), e).is_err());
        assert!(and(e(), || Ok(true)).is_err());
        assert_eq!(or(e(), || Ok(true)), Ok(true));
        assert_eq!(or(Ok(true), e), Ok(true));
        assert!(or(Ok(false), e).is_err());
        assert!(not(e()).is_err());
    }

    #[test]
    fn comprehensions_absorb_errors_like_cel() {
        let v = json!([{"a": 1}, {}]);
        // all: an error is absorbed by a false anywhere, else it is the result.
        assert_eq!(
            all(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(2))),
            Ok(false)
        );
        assert!(all(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        // exists: an error is absorbed by a true anywhere.
        assert_eq!(
            exists(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))),
            Ok(true)
        );
        assert!(exists(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(2))).is_err());
        // exists_one and filter: any error is the result.
        assert!(exists_one(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        assert!(filter_count(V::plain(&v), |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        assert_eq!(all(V::plain(&json!([])), |_| e()), Ok(true));
        assert_eq!(exists(V::plain(&json!([])), |_| e()), Ok(false));
    }

    #[test]
    fn sizes_count_code_points() {
        assert_eq!(size(V::plain(&json!("héllo"))), Ok(5));
        assert_eq!(size(V::plain(&json!([1, 2]))), Ok(2));
        assert_eq!(size(V::plain(&json!({"a": 1}))), Ok(1));
        assert!(size(V::plain(&json!(1))).is_err());
    }

    #[test]
    fn equality_is_heterogeneous() {
        assert!(eq(V::plain(&json!(80)), V::plain(&json!(80.0))));
        assert!(!eq(V::plain(&json!(80)), V::plain(&json!("80"))));
        assert!(eq(
            V::plain(&json!({"a": [1]})),
            V::plain(&json!({"a": [1.0]}))
        ));
        assert!(!eq(V::plain(&json!({"a": 1})), V::plain(&json!({"b": 1}))));
    }

    #[test]
    fn substring_counts_code_points() {
        assert_eq!(substring_from("*.ex", 2), Ok("ex"));
        assert_eq!(substring_from("ab", 2), Ok(""));
        assert_eq!(substring_from("ééx", 2), Ok("x"));
        assert!(substring_from("a", 2).is_err());
    }
}

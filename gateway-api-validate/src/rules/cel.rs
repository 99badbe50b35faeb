//! The few pieces of CEL's runtime semantics the Gateway API rules use, over `serde_json::Value`.
//!
//! Every helper returns [`Eval`]: CEL has a third outcome besides `true` and `false`, the
//! evaluation error (`no such key`, a failed conversion, an index out of range). The API server
//! reports such an error as an `Invalid` field error instead of the rule's verdict, and the error
//! does not always propagate: `false && error` is `false`, `true || error` is `true`, and the `all`
//! and `exists` macros absorb errors the same way. The combinators here reproduce cel-go's rules so
//! that the native checks reject exactly what the API server rejects.

use std::fmt;

use serde_json::{Map, Value};

/// Why evaluating a CEL expression failed; the `Display` text follows cel-go's error strings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum EvalError {
    /// A field selection on an object or map that lacks the field (`no such key: f`).
    NoSuchKey(String),
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

/// The fields of an object (or entries of a map); anything else has no fields to select.
fn object(v: &Value) -> Eval<&Map<String, Value>> {
    v.as_object().ok_or(EvalError::NoSuchOverload)
}

/// `v.f`: the field's value, or `no such key` when it is absent.
///
/// A key holding JSON `null` counts as present, as in the API server's unstructured wrapper
/// (there, non-nullable nulls were already pruned before validation).
pub(crate) fn sel<'a>(v: &'a Value, f: &str) -> Eval<&'a Value> {
    object(v)?
        .get(f)
        .ok_or_else(|| EvalError::NoSuchKey(f.to_owned()))
}

/// `has(v.f)`: whether the field is present.
pub(crate) fn has(v: &Value, f: &str) -> Eval<bool> {
    Ok(object(v)?.contains_key(f))
}

/// The string inside a CEL string value.
pub(crate) fn string(v: &Value) -> Eval<&str> {
    v.as_str().ok_or(EvalError::NoSuchOverload)
}

/// `v.f` where the field is a string.
pub(crate) fn sel_str<'a>(v: &'a Value, f: &str) -> Eval<&'a str> {
    string(sel(v, f)?)
}

/// The elements of a CEL list value.
pub(crate) fn list(v: &Value) -> Eval<&[Value]> {
    v.as_array()
        .map(Vec::as_slice)
        .ok_or(EvalError::NoSuchOverload)
}

/// `size(v)`: code points of a string, elements of a list, entries of a map.
pub(crate) fn size(v: &Value) -> Eval<i64> {
    let n = match v {
        Value::String(s) => s.chars().count(),
        Value::Array(a) => a.len(),
        Value::Object(m) => m.len(),
        _ => return Err(EvalError::NoSuchOverload),
    };
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// `v[i]` on a list.
pub(crate) fn index(v: &Value, i: usize) -> Eval<&Value> {
    list(v)?.get(i).ok_or(EvalError::IndexOutOfRange(
        i64::try_from(i).unwrap_or(i64::MAX),
    ))
}

/// `a == b` with CEL's heterogeneous equality: values of different types are unequal, numbers
/// compare by value across int, uint and double, lists and maps compare element-wise.
pub(crate) fn eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                // Mixed or fractional values: CEL compares int/uint/double numerically.
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| eq(v, w)))
        }
        _ => a == b,
    }
}

/// `e == 'lit'` where `e` may fail to evaluate.
pub(crate) fn eq_str(v: Eval<&Value>, lit: &str) -> Eval<bool> {
    Ok(v?.as_str() == Some(lit))
}

/// `e1 == e2` where either side may fail to evaluate (the left error wins, as in cel-go).
pub(crate) fn eq_eval(a: Eval<&Value>, b: Eval<&Value>) -> Eval<bool> {
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
fn range(v: &Value) -> Eval<&[Value]> {
    list(v)
}

/// `v.all(x, p)`: `false` if any element gives `false`, else an error if any gives one.
pub(crate) fn all(v: &Value, mut p: impl FnMut(&Value) -> Eval<bool>) -> Eval<bool> {
    let mut result = Ok(true);
    for x in range(v)? {
        result = and(result, || p(x));
        if result == Ok(false) {
            // cel-go stops the loop once the accumulator is strictly false.
            break;
        }
    }
    result
}

/// `m.all(k, p)` over the keys of a map.
pub(crate) fn all_keys(v: &Value, mut p: impl FnMut(&str) -> Eval<bool>) -> Eval<bool> {
    let mut result = Ok(true);
    for k in object(v)?.keys() {
        result = and(result, || p(k));
        if result == Ok(false) {
            break;
        }
    }
    result
}

/// `v.exists(x, p)`: `true` if any element gives `true`, else an error if any gives one.
pub(crate) fn exists(v: &Value, mut p: impl FnMut(&Value) -> Eval<bool>) -> Eval<bool> {
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
pub(crate) fn exists_one(v: &Value, mut p: impl FnMut(&Value) -> Eval<bool>) -> Eval<bool> {
    let mut n = 0usize;
    for x in range(v)? {
        if p(x)? {
            n += 1;
        }
    }
    Ok(n == 1)
}

/// `v.filter(x, p).size()`: errors propagate, as in `exists_one`.
pub(crate) fn filter_count(v: &Value, mut p: impl FnMut(&Value) -> Eval<bool>) -> Eval<i64> {
    let mut n = 0i64;
    for x in range(v)? {
        if p(x)? {
            n += 1;
        }
    }
    Ok(n)
}

/// `e in ['a', 'b']` for a string-valued `e` and a list of string literals.
pub(crate) fn in_strs(v: Eval<&Value>, set: &[&str]) -> Eval<bool> {
    let v = v?;
    Ok(set.iter().any(|s| v.as_str() == Some(*s)))
}

/// cel-go's `duration(string)`: Go's `time.ParseDuration`, an error when it fails (the
/// nanosecond count is the duration's value; comparisons compare it).
pub(crate) fn duration(v: &Value) -> Eval<i64> {
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
        Err(EvalError::NoSuchKey("x".into()))
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
        assert_eq!(all(&v, |x| Ok(sel(x, "a")?.as_i64() == Some(2))), Ok(false));
        assert!(all(&v, |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        // exists: an error is absorbed by a true anywhere.
        assert_eq!(
            exists(&v, |x| Ok(sel(x, "a")?.as_i64() == Some(1))),
            Ok(true)
        );
        assert!(exists(&v, |x| Ok(sel(x, "a")?.as_i64() == Some(2))).is_err());
        // exists_one and filter: any error is the result.
        assert!(exists_one(&v, |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        assert!(filter_count(&v, |x| Ok(sel(x, "a")?.as_i64() == Some(1))).is_err());
        assert_eq!(all(&json!([]), |_| e()), Ok(true));
        assert_eq!(exists(&json!([]), |_| e()), Ok(false));
    }

    #[test]
    fn sizes_count_code_points() {
        assert_eq!(size(&json!("héllo")), Ok(5));
        assert_eq!(size(&json!([1, 2])), Ok(2));
        assert_eq!(size(&json!({"a": 1})), Ok(1));
        assert!(size(&json!(1)).is_err());
    }

    #[test]
    fn equality_is_heterogeneous() {
        assert!(eq(&json!(80), &json!(80.0)));
        assert!(!eq(&json!(80), &json!("80")));
        assert!(eq(&json!({"a": [1]}), &json!({"a": [1.0]})));
        assert!(!eq(&json!({"a": 1}), &json!({"b": 1})));
    }

    #[test]
    fn substring_counts_code_points() {
        assert_eq!(substring_from("*.ex", 2), Ok("ex"));
        assert_eq!(substring_from("ab", 2), Ok(""));
        assert_eq!(substring_from("ééx", 2), Ok("x"));
        assert!(substring_from("a", 2).is_err());
    }
}
